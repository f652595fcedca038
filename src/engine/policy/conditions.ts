// Condition operators with AWS's semantics (IAM user guide: reference_policies_elements_condition_operators,
// reference_policies_condition-single-vs-multi-valued-context-keys, reference_policies_variables).
//
//  - Several operators in a statement, and several keys under one operator: AND.
//  - Several values for one key: OR. For negated operators (StringNotEquals…): NOR — the request
//    value must match none of them.
//  - A key missing from the request: positive operators are false, negated operators true;
//    ...IfExists makes a missing key true; Null tests presence.
//  - ForAnyValue: some request value matches (false when the key is missing or empty).
//    ForAllValues: every request value matches (true when the key is missing or empty).
//  - Variables in String*/Arn* values are substituted (never re-read as wildcards); a variable
//    without a value makes that policy value match nothing (so positive false, negated true).

import { compileArn, compileGlob, lookupContext, matchCompiledArn, matchGlob, parseTemplate, substitute, type CompiledArn, type CompiledGlob, type Piece, type Resolver } from './match';
import type { ConditionEntry, ConditionResult, ConditionValueComparison, ContextMap } from './types';

type Family = 'string' | 'stringIC' | 'like' | 'numeric' | 'date' | 'bool' | 'binary' | 'ip' | 'arn' | 'null' | 'unknown';
type Rel = 'eq' | 'lt' | 'lte' | 'gt' | 'gte';

interface OpInfo {
  family: Family;
  negated: boolean;
  rel: Rel;
  /** Plain-words verb for the positive comparison: "equals", "is before"… */
  verb: string;
}

const OPS: Record<string, OpInfo> = {
  StringEquals: { family: 'string', negated: false, rel: 'eq', verb: 'equals' },
  StringNotEquals: { family: 'string', negated: true, rel: 'eq', verb: 'equals' },
  StringEqualsIgnoreCase: { family: 'stringIC', negated: false, rel: 'eq', verb: 'equals (ignoring case)' },
  StringNotEqualsIgnoreCase: { family: 'stringIC', negated: true, rel: 'eq', verb: 'equals (ignoring case)' },
  StringLike: { family: 'like', negated: false, rel: 'eq', verb: 'matches' },
  StringNotLike: { family: 'like', negated: true, rel: 'eq', verb: 'matches' },
  NumericEquals: { family: 'numeric', negated: false, rel: 'eq', verb: 'equals' },
  NumericNotEquals: { family: 'numeric', negated: true, rel: 'eq', verb: 'equals' },
  NumericLessThan: { family: 'numeric', negated: false, rel: 'lt', verb: 'is less than' },
  NumericLessThanEquals: { family: 'numeric', negated: false, rel: 'lte', verb: 'is less than or equal to' },
  NumericGreaterThan: { family: 'numeric', negated: false, rel: 'gt', verb: 'is greater than' },
  NumericGreaterThanEquals: { family: 'numeric', negated: false, rel: 'gte', verb: 'is greater than or equal to' },
  DateEquals: { family: 'date', negated: false, rel: 'eq', verb: 'is the same time as' },
  DateNotEquals: { family: 'date', negated: true, rel: 'eq', verb: 'is the same time as' },
  DateLessThan: { family: 'date', negated: false, rel: 'lt', verb: 'is before' },
  DateLessThanEquals: { family: 'date', negated: false, rel: 'lte', verb: 'is at or before' },
  DateGreaterThan: { family: 'date', negated: false, rel: 'gt', verb: 'is after' },
  DateGreaterThanEquals: { family: 'date', negated: false, rel: 'gte', verb: 'is at or after' },
  Bool: { family: 'bool', negated: false, rel: 'eq', verb: 'is' },
  BinaryEquals: { family: 'binary', negated: false, rel: 'eq', verb: 'equals' },
  IpAddress: { family: 'ip', negated: false, rel: 'eq', verb: 'is in' },
  NotIpAddress: { family: 'ip', negated: true, rel: 'eq', verb: 'is in' },
  ArnEquals: { family: 'arn', negated: false, rel: 'eq', verb: 'matches' },
  ArnLike: { family: 'arn', negated: false, rel: 'eq', verb: 'matches' },
  ArnNotEquals: { family: 'arn', negated: true, rel: 'eq', verb: 'matches' },
  ArnNotLike: { family: 'arn', negated: true, rel: 'eq', verb: 'matches' },
  Null: { family: 'null', negated: false, rel: 'eq', verb: 'is' },
};

