import { useEffect, useState } from 'react';
import { useProgress } from '../../store';
import { FIRST_LESSON } from '../../lessons/first';
import { LessonIcon } from '../classroom/icons';

const HIDDEN = 'kms-lab:start-here-hidden';

const readHidden = () => {
  try {
    return localStorage.getItem(HIDDEN) === '1';
  } catch {
    return false;
  }
};

/**
 * Where a newcomer starts: one line above the console (never in front of it) pointing at lesson 1,
 * or back to the course once it is begun. "Hide" keeps it hidden in this browser.
 */
export function StartHere() {
  const [hidden, setHidden] = useState(readHidden);
  const begun = useProgress((s) => Object.keys(s.progress.lessons).length > 0);
  useEffect(() => {
    void useProgress.getState().loadProgress();
  }, []);
  if (hidden) return null;
  const hide = () => {
    setHidden(true);
    try {
      localStorage.setItem(HIDDEN, '1');
    } catch {
      // Storage unavailable: hidden for this visit only.
    }
  };
  return (
    <aside className="start-here" aria-label="Where to start">
      <LessonIcon size={18} className="start-here__icon" />
      <p className="start-here__text">
        {begun ? (
          <>
            <strong>Welcome back.</strong> Your lessons are where you left them.
          </>
        ) : (
          <>
            <strong>New to KMS?</strong> Start with lesson 1, <em>{FIRST_LESSON.title}</em> — or use the console below right away.
          </>
        )}
      </p>
      <a className="btn btn-primary btn-sm" href={begun ? '#lessons' : `#lessons/${FIRST_LESSON.id}`}>
        {begun ? 'Continue the lessons' : 'Start with lesson 1'}
      </a>
      <button type="button" className="btn btn-ghost btn-xs" onClick={hide} aria-label="Hide where to start">
        Hide
      </button>
    </aside>
  );
}
