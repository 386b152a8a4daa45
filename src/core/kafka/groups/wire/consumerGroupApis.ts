/**
 * ConsumerGroupDescribe (API key 69, v0-v1): how a KIP-848 group
 * (`group.protocol=consumer`, GA in Kafka 4.0) is described. DescribeGroups
 * answers for such a group with `Dead` and no members, since the members
 * never JoinGroup; the state, epochs, assignor and each member's current and
 * target assignment are only here. Layout checked against the 4.4.0 jar's
 * ConsumerGroupDescribeResponseData schemas; v1 adds MemberType (KIP-1099:
 * 0 = classic-protocol member of a consumer group, 1 = consumer), unused here.
 * Brokers without the API (3.x, or 4.x with the consumer protocol disabled)
 * do not list key 69 in ApiVersions; callers check first.
 */
import type { Reader, Writer } from '../../protocol/codec';
import type { ApiSpec } from '../../protocol/wire';

export const CONSUMER_GROUP_DESCRIBE_KEY = 69;

export interface KipAssignment {
  topic: string;
  partitions: number[];
}

export interface KipMember {
  memberId: string;
  instanceId: string | null;
  rackId: string | null;
  memberEpoch: number;
  clientId: string;
  clientHost: string;
  subscribedTopicNames: string[];
  subscribedTopicRegex: string | null;
  assignment: KipAssignment[];
  targetAssignment: KipAssignment[];
}

export interface KipGroup {
  errorCode: number;
  errorMessage: string | null;
  groupId: string;
  state: string;
  groupEpoch: number;
  assignmentEpoch: number;
  assignor: string;
  members: KipMember[];
}

function decodeAssignment(r: Reader): KipAssignment[] {
  const out = r.array((t) => {
    t.skip(16); // topic id (UUID); the name is sent beside it
    const topic = t.string();
    const partitions = t.array((p) => p.int32()).sort((a, b) => a - b);
    t.tags();
    return { topic, partitions };
  });
  r.tags();
  return out.sort((a, b) => a.topic.localeCompare(b.topic));
}

export const ConsumerGroupDescribeApi: ApiSpec<{ groupIds: readonly string[] }, KipGroup[]> = {
  apiKey: CONSUMER_GROUP_DESCRIBE_KEY,
  name: 'ConsumerGroupDescribe',
  minVersion: 0,
  maxVersion: 1,
  flexibleFrom: 0,
  encode(w: Writer, _version: number, input: { groupIds: readonly string[] }): void {
    w.array(input.groupIds, (x, g) => x.string(g));
    w.bool(false); // include_authorized_operations
    w.tags();
  },
  decode(r: Reader, version: number): KipGroup[] {
    r.int32(); // throttle
    const groups = r.array((g) => {
      const errorCode = g.int16();
      const errorMessage = g.nullableString();
      const groupId = g.string();
      const state = g.string();
      const groupEpoch = g.int32();
      const assignmentEpoch = g.int32();
      const assignor = g.string();
      const members = g.array((m) => {
        const memberId = m.string();
        const instanceId = m.nullableString();
        const rackId = m.nullableString();
        const memberEpoch = m.int32();
        const clientId = m.string();
        const clientHost = m.string();
        const subscribedTopicNames = m.array((s) => s.string()).sort();
        const subscribedTopicRegex = m.nullableString();
        const assignment = decodeAssignment(m);
        const targetAssignment = decodeAssignment(m);
        if (version >= 1) m.int8(); // member type
        m.tags();
        return {
          memberId,
          instanceId,
          rackId,
          memberEpoch,
          clientId,
          clientHost,
          subscribedTopicNames,
          subscribedTopicRegex,
          assignment,
          targetAssignment,
        };
      });
      g.int32(); // authorized operations
      g.tags();
      return { errorCode, errorMessage, groupId, state, groupEpoch, assignmentEpoch, assignor, members };
    });
    r.tags();
    return groups;
  },
};
