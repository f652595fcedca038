// From JSON text (or an already-parsed object) to a Policy with source positions.
// Structural problems that make a Policy impossible (not an object, no Statement, a statement
// that is not an object) fail the parse with a position. Softer problems become findings here
// (duplicate keys, unknown elements, wrong value types) and the statement keeps what could be read.

import { parseJson, type JsonNode, type JsonObject, type JsonProperty } from './json';
import type {
  ConditionEntry,
  Effect,
  Finding,
  ParseResult,
  Policy,
  PolicyKind,
  PolicyString,
  PrincipalElement,
  SourceRange,
  Statement,
  StatementElementName,
} from './types';

/** Every condition operator AWS knows, without the IfExists suffix and set prefixes. */
export const CONDITION_OPERATORS = new Set([
  'StringEquals',
  'StringNotEquals',
  'StringEqualsIgnoreCase',
  'StringNotEqualsIgnoreCase',
  'StringLike',
  'StringNotLike',
  'NumericEquals',
  'NumericNotEquals',
  'NumericLessThan',
  'NumericLessThanEquals',
  'NumericGreaterThan',
  'NumericGreaterThanEquals',
  'DateEquals',
  'DateNotEquals',
  'DateLessThan',
  'DateLessThanEquals',
  'DateGreaterThan',
  'DateGreaterThanEquals',
  'Bool',
  'BinaryEquals',
  'IpAddress',
  'NotIpAddress',
  'ArnEquals',
  'ArnLike',
  'ArnNotEquals',
  'ArnNotLike',
  'Null',
]);

const STATEMENT_ELEMENTS = new Set<string>([
  'Sid',
  'Effect',
  'Principal',
  'NotPrincipal',
  'Action',
  'NotAction',
  'Resource',
  'NotResource',
  'Condition',
]);
const TOP_ELEMENTS = new Set(['Version', 'Id', 'Statement']);
const PRINCIPAL_KEYS = new Set(['AWS', 'Service', 'Federated', 'CanonicalUser']);

/** Splits "ForAnyValue:StringLikeIfExists" into its parts. */
function decomposeOperator(operator: string): ConditionEntry['op'] {
  let rest = operator;
  let set: 'ForAnyValue' | 'ForAllValues' | null = null;
  if (rest.startsWith('ForAnyValue:')) {
    set = 'ForAnyValue';
    rest = rest.slice('ForAnyValue:'.length);
  } else if (rest.startsWith('ForAllValues:')) {
    set = 'ForAllValues';
    rest = rest.slice('ForAllValues:'.length);
  }
  let ifExists = false;
  if (rest.endsWith('IfExists')) {
    ifExists = true;
    rest = rest.slice(0, -'IfExists'.length);
  }
  // "NullIfExists" is not an operator: IfExists cannot follow Null (IAM condition operators page).
  const known = CONDITION_OPERATORS.has(rest) && !(rest === 'Null' && ifExists);
  return { base: rest, set, ifExists, known };
}

export function syntheticRange(): SourceRange {
  return { start: { line: 1, column: 1, offset: 0 }, end: { line: 1, column: 1, offset: 0 } };
}

function typeName(n: JsonNode): string {
  return n.type === 'object' ? 'an object' : n.type === 'array' ? 'an array' : n.type === 'null' ? 'null' : `a ${n.type}`;
}

interface Ctx {
  findings: Finding[];
}

function finding(
  ctx: Ctx,
  severity: Finding['severity'],
  code: string,
  message: string,
  range: SourceRange,
  statementIndex?: number,
): void {
  const f: Finding = { severity, code, message, range };
  if (statementIndex !== undefined) f.statementIndex = statementIndex;
  ctx.findings.push(f);
}

/** Reports duplicate keys; returns the properties with later duplicates winning (as JSON.parse does). */
function props(ctx: Ctx, obj: JsonObject, where: string, statementIndex?: number): Map<string, JsonProperty> {
  for (const d of obj.duplicates) {
    finding(
      ctx,
      'error',
      'DUPLICATE_KEY',
      `"${d.key}" appears more than once in ${where}. AWS rejects policies with duplicate keys; here the last one is used.`,
      d.keyRange,
      statementIndex,
    );
  }
  const m = new Map<string, JsonProperty>();
  for (const p of obj.properties) m.set(p.key, p);
  return m;
}

/** A string or a list of strings (IAM lets a single value drop its brackets). */
function stringList(ctx: Ctx, node: JsonNode, element: string, statementIndex: number, allowScalars = false): PolicyString[] {
  const out: PolicyString[] = [];
  const one = (n: JsonNode) => {
    if (n.type === 'string') out.push({ value: n.value, range: n.range });
    else if (allowScalars && (n.type === 'number' || n.type === 'boolean')) {
      // Condition values may be written as JSON numbers or booleans; IAM reads them as strings.
      out.push({ value: n.type === 'number' ? n.raw : String(n.value), range: n.range });
    } else {
      finding(ctx, 'error', 'INVALID_ELEMENT_TYPE', `${element} values must be strings, not ${typeName(n)}.`, n.range, statementIndex);
    }
  };
  if (node.type === 'array') {
    if (node.items.length === 0) {
      finding(ctx, 'error', 'EMPTY_ARRAY', `${element} is an empty list.`, node.range, statementIndex);
    }
    for (const item of node.items) one(item);
  } else one(node);
  return out;
}

