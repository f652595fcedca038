// The world: one simulated AWS (accounts × Regions of KMS keys and aliases), its clock and its audit
// log. Callers talk to it through clients bound to a principal and a Region:
//
//   const world = await createWorld({ now: new Date('2026-01-01T00:00:00Z') });
//   const kms = world.client({ region: 'us-east-1' });
//   await kms.createKey({ Description: 'demo' });
//   await world.advanceClock({ days: 31 });   // deletions and automatic rotations fall due
//
// Calls and clock moves run one at a time, in the order they were made (a queue), so traces and
// audit events are deterministic and a call never sees a half-applied change.
import type { Authorizer, WorldContext } from './world/context';
import { policyAuthorizer } from './kms/policy-authorizer';
import { KmsClient } from './kms/client';
import { durationToMs, randomIds, webCryptoPort, type CryptoPort, type Duration, type IdSource } from './ports';
import type { CallTrace } from './trace';
import { callerIdentity, REGION_PATTERN, accountRootArn } from './world/arn';
import type { AuditEvent } from './world/audit';
import { emptyWorldState, WORLD_STATE_VERSION, type AliasRecord, type GrantRecord, type KeyRecord, type WorldState } from './world/state';
import { ensureAwsManagedKey } from './kms/aws-managed';
import { processDueEffects } from './kms/scheduled';
import { DEFAULT_ACCOUNT_ID, principalInfo, type IdentityState, type PrincipalRecord } from './identity/principals';

export { DEFAULT_ACCOUNT_ID };
export const DEFAULT_PRINCIPAL = accountRootArn(DEFAULT_ACCOUNT_ID);
export const DEFAULT_REGION = 'us-east-1';

export interface CreateWorldOptions {
  /** Where the simulated clock starts (default: the real current time). Ignored with `state`. */
  now?: Date;
  /** Identifier and random-byte source; `seededIds(seed)` for reproducible runs. */
  ids?: IdSource;
  /** The cryptography (default: WebCrypto's `crypto.subtle`). */
  crypto?: CryptoPort;
  /** A state from `world.exportState()` to continue from. */
  state?: WorldState;
  authorizer?: Authorizer;
}

export interface ClientOptions {
  /** The caller (default: the root user of account 111122223333). */
  principal?: string;
  /** The Region the calls go to (default us-east-1). Keys and aliases are per account and Region. */
  region?: string;
  /** Condition keys the caller brings (kms:ViaService, aws:SourceIp…), passed to the authorizer. */
  context?: Record<string, string | string[]>;
}

export class World implements WorldContext {
  readonly ids: IdSource;
  readonly crypto: CryptoPort;
  private currentState: WorldState;
  private currentAuthorizer: Authorizer;
  private queue: Promise<unknown> = Promise.resolve();
  private readonly listeners = new Set<(trace: CallTrace) => void>();

  constructor(options: CreateWorldOptions = {}) {
    this.ids = options.ids ?? randomIds();
    this.crypto = options.crypto ?? webCryptoPort();
    // Every call is decided by the key policy, IAM, grants, SCPs/RCPs, boundaries and session policies.
    this.currentAuthorizer = options.authorizer ?? policyAuthorizer;
    if (options.state) {
      if (options.state.version !== WORLD_STATE_VERSION) throw new Error(`Unsupported world state version ${String(options.state.version)}`);
      this.currentState = structuredClone(options.state);
    } else {
      this.currentState = emptyWorldState((options.now ?? new Date()).getTime());
    }
  }

  /** The live state. Read it; change it only through KMS calls and the clock. */
  get state(): WorldState {
    return this.currentState;
  }

  /** A KMS client bound to a caller and a Region. */
  client(options: ClientOptions = {}): KmsClient {
    const principal = options.principal ?? DEFAULT_PRINCIPAL;
    const region = options.region ?? DEFAULT_REGION;
    if (!REGION_PATTERN.test(region)) throw new TypeError(`Not a Region name: ${region}`);
    return new KmsClient(this, callerIdentity(principal), region, { ...(options.context ?? {}) });
  }

  /** The simulated time. */
  now(): Date {
    return new Date(this.currentState.clockMs);
  }

  nowMs(): number {
    return this.currentState.clockMs;
  }

  /**
   * Moves the simulated clock forward (`world.now()` shows the new time at once). Deletions and
   * automatic rotations that fall due on the way happen at their own due times, in order, before
   * any later call runs; await the promise before reading `auditLog()` or `exportState()`.
   */
  advanceClock(duration: Duration): Promise<void> {
    return this.moveClockTo(this.currentState.clockMs + durationToMs(duration));
  }

