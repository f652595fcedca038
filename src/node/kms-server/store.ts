// The state directory (`--state DIR`): the world survives restarts; a crash at any moment (kill -9
// included) loses nothing that was acknowledged, because the server answers a request only after
// the change it made is on disk; and nothing on disk is ever trusted, truncated or overwritten
// without a check.
//
//   DIR/master.key         32 random bytes (mode 0600): seals key material, and keys the MACs below
//   DIR/state.json         a checkpoint: the world without its audit log (key material sealed), the
//                          journal it continues in, and where in that journal it stands
//   DIR/journal-<n>.jsonl  append-only, one line per group commit: the records that changed (keys,
//                          aliases, grants, identities, clock, counters) and the new audit events.
//                          Never truncated or rewritten; POST /_lab/reset starts the next <n>
//   DIR/initial.json       the world as first loaded (scenario or empty), for POST /_lab/reset
//
// Integrity: state.json and initial.json carry an HMAC-SHA-256 (under a key derived from
// master.key) of their exact body; each journal line carries an HMAC chained over the previous
// line's, so a changed, removed, reordered or inserted line is found. At start-up anything that
// does not check out is refused with a message naming the file and what is wrong (the server exits
// non-zero). The one thing a crash can leave — an unfinished last journal line, never acknowledged —
// is kept, and a MACed marker line after it says it was unfinished.
//
// Group commit: every request waiting for the disk shares one journal append and one fdatasync.
// A change is detected by comparing each record's JSON with the one last journaled. state.json is
// rewritten (atomically: temp file, fsync, rename, fsync of the directory) at start, every
// CHECKPOINT_EVERY commits, on reset and on a clean stop.
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { promises as fs, constants as fsc } from 'node:fs';
import { join } from 'node:path';
import type { World, WorldState } from '@kms-lab/engine';
import { Vault } from './vault';

const STATE_FORMAT = 'kms-lab-server-state/2';
const LEGACY_FORMAT = 'kms-lab-server-state/1';
/** The last instant the simulated clock may show (server.ts refuses to move it further). */
export const MAX_CLOCK_MS = Date.parse('9999-12-31T23:59:59.999Z');
const CHECKPOINT_EVERY = 2000;

/** How callers are recognised in this world (kept with the world). */
export interface WorldMode {
  /** No scenario: every access key is the root user of account 111122223333. */
  anyKeyIsRoot: boolean;
}

export interface Snapshot {
  mode: WorldMode;
  /** The world's state as vault JSON text (audit log included). */
  worldText: string;
}

/** A refusal to use a state directory; the message names the file and what is wrong. */
class StateError extends Error {}

async function fsyncDir(dir: string): Promise<void> {
  const fd = await fs.open(dir, fsc.O_RDONLY);
  try {
    await fd.sync();
  } finally {
    await fd.close();
  }
}

/** Atomically replaces `path` with `data`: temp file, fsync, rename, fsync of the directory. */
async function writeFileAtomic(dir: string, name: string, data: string | Buffer, mode = 0o600): Promise<void> {
  const tmp = join(dir, `.${name}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  const fd = await fs.open(tmp, 'w', mode);
  try {
    await fd.writeFile(data);
    await fd.sync();
  } finally {
    await fd.close();
  }
  await fs.rename(tmp, join(dir, name));
  await fsyncDir(dir);
}

async function exists(path: string): Promise<boolean> {
  try {
    await fs.access(path);
    return true;
  } catch {
    return false;
  }
}

// ---- MACed files: {"format":"…","mac":"<64 hex>","body":<body>}\n ----

const FILE_PREFIX = `{"format":"${STATE_FORMAT}","mac":"`;
const FILE_MIDDLE = `","body":`;
const FILE_END = '}\n';

const hmacHex = (key: Buffer, data: string) => createHmac('sha256', key).update(data, 'utf8').digest('hex');
const sameHex = (a: string, b: string) => a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));

function macedFile(key: Buffer, body: string): string {
  return `${FILE_PREFIX}${hmacHex(key, body)}${FILE_MIDDLE}${body}${FILE_END}`;
}

/** Names what damage a sealed-material check finds in raw JSON, or says the master key is another. */
function diagnose(vault: Vault, raw: unknown, keyCheck: unknown): string {
  if (typeof keyCheck === 'string' && keyCheck !== vault.masterKeyCheck())
    return 'it was written under another master.key (master.key was replaced, or the state comes from another directory)';
  const damaged = vault.damagedSealed(raw);
  if (damaged.length) {
    const named = damaged.map((p) => {
      const key = /keys\["([^"]+)"\]/.exec(p);
      return key ? `key ${key[1]} (${p.slice(p.indexOf(']') + 1).replace(/^\./, '') || 'its material'})` : p;
    });
    return `the sealed key material of ${named.join(', ')} is damaged (a changed byte: it no longer opens under master.key, which is the right one)`;
  }
  return 'its content was changed after KMS Lab wrote it (a flipped byte or an edited record: a key state, the clock, an alias target…)';
}

