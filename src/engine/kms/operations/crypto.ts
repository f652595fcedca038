// The cryptographic operations on symmetric keys: Encrypt, Decrypt, ReEncrypt, GenerateDataKey,
// GenerateDataKeyWithoutPlaintext, GenerateRandom (kms-behaviour.md §1, §2, §8).
//
// A symmetric KMS key never leaves KMS. Encrypt wraps at most 4096 bytes under the key's current
// material; GenerateDataKey returns a fresh data key twice — in plaintext, to encrypt your data with,
// and encrypted under the KMS key, to store beside the data (envelope encryption). Decrypt reads the
// ciphertext's header to find the key and material version, so it needs no KeyId; the encryption
// context must match exactly.
import { ciphertextKeyNotAccessible, dryRun, incorrectKey, invalidCiphertext, KmsError, validation } from '../../errors';
import type { DataKeyRef } from '../../trace';
import type { EncryptionAlgorithmSpec, EncryptionContextType } from '../../types';
import { resolveKey } from '../resolve';
import { isRsa, rsaMaxPlaintext } from '../specs';
import { keyArn, parseKmsArn } from '../../world/arn';
import type { KeyRecord } from '../../world/state';
import { additionalData, assembleBlob, encodeHeader, headerCheck, IV_BYTES, parseCiphertext, type ParsedCiphertext } from '../ciphertext';
import { canonicalEncryptionContext } from '../encryption-context';
import { currentMaterial, requireCurrentMaterial } from '../material';
import type { CallContext, OperationDefinition } from '../operation';
import { type Violations } from '../validate';
import { notYetSupported } from './keys';

function bindContext(ctx: CallContext, headerBytes: Uint8Array, context: EncryptionContextType | undefined) {
  const encoded = canonicalEncryptionContext(context);
  const aad = additionalData(headerBytes, encoded);
  ctx.crypto({
    step: 'bind-encryption-context',
    pairs: Object.keys(context ?? {}).length,
    keys: Object.keys(context ?? {}).sort(),
    encodedBytes: encoded.length,
    additionalDataBytes: aad.length,
  });
  return aad;
}

/** Encrypts under the key's current material; returns the self-describing blob (see ciphertext.ts). */
export async function encryptUnder(ctx: CallContext, key: KeyRecord, plaintext: Uint8Array, context: EncryptionContextType | undefined, dataKey?: DataKeyRef) {
  const material = currentMaterial(key);
  if (!material) throw new KmsError('KMSInternalException', `${key.arn} has no current key material.`);
  ctx.crypto({ step: 'select-material', keyArn: key.arn, keyMaterialId: material.keyMaterialId, reason: 'current' });
  const iv = ctx.world.ids.randomBytes(IV_BYTES);
  const header = encodeHeader(key.arn, material.keyMaterialId, iv);
  const aad = bindContext(ctx, header, context);
  const body = await ctx.world.crypto.encrypt(material.cryptoKey as CryptoKey, iv, plaintext, aad);
  const blob = assembleBlob(header, await headerCheck(ctx.world.crypto, header), body);
  ctx.crypto(
    dataKey
      ? { step: 'wrap-data-key', dataKey, keyArn: key.arn, keyMaterialId: material.keyMaterialId, ciphertextBytes: blob.length }
      : { step: 'encrypt', keyArn: key.arn, keyMaterialId: material.keyMaterialId, plaintextBytes: plaintext.length, ciphertextBytes: blob.length },
  );
  return { blob, keyMaterialId: material.keyMaterialId };
}

async function readCiphertext(ctx: CallContext, blob: Uint8Array): Promise<ParsedCiphertext> {
  ctx.stage = 'crypto';
  const parsed = await parseCiphertext(ctx.world.crypto, blob);
  if (!parsed) throw invalidCiphertext();
  ctx.crypto({ step: 'parse-ciphertext', keyArn: parsed.keyArn, keyMaterialId: parsed.keyMaterialId, ciphertextBytes: blob.length, formatVersion: parsed.formatVersion });
  return parsed;
}

/**
 * The key a ciphertext names. With a KeyId (Decrypt) or SourceKeyId (ReEncrypt) the request must
 * name that same key, else IncorrectKeyException — a check several emulators skip.
 */
