/**
 * The classroom slice: presentation mode (projector theme, panes hidden, clicker keys), the blank
 * screen, the "stepper" the active screen offers to the clicker (a lesson's next/back, or the
 * player's), the presenter notes shown in a second window, and opening links: `#share=…`
 * (a scenario and/or a lesson position, see share.ts) and `#blank` (a blank workspace for screen
 * sharing that leaves the saved workspace untouched).
 */
import type { SharePayload } from './share';
import type { Slice } from './types';

/** What the presenter window shows (published by the screen on stage). */
export interface PresenterNotes {
  title: string;
  /** "Step 3 of 7". */
  position: string;
  /** The current step's narration. */
  current: string;
  /** The next step's narration (or what happens next). */
  next?: string;
  /** Anything else for the teacher: the prediction question and its computed answer, the goal. */
  extra?: string[];
}

/** Next/back for the clicker, offered by the screen on stage. */
export interface Stepper {
  next(): void;
  back(): void;
}

export interface ClassroomSlice {
  presenting: boolean;
  blanked: boolean;
  /** The section switcher (presenting: the side menu is hidden) is open. */
  switcher: boolean;
  stepper: Stepper | null;
  presenterNotes: PresenterNotes | null;
  /** A decoded share link waiting for the user's confirmation (they have a workspace). */
  pendingShare: SharePayload | null;
  /** A lesson position from a share link, for the lesson screen to open. */
  lessonLaunch: { id: string; step: number } | null;
  /** What happened to the last link opened (shown once, dismissable). */
  linkNotice: { kind: 'ok' | 'error'; text: string } | null;
  setPresenting(on: boolean): void;
  setBlanked(on: boolean): void;
  setSwitcher(open: boolean): void;
  setStepper(stepper: Stepper | null): void;
  setPresenterNotes(notes: PresenterNotes | null): void;
  setPendingShare(payload: SharePayload | null): void;
  setLessonLaunch(launch: { id: string; step: number } | null): void;
  setLinkNotice(notice: ClassroomSlice['linkNotice']): void;
}

export const createClassroomSlice: Slice<ClassroomSlice> = (set) => ({
  presenting: false,
  blanked: false,
  switcher: false,
  stepper: null,
  presenterNotes: null,
  pendingShare: null,
  lessonLaunch: null,
  linkNotice: null,
  setPresenting: (presenting) => set(presenting ? { presenting } : { presenting, blanked: false, switcher: false }),
  setBlanked: (blanked) => set({ blanked }),
  setSwitcher: (switcher) => set({ switcher }),
  setStepper: (stepper) => set({ stepper }),
  setPresenterNotes: (presenterNotes) => set({ presenterNotes }),
  setPendingShare: (pendingShare) => set({ pendingShare }),
  setLessonLaunch: (lessonLaunch) => set({ lessonLaunch }),
  setLinkNotice: (linkNotice) => set({ linkNotice }),
});
