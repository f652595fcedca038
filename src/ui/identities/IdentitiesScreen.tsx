/**
 * Identities: the accounts, IAM users, roles and role sessions of the world, with their identity
 * policies, permissions boundaries, session policies and tags; and the organization tree with its
 * SCP and RCP levels. Policies are edited in the policy lab ("Edit"); everything else here.
 */
import { useMemo, useState, type FormEvent } from 'react';
import { useLab, newPair, type ContextPair } from '../../store';
import { principalName, type IdentityState, type PrincipalRecord, type StoredPolicy } from '@kms-lab/engine';
import { PairsEditor } from '../common/PairsEditor';
import { AccountIcon, PlusIcon, TrashIcon, PolicyIcon } from '../common/icons';
import { PrincipalIcon, PRINCIPAL_WORDS, principalKind } from '../decision/icons';
import '../policy/lab.css';

const ALLOW_KMS = JSON.stringify({ Version: '2012-10-17', Statement: [{ Sid: 'UseKms', Effect: 'Allow', Action: ['kms:Encrypt', 'kms:Decrypt', 'kms:GenerateDataKey*', 'kms:DescribeKey'], Resource: '*' }] }, null, 2);
const FULL_ACCESS = JSON.stringify({ Version: '2012-10-17', Statement: [{ Sid: 'FullAWSAccess', Effect: 'Allow', Action: '*', Resource: '*' }] }, null, 2);
const BOUNDARY = JSON.stringify({ Version: '2012-10-17', Statement: [{ Sid: 'KmsCryptoOnly', Effect: 'Allow', Action: ['kms:Encrypt', 'kms:Decrypt', 'kms:GenerateDataKey*'], Resource: '*' }] }, null, 2);
const RCP_DENY = JSON.stringify(
  { Version: '2012-10-17', Statement: [{ Sid: 'DenyOutsideOrg', Effect: 'Deny', Principal: '*', Action: 'kms:*', Resource: '*', Condition: { StringNotEqualsIfExists: { 'aws:PrincipalOrgID': 'o-exampleorg' }, Bool: { 'aws:PrincipalIsAWSService': 'false' } } }] },
  null,
  2,
);

function useIdentities(): IdentityState | null {
  const world = useLab((s) => s.world);
  const revision = useLab((s) => s.worldRevision);
  return useMemo(() => {
    void revision;
    return world ? world.identities : null;
  }, [world, revision]);
}

function editInLab(policyId: string) {
  useLab.getState().setFocusPolicy(policyId);
  location.hash = '#policy';
}

function AddPrincipal({ ids }: { ids: IdentityState }) {
  const editIdentities = useLab((s) => s.editIdentities);
  const [kind, setKind] = useState<'user' | 'role' | 'session'>('user');
  const [account, setAccount] = useState(Object.keys(ids.accounts)[0] ?? '111122223333');
  const [name, setName] = useState('');
  const [role, setRole] = useState('');
  const [error, setError] = useState('');
  const roles = Object.keys(ids.principals).filter((p) => /:role\//.test(p));
  const roleValue = role || roles[0] || '';
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const n = name.trim();
    if (!n) return setError('Give it a name.');
    let arn: string;
    if (kind === 'session') {
      if (!roleValue) return setError('A session is a session of a role: add a role first.');
      const [, , , , acct, res] = roleValue.split(':');
      arn = `arn:aws:sts::${acct}:assumed-role/${res.split('/').pop()}/${n}`;
    } else arn = `arn:aws:iam::${account}:${kind}/${n}`;
    const err = editIdentities((d) => {
      if (d.principals[arn]) throw new Error(`${arn} already exists.`);
      if (!/^[\w+=,.@-]+$/.test(n)) throw new Error('Names use letters, digits and + = , . @ _ - only.');
      d.principals[arn] = { arn, policies: kind === 'session' ? [] : [{ name: 'AllowKms', document: ALLOW_KMS }], tags: {} };
      const acct = arn.split(':')[4];
      if (!d.accounts[acct]) d.accounts[acct] = { id: acct, inOrganization: Boolean(d.organization) };
    });
    setError(err ? err.message : '');
    if (!err) setName('');
  };
  return (
    <form className="id-add" onSubmit={submit} aria-label="Add a principal">
      <div className="field">
        <label htmlFor="id-kind">Kind</label>
        <select id="id-kind" className="select" value={kind} onChange={(e) => setKind(e.target.value as typeof kind)}>
          <option value="user">IAM user</option>
          <option value="role">IAM role</option>
          <option value="session">Role session</option>
        </select>
      </div>
      {kind === 'session' ? (
        <div className="field">
          <label htmlFor="id-role">Of role</label>
          <select id="id-role" className="select mono" value={roleValue} onChange={(e) => setRole(e.target.value)}>
            {roles.length === 0 && <option value="">(no roles yet)</option>}
            {roles.map((r) => (
              <option key={r} value={r}>
                {r}
              </option>
            ))}
          </select>
        </div>
      ) : (
        <div className="field">
          <label htmlFor="id-account">Account</label>
          <select id="id-account" className="select mono" value={account} onChange={(e) => setAccount(e.target.value)}>
            {Object.keys(ids.accounts).map((a) => (
              <option key={a} value={a}>
                {a}
              </option>
            ))}
          </select>
        </div>
      )}
      <div className="field">
        <label htmlFor="id-name">{kind === 'session' ? 'Session name' : 'Name'}</label>
        <input id="id-name" className="input mono" value={name} onChange={(e) => setName(e.target.value)} spellCheck={false} autoComplete="off" />
      </div>
      <button type="submit" className="btn btn-primary btn-sm">
        <PlusIcon size={16} /> Add
      </button>
      {error && (
        <p className="pw-error" role="alert">
          {error}
        </p>
      )}
    </form>
  );
}

