// Generates KMS Lab's one model of the AWS KMS API (`npm run gen:model`):
//
//   src/engine/model/kms-model.generated.ts   operations, structures, members, enums, errors, constraints
//   src/engine/model/kms-types.generated.ts   the TypeScript request/response types the engine uses
//   src/engine/model/kms-docs.generated.ts    one-sentence help for each operation and member (hover help)
//
// Sources, in this order of authority:
//   1. the pinned @aws-sdk/client-kms: its bundled schemas (operations, input/output structures,
//      members in model order, required members, blob/timestamp/sensitive types, error statuses), its
//      enum objects (every value) and its type declarations (which enum each member takes, the docs);
//   2. botocore's kms/2014-11-01/service-2.json for the constraints the SDK does not carry (length,
//      range, pattern) and the model order of enum values, which AWS's validation messages print. The
//      extract of it that the generator reads is committed beside this script
//      (botocore-kms-constraints.json); refresh it from a newer botocore with
//        npx tsx src/node/kms-server/tools/gen-model.ts --botocore path/to/service-2.json[.gz]
//   3. CONSTRAINT_OVERLAY below, for shapes the newest reachable botocore does not have yet.
import { createRequire } from 'node:module';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import ts from 'typescript';
import type { ApiMember, ApiModel, ApiStructure, MemberType } from '@kms-lab/engine';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..', '..', '..', '..');
const outDir = join(root, 'src', 'engine', 'model');
const constraintsFile = join(here, 'botocore-kms-constraints.json');
const require = createRequire(import.meta.url);
const sdkDir = dirname(require.resolve('@aws-sdk/client-kms/package.json'));
const sdkVersion = (JSON.parse(readFileSync(join(sdkDir, 'package.json'), 'utf8')) as { version: string }).version;
const sdk = require('@aws-sdk/client-kms') as Record<string, unknown>;

// ---- botocore: the constraint extract ----

interface BotoShape {
  type: string;
  members?: Record<string, { shape: string }>;
  member?: { shape: string };
  key?: { shape: string };
  value?: { shape: string };
  min?: number;
  max?: number;
  pattern?: string;
  enum?: string[];
}
interface Constraint {
  min?: number;
  max?: number;
  pattern?: string;
  /** botocore's numeric type: integer or long. */
  numeric?: 'integer' | 'long';
  item?: Constraint;
  key?: Constraint;
  value?: Constraint;
}
interface ConstraintExtract {
  source: string;
  /** structure → member → constraints of its target (and of a list's items, a map's keys and values). */
  members: Record<string, Record<string, Constraint>>;
  /** enum shape → values in model order. */
  enums: Record<string, string[]>;
}

function extractFromBotocore(file: string): ConstraintExtract {
  const raw = readFileSync(file);
  const model = JSON.parse((file.endsWith('.gz') ? gunzipSync(raw) : raw).toString('utf8')) as {
    metadata: Record<string, string>;
    shapes: Record<string, BotoShape>;
  };
  const version = /botocore-(\d+\.\d+\.\d+)/.exec(file)?.[1] ?? 'unknown';
  const constraintOf = (name: string): Constraint => {
    const s = model.shapes[name];
    const c: Constraint = {};
    if (s.min !== undefined) c.min = s.min;
    if (s.max !== undefined) c.max = s.max;
    if (s.pattern !== undefined) c.pattern = s.pattern;
    if (s.type === 'integer' || s.type === 'long') c.numeric = s.type;
    if (s.type === 'list' && s.member) {
      const item = constraintOf(s.member.shape);
      if (Object.keys(item).length) c.item = item;
    }
    if (s.type === 'map' && s.key && s.value) {
      const key = constraintOf(s.key.shape);
      const value = constraintOf(s.value.shape);
      if (Object.keys(key).length) c.key = key;
      if (Object.keys(value).length) c.value = value;
    }
    return c;
  };
  const members: ConstraintExtract['members'] = {};
  const enums: ConstraintExtract['enums'] = {};
  for (const [name, s] of Object.entries(model.shapes)) {
    if (s.enum) enums[name] = s.enum;
    if (s.type !== 'structure') continue;
    const m: Record<string, Constraint> = {};
    for (const [member, ref] of Object.entries(s.members ?? {})) {
      const c = constraintOf(ref.shape);
      if (Object.keys(c).length) m[member] = c;
    }
    members[name] = m;
  }
  return { source: `botocore ${version} kms/${model.metadata.apiVersion}/service-2.json`, members, enums };
}

