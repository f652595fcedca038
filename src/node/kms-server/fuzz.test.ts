// Property tests (fast-check): random JSON in every member of every operation of the API model —
// well-typed values built from the model's own tree of shapes (often naming a real key, alias or
// algorithm, so the engine goes deep), wrong-typed JSON, absurd numbers, hostile member and map key
// names — never get a 5xx or crash the server. Every answer is either 200 or AWS's error shape.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KMS_MODEL } from './model';
import type { ApiMember } from '@kms-lab/engine';
import { startKmsServer, type RunningKmsServer } from './server';

const AUTH = 'AWS4-HMAC-SHA256 Credential=AKIAFUZZ/20260101/us-east-1/kms/aws4_request, SignedHeaders=host;x-amz-date, Signature=00';
const HOSTILE = ['__proto__', 'constructor', 'toString', 'hasOwnProperty', 'valueOf', 'prototype', '__defineSetter__'];
const RUNS = 25;

let server: RunningKmsServer;
const internal: string[] = [];
const pool: string[] = [
  'alias/fuzz', 'alias/aws/s3', 'alias/none', 'SYMMETRIC_DEFAULT', 'RSA_2048', 'ECC_NIST_P256', 'ECC_SECG_P256K1', 'HMAC_256', 'ENCRYPT_DECRYPT',
  'SIGN_VERIFY', 'GENERATE_VERIFY_MAC', 'KEY_AGREEMENT', 'RSAES_OAEP_SHA_256', 'RSASSA_PSS_SHA_256', 'ECDSA_SHA_256', 'HMAC_SHA_256', 'AES_256', 'AES_128',
  'RAW', 'DIGEST', 'EXTERNAL', 'AWS_KMS', 'Encrypt', 'Decrypt', 'GenerateDataKey', 'arn:aws:iam::111122223333:root', 'arn:aws:iam::111122223333:user/fuzz',
  'ECDH', 'RSA_AES_KEY_WRAP_SHA_256', 'RSA_2048', 'KEY_MATERIAL_EXPIRES', 'ALL', 'NEW_KEY_MATERIAL', 'us-west-2', '', ' ', '*', 'x'.repeat(9000),
];
const blobs: string[] = [];

beforeAll(async () => {
  server = await startKmsServer({ port: 0, now: new Date('2026-01-01T00:00:00Z'), log: (l) => /internal error/.test(l) && internal.push(l) });
  const call = async (op: string, body: object) => (await post(op, JSON.stringify(body))).json;
  for (const spec of [{}, { KeySpec: 'RSA_2048', KeyUsage: 'ENCRYPT_DECRYPT' }, { KeySpec: 'ECC_NIST_P256', KeyUsage: 'SIGN_VERIFY' }, { KeySpec: 'HMAC_256', KeyUsage: 'GENERATE_VERIFY_MAC' }, { Origin: 'EXTERNAL' }]) {
    const meta = (await call('CreateKey', spec)).KeyMetadata as Record<string, string>;
    pool.push(meta.KeyId, meta.Arn);
  }
  await call('CreateAlias', { AliasName: 'alias/fuzz', TargetKeyId: pool.at(-10) });
  blobs.push(String((await call('Encrypt', { KeyId: 'alias/fuzz', Plaintext: 'aGVsbG8=' })).CiphertextBlob));
}, 60_000);
afterAll(async () => {
  await server?.close();
});

async function post(operation: string, body: string) {
  const res = await fetch(server.url, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-amz-json-1.1', 'X-Amz-Target': `TrentService.${operation}`, Authorization: AUTH },
    body,
    signal: AbortSignal.timeout(30_000),
  });
  const text = await res.text();
  let json: Record<string, unknown>;
  try {
    json = text ? (JSON.parse(text) as Record<string, unknown>) : {};
  } catch {
    json = { unparsable: text };
  }
  return { status: res.status, json, text };
}

const absurdNumber = fc.constantFrom(0, -1, 1, 7, 1024, 4096, 2 ** 31, -(2 ** 31) - 1, 2 ** 53 + 2, 1e15, 1e308, -1e308, 1.5, 5e-324);
const anyJson = fc.jsonValue({ maxDepth: 2 });
const memberName = fc.oneof(fc.string({ maxLength: 12 }), fc.constantFrom(...HOSTILE));

