/** Group members as the UI shows them, from a classic DescribeGroups or a KIP-848 ConsumerGroupDescribe answer. */
import type { GroupMember, TopicPartitions } from './model';
import type { KipGroup } from './wire/consumerGroupApis';
import { decodeAssignment, decodeSubscription } from './wire/consumerProtocol';
import type { DescribedGroup } from './wire/groupApis';

export function kipMember(m: KipGroup['members'][number]): GroupMember {
  return {
    memberId: m.memberId,
    groupInstanceId: m.instanceId,
    clientId: m.clientId,
    host: m.clientHost,
    subscribedTopics: m.subscribedTopicNames,
    assignment: m.assignment,
    memberEpoch: m.memberEpoch,
    targetAssignment: m.targetAssignment,
  };
}

export function toMember(m: DescribedGroup['members'][number], protocolType: string): GroupMember {
  const consumer = protocolType === 'consumer';
  return {
    memberId: m.memberId,
    groupInstanceId: m.groupInstanceId,
    clientId: m.clientId,
    // The broker reports "/1.2.3.4"; the CLI shows it as is, and so do we.
    host: m.clientHost,
    subscribedTopics: consumer ? decodeSubscription(m.metadata) : null,
    assignment: consumer ? sortAssignment(decodeAssignment(m.assignment)) : null,
    memberEpoch: null,
    targetAssignment: null,
  };
}

function sortAssignment(a: TopicPartitions[] | null): TopicPartitions[] | null {
  if (!a) return null;
  return a
    .map((t) => ({ topic: t.topic, partitions: [...t.partitions].sort((x, y) => x - y) }))
    .sort((x, y) => x.topic.localeCompare(y.topic));
}
