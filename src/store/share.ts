/**
 * Share links: a scenario (configuration only — never key material, plaintext or ciphertext) and
 * optionally a position in a lesson, compressed into the URL fragment:
 *
 *   #share=v1.<base64url(deflate(JSON))>
 *
 * The fragment never reaches a server. Every format version has a decoder in `SHARE_DECODERS`;
 * a new version adds an encoder and a decoder and keeps the old decoders, so links made by any
 * earlier release keep opening (the golden links in share.test.ts hold us to it).
 *
 * Pure functions (no store, no DOM) — the classroom slice and the UI call them.
 */
import { deflateSync, inflateSync, strFromU8, strToU8 } from 'fflate';
import { parseScenario } from '@kms-lab/engine/scenario';
import type { Scenario } from '@kms-lab/engine/scenario';

/** What a link carries, in every version's decoded form. */
export interface SharePayload {
  /** A kms-scenario/1 document (exportScenario of a world): configuration, never secrets. */
  scenario?: Scenario;
  /** A position in a lesson: its id and the number of steps already run. */
  lesson?: { id: string; step: number };
  /** The section to show after opening (e.g. "policy"). */
  section?: string;
  /** Where the link opens, beyond a section: a key in Keys & crypto, or the policy lab with a request ready. */
  open?: ShareOpen;
}

export type ShareOpen =
  | { kind: 'key'; keyArn: string }
  | { kind: 'request'; principal: string; operation: string; keyArn: string };

/** What the teacher chose to share from a workspace's scenario. */
export interface ShareSelection {
  /** Key ARNs to include (with their aliases and grants). */
  keys: string[];
  /** Include the key policies; without them the keys arrive with AWS's default key policy. */
  keyPolicies: boolean;
  /** Principal ARNs to include. */
  principals: string[];
  /** Include the principals' IAM policies (identity policies, boundaries, session policies). */
  iamPolicies: boolean;
}

/** The part of a scenario the teacher chose (a copy; the organization and accounts stay, as context). */
export function selectScenario(scenario: Scenario, pick: ShareSelection): Scenario {
  const copy = JSON.parse(JSON.stringify(scenario)) as Scenario;
  const keys = new Set(pick.keys);
  const principals = new Set(pick.principals);
  copy.keys = (copy.keys ?? []).filter((k) => keys.has(k.arn));
  if (!pick.keyPolicies) for (const k of copy.keys) delete k.policy;
  copy.principals = (copy.principals ?? []).filter((p) => principals.has(p.arn));
  if (!pick.iamPolicies)
    for (const p of copy.principals) {
      delete p.policies;
      delete p.permissionsBoundary;
      delete p.sessionPolicy;
    }
  // Expectations name keys and principals that may no longer be there.
  delete copy.requests;
  if (copy.keys.length === 0) delete copy.keys;
  if (copy.principals.length === 0) delete copy.principals;
  return copy;
}

const SHARE_PREFIX = 'share=';
const SHARE_VERSION = 'v1';
/** Links longer than this are refused when made (some chat tools and browsers cut long URLs). */
const MAX_SHARE_CHARS = 60_000;

export class ShareLinkError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ShareLinkError';
  }
}

const toBase64Url = (bytes: Uint8Array): string => {
  let s = '';
  for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(s).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
};

const fromBase64Url = (text: string): Uint8Array => {
  if (!/^[A-Za-z0-9_-]*$/.test(text)) throw new ShareLinkError('This share link is damaged: it contains characters a share link never has.');
  const b64 = text.replace(/-/g, '+').replace(/_/g, '/') + '='.repeat((4 - (text.length % 4)) % 4);
  let bin: string;
  try {
    bin = atob(b64);
  } catch {
    throw new ShareLinkError('This share link is damaged: it is not valid base64url.');
  }
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
};

/** Field names that may hold secrets; a payload containing one is refused (defence in depth). */
const SECRET_FIELDS = /^(plaintext|ciphertextblob|ciphertext|keymaterial|encryptedkeymaterial|privatekey|privatekeyplaintext|datakey|secret|secretaccesskey)$/i;

function findSecretField(value: unknown, path = ''): string | null {
  if (Array.isArray(value)) {
    for (const [i, v] of value.entries()) {
      const hit = findSecretField(v, `${path}[${i}]`);
      if (hit) return hit;
    }
    return null;
  }
  if (value && typeof value === 'object') {
    if (value instanceof Uint8Array) return path || '(bytes)';
    for (const [k, v] of Object.entries(value)) {
      if (SECRET_FIELDS.test(k)) return path ? `${path}.${k}` : k;
      const hit = findSecretField(v, path ? `${path}.${k}` : k);
      if (hit) return hit;
    }
  }
  return null;
}

const ARNISH = /^arn:aws[a-z-]*:[a-z0-9-]+:[a-z0-9-]*:(\d{12})?:[\w+=,.@:/-]+$/;

function checkOpen(raw: unknown): ShareOpen {
  const bad = () => new ShareLinkError('This share link is damaged: where it opens is not readable.');
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) throw bad();
  const o = raw as Record<string, unknown>;
  const arn = (v: unknown) => typeof v === 'string' && v.length <= 2048 && ARNISH.test(v);
  if (o.kind === 'key' && arn(o.keyArn)) return { kind: 'key', keyArn: o.keyArn as string };
  if (o.kind === 'request' && arn(o.keyArn) && arn(o.principal) && typeof o.operation === 'string' && /^[A-Za-z]{1,64}$/.test(o.operation))
    return { kind: 'request', principal: o.principal as string, operation: o.operation, keyArn: o.keyArn as string };
  throw bad();
}

