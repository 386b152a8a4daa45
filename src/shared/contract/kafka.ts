import { kafkaAcls } from './kafka/acls';
import { kafkaConnect } from './kafka/connect';
import { kafkaGroups } from './kafka/groups';
import { kafkaMessages } from './kafka/messages';
import { kafkaQuotas } from './kafka/quotas';
import { kafkaSchemas } from './kafka/schemas';
import { kafkaScram } from './kafka/scram';
import { kafkaTopics } from './kafka/topics';

/**
 * The Kafka area of the contract, kept in three files by concern: cluster and
 * topics, messages (browse, search, tail, produce, export), consumer groups and lag, Kafka Connect, ACLs, SCRAM users, client quotas, Schema Registry.
 */
export const kafka = {
  ...kafkaTopics,
  ...kafkaMessages,
  ...kafkaGroups,
  ...kafkaConnect,
  ...kafkaAcls,
  ...kafkaScram,
  ...kafkaQuotas,
  ...kafkaSchemas,
} as const;
