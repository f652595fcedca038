/**
 * "Your turn": the learner acts in the lesson's own world. Forms for every operation a lesson's goal
 * needs (src/lessons/forms.ts) — keys, aliases, principals, Regions and earlier results picked from
 * the world, never typed — with the lesson's "Call as" and Region pickers; and, for anything else,
 * any operation as AWS JSON with "$part.Field" references explained and completed. Everything runs
 * through the lesson store (run.ts); the goal check sees what you did.
 */
import { lazy, Suspense, useId, useMemo, useState } from 'react';
import { OPERATION_NAMES, type OperationName } from '@kms-lab/engine';
import { REGIONS } from '../../store';
import { LESSON_FORMS, callerOptions, formById, initialValue, keepOptions, optionsOf, referenceCompletions, runLabel, type Field, type FieldValue, type FormContext, type FormValues, type Lesson, type LessonForm } from '../../lessons';
import { useLessonRun } from './run';

const RequestJsonEditor = lazy(() => import('./RequestJsonEditor'));

const JSON_MODE = 'json';
const GROUPS = [...new Set(LESSON_FORMS.map((f) => f.group))];

/** A short, safe rendering of a result: bytes as their length, not their content. */
function show(value: unknown): string {
  return JSON.stringify(value, (_k, v: unknown) => (v instanceof Uint8Array ? `‹${v.length} bytes›` : v instanceof Date ? v.toISOString() : v), 2);
}

/** The form's values with every picker holding one of its current choices. */
function effective(form: LessonForm, values: FormValues, ctx: FormContext): FormValues {
  const out: FormValues = {};
  for (const f of form.fields) {
    const v = values[f.name];
    if (f.name === 'Keep') {
      const opts = keepOptions(ctx, String(out.KeyId ?? ''));
      out.Keep = Array.isArray(v) && !v.includes('*') ? v.filter((x) => opts.some((o) => o.value === x)) : opts.map((o) => o.value);
      continue;
    }
    if (v === undefined) {
      out[f.name] = initialValue(f, ctx);
      continue;
    }
    if (f.kind === 'key' || f.kind === 'alias' || f.kind === 'principal' || f.kind === 'result' || f.kind === 'region') {
      const opts = optionsOf(f, ctx) ?? [];
      out[f.name] = opts.some((o) => o.value === v) ? v : initialValue(f, ctx);
    } else out[f.name] = v;
  }
  return out;
}

function FieldControl({ field, value, onChange, ctx, keyArn, idBase }: { field: Field; value: FieldValue; onChange(v: FieldValue): void; ctx: FormContext; keyArn: string; idBase: string }) {
  const id = `${idBase}-${field.name}`;
  const help = field.help ? <span className="ls-form__help muted" id={`${id}-help`}>{field.help}</span> : null;
  const described = field.help ? `${id}-help` : undefined;
  if (field.kind === 'multi') {
    const opts = field.name === 'Keep' ? keepOptions(ctx, keyArn) : field.options;
    const chosen = Array.isArray(value) ? value : [];
    return (
      <fieldset className="ls-form__multi" aria-describedby={described}>
        <legend>{field.label}</legend>
        {opts.length === 0 && <p className="muted">None.</p>}
        {opts.map((o) => (
          <label key={o.value} className="ls-form__check">
            <input type="checkbox" checked={chosen.includes(o.value)} onChange={(e) => onChange(e.target.checked ? [...chosen, o.value] : chosen.filter((x) => x !== o.value))} />
            <span>{o.label}</span>
          </label>
        ))}
        {help}
      </fieldset>
    );
  }
  if (field.kind === 'check') {
    return (
      <div className="ls-form__field">
        <label className="ls-form__check">
          <input type="checkbox" checked={value === true} onChange={(e) => onChange(e.target.checked)} aria-describedby={described} />
          <span>{field.label}</span>
        </label>
        {help}
      </div>
    );
  }
  const opts = optionsOf(field, ctx);
  return (
    <div className="ls-form__field">
      <label htmlFor={id}>
        {field.label}
        {field.optional && <span className="muted"> (optional)</span>}
      </label>
      {opts ? (
        <select id={id} className="select select--sm" value={String(value)} onChange={(e) => onChange(e.target.value)} aria-describedby={described}>
          {opts.length === 0 && <option value="">{field.kind === 'result' ? 'No result with one yet' : 'None in this Region'}</option>}
          {field.kind === 'principal' && field.optional && <option value="">No new statement</option>}
          {opts.map((o) => (
            <option key={o.value} value={o.value}>
              {o.label}
            </option>
          ))}
        </select>
      ) : field.kind === 'number' ? (
        <input id={id} className="input input--sm" type="number" min={field.min} max={field.max} value={String(value)} onChange={(e) => onChange(e.target.value)} aria-describedby={described} />
      ) : (
        <input id={id} className="input input--sm" type="text" value={String(value)} placeholder={'placeholder' in field ? field.placeholder : undefined} spellCheck={false} onChange={(e) => onChange(e.target.value)} aria-describedby={described} />
      )}
      {help}
    </div>
  );
}

