/** The app's registered commands: the step player's, navigation, and a few existing actions. */
import { reachOf, isHeld } from '../../timeline';
import { SPEEDS } from '../../store';
import { goToSection } from '../shell/section';
import { key, register, type CommandContext } from './registry';

/**
 * The player on screen: the deck whose player bar is shown (the Studio's or a lesson's flow, the
 * decision view's pipeline), when it has steps. The player's commands drive that deck.
 */
const deckOf = (ctx: CommandContext) => {
  const id = ctx.state.activePlayer;
  const deck = id ? ctx.state.decks[id] : null;
  return id && deck && deck.steps.length > 0 ? { id, deck } : null;
};
const onScreen = (ctx: CommandContext) => deckOf(ctx) !== null;
const cursorOf = (ctx: CommandContext) => deckOf(ctx)?.deck.cursor ?? 0;
const reach = (ctx: CommandContext) => {
  const d = deckOf(ctx);
  return d ? reachOf(d.deck) : -1;
};
const act = (ctx: CommandContext, action: Parameters<CommandContext['state']['player']>[1]) => {
  const d = deckOf(ctx);
  if (d) ctx.state.player(d.id, action);
};

register({
  id: 'player.playPause',
  group: 'player',
  label: (ctx) => (deckOf(ctx)?.deck.playing ? 'Pause' : onScreen(ctx) && cursorOf(ctx) >= reach(ctx) && !isHeld(deckOf(ctx)!.deck) ? 'Replay' : 'Play'),
  keys: ['Space'],
  keyTest: key(' '),
  // Held before the decision (the learner has not predicted), there is nothing left to play.
  isAvailable: (ctx) => onScreen(ctx) && (deckOf(ctx)!.deck.playing || !(isHeld(deckOf(ctx)!.deck) && cursorOf(ctx) >= reach(ctx))),
  perform: (ctx) => act(ctx, { type: 'toggle' }),
});

register({
  id: 'player.back',
  group: 'player',
  label: 'Step back',
  keys: ['←'],
  keyTest: key('ArrowLeft'),
  isAvailable: (ctx) => onScreen(ctx) && cursorOf(ctx) > 0,
  perform: (ctx) => act(ctx, { type: 'step', delta: -1 }),
});

register({
  id: 'player.forward',
  group: 'player',
  label: 'Step forward',
  keys: ['→'],
  keyTest: key('ArrowRight', 'PageDown'),
  isAvailable: (ctx) => onScreen(ctx) && cursorOf(ctx) < reach(ctx),
  perform: (ctx) => act(ctx, { type: 'step', delta: 1 }),
});

register({
  id: 'player.first',
  group: 'player',
  label: 'First step',
  keys: ['Home'],
  keyTest: key('Home'),
  isAvailable: (ctx) => onScreen(ctx) && cursorOf(ctx) > 0,
  perform: (ctx) => {
    act(ctx, { type: 'pause' });
    act(ctx, { type: 'seek', cursor: 0 });
  },
});

register({
  id: 'player.last',
  group: 'player',
  label: 'Last step',
  keys: ['End'],
  keyTest: key('End'),
  isAvailable: (ctx) => onScreen(ctx) && cursorOf(ctx) < reach(ctx),
  perform: (ctx) => {
    act(ctx, { type: 'pause' });
    act(ctx, { type: 'seek', cursor: reach(ctx) });
  },
});

register({
  id: 'player.slower',
  group: 'player',
  label: 'Slower',
  keys: ['-'],
  keyTest: key('-', '_'),
  isAvailable: (ctx) => onScreen(ctx) && ctx.state.speed > SPEEDS[0],
  perform: (ctx) => ctx.state.setSpeed([...SPEEDS].reverse().find((s) => s < ctx.state.speed) ?? SPEEDS[0]),
});

register({
  id: 'player.faster',
  group: 'player',
  label: 'Faster',
  keys: ['+'],
  keyTest: key('+', '='),
  isAvailable: (ctx) => onScreen(ctx) && ctx.state.speed < SPEEDS[SPEEDS.length - 1],
  perform: (ctx) => ctx.state.setSpeed(SPEEDS.find((s) => s > ctx.state.speed) ?? SPEEDS[SPEEDS.length - 1]),
});

register({
  id: 'player.toggleView',
  group: 'player',
  label: (ctx) => (ctx.state.flowView === 'graph' ? 'Show the transcript' : 'Show the graph'),
  keys: ['T'],
  keyTest: key('t', 'T'),
  isAvailable: onScreen,
  perform: (ctx) => ctx.state.setFlowView(ctx.state.flowView === 'graph' ? 'transcript' : 'graph'),
});

register({
  id: 'player.detail',
  group: 'player',
  label: (ctx) => (ctx.state.detail === 'class' ? 'Show every check (full detail)' : 'One idea per step (class detail)'),
  keys: ['D'],
  keyTest: key('d', 'D'),
  isAvailable: (ctx) => ctx.section === 'studio' && ctx.state.activePlayer === 'flow',
  perform: (ctx) => ctx.state.setDetail(ctx.state.detail === 'class' ? 'full' : 'class'),
});

register({
  id: 'player.breakOnAuthorize',
  group: 'player',
  label: (ctx) => (ctx.state.breakOn.includes('authorize') ? 'Stop pausing before authorization' : 'Pause before every authorization'),
  keys: ['B'],
  keyTest: key('b', 'B'),
  isAvailable: (ctx) => ctx.section === 'studio' && ctx.state.activePlayer === 'flow',
  perform: (ctx) => ctx.state.toggleBreakOn('authorize'),
});

register({
  id: 'nav.studio',
  group: 'navigate',
  label: 'Go to the Studio',
  perform: () => goToSection('studio'),
});

register({
  id: 'nav.audit',
  group: 'navigate',
  label: 'Go to the audit log',
  perform: () => goToSection('audit'),
});

register({
  id: 'nav.keys',
  group: 'navigate',
  label: 'Go to Keys & crypto',
  perform: () => goToSection('keys'),
});

register({
  id: 'app.toggleTheme',
  group: 'app',
  label: (ctx) => `Switch to ${ctx.state.theme === 'dark' ? 'light' : 'dark'} theme`,
  perform: (ctx) => ctx.state.setTheme(ctx.state.theme === 'dark' ? 'light' : 'dark'),
});

register({
  id: 'app.advanceDay',
  group: 'app',
  label: 'Advance the simulated clock by 1 day',
  isAvailable: (ctx) => ctx.state.world !== null,
  perform: (ctx) => void ctx.state.advanceClock({ days: 1 }),
});

register({
  id: 'player.playLatest',
  group: 'player',
  label: 'Play the latest call',
  isAvailable: (ctx) => ctx.state.latestCallId !== null && Boolean(ctx.state.traces[ctx.state.latestCallId]),
  perform: (ctx) => {
    if (ctx.state.latestCallId) ctx.state.playCall(ctx.state.latestCallId);
    goToSection('studio');
  },
});
