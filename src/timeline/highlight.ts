/**
 * Where, in the text an editor shows, is the statement an evaluation names? The one gate every
 * highlight passes through, so the screen can only outline a statement of the exact text that was
 * evaluated (issue #12, "the screen shows the decision it names").
 *
 * An evaluation carries the policy texts it read (PolicyEvaluation.text, DecidingStatement.text)
 * and source ranges into them. A highlight is drawn only when the editor shows that very text —
 * or the same text re-indented by `formatPolicyJson`, whose statements are the same statements in
 * the same order. Anything else is refused, with the reason the screen gives instead:
 *
 * - `unsaved`: the editor holds edits that are not saved, so no decision was made on that text;
 * - `changed`: the saved policy is not the text the decision read (it was saved again since);
 * - `unknown`: the evaluation carries no text (a grant, or a decision kept from an older version).
 *
 * Pure.
 */
import { formatPolicyJson, parsePolicy, type PolicyKind, type SourceRange } from '@kms-lab/engine/policy';

export type StatementPlace =
  | { kind: 'shown'; from: number; to: number }
  | { kind: 'unsaved' }
  | { kind: 'changed' }
  | { kind: 'unknown' };

export interface PlaceQuery {
  /** The text the evaluation read (undefined: it carries none). */
  evaluatedText: string | undefined;
  /** The statement's range in `evaluatedText`, and its index in the Statement array. */
  range: SourceRange | undefined;
  statementIndex: number;
  /** The policy as saved in the world now. */
  savedText: string;
  /** What the editor shows now. */
  editorText: string;
  kind: PolicyKind;
}

/** The editor's starting text for a saved policy: pretty-printed when it is JSON, else as saved. */
export function displayText(saved: string): string {
  return formatPolicyJson(saved) ?? saved;
}

/** The editor holds exactly the saved policy (as saved, or as `displayText` shows it). */
export function isSavedText(savedText: string, editorText: string): boolean {
  return editorText === savedText || editorText === displayText(savedText);
}

function statementCount(text: string, kind: PolicyKind): number | null {
  const r = parsePolicy(text, kind);
  return r.ok ? r.policy.statements.length : null;
}

export function placeStatement(q: PlaceQuery): StatementPlace {
  if (typeof q.evaluatedText !== 'string') return { kind: 'unknown' };
  if (!isSavedText(q.savedText, q.editorText)) return { kind: 'unsaved' };
  if (q.savedText !== q.evaluatedText) return { kind: 'changed' };
  if (q.editorText === q.evaluatedText) {
    if (!q.range) return { kind: 'unknown' };
    return { kind: 'shown', from: q.range.start.offset, to: q.range.end.offset };
  }
  // The editor shows the evaluated text re-indented: find the same statement there.
  const r = parsePolicy(q.editorText, q.kind);
  if (!r.ok) return { kind: 'unknown' };
  if (statementCount(q.evaluatedText, q.kind) !== r.policy.statements.length) return { kind: 'unknown' };
  const st = r.policy.statements.find((s) => s.index === q.statementIndex);
  return st ? { kind: 'shown', from: st.range.start.offset, to: st.range.end.offset } : { kind: 'unknown' };
}

/** What the screen says instead of a highlight. */
export const NOT_SHOWN_WORDS: Record<Exclude<StatementPlace['kind'], 'shown'>, string> = {
  unsaved:
    'No statement is highlighted: this editor holds unsaved changes, and the decision on screen was made on the saved text. Save, then simulate again, to see how KMS decides with this text.',
  changed: 'No statement is highlighted: this policy was saved again after the decision on screen was made, so that decision read an earlier text. Simulate again to see the decision for this text.',
  unknown: 'No statement is highlighted: the decision on screen does not say which text of this policy it read.',
};
