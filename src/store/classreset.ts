/**
 * "Reset for the next class": everything this browser holds for KMS Lab — the workspace database
 * (keys, aliases, policies, identities, the audit log, envelopes), the progress database (lesson
 * progress and predictions, exam history), and the app's localStorage and sessionStorage entries
 * (preferences) — is deleted, then the page reloads into a fresh, empty app. The service worker's
 * cache of the app itself stays (so it still works offline); it holds no class data.
 */
import { DB_NAME, closeWorkspaceStorage } from './persist';
import { PROGRESS_DB, closeProgressStorage, useProgress } from './progress';
import type { LabState } from './types';

/** Storage names that belong to the app: its databases and storage keys all start with this. */
const APP_PREFIX = 'kms-lab';

/** What a reset takes away, counted for the confirmation. */
export interface ClassInventory {
  keys: number;
  aliases: number;
  principals: number;
  auditEvents: number;
  envelopes: number;
  lessonsStarted: number;
  lessonsCompleted: number;
  examAttempts: number;
}

export function inventory(lab: Pick<LabState, 'world' | 'artefacts'>): ClassInventory {
  const w = lab.world?.state;
  const p = useProgress.getState().progress;
  const lessons = Object.values(p.lessons);
  return {
    keys: w ? Object.keys(w.keys).length : 0,
    aliases: w ? Object.keys(w.aliases).length : 0,
    principals: w ? Object.keys(w.identities.principals).length : 0,
    auditEvents: w ? w.auditLog.length : 0,
    envelopes: lab.artefacts.length,
    lessonsStarted: lessons.length,
    lessonsCompleted: lessons.filter((l) => l.completed).length,
    examAttempts: p.exams.length,
  };
}

function deleteDatabase(name: string): Promise<'deleted' | 'blocked'> {
  return new Promise((resolve, reject) => {
    const req = indexedDB.deleteDatabase(name);
    req.onsuccess = () => resolve('deleted');
    req.onerror = () => reject(req.error ?? new Error(`Could not delete ${name}`));
    // Another tab of the app holds it open: the deletion completes when that tab closes or reloads.
    req.onblocked = () => resolve('blocked');
  });
}

function clearAppKeys(storage: Storage | undefined): void {
  if (!storage) return;
  const keys: string[] = [];
  for (let i = 0; i < storage.length; i++) {
    const k = storage.key(i);
    if (k?.startsWith(APP_PREFIX)) keys.push(k);
  }
  for (const k of keys) storage.removeItem(k);
}

/**
 * Deletes everything the app keeps in this browser. Returns the databases another tab still holds
 * open (deleted once that tab closes). The caller reloads the page right after.
 */
export async function forgetEverything(): Promise<{ blocked: string[] }> {
  await Promise.all([closeWorkspaceStorage(), closeProgressStorage()]);
  const names = new Set([DB_NAME, PROGRESS_DB]);
  if (typeof indexedDB !== 'undefined' && typeof indexedDB.databases === 'function') {
    for (const d of await indexedDB.databases().catch(() => [])) if (d.name?.startsWith(APP_PREFIX)) names.add(d.name);
  }
  const blocked: string[] = [];
  if (typeof indexedDB !== 'undefined') for (const n of names) if ((await deleteDatabase(n)) === 'blocked') blocked.push(n);
  clearAppKeys(typeof localStorage === 'undefined' ? undefined : localStorage);
  clearAppKeys(typeof sessionStorage === 'undefined' ? undefined : sessionStorage);
  return { blocked };
}
