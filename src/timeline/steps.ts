/**
 * `toSteps(flow)`: the flow as the steps the player walks. Each step has a stable id, a kind, a
 * present-tense narration, and what it does to the picture: which places are active, which
 * artefacts move along which edge, which appear (outputs), which are shredded (ghosts), and what
 * changes inside KMS (key state, key material, the authorization decision). The projection
 * (`toFlow`) replays these up to the cursor; it never calls the engine.
 */
import type { CallTrace, KmsEvent } from '@kms-lab/engine';
import type { ClientStepKind, Flow, FlowItem } from './flow';
import { narrate, narrateClientStep, narrateClock, shortArn } from './narrate';

/** The places on the canvas. `kms-api`, `policy` and `cmk` are inside the KMS boundary. */
export type PlaceId = 'caller' | 'kms-api' | 'policy' | 'cmk' | 'audit' | 'storage' | 'plaintext' | 'dk-plain' | 'dk-enc' | 'ciphertext' | 'ciphertext-new';

/** Places inside the KMS boundary (the hardware boundary: what is here never leaves). */
export const INSIDE_KMS: readonly PlaceId[] = ['kms-api', 'policy', 'cmk'];

/** What travels along an edge. Never the CMK or its key material: only requests, data keys, data and audit records. */
export type Carry = 'request' | 'plaintext' | 'ciphertext' | 'dk-plain' | 'dk-enc' | 'envelope' | 'record';

export interface Move {
  from: PlaceId;
  to: PlaceId;
  carries: Carry;
  /** Short words for the token, e.g. "plaintext + context". */
  label: string;
}

/** Changes inside KMS that the picture shows. */
export type Effect =
  | { type: 'key'; keyArn: string }
  | { type: 'key-state'; keyArn: string; state: string }
  | { type: 'material-add'; keyArn: string; materialId: string }
  | { type: 'material-use'; keyArn: string; materialId: string }
  | { type: 'key-deleted'; keyArn: string }
  | { type: 'decision'; action: string; decision: 'Allow' | 'ExplicitDeny' | 'ImplicitDeny' }
  | { type: 'context'; keys: string[] }
  | { type: 'data-key-inside' }
  | { type: 'audit-record'; eventName: string; errorCode?: string };

export type StepKind = KmsEvent['type'] | ClientStepKind | 'clock';

export interface Step {
  /** Stable: `${itemIndex}:${eventIndex}` for KMS events, `${itemIndex}:client` / `:clock` otherwise. */
  id: string;
  index: number;
  kind: StepKind;
  /** A short label for the step list ("Authorize kms:Encrypt"). */
  title: string;
  /** The narration: one or two present-tense sentences in the second person. */
  text: string;
  /** Extra detail for the inspector (an AWS error message, a material id…). */
  detail?: string;
  /** Which item of the flow this step belongs to, and that call's operation. */
  itemIndex: number;
  operation?: string;
  callId?: string;
  /** Where it happens: `app` (your application), `kms` (inside the boundary), `time`. */
  where: 'app' | 'kms' | 'time';
  failed: boolean;
  /** The AWS exception name, on the step where a call failed. */
  errorName?: string;
  /** The place the step happens at (the token stops and shakes here when it fails). */
  at: PlaceId;
  active: PlaceId[];
  moves: Move[];
  /** Artefacts that appear (or reappear) at this step. */
  outputs: PlaceId[];
  /** Artefacts used at this step (present from the start if no earlier step made them). */
  inputs: PlaceId[];
  /** Artefacts shredded at this step: they stay as a ghost outline. */
  ghosts: PlaceId[];
  effects: Effect[];
  time?: Date;
  /** A pipeline check that passed and teaches nothing of its own (folded away at the `class` detail). */
  routine?: boolean;
  /** At the `class` detail: the ids of the pipeline events this step stands for (more than one when folded). */
  covers?: string[];
}

const STAGE_PLACE: Record<string, PlaceId> = {
  request: 'kms-api',
  validate: 'kms-api',
  'resolve-key': 'kms-api',
  'check-state': 'cmk',
  'check-usage': 'cmk',
  authorize: 'policy',
  crypto: 'cmk',
  perform: 'cmk',
  audit: 'kms-api',
};

