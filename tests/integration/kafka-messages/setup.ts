/**
 * Shared setup for the kafka.messages.* integration tests: the whole core
 * (router with output validation) on a temp user-data dir with a profile for
 * the local broker, plus a kafkajs fixture to create topics and produce
 * test data (binary keys, headers, tombstones) directly.
 */
import type { KafkaMessage, SearchEvent } from '../../../src/shared/contract/kafka/messages';
import { startTestCore, type TestCore } from '../../support/core';
import { kafkaFixture, type KafkaFixture } from '../kafka/support';

export interface MessagesEnv {
  t: TestCore;
  fx: KafkaFixture;
  connectionId: string;
}

export async function messagesEnv(): Promise<MessagesEnv> {
  const fx = await kafkaFixture();
  const t = await startTestCore();
  const profile = await t.connect('kafka');
  return { t, fx, connectionId: profile.id };
}

export async function closeEnv(env: MessagesEnv | undefined): Promise<void> {
  if (!env) return;
  await env.t.close();
  await env.fx.close();
}

/** Runs a search to its end and collects its events. */
export async function collectSearch(
  env: MessagesEnv,
  input: Record<string, unknown>,
): Promise<{ events: SearchEvent[]; matches: KafkaMessage[] }> {
  const events: SearchEvent[] = [];
  await env.t.router.subscribe(
    'kafka.messages.search',
    { connectionId: env.connectionId, ...input },
    { emit: (e) => events.push(e as SearchEvent) },
  );
  const matches = events.flatMap((e) => (e.type === 'matches' ? e.messages : []));
  return { events, matches };
}

export function valueText(m: KafkaMessage): string | null {
  if (m.value === null) return null;
  return m.value.encoding === 'utf8' ? m.value.data : Buffer.from(m.value.data, 'base64').toString('hex');
}
