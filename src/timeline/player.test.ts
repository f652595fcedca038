import { describe, expect, it } from 'vitest';
import { emptyDeck, isHeld, loadDeck, reachOf, reducePlayer, type PlayableStep, type PlayerDeck } from './player';
import { toDecisionSteps } from './decision';
import { evaluateAccess } from '@kms-lab/engine/policy';
import { input } from './test-fixtures';

const steps = (kinds: string[]): PlayableStep[] => kinds.map((kind, index) => ({ id: `s${index}`, index, kind, title: kind, text: `${kind}.` }));
const run = (deck: PlayerDeck, ...actions: Parameters<typeof reducePlayer>[1][]) => actions.reduce((d, a) => reducePlayer(d, a), deck);

describe('the player (any deck of steps)', () => {
  it('steps, seeks and clamps; stepping pauses', () => {
    const d = loadDeck('a', steps(['request', 'authorize', 'encrypt']), { autoplay: true });
    expect(d.playing).toBe(true);
    expect(run(d, { type: 'step', delta: 1 })).toMatchObject({ cursor: 1, playing: false });
    expect(run(d, { type: 'step', delta: 10 }).cursor).toBe(2);
    expect(run(d, { type: 'seek', cursor: -4 }).cursor).toBe(0);
    expect(reducePlayer(emptyDeck(), { type: 'play' })).toEqual(emptyDeck());
  });

  it('plays to the end, replays from the start, and stops before breakpoints (then passes them)', () => {
    let d = run(loadDeck('a', steps(['request', 'authorize', 'encrypt'])), { type: 'play' });
    d = run(d, { type: 'tick', breakOn: ['authorize'] });
    expect(d).toMatchObject({ cursor: 0, playing: false, stoppedAt: { reason: 'breakpoint', stepId: 's1' } });
    d = run(d, { type: 'play' }, { type: 'tick', breakOn: ['authorize'] }, { type: 'tick', breakOn: ['authorize'] }, { type: 'tick' });
    expect(d).toMatchObject({ cursor: 2, playing: false, stoppedAt: { reason: 'end', stepId: 's2' } });
    expect(run(d, { type: 'play' })).toMatchObject({ cursor: 0, playing: true });
    d = run(loadDeck('a', steps(['x', 'y', 'z'])), { type: 'toggle-breakpoint', stepId: 's2' }, { type: 'play' }, { type: 'tick' }, { type: 'tick' });
    expect(d).toMatchObject({ cursor: 1, stoppedAt: { reason: 'breakpoint', stepId: 's2' } });
  });

  it('holds a decision back until the learner predicts (the limit), then reaches it', () => {
    const ev = evaluateAccess(input());
    const decision = toDecisionSteps(ev);
    let d: PlayerDeck = loadDeck('d', decision, { limit: decision.length - 2 });
    expect(isHeld(d)).toBe(true);
    expect(reachOf(d)).toBe(7);
    d = run(d, { type: 'seek', cursor: 99 });
    expect(d.cursor).toBe(7);
    expect(run(d, { type: 'play' })).toBe(d); // nothing left to play while held
    d = run(d, { type: 'limit', limit: null }, { type: 'step', delta: 1 });
    expect(d.cursor).toBe(8);
    expect(decision[8]).toMatchObject({ kind: 'decision', isDecision: true });
  });
});
