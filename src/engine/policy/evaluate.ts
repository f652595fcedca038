// One policy document against one request, in two forms that share every matching rule:
//  - decidePolicy: the decision path. Which statements apply, how the caller matched, the missing
//    condition keys and the statements that could not be evaluated; no explanation text, nothing
//    memoised per caller or per resource, so its cost does not depend on how many callers, keys
//    or requests the world has seen.
//  - evaluatePolicy: every statement's principal, action, resource and condition results, in
//    plain words (the explain-first data the UI, the CLI and the tests read).
// Statements are compiled once per Policy object (the compiled form rides on the object, see
// COMPILED) so repeated evaluation does not re-parse patterns.
//
// Everything remembered here is bounded by what policies say, never by the requests seen: per
// policy, one cover mask (or row) per action name (≤ ACTION_LIMIT names); patterns, condition
// records and principal names shared between policies (≤ SHARED_LIMIT / NAME_LIMIT entries,
// forgotten wholesale past that).

import { COND_ERROR, COND_MISSING, COND_TRUE, compileCondition, conditionOutcome, evaluateCondition, sharedCondition, type CompiledCondition } from './conditions';
import { compileArn, compileGlob, lookupContext, matchCompiledArn, matchGlob, type CompiledArn, type CompiledGlob, type Resolver } from './match';
import type {
  ConditionResult,
  Effect,
  SourceRange,
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

const RESOURCE_KINDS: ReadonlySet<PolicyKind> = new Set(['key', 'resource', 'rcp']);

/** Variables are only substituted under Version 2012-10-17; otherwise `${…}` is literal text. */
function variablesEnabled(policy: Policy): boolean {
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
  /** The statement's parse problems, as its error (such a statement never applies). */
  problemError: string | undefined;
}

interface CompiledPolicy {
  statements: CompiledStatement[];
  /** Some statement has Effect "Allow". */
  hasAllow: boolean;
  /** The number of statements. */
  n: number;
  // The decision path's data. A decision reads these few small arrays (built together at compile
  // time, so they sit together in memory) and reaches a statement's own data only when its
  // principal and action match; the patterns and conditions it then reads are shared between
  // policies. So what a decision touches stays small, and its cache misses few, however many
  // other keys and callers the world holds.
  /** Per statement: STMT_* flags. */
  flags: Uint8Array;
  /**
   * Policies of at most SMALL statements: per interned action id, which statements' Action/
   * NotAction cover it, as a bit mask (-1: not computed yet). Bounded by the action vocabulary.
   */
  coverMasks: number[];
  /** Larger policies: per interned action id, a row of n bytes (1: covers; ROW_UNKNOWN: not computed yet). */
  coverRows: Uint8Array;
  /** The names Principal elements list, as (interned name id, statement index) pairs. */
  names: number[];
  /** The interning epoch `names` belongs to. */
  namesEpoch: number;
  /**
   * Per statement, REC slots in one flat array built in one go (so its entries sit together in
   * memory): what a decision needs of a statement that may apply, without reaching into the
   * parsed Statement or the CompiledStatement.
   */
  rec: unknown[];
  /** The decision path's (shared) condition records, every statement's in turn (see REC_CONDITIONS). */
  conds: CompiledCondition[];
  /**
   * The explanation path's action results, per interned action id: frozen and shared between
   * evaluations (bounded by the action vocabulary, like the table's rows).
   */
  actionResults: (readonly StatementResult['action'][] | undefined)[];
}

const STMT_DENY = 1;
/** Has a Principal element (principal matching uses the indexes). */
const STMT_PRINCIPAL = 2;
/** Has NotPrincipal and no Principal. */
const STMT_NOT_PRINCIPAL = 4;
/** Its Principal lists "*". */
const STMT_PRINCIPAL_ANY = 8;
/** Resource (without variables) lists "*": it covers every resource. */
const STMT_RESOURCE_ANY = 16;
/** Resource/NotResource uses policy variables. */
const STMT_RESOURCE_VARS = 32;
/** Cannot be evaluated (parse problems). */
const STMT_PROBLEM = 64;
const STMT_CONDITIONS = 128;

const ROW_UNKNOWN = 2;
/** Policies up to this many statements keep action covers as bit masks (small integers). */
const SMALL = 30;

// The slots of CompiledPolicy.rec, per statement.
const REC = 6;
const REC_STATEMENT = 0; // Statement
const REC_INDEX = 1; // Statement.index
const REC_SID = 2; // Statement.sid
const REC_RANGE = 3; // Statement.range
const REC_ARN = 4; // a Resource of one pattern without variables: its (shared) CompiledArn; else null
const REC_CONDITIONS = 5; // where its condition records start in CompiledPolicy.conds (they end where the next statement's start)

// The names Principal elements list — account ids, ARNs, services, federated and canonical ids —
// interned into small integers, one id space across the five kinds of name. A decision looks the
// caller up here (small, hot tables) and each policy then compares integers. Bounded: past
// NAME_LIMIT names everything is forgotten and policies re-intern theirs (a new epoch).
const NAME_LIMIT = 200_000;
const NAME_MAPS = {
  account: new Map<string, number>(),
  arn: new Map<string, number>(),
  service: new Map<string, number>(),
  federated: new Map<string, number>(),
  canonical: new Map<string, number>(),
};
type NameKind = keyof typeof NAME_MAPS;
let nameEpoch = 1;
let nextNameId = 1;

function internName(kind: NameKind, name: string): number {
  const m = NAME_MAPS[kind];
  let id = m.get(name);
  if (id === undefined) {
    if (nextNameId >= NAME_LIMIT) {
      for (const k of Object.keys(NAME_MAPS) as NameKind[]) NAME_MAPS[k].clear();
      nameEpoch++;
      nextNameId = 1;
    }
    id = nextNameId++;
    m.set(name, id);
  }
  return id;
}

function internNames(c: CompiledPolicy): void {
  for (;;) {
    const epoch = nameEpoch;
    const out: number[] = [];
    c.statements.forEach((cs, i) => {
      const cp = cs.principal;
      if (!cp) return;
      for (const a of cp.accounts) out.push(internName('account', a), i);
      for (const a of cp.arns) out.push(internName('arn', a), i);
      for (const a of cp.services) out.push(internName('service', a), i);
      for (const a of cp.federated) out.push(internName('federated', a), i);
      for (const a of cp.canonical) out.push(internName('canonical', a), i);
    });
    if (epoch !== nameEpoch) continue; // forgotten while interning: again, in the new epoch
    c.names = out.slice();
    c.namesEpoch = epoch;
    return;
  }
}

function buildTable(c: CompiledPolicy, vars: boolean): void {
  c.statements.forEach((cs, i) => {
    let f = cs.st.effect === 'Deny' ? STMT_DENY : 0;
    if (cs.principal) {
      f |= STMT_PRINCIPAL;
      if (cs.principal.any) f |= STMT_PRINCIPAL_ANY;
    } else if (cs.notPrincipal) f |= STMT_NOT_PRINCIPAL;
    if (cs.resourceHasVariables) f |= STMT_RESOURCE_VARS;
    else if (cs.resources && cs.resources.some((r) => r.any)) f |= STMT_RESOURCE_ANY;
    if (cs.problemError !== undefined) f |= STMT_PROBLEM;
    if (cs.conditions.length) f |= STMT_CONDITIONS;
    c.flags[i] = f;
  });
  internNames(c);
  // The decision path's per-statement records, allocated together.
  const rec = new Array<unknown>(c.n * REC + REC);
  const conds: CompiledCondition[] = [];
  c.statements.forEach((cs, i) => {
    const st = cs.st;
    const at = i * REC;
    rec[at + REC_STATEMENT] = st;
    rec[at + REC_INDEX] = st.index;
    rec[at + REC_SID] = st.sid;
    rec[at + REC_RANGE] = st.range;
    rec[at + REC_ARN] = cs.resources && cs.resources.length === 1 && !cs.resourceHasVariables ? cs.resources[0] : null;
    rec[at + REC_CONDITIONS] = conds.length;
    for (const cc of cs.conditions) conds.push(sharedCondition(cc, vars));
  });
  rec[c.n * REC + REC_CONDITIONS] = conds.length; // (the end of the last statement's)
  c.rec = rec;
  c.conds = conds.slice();
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

function hasResourceVariables(list: { value: string }[], vars: boolean): boolean {
  if (!vars) return false;
  for (const r of list) if (r.value.includes('${')) return true;
  return false;
}

/** The compiled form rides on the Policy object itself (a non-enumerable symbol property: JSON,
 * spreading, structuredClone and equality checks do not see it), which saves the decision path a
 * hash-table probe per policy; a frozen Policy falls back to the WeakMap. */
const COMPILED = Symbol('kms-lab.policy.compiled');
type WithCompiled = Policy & { [COMPILED]?: CompiledPolicy };

function compilePolicy(policy: Policy): CompiledPolicy {
  let c = (policy as WithCompiled)[COMPILED] ?? cache.get(policy);
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
        problemError:
          st.problems && st.problems.length ? `This statement cannot be evaluated: ${st.problems.join('; ')}. AWS would reject the policy.` : undefined,
      };
    }),
    hasAllow: policy.statements.some((st) => st.effect === 'Allow'),
    n: policy.statements.length,
    flags: new Uint8Array(policy.statements.length),
    coverMasks: [],
    coverRows: NO_ROWS,
    names: [],
    namesEpoch: 0,
    rec: [],
    conds: [],
    actionResults: [],
  };
  buildTable(c, vars);
  if (!Reflect.defineProperty(policy, COMPILED, { value: c, writable: false, enumerable: false, configurable: true })) cache.set(policy, c);
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

