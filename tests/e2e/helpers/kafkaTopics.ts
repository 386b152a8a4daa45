import type { Admin } from 'kafkajs';

/**
 * Creates a topic and waits until every partition has a leader in the metadata the broker serves.
 * On a loaded machine the broker's metadata cache lags the controller (KRaft), and kafkajs's own
 * `waitForLeaders` gives up with "does not host this topic-partition"; a fixture must not fail on that.
 */
export async function createTopicReady(admin: Admin, topic: string, numPartitions: number): Promise<void> {
  await admin.createTopics({ topics: [{ topic, numPartitions }], waitForLeaders: false });
  const deadline = Date.now() + 30_000;
  let last: unknown;
  while (Date.now() < deadline) {
    try {
      const md = await admin.fetchTopicMetadata({ topics: [topic] });
      const partitions = md.topics[0]?.partitions ?? [];
      if (partitions.length === numPartitions && partitions.every((p) => p.leader >= 0)) return;
    } catch (e) {
      last = e;
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`topic ${topic} had no leader for every partition within 30 s${last ? `: ${String(last)}` : ''}`);
}
