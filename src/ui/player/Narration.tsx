/** The narration line above the player bar: the current step in plain words, announced politely. */
import { useLab } from '../../store';
import { useSteps } from './hooks';

const WHERE: Record<string, string> = { app: 'Your app', kms: 'Inside KMS', time: 'Time' };

export function Narration() {
  const steps = useSteps();
  const cursor = useLab((s) => s.cursor);
  const stoppedAt = useLab((s) => s.stoppedAt);
  const step = steps[cursor];
  const brk = stoppedAt?.reason === 'breakpoint' ? steps.find((s) => s.id === stoppedAt.stepId) : undefined;
  return (
    <div className={`pl-narration${step?.failed ? ' is-failed' : ''}`}>
      <p className="pl-narration__meta" aria-hidden="true">
        {step ? `Step ${cursor + 1} of ${steps.length} · ${WHERE[step.where]}${step.operation ? ` · ${step.operation}` : ''}` : 'No flow loaded'}
      </p>
      <p className="pl-narration__text" role="status" aria-live="polite" aria-atomic="true" data-testid="narration">
        {step ? (
          <>
            <span className="sr-only">{`Step ${cursor + 1} of ${steps.length}. `}</span>
            {step.failed && <span className="pl-narration__fail">✕ </span>}
            {step.text}
          </>
        ) : (
          'Pick a demo flow, or play a call from Keys & crypto or the audit log.'
        )}
      </p>
      {brk && (
        <p className="pl-narration__break">
          Paused at a breakpoint, before step {brk.index + 1}: {brk.title}. Press Play to go on.
        </p>
      )}
    </div>
  );
}