/** Does this Decrypt carry an encrypted data key rather than a ciphertext of data? */
function decryptRole(flow: Flow, itemIndex: number): 'data' | 'data-key' {
  const item = flow.items[itemIndex];
  if (item.kind === 'call' && item.role) return item.role;
  const before = flow.items.slice(0, itemIndex);
  const after = flow.items.slice(itemIndex + 1);
  const opened = before.some((i) => i.kind === 'client' && i.step.kind === 'open-envelope');
  const decryptsLocally = after.some((i) => i.kind === 'client' && i.step.kind === 'local-decrypt');
  return opened || decryptsLocally ? 'data-key' : 'data';
}

function requestMove(trace: CallTrace, role: 'data' | 'data-key'): { move: Move; input?: PlaceId } {
  const params = trace.events.find((e) => e.type === 'request');
  const hasContext = Boolean(params && params.type === 'request' && (params.parameters.EncryptionContext || params.parameters.SourceEncryptionContext));
  const ctx = hasContext ? ' + context' : '';
  switch (trace.operation) {
    case 'Encrypt':
      return { move: { from: 'caller', to: 'kms-api', carries: 'plaintext', label: `Encrypt: plaintext${ctx}` }, input: 'plaintext' };
    case 'Decrypt':
      return role === 'data-key'
        ? { move: { from: 'caller', to: 'kms-api', carries: 'dk-enc', label: `Decrypt: encrypted data key${ctx}` }, input: 'dk-enc' }
        : { move: { from: 'caller', to: 'kms-api', carries: 'ciphertext', label: `Decrypt: ciphertext${ctx}` }, input: 'ciphertext' };
    case 'ReEncrypt':
      return { move: { from: 'caller', to: 'kms-api', carries: 'ciphertext', label: `ReEncrypt: ciphertext${ctx}` }, input: 'ciphertext' };
    default:
      return { move: { from: 'caller', to: 'kms-api', carries: 'request', label: trace.operation } };
  }
}

function titleOf(e: KmsEvent, trace: CallTrace): string {
  switch (e.type) {
    case 'request':
      return `${trace.operation} request`;
    case 'validate':
      return 'Validate the request';
    case 'resolve-key':
      return e.namedAs === 'ciphertext' ? 'Find the key the ciphertext names' : `Resolve the ${e.namedAs.replace('-', ' ')}`;
    case 'check-state':
      return `Check key state: ${e.keyState}`;
    case 'check-usage':
      return `Check key usage: ${e.keyUsage}`;
    case 'authorize':
      return `Authorize ${e.action}: ${e.decision === 'Allow' ? 'allowed' : 'denied'}`;
    case 'crypto':
      return (
        (
          {
          'generate-key-material': 'Generate key material',
          'select-material': 'Select key material',
          'generate-data-key': 'Generate a data key',
          'bind-encryption-context': 'Bind the encryption context',
          encrypt: 'Encrypt under the CMK',
          'wrap-data-key': 'Encrypt the data key',
          'parse-ciphertext': 'Read the ciphertext header',
          decrypt: e.step === 'decrypt' && !e.ok ? 'Decrypt: integrity check fails' : 'Decrypt under the CMK',
          rotate: 'Rotate the key material',
          'generate-random': 'Generate random bytes',
          'return-plaintext': 'Return plaintext',
          sign: 'Sign with the private key',
          verify: 'Verify the signature',
          'generate-mac': 'Compute the MAC',
          'verify-mac': 'Verify the MAC',
        } as Partial<Record<string, string>>
      )[e.step] ?? `Crypto: ${e.step}`
      );
    case 'state-change':
      return `State: ${e.from ?? 'new'} → ${e.to}`;
    case 'time-effect':
      return e.effect === 'delete-key' ? 'Deletion falls due' : 'Rotation falls due';
    case 'audit':
      return `Audit: ${e.eventName}${e.errorCode ? ` (${e.errorCode})` : ''}`;
    case 'error':
      return `Fails: ${e.name}`;
    default:
      return e.type;
  }
}

const CLIENT_TITLES: Record<ClientStepKind, string> = {
  'local-encrypt': 'Encrypt locally (AES-GCM)',
  'local-decrypt': 'Decrypt locally (AES-GCM)',
  'discard-plaintext-key': 'Discard the plaintext data key',
  'bundle-envelope': 'Bundle the envelope',
  'open-envelope': 'Open the envelope',
  store: 'Store',
};

