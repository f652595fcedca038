// AWS managed keys (kms-behaviour.md §5, §7, §13): `alias/aws/<service>` keys that an AWS service
// creates in your account the first time it needs one. KeyManager is AWS; the key policy is AWS's
// own and cannot be changed; it lets every principal of the account use the key **only through the
// service** (kms:ViaService) and lets the account read the key's metadata. So using the key
// directly for cryptography, or managing it (disable, delete, tag, rotate, change its policy), is
// refused — by that policy, exactly as AWS refuses it. The key rotates every year by itself.
import { MS_PER_DAY } from '../ports';
import { aliasArn, keyArn, partitionOf, accountRootArn } from '../world/arn';
import type { KeyRecord } from '../world/state';
import { serviceEvent } from './scheduled';
import type { WorldContext } from '../world/context';
import { addKeyMaterial } from './material';

interface ServiceInfo {
  /** The kms:ViaService host prefix (EBS keys are used through EC2). */
  via: string;
  /** AWS's description of the key. */
  description: string;
  /** The policy id AWS uses (`auto-<name>-<n>`). */
  policyId: string;
  /** The service's own name in the first statement's Sid. */
  label: string;
  /** EBS's policy also lets the account revoke grants. */
  revokeGrant?: boolean;
}

/** The services KMS Lab knows AWS managed keys for. */
export const AWS_MANAGED_SERVICES: Record<string, ServiceInfo> = {
  ebs: { via: 'ec2', description: 'Default key that protects my EBS volumes when no other key is defined', policyId: 'auto-ebs-2', label: 'EBS', revokeGrant: true },
  s3: { via: 's3', description: 'Default key that protects my S3 objects when no other key is defined', policyId: 'auto-s3-2', label: 'S3' },
  rds: { via: 'rds', description: 'Default key that protects my RDS database volumes when no other key is defined', policyId: 'auto-rds-2', label: 'RDS' },
  lambda: { via: 'lambda', description: 'Default key that protects my Lambda functions when no other key is defined', policyId: 'auto-lambda-2', label: 'Lambda' },
  secretsmanager: { via: 'secretsmanager', description: 'Default key that protects my Secrets Manager data when no other key is defined', policyId: 'auto-secretsmanager-2', label: 'AWS Secrets Manager' },
  ssm: { via: 'ssm', description: 'Default key that protects my SSM parameters when no other key is defined', policyId: 'auto-ssm-2', label: 'SSM' },
  sns: { via: 'sns', description: 'Default key that protects my SNS data when no other key is defined', policyId: 'auto-sns-2', label: 'SNS' },
  sqs: { via: 'sqs', description: 'Default key that protects my SQS messages when no other key is defined', policyId: 'auto-sqs-2', label: 'SQS' },
  dynamodb: { via: 'dynamodb', description: 'Default key that protects my DynamoDB data when no other key is defined', policyId: 'auto-dynamodb-2', label: 'DynamoDB' },
  elasticfilesystem: { via: 'elasticfilesystem', description: 'Default key that protects my EFS filesystems when no other key is defined', policyId: 'auto-elasticfilesystem-2', label: 'EFS' },
};

/**
 * The key policy of an AWS managed key (the shape AWS gives aws/ebs, aws/s3…): any principal in
 * the account may use the key through the service (kms:ViaService + kms:CallerAccount); the account
 * may read its metadata directly.
 */
export function awsManagedKeyPolicy(service: string, accountId: string, region: string): string {
  const info = AWS_MANAGED_SERVICES[service];
  const suffix = partitionOf(region) === 'aws-cn' ? 'amazonaws.com.cn' : 'amazonaws.com';
  return JSON.stringify(
    {
      Version: '2012-10-17',
      Id: info.policyId,
      Statement: [
        {
          Sid: `Allow access through ${info.label} for all principals in the account that are authorized to use ${info.label}`,
          Effect: 'Allow',
          Principal: { AWS: '*' },
          Action: ['kms:Encrypt', 'kms:Decrypt', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:CreateGrant', 'kms:DescribeKey'],
          Resource: '*',
          Condition: { StringEquals: { 'kms:CallerAccount': accountId, 'kms:ViaService': `${info.via}.${region}.${suffix}` } },
        },
        {
          Sid: 'Allow direct access to key metadata to the account',
          Effect: 'Allow',
          Principal: { AWS: accountRootArn(accountId, partitionOf(region)) },
          Action: ['kms:Describe*', 'kms:Get*', 'kms:List*', ...(info.revokeGrant ? ['kms:RevokeGrant'] : [])],
          Resource: '*',
        },
      ],
    },
    null,
    2,
  );
}

/** `alias/aws/<service>` → the service name, when it is one KMS Lab knows. */
export function awsManagedService(aliasName: string): string | undefined {
  const m = /^alias\/aws\/([a-z0-9-]+)$/.exec(aliasName);
  return m && Object.hasOwn(AWS_MANAGED_SERVICES, m[1]) ? m[1] : undefined;
}

/** The AWS managed key for `service` in this account and Region, created (as AWS does on first use) if needed. */
export async function ensureAwsManagedKey(world: WorldContext, accountId: string, region: string, service: string): Promise<KeyRecord> {
  if (!Object.hasOwn(AWS_MANAGED_SERVICES, service)) throw new TypeError(`KMS Lab has no AWS managed key for the service "${service}".`);
  const aliasName = `alias/aws/${service}`;
  const arnOfAlias = aliasArn(region, accountId, aliasName);
  const existing = world.getAlias(arnOfAlias);
  const existingKey = existing && world.getKey(existing.targetKeyArn);
  if (existingKey) return existingKey;
  const now = world.nowMs();
  const keyId = world.ids.uuid();
  const key: KeyRecord = {
    arn: keyArn(region, accountId, keyId),
    keyId,
    accountId,
    region,
    partition: partitionOf(region),
    seq: ++world.state.counters.keys,
    creationDate: now,
    description: AWS_MANAGED_SERVICES[service].description,
    keyUsage: 'ENCRYPT_DECRYPT',
    keySpec: 'SYMMETRIC_DEFAULT',
    origin: 'AWS_KMS',
    keyManager: 'AWS',
    keyState: 'Enabled',
    multiRegion: false,
    policy: awsManagedKeyPolicy(service, accountId, region),
    tags: [],
    materials: [],
    // §5: AWS managed keys rotate every year, and nobody can change that.
    rotation: { enabled: true, periodInDays: 365, nextRotationDate: now + 365 * MS_PER_DAY, onDemandCount: 0 },
  };
  await addKeyMaterial(world, key, now);
  world.state.keys[key.arn] = key;
  world.state.aliases[arnOfAlias] = {
    aliasName,
    aliasArn: arnOfAlias,
    accountId,
    region,
    targetKeyArn: key.arn,
    creationDate: now,
    lastUpdatedDate: now,
  };
  world.state.auditLog.push(serviceEvent(world, 'CreateKey', key, now, { keyManager: 'AWS', aliasName }));
  return key;
}
