// Reading a kms-scenario/1 document (scenario-format.md) into a world, and writing a world back out.
// A file is checked completely before anything is built: JSON syntax (line and column), the schema
// (unknown fields, bad ARNs, with the place), every policy (parse errors and error findings, with
// the place in the file), and references between parts (request principals, grant keys).
import type { ZodError } from 'zod';
import { arrayItemOffsets, LineIndex, parseJson, type JsonNode } from '../policy/json';
import { KMS_ACTIONS } from '../policy/catalog';
import type { SourcePosition } from '../policy/types';
import { validatePolicy } from '../policy';
import type { PolicyKind } from '../policy/types';
import { createWorld, type CreateWorldOptions, type World } from '../create-world';
import type { KeyRecord } from '../world/state';
import { BOUNDARY_NAME, identitiesFromScenario, policyName, policyText } from '../identity/from-scenario';
import type { StoredPolicy } from '../identity/principals';
import { principalInfo } from '../identity/principals';
import { isNamedPolicy, KEY_ARN_PATTERN, ScenarioSchema, type Scenario, type ScenarioKey, type ScenarioPolicy, type ScenarioPolicyEntry } from './schema';
import { allowAllAuthorizer } from '../kms/authorize';
import { policyAuthorizer } from '../kms/policy-authorizer';
import { parseKmsArn } from '../world/arn';

export interface ScenarioProblem {
  /** What is wrong and where, in one sentence. */
  message: string;
  /** Path in the document, e.g. `keys[0].policy.Statement[1].Condition`. */
  path: string;
  line?: number;
  column?: number;
}

export type ScenarioParseResult =
  | { ok: true; scenario: Scenario; warnings: ScenarioProblem[] }
  | { ok: false; problems: ScenarioProblem[]; warnings?: ScenarioProblem[] };

const formatPath = (path: readonly PropertyKey[]): string =>
  path.reduce<string>((acc, p) => (typeof p === 'number' ? `${acc}[${p}]` : acc ? `${acc}.${String(p)}` : String(p)), '');

const where = (p: ScenarioProblem) => (p.line ? ` (line ${p.line}, column ${p.column})` : '');
/** A problem as one line for people: `keys[0].arn: must be a KMS key ARN … (line 12, column 14)`. */
export const describeProblem = (p: ScenarioProblem) => `${p.path ? `${p.path}: ` : ''}${p.message}${where(p)}`;

/**
 * Finds places in the file. The file is read with positions once, except the requests (a big file
 * is mostly requests): a request is read with positions only when one of its places is asked for.
 */
class Locator {
  private subtrees = new Map<string, { node: JsonNode; base: SourcePosition } | null>();
  private items = new Map<JsonNode, [number, number][]>();
  private lines?: LineIndex;
  constructor(
    readonly text: string | undefined,
    readonly root: JsonNode | undefined,
  ) {}

  /** Item `index` of a skipped array, read with positions. */
  private item(array: JsonNode, index: number): { node: JsonNode; base: SourcePosition } | null {
    const text = this.text!;
    let offsets = this.items.get(array);
    if (!offsets) this.items.set(array, (offsets = arrayItemOffsets(text, array.range.start.offset)));
    const key = `${array.range.start.offset}:${index}`;
    let sub = this.subtrees.get(key);
    if (sub === undefined) {
      const range = offsets[index];
      const parsed = range ? parseJson(text.slice(range[0], range[1])) : undefined;
      this.lines ??= new LineIndex(text);
      sub = parsed?.ok ? { node: parsed.node, base: this.lines.position(range[0]) } : null;
      this.subtrees.set(key, sub);
    }
    return sub;
  }

  /** The JSON node at a path, as far as it exists (the nearest ancestor otherwise), with the position its ranges count from. */
  node(path: readonly PropertyKey[]): { node: JsonNode; base?: SourcePosition } | undefined {
    let node = this.root;
    let base: SourcePosition | undefined;
    for (const p of path) {
      if (!node) return undefined;
      if (node.type === 'array' && node.skipped && typeof p === 'number' && this.text !== undefined && !base) {
        const sub = this.item(node, p);
        if (!sub) return { node };
        ({ node, base } = sub);
        continue;
      }
      if (node.type === 'object') {
        const prop = node.properties.find((x) => x.key === p);
        if (!prop) return { node, base };
        node = prop.value;
      } else if (node.type === 'array' && typeof p === 'number') {
        if (!node.items[p]) return { node, base };
        node = node.items[p];
      } else return { node, base };
    }
    return node && { node, base };
  }