function ciphertextKey(ctx: CallContext, parsed: ParsedCiphertext, parameter: string, keyIdAsSent: string | undefined): KeyRecord {
  const requested = keyIdAsSent === undefined ? undefined : ctx.resolve(parameter, keyIdAsSent, 'any').key;
  ctx.stage = 'resolve-key';
  const arn = parseKmsArn(parsed.keyArn);
  // §12: a multi-Region key's ciphertext decrypts with the related key in the caller's Region.
  const key = !arn
    ? undefined
    : arn.region === ctx.region
      ? ctx.world.getKey(parsed.keyArn)
      : arn.resource.startsWith('mrk-')
        ? ctx.world.getKey(keyArn(ctx.region, arn.accountId, arn.resource))
        : undefined;
  if (requested && requested.arn !== parsed.keyArn && requested.arn !== key?.arn) throw incorrectKey();
  if (!key) throw ciphertextKeyNotAccessible();
  ctx.touch(key);
  ctx.emit({ type: 'resolve-key', parameter: 'CiphertextBlob', input: parsed.keyArn, namedAs: 'ciphertext', keyArn: key.arn });
  return key;
}

async function decryptWith(ctx: CallContext, key: KeyRecord, parsed: ParsedCiphertext, context: EncryptionContextType | undefined) {
  const material = key.materials.find((m) => m.keyMaterialId === parsed.keyMaterialId);
  const failed = () => {
    ctx.crypto({ step: 'decrypt', keyArn: key.arn, keyMaterialId: parsed.keyMaterialId, ciphertextBytes: parsed.blobBytes, ok: false });
    return invalidCiphertext();
  };
  if (!material?.cryptoKey) throw failed();
  ctx.crypto({ step: 'select-material', keyArn: key.arn, keyMaterialId: material.keyMaterialId, reason: 'named-by-ciphertext' });
  const aad = bindContext(ctx, parsed.headerBytes, context);
  let plaintext: Uint8Array<ArrayBuffer>;
  try {
    plaintext = await ctx.world.crypto.decrypt(material.cryptoKey, parsed.iv, parsed.body, aad);
  } catch {
    throw failed();
  }
  ctx.crypto({ step: 'decrypt', keyArn: key.arn, keyMaterialId: material.keyMaterialId, ciphertextBytes: parsed.blobBytes, ok: true, plaintextBytes: plaintext.length });
  return { plaintext, keyMaterialId: material.keyMaterialId };
}

/** The key a KeyId names, without tracing (to choose the symmetric or asymmetric path); undefined when it names nothing. */
function peekKey(ctx: CallContext, input: string): KeyRecord | undefined {
  try {
    return resolveKey(ctx.world, ctx.caller, ctx.region, input, 'any').key;
  } catch {
    return undefined;
  }
}

/**
 * RSA encryption rules (§2): no encryption context (asymmetric ciphertext has nowhere to bind it),
 * and the OAEP plaintext limit with AWS's validated message.
 */
function checkAsymmetricRequest(ctx: CallContext, key: KeyRecord, alg: EncryptionAlgorithmSpec, plaintextBytes: number | undefined, context: EncryptionContextType | undefined) {
  ctx.stage = 'check-usage';
  if (context && Object.keys(context).length > 0) throw validation('EncryptionContext is not supported for asymmetric KMS keys.');
  const max = rsaMaxPlaintext(key.keySpec, alg);
  if (plaintextBytes !== undefined && plaintextBytes > max)
    throw validation(`Algorithm ${alg} and key spec ${key.keySpec} cannot encrypt data larger than ${max} bytes.`);
}

/** RSAES_OAEP with the key's public key. The ciphertext is the bare OAEP output, as AWS returns it. */
async function rsaEncryptUnder(ctx: CallContext, key: KeyRecord, alg: EncryptionAlgorithmSpec, plaintext: Uint8Array): Promise<Uint8Array<ArrayBuffer>> {
  const material = requireCurrentMaterial(key);
  ctx.crypto({ step: 'select-material', keyArn: key.arn, keyMaterialId: material.keyMaterialId, reason: 'current' });
  const blob = await ctx.world.crypto.rsaEncrypt(material.publicKey as Uint8Array, alg, plaintext);
  ctx.crypto({ step: 'asymmetric-encrypt', keyArn: key.arn, keyMaterialId: material.keyMaterialId, encryptionAlgorithm: alg, plaintextBytes: plaintext.length, ciphertextBytes: blob.length });
  return blob;
}

