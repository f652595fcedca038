/**
 * The classroom layer of the shell (small; in the first-load bundle): applies presentation mode to
 * the page (projector theme, panes hidden — see classroom.css), draws the blank screen, publishes
 * the presenter notes to the presenter window, asks before a share link replaces a workspace, and
 * shows what happened to the link the app was opened with.
 */
import { lazy, Suspense, useEffect, useMemo, useRef, useState } from 'react';
import { useLab, type PresenterNotes } from '../../store';
import { toSteps } from '../../timeline';
import { applyShare } from './launch';
import { enterPresentation, leavePresentation, openPresenterWindow, PRESENTER_CHANNEL } from './presentation';
import { LinkIcon, NotesIcon, PresentIcon } from './icons';
import type { PresenterMessage } from './PresenterWindow';
import { SECTIONS } from '../shell/Nav';
import { goToSection, useSection } from '../shell/section';
import './commands';
import './classroom.css';

// The share form lists the lessons: its own chunk, loaded when the dialog opens.
const ShareForm = lazy(() => import('./ShareForm'));

/** The header's presentation-mode toggle. */
export function PresentButton() {
  const presenting = useLab((s) => s.presenting);
  return (
    <button
      type="button"
      className={`btn btn-ghost btn-icon cl-present-btn${presenting ? ' is-on' : ''}`}
      aria-pressed={presenting}
      aria-label="Presentation mode"
      onClick={() => (presenting ? leavePresentation() : enterPresentation())}
      title={presenting ? 'Leave presentation mode (Esc)' : 'Presentation mode: full screen, projector theme, clicker keys'}
    >
      <PresentIcon size={18} />
    </button>
  );
}

/** Notes for a flow on the player when no screen publishes its own (the Studio). */
function useFlowNotes(): PresenterNotes | null {
  const flow = useLab((s) => s.flow);
  const cursor = useLab((s) => s.decks.flow.cursor);
  return useMemo(() => {
    if (!flow) return null;
    const steps = toSteps(flow);
    const step = steps[cursor];
    if (!step) return null;
    return { title: flow.title, position: `Step ${cursor + 1} of ${steps.length}`, current: step.text, next: steps[cursor + 1]?.text };
  }, [flow, cursor]);
}

/**
 * The header's "Share": the teacher chooses what goes in the link (keys, with or without their key
 * policies; principals, with or without their IAM policies) and where it opens (Keys & crypto, one
 * key, the policy lab with a request ready, or a lesson part). Configuration only, never key
 * material or data. Plus the blank-workspace link for screen sharing.
 */
export function ShareButton() {
  const ready = useLab((s) => s.world !== null);
  const ref = useRef<HTMLDialogElement>(null);
  const [open, setOpen] = useState(false);
  const show = () => {
    setOpen(true);
    ref.current?.showModal();
  };
  const blank = new URL(typeof location === 'undefined' ? 'http://localhost/' : location.href);
  blank.search = '';
  blank.hash = 'blank';
  return (
    <>
      <button type="button" className="btn btn-ghost btn-icon" aria-label="Share a link to this workspace" disabled={!ready} onClick={show} title="Share: a link to the keys, policies and principals you choose (no key material, no data)">
        <LinkIcon size={18} />
      </button>
      <dialog ref={ref} className="ws-dialog cl-dialog cl-share" aria-labelledby="cl-sharelink-title" onClose={() => setOpen(false)}>
        <h2 id="cl-sharelink-title">Share this workspace</h2>
        {open && (
          <Suspense fallback={<p className="muted">Loading…</p>}>
            <ShareForm />
          </Suspense>
        )}
        <label className="cl-field">
          Blank workspace for screen sharing (saves nothing, leaves your workspace alone)
          <input className="input mono" readOnly value={blank.toString()} onFocus={(e) => e.currentTarget.select()} />
        </label>
        <div className="ws-dialog__actions">
          <button type="button" className="btn" autoFocus onClick={() => ref.current?.close()}>
            Close
          </button>
        </div>
      </dialog>
    </>
  );
}

