// The `kms-scenario/1` format (shared/reference/scenario-format.md): ONE definition, used by the
// app, the simulate CLI and the KMS endpoint, and published as JSON Schema in
// public/schema/kms-scenario-1.json (scripts/write-schema.ts; a test keeps the file current).
// This is a contract: fields keep their names and meanings; unknown fields are refused.
import { z } from 'zod';

const PARTITION = '(aws|aws-cn|aws-us-gov)';
const ACCOUNT = '\\d{12}';
export const REGION_PATTERN = /^[a-z]{2}(-gov|-iso[a-z]?)?-[a-z]+-\d$/;
export const ACCOUNT_ID_PATTERN = new RegExp(`^${ACCOUNT}$`);
export const KEY_ARN_PATTERN = new RegExp(
  `^arn:${PARTITION}:kms:[a-z]{2}(-gov|-iso[a-z]?)?-[a-z]+-\\d:${ACCOUNT}:key/([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|mrk-[0-9a-f]{32})$`,
);
/** IAM users and roles (with paths), assumed-role sessions, account roots, service principals. */
export const PRINCIPAL_PATTERN = new RegExp(
  `^(arn:${PARTITION}:iam::${ACCOUNT}:(root|user/[\\w+=,.@/-]+|role/[\\w+=,.@/-]+)` +
    `|arn:${PARTITION}:sts::${ACCOUNT}:assumed-role/[\\w+=,.@-]+/[\\w+=,.@-]+` +
    `|[a-z0-9][a-z0-9.-]*\\.amazonaws\\.com(\\.cn)?)$`,
);
export const ALIAS_NAME_PATTERN = /^alias\/[a-zA-Z0-9/_-]+$/;
export const ARN_PATTERN = new RegExp(`^arn:${PARTITION}:[a-z0-9-]+:[a-z0-9-]*:(${ACCOUNT})?:.+$`);

/** A policy document as AWS accepts it, as a JSON object, or a string holding that JSON. */
const Policy = z
  .union([z.string(), z.record(z.string(), z.unknown())])
  .describe('An IAM policy document (Version, Id, Statement) as a JSON object, or a string holding the JSON.');

/**
 * A policy with its name: how IAM and Organizations name policies (a managed policy's PolicyName, an
 * inline policy's name, an SCP's Name). The name is what explanations call the policy; without one a
 * policy is called by its Id or its place ("Policy2").
 */
const NamedPolicy = z
  .strictObject({
    name: z.string().min(1).max(256).describe('The policy\'s name, as explanations show it'),
    document: Policy,
  })
  .describe('A policy document with its name.');

/** A policy document, or a named one ({ "name", "document" }). */
const PolicyEntry = z.union([NamedPolicy, Policy]);

const StringMap = z.record(z.string(), z.string());

export const GRANT_OPERATIONS = [
  'Decrypt', 'Encrypt', 'GenerateDataKey', 'GenerateDataKeyWithoutPlaintext', 'ReEncryptFrom', 'ReEncryptTo',
  'Sign', 'Verify', 'GetPublicKey', 'CreateGrant', 'RetireGrant', 'DescribeKey', 'GenerateDataKeyPair',
  'GenerateDataKeyPairWithoutPlaintext', 'GenerateMac', 'VerifyMac', 'DeriveSharedSecret',
] as const;

export const KEY_SPECS = [
  'SYMMETRIC_DEFAULT', 'RSA_2048', 'RSA_3072', 'RSA_4096', 'ECC_NIST_P256', 'ECC_NIST_P384', 'ECC_NIST_P521',
  'ECC_SECG_P256K1', 'ECC_NIST_EDWARDS25519', 'HMAC_224', 'HMAC_256', 'HMAC_384', 'HMAC_512',
  'ML_DSA_44', 'ML_DSA_65', 'ML_DSA_87', 'SM2',
] as const;

const Grant = z.strictObject({
  grantId: z.string().regex(/^[a-zA-Z0-9]{1,128}$/).optional().describe('A fixed grant id (default: generated)'),
  name: z.string().regex(/^[a-zA-Z0-9:/_-]{1,256}$/).optional(),
  granteePrincipal: z.string().regex(PRINCIPAL_PATTERN, 'must be an IAM principal ARN or a service principal'),
  retiringPrincipal: z.string().regex(PRINCIPAL_PATTERN, 'must be an IAM principal ARN or a service principal').optional(),
  operations: z.array(z.enum(GRANT_OPERATIONS)).min(1),
  constraints: z
    .strictObject({
      encryptionContextSubset: StringMap.optional(),
      encryptionContextEquals: StringMap.optional(),
    })
    .refine((c) => !(c.encryptionContextSubset && c.encryptionContextEquals), {
      message: 'a grant constraint is encryptionContextSubset or encryptionContextEquals, not both',
    })
    .optional(),
});

