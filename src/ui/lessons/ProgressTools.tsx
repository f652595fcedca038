/**
 * Export, import and reset of the learner's progress. Import refuses a bad file with the reason
 * and leaves the progress untouched; reset asks first.
 */
import { useRef, useState } from 'react';
import { useProgress } from '../../store';

function download(text: string, name: string) {
  const url = URL.createObjectURL(new Blob([text], { type: 'application/json' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

export function ProgressTools() {
  const storage = useProgress((s) => s.progressStorage);
  const [message, setMessage] = useState<{ kind: 'ok' | 'error'; text: string } | null>(null);
  const file = useRef<HTMLInputElement>(null);
  const dialog = useRef<HTMLDialogElement>(null);
  const onFile = async (f: File | undefined) => {
    if (!f) return;
    const refused = useProgress.getState().importProgressText(await f.text());
    setMessage(refused ? { kind: 'error', text: `Import refused: ${refused} Your progress is unchanged.` } : { kind: 'ok', text: `Imported your progress from ${f.name}.` });
    if (file.current) file.current.value = '';
  };
  return (
    <section className="ls-tools" aria-labelledby="ls-tools-title">
      <h2 id="ls-tools-title" className="ls-h2">
        Your progress
      </h2>
      <p className="ls-tools__where muted">
        {storage === 'memory' ? 'Kept in memory only: this browser has no storage for it. Export it to keep it.' : 'Saved in this browser only. Nothing is sent anywhere.'}
      </p>
      <div className="ls-tools__row">
        <button type="button" className="btn btn-sm" onClick={() => download(useProgress.getState().exportProgressText(), 'kms-lab-progress.json')}>
          Export progress
        </button>
        <button type="button" className="btn btn-sm" onClick={() => file.current?.click()}>
          Import progress…
        </button>
        <input ref={file} type="file" accept="application/json,.json" className="sr-only" aria-label="Progress file to import" tabIndex={-1} onChange={(e) => void onFile(e.target.files?.[0])} />
        <button type="button" className="btn btn-sm btn-ghost ls-danger" onClick={() => dialog.current?.showModal()}>
          Reset progress…
        </button>
      </div>
      {message && (
        <p className={`ls-msg ls-msg--${message.kind}`} role={message.kind === 'error' ? 'alert' : 'status'}>
          {message.text}
        </p>
      )}
      <dialog ref={dialog} className="ws-dialog" aria-labelledby="ls-reset-title" aria-describedby="ls-reset-text">
        <h2 id="ls-reset-title">Reset all progress?</h2>
        <p id="ls-reset-text">Completed lessons, your predictions and the exam score history are forgotten. Export first if you may want them back.</p>
        <div className="ws-dialog__actions">
          <button type="button" className="btn" autoFocus onClick={() => dialog.current?.close()}>
            Keep my progress
          </button>
          <button
            type="button"
            className="btn btn-danger"
            onClick={() => {
              useProgress.getState().resetProgress();
              dialog.current?.close();
              setMessage({ kind: 'ok', text: 'Progress reset.' });
            }}
          >
            Reset everything
          </button>
        </div>
      </dialog>
    </section>
  );
}