function PrincipalCard({ p }: { p: PrincipalRecord }) {
  const editIdentities = useLab((s) => s.editIdentities);
  const actAs = useLab((s) => s.actAs);
  const acting = useLab((s) => s.principal === p.arn);
  const [tags, setTags] = useState<ContextPair[]>(() => Object.entries(p.tags).map(([k, v]) => newPair(k, v)));
  const kind = principalKind(p.arn);
  const who = principalName(p.arn);
  const change = (f: (r: PrincipalRecord) => void) => editIdentities((d) => f(d.principals[p.arn]));
  return (
    <li className="id-card">
      <header className="id-card__head">
        <PrincipalIcon arn={p.arn} size={22} />
        <div>
          <p className="id-card__kind">{PRINCIPAL_WORDS[kind]}</p>
          <h3 className="id-card__name">{who}</h3>
          <p className="mono id-card__arn">{p.arn}</p>
        </div>
        <div className="id-card__actions">
          <button type="button" className="btn btn-sm" disabled={acting} onClick={() => actAs(p.arn)}>
            {acting ? 'Acting as this' : 'Act as'}
          </button>
          <button type="button" className="btn btn-ghost btn-icon btn-sm" aria-label={`Remove ${who}`} title={`Remove ${who}`} onClick={() => editIdentities((d) => void delete d.principals[p.arn])}>
            <TrashIcon size={16} />
          </button>
        </div>
      </header>
      <ul className="id-policies" aria-label={`Policies of ${who}`}>
        {p.policies.map((pol, i) => (
          <li key={i}>
            <PolicyIcon size={16} /> <span className="sd-kind">IAM</span> {pol.name}{' '}
            <button type="button" className="btn btn-ghost btn-xs" onClick={() => editInLab(`identity:${p.arn}#${i}`)}>
              Edit
            </button>
            <button type="button" className="btn btn-ghost btn-xs" onClick={() => change((r) => void r.policies.splice(i, 1))} aria-label={`Detach ${pol.name} from ${who}`}>
              Detach
            </button>
          </li>
        ))}
        {p.permissionsBoundary && (
          <li>
            <PolicyIcon size={16} /> <span className="sd-kind">boundary</span> {p.permissionsBoundary.name}{' '}
            <button type="button" className="btn btn-ghost btn-xs" onClick={() => editInLab(`boundary:${p.arn}`)}>
              Edit
            </button>
            <button type="button" className="btn btn-ghost btn-xs" onClick={() => change((r) => void delete r.permissionsBoundary)} aria-label={`Remove the permissions boundary of ${who}`}>
              Remove
            </button>
          </li>
        )}
        {p.sessionPolicy && (
          <li>
            <PolicyIcon size={16} /> <span className="sd-kind">session</span> {p.sessionPolicy.name}{' '}
            <button type="button" className="btn btn-ghost btn-xs" onClick={() => editInLab(`session:${p.arn}`)}>
              Edit
            </button>
            <button type="button" className="btn btn-ghost btn-xs" onClick={() => change((r) => void delete r.sessionPolicy)} aria-label={`Remove the session policy of ${who}`}>
              Remove
            </button>
          </li>
        )}
      </ul>
      <div className="id-card__add">
        <button type="button" className="btn btn-ghost btn-xs" onClick={() => change((r) => void r.policies.push({ name: `Policy${r.policies.length + 1}`, document: ALLOW_KMS }))}>
          <PlusIcon size={14} /> Identity policy
        </button>
        {!p.permissionsBoundary && (
          <button type="button" className="btn btn-ghost btn-xs" onClick={() => change((r) => void (r.permissionsBoundary = { name: 'Boundary', document: BOUNDARY }))}>
            <PlusIcon size={14} /> Permissions boundary
          </button>
        )}
        {kind === 'session' && !p.sessionPolicy && (
          <button type="button" className="btn btn-ghost btn-xs" onClick={() => change((r) => void (r.sessionPolicy = { name: 'SessionPolicy', document: BOUNDARY }))}>
            <PlusIcon size={14} /> Session policy
          </button>
        )}
      </div>
      <PairsEditor legend={`Tags of ${who}`} hint="aws:PrincipalTag/<key> in conditions." pairs={tags} onChange={setTags} addLabel="Add tag" tone="tag" idPrefix={`tags-${who.replace(/\W/g, '-')}`} />
      <button
        type="button"
        className="btn btn-ghost btn-xs"
        onClick={() => change((r) => void (r.tags = Object.fromEntries(tags.filter((t) => t.key).map((t) => [t.key, t.value]))))}
      >
        Save tags
      </button>
    </li>
  );
}

