// Small, readable policy worlds for Decide, Spot and Fix puzzles: one KMS key with an alias, one
// caller, and only the policies the level allows — key policy (with or without the root
// statement), the caller's IAM policy, grants, encryption-context and kms:ViaService conditions, a
// caller in another account, SCPs, RCPs, a permissions boundary, a session policy. A world is
// built from a recipe of random ingredients; which decision it reaches is the engine's business.
import type { Scenario, ScenarioGrant, ScenarioPrincipal, ScenarioRequest } from '@kms-lab/engine/scenario';
import { ACCOUNT, EPOCH, KEY_IDS, OTHER_ACCOUNT, REGION, enableIam, keyArn, role, user, type Statement } from '../lessons/author';
import type { Level, PracticeTopic } from './model';
import type { Rng } from './rng';

export const OUTSIDE_ACCOUNT = '777788889999';
export const ORG_ID = 'o-a1b2c3d4e5';
export const KEY = keyArn(KEY_IDS.a);
export const OTHER_KEY = keyArn(KEY_IDS.b);

/** Keys by what they protect: the alias and the description go together. */
export const KEY_NAMES = [
  { alias: 'alias/reports', description: 'monthly reports' },
  { alias: 'alias/payroll', description: 'payroll exports' },
  { alias: 'alias/orders', description: 'order records' },
  { alias: 'alias/backups', description: 'database backups' },
  { alias: 'alias/invoices', description: 'customer invoices' },
] as const;

export const CALLERS = [role('etl'), role('analyst'), role('app'), role('auditor'), user('bob'), user('alice')] as const;
export const KEY_ADMIN = role('keyadmin');
export const PARTNER = role('partner-etl', OTHER_ACCOUNT);
export const DEPARTMENTS = ['finance', 'hr', 'sales'] as const;
export const SERVICES = ['s3', 'dynamodb', 'secretsmanager'] as const;
export const serviceHost = (s: string) => `${s}.${REGION}.amazonaws.com`;
export const SERVICE_NAMES: Record<string, string> = { s3: 'Amazon S3', dynamodb: 'Amazon DynamoDB', secretsmanager: 'AWS Secrets Manager' };

/** Actions a caller asks for, by level (KMS's own names). */
export const REQUEST_ACTIONS: Record<Level, string[]> = {
  1: ['kms:Decrypt', 'kms:Encrypt', 'kms:GenerateDataKey', 'kms:DescribeKey', 'kms:ScheduleKeyDeletion'],
  2: ['kms:Decrypt', 'kms:Encrypt', 'kms:GenerateDataKey', 'kms:DescribeKey', 'kms:ScheduleKeyDeletion', 'kms:ReEncryptFrom'],
  3: ['kms:Decrypt', 'kms:Encrypt', 'kms:GenerateDataKey', 'kms:DescribeKey', 'kms:ScheduleKeyDeletion', 'kms:PutKeyPolicy'],
};
/** Action elements a statement may carry: exact names and the wildcards people write. */
const ACTION_PATTERNS = ['kms:Decrypt', 'kms:Encrypt', 'kms:GenerateDataKey', 'kms:GenerateDataKey*', 'kms:DescribeKey', 'kms:Describe*', 'kms:ReEncrypt*', 'kms:ScheduleKeyDeletion', 'kms:PutKeyPolicy', 'kms:*'];
const ADMIN_ACTIONS = ['kms:Describe*', 'kms:Put*', 'kms:Enable*', 'kms:Disable*', 'kms:ScheduleKeyDeletion', 'kms:CancelKeyDeletion'];

/** A short, readable name for a principal: role/etl, user/bob, role/partner-etl in 444455556666. */
export function shortName(arn: string): string {
  const session = /^arn:aws:sts::(\d{12}):assumed-role\/([^/]+)\/(.+)$/.exec(arn);
  if (session) return `the session ${session[2]}/${session[3]} of role/${session[2]}`;
  const m = /^arn:aws:iam::(\d{12}):(.+)$/.exec(arn);
  if (!m) return arn;
  return m[1] === ACCOUNT ? m[2] : `${m[2]} in account ${m[1]}`;
}

const sidOf = (text: string) => text.replace(/[^A-Za-z0-9]/g, '');

/** A set of actions: including `action` (when `include`) or leaving it out, 1 to 3 entries. */
function actionSet(rng: Rng, action: string, include: boolean): string[] {
  const matches = (p: string) => (p.endsWith('*') ? action.startsWith(p.slice(0, -1)) : p === action);
  const pool = ACTION_PATTERNS.filter((p) => (include ? true : !matches(p)));
  const chosen = rng.sample(pool, 1 + rng.int(2)).filter((p) => include || !matches(p));
  if (include && !chosen.some(matches)) chosen.push(rng.chance(0.7) ? action : ACTION_PATTERNS.find(matches) ?? action);
  return [...new Set(chosen)];
}

