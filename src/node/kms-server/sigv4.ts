// AWS Signature Version 4 on the server side: who is calling (the access key id), from which
// Region (the credential scope), and — when the caller's secret is known — whether the signature
// is right. Implements the canonical request as AWS specifies it for every service but S3 (the
// AWS CLI and the SDKs sign KMS requests this way): each path segment URI-encoded again, the query
// sorted, header values trimmed with inner runs of spaces collapsed, the payload's SHA-256.
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { WireError } from './model';

export interface ParsedAuthorization {
  accessKeyId: string;
  /** YYYYMMDD from the credential scope. */
  date: string;
  region: string;
  service: string;
  signedHeaders: string[];
  signature: string;
}

const MISSING_TOKEN = () => new WireError('MissingAuthenticationTokenException', 'Missing Authentication Token');

/** Parses `AWS4-HMAC-SHA256 Credential=AKID/20260101/us-east-1/kms/aws4_request, SignedHeaders=…, Signature=…`. */
export function parseAuthorization(header: string | undefined): ParsedAuthorization {
  if (header === undefined || header.trim() === '') throw MISSING_TOKEN();
  const h = header.trim();
  const space = h.indexOf(' ');
  const algorithm = space < 0 ? h : h.slice(0, space);
  if (algorithm !== 'AWS4-HMAC-SHA256')
    throw new WireError('IncompleteSignatureException', `Unsupported AWS 'algorithm': '${algorithm}'`);
  const params = new Map<string, string>();
  for (const part of h.slice(space + 1).split(',')) {
    const eq = part.indexOf('=');
    if (eq > 0) params.set(part.slice(0, eq).trim(), part.slice(eq + 1).trim());
  }
  const missing = ['Credential', 'Signature', 'SignedHeaders'].filter((p) => !params.get(p));
  if (missing.length)
    throw new WireError(
      'IncompleteSignatureException',
      `${missing.map((p) => `Authorization header requires '${p}' parameter.`).join(' ')} Authorization=${h}`,
    );
  const credential = params.get('Credential')!;
  const scope = credential.split('/');
  if (scope.length !== 5 || !scope[0] || scope[4] !== 'aws4_request')
    throw new WireError(
      'IncompleteSignatureException',
      `Authorization header requires the Credential parameter to be of the form <access key>/<date>/<region>/<service>/aws4_request. Authorization=${h}`,
    );
  const [accessKeyId, date, region, service] = scope;
  return {
    accessKeyId,
    date,
    region,
    service,
    signedHeaders: params.get('SignedHeaders')!.split(';').map((s) => s.trim().toLowerCase()).filter(Boolean),
    signature: params.get('Signature')!.toLowerCase(),
  };
}

/** RFC 3986 encoding as SigV4 wants it (unreserved characters kept, everything else %XX upper-case). */
function uriEncode(s: string): string {
  return encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

function canonicalUri(rawPath: string): string {
  if (rawPath === '' || rawPath === '/') return '/';
  // Normalise `.`/`..` and empty segments, then encode each (already encoded) segment again.
  const out: string[] = [];
  for (const seg of rawPath.split('/')) {
    if (seg === '' || seg === '.') continue;
    if (seg === '..') out.pop();
    else out.push(uriEncode(seg));
  }
  return `/${out.join('/')}${rawPath.endsWith('/') && out.length ? '/' : ''}`;
}

function canonicalQuery(rawQuery: string): string {
  if (!rawQuery) return '';
  const decode = (s: string) => {
    try {
      return decodeURIComponent(s.replace(/\+/g, ' '));
    } catch {
      return s;
    }
  };
  const pairs = rawQuery
    .split('&')
    .filter(Boolean)
    .map((p) => {
      const eq = p.indexOf('=');
      return eq < 0 ? [uriEncode(decode(p)), ''] : [uriEncode(decode(p.slice(0, eq))), uriEncode(decode(p.slice(eq + 1)))];
    })
    .filter(([k]) => k !== 'X-Amz-Signature');
  pairs.sort(([ak, av], [bk, bv]) => (ak < bk ? -1 : ak > bk ? 1 : av < bv ? -1 : av > bv ? 1 : 0));
  return pairs.map(([k, v]) => `${k}=${v}`).join('&');
}

export interface SignedRequest {
  method: string;
  /** The request target as received (`/`, `/path?query`). */
  url: string;
  /** Node's `rawHeaders`: name, value, name, value… (repeated headers kept apart). */
  rawHeaders: string[];
  body: Buffer;
}

const hex256 = (data: Buffer | string) => createHash('sha256').update(data).digest('hex');

function headerMap(rawHeaders: string[]): Map<string, string[]> {
  const headers = new Map<string, string[]>();
  for (let i = 0; i + 1 < rawHeaders.length; i += 2) {
    const name = rawHeaders[i].toLowerCase();
    const list = headers.get(name) ?? [];
    list.push(rawHeaders[i + 1].trim().replace(/\s+/g, ' '));
    headers.set(name, list);
  }
  return headers;
}

/**
 * The canonical request and the string to sign, as the client must have built them. The payload
 * hash is always the SHA-256 of the body as received — never what a header claims — so a signature
 * covers exactly the bytes the server acts on.
 */
export function stringToSign(req: SignedRequest, auth: ParsedAuthorization): { canonicalRequest: string; stringToSign: string; amzDate: string } {
  const headers = headerMap(req.rawHeaders);
  const q = req.url.indexOf('?');
  const path = q < 0 ? req.url : req.url.slice(0, q);
  const query = q < 0 ? '' : req.url.slice(q + 1);
  const canonicalHeaders = auth.signedHeaders.map((h) => `${h}:${(headers.get(h) ?? []).join(',')}\n`).join('');
  const canonicalRequest = [req.method.toUpperCase(), canonicalUri(path), canonicalQuery(query), canonicalHeaders, auth.signedHeaders.join(';'), hex256(req.body)].join('\n');
  const amzDate = headers.get('x-amz-date')?.[0] ?? '';
  const scope = `${auth.date}/${auth.region}/${auth.service}/aws4_request`;
  const sts = ['AWS4-HMAC-SHA256', amzDate, scope, hex256(canonicalRequest)].join('\n');
  return { canonicalRequest, stringToSign: sts, amzDate };
}

export function signature(secretAccessKey: string, auth: Pick<ParsedAuthorization, 'date' | 'region' | 'service'>, toSign: string): string {
  const hmac = (key: Buffer | string, data: string) => createHmac('sha256', key).update(data, 'utf8').digest();
  const kDate = hmac(`AWS4${secretAccessKey}`, auth.date);
  const kRegion = hmac(kDate, auth.region);
  const kService = hmac(kRegion, auth.service);
  const kSigning = hmac(kService, 'aws4_request');
  return createHmac('sha256', kSigning).update(toSign, 'utf8').digest('hex');
}

const SIGNATURE_MISMATCH =
  'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.';

/** AWS accepts a signature made up to 15 minutes before or after its own clock — the real one: the simulated clock is the lab's. */
const SKEW_MS = 15 * 60_000;

function parseAmzDate(s: string): number | undefined {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(s);
  if (!m) return undefined;
  const ms = Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5], +m[6]);
  // 20260231T000000Z is no date (Date.UTC would roll it over to March).
  return new Date(ms).toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '') === s ? ms : undefined;
}

