/**
 * Offset reset with the rules of `kafka-consumer-groups.sh --reset-offsets`:
 *
 * - only while the group is inactive (Empty, or Dead = no such group yet); the
 *   broker enforces the same, and we turn its refusal into a CONFLICT that says
 *   members are active;
 * - a preview (the CLI's default dry run) before executing; execute recomputes
 *   the targets, as `--execute` does, so "latest" means latest at execution;
 * - targets are clamped to [log start, high watermark] like the CLI
 *   (checkOffsetRange), and a timestamp with no later record falls back to the
 *   high watermark ("partition is empty, falling back to latest");
 * - shift-by needs a committed offset to shift from.
 *
 * kafkajs's admin.setOffsets/resetOffsets take one topic per call and set
 * "latest" as a sentinel (-1) the consumer resolves later, so the preview could
 * not show the real new offset; we commit concrete offsets with OffsetCommit
 * (generation -1, no member), as AdminClient.alterConsumerGroupOffsets does.
 */
import { StackdeckError } from '../../../shared/errors';
import type { CallOptions } from './call';
import { lagOf } from './model';
import { EARLIEST_TIMESTAMP, LATEST_TIMESTAMP } from '../protocol/listOffsets';
import { GroupError } from './wire/groupApis';
import { type GroupsWire, errorName as kafkaErrorName } from './wire/groupsWire';
import { tpKey } from './wire/partitionsWire';

export type ResetSpec =
  | { readonly to: 'earliest' }
  | { readonly to: 'latest' }
  /** Epoch ms: the first offset whose record timestamp is >= this. */
  | { readonly to: 'timestamp'; readonly timestamp: number }
  | { readonly to: 'offset'; readonly offset: number }
  /** Relative to the committed offset; negative moves back. */
  | { readonly to: 'shift'; readonly by: number };

export interface ResetRequest {
  readonly groupId: string;
  /** Each topic whole (no `partitions`) or the chosen partitions. */
  readonly topics: ReadonlyArray<{ readonly topic: string; readonly partitions?: readonly number[] }>;
  readonly spec: ResetSpec;
}

export interface ResetRow {
  topic: string;
  partition: number;
  currentOffset: number | null;
  /** Null when no target can be computed (see `note`). */
  newOffset: number | null;
  logStartOffset: number | null;
  logEndOffset: number | null;
  lagBefore: number | null;
  lagAfter: number | null;
  /** Why the target differs from what was asked (clamped, fallback) or why there is none. */
  note: string | null;
}

export interface ResetPlan {
  groupId: string;
  groupState: string;
  /** False while members are active: the preview is shown, execution is refused. */
  canExecute: boolean;
  blockedReason: string | null;
  rows: ResetRow[];
}

export interface ResetResult {
  groupId: string;
  rows: ResetRow[];
}

const INACTIVE = new Set(['Empty', 'Dead']);

export class ResetPlanner {
  constructor(private readonly wire: GroupsWire) {}

  async plan(req: ResetRequest, call: CallOptions): Promise<ResetPlan> {
    validate(req);
    const [described, kip, committed] = await Promise.all([
      this.wire.describeGroups([req.groupId], call),
      this.wire.consumerGroupDescribe([req.groupId], call),
      this.wire.committedOffsets([req.groupId], call),
    ]);
    // A KIP-848 group is Dead with no members to DescribeGroups; its real state is ConsumerGroupDescribe's.
    const k = kip.get(req.groupId);
    const d = k && k.errorCode === 0 ? k : described.get(req.groupId);
    const state = d?.state ?? 'Unknown';
    const members = d?.members.length ?? 0;
    const canExecute = INACTIVE.has(state) && members === 0;
    const current = new Map<string, number>();
    for (const t of committed.get(req.groupId)?.topics ?? [])
      for (const p of t.partitions) if (p.offset >= 0) current.set(tpKey(t.topic, p.partition), p.offset);
    const rows = await this.rows(req, current, call);
    return {
      groupId: req.groupId,
      groupState: state,
      canExecute,
      blockedReason: canExecute ? null : activeMessage(req.groupId, state, members),
      rows,
    };
  }

  async execute(req: ResetRequest, call: CallOptions): Promise<ResetResult> {
    const plan = await this.plan(req, call);
    if (!plan.canExecute) {
      throw new StackdeckError('CONFLICT', plan.blockedReason ?? activeMessage(req.groupId, plan.groupState, 0), {
        groupId: req.groupId,
        state: plan.groupState,
      });
    }
    const unresolved = plan.rows.filter((r) => r.newOffset === null);
    if (unresolved.length > 0) {
      const first = unresolved[0];
      throw new StackdeckError(
        'INVALID_INPUT',
        `Cannot reset ${unresolved.length} partition(s): ${first ? `${first.topic}/${first.partition}: ${first.note ?? 'no target'}` : ''}. Choose other partitions or another reset mode.`,
        { groupId: req.groupId },
      );
    }
    const byTopic = new Map<string, Array<{ partition: number; offset: number }>>();
    for (const r of plan.rows) {
      const arr = byTopic.get(r.topic) ?? [];
      arr.push({ partition: r.partition, offset: r.newOffset ?? 0 });
      byTopic.set(r.topic, arr);
    }
    const results = await this.wire.commitOffsets(
      { groupId: req.groupId, topics: [...byTopic].map(([topic, partitions]) => ({ topic, partitions })) },
      call,
    );
    const failed = results.filter((r) => r.errorCode !== GroupError.NONE);
    if (failed.length > 0) {
      const codes = new Set(failed.map((f) => f.errorCode));
      // The group gained members between our check and the commit: the broker refuses a generation -1 commit.
      if (
        codes.has(GroupError.UNKNOWN_MEMBER_ID) ||
        codes.has(GroupError.ILLEGAL_GENERATION) ||
        codes.has(GroupError.REBALANCE_IN_PROGRESS)
      ) {
        throw new StackdeckError('CONFLICT', activeMessage(req.groupId, 'active', 0), { groupId: req.groupId });
      }
      const f = failed[0];
      throw new StackdeckError(
        'SERVER_ERROR',
        `Committing new offsets for "${req.groupId}" failed${f ? ` on ${f.topic}/${f.partition}: ${kafkaErrorName(f.errorCode)}` : ''}. Offsets of other partitions may have changed; preview again.`,
        {
          groupId: req.groupId,
        },
      );
    }
    return { groupId: req.groupId, rows: plan.rows };
  }

