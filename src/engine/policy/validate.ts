// Validation findings in the spirit of IAM Access Analyzer's policy checks. Each finding has a
// stable code, a severity and the position of the offending text. Sources: IAM user guide
// (reference_policies_grammar, _elements_*, _variables, reference_iam-quotas, condition operators,
// single- vs multivalued keys), KMS developer guide (key-policy-overview, conditions-kms).

import { isKnownSingleValued, isMultiValued, kmsActionPatternMatchesSomething } from './catalog';
import { familyTakesVariables, parseCidr, parseDate, parseNumber } from './conditions';
import { LineIndex } from './json';
import { matchWildcard } from './match';
import { CONDITION_OPERATORS, parsePolicyText, policyText } from './parse';
import type { Finding, Policy, PolicyKind, PolicyString, PrincipalElement, SourceRange, Statement } from './types';

const IDENTITY_KINDS = new Set<PolicyKind>(['identity', 'boundary', 'session', 'scp']);

/** Size quotas (IAM quotas page; KMS key policy format). Whitespace is not counted for IAM policies. */
const SIZE_LIMITS: Partial<Record<PolicyKind, { limit: number; unit: 'bytes' | 'chars'; what: string }>> = {
  key: { limit: 32768, unit: 'bytes', what: 'A KMS key policy can be at most 32 KB (32,768 bytes)' },
  scp: { limit: 5120, unit: 'chars', what: 'An SCP can be at most 5,120 characters (whitespace not counted)' },
  rcp: { limit: 5120, unit: 'chars', what: 'An RCP can be at most 5,120 characters (whitespace not counted)' },
  identity: { limit: 6144, unit: 'chars', what: 'A managed policy can be at most 6,144 characters (whitespace not counted)' },
  boundary: { limit: 6144, unit: 'chars', what: 'A permissions boundary (a managed policy) can be at most 6,144 characters (whitespace not counted)' },
  session: { limit: 2048, unit: 'chars', what: 'A session policy can be at most 2,048 characters (whitespace not counted)' },
};

const VAR_RE = /\$\{[^}]*\}/;

function utf8Length(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c <= 0xdbff) {
      n += 4;
      i++;
    } else n += 3;
  }
  return n;
}

class Out {
  findings: Finding[] = [];
  add(severity: Finding['severity'], code: string, message: string, range: SourceRange, statementIndex?: number): void {
    const f: Finding = { severity, code, message, range };
    if (statementIndex !== undefined) f.statementIndex = statementIndex;
    this.findings.push(f);
  }
}

function elRange(st: Statement, el: keyof NonNullable<Statement['elements']>): SourceRange {
  return st.elements?.[el]?.keyRange ?? st.range;
}

const PRINCIPAL_ARN_RE = /^arn:aws[a-z-]*:(iam|sts)::\d{12}:(root|user\/.+|role\/.+|assumed-role\/[^/]+\/[^/]+|federated-user\/.+)$/;

function checkPrincipal(out: Out, el: PrincipalElement, st: Statement): void {
  for (const a of el.AWS) {
    const v = a.value;
    if (v === '*' || /^\d{12}$/.test(v)) continue;
    if (v.includes('*') || v.includes('?')) {
      out.add(
        'error',
        'PRINCIPAL_PARTIAL_WILDCARD',
        `"${v}": a principal cannot use a partial wildcard; only "*" on its own means everyone. Use the aws:PrincipalArn condition key with ArnLike instead. (Here it is compared literally and matches no one.)`,
        a.range,
        st.index,
      );
    } else if (!PRINCIPAL_ARN_RE.test(v)) {
      out.add(
        'error',
        'INVALID_ARN_PRINCIPAL',
        `"${v}" is not a valid AWS principal: use an account id, arn:aws:iam::ACCOUNT:root, a user, role, assumed-role session or federated-user ARN.`,
        a.range,
        st.index,
      );
    }
  }
  for (const s of el.Service) {
    if (s.value !== '*' && !/^[a-z0-9][a-z0-9.-]*\.amazonaws\.com(\.cn)?$/.test(s.value)) {
      out.add('warning', 'INVALID_SERVICE_PRINCIPAL', `"${s.value}" does not look like a service principal (e.g. "logs.amazonaws.com").`, s.range, st.index);
    }
  }
}

// The same patterns recur in policy after policy (a big scenario has hundreds): each is tried
// against the KMS action list once. Bounded by the patterns written, forgotten wholesale past 10,000.
const kmsPatternMemo = new Map<string, boolean>();
function kmsPatternMatches(name: string): boolean {
  let known = kmsPatternMemo.get(name);
  if (known === undefined) {
    known = kmsActionPatternMatchesSomething(name, (p, val) => matchWildcard(p, val, false));
    if (kmsPatternMemo.size >= 10_000) kmsPatternMemo.clear();
    kmsPatternMemo.set(name, known);
  }
  return known;
}

