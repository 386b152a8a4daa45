/**
 * Kafka's topic name rules (org.apache.kafka.common.internals.Topic), shared so
 * the create dialog and core give the same answer. Core checks again: the
 * broker's refusal ("InvalidTopicException") arrives as a less readable message.
 */

/** Kafka's limit: 249, so that "<topic>-<partition>" stays a legal directory name. */
export const MAX_TOPIC_NAME_LENGTH = 249;

const LEGAL = /^[a-zA-Z0-9._-]+$/;

/** Why `name` is not a legal topic name, or null when it is. */
export function topicNameProblem(name: string): string | null {
  if (name.length === 0) return 'Enter a topic name.';
  if (name === '.' || name === '..') return 'A topic cannot be named "." or "..".';
  if (name.length > MAX_TOPIC_NAME_LENGTH)
    return `A topic name can be at most ${MAX_TOPIC_NAME_LENGTH} characters (this one has ${name.length}).`;
  if (!LEGAL.test(name)) {
    const bad = [...new Set([...name].filter((c) => !/[a-zA-Z0-9._-]/.test(c)))].slice(0, 5);
    return `A topic name may only contain letters a-z and A-Z, digits, ".", "_" and "-"; it contains ${bad.map((c) => JSON.stringify(c)).join(', ')}.`;
  }
  return null;
}

/**
 * Kafka turns '.' into '_' in metric names, so "a.b" and "a_b" collide; the
 * broker refuses the second. Names that differ only there have the same key.
 */
export function topicCollisionKey(name: string): string {
  return name.replace(/\./g, '_');
}

/** The advice kafka-topics.sh prints for names with '.' or '_'. */
export function topicNameWarning(name: string): string | null {
  if (!name.includes('.') && !name.includes('_')) return null;
  return 'Topic names with a period (.) or underscore (_) can collide in metric names (a.b and a_b are the same there). Using one of them, not both, avoids trouble.';
}

/** An existing topic `name` would collide with (same metric name, different spelling), if any. */
export function collidingTopic(name: string, existing: Iterable<string>): string | null {
  const key = topicCollisionKey(name);
  for (const other of existing) if (other !== name && topicCollisionKey(other) === key) return other;
  return null;
}
