/**
 * A policy editor: CodeMirror (loaded on demand) with the validator's findings inline, and the same
 * findings listed under it in words (severity, code, place), so they do not depend on seeing the
 * squiggles.
 */
import { lazy, Suspense, useId, useMemo } from 'react';
import { validatePolicy, type Finding, type PolicyKind } from '@kms-lab/engine/policy';
import { useLab } from '../../store';
import type { CompletionData } from './policyLanguage';
import { StopIcon, InfoIcon } from '../common/icons';

const CodeEditor = lazy(() => import('./CodeEditor'));

function useCompletionData(): CompletionData {
  const world = useLab((s) => s.world);
  const revision = useLab((s) => s.worldRevision);
  return useMemo(() => {
    void revision;
    if (!world) return { keyArns: [], aliasArns: [], aliasNames: [], principals: [], accounts: [], regions: [] };
    const ids = world.identities;
    const aliases = Object.values(world.state.aliases);
    return {
      keyArns: Object.keys(world.state.keys),
      aliasArns: aliases.map((a) => a.aliasArn),
      aliasNames: [...new Set(aliases.map((a) => a.aliasName))],
      principals: Object.keys(ids.principals),
      accounts: Object.keys(ids.accounts),
      orgId: ids.organization?.id,
      regions: [...new Set(Object.values(world.state.keys).map((k) => k.region).concat('us-east-1'))],
    };
  }, [world, revision]);
}

const SEVERITY_WORDS: Record<Finding['severity'], string> = { error: 'Error', warning: 'Warning', suggestion: 'Suggestion' };

function FindingsList({ findings, id }: { findings: Finding[]; id: string }) {
  if (findings.length === 0)
    return (
      <p id={id} className="pe-findings pe-findings--none">
        No findings: the validator has nothing to say about this policy.
      </p>
    );
  return (
    <div id={id} className="pe-findings">
      <p className="pe-findings__title">
        {findings.length} finding{findings.length === 1 ? '' : 's'}
      </p>
      <ul aria-label="Validator findings">
        {findings.map((f, i) => (
          <li key={i} className={`pe-finding pe-finding--${f.severity}`}>
            {f.severity === 'error' ? <StopIcon size={16} /> : <InfoIcon size={16} />}
            <span className="pe-finding__sev">{SEVERITY_WORDS[f.severity]}</span>
            <span className="mono pe-finding__code">{f.code}</span>
            <span className="pe-finding__msg">{f.message}</span>
            <span className="pe-finding__at mono">
              line {f.range.start.line}, column {f.range.start.column}
            </span>
          </li>
        ))}
      </ul>
    </div>
  );
}

export interface PolicyEditorProps {
  value: string;
  onChange(value: string): void;
  kind: PolicyKind;
  label: string;
  readOnly?: boolean;
  highlight?: { from: number; to: number } | null;
}

export function PolicyEditor({ value, onChange, kind, label, readOnly, highlight }: PolicyEditorProps) {
  const findingsId = useId();
  const findings = useMemo(() => validatePolicy(value, kind), [value, kind]);
  const data = useCompletionData();
  return (
    <div className="pe">
      <div className={`pe-frame pe-frame--${kind}`}>
        <span className="pe-kind" aria-hidden="true">
          {kind === 'key' ? 'key' : kind === 'identity' ? 'IAM' : kind.toUpperCase()}
        </span>
        <Suspense fallback={<p className="pe-loading muted">Loading the editor…</p>}>
          <CodeEditor value={value} onChange={onChange} kind={kind} label={label} describedBy={findingsId} readOnly={readOnly} highlight={highlight} completionData={data} />
        </Suspense>
      </div>
      <FindingsList findings={findings} id={findingsId} />
    </div>
  );
}
