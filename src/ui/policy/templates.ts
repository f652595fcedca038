/**
 * Policy templates from the KMS developer guide: the default key policy, the console's default
 * (administrators, users, grants for AWS resources), cross-account use, encryption-context
 * conditions, kms:ViaService, an AWS managed key's policy — and a few identity, boundary, SCP and
 * RCP starters. Each is filled in for the account, key and principals at hand.
 */
import type { PolicyKind } from '@kms-lab/engine/policy';

export interface TemplateContext {
  accountId: string;
  region: string;
  /** The key the policy is for (identity templates name it as the resource). */
  keyArn?: string;
  /** Roles and users of the account, to fill the administrator and user statements. */
  admins: string[];
  users: string[];
  /** Another account for the cross-account template. */
  otherAccount: string;
  orgId?: string;
}

export interface PolicyTemplate {
  id: string;
  title: string;
  /** Which editors offer it. */
  kinds: PolicyKind[];
  description: string;
  build(ctx: TemplateContext): object;
}

const root = (a: string) => `arn:aws:iam::${a}:root`;
const rootStatement = (a: string) => ({ Sid: 'Enable IAM User Permissions', Effect: 'Allow', Principal: { AWS: root(a) }, Action: 'kms:*', Resource: '*' });
const one = (list: string[], fallback: string) => (list.length === 1 ? list[0] : list.length ? list : fallback);
const doc = (...Statement: object[]) => ({ Version: '2012-10-17', Statement });

