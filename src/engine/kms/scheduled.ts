// What the passing of simulated time does (kms-behaviour.md §5, §6, §16 "lazy evaluation against a
// controllable clock"): when the clock passes a key's DeletionDate the key, its material and its
// aliases are deleted; when it passes NextRotationDate of an enabled key with automatic rotation,
// the key rotates. Effects apply at their own due times and in order, so advancing three years
// rotates a yearly key three times, each with its own RotationDate. Disabled and pending-deletion
// keys do not rotate (EnableKey catches up on an overdue rotation).
import { rotateKeyMaterial } from './material';
import { MS_PER_DAY } from '../ports';
import type { CryptoStep } from '../trace';
import { cloudTrailTime, type AuditEvent } from '../world/audit';
import type { KeyRecord } from '../world/state';
import type { WorldContext } from '../world/context';

export type TimeEffect =
  | { effect: 'delete-key'; keyArn: string; dueAt: number; deletedAliases: string[] }
  | { effect: 'rotate-key'; keyArn: string; dueAt: number; rotation: CryptoStep }
  /** Imported key material passed its ValidTo: KMS deleted it and the key waits for a new import (§4, §11). */
  | { effect: 'expire-key-material'; keyArn: string; dueAt: number; keyMaterialId: string };

type DueKind = 'delete' | 'rotate' | 'expire';

/** The earliest ValidTo among a key's imported material that expires. */
function expiryDue(key: KeyRecord): { dueAt: number; keyMaterialId: string } | undefined {
  if (key.origin !== 'EXTERNAL') return undefined;
  let best: { dueAt: number; keyMaterialId: string } | undefined;
  for (const m of key.materials) {
    const i = m.imported;
    if (!i || i.importState !== 'IMPORTED' || i.expirationModel !== 'KEY_MATERIAL_EXPIRES' || i.validTo === undefined) continue;
    if (!best || i.validTo < best.dueAt) best = { dueAt: i.validTo, keyMaterialId: m.keyMaterialId };
  }
  return best;
}

/** Removes imported material (DeleteImportedKeyMaterial or expiry): the bytes go; the record stays, PENDING_IMPORT. */
export function dropImportedMaterial(key: KeyRecord, keyMaterialId: string): void {
  const m = key.materials.find((x) => x.keyMaterialId === keyMaterialId);
  if (!m?.imported) return;
  delete m.cryptoKey;
  delete m.secret;
  m.imported = { ...m.imported, importState: 'PENDING_IMPORT' };
  delete m.imported.validTo;
  delete m.imported.expirationModel;
  // §4: the key waits for an import, unless it is pending deletion (then its state does not change).
  if (key.keyState !== 'PendingDeletion' && key.keyState !== 'PendingReplicaDeletion') key.keyState = 'PendingImport';
}

/** Deletes a key with everything that hangs off it: aliases, grants; an MRK primary waiting for its last replica moves on. */
function deleteKey(world: WorldContext, key: KeyRecord, atMs: number): string[] {
  const deletedAliases = world.aliasesOf(key.arn).map((a) => a.aliasArn);
  for (const a of deletedAliases) delete world.state.aliases[a];
  for (const [id, g] of Object.entries(world.state.grants)) if (g.keyArn === key.arn) delete world.state.grants[id];
  delete world.state.keys[key.arn];
  const info = key.multiRegionInfo;
  if (info?.keyType === 'REPLICA') {
    const primary = world.state.keys[info.primaryArn];
    const replicasLeft = Object.values(world.state.keys).some((k) => k.multiRegionInfo?.keyType === 'REPLICA' && k.multiRegionInfo.primaryArn === info.primaryArn);
    // §4: a primary in PendingReplicaDeletion starts its own waiting period when its last replica is deleted.
    if (primary && primary.keyState === 'PendingReplicaDeletion' && !replicasLeft) {
      primary.keyState = 'PendingDeletion';
      primary.deletionDate = atMs + (primary.pendingDeletionWindowInDays ?? 30) * MS_PER_DAY;
    }
  }
  return deletedAliases;
}