  /** Where the value at a path starts in the file (or, with `key`, where that property's name starts). */
  at(path: readonly PropertyKey[], key?: string): { line: number; column: number } | undefined {
    const found = this.node(path);
    if (!found) return undefined;
    const prop = key !== undefined && found.node.type === 'object' ? found.node.properties.find((x) => x.key === key) : undefined;
    const start = prop ? prop.keyRange.start : found.node.range.start;
    return absolute(start, found.base);
  }
}

/** A position inside a slice of the file that starts at `base`, as a position in the file. */
function absolute(p: SourcePosition, base: SourcePosition | undefined): { line: number; column: number } {
  if (!base) return { line: p.line, column: p.column };
  return { line: p.line + base.line - 1, column: p.line === 1 ? p.column + base.column - 1 : p.column };
}

const placed = (message: string, path: readonly PropertyKey[], at: { line: number; column: number } | undefined): ScenarioProblem => ({
  message,
  path: formatPath(path),
  ...(at ? { line: at.line, column: at.column } : {}),
});

function problemsFromZod(error: ZodError, where: Locator): ScenarioProblem[] {
  return error.issues.map((issue) => {
    const path = issue.path as PropertyKey[];
    if (issue.code === 'unrecognized_keys') {
      // Point at the unknown field itself.
      const keys = (issue as { keys: string[] }).keys;
      const message = `unknown field ${keys.map((k) => `"${k}"`).join(', ')} (kms-scenario/1 has no such field)`;
      return placed(message, [...path, keys[0]], where.at(path, keys[0]));
    }
    return placed(issue.message, path, where.at(path));
  });
}

/** Every policy in the document, with its kind and where it is. */
function* policiesOf(s: Scenario): Generator<{ path: PropertyKey[]; kind: PolicyKind; policy: ScenarioPolicy }> {
  // A named policy ({ name, document }) is checked as its document.
  const entry = (path: PropertyKey[], kind: PolicyKind, p: ScenarioPolicyEntry) =>
    isNamedPolicy(p) ? { path: [...path, 'document'], kind, policy: p.document } : { path, kind, policy: p };
  for (const [l, level] of (s.organization?.scps ?? []).entries())
    for (const [i, p] of level.entries()) yield entry(['organization', 'scps', l, i], 'scp', p);
  for (const [l, level] of (s.organization?.rcps ?? []).entries())
    for (const [i, p] of level.entries()) yield entry(['organization', 'rcps', l, i], 'rcp', p);
  for (const [n, pr] of (s.principals ?? []).entries()) {
    for (const [i, p] of (pr.policies ?? []).entries()) yield entry(['principals', n, 'policies', i], 'identity', p);
    if (pr.permissionsBoundary) yield entry(['principals', n, 'permissionsBoundary'], 'boundary', pr.permissionsBoundary);
    if (pr.sessionPolicy) yield { path: ['principals', n, 'sessionPolicy'], kind: 'session', policy: pr.sessionPolicy };
  }
  for (const [n, k] of (s.keys ?? []).entries()) if (k.policy) yield { path: ['keys', n, 'policy'], kind: 'key', policy: k.policy };
  for (const [arn, p] of Object.entries(s.resourcePolicies ?? {})) yield { path: ['resourcePolicies', arn], kind: 'resource', policy: p };
}

const kindLabel = (kind: PolicyKind) =>
  kind === 'key' ? 'key policy' : kind === 'identity' ? 'identity policy' : kind.toUpperCase() === kind ? kind : `${kind} policy`;

/**
 * Checks each policy. An object policy is checked as the text it has in the file, so the line and
 * column point into the file. A string policy is checked as its own text; its problems are placed
 * at the string in the file, and say where inside the string they are.
 */
