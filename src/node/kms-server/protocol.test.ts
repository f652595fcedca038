// The wire protocol by hand (raw HTTP): error shapes for bad input, body limits, slow and aborted
// clients, epoch-second timestamps, the /_lab/ extensions and the clock. After each abuse the
// server must still answer.
import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { binaryAndTimeMembers, KMS_MODEL, statusOf } from './model';
import { BODY_LIMIT, startKmsServer, type RunningKmsServer } from './server';

let server: RunningKmsServer;
// Any access key is the root user without a scenario; no signature is checked then.
const AUTH = 'AWS4-HMAC-SHA256 Credential=AKIATEST/20260101/us-east-1/kms/aws4_request, SignedHeaders=host;x-amz-date, Signature=00';

beforeAll(async () => {
  server = await startKmsServer({ port: 0, now: new Date('2026-01-01T00:00:00Z'), requestTimeoutMs: 1_500, headersTimeoutMs: 1_000, log: () => undefined });
});
afterAll(async () => {
  await server?.close();
});

async function call(target: string | undefined, body: string | Uint8Array<ArrayBuffer>, headers: Record<string, string> = { Authorization: AUTH }) {
  const res = await fetch(server.url, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-amz-json-1.1', ...(target ? { 'X-Amz-Target': target } : {}), ...headers },
    body,
  });
  const text = await res.text();
  return { status: res.status, text, json: text ? (JSON.parse(text) as Record<string, unknown>) : undefined, headers: res.headers };
}

async function stillServes() {
  const r = await call('TrentService.ListKeys', '{}');
  expect(r.status).toBe(200);
}

/** Raw bytes over a socket; resolves with whatever the server sent before closing (or after `waitMs`). */
function rawExchange(chunks: (string | Buffer)[], options: { endAfter?: boolean; waitMs?: number; destroyAfter?: boolean } = {}): Promise<string> {
  return new Promise((resolve) => {
    const socket = connect(server.port, '127.0.0.1');
    let got = '';
    const timer = setTimeout(() => {
      socket.destroy();
      resolve(got);
    }, options.waitMs ?? 5_000);
    socket.on('data', (d) => (got += d.toString()));
    socket.on('error', () => undefined);
    socket.on('close', () => {
      clearTimeout(timer);
      resolve(got);
    });
    socket.on('connect', () => {
      for (const c of chunks) socket.write(c);
      if (options.destroyAfter) {
        socket.destroy();
        return;
      }
      if (options.endAfter) socket.end();
    });
  });
}

