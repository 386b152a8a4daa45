/**
 * The field paths the CEL editor completes: what the newest messages of the
 * topic hold under `value`, `key` (when JSON, or decoded with their registry
 * schema) and `headers`, read once per
 * topic with one small browse page (never joins a group, never commits).
 */
import { useEffect, useState } from 'react';
import type { KafkaMessage, SchemaDecoded } from '../../../../../shared/contract/kafka/messages';
import { fieldPaths, parseJsonDoc } from '../../../../../shared/docValue';
import { client } from '../../../api/client';
import { withRoot, type SeenPath } from './cel';
import { textOf } from './decode';

/** Messages sampled per topic, and the most paths kept (completion lists stay short and cheap). */
export const SAMPLE_MESSAGES = 50;
export const MAX_PATHS = 2000;

/** A schema-decoded key/value (Avro, Protobuf, JSON Schema) is what CEL sees: its paths come from the decoded JSON. */
function jsonPaths(b: KafkaMessage['value'], schema?: SchemaDecoded): readonly (readonly (string | number)[])[] {
  if (b === null || b.truncated) return [];
  const decoded = schema?.status === 'decoded' && !schema.truncated ? schema.json : null;
  const text = decoded ?? textOf(b);
  const first = text?.trimStart()[0];
  if (text === null || (first !== '{' && first !== '[')) return [];
  try {
    return fieldPaths(parseJsonDoc(text), 500, 6);
  } catch {
    return [];
  }
}

/** Distinct `value.*`, `key.*` and `headers.*` paths of the messages, newest first, at most MAX_PATHS. */
export function pathsOfMessages(messages: readonly KafkaMessage[]): SeenPath[] {
  const seen = new Map<string, SeenPath>();
  const add = (p: SeenPath): void => {
    if (seen.size >= MAX_PATHS) return;
    const id = JSON.stringify(p);
    if (!seen.has(id)) seen.set(id, p);
  };
  for (const m of messages) {
    for (const p of withRoot('value', jsonPaths(m.value, m.valueSchema))) add(p);
    for (const p of withRoot('key', jsonPaths(m.key, m.keySchema))) add(p);
    for (const h of m.headers) add(['headers', h.key]);
  }
  return [...seen.values()];
}

/** The seen paths of `topic` (empty until the sample has loaded, or when it fails: completion still offers the variables). */
export function useSeenPaths(connectionId: string, topic: string, enabled: boolean): readonly SeenPath[] {
  const [state, setState] = useState<{ topic: string; paths: readonly SeenPath[] }>({ topic: '', paths: [] });
  const loaded = state.topic === topic;
  useEffect(() => {
    if (!enabled || topic === '' || loaded) return;
    const controller = new AbortController();
    client
      .invoke(
        'kafka.messages.browse',
        { connectionId, topic, start: { kind: 'newest' }, pageSize: SAMPLE_MESSAGES },
        { signal: controller.signal },
      )
      .then(
        (page) => {
          if (!controller.signal.aborted) setState({ topic, paths: pathsOfMessages(page.messages) });
        },
        () => {
          if (!controller.signal.aborted) setState({ topic, paths: [] });
        },
      );
    return () => controller.abort();
  }, [connectionId, topic, enabled, loaded]);
  return loaded ? state.paths : [];
}
