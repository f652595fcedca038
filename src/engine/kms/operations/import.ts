// Importing key material (BYOK): GetParametersForImport, ImportKeyMaterial, DeleteImportedKeyMaterial
// (kms-behaviour.md §4, §5, §11).
//
//   1. CreateKey Origin=EXTERNAL → PendingImport, no material.
//   2. GetParametersForImport → an RSA public wrapping key and an import token, valid 24 hours.
//   3. The caller wraps its material: RSAES_OAEP_* directly, or RSA_AES_KEY_WRAP_* (RSA-OAEP of an
//      ephemeral AES key ‖ RFC 5649 AES key wrap with padding of the material).
//   4. ImportKeyMaterial → Enabled. The material may expire (ValidTo); when the clock passes it the
//      material is deleted and the key goes back to PendingImport (world/time.ts).
//
// Only the same material can be imported again (IncorrectKeyMaterialException otherwise), except
// NEW_KEY_MATERIAL into a symmetric key, which waits as PENDING_ROTATION until RotateKeyOnDemand.
import { KmsError, originNotValid, validation } from '../../errors';
import { MS_PER_DAY } from '../../ports';
import type { KeyRecord, KeyMaterialRecord, SecretMaterial } from '../../world/state';
import { dropImportedMaterial } from '../scheduled';
import type { CallContext, OperationDefinition } from '../operation';
import { hmacKeyBytes, isHmac } from '../specs';

const IMPORT_TOKEN_VALIDITY_MS = MS_PER_DAY;
const MAX_VALID_TO_DAYS = 365;
const TOKEN_MAGIC = [0x4b, 0x4c, 0x49, 0x54]; // "KLIT": KMS Lab import token

const hex = (b: Uint8Array) => Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
const unhex = (h: string) => Uint8Array.from(h.match(/../g) ?? [], (x) => parseInt(x, 16));

/** The opaque ImportToken: a magic prefix and the 32-byte token id. */
function encodeToken(tokenId: string): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(4 + 32);
  out.set(TOKEN_MAGIC);
  out.set(unhex(tokenId), 4);
  return out;
}
function decodeToken(token: Uint8Array): string | undefined {
  if (token.length !== 36 || TOKEN_MAGIC.some((b, i) => token[i] !== b)) return undefined;
  return hex(token.subarray(4));
}

/** Import operations need an EXTERNAL-origin key (AWS-validated: "<arn> origin is AWS_KMS which is not valid for this operation."). */
function importKey(ctx: CallContext, keyIdAsSent: string, rule: 'get-import-parameters' | 'import-key-material' | 'delete-imported-key-material'): KeyRecord {
  const { key } = ctx.resolve('KeyId', keyIdAsSent, 'key-id-or-arn');
  ctx.stage = 'check-usage';
  if (key.origin !== 'EXTERNAL') throw originNotValid(key.arn, key.origin);
  ctx.checkState(key, rule);
  return key;
}

const imported = (m: KeyMaterialRecord) => m.imported?.importState === 'IMPORTED';

export const GetParametersForImport: OperationDefinition<'GetParametersForImport'> = {
  readOnly: true,
  auditResponse: 'none',
  async run(ctx, r) {
    const key = importKey(ctx, r.KeyId, 'get-import-parameters');
    // RSAES_PKCS1_V1_5 was withdrawn on 2023-10-10; SM2 exists only in the China Regions.
    if (r.WrappingAlgorithm === 'RSAES_PKCS1_V1_5')
      throw new KmsError('UnsupportedOperationException', 'The RSAES_PKCS1_V1_5 wrapping algorithm is no longer supported. Use RSAES_OAEP_SHA_256 or RSA_AES_KEY_WRAP_SHA_256.');
    if (r.WrappingAlgorithm === 'SM2PKE' || r.WrappingKeySpec === 'SM2')
      throw new KmsError('UnsupportedOperationException', 'SM2 wrapping is supported only in the AWS China Regions.');
    await ctx.authorize({ key, keyIdAsSent: r.KeyId });
    const oaepHash = r.WrappingAlgorithm.endsWith('SHA_1') ? 'SHA-1' : 'SHA-256';
    const { privateKey, publicKey } = await ctx.world.crypto.generateWrappingKey(r.WrappingKeySpec, oaepHash);
    const tokenId = ctx.world.ids.hex64();
    const validTo = ctx.now + IMPORT_TOKEN_VALIDITY_MS;
    const params = { ...(key.importParameters ?? {}) };
    for (const [id, p] of Object.entries(params)) if (p.validTo <= ctx.now) delete params[id];
    params[tokenId] = { tokenId, keyArn: key.arn, wrappingAlgorithm: r.WrappingAlgorithm, wrappingKeySpec: r.WrappingKeySpec, privateKey, publicKey, validTo };
    key.importParameters = params;
    ctx.crypto({ step: 'generate-wrapping-key', keyArn: key.arn, wrappingAlgorithm: r.WrappingAlgorithm, wrappingKeySpec: r.WrappingKeySpec, publicKeyBytes: publicKey.length, validTo: new Date(validTo) });
    return { KeyId: key.arn, ImportToken: encodeToken(tokenId), PublicKey: new Uint8Array(publicKey), ParametersValidTo: new Date(validTo) };
  },
};

