// "Your turn" forms: what a learner does in a lesson's world without writing API JSON. Each form
// is one KMS operation (or an IAM change, a clock move, a step in the app) with fields whose
// choices come from the world as it is now — its keys in the picked Region, its aliases, its
// principals, the results of earlier parts — and builds the exact lesson Action the engine runs.
// Pure data and functions over the engine's world; the UI (src/ui/lessons/RequestRunner.tsx) draws
// the fields and runs the action through the lesson store. forms.test.ts reaches every lesson's
// goal with these forms alone.
import type { KeyRecord, OperationName, World } from '@kms-lab/engine';
import { ADMIN_ACTIONS, USER_ACTIONS } from './author';
import type { Action } from './model';
import type { Results } from './values';

/** What a form's choices are computed from. */
export interface FormContext {
  world: World;
  /** Results of the lesson's parts (by part id), the solution's, and the learner's own ($you1…). */
  results: Results;
  /** The lesson's Region picker. */
  region: string;
  /** The lesson's "Call as" picker. */
  caller: string;
  /** Every Region the app offers. */
  regions: readonly string[];
}

export interface Option {
  value: string;
  label: string;
}

export type FieldValue = string | string[] | boolean;
export type FormValues = Record<string, FieldValue>;

interface FieldBase {
  name: string;
  /** The control's visible label (hints name controls by it). */
  label: string;
  help?: string;
  optional?: boolean;
}
export type Field =
  | (FieldBase & { kind: 'key'; filter?: (k: KeyRecord) => boolean; allowAlias?: boolean })
  | (FieldBase & { kind: 'alias' })
  | (FieldBase & { kind: 'text'; initial?: string; placeholder?: string })
  | (FieldBase & { kind: 'number'; initial: number; min: number; max: number })
  | (FieldBase & { kind: 'choice'; options: Option[]; initial: string })
  | (FieldBase & { kind: 'multi'; options: Option[]; initial: string[] })
  | (FieldBase & { kind: 'principal'; accounts?: boolean })
  | (FieldBase & { kind: 'result'; field: string })
  | (FieldBase & { kind: 'region' })
  | (FieldBase & { kind: 'pairs'; placeholder?: string })
  | (FieldBase & { kind: 'check'; initial?: boolean });

export interface Built {
  action: Action;
  /** What the learner's list of calls says about it. */
  label: string;
  /** Keep the result under this name (an earlier part's id), instead of $youN. */
  storeAs?: string;
}

export interface LessonForm {
  id: string;
  /** The operation's name as AWS spells it, or what the form does. */
  title: string;
  group: 'Keys' | 'Aliases' | 'Crypto' | 'Policies and grants' | 'Rotation and deletion' | 'Import' | 'Multi-Region' | 'Outside KMS';
  summary: string;
  fields: Field[];
  build(values: FormValues, ctx: FormContext): Built;
  /** Whether the form uses the "Call as" picker (KMS calls do; IAM changes and the clock do not). */
  usesCaller?: boolean;
}

// ---- choices from the world ----

const shortKey = (k: KeyRecord, world: World) => {
  const aliases = Object.values(world.state.aliases).filter((a) => a.targetKeyArn === k.arn).map((a) => a.aliasName);
  const name = aliases[0] ?? (k.description || k.keyId);
  const extra = [k.keySpec !== 'SYMMETRIC_DEFAULT' ? k.keySpec : '', k.multiRegion ? 'multi-Region' : '', k.keyState !== 'Enabled' ? k.keyState : ''].filter(Boolean).join(', ');
  return `${name}${aliases[0] && k.description ? ` — ${k.description}` : ''}${extra ? ` (${extra})` : ''} · ${k.keyId}`;
};

function keyOptions(ctx: FormContext, filter?: (k: KeyRecord) => boolean): Option[] {
  return Object.values(ctx.world.state.keys)
    .filter((k) => k.region === ctx.region && k.keyState !== 'PendingReplicaDeletion' && (filter ? filter(k) : true))
    .sort((a, b) => a.seq - b.seq)
    .map((k) => ({ value: k.arn, label: shortKey(k, ctx.world) }));
}

function aliasOptions(ctx: FormContext): Option[] {
  return Object.values(ctx.world.state.aliases)
    .filter((a) => a.region === ctx.region && !a.aliasName.startsWith('alias/aws/'))
    .map((a) => ({ value: a.aliasName, label: a.aliasName }));
}

const accountOf = (arn: string) => arn.split(':')[4] ?? '';

function principalOptions(ctx: FormContext, accounts = false): Option[] {
  const ids = ctx.world.state.identities;
  const principals = Object.keys(ids.principals);
  const roots = accounts ? [...new Set([...Object.keys(ids.accounts), ...principals.map(accountOf)])].filter(Boolean).map((a) => `arn:aws:iam::${a}:root`) : [];
  return [...roots.map((r) => ({ value: r, label: `${r} (the account: its IAM policies decide)` })), ...principals.map((p) => ({ value: p, label: p }))];
}

