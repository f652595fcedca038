/**
 * Plain-words help for every element of a policy: what hover shows and what completion offers.
 * Wording follows the IAM user guide and the KMS developer guide (policy-evaluation.md §2–3).
 */

export const ELEMENT_HELP: Record<string, string> = {
  Version:
    'The policy language version. Use "2012-10-17": with the older "2008-10-17" (or none), policy variables such as ${aws:username} are plain text.',
  Id: 'An optional name for the whole policy. Allowed in resource policies such as key policies, not in identity policies.',
  Statement: 'The list of statements. Each one allows or denies some actions on some resources, for some principals, under some conditions.',
  Sid: 'A label for the statement, for people. In key policies it may contain spaces; IAM policy Sids are letters and digits only.',
  Effect:
    '"Allow" or "Deny". Every request starts denied; an Allow that applies can permit it, and a Deny that applies always wins, whatever allows it elsewhere.',
  Principal:
    'Who the statement is about (only in resource policies, such as key policies). An account ("arn:aws:iam::111122223333:root" or the bare ID) does not grant anything by itself: it lets that account’s IAM policies decide.',
  NotPrincipal: 'Everyone except the listed principals. Use it only with Deny; prefer a condition on aws:PrincipalArn.',
  Action: 'The API actions the statement covers, as "service:Action" ("kms:Decrypt"). * and ? are wildcards in the action name ("kms:Describe*").',
  NotAction: 'Every action except the listed ones — including every other service’s actions. With Allow this is broad; it is safest with Deny.',
  Resource:
    'What the statement applies to, as ARNs. In a key policy it is "*", which means "this key". In an IAM policy name the key ARN (or alias ARN) so the statement covers only that key.',
  NotResource: 'Every resource except the listed ones.',
  Condition:
    'Extra tests on the request: { "Operator": { "condition-key": value(s) } }. Every operator must pass and every key under it; several values for one key are alternatives (OR).',
  AWS: 'AWS principals: account IDs or ARNs of accounts, IAM users, roles and role sessions. "*" means everyone.',
  Service: 'AWS service principals, such as "logs.amazonaws.com": the service itself calling KMS.',
  Federated: 'Identity providers (web identity or SAML) whose users this statement is about.',
  CanonicalUser: 'An S3 canonical user ID.',
};

export const VALUE_HELP: Record<string, string> = {
  Allow: 'Allow: permits the request when the statement applies — unless a Deny applies somewhere, or a required layer (key policy, SCP, boundary) does not allow it too.',
  Deny: 'Deny: an explicit deny. When the statement applies, the request is refused, whatever any other policy, grant or key policy allows.',
  '2012-10-17': 'The current policy language version: policy variables are substituted.',
  '2008-10-17': 'The old policy language version: ${…} variables are literal text. KMS key policies should use 2012-10-17.',
  '*': 'A wildcard. In Principal: everyone (in every account, and anonymous callers). In Resource of a key policy: this key. In Action: every action.',
  'kms:*': 'Every KMS action: the key policy root statement uses it to let the account’s IAM policies decide about every action.',
};

export interface OperatorHelp {
  name: string;
  help: string;
}

const OPERATOR_HELP: Record<string, string> = {
  StringEquals: 'The key’s value equals one of the listed strings (case-sensitive).',
  StringNotEquals: 'The key’s value equals none of the listed strings. A missing key passes.',
  StringEqualsIgnoreCase: 'Like StringEquals, ignoring case.',
  StringNotEqualsIgnoreCase: 'Like StringNotEquals, ignoring case.',
  StringLike: 'The key’s value matches one of the patterns; * matches any run of characters and ? one character.',
  StringNotLike: 'The key’s value matches none of the patterns. A missing key passes.',
  NumericEquals: 'The number equals one of the values.',
  NumericNotEquals: 'The number equals none of the values.',
  NumericLessThan: 'The number is less than the value.',
  NumericLessThanEquals: 'The number is at most the value.',
  NumericGreaterThan: 'The number is greater than the value.',
  NumericGreaterThanEquals: 'The number is at least the value.',
  DateEquals: 'The time equals the value (ISO 8601 or epoch seconds).',
  DateNotEquals: 'The time differs from the value.',
  DateLessThan: 'The time is before the value.',
  DateLessThanEquals: 'The time is at or before the value.',
  DateGreaterThan: 'The time is after the value.',
  DateGreaterThanEquals: 'The time is at or after the value.',
  Bool: 'The key is "true" or "false" as listed, e.g. aws:MultiFactorAuthPresent or kms:GrantIsForAWSResource.',
  BinaryEquals: 'The base64 bytes are identical.',
  IpAddress: 'The IP address is in one of the CIDR ranges (aws:SourceIp).',
  NotIpAddress: 'The IP address is in none of the ranges. A missing key passes.',
  ArnEquals: 'The ARN matches, part by part (* does not cross a colon).',
  ArnLike: 'The ARN matches the pattern, part by part (* does not cross a colon).',
  ArnNotEquals: 'The ARN matches none of the values. A missing key passes.',
  ArnNotLike: 'The ARN matches none of the patterns. A missing key passes.',
  Null: '"true": the key must be absent from the request. "false": it must be present (any value).',
};

