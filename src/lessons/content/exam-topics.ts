// The topics certification exams ask about: encryption context, grants, kms:ViaService and AWS
// managed keys, cross-account use, disabling vs deleting, importing key material, multi-Region keys,
// asymmetric keys and signing.
import {
  ACCOUNT, KEY_IDS, OTHER_ACCOUNT, USER_ACTIONS, allowKeyPolicy, defaultKeyPolicy, enableIam, iamAllow, keyArn, policy, role, root, scenario, src, user, API,
} from '../author';
import type { Lesson } from '../model';
import { clockPlus, json, ref, utf8 } from '../values';

const A = keyArn(KEY_IDS.a);
const B = keyArn(KEY_IDS.b);
const ANALYTICS = role('analytics');

const encryptionContext: Lesson = {
  id: 'encryption-context',
  title: 'Encryption context: bound to the ciphertext, usable in policies',
  topic: 'encryption-context',
  summary: 'The encryption context is additional authenticated data: Decrypt needs the exact same pairs. Policies can require it with kms:EncryptionContext:<key>.',
  notes: ['crypto-operations'],
  sources: [
    src('Encryption context', 'encrypt_context.html'),
    src('kms:EncryptionContext:context-key', 'conditions-kms.html#conditions-kms-encryption-context'),
  ],
  scenario: scenario({
    title: 'Project data',
    principals: [{ arn: ANALYTICS, policies: [policy(iamAllow(['kms:Encrypt', 'kms:Decrypt'], A))] }],
    keys: [{ arn: A, description: 'project data', policy: defaultKeyPolicy() }],
  }),
  steps: [
    { id: 'e', narration: 'You encrypt a report with EncryptionContext project=alpha. KMS binds the pairs to the ciphertext as AES-GCM additional data.', action: { call: 'Encrypt', request: { KeyId: A, Plaintext: utf8('alpha report'), EncryptionContext: { project: 'alpha' } } }, expect: 'success' },
    {
      id: 'no-ec',
      narration: 'You decrypt without the encryption context.',
      action: { call: 'Decrypt', request: { CiphertextBlob: ref('e.CiphertextBlob') } },
      expect: { error: 'InvalidCiphertextException' },
      predict: {
        kind: 'outcome',
        question: 'Decrypt without the encryption context that was used to encrypt?',
        choices: [
          { id: 'ok', label: 'It works: the context is only metadata', outcome: 'success' },
          { id: 'invalid', label: 'InvalidCiphertextException', outcome: 'InvalidCiphertextException' },
          { id: 'denied', label: 'AccessDeniedException', outcome: 'AccessDeniedException' },
        ],
      },
    },
    {
      id: 'case',
      narration: 'You decrypt with project=Alpha, a capital A.',
      action: { call: 'Decrypt', request: { CiphertextBlob: ref('e.CiphertextBlob'), EncryptionContext: { project: 'Alpha' } } },
      expect: { error: 'InvalidCiphertextException' },
      predict: {
        kind: 'outcome',
        question: 'Is the match case-sensitive?',
        choices: [
          { id: 'ok', label: 'No: it decrypts', outcome: 'success' },
          { id: 'invalid', label: 'Yes: InvalidCiphertextException', outcome: 'InvalidCiphertextException' },
        ],
      },
    },
    { id: 'exact', narration: 'You decrypt with exactly project=alpha.', action: { call: 'Decrypt', request: { CiphertextBlob: ref('e.CiphertextBlob'), EncryptionContext: { project: 'alpha' } } }, expect: 'success' },
    { id: 'e2', narration: 'You encrypt with two pairs, project=alpha and stage=prod.', action: { call: 'Encrypt', request: { KeyId: A, Plaintext: utf8('x'), EncryptionContext: { project: 'alpha', stage: 'prod' } } } },
    {
      id: 'order',
      narration: 'You decrypt with the same two pairs, written in the other order.',
      action: { call: 'Decrypt', request: { CiphertextBlob: ref('e2.CiphertextBlob'), EncryptionContext: { stage: 'prod', project: 'alpha' } } },
      predict: {
        kind: 'outcome',
        question: 'Does the order of the pairs matter?',
        choices: [
          { id: 'ok', label: 'No: it decrypts', outcome: 'success' },
          { id: 'invalid', label: 'Yes: InvalidCiphertextException', outcome: 'InvalidCiphertextException' },
        ],
      },
    },
    {
      id: 'subset',
      narration: 'You decrypt with only project=alpha: a subset of the pairs.',
      action: { call: 'Decrypt', request: { CiphertextBlob: ref('e2.CiphertextBlob'), EncryptionContext: { project: 'alpha' } } },
      expect: { error: 'InvalidCiphertextException' },
    },
    { id: 'policy-blind', narration: 'The analytics role asks to decrypt with no context. Its IAM policy does not look at the context yet.', action: { evaluate: { as: ANALYTICS, action: 'kms:Decrypt', key: A } }, predict: { kind: 'decision', question: 'Is analytics allowed to call Decrypt without an encryption context?' } },
  ],
  goal: {
    description: 'Let the analytics role decrypt only with EncryptionContext project=alpha: allowed with it, denied without it or with another project.',
    checks: [
      { label: 'analytics decrypts the alpha report with project=alpha', action: { call: 'Decrypt', as: ANALYTICS, request: { CiphertextBlob: ref('e.CiphertextBlob'), EncryptionContext: { project: 'alpha' } } }, expect: 'success' },
      { label: 'analytics is denied without an encryption context', action: { evaluate: { as: ANALYTICS, action: 'kms:Decrypt', key: A } }, expect: { decision: 'Deny' } },
      { label: 'analytics is denied with project=beta', action: { evaluate: { as: ANALYTICS, action: 'kms:Decrypt', key: A, encryptionContext: { project: 'beta' } } }, expect: { decision: 'Deny' } },
    ],
  },
  solution: [{ action: { putPrincipal: { arn: ANALYTICS, policies: [policy(iamAllow('kms:Decrypt', A, { StringEquals: { 'kms:EncryptionContext:project': 'alpha' } }))] } } }],
  hints: [
    'In “Set an IAM policy (outside KMS)” for role/analytics, tick kms:Decrypt, pick “kms:EncryptionContext:<key>” in “Condition key”, type project in “Encryption context key” and alpha in “Condition value (StringEquals)”.',
    'A missing context key makes StringEquals false, so no context means no allow.',
  ],
};