/** Every Principal the "Call as" picker offers: account roots, then the lesson's principals. */
export function callerOptions(world: World): Option[] {
  const ids = world.state.identities;
  const label = (arn: string) => {
    const m = /^arn:aws:(?:iam|sts)::(\d{12}):(.+)$/.exec(arn);
    return m ? (m[2] === 'root' ? `${m[1]} root` : `${m[2]} (${m[1]})`) : arn;
  };
  return [...Object.keys(ids.accounts).map((a) => `arn:aws:iam::${a}:root`), ...Object.keys(ids.principals)].map((v) => ({ value: v, label: label(v) }));
}

/** Earlier results that have `field` (part results by id, then the learner's own). */
function resultOptions(ctx: FormContext, field: string): Option[] {
  const out: Option[] = [];
  for (const [id, r] of ctx.results) {
    if (!r || typeof r !== 'object' || (r as Record<string, unknown>)[field] === undefined) continue;
    const v = (r as Record<string, unknown>)[field];
    const size = v instanceof Uint8Array ? ` (${v.length} bytes)` : '';
    out.push({ value: `$${id}.${field}`, label: `${id}: its ${field}${size}` });
  }
  return out;
}

export function optionsOf(field: Field, ctx: FormContext): Option[] | null {
  switch (field.kind) {
    case 'key':
      return [...keyOptions(ctx, field.filter), ...(field.allowAlias ? aliasOptions(ctx).map((a) => ({ value: a.value, label: `${a.label} (by alias)` })) : [])];
    case 'alias':
      return aliasOptions(ctx);
    case 'principal':
      return principalOptions(ctx, field.accounts);
    case 'result':
      return resultOptions(ctx, field.field);
    case 'region':
      return ctx.regions.filter((r) => r !== ctx.region).map((r) => ({ value: r, label: r }));
    case 'choice':
    case 'multi':
      return field.options;
    default:
      return null;
  }
}

/** The value a field starts with (the first choice for pickers). */
export function initialValue(field: Field, ctx: FormContext): FieldValue {
  switch (field.kind) {
    case 'text':
      return field.initial ?? '';
    case 'number':
      return String(field.initial);
    case 'choice':
      return field.initial;
    case 'multi':
      return field.initial;
    case 'check':
      return field.initial ?? false;
    case 'pairs':
      return '';
    default: {
      const opts = optionsOf(field, ctx) ?? [];
      if (field.kind === 'result') return opts[opts.length - 1]?.value ?? '';
      return opts[0]?.value ?? '';
    }
  }
}

// ---- reading values ----

const str = (v: FieldValue | undefined) => (typeof v === 'string' ? v.trim() : '');
const list = (v: FieldValue | undefined) => (Array.isArray(v) ? v : []);

/** "a=b, c=d" or one pair a line → { a: "b", c: "d" }. Throws on a pair without "=". */
export function parsePairs(text: string): Record<string, string> {
  const out: Record<string, string> = Object.create(null) as Record<string, string>;
  for (const part of text.split(/[\n,]/)) {
    const t = part.trim();
    if (!t) continue;
    const i = t.indexOf('=');
    if (i <= 0) throw new Error(`“${t}” is not a key=value pair.`);
    out[t.slice(0, i).trim()] = t.slice(i + 1).trim();
  }
  return { ...out };
}

const pairsOrNothing = (v: FieldValue | undefined) => {
  const p = parsePairs(str(v));
  return Object.keys(p).length ? p : undefined;
};

const requireValue = (v: FieldValue | undefined, label: string) => {
  const s = str(v);
  if (!s) throw new Error(`Choose ${label}.`);
  return s;
};