/** RSAES_OAEP decryption with the key's private key; any failure is InvalidCiphertextException (empty message). */
async function rsaDecryptWith(ctx: CallContext, key: KeyRecord, alg: EncryptionAlgorithmSpec, blob: Uint8Array) {
  const material = requireCurrentMaterial(key);
  ctx.crypto({ step: 'select-material', keyArn: key.arn, keyMaterialId: material.keyMaterialId, reason: 'current' });
  let plaintext: Uint8Array<ArrayBuffer>;
  try {
    plaintext = await ctx.world.crypto.rsaDecrypt(material.secret!, alg, blob);
  } catch {
    ctx.crypto({ step: 'asymmetric-decrypt', keyArn: key.arn, keyMaterialId: material.keyMaterialId, encryptionAlgorithm: alg, ciphertextBytes: blob.length, ok: false });
    throw invalidCiphertext();
  }
  ctx.crypto({ step: 'asymmetric-decrypt', keyArn: key.arn, keyMaterialId: material.keyMaterialId, encryptionAlgorithm: alg, ciphertextBytes: blob.length, ok: true, plaintextBytes: plaintext.length });
  return { plaintext, keyMaterialId: material.keyMaterialId };
}

/**
 * CiphertextBlob is optional in today's model (a DryRun with IGNORE_CIPHERTEXT needs none); any other
 * call needs it, and the service answers as the older model's "required" did (not AWS-validated).
 */
function requireCiphertextUnlessIgnored(r: { CiphertextBlob?: Uint8Array; DryRun?: boolean; DryRunModifiers?: string[] }, v: Violations) {
  if (r.DryRun && r.DryRunModifiers?.includes('IGNORE_CIPHERTEXT')) return;
  v.required('ciphertextBlob', r.CiphertextBlob);
}

export const Encrypt: OperationDefinition<'Encrypt'> = {
  readOnly: true,
  auditResponse: 'none',
  async run(ctx, r) {
    const key = await ctx.useKey(r.KeyId, { forms: 'any', state: 'cryptographic', encryptionUsage: true, encryptionContext: r.EncryptionContext });
    if (isRsa(key.keySpec)) {
      const alg = r.EncryptionAlgorithm as EncryptionAlgorithmSpec;
      checkAsymmetricRequest(ctx, key, alg, r.Plaintext.length, r.EncryptionContext);
      ctx.dryRun(r.DryRun);
      const blob = await rsaEncryptUnder(ctx, key, alg, r.Plaintext);
      return { CiphertextBlob: blob, KeyId: key.arn, EncryptionAlgorithm: alg };
    }
    ctx.dryRun(r.DryRun);
    const { blob } = await encryptUnder(ctx, key, r.Plaintext, r.EncryptionContext);
    return { CiphertextBlob: blob, KeyId: key.arn, EncryptionAlgorithm: 'SYMMETRIC_DEFAULT' };
  },
};

