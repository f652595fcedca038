/**
 * Exam practice (lazy chunk): certification-style questions whose correct answers the engine
 * computes (`answerKey` runs each candidate's probe on its own copy of the question's world).
 * Practice by topic (feedback after each question) or a timed exam (N questions against the clock,
 * reviewed at the end); every explanation can open its proof — the decision view or the flow — and
 * every attempt goes into the score history.
 */
import { useEffect, useMemo, useRef, useState } from 'react';
import { useLab, useProgress } from '../../store';
import { TOPIC_TITLES, type LessonTopic } from '../../lessons';
import { EXAM_QUESTIONS, answerKey, drawQuestions, isRight, questionsByTopic, type AnswerKey, type ChoiceEvidence, type ExamQuestion, type Proof } from '../../lessons/exam';
import { recordExam, type ExamAttempt } from '../../lessons/progress';
import { usePlaybackClock } from '../player/hooks';
import { ExamIcon } from '../classroom/icons';
import { DecisionStage, FlowStage } from '../lessons/Stage';
import { flowFromTrace } from '../../timeline';
import '../lessons/lessons.css';
import './exam.css';

type Mode = 'practice' | 'timed' | 'history';
const TOPICS = (Object.keys(TOPIC_TITLES) as LessonTopic[]).filter((t) => questionsByTopic(t).length > 0);
const COUNTS = [5, 10, 20, 40] as const;
/** Minutes per question in the timed mode (about the pace of the AWS exams). */
const MINUTES_PER_QUESTION = 1.5;

const keyCache = new Map<string, Promise<AnswerKey>>();
const keyOf = (q: ExamQuestion) => {
  let p = keyCache.get(q.id);
  if (!p) {
    p = answerKey(q);
    keyCache.set(q.id, p);
  }
  return p;
};

function useAnswerKey(q: ExamQuestion | undefined): AnswerKey | null {
  const [key, setKey] = useState<{ id: string; key: AnswerKey } | null>(null);
  useEffect(() => {
    if (!q) return;
    let live = true;
    void keyOf(q).then((k) => live && setKey({ id: q.id, key: k }));
    return () => {
      live = false;
    };
  }, [q]);
  return key && q && key.id === q.id ? key.key : null;
}

const COUNT_WORDS = ['', 'ONE', 'TWO', 'THREE', 'FOUR', 'FIVE'];

function ProofView({ proof, title }: { proof: Proof; title: string }) {
  const flow = useMemo(() => (proof.kind === 'flow' ? { ...flowFromTrace(proof.trace, title), id: `exam-proof-${proof.trace.callId}-${Math.random().toString(36).slice(2)}` } : null), [proof, title]);
  useEffect(() => {
    if (flow) useLab.getState().playFlow(flow, { autoplay: true });
  }, [flow]);
  if (proof.kind === 'decision') {
    const ev = Array.isArray(proof.evaluation) ? (proof.evaluation.find((e) => e.decision !== 'Allow') ?? proof.evaluation[0]) : proof.evaluation;
    return <DecisionStage evaluation={ev} title={title} />;
  }
  if (flow) {
    return (
      <div className="ex-proof__flow">
        <FlowStage flow={flow} snapshot={{ keys: {} }} />
      </div>
    );
  }
  return (
    <pre className="mono ex-proof__value">
      {JSON.stringify(proof.kind === 'value' ? proof.result : null, (_k, v: unknown) => (v instanceof Uint8Array ? `‹${v.length} bytes›` : v), 2)}
    </pre>
  );
}

/**
 * What the engine found for one choice, from the exact check that decided it: for a choice that does
 * not hold, what it would need and what the engine got instead (answer-key.ts guarantees they differ);
 * for a correct one, what the engine got.
 */
function ChoiceWhy({ choiceText, evidence, correct }: { choiceText: string; evidence: ChoiceEvidence; correct: boolean }) {
  if (correct) return evidence.result ? <span className="ex-why" data-testid="exam-why"> The engine got {evidence.result}.</span> : null;
  if (!evidence.expected || !evidence.got) return null;
  const check = evidence.check && evidence.check !== choiceText ? <>Checked “{evidence.check}”: </> : null;
  return (
    <span className="ex-why" data-testid="exam-why">
      {' '}
      {check}
      {check ? 'this' : 'This'} choice needs <strong>{evidence.expected}</strong>; the engine got <strong>{evidence.got}</strong>.
    </span>
  );
}