/** Families whose values may hold policy variables. Bool is excluded: the variables page lists
 * string and ARN operators only (the operators page disagrees; we follow the variables page). */
export function familyTakesVariables(base: string): boolean {
  const f = OPS[base]?.family;
  return f === 'string' || f === 'stringIC' || f === 'like' || f === 'arn';
}

// ---------------------------------------------------------------------------------------------
// Value parsing

const NUM_RE = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
export function parseNumber(s: string): number | null {
  const t = s.trim();
  return NUM_RE.test(t) ? Number(t) : null;
}

const ISO_RE = /^(\d{4})(?:-(\d{2})(?:-(\d{2})(?:[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d+))?)?([Zz]|[+-]\d{2}(?::?\d{2})?)?)?)?)?$/;
/** ISO-8601 (W3C profile; no zone means UTC) or epoch seconds. Returns milliseconds since the epoch. */
export function parseDate(s: string): number | null {
  if (s === lastDateText) return lastDateValue;
  const v = parseDateUncached(s);
  lastDateText = s;
  lastDateValue = v;
  return v;
}
let lastDateText: string | undefined;
let lastDateValue: number | null = null;
function parseDateUncached(s: string): number | null {
  const t = s.trim();
  if (/^\d+(\.\d+)?$/.test(t)) return Number(t) * 1000;
  const m = ISO_RE.exec(t);
  if (!m) return null;
  const [, y, mo = '01', d = '01', h = '00', mi = '00', se = '00', frac = '', zone] = m;
  const month = Number(mo);
  const day = Number(d);
  if (month < 1 || month > 12 || day < 1 || day > 31 || Number(h) > 24 || Number(mi) > 59 || Number(se) > 60) return null;
  let ms = Date.UTC(Number(y), month - 1, day, Number(h), Number(mi), Number(se), frac ? Math.floor(Number(`0.${frac}`) * 1000) : 0);
  if (zone && zone !== 'Z' && zone !== 'z') {
    const sign = zone[0] === '-' ? -1 : 1;
    const digits = zone.slice(1).replace(':', '');
    const offMin = Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2) || '0');
    ms -= sign * offMin * 60000;
  }
  return Number.isFinite(ms) ? ms : null;
}

interface Cidr {
  v6: boolean;
  bytes: Uint8Array;
  bits: number;
}

/** Four dot-separated parts of 1–3 ASCII digits, each at most 255 (a character loop: request
 * addresses are parsed on every IpAddress comparison). */
function parseIPv4(s: string): Uint8Array | null {
  const out = new Uint8Array(4);
  let part = 0;
  let digits = 0;
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 46 /* . */) {
      if (digits === 0 || n > 255 || part === 3) return null;
      out[part++] = n;
      digits = 0;
      n = 0;
    } else if (c >= 48 && c <= 57 && digits < 3) {
      n = n * 10 + (c - 48);
      digits++;
    } else return null;
  }
  if (part !== 3 || digits === 0 || n > 255) return null;
  out[3] = n;
  return out;
}

function parseGroups(g: string): number[] | null {
  if (g === '') return [];
  const out: number[] = [];
  for (const h of g.split(':')) {
    if (!/^[0-9a-fA-F]{1,4}$/.test(h)) return null;
    out.push(parseInt(h, 16));
  }
  return out;
}

