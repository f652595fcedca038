/**
 * A flow: what the player walks. One or more KMS call traces (the engine's real `CallTrace`s) and
 * the client-side steps that happen outside KMS between them (local AES-GCM with a plaintext data
 * key, wiping that key, bundling the encrypted key with the data…), plus the passing of simulated time.
 *
 * Client steps are not KMS events: KMS never sees your data in envelope encryption. They are data
 * here so an envelope flow (GenerateDataKey → local encrypt → discard → bundle; open → Decrypt →
 * local decrypt) is one timeline.
 */
import type { CallTrace, DataKeyRef } from '@kms-lab/engine';
import type { WorldSnapshot } from './project';

/** What your application does on its own, outside the KMS boundary. */
export type ClientStep =
  /** AES-256-GCM over the data, in your app, with the plaintext data key. */
  | { kind: 'local-encrypt'; plaintextBytes: number; ciphertextBytes: number; dataKey?: DataKeyRef; chunks?: number }
  /** AES-256-GCM decryption in your app with the plaintext data key KMS returned. `ok: false` when the tag check fails. */
  | { kind: 'local-decrypt'; ciphertextBytes: number; plaintextBytes?: number; ok: boolean; error?: string }
  /** The plaintext data key is wiped from memory; only the encrypted copy remains. */
  | { kind: 'discard-plaintext-key'; dataKey?: DataKeyRef }
  /** The encrypted data key is written next to the ciphertext, in one self-describing envelope. */
  | { kind: 'bundle-envelope'; envelopeBytes?: number; format?: string }
  /** An envelope is read back: the encrypted data key and the ciphertext come out of it. */
  | { kind: 'open-envelope'; envelopeBytes?: number; format?: string }
  /** A ciphertext (or envelope) is put in storage: a file, a bucket, a database row. */
  | { kind: 'store'; what: 'ciphertext' | 'envelope'; where?: string };

export type ClientStepKind = ClientStep['kind'];

/** One thing that happens in a flow. */
export type FlowItem =
  /**
   * A KMS call. `role` says what the call's blob stands for when it is not obvious: a Decrypt whose
   * CiphertextBlob is an encrypted data key is `'data-key'` (inferred inside envelope flows).
   */
  | { kind: 'call'; trace: CallTrace; role?: 'data' | 'data-key' }
  | { kind: 'client'; step: ClientStep; at?: Date }
  /** Simulated time passes; deletions and automatic rotations fall due on the way. */
  | { kind: 'clock'; from: Date; to: Date; effects: { effect: 'delete-key' | 'rotate-key'; keyArn: string; at: Date }[] };

export interface Flow {
  /** Stable for one flow (a call id, or a demo run id). */
  id: string;
  /** What the flow shows, e.g. "Envelope encryption". */
  title: string;
  items: FlowItem[];
  /** One or two sentences for the header above the canvas. */
  description?: string;
  /**
   * How finely the player walks it: every pipeline event (the default), or `'class'` — one idea per
   * step, a call's routine checks that pass (validate, find the key, its state and usage, an Allow,
   * picking the key material) folded into one step (see `toSteps`).
   */
  detail?: FlowDetail;
  /**
   * The world as it was when the flow's calls ran (the keys they name), drawn instead of today's:
   * a replayed call shows the keys, states and material versions of its time, and a demo the world
   * it ran in. Absent: the caller draws the live world.
   */
  world?: WorldSnapshot;
}

export type FlowDetail = 'full' | 'class';

/** The same flow at another level of detail (a new object: steps are memoised per flow). */
export function withDetail(flow: Flow, detail: FlowDetail): Flow {
  return (flow.detail ?? 'full') === detail ? flow : { ...flow, detail };
}

/** A one-call flow, as the audit log and "Play this flow" open it. */
export function flowFromTrace(trace: CallTrace, title?: string): Flow {
  return { id: trace.callId, title: title ?? trace.operation, items: [{ kind: 'call', trace }] };
}

/** The KMS call traces of a flow, in order. */
export function tracesOf(flow: Flow): CallTrace[] {
  return flow.items.flatMap((i) => (i.kind === 'call' ? [i.trace] : []));
}

/** Operations that only read (CloudTrail's readOnly): the console and this app call them all the time. */
export function isReadOnlyOperation(operation: string): boolean {
  return /^(List|Describe|Get)/.test(operation);
}