/** NotPrincipal excludes the caller: every way it can be named (session, role, account) is listed. */
function notPrincipalExcludes(cp: CompiledPrincipal, p: PrincipalInfo): boolean {
  const chain = identityChain(p);
  if (chain.length === 0) return false;
  for (const e of chain) if (!chainEntryListed(cp, e)) return false;
  return true;
}

// The decision path's principal verdicts, one small integer per statement: a PrincipalMatchKind
// (by its index in KIND_BY_CODE), or NO_MATCH, or NOT_PRESENT (no Principal element).
const KIND_BY_CODE: PrincipalMatchKind[] = ['wildcard', 'account', 'root-user', 'user', 'role', 'session', 'service', 'federated', 'canonical-user', 'not-principal'];
const K_WILDCARD = 0;
const K_ACCOUNT = 1;
const K_ROOT_USER = 2;
const K_USER = 3;
const K_ROLE = 4;
const K_SESSION = 5;
const K_SERVICE = 6;
const K_FEDERATED = 7;
const K_CANONICAL = 8;
const K_NOT_PRINCIPAL = 9;
const NO_MATCH = -1;
const NOT_PRESENT = -2;
/** The statement's Action/NotAction does not cover the action (its principal is not looked at). */
const NOT_COVERED = -3;
/** Covered, principal verdict to come. */
const COVERED = -4;
/**
 * matchPrincipal's preference as one integer per kind: KIND_RANK, doubled, with a tie between a
 * Federated and a CanonicalUser match going to the one matchPrincipal checks first (Federated).
 */
