// Asymmetric keys, HMAC keys and key agreement: Sign, Verify, GenerateMac, VerifyMac, GetPublicKey,
// DeriveSharedSecret, GenerateDataKeyPair, GenerateDataKeyPairWithoutPlaintext (kms-behaviour.md §1, §2).
//
// The private half of an asymmetric key never leaves KMS: Sign, Decrypt and DeriveSharedSecret use
// it inside; GetPublicKey hands out only the public half, so anyone can verify or encrypt offline.
// A failed verification is an error (KMSInvalidSignatureException / KMSInvalidMacException), never
// a `false` — several emulators get that wrong.
import { algorithmIncompatible, KmsError, validation } from '../../errors';
import type { KeyRecord } from '../../world/state';
import type { DataKeyPairSpec, MessageType, SigningAlgorithmSpec } from '../../types';
import { digestOf } from '../asymmetric-crypto';
import { requireCurrentMaterial } from '../material';
import type { CallContext, OperationDefinition } from '../operation';
import {
  isAsymmetric,
  isRsa,
  KEY_PAIR_SPECS,
  keyAgreementAlgorithmsFor,
  encryptionAlgorithmsFor,
  macAlgorithmsFor,
  signingAlgorithmsFor,
  signingHash,
} from '../specs';
import { encryptUnder } from './crypto';
import { notYetSupported } from './keys';


/**
 * Resolve, state, usage (SIGN_VERIFY), algorithm-for-spec, message type and digest length, then
 * authorize. Returns what the signer needs: the message (RAW) and/or its digest.
 */
async function signingKey(ctx: CallContext, r: { KeyId: string; Message: Uint8Array; MessageType?: MessageType; SigningAlgorithm: SigningAlgorithmSpec }) {
  const { key } = ctx.resolve('KeyId', r.KeyId, 'any');
  ctx.checkState(key, 'cryptographic');
  const alg = r.SigningAlgorithm;
  ctx.checkUsage(key, ['SIGN_VERIFY'], () => (signingAlgorithmsFor(key.keySpec).includes(alg) ? undefined : algorithmIncompatible(alg, key.keySpec)));
  const messageType = r.MessageType ?? 'RAW';
  ctx.stage = 'check-usage';
  if (messageType === 'EXTERNAL_MU') throw validation(`Message type EXTERNAL_MU is incompatible with algorithm ${alg}.`);
  if (key.keySpec === 'ECC_NIST_EDWARDS25519') {
    // ED25519_SHA_512 signs RAW messages only; ED25519_PH_SHA_512 DIGESTs only (§2).
    const required = alg === 'ED25519_SHA_512' ? 'RAW' : 'DIGEST';
    if (messageType !== required) throw validation(`Message type ${messageType} is incompatible with algorithm ${alg}.`);
  }
  if (messageType === 'DIGEST' && r.Message.length !== signingHash(alg).bytes) throw validation(`Digest is invalid length for algorithm ${alg}.`); // AWS-validated
  await ctx.authorize({ key, keyIdAsSent: r.KeyId });
  // RSA RAW: WebCrypto hashes the message itself. RSA DIGEST: only the digest goes to the signer
  // (micro-rsa-dsa-dh), so a RAW and a DIGEST signature of the same message verify each other.
  const input =
    key.keySpec === 'ECC_NIST_EDWARDS25519' || messageType === 'RAW'
      ? { message: r.Message, ...(key.keySpec !== 'ECC_NIST_EDWARDS25519' && !isRsa(key.keySpec) ? { digest: digestOf(alg, r.Message) } : {}) }
      : { digest: r.Message };
  return { key, alg, messageType: messageType as 'RAW' | 'DIGEST', input };
}

export const Sign: OperationDefinition<'Sign'> = {
  readOnly: true,
  auditResponse: 'none',
  async run(ctx, r) {
    const { key, alg, messageType, input } = await signingKey(ctx, r);
    const material = requireCurrentMaterial(key);
    if (messageType === 'DIGEST' && isRsa(key.keySpec) && material.secret?.kind === 'webcrypto') {
      // Saved by an earlier KMS Lab, which kept RSA signing keys only as non-extractable CryptoKeys:
      // WebCrypto always hashes, so such a key can sign RAW messages only. (Verify needs only the public key.)
      ctx.stage = 'perform';
      throw new KmsError(
        'UnsupportedOperationException',
        'This RSA key was created by an earlier version of KMS Lab that kept its private key only inside WebCrypto, which cannot sign a precomputed DIGEST. Sign the message with MessageType RAW, or create a new key.',
      );
    }
    ctx.dryRun(r.DryRun);
    const signature = await ctx.world.crypto.sign(key.keySpec, material.secret!, alg, input);
    ctx.crypto({
      step: 'sign',
      keyArn: key.arn,
      keyMaterialId: material.keyMaterialId,
      signingAlgorithm: alg,
      messageType,
      messageBytes: r.Message.length,
      digestComputed: messageType === 'RAW' && input.digest !== undefined,
      signatureBytes: signature.length,
    });
    return { KeyId: key.arn, Signature: signature, SigningAlgorithm: alg };
  },
};

