// The model must know everything the pinned @aws-sdk/client-kms knows: upgrade the SDK and this test
// names each operation, member and enum value the model lacks (then `npm run gen:model`).
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { KMS_API_MODEL, knownMembers, requestViolations } from '@kms-lab/engine';
import { OPERATION_DOCS, MEMBER_DOCS } from '@kms-lab/engine';

const require = createRequire(import.meta.url);
const sdk = require('@aws-sdk/client-kms') as Record<string, unknown>;
const sdkVersion = (require('@aws-sdk/client-kms/package.json') as { version: string }).version;

type Schema = unknown[];
const deref = (s: unknown): unknown => (typeof s === 'function' ? deref((s as () => unknown)()) : s);
const schemas = Object.entries(sdk).filter(([name, v]) => name.endsWith('$') && Array.isArray(v)) as [string, Schema][];

describe('the API model and the pinned SDK', () => {
  it(`was generated from the pinned SDK (${sdkVersion})`, () => {
    expect(KMS_API_MODEL.sdkVersion).toBe(sdkVersion);
  });

  it('has every operation of the SDK, with its input and output structures', () => {
    const missing: string[] = [];
    for (const [, s] of schemas.filter(([, s]) => s[0] === 9)) {
      const op = s[2] as string;
      const model = KMS_API_MODEL.operations[op];
      const input = (deref(s[4]) as Schema)[2];
      const output = deref(s[5]);
      if (!model) missing.push(op);
      else {
        expect(model.input, op).toBe(input);
        if (Array.isArray(output)) expect(model.output, op).toBe(output[2]);
      }
    }
    expect(missing).toEqual([]);
    expect(Object.keys(KMS_API_MODEL.operations).length).toBe(schemas.filter(([, s]) => s[0] === 9).length);
  });

  it('has every member of every SDK structure, required where the SDK requires it', () => {
    const missing: string[] = [];
    const requiredDiffers: string[] = [];
    for (const [, s] of schemas.filter(([, s]) => s[0] === 3)) {
      const name = s[2] as string;
      const members = s[4] as string[];
      const required = (s[6] as number | undefined) ?? 0;
      const model = KMS_API_MODEL.structures[name];
      if (!model) {
        missing.push(name);
        continue;
      }
      members.forEach((m, i) => {
        if (!Object.hasOwn(model.members, m)) missing.push(`${name}.${m}`);
        else if (Boolean(model.members[m].required) !== i < required) requiredDiffers.push(`${name}.${m}`);
      });
    }
    expect(missing).toEqual([]);
    expect(requiredDiffers).toEqual([]);
  });

  it('has every value of every SDK enum', () => {
    const missing: string[] = [];
    for (const [name, values] of Object.entries(KMS_API_MODEL.enums)) {
      const sdkEnum = sdk[name] as Record<string, string> | undefined;
      expect(sdkEnum, name).toBeDefined();
      for (const v of Object.values(sdkEnum ?? {})) if (!values.includes(v)) missing.push(`${name}.${v}`);
    }
    expect(missing).toEqual([]);
    // The enums the SDK declares for KMS members are all in the model.
    for (const e of ['KeySpec', 'KeyUsageType', 'SigningAlgorithmSpec', 'EncapsulationAlgorithmSpec', 'GrantOperation', 'DataKeyPairSpec', 'MessageType'])
      expect(Object.keys(KMS_API_MODEL.enums), e).toContain(e);
    expect(KMS_API_MODEL.enums.KeySpec).toEqual(expect.arrayContaining(['ML_KEM_512', 'ML_KEM_768', 'ML_KEM_1024', 'ML_DSA_44']));
  });

  it('has every error of the SDK: 400 for client errors on the JSON wire, the fault status for server errors', () => {
    for (const [, s] of schemas.filter(([, s]) => s[0] === -3)) {
      const traits = s[3] as { error: string; httpError?: number };
      expect(KMS_API_MODEL.errors[s[2] as string], s[2] as string).toBe(traits.error === 'server' ? traits.httpError : 400);
    }
  });

  it('carries the constraints of botocore (length, range, pattern)', () => {
    const grant = KMS_API_MODEL.structures.CreateGrantRequest.members;
    expect(grant.GranteeServicePrincipal).toMatchObject({ type: 'string', min: 1, max: 128 });
    expect(grant.GranteeServicePrincipal.pattern).toBeDefined();
    expect(KMS_API_MODEL.structures.GenerateRandomRequest.members.NumberOfBytes).toMatchObject({ type: 'integer', min: 1, max: 1024 });
    expect(KMS_API_MODEL.structures.EncryptRequest.members.Plaintext).toMatchObject({ type: 'blob', sensitive: true, min: 1, max: 4096 });
  });

  it('gives hover help for operations and members', () => {
    expect(OPERATION_DOCS.Encapsulate).toMatch(/shared secret/);
    expect(MEMBER_DOCS.CreateGrantRequest.GranteeServicePrincipal).toMatch(/service principal/);
  });
});

describe('model-driven request checks', () => {
  it('words violations as AWS does, every one of them', () => {
    expect(requestViolations('GenerateRandom', { NumberOfBytes: 0 })).toEqual([
      "Value '0' at 'numberOfBytes' failed to satisfy constraint: Member must have value greater than or equal to 1",
    ]);
    expect(requestViolations('CreateGrant', { GranteeServicePrincipal: 'not a principal!' })).toEqual([
      "Value null at 'keyId' failed to satisfy constraint: Member must not be null",
      "Value null at 'operations' failed to satisfy constraint: Member must not be null",
      "Value 'not a principal!' at 'granteeServicePrincipal' failed to satisfy constraint: Member must satisfy regular expression pattern: ^([A-Za-z0-9\\-]+)\\.([A-Za-z0-9\\-]+)(\\.[A-Za-z0-9\\-]+)+$",
    ]);
    // Blobs are never echoed; list items are numbered from 1.
    expect(requestViolations('Encrypt', { KeyId: 'k', Plaintext: new Uint8Array(0), GrantTokens: [''] })).toEqual([
      "Value at 'plaintext' failed to satisfy constraint: Member must have length greater than or equal to 1",
      "Value '' at 'grantTokens.1.member' failed to satisfy constraint: Member must have length greater than or equal to 1",
    ]);
    expect(requestViolations('Encapsulate', { KeyId: 'k', EncapsulationAlgorithm: 'KYBER' })).toEqual([
      "Value 'KYBER' at 'encapsulationAlgorithm' failed to satisfy constraint: Member must satisfy enum value set: [ML_KEM]",
    ]);
  });

  it('ignores members the model does not know and keeps every member it knows', () => {
    const request = { KeyId: 'k', Operations: ['Decrypt'], GranteeServicePrincipal: 'logs.amazonaws.com', Bogus: 1, __proto__x: 2 };
    expect(knownMembers('CreateGrant', request)).toEqual({ KeyId: 'k', Operations: ['Decrypt'], GranteeServicePrincipal: 'logs.amazonaws.com' });
  });
});
