/**
 * Batched group/offset operations over protocol/KafkaWire. This is where the
 * "10,000 groups" work happens:
 *
 * - ListGroups goes to every broker once; the broker that lists a group is its
 *   coordinator, so no FindCoordinator round trip is needed afterwards (and
 *   when one is, FindCoordinator v4 looks up many groups at once).
 * - DescribeGroups and OffsetFetch (v8: many groups per request) are sent per
 *   coordinator in batches, a bounded number of requests in flight.
 * - Partition offsets and next records are read by `partitions`
 *   (PartitionsWire), once per leader for the union of partitions.
 *
 * A coordinator or leader that moved (NOT_COORDINATOR, NOT_LEADER...) is looked
 * up again and the batch retried once; other per-group and per-partition errors
 * are returned as data for the caller to report, never thrown for a batch.
 */
import { StackdeckError } from '../../../../shared/errors';
import { type CallOptions, deadlineOf } from '../../protocol/call';
import { kafkaErrorInfo } from '../../protocol/errors';
import { type ApiSpec, type KafkaWire, wireError } from '../../protocol/wire';
import { chunk, mapLimit, pushTo, sendApi } from '../call';
import {
  type CommitInput,
  type CommitResult,
  DeleteGroupsApi,
  type DescribedGroup,
  DescribeGroupsApi,
  FindCoordinatorApi,
  GroupError,
  type GroupOffsets,
  type ListedGroup,
  ListGroupsApi,
  OffsetCommitApi,
  OffsetFetchApi,
  isCoordinatorMoved,
} from './groupApis';
import { CONSUMER_GROUP_DESCRIBE_KEY, ConsumerGroupDescribeApi, type KipGroup } from './consumerGroupApis';
import { PartitionsWire } from './partitionsWire';

export interface GroupsWireOptions {
  /** Groups per DescribeGroups request. */
  describeBatch?: number;
  /** Groups per OffsetFetch v8 request. */
  offsetFetchBatch?: number;
  /** Partitions per ListOffsets request. */
  partitionBatch?: number;
  /** Requests in flight at once. */
  concurrency?: number;
  /** How long a topic's partition leaders are trusted before asking again. */
  topicLayoutTtlMs?: number;
}

export interface ListedGroupAt extends ListedGroup {
  coordinator: number;
}

export const errorName = (code: number): string => kafkaErrorInfo(code).name;

export class GroupsWire {
  private readonly coordinators = new Map<string, number>();
  private readonly opts: Required<Omit<GroupsWireOptions, 'partitionBatch' | 'topicLayoutTtlMs'>>;
  /** Partition leaders, ListOffsets and next records, shared by every group. */
  readonly partitions: PartitionsWire;

  constructor(
    readonly kafka: KafkaWire,
    options: GroupsWireOptions = {},
  ) {
    this.opts = {
      describeBatch: options.describeBatch ?? 200,
      offsetFetchBatch: options.offsetFetchBatch ?? 100,
      concurrency: options.concurrency ?? 4,
    };
    this.partitions = new PartitionsWire(kafka, {
      partitionBatch: options.partitionBatch ?? 1000,
      concurrency: this.opts.concurrency,
      topicLayoutTtlMs: options.topicLayoutTtlMs ?? 30_000,
    });
  }

  private send<I, O>(
    target: number | 'any',
    spec: ApiSpec<I, O>,
    input: I,
    call: CallOptions,
    what: string,
  ): Promise<O> {
    return sendApi(this.kafka, target, spec, input, call, what);
  }

  private async maxVersion(nodeId: number, apiKey: number, call: CallOptions): Promise<number> {
    try {
      return (await this.kafka.versionRange(nodeId, apiKey, { ...call, deadline: deadlineOf(call) }))?.max ?? -1;
    } catch (e) {
      throw wireError(e, `Connecting to broker ${nodeId}`);
    }
  }

  // --- coordinators ---------------------------------------------------------

  /** The coordinator's node id; NOT_FOUND-free: a group without one yet gets one assigned by the broker. */
  async coordinator(groupId: string, call: CallOptions): Promise<number> {
    await this.lookupCoordinators([groupId], call);
    const node = this.coordinators.get(groupId);
    if (node === undefined) {
      throw new StackdeckError(
        'SERVER_ERROR',
        `No coordinator is available for group "${groupId}" right now. The cluster may be starting or rebalancing; try again.`,
        { groupId },
      );
    }
    return node;
  }

