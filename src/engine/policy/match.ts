// Pattern matching as IAM does it: `*` (any run of characters) and `?` (one character), nothing
// else is special. Patterns are compiled once per distinct string and cached. A hand-written glob
// matcher (greedy with one backtrack point: O(n·m) worst case, never exponential) avoids building
// regular expressions and is safe on adversarial patterns such as "*a*a*a*a*b".
//
// Policy variables (`${aws:username}`) are resolved at evaluation time; substituted text is always
// literal — a user named "Bob*" does not become a pattern (IAM user guide, policy variables).

import type { ContextMap, ContextValue } from './types';

const STAR = -1;
const QMARK = -2;

/** A piece of a pattern: literal text (whose * and ? are wildcards), literal-only text, or a variable. */
export type Piece =
  | { t: 'text'; s: string }
  | { t: 'literal'; s: string } // from ${*} ${?} ${$}: never a wildcard
  | { t: 'var'; key: string; def?: string; raw: string };

/**
 * Splits a string into pieces. With `variables` false (policy Version 2008-10-17 or missing),
 * `${...}` is plain text. Special forms: `${*}` `${?}` `${$}` are the literal characters; a default
 * is written `${aws:PrincipalTag/team, 'company-wide'}`.
 */
export function parseTemplate(raw: string, variables: boolean): Piece[] {
  if (!variables || raw.indexOf('${') < 0) return [{ t: 'text', s: raw }];
  const out: Piece[] = [];
  let i = 0;
  let text = '';
  while (i < raw.length) {
    if (raw.charCodeAt(i) === 36 /* $ */ && raw.charCodeAt(i + 1) === 123 /* { */) {
      const end = raw.indexOf('}', i + 2);
      if (end < 0) break;
      const inner = raw.slice(i + 2, end).trim();
      if (inner === '*' || inner === '?' || inner === '$') {
        if (text) out.push({ t: 'text', s: text });
        text = '';
        out.push({ t: 'literal', s: inner });
      } else if (inner.length > 0) {
        if (text) out.push({ t: 'text', s: text });
        text = '';
        const m = /^([^,]+?)\s*,\s*'([^']*)'$/.exec(inner);
        out.push(m ? { t: 'var', key: m[1].trim(), def: m[2], raw: raw.slice(i, end + 1) } : { t: 'var', key: inner, raw: raw.slice(i, end + 1) });
      } else {
        text += raw.slice(i, end + 1);
      }
      i = end + 1;
      continue;
    }
    text += raw[i];
    i++;
  }
  text += raw.slice(i);
  if (text) out.push({ t: 'text', s: text });
  return out;
}

function hasVariables(pieces: Piece[]): boolean {
  for (const p of pieces) if (p.t === 'var') return true;
  return false;
}

/**
 * Resolves a variable's key to its value, or null when the request has no (single) value.
 * An object rather than a closure: evaluation creates one per policy, and a method call keeps
 * the hot path free of per-call function allocations.
 */
export interface Resolver {
  resolve(key: string): string | null;
}

/** Concatenates the pieces literally (for operators without wildcards). null: a variable had no value. */
export function substitute(pieces: Piece[], resolve: Resolver | undefined): string | null {
  if (pieces.length === 1 && pieces[0].t !== 'var') return pieces[0].s;
  let out = '';
  for (const p of pieces) {
    if (p.t === 'var') {
      const v = resolve ? resolve.resolve(p.key) : null;
      if (v === null) {
        if (p.def === undefined) return null;
        out += p.def;
      } else out += v;
    } else out += p.s;
  }
  return out;
}

function pushCodes(out: number[], s: string, wild: boolean, lower: boolean): void {
  const str = lower ? s.toLowerCase() : s;
  for (let i = 0; i < str.length; i++) {
    const c = str.charCodeAt(i);
    out.push(wild && c === 42 ? STAR : wild && c === 63 ? QMARK : c);
  }
}

/** Glob codes for the pieces. null: a variable had no value. */
function codesOf(pieces: Piece[], lower: boolean, wild: boolean, resolve: Resolver | undefined): number[] | null {
  const out: number[] = [];
  for (const p of pieces) {
    if (p.t === 'text') pushCodes(out, p.s, wild, lower);
    else if (p.t === 'literal') pushCodes(out, p.s, false, lower);
    else {
      const v = resolve ? resolve.resolve(p.key) : null;
      if (v === null) {
        if (p.def === undefined) return null;
        pushCodes(out, p.def, false, lower);
      } else pushCodes(out, v, false, lower);
    }
  }
  return out;
}

