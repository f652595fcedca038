// ARNs and identifiers as KMS writes them (kms-behaviour.md §13):
//   key   arn:<partition>:kms:<region>:<account-id>:key/<key-id>
//   alias arn:<partition>:kms:<region>:<account-id>:alias/<name>
// Key ids are UUIDv4 (`1234abcd-12ab-34cd-56ef-1234567890ab`) or, for multi-Region keys, `mrk-` + 32 hex.

export const KEY_ID_PATTERN = /^(?:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|mrk-[0-9a-f]{32})$/;
export const REGION_PATTERN = /^[a-z]{2}(?:-[a-z]+)+-\d+$/;

export function partitionOf(region: string): string {
  if (region.startsWith('cn-')) return 'aws-cn';
  if (region.startsWith('us-gov-')) return 'aws-us-gov';
  return 'aws';
}

export const keyArn = (region: string, accountId: string, keyId: string) => `arn:${partitionOf(region)}:kms:${region}:${accountId}:key/${keyId}`;
export const aliasArn = (region: string, accountId: string, aliasName: string) =>
  `arn:${partitionOf(region)}:kms:${region}:${accountId}:${aliasName}`;
export const accountRootArn = (accountId: string, partition = 'aws') => `arn:${partition}:iam::${accountId}:root`;

export interface KmsArn {
  partition: string;
  region: string;
  accountId: string;
  resourceType: 'key' | 'alias';
  /** For a key: the key id. For an alias: the alias name including `alias/`. */
  resource: string;
}

/** Parses a KMS key or alias ARN; undefined when it is not one. */
export function parseKmsArn(arn: string): KmsArn | undefined {
  const m = /^arn:(aws|aws-cn|aws-us-gov):kms:([a-z0-9-]+):(\d{12}):(key|alias)\/(.+)$/.exec(arn);
  if (!m) return undefined;
  const [, partition, region, accountId, resourceType, rest] = m;
  return {
    partition,
    region,
    accountId,
    resourceType: resourceType as 'key' | 'alias',
    resource: resourceType === 'alias' ? `alias/${rest}` : rest,
  };
}

export type PrincipalType = 'Root' | 'IAMUser' | 'AssumedRole' | 'Role' | 'FederatedUser';

export interface CallerIdentity {
  arn: string;
  accountId: string;
  partition: string;
  type: PrincipalType;
}

/**
 * The caller's account, from its ARN. Minimal for now (the identity directory of the policy work
 * knows users, roles and sessions in full): root, IAM users and roles, assumed-role and federated
 * sessions.
 */
export function callerIdentity(principal: string): CallerIdentity {
  const m = /^arn:(aws|aws-cn|aws-us-gov):(iam|sts)::(\d{12}):(root|user\/.+|role\/.+|assumed-role\/.+|federated-user\/.+)$/.exec(principal);
  if (!m) throw new TypeError(`Not a principal ARN KMS Lab understands: ${principal}`);
  const [, partition, , accountId, what] = m;
  const type: PrincipalType =
    what === 'root'
      ? 'Root'
      : what.startsWith('user/')
        ? 'IAMUser'
        : what.startsWith('role/')
          ? 'Role'
          : what.startsWith('assumed-role/')
            ? 'AssumedRole'
            : 'FederatedUser';
  return { arn: principal, accountId, partition, type };
}
