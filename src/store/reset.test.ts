// A workspace reset (new workspace, imported scenario, shared link) replaces what the learner made
// and keeps how they look at the app: presentation mode, the lesson's clicker hookup, theme, the
// player's speed and reduced motion, the player bar on screen.
import { describe, expect, it, vi } from 'vitest';

// The preferences' localStorage, in memory (Node has none), before the store is made.
vi.hoisted(() => {
  const m = new Map<string, string>();
  (globalThis as { localStorage?: unknown }).localStorage ??= {
    getItem: (k: string) => m.get(k) ?? null,
    setItem: (k: string, v: string) => void m.set(k, v),
    removeItem: (k: string) => void m.delete(k),
  };
});

import { useLab } from './index';
import { KEPT_ON_RESET, resetData } from './workspace';

const SCENARIO = JSON.stringify({
  format: 'kms-scenario/1',
  title: 'reset test',
  accounts: [{ id: '111122223333' }],
  keys: [{ arn: 'arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab', description: 'k' }],
});

function setUiState() {
  const stepper = { next: () => undefined, back: () => undefined };
  const s = useLab.getState();
  s.setPresenting(true);
  s.setBlanked(true);
  s.setStepper(stepper);
  s.setTheme('dark');
  s.setSpeed(4);
  s.setMotionPref('reduce');
  s.setFlowView('transcript');
  s.claimPlayer('flow');
  return stepper;
}

function expectUiKept(stepper: object) {
  const s = useLab.getState();
  expect(s.presenting).toBe(true);
  expect(s.blanked).toBe(true);
  expect(s.stepper).toBe(stepper);
  expect(s.theme).toBe('dark');
  expect(s.speed).toBe(4);
  expect(s.motionPref).toBe('reduce');
  expect(s.flowView).toBe('transcript');
  expect(s.activePlayer).toBe('flow');
}

describe('workspace resets keep transient UI state', () => {
  it('resetData leaves out what a reset keeps, and the actions', () => {
    const data = resetData(useLab.getInitialState());
    for (const k of KEPT_ON_RESET) expect(data).not.toHaveProperty(k);
    expect(data).toHaveProperty('world');
    expect(data).toHaveProperty('decks');
    expect(Object.values(data).some((v) => typeof v === 'function')).toBe(false);
  });

  it('startFresh keeps presentation, the clicker, theme, speed and motion; the world is new', async () => {
    await useLab.getState().startFresh();
    const before = useLab.getState().world;
    const stepper = setUiState();
    await useLab.getState().startFresh();
    expect(useLab.getState().world).not.toBe(before);
    expect(useLab.getState().flow).toBeNull();
    expectUiKept(stepper);
  });

  it('importScenario keeps them too', async () => {
    const stepper = setUiState();
    const problems = await useLab.getState().importScenario(SCENARIO);
    expect(problems).toBeNull();
    expect(Object.keys(useLab.getState().world!.state.keys)).toHaveLength(1);
    expectUiKept(stepper);
  });
});
