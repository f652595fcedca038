// The policy language's shared data: the parsed document with source positions, validation
// findings, the request context, and the explain-first evaluation result that the UI, the CLI,
// lessons and tests all read (ARCHITECTURE.md, "The policy evaluator returns explain-first data").

/** A place in the policy's JSON text. Lines and columns are 1-based; offsets are 0-based UTF-16 indices. */
export interface SourcePosition {
  line: number;
  column: number;
  offset: number;
}
export interface SourceRange {
  start: SourcePosition;
  end: SourcePosition;
}

/** Which kind of policy a document is. It changes validation rules and how evaluation treats it. */
export type PolicyKind =
  | 'key' // a KMS key policy (a resource-based policy with KMS's own rules)
  | 'resource' // another resource-based policy (S3 bucket policy…)
  | 'identity' // identity-based policies (inline and managed alike)
  | 'boundary' // a permissions boundary
  | 'session' // a session policy
  | 'scp' // an Organizations service control policy
  | 'rcp'; // an Organizations resource control policy

export type Effect = 'Allow' | 'Deny';

/** A string value in the policy, with where it was written. */
export interface PolicyString {
  value: string;
  range: SourceRange;
}

/**
 * A Principal or NotPrincipal element. `"*"` is normalised to { AWS: ["*"] }.
 * A bare account id stays as written; the evaluator treats it as arn:aws:iam::ACCT:root.
 */
export interface PrincipalElement {
  wildcard: boolean; // written as "*" (everyone, including anonymous)
  AWS: PolicyString[];
  Service: PolicyString[];
  Federated: PolicyString[];
  CanonicalUser: PolicyString[];
  range: SourceRange;
}

/** One key under one operator: `"StringEquals": { "kms:CallerAccount": ["111122223333"] }`. */
export interface ConditionEntry {
  /** The operator as written, e.g. "ForAnyValue:StringLikeIfExists". */
  operator: string;
  /** Decomposed operator. `base` is e.g. "StringLike"; unknown operators keep `known: false`. */
  op: {
    base: string;
    set: 'ForAnyValue' | 'ForAllValues' | null;
    ifExists: boolean;
    known: boolean;
  };
  /** The condition key as written (case preserved; comparisons are case-insensitive). */
  key: string;
  values: PolicyString[];
  operatorRange: SourceRange;
  keyRange: SourceRange;
  range: SourceRange;
}

export interface Statement {
  index: number; // position in the Statement array (0-based)
  sid?: string;
  effect: Effect;
  principal?: PrincipalElement;
  notPrincipal?: PrincipalElement;
  action?: PolicyString[];
  notAction?: PolicyString[];
  resource?: PolicyString[];
  notResource?: PolicyString[];
  conditions: ConditionEntry[];
  range: SourceRange;
  /** Where each element was written: the element name's range and its value's range (added by the parser). */
  elements?: Partial<Record<StatementElementName, { keyRange: SourceRange; valueRange: SourceRange }>>;
  /**
   * Problems that make the statement impossible to evaluate as written (no Effect, an invalid
   * Effect, no Action/NotAction…). AWS would reject such a policy; the evaluator reports the
   * statement as unevaluable (StatementResult.error) rather than guessing.
   */
  problems?: string[];
}

export type StatementElementName =
  | 'Sid'
  | 'Effect'
  | 'Principal'
  | 'NotPrincipal'
  | 'Action'
  | 'NotAction'
  | 'Resource'
  | 'NotResource'
  | 'Condition';

export interface Policy {
  version?: string; // "2012-10-17" | "2008-10-17" | other (flagged by validation)
  id?: string;
  statements: Statement[];
  /** The original text (for highlighting and size checks). */
  text: string;
  range: SourceRange;
  /** Ranges of the top-level elements' values (added by the parser). */
  versionRange?: SourceRange;
  idRange?: SourceRange;
  statementRange?: SourceRange;
}

/** A JSON syntax error or a structural error that prevents building a Policy. */
export interface PolicyParseError {
  message: string;
  line: number;
  column: number;
  offset: number;
}

export type ParseResult =
  | { ok: true; policy: Policy; findings: Finding[] }
  | { ok: false; error: PolicyParseError; findings: Finding[] };

export type FindingSeverity = 'error' | 'warning' | 'suggestion';

/** A validation finding in the spirit of IAM Access Analyzer's policy checks. `code` is stable. */
export interface Finding {
  severity: FindingSeverity;
  code: string;
  message: string;
  range: SourceRange;
  /** Index of the statement the finding is about, when it is about one. */
  statementIndex?: number;
}

// ---------------------------------------------------------------------------------------------
// The request being evaluated

/** A condition-context value: one string, or a list for multivalued keys. */
export type ContextValue = string | string[];

