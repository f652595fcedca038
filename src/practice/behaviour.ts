// KMS behaviour puzzles: a few operations run in a scratch world (the real engine, WebCrypto and
// all), and one thing observed — an outcome or a value. The template lists what a learner might
// expect; which one happens is found by running the steps (answer.ts).
import type { Scenario } from '@kms-lab/engine/scenario';
import { EPOCH, KEY_IDS, REGION, keyArn } from '../lessons/author';
import type { Action } from '../lessons/model';
import { bytes, ref, utf8 } from '../lessons/values';
import type { BehaviourPuzzle, Level, PracticeTopic } from './model';
import type { Rng } from './rng';
import { KEY_NAMES } from './worlds';

type Built = Pick<BehaviourPuzzle, 'topic' | 'template' | 'prompt' | 'scenario' | 'steps' | 'read' | 'choices'>;
type Step = BehaviourPuzzle['steps'][number];

const A = keyArn(KEY_IDS.a);
const B = keyArn(KEY_IDS.b);
const OTHER_REGION = 'eu-west-1';

const world = (keys: Scenario['keys'], title: string): Scenario => ({ format: 'kms-scenario/1', title, clock: EPOCH, defaultRegion: REGION, keys });
const step = (id: string, narration: string, action: Action): Step => ({ id, narration, action });
const call = (op: string, request: Record<string, unknown>, region?: string): Action => ({ call: op, request, ...(region ? { region } : {}) }) as Action;
const outcomeChoices = (names: string[]) => names.map((n) => ({ id: n, label: n === 'success' ? 'It succeeds' : n, value: n }));
const valueChoices = (values: (string | number)[]) => values.map((v) => ({ id: String(v), label: String(v), value: v }));
const shortKey = (arn: string) => `${arn.split('/')[1].slice(0, 8)}…`;

interface BehaviourShape {
  topic: PracticeTopic;
  minLevel: Level;
  build(rng: Rng): Built;
}

const STATE_OPS: [string, string, Action][] = [
  ['disable', 'You disable the key (DisableKey).', call('DisableKey', { KeyId: A })],
  ['enable', 'You enable the key (EnableKey).', call('EnableKey', { KeyId: A })],
  ['schedule', 'You schedule its deletion with a 7-day waiting period (ScheduleKeyDeletion).', call('ScheduleKeyDeletion', { KeyId: A, PendingWindowInDays: 7 })],
  ['cancel', 'You cancel the deletion (CancelKeyDeletion).', call('CancelKeyDeletion', { KeyId: A })],
];

