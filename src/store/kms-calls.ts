/**
 * KMS calls as the store makes them (store/kms-calls.ts, not the engine itself): the types the UI uses from the engine's public entry, and one
 * helper that runs a KMS call and keeps what the UI shows about it (result or AWS error, plus the
 * call's trace).
 */
import { createWorld, KmsError, DEFAULT_PRINCIPAL } from '@kms-lab/engine';
import type { World, KmsClient, KeyMetadata, AliasListEntry, CallTrace, KmsEvent, Tag } from '@kms-lab/engine';

export type { World, KmsClient, KeyMetadata, Tag };
export type AliasEntry = AliasListEntry;
export type Trace = CallTrace;
export type TraceEvent = KmsEvent;

export { DEFAULT_PRINCIPAL, createWorld };

/** An AWS error as the SDK shows it: the exception name and AWS's message, verbatim. */
export interface AwsError {
  name: string;
  message: string;
  /**
   * Not an AWS error at all, never KMS's answer: `browser` — thrown by the browser's own APIs
   * (WebCrypto, files, storage: a DOMException); `app` — the app stopped before calling KMS (its
   * message says why). The screen says so instead of presenting it as something KMS did.
   */
  origin?: 'browser' | 'app';
}

/** One KMS call the user made, and what came of it. */
export type CallRecord<T> = {
  /** The AWS operation name, e.g. `Encrypt`. */
  operation: string;
  /** Simulated time of the call. */
  at: Date;
  region: string;
  trace?: Trace;
} & ({ ok: true; value: T } | { ok: false; error: AwsError });

/** Turns anything thrown by the engine into the name/message pair AWS would return (anything else is marked as the browser's). */
export function toAwsError(e: unknown): AwsError {
  if (e instanceof KmsError) return { name: e.name, message: e.message };
  if (typeof DOMException !== 'undefined' && e instanceof DOMException) return { name: e.name, message: e.message, origin: 'browser' };
  if (e instanceof Error) return { name: e.name || 'Error', message: e.message, origin: 'app' };
  return { name: 'Error', message: String(e), origin: 'app' };
}

function traceOf(e: unknown): Trace | undefined {
  return e instanceof KmsError ? e.trace : undefined;
}

let actingPrincipal: string | undefined;

/** The caller every store call is made as (the header's "Acting as"); set by the policy lab's act-as switcher. */
export function setActingPrincipal(principal: string | undefined): void {
  actingPrincipal = principal;
}

/**
 * Runs one call on a fresh client bound to (region, caller) and records the outcome with its trace.
 * A fresh client per call keeps `lastTrace` unambiguous. The caller is the acting principal unless
 * `principal` says otherwise.
 */
export async function call<T>(
  world: World,
  region: string,
  operation: string,
  perform: (kms: KmsClient) => Promise<T>,
  principal: string | undefined = actingPrincipal,
): Promise<CallRecord<T>> {
  const kms = world.client({ region, principal });
  const at = world.now();
  try {
    const value = await perform(kms);
    return { operation, at, region, ok: true, value, trace: kms.lastTrace ?? undefined };
  } catch (e) {
    return { operation, at, region, ok: false, error: toAwsError(e), trace: traceOf(e) ?? kms.lastTrace ?? undefined };
  }
}
