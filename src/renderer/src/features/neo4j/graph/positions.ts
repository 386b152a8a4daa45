/**
 * Node positions saved with a query (Neo4j Browser #858): per connection and
 * query text, in localStorage, so running the same query again (typed, or
 * re-run from History or Saved, which run the same text) restores the same
 * picture. Bounded: the 30 most recent queries, 5,000 nodes each, and about
 * 1.5 MB in all (localStorage holds ~5 MB per origin, shared with the rest of
 * the app): the oldest queries are dropped first.
 */

const MAX_QUERIES = 30;
const MAX_NODES = 5_000;
/** Characters of JSON kept in all, for one connection. */
export const MAX_CHARS = 1_500_000;

type Store = Pick<Storage, 'getItem' | 'setItem'>;
type Saved = { q: string; at: number; p: [string, number, number][] };

const key = (connectionId: string) => `stackdeck.neo4j.positions.${connectionId}`;

function storage(): Store | null {
  try {
    return typeof localStorage === 'undefined' ? null : localStorage;
  } catch {
    return null;
  }
}

function read(connectionId: string, s: Store | null): Saved[] {
  try {
    const raw = s?.getItem(key(connectionId));
    const v = raw ? (JSON.parse(raw) as unknown) : [];
    return Array.isArray(v) ? (v as Saved[]).filter((x) => typeof x?.q === 'string' && Array.isArray(x.p)) : [];
  } catch {
    return [];
  }
}

export function loadPositions(
  connectionId: string,
  query: string,
  s: Store | null = storage(),
): Map<string, { x: number; y: number }> | null {
  const hit = read(connectionId, s).find((x) => x.q === query.trim());
  if (!hit) return null;
  const out = new Map<string, { x: number; y: number }>();
  for (const [id, x, y] of hit.p)
    if (typeof id === 'string' && Number.isFinite(x) && Number.isFinite(y)) out.set(id, { x, y });
  return out;
}

/** Saves positions for a query; returns false when storage refused (full or unavailable). */
export function savePositions(
  connectionId: string,
  query: string,
  positions: ReadonlyMap<string, { x: number; y: number }>,
  s: Store | null = storage(),
  now = Date.now(),
): boolean {
  const q = query.trim();
  const p: [string, number, number][] = [];
  for (const [id, pos] of positions) {
    if (p.length >= MAX_NODES) break;
    p.push([id, Math.round(pos.x * 100) / 100, Math.round(pos.y * 100) / 100]);
  }
  const list = [{ q, at: now, p }, ...read(connectionId, s).filter((x) => x.q !== q)].slice(0, MAX_QUERIES);
  let json = JSON.stringify(list);
  while (json.length > MAX_CHARS && list.length > 1) {
    list.pop();
    json = JSON.stringify(list);
  }
  try {
    if (!s || json.length > MAX_CHARS) return false;
    s.setItem(key(connectionId), json);
    return true;
  } catch {
    return false;
  }
}