/** The body text of a MACed file, checked; throws StateError naming `path` and what is wrong. */
function openMacedFile(path: string, text: string, vault: Vault): string {
  if (!text.startsWith(FILE_PREFIX) || text.slice(FILE_PREFIX.length + 64, FILE_PREFIX.length + 64 + FILE_MIDDLE.length) !== FILE_MIDDLE) {
    if (text.length < FILE_PREFIX.length + 64 + FILE_MIDDLE.length) throw new StateError(`${path}: truncated (${text.length} bytes, not even its header).`);
    throw new StateError(`${path}: not a ${STATE_FORMAT} file (its header was changed or it was written by something else).`);
  }
  const mac = text.slice(FILE_PREFIX.length, FILE_PREFIX.length + 64);
  if (!text.endsWith(FILE_END)) throw new StateError(`${path}: truncated (${text.length} bytes; the file ends before its end).`);
  const body = text.slice(FILE_PREFIX.length + 64 + FILE_MIDDLE.length, text.length - FILE_END.length);
  if (!sameHex(mac, hmacHex(vault.macKey(), body))) {
    let raw: { keyCheck?: unknown; world?: unknown } | undefined;
    try {
      raw = JSON.parse(body) as typeof raw;
    } catch {
      raw = undefined;
    }
    throw new StateError(`${path}: integrity check failed — ${raw ? diagnose(vault, raw.world ?? raw, raw.keyCheck) : 'it does not parse and does not match its MAC (a truncated or changed file)'}. The server will not start on it; restore the directory from a backup, or start with an empty --state directory.`);
  }
  return body;
}

function parseRecord<T>(path: string, text: string, what: string, vault: Vault): T {
  try {
    return vault.parse(text) as T;
  } catch (e) {
    throw new StateError(`${path}: ${what} does not parse: ${e instanceof Error ? e.message : String(e)}`);
  }
}

/** The checks a loaded world must pass: a clock the server can run, and records of the right shape. */
function checkWorldState(path: string, state: WorldState): void {
  const bad = (what: string) => new StateError(`${path}: ${what}. The server will not start on it.`);
  if (state === null || typeof state !== 'object') throw bad('the world is not an object');
  if (state.version !== 1) throw bad(`the world has version ${JSON.stringify(state.version)}, not 1`);
  if (typeof state.clockMs !== 'number' || !Number.isFinite(state.clockMs) || state.clockMs < 0 || state.clockMs > MAX_CLOCK_MS)
    throw bad(`the simulated clock (${JSON.stringify(state.clockMs)}) is out of range: it must be a time from 1970-01-01 to 9999-12-31T23:59:59.999Z`);
  for (const part of ['keys', 'aliases', 'grants', 'counters', 'identities'] as const)
    if (state[part] === null || typeof state[part] !== 'object' || Array.isArray(state[part])) throw bad(`the world's ${part} is not an object`);
  for (const [arn, key] of Object.entries(state.keys)) {
    if (key === null || typeof key !== 'object' || key.arn !== arn || typeof key.keyState !== 'string' || !Array.isArray(key.materials))
      throw bad(`the key record ${arn} is not a key record`);
  }
  for (const [arn, alias] of Object.entries(state.aliases))
    if (alias === null || typeof alias !== 'object' || alias.aliasArn !== arn || typeof alias.targetKeyArn !== 'string') throw bad(`the alias record ${arn} is not an alias record`);
  for (const [id, grant] of Object.entries(state.grants))
    if (grant === null || typeof grant !== 'object' || grant.grantId !== id || typeof grant.keyArn !== 'string') throw bad(`the grant record ${id} is not a grant record`);
  if (!Array.isArray(state.auditLog)) throw bad('the audit log is not a list');
}

