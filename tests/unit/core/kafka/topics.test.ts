import { describe, expect, it } from 'vitest';
import type { ConfigEntryView } from '../../../../src/shared/contract/kafka/topics';
import { originOf, opsVisible, toView } from '../../../../src/core/kafka/topics/configs';
import { summarize } from '../../../../src/core/kafka/topics/handlers';
import { countMessages } from '../../../../src/core/kafka/topics/stats';

const entry = (name: string, value: string | null, origin: ConfigEntryView['origin']): ConfigEntryView => ({
  name,
  value,
  origin,
  kafkaSource: origin === 'dynamic' ? 'DYNAMIC_TOPIC_CONFIG' : 'DEFAULT_CONFIG',
  isDefault: origin === 'default',
  isSensitive: false,
  readOnly: false,
  type: 'STRING',
});

describe('core helpers', () => {
  it('maps config sources and masks sensitive values', () => {
    expect(originOf('DYNAMIC_TOPIC_CONFIG')).toBe('dynamic');
    expect(originOf('DYNAMIC_DEFAULT_BROKER_CONFIG')).toBe('dynamic');
    expect(originOf('STATIC_BROKER_CONFIG')).toBe('static');
    expect(originOf('DEFAULT_CONFIG')).toBe('default');
    const v = toView({
      name: 'p',
      value: 'leaked',
      readOnly: false,
      source: 'DYNAMIC_BROKER_CONFIG',
      isDefault: false,
      isSensitive: true,
      synonyms: [],
      type: 'PASSWORD',
      documentation: null,
    });
    expect(v.value).toBeNull();
  });
  it('knows when an applied change is visible', () => {
    const es = [entry('retention.ms', '10', 'dynamic'), entry('cleanup.policy', 'delete', 'default')];
    expect(
      opsVisible(es, [
        { op: 'set', name: 'retention.ms', value: '10' },
        { op: 'delete', name: 'cleanup.policy' },
      ]),
    ).toBe(true);
    expect(opsVisible(es, [{ op: 'delete', name: 'retention.ms' }])).toBe(false);
  });
  it('summarizes metadata and counts messages, partial when a partition is unknown', () => {
    const md = {
      name: 't',
      isInternal: false,
      error: null,
      partitions: [
        {
          partition: 0,
          leader: 1,
          leaderEpoch: 0,
          replicas: [1, 2, 3],
          isr: [1, 3],
          offlineReplicas: [2],
          error: null,
        },
        { partition: 1, leader: -1, leaderEpoch: 0, replicas: [2], isr: [], offlineReplicas: [2], error: null },
      ],
    };
    expect(summarize(md)).toEqual({
      name: 't',
      internal: false,
      partitions: 2,
      replicationFactor: 3,
      underReplicated: 2,
      offline: 1,
    });
    expect(summarize({ ...md, name: '__x' }).internal).toBe(true);
    expect(countMessages(md, new Map([[0, { start: 5, end: 15 }]]))).toEqual({ messages: 10, partial: true });
    expect(countMessages(md, undefined)).toEqual({ messages: null, partial: true });
  });
});
