/**
 * The policy lab: who the app acts as, the request builder, the decision on screen (simulated,
 * performed, or opened from a denied call's "Why?"), edits to identities, key policies and grants,
 * and scenario import/export. The engine stays the source of truth: identities and policies live in
 * the world; the lab changes them through the world's own methods (identities) or KMS calls
 * (PutKeyPolicy, grants), then bumps `worldRevision` so views re-read.
 */
import type { Slice } from './types';
import { call, setActingPrincipal, toAwsError, type AwsError, type CallRecord, type Trace } from './kms-calls';
import { KmsError, DEFAULT_PRINCIPAL, type World } from '@kms-lab/engine';
import { evaluateAccess, KMS_ACTIONS, type AccessEvaluation, type AccessInput, type SourceRange } from '@kms-lab/engine/policy';
import { buildAccessInput, PolicyUnparseable } from '@kms-lab/engine';
import { principalInfo, type IdentityState } from '@kms-lab/engine';
import { keyForAccess } from '@kms-lab/engine';
// The scenario loader (and its zod schema) loads on demand: import/export only.
import type { ScenarioProblem } from '@kms-lab/engine/scenario';
import type { KeyRecord } from '@kms-lab/engine';
import { newPair, type ContextPair } from './workbench';
import { resetData } from './workspace';

/** Actions that name no key: AWS authorizes them on `*`, by IAM policies alone. */
export const NO_KEY_ACTIONS = new Set([
  'CreateKey',
  'ListKeys',
  'ListAliases',
  'GenerateRandom',
  'ListRetirableGrants',
  'CreateCustomKeyStore',
  'DescribeCustomKeyStores',
  'ConnectCustomKeyStore',
  'DisconnectCustomKeyStore',
  'DeleteCustomKeyStore',
  'UpdateCustomKeyStore',
]);

/** Operations the request builder offers (KMS actions, ReEncrypt authorized as its two halves). */
export const LAB_OPERATIONS: readonly string[] = KMS_ACTIONS;

/** Operations "Perform" can really call (others are simulate-only in the lab). */
export const PERFORMABLE = [
  'Encrypt',
  'Decrypt',
  'GenerateDataKey',
  'GenerateDataKeyWithoutPlaintext',
  'DescribeKey',
  'GetKeyPolicy',
  'GetKeyRotationStatus',
  'ListResourceTags',
  'EnableKey',
  'DisableKey',
  'CreateKey',
  'ListKeys',
  'ListAliases',
  'GenerateRandom',
  'CreateGrant',
  'ListGrants',
] as const;

export interface RequestDraft {
  principal: string;
  /** "Decrypt" (without the kms: prefix). */
  operation: string;
  /** Key id, key ARN, alias name or alias ARN, as the request would send it. */
  keyRef: string;
  encryptionContext: ContextPair[];
  viaService: string;
  sourceIp: string;
  mfa: '' | 'true' | 'false';
  /** ISO time for aws:CurrentTime; '' = the simulated clock. */
  time: string;
}

export interface LabDecision {
  id: number;
  source: 'simulate' | 'perform' | 'call';
  /** "kms:Decrypt by user/alice on key/1234…" */
  title: string;
  evaluation: AccessEvaluation;
  /** What was evaluated, for what-if (rebuilt from the world for a call's decision). */
  input: AccessInput | null;
  /** For perform: the real call's outcome (and the setup Encrypt for a Decrypt). */
  performed?: CallRecord<unknown>;
  setup?: CallRecord<unknown>;
}

/**
 * "Open this policy in its editor", from the decision view, Identities or a key's page. With a
 * statement, it names the evaluation it comes from and the text that evaluation read, so the
 * editor can refuse to outline it on any other text (src/timeline/highlight.ts).
 */
export interface PolicyFocus {
  policyId: string;
  statementIndex?: number;
  /** The decision the statement belongs to (LabDecision.id). */
  decisionId?: number;
  /** The policy text the evaluation read, and the statement's range in it. */
  text?: string;
  range?: SourceRange;
  nonce: number;
  /** The editor has opened it (so coming back to the lab does not open it again). */
  applied?: boolean;
}

