// Part 1 of the notes: KMS basics, the CMK and what it contains, CMK encrypt/decrypt and the 4 KB limit.
import { ACCOUNT, KEY_IDS, defaultKeyPolicy, iamAllow, keyArn, policy, role, scenario, src, API } from '../author';
import type { Lesson } from '../model';
import { bytes, ref, utf8 } from '../values';

const A = keyArn(KEY_IDS.a);
const B = keyArn(KEY_IDS.b);
const C = keyArn(KEY_IDS.c);
const APP = role('app');

const regionalService: Lesson = {
  id: 'regional-service',
  title: 'One KMS per Region, and keys that never leave',
  topic: 'kms-basics',
  summary: 'KMS is a regional service: each Region has its own keys and aliases. The key material never leaves KMS.',
  notes: ['regional', 'isolated-region', 'never-leave-fips'],
  sources: [
    src('AWS KMS concepts: Regions', 'overview.html'),
    src('Multi-Region keys (the one exception)', 'multi-region-keys-overview.html'),
    src('AWS KMS cryptographic details: FIPS 140 validated HSMs', 'kms-cryptography.html'),
    src('DescribeKey', 'API_DescribeKey.html', API),
  ],
  scenario: scenario({
    title: 'An app key in us-east-1',
    principals: [{ arn: APP, policies: [policy(iamAllow(['kms:Encrypt', 'kms:Decrypt'], `arn:aws:kms:*:${ACCOUNT}:key/*`))] }],
    keys: [{ arn: A, description: 'app data (us-east-1)', aliases: ['alias/app'], policy: defaultKeyPolicy() }],
  }),
  steps: [
    {
      id: 'describe',
      narration: 'You describe the key in us-east-1, the Region it was created in. KMS returns its metadata.',
      action: { call: 'DescribeKey', request: { KeyId: KEY_IDS.a } },
      expect: 'success',
    },
    {
      id: 'describe-eu',
      narration: 'You switch to eu-west-1 and ask for the same key id. KMS in eu-west-1 is a separate service with its own keys.',
      action: { call: 'DescribeKey', region: 'eu-west-1', request: { KeyId: KEY_IDS.a } },
      expect: { error: 'NotFoundException' },
      predict: {
        kind: 'outcome',
        question: 'What does KMS in eu-west-1 answer for a key id created in us-east-1?',
        choices: [
          { id: 'ok', label: 'It returns the key: key ids are global', outcome: 'success' },
          { id: 'nf', label: 'NotFoundException', outcome: 'NotFoundException' },
          { id: 'ad', label: 'AccessDeniedException', outcome: 'AccessDeniedException' },
        ],
      },
    },
    {
      id: 'describe-eu-arn',
      narration: 'Even the full key ARN does not help: the ARN names us-east-1, and eu-west-1 cannot reach it.',
      action: { call: 'DescribeKey', region: 'eu-west-1', request: { KeyId: A } },
      expect: { error: 'NotFoundException' },
    },
    {
      id: 'encrypt',
      narration: 'Your app encrypts through alias/app in us-east-1. The alias resolves to the key there.',
      action: { call: 'Encrypt', as: APP, request: { KeyId: 'alias/app', Plaintext: utf8('order #1001') } },
      expect: 'success',
    },
    {
      id: 'encrypt-eu',
      narration: 'The same code runs in eu-west-1. Aliases are per Region too, and eu-west-1 has no alias/app.',
      action: { call: 'Encrypt', as: APP, region: 'eu-west-1', request: { KeyId: 'alias/app', Plaintext: utf8('order #1001') } },
      expect: { error: 'NotFoundException' },
      predict: {
        kind: 'outcome',
        question: 'The app calls Encrypt with KeyId alias/app in eu-west-1. What happens?',
        choices: [
          { id: 'ok', label: 'It works: the alias points at the us-east-1 key', outcome: 'success' },
          { id: 'nf', label: 'NotFoundException', outcome: 'NotFoundException' },
          { id: 'ad', label: 'AccessDeniedException', outcome: 'AccessDeniedException' },
        ],
      },
    },
    {
      id: 'export',
      narration:
        'You try to pull the backing key out of KMS. It is held as a non-extractable key, so the export is refused. In AWS the key material lives only inside FIPS 140 validated HSMs (the notes say FIPS 140-2; AWS KMS HSMs are validated at Security Level 3) and never leaves them in plaintext.',
      action: { local: 'export-backing-key', keyArn: A },
      expect: { error: 'any' },
    },
  ],
  goal: {
    description: 'Make the app work in eu-west-1 too: create a key there and give it the alias alias/app, so the same code encrypts in both Regions.',
    checks: [
      { label: 'app encrypts with alias/app in eu-west-1', action: { call: 'Encrypt', as: APP, region: 'eu-west-1', request: { KeyId: 'alias/app', Plaintext: utf8('x') } }, expect: 'success' },
      { label: 'app still encrypts with alias/app in us-east-1', action: { call: 'Encrypt', as: APP, request: { KeyId: 'alias/app', Plaintext: utf8('x') } }, expect: 'success' },
    ],
  },
  solution: [
    { id: 'eu-key', action: { call: 'CreateKey', region: 'eu-west-1', request: { Description: 'app data (eu-west-1)' } } },
    { action: { call: 'CreateAlias', region: 'eu-west-1', request: { AliasName: 'alias/app', TargetKeyId: ref('eu-key.KeyMetadata.KeyId') } } },
  ],
  hints: [
    'Under Your turn, pick eu-west-1 in the lesson’s “Region” picker before you create anything: keys are created in the Region you call.',
    'Choose “CreateKey” in “What to do” and press “Run CreateKey”; then choose “CreateAlias”, type alias/app in “Alias name” and pick the new key in “Target key”. The same alias name can exist once in each Region.',
  ],
};