function OrgLevels({ which, ids }: { which: 'scps' | 'rcps'; ids: IdentityState }) {
  const editIdentities = useLab((s) => s.editIdentities);
  const levels = ids.organization?.[which];
  const word = which === 'scps' ? 'SCP' : 'RCP';
  const prefix = which === 'scps' ? 'scp' : 'rcp';
  const edit = (f: (levels: StoredPolicy[][]) => void) =>
    editIdentities((d) => {
      const org = d.organization!;
      org[which] = org[which] ?? [];
      f(org[which]!);
    });
  return (
    <div className="id-org__levels">
      <h3 className="lab-h3">
        {word}s by level {!levels && <span className="muted">— none: no {word} gate</span>}
      </h3>
      <ol className="id-levels" aria-label={`${word} levels, root first`}>
        {(levels ?? []).map((level, l) => (
          <li key={l}>
            <p className="id-level__title">{l === 0 ? 'Root' : l === (levels?.length ?? 0) - 1 ? `Level ${l + 1} (the account’s own)` : `OU, level ${l + 1}`}</p>
            <ul>
              {level.map((pol, i) => (
                <li key={i}>
                  <PolicyIcon size={16} /> <span className="sd-kind">{word}</span> {pol.name}{' '}
                  <button type="button" className="btn btn-ghost btn-xs" onClick={() => editInLab(`${prefix}:${l}:${i}`)}>
                    Edit
                  </button>
                  <button type="button" className="btn btn-ghost btn-xs" onClick={() => edit((ls) => void ls[l].splice(i, 1))} aria-label={`Detach ${pol.name} from level ${l + 1}`}>
                    Detach
                  </button>
                </li>
              ))}
            </ul>
            <button type="button" className="btn btn-ghost btn-xs" onClick={() => edit((ls) => void ls[l].push({ name: which === 'scps' ? 'FullAWSAccess' : 'DenyOutsideOrg', document: which === 'scps' ? FULL_ACCESS : RCP_DENY }))}>
              <PlusIcon size={14} /> Attach {word}
            </button>
          </li>
        ))}
      </ol>
      <button type="button" className="btn btn-ghost btn-xs" onClick={() => edit((ls) => void ls.push([{ name: which === 'scps' ? 'FullAWSAccess' : 'DenyOutsideOrg', document: which === 'scps' ? FULL_ACCESS : RCP_DENY }]))}>
        <PlusIcon size={14} /> Add a level
      </button>
    </div>
  );
}

