/**
 * `toFlow(world, flow, cursor) → { nodes, edges }`: the picture at one step, as plain data that
 * React Flow renders. Pure: the same (snapshot, flow, cursor) always gives the same picture, and
 * positions are a hand layout in lanes — storage · your application · the KMS boundary · audit —
 * chosen so no edge crosses the boundary except the ones that carry data keys, data, requests and
 * audit records. The CMK is drawn only inside the KMS node, never on an edge (tests check this).
 */
import type { CallTrace, WorldState } from '@kms-lab/engine';
import type { Flow } from './flow';
import { INSIDE_KMS, primaryKeyArn, toSteps, type Carry, type PlaceId, type Step } from './steps';

// ---- the world as the picture needs it ----

export interface KeySnapshot {
  arn: string;
  keyId: string;
  region: string;
  description: string;
  state: string;
  aliases: string[];
  /** Backing key material versions, oldest first. */
  materials: { id: string; createdAt: number }[];
  current?: string;
}

export interface WorldSnapshot {
  keys: Record<string, KeySnapshot>;
}

/** What the canvas needs from the engine's world state: keys with their material versions (ids only). */
export function snapshotOf(state: Pick<WorldState, 'keys' | 'aliases'>): WorldSnapshot {
  const keys: Record<string, KeySnapshot> = {};
  for (const k of Object.values(state.keys)) {
    keys[k.arn] = {
      arn: k.arn,
      keyId: k.keyId,
      region: k.region,
      description: k.description,
      state: k.keyState,
      aliases: Object.values(state.aliases)
        .filter((a) => a.targetKeyArn === k.arn)
        .map((a) => a.aliasName)
        .sort(),
      materials: k.materials.map((m) => ({ id: m.keyMaterialId, createdAt: m.createdAt })),
      current: k.currentKeyMaterialId,
    };
  }
  return { keys };
}

const KEY_ARN = /^arn:aws[\w-]*:kms:[^:]+:\d{12}:key\/[\w-]+$/;

/** Every key ARN a trace's events name (any field, one level into arrays and objects). */
export function keyArnsOf(trace: Pick<CallTrace, 'events'>): Set<string> {
  const arns = new Set<string>();
  const visit = (v: unknown, depth: number) => {
    if (typeof v === 'string') {
      if (KEY_ARN.test(v)) arns.add(v);
    } else if (v && typeof v === 'object' && depth < 3) {
      for (const x of Array.isArray(v) ? v : Object.values(v)) visit(x, depth + 1);
    }
  };
  for (const e of trace.events) visit(e, 0);
  return arns;
}

/**
 * The slice of the world a trace shows, taken when the call has just run: the keys it names as they
 * are now (state, aliases, material versions). Kept with the trace, so a replay draws that world,
 * not the keys of a later day.
 */
export function sliceOf(state: Pick<WorldState, 'keys' | 'aliases'>, trace: Pick<CallTrace, 'events'>): WorldSnapshot {
  const named = keyArnsOf(trace);
  const keys: WorldState['keys'] = {};
  for (const arn of named) if (Object.hasOwn(state.keys, arn)) keys[arn] = state.keys[arn];
  return snapshotOf({ keys, aliases: state.aliases });
}

/** The world a flow shows: its own, else the slices kept with its calls (later calls win), else none. */
export function worldOfFlow(flow: Flow, slices: Readonly<Record<string, WorldSnapshot>>): WorldSnapshot | undefined {
  if (flow.world) return flow.world;
  let found = false;
  const keys: Record<string, KeySnapshot> = {};
  for (const item of flow.items) {
    if (item.kind !== 'call' || !Object.hasOwn(slices, item.trace.callId)) continue;
    found = true;
    Object.assign(keys, slices[item.trace.callId].keys);
  }
  return found ? { keys } : undefined;
}

// ---- the picture ----

export type Status = 'idle' | 'active' | 'failed';

export interface LaneData {
  kind: 'lane';
  title: string;
  subtitle: string;
}

export interface CallerData {
  kind: 'caller';
  principal: string;
  status: Status;
  /** What the app is doing right now, when a client step is active. */
  doing?: string;
}

export type ArtefactKind = 'plaintext' | 'dk-plain' | 'dk-enc' | 'ciphertext';

