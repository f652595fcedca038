// The policy language: parse (with source positions), validate (Access Analyzer-style findings),
// evaluate one policy, and the layered access decision — all returning explain-first data.

import { evaluateAccess as evaluateAccessImpl } from './access';
import { evaluatePolicy as evaluatePolicyImpl } from './evaluate';
import { lookupContext as lookupContextImpl, matchArn as matchArnImpl, matchWildcard as matchWildcardImpl } from './match';
import { parsePolicyText, policyText } from './parse';
import { validatePolicy as validatePolicyImpl } from './validate';
import type {
  AccessEvaluation,
  AccessInput,
  ContextMap,
  ContextValue,
  EvaluatePolicyOptions,
  Finding,
  NamedPolicy,
  ParseResult,
  PolicyEvaluation,
  PolicyKind,
  RequestContext,
} from './types';

export * from './types';
export { KMS_ACTIONS, CROSS_ACCOUNT_ACTIONS, GRANT_OPERATIONS } from './catalog';
export { formatPolicyJson } from './format';

/** Thrown by namedPolicy when the document cannot be parsed; carries the place. */
export class PolicyParseFailure extends Error {
  line: number;
  column: number;
  offset: number;
  constructor(message: string, line: number, column: number, offset = 0) {
    super(message);
    this.name = 'PolicyParseFailure';
    this.line = line;
    this.column = column;
    this.offset = offset;
  }
}

/**
 * Parses a policy. Never throws. A string is read as JSON text; an object is serialised first
 * (compactly, so its positions are on line 1 of that text). `findings` holds parse-level problems
 * (duplicate keys, unknown elements, wrong value types); validatePolicy adds the rest.
 */
export function parsePolicy(input: string | object, kind: PolicyKind): ParseResult {
  return parsePolicyText(policyText(input), kind);
}

/** All findings for a policy (a parse error is an 'error' finding too). Never throws. */
export function validatePolicy(input: string | object, kind: PolicyKind): Finding[] {
  return validatePolicyImpl(input, kind);
}

/** Evaluates one policy against one request: every statement explained. Never throws. */
export function evaluatePolicy(policy: NamedPolicy, request: RequestContext, options?: EvaluatePolicyOptions): PolicyEvaluation {
  return evaluatePolicyImpl(policy, request, options);
}

/** The layered decision (explicit deny, RCP, SCP, key/resource policy, identity, grants, boundary, session). */
export function evaluateAccess(input: AccessInput): AccessEvaluation {
  return evaluateAccessImpl(input);
}

/** Parses a policy and names it; throws PolicyParseFailure (with line/column) when it cannot be parsed. */
export function namedPolicy(id: string, label: string, kind: PolicyKind, input: string | object): NamedPolicy {
  const r = parsePolicy(input, kind);
  if (!r.ok) throw new PolicyParseFailure(r.error.message, r.error.line, r.error.column, r.error.offset);
  return { id, label, kind, policy: r.policy };
}

/** IAM wildcard matching: `*` and `?` only. */
export function matchWildcard(pattern: string, value: string, caseInsensitive: boolean): boolean {
  return matchWildcardImpl(pattern, value, caseInsensitive);
}

/** ARN matching as the Resource element does it (per segment; * spans / and : only in the resource part). */
export function matchArn(pattern: string, arn: string): boolean {
  return matchArnImpl(pattern, arn);
}

/** Case-insensitive condition-key lookup. */
export function lookupContext(ctx: ContextMap, key: string): ContextValue | undefined {
  return lookupContextImpl(ctx, key);
}