function parseIPv6(s: string): Uint8Array | null {
  let str = s;
  let tail: Uint8Array | null = null;
  // An embedded IPv4 tail (::ffff:192.0.2.1).
  const lastColon = str.lastIndexOf(':');
  if (str.indexOf('.', lastColon) > 0) {
    tail = parseIPv4(str.slice(lastColon + 1));
    if (!tail) return null;
    str = str.slice(0, lastColon + 1) + '0:0';
  }
  const dbl = str.indexOf('::');
  if (dbl !== str.lastIndexOf('::')) return null;
  let groups: number[] | null;
  if (dbl >= 0) {
    const a = parseGroups(str.slice(0, dbl));
    const b = parseGroups(str.slice(dbl + 2));
    if (!a || !b || a.length + b.length > 7) return null;
    groups = [...a, ...new Array<number>(8 - a.length - b.length).fill(0), ...b];
  } else {
    groups = parseGroups(str);
    if (!groups || groups.length !== 8) return null;
  }
  const out = new Uint8Array(16);
  for (let i = 0; i < 8; i++) {
    out[i * 2] = groups[i] >> 8;
    out[i * 2 + 1] = groups[i] & 255;
  }
  if (tail) out.set(tail, 12);
  return out;
}

/** An IP address or CIDR block, IPv4 or IPv6. A bare address is a /32 (or /128). */
export function parseCidr(s: string): Cidr | null {
  const t = s.trim();
  const slash = t.indexOf('/');
  const addr = slash >= 0 ? t.slice(0, slash) : t;
  const v6 = addr.includes(':');
  const bytes = v6 ? parseIPv6(addr) : parseIPv4(addr);
  if (!bytes) return null;
  const max = v6 ? 128 : 32;
  let bits = max;
  if (slash >= 0) {
    const b = t.slice(slash + 1);
    if (!/^\d{1,3}$/.test(b) || Number(b) > max) return null;
    bits = Number(b);
  }
  return { v6, bytes, bits };
}

function cidrContains(c: Cidr, ip: Cidr): boolean {
  if (c.v6 !== ip.v6) return false; // IPv4 and IPv6 never match each other
  let bits = c.bits;
  for (let i = 0; i < c.bytes.length && bits > 0; i++, bits -= 8) {
    const mask = bits >= 8 ? 0xff : (0xff << (8 - bits)) & 0xff;
    if ((c.bytes[i] & mask) !== (ip.bytes[i] & mask)) return false;
  }
  return true;
}

// ---------------------------------------------------------------------------------------------
// Compilation

interface CompiledValue {
  raw: string;
  pieces: Piece[];
  hasVars: boolean;
  num?: number | null;
  date?: number | null;
  cidr?: Cidr | null;
  glob?: CompiledGlob;
  arn?: CompiledArn;
  /** Null: the value asks for the key to be absent ("true"). */
  wantsAbsent?: boolean;
}

export interface CompiledCondition {
  entry: ConditionEntry;
  info: OpInfo | undefined;
  // What the decision path reads, flattened here so that evaluating a condition touches this one
  // object (and the request) rather than a chain of entry → op → values → value.
  key: string;
  set: 'ForAnyValue' | 'ForAllValues' | null;
  ifExists: boolean;
  family: Family;
  negated: boolean;
  /** The only policy value, when there is exactly one and it needs no substitution; else null. */
  single: string | null;
  values: CompiledValue[];
  /** Some value needs substitution at evaluation time. */
  hasVars: boolean;
  /** Why the condition cannot be evaluated (unknown operator, malformed policy value). */
  error?: string;
  /** The statement-level wording of `error`: "StringFoo on aws:x: …". */
  errorText?: string;
}

