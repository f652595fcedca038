// Names, ARNs and policy fragments the documentation examples use, shared by the case files.

export const ACCT = '111122223333';
export const EXT = '444455556666';
export const REGION = 'us-west-2';

export const KEY = `arn:aws:kms:${REGION}:${ACCT}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;
export const KEY2 = `arn:aws:kms:${REGION}:${ACCT}:key/0987dcba-09fe-87dc-65ba-ab0987654321`;
export const KEY_EAST = `arn:aws:kms:us-east-1:${ACCT}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;
export const EXT_KEY = `arn:aws:kms:${REGION}:${EXT}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;

export const ALICE = `arn:aws:iam::${ACCT}:user/alice`;
export const BOB = `arn:aws:iam::${ACCT}:user/bob`;
export const EXAMPLE_USER = `arn:aws:iam::${ACCT}:user/ExampleUser`;
export const ADMIN_USER = `arn:aws:iam::${ACCT}:user/KMSAdminUser`;
export const KEY_USER = `arn:aws:iam::${ACCT}:user/ExampleKeyUser`;
export const ROOT = `arn:aws:iam::${ACCT}:root`;
export const EXT_ROOT = `arn:aws:iam::${EXT}:root`;
export const EXT_BOB = `arn:aws:iam::${EXT}:user/bob`;
export const EXT_CAROL = `arn:aws:iam::${EXT}:user/carol`;

export const roleArn = (name: string, acct = ACCT) => `arn:aws:iam::${acct}:role/${name}`;
export const sessionArn = (role: string, session: string, acct = ACCT) => `arn:aws:sts::${acct}:assumed-role/${role}/${session}`;

const V = '2012-10-17';

type Stmt = Record<string, unknown>;

/** A policy document with Version 2012-10-17. */
export const pol = (...Statement: Stmt[]) => ({ Version: V, Statement });

/** The statement at the heart of every default key policy (key-policy-default.html). */
export const rootStatement = (acct = ACCT): Stmt => ({
  Sid: 'Enable IAM User Permissions',
  Effect: 'Allow',
  Principal: { AWS: `arn:aws:iam::${acct}:root` },
  Action: 'kms:*',
  Resource: '*',
});

/** The default key policy for a key created through the API: only the root statement. */
export const defaultKeyPolicy = (acct = ACCT) => pol(rootStatement(acct));

/** An identity-policy Allow (no Principal). */
export const iamAllow = (Sid: string, Action: string | string[], Resource: string | string[] = '*', Condition?: Stmt): Stmt => ({
  Sid,
  Effect: 'Allow',
  Action,
  Resource,
  ...(Condition ? { Condition } : {}),
});

/** An identity-policy Deny (no Principal). */
export const iamDeny = (Sid: string, Action: string | string[], Resource: string | string[] = '*', Condition?: Stmt): Stmt => ({
  Sid,
  Effect: 'Deny',
  Action,
  Resource,
  ...(Condition ? { Condition } : {}),
});

/** A key-policy (resource-policy) statement naming principals. */
export const kpStmt = (
  Sid: string,
  Effect: 'Allow' | 'Deny',
  principal: string | string[] | '*',
  Action: string | string[],
  Condition?: Stmt,
): Stmt => ({
  Sid,
  Effect,
  Principal: principal === '*' ? { AWS: '*' } : { AWS: principal },
  Action,
  Resource: '*',
  ...(Condition ? { Condition } : {}),
});

/** The console default key policy's administrators statement (key-policy-default.html). */
export const keyAdminsStatement = (admins: string[]): Stmt => ({
  Sid: 'Allow access for Key Administrators',
  Effect: 'Allow',
  Principal: { AWS: admins },
  Action: [
    'kms:Create*',
    'kms:Describe*',
    'kms:Enable*',
    'kms:List*',
    'kms:Put*',
    'kms:Update*',
    'kms:Revoke*',
    'kms:Disable*',
    'kms:Get*',
    'kms:Delete*',
    'kms:TagResource',
    'kms:UntagResource',
    'kms:ScheduleKeyDeletion',
    'kms:CancelKeyDeletion',
  ],
  Resource: '*',
});

/** The console default key policy's key users statement for a symmetric encryption key. */
const keyUsersStatement = (users: string[]): Stmt => ({
  Sid: 'Allow use of the key',
  Effect: 'Allow',
  Principal: { AWS: users },
  Action: ['kms:Encrypt', 'kms:Decrypt', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:DescribeKey'],
  Resource: '*',
});

/** The console default key policy's "attachment of persistent resources" statement. */
const persistentResourcesStatement = (users: string[]): Stmt => ({
  Sid: 'Allow attachment of persistent resources',
  Effect: 'Allow',
  Principal: { AWS: users },
  Action: ['kms:CreateGrant', 'kms:ListGrants', 'kms:RevokeGrant'],
  Resource: '*',
  Condition: { Bool: { 'kms:GrantIsForAWSResource': 'true' } },
});

/** The whole console default key policy for a symmetric encryption key. */
export const consoleKeyPolicy = (admins: string[], users: string[]) =>
  pol(rootStatement(), keyAdminsStatement(admins), keyUsersStatement(users), persistentResourcesStatement(users));

/** FullAWSAccess, the SCP AWS Organizations attaches by default. */
export const FULL_AWS_ACCESS = pol({ Sid: 'FullAWSAccess', Effect: 'Allow', Action: '*', Resource: '*' });
/** RCPFullAWSAccess, attached at every level and impossible to detach. */
export const RCP_FULL_AWS_ACCESS = pol({ Sid: 'RCPFullAWSAccess', Effect: 'Allow', Principal: '*', Action: '*', Resource: '*' });

// Documentation pages, so each case cites one.
const KMS = 'https://docs.aws.amazon.com/kms/latest/developerguide';
const IAM = 'https://docs.aws.amazon.com/IAM/latest/UserGuide';
export const DOCS = {
  keyPolicies: `${KMS}/key-policies.html`,
  keyPolicyDefaultRoot: `${KMS}/key-policy-default.html#key-policy-default-allow-root-enable-iam`,
  keyPolicyDefaultAdmins: `${KMS}/key-policy-default.html#key-policy-default-allow-administrators`,
  keyPolicyDefaultUsers: `${KMS}/key-policy-default.html#key-policy-default-allow-users`,
  keyPolicyServiceIntegration: `${KMS}/key-policy-default.html#key-policy-service-integration`,
  keyPolicyOverview: `${KMS}/key-policy-overview.html`,
  keyPolicyElements: `${KMS}/key-policy-overview.html#key-policy-elements`,
  crossAccount: `${KMS}/key-policy-modifying-external-accounts.html`,
  crossAccountKeyPolicy: `${KMS}/key-policy-modifying-external-accounts.html#cross-account-key-policy`,
  crossAccountIam: `${KMS}/key-policy-modifying-external-accounts.html#cross-account-user-permissions`,
  iamPolicies: `${KMS}/iam-policies.html`,
  iamPolicyExamples: `${KMS}/customer-managed-policies.html`,
  cmksInIam: `${KMS}/cmks-in-iam-policies.html`,
  determiningAccess: `${KMS}/determining-access.html`,
  determiningAccessKeyPolicy: `${KMS}/determining-access-key-policy.html`,
  troubleshooting: `${KMS}/policy-evaluation.html`,
  grants: `${KMS}/grants.html`,
  grantConcepts: `${KMS}/grants.html#grant-concepts`,
  grantConstraints: `${KMS}/create-grant-overview.html#grant-constraints`,
  grantConstraintsApi: 'https://docs.aws.amazon.com/kms/latest/APIReference/API_GrantConstraints.html',
  grantAuthorization: `${KMS}/grant-authorization.html`,
  conditionsKms: `${KMS}/conditions-kms.html`,
  ck: (anchor: string) => `${KMS}/conditions-kms.html#${anchor}`,
  conditionsAws: `${KMS}/conditions-aws.html`,
  abac: `${KMS}/abac.html`,
  tagAuthorization: `${KMS}/tag-authorization.html`,
  aliasAuthorization: `${KMS}/alias-authorization.html`,
  kmsPermissions: `${KMS}/kms-api-permissions-reference.html`,
  evalLogic: `${IAM}/reference_policies_evaluation-logic.html`,
  evalLogicDenyAllow: `${IAM}/reference_policies_evaluation-logic_policy-eval-denyallow.html`,
  evalLogicBasics: `${IAM}/reference_policies_evaluation-logic_policy-eval-basics.html`,
  evalLogicCrossAccount: `${IAM}/reference_policies_evaluation-logic-cross-account.html`,
  principal: `${IAM}/reference_policies_elements_principal.html`,
  notPrincipal: `${IAM}/reference_policies_elements_notprincipal.html`,
  action: `${IAM}/reference_policies_elements_action.html`,
  notAction: `${IAM}/reference_policies_elements_notaction.html`,
  resource: `${IAM}/reference_policies_elements_resource.html`,
  notResource: `${IAM}/reference_policies_elements_notresource.html`,
  condition: `${IAM}/reference_policies_elements_condition.html`,
  op: (anchor: string) => `${IAM}/reference_policies_elements_condition_operators.html#${anchor}`,
  multiValue: `${IAM}/reference_policies_condition-single-vs-multi-valued-context-keys.html`,
  multiKeyOrValue: `${IAM}/reference_policies_condition-logic-multiple-context-keys-or-values.html`,
  variables: `${IAM}/reference_policies_variables.html`,
  version: `${IAM}/reference_policies_elements_version.html`,
  globalKeys: `${IAM}/reference_policies_condition-keys.html`,
  boundaries: `${IAM}/access_policies_boundaries.html`,
  sessionPolicies: `${IAM}/access_policies.html#policies_session`,
  scps: 'https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_scps.html',
  scpEvaluation: 'https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_scps_evaluation.html',
  rcps: 'https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_rcps.html',
  rcpsKms: `${KMS}/resource-control-policies.html`,
};