/** The glob matcher: does `p` match s[from, to)? */
function glob(p: number[], s: string, from: number, to: number): boolean {
  let pi = 0;
  let si = from;
  let starP = -1;
  let starS = 0;
  const pn = p.length;
  while (si < to) {
    const pc = pi < pn ? p[pi] : 0;
    if (pi < pn && (pc === QMARK || pc === s.charCodeAt(si))) {
      pi++;
      si++;
    } else if (pc === STAR && pi < pn) {
      starP = pi++;
      starS = si;
    } else if (starP >= 0) {
      pi = starP + 1;
      si = ++starS;
    } else return false;
  }
  while (pi < pn && p[pi] === STAR) pi++;
  return pi === pn;
}

// ---------------------------------------------------------------------------------------------
// Plain wildcard patterns (Action, StringLike)

// The two pattern shapes most policies use, matched without the glob machinery (same results: a
// pattern without wildcards matches only itself; one whose only wildcard is a final * matches
// exactly the strings that start with the rest).
const GENERAL = 0;
const EXACT = 1;
const PREFIX = 2;

/** EXACT or PREFIX when the plain-text pattern has that shape, else GENERAL. */
function shapeOf(text: string): number {
  const star = text.indexOf('*');
  if (text.indexOf('?') >= 0) return GENERAL;
  if (star < 0) return EXACT;
  return star === text.length - 1 ? PREFIX : GENERAL;
}

export interface CompiledGlob {
  raw: string;
  ci: boolean;
  pieces: Piece[];
  /** Precomputed codes when the pattern has no variables. */
  codes: number[] | null;
  /** Exact pattern "*" (matches anything). */
  any: boolean;
  /** GENERAL, or EXACT / PREFIX with `literal` (lower-cased when `ci`). */
  shape: number;
  literal: string;
}

// Compiled patterns are immutable, so one object serves every policy that writes the same
// pattern: real policies repeat a few patterns ("kms:Decrypt", "arn:aws:kms:*:111122223333:key/*")
// thousands of times, and sharing keeps what decisions read small and hot in the CPU's caches.
// Bounded: past SHARED_LIMIT distinct patterns the table starts afresh.
const SHARED_LIMIT = 50_000;
const sharedGlobs = new Map<string, CompiledGlob>();
const sharedArns = new Map<string, CompiledArn>();
function shared<T>(m: Map<string, T>, key: string, make: () => T): T {
  let v = m.get(key);
  if (v === undefined) {
    if (m.size >= SHARED_LIMIT) m.clear();
    v = make();
    m.set(key, v);
  }
  return v;
}

/** A compiled wildcard pattern (shared between policies writing the same one). */
export function compileGlob(raw: string, ci: boolean, variables: boolean): CompiledGlob {
  return shared(sharedGlobs, `${ci ? 'i' : 's'}${variables ? 'v' : 'n'}${raw}`, () => compileGlobUncached(raw, ci, variables));
}

function compileGlobUncached(raw: string, ci: boolean, variables: boolean): CompiledGlob {
  const pieces = parseTemplate(raw, variables);
  const vars = hasVariables(pieces);
  const plain = pieces.length === 1 && pieces[0].t === 'text';
  const shape = plain ? shapeOf(raw) : GENERAL;
  const text = ci ? raw.toLowerCase() : raw;
  return {
    raw,
    ci,
    pieces,
    codes: vars ? null : codesOf(pieces, ci, true, undefined),
    any: raw === '*',
    shape,
    literal: shape === PREFIX ? text.slice(0, -1) : shape === EXACT ? text : '',
  };
}

/** Matches a compiled glob. `value` must already be lower-cased when the glob is case-insensitive. */
export function matchGlob(g: CompiledGlob, value: string, resolve?: Resolver): boolean | null {
  if (g.any) return true;
  if (g.shape === EXACT) return value === g.literal;
  if (g.shape === PREFIX) return value.startsWith(g.literal);
  const codes = g.codes ?? codesOf(g.pieces, g.ci, true, resolve);
  if (codes === null) return null;
  return glob(codes, value, 0, value.length);
}

/** IAM wildcard matching: `*` any run (including empty), `?` exactly one character; nothing else is special. */
export function matchWildcard(pattern: string, value: string, caseInsensitive: boolean): boolean {
  const g = compileGlob(pattern, caseInsensitive, false);
  return matchGlob(g, caseInsensitive ? value.toLowerCase() : value) === true;
}

// ---------------------------------------------------------------------------------------------
// ARN patterns (Resource/NotResource and the Arn* condition operators)

export interface CompiledArn {
  raw: string;
  any: boolean;
  /**
   * Fewer than six colon-separated parts ("arn:aws:kms:*"): not a full ARN. Matched as one
   * wildcard string over the whole ARN (so a trailing * acts as a prefix match, as observed
   * in practice; AWS documents no rule for this).
   */
  short: boolean;
  /** Six segments of pieces: arn, partition, service, region, account, resource. */
  segs: Piece[][];
  /** Precomputed codes per segment when there are no variables. */
  codes: number[][] | null;
  /** GENERAL, or (no variables) EXACT / PREFIX with `literal`. */
  shape: number;
  literal: string;
}

