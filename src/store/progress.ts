/**
 * The progress slice: the learner's course progress (lessons, predictions, exam history) as the
 * versioned record of src/lessons/progress.ts, kept in this browser's IndexedDB (its own database,
 * apart from the workspace) and never sent anywhere. Export/import as a file; import refuses a bad
 * file with a message and leaves the progress untouched.
 *
 * A store of its own rather than a slice of the lab store: "New workspace" and scenario imports
 * reset the lab store to its initial state, and must never take the learner's progress with them.
 */
import { openDB, type IDBPDatabase } from 'idb';
import { create } from 'zustand';
import { emptyProgress, exportProgress, importProgress, ProgressImportError, resetProgress, type Progress } from '../lessons/progress';

export const PROGRESS_DB = 'kms-lab-progress';
const STORE = 'progress';
const KEY = 'current';

export type ProgressStorage = 'loading' | 'saved' | 'memory';

export interface ProgressState {
  progress: Progress;
  /** Where the progress lives: saved in this browser, or in memory only (storage unavailable). */
  progressStorage: ProgressStorage;
  /** Loads the saved progress (once; later calls are no-ops). */
  loadProgress(): Promise<void>;
  /** Applies a change (one of the pure functions of src/lessons/progress) and saves. */
  updateProgress(change: (p: Progress) => Progress): void;
  /** Reads an exported file. Returns null when imported, or the reason it was refused (progress untouched). */
  importProgressText(text: string): string | null;
  exportProgressText(): string;
  /** Forgets one lesson's progress, or everything (exam history included). */
  resetProgress(lessonId?: string): void;
}

let dbPromise: Promise<IDBPDatabase> | null = null;
const db = () =>
  (dbPromise ??= openDB(PROGRESS_DB, 1, {
    upgrade(d) {
      d.createObjectStore(STORE);
    },
  }));

let loaded: Promise<void> | null = null;
let saving: Promise<void> = Promise.resolve();

/** Stops saving progress in this page and closes its database, so it can be deleted (the page reloads next). */
export async function closeProgressStorage(): Promise<void> {
  useProgress.setState({ progressStorage: 'memory' });
  await saving;
  const open = dbPromise;
  dbPromise = null;
  if (open) (await open.catch(() => null))?.close();
}

export const useProgress = create<ProgressState>()((set, get) => {
  const save = (p: Progress) => {
    if (get().progressStorage === 'memory') return;
    saving = saving.then(async () => {
      try {
        await (await db()).put(STORE, p, KEY);
        if (get().progressStorage !== 'saved') set({ progressStorage: 'saved' });
      } catch {
        set({ progressStorage: 'memory' });
      }
    });
  };
  return {
    progress: emptyProgress(),
    progressStorage: 'loading',

    loadProgress() {
      loaded ??= (async () => {
        try {
          const raw = (await (await db()).get(STORE, KEY)) as unknown;
          // The saved record goes through the same checks and migrations as an imported file.
          const p = raw ? importProgress(JSON.stringify(raw)) : null;
          // Changes made while loading win over nothing; otherwise the saved record is the truth.
          set((s) => ({ progress: p && s.progress.updatedAt < p.updatedAt ? p : p && Object.keys(s.progress.lessons).length === 0 && s.progress.exams.length === 0 ? p : s.progress, progressStorage: 'saved' }));
        } catch {
          set({ progressStorage: 'memory' });
        }
      })();
      return loaded;
    },

    updateProgress(change) {
      const next = change(get().progress);
      set({ progress: next });
      save(next);
    },

    importProgressText(text) {
      try {
        const p = importProgress(text);
        set({ progress: p });
        save(p);
        return null;
      } catch (e) {
        if (e instanceof ProgressImportError) return e.message;
        return `This file could not be read: ${(e as Error).message}`;
      }
    },

    exportProgressText: () => exportProgress(get().progress),

    resetProgress(lessonId) {
      const next = resetProgress(get().progress, lessonId);
      set({ progress: next });
      save(next);
    },
  };
});