function policyProblems(s: Scenario, where: Locator): ScenarioProblem[] {
  const problems: ScenarioProblem[] = [];
  const text = where.text;
  for (const { path, kind, policy } of policiesOf(s)) {
    const found = where.node(path);
    const node = found && !found.base ? found.node : undefined;
    const inFile = typeof policy === 'object' && text !== undefined && node?.type === 'object';
    if (typeof policy === 'string' && !policy.trimStart().startsWith('{')) {
      // "arn:aws:iam::aws:policy/…" or a policy's name: this file format holds documents only.
      problems.push(
        placed(
          `${kindLabel(kind)}: ${JSON.stringify(policy.length > 80 ? `${policy.slice(0, 77)}…` : policy)} is not a policy document — policy references are not supported; put the policy document here (a JSON object)`,
          path,
          where.at(path),
        ),
      );
      continue;
    }
    const source = inFile ? text.slice(node.range.start.offset, node.range.end.offset) : policyText(policy);
    for (const f of validatePolicy(source, kind)) {
      if (f.severity !== 'error') continue;
      let line = f.range.start.line;
      let column = f.range.start.column;
      if (inFile) {
        // Positions inside the slice → positions in the file.
        if (line === 1) column += node.range.start.column - 1;
        line += node.range.start.line - 1;
        problems.push(placed(`${kindLabel(kind)}: ${f.message} [${f.code}]`, path, { line, column }));
      } else if (typeof policy === 'string') {
        problems.push(placed(`${kindLabel(kind)}: ${f.message} [${f.code}] (at line ${line}, column ${column} of the string)`, path, where.at(path)));
      } else problems.push(placed(`${kindLabel(kind)}: ${f.message} [${f.code}]`, path, undefined));
    }
  }
  return problems;
}

const KMS_ACTION_NAMES = new Map(KMS_ACTIONS.map((a) => [a.toLowerCase(), a]));

/**
 * References between parts: request principals must be listed (or be account roots), a request's
 * KMS key must be one of the file's keys, principals, keys and aliases unique. Warnings: actions
 * that are not KMS actions.
 */
function referenceProblems(s: Scenario, where: Locator): { problems: ScenarioProblem[]; warnings: ScenarioProblem[] } {
  const problems: ScenarioProblem[] = [];
  const warnings: ScenarioProblem[] = [];
  const at = (path: PropertyKey[], message: string) => problems.push(placed(message, path, where.at(path)));
  const warn = (path: PropertyKey[], message: string) => warnings.push(placed(message, path, where.at(path)));
  const listed = new Set<string>();
  for (const [n, p] of (s.principals ?? []).entries()) {
    if (listed.has(p.arn)) at(['principals', n, 'arn'], `duplicate principal ${p.arn}`);
    listed.add(p.arn);
  }
  const keyArns = new Set<string>();
  const aliases = new Set<string>();
  for (const [n, k] of (s.keys ?? []).entries()) {
    if (keyArns.has(k.arn)) at(['keys', n, 'arn'], `duplicate key ${k.arn}`);
    keyArns.add(k.arn);
    const { region, accountId } = parseKmsArn(k.arn)!;
    for (const [i, a] of (k.aliases ?? []).entries()) {
      const id = `${accountId}/${region}/${a}`;
      if (a.startsWith('alias/aws/') && k.keyManager !== 'AWS') at(['keys', n, 'aliases', i], `${a}: the alias/aws/ prefix is reserved for AWS managed keys`);
      if (aliases.has(id)) at(['keys', n, 'aliases', i], `${a} is already used by another key in ${accountId} ${region}`);
      aliases.add(id);
    }
    if (k.multiRegion && !k.arn.includes(':key/mrk-')) at(['keys', n, 'arn'], 'a multi-Region key id starts with mrk-');
    if (!k.multiRegion && k.arn.includes(':key/mrk-')) at(['keys', n, 'multiRegion'], 'a key id that starts with mrk- is a multi-Region key: set "multiRegion": true');
  }
  const seenIds = new Set<string>();
  const accountRoots = new Map<string, boolean>();
  for (const [n, r] of (s.requests ?? []).entries()) {
    if (!listed.has(r.principal)) {
      let isRoot = accountRoots.get(r.principal);
      if (isRoot === undefined) accountRoots.set(r.principal, (isRoot = principalInfo(r.principal).type === 'Account'));
      if (!isRoot) at(['requests', n, 'principal'], `${r.principal} is not listed in "principals" (only account roots need no entry)`);
    }
    if (r.id !== undefined) {
      if (seenIds.has(r.id)) at(['requests', n, 'id'], `duplicate request id "${r.id}"`);
      seenIds.add(r.id);
    }
    // A KMS key is used under its key policy: a key the file does not have cannot be evaluated.
    const resources = Array.isArray(r.resource) ? r.resource : [r.resource];
    for (const [i, res] of resources.entries()) {
      if (keyArns.has(res) || !KEY_ARN_PATTERN.test(res)) continue;
      at(
        Array.isArray(r.resource) ? ['requests', n, 'resource', i] : ['requests', n, 'resource'],
        `${res} is not one of the file's keys: a KMS key is only ever used under its key policy, and without the key there is none to evaluate (add it to "keys")`,
      );
    }
    const colon = r.action.indexOf(':');
    const service = r.action.slice(0, colon).toLowerCase();
    const name = r.action.slice(colon + 1);
    if (service !== 'kms')
      warn(['requests', n, 'action'], `${r.action} is not a KMS action: it is evaluated from the policies alone (KMS Lab models no other service's actions or resources)`);
    else if (!KMS_ACTION_NAMES.has(name.toLowerCase())) warn(['requests', n, 'action'], `${r.action} is not a KMS action (no KMS operation or permission has that name)`);
  }
  return { problems, warnings };
}

