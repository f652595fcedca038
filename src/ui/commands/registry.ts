/**
 * Commands are a registry (ARCHITECTURE.md): id, label, shortcut, availability, perform. One list
 * drives the player's buttons, the keyboard shortcuts and the shortcut help; new features
 * register their commands here instead of wiring keys by hand.
 */
import type { LabState } from '../../store';

export interface CommandContext {
  state: LabState;
  section: string;
}

export interface Command {
  id: string;
  /** What the button or help list says. */
  label: string | ((ctx: CommandContext) => string);
  group: 'player' | 'app' | 'navigate';
  /** The keys as shown to people, e.g. `['Space']`, `['←']`. */
  keys?: string[];
  /** Whether a key event triggers this command. */
  keyTest?: (e: KeyboardEvent) => boolean;
  /** Unavailable commands render disabled and ignore their keys. */
  isAvailable?: (ctx: CommandContext) => boolean;
  perform: (ctx: CommandContext) => void;
}

const registry = new Map<string, Command>();

/** Adds (or replaces) a command. Returns it, for `export const x = register({...})`. */
export function register(command: Command): Command {
  registry.set(command.id, command);
  return command;
}

export function getCommand(id: string): Command | undefined {
  return registry.get(id);
}

export function allCommands(): Command[] {
  return [...registry.values()];
}

export function labelOf(command: Command, ctx: CommandContext): string {
  return typeof command.label === 'function' ? command.label(ctx) : command.label;
}

export function isAvailable(command: Command, ctx: CommandContext): boolean {
  return command.isAvailable ? command.isAvailable(ctx) : true;
}

/** Runs a command if it is available; returns whether it ran. */
export function runCommand(id: string, ctx: CommandContext): boolean {
  const c = registry.get(id);
  if (!c || !isAvailable(c, ctx)) return false;
  c.perform(ctx);
  return true;
}

/** A plain key (no Ctrl/Meta/Alt), compared by `event.key`. */
export const key =
  (...names: string[]) =>
  (e: KeyboardEvent) =>
    !e.ctrlKey && !e.metaKey && !e.altKey && names.includes(e.key);

/** Key events that belong to the control that has focus (typing, native activation, sliders). */
export function belongsToFocusedControl(e: KeyboardEvent): boolean {
  const t = e.target as HTMLElement | null;
  if (!t || !(t instanceof HTMLElement)) return false;
  if (t.isContentEditable) return true;
  const tag = t.tagName;
  if (tag === 'TEXTAREA' || tag === 'SELECT') return true;
  if (tag === 'INPUT') {
    const type = (t as HTMLInputElement).type;
    // Checkboxes and buttons take Space; radios take Space and the arrows (they move the choice);
    // ranges take the arrows, Home and End; text inputs take everything.
    if (type === 'radio') return e.key === ' ' || e.key.startsWith('Arrow');
    return !(type === 'checkbox' || type === 'button') || e.key === ' ';
  }
  if ((tag === 'BUTTON' || tag === 'A' || tag === 'SUMMARY' || t.getAttribute('role') === 'button') && (e.key === ' ' || e.key === 'Enter')) return true;
  return false;
}