/** Condition keys and their values. Lookups are case-insensitive on the key name. */
export type ContextMap = Record<string, ContextValue>;

export type PrincipalType = 'Account' | 'User' | 'AssumedRole' | 'Role' | 'FederatedUser' | 'Service' | 'Anonymous';

/** Who is asking, as the evaluator needs to know it. */
export interface PrincipalInfo {
  /** The caller's ARN (user, assumed-role session, account root) or a service principal name. */
  arn: string;
  type: PrincipalType;
  /** 12-digit account id ('' for service principals). */
  accountId: string;
  /** For an assumed-role session: the role's ARN (arn:aws:iam::ACCT:role/NAME). */
  roleArn?: string;
}

export interface RequestContext {
  principal: PrincipalInfo;
  /** "kms:Decrypt" */
  action: string;
  /** The resource ARN for this evaluation ("*" for actions without a resource). */
  resource: string;
  /** The account that owns the resource. */
  resourceAccount: string;
  /** Every condition key supplied for the request (derived and given outright). */
  context: ContextMap;
}

// ---------------------------------------------------------------------------------------------
// Evaluation results (explain-first)

export type Decision = 'Allow' | 'ExplicitDeny' | 'ImplicitDeny';

export type MatchResult = 'match' | 'no-match';

export interface ConditionValueComparison {
  /** The policy value as written and after variable substitution (null: the variable had no value). */
  policyValue: string;
  resolvedValue: string | null;
  /** The request values it was compared with. */
  requestValues: string[];
  matched: boolean;
}

export interface ConditionResult {
  entry: ConditionEntry;
  result: boolean;
  /** The key had no value in the request. */
  missing: boolean;
  /** Why, in plain words: "kms:CallerAccount is 111122223333, which equals 111122223333". */
  explanation: string;
  comparisons: ConditionValueComparison[];
  /** Variables used and what they resolved to (null: no value). */
  variables: Record<string, string | null>;
  /** Could not be evaluated (unknown operator, malformed value). Never silently false. */
  error?: string;
}

/**
 * How a Principal/NotPrincipal element matched the caller. It matters to the layered decision:
 * an `account` match in a key or resource policy does not grant anything by itself, it delegates
 * to the caller account's IAM policies; a `user`/`session` match is not limited by a permissions
 * boundary, a `role` match is (IAM user guide, policy evaluation logic).
 */
export type PrincipalMatchKind =
  | 'wildcard' // "*" or {"AWS":"*"}
  | 'account' // account id or arn:aws:iam::ACCT:root, caller is an IAM identity of that account
  | 'root-user' // account principal, and the caller is that account's root user itself
  | 'user' // the IAM user's ARN
  | 'role' // the role's ARN (matches the role's sessions)
  | 'session' // the assumed-role or federated-user session ARN
  | 'service' // a service principal ("logs.amazonaws.com")
  | 'federated' // a Federated principal
  | 'canonical-user' // an S3 canonical user id
  | 'not-principal'; // NotPrincipal: the caller is not excluded

export interface StatementResult {
  policyId: string;
  statement: Statement;
  /** The statement applies to the request: principal, action, resource and all conditions match. */
  applies: boolean;
  principal: {
    result: MatchResult | 'not-present';
    explanation: string;
    /** How the caller matched (when result is 'match' and a Principal/NotPrincipal is present). */
    matchedBy?: PrincipalMatchKind;
    matchedValue?: string;
  };
  action: { result: MatchResult; explanation: string; matchedPattern?: string };
  resource: { result: MatchResult | 'not-present'; explanation: string; matchedPattern?: string };
  conditions: ConditionResult[];
  /** Statements that could not be evaluated are reported, never silently skipped. */
  error?: string;
  /**
   * Set when the statement counts as applying only because part of it could not be evaluated
   * and it is a Deny (treated conservatively: an unevaluable Deny is assumed to apply).
   */
  conservative?: boolean;
  /** Conditions were not evaluated because the principal, action or resource already did not match. */
  conditionsSkipped?: boolean;
  /** Variables resolved in Resource/NotResource (null: no value, so that entry matched nothing). */
  variables?: Record<string, string | null>;
}

/** The result of one policy document against one request. */
export interface PolicyEvaluation {
  policyId: string;
  /** Human label: "key policy of arn:aws:kms:…", "identity policy AppAccess of user/alice". */
  label: string;
  kind: PolicyKind;
  /**
   * The exact policy text that was evaluated: every source range in this result points into it.
   * A view that highlights a statement checks it still shows this text (src/timeline/highlight.ts).
   */
  text: string;
  statements: StatementResult[];
  /** Some applicable Allow statement. */
  allows: boolean;
  /** Some applicable Deny statement. */
  denies: boolean;
  /** Condition keys referenced by conditions and absent from the request. */
  missingContextKeys: string[];
}