export function compileCondition(entry: ConditionEntry, variables: boolean): CompiledCondition {
  const info = entry.op.known ? OPS[entry.op.base] : undefined;
  const cc: CompiledCondition = {
    entry,
    info,
    key: entry.key,
    set: entry.op.set,
    ifExists: entry.op.ifExists,
    family: info?.family ?? 'unknown',
    negated: info?.negated ?? false,
    single: null,
    values: [],
    hasVars: false,
  };
  if (!info) {
    cc.error =
      entry.op.base === 'Null' && entry.op.ifExists
        ? `"${entry.operator}" is not an operator: IfExists cannot be used with Null`
        : `"${entry.operator}" is not a condition operator AWS knows`;
    cc.errorText = `${entry.operator} on ${entry.key}: ${cc.error}`;
    return cc;
  }
  const vars = variables && familyTakesVariables(entry.op.base);
  const bad: string[] = [];
  for (const v of entry.values) {
    const pieces = parseTemplate(v.value, vars);
    // Anything but plain text (variables, ${*} ${?} ${$}) needs substitution at evaluation time.
    const hasVars = pieces.length !== 1 || pieces[0].t !== 'text';
    const cv: CompiledValue = { raw: v.value, pieces, hasVars };
    switch (info.family) {
      case 'numeric':
        cv.num = parseNumber(v.value);
        if (cv.num === null) bad.push(`"${v.value}" is not a number`);
        break;
      case 'date':
        cv.date = parseDate(v.value);
        if (cv.date === null) bad.push(`"${v.value}" is not a date (ISO 8601 or epoch seconds)`);
        break;
      case 'ip':
        cv.cidr = parseCidr(v.value);
        if (cv.cidr === null) bad.push(`"${v.value}" is not an IP address or CIDR block`);
        break;
      case 'like':
        cv.glob = compileGlob(v.value, false, vars);
        break;
      case 'arn':
        cv.arn = compileArn(v.value, vars);
        break;
      case 'null': {
        const l = v.value.toLowerCase();
        if (l !== 'true' && l !== 'false') bad.push(`Null takes "true" or "false", not "${v.value}"`);
        cv.wantsAbsent = l === 'true';
        break;
      }
    }
    if (hasVars) cc.hasVars = true;
    cc.values.push(cv);
  }
  if (bad.length) cc.error = `malformed value${bad.length > 1 ? 's' : ''}: ${bad.join('; ')}`;
  if (entry.values.length === 0) cc.error = 'the condition key has no values';
  if (cc.error) cc.errorText = `${entry.operator} on ${entry.key}: ${cc.error}`;
  if (cc.values.length === 1 && !cc.hasVars) cc.single = cc.values[0].raw;
  return cc;
}

// ---------------------------------------------------------------------------------------------
// Evaluation

function q(s: string): string {
  return `"${s}"`;
}
function list(vals: string[]): string {
  return vals.length === 1 ? q(vals[0]) : `[${vals.map(q).join(', ')}]`;
}

/** A policy value for the explanation, with its variables' resolved value. */
function shown(cc: CompiledCondition, resolved: (string | null)[], i: number): string {
  const v = cc.values[i];
  if (!v.hasVars) return q(v.raw);
  return resolved[i] === null ? `${q(v.raw)} (a variable has no value, so it matches nothing)` : `${q(v.raw)} (= ${q(resolved[i] as string)})`;
}

/** Compares one (resolved) policy value with one request value, positively. */
function compare(cc: CompiledCondition, cv: CompiledValue, resolved: string, req: string, resolve: Resolver): boolean {
  const info = cc.info as OpInfo;
  switch (info.family) {
    case 'string':
      return resolved === req;
    case 'stringIC':
      return resolved.toLowerCase() === req.toLowerCase();
    case 'like':
      return matchGlob(cv.glob as CompiledGlob, req, resolve) === true;
    case 'arn':
      return matchCompiledArn(cv.arn as CompiledArn, req, resolve) === true;
    case 'bool':
      return resolved.toLowerCase() === req.toLowerCase();
    case 'binary':
      return resolved === req;
    case 'numeric': {
      const r = parseNumber(req);
      const p = cv.num;
      if (r === null || p === null || p === undefined) return false;
      return rel(info.rel, r, p);
    }
    case 'date': {
      const r = parseDate(req);
      const p = cv.date;
      if (r === null || p === null || p === undefined) return false;
      return rel(info.rel, r, p);
    }
    case 'ip': {
      const r = parseCidr(req);
      return !!r && !!cv.cidr && cidrContains(cv.cidr, r);
    }
    default:
      return false;
  }
}