/** Turns unwrapped bytes into the key's kind of material (AES-GCM key, HMAC key, key pair) and a fingerprint. */
async function materialFrom(ctx: CallContext, key: KeyRecord, bytes: Uint8Array<ArrayBuffer>): Promise<{ part: Pick<KeyMaterialRecord, 'cryptoKey' | 'secret' | 'publicKey'>; fingerprint: string }> {
  const incorrect = (why: string) => new KmsError('IncorrectKeyMaterialException', why);
  const crypto = ctx.world.crypto;
  if (key.keySpec === 'SYMMETRIC_DEFAULT') {
    if (bytes.length !== 32) throw incorrect('The key material must be a 256-bit (32-byte) symmetric key.');
    return { part: { cryptoKey: await crypto.importBackingKey(bytes) }, fingerprint: hex(await crypto.sha256(bytes)) };
  }
  if (isHmac(key.keySpec)) {
    // HMAC key material: at least the spec's size, at most the hash's block size.
    const min = hmacKeyBytes(key.keySpec);
    const max = key.keySpec === 'HMAC_384' || key.keySpec === 'HMAC_512' ? 128 : 64;
    if (bytes.length < min || bytes.length > max) throw incorrect(`The key material for ${key.keySpec} must be ${min} to ${max} bytes.`);
    const secret: SecretMaterial = await crypto.importHmacKey(key.keySpec, bytes);
    return { part: { secret }, fingerprint: hex(await crypto.sha256(bytes)) };
  }
  let pair;
  try {
    pair = await crypto.importKeyPair(key.keySpec, key.keyUsage, bytes);
  } catch {
    throw incorrect(`The key material is not a PKCS#8 private key for key spec ${key.keySpec}.`);
  }
  // The same private key can be encoded in several ways: compare public keys.
  return { part: { secret: pair.secret, publicKey: pair.publicKey }, fingerprint: hex(await crypto.sha256(pair.publicKey)) };
}

