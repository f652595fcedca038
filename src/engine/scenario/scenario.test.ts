import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { KmsError } from '../errors';
import { describeProblem, exportScenario, loadScenario, parseScenario } from './load';
import { scenarioJsonSchema } from './schema';
import { describedView, simulateScenario } from './simulate';

const EXAMPLE = readFileSync(new URL('../../../examples/scenarios/key-users-and-admins.json', import.meta.url), 'utf8');
const KEY = 'arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab';

const minimal = (extra: Record<string, unknown> = {}) => ({ format: 'kms-scenario/1', ...extra });
const problemsOf = (input: string | object) => {
  const r = parseScenario(input);
  if (r.ok) throw new Error('expected the scenario to be refused');
  return r.problems;
};

describe('reading a scenario', () => {
  it('accepts the example and evaluates every request as expected', async () => {
    const loaded = await loadScenario(EXAMPLE);
    if (!loaded.ok) throw new Error(loaded.problems.map(describeProblem).join('\n'));
    const report = simulateScenario(loaded.world, loaded.scenario);
    expect(report.summary).toEqual({ total: 7, passed: 7, failed: 0, unchecked: 0 });
    const byId = Object.fromEntries(report.results.map((r) => [r.id, r]));
    expect(byId['admin-cannot-decrypt'].decision).toBe('ImplicitDeny');
    expect(byId['app-decrypts'].decidedBy).toEqual([expect.objectContaining({ statement: 'Allow use of the key', line: 38 })]);
    expect(byId['partner-without-context'].evaluations[0].evaluation.missingContextKeys).toContain('kms:EncryptionContext:partner');
  });

  it('gives a JSON syntax error its line and column', () => {
    const [p] = problemsOf('{\n  "format": "kms-scenario/1",\n  "keys": [ }\n}');
    expect(p).toMatchObject({ line: 3, column: 13 });
    expect(p.message).toMatch(/not valid JSON/);
  });

  it('refuses an unknown field, naming it and where it is', () => {
    const [p] = problemsOf('{\n  "format": "kms-scenario/1",\n  "principles": []\n}');
    expect(p.message).toContain('"principles"');
    expect(p).toMatchObject({ path: 'principles', line: 3, column: 3 });
    const [nested] = problemsOf(minimal({ keys: [{ arn: KEY, colour: 'red' }] }));
    expect(nested.path).toBe('keys[0].colour');
  });

  it('refuses the wrong format string and bad ARNs with the path', () => {
    expect(problemsOf(minimal({ format: 'kms-scenario/2' }))[0].path).toBe('format');
    const [p] = problemsOf('{"format":"kms-scenario/1","keys":[{"arn":"arn:aws:kms:us-east-1:111122223333:alias/nope"}]}');
    expect(p).toMatchObject({ path: 'keys[0].arn', line: 1, column: 43 });
    expect(p.message).toMatch(/KMS key ARN/);
  });

  it('refuses a broken policy with its place in the file', () => {
    const text = [
      '{ "format": "kms-scenario/1",',
      '  "keys": [{ "arn": "' + KEY + '",',
      '    "policy": { "Version": "2012-10-17", "Statement": [',
      '      { "Effect": "Allow", "Principal": "*", "Action": "kms:*", "Resource": "*",',
      '        "Condition": { "StringEqualz": { "kms:CallerAccount": "111122223333" } } } ] } }] }',
    ].join('\n');
    const problems = problemsOf(text);
    const p = problems.find((x) => x.message.includes('UNKNOWN_OPERATOR'));
    expect(p).toMatchObject({ path: 'keys[0].policy', line: 5 });
    expect(text.split('\n')[4].slice((p!.column ?? 1) - 1)).toMatch(/^"StringEqualz"/);
  });

  it('refuses requests by principals it does not know', () => {
    const [p] = problemsOf(minimal({ requests: [{ principal: 'arn:aws:iam::111122223333:user/ghost', action: 'kms:Decrypt', resource: KEY }] }));
    expect(p.path).toBe('requests[0].principal');
    expect(p.message).toMatch(/not listed/);
    // Account roots need no entry.
    expect(parseScenario(minimal({ requests: [{ principal: 'arn:aws:iam::111122223333:root', action: 'kms:ListKeys', resource: '*' }] })).ok).toBe(true);
  });
});

