/**
 * DescribeClientQuotas (API 48) and AlterClientQuotas (API 49), KIP-546,
 * which kafkajs lacks: v0 (classic encoding) and v1 (flexible), the versions
 * Kafka 2.6 to 4.x offer. `KafkaWire.call` picks the highest version both
 * sides support from the broker's ApiVersions answer, and refuses with a
 * clear message when the broker has neither (Kafka before 2.6).
 *
 * An entity is a list of (type, name) components; a null name is the
 * `<default>` entity of that type. Values are FLOAT64 on the wire for every key.
 */
import type { Reader, Writer } from '../protocol/codec';
import type { ApiSpec } from '../protocol/wire';

/** Kafka's entity type names (ClientQuotaEntity). */
export const ENTITY_USER = 'user';
export const ENTITY_CLIENT_ID = 'client-id';
export const ENTITY_IP = 'ip';

/** DescribeClientQuotas match types. */
export const MATCH_EXACT = 0;
export const MATCH_DEFAULT = 1;
export const MATCH_ANY = 2;

export interface RawComponent {
  readonly entityType: string;
  readonly entityName: string | null;
}

export interface RawFilterComponent {
  readonly entityType: string;
  readonly matchType: number;
  readonly match: string | null;
}

export interface RawQuotaEntry {
  readonly entity: readonly RawComponent[];
  readonly values: ReadonlyArray<{ readonly key: string; readonly value: number }>;
}

export interface RawDescribeQuotas {
  readonly code: number;
  readonly message: string | null;
  readonly entries: readonly RawQuotaEntry[];
}

function writeEntity(w: Writer, entity: readonly RawComponent[]): void {
  w.array(entity, (x, c) => {
    x.string(c.entityType);
    x.nullableString(c.entityName);
    x.tags();
  });
}

function readEntity(r: Reader): RawComponent[] {
  return r.array((x): RawComponent => {
    const entityType = x.string();
    const entityName = x.nullableString();
    x.tags();
    return { entityType, entityName };
  });
}

export const DescribeClientQuotasApi: ApiSpec<
  { components: readonly RawFilterComponent[]; strict: boolean },
  RawDescribeQuotas
> = {
  apiKey: 48,
  name: 'DescribeClientQuotas',
  minVersion: 0,
  maxVersion: 1,
  flexibleFrom: 1,
  encode(w, _version, input): void {
    w.array(input.components, (x, c) => {
      x.string(c.entityType);
      x.int8(c.matchType);
      x.nullableString(c.match);
      x.tags();
    });
    w.bool(input.strict);
    w.tags();
  },
  decode(r): RawDescribeQuotas {
    r.int32(); // throttle_time_ms
    const code = r.int16();
    const message = r.nullableString();
    const entries = r.array((x): RawQuotaEntry => {
      const entity = readEntity(x);
      const values = x.array((y) => {
        const key = y.string();
        const value = y.float64();
        y.tags();
        return { key, value };
      });
      x.tags();
      return { entity, values };
    });
    r.tags();
    return { code, message, entries };
  },
};

export interface RawQuotaOp {
  readonly key: string;
  readonly value: number;
  readonly remove: boolean;
}

export interface RawAlterQuotasInput {
  readonly entries: ReadonlyArray<{ readonly entity: readonly RawComponent[]; readonly ops: readonly RawQuotaOp[] }>;
  readonly validateOnly: boolean;
}

export interface RawAlterQuotasResult {
  readonly code: number;
  readonly message: string | null;
  readonly entity: readonly RawComponent[];
}

export const AlterClientQuotasApi: ApiSpec<RawAlterQuotasInput, RawAlterQuotasResult[]> = {
  apiKey: 49,
  name: 'AlterClientQuotas',
  minVersion: 0,
  maxVersion: 1,
  flexibleFrom: 1,
  encode(w, _version, input): void {
    w.array(input.entries, (x, e) => {
      writeEntity(x, e.entity);
      x.array(e.ops, (y, op) => {
        y.string(op.key);
        y.float64(op.value);
        y.bool(op.remove);
        y.tags();
      });
      x.tags();
    });
    w.bool(input.validateOnly);
    w.tags();
  },
  decode(r): RawAlterQuotasResult[] {
    r.int32(); // throttle_time_ms
    const out = r.array((x): RawAlterQuotasResult => {
      const code = x.int16();
      const message = x.nullableString();
      const entity = readEntity(x);
      x.tags();
      return { code, message, entity };
    });
    r.tags();
    return out;
  },
};