// ---- the journal ----

interface JournalLine {
  g: number;
  audit?: unknown[];
  set?: { keys?: Record<string, unknown>; aliases?: Record<string, unknown>; grants?: Record<string, unknown> };
  del?: { keys?: string[]; aliases?: string[]; grants?: string[] };
  identities?: unknown;
  clockMs?: number;
  counters?: unknown;
  torn?: number;
}

interface ReadJournal {
  lines: JournalLine[];
  /** Chain MAC after each line's end offset (for checking where state.json stands). */
  macAt: Map<number, string>;
  bytes: number;
  mac: string;
  /** An unfinished last line (no newline) a crash left, and where it starts. */
  tornTail?: number;
}

const chainStart = (key: Buffer, name: string) => hmacHex(key, `kms-lab journal ${name}`);

function readJournal(path: string, name: string, buf: Buffer, vault: Vault): ReadJournal {
  const key = vault.macKey();
  let mac = chainStart(key, name);
  const macAt = new Map<number, string>([[0, mac]]);
  const lines: JournalLine[] = [];
  let at = 0;
  let lineNo = 0;
  let pendingBad: { offset: number; lineNo: number; text: string } | undefined;
  const refuse = (n: number, text: string) => {
    const json = text.slice(text.indexOf(' ') + 1);
    let raw: unknown;
    try {
      raw = JSON.parse(json);
    } catch {
      raw = undefined;
    }
    return new StateError(
      `${path}: line ${n}: integrity check failed — ${raw === undefined ? 'it does not parse and does not match its MAC (an edited, cut or inserted line)' : diagnose(vault, raw, undefined).replace('its content', "the line's content")}. The server will not start on it; restore the directory from a backup.`,
    );
  };
  while (at < buf.length) {
    const nl = buf.indexOf(0x0a, at);
    if (nl < 0) {
      if (pendingBad) throw refuse(pendingBad.lineNo, pendingBad.text);
      return { lines, macAt, bytes: at, mac, tornTail: at };
    }
    lineNo++;
    const text = buf.toString('utf8', at, nl);
    const space = text.indexOf(' ');
    const json = space === 64 ? text.slice(65) : '';
    const expected = hmacHex(key, `${mac}\n${json}`);
    if (space === 64 && sameHex(text.slice(0, 64), expected)) {
      const line = parseRecord<JournalLine>(path, json, `line ${lineNo}`, vault);
      if (line.torn !== undefined) {
        if (!pendingBad || pendingBad.offset !== line.torn) throw new StateError(`${path}: line ${lineNo}: a marker of an unfinished line names offset ${line.torn}, where there is none.`);
        pendingBad = undefined;
      } else {
        if (pendingBad) throw refuse(pendingBad.lineNo, pendingBad.text);
        lines.push(line);
      }
      mac = expected;
      at = nl + 1;
      macAt.set(at, mac);
    } else {
      if (pendingBad) throw refuse(pendingBad.lineNo, pendingBad.text);
      pendingBad = { offset: at, lineNo, text };
      at = nl + 1;
    }
  }
  if (pendingBad) throw refuse(pendingBad.lineNo, pendingBad.text);
  return { lines, macAt, bytes: at, mac };
}

