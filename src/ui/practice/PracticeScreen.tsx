/**
 * Practice (lazy chunk, `#practice`, `#practice=v1.<level>.<seed>`): unlimited generated puzzles
 * whose answers the engine computes — Decide (Allow / explicit deny / implicit deny), Spot (which
 * statements decide), Fix (edit one statement until the engine finds the goal reached) and KMS
 * behaviour (steps run in a scratch world). The explanation is the decision view itself (or the
 * step player for behaviour), replayable. Per-topic accuracy and spaced repetition are kept in
 * the learner's progress; a timed mixed set; every puzzle has a link.
 *
 * The screen reaches the generator and the engine only through the practice store
 * (store/practice.ts, imported directly so that the generator stays out of the first-load chunk).
 */
import { useEffect, useMemo, useRef, useState } from 'react';
import { useLab, useProgress } from '../../store';
import { usePractice, type PracticeCurrent } from '../../store/practice';
import {
  KIND_TITLES, LEVEL_TITLES, LEVELS, NOTHING_DECIDES, PRACTICE_TOPICS, policyAt, policyKindOf, spotCandidates, targetWords, topicAccuracy,
  type BehaviourPuzzle, type FixPuzzle, type Level, type PuzzleAnswer, type SpotCandidate,
} from '../../practice';
import { DECISION_CHOICES, TOPIC_TITLES } from '../../lessons/model';
import { SEED_POINTS } from '../../lessons/coverage';
import { snapshotOf, type Flow } from '../../timeline';
import { DecisionStage, FlowStage } from '../lessons/Stage';
import { PolicyEditor } from '../editor/PolicyEditor';
import { CopyButton } from '../common/CopyButton';
import { usePlaybackClock } from '../player/hooks';
import { useSection } from '../shell/section';
import '../lessons/lessons.css';
import '../exam/exam.css';
import './practice.css';

const DECISION_LABEL: Record<string, string> = Object.fromEntries(DECISION_CHOICES.map((c) => [c.id, c.label]));
const linkOf = (code: string) => `${location.origin}${location.pathname}#practice=${code}`;
const formatTime = (ms: number) => {
  const s = Math.max(0, Math.ceil(ms / 1000));
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
};

/** The policies of a puzzle, grouped as the evaluator read them (key policy, IAM, boundary, SCPs, grants…). */
function groupByPolicy(candidates: SpotCandidate[]): { label: string; items: SpotCandidate[] }[] {
  const groups: { label: string; items: SpotCandidate[] }[] = [];
  for (const c of candidates) {
    const g = groups.find((x) => x.label === c.policyLabel);
    if (g) g.items.push(c);
    else groups.push({ label: c.policyLabel, items: [c] });
  }
  return groups;
}

function statementName(c: SpotCandidate): string {
  if (c.policyId.startsWith('grant:')) return c.policyLabel;
  return `${c.sid ? `“${c.sid}”` : `Statement ${c.index + 1}`} (${c.effect}) in the ${c.policyLabel}`;
}

/** The world a policy puzzle is about: every policy the evaluator reads, statement by statement. */
function World({ answer, pick }: { answer: PuzzleAnswer; pick?: { chosen: string[]; onToggle(ref: string): void; revealed: boolean; correct: string[] } }) {
  const candidates = answer.kind === 'decide' || answer.kind === 'spot' ? (answer.kind === 'spot' ? answer.candidates : spotCandidates(answer.evaluation)) : [];
  return (
    <div className="pr-world">
      {groupByPolicy(candidates).map((g) => (
        <section key={g.label} className="pr-policy" aria-label={g.label}>
          <h3 className="pr-policy__title">{g.label}</h3>
          <ol className="pr-statements">
            {g.items.map((c) => {
              const chosen = pick?.chosen.includes(c.ref);
              const decides = pick?.revealed && pick.correct.includes(c.ref);
              return (
                <li key={c.ref} className={`pr-statement${decides ? ' is-deciding' : ''}`}>
                  {pick ? (
                    <button type="button" className="pr-statement__pick" aria-pressed={!!chosen} disabled={pick.revealed} aria-label={`${statementName(c)}${chosen ? ', chosen' : ''}`} onClick={() => pick.onToggle(c.ref)}>
                      <pre className="mono">{c.text}</pre>
                    </button>
                  ) : (
                    <pre className="mono">{c.text}</pre>
                  )}
                  {pick?.revealed && (
                    <p className="pr-statement__verdict" data-testid="statement-verdict">
                      {decides ? '✓ Decides' : 'Does not decide'}
                      {chosen ? ' · your choice' : ''}
                    </p>
                  )}
                </li>
              );
            })}
          </ol>
        </section>
      ))}
    </div>
  );
}

