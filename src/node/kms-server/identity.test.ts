// Callers and Regions: the access key id selects the principal, its secret (when the world has one)
// checks the SigV4 signature, the credential scope gives the Region; the policy engine decides, and a
// denied caller gets AccessDeniedException worded as AWS words it, through the SDK (KMS's API model
// does not list AccessDeniedException, so the SDK raises it as a KMSServiceException of that name).
import { CreateKeyCommand, DecryptCommand, DescribeKeyCommand, EncryptCommand, KMSServiceException } from '@aws-sdk/client-kms';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startKmsServer, type RunningKmsServer } from './server';
import { parseAuthorization, verifySignature } from './sigv4';
import { ALICE, alice, BOB, bob, sdkClient, twoPrincipalWorld } from './test-support';

let server: RunningKmsServer;
let keyArn: string;
beforeAll(async () => {
  server = await startKmsServer({ port: 0, loadWorld: twoPrincipalWorld, log: () => undefined });
  keyArn = Object.keys(server.world().state.keys)[0];
});
afterAll(async () => {
  await server?.close();
});

async function failure(p: Promise<unknown>): Promise<KMSServiceException> {
  const e = await p.then(
    () => undefined,
    (x: unknown) => x,
  );
  expect(e).toBeInstanceOf(KMSServiceException);
  return e as KMSServiceException;
}

describe('callers from access keys', () => {
  // The key policy delegates to IAM (the root statement) and bob has no IAM policy: AWS words
  // that implicit deny as "no identity-based policy allows".
  it('alice (signature checked with her secret) encrypts and decrypts; bob gets AccessDeniedException with AWS\'s wording', async () => {
    const a = sdkClient(server.url, 'us-east-1', alice);
    const b = sdkClient(server.url, 'us-east-1', bob);
    try {
      const { CiphertextBlob } = await a.send(new EncryptCommand({ KeyId: keyArn, Plaintext: new TextEncoder().encode('for alice') }));
      expect(new TextDecoder().decode((await a.send(new DecryptCommand({ CiphertextBlob }))).Plaintext)).toBe('for alice');
      expect(server.world().auditLog().at(-1)?.userIdentity.arn).toBe(ALICE);

      const denied = await failure(b.send(new EncryptCommand({ KeyId: keyArn, Plaintext: new TextEncoder().encode('x') })));
      expect(denied.name).toBe('AccessDeniedException');
      expect(denied.message).toBe(`User: ${BOB} is not authorized to perform: kms:Encrypt on resource: ${keyArn} because no identity-based policy allows the kms:Encrypt action`);
      const deniedDecrypt = await failure(b.send(new DecryptCommand({ CiphertextBlob })));
      expect(deniedDecrypt.name).toBe('AccessDeniedException');
      expect(deniedDecrypt.message).toMatch(new RegExp(`^User: ${BOB} is not authorized to perform: kms:Decrypt on resource: `));
    } finally {
      a.destroy();
      b.destroy();
    }
  });

  it('an unknown access key gets UnrecognizedClientException; a wrong secret gets InvalidSignatureException', async () => {
    const stranger = sdkClient(server.url, 'us-east-1', { accessKeyId: 'AKIASTRANGER00000001', secretAccessKey: 'x' });
    const forger = sdkClient(server.url, 'us-east-1', { accessKeyId: alice.accessKeyId, secretAccessKey: 'not-alices-secret' });
    try {
      const e1 = await failure(stranger.send(new DescribeKeyCommand({ KeyId: keyArn })));
      expect(e1.name).toBe('UnrecognizedClientException');
      expect(e1.message).toBe('The security token included in the request is invalid.');
      const e2 = await failure(forger.send(new DescribeKeyCommand({ KeyId: keyArn })));
      expect(e2.name).toBe('InvalidSignatureException');
      expect(e2.message).toMatch(/^The request signature we calculated does not match the signature you provided/);
      expect(e2.$metadata.httpStatusCode).toBe(400);
    } finally {
      stranger.destroy();
      forger.destroy();
    }
  });

  it('the Region comes from the credential scope: keys are regional', async () => {
    const eu = sdkClient(server.url, 'eu-west-1', alice);
    const apse = sdkClient(server.url, 'ap-southeast-2', alice);
    try {
      const e = await failure(eu.send(new DescribeKeyCommand({ KeyId: keyArn })));
      expect(e.name).toBe('NotFoundException');
      // alice has no IAM policy: CreateKey is hers only through an identity-based policy.
      const denied = await failure(apse.send(new CreateKeyCommand({})));
      expect(denied.name).toBe('AccessDeniedException');
      expect(denied.message).toMatch(/because no identity-based policy allows the kms:CreateKey action$/);
    } finally {
      eu.destroy();
      apse.destroy();
    }
  });

  it('a malformed region or the wrong service in the scope is refused', async () => {
    for (const [scope, message] of [
      ['AKIAALICE00000000001/20260101/not_a_region/kms/aws4_request', 'Credential should be scoped to a valid region. '],
      ['AKIAALICE00000000001/20260101/us-east-1/s3/aws4_request', "Credential should be scoped to correct service: 'kms'. "],
    ]) {
      const res = await fetch(server.url, {
        method: 'POST',
        headers: { 'X-Amz-Target': 'TrentService.ListKeys', Authorization: `AWS4-HMAC-SHA256 Credential=${scope}, SignedHeaders=host, Signature=00` },
        body: '{}',
      });
      expect(res.status).toBe(400);
      expect(await res.json()).toEqual({ __type: 'InvalidSignatureException', message });
    }
    const incomplete = await fetch(server.url, { method: 'POST', headers: { 'X-Amz-Target': 'TrentService.ListKeys', Authorization: 'AWS4-HMAC-SHA256 Credential=x' }, body: '{}' });
    expect(((await incomplete.json()) as { __type: string }).__type).toBe('IncompleteSignatureException');
  });
});

