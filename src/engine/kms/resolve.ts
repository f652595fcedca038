// How a request names a key (kms-behaviour.md §1 notes, §13):
// - Operations that use a key accept its key id, key ARN, an alias name (`alias/…`) or an alias ARN.
// - Management operations accept only a key id or key ARN; an alias there is
//   `NotFoundException: Invalid keyId alias/…`.
// - A bare key id or alias name means "in the caller's account and Region"; reaching another
//   account's key takes an ARN. Another Region's ARN is `NotFoundException: Invalid arn <region>`;
//   another Region's key id is simply not found there.
import { aliasNotAccepted, aliasNotFound, invalidArnRegion, invalidKeyId, keyDoesNotExist } from '../errors';
import type { KeyNamedAs } from '../trace';
import { aliasArn, keyArn, KEY_ID_PATTERN, parseKmsArn, type CallerIdentity } from '../world/arn';
import type { KeyRecord } from '../world/state';
import type { WorldContext } from '../world/context';

export type KeyForms = 'any' | 'key-id-or-arn';

export interface ResolvedKey {
  key: KeyRecord;
  namedAs: KeyNamedAs;
  aliasArn?: string;
}

export function resolveKey(world: WorldContext, caller: CallerIdentity, region: string, input: string, forms: KeyForms): ResolvedKey {
  if (input.startsWith('arn:')) {
    const arn = parseKmsArn(input);
    if (!arn) throw invalidKeyId(input);
    if (arn.region !== region) throw invalidArnRegion(arn.region);
    if (arn.resourceType === 'alias') {
      if (forms === 'key-id-or-arn') throw aliasNotAccepted(input);
      return viaAlias(world, input, 'alias-arn');
    }
    if (!KEY_ID_PATTERN.test(arn.resource)) throw invalidKeyId(input);
    const key = world.getKey(input);
    if (!key) throw keyDoesNotExist(input);
    return { key, namedAs: 'key-arn' };
  }
  if (input.startsWith('alias/')) {
    if (forms === 'key-id-or-arn') throw aliasNotAccepted(input);
    return viaAlias(world, aliasArn(region, caller.accountId, input), 'alias-name');
  }
  if (!KEY_ID_PATTERN.test(input)) throw invalidKeyId(input);
  const arn = keyArn(region, caller.accountId, input);
  const key = world.getKey(arn);
  if (!key) throw keyDoesNotExist(arn);
  return { key, namedAs: 'key-id' };
}

function viaAlias(world: WorldContext, arn: string, namedAs: KeyNamedAs): ResolvedKey {
  const alias = world.getAlias(arn);
  if (!alias) throw aliasNotFound(arn);
  const key = world.getKey(alias.targetKeyArn);
  if (!key) throw keyDoesNotExist(alias.targetKeyArn);
  return { key, namedAs, aliasArn: arn };
}