export const CONDITION_OPERATORS = Object.keys(OPERATOR_HELP);

/** Explains an operator as written, with its prefixes and suffixes ("ForAnyValue:StringLikeIfExists"). */
export function operatorHelp(op: string): string | null {
  let rest = op;
  const parts: string[] = [];
  const set = /^(ForAnyValue|ForAllValues):/.exec(rest);
  if (set) {
    rest = rest.slice(set[0].length);
    parts.push(
      set[1] === 'ForAnyValue'
        ? 'ForAnyValue: for a multivalued key, at least one of the request’s values must match (false when the key is missing or empty).'
        : 'ForAllValues: for a multivalued key, every request value must match — and it is also true when the key is missing or empty, so avoid it with Allow.',
    );
  }
  let ifExists = false;
  if (rest.endsWith('IfExists') && rest !== 'IfExists') {
    ifExists = true;
    rest = rest.slice(0, -'IfExists'.length);
  }
  const base = OPERATOR_HELP[rest];
  if (!base) return null;
  parts.unshift(`${rest}: ${base}`);
  if (ifExists) parts.push('…IfExists: when the key is missing from the request, the test passes.');
  return parts.join(' ');
}

export interface KeyHelp {
  key: string;
  help: string;
}

/** KMS and global condition keys the lab knows, with what each means. */
export const CONDITION_KEYS: KeyHelp[] = [
  { key: 'kms:ViaService', help: 'Set when an AWS service (e.g. s3.us-east-1.amazonaws.com) calls KMS on the caller’s behalf; absent on direct calls. AWS managed keys use it.' },
  { key: 'kms:CallerAccount', help: 'The account of the caller. AWS managed keys combine it with "*" principals to mean “anyone in this account”.' },
  { key: 'kms:EncryptionContext:', help: 'kms:EncryptionContext:<key> — the value of one encryption-context pair in the request (Encrypt, Decrypt, GenerateDataKey…).' },
  { key: 'kms:EncryptionContextKeys', help: 'The list of encryption-context keys in the request (multivalued: use ForAnyValue/ForAllValues).' },
  { key: 'kms:RequestAlias', help: 'The alias the request used to name the key (only when it named the key by that alias).' },
  { key: 'kms:ResourceAliases', help: 'Every alias that points at the key (multivalued).' },
  { key: 'kms:GrantIsForAWSResource', help: '"true" when an AWS service creates the grant on your behalf (CreateGrant, ListGrants, RevokeGrant).' },
  { key: 'kms:GrantOperations', help: 'The operations a CreateGrant request asks for (multivalued).' },
  { key: 'kms:GranteePrincipal', help: 'The grantee principal of a CreateGrant request.' },
  { key: 'kms:RetiringPrincipal', help: 'The retiring principal of a CreateGrant request.' },
  { key: 'kms:GrantConstraintType', help: 'EncryptionContextEquals or EncryptionContextSubset, when CreateGrant has constraints.' },
  { key: 'kms:KeySpec', help: 'The key spec of the key (SYMMETRIC_DEFAULT, RSA_2048…).' },
  { key: 'kms:KeyUsage', help: 'The key usage: ENCRYPT_DECRYPT, SIGN_VERIFY, GENERATE_VERIFY_MAC, KEY_AGREEMENT.' },
  { key: 'kms:KeyOrigin', help: 'Where the key material came from: AWS_KMS, EXTERNAL, AWS_CLOUDHSM, EXTERNAL_KEY_STORE.' },
  { key: 'kms:KeyManager', help: 'CUSTOMER or AWS (an AWS managed key).' },
  { key: 'kms:MultiRegion', help: '"true" for a multi-Region key.' },
  { key: 'kms:EncryptionAlgorithm', help: 'The encryption algorithm of the request (SYMMETRIC_DEFAULT by default).' },
  { key: 'kms:BypassPolicyLockoutSafetyCheck', help: 'Whether a CreateKey or PutKeyPolicy request skips the lockout safety check.' },
  { key: 'kms:ScheduleKeyDeletionPendingWindowInDays', help: 'The waiting period a ScheduleKeyDeletion request asks for.' },
  { key: 'aws:PrincipalArn', help: 'The ARN of the caller (for a role session: the role’s ARN).' },
  { key: 'aws:PrincipalAccount', help: 'The account of the caller.' },
  { key: 'aws:PrincipalOrgID', help: 'The organization the caller’s account belongs to.' },
  { key: 'aws:PrincipalTag/', help: 'aws:PrincipalTag/<key> — a tag on the calling user or role.' },
  { key: 'aws:PrincipalType', help: 'Account, User, AssumedRole, FederatedUser…' },
  { key: 'aws:PrincipalIsAWSService', help: '"true" when an AWS service principal makes the call itself.' },
  { key: 'aws:username', help: 'The IAM user’s friendly name (IAM users only).' },
  { key: 'aws:userid', help: 'The caller’s unique ID.' },
  { key: 'aws:ResourceTag/', help: 'aws:ResourceTag/<key> — a tag on the KMS key (attribute-based access control).' },
  { key: 'aws:RequestTag/', help: 'aws:RequestTag/<key> — a tag the request sets (CreateKey, TagResource).' },
  { key: 'aws:TagKeys', help: 'The tag keys in the request (multivalued).' },
  { key: 'aws:ResourceAccount', help: 'The account that owns the key.' },
  { key: 'aws:RequestedRegion', help: 'The Region the request was sent to.' },
  { key: 'aws:SourceIp', help: 'The caller’s IP address (not set when an AWS service calls on the caller’s behalf).' },
  { key: 'aws:SecureTransport', help: '"true" when the request came over TLS.' },
  { key: 'aws:MultiFactorAuthPresent', help: '"true" when the caller signed in with MFA. Missing for long-term access keys — so test it with BoolIfExists or Null carefully.' },
  { key: 'aws:CurrentTime', help: 'The time of the request (ISO 8601), for Date operators.' },
  { key: 'aws:EpochTime', help: 'The time of the request in seconds since 1970.' },
  { key: 'aws:SourceVpce', help: 'The VPC endpoint the request came through.' },
  { key: 'aws:CalledVia', help: 'The services that made the request on the caller’s behalf, in order (multivalued).' },
];