describe('SigV4 verification against AWS\'s published test vectors', () => {
  const secret = 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY';
  const at = Date.parse('2015-08-30T12:36:00Z');
  const vector = (url: string, signature: string) => {
    const authorization = `AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders=host;x-amz-date, Signature=${signature}`;
    const req = { method: 'GET', url, rawHeaders: ['Host', 'example.amazonaws.com', 'X-Amz-Date', '20150830T123600Z'], body: Buffer.alloc(0) };
    return { req, auth: parseAuthorization(authorization) };
  };

  it('get-vanilla and get-vanilla-query-order-key-case verify; a changed signature or an old date does not', () => {
    const v1 = vector('/', '5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31');
    expect(() => verifySignature(v1.req, v1.auth, secret, at, 'service')).not.toThrow();
    const v2 = vector('/?Param2=value2&Param1=value1', 'b97d918cfa904a5beff61c982a1b6f458b799221646efd99d3219ec94cdf2500');
    expect(() => verifySignature(v2.req, v2.auth, secret, at, 'service')).not.toThrow();
    const bad = vector('/', '5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf30');
    expect(() => verifySignature(bad.req, bad.auth, secret, at, 'service')).toThrow(/does not match/);
    expect(() => verifySignature(v1.req, v1.auth, secret, at + 14 * 60_000, 'service')).not.toThrow();
    expect(() => verifySignature(v1.req, v1.auth, secret, at + 16 * 60_000, 'service')).toThrow(
      'Signature expired: 20150830T123600Z is now earlier than 20150830T123700Z (20150830T125200Z - 15 min.)',
    );
    expect(() => verifySignature(v1.req, v1.auth, secret, at - 16 * 60_000, 'service')).toThrow(
      'Signature not yet current: 20150830T123600Z is still later than 20150830T123500Z (20150830T122000Z + 15 min.)',
    );
    expect(() => verifySignature(v1.req, v1.auth, secret, at)).toThrow("Credential should be scoped to correct service: 'kms'. ");
  });
});
