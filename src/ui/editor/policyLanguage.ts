/**
 * CodeMirror extensions for IAM / KMS policy documents: the validator's findings as lint
 * diagnostics at their positions, completion from the policy's place in the JSON (actions,
 * operators, condition keys, the world's ARNs), hover help in plain words, and the deciding
 * statement's highlight. Loaded only with the editor chunk.
 */
import { autocompletion, type Completion, type CompletionContext, type CompletionResult } from '@codemirror/autocomplete';
import { syntaxTree, HighlightStyle, syntaxHighlighting } from '@codemirror/language';
import { linter, lintGutter, type Diagnostic } from '@codemirror/lint';
import { EditorState, StateEffect, StateField, type Extension } from '@codemirror/state';
import { Decoration, EditorView, hoverTooltip, type DecorationSet } from '@codemirror/view';
import { tags } from '@lezer/highlight';
import type { SyntaxNode } from '@lezer/common';
import { KMS_ACTIONS, validatePolicy, type PolicyKind } from '@kms-lab/engine/policy';
import { CONDITION_KEYS, CONDITION_OPERATORS, ELEMENT_HELP, VALUE_HELP, actionHelp, arnHelp, conditionKeyHelp, operatorHelp } from './help';

/** What the world offers for completion; read at completion time (a ref), so it stays current. */
export interface CompletionData {
  keyArns: string[];
  aliasArns: string[];
  aliasNames: string[];
  principals: string[];
  accounts: string[];
  orgId?: string;
  regions: string[];
}

// ---------------------------------------------------------------------------------------------
// Where the cursor is: the property names from the root down, and whether it is on a key or a value

export interface JsonPlace {
  /** Property names from the root to the place (for a key: the object it is in; for a value: including its property). */
  path: string[];
  /** On a property name (or where one goes) or on a value. */
  on: 'key' | 'value';
  /** The string node the cursor is in, if any (its quotes included). */
  node: SyntaxNode | null;
}

const unquote = (s: string) => (s.startsWith('"') ? s.slice(1, s.endsWith('"') && s.length > 1 ? -1 : undefined) : s);

function propertyName(state: EditorState, prop: SyntaxNode): string | null {
  const name = prop.getChild('PropertyName');
  return name ? unquote(state.sliceDoc(name.from, name.to)) : null;
}

function placeAt(state: EditorState, pos: number, side: -1 | 1 = -1): JsonPlace {
  const node: SyntaxNode = syntaxTree(state).resolveInner(pos, side);
  let on: JsonPlace['on'] = 'value';
  let stringNode: SyntaxNode | null = null;
  if (node.name === 'PropertyName') {
    on = 'key';
    stringNode = node;
  } else if (node.name === 'String') {
    stringNode = node;
  } else if (node.name === 'Object' || node.name === '{' || node.name === ',') {
    on = 'key';
  }
  const path: string[] = [];
  // For a key, the property whose name we are on does not count.
  let skip: SyntaxNode | null = on === 'key' && node.name === 'PropertyName' ? node.parent : null;
  for (let n: SyntaxNode | null = node; n; n = n.parent) {
    if (n.name === 'Property' && n !== skip) {
      const name = propertyName(state, n);
      if (name !== null) path.unshift(name);
    }
    if (n === skip) skip = null;
  }
  // A string that directly follows `"Key":` without a Property wrapper (error recovery) counts as a value of it.
  return { path, on, node: stringNode };
}

// ---------------------------------------------------------------------------------------------
// Completion

const STATEMENT_ELEMENTS = ['Sid', 'Effect', 'Principal', 'NotPrincipal', 'Action', 'NotAction', 'Resource', 'NotResource', 'Condition'];
const SERVICES = ['s3', 'ec2', 'rds', 'lambda', 'dynamodb', 'secretsmanager', 'ssm', 'sqs', 'sns', 'logs', 'ebs'];
const BOOL_KEYS = /^(aws:MultiFactorAuthPresent|aws:SecureTransport|aws:PrincipalIsAWSService|kms:GrantIsForAWSResource|kms:MultiRegion|kms:BypassPolicyLockoutSafetyCheck|aws:ViaAWSService)$/i;

const opt = (label: string, type: string, info?: string, detail?: string): Completion => ({ label, type, ...(info ? { info } : {}), ...(detail ? { detail } : {}) });

function operatorOptions(): Completion[] {
  const out: Completion[] = [];
  for (const op of CONDITION_OPERATORS) {
    out.push(opt(op, 'keyword', operatorHelp(op) ?? undefined));
    if (op !== 'Null') out.push(opt(`${op}IfExists`, 'keyword', operatorHelp(`${op}IfExists`) ?? undefined));
  }
  for (const set of ['ForAnyValue', 'ForAllValues']) for (const op of ['StringEquals', 'StringLike', 'StringNotEquals']) out.push(opt(`${set}:${op}`, 'keyword', operatorHelp(`${set}:${op}`) ?? undefined));
  return out;
}

