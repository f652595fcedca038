// Every lesson's goal can be reached through the "Your turn" forms alone (issue 12): after the
// lesson's parts, a learner fills forms — every picked key, alias, principal, Region and earlier
// result is one the form offers, chosen by its visible label — and the engine checks the goal.
// No hand-written request JSON anywhere.
import { describe, expect, it } from 'vitest';
import { LESSONS, LessonSession } from './index';
import { LESSON_FORMS, formById, initialValue, keepOptions, optionsOf, parsePairs, runLabel, type FieldValue, type FormContext, type FormValues } from './forms';

const REGIONS = ['us-east-1', 'us-east-2', 'us-west-2', 'eu-west-1', 'eu-central-1', 'ap-southeast-2'];

/** A value as the learner sets it: typed text, or a choice picked by its visible label. */
type Fill = string | string[] | boolean | { pick: RegExp } | { pickAll: true };
interface Turn {
  form: string;
  region?: string;
  as?: RegExp;
  values: Record<string, Fill>;
}

const ROOT = /^arn:aws:iam::111122223333:root$/;

const SCRIPTS: Record<string, Turn[]> = {
  'regional-service': [
    { form: 'CreateKey', region: 'eu-west-1', values: { Description: 'app data (eu-west-1)' } },
    { form: 'CreateAlias', region: 'eu-west-1', values: { AliasName: 'alias/app', KeyId: { pick: /app data \(eu-west-1\)/ } } },
  ],
  'crypto-operations': [{ form: 'ReEncrypt', values: { CiphertextBlob: { pick: /^record: its CiphertextBlob/ }, KeyId: { pick: /records \(new key\)/ }, Replace: true } }],
  'cmk-anatomy': [
    { form: 'UpdateKeyDescription', values: { KeyId: { pick: /11112222-3333/ }, Description: 'HR documents' } },
    { form: 'TagResource', values: { KeyId: { pick: /11112222-3333/ }, TagKey: 'team', TagValue: 'hr' } },
    { form: 'EnableKey', values: { KeyId: { pick: /11112222-3333/ } } },
  ],
  'encrypt-4kb': [{ form: 'CreateAlias', values: { AliasName: 'alias/config', KeyId: { pick: /1234abcd-12ab/ } } }],
  'envelope-encryption': [{ form: 'iam-policy', values: { Principal: { pick: /role\/reader$/ }, Actions: ['kms:Decrypt'], KeyId: { pick: /1234abcd-12ab/ } } }],
  'aws-managed-keys': [
    { form: 'CreateKey', values: { Description: 'team data' } },
    { form: 'CreateAlias', values: { AliasName: 'alias/team-data', KeyId: { pick: /^team data · / } } },
    { form: 'EnableKeyRotation', values: { KeyId: { pick: /^alias\/team-data/ }, RotationPeriodInDays: '180' } },
  ],
  'rotation-backing-keys': [{ form: 'EnableKeyRotation', values: { KeyId: { pick: /1234abcd-12ab/ }, RotationPeriodInDays: '90' } }],
  aliases: [{ form: 'UpdateAlias', values: { AliasName: { pick: /^alias\/app$/ }, KeyId: { pick: /11112222-3333/ } } }],
  'trust-not-automatic': [
    { form: 'PutKeyPolicy', as: /role\/keyadmin$/, values: { KeyId: { pick: /1234abcd-12ab/ }, Keep: { pickAll: true }, Principal: { pick: /111122223333:root/ }, ActionSets: ['all'], Sid: 'Enable IAM User Permissions' } },
  ],
  'role-separation': [
    { form: 'iam-policy', values: { Principal: { pick: /role\/keyadmin$/ }, ActionSets: ['admins'], KeyId: { pick: /1234abcd-12ab/ } } },
    { form: 'iam-policy', values: { Principal: { pick: /role\/app$/ }, ActionSets: ['users'], KeyId: { pick: /1234abcd-12ab/ } } },
  ],
  'encryption-context': [
    { form: 'iam-policy', values: { Principal: { pick: /role\/analytics$/ }, Actions: ['kms:Decrypt'], ConditionKey: 'kms:EncryptionContext:', ConditionContextKey: 'project', ConditionValue: 'alpha', KeyId: { pick: /1234abcd-12ab/ } } },
  ],
  grants: [
    { form: 'CreateGrant', values: { KeyId: { pick: /1234abcd-12ab/ }, GranteePrincipal: { pick: /role\/worker$/ }, Operations: ['Decrypt'], ConstraintKind: 'EncryptionContextSubset', ConstraintPairs: 'tenant=acme' } },
  ],
  'via-service': [
    { form: 'iam-policy', values: { Principal: { pick: /role\/app$/ }, Actions: ['kms:Decrypt', 'kms:GenerateDataKey'], ConditionKey: 'kms:ViaService', ConditionValue: 'secretsmanager.us-east-1.amazonaws.com', KeyId: { pick: /1234abcd-12ab/ } } },
  ],
  'cross-account': [{ form: 'PutKeyPolicy', values: { KeyId: { pick: /1234abcd-12ab/ }, Keep: { pickAll: true }, Principal: { pick: /444455556666:root/ }, ActionSets: ['users'] } }],
  'disable-vs-delete': [
    { form: 'ScheduleKeyDeletion', values: { KeyId: { pick: /^alias\/customer-42/ }, PendingWindowInDays: '7' } },
    { form: 'clock', values: { Days: '8' } },
  ],
  'import-key-material': [
    { form: 'GetParametersForImport', values: { KeyId: { pick: /11112222-3333/ } } },
    { form: 'wrap', values: { PublicKey: { pick: /^you1: its PublicKey/ }, Material: { pick: /^material: its Bytes/ } } },
    { form: 'ImportKeyMaterial', values: { KeyId: { pick: /11112222-3333/ }, ImportToken: { pick: /^you1: its ImportToken/ }, EncryptedKeyMaterial: { pick: /^you2: its Ciphertext/ }, ExpirationModel: 'KEY_MATERIAL_DOES_NOT_EXPIRE' } },
  ],
  'multi-region-keys': [{ form: 'ReplicateKey', values: { KeyId: { pick: /multi-Region/ }, ReplicaRegion: { pick: /^ap-southeast-2$/ } } }],
  'asymmetric-signing': [{ form: 'iam-policy', values: { Principal: { pick: /role\/verifier$/ }, Actions: ['kms:Verify', 'kms:GetPublicKey'], KeyId: { pick: /0987dcba-09fe/ } } }],
};