const WORKER = role('worker');
const OPS = role('ops');

const grants: Lesson = {
  id: 'grants',
  title: 'Grants: temporary, narrow permissions',
  topic: 'grants',
  summary: 'A grant lets a principal use a key for some operations, optionally only with a given encryption context. It can be retired by its retiring principal or revoked by a key administrator.',
  notes: [],
  requires: ['CreateGrant', 'ListGrants', 'RetireGrant', 'RevokeGrant'],
  sources: [src('Grants in AWS KMS', 'grants.html'), src('Grant constraints', 'create-grant-overview.html#grant-constraints'), src('Retiring and revoking grants', 'grant-manage.html')],
  scenario: scenario({
    title: 'A batch worker',
    principals: [{ arn: WORKER }, { arn: OPS }],
    keys: [{ arn: A, description: 'tenant data', policy: defaultKeyPolicy() }],
  }),
  steps: [
    { id: 'before', narration: 'The worker has no IAM policy and the key policy does not name it. It asks for a data key.', action: { call: 'GenerateDataKey', as: WORKER, request: { KeyId: A, KeySpec: 'AES_256', EncryptionContext: { tenant: 'acme' } } }, predict: { kind: 'decision', question: 'Can the worker generate a data key?' } },
    {
      id: 'g',
      narration: 'You create a grant: the worker may GenerateDataKey and Decrypt, only when the encryption context includes tenant=acme. The ops role may retire it.',
      action: { call: 'CreateGrant', request: { KeyId: A, GranteePrincipal: WORKER, RetiringPrincipal: OPS, Operations: ['GenerateDataKey', 'Decrypt'], Constraints: { EncryptionContextSubset: { tenant: 'acme' } }, Name: 'batch-acme' } },
      expect: 'success',
    },
    { id: 'gdk', narration: 'The worker asks again with tenant=acme and file=jan.csv, passing the grant token so the grant works at once.', action: { call: 'GenerateDataKey', as: WORKER, request: { KeyId: A, KeySpec: 'AES_256', EncryptionContext: { tenant: 'acme', file: 'jan.csv' }, GrantTokens: [ref('g.GrantToken')] } }, predict: { kind: 'decision', question: 'With the grant, and a context that contains tenant=acme?' } },
    { id: 'other-tenant', narration: 'The worker asks for a data key for tenant=globex.', action: { call: 'GenerateDataKey', as: WORKER, request: { KeyId: A, KeySpec: 'AES_256', EncryptionContext: { tenant: 'globex' } } }, predict: { kind: 'decision', question: 'Does the grant cover tenant=globex?' } },
    {
      id: 'list',
      narration: 'You list the key\u2019s grants.',
      action: { call: 'ListGrants', request: { KeyId: A } },
      predict: { kind: 'value', question: 'How many grants does the key have?', probe: '$list.Grants.length', choices: [{ id: '0', label: '0', value: 0 }, { id: '1', label: '1', value: 1 }, { id: '2', label: '2', value: 2 }] },
    },
    { id: 'retire', narration: 'The job is done. The ops role, the retiring principal, retires the grant with its token.', action: { call: 'RetireGrant', as: OPS, request: { GrantToken: ref('g.GrantToken') } }, expect: 'success' },
    { id: 'after-retire', narration: 'The worker asks for a data key for acme once more.', action: { call: 'GenerateDataKey', as: WORKER, request: { KeyId: A, KeySpec: 'AES_256', EncryptionContext: { tenant: 'acme' } } }, expect: { error: 'AccessDeniedException' } },
    { id: 'g2', narration: 'You grant the worker Encrypt, then change your mind.', action: { call: 'CreateGrant', request: { KeyId: A, GranteePrincipal: WORKER, Operations: ['Encrypt'] } }, expect: 'success' },
    { id: 'revoke', narration: 'You revoke that grant: a key administrator revokes with the key id and the grant id.', action: { call: 'RevokeGrant', request: { KeyId: A, GrantId: ref('g2.GrantId') } }, expect: 'success' },
  ],
  goal: {
    description: 'With a grant (not a policy), let the worker decrypt acme\u2019s data keys again — only with tenant=acme in the context.',
    checks: [
      { label: 'worker decrypts the jan.csv data key', action: { call: 'Decrypt', as: WORKER, request: { CiphertextBlob: ref('gdk.CiphertextBlob'), EncryptionContext: { tenant: 'acme', file: 'jan.csv' } } }, expect: 'success' },
      { label: 'worker is denied for tenant=globex', action: { evaluate: { as: WORKER, action: 'kms:Decrypt', key: A, encryptionContext: { tenant: 'globex' } } }, expect: { decision: 'Deny' } },
      { label: 'the key has exactly one grant', action: { call: 'ListGrants', request: { KeyId: A } }, expect: { equals: { path: 'Grants.length', value: 1 } } },
    ],
  },
  solution: [{ action: { call: 'CreateGrant', request: { KeyId: A, GranteePrincipal: WORKER, Operations: ['Decrypt'], Constraints: { EncryptionContextSubset: { tenant: 'acme' } } } } }],
  hints: [
    'Choose “CreateGrant”: role/worker in “Grantee principal”, Decrypt in “Operations”, “EncryptionContextSubset” in “Encryption context constraint” and tenant=acme in “Constraint pairs”.',
    'Subset: the request’s context must contain these pairs (it may have more).',
  ],
};