export const Verify: OperationDefinition<'Verify'> = {
  readOnly: true,
  auditResponse: 'none',
  async run(ctx, r) {
    const { key, alg, messageType, input } = await signingKey(ctx, r);
    ctx.dryRun(r.DryRun);
    const material = requireCurrentMaterial(key);
    const ok = await ctx.world.crypto.verify(key.keySpec, material.publicKey!, alg, input, r.Signature);
    ctx.crypto({
      step: 'verify',
      keyArn: key.arn,
      keyMaterialId: material.keyMaterialId,
      signingAlgorithm: alg,
      messageType,
      messageBytes: r.Message.length,
      signatureBytes: r.Signature.length,
      ok,
    });
    if (!ok) throw new KmsError('KMSInvalidSignatureException', ''); // AWS-validated: empty message
    return { KeyId: key.arn, SignatureValid: true, SigningAlgorithm: alg };
  },
};

async function macKey(ctx: CallContext, r: { KeyId: string; MacAlgorithm: string }): Promise<KeyRecord> {
  const { key } = ctx.resolve('KeyId', r.KeyId, 'any');
  ctx.checkState(key, 'cryptographic');
  // AWS-validated: "Algorithm HMAC_SHA_256 is incompatible with key spec HMAC_224."
  ctx.checkUsage(key, ['GENERATE_VERIFY_MAC'], () =>
    (macAlgorithmsFor(key.keySpec) as string[]).includes(r.MacAlgorithm) ? undefined : algorithmIncompatible(r.MacAlgorithm, key.keySpec),
  );
  await ctx.authorize({ key, keyIdAsSent: r.KeyId });
  return key;
}

async function computeMac(ctx: CallContext, key: KeyRecord, r: { Message: Uint8Array; MacAlgorithm: string }) {
  const material = requireCurrentMaterial(key);
  const mac = await ctx.world.crypto.mac(key.keySpec, material.secret!, r.Message);
  ctx.crypto({ step: 'generate-mac', keyArn: key.arn, keyMaterialId: material.keyMaterialId, macAlgorithm: r.MacAlgorithm, messageBytes: r.Message.length, macBytes: mac.length });
  return { mac, keyMaterialId: material.keyMaterialId };
}

export const GenerateMac: OperationDefinition<'GenerateMac'> = {
  readOnly: true,
  auditResponse: 'none',
  async run(ctx, r) {
    const key = await macKey(ctx, r);
    ctx.dryRun(r.DryRun);
    const { mac } = await computeMac(ctx, key, r);
    return { Mac: mac, MacAlgorithm: r.MacAlgorithm, KeyId: key.arn };
  },
};

export const VerifyMac: OperationDefinition<'VerifyMac'> = {
  readOnly: true,
  auditResponse: 'none',
  async run(ctx, r) {
    const key = await macKey(ctx, r);
    ctx.dryRun(r.DryRun);
    const { mac, keyMaterialId } = await computeMac(ctx, key, r);
    // Compare every byte (no early exit), as a MAC check should.
    let diff = mac.length ^ r.Mac.length;
    for (let i = 0; i < mac.length; i++) diff |= mac[i] ^ (r.Mac[i] ?? 0);
    const ok = diff === 0;
    ctx.crypto({ step: 'verify-mac', keyArn: key.arn, keyMaterialId, macAlgorithm: r.MacAlgorithm, ok });
    if (!ok) throw new KmsError('KMSInvalidMacException', '');
    return { KeyId: key.arn, MacValid: true, MacAlgorithm: r.MacAlgorithm };
  },
};

export const GetPublicKey: OperationDefinition<'GetPublicKey'> = {
  readOnly: true,
  auditResponse: 'response',
  async run(ctx, r) {
    const { key } = ctx.resolve('KeyId', r.KeyId, 'any');
    ctx.checkState(key, 'cryptographic');
    ctx.stage = 'check-usage';
    // Symmetric and HMAC keys have no public key (§2 key type × operation table).
    if (!isAsymmetric(key.keySpec))
      throw new KmsError('UnsupportedOperationException', `${key.arn} key spec ${key.keySpec} is not valid for GetPublicKey. Only asymmetric KMS keys have a public key.`);
    await ctx.authorize({ key, keyIdAsSent: r.KeyId });
    const material = requireCurrentMaterial(key);
    const publicKey = material.publicKey!;
    ctx.crypto({ step: 'return-public-key', keyArn: key.arn, bytes: publicKey.length });
    return {
      KeyId: key.arn,
      PublicKey: new Uint8Array(publicKey),
      CustomerMasterKeySpec: key.keySpec,
      KeySpec: key.keySpec,
      KeyUsage: key.keyUsage,
      ...(key.keyUsage === 'ENCRYPT_DECRYPT' ? { EncryptionAlgorithms: encryptionAlgorithmsFor(key.keySpec) } : {}),
      ...(key.keyUsage === 'SIGN_VERIFY' ? { SigningAlgorithms: signingAlgorithmsFor(key.keySpec) } : {}),
      ...(key.keyUsage === 'KEY_AGREEMENT' ? { KeyAgreementAlgorithms: keyAgreementAlgorithmsFor(key.keySpec) } : {}),
    };
  },
};

