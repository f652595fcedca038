import { lazy, Suspense, useEffect } from 'react';
import { useLab, startLab } from '../../store';
// Classroom commands register before the player's, so the clicker keys reach them first while presenting.
import { ClassroomLayer } from '../classroom/Classroom';
import { startWithLinks, watchLaunchLinks } from '../classroom/launch';
import { useSection } from './section';
import { WorkspaceBanner } from './WorkspaceMenu';
import { Header } from './Header';
import { Nav } from './Nav';
import { KeysScreen } from '../keys/KeysScreen';
import { KeyInspector } from '../keys/KeyInspector';
import { useCommandShortcuts } from '../commands/useCommands';

// Heavy panels load on demand (first-load budget: 250 kB gzip).
const EnvelopeStudio = lazy(() => import('../envelope/EnvelopeStudio'));
const TamperLab = lazy(() => import('../crypto/TamperLab'));
const BytesInspector = lazy(() => import('../inspector/BytesInspector'));
const BYTES_SECTIONS = ['envelope', 'tamper'];
// The flow canvas and step player (React Flow + motion) and the audit log: their own chunks.
const StudioScreen = lazy(() => import('../flow/StudioScreen'));
const AuditScreen = lazy(() => import('../audit/AuditScreen'));
// The live classroom: calls to a kms-server endpoint as they happen.
const LiveScreen = lazy(() => import('../live/LiveScreen'));
// The policy lab (CodeMirror loads later still, with the first editor) and the identities panel.
const PolicyLab = lazy(() => import('../policy/PolicyLab'));
const IdentitiesScreen = lazy(() => import('../identities/IdentitiesScreen'));
/** Sections that use the full width (no inspector pane). */
const WIDE_SECTIONS = ['studio', 'audit', 'live', 'policy', 'identities'];
// The course: lessons (`#lessons`, `#lessons/<id>`) and exam practice (`#exam`), their own chunks.
const LessonsScreen = lazy(() => import('../lessons/LessonsScreen'));
const ExamScreen = lazy(() => import('../exam/ExamScreen'));
// Generated practice (`#practice`, `#practice=v1.<level>.<seed>`), its own chunk (the generator and the scenario entry).
const PracticeScreen = lazy(() => import('../practice/PracticeScreen'));
const isPractice = (section: string) => section === 'practice' || section.startsWith('practice=');
const isCourse = (section: string) => section === 'lessons' || section.startsWith('lessons/') || section === 'exam' || isPractice(section);

export function App() {
  const section = useSection();
  const theme = useLab((s) => s.theme);
  const bootError = useLab((s) => s.bootError);
  useCommandShortcuts();

  useEffect(() => {
    // Loads the saved workspace (IndexedDB) before booting the engine from it.
    // Then opens the link the app was opened with (#share=…, #blank), and any pasted later.
    void startWithLinks(startLab);
    return watchLaunchLinks();
  }, []);

  useEffect(() => {
    document.documentElement.dataset.theme = theme;
  }, [theme]);

  return (
    <div className="app">
      <Header />
      <ClassroomLayer />
      <div className={`app-body${WIDE_SECTIONS.includes(section) || isCourse(section) ? ' app-body--wide' : ''}`}>
        <Nav />
        <main id="main" className="app-main" tabIndex={-1}>
          <WorkspaceBanner />
          {bootError ? (
            <div className="boot-error" role="alert">
              <h1>The KMS engine could not start</h1>
              <p className="mono">
                {bootError.name}: {bootError.message}
              </p>
              <p>KMS Lab needs WebCrypto (AES-GCM), available in current browsers over HTTPS or on localhost.</p>
            </div>
          ) : section === 'envelope' ? (
            <Suspense fallback={<p className="muted">Loading the envelope studio…</p>}>
              <EnvelopeStudio />
            </Suspense>
          ) : section === 'studio' ? (
            <Suspense fallback={<p className="muted">Loading the Studio…</p>}>
              <StudioScreen />
            </Suspense>
          ) : section === 'audit' ? (
            <Suspense fallback={<p className="muted">Loading the audit log…</p>}>
              <AuditScreen />
            </Suspense>
          ) : section === 'live' ? (
            <Suspense fallback={<p className="muted">Loading the Live screen…</p>}>
              <LiveScreen />
            </Suspense>
          ) : section === 'policy' ? (
            <Suspense fallback={<p className="muted">Loading the policy lab…</p>}>
              <PolicyLab />
            </Suspense>
          ) : section === 'identities' ? (
            <Suspense fallback={<p className="muted">Loading identities…</p>}>
              <IdentitiesScreen />
            </Suspense>
          ) : isCourse(section) ? (
            <Suspense fallback={<p className="muted">Loading the course…</p>}>{section === 'exam' ? <ExamScreen /> : isPractice(section) ? <PracticeScreen /> : <LessonsScreen />}</Suspense>
          ) : section === 'tamper' ? (
            <Suspense fallback={<p className="muted">Loading the tamper lab…</p>}>
              <TamperLab />
            </Suspense>
          ) : (
            <KeysScreen />
          )}
        </main>
        {!WIDE_SECTIONS.includes(section) && !isCourse(section) && (
          <aside className="app-inspector" aria-label="Inspector">
            {BYTES_SECTIONS.includes(section) ? (
              <Suspense fallback={null}>
                <BytesInspector />
              </Suspense>
            ) : (
              <KeyInspector />
            )}
          </aside>
        )}
      </div>
    </div>
  );
}
