import {
  QUOTA_KEYS,
  QuotaAlteration,
  quotaKeysOf,
  type QuotaEntity,
  type QuotaFilter,
  type QuotaKey,
  type QuotaValues,
} from '../../../../../shared/contract/kafka/quotas';

/** The filter form: which entity type, and how its name is matched. */
export interface FilterForm {
  type: 'all' | 'user' | 'client-id' | 'ip';
  match: 'any' | 'exact' | 'default';
  name: string;
}

export const EMPTY_FILTER: FilterForm = { type: 'all', match: 'any', name: '' };

/** The form as the contract's filter; core checks it (an empty exact name is a clear INVALID_INPUT). */
export function filterOf(f: FilterForm): QuotaFilter {
  if (f.type === 'all') return { strict: false };
  const m =
    f.match === 'exact'
      ? { match: 'exact' as const, name: f.name.trim() }
      : f.match === 'default'
        ? { match: 'default' as const }
        : { match: 'any' as const };
  return f.type === 'user'
    ? { user: m, strict: false }
    : f.type === 'ip'
      ? { ip: m, strict: false }
      : { clientId: m, strict: false };
}

/** One side of an entity in the edit form: absent, a name, or the `<default>` entity. */
export interface EntityPart {
  mode: 'none' | 'name' | 'default';
  name: string;
}

export function partOf(name: string | null | undefined): EntityPart {
  return name === undefined
    ? { mode: 'none', name: '' }
    : name === null
      ? { mode: 'default', name: '' }
      : { mode: 'name', name };
}

/** What the edit form quotas: a user and/or client id, or an IP address (Kafka never combines the two kinds). */
export type EntityKind = 'client' | 'ip';

export const kindOf = (e: QuotaEntity): EntityKind => (e.ip !== undefined ? 'ip' : 'client');

const side = (p: EntityPart): string | null | undefined =>
  p.mode === 'none' ? undefined : p.mode === 'default' ? null : p.name;

export function entityOf(user: EntityPart, clientId: EntityPart): QuotaEntity {
  const e: QuotaEntity = {};
  const u = side(user);
  const c = side(clientId);
  if (u !== undefined) e.user = u;
  if (c !== undefined) e.clientId = c;
  return e;
}

export function ipEntityOf(ip: EntityPart): QuotaEntity {
  // An address has no meaningful spaces (a user or client id might, so those are sent as typed).
  const v = side(ip);
  return v === undefined ? {} : { ip: v === null ? null : v.trim() };
}

/** A table cell: the name, `<default>`, or nothing. */
export const nameCell = (name: string | null | undefined): string =>
  name === undefined ? '' : name === null ? '<default>' : name;

export type ValuesForm = Record<QuotaKey, string>;

export function valuesFormOf(values: QuotaValues): ValuesForm {
  const out = {} as ValuesForm;
  for (const k of QUOTA_KEYS) out[k] = values[k] === undefined ? '' : String(values[k]);
  return out;
}

export interface QuotaChange {
  /** The lines a person reads before applying: "Set producer_byte_rate = 1024 (was 512)". */
  lines: string[];
  /** The alteration to send, or why it is not valid yet (checked with the contract's own schema). */
  result: { ok: true; alteration: QuotaAlteration } | { ok: false; problems: string[] };
}

/**
 * What the form changes against the entity's current values: a field with a
 * new number is set, a field emptied is removed, an unchanged one is not sent.
 */
export function changeOf(entity: QuotaEntity, current: QuotaValues, form: ValuesForm): QuotaChange {
  const set: Record<string, unknown> = {};
  const remove: QuotaKey[] = [];
  const lines: string[] = [];
  // Only the keys of this kind of entity: a value typed for the other kind is not sent.
  for (const k of quotaKeysOf(entity)) {
    const text = form[k].trim();
    const was = current[k];
    if (text === '') {
      if (was !== undefined) {
        remove.push(k);
        lines.push(`Remove ${k} (was ${was})`);
      }
      continue;
    }
    const value = Number(text);
    if (was !== undefined && value === was) continue;
    set[k] = Number.isNaN(value) ? text : value;
    lines.push(`Set ${k} = ${text}${was === undefined ? '' : ` (was ${was})`}`);
  }
  const parsed = QuotaAlteration.safeParse({ entity, set, remove });
  return {
    lines,
    result: parsed.success
      ? { ok: true, alteration: parsed.data }
      : { ok: false, problems: parsed.error.issues.map((i) => i.message) },
  };
}
