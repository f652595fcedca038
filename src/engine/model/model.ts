// The one model of the AWS KMS API (kms-model.generated.ts, from the pinned @aws-sdk/client-kms and
// botocore's constraints; `npm run gen:model`). From it come the engine's request and response types
// (kms-types.generated.ts), the wire endpoint's shapes (src/node/kms-server/model.ts), the
// ValidationException checks below and the hover help (kms-docs.generated.ts).

import type { ApiMember, ApiStructure } from './model-types';
export type { ApiMember, ApiModel, ApiStructure, MemberType } from './model-types';
import { KMS_API_MODEL } from './kms-model.generated';
export { KMS_API_MODEL };

/** The request structure of an operation. */
function inputOf(operation: string): ApiStructure | undefined {
  const op = KMS_API_MODEL.operations[operation];
  return op ? KMS_API_MODEL.structures[op.input] : undefined;
}

// ---- validation, worded as AWS words it ----
//
//   1 validation error detected: Value '0' at 'numberOfBytes' failed to satisfy constraint: Member must have value greater than or equal to 1
//   2 validation errors detected: Value null at 'keyId' failed to satisfy constraint: Member must not be null; Value 'x' at …
//
// Paths are the member names with a lower-case first letter; list items are `name.N.member` (from 1);
// nested structures `outer.inner`. Blobs and sensitive members are reported without their value
// ("Value at 'plaintext' …"). A member breaking several constraints is reported once per constraint.
// Enum values are listed in the model's order.

const patternCache = new Map<string, RegExp>();
function compiled(pattern: string): RegExp {
  let re = patternCache.get(pattern);
  if (!re) {
    // Java's matches() is anchored at both ends; the model's patterns are Java regexes that JavaScript
    // reads the same way once \p classes use the u flag.
    re = new RegExp(`^(?:${pattern})$`, 'u');
    patternCache.set(pattern, re);
  }
  return re;
}

const lowerFirst = (s: string) => s.charAt(0).toLowerCase() + s.slice(1);

function shown(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map((v) => (v !== null && typeof v === 'object' ? '{…}' : String(v))).join(', ')}]`;
  if (value !== null && typeof value === 'object') return `{${Object.entries(value).map(([k, v]) => `${k}=${String(v)}`).join(', ')}}`;
  return String(value);
}

function checkMember(m: ApiMember, value: unknown, path: string, out: string[]): void {
  const say = (constraint: string, hide = m.sensitive || m.type === 'blob') =>
    out.push(`${hide ? 'Value' : `Value '${shown(value)}'`} at '${path}' failed to satisfy constraint: Member must ${constraint}`);
  if (value === undefined || value === null) {
    if (m.required) out.push(`Value null at '${path}' failed to satisfy constraint: Member must not be null`);
    return;
  }
  switch (m.type) {
    case 'string':
    case 'blob': {
      if (typeof value !== 'string' && !(value instanceof Uint8Array)) return;
      const n = value.length;
      if (m.min !== undefined && n < m.min) say(`have length greater than or equal to ${m.min}`);
      if (m.max !== undefined && n > m.max) say(`have length less than or equal to ${m.max}`);
      if (typeof value === 'string') {
        if (m.pattern !== undefined && !compiled(m.pattern).test(value)) say(`satisfy regular expression pattern: ${m.pattern}`);
        if (m.enum) {
          const allowed = KMS_API_MODEL.enums[m.enum];
          if (!allowed.includes(value)) say(`satisfy enum value set: [${allowed.join(', ')}]`);
        }
      }
      return;
    }
    case 'integer':
    case 'long':
    case 'double':
      if (typeof value !== 'number') return;
      if (m.min !== undefined && value < m.min) say(`have value greater than or equal to ${m.min}`);
      if (m.max !== undefined && value > m.max) say(`have value less than or equal to ${m.max}`);
      return;
    case 'list': {
      if (!Array.isArray(value)) return;
      if (m.min !== undefined && value.length < m.min) say(`have length greater than or equal to ${m.min}`);
      if (m.max !== undefined && value.length > m.max) say(`have length less than or equal to ${m.max}`);
      value.forEach((item, i) => checkMember(m.member!, item, `${path}.${i + 1}.member`, out));
      return;
    }
    case 'map': {
      if (value === null || typeof value !== 'object') return;
      const entries = Object.entries(value);
      if (m.min !== undefined && entries.length < m.min) say(`have length greater than or equal to ${m.min}`);
      if (m.max !== undefined && entries.length > m.max) say(`have length less than or equal to ${m.max}`);
      for (const [k, v] of entries) {
        checkMember(m.key!, k, `${path}.${k}.key`, out);
        checkMember(m.value!, v, `${path}.${k}.value`, out);
      }
      return;
    }
    case 'structure':
      if (typeof value === 'object' && !(value instanceof Uint8Array) && !(value instanceof Date))
        checkStructure(KMS_API_MODEL.structures[m.shape!], value as Record<string, unknown>, `${path}.`, out);
      return;
    default:
      return;
  }
}

function checkStructure(s: ApiStructure, value: Record<string, unknown>, prefix: string, out: string[]): void {
  for (const [member, m] of Object.entries(s.members)) checkMember(m, Object.hasOwn(value, member) ? value[member] : undefined, `${prefix}${lowerFirst(member)}`, out);
}

/** Every constraint of the operation's request structure the request breaks, in member order. */
export function requestViolations(operation: string, request: Record<string, unknown>): string[] {
  const s = inputOf(operation);
  const out: string[] = [];
  if (s) checkStructure(s, request, '', out);
  return out;
}

/** The request with only the members the model knows (AWS ignores the others). */
export function knownMembers(operation: string, request: Record<string, unknown>): Record<string, unknown> {
  const s = inputOf(operation);
  if (!s) return request;
  const out: Record<string, unknown> = {};
  for (const member of Object.keys(s.members)) if (Object.hasOwn(request, member) && request[member] !== undefined) out[member] = request[member];
  return out;
}
