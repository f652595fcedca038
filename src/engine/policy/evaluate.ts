// One policy document against one request: every statement's principal, action, resource and
// condition results, in plain words. Statements are compiled once per Policy object (cached in a
// WeakMap) so repeated evaluation does not re-parse patterns.

import { compileCondition, evaluateCondition, type CompiledCondition } from './conditions';
import { compileArn, compileGlob, lookupContext, matchCompiledArn, matchGlob, type CompiledArn, type CompiledGlob, type Resolver } from './match';
import type {
  ConditionResult,
  EvaluatePolicyOptions,
  NamedPolicy,
  Policy,
  PolicyEvaluation,
  PolicyKind,
  PrincipalElement,
  PrincipalInfo,
  PrincipalMatchKind,
  RequestContext,
  Statement,
  StatementResult,
} from './types';

export const RESOURCE_KINDS: ReadonlySet<PolicyKind> = new Set(['key', 'resource', 'rcp']);

/** Variables are only substituted under Version 2012-10-17; otherwise `${…}` is literal text. */
export function variablesEnabled(policy: Policy): boolean {
  return policy.version === '2012-10-17';
}

interface CompiledPrincipal {
  el: PrincipalElement;
  /** The element's entries, formatted once for explanations. */
  listed: string;
  any: boolean;
  accounts: Set<string>; // account ids (from "123…" or arn:…:iam::123…:root)
  arns: Set<string>; // other AWS entries, exact
  services: Set<string>; // lower-cased
  federated: Set<string>;
  canonical: Set<string>;
}

interface CompiledStatement {
  st: Statement;
  actions: CompiledGlob[] | null;
  notActions: CompiledGlob[] | null;
  resources: CompiledArn[] | null;
  notResources: CompiledArn[] | null;
  principal: CompiledPrincipal | null;
  notPrincipal: CompiledPrincipal | null;
  conditions: CompiledCondition[];
  hasConditionError: boolean;
  /** Resource/NotResource uses policy variables: its result depends on the request context. */
  resourceHasVariables: boolean;
  /** Element values formatted once for explanations. */
  actionList: string;
  notActionList: string;
  resourceList: string;
}

/**
 * Memoised element results, per policy (one lookup per policy, not per statement). The action
 * result depends only on the action; the resource result (when Resource has no variables) only
 * on the resource; the principal result only on the caller. Results are frozen and shared between
 * evaluations, which keeps evaluation allocation-light without cutting the explanation.
 */
interface CompiledPolicy {
  statements: CompiledStatement[];
  actionMemo: Map<string, StatementResult['action'][]>;
  resourceMemo: Map<string, (StatementResult['resource'] | null)[]>;
  principalMemo: Map<number, StatementResult['principal'][]>;
}

const ACCOUNT_ROOT_RE = /^arn:aws[a-z-]*:iam::(\d{12}):root$/;

function compilePrincipal(el: PrincipalElement): CompiledPrincipal {
  const cp: CompiledPrincipal = {
    el,
    listed: listPrincipal(el),
    any: el.wildcard,
    accounts: new Set(),
    arns: new Set(),
    services: new Set(),
    federated: new Set(),
    canonical: new Set(),
  };
  for (const a of el.AWS) {
    const v = a.value.trim();
    if (v === '*') cp.any = true;
    else if (/^\d{12}$/.test(v)) cp.accounts.add(v);
    else {
      const m = ACCOUNT_ROOT_RE.exec(v);
      if (m) cp.accounts.add(m[1]);
      else cp.arns.add(v);
    }
  }
  for (const s of el.Service) cp.services.add(s.value.trim().toLowerCase());
  for (const f of el.Federated) cp.federated.add(f.value.trim());
  for (const c of el.CanonicalUser) cp.canonical.add(c.value.trim());
  return cp;
}

const cache = new WeakMap<Policy, CompiledPolicy>();
const KIND_INDEX: Record<PolicyKind, number> = { key: 0, resource: 1, identity: 2, boundary: 3, session: 4, scp: 5, rcp: 6 };

/** Memo caches are bounded so a long session with many callers or resources cannot grow them without limit. */
const MEMO_LIMIT = 4096;
function memo<K, T>(m: Map<K, T>, key: K, value: T): T {
  if (m.size >= MEMO_LIMIT) m.clear();
  m.set(key, value);
  return value;
}

/**
 * A small integer per distinct caller (and boundary flag), so the per-statement principal memo
 * is keyed by a number: one string hash per policy evaluation instead of one per statement.
 */
