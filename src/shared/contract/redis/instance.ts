import { z } from 'zod';
import { method, stream } from '../define';
import { connectionId } from './common';

/** Server views: INFO by section, keyspace per database, SLOWLOG, CLIENT LIST (bounded). */

export const InfoSection = z.object({
  name: z.string(),
  fields: z.array(z.object({ key: z.string(), value: z.string() })),
});

export const SlowlogEntry = z.object({
  id: z.number().int(),
  /** Epoch seconds when it ran. */
  at: z.number().int(),
  durationUs: z.number().int(),
  /** The command and its arguments as the server kept them (it cuts long ones). */
  args: z.array(z.string()),
  client: z.string(),
});

export const ClientRow = z.record(z.string(), z.string());

export const redisServer = {
  'redis.server.overview': method({
    input: z.object({ connectionId, slowlog: z.number().int().min(1).max(1_000).default(128) }),
    output: z.object({
      sections: z.array(InfoSection),
      keyspace: z.array(
        z.object({ db: z.number().int(), keys: z.number().int(), expires: z.number().int(), avgTtl: z.number() }),
      ),
      slowlog: z.array(SlowlogEntry),
      /** SLOWLOG or CLIENT LIST refused (ACL, managed services): why; the rest still answers. */
      slowlogError: z.string().nullable(),
      clients: z.array(ClientRow),
      clientsError: z.string().nullable(),
      /** CLIENT LIST is cut at 1,000 rows. */
      clientsTotal: z.number().int(),
    }),
    summary: 'INFO (every section), keyspace per database, the newest SLOWLOG entries and CLIENT LIST (first 1,000).',
  }),
  'redis.server.watch': stream({
    input: z.object({ connectionId, intervalMs: z.number().int().min(500).max(60_000).default(2_000) }),
    event: z.object({
      at: z.number(),
      /** instantaneous_ops_per_sec as the server reports it. */
      opsPerSec: z.number(),
      usedMemory: z.number(),
      connectedClients: z.number().int(),
      /** Hits / (hits + misses) over the last interval; null when nothing was read. */
      hitRatio: z.number().nullable(),
    }),
    summary: 'Samples INFO in core every interval: ops/s, memory, connected clients, hit ratio over the interval.',
  }),
} as const;
