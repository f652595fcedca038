/** The steps of the flow: jump to any step, and toggle a breakpoint before it. */
import { useEffect, useRef } from 'react';
import { useLab } from '../../store';
import { BreakpointIcon } from '../common/icons';
import { useSteps } from './hooks';

export function StepList() {
  const steps = useSteps();
  const cursor = useLab((s) => s.cursor);
  const setCursor = useLab((s) => s.setCursor);
  const pause = useLab((s) => s.pause);
  const breakpoints = useLab((s) => s.breakpoints);
  const breakOn = useLab((s) => s.breakOn);
  const toggle = useLab((s) => s.toggleBreakpoint);
  const listRef = useRef<HTMLOListElement>(null);

  useEffect(() => {
    const el = listRef.current?.querySelector<HTMLElement>('[aria-current="step"]');
    el?.scrollIntoView({ block: 'nearest' });
  }, [cursor]);

  if (steps.length === 0) return null;
  return (
    <nav className="pl-steps" aria-label="Steps">
      <h2 className="pl-steps__title">
        Steps <span className="pl-steps__n">{steps.length}</span>
      </h2>
      <ol className="pl-steps__list" ref={listRef}>
        {steps.map((s) => {
          const isBreak = breakpoints.includes(s.id) || breakOn.includes(s.kind);
          const prev = s.index > 0 ? steps[s.index - 1] : undefined;
          // A heading per call; consecutive client steps share one "Your application" heading.
          const newGroup = !prev || (s.operation ? s.itemIndex !== prev.itemIndex : prev.operation !== undefined || prev.where !== s.where);
          return (
            <li key={s.id} className={`pl-step pl-step--${s.where}${s.index === cursor ? ' is-current' : ''}${s.index < cursor ? ' is-past' : ''}${s.failed ? ' is-failed' : ''}`} aria-current={s.index === cursor ? 'step' : undefined}>
              {newGroup && <p className="pl-step__group">{s.operation ?? (s.where === 'time' ? 'Time passes' : 'Your application')}</p>}
              <div className="pl-step__row">
                <button
                  type="button"
                  className={`pl-bp${isBreak ? ' is-on' : ''}`}
                  aria-pressed={breakpoints.includes(s.id)}
                  aria-label={`Breakpoint before step ${s.index + 1}`}
                  title={breakOn.includes(s.kind) ? 'Paused before every step of this kind (Pause before authorize)' : 'Pause before this step'}
                  onClick={() => toggle(s.id)}
                >
                  <BreakpointIcon size={13} />
                </button>
                <button
                  type="button"
                  className="pl-step__go"
                  onClick={() => {
                    pause();
                    setCursor(s.index);
                  }}
                >
                  <span className="pl-step__n mono">{s.index + 1}</span>
                  <span className="pl-step__title">
                    {s.failed && <span className="sr-only">Failed: </span>}
                    {s.title}
                  </span>
                </button>
              </div>
            </li>
          );
        })}
      </ol>
    </nav>
  );
}