function checkAction(out: Out, a: PolicyString, st: Statement, kind: PolicyKind): void {
  const v = a.value;
  if (v === '*') return;
  if (v.includes(',')) {
    out.add(
      'error',
      'COMMA_IN_ACTION',
      `"${v}" contains a comma. A comma does not separate actions inside one string, so this matches no action; list each action as its own string.`,
      a.range,
      st.index,
    );
    return;
  }
  const colon = v.indexOf(':');
  if (colon <= 0) {
    out.add('error', 'MISSING_SERVICE_PREFIX', `"${v}" has no service prefix; actions are written "service:Action", e.g. "kms:Decrypt".`, a.range, st.index);
    return;
  }
  const service = v.slice(0, colon);
  const name = v.slice(colon + 1);
  if (/[*?]/.test(service)) {
    out.add('error', 'SERVICE_WILDCARD_IN_ACTION', `"${v}": the service prefix cannot contain a wildcard; only "*" alone matches every service.`, a.range, st.index);
    return;
  }
  if (service.toLowerCase() === 'kms') {
    if (!kmsPatternMatches(name)) {
      out.add('warning', 'UNKNOWN_KMS_ACTION', `"${v}" does not match any KMS action.`, a.range, st.index);
    }
  } else if (kind === 'key') {
    out.add('warning', 'KEY_POLICY_NON_KMS_ACTION', `"${v}" is not a KMS action; in a key policy it has no effect.`, a.range, st.index);
  }
}

function checkResource(out: Out, r: PolicyString, st: Statement, kind: PolicyKind, variables: boolean): void {
  const v = r.value;
  if (kind === 'key') {
    if (v !== '*') {
      out.add(
        'warning',
        'KEY_POLICY_RESOURCE_NOT_STAR',
        `In a key policy, Resource should be "*", which means "this key". "${v}" only matches if it is this key's ARN.`,
        r.range,
        st.index,
      );
    }
    return;
  }
  if (v === '*') return;
  if (!v.startsWith('arn:')) {
    out.add('error', 'INVALID_ARN_RESOURCE', `"${v}" is not an ARN (ARNs start with "arn:"), so it matches nothing.`, r.range, st.index);
    return;
  }
  const parts = v.split(':');
  if (parts.length < 6) {
    out.add(
      'warning',
      'INVALID_ARN_RESOURCE',
      `"${v}" has fewer than six colon-separated parts (arn:partition:service:region:account:resource). It is matched as a whole-string pattern.`,
      r.range,
      st.index,
    );
    return;
  }
  if (!parts[1] || !parts[2]) {
    out.add('error', 'INVALID_ARN_RESOURCE', `"${v}" has an empty partition or service.`, r.range, st.index);
  }
  if (/[*?]/.test(parts[2])) {
    out.add('error', 'SERVICE_WILDCARD_IN_RESOURCE', `"${v}": the service part of an ARN cannot be a wildcard.`, r.range, st.index);
  }
  if (variables) {
    const head = parts.slice(0, 5).join(':');
    if (VAR_RE.test(head)) {
      out.add('warning', 'VARIABLE_OUTSIDE_RESOURCE_PART', `"${v}": policy variables are only allowed in the resource part of an ARN (after the fifth colon).`, r.range, st.index);
    }
  }
}

function checkVariables(out: Out, s: PolicyString, st: Statement | undefined, policy: Policy): void {
  if (policy.version !== '2012-10-17' && VAR_RE.test(s.value)) {
    out.add(
      'warning',
      'VARIABLE_IN_OLD_VERSION',
      `"${s.value}" looks like a policy variable, but variables only work with "Version": "2012-10-17". ${policy.version ? `Under ${policy.version}` : 'Without a Version'} it is literal text.`,
      s.range,
      st?.index,
    );
  }
}

