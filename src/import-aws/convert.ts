// Saved AWS CLI outputs → one kms-scenario/1 document (docs/aws-import.md). The mapping, rule by rule:
// - IAM (`aws iam get-account-authorization-details`): every user and role is a principal, with or
//   without policies. A principal's policies are its inline policies and the default version of each
//   managed policy attached to it; a user also gets the inline and attached policies of every group
//   in its GroupList. Permissions boundaries (a managed policy's default version) and tags come along.
// - KMS (per region and key: describe-key, get-key-policy, list-grants, list-resource-tags; per
//   region: list-aliases): each key keeps its ARN, spec, usage, manager (AWS managed keys stay AWS
//   managed), origin, state, description, multi-Region flag, key policy, aliases, tags and grants. AWS
//   managed aliases with no TargetKeyId (AWS has not created that service's key yet) are skipped.
//   Keys get fresh key material in the lab: the real material never leaves AWS.
// - Organizations (describe-organization, list-roots, describe-policy, list-targets-for-policy): SCPs
//   and RCPs attached to the root and to the exported account become the root level and the account
//   level. They do not apply to the management account. A policy attached to an OU is reported: the
//   export does not say which OUs the account sits in.
// Anything that cannot be placed is reported with its file and path, never dropped silently.
import { validatePolicy, type PolicyKind } from '@kms-lab/engine/policy';
import {
  ACCOUNT_ID_PATTERN,
  ALIAS_NAME_PATTERN,
  GRANT_OPERATIONS,
  KEY_ARN_PATTERN,
  KEY_SPECS,
  PRINCIPAL_PATTERN,
  REGION_PATTERN,
  type Scenario,
  type ScenarioGrant,
  type ScenarioKey,
  type ScenarioPolicyEntry,
  type ScenarioPrincipal,
} from '@kms-lab/engine/scenario';
import { dataRecord, ExportError, list, MAX_POLICY_CHARS, Node, parseJsonFile } from './read';

/** Something in the export the scenario does not hold, or holds differently: where it is and why. */
export interface ImportNote {
  /** The file, relative to the export's folder (`kms/us-east-1/…/list-grants.json`). */
  file: string;
  /** Where in the file (`UserDetailList[2].Tags[0]`), '' for the whole file. */
  path: string;
  message: string;
  /** `warning`: left out or changed, so a decision may differ from AWS's; `info`: nothing lost that AWS would use. */
  severity: 'warning' | 'info';
}

export interface ImportSummary {
  accountId: string;
  users: number;
  roles: number;
  groups: number;
  managedPolicies: number;
  keys: number;
  aliases: number;
  grants: number;
  regions: string[];
  organizationId?: string;
  scps: number;
  rcps: number;
  managementAccount: boolean;
}

export interface AwsImport {
  scenario: Scenario;
  notes: ImportNote[];
  summary: ImportSummary;
}

export const IAM_FILE = 'iam/account-authorization-details.json';
export const ORG_FILE = 'organizations/describe-organization.json';
export const ROOTS_FILE = 'organizations/list-roots.json';
/** Written by scripts/collect-aws.sh: its own record of commands that failed. */
export const COLLECT_LOG = 'collect-errors.log';

const KEY_FILES = new Set(['describe-key.json', 'key-policy.json', 'list-grants.json', 'list-resource-tags.json']);

/** What a file of the export is, from its path (relative to the export's folder). */
export type ExportFileKind =
  | { kind: 'iam' }
  | { kind: 'aliases'; region: string }
  | { kind: 'key'; region: string; keyId: string; file: string }
  | { kind: 'organization' }
  | { kind: 'roots' }
  | { kind: 'org-policy'; policyId: string }
  | { kind: 'org-targets'; policyId: string }
  | { kind: 'collect-log' };

export function classify(path: string): ExportFileKind | undefined {
  if (path === IAM_FILE) return { kind: 'iam' };
  if (path === ORG_FILE) return { kind: 'organization' };
  if (path === ROOTS_FILE) return { kind: 'roots' };
  if (path === COLLECT_LOG) return { kind: 'collect-log' };
  let m = /^kms\/([^/]+)\/aliases\.json$/.exec(path);
  if (m) return { kind: 'aliases', region: m[1] };
  m = /^kms\/([^/]+)\/([^/]+)\/([^/]+)$/.exec(path);
  if (m && KEY_FILES.has(m[3])) return { kind: 'key', region: m[1], keyId: m[2], file: m[3] };
  m = /^organizations\/policies\/([^/]+)\.json$/.exec(path);
  if (m) return { kind: 'org-policy', policyId: m[1] };
  m = /^organizations\/targets\/([^/]+)\.json$/.exec(path);
  if (m) return { kind: 'org-targets', policyId: m[1] };
  return undefined;
}

/** Files a folder or zip may hold that are not part of the export and need no mention. */
const JUNK = /(^|\/)(\.DS_Store|Thumbs\.db|desktop\.ini)$|(^|\/)__MACOSX\//;

export interface ExportPlan {
  /** The folder inside the given tree that holds the export ('' or `my-export/`). */
  root: string;
  /** Paths (as given) to read, with their paths relative to the export. */
  read: { given: string; path: string }[];
  /** Paths the import does not read (reported). */
  ignored: string[];
}

/**
 * Finds the export in a list of paths (a dropped folder's files, a zip's entries): the folder that
 * holds `iam/` or `kms/<region>/aliases.json`, and the files in it the import reads.
 */
