import { describe, expect, it } from 'vitest';
import { namedPolicy, parsePolicy, PolicyParseFailure } from '../index';

const text = `{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Sid": "A",
      "Effect": "Allow",
      "Action": ["kms:Decrypt", "kms:Encrypt"],
      "Resource": "*",
      "Condition": { "StringEquals": { "kms:CallerAccount": "111122223333" } }
    }
  ]
}`;

describe('parsePolicy', () => {
  it('keeps positions of statements, elements, values and conditions', () => {
    const r = parsePolicy(text, 'identity');
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const st = r.policy.statements[0];
    expect(st.range.start).toMatchObject({ line: 4, column: 5 });
    expect(st.range.end).toMatchObject({ line: 10, column: 6 });
    expect(st.action?.[1]).toMatchObject({ value: 'kms:Encrypt', range: { start: { line: 7, column: 33 } } });
    expect(st.elements?.Effect?.keyRange.start).toMatchObject({ line: 6, column: 7 });
    const c = st.conditions[0];
    expect(c.operator).toBe('StringEquals');
    expect(c.operatorRange.start).toMatchObject({ line: 9, column: 22 });
    expect(c.keyRange.start).toMatchObject({ line: 9, column: 40 });
    expect(c.values[0].value).toBe('111122223333');
    expect(r.policy.version).toBe('2012-10-17');
    // offsets index into the text
    expect(text.slice(c.keyRange.start.offset, c.keyRange.end.offset)).toBe('"kms:CallerAccount"');
  });

  it('reports JSON syntax errors with line and column, never throwing', () => {
    const r = parsePolicy('{\n  "Version": "2012-10-17",\n  "Statement": [\n    {"Effect": "Allow" "Action": "*"}\n  ]\n}', 'identity');
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error).toMatchObject({ line: 4, column: 24 });
    expect(r.error.message).toBe("Expected ',' or '}' after property value at line 4, column 24");
    expect(r.findings[0]).toMatchObject({ severity: 'error', code: 'JSON_SYNTAX' });
  });

  it.each([
    ['', 'Unexpected end of JSON input'],
    ['{"a": tru}', 'Unexpected token'],
    ['{"a": "x\n"}', 'Bad control character'],
    ['{"a": 1,}', 'Expected property name'],
    ['[1 2]', "Expected ',' or ']'"],
    ['{"a": "\\q"}', 'Bad escaped character'],
    ['{} x', 'Unexpected non-whitespace character after JSON'],
    ['{"a": -}', 'No number after minus sign'],
  ])('syntax error %j → %s', (src, msg) => {
    const r = parsePolicy(src, 'identity');
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.message).toContain(msg);
  });

  it('reports duplicate keys as findings, keeping the last value', () => {
    const r = parsePolicy('{"Version":"2012-10-17","Statement":{"Effect":"Deny","Effect":"Allow","Action":"*","Resource":"*"}}', 'identity');
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const dup = r.findings.find((f) => f.code === 'DUPLICATE_KEY');
    expect(dup?.range.start.column).toBe(54);
    expect(r.policy.statements[0].effect).toBe('Allow');
  });

  it('accepts single values and arrays, and a single statement object', () => {
    const r = parsePolicy({ Statement: { Effect: 'Allow', Action: 'kms:Decrypt', Resource: ['a', 'b'] } }, 'identity');
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.policy.statements).toHaveLength(1);
    expect(r.policy.statements[0].action?.map((a) => a.value)).toEqual(['kms:Decrypt']);
    expect(r.policy.statements[0].resource?.map((a) => a.value)).toEqual(['a', 'b']);
    // positions are synthetic, on line 1 of the serialised text
    expect(r.policy.statements[0].range.start.line).toBe(1);
  });

  it('normalises Principal "*" and reads principal maps', () => {
    const r = parsePolicy(
      { Statement: [{ Effect: 'Allow', Principal: '*', Action: '*', Resource: '*' }, { Effect: 'Allow', Principal: { AWS: ['111122223333'], Service: 'logs.amazonaws.com' }, Action: '*', Resource: '*' }] },
      'key',
    );
    if (!r.ok) throw new Error('parse failed');
    expect(r.policy.statements[0].principal).toMatchObject({ wildcard: true, AWS: [{ value: '*' }] });
    expect(r.policy.statements[1].principal?.Service[0].value).toBe('logs.amazonaws.com');
    expect(r.policy.statements[1].principal?.AWS[0].value).toBe('111122223333');
  });

  it('decomposes condition operators', () => {
    const r = parsePolicy({ Statement: { Effect: 'Allow', Action: '*', Resource: '*', Condition: { 'ForAnyValue:StringLikeIfExists': { k: ['a', 1, true] }, Bogus: { k: 'v' } } } }, 'identity');
    if (!r.ok) throw new Error('parse failed');
    const [a, b] = r.policy.statements[0].conditions;
    expect(a.op).toEqual({ base: 'StringLike', set: 'ForAnyValue', ifExists: true, known: true });
    expect(a.values.map((v) => v.value)).toEqual(['a', '1', 'true']);
    expect(b.op.known).toBe(false);
  });

  it.each([
    ['[]', 'POLICY_NOT_OBJECT'],
    ['{"Version":"2012-10-17"}', 'MISSING_STATEMENT'],
    ['{"Statement":[{"Effect":"Allow"}, 3]}', 'STATEMENT_NOT_OBJECT'],
  ])('structural failure %s → %s with a position', (src, code) => {
    const r = parsePolicy(src, 'identity');
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.findings.some((f) => f.code === code)).toBe(true);
    expect(r.error.line).toBe(1);
    if (code === 'STATEMENT_NOT_OBJECT') expect(r.error.column).toBe(35);
  });

  it('records unevaluable statements as problems', () => {
    const r = parsePolicy({ Statement: [{ Effect: 'allow', Action: '*', NotAction: 'x', Resource: '*' }] }, 'identity');
    if (!r.ok) throw new Error('parse failed');
    expect(r.policy.statements[0].problems?.join(' ')).toMatch(/Effect.*both Action and NotAction/);
  });

  it('namedPolicy throws PolicyParseFailure with line/column', () => {
    try {
      namedPolicy('x', 'x', 'identity', '{\n "Statement": [\n }');
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(PolicyParseFailure);
      expect((e as PolicyParseFailure).line).toBe(3);
      expect((e as PolicyParseFailure).column).toBe(2);
    }
  });

  it('counts CRLF line breaks once', () => {
    const r = parsePolicy('{\r\n"Statement":\r\n[ 1 ]}', 'identity');
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toMatchObject({ line: 3, column: 3 });
  });
});