function checkConditions(out: Out, st: Statement, policy: Policy): void {
  const variables = policy.version === '2012-10-17';
  const seenOps = new Set<string>();
  for (const c of st.conditions) {
    const op = c.op;
    if (!seenOps.has(c.operator + '\u0000' + c.operatorRange.start.offset)) {
      seenOps.add(c.operator + '\u0000' + c.operatorRange.start.offset);
      if (!op.known) {
        if (op.base === 'Null' && op.ifExists) {
          out.add('error', 'IFEXISTS_ON_NULL', `"${c.operator}": IfExists cannot be used with Null (Null already tests whether the key exists).`, c.operatorRange, st.index);
        } else {
          const hint = [...CONDITION_OPERATORS].find((o) => o.toLowerCase() === op.base.toLowerCase());
          out.add(
            'error',
            'UNKNOWN_OPERATOR',
            `"${c.operator}" is not a condition operator${hint ? ` (operator names are case-sensitive: did you mean "${hint}"?)` : ''}. The statement cannot be evaluated.`,
            c.operatorRange,
            st.index,
          );
        }
      }
    }
    if (c.key.includes('${')) {
      out.add('error', 'VARIABLE_IN_CONDITION_KEY', `"${c.key}": policy variables are not allowed in condition key names, only in values.`, c.keyRange, st.index);
    }
    const keyLower = c.key.toLowerCase();
    if (op.set === 'ForAllValues' && keyLower.startsWith('kms:encryptioncontext:')) {
      out.add(
        'error',
        'FORALLVALUES_WITH_ENCRYPTION_CONTEXT',
        `ForAllValues with ${c.key} is overly permissive (Access Analyzer: OverlyPermissiveCondition) and KMS rejects it: kms:EncryptionContext:<key> is single-valued, and ForAllValues is also true when the key is missing. Use a plain operator (or kms:EncryptionContextKeys for the set of keys).`,
        c.operatorRange,
        st.index,
      );
    } else if (op.set && isKnownSingleValued(c.key)) {
      out.add(
        'warning',
        'SET_OPERATOR_ON_SINGLE_VALUED_KEY',
        `${op.set} is for multivalued keys; ${c.key} is single-valued. Use ${op.base}${op.ifExists ? 'IfExists' : ''} without ${op.set} — set operators on single-valued keys can be overly permissive.`,
        c.operatorRange,
        st.index,
      );
    } else if (!op.set && op.known && op.base !== 'Null' && isMultiValued(c.key)) {
      out.add(
        'warning',
        'MULTIVALUED_KEY_WITHOUT_SET_OPERATOR',
        `${c.key} can have several values in a request; use ForAnyValue: or ForAllValues: with ${op.base}.`,
        c.keyRange,
        st.index,
      );
    }
    if (op.set === 'ForAllValues' && st.effect === 'Allow' && !keyLower.startsWith('kms:encryptioncontext:')) {
      const hasNullCheck = st.conditions.some(
        (o) => o.op.base === 'Null' && o.key.toLowerCase() === keyLower && o.values.some((v) => v.value.toLowerCase() === 'false'),
      );
      if (!hasNullCheck) {
        out.add(
          'warning',
          'FORALLVALUES_WITH_ALLOW',
          `ForAllValues is true when ${c.key} is missing or empty, so this Allow also applies to requests without it. Add "Null": {"${c.key}": "false"} to require the key.`,
          c.operatorRange,
          st.index,
        );
      }
    }
    if (!op.known) continue;
    for (const v of c.values) {
      checkVariables(out, v, st, policy);
      const hasVar = variables && VAR_RE.test(v.value);
      if (hasVar && !familyTakesVariables(op.base)) {
        out.add('warning', 'VARIABLE_NOT_SUPPORTED', `${op.base} does not substitute policy variables; "${v.value}" is compared literally.`, v.range, st.index);
        continue;
      }
      let bad: string | null = null;
      if (op.base.startsWith('Numeric') && parseNumber(v.value) === null) bad = `"${v.value}" is not a number`;
      else if (op.base.startsWith('Date') && parseDate(v.value) === null) bad = `"${v.value}" is not a date (use ISO 8601, e.g. 2025-01-31T00:00:00Z, or epoch seconds)`;
      else if (op.base.endsWith('IpAddress') && parseCidr(v.value) === null) bad = `"${v.value}" is not an IP address or CIDR block`;
      else if ((op.base === 'Bool' || op.base === 'Null') && !/^(true|false)$/i.test(v.value)) bad = `${op.base} takes "true" or "false", not "${v.value}"`;
      else if (op.base.startsWith('Arn') && v.value !== '*' && !hasVar && !v.value.startsWith('arn:')) {
        out.add('warning', 'INVALID_ARN_CONDITION', `"${v.value}" is not an ARN, so ${op.base} never matches it.`, v.range, st.index);
      }
      if (bad) out.add('error', 'INVALID_CONDITION_VALUE', `${bad}.`, v.range, st.index);
    }
  }
}

