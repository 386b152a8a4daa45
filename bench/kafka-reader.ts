/**
 * Measures the group-less reader against kcat on the local broker:
 *   npx tsx bench/kafka-reader.ts [--messages 1000000] [--keep]
 *
 * Creates (or reuses) a 12-partition topic of ~200-byte JSON messages, then:
 * 1. newest 100 across all partitions (readPage) vs `kcat -C -o -9 -e` per partition;
 * 2. a full scan with PartitionReader (records decoded, keys/values as views) vs
 *    kcat consuming the whole topic to /dev/null;
 * 3. peak heap growth during the scan.
 * Prints times and ratios. Not part of `npm test`.
 */
import { spawn } from 'node:child_process';
import kafkajs from 'kafkajs';
import { readPage } from '../src/core/kafka/browse/pages';
import { openPartitionReader } from '../src/core/kafka/browse/partitionReader';
import { KafkaWire } from '../src/core/kafka/protocol/wire';

const arg = (name: string): string | undefined => {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
};
const MESSAGES = Number(arg('--messages') ?? 1_000_000);
const KEEP = process.argv.includes('--keep');
const BROKER = process.env.STACKDECK_KAFKA_BROKERS ?? '127.0.0.1:9092';
const TOPIC = `sd-bench-reader-${MESSAGES}`;
const PARTITIONS = 12;

const kafka = new kafkajs.Kafka({ clientId: 'stackdeck-bench', brokers: [BROKER], logLevel: kafkajs.logLevel.NOTHING });

async function ensureTopic(): Promise<void> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    if ((await admin.listTopics()).includes(TOPIC)) {
      const offsets = await admin.fetchTopicOffsets(TOPIC);
      if (offsets.reduce((s, p) => s + Number(p.high), 0) >= MESSAGES) return;
      await admin.deleteTopics({ topics: [TOPIC] });
      await new Promise((r) => setTimeout(r, 2000));
    }
    await admin.createTopics({ topics: [{ topic: TOPIC, numPartitions: PARTITIONS }], waitForLeaders: true });
  } finally {
    await admin.disconnect();
  }
  const producer = kafka.producer();
  await producer.connect();
  const started = Date.now();
  const batch = 5_000;
  for (let i = 0; i < MESSAGES; i += batch) {
    const messages = Array.from({ length: Math.min(batch, MESSAGES - i) }, (_, j) => {
      const n = i + j;
      const value = JSON.stringify({
        id: n,
        user: `user-${n % 1000}`,
        kind: n % 100 === 0 ? 'needle' : 'hay',
        at: new Date(1_700_000_000_000 + n).toISOString(),
        pad: 'x'.repeat(110),
      });
      return { key: `k${n}`, value };
    });
    await producer.send({ topic: TOPIC, messages });
  }
  await producer.disconnect();
  console.log(`produced ${MESSAGES} messages in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

function kcat(args: string[]): Promise<number> {
  return new Promise((resolve, reject) => {
    const t0 = process.hrtime.bigint();
    const p = spawn('kcat', ['-b', BROKER, ...args], { stdio: ['ignore', 'ignore', 'inherit'] });
    p.on('error', reject);
    p.on('exit', (code) =>
      code === 0 ? resolve(Number(process.hrtime.bigint() - t0) / 1e6) : reject(new Error(`kcat exited ${code}`)),
    );
  });
}

async function main(): Promise<void> {
  await ensureTopic();
  const wire = KafkaWire.fromKafka(kafka);
  await wire.connect();

  // 1. newest 100 across all partitions. kcat: -o -9 per partition (ceil(100/12) = 9).
  const newest: number[] = [];
  for (let i = 0; i < 5; i++) {
    const t0 = performance.now();
    const page = await readPage(wire, { topic: TOPIC, start: { kind: 'newest' }, pageSize: 100 });
    newest.push(performance.now() - t0);
    if (page.records.length !== 100) throw new Error(`page had ${page.records.length} records`);
  }
  const kcatNewest: number[] = [];
  for (let i = 0; i < 3; i++) kcatNewest.push(await kcat(['-C', '-t', TOPIC, '-o', '-9', '-e', '-q']));
  const med = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;
  console.log(
    `newest 100: stackdeck ${med(newest).toFixed(0)} ms (warm; first ${newest[0]?.toFixed(0)} ms), kcat ${med(kcatNewest).toFixed(0)} ms (process start included) -> ratio ${(med(newest) / med(kcatNewest)).toFixed(2)}`,
  );

  // 2. full scan, 3. heap growth.
  global.gc?.();
  const heap0 = process.memoryUsage().heapUsed;
  let peak = heap0;
  const sampler = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().heapUsed);
  }, 20);
  const t0 = performance.now();
  const { reader } = await openPartitionReader(wire, {
    topic: TOPIC,
    partitions: { all: { kind: 'earliest' } },
    copyBuffers: false,
  });
  let count = 0;
  let matched = 0;
  for await (const chunk of reader) {
    for (const r of chunk.records) {
      count++;
      // A cheap stand-in for a filter touching every value (~1% match).
      if (r.value !== null && r.value.includes('needle')) matched++;
    }
    peak = Math.max(peak, process.memoryUsage().heapUsed);
  }
  const scanMs = performance.now() - t0;
  clearInterval(sampler);
  const kcatScan = await kcat(['-C', '-t', TOPIC, '-o', 'beginning', '-e', '-q', '-f', '%s\n']);
  console.log(
    `scan: stackdeck ${count} records (${matched} matched) in ${(scanMs / 1000).toFixed(2)} s = ${Math.round(count / (scanMs / 1000))} msg/s; kcat ${(kcatScan / 1000).toFixed(2)} s = ${Math.round(MESSAGES / (kcatScan / 1000))} msg/s -> rate ratio ${(kcatScan / scanMs).toFixed(2)}`,
  );
  console.log(`peak heap growth during scan: ${((peak - heap0) / 1024 / 1024).toFixed(1)} MB`);

  await wire.disconnect();
  if (!KEEP) {
    const admin = kafka.admin();
    await admin.connect();
    await admin.deleteTopics({ topics: [TOPIC] });
    await admin.disconnect();
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
