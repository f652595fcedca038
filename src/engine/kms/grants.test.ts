// Grants (kms-behaviour.md §9): CRUD with AWS's rules, and — what emulators miss — grants taking part
// in authorization through the policy evaluator.
import { describe, expect, it } from 'vitest';
import { ACCOUNT, expectKmsError, setup, text, utf8 } from '../test-kit';

const BOB = `arn:aws:iam::${ACCOUNT}:user/bob`;
const CAROL = `arn:aws:iam::${ACCOUNT}:user/carol`;

/** A key whose policy lets only the account root manage it (no IAM delegation to bob), and bob with no IAM policies. */
async function world() {
  const { world, kms } = await setup();
  world.putPrincipal({ arn: BOB });
  world.putPrincipal({ arn: CAROL });
  const policy = JSON.stringify({
    Version: '2012-10-17',
    Statement: [{ Sid: 'root only', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` }, Action: 'kms:*', Resource: '*' }],
  });
  const key = (await kms.createKey({ Policy: policy })).KeyMetadata;
  return { world, kms, key, bob: world.client({ principal: BOB }), carol: world.client({ principal: CAROL }) };
}

describe('grants in authorization', () => {
  it('a grant lets bob Decrypt where no policy does, only with the encryption context its constraint names', async () => {
    const { kms, key, bob } = await world();
    const right = await kms.encrypt({ KeyId: key.KeyId, Plaintext: utf8('payroll'), EncryptionContext: { dept: 'hr' } });
    const wrong = await kms.encrypt({ KeyId: key.KeyId, Plaintext: utf8('other'), EncryptionContext: { dept: 'it' } });
    await expectKmsError(bob.decrypt({ CiphertextBlob: right.CiphertextBlob, EncryptionContext: { dept: 'hr' } }), 'AccessDeniedException', new RegExp(`^User: ${BOB} is not authorized to perform: kms:Decrypt on resource: ${key.Arn}`));
    const { GrantId, GrantToken } = await kms.createGrant({
      KeyId: key.KeyId,
      GranteePrincipal: BOB,
      Operations: ['Decrypt'],
      Constraints: { EncryptionContextEquals: { dept: 'hr' } },
    });
    expect(GrantId).toMatch(/^[0-9a-f]{64}$/);
    const { response, trace } = await bob.call('Decrypt', { CiphertextBlob: right.CiphertextBlob, EncryptionContext: { dept: 'hr' }, GrantTokens: [GrantToken] });
    expect(text(response.Plaintext)).toBe('payroll');
    expect(trace.events.find((e) => e.type === 'authorize')).toMatchObject({ decision: 'Allow' });
    await expectKmsError(bob.decrypt({ CiphertextBlob: wrong.CiphertextBlob, EncryptionContext: { dept: 'it' } }), 'AccessDeniedException');
    // The grant allows Decrypt only.
    await expectKmsError(bob.encrypt({ KeyId: key.KeyId, Plaintext: utf8('x'), EncryptionContext: { dept: 'hr' } }), 'AccessDeniedException');
    await kms.revokeGrant({ KeyId: key.KeyId, GrantId });
    await expectKmsError(bob.decrypt({ CiphertextBlob: right.CiphertextBlob, EncryptionContext: { dept: 'hr' } }), 'AccessDeniedException');
  });

  it('retiring: the retiring principal may; a grantee only if the grant allows RetireGrant; others may not', async () => {
    const { kms, key, bob, carol } = await world();
    const g1 = await kms.createGrant({ KeyId: key.KeyId, GranteePrincipal: BOB, Operations: ['Encrypt'], RetiringPrincipal: CAROL });
    await expectKmsError(bob.retireGrant({ KeyId: key.Arn, GrantId: g1.GrantId }), 'AccessDeniedException', `User: ${BOB} is not authorized to perform: kms:RetireGrant on resource: ${key.Arn} because no resource-based policy allows the kms:RetireGrant action`);
    await expectKmsError(carol.retireGrant({ GrantToken: g1.GrantToken, DryRun: true }), 'DryRunOperationException');
    await carol.retireGrant({ GrantToken: g1.GrantToken });
    expect((await kms.listGrants({ KeyId: key.KeyId })).Grants).toEqual([]);
    const g2 = await kms.createGrant({ KeyId: key.KeyId, GranteePrincipal: BOB, Operations: ['Encrypt', 'RetireGrant'] });
    await bob.retireGrant({ KeyId: key.KeyId, GrantId: g2.GrantId }); // a bare key id works too (AWS-validated)
    const g3 = await kms.createGrant({ KeyId: key.KeyId, GranteePrincipal: BOB, Operations: ['Encrypt'] });
    await kms.retireGrant({ KeyId: key.Arn, GrantId: g3.GrantId }); // the issuing account
    await expectKmsError(kms.retireGrant({ KeyId: key.Arn, GrantId: g3.GrantId }), 'NotFoundException', `Grant ID ${g3.GrantId} not found`);
    await expectKmsError(kms.retireGrant({ GrantToken: 'not a token!' }), 'InvalidGrantTokenException');
    await expectKmsError(kms.retireGrant({ KeyId: key.Arn, GrantId: 'nope' }), 'InvalidGrantIdException');
  });

  it('a grant-derived CreateGrant may only narrow the grant it comes from', async () => {
    const { kms, key, bob } = await world();
    await kms.createGrant({ KeyId: key.KeyId, GranteePrincipal: BOB, Operations: ['Decrypt', 'CreateGrant'], Constraints: { EncryptionContextSubset: { app: 'a' } } });
    await bob.createGrant({ KeyId: key.Arn, GranteePrincipal: CAROL, Operations: ['Decrypt'], Constraints: { EncryptionContextEquals: { app: 'a', x: '1' } } });
    await expectKmsError(bob.createGrant({ KeyId: key.Arn, GranteePrincipal: CAROL, Operations: ['Decrypt', 'Encrypt'], Constraints: { EncryptionContextSubset: { app: 'a' } } }), 'AccessDeniedException');
    await expectKmsError(bob.createGrant({ KeyId: key.Arn, GranteePrincipal: CAROL, Operations: ['Decrypt'] }), 'AccessDeniedException');
  });
});

describe('CreateGrant rules', () => {
  it('operations must suit the key type (ValidationException); names are enum values', async () => {
    const { kms, key } = await world();
    await expectKmsError(kms.createGrant({ KeyId: key.KeyId, GranteePrincipal: BOB, Operations: ['Sign'] }), 'ValidationException', /Grant operations \[Sign\] are not valid/);
    const hmac = (await kms.createKey({ KeySpec: 'HMAC_256', KeyUsage: 'GENERATE_VERIFY_MAC' })).KeyMetadata;
    await expectKmsError(kms.createGrant({ KeyId: hmac.KeyId, GranteePrincipal: BOB, Operations: ['Decrypt', 'GenerateMac'] }), 'ValidationException', /\[Decrypt\]/);
    await kms.createGrant({ KeyId: hmac.KeyId, GranteePrincipal: BOB, Operations: ['GenerateMac', 'VerifyMac', 'DescribeKey'] });
    await expectKmsError(
      kms.createGrant({ KeyId: key.KeyId, GranteePrincipal: BOB, Operations: ['DECRYPT' as never] }),
      'ValidationException',
      /Value 'DECRYPT' at 'operations.1.member' failed to satisfy constraint: Member must satisfy enum value set/,
    );
    await expectKmsError(kms.createGrant({ KeyId: key.KeyId, Operations: ['Decrypt'] }), 'ValidationException', /exactly one of GranteePrincipal and GranteeServicePrincipal/);
    await expectKmsError(
      kms.createGrant({ KeyId: key.KeyId, GranteePrincipal: BOB, Operations: ['Decrypt'], Constraints: { EncryptionContextSubset: Object.fromEntries(Array.from({ length: 9 }, (_, i) => [`k${i}`, 'v'])) } }),
      'ValidationException',
      /at most 8/,
    );
    await expectKmsError(kms.createGrant({ KeyId: 'alias/x', GranteePrincipal: BOB, Operations: ['Decrypt'] }), 'NotFoundException', 'Invalid keyId alias/x');
    await expectKmsError(kms.createGrant({ KeyId: key.KeyId, GranteePrincipal: BOB, Operations: ['Decrypt'], DryRun: true }), 'DryRunOperationException');
    await kms.disableKey({ KeyId: key.KeyId });
    await expectKmsError(kms.createGrant({ KeyId: key.KeyId, GranteePrincipal: BOB, Operations: ['Decrypt'] }), 'DisabledException', `${key.Arn} is disabled.`);
  });

  it('Name makes CreateGrant idempotent per key; the same name on another key is another grant', async () => {
    const { kms, key } = await world();
    const other = (await kms.createKey({})).KeyMetadata;
    const a = await kms.createGrant({ KeyId: key.KeyId, GranteePrincipal: BOB, Operations: ['Decrypt'], Name: 'app' });
    const b = await kms.createGrant({ KeyId: key.KeyId, GranteePrincipal: BOB, Operations: ['Decrypt'], Name: 'app' });
    expect(b.GrantId).toBe(a.GrantId);
    expect(b.GrantToken).not.toBe(a.GrantToken);
    const c = await kms.createGrant({ KeyId: other.KeyId, GranteePrincipal: BOB, Operations: ['Decrypt'], Name: 'app' });
    expect(c.GrantId).not.toBe(a.GrantId);
    expect((await kms.listGrants({ KeyId: key.KeyId })).Grants).toHaveLength(1);
  });

  it('ListGrants filters and pages; ListRetirableGrants finds grants by retiring principal', async () => {
    const { kms, key } = await world();
    const ids = [];
    for (let i = 0; i < 5; i++) ids.push((await kms.createGrant({ KeyId: key.KeyId, GranteePrincipal: i % 2 ? BOB : CAROL, Operations: ['Decrypt'], RetiringPrincipal: BOB })).GrantId);
    const page1 = await kms.listGrants({ KeyId: key.KeyId, Limit: 2 });
    expect(page1.Grants).toHaveLength(2);
    expect(page1.Truncated).toBe(true);
    const page2 = await kms.listGrants({ KeyId: key.KeyId, Limit: 10, Marker: page1.NextMarker });
    expect([...page1.Grants, ...page2.Grants].map((g) => g.GrantId)).toEqual(ids);
    expect(page1.Grants[0]).toMatchObject({ KeyId: key.Arn, IssuingAccount: `arn:aws:iam::${ACCOUNT}:root`, Operations: ['Decrypt'], RetiringPrincipal: BOB, CreationDate: expect.any(Date) });
    expect((await kms.listGrants({ KeyId: key.KeyId, GranteePrincipal: BOB })).Grants).toHaveLength(2);
    expect((await kms.listGrants({ KeyId: key.KeyId, GrantId: ids[3] })).Grants.map((g) => g.GrantId)).toEqual([ids[3]]);
    expect((await kms.listRetirableGrants({ RetiringPrincipal: BOB })).Grants).toHaveLength(5);
    expect((await kms.listRetirableGrants({ RetiringPrincipal: CAROL })).Grants).toHaveLength(0);
    await expectKmsError(kms.listGrants({ KeyId: key.KeyId, Marker: 'bogus' }), 'InvalidMarkerException');
  });

  it('grants of a deleted key go with it; a malformed grant token in GrantTokens is InvalidGrantTokenException', async () => {
    const { world: w, kms, key } = await world();
    await kms.createGrant({ KeyId: key.KeyId, GranteePrincipal: BOB, Operations: ['Decrypt'] });
    await expectKmsError(kms.encrypt({ KeyId: key.KeyId, Plaintext: utf8('x'), GrantTokens: ['no spaces allowed'] }), 'InvalidGrantTokenException');
    await kms.scheduleKeyDeletion({ KeyId: key.KeyId, PendingWindowInDays: 7 });
    await w.advanceClock({ days: 8 });
    expect(Object.keys(w.state.grants)).toEqual([]);
  });
});
