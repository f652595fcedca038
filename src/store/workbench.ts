import type { Slice } from './types';
import { call, type CallRecord } from './kms-calls';

/** One row of an encryption-context editor. `id` is only for React's list keys. */
export interface ContextPair {
  id: number;
  key: string;
  value: string;
}

let nextPairId = 1;
export function newPair(key = '', value = ''): ContextPair {
  return { id: nextPairId++, key, value };
}

export interface EncryptOutput {
  CiphertextBlob: Uint8Array;
  KeyId: string;
  EncryptionAlgorithm: string;
  EncryptionContext?: Record<string, string>;
}

export interface DecryptOutput {
  Plaintext: Uint8Array;
  KeyId: string;
  EncryptionAlgorithm: string;
}

/** The ciphertext the user holds: as KMS returned it, and as the user may have edited it. */
export interface HeldCiphertext {
  original: Uint8Array;
  current: Uint8Array;
}

/** What the user typed and the ciphertext they made: the encrypt/decrypt workbench. */
export interface WorkbenchSlice {
  plaintext: string;
  encryptKeyId: string;
  encryptContext: ContextPair[];
  decryptContext: ContextPair[];
  encryptCall: CallRecord<EncryptOutput> | null;
  ciphertext: HeldCiphertext | null;
  /** The text that the held ciphertext encrypts, to compare with what Decrypt returns. */
  encryptedText: string | null;
  decryptCall: CallRecord<DecryptOutput> | null;
  setPlaintext(text: string): void;
  setEncryptKeyId(keyId: string): void;
  setContext(which: 'encrypt' | 'decrypt', pairs: ContextPair[]): void;
  encrypt(): Promise<void>;
  decrypt(): Promise<void>;
  /** Flips the lowest bit of one byte of the held ciphertext (flipping it again restores it). */
  flipByte(index: number): void;
  restoreCiphertext(): void;
}

/** The encryption context a list of rows stands for; rows left entirely blank are ignored. */
export function contextOf(pairs: ContextPair[]): Record<string, string> | undefined {
  const rows = pairs.filter((p) => p.key !== '' || p.value !== '');
  if (rows.length === 0) return undefined;
  return Object.fromEntries(rows.map((p) => [p.key, p.value]));
}

export const createWorkbenchSlice: Slice<WorkbenchSlice> = (set, get) => ({
  plaintext: 'Hello, KMS!',
  encryptKeyId: '',
  encryptContext: [newPair('department', 'finance')],
  decryptContext: [],
  encryptCall: null,
  ciphertext: null,
  encryptedText: null,
  decryptCall: null,

  setPlaintext: (plaintext) => set({ plaintext }),
  setEncryptKeyId: (encryptKeyId) => set({ encryptKeyId }),
  setContext: (which, pairs) => set(which === 'encrypt' ? { encryptContext: pairs } : { decryptContext: pairs }),

  async encrypt() {
    const { world, region, plaintext, encryptKeyId, encryptContext } = get();
    if (!world) return;
    const context = contextOf(encryptContext);
    const record = await call(world, region, 'Encrypt', async (kms): Promise<EncryptOutput> => {
      const out = await kms.encrypt({
        KeyId: encryptKeyId,
        Plaintext: new TextEncoder().encode(plaintext),
        ...(context ? { EncryptionContext: context } : {}),
      });
      return { CiphertextBlob: out.CiphertextBlob, KeyId: out.KeyId, EncryptionAlgorithm: out.EncryptionAlgorithm, EncryptionContext: context };
    });
    set({ encryptCall: record, now: world.now() });
    // The workbench shows the latest attempt: a failed Encrypt leaves no ciphertext to decrypt.
    if (!record.ok) set({ ciphertext: null, encryptedText: null, decryptCall: null });
    if (record.ok) {
      const blob = record.value.CiphertextBlob;
      set({
        ciphertext: { original: blob.slice(), current: blob.slice() },
        encryptedText: plaintext,
        // Decrypt starts with the same context; change it to see decryption fail.
        decryptContext: encryptContext.map((p) => newPair(p.key, p.value)),
        decryptCall: null,
      });
    }
  },

  async decrypt() {
    const { world, region, ciphertext, decryptContext } = get();
    if (!world || !ciphertext) return;
    const context = contextOf(decryptContext);
    const record = await call(world, region, 'Decrypt', async (kms): Promise<DecryptOutput> => {
      const out = await kms.decrypt({ CiphertextBlob: ciphertext.current.slice(), ...(context ? { EncryptionContext: context } : {}) });
      return { Plaintext: out.Plaintext, KeyId: out.KeyId, EncryptionAlgorithm: out.EncryptionAlgorithm };
    });
    set({ decryptCall: record, now: world.now() });
  },

  flipByte(index) {
    const held = get().ciphertext;
    if (!held || index < 0 || index >= held.current.length) return;
    const current = held.current.slice();
    current[index] ^= 0x01;
    set({ ciphertext: { ...held, current }, decryptCall: null });
  },

  restoreCiphertext() {
    const held = get().ciphertext;
    if (held) set({ ciphertext: { ...held, current: held.original.slice() }, decryptCall: null });
  },
});
