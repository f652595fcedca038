// Bad input never breaks the server (raw HTTP, as an attacker sends it): the lab clock takes only
// sane values and changes nothing otherwise; JSON members named __proto__, constructor, toString…
// are ordinary names, and in maps (EncryptionContext) they are data, bound in full; invalid UTF-8 is
// SerializationException; another Content-Type is accepted with a warning.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_ADVANCE_DAYS, startKmsServer, type RunningKmsServer } from './server';

const AUTH = 'AWS4-HMAC-SHA256 Credential=AKIATEST/20260101/us-east-1/kms/aws4_request, SignedHeaders=host;x-amz-date, Signature=00';

let server: RunningKmsServer;
const logged: string[] = [];
beforeAll(async () => {
  server = await startKmsServer({ port: 0, now: new Date('2026-01-01T00:00:00Z'), log: (l) => logged.push(l) });
});
afterAll(async () => {
  await server?.close();
});

async function kms(operation: string, body: string | Uint8Array<ArrayBuffer>, contentType = 'application/x-amz-json-1.1') {
  const res = await fetch(server.url, { method: 'POST', headers: { 'Content-Type': contentType, 'X-Amz-Target': `TrentService.${operation}`, Authorization: AUTH }, body });
  const text = await res.text();
  return { status: res.status, json: text ? (JSON.parse(text) as Record<string, unknown>) : {} };
}

async function lab(path: string, body?: string) {
  const res = await fetch(`${server.url}${path}`, body === undefined ? {} : { method: 'POST', body });
  return { status: res.status, json: (await res.json()) as Record<string, unknown> };
}
const now = async () => Date.parse((await lab('/_lab/clock')).json.now as string);

describe('the lab clock takes only sane values', () => {
  it('advanceDays must be a finite number, 0 < n ≤ 36,500: anything else is a 400 that changes nothing', async () => {
    const bodies = ['{"advanceDays": 1e15}', '{"advanceDays": 1e308}', '{"advanceDays": -1}', '{"advanceDays": 0}', '{"advanceDays": 36501}', '{"advanceDays": "5"}', '{"advanceDays": null}', '{"advanceDays": [1]}', '{"advanceDays": {"valueOf": 5}}'];
    for (const body of bodies) {
      const before = await now();
      const r = await lab('/_lab/clock', body);
      expect(r.status, body).toBe(400);
      expect(r.json.__type, body).toBe('ValidationException');
      expect(String(r.json.message), body).toMatch(/^advanceDays must be a number of days greater than 0 and at most 36500, not /);
      expect((await now()) - before, body).toBeLessThan(60_000);
    }
    // The server is whole afterwards: KMS calls and the clock answer.
    expect((await kms('CreateKey', '{}')).status).toBe(200);
    expect((await kms('ListKeys', '{}')).status).toBe(200);
    expect(MAX_ADVANCE_DAYS).toBe(36_500);
  });

  it('set must be a real ISO 8601 date-time with a zone, not before now, not after 9999-12-31; and exactly one of the two', async () => {
    const refused: [string, RegExp][] = [
      ['{"set": "not a date"}', /^set must be an ISO 8601 date-time with a time zone/],
      ['{"set": "2030-02-31T00:00:00Z"}', /^set must be an ISO 8601 date-time/],
      ['{"set": "2030-01-01"}', /^set must be an ISO 8601 date-time/],
      ['{"set": "2030-01-01T25:00:00Z"}', /^set must be an ISO 8601 date-time/],
      ['{"set": 1893456000000}', /^set must be an ISO 8601 date-time/],
      ['{"set": "+275760-09-13T00:00:00Z"}', /^set must be an ISO 8601 date-time/],
      ['{"set": "2020-01-01T00:00:00Z"}', /^The simulated clock cannot go back in time: it is /],
      ['{"advanceDays": 1, "set": "2030-01-01T00:00:00Z"}', /^Give exactly one of/],
      ['{"__proto__": {"advanceDays": 5}}', /^Give exactly one of/],
      ['{"constructor": 5}', /^Give exactly one of/],
      ['{}', /^Give exactly one of/],
    ];
    for (const [body, message] of refused) {
      const before = await now();
      const r = await lab('/_lab/clock', body);
      expect(r.status, body).toBe(400);
      expect(r.json.__type, body).toBe('ValidationException');
      expect(String(r.json.message), body).toMatch(message);
      expect((await now()) - before, body).toBeLessThan(60_000);
    }
  });

  it('the clock can reach 9999-12-31T23:59:59.999Z and no further, and the server still works there', async () => {
    const s = await startKmsServer({ port: 0, now: new Date('2026-01-01T00:00:00Z'), log: () => undefined });
    try {
      const at = async (body: string) => {
        const res = await fetch(`${s.url}/_lab/clock`, { method: 'POST', body });
        return { status: res.status, json: (await res.json()) as Record<string, unknown> };
      };
      expect((await at('{"advanceDays": 36500}')).json.now).toMatch(/^2125-12-/);
      expect((await at('{"set": "10000-01-01T00:00:00Z"}')).status).toBe(400);
      expect((await at('{"set": "9999-12-31T23:59:59.999Z"}')).json.now).toBe('9999-12-31T23:59:59.999Z');
      const beyond = await at('{"advanceDays": 1}');
      expect(beyond.status).toBe(400);
      expect(beyond.json.message).toMatch(/^advanceDays 1 would move the simulated clock past 9999-12-31T23:59:59.999Z/);
      const created = await fetch(s.url, { method: 'POST', headers: { 'X-Amz-Target': 'TrentService.CreateKey', 'Content-Type': 'application/x-amz-json-1.1', Authorization: AUTH }, body: '{}' });
      expect(created.status).toBe(200);
      expect(((await (await fetch(`${s.url}/_lab/audit?limit=1`)).json()) as { events: { eventTime: string }[] }).events[0].eventTime).toMatch(/^9999-12-31T23:59:59/);
    } finally {
      await s.close();
    }
  });
});