function parsePrincipal(ctx: Ctx, node: JsonNode, element: string, statementIndex: number): PrincipalElement {
  const p: PrincipalElement = { wildcard: false, AWS: [], Service: [], Federated: [], CanonicalUser: [], range: node.range };
  if (node.type === 'string') {
    if (node.value === '*') {
      p.wildcard = true;
      p.AWS.push({ value: '*', range: node.range });
    } else {
      finding(
        ctx,
        'error',
        'INVALID_PRINCIPAL',
        `${element} must be "*" or an object such as {"AWS": "${node.value}"}; a bare string other than "*" is not accepted. It is read here as {"AWS": "${node.value}"}.`,
        node.range,
        statementIndex,
      );
      p.AWS.push({ value: node.value, range: node.range });
    }
    return p;
  }
  if (node.type !== 'object') {
    finding(ctx, 'error', 'INVALID_ELEMENT_TYPE', `${element} must be "*" or an object, not ${typeName(node)}.`, node.range, statementIndex);
    return p;
  }
  const m = props(ctx, node, element, statementIndex);
  for (const [key, prop] of m) {
    if (!PRINCIPAL_KEYS.has(key)) {
      finding(
        ctx,
        'error',
        'INVALID_PRINCIPAL_TYPE',
        `"${key}" is not a principal type. Use AWS, Service, Federated or CanonicalUser.`,
        prop.keyRange,
        statementIndex,
      );
      continue;
    }
    p[key as 'AWS' | 'Service' | 'Federated' | 'CanonicalUser'] = stringList(ctx, prop.value, `${element}.${key}`, statementIndex);
  }
  if (m.size === 0) {
    finding(ctx, 'error', 'EMPTY_PRINCIPAL', `${element} is empty: it names no principal.`, node.range, statementIndex);
  }
  return p;
}

function parseConditions(ctx: Ctx, node: JsonNode, statementIndex: number): ConditionEntry[] {
  const out: ConditionEntry[] = [];
  if (node.type !== 'object') {
    finding(ctx, 'error', 'INVALID_ELEMENT_TYPE', `Condition must be an object, not ${typeName(node)}.`, node.range, statementIndex);
    return out;
  }
  const ops = props(ctx, node, 'Condition', statementIndex);
  for (const [operator, opProp] of ops) {
    if (opProp.value.type !== 'object') {
      finding(
        ctx,
        'error',
        'INVALID_ELEMENT_TYPE',
        `The ${operator} block must be an object of condition keys, not ${typeName(opProp.value)}.`,
        opProp.value.range,
        statementIndex,
      );
      continue;
    }
    const keys = props(ctx, opProp.value, operator, statementIndex);
    const op = decomposeOperator(operator);
    if (keys.size === 0) {
      finding(ctx, 'error', 'EMPTY_CONDITION', `The ${operator} block has no condition keys.`, opProp.value.range, statementIndex);
    }
    for (const [key, keyProp] of keys) {
      out.push({
        operator,
        op,
        key,
        values: stringList(ctx, keyProp.value, `${operator} "${key}"`, statementIndex, true),
        operatorRange: opProp.keyRange,
        keyRange: keyProp.keyRange,
        range: keyProp.range,
      });
    }
  }
  return out;
}

function parseStatement(ctx: Ctx, node: JsonObject, index: number): Statement {
  const m = props(ctx, node, `statement ${index + 1}`, index);
  const st: Statement = { index, effect: 'Deny', conditions: [], range: node.range, elements: {}, problems: [] };
  const problems = st.problems as string[];
  for (const [key, prop] of m) {
    if (!STATEMENT_ELEMENTS.has(key)) {
      const hint = [...STATEMENT_ELEMENTS].find((e) => e.toLowerCase() === key.toLowerCase());
      finding(
        ctx,
        'error',
        'UNKNOWN_ELEMENT',
        hint
          ? `"${key}" is not a statement element; element names are case-sensitive: did you mean "${hint}"? It is ignored.`
          : `"${key}" is not a statement element (Sid, Effect, Principal, NotPrincipal, Action, NotAction, Resource, NotResource, Condition). It is ignored.`,
        prop.keyRange,
        index,
      );
      continue;
    }
    (st.elements as NonNullable<Statement['elements']>)[key as StatementElementName] = {
      keyRange: prop.keyRange,
      valueRange: prop.value.range,
    };
    const v = prop.value;
    switch (key) {
      case 'Sid':
        if (v.type === 'string') st.sid = v.value;
        else finding(ctx, 'error', 'INVALID_ELEMENT_TYPE', `Sid must be a string, not ${typeName(v)}.`, v.range, index);
        break;
      case 'Effect':
        if (v.type === 'string' && (v.value === 'Allow' || v.value === 'Deny')) st.effect = v.value as Effect;
        else problems.push(`its Effect is ${v.type === 'string' ? `"${v.value}"` : typeName(v)}, not "Allow" or "Deny"`);
        break;
      case 'Principal':
        st.principal = parsePrincipal(ctx, v, 'Principal', index);
        break;
      case 'NotPrincipal':
        st.notPrincipal = parsePrincipal(ctx, v, 'NotPrincipal', index);
        break;
      case 'Action':
        st.action = stringList(ctx, v, 'Action', index);
        break;
      case 'NotAction':
        st.notAction = stringList(ctx, v, 'NotAction', index);
        break;
      case 'Resource':
        st.resource = stringList(ctx, v, 'Resource', index);
        break;
      case 'NotResource':
        st.notResource = stringList(ctx, v, 'NotResource', index);
        break;
      case 'Condition':
        st.conditions = parseConditions(ctx, v, index);
        break;
    }
  }
  if (!m.has('Effect')) problems.push('it has no Effect');
  if (!st.action && !st.notAction) problems.push('it has neither Action nor NotAction');
  if (st.action && st.notAction) problems.push('it has both Action and NotAction');
  if (st.resource && st.notResource) problems.push('it has both Resource and NotResource');
  if (st.principal && st.notPrincipal) problems.push('it has both Principal and NotPrincipal');
  if (problems.length === 0) delete st.problems;
  return st;
}

