// npm run import-aws -- DIR|ZIP --out FILE.json [--force] [--quiet]
// Turns the saved outputs of read-only AWS CLI commands (scripts/collect-aws.sh makes DIR) into a
// kms-scenario/1 file (docs/aws-import.md). The conversion is src/import-aws, the same code the app's
// "Open AWS export" runs; this file only reads the folder and writes the result.
// Exit status: 0 written (what could not be placed is listed on standard error); 2 refused.
import { closeSync, lstatSync, openSync, readdirSync, readFileSync, statSync, writeSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import {
  decodeText,
  importAwsExport,
  importAwsZip,
  MAX_FILE_BYTES,
  MAX_TOTAL_BYTES,
  noteLines,
  planExport,
  summaryLine,
  type ImportResult,
} from '../import-aws';

const USAGE = 'usage: npm run import-aws -- DIR|EXPORT.zip --out FILE.json [--force] [--quiet]   (--out - writes to standard output)';

interface Options {
  input: string;
  out: string;
  force: boolean;
  quiet: boolean;
}

function parseArgs(argv: string[]): Options | string {
  let input: string | undefined;
  let out: string | undefined;
  let force = false;
  let quiet = false;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--force') force = true;
    else if (a === '--quiet') quiet = true;
    else if (a === '--out' || a.startsWith('--out=')) {
      out = a.includes('=') ? a.slice(a.indexOf('=') + 1) : argv[++i];
      if (!out) return '--out takes a file name (or - for standard output)';
    } else if (a === '--help' || a === '-h') return USAGE;
    else if (a.startsWith('--')) return `unknown option ${a}`;
    else if (input === undefined) input = a;
    else return `one export at a time (got ${input} and ${a})`;
  }
  if (!input) return 'no export folder given';
  if (!out) return 'no --out file given (the scenario is written there; --out - for standard output)';
  return { input, out, force, quiet };
}

/** Every regular file under `dir` (symbolic links are not followed: an export is plain files). */
function walk(dir: string, root = dir, out: { path: string; size: number }[] = []): { path: string; size: number }[] {
  for (const name of readdirSync(dir)) {
    const full = join(dir, name);
    const st = lstatSync(full);
    if (st.isDirectory()) walk(full, root, out);
    else if (st.isFile()) out.push({ path: relative(root, full).split(sep).join('/'), size: st.size });
  }
  return out;
}

function readFolder(dir: string): ImportResult {
  const listed = walk(dir);
  let plan;
  try {
    plan = planExport(listed.map((f) => f.path));
  } catch (e) {
    return { ok: false, error: { file: dir, path: '', message: (e as Error).message, text: `${dir}: ${(e as Error).message}` } };
  }
  const sizes = new Map(listed.map((f) => [f.path, f.size]));
  let total = 0;
  const files = new Map<string, string>();
  for (const r of plan.read) {
    const size = sizes.get(r.given) ?? 0;
    total += size;
    // Sizes first: a huge file is refused before it is read.
    const fail = (message: string): ImportResult => ({ ok: false, error: { file: r.path, path: '', message, text: `${r.path}: ${message}` } });
    if (size > MAX_FILE_BYTES) return fail(`the file is ${Math.round(size / 1048576)} MiB; the import reads files up to ${MAX_FILE_BYTES / 1048576} MiB`);
    if (total > MAX_TOTAL_BYTES) return fail(`the export is over ${MAX_TOTAL_BYTES / 1048576} MiB in all; the import reads up to that`);
    try {
      files.set(r.path, decodeText(r.path, readFileSync(join(dir, r.given))));
    } catch (e) {
      return fail((e as Error).message);
    }
  }
  return importAwsExport(files, { ignored: plan.ignored, source: dir });
}

function main(): number {
  const opts = parseArgs(process.argv.slice(2));
  if (typeof opts === 'string') {
    process.stderr.write(`import-aws: ${opts}\n${opts === USAGE ? '' : USAGE + '\n'}`);
    return 2;
  }
  let st;
  try {
    st = statSync(opts.input);
  } catch (e) {
    process.stderr.write(`import-aws: cannot read ${opts.input}: ${(e as Error).message}\n`);
    return 2;
  }
  let result: ImportResult;
  if (st.isDirectory()) result = readFolder(opts.input);
  else if (st.size > MAX_TOTAL_BYTES) {
    process.stderr.write(`import-aws: ${opts.input} is over ${MAX_TOTAL_BYTES / 1048576} MiB\n`);
    return 2;
  } else result = importAwsZip(readFileSync(opts.input), opts.input);
  if (!result.ok) {
    process.stderr.write(`import-aws: ${opts.input} was not imported:\n  ${result.error.text}\n`);
    return 2;
  }
  const text = JSON.stringify(result.scenario, null, 2) + '\n';
  if (opts.out === '-') process.stdout.write(text);
  else {
    let fd: number;
    try {
      // 'wx' refuses an existing file atomically: an earlier import (or anything else) is never overwritten by surprise.
      fd = openSync(opts.out, opts.force ? 'w' : 'wx');
    } catch (e) {
      const err = e as NodeJS.ErrnoException;
      process.stderr.write(
        err.code === 'EEXIST'
          ? `import-aws: ${opts.out} exists; not overwritten (choose another --out, or add --force to replace it)\n`
          : `import-aws: cannot write ${opts.out}: ${err.message}\n`,
      );
      return 2;
    }
    writeSync(fd, text);
    closeSync(fd);
  }
  const warnings = result.notes.filter((n) => n.severity === 'warning').length;
  process.stderr.write(`import-aws: ${summaryLine(result.summary)}\n`);
  if (!opts.quiet) for (const line of noteLines(result.notes)) process.stderr.write(`  ${line}\n`);
  process.stderr.write(
    `import-aws: ${opts.out === '-' ? 'wrote the scenario to standard output' : `wrote ${opts.out}`}; ${warnings ? `${warnings} thing${warnings === 1 ? '' : 's'} could not be placed as in AWS (listed above${opts.quiet ? '; run without --quiet to see them' : ''})` : 'everything was placed'}. Keys get fresh key material in the lab: the real material never leaves AWS.\n`,
  );
  return 0;
}

process.exitCode = main();