describe('hostile JSON member names', () => {
  const HOSTILE = ['__proto__', 'constructor', 'toString', 'hasOwnProperty', 'valueOf', '__defineGetter__', 'prototype'];

  it('as members of a request they are unknown members (ignored), never a 500', async () => {
    for (const name of HOSTILE)
      for (const value of ['1', '"x"', '{}', '{"a": 1}', '[]', 'null']) {
        const body = `{"${name}": ${value}}`;
        const r = await kms('ListKeys', body);
        expect(r.status, body).toBe(200);
        const d = await kms('DescribeKey', `{"${name}": ${value}, "KeyId": "alias/none"}`);
        expect(d.json.__type, body).toBe('NotFoundException');
      }
  });

  it('an EncryptionContext {"__proto__": "x", "a": "b"} is bound in full: Decrypt with only {"a": "b"} fails', async () => {
    const keyId = ((await kms('CreateKey', '{}')).json.KeyMetadata as Record<string, string>).KeyId;
    const plaintext = Buffer.from('bound').toString('base64');
    const enc = await kms('Encrypt', `{"KeyId": "${keyId}", "Plaintext": "${plaintext}", "EncryptionContext": {"__proto__": "x", "a": "b"}}`);
    expect(enc.status).toBe(200);
    const blob = enc.json.CiphertextBlob as string;
    const partial = await kms('Decrypt', `{"CiphertextBlob": "${blob}", "EncryptionContext": {"a": "b"}}`);
    expect(partial.json.__type).toBe('InvalidCiphertextException');
    const other = await kms('Decrypt', `{"CiphertextBlob": "${blob}", "EncryptionContext": {"__proto__": "y", "a": "b"}}`);
    expect(other.json.__type).toBe('InvalidCiphertextException');
    const full = await kms('Decrypt', `{"CiphertextBlob": "${blob}", "EncryptionContext": {"a": "b", "__proto__": "x"}}`);
    expect(full.status).toBe(200);
    expect(Buffer.from(full.json.Plaintext as string, 'base64').toString()).toBe('bound');
    // And every other hostile name is a context key like any other.
    for (const name of HOSTILE.filter((n) => n !== '__proto__')) {
      const e = await kms('Encrypt', `{"KeyId": "${keyId}", "Plaintext": "${plaintext}", "EncryptionContext": {"${name}": "v"}}`);
      expect(e.status, name).toBe(200);
      const without = await kms('Decrypt', `{"CiphertextBlob": "${e.json.CiphertextBlob as string}"}`);
      expect(without.json.__type, name).toBe('InvalidCiphertextException');
      const withIt = await kms('Decrypt', `{"CiphertextBlob": "${e.json.CiphertextBlob as string}", "EncryptionContext": {"${name}": "v"}}`);
      expect(withIt.status, name).toBe(200);
    }
  });

  it('tags and grant constraints named __proto__ are kept as data', async () => {
    const created = await kms('CreateKey', '{"Tags": [{"TagKey": "__proto__", "TagValue": "p"}, {"TagKey": "constructor", "TagValue": "c"}]}');
    expect(created.status).toBe(200);
    const keyId = (created.json.KeyMetadata as Record<string, string>).KeyId;
    expect((await kms('TagResource', `{"KeyId": "${keyId}", "Tags": [{"TagKey": "toString", "TagValue": "t"}]}`)).status).toBe(200);
    const tags = (await kms('ListResourceTags', `{"KeyId": "${keyId}"}`)).json.Tags as { TagKey: string; TagValue: string }[];
    expect(tags.map((t) => `${t.TagKey}=${t.TagValue}`).sort()).toEqual(['__proto__=p', 'constructor=c', 'toString=t']);
    const grant = await kms(
      'CreateGrant',
      `{"KeyId": "${keyId}", "GranteePrincipal": "arn:aws:iam::111122223333:user/g", "Operations": ["Decrypt"], "Constraints": {"EncryptionContextEquals": {"__proto__": "x"}}}`,
    );
    expect(grant.status).toBe(200);
    const listed = (await kms('ListGrants', `{"KeyId": "${keyId}"}`)).json.Grants as { Constraints: { EncryptionContextEquals: Record<string, string> } }[];
    expect(Object.entries(listed[0].Constraints.EncryptionContextEquals)).toEqual([['__proto__', 'x']]);
  });
});

