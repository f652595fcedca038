// Key material versions (kms-behaviour.md §5). A KMS key owns a list of material versions; exactly
// one is current and encrypts; every version ever used stays to decrypt what it encrypted, until
// the key is deleted. Rotation adds a version and makes it current; nothing else about the key
// (id, ARN, policy, aliases, grants) changes.
import type { CryptoStep } from '../trace';
import type { RotationType } from '../types';
import type { KeyMaterialRecord, KeyRecord } from '../world/state';
import type { World } from '../world/world';

export async function addKeyMaterial(world: World, key: KeyRecord, atMs: number, rotationType?: RotationType): Promise<KeyMaterialRecord> {
  const material: KeyMaterialRecord = {
    keyMaterialId: world.ids.hex64(),
    cryptoKey: await world.crypto.generateBackingKey(),
    createdAt: atMs,
    ...(rotationType ? { rotationDate: atMs, rotationType } : {}),
  };
  key.materials.push(material);
  key.currentKeyMaterialId = material.keyMaterialId;
  return material;
}

export function currentMaterial(key: KeyRecord): KeyMaterialRecord | undefined {
  return key.materials.find((m) => m.keyMaterialId === key.currentKeyMaterialId);
}

/** Rotates the key's material; returns the trace step describing it. */
export async function rotateKeyMaterial(world: World, key: KeyRecord, atMs: number, rotationType: RotationType): Promise<CryptoStep> {
  const from = key.currentKeyMaterialId;
  const material = await addKeyMaterial(world, key, atMs, rotationType);
  return { step: 'rotate', keyArn: key.arn, fromKeyMaterialId: from, toKeyMaterialId: material.keyMaterialId, rotationType };
}
