// Parts 2 and 3 of the notes: data encryption keys and envelope encryption; key concepts (AWS managed
// vs customer managed, rotation and backing keys, aliases, key policies and trust, role separation).
import {
  ADMIN_ACTIONS, KEY_IDS, USER_ACTIONS, allowKeyPolicy, defaultKeyPolicy, enableIam, iamAllow, keyArn, policy, role, scenario, src, API,
} from '../author';
import type { Lesson } from '../model';
import { bytes, json, ref, utf8 } from '../values';

const A = keyArn(KEY_IDS.a);
const B = keyArn(KEY_IDS.b);
const C = keyArn(KEY_IDS.c);

const envelopeEncryption: Lesson = {
  id: 'envelope-encryption',
  title: 'Data keys and envelope encryption',
  topic: 'data-keys',
  summary: 'For data over 4 KB, KMS gives you a data key in two copies. You encrypt locally with the plaintext copy, discard it, and store the encrypted copy with the data.',
  notes: ['dek-generated', 'dek-not-stored', 'dek-two-versions', 'dek-discard-store', 'dek-decrypt', '4kb-limit'],
  sources: [
    src('Envelope encryption', 'concepts.html#enveloping'),
    src('Data keys', 'concepts.html#data-keys'),
    src('GenerateDataKey', 'API_GenerateDataKey.html', API),
  ],
  scenario: scenario({
    title: 'Encrypting a 10 MB file',
    principals: [{ arn: role('writer'), policies: [policy(iamAllow(['kms:GenerateDataKey', 'kms:Decrypt'], A))] }, { arn: role('reader') }],
    keys: [{ arn: A, description: 'file encryption', aliases: ['alias/files'], policy: defaultKeyPolicy() }],
  }),
  steps: [
    {
      id: 'gdk',
      narration: 'You call GenerateDataKey. KMS returns two copies of the data key: one plaintext, one encrypted under your CMK. KMS keeps neither.',
      action: { call: 'GenerateDataKey', as: role('writer'), request: { KeyId: 'alias/files', KeySpec: 'AES_256' } },
      predict: {
        kind: 'value',
        question: 'How many bytes is the plaintext data key for KeySpec AES_256?',
        probe: '$gdk.Plaintext.length',
        choices: [
          { id: '16', label: '16', value: 16 },
          { id: '32', label: '32', value: 32 },
          { id: '4096', label: '4096', value: 4096 },
        ],
      },
    },
    {
      id: 'enc',
      narration: 'You encrypt 10 MB locally with AES-256-GCM and the plaintext data key. KMS never sees your data.',
      action: { local: 'aes-gcm-encrypt', key: ref('gdk.Plaintext'), data: bytes(10 * 1024 * 1024) },
      expect: 'success',
    },
    {
      id: 'discard',
      narration: 'You discard the plaintext data key: its bytes are wiped. Only the encrypted copy remains.',
      action: { local: 'discard', key: ref('gdk.Plaintext') },
      expect: { equals: { path: 'DiscardedBytes', value: 32 } },
    },
    {
      id: 'envelope',
      narration: 'You store the encrypted data key next to the ciphertext: one envelope, safe to put anywhere.',
      action: { local: 'bundle', encryptedDataKey: ref('gdk.CiphertextBlob'), ciphertext: ref('enc.Ciphertext'), iv: ref('enc.Iv') },
      expect: 'success',
    },
    {
      id: 'dk',
      narration: 'Later, you pass the encrypted data key to KMS Decrypt. The blob names the CMK, so you need not.',
      action: { call: 'Decrypt', as: role('writer'), request: { CiphertextBlob: ref('envelope.EncryptedDataKey') } },
      predict: {
        kind: 'value',
        question: 'Which key does KMS use to decrypt the data key?',
        probe: '$dk.KeyId',
        choices: [
          { id: 'cmk', label: 'The CMK behind alias/files, named inside the encrypted data key', value: A },
          { id: 'alias', label: 'alias/files', value: 'alias/files' },
        ],
      },
    },
    {
      id: 'open',
      narration: 'You decrypt the 10 MB locally with the recovered data key, then discard it again.',
      action: { local: 'aes-gcm-decrypt', key: ref('dk.Plaintext'), ciphertext: ref('envelope.Ciphertext'), iv: ref('envelope.Iv') },
      expect: { equals: { path: 'Plaintext.length', value: 10 * 1024 * 1024 } },
    },
    {
      id: 'reader-tries',
      narration: 'The reader service tries to open the envelope. It has no permission on the CMK yet.',
      action: { call: 'Decrypt', as: role('reader'), request: { CiphertextBlob: ref('envelope.EncryptedDataKey') } },
      expect: { error: 'AccessDeniedException' },
      predict: { kind: 'decision', question: 'May the reader decrypt the data key?' },
    },
  ],
  goal: {
    description: 'Let the reader open envelopes (Decrypt the data key) without letting it make new data keys.',
    checks: [
      { label: 'reader decrypts the data key', action: { call: 'Decrypt', as: role('reader'), request: { CiphertextBlob: ref('envelope.EncryptedDataKey') } }, expect: 'success' },
      { label: 'reader cannot generate data keys', action: { call: 'GenerateDataKey', as: role('reader'), request: { KeyId: A, KeySpec: 'AES_256' } }, expect: { error: 'AccessDeniedException' } },
    ],
  },
  solution: [{ action: { putPrincipal: { arn: role('reader'), policies: [policy(iamAllow('kms:Decrypt', A))] } } }],
  hints: [
    'The key policy trusts the account, so an IAM policy on the reader role is enough: choose “Set an IAM policy (outside KMS)”, pick role/reader in “Principal” and tick kms:Decrypt in “Actions (one by one)”.',
    'In IAM policies the Resource is the key ARN, never the alias: pick the key in “Resource (the key’s ARN)”.',
  ],
};

