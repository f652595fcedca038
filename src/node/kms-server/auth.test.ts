// SigV4, exactly: the signature covers the body received (never what a header claims), the
// credential scope's date is the X-Amz-Date day, the request time is within 15 minutes of the
// machine's real time (not the lab's simulated clock), the service is kms and Host is signed. The
// good cases are signed by the real SDK's signer; each attack is that request, changed, sent byte
// for byte. And /_lab/* needs the same signature, by an account root or a kmslab:labAdmin principal,
// whenever signature checks are on.
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { DescribeKeyCommand, EncryptCommand } from '@aws-sdk/client-kms';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWorld, type CryptoPort } from '@kms-lab/engine';
import { LAB_ADMIN_TAG, startKmsServer, type RunningKmsServer } from './server';
import { signature, stringToSign, parseAuthorization } from './sigv4';
import { ALICE, alice, bob, sdkSignedRequest, sendRaw, smithySigned, twoPrincipalWorld, type RawRequest } from './test-support';

const ADMIN = 'arn:aws:iam::111122223333:user/teacher';
const admin = { accessKeyId: 'AKIATEACHER000000001', secretAccessKey: 'teacher-secret' };
const ROOT = 'arn:aws:iam::111122223333:root';
const root = { accessKeyId: 'AKIAROOT000000000001', secretAccessKey: 'root-secret' };

async function labWorld(crypto: CryptoPort) {
  const world = await twoPrincipalWorld(crypto);
  world.putPrincipal({ arn: ADMIN, ...admin, tags: { [LAB_ADMIN_TAG]: 'true' } });
  world.putPrincipal({ arn: ROOT, ...root });
  return world;
}

let server: RunningKmsServer;
let keyArn: string;
const logged: string[] = [];
beforeAll(async () => {
  server = await startKmsServer({ port: 0, loadWorld: labWorld, log: (l) => logged.push(l) });
  keyArn = Object.keys(server.world().state.keys)[0];
});
afterAll(async () => {
  await server?.close();
});

const sha256 = (s: string | Buffer) => createHash('sha256').update(s).digest('hex');
const describeKey = () => new DescribeKeyCommand({ KeyId: keyArn });
const encryptOf = (text: string) => new EncryptCommand({ KeyId: keyArn, Plaintext: new TextEncoder().encode(text) });

function expectError(r: { status: number; json: Record<string, unknown> | undefined }, type: string, message: string | RegExp) {
  expect(r.json?.__type, JSON.stringify(r.json)).toBe(type);
  if (typeof message === 'string') expect(r.json?.message).toBe(message);
  else expect(String(r.json?.message)).toMatch(message);
}

/** Re-signs `r` with our own signer after a change (for the cases the SDK cannot be made to produce). */
function resign(r: RawRequest, secret: string, change: { scopeDate?: string; service?: string; signedHeaders?: string[] }): RawRequest {
  const auth = parseAuthorization(r.headers.authorization);
  const next = { ...auth, date: change.scopeDate ?? auth.date, service: change.service ?? auth.service, signedHeaders: change.signedHeaders ?? auth.signedHeaders };
  const rawHeaders = Object.entries(r.headers).flat();
  const { stringToSign: sts } = stringToSign({ method: r.method, url: r.path, rawHeaders, body: Buffer.from(r.body) }, next);
  const sig = signature(secret, next, sts);
  return {
    ...r,
    headers: {
      ...r.headers,
      authorization: `AWS4-HMAC-SHA256 Credential=${auth.accessKeyId}/${next.date}/${auth.region}/${next.service}/aws4_request, SignedHeaders=${next.signedHeaders.join(';')}, Signature=${sig}`,
    },
  };
}