export interface ArtefactData {
  kind: 'artefact';
  place: PlaceId;
  artefact: ArtefactKind;
  /** KMS's words for it, e.g. "Encrypted data key (CiphertextBlob)". */
  label: string;
  hint: string;
  status: Status;
  /** Shredded: drawn as a ghost outline labelled "discarded". */
  ghost: boolean;
  /** Encryption context keys bound to this ciphertext (the violet tag). */
  context?: string[];
  errorName?: string;
}

export interface BackingCard {
  id: string;
  /** The first 8 hex digits. */
  short: string;
  current: boolean;
  /** The card this step's cryptography uses. */
  inUse: boolean;
  /** Added at this step (rotation, creation). */
  isNew: boolean;
}

export interface KmsData {
  kind: 'kms';
  region: string;
  api: { status: Status; errorName?: string };
  policy: { status: Status; action?: string; decision?: 'Allow' | 'ExplicitDeny' | 'ImplicitDeny'; errorName?: string };
  cmk: {
    status: Status;
    keyArn?: string;
    name: string;
    state?: string;
    cards: BackingCard[];
    deleted: boolean;
    /** A freshly generated data key is inside KMS (between generate-data-key and its return). */
    dataKeyInside: boolean;
    errorName?: string;
  };
}

export interface AuditData {
  kind: 'audit';
  status: Status;
  records: { eventName: string; errorCode?: string }[];
}

export interface StorageData {
  kind: 'storage';
  status: Status;
  holds: ('dk-enc' | 'ciphertext')[];
  ghost: boolean;
}

export type NodeData = LaneData | CallerData | ArtefactData | KmsData | AuditData | StorageData;
export type NodeType = NodeData['kind'];

export interface FlowNode {
  id: string;
  type: NodeType;
  position: { x: number; y: number };
  width: number;
  height: number;
  data: NodeData;
  zIndex?: number;
}

export interface EdgeData {
  carries: Carry;
  label: string;
  state: 'active' | 'done';
  /** Leaves or enters the KMS boundary. */
  crossesBoundary: boolean;
  /** The step failed here: the token stops at the end and shakes. */
  failed: boolean;
  /** Position among the current step's moves (tokens arriving together sit side by side, not overlapped). */
  order: number;
  /** How many moves the step makes (the tokens at rest are centred as a group in the gap). */
  moves: number;
}

export interface FlowEdge {
  id: string;
  source: string;
  target: string;
  sourceHandle: string;
  targetHandle: string;
  data: EdgeData;
}

export interface FlowPicture {
  nodes: FlowNode[];
  edges: FlowEdge[];
  steps: Step[];
  /** The cursor, clamped to the steps. */
  cursor: number;
}

// ---- layout: lanes and rows (flow coordinates) ----

export const LAYOUT = {
  laneTop: 0,
  headerH: 44,
  storage: { x: 0, w: 180 },
  app: { x: 210, w: 220 },
  kms: { x: 470, w: 310 },
  audit: { x: 820, w: 180 },
  rowH: 88,
  nodeH: 70,
  kmsStations: { api: 30, policy: 130, cmk: 230 },
  kmsH: 440,
} as const;

const APP_ORDER: PlaceId[] = ['plaintext', 'dk-plain', 'dk-enc', 'ciphertext', 'ciphertext-new'];

const ARTEFACT: Record<string, { artefact: ArtefactKind; label: string; hint: string }> = {
  plaintext: { artefact: 'plaintext', label: 'Plaintext data', hint: 'Your data, readable.' },
  'dk-plain': { artefact: 'dk-plain', label: 'Plaintext data key', hint: 'Dangerous while it exists: use it, then discard it.' },
  'dk-enc': { artefact: 'dk-enc', label: 'Encrypted data key (CiphertextBlob)', hint: 'Safe to store next to the data; only KMS can open it.' },
  ciphertext: { artefact: 'ciphertext', label: 'Ciphertext', hint: 'Unreadable without the key that encrypted it.' },
  'ciphertext-new': { artefact: 'ciphertext', label: 'New ciphertext (ReEncrypt)', hint: 'The same plaintext, now under the destination key.' },
};

/** Which lane a place is in (x order): storage 0, app 1, kms 2, audit 3. */
function laneOf(p: PlaceId): number {
  if (p === 'storage') return 0;
  if ((INSIDE_KMS as PlaceId[]).includes(p)) return 2;
  if (p === 'audit') return 3;
  return 1;
}

/** The React Flow node that draws a place (the KMS stations are parts of one boundary node). */
function nodeOf(p: PlaceId): string {
  return (INSIDE_KMS as PlaceId[]).includes(p) ? 'kms' : p;
}