/** Reads and checks a scenario. Never throws. */
export function parseScenario(input: string | object): ScenarioParseResult {
  let value: unknown = input;
  let root: JsonNode | undefined;
  let text: string | undefined;
  if (typeof input === 'string') {
    text = input;
    try {
      value = JSON.parse(input);
    } catch {
      // JSON.parse says what, not where: the located parser says both.
      const parsed = parseJson(input);
      const error = parsed.ok ? { message: 'unreadable', line: 1, column: 1 } : parsed.error;
      return { ok: false, problems: [{ message: `not valid JSON: ${error.message}`, path: '', line: error.line, column: error.column }] };
    }
    // Positions for everything but the requests' insides (read when one has a problem).
    const parsed = parseJson(input, { skip: (path) => path.length === 1 && path[0] === 'requests' });
    if (!parsed.ok) return { ok: false, problems: [{ message: `not valid JSON: ${parsed.error.message}`, path: '', line: parsed.error.line, column: parsed.error.column }] };
    root = parsed.node;
  }
  const where = new Locator(text, root);
  const result = ScenarioSchema.safeParse(value);
  if (!result.success) return { ok: false, problems: problemsFromZod(result.error, where) };
  const refs = referenceProblems(result.data, where);
  const problems = [...policyProblems(result.data, where), ...refs.problems];
  return problems.length ? { ok: false, problems, warnings: refs.warnings } : { ok: true, scenario: result.data, warnings: refs.warnings };
}

export type LoadScenarioResult =
  | { ok: true; world: World; scenario: Scenario; warnings: ScenarioProblem[] }
  | { ok: false; problems: ScenarioProblem[]; warnings?: ScenarioProblem[] };

/**
 * Builds a world from a scenario: the identity directory, then every key with fresh key material
 * under its given ARN, its policy, aliases, tags, grants and state. Keys are created by the engine
 * itself (as the account's root, with the lockout check bypassed), so they are real keys.
 */
export async function loadScenario(input: string | object, options: Omit<CreateWorldOptions, 'state'> = {}): Promise<LoadScenarioResult> {
  const parsed = parseScenario(input);
  if (!parsed.ok) return parsed;
  const s = parsed.scenario;
  const now = s.clock ? new Date(s.clock) : (options.now ?? new Date());
  // Keys get the ids the scenario names: the id source hands out the next wanted id first.
  const wanted: string[] = [];
  const world = await createWorld({ ...options, now, authorizer: allowAllAuthorizer });
  // A multi-Region key's id is mrk- and the first 32 hex digits of a hex64() draw (kms/operations/keys.ts).
  const ids = world.ids as { uuid: () => string; hex64: () => string };
  const uuid = ids.uuid.bind(ids);
  const hex64 = ids.hex64.bind(ids);
  ids.uuid = () => (wanted[0] && !wanted[0].startsWith('mrk-') ? wanted.shift()! : uuid());
  ids.hex64 = () => (wanted[0]?.startsWith('mrk-') ? wanted.shift()!.slice(4).padEnd(64, '0') : hex64());
  world.setIdentities(identitiesFromScenario(s));
  try {
    for (const k of s.keys ?? []) await createScenarioKey(world, k, wanted);
  } catch (e) {
    const err = e as Error;
    return { ok: false, problems: [{ message: `the engine refused a key: ${err.name}: ${err.message}`, path: 'keys' }] };
  } finally {
    ids.uuid = uuid;
    ids.hex64 = hex64;
  }
  world.setAuthorizer(options.authorizer ?? policyAuthorizer);
  return { ok: true, world, scenario: s, warnings: parsed.warnings };
}

