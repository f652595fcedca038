import { useLab, regionName } from '../../store';
import { AuditIcon, CiphertextIcon, CmkIcon, FlipIcon, PolicyIcon, StudioIcon } from '../common/icons';
import { UserIcon } from '../decision/icons';
import { useSection } from './section';
import { ExamIcon, LessonIcon, LiveIcon, PracticeIcon } from '../classroom/icons';
import { WorkspaceStatus } from './WorkspaceMenu';

/** The sections of the app. Only what is built is listed; later issues add their sections here. */
export const SECTIONS = [
  { id: 'keys', label: 'Keys & crypto', icon: CmkIcon },
  { id: 'envelope', label: 'Envelope encryption', icon: CiphertextIcon },
  { id: 'tamper', label: 'Tamper lab', icon: FlipIcon },
  { id: 'studio', label: 'Studio', icon: StudioIcon },
  { id: 'audit', label: 'Audit log', icon: AuditIcon },
  { id: 'policy', label: 'Policy lab', icon: PolicyIcon },
  { id: 'identities', label: 'Identities', icon: UserIcon },
  { id: 'lessons', label: 'Lessons', icon: LessonIcon },
  { id: 'exam', label: 'Exam practice', icon: ExamIcon },
  { id: 'practice', label: 'Practice', icon: PracticeIcon },
  // After the course sections, so the switcher's number keys keep theirs.
  { id: 'live', label: 'Live classroom', icon: LiveIcon },
] as const;

export function Nav() {
  const region = useLab((s) => s.region);
  const keyCount = useLab((s) => s.keys.length);
  const section = useSection();
  return (
    <nav className="app-nav" aria-label="Sections">
      <ul className="nav-list">
        {SECTIONS.map(({ id, label, icon: Icon }) => (
          <li key={id}>
            <a className="nav-link" href={`#${id}`} aria-current={section === id || section.startsWith(`${id}/`) || section.startsWith(`${id}=`) ? 'page' : undefined}>
              <Icon size={18} />
              <span>{label}</span>
            </a>
          </li>
        ))}
      </ul>
      <div className="nav-foot">
        <p className="nav-foot__label">Region</p>
        <p className="nav-foot__value">
          <span className="mono">{region}</span>
          <br />
          {regionName(region)}
        </p>
        <p className="nav-foot__label">Keys here</p>
        <p className="nav-foot__value">{keyCount}</p>
        <p className="nav-foot__label">Workspace</p>
        <WorkspaceStatus />
        <p className="nav-foot__note">Everything runs in your browser. Nothing is sent anywhere.</p>
      </div>
    </nav>
  );
}