function valueOptions(path: string[], data: CompletionData): Completion[] {
  const last = path[path.length - 1] ?? '';
  const parent = path[path.length - 2] ?? '';
  if (last === 'Effect') return [opt('Allow', 'enum', VALUE_HELP.Allow), opt('Deny', 'enum', VALUE_HELP.Deny)];
  if (last === 'Version') return [opt('2012-10-17', 'enum', VALUE_HELP['2012-10-17'])];
  if (last === 'Action' || last === 'NotAction') {
    return [opt('kms:*', 'function', VALUE_HELP['kms:*']), ...KMS_ACTIONS.map((a) => opt(`kms:${a}`, 'function', actionHelp(`kms:${a}`, KMS_ACTIONS) ?? undefined))];
  }
  if (last === 'Resource' || last === 'NotResource') {
    return [opt('*', 'constant', 'In a key policy: this key.'), ...data.keyArns.map((a) => opt(a, 'variable', arnHelp(a) ?? undefined, 'key')), ...data.aliasArns.map((a) => opt(a, 'variable', arnHelp(a) ?? undefined, 'alias'))];
  }
  const principals = () => [
    opt('*', 'constant', VALUE_HELP['*']),
    ...data.accounts.map((a) => opt(`arn:aws:iam::${a}:root`, 'variable', arnHelp(`arn:aws:iam::${a}:root`) ?? undefined, 'account')),
    ...data.principals.map((p) => opt(p, 'variable', arnHelp(p) ?? undefined, 'principal')),
  ];
  if (last === 'AWS' || last === 'Principal' || last === 'NotPrincipal') return principals();
  if (last === 'Service') return SERVICES.map((s) => opt(`${s}.amazonaws.com`, 'variable'));
  if (path.includes('Condition') && parent && path.indexOf('Condition') === path.length - 3) {
    const key = last;
    if (/^aws:PrincipalArn$/i.test(key) || /^kms:(GranteePrincipal|RetiringPrincipal)$/i.test(key)) return principals().slice(1);
    if (/^(kms:CallerAccount|aws:PrincipalAccount|aws:ResourceAccount)$/i.test(key)) return data.accounts.map((a) => opt(a, 'variable'));
    if (/^kms:ViaService$/i.test(key)) return data.regions.flatMap((r) => SERVICES.map((s) => opt(`${s}.${r}.amazonaws.com`, 'variable')));
    if (/^kms:(RequestAlias|ResourceAliases)$/i.test(key)) return data.aliasNames.map((a) => opt(a, 'variable'));
    if (/^aws:PrincipalOrgID$/i.test(key) && data.orgId) return [opt(data.orgId, 'variable')];
    if (BOOL_KEYS.test(key) || /^Null$/.test(parent) || /^Bool/.test(parent)) return [opt('true', 'constant'), opt('false', 'constant')];
  }
  return [];
}

function keyOptions(path: string[]): Completion[] {
  const last = path[path.length - 1] ?? '';
  if (path.length === 0) return ['Version', 'Id', 'Statement'].map((k) => opt(k, 'property', ELEMENT_HELP[k]));
  if (last === 'Statement') return STATEMENT_ELEMENTS.map((k) => opt(k, 'property', ELEMENT_HELP[k]));
  if (last === 'Principal' || last === 'NotPrincipal') return ['AWS', 'Service', 'Federated', 'CanonicalUser'].map((k) => opt(k, 'property', ELEMENT_HELP[k]));
  if (last === 'Condition') return operatorOptions();
  if (path[path.length - 2] === 'Condition') return CONDITION_KEYS.map((k) => opt(k.key, 'variable', k.help));
  return [];
}

function policyCompletions(getData: () => CompletionData) {
  return (ctx: CompletionContext): CompletionResult | null => {
    const place = placeAt(ctx.state, ctx.pos);
    const options = place.on === 'key' ? keyOptions(place.path) : valueOptions(place.path, getData());
    if (!options.length) return null;
    let from: number;
    if (place.node) {
      from = place.node.from + 1; // after the opening quote
      if (from > ctx.pos) return null;
    } else {
      const word = ctx.matchBefore(/[\w:*/.-]*/);
      if (!word || (word.from === word.to && !ctx.explicit)) return null;
      from = word.from;
    }
    return { from, options, validFor: /^[\w:*/.@+=,-]*$/ };
  };
}

// ---------------------------------------------------------------------------------------------
// Hover help

function helpAt(state: EditorState, pos: number, side: -1 | 1): { from: number; to: number; text: string } | null {
  const node = syntaxTree(state).resolveInner(pos, side);
  if (node.name !== 'PropertyName' && node.name !== 'String') return null;
  const text = unquote(state.sliceDoc(node.from, node.to));
  const place = placeAt(state, node.name === 'PropertyName' ? node.from + 1 : node.from + 1, 1);
  const path = place.path;
  let help: string | null;
  if (node.name === 'PropertyName') {
    const parent = path[path.length - 1];
    if (parent === 'Condition') help = operatorHelp(text) ?? `${text}: not a condition operator AWS knows — this condition cannot be evaluated.`;
    else if (path[path.length - 2] === 'Condition') help = conditionKeyHelp(text) ?? `${text}: a condition key. If the request does not carry it, positive operators fail and negated ones pass.`;
    else help = ELEMENT_HELP[text] ? `${text}: ${ELEMENT_HELP[text]}` : null;
  } else {
    const last = path[path.length - 1];
    if (last === 'Action' || last === 'NotAction') help = actionHelp(text, KMS_ACTIONS);
    else if (VALUE_HELP[text]) help = VALUE_HELP[text];
    else help = arnHelp(text);
  }
  return help ? { from: node.from, to: node.to, text: help } : null;
}