const awsManagedKeys: Lesson = {
  id: 'aws-managed-keys',
  title: 'AWS managed keys vs customer managed keys',
  topic: 'key-concepts',
  summary: 'An AWS managed key (alias/aws/s3) is used by a service on your behalf; you can read it but not change, rotate, disable or use it directly. A customer managed key is yours to configure.',
  notes: ['aws-vs-customer', 'rotation'],
  requires: ['awsManagedKey'],
  sources: [src('Customer keys and AWS keys', 'concepts.html#key-mgmt'), src('AWS managed keys', 'concepts.html#aws-managed-cmk'), src('Rotating AWS KMS keys', 'rotate-keys.html')],
  scenario: scenario({
    title: 'S3 default encryption',
    principals: [{ arn: role('admin'), policies: [policy(iamAllow('kms:*', '*'))] }],
    keys: [{ arn: A, description: 'customer managed', policy: defaultKeyPolicy() }],
  }),
  steps: [
    {
      id: 's3key',
      narration: 'S3 encrypts an object with default encryption for the first time, and creates the AWS managed key alias/aws/s3 in your account.',
      action: { awsManagedKey: { service: 's3' } },
    },
    {
      id: 'describe',
      narration: 'You describe it. KeyManager tells the two kinds apart.',
      action: { call: 'DescribeKey', as: role('admin'), request: { KeyId: 'alias/aws/s3' } },
      predict: {
        kind: 'value',
        question: 'What is the KeyManager of alias/aws/s3?',
        probe: '$describe.KeyMetadata.KeyManager',
        choices: [
          { id: 'aws', label: 'AWS', value: 'AWS' },
          { id: 'customer', label: 'CUSTOMER', value: 'CUSTOMER' },
        ],
      },
    },
    {
      id: 'rotation',
      narration: 'You check its rotation. AWS managed keys rotate every year, and you cannot turn that off.',
      action: { call: 'GetKeyRotationStatus', as: role('admin'), request: { KeyId: ref('s3key.KeyId') } },
      expect: { equals: { path: 'KeyRotationEnabled', value: true } },
    },
    {
      id: 'direct',
      narration: 'Your admin role (kms:* in IAM) encrypts with it directly, not through S3.',
      action: { call: 'Encrypt', as: role('admin'), request: { KeyId: 'alias/aws/s3', Plaintext: utf8('x') } },
      expect: { error: 'AccessDeniedException' },
      predict: { kind: 'decision', question: 'kms:* in IAM — may the admin use the AWS managed key directly?' },
    },
    {
      id: 'via-s3',
      narration: 'S3 makes the same call for the admin (kms:ViaService is s3.us-east-1.amazonaws.com). The key policy allows exactly that.',
      action: { call: 'Encrypt', as: role('admin'), context: { 'kms:ViaService': 's3.us-east-1.amazonaws.com' }, request: { KeyId: 'alias/aws/s3', Plaintext: utf8('x') } },
      predict: { kind: 'decision', question: 'And through S3?' },
    },
    {
      id: 'disable',
      narration: 'You try to disable the AWS managed key.',
      action: { call: 'DisableKey', as: role('admin'), request: { KeyId: ref('s3key.KeyId') } },
      expect: { error: 'AccessDeniedException' },
    },
    {
      id: 'put-policy',
      narration: 'You try to change its key policy, even as the account root.',
      action: { call: 'PutKeyPolicy', request: { KeyId: ref('s3key.KeyId'), PolicyName: 'default', Policy: json(defaultKeyPolicy()) } },
      expect: { error: 'any' },
    },
    {
      id: 'rotate',
      narration: 'You try to rotate it on demand.',
      action: { call: 'RotateKeyOnDemand', as: role('admin'), request: { KeyId: ref('s3key.KeyId') } },
      expect: { error: 'any' },
    },
    {
      id: 'customer',
      narration: 'On your customer managed key the same admin can do all of it: change the description, enable rotation, disable.',
      action: { call: 'EnableKeyRotation', as: role('admin'), request: { KeyId: KEY_IDS.a, RotationPeriodInDays: 365 } },
      expect: 'success',
    },
  ],
  goal: {
    description: 'Your team wants a key it controls: create a customer managed key with alias alias/team-data and automatic rotation every 180 days.',
    checks: [
      { id: 'team', label: 'alias/team-data names a customer managed key', action: { call: 'DescribeKey', request: { KeyId: 'alias/team-data' } }, expect: { equals: { path: 'KeyMetadata.KeyManager', value: 'CUSTOMER' } } },
      { label: 'rotation is enabled', action: { call: 'GetKeyRotationStatus', request: { KeyId: ref('team.KeyMetadata.KeyId') } }, expect: { equals: { path: 'KeyRotationEnabled', value: true } } },
      { label: 'every 180 days', action: { call: 'GetKeyRotationStatus', request: { KeyId: ref('team.KeyMetadata.KeyId') } }, expect: { equals: { path: 'RotationPeriodInDays', value: 180 } } },
    ],
  },
  solution: [
    { id: 'nk', action: { call: 'CreateKey', request: { Description: 'team data' } } },
    { action: { call: 'CreateAlias', request: { AliasName: 'alias/team-data', TargetKeyId: ref('nk.KeyMetadata.KeyId') } } },
    { action: { call: 'EnableKeyRotation', request: { KeyId: ref('nk.KeyMetadata.KeyId'), RotationPeriodInDays: 180 } } },
  ],
  hints: [
    '“CreateKey”, then “CreateAlias” with alias/team-data in “Alias name”, then “EnableKeyRotation” with 180 in “Rotation period (days)”. Only customer managed keys take a rotation period (90 to 2560 days).',
    'EnableKeyRotation takes the key, not the alias: once the alias exists, its “Key” picker lists the key as alias/team-data.',
  ],
};