function Verdict({ current }: { current: PracticeCurrent }) {
  if (current.right === undefined) return <p className="ex-feedback__verdict">The answer, computed by the engine:</p>;
  return <p className="ex-feedback__verdict">{current.right ? '✓ Correct.' : '✕ Not quite.'} The engine computed the answer.</p>;
}

function DecideView({ current }: { current: PracticeCurrent }) {
  const { choose } = usePractice.getState();
  const a = current.answer;
  if (!a || a.kind !== 'decide') return null;
  return (
    <>
      <World answer={a} />
      <fieldset className="ex-q" disabled={current.revealed}>
        <legend className="ex-q__prompt">Your answer</legend>
        <div className="ex-q__choices">
          {DECISION_CHOICES.map((c) => (
            <label key={c.id} className={`ls-choice${current.chosen.includes(c.id) ? ' is-chosen' : ''}`}>
              <input type="radio" name={`d-${current.puzzle.code}`} value={c.id} checked={current.chosen.includes(c.id)} onChange={() => choose([c.id])} />
              <span>{c.label}</span>
            </label>
          ))}
        </div>
      </fieldset>
      {current.revealed && (
        <div className={`ex-feedback ${current.right ? 'is-right' : 'is-wrong'}`} role="status" data-testid="practice-feedback">
          <Verdict current={current} />
          <p>
            The engine’s decision: <strong data-testid="engine-decision">{DECISION_LABEL[a.decision]}</strong>. {a.evaluation.summary}
          </p>
          <DecisionStage evaluation={a.evaluation} title={`Why: ${current.puzzle.title}`} />
        </div>
      )}
    </>
  );
}

function SpotView({ current }: { current: PracticeCurrent }) {
  const { choose } = usePractice.getState();
  const a = current.answer;
  if (!a || a.kind !== 'spot') return null;
  const toggle = (ref: string) => {
    if (ref === NOTHING_DECIDES) return choose(current.chosen.includes(NOTHING_DECIDES) ? [] : [NOTHING_DECIDES]);
    const rest = current.chosen.filter((x) => x !== NOTHING_DECIDES);
    choose(rest.includes(ref) ? rest.filter((x) => x !== ref) : [...rest, ref]);
  };
  const names = (refs: string[]) => refs.map((r) => (r === NOTHING_DECIDES ? 'nothing allows it' : statementName(a.candidates.find((c) => c.ref === r)!))).join('; ');
  return (
    <>
      <p className="ex-q__how">Click each statement that decides, then check.</p>
      <World answer={a} pick={{ chosen: current.chosen, onToggle: toggle, revealed: current.revealed, correct: a.correct }} />
      <button type="button" className="btn btn-sm pr-none" aria-pressed={current.chosen.includes(NOTHING_DECIDES)} disabled={current.revealed} onClick={() => toggle(NOTHING_DECIDES)}>
        Nothing allows it (implicit deny)
      </button>
      {current.revealed && (
        <div className={`ex-feedback ${current.right ? 'is-right' : 'is-wrong'}`} role="status" data-testid="practice-feedback">
          <Verdict current={current} />
          <p>
            The evaluator’s deciding {a.correct.length === 1 ? 'statement' : 'statements'}: <strong data-testid="engine-deciders">{names(a.correct)}</strong>. {a.evaluation.summary}
          </p>
          <DecisionStage evaluation={a.evaluation} title={`Why: ${current.puzzle.title}`} />
        </div>
      )}
    </>
  );
}

