/**
 * Topic lifecycle: create, add partitions, delete. The requests go through
 * kafkajs's admin (CreateTopics, CreatePartitions, DeleteTopics work there);
 * the waiting does not: kafkajs's `waitForLeaders` fails on KRaft, so we poll
 * our own Metadata until every partition has a leader (or the topic is gone).
 */
import type { Admin } from 'kafkajs';
import { collidingTopic, topicNameProblem, topicNameWarning } from '../../../shared/contract/kafka/topicName';
import { StackdeckError, type ErrorCode } from '../../../shared/errors';
import { toStackdeckError } from '../../errors';
import { bounded, pause, type CallOptions } from '../protocol/call';
import { fetchMetadata, MetadataApi, type TopicMetadata } from '../protocol/metadata';
import type { KafkaWire } from '../protocol/wire';

/** Kafka errors that mean "your input is wrong", not "the server failed". */
const INPUT_ERRORS = new Set([
  'INVALID_TOPIC_EXCEPTION',
  'INVALID_PARTITIONS',
  'INVALID_REPLICATION_FACTOR',
  'INVALID_REPLICA_ASSIGNMENT',
  'INVALID_CONFIG',
  'POLICY_VIOLATION',
  'INVALID_REQUEST',
]);

/** The Kafka error type (e.g. INVALID_CONFIG) anywhere in a kafkajs error chain. */
function kafkaTypeOf(e: unknown, depth = 0): { type: string; message: string } | null {
  if (depth > 5 || typeof e !== 'object' || e === null) return null;
  const rec = e as Record<string, unknown>;
  if (typeof rec.type === 'string' && /^[A-Z_]+$/.test(rec.type))
    return { type: rec.type, message: typeof rec.message === 'string' ? rec.message : rec.type };
  for (const k of ['originalError', 'cause']) {
    const found = kafkaTypeOf(rec[k], depth + 1);
    if (found) return found;
  }
  if (Array.isArray(rec.errors)) {
    for (const x of rec.errors) {
      const found = kafkaTypeOf(x, depth + 1);
      if (found) return found;
    }
  }
  return null;
}

/** Maps a kafkajs admin failure to a closed code with the broker's reason. */
export function adminError(e: unknown, what: string): StackdeckError {
  if (e instanceof StackdeckError) return e;
  const k = kafkaTypeOf(e);
  if (k) {
    let code: ErrorCode = 'SERVER_ERROR';
    if (INPUT_ERRORS.has(k.type)) code = 'INVALID_INPUT';
    else if (k.type === 'TOPIC_ALREADY_EXISTS') code = 'CONFLICT';
    else if (k.type === 'UNKNOWN_TOPIC_OR_PARTITION') code = 'NOT_FOUND';
    else if (k.type.endsWith('_AUTHORIZATION_FAILED')) code = 'AUTH_FAILED';
    return new StackdeckError(code, `${what} failed: ${k.message} (${k.type}).`, { kafkaError: k.type });
  }
  return toStackdeckError(e, { operation: what });
}

async function metadataOf(wire: KafkaWire, topic: string, opts: CallOptions): Promise<TopicMetadata | null> {
  const md = await fetchMetadata(wire, [topic], opts);
  const t = md.topics.find((x) => x.name === topic);
  return !t || t.error?.name === 'UNKNOWN_TOPIC_OR_PARTITION' ? null : t;
}

/**
 * Polls metadata until `done` holds on every live broker (100 ms doubling to
 * 500 ms), bounded by opts. Each KRaft broker applies metadata on its own
 * schedule and reads go to any broker, so waiting for one is not enough: the
 * list refreshed right after a create could still miss the topic.
 */
async function waitFor(
  wire: KafkaWire,
  topic: string,
  what: string,
  done: (t: TopicMetadata | null) => boolean,
  opts: CallOptions,
): Promise<void> {
  const on = async (brokerId: number): Promise<boolean> => {
    const { value } = await wire.call(brokerId, MetadataApi, { topics: [topic] }, opts);
    const t = value.topics.find((x) => x.name === topic);
    return done(!t || t.error?.name === 'UNKNOWN_TOPIC_OR_PARTITION' ? null : t);
  };
  for (let attempt = 0; ; attempt++) {
    const brokers = (await fetchMetadata(wire, [], opts)).brokers.map((b) => b.nodeId);
    const seen = await Promise.all(
      brokers.map((b) =>
        on(b).catch((e: unknown) => {
          if (e instanceof StackdeckError) throw e;
          return false;
        }),
      ),
    );
    if (seen.every(Boolean)) return;
    await pause(Math.min(100 * 2 ** attempt, 500), opts, what);
  }
}