const rotationBackingKeys: Lesson = {
  id: 'rotation-backing-keys',
  title: 'Rotation and backing keys',
  topic: 'key-concepts',
  summary: 'Rotation adds new backing key material to the same CMK. The key id, ARN, policy and aliases stay; old ciphertexts still decrypt with the material that made them.',
  notes: ['rotation', 'backing-keys', 'logical-container'],
  sources: [src('Rotating AWS KMS keys', 'rotate-keys.html'), src('RotateKeyOnDemand', 'API_RotateKeyOnDemand.html', API), src('ListKeyRotations', 'API_ListKeyRotations.html', API)],
  scenario: scenario({
    title: 'Quarterly reports',
    keys: [
      { arn: A, description: 'reports', policy: defaultKeyPolicy() },
      { arn: B, description: 'logs', policy: defaultKeyPolicy() },
    ],
  }),
  steps: [
    { id: 'before', narration: 'You describe the reports key. CurrentKeyMaterialId names its one backing key.', action: { call: 'DescribeKey', request: { KeyId: KEY_IDS.a } } },
    { id: 'old', narration: 'You encrypt the Q1 report with it.', action: { call: 'Encrypt', request: { KeyId: KEY_IDS.a, Plaintext: utf8('Q1 report') } } },
    { id: 'rotate', narration: 'You rotate the key on demand. KMS adds new backing key material and makes it current.', action: { call: 'RotateKeyOnDemand', request: { KeyId: KEY_IDS.a } }, expect: 'success' },
    {
      id: 'after',
      narration: 'You describe the key again: same KeyId, same ARN — a new CurrentKeyMaterialId.',
      action: { call: 'DescribeKey', request: { KeyId: KEY_IDS.a } },
      expect: { equals: { path: 'KeyMetadata.KeyId', value: KEY_IDS.a } },
    },
    {
      id: 'dec-old',
      narration: 'You decrypt the Q1 report, encrypted before the rotation.',
      action: { call: 'Decrypt', request: { CiphertextBlob: ref('old.CiphertextBlob') } },
      predict: {
        kind: 'value',
        question: 'Which backing key decrypts the Q1 report?',
        probe: '$dec-old.KeyMaterialId',
        choices: [
          { id: 'old', label: 'The original backing key, kept after rotation', value: ref('before.KeyMetadata.CurrentKeyMaterialId') },
          { id: 'new', label: 'The new current backing key', value: ref('after.KeyMetadata.CurrentKeyMaterialId') },
        ],
      },
    },
    {
      id: 'new',
      narration: 'You encrypt the Q2 report. Encrypt always uses the current material.',
      action: { call: 'Encrypt', request: { KeyId: KEY_IDS.a, Plaintext: utf8('Q2 report') } },
    },
    {
      id: 'auto',
      narration: 'On the logs key you turn on automatic rotation every 90 days.',
      action: { call: 'EnableKeyRotation', request: { KeyId: KEY_IDS.b, RotationPeriodInDays: 90 } },
      expect: 'success',
    },
    { id: 'wait', narration: '91 days pass.', action: { advanceClock: { days: 91 } } },
    {
      id: 'rotations',
      narration: 'You list the logs key\u2019s rotations.',
      action: { call: 'ListKeyRotations', request: { KeyId: KEY_IDS.b } },
      predict: {
        kind: 'value',
        question: 'What kind of rotation does the list show?',
        probe: '$rotations.Rotations.0.RotationType',
        choices: [
          { id: 'auto', label: 'AUTOMATIC', value: 'AUTOMATIC' },
          { id: 'demand', label: 'ON_DEMAND', value: 'ON_DEMAND' },
        ],
      },
    },
  ],
  goal: {
    description: 'Turn on automatic rotation for the reports key, every 90 days.',
    checks: [
      { label: 'rotation enabled', action: { call: 'GetKeyRotationStatus', request: { KeyId: KEY_IDS.a } }, expect: { equals: { path: 'KeyRotationEnabled', value: true } } },
      { label: 'every 90 days', action: { call: 'GetKeyRotationStatus', request: { KeyId: KEY_IDS.a } }, expect: { equals: { path: 'RotationPeriodInDays', value: 90 } } },
      { label: 'the Q1 report still decrypts', action: { call: 'Decrypt', request: { CiphertextBlob: ref('old.CiphertextBlob') } }, expect: 'success' },
    ],
  },
  solution: [{ action: { call: 'EnableKeyRotation', request: { KeyId: KEY_IDS.a, RotationPeriodInDays: 90 } } }],
  hints: ['Choose “EnableKeyRotation”, pick the reports key in “Key” and type 90 in “Rotation period (days)” (90 to 2560).'],
};