/** Handle ids: `${station?}-${side}-${s|t}`; sides: l, r (horizontal moves) and the app lane's own left side for moves within it. */
function handles(from: PlaceId, to: PlaceId): { sourceHandle: string; targetHandle: string } {
  const lf = laneOf(from);
  const lt = laneOf(to);
  const prefix = (p: PlaceId) => ((INSIDE_KMS as PlaceId[]).includes(p) ? `${p}-` : '');
  if (lf === lt) return { sourceHandle: `${prefix(from)}l-s`, targetHandle: `${prefix(to)}l-t` };
  const rightward = lt > lf;
  return {
    sourceHandle: `${prefix(from)}${rightward ? 'r' : 'l'}-s`,
    targetHandle: `${prefix(to)}${rightward ? 'l' : 'r'}-t`,
  };
}

function shortKeyName(arn: string | undefined, snapshot: WorldSnapshot): string {
  if (!arn) return 'KMS key';
  const k = snapshot.keys[arn];
  if (k?.aliases[0]) return k.aliases[0];
  const id = arn.split('/').pop() ?? arn;
  return `key ${id.slice(0, 8)}…`;
}

/**
 * The picture of `flow` at step `cursor` (clamped), for the world as `snapshot` describes it.
 * Places appear when a step makes them (or from the start when a step only uses them); a
 * discarded plaintext data key stays as a ghost; a failed step marks its place with the error.
 */
