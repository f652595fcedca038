/**
 * Turns an engine call's trace into short, plain-words steps: the seed of the step player.
 * Pure TypeScript (no UI): the player, the transcript view and tests all read these steps.
 * Narration is present tense, second person (VISUAL.md "Type and tone").
 */
import type { CallTrace, KmsEvent } from '@kms-lab/engine';
import type { ClientStep } from './flow';

export type StepKind = KmsEvent['type'];

export interface NarratedStep {
  kind: StepKind;
  /** A short present-tense sentence. */
  text: string;
  /** True when this step is where the call failed. */
  failed: boolean;
  at: Date;
}

/** `arn:aws:kms:us-east-1:111122223333:key/1234abcd-…` → `key/1234abcd…` for sentences; the full ARN stays in the inspector. */
export function shortArn(arn: string): string {
  const tail = arn.split(':').pop() ?? arn;
  const [kind, id] = tail.split('/');
  if (!id) return arn;
  return kind === 'key' && id.length > 12 ? `key ${id.slice(0, 8)}…` : `${kind}/${id}`;
}

/** Capitalised and ending with one full stop. */
function sentence(s: string): string {
  const t = s.trim().replace(/\.+$/, '');
  return `${t.charAt(0).toUpperCase()}${t.slice(1)}.`;
}

function bytes(n: number): string {
  return `${n.toLocaleString('en')} byte${n === 1 ? '' : 's'}`;
}

const DECISION_WORDS: Record<'Allow' | 'ExplicitDeny' | 'ImplicitDeny', string> = {
  Allow: 'allowed',
  ExplicitDeny: 'denied by an explicit deny',
  ImplicitDeny: 'denied — nothing allows it',
};

const NAMED_AS: Record<string, string> = {
  'key-id': 'key ID',
  'key-arn': 'key ARN',
  'alias-name': 'alias',
  'alias-arn': 'alias ARN',
  ciphertext: 'ciphertext',
};

function cryptoText(e: Extract<KmsEvent, { type: 'crypto' }>): string {
  switch (e.step) {
    case 'generate-key-material':
      return `KMS generates new key material (${e.keyMaterialId.slice(0, 12)}…) inside its boundary; it never leaves KMS.`;
    case 'select-material':
      return e.reason === 'current'
        ? `KMS picks the key's current key material (${e.keyMaterialId.slice(0, 12)}…).`
        : `KMS picks the key material the ciphertext names (${e.keyMaterialId.slice(0, 12)}…).`;
    case 'generate-data-key':
      return `KMS generates a ${bytes(e.bytes)} data key.`;
    case 'bind-encryption-context':
      return e.pairs === 0
        ? 'No encryption context: the additional authenticated data is empty.'
        : `KMS binds the encryption context (${e.pairs} pair${e.pairs === 1 ? '' : 's'}: ${e.keys.join(', ')}) as AES-GCM additional authenticated data.`;
    case 'encrypt':
      return `KMS encrypts ${bytes(e.plaintextBytes)} of plaintext with AES-256-GCM into a ${e.ciphertextBytes.toLocaleString('en')}-byte ciphertext blob.`;
    case 'wrap-data-key':
      return `KMS encrypts the data key under ${shortArn(e.keyArn)}: ${bytes(e.ciphertextBytes)}.`;
    case 'parse-ciphertext':
      return `KMS reads the ciphertext's header: it names ${shortArn(e.keyArn)} and its key material.`;
    case 'decrypt':
      return e.ok
        ? `KMS decrypts and verifies the ciphertext: ${bytes(e.plaintextBytes ?? 0)} of plaintext.`
        : 'KMS tries to decrypt, but the AES-GCM integrity check fails: the bytes or the encryption context differ from what was encrypted.';
    case 'rotate':
      return `The key material rotates: new material becomes current; old material stays to decrypt old ciphertexts.`;
    case 'generate-random':
      return `KMS generates ${bytes(e.bytes)} of random data.`;
    case 'return-plaintext':
      return `KMS returns ${bytes(e.bytes)} of plaintext to you.`;
    case 'sign':
      return `KMS signs ${e.messageType === 'DIGEST' ? 'your digest' : `${bytes(e.messageBytes)} of message`} with the private key (${e.signingAlgorithm}); the private key never leaves KMS.`;
    case 'verify':
      return e.ok ? `KMS verifies the signature with the public key (${e.signingAlgorithm}): valid.` : `KMS checks the signature with the public key (${e.signingAlgorithm}): it does not match.`;
    case 'generate-mac':
      return `KMS computes an HMAC (${e.macAlgorithm}) over ${bytes(e.messageBytes)} with the key's secret.`;
    case 'verify-mac':
      return e.ok ? 'KMS recomputes the MAC: it matches.' : 'KMS recomputes the MAC: it does not match.';
    case 'derive-shared-secret':
      return `KMS derives a ${bytes(e.sharedSecretBytes)} shared secret with ECDH; the private key never leaves KMS.`;
    case 'asymmetric-encrypt':
      return `KMS encrypts ${bytes(e.plaintextBytes)} with the public key (${e.encryptionAlgorithm}).`;
    case 'asymmetric-decrypt':
      return e.ok ? `KMS decrypts with the private key (${e.encryptionAlgorithm}): ${bytes(e.plaintextBytes ?? 0)}.` : `KMS tries to decrypt with the private key (${e.encryptionAlgorithm}), but it fails.`;
    case 'return-public-key':
      return `KMS returns the ${bytes(e.bytes)} public key to you.`;
    case 'generate-data-key-pair':
      return `KMS generates a ${e.keyPairSpec} data key pair.`;
    case 'generate-wrapping-key':
      return `KMS generates a ${e.wrappingKeySpec} wrapping key to import key material with.`;
    case 'unwrap-key-material':
      return e.ok ? 'KMS unwraps the imported key material with its wrapping key.' : 'KMS cannot unwrap the imported key material.';
    case 'import-key-material':
      return 'The imported key material becomes one of the key\'s material versions.';
    case 'delete-key-material':
      return e.reason === 'expired' ? 'The imported key material expires and is deleted.' : 'The imported key material is deleted.';
    case 'replicate':
      return `KMS copies the key material to a replica key in ${e.replicaRegion}.`;
    default:
      return `KMS performs a cryptographic step (${(e as { step: string }).step}).`;
  }
}