export type LayerName =
  | 'explicit-deny'
  | 'rcp'
  | 'scp'
  | 'key-policy'
  | 'resource-policy'
  | 'identity'
  | 'grants'
  | 'boundary'
  | 'session';

export type LayerOutcome = 'allowed' | 'denied' | 'not-applicable';

export interface LayerResult {
  layer: LayerName;
  outcome: LayerOutcome;
  /** Plain-words reason, e.g. "The key policy has no statement that allows arn:…:user/bob kms:Decrypt". */
  reason: string;
  /** Policies evaluated in this layer (for SCP/RCP: every level's policies, in order). */
  policies: PolicyEvaluation[];
  /** For SCP/RCP: one entry per level, root first. */
  levels?: { level: number; allowed: boolean; policyIds: string[] }[];
  /** For the grants layer: per grant, whether it applied and why. */
  grants?: GrantEvaluation[];
}

export interface GrantInput {
  grantId: string;
  name?: string;
  keyArn: string;
  granteePrincipal: string;
  retiringPrincipal?: string;
  operations: string[]; // "Decrypt", "GenerateDataKey"…
  constraints?: {
    encryptionContextEquals?: Record<string, string>;
    encryptionContextSubset?: Record<string, string>;
  };
}

export interface GrantEvaluation {
  grant: GrantInput;
  applies: boolean;
  explanation: string;
}

export interface DecidingStatement {
  policyId: string;
  label: string;
  kind: PolicyKind;
  statementIndex: number;
  sid?: string;
  effect: Effect;
  range: SourceRange;
  /** The exact policy text `range` points into (absent for a grant, which has no source text). */
  text?: string;
}

/** The decision for one request, with the whole explanation. */
export interface AccessEvaluation {
  decision: Decision;
  /** One sentence for people: "Denied — nothing allowed it: the key policy does not let the account delegate to IAM…". */
  summary: string;
  layers: LayerResult[];
  /** The statements (or grants, as policyId "grant:<id>") that decided the outcome. */
  decidedBy: DecidingStatement[];
  /** Condition keys referenced anywhere and missing from the request. */
  missingContextKeys: string[];
  /** Statements that could not be evaluated. */
  errors: { policyId: string; statementIndex: number; message: string }[];
  /** The request as evaluated (context includes derived keys). */
  request: RequestContext;
  /**
   * For Allow: which paths allowed it. 'key-policy' = the key policy named the caller (or "*");
   * 'iam-delegation' = the key policy let the account delegate and an IAM policy allowed;
   * 'resource-policy' / 'identity' for other resources; 'grant'; 'root-user' = the account root
   * user acting in its own account.
   */
  allowedVia?: AllowPath[];
}

export type AllowPath = 'key-policy' | 'iam-delegation' | 'resource-policy' | 'identity' | 'grant' | 'root-user';

/** Options for evaluatePolicy (set by evaluateAccess; callers rarely need them). */
export interface EvaluatePolicyOptions {
  /**
   * The caller has a permissions boundary. A resource-policy Deny with NotPrincipal then always
   * applies to it, whatever NotPrincipal lists (IAM user guide, NotPrincipal key points).
   */
  callerHasPermissionsBoundary?: boolean;
}

/** A policy with its identity, ready to evaluate. */
export interface NamedPolicy {
  id: string; // stable id, e.g. "key-policy:arn:…", "identity:arn:…:user/alice#0"
  label: string;
  kind: PolicyKind;
  policy: Policy;
}

/**
 * Everything the layered evaluator needs for one request. The engine's world gathers this
 * (which policies apply to the principal and the resource); the evaluator is a pure function of it.
 */
export interface AccessInput {
  request: RequestContext;
  /** For KMS requests on a key: the key policy (the primary control), and facts about the key. */
  keyPolicy?: NamedPolicy;
  key?: { arn: string; accountId: string; keyManager: 'AWS' | 'CUSTOMER' };
  /** For non-KMS resources: their resource-based policy, if any. */
  resourcePolicy?: NamedPolicy;
  /** The caller's identity-based policies (for a session: the role's policies). */
  identityPolicies: NamedPolicy[];
  permissionsBoundary?: NamedPolicy;
  sessionPolicy?: NamedPolicy;
  /** SCP levels that apply to the caller's account, root first; undefined = no SCP gate. */
  scps?: NamedPolicy[][];
  /** RCP levels that apply to the resource's account, root first; undefined = no RCP gate. */
  rcps?: NamedPolicy[][];
  /** Grants on the key (the evaluator decides which apply to this principal and operation). */
  grants?: GrantInput[];
  /** The encryption context of the request, for grant constraints. */
  encryptionContext?: Record<string, string>;
}
