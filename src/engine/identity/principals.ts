// Who is asking: IAM principals as AWS names them, and the identity directory of a world
// (accounts, users, roles, assumed-role sessions, service principals, the organization with its
// SCPs and RCPs per level). Plain data, so the world can be saved and shared.
import type { PrincipalInfo } from '../policy/types';

export const DEFAULT_ACCOUNT_ID = '111122223333';

const ROOT = /^arn:(aws|aws-cn|aws-us-gov):iam::(\d{12}):root$/;
const USER = /^arn:(aws|aws-cn|aws-us-gov):iam::(\d{12}):user\/(?:[\w+=,.@-]+\/)*([\w+=,.@-]+)$/;
const ROLE = /^arn:(aws|aws-cn|aws-us-gov):iam::(\d{12}):role\/(?:[\w+=,.@-]+\/)*([\w+=,.@-]+)$/;
const SESSION = /^arn:(aws|aws-cn|aws-us-gov):sts::(\d{12}):assumed-role\/([\w+=,.@-]+)\/([\w+=,.@-]+)$/;
const FEDERATED = /^arn:(aws|aws-cn|aws-us-gov):sts::(\d{12}):federated-user\/([\w+=,.@-]+)$/;
const SERVICE = /^[a-z0-9][a-z0-9.-]*\.amazonaws\.com(\.cn)?$/;

/** Describes a principal from its ARN (or service principal name). Throws on anything else. */
export function principalInfo(arn: string): PrincipalInfo {
  let m: RegExpMatchArray | null;
  if ((m = arn.match(ROOT))) return { arn, type: 'Account', accountId: m[2] };
  if ((m = arn.match(USER))) return { arn, type: 'User', accountId: m[2] };
  if ((m = arn.match(ROLE))) return { arn, type: 'Role', accountId: m[2] };
  if ((m = arn.match(SESSION))) {
    // A session of a role: policies that name the role ARN apply to its sessions. The role path
    // is not part of the session ARN; the directory resolves the full role ARN when it knows it.
    return { arn, type: 'AssumedRole', accountId: m[2], roleArn: `arn:${m[1]}:iam::${m[2]}:role/${m[3]}` };
  }
  if ((m = arn.match(FEDERATED))) return { arn, type: 'FederatedUser', accountId: m[2] };
  if (SERVICE.test(arn)) return { arn, type: 'Service', accountId: '' };
  throw new Error(`Not a principal ARN: ${arn}`);
}

/** The friendly name of a user, role or session, for aws:username and the UI. */
export function principalName(arn: string): string {
  const m = arn.match(USER) ?? arn.match(ROLE);
  if (m) return m[3];
  const s = arn.match(SESSION);
  if (s) return `${s[3]}/${s[4]}`;
  const r = arn.match(ROOT);
  if (r) return `account ${r[2]} (root)`;
  return arn;
}

/** A policy as the directory stores it: the JSON text (positions matter to the editor) and a name. */
export interface StoredPolicy {
  name: string;
  document: string;
}

export interface PrincipalRecord {
  arn: string;
  /** Identity-based policies (inline and managed alike). For sessions, the role's apply too. */
  policies: StoredPolicy[];
  permissionsBoundary?: StoredPolicy;
  /** Session policies: for assumed-role sessions only. */
  sessionPolicy?: StoredPolicy;
  tags: Record<string, string>;
  accessKeyId?: string;
  secretAccessKey?: string;
}

export interface AccountRecord {
  id: string;
  name?: string;
  inOrganization: boolean;
}

export interface OrganizationRecord {
  id: string;
  /** SCP levels, root first, the account's own last; every level must allow. Undefined = no SCP gate. */
  scps?: StoredPolicy[][];
  /** RCP levels, same shape. Each level is also allowed by RCPFullAWSAccess. */
  rcps?: StoredPolicy[][];
}

export interface IdentityState {
  accounts: Record<string, AccountRecord>;
  principals: Record<string, PrincipalRecord>;
  organization?: OrganizationRecord;
  /** Resource-based policies of non-KMS resources (S3 buckets…), by ARN. */
  resourcePolicies: Record<string, StoredPolicy>;
}

export function emptyIdentityState(): IdentityState {
  return { accounts: { [DEFAULT_ACCOUNT_ID]: { id: DEFAULT_ACCOUNT_ID, name: 'lab', inOrganization: false } }, principals: {}, resourcePolicies: {} };
}

/** The record of a principal, or for a session the record of its role merged with the session's own. */
export interface ResolvedPrincipal {
  info: PrincipalInfo;
  /** The principal exists in the directory (account roots and service principals always do). */
  known: boolean;
  identityPolicies: StoredPolicy[];
  permissionsBoundary?: StoredPolicy;
  sessionPolicy?: StoredPolicy;
  tags: Record<string, string>;
}

export function resolvePrincipal(identities: IdentityState, arn: string): ResolvedPrincipal {
  const info = principalInfo(arn);
  const own = identities.principals[arn];
  if (info.type === 'AssumedRole') {
    // The role may be registered with a path; find it by name within the account.
    const roleName = info.roleArn!.split('/').pop();
    const role =
      identities.principals[info.roleArn!] ??
      Object.values(identities.principals).find((p) => {
        const r = p.arn.match(ROLE);
        return r && r[2] === info.accountId && r[3] === roleName;
      });
    if (role) info.roleArn = role.arn;
    return {
      info,
      known: Boolean(role),
      identityPolicies: [...(role?.policies ?? []), ...(own?.policies ?? [])],
      permissionsBoundary: own?.permissionsBoundary ?? role?.permissionsBoundary,
      sessionPolicy: own?.sessionPolicy,
      tags: { ...(role?.tags ?? {}), ...(own?.tags ?? {}) },
    };
  }
  return {
    info,
    known: Boolean(own) || info.type === 'Account' || info.type === 'Service',
    identityPolicies: own?.policies ?? [],
    permissionsBoundary: own?.permissionsBoundary,
    sessionPolicy: undefined,
    tags: own?.tags ?? {},
  };
}

/** Is the account a member of the world's organization? */
export function inOrganization(identities: IdentityState, accountId: string): boolean {
  if (!identities.organization || !accountId) return false;
  return identities.accounts[accountId]?.inOrganization ?? true;
}
