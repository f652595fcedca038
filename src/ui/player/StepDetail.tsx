/** The current step in detail: where, when, the call, the AWS error message or key material. */
import { useLab } from '../../store';
import { formatUtc } from '../common/format';
import { useSteps } from './hooks';
import './player.css';

export function StepDetail() {
  const steps = useSteps();
  const cursor = useLab((s) => s.decks.flow.cursor);
  const step = steps[cursor];
  if (!step) return null;
  return (
    <section className="pl-detail" aria-label="Current step">
      <h2 className="pl-detail__title">{step.title}</h2>
      <dl className="kv-list kv-list--compact">
        <div className="kv">
          <dt>Kind</dt>
          <dd className="mono">{step.kind}</dd>
        </div>
        {step.operation && (
          <div className="kv">
            <dt>Call</dt>
            <dd className="mono">{step.operation}</dd>
          </div>
        )}
        {step.time && (
          <div className="kv">
            <dt>Simulated time</dt>
            <dd className="mono">{formatUtc(step.time)}</dd>
          </div>
        )}
        {step.errorName && (
          <div className="kv">
            <dt>Error</dt>
            <dd className="mono pl-detail__err">{step.errorName}</dd>
          </div>
        )}
        {step.detail && (
          <div className="kv kv--stack">
            <dt>Detail</dt>
            <dd className="mono pl-detail__more">{step.detail}</dd>
          </div>
        )}
      </dl>
    </section>
  );
}