const Key = z.strictObject({
  arn: z.string().regex(KEY_ARN_PATTERN, 'must be a KMS key ARN: arn:aws:kms:REGION:ACCOUNT:key/KEY-ID'),
  keySpec: z.enum(KEY_SPECS).optional().describe('default SYMMETRIC_DEFAULT'),
  keyUsage: z.enum(['ENCRYPT_DECRYPT', 'SIGN_VERIFY', 'GENERATE_VERIFY_MAC', 'KEY_AGREEMENT']).optional()
    .describe('default per key spec'),
  keyManager: z.enum(['CUSTOMER', 'AWS']).optional(),
  origin: z.enum(['AWS_KMS', 'EXTERNAL']).optional(),
  keyState: z.enum(['Enabled', 'Disabled', 'PendingDeletion', 'PendingImport']).optional(),
  description: z.string().max(8192).optional(),
  multiRegion: z.boolean().optional(),
  policy: Policy.optional().describe("default: the default key policy for the key's account"),
  aliases: z.array(z.string().regex(ALIAS_NAME_PATTERN, 'must be an alias name: alias/NAME').max(256)).optional(),
  tags: StringMap.optional(),
  grants: z.array(Grant).optional(),
});

const Principal = z.strictObject({
  arn: z.string().regex(PRINCIPAL_PATTERN, 'must be an IAM user, role, assumed-role session or account root ARN, or a service principal'),
  policies: z.array(PolicyEntry).optional(),
  permissionsBoundary: PolicyEntry.optional(),
  sessionPolicy: Policy.optional(),
  tags: StringMap.optional(),
  accessKeyId: z.string().regex(/^[A-Z0-9]{16,128}$/, 'must be 16-128 upper-case letters and digits').optional(),
  secretAccessKey: z.string().min(1).optional(),
});

const ContextValue = z.union([z.string(), z.array(z.string())]);

const Request = z.strictObject({
  id: z.string().min(1).optional(),
  principal: z.string().regex(PRINCIPAL_PATTERN, 'must be a principal ARN listed in principals, or an account root'),
  action: z.string().regex(/^[a-zA-Z0-9-]+:[a-zA-Z0-9]+$/, 'must be service:Action, e.g. kms:Decrypt'),
  resource: z.union([z.string().min(1), z.array(z.string().min(1)).min(1)]),
  resourceAccount: z.string().regex(ACCOUNT_ID_PATTERN).optional(),
  keyIdAsSent: z.string().min(1).optional(),
  encryptionContext: StringMap.optional(),
  context: z.record(z.string(), ContextValue).optional(),
  grantTokens: z.array(z.string()).max(10).optional(),
  expect: z.enum(['Allow', 'ExplicitDeny', 'ImplicitDeny']).optional(),
});

export const ScenarioSchema = z.strictObject({
  $schema: z.string().optional().describe('Optional pointer to this JSON Schema, for editors'),
  format: z.literal('kms-scenario/1'),
  title: z.string().optional(),
  description: z.string().optional().describe('Markdown shown with the scenario'),
  clock: z.iso.datetime({ offset: true }).optional().describe('The simulated time (aws:CurrentTime); default = now'),
  defaultRegion: z.string().regex(REGION_PATTERN).optional().describe('default us-east-1'),
  organization: z
    .strictObject({
      id: z.string().regex(/^o-[a-z0-9]{10,32}$/, 'must be an organization id: o- and 10 to 32 letters or digits'),
      scps: z.array(z.array(PolicyEntry)).optional().describe('One list per level: root first, then OUs, the account last.'),
      rcps: z.array(z.array(PolicyEntry)).optional().describe('Same shape. A level is always also allowed by RCPFullAWSAccess.'),
    })
    .optional(),
  accounts: z
    .array(z.strictObject({
      id: z.string().regex(ACCOUNT_ID_PATTERN, 'must be a 12-digit account id'),
      name: z.string().optional(),
      inOrganization: z.boolean().optional(),
    }))
    .optional(),
  principals: z.array(Principal).optional(),
  keys: z.array(Key).optional(),
  resourcePolicies: z.record(z.string().regex(ARN_PATTERN, 'must be an ARN'), Policy).optional(),
  requests: z.array(Request).optional(),
});

export type Scenario = z.infer<typeof ScenarioSchema>;
export type ScenarioKey = z.infer<typeof Key>;
export type ScenarioGrant = z.infer<typeof Grant>;
export type ScenarioPrincipal = z.infer<typeof Principal>;
export type ScenarioRequest = z.infer<typeof Request>;
export type ScenarioPolicy = z.infer<typeof Policy>;
export type ScenarioNamedPolicy = z.infer<typeof NamedPolicy>;
/** Where a policy may carry a name: a document, or { name, document }. */
export type ScenarioPolicyEntry = z.infer<typeof PolicyEntry>;

/** Is this entry a named policy ({ name, document })? */
export const isNamedPolicy = (p: ScenarioPolicyEntry): p is ScenarioNamedPolicy =>
  typeof p === 'object' && p !== null && Object.keys(p).length === 2 && typeof (p as { name?: unknown }).name === 'string' && (p as { name: string }).name.length > 0 && 'document' in p;

/** The published JSON Schema (draft 2020-12). */
export function scenarioJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(ScenarioSchema, { target: 'draft-2020-12', io: 'input' }) as Record<string, unknown>;
  return {
    $id: 'urn:kms-lab:schema:kms-scenario-1',
    title: 'kms-scenario/1',
    description: 'A small AWS world for KMS Lab: organization, accounts, principals with policies, KMS keys with key policies, aliases, tags and grants, and access requests with expected decisions. See shared/reference/scenario-format.md.',
    ...schema,
  };
}
