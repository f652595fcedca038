/**
 * What-if: switch statements, policies, grants or context keys off (or set a key), and see the
 * decision change side by side, stage by stage; plus the hint — the smallest single change that
 * would flip the decision (src/timeline/whatif.ts).
 */
import { useMemo, useState, type FormEvent } from 'react';
import { evaluateAccess, type AccessInput, type NamedPolicy } from '@kms-lab/engine/policy';
import { applyWhatIf, describeChange, diffEvaluations, findFlips, type WhatIfChange } from '../../timeline/whatif';
import { DECISION_OUTCOME, OUTCOME_WORDS } from '../../timeline/decision';
import type { LabDecision } from '../../store';
import { OutcomeIcon } from '../decision/icons';

const same = (a: WhatIfChange, b: WhatIfChange) => JSON.stringify(a) === JSON.stringify(b);

function policiesOf(input: AccessInput): NamedPolicy[] {
  return [
    ...(input.rcps ?? []).flat(),
    ...(input.scps ?? []).flat(),
    ...(input.keyPolicy ? [input.keyPolicy] : []),
    ...(input.resourcePolicy ? [input.resourcePolicy] : []),
    ...input.identityPolicies,
    ...(input.permissionsBoundary ? [input.permissionsBoundary] : []),
    ...(input.sessionPolicy ? [input.sessionPolicy] : []),
  ];
}

const CALLER_KEYS = /^(kms:ViaService|aws:SourceIp|aws:MultiFactorAuthPresent|kms:EncryptionContext:.+|kms:RequestAlias|aws:CurrentTime)$/i;

