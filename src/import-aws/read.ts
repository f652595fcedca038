// Reading the saved AWS CLI outputs: the folder's files by path, JSON with the place of a syntax
// error, and a small checker for the shapes the CLI prints, so a wrong or hostile file is refused
// with its file and the path inside it — never half-read. Pure TypeScript: the CLI and the browser
// run the same code (no Node, no DOM).

/** One saved output refused: which file, where in it, and what is wrong. */
export class ExportError extends Error {
  readonly file: string;
  readonly path: string;
  readonly line?: number;
  readonly column?: number;
  constructor(file: string, path: string, message: string, at?: { line: number; column: number }) {
    super(message);
    this.name = 'ExportError';
    this.file = file;
    this.path = path;
    if (at) {
      this.line = at.line;
      this.column = at.column;
    }
  }
  /** `kms/us-east-1/…/describe-key.json: KeyMetadata.Arn: expected a string (line 3, column 12)`. */
  describe(): string {
    return `${this.file}${this.path ? `: ${this.path}` : ''}: ${this.message}${this.line ? ` (line ${this.line}, column ${this.column})` : ''}`;
  }
}

/** The largest saved output read (a real account's IAM export is tens of megabytes at most). */
export const MAX_FILE_BYTES = 200 * 1024 * 1024;
/** The most bytes an export may hold in all (also what a zip may inflate to). */
export const MAX_TOTAL_BYTES = 1024 * 1024 * 1024;
/** No AWS policy is longer than a key policy's 32 KB; anything far longer is not one. */
export const MAX_POLICY_CHARS = 131072;

const mib = (n: number) => `${Math.round(n / 1024 / 1024)} MiB`;

/** Line and column of a character offset. */
function positionOf(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let last = -1;
  for (let i = 0; i < offset && i < text.length; i++)
    if (text.charCodeAt(i) === 10) {
      line++;
      last = i;
    }
  return { line, column: offset - last };
}

/**
 * Where JSON.parse stopped. Engines word it differently ("at position 12", "line 2 column 3"); when
 * they give no place, a scan finds the end of the text (truncated) or the first character that cannot
 * start a value.
 */
function syntaxErrorPlace(text: string, message: string): { line: number; column: number } {
  const lc = /line (\d+) column (\d+)/i.exec(message);
  if (lc) return { line: Number(lc[1]), column: Number(lc[2]) };
  const pos = /position (\d+)/i.exec(message);
  if (pos) return positionOf(text, Number(pos[1]));
  return positionOf(text, text.length);
}

/** Parses one saved output; a syntax error names the file, the line and the column. */
export function parseJsonFile(file: string, text: string): unknown {
  if (text.length > MAX_FILE_BYTES) throw new ExportError(file, '', `the file is ${mib(text.length)}; the import reads files up to ${mib(MAX_FILE_BYTES)}`);
  if (!text.trim()) throw new ExportError(file, '', 'the file is empty (did the command fail? its error is not JSON output)');
  try {
    return JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  } catch (e) {
    const message = (e as Error).message;
    const truncated = /end of (JSON )?input|unterminated|unexpected end/i.test(message);
    throw new ExportError(
      file,
      '',
      truncated ? 'not valid JSON: the file ends before the JSON does (truncated?)' : `not valid JSON: ${message.replace(/^JSON\.parse: /, '')}`,
      syntaxErrorPlace(text, message),
    );
  }
}

/** A JSON value being read, with its file and path, so every refusal can say where. */
export class Node {
  constructor(
    readonly file: string,
    readonly path: string,
    readonly value: unknown,
  ) {}

  fail(message: string): never {
    throw new ExportError(this.file, this.path, message);
  }

  private kind(): string {
    const v = this.value;
    return v === null ? 'null' : Array.isArray(v) ? 'an array' : typeof v === 'object' ? 'an object' : typeof v === 'string' ? 'a string' : typeof v;
  }

  private at(key: string | number): Node {
    const path = typeof key === 'number' ? `${this.path}[${key}]` : this.path ? `${this.path}.${key}` : key;
    // Own properties only: a "__proto__" or "constructor" in the file is data, never inherited.
    const v = this.value as Record<string | number, unknown>;
    return new Node(this.file, path, Object.prototype.hasOwnProperty.call(v, key) ? v[key] : undefined);
  }

  object(): this {
    if (typeof this.value !== 'object' || this.value === null || Array.isArray(this.value)) this.fail(`expected an object, found ${this.kind()}`);
    return this;
  }

  /** A field of this object (which must be one); undefined when absent or null. */
  field(key: string): Node | undefined {
    this.object();
    const n = this.at(key);
    return n.value === undefined || n.value === null ? undefined : n;
  }

  /** A field that must be there. */
  need(key: string): Node {
    const n = this.field(key);
    if (!n) return this.at(key).fail('missing');
    return n;
  }

  items(): Node[] {
    if (!Array.isArray(this.value)) this.fail(`expected an array, found ${this.kind()}`);
    return (this.value as unknown[]).map((_, i) => this.at(i));
  }

  string(): string {
    if (typeof this.value !== 'string') this.fail(`expected a string, found ${this.kind()}`);
    return this.value as string;
  }

  boolean(): boolean {
    if (typeof this.value !== 'boolean') this.fail(`expected true or false, found ${this.kind()}`);
    return this.value as boolean;
  }

  /** The object's own keys, in file order (a "__proto__" key included, as data). */
  keys(): string[] {
    return Object.keys(this.object().value as object);
  }

  child(key: string): Node {
    return this.at(key);
  }
}

/** An optional array field ([] when absent). */
export const list = (n: Node, key: string): Node[] => n.field(key)?.items() ?? [];

/** A record built from data: keys like "__proto__" become ordinary own properties. */
export function dataRecord(entries: Iterable<[string, string]>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of entries) Object.defineProperty(out, k, { value: v, enumerable: true, writable: true, configurable: true });
  return out;
}
