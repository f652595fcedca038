/**
 * "Try it yourself": any KMS call in the learner's own lesson world, as any principal of the
 * lesson, in any Region — the request as AWS JSON, with the lesson's value forms: "$step.Field"
 * refers to an earlier result (steps by id, your calls as $you1, $you2…), {"$utf8": "text"} is
 * UTF-8 bytes, {"$json": {...}} is a policy as JSON text. The goal check sees what you did.
 */
import { useMemo, useState } from 'react';
import { REGIONS } from '../../store';
import { OPERATIONS } from '../../engine/kms/operations';
import type { OperationName } from '../../engine';
import type { Lesson } from '../../lessons';
import { useLessonRun } from './run';

const OPERATION_NAMES = (Object.keys(OPERATIONS) as OperationName[]).sort();

function template(op: string, keyId: string, policy: string | undefined, grantee: string): object {
  switch (op) {
    case 'CreateKey':
      return { Description: 'my key' };
    case 'CreateAlias':
      return { AliasName: 'alias/my-alias', TargetKeyId: keyId };
    case 'Encrypt':
      return { KeyId: keyId, Plaintext: { $utf8: 'hello' } };
    case 'Decrypt':
      return { CiphertextBlob: '$you1.CiphertextBlob' };
    case 'GenerateDataKey':
      return { KeyId: keyId, KeySpec: 'AES_256' };
    case 'PutKeyPolicy':
      return { KeyId: keyId, PolicyName: 'default', Policy: { $json: policy ? (JSON.parse(policy) as object) : {} } };
    case 'CreateGrant':
      return { KeyId: keyId, GranteePrincipal: grantee, Operations: ['Decrypt'] };
    case 'ScheduleKeyDeletion':
      return { KeyId: keyId, PendingWindowInDays: 7 };
    case 'ListKeys':
    case 'ListAliases':
      return {};
    case 'GenerateRandom':
      return { NumberOfBytes: 32 };
    default:
      return { KeyId: keyId };
  }
}

/** A short, safe rendering of a result: bytes as their length, not their content. */
function show(value: unknown): string {
  return JSON.stringify(
    value,
    (_k, v: unknown) => (v instanceof Uint8Array ? `‹${v.length} bytes›` : v instanceof Date ? v.toISOString() : v),
    2,
  );
}

export function RequestRunner({ lesson }: { lesson: Lesson }) {
  const session = useLessonRun((s) => s.session);
  const free = useLessonRun((s) => s.free);
  const busy = useLessonRun((s) => s.busy);
  const { perform, showFlowOf } = useLessonRun.getState();
  const region0 = lesson.scenario.defaultRegion ?? 'us-east-1';
  const callers = useMemo(() => {
    if (!session) return [];
    const ids = session.world.state.identities;
    return [...Object.keys(ids.accounts).map((a) => `arn:aws:iam::${a}:root`), ...Object.keys(ids.principals)];
  }, [session]);
  const firstKey = useMemo(() => (session ? Object.values(session.world.state.keys).find((k) => k.region === region0) : undefined), [session, region0]);
  const [op, setOp] = useState<string>('Encrypt');
  const [as, setAs] = useState<string>('');
  const [region, setRegion] = useState(region0);
  const [text, setText] = useState<string>('');
  const [problem, setProblem] = useState<string | null>(null);
  const caller = as || callers[0] || '';

  const fill = (name: string) => {
    const k = session ? Object.values(session.world.state.keys).find((x) => x.region === region0) : undefined;
    setText(JSON.stringify(template(name, k?.keyId ?? firstKey?.keyId ?? '', k?.policy, callers[callers.length - 1] ?? caller), null, 2));
  };

  const run = async () => {
    let request: Record<string, unknown>;
    try {
      request = JSON.parse(text || '{}') as Record<string, unknown>;
      if (!request || typeof request !== 'object' || Array.isArray(request)) throw new Error('The request must be a JSON object.');
    } catch (e) {
      setProblem(`The request is not valid JSON: ${(e as Error).message}`);
      return;
    }
    setProblem(null);
    await perform({ call: op as OperationName, request, as: caller, region }, `${op} as ${caller.replace(/^arn:aws:(iam|sts)::\d{12}:/, '')} in ${region}`);
  };

  return (
    <details className="ls-try" onToggle={(e) => e.currentTarget.open && !text && fill(op)}>
      <summary>Try it yourself: make KMS calls in this lesson’s world</summary>
      <p className="muted ls-try__help">
        Requests are AWS JSON. <code>"$step.Field"</code> uses an earlier result (your calls are <code>$you1</code>, <code>$you2</code>…), <code>{'{"$utf8": "text"}'}</code> is bytes,{' '}
        <code>{'{"$json": {…}}'}</code> is a policy as JSON text.
      </p>
      <div className="ls-try__grid">
        <label>
          Operation
          <select className="select select--sm" value={op} onChange={(e) => {
            setOp(e.target.value);
            fill(e.target.value);
          }}>
            {OPERATION_NAMES.map((o) => (
              <option key={o}>{o}</option>
            ))}
          </select>
        </label>
        <label>
          Call as
          <select className="select select--sm" value={caller} onChange={(e) => setAs(e.target.value)}>
            {callers.map((c) => (
              <option key={c} value={c}>
                {c}
              </option>
            ))}
          </select>
        </label>
        <label>
          In Region
          <select className="select select--sm" value={region} onChange={(e) => setRegion(e.target.value)}>
            {REGIONS.map((r) => (
              <option key={r.id} value={r.id}>
                {r.id}
              </option>
            ))}
          </select>
        </label>
      </div>
      <label className="ls-try__req" htmlFor="ls-try-request">
        Request (JSON)
      </label>
      <textarea id="ls-try-request" className="input mono ls-try__text" rows={8} spellCheck={false} value={text} onChange={(e) => setText(e.target.value)} />
      {problem && (
        <p className="ls-msg ls-msg--error" role="alert">
          {problem}
        </p>
      )}
      <div className="ls-step__actions">
        <button type="button" className="btn btn-primary btn-sm" disabled={busy || !session} onClick={() => void run()}>
          Call {op}
        </button>
      </div>
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
    </details>
  );
}