const KEY_USE = ['kms:Encrypt', 'kms:Decrypt', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:DescribeKey'];

const TEMPLATES: PolicyTemplate[] = [
  {
    id: 'default-key-policy',
    title: 'Default key policy',
    kinds: ['key'],
    description: 'What CreateKey gives a key when you name no policy: one statement that lets the account’s IAM policies decide (the “root statement”). It grants no one anything by itself.',
    build: (c) => doc(rootStatement(c.accountId)),
  },
  {
    id: 'console-default',
    title: 'Console default (administrators, users, grants for AWS resources)',
    kinds: ['key'],
    description: 'The AWS console’s default: the root statement, key administrators who manage but cannot use the key, key users who use it, and grants only for AWS services acting for the users.',
    build: (c) => {
      const admins = one(c.admins, `arn:aws:iam::${c.accountId}:role/KeyAdmin`);
      const users = one(c.users, `arn:aws:iam::${c.accountId}:role/KeyUser`);
      return {
        Version: '2012-10-17',
        Id: 'key-consolepolicy-3',
        Statement: [
          rootStatement(c.accountId),
          {
            Sid: 'Allow access for Key Administrators',
            Effect: 'Allow',
            Principal: { AWS: admins },
            Action: ['kms:Create*', 'kms:Describe*', 'kms:Enable*', 'kms:List*', 'kms:Put*', 'kms:Update*', 'kms:Revoke*', 'kms:Disable*', 'kms:Get*', 'kms:Delete*', 'kms:TagResource', 'kms:UntagResource', 'kms:ScheduleKeyDeletion', 'kms:CancelKeyDeletion'],
            Resource: '*',
          },
          { Sid: 'Allow use of the key', Effect: 'Allow', Principal: { AWS: users }, Action: KEY_USE, Resource: '*' },
          {
            Sid: 'Allow attachment of persistent resources',
            Effect: 'Allow',
            Principal: { AWS: users },
            Action: ['kms:CreateGrant', 'kms:ListGrants', 'kms:RevokeGrant'],
            Resource: '*',
            Condition: { Bool: { 'kms:GrantIsForAWSResource': 'true' } },
          },
        ],
      };
    },
  },
  {
    id: 'cross-account',
    title: 'Cross-account use',
    kinds: ['key'],
    description: 'Lets another account use the key. The external account’s IAM policies must still allow its users and roles: both sides have to agree.',
    build: (c) =>
      doc(
        rootStatement(c.accountId),
        { Sid: 'Allow an external account to use this key', Effect: 'Allow', Principal: { AWS: root(c.otherAccount) }, Action: KEY_USE, Resource: '*' },
        {
          Sid: 'Allow an external account to attach persistent resources',
          Effect: 'Allow',
          Principal: { AWS: root(c.otherAccount) },
          Action: 'kms:CreateGrant',
          Resource: '*',
          Condition: { Bool: { 'kms:GrantIsForAWSResource': 'true' } },
        },
      ),
  },
  {
    id: 'encryption-context',
    title: 'Encryption-context conditions',
    kinds: ['key'],
    description: 'Key users may decrypt only data whose encryption context says dept=hr, and nobody may use the key without an encryption context at all.',
    build: (c) =>
      doc(
        rootStatement(c.accountId),
        {
          Sid: 'Decrypt only HR data',
          Effect: 'Allow',
          Principal: { AWS: one(c.users, `arn:aws:iam::${c.accountId}:role/KeyUser`) },
          Action: ['kms:Encrypt', 'kms:Decrypt', 'kms:GenerateDataKey*'],
          Resource: '*',
          Condition: { StringEquals: { 'kms:EncryptionContext:dept': 'hr' } },
        },
        {
          Sid: 'Require an encryption context',
          Effect: 'Deny',
          Principal: '*',
          Action: ['kms:Encrypt', 'kms:Decrypt', 'kms:GenerateDataKey*'],
          Resource: '*',
          Condition: { Null: { 'kms:EncryptionContextKeys': 'true' } },
        },
      ),
  },
  {
    id: 'via-service',
    title: 'kms:ViaService (only through S3)',
    kinds: ['key'],
    description: 'Key users may use the key only when Amazon S3 calls KMS for them in this Region; a direct call from the user is not allowed.',
    build: (c) =>
      doc(rootStatement(c.accountId), {
        Sid: 'Allow use only via S3',
        Effect: 'Allow',
        Principal: { AWS: one(c.users, `arn:aws:iam::${c.accountId}:role/KeyUser`) },
        Action: KEY_USE,
        Resource: '*',
        Condition: { StringEquals: { 'kms:ViaService': `s3.${c.region}.amazonaws.com`, 'kms:CallerAccount': c.accountId } },
      }),
  },
  {
    id: 'aws-managed',
    title: 'An AWS managed key’s policy (aws/ebs)',
    kinds: ['key'],
    description: 'The shape of every AWS managed key policy: everyone ("*") in this account, but only through the one service (EBS) — plus read-only access for the account.',
    build: (c) => ({
      Version: '2012-10-17',
      Id: 'auto-ebs-2',
      Statement: [
        {
          Sid: 'Allow access through EBS for all principals in the account that are authorized to use EBS',
          Effect: 'Allow',
          Principal: { AWS: '*' },
          Action: ['kms:Encrypt', 'kms:Decrypt', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:CreateGrant', 'kms:DescribeKey'],
          Resource: '*',
          Condition: { StringEquals: { 'kms:CallerAccount': c.accountId, 'kms:ViaService': `ec2.${c.region}.amazonaws.com` } },
        },
        {
          Sid: 'Allow direct access to key metadata to the account',
          Effect: 'Allow',
          Principal: { AWS: root(c.accountId) },
          Action: ['kms:Describe*', 'kms:Get*', 'kms:List*', 'kms:RevokeGrant'],
          Resource: '*',
        },
      ],
    }),
  },
  {
    id: 'identity-use-key',
    title: 'Use one key (identity policy)',
    kinds: ['identity', 'boundary', 'session'],
    description: 'Encrypt, decrypt and generate data keys with one key. It works only if the key policy lets the account delegate to IAM.',
    build: (c) => doc({ Sid: 'UseOneKey', Effect: 'Allow', Action: ['kms:Encrypt', 'kms:Decrypt', 'kms:GenerateDataKey*', 'kms:DescribeKey'], Resource: c.keyArn ?? `arn:aws:kms:${c.region}:${c.accountId}:key/*` }),
  },
  {
    id: 'identity-deny-no-mfa',
    title: 'Deny decrypt without MFA (identity policy)',
    kinds: ['identity', 'boundary', 'session'],
    description: 'Allows KMS use, but denies Decrypt unless the caller signed in with MFA. BoolIfExists makes a missing MFA key count as “no MFA”.',
    build: (c) =>
      doc(
        { Sid: 'UseKeys', Effect: 'Allow', Action: ['kms:Encrypt', 'kms:Decrypt', 'kms:DescribeKey'], Resource: c.keyArn ?? '*' },
        { Sid: 'DenyDecryptWithoutMFA', Effect: 'Deny', Action: 'kms:Decrypt', Resource: '*', Condition: { BoolIfExists: { 'aws:MultiFactorAuthPresent': 'false' } } },
      ),
  },
  {
    id: 'scp-protect-keys',
    title: 'Protect keys from deletion (SCP)',
    kinds: ['scp'],
    description: 'FullAWSAccess plus a Deny: no one in the member accounts may schedule key deletion.',
    build: () => doc({ Sid: 'FullAWSAccess', Effect: 'Allow', Action: '*', Resource: '*' }, { Sid: 'DenyKeyDeletion', Effect: 'Deny', Action: 'kms:ScheduleKeyDeletion', Resource: '*' }),
  },
  {
    id: 'rcp-perimeter',
    title: 'Identity perimeter (RCP)',
    kinds: ['rcp'],
    description: 'AWS’s example: deny KMS to principals outside the organization, except AWS services.',
    build: (c) =>
      doc({
        Sid: 'EnforceOrgIdentities',
        Effect: 'Deny',
        Principal: '*',
        Action: 'kms:*',
        Resource: '*',
        Condition: { StringNotEqualsIfExists: { 'aws:PrincipalOrgID': c.orgId ?? 'o-exampleorg' }, Bool: { 'aws:PrincipalIsAWSService': 'false' } },
      }),
  },
];

export function templatesFor(kind: PolicyKind): PolicyTemplate[] {
  return TEMPLATES.filter((t) => t.kinds.includes(kind));
}

export function renderTemplate(t: PolicyTemplate, ctx: TemplateContext): string {
  return JSON.stringify(t.build(ctx), null, 2);
}
