/**
 * The text kept in a History entry for its node positions (positions.ts
 * saves and loads it). Node positions saved with a query (Neo4j Browser #858), kept in the run's
 * History entry as its attachment (`history.entries.attach`): running the
 * same text again (typed, or from History or Saved) finds the newest entry
 * with that text that has positions and puts the nodes back. Bounded: 5,000
 * nodes per entry (about 200,000 characters; the contract allows 512,000),
 * and core keeps attachments on the 50 most recently saved entries per
 * connection.
 */
const MAX_NODES = 5_000;
const KIND = 'neo4j.positions';

export type Positions = Map<string, { x: number; y: number }>;

export function encodePositions(positions: ReadonlyMap<string, { x: number; y: number }>): string {
  const p: [string, number, number][] = [];
  for (const [id, pos] of positions) {
    if (p.length >= MAX_NODES) break;
    p.push([id, Math.round(pos.x * 100) / 100, Math.round(pos.y * 100) / 100]);
  }
  return JSON.stringify({ kind: KIND, v: 1, p });
}

/** null when the text is not positions (damaged, or another kind of attachment). */
export function decodePositions(text: string | null): Positions | null {
  if (text === null) return null;
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch {
    return null;
  }
  if (typeof v !== 'object' || v === null) return null;
  const o = v as { kind?: unknown; p?: unknown };
  if (o.kind !== KIND || !Array.isArray(o.p)) return null;
  const out: Positions = new Map();
  for (const row of o.p as unknown[]) {
    if (!Array.isArray(row)) continue;
    const [id, x, y] = row as unknown[];
    if (typeof id === 'string' && typeof x === 'number' && typeof y === 'number' && Number.isFinite(x + y))
      out.set(id, { x, y });
  }
  return out;
}