/** JSON text of a line from parts already serialised (record texts are vault JSON). */
function lineText(g: number, parts: { audit: string[]; set: Record<string, [string, string][]>; del: Record<string, string[]>; identities?: string; clockMs: number; counters: string }): string {
  const obj = (entries: [string, string][]) => `{${entries.map(([k, t]) => `${JSON.stringify(k)}:${t}`).join(',')}}`;
  const set = Object.entries(parts.set).filter(([, e]) => e.length);
  const del = Object.entries(parts.del).filter(([, e]) => e.length);
  return [
    `{"g":${g}`,
    parts.audit.length ? `,"audit":[${parts.audit.join(',')}]` : '',
    set.length ? `,"set":{${set.map(([part, e]) => `"${part}":${obj(e)}`).join(',')}}` : '',
    del.length ? `,"del":${JSON.stringify(Object.fromEntries(del))}` : '',
    parts.identities !== undefined ? `,"identities":${parts.identities}` : '',
    `,"clockMs":${parts.clockMs},"counters":${parts.counters}}`,
  ].join('');
}

type RecordPart = 'keys' | 'aliases' | 'grants';
const PARTS: RecordPart[] = ['keys', 'aliases', 'grants'];

export class StateDir {
  private journalName = 'journal-1.jsonl';
  private journal: fs.FileHandle | undefined;
  private journalBytes = 0;
  private chainMac = '';
  private generation = 0;
  private checkpointGeneration = 0;
  /** Audit events of the current world already in the journal. */
  private journaled = 0;
  /** JSON of each record as last journaled (native JSON: a cheap fingerprint of its content). */
  private seen: Record<RecordPart, Map<string, string>> = { keys: new Map(), aliases: new Map(), grants: new Map() };
  private seenIdentities = '';
  private mode: WorldMode = { anyKeyIsRoot: true };

  private constructor(
    readonly dir: string,
    readonly vault: Vault,
    private readonly log: (m: string) => void,
  ) {}

  /**
   * Opens DIR (creating it and its master key when it holds nothing of a world yet). Refuses — with
   * a StateError that names the files — a directory that holds a journal or key material but no
   * state.json, and one whose master.key is missing or malformed while sealed material exists.
   */
  static async open(dir: string, log: (m: string) => void = () => undefined): Promise<StateDir> {
    await fs.mkdir(dir, { recursive: true, mode: 0o700 });
    // Temporary files of writes a crash interrupted: never renamed, so never part of the state.
    for (const f of await fs.readdir(dir)) if (/^\..+\.tmp$/.test(f)) await fs.rm(join(dir, f), { force: true });
    const files = await fs.readdir(dir);
    const ours = files.filter((f) => f === 'master.key' || f === 'initial.json' || /^(journal|audit)-\d+\.jsonl$/.test(f));
    const hasState = files.includes('state.json');
    const keyPath = join(dir, 'master.key');
    if (!hasState && ours.length)
      throw new StateError(
        `${join(dir, 'state.json')} is missing, but ${dir} holds ${ours.join(', ')}: refusing to start an empty world over existing data (and to overwrite its journal). Restore state.json, or use another --state directory. (If a first start was interrupted and nothing here matters, delete the directory.)`,
      );
    let key: Buffer;
    if (await exists(keyPath)) {
      key = await fs.readFile(keyPath);
      if (key.length !== 32) throw new StateError(`${keyPath}: not a 32-byte key (${key.length} bytes): the sealed key material cannot be opened. Restore master.key from a backup.`);
    } else if (hasState) {
      throw new StateError(`${keyPath} is missing, but ${join(dir, 'state.json')} holds key material sealed under it: refusing to start (a new master key would not open it, and none is written). Restore master.key from a backup.`);
    } else {
      key = randomBytes(32);
      await writeFileAtomic(dir, 'master.key', key, 0o600);
    }
    return new StateDir(dir, new Vault(key, log), log);
  }

  async hasSavedWorld(): Promise<boolean> {
    return exists(join(this.dir, 'state.json'));
  }