describe('the world a scenario builds', () => {
  it('creates real keys under the given ARNs, enforcing their policies', async () => {
    const loaded = await loadScenario(EXAMPLE);
    if (!loaded.ok) throw new Error('not loaded');
    const { world } = loaded;
    const app = world.client({ principal: 'arn:aws:iam::111122223333:role/AppRole', region: 'us-east-1' });
    const { CiphertextBlob, KeyId } = await app.encrypt({ KeyId: 'alias/app-data', Plaintext: new TextEncoder().encode('secret') });
    expect(KeyId).toBe(KEY);
    const admin = world.client({ principal: 'arn:aws:iam::111122223333:role/KeyAdmin', region: 'us-east-1' });
    const denied = await admin.decrypt({ CiphertextBlob }).catch((e: unknown) => e);
    expect(denied).toBeInstanceOf(KmsError);
    expect((denied as KmsError).name).toBe('AccessDeniedException');
    expect((denied as KmsError).message).toBe(
      `User: arn:aws:iam::111122223333:role/KeyAdmin is not authorized to perform: kms:Decrypt on resource: ${KEY} because no identity-based policy allows the kms:Decrypt action`,
    );
    expect(world.now().toISOString()).toBe('2026-01-01T00:00:00.000Z');
  });

  it('sets key states, grants and tags as described', async () => {
    const loaded = await loadScenario(
      minimal({
        principals: [{ arn: 'arn:aws:iam::111122223333:role/app' }],
        keys: [
          { arn: KEY, keyState: 'Disabled', tags: { env: 'prod' }, grants: [{ grantId: 'g1', granteePrincipal: 'arn:aws:iam::111122223333:role/app', operations: ['Decrypt'] }] },
          { arn: 'arn:aws:kms:eu-west-1:111122223333:key/0000abcd-12ab-34cd-56ef-1234567890ab', keyState: 'PendingDeletion' },
        ],
      }),
    );
    if (!loaded.ok) throw new Error(loaded.problems.map(describeProblem).join('\n'));
    expect(loaded.world.getKey(KEY)?.keyState).toBe('Disabled');
    expect(loaded.world.getKey('arn:aws:kms:eu-west-1:111122223333:key/0000abcd-12ab-34cd-56ef-1234567890ab')?.keyState).toBe('PendingDeletion');
    expect(loaded.world.state.grants.g1.keyArn).toBe(KEY);
    const kms = loaded.world.client();
    expect((await kms.listResourceTags({ KeyId: KEY })).Tags).toEqual([{ TagKey: 'env', TagValue: 'prod' }]);
  });

  it('gives multi-Region keys their mrk- ids', async () => {
    const mrk = 'arn:aws:kms:us-east-1:111122223333:key/mrk-1234abcd12ab34cd56ef1234567890ab';
    const loaded = await loadScenario(minimal({ keys: [{ arn: mrk, multiRegion: true }] }));
    if (!loaded.ok) throw new Error(loaded.problems.map(describeProblem).join('\n'));
    const { KeyMetadata } = await loaded.world.client().describeKey({ KeyId: mrk });
    expect(KeyMetadata).toMatchObject({ Arn: mrk, MultiRegion: true });
    expect(KeyMetadata.CurrentKeyMaterialId).not.toMatch(/^1234abcd/);
  });

  it('exports a world to a scenario that reads back to the same decisions', async () => {
    const loaded = await loadScenario(EXAMPLE);
    if (!loaded.ok) throw new Error('not loaded');
    const exported = exportScenario(loaded.world, { requests: loaded.scenario.requests });
    const again = await loadScenario(JSON.stringify(exported));
    if (!again.ok) throw new Error(again.problems.map(describeProblem).join('\n'));
    const before = simulateScenario(loaded.world, loaded.scenario).results.map((r) => r.decision);
    const after = simulateScenario(again.world, again.scenario).results.map((r) => r.decision);
    expect(after).toEqual(before);
    // Configuration only: no key material, no secrets.
    expect(JSON.stringify(exported)).not.toMatch(/cryptoKey|secretAccessKey|materials/);
  });
});

