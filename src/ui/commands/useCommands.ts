import { useCallback, useEffect } from 'react';
import { useLab } from '../../store';
import { currentSection, useSection } from '../shell/section';
import './commands';
import { allCommands, belongsToFocusedControl, getCommand, isAvailable, labelOf, runCommand, type CommandContext } from './registry';

function context(section: string): CommandContext {
  return { state: useLab.getState(), section };
}

/** A registered command for a button: its label, keys, availability (live) and a runner. */
export function useCommand(id: string) {
  const section = useSection();
  const command = getCommand(id);
  if (!command) throw new Error(`Unknown command ${id}`);
  const available = useLab((state) => isAvailable(command, { state, section }));
  const label = useLab((state) => labelOf(command, { state, section }));
  const run = useCallback(() => runCommand(id, context(currentSection())), [id]);
  return { id, label, keys: command.keys ?? [], available, run };
}

/** Wires every command's keys to the window (once, in the shell). */
export function useCommandShortcuts(): void {
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.defaultPrevented || belongsToFocusedControl(e)) return;
      const ctx = context(currentSection());
      for (const c of allCommands()) {
        if (c.keyTest?.(e) && isAvailable(c, ctx)) {
          e.preventDefault();
          c.perform(ctx);
          return;
        }
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
}

;