const EFFECTIVE_RANK = Int8Array.from(KIND_BY_CODE.map((k) => (k === 'canonical-user' ? 2 * KIND_RANK[k] - 1 : 2 * KIND_RANK[k])));

/**
 * Every statement's principal verdict (principalResult's, without words). The Principal elements'
 * names are compared with the caller's as interned integers: a few lookups per decision whatever
 * the policy's size. Mirrors matchPrincipal and principalResult.
 */
function principalVerdicts(c: CompiledPolicy, verdicts: Int8Array, p: PrincipalInfo, kind: PolicyKind, opts: EvaluatePolicyOptions | undefined): void {
  const flags = c.flags;
  const n = c.n;
  const noPrincipal = RESOURCE_KINDS.has(kind) ? NO_MATCH : NOT_PRESENT;
  for (let i = 0; i < n; i++) {
    if (verdicts[i] === NOT_COVERED) continue; // its action does not match: no verdict needed
    const f = flags[i];
    if (f & STMT_PRINCIPAL) verdicts[i] = f & STMT_PRINCIPAL_ANY ? K_WILDCARD : NO_MATCH;
    else if (f & STMT_NOT_PRINCIPAL) {
      verdicts[i] =
        opts?.callerHasPermissionsBoundary && f & STMT_DENY
          ? K_NOT_PRINCIPAL
          : notPrincipalExcludes(c.statements[i].notPrincipal as CompiledPrincipal, p)
            ? NO_MATCH
            : K_NOT_PRINCIPAL;
    } else verdicts[i] = noPrincipal;
  }
  if (c.names.length === 0) return;
  if (c.namesEpoch !== nameEpoch) internNames(c);
  // The caller's names, in matchPrincipal's terms (0: no policy lists it).
  const account = isIamIdentity(p) ? (NAME_MAPS.account.get(p.accountId) ?? 0) : 0;
  let arn = 0;
  let role = 0;
  let service = 0;
  let federated = 0;
  let canonical = 0;
  if (p.type === 'Service') service = NAME_MAPS.service.get(p.arn.toLowerCase()) ?? 0;
  else if (p.type !== 'Anonymous') {
    arn = NAME_MAPS.arn.get(p.arn) ?? 0;
    // A role ARN in a resource or key policy matches the role's sessions.
    if (p.type === 'AssumedRole' && p.roleArn) role = NAME_MAPS.arn.get(p.roleArn) ?? 0;
    if (NAME_MAPS.federated.size) federated = NAME_MAPS.federated.get(p.arn) ?? 0;
    if (NAME_MAPS.canonical.size) canonical = NAME_MAPS.canonical.get(p.arn) ?? 0;
  }
  const arnKind = p.type === 'User' ? K_USER : p.type === 'Role' ? K_ROLE : p.type === 'Account' ? K_ROOT_USER : K_SESSION;
  const names = c.names;
  for (let j = 0; j < names.length; j += 2) {
    const id = names[j];
    let code: number;
    if (id === account) code = p.type === 'Account' ? K_ROOT_USER : K_ACCOUNT;
    else if (id === arn) code = arnKind;
    else if (id === role) code = K_ROLE;
    else if (id === service) code = K_SERVICE;
    else if (id === federated) code = K_FEDERATED;
    else if (id === canonical) code = K_CANONICAL;
    else continue;
    const i = names[j + 1];
    const cur = verdicts[i];
    if (cur === NOT_COVERED) continue;
    if (cur === NO_MATCH || EFFECTIVE_RANK[code] > EFFECTIVE_RANK[cur]) verdicts[i] = code;
  }
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

/** Does the statement's Action/NotAction cover the action? (actionResult's verdict.) */
function actionCovers(cs: CompiledStatement, actionLower: string): boolean {
  if (cs.actions) {
    for (const g of cs.actions) if (matchGlob(g, actionLower)) return true;
    return false;
  }
  if (cs.notActions) {
    for (const g of cs.notActions) if (matchGlob(g, actionLower)) return false;
    return true;
  }
  return false;
}

// Actions interned into small integers: a policy keeps one cover mask (or row) per action id.
// Bounded by ACTION_LIMIT distinct names (far more than KMS and IAM have); past it, covers are
// computed afresh each time instead of remembered.
const ACTION_LIMIT = 1024;
const actionIds = new Map<string, number>();

function actionId(action: string): number | undefined {
  let id = actionIds.get(action);
  if (id === undefined && actionIds.size < ACTION_LIMIT) {
    id = actionIds.size;
    actionIds.set(action, id);
  }
  return id;
}

const NO_ROWS = new Uint8Array(0);

/** Which statements cover the action, as a bit mask (policies of at most SMALL statements). */
function coverMask(c: CompiledPolicy, action: string): number {
  const id = actionId(action);
  let masks = c.coverMasks;
  if (id !== undefined && id < masks.length && masks[id] !== -1) return masks[id];
  const lower = action.toLowerCase();
  let m = 0;
  for (let i = 0; i < c.n; i++) if (actionCovers(c.statements[i], lower)) m |= 1 << i;
  if (id !== undefined) {
    if (id >= masks.length) {
      const grown = new Array<number>(Math.max(id + 1, 2 * masks.length, 16)).fill(-1);
      for (let k = 0; k < masks.length; k++) grown[k] = masks[k];
      c.coverMasks = masks = grown;
    }
    masks[id] = m;
  }
  return m;
}

/**
 * Larger policies: where the action's row of cover bytes starts in c.coverRows, computing it the
 * first time; -1 when the action is not interned (`scratchCover` then holds the row).
 */
function coverRow(c: CompiledPolicy, action: string): number {
  const id = actionId(action);
  const n = c.n;
  const lower = action.toLowerCase();
  if (id === undefined) {
    if (scratchCover.length < n) scratchCover = new Uint8Array(n);
    for (let i = 0; i < n; i++) scratchCover[i] = actionCovers(c.statements[i], lower) ? 1 : 0;
    return -1;
  }
  const at = id * n;
  if (at + n > c.coverRows.length) {
    const grown = new Uint8Array(at + 9 * n).fill(ROW_UNKNOWN);
    grown.set(c.coverRows);
    c.coverRows = grown;
  }
  const rows = c.coverRows;
  if (rows[at] === ROW_UNKNOWN) for (let i = 0; i < n; i++) rows[at + i] = actionCovers(c.statements[i], lower) ? 1 : 0;
  return at;
}
let scratchCover = new Uint8Array(64);

/**
 * Does Resource/NotResource cover the resource? (resourceResult's verdict: the same patterns in
 * the same order, so the same variables are resolved.)
 */
function resourceCovers(cs: CompiledStatement, resource: string, resolve: Resolver | undefined): boolean {
  if (cs.resources) {
    for (const cp of cs.resources) if (matchCompiledArn(cp, resource, resolve)) return true;
    return false;
  }
  if (cs.notResources) {
    for (const cp of cs.notResources) if (matchCompiledArn(cp, resource, resolve)) return false;
    return true;
  }
  return false;
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
    const out = variableValue(this.ctx, key);
    if (this.vars === null) this.vars = {};
    this.vars[key] = out;
    if (out === null && !this.missing.includes(key)) this.missing.push(key);
    return out;
  }
}