const policyHover = hoverTooltip((view, pos, side) => {
  const h = helpAt(view.state, pos, side);
  if (!h) return null;
  return {
    pos: h.from,
    end: h.to,
    above: true,
    create() {
      const dom = document.createElement('div');
      dom.className = 'cm-policy-help';
      dom.setAttribute('role', 'tooltip');
      dom.textContent = h.text;
      return { dom };
    },
  };
});

// ---------------------------------------------------------------------------------------------
// Lint: the engine's validator

const SEVERITY: Record<string, Diagnostic['severity']> = { error: 'error', warning: 'warning', suggestion: 'info' };

function policyLinter(kind: PolicyKind, onFindings?: (n: number) => void): Extension {
  return linter(
    (view) => {
      const text = view.state.doc.toString();
      const len = text.length;
      const findings = validatePolicy(text, kind);
      onFindings?.(findings.length);
      return findings.map((f) => {
        const from = Math.max(0, Math.min(len, f.range.start.offset));
        let to = Math.max(from, Math.min(len, f.range.end.offset));
        if (to === from && from < len) to = from + 1;
        return { from, to, severity: SEVERITY[f.severity] ?? 'info', message: f.message, source: f.code };
      });
    },
    { delay: 200 },
  );
}

// ---------------------------------------------------------------------------------------------
// The deciding statement's highlight

export const setDecided = StateEffect.define<{ from: number; to: number } | null>();

const decidedMark = Decoration.mark({ class: 'cm-decided', attributes: { 'data-decided': 'true' } });

const decidedField = StateField.define<DecorationSet>({
  create: () => Decoration.none,
  update(deco, tr) {
    deco = deco.map(tr.changes);
    for (const e of tr.effects) {
      if (e.is(setDecided)) {
        const len = tr.state.doc.length;
        deco = e.value && e.value.from < len ? Decoration.set([decidedMark.range(Math.max(0, e.value.from), Math.min(len, Math.max(e.value.to, e.value.from + 1)))]) : Decoration.none;
      }
    }
    return deco;
  },
  provide: (f) => EditorView.decorations.from(f),
});

// ---------------------------------------------------------------------------------------------
// Look: colours from the app's tokens (contrast checked in both themes)

const highlight = HighlightStyle.define([
  { tag: tags.propertyName, color: 'var(--cm-prop)' },
  { tag: tags.string, color: 'var(--cm-string)' },
  { tag: [tags.number, tags.bool, tags.null], color: 'var(--cm-atom)' },
  { tag: [tags.brace, tags.squareBracket, tags.separator, tags.punctuation], color: 'var(--cm-punct)' },
]);

const look = EditorView.theme({
  '&': { color: 'var(--text)', backgroundColor: 'var(--surface)', fontSize: '13px' },
  '.cm-content': { fontFamily: 'var(--font-mono)', caretColor: 'var(--text)' },
  '.cm-gutters': { backgroundColor: 'var(--surface-2)', color: 'var(--muted)', borderRight: '1px solid var(--border)' },
  '.cm-activeLine': { backgroundColor: 'color-mix(in srgb, var(--focus) 6%, transparent)' },
  '.cm-activeLineGutter': { backgroundColor: 'color-mix(in srgb, var(--focus) 10%, transparent)', color: 'var(--text)' },
  '&.cm-focused': { outline: '2px solid var(--focus)', outlineOffset: '2px' },
  '.cm-cursor': { borderLeftColor: 'var(--text)' },
  '.cm-tooltip': { backgroundColor: 'var(--surface)', color: 'var(--text)', border: '1px solid var(--border-strong)', borderRadius: '6px' },
  '.cm-tooltip-autocomplete ul li[aria-selected]': { backgroundColor: 'var(--cmk)', color: 'var(--brand-ink)' },
  '.cm-completionDetail': { color: 'inherit', fontStyle: 'normal', opacity: '0.9' },
  '.cm-completionInfo': { maxWidth: '360px', padding: '6px 8px', fontFamily: 'var(--font-sans)' },
});

export function policyExtensions(opts: { kind: PolicyKind; label: string; describedBy?: string; readOnly?: boolean; getData: () => CompletionData }): Extension[] {
  return [
    EditorView.contentAttributes.of({ 'aria-label': opts.label, ...(opts.describedBy ? { 'aria-describedby': opts.describedBy } : {}) }),
    EditorView.lineWrapping,
    syntaxHighlighting(highlight),
    look,
    policyLinter(opts.kind),
    lintGutter(),
    autocompletion({ override: [policyCompletions(opts.getData)], activateOnTyping: true, icons: false }),
    policyHover,
    decidedField,
    EditorState.readOnly.of(Boolean(opts.readOnly)),
  ];
}