const APP = role('app');
const viaService: Lesson = {
  id: 'via-service',
  title: 'kms:ViaService: only through a service',
  topic: 'via-service',
  summary: 'kms:ViaService limits a key to requests an AWS service makes on your behalf. AWS managed keys use it: any principal in the account, only through the service.',
  notes: ['aws-vs-customer'],
  requires: ['awsManagedKey'],
  sources: [src('kms:ViaService', 'conditions-kms.html#conditions-kms-via-service'), src('AWS managed keys', 'concepts.html#aws-managed-cmk')],
  scenario: scenario({
    title: 'Secrets only through Secrets Manager',
    principals: [{ arn: APP, policies: [policy(iamAllow(['kms:Decrypt', 'kms:GenerateDataKey'], A))] }],
    keys: [{ arn: A, description: 'secrets', policy: defaultKeyPolicy() }],
  }),
  steps: [
    { id: 'direct', narration: 'The app calls GenerateDataKey itself.', action: { call: 'GenerateDataKey', as: APP, request: { KeyId: A, KeySpec: 'AES_256' } }, predict: { kind: 'decision', question: 'Is the direct call allowed?' } },
    { id: 'via', narration: 'Secrets Manager makes the call for the app; the request carries kms:ViaService = secretsmanager.us-east-1.amazonaws.com.', action: { call: 'GenerateDataKey', as: APP, context: { 'kms:ViaService': 'secretsmanager.us-east-1.amazonaws.com' }, request: { KeyId: A, KeySpec: 'AES_256' } }, expect: 'success' },
    { id: 's3key', narration: 'S3 creates its AWS managed key, alias/aws/s3.', action: { awsManagedKey: { service: 's3' } } },
    { id: 'policy', narration: 'You read its key policy: Principal "*" with kms:CallerAccount = your account and kms:ViaService = s3.us-east-1.amazonaws.com.', action: { call: 'GetKeyPolicy', request: { KeyId: ref('s3key.KeyId'), PolicyName: 'default' } } },
    { id: 's3-direct', narration: 'The app encrypts with alias/aws/s3 directly.', action: { call: 'Encrypt', as: APP, request: { KeyId: 'alias/aws/s3', Plaintext: utf8('x') } }, predict: { kind: 'decision', question: 'Can the app use the S3 AWS managed key directly?' } },
    { id: 's3-via', narration: 'S3 encrypts for the app.', action: { call: 'Encrypt', as: APP, context: { 'kms:ViaService': 's3.us-east-1.amazonaws.com' }, request: { KeyId: 'alias/aws/s3', Plaintext: utf8('x') } }, predict: { kind: 'decision', question: 'And through S3?' } },
    { id: 's3-via-ssm', narration: 'Another service, SSM, tries the S3 key for the app.', action: { call: 'Encrypt', as: APP, context: { 'kms:ViaService': 'ssm.us-east-1.amazonaws.com' }, request: { KeyId: 'alias/aws/s3', Plaintext: utf8('x') } }, expect: { error: 'AccessDeniedException' } },
  ],
  goal: {
    description: 'Let the app use the secrets key only through Secrets Manager in us-east-1: allowed via secretsmanager, denied directly and via any other service.',
    checks: [
      { label: 'Decrypt via secretsmanager is allowed', action: { evaluate: { as: APP, action: 'kms:Decrypt', key: A, context: { 'kms:ViaService': 'secretsmanager.us-east-1.amazonaws.com' } } }, expect: { decision: 'Allow' } },
      { label: 'GenerateDataKey via secretsmanager is allowed', action: { call: 'GenerateDataKey', as: APP, context: { 'kms:ViaService': 'secretsmanager.us-east-1.amazonaws.com' }, request: { KeyId: A, KeySpec: 'AES_256' } }, expect: 'success' },
      { label: 'a direct Decrypt is denied', action: { evaluate: { as: APP, action: 'kms:Decrypt', key: A } }, expect: { decision: 'Deny' } },
      { label: 'Decrypt via S3 is denied', action: { evaluate: { as: APP, action: 'kms:Decrypt', key: A, context: { 'kms:ViaService': 's3.us-east-1.amazonaws.com' } } }, expect: { decision: 'Deny' } },
    ],
  },
  solution: [
    { action: { putPrincipal: { arn: APP, policies: [policy(iamAllow(['kms:Decrypt', 'kms:GenerateDataKey'], A, { StringEquals: { 'kms:ViaService': 'secretsmanager.us-east-1.amazonaws.com' } }))] } } },
  ],
  hints: [
    'In “Set an IAM policy (outside KMS)” for role/app, tick kms:Decrypt and kms:GenerateDataKey, pick “kms:ViaService” in “Condition key” and type secretsmanager.us-east-1.amazonaws.com in “Condition value (StringEquals)”.',
    'Direct calls carry no kms:ViaService, so the condition is false for them.',
  ],
};