async function play(session: LessonSession, turns: Turn[]) {
  let n = 0;
  for (const turn of turns) {
    const form = formById(turn.form);
    expect(form, turn.form).toBeDefined();
    const region = turn.region ?? session.region;
    const callers = [...Object.keys(session.world.state.identities.accounts).map((a) => `arn:aws:iam::${a}:root`), ...Object.keys(session.world.state.identities.principals)];
    const caller = callers.find((c) => (turn.as ?? ROOT).test(c));
    expect(caller, `${turn.form}: the "Call as" picker offers ${turn.as}`).toBeDefined();
    const ctx: FormContext = { world: session.world, results: session.results, region, caller: caller!, regions: REGIONS };
    const values: FormValues = {};
    for (const field of form!.fields) values[field.name] = initialValue(field, ctx);
    for (const [name, fill] of Object.entries(turn.values)) {
      const field = form!.fields.find((f) => f.name === name);
      expect(field, `${turn.form} has a field ${name}`).toBeDefined();
      const options = name === 'Keep' ? keepOptions(ctx, String(values.KeyId)) : (optionsOf(field!, ctx) ?? []);
      let v: FieldValue;
      if (typeof fill === 'object' && !Array.isArray(fill) && 'pickAll' in fill) v = options.map((o) => o.value);
      else if (typeof fill === 'object' && !Array.isArray(fill) && 'pick' in fill) {
        const hits = options.filter((o) => fill.pick.test(o.label));
        expect(hits.map((h) => h.label), `${turn.form}.${name}: exactly one choice matches ${fill.pick} among ${options.map((o) => o.label).join(' | ')}`).toHaveLength(1);
        v = hits[0].value;
      } else {
        v = fill as FieldValue;
        // A choice typed in must be one the control offers.
        if (field!.kind === 'choice' || field!.kind === 'multi') for (const x of Array.isArray(v) ? v : [v]) expect(options.map((o) => o.value), `${turn.form}.${name}`).toContain(x);
      }
      values[name] = v;
    }
    const built = form!.build(values, ctx);
    n++;
    const outcome = await session.perform(built.action, `you${n}`, built.storeAs);
    expect(outcome.error, `${turn.form}: ${built.label}`).toBeUndefined();
  }
}