const principalIds = new Map<string, number>();
interface SeenPrincipal {
  arn: string;
  type: string;
  roleArn: string | undefined;
  accountId: string;
  ids: [number, number]; // without / with a boundary
}
const seenPrincipals = new WeakMap<PrincipalInfo, SeenPrincipal>();
function principalId(p: PrincipalInfo, boundary: boolean): number {
  // Fast path: the same PrincipalInfo object, unchanged since we last saw it.
  const seen = seenPrincipals.get(p);
  if (seen && seen.arn === p.arn && seen.type === p.type && seen.roleArn === p.roleArn && seen.accountId === p.accountId) {
    const b = boundary ? 1 : 0;
    if (seen.ids[b] === 0) seen.ids[b] = principalIdSlow(p, boundary);
    return seen.ids[b];
  }
  const id = principalIdSlow(p, boundary);
  const ids: [number, number] = boundary ? [0, id] : [id, 0];
  seenPrincipals.set(p, { arn: p.arn, type: p.type, roleArn: p.roleArn, accountId: p.accountId, ids });
  return id;
}
function principalIdSlow(p: PrincipalInfo, boundary: boolean): number {
  const key = `${p.type}\u0000${p.arn}\u0000${p.roleArn ?? ''}\u0000${p.accountId}\u0000${boundary ? 1 : 0}`;
  let id = principalIds.get(key);
  if (id === undefined) {
    // Ids only grow, so clearing this map never makes two callers share an id.
    if (principalIds.size >= 100_000) principalIds.clear();
    id = nextPrincipalId++;
    principalIds.set(key, id);
  }
  return id;
}
let nextPrincipalId = 1;

function hasResourceVariables(list: { value: string }[], vars: boolean): boolean {
  if (!vars) return false;
  for (const r of list) if (r.value.includes('${')) return true;
  return false;
}

export function compilePolicy(policy: Policy): CompiledPolicy {
  let c = cache.get(policy);
  if (c) return c;
  const vars = variablesEnabled(policy);
  c = {
    statements: policy.statements.map((st) => {
      const conditions = st.conditions.map((e) => compileCondition(e, vars));
      return {
        st,
        actions: st.action ? st.action.map((a) => compileGlob(a.value, true, false)) : null,
        notActions: st.notAction ? st.notAction.map((a) => compileGlob(a.value, true, false)) : null,
        resources: st.resource ? st.resource.map((r) => compileArn(r.value, vars)) : null,
        notResources: st.notResource ? st.notResource.map((r) => compileArn(r.value, vars)) : null,
        principal: st.principal ? compilePrincipal(st.principal) : null,
        notPrincipal: st.notPrincipal ? compilePrincipal(st.notPrincipal) : null,
        conditions,
        hasConditionError: conditions.some((x) => x.error !== undefined),
        resourceHasVariables: hasResourceVariables(st.resource ?? st.notResource ?? [], vars),
        actionList: st.action ? fmtList(st.action.map((a) => a.value)) : '',
        notActionList: st.notAction ? fmtList(st.notAction.map((a) => a.value)) : '',
        resourceList: st.resource ? fmtList(st.resource.map((a) => a.value)) : '',
      };
    }),
    actionMemo: new Map(),
    resourceMemo: new Map(),
    principalMemo: new Map(),
  };
  cache.set(policy, c);
  return c;
}

// ---------------------------------------------------------------------------------------------
// Principal

/** Preference when several entries match: the most specific wins (it matters to the layered rules). */
const KIND_RANK: Record<PrincipalMatchKind, number> = {
  session: 9,
  user: 8,
  'root-user': 7,
  role: 6,
  service: 5,
  federated: 5,
  'canonical-user': 5,
  wildcard: 3,
  account: 1,
  'not-principal': 0,
};

function isIamIdentity(p: PrincipalInfo): boolean {
  return p.type !== 'Service' && p.type !== 'Anonymous';
}

/** The ways the caller can be named: its own ARN, its role (for a session), its account. */
function identityChain(p: PrincipalInfo): string[] {
  switch (p.type) {
    case 'AssumedRole':
      return p.roleArn ? [p.arn, p.roleArn, `account:${p.accountId}`] : [p.arn, `account:${p.accountId}`];
    case 'User':
    case 'Role':
    case 'FederatedUser':
      return [p.arn, `account:${p.accountId}`];
    case 'Account':
      return [`account:${p.accountId}`];
    case 'Service':
      return [`service:${p.arn.toLowerCase()}`];
    default:
      return [];
  }
}

function chainEntryListed(cp: CompiledPrincipal, entry: string): boolean {
  if (cp.any) return true;
  if (entry.startsWith('account:')) return cp.accounts.has(entry.slice(8));
  if (entry.startsWith('service:')) return cp.services.has(entry.slice(8));
  return cp.arns.has(entry) || cp.federated.has(entry) || cp.canonical.has(entry);
}

