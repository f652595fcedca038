import { useLab, regionName } from '../../store';
import { ErrorCard } from '../common/ErrorCard';
import { WhyButton } from '../decision/WhyButton';
import { Workbench } from '../crypto/Workbench';
import { CreateKeyForm } from './CreateKeyForm';
import { FindKey } from './FindKey';
import { KeyList } from './KeyList';
import { StartHere } from './StartHere';

/** The first screen: the KMS boundary of the selected Region with its keys, and the encrypt/decrypt workbench outside it. */
export function KeysScreen() {
  const region = useLab((s) => s.region);
  const catalogError = useLab((s) => s.catalogError);
  const catalogTrace = useLab((s) => s.catalogTrace);
  return (
    <div className="screen" id="keys">
      <div className="screen__intro">
        <h1 className="screen__title">Keys &amp; crypto</h1>
        <p className="screen__lede">
          Create a KMS key, look inside it, and use it to encrypt a short text. The key stays inside KMS; only your data goes in and
          comes out.
        </p>
        <StartHere />
      </div>
      <div className="screen__grid">
        <section className="kms-boundary" aria-labelledby="kms-boundary-title">
          <h2 id="kms-boundary-title" className="kms-boundary__label">
            AWS KMS · <span className="mono">{region}</span> <span className="kms-boundary__region">{regionName(region)}</span>
          </h2>
          {catalogError && (
            <div className="catalog-error">
              <ErrorCard error={catalogError} operation={catalogTrace?.operation ?? 'ListKeys'} />
              <WhyButton trace={catalogTrace ?? undefined} />
            </div>
          )}
          <CreateKeyForm />
          <KeyList />
          <FindKey />
        </section>
        <Workbench />
      </div>
    </div>
  );
}
