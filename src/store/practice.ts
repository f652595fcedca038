/**
 * The practice store (issue 18): the puzzle on screen, its engine-computed answer, what the
 * learner chose, a timed mixed set, and the actions the Practice screen calls. Accuracy and spaced
 * repetition go into the learner's progress (useProgress, IndexedDB). A store of its own, like
 * progress: "New workspace" must not take the puzzle away, and puzzles never touch the workspace.
 */
import { create } from 'zustand';
import {
  answerPuzzle, checkFix, generatePuzzle, nextSeed, parsePuzzleCode, recordPractice, referenceText,
  type FixCheck, type Level, type Puzzle, type PuzzleAnswer,
} from '../practice';
import { useProgress } from './progress';

export interface PracticeCurrent {
  puzzle: Puzzle;
  /** The engine's answer (null while a behaviour puzzle's steps run). */
  answer: PuzzleAnswer | null;
  /** The learner's choice: decision, statement refs, or choice ids. */
  chosen: string[];
  revealed: boolean;
  /** Decide/Spot/behaviour after the reveal; Fix once reached or given up. */
  right?: boolean;
  /** Fix: the last check of the learner's edit, and the edit itself. */
  fixText?: string;
  fixCheck?: FixCheck;
  /** Fix: the reference change was shown. */
  referenceShown?: boolean;
  /** Why this puzzle came up: a topic the learner missed. */
  because?: string;
}

export interface TimedSet {
  codes: string[];
  index: number;
  startedAt: number;
  limitMs: number;
  /** Per code: right or not (absent = not answered). */
  results: Record<string, boolean>;
  finishedAt?: number;
}

export interface PracticeState {
  level: Level;
  current: PracticeCurrent | null;
  /** Codes opened in this session, for the clicker's "back". */
  history: string[];
  timed: TimedSet | null;
  /** A link or code that could not be opened. */
  error: string | null;
  setLevel(level: Level): void;
  /** Opens `v1.<level>.<seed>`; false (and `error` set) when it is not a puzzle code. */
  openCode(code: string, because?: string): boolean;
  /** The next puzzle at the current level: a missed topic when one is due, else a fresh seed. */
  next(): void;
  /** The previous puzzle of this session. */
  back(): void;
  choose(ids: string[]): void;
  /** Decide, Spot, behaviour: reveal the engine's answer and score the choice. */
  submit(): void;
  /** Fix: check an edit of the policy with the engine. */
  checkFix(text: string): FixCheck | null;
  /** Fix: give up and show a reference change. */
  showReference(): string | null;
  startTimed(count: number, secondsPerPuzzle?: number): void;
  /** Timed: the next puzzle of the set, or the end. */
  timedNext(): void;
  finishTimed(): void;
  leaveTimed(): void;
}

let entropy = 0;
const freshEntropy = () => (Date.now() % 1_000_000_007) + ++entropy;

function record(current: PracticeCurrent, right: boolean) {
  useProgress.getState().updateProgress((p) => recordPractice(p, current.puzzle.topic, right, current.puzzle.code));
}