interface PrincipalMatch {
  kind: PrincipalMatchKind;
  value: string;
}

function better(best: PrincipalMatch | null, kind: PrincipalMatchKind, value: string): PrincipalMatch {
  return !best || KIND_RANK[kind] > KIND_RANK[best.kind] ? { kind, value } : best;
}

function matchPrincipal(cp: CompiledPrincipal, p: PrincipalInfo): PrincipalMatch | null {
  let best: PrincipalMatch | null = null;
  if (cp.any) best = better(best, 'wildcard', '*');
  if (isIamIdentity(p) && cp.accounts.has(p.accountId)) best = better(best, p.type === 'Account' ? 'root-user' : 'account', p.accountId);
  if (p.type === 'Service') {
    if (cp.services.size && cp.services.has(p.arn.toLowerCase())) best = better(best, 'service', p.arn);
  } else if (p.type !== 'Anonymous') {
    if (cp.arns.has(p.arn)) {
      best = better(best, p.type === 'User' ? 'user' : p.type === 'Role' ? 'role' : p.type === 'Account' ? 'root-user' : 'session', p.arn);
    }
    // A role ARN in a resource or key policy matches the role's sessions.
    if (p.type === 'AssumedRole' && p.roleArn && cp.arns.has(p.roleArn)) best = better(best, 'role', p.roleArn);
    if (cp.federated.has(p.arn)) best = better(best, 'federated', p.arn);
    if (cp.canonical.has(p.arn)) best = better(best, 'canonical-user', p.arn);
  }
  return best;
}

function listPrincipal(el: PrincipalElement): string {
  if (el.wildcard) return '"*"';
  const all = [...el.AWS, ...el.Service, ...el.Federated, ...el.CanonicalUser].map((s) => s.value);
  return all.length === 1 ? all[0] : `[${all.join(', ')}]`;
}

function callerWords(p: PrincipalInfo): string {
  switch (p.type) {
    case 'AssumedRole':
      return `${p.arn} (a session of ${p.roleArn ?? 'a role'})`;
    case 'Account':
      return `the root user of account ${p.accountId}`;
    case 'Anonymous':
      return 'an anonymous caller';
    default:
      return p.arn;
  }
}

const KIND_WORDS: Record<PrincipalMatchKind, string> = {
  wildcard: 'Principal is "*", which matches every caller',
  account: 'names the caller\'s account',
  'root-user': 'names the account, and the caller is that account\'s root user',
  user: 'names the caller\'s user ARN',
  role: 'names the caller\'s role ARN',
  session: 'names the caller\'s session ARN',
  service: 'names the calling service',
  federated: 'names the caller as a Federated principal',
  'canonical-user': 'names the caller\'s canonical user id',
  'not-principal': '',
};

function principalResult(cs: CompiledStatement, p: PrincipalInfo, kind: PolicyKind, opts: EvaluatePolicyOptions | undefined): StatementResult['principal'] {
  if (cs.principal) {
    const m = matchPrincipal(cs.principal, p);
    if (!m) {
      return {
        result: 'no-match',
        explanation: `Principal lists ${cs.principal.listed}; it does not name ${callerWords(p)}.`,
      };
    }
    let explanation =
      m.kind === 'wildcard' ? `${KIND_WORDS.wildcard}.` : `Principal ${KIND_WORDS[m.kind]} (${m.kind === 'account' ? `${m.value}` : m.value}).`;
    if (m.kind === 'account' && (kind === 'key' || kind === 'resource')) {
      explanation +=
        kind === 'key'
          ? ` An account principal in a key policy grants nothing to ${p.arn} by itself: it lets IAM policies in account ${m.value} allow the action.`
          : ` An account principal delegates to IAM: ${p.arn} also needs an IAM policy that allows the action.`;
    }
    return { result: 'match', explanation, matchedBy: m.kind, matchedValue: m.value };
  }
  if (cs.notPrincipal) {
    if (opts?.callerHasPermissionsBoundary && cs.st.effect === 'Deny') {
      return {
        result: 'match',
        explanation:
          'NotPrincipal with Deny always applies to a caller that has a permissions boundary, whatever NotPrincipal lists (IAM user guide, NotPrincipal).',
        matchedBy: 'not-principal',
      };
    }
    const chain = identityChain(p);
    const unlisted = chain.filter((e) => !chainEntryListed(cs.notPrincipal as CompiledPrincipal, e));
    if (chain.length > 0 && unlisted.length === 0) {
      return { result: 'no-match', explanation: `NotPrincipal lists ${cs.notPrincipal.listed}, which excludes ${callerWords(p)}.` };
    }
    const words = unlisted.map((e) => (e.startsWith('account:') ? `its account ${e.slice(8)}` : e.startsWith('service:') ? e.slice(8) : e));
    return {
      result: 'match',
      explanation:
        chain.length === 0
          ? `NotPrincipal lists ${cs.notPrincipal.listed}, which does not exclude ${callerWords(p)}.`
          : `NotPrincipal lists ${cs.notPrincipal.listed}, which does not exclude ${callerWords(p)}: ${words.join(' and ')} ${words.length > 1 ? 'are' : 'is'} not listed (AWS checks the account, the role and the session in turn, so each must be listed).`,
      matchedBy: 'not-principal',
    };
  }
  if (RESOURCE_KINDS.has(kind)) {
    return { result: 'no-match', explanation: 'The statement has no Principal, which a resource-based policy requires: it applies to no one.' };
  }
  return { result: 'not-present', explanation: 'No Principal: the policy applies to the identity it is attached to.' };
}

