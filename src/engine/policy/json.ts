// A small JSON parser that keeps source positions. JSON.parse gives none, and the policy editor
// needs the line and column of every statement, element and value (to highlight the statement
// that decided, and to point validation findings at the exact place). It also reports duplicate
// object keys, which JSON.parse silently resolves but IAM and KMS reject.

import type { SourcePosition, SourceRange } from './types';

export type JsonNode = JsonString | JsonNumber | JsonBool | JsonNull | JsonObject | JsonArray;

interface NodeBase {
  range: SourceRange;
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

/** Computes line/column for offsets; lines are 1-based, columns 1-based in UTF-16 units. */
export class LineIndex {
  private starts: number[] = [0];
  constructor(text: string) {
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === 10) this.starts.push(i + 1);
      else if (c === 13) {
        if (text.charCodeAt(i + 1) === 10) i++;
        this.starts.push(i + 1);
      }
    }
  }
  position(offset: number): SourcePosition {
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

/** Parses JSON text. Never throws. Error messages follow V8's style, with the place appended. */
export function parseJson(text: string): JsonParseResult {
  const lines = new LineIndex(text);
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

  const parseValue = (depth: number): JsonNode => {
    if (depth > 200) fail('JSON nested too deeply');
    ws();
    const start = i;
    const c = text[i];
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
      const value = parseValue(depth + 1);
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
      items.push(parseValue(depth + 1));
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
