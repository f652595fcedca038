import type { AwsError } from '../../store';
import { explainError } from './explain';
import { StopIcon } from './icons';

/**
 * An AWS error shown as AWS shows it — exception name, then the message verbatim — plus one
 * plain-words line saying why.
 */
export function ErrorCard({ error, operation }: { error: AwsError; operation?: string }) {
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