// ---------------------------------------------------------------------------------------------
// Action and resource

function actionResult(cs: CompiledStatement, actionLower: string, action: string): StatementResult['action'] {
  if (cs.actions) {
    for (const g of cs.actions) {
      if (matchGlob(g, actionLower)) {
        return { result: 'match', explanation: g.raw === action ? `Action lists ${action}.` : `${action} matches "${g.raw}" in Action.`, matchedPattern: g.raw };
      }
    }
    return { result: 'no-match', explanation: `${action} does not match Action ${cs.actionList}.` };
  }
  if (cs.notActions) {
    for (const g of cs.notActions) {
      if (matchGlob(g, actionLower)) {
        return { result: 'no-match', explanation: `${action} matches "${g.raw}" in NotAction, so the statement does not cover it.`, matchedPattern: g.raw };
      }
    }
    return { result: 'match', explanation: `${action} is not listed in NotAction ${cs.notActionList}, so the statement covers it.` };
  }
  return { result: 'no-match', explanation: 'The statement has neither Action nor NotAction, so it covers no action.' };
}

function fmtList(vals: string[]): string {
  return vals.length === 1 ? `"${vals[0]}"` : `[${vals.map((v) => `"${v}"`).join(', ')}]`;
}

function resourceResult(
  cs: CompiledStatement,
  resource: string,
  kind: PolicyKind,
  resolve: Resolver,
): StatementResult['resource'] {
  if (cs.resources) {
    let notes: string[] | null = null;
    for (const cp of cs.resources) {
      const m = matchCompiledArn(cp, resource, resolve);
      if (m) {
        return {
          result: 'match',
          explanation: cp.raw === '*' ? (kind === 'key' ? 'Resource is "*", which in a key policy means this key.' : 'Resource is "*".') : `${resource} matches "${cp.raw}".`,
          matchedPattern: cp.raw,
        };
      }
      if (m === null) (notes ??= []).push(`"${cp.raw}" uses a variable with no value, so it matches no resource`);
    }
    return {
      result: 'no-match',
      explanation: `${resource} does not match Resource ${cs.resourceList}${notes ? `; ${notes.join('; ')}` : ''}.`,
    };
  }
  if (cs.notResources) {
    for (const cp of cs.notResources) {
      if (matchCompiledArn(cp, resource, resolve)) {
        return { result: 'no-match', explanation: `${resource} matches "${cp.raw}" in NotResource, so the statement does not cover it.`, matchedPattern: cp.raw };
      }
    }
    return { result: 'match', explanation: `${resource} is not listed in NotResource, so the statement covers it.` };
  }
  return {
    result: 'not-present',
    explanation:
      kind === 'key'
        ? 'The statement has no Resource element. KMS accepts it, but such a statement has no effect.'
        : 'The statement has no Resource element, so it covers no resource.',
  };
}

// ---------------------------------------------------------------------------------------------

/** Resolves policy variables from the request context and records what they resolved to. */
class VarState implements Resolver {
  vars: Record<string, string | null> | null = null;
  constructor(
    private ctx: RequestContext['context'],
    private missing: string[],
  ) {}
  resolve(key: string): string | null {
    const v = lookupContext(this.ctx, key);
    // Only single-valued keys can be variables; a list (multivalued key) has no variable value.
    const out = typeof v === 'string' ? v : Array.isArray(v) && v.length === 1 ? v[0] : null;
    if (this.vars === null) this.vars = {};
    this.vars[key] = out;
    if (out === null && !this.missing.includes(key)) this.missing.push(key);
    return out;
  }
}