  /** Reads and checks the saved world: state.json, its journal (replayed past the checkpoint) and initial.json. */
  async load(): Promise<{ state: WorldState; mode: WorldMode; initial: Snapshot }> {
    const statePath = join(this.dir, 'state.json');
    const text = await fs.readFile(statePath, 'utf8');
    let state: WorldState;
    let head: { generation: number; mode: WorldMode; journal: string; journalBytes: number; journalMac: string; auditCount: number };
    const legacy = text.startsWith(`{"format":"${LEGACY_FORMAT}"`);
    if (legacy) {
      ({ state, head } = await this.loadLegacy(statePath, text));
    } else {
      const body = openMacedFile(statePath, text, this.vault);
      const parsed = parseRecord<typeof head & { world: WorldState }>(statePath, body, 'the checkpoint', this.vault);
      state = parsed.world;
      head = parsed;
      if (typeof head.journal !== 'string' || !/^journal-\d+\.jsonl$/.test(head.journal)) throw new StateError(`${statePath}: names no journal file.`);
      state.auditLog = [];
      const journalPath = join(this.dir, head.journal);
      const buf = (await exists(journalPath)) ? await fs.readFile(journalPath) : Buffer.alloc(0);
      const read = readJournal(journalPath, head.journal, buf, this.vault);
      const atCheckpoint = read.macAt.get(head.journalBytes);
      if (head.journalBytes > read.bytes) throw new StateError(`${journalPath}: ${read.bytes} bytes of whole lines, but state.json says ${head.journalBytes} were written: the journal was truncated or lost.`);
      if (atCheckpoint === undefined || !sameHex(atCheckpoint, head.journalMac))
        throw new StateError(`${journalPath}: does not match state.json (the journal was replaced, cut or rewritten up to the checkpoint).`);
      for (const line of read.lines) {
        if (line.audit) state.auditLog.push(...(line.audit as WorldState['auditLog']));
        if (line.g <= head.generation) continue;
        for (const part of PARTS) {
          for (const [id, rec] of Object.entries(line.set?.[part] ?? {})) Object.defineProperty(state[part], id, { value: rec, enumerable: true, writable: true, configurable: true });
          for (const id of line.del?.[part] ?? []) delete (state[part] as Record<string, unknown>)[id];
        }
        if (line.identities !== undefined) state.identities = line.identities as WorldState['identities'];
        if (line.clockMs !== undefined) state.clockMs = line.clockMs;
        if (line.counters !== undefined) state.counters = line.counters as WorldState['counters'];
        head.generation = line.g;
      }
      if (state.auditLog.length < head.auditCount) throw new StateError(`${journalPath}: ${state.auditLog.length} audit events, but state.json counts ${head.auditCount}: the journal lost lines.`);
      this.journalName = head.journal;
      this.journalBytes = read.bytes;
      this.chainMac = read.mac;
      if (read.tornTail !== undefined) {
        // An unfinished last line from a crash (never acknowledged): kept, and marked as such.
        this.journal = await fs.open(journalPath, fsc.O_WRONLY | fsc.O_APPEND, 0o600);
        const marker = `{"torn":${read.tornTail},"g":${head.generation}}`;
        const mac = hmacHex(this.vault.macKey(), `${this.chainMac}\n${marker}`);
        const add = `\n${mac} ${marker}\n`;
        await this.journal.write(add);
        await this.journal.datasync();
        this.chainMac = mac;
        this.journalBytes = buf.length + Buffer.byteLength(add);
        this.log(`kms-server: ${journalPath} ended in an unfinished line (a crash while writing; that request was never acknowledged): kept, and marked as unfinished.`);
      }
    }
    checkWorldState(statePath, state);
    this.generation = head.generation;
    this.checkpointGeneration = legacy ? -1 : head.generation;
    this.journaled = state.auditLog.length;
    this.mode = head.mode;
    const initialPath = join(this.dir, 'initial.json');
    if (!(await exists(initialPath))) throw new StateError(`${initialPath} is missing: POST /_lab/reset could not return to the world as loaded. Restore it from a backup.`);
    const initialText = await fs.readFile(initialPath, 'utf8');
    const initial = JSON.parse(openMacedFile(initialPath, initialText, this.vault)) as { mode: WorldMode; world: unknown };
    return { state, mode: head.mode, initial: { mode: initial.mode, worldText: JSON.stringify(initial.world) } };
  }