function rel(r: Rel, a: number, b: number): boolean {
  switch (r) {
    case 'eq':
      return a === b;
    case 'lt':
      return a < b;
    case 'lte':
      return a <= b;
    case 'gt':
      return a > b;
    case 'gte':
      return a >= b;
  }
}

/**
 * Evaluates one condition key under one operator. `resolve` resolves policy variables and records
 * them. Never throws; an unevaluable condition has `error` set and result false (the statement
 * evaluator decides what that means for the statement).
 */
export function evaluateCondition(cc: CompiledCondition, ctx: ContextMap, resolve: Resolver, variablesUsed: Record<string, string | null>): ConditionResult {
  // variablesUsed is filled in by `resolve` as variables are substituted.
  const entry = cc.entry;
  const op = entry.operator;
  const raw = lookupContext(ctx, entry.key);
  const reqVals: string[] | undefined = raw === undefined ? undefined : typeof raw === 'string' ? [raw] : raw;
  const set = entry.op.set;
  // An empty list is an empty set for ForAnyValue/ForAllValues; for a plain operator it is treated as absent.
  const missing = reqVals === undefined || (set === null && reqVals.length === 0);
  const result: ConditionResult = { entry, result: false, missing: reqVals === undefined, explanation: '', comparisons: [], variables: variablesUsed };

  if (cc.error || !cc.info) {
    result.error = cc.error ?? `"${op}" cannot be evaluated`;
    result.explanation = `${entry.key} under ${op} could not be evaluated: ${result.error}.`;
    return result;
  }
  const info = cc.info;

  if (info.family === 'null') {
    const present = !missing;
    let r = false;
    for (const v of cc.values) {
      const wantsAbsent = v.raw.toLowerCase() === 'true';
      const m = wantsAbsent ? !present : present;
      result.comparisons.push({ policyValue: v.raw, resolvedValue: v.raw, requestValues: reqVals ?? [], matched: m });
      if (m) r = true;
    }
    result.result = r;
    result.explanation = present
      ? `${entry.key} is present in the request (${list(reqVals as string[])}), so Null ${list(cc.values.map((v) => v.raw))} is ${r}.`
      : `${entry.key} is not in the request, so Null ${list(cc.values.map((v) => v.raw))} is ${r}.`;
    return result;
  }

  // Resolve variables in the policy values (null: no value).
  const resolved: (string | null)[] = [];
  for (const v of cc.values) resolved.push(v.hasVars ? substitute(v.pieces, resolve) : v.raw);
  const policyShown = cc.values.length === 1 ? shown(cc, resolved, 0) : `any of [${cc.values.map((_, i) => shown(cc, resolved, i)).join(', ')}]`;

  if (missing) {
    let r: boolean;
    let why: string;
    if (entry.op.ifExists) {
      r = true;
      why = `…IfExists treats a missing key as a match`;
    } else if (set === 'ForAllValues') {
      r = true;
      why = 'ForAllValues is true when there are no values to check';
    } else if (set === 'ForAnyValue') {
      r = false;
      why = 'ForAnyValue is false when there are no values';
    } else if (info.negated) {
      r = true;
      why = 'a negated operator is true when the key is missing';
    } else {
      r = false;
      why = 'a positive operator is false when the key is missing';
    }
    result.result = r;
    for (let i = 0; i < cc.values.length; i++) {
      result.comparisons.push({ policyValue: cc.values[i].raw, resolvedValue: resolved[i], requestValues: [], matched: false });
    }
    result.explanation = `${entry.key} is not in the request, so ${op} is ${r} (${why}).`;
    return result;
  }

  const reqs = reqVals as string[];
  // For each request value: does it match some policy value (positive comparison)?
  const reqMatches: boolean[] = new Array(reqs.length).fill(false);
  for (let i = 0; i < cc.values.length; i++) {
    const res = resolved[i];
    let m = false;
    if (res !== null) {
      for (let j = 0; j < reqs.length; j++) {
        if (compare(cc, cc.values[i], res, reqs[j], resolve)) {
          m = true;
          reqMatches[j] = true;
        }
      }
    }
    const cmp: ConditionValueComparison = { policyValue: cc.values[i].raw, resolvedValue: res, requestValues: reqs, matched: m };
    result.comparisons.push(cmp);
  }
  const anyMatch = reqMatches.some(Boolean);
  const allMatch = reqMatches.every(Boolean);
  const reqShown = list(reqs);
  let r: boolean;
  let phrase: string;
  if (set === null) {
    // A plain operator. With several request values (a multivalued key without ForAnyValue/
    // ForAllValues) the values are compared one by one and any match counts, as for ForAnyValue.
    r = info.negated ? !anyMatch : anyMatch;
    phrase = anyMatch
      ? `which ${info.verb} ${policyShown}`
      : `which ${info.negated ? `${info.verb} none of` : `does not match`} ${cc.values.length === 1 ? shown(cc, resolved, 0) : `[${cc.values.map((_, i) => shown(cc, resolved, i)).join(', ')}]`}`;
    if (reqs.length > 1) phrase += ' (several request values and no ForAnyValue/ForAllValues: any value counts)';
  } else if (set === 'ForAnyValue') {
    r = info.negated ? reqMatches.some((m) => !m) : anyMatch;
    phrase = info.negated
      ? r
        ? `at least one value ${info.verb} none of the policy values`
        : `every value ${info.verb} one of the policy values`
      : r
        ? `at least one value ${info.verb} ${policyShown}`
        : `no value ${info.verb} ${policyShown}`;
    if (reqs.length === 0) phrase = 'the set is empty';
  } else {
    r = info.negated ? !anyMatch : allMatch;
    phrase = info.negated
      ? r
        ? `no value ${info.verb} any policy value`
        : `some value ${info.verb} ${policyShown}`
      : r
        ? `every value ${info.verb} ${policyShown}`
        : `not every value ${info.verb} ${policyShown}`;
    if (reqs.length === 0) phrase = 'the set is empty (nothing to check)';
  }
  result.result = r;
  result.explanation = `${entry.key} is ${reqShown}, ${phrase}, so ${op} is ${r}.`;
  return result;
}