describe('every lesson can be done through the forms', () => {
  it('has a forms walk-through for every lesson', () => {
    expect(LESSONS.map((l) => l.id).filter((id) => !SCRIPTS[id])).toEqual([]);
  });
  for (const lesson of LESSONS) {
    it(`${lesson.id}: the goal is reached with forms alone`, async () => {
      const session = await LessonSession.start(lesson);
      await session.runAll();
      expect((await session.checkGoal()).reached).toBe(false);
      await play(session, SCRIPTS[lesson.id]);
      const goal = await session.checkGoal();
      expect(goal.checks.filter((c) => !c.passed).map((c) => `${c.label}: ${c.why}`)).toEqual([]);
    }, 60_000);
  }
});

describe('form values', () => {
  it('reads encryption context pairs, and refuses a pair without =', () => {
    expect(parsePairs('project=alpha, file = jan.csv')).toEqual({ project: 'alpha', file: 'jan.csv' });
    expect(parsePairs('')).toEqual({});
    expect(() => parsePairs('project')).toThrow('not a key=value pair');
    // A hostile key is just a key: it lands as data, not on the prototype.
    const p = parsePairs('__proto__=x');
    expect(Object.keys(p)).toEqual(['__proto__']);
    expect(({} as Record<string, unknown>).x).toBeUndefined();
  });
});

describe('reference completion for the JSON request', () => {
  it('offers "$part.Field" for the results so far, one level into objects', async () => {
    const { referenceCompletions } = await import('./forms');
    const session = await LessonSession.start(LESSONS.find((l) => l.id === 'crypto-operations')!);
    await session.runNext();
    const refs = referenceCompletions(session.results);
    expect(refs.find((r) => r.ref === '$record.CiphertextBlob')?.detail).toMatch(/^\d+ bytes$/);
    expect(refs.map((r) => r.ref)).toContain('$record.KeyId');
    const d = await LessonSession.start(LESSONS.find((l) => l.id === 'regional-service')!);
    await d.runNext();
    expect(referenceCompletions(d.results).map((r) => r.ref)).toContain('$describe.KeyMetadata.KeyId');
  });
});

describe('hints name the exact controls (issue 12)', () => {
  const labels = new Set<string>(['What to do', 'Call as', 'Region']);
  const optionLabels: string[] = [];
  for (const f of LESSON_FORMS) {
    labels.add(f.title);
    labels.add(runLabel(f, {}));
    for (const field of f.fields) {
      labels.add(field.label);
      if (field.kind === 'choice' || field.kind === 'multi') for (const o of field.options) optionLabels.push(o.label, o.value);
    }
  }
  const names = (text: string) => [...text.matchAll(/“([^”]+)”/g)].map((m) => m[1]);
  const known = (q: string) => labels.has(q) || optionLabels.some((o) => o === q || o.startsWith(`${q}:`) || o.startsWith(`${q} —`));

  for (const lesson of LESSONS) {
    it(`${lesson.id}: its hints name controls that exist, by their exact label`, () => {
      const named = lesson.hints.flatMap(names);
      expect(named.length, 'at least one hint names a control').toBeGreaterThan(0);
      expect(named.filter((q) => !known(q))).toEqual([]);
    });
  }
});