  private async rows(req: ResetRequest, current: Map<string, number>, call: CallOptions): Promise<ResetRow[]> {
    const layouts = await this.wire.partitions.topicLayouts(
      req.topics.map((t) => t.topic),
      call,
      true,
    );
    const tps: Array<{ topic: string; partition: number }> = [];
    for (const t of req.topics) {
      const layout = layouts.get(t.topic);
      if (!layout || layout.error)
        throw new StackdeckError('NOT_FOUND', `Topic "${t.topic}" does not exist.`, { topic: t.topic });
      const parts = t.partitions ?? [...layout.leaders.keys()].sort((a, b) => a - b);
      for (const p of parts) {
        if (!layout.leaders.has(p))
          throw new StackdeckError('INVALID_INPUT', `Topic "${t.topic}" has no partition ${p}.`, {
            topic: t.topic,
            partition: p,
          });
        tps.push({ topic: t.topic, partition: p });
      }
    }
    const ask = (timestamp: number): Array<{ topic: string; partition: number; timestamp: number }> =>
      tps.map((tp) => ({ ...tp, timestamp }));
    const spec = req.spec;
    const [starts, ends, byTime] = await Promise.all([
      this.wire.partitions.listOffsets(ask(EARLIEST_TIMESTAMP), 'read_uncommitted', call),
      this.wire.partitions.listOffsets(ask(LATEST_TIMESTAMP), 'read_uncommitted', call),
      spec.to === 'timestamp'
        ? this.wire.partitions.listOffsets(ask(spec.timestamp), 'read_uncommitted', call)
        : Promise.resolve(null),
    ]);
    return tps.map(({ topic, partition }): ResetRow => {
      const k = tpKey(topic, partition);
      const start = starts.get(k);
      const end = ends.get(k);
      const cur = current.get(k) ?? null;
      const base = { topic, partition, currentOffset: cur, lagBefore: null as number | null };
      if (!start || !end || start.errorCode !== 0 || end.errorCode !== 0) {
        const code = start?.errorCode || end?.errorCode || 3; // UNKNOWN_TOPIC_OR_PARTITION
        return {
          ...base,
          newOffset: null,
          logStartOffset: null,
          logEndOffset: null,
          lagAfter: null,
          note: `offsets unavailable: ${kafkaErrorName(code)}`,
        };
      }
      const lo = start.offset;
      const hi = end.offset;
      let target: number | null;
      let note: string | null = null;
      switch (spec.to) {
        case 'earliest':
          target = lo;
          break;
        case 'latest':
          target = hi;
          break;
        case 'offset':
          target = spec.offset;
          break;
        case 'shift':
          target = cur === null ? null : cur + spec.by;
          if (cur === null) note = 'no committed offset to shift from';
          break;
        case 'timestamp': {
          const t = byTime?.get(k);
          if (t && t.errorCode === 0 && t.offset >= 0) target = t.offset;
          else {
            target = hi;
            note = 'no record at or after that time: falling back to the end';
          }
          break;
        }
      }
      if (target !== null && target < lo) {
        note = `below the log start offset ${lo}: using ${lo}`;
        target = lo;
      } else if (target !== null && target > hi) {
        note = `past the end offset ${hi}: using ${hi}`;
        target = hi;
      }
      return {
        ...base,
        lagBefore: lagOf(cur, hi),
        newOffset: target,
        logStartOffset: lo,
        logEndOffset: hi,
        lagAfter: lagOf(target, hi),
        note,
      };
    });
  }
}

function activeMessage(groupId: string, state: string, members: number): string {
  const who = members > 0 ? `${members} active member${members === 1 ? '' : 's'}` : 'active members';
  return `Offsets of group "${groupId}" can only be reset while it is inactive (Empty), but it is ${state} with ${who}. Stop its consumers, then try again.`;
}

function validate(req: ResetRequest): void {
  if (!req.groupId) throw new StackdeckError('INVALID_INPUT', 'A group id is required.');
  if (req.topics.length === 0) throw new StackdeckError('INVALID_INPUT', 'Choose at least one topic to reset.');
  const s = req.spec;
  if (s.to === 'offset' && (!Number.isSafeInteger(s.offset) || s.offset < 0))
    throw new StackdeckError('INVALID_INPUT', 'The offset must be a non-negative integer.');
  if (s.to === 'shift' && !Number.isSafeInteger(s.by))
    throw new StackdeckError('INVALID_INPUT', 'The shift must be an integer.');
  if (s.to === 'timestamp' && (!Number.isFinite(s.timestamp) || s.timestamp < 0))
    throw new StackdeckError('INVALID_INPUT', 'The timestamp must be epoch milliseconds.');
}