export function WhatIf({ decision }: { decision: LabDecision }) {
  const input = decision.input;
  const [changes, setChanges] = useState<WhatIfChange[]>([]);
  const [keyName, setKeyName] = useState('');
  const [keyValue, setKeyValue] = useState('');
  const baseline = useMemo(() => (input ? evaluateAccess(input) : null), [input]);
  const after = useMemo(() => (input && changes.length ? evaluateAccess(applyWhatIf(input, changes)) : baseline), [input, changes, baseline]);
  const hints = useMemo(() => (input && baseline ? findFlips(input, baseline, 3) : []), [input, baseline]);

  if (!input || !baseline || !after) {
    return (
      <section className="lab-card wi" aria-labelledby="wi-title">
        <h2 id="wi-title" className="lab-h2">
          What if…
        </h2>
        <p className="muted">This decision’s inputs could not be rebuilt from the world; simulate the request to explore what-ifs.</p>
      </section>
    );
  }

  const has = (c: WhatIfChange) => changes.some((x) => same(x, c));
  const toggle = (c: WhatIfChange) => setChanges((list) => (list.some((x) => same(x, c)) ? list.filter((x) => !same(x, c)) : [...list, c]));
  const diff = diffEvaluations(baseline, after);
  const policies = policiesOf(input);
  const contextKeys = Object.keys(input.request.context).filter((k) => CALLER_KEYS.test(k));
  const hasRoot = input.keyPolicy?.policy.statements.some((s) => s.effect === 'Allow' && s.principal?.AWS.some((a) => /:root$|^\d{12}$/.test(a.value) && a.value.includes(input.key?.accountId ?? '¤')));
  const addKey = (e: FormEvent) => {
    e.preventDefault();
    if (!keyName.trim()) return;
    toggle({ kind: 'context-set', key: keyName.trim(), value: keyValue });
    setKeyName('');
    setKeyValue('');
  };
  const word = (d: typeof baseline.decision) => OUTCOME_WORDS[DECISION_OUTCOME[d]];

  return (
    <section className="lab-card wi" aria-labelledby="wi-title">
      <h2 id="wi-title" className="lab-h2">
        What if…
      </h2>

      {hints.length > 0 && (
        <div className="wi-hint" role="note" aria-label="Hint">
          <p className="wi-hint__title">
            Smallest change that would {baseline.decision === 'Allow' ? 'deny' : 'allow'} this:
          </p>
          <ul>
            {hints.map((h) => (
              <li key={JSON.stringify(h.change)}>
                {h.text} <span className="muted">→ {word(h.after)}</span>{' '}
                <button type="button" className="btn btn-ghost btn-xs" onClick={() => setChanges([h.change])} aria-label={`Try it: ${h.text}`}>
                  Try it
                </button>
              </li>
            ))}
          </ul>
        </div>
      )}
      {hints.length === 0 && <p className="wi-hint muted">No single change flips this decision.</p>}

      <div className="wi-controls">
        <fieldset className="wi-group">
          <legend>Switch off</legend>
          {policies.map((p) => (
            <div key={p.id} className="wi-policy">
              <label className="wi-check">
                <input type="checkbox" checked={has({ kind: 'policy-off', policyId: p.id, label: p.label })} onChange={() => toggle({ kind: 'policy-off', policyId: p.id, label: p.label })} />
                {p.kind === 'key' ? 'Empty' : 'Detach'} the {p.label}
              </label>
              <ul className="wi-stmts">
                {p.policy.statements.map((s) => {
                  const c: WhatIfChange = { kind: 'statement-off', policyId: p.id, statementIndex: s.index, label: `${s.sid ? `statement "${s.sid}"` : `statement #${s.index + 1}`} of the ${p.label}` };
                  return (
                    <li key={s.index}>
                      <label className="wi-check">
                        <input type="checkbox" checked={has(c)} onChange={() => toggle(c)} />
                        <span className={`dv-effect dv-effect--${s.effect.toLowerCase()}`}>{s.effect}</span> {s.sid ? `“${s.sid}”` : `#${s.index + 1}`}
                      </label>
                    </li>
                  );
                })}
              </ul>
            </div>
          ))}
          {(input.grants ?? []).map((g) => {
            const c: WhatIfChange = { kind: 'grant-off', grantId: g.grantId, label: `grant ${g.name ? `"${g.name}"` : g.grantId}` };
            return (
              <label key={g.grantId} className="wi-check">
                <input type="checkbox" checked={has(c)} onChange={() => toggle(c)} />
                Retire grant {g.name ? `“${g.name}”` : g.grantId} ({g.operations.join(', ')})
              </label>
            );
          })}
          {input.keyPolicy && !hasRoot && (
            <label className="wi-check">
              <input type="checkbox" checked={has({ kind: 'add-root-statement' })} onChange={() => toggle({ kind: 'add-root-statement' })} />
              Add the root statement to the key policy
            </label>
          )}
        </fieldset>
        <fieldset className="wi-group">
          <legend>Context keys</legend>
          {contextKeys.length === 0 && <p className="muted">The request brings no context keys of its own.</p>}
          {contextKeys.map((k) => {
            const c: WhatIfChange = { kind: 'context-remove', key: k };
            return (
              <label key={k} className="wi-check">
                <input type="checkbox" checked={has(c)} onChange={() => toggle(c)} />
                Leave out <span className="mono">{k}</span>
              </label>
            );
          })}
          <div className="wi-setkey">
            <label htmlFor="wi-key">Key</label>
            <input id="wi-key" className="input mono" value={keyName} onChange={(e) => setKeyName(e.target.value)} placeholder="kms:EncryptionContext:dept" spellCheck={false} />
            <label htmlFor="wi-value">Value</label>
            <input id="wi-value" className="input mono" value={keyValue} onChange={(e) => setKeyValue(e.target.value)} placeholder="hr" spellCheck={false} />
            <button type="button" className="btn btn-sm" onClick={addKey} disabled={!keyName.trim()}>
              Send this key
            </button>
          </div>
        </fieldset>
      </div>

      {changes.length > 0 && (
        <div className="wi-changes">
          <p className="wi-changes__title">Changes ({changes.length})</p>
          <ul>
            {changes.map((c) => (
              <li key={JSON.stringify(c)}>
                {describeChange(c)}{' '}
                <button type="button" className="btn btn-ghost btn-xs" onClick={() => toggle(c)} aria-label={`Undo: ${describeChange(c)}`}>
                  Undo
                </button>
              </li>
            ))}
          </ul>
          <button type="button" className="btn btn-ghost btn-xs" onClick={() => setChanges([])}>
            Undo all
          </button>
        </div>
      )}

      <div className="wi-compare" role="group" aria-label="Side by side">
        <div className={`wi-side wi-side--${DECISION_OUTCOME[baseline.decision]}`}>
          <p className="wi-side__label">As it is</p>
          <p className="wi-side__verdict">
            <OutcomeIcon outcome={DECISION_OUTCOME[baseline.decision]} size={20} /> {word(baseline.decision)}
          </p>
        </div>
        <div className={`wi-side wi-side--${DECISION_OUTCOME[after.decision]}${diff.decisionChanged ? ' is-changed' : ''}`}>
          <p className="wi-side__label">What if</p>
          <p className="wi-side__verdict" aria-live="polite" data-testid="whatif-verdict">
            <OutcomeIcon outcome={DECISION_OUTCOME[after.decision]} size={20} /> {word(after.decision)}
          </p>
        </div>
      </div>
      <p className="wi-headline">{changes.length ? diff.headline : 'Switch something off or send a key to compare.'}</p>
      {changes.length > 0 && (
        <table className="wi-table">
          <caption className="sr-only">Stage by stage, as it is and with the changes</caption>
          <thead>
            <tr>
              <th scope="col">Stage</th>
              <th scope="col">As it is</th>
              <th scope="col">What if</th>
            </tr>
          </thead>
          <tbody>
            {diff.stages.map((s) => (
              <tr key={s.stage} className={s.changed ? 'is-changed' : undefined}>
                <th scope="row">
                  {s.title}
                  {s.changed && <span className="sr-only"> (changed)</span>}
                </th>
                <td>
                  <OutcomeIcon outcome={s.before} size={14} /> {OUTCOME_WORDS[s.before]}
                </td>
                <td>
                  <OutcomeIcon outcome={s.after} size={14} /> {OUTCOME_WORDS[s.after]}
                  {s.changed && <strong className="wi-changed"> changed</strong>}
                  {!s.changed && s.outcomeChanged && <span className="wi-follows muted"> — its input is the same; this follows from a changed stage</span>}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
