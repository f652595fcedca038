// The state directory (`--state DIR`): the world survives restarts, and a crash at any moment
// (kill -9 included) loses nothing that was acknowledged, because the server answers a request only
// after the change it made is on disk.
//
//   DIR/master.key        32 random bytes (mode 0600): the vault's master key; seals key material
//   DIR/state.json        the world without its audit log (key material sealed), plus how many
//                         audit events belong to it and in which journal file they are
//   DIR/audit-<n>.jsonl   the audit log, one event a line, append-only (only the first
//                         `auditCount` lines count: a tail written before a crash is dropped)
//   DIR/initial.json      the world as loaded (scenario or empty), for POST /_lab/reset
//
// Every whole-file write is atomic: write a temporary file, fsync it, rename it over the old one,
// fsync the directory. The journal is appended and fsynced before state.json names its new length.
import { randomBytes } from 'node:crypto';
import { promises as fs, constants as fsc } from 'node:fs';
import { join } from 'node:path';
import type { World, WorldState } from '../../engine/index';
import { Vault } from './vault';

export const STATE_FORMAT = 'kms-lab-server-state/1';

/** How callers are recognised in this world (kept with the world). */
export interface WorldMode {
  /** No scenario: every access key is the root user of account 111122223333. */
  anyKeyIsRoot: boolean;
}

export interface Snapshot {
  mode: WorldMode;
  /** The world's state as vault JSON text (auditLog included unless `auditLines` is given). */
  worldText: string;
}

async function fsyncDir(dir: string): Promise<void> {
  const fd = await fs.open(dir, fsc.O_RDONLY);
  try {
    await fd.sync();
  } finally {
    await fd.close();
  }
}

