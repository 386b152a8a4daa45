/**
 * Node positions saved with a query (Neo4j Browser #858): per connection and
 * query text, in localStorage, bounded (the 30 most recent queries, 5,000
 * nodes each), so running the same query again restores the same picture.
 */

const MAX_QUERIES = 30;
const MAX_NODES = 5_000;

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
  try {
    if (!s) return false;
    s.setItem(key(connectionId), JSON.stringify(list));
    return true;
  } catch {
    return false;
  }
}