function Feedback({ q, answerKeyOf, chosen }: { q: ExamQuestion; answerKeyOf: AnswerKey; chosen: string[] }) {
  const [open, setOpen] = useState<string | null>(null);
  const right = isRight(answerKeyOf, chosen);
  const evidence = answerKeyOf.evidence.find((e) => e.choiceId === open);
  return (
    <div className={`ex-feedback ${right ? 'is-right' : 'is-wrong'}`} role="status" data-testid="exam-feedback">
      <p className="ex-feedback__verdict">
        {chosen.length === 0 ? 'The answer' : right ? '✓ Correct.' : '✕ Incorrect.'} The engine computed the answer by running every choice.
      </p>
      <ul className="ex-feedback__choices">
        {q.choices.map((c) => {
          const ev = answerKeyOf.evidence.find((e) => e.choiceId === c.id);
          const correct = answerKeyOf.correct.includes(c.id);
          return (
            <li key={c.id} className={correct ? 'is-correct' : 'is-incorrect'}>
              <span aria-hidden="true" className="ls-mark">
                {correct ? '✓' : '✕'}
              </span>
              <span>
                {c.text}
                <span className="ls-note">
                  {correct ? ' — correct' : ' — not correct'}
                  {chosen.includes(c.id) ? ' (your answer)' : ''}
                </span>
                {ev && <ChoiceWhy choiceText={c.text} evidence={ev} correct={correct} />}
              </span>
              {ev?.proof && (
                <button type="button" className="btn btn-ghost btn-xs" aria-pressed={open === c.id} onClick={() => setOpen(open === c.id ? null : c.id)}>
                  {ev.proof.kind === 'decision' ? 'Open the decision' : ev.proof.kind === 'flow' ? 'Play the flow that proves it' : 'See the value'}
                </button>
              )}
            </li>
          );
        })}
      </ul>
      <p className="ex-explain">{q.explanation}</p>
      <p className="ex-sources">
        AWS documentation:{' '}
        {q.sources.map((s, i) => (
          <span key={s.url}>
            {i > 0 && ' · '}
            <a href={s.url} target="_blank" rel="noreferrer">
              {s.title}
            </a>
          </span>
        ))}
      </p>
      {evidence?.proof && (
        <section className="ex-proof" aria-label="Proof">
          <ProofView proof={evidence.proof} title={`Proof: ${q.choices.find((c) => c.id === open)?.text ?? ''}`} />
        </section>
      )}
    </div>
  );
}

function QuestionCard({ q, index, total, chosen, onChoose, locked }: { q: ExamQuestion; index: number; total: number; chosen: string[]; onChoose(ids: string[]): void; locked: boolean }) {
  const key = useAnswerKey(q);
  const multiple = q.kind === 'multiple';
  const n = key?.correct.length ?? 0;
  return (
    <fieldset className="ex-q" disabled={locked}>
      <legend className="ex-q__prompt">
        <span className="ex-q__num">
          Question {index + 1} of {total} · {TOPIC_TITLES[q.topic]}
        </span>
        {q.prompt}
      </legend>
      <p className="ex-q__how">{multiple ? (key ? `Choose ${COUNT_WORDS[n] ?? n}.` : 'Choose all that apply.') : 'Choose one.'}</p>
      <div className="ex-q__choices">
        {q.choices.map((c) => (
          <label key={c.id} className={`ls-choice${chosen.includes(c.id) ? ' is-chosen' : ''}`}>
            <input
              type={multiple ? 'checkbox' : 'radio'}
              name={`q-${q.id}`}
              value={c.id}
              checked={chosen.includes(c.id)}
              onChange={(e) => onChoose(multiple ? (e.target.checked ? [...chosen, c.id] : chosen.filter((x) => x !== c.id)) : [c.id])}
            />
            <span>{c.text}</span>
          </label>
        ))}
      </div>
    </fieldset>
  );
}

