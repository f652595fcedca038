// Your own AWS account, offline: the saved outputs of read-only AWS CLI commands (a folder, or a zip
// of it) → a kms-scenario/1 world. One pure implementation for `npm run import-aws` and the app's
// "Open AWS export" (no Node, no DOM: paths and text in, a scenario and a report out).
//
//   const plan = planExport(paths);                       // which files to read
//   const result = importAwsExport(filesByRelativePath);  // { ok, scenario, notes, summary } | { ok: false, error }
//
// docs/aws-import.md describes the folder, the mapping and what a real account has that the lab does not.
import { unzipSync } from 'fflate';
import { describeProblem, parseScenario } from '@kms-lab/engine/scenario';
import { convertAwsExport, planExport, type AwsImport, type ExportPlan, type ImportNote, type ImportSummary } from './convert';
import { ExportError, MAX_FILE_BYTES, MAX_TOTAL_BYTES } from './read';

export { convertAwsExport, planExport, classify, policyDocument, IAM_FILE, ORG_FILE, ROOTS_FILE, COLLECT_LOG } from './convert';
export type { AwsImport, ExportPlan, ImportNote, ImportSummary, ExportFileKind } from './convert';
export { ExportError, MAX_FILE_BYTES, MAX_TOTAL_BYTES, MAX_POLICY_CHARS } from './read';

/** Why an export was refused, for people and for tests. */
export interface ImportFailure {
  file: string;
  path: string;
  message: string;
  line?: number;
  column?: number;
  /** One line: `file: path: message (line L, column C)`. */
  text: string;
}

export type ImportResult = ({ ok: true } & AwsImport) | { ok: false; error: ImportFailure };

const failure = (e: ExportError): ImportFailure => ({
  file: e.file,
  path: e.path,
  message: e.message,
  ...(e.line ? { line: e.line, column: e.column } : {}),
  text: e.describe(),
});

/**
 * Converts an export and checks the result is a valid kms-scenario/1 document. Never throws: a file
 * that is not what the AWS CLI prints is the error, with its file and path.
 */
export function importAwsExport(files: ReadonlyMap<string, string>, options: { ignored?: readonly string[]; source?: string } = {}): ImportResult {
  let result: AwsImport;
  try {
    result = convertAwsExport(files, options);
  } catch (e) {
    if (e instanceof ExportError) return { ok: false, error: failure(e) };
    if (e instanceof RangeError) return { ok: false, error: failure(new ExportError('(the export)', '', `the export is too large or too deeply nested to read: ${e.message}`)) };
    throw e;
  }
  // The converter only writes what the schema accepts; this is the proof, not a hope.
  const parsed = parseScenario(result.scenario);
  if (!parsed.ok)
    return {
      ok: false,
      error: failure(new ExportError('(the scenario made from the export)', parsed.problems[0].path, `the import made an invalid scenario: ${parsed.problems.map(describeProblem).slice(0, 3).join('; ')}`)),
    };
  return { ok: true, ...result };
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** A saved output's bytes as text (UTF-8; a file that is not is refused by name). */
export function decodeText(path: string, bytes: Uint8Array): string {
  if (bytes.byteLength > MAX_FILE_BYTES) throw new ExportError(path, '', `the file is ${Math.round(bytes.byteLength / 1048576)} MiB; the import reads files up to ${MAX_FILE_BYTES / 1048576} MiB`);
  try {
    return utf8.decode(bytes);
  } catch {
    throw new ExportError(path, '', 'the file is not UTF-8 text (the AWS CLI writes UTF-8 JSON)');
  }
}

/**
 * Reads an export from a zip: its entries are listed first, and only the files the import reads are
 * inflated, each within the size limits (a zip that claims or inflates to more is refused).
 */
export function readZip(bytes: Uint8Array, name = 'the zip'): { plan: ExportPlan; files: Map<string, string> } {
  const listed: { name: string; size: number }[] = [];
  try {
    unzipSync(bytes, {
      filter: (f) => {
        listed.push({ name: f.name, size: f.originalSize });
        return false;
      },
    });
  } catch (e) {
    throw new ExportError(name, '', `not a readable zip file: ${(e as Error).message}`);
  }
  const plan = planExport(listed.map((f) => f.name));
  const wanted = new Set(plan.read.map((r) => r.given));
  let total = 0;
  for (const f of listed) {
    if (!wanted.has(f.name)) continue;
    if (f.size > MAX_FILE_BYTES) throw new ExportError(f.name, '', `the file inflates to ${Math.round(f.size / 1048576)} MiB; the import reads files up to ${MAX_FILE_BYTES / 1048576} MiB`);
    total += f.size;
  }
  if (total > MAX_TOTAL_BYTES) throw new ExportError(name, '', `the export inflates to ${Math.round(total / 1048576)} MiB; the import reads up to ${MAX_TOTAL_BYTES / 1048576} MiB in all`);
  let entries: Record<string, Uint8Array>;
  try {
    entries = unzipSync(bytes, { filter: (f) => wanted.has(f.name) });
  } catch (e) {
    throw new ExportError(name, '', `the zip cannot be inflated: ${(e as Error).message}`);
  }
  const files = new Map<string, string>();
  for (const r of plan.read) {
    const data = entries[r.given];
    if (data) files.set(r.path, decodeText(r.path, data));
  }
  return { plan, files };
}

/** Reads a zip and converts it; never throws. */
export function importAwsZip(bytes: Uint8Array, name?: string): ImportResult {
  let read: ReturnType<typeof readZip>;
  try {
    read = readZip(bytes, name);
  } catch (e) {
    if (e instanceof ExportError) return { ok: false, error: failure(e) };
    throw e;
  }
  return importAwsExport(read.files, { ignored: read.plan.ignored, source: name });
}

/** Files for importAwsExport from a plan and a reader of the given paths. */
export function filesOf(plan: ExportPlan, read: (given: string) => string): Map<string, string> {
  const files = new Map<string, string>();
  for (const r of plan.read) files.set(r.path, read(r.given));
  return files;
}

/** The report's notes as lines for people: `warning  kms/…/list-grants.json: Grants[0]: …`. */
export function noteLines(notes: readonly ImportNote[]): string[] {
  return notes.map((n) => `${n.severity === 'warning' ? 'not placed' : 'note'}: ${n.file}${n.path ? `: ${n.path}` : ''}: ${n.message}`);
}

/** One paragraph saying what was imported. */
export function summaryLine(s: ImportSummary): string {
  const plural = (n: number, w: string) => `${n} ${w}${n === 1 ? '' : 's'}`;
  return (
    `account ${s.accountId}: ${plural(s.users, 'user')}, ${plural(s.roles, 'role')}, ${plural(s.groups, 'group')}, ${plural(s.managedPolicies, 'managed policy').replace('policys', 'policies')}, ` +
    `${plural(s.keys, 'key')}, ${plural(s.aliases, 'alias')}`.replace('aliass', 'aliases') +
    `, ${plural(s.grants, 'grant')}${s.regions.length ? ` in ${s.regions.join(', ')}` : ''}` +
    (s.organizationId ? `; organization ${s.organizationId}${s.managementAccount ? ' (the management account: no SCPs or RCPs apply)' : `, ${plural(s.scps, 'SCP')}, ${plural(s.rcps, 'RCP')}`}` : '')
  );
}