/** Checks a decoded object and returns it as a payload (the same checks for every version). */
function checkPayload(raw: unknown): SharePayload {
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) throw new ShareLinkError('This share link is damaged: it does not hold a KMS Lab scenario.');
  const r = raw as Record<string, unknown>;
  const out: SharePayload = {};
  if (r.scenario !== undefined) {
    const parsed = parseScenario(r.scenario as object);
    if (!parsed.ok) throw new ShareLinkError(`This share link holds a scenario KMS Lab cannot load: ${parsed.problems[0]?.message ?? 'unknown problem'}.`);
    out.scenario = parsed.scenario;
  }
  if (r.lesson !== undefined) {
    const l = r.lesson as Record<string, unknown>;
    if (!l || typeof l.id !== 'string' || typeof l.step !== 'number' || !Number.isInteger(l.step) || l.step < 0)
      throw new ShareLinkError('This share link is damaged: its lesson position is not readable.');
    out.lesson = { id: l.id, step: l.step };
  }
  if (r.section !== undefined) {
    if (typeof r.section !== 'string' || !/^[a-z][a-z0-9/-]*$/.test(r.section)) throw new ShareLinkError('This share link is damaged: its section is not readable.');
    out.section = r.section;
  }
  if (r.open !== undefined) out.open = checkOpen(r.open);
  if (!out.scenario && !out.lesson) throw new ShareLinkError('This share link is empty: it holds neither a scenario nor a lesson position.');
  const secret = findSecretField(out);
  if (secret) throw new ShareLinkError(`This share link was refused: it carries a secret field (${secret}). Share links hold configuration only.`);
  return out;
}

/** v1: JSON `{ scenario?, lesson?, section?, open? }` (`open` came later: older apps ignore it), raw DEFLATE (RFC 1951), base64url without padding. */
function decodeV1(data: string): SharePayload {
  let json: string;
  try {
    json = strFromU8(inflateSync(fromBase64Url(data)));
  } catch (e) {
    if (e instanceof ShareLinkError) throw e;
    throw new ShareLinkError('This share link is damaged: its data does not decompress (was it cut short when copied?).');
  }
  let raw: unknown;
  try {
    raw = JSON.parse(json);
  } catch {
    throw new ShareLinkError('This share link is damaged: its data is not JSON.');
  }
  return checkPayload(raw);
}

/**
 * Decoders by version. Never remove or change one: old links must keep opening. A new version adds
 * its decoder here and becomes SHARE_VERSION.
 */
export const SHARE_DECODERS: Readonly<Record<string, (data: string) => SharePayload>> = {
  v1: decodeV1,
};

/** The fragment (without "#") for a payload. Throws ShareLinkError for a secret field or a link too long. */
export function encodeShare(payload: SharePayload): string {
  const clean = checkPayload(JSON.parse(JSON.stringify(payload)));
  const data = toBase64Url(deflateSync(strToU8(JSON.stringify(clean)), { level: 9 }));
  const fragment = `${SHARE_PREFIX}${SHARE_VERSION}.${data}`;
  if (fragment.length > MAX_SHARE_CHARS) throw new ShareLinkError(`This scenario is too large for a link (${fragment.length} characters). Export it as a file instead.`);
  return fragment;
}

/** Reads a share fragment (with or without "#"). Throws ShareLinkError with a message for people. */
export function decodeShare(fragment: string): SharePayload {
  const body = fragment.replace(/^#/, '');
  if (!body.startsWith(SHARE_PREFIX)) throw new ShareLinkError('This is not a KMS Lab share link.');
  const rest = body.slice(SHARE_PREFIX.length);
  const dot = rest.indexOf('.');
  if (dot < 0) throw new ShareLinkError('This share link is damaged: it has no version.');
  const version = rest.slice(0, dot);
  const decoder = SHARE_DECODERS[version];
  if (!decoder) {
    const n = /^v(\d+)$/.exec(version);
    throw new ShareLinkError(
      n && Number(n[1]) > Number(SHARE_VERSION.slice(1))
        ? `This share link was made by a newer KMS Lab (format ${version}). Reload to update the app, then open the link again.`
        : `This share link has an unknown format (${version}).`,
    );
  }
  return decoder(rest.slice(dot + 1));
}

/**
 * A scenario ready to share: credentials of the KMS endpoint (access key ids and secrets) are
 * dropped; everything else in a kms-scenario/1 document is configuration already.
 */
export function scenarioForShare(scenario: Scenario): Scenario {
  const copy = JSON.parse(JSON.stringify(scenario)) as Scenario;
  for (const p of copy.principals ?? []) {
    const r = p as Record<string, unknown>;
    delete r.accessKeyId;
    delete r.secretAccessKey;
  }
  return copy;
}

/** The full URL of a share link for this page. */
export function shareUrl(payload: SharePayload, base = typeof location === 'undefined' ? 'http://localhost/' : location.href): string {
  const u = new URL(base);
  u.hash = encodeShare(payload);
  return u.toString();
}