async function createScenarioKey(world: World, k: ScenarioKey, wanted: string[]): Promise<void> {
  const { region, accountId, resource: keyId } = parseKmsArn(k.arn)!;
  const root = `arn:${k.arn.split(':')[1]}:iam::${accountId}:root`;
  const kms = world.client({ principal: root, region });
  const keySpec = k.keySpec ?? 'SYMMETRIC_DEFAULT';
  wanted.push(keyId);
  const { KeyMetadata } = await kms.createKey({
    KeySpec: keySpec,
    ...(k.keyUsage || keySpec !== 'SYMMETRIC_DEFAULT' ? { KeyUsage: k.keyUsage ?? defaultUsage(keySpec) } : {}),
    Origin: k.origin ?? 'AWS_KMS',
    Description: k.description ?? '',
    ...(k.multiRegion ? { MultiRegion: true } : {}),
    ...(k.tags && Object.keys(k.tags).length ? { Tags: Object.entries(k.tags).map(([TagKey, TagValue]) => ({ TagKey, TagValue })) } : {}),
  } as Parameters<typeof kms.createKey>[0]);
  wanted.length = 0;
  const record = world.getKey(KeyMetadata.Arn) as KeyRecord;
  if (record.arn !== k.arn) throw new Error(`created ${record.arn} instead of ${k.arn}`);
  // The policy is the scenario's description of the world: stored as written (principals need not be listed).
  if (k.policy !== undefined) record.policy = policyText(k.policy);
  if (k.keyManager === 'AWS') record.keyManager = 'AWS';
  for (const a of k.aliases ?? []) {
    if (a.startsWith('alias/aws/')) {
      // AWS's own aliases cannot be made through the API; write them as AWS would.
      const aliasArn = `arn:${record.partition}:kms:${region}:${accountId}:${a}`;
      world.state.aliases[aliasArn] = { aliasName: a, aliasArn, accountId, region, targetKeyArn: record.arn, creationDate: world.nowMs(), lastUpdatedDate: world.nowMs() };
    } else await kms.createAlias({ AliasName: a, TargetKeyId: record.keyId });
  }
  for (const g of k.grants ?? []) {
    const grantId = g.grantId ?? world.ids.hex64();
    world.state.grants[grantId] = {
      grantId,
      keyArn: record.arn,
      name: g.name,
      granteePrincipal: g.granteePrincipal,
      retiringPrincipal: g.retiringPrincipal,
      operations: [...g.operations],
      constraints: g.constraints
        ? {
            ...(g.constraints.encryptionContextEquals ? { EncryptionContextEquals: { ...g.constraints.encryptionContextEquals } } : {}),
            ...(g.constraints.encryptionContextSubset ? { EncryptionContextSubset: { ...g.constraints.encryptionContextSubset } } : {}),
          }
        : undefined,
      issuingAccount: accountId,
      creationDate: world.nowMs(),
    };
  }
  if (k.keyState === 'Disabled') await kms.disableKey({ KeyId: record.keyId });
  if (k.keyState === 'PendingDeletion') await kms.scheduleKeyDeletion({ KeyId: record.keyId, PendingWindowInDays: 30 });
  if (k.keyState === 'PendingImport' && record.keyState !== 'PendingImport')
    throw new Error(`${k.arn}: keyState PendingImport needs "origin": "EXTERNAL"`);
}

/** The scenario's default KeyUsage per key spec (scenario-format.md: "default per key spec"). */
function defaultUsage(spec: string): string {
  if (spec.startsWith('HMAC_')) return 'GENERATE_VERIFY_MAC';
  if (spec === 'SYMMETRIC_DEFAULT' || spec.startsWith('RSA_') || spec === 'SM2') return 'ENCRYPT_DECRYPT';
  return 'SIGN_VERIFY';
}

