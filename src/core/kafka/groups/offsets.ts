/** High watermarks shared by every group that reads a partition, and the partitions a set of groups has committed. */
import type { CallOptions } from './call';
import { LATEST_TIMESTAMP } from '../protocol/listOffsets';
import type { GroupOffsets } from './wire/groupApis';
import { errorName as kafkaErrorName } from './wire/groupsWire';
import { type PartitionsWire, tpKey } from './wire/partitionsWire';

export interface EndOffset {
  offset: number | null;
  error: string | null;
}

/** High watermarks for a set of partitions, each fetched once however many groups share it. */
export async function endOffsets(
  partitions: PartitionsWire,
  tps: Iterable<{ topic: string; partition: number }>,
  call: CallOptions,
): Promise<Map<string, EndOffset>> {
  const unique = new Map<string, { topic: string; partition: number; timestamp: number }>();
  for (const tp of tps) unique.set(tpKey(tp.topic, tp.partition), { ...tp, timestamp: LATEST_TIMESTAMP });
  const res = await partitions.listOffsets([...unique.values()], 'read_uncommitted', call);
  const out = new Map<string, EndOffset>();
  for (const [k, r] of res) {
    out.set(
      k,
      r.errorCode === 0
        ? { offset: r.offset, error: null }
        : { offset: null, error: `${r.topic}/${r.partition}: ${kafkaErrorName(r.errorCode)}` },
    );
  }
  return out;
}

export function* committedPartitions(groups: Iterable<GroupOffsets>): Generator<{ topic: string; partition: number }> {
  for (const g of groups)
    for (const t of g.topics)
      for (const p of t.partitions) if (p.offset >= 0) yield { topic: t.topic, partition: p.partition };
}
