/**
 * DescribeConfigs (API key 32), v1-v4, with synonyms, source, type and documentation.
 *
 * kafkajs's admin.describeConfigs (v0-v2) does return configSource, isDefault,
 * isSensitive and synonyms, but: it throws for the whole call when one resource
 * has an error, it cannot describe the cluster-wide broker default (it rejects
 * the empty resource name), it sends broker resources to the "controller"
 * instead of the broker they describe, and v2 has no config type or
 * documentation (added in v3, KIP-569), which the config editor needs to
 * validate input and explain keys. So we speak the API directly:
 * v1 adds IncludeSynonyms and ConfigSource, v3 ConfigType and Documentation,
 * v4 is the first flexible version.
 */
import { deadlineOf, type CallOptions } from './call';
import type { Reader, Writer } from './codec';
import {
  describeResource,
  groupByTarget,
  keyOf,
  RESOURCE_TYPE,
  resourceKey,
  resourceName,
  type ConfigResource,
} from './configResources';
import { kafkaErrorInfo, type KafkaErrorInfo } from './errors';
import { wireError, type ApiSpec, type KafkaWire } from './wire';

/** DescribeConfigsResponse.ConfigSource, by wire value. */
export const CONFIG_SOURCES = [
  'UNKNOWN',
  'DYNAMIC_TOPIC_CONFIG',
  'DYNAMIC_BROKER_CONFIG',
  'DYNAMIC_DEFAULT_BROKER_CONFIG',
  'STATIC_BROKER_CONFIG',
  'DEFAULT_CONFIG',
  'DYNAMIC_BROKER_LOGGER_CONFIG',
  'DYNAMIC_CLIENT_METRICS_CONFIG',
  'DYNAMIC_GROUP_CONFIG',
] as const;
export type ConfigSource = (typeof CONFIG_SOURCES)[number];

/** DescribeConfigsResponse.ConfigType, by wire value. */
export const CONFIG_TYPES = [
  'UNKNOWN',
  'BOOLEAN',
  'STRING',
  'INT',
  'SHORT',
  'LONG',
  'DOUBLE',
  'LIST',
  'CLASS',
  'PASSWORD',
] as const;
export type ConfigType = (typeof CONFIG_TYPES)[number];

const sourceOf = (v: number): ConfigSource => CONFIG_SOURCES[v] ?? 'UNKNOWN';
const typeOf = (v: number): ConfigType => CONFIG_TYPES[v] ?? 'UNKNOWN';

export interface ConfigSynonym {
  readonly name: string;
  readonly value: string | null;
  readonly source: ConfigSource;
}

export interface ConfigEntry {
  readonly name: string;
  /** null for sensitive values (the broker never returns them) and unset keys without default. */
  readonly value: string | null;
  readonly readOnly: boolean;
  /** Where the effective value comes from; a topic override is DYNAMIC_TOPIC_CONFIG. */
  readonly source: ConfigSource;
  readonly isDefault: boolean;
  readonly isSensitive: boolean;
  /** Effective-value chain, highest precedence first (when includeSynonyms). */
  readonly synonyms: readonly ConfigSynonym[];
  /** UNKNOWN before v3. */
  readonly type: ConfigType;
  readonly documentation: string | null;
}

export interface ResourceConfigs {
  readonly resource: ConfigResource;
  /** Per-resource failure (e.g. UNKNOWN_TOPIC_OR_PARTITION); entries are then empty. */
  readonly error: KafkaErrorInfo | null;
  readonly entries: readonly ConfigEntry[];
}

export interface DescribeConfigsRequestItem {
  readonly resource: ConfigResource;
  /** Keys to return; null/omitted = all. */
  readonly names?: readonly string[] | null;
}

interface DescribeInput {
  readonly items: readonly DescribeConfigsRequestItem[];
  readonly includeSynonyms: boolean;
  readonly includeDocumentation: boolean;
}

interface RawResult {
  readonly type: number;
  readonly name: string;
  readonly error: KafkaErrorInfo | null;
  readonly entries: ConfigEntry[];
}

export const DescribeConfigsApi: ApiSpec<DescribeInput, RawResult[]> = {
  apiKey: 32,
  name: 'DescribeConfigs',
  minVersion: 1,
  maxVersion: 4,
  flexibleFrom: 4,
  encode(w: Writer, version: number, input: DescribeInput): void {
    w.array(input.items, (x, item) => {
      x.int8(RESOURCE_TYPE[item.resource.type]);
      x.string(resourceName(item.resource));
      x.array(item.names ?? null, (y, n) => y.string(n));
      x.tags();
    });
    w.bool(input.includeSynonyms);
    if (version >= 3) w.bool(input.includeDocumentation);
    w.tags();
  },
  decode(r: Reader, version: number): RawResult[] {
    r.int32(); // throttle_time_ms
    const results = r.array((res): RawResult => {
      const code = res.int16();
      const message = res.nullableString();
      const type = res.int8();
      const name = res.string();
      const entries = res.array((c): ConfigEntry => {
        const entryName = c.string();
        const value = c.nullableString();
        const readOnly = c.bool();
        const source = sourceOf(c.int8());
        const isSensitive = c.bool();
        const synonyms = c.array((s): ConfigSynonym => {
          const syn = { name: s.string(), value: s.nullableString(), source: sourceOf(s.int8()) };
          s.tags();
          return syn;
        });
        const ctype = version >= 3 ? typeOf(c.int8()) : 'UNKNOWN';
        const documentation = version >= 3 ? c.nullableString() : null;
        c.tags();
        return {
          name: entryName,
          value,
          readOnly,
          source,
          isDefault: source === 'DEFAULT_CONFIG',
          isSensitive,
          synonyms,
          type: ctype,
          documentation,
        };
      });
      res.tags();
      return { type, name, error: code === 0 ? null : kafkaErrorInfo(code, message), entries };
    });
    r.tags();
    return results;
  },
};

export interface DescribeConfigsOptions extends CallOptions {
  /** Default true: the editor shows where an inherited value comes from. */
  readonly includeSynonyms?: boolean;
  /** Default false: documentation strings are large; ask for them when showing help. */
  readonly includeDocumentation?: boolean;
}

/**
 * Configs of each resource, in request order. Per-resource errors are returned,
 * not thrown; transport failures throw a StackdeckError.
 */
export async function describeConfigs(
  wire: KafkaWire,
  items: readonly DescribeConfigsRequestItem[],
  options: DescribeConfigsOptions = {},
): Promise<ResourceConfigs[]> {
  const opts = { ...options, deadline: deadlineOf(options) };
  try {
    const byKey = new Map<string, RawResult>();
    await Promise.all(
      [...groupByTarget(items)].map(async ([target, group]) => {
        const { value } = await wire.call(
          target,
          DescribeConfigsApi,
          {
            items: group,
            includeSynonyms: options.includeSynonyms ?? true,
            includeDocumentation: options.includeDocumentation ?? false,
          },
          opts,
        );
        for (const res of value) byKey.set(resourceKey(res.type, res.name), res);
      }),
    );
    return items.map((item) => {
      const res = byKey.get(keyOf(item.resource));
      if (!res) {
        return {
          resource: item.resource,
          error: kafkaErrorInfo(-1, `The broker returned no result for ${describeResource(item.resource)}.`),
          entries: [],
        };
      }
      return { resource: item.resource, error: res.error, entries: res.entries };
    });
  } catch (e) {
    throw wireError(e, 'Describing configs');
  }
}