function FixView({ current }: { current: PracticeCurrent }) {
  const p = current.puzzle as FixPuzzle;
  const original = useMemo(() => JSON.stringify(policyAt(p.scenario, p.target), null, 2), [p]);
  const [text, setText] = useState(current.fixText ?? original);
  const [reference, setReference] = useState<string | null>(null);
  const [open, setOpen] = useState<number | null>(null);
  const a = current.answer;
  const check = current.fixCheck;
  const results = check?.results;
  const others = useMemo(() => otherPolicies(p), [p]);
  return (
    <>
      <section aria-label="Goal" className="pr-goal">
        <h3>Goal — the engine checks these requests</h3>
        <ul>
          {p.goal.map((g, i) => {
            const before = a?.kind === 'fix' ? a.before[i]?.decision : undefined;
            const after = results?.[i]?.decision;
            const holds = after !== undefined ? (g.want === 'Allow' ? after === 'Allow' : after !== 'Allow') : undefined;
            return (
              <li key={g.label} data-testid="goal-request">
                <span>
                  {g.label} → must be <strong>{g.want === 'Allow' ? 'allowed' : 'denied'}</strong>
                </span>
                {before && after === undefined && <span className="ls-note"> · now: {DECISION_LABEL[before]}</span>}
                {after && (
                  <span className={`pr-goal__result ${holds ? 'is-ok' : 'is-bad'}`} data-testid="goal-result">
                    {' '}
                    {holds ? '✓' : '✕'} after your change: {DECISION_LABEL[after]}
                  </span>
                )}
                {results?.[i] && (
                  <button type="button" className="btn btn-ghost btn-xs" aria-pressed={open === i} onClick={() => setOpen(open === i ? null : i)}>
                    Open the decision
                  </button>
                )}
              </li>
            );
          })}
        </ul>
      </section>
      {others.length > 0 && (
        <details className="pr-others">
          <summary>The other policies in this world (read-only)</summary>
          {others.map((o) => (
            <section key={o.label} aria-label={o.label}>
              <h4>{o.label}</h4>
              <pre className="mono">{o.text}</pre>
            </section>
          ))}
        </details>
      )}
      <h3 className="pr-edit-title">Edit {targetWords(p.target)}</h3>
      <PolicyEditor value={text} onChange={setText} kind={policyKindOf(p.target)} label={`Edit ${targetWords(p.target)}`} />
      <div className="ls-step__actions">
        <button type="button" className="btn btn-primary btn-sm" onClick={() => usePractice.getState().checkFix(text)}>
          Check my change
        </button>
        <button type="button" className="btn btn-ghost btn-sm" onClick={() => setText(original)}>
          Start over
        </button>
        <button type="button" className="btn btn-ghost btn-sm" onClick={() => setReference(usePractice.getState().showReference())}>
          Show a fix
        </button>
      </div>
      {check && (
        <div className={`ex-feedback ${check.ok && check.reached ? 'is-right' : 'is-wrong'}`} role="status" data-testid="practice-feedback">
          {!check.ok ? (
            <p>{check.problems.join(' ')}</p>
          ) : check.reached ? (
            <p className="ex-feedback__verdict">✓ Goal reached: the engine gives every request what it must get.{current.referenceShown ? ' (After the fix was shown: not counted as right.)' : ''}</p>
          ) : (
            <p className="ex-feedback__verdict">✕ Not yet: {p.goal.filter((g, i) => (g.want === 'Allow') !== (results?.[i]?.decision === 'Allow')).length} of {p.goal.length} requests do not get what they must.</p>
          )}
        </div>
      )}
      {open !== null && results?.[open] && <DecisionStage evaluation={results[open].evaluations[0].evaluation} title={`After your change: ${p.goal[open].label}`} />}
      {reference && (
        <section aria-label="A fix" className="pr-reference">
          <h3>A fix that reaches the goal (checked by the engine when the puzzle was made)</h3>
          <pre className="mono">{reference}</pre>
          <button type="button" className="btn btn-sm" onClick={() => setText(reference)}>
            Put it in the editor
          </button>
        </section>
      )}
    </>
  );
}

function otherPolicies(p: FixPuzzle): { label: string; text: string }[] {
  const out: { label: string; text: string }[] = [];
  const t = p.target;
  for (const k of p.scenario.keys ?? []) if (!(t.kind === 'key-policy' && t.key === k.arn) && k.policy) out.push({ label: `Key policy of ${k.aliases?.[0] ?? k.arn}`, text: JSON.stringify(k.policy, null, 2) });
  for (const pr of p.scenario.principals ?? []) {
    (pr.policies ?? []).forEach((doc, i) => {
      if (!(t.kind === 'identity' && t.principal === pr.arn && t.index === i)) out.push({ label: `IAM policy of ${pr.arn.split(':').pop()}`, text: JSON.stringify(doc, null, 2) });
    });
    if (pr.permissionsBoundary && !(t.kind === 'boundary' && t.principal === pr.arn)) out.push({ label: `Permissions boundary of ${pr.arn.split(':').pop()}`, text: JSON.stringify(pr.permissionsBoundary, null, 2) });
  }
  (p.scenario.organization?.scps ?? []).forEach((level, l) =>
    level.forEach((doc, i) => {
      if (!(t.kind === 'scp' && t.level === l && t.index === i)) out.push({ label: l === 0 ? 'SCP at the organization root' : `SCP at level ${l + 1}`, text: JSON.stringify(doc, null, 2) });
    }),
  );
  return out;
}

