import { describe, expect, it } from 'vitest';
import { evaluateAccess } from '@kms-lab/engine/policy';
import { decidingStage, explainPrediction, summaryReason, toDecisionSteps } from './decision';
import { ACCT, ALICE, KEY, ROOT_STATEMENT, doc, identities, input } from './test-fixtures';

const stages = (ev: ReturnType<typeof evaluateAccess>) => toDecisionSteps(ev).map((s) => `${s.stage}:${s.outcome}${s.decidedHere ? '*' : ''}`);

describe('toDecisionSteps', () => {
  it('always draws the nine stages in AWS order, the decision last', () => {
    const steps = toDecisionSteps(evaluateAccess(input()));
    expect(steps.map((s) => s.stage)).toEqual(['explicit-deny', 'rcp', 'scp', 'resource', 'identity', 'grants', 'boundary', 'session', 'decision']);
    expect(steps.map((s) => s.index)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8]);
    expect(steps.filter((s) => s.isDecision)).toHaveLength(1);
    expect(steps.at(-1)!.isDecision).toBe(true);
  });

  it('Allow through IAM delegation: the key policy and IAM are on the allow path; IAM decided', () => {
    const ev = evaluateAccess(input());
    expect(ev.decision).toBe('Allow');
    expect(stages(ev)).toEqual([
      'explicit-deny:allowed',
      'rcp:not-applicable',
      'scp:not-applicable',
      'resource:allowed',
      'identity:allowed*',
      'grants:not-applicable',
      'boundary:not-applicable',
      'session:not-applicable',
      'decision:allowed',
    ]);
    const steps = toDecisionSteps(ev);
    expect(steps.filter((s) => s.onAllowPath).map((s) => s.stage)).toEqual(['resource', 'identity']);
    expect(steps[8].verdict).toBe('Allowed');
    // The deciding statements are flagged inside their stage.
    expect(steps[3].statements).toEqual([expect.objectContaining({ sid: 'Enable IAM User Permissions', deciding: true, effect: 'Allow' })]);
    expect(steps[4].statements).toEqual([expect.objectContaining({ sid: 'UseKey', deciding: true })]);
  });

  it('explicit deny: the sweep decides, with the Deny statement named', () => {
    const ids = identities([
      { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'kms:*', Resource: '*' }, { Sid: 'NoDecrypt', Effect: 'Deny', Action: 'kms:Decrypt', Resource: '*' }] },
    ]);
    const ev = evaluateAccess(input({ ids }));
    expect(ev.decision).toBe('ExplicitDeny');
    const steps = toDecisionSteps(ev);
    expect(steps[0]).toMatchObject({ stage: 'explicit-deny', outcome: 'explicit-deny', decidedHere: true, verdict: 'Denied — explicit deny' });
    expect(steps[0].statements).toEqual([expect.objectContaining({ sid: 'NoDecrypt', effect: 'Deny', deciding: true })]);
    expect(steps.filter((s) => s.decidedHere)).toHaveLength(1);
    expect(steps[8].outcome).toBe('explicit-deny');
  });

  it('trust is not automatic: without the root statement the key policy decides, and the IAM allow has no effect', () => {
    const ev = evaluateAccess(input({ keyPolicy: doc({ Sid: 'Admins', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCT}:role/Admin` }, Action: 'kms:*', Resource: '*' }) }));
    expect(ev.decision).toBe('ImplicitDeny');
    expect(decidingStage(ev)).toBe('resource');
    const steps = toDecisionSteps(ev);
    expect(steps[3]).toMatchObject({ title: 'Key policy', outcome: 'implicit-deny', decidedHere: true });
    expect(steps[3].reason).toMatch(/account principal/);
    expect(steps[4].outcome).toBe('implicit-deny');
    expect(steps[4].reason).toMatch(/has no effect/);
    expect(steps[8].verdict).toBe('Denied — nothing allowed it');
  });

  it('implicit deny at the identity stage when the key delegates but no IAM policy allows', () => {
    const ev = evaluateAccess(input({ ids: identities([]) }));
    expect(ev.decision).toBe('ImplicitDeny');
    expect(stages(ev)).toContain('identity:implicit-deny*');
    expect(stages(ev)).toContain('resource:allowed');
  });

  it('boundary and session stages come from the layers when present', () => {
    const ids = identities(undefined, (i) => {
      i.principals[ALICE].permissionsBoundary = { name: 'b', document: doc({ Effect: 'Allow', Action: 'kms:Encrypt', Resource: '*' }) };
    });
    const ev = evaluateAccess(input({ ids }));
    expect(ev.decision).toBe('ImplicitDeny');
    expect(stages(ev)).toContain('boundary:implicit-deny*');
  });

  it('SCP levels: a level without an allow denies at the SCP stage', () => {
    const ids = identities(undefined, (i) => {
      i.organization = { id: 'o-abc', scps: [[{ name: 'OnlyS3', document: doc({ Effect: 'Allow', Action: 's3:*', Resource: '*' }) }]] };
      i.accounts[ACCT].inOrganization = true;
    });
    const ev = evaluateAccess(input({ ids }));
    expect(ev.decision).toBe('ImplicitDeny');
    const steps = toDecisionSteps(ev);
    expect(steps[2]).toMatchObject({ stage: 'scp', outcome: 'implicit-deny', decidedHere: true });
    expect(steps[1].outcome).toBe('not-applicable');
  });

  it('a grant allows on its own path', () => {
    const ev = evaluateAccess(
      input({ ids: identities([]), grants: [{ grantId: 'g1', keyArn: KEY, granteePrincipal: ALICE, operations: ['Decrypt'] }] }),
    );
    expect(ev.decision).toBe('Allow');
    const steps = toDecisionSteps(ev);
    expect(steps[5]).toMatchObject({ stage: 'grants', outcome: 'allowed', decidedHere: true, onAllowPath: true });
  });

  it('narrates every step in present tense, naming the outcome', () => {
    const steps = toDecisionSteps(evaluateAccess(input()));
    // The sweep allows nothing: finding no Deny, it lets the request go on.
    expect(steps[0].verdict).toBe('No explicit deny');
    expect(steps[0].text).toMatch(/^Explicit-deny sweep: no explicit deny\./);
    expect(steps[4].text).toMatch(/^IAM policies: allowed\. /);
    expect(steps[8].text).toMatch(/^Allowed\. .* It was decided at the IAM policies stage\.$/);
  });

  it('a stage\'s narration says only what that stage shows: never that it decides, before the decision step', () => {
    const cases = [
      evaluateAccess(input()),
      evaluateAccess(input({ keyPolicy: doc({ ...ROOT_STATEMENT, Principal: { AWS: 'arn:aws:iam::444455556666:root' } }) })),
      evaluateAccess(input({ keyPolicy: doc(ROOT_STATEMENT, { Effect: 'Deny', Principal: { AWS: '*' }, Action: 'kms:Decrypt', Resource: '*' }) })),
    ];
    expect(cases.map((e) => e.decision)).toEqual(['Allow', 'ImplicitDeny', 'ExplicitDeny']);
    for (const ev of cases) {
      const steps = toDecisionSteps(ev);
      const decided = steps.find((s) => s.decidedHere)!;
      for (const s of steps.slice(0, -1)) expect(s.text).not.toMatch(/decision|decide/i);
      expect(steps[8].text).toContain(`It was decided at the ${decided.title} stage.`);
    }
  });
});

describe('explainPrediction', () => {
  const ev = evaluateAccess(input({ keyPolicy: doc({ ...ROOT_STATEMENT, Principal: { AWS: `arn:aws:iam::444455556666:root` } }) }));
  it('says right or not quite, and why', () => {
    expect(ev.decision).toBe('ImplicitDeny');
    expect(explainPrediction('ImplicitDeny', ev)).toMatchObject({ correct: true });
    const wrong = explainPrediction('Allow', ev);
    expect(wrong.correct).toBe(false);
    expect(wrong.text).toMatch(/^Not quite: Denied — nothing allowed it\. No Deny applied/);
  });
});

describe('summaryReason', () => {
  it('drops the verdict words the evaluator puts first', () => {
    const ev = evaluateAccess(input({ ids: identities([]) }));
    expect(ev.summary.startsWith('Denied — nothing allowed it: ')).toBe(true);
    expect(summaryReason(ev)).toBe(ev.summary.slice('Denied — nothing allowed it: '.length).replace(/^./, (c) => c.toUpperCase()));
    expect(explainPrediction('ImplicitDeny', ev).text).not.toMatch(/nothing allowed it.*nothing allowed it/);
  });
});