export const Decrypt: OperationDefinition<'Decrypt'> = {
  readOnly: true,
  auditResponse: 'none',
  validate: requireCiphertextUnlessIgnored,
  async run(ctx, r) {
    if (r.Recipient) throw notYetSupported('Decrypt for a Nitro enclave Recipient');
    const usage = { state: 'cryptographic' as const, encryptionContext: r.EncryptionContext };
    // DryRun with IGNORE_CIPHERTEXT checks the key named by KeyId without reading the ciphertext.
    if (r.DryRun && r.DryRunModifiers?.includes('IGNORE_CIPHERTEXT') && r.KeyId !== undefined) {
      await ctx.useKey(r.KeyId, { forms: 'any', encryptionUsage: true, ...usage });
      throw dryRun();
    }
    // An asymmetric ciphertext carries no metadata: the KeyId (and EncryptionAlgorithm) say how to decrypt it.
    const named = r.KeyId === undefined ? undefined : peekKey(ctx, r.KeyId);
    if (named && isRsa(named.keySpec)) {
      const key = await ctx.useKey(r.KeyId as string, { forms: 'any', state: 'cryptographic', encryptionUsage: true, encryptionContext: r.EncryptionContext });
      const alg = r.EncryptionAlgorithm as EncryptionAlgorithmSpec;
      checkAsymmetricRequest(ctx, key, alg, undefined, r.EncryptionContext);
      const { plaintext, keyMaterialId } = await rsaDecryptWith(ctx, key, alg, r.CiphertextBlob as Uint8Array);
      ctx.dryRun(r.DryRun);
      ctx.crypto({ step: 'return-plaintext', bytes: plaintext.length });
      return { KeyId: key.arn, Plaintext: plaintext, EncryptionAlgorithm: alg, KeyMaterialId: keyMaterialId };
    }
    const parsed = await readCiphertext(ctx, r.CiphertextBlob as Uint8Array);
    const key = ciphertextKey(ctx, parsed, 'KeyId', r.KeyId);
    ctx.checkState(key, 'cryptographic');
    ctx.checkEncryptionUsage(key, r.EncryptionAlgorithm);
    await ctx.authorize({ key, keyIdAsSent: r.KeyId, encryptionContext: r.EncryptionContext });
    const { plaintext, keyMaterialId } = await decryptWith(ctx, key, parsed, r.EncryptionContext);
    ctx.dryRun(r.DryRun);
    ctx.crypto({ step: 'return-plaintext', bytes: plaintext.length });
    return { KeyId: key.arn, Plaintext: plaintext, EncryptionAlgorithm: 'SYMMETRIC_DEFAULT', KeyMaterialId: keyMaterialId };
  },
};

export const ReEncrypt: OperationDefinition<'ReEncrypt'> = {
  readOnly: true,
  auditResponse: 'none',
  validate: requireCiphertextUnlessIgnored,
  async run(ctx, r) {
    // Decrypting and re-encrypting happen inside KMS: the plaintext is never returned.
    const named = r.SourceKeyId === undefined ? undefined : peekKey(ctx, r.SourceKeyId);
    const sourceAlg = (r.SourceEncryptionAlgorithm ?? 'SYMMETRIC_DEFAULT') as EncryptionAlgorithmSpec;
    let source: KeyRecord;
    let decrypt: () => Promise<{ plaintext: Uint8Array<ArrayBuffer>; keyMaterialId: string }>;
    if (named && isRsa(named.keySpec)) {
      source = ctx.resolve('SourceKeyId', r.SourceKeyId as string, 'any').key;
      ctx.checkState(source, 'cryptographic');
      ctx.checkEncryptionUsage(source, r.SourceEncryptionAlgorithm);
      checkAsymmetricRequest(ctx, source, sourceAlg, undefined, r.SourceEncryptionContext);
      const src = source;
      decrypt = () => rsaDecryptWith(ctx, src, sourceAlg, r.CiphertextBlob as Uint8Array);
    } else {
      const parsed = await readCiphertext(ctx, r.CiphertextBlob as Uint8Array);
      source = ciphertextKey(ctx, parsed, 'SourceKeyId', r.SourceKeyId);
      ctx.checkState(source, 'cryptographic');
      ctx.checkEncryptionUsage(source, r.SourceEncryptionAlgorithm);
      const src = source;
      decrypt = () => decryptWith(ctx, src, parsed, r.SourceEncryptionContext);
    }
    await ctx.authorize({ action: 'kms:ReEncryptFrom', key: source, keyIdAsSent: r.SourceKeyId, encryptionContext: r.SourceEncryptionContext });
    const { key: destination } = ctx.resolve('DestinationKeyId', r.DestinationKeyId, 'any');
    ctx.checkState(destination, 'cryptographic');
    ctx.checkEncryptionUsage(destination, r.DestinationEncryptionAlgorithm);
    const destinationAlg = (r.DestinationEncryptionAlgorithm ?? 'SYMMETRIC_DEFAULT') as EncryptionAlgorithmSpec;
    await ctx.authorize({
      action: 'kms:ReEncryptTo',
      key: destination,
      keyIdAsSent: r.DestinationKeyId,
      encryptionContext: r.DestinationEncryptionContext,
    });
    const decrypted = await decrypt();
    if (isRsa(destination.keySpec)) checkAsymmetricRequest(ctx, destination, destinationAlg, decrypted.plaintext.length, r.DestinationEncryptionContext);
    ctx.dryRun(r.DryRun);
    const { blob, keyMaterialId } = isRsa(destination.keySpec)
      ? { blob: await rsaEncryptUnder(ctx, destination, destinationAlg, decrypted.plaintext), keyMaterialId: requireCurrentMaterial(destination).keyMaterialId }
      : await encryptUnder(ctx, destination, decrypted.plaintext, r.DestinationEncryptionContext);
    return {
      CiphertextBlob: blob,
      SourceKeyId: source.arn,
      KeyId: destination.arn,
      SourceEncryptionAlgorithm: sourceAlg,
      DestinationEncryptionAlgorithm: destinationAlg,
      SourceKeyMaterialId: decrypted.keyMaterialId,
      DestinationKeyMaterialId: keyMaterialId,
    };
  },
};

