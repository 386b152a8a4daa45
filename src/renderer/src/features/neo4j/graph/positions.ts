/** Loading and saving node positions in History entries (the format: positionsCodec.ts). */
import { client } from '../../../api/client';
import { encodePositions, decodePositions, type Positions } from './positionsCodec';

export type { Positions } from './positionsCodec';

/** Positions saved with the newest History entry of this text (null when none, or History is unavailable). */
export async function loadPositions(connectionId: string, query: string): Promise<Positions | null> {
  try {
    const r = await client.invoke('history.entries.attachment', { connectionId, language: 'cypher', text: query });
    return decodePositions(r.attachment);
  } catch {
    return null;
  }
}

/** Saves positions in a History entry; false when the entry is gone or History refused. */
export async function savePositions(
  entryId: number,
  positions: ReadonlyMap<string, { x: number; y: number }>,
): Promise<boolean> {
  try {
    return (await client.invoke('history.entries.attach', { id: entryId, attachment: encodePositions(positions) }))
      .attached;
  } catch {
    return false;
  }
}
