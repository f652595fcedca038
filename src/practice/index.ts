// Generated practice (issue 18): unlimited puzzles from a level and a seed, answered and explained
// by the engine.
//
//   import { generatePuzzle, answerPuzzle, checkFix } from './practice';
//   const p = generatePuzzle(2, 1234);        // the same puzzle for the same (level, seed)
//   const a = await answerPuzzle(p);          // decide: a.decision + the AccessEvaluation; spot: a.correct refs;
//                                             // fix: how the goal fails now; behaviour: what the engine did
//   checkFix(p, editedPolicyText);            // fix: the learner's edit, checked over the goal's requests
export * from './model';
export { generatePuzzle, parsePuzzleCode, puzzleCode, kindOf, topicsOf, topicOf, seedForTopic, MAX_SEED, PUZZLE_VERSION } from './generate';
export { answerPuzzle, answerPolicyPuzzle, answerBehaviour, outcomeOf, exportPuzzle, spotCandidates, NOTHING_DECIDES } from './answer';
export type { PuzzleAnswer, PolicyAnswer, BehaviourAnswer, SpotCandidate } from './answer';
export { checkFix, policyAt, referenceText, targetWords, kindOf as policyKindOf, type FixCheck } from './fix';
export { Rng } from './rng';
export { recordPractice, topicAccuracy, dueTopics, nextSeed, BOX_INTERVALS_MS, type TopicAccuracy } from './progress';
