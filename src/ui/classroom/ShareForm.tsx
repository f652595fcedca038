/** The share dialog's form (own chunk): what a link carries and where it opens. */
import { useEffect, useMemo, useState } from 'react';
import { useLab } from '../../store';
import { LESSONS } from '../../lessons';

/** The places a share link can open, as the teacher picks them. */
type Place = 'keys' | 'key' | 'request' | 'lesson';
const OPERATIONS = ['Decrypt', 'Encrypt', 'GenerateDataKey', 'ReEncryptFrom', 'DescribeKey', 'PutKeyPolicy', 'ScheduleKeyDeletion', 'CreateGrant'];

export default function ShareForm() {
  const world = useLab((s) => s.world);
  const selected = useLab((s) => s.selectedKeyId);
  const keys = useMemo(() => {
    if (!world) return [];
    const aliases = Object.values(world.state.aliases);
    return Object.values(world.state.keys)
      .filter((k) => k.keyManager !== 'AWS' && k.keyState !== 'PendingDeletion')
      .sort((a, b) => a.seq - b.seq)
      .map((k) => ({ arn: k.arn, keyId: k.keyId, region: k.region, name: aliases.find((a) => a.targetKeyArn === k.arn)?.aliasName ?? (k.description || `key/${k.keyId.slice(0, 8)}…`) }));
  }, [world]);
  const principals = useMemo(() => (world ? Object.values(world.state.identities.principals).map((p) => p.arn) : []), [world]);
  const [pickedKeys, setPickedKeys] = useState<string[]>(() => keys.map((k) => k.arn));
  const [keyPolicies, setKeyPolicies] = useState(true);
  const [pickedPrincipals, setPickedPrincipals] = useState<string[]>(principals);
  const [iamPolicies, setIamPolicies] = useState(true);
  const [place, setPlace] = useState<Place>('keys');
  const [placeKey, setPlaceKey] = useState(() => keys.find((k) => k.keyId === selected)?.arn ?? keys[0]?.arn ?? '');
  const account = world ? `arn:aws:iam::${Object.values(world.state.keys)[0]?.accountId ?? '111122223333'}:root` : '';
  const [asWho, setAsWho] = useState(principals[0] ?? account);
  const [operation, setOperation] = useState('Decrypt');
  const [lessonId, setLessonId] = useState(LESSONS[0]?.id ?? '');
  const [part, setPart] = useState(1);
  const [link, setLink] = useState<{ url?: string; error?: string }>({});
  const [copied, setCopied] = useState(false);
  const chosenKeys = keys.filter((k) => pickedKeys.includes(k.arn));
  const keyForPlace = chosenKeys.find((k) => k.arn === placeKey)?.arn ?? chosenKeys[0]?.arn ?? '';
  const who = [...pickedPrincipals, account].includes(asWho) ? asWho : (pickedPrincipals[0] ?? account);
  const lesson = LESSONS.find((l) => l.id === lessonId);

  useEffect(() => {
    let live = true;
    void (async () => {
      if (!world) return;
      const { shareUrl, scenarioForShare, selectScenario } = await import('../../store/share');
      const { exportScenario } = await import('@kms-lab/engine/scenario');
      const base = new URL(location.href);
      base.hash = '';
      base.search = '';
      try {
        const scenario = selectScenario(scenarioForShare(exportScenario(world, { title: 'Shared from KMS Lab' })), { keys: pickedKeys, keyPolicies, principals: pickedPrincipals, iamPolicies });
        if ((place === 'key' || place === 'request') && !keyForPlace) throw new Error('Choose a key to share first: the link opens at one of the keys it carries.');
        const payload =
          place === 'lesson'
            ? { lesson: { id: lessonId, step: Math.max(0, Math.min(lesson?.steps.length ?? 0, part - 1)) } }
            : place === 'key'
              ? { scenario, open: { kind: 'key' as const, keyArn: keyForPlace } }
              : place === 'request'
                ? { scenario, open: { kind: 'request' as const, principal: who, operation, keyArn: keyForPlace } }
                : { scenario, section: 'keys' };
        const url = shareUrl(payload, base.toString());
        if (live) setLink({ url });
      } catch (e) {
        if (live) setLink({ error: (e as Error).message });
      }
    })();
    return () => {
      live = false;
    };
  }, [world, pickedKeys, keyPolicies, pickedPrincipals, iamPolicies, place, keyForPlace, who, operation, lessonId, part, lesson]);

  const toggle = (list: string[], set: (v: string[]) => void, v: string) => set(list.includes(v) ? list.filter((x) => x !== v) : [...list, v]);
  const copy = () => {
    if (!link.url) return;
    void navigator.clipboard?.writeText(link.url).then(() => setCopied(true), () => setCopied(false));
  };
  return (
    <div className="cl-share__form">
      {place !== 'lesson' && (
        <fieldset className="cl-share__set">
          <legend>What the link carries</legend>
          {keys.length === 0 ? (
            <p className="muted">No customer managed keys in this workspace.</p>
          ) : (
            <ul className="cl-share__list" aria-label="Keys">
              {keys.map((k) => (
                <li key={k.arn}>
                  <label>
                    <input type="checkbox" checked={pickedKeys.includes(k.arn)} onChange={() => toggle(pickedKeys, setPickedKeys, k.arn)} />
                    Key <span className="mono">{k.name}</span> <span className="muted mono">({k.region} · {k.keyId.slice(0, 8)}…)</span>
                  </label>
                </li>
              ))}
            </ul>
          )}
          <label className="cl-share__opt">
            <input type="checkbox" checked={keyPolicies} onChange={(e) => setKeyPolicies(e.target.checked)} />
            Their key policies (each key has one, which AWS always names “default” — the name, not a sign that it is AWS’s default policy). Unchecked, the keys arrive with AWS’s default key policy.
          </label>
          {principals.length > 0 && (
            <ul className="cl-share__list" aria-label="Principals">
              {principals.map((p) => (
                <li key={p}>
                  <label>
                    <input type="checkbox" checked={pickedPrincipals.includes(p)} onChange={() => toggle(pickedPrincipals, setPickedPrincipals, p)} />
                    Principal <span className="mono">{p.split(':').pop()}</span>
                  </label>
                </li>
              ))}
            </ul>
          )}
          {principals.length > 0 && (
            <label className="cl-share__opt">
              <input type="checkbox" checked={iamPolicies} onChange={(e) => setIamPolicies(e.target.checked)} />
              Their IAM policies (identity policies, permissions boundaries, session policies)
            </label>
          )}
        </fieldset>
      )}
      <fieldset className="cl-share__set">
        <legend>Where it opens</legend>
        <label className="cl-share__opt">
          <input type="radio" name="cl-place" checked={place === 'keys'} onChange={() => setPlace('keys')} /> Keys &amp; crypto
        </label>
        <label className="cl-share__opt">
          <input type="radio" name="cl-place" checked={place === 'key'} onChange={() => setPlace('key')} disabled={chosenKeys.length === 0} /> One key, selected
        </label>
        <label className="cl-share__opt">
          <input type="radio" name="cl-place" checked={place === 'request'} onChange={() => setPlace('request')} disabled={chosenKeys.length === 0} /> The policy lab, with a request ready
        </label>
        <label className="cl-share__opt">
          <input type="radio" name="cl-place" checked={place === 'lesson'} onChange={() => setPlace('lesson')} /> A lesson part (the lesson brings its own world: no keys travel)
        </label>
        {(place === 'key' || place === 'request') && (
          <label className="cl-field">
            Key
            <select className="select" value={keyForPlace} onChange={(e) => setPlaceKey(e.target.value)}>
              {chosenKeys.map((k) => (
                <option key={k.arn} value={k.arn}>
                  {k.name} ({k.region})
                </option>
              ))}
            </select>
          </label>
        )}
        {place === 'request' && (
          <>
            <label className="cl-field">
              Acting as
              <select className="select mono" value={who} onChange={(e) => setAsWho(e.target.value)}>
                {[...pickedPrincipals, account].map((p) => (
                  <option key={p} value={p}>
                    {p}
                  </option>
                ))}
              </select>
            </label>
            <label className="cl-field">
              Operation
              <select className="select" value={operation} onChange={(e) => setOperation(e.target.value)}>
                {OPERATIONS.map((o) => (
                  <option key={o} value={o}>
                    kms:{o}
                  </option>
                ))}
              </select>
            </label>
          </>
        )}
        {place === 'lesson' && (
          <>
            <label className="cl-field">
              Lesson
              <select className="select" value={lessonId} onChange={(e) => setLessonId(e.target.value)}>
                {LESSONS.map((l) => (
                  <option key={l.id} value={l.id}>
                    {l.title}
                  </option>
                ))}
              </select>
            </label>
            <label className="cl-field">
              Opens at part
              <select className="select" value={part} onChange={(e) => setPart(Number(e.target.value))}>
                {(lesson?.steps ?? []).map((st, i) => (
                  <option key={st.id} value={i + 1}>
                    Part {i + 1}
                  </option>
                ))}
              </select>
            </label>
          </>
        )}
      </fieldset>
      {link.error ? (
        <p role="alert">{link.error}</p>
      ) : (
        <div className="cl-share__out">
          <label className="cl-field">
            Share link
            <input className="input mono" readOnly value={link.url ?? ''} onFocus={(e) => e.currentTarget.select()} />
          </label>
          <button type="button" className="btn btn-sm" disabled={!link.url} onClick={copy}>
            {copied ? 'Copied' : 'Copy the link'}
          </button>
        </div>
      )}
      <p className="muted">Configuration only: never key material, plaintext or ciphertext.</p>
    </div>
  );
}

