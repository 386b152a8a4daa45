import { z } from 'zod';
import { method } from '../define';

/**
 * `kafka.quotas.*`: client quotas (DescribeClientQuotas / AlterClientQuotas,
 * KIP-546) for users, client ids and user+client-id pairs, and connection
 * quotas for client IP addresses (KIP-612: connection_creation_rate, the only
 * IP quota key). An entity name of `null` is Kafka's own `<default>` entity
 * (the quota every user, client id or IP gets unless a more specific one is set).
 */

const connectionId = z.string().min(1);

/** The quota keys Kafka knows for user and client-id entities (QuotaConfigs). */
export const CLIENT_QUOTA_KEYS = [
  'producer_byte_rate',
  'consumer_byte_rate',
  'request_percentage',
  'controller_mutation_rate',
] as const;
/** The quota keys of an IP entity (QuotaConfigs.ipConfigs): just one. */
export const IP_QUOTA_KEYS = ['connection_creation_rate'] as const;
export const QUOTA_KEYS = [...CLIENT_QUOTA_KEYS, ...IP_QUOTA_KEYS] as const;
export const QuotaKey = z.enum(QUOTA_KEYS);
export type QuotaKey = z.infer<typeof QuotaKey>;
/** Keys Kafka stores as a LONG or INT: it refuses a fraction (INVALID_REQUEST), so we do first. */
export const WHOLE_NUMBER_KEYS: readonly QuotaKey[] = [
  'producer_byte_rate',
  'consumer_byte_rate',
  'connection_creation_rate',
];
/** connection_creation_rate is an INT in Kafka's config definition. */
const INT_MAX = 2_147_483_647;

export const QUOTA_KEY_HELP: Readonly<Record<QuotaKey, string>> = {
  producer_byte_rate: 'bytes/s a producer may send, per broker',
  consumer_byte_rate: 'bytes/s a consumer may fetch, per broker',
  request_percentage: '% of one request-handler and network thread, per broker',
  controller_mutation_rate: 'partitions created or deleted per second (topic and partition mutations)',
  connection_creation_rate: 'new connections per second from this IP address, per broker',
};

const entityName = z
  .string()
  .min(1, 'A name cannot be empty (use the default entity instead).')
  .max(255)
  // eslint-disable-next-line no-control-regex -- refusing control characters is the point
  .refine((s) => !/[\u0000-\u001f\u007f]/.test(s), 'A name cannot contain control characters.');

/**
 * An IP entity is a literal IPv4 or IPv6 address: Kafka would also take a host
 * name and resolve it once, on the broker, which quotas an address nobody sees here.
 */
const ipName = z.union([z.ipv4(), z.ipv6()], {
  error: 'An IP entity is an IPv4 or IPv6 address, such as 192.0.2.10 or 2001:db8::1.',
});

/**
 * One entity: a user, a client id, or both (the pair); or an IP address, which
 * Kafka never combines with the others. `null` = the `<default>` entity of that type.
 */
export const QuotaEntity = z
  .strictObject({
    user: entityName.nullable().optional(),
    clientId: entityName.nullable().optional(),
    ip: ipName.nullable().optional(),
  })
  .refine(
    (e) => e.user !== undefined || e.clientId !== undefined || e.ip !== undefined,
    'An entity names a user, a client id, both, or an IP address.',
  )
  .refine(
    (e) => e.ip === undefined || (e.user === undefined && e.clientId === undefined),
    'An IP entity stands alone: Kafka does not combine an IP address with a user or client id.',
  );
export type QuotaEntity = z.infer<typeof QuotaEntity>;

/** The quota keys that apply to an entity: connection_creation_rate for an IP, the client keys otherwise. */
export function quotaKeysOf(e: QuotaEntity): readonly QuotaKey[] {
  return e.ip !== undefined ? IP_QUOTA_KEYS : CLIENT_QUOTA_KEYS;
}

/**
 * Kafka refuses 0 and below ("Quota ... must be greater than 0"): an unlimited
 * entity has no quota, so lifting one is a remove. Byte rates are a LONG there.
 */
const rate = z
  .number({ error: 'A quota is a number.' })
  .positive('A quota must be greater than 0 (to lift a quota, remove it).')
  .max(Number.MAX_SAFE_INTEGER, 'A quota must be at most 9007199254740991.');
export const QuotaValues = z.strictObject({
  producer_byte_rate: rate.optional(),
  consumer_byte_rate: rate.optional(),
  request_percentage: rate.optional(),
  controller_mutation_rate: rate.optional(),
  connection_creation_rate: rate.optional(),
});
export type QuotaValues = z.infer<typeof QuotaValues>;

