// Fix puzzles: a world where a goal over a set of requests does not hold, and one policy the
// learner edits. The engine checks the goal (evaluate.ts), before and after the edit; the
// generator keeps a world only when the engine finds the goal broken and a one-statement change
// that reaches it.
import { parsePolicy, validatePolicy, type PolicyKind } from '@kms-lab/engine/policy';
import type { Scenario, ScenarioPrincipal, ScenarioRequest, RequestResult } from '@kms-lab/engine/scenario';
import { ACCOUNT, EPOCH, OTHER_ACCOUNT, REGION, enableIam, role, type Statement } from '../lessons/author';
import { evaluateRequests } from './evaluate';
import type { FixPuzzle, GoalRequest, Level, PolicyTarget, PracticeTopic } from './model';
import type { Rng } from './rng';
import { CALLERS, DEPARTMENTS, KEY, KEY_ADMIN, KEY_NAMES, ORG_ID, OUTSIDE_ACCOUNT, PARTNER, SERVICES, SERVICE_NAMES, serviceHost, shortName } from './worlds';

export type Signature = 'too-open' | 'too-closed' | 'both';
export const SIGNATURES: Signature[] = ['too-open', 'too-closed', 'both'];

/** Which goal requests fail, and how: something allowed that must be denied, something denied that must be allowed, or both. */
export function signatureOf(goal: readonly GoalRequest[], results: readonly RequestResult[]): Signature | 'holds' {
  const open = goal.some((g, i) => g.want === 'Deny' && results[i].decision === 'Allow');
  const closed = goal.some((g, i) => g.want === 'Allow' && results[i].decision !== 'Allow');
  return open && closed ? 'both' : open ? 'too-open' : closed ? 'too-closed' : 'holds';
}

export const goalHolds = (goal: readonly GoalRequest[], results: readonly RequestResult[]) => signatureOf(goal, results) === 'holds';

const doc = (statements: Statement[], id?: string) => ({ Version: '2012-10-17', ...(id ? { Id: id } : {}), Statement: statements });
type Doc = ReturnType<typeof doc>;

/** The policy document at a target. */
export function policyAt(s: Scenario, t: PolicyTarget): Doc {
  const asDoc = (p: unknown) => (typeof p === 'string' ? JSON.parse(p) : p) as Doc;
  if (t.kind === 'key-policy') return asDoc(s.keys!.find((k) => k.arn === t.key)!.policy);
  if (t.kind === 'scp') return asDoc(s.organization!.scps![t.level][t.index]);
  const p = s.principals!.find((x) => x.arn === t.principal)!;
  return asDoc(t.kind === 'boundary' ? p.permissionsBoundary : p.policies![t.index]);
}

/** The policy kind the engine parses a target as. */
export function kindOf(t: PolicyTarget): PolicyKind {
  return t.kind === 'key-policy' ? 'key' : t.kind === 'scp' ? 'scp' : t.kind === 'boundary' ? 'boundary' : 'identity';
}

export function targetWords(t: PolicyTarget): string {
  if (t.kind === 'key-policy') return 'the key policy';
  if (t.kind === 'scp') return `the SCP attached to account ${ACCOUNT}`;
  if (t.kind === 'boundary') return `the permissions boundary of ${shortName(t.principal)}`;
  return `the IAM policy of ${shortName(t.principal)}`;
}

/** A copy of the scenario with the policy at `t` replaced (the document as given: object or text). */
export function withPolicy(s: Scenario, t: PolicyTarget, policy: Record<string, unknown> | string): Scenario {
  const copy = structuredClone(s);
  if (t.kind === 'key-policy') copy.keys = copy.keys!.map((k) => (k.arn === t.key ? { ...k, policy } : k));
  else if (t.kind === 'scp') copy.organization!.scps![t.level][t.index] = policy;
  else
    copy.principals = copy.principals!.map((p) =>
      p.arn !== t.principal ? p : t.kind === 'boundary' ? { ...p, permissionsBoundary: policy } : { ...p, policies: p.policies!.map((x, i) => (i === t.index ? policy : x)) },
    );
  return copy;
}