/** The outcome of one save attempt of one document (it belongs to that attempt: editing clears it). */
export interface PolicySaveResult {
  record?: CallRecord<unknown>;
  error?: string;
  ok?: string;
  /** The save was sent with BypassPolicyLockoutSafetyCheck = true. */
  bypassed?: boolean;
}

/** The policy lab's editors: one per document, each with its own unsaved text and save result. */
export interface PolicyEditorState {
  /** The document open (a target id, src/ui/policy/targets.ts); null: follow the request's key. */
  selected: string | null;
  /** Unsaved texts, by target id. */
  drafts: Record<string, string>;
  results: Record<string, PolicySaveResult>;
}

export interface LabSlice {
  request: RequestDraft;
  decision: LabDecision | null;
  /** Why the last simulate/perform could not produce a decision (unknown key, unreadable policy…). */
  labError: AwsError | null;
  /** Asks the lab screen to open the editor of this policy at this statement (the deciding one). */
  focusPolicy: PolicyFocus | null;
  policyEditor: PolicyEditorState;
  setRequest(patch: Partial<RequestDraft>): void;
  /** Every later action in the app is performed as this principal. */
  actAs(principal: string): void;
  simulateRequest(): void;
  performRequest(): Promise<void>;
  /** Shows a performed call's decision (from its trace's authorize event): the "Why?" link. */
  showCallDecision(trace: Trace): boolean;
  /** Opens a policy in the lab's editor; with a statement, from the evaluation it belongs to. */
  setFocusPolicy(policyId: string | null, statementIndex?: number, source?: { decisionId: number; text?: string; range?: SourceRange }): void;
  markFocusApplied(nonce: number): void;
  selectPolicy(targetId: string): void;
  /** The unsaved text of a document (null: back to the saved one). Clears that document's last save result. */
  setPolicyDraft(targetId: string, text: string | null): void;
  setPolicyResult(targetId: string, result: PolicySaveResult | null): void;
  /** Changes the identity directory (accounts, principals, organization) and re-reads. */
  editIdentities(edit: (ids: IdentityState) => void): AwsError | null;
  /** PutKeyPolicy as the acting principal; `bypassLockoutCheck` sends BypassPolicyLockoutSafetyCheck = true. */
  putKeyPolicy(keyArn: string, text: string, options?: { bypassLockoutCheck?: boolean }): Promise<CallRecord<unknown>>;
  /** Imports a kms-scenario/1 file: the problems when it is refused (the workspace untouched), null when loaded. */
  importScenario(text: string): Promise<ScenarioProblem[] | null>;
  exportScenarioText(): Promise<string>;
}

let decisionSeq = 0;
let focusSeq = 0;

function defaultRequest(principal = DEFAULT_PRINCIPAL): RequestDraft {
  return { principal, operation: 'Decrypt', keyRef: '', encryptionContext: [], viaService: '', sourceIp: '', mfa: '', time: '' };
}

const short = (arn: string) => arn.replace(/^arn:aws:(iam|sts)::\d{12}:/, '').replace(/^arn:aws:kms:[^:]+:\d{12}:/, '');

export interface ResolvedKey {
  key?: KeyRecord;
  /** The ARN authorized ('*' for actions without a key). */
  resource: string;
  keyIdAsSent?: string;
  error?: string;
}

