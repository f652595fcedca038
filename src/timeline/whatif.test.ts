import { describe, expect, it } from 'vitest';
import { evaluateAccess } from '@kms-lab/engine/policy';
import { applyWhatIf, candidateChanges, describeChange, diffEvaluations, findFlips, whatIf } from './whatif';
import { ACCT, ALICE, KEY, ROOT_STATEMENT, doc, identities, input } from './test-fixtures';

const denyWithoutContext = {
  Version: '2012-10-17',
  Statement: [
    { Sid: 'UseKey', Effect: 'Allow', Action: 'kms:Decrypt', Resource: KEY },
    { Sid: 'NoContextNoKey', Effect: 'Deny', Action: 'kms:Decrypt', Resource: '*', Condition: { Null: { 'kms:EncryptionContext:dept': 'true' } } },
  ],
};

describe('applyWhatIf', () => {
  it('switches a statement off without touching the original input', () => {
    const base = input();
    const kp = base.keyPolicy!;
    const changed = applyWhatIf(base, [{ kind: 'statement-off', policyId: kp.id, statementIndex: 0 }]);
    expect(changed.keyPolicy!.policy.statements).toHaveLength(0);
    expect(base.keyPolicy!.policy.statements).toHaveLength(1);
    expect(evaluateAccess(changed).decision).toBe('ImplicitDeny');
  });

  it('sets and removes context keys case-insensitively, keeping the encryption context in step', () => {
    const base = input({ encryptionContext: { Dept: 'hr' } });
    expect(base.request.context['kms:EncryptionContext:Dept']).toBe('hr');
    const set = applyWhatIf(base, [{ kind: 'context-set', key: 'kms:encryptioncontext:dept', value: 'sales' }]);
    expect(set.encryptionContext).toEqual({ dept: 'sales' });
    expect(Object.keys(set.request.context).filter((k) => k.toLowerCase() === 'kms:encryptioncontext:dept')).toEqual(['kms:encryptioncontext:dept']);
    const removed = applyWhatIf(base, [{ kind: 'context-remove', key: 'KMS:EncryptionContext:Dept' }]);
    expect(removed.encryptionContext).toBeUndefined();
    expect(removed.request.context['kms:EncryptionContextKeys']).toBeUndefined();
    expect(base.encryptionContext).toEqual({ Dept: 'hr' });
  });

  it('detaches identity policies and boundaries; a key policy is emptied instead', () => {
    const ids = identities(undefined, (i) => {
      i.principals[ALICE].permissionsBoundary = { name: 'b', document: doc({ Effect: 'Allow', Action: 'kms:Encrypt', Resource: '*' }) };
    });
    const base = input({ ids });
    expect(evaluateAccess(base).decision).toBe('ImplicitDeny');
    const off = applyWhatIf(base, [{ kind: 'policy-off', policyId: base.permissionsBoundary!.id }]);
    expect(off.permissionsBoundary).toBeUndefined();
    expect(evaluateAccess(off).decision).toBe('Allow');
    const kpOff = applyWhatIf(base, [{ kind: 'policy-off', policyId: base.keyPolicy!.id }]);
    expect(kpOff.keyPolicy!.policy.statements).toEqual([]);
  });

  it('adds the root statement to a key policy without one', () => {
    const base = input({ keyPolicy: doc({ Sid: 'Admin', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCT}:role/Admin` }, Action: 'kms:*', Resource: '*' }) });
    expect(evaluateAccess(base).decision).toBe('ImplicitDeny');
    const fixed = applyWhatIf(base, [{ kind: 'add-root-statement' }]);
    expect(fixed.keyPolicy!.policy.statements.map((s) => s.sid)).toEqual(['Admin', 'Enable IAM User Permissions']);
    expect(evaluateAccess(fixed).decision).toBe('Allow');
  });

  it('turns grants off', () => {
    const base = input({ ids: identities([]), grants: [{ grantId: 'g1', keyArn: KEY, granteePrincipal: ALICE, operations: ['Decrypt'] }] });
    expect(evaluateAccess(base).decision).toBe('Allow');
    expect(evaluateAccess(applyWhatIf(base, [{ kind: 'grant-off', grantId: 'g1' }])).decision).toBe('ImplicitDeny');
  });
});

describe('diffEvaluations / whatIf', () => {
  it('compares stage by stage and says what changed', () => {
    const base = input();
    const { diff } = whatIf(base, [{ kind: 'statement-off', policyId: base.keyPolicy!.id, statementIndex: 0 }]);
    expect(diff.decisionChanged).toBe(true);
    expect(diff.headline).toBe('Allowed → Denied — nothing allowed it');
    // Only the key policy's input changed; the IAM stage's outcome follows from it, its input the same.
    expect(diff.stages.filter((s) => s.changed).map((s) => s.stage)).toEqual(['resource', 'decision']);
    expect(diff.stages.filter((s) => s.outcomeChanged).map((s) => s.stage)).toEqual(['resource', 'identity', 'decision']);
  });

  it('marks "(changed)" only the stages whose input changed: the root statement back changes the key policy, not IAM', () => {
    const base = input({ keyPolicy: doc({ Sid: 'Admin', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCT}:role/Admin` }, Action: 'kms:*', Resource: '*' }) });
    const { diff } = whatIf(base, [{ kind: 'add-root-statement' }]);
    expect(diff.headline).toBe('Denied — nothing allowed it → Allowed');
    expect(diff.stages.filter((s) => s.changed).map((s) => s.stage)).toEqual(['resource', 'decision']);
    expect(diff.stages.find((s) => s.stage === 'identity')).toMatchObject({ changed: false, outcomeChanged: true });
  });

  it('a context key marks the stages whose conditions read it, and no other', () => {
    const base = input({ ids: identities([denyWithoutContext]) });
    const { diff } = whatIf(base, [{ kind: 'context-set', key: 'kms:EncryptionContext:dept', value: 'hr' }]);
    expect(diff.decisionChanged).toBe(true);
    // The Deny that reads the key sits in alice's identity policy: the sweep and the IAM stage read it.
    expect(diff.stages.filter((s) => s.changed).map((s) => s.stage)).toEqual(['explicit-deny', 'identity', 'decision']);
    const unrelated = whatIf(base, [{ kind: 'context-set', key: 'aws:SourceIp', value: '10.0.0.1' }]).diff;
    expect(unrelated.stages.filter((s) => s.changed)).toEqual([]);
  });

  it('a statement switched off in the sweep\'s Deny changes the sweep and its own stage', () => {
    const base = input({ ids: identities([denyWithoutContext]) });
    const { diff } = whatIf(base, [{ kind: 'statement-off', policyId: base.identityPolicies[0].id, statementIndex: 1 }]);
    expect(diff.stages.filter((s) => s.changed).map((s) => s.stage)).toEqual(['explicit-deny', 'identity', 'decision']);
    // Switching off an Allow does not change what the sweep reads.
    const allowOff = whatIf(base, [{ kind: 'statement-off', policyId: base.identityPolicies[0].id, statementIndex: 0 }]).diff;
    expect(allowOff.stages.find((s) => s.stage === 'explicit-deny')?.changed).toBe(false);
  });

  it('says "Still" when nothing changes', () => {
    const ev = evaluateAccess(input());
    expect(diffEvaluations(ev, ev)).toMatchObject({ decisionChanged: false, headline: 'Still Allowed' });
  });
});