function narrateEvent(trace: Pick<CallTrace, 'operation'>, e: KmsEvent): NarratedStep {
  const base = { kind: e.type, at: e.at, failed: false };
  switch (e.type) {
    case 'request':
      return { ...base, text: `You call ${e.operation} in ${e.region}.` };
    case 'validate':
      return { ...base, text: 'KMS checks the request parameters: valid.' };
    case 'resolve-key':
      return {
        ...base,
        text:
          e.namedAs === 'key-id' || e.namedAs === 'key-arn'
            ? `KMS finds ${shortArn(e.keyArn)} by its ${NAMED_AS[e.namedAs]} in this account and Region.`
            : e.namedAs === 'ciphertext'
              ? `KMS reads which key encrypted the ciphertext: ${shortArn(e.keyArn)}.`
              : `KMS resolves the ${NAMED_AS[e.namedAs] ?? e.namedAs} ${e.input} to ${shortArn(e.keyArn)}.`,
      };
    case 'check-state':
      return {
        ...base,
        failed: !e.ok,
        text: e.ok
          ? `KMS checks the key state: ${e.keyState}, so ${trace.operation} may proceed.`
          : `KMS checks the key state: ${e.keyState} does not allow ${trace.operation}${e.why ? ` (${e.why})` : ''}.`,
      };
    case 'check-usage':
      return {
        ...base,
        failed: !e.ok,
        text: e.ok
          ? `KMS checks the key usage: ${e.keyUsage} (${e.keySpec}) fits ${trace.operation}.`
          : `KMS checks the key usage: ${e.keyUsage} does not fit ${trace.operation}${e.why ? ` (${e.why})` : ''}.`,
      };
    case 'authorize':
      return {
        ...base,
        failed: e.decision !== 'Allow',
        text: `KMS authorizes ${e.action}: ${
          e.reason && /^(allowed|denied)\b/i.test(e.reason)
            ? sentence(e.reason.charAt(0).toLowerCase() + e.reason.slice(1)).replace(/^./, (c) => c.toLowerCase())
            : `${DECISION_WORDS[e.decision]}.${e.reason ? ` ${sentence(e.reason)}` : ''}`
        }`,
      };
    case 'crypto':
      return { ...base, failed: e.step === 'decrypt' && !e.ok, text: cryptoText(e) };
    case 'state-change':
      return {
        ...base,
        text: e.from ? `The key's state changes from ${e.from} to ${e.to}.` : `The key is created in state ${e.to}.`,
      };
    case 'time-effect':
      return {
        ...base,
        text: e.effect === 'delete-key' ? `Time passes the deletion date: ${shortArn(e.keyArn)} is deleted.` : `Time passes the rotation date: ${shortArn(e.keyArn)} rotates.`,
      };
    case 'audit':
      return { ...base, text: `KMS records the call in the audit log (CloudTrail event ${e.eventName}${e.errorCode ? `, error ${e.errorCode}` : ''}).` };
    case 'error':
      return { ...base, failed: true, text: `The call fails at the ${e.stage} stage with ${e.name}.` };
    case 'grant':
      return { ...base, text: `KMS ${e.action === 'create' ? 'creates' : e.action === 'retire' ? 'retires' : 'revokes'} a grant on ${shortArn(e.keyArn)}.` };
    default:
      return { ...base, text: `KMS records a ${(e as { type: string }).type} step.` };
  }
}

