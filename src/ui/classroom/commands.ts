/**
 * The classroom's commands (registered before the player's, so while presenting the clicker keys
 * reach these first): next / back (PageDown or →, PageUp or ←) drive whatever the screen on stage
 * offers (`state.stepper`: a lesson's steps) or else the player; B blanks the screen; Escape leaves
 * presentation mode. Presentation-only commands are unavailable otherwise, so the keys keep their
 * usual meaning outside presentation mode.
 */
import { key, register, type CommandContext } from '../commands/registry';
import { enterPresentation, leavePresentation } from './presentation';

/** Presenting, and no switcher open (the switcher takes the keys while it is open). */
const presenting = (ctx: CommandContext) => ctx.state.presenting && !ctx.state.switcher;

register({
  id: 'present.toggle',
  group: 'app',
  label: (ctx) => (ctx.state.presenting ? 'Leave presentation mode' : 'Presentation mode'),
  perform: (ctx) => (ctx.state.presenting ? leavePresentation() : enterPresentation()),
});

register({
  id: 'present.next',
  group: 'app',
  label: 'Next step (presenting)',
  keys: ['PageDown', '→'],
  keyTest: key('PageDown', 'ArrowRight'),
  isAvailable: presenting,
  perform: (ctx) => {
    if (ctx.state.blanked) return ctx.state.setBlanked(false);
    if (ctx.state.stepper) return ctx.state.stepper.next();
    if (ctx.state.activePlayer) return ctx.state.player(ctx.state.activePlayer, { type: 'step', delta: 1 });
    if (ctx.state.flow) ctx.state.stepBy(1);
  },
});

register({
  id: 'present.back',
  group: 'app',
  label: 'Previous step (presenting)',
  keys: ['PageUp', '←'],
  keyTest: key('PageUp', 'ArrowLeft'),
  isAvailable: presenting,
  perform: (ctx) => {
    if (ctx.state.blanked) return ctx.state.setBlanked(false);
    if (ctx.state.stepper) return ctx.state.stepper.back();
    if (ctx.state.activePlayer) return ctx.state.player(ctx.state.activePlayer, { type: 'step', delta: -1 });
    if (ctx.state.flow) ctx.state.stepBy(-1);
  },
});

register({
  id: 'present.blank',
  group: 'app',
  label: (ctx) => (ctx.state.blanked ? 'Show the screen again' : 'Blank the screen'),
  keys: ['B'],
  keyTest: key('b', 'B', '.'),
  isAvailable: presenting,
  perform: (ctx) => ctx.state.setBlanked(!ctx.state.blanked),
});

register({
  id: 'present.sections',
  group: 'app',
  label: 'Change section (presenting)',
  keys: ['S'],
  keyTest: key('s', 'S'),
  isAvailable: presenting,
  perform: (ctx) => {
    ctx.state.setBlanked(false);
    ctx.state.setSwitcher(true);
  },
});

register({
  id: 'present.exit',
  group: 'app',
  label: 'Leave presentation mode',
  keys: ['Esc'],
  keyTest: key('Escape'),
  isAvailable: presenting,
  perform: () => leavePresentation(),
});