const aliases: Lesson = {
  id: 'aliases',
  title: 'Aliases: a name your code uses',
  topic: 'key-concepts',
  summary: 'An alias is a shortcut to one CMK. Repoint it and the same code uses the new key; old ciphertexts still name the key that made them.',
  notes: ['aliases'],
  sources: [src('Aliases in AWS KMS', 'kms-alias.html'), src('UpdateAlias', 'API_UpdateAlias.html', API)],
  scenario: scenario({
    title: 'A key per year',
    principals: [{ arn: role('app'), policies: [policy(iamAllow(['kms:Encrypt', 'kms:Decrypt'], 'arn:aws:kms:us-east-1:111122223333:key/*'))] }],
    keys: [
      { arn: A, description: '2025', aliases: ['alias/app'], policy: defaultKeyPolicy() },
      { arn: B, description: '2026', policy: defaultKeyPolicy() },
      { arn: C, description: '2027', policy: defaultKeyPolicy() },
    ],
  }),
  steps: [
    {
      id: 'e1',
      narration: 'Your app encrypts with KeyId alias/app.',
      action: { call: 'Encrypt', as: role('app'), request: { KeyId: 'alias/app', Plaintext: utf8('invoice 1') } },
      predict: {
        kind: 'value',
        question: 'What KeyId does the Encrypt response carry?',
        probe: '$e1.KeyId',
        choices: [
          { id: 'alias', label: 'alias/app', value: 'alias/app' },
          { id: 'a', label: 'The ARN of the 2025 key', value: A },
          { id: 'b', label: 'The ARN of the 2026 key', value: B },
        ],
      },
    },
    { id: 'repoint', narration: 'You repoint alias/app at the 2026 key. The app is not touched.', action: { call: 'UpdateAlias', request: { AliasName: 'alias/app', TargetKeyId: KEY_IDS.b } }, expect: 'success' },
    {
      id: 'e2',
      narration: 'The same app code encrypts again.',
      action: { call: 'Encrypt', as: role('app'), request: { KeyId: 'alias/app', Plaintext: utf8('invoice 2') } },
      expect: { equals: { path: 'KeyId', value: B } },
    },
    {
      id: 'd1',
      narration: 'The app decrypts invoice 1, encrypted under the 2025 key before the repoint.',
      action: { call: 'Decrypt', as: role('app'), request: { CiphertextBlob: ref('e1.CiphertextBlob') } },
      predict: {
        kind: 'outcome',
        question: 'Does the old invoice still decrypt after the alias moved?',
        choices: [
          { id: 'ok', label: 'Yes: the ciphertext names the key, not the alias', outcome: 'success' },
          { id: 'incorrect', label: 'No: IncorrectKeyException', outcome: 'IncorrectKeyException' },
          { id: 'invalid', label: 'No: InvalidCiphertextException', outcome: 'InvalidCiphertextException' },
        ],
      },
    },
    {
      id: 'reserved',
      narration: 'You try to create alias/aws/app. The alias/aws/ prefix is reserved for AWS managed keys.',
      action: { call: 'CreateAlias', request: { AliasName: 'alias/aws/app', TargetKeyId: KEY_IDS.c } },
      expect: { error: 'any' },
    },
    { id: 'list', narration: 'You list the aliases of the 2026 key.', action: { call: 'ListAliases', request: { KeyId: KEY_IDS.b } }, expect: { equals: { path: 'Aliases.0.AliasName', value: 'alias/app' } } },
  ],
  goal: {
    description: 'It is 2027: point alias/app at the 2027 key, without changing the app, and keep old invoices readable.',
    checks: [
      { label: 'the app now encrypts under the 2027 key', action: { call: 'Encrypt', as: role('app'), request: { KeyId: 'alias/app', Plaintext: utf8('invoice 3') } }, expect: { equals: { path: 'KeyId', value: C } } },
      { label: 'invoice 2 still decrypts', action: { call: 'Decrypt', as: role('app'), request: { CiphertextBlob: ref('e2.CiphertextBlob') } }, expect: 'success' },
    ],
  },
  solution: [{ action: { call: 'UpdateAlias', request: { AliasName: 'alias/app', TargetKeyId: KEY_IDS.c } } }],
  hints: ['Choose “UpdateAlias”: pick alias/app in “Alias” and the 2027 key in “New target key” (a key, never another alias).'],
};

