/**
 * A profile edited or deleted by another core on the same user data directory
 * (desktop and web mode share it, issue #8): this core's live streams of that
 * connection end with the clear "connection edited / deleted" error within a
 * few seconds, as for an edit made here, instead of going on with the old
 * brokers and credentials. The other core is a second connections area with
 * its own store on the same files, which is all the two processes share.
 */
import type { Admin } from 'kafkajs';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createConnectionsArea, FileKeyCipher, type ConnectionsArea } from '../../../src/core/connections/index';
import { createRouter } from '../../../src/core/router';
import { contract } from '../../../src/shared/contract';
import { LOCAL_STACK_DRAFTS, type ProfileDraftInput } from '../../../src/shared/contract/connections';
import { StackdeckError } from '../../../src/shared/errors';
import { startTestCore, type TestCore } from '../../support/core';
import { RUN_ID } from '../kafka/support';
import { fixtureKafka, until } from './wireSpy';

let t: TestCore;
let other: ConnectionsArea;
let admin: Admin;
const topic = `sd-it-external-edit-${RUN_ID}`;

const kafkaDraft = (name: string): ProfileDraftInput => {
  const base = LOCAL_STACK_DRAFTS.find((d) => d.kind === 'kafka');
  if (!base) throw new Error('no kafka draft');
  return { ...base, name } as ProfileDraftInput;
};

beforeAll(async () => {
  admin = fixtureKafka().admin();
  await admin.connect();
  await admin.createTopics({ topics: [{ topic, numPartitions: 1 }], waitForLeaders: true });
  t = await startTestCore();
  other = await createConnectionsArea({ userDataDir: t.dir, cipher: new FileKeyCipher(t.dir) });
}, 120_000);

afterAll(async () => {
  await other?.dispose();
  await t?.close();
  await admin?.deleteTopics({ topics: [topic] }).catch(() => undefined);
  await admin?.disconnect();
});

/** Starts a live tail on this core; `ended` says how it ended ('hung' if it went on for 8 s). */
async function tail(connectionId: string): Promise<{ ended: Promise<StackdeckError | 'completed' | 'hung'> }> {
  const events: { type: string }[] = [];
  const ended = t.router
    .subscribe('kafka.messages.tail', { connectionId, topics: [topic] }, { emit: (e) => events.push(e) })
    .then(
      () => 'completed' as const,
      (e: unknown) => e as StackdeckError,
    );
  await until(() => events.some((e) => e.type === 'started'), 10_000, 'the tail to start');
  // The other core's change is seen by a stat every 2 s; 8 s leaves room on a loaded machine.
  // Wrapped: an async function returning a bare promise would wait for it.
  return { ended: Promise.race([ended, new Promise<'hung'>((r) => setTimeout(() => r('hung'), 8_000))]) };
}

it('an edit by the other core ends this core streams of that connection, and a delete does too', async () => {
  const { id } = await t.router.call('connections.profiles.create', {
    draft: kafkaDraft(`external ${RUN_ID}`),
  });
  const otherRouter = createRouter({ contract, handlers: other.handlers, readOnly: other.readOnly });

  const edited = await tail(id);
  await otherRouter.call('connections.profiles.update', { id, draft: kafkaDraft(`external ${RUN_ID} renamed`) });
  const err = await edited.ended;
  expect(err).toBeInstanceOf(StackdeckError);
  expect(err).toMatchObject({ code: 'CANCELLED', detail: { connectionId: id, connectionEnded: 'edited' } });
  expect((await t.router.call('connections.profiles.get', { id })).name).toBe(`external ${RUN_ID} renamed`);

  // Connecting again uses the edited profile; the other core's delete ends that too.
  const deleted = await tail(id);
  await otherRouter.call('connections.profiles.delete', { id });
  expect(await deleted.ended).toMatchObject({
    code: 'CANCELLED',
    detail: { connectionId: id, connectionEnded: 'deleted' },
  });
}, 60_000);
