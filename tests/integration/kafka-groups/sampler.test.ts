/**
 * The lag sampler against the real broker, persisting into the real embedded
 * store: samples arrive through the async-iterator subscription, rates and the
 * catch-up estimate follow production and consumption, ticks never overlap,
 * and a new store instance on the same directory (a restart) still returns
 * the samples. A corrupt store file is set aside and reported.
 */
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Admin, Kafka as KafkaClient } from 'kafkajs';
import kafkaServer from '../../stack/servers/kafka.js';
import { requireServer, uniqueName } from '../helpers/servers.js';
import { ConsumerGroups } from '../../../src/core/kafka/groups/index.js';
import { type GroupLagSample, LagSampler } from '../../../src/core/kafka/lag/index.js';
import { LagHistory } from '../../../src/core/store/index.js';
import { createTopic, deleteTopics, makeEmptyGroup, newClient, produce, withTimeout } from './helpers.js';

describe('lag sampler + lag history', () => {
  const client: KafkaClient = newClient();
  const groups = ConsumerGroups.fromKafka(client);
  let admin: Admin;
  const topic = uniqueName('sd-sampler');
  const groupId = uniqueName('sd-sampler-g');
  const dataDir = mkdtempSync(join(tmpdir(), 'sd-sampler-'));
  const cluster = 'it-local';

  beforeAll(async () => {
    await requireServer(kafkaServer);
    admin = client.admin();
    await admin.connect();
    await createTopic(admin, topic, 2);
    await produce(client, topic, [20, 20]);
    await makeEmptyGroup(client, groupId, topic, [5, 10]);
  });

  afterAll(async () => {
    await admin.deleteGroups([groupId]).catch(() => undefined);
    await deleteTopics(admin, [topic]).catch(() => undefined);
    await admin.disconnect();
    await groups.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('samples, streams, estimates catch-up, persists, and survives a restart', async () => {
    const history = new LagHistory({ dataDir });
    // Ticks at least 1.1 s apart: chart queries bucket to whole seconds at the finest.
    const sampler = new LagSampler({
      cluster,
      source: groups,
      sink: history,
      options: { watchedIntervalMs: 1_100, allIntervalMs: 60_000 },
    });
    const pause = (): Promise<void> => new Promise((r) => setTimeout(r, 1_100));
    const ac = new AbortController();
    const stream = sampler.samples({ groupIds: [groupId], signal: ac.signal });
    expect(sampler.watchedGroups()).toEqual([groupId]);
    const seen: GroupLagSample[] = [];
    const reader = (async () => {
      for await (const s of stream) seen.push(s);
    })();

    // 1. An "all" tick: our group among every group on the broker, first sample has no rates yet.
    const first = await sampler.tick('all');
    const mine = first?.groups.find((g) => g.groupId === groupId);
    expect(first?.error).toBeNull();
    expect(mine).toMatchObject({
      cluster,
      totalLag: 25,
      state: 'Empty',
      stepMs: 1_100,
      catchUp: { state: 'unknown' },
      error: null,
    });
    expect(mine?.partitions.map((p) => [p.partition, p.committed, p.end, p.lag])).toEqual([
      [0, 5, 20, 15],
      [1, 10, 20, 10],
    ]);
    // Watched groups get time lag: the next unconsumed records exist.
    expect(mine?.timeLagMs).toBeGreaterThanOrEqual(0);

    // 2. Production without consumption: falling behind.
    await pause();
    await produce(client, topic, [30, 0]);
    const second = (await sampler.tick('watched'))?.groups.find((g) => g.groupId === groupId);
    expect(second?.totalLag).toBe(55);
    expect(second?.productionRate).toBeGreaterThan(0);
    expect(second?.consumptionRate).toBe(0);
    expect(second?.catchUp).toEqual({ state: 'falling-behind' });

    // 3. The group catches up (a reset to latest stands in for a fast consumer).
    await pause();
    await groups.executeReset({ groupId, topics: [{ topic }], spec: { to: 'latest' } });
    const third = (await sampler.tick('watched'))?.groups.find((g) => g.groupId === groupId);
    expect(third?.totalLag).toBe(0);
    expect(third?.consumptionRate).toBeGreaterThan(0);
    expect(third?.catchUp).toEqual({ state: 'caught-up' });

    // 4. No overlap: a tick requested while one runs is skipped.
    await pause();
    const [a, b] = await Promise.all([sampler.tick('watched'), sampler.tick('watched')]);
    expect([a, b].filter((t) => t === null)).toHaveLength(1);
    expect(sampler.stats.skipped).toBeGreaterThanOrEqual(1);

    // 5. The timer drives ticks on its own.
    const before = seen.length;
    await pause();
    sampler.start();
    await withTimeout(
      (async () => {
        while (seen.length < before + 2) await new Promise((r) => setTimeout(r, 50));
      })(),
      15_000,
      'two timed samples',
    );
    await sampler.stop();
    // A live chart whose sampler stops ends with a clear error rather than waiting forever.
    await expect(reader).rejects.toMatchObject({ code: 'CANCELLED' });
    ac.abort();
    expect(sampler.watchedGroups()).toEqual([]); // the subscription's watch ended with it
    expect(seen.slice(0, 3).map((s) => s.totalLag)).toEqual([25, 55, 0]);
    const recorded = seen.length;
    history.close();

    // 6. Restart: a new store instance on the same directory still has every tick.
    const reopened = new LagHistory({ dataDir });
    expect(reopened.status.state).toBe('ok');
    const series = reopened.query({ cluster, groupId, range: '15m', maxPoints: 100_000 });
    const points = series.points.filter((p) => !p.gap);
    expect(points.length).toBeGreaterThanOrEqual(recorded);
    expect(points.slice(0, 3).map((p) => p.lag)).toEqual([25, 55, 0]);
    expect(points[1]?.productionRate).toBeGreaterThan(0);
    const p0 = reopened.query({ cluster, groupId, topic, partition: 0, range: '15m', maxPoints: 100_000 });
    expect(
      p0.points
        .filter((p) => !p.gap)
        .slice(0, 2)
        .map((p) => p.lag),
    ).toEqual([15, 45]);
    expect(reopened.seriesOf(cluster, groupId)).toEqual([
      { topic, partition: -1 },
      { topic, partition: 0 },
      { topic, partition: 1 },
    ]);
    reopened.close();
  });

  it('samples unwatched groups at the slow interval, with topic totals only', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sd-sampler-all-'));
    try {
      const history = new LagHistory({ dataDir: dir });
      const sampler = new LagSampler({ cluster, source: groups, sink: history, options: { allIntervalMs: 60_000 } });
      const tick = await sampler.tick();
      expect(tick?.kind).toBe('all');
      const mine = tick?.groups.find((g) => g.groupId === groupId);
      expect(mine).toMatchObject({ stepMs: 60_000, totalLag: 0, timeLagMs: null });
      expect(history.seriesOf(cluster, groupId)).toEqual([{ topic, partition: -1 }]);
      history.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('sets a corrupt store file aside, reports it, and keeps sampling', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sd-sampler-corrupt-'));
    try {
      writeFileSync(join(dir, 'lag-history.db'), 'this is not a database'.repeat(500));
      const history = new LagHistory({ dataDir: dir });
      const status = history.status;
      expect(status.state).toBe('recovered');
      if (status.state === 'recovered') expect(existsSync(status.setAside)).toBe(true);
      const sampler = new LagSampler({ cluster, source: groups, sink: history });
      const tick = await sampler.tick('all');
      expect(tick?.error).toBeNull();
      expect(tick?.groups.find((g) => g.groupId === groupId)).toMatchObject({ error: null, totalLag: 0 });
      const points = history.query({ cluster, groupId, range: '15m' }).points.filter((p) => !p.gap);
      expect(points.map((p) => p.lag)).toContain(0);
      history.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
