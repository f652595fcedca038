/**
 * The CodeMirror 6 editor for one policy document (lazy-loaded: see PolicyEditor). JSON highlighting,
 * the validator's findings as lint diagnostics, completion, hover help, the deciding statement
 * highlighted and scrolled into view.
 */
import { useEffect, useMemo, useRef, useState } from 'react';
import CodeMirror, { ExternalChange, type ReactCodeMirrorRef } from '@uiw/react-codemirror';
import { json } from '@codemirror/lang-json';
import { EditorView } from '@codemirror/view';
import type { PolicyKind } from '@kms-lab/engine/policy';
import { policyExtensions, setDecided, type CompletionData } from './policyLanguage';

export interface CodeEditorProps {
  value: string;
  onChange(value: string): void;
  kind: PolicyKind;
  /** The accessible name of the editor (on the content element, where focus goes). */
  label: string;
  describedBy?: string;
  readOnly?: boolean;
  /** Offsets of the statement to highlight (the deciding one). */
  highlight?: { from: number; to: number } | null;
  completionData: CompletionData;
}

export default function CodeEditor({ value, onChange, kind, label, describedBy, readOnly, highlight, completionData }: CodeEditorProps) {
  const ref = useRef<ReactCodeMirrorRef>(null);
  const data = useRef(completionData);
  useEffect(() => {
    data.current = completionData;
  }, [completionData]);
  const extensions = useMemo(
    () => [json(), ...policyExtensions({ kind, label, describedBy, readOnly, getData: () => data.current })],
    [kind, label, describedBy, readOnly],
  );

  const from = highlight?.from;
  const to = highlight?.to;
  // The view exists only after the wrapper's first effect: outline once it does, not only when the
  // highlight changes (else an editor opened with a highlight would show none).
  const [view, setView] = useState<EditorView | null>(null);
  useEffect(() => {
    if (!view) return;
    const range = from !== undefined && to !== undefined ? { from, to } : null;
    // The offsets are into `value`. The wrapper may hold a new value back while the learner was
    // just typing (then replace the whole text later, which would drop the outline): bring the
    // text up to date in the same transaction, so the outline always lands on the text it names.
    const current = view.state.doc.toString();
    const changes = current !== value ? { from: 0, to: current.length, insert: value } : undefined;
    view.dispatch({
      changes,
      annotations: changes ? [ExternalChange.of(true)] : [],
      effects: [setDecided.of(range), ...(range && range.from < value.length ? [EditorView.scrollIntoView(range.from, { y: 'center' })] : [])],
    });
  }, [from, to, value, view]);

  return (
    <CodeMirror
      ref={ref}
      onCreateEditor={setView}
      value={value}
      onChange={onChange}
      theme="none"
      extensions={extensions}
      editable={!readOnly}
      basicSetup={{ foldGutter: false, autocompletion: false, highlightActiveLine: true, searchKeymap: true, lintKeymap: true, closeBrackets: true }}
      className="policy-cm"
    />
  );
}
