/** The flow as a table, for people who do not use the graph; the current step is highlighted. */
import { useEffect, useRef } from 'react';
import { useLab } from '../../store';
import { useSteps } from './hooks';
import { formatUtc } from '../common/format';

const WHERE: Record<string, string> = { app: 'Your app', kms: 'KMS', time: 'Time' };

export function Transcript({ title }: { title: string }) {
  const steps = useSteps();
  const cursor = useLab((s) => s.cursor);
  const setCursor = useLab((s) => s.setCursor);
  const pause = useLab((s) => s.pause);
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    ref.current?.querySelector<HTMLElement>('tr[aria-current="step"]')?.scrollIntoView({ block: 'nearest' });
  }, [cursor]);
  return (
    <div className="pl-transcript" ref={ref} tabIndex={0} role="region" aria-label="Transcript">
      <table className="pl-table">
        <caption className="sr-only">Transcript of {title}</caption>
        <thead>
          <tr>
            <th scope="col">#</th>
            <th scope="col">Where</th>
            <th scope="col">Step</th>
            <th scope="col">What happens</th>
            <th scope="col">Time</th>
          </tr>
        </thead>
        <tbody>
          {steps.map((s) => (
            <tr key={s.id} aria-current={s.index === cursor ? 'step' : undefined} className={`${s.index === cursor ? 'is-current' : ''}${s.failed ? ' is-failed' : ''}`}>
              <td>
                <button
                  type="button"
                  className="btn btn-ghost btn-xs mono"
                  aria-label={`Go to step ${s.index + 1}`}
                  onClick={() => {
                    pause();
                    setCursor(s.index);
                  }}
                >
                  {s.index + 1}
                </button>
              </td>
              <td>{WHERE[s.where]}</td>
              <td className="pl-table__title">
                {s.operation && s.where !== 'app' ? <span className="mono pl-table__op">{s.operation}</span> : null}
                {s.title}
              </td>
              <td>
                {s.failed && <strong className="pl-table__fail">✕ {s.errorName ?? 'Failed'}: </strong>}
                {s.text}
              </td>
              <td className="mono pl-table__time">{s.time ? formatUtc(s.time) : '—'}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