/** Atomically replaces `path` with `data`: temp file, fsync, rename, fsync of the directory. */
export async function writeFileAtomic(dir: string, name: string, data: string | Buffer, mode = 0o600): Promise<void> {
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

/**
 * Serialises a world inside its queue (so no call is half-applied): the state as text, without the
 * audit log when `auditFrom` is a number, and then the audit events from that index on, one text each.
 */
export async function snapshotWorld(
  world: World,
  vault: Vault,
  auditFrom: number | 'inline',
): Promise<{ text: string; audit: string[]; auditLength: number }> {
  return world.exclusive(async () => {
    const state = world.state;
    await vault.prepare(state);
    if (auditFrom === 'inline') return { text: vault.stringify(state), audit: [], auditLength: state.auditLog.length };
    const text = vault.stringify({ ...state, auditLog: [] });
    const from = auditFrom <= state.auditLog.length ? auditFrom : 0;
    return { text, audit: state.auditLog.slice(from).map((e) => vault.stringify(e)), auditLength: state.auditLog.length };
  });
}

export class StateDir {
  private journalName = 'audit-1.jsonl';
  private journalGeneration = 1;
  /** Audit events of the current world already in the journal. */
  private journaled = 0;
  private journal: fs.FileHandle | undefined;

  private constructor(
    readonly dir: string,
    readonly vault: Vault,
  ) {}

  /** Opens (or creates) DIR and its master key. */
  static async open(dir: string, warn?: (m: string) => void): Promise<StateDir> {
    await fs.mkdir(dir, { recursive: true, mode: 0o700 });
    // Temporary files of writes a crash interrupted: never renamed, so never part of the state.
    for (const f of await fs.readdir(dir)) if (/^\..+\.tmp$/.test(f)) await fs.rm(join(dir, f), { force: true });
    const keyPath = join(dir, 'master.key');
    let key: Buffer;
    if (await exists(keyPath)) {
      key = await fs.readFile(keyPath);
      if (key.length !== 32) throw new Error(`${keyPath} is not a 32-byte key.`);
    } else {
      key = randomBytes(32);
      await writeFileAtomic(dir, 'master.key', key, 0o600);
    }
    return new StateDir(dir, new Vault(key, warn));
  }

  async hasSavedWorld(): Promise<boolean> {
    return exists(join(this.dir, 'state.json'));
  }

  /** Reads the saved world: its state (with the journal's first `auditCount` events), mode and the initial snapshot. */
  async load(): Promise<{ state: WorldState; mode: WorldMode; initial: Snapshot }> {
    const saved = JSON.parse(await fs.readFile(join(this.dir, 'state.json'), 'utf8')) as {
      format: string;
      mode: WorldMode;
      auditFile: string;
      auditGeneration: number;
      auditCount: number;
      world: unknown;
    };
    if (saved.format !== STATE_FORMAT) throw new Error(`${join(this.dir, 'state.json')}: not a ${STATE_FORMAT} file.`);
    const state = this.vault.parse(JSON.stringify(saved.world)) as WorldState;
    // The journal: keep exactly the acknowledged events; cut any tail a crash left behind.
    const journalPath = join(this.dir, saved.auditFile);
    const text = (await exists(journalPath)) ? await fs.readFile(journalPath, 'utf8') : '';
    const lines: string[] = [];
    let bytes = 0;
    let start = 0;
    while (lines.length < saved.auditCount) {
      const nl = text.indexOf('\n', start);
      if (nl < 0) break;
      lines.push(text.slice(start, nl));
      start = nl + 1;
      bytes = Buffer.byteLength(text.slice(0, start));
    }
    if (lines.length < saved.auditCount) throw new Error(`${journalPath}: ${lines.length} audit events, ${saved.auditCount} expected.`);
    state.auditLog = lines.map((l) => this.vault.parse(l)) as WorldState['auditLog'];
    this.journalName = saved.auditFile;
    this.journalGeneration = saved.auditGeneration;
    this.journaled = lines.length;
    this.journal = await fs.open(journalPath, fsc.O_RDWR | fsc.O_CREAT | fsc.O_APPEND, 0o600);
    await this.journal.truncate(bytes);
    await this.journal.sync();
    const initial = JSON.parse(await fs.readFile(join(this.dir, 'initial.json'), 'utf8')) as { mode: WorldMode; world: unknown };
    return { state, mode: saved.mode, initial: { mode: initial.mode, worldText: JSON.stringify(initial.world) } };
  }

  async saveInitial(initial: Snapshot): Promise<void> {
    await writeFileAtomic(this.dir, 'initial.json', `{"format":"${STATE_FORMAT}","mode":${JSON.stringify(initial.mode)},"world":${initial.worldText}}\n`);
  }

  /**
   * Saves the world: appends audit events not yet in the journal (fsync), then replaces state.json.
   * With `fresh` (a new world: first start, reset) the journal starts over in a new file.
   */
  async save(world: World, mode: WorldMode, fresh = false): Promise<void> {
    const snap = await snapshotWorld(world, this.vault, fresh ? 0 : this.journaled);
    // A log shorter than the journal belongs to another world: snapshotWorld then gave all of it.
    if (fresh || snap.auditLength < this.journaled) {
      // A new journal file, complete, then state.json switches to it; the old file goes last.
      const old = this.journalName;
      await this.journal?.close();
      this.journalGeneration++;
      this.journalName = `audit-${this.journalGeneration}.jsonl`;
      await writeFileAtomic(this.dir, this.journalName, snap.audit.map((l) => `${l}\n`).join(''));
      this.journal = await fs.open(join(this.dir, this.journalName), fsc.O_RDWR | fsc.O_APPEND, 0o600);
      this.journaled = snap.auditLength;
      await this.writeState(snap.text, mode);
      if (old !== this.journalName) await fs.rm(join(this.dir, old), { force: true });
      return;
    }
    if (snap.audit.length) {
      if (!this.journal) this.journal = await fs.open(join(this.dir, this.journalName), fsc.O_RDWR | fsc.O_CREAT | fsc.O_APPEND, 0o600);
      await this.journal.write(snap.audit.map((l) => `${l}\n`).join(''));
      await this.journal.sync();
      this.journaled = snap.auditLength;
    }
    await this.writeState(snap.text, mode);
  }

  private async writeState(worldText: string, mode: WorldMode): Promise<void> {
    const head = { format: STATE_FORMAT, mode, auditFile: this.journalName, auditGeneration: this.journalGeneration, auditCount: this.journaled };
    await writeFileAtomic(this.dir, 'state.json', `${JSON.stringify(head).slice(0, -1)},"world":${worldText}}\n`);
  }

  async close(): Promise<void> {
    await this.journal?.close();
    this.journal = undefined;
  }
}