  forgetCoordinator(groupId: string): void {
    this.coordinators.delete(groupId);
  }

  private async lookupCoordinators(groupIds: readonly string[], call: CallOptions): Promise<void> {
    const unknown = [...new Set(groupIds)].filter((g) => !this.coordinators.has(g));
    if (unknown.length === 0) return;
    const any = await this.kafka.anyBrokerId({ ...call, deadline: deadlineOf(call) }).catch((e: unknown) => {
      throw wireError(e, 'Connecting to Kafka');
    });
    const batched = (await this.maxVersion(any, FindCoordinatorApi.apiKey, call)) >= 4;
    const batches = batched ? chunk(unknown, 100) : unknown.map((g) => [g]);
    await mapLimit(batches, this.opts.concurrency, call, 'Finding group coordinators', async (keys) => {
      const res = await this.send(any, FindCoordinatorApi, { keys }, call, 'Finding group coordinators');
      for (const c of res) {
        const key = batched ? c.key : (keys[0] ?? '');
        if (c.errorCode === 0) this.coordinators.set(key, c.nodeId);
      }
    });
  }

  /** Groups bucketed by coordinator node; groups without a coordinator right now are left out. */
  private async byCoordinator(groupIds: readonly string[], call: CallOptions): Promise<Map<number, string[]>> {
    await this.lookupCoordinators(groupIds, call);
    const out = new Map<number, string[]>();
    for (const g of groupIds) {
      const node = this.coordinators.get(g);
      if (node !== undefined) pushTo(out, node, g);
    }
    return out;
  }

  /**
   * Runs `fn` on each coordinator's batches; groups `fn` reports as moved are
   * looked up again and retried once.
   */
  private async perCoordinator(
    groupIds: readonly string[],
    batchSize: number,
    call: CallOptions,
    what: string,
    fn: (node: number, batch: string[]) => Promise<string[]>,
  ): Promise<void> {
    let pending = [...new Set(groupIds)];
    for (let attempt = 0; attempt < 2 && pending.length > 0; attempt++) {
      const buckets = await this.byCoordinator(pending, call);
      const jobs = [...buckets].flatMap(([node, gs]) => chunk(gs, batchSize).map((batch) => ({ node, batch })));
      const moved = await mapLimit(jobs, this.opts.concurrency, call, what, ({ node, batch }) => fn(node, batch));
      pending = moved.flat();
      for (const g of pending) this.forgetCoordinator(g);
    }
  }

  // --- ListGroups / DescribeGroups / OffsetFetch ------------------------------

  /** Every group on every broker. Brokers that fail are reported, not fatal, unless all fail. */
  async listGroups(
    call: CallOptions,
  ): Promise<{ groups: ListedGroupAt[]; failedBrokers: Array<{ nodeId: number; error: string }> }> {
    try {
      await this.kafka.refreshBrokers({ ...call, deadline: deadlineOf(call) });
    } catch (e) {
      throw wireError(e, 'Reading the broker list');
    }
    const ids = this.kafka.brokerIds();
    const failedBrokers: Array<{ nodeId: number; error: string }> = [];
    const perBroker = await mapLimit(ids, ids.length, call, 'Listing consumer groups', async (nodeId) => {
      try {
        const res = await this.send(nodeId, ListGroupsApi, {}, call, `Listing groups on broker ${nodeId}`);
        if (res.errorCode !== 0)
          throw new StackdeckError('SERVER_ERROR', `Broker ${nodeId}: ${errorName(res.errorCode)}`);
        return res.groups.map((g) => ({ ...g, coordinator: nodeId }));
      } catch (e) {
        const err = wireError(e, `Listing groups on broker ${nodeId}`);
        if (err.code === 'CANCELLED' || err.code === 'TIMEOUT') throw err;
        failedBrokers.push({ nodeId, error: err.message });
        return [];
      }
    });
    if (ids.length > 0 && failedBrokers.length === ids.length) {
      throw new StackdeckError(
        'UNREACHABLE',
        `No broker answered ListGroups: ${failedBrokers.map((f) => f.error).join('; ')}`,
      );
    }
    const groups = perBroker.flat();
    for (const g of groups) this.coordinators.set(g.groupId, g.coordinator);
    return { groups, failedBrokers };
  }