/** Splits at the first five colons outside `${...}`; more colons stay in the resource part. */
function splitArnText(raw: string, variables: boolean): string[] {
  const parts: string[] = [];
  let start = 0;
  let depth = false;
  for (let i = 0; i < raw.length && parts.length < 5; i++) {
    const c = raw.charCodeAt(i);
    if (variables && c === 36 && raw.charCodeAt(i + 1) === 123) depth = true;
    else if (depth && c === 125) depth = false;
    else if (!depth && c === 58) {
      parts.push(raw.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(raw.slice(start));
  return parts;
}

function segCodes(segs: Piece[][], resolve: Resolver | undefined): number[][] | null {
  const out: number[][] = [];
  for (let i = 0; i < segs.length; i++) {
    // The service segment cannot be wildcarded: its * and ? are literal characters.
    const c = codesOf(segs[i], false, i !== 2, resolve);
    if (c === null) return null;
    out.push(c);
  }
  return out;
}

/** A compiled ARN pattern (shared between policies writing the same one). */
export function compileArn(raw: string, variables: boolean): CompiledArn {
  return shared(sharedArns, `${variables ? 'v' : 'n'}${raw}`, () => compileArnUncached(raw, variables));
}

function compileArnUncached(raw: string, variables: boolean): CompiledArn {
  const parts = splitArnText(raw, variables);
  const short = parts.length < 6;
  const segs = short ? [parseTemplate(raw, variables)] : parts.map((p) => parseTemplate(p, variables));
  let vars = false;
  for (const s of segs) if (hasVariables(s)) vars = true;
  const cp: CompiledArn = { raw, any: raw === '*', short, segs, codes: null, shape: GENERAL, literal: '' };
  if (!vars) {
    cp.codes = short ? [codesOf(segs[0], false, true, undefined) as number[]] : segCodes(segs, undefined);
    // Only plain text (no ${*}-style literals, whose * would not be a wildcard). A full ARN's
    // final * lies in the resource part, the only one where * may span anything; the five parts
    // before it are then literal, so "starts with" is the per-part rule.
    let plain = true;
    for (const seg of segs) if (seg.length > 1 || (seg.length === 1 && seg[0].t !== 'text')) plain = false;
    if (plain) {
      cp.shape = shapeOf(raw);
      cp.literal = cp.shape === PREFIX ? raw.slice(0, -1) : cp.shape === EXACT ? raw : '';
    }
  }
  return cp;
}

/** Matches a compiled ARN pattern; null when a variable had no value (the entry then matches nothing). */
export function matchCompiledArn(cp: CompiledArn, arn: string, resolve?: Resolver): boolean | null {
  if (cp.any) return true;
  if (cp.shape === EXACT) return arn === cp.literal;
  if (cp.shape === PREFIX) return arn.startsWith(cp.literal);
  const codes = cp.codes ?? (cp.short ? wrap(codesOf(cp.segs[0], false, true, resolve)) : segCodes(cp.segs, resolve));
  if (codes === null) return null;
  if (cp.short) return glob(codes[0], arn, 0, arn.length);
  // Segment boundaries of the ARN: the first five colons.
  let from = 0;
  for (let seg = 0; seg < 5; seg++) {
    const colon = arn.indexOf(':', from);
    if (colon < 0) return false;
    if (!glob(codes[seg], arn, from, colon)) return false;
    from = colon + 1;
  }
  return glob(codes[5], arn, from, arn.length);
}

function wrap(c: number[] | null): number[][] | null {
  return c === null ? null : [c];
}

/** ARN matching as the Resource element does it: per segment, * spans / and : only in the resource part. */
export function matchArn(pattern: string, arn: string): boolean {
  const cp = compileArn(pattern, false);
  return matchCompiledArn(cp, arn) === true;
}

// ---------------------------------------------------------------------------------------------
// Context lookups

/** Condition-key names are case-insensitive (aws:CurrentTime = AWS:currenttime), including the
 * suffix of kms:EncryptionContext:<key> and aws:PrincipalTag/<key>. */
export function lookupContext(ctx: ContextMap, key: string): ContextValue | undefined {
  if (Object.prototype.hasOwnProperty.call(ctx, key)) return ctx[key];
  const lower = key.toLowerCase();
  for (const k in ctx) {
    if (k.length === key.length && Object.prototype.hasOwnProperty.call(ctx, k) && k.toLowerCase() === lower) return ctx[k];
  }
  return undefined;
}