/**
 * Throws InvalidSignatureException (IncompleteSignatureException for a request that lacks a part
 * of a signature) unless `req` was signed with `secretAccessKey` for the service `kms`, within 15
 * minutes of `realNowMs`, with `Host` among the signed headers and over the body received.
 *
 * `x-amz-content-sha256`, which the AWS SDKs send for S3, is optional for KMS; when a client sends
 * it, it must be signed and must be the body's SHA-256 (KMS does not take `UNSIGNED-PAYLOAD` or
 * streaming payloads: the SDKs and the CLI always sign the payload). AWS's wording for these
 * three refusals is not documented; the messages below are KMS Lab's.
 */
export function verifySignature(req: SignedRequest, auth: ParsedAuthorization, secretAccessKey: string, realNowMs = Date.now(), service = 'kms'): void {
  if (auth.service !== service) throw new WireError('InvalidSignatureException', `Credential should be scoped to correct service: '${service}'. `);
  if (!auth.signedHeaders.includes('host'))
    throw new WireError('InvalidSignatureException', `'Host' must be a 'SignedHeader' in the AWS Authorization.`);
  const headers = headerMap(req.rawHeaders);
  const claimed = headers.get('x-amz-content-sha256');
  if (claimed !== undefined) {
    if (!auth.signedHeaders.includes('x-amz-content-sha256'))
      throw new WireError('InvalidSignatureException', `'x-amz-content-sha256' must be a 'SignedHeader' in the AWS Authorization when it is sent.`);
    if (claimed.length !== 1 || !/^[0-9a-f]{64}$/.test(claimed[0]))
      throw new WireError('InvalidSignatureException', `x-amz-content-sha256 must be the hex SHA-256 of the request body: KMS does not accept '${claimed.join(',')}' (UNSIGNED-PAYLOAD and streaming payloads are for S3).`);
    if (claimed[0] !== hex256(req.body))
      throw new WireError('InvalidSignatureException', `The provided 'x-amz-content-sha256' header does not match what was computed from the request body.`);
  }
  const { stringToSign: sts, amzDate } = stringToSign(req, auth);
  const when = parseAmzDate(amzDate);
  if (when === undefined)
    throw new WireError('IncompleteSignatureException', `Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header.`);
  if (!amzDate.startsWith(auth.date))
    throw new WireError('InvalidSignatureException', `Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '${auth.date}' != '${amzDate.slice(0, 8)}', from '${amzDate}'.`);
  const compact = (ms: number) => new Date(ms).toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
  if (when < realNowMs - SKEW_MS)
    throw new WireError('InvalidSignatureException', `Signature expired: ${amzDate} is now earlier than ${compact(realNowMs - SKEW_MS)} (${compact(realNowMs)} - 15 min.)`);
  if (when > realNowMs + SKEW_MS)
    throw new WireError('InvalidSignatureException', `Signature not yet current: ${amzDate} is still later than ${compact(realNowMs + SKEW_MS)} (${compact(realNowMs)} + 15 min.)`);
  const expected = Buffer.from(signature(secretAccessKey, auth, sts), 'hex');
  const given = Buffer.from(/^[0-9a-f]{64}$/.test(auth.signature) ? auth.signature : '', 'hex');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) throw new WireError('InvalidSignatureException', SIGNATURE_MISMATCH);
}
