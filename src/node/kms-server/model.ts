// The wire side of the AWS JSON 1.1 protocol for KMS, driven by the one API model
// (src/engine/model/kms-model.generated.ts, from the pinned @aws-sdk/client-kms; `npm run gen:model`):
// JSON types are checked against the model (a wrong type is AWS's SerializationException), blobs
// travel as base64 and timestamps as epoch seconds. Requests become the engine's shapes (Uint8Array,
// Date); members the model does not know are ignored, as AWS ignores them, and every member it knows
// is kept. The model's constraints (ValidationException) are checked by the engine, for every caller.
import { KMS_API_MODEL, type ApiMember } from '@kms-lab/engine';

/** The model, as the endpoint reads it. */
export const KMS_MODEL = KMS_API_MODEL;

/** A protocol-level error, answered as `{"__type", "message"}` with `status`. */
export class WireError extends Error {
  constructor(
    readonly type: string,
    message: string,
    readonly status = 400,
  ) {
    super(message);
  }
}

export function isOperation(name: string): boolean {
  return Object.hasOwn(KMS_MODEL.operations, name);
}

/** HTTP status for an exception name (the model's statuses; anything else 400). */
export function statusOf(errorName: string): number {
  return Object.hasOwn(KMS_MODEL.errors, errorName) ? KMS_MODEL.errors[errorName] : 400;
}

/** Every blob and timestamp member an operation's request or response can carry, as dotted paths (`[]` for list items, `{}` for map values). */
export function binaryAndTimeMembers(operation: string, direction: 'input' | 'output'): { blobs: string[]; timestamps: string[] } {
  const blobs: string[] = [];
  const timestamps: string[] = [];
  const walk = (m: ApiMember, path: string, seen: Set<string>) => {
    if (m.type === 'blob') blobs.push(path);
    else if (m.type === 'timestamp') timestamps.push(path);
    else if (m.type === 'list') walk(m.member!, `${path}[]`, seen);
    else if (m.type === 'map') walk(m.value!, `${path}{}`, seen);
    else if (m.type === 'structure' && !seen.has(m.shape!)) walkStructure(m.shape!, path, new Set(seen).add(m.shape!));
  };
  const walkStructure = (name: string, path: string, seen: Set<string>) => {
    for (const [member, m] of Object.entries(KMS_MODEL.structures[name].members)) walk(m, path ? `${path}.${member}` : member, seen);
  };
  const shape = KMS_MODEL.operations[operation]?.[direction];
  if (shape) walkStructure(shape, '', new Set([shape]));
  return { blobs, timestamps };
}

// ---- requests: JSON → engine ----

/** The JSON token names Coral uses in its SerializationException messages. */
function tokenOf(v: unknown): string {
  if (typeof v === 'string') return 'STRING_VALUE';
  if (typeof v === 'number') return 'NUMBER_VALUE';
  if (typeof v === 'boolean') return v ? 'TRUE_VALUE' : 'FALSE_VALUE';
  return 'VALUE';
}

function mismatch(v: unknown, expected: string): WireError {
  if (Array.isArray(v)) return new WireError('SerializationException', 'Start of list found where not expected');
  if (v !== null && typeof v === 'object') return new WireError('SerializationException', 'Start of structure or map found where not expected.');
  return new WireError('SerializationException', `${tokenOf(v)} can not be converted to ${expected}`);
}

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