/** Resolves policy variables and records only the keys that had no value (the decision path). */
class MissingKeys implements Resolver {
  constructor(
    private ctx: RequestContext['context'],
    private pd: PolicyDecision,
  ) {}
  resolve(key: string): string | null {
    const out = variableValue(this.ctx, key);
    if (out === null) missingKey(this.pd, key);
    return out;
  }
}

/** Records a missing key once (the list is allocated on the first one). */
function missingKey(pd: PolicyDecision, key: string): void {
  const keys = pd.missingContextKeys;
  if (keys === NO_KEYS) pd.missingContextKeys = [key];
  else if (!keys.includes(key)) keys.push(key);
}

/** Only single-valued keys can be variables; a list (multivalued key) has no variable value. */
function variableValue(ctx: RequestContext['context'], key: string): string | null {
  const v = lookupContext(ctx, key);
  return typeof v === 'string' ? v : Array.isArray(v) && v.length === 1 ? v[0] : null;
}

// ---------------------------------------------------------------------------------------------
// What a statement's parts add up to (shared by both paths)

const APPLIES = 1;
const CONSERVATIVE = 2;

/** APPLIES (and CONSERVATIVE) from whether principal, action and resource matched and the conditions' outcome. */
function statementOutcome(cs: CompiledStatement, parMatch: boolean, condOk: boolean, condError: string | undefined): number {
  if (cs.problemError !== undefined) return 0;
  // Everything else matched but a condition could not be evaluated. Never silently skip it:
  // a Deny is assumed to apply (the safe reading), an Allow is assumed not to.
  if (parMatch && condOk && condError) return cs.st.effect === 'Deny' ? APPLIES | CONSERVATIVE : 0;
  return parMatch && condOk ? APPLIES : 0;
}

