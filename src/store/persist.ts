/**
 * The workspace in IndexedDB (via idb): the world (keys with their non-extractable CryptoKeys,
 * aliases, policies, the audit log, the clock), the region and selection, the workbench's
 * ciphertext and the envelopes the user made. Loaded before the first render of data, saved after
 * each change (debounced). If storage is full or unavailable the app keeps working in memory and
 * says so; nothing already saved is overwritten by a workspace this version cannot read.
 *
 * Two versions: the IndexedDB database version (object stores, upgraded in `upgrade`) and the
 * workspace record's `schema` (its shape, upgraded by `migrateWorkspace`, a pure function).
 */
import { openDB, type DBSchema, type IDBPDatabase } from 'idb';
import type { StoreApi } from 'zustand';
import type { LabState } from './types';
import type { WorldState } from '@kms-lab/engine';
import type { Artefact } from './workspace';
import type { CreatedKey } from './keys';
import type { ContextPair, EncryptOutput, HeldCiphertext } from './workbench';
import type { CallRecord } from './kms-calls';
import { newPair } from './workbench';

export const DB_NAME = 'kms-lab';
const DB_VERSION = 1;
export const WORKSPACE_SCHEMA = 2;
const WORKSPACE_KEY = 'current';
/** Envelopes larger than this stay in memory only (with a note); the total kept is bounded too. */
const MAX_PERSISTED_ARTEFACT_BYTES = 64 * 1024 * 1024;
const MAX_PERSISTED_TOTAL_BYTES = 160 * 1024 * 1024;
const SAVE_DELAY_MS = 400;

/** The saved workspace record, schema 2. */
export interface SavedWorkspace {
  schema: typeof WORKSPACE_SCHEMA;
  savedAt: number;
  world: WorldState;
  session: { region: string; createdKeys: CreatedKey[]; selectedKeyId: string | null };
  workbench: {
    plaintext: string;
    encryptKeyId: string;
    encryptContext: [string, string][];
    decryptContext: [string, string][];
    encryptCall: CallRecord<EncryptOutput> | null;
    ciphertext: HeldCiphertext | null;
    encryptedText: string | null;
  } | null;
  /** Ids of the envelopes saved in the `artefacts` store, newest first. */
  artefactIds: string[];
}

interface LabDB extends DBSchema {
  workspace: { key: string; value: unknown };
  artefacts: { key: string; value: Artefact };
}

/**
 * Brings any saved record up to the current schema, or returns null when it cannot be read
 * (unknown shape, or a newer schema than this app knows — in which case it must not be overwritten).
 *
 * - schema 1 (the first release): `{ schema: 1, world, region }` — no workbench, no envelopes.
 */
export function migrateWorkspace(raw: unknown): { workspace: SavedWorkspace | null; newer: boolean } {
  if (!raw || typeof raw !== 'object') return { workspace: null, newer: false };
  const r = raw as Record<string, unknown>;
  const schema = typeof r.schema === 'number' ? r.schema : 0;
  if (schema > WORKSPACE_SCHEMA) return { workspace: null, newer: true };
  if (!r.world || typeof r.world !== 'object') return { workspace: null, newer: false };
  let w = r;
  if (schema <= 1) {
    w = {
      schema: 2,
      savedAt: typeof r.savedAt === 'number' ? r.savedAt : 0,
      world: r.world,
      session: { region: typeof r.region === 'string' ? r.region : 'us-east-1', createdKeys: [], selectedKeyId: null },
      workbench: null,
      artefactIds: [],
    };
  }
  return { workspace: w as unknown as SavedWorkspace, newer: false };
}

let dbPromise: Promise<IDBPDatabase<LabDB>> | null = null;

function db(): Promise<IDBPDatabase<LabDB>> {
  if (typeof indexedDB === 'undefined') return Promise.reject(new Error('IndexedDB is not available in this browser.'));
  dbPromise ??= openDB<LabDB>(DB_NAME, DB_VERSION, {
    upgrade(database, oldVersion) {
      // Version 1: one record for the workspace, one record per envelope (Blobs, stored as they are).
      if (oldVersion < 1) {
        database.createObjectStore('workspace');
        database.createObjectStore('artefacts', { keyPath: 'id' });
      }
    },
    blocked() {
      /* another tab holds an older version open; it will close on its own reload */
    },
  });
  dbPromise.catch(() => {
    dbPromise = null;
  });
  return dbPromise;
}

export interface LoadedWorkspace {
  workspace: SavedWorkspace | null;
  artefacts: Artefact[];
  /** Set when a saved workspace exists but this app cannot use it. */
  problem?: { kind: 'unavailable' | 'read-only'; message: string };
}