function usePresenterChannel() {
  const own = useLab((s) => s.presenterNotes);
  const flowNotes = useFlowNotes();
  const notes = own ?? flowNotes;
  const presenting = useLab((s) => s.presenting);
  const blanked = useLab((s) => s.blanked);
  const channel = useRef<BroadcastChannel | null>(null);
  const latest = useRef(notes);
  useEffect(() => {
    latest.current = notes;
  }, [notes]);
  useEffect(() => {
    if (typeof BroadcastChannel === 'undefined') return;
    const ch = new BroadcastChannel(PRESENTER_CHANNEL);
    channel.current = ch;
    ch.onmessage = (e: MessageEvent<PresenterMessage>) => {
      const s = useLab.getState();
      if (e.data.type === 'hello') ch.postMessage({ type: 'notes', notes: latest.current, presenting: s.presenting, blanked: s.blanked } satisfies PresenterMessage);
      else if (e.data.type === 'command') {
        // The presenter window drives the stage (even when presentation mode is off).
        const cmd = e.data.command;
        if (cmd === 'blank') s.setBlanked(!s.blanked);
        else if (s.stepper) {
          if (cmd === 'next') s.stepper.next();
          else s.stepper.back();
        }
        else if (s.activePlayer) s.player(s.activePlayer, { type: 'step', delta: cmd === 'next' ? 1 : -1 });
        else if (s.flow) s.stepBy(cmd === 'next' ? 1 : -1);
      }
    };
    return () => {
      ch.close();
      channel.current = null;
    };
  }, []);
  useEffect(() => {
    channel.current?.postMessage({ type: 'notes', notes, presenting, blanked } satisfies PresenterMessage);
  }, [notes, presenting, blanked]);
}

function PendingShare() {
  const pending = useLab((s) => s.pendingShare);
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const d = ref.current;
    if (!d) return;
    if (pending && !d.open) d.showModal();
    if (!pending && d.open) d.close();
  }, [pending]);
  const keys = pending?.scenario?.keys?.length ?? 0;
  return (
    <dialog ref={ref} className="ws-dialog cl-dialog" aria-labelledby="cl-share-title" aria-describedby="cl-share-text" onCancel={() => useLab.getState().setPendingShare(null)}>
      <h2 id="cl-share-title">Open the shared scenario?</h2>
      <p id="cl-share-text">
        The link holds a scenario{pending?.scenario?.title ? ` “${pending.scenario.title}”` : ''} with {keys} key{keys === 1 ? '' : 's'} (configuration only: no key material, no data). It
        opens in a fresh world. You already have a workspace in this browser.
      </p>
      <div className="ws-dialog__actions cl-dialog__actions">
        <button type="button" className="btn" autoFocus onClick={() => useLab.getState().setPendingShare(null)}>
          Keep my workspace
        </button>
        <button type="button" className="btn" onClick={() => pending && void applyShare(pending, 'tab')}>
          Open in this tab only
        </button>
        <button type="button" className="btn btn-danger" onClick={() => pending && void applyShare(pending, 'replace')}>
          Replace my workspace
        </button>
      </div>
    </dialog>
  );
}

function LinkNotice() {
  const notice = useLab((s) => s.linkNotice);
  if (!notice) return null;
  return (
    <div className={`cl-notice cl-notice--${notice.kind}`} role={notice.kind === 'error' ? 'alert' : 'status'}>
      <p>{notice.text}</p>
      <button type="button" className="btn btn-ghost btn-xs" onClick={() => useLab.getState().setLinkNotice(null)}>
        Dismiss
      </button>
    </div>
  );
}

function PresenterBar() {
  const presenting = useLab((s) => s.presenting);
  if (!presenting) return null;
  return (
    <div className="cl-bar" role="toolbar" aria-label="Presentation">
      <span className="cl-bar__keys" aria-hidden="true">
        <kbd>PgDn</kbd>/<kbd>→</kbd> next · <kbd>PgUp</kbd>/<kbd>←</kbd> back · <kbd>S</kbd> sections · <kbd>B</kbd> blank · <kbd>Esc</kbd> exit
      </span>
      <button type="button" className="btn btn-ghost btn-xs" onClick={() => openPresenterWindow()}>
        <NotesIcon size={14} /> Presenter notes
      </button>
      <button type="button" className="btn btn-ghost btn-xs" onClick={() => leavePresentation()}>
        Stop presenting
      </button>
    </div>
  );
}