/** Resolves what the request names (key id, key ARN, alias name or ARN) as KMS would, in the region and the caller's account. */
export function resolveKeyRef(world: World, region: string, callerAccount: string, ref: string): ResolvedKey {
  const r = ref.trim();
  if (!r) return { resource: '*', error: 'Choose a key: a key ID, key ARN, alias name or alias ARN.' };
  const keys = world.state.keys;
  if (r.startsWith('arn:')) {
    if (keys[r]) return { key: keys[r], resource: r, keyIdAsSent: r };
    const alias = world.getAlias(r);
    if (alias && keys[alias.targetKeyArn]) return { key: keys[alias.targetKeyArn], resource: alias.targetKeyArn, keyIdAsSent: r };
    return { resource: r, error: `No key or alias ${r} exists in this world.` };
  }
  if (r.startsWith('alias/')) {
    const arn = `arn:aws:kms:${region}:${callerAccount}:${r}`;
    const alias = world.getAlias(arn);
    if (alias && keys[alias.targetKeyArn]) return { key: keys[alias.targetKeyArn], resource: alias.targetKeyArn, keyIdAsSent: r };
    return { resource: arn, error: `No alias ${r} in account ${callerAccount}, ${region}. (A short alias name is looked up in the caller's own account; use the alias ARN for another account's.)` };
  }
  const byId = Object.values(keys).find((k) => k.keyId === r && k.region === region && k.accountId === callerAccount);
  if (byId) return { key: byId, resource: byId.arn, keyIdAsSent: r };
  return { resource: r, error: `No key ${r} in account ${callerAccount}, ${region}. (A key ID is looked up in the caller's own account; use the key ARN for another account's key.)` };
}

function callerContextOf(d: RequestDraft): Record<string, string> {
  const ctx: Record<string, string> = {};
  if (d.viaService.trim()) ctx['kms:ViaService'] = d.viaService.trim();
  if (d.sourceIp.trim()) ctx['aws:SourceIp'] = d.sourceIp.trim();
  if (d.mfa) ctx['aws:MultiFactorAuthPresent'] = d.mfa;
  if (d.time.trim()) ctx['aws:CurrentTime'] = d.time.trim();
  return ctx;
}

function encryptionContextOf(pairs: ContextPair[]): Record<string, string> | undefined {
  const rows = pairs.filter((p) => p.key !== '' || p.value !== '');
  return rows.length ? Object.fromEntries(rows.map((p) => [p.key, p.value])) : undefined;
}

/** The inputs the evaluator needs for a draft request (throws a readable Error when it cannot be built). */
function inputForDraft(world: World, region: string, d: RequestDraft): AccessInput {
  const info = principalInfo(d.principal);
  const action = `kms:${d.operation}`;
  const noKey = NO_KEY_ACTIONS.has(d.operation);
  const resolved = noKey ? { resource: '*' as string, key: undefined, keyIdAsSent: undefined } : resolveKeyRef(world, region, info.accountId, d.keyRef);
  if ('error' in resolved && resolved.error) throw new Error(resolved.error);
  return buildAccessInput({
    identities: world.state.identities,
    principalArn: d.principal,
    action,
    resource: resolved.resource,
    region: resolved.key?.region ?? region,
    key: resolved.key ? keyForAccess(world.state, resolved.key) : undefined,
    keyIdAsSent: resolved.keyIdAsSent,
    encryptionContext: encryptionContextOf(d.encryptionContext),
    callerContext: callerContextOf(d),
    now: world.now(),
  });
}

/** Rebuilds the inputs of an evaluation made by a real call, from today's world (for what-if). */
function inputForEvaluation(world: World, evaluation: AccessEvaluation): AccessInput | null {
  const req = evaluation.request;
  const key = req.resource.includes(':key/') ? world.state.keys[req.resource] : undefined;
  const ec: Record<string, string> = {};
  const given: Record<string, string | string[]> = {};
  for (const [k, v] of Object.entries(req.context)) {
    const m = /^kms:EncryptionContext:(.+)$/i.exec(k);
    if (m && typeof v === 'string') ec[m[1]] = v;
    // Only what the caller brought; derived keys are derived again from today's world.
    if (/^(kms:ViaService|aws:SourceIp|aws:MultiFactorAuthPresent|aws:CurrentTime)$/i.test(k)) given[k] = v;
  }
  try {
    return buildAccessInput({
      identities: world.state.identities,
      principalArn: req.principal.arn,
      action: req.action,
      resource: req.resource,
      region: key?.region ?? req.resource.split(':')[3] ?? 'us-east-1',
      key: key ? keyForAccess(world.state, key) : undefined,
      keyIdAsSent: typeof req.context['kms:RequestAlias'] === 'string' ? (req.context['kms:RequestAlias'] as string) : undefined,
      encryptionContext: Object.keys(ec).length ? ec : undefined,
      callerContext: given,
      now: world.now(),
    });
  } catch {
    return null;
  }
}