const PARTNER = role('partner', OTHER_ACCOUNT);
const INTERN = user('intern', OTHER_ACCOUNT);

const crossAccount: Lesson = {
  id: 'cross-account',
  title: 'Cross-account use: both accounts must agree',
  topic: 'cross-account',
  summary: 'To use a key in another account, the key policy must allow the other account (or principal) AND the caller\u2019s own IAM policy must allow. The caller must name the key by ARN.',
  notes: ['key-policy', 'trust-not-automatic'],
  sources: [src('Allowing users in other accounts to use a KMS key', 'key-policy-modifying-external-accounts.html'), src('Cross-account access', 'cross-account-console.html')],
  scenario: scenario({
    title: 'A partner account',
    accounts: [{ id: ACCOUNT, name: 'data-owner' }, { id: OTHER_ACCOUNT, name: 'partner' }],
    principals: [{ arn: PARTNER, policies: [policy(iamAllow(['kms:Encrypt', 'kms:Decrypt'], A))] }, { arn: INTERN }],
    keys: [{ arn: A, description: 'shared with the partner', policy: defaultKeyPolicy() }],
  }),
  steps: [
    {
      id: 'by-id',
      narration: 'The partner role calls Encrypt with the bare key id.',
      action: { call: 'Encrypt', as: PARTNER, request: { KeyId: KEY_IDS.a, Plaintext: utf8('x') } },
      expect: { error: 'NotFoundException' },
      predict: {
        kind: 'outcome',
        question: 'A bare key id, from another account?',
        choices: [
          { id: 'ok', label: 'It works', outcome: 'success' },
          { id: 'nf', label: 'NotFoundException: KMS looks in the caller\u2019s own account', outcome: 'NotFoundException' },
          { id: 'ad', label: 'AccessDeniedException', outcome: 'AccessDeniedException' },
        ],
      },
    },
    { id: 'by-arn', narration: 'The partner role uses the key ARN. Its own IAM policy allows kms:Encrypt on that ARN.', action: { call: 'Encrypt', as: PARTNER, request: { KeyId: A, Plaintext: utf8('x') } }, predict: { kind: 'decision', question: 'The partner\u2019s IAM allows it. Is the call allowed?' } },
    { id: 'owner-side', narration: 'Look at the decision: the key policy trusts only account 111122223333. The owner has to agree too.', action: { evaluate: { as: PARTNER, action: 'kms:Encrypt', key: A } }, expect: { decision: 'ImplicitDeny' } },
  ],
  goal: {
    description: 'Let the partner role (account 444455556666) encrypt and decrypt with the key by ARN. Principals there without an IAM policy stay denied.',
    checks: [
      { id: 'ce', label: 'partner encrypts by ARN', action: { call: 'Encrypt', as: PARTNER, request: { KeyId: A, Plaintext: utf8('shared') } }, expect: 'success' },
      { label: 'partner decrypts', action: { call: 'Decrypt', as: PARTNER, request: { CiphertextBlob: ref('ce.CiphertextBlob') } }, expect: 'success' },
      { label: 'the intern (no IAM policy) is denied', action: { evaluate: { as: INTERN, action: 'kms:Encrypt', key: A } }, expect: { decision: 'Deny' } },
    ],
  },
  solution: [
    {
      action: {
        call: 'PutKeyPolicy',
        request: { KeyId: KEY_IDS.a, PolicyName: 'default', Policy: json(policy(enableIam(), allowKeyPolicy(root(OTHER_ACCOUNT), USER_ACTIONS, 'Allow use of the key by account 444455556666'))) },
      },
    },
  ],
  hints: [
    'Choose “PutKeyPolicy”: keep every statement in “Statements to keep”, pick the 444455556666 root in “New statement’s Principal” and tick “Key users” in “Actions (sets)”.',
    'The partner account then delegates with its own IAM policies — the partner role already has one.',
  ],
};

