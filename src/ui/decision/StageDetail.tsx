/**
 * Drill-down of one pipeline stage: its policies (and SCP/RCP levels, grants), each statement's
 * principal / action / resource / condition results, and for each condition the values compared
 * and the variables resolved — the evaluator's explain data, in plain words.
 */
import type { AccessEvaluation, ConditionResult, LayerResult, PolicyEvaluation, SourceRange, StatementResult } from '@kms-lab/engine/policy';
import type { DecisionStep } from '../../timeline/decision';
import { GrantIcon } from './icons';

const mark = (ok: boolean | 'na') => (ok === 'na' ? 'not present' : ok ? 'matches' : 'does not match');

function Condition({ c }: { c: ConditionResult }) {
  return (
    <li className={`sd-cond ${c.result ? 'is-pass' : 'is-fail'}`}>
      <p className="sd-cond__head">
        <span className="sd-badge">{c.result ? 'passes' : 'fails'}</span>
        <span className="mono">
          {c.entry.operator} {c.entry.key}
        </span>
        {c.missing && <span className="sd-badge sd-badge--missing">key missing from the request</span>}
      </p>
      <p className="sd-cond__why">{c.error ? `Could not be evaluated: ${c.error}` : c.explanation}</p>
      {c.comparisons.length > 0 && (
        <table className="sd-table">
          <caption className="sr-only">Values compared for {c.entry.key}</caption>
          <thead>
            <tr>
              <th scope="col">Policy value</th>
              <th scope="col">Request value</th>
              <th scope="col">Result</th>
            </tr>
          </thead>
          <tbody>
            {c.comparisons.map((v, i) => (
              <tr key={i}>
                <td className="mono">
                  {v.policyValue}
                  {v.resolvedValue !== v.policyValue && <span className="sd-resolved"> → {v.resolvedValue === null ? '(no value)' : v.resolvedValue}</span>}
                </td>
                <td className="mono">{v.requestValues.length ? v.requestValues.join(', ') : '(none)'}</td>
                <td>{v.matched ? 'match' : 'no match'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {Object.keys(c.variables).length > 0 && (
        <p className="sd-vars">
          Variables:{' '}
          {Object.entries(c.variables).map(([k, v]) => (
            <span key={k} className="mono">
              ${'{'}
              {k}
              {'}'} = {v ?? '(no value)'}{' '}
            </span>
          ))}
        </p>
      )}
    </li>
  );
}

/**
 * Opens a policy at a statement (the lab's editor, or a read-only view); null where there is no
 * editor to show. `source` is the text the evaluation read and the statement's range in it.
 */
export type ShowStatement = ((policyId: string, statementIndex: number, source?: { text?: string; range?: SourceRange }) => void) | null;

/** How a statement took part: it decided (at the deciding stage), it is on the allow path, or neither. */
type Part = 'decided' | 'allow-path' | null;

function StatementRow({ pe, sr, part, onShow }: { pe: PolicyEvaluation; sr: StatementResult; part: Part; onShow: ShowStatement }) {
  const deciding = part === 'decided';
  const st = sr.statement;
  const name = st.sid ? `“${st.sid}”` : `#${st.index + 1}`;
  return (
    <li className={`sd-stmt ${sr.applies ? 'is-applies' : 'is-skip'}${deciding ? ' is-decided' : ''}`}>
      <details open={deciding}>
        <summary>
          <span className={`dv-effect dv-effect--${st.effect.toLowerCase()}`}>{st.effect}</span> Statement {name}: {sr.applies ? 'applies' : 'does not apply'}
          {deciding && <span className="dv-decided">Decided here</span>}
          {part === 'allow-path' && <span className="dv-path">On the allow path</span>}
        </summary>
        <dl className="sd-parts">
          <div>
            <dt>Principal</dt>
            <dd>
              <span className="sd-badge">{mark(sr.principal.result === 'not-present' ? 'na' : sr.principal.result === 'match')}</span> {sr.principal.explanation}
            </dd>
          </div>
          <div>
            <dt>Action</dt>
            <dd>
              <span className="sd-badge">{mark(sr.action.result === 'match')}</span> {sr.action.explanation}
            </dd>
          </div>
          <div>
            <dt>Resource</dt>
            <dd>
              <span className="sd-badge">{mark(sr.resource.result === 'not-present' ? 'na' : sr.resource.result === 'match')}</span> {sr.resource.explanation}
            </dd>
          </div>
          <div>
            <dt>Conditions</dt>
            <dd>
              {sr.conditionsSkipped ? (
                'Not evaluated: the principal, action or resource already does not match.'
              ) : sr.conditions.length === 0 ? (
                'None.'
              ) : (
                <ul className="sd-conds">
                  {sr.conditions.map((c, i) => (
                    <Condition key={i} c={c} />
                  ))}
                </ul>
              )}
            </dd>
          </div>
        </dl>
        {sr.error && <p className="sd-error">Could not be evaluated: {sr.error}</p>}
        {onShow && (
          <button type="button" className="btn btn-ghost btn-xs" onClick={() => onShow(pe.policyId, st.index, { text: pe.text, range: st.range })}>
            Show statement {name} in its editor
          </button>
        )}
      </details>
    </li>
  );
}

function PolicyBlock({ pe, evaluation, step, revealed, onShow }: { pe: PolicyEvaluation; evaluation: AccessEvaluation; step: DecisionStep; revealed: boolean; onShow: ShowStatement }) {
  const decided = new Set(evaluation.decidedBy.filter((d) => d.policyId === pe.policyId).map((d) => d.statementIndex));
  // A statement "decided here" only inside the stage that decided, and only once the decision is
  // revealed; a deciding statement met in another stage of the allow path says so instead.
  const partOf = (sr: StatementResult): Part => {
    if (!revealed || !decided.has(sr.statement.index)) return null;
    return step.decidedHere ? 'decided' : step.onAllowPath ? 'allow-path' : null;
  };
  // The explicit-deny sweep looks only at Deny statements.
  const sweep = step.stage === 'explicit-deny';
  const shown = sweep ? pe.statements.filter((sr) => sr.statement.effect === 'Deny') : pe.statements;
  const skipped = pe.statements.length - shown.length;
  return (
    <section className="sd-policy" aria-label={pe.label}>
      <h4 className="sd-policy__title">
        <span className="sd-kind">{pe.kind}</span> {pe.label}
      </h4>
      {pe.statements.length === 0 ? (
        <p className="muted">No statements.</p>
      ) : (
        <>
          {shown.length > 0 && (
            <ul className="sd-stmts">
              {shown.map((sr) => (
                <StatementRow key={sr.statement.index} pe={pe} sr={sr} part={partOf(sr)} onShow={onShow} />
              ))}
            </ul>
          )}
          {sweep && skipped > 0 && (
            <p className="muted sd-sweep-note">
              {shown.length === 0 ? 'No Deny statements. ' : ''}
              {skipped} Allow statement{skipped === 1 ? '' : 's'} not part of the sweep: it looks for explicit denies only.
            </p>
          )}
        </>
      )}
    </section>
  );
}

function Levels({ layer }: { layer: LayerResult }) {
  if (!layer.levels?.length) return null;
  return (
    <ol className="sd-levels" aria-label="Organization levels, root first">
      {layer.levels.map((l) => (
        <li key={l.level}>
          Level {l.level + 1}: {l.allowed ? 'an applicable Allow' : 'no applicable Allow — this level denies'} ({l.policyIds.join(', ') || 'no policies'})
        </li>
      ))}
    </ol>
  );
}

export function StageDetail({ step, evaluation, revealed, onShowStatement = null }: { step: DecisionStep; evaluation: AccessEvaluation; revealed: boolean; onShowStatement?: ShowStatement }) {
  const layer = evaluation.layers.find((l) => l.layer === step.layer);
  return (
    <section className="sd" aria-labelledby="sd-title">
      <h3 id="sd-title" className="lab-h3">
        Inside: {step.title}
      </h3>
      <p className="sd-reason">{step.reason}</p>
      {!layer && <p className="muted">Nothing to look inside: this stage has no policies for this request.</p>}
      {layer && <Levels layer={layer} />}
      {layer?.grants && (
        <ul className="sd-grants">
          {layer.grants.length === 0 && <li className="muted">No grants on this key.</li>}
          {layer.grants.map((g) => (
            <li key={g.grant.grantId} className={g.applies ? 'is-applies' : 'is-skip'}>
              <GrantIcon size={16} className="sd-grant-icon" /> <span className="sd-badge">{g.applies ? 'applies' : 'does not apply'}</span> {g.explanation}
            </li>
          ))}
        </ul>
      )}
      {layer?.policies.map((pe) => (
        <PolicyBlock key={pe.policyId} pe={pe} evaluation={evaluation} step={step} revealed={revealed} onShow={onShowStatement} />
      ))}
    </section>
  );
}