export function planExport(paths: readonly string[]): ExportPlan {
  const roots = new Set<string>();
  for (const p of paths) {
    const n = p.replace(/\\/g, '/');
    if (JUNK.test(n)) continue;
    const m = /^(.*?)(iam\/account-authorization-details\.json|kms\/[^/]+\/aliases\.json|kms\/[^/]+\/[^/]+\/describe-key\.json|organizations\/describe-organization\.json)$/.exec(n);
    if (m) roots.add(m[1]);
  }
  if (roots.size === 0)
    throw new ExportError(
      '(the export)',
      '',
      'no AWS export found: expected iam/account-authorization-details.json, kms/<region>/aliases.json or kms/<region>/<key-id>/describe-key.json (the folder scripts/collect-aws.sh writes)',
    );
  // The shallowest folder wins: a copy nested inside an export is not a second export.
  const sorted = [...roots].sort((a, b) => a.length - b.length);
  const root = sorted[0];
  const others = sorted.filter((r) => !r.startsWith(root) || r === root).filter((r) => r !== root);
  if (others.length) throw new ExportError('(the export)', '', `two exports side by side (${root || './'} and ${others[0]}): open one at a time`);
  const read: ExportPlan['read'] = [];
  const ignored: string[] = [];
  for (const given of paths) {
    const n = given.replace(/\\/g, '/');
    if (JUNK.test(n) || n.endsWith('/')) continue;
    if (!n.startsWith(root)) {
      ignored.push(n);
      continue;
    }
    const path = n.slice(root.length);
    if (classify(path)) read.push({ given, path });
    else ignored.push(path);
  }
  return { root, read, ignored };
}

// ---------------------------------------------------------------------------------------------

class Notes {
  readonly list: ImportNote[] = [];
  warn(file: string, path: string, message: string) {
    this.list.push({ file, path, message, severity: 'warning' });
  }
  info(file: string, path: string, message: string) {
    this.list.push({ file, path, message, severity: 'info' });
  }
}

type Doc = Record<string, unknown>;

/**
 * A policy document as the CLI prints it: a JSON object (the AWS CLI decodes IAM's documents), a
 * URL-encoded string (IAM's API form, RFC 3986, as other tools save it) or a string of JSON (KMS,
 * Organizations). Returns the object, or a reason it cannot be read.
 */
