// The generator: (level, seed) → one puzzle, always the same one. Pure: a seeded PRNG, no clock,
// no Math.random. For policy puzzles it draws a target outcome first (so that the outcomes stay
// balanced) and builds random worlds until the ENGINE reaches that outcome; the answer itself is
// never stored — answer.ts asks the engine again.
import { buildBehaviour, BEHAVIOUR_TOPICS } from './behaviour';
import { evaluateRequests, evaluationOf } from './evaluate';
import { buildFix, FIX_TOPICS, SIGNATURES, targetWords } from './fix';
import { KIND_TITLES, LEVELS, PRACTICE_TOPICS, type Decision, type Level, type Puzzle, type PuzzleKind, type PracticeTopic } from './model';
import { Rng } from './rng';
import { randomRecipe, requestOf, requestWords, scenarioOf, shortName, type Hints, type Recipe } from './worlds';
import type { AccessEvaluation } from '@kms-lab/engine/policy';

export const PUZZLE_VERSION = 'v1';
/** Seeds are 0 … 2^31 − 1 (they travel in links). */
export const MAX_SEED = 2 ** 31 - 1;

export const puzzleCode = (level: Level, seed: number) => `${PUZZLE_VERSION}.${level}.${seed}`;

/** Reads `v1.<level>.<seed>` (as in `#practice=v1.2.1234`); null for anything else. */
export function parsePuzzleCode(code: string): { level: Level; seed: number } | null {
  const m = /^v1\.([1-9])\.(\d{1,10})$/.exec(code.trim());
  if (!m) return null;
  const level = Number(m[1]) as Level;
  const seed = Number(m[2]);
  if (!LEVELS.includes(level) || !Number.isSafeInteger(seed) || seed > MAX_SEED) return null;
  return { level, seed };
}

const KINDS: PuzzleKind[] = ['decide', 'spot', 'fix', 'behaviour'];
const rawKinds = (level: Level, block: number) => new Rng(`kinds:${level}:${block}`).shuffle(KINDS);

/**
 * The kind of puzzle a seed gives: every block of four seeds holds each kind once, in a shuffled
 * order, and a block never starts with the kind the previous one ended with — so two seeds in a
 * row never share a kind (and so never give the same puzzle).
 */
export function kindOf(level: Level, seed: number): PuzzleKind {
  const block = Math.floor(seed / 4);
  const order = rawKinds(level, block);
  if (block > 0 && order[0] === rawKinds(level, block - 1)[3]) [order[0], order[1]] = [order[1], order[0]];
  return order[seed % 4];
}

const POLICY_TOPICS: Record<Level, PracticeTopic[]> = {
  1: ['key-policy', 'iam-policies'],
  2: ['key-policy', 'iam-policies', 'encryption-context', 'grants', 'via-service', 'cross-account'],
  3: ['key-policy', 'iam-policies', 'encryption-context', 'grants', 'via-service', 'cross-account', 'guardrails', 'boundaries-sessions'],
};

/** The topics a level's puzzles of a kind cover. */
export function topicsOf(level: Level, kind: PuzzleKind): PracticeTopic[] {
  if (kind === 'fix') return FIX_TOPICS(level);
  if (kind === 'behaviour') return BEHAVIOUR_TOPICS(level);
  return POLICY_TOPICS[level];
}

const DECISIONS: Decision[] = ['Allow', 'ExplicitDeny', 'ImplicitDeny'];
/** Ingredient odds that make the target likelier (the engine still decides). */
const HINTS: Record<string, Hints> = {
  Allow: { allow: 0.85, deny: 0.05 },
  ExplicitDeny: { allow: 0.6, deny: 0.95 },
  ImplicitDeny: { allow: 0.3, deny: 0.1 },
  deny: { allow: 0.6, deny: 0.95 },
  none: { allow: 0.3, deny: 0.1 },
  'key-policy': { allow: 0.9, deny: 0, root: 0.2, named: 0.95 },
  'iam-delegation': { allow: 0.9, deny: 0, root: 0.95, named: 0.1 },
  grant: { allow: 0.95, deny: 0, root: 0.2, named: 0.1 },
};

/** What decides an evaluation, as a Spot answer's kind: a deny, nothing, or the allow paths. */
export function spotCategory(ev: AccessEvaluation): string {
  if (ev.decision === 'ExplicitDeny') return 'deny';
  if (ev.decision === 'ImplicitDeny') return 'none';
  return [...(ev.allowedVia ?? [])].sort().join('+');
}

