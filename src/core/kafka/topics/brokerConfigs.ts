/**
 * Dynamic broker config changes, through IncrementalAlterConfigs only (as for
 * topics, configs.ts): per broker (resource name = the broker id) or the
 * cluster-wide default (resource name ""), with validateOnly for the dry run.
 * Only keys Kafka marks dynamically updatable can change; the broker says so
 * for any other ("Cannot update these configs dynamically"), and that message
 * is passed on as INVALID_INPUT.
 */
import type { ConfigEntryView, ConfigOpInput } from '../../../shared/contract/kafka/topics';
import { StackdeckError } from '../../../shared/errors';
import { pause, type CallOptions } from '../protocol/call';
import type { ConfigResource } from '../protocol/configResources';
import { incrementalAlterConfigs } from '../protocol/incrementalAlterConfigs';
import { fetchMetadata } from '../protocol/metadata';
import type { KafkaWire } from '../protocol/wire';
import { assertOneChangePerKey, opsVisible, readConfigs } from './configs';

/** A broker id that is not in the cluster is NOT_FOUND, not a request the broker may half-accept. */
export async function assertBroker(wire: KafkaWire, brokerId: number, opts: CallOptions): Promise<number[]> {
  const ids = (await fetchMetadata(wire, [], opts)).brokers.map((b) => b.nodeId);
  if (!ids.includes(brokerId)) {
    throw new StackdeckError(
      'NOT_FOUND',
      `Broker ${brokerId} is not part of the cluster (live brokers: ${ids.join(', ')}).`,
    );
  }
  return ids;
}

/**
 * Validates or applies `ops` on broker `brokerId` (null: the cluster-wide
 * default). After applying, waits briefly until the brokers concerned show the
 * change (KRaft brokers apply config records asynchronously), then returns the
 * entries of the resource as a broker now reports them: for a broker, all of
 * its configs; for the cluster default, the cluster-wide dynamic defaults.
 */
export async function alterBrokerConfigs(
  wire: KafkaWire,
  brokerId: number | null,
  ops: readonly ConfigOpInput[],
  validateOnly: boolean,
  opts: CallOptions,
): Promise<ConfigEntryView[]> {
  assertOneChangePerKey(ops);
  const ids =
    brokerId === null
      ? (await fetchMetadata(wire, [], opts)).brokers.map((b) => b.nodeId)
      : await assertBroker(wire, brokerId, opts);
  const resource: ConfigResource = { type: 'broker', brokerId };
  const [outcome] = await incrementalAlterConfigs(wire, [{ resource, ops }], { ...opts, validateOnly });
  if (outcome && !outcome.ok)
    throw new StackdeckError(outcome.code, outcome.message, { kafkaError: outcome.error.name });
  if (!validateOnly) {
    // A default shows on every broker (unless one overrides it); a broker's own change on that broker.
    const watch = brokerId === null ? ids : [brokerId];
    const source = brokerId === null ? 'DYNAMIC_DEFAULT_BROKER_CONFIG' : 'DYNAMIC_BROKER_CONFIG';
    for (let attempt = 0; attempt < 20; attempt++) {
      const views = await Promise.all(
        watch.map((b) =>
          readConfigs(wire, { type: 'broker', brokerId: b }, opts).catch((e: unknown) => {
            if (e instanceof StackdeckError && e.code === 'CANCELLED') throw e;
            return null; // a broker going away must not fail a change that was applied
          }),
        ),
      );
      const settled = views.every(
        (v) =>
          v === null ||
          opsVisible(v, ops, source) ||
          // A per-broker override wins over the default: that broker will never show the default's value.
          (brokerId === null &&
            ops.every((op) => v.find((e) => e.name === op.name)?.kafkaSource === 'DYNAMIC_BROKER_CONFIG')),
      );
      if (settled) break;
      await pause(Math.min(100 * 2 ** attempt, 500), opts, 'Waiting for the config change to show');
    }
  }
  return readConfigs(wire, resource, opts);
}