const SHAPES: BehaviourShape[] = [
  {
    topic: 'key-states',
    minLevel: 1,
    build(rng) {
      const name = rng.pick(KEY_NAMES);
      const ops = Array.from({ length: 1 + rng.int(3) }, () => rng.pick(STATE_OPS));
      const steps = ops.map(([id, narration, action], i) => step(`${id}${i + 1}`, narration, action));
      const askState = rng.chance(0.5);
      const list = ops.map(([, n]) => n.replace(/^You /, '').replace(/\.$/, '')).join(', then ');
      if (askState) {
        steps.push(step('describe', 'You describe the key (DescribeKey).', call('DescribeKey', { KeyId: A })));
        return {
          topic: 'key-states',
          template: 'key-state-after',
          prompt: `The ${name.description} key (${name.alias}) is Enabled. You ${list}. What is its KeyState now?`,
          scenario: world([{ arn: A, description: name.description, aliases: [name.alias] }], `Key states: ${name.alias}`),
          steps,
          read: { step: 'describe', path: 'KeyMetadata.KeyState' },
          choices: valueChoices(['Enabled', 'Disabled', 'PendingDeletion', 'PendingImport']),
        };
      }
      steps.push(step('encrypt', 'An application calls Encrypt with the key.', call('Encrypt', { KeyId: A, Plaintext: utf8('quarterly figures') })));
      return {
        topic: 'key-states',
        template: 'encrypt-after',
        prompt: `The ${name.description} key (${name.alias}) is Enabled. You ${list}. Then an application calls Encrypt with it. What happens?`,
        scenario: world([{ arn: A, description: name.description, aliases: [name.alias] }], `Key states: ${name.alias}`),
        steps,
        read: { step: 'encrypt' },
        choices: outcomeChoices(['success', 'DisabledException', 'KMSInvalidStateException', 'NotFoundException']),
      };
    },
  },
  {
    topic: '4kb-limit',
    minLevel: 1,
    build(rng) {
      const name = rng.pick(KEY_NAMES);
      const n = rng.pick([0, 1, 1000, 4095, 4096, 4097, 4100, 6000, 8192]);
      return {
        topic: '4kb-limit',
        template: 'encrypt-size',
        prompt: `You call Encrypt with the symmetric ${name.description} key (${name.alias}) and a plaintext of ${n.toLocaleString('en-US')} bytes. What happens?`,
        scenario: world([{ arn: A, description: name.description, aliases: [name.alias] }], `The 4 KB limit: ${n} bytes`),
        steps: [step('encrypt', `You call Encrypt with ${n} bytes.`, call('Encrypt', { KeyId: name.alias, Plaintext: bytes(n) }))],
        read: { step: 'encrypt' },
        choices: outcomeChoices(['success', 'ValidationException', 'LimitExceededException', 'InvalidCiphertextException']),
      };
    },
  },
  {
    topic: 'aliases',
    minLevel: 1,
    build(rng) {
      const name = rng.pick(KEY_NAMES);
      const steps: Step[] = [
        step('create', `You create ${name.alias} for key ${shortKey(A)} (CreateAlias).`, call('CreateAlias', { AliasName: name.alias, TargetKeyId: A })),
        step('e', `An application encrypts a record with KeyId ${name.alias}.`, call('Encrypt', { KeyId: name.alias, Plaintext: utf8('record 42') })),
      ];
      const change = rng.pick(['none', 'repoint', 'repoint', 'delete'] as const);
      if (change === 'repoint') steps.push(step('repoint', `You repoint ${name.alias} at key ${shortKey(B)} (UpdateAlias).`, call('UpdateAlias', { AliasName: name.alias, TargetKeyId: B })));
      if (change === 'delete') steps.push(step('delete', `You delete ${name.alias} (DeleteAlias).`, call('DeleteAlias', { AliasName: name.alias })));
      const ask = rng.pick(['decrypt-plain', 'decrypt-alias', 'encrypt-again'] as const);
      const told = change === 'none' ? '' : change === 'repoint' ? ` Then you repoint ${name.alias} at key ${shortKey(B)}.` : ` Then you delete ${name.alias}.`;
      const choices = [
        { id: 'a', label: `It works, with key ${shortKey(A)} (the first key)`, value: A },
        { id: 'b', label: `It works, with key ${shortKey(B)} (the second key)`, value: B },
        ...outcomeChoices(['IncorrectKeyException', 'NotFoundException']),
      ];
      const last =
        ask === 'decrypt-plain'
          ? step('ask', 'The application decrypts the record, passing only the ciphertext.', call('Decrypt', { CiphertextBlob: ref('e.CiphertextBlob') }))
          : ask === 'decrypt-alias'
            ? step('ask', `The application decrypts the record with KeyId ${name.alias}.`, call('Decrypt', { CiphertextBlob: ref('e.CiphertextBlob'), KeyId: name.alias }))
            : step('ask', `The application encrypts a new record with KeyId ${name.alias}.`, call('Encrypt', { KeyId: name.alias, Plaintext: utf8('record 43') }));
      const question =
        ask === 'decrypt-plain'
          ? 'The application then calls Decrypt with only the ciphertext. What happens?'
          : ask === 'decrypt-alias'
            ? `The application then calls Decrypt on the record with KeyId ${name.alias}. What happens?`
            : `The application then encrypts a new record with KeyId ${name.alias}. What happens?`;
      return {
        topic: 'aliases',
        template: `alias-${ask}`,
        prompt: `Two symmetric keys, ${shortKey(A)} and ${shortKey(B)}. You create ${name.alias} for key ${shortKey(A)}, and an application encrypts a record with KeyId ${name.alias}.${told} ${question}`,
        scenario: world([{ arn: A, description: `${name.description} (first key)` }, { arn: B, description: `${name.description} (second key)` }], `Aliases: ${name.alias}`),
        steps: [...steps, last],
        read: { step: 'ask', path: 'KeyId' },
        choices,
      };
    },
  },
  {
    topic: 'deletion',
    minLevel: 2,
    build(rng) {
      const name = rng.pick(KEY_NAMES);
      const window = rng.pick([undefined, 5, 7, 10, 30, 31]);
      const days = rng.pick([6, 8, 12, 29, 31]);
      const cancel = rng.chance(0.2);
      const steps: Step[] = [
        step('schedule', `You schedule the key's deletion${window === undefined ? ' without a PendingWindowInDays' : ` with PendingWindowInDays ${window}`}.`, call('ScheduleKeyDeletion', { KeyId: A, ...(window === undefined ? {} : { PendingWindowInDays: window }) })),
      ];
      if (cancel) {
        steps.push(step('wait1', '3 days pass.', { advanceClock: { days: 3 } }));
        steps.push(step('cancel', 'You cancel the deletion (CancelKeyDeletion).', call('CancelKeyDeletion', { KeyId: A })));
      }
      steps.push(step('wait', `${days} days pass.`, { advanceClock: { days } }));
      steps.push(step('describe', 'You describe the key (DescribeKey).', call('DescribeKey', { KeyId: A })));
      return {
        topic: 'deletion',
        template: cancel ? 'deletion-cancelled' : 'deletion-window',
        prompt: `You call ScheduleKeyDeletion on the ${name.description} key${window === undefined ? ' without PendingWindowInDays' : ` with PendingWindowInDays ${window}`}.${cancel ? ' 3 days later you call CancelKeyDeletion.' : ''} ${days} days ${cancel ? 'after that' : 'later'} you call DescribeKey. What does it show?`,
        scenario: world([{ arn: A, description: name.description, aliases: [name.alias] }], `Deletion window: ${name.alias}`),
        steps,
        read: { step: 'describe', path: 'KeyMetadata.KeyState' },
        choices: [...valueChoices(['Enabled', 'Disabled', 'PendingDeletion']), ...outcomeChoices(['NotFoundException'])],
      };
    },
  },
  {
    topic: 'data-keys',
    minLevel: 2,
    build(rng) {
      const name = rng.pick(KEY_NAMES);
      const spec = rng.pick<Record<string, string | number>>([{ KeySpec: 'AES_256' }, { KeySpec: 'AES_128' }, { NumberOfBytes: 16 }, { NumberOfBytes: 64 }, { NumberOfBytes: 1024 }, { NumberOfBytes: 1025 }, { KeySpec: 'AES_256', NumberOfBytes: 32 }, {}]);
      const words = Object.keys(spec).length ? Object.entries(spec).map(([k, v]) => `${k} ${v}`).join(' and ') : 'neither KeySpec nor NumberOfBytes';
      return {
        topic: 'data-keys',
        template: 'data-key-size',
        prompt: `You call GenerateDataKey with the ${name.description} key and ${words}. How many bytes is the plaintext data key it returns?`,
        scenario: world([{ arn: A, description: name.description, aliases: [name.alias] }], `Data key sizes: ${name.alias}`),
        steps: [step('gdk', `You call GenerateDataKey with ${words}.`, call('GenerateDataKey', { KeyId: name.alias, ...spec }))],
        read: { step: 'gdk', path: 'Plaintext.length' },
        choices: [...valueChoices([16, 32, 64, 1024]), { id: 'ValidationException', label: 'None: ValidationException', value: 'ValidationException' }],
      };
    },
  },
  {
    topic: 'rotation',
    minLevel: 2,
    build(rng) {
      const name = rng.pick(KEY_NAMES);
      const period = rng.pick([undefined, 90, 180, 30, 3000]);
      const effective = period ?? 365;
      const onDemand = rng.int(2);
      const days = rng.pick([effective - 10, effective + 10, 2 * effective + 10]);
      const steps: Step[] = [
        step('enable', `You enable automatic rotation${period === undefined ? '' : ` with RotationPeriodInDays ${period}`}.`, call('EnableKeyRotation', { KeyId: A, ...(period === undefined ? {} : { RotationPeriodInDays: period }) })),
      ];
      for (let i = 0; i < onDemand; i++) steps.push(step(`now${i}`, 'You rotate the key on demand (RotateKeyOnDemand).', call('RotateKeyOnDemand', { KeyId: A })));
      steps.push(step('wait', `${days} days pass.`, { advanceClock: { days } }));
      steps.push(step('list', 'You list the key rotations (ListKeyRotations).', call('ListKeyRotations', { KeyId: A })));
      return {
        topic: 'rotation',
        template: 'rotation-count',
        prompt: `You call EnableKeyRotation on the ${name.description} key${period === undefined ? ' without RotationPeriodInDays' : ` with RotationPeriodInDays ${period}`}${onDemand ? ', then RotateKeyOnDemand once' : ''}. ${days} days pass. How many rotations does ListKeyRotations list?`,
        scenario: world([{ arn: A, description: name.description, aliases: [name.alias] }], `Rotation: ${name.alias}`),
        steps,
        read: { step: 'list', path: 'Rotations.length' },
        choices: valueChoices([0, 1, 2, 3]),
      };
    },
  },
  {
    topic: 'multi-region',
    minLevel: 3,
    build(rng) {
      const multi = rng.chance(0.7);
      const replicate = rng.chance(0.6);
      const ask = rng.pick(['decrypt-there', 'replicate-replica'] as const);
      const steps: Step[] = [
        step('key', `You create a ${multi ? 'multi-Region' : 'single-Region'} key in ${REGION}.`, call('CreateKey', { Description: 'backups', ...(multi ? { MultiRegion: true } : {}) })),
        step('e', `You encrypt a backup with it in ${REGION}.`, call('Encrypt', { KeyId: ref('key.KeyMetadata.KeyId'), Plaintext: utf8('backup') })),
      ];
      if (replicate || ask === 'replicate-replica') steps.push(step('rep', `You call ReplicateKey to ${OTHER_REGION}.`, call('ReplicateKey', { KeyId: ref('key.KeyMetadata.KeyId'), ReplicaRegion: OTHER_REGION })));
      if (ask === 'decrypt-there') {
        steps.push(step('ask', `In ${OTHER_REGION}, you call Decrypt with the backup's ciphertext.`, call('Decrypt', { CiphertextBlob: ref('e.CiphertextBlob') }, OTHER_REGION)));
        return {
          topic: 'multi-region',
          template: 'mrk-decrypt-elsewhere',
          prompt: `You create a ${multi ? 'multi-Region' : 'single-Region'} key in ${REGION} and encrypt a backup with it.${replicate ? ` You call ReplicateKey to ${OTHER_REGION}.` : ''} Then, in ${OTHER_REGION}, you call Decrypt with the backup's ciphertext. What happens?`,
          scenario: world([], 'Multi-Region keys'),
          steps,
          read: { step: 'ask' },
          choices: outcomeChoices(['success', 'NotFoundException', 'AccessDeniedException', 'InvalidCiphertextException']),
        };
      }
      steps.push(step('ask', `From ${OTHER_REGION}, you call ReplicateKey on the replica, to ap-southeast-2.`, call('ReplicateKey', { KeyId: ref('key.KeyMetadata.KeyId'), ReplicaRegion: 'ap-southeast-2' }, OTHER_REGION)));
      return {
        topic: 'multi-region',
        template: 'mrk-replicate-replica',
        prompt: `You create a ${multi ? 'multi-Region' : 'single-Region'} key in ${REGION} and call ReplicateKey to ${OTHER_REGION}. Then, in ${OTHER_REGION}, you call ReplicateKey on that Region's copy to replicate it to ap-southeast-2. What happens?`,
        scenario: world([], 'Multi-Region keys'),
        steps,
        read: { step: 'ask' },
        choices: outcomeChoices(['success', 'NotFoundException', 'UnsupportedOperationException', 'AlreadyExistsException']),
      };
    },
  },
];

export const BEHAVIOUR_TOPICS = (level: Level): PracticeTopic[] => [...new Set(SHAPES.filter((s) => s.minLevel <= level).map((s) => s.topic))];

export function buildBehaviour(rng: Rng, level: Level, topic: PracticeTopic): Built {
  const shapes = SHAPES.filter((s) => s.minLevel <= level && s.topic === topic);
  const built = rng.pick(shapes).build(rng);
  return { ...built, choices: rng.shuffle(built.choices) };
}