const disableVsDelete: Lesson = {
  id: 'disable-vs-delete',
  title: 'Disabling vs deleting: crypto-shredding',
  topic: 'disable-delete',
  summary: 'Disabling is reversible. Deleting waits 7 to 30 days (PendingDeletion, cancellable — the key comes back Disabled), then the key and its material are gone and every ciphertext under it is unrecoverable.',
  notes: ['manage-keys'],
  sources: [src('Deleting AWS KMS keys', 'deleting-keys.html'), src('Enabling and disabling keys', 'enabling-keys.html'), src('Key states', 'key-state.html')],
  scenario: scenario({
    title: 'Right to be forgotten',
    keys: [
      { arn: A, description: 'practice key', policy: defaultKeyPolicy() },
      { arn: B, description: 'customer 42', aliases: ['alias/customer-42'], policy: defaultKeyPolicy() },
    ],
  }),
  steps: [
    { id: 'e', narration: 'You encrypt something with the practice key.', action: { call: 'Encrypt', request: { KeyId: KEY_IDS.a, Plaintext: utf8('practice') } } },
    { id: 'disable', narration: 'You disable the key.', action: { call: 'DisableKey', request: { KeyId: KEY_IDS.a } }, expect: 'success' },
    {
      id: 'dec-disabled',
      narration: 'You decrypt with the disabled key.',
      action: { call: 'Decrypt', request: { CiphertextBlob: ref('e.CiphertextBlob') } },
      expect: { error: 'DisabledException' },
      predict: {
        kind: 'outcome',
        question: 'Decrypt with a Disabled key?',
        choices: [
          { id: 'ok', label: 'Works: disabling stops only Encrypt', outcome: 'success' },
          { id: 'disabled', label: 'DisabledException', outcome: 'DisabledException' },
          { id: 'state', label: 'KMSInvalidStateException', outcome: 'KMSInvalidStateException' },
        ],
      },
    },
    { id: 'enable', narration: 'You enable it: disabling is reversible.', action: { call: 'EnableKey', request: { KeyId: KEY_IDS.a } }, expect: 'success' },
    { id: 'dec-enabled', narration: 'The ciphertext decrypts again.', action: { call: 'Decrypt', request: { CiphertextBlob: ref('e.CiphertextBlob') } }, expect: 'success' },
    {
      id: 'schedule',
      narration: 'You schedule the key\u2019s deletion with the shortest waiting period, 7 days.',
      action: { call: 'ScheduleKeyDeletion', request: { KeyId: KEY_IDS.a, PendingWindowInDays: 7 } },
      predict: {
        kind: 'value',
        question: 'What state is the key in right after ScheduleKeyDeletion?',
        probe: '$schedule.KeyState',
        choices: [
          { id: 'pending', label: 'PendingDeletion', value: 'PendingDeletion' },
          { id: 'disabled', label: 'Disabled', value: 'Disabled' },
          { id: 'deleted', label: 'Deleted', value: 'Deleted' },
        ],
      },
    },
    {
      id: 'dec-pending',
      narration: 'You decrypt while the key waits for deletion.',
      action: { call: 'Decrypt', request: { CiphertextBlob: ref('e.CiphertextBlob') } },
      expect: { error: 'KMSInvalidStateException' },
      predict: {
        kind: 'outcome',
        question: 'Decrypt during the waiting period?',
        choices: [
          { id: 'ok', label: 'Works until the key is actually deleted', outcome: 'success' },
          { id: 'disabled', label: 'DisabledException', outcome: 'DisabledException' },
          { id: 'state', label: 'KMSInvalidStateException', outcome: 'KMSInvalidStateException' },
        ],
      },
    },
    { id: 'cancel', narration: 'You cancel the deletion.', action: { call: 'CancelKeyDeletion', request: { KeyId: KEY_IDS.a } }, expect: 'success' },
    {
      id: 'after-cancel',
      narration: 'You describe the key.',
      action: { call: 'DescribeKey', request: { KeyId: KEY_IDS.a } },
      predict: {
        kind: 'value',
        question: 'What state does CancelKeyDeletion leave the key in?',
        probe: '$after-cancel.KeyMetadata.KeyState',
        choices: [
          { id: 'enabled', label: 'Enabled, as before', value: 'Enabled' },
          { id: 'disabled', label: 'Disabled', value: 'Disabled' },
          { id: 'pending', label: 'PendingDeletion', value: 'PendingDeletion' },
        ],
      },
    },
    { id: 'e42', narration: 'Customer 42\u2019s data is encrypted under its own key.', action: { call: 'Encrypt', request: { KeyId: 'alias/customer-42', Plaintext: utf8('customer 42 profile') } }, expect: 'success' },
  ],
  goal: {
    description: 'Customer 42 asked to be forgotten. Crypto-shred their data: the key behind alias/customer-42 must be deleted for good.',
    checks: [
      { label: 'the key no longer exists', action: { call: 'DescribeKey', request: { KeyId: KEY_IDS.b } }, expect: { error: 'NotFoundException' } },
      { label: 'customer 42\u2019s ciphertext can never be decrypted', action: { call: 'Decrypt', request: { CiphertextBlob: ref('e42.CiphertextBlob') } }, expect: { error: 'any' } },
      { label: 'the alias went with the key', action: { call: 'Encrypt', request: { KeyId: 'alias/customer-42', Plaintext: utf8('x') } }, expect: { error: 'NotFoundException' } },
    ],
  },
  solution: [
    { action: { call: 'ScheduleKeyDeletion', request: { KeyId: KEY_IDS.b, PendingWindowInDays: 7 } } },
    { action: { advanceClock: { days: 7, hours: 1 } } },
  ],
  hints: [
    'Choose “ScheduleKeyDeletion” with the key of alias/customer-42 and 7 in “Waiting period (days)”; then “Let time pass (simulated clock)” with 8 in “Days to pass”.',
    'Until the date passes you can still cancel (“CancelKeyDeletion”).',
  ],
};