/** The statement's error, when it has one (same cases as statementOutcome). */
function statementError(cs: CompiledStatement, parMatch: boolean, condOk: boolean, condError: string | undefined): string | undefined {
  if (cs.problemError !== undefined) return cs.problemError;
  if (parMatch && condOk && condError) {
    return cs.st.effect === 'Deny'
      ? `A condition could not be evaluated (${condError}). Because this is a Deny statement it is treated as applying (the conservative reading); AWS would reject this policy.`
      : `A condition could not be evaluated (${condError}). This Allow statement is treated as not applying; AWS would reject this policy.`;
  }
  if (condError && parMatch) return `A condition could not be evaluated (${condError}), but another condition is false, so the statement does not apply either way.`;
  return undefined;
}

// ---------------------------------------------------------------------------------------------
// The decision path

/** A statement that applies to the request, as the layered decision needs it. */
export interface AppliedStatement {
  /** The policy it belongs to. */
  policy: PolicyDecision;
  statement: Statement;
  // The statement's facts the layered decision reads, copied from the compiled policy (so a
  // decision does not have to reach into the parsed Statement objects).
  effect: Effect;
  index: number;
  sid: string | undefined;
  range: SourceRange;
  /** Its position in the policy's statement list (and in PolicyEvaluation.statements). */
  position: number;
  /** How the caller matched (StatementResult.principal.matchedBy). */
  matchedBy: PrincipalMatchKind | undefined;
  /** StatementResult.conservative. */
  conservative: boolean;
}