export const usePractice = create<PracticeState>()((set, get) => {
  const load = (puzzle: Puzzle, because?: string) => {
    const current: PracticeCurrent = { puzzle, answer: null, chosen: [], revealed: false, ...(because ? { because } : {}) };
    set((s) => ({ current, error: null, level: puzzle.level, history: s.history[s.history.length - 1] === puzzle.code ? s.history : [...s.history, puzzle.code].slice(-100) }));
    void answerPuzzle(puzzle).then((answer) => {
      if (get().current?.puzzle.code === puzzle.code) set((s) => ({ current: s.current && { ...s.current, answer } }));
    });
  };
  return {
    level: 1,
    current: null,
    history: [],
    timed: null,
    error: null,

    setLevel: (level) => set({ level }),

    openCode(code, because) {
      const parsed = parsePuzzleCode(code);
      if (!parsed) {
        set({ error: `“${code.slice(0, 60)}” is not a practice puzzle. A puzzle link ends in #practice=v1.<level>.<seed>, with level 1 to 3 and a seed from 0 to 2147483647.` });
        return false;
      }
      if (get().current?.puzzle.code === code.trim()) return true;
      load(generatePuzzle(parsed.level, parsed.seed), because);
      return true;
    },

    next() {
      const level = get().level;
      const { seed, because } = nextSeed(useProgress.getState().progress, level, freshEntropy());
      load(generatePuzzle(level, seed), because);
    },

    back() {
      const h = get().history;
      const at = h.lastIndexOf(get().current?.puzzle.code ?? '');
      if (at > 0) {
        const code = h[at - 1];
        const parsed = parsePuzzleCode(code)!;
        set({ history: h.slice(0, at) });
        load(generatePuzzle(parsed.level, parsed.seed));
      }
    },

    choose(ids) {
      const c = get().current;
      if (!c || c.revealed) return;
      set({ current: { ...c, chosen: ids } });
    },

    submit() {
      const c = get().current;
      if (!c || c.revealed || !c.answer || c.puzzle.kind === 'fix') return;
      const a = c.answer;
      const correct = a.kind === 'decide' ? [a.decision] : a.kind === 'spot' || a.kind === 'behaviour' ? a.correct : [];
      const chosen = [...new Set(c.chosen)].sort();
      const right = chosen.length > 0 && chosen.length === correct.length && [...correct].sort().every((x, i) => x === chosen[i]);
      const timed = get().timed;
      if (chosen.length) record(c, right);
      set({ current: { ...c, revealed: true, ...(chosen.length ? { right } : {}) }, ...(timed ? { timed: { ...timed, results: { ...timed.results, [c.puzzle.code]: right } } } : {}) });
    },

    checkFix(text) {
      const c = get().current;
      if (!c || c.puzzle.kind !== 'fix') return null;
      const check = checkFix(c.puzzle, text);
      const reached = check.ok && !!check.reached;
      const first = reached && c.right === undefined;
      if (first) record(c, !c.referenceShown);
      const timed = get().timed;
      set({
        current: { ...c, fixText: text, fixCheck: check, ...(first ? { right: !c.referenceShown, revealed: true } : {}) },
        ...(timed && first ? { timed: { ...timed, results: { ...timed.results, [c.puzzle.code]: !c.referenceShown } } } : {}),
      });
      return check;
    },

    showReference() {
      const c = get().current;
      if (!c || c.puzzle.kind !== 'fix') return null;
      const text = referenceText(c.puzzle);
      if (c.right === undefined) {
        record(c, false);
        const timed = get().timed;
        set({ current: { ...c, referenceShown: true, right: false, revealed: true }, ...(timed ? { timed: { ...timed, results: { ...timed.results, [c.puzzle.code]: false } } } : {}) });
      } else set({ current: { ...c, referenceShown: true } });
      return text;
    },

    startTimed(count, secondsPerPuzzle = 90) {
      const level = get().level;
      const start = nextSeed({ ...useProgress.getState().progress, practice: {} }, level, freshEntropy()).seed;
      const codes = Array.from({ length: count }, (_, i) => `v1.${level}.${start + i}`);
      set({ timed: { codes, index: 0, startedAt: Date.now(), limitMs: count * secondsPerPuzzle * 1000, results: {} } });
      get().openCode(codes[0]);
    },

    timedNext() {
      const t = get().timed;
      if (!t || t.finishedAt) return;
      if (t.index + 1 >= t.codes.length) return get().finishTimed();
      set({ timed: { ...t, index: t.index + 1 } });
      get().openCode(t.codes[t.index + 1]);
    },

    finishTimed() {
      const t = get().timed;
      if (t && !t.finishedAt) set({ timed: { ...t, finishedAt: Date.now() } });
    },

    leaveTimed: () => set({ timed: null }),
  };
});
