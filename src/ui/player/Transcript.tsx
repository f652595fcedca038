/**
 * The steps as a table, for people who do not use the picture; the current step is highlighted.
 * Plays any deck: a flow's columns by default (where, step, what happens, time), or the caller's.
 */
import { useEffect, useRef, type ReactNode } from 'react';
import { useLab, type PlayerId } from '../../store';
import type { PlayableStep, Step } from '../../timeline';
import { formatUtc } from '../common/format';
import type { StepPlace } from './StepList';
import './player.css';

const WHERE: Record<string, string> = { app: 'Your app', kms: 'KMS', time: 'Time' };

export interface TranscriptColumn<S extends PlayableStep> {
  header: string;
  cell: (step: S, place: StepPlace) => ReactNode;
  className?: string;
}

const FLOW_COLUMNS: TranscriptColumn<Step>[] = [
  { header: 'Where', cell: (s) => WHERE[s.where] },
  {
    header: 'Step',
    className: 'pl-table__title',
    cell: (s) => (
      <>
        {s.operation && s.where !== 'app' ? <span className="mono pl-table__op">{s.operation}</span> : null}
        {s.title}
      </>
    ),
  },
  {
    header: 'What happens',
    cell: (s) => (
      <>
        {s.failed && <strong className="pl-table__fail">✕ {s.errorName ?? 'Failed'}: </strong>}
        {s.text}
      </>
    ),
  },
  { header: 'Time', className: 'mono pl-table__time', cell: (s) => (s.time ? formatUtc(s.time) : '—') },
];

export interface TranscriptProps<S extends PlayableStep> {
  title: string;
  player?: PlayerId;
  columns?: TranscriptColumn<S>[];
}

export function Transcript<S extends PlayableStep = Step>({ title, player = 'flow', columns = FLOW_COLUMNS as unknown as TranscriptColumn<S>[] }: TranscriptProps<S>) {
  const deck = useLab((s) => s.decks[player]);
  const steps = deck.steps as readonly PlayableStep[] as readonly S[];
  const cursor = deck.cursor;
  const dispatch = useLab((s) => s.player);
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
            {columns.map((c) => (
              <th key={c.header} scope="col">
                {c.header}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {steps.map((s) => {
            const place: StepPlace = s.index < cursor ? 'past' : s.index === cursor ? 'current' : 'ahead';
            return (
              <tr key={s.id} aria-current={place === 'current' ? 'step' : undefined} className={`${place === 'current' ? 'is-current' : ''}${s.failed ? ' is-failed' : ''}`}>
                <td>
                  <button
                    type="button"
                    className="btn btn-ghost btn-xs mono"
                    aria-label={`Go to step ${s.index + 1}`}
                    onClick={() => {
                      dispatch(player, { type: 'pause' });
                      dispatch(player, { type: 'seek', cursor: s.index });
                    }}
                  >
                    {s.index + 1}
                  </button>
                </td>
                {columns.map((c) => (
                  <td key={c.header} className={c.className}>
                    {c.cell(s, place)}
                  </td>
                ))}
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
