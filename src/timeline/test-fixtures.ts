// Fixtures for the decision and what-if tests: a small world of identities and one key, built
// with the engine's own gathering (buildAccessInput), so the tests see what the app sees.
import { buildAccessInput } from '@kms-lab/engine';
import { emptyIdentityState, type IdentityState } from '@kms-lab/engine';
import type { AccessInput, GrantInput } from '@kms-lab/engine/policy';

export const ACCT = '111122223333';
export const KEY = `arn:aws:kms:us-east-1:${ACCT}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;
export const ALICE = `arn:aws:iam::${ACCT}:user/alice`;
export const ROOT_STATEMENT = { Sid: 'Enable IAM User Permissions', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCT}:root` }, Action: 'kms:*', Resource: '*' };
const ALLOW_DECRYPT = { Version: '2012-10-17', Statement: [{ Sid: 'UseKey', Effect: 'Allow', Action: ['kms:Decrypt', 'kms:Encrypt'], Resource: KEY }] };

export const doc = (...statements: object[]) => JSON.stringify({ Version: '2012-10-17', Statement: statements }, null, 2);

export function identities(alicePolicies: object[] = [ALLOW_DECRYPT], extra: (ids: IdentityState) => void = () => {}): IdentityState {
  const ids = emptyIdentityState();
  ids.principals[ALICE] = { arn: ALICE, policies: alicePolicies.map((p, i) => ({ name: `p${i}`, document: JSON.stringify(p, null, 2) })), tags: {} };
  extra(ids);
  return ids;
}

export function input(opts: {
  keyPolicy?: string;
  ids?: IdentityState;
  action?: string;
  encryptionContext?: Record<string, string>;
  callerContext?: Record<string, string | string[]>;
  grants?: GrantInput[];
} = {}): AccessInput {
  return buildAccessInput({
    identities: opts.ids ?? identities(),
    principalArn: ALICE,
    action: opts.action ?? 'kms:Decrypt',
    resource: KEY,
    region: 'us-east-1',
    key: {
      arn: KEY,
      accountId: ACCT,
      region: 'us-east-1',
      keySpec: 'SYMMETRIC_DEFAULT',
      keyUsage: 'ENCRYPT_DECRYPT',
      origin: 'AWS_KMS',
      keyManager: 'CUSTOMER',
      multiRegion: false,
      tags: {},
      aliases: [],
      policy: opts.keyPolicy ?? doc(ROOT_STATEMENT),
      grants: opts.grants ?? [],
    },
    encryptionContext: opts.encryptionContext,
    callerContext: opts.callerContext,
    now: new Date('2026-01-01T00:00:00Z'),
  });
}
