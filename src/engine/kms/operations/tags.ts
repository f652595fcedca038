// Tags: TagResource, UntagResource, ListResourceTags (kms-behaviour.md §3, AWS-validated messages).
// Tag keys are case-sensitive; at most 50 per key; keys beginning with `aws:` (any case) are
// reserved for AWS. Tags matter for access: aws:ResourceTag/* conditions (ABAC).
import { KmsError } from '../../errors';
import type { Tag } from '../../types';
import { paginate } from '../paging';
import type { OperationDefinition } from '../operation';

const MAX_TAGS_PER_KEY = 50;

const tagException = (message: string) => new KmsError('TagException', message);

/** The service's tag rules (AWS-validated messages). */
export function checkTagSemantics(tags: Tag[]) {
  const seen = new Set<string>();
  for (const t of tags) {
    if (t.TagKey.toLowerCase().startsWith('aws:')) throw tagException('Tags beginning with aws: are reserved');
    if (seen.has(t.TagKey)) throw tagException('Duplicate tag keys');
    seen.add(t.TagKey);
  }
  if (tags.length > MAX_TAGS_PER_KEY) throw tagException('Too many tags');
}

export const TagResource: OperationDefinition<'TagResource'> = {
  readOnly: false,
  auditResponse: 'response',
  async run(ctx, r) {
    const key = await ctx.useKey(r.KeyId, { forms: 'key-id-or-arn', state: 'not-pending-deletion' });
    checkTagSemantics(r.Tags);
    const merged = new Map(key.tags.map((t) => [t.TagKey, t.TagValue]));
    for (const t of r.Tags) merged.set(t.TagKey, t.TagValue);
    if (merged.size > MAX_TAGS_PER_KEY) throw tagException('Too many tags');
    key.tags = [...merged].map(([TagKey, TagValue]) => ({ TagKey, TagValue }));
    return {};
  },
};

export const UntagResource: OperationDefinition<'UntagResource'> = {
  readOnly: false,
  auditResponse: 'response',
  async run(ctx, r) {
    const key = await ctx.useKey(r.KeyId, { forms: 'key-id-or-arn', state: 'not-pending-deletion' });
    const remove = new Set(r.TagKeys);
    key.tags = key.tags.filter((t) => !remove.has(t.TagKey));
    return {};
  },
};

export const ListResourceTags: OperationDefinition<'ListResourceTags'> = {
  readOnly: true,
  auditResponse: 'response',
  async run(ctx, r) {
    const key = await ctx.useKey(r.KeyId, { forms: 'key-id-or-arn', state: 'any-state' });
    const sorted = [...key.tags].sort((a, b) => (a.TagKey < b.TagKey ? -1 : a.TagKey > b.TagKey ? 1 : 0));
    const page = paginate(`ListResourceTags:${key.arn}`, sorted, (t) => t.TagKey, r.Limit ?? 50, r.Marker);
    return { Tags: page.items.map((t) => ({ ...t })), Truncated: page.Truncated, ...(page.NextMarker ? { NextMarker: page.NextMarker } : {}) };
  },
};