  /** A state directory from before integrity checks (format /1): read as it was, converted on the first save. */
  private async loadLegacy(statePath: string, text: string) {
    let saved: { mode: WorldMode; auditFile: string; auditCount: number; world: unknown };
    try {
      saved = JSON.parse(text) as typeof saved;
    } catch (e) {
      throw new StateError(`${statePath}: does not parse: ${e instanceof Error ? e.message : String(e)}`);
    }
    const state = this.vault.parse(JSON.stringify(saved.world)) as WorldState;
    const journalPath = join(this.dir, saved.auditFile);
    const lines = ((await exists(journalPath)) ? await fs.readFile(journalPath, 'utf8') : '').split('\n');
    if (lines.length - 1 < saved.auditCount) throw new StateError(`${journalPath}: ${lines.length - 1} audit events, ${saved.auditCount} expected.`);
    state.auditLog = lines.slice(0, saved.auditCount).map((l) => this.vault.parse(l)) as WorldState['auditLog'];
    // Kept as it was, beside the new files; initial.json gets its MAC.
    await fs.copyFile(statePath, join(this.dir, 'state.v1.json'));
    const initialPath = join(this.dir, 'initial.json');
    if (await exists(initialPath)) {
      const old = JSON.parse(await fs.readFile(initialPath, 'utf8')) as { format?: string; mode: WorldMode; world: unknown };
      if (old.format === LEGACY_FORMAT) await this.saveInitial({ mode: old.mode, worldText: JSON.stringify(old.world) });
    }
    this.log(`kms-server: ${statePath} is in the format before integrity checks (${LEGACY_FORMAT}); converted to ${STATE_FORMAT} (the old file is kept as state.v1.json).`);
    this.legacyConverted = true;
    return { state, head: { generation: 0, mode: saved.mode, journal: await this.nextJournalName(), journalBytes: 0, journalMac: '', auditCount: saved.auditCount } };
  }

  private legacyConverted = false;

  /** Call once the world runs (its key material made): journaling compares against what it holds now. */
  async attach(world: World): Promise<void> {
    await world.exclusive(async () => {
      const st = world.state;
      for (const part of PARTS) this.seen[part] = new Map(Object.entries(st[part]).map(([id, r]) => [id, JSON.stringify(r)]));
      this.seenIdentities = JSON.stringify(st.identities);
      this.lastClock = st.clockMs;
    });
    if (this.legacyConverted) {
      this.legacyConverted = false;
      await this.fresh(world, this.mode);
    }
  }

  async saveInitial(initial: Snapshot): Promise<void> {
    await writeFileAtomic(this.dir, 'initial.json', macedFile(this.vault.macKey(), `{"keyCheck":"${this.vault.masterKeyCheck()}","mode":${JSON.stringify(initial.mode)},"world":${initial.worldText}}`));
  }

  private async nextJournalName(): Promise<string> {
    const numbers = (await fs.readdir(this.dir)).map((f) => /^journal-(\d+)\.jsonl$/.exec(f)).filter((m) => m !== null).map((m) => Number(m[1]));
    return `journal-${Math.max(0, ...numbers) + 1}.jsonl`;
  }

  /**
   * A new world (first start, reset, a converted legacy state): a checkpoint that starts a new
   * journal file, then the world's audit events as its first line. Old journals are kept.
   */
  async fresh(world: World, mode: WorldMode): Promise<void> {
    await this.journal?.close();
    this.journal = undefined;
    this.mode = mode;
    this.journalName = await this.nextJournalName();
    this.chainMac = chainStart(this.vault.macKey(), this.journalName);
    this.journalBytes = 0;
    this.journaled = 0;
    await world.exclusive(async () => {
      const st = world.state;
      for (const part of PARTS) this.seen[part] = new Map(Object.entries(st[part]).map(([id, r]) => [id, JSON.stringify(r)]));
      this.seenIdentities = JSON.stringify(st.identities);
    });
    await this.checkpoint(world);
    await this.save(world);
  }

