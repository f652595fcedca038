/** Icons of the course and the classroom (lessons, exam, presenting, sharing): decorative, like ../common/icons. */
import type { ReactNode, SVGProps } from 'react';

type IconProps = SVGProps<SVGSVGElement> & { size?: number };

function Svg({ size = 20, children, ...rest }: IconProps & { children: ReactNode }) {
  return (
    <svg width={size} height={size} viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth={1.8} strokeLinecap="round" strokeLinejoin="round" aria-hidden="true" focusable="false" {...rest}>
      {children}
    </svg>
  );
}

/** Lessons: an open book. */
export function LessonIcon(p: IconProps) {
  return (
    <Svg {...p}>
      <path d="M12 6.5C10 5 7 4.5 3.5 5v13c3.5-.5 6.5 0 8.5 1.5 2-1.5 5-2 8.5-1.5V5c-3.5-.5-6.5 0-8.5 1.5z" />
      <path d="M12 6.5v13" />
    </Svg>
  );
}

/** Exam practice: a checklist. */
/** Practice: a die (puzzles drawn from a seed). */
export function PracticeIcon(p: IconProps) {
  return (
    <Svg {...p}>
      <rect x="4" y="4" width="16" height="16" rx="3" />
      <path d="M8.5 8.5h.01M15.5 8.5h.01M12 12h.01M8.5 15.5h.01M15.5 15.5h.01" strokeWidth="2.5" />
    </Svg>
  );
}

export function ExamIcon(p: IconProps) {
  return (
    <Svg {...p}>
      <rect x="4.5" y="3" width="15" height="18" rx="2" />
      <path d="m8 8 1.5 1.5L12 7M8 14l1.5 1.5L12 13M14 8.5h2.5M14 14.5h2.5" />
    </Svg>
  );
}

/** Presentation mode: a projector screen. */
export function PresentIcon(p: IconProps) {
  return (
    <Svg {...p}>
      <path d="M3 4h18M4.5 4v10.5h15V4M12 14.5V18M8.5 21l3.5-3 3.5 3" />
    </Svg>
  );
}

/** Share link: a chain link. */
export function LinkIcon(p: IconProps) {
  return (
    <Svg {...p}>
      <path d="M10 14a4 4 0 0 0 5.7 0l3-3a4 4 0 0 0-5.7-5.7l-1.2 1.2" />
      <path d="M14 10a4 4 0 0 0-5.7 0l-3 3a4 4 0 0 0 5.7 5.7l1.2-1.2" />
    </Svg>
  );
}

/** Presenter notes: a note with lines. */
export function NotesIcon(p: IconProps) {
  return (
    <Svg {...p}>
      <path d="M5 3.5h10l4 4v13H5z" />
      <path d="M8 10h8M8 13.5h8M8 17h5" />
    </Svg>
  );
}

/** Live classroom: a broadcast (a dot with waves). */
export function LiveIcon(p: IconProps) {
  return (
    <Svg {...p}>
      <circle cx="12" cy="12" r="2" />
      <path d="M8.5 8.5a5 5 0 0 0 0 7M15.5 8.5a5 5 0 0 1 0 7M5.6 5.6a9 9 0 0 0 0 12.8M18.4 5.6a9 9 0 0 1 0 12.8" />
    </Svg>
  );
}