const canonical = (v: unknown): string =>
  Array.isArray(v) ? `[${v.map(canonical).join(',')}]` : v && typeof v === 'object' ? `{${Object.keys(v).sort().map((k) => `${JSON.stringify(k)}:${canonical((v as Record<string, unknown>)[k])}`).join(',')}}` : JSON.stringify(v);

export interface FixCheck {
  /** The edit could be read and applied (parse and validation errors otherwise). */
  ok: boolean;
  problems: string[];
  /** Statements removed and added by the edit (a changed statement counts once each way). */
  removed: number;
  added: number;
  /** Per goal request: what the engine decided after the edit. */
  results?: RequestResult[];
  reached?: boolean;
}

/**
 * Checks a learner's edit of the target policy: it must parse and pass validation (the same
 * findings the editor shows), change one statement (replace, add or remove one), and then every
 * goal request must get what it wants from the engine.
 */
export function checkFix(p: FixPuzzle, text: string): FixCheck {
  const kind = kindOf(p.target);
  const parsed = parsePolicy(text, kind);
  if (!parsed.ok) return { ok: false, problems: [`The policy does not parse: ${parsed.error.message} (line ${parsed.error.line}, column ${parsed.error.column}).`], removed: 0, added: 0 };
  const errors = validatePolicy(text, kind).filter((f) => f.severity === 'error');
  if (errors.length) return { ok: false, problems: errors.map((f) => f.message), removed: 0, added: 0 };
  let json: { Statement?: unknown };
  try {
    json = JSON.parse(text) as { Statement?: unknown };
  } catch (e) {
    return { ok: false, problems: [(e as Error).message], removed: 0, added: 0 };
  }
  const before = [policyAt(p.scenario, p.target).Statement].flat().map(canonical);
  const after = [json.Statement ?? []].flat().map(canonical);
  const left = [...after];
  let removed = 0;
  for (const s of before) {
    const i = left.indexOf(s);
    if (i >= 0) left.splice(i, 1);
    else removed++;
  }
  const added = left.length;
  if (removed > 1 || added > 1)
    return { ok: false, problems: [`Change one statement only: this edit removes or changes ${removed} and adds or changes ${added}.`], removed, added };
  const scenario = withPolicy(p.scenario, p.target, text);
  const results = evaluateRequests(scenario, p.goal.map((g) => g.request));
  return { ok: true, problems: [], removed, added, results, reached: goalHolds(p.goal, results) };
}

interface FixShape {
  topic: PracticeTopic;
  minLevel: Level;
  build(rng: Rng, signature: Signature): { scenario: Scenario; goal: GoalRequest[]; goalText: string; target: PolicyTarget; reference: FixPuzzle['reference']; template: string };
}

const PAIRS: [string, string][] = [
  ['kms:Encrypt', 'kms:Decrypt'],
  ['kms:Decrypt', 'kms:Encrypt'],
  ['kms:GenerateDataKey', 'kms:Decrypt'],
  ['kms:DescribeKey', 'kms:ScheduleKeyDeletion'],
  ['kms:Decrypt', 'kms:ScheduleKeyDeletion'],
  ['kms:Encrypt', 'kms:PutKeyPolicy'],
];
const OTHER_ACTIONS = ['kms:DescribeKey', 'kms:GetKeyPolicy', 'kms:ListGrants', 'kms:GenerateDataKey', 'kms:Encrypt', 'kms:Decrypt'];

const req = (principal: string, action: string, extra: Partial<ScenarioRequest> = {}): ScenarioRequest => ({ principal, action, resource: KEY, ...extra });
const g = (request: ScenarioRequest, want: 'Allow' | 'Deny', label: string, id: string): GoalRequest => ({ request: { id, ...request }, want, label });
const base = (keyName: (typeof KEY_NAMES)[number], keyPolicy: Statement[], principals: ScenarioPrincipal[], extra: Partial<Scenario> = {}): Scenario => ({
  format: 'kms-scenario/1',
  title: `Fix: ${keyName.alias}`,
  clock: EPOCH,
  defaultRegion: REGION,
  ...extra,
  principals,
  keys: [{ arn: KEY, description: keyName.description, policy: doc(keyPolicy, 'key-policy-1'), aliases: [keyName.alias] }],
});
const withRequests = (s: Scenario, goal: GoalRequest[]): Scenario => ({ ...s, requests: goal.map((x) => x.request) });