function checkStatement(out: Out, st: Statement, kind: PolicyKind, policy: Policy): void {
  const i = st.index;
  const identityKind = IDENTITY_KINDS.has(kind);
  const variables = policy.version === '2012-10-17';
  // Effect
  const effectEl = st.elements?.Effect;
  if (!effectEl) out.add('error', 'MISSING_EFFECT', 'The statement has no Effect ("Allow" or "Deny").', st.range, i);
  else if (st.problems?.some((p) => p.startsWith('its Effect'))) {
    out.add('error', 'INVALID_EFFECT', 'Effect must be exactly "Allow" or "Deny" (case-sensitive).', effectEl.valueRange, i);
  }
  // Action / NotAction
  if (!st.action && !st.notAction) out.add('error', 'MISSING_ACTION', 'The statement has neither Action nor NotAction.', st.range, i);
  if (st.action && st.notAction) out.add('error', 'ACTION_AND_NOTACTION', 'A statement cannot have both Action and NotAction.', elRange(st, 'NotAction'), i);
  for (const a of st.action ?? []) checkAction(out, a, st, kind);
  for (const a of st.notAction ?? []) checkAction(out, a, st, kind);
  if (st.notAction && st.effect === 'Allow' && effectEl) {
    out.add('suggestion', 'NOTACTION_WITH_ALLOW', 'Allow with NotAction allows every action not listed, in every service. Prefer listing the actions to allow.', elRange(st, 'NotAction'), i);
  }
  // Resource / NotResource
  if (st.resource && st.notResource) out.add('error', 'RESOURCE_AND_NOTRESOURCE', 'A statement cannot have both Resource and NotResource.', elRange(st, 'NotResource'), i);
  if (!st.resource && !st.notResource) {
    if (kind === 'key') {
      out.add('warning', 'MISSING_RESOURCE', 'The statement has no Resource. KMS accepts it, but the statement has no effect; add "Resource": "*".', st.range, i);
    } else {
      out.add(kind === 'scp' ? 'warning' : 'error', 'MISSING_RESOURCE', 'The statement has no Resource or NotResource element.', st.range, i);
    }
  }
  for (const r of st.resource ?? []) {
    checkResource(out, r, st, kind, variables);
    checkVariables(out, r, st, policy);
  }
  for (const r of st.notResource ?? []) {
    checkResource(out, r, st, kind, variables);
    checkVariables(out, r, st, policy);
  }
  // Principal / NotPrincipal
  if (identityKind) {
    if (st.principal) out.add('error', 'PRINCIPAL_NOT_SUPPORTED', `Principal is not allowed in ${kindWords(kind)}: the principal is the identity the policy is attached to.`, elRange(st, 'Principal'), i);
    if (st.notPrincipal) out.add('error', 'PRINCIPAL_NOT_SUPPORTED', `NotPrincipal is not allowed in ${kindWords(kind)}.`, elRange(st, 'NotPrincipal'), i);
  } else {
    if (!st.principal && !st.notPrincipal) {
      out.add('error', 'MISSING_PRINCIPAL', `${kind === 'key' ? 'A key policy' : kind === 'rcp' ? 'An RCP' : 'A resource-based policy'} statement needs a Principal.`, st.range, i);
    }
    if (st.principal && st.notPrincipal) out.add('error', 'PRINCIPAL_AND_NOTPRINCIPAL', 'A statement cannot have both Principal and NotPrincipal.', elRange(st, 'NotPrincipal'), i);
    if (kind === 'rcp') {
      if (st.principal && !(st.principal.wildcard || (st.principal.AWS.length === 1 && st.principal.AWS[0].value === '*'))) {
        out.add('error', 'RCP_PRINCIPAL_NOT_STAR', 'In an RCP, Principal must be "*"; use conditions such as aws:PrincipalOrgID to narrow it.', elRange(st, 'Principal'), i);
      }
      if (st.notPrincipal) out.add('error', 'PRINCIPAL_NOT_SUPPORTED', 'NotPrincipal is not supported in RCPs.', elRange(st, 'NotPrincipal'), i);
    }
    if (st.principal) checkPrincipal(out, st.principal, st);
    if (st.notPrincipal) {
      checkPrincipal(out, st.notPrincipal, st);
      if (st.effect === 'Allow' && effectEl) {
        out.add('error', 'NOTPRINCIPAL_WITH_ALLOW', 'NotPrincipal must be used with "Effect": "Deny"; with Allow it is not supported (it would allow everyone not listed, including anonymous callers).', elRange(st, 'NotPrincipal'), i);
      }
    }
  }
  // Sid
  if (st.sid !== undefined) {
    const sidRange = st.elements?.Sid?.valueRange ?? st.range;
    if (kind === 'key') {
      if (!/^[A-Za-z0-9 ]*$/.test(st.sid)) {
        out.add('error', 'INVALID_SID', `Sid "${st.sid}" may contain only letters, digits and spaces in a key policy.`, sidRange, i);
      }
    } else if (kind !== 'resource' && !/^[A-Za-z0-9]*$/.test(st.sid)) {
      out.add('error', 'INVALID_SID', `Sid "${st.sid}" may contain only letters and digits (A–Z, a–z, 0–9) in ${kindWords(kind)}.`, sidRange, i);
    }
  }
  checkConditions(out, st, policy);
}