const cryptoOperations: Lesson = {
  id: 'crypto-operations',
  title: 'What KMS can do with a key',
  topic: 'kms-basics',
  summary: 'Encrypt, ReEncrypt, GenerateRandom, and MACs with an HMAC key: the cryptographic operations all run inside KMS.',
  notes: ['crypto-operations', 'symmetric-asymmetric'],
  requires: ['GenerateMac', 'VerifyMac'],
  sources: [
    src('AWS KMS cryptographic operations', 'kms-cryptography.html#cryptographic-operations'),
    src('ReEncrypt', 'API_ReEncrypt.html', API),
    src('HMAC keys in AWS KMS', 'hmac.html'),
    src('GenerateRandom', 'API_GenerateRandom.html', API),
  ],
  scenario: scenario({
    title: 'Moving records to a new key',
    principals: [{ arn: role('reader'), policies: [policy(iamAllow('kms:Decrypt', B))] }],
    keys: [
      { arn: A, description: 'records (old key)', policy: defaultKeyPolicy() },
      { arn: B, description: 'records (new key)', policy: defaultKeyPolicy() },
      { arn: C, description: 'webhook signatures', keySpec: 'HMAC_256', keyUsage: 'GENERATE_VERIFY_MAC', policy: defaultKeyPolicy() },
    ],
  }),
  steps: [
    {
      id: 'record',
      narration: 'You encrypt a customer record under the old key. KMS returns a ciphertext blob that names that key.',
      action: { call: 'Encrypt', request: { KeyId: A, Plaintext: utf8('customer 42: Jane Doe') } },
      expect: 'success',
    },
    {
      id: 'random',
      narration: 'You ask KMS for 32 random bytes. GenerateRandom uses no key at all.',
      action: { call: 'GenerateRandom', request: { NumberOfBytes: 32 } },
      expect: { equals: { path: 'Plaintext.length', value: 32 } },
    },
    {
      id: 'mac',
      narration: 'You compute an HMAC of a webhook body with the HMAC key. The MAC key never leaves KMS either.',
      action: { call: 'GenerateMac', request: { KeyId: C, MacAlgorithm: 'HMAC_SHA_256', Message: utf8('{"event":"paid"}') } },
      expect: 'success',
    },
    {
      id: 'verify-mac',
      narration: 'You verify the MAC against the same body. KMS recomputes it and compares.',
      action: { call: 'VerifyMac', request: { KeyId: C, MacAlgorithm: 'HMAC_SHA_256', Message: utf8('{"event":"paid"}'), Mac: ref('mac.Mac') } },
      expect: { equals: { path: 'MacValid', value: true } },
    },
    {
      id: 'verify-mac-tampered',
      narration: 'Someone changes the body. You verify the original MAC against the changed body.',
      action: { call: 'VerifyMac', request: { KeyId: C, MacAlgorithm: 'HMAC_SHA_256', Message: utf8('{"event":"refunded"}'), Mac: ref('mac.Mac') } },
      expect: { error: 'KMSInvalidMacException' },
      predict: {
        kind: 'outcome',
        question: 'What does VerifyMac return for a MAC that does not match the message?',
        choices: [
          { id: 'false', label: 'A response with MacValid: false', outcome: 'success' },
          { id: 'invalid-mac', label: 'KMSInvalidMacException', outcome: 'KMSInvalidMacException' },
          { id: 'invalid-ct', label: 'InvalidCiphertextException', outcome: 'InvalidCiphertextException' },
        ],
      },
    },
    {
      id: 'encrypt-with-hmac',
      narration: 'You try to Encrypt with the HMAC key. A key does one kind of job: its KeyUsage is GENERATE_VERIFY_MAC.',
      action: { call: 'Encrypt', request: { KeyId: C, Plaintext: utf8('x') } },
      expect: { error: 'InvalidKeyUsageException' },
    },
    {
      id: 'reader-old',
      narration: 'The reader role may decrypt only with the new key. It tries the record encrypted under the old key.',
      action: { call: 'Decrypt', as: role('reader'), request: { CiphertextBlob: ref('record.CiphertextBlob') } },
      expect: { error: 'AccessDeniedException' },
      predict: { kind: 'decision', question: 'Is the reader allowed to decrypt the record?' },
    },
  ],
  goal: {
    description: 'Move the record to the new key without ever seeing its plaintext, so the reader role can read it.',
    checks: [
      {
        label: 'reader decrypts the stored record',
        action: { call: 'Decrypt', as: role('reader'), request: { CiphertextBlob: ref('record.CiphertextBlob') } },
        expect: { equals: { path: 'KeyId', value: B } },
      },
    ],
  },
  solution: [{ id: 'record', action: { call: 'ReEncrypt', request: { CiphertextBlob: ref('record.CiphertextBlob'), DestinationKeyId: B } } }],
  hints: [
    'ReEncrypt decrypts and re-encrypts inside KMS: the plaintext never comes back to you. Choose “ReEncrypt” in “What to do”.',
    'Pick record in “Ciphertext” and the new key in “Destination key”, and keep “Store the new ciphertext in place of the old one” ticked: the goal reads the stored record.',
  ],
};