const one = (a: string[]): string | string[] => (a.length === 1 ? a[0] : a);

/** What a world is made of. */
export interface Recipe {
  topic: PracticeTopic;
  level: Level;
  keyName: (typeof KEY_NAMES)[number];
  caller: string;
  action: string;
  viaAlias: boolean;
  context?: Record<string, string>;
  viaService?: string;
  keyPolicy: Statement[];
  identity: Statement[];
  boundary?: Statement[];
  sessionPolicy?: Statement[];
  grants: ScenarioGrant[];
  scps?: Statement[][];
  rcps?: Statement[][];
  /** Accounts outside the organization. */
  outsideOrg: string[];
}

/** Hints that make an outcome likelier (the engine still decides it). */
export interface Hints {
  deny: number;
  allow: number;
  /** Odds of the root statement, of a key-policy statement naming the caller. */
  root?: number;
  named?: number;
}

function condition(rng: Rng, kind: 'ec' | 'via'): NonNullable<Statement['Condition']> {
  if (kind === 'ec') return { StringEquals: { 'kms:EncryptionContext:dept': rng.pick(DEPARTMENTS) } };
  return { StringEquals: { 'kms:ViaService': serviceHost(rng.pick(SERVICES)) } };
}

/** A random world for `topic` at `level` (the topic's ingredient is always in it). */
export function randomRecipe(rng: Rng, level: Level, topic: PracticeTopic, hints: Hints): Recipe {
  const keyName = rng.pick(KEY_NAMES);
  const action = rng.pick(REQUEST_ACTIONS[level]);
  const cross = topic === 'cross-account' || (level >= 2 && topic !== 'boundaries-sessions' && rng.chance(0.12));
  const session = topic === 'boundaries-sessions' ? rng.chance(0.5) : level >= 3 && !cross && rng.chance(0.1);
  const roleName = rng.pick(['etl', 'analyst', 'app', 'reporting']);
  const caller = cross ? PARTNER : session ? `arn:aws:sts::${ACCOUNT}:assumed-role/${roleName}/${rng.pick(['nightly', 'jane', 'batch-42'])}` : rng.pick(CALLERS);
  const callerInKeyPolicy = session ? role(roleName) : caller;
  const ecTopic = topic === 'encryption-context' || (level >= 2 && rng.chance(0.15));
  const viaTopic = topic === 'via-service' || (level >= 2 && rng.chance(0.12));
  const condKind = (): 'ec' | 'via' | undefined => (ecTopic && viaTopic ? rng.pick(['ec', 'via'] as const) : ecTopic ? 'ec' : viaTopic ? 'via' : undefined);

  const keyPolicy: Statement[] = [];
  const root = rng.chance(hints.root ?? (topic === 'key-policy' ? 0.5 : 0.7));
  if (root) keyPolicy.push(enableIam());
  if (rng.chance(0.3)) keyPolicy.push({ Sid: 'Allow access for Key Administrators', Effect: 'Allow', Principal: { AWS: KEY_ADMIN }, Action: ADMIN_ACTIONS, Resource: '*' });
  if (cross) {
    if (rng.chance(hints.named ?? 0.75) || rng.chance(0.5)) {
      const who = rng.chance(0.5) ? `arn:aws:iam::${OTHER_ACCOUNT}:root` : PARTNER;
      const c = condKind();
      keyPolicy.push({
        Sid: 'Allow use by the partner account',
        Effect: 'Allow',
        Principal: { AWS: who },
        Action: one(actionSet(rng, action, rng.chance(hints.allow))),
        Resource: '*',
        ...(c && rng.chance(0.6) ? { Condition: condition(rng, c) } : {}),
      });
    }
  } else if (rng.chance(hints.named ?? (topic === 'key-policy' ? 0.6 : 0.35))) {
    const c = condKind();
    keyPolicy.push({
      Sid: 'Allow use of the key',
      Effect: 'Allow',
      Principal: { AWS: callerInKeyPolicy },
      Action: one(actionSet(rng, action, rng.chance(hints.allow))),
      Resource: '*',
      ...(c && rng.chance(0.5) ? { Condition: condition(rng, c) } : {}),
    });
  }
  if (rng.chance(hints.deny * 0.5)) {
    const c = condKind();
    keyPolicy.push({
      Sid: rng.pick(['Deny everyone else', 'Protect the key', 'Deny outside use']),
      Effect: 'Deny',
      Principal: { AWS: rng.chance(0.5) ? '*' : callerInKeyPolicy },
      Action: one(actionSet(rng, action, rng.chance(0.6))),
      Resource: '*',
      ...(c === 'ec' && rng.chance(0.5)
        ? { Condition: { StringNotEquals: { 'kms:EncryptionContext:dept': rng.pick(DEPARTMENTS) } } }
        : c === 'via' && rng.chance(0.5)
          ? { Condition: { StringNotEquals: { 'kms:ViaService': serviceHost(rng.pick(SERVICES)) } } }
          : {}),
    });
  }
  if (!keyPolicy.length) keyPolicy.push({ Sid: 'Allow access for Key Administrators', Effect: 'Allow', Principal: { AWS: KEY_ADMIN }, Action: ADMIN_ACTIONS, Resource: '*' });

  const identity: Statement[] = [];
  if (rng.chance(cross ? 0.85 : 0.8)) {
    const c = condKind();
    const resource = rng.chance(0.15) ? OTHER_KEY : rng.chance(0.3) ? '*' : KEY;
    identity.push({
      Sid: sidOf(`Use ${keyName.alias.slice(6)} key`),
      Effect: 'Allow',
      Action: one(actionSet(rng, action, rng.chance(hints.allow))),
      Resource: resource,
      ...(c && rng.chance(0.5) ? { Condition: condition(rng, c) } : {}),
    });
  }
  if (rng.chance(hints.deny * 0.4)) {
    identity.push({ Sid: rng.pick(['NoKeyDeletion', 'DenyRisky', 'GuardKeys']), Effect: 'Deny', Action: one(actionSet(rng, action, rng.chance(0.6))), Resource: rng.chance(0.5) ? '*' : KEY });
  }

  const grants: ScenarioGrant[] = [];
  if (topic === 'grants' || (level >= 2 && rng.chance(0.12))) {
    const ops = rng.sample(['Decrypt', 'Encrypt', 'GenerateDataKey', 'DescribeKey', 'ReEncryptFrom'], 1 + rng.int(2));
    const op = action.replace(/^kms:/, '');
    if (rng.chance(hints.allow) && !ops.includes(op) && ['Decrypt', 'Encrypt', 'GenerateDataKey', 'DescribeKey', 'ReEncryptFrom'].includes(op)) ops.push(op);
    const grantee = rng.chance(0.8) ? caller : rng.pick(CALLERS.filter((c) => c !== caller));
    grants.push({
      grantId: `${rng.pick(['a', 'b', 'c', 'd'])}${(rng.int(0xffffff) + 0x100000).toString(16)}`,
      name: rng.pick(['nightly-export', 'batch-job', 'report-reader']),
      granteePrincipal: grantee,
      operations: ops as ScenarioGrant['operations'],
      ...(rng.chance(0.5) ? { constraints: { [rng.pick(['encryptionContextSubset', 'encryptionContextEquals'])]: { dept: rng.pick(DEPARTMENTS) } } } : {}),
    });
  }

  let boundary: Statement[] | undefined;
  let sessionPolicy: Statement[] | undefined;
  if (topic === 'boundaries-sessions' || (level >= 3 && rng.chance(0.12))) {
    const st: Statement = { Sid: session ? 'SessionScope' : 'BoundaryForKms', Effect: 'Allow', Action: one(actionSet(rng, action, rng.chance(0.5))), Resource: '*' };
    if (session && rng.chance(0.6)) sessionPolicy = [st];
    else boundary = [st];
  }

  let scps: Statement[][] | undefined;
  let rcps: Statement[][] | undefined;
  const outsideOrg: string[] = [];
  if (topic === 'guardrails' || (level >= 3 && rng.chance(0.12))) {
    const full: Statement = { Sid: 'FullAWSAccess', Effect: 'Allow', Action: '*', Resource: '*' };
    const style = rng.pick(['scp-deny', 'scp-allowlist', 'rcp'] as const);
    if (style === 'scp-deny') scps = [[full], [{ Sid: 'DenyKmsChanges', Effect: 'Deny', Action: one(actionSet(rng, action, rng.chance(0.5))), Resource: '*' }]];
    else if (style === 'scp-allowlist') scps = [[full], [{ Sid: 'AllowListedKms', Effect: 'Allow', Action: one(actionSet(rng, action, rng.chance(0.5))), Resource: '*' }]];
    else {
      rcps = [[{
        Sid: 'EnforceIdentityPerimeter',
        Effect: 'Deny',
        Principal: '*',
        Action: 'kms:*',
        Resource: '*',
        Condition: { StringNotEqualsIfExists: { 'aws:PrincipalOrgID': ORG_ID }, BoolIfExists: { 'aws:PrincipalIsAWSService': 'false' } },
      } as Statement]];
      if (cross && rng.chance(0.6)) outsideOrg.push(OTHER_ACCOUNT);
    }
  }

  let context: Record<string, string> | undefined;
  const worldUsesEc = JSON.stringify([keyPolicy, identity, grants]).includes('dept');
  if (worldUsesEc ? rng.chance(0.75) : rng.chance(0.1)) context = { dept: rng.pick(DEPARTMENTS) };
  const worldUsesVia = JSON.stringify([keyPolicy, identity]).includes('kms:ViaService');
  const viaService = worldUsesVia && rng.chance(0.65) ? rng.pick(SERVICES) : undefined;
  return {
    topic,
    level,
    keyName,
    caller,
    action,
    viaAlias: rng.chance(0.6),
    context,
    viaService,
    keyPolicy,
    identity,
    boundary,
    sessionPolicy,
    grants,
    scps,
    rcps,
    outsideOrg,
  };
}

