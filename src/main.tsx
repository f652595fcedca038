import { lazy, StrictMode, Suspense } from 'react';
import { createRoot } from 'react-dom/client';
import '@fontsource-variable/inter/wght.css';
import '@fontsource-variable/jetbrains-mono/wght.css';
import './ui/styles/app.css';
import { App } from './ui/shell/App';

const root = document.getElementById('root');
if (!root) throw new Error('KMS Lab: #root is missing from index.html');
// `?presenter`: the presenter notes window of presentation mode (src/ui/classroom), without the engine.
const PresenterWindow = lazy(() => import('./ui/classroom/PresenterWindow'));
createRoot(root).render(
  <StrictMode>
    {new URLSearchParams(location.search).has('presenter') ? (
      <Suspense fallback={null}>
        <PresenterWindow />
      </Suspense>
    ) : (
      <App />
    )}
  </StrictMode>,
);

// `?bench`: the envelope benchmark's page hooks (npm run bench:envelope), loaded only then.
if (new URLSearchParams(location.search).has('bench')) void import('./envelope/bench-page');
