// Values in lesson data: plain JSON plus references to earlier results and a few tagged forms.
// `resolveValue` turns them into what the engine takes (Uint8Array, Date, strings).
import { durationToMs, type Duration } from '@kms-lab/engine';

/** Results of earlier actions, by step / solution id. */
export type Results = Map<string, unknown>;

/** Thrown when a reference cannot be followed (an unknown step, a missing field). */
class ReferenceError_ extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'LessonReferenceError';
  }
}

// ---- authoring helpers (they produce plain JSON) ----

/** "$id.Path" — the field of an earlier result. */
export const ref = (path: string): string => `$${path}`;
/** UTF-8 bytes of a string. */
export const utf8 = (text: string): { $utf8: string } => ({ $utf8: text });
/** n bytes of a fixed pattern. */
export const bytes = (n: number): { $bytes: number } => ({ $bytes: n });
/** An object as JSON text (a key policy for PutKeyPolicy). */
export const json = (value: object): { $json: object } => ({ $json: value });
/** The simulated clock now, plus a duration. */
export const clockPlus = (d: Duration): { $clock: Duration } => ({ $clock: d });

/** Follows "$id.A.B" through the results (arrays by index, `length` of bytes too). */
export function lookup(path: string, results: Results): unknown {
  const [head, ...rest] = path.replace(/^\$/, '').split('.');
  if (!results.has(head)) throw new ReferenceError_(`No result named "${head}" yet (reference ${path}).`);
  let v: unknown = results.get(head);
  for (const part of rest) {
    if (v === null || v === undefined) throw new ReferenceError_(`${path}: "${part}" of nothing.`);
    v = (v as Record<string, unknown>)[part];
  }
  if (v === undefined) throw new ReferenceError_(`${path} is not in the result.`);
  return v;
}

/** Deterministic filler bytes: 0x00, 0x01, … 0xff, 0x00… */
function patternBytes(n: number): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(n);
  for (let i = 0; i < n; i++) out[i] = i & 0xff;
  return out;
}

export function resolveValue(value: unknown, results: Results, nowMs: number): unknown {
  if (typeof value === 'string') {
    if (value.startsWith('$$')) return value.slice(1);
    if (value.startsWith('$')) return lookup(value, results);
    return value;
  }
  if (Array.isArray(value)) return value.map((v) => resolveValue(v, results, nowMs));
  if (value instanceof Uint8Array || value instanceof Date) return value;
  if (value && typeof value === 'object') {
    const o = value as Record<string, unknown>;
    const keys = Object.keys(o);
    if (keys.length === 1) {
      if ('$utf8' in o) return new TextEncoder().encode(String(o.$utf8));
      if ('$bytes' in o) return patternBytes(Number(o.$bytes));
      if ('$json' in o) return JSON.stringify(resolveValue(o.$json, results, nowMs), null, 2);
      if ('$clock' in o) return new Date(nowMs + durationToMs(o.$clock as Duration));
    }
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(o)) out[k] = resolveValue(v, results, nowMs);
    return out;
  }
  return value;
}

/** Reads a dotted path inside a value ("KeyMetadata.KeyState"); "" is the value itself. */
export function pathIn(value: unknown, path: string): unknown {
  if (!path) return value;
  let v = value;
  for (const part of path.split('.')) {
    if (v === null || v === undefined) return undefined;
    v = (v as Record<string, unknown>)[part];
  }
  return v;
}

/** Equality for expectations: bytes by content, dates by time, objects by JSON. */
export function sameValue(a: unknown, b: unknown): boolean {
  if (a instanceof Uint8Array && b instanceof Uint8Array) return a.length === b.length && a.every((x, i) => x === b[i]);
  if (a instanceof Date && b instanceof Date) return a.getTime() === b.getTime();
  return JSON.stringify(a) === JSON.stringify(b);
}

const hex = (b: Uint8Array, from = 0, n = 8) => Array.from(b.subarray(from, from + n), (x) => x.toString(16).padStart(2, '0')).join(' ');

/** A value as readable text (for reports and the UI's reveal); bytes by length and first bytes. */
export function showValue(v: unknown): string {
  if (v instanceof Uint8Array) return v.length === 0 ? '0 bytes' : `${v.length} bytes (${hex(v)}${v.length > 8 ? ' …' : ''})`;
  if (v instanceof Date) return v.toISOString();
  if (v === undefined) return 'nothing';
  return typeof v === 'string' ? v : JSON.stringify(v);
}

/**
 * Two values as texts that show where they differ: equal texts only for equal values. Bytes of the
 * same length that differ past the first bytes are shown from the first byte that differs.
 */
export function showDifference(a: unknown, b: unknown): [string, string] {
  const sa = showValue(a);
  const sb = showValue(b);
  if (sa !== sb || sameValue(a, b)) return [sa, sb];
  if (a instanceof Uint8Array && b instanceof Uint8Array) {
    const i = a.findIndex((x, k) => x !== b[k]);
    const at = (v: Uint8Array) => `${v.length} bytes, from byte ${i}: ${hex(v, i)}${v.length > i + 8 ? ' …' : ''}`;
    return [at(a), at(b)];
  }
  // Same rendering, different values (a string "1" and a number 1; a Date and its ISO string).
  const typed = (v: unknown) => `${showValue(v)} (${v instanceof Uint8Array ? 'bytes' : v instanceof Date ? 'a date' : typeof v})`;
  return [typed(a), typed(b)];
}