type Draft = Omit<Step, 'index'>;

function blank(id: string, itemIndex: number, kind: StepKind, where: Step['where'], at: PlaceId): Draft {
  return { id, itemIndex, kind, where, at, title: '', text: '', failed: false, active: [at], moves: [], outputs: [], inputs: [], ghosts: [], effects: [] };
}

function callSteps(flow: Flow, item: Extract<FlowItem, { kind: 'call' }>, itemIndex: number): Draft[] {
  const { trace } = item;
  const words = narrate(trace);
  const role = trace.operation === 'Decrypt' ? decryptRole(flow, itemIndex) : 'data';
  const dataKeysReturned = new Set(trace.events.flatMap((e) => (e.type === 'crypto' && e.step === 'return-plaintext' && e.dataKey ? [e.dataKey] : [])));
  // ReEncrypt decrypts and encrypts inside KMS: the new ciphertext is a second artefact.
  const outCipher: PlaceId = trace.operation === 'ReEncrypt' ? 'ciphertext-new' : 'ciphertext';

  return trace.events.map((e, ei) => {
    const id = `${itemIndex}:${ei}`;
    const where: Step['where'] = e.type === 'request' ? 'app' : 'kms';
    const d = blank(id, itemIndex, e.type, where, 'kms-api');
    d.operation = trace.operation;
    d.callId = trace.callId;
    d.time = e.at;
    d.title = titleOf(e, trace);
    d.text = words[ei].text;
    d.failed = words[ei].failed;
    switch (e.type) {
      case 'request': {
        const { move, input } = requestMove(trace, role);
        d.at = 'caller';
        d.active = ['caller', 'kms-api'];
        d.moves = [move];
        if (input) d.inputs = [input];
        break;
      }
      case 'validate':
        break;
      case 'resolve-key':
        d.active = ['kms-api', 'cmk'];
        d.effects = [{ type: 'key', keyArn: e.keyArn }];
        break;
      case 'check-state':
        d.at = 'cmk';
        d.active = ['cmk'];
        d.effects = [{ type: 'key', keyArn: e.keyArn }, { type: 'key-state', keyArn: e.keyArn, state: e.keyState }];
        break;
      case 'check-usage':
        d.at = 'cmk';
        d.active = ['cmk'];
        break;
      case 'authorize':
        d.at = 'policy';
        d.active = ['policy'];
        d.effects = [{ type: 'decision', action: e.action, decision: e.decision }];
        break;
      case 'crypto': {
        d.at = 'cmk';
        d.active = ['cmk'];
        switch (e.step) {
          case 'generate-key-material':
            d.effects = [{ type: 'key', keyArn: e.keyArn }, { type: 'material-add', keyArn: e.keyArn, materialId: e.keyMaterialId }];
            d.detail = `KeyMaterialId ${e.keyMaterialId}`;
            break;
          case 'select-material':
            d.effects = [{ type: 'key', keyArn: e.keyArn }, { type: 'material-use', keyArn: e.keyArn, materialId: e.keyMaterialId }];
            d.detail = `KeyMaterialId ${e.keyMaterialId}`;
            break;
          case 'parse-ciphertext':
            d.at = 'kms-api';
            d.active = ['kms-api'];
            d.effects = [{ type: 'key', keyArn: e.keyArn }];
            d.detail = `Format version ${e.formatVersion}; names ${e.keyArn} and key material ${e.keyMaterialId}`;
            break;
          case 'generate-data-key':
            d.effects = [{ type: 'data-key-inside' }];
            break;
          case 'bind-encryption-context':
            if (e.pairs > 0) d.effects = [{ type: 'context', keys: e.keys }];
            break;
          case 'encrypt':
            d.outputs = [outCipher];
            d.moves = [{ from: 'cmk', to: outCipher, carries: 'ciphertext', label: trace.operation === 'ReEncrypt' ? 'new ciphertext' : 'ciphertext' }];
            if (trace.operation === 'ReEncrypt') {
              d.text = `${d.text.replace(/\.$/, '')} — the plaintext never left KMS.`;
            }
            break;
          case 'wrap-data-key':
            // GenerateDataKeyWithoutPlaintext returns only this copy; otherwise both copies leave together below.
            if (!dataKeysReturned.has(e.dataKey)) {
              d.outputs = ['dk-enc'];
              d.moves = [{ from: 'cmk', to: 'dk-enc', carries: 'dk-enc', label: 'encrypted data key' }];
            }
            break;
          case 'decrypt':
            if (!e.ok) d.errorName = trace.error?.name ?? 'InvalidCiphertextException';
            break;
          case 'rotate':
            d.effects = [{ type: 'key', keyArn: e.keyArn }, { type: 'material-add', keyArn: e.keyArn, materialId: e.toKeyMaterialId }];
            d.detail = `New KeyMaterialId ${e.toKeyMaterialId}`;
            break;
          case 'return-plaintext':
            if (e.dataKey) {
              d.text = 'KMS returns two copies of the data key: one plaintext, one encrypted under your CMK. KMS keeps neither.';
              d.title = 'Return both copies of the data key';
              d.outputs = ['dk-plain', 'dk-enc'];
              d.moves = [
                { from: 'cmk', to: 'dk-plain', carries: 'dk-plain', label: 'plaintext data key' },
                { from: 'cmk', to: 'dk-enc', carries: 'dk-enc', label: 'encrypted data key' },
              ];
            } else if (role === 'data-key') {
              d.text = 'KMS returns the plaintext data key to you, over TLS. The CMK stays inside KMS.';
              d.title = 'Return the plaintext data key';
              d.outputs = ['dk-plain'];
              d.moves = [{ from: 'cmk', to: 'dk-plain', carries: 'dk-plain', label: 'plaintext data key' }];
            } else {
              d.outputs = ['plaintext'];
              d.moves = [{ from: 'cmk', to: 'plaintext', carries: 'plaintext', label: 'plaintext' }];
            }
            break;
          default:
            break;
        }
        break;
      }
      case 'state-change':
        d.at = 'cmk';
        d.active = ['cmk'];
        d.effects = [{ type: 'key', keyArn: e.keyArn }, { type: 'key-state', keyArn: e.keyArn, state: e.to }];
        if (e.to === 'PendingDeletion') d.text += ' KMS will delete it, and all its key material, when the waiting period ends.';
        if (e.to === 'Disabled') d.text += ' Nothing can be encrypted or decrypted with it until it is enabled again.';
        break;
      case 'time-effect':
        d.at = 'cmk';
        d.active = ['cmk'];
        d.where = 'time';
        d.effects = e.effect === 'delete-key' ? [{ type: 'key-deleted', keyArn: e.keyArn }] : [];
        break;
      case 'audit':
        d.active = ['kms-api', 'audit'];
        d.moves = [{ from: 'kms-api', to: 'audit', carries: 'record', label: `${e.eventName}${e.errorCode ? ` · ${e.errorCode}` : ''}` }];
        d.effects = [{ type: 'audit-record', eventName: e.eventName, errorCode: e.errorCode }];
        d.outputs = ['audit'];
        break;
      case 'error':
        d.at = STAGE_PLACE[e.stage] ?? 'kms-api';
        d.active = [d.at];
        d.failed = true;
        d.errorName = e.name;
        d.detail = e.message;
        d.text = `The call fails at the ${e.stage} stage with ${e.name}: ${e.message.replace(/\.?$/, '.')}`;
        break;
    }
    if (e.type === 'check-state' && !e.ok) d.errorName = trace.error?.name;
    if (e.type === 'authorize' && e.decision !== 'Allow') d.errorName = trace.error?.name ?? 'AccessDeniedException';
    d.routine =
      !d.failed &&
      (e.type === 'validate' ||
        e.type === 'resolve-key' ||
        (e.type === 'check-state' && e.ok) ||
        e.type === 'check-usage' ||
        (e.type === 'authorize' && e.decision === 'Allow') ||
        (e.type === 'crypto' && (e.step === 'select-material' || e.step === 'parse-ciphertext')));
    return d;
  });
}