/** Evaluates one policy against one request. Never throws. */
export function evaluatePolicy(named: NamedPolicy, request: RequestContext, opts?: EvaluatePolicyOptions): PolicyEvaluation {
  const compiled = compilePolicy(named.policy);
  const ctx = request.context;
  const actionLower = request.action.toLowerCase();
  const missingKeys: string[] = [];
  const statements: StatementResult[] = [];
  let allows = false;
  let denies = false;

  const state = new VarState(ctx, missingKeys);
  const resolve = state;
  const p = request.principal;
  // The principal result also depends on the policy kind (a missing Principal, the wording), so
  // the memo key combines the caller's id with the kind.
  const principalKey = principalId(p, opts?.callerHasPermissionsBoundary === true) * 8 + KIND_INDEX[named.kind];

  const css = compiled.statements;
  let principals = compiled.principalMemo.get(principalKey);
  if (!principals) {
    principals = [];
    for (const cs of css) principals.push(Object.freeze(principalResult(cs, p, named.kind, opts)));
    memo(compiled.principalMemo, principalKey, principals);
  }
  let actions = compiled.actionMemo.get(request.action);
  if (!actions) {
    actions = [];
    for (const cs of css) actions.push(Object.freeze(actionResult(cs, actionLower, request.action)));
    memo(compiled.actionMemo, request.action, actions);
  }
  let resources = compiled.resourceMemo.get(request.resource);
  if (!resources) {
    resources = [];
    for (const cs of css) resources.push(cs.resourceHasVariables ? null : Object.freeze(resourceResult(cs, request.resource, named.kind, resolve)));
    memo(compiled.resourceMemo, request.resource, resources);
  }

  for (let i = 0; i < css.length; i++) {
    const cs = css[i];
    const st = cs.st;
    state.vars = null;
    const principal = principals[i];
    const action = actions[i];
    const resource = resources[i] ?? resourceResult(cs, request.resource, named.kind, resolve);
    const resourceVars = state.vars as Record<string, string | null> | null;
    if (resourceVars && resource.result === 'match' && resource.matchedPattern && resource.matchedPattern.includes('${')) {
      resource.explanation = `${request.resource} matches "${resource.matchedPattern}" (with ${Object.entries(resourceVars)
        .map(([k, v]) => `\${${k}} = ${v === null ? 'no value' : `"${v}"`}`)
        .join(', ')}).`;
    }
    const sr: StatementResult = { policyId: named.id, statement: st, applies: false, principal, action, resource, conditions: [] };
    if (resourceVars) sr.variables = resourceVars;

    const parMatch = principal.result !== 'no-match' && action.result === 'match' && resource.result === 'match';
    let condOk = true;
    let condError: string | undefined;
    if (parMatch) {
      const results: ConditionResult[] = [];
      for (const cc of cs.conditions) {
        const vars: Record<string, string | null> = {};
        state.vars = vars;
        const r = evaluateCondition(cc, ctx, state, vars);
        if (r.missing && !missingKeys.includes(cc.entry.key)) missingKeys.push(cc.entry.key);
        if (r.error) condError = condError ?? `${cc.entry.operator} on ${cc.entry.key}: ${r.error}`;
        else if (!r.result) condOk = false;
        results.push(r);
      }
      sr.conditions = results;
    } else if (cs.conditions.length) {
      sr.conditionsSkipped = true;
    }

    if (st.problems && st.problems.length) {
      sr.error = `This statement cannot be evaluated: ${st.problems.join('; ')}. AWS would reject the policy.`;
      sr.applies = false;
    } else if (parMatch && condOk && condError) {
      // Everything else matched but a condition could not be evaluated. Never silently skip it:
      // a Deny is assumed to apply (the safe reading), an Allow is assumed not to.
      if (st.effect === 'Deny') {
        sr.applies = true;
        sr.conservative = true;
        sr.error = `A condition could not be evaluated (${condError}). Because this is a Deny statement it is treated as applying (the conservative reading); AWS would reject this policy.`;
      } else {
        sr.error = `A condition could not be evaluated (${condError}). This Allow statement is treated as not applying; AWS would reject this policy.`;
      }
    } else {
      sr.applies = parMatch && condOk;
      if (condError && parMatch) sr.error = `A condition could not be evaluated (${condError}), but another condition is false, so the statement does not apply either way.`;
    }
    if (sr.applies) {
      if (st.effect === 'Allow') allows = true;
      else denies = true;
    }
    statements.push(sr);
  }
  return { policyId: named.id, label: named.label, kind: named.kind, statements, allows, denies, missingContextKeys: missingKeys };
}
