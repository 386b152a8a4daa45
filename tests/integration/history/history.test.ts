import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCore, type Core } from '../../../src/core/app';
import { FileKeyCipher } from '../../../src/core/connections';
import { StackdeckError } from '../../../src/shared/errors';

/**
 * `history.*` through the whole core's router (zod parse, output validation,
 * area wiring), and what survives a restart of core over the same user-data
 * directory: entries, saved queries and editor drafts.
 */

let dir: string;
let core: Core;

const start = (): Promise<Core> =>
  createCore({ userDataDir: dir, cipher: new FileKeyCipher(dir), validateOutputs: true });

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'stackdeck-it-history-'));
  core = await start();
});

afterAll(async () => {
  await core.dispose();
  await rm(dir, { recursive: true, force: true });
});

describe('history through the router', () => {
  it('records runs, lists newest first, searches, deletes; survives a restart', async () => {
    const r = core.router;
    await r.call('history.entries.record', {
      connectionId: 'k1',
      language: 'kafka-cel',
      text: 'value.status == "FAILED"',
      durationMs: 40,
      rows: 7,
    });
    await r.call('history.entries.record', {
      connectionId: 'k1',
      language: 'kafka-cel',
      text: 'key.startsWith("user-")',
      error: 'no such key',
      params: [{ name: 'token', value: 's3cr3t-value', secret: true }],
    });
    await r.call('history.entries.record', { connectionId: 'k2', language: 'kafka-cel', text: 'value.status == "OK"' });

    const page = (await r.call('history.entries.list', { connectionId: 'k1' })) as {
      entries: { text: string; error: string | null; params: unknown[] }[];
    };
    expect(page.entries.map((e) => e.text)).toEqual(['key.startsWith("user-")', 'value.status == "FAILED"']);
    expect(page.entries[0]!.params).toEqual([{ name: 'token', secret: true }]);
    expect(page.entries[0]!.error).toBe('no such key');

    const found = (await r.call('history.entries.search', { connectionId: 'k1', query: 'status FAIL' })) as {
      entries: { id: number; text: string }[];
    };
    expect(found.entries.map((e) => e.text)).toEqual(['value.status == "FAILED"']);
    // FTS syntax from the user is plain text, not an error.
    await expect(r.call('history.entries.search', { connectionId: 'k1', query: '"( AND' })).resolves.toBeDefined();

    await core.dispose();
    core = await start();
    const again = (await core.router.call('history.entries.search', { connectionId: 'k1', query: 'status' })) as {
      entries: { id: number }[];
    };
    expect(again.entries.map((e) => e.id)).toEqual([found.entries[0]!.id]);
    await expect(core.router.call('history.entries.delete', { ids: [found.entries[0]!.id] })).resolves.toEqual({
      deleted: 1,
    });
    await expect(core.router.call('history.entries.clear', { connectionId: 'k1' })).resolves.toEqual({ deleted: 1 });
  });

  it('saved queries: save, rename, move, list, delete; unknown id is NOT_FOUND; empty name is INVALID_INPUT', async () => {
    const r = core.router;
    const saved = (await r.call('history.saved.save', {
      connectionId: 'k1',
      name: 'Failed',
      folder: 'triage',
      language: 'kafka-cel',
      text: 'value.status == "FAILED"',
    })) as { id: string };
    await r.call('history.saved.rename', { id: saved.id, name: 'Failed orders' });
    await r.call('history.saved.move', { id: saved.id, folder: 'triage/orders' });
    const list = (await r.call('history.saved.list', { connectionId: 'k1', language: 'kafka-cel' })) as {
      name: string;
      folder: string;
    }[];
    expect(list).toEqual([expect.objectContaining({ name: 'Failed orders', folder: 'triage/orders' })]);
    await expect(r.call('history.saved.list', { connectionId: 'k2' })).resolves.toEqual([]);
    await expect(r.call('history.saved.delete', { id: saved.id })).resolves.toEqual({ deleted: true });
    const missing = await r.call('history.saved.rename', { id: saved.id, name: 'x' }).catch((e: unknown) => e);
    expect(missing).toBeInstanceOf(StackdeckError);
    expect((missing as StackdeckError).code).toBe('NOT_FOUND');
    const invalid = await r
      .call('history.saved.save', { name: '  ', language: 'cql', text: 'x' })
      .catch((e: unknown) => e);
    expect((invalid as StackdeckError).code).toBe('INVALID_INPUT');
  });

  it('exports the runs of a connection (or a search) with the generic exporter, formula cells guarded', async () => {
    const r = core.router;
    await r.call('history.entries.record', {
      connectionId: 'x1',
      language: 'redis',
      text: '=HYPERLINK("http://evil")',
      rows: 1,
    });
    await r.call('history.entries.record', {
      connectionId: 'x1',
      language: 'redis',
      text: 'GET user:1',
      durationMs: 3,
    });
    const events: { type: string; path?: string; rows?: number }[] = [];
    await r.subscribe('history.entries.export', { connectionId: 'x1', format: 'csv' }, { emit: (e) => events.push(e) });
    const done = events.at(-1)!;
    expect(done).toMatchObject({ type: 'done', rows: 2, reason: 'end' });
    const lines = (await readFile(done.path!, 'utf8')).trim().split('\n');
    expect(lines[0]).toBe('Started,Language,Query,Duration (ms),Rows,Error');
    expect(lines[1]).toMatch(/^\d{4}-\d\d-\d\dT[^,]+Z,redis,GET user:1,3,,$/);
    expect(lines[2]).toMatch(/,redis,"'=HYPERLINK\(""http:\/\/evil""\)",,1,$/);

    const found: { type: string; path?: string; rows?: number }[] = [];
    await r.subscribe(
      'history.entries.export',
      { connectionId: 'x1', format: 'jsonl', query: 'user' },
      { emit: (e) => found.push(e) },
    );
    const one = found.at(-1)!;
    expect(one.rows).toBe(1);
    expect(JSON.parse(await readFile(one.path!, 'utf8'))).toMatchObject({ text: 'GET user:1', durationMs: 3 });
  });

  it('editor drafts survive a restart', async () => {
    await core.router.call('history.drafts.put', { tabKey: 'kafka:k1:cel', text: 'offset > 10' });
    await core.dispose();
    core = await start();
    await expect(core.router.call('history.drafts.get', { tabKey: 'kafka:k1:cel' })).resolves.toMatchObject({
      text: 'offset > 10',
    });
    await expect(core.router.call('history.drafts.get', { tabKey: 'nope' })).resolves.toEqual({
      text: null,
      updatedAt: null,
    });
  });
});
