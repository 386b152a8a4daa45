/**
 * ApiVersions (API key 18), v0-v4, and what it honestly says about the broker's
 * Kafka version.
 *
 * Kafka never sends its software version string. Two things come close:
 *
 * 1. Features (v3+, KIP-584 tagged fields). A KRaft broker lists
 *    `metadata.version` among its SupportedFeatures; the max level is the newest
 *    production metadata version its build knows (3.9-IV0 = level 21 for any
 *    3.9.x), so it names the release line but never the patch. FinalizedFeatures
 *    gives the level the cluster actually runs at (lower after an upgrade until
 *    `kafka-features upgrade`). v4 (KAFKA-17011) stops omitting features whose
 *    min version is 0.
 * 2. Max API versions. Every release raises some; a table derived from the
 *    request schemas of each release tag (clients/.../common/message/*Request.json,
 *    broker listener only) gives a lower bound: "at least 3.8". Some APIs are
 *    gated by broker configs, so only widely enabled ones are used.
 *
 * kafkajs itself negotiates with ApiVersions v2 and keeps only the key ranges.
 * The response header of ApiVersions is always v0 (no tagged fields), even for
 * flexible versions, so clients can parse it before knowing the broker.
 */
import { deadlineOf, type CallOptions } from './call';
import type { Reader, Writer } from './codec';
import { KafkaProtocolError } from './errors';
import { wireError, type ApiSpec, type KafkaWire } from './wire';

export interface ApiVersionRange {
  readonly apiKey: number;
  readonly min: number;
  readonly max: number;
}

export interface SupportedFeature {
  readonly name: string;
  readonly minVersion: number;
  readonly maxVersion: number;
}

export interface FinalizedFeature {
  readonly name: string;
  readonly minLevel: number;
  readonly maxLevel: number;
}

export interface ApiVersionsResult {
  readonly apis: readonly ApiVersionRange[];
  readonly supportedFeatures: readonly SupportedFeature[];
  /** -1 when the broker reports none. */
  readonly finalizedFeaturesEpoch: number;
  readonly finalizedFeatures: readonly FinalizedFeature[];
}

export interface KafkaVersionHint {
  /** Release line, e.g. "3.9"; null when nothing could be inferred. */
  readonly release: string | null;
  /** True when `release` is only a lower bound ("3.8 or newer"). */
  readonly atLeast: boolean;
  /** Plain words for the UI: what the inference rests on. */
  readonly basis: string;
  /** Cluster-wide finalized metadata.version, e.g. "3.9-IV0", when reported. */
  readonly clusterMetadataVersion: string | null;
  /**
   * Every feature the cluster has finalized (metadata.version, group.version,
   * transaction.version, ...), sorted by name; empty when the broker reports none.
   * `version` names the metadata.version level ("4.4-IV2"); for others it is the level.
   */
  readonly finalizedFeatures: Array<{ name: string; level: number; version: string }>;
}

export interface BrokerApiVersions extends ApiVersionsResult {
  readonly brokerId: number;
  readonly apiVersionsVersion: number;
  readonly hint: KafkaVersionHint;
}

const CLIENT_NAME = 'stackdeck';
const CLIENT_VERSION = '0.1.0';