const boto = process.argv.indexOf('--botocore');
if (boto > 0) {
  const extract = extractFromBotocore(process.argv[boto + 1]);
  writeFileSync(constraintsFile, JSON.stringify(extract, null, 1) + '\n');
  console.log(`wrote ${constraintsFile} from ${extract.source}`);
}
if (!existsSync(constraintsFile)) throw new Error(`${constraintsFile} is missing: run with --botocore path/to/service-2.json`);
const constraints = JSON.parse(readFileSync(constraintsFile, 'utf8')) as ConstraintExtract;

/**
 * Constraints for members the newest reachable botocore lacks, from the API reference. The ML-KEM
 * operations use the same shapes as their siblings: a KeyIdType (1–2048), a GrantTokenList (≤ 10
 * tokens of 1–8192) and a CiphertextType (1–6144 bytes). Not AWS-validated: the API reference pages
 * show the member types, and these lengths are the ones those types carry elsewhere in the model.
 */
const KEY_ID: Constraint = { min: 1, max: 2048 };
const GRANT_TOKENS: Constraint = { min: 0, max: 10, item: { min: 1, max: 8192 } };
const CONSTRAINT_OVERLAY: Record<string, Record<string, Constraint>> = {
  EncapsulateRequest: { KeyId: KEY_ID, GrantTokens: GRANT_TOKENS },
  DecapsulateRequest: { KeyId: KEY_ID, GrantTokens: GRANT_TOKENS, SharedSecretCiphertextBlob: { min: 1, max: 6144 } },
};

// ---- the SDK's declarations: enums per member, docs ----

const enumObjects: Record<string, string[]> = {};
for (const [name, v] of Object.entries(sdk))
  if (v && typeof v === 'object' && !Array.isArray(v) && Object.values(v).length > 0 && Object.values(v).every((x) => typeof x === 'string'))
    enumObjects[name] = Object.values(v as Record<string, string>);

/** Enum values in model order: botocore's order first (AWS prints it), then values only the SDK has. */
function enumValues(name: string): string[] {
  const sdkValues = enumObjects[name];
  const modelOrder = (constraints.enums[name] ?? []).filter((v) => sdkValues.includes(v));
  const natural = (a: string, b: string) => a.localeCompare(b, 'en', { numeric: true });
  return [...modelOrder, ...sdkValues.filter((v) => !modelOrder.includes(v)).sort(natural)];
}

const plain = (html: string) =>
  html
    .replace(/<[^>]+>/g, '')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ')
    .trim();
/** The first paragraph's first sentence or two, as plain text. */
function firstSentence(jsdoc: string): string {
  const para = /<p>([\s\S]*?)<\/p>/.exec(jsdoc)?.[1] ?? jsdoc;
  const text = plain(para.replace(/^\s*\*\s?/gm, ''));
  const m = /^(.{20,}?[.!?])(\s|$)/.exec(text);
  return m ? m[1] : text;
}
function jsdocOf(node: ts.Node, file: ts.SourceFile): string {
  const ranges = ts.getLeadingCommentRanges(file.text, node.getFullStart()) ?? [];
  const last = ranges.at(-1);
  return last ? file.text.slice(last.pos, last.end).replace(/^\/\*\*|\*\/$/g, '') : '';
}

const declared: Record<string, Record<string, { enum?: string; doc: string }>> = {};
{
  const path = join(sdkDir, 'dist-types', 'models', 'models_0.d.ts');
  const file = ts.createSourceFile(path, readFileSync(path, 'utf8'), ts.ScriptTarget.Latest, true);
  for (const st of file.statements) {
    if (!ts.isInterfaceDeclaration(st)) continue;
    const members: Record<string, { enum?: string; doc: string }> = {};
    for (const m of st.members) {
      if (!ts.isPropertySignature(m) || !m.type) continue;
      const typeText = m.type.getText(file).replace(/\s*\|\s*undefined/g, '');
      const base = typeText.replace(/\[\]$/, '');
      members[m.name.getText(file)] = { ...(enumObjects[base] ? { enum: base } : {}), doc: firstSentence(jsdocOf(m, file)) };
    }
    declared[st.name.text] = members;
  }
}
const operationDocs: Record<string, string> = {};

// ---- the SDK's schemas ----

type Schema = unknown;
const deref = (s: Schema): Schema => (typeof s === 'function' ? deref((s as () => Schema)()) : s);
const structures: Record<string, ApiStructure> = {};
const errors: Record<string, number> = {};

function scalarOf(code: number): MemberType {
  if (code === 0) return 'string';
  if (code === 1) return 'integer';
  if (code === 2) return 'boolean';
  if (code >= 4 && code <= 7) return 'timestamp';
  if (code === 21) return 'blob';
  if (code === 15) return 'document';
  throw new Error(`unknown schema code ${code}`);
}