export const ImportKeyMaterial: OperationDefinition<'ImportKeyMaterial'> = {
  readOnly: false,
  auditResponse: 'response',
  async run(ctx, r) {
    const expirationModel = r.ExpirationModel ?? 'KEY_MATERIAL_EXPIRES';
    // AWS-validated message (LocalStack snapshot).
    if (expirationModel === 'KEY_MATERIAL_EXPIRES' && r.ValidTo === undefined) throw validation('A validTo date must be set if the ExpirationModel is KEY_MATERIAL_EXPIRES');
    if (expirationModel === 'KEY_MATERIAL_DOES_NOT_EXPIRE' && r.ValidTo !== undefined)
      throw validation('A validTo date must not be set if the ExpirationModel is KEY_MATERIAL_DOES_NOT_EXPIRE');
    const validTo = r.ValidTo?.getTime();
    if (validTo !== undefined && (Number.isNaN(validTo) || validTo <= ctx.now || validTo > ctx.now + MAX_VALID_TO_DAYS * MS_PER_DAY))
      throw validation(`The validTo date must be in the future and no more than ${MAX_VALID_TO_DAYS} days from now.`);

    const key = importKey(ctx, r.KeyId, 'import-key-material');
    await ctx.authorize({ key, keyIdAsSent: r.KeyId });

    ctx.stage = 'crypto';
    const tokenId = decodeToken(r.ImportToken);
    const params = tokenId ? key.importParameters?.[tokenId] : undefined;
    if (!params) throw new KmsError('InvalidImportTokenException', 'The import token is not valid for this KMS key.');
    if (params.validTo <= ctx.now) throw new KmsError('ExpiredImportTokenException', 'The import token has expired. Call GetParametersForImport again.');

    let bytes: Uint8Array<ArrayBuffer>;
    try {
      bytes = await ctx.world.crypto.unwrapImport(params.privateKey, params.wrappingAlgorithm, r.EncryptedKeyMaterial, Number(params.wrappingKeySpec.slice(4)) / 8);
    } catch {
      ctx.crypto({ step: 'unwrap-key-material', keyArn: key.arn, wrappingAlgorithm: params.wrappingAlgorithm, encryptedBytes: r.EncryptedKeyMaterial.length, ok: false });
      throw new KmsError('InvalidCiphertextException', '');
    }
    ctx.crypto({ step: 'unwrap-key-material', keyArn: key.arn, wrappingAlgorithm: params.wrappingAlgorithm, encryptedBytes: r.EncryptedKeyMaterial.length, ok: true, materialBytes: bytes.length });
    const { part, fingerprint } = await materialFrom(ctx, key, bytes);
    bytes.fill(0);

    ctx.stage = 'perform';
    const info = {
      importState: 'IMPORTED' as const,
      expirationModel,
      ...(validTo !== undefined ? { validTo } : {}),
      importedAt: ctx.now,
      ...(r.KeyMaterialDescription !== undefined ? { description: r.KeyMaterialDescription } : {}),
      fingerprint,
    };
    const importType = r.ImportType ?? (key.materials.length === 0 ? 'NEW_KEY_MATERIAL' : 'EXISTING_KEY_MATERIAL');
    let material: KeyMaterialRecord;
    if (importType === 'NEW_KEY_MATERIAL' && key.materials.length > 0) {
      // New material for an on-demand rotation (symmetric keys only); it waits as PENDING_ROTATION.
      if (key.keySpec !== 'SYMMETRIC_DEFAULT')
        throw new KmsError('UnsupportedOperationException', `${key.arn} cannot have new key material imported: only symmetric encryption keys with imported material can rotate.`);
      if (key.materials.some((m) => m.pendingRotation))
        throw new KmsError('KMSInvalidStateException', `${key.arn} already has key material pending rotation. Rotate the key with RotateKeyOnDemand or delete the pending key material first.`);
      if (key.materials.some((m) => m.imported?.fingerprint === fingerprint))
        throw new KmsError('IncorrectKeyMaterialException', 'This key material has already been imported into this KMS key. Use ImportType EXISTING_KEY_MATERIAL to re-import it.');
      material = { keyMaterialId: r.KeyMaterialId ?? ctx.world.ids.hex64(), createdAt: ctx.now, ...part, imported: info, pendingRotation: true };
      key.materials.push(material);
    } else if (key.materials.length === 0) {
      if (importType === 'EXISTING_KEY_MATERIAL') throw validation(`${key.arn} has no key material to re-import. Use ImportType NEW_KEY_MATERIAL.`);
      material = { keyMaterialId: r.KeyMaterialId ?? ctx.world.ids.hex64(), createdAt: ctx.now, ...part, imported: info };
      key.materials.push(material);
      key.currentKeyMaterialId = material.keyMaterialId;
    } else {
      // Re-import: the same material as before (the current one unless KeyMaterialId names another).
      const target = key.materials.find((m) => m.keyMaterialId === (r.KeyMaterialId ?? key.currentKeyMaterialId));
      if (!target) throw new KmsError('NotFoundException', `Key material ${r.KeyMaterialId ?? ''} does not exist for ${key.arn}.`);
      if (target.imported?.fingerprint !== fingerprint)
        throw new KmsError('IncorrectKeyMaterialException', 'The key material in the request is not the key material that was previously imported into this KMS key.');
      Object.assign(target, part);
      target.imported = info;
      material = target;
    }
    ctx.crypto({ step: 'import-key-material', keyArn: key.arn, keyMaterialId: material.keyMaterialId, importType, expirationModel, ...(validTo !== undefined ? { validTo: new Date(validTo) } : {}) });
    delete key.importParameters?.[params.tokenId];
    // §4: the key is Enabled once every material version it has is imported.
    if (key.keyState === 'PendingImport' && key.materials.filter((m) => !m.pendingRotation).every(imported)) {
      key.keyState = 'Enabled';
      ctx.stateChange(key, 'PendingImport', 'Enabled');
    }
    return { KeyId: key.arn, KeyMaterialId: material.keyMaterialId };
  },
};

export const DeleteImportedKeyMaterial: OperationDefinition<'DeleteImportedKeyMaterial'> = {
  readOnly: false,
  auditResponse: 'response',
  async run(ctx, r) {
    const key = importKey(ctx, r.KeyId, 'delete-imported-key-material');
    await ctx.authorize({ key, keyIdAsSent: r.KeyId });
    ctx.stage = 'perform';
    const id = r.KeyMaterialId ?? key.currentKeyMaterialId;
    const material = key.materials.find((m) => m.keyMaterialId === id);
    if (r.KeyMaterialId !== undefined && !material) throw new KmsError('NotFoundException', `Key material ${r.KeyMaterialId} does not exist for ${key.arn}.`);
    // A key still waiting for its first import: nothing to delete, no effect (§4 "OK (no effect)").
    if (!material || !imported(material)) return { KeyId: key.arn, KeyMaterialId: id ?? '' };
    if (material.pendingRotation) {
      key.materials = key.materials.filter((m) => m !== material);
    } else {
      const from = key.keyState;
      dropImportedMaterial(key, material.keyMaterialId);
      if (from !== key.keyState) ctx.stateChange(key, from, key.keyState);
    }
    ctx.crypto({ step: 'delete-key-material', keyArn: key.arn, keyMaterialId: material.keyMaterialId, reason: 'deleted' });
    return { KeyId: key.arn, KeyMaterialId: material.keyMaterialId };
  },
};
