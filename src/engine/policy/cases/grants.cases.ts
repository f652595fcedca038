// Grants: the third allow path. A grant allows, never denies; constraints on the encryption context.

import type { EvalCase, GrantSpec } from './builder';
import { ACCT, ALICE, BOB, defaultKeyPolicy, DOCS, iamDeny, KEY, KEY2, kpStmt, pol, roleArn, rootStatement, sessionArn } from './fixtures';

const EXAMPLE = `arn:aws:iam::${ACCT}:user/exampleUser`;

const decryptGrant = (constraints?: GrantSpec['constraints']): GrantSpec => ({
  grantId: 'grant-decrypt',
  granteePrincipal: EXAMPLE,
  retiringPrincipal: roleArn('adminRole'),
  operations: ['Decrypt'],
  ...(constraints ? { constraints } : {}),
});

/** A grant case on KEY with the default key policy and no IAM policy for the caller. */
function gc(id: string, doc: string, why: string, rest: Omit<EvalCase, 'id' | 'doc' | 'why' | 'key' | 'keyPolicy'> & { keyPolicy?: EvalCase['keyPolicy'] }): EvalCase {
  return { id, doc, why, key: KEY, keyPolicy: defaultKeyPolicy(), ...rest };
}

export const grantCases: EvalCase[] = [
  gc('grant-allows-decrypt-without-policy', DOCS.grants, 'A grant allows its grantee the listed operations with no key policy or IAM policy permission.', {
    principal: EXAMPLE,
    action: 'kms:Decrypt',
    grants: [decryptGrant()],
    expect: 'Allow',
    because: [{ grant: 'grant-decrypt' }, { layer: 'grants', outcome: 'allowed' }],
  }),
  gc('grant-operation-not-listed', DOCS.grantConcepts, 'The grant lists only Decrypt; Encrypt is not a grant operation it allows.', {
    principal: EXAMPLE,
    action: 'kms:Encrypt',
    grants: [decryptGrant()],
    expect: 'ImplicitDeny',
    because: [{ grantNotApplied: 'grant-decrypt' }],
  }),
  gc(
    'grant-generate-data-key-does-not-cover-without-plaintext',
    DOCS.grantConcepts,
    'GenerateDataKey and GenerateDataKeyWithoutPlaintext are separate grant operations.',
    {
      principal: EXAMPLE,
      action: 'kms:GenerateDataKeyWithoutPlaintext',
      grants: [{ grantId: 'g-gdk', granteePrincipal: EXAMPLE, operations: ['GenerateDataKey'] }],
      expect: 'ImplicitDeny',
      because: [{ grantNotApplied: 'g-gdk' }],
    },
  ),
  gc('grant-other-grantee', DOCS.grantConcepts, 'A grant has one grantee principal; alice is not exampleUser.', {
    principal: ALICE,
    action: 'kms:Decrypt',
    grants: [decryptGrant()],
    expect: 'ImplicitDeny',
    because: [{ grantNotApplied: 'grant-decrypt' }],
  }),
  gc('grant-for-another-key', DOCS.grantConcepts, 'Each grant allows access to exactly one KMS key; this grant is for a different key.', {
    principal: EXAMPLE,
    action: 'kms:Decrypt',
    grants: [{ ...decryptGrant(), keyArn: KEY2 }],
    expect: 'ImplicitDeny',
    because: [{ layer: 'grants', notAllowed: true }],
  }),
  gc('grant-to-role-applies-to-session', DOCS.grantConcepts, 'A grant whose grantee is a role applies to the sessions of that role.', {
    principal: sessionArn('AppRole', 'instance-1'),
    action: 'kms:GenerateDataKey',
    grants: [{ grantId: 'g-role', granteePrincipal: roleArn('AppRole'), operations: ['GenerateDataKey', 'Decrypt'] }],
    expect: 'Allow',
    because: [{ grant: 'g-role' }],
  }),
  gc('grant-reencrypt-from', DOCS.grantConcepts, 'ReEncryptFrom is a grant operation.', {
    principal: EXAMPLE,
    action: 'kms:ReEncryptFrom',
    grants: [{ grantId: 'g-re', granteePrincipal: EXAMPLE, operations: ['ReEncryptFrom', 'ReEncryptTo'] }],
    expect: 'Allow',
    because: [{ grant: 'g-re' }],
  }),
  gc('grant-create-grant-operation', DOCS.grantAuthorization, 'A grant can give permission to call CreateGrant.', {
    principal: EXAMPLE,
    action: 'kms:CreateGrant',
    grants: [{ grantId: 'g-parent', granteePrincipal: EXAMPLE, operations: ['GenerateDataKey', 'Decrypt', 'CreateGrant'] }],
    expect: 'Allow',
    because: [{ grant: 'g-parent' }],
  }),
  gc('grant-cannot-allow-list-grants', DOCS.grantAuthorization, 'ListGrants is not a grant operation: only key policies and IAM policies control it.', {
    principal: EXAMPLE,
    action: 'kms:ListGrants',
    grants: [{ grantId: 'g-parent', granteePrincipal: EXAMPLE, operations: ['GenerateDataKey', 'Decrypt', 'CreateGrant'] }],
    expect: 'ImplicitDeny',
    because: [{ layer: 'grants', notAllowed: true }],
  }),

  // --- Constraints ----------------------------------------------------------------------------
  gc(
    'grant-subset-extra-pairs-allowed',
    DOCS.grantConstraints,
    'EncryptionContextSubset: the request includes Department=IT and may have other pairs (Purpose=Test).',
    {
      principal: EXAMPLE,
      action: 'kms:Decrypt',
      encryptionContext: { Department: 'IT', Purpose: 'Test' },
      grants: [decryptGrant({ encryptionContextSubset: { Department: 'IT' } })],
      expect: 'Allow',
      because: [{ grant: 'grant-decrypt' }],
    },
  ),
  gc('grant-subset-exact-allowed', DOCS.grantConstraints, 'EncryptionContextSubset is satisfied by exactly Department=IT.', {
    principal: EXAMPLE,
    action: 'kms:Decrypt',
    encryptionContext: { Department: 'IT' },
    grants: [decryptGrant({ encryptionContextSubset: { Department: 'IT' } })],
    expect: 'Allow',
    because: [{ grant: 'grant-decrypt' }],
  }),
  gc('grant-subset-wrong-value', DOCS.grantConstraints, 'Department=HR does not include the required Department=IT pair.', {
    principal: EXAMPLE,
    action: 'kms:Decrypt',
    encryptionContext: { Department: 'HR' },
    grants: [decryptGrant({ encryptionContextSubset: { Department: 'IT' } })],
    expect: 'ImplicitDeny',
    because: [{ grantNotApplied: 'grant-decrypt' }],
  }),
  gc('grant-subset-no-context', DOCS.grantConstraints, 'A request with no encryption context does not include Department=IT.', {
    principal: EXAMPLE,
    action: 'kms:Decrypt',
    grants: [decryptGrant({ encryptionContextSubset: { Department: 'IT' } })],
    expect: 'ImplicitDeny',
    because: [{ grantNotApplied: 'grant-decrypt' }],
  }),
  gc('grant-subset-value-case-sensitive', DOCS.grantConstraints, 'Constraint values are an exact, case-sensitive match: Department=it is not Department=IT.', {
    principal: EXAMPLE,
    action: 'kms:Decrypt',
    encryptionContext: { Department: 'it' },
    grants: [decryptGrant({ encryptionContextSubset: { Department: 'IT' } })],
    expect: 'ImplicitDeny',
    because: [{ grantNotApplied: 'grant-decrypt' }],
  }),
  gc('grant-equals-exact-allowed', DOCS.grantConstraints, 'EncryptionContextEquals is satisfied by exactly Department=IT.', {
    principal: EXAMPLE,
    action: 'kms:Decrypt',
    encryptionContext: { Department: 'IT' },
    grants: [decryptGrant({ encryptionContextEquals: { Department: 'IT' } })],
    expect: 'Allow',
    because: [{ grant: 'grant-decrypt' }],
  }),
  gc('grant-equals-extra-pair-denied', DOCS.grantConstraints, 'Department=IT,Purpose=Test satisfies Subset but fails EncryptionContextEquals.', {
    principal: EXAMPLE,
    action: 'kms:Decrypt',
    encryptionContext: { Department: 'IT', Purpose: 'Test' },
    grants: [decryptGrant({ encryptionContextEquals: { Department: 'IT' } })],
    expect: 'ImplicitDeny',
    because: [{ grantNotApplied: 'grant-decrypt' }],
  }),
  gc('grant-equals-pairs-any-order', DOCS.grantConstraints, 'The pairs can appear in any order.', {
    principal: EXAMPLE,
    action: 'kms:Decrypt',
    encryptionContext: { tableName: 'Services', subscriberID: ACCT },
    grants: [decryptGrant({ encryptionContextEquals: { subscriberID: ACCT, tableName: 'Services' } })],
    expect: 'Allow',
    because: [{ grant: 'grant-decrypt' }],
  }),
  gc('grant-dynamodb-service-grant', DOCS.grantConstraints, 'DynamoDB’s grant on its AWS managed key allows the service for one table (EncryptionContextSubset).', {
    principal: 'dynamodb.us-west-2.amazonaws.com',
    action: 'kms:GenerateDataKey',
    keyManager: 'AWS',
    encryptionContext: { 'aws:dynamodb:tableName': 'Services', 'aws:dynamodb:subscriberId': ACCT },
    grants: [
      {
        grantId: 'g-dynamodb',
        granteePrincipal: 'dynamodb.us-west-2.amazonaws.com',
        retiringPrincipal: 'dynamodb.us-west-2.amazonaws.com',
        operations: ['Decrypt', 'Encrypt', 'GenerateDataKey', 'ReEncryptFrom', 'ReEncryptTo', 'RetireGrant', 'DescribeKey'],
        constraints: { encryptionContextSubset: { 'aws:dynamodb:tableName': 'Services', 'aws:dynamodb:subscriberId': ACCT } },
      },
    ],
    expect: 'Allow',
    because: [{ grant: 'g-dynamodb' }],
  }),
  gc('grant-dynamodb-service-grant-other-table', DOCS.grantConstraints, 'The same grant does not cover another table.', {
    principal: 'dynamodb.us-west-2.amazonaws.com',
    action: 'kms:Decrypt',
    keyManager: 'AWS',
    encryptionContext: { 'aws:dynamodb:tableName': 'Orders', 'aws:dynamodb:subscriberId': ACCT },
    grants: [
      {
        grantId: 'g-dynamodb',
        granteePrincipal: 'dynamodb.us-west-2.amazonaws.com',
        operations: ['Decrypt', 'Encrypt', 'GenerateDataKey', 'ReEncryptFrom', 'ReEncryptTo', 'RetireGrant', 'DescribeKey'],
        constraints: { encryptionContextSubset: { 'aws:dynamodb:tableName': 'Services', 'aws:dynamodb:subscriberId': ACCT } },
      },
    ],
    expect: 'ImplicitDeny',
    because: [{ grantNotApplied: 'g-dynamodb' }],
  }),
  gc(
    'grant-constraints-ignored-for-describe-key',
    DOCS.grantConstraintsApi,
    'Encryption context constraints apply only to operations that take an encryption context; DescribeKey is allowed regardless.',
    {
      principal: EXAMPLE,
      action: 'kms:DescribeKey',
      grants: [{ grantId: 'g-desc', granteePrincipal: EXAMPLE, operations: ['Decrypt', 'DescribeKey'], constraints: { encryptionContextEquals: { Department: 'IT' } } }],
      expect: 'Allow',
      because: [{ grant: 'g-desc' }],
    },
  ),

  // --- A grant never denies; explicit denies beat it --------------------------------------------
  gc('grant-key-policy-deny-wins', DOCS.troubleshooting, 'An explicit Deny in the key policy overrides the grant.', {
    principal: EXAMPLE,
    action: 'kms:Decrypt',
    keyPolicy: pol(rootStatement(), kpStmt('DenyExampleUser', 'Deny', EXAMPLE, 'kms:Decrypt')),
    grants: [decryptGrant()],
    expect: 'ExplicitDeny',
    because: [{ sid: 'DenyExampleUser', kind: 'key' }],
  }),
  gc('grant-iam-deny-wins', DOCS.troubleshooting, 'An explicit Deny in an IAM policy overrides the grant.', {
    principal: EXAMPLE,
    action: 'kms:Decrypt',
    identityPolicies: [pol(iamDeny('NoDecrypt', 'kms:Decrypt', '*'))],
    grants: [decryptGrant()],
    expect: 'ExplicitDeny',
    because: [{ sid: 'NoDecrypt', kind: 'identity' }],
  }),
  gc('grant-does-not-deny-other-paths', DOCS.grants, 'A grant can allow but not deny: a grant for Encrypt does not stop a key policy Allow for Decrypt.', {
    principal: BOB,
    action: 'kms:Decrypt',
    keyPolicy: pol(kpStmt('AllowBob', 'Allow', BOB, 'kms:Decrypt')),
    grants: [{ grantId: 'g-enc', granteePrincipal: BOB, operations: ['Encrypt'] }],
    expect: 'Allow',
    because: [{ sid: 'AllowBob', kind: 'key' }],
  }),
  gc('grant-unmet-constraint-does-not-deny', DOCS.grants, 'A grant whose constraint is not met simply does not apply; the key policy Allow still decides.', {
    principal: BOB,
    action: 'kms:Decrypt',
    keyPolicy: pol(kpStmt('AllowBob', 'Allow', BOB, 'kms:Decrypt')),
    encryptionContext: { Department: 'HR' },
    grants: [{ grantId: 'g-it', granteePrincipal: BOB, operations: ['Decrypt'], constraints: { encryptionContextEquals: { Department: 'IT' } } }],
    expect: 'Allow',
    because: [{ sid: 'AllowBob', kind: 'key' }],
  }),
];
