/**
 * The steps on the player: jump to any step, and toggle a breakpoint before it. Plays any deck; the
 * flow's list groups steps by call, the decision view draws each stage of its pipeline in it
 * (`renderMarker`, `renderBody`).
 */
import { useEffect, useRef, type ReactNode } from 'react';
import { useLab, type PlayerId } from '../../store';
import { reachOf, type PlayableStep, type Step } from '../../timeline';
import { BreakpointIcon } from '../common/icons';
import './player.css';

/** Where a step is relative to the cursor. */
export type StepPlace = 'past' | 'current' | 'ahead';

/** A heading per call; consecutive client steps share one "Your application" heading. */
function flowGroup(step: PlayableStep, prev: PlayableStep | undefined): string | null {
  const s = step as Step;
  const p = prev as Step | undefined;
  const newGroup = !p || (s.operation ? s.itemIndex !== p.itemIndex : p.operation !== undefined || p.where !== s.where);
  return newGroup ? (s.operation ?? (s.where === 'time' ? 'Time passes' : 'Your application')) : null;
}

const flowItemClass = (step: PlayableStep) => `pl-step--${(step as Step).where}`;

export interface StepListProps<S extends PlayableStep> {
  player?: PlayerId;
  /** The landmark's name, and the visible heading (null: no heading). */
  label?: string;
  heading?: string | null;
  /** The list's own accessible name (e.g. "Evaluation pipeline, in AWS order"). */
  listLabel?: string;
  className?: string;
  /** A group heading before a step, or null (default: a flow's calls). */
  groupOf?: (step: S, prev: S | undefined) => string | null;
  /** Extra classes for a step's item. */
  itemClass?: (step: S, place: StepPlace) => string;
  /** What the jump button shows before the title (default: the step's number). */
  renderMarker?: (step: S, place: StepPlace) => ReactNode;
  /** More after the title (e.g. a badge). */
  renderTitleExtra?: (step: S, place: StepPlace) => ReactNode;
  /** More under the step's row (e.g. its verdict and a "Details" button). */
  renderBody?: (step: S, place: StepPlace) => ReactNode;
}

export function StepList<S extends PlayableStep = Step>({
  player = 'flow',
  label = 'Steps',
  heading = 'Steps',
  listLabel,
  className = 'pl-steps',
  groupOf = flowGroup as (step: S, prev: S | undefined) => string | null,
  itemClass = flowItemClass as (step: S) => string,
  renderMarker,
  renderTitleExtra,
  renderBody,
}: StepListProps<S>) {
  const deck = useLab((s) => s.decks[player]);
  const steps = deck.steps as readonly PlayableStep[] as readonly S[];
  const { cursor, breakpoints } = deck;
  const reach = reachOf(deck);
  const breakOn = useLab((s) => s.breakOn);
  const dispatch = useLab((s) => s.player);
  const listRef = useRef<HTMLOListElement>(null);

  useEffect(() => {
    const el = listRef.current?.querySelector<HTMLElement>('[aria-current="step"]');
    el?.scrollIntoView({ block: 'nearest' });
  }, [cursor]);

  if (steps.length === 0) return null;
  return (
    <nav className={className} aria-label={label}>
      {heading && (
        <h2 className="pl-steps__title">
          {heading} <span className="pl-steps__n">{steps.length}</span>
        </h2>
      )}
      <ol className="pl-steps__list" ref={listRef} aria-label={listLabel}>
        {steps.map((s, i) => {
          const place: StepPlace = s.index < cursor ? 'past' : s.index === cursor ? 'current' : 'ahead';
          const isBreak = breakpoints.includes(s.id) || breakOn.includes(s.kind);
          const group = groupOf(s, i > 0 ? steps[i - 1] : undefined);
          return (
            <li key={s.id} className={`pl-step ${itemClass(s, place)}${place === 'current' ? ' is-current' : ''}${place === 'past' ? ' is-past' : ''}${s.failed ? ' is-failed' : ''}`} aria-current={place === 'current' ? 'step' : undefined}>
              {group && <p className="pl-step__group">{group}</p>}
              <div className="pl-step__row">
                <button
                  type="button"
                  className={`pl-bp${isBreak ? ' is-on' : ''}`}
                  aria-pressed={breakpoints.includes(s.id)}
                  aria-label={`Breakpoint before step ${s.index + 1}`}
                  title={breakOn.includes(s.kind) ? 'Paused before every step of this kind (Pause before authorize)' : 'Pause before this step'}
                  onClick={() => dispatch(player, { type: 'toggle-breakpoint', stepId: s.id })}
                >
                  <BreakpointIcon size={13} />
                </button>
                <button
                  type="button"
                  className="pl-step__go"
                  disabled={s.index > reach}
                  onClick={() => {
                    dispatch(player, { type: 'pause' });
                    dispatch(player, { type: 'seek', cursor: s.index });
                  }}
                >
                  {renderMarker ? renderMarker(s, place) : <span className="pl-step__n mono">{s.index + 1}</span>}
                  <span className="pl-step__title">
                    {s.failed && <span className="sr-only">Failed: </span>}
                    {s.title}
                  </span>
                  {renderTitleExtra?.(s, place)}
                </button>
              </div>
              {renderBody?.(s, place)}
            </li>
          );
        })}
      </ol>
    </nav>
  );
}
