/**
 * A policy of another world than the lab's (a lesson's), read-only in an editor panel, with the
 * statement asked for highlighted: "Show in its editor" from a decision that was not made in the
 * policy lab's workspace. Editing happens in the lesson itself (or in the lab, for the lab's world).
 */
import { lazy, Suspense, useMemo } from 'react';
import type { World } from '@kms-lab/engine';
import type { SourceRange } from '@kms-lab/engine/policy';
import { NOT_SHOWN_WORDS, displayText, placeStatement } from '../../timeline/highlight';
import { listTargets, targetIdFor } from '../policy/targets';

const CodeEditor = lazy(() => import('../editor/CodeEditor'));

const NO_COMPLETION = { keyArns: [], aliasArns: [], aliasNames: [], principals: [], accounts: [], regions: [] };
const ignore = () => undefined;

export interface PolicySourceProps {
  world: World;
  policyId: string;
  statementIndex?: number;
  /** The text the evaluation read and the statement's range in it: the outline is drawn only on that text. */
  evaluatedText?: string;
  range?: SourceRange;
  onClose(): void;
}

export function PolicySource({ world, policyId, statementIndex, evaluatedText, range, onClose }: PolicySourceProps) {
  const target = useMemo(() => {
    const id = targetIdFor(world, policyId);
    return listTargets(world).find((t) => t.id === id) ?? null;
  }, [world, policyId]);
  const shown = target ? displayText(target.text) : '';
  const place = useMemo(() => {
    if (!target || statementIndex === undefined) return null;
    return placeStatement({ evaluatedText, range, statementIndex, savedText: target.text, editorText: shown, kind: target.kind });
  }, [target, statementIndex, evaluatedText, range, shown]);
  const highlight = place?.kind === 'shown' ? { from: place.from, to: place.to } : null;
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
          <p className="muted dv-source__note">
            This policy belongs to this lesson’s world, not to your policy lab workspace{highlight && statementIndex !== undefined ? `; statement #${statementIndex + 1} is highlighted` : ''}.
            {place && place.kind !== 'shown' && place.kind !== 'unsaved' ? ` ${NOT_SHOWN_WORDS[place.kind]}` : ''}
          </p>
          <Suspense fallback={<pre className="mono dv-source__pre">{shown}</pre>}>
            <CodeEditor value={shown} onChange={ignore} kind={target.kind} label={`Policy JSON: ${target.label} (read-only)`} readOnly highlight={highlight} completionData={NO_COMPLETION} />
          </Suspense>
        </>
      ) : (
        <p className="muted">This policy is no longer in this world.</p>
      )}
    </section>
  );
}
