// What the passing of simulated time does (kms-behaviour.md §5, §6, §16 "lazy evaluation against a
// controllable clock"): when the clock passes a key's DeletionDate the key, its material and its
// aliases are deleted; when it passes NextRotationDate of an enabled key with automatic rotation,
// the key rotates. Effects apply at their own due times and in order, so advancing three years
// rotates a yearly key three times, each with its own RotationDate. Disabled and pending-deletion
// keys do not rotate (EnableKey catches up on an overdue rotation).
import { rotateKeyMaterial } from '../kms/material';
import { MS_PER_DAY } from '../ports';
import type { CryptoStep } from '../trace';
import { cloudTrailTime, type AuditEvent } from './audit';
import type { KeyRecord } from './state';
import type { World } from './world';

export type TimeEffect =
  | { effect: 'delete-key'; keyArn: string; dueAt: number; deletedAliases: string[] }
  | { effect: 'rotate-key'; keyArn: string; dueAt: number; rotation: CryptoStep };

function rotationDue(key: KeyRecord): number | undefined {
  if (key.keyState !== 'Enabled' || key.origin !== 'AWS_KMS' || !key.rotation.enabled) return undefined;
  return key.rotation.nextRotationDate;
}

function nextDue(world: World, untilMs: number): { key: KeyRecord; dueAt: number; kind: 'delete' | 'rotate' } | undefined {
  let best: { key: KeyRecord; dueAt: number; kind: 'delete' | 'rotate' } | undefined;
  for (const key of Object.values(world.state.keys)) {
    const candidates: [number | undefined, 'delete' | 'rotate'][] = [
      [key.keyState === 'PendingDeletion' ? key.deletionDate : undefined, 'delete'],
      [rotationDue(key), 'rotate'],
    ];
    for (const [dueAt, kind] of candidates) {
      if (dueAt === undefined || dueAt > untilMs) continue;
      if (!best || dueAt < best.dueAt || (dueAt === best.dueAt && key.seq < best.key.seq)) best = { key, dueAt, kind };
    }
  }
  return best;
}

/** Applies every effect due at or before `untilMs`; returns what happened, in order. */
export async function processDueEffects(world: World, untilMs: number): Promise<TimeEffect[]> {
  const done: TimeEffect[] = [];
  for (let due = nextDue(world, untilMs); due; due = nextDue(world, untilMs)) {
    const { key, dueAt } = due;
    if (due.kind === 'delete') {
      const deletedAliases = world.aliasesOf(key.arn).map((a) => a.aliasArn);
      for (const a of deletedAliases) delete world.state.aliases[a];
      delete world.state.keys[key.arn];
      world.state.auditLog.push(serviceEvent(world, 'DeleteKey', key, dueAt, { deletedAliases }));
      done.push({ effect: 'delete-key', keyArn: key.arn, dueAt, deletedAliases });
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
export function serviceEvent(world: World, eventName: string, key: KeyRecord, atMs: number, additionalEventData: Record<string, unknown>): AuditEvent {
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