function formatTime(ms: number) {
  const s = Math.max(0, Math.ceil(ms / 1000));
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
}

interface QuizSpec {
  mode: 'practice' | 'timed';
  topic?: LessonTopic;
  questions: ExamQuestion[];
  /** Timed mode: the time allowed. */
  limitMs?: number;
}

function Quiz({ spec, onExit }: { spec: QuizSpec; onExit(): void }) {
  const [index, setIndex] = useState(0);
  const [answers, setAnswers] = useState<Record<string, string[]>>({});
  const [submitted, setSubmitted] = useState<Record<string, boolean>>({});
  const [finished, setFinished] = useState<ExamAttempt | null>(null);
  const [now, setNow] = useState(() => Date.now());
  const started = useRef(Date.now());
  const q = spec.questions[index];
  const key = useAnswerKey(q);
  const chosen = answers[q?.id ?? ''] ?? [];
  const timed = spec.mode === 'timed';
  const left = spec.limitMs !== undefined ? spec.limitMs - (now - started.current) : undefined;

  const finish = async () => {
    if (finished) return;
    const keys = await Promise.all(spec.questions.map(keyOf));
    const per: ExamAttempt['answers'] = {};
    let score = 0;
    spec.questions.forEach((qq, i) => {
      const c = answers[qq.id] ?? [];
      const ok = c.length > 0 && isRight(keys[i], c);
      if (ok) score++;
      per[qq.id] = { chosen: c, correct: ok };
    });
    const attempt: ExamAttempt = { at: new Date().toISOString(), mode: spec.mode, ...(spec.topic ? { topic: spec.topic } : {}), durationMs: Date.now() - started.current, answers: per, score, total: spec.questions.length };
    useProgress.getState().updateProgress((p) => recordExam(p, attempt));
    setFinished(attempt);
    setIndex(0);
  };

  useEffect(() => {
    if (!timed || finished) return;
    const t = window.setInterval(() => setNow(Date.now()), 1000);
    return () => window.clearInterval(t);
  }, [timed, finished]);
  useEffect(() => {
    if (left !== undefined && left <= 0 && !finished) void finish();
  });

  // The clicker (presentation mode): → reveals the answer (the class has voted; the learner's own
  // choice counts if one was made), then moves to the next question; ← goes back a question.
  const clicker = useRef({ next: () => undefined as void, back: () => undefined as void });
  clicker.current = {
    next: () => {
      if (finished || !q) return;
      if (!timed && !submitted[q.id]) {
        if (key) setSubmitted((s) => ({ ...s, [q.id]: true }));
        return;
      }
      if (index < spec.questions.length - 1) setIndex(index + 1);
    },
    back: () => {
      if (!finished && index > 0) setIndex(index - 1);
    },
  };
  useEffect(() => {
    useLab.getState().setStepper({ next: () => clicker.current.next(), back: () => clicker.current.back() });
    return () => useLab.getState().setStepper(null);
  }, []);
  useEffect(() => {
    if (!q || finished) return;
    const revealed = submitted[q.id] && !timed;
    useLab.getState().setPresenterNotes({
      title: timed ? 'Timed exam' : `Practice: ${spec.topic ? TOPIC_TITLES[spec.topic] : 'mixed'}`,
      position: `Question ${index + 1} of ${spec.questions.length}${revealed ? ' · answer shown' : timed ? '' : ' · the class votes'}`,
      current: q.prompt,
      next: revealed || timed ? (spec.questions[index + 1]?.prompt ?? 'The last question.') : 'PgDn reveals the answer the engine computed.',
      extra: key ? [`Answer: ${q.choices.filter((c) => key.correct.includes(c.id)).map((c) => c.text).join(' · ')}`] : [],
    });
    return () => useLab.getState().setPresenterNotes(null);
  }, [q, index, submitted, timed, key, finished, spec]);

  if (finished) {
    return <Review spec={spec} attempt={finished} onExit={onExit} />;
  }
  const isLast = index === spec.questions.length - 1;
  const shown = submitted[q.id] && !timed;
  return (
    <section className="ex-quiz" aria-label={timed ? 'Timed exam' : `Practice: ${spec.topic ? TOPIC_TITLES[spec.topic] : 'mixed'}`}>
      <div className="ex-quiz__bar">
        <p>
          {timed ? 'Timed exam' : `Practice: ${spec.topic ? TOPIC_TITLES[spec.topic] : 'mixed'}`} · {Object.keys(submitted).length} answered of {spec.questions.length}
        </p>
        {left !== undefined && (
          <p className={`ex-timer${left < 60_000 ? ' is-low' : ''}`} role="timer" aria-label="Time left" aria-live="off">
            {formatTime(left)}
          </p>
        )}
        <button type="button" className="btn btn-ghost btn-sm" onClick={onExit}>
          Leave
        </button>
      </div>
      <QuestionCard q={q} index={index} total={spec.questions.length} chosen={chosen} onChoose={(ids) => setAnswers((a) => ({ ...a, [q.id]: ids }))} locked={!!submitted[q.id]} />
      {!key && <p className="muted" role="status">The engine is working out the answer…</p>}
      <div className="ls-step__actions">
        {!submitted[q.id] ? (
          <button type="button" className="btn btn-primary btn-sm" disabled={!chosen.length || !key} onClick={() => setSubmitted((s) => ({ ...s, [q.id]: true }))}>
            {timed ? 'Save my answer' : 'Check my answer'}
          </button>
        ) : isLast ? (
          <button type="button" className="btn btn-primary btn-sm" onClick={() => void finish()}>
            {timed ? 'Finish and see my score' : 'Finish'}
          </button>
        ) : (
          <button type="button" className="btn btn-primary btn-sm" onClick={() => setIndex(index + 1)}>
            Next question
          </button>
        )}
        {timed && !isLast && !submitted[q.id] && (
          <button type="button" className="btn btn-ghost btn-sm" onClick={() => setIndex(index + 1)}>
            Skip for now
          </button>
        )}
        {timed && index > 0 && (
          <button type="button" className="btn btn-ghost btn-sm" onClick={() => setIndex(index - 1)}>
            Previous
          </button>
        )}
        {timed && (
          <button type="button" className="btn btn-ghost btn-sm" onClick={() => void finish()}>
            Finish now
          </button>
        )}
      </div>
      {shown && key && <Feedback q={q} answerKeyOf={key} chosen={chosen} />}
    </section>
  );
}