/** An Action element for a defect: both actions, neither, or only the wrong one. */
function defectActions(rng: Rng, a1: string, a2: string, signature: Signature): string | string[] {
  if (signature === 'too-open') return rng.pick<string | string[]>(['kms:*', [a1, a2], [a2, a1]]);
  if (signature === 'both') return a2;
  return rng.pick(OTHER_ACTIONS.filter((x) => x !== a1 && x !== a2));
}


const SHAPES: FixShape[] = [
  {
    topic: 'iam-policies',
    minLevel: 1,
    build(rng, signature) {
      const keyName = rng.pick(KEY_NAMES);
      const caller = rng.pick(CALLERS);
      const [a1, a2] = rng.pick(PAIRS);
      const sid = rng.pick(['UseTheKey', 'KmsAccess', 'AppKeyAccess']);
      const statement: Statement = { Sid: sid, Effect: 'Allow', Action: defectActions(rng, a1, a2, signature), Resource: KEY };
      const s = base(keyName, [enableIam()], [{ arn: caller, policies: [doc([statement])] }]);
      const goal = [g(req(caller, a1), 'Allow', `${shortName(caller)} calls ${a1}`, 'must-allow'), g(req(caller, a2), 'Deny', `${shortName(caller)} calls ${a2}`, 'must-deny')];
      return {
        template: 'iam-allow-one',
        scenario: withRequests(s, goal),
        goal,
        goalText: `Change one statement of the IAM policy of ${shortName(caller)} so that it can call ${a1} on the ${keyName.description} key but not ${a2}.`,
        target: { kind: 'identity', principal: caller, index: 0 },
        reference: { statementIndex: 0, statement: { Sid: sid, Effect: 'Allow', Action: a1, Resource: KEY } },
      };
    },
  },
  {
    topic: 'iam-policies',
    minLevel: 1,
    build(rng, signature) {
      const keyName = rng.pick(KEY_NAMES);
      const adminAction = rng.pick(['kms:ScheduleKeyDeletion', 'kms:DisableKey', 'kms:PutKeyPolicy']);
      const use = rng.pick(['kms:Decrypt', 'kms:Encrypt', 'kms:GenerateDataKey']);
      const action = signature === 'too-open' ? 'kms:*' : signature === 'both' ? ['kms:Encrypt', 'kms:Decrypt', 'kms:GenerateDataKey*', 'kms:DescribeKey'] : ['kms:Describe*', 'kms:List*'];
      const admin: Statement = { Sid: 'Allow access for Key Administrators', Effect: 'Allow', Principal: { AWS: KEY_ADMIN }, Action: action, Resource: '*' };
      const fixed: Statement = { ...admin, Action: ['kms:Create*', 'kms:Describe*', 'kms:Enable*', 'kms:List*', 'kms:Put*', 'kms:Update*', 'kms:Revoke*', 'kms:Disable*', 'kms:Get*', 'kms:Delete*', 'kms:ScheduleKeyDeletion', 'kms:CancelKeyDeletion'] };
      const s = base(keyName, [enableIam(), admin], [{ arn: KEY_ADMIN }]);
      const goal = [g(req(KEY_ADMIN, adminAction), 'Allow', `role/keyadmin calls ${adminAction}`, 'admin-manages'), g(req(KEY_ADMIN, use), 'Deny', `role/keyadmin calls ${use}`, 'admin-cannot-use')];
      return {
        template: 'key-admin-separation',
        scenario: withRequests(s, goal),
        goal,
        goalText: `Role separation: change one statement of the key policy so that role/keyadmin can call ${adminAction} on the ${keyName.description} key but cannot use it (${use}).`,
        target: { kind: 'key-policy', key: KEY },
        reference: { statementIndex: 1, statement: fixed as unknown as Record<string, unknown> },
      };
    },
  },
  {
    topic: 'key-policy',
    minLevel: 1,
    build(rng, signature) {
      const keyName = rng.pick(KEY_NAMES);
      const [caller, other] = rng.sample(CALLERS, 2);
      const action = rng.pick(['kms:Decrypt', 'kms:Encrypt', 'kms:GenerateDataKey']);
      const admin: Statement = { Sid: 'Allow access for Key Administrators', Effect: 'Allow', Principal: { AWS: KEY_ADMIN }, Action: ['kms:Describe*', 'kms:Put*', 'kms:ScheduleKeyDeletion'], Resource: '*' };
      const wrong: Statement | undefined =
        signature === 'too-open'
          ? { Sid: 'Allow use of the key', Effect: 'Allow', Principal: { AWS: '*' }, Action: action, Resource: '*' }
          : signature === 'both'
            ? { Sid: 'Allow use of the key', Effect: 'Allow', Principal: { AWS: other }, Action: action, Resource: '*' }
            : rng.chance(0.5)
              ? undefined
              : { Sid: 'Allow use of the key', Effect: 'Allow', Principal: { AWS: caller }, Action: 'kms:DescribeKey', Resource: '*' };
      const kp = wrong ? [admin, wrong] : [admin];
      const s = base(keyName, kp, [{ arn: caller, policies: [doc([{ Sid: 'UseTheKey', Effect: 'Allow', Action: action, Resource: KEY }])] }, { arn: other }]);
      const goal = [g(req(caller, action), 'Allow', `${shortName(caller)} calls ${action} (its IAM policy allows it)`, 'caller-allowed'), g(req(other, action), 'Deny', `${shortName(other)} calls ${action} (no IAM policy)`, 'other-denied')];
      return {
        template: 'trust-the-account',
        scenario: withRequests(s, goal),
        goal,
        goalText: `${shortName(caller)} has an IAM policy that allows ${action} on the ${keyName.description} key, ${shortName(other)} has none. Change one statement of the key policy so that ${shortName(caller)} can call ${action} and ${shortName(other)} cannot.`,
        target: { kind: 'key-policy', key: KEY },
        reference: { statementIndex: wrong ? 1 : null, statement: enableIam() as unknown as Record<string, unknown> },
      };
    },
  },
  {
    topic: 'encryption-context',
    minLevel: 2,
    build(rng, signature) {
      const keyName = rng.pick(KEY_NAMES);
      const caller = rng.pick(CALLERS);
      const [dept, other] = rng.sample(DEPARTMENTS, 2);
      const action = rng.pick(['kms:Decrypt', 'kms:GenerateDataKey', 'kms:Encrypt']);
      const st: Statement = {
        Sid: 'UseForOneDepartment',
        Effect: 'Allow',
        Action: action,
        Resource: KEY,
        ...(signature === 'too-open' ? {} : { Condition: { StringEquals: { [signature === 'both' ? 'kms:EncryptionContext:dept' : 'kms:EncryptionContext:project']: signature === 'both' ? other : dept } } }),
      };
      const s = base(keyName, [enableIam()], [{ arn: caller, policies: [doc([st])] }]);
      const goal = [
        g(req(caller, action, { encryptionContext: { dept } }), 'Allow', `${shortName(caller)} calls ${action} with {dept: ${dept}}`, 'own-dept'),
        g(req(caller, action, { encryptionContext: { dept: other } }), 'Deny', `${shortName(caller)} calls ${action} with {dept: ${other}}`, 'other-dept'),
        g(req(caller, action), 'Deny', `${shortName(caller)} calls ${action} with no encryption context`, 'no-context'),
      ];
      return {
        template: 'context-only',
        scenario: withRequests(s, goal),
        goal,
        goalText: `Change one statement of the IAM policy of ${shortName(caller)} so that it can call ${action} on the ${keyName.description} key only with the encryption context {dept: ${dept}}.`,
        target: { kind: 'identity', principal: caller, index: 0 },
        reference: { statementIndex: 0, statement: { Sid: 'UseForOneDepartment', Effect: 'Allow', Action: action, Resource: KEY, Condition: { StringEquals: { 'kms:EncryptionContext:dept': dept } } } },
      };
    },
  },
  {
    topic: 'via-service',
    minLevel: 2,
    build(rng, signature) {
      const keyName = rng.pick(KEY_NAMES);
      const caller = rng.pick(CALLERS);
      const [svc, otherSvc] = rng.sample(SERVICES, 2);
      const action = rng.pick(['kms:Decrypt', 'kms:GenerateDataKey']);
      const cond: Statement['Condition'] =
        signature === 'too-open' ? undefined : signature === 'both' ? { StringNotEquals: { 'kms:ViaService': serviceHost(svc) } } : { StringEquals: { 'kms:ViaService': serviceHost(otherSvc) } };
      const st: Statement = { Sid: 'OnlyThroughTheService', Effect: 'Allow', Action: action, Resource: KEY, ...(cond ? { Condition: cond } : {}) };
      const s = base(keyName, [enableIam()], [{ arn: caller, policies: [doc([st])] }]);
      const goal = [
        g(req(caller, action, { context: { 'kms:ViaService': serviceHost(svc) } }), 'Allow', `${shortName(caller)} calls ${action} through ${SERVICE_NAMES[svc]}`, 'through-service'),
        g(req(caller, action), 'Deny', `${shortName(caller)} calls ${action} directly`, 'direct'),
      ];
      return {
        template: 'via-service-only',
        scenario: withRequests(s, goal),
        goal,
        goalText: `Change one statement of the IAM policy of ${shortName(caller)} so that it can call ${action} on the ${keyName.description} key only through ${SERVICE_NAMES[svc]}, never directly.`,
        target: { kind: 'identity', principal: caller, index: 0 },
        reference: { statementIndex: 0, statement: { Sid: 'OnlyThroughTheService', Effect: 'Allow', Action: action, Resource: KEY, Condition: { StringEquals: { 'kms:ViaService': serviceHost(svc) } } } },
      };
    },
  },
  {
    topic: 'cross-account',
    minLevel: 2,
    build(rng, signature) {
      const keyName = rng.pick(KEY_NAMES);
      const outsider = role('contractor', OUTSIDE_ACCOUNT);
      const action = rng.pick(['kms:Decrypt', 'kms:Encrypt', 'kms:GenerateDataKey']);
      const wrongWho = signature === 'too-open' ? '*' : signature === 'both' ? `arn:aws:iam::${OUTSIDE_ACCOUNT}:root` : `arn:aws:iam::${OTHER_ACCOUNT}:root`;
      const wrongAction = signature === 'too-closed' ? 'kms:DescribeKey' : action;
      const st: Statement = { Sid: 'Allow the partner account', Effect: 'Allow', Principal: { AWS: wrongWho }, Action: wrongAction, Resource: '*' };
      const iam = (a: string) => [doc([{ Sid: 'UsePartnerKey', Effect: 'Allow', Action: a, Resource: KEY }])];
      const s = base(keyName, [enableIam(), st], [{ arn: PARTNER, policies: iam(action) }, { arn: outsider, policies: iam(action) }]);
      const alias = `arn:aws:kms:${REGION}:${ACCOUNT}:${keyName.alias}`;
      const goal = [
        g(req(PARTNER, action, { keyIdAsSent: alias }), 'Allow', `${shortName(PARTNER)} calls ${action}`, 'partner'),
        g(req(outsider, action, { keyIdAsSent: alias }), 'Deny', `${shortName(outsider)} calls ${action}`, 'outsider'),
      ];
      return {
        template: 'partner-account',
        scenario: withRequests(s, goal),
        goal,
        goalText: `Both ${shortName(PARTNER)} and ${shortName(outsider)} have IAM policies allowing ${action} on the ${keyName.description} key. Change one statement of the key policy so that account ${OTHER_ACCOUNT} can use it and account ${OUTSIDE_ACCOUNT} cannot.`,
        target: { kind: 'key-policy', key: KEY },
        reference: { statementIndex: 1, statement: { Sid: 'Allow the partner account', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${OTHER_ACCOUNT}:root` }, Action: action, Resource: '*' } },
      };
    },
  },
  {
    topic: 'boundaries-sessions',
    minLevel: 3,
    build(rng, signature) {
      const keyName = rng.pick(KEY_NAMES);
      const caller = rng.pick(CALLERS);
      const [a1, a2] = rng.pick(PAIRS);
      const st: Statement = { Sid: 'KmsBoundary', Effect: 'Allow', Action: defectActions(rng, a1, a2, signature), Resource: '*' };
      const s = base(keyName, [enableIam()], [{ arn: caller, policies: [doc([{ Sid: 'AllKms', Effect: 'Allow', Action: 'kms:*', Resource: KEY }])], permissionsBoundary: doc([st]) }]);
      const goal = [g(req(caller, a1), 'Allow', `${shortName(caller)} calls ${a1}`, 'must-allow'), g(req(caller, a2), 'Deny', `${shortName(caller)} calls ${a2}`, 'must-deny')];
      return {
        template: 'boundary-caps',
        scenario: withRequests(s, goal),
        goal,
        goalText: `${shortName(caller)}'s IAM policy allows kms:* on the key. Change one statement of its permissions boundary so that it can call ${a1} but not ${a2}.`,
        target: { kind: 'boundary', principal: caller },
        reference: { statementIndex: 0, statement: { Sid: 'KmsBoundary', Effect: 'Allow', Action: a1, Resource: '*' } },
      };
    },
  },
  {
    topic: 'guardrails',
    minLevel: 3,
    build(rng, signature) {
      const keyName = rng.pick(KEY_NAMES);
      const caller = rng.pick(CALLERS);
      const [a1, a2] = rng.pick(PAIRS);
      const full = doc([{ Sid: 'FullAWSAccess', Effect: 'Allow', Action: '*', Resource: '*' }]);
      const st: Statement = { Sid: 'AllowListedKms', Effect: 'Allow', Action: defectActions(rng, a1, a2, signature), Resource: '*' };
      const s = base(keyName, [enableIam()], [{ arn: caller, policies: [doc([{ Sid: 'AllKms', Effect: 'Allow', Action: 'kms:*', Resource: KEY }])] }], {
        organization: { id: ORG_ID, scps: [[full], [doc([st])]] },
      });
      const goal = [g(req(caller, a1), 'Allow', `${shortName(caller)} calls ${a1}`, 'must-allow'), g(req(caller, a2), 'Deny', `${shortName(caller)} calls ${a2}`, 'must-deny')];
      return {
        template: 'scp-allow-list',
        scenario: withRequests(s, goal),
        goal,
        goalText: `Account ${ACCOUNT}'s SCP is an allow list. ${shortName(caller)}'s IAM policy allows kms:* on the key. Change one statement of the SCP so that ${shortName(caller)} can call ${a1} but not ${a2}.`,
        target: { kind: 'scp', level: 1, index: 0 },
        reference: { statementIndex: 0, statement: { Sid: 'AllowListedKms', Effect: 'Allow', Action: a1, Resource: '*' } },
      };
    },
  },
];

export const FIX_TOPICS = (level: Level): PracticeTopic[] => [...new Set(SHAPES.filter((s) => s.minLevel <= level).map((s) => s.topic))];

/** The reference change applied to a puzzle's target policy. */
export function referenceText(p: Pick<FixPuzzle, 'scenario' | 'target' | 'reference'>): string {
  const d = structuredClone(policyAt(p.scenario, p.target));
  const statements = [d.Statement].flat() as unknown[];
  if (p.reference.statementIndex === null) statements.push(p.reference.statement);
  else statements[p.reference.statementIndex] = p.reference.statement;
  return JSON.stringify({ ...d, Statement: statements }, null, 2);
}

/** A Fix puzzle for `topic` whose goal the engine finds broken in the `signature` way, and reached by the reference. */
export function buildFix(rng: Rng, level: Level, topic: PracticeTopic, signature: Signature): Omit<FixPuzzle, 'code' | 'level' | 'seed' | 'kind' | 'title' | 'prompt'> {
  const shapes = SHAPES.filter((s) => s.minLevel <= level && s.topic === topic);
  let last: Error | undefined;
  for (let attempt = 0; attempt < 12; attempt++) {
    const built = rng.pick(shapes).build(rng, signature);
    const before = evaluateRequests(built.scenario, built.goal.map((x) => x.request));
    if (signatureOf(built.goal, before) !== signature) {
      last = new Error(`${built.template}: the engine finds ${signatureOf(built.goal, before)}, not ${signature}`);
      continue;
    }
    const after = evaluateRequests(withPolicy(built.scenario, built.target, JSON.parse(referenceText(built))), built.goal.map((x) => x.request));
    if (!goalHolds(built.goal, after)) {
      last = new Error(`${built.template}: the reference change does not reach the goal`);
      continue;
    }
    return { topic, ...built };
  }
  throw last ?? new Error('no fix shape');
}
