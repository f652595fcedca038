import { describe, expect, it } from 'vitest';
import { evaluateAccess, formatPolicyJson } from '@kms-lab/engine/policy';
import { displayText, isSavedText, placeStatement } from './highlight';
import { ACCT, input } from './test-fixtures';

// Compact, as KMS stores the default key policy and as a scenario file may hold it.
const COMPACT = `{"Version":"2012-10-17","Statement":[{"Sid":"Enable IAM User Permissions","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::${ACCT}:root"},"Action":"kms:*","Resource":"*"},{"Sid":"Other","Effect":"Deny","Principal":"*","Action":"kms:ScheduleKeyDeletion","Resource":"*"}]}`;

describe('formatPolicyJson', () => {
  it('writes 2-space JSON, as JSON.stringify(doc, null, 2) does', () => {
    expect(formatPolicyJson(COMPACT)).toBe(JSON.stringify(JSON.parse(COMPACT), null, 2));
    expect(formatPolicyJson('{"a":[],"b":{}}')).toBe('{\n  "a": [],\n  "b": {}\n}');
  });

  it('keeps duplicate keys, escapes and numbers exactly as written (JSON.parse would not)', () => {
    const text = '{"Statement":[],"Statement":[{"Sid":"\\u0041","N":1e3}]}';
    const out = formatPolicyJson(text)!;
    expect(out.match(/"Statement"/g)).toHaveLength(2);
    expect(out).toContain('"\\u0041"');
    expect(out).toContain('1e3');
    expect(formatPolicyJson('{"__proto__":{"x":1}}')).toBe('{\n  "__proto__": {\n    "x": 1\n  }\n}');
  });

  it('leaves text that is not JSON alone (null)', () => {
    expect(formatPolicyJson('{ "Version": ')).toBeNull();
    expect(displayText('{ "Version": ')).toBe('{ "Version": ');
  });
});

describe('placeStatement: a highlight only on the exact text that was evaluated', () => {
  const evaluation = evaluateAccess(input({ keyPolicy: COMPACT }));
  const d = evaluation.decidedBy.find((x) => x.policyId.startsWith('key-policy:'))!;
  const q = (editorText: string, savedText = COMPACT) => placeStatement({ evaluatedText: d.text, range: d.range, statementIndex: d.statementIndex, savedText, editorText, kind: 'key' });

  it('the decision carries the text it read, and the range points into it', () => {
    expect(d.text).toBe(COMPACT);
    expect(d.text!.slice(d.range.start.offset, d.range.end.offset)).toMatch(/^\{"Sid":"Enable IAM User Permissions"/);
    const pe = evaluation.layers.find((l) => l.layer === 'key-policy')!.policies[0];
    expect(pe.text).toBe(COMPACT);
  });

  it('on the saved text as evaluated, the range itself', () => {
    expect(q(COMPACT)).toEqual({ kind: 'shown', from: d.range.start.offset, to: d.range.end.offset });
  });

  it('on the same text pretty-printed, the same statement in the pretty text', () => {
    const pretty = displayText(COMPACT);
    const place = q(pretty);
    expect(place.kind).toBe('shown');
    if (place.kind !== 'shown') return;
    const outlined = pretty.slice(place.from, place.to);
    expect(JSON.parse(outlined)).toEqual(JSON.parse(COMPACT).Statement[0]);
  });

  it('refuses unsaved editor text, even when a statement sits at the same index', () => {
    // The learner moved the Deny first: index 0 is now another statement.
    const doc = JSON.parse(COMPACT);
    const swapped = JSON.stringify({ ...doc, Statement: [doc.Statement[1], doc.Statement[0]] }, null, 2);
    expect(q(swapped)).toEqual({ kind: 'unsaved' });
    expect(isSavedText(COMPACT, swapped)).toBe(false);
  });

  it('refuses a policy saved again after the decision', () => {
    const doc = JSON.parse(COMPACT);
    const resaved = JSON.stringify({ ...doc, Statement: [doc.Statement[1], doc.Statement[0]] });
    expect(q(resaved, resaved)).toEqual({ kind: 'changed' });
    expect(q(displayText(resaved), resaved)).toEqual({ kind: 'changed' });
  });

  it('refuses a statement without a text (a grant, an evaluation kept from before)', () => {
    expect(placeStatement({ evaluatedText: undefined, range: d.range, statementIndex: 0, savedText: COMPACT, editorText: COMPACT, kind: 'key' })).toEqual({ kind: 'unknown' });
  });
});
