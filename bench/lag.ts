/**
 * `npm run bench:lag`: consumer-group lag at scale against the Kafka CLI, on the local broker.
 *
 *   npm run bench:lag [-- --groups 500 --sample-seconds 60]
 *
 * 1. Creates (or reuses) a 24-partition topic and 500 groups with committed
 *    offsets on it (Empty groups: offsets committed with setOffsets).
 * 2. Times Stackdeck's full lag computation for every group on the cluster
 *    (ConsumerGroups.list: ListGroups, DescribeGroups, OffsetFetch, ListOffsets
 *    at the high watermark) against `kafka-consumer-groups --describe --all-groups`
 *    (ConsumerGroupCommand from the stack's jars, JVM start included, as a user
 *    runs it), and prints the ratio (target <= 0.5x).
 * 3. Runs the LagSampler over all groups every 10 s for a minute, writing to a
 *    LagHistory in a temp dir, and reports its CPU (process.cpuUsage) and memory.
 * Not part of `npm test`. Samples every group's partitions (partitionRows 'all')
 * every 10 s: six times the default all-groups rate, the worst case.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import kafkajs from 'kafkajs';
import { ConsumerGroups } from '../src/core/kafka/groups';
import { LagSampler } from '../src/core/kafka/lag';
import { LagHistory } from '../src/core/store';
import { KAFKA_CLI, kafkaCliCommand } from '../tests/stack/servers/kafka';

const arg = (name: string): string | undefined => {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
};
const GROUPS = Number(arg('--groups') ?? 500);
const SAMPLE_SECONDS = Number(arg('--sample-seconds') ?? 60);
const PARTITIONS = 24;
const BROKER = '127.0.0.1:9092';
const TOPIC = `sd-bench-lag-${PARTITIONS}p`;
const PREFIX = 'sd-bench-lag-g';
const ids = Array.from({ length: GROUPS }, (_, i) => `${PREFIX}-${String(i).padStart(4, '0')}`);

const kafka = new kafkajs.Kafka({
  clientId: 'stackdeck-bench-lag',
  brokers: [BROKER],
  logLevel: kafkajs.logLevel.NOTHING,
  requestTimeout: 30_000,
});

async function ensureFixture(): Promise<void> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    if (!(await admin.listTopics()).includes(TOPIC)) {
      await admin.createTopics({ topics: [{ topic: TOPIC, numPartitions: PARTITIONS }], waitForLeaders: true });
      const producer = kafka.producer();
      await producer.connect();
      await producer.send({
        topic: TOPIC,
        messages: Array.from({ length: PARTITIONS * 200 }, (_, n) => ({ partition: n % PARTITIONS, value: `m-${n}` })),
      });
      await producer.disconnect();
    }
    const existing = new Set((await admin.listGroups()).groups.map((g) => g.groupId));
    const missing = ids.filter((g) => !existing.has(g));
    const t0 = Date.now();
    for (let i = 0; i < missing.length; i += 50) {
      await Promise.all(
        missing.slice(i, i + 50).map((groupId, j) =>
          admin.setOffsets({
            groupId,
            topic: TOPIC,
            partitions: Array.from({ length: PARTITIONS }, (_, p) => ({
              partition: p,
              offset: String((i + j + p * 7) % 200),
            })),
          }),
        ),
      );
    }
    console.log(
      missing.length > 0
        ? `created ${missing.length} groups in ${((Date.now() - t0) / 1000).toFixed(1)} s`
        : `reusing ${GROUPS} groups on ${TOPIC}`,
    );
  } finally {
    await admin.disconnect();
  }
}

function cliAllGroups(): Promise<{ ms: number; rows: number }> {
  const { command, args } = kafkaCliCommand(KAFKA_CLI.consumerGroups, [
    '--bootstrap-server',
    BROKER,
    '--describe',
    '--all-groups',
  ]);
  const t0 = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let rows = 0;
    let tail = '';
    child.stdout.on('data', (d: Buffer) => {
      const text = tail + d.toString();
      const lines = text.split('\n');
      tail = lines.pop() ?? '';
      rows += lines.filter((l) => l.startsWith(PREFIX)).length;
    });
    child.on('error', reject);
    child.on('close', (code) => {
      if (tail.startsWith(PREFIX)) rows++;
      if (code === 0) resolve({ ms: performance.now() - t0, rows });
      else reject(new Error(`ConsumerGroupCommand exited with ${code}`));
    });
  });
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;
const mb = (n: number): string => `${(n / 1024 / 1024).toFixed(1)} MB`;

async function main(): Promise<void> {
  await ensureFixture();
  const groups = ConsumerGroups.fromKafka(kafka);
  try {
    // Warm-up: broker connections and topic layouts, as in a running app.
    await groups.list({ deadline: Date.now() + 60_000 });
    const listMs: number[] = [];
    const snapMs: number[] = [];
    let groupCount = 0;
    let partitionRows = 0;
    for (let i = 0; i < 5; i++) {
      let t0 = performance.now();
      const list = await groups.list({ deadline: Date.now() + 60_000 });
      listMs.push(performance.now() - t0);
      groupCount = list.groups.length;
      t0 = performance.now();
      const snap = await groups.lagSnapshot({ deadline: Date.now() + 60_000 });
      snapMs.push(performance.now() - t0);
      partitionRows = snap.groups.reduce((s, g) => s + g.partitions.length, 0);
    }
    const cli: number[] = [];
    let cliRows = 0;
    for (let i = 0; i < 3; i++) {
      const r = await cliAllGroups();
      cli.push(r.ms);
      cliRows = r.rows;
    }
    const ours = median(listMs);
    const theirs = median(cli);
    console.log(
      `\ngroups on the cluster: ${groupCount} (${GROUPS} bench groups x ${PARTITIONS} partitions; CLI printed ${cliRows} bench rows, lag snapshot ${partitionRows} partition rows)`,
    );
    console.log(
      `Stackdeck full lag, all groups (list: describe + offsets + high watermarks), median of 5: ${ours.toFixed(0)} ms`,
    );
    console.log(
      `Stackdeck lag snapshot (sampler round: offsets + high watermarks), median of 5:        ${median(snapMs).toFixed(0)} ms`,
    );
    console.log(
      `kafka-consumer-groups --describe --all-groups (JVM start included), median of 3:      ${theirs.toFixed(0)} ms`,
    );
    console.log(`ratio Stackdeck / CLI: ${(ours / theirs).toFixed(3)}x (target <= 0.5x)`);

    // Sampler cost: every group, every 10 s, for SAMPLE_SECONDS, persisted.
    const dir = await mkdtemp(join(tmpdir(), 'stackdeck-bench-lag-'));
    const history = new LagHistory({ dataDir: dir });
    const sampler = new LagSampler({
      cluster: 'bench',
      source: groups,
      sink: history,
      options: { watchedIntervalMs: 10_000, allIntervalMs: 10_000, partitionRows: 'all' },
    });
    let ticks = 0;
    let tickMs = 0;
    sampler.subscribe((t) => {
      ticks++;
      tickMs += t.durationMs;
    });
    global.gc?.();
    const mem0 = process.memoryUsage();
    const cpu0 = process.cpuUsage();
    const wall0 = performance.now();
    let peakRss = mem0.rss;
    const peek = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 500);
    sampler.start();
    await new Promise((r) => setTimeout(r, SAMPLE_SECONDS * 1000));
    await sampler.stop();
    clearInterval(peek);
    const cpu = process.cpuUsage(cpu0);
    const wall = performance.now() - wall0;
    const memLive = process.memoryUsage();
    // After a full GC (npm run bench:lag runs node with --expose-gc): what the sampler keeps, not its garbage.
    global.gc?.();
    const mem1 = process.memoryUsage();
    const stats = history.stats();
    history.close();
    await rm(dir, { recursive: true, force: true });
    const cpuMs = (cpu.user + cpu.system) / 1000;
    console.log(
      `\nsampler, all ${groupCount} groups every 10 s for ${SAMPLE_SECONDS} s: ${ticks} ticks, mean tick ${(tickMs / Math.max(1, ticks)).toFixed(0)} ms`,
    );
    console.log(
      `  CPU: ${cpuMs.toFixed(0)} ms (user ${(cpu.user / 1000).toFixed(0)} + system ${(cpu.system / 1000).toFixed(0)}) = ${((cpuMs / wall) * 100).toFixed(2)}% of one core`,
    );
    console.log(
      `  memory: heap ${mb(mem0.heapUsed)} -> ${mb(memLive.heapUsed)} before GC, ${mb(mem1.heapUsed)} after GC; RSS ${mb(mem0.rss)} -> ${mb(mem1.rss)} (peak ${mb(peakRss)})`,
    );
    console.log(`  store: ${stats.rows} rows, ${mb(stats.bytes)}`);
  } finally {
    await groups.close();
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
