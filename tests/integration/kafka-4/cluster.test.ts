/**
 * The release and finalized features the cluster screen shows, from the
 * default Kafka 4.4 broker (`kafka`) and the 3.9 broker (`kafka-3.9`), checked
 * against what the 4.4 `kafka-features describe` tool reports for `kafka`.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeApiVersions } from '../../../src/core/kafka/protocol/apiVersions';
import { KafkaWire } from '../../../src/core/kafka/protocol/wire';
import kafka, { KAFKA_BOOTSTRAP, KAFKA_CLI } from '../../stack/servers/kafka.js';
import { KAFKA_39_BOOTSTRAP, kafka39 } from '../../stack/servers/kafka-3.9.js';
import { requireServer } from '../helpers/servers.js';
import { newClient } from '../kafka-groups/helpers.js';
import { newClient4, runCli4 } from './helpers';

let wire4: KafkaWire;
let wire39: KafkaWire;

beforeAll(async () => {
  await Promise.all([requireServer(kafka), requireServer(kafka39)]);
  wire4 = KafkaWire.fromKafka(newClient4());
  wire39 = KafkaWire.fromKafka(newClient('stackdeck-kafka39-it', KAFKA_39_BOOTSTRAP));
});

afterAll(async () => {
  await Promise.allSettled([wire4?.disconnect(), wire39?.disconnect()]);
});

describe('Kafka release and features', () => {
  it('names a 4.4 broker 4.4 (not "3.9 or later") and lists its finalized features as kafka-features does', async () => {
    const [b] = await describeApiVersions(wire4);
    expect(b?.apis.some((a) => a.apiKey === 69)).toBe(true); // ConsumerGroupDescribe
    expect(b?.hint).toMatchObject({ release: '4.4', atLeast: false, clusterMetadataVersion: '4.4-IV2' });
    const features = new Map((b?.hint.finalizedFeatures ?? []).map((f) => [f.name, f]));
    expect(features.get('metadata.version')).toEqual({ name: 'metadata.version', level: 33, version: '4.4-IV2' });

    // kafka-features describe: "Feature: group.version  SupportedMinVersion: 0  SupportedMaxVersion: 1  FinalizedVersionLevel: 1 ..."
    const res = await runCli4(KAFKA_CLI.features, ['--bootstrap-server', KAFKA_BOOTSTRAP, 'describe']);
    expect(res.code, res.stderr).toBe(0);
    const cli = new Map<string, string>();
    for (const line of res.stdout.split('\n')) {
      const m = /Feature:\s*(\S+)\s.*FinalizedVersionLevel:\s*(\S+)/.exec(line);
      if (m?.[1] && m[2]) cli.set(m[1], m[2]);
    }
    expect(cli.get('metadata.version')).toBe('4.4-IV2');
    for (const [name, level] of cli) {
      if (name === 'metadata.version' || level === '-' || level === '0') continue;
      expect(features.get(name)?.level, name).toBe(Number(level));
    }
    expect(features.get('group.version')?.level).toBeGreaterThanOrEqual(1);
    expect(features.has('transaction.version')).toBe(true);
  }, 90_000);

  it('still names the 3.9 broker 3.9', async () => {
    const [b] = await describeApiVersions(wire39);
    expect(b?.hint).toMatchObject({ release: '3.9', atLeast: false, clusterMetadataVersion: '3.9-IV0' });
    expect(b?.hint.finalizedFeatures.find((f) => f.name === 'metadata.version')?.version).toBe('3.9-IV0');
  });
});
