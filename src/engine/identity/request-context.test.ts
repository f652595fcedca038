// The condition keys AWS supplies with a request (scenario-format.md "Derived context";
// KMS developer guide, conditions-kms and "AWS global condition context keys").
import { describe, expect, it } from 'vitest';
import { deriveContext, type ContextInputs, type KeyFacts } from './request-context';
import { emptyIdentityState, resolvePrincipal, type IdentityState } from './principals';

const KEY: KeyFacts = {
  arn: 'arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab',
  accountId: '111122223333',
  region: 'us-east-1',
  keySpec: 'SYMMETRIC_DEFAULT',
  keyUsage: 'ENCRYPT_DECRYPT',
  origin: 'AWS_KMS',
  keyManager: 'CUSTOMER',
  multiRegion: false,
  tags: { env: 'prod' },
  aliases: ['alias/app', 'alias/finance'],
};

function inputs(over: Partial<ContextInputs> & { principalArn?: string; identities?: IdentityState } = {}): ContextInputs {
  const identities = over.identities ?? emptyIdentityState();
  return {
    identities,
    principal: resolvePrincipal(identities, over.principalArn ?? 'arn:aws:iam::111122223333:user/alice'),
    operation: 'Decrypt',
    region: 'us-east-1',
    key: KEY,
    now: new Date('2026-03-01T12:00:00Z'),
    ...over,
  };
}

describe('derived condition keys', () => {
  it('describes the caller, the key and the time', () => {
    const ctx = deriveContext(inputs());
    expect(ctx).toMatchObject({
      'aws:PrincipalArn': 'arn:aws:iam::111122223333:user/alice',
      'aws:PrincipalAccount': '111122223333',
      'aws:PrincipalType': 'User',
      'aws:username': 'alice',
      'kms:CallerAccount': '111122223333',
      'aws:ResourceAccount': '111122223333',
      'aws:ResourceTag/env': 'prod',
      'kms:KeySpec': 'SYMMETRIC_DEFAULT',
      'kms:KeyOrigin': 'AWS_KMS',
      'kms:KeyManager': 'CUSTOMER',
      'kms:ResourceAliases': ['alias/app', 'alias/finance'],
      'aws:CurrentTime': '2026-03-01T12:00:00Z',
      'aws:EpochTime': String(Date.parse('2026-03-01T12:00:00Z') / 1000),
      'aws:RequestedRegion': 'us-east-1',
      // The operation takes an EncryptionAlgorithm; omitted, it is SYMMETRIC_DEFAULT.
      'kms:EncryptionAlgorithm': 'SYMMETRIC_DEFAULT',
    });
    // No encryption context in the request: the keys are missing, not empty.
    expect(ctx).not.toHaveProperty('kms:EncryptionContextKeys');
    // kms:ViaService exists only when a service calls on the caller's behalf.
    expect(ctx).not.toHaveProperty('kms:ViaService');
  });

  it('sets kms:RequestAlias only when the request names the key by an alias', () => {
    expect(deriveContext(inputs({ keyIdAsSent: 'alias/app' }))['kms:RequestAlias']).toBe('alias/app');
    expect(deriveContext(inputs({ keyIdAsSent: 'arn:aws:kms:us-east-1:111122223333:alias/app' }))['kms:RequestAlias']).toBe('alias/app');
    expect(deriveContext(inputs({ keyIdAsSent: KEY.arn }))).not.toHaveProperty('kms:RequestAlias');
  });

  it('turns the encryption context into kms:EncryptionContext:* and kms:EncryptionContextKeys', () => {
    const ctx = deriveContext(inputs({ encryptionContext: { Project: 'alpha', dept: 'hr' } }));
    expect(ctx['kms:EncryptionContext:Project']).toBe('alpha');
    expect(ctx['kms:EncryptionContextKeys']).toEqual(['Project', 'dept']);
  });

  it('for a role session, aws:PrincipalArn is the role and the role’s tags are principal tags', () => {
    const identities = emptyIdentityState();
    identities.principals['arn:aws:iam::111122223333:role/app'] = { arn: 'arn:aws:iam::111122223333:role/app', policies: [], tags: { team: 'payments' } };
    const ctx = deriveContext(inputs({ identities, principalArn: 'arn:aws:sts::111122223333:assumed-role/app/job-42' }));
    expect(ctx['aws:PrincipalArn']).toBe('arn:aws:iam::111122223333:role/app');
    expect(ctx['aws:PrincipalType']).toBe('AssumedRole');
    expect(ctx['aws:PrincipalTag/team']).toBe('payments');
    expect(ctx).not.toHaveProperty('aws:username');
  });

  it('adds aws:PrincipalOrgID for members of the organization', () => {
    const identities = emptyIdentityState();
    identities.organization = { id: 'o-exampleorg1' };
    identities.accounts['111122223333'].inOrganization = true;
    expect(deriveContext(inputs({ identities }))['aws:PrincipalOrgID']).toBe('o-exampleorg1');
    expect(deriveContext(inputs())).not.toHaveProperty('aws:PrincipalOrgID');
  });

  it('takes request parameters with their defaults', () => {
    expect(deriveContext(inputs({ operation: 'Sign', requestParameters: { SigningAlgorithm: 'ECDSA_SHA_256' } }))).toMatchObject({
      'kms:SigningAlgorithm': 'ECDSA_SHA_256',
      'kms:MessageType': 'RAW',
    });
    expect(deriveContext(inputs({ operation: 'ScheduleKeyDeletion', requestParameters: {} }))['kms:ScheduleKeyDeletionPendingWindowInDays']).toBe('30');
    expect(deriveContext(inputs({ operation: 'CreateKey', key: undefined, requestParameters: {} }))).toMatchObject({
      'kms:KeySpec': 'SYMMETRIC_DEFAULT',
      'kms:KeyUsage': 'ENCRYPT_DECRYPT',
      'kms:KeyOrigin': 'AWS_KMS',
      'kms:BypassPolicyLockoutSafetyCheck': 'false',
    });
    expect(deriveContext(inputs({ operation: 'ImportKeyMaterial', requestParameters: {} }))['kms:ExpirationModel']).toBe('KEY_MATERIAL_EXPIRES');
    const grant = deriveContext(inputs({ operation: 'CreateGrant', requestParameters: { Operations: ['Decrypt'], GranteePrincipal: 'arn:aws:iam::111122223333:role/app', Constraints: { EncryptionContextSubset: { a: 'b' } } } }));
    expect(grant).toMatchObject({ 'kms:GrantOperations': ['Decrypt'], 'kms:GrantConstraintType': 'EncryptionContextSubset', 'kms:GrantIsForAWSResource': 'false' });
  });

  it('lets the caller’s own keys (kms:ViaService, aws:SourceIp) override, case-insensitively', () => {
    const ctx = deriveContext(inputs({ callerContext: { 'kms:viaservice': 's3.us-east-1.amazonaws.com', 'KMS:CallerAccount': '444455556666' } }));
    expect(ctx['kms:viaservice']).toBe('s3.us-east-1.amazonaws.com');
    expect(ctx['KMS:CallerAccount']).toBe('444455556666');
    expect(ctx).not.toHaveProperty('kms:CallerAccount');
  });
});