export const ApiVersionsApi: ApiSpec<void, ApiVersionsResult> = {
  apiKey: 18,
  name: 'ApiVersions',
  minVersion: 0,
  maxVersion: 4,
  flexibleFrom: 3,
  responseHeaderV0: true,
  encode(w: Writer, version: number): void {
    if (version >= 3) {
      // Must match [a-zA-Z0-9](?:[a-zA-Z0-9\-.]*[a-zA-Z0-9])?, else INVALID_REQUEST.
      w.string(CLIENT_NAME).string(CLIENT_VERSION).tags();
    }
  },
  decode(r: Reader, version: number): ApiVersionsResult {
    const errorCode = r.int16();
    const apis = r.array((a) => {
      const v = { apiKey: a.int16(), min: a.int16(), max: a.int16() };
      a.tags();
      return v;
    });
    if (errorCode !== 0) throw KafkaProtocolError.of(errorCode, 'ApiVersions');
    if (version >= 1) r.int32(); // throttle_time_ms
    let supportedFeatures: SupportedFeature[] = [];
    let finalizedFeaturesEpoch = -1;
    let finalizedFeatures: FinalizedFeature[] = [];
    r.tags((tag, _size, t) => {
      if (tag === 0) {
        supportedFeatures = t.array((f) => {
          const v = { name: f.string(), minVersion: f.int16(), maxVersion: f.int16() };
          f.tags();
          return v;
        });
      } else if (tag === 1) {
        finalizedFeaturesEpoch = t.int64();
      } else if (tag === 2) {
        finalizedFeatures = t.array((f) => {
          // Wire order is name, MaxVersionLevel, MinVersionLevel.
          const name = f.string();
          const maxLevel = f.int16();
          const minLevel = f.int16();
          f.tags();
          return { name, minLevel, maxLevel };
        });
      }
    });
    return { apis, supportedFeatures, finalizedFeaturesEpoch, finalizedFeatures };
  },
};

/**
 * metadata.version feature levels (server-common MetadataVersion.java, checked
 * against the 4.4.0 jar's MetadataVersion.values()): the level of the first IV
 * of each release line. Levels above the table are reported as "newer than
 * <newest known>" rather than guessed (4.5-IV0, level 34, is not production in 4.4).
 */
const MV_RELEASES: ReadonlyArray<readonly [number, string]> = [
  [1, '3.0'],
  [2, '3.1'],
  [3, '3.2'],
  [4, '3.3'],
  [8, '3.4'],
  [9, '3.5'],
  [12, '3.6'],
  [15, '3.7'],
  [20, '3.8'],
  [21, '3.9'],
  [22, '4.0'],
  [26, '4.1'],
  [28, '4.2'],
  [30, '4.3'],
  [31, '4.4'],
];
const MV_IV: Record<number, string> = {
  1: '3.0-IV1',
  2: '3.1-IV0',
  3: '3.2-IV0',
  4: '3.3-IV0',
  5: '3.3-IV1',
  6: '3.3-IV2',
  7: '3.3-IV3',
  8: '3.4-IV0',
  9: '3.5-IV0',
  10: '3.5-IV1',
  11: '3.5-IV2',
  12: '3.6-IV0',
  13: '3.6-IV1',
  14: '3.6-IV2',
  15: '3.7-IV0',
  16: '3.7-IV1',
  17: '3.7-IV2',
  18: '3.7-IV3',
  19: '3.7-IV4',
  20: '3.8-IV0',
  21: '3.9-IV0',
  22: '4.0-IV0',
  23: '4.0-IV1',
  24: '4.0-IV2',
  25: '4.0-IV3',
  26: '4.1-IV0',
  27: '4.1-IV1',
  28: '4.2-IV0',
  29: '4.2-IV1',
  30: '4.3-IV0',
  31: '4.4-IV0',
  32: '4.4-IV1',
  33: '4.4-IV2',
};
const MV_MAX_KNOWN = 33;
const NEWEST_KNOWN_RELEASE = '4.4';

function releaseOfMetadataLevel(level: number): string | null {
  let found: string | null = null;
  for (const [from, release] of MV_RELEASES) if (level >= from) found = release;
  return found;
}

const mvName = (level: number): string => MV_IV[level] ?? `level ${level}`;

/**
 * API max versions first raised in a release (broker listener), newest first.
 * Only APIs every broker enables are listed (not the KIP-848 group or telemetry APIs).
 */