describe('named policies ({ "name", "document" })', () => {
  const ALICE = 'arn:aws:iam::111122223333:user/alice';
  const allow = { Version: '2012-10-17', Statement: [{ Sid: 'UseKeys', Effect: 'Allow', Action: 'kms:Decrypt', Resource: '*' }] };
  const deny = { Version: '2012-10-17', Statement: [{ Sid: 'NoDecrypt', Effect: 'Deny', Action: 'kms:Decrypt', Resource: '*' }] };
  const named = minimal({
    organization: { id: 'o-exampleorg1', scps: [[{ name: 'FullAWSAccess', document: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] } }]] },
    principals: [{ arn: ALICE, policies: [{ name: 'KmsUsers', document: allow }, { name: 'Guardrail', document: JSON.stringify(deny) }], permissionsBoundary: { name: 'DevBoundary', document: allow } }],
    keys: [{ arn: KEY }],
    requests: [{ id: 'r', principal: ALICE, action: 'kms:Decrypt', resource: KEY, expect: 'ExplicitDeny' }],
  });

  it('are evaluated as their documents and called by their names', async () => {
    const loaded = await loadScenario(named);
    if (!loaded.ok) throw new Error(loaded.problems.map(describeProblem).join('\n'));
    const alice = loaded.world.identities.principals[ALICE];
    expect(alice.policies.map((p) => p.name)).toEqual(['KmsUsers', 'Guardrail']);
    expect(alice.permissionsBoundary?.name).toBe('DevBoundary');
    expect(loaded.world.identities.organization?.scps?.[0][0].name).toBe('FullAWSAccess');
    const [result] = simulateScenario(loaded.world, loaded.scenario).results;
    expect(result.decision).toBe('ExplicitDeny');
    expect(result.decidedBy).toEqual([expect.objectContaining({ policy: expect.stringContaining('Guardrail'), statement: 'NoDecrypt' })]);
  });

  it('keep their names through export, and bare documents stay bare', async () => {
    const loaded = await loadScenario(named);
    if (!loaded.ok) throw new Error('not loaded');
    const exported = exportScenario(loaded.world);
    expect(exported.principals?.[0].policies).toEqual([{ name: 'KmsUsers', document: allow }, { name: 'Guardrail', document: deny }]);
    expect(exported.principals?.[0].permissionsBoundary).toEqual({ name: 'DevBoundary', document: allow });
    expect(exported.organization?.scps?.[0][0]).toMatchObject({ name: 'FullAWSAccess' });
    const bare = await loadScenario(minimal({ principals: [{ arn: ALICE, policies: [allow], permissionsBoundary: allow }] }));
    if (!bare.ok) throw new Error('not loaded');
    expect(exportScenario(bare.world).principals?.[0]).toMatchObject({ policies: [allow], permissionsBoundary: allow });
  });

  it('place a broken document inside its entry', () => {
    const broken = minimal({ principals: [{ arn: ALICE, policies: [{ name: 'Bad', document: { Version: '2012-10-17', Statement: [{ Effect: 'Permit', Action: '*', Resource: '*' }] } }] }] });
    const [p] = problemsOf(JSON.stringify(broken, null, 2));
    expect(p.path).toBe('principals[0].policies[0].document');
    expect(p.line).toBeGreaterThan(1);
  });
});

describe('the published JSON Schema', () => {
  it('is the one generated from the schema in the code (npx tsx scripts/write-schema.ts)', () => {
    const published = JSON.parse(readFileSync(new URL('../../../public/schema/kms-scenario-1.json', import.meta.url), 'utf8'));
    expect(published).toEqual(JSON.parse(JSON.stringify(scenarioJsonSchema())));
  });
});

describe('a scenario evaluated from its document alone (describedView)', () => {
  it('reaches the loaded world\'s decisions, deciding statements and summaries, request by request', async () => {
    const loaded = await loadScenario(EXAMPLE);
    if (!loaded.ok) throw new Error(loaded.problems.map(describeProblem).join('\n'));
    const inWorld = simulateScenario(loaded.world, loaded.scenario);
    const described = simulateScenario(describedView(loaded.scenario), loaded.scenario);
    expect(described.results.length).toBe(7);
    expect(described.results.map((r) => [r.id, r.decision, r.decidedBy, r.summary])).toEqual(inWorld.results.map((r) => [r.id, r.decision, r.decidedBy, r.summary]));
    expect(described.summary).toEqual(inWorld.summary);
  });

  it('gives a key without a policy the default key policy, as loading does', async () => {
    const doc = minimal({
      clock: '2026-01-01T00:00:00Z',
      keys: [{ arn: KEY, aliases: ['alias/x'], grants: [{ grantId: 'g1', granteePrincipal: 'arn:aws:iam::111122223333:role/app', operations: ['Decrypt'], constraints: { encryptionContextSubset: { dept: 'hr' } } }] }],
      principals: [{ arn: 'arn:aws:iam::111122223333:role/app', policies: [{ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'kms:Encrypt', Resource: '*' }] }] }],
      requests: [
        { principal: 'arn:aws:iam::111122223333:role/app', action: 'kms:Encrypt', resource: KEY },
        { principal: 'arn:aws:iam::111122223333:role/app', action: 'kms:Decrypt', resource: KEY, encryptionContext: { dept: 'hr' } },
        { principal: 'arn:aws:iam::111122223333:role/app', action: 'kms:Decrypt', resource: KEY, encryptionContext: { dept: 'it' } },
        { principal: 'arn:aws:iam::111122223333:role/app', action: 'kms:Decrypt', resource: KEY, keyIdAsSent: 'alias/x' },
      ],
    });
    const loaded = await loadScenario(doc);
    if (!loaded.ok) throw new Error(loaded.problems.map(describeProblem).join('\n'));
    const a = simulateScenario(loaded.world, loaded.scenario).results.map((r) => [r.decision, r.decidedBy]);
    const b = simulateScenario(describedView(loaded.scenario), loaded.scenario).results.map((r) => [r.decision, r.decidedBy]);
    expect(b).toEqual(a);
    expect(b.map((r) => r[0])).toEqual(['Allow', 'Allow', 'ImplicitDeny', 'ImplicitDeny']);
  });
});

