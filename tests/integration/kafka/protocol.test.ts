/**
 * The protocol extensions against the real local brokers, 4.x and 3.9: ApiVersions
 * (version hint), Metadata, DescribeLogDirs, DescribeConfigs, IncrementalAlterConfigs.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeApiVersions } from '../../../src/core/kafka/protocol/apiVersions';
import { describeConfigs, type ConfigEntry } from '../../../src/core/kafka/protocol/describeConfigs';
import { describeLogDirs, summarizeTopicSizes } from '../../../src/core/kafka/protocol/describeLogDirs';
import { incrementalAlterConfigs } from '../../../src/core/kafka/protocol/incrementalAlterConfigs';
import { fetchMetadata } from '../../../src/core/kafka/protocol/metadata';
import { isStackdeckError } from '../../../src/shared/errors';
import { eventually, kafkaFixture, RUN_ID, type KafkaFixture } from './support';
import { KAFKA_LINES } from '../../support/kafka-brokers';

let fx: KafkaFixture;

// The protocol extensions on both release lines the stack runs (tests/support/kafka-brokers.ts).
describe.each(KAFKA_LINES)('Kafka $line ($bootstrap)', ({ bootstrap, version }) => {
  beforeAll(async () => {
    fx = await kafkaFixture([bootstrap]);
  });

  afterAll(async () => {
    await fx?.close();
  });

  async function topicEntries(topic: string, names: string[]): Promise<Map<string, ConfigEntry>> {
    const [res] = await describeConfigs(fx.wire, [{ resource: { type: 'topic', name: topic }, names }]);
    expect(res?.error).toBeNull();
    return new Map((res?.entries ?? []).map((e) => [e.name, e]));
  }

  describe('ApiVersions and metadata', () => {
    it('infers the release line from the metadata.version feature, honestly', async () => {
      const [b] = await describeApiVersions(fx.wire);
      expect(b?.apiVersionsVersion).toBeGreaterThanOrEqual(3);
      expect(b?.apis.find((a) => a.apiKey === 44)).toBeDefined(); // IncrementalAlterConfigs
      expect(b?.supportedFeatures.some((f) => f.name === 'metadata.version')).toBe(true);
      // The jars' release line (4.4 or 3.9): a broker of that line reports `<line>-IV<n>` as its newest metadata.version.
      const release = version.split('.').slice(0, 2).join('.');
      expect(b?.hint).toMatchObject({ release, atLeast: false });
      expect(b?.hint.clusterMetadataVersion).toMatch(new RegExp(`^${release.replace('.', '\\.')}-IV\\d+$`));
      expect(b?.hint.basis).toMatch(/patch level is not visible/);
    });

    it('keeps per-topic errors instead of throwing, and never auto-creates a topic', async () => {
      const missing = `sd-it-missing-${RUN_ID}`;
      const md = await fetchMetadata(fx.wire, [missing]);
      expect(md.topics[0]?.error?.name).toBe('UNKNOWN_TOPIC_OR_PARTITION');
      expect(md.brokers.length).toBeGreaterThanOrEqual(1);
      expect(await fx.admin.listTopics()).not.toContain(missing);
    });
  });

  describe('DescribeLogDirs', () => {
    it('reports sizes > 0 per partition after producing, summed per topic (leader vs all replicas)', async () => {
      const topic = await fx.topic('logdirs', 3);
      await fx.producer.send({
        topic,
        messages: Array.from({ length: 300 }, (_, i) => ({ value: 'x'.repeat(200), partition: i % 3 })),
      });

      const dirs = await describeLogDirs(fx.wire, { topics: [topic] });
      expect(dirs.length).toBe(fx.wire.brokerIds().length);
      const dir = dirs[0]?.logDirs[0];
      expect(dir?.error).toBeNull();
      expect(dir?.path).toMatch(/\//);
      // v4 (Kafka 3.3+) reports the volume.
      expect(dir?.totalBytes).toBeGreaterThan(0);
      expect(dir?.usableBytes).toBeGreaterThan(0);

      const md = await fetchMetadata(fx.wire, [topic]);
      const [size] = summarizeTopicSizes(dirs, md);
      expect(size?.topic).toBe(topic);
      expect(size?.partitions.map((p) => p.partition)).toEqual([0, 1, 2]);
      for (const p of size?.partitions ?? []) {
        expect(p.leaderBytes).toBeGreaterThan(200 * 100);
        expect(p.replicaBytes).toBeGreaterThanOrEqual(p.leaderBytes ?? 0);
        expect(p.replicas.every((r) => r.offsetLag === 0 && !r.isFuture)).toBe(true);
      }
      expect(size?.leaderBytes).toBe(size?.partitions.reduce((s, p) => s + (p.leaderBytes ?? 0), 0));
      expect(size?.replicaBytes).toBeGreaterThanOrEqual(size?.leaderBytes ?? 0);

      // null topics = everything on the broker, which includes ours.
      const all = await describeLogDirs(fx.wire);
      expect(all[0]?.logDirs.some((d) => d.replicas.some((r) => r.topic === topic))).toBe(true);
    });
  });

  describe('DescribeConfigs', () => {
    it('returns source, synonyms, type and documentation, per broker and for the cluster default', async () => {
      const [broker, clusterDefault] = await describeConfigs(
        fx.wire,
        [
          {
            resource: { type: 'broker', brokerId: fx.wire.brokerIds()[0] ?? 1 },
            names: ['auto.create.topics.enable', 'num.io.threads', 'log.cleaner.threads'],
          },
          { resource: { type: 'broker', brokerId: null } },
        ],
        { includeDocumentation: true },
      );
      const byName = new Map(broker?.entries.map((e) => [e.name, e]));
      // tests/stack/servers/kafka.ts sets auto.create.topics.enable=false in server.properties.
      expect(byName.get('auto.create.topics.enable')).toMatchObject({
        value: 'false',
        source: 'STATIC_BROKER_CONFIG',
        type: 'BOOLEAN',
        isDefault: false,
      });
      expect(byName.get('auto.create.topics.enable')?.synonyms.map((s) => s.source)).toEqual([
        'STATIC_BROKER_CONFIG',
        'DEFAULT_CONFIG',
      ]);
      expect(byName.get('log.cleaner.threads')).toMatchObject({
        source: 'DEFAULT_CONFIG',
        isDefault: true,
        type: 'INT',
      });
      expect(byName.get('num.io.threads')?.documentation).toMatch(/thread/i);
      // The cluster-wide default resource ("") holds only dynamic defaults; kafkajs cannot even ask for it.
      expect(clusterDefault?.error).toBeNull();
    });

    it('reports a missing topic per resource, without failing the others', async () => {
      const topic = await fx.topic('describe', 1);
      const res = await describeConfigs(fx.wire, [
        { resource: { type: 'topic', name: `sd-it-nope-${RUN_ID}` } },
        { resource: { type: 'topic', name: topic }, names: ['cleanup.policy'] },
      ]);
      expect(res[0]?.error?.name).toBe('UNKNOWN_TOPIC_OR_PARTITION');
      expect(res[1]?.error).toBeNull();
      expect(res[1]?.entries[0]).toMatchObject({ name: 'cleanup.policy', value: 'delete', source: 'DEFAULT_CONFIG' });
    });
  });

  describe('IncrementalAlterConfigs', () => {
    it('sets and deletes one topic config without resetting the other dynamic configs', async () => {
      const topic = await fx.topic('iac', 1, [
        { name: 'retention.ms', value: '123456789' },
        { name: 'segment.ms', value: '987654321' },
      ]);
      const resource = { type: 'topic', name: topic } as const;

      // validateOnly checks and changes nothing.
      expect(
        await incrementalAlterConfigs(
          fx.wire,
          [{ resource, ops: [{ op: 'set', name: 'max.message.bytes', value: '2000000' }] }],
          { validateOnly: true },
        ),
      ).toEqual([{ resource, ok: true }]);
      expect((await topicEntries(topic, ['max.message.bytes'])).get('max.message.bytes')?.source).toBe(
        'DEFAULT_CONFIG',
      );

      expect(
        await incrementalAlterConfigs(fx.wire, [
          { resource, ops: [{ op: 'set', name: 'max.message.bytes', value: '2000000' }] },
        ]),
      ).toEqual([{ resource, ok: true }]);
      const afterSet = await eventually(async () => {
        const m = await topicEntries(topic, ['max.message.bytes', 'retention.ms', 'segment.ms']);
        return m.get('max.message.bytes')?.value === '2000000' ? m : undefined;
      });
      expect(afterSet.get('max.message.bytes')).toMatchObject({ source: 'DYNAMIC_TOPIC_CONFIG', isDefault: false });
      // The AlterConfigs pitfall: a full replace would have reset these two.
      expect(afterSet.get('retention.ms')).toMatchObject({ value: '123456789', source: 'DYNAMIC_TOPIC_CONFIG' });
      expect(afterSet.get('segment.ms')).toMatchObject({ value: '987654321', source: 'DYNAMIC_TOPIC_CONFIG' });

      // APPEND / SUBTRACT on a LIST key.
      await incrementalAlterConfigs(fx.wire, [
        { resource, ops: [{ op: 'append', name: 'cleanup.policy', value: 'compact' }] },
      ]);
      await eventually(async () =>
        (await topicEntries(topic, ['cleanup.policy'])).get('cleanup.policy')?.value === 'delete,compact'
          ? true
          : undefined,
      );
      await incrementalAlterConfigs(fx.wire, [
        { resource, ops: [{ op: 'subtract', name: 'cleanup.policy', value: 'compact' }] },
      ]);
      await eventually(async () =>
        (await topicEntries(topic, ['cleanup.policy'])).get('cleanup.policy')?.value === 'delete' ? true : undefined,
      );

      // DELETE goes back to the inherited value; the others stay.
      await incrementalAlterConfigs(fx.wire, [{ resource, ops: [{ op: 'delete', name: 'max.message.bytes' }] }]);
      const afterDelete = await eventually(async () => {
        const m = await topicEntries(topic, ['max.message.bytes', 'retention.ms', 'segment.ms']);
        return m.get('max.message.bytes')?.source === 'DEFAULT_CONFIG' ? m : undefined;
      });
      expect(afterDelete.get('retention.ms')).toMatchObject({ value: '123456789', source: 'DYNAMIC_TOPIC_CONFIG' });
      expect(afterDelete.get('segment.ms')).toMatchObject({ value: '987654321', source: 'DYNAMIC_TOPIC_CONFIG' });
    });

    it('maps per-resource errors to codes and messages, leaving valid resources applied', async () => {
      const topic = await fx.topic('iac-errors', 1);
      const outcomes = await incrementalAlterConfigs(fx.wire, [
        { resource: { type: 'topic', name: topic }, ops: [{ op: 'set', name: 'retention.ms', value: 'soon' }] },
        {
          resource: { type: 'topic', name: `sd-it-nope-${RUN_ID}` },
          ops: [{ op: 'set', name: 'retention.ms', value: '1000' }],
        },
      ]);
      expect(outcomes[0]).toMatchObject({ ok: false, code: 'INVALID_INPUT', error: { name: 'INVALID_CONFIG' } });
      expect(outcomes[0]?.ok === false && outcomes[0].message).toMatch(/retention\.ms/);
      expect(outcomes[1]).toMatchObject({
        ok: false,
        code: 'NOT_FOUND',
        error: { name: 'UNKNOWN_TOPIC_OR_PARTITION' },
      });

      const [append] = await incrementalAlterConfigs(fx.wire, [
        { resource: { type: 'topic', name: topic }, ops: [{ op: 'append', name: 'retention.ms', value: '5' }] },
      ]);
      expect(append).toMatchObject({ ok: false, code: 'INVALID_INPUT', error: { name: 'INVALID_CONFIG' } });
      expect(append?.ok === false && append.error.message).toMatch(/not LIST/);
    });

    it('sets and deletes a per-broker dynamic config on that broker', async () => {
      const brokerId = fx.wire.brokerIds()[0] ?? 1;
      const resource = { type: 'broker', brokerId } as const;
      const read = async (): Promise<ConfigEntry | undefined> =>
        (await describeConfigs(fx.wire, [{ resource, names: ['log.cleaner.backoff.ms'] }]))[0]?.entries[0];
      // Same value as the default (15 s), so the broker's behaviour does not change.
      expect(
        await incrementalAlterConfigs(fx.wire, [
          { resource, ops: [{ op: 'set', name: 'log.cleaner.backoff.ms', value: '15000' }] },
        ]),
      ).toEqual([{ resource, ok: true }]);
      try {
        const set = await eventually(async () =>
          (await read())?.source === 'DYNAMIC_BROKER_CONFIG' ? read() : undefined,
        );
        expect(set).toMatchObject({ value: '15000', source: 'DYNAMIC_BROKER_CONFIG' });
      } finally {
        await incrementalAlterConfigs(fx.wire, [{ resource, ops: [{ op: 'delete', name: 'log.cleaner.backoff.ms' }] }]);
      }
      expect(await eventually(async () => ((await read())?.source === 'DEFAULT_CONFIG' ? true : undefined))).toBe(true);

      // The cluster-wide default, validated only.
      const [bad] = await incrementalAlterConfigs(
        fx.wire,
        [
          {
            resource: { type: 'broker', brokerId: null },
            ops: [{ op: 'set', name: 'log.retention.ms', value: 'abc' }],
          },
        ],
        { validateOnly: true },
      );
      expect(bad).toMatchObject({ ok: false, code: 'INVALID_INPUT' });
    });

    it('fails a request to an unknown broker with a StackdeckError', async () => {
      const err = await incrementalAlterConfigs(
        fx.wire,
        [{ resource: { type: 'broker', brokerId: 4242 }, ops: [{ op: 'delete', name: 'x' }] }],
        { deadline: Date.now() + 5_000 },
      ).catch((e: unknown) => e);
      expect(isStackdeckError(err)).toBe(true);
    });
  });
});
