/**
 * Kafka protocol error codes (org.apache.kafka.common.protocol.Errors) as data,
 * and their mapping onto Stackdeck's closed set of error codes.
 *
 * Names and server messages for codes up to 88 come from kafkajs's own table;
 * the newer ones a 3.x/4.x broker can return to the requests in this folder are
 * added below. A code neither knows is shown as `KAFKA_ERROR_<n>`.
 */
import kafkajsErrors from 'kafkajs/src/protocol/error.js';
import { StackdeckError, type ErrorCode } from '../../../shared/errors';

export interface KafkaErrorInfo {
  /** The wire code, e.g. 40. */
  readonly code: number;
  /** Kafka's name, e.g. `INVALID_CONFIG`. */
  readonly name: string;
  /** The broker's own message when it sent one (ErrorMessage fields), else Kafka's description of the code. */
  readonly message: string;
  /** Whether Kafka considers the condition transient (retry after a metadata refresh or a pause). */
  readonly retriable: boolean;
}

/** The codes we branch on. Kafka renamed 6 to NOT_LEADER_OR_FOLLOWER in 2.6; kafkajs still says NOT_LEADER_FOR_PARTITION. */
export const KafkaError = {
  NONE: 0,
  UNKNOWN_SERVER_ERROR: -1,
  OFFSET_OUT_OF_RANGE: 1,
  CORRUPT_MESSAGE: 2,
  UNKNOWN_TOPIC_OR_PARTITION: 3,
  LEADER_NOT_AVAILABLE: 5,
  NOT_LEADER_OR_FOLLOWER: 6,
  REQUEST_TIMED_OUT: 7,
  REPLICA_NOT_AVAILABLE: 9,
  TOPIC_AUTHORIZATION_FAILED: 29,
  CLUSTER_AUTHORIZATION_FAILED: 31,
  UNSUPPORTED_VERSION: 35,
  INVALID_CONFIG: 40,
  NOT_CONTROLLER: 41,
  INVALID_REQUEST: 42,
  POLICY_VIOLATION: 44,
  KAFKA_STORAGE_ERROR: 56,
  LOG_DIR_NOT_FOUND: 57,
  FENCED_LEADER_EPOCH: 74,
  UNKNOWN_LEADER_EPOCH: 75,
  UNSUPPORTED_COMPRESSION_TYPE: 76,
  OFFSET_NOT_AVAILABLE: 78,
  THROTTLING_QUOTA_EXCEEDED: 89,
  RESOURCE_NOT_FOUND: 91,
  DUPLICATE_RESOURCE: 92,
  UNKNOWN_TOPIC_ID: 100,
  OFFSET_MOVED_TO_TIERED_STORAGE: 109,
} as const;

const NEWER: ReadonlyArray<readonly [number, string, boolean, string]> = [
  [6, 'NOT_LEADER_OR_FOLLOWER', true, 'This server is not the leader or a follower for that topic-partition.'],
  [89, 'THROTTLING_QUOTA_EXCEEDED', true, 'The throttling quota has been exceeded.'],
  [
    90,
    'PRODUCER_FENCED',
    false,
    'There is a newer producer with the same transactionalId which fences the current one.',
  ],
  [91, 'RESOURCE_NOT_FOUND', false, 'A request illegally referred to a resource that does not exist.'],
  [92, 'DUPLICATE_RESOURCE', false, 'A request illegally referred to the same resource twice.'],
  [93, 'UNACCEPTABLE_CREDENTIAL', false, 'Requested credential would not meet criteria for acceptability.'],
  [95, 'INVALID_UPDATE_VERSION', false, 'The given update version was invalid.'],
  [96, 'FEATURE_UPDATE_FAILED', false, 'Unable to update finalized features due to an unexpected server error.'],
  [97, 'PRINCIPAL_DESERIALIZATION_FAILURE', false, 'Request principal deserialization failed during forwarding.'],
  [100, 'UNKNOWN_TOPIC_ID', true, 'This server does not host this topic ID.'],
  [103, 'INCONSISTENT_TOPIC_ID', true, "The log's topic ID did not match the topic ID in the request."],
  [106, 'FETCH_SESSION_TOPIC_ID_ERROR', true, 'The fetch session encountered inconsistent topic ID usage.'],
  [109, 'OFFSET_MOVED_TO_TIERED_STORAGE', false, 'The requested offset is moved to tiered storage.'],
  [116, 'UNKNOWN_CONTROLLER_ID', false, 'This controller ID is not known.'],
];