describe('protocol errors', () => {
  it('a request without Authorization gets MissingAuthenticationTokenException', async () => {
    const r = await call('TrentService.ListKeys', '{}', {});
    expect(r.status).toBe(400);
    expect(r.json).toEqual({ __type: 'MissingAuthenticationTokenException', message: 'Missing Authentication Token' });
  });

  it('an unknown or missing target gets UnknownOperationException', async () => {
    for (const target of ['TrentService.MakeCoffee', 'Other.ListKeys', undefined]) {
      const r = await call(target, '{}');
      expect(r.status).toBe(400);
      expect(r.json?.__type).toBe('UnknownOperationException');
    }
    await stillServes();
  });

  it('a body that is not JSON, or of the wrong JSON types, gets SerializationException', async () => {
    const cases: [string, string][] = [
      ['{not json', 'Unexpected token received from parser'],
      ['[1,2]', 'Start of list found where not expected'],
      ['"text"', 'STRING_VALUE can not be converted to a Structure'],
      ['{"Limit": "ten"}', 'STRING_VALUE can not be converted to an Integer'],
      ['{"Marker": 5}', 'NUMBER_VALUE can not be converted to a String'],
      ['{"Marker": {"a": 1}}', 'Start of structure or map found where not expected.'],
    ];
    for (const [body, message] of cases) {
      const r = await call('TrentService.ListKeys', body);
      expect(r.status, body).toBe(400);
      expect(r.json, body).toEqual({ __type: 'SerializationException', message });
    }
    const blob = await call('TrentService.Decrypt', '{"CiphertextBlob": "***not base64***"}');
    expect(blob.json?.__type).toBe('SerializationException');
    const list = await call('TrentService.CreateKey', '{"Tags": {"TagKey": "a"}}');
    expect(list.json?.__type).toBe('SerializationException');
    await stillServes();
  });

  it('a timestamp that names no instant (1e308 seconds, an unparsable string) is SerializationException, and nothing is recorded', async () => {
    const before = (await call('TrentService.ListKeys', '{}')).status;
    expect(before).toBe(200);
    for (const ValidTo of [1e308, -1e308, 'not a date']) {
      const r = await call('TrentService.ImportKeyMaterial', JSON.stringify({ KeyId: '1234abcd-12ab-34cd-56ef-1234567890ab', ImportToken: 'AA==', EncryptedKeyMaterial: 'AA==', ValidTo }));
      expect(r.status, String(ValidTo)).toBe(400);
      expect(r.json?.__type, String(ValidTo)).toBe('SerializationException');
    }
    // The audit log (which once failed on an Invalid Date, and then on every later call) still renders.
    const audit = await fetch(`${server.url}/_lab/audit?limit=5`);
    expect(audit.status).toBe(200);
    await stillServes();
  });

  it('a missing required member is the engine\'s ValidationException; unknown members and nulls are ignored', async () => {
    const r = await call('TrentService.Encrypt', '{"Plaintext": "aGk="}');
    expect(r.status).toBe(400);
    expect(r.json?.__type).toBe('ValidationException');
    expect(r.json?.message).toMatch(/keyId/);
    const ok = await call('TrentService.CreateKey', '{"Description": null, "NotAMember": 1}');
    expect(ok.status).toBe(200);
  });

  it('5xx only for the model\'s faults', () => {
    expect(statusOf('KMSInternalException')).toBe(500);
    expect(statusOf('KeyUnavailableException')).toBe(500);
    expect(statusOf('DependencyTimeoutException')).toBe(503);
    expect(statusOf('NotFoundException')).toBe(400);
    expect(statusOf('AccessDeniedException')).toBe(400);
  });
});

describe('the wire format', () => {
  it('blobs are base64 and timestamps are epoch seconds (numbers)', async () => {
    const created = await call('TrentService.CreateKey', '{}');
    const meta = created.json?.KeyMetadata as Record<string, unknown>;
    expect(typeof meta.CreationDate).toBe('number');
    expect(Math.abs((meta.CreationDate as number) - Date.parse('2026-01-01T00:00:00Z') / 1000)).toBeLessThan(60);
    expect(created.headers.get('content-type')).toBe('application/x-amz-json-1.1');
    expect(created.headers.get('x-amzn-requestid')).toMatch(/^[0-9a-f-]{36}$/);
    const encrypted = await call('TrentService.Encrypt', JSON.stringify({ KeyId: meta.KeyId, Plaintext: Buffer.from('hello').toString('base64') }));
    expect(encrypted.json?.CiphertextBlob).toMatch(/^[A-Za-z0-9+/]+=*$/);
    const decrypted = await call('TrentService.Decrypt', JSON.stringify({ CiphertextBlob: encrypted.json?.CiphertextBlob }));
    expect(Buffer.from(decrypted.json?.Plaintext as string, 'base64').toString()).toBe('hello');
    const scheduled = await call('TrentService.ScheduleKeyDeletion', JSON.stringify({ KeyId: meta.KeyId, PendingWindowInDays: 7 }));
    expect(typeof scheduled.json?.DeletionDate).toBe('number');
  });

  it('an operation without output answers 200 with an empty body', async () => {
    const created = await call('TrentService.CreateKey', '{}');
    const keyId = (created.json?.KeyMetadata as Record<string, string>).KeyId;
    const r = await call('TrentService.CreateAlias', JSON.stringify({ AliasName: 'alias/empty-body', TargetKeyId: keyId }));
    expect(r.status).toBe(200);
    expect(r.text).toBe('');
  });

  it('the model table knows the blob and timestamp members of all 56 operations', () => {
    expect(Object.keys(KMS_MODEL.operations)).toHaveLength(56);
    expect(binaryAndTimeMembers('Encrypt', 'input').blobs).toEqual(['Plaintext']);
    expect(binaryAndTimeMembers('Decrypt', 'output').blobs).toEqual(['Plaintext', 'CiphertextForRecipient']);
    expect(binaryAndTimeMembers('DescribeKey', 'output').timestamps).toEqual(['KeyMetadata.CreationDate', 'KeyMetadata.DeletionDate', 'KeyMetadata.ValidTo']);
    expect(binaryAndTimeMembers('ImportKeyMaterial', 'input')).toEqual({ blobs: ['ImportToken', 'EncryptedKeyMaterial'], timestamps: ['ValidTo'] });
    expect(binaryAndTimeMembers('GetParametersForImport', 'output')).toEqual({ blobs: ['ImportToken', 'PublicKey'], timestamps: ['ParametersValidTo'] });
    expect(binaryAndTimeMembers('ListKeyRotations', 'output').timestamps).toEqual(['Rotations[].ValidTo', 'Rotations[].RotationDate']);
    expect(binaryAndTimeMembers('Sign', 'input').blobs).toEqual(['Message']);
    expect(binaryAndTimeMembers('ListGrants', 'output').timestamps).toEqual(['Grants[].CreationDate']);
    expect(binaryAndTimeMembers('Decrypt', 'input').blobs).toEqual(['CiphertextBlob', 'Recipient.AttestationDocument']);
  });
});