/**
 * The section switcher while presenting (the side menu is hidden): S opens it; a number key goes
 * straight to that section; the arrows move and Enter chooses; Esc closes it (and only it).
 */
function SectionSwitcher() {
  const open = useLab((s) => s.switcher);
  const section = useSection();
  const current = Math.max(0, SECTIONS.findIndex((x) => section === x.id || section.startsWith(`${x.id}/`) || section.startsWith(`${x.id}=`)));
  const [selected, setSelected] = useState(current);
  const ref = useRef<HTMLDialogElement>(null);
  const buttons = useRef<(HTMLButtonElement | null)[]>([]);
  useEffect(() => {
    const d = ref.current;
    if (!d) return;
    if (open && !d.open) {
      setSelected(current);
      d.showModal();
    }
    if (!open && d.open) d.close();
  }, [open]); // eslint-disable-line react-hooks/exhaustive-deps
  useEffect(() => {
    if (open) buttons.current[selected]?.focus();
  }, [open, selected]);
  const choose = (i: number) => {
    useLab.getState().setSwitcher(false);
    goToSection(SECTIONS[i].id);
  };
  const onKey = (e: React.KeyboardEvent) => {
    const n = SECTIONS.length;
    let handled = true;
    if (/^[1-9]$/.test(e.key) && Number(e.key) <= n) choose(Number(e.key) - 1);
    else if (e.key === 'ArrowDown' || e.key === 'ArrowRight' || e.key === 'PageDown') setSelected((i) => (i + 1) % n);
    else if (e.key === 'ArrowUp' || e.key === 'ArrowLeft' || e.key === 'PageUp') setSelected((i) => (i - 1 + n) % n);
    else if (e.key === 'Home') setSelected(0);
    else if (e.key === 'End') setSelected(n - 1);
    else if (e.key === 'Escape' || e.key === 's' || e.key === 'S') useLab.getState().setSwitcher(false);
    else handled = false;
    if (handled) {
      e.preventDefault();
      e.stopPropagation();
    }
  };
  return (
    <dialog ref={ref} className="cl-switcher" aria-labelledby="cl-switcher-title" onKeyDown={onKey} onCancel={(e) => {
      e.preventDefault();
      useLab.getState().setSwitcher(false);
    }}>
      <h2 id="cl-switcher-title">Go to a section</h2>
      <p className="cl-switcher__hint">Press its number, or move with the arrows and press Enter. Esc closes.</p>
      <ol className="cl-switcher__list">
        {SECTIONS.map(({ id, label, icon: Icon }, i) => (
          <li key={id}>
            <button
              type="button"
              ref={(el) => {
                buttons.current[i] = el;
              }}
              className={`cl-switcher__item${i === selected ? ' is-selected' : ''}`}
              aria-current={i === current ? 'page' : undefined}
              tabIndex={i === selected ? 0 : -1}
              onClick={() => choose(i)}
            >
              <kbd aria-hidden="true">{i + 1}</kbd>
              <Icon size={28} />
              <span>{label}</span>
            </button>
          </li>
        ))}
      </ol>
    </dialog>
  );
}

/** Mounted once in the shell. */
export function ClassroomLayer() {
  const presenting = useLab((s) => s.presenting);
  const blanked = useLab((s) => s.blanked);
  usePresenterChannel();

  useEffect(() => {
    const root = document.documentElement;
    if (presenting) root.dataset.present = 'on';
    else delete root.dataset.present;
  }, [presenting]);

  useEffect(() => {
    // Leaving fullscreen with the browser's own Esc leaves presentation mode.
    const onChange = () => {
      if (!document.fullscreenElement && useLab.getState().presenting) leavePresentation();
    };
    document.addEventListener('fullscreenchange', onChange);
    return () => document.removeEventListener('fullscreenchange', onChange);
  }, []);

  return (
    <>
      <LinkNotice />
      <PendingShare />
      <PresenterBar />
      <SectionSwitcher />
      {blanked && (
        <div className="cl-blank" role="dialog" aria-modal="true" aria-label="Screen blanked" data-testid="blank-screen" onClick={() => useLab.getState().setBlanked(false)}>
          <p className="sr-only">The screen is blank. Press B to show it again.</p>
        </div>
      )}
    </>
  );
}