function JsonHelp({ refs, idBase }: { refs: { ref: string; detail: string }[]; idBase: string }) {
  const example = refs.find((r) => /CiphertextBlob$/.test(r.ref)) ?? refs.find((r) => /KeyId$/.test(r.ref)) ?? refs[0];
  return (
    <div className="ls-try__help" id={`${idBase}-json-help`}>
      <p>
        The request is AWS JSON. A string <code>"$name.Field"</code> is replaced by a field of an earlier result: <code>name</code> is a part of this lesson (its id) or one of your calls (
        <code>you1</code>, <code>you2</code>…), and <code>Field</code> is a field of its response, with dots going deeper.
      </p>
      <p>
        Example:{' '}
        {example ? (
          <>
            <code>{`{"CiphertextBlob": "${example.ref}"}`}</code> uses {example.ref.slice(1).split('.').slice(1).join('.')} of <code>{example.ref.slice(1).split('.')[0]}</code> ({example.detail}).
          </>
        ) : (
          <>
            <code>{'{"KeyId": "$you1.KeyMetadata.KeyId"}'}</code> uses the KeyId your first call (a CreateKey) returned.
          </>
        )}{' '}
        Type <kbd>"$</kbd> in the request to pick one from the list. <code>{'{"$utf8": "text"}'}</code> is the bytes of a text; <code>{'{"$json": {…}}'}</code> is a policy as JSON text.
      </p>
      {refs.length > 0 && (
        <details>
          <summary>References you can use now ({refs.length})</summary>
          <ul className="ls-try__refs mono">
            {refs.map((r) => (
              <li key={r.ref}>
                {r.ref} <span className="muted">— {r.detail}</span>
              </li>
            ))}
          </ul>
        </details>
      )}
    </div>
  );
}