// ---------------------------------------------------------------------------------------------
// The outcome alone (the decision path)

/** conditionOutcome flags. */
export const COND_TRUE = 1;
/** The key has no value in the request (ConditionResult.missing). */
export const COND_MISSING = 2;
/** The condition cannot be evaluated (ConditionResult.error; its text is CompiledCondition.error). */
export const COND_ERROR = 4;

/**
 * What evaluateCondition decides — result, missing and error — without building its explanation.
 * Variables are resolved through `resolve` in the same order as evaluateCondition does, so the
 * keys it reports missing are the same. Allocation-free unless a policy value holds a variable.
 */
export function conditionOutcome(cc: CompiledCondition, ctx: ContextMap, resolve: Resolver): number {
  const raw = lookupContext(ctx, cc.key);
  const missingFlag = raw === undefined ? COND_MISSING : 0;
  if (cc.error || !cc.info) return COND_ERROR | missingFlag;
  const set = cc.set;
  const n = raw === undefined ? 0 : typeof raw === 'string' ? 1 : raw.length;
  const missing = raw === undefined || (set === null && n === 0);
  const family = cc.family;

  if (family === 'null') {
    const values = cc.values;
    for (let i = 0; i < values.length; i++) if (values[i].wantsAbsent ? missing : !missing) return COND_TRUE | missingFlag;
    return missingFlag;
  }

  // Resolve variables first, every value in order (as evaluateCondition does).
  let resolved: (string | null)[] | null = null;
  if (cc.hasVars) {
    resolved = [];
    for (const v of cc.values) resolved.push(v.hasVars ? substitute(v.pieces, resolve) : v.raw);
  }

  if (missing) {
    const r = cc.ifExists || set === 'ForAllValues' ? true : set === 'ForAnyValue' ? false : cc.negated;
    return (r ? COND_TRUE : 0) | missingFlag;
  }

  // For each request value: does some policy value match it (positively)? Stopping at the first
  // match resolves no new variables: every value compared was fully resolved above.
  let anyMatch = false;
  let anyUnmatched = false;
  const single = cc.single;
  for (let j = 0; j < n; j++) {
    const req = typeof raw === 'string' ? raw : (raw as string[])[j];
    const m =
      single !== null && family === 'string'
        ? single === req
        : single !== null && family === 'bool'
          ? single.toLowerCase() === req.toLowerCase()
          : matchesSomeValue(cc, resolved, req, resolve);
    if (m) anyMatch = true;
    else anyUnmatched = true;
  }
  let r: boolean;
  if (set === null) r = cc.negated ? !anyMatch : anyMatch;
  else if (set === 'ForAnyValue') r = cc.negated ? anyUnmatched : anyMatch;
  else r = cc.negated ? !anyMatch : !anyUnmatched;
  return (r ? COND_TRUE : 0) | missingFlag;
}

