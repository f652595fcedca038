// Performs one lesson action on a world: a KMS call through the real engine, a policy decision by
// the engine's evaluator, a clock move, an IAM change, or a client-side step (WebCrypto in your
// app). Returns what happened as data: the result or the AWS error, the call's trace, the
// authorization decision with the evaluator's explanation, and flow items the step player plays.
import { callerIdentity, DEFAULT_ACCOUNT_ID, KmsError, type CallTrace, type World } from '@kms-lab/engine';
import { evaluateKmsRequest } from '@kms-lab/engine';
import type { AccessEvaluation, Decision } from '@kms-lab/engine/policy';
import type { Action, Expectation } from './model';
import { pathIn, resolveValue, sameValue, showDifference, showValue, type Results } from './values';

/** What the app does outside KMS (the same shapes as the timeline's client steps). */
export type LessonClientStep =
  | { kind: 'local-encrypt'; plaintextBytes: number; ciphertextBytes: number }
  | { kind: 'local-decrypt'; ciphertextBytes: number; plaintextBytes?: number; ok: boolean; error?: string }
  | { kind: 'discard-plaintext-key' }
  | { kind: 'bundle-envelope'; envelopeBytes?: number; format?: string };

/** One thing the player shows (structurally the timeline's FlowItem). */
export type LessonFlowItem =
  | { kind: 'call'; trace: CallTrace }
  | { kind: 'client'; step: LessonClientStep; at?: Date }
  | { kind: 'clock'; from: Date; to: Date; effects: { effect: 'delete-key' | 'rotate-key'; keyArn: string; at: Date }[] };

export interface ActionOutcome {
  kind: 'call' | 'evaluate' | 'clock' | 'iam' | 'aws-managed-key' | 'local';
  ok: boolean;
  /** The response (calls), the local result, or the evaluation summary. */
  result?: unknown;
  error?: { name: string; message: string };
  /**
   * Local (in-browser) failures: what it means at the KMS level, in plain words — shown instead of
   * the browser's own error, which is never presented as something KMS did.
   */
  summary?: string;
  /** The browser's own words for a local failure (a DOMException's name and message), shown only as a detail. */
  detail?: string;
  trace?: CallTrace;
  /** The authorization decision (calls that reached the authorize stage; evaluate actions). */
  decision?: Decision;
  /** The evaluator's explain-first data for the decision view (one per resource when several). */
  evaluation?: AccessEvaluation | AccessEvaluation[];
  flowItems: LessonFlowItem[];
}

export interface ActionDefaults {
  region: string;
  principal: string;
}

export const defaultPrincipal = (account = DEFAULT_ACCOUNT_ID) => `arn:aws:iam::${account}:root`;

const toBuffer = (b: Uint8Array): ArrayBuffer => b.slice().buffer as ArrayBuffer;
const asBytes = (v: unknown, what: string): Uint8Array => {
  if (v instanceof Uint8Array) return v;
  throw new TypeError(`${what} must be bytes`);
};

/** The decision (and explanation) of the last authorize event of a trace. */
export function decisionOf(trace: CallTrace | undefined): { decision?: Decision; evaluation?: AccessEvaluation | AccessEvaluation[] } {
  const events = trace?.events ?? [];
  for (let i = events.length - 1; i >= 0; i--) {
    const e = events[i];
    if (e.type === 'authorize') {
      const raw = e.evaluation as AccessEvaluation | { resource: string; evaluation: AccessEvaluation }[] | undefined;
      const evaluation = Array.isArray(raw) ? raw.map((r) => r.evaluation) : raw;
      return { decision: e.decision, evaluation };
    }
  }
  return {};
}

