import { describe, expect, it } from 'vitest';
import { base64ToBytes, bytesToBase64, displayBytes, parseHex, toHex } from '../../../src/shared/contract/redis/bytes';
import { NamespaceIndex } from '../../../src/core/redis/scan/tree';
import { KeySet } from '../../../src/core/redis/scan/keyset';

describe('redis bytes', () => {
  it('round-trips base64 exactly, like Buffer', () => {
    for (let n = 0; n < 40; n++) {
      const bytes = Uint8Array.from({ length: n }, (_, i) => (i * 37 + n) & 0xff);
      const b64 = bytesToBase64(bytes);
      expect(b64).toBe(Buffer.from(bytes).toString('base64'));
      expect(Buffer.from(base64ToBytes(b64)).equals(Buffer.from(bytes))).toBe(true);
    }
  });

  it('shows valid UTF-8 as text and anything else escaped', () => {
    expect(displayBytes(Buffer.from('user:ü:1'))).toEqual({ display: 'user:ü:1', binary: false });
    expect(displayBytes(Buffer.from([0x61, 0xff, 0x00, 0x5c]))).toEqual({ display: 'a\\xff\\x00\\\\', binary: true });
    expect(displayBytes(Buffer.from('tab\there'))).toEqual({ display: 'tab\\x09here', binary: true });
  });

  it('parses hex with spaces and prefixes, and refuses odd or non-hex input', () => {
    expect(toHex(parseHex('0x01 ff \\x80')!)).toBe('01 ff 80');
    expect(parseHex('abc')).toBeNull();
    expect(parseHex('zz')).toBeNull();
  });
});

describe('namespace index', () => {
  const build = (keys: string[], delimiter = ':'): NamespaceIndex => {
    const ix = new NamespaceIndex(delimiter);
    for (const k of keys) ix.add(Buffer.from(k));
    return ix;
  };
  const names = (ix: NamespaceIndex, open: string[], offset = 0, limit = 100): string[] =>
    ix
      .treeRows(new Set(open), offset, limit, null)
      .rows.map((r) => (r.kind === 'folder' ? `${r.depth}[${r.name}]${r.keys}` : `${r.depth}${r.name}`));

  it('counts keys per folder, once each, and sorts folders before keys', () => {
    const ix = build(['b:2', 'a:1', 'b:1', 'root', 'b:x:1', 'b:2']);
    expect(ix.size).toBe(5);
    expect(names(ix, [])).toEqual(['0[a]1', '0[b]3', '0root']);
    expect(names(ix, ['b:', 'b:x:'])).toEqual(['0[a]1', '0[b]3', '1[x]1', '21', '11', '12', '0root']);
  });

  it('pages the same rows wherever a page cuts, also after more keys arrive', () => {
    const ix = build(Array.from({ length: 50 }, (_, i) => `n:${String(i).padStart(2, '0')}`));
    ix.add(Buffer.from('n:00a'));
    const all = names(ix, ['n:']);
    expect(all.length).toBe(52);
    const paged = [0, 7, 14, 21, 28, 35, 42, 49].flatMap((o) => names(ix, ['n:'], o, 7));
    expect(paged).toEqual(all);
    expect(all[1]).toBe('100');
    expect(all[2]).toBe('100a');
  });

  it('keeps a binary key apart from a text key that looks like its escape', () => {
    const ix = new NamespaceIndex(':');
    ix.add(Buffer.from([0xff]));
    ix.add(Buffer.from('\\xff'));
    expect(ix.size).toBe(2);
    const rows = ix.listRows(0, 10, null).rows;
    expect(rows.map((r) => (r.kind === 'key' ? r.key.binary : null))).toEqual([true, false]);
  });
});

describe('key set (SCAN duplicates)', () => {
  it('tells keys with equal hashes apart by their names, and keeps every key through growth', () => {
    const names: string[] = [];
    const set = new KeySet();
    // Every key gets the same hash, or one of three: the comparison alone decides.
    for (let i = 0; i < 5_000; i++) {
      const name = `k${i}`;
      expect(set.add(i % 3, names.length, (o) => names[o] === name)).toBe(true);
      names.push(name);
    }
    for (let i = 0; i < 5_000; i += 97) expect(set.add(i % 3, -1, (o) => names[o] === `k${i}`)).toBe(false);
  });

  it('drops a key SCAN returns twice from counts and rows, across many keys', () => {
    const ix = new NamespaceIndex(':');
    for (let i = 0; i < 20_000; i++) ix.add(Buffer.from(`ns${i % 7}:${i}`));
    for (let i = 0; i < 20_000; i += 3) expect(ix.add(Buffer.from(`ns${i % 7}:${i}`))).toBe(false);
    expect(ix.size).toBe(20_000);
    const rows = ix.treeRows(new Set(), 0, 100, null).rows;
    expect(rows.reduce((a, r) => a + (r.kind === 'folder' ? r.keys : 0), 0)).toBe(20_000);
  });
});
