import { useState, type FormEvent } from 'react';
import { useLab } from '../../store';
import { ErrorCard } from '../common/ErrorCard';
import { WhatHappened } from '../common/WhatHappened';
import { SearchIcon } from '../common/icons';

/**
 * DescribeKey by key ID, key ARN or alias in the current Region: how a learner sees that keys are
 * regional (another Region's key ID gives the real NotFoundException).
 */
export function FindKey() {
  const region = useLab((s) => s.region);
  const lookup = useLab((s) => s.lookup);
  const lookupKey = useLab((s) => s.lookupKey);
  const createdKeys = useLab((s) => s.createdKeys);
  const ready = useLab((s) => s.world !== null);
  const [keyId, setKeyId] = useState('');
  const elsewhere = createdKeys.filter((k) => k.region !== region).slice(-3);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (keyId.trim()) void lookupKey(keyId.trim());
  };

  return (
    <section className="panel find-key" aria-labelledby="find-key-title">
      <h3 id="find-key-title" className="panel__title">
        Find a key <span className="panel__sub">DescribeKey in {region}</span>
      </h3>
      <form className="find-key__form" onSubmit={submit}>
        <label htmlFor="find-key-input" className="sr-only">
          Key ID, key ARN or alias
        </label>
        <input
          id="find-key-input"
          className="input mono"
          value={keyId}
          onChange={(e) => setKeyId(e.target.value)}
          placeholder="Key ID, key ARN or alias/name"
          spellCheck={false}
          autoComplete="off"
        />
        <button type="submit" className="btn" disabled={!ready || keyId.trim() === ''}>
          <SearchIcon size={16} />
          Describe key
        </button>
      </form>
      {elsewhere.length > 0 && (
        <div className="find-key__elsewhere">
          <p>Keys you created in other Regions — try one here:</p>
          <ul>
            {elsewhere.map((k) => (
              <li key={k.arn}>
                <button
                  type="button"
                  className="btn btn-ghost btn-xs"
                  onClick={() => {
                    setKeyId(k.keyId);
                    void lookupKey(k.keyId);
                  }}
                >
                  Look up {k.keyId.slice(0, 8)}… from {k.region}
                </button>
              </li>
            ))}
          </ul>
        </div>
      )}
      {lookup && (
        <div className="result" role="region" aria-label="DescribeKey result">
          {lookup.ok ? (
            <p className="result__ok">
              Found <span className="mono">{lookup.value.KeyId}</span> in {lookup.region}: it is shown in the inspector.
            </p>
          ) : (
            <ErrorCard error={lookup.error} operation="DescribeKey" />
          )}
          <WhatHappened trace={lookup.trace} label="DescribeKey" />
        </div>
      )}
    </section>
  );
}
