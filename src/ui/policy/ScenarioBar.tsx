/**
 * Import and export a kms-scenario/1 file. An import is checked completely first (parseScenario):
 * a bad file is refused with every problem (path, line, column) and the workspace is untouched.
 */
import { useRef, useState } from 'react';
import { useLab } from '../../store';
import type { ScenarioProblem } from '@kms-lab/engine/scenario';
import { ImportIcon } from '../common/icons';
import { AwsExport } from './AwsExport';

export function ScenarioBar() {
  const importScenario = useLab((s) => s.importScenario);
  const exportText = useLab((s) => s.exportScenarioText);
  const [problems, setProblems] = useState<{ file: string; list: ScenarioProblem[] } | null>(null);
  const [status, setStatus] = useState('');
  const input = useRef<HTMLInputElement>(null);

  const onFile = async (file: File) => {
    setStatus(`Reading ${file.name}…`);
    const text = await file.text();
    const result = await importScenario(text);
    if (result) {
      setProblems({ file: file.name, list: result });
      setStatus('');
    } else {
      setProblems(null);
      setStatus(`Loaded ${file.name}: the world was replaced by the scenario’s.`);
    }
    if (input.current) input.current.value = '';
  };

  const download = async () => {
    const text = await exportText();
    const url = URL.createObjectURL(new Blob([text], { type: 'application/json' }));
    const a = document.createElement('a');
    a.href = url;
    a.download = 'kms-lab-scenario.json';
    a.click();
    setTimeout(() => URL.revokeObjectURL(url), 1000);
    setStatus('Exported the world as kms-scenario/1 (kms-lab-scenario.json).');
  };

  return (
    <div className="sb" role="group" aria-label="Scenario file">
      <label className="btn btn-sm sb-import">
        <ImportIcon size={16} />
        Import scenario…
        <input ref={input} type="file" accept="application/json,.json" className="sr-only" aria-label="Import a kms-scenario/1 file" onChange={(e) => e.target.files?.[0] && void onFile(e.target.files[0])} />
      </label>
      <button type="button" className="btn btn-sm" onClick={() => void download()}>
        Export scenario
      </button>
      <AwsExport />
      <p className="sb-status" aria-live="polite">
        {status}
      </p>
      {problems && (
        <div className="sb-problems" role="alert">
          <p className="sb-problems__title">
            {problems.file} was not imported: {problems.list.length} problem{problems.list.length === 1 ? '' : 's'}. Your workspace is unchanged.
          </p>
          <ul aria-label="Scenario problems">
            {problems.list.map((p, i) => (
              <li key={i}>
                <span className="mono sb-path">{p.path || '(document)'}</span>
                {p.line !== undefined && (
                  <span className="mono sb-at">
                    {' '}
                    line {p.line}, column {p.column}
                  </span>
                )}
                : {p.message}
              </li>
            ))}
          </ul>
          <button type="button" className="btn btn-ghost btn-xs" onClick={() => setProblems(null)}>
            Dismiss
          </button>
        </div>
      )}
    </div>
  );
}
