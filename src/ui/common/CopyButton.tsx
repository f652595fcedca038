import { useState } from 'react';
import { CheckCircleIcon, CopyIcon } from './icons';

/** A small copy-to-clipboard button; says "Copied" for a moment (in text, not only by colour). */
export function CopyButton({ text, label, compact = false }: { text: string; label: string; compact?: boolean }) {
  const [state, setState] = useState<'idle' | 'copied' | 'failed'>('idle');
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(text);
      setState('copied');
    } catch {
      setState('failed');
    }
    setTimeout(() => setState('idle'), 1500);
  };
  return (
    <span className="copy">
      <button type="button" className={`btn btn-ghost btn-xs${compact ? ' btn-icon-xs' : ''}`} onClick={copy} aria-label={label} title={label}>
        {state === 'copied' ? <CheckCircleIcon size={14} /> : <CopyIcon size={14} />}
        {!compact && (state === 'idle' ? 'Copy' : state === 'copied' ? 'Copied' : 'Copy failed')}
      </button>
      <span className="sr-only" aria-live="polite">
        {state === 'copied' ? 'Copied to the clipboard' : state === 'failed' ? 'Could not copy' : ''}
      </span>
    </span>
  );
}