  /** Sets the simulated clock to a later time (never back). */
  setClock(to: Date): Promise<void> {
    return this.moveClockTo(to.getTime());
  }

  private moveClockTo(target: number): Promise<void> {
    if (!(target >= this.currentState.clockMs)) throw new RangeError('The simulated clock cannot go back in time.');
    this.currentState.clockMs = target;
    return this.exclusive(async () => {
      await processDueEffects(this, target);
    });
  }

  /** Every audit event so far, oldest first (CloudTrail-shaped). */
  auditLog(): readonly AuditEvent[] {
    return this.currentState.auditLog;
  }

  /** A snapshot of the whole world as plain, structured-cloneable data (CryptoKeys included). */
  exportState(): WorldState {
    return structuredClone(this.currentState);
  }

  get authorizer(): Authorizer {
    return this.currentAuthorizer;
  }

  /** Replaces the authorize stage (the policy evaluator plugs in here). */
  setAuthorizer(authorizer: Authorizer): void {
    this.currentAuthorizer = authorizer;
  }

  /** Called with every call's trace as it completes. Returns the unsubscribe function. */
  subscribe(listener: (trace: CallTrace) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Resolves when every queued call and clock move has finished. */
  idle(): Promise<void> {
    return this.exclusive(async () => undefined);
  }

  // ---- identities: accounts, IAM principals with their policies, the organization ----

  /** The identity directory (read it; change it with the methods below). */
  get identities(): IdentityState {
    return this.currentState.identities;
  }

  /** Replaces the whole identity directory (loading a scenario, the identities panel). */
  setIdentities(identities: IdentityState): void {
    this.currentState.identities = structuredClone(identities);
  }

  /** Adds or replaces an IAM principal (user, role, session) with its policies and tags. */
  putPrincipal(principal: { arn: string } & Partial<Omit<PrincipalRecord, 'arn'>>): void {
    const info = principalInfo(principal.arn);
    const ids = this.currentState.identities;
    if (info.accountId && !ids.accounts[info.accountId]) ids.accounts[info.accountId] = { id: info.accountId, inOrganization: Boolean(ids.organization) };
    ids.principals[principal.arn] = { policies: [], tags: {}, ...principal };
  }

  /**
   * The AWS managed key `alias/aws/<service>` of an account in a Region (ebs, s3, rds, lambda,
   * secretsmanager, ssm, sns, sqs, dynamodb, elasticfilesystem), created — as AWS does on a
   * service's first use — if it does not exist yet. Returns the key record.
   */
  awsManagedKey(accountId: string, region: string, service: string): Promise<KeyRecord> {
    if (!REGION_PATTERN.test(region)) throw new TypeError(`Not a Region name: ${region}`);
    return this.exclusive(() => ensureAwsManagedKey(this, accountId, region, service));
  }

  /** Grants on a key (kms-behaviour.md §9), oldest first. */
  grantsOf(keyArn: string): GrantRecord[] {
    return Object.values(this.currentState.grants)
      .filter((g) => g.keyArn === keyArn)
      .sort((a, b) => a.creationDate - b.creationDate);
  }

  // ---- lookups for the UI and the authorizer ----

  getKey(arn: string): KeyRecord | undefined {
    return this.currentState.keys[arn];
  }

  /** Keys of one account in one Region, in creation order. */
  keysIn(accountId: string, region: string): KeyRecord[] {
    return Object.values(this.currentState.keys)
      .filter((k) => k.accountId === accountId && k.region === region)
      .sort((a, b) => a.seq - b.seq);
  }

  getAlias(aliasArn: string): AliasRecord | undefined {
    return this.currentState.aliases[aliasArn];
  }

  /** The aliases that point at a key (kms:ResourceAliases). */
  aliasesOf(keyArn: string): AliasRecord[] {
    return Object.values(this.currentState.aliases)
      .filter((a) => a.targetKeyArn === keyArn)
      .sort((a, b) => (a.aliasName < b.aliasName ? -1 : a.aliasName > b.aliasName ? 1 : 0));
  }

  // ---- internal ----

  /** Runs `task` after everything queued before it. */
  exclusive<T>(task: () => Promise<T>): Promise<T> {
    const run = this.queue.then(task, task);
    this.queue = run.catch(() => undefined);
    return run;
  }

  /** @internal */
  publish(trace: CallTrace): void {
    for (const l of this.listeners) {
      try {
        l(trace);
      } catch {
        /* a listener's failure is not the call's */
      }
    }
  }
}

export async function createWorld(options: CreateWorldOptions = {}): Promise<World> {
  return new World(options);
}