function BehaviourView({ current }: { current: PracticeCurrent }) {
  const p = current.puzzle as BehaviourPuzzle;
  const a = current.answer?.kind === 'behaviour' ? current.answer : null;
  const { choose } = usePractice.getState();
  const flow = useMemo<Flow | null>(() => (a ? { id: `practice-${p.code}-${Math.random().toString(36).slice(2)}`, title: p.title, items: a.outcomes.flatMap((o) => o.outcome.flowItems) as Flow['items'] } : null), [a, p]);
  const snapshot = useMemo(() => (a?.world ? snapshotOf(a.world.state) : { keys: {} }), [a]);
  useEffect(() => {
    if (current.revealed && flow?.items.length) useLab.getState().playFlow(flow, { autoplay: true });
  }, [current.revealed, flow]);
  const observed = a ? p.choices.find((c) => a.correct.includes(c.id))?.label : undefined;
  return (
    <>
      <fieldset className="ex-q" disabled={current.revealed}>
        <legend className="ex-q__prompt">Your answer</legend>
        <div className="ex-q__choices">
          {p.choices.map((c) => (
            <label key={c.id} className={`ls-choice${current.chosen.includes(c.id) ? ' is-chosen' : ''}`}>
              <input type="radio" name={`b-${p.code}`} value={c.id} checked={current.chosen.includes(c.id)} onChange={() => choose([c.id])} />
              <span>{c.label}</span>
            </label>
          ))}
        </div>
      </fieldset>
      {current.revealed && a && (
        <div className={`ex-feedback ${current.right ? 'is-right' : 'is-wrong'}`} role="status" data-testid="practice-feedback">
          <Verdict current={current} />
          <p>
            What the engine did: <strong data-testid="engine-observed">{observed ?? String(a.observed)}</strong>.
          </p>
          <ol className="pr-steps" aria-label="The steps, as run">
            {a.outcomes.map((o) => (
              <li key={o.stepId}>
                {o.narration} <span className="ls-note">— {o.outcome.ok ? 'success' : `${o.outcome.error?.name}: ${o.outcome.error?.message}`}</span>
              </li>
            ))}
          </ol>
          {flow && flow.items.length > 0 && (
            <div className="ex-proof__flow">
              <FlowStage flow={flow} snapshot={snapshot} />
            </div>
          )}
        </div>
      )}
    </>
  );
}

function PuzzleView({ current }: { current: PracticeCurrent }) {
  const p = current.puzzle;
  const info = PRACTICE_TOPICS[p.topic];
  const timed = usePractice((s) => s.timed);
  const canSubmit = p.kind !== 'fix' && !current.revealed && !!current.answer && current.chosen.length > 0;
  return (
    <article className="pr-puzzle" aria-label={`Puzzle ${p.code}`}>
      <header className="pr-puzzle__head">
        <p className="pr-puzzle__meta">
          <span className="pr-badge">{KIND_TITLES[p.kind]}</span> {info.title} · Level {p.level} · <span className="mono">{p.code}</span>
          {current.because && <span className="pr-because"> · back because you missed {PRACTICE_TOPICS[current.because as keyof typeof PRACTICE_TOPICS]?.title ?? current.because}</span>}
        </p>
        <h2 className="pr-puzzle__title">{p.title}</h2>
        <p className="pr-puzzle__prompt" data-testid="puzzle-prompt">
          {p.prompt.split('`').map((part, i) => (i % 2 ? <code key={i}>{part}</code> : <span key={i}>{part}</span>))}
        </p>
        {!timed && (
          <p className="pr-link">
            Link to this puzzle: <span className="mono" data-testid="puzzle-link">{linkOf(p.code)}</span> <CopyButton text={linkOf(p.code)} label="Copy the puzzle's link" />
          </p>
        )}
      </header>
      {!current.answer && <p className="muted" role="status">The engine is working out the answer…</p>}
      {p.kind === 'decide' && <DecideView current={current} />}
      {p.kind === 'spot' && <SpotView current={current} />}
      {p.kind === 'fix' && <FixView key={p.code} current={current} />}
      {p.kind === 'behaviour' && <BehaviourView current={current} />}
      <div className="ls-step__actions">
        {p.kind !== 'fix' && !current.revealed && (
          <button type="button" className="btn btn-primary btn-sm" disabled={!canSubmit} onClick={() => usePractice.getState().submit()}>
            Check my answer
          </button>
        )}
        {timed ? (
          <button type="button" className="btn btn-sm" onClick={() => usePractice.getState().timedNext()}>
            {timed.index + 1 >= timed.codes.length ? 'Finish the set' : 'Next puzzle in the set'}
          </button>
        ) : (
          <button type="button" className={`btn btn-sm${current.revealed ? ' btn-primary' : ''}`} onClick={() => usePractice.getState().next()}>
            Next puzzle
          </button>
        )}
      </div>
    </article>
  );
}

