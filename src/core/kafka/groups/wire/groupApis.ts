/**
 * The consumer-group APIs as ApiSpecs for protocol/KafkaWire (which picks the
 * highest version both sides support, frames flexible versions and sends over
 * kafkajs's connections). Field layouts from the Kafka protocol guide
 * (kafka.apache.org/protocol). kafkajs has these APIs only up to old versions,
 * with one group per request and parsers that throw on the first
 * partition-level error; here every error is returned as data, per group and
 * per partition, so one bad group never fails a batch of hundreds.
 *
 * - FindCoordinator v1-v4: v4 looks up many groups in one request (KIP-699).
 * - ListGroups v0-v5: v4 reports each group's state in the listing (KIP-518),
 *   v5 its type: classic, consumer (KIP-848), share (KIP-932) or streams (KIP-1071).
 * - DescribeGroups v0-v5: v4 adds static member ids (KIP-345).
 * - OffsetFetch v2-v8: v8 fetches many groups in one request (KIP-709); v2+ so
 *   a null topic list means "all topics". v9 is for KIP-848 members: not needed.
 * - OffsetCommit v2-v8, DeleteGroups v0-v2.
 */
import type { Reader, Writer } from '../../protocol/codec';
import type { ApiSpec } from '../../protocol/wire';

export const GroupError = {
  NONE: 0,
  COORDINATOR_LOAD_IN_PROGRESS: 14,
  COORDINATOR_NOT_AVAILABLE: 15,
  NOT_COORDINATOR: 16,
  ILLEGAL_GENERATION: 22,
  UNKNOWN_MEMBER_ID: 25,
  REBALANCE_IN_PROGRESS: 27,
  GROUP_AUTHORIZATION_FAILED: 30,
  NON_EMPTY_GROUP: 68,
  GROUP_ID_NOT_FOUND: 69,
} as const;

/** The coordinator moved or is not up yet: look it up again and retry. */
export function isCoordinatorMoved(code: number): boolean {
  return code === GroupError.NOT_COORDINATOR || code === GroupError.COORDINATOR_NOT_AVAILABLE;
}

// --- FindCoordinator ----------------------------------------------------------

export interface Coordinator {
  key: string;
  nodeId: number;
  errorCode: number;
}

/** Before v4 exactly one key per request; the caller checks the version range. */
export const FindCoordinatorApi: ApiSpec<{ keys: readonly string[] }, Coordinator[]> = {
  apiKey: 10,
  name: 'FindCoordinator',
  minVersion: 1,
  maxVersion: 4,
  flexibleFrom: 3,
  encode(w: Writer, version: number, input: { keys: readonly string[] }): void {
    if (version < 4) {
      w.string(input.keys[0] ?? '');
      w.int8(0); // key type: group
    } else {
      w.int8(0);
      w.array(input.keys, (x, k) => x.string(k));
    }
    w.tags();
  },
  decode(r: Reader, version: number): Coordinator[] {
    r.int32(); // throttle
    if (version < 4) {
      const errorCode = r.int16();
      r.nullableString(); // error message
      const nodeId = r.int32();
      r.string(); // host
      r.int32(); // port
      r.tags();
      return [{ key: '', nodeId, errorCode }];
    }
    const out = r.array((c) => {
      const key = c.string();
      const nodeId = c.int32();
      c.string();
      c.int32();
      const errorCode = c.int16();
      c.nullableString();
      c.tags();
      return { key, nodeId, errorCode };
    });
    r.tags();
    return out;
  },
};

// --- ListGroups ----------------------------------------------------------------

export interface ListedGroup {
  groupId: string;
  protocolType: string;
  /** Null before v4 (then DescribeGroups tells). */
  state: string | null;
  /** `classic`, `consumer`, `share`, `streams`; null before v5 (every group is classic there). */
  type: string | null;
}

export const ListGroupsApi: ApiSpec<Record<string, never>, { errorCode: number; groups: ListedGroup[] }> = {
  apiKey: 16,
  name: 'ListGroups',
  minVersion: 0,
  maxVersion: 5,
  flexibleFrom: 3,
  encode(w: Writer, version: number): void {
    if (version >= 4) w.array<string>([], (x, s) => x.string(s)); // states filter: all
    if (version >= 5) w.array<string>([], (x, s) => x.string(s)); // types filter: all
    w.tags();
  },
  decode(r: Reader, version: number) {
    if (version >= 1) r.int32(); // throttle
    const errorCode = r.int16();
    const groups = r.array((g) => {
      const groupId = g.string();
      const protocolType = g.string();
      const state = version >= 4 ? g.string() : null;
      const type = version >= 5 ? g.string() : null;
      g.tags();
      return { groupId, protocolType, state, type };
    });
    r.tags();
    return { errorCode, groups };
  },
};

// --- DescribeGroups ------------------------------------------------------------

export interface DescribedMember {
  memberId: string;
  groupInstanceId: string | null;
  clientId: string;
  clientHost: string;
  metadata: Buffer;
  assignment: Buffer;
}
export interface DescribedGroup {
  errorCode: number;
  groupId: string;
  state: string;
  protocolType: string;
  protocol: string;
  members: DescribedMember[];
}

const copy = (b: Buffer | null): Buffer => (b ? Buffer.from(b) : Buffer.alloc(0));

