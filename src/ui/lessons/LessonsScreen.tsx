/**
 * The course (lazy chunk): `#lessons` shows the course view — the topics of the study notes in
 * order, then the exam topics, with progress per lesson and the progress tools; `#lessons/<id>`
 * opens a lesson.
 */
import { useEffect } from 'react';
import { useProgress } from '../../store';
import { lessonById } from '../../lessons';
import { useSection } from '../shell/section';
import { CourseView } from './CourseView';
import { LessonView } from './LessonView';
import './lessons.css';

export default function LessonsScreen() {
  const section = useSection();
  useEffect(() => {
    void useProgress.getState().loadProgress();
  }, []);
  const id = section.startsWith('lessons/') ? decodeURIComponent(section.slice('lessons/'.length)) : null;
  if (!id) return <CourseView />;
  const lesson = lessonById(id);
  if (!lesson) {
    return (
      <div className="screen ls">
        <h1 className="screen__title">No such lesson</h1>
        <p>
          There is no lesson “{id}”. <a href="#lessons">See all lessons</a>.
        </p>
      </div>
    );
  }
  return <LessonView key={lesson.id} lesson={lesson} />;
}