describe('findFlips (the hint)', () => {
  it('explicit deny: switching the Deny off or sending the missing key both flip it', () => {
    const base = input({ ids: identities([denyWithoutContext]) });
    const ev = evaluateAccess(base);
    expect(ev.decision).toBe('ExplicitDeny');
    const flips = findFlips(base, ev, 10);
    const texts = flips.map((f) => f.text);
    expect(texts).toContain('Switch off statement "NoContextNoKey" of the identity policy p0 of alice');
    // The Null condition names a key that is missing; a context-set can't be guessed for Null, but
    // switching the statement off can. Every hint is verified to flip.
    for (const f of flips) expect(f.after).toBe('Allow');
  });

  it('missing context key: the hint sends the key the Allow wants', () => {
    const keyPolicy = doc(
      { Sid: 'AliceWithContext', Effect: 'Allow', Principal: { AWS: ALICE }, Action: 'kms:Decrypt', Resource: '*', Condition: { StringEquals: { 'kms:EncryptionContext:dept': 'hr' } } },
    );
    const base = input({ keyPolicy, ids: identities([]) });
    const ev = evaluateAccess(base);
    expect(ev.decision).toBe('ImplicitDeny');
    expect(ev.missingContextKeys).toEqual(['kms:EncryptionContext:dept']);
    const [first] = findFlips(base, ev);
    expect(first.change).toEqual({ kind: 'context-set', key: 'kms:EncryptionContext:dept', value: 'hr' });
    expect(first.text).toBe('Send kms:EncryptionContext:dept = hr');
  });

  it('trust is not automatic: the hint gives the key policy its root statement back', () => {
    const base = input({ keyPolicy: doc({ Sid: 'Admin', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCT}:role/Admin` }, Action: 'kms:*', Resource: '*' }) });
    const flips = findFlips(base);
    expect(flips.map((f) => f.change.kind)).toContain('add-root-statement');
  });

  it('an Allow: the hint names what would deny it, smallest first', () => {
    const base = input();
    const flips = findFlips(base, undefined, 5);
    expect(flips.length).toBeGreaterThan(0);
    expect(flips.every((f) => f.after !== 'Allow')).toBe(true);
    const costs = flips.map((f) => f.cost);
    expect([...costs].sort((a, b) => a - b)).toEqual(costs);
  });

  it('returns nothing when no single change flips it', () => {
    // Two independent Denies: switching off either one leaves the other.
    const ids = identities([
      {
        Version: '2012-10-17',
        Statement: [
          { Effect: 'Allow', Action: 'kms:*', Resource: '*' },
          { Sid: 'D1', Effect: 'Deny', Action: 'kms:Decrypt', Resource: '*' },
        ],
      },
      { Version: '2012-10-17', Statement: [{ Sid: 'D2', Effect: 'Deny', Action: 'kms:*', Resource: '*' }] },
    ]);
    const base = input({ ids, keyPolicy: doc(ROOT_STATEMENT) });
    expect(evaluateAccess(base).decision).toBe('ExplicitDeny');
    expect(findFlips(base).filter((f) => f.change.kind === 'statement-off')).toEqual([]);
  });

  it('describes every change kind in words', () => {
    expect(describeChange({ kind: 'context-remove', key: 'aws:SourceIp' })).toBe('Leave aws:SourceIp out of the request');
    expect(describeChange({ kind: 'grant-off', grantId: 'g1' })).toBe('Retire grant g1');
    expect(describeChange({ kind: 'context-set', key: 'k', value: ['a', 'b'] })).toBe('Send k = [a, b]');
  });

  it('lists candidates from every consulted layer', () => {
    const base = input();
    const kinds = new Set(candidateChanges(base, evaluateAccess(base)).map((c) => c.kind));
    expect(kinds.has('statement-off')).toBe(true);
    expect(kinds.has('policy-off')).toBe(true);
  });
});