export const DescribeGroupsApi: ApiSpec<{ groupIds: readonly string[] }, DescribedGroup[]> = {
  apiKey: 15,
  name: 'DescribeGroups',
  minVersion: 0,
  maxVersion: 5,
  flexibleFrom: 5,
  encode(w: Writer, version: number, input: { groupIds: readonly string[] }): void {
    w.array(input.groupIds, (x, g) => x.string(g));
    if (version >= 3) w.bool(false); // include_authorized_operations
    w.tags();
  },
  decode(r: Reader, version: number): DescribedGroup[] {
    if (version >= 1) r.int32(); // throttle
    const groups = r.array((g) => {
      const errorCode = g.int16();
      const groupId = g.string();
      const state = g.string();
      const protocolType = g.string();
      const protocol = g.string();
      const members = g.array((m) => {
        const member = {
          memberId: m.string(),
          groupInstanceId: version >= 4 ? m.nullableString() : null,
          clientId: m.string(),
          clientHost: m.string(),
          // Copies: a view would keep the whole response buffer alive.
          metadata: copy(m.nullableBytes()),
          assignment: copy(m.nullableBytes()),
        };
        m.tags();
        return member;
      });
      if (version >= 3) g.int32(); // authorized operations
      g.tags();
      return { errorCode, groupId, state, protocolType, protocol, members };
    });
    r.tags();
    return groups;
  },
};

// --- OffsetFetch ---------------------------------------------------------------

export interface CommittedPartition {
  partition: number;
  /** -1: no committed offset. */
  offset: number;
  errorCode: number;
}
export interface GroupOffsets {
  groupId: string;
  errorCode: number;
  topics: Array<{ topic: string; partitions: CommittedPartition[] }>;
}

function decodeOffsetTopics(r: Reader, version: number): GroupOffsets['topics'] {
  return r.array((t) => {
    const topic = t.string();
    const partitions = t.array((p) => {
      const partition = p.int32();
      const offset = p.int64();
      if (version >= 5) p.int32(); // committed leader epoch
      p.nullableString(); // metadata
      const errorCode = p.int16();
      p.tags();
      return { partition, offset, errorCode };
    });
    t.tags();
    return { topic, partitions };
  });
}

/** All topics of each group. Before v8 exactly one group per request; the caller checks the version range. */
export const OffsetFetchApi: ApiSpec<{ groupIds: readonly string[] }, GroupOffsets[]> = {
  apiKey: 9,
  name: 'OffsetFetch',
  minVersion: 2,
  maxVersion: 8,
  flexibleFrom: 6,
  encode(w: Writer, version: number, input: { groupIds: readonly string[] }): void {
    if (version < 8) {
      w.string(input.groupIds[0] ?? '');
      w.array(null, () => undefined); // all topics
      // require_stable false: like the CLI, pending transactional commits are not there yet.
      if (version >= 7) w.bool(false);
    } else {
      w.array(input.groupIds, (x, g) => {
        x.string(g);
        x.array(null, () => undefined);
        x.tags();
      });
      w.bool(false);
    }
    w.tags();
  },
  decode(r: Reader, version: number): GroupOffsets[] {
    if (version >= 3) r.int32(); // throttle
    if (version < 8) {
      const topics = decodeOffsetTopics(r, version);
      const errorCode = r.int16();
      r.tags();
      return [{ groupId: '', errorCode, topics }];
    }
    const groups = r.array((g) => {
      const groupId = g.string();
      const topics = decodeOffsetTopics(g, version);
      const errorCode = g.int16();
      g.tags();
      return { groupId, errorCode, topics };
    });
    r.tags();
    return groups;
  },
};

// --- OffsetCommit --------------------------------------------------------------

export interface CommitInput {
  groupId: string;
  topics: ReadonlyArray<{ topic: string; partitions: ReadonlyArray<{ partition: number; offset: number }> }>;
}
export interface CommitResult {
  topic: string;
  partition: number;
  errorCode: number;
}

/**
 * Commits as an administrator (generation -1, empty member id), like the Java
 * AdminClient's alterConsumerGroupOffsets: the coordinator accepts it only
 * while the group has no members.
 */
export const OffsetCommitApi: ApiSpec<CommitInput, CommitResult[]> = {
  apiKey: 8,
  name: 'OffsetCommit',
  minVersion: 2,
  maxVersion: 8,
  flexibleFrom: 8,
  encode(w: Writer, version: number, input: CommitInput): void {
    w.string(input.groupId);
    w.int32(-1); // generation
    w.string(''); // member id
    if (version >= 7) w.nullableString(null); // group instance id
    if (version <= 4) w.int64(-1); // retention: broker default
    w.array(input.topics, (x, t) => {
      x.string(t.topic);
      x.array(t.partitions, (y, p) => {
        y.int32(p.partition);
        y.int64(p.offset);
        if (version >= 6) y.int32(-1); // leader epoch: unknown
        y.nullableString(''); // metadata
        y.tags();
      });
      x.tags();
    });
    w.tags();
  },
  decode(r: Reader, version: number): CommitResult[] {
    if (version >= 3) r.int32(); // throttle
    const out: CommitResult[] = [];
    r.array((t) => {
      const topic = t.string();
      t.array((p) => {
        out.push({ topic, partition: p.int32(), errorCode: p.int16() });
        p.tags();
      });
      t.tags();
    });
    r.tags();
    return out;
  },
};

// --- DeleteGroups ----------------------------------------------------------------

export const DeleteGroupsApi: ApiSpec<
  { groupIds: readonly string[] },
  Array<{ groupId: string; errorCode: number }>
> = {
  apiKey: 42,
  name: 'DeleteGroups',
  minVersion: 0,
  maxVersion: 2,
  flexibleFrom: 2,
  encode(w: Writer, _version: number, input: { groupIds: readonly string[] }): void {
    w.array(input.groupIds, (x, g) => x.string(g));
    w.tags();
  },
  decode(r: Reader) {
    r.int32(); // throttle
    const out = r.array((g) => {
      const res = { groupId: g.string(), errorCode: g.int16() };
      g.tags();
      return res;
    });
    r.tags();
    return out;
  },
};