/** The world's configuration as a scenario (never key material or plaintext). */
export function exportScenario(world: World, extra: Pick<Scenario, 'title' | 'description' | 'requests'> = {}): Scenario {
  const st = world.state;
  const ids = st.identities;
  const asPolicy = (text: string): ScenarioPolicy => {
    try {
      return JSON.parse(text) as Record<string, unknown>;
    } catch {
      return text;
    }
  };
  // A policy keeps its name unless it is the one the loader would give it anyway.
  const withName = (p: StoredPolicy, i: number, fallback?: string): ScenarioPolicyEntry => {
    const document = asPolicy(p.document);
    return p.name === policyName(document, i, fallback) ? document : { name: p.name, document };
  };
  const keys = Object.values(st.keys)
    .sort((a, b) => a.seq - b.seq)
    .map((k) => {
      const aliases = Object.values(st.aliases).filter((a) => a.targetKeyArn === k.arn).map((a) => a.aliasName).sort();
      const grants = Object.values(st.grants).filter((g) => g.keyArn === k.arn);
      const keyState = (['Enabled', 'Disabled', 'PendingDeletion', 'PendingImport'] as const).find((x) => x === k.keyState) ?? 'Disabled';
      return {
        arn: k.arn,
        keySpec: k.keySpec,
        keyUsage: k.keyUsage,
        keyManager: k.keyManager,
        origin: k.origin === 'EXTERNAL' ? 'EXTERNAL' : 'AWS_KMS',
        keyState,
        description: k.description,
        multiRegion: k.multiRegion,
        policy: asPolicy(k.policy),
        ...(aliases.length ? { aliases } : {}),
        ...(k.tags.length ? { tags: Object.fromEntries(k.tags.map((t) => [t.TagKey, t.TagValue])) } : {}),
        ...(grants.length
          ? {
              grants: grants.map((g) => ({
                grantId: g.grantId,
                ...(g.name ? { name: g.name } : {}),
                granteePrincipal: g.granteePrincipal,
                ...(g.retiringPrincipal ? { retiringPrincipal: g.retiringPrincipal } : {}),
                operations: g.operations,
                ...(g.constraints?.EncryptionContextEquals || g.constraints?.EncryptionContextSubset
                  ? {
                      constraints: {
                        ...(g.constraints.EncryptionContextEquals ? { encryptionContextEquals: g.constraints.EncryptionContextEquals } : {}),
                        ...(g.constraints.EncryptionContextSubset ? { encryptionContextSubset: g.constraints.EncryptionContextSubset } : {}),
                      },
                    }
                  : {}),
              })),
            }
          : {}),
      } as ScenarioKey;
    });
  const scenario: Scenario = {
    format: 'kms-scenario/1',
    ...(extra.title ? { title: extra.title } : {}),
    ...(extra.description ? { description: extra.description } : {}),
    clock: world.now().toISOString(),
    ...(ids.organization
      ? {
          organization: {
            id: ids.organization.id,
            ...(ids.organization.scps ? { scps: ids.organization.scps.map((l, n) => l.map((p, i) => withName(p, i, `SCP level ${n + 1} #${i + 1}`))) } : {}),
            ...(ids.organization.rcps ? { rcps: ids.organization.rcps.map((l, n) => l.map((p, i) => withName(p, i, `RCP level ${n + 1} #${i + 1}`))) } : {}),
          },
        }
      : {}),
    accounts: Object.values(ids.accounts).map((a) => ({ id: a.id, ...(a.name ? { name: a.name } : {}), ...(ids.organization ? { inOrganization: a.inOrganization } : {}) })),
    principals: Object.values(ids.principals).map((p) => ({
      arn: p.arn,
      ...(p.policies.length ? { policies: p.policies.map((x, i) => withName(x, i)) } : {}),
      ...(p.permissionsBoundary
        ? { permissionsBoundary: p.permissionsBoundary.name === BOUNDARY_NAME ? asPolicy(p.permissionsBoundary.document) : { name: p.permissionsBoundary.name, document: asPolicy(p.permissionsBoundary.document) } }
        : {}),
      ...(p.sessionPolicy ? { sessionPolicy: asPolicy(p.sessionPolicy.document) } : {}),
      ...(Object.keys(p.tags).length ? { tags: { ...p.tags } } : {}),
      ...(p.accessKeyId ? { accessKeyId: p.accessKeyId } : {}),
    })),
    keys,
    ...(Object.keys(ids.resourcePolicies).length
      ? { resourcePolicies: Object.fromEntries(Object.entries(ids.resourcePolicies).map(([arn, p]) => [arn, asPolicy(p.document)])) }
      : {}),
    ...(extra.requests ? { requests: extra.requests } : {}),
  };
  return scenario;
}
