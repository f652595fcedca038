// The wire side of the AWS JSON 1.1 protocol for KMS, driven by the API model (model.generated.ts,
// from botocore's service-2.json, all 54 operations): JSON types are checked against the model
// (a wrong type is AWS's SerializationException), blobs travel as base64 and timestamps as epoch
// seconds. Requests become the engine's shapes (Uint8Array, Date); responses go back the other way.
import { KMS_MODEL } from './model.generated';

export type ScalarType = 'string' | 'integer' | 'long' | 'boolean' | 'blob' | 'timestamp' | 'double' | 'float';
/** A named shape: a structure (member → type or shape name), a list or a map (value type or shape name). */
export type ShapeDef = { structure: Record<string, string> } | { list: string } | { map: string };
export interface ServiceModel {
  targetPrefix: string;
  operations: Record<string, { input?: string; output?: string }>;
  shapes: Record<string, ShapeDef>;
  /** Exception name → HTTP status (400 for client errors; 500/503 for the model's faults). */
  errors: Record<string, number>;
}

export { KMS_MODEL };

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

const SCALARS = new Set<string>(['string', 'integer', 'long', 'boolean', 'blob', 'timestamp', 'double', 'float']);

export function isOperation(name: string): boolean {
  return Object.hasOwn(KMS_MODEL.operations, name);
}

/** HTTP status for an exception name (AWS's faults are 5xx; everything else 400). */
export function statusOf(errorName: string): number {
  return KMS_MODEL.errors[errorName] ?? 400;
}

/** Every blob and timestamp member an operation's request or response can carry, as dotted paths (`[]` for list items, `{}` for map values). */
export function binaryAndTimeMembers(operation: string, direction: 'input' | 'output'): { blobs: string[]; timestamps: string[] } {
  const blobs: string[] = [];
  const timestamps: string[] = [];
  const walk = (type: string, path: string, seen: Set<string>) => {
    if (type === 'blob') blobs.push(path);
    else if (type === 'timestamp') timestamps.push(path);
    if (SCALARS.has(type) || seen.has(type)) return;
    const def = KMS_MODEL.shapes[type];
    const next = new Set(seen).add(type);
    if ('structure' in def) for (const [m, t] of Object.entries(def.structure)) walk(t, path ? `${path}.${m}` : m, next);
    else if ('list' in def) walk(def.list, `${path}[]`, next);
    else walk(def.map, `${path}{}`, next);
  };
  const shape = KMS_MODEL.operations[operation]?.[direction];
  if (shape) walk(shape, '', new Set());
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

function decodeValue(v: unknown, type: string): unknown {
  switch (type) {
    case 'string':
      if (typeof v !== 'string') throw mismatch(v, 'a String');
      return v;
    case 'boolean':
      if (typeof v !== 'boolean') throw mismatch(v, 'a Boolean');
      return v;
    case 'integer':
    case 'long':
      if (typeof v !== 'number' || !Number.isFinite(v)) throw mismatch(v, type === 'integer' ? 'an Integer' : 'a Long');
      // Coral reads JSON numbers as TruncatingBigNumber: 3.7 is 3.
      return Math.trunc(v);
    case 'double':
    case 'float':
      if (typeof v !== 'number') throw mismatch(v, 'a Double');
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
  }
  const def = KMS_MODEL.shapes[type];
  if ('structure' in def) {
    if (v === null || typeof v !== 'object' || Array.isArray(v)) throw mismatch(v, 'a Structure');
    const out: Record<string, unknown> = {};
    for (const [member, value] of Object.entries(v as Record<string, unknown>)) {
      // Members the model does not have are ignored, and null is absent, as AWS does. Own
      // properties only: `constructor` or `__proto__` in a body are names like any other.
      if (!Object.hasOwn(def.structure, member) || value === null) continue;
      out[member] = decodeValue(value, def.structure[member]);
    }
    return out;
  }
  if ('list' in def) {
    if (!Array.isArray(v)) throw mismatch(v, 'a List');
    return v.filter((x) => x !== null).map((x) => decodeValue(x, def.list));
  }
  if (v === null || typeof v !== 'object' || Array.isArray(v)) throw mismatch(v, 'a Map');
  // A map's keys are data (an EncryptionContext may well have a pair named `__proto__`): each is
  // defined as an own property, never assigned (assigning `__proto__` would drop the pair).
  const out: Record<string, unknown> = {};
  for (const [k, value] of Object.entries(v as Record<string, unknown>))
    if (value !== null) Object.defineProperty(out, k, { value: decodeValue(value, def.map), enumerable: true, writable: true, configurable: true });
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
  return decodeValue(json, shape) as Record<string, unknown>;
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