const KEYADMIN = role('keyadmin');
const ANALYST = role('analyst');
const adminStatement = allowKeyPolicy(KEYADMIN, ADMIN_ACTIONS, 'Allow access for Key Administrators');

const trustNotAutomatic: Lesson = {
  id: 'trust-not-automatic',
  title: "Key policies: trust isn't automatic",
  topic: 'key-concepts',
  summary: 'Every CMK has a key policy. Unlike other resources, the account is not trusted by default: IAM policies work only while the key policy trusts the account.',
  notes: ['key-policy', 'trust-not-automatic'],
  sources: [src('Key policies in AWS KMS', 'key-policies.html'), src('Default key policy: allows access to the AWS account and enables IAM policies', 'key-policy-default.html#key-policy-default-allow-root-enable-iam')],
  scenario: scenario({
    title: 'An analyst with an IAM policy',
    principals: [{ arn: ANALYST, policies: [policy(iamAllow(['kms:Encrypt', 'kms:Decrypt'], A))] }, { arn: KEYADMIN }],
    keys: [{ arn: A, description: 'analytics', policy: policy(enableIam(), adminStatement) }],
  }),
  steps: [
    { id: 'allowed', narration: 'The analyst asks to Decrypt. The key policy trusts the account; the analyst\u2019s IAM policy allows.', action: { evaluate: { as: ANALYST, action: 'kms:Decrypt', key: A } }, predict: { kind: 'decision', question: 'Is the analyst allowed to decrypt?' } },
    { id: 'e', narration: 'The analyst encrypts a result set.', action: { call: 'Encrypt', as: ANALYST, request: { KeyId: A, Plaintext: utf8('results') } }, expect: 'success' },
    { id: 'read-policy', narration: 'You read the key policy. The statement with Principal arn:aws:iam::111122223333:root does not mean "only the root user": it lets the account\u2019s IAM policies grant access to this key.', action: { call: 'GetKeyPolicy', as: KEYADMIN, request: { KeyId: KEY_IDS.a, PolicyName: 'default' } } },
    {
      id: 'remove-root',
      narration: 'The key administrator "tightens" the policy: only the administrators statement remains.',
      action: { call: 'PutKeyPolicy', as: KEYADMIN, request: { KeyId: KEY_IDS.a, PolicyName: 'default', Policy: json(policy(adminStatement)) } },
      expect: 'success',
    },
    { id: 'denied', narration: 'The analyst asks again. Nothing changed in IAM.', action: { evaluate: { as: ANALYST, action: 'kms:Decrypt', key: A } }, predict: { kind: 'decision', question: 'The IAM policy still allows kms:Decrypt. Is the analyst allowed now?' } },
    { id: 'decrypt-denied', narration: 'The analyst\u2019s Decrypt fails: the key no longer trusts the account, so its IAM Allow does nothing.', action: { call: 'Decrypt', as: ANALYST, request: { CiphertextBlob: ref('e.CiphertextBlob') } }, expect: { error: 'AccessDeniedException' } },
  ],
  goal: {
    description: 'Let the analyst encrypt and decrypt again (trust the account again, or name the role in the key policy), and keep the key administrator able to manage the key.',
    checks: [
      { label: 'analyst decrypts the result set', action: { call: 'Decrypt', as: ANALYST, request: { CiphertextBlob: ref('e.CiphertextBlob') } }, expect: 'success' },
      { label: 'analyst encrypts', action: { call: 'Encrypt', as: ANALYST, request: { KeyId: A, Plaintext: utf8('x') } }, expect: 'success' },
      { label: 'keyadmin can still change the key policy', action: { evaluate: { as: KEYADMIN, action: 'kms:PutKeyPolicy', key: A } }, expect: { decision: 'Allow' } },
    ],
  },
  solution: [{ action: { call: 'PutKeyPolicy', as: KEYADMIN, request: { KeyId: KEY_IDS.a, PolicyName: 'default', Policy: json(policy(enableIam(), adminStatement)) } } }],
  hints: [
    'Choose “PutKeyPolicy” and pick role/keyadmin in the lesson’s “Call as” picker: only the key administrator may change this key policy now.',
    'Keep the statements in “Statements to keep” and put back the account’s statement: the 111122223333 root in “New statement’s Principal”, “Everything: kms:*” in “Actions (sets)”, and Enable IAM User Permissions in “New statement’s Sid”.',
    'Or name the analyst role itself in “New statement’s Principal”, with “Key users” in “Actions (sets)”.',
  ],
};