/** One member: its type (scalar, structure name, list or map), with the constraints botocore gives. */
function memberOf(schemaIn: Schema, c: Constraint | undefined, enumName?: string): ApiMember {
  let schema = deref(schemaIn);
  let sensitive = false;
  // [schema, memberTraits] or a simple schema with traits: [0, ns, name, traits, base]
  if (Array.isArray(schema) && schema.length === 2) schema = deref(schema[0]);
  if (Array.isArray(schema) && schema[0] === 0) {
    sensitive = ((schema[3] as number) & 8) === 8;
    schema = deref(schema[4]);
  }
  const m: ApiMember = { type: 'string' };
  if (typeof schema === 'number') {
    if (schema & 64) {
      m.type = 'list';
      m.member = memberOf(schema & ~64, c?.item, enumName);
    } else if (schema & 128) {
      m.type = 'map';
      m.key = memberOf(0, c?.key);
      m.value = memberOf(schema & ~128, c?.value);
    } else {
      m.type = scalarOf(schema);
      if (m.type === 'integer' && c?.numeric === 'long') m.type = 'long';
      if (m.type === 'string' && enumName) m.enum = enumName;
    }
  } else if (Array.isArray(schema)) {
    const kind = schema[0] as number;
    if (kind === 3) {
      m.type = 'structure';
      m.shape = visitStructure(schema);
    } else if (kind === 1) {
      m.type = 'list';
      m.member = memberOf(schema[4], c?.item, enumName);
    } else if (kind === 2) {
      m.type = 'map';
      m.key = memberOf(schema[4], c?.key);
      m.value = memberOf(schema[5], c?.value);
    } else throw new Error(`unexpected schema kind ${kind}`);
  } else throw new Error(`unexpected schema ${String(schema)}`);
  if (sensitive) m.sensitive = true;
  if (c?.min !== undefined) m.min = c.min;
  if (c?.max !== undefined) m.max = c.max;
  if (c?.pattern !== undefined) m.pattern = c.pattern;
  return m;
}

function visitStructure(schema: unknown[]): string {
  const name = schema[2] as string;
  if (structures[name]) return name;
  const names = schema[4] as string[];
  const types = schema[5] as Schema[];
  const requiredCount = (schema[6] as number | undefined) ?? 0;
  const struct: ApiStructure = { members: {} };
  structures[name] = struct;
  names.forEach((member, i) => {
    const c = CONSTRAINT_OVERLAY[name]?.[member] ?? constraints.members[name]?.[member];
    const m = memberOf(types[i], c, declared[name]?.[member]?.enum);
    if (i < requiredCount) m.required = true;
    struct.members[member] = m;
  });
  return name;
}

const operations: ApiModel['operations'] = {};
for (const [exportName, value] of Object.entries(sdk)) {
  if (!exportName.endsWith('$') || !Array.isArray(value)) continue;
  if (value[0] === 9) {
    const input = deref(value[4]) as unknown[];
    const output = deref(value[5]);
    const name = value[2] as string;
    operations[name] = {
      input: visitStructure(input),
      ...(Array.isArray(output) ? { output: visitStructure(output) } : {}),
    };
  } else if (value[0] === -3) {
    const traits = value[3] as { error: string; httpError?: number };
    // On the AWS JSON 1.1 wire KMS answers every client error with 400; the httpError traits of
    // 404/409/412 are the legacy awsQuery codes. Server faults keep theirs (500, 503).
    errors[value[2] as string] = traits.error === 'server' ? (traits.httpError ?? 500) : 400;
  }
}
const sortedKeys = <T>(o: Record<string, T>) => Object.fromEntries(Object.entries(o).sort(([a], [b]) => (a < b ? -1 : 1)));

// Operation docs: the first sentence of each command's JSDoc.
for (const op of Object.keys(operations)) {
  const path = join(sdkDir, 'dist-types', 'commands', `${op}Command.d.ts`);
  const file = ts.createSourceFile(path, readFileSync(path, 'utf8'), ts.ScriptTarget.Latest, true);
  const cls = file.statements.find((s) => ts.isClassDeclaration(s) && s.name?.text === `${op}Command`);
  if (cls) operationDocs[op] = firstSentence(jsdocOf(cls, file));
}

const usedEnums = new Set<string>();
const collectEnums = (m: ApiMember) => {
  if (m.enum) usedEnums.add(m.enum);
  if (m.member) collectEnums(m.member);
  if (m.value) collectEnums(m.value);
};
for (const s of Object.values(structures)) Object.values(s.members).forEach(collectEnums);
const enums = Object.fromEntries([...usedEnums].sort().map((e) => [e, enumValues(e)]));