const cmkAnatomy: Lesson = {
  id: 'cmk-anatomy',
  title: 'What a CMK contains',
  topic: 'cmk',
  summary: 'A KMS key is a logical container: an id, a creation date, a key policy, a description, a state — and backing key material behind it.',
  notes: ['cmk-contents', 'logical-container', 'manage-keys', 'generated-or-imported', 'key-policy'],
  sources: [
    src('AWS KMS keys', 'concepts.html#kms_keys'),
    src('DescribeKey', 'API_DescribeKey.html', API),
    src('Key states', 'key-state.html'),
    src('Key material origin', 'concepts.html#key-origin'),
  ],
  scenario: scenario({
    title: 'Three keys',
    keys: [
      { arn: A, description: 'payroll records', tags: { team: 'payroll' }, policy: defaultKeyPolicy() },
      { arn: B, description: 'BYOK key, material not imported yet', origin: 'EXTERNAL', policy: defaultKeyPolicy() },
      { arn: C, keyState: 'Disabled', policy: defaultKeyPolicy() },
    ],
  }),
  steps: [
    {
      id: 'describe',
      narration:
        'You describe the payroll key. KeyMetadata shows its id (KeyId and Arn), its date (CreationDate), its Description and its state (KeyState). CurrentKeyMaterialId names the backing key inside it.',
      action: { call: 'DescribeKey', request: { KeyId: KEY_IDS.a } },
      predict: {
        kind: 'value',
        question: 'What is the KeyState of a key created through the API with no options?',
        probe: '$describe.KeyMetadata.KeyState',
        choices: [
          { id: 'enabled', label: 'Enabled', value: 'Enabled' },
          { id: 'disabled', label: 'Disabled', value: 'Disabled' },
          { id: 'pending', label: 'PendingImport', value: 'PendingImport' },
        ],
      },
    },
    {
      id: 'policy',
      narration: 'You read the key policy. Every key has exactly one, named default: the resource policy that decides who may use the key.',
      action: { call: 'GetKeyPolicy', request: { KeyId: KEY_IDS.a, PolicyName: 'default' } },
      expect: 'success',
    },
    {
      id: 'describe-byok',
      narration: 'You describe the second key. It was created with Origin EXTERNAL: you bring its key material yourself.',
      action: { call: 'DescribeKey', request: { KeyId: KEY_IDS.b } },
      predict: {
        kind: 'value',
        question: 'A key created with Origin EXTERNAL has no key material yet. What is its state?',
        probe: '$describe-byok.KeyMetadata.KeyState',
        choices: [
          { id: 'enabled', label: 'Enabled', value: 'Enabled' },
          { id: 'pending', label: 'PendingImport', value: 'PendingImport' },
          { id: 'disabled', label: 'Disabled', value: 'Disabled' },
        ],
      },
    },
    {
      id: 'encrypt-byok',
      narration: 'You try to encrypt with it. With no backing key there is nothing to encrypt with.',
      action: { call: 'Encrypt', request: { KeyId: KEY_IDS.b, Plaintext: utf8('x') } },
      expect: { error: 'KMSInvalidStateException' },
    },
    {
      id: 'disable',
      narration: 'You disable the payroll key. Its metadata, policy and material stay; only its use stops.',
      action: { call: 'DisableKey', request: { KeyId: KEY_IDS.a } },
      expect: 'success',
    },
    {
      id: 'encrypt-disabled',
      narration: 'You try to encrypt with the disabled key.',
      action: { call: 'Encrypt', request: { KeyId: KEY_IDS.a, Plaintext: utf8('x') } },
      expect: { error: 'DisabledException' },
      predict: {
        kind: 'outcome',
        question: 'What does Encrypt do with a Disabled key?',
        choices: [
          { id: 'ok', label: 'It works; disabling only blocks Decrypt', outcome: 'success' },
          { id: 'disabled', label: 'DisabledException', outcome: 'DisabledException' },
          { id: 'state', label: 'KMSInvalidStateException', outcome: 'KMSInvalidStateException' },
        ],
      },
    },
    {
      id: 'enable',
      narration: 'You enable it again. Nothing was lost.',
      action: { call: 'EnableKey', request: { KeyId: KEY_IDS.a } },
      expect: 'success',
    },
  ],
  goal: {
    description: "Get the third key ready for the HR team: description 'HR documents', tag team=hr, and Enabled.",
    checks: [
      { label: "description is 'HR documents'", action: { call: 'DescribeKey', request: { KeyId: KEY_IDS.c } }, expect: { equals: { path: 'KeyMetadata.Description', value: 'HR documents' } } },
      { label: 'state is Enabled', action: { call: 'DescribeKey', request: { KeyId: KEY_IDS.c } }, expect: { equals: { path: 'KeyMetadata.KeyState', value: 'Enabled' } } },
      { label: 'tagged team=hr', action: { call: 'ListResourceTags', request: { KeyId: KEY_IDS.c } }, expect: { equals: { path: 'Tags', value: [{ TagKey: 'team', TagValue: 'hr' }] } } },
    ],
  },
  solution: [
    { action: { call: 'UpdateKeyDescription', request: { KeyId: KEY_IDS.c, Description: 'HR documents' } } },
    { action: { call: 'TagResource', request: { KeyId: KEY_IDS.c, Tags: [{ TagKey: 'team', TagValue: 'hr' }] } } },
    { action: { call: 'EnableKey', request: { KeyId: KEY_IDS.c } } },
  ],
  hints: [
    'Use “UpdateKeyDescription”, “TagResource” (team in “Tag key”, hr in “Tag value”) and “EnableKey” from “What to do”, each with the third key in its “Key” picker.',
    'Check your work with “DescribeKey” and “ListResourceTags”.',
  ],
};

