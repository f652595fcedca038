/**
 * The JSON request editor of "Your turn" (lazy-loaded with CodeMirror): JSON highlighting, and
 * completion of "$part.Field" references from the results so far — type `"$` to see them.
 */
import { useMemo, useRef, useEffect } from 'react';
import CodeMirror from '@uiw/react-codemirror';
import { json } from '@codemirror/lang-json';
import { EditorView } from '@codemirror/view';
import { autocompletion, type CompletionContext, type CompletionResult } from '@codemirror/autocomplete';

export interface RequestJsonEditorProps {
  value: string;
  onChange(value: string): void;
  label: string;
  describedBy?: string;
  /** The references that can be completed, with what each holds. */
  references: { ref: string; detail: string }[];
}

export default function RequestJsonEditor({ value, onChange, label, describedBy, references }: RequestJsonEditorProps) {
  const refs = useRef(references);
  useEffect(() => {
    refs.current = references;
  }, [references]);
  const extensions = useMemo(() => {
    const source = (ctx: CompletionContext): CompletionResult | null => {
      const m = ctx.matchBefore(/"\$[\w.-]*/);
      if (!m && !ctx.explicit) return null;
      const from = m ? m.from + 1 : ctx.pos;
      return {
        from,
        options: refs.current.map((r) => ({ label: r.ref, detail: r.detail, type: 'variable', info: `The ${r.ref.split('.').slice(1).join('.')} of the result named ${r.ref.split('.')[0].slice(1)}.` })),
        validFor: /^\$[\w.-]*$/,
      };
    };
    return [
      json(),
      autocompletion({ override: [source], activateOnTyping: true }),
      EditorView.contentAttributes.of({ 'aria-label': label, ...(describedBy ? { 'aria-describedby': describedBy } : {}) }),
      EditorView.lineWrapping,
    ];
  }, [label, describedBy]);
  return (
    <CodeMirror
      value={value}
      onChange={onChange}
      theme="none"
      extensions={extensions}
      basicSetup={{ foldGutter: false, autocompletion: false, highlightActiveLine: false, closeBrackets: true, lineNumbers: false }}
      className="policy-cm ls-try__cm"
    />
  );
}