  async describeGroups(groupIds: readonly string[], call: CallOptions): Promise<Map<string, DescribedGroup>> {
    const out = new Map<string, DescribedGroup>();
    await this.perCoordinator(groupIds, this.opts.describeBatch, call, 'Describing groups', async (node, batch) => {
      const res = await this.send(
        node,
        DescribeGroupsApi,
        { groupIds: batch },
        call,
        `Describing ${batch.length} groups`,
      );
      const moved: string[] = [];
      for (const g of res) {
        if (isCoordinatorMoved(g.errorCode)) moved.push(g.groupId);
        else out.set(g.groupId, g);
      }
      return moved;
    });
    return out;
  }

  /**
   * KIP-848 groups described by ConsumerGroupDescribe, on coordinators that
   * offer it (others are skipped: their groups are all classic). A classic or
   * unknown group comes back with GROUP_ID_NOT_FOUND, which callers read as
   * "not a consumer group"; the map holds every answer the brokers gave.
   */
  async consumerGroupDescribe(groupIds: readonly string[], call: CallOptions): Promise<Map<string, KipGroup>> {
    const out = new Map<string, KipGroup>();
    if (groupIds.length === 0) return out;
    await this.perCoordinator(
      groupIds,
      this.opts.describeBatch,
      call,
      'Describing consumer groups',
      async (node, batch) => {
        if ((await this.maxVersion(node, CONSUMER_GROUP_DESCRIBE_KEY, call)) < 0) return [];
        const res = await this.send(
          node,
          ConsumerGroupDescribeApi,
          { groupIds: batch },
          call,
          `Describing ${batch.length} consumer groups`,
        );
        const moved: string[] = [];
        for (const g of res) {
          if (isCoordinatorMoved(g.errorCode)) moved.push(g.groupId);
          else out.set(g.groupId, g);
        }
        return moved;
      },
    );
    return out;
  }

  /** Committed offsets of all topics: one OffsetFetch v8 per batch of groups (per group on pre-3.0 brokers). */
  async committedOffsets(groupIds: readonly string[], call: CallOptions): Promise<Map<string, GroupOffsets>> {
    const out = new Map<string, GroupOffsets>();
    await this.perCoordinator(
      groupIds,
      this.opts.offsetFetchBatch,
      call,
      'Fetching committed offsets',
      async (node, batch) => {
        let res: GroupOffsets[];
        if ((await this.maxVersion(node, OffsetFetchApi.apiKey, call)) >= 8) {
          res = await this.send(
            node,
            OffsetFetchApi,
            { groupIds: batch },
            call,
            `Fetching committed offsets of ${batch.length} groups`,
          );
        } else {
          res = await mapLimit(batch, this.opts.concurrency, call, 'Fetching committed offsets', async (groupId) => {
            const [one] = await this.send(
              node,
              OffsetFetchApi,
              { groupIds: [groupId] },
              call,
              `Fetching committed offsets of "${groupId}"`,
            );
            return { ...(one ?? { errorCode: 0, topics: [] }), groupId };
          });
        }
        const moved: string[] = [];
        for (const g of res) {
          if (isCoordinatorMoved(g.errorCode)) moved.push(g.groupId);
          else out.set(g.groupId, g);
        }
        return moved;
      },
    );
    return out;
  }

  // --- writes ----------------------------------------------------------------

  async commitOffsets(input: CommitInput, call: CallOptions): Promise<CommitResult[]> {
    const node = await this.coordinator(input.groupId, call);
    const res = await this.send(node, OffsetCommitApi, input, call, `Committing offsets for group "${input.groupId}"`);
    if (res.some((r) => isCoordinatorMoved(r.errorCode))) this.forgetCoordinator(input.groupId);
    return res;
  }

  async deleteGroup(groupId: string, call: CallOptions): Promise<number> {
    const node = await this.coordinator(groupId, call);
    const res = await this.send(node, DeleteGroupsApi, { groupIds: [groupId] }, call, `Deleting group "${groupId}"`);
    const code = res.find((r) => r.groupId === groupId)?.errorCode ?? GroupError.GROUP_ID_NOT_FOUND;
    if (isCoordinatorMoved(code) || code === 0) this.forgetCoordinator(groupId);
    return code;
  }
}