describe('robustness', () => {
  it('refuses a body over 1 MiB by its Content-Length, without reading it', async () => {
    const head = `POST / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Amz-Target: TrentService.Encrypt\r\nAuthorization: ${AUTH}\r\nContent-Type: application/x-amz-json-1.1\r\nContent-Length: ${BODY_LIMIT + 1}\r\n\r\n`;
    const reply = await rawExchange([head, '{"KeyId":'], { waitMs: 3_000 });
    expect(reply).toMatch(/^HTTP\/1\.1 413 /);
    expect(reply).toContain('RequestEntityTooLargeException');
    await stillServes();
  });

  it('refuses a chunked body once it passes 1 MiB', async () => {
    // fetch sends a Content-Length for bytes: refused on sight (or the connection closes under it).
    const r = await call('TrentService.Encrypt', new Uint8Array(BODY_LIMIT + 10).fill(0x20)).catch((e: unknown) => e as Error);
    if (!(r instanceof Error)) expect(r.status).toBe(413);
    // Now a chunked body, with no length given: refused once the count passes the limit.
    const head = `POST / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Amz-Target: TrentService.Encrypt\r\nAuthorization: ${AUTH}\r\nTransfer-Encoding: chunked\r\n\r\n`;
    const chunk = Buffer.alloc(256 * 1024, 0x20);
    const frame = Buffer.concat([Buffer.from(`${chunk.length.toString(16)}\r\n`), chunk, Buffer.from('\r\n')]);
    const reply = await rawExchange([head, frame, frame, frame, frame, frame], { waitMs: 3_000 });
    expect(reply).toMatch(/^HTTP\/1\.1 413 /);
    await stillServes();
  });

  it('a client that stops sending mid-body is timed out; one that disconnects is forgotten; the server keeps serving', async () => {
    const head = `POST / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Amz-Target: TrentService.ListKeys\r\nAuthorization: ${AUTH}\r\nContent-Length: 100\r\n\r\n{"Li`;
    const started = Date.now();
    const reply = await rawExchange([head], { waitMs: 8_000 });
    expect(Date.now() - started).toBeLessThan(7_000);
    expect(reply === '' || /^HTTP\/1\.1 408 /.test(reply)).toBe(true);
    await rawExchange([head], { destroyAfter: true });
    await rawExchange(['POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\n{'], { endAfter: true, waitMs: 2_000 });
    await rawExchange(['GARBAGE\r\n\r\n'], { waitMs: 2_000 });
    await stillServes();
  });

  it('concurrent requests are all answered, each exactly once', async () => {
    const created = await call('TrentService.CreateKey', '{}');
    const keyId = (created.json?.KeyMetadata as Record<string, string>).KeyId;
    const results = await Promise.all(
      Array.from({ length: 40 }, (_, i) => call('TrentService.Encrypt', JSON.stringify({ KeyId: keyId, Plaintext: Buffer.from(`m${i}`).toString('base64') }))),
    );
    expect(results.every((r) => r.status === 200)).toBe(true);
    const plain = await Promise.all(results.map((r) => call('TrentService.Decrypt', JSON.stringify({ CiphertextBlob: r.json?.CiphertextBlob }))));
    expect(plain.map((p) => Buffer.from(p.json?.Plaintext as string, 'base64').toString())).toEqual(results.map((_, i) => `m${i}`));
  });
});

