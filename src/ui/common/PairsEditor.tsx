import { newPair, type ContextPair } from '../../store';
import { PlusIcon, TrashIcon } from './icons';

/**
 * Key/value rows (encryption context, tags). Every input has its own label ("Key 1", "Value 1");
 * the fieldset's legend names the whole group.
 */
export function PairsEditor({
  legend,
  hint,
  pairs,
  onChange,
  keyLabel = 'Key',
  valueLabel = 'Value',
  addLabel,
  tone,
  idPrefix,
}: {
  legend: string;
  hint?: string;
  pairs: ContextPair[];
  onChange(pairs: ContextPair[]): void;
  keyLabel?: string;
  valueLabel?: string;
  addLabel: string;
  tone: 'context' | 'tag';
  idPrefix: string;
}) {
  const update = (id: number, patch: Partial<ContextPair>) => onChange(pairs.map((p) => (p.id === id ? { ...p, ...patch } : p)));
  return (
    <fieldset className={`pairs pairs--${tone}`}>
      <legend className="pairs__legend">{legend}</legend>
      {hint && <p className="pairs__hint">{hint}</p>}
      {pairs.length > 0 && (
        <ul className="pairs__rows">
          {pairs.map((p, i) => (
            <li key={p.id} className="pairs__row">
              <label className="sr-only" htmlFor={`${idPrefix}-k-${p.id}`}>
                {keyLabel} {i + 1}
              </label>
              <input
                id={`${idPrefix}-k-${p.id}`}
                className="input mono"
                placeholder={keyLabel}
                value={p.key}
                onChange={(e) => update(p.id, { key: e.target.value })}
                spellCheck={false}
                autoComplete="off"
              />
              <span className="pairs__eq" aria-hidden="true">
                =
              </span>
              <label className="sr-only" htmlFor={`${idPrefix}-v-${p.id}`}>
                {valueLabel} {i + 1}
              </label>
              <input
                id={`${idPrefix}-v-${p.id}`}
                className="input mono"
                placeholder={valueLabel}
                value={p.value}
                onChange={(e) => update(p.id, { value: e.target.value })}
                spellCheck={false}
                autoComplete="off"
              />
              <button
                type="button"
                className="btn btn-ghost btn-icon btn-sm"
                aria-label={`Remove ${legend.toLowerCase()} row ${i + 1}`}
                title="Remove this row"
                onClick={() => onChange(pairs.filter((x) => x.id !== p.id))}
              >
                <TrashIcon size={16} />
              </button>
            </li>
          ))}
        </ul>
      )}
      <button type="button" className="btn btn-ghost btn-sm pairs__add" onClick={() => onChange([...pairs, newPair()])}>
        <PlusIcon size={16} />
        {addLabel}
      </button>
    </fieldset>
  );
}
