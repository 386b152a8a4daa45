/**
 * Topic and broker configs for the UI, and topic config changes through
 * IncrementalAlterConfigs only (the legacy AlterConfigs would reset every key
 * not sent, including sensitive ones the UI never sees).
 */
import type { ConfigEntryView, ConfigOpInput, ConfigOrigin } from '../../../shared/contract/kafka/topics';
import { StackdeckError } from '../../../shared/errors';
import { pause, type CallOptions } from '../protocol/call';
import type { ConfigResource } from '../protocol/configResources';
import { DescribeConfigsApi, describeConfigs, type ConfigEntry, type ConfigSource } from '../protocol/describeConfigs';
import { fetchMetadata } from '../protocol/metadata';
import { incrementalAlterConfigs } from '../protocol/incrementalAlterConfigs';
import type { KafkaWire } from '../protocol/wire';

export function originOf(source: ConfigSource): ConfigOrigin {
  if (source === 'DEFAULT_CONFIG') return 'default';
  if (source === 'STATIC_BROKER_CONFIG') return 'static';
  if (source.startsWith('DYNAMIC_')) return 'dynamic';
  return 'unknown';
}

/** Sensitive values are masked here too, whatever the broker sent: they must never reach the renderer. */
export function toView(e: ConfigEntry): ConfigEntryView {
  return {
    name: e.name,
    value: e.isSensitive ? null : e.value,
    origin: originOf(e.source),
    kafkaSource: e.source,
    isDefault: e.isDefault,
    isSensitive: e.isSensitive,
    readOnly: e.readOnly,
    type: e.type,
  };
}

const byName = (a: ConfigEntryView, b: ConfigEntryView): number => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);

/** Configs of one resource; per-resource errors become NOT_FOUND / SERVER_ERROR with the broker's reason. */
export async function readConfigs(
  wire: KafkaWire,
  resource: ConfigResource,
  opts: CallOptions,
): Promise<ConfigEntryView[]> {
  const [res] = await describeConfigs(wire, [{ resource }], { ...opts, includeSynonyms: false });
  if (!res) throw new StackdeckError('SERVER_ERROR', 'The broker returned no configs.');
  if (res.error) {
    const what = resource.type === 'topic' ? `topic "${resource.name}"` : `broker ${resource.brokerId ?? '(default)'}`;
    if (res.error.name === 'UNKNOWN_TOPIC_OR_PARTITION') {
      throw new StackdeckError(
        'NOT_FOUND',
        `Topic "${resource.type === 'topic' ? resource.name : ''}" does not exist. It may have been deleted; refresh the topic list.`,
      );
    }
    throw new StackdeckError(
      res.error.name.endsWith('_AUTHORIZATION_FAILED') ? 'AUTH_FAILED' : 'SERVER_ERROR',
      `Reading the configs of ${what} failed: ${res.error.name}: ${res.error.message}`,
    );
  }
  return res.entries.map(toView).sort(byName);
}

/** Kafka answers INVALID_REQUEST for a key named twice; say which, before anything is sent. */
export function assertOneChangePerKey(ops: readonly ConfigOpInput[]): void {
  const names = ops.map((o) => o.name);
  const dup = names.find((n, i) => names.indexOf(n) !== i);
  if (dup !== undefined)
    throw new StackdeckError(
      'INVALID_INPUT',
      `The key "${dup}" is changed twice in one request; keep one change per key.`,
    );
}

/** True when `entries` show every op applied (a set value visible, a deleted key no longer a topic override). */
export function opsVisible(
  entries: readonly ConfigEntryView[],
  ops: readonly ConfigOpInput[],
  overrideSource: ConfigSource = 'DYNAMIC_TOPIC_CONFIG',
): boolean {
  return ops.every((op) => {
    const e = entries.find((x) => x.name === op.name);
    if (op.op === 'set') return e !== undefined && (e.isSensitive || e.value === op.value);
    return e === undefined || e.kafkaSource !== overrideSource;
  });
}

/** The topic's entries as broker `brokerId` sees them (each KRaft broker applies config records on its own schedule). */
async function configsOn(
  wire: KafkaWire,
  brokerId: number,
  topic: string,
  opts: CallOptions,
): Promise<ConfigEntryView[] | null> {
  const { value } = await wire.call(
    brokerId,
    DescribeConfigsApi,
    { items: [{ resource: { type: 'topic', name: topic } }], includeSynonyms: false, includeDocumentation: false },
    opts,
  );
  const res = value[0];
  return res && res.error === null ? res.entries.map(toView) : null;
}

/**
 * Validates or applies `ops` on a topic. After applying, waits (briefly) until
 * every live broker shows the change: KRaft brokers apply metadata
 * asynchronously and later reads go to any broker, so without this the UI's
 * refresh right after "Apply" could still show the old value.
 */
export async function alterTopicConfigs(
  wire: KafkaWire,
  topic: string,
  ops: readonly ConfigOpInput[],
  validateOnly: boolean,
  opts: CallOptions,
): Promise<ConfigEntryView[]> {
  assertOneChangePerKey(ops);
  const resource: ConfigResource = { type: 'topic', name: topic };
  const [outcome] = await incrementalAlterConfigs(wire, [{ resource, ops }], { ...opts, validateOnly });
  if (outcome && !outcome.ok)
    throw new StackdeckError(outcome.code, outcome.message, { kafkaError: outcome.error.name });
  if (!validateOnly) {
    const brokers = (await fetchMetadata(wire, [], opts)).brokers.map((b) => b.nodeId);
    for (let attempt = 0; attempt < 20; attempt++) {
      const views = await Promise.all(
        brokers.map((b) =>
          configsOn(wire, b, topic, opts).catch((e: unknown) => {
            if (e instanceof StackdeckError) throw e;
            return null; // a broker going away must not fail a change that was applied
          }),
        ),
      );
      if (views.every((v) => v === null || opsVisible(v, ops))) break;
      await pause(Math.min(100 * 2 ** attempt, 500), opts, 'Waiting for the config change to show');
    }
  }
  return readConfigs(wire, resource, opts);
}