const allLed =
  (count: number) =>
  (t: TopicMetadata | null): boolean =>
    t !== null && t.partitions.length >= count && t.partitions.every((p) => p.leader >= 0);

export interface CreateTopicRequest {
  readonly name: string;
  readonly partitions: number;
  readonly replicationFactor: number;
  readonly configs: Readonly<Record<string, string>>;
}

/** Checks the request against Kafka's rules and the cluster before anything is sent; returns warnings. */
export async function checkCreate(wire: KafkaWire, req: CreateTopicRequest, opts: CallOptions): Promise<string[]> {
  const problem = topicNameProblem(req.name);
  if (problem) throw new StackdeckError('INVALID_INPUT', `Cannot create topic "${req.name}": ${problem}`);
  const md = await fetchMetadata(wire, null, opts);
  const names = md.topics.map((t) => t.name);
  if (names.includes(req.name)) throw new StackdeckError('CONFLICT', `Topic "${req.name}" already exists.`);
  const other = collidingTopic(req.name, names);
  if (other !== null) {
    throw new StackdeckError(
      'INVALID_INPUT',
      `Cannot create topic "${req.name}": it collides with the existing topic "${other}" (Kafka treats "." and "_" alike in metric names). Choose another name.`,
    );
  }
  if (req.replicationFactor > md.brokers.length) {
    throw new StackdeckError(
      'INVALID_INPUT',
      `Replication factor ${req.replicationFactor} is larger than the number of live brokers (${md.brokers.length}). Use at most ${md.brokers.length}.`,
    );
  }
  const warning = topicNameWarning(req.name);
  return warning === null ? [] : [warning];
}

export async function createTopic(
  wire: KafkaWire,
  admin: Admin,
  req: CreateTopicRequest,
  opts: CallOptions,
): Promise<string[]> {
  const warnings = await checkCreate(wire, req, opts);
  const what = `Creating topic "${req.name}"`;
  try {
    await bounded(
      admin.createTopics({
        waitForLeaders: false,
        topics: [
          {
            topic: req.name,
            numPartitions: req.partitions,
            replicationFactor: req.replicationFactor,
            configEntries: Object.entries(req.configs).map(([name, value]) => ({ name, value })),
          },
        ],
      }),
      opts,
      what,
    );
  } catch (e) {
    throw adminError(e, what);
  }
  await waitFor(wire, req.name, `Waiting for the leaders of "${req.name}"`, allLed(req.partitions), opts);
  return warnings;
}

export async function addPartitions(
  wire: KafkaWire,
  admin: Admin,
  topic: string,
  totalCount: number,
  opts: CallOptions,
): Promise<number> {
  const t = await metadataOf(wire, topic, opts);
  if (!t)
    throw new StackdeckError(
      'NOT_FOUND',
      `Topic "${topic}" does not exist. It may have been deleted; refresh the topic list.`,
    );
  const current = t.partitions.length;
  if (totalCount <= current) {
    throw new StackdeckError(
      'INVALID_INPUT',
      `Topic "${topic}" already has ${current} partition${current === 1 ? '' : 's'}; the new total must be more than ${current}. Kafka cannot remove partitions.`,
    );
  }
  const what = `Adding partitions to "${topic}"`;
  try {
    await bounded(admin.createPartitions({ topicPartitions: [{ topic, count: totalCount }] }), opts, what);
  } catch (e) {
    throw adminError(e, what);
  }
  await waitFor(wire, topic, `Waiting for the new partitions of "${topic}"`, allLed(totalCount), opts);
  return totalCount;
}

export async function deleteTopic(
  wire: KafkaWire,
  admin: Admin,
  topic: string,
  confirmName: string,
  opts: CallOptions,
): Promise<void> {
  if (confirmName !== topic) {
    throw new StackdeckError(
      'INVALID_INPUT',
      `To delete topic "${topic}", type its exact name to confirm; "${confirmName}" does not match. Nothing was deleted.`,
    );
  }
  const t = await metadataOf(wire, topic, opts);
  if (!t)
    throw new StackdeckError(
      'NOT_FOUND',
      `Topic "${topic}" does not exist. It may have been deleted already; refresh the topic list.`,
    );
  if (t.isInternal)
    throw new StackdeckError(
      'INVALID_INPUT',
      `"${topic}" is an internal Kafka topic; deleting it would break the cluster. Nothing was deleted.`,
    );
  const what = `Deleting topic "${topic}"`;
  try {
    await bounded(admin.deleteTopics({ topics: [topic] }), opts, what);
  } catch (e) {
    throw adminError(e, what);
  }
  await waitFor(wire, topic, `Waiting for "${topic}" to disappear`, (x) => x === null, opts);
}