const APP = role('app');
const roleSeparation: Lesson = {
  id: 'role-separation',
  title: 'Role separation: administrators and users',
  topic: 'key-concepts',
  summary: 'Key administrators manage a key but cannot use it; key users use it but cannot manage it. The key policy and IAM policies together draw the line.',
  notes: ['role-separation', 'key-policy'],
  sources: [src('Default key policy: key administrators and key users', 'key-policy-default.html'), src('Using IAM policies with AWS KMS', 'iam-policies.html')],
  scenario: scenario({
    title: 'Too much power',
    principals: [
      { arn: KEYADMIN, policies: [policy(iamAllow('kms:*', A))] },
      { arn: APP, policies: [policy(iamAllow('kms:*', A))] },
    ],
    keys: [
      { arn: A, description: 'orders (IAM decides)', policy: defaultKeyPolicy() },
      {
        arn: B,
        description: 'payments (console-style key policy)',
        policy: policy(enableIam(), adminStatement, allowKeyPolicy(APP, USER_ACTIONS, 'Allow use of the key')),
      },
    ],
  }),
  steps: [
    { id: 'app-delete', narration: 'The app role asks to schedule the deletion of the orders key.', action: { evaluate: { as: APP, action: 'kms:ScheduleKeyDeletion', key: A } }, predict: { kind: 'decision', question: 'Can the app role delete the orders key?' } },
    { id: 'admin-decrypt', narration: 'The key administrator asks to decrypt with the orders key.', action: { evaluate: { as: KEYADMIN, action: 'kms:Decrypt', key: A } }, predict: { kind: 'decision', question: 'Can the administrator read the data?' } },
    { id: 'pay-admin-decrypt', narration: 'On the payments key the key policy separates the roles, as the console\u2019s default policy does. The administrator asks to decrypt.', action: { evaluate: { as: KEYADMIN, action: 'kms:Decrypt', key: B } }, predict: { kind: 'decision', question: 'May the administrator decrypt with the payments key?' } },
    { id: 'pay-admin-disable', narration: 'The administrator disables the payments key: that is management.', action: { evaluate: { as: KEYADMIN, action: 'kms:DisableKey', key: B } }, expect: { decision: 'Allow' } },
    { id: 'pay-app-encrypt', narration: 'The app encrypts with the payments key: that is use.', action: { call: 'Encrypt', as: APP, request: { KeyId: B, Plaintext: utf8('card token') } }, expect: 'success' },
    { id: 'pay-app-delete', narration: 'The app tries to schedule the payments key\u2019s deletion.', action: { call: 'ScheduleKeyDeletion', as: APP, request: { KeyId: KEY_IDS.b, PendingWindowInDays: 7 } }, expect: { error: 'AccessDeniedException' } },
  ],
  goal: {
    description: 'Separate the roles on the orders key too: keyadmin manages but cannot use it; app uses it but cannot manage it.',
    checks: [
      { label: 'keyadmin can change the key policy', action: { evaluate: { as: KEYADMIN, action: 'kms:PutKeyPolicy', key: A } }, expect: { decision: 'Allow' } },
      { label: 'keyadmin can schedule deletion', action: { evaluate: { as: KEYADMIN, action: 'kms:ScheduleKeyDeletion', key: A } }, expect: { decision: 'Allow' } },
      { label: 'keyadmin cannot decrypt', action: { evaluate: { as: KEYADMIN, action: 'kms:Decrypt', key: A } }, expect: { decision: 'Deny' } },
      { label: 'keyadmin cannot encrypt', action: { evaluate: { as: KEYADMIN, action: 'kms:Encrypt', key: A } }, expect: { decision: 'Deny' } },
      { label: 'app can encrypt', action: { evaluate: { as: APP, action: 'kms:Encrypt', key: A } }, expect: { decision: 'Allow' } },
      { label: 'app can decrypt', action: { evaluate: { as: APP, action: 'kms:Decrypt', key: A } }, expect: { decision: 'Allow' } },
      { label: 'app can generate data keys', action: { evaluate: { as: APP, action: 'kms:GenerateDataKey', key: A } }, expect: { decision: 'Allow' } },
      { label: 'app cannot schedule deletion', action: { evaluate: { as: APP, action: 'kms:ScheduleKeyDeletion', key: A } }, expect: { decision: 'Deny' } },
      { label: 'app cannot change the key policy', action: { evaluate: { as: APP, action: 'kms:PutKeyPolicy', key: A } }, expect: { decision: 'Deny' } },
    ],
  },
  solution: [
    { action: { putPrincipal: { arn: KEYADMIN, policies: [policy(iamAllow(ADMIN_ACTIONS, A))] } } },
    { action: { putPrincipal: { arn: APP, policies: [policy(iamAllow(USER_ACTIONS, A))] } } },
  ],
  hints: [
    'Replace kms:* in each role’s IAM policy with the actions its job needs: “Set an IAM policy (outside KMS)”, once for role/keyadmin and once for role/app, with the orders key in “Resource (the key’s ARN)”.',
    'Administrators (tick “Key administrators” in “Actions (sets)”): Create*, Describe*, Enable*, List*, Put*, Update*, Revoke*, Disable*, Get*, Delete*, TagResource, UntagResource, ScheduleKeyDeletion, CancelKeyDeletion.',
    'Users (tick “Key users” in “Actions (sets)”): Encrypt, Decrypt, ReEncrypt*, GenerateDataKey*, DescribeKey.',
  ],
};

export const CONCEPT_LESSONS = [envelopeEncryption, awsManagedKeys, rotationBackingKeys, aliases, trustNotAutomatic, roleSeparation];
