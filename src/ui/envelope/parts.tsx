import { useEffect, useId, useState, type ReactNode } from 'react';
import type { DataKeyState } from '../../store';
import type { Progress } from '../../envelope/chunked';
import { ContextTagIcon } from '../common/icons';
import { DataKeyIcon, ShredIcon, UploadIcon } from './icons';

export function formatBytes(n: number): string {
  if (n < 1024) return `${n.toLocaleString('en')} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(n < 10 * 1024 ? 1 : 0)} KiB`;
  if (n < 1024 ** 3) return `${(n / 1024 / 1024).toFixed(1)} MiB`;
  return `${(n / 1024 ** 3).toFixed(2)} GiB`;
}

/**
 * An object URL for a Blob, revoked when the Blob changes or the component goes. The URL is made in
 * the effect that revokes it, so each URL's life is one mount: StrictMode's mount → unmount → mount
 * (npm start) revokes the first and makes a second, instead of leaving the link on a revoked URL
 * (Chromium then cancels the download).
 */
export function useObjectUrl(blob: Blob | null | undefined): string | null {
  const [made, setMade] = useState<{ blob: Blob; url: string } | null>(null);
  useEffect(() => {
    if (!blob) return;
    const url = URL.createObjectURL(blob);
    setMade({ blob, url });
    return () => {
      URL.revokeObjectURL(url);
      setMade((m) => (m?.url === url ? null : m));
    };
  }, [blob]);
  // Never a URL of another Blob: the render before the effect runs shows no link yet.
  return made && made.blob === blob ? made.url : null;
}

export function ContextChips({ context }: { context?: Record<string, string> }) {
  const entries = Object.entries(context ?? {});
  if (entries.length === 0) return <span className="muted">none</span>;
  return (
    <span className="chips">
      {entries.map(([k, v]) => (
        <span key={k} className="chip chip--context">
          <ContextTagIcon size={13} />
          <span className="mono">
            {k}={v}
          </span>
        </span>
      ))}
    </span>
  );
}

/** A labelled progress bar (role=progressbar with its value in words too). */
export function ProgressBar({ label, progress }: { label: string; progress?: Progress }) {
  const pct = progress ? (progress.total === 0 ? 100 : Math.round((progress.done / progress.total) * 100)) : 0;
  return (
    <div className="env-progress">
      <div className="env-progress__bar" role="progressbar" aria-label={label} aria-valuemin={0} aria-valuemax={100} aria-valuenow={pct} aria-valuetext={`${pct}%`}>
        <span style={{ width: `${pct}%` }} />
      </div>
      <span className="env-progress__text mono">
        {progress ? `${formatBytes(progress.done)} of ${formatBytes(progress.total)} · chunk ${progress.chunk}/${progress.chunks} · ${pct}%` : 'waiting…'}
      </span>
    </div>
  );
}

/** The plaintext data key while it exists (amber, open key), then its ghost ("discarded"). */
export function DataKeyCard({ dataKey, title = 'Plaintext data key' }: { dataKey?: DataKeyState; title?: string }) {
  if (!dataKey) return null;
  if (dataKey.discarded) {
    return (
      <div className="datakey datakey--ghost" role="status" aria-label={`${title}: discarded`}>
        <ShredIcon size={22} className="datakey__icon" />
        <div>
          <p className="datakey__title">
            {title} <span className="datakey__badge">discarded</span>
          </p>
          <p className="datakey__text">
            Its {dataKey.length} bytes were overwritten with zeros and every reference dropped. Only the encrypted copy remains, inside the envelope.
          </p>
        </div>
      </div>
    );
  }
  return (
    <div className="datakey datakey--live" role="status" aria-label={`${title}: in memory`}>
      <DataKeyIcon size={22} className="datakey__icon" />
      <div>
        <p className="datakey__title">
          {title} <span className="datakey__badge datakey__badge--live">in memory · {dataKey.length} bytes</span>
        </p>
        <p className="datakey__text">Dangerous while it exists: it opens the data. It is used for AES-GCM, then wiped.</p>
      </div>
    </div>
  );
}

/** A drop zone that is also a labelled file input (keyboard: Tab to the button, Enter to pick). */
export function DropZone({ label, hint, accept, onFile, children }: { label: string; hint?: string; accept?: string; onFile(file: File): void; children?: ReactNode }) {
  const id = useId();
  const [over, setOver] = useState(false);
  return (
    <div
      className={`dropzone${over ? ' dropzone--over' : ''}`}
      onDragOver={(e) => {
        e.preventDefault();
        setOver(true);
      }}
      onDragLeave={() => setOver(false)}
      onDrop={(e) => {
        e.preventDefault();
        setOver(false);
        const f = e.dataTransfer.files[0];
        if (f) onFile(f);
      }}
    >
      <UploadIcon size={22} className="dropzone__icon" />
      <div className="dropzone__body">
        <label htmlFor={id} className="dropzone__label">
          {label}
        </label>
        {hint && <p className="dropzone__hint">{hint}</p>}
        <input
          id={id}
          type="file"
          className="dropzone__input"
          accept={accept}
          onChange={(e) => {
            const f = e.currentTarget.files?.[0];
            if (f) onFile(f);
            e.currentTarget.value = '';
          }}
        />
        {children}
      </div>
    </div>
  );
}

/** One numbered stage of the envelope pipeline, with its state in words (not colour alone). */
export function Stage({ n, title, state, tone, children }: { n: number; title: string; state: 'waiting' | 'running' | 'done' | 'failed'; tone: 'kms' | 'local' | 'datakey' | 'cipher'; children?: ReactNode }) {
  const words = { waiting: 'Waiting', running: 'Running', done: 'Done', failed: 'Failed' }[state];
  return (
    <li className={`env-stage env-stage--${tone} env-stage--${state}`}>
      <div className="env-stage__head">
        <span className="env-stage__n" aria-hidden="true">
          {n}
        </span>
        <h4 className="env-stage__title">{title}</h4>
        <span className={`env-stage__state env-stage__state--${state}`}>{words}</span>
      </div>
      {children && <div className="env-stage__body">{children}</div>}
    </li>
  );
}