/** The evaluation an authorize event carries (the denied one, for a multi-resource operation). */
export function evaluationOf(trace: Trace | undefined): AccessEvaluation | null {
  if (!trace) return null;
  const events = trace.events.filter((e) => e.type === 'authorize');
  const denied = events.find((e) => e.type === 'authorize' && e.decision !== 'Allow') ?? events.at(-1);
  if (!denied || denied.type !== 'authorize' || !denied.evaluation) return null;
  const ev = denied.evaluation as AccessEvaluation | { resource: string; evaluation: AccessEvaluation }[];
  if (Array.isArray(ev)) return (ev.find((e) => e.evaluation.decision !== 'Allow') ?? ev[0])?.evaluation ?? null;
  return ev;
}

function titleOf(ev: AccessEvaluation): string {
  const r = ev.request;
  return `${r.action} by ${short(r.principal.arn)}${r.resource === '*' ? '' : ` on ${short(r.resource)}`}`;
}

async function perform(world: World, region: string, d: RequestDraft, key: KeyRecord | undefined, keyIdAsSent: string | undefined) {
  const kms = world.client({ principal: d.principal, region: key?.region ?? region, context: callerContextOf(d) });
  const KeyId = keyIdAsSent ?? '';
  const EncryptionContext = encryptionContextOf(d.encryptionContext);
  const ec = EncryptionContext ? { EncryptionContext } : {};
  const text = new TextEncoder().encode('policy lab sample');
  let setup: CallRecord<unknown> | undefined;
  const rec = async (operation: string, f: () => Promise<unknown>): Promise<CallRecord<unknown>> => {
    const at = world.now();
    try {
      const value = await f();
      return { operation, at, region, ok: true, value, trace: kms.lastTrace };
    } catch (e) {
      return { operation, at, region, ok: false, error: toAwsError(e), trace: e instanceof KmsError ? e.trace : kms.lastTrace };
    }
  };
  const op = d.operation;
  let performed: CallRecord<unknown>;
  switch (op) {
    case 'Decrypt': {
      // Something to decrypt: the key's own account root encrypts a sample first (shown as setup).
      if (!key) throw new Error('Decrypt needs a key.');
      setup = await call(world, key.region, 'Encrypt (setup, as the key account root)', (admin) => admin.encrypt({ KeyId: key.arn, Plaintext: text, ...ec }), `arn:aws:iam::${key.accountId}:root`);
      if (!setup.ok) return { performed: setup, setup };
      const blob = (setup.value as { CiphertextBlob: Uint8Array }).CiphertextBlob;
      performed = await rec('Decrypt', () => kms.decrypt({ CiphertextBlob: blob, ...ec, ...(keyIdAsSent ? { KeyId } : {}) }));
      break;
    }
    case 'Encrypt':
      performed = await rec(op, () => kms.encrypt({ KeyId, Plaintext: text, ...ec }));
      break;
    case 'GenerateDataKey':
      performed = await rec(op, () => kms.generateDataKey({ KeyId, KeySpec: 'AES_256', ...ec }));
      break;
    case 'GenerateDataKeyWithoutPlaintext':
      performed = await rec(op, () => kms.generateDataKeyWithoutPlaintext({ KeyId, KeySpec: 'AES_256', ...ec }));
      break;
    case 'DescribeKey':
      performed = await rec(op, () => kms.describeKey({ KeyId }));
      break;
    case 'GetKeyPolicy':
      performed = await rec(op, () => kms.getKeyPolicy({ KeyId, PolicyName: 'default' }));
      break;
    case 'GetKeyRotationStatus':
      performed = await rec(op, () => kms.getKeyRotationStatus({ KeyId }));
      break;
    case 'ListResourceTags':
      performed = await rec(op, () => kms.listResourceTags({ KeyId }));
      break;
    case 'EnableKey':
      performed = await rec(op, () => kms.enableKey({ KeyId }));
      break;
    case 'DisableKey':
      performed = await rec(op, () => kms.disableKey({ KeyId }));
      break;
    case 'CreateKey':
      performed = await rec(op, () => kms.createKey({ Description: 'made in the policy lab' }));
      break;
    case 'ListKeys':
      performed = await rec(op, () => kms.listKeys({}));
      break;
    case 'ListAliases':
      performed = await rec(op, () => kms.listAliases({}));
      break;
    case 'GenerateRandom':
      performed = await rec(op, () => kms.generateRandom({ NumberOfBytes: 32 }));
      break;
    case 'CreateGrant':
    case 'ListGrants': {
      const generic = kms as unknown as { call(op: string, req: unknown): Promise<{ response: unknown }> };
      const request = op === 'CreateGrant' ? { KeyId, GranteePrincipal: d.principal, Operations: ['Decrypt'] } : { KeyId };
      performed = await rec(op, async () => (await generic.call(op, request)).response);
      break;
    }
    default:
      throw new Error(`The lab can simulate ${op} but not perform it. Perform works for: ${PERFORMABLE.join(', ')}.`);
  }
  return { performed, setup };
}