export const DeriveSharedSecret: OperationDefinition<'DeriveSharedSecret'> = {
  readOnly: true,
  auditResponse: 'none',
  async run(ctx, r) {
    if (r.Recipient) throw notYetSupported('DeriveSharedSecret for a Nitro enclave Recipient');
    const { key } = ctx.resolve('KeyId', r.KeyId, 'any');
    ctx.checkState(key, 'cryptographic');
    ctx.checkUsage(key, ['KEY_AGREEMENT']);
    await ctx.authorize({ key, keyIdAsSent: r.KeyId });
    ctx.dryRun(r.DryRun);
    const material = requireCurrentMaterial(key);
    let secret: Uint8Array<ArrayBuffer>;
    try {
      secret = await ctx.world.crypto.deriveSharedSecret(key.keySpec, material.secret!, r.PublicKey);
    } catch {
      ctx.stage = 'crypto';
      throw validation(`The public key is not a valid DER-encoded SubjectPublicKeyInfo for key spec ${key.keySpec}.`);
    }
    ctx.crypto({
      step: 'derive-shared-secret',
      keyArn: key.arn,
      keyMaterialId: material.keyMaterialId,
      keyAgreementAlgorithm: 'ECDH',
      publicKeyBytes: r.PublicKey.length,
      sharedSecretBytes: secret.length,
    });
    ctx.crypto({ step: 'return-plaintext', bytes: secret.length });
    return { KeyId: key.arn, SharedSecret: secret, KeyAgreementAlgorithm: 'ECDH', KeyOrigin: key.origin };
  },
};

/**
 * GenerateDataKeyPair*: a fresh key pair; the private key is returned in plaintext (PKCS#8) and
 * encrypted under the symmetric KMS key with the encryption context (like a data key).
 */
async function generateDataKeyPair(ctx: CallContext, r: { KeyId: string; KeyPairSpec: DataKeyPairSpec; EncryptionContext?: Record<string, string>; DryRun?: boolean }) {
  const key = await ctx.useKey(r.KeyId, { forms: 'any', state: 'cryptographic', encryptionUsage: true, symmetricOnly: true, encryptionContext: r.EncryptionContext });
  if (r.KeyPairSpec === 'SM2') {
    ctx.stage = 'perform';
    throw new KmsError('UnsupportedOperationException', 'KeyPairSpec SM2 is supported only in the AWS China Regions.');
  }
  ctx.dryRun(r.DryRun);
  const spec = r.KeyPairSpec;
  if (!(KEY_PAIR_SPECS as readonly string[]).includes(spec)) throw notYetSupported(`KeyPairSpec ${spec}`);
  const ref = ctx.nextDataKeyRef();
  const pair = await ctx.world.crypto.generateDataKeyPair(spec as (typeof KEY_PAIR_SPECS)[number]);
  ctx.crypto({ step: 'generate-data-key-pair', dataKey: ref, keyPairSpec: r.KeyPairSpec, privateKeyBytes: pair.privateKey.length, publicKeyBytes: pair.publicKey.length });
  const { blob, keyMaterialId } = await encryptUnder(ctx, key, pair.privateKey, r.EncryptionContext, ref);
  ctx.crypto({ step: 'return-public-key', bytes: pair.publicKey.length, dataKey: ref });
  return { key, pair, blob, keyMaterialId, ref };
}

export const GenerateDataKeyPair: OperationDefinition<'GenerateDataKeyPair'> = {
  readOnly: true,
  auditResponse: 'none',
  async run(ctx, r) {
    if (r.Recipient) throw notYetSupported('GenerateDataKeyPair for a Nitro enclave Recipient');
    const { key, pair, blob, keyMaterialId, ref } = await generateDataKeyPair(ctx, r);
    ctx.crypto({ step: 'return-plaintext', bytes: pair.privateKey.length, dataKey: ref });
    return {
      PrivateKeyCiphertextBlob: blob,
      PrivateKeyPlaintext: pair.privateKey,
      PublicKey: pair.publicKey,
      KeyId: key.arn,
      KeyPairSpec: r.KeyPairSpec,
      KeyMaterialId: keyMaterialId,
    };
  },
};

export const GenerateDataKeyPairWithoutPlaintext: OperationDefinition<'GenerateDataKeyPairWithoutPlaintext'> = {
  readOnly: true,
  auditResponse: 'none',
  async run(ctx, r) {
    const { key, pair, blob, keyMaterialId } = await generateDataKeyPair(ctx, r);
    return { PrivateKeyCiphertextBlob: blob, PublicKey: pair.publicKey, KeyId: key.arn, KeyPairSpec: r.KeyPairSpec, KeyMaterialId: keyMaterialId };
  },
};