function Review({ spec, attempt, onExit }: { spec: QuizSpec; attempt: ExamAttempt; onExit(): void }) {
  const [index, setIndex] = useState(0);
  const q = spec.questions[index];
  const key = useAnswerKey(q);
  const a = attempt.answers[q.id];
  return (
    <section className="ex-quiz" aria-label="Your result">
      <div className="ex-score" role="status">
        <p className="ex-score__big">
          {attempt.score} / {attempt.total}
        </p>
        <p>
          {Math.round((attempt.score / Math.max(1, attempt.total)) * 100)}% correct in {formatTime(attempt.durationMs ?? 0)}. Saved in your score history.
        </p>
        <button type="button" className="btn btn-sm" onClick={onExit}>
          Done
        </button>
      </div>
      <nav className="ex-review-nav" aria-label="Review questions">
        {spec.questions.map((qq, i) => (
          <button key={qq.id} type="button" className={`btn btn-xs ${attempt.answers[qq.id]?.correct ? 'ex-ok' : 'ex-bad'}`} aria-current={i === index ? 'true' : undefined} aria-label={`Question ${i + 1}: ${attempt.answers[qq.id]?.correct ? 'correct' : 'incorrect'}`} onClick={() => setIndex(i)}>
            {i + 1} {attempt.answers[qq.id]?.correct ? '✓' : '✕'}
          </button>
        ))}
      </nav>
      <QuestionCard q={q} index={index} total={spec.questions.length} chosen={a?.chosen ?? []} onChoose={() => undefined} locked />
      {key ? <Feedback q={q} answerKeyOf={key} chosen={a?.chosen ?? []} /> : <p className="muted">The engine is working out the answer…</p>}
    </section>
  );
}