/** decidePolicy's result: everything evaluatePolicy decides, without the words. */
export interface PolicyDecision {
  named: NamedPolicy;
  opts: EvaluatePolicyOptions | undefined;
  allows: boolean;
  denies: boolean;
  /** The statements that apply, in order. */
  applied: AppliedStatement[];
  /** PolicyEvaluation.missingContextKeys (same keys, same order). */
  missingContextKeys: string[];
  /** Statements with StatementResult.error, in order (null: none). */
  errors: { statementIndex: number; message: string }[] | null;
}

/**
 * Decides one policy against one request: which statements apply and why not in words. The
 * result agrees with evaluatePolicy statement for statement (applies, matchedBy, conservative,
 * error, missing keys). Never throws.
 */
export function decidePolicy(named: NamedPolicy, request: RequestContext, opts?: EvaluatePolicyOptions): PolicyDecision {
  const compiled = compilePolicy(named.policy);
  const n = compiled.n;
  let verdicts = scratch;
  scratch = null; // (not re-entrant: a nested call gets its own buffer)
  if (verdicts === null || verdicts.length < n) verdicts = new Int8Array(Math.max(n, 64));
  try {
    return decideWith(compiled, verdicts, named, request, opts);
  } finally {
    scratch = verdicts;
  }
}
let scratch: Int8Array | null = new Int8Array(64);