const encryptFourKb: Lesson = {
  id: 'encrypt-4kb',
  title: 'Encrypt and Decrypt with the CMK, up to 4 KB',
  topic: 'cmk-encrypt-decrypt',
  summary: 'Encrypt takes at most 4096 bytes. The ciphertext names its key, so Decrypt needs no key id, and any change to it is detected.',
  notes: ['4kb-limit', 'cmk-visually'],
  sources: [src('Encrypt', 'API_Encrypt.html', API), src('Decrypt', 'API_Decrypt.html', API), src('AWS KMS quotas and limits', 'limits.html')],
  scenario: scenario({
    title: 'Config blobs',
    keys: [
      { arn: A, description: 'config', policy: defaultKeyPolicy() },
      { arn: B, description: 'another key', policy: defaultKeyPolicy() },
    ],
  }),
  steps: [
    {
      id: 'enc4096',
      narration: 'You encrypt exactly 4096 bytes with the key. The plaintext goes into KMS; a ciphertext blob comes back.',
      action: { call: 'Encrypt', request: { KeyId: KEY_IDS.a, Plaintext: bytes(4096) } },
      expect: 'success',
      predict: {
        kind: 'outcome',
        question: 'Can KMS Encrypt 4096 bytes directly?',
        choices: [
          { id: 'ok', label: 'Yes', outcome: 'success' },
          { id: 'validation', label: 'No: ValidationException', outcome: 'ValidationException' },
          { id: 'limit', label: 'No: LimitExceededException', outcome: 'LimitExceededException' },
        ],
      },
    },
    {
      id: 'enc4097',
      narration: 'You add one byte. KMS checks the size before it touches the key.',
      action: { call: 'Encrypt', request: { KeyId: KEY_IDS.a, Plaintext: bytes(4097) } },
      expect: { error: 'ValidationException' },
      predict: {
        kind: 'outcome',
        question: 'And 4097 bytes?',
        choices: [
          { id: 'ok', label: 'Works', outcome: 'success' },
          { id: 'validation', label: 'ValidationException', outcome: 'ValidationException' },
          { id: 'limit', label: 'LimitExceededException', outcome: 'LimitExceededException' },
        ],
      },
    },
    {
      id: 'dec',
      narration: 'You decrypt without naming a key. The ciphertext blob records which key (and which backing key) encrypted it.',
      action: { call: 'Decrypt', request: { CiphertextBlob: ref('enc4096.CiphertextBlob') } },
      predict: {
        kind: 'value',
        question: 'Which key does Decrypt report, when you named none?',
        probe: '$dec.KeyId',
        choices: [
          { id: 'a', label: 'The config key', value: A },
          { id: 'b', label: 'The other key', value: B },
          { id: 'none', label: 'None: Decrypt fails without a KeyId', value: null },
        ],
      },
    },
    {
      id: 'tampered',
      narration: 'You flip one bit in the stored ciphertext.',
      action: { local: 'flip-byte', data: ref('enc4096.CiphertextBlob') },
    },
    {
      id: 'dec-tampered',
      narration: 'You ask KMS to decrypt the changed blob. AES-GCM authenticates every byte.',
      action: { call: 'Decrypt', request: { CiphertextBlob: ref('tampered.Bytes') } },
      expect: { error: 'InvalidCiphertextException' },
    },
    {
      id: 'dec-wrong-key',
      narration: 'You decrypt the original blob but name the other key as KeyId.',
      action: { call: 'Decrypt', request: { CiphertextBlob: ref('enc4096.CiphertextBlob'), KeyId: KEY_IDS.b } },
      expect: { error: 'IncorrectKeyException' },
      predict: {
        kind: 'outcome',
        question: 'Decrypt with KeyId naming a different (existing) key than the one that encrypted?',
        choices: [
          { id: 'ok', label: 'Works: KMS ignores KeyId for symmetric keys', outcome: 'success' },
          { id: 'incorrect', label: 'IncorrectKeyException', outcome: 'IncorrectKeyException' },
          { id: 'invalid', label: 'InvalidCiphertextException', outcome: 'InvalidCiphertextException' },
        ],
      },
    },
  ],
  goal: {
    description: 'Your app encrypts 4 KB config blobs through alias/config: create that alias for the config key. (4097 bytes must of course still fail.)',
    checks: [
      { label: '4096 bytes encrypt through alias/config', action: { call: 'Encrypt', request: { KeyId: 'alias/config', Plaintext: bytes(4096) } }, expect: { equals: { path: 'KeyId', value: A } } },
      { label: '4097 bytes are refused', action: { call: 'Encrypt', request: { KeyId: 'alias/config', Plaintext: bytes(4097) } }, expect: { error: 'ValidationException' } },
    ],
  },
  solution: [{ action: { call: 'CreateAlias', request: { AliasName: 'alias/config', TargetKeyId: KEY_IDS.a } } }],
  hints: ['Choose “CreateAlias” in “What to do”: type alias/config in “Alias name” and pick the config key in “Target key”.', 'For more than 4 KB, see the envelope encryption lesson.'],
};

export const BASICS_LESSONS = [regionalService, cryptoOperations, cmkAnatomy, encryptFourKb];