const X = keyArn(KEY_IDS.c);
const importKeyMaterial: Lesson = {
  id: 'import-key-material',
  title: 'Importing key material (BYOK)',
  topic: 'import-key-material',
  summary: 'A key with Origin EXTERNAL starts PendingImport. You wrap your material with KMS\u2019s public wrapping key, import it with an expiry, and re-import the same material when it expires.',
  notes: ['generated-or-imported'],
  requires: ['GetParametersForImport', 'ImportKeyMaterial'],
  sources: [src('Importing key material', 'importing-keys.html'), src('ImportKeyMaterial', 'API_ImportKeyMaterial.html', API), src('GetParametersForImport', 'API_GetParametersForImport.html', API)],
  scenario: scenario({ title: 'Bring your own key', keys: [{ arn: X, description: 'BYOK', origin: 'EXTERNAL', policy: defaultKeyPolicy() }] }),
  steps: [
    {
      id: 'describe',
      narration: 'You describe the EXTERNAL-origin key.',
      action: { call: 'DescribeKey', request: { KeyId: KEY_IDS.c } },
      predict: {
        kind: 'value',
        question: 'What is its state before any import?',
        probe: '$describe.KeyMetadata.KeyState',
        choices: [
          { id: 'enabled', label: 'Enabled', value: 'Enabled' },
          { id: 'pending', label: 'PendingImport', value: 'PendingImport' },
          { id: 'disabled', label: 'Disabled', value: 'Disabled' },
        ],
      },
    },
    { id: 'material', narration: 'You generate 256 bits of key material in your own HSM (here: your app).', action: { local: 'random', bytes: 32 } },
    { id: 'params', narration: 'You ask KMS for import parameters: an RSA public wrapping key and an import token, valid 24 hours.', action: { call: 'GetParametersForImport', request: { KeyId: KEY_IDS.c, WrappingAlgorithm: 'RSAES_OAEP_SHA_256', WrappingKeySpec: 'RSA_2048' } }, expect: 'success' },
    { id: 'wrapped', narration: 'You wrap the material with RSAES_OAEP_SHA_256 under the public wrapping key. Only KMS can unwrap it.', action: { local: 'rsa-oaep-encrypt', publicKey: ref('params.PublicKey'), data: ref('material.Bytes'), hash: 'SHA-256' } },
    {
      id: 'import',
      narration: 'You import it, set to expire in 30 days.',
      action: { call: 'ImportKeyMaterial', request: { KeyId: KEY_IDS.c, ImportToken: ref('params.ImportToken'), EncryptedKeyMaterial: ref('wrapped.Ciphertext'), ExpirationModel: 'KEY_MATERIAL_EXPIRES', ValidTo: clockPlus({ days: 30 }) } },
      expect: 'success',
    },
    { id: 'e', narration: 'The key is Enabled. You encrypt with it.', action: { call: 'Encrypt', request: { KeyId: KEY_IDS.c, Plaintext: utf8('ledger') } }, expect: 'success' },
    { id: 'wait', narration: '31 days pass. The material expires and KMS deletes it.', action: { advanceClock: { days: 31 } } },
    {
      id: 'expired',
      narration: 'You describe the key.',
      action: { call: 'DescribeKey', request: { KeyId: KEY_IDS.c } },
      predict: {
        kind: 'value',
        question: 'What state is the key in after its material expired?',
        probe: '$expired.KeyMetadata.KeyState',
        choices: [
          { id: 'enabled', label: 'Enabled', value: 'Enabled' },
          { id: 'pending-import', label: 'PendingImport', value: 'PendingImport' },
          { id: 'pending-deletion', label: 'PendingDeletion', value: 'PendingDeletion' },
        ],
      },
    },
    { id: 'dec-expired', narration: 'You decrypt the ledger.', action: { call: 'Decrypt', request: { CiphertextBlob: ref('e.CiphertextBlob') } }, expect: { error: 'KMSInvalidStateException' } },
  ],
  goal: {
    description: 'Bring the key back so last month\u2019s ledger decrypts again, and make the material never expire.',
    checks: [
      { label: 'the ledger decrypts', action: { call: 'Decrypt', request: { CiphertextBlob: ref('e.CiphertextBlob') } }, expect: 'success' },
      { label: 'the material does not expire', action: { call: 'DescribeKey', request: { KeyId: KEY_IDS.c } }, expect: { equals: { path: 'KeyMetadata.ExpirationModel', value: 'KEY_MATERIAL_DOES_NOT_EXPIRE' } } },
    ],
  },
  solution: [
    { id: 'p2', action: { call: 'GetParametersForImport', request: { KeyId: KEY_IDS.c, WrappingAlgorithm: 'RSAES_OAEP_SHA_256', WrappingKeySpec: 'RSA_2048' } } },
    { id: 'w2', action: { local: 'rsa-oaep-encrypt', publicKey: ref('p2.PublicKey'), data: ref('material.Bytes'), hash: 'SHA-256' } },
    { action: { call: 'ImportKeyMaterial', request: { KeyId: KEY_IDS.c, ImportToken: ref('p2.ImportToken'), EncryptedKeyMaterial: ref('w2.Ciphertext'), ExpirationModel: 'KEY_MATERIAL_DOES_NOT_EXPIRE' } } },
  ],
  hints: [
    'Import parameters are single-use and expire after 24 hours: get fresh ones with “GetParametersForImport”.',
    'Then “Wrap key material (in your app)” with your fresh result in “Public wrapping key” and material in “Key material”; then “ImportKeyMaterial” with the fresh “Import token”, your “Wrapped key material” and KEY_MATERIAL_DOES_NOT_EXPIRE in “Expiration”.',
    'Only the same material can be re-imported; KMS keeps no copy of it, so you must.',
  ],
};

