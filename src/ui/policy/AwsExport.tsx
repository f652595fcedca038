/**
 * "Open AWS export": a real account's saved AWS CLI outputs (scripts/collect-aws.sh's folder, or a
 * zip of it), picked or dropped, read in this tab — nothing is uploaded. The store converts it and
 * shows what it found and what it could not place; the workspace is replaced only on confirm.
 */
import { useRef, useState, type DragEvent } from 'react';
import { useLab, type AwsExportPreview, type ExportFileInput } from '../../store';
import type { ImportNote } from '../../import-aws';

/** Every file under a dropped folder entry (readEntries gives a directory's entries in batches). */
async function entryFiles(entry: FileSystemEntry, prefix = ''): Promise<ExportFileInput[]> {
  if (entry.isFile) {
    const file = await new Promise<File>((resolve, reject) => (entry as FileSystemFileEntry).file(resolve, reject));
    return [{ path: `${prefix}${entry.name}`, size: file.size, text: () => file.text() }];
  }
  if (!entry.isDirectory) return [];
  const reader = (entry as FileSystemDirectoryEntry).createReader();
  const children: FileSystemEntry[] = [];
  for (;;) {
    const batch = await new Promise<FileSystemEntry[]>((resolve, reject) => reader.readEntries(resolve, reject));
    if (!batch.length) break;
    children.push(...batch);
  }
  const out: ExportFileInput[] = [];
  for (const c of children) out.push(...(await entryFiles(c, `${prefix}${entry.name}/`)));
  return out;
}

const fileInputs = (files: FileList): ExportFileInput[] =>
  Array.from(files, (f) => ({ path: f.webkitRelativePath || f.name, size: f.size, text: () => f.text() }));

function NoteList({ notes, label }: { notes: ImportNote[]; label: string }) {
  return (
    // Focusable: the list scrolls when long, and a keyboard user must be able to scroll it.
    <ul className="ax-notes" aria-label={label} tabIndex={0}>
      {notes.map((n, i) => (
        <li key={i}>
          <span className="mono ax-file">{n.file}</span>
          {n.path && <span className="mono ax-path"> {n.path}</span>}: {n.message}
        </li>
      ))}
    </ul>
  );
}

function Report({ preview }: { preview: AwsExportPreview }) {
  const warnings = preview.notes.filter((n) => n.severity === 'warning');
  const infos = preview.notes.filter((n) => n.severity === 'info');
  return (
    <>
      <p className="ax-summary">{preview.summaryText}.</p>
      <p className="ax-material">
        Keys get <strong>fresh key material</strong> in the lab: the real key material never leaves AWS, so ciphertext from this account does
        not decrypt here. Policies, grants, aliases, tags and key states are the account’s.
      </p>
      {warnings.length ? (
        <>
          <p className="ax-notes__title">
            {warnings.length} thing{warnings.length === 1 ? '' : 's'} could not be placed as in AWS — decisions that depend on {warnings.length === 1 ? 'it' : 'them'} may differ:
          </p>
          <NoteList notes={warnings} label="Not placed" />
        </>
      ) : (
        <p className="ax-notes__title">Everything in the export was placed.</p>
      )}
      {infos.length > 0 && (
        <details className="ax-details">
          <summary>
            {infos.length} note{infos.length === 1 ? '' : 's'} (nothing AWS would use was lost)
          </summary>
          <NoteList notes={infos} label="Notes" />
        </details>
      )}
    </>
  );
}

