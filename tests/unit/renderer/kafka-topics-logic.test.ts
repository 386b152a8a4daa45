import { describe, expect, it } from 'vitest';
import type { ConfigEntryView, TopicStats, TopicSummary } from '../../../src/shared/contract/kafka/topics';
import { collidingTopic, topicNameProblem, topicNameWarning } from '../../../src/shared/contract/kafka/topicName';
import {
  checkCreateForm,
  configOps,
  diffRows,
  filterSortTopics,
  formatBytes,
  formatCount,
  parseConfigLines,
  topicOfResource,
  topicResource,
} from '../../../src/renderer/src/features/kafka/topics/logic';

const topic = (name: string, over: Partial<TopicSummary> = {}): TopicSummary => ({
  name,
  internal: false,
  partitions: 1,
  replicationFactor: 1,
  underReplicated: 0,
  offline: 0,
  ...over,
});
const entry = (
  name: string,
  value: string | null,
  origin: ConfigEntryView['origin'],
  over: Partial<ConfigEntryView> = {},
): ConfigEntryView => ({
  name,
  value,
  origin,
  kafkaSource: origin === 'dynamic' ? 'DYNAMIC_TOPIC_CONFIG' : 'DEFAULT_CONFIG',
  isDefault: origin === 'default',
  isSensitive: false,
  readOnly: false,
  type: 'STRING',
  ...over,
});

describe('topic names (Kafka rules)', () => {
  it('accepts legal names and explains illegal ones', () => {
    expect(topicNameProblem('orders.v1_x-y')).toBeNull();
    expect(topicNameProblem('')).toMatch(/Enter/);
    expect(topicNameProblem('.')).toMatch(/"\."/);
    expect(topicNameProblem('..')).toMatch(/"\.\."/);
    expect(topicNameProblem('a'.repeat(249))).toBeNull();
    expect(topicNameProblem('a'.repeat(250))).toMatch(/at most 249/);
    expect(topicNameProblem('bad name/x')).toMatch(/" ", "\/"/);
  });

  it('warns about . and _ and finds collisions', () => {
    expect(topicNameWarning('plain-name')).toBeNull();
    expect(topicNameWarning('a.b')).toMatch(/collide/);
    expect(collidingTopic('a.b', ['a_b', 'c'])).toBe('a_b');
    expect(collidingTopic('a.b', ['a.b'])).toBeNull();
    expect(collidingTopic('ab', ['a_b'])).toBeNull();
  });
});

describe('formatting', () => {
  it('formats bytes and counts', () => {
    expect(formatBytes(null)).toBe('—');
    expect(formatBytes(512)).toBe('512 B');
    expect(formatBytes(1536)).toBe('1.5 KiB');
    expect(formatBytes(50 * 1024 * 1024)).toBe('50 MiB');
    expect(formatCount(1234567)).toBe('1,234,567');
    expect(formatCount(undefined)).toBe('—');
  });
  it('round-trips topic resource ids', () => {
    expect(topicOfResource(topicResource('a:b'))).toBe('a:b');
    expect(topicOfResource('topics')).toBeNull();
  });
});

describe('topic list filter and sort', () => {
  const topics = [
    topic('b', { partitions: 3 }),
    topic('a', { underReplicated: 2 }),
    topic('c', { offline: 1 }),
    topic('orders'),
  ];
  it('filters case-insensitively and sorts by name', () => {
    expect(filterSortTopics(topics, 'ORD', { key: 'name', desc: false }, new Map()).map((t) => t.name)).toEqual([
      'orders',
    ]);
    expect(filterSortTopics(topics, '', { key: 'name', desc: true }, new Map()).map((t) => t.name)).toEqual([
      'orders',
      'c',
      'b',
      'a',
    ]);
  });
  it('puts offline before under-replicated when sorting by health', () => {
    expect(filterSortTopics(topics, '', { key: 'underReplicated', desc: true }, new Map()).map((t) => t.name)).toEqual([
      'c',
      'a',
      'b',
      'orders',
    ]);
  });
  it('sorts by loaded stats and keeps rows without stats last', () => {
    const stats = new Map<string, TopicStats>([
      ['a', { name: 'a', messages: 5, sizeBytes: 10, replicaBytes: 10, partial: false }],
      ['b', { name: 'b', messages: 50, sizeBytes: 100, replicaBytes: 100, partial: false }],
    ]);
    expect(filterSortTopics(topics, '', { key: 'messages', desc: true }, stats).map((t) => t.name)).toEqual([
      'b',
      'a',
      'c',
      'orders',
    ]);
    expect(filterSortTopics(topics, '', { key: 'size', desc: false }, stats).map((t) => t.name)).toEqual([
      'a',
      'b',
      'c',
      'orders',
    ]);
  });
});

describe('config edits', () => {
  const entries = [
    entry('retention.ms', '3600000', 'dynamic'),
    entry('cleanup.policy', 'delete', 'default'),
    entry('secret', null, 'dynamic', { isSensitive: true }),
  ];
  it('turns edits into ops: unchanged values and resets of non-overrides are dropped', () => {
    const ops = configOps(entries, {
      'retention.ms': { kind: 'set', value: '3600000' },
      'cleanup.policy': { kind: 'set', value: 'compact' },
      'max.message.bytes': { kind: 'reset' },
    });
    expect(ops).toEqual([{ op: 'set', name: 'cleanup.policy', value: 'compact' }]);
    expect(configOps(entries, { 'retention.ms': { kind: 'reset' } })).toEqual([{ op: 'delete', name: 'retention.ms' }]);
  });
  it('shows before and after, never a sensitive value', () => {
    const rows = diffRows(entries, [
      { op: 'set', name: 'cleanup.policy', value: 'compact' },
      { op: 'delete', name: 'retention.ms' },
      { op: 'set', name: 'secret', value: 'x' },
    ]);
    expect(rows[0]).toEqual({ name: 'cleanup.policy', before: 'delete', beforeOrigin: 'default', after: 'compact' });
    expect(rows[1]?.after).toMatch(/inherited/);
    expect(rows[2]?.before).toBe('(hidden)');
  });
});

describe('create topic form', () => {
  it('parses key=value lines', () => {
    expect(parseConfigLines('# c\nretention.ms = 10\n\ncleanup.policy=compact')).toEqual({
      configs: { 'retention.ms': '10', 'cleanup.policy': 'compact' },
    });
    expect(parseConfigLines('novalue').error).toMatch(/Line 1/);
    expect(parseConfigLines('a=1\na=2').error).toMatch(/twice/);
  });
  it('validates inline, with the broker count for the replication factor', () => {
    const ok = checkCreateForm({ name: 'orders', partitions: '3', replicationFactor: '1', configs: '' }, 1);
    expect(ok.request).toEqual({ name: 'orders', partitions: 3, replicationFactor: 1, configs: {} });
    const bad = checkCreateForm({ name: 'bad name', partitions: '0', replicationFactor: '3', configs: 'x' }, 1);
    expect(bad.request).toBeUndefined();
    expect(bad.errors.name).toMatch(/only contain/);
    expect(bad.errors.partitions).toMatch(/between 1/);
    expect(bad.errors.replicationFactor).toMatch(/1 broker/);
    expect(bad.errors.configs).toMatch(/key=value/);
    expect(checkCreateForm({ name: 'a.b', partitions: '1', replicationFactor: '1', configs: '' }, 3).warning).toMatch(
      /collide/,
    );
  });
});