export const QuotaEntry = z.object({ entity: QuotaEntity, values: QuotaValues });
export type QuotaEntry = z.infer<typeof QuotaEntry>;

/** How one entity type is matched: one exact name, the default entity, or any entity of that type. */
export const QuotaMatch = z.discriminatedUnion('match', [
  z.object({ match: z.literal('exact'), name: entityName }),
  z.object({ match: z.literal('default') }),
  z.object({ match: z.literal('any') }),
]);
export type QuotaMatch = z.infer<typeof QuotaMatch>;

/**
 * No component: every entity (users, client ids, pairs and IPs). `strict`:
 * only entities with exactly the components given (a user filter then leaves
 * out the user+client-id pairs).
 */
export const QuotaFilter = z
  .object({
    user: QuotaMatch.optional(),
    clientId: QuotaMatch.optional(),
    ip: QuotaMatch.optional(),
    strict: z.boolean().default(false),
  })
  .refine(
    (f) => f.ip === undefined || (f.user === undefined && f.clientId === undefined),
    'Filter by IP on its own: no entity has both an IP address and a user or client id.',
  );
export type QuotaFilter = z.infer<typeof QuotaFilter>;

/** One entity's change: keys to set (with their values) and keys to remove. */
export const QuotaAlteration = z
  .object({ entity: QuotaEntity, set: QuotaValues.default({}), remove: z.array(QuotaKey).max(5).default([]) })
  .superRefine((a, ctx) => {
    const set = Object.keys(a.set) as QuotaKey[];
    if (set.length === 0 && a.remove.length === 0)
      ctx.addIssue({ code: 'custom', path: ['set'], message: 'Nothing to change: set or remove at least one quota.' });
    for (const k of a.remove)
      if (set.includes(k))
        ctx.addIssue({ code: 'custom', path: ['remove'], message: `${k} is both set and removed; pick one.` });
    for (const k of WHOLE_NUMBER_KEYS) {
      const v = a.set[k];
      const unit = k === 'connection_creation_rate' ? 'connections' : 'bytes';
      if (v !== undefined && !Number.isInteger(v))
        ctx.addIssue({ code: 'custom', path: ['set', k], message: `${k} is a whole number of ${unit} per second.` });
    }
    const rate = a.set.connection_creation_rate;
    if (rate !== undefined && rate > INT_MAX)
      ctx.addIssue({
        code: 'custom',
        path: ['set', 'connection_creation_rate'],
        message: `connection_creation_rate must be at most ${INT_MAX}.`,
      });
    const allowed = quotaKeysOf(a.entity);
    for (const k of [...set, ...a.remove])
      if (!allowed.includes(k))
        ctx.addIssue({
          code: 'custom',
          path: ['entity'],
          message:
            a.entity.ip !== undefined
              ? `${k} is not an IP quota: an IP address has only connection_creation_rate.`
              : `${k} is an IP quota: set it on an IP address, not a user or client id.`,
        });
  });
export type QuotaAlteration = z.infer<typeof QuotaAlteration>;

export const kafkaQuotas = {
  'kafka.quotas.list': method({
    summary:
      'Client quotas of users, client ids, user+client-id pairs and IP addresses matching a filter (DescribeClientQuotas)',
    input: z.object({ connectionId, filter: QuotaFilter.default({ strict: false }) }),
    output: z.object({ entries: z.array(QuotaEntry) }),
  }),
  'kafka.quotas.alter': method({
    summary:
      'Sets and removes client quotas (AlterClientQuotas); every entry is validated by the broker before any is applied; validateOnly previews',
    input: z.object({
      connectionId,
      entries: z.array(QuotaAlteration).min(1).max(50),
      validateOnly: z.boolean().default(false),
    }),
    output: z.object({ entries: z.array(QuotaAlteration), validateOnly: z.boolean() }),
    writes: true,
  }),
} as const;

/** `user "alice"`, `user <default>`, `user "alice" + client-id "app"`, `ip "192.0.2.10"`: how an entity is named in messages and the UI. */
export function quotaEntityText(e: QuotaEntity): string {
  const part = (type: string, name: string | null | undefined): string[] =>
    name === undefined ? [] : [`${type} ${name === null ? '<default>' : JSON.stringify(name)}`];
  return [...part('user', e.user), ...part('client-id', e.clientId), ...part('ip', e.ip)].join(' + ');
}