function rotationDue(key: KeyRecord): number | undefined {
  if (key.keyState !== 'Enabled' || key.origin !== 'AWS_KMS' || !key.rotation.enabled) return undefined;
  return key.rotation.nextRotationDate;
}

function nextDue(world: WorldContext, untilMs: number): { key: KeyRecord; dueAt: number; kind: DueKind; keyMaterialId?: string } | undefined {
  let best: { key: KeyRecord; dueAt: number; kind: DueKind; keyMaterialId?: string } | undefined;
  for (const key of Object.values(world.state.keys)) {
    const expiry = expiryDue(key);
    const candidates: [number | undefined, DueKind, string?][] = [
      [key.keyState === 'PendingDeletion' ? key.deletionDate : undefined, 'delete'],
      [rotationDue(key), 'rotate'],
      [expiry?.dueAt, 'expire', expiry?.keyMaterialId],
    ];
    for (const [dueAt, kind, keyMaterialId] of candidates) {
      if (dueAt === undefined || dueAt > untilMs) continue;
      if (!best || dueAt < best.dueAt || (dueAt === best.dueAt && key.seq < best.key.seq)) best = { key, dueAt, kind, keyMaterialId };
    }
  }
  return best;
}

/** Applies every effect due at or before `untilMs`; returns what happened, in order. */
export async function processDueEffects(world: WorldContext, untilMs: number): Promise<TimeEffect[]> {
  const done: TimeEffect[] = [];
  for (let due = nextDue(world, untilMs); due; due = nextDue(world, untilMs)) {
    const { key, dueAt } = due;
    if (due.kind === 'delete') {
      const deletedAliases = deleteKey(world, key, dueAt);
      world.state.auditLog.push(serviceEvent(world, 'DeleteKey', key, dueAt, { deletedAliases }));
      done.push({ effect: 'delete-key', keyArn: key.arn, dueAt, deletedAliases });
    } else if (due.kind === 'expire') {
      const keyMaterialId = due.keyMaterialId as string;
      dropImportedMaterial(key, keyMaterialId);
      world.state.auditLog.push(serviceEvent(world, 'DeleteExpiredKeyMaterial', key, dueAt, { keyMaterialId }));
      done.push({ effect: 'expire-key-material', keyArn: key.arn, dueAt, keyMaterialId });
    } else {
      const rotation = await rotateKeyMaterial(world, key, dueAt, 'AUTOMATIC');
      key.rotation.nextRotationDate = dueAt + (key.rotation.periodInDays ?? 365) * MS_PER_DAY;
      world.state.auditLog.push(
        serviceEvent(world, 'RotateKey', key, dueAt, { rotationType: 'AUTOMATIC', keyMaterialId: key.currentKeyMaterialId }),
      );
      done.push({ effect: 'rotate-key', keyArn: key.arn, dueAt, rotation });
    }
  }
  return done;
}

/** A CloudTrail service event (KMS acting on its own, not a caller's API call). */
export function serviceEvent(world: WorldContext, eventName: string, key: KeyRecord, atMs: number, additionalEventData: Record<string, unknown>): AuditEvent {
  return {
    eventVersion: '1.08',
    userIdentity: { type: 'AWSService', accountId: key.accountId, invokedBy: 'kms.amazonaws.com' },
    eventTime: cloudTrailTime(atMs),
    eventSource: 'kms.amazonaws.com',
    eventName,
    awsRegion: key.region,
    sourceIPAddress: 'kms.amazonaws.com',
    userAgent: 'kms.amazonaws.com',
    requestParameters: null,
    responseElements: null,
    additionalEventData: { keyId: key.arn, ...additionalEventData },
    requestID: world.ids.uuid(),
    eventID: world.ids.uuid(),
    readOnly: false,
    resources: [{ accountId: key.accountId, type: 'AWS::KMS::Key', ARN: key.arn }],
    eventType: 'AwsServiceEvent',
    managementEvent: true,
    recipientAccountId: key.accountId,
    eventCategory: 'Management',
  };
}
