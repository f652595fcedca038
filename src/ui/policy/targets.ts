/**
 * Every policy the lab can edit, listed from the world: key policies, identity policies,
 * permissions boundaries, session policies, SCPs and RCPs by level. Ids follow the evaluator's
 * policy ids, so a deciding statement finds its editor (`targetIdFor`).
 */
import type { World } from '@kms-lab/engine';
import type { PolicyKind } from '@kms-lab/engine/policy';
import { principalName, resolvePrincipal, type IdentityState, type StoredPolicy } from '@kms-lab/engine';

export type SaveSpec =
  | { type: 'key'; keyArn: string }
  | { type: 'identity'; principal: string; index: number }
  | { type: 'boundary'; principal: string }
  | { type: 'session'; principal: string }
  | { type: 'scp' | 'rcp'; level: number; index: number };

export interface PolicyTarget {
  id: string;
  kind: PolicyKind;
  /** What the picker shows. */
  label: string;
  /** The document in words, for the editor's heading: "key policy of alias/app (key/1234abcd…)". */
  title: string;
  /** The AWS call that saves it ("PutKeyPolicy", "PutUserPolicy"…). */
  saveWith: string;
  /** Option group in the picker. */
  group: string;
  text: string;
  save: SaveSpec;
}

const shortKey = (arn: string) => arn.replace(/^arn:aws:kms:([^:]+):(\d{12}):key\//, '$2 · $1 · key/');

export function listTargets(world: World): PolicyTarget[] {
  const out: PolicyTarget[] = [];
  const aliases = Object.values(world.state.aliases);
  for (const k of Object.values(world.state.keys).sort((a, b) => a.seq - b.seq)) {
    const alias = aliases.find((a) => a.targetKeyArn === k.arn)?.aliasName;
    const keyId = `key/${k.keyId.slice(0, 8)}…`;
    out.push({
      id: `key-policy:${k.arn}`,
      kind: 'key',
      label: `${alias ? `${alias} — ` : ''}${shortKey(k.arn)}`,
      title: `key policy of ${alias ?? keyId} (${alias ? `${keyId}, ` : ''}${k.accountId}, ${k.region})`,
      saveWith: 'PutKeyPolicy',
      group: 'Key policies',
      text: k.policy,
      save: { type: 'key', keyArn: k.arn },
    });
  }
  const ids = world.identities;
  for (const p of Object.values(ids.principals)) {
    const who = principalName(p.arn);
    /** "user/alice", "role/Admin", "assumed-role/Admin/s1": the principal as its ARN names it. */
    const whoFull = p.arn.split(':').slice(5).join(':') || who;
    // The lab keeps identity policies inline on the user or role (PutUserPolicy / PutRolePolicy); a
    // boundary is a managed policy (a new default version); a session policy is fixed when the
    // session starts (AssumeRole's Policy parameter), so saving it stands for a new session.
    const inline = /:user\//.test(p.arn) ? 'PutUserPolicy' : 'PutRolePolicy';
    p.policies.forEach((pol, i) =>
      out.push({
        id: `identity:${p.arn}#${i}`,
        kind: 'identity',
        label: `${pol.name} (identity policy of ${who})`,
        title: `identity policy ${pol.name} of ${whoFull}`,
        saveWith: inline,
        group: `IAM: ${who}`,
        text: pol.document,
        save: { type: 'identity', principal: p.arn, index: i },
      }),
    );
    if (p.permissionsBoundary)
      out.push({
        id: `boundary:${p.arn}`,
        kind: 'boundary',
        label: `${p.permissionsBoundary.name} (permissions boundary of ${who})`,
        title: `permissions boundary ${p.permissionsBoundary.name} of ${whoFull}`,
        saveWith: 'CreatePolicyVersion',
        group: `IAM: ${who}`,
        text: p.permissionsBoundary.document,
        save: { type: 'boundary', principal: p.arn },
      });
    if (p.sessionPolicy)
      out.push({
        id: `session:${p.arn}`,
        kind: 'session',
        label: `${p.sessionPolicy.name} (session policy of ${who})`,
        title: `session policy ${p.sessionPolicy.name} of ${whoFull}`,
        saveWith: 'AssumeRole Policy',
        group: `IAM: ${who}`,
        text: p.sessionPolicy.document,
        save: { type: 'session', principal: p.arn },
      });
  }
  ids.organization?.scps?.forEach((level, l) =>
    level.forEach((pol, i) =>
      out.push({ id: `scp:${l}:${i}`, kind: 'scp', label: `${pol.name} (SCP, level ${l + 1})`, title: `SCP ${pol.name} at organization level ${l + 1}`, saveWith: 'UpdatePolicy', group: 'Organization', text: pol.document, save: { type: 'scp', level: l, index: i } }),
    ),
  );
  ids.organization?.rcps?.forEach((level, l) =>
    level.forEach((pol, i) =>
      out.push({ id: `rcp:${l}:${i}`, kind: 'rcp', label: `${pol.name} (RCP, level ${l + 1})`, title: `RCP ${pol.name} at organization level ${l + 1}`, saveWith: 'UpdatePolicy', group: 'Organization', text: pol.document, save: { type: 'rcp', level: l, index: i } }),
    ),
  );
  return out;
}

function ownerOf(ids: IdentityState, doc: StoredPolicy | undefined, field: 'policies' | 'permissionsBoundary' | 'sessionPolicy'): { arn: string; index: number } | null {
  if (!doc) return null;
  for (const p of Object.values(ids.principals)) {
    if (field === 'policies') {
      const i = p.policies.indexOf(doc);
      if (i >= 0) return { arn: p.arn, index: i };
    } else if (p[field] === doc) return { arn: p.arn, index: 0 };
  }
  return null;
}

/** The editor target of an evaluator policy id (a session's policies live on its role). */
export function targetIdFor(world: World, policyId: string): string {
  const m = /^(identity|boundary|session):(.+?)(?:#(\d+))?$/.exec(policyId);
  if (!m) return policyId;
  let resolved;
  try {
    resolved = resolvePrincipal(world.identities, m[2]);
  } catch {
    return policyId;
  }
  if (m[1] === 'identity') {
    const o = ownerOf(world.identities, resolved.identityPolicies[Number(m[3] ?? 0)], 'policies');
    return o ? `identity:${o.arn}#${o.index}` : policyId;
  }
  const o = ownerOf(world.identities, m[1] === 'boundary' ? resolved.permissionsBoundary : resolved.sessionPolicy, m[1] === 'boundary' ? 'permissionsBoundary' : 'sessionPolicy');
  return o ? `${m[1]}:${o.arn}` : policyId;
}

/** Writes a target's new text into an identity directory (not for key policies: those go through PutKeyPolicy). */
export function writeTarget(ids: IdentityState, save: SaveSpec, text: string): void {
  const at = (arn: string) => {
    const p = ids.principals[arn];
    if (!p) throw new Error(`${arn} is not in the directory any more.`);
    return p;
  };
  switch (save.type) {
    case 'identity':
      at(save.principal).policies[save.index].document = text;
      break;
    case 'boundary':
      at(save.principal).permissionsBoundary!.document = text;
      break;
    case 'session':
      at(save.principal).sessionPolicy!.document = text;
      break;
    case 'scp':
    case 'rcp': {
      const levels = save.type === 'scp' ? ids.organization?.scps : ids.organization?.rcps;
      if (!levels?.[save.level]?.[save.index]) throw new Error('That organization policy is not there any more.');
      levels[save.level][save.index].document = text;
      break;
    }
    case 'key':
      throw new Error('Key policies are saved with PutKeyPolicy.');
  }
}