describe('SigV4: the signature covers exactly what the server acts on', () => {
  it('the SDK-signed request, sent byte for byte, goes through (the good case; the SDK signs x-amz-content-sha256)', async () => {
    const r = await sdkSignedRequest(server.url, describeKey(), { credentials: alice });
    expect(r.headers['x-amz-content-sha256']).toBe(sha256(r.body as string));
    expect(parseAuthorization(r.headers.authorization).signedHeaders).toContain('x-amz-content-sha256');
    const res = await sendRaw(server.url, r);
    expect(res.status).toBe(200);
    expect((res.json?.KeyMetadata as Record<string, unknown>).Arn).toBe(keyArn);
  });

  it('the signed request with another body (its signed x-amz-content-sha256 kept) is InvalidSignatureException', async () => {
    const r = await sdkSignedRequest(server.url, encryptOf('the signed text'), { credentials: alice });
    const forged = { ...r, body: JSON.stringify({ KeyId: keyArn, Plaintext: Buffer.from('forged').toString('base64') }) };
    expectError(await sendRaw(server.url, forged), 'InvalidSignatureException', "The provided 'x-amz-content-sha256' header does not match what was computed from the request body.");
    // The header changed to the new body's hash: the signature no longer matches.
    const rehashed = { ...forged, headers: { ...r.headers, 'x-amz-content-sha256': sha256(forged.body) } };
    expectError(await sendRaw(server.url, rehashed), 'InvalidSignatureException', /^The request signature we calculated does not match/);
  });

  it('a request signed without x-amz-content-sha256, replayed with that header added (unsigned) and another body, is InvalidSignatureException', async () => {
    const signed = await sdkSignedRequest(server.url, encryptOf('the signed text'), { credentials: alice });
    const headers = { ...signed.headers };
    delete headers['x-amz-content-sha256'];
    const plain = resign({ ...signed, headers }, alice.secretAccessKey, { signedHeaders: parseAuthorization(signed.headers.authorization).signedHeaders.filter((h) => h !== 'x-amz-content-sha256') });
    expect((await sendRaw(server.url, plain)).status).toBe(200);
    const forged = { ...plain, headers: { ...plain.headers, 'x-amz-content-sha256': sha256(plain.body as string) }, body: JSON.stringify({ KeyId: keyArn, Plaintext: Buffer.from('forged').toString('base64') }) };
    expectError(await sendRaw(server.url, forged), 'InvalidSignatureException', "'x-amz-content-sha256' must be a 'SignedHeader' in the AWS Authorization when it is sent.");
    expectError(await sendRaw(server.url, { ...forged, headers: plain.headers }), 'InvalidSignatureException', /^The request signature we calculated does not match/);
  });

  it('UNSIGNED-PAYLOAD (signed, by the SDK signer) is refused, with any body, even the one sent', async () => {
    const r = await sdkSignedRequest(server.url, describeKey(), { credentials: alice, beforeSigning: (req) => (req.headers['x-amz-content-sha256'] = 'UNSIGNED-PAYLOAD') });
    expect(parseAuthorization(r.headers.authorization).signedHeaders).toContain('x-amz-content-sha256');
    const refused = /^x-amz-content-sha256 must be the hex SHA-256 of the request body: KMS does not accept 'UNSIGNED-PAYLOAD'/;
    expectError(await sendRaw(server.url, r), 'InvalidSignatureException', refused);
    expectError(await sendRaw(server.url, { ...r, body: JSON.stringify({ KeyId: 'alias/other' }) }), 'InvalidSignatureException', refused);
  });

  it('a signed x-amz-content-sha256 must equal the SHA-256 of the body received', async () => {
    const good = await sdkSignedRequest(server.url, describeKey(), { credentials: alice, beforeSigning: (req) => (req.headers['x-amz-content-sha256'] = sha256(req.body as string)) });
    expect((await sendRaw(server.url, good)).status).toBe(200);
    const other = JSON.stringify({ KeyId: 'alias/elsewhere' });
    expectError(await sendRaw(server.url, { ...good, body: other }), 'InvalidSignatureException', "The provided 'x-amz-content-sha256' header does not match what was computed from the request body.");
    // A header naming the new body, signed for the old: the signature no longer matches.
    expectError(await sendRaw(server.url, { ...good, headers: { ...good.headers, 'x-amz-content-sha256': sha256(other) }, body: other }), 'InvalidSignatureException', /^The request signature we calculated does not match/);
  });
});