/** What may decide a Spot puzzle of a topic (a cross-account caller always needs its own IAM policy, so no key-policy-only allow). */
const spotTargets = (topic: PracticeTopic): string[] =>
  topic === 'cross-account' ? ['deny', 'none', 'iam-delegation'] : topic === 'grants' ? ['deny', 'none', 'grant', 'key-policy', 'iam-delegation'] : ['deny', 'none', 'key-policy', 'iam-delegation'];
const ATTEMPTS = 80;

const statementCount = (r: Recipe) =>
  r.keyPolicy.length + r.identity.length + r.grants.length + (r.boundary?.length ?? 0) + (r.sessionPolicy?.length ?? 0) + (r.scps?.flat().length ?? 0) + (r.rcps?.flat().length ?? 0);

function policyPuzzle(rng: Rng, level: Level, seed: number, kind: 'decide' | 'spot', topic: PracticeTopic): Puzzle {
  const targets = kind === 'decide' ? DECISIONS : spotTargets(topic);
  const target = rng.pick(targets);
  let chosen: ReturnType<typeof build> | undefined;
  const build = () => {
    const recipe = randomRecipe(rng, level, topic, HINTS[target]);
    const request = requestOf(recipe);
    const scenario = scenarioOf(recipe, [request], '');
    return { recipe, request, scenario };
  };
  for (let i = 0; i < ATTEMPTS; i++) {
    const b = build();
    const ev = evaluationOf(evaluateRequests(b.scenario)[0]);
    const got = kind === 'decide' ? ev.decision : spotCategory(ev);
    chosen = b;
    // A Spot puzzle offers at least two statements to choose from.
    const enough = kind === 'decide' || statementCount(b.recipe) >= 2;
    if (got === target && enough) break;
  }
  const { recipe, request, scenario } = chosen!;
  const who = shortName(recipe.caller);
  const asked = requestWords(request, recipe.keyName);
  const prompt =
    kind === 'decide'
      ? `${asked}. Is the request allowed, explicitly denied, or implicitly denied?`
      : `${asked}. Which statements decide the outcome? Choose every statement (or grant) that decides it — or “nothing allows it” when the request is implicitly denied.`;
  const title = `${KIND_TITLES[kind]}: ${who} and ${recipe.keyName.alias}`;
  return {
    code: puzzleCode(level, seed),
    level,
    seed,
    kind,
    topic,
    template: `${kind}-${topic}`,
    title,
    prompt,
    scenario: { ...scenario, title, description: `${PRACTICE_TOPICS[topic].title}. ${asked}.` },
  } as Puzzle;
}

/** The puzzle of a level and a seed. Throws a RangeError for a level or seed outside the ranges. */
export function generatePuzzle(level: Level, seed: number): Puzzle {
  if (!LEVELS.includes(level)) throw new RangeError(`No practice level ${String(level)}: levels are ${LEVELS.join(', ')}.`);
  if (!Number.isSafeInteger(seed) || seed < 0 || seed > MAX_SEED) throw new RangeError(`A practice seed is a whole number from 0 to ${MAX_SEED}.`);
  const kind = kindOf(level, seed);
  const rng = new Rng(`puzzle:${level}:${seed}`);
  const topic = rng.pick(topicsOf(level, kind)); // the first draw: topicOf reads it without building the puzzle
  const code = puzzleCode(level, seed);
  if (kind === 'decide' || kind === 'spot') return policyPuzzle(rng, level, seed, kind, topic);
  if (kind === 'fix') {
    const signature = rng.pick(SIGNATURES);
    const built = buildFix(rng, level, topic, signature);
    const title = `Fix: ${targetWords(built.target)}`;
    return {
      code,
      level,
      seed,
      kind,
      title,
      prompt: built.goalText,
      ...built,
      scenario: { ...built.scenario, title, description: `${PRACTICE_TOPICS[topic].title}. ${built.goalText}` },
    };
  }
  const built = buildBehaviour(rng, level, topic);
  return { code, level, seed, kind, title: `${KIND_TITLES.behaviour}: ${PRACTICE_TOPICS[built.topic].title}`, ...built };
}

/** The topic of a seed's puzzle, without building it (the generator's first draw). */
export function topicOf(level: Level, seed: number): PracticeTopic {
  return new Rng(`puzzle:${level}:${seed}`).pick(topicsOf(level, kindOf(level, seed)));
}

/** The first seed from `from` whose puzzle at `level` drills `topic` (and, when given, is of `kind`). */
export function seedForTopic(level: Level, topic: PracticeTopic, from: number, kind?: PuzzleKind, limit = 400): number | null {
  for (let s = Math.max(0, from), n = 0; n < limit && s <= MAX_SEED; s++, n++) {
    const k = kindOf(level, s);
    if (kind && k !== kind) continue;
    if (topicOf(level, s) === topic) return s;
  }
  return null;
}
