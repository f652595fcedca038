// Aliases: CreateAlias, UpdateAlias, DeleteAlias, ListAliases (kms-behaviour.md §3, §7).
// An alias is a friendly name (`alias/…`, case-sensitive) for one key, unique per account and
// Region — the same name can point at different keys in different Regions. `alias/aws/` is
// reserved for AWS managed keys. Changing an alias can change access (kms:RequestAlias,
// kms:ResourceAliases), which is why the alias operations are authorized on the alias and the keys.
import { aliasNotFound, KmsError, validation, validationErrors } from '../../errors';
import { requestViolations } from '../../model/model';
import { aliasArn } from '../../world/arn';
import type { AliasRecord, KeyRecord } from '../../world/state';
import { paginate } from '../paging';
import type { CallContext, OperationDefinition } from '../operation';

const MAX_ALIASES_PER_KEY = 50;

/** The service's rules on top of the model's pattern. */
function checkAliasName(name: string) {
  // AWS-validated (LocalStack snapshot).
  if (!name.startsWith('alias/'))
    throw validation('Alias must start with the prefix "alias/". Please see https://docs.aws.amazon.com/kms/latest/developerguide/kms-alias.html');
  // Reserved for AWS managed keys; moto and local-kms both answer NotAuthorizedException with no message.
  if (name.startsWith('alias/aws/')) throw new KmsError('NotAuthorizedException', '');
  // The model's pattern admits ':', the service does not (moto's recorded message).
  if (name.includes(':')) throw validation(`${name} contains invalid characters for an alias`);
}

/**
 * The error CreateAlias would answer for this AliasName before it looks at any key (the model's
 * shape, then the service's rules), or null. For a caller that checks a name before CreateKey,
 * as the console does, so a bad alias creates no key.
 */
export function aliasNameError(name: string): KmsError | null {
  const violations = requestViolations('CreateAlias', { AliasName: name, TargetKeyId: 'k' });
  try {
    if (violations.length > 0) throw validationErrors(violations);
    checkAliasName(name);
    return null;
  } catch (e) {
    if (e instanceof KmsError) return e;
    throw e;
  }
}

/** CreateAlias's answer when the name is taken in the caller's account and Region. */
export const aliasAlreadyExists = (aliasArn: string) => new KmsError('AlreadyExistsException', `An alias with the name ${aliasArn} already exists`);

function aliasLimit(world: CallContext['world'], key: KeyRecord) {
  if (world.aliasesOf(key.arn).length >= MAX_ALIASES_PER_KEY)
    throw new KmsError('LimitExceededException', `A KMS key can have at most ${MAX_ALIASES_PER_KEY} aliases. ${key.arn} already has ${MAX_ALIASES_PER_KEY}.`);
}

/** Finds an existing alias of the caller's account and Region, and the key it points to. */
function existingAlias(ctx: CallContext, name: string): { alias: AliasRecord; key: KeyRecord } {
  ctx.stage = 'resolve-key';
  const arn = aliasArn(ctx.region, ctx.caller.accountId, name);
  const alias = ctx.world.getAlias(arn);
  if (!alias) throw aliasNotFound(arn);
  const key = ctx.world.getKey(alias.targetKeyArn);
  if (!key) throw aliasNotFound(arn);
  ctx.touch(key);
  ctx.emit({ type: 'resolve-key', parameter: 'AliasName', input: name, namedAs: 'alias-name', keyArn: key.arn, aliasArn: arn });
  return { alias, key };
}

export const CreateAlias: OperationDefinition<'CreateAlias'> = {
  readOnly: false,
  auditResponse: 'response',
  async run(ctx, r) {
    checkAliasName(r.AliasName);
    const { key } = ctx.resolve('TargetKeyId', r.TargetKeyId, 'key-id-or-arn');
    ctx.checkState(key, 'not-pending-deletion');
    const arn = aliasArn(ctx.region, ctx.caller.accountId, r.AliasName);
    await ctx.authorize({ key, resources: [arn, key.arn], keyIdAsSent: r.TargetKeyId });
    ctx.stage = 'perform';
    if (ctx.world.getAlias(arn)) throw aliasAlreadyExists(arn);
    aliasLimit(ctx.world, key);
    ctx.world.state.aliases[arn] = {
      aliasName: r.AliasName,
      aliasArn: arn,
      accountId: ctx.caller.accountId,
      region: ctx.region,
      targetKeyArn: key.arn,
      creationDate: ctx.now,
      lastUpdatedDate: ctx.now,
    };
    return {};
  },
};

export const UpdateAlias: OperationDefinition<'UpdateAlias'> = {
  readOnly: false,
  auditResponse: 'response',
  async run(ctx, r) {
    checkAliasName(r.AliasName);
    const { alias, key: current } = existingAlias(ctx, r.AliasName);
    const { key: target } = ctx.resolve('TargetKeyId', r.TargetKeyId, 'key-id-or-arn');
    // [10]: the alias may leave a key pending deletion, but not move to one.
    ctx.checkState(target, 'alias-destination');
    // §7: the new key must be of the same type and key usage as the current one.
    ctx.stage = 'check-usage';
    if (target.keySpec !== current.keySpec || target.keyUsage !== current.keyUsage) {
      throw validation(
        `${target.arn} has key spec ${target.keySpec} and key usage ${target.keyUsage}; the alias ${alias.aliasName} points to a key with key spec ${current.keySpec} and key usage ${current.keyUsage}. An alias can only be updated to a key of the same type and key usage.`,
      );
    }
    await ctx.authorize({ key: target, resources: [alias.aliasArn, current.arn, target.arn], keyIdAsSent: r.TargetKeyId });
    ctx.stage = 'perform';
    if (target.arn !== current.arn) aliasLimit(ctx.world, target);
    alias.targetKeyArn = target.arn;
    alias.lastUpdatedDate = ctx.now;
    return {};
  },
};

export const DeleteAlias: OperationDefinition<'DeleteAlias'> = {
  readOnly: false,
  auditResponse: 'response',
  async run(ctx, r) {
    checkAliasName(r.AliasName);
    const { alias, key } = existingAlias(ctx, r.AliasName);
    await ctx.authorize({ key, resources: [alias.aliasArn, key.arn] });
    delete ctx.world.state.aliases[alias.aliasArn];
    return {};
  },
};

export const ListAliases: OperationDefinition<'ListAliases'> = {
  readOnly: true,
  auditResponse: 'response',
  async run(ctx, r) {
    const key = r.KeyId === undefined ? undefined : ctx.resolve('KeyId', r.KeyId, 'key-id-or-arn').key;
    await ctx.authorize({});
    const aliases = Object.values(ctx.world.state.aliases)
      .filter((a) => a.accountId === ctx.caller.accountId && a.region === ctx.region && (!key || a.targetKeyArn === key.arn))
      .sort((a, b) => (a.aliasName < b.aliasName ? -1 : a.aliasName > b.aliasName ? 1 : 0));
    const page = paginate('ListAliases', aliases, (a) => a.aliasName, r.Limit ?? 50, r.Marker);
    return {
      Aliases: page.items.map((a) => ({
        AliasName: a.aliasName,
        AliasArn: a.aliasArn,
        TargetKeyId: ctx.world.getKey(a.targetKeyArn)?.keyId,
        CreationDate: new Date(a.creationDate),
        LastUpdatedDate: new Date(a.lastUpdatedDate),
      })),
      Truncated: page.Truncated,
      ...(page.NextMarker ? { NextMarker: page.NextMarker } : {}),
    };
  },
};
