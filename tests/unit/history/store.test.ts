import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { HISTORY_LIMIT_PER_CONNECTION } from '../../../src/shared/contract/history';
import { ftsQuery, HISTORY_FILE, HistoryStore } from '../../../src/core/history';

let dir: string;
let store: HistoryStore;
let clock = 1_700_000_000_000;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'stackdeck-history-'));
  store = new HistoryStore({ dataDir: dir, now: () => clock++ });
});

afterEach(async () => {
  store.close();
  await rm(dir, { recursive: true, force: true });
});

describe('HistoryStore', () => {
  it('keeps 10,000 entries per connection: the 10,001st drops the oldest, other connections untouched', () => {
    expect(store.status.state).toBe('ok');
    store.record({ connectionId: 'other', language: 'cql', text: 'SELECT other' });
    for (let i = 0; i <= HISTORY_LIMIT_PER_CONNECTION; i++) {
      store.record({ connectionId: 'c1', language: 'cql', text: `SELECT ${i} FROM t` });
    }
    expect(store.count('c1')).toBe(HISTORY_LIMIT_PER_CONNECTION);
    expect(store.count('other')).toBe(1);
    const all: string[] = [];
    let before: number | undefined;
    for (;;) {
      const page = store.list({ connectionId: 'c1', limit: 500, before });
      all.push(...page.entries.map((e) => e.text));
      if (page.nextBefore === null) break;
      before = page.nextBefore;
    }
    expect(all).toHaveLength(HISTORY_LIMIT_PER_CONNECTION);
    expect(all[0]).toBe(`SELECT ${HISTORY_LIMIT_PER_CONNECTION} FROM t`);
    expect(all.at(-1)).toBe('SELECT 1 FROM t');
    expect(all).not.toContain('SELECT 0 FROM t');
    // The dropped entry is gone from the full-text index too.
    expect(store.search({ connectionId: 'c1', query: 'SELECT 0' }).entries.map((e) => e.text)).not.toContain(
      'SELECT 0 FROM t',
    );
  }, 60_000);

  it('records duration, rows, error; lists newest first per language and pages', () => {
    store.record({ connectionId: 'c', language: 'cql', text: 'a', durationMs: 12.5, rows: 3 });
    store.record({ connectionId: 'c', language: 'cypher', text: 'b', error: 'boom' });
    store.record({ connectionId: 'c', language: 'cql', text: 'c' });
    const cql = store.list({ connectionId: 'c', language: 'cql' });
    expect(cql.entries.map((e) => e.text)).toEqual(['c', 'a']);
    expect(cql.entries[1]).toMatchObject({ durationMs: 12.5, rows: 3, error: null, language: 'cql' });
    const page1 = store.list({ connectionId: 'c', limit: 2 });
    expect(page1.entries.map((e) => e.text)).toEqual(['c', 'b']);
    expect(page1.entries[1]!.error).toBe('boom');
    const page2 = store.list({ connectionId: 'c', limit: 2, before: page1.nextBefore! });
    expect(page2.entries.map((e) => e.text)).toEqual(['a']);
    expect(page2.nextBefore).toBeNull();
  });

  it('never stores the value of a secret parameter', async () => {
    const e = store.record({
      connectionId: 'c',
      language: 'redis',
      text: 'AUTH $user $pass',
      params: [
        { name: 'user', value: 'alice', secret: false },
        { name: 'pass', value: 'hunter2-secret', secret: true },
      ],
    });
    expect(e.params).toEqual([
      { name: 'user', value: 'alice', secret: false },
      { name: 'pass', secret: true },
    ]);
    store.close();
    const { readFileSync, readdirSync } = await import('node:fs');
    for (const f of readdirSync(dir)) expect(readFileSync(join(dir, f)).includes('hunter2-secret')).toBe(false);
    store = new HistoryStore({ dataDir: dir });
    expect(store.list({ connectionId: 'c' }).entries[0]!.params).toEqual(e.params);
  });

  it('searches with FTS5: words ANDed, last word a prefix, per connection and language', () => {
    store.record({ connectionId: 'c', language: 'cql', text: 'SELECT * FROM users WHERE id = 1' });
    store.record({ connectionId: 'c', language: 'cql', text: 'SELECT name FROM orders' });
    store.record({ connectionId: 'c', language: 'kafka-cel', text: 'int(value.id) % 100 == 0' });
    store.record({ connectionId: 'd', language: 'cql', text: 'SELECT * FROM users' });
    const texts = (query: string, language?: string): string[] =>
      store.search({ connectionId: 'c', query, language }).entries.map((e) => e.text);
    expect(texts('users')).toEqual(['SELECT * FROM users WHERE id = 1']);
    expect(texts('ord')).toEqual(['SELECT name FROM orders']);
    expect(texts('select from')).toEqual(['SELECT name FROM orders', 'SELECT * FROM users WHERE id = 1']);
    expect(texts('value.id')).toEqual(['int(value.id) % 100 == 0']);
    expect(texts('select', 'kafka-cel')).toEqual([]);
    expect(texts('nothing-like-this')).toEqual([]);
    // An empty or punctuation-only query lists instead.
    expect(texts('  ')).toHaveLength(3);
  });

  it('takes FTS syntax as plain text, never as an error', () => {
    store.record({ connectionId: 'c', language: 'cql', text: 'say "hi" AND NOT bye' });
    for (const q of [
      '"',
      'AND',
      'NOT',
      'OR (',
      'a*b',
      '-x',
      'col:val',
      '^start',
      'NEAR(a b)',
      '"unbalanced',
      '*',
      '()',
    ]) {
      expect(() => store.search({ connectionId: 'c', query: q })).not.toThrow();
    }
    expect(store.search({ connectionId: 'c', query: '"hi"' }).entries).toHaveLength(1);
    expect(store.search({ connectionId: 'c', query: 'AND NOT' }).entries).toHaveLength(1);
    expect(ftsQuery('a "b')).toBe('"a" """b"*');
    expect(ftsQuery('*** ---')).toBeNull();
  });

  it('deletes and clears entries', () => {
    const a = store.record({ connectionId: 'c', language: 'cql', text: 'a' });
    store.record({ connectionId: 'c', language: 'cypher', text: 'b' });
    store.record({ connectionId: 'c', language: 'cql', text: 'c' });
    expect(store.delete([a.id])).toBe(1);
    expect(store.search({ connectionId: 'c', query: 'a' }).entries).toHaveLength(0);
    expect(store.clear('c', 'cql')).toBe(1);
    expect(store.list({ connectionId: 'c' }).entries.map((e) => e.text)).toEqual(['b']);
    expect(store.clear('c')).toBe(1);
  });

  it('saves, renames, moves and deletes saved queries; scopes them to a connection or all', () => {
    const mine = store.save({
      connectionId: 'c',
      name: 'Users',
      folder: ' ops / daily/ ',
      language: 'cql',
      text: 'q1',
    });
    expect(mine.folder).toBe('ops/daily');
    const global = store.save({ connectionId: null, name: 'all', folder: '', language: 'cql', text: 'q2' });
    store.save({ connectionId: 'other', name: 'theirs', folder: '', language: 'cql', text: 'q3' });
    store.save({ connectionId: 'c', name: 'graph', folder: '', language: 'cypher', text: 'q4' });
    expect(store.listSaved({ connectionId: 'c', language: 'cql' }).map((s) => s.name)).toEqual(['all', 'Users']);
    expect(store.rename(mine.id, 'Active users').name).toBe('Active users');
    expect(store.move(mine.id, '').folder).toBe('');
    const updated = store.save({
      id: global.id,
      connectionId: null,
      name: 'all',
      folder: 'x',
      language: 'cql',
      text: 'q2b',
    });
    expect(updated).toMatchObject({ id: global.id, text: 'q2b', folder: 'x', createdAt: global.createdAt });
    expect(store.deleteSaved(mine.id)).toBe(true);
    expect(store.deleteSaved(mine.id)).toBe(false);
    expect(() => store.rename(mine.id, 'gone')).toThrow(/no longer exists/);
    expect(
      store
        .listSaved({})
        .map((s) => s.name)
        .sort(),
    ).toEqual(['all', 'graph', 'theirs']);
  });

  it('keeps drafts across a reopen; an empty text removes one', () => {
    store.putDraft('cassandra:c:cql', 'SELECT 1;');
    store.close();
    store = new HistoryStore({ dataDir: dir, fileName: HISTORY_FILE });
    expect(store.getDraft('cassandra:c:cql').text).toBe('SELECT 1;');
    store.putDraft('cassandra:c:cql', 'SELECT 2;');
    expect(store.getDraft('cassandra:c:cql').text).toBe('SELECT 2;');
    store.putDraft('cassandra:c:cql', '');
    expect(store.getDraft('cassandra:c:cql')).toEqual({ text: null, updatedAt: null });
  });
});
