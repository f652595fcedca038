import { useState } from 'react';
import { useLab } from '../../store';

/** Fills the Region with sample keys, to see a long key list stay smooth (the list is windowed). */
export function SampleKeys() {
  const create = useLab((s) => s.createSampleKeys);
  const ready = useLab((s) => s.world !== null);
  const [count, setCount] = useState('10000');
  const [progress, setProgress] = useState<string | null>(null);
  const n = Number(count);
  const valid = Number.isInteger(n) && n >= 1 && n <= 20000;
  const run = async () => {
    setProgress(`Creating 0 of ${n.toLocaleString('en')}…`);
    const made = await create(n, (done) => setProgress(`Creating ${done.toLocaleString('en')} of ${n.toLocaleString('en')}…`));
    setProgress(`Created ${made.toLocaleString('en')} sample keys.`);
  };
  return (
    <details className="sample-keys">
      <summary>Many keys</summary>
      <div className="sample-keys__row">
        <label htmlFor="sample-count">Sample keys to create</label>
        <input id="sample-count" className="input input--narrow mono" type="number" min={1} max={20000} value={count} onChange={(e) => setCount(e.target.value)} />
        <button type="button" className="btn btn-sm" disabled={!ready || !valid || (progress?.startsWith('Creating') ?? false)} onClick={() => void run()}>
          Create sample keys
        </button>
      </div>
      <p className="muted" role="status">
        {progress ?? 'Each is a real CreateKey call (and audit event). The list renders only the rows in view.'}
      </p>
    </details>
  );
}
