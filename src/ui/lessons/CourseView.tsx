/** The course: every lesson by topic (the study notes' parts in order, then the exam topics), with progress. */
import { useProgress } from '../../store';
import { LESSONS, TOPIC_TITLES, lessonsByTopic, type LessonTopic } from '../../lessons';
import { predictionAccuracy } from '../../lessons/progress';
import { ExamIcon, LessonIcon } from '../classroom/icons';
import { ProgressTools } from './ProgressTools';

const NOTES_TOPICS: LessonTopic[] = ['kms-basics', 'cmk', 'cmk-encrypt-decrypt', 'data-keys', 'key-concepts'];
const EXAM_TOPICS = (Object.keys(TOPIC_TITLES) as LessonTopic[]).filter((t) => !NOTES_TOPICS.includes(t));

function Status({ lessonId, steps }: { lessonId: string; steps: number }) {
  const p = useProgress((s) => s.progress.lessons[lessonId]);
  if (p?.completed) return <span className="ls-status ls-status--done">✓ Completed</span>;
  if (p && p.step > 0) return <span className="ls-status ls-status--started">{Math.min(p.step, steps)} of {steps} parts done</span>;
  return <span className="ls-status">Not started</span>;
}

function TopicGroup({ topic }: { topic: LessonTopic }) {
  const lessons = lessonsByTopic(topic);
  const progress = useProgress((s) => s.progress.lessons);
  if (!lessons.length) return null;
  return (
    <section className="ls-topic" aria-labelledby={`ls-topic-${topic}`}>
      <h3 id={`ls-topic-${topic}`} className="ls-topic__title">
        {TOPIC_TITLES[topic]}
      </h3>
      <ul className="ls-cards">
        {lessons.map((l) => {
          const p = progress[l.id];
          const verb = p?.completed ? 'Review' : p && p.step > 0 ? 'Continue' : 'Start';
          return (
            <li key={l.id} className={`ls-card${p?.completed ? ' is-done' : ''}`}>
              <div className="ls-card__text">
                <p className="ls-card__title">{l.title}</p>
                <p className="ls-card__summary">{l.summary}</p>
              </div>
              <div className="ls-card__foot">
                <Status lessonId={l.id} steps={l.steps.length} />
                <a className="btn btn-sm btn-primary" href={`#lessons/${l.id}`} aria-label={`${verb}: ${l.title}`}>
                  {verb}
                </a>
              </div>
            </li>
          );
        })}
      </ul>
    </section>
  );
}

export function CourseView() {
  const progress = useProgress((s) => s.progress);
  const done = LESSONS.filter((l) => progress.lessons[l.id]?.completed).length;
  const accuracy = predictionAccuracy(progress);
  return (
    <div className="screen ls ls-course">
      <header className="ls-course__head">
        <div>
          <h1 className="screen__title">
            <LessonIcon size={24} /> Lessons
          </h1>
          <p className="ls-lede">
            Each lesson runs real KMS calls in its own world. Predict what KMS will do, watch the flow, then reach a goal the engine checks.
          </p>
        </div>
        <dl className="ls-summary" aria-label="Course progress">
          <div>
            <dt>Completed</dt>
            <dd>
              {done} of {LESSONS.length}
            </dd>
          </div>
          <div>
            <dt>Predictions right</dt>
            <dd>{accuracy === undefined ? '—' : `${Math.round(accuracy * 100)}%`}</dd>
          </div>
          <div>
            <dt>Exams taken</dt>
            <dd>{progress.exams.length}</dd>
          </div>
        </dl>
      </header>
      <div className="ls-course__body">
        <div className="ls-course__main">
          <h2 className="ls-h2">From the study notes</h2>
          {NOTES_TOPICS.map((t) => (
            <TopicGroup key={t} topic={t} />
          ))}
          <h2 className="ls-h2">Topics the exams ask about</h2>
          {EXAM_TOPICS.map((t) => (
            <TopicGroup key={t} topic={t} />
          ))}
        </div>
        <aside className="ls-course__side" aria-label="Progress and practice">
          <ProgressTools />
          <section className="ls-tools" aria-labelledby="ls-exam-link">
            <h2 id="ls-exam-link" className="ls-h2">
              <ExamIcon size={18} /> Exam practice
            </h2>
            <p className="muted">Certification-style questions whose answers the engine computes, by topic or timed.</p>
            <a className="btn btn-sm" href="#exam">
              Practise for the exam
            </a>
          </section>
        </aside>
      </div>
    </div>
  );
}