describe('bytes that are not UTF-8, and other Content-Types', () => {
  it('invalid UTF-8 in a body is SerializationException (never silently replaced)', async () => {
    const bad = [
      Buffer.concat([Buffer.from('{"KeyId": "alias/'), Buffer.from([0xff]), Buffer.from('"}')]),
      Buffer.concat([Buffer.from('{"KeyId": "alias/'), Buffer.from([0xc0, 0xaf]), Buffer.from('"}')]), // overlong "/"
      Buffer.concat([Buffer.from('{"KeyId": "alias/'), Buffer.from([0xed, 0xa0, 0x80]), Buffer.from('"}')]), // a lone surrogate
      Buffer.concat([Buffer.from('{"KeyId": "alias/'), Buffer.from([0xe2, 0x82]), Buffer.from('"}')]), // truncated sequence
    ];
    for (const body of bad) {
      const r = await kms('DescribeKey', new Uint8Array(body));
      expect(r.status).toBe(400);
      expect(r.json).toEqual({ __type: 'SerializationException', message: 'Invalid UTF-8 in the request body.' });
    }
    const lab = await fetch(`${server.url}/_lab/clock`, { method: 'POST', body: new Uint8Array([0x7b, 0xff, 0x7d]) });
    expect(((await lab.json()) as { __type: string }).__type).toBe('SerializationException');
    // Valid multi-byte UTF-8 is fine.
    expect((await kms('DescribeKey', '{"KeyId": "alias/é-ключ-🔑"}')).json.__type).toBe('NotFoundException');
  });

  it('another Content-Type (AWS undocumented) is accepted, with one warning in the log for each type', async () => {
    for (const type of ['application/json', 'text/plain', 'text/plain']) expect((await kms('ListKeys', '{}', type)).status).toBe(200);
    const warnings = logged.filter((l) => /a KMS request came with Content-Type/.test(l));
    expect(warnings).toEqual([
      'kms-server: warning: a KMS request came with Content-Type "application/json"; KMS takes application/x-amz-json-1.1. Accepted (logged once for each type).',
      'kms-server: warning: a KMS request came with Content-Type "text/plain"; KMS takes application/x-amz-json-1.1. Accepted (logged once for each type).',
    ]);
  });
});