export function conditionKeyHelp(key: string): string | null {
  const lower = key.toLowerCase();
  for (const k of CONDITION_KEYS) {
    const kl = k.key.toLowerCase();
    if (kl.endsWith(':') || kl.endsWith('/') ? lower.startsWith(kl) : lower === kl) {
      if (kl.endsWith(':') || kl.endsWith('/')) return `${key}: ${k.help.replace(/^[^—]*— /, '')}`;
      return `${k.key}: ${k.help}`;
    }
  }
  return null;
}

/** Explains an action ("kms:Decrypt", "kms:Describe*", "*"). */
export function actionHelp(action: string, known: readonly string[]): string | null {
  if (action === '*' || action === 'kms:*') return VALUE_HELP[action];
  const m = /^kms:(.+)$/i.exec(action);
  if (!m) return null;
  const name = m[1];
  if (/[*?]/.test(name)) {
    const re = new RegExp(`^${name.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.')}$`, 'i');
    const hits = known.filter((a) => re.test(a));
    return `${action}: a wildcard that matches ${hits.length} KMS action${hits.length === 1 ? '' : 's'}${hits.length ? `: ${hits.slice(0, 8).join(', ')}${hits.length > 8 ? ', …' : ''}` : ' — none, so this entry does nothing'}.`;
  }
  const exact = known.find((a) => a.toLowerCase() === name.toLowerCase());
  if (!exact) return `${action}: not a KMS action — this entry matches nothing.`;
  return `kms:${exact}: permission to call the ${exact} operation${/^(Encrypt|Decrypt|GenerateDataKey|ReEncrypt|Sign|Verify|GenerateMac|VerifyMac|DeriveSharedSecret)/.test(exact) ? ' (a cryptographic operation: allowed across accounts when both sides allow it)' : ''}.`;
}

/** Explains a principal or resource ARN. */
export function arnHelp(value: string): string | null {
  let m: RegExpExecArray | null;
  if ((m = /^arn:aws:iam::(\d{12}):root$/.exec(value)) || (m = /^(\d{12})$/.exec(value)))
    return `The account principal of ${m[1]}. In a key policy it grants nothing by itself: it lets IAM policies in account ${m[1]} allow access (the “root statement”).`;
  if ((m = /^arn:aws:iam::(\d{12}):user\/(.+)$/.exec(value))) return `The IAM user ${m[2]} in account ${m[1]}.`;
  if ((m = /^arn:aws:iam::(\d{12}):role\/(.+)$/.exec(value))) return `The IAM role ${m[2]} in account ${m[1]} — and every session of it.`;
  if ((m = /^arn:aws:sts::(\d{12}):assumed-role\/([^/]+)\/(.+)$/.exec(value))) return `The session ${m[3]} of role ${m[2]} in account ${m[1]}.`;
  if ((m = /^arn:aws:kms:([^:]+):(\d{12}):key\/(.+)$/.exec(value))) return `The KMS key ${m[3]} in account ${m[2]}, ${m[1]}.`;
  if ((m = /^arn:aws:kms:([^:]+):(\d{12}):alias\/(.+)$/.exec(value))) return `The alias ${m[3]} in account ${m[2]}, ${m[1]}.`;
  if (/\.amazonaws\.com$/.test(value)) return `The AWS service principal ${value}.`;
  return null;
}
