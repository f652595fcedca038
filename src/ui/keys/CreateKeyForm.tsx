import { useState, type FormEvent } from 'react';
import { useLab, type ContextPair } from '../../store';
import { PairsEditor } from '../common/PairsEditor';
import { AliasPrecheckCard, ErrorCard } from '../common/ErrorCard';
import { WhatHappened } from '../common/WhatHappened';
import { PlusIcon } from '../common/icons';
import { CreateKeyOptions, DEFAULT_OPTIONS, toRequest } from './CreateKeyOptions';

export function CreateKeyForm() {
  const createKey = useLab((s) => s.createKey);
  const retryCreateAlias = useLab((s) => s.retryCreateAlias);
  const lastCreate = useLab((s) => s.lastCreate);
  const region = useLab((s) => s.region);
  const ready = useLab((s) => s.world !== null);
  const [description, setDescription] = useState('');
  const [alias, setAlias] = useState('');
  const [tags, setTags] = useState<ContextPair[]>([]);
  const [busy, setBusy] = useState(false);
  const [options, setOptions] = useState(DEFAULT_OPTIONS);
  const [advanced, setAdvanced] = useState(false);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    const result = await createKey({ description, alias, tags, options: toRequest(options) });
    setBusy(false);
    // Refused before anything was made (null), or CreateKey failed: the form keeps every field.
    if (!result?.ok) return;
    setDescription('');
    setTags([]);
    // The key exists: its alias stays in the field only while CreateAlias for it still has to succeed.
    if (!useLab.getState().lastCreate?.alias || useLab.getState().lastCreate?.alias?.ok) setAlias('');
  };

  const retryAlias = async () => {
    setBusy(true);
    const r = await retryCreateAlias(alias);
    setBusy(false);
    if (r?.ok) setAlias('');
  };
  const created = lastCreate?.key?.ok ? lastCreate.key.value : null;
  // The key was made but its alias was not: the next step is CreateAlias for that key, not a second key.
  const aliasPending = !!created && !!(lastCreate?.refused || (lastCreate?.alias && !lastCreate.alias.ok));

  return (
    <section className="panel create-key" aria-labelledby="create-key-title">
      <h3 id="create-key-title" className="panel__title">
        Create a key <span className="panel__sub">{options.keySpec} · {options.keyUsage} · in {region}</span>
      </h3>
      <form onSubmit={submit} className="create-key__form">
        <div className="field">
          <label htmlFor="ck-description">Description</label>
          <input id="ck-description" className="input" value={description} onChange={(e) => setDescription(e.target.value)} placeholder="e.g. Payroll data key" autoComplete="off" />
        </div>
        <div className="field">
          <label htmlFor="ck-alias">
            Alias <span className="field__opt">(optional)</span>
          </label>
          <div className="input-prefix">
            <span className="input-prefix__text mono" aria-hidden="true">
              alias/
            </span>
            <input id="ck-alias" className="input mono" value={alias} onChange={(e) => setAlias(e.target.value)} placeholder="payroll" autoComplete="off" spellCheck={false} aria-describedby="ck-alias-hint" />
          </div>
          <span id="ck-alias-hint" className="sr-only">
            The alias/ prefix is added for you.
          </span>
        </div>
        <button type="submit" className="btn btn-primary create-key__submit" disabled={!ready || busy}>
          <PlusIcon size={16} />
          {busy ? 'Creating…' : 'Create key'}
        </button>
        <div className="create-key__tags">
          <PairsEditor legend="Tags" pairs={tags} onChange={setTags} keyLabel="Tag key" valueLabel="Tag value" addLabel="Add tag" tone="tag" idPrefix="ck-tag" />
        </div>
        <details className="create-advanced" open={advanced} onToggle={(e) => setAdvanced((e.currentTarget as HTMLDetailsElement).open)}>
          <summary>More options: key spec, usage, origin, multi-Region, policy</summary>
          {advanced && <CreateKeyOptions value={options} onChange={setOptions} />}
        </details>
      </form>
      {lastCreate && (
        <div className="result" aria-label="CreateKey result" role="region">
          {lastCreate.refused && !created && (
            <p className="result__refused">
              Nothing was created: the alias <span className="mono">{lastCreate.aliasName}</span> was checked first, as the console checks it, and CreateAlias would
              refuse it. Fix the alias (or clear it) and create the key again.
            </p>
          )}
          {lastCreate.key &&
            (lastCreate.key.ok ? (
              <p className="result__ok">
                Created key <span className="mono">{lastCreate.key.value.KeyId}</span>
                {lastCreate.alias?.ok && (
                  <>
                    {' '}
                    with alias <span className="mono">{lastCreate.aliasName}</span>
                  </>
                )}
                {aliasPending && ' without its alias'}.
              </p>
            ) : (
              <ErrorCard error={lastCreate.key.error} operation="CreateKey" />
            ))}
          {lastCreate.refused && <AliasPrecheckCard error={lastCreate.refused} region={region} />}
          {lastCreate.alias && !lastCreate.alias.ok && <ErrorCard error={lastCreate.alias.error} operation="CreateAlias" />}
          {aliasPending && (
            <p className="create-key__retry">
              <button type="button" className="btn btn-sm" disabled={busy || alias.trim() === ''} onClick={() => void retryAlias()}>
                Create the alias for key {created.KeyId.slice(0, 8)}…
              </button>{' '}
              <span className="muted">CreateAlias only, with the alias in the field: no second key.</span>
            </p>
          )}
          {lastCreate.key && <WhatHappened trace={lastCreate.key.trace} label="CreateKey" />}
          {lastCreate.alias && <WhatHappened trace={lastCreate.alias.trace} label="CreateAlias" />}
        </div>
      )}
    </section>
  );
}