async function loadWorkspace(): Promise<LoadedWorkspace> {
  try {
    const d = await db();
    const raw = await d.get('workspace', WORKSPACE_KEY);
    const { workspace, newer } = migrateWorkspace(raw);
    if (newer)
      return {
        workspace: null,
        artefacts: [],
        problem: { kind: 'read-only', message: 'Your saved workspace was made by a newer version of KMS Lab. It is left untouched; this tab works in memory only.' },
      };
    if (!workspace) return { workspace: null, artefacts: [] };
    const artefacts = (await Promise.all(workspace.artefactIds.map((id) => d.get('artefacts', id)))).filter((a): a is Artefact => Boolean(a));
    return { workspace, artefacts };
  } catch (e) {
    return { workspace: null, artefacts: [], problem: { kind: 'unavailable', message: storageMessage(e) } };
  }
}

function isQuota(e: unknown): boolean {
  return e instanceof DOMException && (e.name === 'QuotaExceededError' || e.code === 22);
}

function storageMessage(e: unknown): string {
  if (isQuota(e)) return 'Browser storage is full, so your latest changes are kept in this tab only. Remove large envelopes or free up disk space; saving resumes with your next change.';
  return `Browser storage is unavailable (${e instanceof Error ? e.message : String(e)}), so this workspace lives in this tab only and will be lost on reload.`;
}

const pairs = (ps: ContextPair[]): [string, string][] => ps.map((p) => [p.key, p.value]);

/** The record to save for the current state (artefacts chosen within the storage bounds). */
function snapshot(s: LabState): { record: SavedWorkspace; artefacts: Artefact[] } | null {
  if (!s.world) return null;
  const artefacts: Artefact[] = [];
  let total = 0;
  for (const a of s.artefacts) {
    if (a.size > MAX_PERSISTED_ARTEFACT_BYTES || total + a.size > MAX_PERSISTED_TOTAL_BYTES) continue;
    total += a.size;
    artefacts.push(a);
  }
  return {
    record: {
      schema: WORKSPACE_SCHEMA,
      savedAt: Date.now(),
      world: s.world.exportState(),
      session: { region: s.region, createdKeys: s.createdKeys, selectedKeyId: s.selectedKeyId },
      workbench: {
        plaintext: s.plaintext,
        encryptKeyId: s.encryptKeyId,
        encryptContext: pairs(s.encryptContext),
        decryptContext: pairs(s.decryptContext),
        encryptCall: s.encryptCall,
        ciphertext: s.ciphertext,
        encryptedText: s.encryptedText,
      },
      artefactIds: artefacts.map((a) => a.id),
    },
    artefacts,
  };
}

async function save(s: LabState): Promise<void> {
  const snap = snapshot(s);
  if (!snap) return;
  const d = await db();
  const tx = d.transaction(['workspace', 'artefacts'], 'readwrite');
  const artefactStore = tx.objectStore('artefacts');
  const keep = new Set(snap.record.artefactIds);
  const existing = new Set(await artefactStore.getAllKeys());
  for (const id of existing) if (!keep.has(id)) await artefactStore.delete(id);
  for (const a of snap.artefacts) if (!existing.has(a.id)) await artefactStore.put(a);
  await tx.objectStore('workspace').put(snap.record, WORKSPACE_KEY);
  await tx.done;
}

async function clearSavedWorkspace(): Promise<void> {
  const d = await db();
  const tx = d.transaction(['workspace', 'artefacts'], 'readwrite');
  await tx.objectStore('workspace').clear();
  await tx.objectStore('artefacts').clear();
  await tx.done;
}

/** Fields whose change is worth a save (progress ticks and UI-only state are not). */
function changed(a: LabState, b: LabState): boolean {
  return (
    a.world !== b.world ||
    a.now !== b.now ||
    a.region !== b.region ||
    a.keys !== b.keys ||
    a.aliases !== b.aliases ||
    a.createdKeys !== b.createdKeys ||
    a.selectedKeyId !== b.selectedKeyId ||
    a.artefacts !== b.artefacts ||
    a.encryptCall !== b.encryptCall ||
    a.ciphertext !== b.ciphertext ||
    a.decryptContext !== b.decryptContext ||
    a.encryptContext !== b.encryptContext ||
    a.plaintext !== b.plaintext ||
    a.encryptKeyId !== b.encryptKeyId
  );
}

let started = false;
let timer: ReturnType<typeof setTimeout> | null = null;
let saving: Promise<void> = Promise.resolve();
/** When the saved record must not be overwritten (newer schema), saving stays off. */
let readOnly = false;

/** Saves now (after any save in progress). Exposed for "save before reload" and tests. */
function flushSave(store: StoreApi<LabState>): Promise<void> {
  if (timer) {
    clearTimeout(timer);
    timer = null;
  }
  if (readOnly) return saving;
  saving = saving.then(async () => {
    try {
      await save(store.getState());
      store.getState().setPersist({ kind: 'saved', at: Date.now() });
    } catch (e) {
      store.getState().setPersist(isQuota(e) ? { kind: 'full', message: storageMessage(e) } : { kind: 'unavailable', message: storageMessage(e) });
    }
  });
  return saving;
}

