import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCore, type Core } from '../../../src/core/app';
import { FileKeyCipher } from '../../../src/core/connections';
import {
  HISTORY_ATTACHMENT_MAX,
  HISTORY_ATTACHMENTS_PER_CONNECTION,
  type HistoryEntry,
} from '../../../src/shared/contract/history';
import { StackdeckError } from '../../../src/shared/errors';

/**
 * Attachments on history entries (the Neo4j workbench keeps node positions
 * in the entry of the run they were saved from) through the whole core's
 * router: found again by the exact text, newest first; bounded in size and in
 * number per connection; kept across a restart of core; gone with the entry.
 */

let dir: string;
let core: Core;

const start = (): Promise<Core> =>
  createCore({ userDataDir: dir, cipher: new FileKeyCipher(dir), validateOutputs: true });

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'stackdeck-it-history-attach-'));
  core = await start();
});

afterAll(async () => {
  await core.dispose();
  await rm(dir, { recursive: true, force: true });
});

const record = async (connectionId: string, text: string): Promise<HistoryEntry> =>
  (await core.router.call('history.entries.record', { connectionId, language: 'cypher', text })) as HistoryEntry;
const attach = async (id: number, attachment: string | null): Promise<boolean> =>
  ((await core.router.call('history.entries.attach', { id, attachment })) as { attached: boolean }).attached;
const lookup = async (connectionId: string, text: string) =>
  (await core.router.call('history.entries.attachment', { connectionId, language: 'cypher', text })) as {
    entryId: number | null;
    attachment: string | null;
  };

describe('history entry attachments', () => {
  it('finds the newest attached entry of the exact text, not other texts, languages or connections; survives a restart', async () => {
    const q = 'MATCH (a)-[r]->(b) RETURN a, r, b';
    const first = await record('n1', q);
    expect(await lookup('n1', q)).toEqual({ entryId: null, attachment: null });
    expect(await attach(first.id, '{"p":1}')).toBe(true);
    // A later run of the same text without positions does not hide the earlier one's.
    await record('n1', q);
    expect(await lookup('n1', q)).toEqual({ entryId: first.id, attachment: '{"p":1}' });
    const third = await record('n1', q);
    expect(await attach(third.id, '{"p":3}')).toBe(true);
    expect(await lookup('n1', q)).toEqual({ entryId: third.id, attachment: '{"p":3}' });
    expect((await lookup('n1', `${q} `)).attachment).toBeNull();
    expect((await lookup('n2', q)).attachment).toBeNull();
    expect(
      await core.router.call('history.entries.attachment', { connectionId: 'n1', language: 'cql', text: q }),
    ).toEqual({ entryId: null, attachment: null });
    // Pages stay small: list entries do not carry attachments.
    const page = (await core.router.call('history.entries.list', { connectionId: 'n1' })) as {
      entries: Record<string, unknown>[];
    };
    expect(page.entries).toHaveLength(3);
    for (const e of page.entries) expect(e).not.toHaveProperty('attachment');

    await core.dispose();
    core = await start();
    expect(await lookup('n1', q)).toEqual({ entryId: third.id, attachment: '{"p":3}' });
    // null removes it; the earlier one is found again.
    expect(await attach(third.id, null)).toBe(true);
    expect(await lookup('n1', q)).toEqual({ entryId: first.id, attachment: '{"p":1}' });
  });

  it(`keeps attachments on the ${HISTORY_ATTACHMENTS_PER_CONNECTION} most recently attached entries of a connection`, async () => {
    const ids: number[] = [];
    for (let i = 0; i < HISTORY_ATTACHMENTS_PER_CONNECTION + 5; i++) {
      const e = await record('bounded', `RETURN ${i}`);
      ids.push(e.id);
      expect(await attach(e.id, `{"i":${i}}`)).toBe(true);
    }
    const other = await record('other', 'RETURN 0');
    await attach(other.id, '{"other":true}');
    for (let i = 0; i < 5; i++) expect((await lookup('bounded', `RETURN ${i}`)).attachment).toBeNull();
    for (let i = 5; i < HISTORY_ATTACHMENTS_PER_CONNECTION + 5; i++)
      expect((await lookup('bounded', `RETURN ${i}`)).attachment).toBe(`{"i":${i}}`);
    // Another connection's attachment is not counted against this one.
    expect((await lookup('other', 'RETURN 0')).attachment).toBe('{"other":true}');
    // Re-attaching an old entry makes it the newest: the oldest remaining one goes.
    expect(await attach(ids[5]!, '{"again":5}')).toBe(true);
    expect((await lookup('bounded', 'RETURN 5')).attachment).toBe('{"again":5}');
    expect((await lookup('bounded', 'RETURN 6')).attachment).toBe('{"i":6}');
    const fresh = await record('bounded', 'RETURN fresh');
    await attach(fresh.id, '{}');
    expect((await lookup('bounded', 'RETURN 6')).attachment).toBeNull();
    expect((await lookup('bounded', 'RETURN 5')).attachment).toBe('{"again":5}');
  });

  it('refuses an attachment over the size limit and says false for an entry that is gone', async () => {
    const e = await record('big', 'MATCH (n) RETURN n');
    const err = await core.router
      .call('history.entries.attach', { id: e.id, attachment: 'x'.repeat(HISTORY_ATTACHMENT_MAX + 1) })
      .catch((x: unknown) => x);
    expect(err).toBeInstanceOf(StackdeckError);
    expect((err as StackdeckError).code).toBe('INVALID_INPUT');
    expect((await lookup('big', 'MATCH (n) RETURN n')).attachment).toBeNull();
    expect(await attach(e.id, 'x'.repeat(HISTORY_ATTACHMENT_MAX))).toBe(true);
    await core.router.call('history.entries.delete', { ids: [e.id] });
    expect((await lookup('big', 'MATCH (n) RETURN n')).attachment).toBeNull();
    expect(await attach(e.id, '{}')).toBe(false);
  });
});