/** KeySpec AES_128/AES_256 or NumberOfBytes 1–1024: exactly one of them. */
function dataKeyLength(r: { NumberOfBytes?: number; KeySpec?: string }): number {
  if ((r.NumberOfBytes === undefined) === (r.KeySpec === undefined)) throw validation('Please specify either number of bytes or key spec.');
  return r.KeySpec === 'AES_128' ? 16 : r.KeySpec === 'AES_256' ? 32 : (r.NumberOfBytes as number);
}

async function generateDataKey(ctx: CallContext, r: { KeyId: string; NumberOfBytes?: number; KeySpec?: string; EncryptionContext?: EncryptionContextType; DryRun?: boolean }) {
  const bytes = dataKeyLength(r);
  const key = await ctx.useKey(r.KeyId, { forms: 'any', state: 'cryptographic', encryptionUsage: true, symmetricOnly: true, encryptionContext: r.EncryptionContext });
  ctx.dryRun(r.DryRun);
  const ref = ctx.nextDataKeyRef();
  const plaintext = await ctx.world.crypto.generateDataKey(bytes, ctx.world.ids.randomBytes);
  ctx.crypto({ step: 'generate-data-key', dataKey: ref, bytes, ...(r.KeySpec ? { keySpec: r.KeySpec } : {}) });
  const { blob, keyMaterialId } = await encryptUnder(ctx, key, plaintext, r.EncryptionContext, ref);
  return { key, plaintext, blob, keyMaterialId, ref };
}

export const GenerateDataKey: OperationDefinition<'GenerateDataKey'> = {
  readOnly: true,
  auditResponse: 'none',
  async run(ctx, r) {
    if (r.Recipient) throw notYetSupported('GenerateDataKey for a Nitro enclave Recipient');
    const { key, plaintext, blob, keyMaterialId, ref } = await generateDataKey(ctx, r);
    ctx.crypto({ step: 'return-plaintext', bytes: plaintext.length, dataKey: ref });
    return { CiphertextBlob: blob, Plaintext: plaintext, KeyId: key.arn, KeyMaterialId: keyMaterialId };
  },
};

export const GenerateDataKeyWithoutPlaintext: OperationDefinition<'GenerateDataKeyWithoutPlaintext'> = {
  readOnly: true,
  auditResponse: 'none',
  async run(ctx, r) {
    const { key, blob, keyMaterialId } = await generateDataKey(ctx, r);
    return { CiphertextBlob: blob, KeyId: key.arn, KeyMaterialId: keyMaterialId };
  },
};

export const GenerateRandom: OperationDefinition<'GenerateRandom'> = {
  readOnly: true,
  auditResponse: 'none',
  async run(ctx, r) {
    if (r.NumberOfBytes === undefined) throw validation('NumberOfBytes is required.'); // AWS-validated
    if (r.CustomKeyStoreId !== undefined) throw notYetSupported('GenerateRandom in a custom key store');
    if (r.Recipient) throw notYetSupported('GenerateRandom for a Nitro enclave Recipient');
    await ctx.authorize({});
    const bytes = ctx.world.ids.randomBytes(r.NumberOfBytes);
    ctx.crypto({ step: 'generate-random', bytes: bytes.length });
    ctx.crypto({ step: 'return-plaintext', bytes: bytes.length });
    return { Plaintext: bytes };
  },
};
