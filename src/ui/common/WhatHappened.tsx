import { useId } from 'react';
import { narrate } from '../../timeline/narrate';
import type { Trace } from '../../store';
import { PlayFlowButton } from '../player/PlayFlowButton';
import { WhyButton } from '../decision/WhyButton';

/** The call's trace in plain words: a numbered list of what KMS did, and where it stopped. */
export function WhatHappened({ trace, label }: { trace?: Trace; label: string }) {
  const id = useId();
  if (!trace || trace.events.length === 0) return null;
  const steps = narrate(trace);
  return (
    <div className="what-happened">
      <h4 className="what-happened__title" id={id}>
        What happened <span className="what-happened__op">{label}</span>
        <PlayFlowButton trace={trace} />
        <WhyButton trace={trace} />
      </h4>
      <ol className="what-happened__steps" aria-labelledby={id}>
        {steps.map((s, i) => (
          <li key={i} className={`step step--${s.kind}${s.failed ? ' step--failed' : ''}`}>
            <span className="step__kind">{s.kind.replace('-', ' ')}</span>
            <span className="step__text">
              {s.failed && <span className="sr-only">Failed: </span>}
              {s.text}
            </span>
          </li>
        ))}
      </ol>
    </div>
  );
}