function TopicTable() {
  const progress = useProgress((s) => s.progress);
  const rows = topicAccuracy(progress);
  const notes = (ids: readonly string[]) => ids.map((id) => SEED_POINTS.find((s) => s.id === id)?.notes ?? id).join('; ');
  return (
    <table className="ex-history pr-topics">
      <caption>Your accuracy by topic (kept in this browser)</caption>
      <thead>
        <tr>
          <th scope="col">Topic</th>
          <th scope="col">Exam topic</th>
          <th scope="col">Study notes</th>
          <th scope="col">Right</th>
          <th scope="col">Comes back</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => {
          const info = PRACTICE_TOPICS[r.topic];
          return (
            <tr key={r.topic} data-testid={`topic-${r.topic}`}>
              <th scope="row">{info.title}</th>
              <td>{TOPIC_TITLES[info.exam]}</td>
              <td className="pr-topics__notes">{notes(info.notes)}</td>
              <td>{r.attempts ? `${r.correct} of ${r.attempts} (${Math.round((r.accuracy ?? 0) * 100)}%)` : '—'}</td>
              <td>{!r.attempts ? '—' : r.due && r.correct < r.attempts ? 'next' : r.dueAt ? new Date(r.dueAt).toLocaleString() : '—'}</td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

function TimedBar() {
  const timed = usePractice((s) => s.timed)!;
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (timed.finishedAt) return;
    const t = window.setInterval(() => setNow(Date.now()), 1000);
    return () => window.clearInterval(t);
  }, [timed.finishedAt]);
  const left = timed.limitMs - (now - timed.startedAt);
  useEffect(() => {
    if (left <= 0 && !timed.finishedAt) usePractice.getState().finishTimed();
  }, [left, timed.finishedAt]);
  return (
    <div className="ex-quiz__bar">
      <p>
        Timed mixed set · puzzle {Math.min(timed.index + 1, timed.codes.length)} of {timed.codes.length} · {Object.keys(timed.results).length} answered
      </p>
      <p className={`ex-timer${left < 60_000 ? ' is-low' : ''}`} role="timer" aria-label="Time left" aria-live="off">
        {formatTime(left)}
      </p>
      <button type="button" className="btn btn-ghost btn-sm" onClick={() => usePractice.getState().finishTimed()}>
        Finish now
      </button>
    </div>
  );
}

function TimedResult() {
  const timed = usePractice((s) => s.timed)!;
  const right = timed.codes.filter((c) => timed.results[c]).length;
  return (
    <section className="ex-quiz" aria-label="Your result">
      <div className="ex-score" role="status">
        <p className="ex-score__big">
          {right} / {timed.codes.length}
        </p>
        <p>
          {Math.round((right / timed.codes.length) * 100)}% right in {formatTime((timed.finishedAt ?? Date.now()) - timed.startedAt)}. Each topic’s accuracy is updated.
        </p>
        <button type="button" className="btn btn-sm" onClick={() => usePractice.getState().leaveTimed()}>
          Done
        </button>
      </div>
      <ol className="pr-timed-review">
        {timed.codes.map((c) => (
          <li key={c}>
            <a href={`#practice=${c}`} onClick={() => usePractice.getState().leaveTimed()}>
              <span className="mono">{c}</span>
            </a>{' '}
            {c in timed.results ? (timed.results[c] ? '✓ right' : '✕ not right') : '— not answered'}
          </li>
        ))}
      </ol>
    </section>
  );
}

/** Clicker and presenter notes: → reveals the engine's answer, then moves to the next puzzle; ← goes back. */
function usePresenting(current: PracticeCurrent | null) {
  const clicker = useRef({ next: () => undefined as void, back: () => undefined as void });
  clicker.current = {
    next: () => {
      const s = usePractice.getState();
      const c = s.current;
      if (!c) return s.next();
      if (!c.revealed && c.answer) {
        if (c.puzzle.kind === 'fix') s.showReference();
        else s.submit();
        return;
      }
      if (c.revealed) return s.timed ? s.timedNext() : s.next();
    },
    back: () => usePractice.getState().back(),
  };
  useEffect(() => {
    useLab.getState().setStepper({ next: () => clicker.current.next(), back: () => clicker.current.back() });
    return () => useLab.getState().setStepper(null);
  }, []);
  useEffect(() => {
    if (!current) return;
    const a = current.answer;
    const answer =
      !a ? 'The engine is working it out.' : a.kind === 'decide' ? DECISION_LABEL[a.decision] : a.kind === 'spot' ? a.correct.join(', ') : a.kind === 'fix' ? `The goal is broken (${a.signature}).` : String(a.observed);
    useLab.getState().setPresenterNotes({
      title: `Practice ${current.puzzle.code}`,
      position: `${KIND_TITLES[current.puzzle.kind]} · ${PRACTICE_TOPICS[current.puzzle.topic].title}${current.revealed ? ' · answer shown' : ' · the class votes'}`,
      current: current.puzzle.prompt.replace(/`/g, ''),
      next: current.revealed ? 'PgDn opens the next puzzle.' : 'PgDn reveals the answer the engine computed.',
      extra: [`Answer: ${answer}`, `Link: ${linkOf(current.puzzle.code)}`],
    });
    return () => useLab.getState().setPresenterNotes(null);
  }, [current]);
}

export default function PracticeScreen() {
  usePlaybackClock();
  const section = useSection();
  const current = usePractice((s) => s.current);
  const level = usePractice((s) => s.level);
  const timed = usePractice((s) => s.timed);
  const error = usePractice((s) => s.error);
  const [code, setCode] = useState('');
  usePresenting(current);
  useEffect(() => {
    void useProgress.getState().loadProgress();
  }, []);
  // The link opens its puzzle (`#practice=v1.2.1234`), also when pasted into a running app.
  useEffect(() => {
    if (section.startsWith('practice=')) usePractice.getState().openCode(decodeURIComponent(section.slice('practice='.length)));
  }, [section]);
  // The address bar always holds the link of the puzzle on screen (without adding history entries).
  useEffect(() => {
    if (current && !timed && location.hash !== `#practice=${current.puzzle.code}`) history.replaceState(null, '', `#practice=${current.puzzle.code}`);
  }, [current, timed]);

  return (
    <div className="screen ls ex pr">
      <header>
        <h1 className="screen__title">Practice</h1>
        <p className="ls-lede">
          Puzzles without end, generated from a level and a seed. No answer is written in: the engine evaluates every policy and runs every call, and its explanation is the answer.
        </p>
      </header>
      {error && (
        <p className="pr-error" role="alert">
          {error}
        </p>
      )}
      {!timed && (
        <section className="ex-setup pr-setup" aria-label="Choose puzzles">
          <label htmlFor="pr-level">Level</label>
          <select id="pr-level" className="select" value={level} onChange={(e) => usePractice.getState().setLevel(Number(e.target.value) as Level)}>
            {LEVELS.map((l) => (
              <option key={l} value={l}>
                {LEVEL_TITLES[l]}
              </option>
            ))}
          </select>
          <div className="ls-step__actions">
            <button type="button" className="btn btn-primary btn-sm" onClick={() => usePractice.getState().next()}>
              {current ? 'New puzzle' : 'Start practising'}
            </button>
            <button type="button" className="btn btn-sm" onClick={() => usePractice.getState().startTimed(10)}>
              Timed mixed set (10 puzzles, 15 minutes)
            </button>
          </div>
          <form
            className="pr-open"
            onSubmit={(e) => {
              e.preventDefault();
              const c = code.includes('#practice=') ? code.split('#practice=')[1] : code;
              if (usePractice.getState().openCode(c)) setCode('');
            }}
          >
            <label htmlFor="pr-code">Open a puzzle by its code or link</label>
            <input id="pr-code" className="input mono" value={code} placeholder="v1.2.1234" onChange={(e) => setCode(e.target.value)} />
            <button type="submit" className="btn btn-sm">
              Open
            </button>
          </form>
        </section>
      )}
      {timed && (timed.finishedAt ? <TimedResult /> : <TimedBar />)}
      {current && !(timed && timed.finishedAt) && <PuzzleView current={current} />}
      {!timed && <TopicTable />}
    </div>
  );
}