function kindWords(kind: PolicyKind): string {
  switch (kind) {
    case 'identity':
      return 'an identity-based policy';
    case 'boundary':
      return 'a permissions boundary';
    case 'session':
      return 'a session policy';
    case 'scp':
      return 'a service control policy';
    case 'rcp':
      return 'a resource control policy';
    case 'key':
      return 'a key policy';
    default:
      return 'a resource-based policy';
  }
}

/** All findings for a document: parse problems, then validation checks. Never throws. */
export function validatePolicy(input: string | object, kind: PolicyKind): Finding[] {
  const text = policyText(input);
  const parsed = parsePolicyText(text, kind);
  if (!parsed.ok) return parsed.findings;
  const out = new Out();
  out.findings.push(...parsed.findings);
  const policy = parsed.policy;
  const docStart: SourceRange = { start: policy.range.start, end: policy.range.start };

  // Version
  if (policy.version === undefined && !policy.versionRange) {
    out.add(
      'warning',
      'MISSING_VERSION',
      'The policy has no Version. Policy variables are then literal text (as under 2008-10-17). Add "Version": "2012-10-17".',
      docStart,
    );
  } else if (policy.version !== undefined && policy.version !== '2012-10-17' && policy.version !== '2008-10-17') {
    out.add('error', 'INVALID_VERSION', `Version "${policy.version}" is not a policy language version; use "2012-10-17".`, policy.versionRange ?? docStart);
  } else if (policy.version === '2008-10-17') {
    out.add(
      kind === 'key' ? 'warning' : 'suggestion',
      'OLD_VERSION',
      `Version 2008-10-17 is the old policy language: policy variables are literal text. ${kind === 'key' ? 'KMS key policies should use' : 'Use'} "2012-10-17".`,
      policy.versionRange ?? docStart,
    );
  }
  if (policy.id !== undefined && (kind === 'identity' || kind === 'boundary' || kind === 'session')) {
    out.add('warning', 'ID_IN_IDENTITY_POLICY', 'Id is for resource-based policies; IAM does not accept it in identity-based policies.', policy.idRange ?? docStart);
  }

  // Statements
  const sids = new Map<string, Statement>();
  for (const st of policy.statements) {
    checkStatement(out, st, kind, policy);
    if (st.sid) {
      const prev = sids.get(st.sid);
      if (prev) {
        out.add('error', 'DUPLICATE_SID', `Sid "${st.sid}" is also used by statement ${prev.index + 1}; Sids must be unique within a policy.`, st.elements?.Sid?.valueRange ?? st.range, st.index);
      } else sids.set(st.sid, st);
    }
  }

  // Size
  const lim = SIZE_LIMITS[kind];
  if (lim) {
    const size = lim.unit === 'bytes' ? utf8Length(text) : text.replace(/\s+/g, '').length;
    if (size > lim.limit) {
      out.add('error', 'POLICY_SIZE_EXCEEDED', `${lim.what}; this one is ${size.toLocaleString('en-US')} ${lim.unit === 'bytes' ? 'bytes' : 'characters'}.`, policy.range);
    }
  }

  // Characters: tab, LF, CR and U+0020–U+00FF only.
  const lines = new LineIndex(text);
  let reported = 0;
  for (let i = 0; i < text.length && reported < 5; i++) {
    const c = text.charCodeAt(i);
    if (c === 9 || c === 10 || c === 13 || (c >= 0x20 && c <= 0xff)) continue;
    if (i === 0 && c === 0xfeff) continue;
    const wide = c >= 0xd800 && c <= 0xdbff ? 2 : 1;
    out.add(
      'error',
      'INVALID_CHARACTER',
      `Character U+${c.toString(16).toUpperCase().padStart(4, '0')} is not allowed: policies may contain only tab, line feed, carriage return and U+0020–U+00FF (ASCII and Latin-1).`,
      { start: lines.position(i), end: lines.position(i + wide) },
    );
    reported++;
    i += wide - 1;
  }
  return out.findings;
}
