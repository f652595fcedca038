// Builds a world's identity directory from a kms-scenario/1 document.
import { isNamedPolicy, type Scenario, type ScenarioPolicy, type ScenarioPolicyEntry } from '../scenario/schema';
import { DEFAULT_ACCOUNT_ID, principalInfo, type IdentityState, type StoredPolicy } from './principals';

/** Policies are kept as JSON text: a string stays as written; an object is pretty-printed. */
export const policyText = (p: ScenarioPolicy): string => (typeof p === 'string' ? p : JSON.stringify(p, null, 2));

/** A stored policy: a named entry keeps its name; a bare document is called by its Id or `fallback`. */
const stored = (p: ScenarioPolicyEntry, i: number, fallback?: string): StoredPolicy =>
  isNamedPolicy(p) ? { name: p.name, document: policyText(p.document) } : { name: policyName(p, i, fallback), document: policyText(p) };

/** What a permissions boundary without a name is called. */
export const BOUNDARY_NAME = 'PermissionsBoundary';
const boundary = (p: ScenarioPolicyEntry): StoredPolicy =>
  isNamedPolicy(p) ? { name: p.name, document: policyText(p.document) } : { name: BOUNDARY_NAME, document: policyText(p) };

export function identitiesFromScenario(s: Scenario): IdentityState {
  const ids: IdentityState = { accounts: {}, principals: {}, resourcePolicies: {} };
  const addAccount = (id: string) => {
    if (id && !ids.accounts[id]) ids.accounts[id] = { id, inOrganization: true };
  };
  for (const a of s.accounts ?? []) ids.accounts[a.id] = { id: a.id, name: a.name, inOrganization: a.inOrganization ?? true };
  for (const p of s.principals ?? []) {
    const info = principalInfo(p.arn);
    addAccount(info.accountId);
    ids.principals[p.arn] = {
      arn: p.arn,
      policies: (p.policies ?? []).map((doc, i) => stored(doc, i)),
      permissionsBoundary: p.permissionsBoundary ? boundary(p.permissionsBoundary) : undefined,
      sessionPolicy: p.sessionPolicy ? { name: 'SessionPolicy', document: policyText(p.sessionPolicy) } : undefined,
      tags: { ...(p.tags ?? {}) },
      accessKeyId: p.accessKeyId,
      secretAccessKey: p.secretAccessKey,
    };
  }
  for (const k of s.keys ?? []) addAccount(k.arn.split(':')[4]);
  for (const r of s.requests ?? []) {
    try {
      addAccount(principalInfo(r.principal).accountId);
    } catch {
      /* validated elsewhere */
    }
  }
  if (Object.keys(ids.accounts).length === 0) addAccount(DEFAULT_ACCOUNT_ID);
  if (s.organization) {
    ids.organization = {
      id: s.organization.id,
      scps: s.organization.scps?.map((level, l) => level.map((p, i) => stored(p, i, `SCP level ${l + 1} #${i + 1}`))),
      rcps: s.organization.rcps?.map((level, l) => level.map((p, i) => stored(p, i, `RCP level ${l + 1} #${i + 1}`))),
    };
  } else {
    for (const a of Object.values(ids.accounts)) a.inOrganization = false;
  }
  for (const [arn, p] of Object.entries(s.resourcePolicies ?? {})) ids.resourcePolicies[arn] = { name: `resource policy of ${arn}`, document: policyText(p) };
  return ids;
}

/** A policy's name: its Id when it has one, else a numbered default. */
export function policyName(p: ScenarioPolicy, i: number, fallback = `Policy${i + 1}`): string {
  let obj: unknown = p;
  if (typeof p === 'string') {
    try {
      obj = JSON.parse(p);
    } catch {
      return fallback;
    }
  }
  const id = (obj as { Id?: unknown })?.Id;
  return typeof id === 'string' && id ? id : fallback;
}
