/**
 * What a policy change did, statement by statement: the statements removed, the ones added, and how
 * many stayed as they were — for the classroom's "what changed" card (a key policy before and after
 * PutKeyPolicy). Statements are compared by their canonical JSON (keys sorted), so reformatting a
 * policy changes nothing; a statement edited in place shows as one removed and one added.
 * Pure; unreadable text is reported, never guessed at.
 */

export interface PolicyStatementText {
  sid?: string;
  /** The statement, pretty-printed (2 spaces). */
  text: string;
}

export interface PolicyDiff {
  removed: PolicyStatementText[];
  added: PolicyStatementText[];
  unchanged: number;
}

function canonical(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(canonical);
  if (v && typeof v === 'object') {
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(v as object).sort()) Object.defineProperty(out, k, { value: canonical((v as Record<string, unknown>)[k]), enumerable: true, writable: true, configurable: true });
    return out;
  }
  return v;
}

function statements(text: string): unknown[] | null {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    return null;
  }
  if (!doc || typeof doc !== 'object' || Array.isArray(doc)) return null;
  const st = (doc as Record<string, unknown>).Statement;
  if (st === undefined) return [];
  return Array.isArray(st) ? st : [st];
}

const sidOf = (s: unknown): string | undefined => (s && typeof s === 'object' && typeof (s as Record<string, unknown>).Sid === 'string' ? ((s as Record<string, unknown>).Sid as string) : undefined);

/** The change from `before` to `after` (policy documents as text), or null when either is not a readable policy. */
export function policyDiff(before: string, after: string): PolicyDiff | null {
  const a = statements(before);
  const b = statements(after);
  if (!a || !b) return null;
  const keyOf = (s: unknown) => JSON.stringify(canonical(s));
  const left = a.map(keyOf);
  const right = b.map(keyOf);
  // A multiset difference: two identical statements count twice.
  const pool = new Map<string, number>();
  for (const k of right) pool.set(k, (pool.get(k) ?? 0) + 1);
  const removed: PolicyStatementText[] = [];
  let unchanged = 0;
  a.forEach((s, i) => {
    const n = pool.get(left[i]) ?? 0;
    if (n > 0) {
      pool.set(left[i], n - 1);
      unchanged++;
    } else removed.push({ sid: sidOf(s), text: JSON.stringify(s, null, 2) });
  });
  const rest = new Map<string, number>();
  for (const k of left) rest.set(k, (rest.get(k) ?? 0) + 1);
  const added: PolicyStatementText[] = [];
  b.forEach((s, i) => {
    const n = rest.get(right[i]) ?? 0;
    if (n > 0) rest.set(right[i], n - 1);
    else added.push({ sid: sidOf(s), text: JSON.stringify(s, null, 2) });
  });
  return { removed, added, unchanged };
}