function decideWith(compiled: CompiledPolicy, verdicts: Int8Array, named: NamedPolicy, request: RequestContext, opts: EvaluatePolicyOptions | undefined): PolicyDecision {
  const ctx = request.context;
  const resource = request.resource;
  const css = compiled.statements;
  const n = compiled.n;
  const pd: PolicyDecision = { named, opts, allows: false, denies: false, applied: NO_APPLIED, missingContextKeys: NO_KEYS, errors: null };
  let resolve: MissingKeys | undefined;

  // Which statements cover the action, then who they name (for those only).
  if (n <= SMALL) {
    const m = coverMask(compiled, request.action);
    for (let i = 0; i < n; i++) verdicts[i] = (m >>> i) & 1 ? COVERED : NOT_COVERED;
  } else {
    const at = coverRow(compiled, request.action);
    const rows = at < 0 ? scratchCover : compiled.coverRows;
    const base = at < 0 ? 0 : at;
    for (let i = 0; i < n; i++) verdicts[i] = rows[base + i] === 1 ? COVERED : NOT_COVERED;
  }
  principalVerdicts(compiled, verdicts, request.principal, named.kind, opts);
  const flags = compiled.flags;
  const rec = compiled.rec;
  const conds = compiled.conds;

  for (let i = 0; i < n; i++) {
    const f = flags[i];
    // A Resource with variables is resolved for every statement: its missing keys are reported
    // even when the principal or action does not match, as evaluatePolicy reports them.
    let resourceOk = 0;
    if (f & STMT_RESOURCE_VARS) resourceOk = resourceCovers(css[i], resource, (resolve ??= new MissingKeys(ctx, pd))) ? 1 : -1;
    const principal = verdicts[i];
    let parMatch = principal !== NO_MATCH && principal !== NOT_COVERED;
    const at = i * REC;
    if (parMatch && !(f & STMT_RESOURCE_ANY)) {
      if (resourceOk !== 0) parMatch = resourceOk === 1;
      else {
        const cp = rec[at + REC_ARN] as CompiledArn | null;
        parMatch = cp ? matchCompiledArn(cp, resource) === true : resourceCovers(css[i], resource, undefined);
      }
    }
    // Nothing to report for a statement that does not match and has no problems.
    if (!parMatch && !(f & STMT_PROBLEM)) continue;

    let condOk = true;
    let condError: string | undefined;
    if (parMatch && f & STMT_CONDITIONS) {
      const end = rec[at + REC + REC_CONDITIONS] as number;
      for (let k = rec[at + REC_CONDITIONS] as number; k < end; k++) {
        const cc = conds[k];
        const o = conditionOutcome(cc, ctx, cc.hasVars ? (resolve ??= new MissingKeys(ctx, pd)) : NO_VARIABLES);
        if (o & COND_MISSING) missingKey(pd, cc.key);
        if (o & COND_ERROR) condError = condError ?? cc.errorText;
        else if (!(o & COND_TRUE)) condOk = false;
      }
    }
    let outcome: number;
    if (f & STMT_PROBLEM || (parMatch && condError)) {
      const cs = css[i];
      outcome = statementOutcome(cs, parMatch, condOk, condError);
      const message = statementError(cs, parMatch, condOk, condError);
      if (message !== undefined) {
        const e = { statementIndex: cs.st.index, message };
        if (pd.errors) pd.errors.push(e);
        else pd.errors = [e];
      }
    } else outcome = parMatch && condOk ? APPLIES : 0;
    if (outcome & APPLIES) {
      const a: AppliedStatement = {
        policy: pd,
        statement: rec[at + REC_STATEMENT] as Statement,
        effect: f & STMT_DENY ? 'Deny' : 'Allow',
        index: rec[at + REC_INDEX] as number,
        sid: rec[at + REC_SID] as string | undefined,
        range: rec[at + REC_RANGE] as SourceRange,
        position: i,
        matchedBy: principal === NOT_PRESENT ? undefined : KIND_BY_CODE[principal],
        conservative: (outcome & CONSERVATIVE) !== 0,
      };
      if (pd.applied === NO_APPLIED) pd.applied = [a];
      else pd.applied.push(a);
      if (f & STMT_DENY) pd.denies = true;
      else pd.allows = true;
    }
  }
  return pd;
}

/** Shared empty lists (never written: a list is allocated before its first push). */
const NO_APPLIED: AppliedStatement[] = [];
const NO_KEYS: string[] = [];

/** For conditions without variables: nothing to resolve. */
const NO_VARIABLES: Resolver = { resolve: () => null };

/** Some statement of the policy has Effect "Allow" (whether or not it applies). */
export function hasAllowStatement(policy: Policy): boolean {
  return compilePolicy(policy).hasAllow;
}

// ---------------------------------------------------------------------------------------------
// The explanation path

/** Every statement's action result for this action: frozen, and shared between evaluations. */
function actionResults(c: CompiledPolicy, action: string, actionLower: string): readonly StatementResult['action'][] {
  const id = actionId(action);
  const known = id === undefined ? undefined : c.actionResults[id];
  if (known) return known;
  const out = c.statements.map((cs) => Object.freeze(actionResult(cs, actionLower, action)));
  if (id !== undefined) c.actionResults[id] = out;
  return out;
}

/** Evaluates one policy against one request, every statement explained. Never throws. */
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
  const actions = actionResults(compiled, request.action, actionLower);

  const css = compiled.statements;
  for (let i = 0; i < css.length; i++) {
    const cs = css[i];
    const st = cs.st;
    const principal = principalResult(cs, p, named.kind, opts);
    const action = actions[i];
    state.vars = null;
    const resource = resourceResult(cs, request.resource, named.kind, resolve);
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

    const outcome = statementOutcome(cs, parMatch, condOk, condError);
    sr.applies = (outcome & APPLIES) !== 0;
    if (outcome & CONSERVATIVE) sr.conservative = true;
    const error = statementError(cs, parMatch, condOk, condError);
    if (error !== undefined) sr.error = error;
    if (sr.applies) {
      if (st.effect === 'Allow') allows = true;
      else denies = true;
    }
    statements.push(sr);
  }
  return { policyId: named.id, label: named.label, kind: named.kind, text: named.policy.text, statements, allows, denies, missingContextKeys: missingKeys };
}
