import { describe, expect, it } from 'vitest';
import { validatePolicy } from '../index';
import type { PolicyKind } from '../types';

const V = '2012-10-17';
const stmt = (s: object) => ({ Version: V, Statement: [{ Effect: 'Allow', Action: 'kms:Decrypt', Resource: '*', ...s }] });
const keyStmt = (s: object) => stmt({ Principal: { AWS: 'arn:aws:iam::111122223333:root' }, ...s });
const codes = (input: string | object, kind: PolicyKind) => validatePolicy(input, kind).map((f) => f.code);

describe('validatePolicy', () => {
  it('a clean key policy and a clean identity policy have no findings', () => {
    expect(validatePolicy(keyStmt({ Sid: 'Enable IAM User Permissions', Action: 'kms:*' }), 'key')).toEqual([]);
    expect(validatePolicy(stmt({ Sid: 'AllowDecrypt', Resource: 'arn:aws:kms:us-east-1:111122223333:key/*' }), 'identity')).toEqual([]);
  });

  it.each<[string, string | object, PolicyKind, string, 'error' | 'warning' | 'suggestion']>([
    ['JSON syntax', '{"Statement": [}', 'identity', 'JSON_SYNTAX', 'error'],
    ['missing Version', { Statement: [{ Effect: 'Allow', Action: 'kms:Decrypt', Resource: '*' }] }, 'identity', 'MISSING_VERSION', 'warning'],
    ['unknown Version', { Version: '2012-10-18', Statement: [{ Effect: 'Allow', Action: 'kms:Decrypt', Resource: '*' }] }, 'identity', 'INVALID_VERSION', 'error'],
    ['missing Effect', { Version: V, Statement: [{ Action: 'kms:Decrypt', Resource: '*' }] }, 'identity', 'MISSING_EFFECT', 'error'],
    ['invalid Effect', stmt({ Effect: 'allow' }), 'identity', 'INVALID_EFFECT', 'error'],
    ['missing Action', { Version: V, Statement: [{ Effect: 'Allow', Resource: '*' }] }, 'identity', 'MISSING_ACTION', 'error'],
    ['Action and NotAction', stmt({ NotAction: 'kms:Encrypt' }), 'identity', 'ACTION_AND_NOTACTION', 'error'],
    ['Resource and NotResource', stmt({ NotResource: 'arn:aws:s3:::b' }), 'identity', 'RESOURCE_AND_NOTRESOURCE', 'error'],
    ['missing Resource (identity)', { Version: V, Statement: [{ Effect: 'Allow', Action: 'kms:Decrypt' }] }, 'identity', 'MISSING_RESOURCE', 'error'],
    ['missing Resource (key)', { Version: V, Statement: [{ Effect: 'Allow', Principal: '*', Action: 'kms:Decrypt' }] }, 'key', 'MISSING_RESOURCE', 'warning'],
    ['unknown operator', stmt({ Condition: { StringEqualz: { k: 'v' } } }), 'identity', 'UNKNOWN_OPERATOR', 'error'],
    ['IfExists on Null', stmt({ Condition: { NullIfExists: { k: 'true' } } }), 'identity', 'IFEXISTS_ON_NULL', 'error'],
    ['set operator on single-valued key', stmt({ Condition: { 'ForAnyValue:StringEquals': { 'kms:CallerAccount': '1' } } }), 'identity', 'SET_OPERATOR_ON_SINGLE_VALUED_KEY', 'warning'],
    ['ForAllValues with kms:EncryptionContext:*', stmt({ Condition: { 'ForAllValues:StringEquals': { 'kms:EncryptionContext:a': 'b' } } }), 'identity', 'FORALLVALUES_WITH_ENCRYPTION_CONTEXT', 'error'],
    ['ForAllValues with Allow and no Null check', stmt({ Condition: { 'ForAllValues:StringEquals': { 'kms:EncryptionContextKeys': 'a' } } }), 'identity', 'FORALLVALUES_WITH_ALLOW', 'warning'],
    ['multivalued key without set operator', stmt({ Condition: { StringEquals: { 'aws:TagKeys': 'a' } } }), 'identity', 'MULTIVALUED_KEY_WITHOUT_SET_OPERATOR', 'warning'],
    ['NotPrincipal with Allow', stmt({ NotPrincipal: { AWS: 'arn:aws:iam::111122223333:root' } }), 'key', 'NOTPRINCIPAL_WITH_ALLOW', 'error'],
    ['Principal in identity policy', stmt({ Principal: '*' }), 'identity', 'PRINCIPAL_NOT_SUPPORTED', 'error'],
    ['Principal in SCP', stmt({ Principal: '*' }), 'scp', 'PRINCIPAL_NOT_SUPPORTED', 'error'],
    ['NotPrincipal in boundary', stmt({ NotPrincipal: '*', Effect: 'Deny' }), 'boundary', 'PRINCIPAL_NOT_SUPPORTED', 'error'],
    ['Principal missing in key policy', stmt({}), 'key', 'MISSING_PRINCIPAL', 'error'],
    ['Principal missing in resource policy', stmt({ Resource: 'arn:aws:s3:::b/*' }), 'resource', 'MISSING_PRINCIPAL', 'error'],
    ['Id in identity policy', { Version: V, Id: 'x', Statement: [{ Effect: 'Allow', Action: 'kms:Decrypt', Resource: '*' }] }, 'identity', 'ID_IN_IDENTITY_POLICY', 'warning'],
    ['malformed ARN in Resource', stmt({ Resource: 'bucket/*' }), 'identity', 'INVALID_ARN_RESOURCE', 'error'],
    ['malformed principal ARN', keyStmt({ Principal: { AWS: 'arn:aws:iam::1111:user/x' } }), 'key', 'INVALID_ARN_PRINCIPAL', 'error'],
    ['partial wildcard principal', keyStmt({ Principal: { AWS: 'arn:aws:iam::111122223333:user/*' } }), 'key', 'PRINCIPAL_PARTIAL_WILDCARD', 'error'],
    ['non-ARN in ArnLike', stmt({ Condition: { ArnLike: { 'aws:SourceArn': 'bucket' } } }), 'identity', 'INVALID_ARN_CONDITION', 'warning'],
    ['wildcard service', stmt({ Action: '*:Get*' }), 'identity', 'SERVICE_WILDCARD_IN_ACTION', 'error'],
    ['comma in action', stmt({ Action: 'kms:Encrypt,Decrypt' }), 'identity', 'COMMA_IN_ACTION', 'error'],
    ['no service prefix', stmt({ Action: 'Decrypt' }), 'identity', 'MISSING_SERVICE_PREFIX', 'error'],
    ['invalid Sid (IAM)', stmt({ Sid: 'Allow decrypt' }), 'identity', 'INVALID_SID', 'error'],
    ['invalid Sid (key)', keyStmt({ Sid: 'Allow-decrypt!' }), 'key', 'INVALID_SID', 'error'],
    ['duplicate Sid', { Version: V, Statement: [{ Sid: 'A', Effect: 'Allow', Action: 'kms:Decrypt', Resource: '*' }, { Sid: 'A', Effect: 'Deny', Action: 'kms:Decrypt', Resource: '*' }] }, 'identity', 'DUPLICATE_SID', 'error'],
    ['duplicate key', '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"kms:Decrypt","Action":"kms:Encrypt","Resource":"*"}]}', 'identity', 'DUPLICATE_KEY', 'error'],
    ['unknown element', stmt({ Actions: 'x' }), 'identity', 'UNKNOWN_ELEMENT', 'error'],
    ['character outside the allowed set', stmt({ Sid: 'Caf\u0153' }), 'identity', 'INVALID_CHARACTER', 'error'],
    ['Resource other than * in a key policy', keyStmt({ Resource: 'arn:aws:kms:us-east-1:111122223333:key/x' }), 'key', 'KEY_POLICY_RESOURCE_NOT_STAR', 'warning'],
    ['variables under 2008-10-17', { Version: '2008-10-17', Statement: [{ Effect: 'Allow', Action: 'kms:Decrypt', Resource: 'arn:aws:s3:::b/${aws:username}' }] }, 'identity', 'VARIABLE_IN_OLD_VERSION', 'warning'],
    ['variable in condition key', stmt({ Condition: { StringEquals: { 'aws:PrincipalTag/${aws:username}': 'x' } } }), 'identity', 'VARIABLE_IN_CONDITION_KEY', 'error'],
    ['unknown kms action', stmt({ Action: 'kms:Decrypto' }), 'identity', 'UNKNOWN_KMS_ACTION', 'warning'],
    ['malformed numeric value', stmt({ Condition: { NumericLessThan: { n: 'ten' } } }), 'identity', 'INVALID_CONDITION_VALUE', 'error'],
    ['malformed date value', stmt({ Condition: { DateLessThan: { 'aws:CurrentTime': 'tomorrow' } } }), 'identity', 'INVALID_CONDITION_VALUE', 'error'],
    ['malformed CIDR', stmt({ Condition: { IpAddress: { 'aws:SourceIp': '10.0.0.0/33' } } }), 'identity', 'INVALID_CONDITION_VALUE', 'error'],
    ['RCP principal not *', stmt({ Principal: { AWS: 'arn:aws:iam::111122223333:root' }, Effect: 'Deny' }), 'rcp', 'RCP_PRINCIPAL_NOT_STAR', 'error'],
  ])('%s → %s', (_name, input, kind, code, severity) => {
    const f = validatePolicy(input, kind).find((x) => x.code === code);
    expect(f, JSON.stringify(validatePolicy(input, kind))).toBeDefined();
    expect(f?.severity).toBe(severity);
    expect(f?.message.length).toBeGreaterThan(10);
  });

  it('size limits per policy kind', () => {
    const actions = Array.from({ length: 400 }, (_, i) => `kms:Decrypt${'x'.repeat(5)}${i}`);
    const big = stmt({ Action: actions });
    expect(codes(big, 'scp')).toContain('POLICY_SIZE_EXCEEDED');
    expect(codes(big, 'identity')).toContain('POLICY_SIZE_EXCEEDED');
    expect(codes(big, 'key')).not.toContain('POLICY_SIZE_EXCEEDED');
    // whitespace is not counted for IAM policies
    const small = JSON.stringify(stmt({})).replace(/,/g, ',' + ' '.repeat(3000));
    expect(small.length).toBeGreaterThan(6144);
    expect(codes(small, 'identity')).not.toContain('POLICY_SIZE_EXCEEDED');
    // a key policy counts bytes
    const keyBig = keyStmt({ Sid: 'A'.repeat(33000) });
    expect(codes(keyBig, 'key')).toContain('POLICY_SIZE_EXCEEDED');
    const session = stmt({ Action: actions.slice(0, 120) });
    expect(codes(session, 'session')).toContain('POLICY_SIZE_EXCEEDED');
  });

  it('positions point at the offending text', () => {
    const text = '{\n  "Version": "2012-10-17",\n  "Statement": [{\n    "Effect": "Allow",\n    "Action": "kms:Encrypt,Decrypt",\n    "Resource": "*"\n  }]\n}';
    const f = validatePolicy(text, 'identity').find((x) => x.code === 'COMMA_IN_ACTION');
    expect(f?.range.start).toMatchObject({ line: 5, column: 15 });
    expect(f?.statementIndex).toBe(0);
  });

  it('key policy Sids may contain spaces; a Null check silences FORALLVALUES_WITH_ALLOW', () => {
    expect(codes(keyStmt({ Sid: 'Allow use of the key' }), 'key')).not.toContain('INVALID_SID');
    expect(
      codes(stmt({ Condition: { 'ForAllValues:StringEquals': { 'kms:EncryptionContextKeys': 'a' }, Null: { 'kms:EncryptionContextKeys': 'false' } } }), 'identity'),
    ).not.toContain('FORALLVALUES_WITH_ALLOW');
  });
});