function schedule(store: StoreApi<LabState>) {
  if (readOnly) return;
  if (timer) clearTimeout(timer);
  const p = store.getState().persist;
  if (p.kind === 'saved') store.getState().setPersist({ kind: 'unsaved' });
  timer = setTimeout(() => void flushSave(store), SAVE_DELAY_MS);
}

/**
 * Starts the app: loads the saved workspace, boots the engine from it (or fresh), restores the
 * session, then saves after every change. Call once, before data is shown.
 */
export async function startWorkspace(store: StoreApi<LabState>): Promise<void> {
  if (started) return;
  started = true;
  const loaded = await loadWorkspace();
  const s = store.getState();
  let restored = false;
  if (loaded.workspace) {
    try {
      await s.boot({ state: loaded.workspace.world });
      restored = store.getState().world !== null && !store.getState().bootError;
    } catch {
      restored = false;
    }
    if (!restored) {
      // The saved world could not be read by this engine: keep it on disk, work in memory.
      readOnly = true;
      store.setState({ bootError: null });
      await store.getState().boot();
      store.getState().setPersist({ kind: 'read-only', message: 'Your saved workspace could not be restored by this version. It is left untouched; this tab works in memory only.' });
    }
  } else {
    await s.boot();
  }
  if (restored && loaded.workspace) {
    const w = loaded.workspace;
    const wb = w.workbench;
    store.setState({
      createdKeys: w.session.createdKeys,
      artefacts: loaded.artefacts,
      ...(wb
        ? {
            plaintext: wb.plaintext,
            encryptKeyId: wb.encryptKeyId,
            encryptContext: wb.encryptContext.map(([k, v]) => newPair(k, v)),
            decryptContext: wb.decryptContext.map(([k, v]) => newPair(k, v)),
            encryptCall: wb.encryptCall,
            ciphertext: wb.ciphertext,
            encryptedText: wb.encryptedText,
          }
        : {}),
    });
    if (w.session.region !== store.getState().region) await store.getState().setRegion(w.session.region);
    if (w.session.selectedKeyId && store.getState().keys.some((k) => k.KeyId === w.session.selectedKeyId)) store.getState().selectKey(w.session.selectedKeyId);
  }
  if (loaded.problem) {
    readOnly = loaded.problem.kind === 'read-only';
    store.getState().setPersist(loaded.problem);
  } else if (!readOnly) {
    store.getState().setPersist(restored ? { kind: 'saved', at: Date.now() } : { kind: 'unsaved' });
  }

  // Save after each change: every KMS call (the world changes inside the engine) and every store change.
  let unsubscribeWorld: (() => void) | null = null;
  const watchWorld = () => {
    unsubscribeWorld?.();
    unsubscribeWorld = store.getState().world?.subscribe(() => schedule(store)) ?? null;
  };
  watchWorld();
  store.subscribe((next, prev) => {
    if (next.world !== prev.world) watchWorld();
    if (changed(next, prev)) schedule(store);
  });
  if (!restored && !readOnly && loaded.problem?.kind !== 'unavailable') schedule(store);
  if (typeof window !== 'undefined') {
    window.addEventListener('pagehide', () => void flushSave(store));
  }
}

/**
 * Stops saving for the rest of this tab's life: the saved workspace is left untouched while the
 * tab works in memory (a blank workspace for screen sharing, a shared scenario opened "in this tab
 * only"). Reloading without the link brings the saved workspace back.
 */
export async function stopSaving(store: StoreApi<LabState>, message: string): Promise<void> {
  // What the user did up to now is kept: a pending save goes through first.
  if (timer) await flushSave(store);
  else await saving;
  readOnly = true;
  store.getState().setPersist({ kind: 'read-only', message });
}

/**
 * Stops saving for good in this page and closes the database, so it can be deleted ("Reset for the
 * next class"; the page reloads afterwards). A save in progress finishes first.
 */
export async function closeWorkspaceStorage(): Promise<void> {
  if (timer) clearTimeout(timer);
  timer = null;
  readOnly = true;
  await saving;
  const open = dbPromise;
  dbPromise = null;
  if (open) (await open.catch(() => null))?.close();
}

/** Forgets the saved workspace and starts a fresh one (the caller asks for confirmation). */
export async function newWorkspace(store: StoreApi<LabState>): Promise<void> {
  if (timer) clearTimeout(timer);
  timer = null;
  await saving;
  try {
    await clearSavedWorkspace();
    readOnly = false;
  } catch {
    /* storage unavailable: the fresh workspace lives in memory, as before */
  }
  await store.getState().startFresh();
  if (!readOnly) await flushSave(store);
}
