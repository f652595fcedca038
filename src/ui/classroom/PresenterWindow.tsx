/**
 * The presenter notes window (`?presenter`, opened from presentation mode): the current step's
 * narration, the next step, and the teacher's extras, kept in sync with the stage through a
 * BroadcastChannel; its buttons drive the stage. Rendered instead of the app, without the engine.
 */
import { useEffect, useRef, useState } from 'react';
import type { PresenterNotes } from '../../store';
import { PRESENTER_CHANNEL } from './presentation';
import './classroom.css';

export type PresenterMessage =
  | { type: 'hello' }
  | { type: 'notes'; notes: PresenterNotes | null; presenting: boolean; blanked: boolean }
  | { type: 'command'; command: 'next' | 'back' | 'blank' };

export default function PresenterWindow() {
  const [state, setState] = useState<{ notes: PresenterNotes | null; presenting: boolean; blanked: boolean } | null>(null);
  const channel = useRef<BroadcastChannel | null>(null);
  useEffect(() => {
    document.title = 'KMS Lab — presenter notes';
    const ch = new BroadcastChannel(PRESENTER_CHANNEL);
    channel.current = ch;
    ch.onmessage = (e: MessageEvent<PresenterMessage>) => {
      if (e.data.type === 'notes') setState({ notes: e.data.notes, presenting: e.data.presenting, blanked: e.data.blanked });
    };
    ch.postMessage({ type: 'hello' } satisfies PresenterMessage);
    return () => ch.close();
  }, []);
  const send = (command: 'next' | 'back' | 'blank') => channel.current?.postMessage({ type: 'command', command } satisfies PresenterMessage);
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'PageDown' || e.key === 'ArrowRight') send('next');
      else if (e.key === 'PageUp' || e.key === 'ArrowLeft') send('back');
      else if (e.key === 'b' || e.key === 'B') send('blank');
      else return;
      e.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
  const notes = state?.notes;
  return (
    <main className="cl-presenter" aria-labelledby="cl-presenter-title">
      <header className="cl-presenter__head">
        <h1 id="cl-presenter-title">Presenter notes</h1>
        <p className="cl-presenter__status" role="status">
          {!state ? 'Waiting for the KMS Lab window…' : `${state.presenting ? 'Presenting' : 'Not presenting'}${state.blanked ? ' · screen blanked' : ''}`}
        </p>
      </header>
      {notes ? (
        <>
          <p className="cl-presenter__title">
            {notes.title} <span className="cl-presenter__pos">{notes.position}</span>
          </p>
          <section aria-labelledby="cl-now">
            <h2 id="cl-now">Now</h2>
            <p className="cl-presenter__now" data-testid="presenter-now">
              {notes.current}
            </p>
          </section>
          {notes.next && (
            <section aria-labelledby="cl-next">
              <h2 id="cl-next">Next</h2>
              <p className="cl-presenter__next">{notes.next}</p>
            </section>
          )}
          {notes.extra && notes.extra.length > 0 && (
            <section aria-labelledby="cl-extra">
              <h2 id="cl-extra">For you</h2>
              <ul>
                {notes.extra.map((x) => (
                  <li key={x}>{x}</li>
                ))}
              </ul>
            </section>
          )}
        </>
      ) : (
        <p>Open a lesson (or a flow in the Studio) in the KMS Lab window: its steps appear here.</p>
      )}
      <div className="cl-presenter__actions" role="group" aria-label="Drive the stage">
        <button type="button" className="btn" onClick={() => send('back')}>
          ← Back
        </button>
        <button type="button" className="btn btn-primary" onClick={() => send('next')}>
          Next →
        </button>
        <button type="button" className="btn btn-ghost" onClick={() => send('blank')}>
          Blank (B)
        </button>
      </div>
    </main>
  );
}
