// The policy benchmark's generated world (world.ts) as a kms-scenario/1 file, for measuring
// `npm run simulate` as users run it, and the same requests in the shape the peer simulator
// (@cloud-copilot/iam-simulate, measured side by side when installed outside the repo) takes.
// Requests carry only what a scenario author writes (caller context such as aws:SourceIp); the
// engine derives the rest. The peer derives nothing, so it is handed the full request context.
import type { Scenario, ScenarioPolicy } from '@kms-lab/engine/scenario';
import type { NamedPolicy } from '@kms-lab/engine/policy';
import { ORG_ACCOUNTS, ORG_ID, OUTSIDE_ACCOUNT, buildRequests, buildWorld } from './world';

export interface Workload {
  scenario: Scenario;
  /** Policies by id, and per request the ids that apply, with the full request context. */
  peer: {
    policies: Record<string, unknown>;
    requests: {
      principal: string;
      action: string;
      resource: string;
      accountId: string;
      context: Record<string, string | string[]>;
      identity: string[];
      boundary?: string;
      session?: string;
      keyPolicy: string;
      scps: string[][];
      rcps: string[][];
    }[];
  };
}

const doc = (p: NamedPolicy): ScenarioPolicy => JSON.parse(p.policy.text) as Record<string, unknown>;

/** Keys set by the scenario author (the engine derives every other key the bench's context holds). */
const CALLER_KEYS = ['aws:SecureTransport', 'aws:SourceIp', 'kms:ViaService', 'kms:GrantIsForAWSResource'];

export function buildWorkload(opts: { keys: number; principals: number; requests: number; seed: number }): Workload {
  const world = buildWorld(opts.keys, opts.principals, opts.seed);
  const requests = buildRequests(world, opts.requests, opts.seed + 1);
  const scps = world.scpsByAccount.get(ORG_ACCOUNTS[0])!;
  const rcps = world.rcpsByAccount.get(ORG_ACCOUNTS[0])!;
  const scenario: Scenario = {
    format: 'kms-scenario/1',
    title: `Generated workload: ${opts.keys} keys, ${opts.principals} principals, ${opts.requests} requests (seed ${opts.seed})`,
    clock: '2026-01-01T00:00:00Z',
    defaultRegion: 'us-west-2',
    organization: { id: ORG_ID, scps: scps.map((l) => l.map(doc)), rcps: rcps.map((l) => l.map(doc)) },
    accounts: [...ORG_ACCOUNTS.map((id) => ({ id })), { id: OUTSIDE_ACCOUNT, inOrganization: false }],
    principals: world.principals.map((p) => ({
      arn: p.info.arn,
      policies: p.identityPolicies.map(doc),
      ...(p.boundary ? { permissionsBoundary: doc(p.boundary) } : {}),
      ...(p.sessionPolicy ? { sessionPolicy: doc(p.sessionPolicy) } : {}),
      tags: { team: p.team },
    })),
    keys: world.keys.map((k) => ({
      arn: k.arn,
      keyManager: k.keyManager,
      policy: doc(k.policy),
      ...(k.aliases.length ? { aliases: k.aliases } : {}),
      ...(Object.keys(k.tags).length ? { tags: k.tags } : {}),
      ...(k.grants.length
        ? {
            grants: k.grants.map((g) => ({
              grantId: g.grantId.replace(/[^a-zA-Z0-9]/g, ''),
              granteePrincipal: g.granteePrincipal,
              operations: g.operations as ('Decrypt' | 'Encrypt')[],
              ...(g.constraints ? { constraints: g.constraints } : {}),
            })),
          }
        : {}),
    })),
    requests: requests.map((r, i) => {
      const context: Record<string, string | string[]> = {};
      for (const k of CALLER_KEYS) {
        const v = r.request.context[k];
        if (v !== undefined) context[k] = v as string;
      }
      const alias = r.request.context['kms:RequestAlias'];
      return {
        id: `r${i + 1}`,
        principal: r.principalArn,
        action: r.request.action,
        resource: r.keyArn,
        ...(typeof alias === 'string' ? { keyIdAsSent: alias } : {}),
        ...(r.encryptionContext ? { encryptionContext: r.encryptionContext } : {}),
        context,
      };
    }),
  };
  const policies: Record<string, unknown> = {};
  const id = (p: NamedPolicy) => {
    policies[p.id] ??= doc(p);
    return p.id;
  };
  const principals = new Map(world.principals.map((p) => [p.info.arn, p]));
  const keys = new Map(world.keys.map((k) => [k.arn, k]));
  const peerRequests = requests.map((r) => {
    const p = principals.get(r.principalArn)!;
    const k = keys.get(r.keyArn)!;
    return {
      principal: p.info.arn,
      action: r.request.action,
      resource: k.arn,
      accountId: k.accountId,
      context: r.request.context as Record<string, string | string[]>,
      identity: p.identityPolicies.map(id),
      ...(p.boundary ? { boundary: id(p.boundary) } : {}),
      ...(p.sessionPolicy ? { session: id(p.sessionPolicy) } : {}),
      keyPolicy: id(k.policy),
      scps: (world.scpsByAccount.get(p.info.accountId) ?? []).map((l) => l.map(id)),
      // The peer applies RCPFullAWSAccess itself (and refuses it written out, as AWS refuses an Allow RCP).
      rcps: (world.rcpsByAccount.get(k.accountId) ?? []).map((l) => l.filter((p) => p.label !== 'RCPFullAWSAccess').map(id)).filter((l) => l.length),
    };
  });
  return { scenario, peer: { policies, requests: peerRequests } };
}