export function policyDocument(n: Node): Doc | string {
  const v = n.value;
  if (typeof v === 'object' && v !== null && !Array.isArray(v)) {
    const size = JSON.stringify(v).length;
    if (size > MAX_POLICY_CHARS) return `the document is ${size} characters; no AWS policy is longer than ${MAX_POLICY_CHARS}`;
    return v as Doc;
  }
  if (typeof v !== 'string') n.fail(`expected a policy document (a JSON object or a string), found ${v === null ? 'null' : Array.isArray(v) ? 'an array' : typeof v}`);
  let text = v.trim();
  if (text.length > MAX_POLICY_CHARS * 3) return `the document is ${text.length} characters; no AWS policy is that long`;
  if (!text.startsWith('{')) {
    try {
      text = decodeURIComponent(text).trim();
    } catch {
      return 'the document is neither JSON nor URL-encoded JSON (a bad %-escape)';
    }
  }
  if (text.length > MAX_POLICY_CHARS) return `the document is ${text.length} characters; no AWS policy is longer than ${MAX_POLICY_CHARS}`;
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (e) {
    return `the document is not valid JSON: ${(e as Error).message}`;
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return 'the document is not a JSON object';
  return parsed as Doc;
}

const KIND_WORDS: Record<PolicyKind, string> = {
  key: 'key policy',
  resource: 'resource policy',
  identity: 'identity policy',
  boundary: 'permissions boundary',
  session: 'session policy',
  scp: 'SCP',
  rcp: 'RCP',
};

/** The errors the lab's policy checker finds in a document (AWS accepted it, so these are rare). */
function policyErrors(doc: Doc | string, kind: PolicyKind): string | undefined {
  const errors = validatePolicy(doc, kind).filter((f) => f.severity === 'error');
  if (!errors.length) return undefined;
  return errors.map((f) => `${f.message} [${f.code}] (line ${f.range.start.line})`).join('; ');
}

/** Reads a document for a place in the scenario, or reports why it cannot go there. */
function readPolicy(n: Node, kind: PolicyKind, what: string, notes: Notes): Doc | undefined {
  const doc = policyDocument(n);
  if (typeof doc === 'string') {
    notes.warn(n.file, n.path, `${what} is not placed: ${doc}. Requests it would allow or deny are decided without it.`);
    return undefined;
  }
  const errors = policyErrors(doc, kind);
  if (errors) {
    notes.warn(n.file, n.path, `${what} is not placed: the lab cannot evaluate this ${KIND_WORDS[kind]}: ${errors}. Requests it would allow or deny are decided without it.`);
    return undefined;
  }
  return doc;
}

// ---------------------------------------------------------------------------------------------
// IAM

interface ManagedPolicy {
  arn: string;
  name: string;
  node: Node;
  /** Read on first use (a big account lists hundreds of policies; most matter to few principals). */
  doc?: Doc | null;
  docFor: Partial<Record<PolicyKind, Doc | null>>;
  used: boolean;
}

interface IamResult {
  principals: ScenarioPrincipal[];
  accountIds: Set<string>;
  users: number;
  roles: number;
  groups: number;
  managedPolicies: number;
}

function readTags(owner: Node, notes: Notes, what: string): Record<string, string> | undefined {
  const tags = list(owner, 'Tags');
  if (!tags.length) return undefined;
  const entries: [string, string][] = [];
  for (const t of tags) {
    const key = t.need('Key').string();
    const value = t.field('Value')?.string() ?? '';
    // The scenario's readers drop such keys (a JSON object key that names an object's prototype).
    if (key === '__proto__') {
      notes.warn(t.file, t.path, `the tag "${key}" of ${what} is not placed: kms-scenario/1 readers drop an object key named __proto__, so aws:PrincipalTag/${key} is missing in the lab`);
      continue;
    }
    entries.push([key, value]);
  }
  return entries.length ? dataRecord(entries) : undefined;
}

function convertIam(file: string, text: string, notes: Notes): IamResult {
  const root = new Node(file, '', parseJsonFile(file, text)).object();
  if (root.field('IsTruncated')?.value === true)
    notes.warn(file, 'IsTruncated', 'the output is one page of several (IsTruncated is true): users, roles, groups and policies on the other pages are missing. Save it without --max-items / --no-paginate.');
  const accountIds = new Set<string>();
  const accountOf = (arn: string) => arn.split(':')[4] ?? '';

  // Managed policies, by ARN: their default version is the one that counts.
  const managed = new Map<string, ManagedPolicy>();
  for (const p of list(root, 'Policies')) {
    const arn = p.need('Arn').string();
    const name = p.field('PolicyName')?.string() ?? arn.split('/').pop() ?? arn;
    if (managed.has(arn)) {
      notes.warn(file, p.path, `managed policy ${arn} is listed twice; the first is used`);
      continue;
    }
    managed.set(arn, { arn, name, node: p, docFor: {}, used: false });
    const acct = accountOf(arn);
    if (ACCOUNT_ID_PATTERN.test(acct)) accountIds.add(acct);
  }
  /** The default version's document of a managed policy, checked as `kind` (null: reported, not placed). */
  const managedDoc = (arn: string, kind: PolicyKind, where: Node, what: string): { name: string; doc: Doc } | null => {
    const m = managed.get(arn);
    if (!m) {
      notes.warn(where.file, where.path, `${what}: managed policy ${arn} is not in the export's Policies list, so it is not placed (was the output filtered with --filter?)`);
      return null;
    }
    m.used = true;
    if (m.docFor[kind] !== undefined) return m.docFor[kind] ? { name: m.name, doc: m.docFor[kind]! } : null;
    const versions = list(m.node, 'PolicyVersionList');
    const defaultId = m.node.field('DefaultVersionId')?.string();
    // Only the default version is in force; the others are kept by IAM for roll-back.
    const chosen = versions.find((v) => v.field('IsDefaultVersion')?.boolean() === true) ?? versions.find((v) => defaultId !== undefined && v.field('VersionId')?.string() === defaultId);
    let doc: Doc | null = null;
    if (!chosen) notes.warn(file, m.node.path, `managed policy ${m.name} has no default version in PolicyVersionList, so it is not placed anywhere`);
    else doc = readPolicy(chosen.need('Document'), kind, `the default version of managed policy ${m.name}`, notes) ?? null;
    m.docFor[kind] = doc;
    return doc ? { name: m.name, doc } : null;
  };
  const attached = (owner: Node, suffix: string, what: string): ScenarioPolicyEntry[] => {
    const out: ScenarioPolicyEntry[] = [];
    for (const a of list(owner, 'AttachedManagedPolicies')) {
      const got = managedDoc(a.need('PolicyArn').string(), 'identity', a, what);
      if (got) out.push({ name: `${got.name}${suffix}`, document: got.doc });
    }
    return out;
  };
  const inline = (owner: Node, listName: string, suffix: string, what: string): ScenarioPolicyEntry[] => {
    const out: ScenarioPolicyEntry[] = [];
    for (const p of list(owner, listName)) {
      const name = p.need('PolicyName').string();
      const doc = readPolicy(p.need('PolicyDocument'), 'identity', `inline policy ${name} of ${what}`, notes);
      if (doc) out.push({ name: `${name} (inline${suffix})`, document: doc });
    }
    return out;
  };

  // Groups: their policies reach their members.
  const groups = new Map<string, { policies: ScenarioPolicyEntry[] | undefined; node: Node; members: number }>();
  for (const g of list(root, 'GroupDetailList')) {
    const name = g.need('GroupName').string();
    const arn = g.field('Arn')?.string();
    if (arn && ACCOUNT_ID_PATTERN.test(accountOf(arn))) accountIds.add(accountOf(arn));
    groups.set(name, { policies: undefined, node: g, members: 0 });
  }
  const groupPolicies = (name: string): ScenarioPolicyEntry[] | undefined => {
    const g = groups.get(name);
    if (!g) return undefined;
    g.members++;
    g.policies ??= [...inline(g.node, 'GroupPolicyList', `, group ${name}`, `group ${name}`), ...attached(g.node, ` (group ${name})`, `group ${name}`)];
    return g.policies;
  };

  const principals: ScenarioPrincipal[] = [];
  const seen = new Set<string>();
  const principal = (n: Node, type: 'user' | 'role') => {
    const arn = n.need('Arn').string();
    const name = n.field(type === 'user' ? 'UserName' : 'RoleName')?.string() ?? arn;
    const what = `${type} ${name}`;
    if (!PRINCIPAL_PATTERN.test(arn) || !arn.includes(`:${type}/`)) {
      notes.warn(file, `${n.path}.Arn`, `${what} is not placed: ${JSON.stringify(arn)} is not an IAM ${type} ARN`);
      return;
    }
    if (seen.has(arn)) {
      notes.warn(file, n.path, `${what} (${arn}) is listed twice; the first is used`);
      return;
    }
    seen.add(arn);
    accountIds.add(accountOf(arn));
    const listName = type === 'user' ? 'UserPolicyList' : 'RolePolicyList';
    const policies: ScenarioPolicyEntry[] = [...inline(n, listName, '', what), ...attached(n, '', what)];
    if (type === 'user') {
      for (const g of n.field('GroupList')?.items() ?? []) {
        const groupName = g.string();
        const got = groupPolicies(groupName);
        if (got) policies.push(...got);
        else notes.warn(file, g.path, `user ${name} is in group ${groupName}, which is not in GroupDetailList: that group's policies are not placed`);
      }
    }
    const p: ScenarioPrincipal = { arn, ...(policies.length ? { policies } : {}) };
    const boundary = n.field('PermissionsBoundary');
    if (boundary) {
      const barn = boundary.need('PermissionsBoundaryArn').string();
      const got = managedDoc(barn, 'boundary', boundary, `the permissions boundary of ${what}`);
      if (got) p.permissionsBoundary = { name: got.name, document: got.doc };
      else notes.warn(file, boundary.path, `${what} has a permissions boundary that is not placed, so the lab evaluates ${name} without one (AWS would also require the boundary to allow)`);
    }
    const tags = readTags(n, notes, what);
    if (tags) p.tags = tags;
    principals.push(p);
  };
  const users = list(root, 'UserDetailList');
  const roles = list(root, 'RoleDetailList');
  for (const u of users) principal(u, 'user');
  for (const r of roles) principal(r, 'role');

  const trust = roles.filter((r) => r.field('AssumeRolePolicyDocument')).length;
  if (trust)
    notes.info(file, 'RoleDetailList', `${trust} role trust polic${trust === 1 ? 'y is' : 'ies are'} not represented: the lab acts as a role directly, without sts:AssumeRole`);
  for (const [name, g] of groups)
    if (!g.members && (list(g.node, 'GroupPolicyList').length || list(g.node, 'AttachedManagedPolicies').length))
      notes.info(file, g.node.path, `group ${name} has no members in the export: its policies reach no one`);
  return { principals, accountIds, users: users.length, roles: roles.length, groups: groups.size, managedPolicies: [...managed.values()].filter((m) => m.used).length };
}

// ---------------------------------------------------------------------------------------------
// KMS

interface KeyFiles {
  region: string;
  keyId: string;
  files: Map<string, { path: string; text: string }>;
}

const KEY_STATES = new Set(['Enabled', 'Disabled', 'PendingDeletion', 'PendingImport']);
const GRANT_OPS = new Set<string>(GRANT_OPERATIONS);
const SPECS = new Set<string>(KEY_SPECS);
const USAGES = new Set(['ENCRYPT_DECRYPT', 'SIGN_VERIFY', 'GENERATE_VERIFY_MAC', 'KEY_AGREEMENT']);

function stringMap(n: Node, notes: Notes, what: string): Record<string, string> {
  const entries: [string, string][] = [];
  for (const k of n.keys()) {
    const v = n.child(k);
    if (k === '__proto__') {
      notes.warn(n.file, v.path, `${what}: the key "${k}" is not placed (kms-scenario/1 readers drop an object key named __proto__)`);
      continue;
    }
    entries.push([k, v.string()]);
  }
  return dataRecord(entries);
}

function convertGrant(g: Node, keyArn: string, notes: Notes): ScenarioGrant | undefined {
  const grantId = g.need('GrantId').string();
  const grantee = g.field('GranteePrincipal')?.string();
  const what = `grant ${grantId.slice(0, 12)}…`;
  if (!grantee || !PRINCIPAL_PATTERN.test(grantee)) {
    notes.warn(g.file, `${g.path}.GranteePrincipal`, `${what} is not placed: its grantee ${JSON.stringify(grantee ?? null)} is not a principal the lab models (IAM user, role, assumed-role session, account root or service principal)`);
    return undefined;
  }
  const ops: ScenarioGrant['operations'] = [];
  for (const o of g.need('Operations').items()) {
    const op = o.string();
    if (GRANT_OPS.has(op)) ops.push(op as ScenarioGrant['operations'][number]);
    else notes.warn(g.file, o.path, `${what}: operation ${op} is not one the lab's grants know, so it is left out of the grant`);
  }
  if (!ops.length) {
    notes.warn(g.file, g.path, `${what} on ${keyArn} is not placed: none of its operations can be placed`);
    return undefined;
  }
  const grant: ScenarioGrant = { granteePrincipal: grantee, operations: ops };
  if (/^[a-zA-Z0-9]{1,128}$/.test(grantId)) grant.grantId = grantId;
  else notes.info(g.file, `${g.path}.GrantId`, `${what}: the grant id is not one the lab accepts, so the grant gets a new id`);
  const name = g.field('Name')?.string();
  if (name !== undefined && name !== '') {
    if (/^[a-zA-Z0-9:/_-]{1,256}$/.test(name)) grant.name = name;
    else notes.info(g.file, `${g.path}.Name`, `${what}: the grant name ${JSON.stringify(name.slice(0, 40))} has characters the lab does not accept, so the grant has no name`);
  }
  const retiring = g.field('RetiringPrincipal')?.string();
  if (retiring) {
    if (PRINCIPAL_PATTERN.test(retiring)) grant.retiringPrincipal = retiring;
    else notes.info(g.file, `${g.path}.RetiringPrincipal`, `${what}: the retiring principal ${JSON.stringify(retiring)} is not one the lab models, so it is left out (retiring is not authorized by it in the lab)`);
  }
  const c = g.field('Constraints');
  if (c) {
    const eq = c.field('EncryptionContextEquals');
    const sub = c.field('EncryptionContextSubset');
    if (eq && sub) notes.warn(g.file, c.path, `${what} has both EncryptionContextEquals and EncryptionContextSubset; only EncryptionContextEquals is placed`);
    if (eq) grant.constraints = { encryptionContextEquals: stringMap(eq, notes, what) };
    else if (sub) grant.constraints = { encryptionContextSubset: stringMap(sub, notes, what) };
  }
  return grant;
}

interface KmsResult {
  keys: ScenarioKey[];
  aliases: number;
  grants: number;
  accountIds: Set<string>;
}

function convertKms(keyFolders: KeyFiles[], aliasFiles: Map<string, { path: string; text: string }>, notes: Notes): KmsResult {
  const keys: ScenarioKey[] = [];
  const byRegionAndId = new Map<string, ScenarioKey>();
  const accountIds = new Set<string>();
  let grantCount = 0;
  for (const folder of keyFolders) {
    const base = `kms/${folder.region}/${folder.keyId}`;
    const describe = folder.files.get('describe-key.json');
    if (!describe) {
      notes.warn(`${base}/`, '', `key ${folder.keyId} is not placed: ${base}/describe-key.json is missing (the other files of the key are not enough to make it)`);
      continue;
    }
    const meta = new Node(describe.path, '', parseJsonFile(describe.path, describe.text)).object().need('KeyMetadata').object();
    const arnNode = meta.need('Arn');
    const arn = arnNode.string();
    if (!KEY_ARN_PATTERN.test(arn)) {
      notes.warn(describe.path, arnNode.path, `key ${folder.keyId} is not placed: ${JSON.stringify(arn)} is not a KMS key ARN the lab models`);
      continue;
    }
    const [, , , region, account, resource] = arn.split(':');
    const keyId = resource.slice(4);
    if (region !== folder.region || keyId !== folder.keyId)
      notes.info(describe.path, arnNode.path, `the key's ARN (${arn}) does not match its folder (${base}); the ARN is used`);
    if (byRegionAndId.has(arn)) {
      notes.warn(describe.path, '', `key ${arn} is described twice; the first is used`);
      continue;
    }
    const policyFile = folder.files.get('key-policy.json');
    if (!policyFile) {
      notes.warn(describe.path, '', `key ${arn} is not placed: ${base}/key-policy.json is missing, and without its key policy no decision about the key would be AWS's`);
      continue;
    }
    const policyRoot = new Node(policyFile.path, '', parseJsonFile(policyFile.path, policyFile.text)).object();
    const policyNode = policyRoot.need('Policy');
    const policyName = policyRoot.field('PolicyName')?.string();
    if (policyName !== undefined && policyName !== 'default')
      notes.warn(policyFile.path, 'PolicyName', `the key policy is named ${JSON.stringify(policyName)}; KMS keys have only the policy named "default"`);
    const policy = readPolicy(policyNode, 'key', `the key policy of ${arn}`, notes);
    if (!policy) {
      notes.warn(policyFile.path, 'Policy', `key ${arn} is not placed: its key policy cannot be placed`);
      continue;
    }
    accountIds.add(account);
    const key: ScenarioKey = { arn, policy };
    const spec = meta.field('KeySpec')?.string() ?? meta.field('CustomerMasterKeySpec')?.string() ?? 'SYMMETRIC_DEFAULT';
    if (!SPECS.has(spec)) {
      notes.warn(describe.path, 'KeyMetadata.KeySpec', `key ${arn} is not placed: key spec ${spec} is not one the lab models`);
      continue;
    }
    if (spec !== 'SYMMETRIC_DEFAULT') key.keySpec = spec as ScenarioKey['keySpec'];
    const usage = meta.field('KeyUsage')?.string();
    if (usage) {
      if (USAGES.has(usage)) key.keyUsage = usage as ScenarioKey['keyUsage'];
      else notes.warn(describe.path, 'KeyMetadata.KeyUsage', `key usage ${usage} is not one the lab models; the key spec's default is used`);
    }
    const manager = meta.field('KeyManager')?.string();
    // AWS managed keys stay AWS managed: their policies, aliases and kms:KeyManager say so.
    if (manager === 'AWS') key.keyManager = 'AWS';
    else if (manager && manager !== 'CUSTOMER') notes.warn(describe.path, 'KeyMetadata.KeyManager', `key manager ${manager} is not AWS or CUSTOMER; the key is placed as a customer managed key`);
    const origin = meta.field('Origin')?.string() ?? 'AWS_KMS';
    const state = meta.field('KeyState')?.string() ?? (meta.field('Enabled')?.boolean() === false ? 'Disabled' : 'Enabled');
    if (origin === 'EXTERNAL') {
      key.origin = 'EXTERNAL';
      if (state !== 'PendingImport')
        notes.warn(describe.path, 'KeyMetadata.KeyState', `key ${arn} has imported key material (Origin EXTERNAL) and is ${state} in AWS; the lab holds no material for it, so it is PendingImport there until material is imported`);
    } else if (origin !== 'AWS_KMS') {
      notes.warn(describe.path, 'KeyMetadata.Origin', `key ${arn} lives in a custom key store (Origin ${origin}), which the lab does not model: it is placed as an AWS_KMS key, so kms:KeyOrigin reads AWS_KMS`);
    }
    if (origin !== 'EXTERNAL') {
      if (KEY_STATES.has(state)) {
        if (state !== 'Enabled') key.keyState = state as ScenarioKey['keyState'];
        if (state === 'PendingDeletion') notes.info(describe.path, 'KeyMetadata.DeletionDate', `key ${arn} is pending deletion; in the lab its deletion date is 30 days after the import, not AWS's`);
      } else if (state === 'PendingReplicaDeletion') {
        key.keyState = 'PendingDeletion';
        notes.info(describe.path, 'KeyMetadata.KeyState', `key ${arn} is PendingReplicaDeletion in AWS; the lab shows it as PendingDeletion`);
      } else {
        notes.warn(describe.path, 'KeyMetadata.KeyState', `key state ${state} is not one the lab models; key ${arn} is placed as ${state === 'Unavailable' ? 'Disabled' : 'Enabled'}`);
        if (state === 'Unavailable') key.keyState = 'Disabled';
      }
    }
    const description = meta.field('Description')?.string();
    if (description) key.description = description.slice(0, 8192);
    if (meta.field('MultiRegion')?.boolean()) {
      key.multiRegion = true;
      if (meta.field('MultiRegionConfiguration'))
        notes.info(describe.path, 'KeyMetadata.MultiRegionConfiguration', `key ${arn} is a multi-Region key: the lab places it on its own, without its links to the primary or replicas`);
    }
    if (meta.field('CustomKeyStoreId')) notes.info(describe.path, 'KeyMetadata.CustomKeyStoreId', `the custom key store of ${arn} is not represented`);

    const tagsFile = folder.files.get('list-resource-tags.json');
    if (tagsFile) {
      const t = new Node(tagsFile.path, '', parseJsonFile(tagsFile.path, tagsFile.text)).object();
      const entries: [string, string][] = [];
      for (const tag of list(t, 'Tags')) {
        const k = tag.need('TagKey').string();
        if (k === '__proto__') {
          notes.warn(tagsFile.path, tag.path, `the tag "${k}" of ${arn} is not placed (kms-scenario/1 readers drop an object key named __proto__), so aws:ResourceTag/${k} is missing in the lab`);
          continue;
        }
        entries.push([k, tag.field('TagValue')?.string() ?? '']);
      }
      if (entries.length) key.tags = dataRecord(entries);
      if (t.field('Truncated')?.value === true) notes.warn(tagsFile.path, 'Truncated', `only the first page of the tags of ${arn} was saved (Truncated is true)`);
    } else notes.info(describe.path, '', `${base}/list-resource-tags.json is missing: key ${arn} is placed without tags (aws:ResourceTag/* conditions find none)`);

    const grantsFile = folder.files.get('list-grants.json');
    if (grantsFile) {
      const gr = new Node(grantsFile.path, '', parseJsonFile(grantsFile.path, grantsFile.text)).object();
      const grants: ScenarioGrant[] = [];
      for (const g of list(gr, 'Grants')) {
        const grant = convertGrant(g, arn, notes);
        if (grant) grants.push(grant);
      }
      if (gr.field('Truncated')?.value === true) notes.warn(grantsFile.path, 'Truncated', `only the first page of the grants of ${arn} was saved (Truncated is true)`);
      if (grants.length) key.grants = grants;
      grantCount += grants.length;
    } else notes.info(describe.path, '', `${base}/list-grants.json is missing: key ${arn} is placed without grants`);
    byRegionAndId.set(arn, key);
    keys.push(key);
  }

  // Aliases: each names its key by id, within its account and region.
  let aliasCount = 0;
  for (const [region, f] of [...aliasFiles].sort(([a], [b]) => a.localeCompare(b))) {
    const root = new Node(f.path, '', parseJsonFile(f.path, f.text)).object();
    for (const a of list(root, 'Aliases')) {
      const name = a.need('AliasName').string();
      const target = a.field('TargetKeyId')?.string();
      if (!target) {
        // AWS lists an alias/aws/… name for every service that could create its AWS managed key; until
        // the service does, the alias names no key. Nothing to place.
        if (name.startsWith('alias/aws/')) continue;
        notes.warn(f.path, a.path, `alias ${name} names no key (no TargetKeyId), so it is not placed`);
        continue;
      }
      const aliasArn = a.field('AliasArn')?.string();
      const account = aliasArn?.split(':')[4];
      const key = keys.find((k) => {
        const [, , , r, acct, res] = k.arn.split(':');
        return r === region && res.slice(4) === target && (!account || acct === account);
      });
      if (!key) {
        notes.warn(f.path, a.path, `alias ${name} is not placed: its key ${target} is not in the export (no kms/${region}/${target}/ with describe-key.json and key-policy.json)`);
        continue;
      }
      if (!ALIAS_NAME_PATTERN.test(name) || name.length > 256) {
        notes.warn(f.path, a.path, `alias ${JSON.stringify(name)} is not placed: it is not an alias name the lab accepts`);
        continue;
      }
      if (name.startsWith('alias/aws/') && key.keyManager !== 'AWS') {
        notes.warn(f.path, a.path, `alias ${name} is not placed: the alias/aws/ prefix is reserved for AWS managed keys, and ${key.arn} is not one`);
        continue;
      }
      if (key.aliases?.includes(name)) continue;
      (key.aliases ??= []).push(name);
      aliasCount++;
    }
  }
  return { keys, aliases: aliasCount, grants: grantCount, accountIds };
}

// ---------------------------------------------------------------------------------------------
// Organizations

interface OrgPolicy {
  id: string;
  name: string;
  type: string;
  awsManaged: boolean;
  file: string;
  content: Node;
}

interface OrgResult {
  organization?: Scenario['organization'];
  scps: number;
  rcps: number;
  managementAccount: boolean;
  accountName?: string;
}

const TYPE_WORD: Record<string, string> = { SERVICE_CONTROL_POLICY: 'SCP', RESOURCE_CONTROL_POLICY: 'RCP' };

function convertOrganizations(files: Map<string, { path: string; text: string }>, accountId: string, notes: Notes): OrgResult {
  const out: OrgResult = { scps: 0, rcps: 0, managementAccount: false };
  const orgFile = files.get(ORG_FILE);
  const policyFiles = [...files.values()].filter((f) => f.path.startsWith('organizations/policies/'));
  if (!orgFile) {
    if (policyFiles.length || files.has(ROOTS_FILE))
      notes.warn('organizations/', '', `${ORG_FILE} is missing: without the organization the SCPs and RCPs cannot be placed`);
    return out;
  }
  const org = new Node(orgFile.path, '', parseJsonFile(orgFile.path, orgFile.text)).object().need('Organization').object();
  const idNode = org.need('Id');
  const id = idNode.string();
  if (!/^o-[a-z0-9]{10,32}$/.test(id)) idNode.fail(`${JSON.stringify(id)} is not an organization id (o- and 10 to 32 letters or digits)`);
  const management = org.field('MasterAccountId')?.string() ?? org.field('MasterAccountArn')?.string().split(':')[4];
  out.managementAccount = management === accountId;
  out.organization = { id };
  const featureSet = org.field('FeatureSet')?.string();

  // Which policy types are on: list-roots says (describe-organization's AvailablePolicyTypes is deprecated).
  const enabled = new Map<string, boolean>();
  const rootsFile = files.get(ROOTS_FILE);
  if (rootsFile) {
    const roots = new Node(rootsFile.path, '', parseJsonFile(rootsFile.path, rootsFile.text)).object().need('Roots').items();
    for (const r of roots) for (const t of list(r, 'PolicyTypes')) enabled.set(t.need('Type').string(), t.field('Status')?.string() === 'ENABLED');
  }
  const isEnabled = (type: string, where: OrgPolicy): boolean => {
    if (featureSet === 'CONSOLIDATED_BILLING') return false;
    if (!rootsFile) {
      notes.info(where.file, '', `${ROOTS_FILE} is missing, so whether ${TYPE_WORD[type]}s are enabled at the root is not known; ${where.name} is applied as if they are`);
      return true;
    }
    return enabled.get(type) === true;
  };

  const levels: Record<'SERVICE_CONTROL_POLICY' | 'RESOURCE_CONTROL_POLICY', { root: ScenarioPolicyEntry[]; account: ScenarioPolicyEntry[]; any: boolean }> = {
    SERVICE_CONTROL_POLICY: { root: [], account: [], any: false },
    RESOURCE_CONTROL_POLICY: { root: [], account: [], any: false },
  };
  for (const f of policyFiles.sort((a, b) => a.path.localeCompare(b.path))) {
    const pol = new Node(f.path, '', parseJsonFile(f.path, f.text)).object().need('Policy').object();
    const summary = pol.need('PolicySummary').object();
    const p: OrgPolicy = {
      id: summary.field('Id')?.string() ?? f.path,
      name: summary.field('Name')?.string() ?? summary.field('Id')?.string() ?? f.path,
      type: summary.field('Type')?.string() ?? '',
      awsManaged: summary.field('AwsManaged')?.boolean() ?? false,
      file: f.path,
      content: pol.need('Content'),
    };
    const word = TYPE_WORD[p.type];
    if (!word) {
      notes.info(f.path, 'Policy.PolicySummary.Type', `${p.name} is a ${p.type || 'policy of no type'}; only SCPs and RCPs decide KMS requests, so it is not represented`);
      continue;
    }
    const targetsPath = `organizations/targets/${p.id}.json`;
    const targetsFile = files.get(targetsPath);
    if (!targetsFile) {
      notes.warn(f.path, '', `${word} ${p.name} is not placed: ${targetsPath} (list-targets-for-policy) is missing, so where it is attached is not known`);
      continue;
    }
    if (out.managementAccount) {
      notes.info(f.path, '', `${word} ${p.name} does not apply: ${word}s never limit the management account (${accountId}), which this export is of`);
      continue;
    }
    if (!isEnabled(p.type, p)) {
      notes.info(f.path, '', `${word} ${p.name} does not apply: ${featureSet === 'CONSOLIDATED_BILLING' ? 'the organization has only consolidated billing features' : `${word}s are not enabled at the root (list-roots)`}`);
      continue;
    }
    const targets = new Node(targetsFile.path, '', parseJsonFile(targetsFile.path, targetsFile.text)).object().need('Targets').items();
    let doc: Doc | undefined | null = null;
    const document = () => (doc === null ? (doc = readPolicy(p.content, p.type === 'SERVICE_CONTROL_POLICY' ? 'scp' : 'rcp', `${word} ${p.name}`, notes)) : doc);
    const level = levels[p.type as keyof typeof levels];
    for (const t of targets) {
      const type = t.need('Type').string();
      const targetId = t.need('TargetId').string();
      const targetName = t.field('Name')?.string();
      if (type === 'ROOT') {
        const d = document();
        if (d) level.root.push({ name: p.name, document: d });
        level.any = true;
      } else if (type === 'ACCOUNT' && targetId === accountId) {
        if (targetName) out.accountName = targetName;
        const d = document();
        if (d) level.account.push({ name: p.name, document: d });
        level.any = true;
      } else if (type === 'ORGANIZATIONAL_UNIT') {
        notes.warn(targetsFile.path, t.path, `${word} ${p.name} is attached to OU ${targetId}${targetName ? ` (${targetName})` : ''}, which the export does not place: it does not say which OUs account ${accountId} is in, so this ${word} is not applied`);
      } else if (type === 'ACCOUNT') {
        notes.info(targetsFile.path, t.path, `${word} ${p.name} is attached to another account (${targetId}); it does not apply to ${accountId}`);
      } else notes.warn(targetsFile.path, t.path, `${word} ${p.name}: target type ${type} is not ROOT, ORGANIZATIONAL_UNIT or ACCOUNT, so it is not placed`);
    }
  }
  const scp = levels.SERVICE_CONTROL_POLICY;
  if (scp.any) {
    // Every level must allow. AWS keeps at least one SCP on every root, OU and account; a level the
    // export leaves empty would deny everything in the lab, so it is left out — and said.
    const scpLevels: ScenarioPolicyEntry[][] = [];
    for (const [where, l] of [['the root', scp.root], [`account ${accountId}`, scp.account]] as const) {
      if (l.length) scpLevels.push(l);
      else notes.warn('organizations/', '', `no SCP attached to ${where} could be placed (AWS keeps at least one, such as FullAWSAccess, on it): that level is left out, so it limits nothing in the lab`);
    }
    if (scpLevels.length) out.organization.scps = scpLevels;
    out.scps = scp.root.length + scp.account.length;
  }
  const rcp = levels.RESOURCE_CONTROL_POLICY;
  if (rcp.any) {
    // RCPFullAWSAccess is on every level in AWS and in the lab, so an empty RCP level allows.
    out.organization.rcps = [rcp.root, rcp.account];
    out.rcps = rcp.root.length + rcp.account.length;
  }
  return out;
}

// ---------------------------------------------------------------------------------------------

/**
 * Converts the files of one export (paths relative to its folder → their text) into a scenario.
 * Throws ExportError for a file that is not what the CLI prints (bad JSON, a wrong shape). `ignored`
 * are paths of the folder that are not read: they are reported too.
 */
export function convertAwsExport(files: ReadonlyMap<string, string>, options: { ignored?: readonly string[]; source?: string } = {}): AwsImport {
  const notes = new Notes();
  const byPath = new Map<string, { path: string; text: string }>();
  for (const [path, text] of files) byPath.set(path, { path, text });

  const keyFolders = new Map<string, KeyFiles>();
  const aliasFiles = new Map<string, { path: string; text: string }>();
  const regions = new Set<string>();
  let collectLog: string | undefined;
  for (const [path, f] of byPath) {
    const c = classify(path);
    if (!c) {
      notes.info(path, '', 'not a file the import reads; left out');
      continue;
    }
    if (c.kind === 'collect-log') collectLog = f.text;
    if (c.kind !== 'aliases' && c.kind !== 'key') continue;
    if (!REGION_PATTERN.test(c.region)) {
      notes.warn(path, '', `${c.region} is not a Region name, so this file is left out`);
      continue;
    }
    regions.add(c.region);
    if (c.kind === 'aliases') aliasFiles.set(c.region, f);
    else {
      const id = `${c.region}/${c.keyId}`;
      let folder = keyFolders.get(id);
      if (!folder) keyFolders.set(id, (folder = { region: c.region, keyId: c.keyId, files: new Map() }));
      folder.files.set(c.file, f);
    }
  }
  for (const p of options.ignored ?? []) notes.info(p, '', 'not a file the import reads; left out');

  const iamFile = byPath.get(IAM_FILE);
  const iam = iamFile ? convertIam(iamFile.path, iamFile.text, notes) : undefined;
  if (!iamFile) notes.warn(IAM_FILE, '', 'the IAM export is missing: no users or roles are placed (only account roots can act)');
  const kms = convertKms([...keyFolders.values()].sort((a, b) => (a.region + a.keyId).localeCompare(b.region + b.keyId)), aliasFiles, notes);
  for (const region of regions)
    if (!aliasFiles.has(region)) notes.info(`kms/${region}/aliases.json`, '', `the aliases of ${region} were not saved: its keys are placed without aliases`);

  // The account: the IAM export's, else the keys'.
  const ids = [...(iam?.accountIds ?? [])].filter((a) => ACCOUNT_ID_PATTERN.test(a));
  const accountId = ids[0] ?? [...kms.accountIds][0];
  if (!accountId) throw new ExportError(iamFile ? IAM_FILE : '(the export)', '', 'the export names no AWS account: it holds no user, role, group, customer managed policy or key');
  for (const other of new Set([...ids.slice(1), ...[...kms.accountIds].filter((a) => a !== accountId)]))
    notes.warn(iamFile ? IAM_FILE : 'kms/', '', `the export mixes accounts (${accountId} and ${other}); SCPs and RCPs are placed for ${accountId} only`);

  const org = convertOrganizations(byPath, accountId, notes);
  if (collectLog?.trim())
    notes.warn(COLLECT_LOG, '', `collect-aws.sh recorded commands that failed, so the export may be incomplete: ${collectLog.trim().split('\n').slice(0, 3).join(' | ').slice(0, 400)}`);

  const summary: ImportSummary = {
    accountId,
    users: iam?.users ?? 0,
    roles: iam?.roles ?? 0,
    groups: iam?.groups ?? 0,
    managedPolicies: iam?.managedPolicies ?? 0,
    keys: kms.keys.length,
    aliases: kms.aliases,
    grants: kms.grants,
    regions: [...regions].sort(),
    ...(org.organization ? { organizationId: org.organization.id } : {}),
    scps: org.scps,
    rcps: org.rcps,
    managementAccount: org.managementAccount,
  };
  const name = org.accountName;
  const scenario: Scenario = {
    format: 'kms-scenario/1',
    title: `AWS account ${accountId}${name ? ` (${name})` : ''}, imported`,
    description: [
      `Imported from saved AWS CLI outputs${options.source ? ` (${options.source})` : ''}: ${summary.users} users, ${summary.roles} roles, ${summary.keys} KMS keys${summary.organizationId ? `, organization ${summary.organizationId}` : ''}.`,
      'The keys here have fresh key material made in the lab: the real key material never leaves AWS, so ciphertext from the real account does not decrypt here.',
    ].join('\n\n'),
    ...(summary.regions.length ? { defaultRegion: summary.regions.includes('us-east-1') ? 'us-east-1' : summary.regions[0] } : {}),
    ...(org.organization ? { organization: org.organization } : {}),
    accounts: [{ id: accountId, ...(name ? { name } : {}) }],
    principals: iam?.principals ?? [],
    keys: kms.keys,
  };
  return { scenario, notes: notes.list, summary };
}