export function toFlow(snapshot: WorldSnapshot, flow: Flow, cursor: number): FlowPicture {
  const steps = toSteps(flow);
  const c = steps.length === 0 ? -1 : Math.max(0, Math.min(steps.length - 1, Math.floor(cursor)));
  const cur: Step | undefined = steps[c];

  // When each place first exists: made by a step (its index) or used before being made (-1).
  const born = new Map<PlaceId, number>();
  // The KMS boundary is drawn when a call goes to KMS or time changes a key (a service event).
  const hasCall = flow.items.some((i) => i.kind === 'call' || (i.kind === 'clock' && i.effects.length > 0));
  if (hasCall) for (const p of ['caller', 'kms-api', 'policy', 'cmk', 'audit'] as PlaceId[]) born.set(p, -1);
  born.set('caller', -1);
  for (const s of steps) {
    for (const p of [...s.inputs, ...s.moves.map((m) => m.from)]) if (!born.has(p)) born.set(p, -1);
    for (const p of [...s.outputs, ...s.moves.map((m) => m.to)]) if (!born.has(p)) born.set(p, s.index);
    for (const p of s.active) if (!born.has(p)) born.set(p, s.index);
  }
  if (!hasCall) for (const p of ['kms-api', 'policy', 'cmk'] as PlaceId[]) born.set(p, -1);
  const visible = (p: PlaceId) => born.has(p) && (born.get(p) as number) <= c;
  const used = (p: PlaceId) => born.has(p);

  // Replay up to the cursor.
  const ghost = new Set<PlaceId>();
  const context = new Map<PlaceId, string[]>();
  let pendingContext: string[] | undefined;
  let decision: KmsData['policy']['decision'];
  let action: string | undefined;
  // The CMK on show: the latest key a step named up to the cursor (ReEncrypt moves to its destination key).
  let keyArn = primaryKeyArn(steps);
  for (let i = 0; i <= c; i++) for (const e of steps[i].effects) if (e.type === 'key') keyArn = e.keyArn;
  let keyState: string | undefined;
  let deleted = false;
  let dataKeyInside = false;
  let inUse: string | undefined;
  const records: AuditData['records'] = [];
  const holds = new Set<'dk-enc' | 'ciphertext'>();
  const added = new Map<string, number>(); // material id → step index that adds it
  const mentioned: string[] = [];
  for (const s of steps) {
    for (const e of s.effects) {
      if ((e.type === 'material-add' || e.type === 'material-use') && e.keyArn === keyArn && !mentioned.includes(e.materialId)) mentioned.push(e.materialId);
      if (e.type === 'material-add' && e.keyArn === keyArn && !added.has(e.materialId)) added.set(e.materialId, s.index);
      // Before any step at the cursor says otherwise, the key is in the state its first check saw.
      if (e.type === 'key-state' && keyState === undefined && e.keyArn === keyArn) keyState = e.state;
    }
  }
  if (keyState === undefined && keyArn) keyState = snapshot.keys[keyArn]?.state;
  let lastItem = -1;
  for (let i = 0; i <= c; i++) {
    const s = steps[i];
    if (s.itemIndex !== lastItem && s.kind === 'request') {
      // A new call starts: the previous call's decision and selected material no longer apply.
      decision = undefined;
      action = undefined;
      inUse = undefined;
      pendingContext = undefined;
      lastItem = s.itemIndex;
    }
    for (const p of s.outputs) ghost.delete(p);
    for (const p of s.ghosts) ghost.add(p);
    for (const e of s.effects) {
      switch (e.type) {
        case 'key':
          break;
        case 'key-state':
          if (e.keyArn === keyArn) keyState = e.state;
          break;
        case 'key-deleted':
          if (e.keyArn === keyArn) {
            deleted = true;
            keyState = 'Deleted';
          }
          break;
        case 'decision':
          decision = e.decision;
          action = e.action;
          break;
        case 'context':
          pendingContext = e.keys;
          break;
        case 'data-key-inside':
          dataKeyInside = true;
          break;
        case 'material-use':
          if (e.keyArn === keyArn) inUse = e.materialId;
          break;
        case 'audit-record':
          records.push({ eventName: e.eventName, errorCode: e.errorCode });
          break;
        case 'material-add':
          break;
      }
    }
    for (const p of s.outputs) {
      if ((p === 'ciphertext' || p === 'ciphertext-new') && s.where === 'kms') context.set(p, pendingContext ?? []);
      if (p === 'dk-plain' || p === 'dk-enc') dataKeyInside = false;
      if (p === 'storage') {
        for (const m of s.moves) if (m.to === 'storage') holds.add(m.carries === 'dk-enc' ? 'dk-enc' : 'ciphertext');
      }
    }
  }
  if (cur && cur.kind === 'request') {
    // The request carries the context it will be checked against.
    const item = flow.items[cur.itemIndex];
    if (item.kind === 'call') {
      const req = item.trace.events[0];
      const ec = req.type === 'request' ? (req.parameters.EncryptionContext ?? req.parameters.SourceEncryptionContext) : undefined;
      if (ec && typeof ec === 'object') {
        const input = cur.inputs[0];
        if (input && !context.has(input)) context.set(input, Object.keys(ec as Record<string, string>));
      }
    }
  }

  // Failure of the current call: where it stopped.
  const failedHere = new Map<PlaceId, string>();
  if (cur) {
    for (let i = 0; i <= c; i++) {
      const s = steps[i];
      if (s.itemIndex === cur.itemIndex && s.failed) failedHere.set(s.at, s.errorName ?? 'Error');
    }
  }
  const statusOf = (p: PlaceId): Status => (failedHere.has(p) ? 'failed' : cur?.active.includes(p) ? 'active' : 'idle');

  // Backing key cards: the snapshot's versions plus any the trace names, minus those not yet made.
  const snapKey = keyArn ? snapshot.keys[keyArn] : undefined;
  const ids = [...(snapKey?.materials.map((m) => m.id) ?? [])];
  for (const id of mentioned) if (!ids.includes(id)) ids.push(id);
  const present = ids.filter((id) => !added.has(id) || (added.get(id) as number) <= c);
  const latestAdded = [...added.entries()].filter(([, i]) => i <= c).sort((a, b) => a[1] - b[1]).pop()?.[0];
  const currentId = latestAdded ?? (snapKey?.current && present.includes(snapKey.current) ? snapKey.current : present[present.length - 1]);
  const cards: BackingCard[] = present.map((id) => ({
    id,
    short: id.slice(0, 8),
    current: id === currentId,
    inUse: id === inUse,
    isNew: added.get(id) === c,
  }));

  const region = flow.items.flatMap((i) => (i.kind === 'call' ? [i.trace.region] : []))[0] ?? snapKey?.region ?? (keyArn?.split(':')[3] ?? '');
  const principal = flow.items.flatMap((i) => (i.kind === 'call' ? [i.trace.principal] : []))[0] ?? '';

  // ---- nodes ----
  const L = LAYOUT;
  const nodes: FlowNode[] = [];
  const appRows = APP_ORDER.filter(used);
  const rowY = (p: PlaceId) => L.laneTop + L.headerH + 12 + (1 + appRows.indexOf(p)) * L.rowH;
  const appBottom = L.laneTop + L.headerH + 12 + (1 + appRows.length) * L.rowH;
  const kmsY = L.laneTop + L.headerH + 8;
  const laneH = Math.max(appBottom, kmsY + L.kmsH) + 16 - L.laneTop;

  if (used('storage')) nodes.push(lane('lane-storage', L.storage, laneH, 'Storage', 'where the data rests'));
  nodes.push(lane('lane-app', L.app, laneH, 'Your application', 'outside KMS'));
  if (hasCall) nodes.push(lane('lane-audit', L.audit, laneH, 'Audit log', 'CloudTrail'));

  nodes.push({
    id: 'caller',
    type: 'caller',
    position: { x: L.app.x + 12, y: L.laneTop + L.headerH + 12 },
    width: L.app.w - 24,
    height: L.nodeH,
    data: {
      kind: 'caller',
      principal,
      status: cur?.where === 'app' && cur.kind !== 'request' ? 'active' : statusOf('caller'),
      doing: cur?.where === 'app' && cur.kind !== 'request' ? cur.title : undefined,
    },
  });

  for (const p of appRows) {
    if (!visible(p)) continue;
    const a = ARTEFACT[p];
    nodes.push({
      id: p,
      type: 'artefact',
      position: { x: L.app.x + 12, y: rowY(p) },
      width: L.app.w - 24,
      height: L.nodeH,
      data: {
        kind: 'artefact',
        place: p,
        artefact: a.artefact,
        label: a.label,
        hint: a.hint,
        status: statusOf(p),
        ghost: ghost.has(p),
        context: context.get(p)?.length ? context.get(p) : undefined,
        errorName: failedHere.get(p),
      },
    });
  }

  if (hasCall) {
    nodes.push({
      id: 'kms',
      type: 'kms',
      position: { x: L.kms.x, y: kmsY },
      width: L.kms.w,
      height: L.kmsH,
      zIndex: 0,
      data: {
        kind: 'kms',
        region,
        api: { status: statusOf('kms-api'), errorName: failedHere.get('kms-api') },
        policy: { status: statusOf('policy'), action, decision, errorName: failedHere.get('policy') },
        cmk: {
          status: statusOf('cmk'),
          keyArn,
          name: shortKeyName(keyArn, snapshot),
          state: keyState,
          cards,
          deleted,
          dataKeyInside,
          errorName: failedHere.get('cmk'),
        },
      },
    });
    nodes.push({
      id: 'audit',
      type: 'audit',
      position: { x: L.audit.x + 12, y: kmsY + L.kmsStations.api - 6 },
      width: L.audit.w - 24,
      height: 150,
      data: { kind: 'audit', status: statusOf('audit'), records },
    });
  }

  if (used('storage') && visible('storage')) {
    const y = used('ciphertext') ? rowY('ciphertext') - 12 : L.laneTop + L.headerH + 20 + L.rowH;
    nodes.push({
      id: 'storage',
      type: 'storage',
      position: { x: L.storage.x + 12, y },
      width: L.storage.w - 24,
      height: 124,
      data: { kind: 'storage', status: statusOf('storage'), holds: [...holds].sort(), ghost: false },
    });
  }

  // ---- edges: every move made so far; the current step's moves are active ----
  const edges = new Map<string, FlowEdge>();
  for (let i = 0; i <= c; i++) {
    const s = steps[i];
    for (const [order, m] of s.moves.entries()) {
      const id = `${m.from}->${m.to}`;
      const crosses = (INSIDE_KMS as PlaceId[]).includes(m.from) !== (INSIDE_KMS as PlaceId[]).includes(m.to);
      edges.delete(id); // re-insert so the latest traversal is drawn last (on top)
      edges.set(id, {
        id,
        source: nodeOf(m.from),
        target: nodeOf(m.to),
        ...handles(m.from, m.to),
        data: { carries: m.carries, label: m.label, state: i === c ? 'active' : 'done', crossesBoundary: crosses, failed: i === c && s.failed, order, moves: s.moves.length },
      });
    }
  }
  // A failed request: the token travels the request edge and stops there, shaking.
  if (cur?.failed && cur.moves.length === 0) {
    const req = [...edges.values()].reverse().find((e) => e.source === 'caller' && e.target === 'kms');
    if (req) edges.set(req.id, { ...req, data: { ...req.data, state: 'active', failed: true } });
  }

  return { nodes, edges: [...edges.values()], steps, cursor: c };
}

function lane(id: string, l: { x: number; w: number }, h: number, title: string, subtitle: string): FlowNode {
  return { id, type: 'lane', position: { x: l.x, y: LAYOUT.laneTop }, width: l.w, height: h, zIndex: -1, data: { kind: 'lane', title, subtitle } };
}
