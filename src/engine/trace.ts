// The trace of one KMS call: what the pipeline did, stage by stage, as data the UI plays back
// (ARCHITECTURE.md: "a faithful engine that emits data; a UI that plays that data back").
//
// Every call runs the same stages — request → resolve key → check state and usage → authorize →
// cryptography → audit — and each stage appends events here. Events name the artefacts that moved
// (which key, which key-material version, how many bytes, which data key) and never carry key
// material, plaintext or data-key bytes. Timestamps come from the simulated clock.

/** How a request named a key. */
export type KeyNamedAs = 'key-id' | 'key-arn' | 'alias-name' | 'alias-arn' | 'ciphertext';

/** The pipeline stage an event or an error belongs to. */
export type Stage = 'request' | 'validate' | 'resolve-key' | 'check-state' | 'check-usage' | 'authorize' | 'crypto' | 'perform' | 'audit';

/** A reference to a data key inside one trace, so the UI can follow it: `dk-1`, `dk-2`… */
export type DataKeyRef = string;

/**
 * The cryptographic steps. `keyArn` + `keyMaterialId` identify the backing key (a KMS key's
 * material version, which never leaves the engine); `bytes` counts are lengths only.
 */
export type CryptoStep =
  /** A new key-material version was generated inside WebCrypto (CreateKey, rotation). */
  | { step: 'generate-key-material'; keyArn: string; keyMaterialId: string }
  /** Which material version does the work: the current one (encrypt) or the one the ciphertext names (decrypt). */
  | { step: 'select-material'; keyArn: string; keyMaterialId: string; reason: 'current' | 'named-by-ciphertext' }
  /** A data key was generated (GenerateDataKey*): its length only. */
  | { step: 'generate-data-key'; dataKey: DataKeyRef; bytes: number; keySpec?: string }
  /** The encryption context was canonically encoded and bound as AES-GCM additional data. */
  | { step: 'bind-encryption-context'; pairs: number; keys: string[]; encodedBytes: number; additionalDataBytes: number }
  /** Plaintext was encrypted under a KMS key (Encrypt, ReEncrypt's second half). */
  | { step: 'encrypt'; keyArn: string; keyMaterialId: string; plaintextBytes: number; ciphertextBytes: number }
  /** A data key was encrypted ("wrapped") under a KMS key; the wrapped copy is the CiphertextBlob. */
  | { step: 'wrap-data-key'; dataKey: DataKeyRef; keyArn: string; keyMaterialId: string; ciphertextBytes: number }
  /** A ciphertext blob's header was read: which key and material it names. */
  | { step: 'parse-ciphertext'; keyArn: string; keyMaterialId: string; ciphertextBytes: number; formatVersion: number }
  /** A ciphertext blob was decrypted (ok) or failed authentication (not ok → InvalidCiphertextException). */
  | { step: 'decrypt'; keyArn: string; keyMaterialId: string; ciphertextBytes: number; ok: boolean; plaintextBytes?: number }
  /** The key's material rotated: a new version became current; old versions stay for decryption. */
  | { step: 'rotate'; keyArn: string; fromKeyMaterialId?: string; toKeyMaterialId: string; rotationType: 'AUTOMATIC' | 'ON_DEMAND' }
  /** GenerateRandom. */
  | { step: 'generate-random'; bytes: number }
  /** The plaintext (or data key plaintext) is handed back to the caller in the response. */
  | { step: 'return-plaintext'; bytes: number; dataKey?: DataKeyRef };

export type KmsEvent = { at: Date } & (
  /** The call as received. Blobs appear as their lengths (`{ bytes: n }`). */
  | { type: 'request'; operation: string; region: string; principal: string; parameters: Record<string, unknown> }
  /** Input validation passed (failures appear as an `error` event at stage `validate`). */
  | { type: 'validate'; ok: true }
  /** How the request named a key and which key that is. */
  | { type: 'resolve-key'; parameter: string; input: string; namedAs: KeyNamedAs; keyArn: string; aliasArn?: string }
  /** The key state check of kms-behaviour.md §4. */
  | { type: 'check-state'; keyArn: string; keyState: string; ok: boolean; why?: string }
  /** The key usage / key spec / algorithm check. */
  | { type: 'check-usage'; keyArn: string; keyUsage: string; keySpec: string; ok: boolean; why?: string }
  /** The authorization decision for one action on its resources; `evaluation` is the evaluator's explain data. */
  | {
      type: 'authorize';
      action: string;
      principal: string;
      resources: string[];
      decision: 'Allow' | 'ExplicitDeny' | 'ImplicitDeny';
      reason: string;
      evaluation?: unknown;
    }
  | ({ type: 'crypto' } & CryptoStep)
  /** A key changed state (EnableKey, DisableKey, ScheduleKeyDeletion, CancelKeyDeletion, CreateKey). */
  | { type: 'state-change'; keyArn: string; from: string | null; to: string }
  /** Something the passing of simulated time did (a deletion or automatic rotation falling due). */
  | { type: 'time-effect'; effect: 'delete-key' | 'rotate-key'; keyArn: string; dueAt: Date }
  /** The CloudTrail-shaped audit event this call produced. */
  | { type: 'audit'; eventId: string; eventName: string; errorCode?: string }
  /** The call failed at `stage` with this AWS exception. */
  | { type: 'error'; stage: Stage; name: string; message: string }
);

export type KmsEventType = KmsEvent['type'];

/** One call's trace. Returned by `kms.call()`, kept as `kms.lastTrace`, attached to a thrown KmsError. */
export interface CallTrace {
  callId: string;
  operation: string;
  region: string;
  principal: string;
  startedAt: Date;
  events: KmsEvent[];
  outcome: 'success' | 'error';
  error?: { name: string; message: string };
}
