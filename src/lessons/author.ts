// Small helpers for writing lessons and exam questions as data. They return plain JSON: ARNs,
// policy documents and statements exactly as AWS accepts them.
import type { Scenario } from '@kms-lab/engine/scenario';

export const ACCOUNT = '111122223333';
export const OTHER_ACCOUNT = '444455556666';
export const REGION = 'us-east-1';
export const EPOCH = '2026-01-01T00:00:00Z';

export const keyArn = (id: string, region = REGION, account = ACCOUNT) => `arn:aws:kms:${region}:${account}:key/${id}`;
export const root = (account = ACCOUNT) => `arn:aws:iam::${account}:root`;
export const role = (name: string, account = ACCOUNT) => `arn:aws:iam::${account}:role/${name}`;
export const user = (name: string, account = ACCOUNT) => `arn:aws:iam::${account}:user/${name}`;

/** Fixed, valid key ids for lesson scenarios (UUID-shaped). */
export const KEY_IDS = {
  a: '1234abcd-12ab-34cd-56ef-1234567890ab',
  b: '0987dcba-09fe-87dc-65ba-ab0987654321',
  c: '11112222-3333-4444-5555-666677778888',
  d: 'aaaabbbb-cccc-dddd-eeee-ffff00001111',
} as const;

export interface Statement {
  Sid?: string;
  Effect: 'Allow' | 'Deny';
  Principal?: unknown;
  Action: string | string[];
  Resource: string | string[];
  Condition?: Record<string, Record<string, string | string[] | boolean>>;
}

export const policy = (...Statement: Statement[]) => ({ Version: '2012-10-17', Statement });

/** The key policy statement that lets the account's IAM policies work ("Enable IAM User Permissions"). */
export const enableIam = (account = ACCOUNT): Statement => ({
  Sid: 'Enable IAM User Permissions',
  Effect: 'Allow',
  Principal: { AWS: root(account) },
  Action: 'kms:*',
  Resource: '*',
});

/** The default key policy AWS gives a key created through the API. */
export const defaultKeyPolicy = (account = ACCOUNT) => ({ Version: '2012-10-17', Id: 'key-default-1', Statement: [enableIam(account)] });

/** The console's key administrators statement. */
export const ADMIN_ACTIONS = [
  'kms:Create*', 'kms:Describe*', 'kms:Enable*', 'kms:List*', 'kms:Put*', 'kms:Update*', 'kms:Revoke*', 'kms:Disable*',
  'kms:Get*', 'kms:Delete*', 'kms:TagResource', 'kms:UntagResource', 'kms:ScheduleKeyDeletion', 'kms:CancelKeyDeletion',
];
/** The console's key users statement. */
export const USER_ACTIONS = ['kms:Encrypt', 'kms:Decrypt', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:DescribeKey'];

export const allowKeyPolicy = (principal: string | string[], actions: string | string[], sid?: string, condition?: Statement['Condition']): Statement => ({
  ...(sid ? { Sid: sid } : {}),
  Effect: 'Allow',
  Principal: { AWS: principal },
  Action: actions,
  Resource: '*',
  ...(condition ? { Condition: condition } : {}),
});

/** An identity (IAM) policy statement: Resource must be a key ARN. */
export const iamAllow = (actions: string | string[], resource: string | string[], condition?: Statement['Condition']): Statement => ({
  Effect: 'Allow',
  Action: actions,
  Resource: resource,
  ...(condition ? { Condition: condition } : {}),
});

export const iamDeny = (actions: string | string[], resource: string | string[], condition?: Statement['Condition']): Statement => ({
  Effect: 'Deny',
  Action: actions,
  Resource: resource,
  ...(condition ? { Condition: condition } : {}),
});

/** A scenario with the lesson epoch and the default Region filled in. */
export const scenario = (s: Omit<Scenario, 'format'>): Scenario => ({ format: 'kms-scenario/1', clock: EPOCH, defaultRegion: REGION, ...s });

const DOCS = 'https://docs.aws.amazon.com/kms/latest/developerguide';
export const API = 'https://docs.aws.amazon.com/kms/latest/APIReference';
export const src = (title: string, page: string, base = DOCS) => ({ title, url: `${base}/${page}` });
