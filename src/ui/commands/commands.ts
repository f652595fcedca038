/** The app's registered commands: the step player's, navigation, and a few existing actions. */
import { toSteps } from '../../timeline';
import { SPEEDS } from '../../store';
import { goToSection } from '../shell/section';
import { key, register, type CommandContext } from './registry';

/** The player is on screen: the Studio, or a lesson's stage (src/ui/lessons). */
const inStudio = (ctx: CommandContext) => (ctx.section === 'studio' || ctx.section.startsWith('lessons/')) && ctx.state.flow !== null;
const stepCount = (ctx: CommandContext) => (ctx.state.flow ? toSteps(ctx.state.flow).length : 0);

register({
  id: 'player.playPause',
  group: 'player',
  label: (ctx) => (ctx.state.playing ? 'Pause' : ctx.state.flow && ctx.state.cursor >= stepCount(ctx) - 1 ? 'Replay' : 'Play'),
  keys: ['Space'],
  keyTest: key(' '),
  isAvailable: inStudio,
  perform: (ctx) => ctx.state.togglePlay(),
});

register({
  id: 'player.back',
  group: 'player',
  label: 'Step back',
  keys: ['←'],
  keyTest: key('ArrowLeft'),
  isAvailable: (ctx) => inStudio(ctx) && ctx.state.cursor > 0,
  perform: (ctx) => ctx.state.stepBy(-1),
});

register({
  id: 'player.forward',
  group: 'player',
  label: 'Step forward',
  keys: ['→'],
  keyTest: key('ArrowRight', 'PageDown'),
  isAvailable: (ctx) => inStudio(ctx) && ctx.state.cursor < stepCount(ctx) - 1,
  perform: (ctx) => ctx.state.stepBy(1),
});

register({
  id: 'player.first',
  group: 'player',
  label: 'First step',
  keys: ['Home'],
  keyTest: key('Home'),
  isAvailable: (ctx) => inStudio(ctx) && ctx.state.cursor > 0,
  perform: (ctx) => {
    ctx.state.pause();
    ctx.state.setCursor(0);
  },
});

register({
  id: 'player.last',
  group: 'player',
  label: 'Last step',
  keys: ['End'],
  keyTest: key('End'),
  isAvailable: (ctx) => inStudio(ctx) && ctx.state.cursor < stepCount(ctx) - 1,
  perform: (ctx) => {
    ctx.state.pause();
    ctx.state.setCursor(stepCount(ctx) - 1);
  },
});

register({
  id: 'player.slower',
  group: 'player',
  label: 'Slower',
  keys: ['-'],
  keyTest: key('-', '_'),
  isAvailable: (ctx) => inStudio(ctx) && ctx.state.speed > SPEEDS[0],
  perform: (ctx) => ctx.state.setSpeed([...SPEEDS].reverse().find((s) => s < ctx.state.speed) ?? SPEEDS[0]),
});

register({
  id: 'player.faster',
  group: 'player',
  label: 'Faster',
  keys: ['+'],
  keyTest: key('+', '='),
  isAvailable: (ctx) => inStudio(ctx) && ctx.state.speed < SPEEDS[SPEEDS.length - 1],
  perform: (ctx) => ctx.state.setSpeed(SPEEDS.find((s) => s > ctx.state.speed) ?? SPEEDS[SPEEDS.length - 1]),
});

register({
  id: 'player.toggleView',
  group: 'player',
  label: (ctx) => (ctx.state.flowView === 'graph' ? 'Show the transcript' : 'Show the graph'),
  keys: ['T'],
  keyTest: key('t', 'T'),
  isAvailable: inStudio,
  perform: (ctx) => ctx.state.setFlowView(ctx.state.flowView === 'graph' ? 'transcript' : 'graph'),
});

register({
  id: 'player.breakOnAuthorize',
  group: 'player',
  label: (ctx) => (ctx.state.breakOn.includes('authorize') ? 'Stop pausing before authorization' : 'Pause before every authorization'),
  keys: ['B'],
  keyTest: key('b', 'B'),
  isAvailable: (ctx) => ctx.section === 'studio',
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