async function performLocal(world: World, a: Extract<Action, { local: string }>, results: Results): Promise<ActionOutcome> {
  const r = <T>(v: unknown) => resolveValue(v, results, world.nowMs()) as T;
  const subtle = globalThis.crypto.subtle;
  switch (a.local) {
    case 'aes-gcm-encrypt': {
      const key = asBytes(r(a.key), 'key');
      const data = asBytes(r(a.data), 'data');
      if (key.every((b) => b === 0)) throw new TypeError('This data key has been discarded (all zeros): ask KMS to decrypt the encrypted copy.');
      const iv = globalThis.crypto.getRandomValues(new Uint8Array(12));
      const k = await subtle.importKey('raw', toBuffer(key), 'AES-GCM', false, ['encrypt']);
      const ct = new Uint8Array(await subtle.encrypt({ name: 'AES-GCM', iv }, k, toBuffer(data)));
      return { kind: 'local', ok: true, result: { Ciphertext: ct, Iv: iv }, flowItems: [{ kind: 'client', step: { kind: 'local-encrypt', plaintextBytes: data.length, ciphertextBytes: ct.length } }] };
    }
    case 'aes-gcm-decrypt': {
      const key = asBytes(r(a.key), 'key');
      const ct = asBytes(r(a.ciphertext), 'ciphertext');
      const iv = asBytes(r(a.iv), 'iv');
      const k = await subtle.importKey('raw', toBuffer(key), 'AES-GCM', false, ['decrypt']);
      try {
        const pt = new Uint8Array(await subtle.decrypt({ name: 'AES-GCM', iv: toBuffer(iv) }, k, toBuffer(ct)));
        return { kind: 'local', ok: true, result: { Plaintext: pt }, flowItems: [{ kind: 'client', step: { kind: 'local-decrypt', ciphertextBytes: ct.length, plaintextBytes: pt.length, ok: true } }] };
      } catch {
        const error = { name: 'OperationError', message: 'The AES-GCM tag check failed: wrong key or tampered data.' };
        const summary = 'Local AES-GCM decryption failed: the authentication tag does not match, so the key is wrong or the bytes were changed. KMS took no part in this step.';
        return { kind: 'local', ok: false, error, summary, detail: `Your browser's WebCrypto said: ${error.name}`, flowItems: [{ kind: 'client', step: { kind: 'local-decrypt', ciphertextBytes: ct.length, ok: false, error: error.message } }] };
      }
    }
    case 'discard': {
      const key = asBytes(r(a.key), 'key');
      const n = key.length;
      key.fill(0);
      return { kind: 'local', ok: true, result: { DiscardedBytes: n }, flowItems: [{ kind: 'client', step: { kind: 'discard-plaintext-key' } }] };
    }
    case 'bundle': {
      const edk = asBytes(r(a.encryptedDataKey), 'encryptedDataKey');
      const ct = asBytes(r(a.ciphertext), 'ciphertext');
      const iv = asBytes(r(a.iv), 'iv');
      const envelopeBytes = edk.length + ct.length + iv.length;
      return {
        kind: 'local',
        ok: true,
        result: { EncryptedDataKey: edk, Ciphertext: ct, Iv: iv, EnvelopeBytes: envelopeBytes },
        flowItems: [{ kind: 'client', step: { kind: 'bundle-envelope', envelopeBytes } }],
      };
    }
    case 'export-backing-key': {
      const arn = r<string>(a.keyArn);
      const key = world.getKey(arn);
      if (!key) throw new TypeError(`No key ${arn}`);
      const material = key.materials.find((m) => m.keyMaterialId === key.currentKeyMaterialId) ?? key.materials[0];
      const cryptoKey = material?.cryptoKey;
      if (!cryptoKey) throw new TypeError(`${arn} has no symmetric backing key`);
      try {
        await subtle.exportKey('raw', cryptoKey);
        return { kind: 'local', ok: true, result: { Exported: true, Extractable: cryptoKey.extractable }, flowItems: [] };
      } catch (e) {
        const err = e as Error;
        // The KMS-level fact, not the browser's wording: KMS never exports a KMS key's material.
        const summary = 'Refused: KMS never exports a KMS key’s key material. The backing key is held non-extractable inside KMS (in AWS, inside its HSMs), so no call and no code can read it out.';
        return {
          kind: 'local',
          ok: false,
          error: { name: err.name, message: err.message },
          summary,
          detail: `Your browser's WebCrypto said: ${err.name}${err.message ? `: ${err.message}` : ''}`,
          result: { Exported: false, Extractable: cryptoKey.extractable, Refusal: summary },
          flowItems: [],
        };
      }
    }
    case 'random':
      return { kind: 'local', ok: true, result: { Bytes: globalThis.crypto.getRandomValues(new Uint8Array(a.bytes)) }, flowItems: [] };
    case 'rsa-oaep-encrypt': {
      const spki = asBytes(r(a.publicKey), 'publicKey');
      const data = asBytes(r(a.data), 'data');
      const k = await subtle.importKey('spki', toBuffer(spki), { name: 'RSA-OAEP', hash: a.hash }, false, ['encrypt']);
      const ct = new Uint8Array(await subtle.encrypt({ name: 'RSA-OAEP' }, k, toBuffer(data)));
      return { kind: 'local', ok: true, result: { Ciphertext: ct }, flowItems: [] };
    }
    case 'verify-signature': {
      const spki = asBytes(r(a.publicKey), 'publicKey');
      const message = asBytes(r(a.message), 'message');
      const signature = asBytes(r(a.signature), 'signature');
      const pss = a.algorithm === 'RSASSA_PSS_SHA_256';
      const alg = pss ? { name: 'RSA-PSS', hash: 'SHA-256' } : { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' };
      const k = await subtle.importKey('spki', toBuffer(spki), alg, false, ['verify']);
      const valid = await subtle.verify(pss ? { name: 'RSA-PSS', saltLength: 32 } : { name: 'RSASSA-PKCS1-v1_5' }, k, toBuffer(signature), toBuffer(message));
      return { kind: 'local', ok: true, result: { SignatureValid: valid }, flowItems: [] };
    }
    case 'flip-byte': {
      const data = asBytes(r(a.data), 'data').slice();
      const i = a.index ?? Math.floor(data.length / 2);
      data[i] ^= 0x01;
      return { kind: 'local', ok: true, result: { Bytes: data }, flowItems: [] };
    }
  }
}

/** Performs one action. Never throws for an AWS error (that is an outcome); throws for broken lesson data. */
export async function performAction(world: World, action: Action, results: Results, defaults: ActionDefaults): Promise<ActionOutcome> {
  if ('call' in action) {
    const principal = action.as ?? defaults.principal;
    const region = action.region ?? defaults.region;
    const client = world.client({ principal, region, context: action.context });
    const request = resolveValue(action.request, results, world.nowMs()) as never;
    try {
      const { response, trace } = await client.call(action.call, request);
      return { kind: 'call', ok: true, result: response, trace, ...decisionOf(trace), flowItems: [{ kind: 'call', trace }] };
    } catch (e) {
      if (e instanceof KmsError) {
        const trace = e.trace;
        return { kind: 'call', ok: false, error: { name: e.name, message: e.message }, trace, ...decisionOf(trace), flowItems: trace ? [{ kind: 'call', trace }] : [] };
      }
      throw e;
    }
  }
  if ('evaluate' in action) {
    const spec = action.evaluate;
    const principal = spec.as ?? defaults.principal;
    const keyArn = resolveValue(spec.key, results, world.nowMs()) as string;
    const key = world.getKey(keyArn);
    const region = spec.region ?? key?.region ?? defaults.region;
    const evaluation = evaluateKmsRequest(
      world,
      {
        operation: spec.action.replace(/^kms:/, ''),
        action: spec.action,
        principal,
        region,
        accountId: callerIdentity(principal).accountId,
        key,
        resources: [keyArn],
        keyIdAsSent: spec.keyIdAsSent,
        encryptionContext: spec.encryptionContext,
        requestParameters: spec.encryptionContext ? { EncryptionContext: spec.encryptionContext } : {},
        callerContext: spec.context ?? {},
      },
      keyArn,
    );
    return { kind: 'evaluate', ok: evaluation.decision === 'Allow', result: { Decision: evaluation.decision, Summary: evaluation.summary }, decision: evaluation.decision, evaluation, flowItems: [] };
  }
  if ('advanceClock' in action) {
    const from = world.now();
    const before = world.auditLog().length;
    await world.advanceClock(action.advanceClock);
    const to = world.now();
    const effects = world
      .auditLog()
      .slice(before)
      .flatMap((ev) => {
        const effect = ev.eventName === 'DeleteKey' ? 'delete-key' : ev.eventName === 'RotateKey' ? 'rotate-key' : undefined;
        const keyArn = ev.resources?.[0]?.ARN;
        return effect && keyArn ? [{ effect, keyArn, at: new Date(ev.eventTime) } as const] : [];
      });
    return { kind: 'clock', ok: true, result: { From: from, To: to, Effects: effects.length }, flowItems: [{ kind: 'clock', from, to, effects }] };
  }
  if ('putPrincipal' in action) {
    const p = action.putPrincipal;
    world.putPrincipal({
      arn: p.arn,
      policies: (p.policies ?? []).map((doc, i) => ({ name: `policy-${i + 1}`, document: JSON.stringify(doc, null, 2) })),
      tags: p.tags ?? {},
    });
    return { kind: 'iam', ok: true, result: { Principal: p.arn }, flowItems: [] };
  }
  if ('awsManagedKey' in action) {
    const spec = action.awsManagedKey;
    const w = world as World & { awsManagedKey?: (a: string, r: string, s: string) => Promise<{ arn: string; keyId: string }> };
    if (typeof w.awsManagedKey !== 'function') throw new TypeError('The engine has no world.awsManagedKey yet.');
    const key = await w.awsManagedKey(spec.account ?? DEFAULT_ACCOUNT_ID, spec.region ?? defaults.region, spec.service);
    return { kind: 'aws-managed-key', ok: true, result: { KeyId: key.keyId, Arn: key.arn }, flowItems: [] };
  }
  return performLocal(world, action, results);
}

/**
 * Whether an outcome meets an expectation, and if not, what differs: `expected` is what the
 * expectation needs and `got` what the engine produced, each a short phrase, and they never read the
 * same when `ok` is false (exam.test.ts holds every question to it). `why` is the two in one line.
 */
export interface Verdict {
  ok: boolean;
  expected: string;
  got: string;
  why: string;
}

const DECISION_WORDS: Record<Decision, string> = { Allow: 'Allow', ExplicitDeny: 'explicit deny', ImplicitDeny: 'implicit deny (nothing allows it)' };

/** What happened, in a phrase: success, the AWS error (name and message), or the decision. */
export function outcomePhrase(outcome: ActionOutcome): string {
  if (outcome.kind === 'evaluate') return outcome.decision ? `decision ${DECISION_WORDS[outcome.decision]}` : 'no decision';
  if (outcome.ok) return 'success';
  if (outcome.kind === 'local' && outcome.summary) return outcome.summary;
  const e = outcome.error;
  return e ? `${e.name}${e.message ? `: ${e.message}` : ' (no message)'}` : 'a failure';
}

const verdict = (ok: boolean, expected: string, got: string): Verdict => ({ ok, expected, got, why: `expected ${expected}, got ${got}` });

export function meets(outcome: ActionOutcome, expect: Expectation, results: Results = new Map(), nowMs = 0): Verdict {
  const got = outcomePhrase(outcome);
  if (expect === 'success') {
    // An evaluate action "succeeds" when the decision is Allow.
    const ok = outcome.kind === 'evaluate' ? outcome.decision === 'Allow' : outcome.ok;
    return verdict(ok, outcome.kind === 'evaluate' ? `decision ${DECISION_WORDS.Allow}` : 'success', got);
  }
  if ('error' in expect) {
    const ok = !outcome.ok && !!outcome.error && (expect.error === 'any' || outcome.error.name === expect.error);
    return verdict(ok, expect.error === 'any' ? 'an error' : expect.error, got);
  }
  if ('decision' in expect) {
    const d = outcome.decision;
    const ok = d !== undefined && (expect.decision === 'Deny' ? d !== 'Allow' : d === expect.decision);
    const expected = expect.decision === 'Deny' ? 'a deny (explicit or implicit)' : `decision ${DECISION_WORDS[expect.decision]}`;
    return verdict(ok, expected, d ? `decision ${DECISION_WORDS[d]}` : `no decision (${got})`);
  }
  if ('present' in expect || 'absent' in expect) {
    const path = 'present' in expect ? expect.present : expect.absent;
    const value = outcome.ok ? pathIn(outcome.result, path) : undefined;
    const has = value !== undefined;
    const ok = outcome.ok && ('present' in expect ? has : !has);
    const expected = 'present' in expect ? `a ${path} field` : `no ${path} field`;
    return verdict(ok, expected, !outcome.ok ? got : has ? `a ${path} field (${showValue(value)})` : `no ${path} field`);
  }
  const spec = 'equals' in expect ? expect.equals : expect.notEquals;
  const value = outcome.ok ? pathIn(outcome.result, spec.path) : undefined;
  let want: unknown;
  try {
    want = resolveValue(spec.value, results, nowMs);
  } catch (e) {
    return verdict(false, `${spec.path} to be checked`, `a broken reference: ${(e as Error).message}`);
  }
  const same = sameValue(value, want);
  if (!outcome.ok) return verdict(false, `success with ${spec.path} ${'equals' in expect ? '=' : '≠'} ${showValue(want)}`, got);
  const [w, v] = showDifference(want, value);
  if ('equals' in expect) return verdict(same, `${spec.path} = ${w}`, same ? `${spec.path} = ${v}` : value === undefined ? `no ${spec.path}` : `${spec.path} = ${v}`);
  return verdict(!same, `${spec.path} other than ${w}`, same ? `${spec.path} = ${v}, unchanged` : `${spec.path} = ${v}`);
}