export function AwsExport() {
  const state = useLab((s) => s.awsImport);
  const readFolder = useLab((s) => s.readAwsExportFolder);
  const readZip = useLab((s) => s.readAwsExportZip);
  const confirm = useLab((s) => s.confirmAwsExport);
  const close = useLab((s) => s.closeAwsExport);
  const [open, setOpen] = useState(false);
  const [over, setOver] = useState(false);
  const folder = useRef<HTMLInputElement>(null);
  const zip = useRef<HTMLInputElement>(null);
  const shown = open || state.status !== 'idle';

  const clearInputs = () => {
    if (folder.current) folder.current.value = '';
    if (zip.current) zip.current.value = '';
  };
  const onFolder = async (files: FileList | null) => {
    if (!files?.length) return;
    const inputs = fileInputs(files);
    await readFolder(inputs[0].path.split('/')[0] || 'the folder', inputs);
    clearInputs();
  };
  const onZip = async (file: File | undefined) => {
    if (!file) return;
    await readZip(file.name, new Uint8Array(await file.arrayBuffer()));
    clearInputs();
  };
  const onDrop = async (e: DragEvent) => {
    e.preventDefault();
    setOver(false);
    const items = Array.from(e.dataTransfer.items);
    const entries = items.map((i) => i.webkitGetAsEntry?.()).filter((x): x is FileSystemEntry => Boolean(x));
    if (entries.length === 1 && entries[0].isFile && entries[0].name.toLowerCase().endsWith('.zip')) return onZip(e.dataTransfer.files[0]);
    const files: ExportFileInput[] = [];
    for (const entry of entries) files.push(...(await entryFiles(entry)));
    if (files.length) await readFolder(entries.length === 1 ? entries[0].name : 'the dropped files', files);
  };
  const dismiss = () => {
    close();
    setOpen(false);
  };

  return (
    <>
      <button type="button" className="btn btn-sm" aria-expanded={shown} aria-controls="aws-export" onClick={() => (shown ? dismiss() : setOpen(true))}>
        Open AWS export…
      </button>
      {shown && (
        <section id="aws-export" className="ax" aria-labelledby="ax-title">
          <h2 id="ax-title" className="ax-title">
            Open AWS export
          </h2>
          {(state.status === 'idle' || state.status === 'reading') && (
            <>
              <p className="ax-lede">
                A real account’s IAM, KMS and Organizations configuration, saved by <span className="mono">scripts/collect-aws.sh</span> (read-only AWS
                CLI calls). The files are read in this browser tab: nothing is uploaded anywhere.
              </p>
              <div
                className={`ax-drop${over ? ' ax-drop--over' : ''}`}
                onDragOver={(e) => {
                  e.preventDefault();
                  setOver(true);
                }}
                onDragLeave={() => setOver(false)}
                onDrop={(e) => void onDrop(e)}
              >
                <p className="ax-drop__text">Drop the export folder or its zip here, or</p>
                <div className="ax-pick">
                  <label className="btn btn-sm sb-import">
                    Choose folder…
                    <input
                      ref={(el) => {
                        folder.current = el;
                        // webkitdirectory is not in React's types: set it on the element.
                        if (el) el.setAttribute('webkitdirectory', '');
                      }}
                      type="file"
                      multiple
                      className="sr-only"
                      aria-label="Open an AWS export folder"
                      onChange={(e) => void onFolder(e.target.files)}
                    />
                  </label>
                  <label className="btn btn-sm sb-import">
                    Choose zip…
                    <input ref={zip} type="file" accept=".zip,application/zip" className="sr-only" aria-label="Open an AWS export zip" onChange={(e) => void onZip(e.target.files?.[0])} />
                  </label>
                </div>
              </div>
              <p className="sb-status" aria-live="polite">
                {state.status === 'reading' ? `Reading ${state.source}…` : ''}
              </p>
            </>
          )}
          {(state.status === 'preview' || state.status === 'loading') && (
            <div role="region" aria-label="AWS export preview">
              <h3 className="ax-account">{state.preview.title.replace(/, imported$/, '')}</h3>
              <Report preview={state.preview} />
              <p className="ax-replace">Opening it replaces your workspace: its keys, envelopes and history go.</p>
              <div className="ax-actions">
                <button type="button" className="btn btn-sm btn-primary" disabled={state.status === 'loading'} onClick={() => void confirm()}>
                  {state.status === 'loading' ? 'Opening…' : 'Replace my workspace with this account'}
                </button>
                <button type="button" className="btn btn-sm" disabled={state.status === 'loading'} onClick={dismiss}>
                  Cancel
                </button>
              </div>
            </div>
          )}
          {state.status === 'refused' && (
            <div className="sb-problems" role="alert">
              <p className="sb-problems__title">{state.source} was not imported. Your workspace is unchanged.</p>
              <p className="ax-error">
                <span className="mono ax-file">{state.error.file}</span>
                {state.error.path && <span className="mono ax-path"> {state.error.path}</span>}
                {state.error.line !== undefined && (
                  <span className="mono">
                    {' '}
                    line {state.error.line}, column {state.error.column}
                  </span>
                )}
                : {state.error.message}
              </p>
              <button type="button" className="btn btn-ghost btn-xs" onClick={() => close()}>
                Try another
              </button>
            </div>
          )}
          {state.status === 'imported' && (
            <div role="region" aria-label="AWS export report">
              <p className="ax-done" role="status">
                Opened {state.preview.title.replace(/, imported$/, '')}: act as any of its {state.preview.summary.users + state.preview.summary.roles} users and roles in the request builder below.
              </p>
              <Report preview={state.preview} />
              <button type="button" className="btn btn-ghost btn-xs" onClick={dismiss}>
                Dismiss the report
              </button>
            </div>
          )}
        </section>
      )}
    </>
  );
}
