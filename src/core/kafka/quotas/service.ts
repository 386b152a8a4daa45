/**
 * Client quotas over our protocol layer (quotas/wire.ts). Names cross the
 * boundary as the contract's entities ({ user, clientId }, null = default);
 * Kafka's component lists are built and read only here.
 *
 * An alteration is sent twice: first with validate_only, so the broker checks
 * every entry before any is applied (AlterClientQuotas applies the entries
 * that pass and skips the others, so a bad entry would otherwise leave a
 * half-applied change), then for real unless the caller asked for a preview.
 */
import {
  QUOTA_KEYS,
  quotaEntityText,
  type QuotaAlteration,
  type QuotaEntity,
  type QuotaEntry,
  type QuotaFilter,
  type QuotaKey,
  type QuotaMatch,
  type QuotaValues,
} from '../../../shared/contract/kafka/quotas';
import { StackdeckError } from '../../../shared/errors';
import type { CallOptions } from '../protocol/call';
import { kafkaErrorInfo, stackdeckCodeOf } from '../protocol/errors';
import { wireError, type KafkaWire } from '../protocol/wire';
import {
  AlterClientQuotasApi,
  DescribeClientQuotasApi,
  ENTITY_CLIENT_ID,
  ENTITY_IP,
  ENTITY_USER,
  MATCH_ANY,
  MATCH_DEFAULT,
  MATCH_EXACT,
  type RawComponent,
  type RawFilterComponent,
  type RawQuotaEntry,
  type RawQuotaOp,
} from './wire';

function failure(code: number, message: string | null, what: string): StackdeckError {
  const info = kafkaErrorInfo(code, message);
  const hint = info.name.endsWith('_AUTHORIZATION_FAILED')
    ? ` It needs ${what.startsWith('Listing') ? 'DESCRIBE_CONFIGS' : 'ALTER_CONFIGS'} on the cluster resource, or a super user.`
    : '';
  return new StackdeckError(stackdeckCodeOf(info), `${what} failed: ${info.name}: ${info.message}.${hint}`, {
    kafkaError: info.name,
  });
}

function filterComponent(entityType: string, m: QuotaMatch): RawFilterComponent {
  switch (m.match) {
    case 'exact':
      return { entityType, matchType: MATCH_EXACT, match: m.name };
    case 'default':
      return { entityType, matchType: MATCH_DEFAULT, match: null };
    case 'any':
      return { entityType, matchType: MATCH_ANY, match: null };
  }
}

export function toComponents(e: QuotaEntity): RawComponent[] {
  const out: RawComponent[] = [];
  if (e.user !== undefined) out.push({ entityType: ENTITY_USER, entityName: e.user });
  if (e.clientId !== undefined) out.push({ entityType: ENTITY_CLIENT_ID, entityName: e.clientId });
  if (e.ip !== undefined) out.push({ entityType: ENTITY_IP, entityName: e.ip });
  return out;
}

const isQuotaKey = (k: string): k is QuotaKey => (QUOTA_KEYS as readonly string[]).includes(k);

/** A user / client-id / IP entry as the contract's entry; null for entity types this version does not know. */
function fromRaw(raw: RawQuotaEntry): QuotaEntry | null {
  const entity: { user?: string | null; clientId?: string | null; ip?: string | null } = {};
  for (const c of raw.entity) {
    if (c.entityType === ENTITY_USER) entity.user = c.entityName;
    else if (c.entityType === ENTITY_CLIENT_ID) entity.clientId = c.entityName;
    else if (c.entityType === ENTITY_IP) entity.ip = c.entityName;
    else return null;
  }
  if (entity.user === undefined && entity.clientId === undefined && entity.ip === undefined) return null;
  const values: QuotaValues = {};
  for (const { key, value } of raw.values) if (isQuotaKey(key)) values[key] = value;
  return { entity, values };
}

