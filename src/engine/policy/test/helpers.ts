// Small builders for the policy module's own unit tests.
import { namedPolicy } from '../index';
import type { AccessInput, ContextMap, NamedPolicy, PolicyKind, PrincipalInfo, RequestContext } from '../types';

export const ACCT = '111122223333';
export const OTHER = '444455556666';
export const KEY = `arn:aws:kms:us-east-1:${ACCT}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;

export const alice: PrincipalInfo = { arn: `arn:aws:iam::${ACCT}:user/alice`, type: 'User', accountId: ACCT };
export const bob: PrincipalInfo = { arn: `arn:aws:iam::${ACCT}:user/bob`, type: 'User', accountId: ACCT };
export const root: PrincipalInfo = { arn: `arn:aws:iam::${ACCT}:root`, type: 'Account', accountId: ACCT };
export const session: PrincipalInfo = {
  arn: `arn:aws:sts::${ACCT}:assumed-role/App/s1`,
  type: 'AssumedRole',
  accountId: ACCT,
  roleArn: `arn:aws:iam::${ACCT}:role/App`,
};
export const extUser: PrincipalInfo = { arn: `arn:aws:iam::${OTHER}:user/carol`, type: 'User', accountId: OTHER };
export const extSession: PrincipalInfo = {
  arn: `arn:aws:sts::${OTHER}:assumed-role/Ext/s`,
  type: 'AssumedRole',
  accountId: OTHER,
  roleArn: `arn:aws:iam::${OTHER}:role/Ext`,
};
export const service: PrincipalInfo = { arn: 'logs.amazonaws.com', type: 'Service', accountId: '' };
export const anonymous: PrincipalInfo = { arn: '*', type: 'Anonymous', accountId: '' };

let n = 0;
export function pol(kind: PolicyKind, statements: object | object[], version: string | null = '2012-10-17'): NamedPolicy {
  const doc: Record<string, unknown> = { Statement: statements };
  if (version) doc.Version = version;
  n++;
  return namedPolicy(`${kind}-${n}`, `${kind} policy ${n}`, kind, doc);
}

export function request(principal: PrincipalInfo, action: string, resource = KEY, context: ContextMap = {}): RequestContext {
  const acct = resource.split(':')[4] || principal.accountId;
  return { principal, action, resource, resourceAccount: acct, context };
}

export const ROOT_STATEMENT = {
  Sid: 'Enable IAM User Permissions',
  Effect: 'Allow',
  Principal: { AWS: `arn:aws:iam::${ACCT}:root` },
  Action: 'kms:*',
  Resource: '*',
};

export function kmsInput(principal: PrincipalInfo, action: string, keyStatements: object[], extra: Partial<AccessInput> = {}, context: ContextMap = {}): AccessInput {
  return {
    request: request(principal, action, KEY, context),
    keyPolicy: pol('key', keyStatements),
    key: { arn: KEY, accountId: ACCT, keyManager: 'CUSTOMER' },
    identityPolicies: [],
    ...extra,
  };
}

export const allowAll = (action = 'kms:*') => ({ Effect: 'Allow', Action: action, Resource: '*' });