/** Does some (resolved) policy value match this request value, positively? (compare's rules.) */
function matchesSomeValue(cc: CompiledCondition, resolved: (string | null)[] | null, req: string, resolve: Resolver): boolean {
  const values = cc.values;
  const family = cc.family;
  if (family === 'numeric' || family === 'date' || family === 'ip') {
    // No variables in these families; parse the request value once.
    if (family === 'ip') {
      const r = parseCidr(req);
      if (r) for (let i = 0; i < values.length; i++) if (values[i].cidr && cidrContains(values[i].cidr as Cidr, r)) return true;
      return false;
    }
    const r = family === 'numeric' ? parseNumber(req) : parseDate(req);
    if (r === null) return false;
    const how = (cc.info as OpInfo).rel;
    for (let i = 0; i < values.length; i++) {
      const p = family === 'numeric' ? values[i].num : values[i].date;
      if (p !== null && p !== undefined && rel(how, r, p)) return true;
    }
    return false;
  }
  for (let i = 0; i < values.length; i++) {
    const res = resolved === null ? values[i].raw : resolved[i];
    if (res !== null && compare(cc, values[i], res, req, resolve)) return true;
  }
  return false;
}

// ---------------------------------------------------------------------------------------------
// The decision path's condition records, shared between policies

const SHARED_LIMIT = 50_000;
const sharedConditions = new Map<string, CompiledCondition>();

/** The interned copy of a string (the one property keys use), so lookups share hot strings. */
function internalized(s: string): string {
  return Object.keys({ [s]: 0 })[0] ?? s;
}

/**
 * The record conditionOutcome reads for this condition, shared by every policy that writes the
 * same operator, key and values (under the same variable rules): what a decision reads stays
 * small and hot in the CPU's caches. Its `entry` is the first such policy's (the decision path
 * never reads it; explanations use each policy's own CompiledCondition).
 */
export function sharedCondition(cc: CompiledCondition, variables: boolean): CompiledCondition {
  const e = cc.entry;
  const key = JSON.stringify([variables, e.operator, e.key, e.values.map((v) => v.value)]);
  let shared = sharedConditions.get(key);
  if (shared === undefined) {
    if (sharedConditions.size >= SHARED_LIMIT) sharedConditions.clear();
    shared = { ...cc, key: internalized(cc.key) };
    sharedConditions.set(key, shared);
  }
  return shared;
}
