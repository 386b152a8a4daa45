/**
 * Kafka protocol extensions over kafkajs's broker connections. See wire.ts for
 * the framing and internals.ts for what of kafkajs we rely on.
 */
export { type CallOptions } from './call';
export { KafkaWire, wireError, type ApiSpec, type KafkaWireOptions, type VersionRange } from './wire';
export { KafkaError, KafkaProtocolError, kafkaErrorInfo, stackdeckCodeOf, type KafkaErrorInfo } from './errors';
export {
  fetchMetadata,
  type BrokerNode,
  type ClusterMetadata,
  type PartitionMetadata,
  type TopicMetadata,
} from './metadata';
export {
  describeApiVersions,
  inferKafkaVersion,
  type ApiVersionRange,
  type ApiVersionsResult,
  type BrokerApiVersions,
  type FinalizedFeature,
  type KafkaVersionHint,
  type SupportedFeature,
} from './apiVersions';
export {
  describeLogDirs,
  summarizeTopicSizes,
  type BrokerLogDirs,
  type DescribeLogDirsOptions,
  type LogDir,
  type LogDirReplica,
  type PartitionSize,
  type ReplicaSize,
  type TopicSize,
} from './describeLogDirs';
export { type ConfigResource } from './configResources';
export {
  describeConfigs,
  CONFIG_SOURCES,
  CONFIG_TYPES,
  type ConfigEntry,
  type ConfigSource,
  type ConfigSynonym,
  type ConfigType,
  type DescribeConfigsOptions,
  type DescribeConfigsRequestItem,
  type ResourceConfigs,
} from './describeConfigs';
export {
  incrementalAlterConfigs,
  type AlterConfigsItem,
  type AlterConfigsOutcome,
  type ConfigOp,
  type IncrementalAlterConfigsOptions,
} from './incrementalAlterConfigs';
export { type IsolationLevel, type OffsetSpec } from './listOffsets';
export { type KafkaRecord, type RecordHeader, type TimestampType } from './records';