const TABLE = new Map<number, { name: string; retriable: boolean; message: string }>();
for (const e of kafkajsErrors.errorCodes)
  TABLE.set(e.code, { name: e.type, retriable: e.retriable, message: e.message });
for (const [code, name, retriable, message] of NEWER) TABLE.set(code, { name, retriable, message });

export function kafkaErrorInfo(code: number, serverMessage?: string | null): KafkaErrorInfo {
  const known = TABLE.get(code);
  const message =
    serverMessage !== undefined && serverMessage !== null && serverMessage !== ''
      ? serverMessage
      : (known?.message ?? 'Unknown Kafka error.');
  return { code, name: known?.name ?? `KAFKA_ERROR_${code}`, message, retriable: known?.retriable ?? false };
}

/** Errors after which the partition's leader may have moved: refresh metadata, then retry. */
const LEADERSHIP = new Set<number>([
  KafkaError.NOT_LEADER_OR_FOLLOWER,
  KafkaError.LEADER_NOT_AVAILABLE,
  KafkaError.REPLICA_NOT_AVAILABLE,
  KafkaError.FENCED_LEADER_EPOCH,
  KafkaError.UNKNOWN_LEADER_EPOCH,
  KafkaError.KAFKA_STORAGE_ERROR,
  KafkaError.OFFSET_NOT_AVAILABLE,
  // A partition being created or reassigned is briefly unknown to its new leader.
  KafkaError.UNKNOWN_TOPIC_OR_PARTITION,
  KafkaError.UNKNOWN_TOPIC_ID,
]);

export function isLeadershipError(code: number): boolean {
  return LEADERSHIP.has(code);
}

function stackdeckCodeFor(code: number): ErrorCode {
  const name = TABLE.get(code)?.name ?? '';
  if (name.endsWith('_AUTHORIZATION_FAILED')) return 'AUTH_FAILED';
  switch (code) {
    case KafkaError.UNKNOWN_TOPIC_OR_PARTITION:
    case KafkaError.UNKNOWN_TOPIC_ID:
    case KafkaError.RESOURCE_NOT_FOUND:
    case KafkaError.LOG_DIR_NOT_FOUND:
      return 'NOT_FOUND';
    case KafkaError.INVALID_CONFIG:
    case KafkaError.INVALID_REQUEST:
    case KafkaError.POLICY_VIOLATION:
    case KafkaError.OFFSET_OUT_OF_RANGE:
    case KafkaError.DUPLICATE_RESOURCE:
      return 'INVALID_INPUT';
    case KafkaError.REQUEST_TIMED_OUT:
      return 'TIMEOUT';
    case 36: // TOPIC_ALREADY_EXISTS
    case 60: // REASSIGNMENT_IN_PROGRESS
      return 'CONFLICT';
    default:
      return 'SERVER_ERROR';
  }
}

/** A Kafka error code returned in a response, as a typed Error (never leaves core untranslated: see toStackdeck()). */
export class KafkaProtocolError extends Error {
  override readonly name = 'KafkaProtocolError';
  readonly info: KafkaErrorInfo;

  constructor(
    info: KafkaErrorInfo,
    readonly context: string,
  ) {
    super(`${context}: ${info.name} (${info.code}): ${info.message}`);
    this.info = info;
  }

  static of(code: number, context: string, serverMessage?: string | null): KafkaProtocolError {
    return new KafkaProtocolError(kafkaErrorInfo(code, serverMessage), context);
  }

  toStackdeck(): StackdeckError {
    return new StackdeckError(stackdeckCodeFor(this.info.code), `${this.context}: ${this.info.message}`, {
      kafkaError: this.info.name,
      kafkaErrorCode: this.info.code,
    });
  }
}

/** The Stackdeck code a per-resource Kafka error maps to (for callers that report errors per resource). */
export function stackdeckCodeOf(info: KafkaErrorInfo): ErrorCode {
  return stackdeckCodeFor(info.code);
}
