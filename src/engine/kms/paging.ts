// Limit/Marker pagination as the List* operations do it. Markers are opaque to callers; here they
// encode the position after the last item returned, so a page stays correct when items are added
// or removed between calls. A marker this engine did not issue is InvalidMarkerException.
import { KmsError } from '../errors';

export interface Page<T> {
  items: T[];
  NextMarker?: string;
  Truncated: boolean;
}

const invalidMarker = () =>
  new KmsError('InvalidMarkerException', 'The request was rejected because the marker that specifies where pagination should next begin is not valid.');

type Position = number | string;

// base64 of UTF-8 JSON (tag keys may be any Unicode; btoa alone takes Latin-1 only).
const toBase64 = (text: string) => btoa(Array.from(new TextEncoder().encode(text), (b) => String.fromCharCode(b)).join(''));
const fromBase64 = (b64: string) => new TextDecoder('utf-8', { fatal: true }).decode(Uint8Array.from(atob(b64), (c) => c.charCodeAt(0)));

function encode(scope: string, position: Position): string {
  return toBase64(JSON.stringify({ s: scope, p: position }));
}

function decode(scope: string, marker: string): Position {
  try {
    const parsed = JSON.parse(fromBase64(marker)) as { s?: unknown; p?: unknown };
    if (parsed.s === scope && (typeof parsed.p === 'string' || (typeof parsed.p === 'number' && Number.isInteger(parsed.p)))) return parsed.p;
  } catch {
    /* falls through */
  }
  throw invalidMarker();
}

/**
 * One page of `items`, which must be sorted by `position` ascending. `scope` ties a marker to the
 * list it came from (ListKeys markers are not ListAliases markers). Positions are numbers or
 * strings, compared with `<`, so string positions must be sorted by code unit order. The page is
 * found by binary search: its cost is O(log n + page), not a walk over every item.
 */
export function paginate<T>(scope: string, items: T[], position: (item: T, index: number) => Position, limit: number, marker?: string): Page<T> {
  const after = marker === undefined ? undefined : decode(scope, marker);
  let from = 0;
  if (after !== undefined) {
    if (items.length && typeof position(items[0], 0) !== typeof after) from = items.length;
    else {
      // The first item after the marker's position.
      let lo = 0;
      let hi = items.length;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (position(items[mid], mid) > after) hi = mid;
        else lo = mid + 1;
      }
      from = lo;
    }
  }
  const page = items.slice(from, from + limit);
  const truncated = items.length - from > limit;
  return {
    items: page,
    Truncated: truncated,
    ...(truncated ? { NextMarker: encode(scope, position(page[page.length - 1], from + page.length - 1)) } : {}),
  };
}