/** Users before pairs before client ids before IPs; the default entity first within each; then by name. */
const sortKey = (e: QuotaEntity): string => {
  const rank =
    e.ip !== undefined ? 3 : e.user !== undefined && e.clientId === undefined ? 0 : e.user !== undefined ? 1 : 2;
  const name = (n: string | null | undefined): string => (n === undefined ? '' : n === null ? '\u0000' : `\u0001${n}`);
  return `${rank}\u0000${name(e.user)}\u0000${name(e.clientId)}\u0000${name(e.ip)}`;
};

export async function listQuotas(wire: KafkaWire, filter: QuotaFilter, opts: CallOptions): Promise<QuotaEntry[]> {
  const components: RawFilterComponent[] = [];
  if (filter.user) components.push(filterComponent(ENTITY_USER, filter.user));
  if (filter.clientId) components.push(filterComponent(ENTITY_CLIENT_ID, filter.clientId));
  if (filter.ip) components.push(filterComponent(ENTITY_IP, filter.ip));
  let raw;
  try {
    raw = (await wire.call('any', DescribeClientQuotasApi, { components, strict: filter.strict }, opts)).value;
  } catch (e) {
    throw wireError(e, 'Listing client quotas');
  }
  if (raw.code !== 0) throw failure(raw.code, raw.message, 'Listing client quotas');
  return raw.entries
    .map(fromRaw)
    .filter((e): e is QuotaEntry => e !== null && Object.keys(e.values).length > 0)
    .sort((a, b) => (sortKey(a.entity) < sortKey(b.entity) ? -1 : sortKey(a.entity) > sortKey(b.entity) ? 1 : 0));
}

function opsOf(a: QuotaAlteration): RawQuotaOp[] {
  const ops: RawQuotaOp[] = [];
  for (const key of QUOTA_KEYS) {
    const value = a.set[key];
    if (value !== undefined) ops.push({ key, value, remove: false });
  }
  for (const key of a.remove) ops.push({ key, value: 0, remove: true });
  return ops;
}

const componentsKey = (components: readonly RawComponent[]): string =>
  components
    .map((c) => `${c.entityType}\u0000${c.entityName === null ? '\u0000' : `\u0001${c.entityName}`}`)
    .sort()
    .join('\u0000\u0000');

async function send(
  wire: KafkaWire,
  entries: readonly QuotaAlteration[],
  validateOnly: boolean,
  opts: CallOptions,
): Promise<void> {
  const what = validateOnly ? 'Validating client quotas' : 'Altering client quotas';
  const input = { entries: entries.map((a) => ({ entity: toComponents(a.entity), ops: opsOf(a) })), validateOnly };
  let results;
  try {
    results = (await wire.call('any', AlterClientQuotasApi, input, opts)).value;
  } catch (e) {
    throw wireError(e, what);
  }
  if (results.length !== entries.length)
    throw new StackdeckError(
      'SERVER_ERROR',
      `${what}: the broker answered ${results.length} results for ${entries.length} entities.`,
    );
  // Results are matched by the entity they carry: the controller answers in its own (map) order, so
  // pairing them by index blamed the wrong entity. Every refused entity is named, not only the first:
  // one refusal can hide the one the user must fix.
  const byKey = new Map(entries.map((a) => [componentsKey(toComponents(a.entity)), a.entity]));
  const refused = results.flatMap((r) => {
    if (r.code === 0) return [];
    const entity = byKey.get(componentsKey(r.entity));
    const who = entity === undefined ? 'an entity the request did not name' : quotaEntityText(entity);
    return [failure(r.code, r.message, `${what} of ${who}`)];
  });
  const [first] = refused;
  if (first === undefined) return;
  if (refused.length === 1) throw first;
  throw new StackdeckError(first.code, refused.map((e) => e.message).join(' '), first.detail);
}

/** Validates every entry on the broker, then (unless `validateOnly`) applies them. */
export async function alterQuotas(
  wire: KafkaWire,
  entries: readonly QuotaAlteration[],
  validateOnly: boolean,
  opts: CallOptions,
): Promise<void> {
  await send(wire, entries, true, opts);
  if (!validateOnly) await send(wire, entries, false, opts);
}
