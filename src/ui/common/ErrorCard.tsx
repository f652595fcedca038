import type { AwsError } from '../../store';
import { describeLocalFailure, explainAliasPrecheck, explainBrowserError, explainError } from './explain';
import { StopIcon } from './icons';

/**
 * An AWS error shown as AWS shows it — exception name, then the message verbatim — plus one
 * plain-words line saying why.
 */
export function ErrorCard({ error, operation }: { error: AwsError; operation?: string }) {
  if (error.origin) return <NotFromKmsCard error={error} operation={operation} />;
  return (
    <div className="error-card" role="alert">
      <StopIcon className="error-card__icon" size={22} />
      <div className="error-card__body">
        <p className="error-card__title">
          <span className="sr-only">Error: </span>
          <span className="mono error-card__name">{error.name}</span>
          {operation && <span className="error-card__op"> from {operation}</span>}
        </p>
        {error.message ? (
          <p className="mono error-card__message">{error.message}</p>
        ) : (
          <p className="error-card__message error-card__message--empty">(empty message — AWS returns no text for this error)</p>
        )}
        <p className="error-card__why">
          <strong>Why: </strong>
          {explainError(error, operation)}
        </p>
      </div>
    </div>
  );
}

/**
 * An error that is not AWS's: said so plainly. The app's own refusals (it stopped before calling
 * KMS) show their message; the browser's own API errors show what they mean for the learner, with
 * the browser's words only as a detail — never as KMS's answer.
 */
function NotFromKmsCard({ error, operation }: { error: AwsError; operation?: string }) {
  const browser = error.origin === 'browser';
  return (
    <div className="error-card error-card--local" role="alert">
      <StopIcon className="error-card__icon" size={22} />
      <div className="error-card__body">
        <p className="error-card__title">
          <span className="sr-only">Error: </span>
          {browser ? 'Stopped in your browser — not an answer from KMS' : 'Not sent to KMS'}
          {operation && <span className="error-card__op"> ({operation})</span>}
        </p>
        <p className="error-card__why">{browser ? explainBrowserError(error, operation) : error.message || 'The app stopped before calling KMS.'}</p>
        {browser && (
          <details className="error-card__detail">
            <summary>The browser’s own words</summary>
            <code className="mono">
              {error.name}
              {error.message ? `: ${error.message}` : ''}
            </code>
          </details>
        )}
      </div>
    </div>
  );
}

/**
 * An AWS error the console found itself, before calling KMS (the alias check of Create key): the
 * exception and message CreateAlias would return, verbatim, labelled as a local check — never as
 * KMS's answer, since nothing was sent.
 */
export function AliasPrecheckCard({ error, region }: { error: AwsError; region: string }) {
  return (
    <div className="error-card error-card--local" role="alert">
      <StopIcon className="error-card__icon" size={22} />
      <div className="error-card__body">
        <p className="error-card__title">
          <span className="sr-only">Error: </span>
          Checked in the console — not sent to KMS
        </p>
        <p className="error-card__would">
          CreateAlias would answer: <span className="mono error-card__name">{error.name}</span>
        </p>
        {error.message ? (
          <p className="mono error-card__message">{error.message}</p>
        ) : (
          <p className="error-card__message error-card__message--empty">(empty message — AWS returns no text for this error)</p>
        )}
        <p className="error-card__why">
          <strong>Why: </strong>
          {explainAliasPrecheck(error, region)}
        </p>
      </div>
    </div>
  );
}

/**
 * A step that failed in the browser (local AES-GCM, an envelope check): what failed and where, in
 * plain words, labelled as local; the browser's own words only as a detail.
 */
export function LocalFailureCard({ error, step }: { error: { name: string; message: string; code?: string; origin?: 'browser' | 'app' }; step: 'encrypt' | 'decrypt' }) {
  const f = describeLocalFailure(error, step);
  return (
    <div className="error-card error-card--local" role="alert">
      <StopIcon className="error-card__icon" size={22} />
      <div className="error-card__body">
        <p className="error-card__title">
          <span className="sr-only">Error: </span>
          {f.title}
        </p>
        <p className="error-card__why">{f.text}</p>
        {f.browserWords && (
          <details className="error-card__detail">
            <summary>The browser’s own words</summary>
            <code className="mono">{f.browserWords}</code>
          </details>
        )}
      </div>
    </div>
  );
}
