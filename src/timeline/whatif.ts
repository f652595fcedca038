/**
 * What-if: change one thing about a request's inputs (switch a statement, a policy or a grant off,
 * add, change or remove a context key, give the key policy back its root statement) and evaluate
 * again, side by side. `findFlips` searches every single change for the ones that flip the
 * decision — the "smallest change that would allow (or deny) this" hint (policy-evaluation.md §4.6).
 *
 * Pure: changes are data, applied to a copy of the `AccessInput`; the evaluator is the engine's.
 */
import { evaluateAccess, parsePolicy } from '@kms-lab/engine/policy';
import type { AccessEvaluation, AccessInput, ConditionResult, ContextValue, Decision, LayerName, NamedPolicy, Policy } from '@kms-lab/engine/policy';
import { DECISION_OUTCOME, OUTCOME_WORDS, toDecisionSteps, type PipelineStage, type StepOutcome } from './decision';

export type WhatIfChange =
  /** The statement is left out (as if deleted from its policy). */
  | { kind: 'statement-off'; policyId: string; statementIndex: number; label?: string }
  /** The policy is detached (a key policy cannot be: it is emptied instead). */
  | { kind: 'policy-off'; policyId: string; label?: string }
  | { kind: 'grant-off'; grantId: string; label?: string }
  /** The condition key is absent from the request. */
  | { kind: 'context-remove'; key: string }
  /** The condition key has this value (added or changed). */
  | { kind: 'context-set'; key: string; value: ContextValue }
  /** The key policy gets the default "Enable IAM User Permissions" statement for the key's account. */
  | { kind: 'add-root-statement' };

/** A change in words, for the what-if list and the hint. */
export function describeChange(c: WhatIfChange): string {
  switch (c.kind) {
    case 'statement-off':
      return `Switch off ${c.label ?? `statement #${c.statementIndex + 1} of ${c.policyId}`}`;
    case 'policy-off':
      return `Detach ${c.label ?? c.policyId}`;
    case 'grant-off':
      return `Retire ${c.label ?? `grant ${c.grantId}`}`;
    case 'context-remove':
      return `Leave ${c.key} out of the request`;
    case 'context-set':
      return `Send ${c.key} = ${Array.isArray(c.value) ? `[${c.value.join(', ')}]` : c.value}`;
    case 'add-root-statement':
      return 'Give the key policy its root statement (let the account delegate to IAM)';
  }
}

const EC_PREFIX = 'kms:encryptioncontext:';

function dropStatement(p: NamedPolicy, index: number): NamedPolicy {
  return { ...p, policy: { ...p.policy, statements: p.policy.statements.filter((s) => s.index !== index) } };
}

function emptied(p: NamedPolicy): NamedPolicy {
  return { ...p, policy: { ...p.policy, statements: [] } };
}

function mapPolicies(input: AccessInput, id: string, f: (p: NamedPolicy) => NamedPolicy | undefined): AccessInput {
  const one = (p: NamedPolicy | undefined) => (p && p.id === id ? f(p) : p);
  const many = (list: NamedPolicy[]) => list.flatMap((p) => (p.id === id ? (f(p) ? [f(p)!] : []) : [p]));
  const levels = (ls: NamedPolicy[][] | undefined) => {
    if (!ls) return ls;
    // A level whose last policy is detached is treated as if it had FullAWSAccess again (AWS never
    // leaves a level without a policy): the level stops limiting.
    const out = ls.map(many).filter((l, i) => l.length > 0 || ls[i].length === 0);
    return out.length ? out : undefined;
  };
  return {
    ...input,
    keyPolicy: one(input.keyPolicy),
    resourcePolicy: one(input.resourcePolicy),
    identityPolicies: many(input.identityPolicies),
    permissionsBoundary: one(input.permissionsBoundary),
    sessionPolicy: one(input.sessionPolicy),
    scps: levels(input.scps),
    rcps: levels(input.rcps),
  };
}

