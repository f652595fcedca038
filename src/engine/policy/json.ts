// A small JSON parser that keeps source positions. JSON.parse gives none, and the policy editor
// needs the line and column of every statement, element and value (to highlight the statement
// that decided, and to point validation findings at the exact place). It also reports duplicate
// object keys, which JSON.parse silently resolves but IAM and KMS reject.

import type { SourcePosition, SourceRange } from './types';

export type JsonNode = JsonString | JsonNumber | JsonBool | JsonNull | JsonObject | JsonArray;

interface NodeBase {
  range: SourceRange;
  /** Not parsed (ParseJsonOptions.skip): an empty object or array standing for the value in `range`. */
  skipped?: true;
}
export interface JsonString extends NodeBase {
  type: 'string';
  value: string;
}
export interface JsonNumber extends NodeBase {
  type: 'number';
  value: number;
  raw: string;
}
export interface JsonBool extends NodeBase {
  type: 'boolean';
  value: boolean;
}
export interface JsonNull extends NodeBase {
  type: 'null';
}
export interface JsonProperty {
  key: string;
  keyRange: SourceRange;
  value: JsonNode;
  /** From the key's opening quote to the end of the value. */
  range: SourceRange;
}
export interface JsonObject extends NodeBase {
  type: 'object';
  properties: JsonProperty[];
  /** Keys written more than once (each later occurrence). */
  duplicates: JsonProperty[];
}
export interface JsonArray extends NodeBase {
  type: 'array';
  items: JsonNode[];
}

export interface JsonSyntaxError {
  message: string;
  line: number;
  column: number;
  offset: number;
}

export type JsonParseResult = { ok: true; node: JsonNode } | { ok: false; error: JsonSyntaxError };

class SyntaxFailure {
  constructor(
    public reason: string,
    public offset: number,
  ) {}
}

/**
 * Computes line/column for offsets; lines are 1-based, columns 1-based in UTF-16 units. Line
 * starts are found as far as the offsets asked for (a parse that skips the end of a big file never
 * reads it).
 */