/** The trace's events as plain-words steps, in order. */
export function narrate(trace: Pick<CallTrace, 'operation' | 'events'>): NarratedStep[] {
  return trace.events.map((e) => narrateEvent(trace, e));
}

// ---- flows: client-side steps and the passing of time (src/timeline/flow.ts) ----


/** A client-side step (outside KMS) in plain words. */
export function narrateClientStep(step: ClientStep): string {
  switch (step.kind) {
    case 'local-encrypt':
      return `Your app encrypts ${bytes(step.plaintextBytes)} of data with AES-256-GCM using the plaintext data key — locally; KMS never sees your data.`;
    case 'local-decrypt':
      return step.ok
        ? `Your app decrypts the ${bytes(step.ciphertextBytes)} ciphertext locally with the plaintext data key: ${bytes(step.plaintextBytes ?? 0)} of data.`
        : `Your app tries to decrypt the ciphertext locally, in your browser, and fails${step.error ? `: ${step.error.replace(/\.$/, '')}` : ': the AES-GCM tag check fails'}. KMS takes no part in this step.`;
    case 'discard-plaintext-key':
      return 'You discard the plaintext data key: it is wiped from memory. Only the encrypted copy remains.';
    case 'bundle-envelope':
      return `You store the encrypted data key next to the ciphertext, in one envelope${step.envelopeBytes ? ` (${bytes(step.envelopeBytes)})` : ''}.`;
    case 'open-envelope':
      return 'You open the envelope: out come the encrypted data key and the ciphertext.';
    case 'store':
      return step.what === 'envelope' ? 'You store the envelope.' : `You store the ciphertext${step.where ? ` in ${step.where}` : ''}; only KMS can turn it back into plaintext.`;
  }
}

/** Simulated time passing, with what fell due on the way. */
export function narrateClock(from: Date, to: Date, effects: { effect: 'delete-key' | 'rotate-key'; keyArn: string }[]): string {
  const days = Math.round((to.getTime() - from.getTime()) / 86_400_000);
  const span = days >= 1 ? `${days} day${days === 1 ? '' : 's'}` : `${Math.round((to.getTime() - from.getTime()) / 3_600_000)} hours`;
  if (effects.length === 0) return `Time passes: ${span}.`;
  const instant = to.getTime() - from.getTime() < 60_000;
  const what = effects
    .map((e) =>
      e.effect === 'delete-key'
        ? `the waiting period ends and KMS deletes ${shortArn(e.keyArn)} with all its key material`
        : `${shortArn(e.keyArn)} rotates automatically`,
    )
    .join('; ');
  return sentence(`${instant ? '' : `Time passes: ${span}. `}${what.charAt(0).toUpperCase()}${what.slice(1)}`);
}
