/**
 * Entering and leaving presentation mode: the store flag (projector theme, panes hidden, clicker
 * keys) plus the Fullscreen API where the browser allows it. Presentation mode works without
 * fullscreen (it is refused in some embeds and by some browsers); leaving fullscreen with the
 * browser's own Esc leaves presentation mode too.
 */
import { useLab } from '../../store';

import type { FlowDetail } from '../../timeline';

/** The detail the learner had before presenting (presenting walks flows one idea per step). */
let detailBefore: FlowDetail | null = null;

export function enterPresentation(): void {
  const s = useLab.getState();
  if (!s.presenting) {
    detailBefore = s.detail;
    s.setDetail('class');
  }
  s.setPresenting(true);
  const el = document.documentElement;
  if (!document.fullscreenElement && typeof el.requestFullscreen === 'function') {
    el.requestFullscreen({ navigationUI: 'hide' }).catch(() => {
      /* not allowed here: presentation mode still works in the window */
    });
  }
}

export function leavePresentation(): void {
  const s = useLab.getState();
  if (s.presenting && detailBefore) s.setDetail(detailBefore);
  detailBefore = null;
  s.setPresenting(false);
  if (document.fullscreenElement && typeof document.exitFullscreen === 'function') void document.exitFullscreen().catch(() => undefined);
}

/** The presenter-notes window (same app, `?presenter`), opened from a click. Returns false when blocked. */
export function openPresenterWindow(): boolean {
  const url = new URL(location.href);
  url.search = '?presenter';
  url.hash = '';
  const w = window.open(url.toString(), 'kms-lab-presenter', 'popup,width=720,height=560');
  return w !== null;
}

/** The channel between the stage (main window) and the presenter window. */
export const PRESENTER_CHANNEL = 'kms-lab-presenter';