export const createLabSlice: Slice<LabSlice> = (set, get, api) => ({
  request: defaultRequest(),
  decision: null,
  labError: null,
  focusPolicy: null,
  policyEditor: { selected: null, drafts: {}, results: {} },

  setRequest(patch) {
    set((s) => ({ request: { ...s.request, ...patch } }));
  },

  actAs(principal) {
    principalInfo(principal); // throws on something that is not a principal
    setActingPrincipal(principal);
    set((s) => ({ principal, request: { ...s.request, principal } }));
    // The keys console reads as the acting principal: read again as the new one.
    void get().refreshCatalog();
  },

  simulateRequest() {
    const { world, region, request } = get();
    if (!world) return;
    try {
      const input = inputForDraft(world, region, request);
      const evaluation = evaluateAccess(input);
      set({ decision: { id: ++decisionSeq, source: 'simulate', title: titleOf(evaluation), evaluation, input }, labError: null });
    } catch (e) {
      set({ labError: e instanceof PolicyUnparseable ? { name: 'PolicyUnparseable', message: e.message } : toAwsError(e) });
    }
  },

  async performRequest() {
    const { world, region, request } = get();
    if (!world) return;
    try {
      const info = principalInfo(request.principal);
      const noKey = NO_KEY_ACTIONS.has(request.operation);
      const resolved = noKey ? { resource: '*', key: undefined, keyIdAsSent: undefined } : resolveKeyRef(world, region, info.accountId, request.keyRef);
      if (!noKey && !resolved.key) {
        // Let KMS itself answer for a key that does not resolve (NotFoundException), as AWS would.
        if (!request.keyRef.trim()) throw new Error(resolved.error ?? 'Choose a key.');
      }
      const { performed, setup } = await perform(world, region, request, resolved.key, request.keyRef.trim() || undefined);
      const evaluation = evaluationOf(performed.trace);
      set({ now: world.now() });
      get().bumpWorld();
      await get().refreshCatalog();
      if (!evaluation) {
        set({ labError: performed.ok ? null : performed.error, decision: null });
        if (!performed.ok) set({ labError: { name: performed.error.name, message: `${performed.error.message} (KMS refused the call before authorizing it, so there is no decision to show.)` } });
        return;
      }
      set({
        decision: { id: ++decisionSeq, source: 'perform', title: titleOf(evaluation), evaluation, input: inputForEvaluation(world, evaluation), performed, setup },
        labError: null,
      });
    } catch (e) {
      set({ labError: toAwsError(e) });
    }
  },

  showCallDecision(trace) {
    const world = get().world;
    const evaluation = evaluationOf(trace);
    if (!world || !evaluation) return false;
    set({ decision: { id: ++decisionSeq, source: 'call', title: titleOf(evaluation), evaluation, input: inputForEvaluation(world, evaluation) }, labError: null });
    return true;
  },

  setFocusPolicy(policyId, statementIndex, source) {
    set({ focusPolicy: policyId ? { policyId, statementIndex, ...source, nonce: ++focusSeq } : null });
  },

  markFocusApplied(nonce) {
    set((s) => (s.focusPolicy?.nonce === nonce ? { focusPolicy: { ...s.focusPolicy, applied: true } } : s));
  },

  selectPolicy(targetId) {
    set((s) => ({ policyEditor: { ...s.policyEditor, selected: targetId } }));
  },

  setPolicyDraft(targetId, text) {
    set((s) => {
      const drafts = { ...s.policyEditor.drafts };
      if (text === null) delete drafts[targetId];
      else drafts[targetId] = text;
      const results = { ...s.policyEditor.results };
      delete results[targetId];
      return { policyEditor: { ...s.policyEditor, drafts, results } };
    });
  },

  setPolicyResult(targetId, result) {
    set((s) => {
      const results = { ...s.policyEditor.results };
      if (result) results[targetId] = result;
      else delete results[targetId];
      return { policyEditor: { ...s.policyEditor, results } };
    });
  },

  editIdentities(edit) {
    const world = get().world;
    if (!world) return null;
    const next = structuredClone(world.identities);
    try {
      edit(next);
      world.setIdentities(next);
    } catch (e) {
      return toAwsError(e);
    }
    // A new Date makes the workspace save and every view re-read (identities are not KMS calls).
    set({ now: world.now() });
    get().bumpWorld();
    return null;
  },

  async putKeyPolicy(keyArn, text, options) {
    const { world } = get();
    const key = world?.state.keys[keyArn];
    if (!world || !key) return { operation: 'PutKeyPolicy', at: new Date(), region: get().region, ok: false, error: { name: 'NotFoundException', message: `Key '${keyArn}' does not exist` } };
    const bypass = options?.bypassLockoutCheck ? { BypassPolicyLockoutSafetyCheck: true } : {};
    const record = await call(world, key.region, 'PutKeyPolicy', (kms) => kms.putKeyPolicy({ KeyId: keyArn, PolicyName: 'default', Policy: text, ...bypass }));
    set((s) => ({ now: world.now(), policies: { ...s.policies, [keyArn]: record.ok ? { ...record, value: text } : s.policies[keyArn] } }));
    get().bumpWorld();
    return record;
  },

  async importScenario(text) {
    const { parseScenario, loadScenario } = await import('@kms-lab/engine/scenario');
    const parsed = parseScenario(text);
    if (!parsed.ok) return parsed.problems;
    const loaded = await loadScenario(text);
    if (!loaded.ok) return loaded.problems;
    const world = loaded.world;
    const firstKey = Object.values(world.state.keys)[0];
    const region = loaded.scenario.defaultRegion ?? firstKey?.region ?? 'us-east-1';
    const account = firstKey?.accountId ?? Object.keys(world.identities.accounts)[0] ?? '111122223333';
    const principal = `arn:aws:iam::${account}:root`;
    // Like "new workspace": everything made in the old world goes; preferences stay.
    get().resetEnvelopeJobs?.();
    const data = resetData(api.getInitialState());
    setActingPrincipal(principal);
    const firstRequest = loaded.scenario.requests?.[0];
    const request: RequestDraft = firstRequest
      ? {
          ...defaultRequest(firstRequest.principal),
          operation: firstRequest.action.replace(/^kms:/i, ''),
          keyRef: typeof firstRequest.resource === 'string' ? (firstRequest.keyIdAsSent ?? firstRequest.resource) : '',
          encryptionContext: Object.entries(firstRequest.encryptionContext ?? {}).map(([k, v]) => newPair(k, v)),
        }
      : { ...defaultRequest(principal), keyRef: firstKey?.arn ?? '' };
    set({ ...(data as object), world, region, principal, now: world.now(), request, decision: null, labError: null });
    await get().refreshCatalog();
    return null;
  },

  async exportScenarioText() {
    const world = get().world;
    if (!world) return '';
    const { exportScenario } = await import('@kms-lab/engine/scenario');
    return JSON.stringify(exportScenario(world, { title: 'Exported from KMS Lab' }), null, 2);
  },
});
