/**
 * "Why?" on a denied call: opens the policy lab's decision view with that call's own evaluation
 * (the authorize event of its trace).
 */
import { useLab, evaluationOf, type Trace } from '../../store';

export function WhyButton({ trace }: { trace?: Trace }) {
  const show = useLab((s) => s.showCallDecision);
  const evaluation = evaluationOf(trace);
  if (!trace || !evaluation || evaluation.decision === 'Allow') return null;
  return (
    <button
      type="button"
      className="btn btn-sm why-btn"
      onClick={() => {
        if (show(trace)) location.hash = '#policy';
      }}
    >
      Why? See the decision
    </button>
  );
}