function decodeValue(v: unknown, m: ApiMember): unknown {
  switch (m.type) {
    case 'string':
      if (typeof v !== 'string') throw mismatch(v, 'a String');
      return v;
    case 'boolean':
      if (typeof v !== 'boolean') throw mismatch(v, 'a Boolean');
      return v;
    case 'integer':
    case 'long':
      if (typeof v !== 'number' || !Number.isFinite(v)) throw mismatch(v, m.type === 'integer' ? 'an Integer' : 'a Long');
      // Coral reads JSON numbers as TruncatingBigNumber: 3.7 is 3.
      return Math.trunc(v);
    case 'double':
      if (typeof v !== 'number') throw mismatch(v, 'a Double');
      return v;
    case 'document':
      return v;
    case 'blob': {
      if (typeof v !== 'string') throw mismatch(v, 'a Blob');
      const s = v.replace(/\s+/g, '');
      if (!BASE64.test(s)) throw new WireError('SerializationException', 'Base64 encoded value is not valid');
      return new Uint8Array(Buffer.from(s, 'base64'));
    }
    case 'timestamp':
    {
      // A number of epoch seconds or an ISO string, and only one that names a real instant:
      // 1e308 seconds is finite, but no Date holds it (JavaScript's range is ±8.64e15 ms).
      const at = typeof v === 'number' ? new Date(Math.round(v * 1000)) : typeof v === 'string' ? new Date(v) : null;
      if (at && !Number.isNaN(at.getTime())) return at;
      throw mismatch(v, 'a Date');
    }
    case 'structure':
      return decodeStructure(v, m.shape!);
    case 'list':
      if (!Array.isArray(v)) throw mismatch(v, 'a List');
      return v.filter((x) => x !== null).map((x) => decodeValue(x, m.member!));
    case 'map': {
      if (v === null || typeof v !== 'object' || Array.isArray(v)) throw mismatch(v, 'a Map');
      // A map's keys are data (an EncryptionContext may well have a pair named `__proto__`): each is
      // defined as an own property, never assigned (assigning `__proto__` would drop the pair).
      const out: Record<string, unknown> = {};
      for (const [k, value] of Object.entries(v as Record<string, unknown>))
        if (value !== null) Object.defineProperty(out, k, { value: decodeValue(value, m.value!), enumerable: true, writable: true, configurable: true });
      return out;
    }
  }
}

function decodeStructure(v: unknown, name: string): Record<string, unknown> {
  if (v === null || typeof v !== 'object' || Array.isArray(v)) throw mismatch(v, 'a Structure');
  const members = KMS_MODEL.structures[name].members;
  const out: Record<string, unknown> = {};
  for (const [member, value] of Object.entries(v as Record<string, unknown>)) {
    // Members the model does not have are ignored, and null is absent, as AWS does. Own
    // properties only: `constructor` or `__proto__` in a body are names like any other.
    if (!Object.hasOwn(members, member) || value === null) continue;
    out[member] = decodeValue(value, members[member]);
  }
  return out;
}

/** Parses and type-checks an operation's JSON body into the engine's request shape. */
export function decodeRequest(operation: string, body: string): Record<string, unknown> {
  let json: unknown;
  const text = body.trim();
  if (text === '') json = {};
  else {
    try {
      json = JSON.parse(text);
    } catch {
      throw new WireError('SerializationException', 'Unexpected token received from parser');
    }
  }
  const shape = KMS_MODEL.operations[operation]?.input;
  if (!shape) return {};
  return decodeStructure(json, shape);
}

// ---- responses: engine → JSON ----

/** Engine values → JSON values: Uint8Array → base64, Date → epoch seconds; undefined members dropped. */
function encodeValue(v: unknown): unknown {
  if (v instanceof Uint8Array) return Buffer.from(v.buffer, v.byteOffset, v.byteLength).toString('base64');
  if (v instanceof Date) return v.getTime() / 1000;
  if (Array.isArray(v)) return v.map(encodeValue);
  if (v !== null && typeof v === 'object') {
    const out: Record<string, unknown> = {};
    // Defined, not assigned: a map key `__proto__` (an EncryptionContext pair) stays a member.
    for (const [k, x] of Object.entries(v)) if (x !== undefined) Object.defineProperty(out, k, { value: encodeValue(x), enumerable: true, writable: true, configurable: true });
    return out;
  }
  return v;
}

/**
 * The response body for an operation. Blobs and timestamps are recognised by their runtime types
 * (the engine uses Uint8Array and Date for exactly the model's blob and timestamp members), so
 * members that the engine adds later travel correctly too. Operations without an output shape
 * answer with an empty body, as KMS does.
 */
export function encodeResponse(operation: string, response: unknown): string {
  if (!KMS_MODEL.operations[operation]?.output) return '';
  return JSON.stringify(encodeValue(response ?? {}));
}