// The primary is created by the first step (loadScenario cannot yet give a scenario key a fixed mrk- id).
const MRK_ID = ref('mrk.KeyMetadata.KeyId');
const multiRegionKeys: Lesson = {
  id: 'multi-region-keys',
  title: 'Multi-Region keys: the one exception to regional isolation',
  topic: 'multi-region',
  summary: 'A multi-Region key and its replicas share key id and key material, so a ciphertext from one Region decrypts in another without re-encrypting.',
  notes: ['regional', 'isolated-region'],
  requires: ['ReplicateKey'],
  sources: [src('Multi-Region keys in AWS KMS', 'multi-region-keys-overview.html'), src('ReplicateKey', 'API_ReplicateKey.html', API)],
  scenario: scenario({
    title: 'Backups across Regions',
    keys: [{ arn: A, description: 'single-Region key', policy: defaultKeyPolicy() }],
  }),
  steps: [
    {
      id: 'mrk',
      narration: 'You create a multi-Region primary key in us-east-1. Its key id starts with mrk-.',
      action: { call: 'CreateKey', request: { Description: 'backups (multi-Region primary)', MultiRegion: true } },
      expect: { equals: { path: 'KeyMetadata.MultiRegion', value: true } },
    },
    { id: 'e', narration: 'You encrypt a backup manifest with the multi-Region primary in us-east-1.', action: { call: 'Encrypt', request: { KeyId: MRK_ID, Plaintext: utf8('backup manifest') } }, expect: 'success' },
    { id: 'es', narration: 'You encrypt another with the single-Region key.', action: { call: 'Encrypt', request: { KeyId: KEY_IDS.a, Plaintext: utf8('local only') } }, expect: 'success' },
    { id: 'rep', narration: 'You replicate the primary to eu-west-1. The replica has the same key id and the same key material.', action: { call: 'ReplicateKey', request: { KeyId: MRK_ID, ReplicaRegion: 'eu-west-1' } }, expect: 'success' },
    {
      id: 'describe-replica',
      narration: 'You describe the key id in eu-west-1.',
      action: { call: 'DescribeKey', region: 'eu-west-1', request: { KeyId: MRK_ID } },
      predict: {
        kind: 'value',
        question: 'What MultiRegionKeyType does eu-west-1 report?',
        probe: '$describe-replica.KeyMetadata.MultiRegionConfiguration.MultiRegionKeyType',
        choices: [
          { id: 'primary', label: 'PRIMARY', value: 'PRIMARY' },
          { id: 'replica', label: 'REPLICA', value: 'REPLICA' },
        ],
      },
    },
    {
      id: 'dec-eu',
      narration: 'In eu-west-1 you decrypt the manifest encrypted in us-east-1.',
      action: { call: 'Decrypt', region: 'eu-west-1', request: { CiphertextBlob: ref('e.CiphertextBlob') } },
      predict: {
        kind: 'outcome',
        question: 'Does the us-east-1 ciphertext decrypt in eu-west-1?',
        choices: [
          { id: 'ok', label: 'Yes, with the replica', outcome: 'success' },
          { id: 'nf', label: 'NotFoundException', outcome: 'NotFoundException' },
          { id: 'invalid', label: 'InvalidCiphertextException', outcome: 'InvalidCiphertextException' },
        ],
      },
    },
    { id: 'dec-single-eu', narration: 'In eu-west-1 you try the ciphertext of the single-Region key.', action: { call: 'Decrypt', region: 'eu-west-1', request: { CiphertextBlob: ref('es.CiphertextBlob') } }, expect: { error: 'AccessDeniedException' } },
  ],
  goal: {
    description: 'The disaster-recovery site in ap-southeast-2 must decrypt the backups without re-encrypting them.',
    checks: [{ label: 'the manifest decrypts in ap-southeast-2', action: { call: 'Decrypt', region: 'ap-southeast-2', request: { CiphertextBlob: ref('e.CiphertextBlob') } }, expect: 'success' }],
  },
  solution: [{ action: { call: 'ReplicateKey', request: { KeyId: MRK_ID, ReplicaRegion: 'ap-southeast-2' } } }],
  hints: ['Choose “ReplicateKey”: the primary in “Primary key”, ap-southeast-2 in “Replica Region”.'],
};

const SIGNING = keyArn(KEY_IDS.b);
const ENCRYPTING = keyArn(KEY_IDS.d);
const SIGNER = role('signer');
const VERIFIER = role('verifier');
const MESSAGE = 'release v1.2.3 sha256:9f86d081884c7d659a2feaa0c55ad015';

