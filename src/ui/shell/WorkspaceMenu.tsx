import { useRef, useState } from 'react';
import { useLab, startNewWorkspace } from '../../store';

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
      <dialog ref={dialog} className="ws-dialog" aria-labelledby="ws-dialog-title" aria-describedby="ws-dialog-text">
        <h2 id="ws-dialog-title">Start a new workspace?</h2>
        <p id="ws-dialog-text">
          Every key, alias, envelope, ciphertext and audit event in this workspace is deleted, here and in this browser’s storage. Data encrypted under these keys
          can no longer be decrypted. Preferences are kept.
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
