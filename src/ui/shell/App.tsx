import { useEffect } from 'react';
import { useLab } from '../../store';
import { Header } from './Header';
import { Nav } from './Nav';
import { KeysScreen } from '../keys/KeysScreen';
import { KeyInspector } from '../keys/KeyInspector';

export function App() {
  const boot = useLab((s) => s.boot);
  const theme = useLab((s) => s.theme);
  const bootError = useLab((s) => s.bootError);

  useEffect(() => {
    void boot();
  }, [boot]);

  useEffect(() => {
    document.documentElement.dataset.theme = theme;
  }, [theme]);

  return (
    <div className="app">
      <Header />
      <div className="app-body">
        <Nav />
        <main id="main" className="app-main" tabIndex={-1}>
          {bootError ? (
            <div className="boot-error" role="alert">
              <h1>The KMS engine could not start</h1>
              <p className="mono">
                {bootError.name}: {bootError.message}
              </p>
              <p>KMS Lab needs WebCrypto (AES-GCM), available in current browsers over HTTPS or on localhost.</p>
            </div>
          ) : (
            <KeysScreen />
          )}
        </main>
        <aside className="app-inspector" aria-label="Inspector">
          <KeyInspector />
        </aside>
      </div>
    </div>
  );
}