function clientStep(item: Extract<FlowItem, { kind: 'client' }>, itemIndex: number): Draft {
  const s = item.step;
  const d = blank(`${itemIndex}:client`, itemIndex, s.kind, 'app', 'caller');
  d.title = CLIENT_TITLES[s.kind];
  d.text = narrateClientStep(s);
  d.time = item.at;
  switch (s.kind) {
    case 'local-encrypt':
      d.at = 'ciphertext';
      d.active = ['caller', 'plaintext', 'dk-plain', 'ciphertext'];
      d.inputs = ['plaintext', 'dk-plain'];
      d.outputs = ['ciphertext'];
      d.moves = [
        { from: 'dk-plain', to: 'ciphertext', carries: 'dk-plain', label: 'data key' },
        { from: 'plaintext', to: 'ciphertext', carries: 'plaintext', label: 'your data' },
      ];
      break;
    case 'local-decrypt':
      d.at = 'plaintext';
      d.active = ['caller', 'dk-plain', 'ciphertext', 'plaintext'];
      d.inputs = ['dk-plain', 'ciphertext'];
      d.failed = !s.ok;
      if (s.ok) {
        d.outputs = ['plaintext'];
        d.moves = [
          { from: 'dk-plain', to: 'plaintext', carries: 'dk-plain', label: 'data key' },
          { from: 'ciphertext', to: 'plaintext', carries: 'ciphertext', label: 'ciphertext' },
        ];
      } else {
        // A local failure has no AWS exception name: the label says what failed, and where; the
        // narration carries the check's own words (never the browser's "OperationError").
        d.errorName = 'Local decryption failed';
      }
      break;
    case 'discard-plaintext-key':
      d.at = 'dk-plain';
      d.active = ['dk-plain'];
      d.inputs = ['dk-plain'];
      d.ghosts = ['dk-plain'];
      break;
    case 'bundle-envelope':
      d.at = 'storage';
      d.active = ['dk-enc', 'ciphertext', 'storage'];
      d.inputs = ['dk-enc', 'ciphertext'];
      d.outputs = ['storage'];
      d.moves = [
        { from: 'dk-enc', to: 'storage', carries: 'dk-enc', label: 'encrypted data key' },
        { from: 'ciphertext', to: 'storage', carries: 'ciphertext', label: 'ciphertext' },
      ];
      break;
    case 'open-envelope':
      d.at = 'storage';
      d.active = ['storage', 'dk-enc', 'ciphertext'];
      d.inputs = ['storage'];
      d.outputs = ['dk-enc', 'ciphertext'];
      d.moves = [
        { from: 'storage', to: 'dk-enc', carries: 'dk-enc', label: 'encrypted data key' },
        { from: 'storage', to: 'ciphertext', carries: 'ciphertext', label: 'ciphertext' },
      ];
      break;
    case 'store':
      d.at = 'storage';
      d.active = ['ciphertext', 'storage'];
      d.inputs = ['ciphertext'];
      d.outputs = ['storage'];
      d.moves = [{ from: 'ciphertext', to: 'storage', carries: s.what === 'envelope' ? 'envelope' : 'ciphertext', label: s.what }];
      break;
  }
  return d;
}