const API_FINGERPRINT: ReadonlyArray<readonly [string, number, number, string]> = [
  ['3.9', 1, 17, 'Fetch v17'],
  ['3.9', 2, 9, 'ListOffsets v9'],
  ['3.9', 18, 4, 'ApiVersions v4'],
  ['3.8', 0, 11, 'Produce v11'],
  ['3.8', 75, 0, 'DescribeTopicPartitions'],
  ['3.7', 0, 10, 'Produce v10'],
  ['3.7', 1, 16, 'Fetch v16'],
  ['3.6', 24, 4, 'AddPartitionsToTxn v4'],
  ['3.5', 1, 15, 'Fetch v15'],
  ['3.5', 2, 8, 'ListOffsets v8'],
  ['3.3', 35, 4, 'DescribeLogDirs v4'],
  ['3.2', 35, 3, 'DescribeLogDirs v3'],
  ['3.1', 1, 13, 'Fetch v13'],
  ['3.0', 2, 7, 'ListOffsets v7'],
  ['2.8', 0, 9, 'Produce v9'],
  ['2.7', 1, 12, 'Fetch v12'],
  ['2.6', 35, 2, 'DescribeLogDirs v2'],
  ['2.4', 18, 3, 'ApiVersions v3'],
  ['2.3', 44, 0, 'IncrementalAlterConfigs'],
];

/** Pure: the best honest statement about the broker's Kafka release. */
export function inferKafkaVersion(result: ApiVersionsResult): KafkaVersionHint {
  const finalized = result.finalizedFeatures.find((f) => f.name === 'metadata.version');
  const clusterMetadataVersion = finalized ? mvName(finalized.maxLevel) : null;
  const finalizedFeatures = result.finalizedFeatures
    .map((f) => ({
      name: f.name,
      level: f.maxLevel,
      version: f.name === 'metadata.version' ? mvName(f.maxLevel) : String(f.maxLevel),
    }))
    .sort((a, b) => a.name.localeCompare(b.name));
  const known = { clusterMetadataVersion, finalizedFeatures };
  const supported = result.supportedFeatures.find((f) => f.name === 'metadata.version');
  if (supported) {
    const level = supported.maxVersion;
    if (level > MV_MAX_KNOWN) {
      return {
        release: NEWEST_KNOWN_RELEASE,
        atLeast: true,
        basis: `The broker supports metadata.version level ${level}, newer than ${mvName(MV_MAX_KNOWN)} (level ${MV_MAX_KNOWN}), so it runs a release after ${NEWEST_KNOWN_RELEASE}.`,
        ...known,
      };
    }
    const release = releaseOfMetadataLevel(level);
    if (release !== null) {
      return {
        release,
        atLeast: false,
        basis: `The broker's newest supported metadata.version is ${mvName(level)}, which every ${release}.x release reports; the patch level is not visible over the protocol.`,
        ...known,
      };
    }
  }
  const max = new Map(result.apis.map((a) => [a.apiKey, a.max]));
  for (const [release, apiKey, version, what] of API_FINGERPRINT) {
    const has = max.get(apiKey);
    if (has !== undefined && has >= version) {
      return {
        release,
        atLeast: true,
        basis: `The broker supports ${what}, first added in Kafka ${release}; Kafka does not send its exact version.`,
        ...known,
      };
    }
  }
  return {
    release: null,
    atLeast: false,
    basis: 'The broker reports no features and only old API versions; its release cannot be inferred.',
    ...known,
  };
}

/** ApiVersions from each broker (default: all known), with the version hint. */
export async function describeApiVersions(
  wire: KafkaWire,
  brokerIds: readonly number[] | null = null,
  options: CallOptions = {},
): Promise<BrokerApiVersions[]> {
  const opts = { ...options, deadline: deadlineOf(options) };
  try {
    await wire.connect(opts);
    const ids = brokerIds ?? wire.brokerIds();
    return await Promise.all(
      ids.map(async (brokerId) => {
        const { value, version } = await wire.call(brokerId, ApiVersionsApi, undefined, opts);
        return { ...value, brokerId, apiVersionsVersion: version, hint: inferKafkaVersion(value) };
      }),
    );
  } catch (e) {
    throw wireError(e, 'Reading broker API versions');
  }
}