  /** Rewrites state.json from the running world (atomically), pointing at the journal's current end. */
  async checkpoint(world: World): Promise<void> {
    const text = await world.exclusive(async () => {
      const st = world.state;
      await this.vault.prepare(st);
      const worldText = this.vault.stringify({ ...st, auditLog: [] });
      const head = { keyCheck: this.vault.masterKeyCheck(), generation: this.generation, mode: this.mode, journal: this.journalName, journalBytes: this.journalBytes, journalMac: this.chainMac, auditCount: this.journaled };
      return `${JSON.stringify(head).slice(0, -1)},"world":${worldText}}`;
    });
    await writeFileAtomic(this.dir, 'state.json', macedFile(this.vault.macKey(), text));
    this.checkpointGeneration = this.generation;
  }

  /**
   * One group commit: the records that changed since the last one and the new audit events, as one
   * MACed journal line, appended and fdatasync'ed. Resolves once the line is on disk.
   */
  async save(world: World): Promise<void> {
    const line = await world.exclusive(async () => {
      const st = world.state;
      const set: Record<string, [string, string][]> = {};
      const del: Record<string, string[]> = {};
      for (const part of PARTS) {
        const seen = this.seen[part];
        const records = st[part] as Record<string, unknown>;
        const changed: [string, unknown][] = [];
        for (const [id, r] of Object.entries(records)) {
          const fp = JSON.stringify(r);
          if (seen.get(id) !== fp) {
            changed.push([id, r]);
            seen.set(id, fp);
          }
        }
        const gone = [...seen.keys()].filter((id) => !Object.hasOwn(records, id));
        for (const id of gone) seen.delete(id);
        await this.vault.prepare(changed.map(([, r]) => r));
        set[part] = changed.map(([id, r]) => [id, this.vault.stringify(r)]);
        del[part] = gone;
      }
      const ids = JSON.stringify(st.identities);
      const identities = ids !== this.seenIdentities ? this.vault.stringify(st.identities) : undefined;
      this.seenIdentities = ids;
      const audit = st.auditLog.slice(this.journaled).map((e) => this.vault.stringify(e));
      const empty = !audit.length && !identities && PARTS.every((p) => !set[p].length && !del[p].length);
      const auditLength = st.auditLog.length;
      return { text: empty && st.clockMs === this.lastClock ? undefined : lineText(this.generation + 1, { audit, set, del, identities, clockMs: st.clockMs, counters: JSON.stringify(st.counters) }), auditLength, clockMs: st.clockMs };
    });
    if (line.text === undefined) return;
    const mac = hmacHex(this.vault.macKey(), `${this.chainMac}\n${line.text}`);
    const data = `${mac} ${line.text}\n`;
    try {
      this.journal ??= await fs.open(join(this.dir, this.journalName), fsc.O_WRONLY | fsc.O_CREAT | fsc.O_APPEND, 0o600);
      await this.journal.write(data);
      await this.journal.datasync();
    } catch (e) {
      // What was compared is not on disk: compare everything again next time.
      for (const part of PARTS) this.seen[part].clear();
      this.seenIdentities = '';
      throw e;
    }
    this.chainMac = mac;
    this.journalBytes += Buffer.byteLength(data);
    this.generation++;
    this.journaled = line.auditLength;
    this.lastClock = line.clockMs;
    if (this.generation - this.checkpointGeneration >= CHECKPOINT_EVERY) await this.checkpoint(world);
  }

  private lastClock = NaN;

  async close(world?: World): Promise<void> {
    if (world) await this.checkpoint(world);
    await this.journal?.close();
    this.journal = undefined;
  }
}