function clockStep(item: Extract<FlowItem, { kind: 'clock' }>, itemIndex: number): Draft {
  const d = blank(`${itemIndex}:clock`, itemIndex, 'clock', 'time', 'cmk');
  d.title = `Time passes`;
  d.text = narrateClock(item.from, item.to, item.effects);
  d.time = item.to;
  d.effects = item.effects.map((e) => (e.effect === 'delete-key' ? { type: 'key-deleted', keyArn: e.keyArn } : { type: 'key', keyArn: e.keyArn }));
  if (item.effects.some((e) => e.effect === 'delete-key')) {
    d.title = 'Time passes: the key is deleted';
    d.detail = item.effects.map((e) => `${e.effect} ${e.keyArn}`).join('\n');
  }
  return d;
}

/** "Check key state: Enabled" → "key state Enabled": the folded step's list of what was checked. */
function checkWords(d: Draft): string {
  return d.title
    .replace(/^Validate the request$/, 'the request is valid')
    .replace(/^Resolve the (.*)$/, 'the $1 names a key')
    .replace(/^Find the key the ciphertext names$/, 'the ciphertext names its key')
    .replace(/^Read the ciphertext header$/, 'the ciphertext header names its key')
    .replace(/^Check key state: (.*)$/, 'the key is $1')
    .replace(/^Check key usage: (.*)$/, 'its usage is $1')
    .replace(/^Authorize (\S+): allowed$/, 'the policies allow $1')
    .replace(/^Select key material$/, 'KMS picks the key material');
}