describe('SigV4: what AWS checks besides the signature', () => {
  it('the credential scope date must be the X-Amz-Date day', async () => {
    const r = await sdkSignedRequest(server.url, describeKey(), { credentials: alice });
    const day = r.headers['x-amz-date'].slice(0, 8);
    const previous = new Date(Date.parse(`${day.slice(0, 4)}-${day.slice(4, 6)}-${day.slice(6)}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10).replace(/-/g, '');
    const res = await sendRaw(server.url, resign(r, alice.secretAccessKey, { scopeDate: previous }));
    expectError(res, 'InvalidSignatureException', `Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '${previous}' != '${day}', from '${r.headers['x-amz-date']}'.`);
  });

  it('15 minutes of skew against the real clock: 14 min is fine, 16 min behind is "Signature expired", 16 min ahead "not yet current"', async () => {
    for (const [offset, outcome] of [
      [-14 * 60_000, 'ok'],
      [14 * 60_000, 'ok'],
      [-16 * 60_000, /^Signature expired: \d{8}T\d{6}Z is now earlier than \d{8}T\d{6}Z \(\d{8}T\d{6}Z - 15 min\.\)$/],
      [16 * 60_000, /^Signature not yet current: \d{8}T\d{6}Z is still later than \d{8}T\d{6}Z \(\d{8}T\d{6}Z \+ 15 min\.\)$/],
    ] as const) {
      const r = await sdkSignedRequest(server.url, describeKey(), { credentials: alice, systemClockOffset: offset });
      const res = await sendRaw(server.url, r);
      if (outcome === 'ok') expect(res.status, res.text).toBe(200);
      else expectError(res, 'InvalidSignatureException', outcome);
    }
  });

  it('the lab clock does not move the signature window: 400 days on, a signature made now is good and one 16 min old is expired', async () => {
    const moved = await sendRaw(server.url, await smithySigned(server.url, { method: 'POST', path: '/_lab/clock', body: '{"advanceDays": 400}' }, admin));
    expect(moved.status, moved.text).toBe(200);
    expect((await sendRaw(server.url, await sdkSignedRequest(server.url, describeKey(), { credentials: alice }))).status).toBe(200);
    expectError(await sendRaw(server.url, await sdkSignedRequest(server.url, describeKey(), { credentials: alice, systemClockOffset: -16 * 60_000 })), 'InvalidSignatureException', /^Signature expired/);
  });

  it('the service must be kms, signed as such', async () => {
    const r = await sdkSignedRequest(server.url, describeKey(), { credentials: alice });
    expectError(await sendRaw(server.url, resign(r, alice.secretAccessKey, { service: 's3' })), 'InvalidSignatureException', "Credential should be scoped to correct service: 'kms'. ");
  });

  it('Host must be a signed header', async () => {
    const r = await sdkSignedRequest(server.url, describeKey(), { credentials: alice });
    const without = parseAuthorization(r.headers.authorization).signedHeaders.filter((h) => h !== 'host');
    expectError(await sendRaw(server.url, resign(r, alice.secretAccessKey, { signedHeaders: without })), 'InvalidSignatureException', "'Host' must be a 'SignedHeader' in the AWS Authorization.");
    // And the Host sent must be the one signed.
    expectError(await sendRaw(server.url, { ...r, headers: { ...r.headers, host: 'kms.us-east-1.amazonaws.com' } }), 'InvalidSignatureException', /^The request signature we calculated does not match/);
  });
});

describe('/_lab/* with signature checks on', () => {
  const lab = (path: string, method = 'GET', body = '') => ({ method, path, body });
  const clockBefore = () => server.world().nowMs();

  it('unsigned: MissingAuthenticationTokenException, for every lab path (reset too, and paths that do not exist)', async () => {
    const before = clockBefore();
    for (const [method, path, body] of [
      ['GET', '/_lab/clock', ''],
      ['POST', '/_lab/clock', '{"advanceDays": 3}'],
      ['GET', '/_lab/audit?limit=5', ''],
      ['POST', '/_lab/reset', ''],
      ['GET', '/_lab/anything-later', ''],
    ]) {
      const res = await sendRaw(server.url, { method, path, headers: { host: new URL(server.url).host }, body });
      expect(res.status).toBe(400);
      expectError(res, 'MissingAuthenticationTokenException', 'Missing Authentication Token');
    }
    expect(clockBefore()).toBeGreaterThanOrEqual(before);
    expect(clockBefore() - before).toBeLessThan(86_400_000);
  });

  it('a principal that is not a lab admin (alice, signing), or cannot sign (bob), gets 403 AccessDeniedException', async () => {
    const a = await sendRaw(server.url, await smithySigned(server.url, lab('/_lab/audit?limit=1'), alice));
    expect(a.status).toBe(403);
    expectError(a, 'AccessDeniedException', `${ALICE} may not use the KMS Lab endpoint /_lab/audit: with signature checks on, only an account root or a principal tagged kmslab:labAdmin=true, signing with its secretAccessKey, may.`);
    const b = await sendRaw(server.url, await smithySigned(server.url, lab('/_lab/reset', 'POST'), bob));
    expect(b.status).toBe(403);
    expect(b.json?.__type).toBe('AccessDeniedException');
  });

  it('a forged admin signature is InvalidSignatureException; the admin and the account root, signing, get in', async () => {
    const forged = await sendRaw(server.url, await smithySigned(server.url, lab('/_lab/clock'), { ...admin, secretAccessKey: 'guess' }));
    expectError(forged, 'InvalidSignatureException', /^The request signature we calculated does not match/);
    for (const who of [admin, root]) {
      const res = await sendRaw(server.url, await smithySigned(server.url, lab('/_lab/audit?limit=2'), who));
      expect(res.status, res.text).toBe(200);
      expect((res.json?.events as unknown[]).length).toBe(2);
    }
    // For KMS calls the root is an ordinary caller (the key policy's root statement lets it in).
    expect((await sendRaw(server.url, await sdkSignedRequest(server.url, describeKey(), { credentials: root }))).status).toBe(200);
  });

  it('curl --aws-sigv4, as docs/kms-endpoint.md shows it, is accepted for the admin', async () => {
    const out = await new Promise<string>((resolve, reject) =>
      execFile('curl', ['-s', '--aws-sigv4', 'aws:amz:us-east-1:kms', '--user', `${admin.accessKeyId}:${admin.secretAccessKey}`, `${server.url}/_lab/clock`], (e, stdout) => (e ? reject(e) : resolve(stdout))),
    );
    expect(JSON.parse(out)).toEqual({ now: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T/) as unknown });
  });
});

describe('lab endpoints left open', () => {
  it('binding beyond loopback with open lab endpoints prints a warning; with signature checks on, or on loopback, none', async () => {
    const lines: string[] = [];
    const open = await startKmsServer({ port: 0, host: '0.0.0.0', log: (l) => lines.push(l) });
    await open.close();
    expect(lines.join('\n')).toMatch(/WARNING: listening on 0\.0\.0\.0, beyond this machine, with the lab endpoints \(\/_lab\/clock, \/_lab\/audit, \/_lab\/reset, \/_lab\/events\) open to anyone/);
    const quiet: string[] = [];
    const closed = await startKmsServer({ port: 0, host: '0.0.0.0', loadWorld: labWorld, log: (l) => quiet.push(l) });
    await closed.close();
    const loopback = await startKmsServer({ port: 0, log: (l) => quiet.push(l) });
    await loopback.close();
    expect(quiet.join('\n')).not.toMatch(/WARNING/);
    expect(logged.join('\n')).not.toMatch(/WARNING/);
  });

  it('without signature checks (a scenario with no secrets) the lab stays open on loopback, as before', async () => {
    const s = await startKmsServer({
      port: 0,
      log: () => undefined,
      loadWorld: async (crypto) => {
        const w = await createWorld({ crypto });
        w.putPrincipal({ arn: 'arn:aws:iam::111122223333:user/nosecret', accessKeyId: 'AKIANOSECRET00000001' });
        return w;
      },
    });
    try {
      const res = await fetch(`${s.url}/_lab/clock`);
      expect(res.status).toBe(200);
    } finally {
      await s.close();
    }
  });
});