/** Turns an object into the text the parser reads (positions are then on line 1 of that text). */
export function policyText(input: string | object): string {
  if (typeof input === 'string') return input;
  try {
    return JSON.stringify(input) ?? 'null';
  } catch {
    return 'null';
  }
}

export function parsePolicyText(text: string, _kind: PolicyKind): ParseResult {
  const ctx: Ctx = { findings: [] };
  const parsed = parseJson(text);
  if (!parsed.ok) {
    const e = parsed.error;
    const at = { line: e.line, column: e.column, offset: e.offset };
    ctx.findings.push({ severity: 'error', code: 'JSON_SYNTAX', message: e.message, range: { start: at, end: at } });
    return { ok: false, error: e, findings: ctx.findings };
  }
  const root = parsed.node;
  const failAt = (message: string, range: SourceRange, code: string): ParseResult => {
    const s = range.start;
    const full = `${message} (line ${s.line}, column ${s.column})`;
    ctx.findings.push({ severity: 'error', code, message: full, range });
    return { ok: false, error: { message: full, line: s.line, column: s.column, offset: s.offset }, findings: ctx.findings };
  };
  if (root.type !== 'object') {
    return failAt(`A policy must be a JSON object, not ${typeName(root)}`, root.range, 'POLICY_NOT_OBJECT');
  }
  const m = props(ctx, root, 'the policy');
  const policy: Policy = { statements: [], text, range: root.range };
  for (const [key, prop] of m) {
    if (!TOP_ELEMENTS.has(key)) {
      const hint = [...TOP_ELEMENTS].find((e) => e.toLowerCase() === key.toLowerCase());
      finding(
        ctx,
        'error',
        'UNKNOWN_ELEMENT',
        hint
          ? `"${key}" is not a policy element; element names are case-sensitive: did you mean "${hint}"?`
          : `"${key}" is not a policy element (Version, Id, Statement). It is ignored.`,
        prop.keyRange,
      );
    }
  }
  const version = m.get('Version');
  if (version) {
    policy.versionRange = version.value.range;
    if (version.value.type === 'string') policy.version = version.value.value;
    else finding(ctx, 'error', 'INVALID_ELEMENT_TYPE', `Version must be a string, not ${typeName(version.value)}.`, version.value.range);
  }
  const id = m.get('Id');
  if (id) {
    policy.idRange = id.value.range;
    if (id.value.type === 'string') policy.id = id.value.value;
    else finding(ctx, 'error', 'INVALID_ELEMENT_TYPE', `Id must be a string, not ${typeName(id.value)}.`, id.value.range);
  }
  const stmt = m.get('Statement');
  if (!stmt) {
    const hint = root.properties.find((p) => p.key.toLowerCase() === 'statement');
    return failAt(
      hint ? `The policy has no "Statement" element (found "${hint.key}"; element names are case-sensitive)` : 'The policy has no "Statement" element',
      hint ? hint.keyRange : root.range,
      'MISSING_STATEMENT',
    );
  }
  policy.statementRange = stmt.value.range;
  const nodes = stmt.value.type === 'array' ? stmt.value.items : [stmt.value];
  for (let i = 0; i < nodes.length; i++) {
    const n = nodes[i];
    if (n.type !== 'object') {
      return failAt(`Statement ${i + 1} must be an object, not ${typeName(n)}`, n.range, 'STATEMENT_NOT_OBJECT');
    }
    policy.statements.push(parseStatement(ctx, n, i));
  }
  if (nodes.length === 0) {
    finding(ctx, 'error', 'EMPTY_STATEMENT', 'The Statement list is empty: a policy needs at least one statement.', stmt.value.range);
  }
  return { ok: true, policy, findings: ctx.findings };
}
