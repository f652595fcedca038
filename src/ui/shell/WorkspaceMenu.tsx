import { useRef, useState } from 'react';
import { useLab, startNewWorkspace } from '../../store';
import { forgetEverything, inventory, type ClassInventory } from '../../store/classreset';

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/**
 * "Reset for the next class": one confirmation that lists what goes (counted from this browser's
 * data), then every database and storage entry of the app is deleted and the page reloads empty.
 */
function ResetClassButton() {
  const ready = useLab((s) => s.world !== null);
  const dialog = useRef<HTMLDialogElement>(null);
  const [items, setItems] = useState<ClassInventory | null>(null);
  const [state, setState] = useState<{ kind: 'idle' } | { kind: 'busy' } | { kind: 'blocked'; names: string[] } | { kind: 'error'; message: string }>({ kind: 'idle' });
  const open = () => {
    const s = useLab.getState();
    setItems(inventory(s));
    setState({ kind: 'idle' });
    dialog.current?.showModal();
  };
  const reload = () => {
    history.replaceState(null, '', location.pathname);
    location.reload();
  };
  const confirm = async () => {
    setState({ kind: 'busy' });
    try {
      const { blocked } = await forgetEverything();
      if (blocked.length) setState({ kind: 'blocked', names: blocked });
      else reload();
    } catch (e) {
      setState({ kind: 'error', message: (e as Error).message });
    }
  };
  return (
    <>
      <button type="button" className="btn btn-ghost btn-xs" disabled={!ready} onClick={open}>
        Reset for the next class
      </button>
      <dialog ref={dialog} className="ws-dialog" aria-labelledby="ws-reset-title" aria-describedby="ws-reset-text">
        <h2 id="ws-reset-title">Reset for the next class?</h2>
        <p id="ws-reset-text">Everything KMS Lab keeps in this browser is deleted, and the app starts again empty:</p>
        {items && (
          <ul className="ws-reset__list" aria-label="What is deleted" data-testid="reset-list">
            <li>{plural(items.keys, 'key')} (every Region), {plural(items.aliases, 'alias', 'aliases')}, their key policies and grants</li>
            <li>{plural(items.principals, 'IAM principal')} and their policies</li>
            <li>{plural(items.auditEvents, 'audit log event')}</li>
            <li>{plural(items.envelopes, 'saved envelope')} and the workbench’s text and ciphertext</li>
            <li>
              Lesson progress: {plural(items.lessonsStarted, 'lesson')} started, {items.lessonsCompleted} completed, with every prediction
            </li>
            <li>Exam history: {plural(items.examAttempts, 'attempt')}</li>
            <li>Preferences (theme)</li>
          </ul>
        )}
        <p className="muted">Data encrypted under these keys can never be decrypted again. The app itself stays available offline.</p>
        {state.kind === 'blocked' && (
          <p role="alert">
            Deleted, except what another KMS Lab tab still holds open ({state.names.join(', ')}): close the other tabs, then reload.{' '}
            <button type="button" className="btn btn-xs" onClick={reload}>
              Reload
            </button>
          </p>
        )}
        {state.kind === 'error' && <p role="alert">The reset did not finish: {state.message}</p>}
        <div className="ws-dialog__actions">
          <button type="button" className="btn" onClick={() => dialog.current?.close()} autoFocus>
            Keep everything
          </button>
          <button type="button" className="btn btn-danger" disabled={state.kind === 'busy' || state.kind === 'blocked'} onClick={() => void confirm()}>
            {state.kind === 'busy' ? 'Deleting…' : 'Delete everything and reset'}
          </button>
        </div>
      </dialog>
    </>
  );
}

/** Where the workspace is kept, in words: saved in this browser, saving, or in memory only (and why). */
export function WorkspaceStatus() {
  const persist = useLab((s) => s.persist);
  const ready = useLab((s) => s.world !== null);
  const dialog = useRef<HTMLDialogElement>(null);
  const [busy, setBusy] = useState(false);
  const text =
    persist.kind === 'saved'
      ? 'Saved in this browser'
      : persist.kind === 'unsaved'
        ? 'Saving…'
        : persist.kind === 'loading'
          ? 'Loading…'
          : persist.kind === 'full'
            ? 'Not saved: storage full'
            : persist.kind === 'read-only'
              ? 'Not saved: read-only'
              : 'Not saved: no storage';
  const confirm = async () => {
    setBusy(true);
    await startNewWorkspace();
    setBusy(false);
    dialog.current?.close();
  };
  return (
    <div className="ws-status">
      <span className={`ws-status__text ws-status__text--${persist.kind}`} role="status">
        {text}
      </span>
      <button type="button" className="btn btn-ghost btn-xs" disabled={!ready} onClick={() => dialog.current?.showModal()}>
        New workspace
      </button>
      <ResetClassButton />
      <dialog ref={dialog} className="ws-dialog" aria-labelledby="ws-dialog-title" aria-describedby="ws-dialog-text">
        <h2 id="ws-dialog-title">Start a new workspace?</h2>
        <p id="ws-dialog-text">
          Every key, alias, envelope, ciphertext and audit event in this workspace is deleted, here and in this browser’s storage. Data encrypted under these keys
          can no longer be decrypted. Preferences, lesson progress and exam history are kept (“Reset for the next class” deletes them too).
        </p>
        <div className="ws-dialog__actions">
          <button type="button" className="btn" onClick={() => dialog.current?.close()} autoFocus>
            Keep my workspace
          </button>
          <button type="button" className="btn btn-danger" disabled={busy} onClick={() => void confirm()}>
            {busy ? 'Starting…' : 'Delete everything and start fresh'}
          </button>
        </div>
      </dialog>
    </div>
  );
}

/** A clear message when the workspace cannot be saved; the app keeps working in memory. */
export function WorkspaceBanner() {
  const persist = useLab((s) => s.persist);
  if (persist.kind !== 'full' && persist.kind !== 'unavailable' && persist.kind !== 'read-only') return null;
  return (
    <div className="ws-banner" role="alert">
      <strong>{persist.kind === 'full' ? 'Storage is full.' : persist.kind === 'read-only' ? 'Saved workspace left untouched.' : 'Storage unavailable.'}</strong> {persist.message}
    </div>
  );
}