export class LineIndex {
  private starts: number[] = [0];
  /** Line starts are known for offsets below this. */
  private scanned = 0;
  constructor(private readonly text: string) {}
  private scanTo(offset: number): void {
    const text = this.text;
    const end = Math.min(text.length, offset + 1);
    let i = this.scanned;
    for (; i < end; i++) {
      const c = text.charCodeAt(i);
      if (c === 10) this.starts.push(i + 1);
      else if (c === 13) {
        if (text.charCodeAt(i + 1) === 10) i++;
        this.starts.push(i + 1);
      }
    }
    this.scanned = Math.max(this.scanned, i);
  }
  position(offset: number): SourcePosition {
    if (offset >= this.scanned) this.scanTo(offset);
    const s = this.starts;
    let lo = 0;
    let hi = s.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (s[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: offset - s[lo] + 1, offset };
  }
}

function describeChar(text: string, i: number): string {
  if (i >= text.length) return 'end of input';
  const c = text[i];
  if (c === '\n' || c === '\r') return 'line break';
  return `'${c}'`;
}

export interface ParseJsonOptions {
  /**
   * Values at the paths this returns true for are not parsed: each stands as an empty object or
   * array with `skipped: true` and its range (a big file's requests, located only when one has a
   * problem). Only for text JSON.parse has accepted: a skipped value's syntax is not checked.
   */
  skip?: (path: readonly (string | number)[]) => boolean;
}

/** Parses JSON text. Never throws. Error messages follow V8's style, with the place appended. */
export function parseJson(text: string, options: ParseJsonOptions = {}): JsonParseResult {
  const lines = new LineIndex(text);
  const skip = options.skip;
  const path: (string | number)[] = [];
  let i = 0;
  const n = text.length;
  const pos = (o: number) => lines.position(o);
  const range = (a: number, b: number): SourceRange => ({ start: pos(a), end: pos(b) });

  const ws = () => {
    while (i < n) {
      const c = text.charCodeAt(i);
      if (c === 32 || c === 9 || c === 10 || c === 13) i++;
      else break;
    }
  };
  const fail = (reason: string, at = i): never => {
    throw new SyntaxFailure(reason, at);
  };
  const unexpected = (): never =>
    fail(i >= n ? 'Unexpected end of JSON input' : `Unexpected token ${describeChar(text, i)}`);

  const parseString = (): JsonString => {
    const start = i;
    i++; // opening quote
    let out = '';
    let chunk = i;
    for (;;) {
      if (i >= n) fail('Unterminated string', start);
      const c = text.charCodeAt(i);
      if (c === 34) {
        out += text.slice(chunk, i);
        i++;
        return { type: 'string', value: out, range: range(start, i) };
      }
      if (c === 92) {
        out += text.slice(chunk, i);
        const e = text[i + 1];
        switch (e) {
          case '"': out += '"'; break;
          case '\\': out += '\\'; break;
          case '/': out += '/'; break;
          case 'b': out += '\b'; break;
          case 'f': out += '\f'; break;
          case 'n': out += '\n'; break;
          case 'r': out += '\r'; break;
          case 't': out += '\t'; break;
          case 'u': {
            const hex = text.slice(i + 2, i + 6);
            if (!/^[0-9a-fA-F]{4}$/.test(hex)) fail('Bad Unicode escape', i);
            out += String.fromCharCode(parseInt(hex, 16));
            i += 4;
            break;
          }
          default:
            fail('Bad escaped character', i);
        }
        i += 2;
        chunk = i;
        continue;
      }
      if (c < 0x20) fail('Bad control character in string literal', i);
      i++;
    }
  };

  const parseNumber = (): JsonNumber => {
    const start = i;
    if (text[i] === '-') i++;
    if (text[i] === '0') i++;
    else if (text[i] >= '1' && text[i] <= '9') while (text[i] >= '0' && text[i] <= '9') i++;
    else fail('No number after minus sign');
    if (text[i] === '.') {
      i++;
      if (!(text[i] >= '0' && text[i] <= '9')) fail('Unterminated fractional number');
      while (text[i] >= '0' && text[i] <= '9') i++;
    }
    if (text[i] === 'e' || text[i] === 'E') {
      i++;
      if (text[i] === '+' || text[i] === '-') i++;
      if (!(text[i] >= '0' && text[i] <= '9')) fail('Exponent part is missing a number');
      while (text[i] >= '0' && text[i] <= '9') i++;
    }
    const raw = text.slice(start, i);
    return { type: 'number', value: Number(raw), raw, range: range(start, i) };
  };

  const literal = (word: string): void => {
    if (text.startsWith(word, i)) i += word.length;
    else unexpected();
  };

  /** Skips a valid object or array (strings may hold brackets). */
  const skipContainer = (): JsonNode => {
    const start = i;
    const open = text.charCodeAt(i);
    let level = 0;
    while (i < n) {
      const c = text.charCodeAt(i++);
      if (c === 34) {
        while (i < n) {
          const d = text.charCodeAt(i++);
          if (d === 92) i++;
          else if (d === 34) break;
        }
      } else if (c === 123 || c === 91) level++;
      else if ((c === 125 || c === 93) && --level === 0) break;
    }
    const r = range(start, i);
    return open === 123
      ? { type: 'object', properties: [], duplicates: [], range: r, skipped: true }
      : { type: 'array', items: [], range: r, skipped: true };
  };

  const parseValue = (depth: number): JsonNode => {
    if (depth > 200) fail('JSON nested too deeply');
    ws();
    const start = i;
    const c = text[i];
    if (skip && (c === '{' || c === '[') && skip(path)) return skipContainer();
    switch (c) {
      case '{':
        return parseObject(depth);
      case '[':
        return parseArray(depth);
      case '"':
        return parseString();
      case 't':
        literal('true');
        return { type: 'boolean', value: true, range: range(start, i) };
      case 'f':
        literal('false');
        return { type: 'boolean', value: false, range: range(start, i) };
      case 'n':
        literal('null');
        return { type: 'null', range: range(start, i) };
      default:
        if (c === '-' || (c >= '0' && c <= '9')) return parseNumber();
        return unexpected();
    }
  };

  const parseObject = (depth: number): JsonObject => {
    const start = i;
    i++;
    const properties: JsonProperty[] = [];
    const duplicates: JsonProperty[] = [];
    const seen = new Set<string>();
    ws();
    if (text[i] === '}') {
      i++;
      return { type: 'object', properties, duplicates, range: range(start, i) };
    }
    for (;;) {
      ws();
      if (text[i] !== '"') fail(i >= n ? 'Unexpected end of JSON input' : "Expected property name or '}'");
      const key = parseString();
      ws();
      if (text[i] !== ':') fail(i >= n ? 'Unexpected end of JSON input' : "Expected ':' after property name");
      i++;
      if (skip) path.push(key.value);
      const value = parseValue(depth + 1);
      if (skip) path.pop();
      const prop: JsonProperty = {
        key: key.value,
        keyRange: key.range,
        value,
        range: { start: key.range.start, end: value.range.end },
      };
      if (seen.has(key.value)) duplicates.push(prop);
      seen.add(key.value);
      properties.push(prop);
      ws();
      if (text[i] === ',') {
        i++;
        continue;
      }
      if (text[i] === '}') {
        i++;
        return { type: 'object', properties, duplicates, range: range(start, i) };
      }
      fail(i >= n ? 'Unexpected end of JSON input' : "Expected ',' or '}' after property value");
    }
  };

  const parseArray = (depth: number): JsonArray => {
    const start = i;
    i++;
    const items: JsonNode[] = [];
    ws();
    if (text[i] === ']') {
      i++;
      return { type: 'array', items, range: range(start, i) };
    }
    for (;;) {
      if (skip) path.push(items.length);
      items.push(parseValue(depth + 1));
      if (skip) path.pop();
      ws();
      if (text[i] === ',') {
        i++;
        continue;
      }
      if (text[i] === ']') {
        i++;
        return { type: 'array', items, range: range(start, i) };
      }
      fail(i >= n ? 'Unexpected end of JSON input' : "Expected ',' or ']' after array element");
    }
  };

  try {
    // A UTF-8 byte order mark is tolerated, as most editors write one.
    if (text.charCodeAt(0) === 0xfeff) i = 1;
    ws();
    if (i >= n) fail('Unexpected end of JSON input (the document is empty)');
    const node = parseValue(0);
    ws();
    if (i < n) fail('Unexpected non-whitespace character after JSON');
    return { ok: true, node };
  } catch (e) {
    if (!(e instanceof SyntaxFailure)) throw e;
    const p = pos(Math.min(e.offset, n));
    return {
      ok: false,
      error: {
        message: `${e.reason} at line ${p.line}, column ${p.column}`,
        line: p.line,
        column: p.column,
        offset: p.offset,
      },
    };
  }
}

/**
 * Where each item of the array that starts at `start` begins and ends (offsets), without parsing
 * the items: for finding one item of a big skipped array. Only for text JSON.parse has accepted.
 */
export function arrayItemOffsets(text: string, start: number): [number, number][] {
  const out: [number, number][] = [];
  const n = text.length;
  let i = start + 1;
  let level = 0;
  let itemStart = -1;
  let itemEnd = -1;
  for (; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c === 32 || c === 9 || c === 10 || c === 13) continue;
    if (level === 0 && (c === 44 || c === 93)) {
      if (itemStart >= 0) out.push([itemStart, itemEnd]);
      itemStart = -1;
      if (c === 93) break;
      continue;
    }
    if (itemStart < 0) itemStart = i;
    if (c === 34) {
      for (i++; i < n; i++) {
        const d = text.charCodeAt(i);
        if (d === 92) i++;
        else if (d === 34) break;
      }
    } else if (c === 123 || c === 91) level++;
    else if (c === 125 || c === 93) level--;
    itemEnd = i + 1;
  }
  return out;
}
