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
  /**
   * A new key-material version was generated inside the CryptoPort (CreateKey, rotation). For
   * asymmetric and HMAC keys `keySpec` says what kind; the private half never appears in a trace.
   */
  | { step: 'generate-key-material'; keyArn: string; keyMaterialId: string; keySpec?: string }
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
  /**
   * Sign: the private key signed a message (RAW: KMS hashed it first, `digestComputed`) or a
   * digest the caller computed (DIGEST). Lengths only.
   */
  | {
      step: 'sign';
      keyArn: string;
      keyMaterialId: string;
      signingAlgorithm: string;
      messageType: 'RAW' | 'DIGEST';
      messageBytes: number;
      digestComputed: boolean;
      signatureBytes: number;
    }
  /** Verify: the public key checked a signature; `ok: false` becomes KMSInvalidSignatureException. */
  | {
      step: 'verify';
      keyArn: string;
      keyMaterialId: string;
      signingAlgorithm: string;
      messageType: 'RAW' | 'DIGEST';
      messageBytes: number;
      signatureBytes: number;
      ok: boolean;
    }
  /** GenerateMac (and VerifyMac's recomputation): an HMAC over the message under the key's MAC key. */
  | { step: 'generate-mac'; keyArn: string; keyMaterialId: string; macAlgorithm: string; messageBytes: number; macBytes: number }
  /** VerifyMac: the recomputed MAC compared with the one given; `ok: false` becomes KMSInvalidMacException. */
  | { step: 'verify-mac'; keyArn: string; keyMaterialId: string; macAlgorithm: string; ok: boolean }
  /** DeriveSharedSecret: ECDH between the key's private key and the caller's public key. */
  | { step: 'derive-shared-secret'; keyArn: string; keyMaterialId: string; keyAgreementAlgorithm: 'ECDH'; publicKeyBytes: number; sharedSecretBytes: number }
  /** RSAES_OAEP with the key's public key (Encrypt) or private key (Decrypt). */
  | { step: 'asymmetric-encrypt'; keyArn: string; keyMaterialId: string; encryptionAlgorithm: string; plaintextBytes: number; ciphertextBytes: number }
  | { step: 'asymmetric-decrypt'; keyArn: string; keyMaterialId: string; encryptionAlgorithm: string; ciphertextBytes: number; ok: boolean; plaintextBytes?: number }
  /** The public key (SPKI DER) is returned (GetPublicKey, GenerateDataKeyPair). */
  | { step: 'return-public-key'; keyArn?: string; bytes: number; dataKey?: DataKeyRef }
  /** GenerateDataKeyPair*: a key pair was generated; its private key is then wrapped under the KMS key. */
  | { step: 'generate-data-key-pair'; dataKey: DataKeyRef; keyPairSpec: string; privateKeyBytes: number; publicKeyBytes: number }
  /** GetParametersForImport: a fresh RSA wrapping key pair and an import token valid until `validTo`. */
  | { step: 'generate-wrapping-key'; keyArn: string; wrappingAlgorithm: string; wrappingKeySpec: string; publicKeyBytes: number; validTo: Date }
  /** ImportKeyMaterial: the wrapped material was unwrapped with the wrapping key (RSA-OAEP, plus RFC 5649 for RSA_AES_KEY_WRAP_*). */
  | { step: 'unwrap-key-material'; keyArn: string; wrappingAlgorithm: string; encryptedBytes: number; ok: boolean; materialBytes?: number }
  /** ImportKeyMaterial: the material became one of the key's material versions. */
  | {
      step: 'import-key-material';
      keyArn: string;
      keyMaterialId: string;
      importType: 'NEW_KEY_MATERIAL' | 'EXISTING_KEY_MATERIAL';
      expirationModel: string;
      validTo?: Date;
    }
  /** DeleteImportedKeyMaterial, or the material's ValidTo passing: the material is gone; the key waits for an import. */
  | { step: 'delete-key-material'; keyArn: string; keyMaterialId: string; reason: 'deleted' | 'expired' }
  /** ReplicateKey: the primary's material versions were copied to the replica in another Region (same key id). */
  | { step: 'replicate'; fromKeyArn: string; toKeyArn: string; replicaRegion: string; keyMaterialIds: string[] }
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
  /** A grant was created, retired or revoked (CreateGrant, RetireGrant, RevokeGrant). Never carries the grant token. */
  | { type: 'grant'; action: 'create' | 'retire' | 'revoke'; keyArn: string; grantId: string; operations?: string[]; grantee?: string }
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
  /** A key changed state (EnableKey, DisableKey, ScheduleKeyDeletion, CancelKeyDeletion, CreateKey, ReplicateKey, imports). */
  | { type: 'state-change'; keyArn: string; from: string | null; to: string }
  /** Something the passing of simulated time did (a deletion or automatic rotation falling due). */
  | { type: 'time-effect'; effect: 'delete-key' | 'rotate-key' | 'expire-key-material'; keyArn: string; dueAt: Date }
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
