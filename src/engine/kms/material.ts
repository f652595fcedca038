// Key material versions (kms-behaviour.md §5). A KMS key owns a list of material versions; exactly
// one is current and encrypts; every version ever used stays to decrypt what it encrypted, until
// the key is deleted. Rotation adds a version and makes it current; nothing else about the key
// (id, ARN, policy, aliases, grants) changes. A multi-Region primary shares each new version with
// its replicas (§12: the material is one and the same across the Regions).
import { KmsError } from '../errors';
import type { CryptoStep } from '../trace';
import type { RotationType } from '../types';
import type { KeyMaterialRecord, KeyRecord } from '../world/state';
import type { WorldContext } from '../world/context';
import { isHmac } from './specs';

/** New material of the key's spec, made by the CryptoPort (AES-GCM, HMAC key or key pair). */
async function newMaterial(world: WorldContext, key: KeyRecord, atMs: number): Promise<KeyMaterialRecord> {
  const base = { keyMaterialId: world.ids.hex64(), createdAt: atMs };
  if (key.keySpec === 'SYMMETRIC_DEFAULT') return { ...base, cryptoKey: await world.crypto.generateBackingKey() };
  if (isHmac(key.keySpec)) return { ...base, secret: await world.crypto.generateHmacKey(key.keySpec) };
  const pair = await world.crypto.generateKeyPair(key.keySpec, key.keyUsage);
  return { ...base, secret: pair.secret, publicKey: pair.publicKey };
}

export async function addKeyMaterial(world: WorldContext, key: KeyRecord, atMs: number, rotationType?: RotationType): Promise<KeyMaterialRecord> {
  const material: KeyMaterialRecord = { ...(await newMaterial(world, key, atMs)), ...(rotationType ? { rotationDate: atMs, rotationType } : {}) };
  key.materials.push(material);
  key.currentKeyMaterialId = material.keyMaterialId;
  shareWithReplicas(world, key, material);
  return material;
}

/** The replicas of a multi-Region primary (same account, same key id, other Regions). */
export function replicasOf(world: WorldContext, primary: KeyRecord): KeyRecord[] {
  if (primary.multiRegionInfo?.keyType !== 'PRIMARY') return [];
  return Object.values(world.state.keys).filter((k) => k.multiRegionInfo?.keyType === 'REPLICA' && k.multiRegionInfo.primaryArn === primary.arn);
}

/** §12: a primary's new material version is every replica's too (rotation is set on the primary and syncs). */
function shareWithReplicas(world: WorldContext, key: KeyRecord, material: KeyMaterialRecord) {
  for (const replica of replicasOf(world, key)) {
    replica.materials.push({ ...material });
    replica.currentKeyMaterialId = material.keyMaterialId;
  }
}

export function currentMaterial(key: KeyRecord): KeyMaterialRecord | undefined {
  return key.materials.find((m) => m.keyMaterialId === key.currentKeyMaterialId);
}

/** The current material, which an Enabled key always has. */
export function requireCurrentMaterial(key: KeyRecord): KeyMaterialRecord {
  const m = currentMaterial(key);
  if (!m) throw new KmsError('KMSInternalException', `${key.arn} has no current key material.`);
  return m;
}

/** Rotates the key's material; returns the trace step describing it. */
export async function rotateKeyMaterial(world: WorldContext, key: KeyRecord, atMs: number, rotationType: RotationType): Promise<CryptoStep> {
  const from = key.currentKeyMaterialId;
  const material = await addKeyMaterial(world, key, atMs, rotationType);
  return { step: 'rotate', keyArn: key.arn, fromKeyMaterialId: from, toKeyMaterialId: material.keyMaterialId, rotationType };
}