/** Folds runs of routine checks of one call into one step (the `class` detail: one idea per step). */
function foldRoutine(drafts: Draft[]): Draft[] {
  const out: Draft[] = [];
  for (let i = 0; i < drafts.length; ) {
    let j = i;
    while (j < drafts.length && drafts[j].routine && drafts[j].itemIndex === drafts[i].itemIndex) j++;
    const uniq = <T>(xs: T[]) => [...new Set(xs)];
    if (j - i < 2) {
      const d = drafts[i];
      const next = drafts[i + 1];
      if (d.routine && next && next.itemIndex === d.itemIndex && !next.routine) {
        // A lone routine step (picking the key material) belongs to the work it prepares.
        out.push({
          ...next,
          detail: [d.title, next.detail].filter(Boolean).join('\n'),
          active: uniq([...d.active, ...next.active]),
          moves: [...d.moves, ...next.moves],
          outputs: uniq([...d.outputs, ...next.outputs]),
          inputs: uniq([...d.inputs, ...next.inputs]),
          ghosts: uniq([...d.ghosts, ...next.ghosts]),
          effects: [...d.effects, ...next.effects],
          covers: [d.id, next.id],
        });
        i += 2;
      } else {
        out.push({ ...d, covers: [d.id] });
        i += 1;
      }
      continue;
    }
    const run = drafts.slice(i, j);
    const last = run[run.length - 1];
    const words = run.map(checkWords);
    out.push({
      ...last,
      id: run[0].id,
      kind: run.some((d) => d.kind === 'authorize') ? 'authorize' : run[0].kind,
      title: `Checks pass (${run.length})`,
      text: `KMS checks the ${run[0].operation ?? ''} request, and every check passes: ${words.slice(0, -1).join(', ')}${words.length > 1 ? ' and ' : ''}${words[words.length - 1]}.`.replace(/ {2,}/g, ' '),
      detail: run.map((d) => `${d.title}: ${d.text}`).join('\n'),
      time: run[0].time,
      active: uniq(run.flatMap((d) => d.active)),
      moves: run.flatMap((d) => d.moves),
      outputs: uniq(run.flatMap((d) => d.outputs)),
      inputs: uniq(run.flatMap((d) => d.inputs)),
      ghosts: uniq(run.flatMap((d) => d.ghosts)),
      effects: run.flatMap((d) => d.effects),
      covers: run.map((d) => d.id),
    });
    i = j;
  }
  return out;
}

const cache = new WeakMap<Flow, Step[]>();

/** The flow's steps, in order (`flow.detail === 'class'`: routine checks folded). Pure and memoised per flow object. */
export function toSteps(flow: Flow): Step[] {
  const hit = cache.get(flow);
  if (hit) return hit;
  const fine = flow.items.flatMap((item, i): Draft[] =>
    item.kind === 'call' ? callSteps(flow, item, i) : item.kind === 'client' ? [clientStep(item, i)] : [clockStep(item, i)],
  );
  const drafts = flow.detail === 'class' ? foldRoutine(fine) : fine;
  const steps = drafts.map((d, index) => ({ ...d, index }));
  cache.set(flow, steps);
  return steps;
}

/** The primary KMS key of a flow: the first key any step names. */
export function primaryKeyArn(steps: Step[]): string | undefined {
  for (const s of steps) for (const e of s.effects) if ('keyArn' in e) return e.keyArn;
  return undefined;
}

/**
 * Where a cursor of one detail lands in the same flow at another detail: the step that covers the
 * same pipeline event (folded steps carry the ids they stand for in `covers`).
 */
export function mapCursor(from: readonly Step[], to: readonly Step[], cursor: number): number {
  const at = from[Math.max(0, Math.min(from.length - 1, cursor))];
  if (!at) return 0;
  const ids = at.covers ?? [at.id];
  // The last match: a folded step shows the picture after every check it stands for.
  let hit = 0;
  to.forEach((s, i) => {
    if ((s.covers ?? [s.id]).some((id) => ids.includes(id))) hit = i;
  });
  return hit;
}

/** A short label for a key ARN, re-exported for the UI. */
export { shortArn };