export default function IdentitiesScreen() {
  const ids = useIdentities();
  const editIdentities = useLab((s) => s.editIdentities);
  const [accountId, setAccountId] = useState('');
  const [accountError, setAccountError] = useState('');
  if (!ids) return null;
  const byAccount = Object.keys(ids.accounts).map((a) => ({ account: ids.accounts[a], principals: Object.values(ids.principals).filter((p) => p.arn.split(':')[4] === a) }));
  const addAccount = (e: FormEvent) => {
    e.preventDefault();
    const err = editIdentities((d) => {
      if (!/^\d{12}$/.test(accountId)) throw new Error('An account ID is 12 digits.');
      if (d.accounts[accountId]) throw new Error('That account is already here.');
      d.accounts[accountId] = { id: accountId, inOrganization: Boolean(d.organization) };
    });
    setAccountError(err?.message ?? '');
    if (!err) setAccountId('');
  };
  return (
    <div className="screen ids" id="identities">
      <div className="screen__intro">
        <h1 className="screen__title">Identities</h1>
        <p className="screen__lede">Who can ask KMS for something: accounts, IAM users, roles and their sessions, each with identity policies, an optional permissions boundary and tags — and the organization whose SCPs and RCPs limit them.</p>
      </div>
      <div className="lab-grid">
        <div className="lab-col">
          <section className="lab-card" aria-labelledby="id-principals">
            <h2 id="id-principals" className="lab-h2">
              Accounts and principals
            </h2>
            <AddPrincipal ids={ids} />
            {byAccount.map(({ account, principals }) => (
              <section key={account.id} className="id-account" aria-label={`Account ${account.id}`}>
                <h3 className="id-account__title">
                  <AccountIcon size={20} /> Account <span className="mono">{account.id}</span> {account.name && <span className="muted">({account.name})</span>}
                  <span className="id-account__org">{ids.organization ? (account.inOrganization ? 'in the organization' : 'outside the organization') : ''}</span>
                </h3>
                {principals.length === 0 ? <p className="muted">Only the account root.</p> : (
                  <ul className="id-cards">
                    {principals.map((p) => (
                      <PrincipalCard key={p.arn} p={p} />
                    ))}
                  </ul>
                )}
              </section>
            ))}
            <form className="id-add" onSubmit={addAccount} aria-label="Add an account">
              <div className="field">
                <label htmlFor="id-new-account">New account ID</label>
                <input id="id-new-account" className="input mono" value={accountId} onChange={(e) => setAccountId(e.target.value)} inputMode="numeric" placeholder="444455556666" />
              </div>
              <button type="submit" className="btn btn-sm">
                <PlusIcon size={16} /> Add account
              </button>
              {accountError && (
                <p className="pw-error" role="alert">
                  {accountError}
                </p>
              )}
            </form>
          </section>
        </div>
        <div className="lab-col">
          <section className="lab-card id-org" aria-labelledby="id-org">
            <h2 id="id-org" className="lab-h2">
              Organization
            </h2>
            {!ids.organization ? (
              <>
                <p className="muted">No organization: no SCP or RCP limits anyone.</p>
                <button type="button" className="btn btn-sm" onClick={() => editIdentities((d) => void (d.organization = { id: 'o-exampleorg', scps: [[{ name: 'FullAWSAccess', document: FULL_ACCESS }]] }))}>
                  Create an organization
                </button>
              </>
            ) : (
              <>
                <p>
                  <span className="mono">{ids.organization.id}</span> — member accounts:{' '}
                  {Object.values(ids.accounts)
                    .filter((a) => a.inOrganization)
                    .map((a) => a.id)
                    .join(', ') || 'none'}
                </p>
                {Object.values(ids.accounts).map((a) => (
                  <label key={a.id} className="wi-check">
                    <input type="checkbox" checked={a.inOrganization} onChange={() => editIdentities((d) => void (d.accounts[a.id].inOrganization = !a.inOrganization))} />
                    Account <span className="mono">{a.id}</span> is a member
                  </label>
                ))}
                <OrgLevels which="scps" ids={ids} />
                <OrgLevels which="rcps" ids={ids} />
                <button type="button" className="btn btn-ghost btn-sm" onClick={() => editIdentities((d) => void delete d.organization)}>
                  Remove the organization
                </button>
              </>
            )}
          </section>
        </div>
      </div>
    </div>
  );
}