const model: ApiModel = {
  sdkVersion,
  constraintsFrom: constraints.source,
  targetPrefix: 'TrentService',
  operations: sortedKeys(operations),
  structures: sortedKeys(structures),
  enums,
  errors: sortedKeys(errors),
};

// ---- write ----

const header = (what: string) =>
  `// GENERATED by src/node/kms-server/tools/gen-model.ts (npm run gen:model) from @aws-sdk/client-kms ${sdkVersion}\n` +
  `// and ${constraints.source}: ${what}. Do not edit by hand: regenerate.\n`;
const lines = (o: Record<string, unknown>) => Object.entries(o).map(([k, v]) => `    ${k}: ${JSON.stringify(v)},`).join('\n');

writeFileSync(
  join(outDir, 'kms-model.generated.ts'),
  `${header(`${Object.keys(operations).length} operations, ${Object.keys(structures).length} structures, ${Object.keys(enums).length} enums`)}` +
    `import type { ApiModel } from './model-types';\n\n` +
    `export const KMS_API_MODEL: ApiModel = {\n` +
    `  sdkVersion: ${JSON.stringify(sdkVersion)},\n  constraintsFrom: ${JSON.stringify(constraints.source)},\n  targetPrefix: "TrentService",\n` +
    `  operations: {\n${lines(model.operations)}\n  },\n` +
    `  structures: {\n${lines(model.structures)}\n  },\n` +
    `  enums: {\n${lines(model.enums)}\n  },\n` +
    `  errors: {\n${lines(model.errors)}\n  },\n};\n`,
);

// TypeScript types: blobs are Uint8Array, timestamps Date, enums string unions.
function tsType(m: ApiMember): string {
  switch (m.type) {
    case 'string':
      return m.enum ?? 'string';
    case 'integer':
    case 'long':
    case 'double':
      return 'number';
    case 'boolean':
      return 'boolean';
    case 'blob':
      return 'Uint8Array';
    case 'timestamp':
      return 'Date';
    case 'document':
      return 'unknown';
    case 'structure':
      return m.shape!;
    case 'list':
      return `${wrap(tsType(m.member!))}[]`;
    case 'map':
      return `Record<string, ${tsType(m.value!)}>`;
  }
}
const wrap = (t: string) => (/^[A-Za-z0-9]+$/.test(t) ? t : `(${t})`);
const doc = (text: string | undefined, indent: string) => (text ? `${indent}/** ${text.replace(/\*\//g, '*\\/')} */\n` : '');
let types = `${header('the request and response types of every operation')}\n`;
for (const [name, values] of Object.entries(enums)) types += `export type ${name} = ${values.map((v) => JSON.stringify(v)).join(' | ')};\n`;
types += '\n';
for (const [name, s] of Object.entries(model.structures)) {
  const entries = Object.entries(s.members);
  if (entries.length === 0) {
    types += `export type ${name} = Record<string, never>;\n`;
    continue;
  }
  types += `export interface ${name} {\n`;
  for (const [member, m] of entries) types += `${doc(declared[name]?.[member]?.doc, '  ')}  ${member}${m.required ? '' : '?'}: ${tsType(m)};\n`;
  types += '}\n';
}
types += `\n/** Every operation of the API: [request, response]. */\nexport interface KmsApiOperations {\n`;
for (const [op, o] of Object.entries(model.operations)) types += `  ${op}: [${o.input}, ${o.output ?? 'Record<string, never>'}];\n`;
types += '}\nexport type KmsApiOperationName = keyof KmsApiOperations;\n';
writeFileSync(join(outDir, 'kms-types.generated.ts'), types);

const memberDocs: Record<string, Record<string, string>> = {};
for (const [name, s] of Object.entries(model.structures)) {
  const d: Record<string, string> = {};
  for (const member of Object.keys(s.members)) if (declared[name]?.[member]?.doc) d[member] = declared[name][member].doc;
  if (Object.keys(d).length) memberDocs[name] = d;
}
writeFileSync(
  join(outDir, 'kms-docs.generated.ts'),
  `${header('the first sentence of the SDK documentation of each operation and member')}\n` +
    `export const OPERATION_DOCS: Record<string, string> = {\n${lines(sortedKeys(operationDocs))}\n};\n\n` +
    `export const MEMBER_DOCS: Record<string, Record<string, string>> = {\n${lines(memberDocs)}\n};\n`,
);
console.log(`wrote ${outDir}: ${Object.keys(operations).length} operations, ${Object.keys(structures).length} structures, ${Object.keys(enums).length} enums, ${Object.keys(errors).length} errors (SDK ${sdkVersion}, ${constraints.source})`);
