// CloudTrail-shaped audit events: every KMS call, failed or not, adds one to the world; the passing
// of time adds service events (RotateKey, DeleteKey) as AWS does. Field names follow CloudTrail's
// record format (see the AWS KMS developer guide's "ct-*" examples): request parameters are
// camelCased, plaintext and ciphertext blobs are never logged, errors carry errorCode/errorMessage.

export interface AuditResource {
  accountId: string;
  type: 'AWS::KMS::Key';
  ARN: string;
}

export interface AuditEvent {
  eventVersion: '1.08';
  userIdentity: { type: string; arn?: string; accountId: string; invokedBy?: string };
  /** ISO 8601 UTC, to the second, as CloudTrail writes it (`2026-01-01T00:00:00Z`). */
  eventTime: string;
  eventSource: 'kms.amazonaws.com';
  eventName: string;
  awsRegion: string;
  sourceIPAddress: string;
  userAgent: string;
  requestParameters: Record<string, unknown> | null;
  responseElements: Record<string, unknown> | null;
  additionalEventData?: Record<string, unknown>;
  errorCode?: string;
  errorMessage?: string;
  requestID: string;
  eventID: string;
  readOnly: boolean;
  resources?: AuditResource[];
  eventType: 'AwsApiCall' | 'AwsServiceEvent';
  managementEvent: boolean;
  recipientAccountId: string;
  eventCategory: 'Management';
  /** Lab extension (not CloudTrail): the authorization decisions taken during the call. */
  accessDecisions?: { action: string; decision: string; reason: string }[];
  /** Lab extension: links the event to the call's trace (`CallTrace.callId`). */
  callId?: string;
}

export function cloudTrailTime(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

const lowerFirst = (s: string) => (s ? s[0].toLowerCase() + s.slice(1) : s);

/** Maps whose keys are data (the caller's), not field names: never camelCased. */
const DATA_MAPS = new Set(['EncryptionContext', 'SourceEncryptionContext', 'DestinationEncryptionContext']);
/** Fields CloudTrail never records: plaintext and ciphertext. */
const SECRET_BLOBS = new Set(['Plaintext', 'CiphertextBlob', 'PrivateKeyPlaintext', 'AttestationDocument']);

/** An AWS-shaped object as CloudTrail records it: camelCase fields, no blobs, dates as text. */
export function toCloudTrailShape(value: unknown, field?: string): unknown {
  if (value === undefined) return undefined;
  // A Date that names no instant (a caller's bad ValidTo) is recorded as null, never thrown on:
  // the audit record of a refused call must not fail, or the refusal becomes an internal error.
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : cloudTrailTime(value.getTime());
  if (value instanceof Uint8Array) return undefined;
  if (Array.isArray(value)) return value.map((v) => toCloudTrailShape(v));
  if (value && typeof value === 'object') {
    if (field && DATA_MAPS.has(field)) return { ...(value as Record<string, unknown>) };
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
      if (SECRET_BLOBS.has(k)) continue;
      const shaped = toCloudTrailShape(v, k);
      if (shaped !== undefined) out[k === 'AWSAccountId' ? 'aWSAccountId' : lowerFirst(k)] = shaped;
    }
    return out;
  }
  return value;
}