export function RequestRunner({ lesson }: { lesson: Lesson }) {
  const session = useLessonRun((s) => s.session);
  const free = useLessonRun((s) => s.free);
  const busy = useLessonRun((s) => s.busy);
  useLessonRun((s) => s.runs.length + (s.solutionShown ? 1 : 0)); // the world changed: recompute the choices
  const { perform, performForm, showFlowOf, formContext } = useLessonRun.getState();
  const idBase = useId().replace(/:/g, '');
  const region0 = lesson.scenario.defaultRegion ?? 'us-east-1';
  const callers = useMemo(() => (session ? callerOptions(session.world) : []), [session]);
  const [what, setWhat] = useState<string>(LESSON_FORMS[0].id);
  const [as, setAs] = useState<string>('');
  const [region, setRegion] = useState(region0);
  const [values, setValues] = useState<Record<string, FormValues>>({});
  const [op, setOp] = useState<OperationName>('Encrypt');
  const [text, setText] = useState<string>('{\n  "KeyId": "",\n  "Plaintext": {"$utf8": "hello"}\n}');
  const [problem, setProblem] = useState<string | null>(null);
  const caller = as || callers[0]?.value || '';
  const ctx = formContext(region, caller);
  const form = what === JSON_MODE ? undefined : formById(what);
  const vals = form && ctx ? effective(form, values[form.id] ?? {}, ctx) : {};
  const refs = ctx ? referenceCompletions(ctx.results) : [];
  const usesCaller = what === JSON_MODE || !!form?.usesCaller;

  const runJson = async () => {
    let request: Record<string, unknown>;
    try {
      request = JSON.parse(text || '{}') as Record<string, unknown>;
      if (!request || typeof request !== 'object' || Array.isArray(request)) throw new Error('The request must be a JSON object.');
    } catch (e) {
      setProblem(`The request is not valid JSON: ${(e as Error).message}`);
      return;
    }
    setProblem(null);
    await perform({ call: op, request, as: caller, region }, `${op} as ${caller.replace(/^arn:aws:(iam|sts)::\d{12}:/, '')} in ${region}`);
  };
  const buttonLabel = form ? runLabel(form, vals) : `Call ${op}`;

  return (
    <section className="ls-try" aria-labelledby={`${idBase}-title`}>
      <h3 className="ls-h3" id={`${idBase}-title`}>
        Your turn: act in this lesson’s world
      </h3>
      <p className="muted ls-try__lede">Pick what to do, fill the form — keys, aliases and principals come from the lesson’s world — and run it. Then check your goal.</p>
      <div className="ls-try__grid">
        <div className="ls-form__field">
          <label htmlFor={`${idBase}-what`}>What to do</label>
          <select id={`${idBase}-what`} className="select select--sm" value={what} onChange={(e) => setWhat(e.target.value)}>
            {GROUPS.map((g) => (
              <optgroup key={g} label={g}>
                {LESSON_FORMS.filter((f) => f.group === g).map((f) => (
                  <option key={f.id} value={f.id}>
                    {f.title}
                  </option>
                ))}
              </optgroup>
            ))}
            <optgroup label="Advanced">
              <option value={JSON_MODE}>Any operation, as AWS JSON</option>
            </optgroup>
          </select>
        </div>
        <div className="ls-form__field">
          <label htmlFor={`${idBase}-as`}>Call as</label>
          <select id={`${idBase}-as`} className="select select--sm" value={caller} onChange={(e) => setAs(e.target.value)} disabled={!usesCaller} aria-describedby={usesCaller ? undefined : `${idBase}-as-note`}>
            {callers.map((c) => (
              <option key={c.value} value={c.value}>
                {c.label}
              </option>
            ))}
          </select>
          {!usesCaller && (
            <span className="ls-form__help muted" id={`${idBase}-as-note`}>
              Not a KMS call: no caller.
            </span>
          )}
        </div>
        <div className="ls-form__field">
          <label htmlFor={`${idBase}-region`}>Region</label>
          <select id={`${idBase}-region`} className="select select--sm" value={region} onChange={(e) => setRegion(e.target.value)}>
            {REGIONS.map((r) => (
              <option key={r.id} value={r.id}>
                {r.id}
              </option>
            ))}
          </select>
        </div>
      </div>
      {form && ctx ? (
        <form
          className="ls-form"
          aria-label={form.title}
          onSubmit={(e) => {
            e.preventDefault();
            void performForm(form, vals, region, caller);
          }}
        >
          <p className="ls-form__summary">{form.summary}</p>
          <div className="ls-form__fields">
            {form.fields.map((f) => (
              <FieldControl
                key={f.name}
                field={f}
                value={vals[f.name]}
                ctx={ctx}
                keyArn={String(vals.KeyId ?? '')}
                idBase={`${idBase}-${form.id}`}
                onChange={(v) => setValues((all) => ({ ...all, [form.id]: { ...vals, [f.name]: v, ...(f.name === 'KeyId' ? { Keep: ['*'] } : {}) } }))}
              />
            ))}
          </div>
          <div className="ls-step__actions">
            <button type="submit" className="btn btn-primary btn-sm" disabled={busy || !session}>
              {buttonLabel}
            </button>
          </div>
        </form>
      ) : (
        <div className="ls-form">
          <div className="ls-form__field">
            <label htmlFor={`${idBase}-op`}>Operation</label>
            <select id={`${idBase}-op`} className="select select--sm" value={op} onChange={(e) => setOp(e.target.value as OperationName)}>
              {OPERATION_NAMES.map((o) => (
                <option key={o}>{o}</option>
              ))}
            </select>
          </div>
          <JsonHelp refs={refs} idBase={idBase} />
          <p className="ls-try__req" id={`${idBase}-req-label`}>
            Request (JSON)
          </p>
          <Suspense fallback={<p className="muted">Loading the editor…</p>}>
            <RequestJsonEditor value={text} onChange={setText} label="Request (JSON)" describedBy={`${idBase}-json-help`} references={refs} />
          </Suspense>
          {problem && (
            <p className="ls-msg ls-msg--error" role="alert">
              {problem}
            </p>
          )}
          <div className="ls-step__actions">
            <button type="button" className="btn btn-primary btn-sm" disabled={busy || !session} onClick={() => void runJson()}>
              {buttonLabel}
            </button>
          </div>
        </div>
      )}
      {free.length > 0 && (
        <ol className="ls-free" aria-label="Your calls">
          {[...free].reverse().map((f) => (
            <li key={f.ref} className={f.outcome.ok ? 'is-ok' : 'is-fail'}>
              <p>
                <code>${f.ref}</code> {f.label}: <strong>{f.outcome.ok ? 'succeeded' : `${f.outcome.error?.name}: ${f.outcome.error?.message}`}</strong>
              </p>
              {(f.outcome.flowItems.length > 0 || f.outcome.evaluation) && (
                <button type="button" className="btn btn-ghost btn-xs" onClick={() => showFlowOf(f.outcome, `Your call: ${f.label}`)}>
                  {f.outcome.flowItems.length ? 'Show the flow' : 'Why? Open the decision'}
                </button>
              )}
              {f.outcome.ok && f.outcome.result !== undefined && (
                <details>
                  <summary>Response</summary>
                  <pre className="mono ls-free__json">{show(f.outcome.result)}</pre>
                </details>
              )}
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