const asymmetricSigning: Lesson = {
  id: 'asymmetric-signing',
  title: 'Asymmetric keys: sign, verify, encrypt offline',
  topic: 'asymmetric',
  summary: 'An asymmetric KMS key keeps its private key inside KMS; GetPublicKey hands out the public half, so anyone can verify signatures or encrypt offline.',
  notes: ['symmetric-asymmetric', 'crypto-operations'],
  requires: ['Sign', 'Verify', 'GetPublicKey'],
  sources: [src('Asymmetric keys in AWS KMS', 'symmetric-asymmetric.html'), src('Digital signing with asymmetric keys', 'asymmetric-key-specs.html'), src('Sign', 'API_Sign.html', API), src('Verify', 'API_Verify.html', API), src('GetPublicKey', 'API_GetPublicKey.html', API)],
  scenario: scenario({
    title: 'Signed releases',
    principals: [{ arn: SIGNER, policies: [policy(iamAllow('kms:Sign', SIGNING))] }, { arn: VERIFIER }],
    keys: [
      { arn: SIGNING, description: 'release signing', keySpec: 'RSA_2048', keyUsage: 'SIGN_VERIFY', policy: defaultKeyPolicy() },
      { arn: ENCRYPTING, description: 'partner uploads', keySpec: 'RSA_2048', keyUsage: 'ENCRYPT_DECRYPT', policy: defaultKeyPolicy() },
    ],
  }),
  steps: [
    { id: 'sig', narration: 'The signer role signs the release message with RSASSA_PSS_SHA_256. The private key never leaves KMS.', action: { call: 'Sign', as: SIGNER, request: { KeyId: SIGNING, Message: utf8(MESSAGE), MessageType: 'RAW', SigningAlgorithm: 'RSASSA_PSS_SHA_256' } }, expect: 'success' },
    { id: 'verify', narration: 'You verify the signature with KMS.', action: { call: 'Verify', request: { KeyId: SIGNING, Message: utf8(MESSAGE), MessageType: 'RAW', Signature: ref('sig.Signature'), SigningAlgorithm: 'RSASSA_PSS_SHA_256' } }, expect: { equals: { path: 'SignatureValid', value: true } } },
    {
      id: 'verify-tampered',
      narration: 'Someone changes the version number in the message. You verify the original signature against it.',
      action: { call: 'Verify', request: { KeyId: SIGNING, Message: utf8(MESSAGE.replace('1.2.3', '1.2.4')), MessageType: 'RAW', Signature: ref('sig.Signature'), SigningAlgorithm: 'RSASSA_PSS_SHA_256' } },
      expect: { error: 'KMSInvalidSignatureException' },
      predict: {
        kind: 'outcome',
        question: 'What does Verify return for a signature that does not match?',
        choices: [
          { id: 'false', label: 'SignatureValid: false', outcome: 'success' },
          { id: 'invalid-sig', label: 'KMSInvalidSignatureException', outcome: 'KMSInvalidSignatureException' },
          { id: 'invalid-ct', label: 'InvalidCiphertextException', outcome: 'InvalidCiphertextException' },
        ],
      },
    },
    { id: 'pub', narration: 'You download the public key (DER SubjectPublicKeyInfo). It can be shared with anyone.', action: { call: 'GetPublicKey', request: { KeyId: SIGNING } }, expect: 'success' },
    { id: 'offline', narration: 'A customer verifies the signature offline, with WebCrypto and the public key: no AWS credentials, no KMS call.', action: { local: 'verify-signature', publicKey: ref('pub.PublicKey'), message: utf8(MESSAGE), signature: ref('sig.Signature'), algorithm: 'RSASSA_PSS_SHA_256' }, expect: { equals: { path: 'SignatureValid', value: true } } },
    {
      id: 'encrypt-with-signing-key',
      narration: 'You try to Encrypt with the signing key.',
      action: { call: 'Encrypt', request: { KeyId: SIGNING, Plaintext: utf8('x'), EncryptionAlgorithm: 'RSAES_OAEP_SHA_256' } },
      expect: { error: 'InvalidKeyUsageException' },
      predict: {
        kind: 'outcome',
        question: 'Can an RSA key with KeyUsage SIGN_VERIFY also encrypt?',
        choices: [
          { id: 'ok', label: 'Yes: RSA does both', outcome: 'success' },
          { id: 'usage', label: 'No: InvalidKeyUsageException', outcome: 'InvalidKeyUsageException' },
          { id: 'unsupported', label: 'No: UnsupportedOperationException', outcome: 'UnsupportedOperationException' },
        ],
      },
    },
    { id: 'pub-enc', narration: 'A partner downloads the public key of the encryption key pair.', action: { call: 'GetPublicKey', request: { KeyId: ENCRYPTING } } },
    { id: 'offline-enc', narration: 'The partner encrypts a file key offline with RSAES_OAEP_SHA_256: no KMS call, no AWS account.', action: { local: 'rsa-oaep-encrypt', publicKey: ref('pub-enc.PublicKey'), data: utf8('file key 0xC0FFEE'), hash: 'SHA-256' } },
    { id: 'dec', narration: 'You decrypt it in KMS, naming the key and the algorithm (an RSA ciphertext carries no metadata).', action: { call: 'Decrypt', request: { KeyId: ENCRYPTING, CiphertextBlob: ref('offline-enc.Ciphertext'), EncryptionAlgorithm: 'RSAES_OAEP_SHA_256' } }, expect: 'success' },
  ],
  goal: {
    description: 'The verifier role checks release signatures: it may Verify and get the public key, but must not be able to Sign.',
    checks: [
      { label: 'verifier verifies the release signature', action: { call: 'Verify', as: VERIFIER, request: { KeyId: SIGNING, Message: utf8(MESSAGE), MessageType: 'RAW', Signature: ref('sig.Signature'), SigningAlgorithm: 'RSASSA_PSS_SHA_256' } }, expect: 'success' },
      { label: 'verifier gets the public key', action: { call: 'GetPublicKey', as: VERIFIER, request: { KeyId: SIGNING } }, expect: 'success' },
      { label: 'verifier cannot sign', action: { call: 'Sign', as: VERIFIER, request: { KeyId: SIGNING, Message: utf8('forged'), MessageType: 'RAW', SigningAlgorithm: 'RSASSA_PSS_SHA_256' } }, expect: { error: 'AccessDeniedException' } },
    ],
  },
  solution: [{ action: { putPrincipal: { arn: VERIFIER, policies: [policy(iamAllow(['kms:Verify', 'kms:GetPublicKey'], SIGNING))] } } }],
  hints: ['Choose “Set an IAM policy (outside KMS)” for role/verifier: tick kms:Verify and kms:GetPublicKey in “Actions (one by one)” and pick the signing key in “Resource (the key’s ARN)”.'],
};

export const EXAM_TOPIC_LESSONS = [encryptionContext, grants, viaService, crossAccount, disableVsDelete, importKeyMaterial, multiRegionKeys, asymmetricSigning];