/** A JSON value for a model member: mostly well-typed (recursing through the structures), sometimes anything. */
function valueOf(m: ApiMember, depth: number): fc.Arbitrary<unknown> {
  const wrong = anyJson;
  if (depth > 5) return fc.constant(null);
  let typed: fc.Arbitrary<unknown>;
  switch (m.type) {
    case 'string':
      typed = fc.oneof(fc.constantFrom(...pool), fc.string({ maxLength: 40 }), fc.constantFrom(...HOSTILE));
      break;
    case 'integer':
    case 'long':
    case 'double':
      typed = fc.oneof(fc.integer(), absurdNumber, fc.double());
      break;
    case 'boolean':
      typed = fc.boolean();
      break;
    case 'blob':
      typed = fc.oneof(
        fc.uint8Array({ maxLength: 80 }).map((b) => Buffer.from(b).toString('base64')),
        fc.constantFrom(...blobs, 'not base64!', '', '===='),
        fc.integer({ min: 4097, max: 70_000 }).map((n) => Buffer.alloc(n).toString('base64')),
      );
      break;
    case 'timestamp':
      typed = fc.oneof(absurdNumber, fc.string({ maxLength: 30 }), fc.constant('2026-01-01T00:00:00Z'));
      break;
    case 'structure':
      typed = structureOf(m.shape!, depth + 1);
      break;
    case 'list':
      typed = fc.array(valueOf(m.member!, depth + 1), { maxLength: 4 });
      break;
    default:
      typed = fc
        .array(fc.tuple(memberName, valueOf(m.value ?? { type: 'string' }, depth + 1)), { maxLength: 4 })
        .map((entries) => Object.fromEntries(entries)); // own properties, `__proto__` included
  }
  return fc.oneof({ weight: 5, arbitrary: typed }, { weight: 1, arbitrary: wrong });
}

/** A structure: any subset of its members, each random, plus now and then a hostile extra member. */
function structureOf(shape: string, depth: number): fc.Arbitrary<Record<string, unknown>> {
  const members = Object.entries(KMS_MODEL.structures[shape].members);
  return fc
    .tuple(
      fc.tuple(...members.map(([, t]) => fc.option(valueOf(t, depth), { nil: undefined, freq: 2 }))),
      fc.array(fc.tuple(fc.constantFrom(...HOSTILE), anyJson), { maxLength: 2 }),
    )
    .map(([values, extra]) => {
      const entries: [string, unknown][] = members.map(([m], i) => [m, values[i]] as [string, unknown]).filter(([, v]) => v !== undefined);
      return Object.fromEntries([...entries, ...extra]);
    });
}

describe('random JSON in every member of every operation', () => {
  const operations = Object.keys(KMS_MODEL.operations);

  it('the model has operations with inputs to fuzz', () => {
    expect(operations.length).toBeGreaterThanOrEqual(54);
    expect(operations.filter((o) => KMS_MODEL.operations[o].input).length).toBe(operations.length);
  });

  for (const operation of operations) {
    it(`${operation}: never a 5xx, always 200 or {"__type", "message"}`, async () => {
      const input = KMS_MODEL.operations[operation].input!;
      await fc.assert(
        fc.asyncProperty(fc.oneof({ weight: 6, arbitrary: structureOf(input, 0) }, { weight: 1, arbitrary: anyJson }), async (body) => {
          const r = await post(operation, JSON.stringify(body));
          expect(r.status, `${operation} ${JSON.stringify(body).slice(0, 500)} → ${r.text.slice(0, 300)}`).toBeLessThan(500);
          if (r.status !== 200) {
            expect(typeof r.json.__type, r.text).toBe('string');
            expect(typeof r.json.message, r.text).toBe('string');
          }
        }),
        { numRuns: RUNS },
      );
      expect(internal).toEqual([]);
    }, 60_000);
  }

  it('afterwards the server still answers', async () => {
    expect((await post('ListKeys', '{}')).status).toBe(200);
    expect(internal).toEqual([]);
  });
});
