/**
 * The embedded "consumer" protocol (ConsumerProtocolSubscription and
 * ConsumerProtocolAssignment in Kafka's clients module): what a member of a
 * group with protocol type `consumer` puts in its JoinGroup metadata and what
 * the leader hands back in SyncGroup. Every version starts with the fields we
 * read (topics; assigned partitions), so later versions decode the same way.
 * Other protocol types (Kafka Connect's `connect`, custom ones) are opaque.
 */
import { ProtocolDecodeError, Reader } from '../../protocol/codec';

export interface TopicPartitions {
  topic: string;
  partitions: number[];
}

/** Topics a member subscribes to, or null if the bytes are not a consumer subscription. */
export function decodeSubscription(buf: Buffer): string[] | null {
  if (buf.length < 2) return null;
  try {
    const r = new Reader(buf, false);
    r.int16(); // version
    return r.array((x) => x.string());
  } catch (e) {
    if (e instanceof ProtocolDecodeError) return null;
    throw e;
  }
}

/** Partitions assigned to a member, or null if the bytes are not a consumer assignment. */
export function decodeAssignment(buf: Buffer): TopicPartitions[] | null {
  // An empty assignment (member joined, no SyncGroup yet) is legitimately zero bytes.
  if (buf.length === 0) return [];
  if (buf.length < 2) return null;
  try {
    const r = new Reader(buf, false);
    r.int16(); // version
    return r.array((x) => ({ topic: x.string(), partitions: x.array((y) => y.int32()) }));
  } catch (e) {
    if (e instanceof ProtocolDecodeError) return null;
    throw e;
  }
}
