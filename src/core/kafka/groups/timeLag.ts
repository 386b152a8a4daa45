/** Time lag: the age of the next unconsumed record, read without a group at each lagging partition's committed offset. */
import { type CallOptions, pushTo } from './call';
import type { GroupLagSnapshot, PartitionLag } from './model';
import { type PartitionsWire, tpKey } from './wire/partitionsWire';

type SnapshotPartition = GroupLagSnapshot['partitions'][number];

/** Time lag of a group's detail partitions, in place. */
export async function fillTimeLag(
  wire: PartitionsWire,
  partitions: PartitionLag[],
  now: number,
  call: CallOptions,
): Promise<void> {
  const lagging = partitions.filter((p) => p.lag !== null && p.lag > 0 && p.committedOffset !== null);
  if (lagging.length === 0) return;
  const next = await wire.nextRecords(
    lagging.map((p) => ({ topic: p.topic, partition: p.partition, offset: p.committedOffset ?? 0 })),
    call,
  );
  for (const p of lagging) {
    const r = next.get(tpKey(p.topic, p.partition));
    if (!r || r.errorCode !== 0) continue; // e.g. OFFSET_OUT_OF_RANGE after retention: unknown
    if (r.record) {
      p.nextRecordTimestamp = r.record.timestamp;
      p.timeLagMs = Math.max(0, now - r.record.timestamp);
      p.timeLagExact = r.record.exact;
    } else {
      // Nothing but transaction markers up to the high watermark: nothing left to consume.
      p.timeLagMs = 0;
    }
  }
}

/**
 * Time lag of snapshot partitions, in place. Groups at the same committed
 * offset share one read; different offsets on one partition need separate
 * fetches, so they go in rounds of at most one position per partition.
 */
export async function fillSnapshotTimeLag(
  wire: PartitionsWire,
  lagging: SnapshotPartition[],
  takenAt: number,
  call: CallOptions,
): Promise<void> {
  const positions = new Map(
    lagging.map((p) => [
      `${tpKey(p.topic, p.partition)}\u0000${p.committed}`,
      { topic: p.topic, partition: p.partition, offset: p.committed ?? 0 },
    ]),
  );
  const rounds = new Map<string, Array<{ topic: string; partition: number; offset: number }>>();
  for (const pos of positions.values()) pushTo(rounds, tpKey(pos.topic, pos.partition), pos);
  const maxRounds = Math.max(0, ...[...rounds.values()].map((r) => r.length));
  const found = new Map<string, number>();
  for (let i = 0; i < maxRounds; i++) {
    const batch: Array<{ topic: string; partition: number; offset: number }> = [];
    for (const r of rounds.values()) {
      const pos = r[i];
      if (pos) batch.push(pos);
    }
    const next = await wire.nextRecords(batch, call);
    for (const pos of batch) {
      const r = next.get(tpKey(pos.topic, pos.partition));
      if (r && r.errorCode === 0)
        found.set(
          `${tpKey(pos.topic, pos.partition)}\u0000${pos.offset}`,
          r.record ? Math.max(0, takenAt - r.record.timestamp) : 0,
        );
    }
  }
  for (const p of lagging) p.timeLagMs = found.get(`${tpKey(p.topic, p.partition)}\u0000${p.committed}`) ?? null;
}