function rootStatementPolicy(keyPolicy: NamedPolicy, accountId: string): Policy | null {
  let doc: { Version?: string; Statement?: unknown };
  try {
    doc = JSON.parse(keyPolicy.policy.text) as typeof doc;
  } catch {
    return null;
  }
  const list = Array.isArray(doc.Statement) ? doc.Statement : doc.Statement ? [doc.Statement] : [];
  const next = {
    ...doc,
    Version: doc.Version ?? '2012-10-17',
    Statement: [
      ...list,
      { Sid: 'Enable IAM User Permissions', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${accountId}:root` }, Action: 'kms:*', Resource: '*' },
    ],
  };
  const r = parsePolicy(JSON.stringify(next, null, 2), 'key');
  return r.ok ? r.policy : null;
}

/** The inputs with the changes applied (in order). Never mutates `input`. */
export function applyWhatIf(input: AccessInput, changes: readonly WhatIfChange[]): AccessInput {
  let out: AccessInput = { ...input, request: { ...input.request, context: { ...input.request.context } } };
  if (input.encryptionContext) out.encryptionContext = { ...input.encryptionContext };
  for (const c of changes) {
    switch (c.kind) {
      case 'statement-off':
        out = mapPolicies(out, c.policyId, (p) => dropStatement(p, c.statementIndex));
        break;
      case 'policy-off':
        out = mapPolicies(out, c.policyId, (p) => (p.kind === 'key' ? emptied(p) : undefined));
        break;
      case 'grant-off':
        out = { ...out, grants: out.grants?.filter((g) => g.grantId !== c.grantId) };
        break;
      case 'context-remove':
      case 'context-set': {
        const lower = c.key.toLowerCase();
        const ctx = out.request.context;
        for (const k of Object.keys(ctx)) if (k.toLowerCase() === lower) delete ctx[k];
        if (c.kind === 'context-set') ctx[c.key] = c.value;
        // The encryption context is also what grant constraints read.
        if (lower.startsWith(EC_PREFIX)) {
          const ecKey = c.key.slice(EC_PREFIX.length);
          const ec = { ...(out.encryptionContext ?? {}) };
          for (const k of Object.keys(ec)) if (k.toLowerCase() === ecKey.toLowerCase()) delete ec[k];
          if (c.kind === 'context-set') ec[ecKey] = Array.isArray(c.value) ? c.value[0] ?? '' : c.value;
          out.encryptionContext = Object.keys(ec).length ? ec : undefined;
          ctx['kms:EncryptionContextKeys'] = Object.keys(ec);
          if (!Object.keys(ec).length) delete ctx['kms:EncryptionContextKeys'];
        }
        break;
      }
      case 'add-root-statement': {
        const kp = out.keyPolicy;
        const account = out.key?.accountId ?? out.request.resourceAccount;
        if (!kp || !account) break;
        const policy = rootStatementPolicy(kp, account);
        if (policy) out = { ...out, keyPolicy: { ...kp, policy } };
        break;
      }
    }
  }
  return out;
}

export interface StageDiff {
  stage: PipelineStage;
  title: string;
  before: StepOutcome;
  after: StepOutcome;
  /**
   * The stage's input changed: its policies (a statement switched off, a policy detached or
   * rewritten), the context keys its conditions read, or its grants. For the decision row: the
   * decision changed. Only these are marked "(changed)".
   */
  changed: boolean;
  /** The stage's outcome differs (possibly only because an earlier stage changed, its input the same). */
  outcomeChanged: boolean;
}

export interface WhatIfDiff {
  before: Decision;
  after: Decision;
  decisionChanged: boolean;
  /** One line: "Denied — nothing allowed it → Allowed". */
  headline: string;
  stages: StageDiff[];
}

const STAGE_LAYERS: Record<Exclude<PipelineStage, 'decision'>, LayerName[]> = {
  'explicit-deny': ['explicit-deny'],
  rcp: ['rcp'],
  scp: ['scp'],
  resource: ['key-policy', 'resource-policy'],
  identity: ['identity'],
  grants: ['grants'],
  boundary: ['boundary'],
  session: ['session'],
};

/** A statement's JSON without its layout (re-indenting a policy does not change what a stage reads). */
function sameJson(src: string): string {
  try {
    return JSON.stringify(JSON.parse(src));
  } catch {
    return src;
  }
}

/** What a stage was given: its policies' statements (as written), and its grants. */
function stageInput(evaluation: AccessEvaluation, stage: Exclude<PipelineStage, 'decision'>): { signature: string; conditionKeys: Set<string>; variables: string[]; grants: boolean } {
  const layers = evaluation.layers.filter((l) => STAGE_LAYERS[stage].includes(l.layer));
  const parts: string[] = [];
  const conditionKeys = new Set<string>();
  const variables: string[] = [];
  let grants = false;
  for (const l of layers) {
    for (const pe of l.policies) {
      // The sweep reads only the Deny statements.
      const statements = pe.statements.map((sr) => sr.statement).filter((st) => stage !== 'explicit-deny' || st.effect === 'Deny');
      const sources = statements.map((st) => sameJson(pe.text.slice(st.range.start.offset, st.range.end.offset)));
      parts.push(`${pe.policyId}\u0000${statements.map((st, i) => `${st.index}:${sources[i]}`).join('\u0000')}`);
      for (const st of statements) for (const c of st.conditions) conditionKeys.add(c.key.toLowerCase());
      for (const src of sources) for (const m of src.matchAll(/\$\{([^}]+)\}/g)) variables.push(m[1].toLowerCase());
    }
    if (l.grants) {
      // Grant constraints read the encryption context.
      if (l.grants.some((g) => g.grant.constraints)) grants = true;
      parts.push(`grants\u0000${l.grants.map((g) => g.grant.grantId).join(',')}`);
    }
  }
  return { signature: parts.join('\u0001'), conditionKeys, variables, grants };
}

/** Condition keys (lower case) whose value differs between the two requests. */
function changedContextKeys(a: AccessEvaluation, b: AccessEvaluation): Set<string> {
  const norm = (ctx: Record<string, unknown>) => new Map(Object.entries(ctx).map(([k, v]) => [k.toLowerCase(), JSON.stringify(v)]));
  const x = norm(a.request.context);
  const y = norm(b.request.context);
  const out = new Set<string>();
  for (const k of new Set([...x.keys(), ...y.keys()])) if (x.get(k) !== y.get(k)) out.add(k);
  return out;
}

/** The stages whose input differs between two evaluations of the same request. */
function changedStages(before: AccessEvaluation, after: AccessEvaluation): Set<PipelineStage> {
  const keys = changedContextKeys(before, after);
  const out = new Set<PipelineStage>();
  for (const stage of Object.keys(STAGE_LAYERS) as Exclude<PipelineStage, 'decision'>[]) {
    const a = stageInput(before, stage);
    const b = stageInput(after, stage);
    if (a.signature !== b.signature) {
      out.add(stage);
      continue;
    }
    const reads = (k: string) => a.conditionKeys.has(k) || a.variables.includes(k) || ((a.grants || b.grants) && k.startsWith(EC_PREFIX));
    if ([...keys].some(reads)) out.add(stage);
  }
  return out;
}

/** Compares two evaluations of the same request, stage by stage. */
export function diffEvaluations(before: AccessEvaluation, after: AccessEvaluation): WhatIfDiff {
  const a = toDecisionSteps(before);
  const b = toDecisionSteps(after);
  const inputs = changedStages(before, after);
  const stages = a.map((s, i) => {
    const outcomeChanged = s.isDecision ? before.decision !== after.decision : s.outcome !== b[i].outcome;
    return { stage: s.stage, title: s.title, before: s.outcome, after: b[i].outcome, changed: s.isDecision ? outcomeChanged : inputs.has(s.stage), outcomeChanged };
  });
  const w = (d: Decision) => OUTCOME_WORDS[DECISION_OUTCOME[d]];
  return {
    before: before.decision,
    after: after.decision,
    decisionChanged: before.decision !== after.decision,
    headline: before.decision === after.decision ? `Still ${w(after.decision)}` : `${w(before.decision)} → ${w(after.decision)}`,
    stages,
  };
}

/** Evaluates the request with the changes applied and compares it with the original. */
export function whatIf(input: AccessInput, changes: readonly WhatIfChange[], baseline?: AccessEvaluation): { evaluation: AccessEvaluation; diff: WhatIfDiff } {
  const before = baseline ?? evaluateAccess(input);
  const evaluation = evaluateAccess(applyWhatIf(input, changes));
  return { evaluation, diff: diffEvaluations(before, evaluation) };
}

export interface FlipHint {
  change: WhatIfChange;
  text: string;
  /** Lower is smaller: switching one statement off or sending one key (1) before detaching a whole policy (2). */
  cost: number;
  after: Decision;
}

/** A value that satisfies a positive condition on a missing or different key, from the policy's own values. */
function satisfyingValue(c: ConditionResult): string | null {
  const base = c.entry.op.base;
  if (!c.entry.op.known || base === 'Null') return null;
  if (/Not/.test(base)) return null; // negated operators are satisfied by other values; no single good guess
  const v = c.comparisons[0]?.resolvedValue ?? c.entry.values[0]?.value;
  if (v === undefined || v === null) return null;
  if (base === 'StringLike' || base === 'ArnLike') return v.replace(/\*/g, 'example').replace(/\?/g, 'x');
  if (base === 'IpAddress') return v.split('/')[0];
  if (base.startsWith('Numeric') && base !== 'NumericEquals') {
    const n = Number(v);
    if (!Number.isFinite(n)) return null;
    return String(base.includes('Less') ? n - (base.endsWith('Equals') ? 0 : 1) : n + (base.endsWith('Equals') ? 0 : 1));
  }
  if (base.startsWith('Date') && base !== 'DateEquals') return null;
  return v;
}

/** Every single change worth trying, from what the evaluation says was consulted. */
export function candidateChanges(input: AccessInput, evaluation: AccessEvaluation): WhatIfChange[] {
  const out: WhatIfChange[] = [];
  const seen = new Set<string>();
  const push = (c: WhatIfChange) => {
    const k = JSON.stringify(c);
    if (!seen.has(k)) {
      seen.add(k);
      out.push(c);
    }
  };
  const labelOf = (label: string, sid: string | undefined, index: number) => `${sid ? `statement "${sid}"` : `statement #${index + 1}`} of the ${label}`;
  for (const layer of evaluation.layers) {
    for (const pe of layer.policies) {
      for (const sr of pe.statements) {
        // Applicable statements can be switched off (a Deny to allow, an Allow to deny).
        if (sr.applies) push({ kind: 'statement-off', policyId: pe.policyId, statementIndex: sr.statement.index, label: labelOf(pe.label, sr.statement.sid, sr.statement.index) });
        // A statement that failed only on its conditions: send the keys it wants.
        if (!sr.applies && !sr.conditionsSkipped && sr.principal.result !== 'no-match' && sr.action.result === 'match' && sr.resource.result !== 'no-match') {
          for (const c of sr.conditions) {
            if (c.result) continue;
            const v = c.missing || c.comparisons.length ? satisfyingValue(c) : null;
            if (v !== null) push({ kind: 'context-set', key: c.entry.key, value: v });
            else if (!c.missing && /Not/.test(c.entry.op.base)) push({ kind: 'context-remove', key: c.entry.key });
          }
        }
        // A Deny that applies only because a key is present: leave the key out.
        if (sr.applies && sr.statement.effect === 'Deny') {
          for (const c of sr.conditions) if (!c.missing && c.entry.op.base !== 'Null') push({ kind: 'context-remove', key: c.entry.key });
        }
      }
    }
    for (const g of layer.grants ?? []) if (g.applies) push({ kind: 'grant-off', grantId: g.grant.grantId, label: `grant ${g.grant.name ? `"${g.grant.name}"` : g.grant.grantId}` });
  }
  const policies = [input.permissionsBoundary, input.sessionPolicy, ...input.identityPolicies, ...(input.scps ?? []).flat(), ...(input.rcps ?? []).flat()];
  for (const p of policies) if (p) push({ kind: 'policy-off', policyId: p.id, label: p.label });
  if (input.keyPolicy) {
    const account = input.key?.accountId ?? input.request.resourceAccount;
    const hasRoot = input.keyPolicy.policy.statements.some((s) => s.effect === 'Allow' && s.principal?.AWS.some((a) => a.value === account || a.value === `arn:aws:iam::${account}:root`));
    if (!hasRoot) push({ kind: 'add-root-statement' });
  }
  return out;
}

const COST: Record<WhatIfChange['kind'], number> = {
  'statement-off': 1,
  'context-set': 1,
  'context-remove': 1,
  'add-root-statement': 1,
  'grant-off': 1,
  'policy-off': 2,
};

/**
 * The single changes that flip the decision (Allow ↔ a denial, or explicit ↔ implicit deny), the
 * smallest first. Tries every candidate: a request consults a handful of policies, so this is
 * a few dozen evaluations.
 */
export function findFlips(input: AccessInput, evaluation: AccessEvaluation = evaluateAccess(input), limit = 3): FlipHint[] {
  const wasAllowed = evaluation.decision === 'Allow';
  const hints: FlipHint[] = [];
  for (const change of candidateChanges(input, evaluation)) {
    const after = evaluateAccess(applyWhatIf(input, [change]));
    const flipped = wasAllowed ? after.decision !== 'Allow' : after.decision === 'Allow';
    if (!flipped) continue;
    hints.push({ change, text: describeChange(change), cost: COST[change.kind], after: after.decision });
  }
  // Stable: by cost, then the order the candidates were found in (AWS's stage order).
  return hints
    .map((h, i) => ({ h, i }))
    .sort((a, b) => a.h.cost - b.h.cost || a.i - b.i)
    .slice(0, limit)
    .map(({ h }) => h);
}