describe('/_lab/ extensions and the clock', () => {
  const lab = async (path: string, init?: RequestInit) => {
    const res = await fetch(`${server.url}${path}`, init);
    return { status: res.status, json: (await res.json()) as Record<string, unknown> };
  };

  it('the clock runs forward with real time', async () => {
    const a = Date.parse((await lab('/_lab/clock')).json.now as string);
    await new Promise((r) => setTimeout(r, 250));
    const b = Date.parse((await lab('/_lab/clock')).json.now as string);
    expect(b - a).toBeGreaterThanOrEqual(200);
    expect(b - a).toBeLessThan(5_000);
  });

  it('POST /_lab/clock advances or sets it (never back), and deletions fall due as it passes', async () => {
    const created = await call('TrentService.CreateKey', '{}');
    const keyId = (created.json?.KeyMetadata as Record<string, string>).KeyId;
    await call('TrentService.ScheduleKeyDeletion', JSON.stringify({ KeyId: keyId, PendingWindowInDays: 7 }));
    const before = Date.parse((await lab('/_lab/clock')).json.now as string);
    const advanced = await lab('/_lab/clock', { method: 'POST', body: JSON.stringify({ advanceDays: 8 }) });
    expect(advanced.status).toBe(200);
    expect(Date.parse(advanced.json.now as string) - before).toBeGreaterThanOrEqual(8 * 86_400_000);
    const gone = await call('TrentService.DescribeKey', JSON.stringify({ KeyId: keyId }));
    expect(gone.json?.__type).toBe('NotFoundException');
    const back = await lab('/_lab/clock', { method: 'POST', body: JSON.stringify({ set: '2020-01-01T00:00:00Z' }) });
    expect(back.status).toBe(400);
    expect(back.json.__type).toBe('ValidationException');
    const later = await lab('/_lab/clock', { method: 'POST', body: JSON.stringify({ set: '2030-01-01T00:00:00Z' }) });
    expect(later.json.now).toMatch(/^2030-01-01T00:00:00/);
    expect((await lab('/_lab/clock', { method: 'POST', body: JSON.stringify({ advanceDays: -1 }) })).status).toBe(400);
    expect((await lab('/_lab/clock', { method: 'POST', body: 'nope' })).status).toBe(400);
  });

  it('GET /_lab/audit?limit=N gives the last N CloudTrail-shaped events', async () => {
    await call('TrentService.DescribeKey', JSON.stringify({ KeyId: 'alias/audit-me' }));
    const { json } = await lab('/_lab/audit?limit=2');
    const events = json.events as Record<string, unknown>[];
    expect(events).toHaveLength(2);
    expect(events[1]).toMatchObject({ eventName: 'DescribeKey', errorCode: 'NotFoundException', userIdentity: { arn: 'arn:aws:iam::111122223333:root' } });
    expect(events[1]).toHaveProperty('eventTime');
    expect(events[1]).toHaveProperty('requestParameters');
    expect((await lab('/_lab/audit?limit=zero')).status).toBe(400);
    expect((await lab('/_lab/nothing')).status).toBe(404);
  });

  it('POST /_lab/reset goes back to the world as loaded, clock included', async () => {
    const r = await lab('/_lab/reset', { method: 'POST' });
    expect(r.status).toBe(200);
    expect(Date.parse(r.json.now as string) - Date.parse('2026-01-01T00:00:00Z')).toBeLessThan(5_000);
    const keys = await call('TrentService.ListKeys', '{}');
    expect(keys.json?.Keys).toEqual([]);
    expect(server.world().auditLog().length).toBe(1);
  });
});
