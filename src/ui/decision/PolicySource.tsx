/**
 * A policy of another world than the lab's (a lesson's), read-only in an editor panel, with the
 * statement asked for highlighted: "Show in its editor" from a decision that was not made in the
 * policy lab's workspace. Editing happens in the lesson itself (or in the lab, for the lab's world).
 */
import { lazy, Suspense, useMemo } from 'react';
import type { World } from '../../engine';
import { parsePolicy } from '../../engine/policy';
import { listTargets, targetIdFor } from '../policy/targets';

const CodeEditor = lazy(() => import('../editor/CodeEditor'));

const NO_COMPLETION = { keyArns: [], aliasArns: [], aliasNames: [], principals: [], accounts: [], regions: [] };
const ignore = () => undefined;

export function PolicySource({ world, policyId, statementIndex, onClose }: { world: World; policyId: string; statementIndex?: number; onClose(): void }) {
  const target = useMemo(() => {
    const id = targetIdFor(world, policyId);
    return listTargets(world).find((t) => t.id === id) ?? null;
  }, [world, policyId]);
  const highlight = useMemo(() => {
    if (!target || statementIndex === undefined) return null;
    const r = parsePolicy(target.text, target.kind);
    const st = r.ok ? r.policy.statements.find((s) => s.index === statementIndex) : undefined;
    return st ? { from: st.range.start.offset, to: st.range.end.offset } : null;
  }, [target, statementIndex]);
  return (
    <section className="dv-source" aria-labelledby="dv-source-title">
      <div className="dv-source__head">
        <h3 id="dv-source-title" className="lab-h3">
          {target ? target.label : policyId} <span className="dv-source__ro">read-only</span>
        </h3>
        <button type="button" className="btn btn-ghost btn-xs" onClick={onClose}>
          Close
        </button>
      </div>
      {target ? (
        <>
          <p className="muted dv-source__note">This policy belongs to this lesson’s world, not to your policy lab workspace{statementIndex !== undefined ? `; statement #${statementIndex + 1} is highlighted` : ''}.</p>
          <Suspense fallback={<pre className="mono dv-source__pre">{target.text}</pre>}>
            <CodeEditor value={target.text} onChange={ignore} kind={target.kind} label={`Policy JSON: ${target.label} (read-only)`} readOnly highlight={highlight} completionData={NO_COMPLETION} />
          </Suspense>
        </>
      ) : (
        <p className="muted">This policy is no longer in this world.</p>
      )}
    </section>
  );
}