function History() {
  const exams = useProgress((s) => s.progress.exams);
  if (!exams.length) return <p className="muted">No attempts yet. Your scores appear here after each practice set or timed exam.</p>;
  return (
    <table className="ex-history">
      <caption className="sr-only">Score history, newest first</caption>
      <thead>
        <tr>
          <th scope="col">When</th>
          <th scope="col">Mode</th>
          <th scope="col">Topic</th>
          <th scope="col">Score</th>
          <th scope="col">Time</th>
        </tr>
      </thead>
      <tbody>
        {[...exams].reverse().map((e) => (
          <tr key={e.at}>
            <td>{new Date(e.at).toLocaleString()}</td>
            <td>{e.mode === 'timed' ? 'Timed' : 'Practice'}</td>
            <td>{e.topic ? (TOPIC_TITLES[e.topic as LessonTopic] ?? e.topic) : 'Mixed'}</td>
            <td>
              {e.score} / {e.total} ({Math.round((e.score / Math.max(1, e.total)) * 100)}%)
            </td>
            <td>{formatTime(e.durationMs ?? 0)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export default function ExamScreen() {
  usePlaybackClock();
  const [mode, setMode] = useState<Mode>('practice');
  const [topic, setTopic] = useState<LessonTopic>(TOPICS[0]);
  const [count, setCount] = useState<number>(10);
  const [quiz, setQuiz] = useState<QuizSpec | null>(null);
  useEffect(() => {
    void useProgress.getState().loadProgress();
  }, []);
  return (
    <div className="screen ls ex">
      <header>
        <h1 className="screen__title">
          <ExamIcon size={24} /> Exam practice
        </h1>
        <p className="ls-lede">
          {EXAM_QUESTIONS.length} certification-style questions. No answer is typed in: the engine runs every choice in the question’s scenario and the ones that hold are correct.
        </p>
      </header>
      {quiz ? (
        <Quiz spec={quiz} onExit={() => setQuiz(null)} />
      ) : (
        <>
          <div className="ex-modes" role="group" aria-label="Mode">
            {(
              [
                ['practice', 'Practice by topic'],
                ['timed', 'Timed exam'],
                ['history', 'Score history'],
              ] as const
            ).map(([m, label]) => (
              <button key={m} type="button" className={`btn btn-sm${mode === m ? ' btn-primary' : ''}`} aria-pressed={mode === m} onClick={() => setMode(m)}>
                {label}
              </button>
            ))}
          </div>
          {mode === 'practice' && (
            <section className="ex-setup" aria-label="Practice by topic">
              <label htmlFor="ex-topic">Topic</label>
              <select id="ex-topic" className="select" value={topic} onChange={(e) => setTopic(e.target.value as LessonTopic)}>
                  {TOPICS.map((t) => (
                    <option key={t} value={t}>
                      {TOPIC_TITLES[t]} ({questionsByTopic(t).length})
                    </option>
                  ))}
                </select>
              <p className="muted">You see whether you were right after each question, with the explanation and its proof.</p>
              <button type="button" className="btn btn-primary" onClick={() => setQuiz({ mode: 'practice', topic, questions: questionsByTopic(topic) })}>
                Start practising
              </button>
            </section>
          )}
          {mode === 'timed' && (
            <section className="ex-setup" aria-label="Timed exam">
              <label htmlFor="ex-count">Questions</label>
              <select id="ex-count" className="select" value={count} onChange={(e) => setCount(Number(e.target.value))}>
                  {COUNTS.filter((c) => c <= EXAM_QUESTIONS.length).map((c) => (
                    <option key={c} value={c}>
                      {c} questions — {c * MINUTES_PER_QUESTION} minutes
                    </option>
                  ))}
                </select>
              <p className="muted">Questions from every topic, against the clock. You see your score and the explanations at the end.</p>
              <button
                type="button"
                className="btn btn-primary"
                onClick={() => setQuiz({ mode: 'timed', questions: drawQuestions(count, Date.now() % 2 ** 31), limitMs: count * MINUTES_PER_QUESTION * 60_000 })}
              >
                Start the timed exam
              </button>
            </section>
          )}
          {mode === 'history' && (
            <section aria-label="Score history">
              <History />
            </section>
          )}
        </>
      )}
    </div>
  );
}