const shortName = (arn: string) => arn.replace(/^arn:aws:(iam|sts)::\d{12}:/, '').replace(/^arn:aws:kms:[^:]+:\d{12}:key\//, 'key ');

const call = (op: OperationName, request: Record<string, unknown>, ctx: FormContext, what: string, storeAs?: string): Built => ({
  action: { call: op, request, as: ctx.caller, region: ctx.region },
  label: `${op}${what ? ` ${what}` : ''} as ${shortName(ctx.caller)} in ${ctx.region}`,
  ...(storeAs ? { storeAs } : {}),
});

// ---- the forms ----

const KEY = (label = 'Key', filter?: (k: KeyRecord) => boolean, allowAlias = false): Field => ({ name: 'KeyId', label, kind: 'key', filter, allowAlias });
const CONTEXT: Field = { name: 'EncryptionContext', label: 'Encryption context', kind: 'pairs', optional: true, placeholder: 'project=alpha, file=jan.csv', help: 'key=value pairs, separated by commas. Leave empty for none.' };
const symmetric = (k: KeyRecord) => k.keySpec === 'SYMMETRIC_DEFAULT';

const KEY_SPECS: Option[] = [
  { value: 'SYMMETRIC_DEFAULT/ENCRYPT_DECRYPT', label: 'Symmetric, encrypt and decrypt (the default)' },
  { value: 'RSA_2048/SIGN_VERIFY', label: 'RSA 2048, sign and verify' },
  { value: 'RSA_2048/ENCRYPT_DECRYPT', label: 'RSA 2048, encrypt and decrypt' },
  { value: 'ECC_NIST_P256/SIGN_VERIFY', label: 'ECC NIST P-256, sign and verify' },
  { value: 'HMAC_256/GENERATE_VERIFY_MAC', label: 'HMAC 256, generate and verify MACs' },
];

const GRANT_OPS = ['Decrypt', 'Encrypt', 'GenerateDataKey', 'ReEncryptFrom', 'ReEncryptTo', 'DescribeKey', 'RetireGrant', 'CreateGrant', 'Sign', 'Verify', 'GetPublicKey'];

/** Action sets for policy statements, as the console names them. */
const ACTION_SETS: Option[] = [
  { value: 'users', label: 'Key users: Encrypt, Decrypt, ReEncrypt*, GenerateDataKey*, DescribeKey' },
  { value: 'admins', label: 'Key administrators: Create*, Describe*, Enable*, List*, Put*, Update*, Revoke*, Disable*, Get*, Delete*, tags, deletion' },
  { value: 'all', label: 'Everything: kms:*' },
];
const ONE_ACTIONS = ['kms:Encrypt', 'kms:Decrypt', 'kms:GenerateDataKey', 'kms:ReEncrypt*', 'kms:DescribeKey', 'kms:Sign', 'kms:Verify', 'kms:GetPublicKey', 'kms:CreateGrant', 'kms:PutKeyPolicy', 'kms:ScheduleKeyDeletion'];
const actionsFrom = (sets: string[], singles: string[]): string[] => {
  const out: string[] = [];
  if (sets.includes('all')) out.push('kms:*');
  if (sets.includes('users')) out.push(...USER_ACTIONS);
  if (sets.includes('admins')) out.push(...ADMIN_ACTIONS);
  for (const a of singles) if (!out.includes(a)) out.push(a);
  return out;
};
const CONDITION_KEYS: Option[] = [
  { value: '', label: 'No condition' },
  { value: 'kms:EncryptionContext:', label: 'kms:EncryptionContext:<key> — a pair of the request’s encryption context' },
  { value: 'kms:ViaService', label: 'kms:ViaService — the AWS service that calls KMS for the caller' },
  { value: 'kms:CallerAccount', label: 'kms:CallerAccount — the caller’s account' },
];
const conditionOf = (values: FormValues): Record<string, Record<string, string>> | undefined => {
  const key = str(values.ConditionKey);
  if (!key) return undefined;
  const value = requireValue(values.ConditionValue, 'the condition’s value');
  const name = key === 'kms:EncryptionContext:' ? `${key}${requireValue(values.ConditionContextKey, 'the encryption context key')}` : key;
  return { StringEquals: { [name]: value } };
};
const STATEMENT_FIELDS: Field[] = [
  { name: 'Effect', label: 'Effect', kind: 'choice', initial: 'Allow', options: [{ value: 'Allow', label: 'Allow' }, { value: 'Deny', label: 'Deny' }] },
  { name: 'ActionSets', label: 'Actions (sets)', kind: 'multi', initial: [], options: ACTION_SETS },
  { name: 'Actions', label: 'Actions (one by one)', kind: 'multi', initial: [], options: ONE_ACTIONS.map((a) => ({ value: a, label: a })) },
  { name: 'ConditionKey', label: 'Condition key', kind: 'choice', initial: '', options: CONDITION_KEYS, optional: true },
  { name: 'ConditionContextKey', label: 'Encryption context key', kind: 'text', optional: true, placeholder: 'project', help: 'Only for kms:EncryptionContext:<key>.' },
  { name: 'ConditionValue', label: 'Condition value (StringEquals)', kind: 'text', optional: true, placeholder: 'alpha' },
];
const statementOf = (values: FormValues, extra: Record<string, unknown>) => {
  const actions = actionsFrom(list(values.ActionSets), list(values.Actions));
  if (!actions.length) throw new Error('Choose at least one action.');
  const condition = conditionOf(values);
  return { Effect: str(values.Effect) || 'Allow', ...extra, Action: actions.length === 1 ? actions[0] : actions, ...(condition ? { Condition: condition } : {}) };
};

/** The statements of a key's policy, each with a short label (for "remove" choices). */
function keyPolicyStatements(world: World, keyArn: string): { sid: string; label: string; statement: Record<string, unknown> }[] {
  const key = world.state.keys[keyArn];
  if (!key) return [];
  try {
    const doc = JSON.parse(key.policy) as { Statement?: Record<string, unknown>[] | Record<string, unknown> };
    const st = Array.isArray(doc.Statement) ? doc.Statement : doc.Statement ? [doc.Statement] : [];
    return st.map((s, i) => ({ sid: String(i), label: `${typeof s.Sid === 'string' ? s.Sid : `Statement ${i + 1}`}: ${String(s.Effect)} ${JSON.stringify(s.Principal ?? '')} ${JSON.stringify(s.Action ?? '')}`, statement: s }));
  } catch {
    return [];
  }
}

export const LESSON_FORMS: LessonForm[] = [
  {
    id: 'CreateKey',
    title: 'CreateKey',
    group: 'Keys',
    summary: 'Creates a KMS key in the Region you picked, with the default key policy.',
    usesCaller: true,
    fields: [
      { name: 'Description', label: 'Description', kind: 'text', initial: '', placeholder: 'what the key protects', optional: true },
      { name: 'Spec', label: 'Key spec and usage', kind: 'choice', initial: KEY_SPECS[0].value, options: KEY_SPECS },
      { name: 'MultiRegion', label: 'Multi-Region primary key', kind: 'check' },
    ],
    build(v, ctx) {
      const [KeySpec, KeyUsage] = str(v.Spec).split('/');
      const request: Record<string, unknown> = { ...(str(v.Description) ? { Description: str(v.Description) } : {}), ...(KeySpec !== 'SYMMETRIC_DEFAULT' ? { KeySpec, KeyUsage } : {}), ...(v.MultiRegion === true ? { MultiRegion: true } : {}) };
      return call('CreateKey', request, ctx, str(v.Description) ? `“${str(v.Description)}”` : '');
    },
  },
  {
    id: 'DescribeKey',
    title: 'DescribeKey',
    group: 'Keys',
    summary: 'Returns a key’s metadata: state, spec, dates, rotation and more.',
    usesCaller: true,
    fields: [KEY('Key', undefined, true)],
    build: (v, ctx) => call('DescribeKey', { KeyId: requireValue(v.KeyId, 'a key') }, ctx, shortName(str(v.KeyId))),
  },
  {
    id: 'UpdateKeyDescription',
    title: 'UpdateKeyDescription',
    group: 'Keys',
    summary: 'Changes a key’s description.',
    usesCaller: true,
    fields: [KEY(), { name: 'Description', label: 'New description', kind: 'text', initial: '' }],
    build: (v, ctx) => call('UpdateKeyDescription', { KeyId: requireValue(v.KeyId, 'a key'), Description: str(v.Description) }, ctx, `→ “${str(v.Description)}”`),
  },
  {
    id: 'TagResource',
    title: 'TagResource',
    group: 'Keys',
    summary: 'Adds (or replaces) a tag on a key.',
    usesCaller: true,
    fields: [KEY(), { name: 'TagKey', label: 'Tag key', kind: 'text', initial: '', placeholder: 'team' }, { name: 'TagValue', label: 'Tag value', kind: 'text', initial: '', placeholder: 'hr' }],
    build: (v, ctx) => call('TagResource', { KeyId: requireValue(v.KeyId, 'a key'), Tags: [{ TagKey: requireValue(v.TagKey, 'a tag key'), TagValue: str(v.TagValue) }] }, ctx, `${str(v.TagKey)}=${str(v.TagValue)}`),
  },
  {
    id: 'ListResourceTags',
    title: 'ListResourceTags',
    group: 'Keys',
    summary: 'Lists a key’s tags.',
    usesCaller: true,
    fields: [KEY()],
    build: (v, ctx) => call('ListResourceTags', { KeyId: requireValue(v.KeyId, 'a key') }, ctx, ''),
  },
  {
    id: 'EnableKey',
    title: 'EnableKey',
    group: 'Keys',
    summary: 'Enables a Disabled key.',
    usesCaller: true,
    fields: [KEY()],
    build: (v, ctx) => call('EnableKey', { KeyId: requireValue(v.KeyId, 'a key') }, ctx, ''),
  },
  {
    id: 'DisableKey',
    title: 'DisableKey',
    group: 'Keys',
    summary: 'Disables a key: every cryptographic operation with it fails until it is enabled.',
    usesCaller: true,
    fields: [KEY()],
    build: (v, ctx) => call('DisableKey', { KeyId: requireValue(v.KeyId, 'a key') }, ctx, ''),
  },
  {
    id: 'CreateAlias',
    title: 'CreateAlias',
    group: 'Aliases',
    summary: 'Gives a key a name in this Region (an alias is regional, like the key).',
    usesCaller: true,
    fields: [{ name: 'AliasName', label: 'Alias name', kind: 'text', initial: 'alias/', placeholder: 'alias/my-app' }, KEY('Target key')],
    build: (v, ctx) => call('CreateAlias', { AliasName: requireValue(v.AliasName, 'an alias name'), TargetKeyId: requireValue(v.KeyId, 'a target key') }, ctx, `${str(v.AliasName)} → ${shortName(str(v.KeyId))}`),
  },
  {
    id: 'UpdateAlias',
    title: 'UpdateAlias',
    group: 'Aliases',
    summary: 'Points an existing alias at another key of the same Region.',
    usesCaller: true,
    fields: [{ name: 'AliasName', label: 'Alias', kind: 'alias' }, KEY('New target key')],
    build: (v, ctx) => call('UpdateAlias', { AliasName: requireValue(v.AliasName, 'an alias'), TargetKeyId: requireValue(v.KeyId, 'a target key') }, ctx, `${str(v.AliasName)} → ${shortName(str(v.KeyId))}`),
  },
  {
    id: 'Encrypt',
    title: 'Encrypt',
    group: 'Crypto',
    summary: 'Encrypts up to 4096 bytes of text under a key.',
    usesCaller: true,
    fields: [KEY('Key', symmetric, true), { name: 'Plaintext', label: 'Plaintext', kind: 'text', initial: 'hello' }, CONTEXT],
    build(v, ctx) {
      const ec = pairsOrNothing(v.EncryptionContext);
      return call('Encrypt', { KeyId: requireValue(v.KeyId, 'a key'), Plaintext: { $utf8: str(v.Plaintext) }, ...(ec ? { EncryptionContext: ec } : {}) }, ctx, shortName(str(v.KeyId)));
    },
  },
  {
    id: 'Decrypt',
    title: 'Decrypt',
    group: 'Crypto',
    summary: 'Decrypts a ciphertext blob from an earlier result; the blob names its key.',
    usesCaller: true,
    fields: [{ name: 'CiphertextBlob', label: 'Ciphertext', kind: 'result', field: 'CiphertextBlob' }, CONTEXT],
    build(v, ctx) {
      const ec = pairsOrNothing(v.EncryptionContext);
      return call('Decrypt', { CiphertextBlob: requireValue(v.CiphertextBlob, 'a ciphertext'), ...(ec ? { EncryptionContext: ec } : {}) }, ctx, str(v.CiphertextBlob).replace(/^\$/, ''));
    },
  },
  {
    id: 'ReEncrypt',
    title: 'ReEncrypt',
    group: 'Crypto',
    summary: 'Decrypts and encrypts again under another key, inside KMS: the plaintext never comes out.',
    usesCaller: true,
    fields: [
      { name: 'CiphertextBlob', label: 'Ciphertext', kind: 'result', field: 'CiphertextBlob' },
      KEY('Destination key', symmetric),
      { name: 'Replace', label: 'Store the new ciphertext in place of the old one', kind: 'check', initial: true, help: 'Like overwriting the stored record: later parts and the goal read it under the same name.' },
    ],
    build(v, ctx) {
      const source = requireValue(v.CiphertextBlob, 'a ciphertext');
      const id = source.replace(/^\$/, '').split('.')[0];
      return call('ReEncrypt', { CiphertextBlob: source, DestinationKeyId: requireValue(v.KeyId, 'a destination key') }, ctx, `${id} → ${shortName(str(v.KeyId))}`, v.Replace === true && !id.startsWith('you') ? id : undefined);
    },
  },
  {
    id: 'GenerateDataKey',
    title: 'GenerateDataKey',
    group: 'Crypto',
    summary: 'A new 256-bit data key: in plaintext (use it, then discard it) and encrypted under the key (store it).',
    usesCaller: true,
    fields: [KEY('Key', symmetric, true), CONTEXT],
    build(v, ctx) {
      const ec = pairsOrNothing(v.EncryptionContext);
      return call('GenerateDataKey', { KeyId: requireValue(v.KeyId, 'a key'), KeySpec: 'AES_256', ...(ec ? { EncryptionContext: ec } : {}) }, ctx, shortName(str(v.KeyId)));
    },
  },
  {
    id: 'PutKeyPolicy',
    title: 'PutKeyPolicy',
    group: 'Policies and grants',
    summary: 'Replaces a key’s policy: keep the statements you tick, and add one statement.',
    usesCaller: true,
    fields: [
      KEY(),
      { name: 'Keep', label: 'Statements to keep', kind: 'multi', initial: ['*'], options: [], help: 'The key’s current statements; untick one to remove it.' },
      { name: 'Principal', label: 'New statement’s Principal', kind: 'principal', accounts: true, optional: true },
      ...STATEMENT_FIELDS,
      { name: 'Sid', label: 'New statement’s Sid', kind: 'text', initial: '', optional: true, placeholder: 'Enable IAM User Permissions' },
    ],
    build(v, ctx) {
      const key = requireValue(v.KeyId, 'a key');
      const current = keyPolicyStatements(ctx.world, key);
      const keep = list(v.Keep);
      const kept = current.filter((s) => keep.includes('*') || keep.includes(s.sid)).map((s) => s.statement);
      const principal = str(v.Principal);
      const statements = [...kept];
      const adding = principal && (list(v.ActionSets).length || list(v.Actions).length);
      if (adding) statements.push({ ...(str(v.Sid) ? { Sid: str(v.Sid) } : {}), ...statementOf(v, { Principal: { AWS: principal } }), Resource: '*' });
      if (!statements.length) throw new Error('A key policy needs at least one statement.');
      return call('PutKeyPolicy', { KeyId: key, PolicyName: 'default', Policy: { $json: { Version: '2012-10-17', Statement: statements } } }, ctx, `${kept.length} kept${adding ? ` + 1 for ${shortName(principal)}` : ''}`);
    },
  },
  {
    id: 'CreateGrant',
    title: 'CreateGrant',
    group: 'Policies and grants',
    summary: 'Lets a principal perform some operations with a key, optionally only with certain encryption context.',
    usesCaller: true,
    fields: [
      KEY(),
      { name: 'GranteePrincipal', label: 'Grantee principal', kind: 'principal' },
      { name: 'Operations', label: 'Operations', kind: 'multi', initial: ['Decrypt'], options: GRANT_OPS.map((o) => ({ value: o, label: o })) },
      { name: 'ConstraintKind', label: 'Encryption context constraint', kind: 'choice', initial: '', options: [
        { value: '', label: 'None' },
        { value: 'EncryptionContextSubset', label: 'EncryptionContextSubset: the request’s context includes these pairs' },
        { value: 'EncryptionContextEquals', label: 'EncryptionContextEquals: exactly these pairs' },
      ] },
      { name: 'ConstraintPairs', label: 'Constraint pairs', kind: 'pairs', optional: true, placeholder: 'tenant=acme' },
    ],
    build(v, ctx) {
      const ops = list(v.Operations);
      if (!ops.length) throw new Error('Choose at least one operation.');
      const kind = str(v.ConstraintKind);
      const pairs = pairsOrNothing(v.ConstraintPairs);
      if (kind && !pairs) throw new Error('Give the constraint’s pairs (key=value).');
      const grantee = requireValue(v.GranteePrincipal, 'a grantee');
      return call('CreateGrant', { KeyId: requireValue(v.KeyId, 'a key'), GranteePrincipal: grantee, Operations: ops, ...(kind && pairs ? { Constraints: { [kind]: pairs } } : {}) }, ctx, `for ${shortName(grantee)}: ${ops.join(', ')}`);
    },
  },
  {
    id: 'ListGrants',
    title: 'ListGrants',
    group: 'Policies and grants',
    summary: 'Lists a key’s grants.',
    usesCaller: true,
    fields: [KEY()],
    build: (v, ctx) => call('ListGrants', { KeyId: requireValue(v.KeyId, 'a key') }, ctx, ''),
  },
  {
    id: 'iam-policy',
    title: 'Set an IAM policy (outside KMS)',
    group: 'Policies and grants',
    summary: 'Replaces the identity (IAM) policy of a principal of the lesson with one statement on one key. IAM is outside KMS: this is not a KMS call.',
    fields: [
      { name: 'Principal', label: 'Principal', kind: 'principal' },
      ...STATEMENT_FIELDS,
      { name: 'KeyId', label: 'Resource (the key’s ARN)', kind: 'key' },
    ],
    build(v) {
      const arn = requireValue(v.Principal, 'a principal');
      const resource = requireValue(v.KeyId, 'a key');
      const statement = { ...statementOf(v, {}), Resource: resource };
      return { action: { putPrincipal: { arn, policies: [{ Version: '2012-10-17', Statement: [statement] }] } }, label: `IAM policy of ${shortName(arn)}: ${statement.Effect} ${JSON.stringify(statement.Action)}${statement.Condition ? ' with a condition' : ''}` };
    },
  },
  {
    id: 'EnableKeyRotation',
    title: 'EnableKeyRotation',
    group: 'Rotation and deletion',
    summary: 'Turns on automatic rotation (new key material every period; old material is kept).',
    usesCaller: true,
    fields: [KEY('Key', symmetric), { name: 'RotationPeriodInDays', label: 'Rotation period (days)', kind: 'number', initial: 365, min: 90, max: 2560 }],
    build: (v, ctx) => call('EnableKeyRotation', { KeyId: requireValue(v.KeyId, 'a key'), RotationPeriodInDays: Number(str(v.RotationPeriodInDays)) }, ctx, `every ${str(v.RotationPeriodInDays)} days`),
  },
  {
    id: 'GetKeyRotationStatus',
    title: 'GetKeyRotationStatus',
    group: 'Rotation and deletion',
    summary: 'Whether automatic rotation is on, and its period.',
    usesCaller: true,
    fields: [KEY()],
    build: (v, ctx) => call('GetKeyRotationStatus', { KeyId: requireValue(v.KeyId, 'a key') }, ctx, ''),
  },
  {
    id: 'ScheduleKeyDeletion',
    title: 'ScheduleKeyDeletion',
    group: 'Rotation and deletion',
    summary: 'Schedules the key’s deletion after a waiting period of 7 to 30 days (you can cancel until then).',
    usesCaller: true,
    fields: [KEY(), { name: 'PendingWindowInDays', label: 'Waiting period (days)', kind: 'number', initial: 30, min: 7, max: 30 }],
    build: (v, ctx) => call('ScheduleKeyDeletion', { KeyId: requireValue(v.KeyId, 'a key'), PendingWindowInDays: Number(str(v.PendingWindowInDays)) }, ctx, `in ${str(v.PendingWindowInDays)} days`),
  },
  {
    id: 'CancelKeyDeletion',
    title: 'CancelKeyDeletion',
    group: 'Rotation and deletion',
    summary: 'Cancels a scheduled deletion (the key comes back Disabled).',
    usesCaller: true,
    fields: [KEY('Key', (k) => k.keyState === 'PendingDeletion')],
    build: (v, ctx) => call('CancelKeyDeletion', { KeyId: requireValue(v.KeyId, 'a key') }, ctx, ''),
  },
  {
    id: 'clock',
    title: 'Let time pass (simulated clock)',
    group: 'Rotation and deletion',
    summary: 'Moves the lesson’s simulated clock forward: scheduled deletions and rotations that fall due happen.',
    fields: [{ name: 'Days', label: 'Days to pass', kind: 'number', initial: 8, min: 1, max: 3650 }],
    build: (v) => ({ action: { advanceClock: { days: Number(str(v.Days)) } }, label: `${str(v.Days)} days pass` }),
  },
  {
    id: 'GetParametersForImport',
    title: 'GetParametersForImport',
    group: 'Import',
    summary: 'A public wrapping key and an import token for a key with Origin EXTERNAL (single use, valid 24 hours).',
    usesCaller: true,
    fields: [
      KEY('Key', (k) => k.origin === 'EXTERNAL'),
      { name: 'WrappingAlgorithm', label: 'Wrapping algorithm', kind: 'choice', initial: 'RSAES_OAEP_SHA_256', options: ['RSAES_OAEP_SHA_256', 'RSAES_OAEP_SHA_1'].map((a) => ({ value: a, label: a })) },
      { name: 'WrappingKeySpec', label: 'Wrapping key spec', kind: 'choice', initial: 'RSA_2048', options: ['RSA_2048', 'RSA_3072', 'RSA_4096'].map((a) => ({ value: a, label: a })) },
    ],
    build: (v, ctx) => call('GetParametersForImport', { KeyId: requireValue(v.KeyId, 'a key'), WrappingAlgorithm: str(v.WrappingAlgorithm), WrappingKeySpec: str(v.WrappingKeySpec) }, ctx, ''),
  },
  {
    id: 'wrap',
    title: 'Wrap key material (in your app)',
    group: 'Import',
    summary: 'Encrypts your key material with the import public key (RSA-OAEP), on your side, before it goes to KMS.',
    fields: [
      { name: 'PublicKey', label: 'Public wrapping key', kind: 'result', field: 'PublicKey' },
      { name: 'Material', label: 'Key material', kind: 'result', field: 'Bytes' },
      { name: 'Hash', label: 'OAEP hash (as the wrapping algorithm)', kind: 'choice', initial: 'SHA-256', options: [{ value: 'SHA-256', label: 'SHA-256 (RSAES_OAEP_SHA_256)' }, { value: 'SHA-1', label: 'SHA-1 (RSAES_OAEP_SHA_1)' }] },
    ],
    build: (v) => ({
      action: { local: 'rsa-oaep-encrypt', publicKey: requireValue(v.PublicKey, 'a public key'), data: requireValue(v.Material, 'the key material'), hash: str(v.Hash) === 'SHA-1' ? 'SHA-1' : 'SHA-256' },
      label: `wrap ${str(v.Material).replace(/^\$/, '')} with ${str(v.PublicKey).replace(/^\$/, '')}`,
    }),
  },
  {
    id: 'ImportKeyMaterial',
    title: 'ImportKeyMaterial',
    group: 'Import',
    summary: 'Imports the wrapped material with its import token.',
    usesCaller: true,
    fields: [
      KEY('Key', (k) => k.origin === 'EXTERNAL'),
      { name: 'ImportToken', label: 'Import token', kind: 'result', field: 'ImportToken' },
      { name: 'EncryptedKeyMaterial', label: 'Wrapped key material', kind: 'result', field: 'Ciphertext' },
      { name: 'ExpirationModel', label: 'Expiration', kind: 'choice', initial: 'KEY_MATERIAL_DOES_NOT_EXPIRE', options: [
        { value: 'KEY_MATERIAL_DOES_NOT_EXPIRE', label: 'KEY_MATERIAL_DOES_NOT_EXPIRE' },
        { value: 'KEY_MATERIAL_EXPIRES', label: 'KEY_MATERIAL_EXPIRES (in the days below)' },
      ] },
      { name: 'ValidDays', label: 'Expires after (days)', kind: 'number', initial: 365, min: 1, max: 3650, optional: true },
    ],
    build(v, ctx) {
      const expires = str(v.ExpirationModel) === 'KEY_MATERIAL_EXPIRES';
      return call('ImportKeyMaterial', {
        KeyId: requireValue(v.KeyId, 'a key'),
        ImportToken: requireValue(v.ImportToken, 'an import token'),
        EncryptedKeyMaterial: requireValue(v.EncryptedKeyMaterial, 'wrapped key material'),
        ExpirationModel: str(v.ExpirationModel),
        ...(expires ? { ValidTo: { $clock: { days: Number(str(v.ValidDays)) } } } : {}),
      }, ctx, expires ? `expiring in ${str(v.ValidDays)} days` : 'that never expires');
    },
  },
  {
    id: 'ReplicateKey',
    title: 'ReplicateKey',
    group: 'Multi-Region',
    summary: 'Makes a replica of a multi-Region primary key in another Region: same key id, same key material.',
    usesCaller: true,
    fields: [KEY('Primary key', (k) => k.multiRegion), { name: 'ReplicaRegion', label: 'Replica Region', kind: 'region' }],
    build: (v, ctx) => call('ReplicateKey', { KeyId: requireValue(v.KeyId, 'a multi-Region primary key'), ReplicaRegion: requireValue(v.ReplicaRegion, 'a Region') }, ctx, `to ${str(v.ReplicaRegion)}`),
  },
];

export function formById(id: string): LessonForm | undefined {
  return LESSON_FORMS.find((f) => f.id === id);
}

/** The "Statements to keep" choices of the PutKeyPolicy form for the picked key. */
export function keepOptions(ctx: FormContext, keyArn: string): Option[] {
  return keyPolicyStatements(ctx.world, keyArn).map((s) => ({ value: s.sid, label: s.label }));
}

/**
 * The references an earlier result offers, for the JSON request's completion: "$id.Field" for each
 * field, one level into objects ("$d.KeyMetadata.KeyId"), with what the value is.
 */
export function referenceCompletions(results: Results): { ref: string; detail: string }[] {
  const out: { ref: string; detail: string }[] = [];
  const describe = (v: unknown) => (v instanceof Uint8Array ? `${v.length} bytes` : v instanceof Date ? 'a date' : typeof v === 'string' ? (v.length > 40 ? `${v.slice(0, 40)}…` : v) : Array.isArray(v) ? `a list of ${v.length}` : typeof v);
  for (const [id, r] of results) {
    if (!r || typeof r !== 'object') continue;
    for (const [k, v] of Object.entries(r as Record<string, unknown>)) {
      if (v === undefined || k === 'Error') continue;
      if (v && typeof v === 'object' && !(v instanceof Uint8Array) && !(v instanceof Date) && !Array.isArray(v)) {
        for (const [k2, v2] of Object.entries(v as Record<string, unknown>)) if (v2 !== undefined && (typeof v2 !== 'object' || v2 instanceof Uint8Array)) out.push({ ref: `$${id}.${k}.${k2}`, detail: describe(v2) });
      } else out.push({ ref: `$${id}.${k}`, detail: describe(v) });
    }
  }
  return out;
}

/** The label of a form's run button ("Run CreateKey", "Set the IAM policy", "Let 8 days pass"). */
export function runLabel(form: LessonForm, values: FormValues): string {
  if (form.id === 'clock') return `Let ${String(values.Days ?? '')} days pass`;
  if (form.id === 'iam-policy') return 'Set the IAM policy';
  if (form.id === 'wrap') return 'Wrap the key material';
  return `Run ${form.title}`;
}

/** The labels of the "Your turn" controls that are not a form's fields (hints name them). */
export const TURN_CONTROLS = ['What to do', 'Call as', 'Region'] as const;