const doc = (statements: Statement[], id?: string) => ({ Version: '2012-10-17', ...(id ? { Id: id } : {}), Statement: statements });

/** The caller's request, as a scenario request. */
export function requestOf(r: Pick<Recipe, 'caller' | 'action' | 'viaAlias' | 'context' | 'viaService' | 'keyName'>, id = 'question'): ScenarioRequest {
  return {
    id,
    principal: r.caller,
    action: r.action,
    resource: KEY,
    ...(r.viaAlias ? { keyIdAsSent: r.caller.includes(`::${ACCOUNT}:`) ? r.keyName.alias : `arn:aws:kms:${REGION}:${ACCOUNT}:${r.keyName.alias}` } : {}),
    ...(r.context ? { encryptionContext: { ...r.context } } : {}),
    ...(r.viaService ? { context: { 'kms:ViaService': serviceHost(r.viaService) } } : {}),
  };
}

/** The recipe as a kms-scenario/1 document, with `requests`. */
export function scenarioOf(r: Recipe, requests: ScenarioRequest[], title: string): Scenario {
  const principal: ScenarioPrincipal = {
    arn: r.caller,
    ...(r.identity.length ? { policies: [doc(r.identity)] } : {}),
    ...(r.boundary ? { permissionsBoundary: doc(r.boundary) } : {}),
    ...(r.sessionPolicy ? { sessionPolicy: doc(r.sessionPolicy) } : {}),
  };
  const org = r.scps || r.rcps;
  return {
    format: 'kms-scenario/1',
    title,
    clock: EPOCH,
    defaultRegion: REGION,
    ...(org
      ? {
          organization: {
            id: ORG_ID,
            ...(r.scps ? { scps: r.scps.map((level) => level.map((s) => doc([s]))) } : {}),
            ...(r.rcps ? { rcps: r.rcps.map((level) => level.map((s) => doc([s]))) } : {}),
          },
        }
      : {}),
    ...(org && r.outsideOrg.length ? { accounts: r.outsideOrg.map((id) => ({ id, name: 'partner', inOrganization: false })) } : {}),
    principals: [principal],
    keys: [
      {
        arn: KEY,
        description: r.keyName.description,
        policy: doc(r.keyPolicy, 'key-policy-1'),
        aliases: [r.keyName.alias],
        ...(r.grants.length ? { grants: r.grants } : {}),
      },
    ],
    requests,
  };
}

/** The question's words: who asks for what, on which key, with which context, through which service. */
export function requestWords(req: ScenarioRequest, keyName: Recipe['keyName']): string {
  const key = req.keyIdAsSent ? `\`${req.keyIdAsSent}\`` : `the ${keyName.description} key (\`${keyName.alias}\`, named by its key ARN)`;
  const ec = req.encryptionContext ? ` with encryption context {${Object.entries(req.encryptionContext).map(([k, v]) => `${k}: ${v}`).join(', ')}}` : ' with no encryption context';
  const needsEc = /Decrypt|Encrypt|GenerateDataKey|ReEncrypt/.test(req.action);
  const via = req.context?.['kms:ViaService'];
  const service = typeof via === 'string' ? `, through ${SERVICE_NAMES[via.split('.')[0]] ?? via}` : '';
  return `\`${shortName(req.principal)}\` calls ${req.action} on ${key}${needsEc ? ec : ''}${service}`;
}
