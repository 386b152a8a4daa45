import { isUtf8 } from 'node:buffer';
import { displayBytes } from '../../../shared/contract/redis/bytes';
import type { TreeRow } from '../../../shared/contract/redis/keys';
import { keyName } from '../bytes';
import { hashBytes, KeySet } from './keyset';

/**
 * The namespace index of a scan session: a flattened store of key names plus
 * one folder record per distinct prefix, with per-folder key counts. Built in
 * core as SCAN batches arrive; the UI asks for one page of visible rows (the
 * open folders walked in order), so a million keys never cross the boundary
 * and the DOM stays bounded.
 *
 * Memory: a key is its display string (its UTF-8 text, which is also its
 * bytes) plus an index in its folder; only keys that are not valid UTF-8 keep
 * their raw bytes too. A Map-per-key trie (the naive approach) costs several
 * times more (see LIBRARIES.md).
 */

interface Folder {
  readonly name: string;
  /** Prefix including the trailing delimiter; '' for the root. */
  readonly path: string;
  /** Keys at any depth below. */
  keys: number;
  readonly folders: Map<string, Folder>;
  sortedFolders: Folder[] | null;
  /** Indices into `names`: `leaves[0..sortedUpTo)` are in order, the rest arrived since. */
  leaves: number[];
  sortedUpTo: number;
  readonly parent: Folder | null;
}

const newFolder = (name: string, path: string, parent: Folder | null): Folder => ({
  name,
  path,
  parent,
  keys: 0,
  folders: new Map(),
  sortedFolders: null,
  leaves: [],
  sortedUpTo: 0,
});

/**
 * A key's text when it is valid UTF-8 without control characters, else null
 * (then it is shown escaped). Printable ASCII, nearly every key, is checked
 * byte by byte and decoded as latin1, which skips the UTF-8 decoder's cost.
 */
function keyText(b: Buffer): string | null {
  for (let i = 0; i < b.length; i++) {
    const c = b[i]!;
    if (c < 0x20 || c >= 0x7f) {
      if (!isUtf8(b)) return null;
      const text = b.toString('utf8');
      // eslint-disable-next-line no-control-regex
      return /[\u0000-\u001f\u007f]/.test(text) ? null : text;
    }
  }
  return b.toString('latin1');
}

/** Plain code-unit order: stable, fast, and what redis-cli users expect. */
const cmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

export class NamespaceIndex {
  private readonly names: string[] = [];
  /** Raw bytes of the keys whose display is escaped (not valid UTF-8). */
  private readonly raw = new Map<number, Buffer>();
  private readonly seen = new KeySet();
  private readonly root = newFolder('', '', null);

  constructor(readonly delimiter: string) {}

  get size(): number {
    return this.names.length;
  }

  /**
   * Adds a key once (SCAN may return a key more than once); returns whether it
   * was new. Called for every key of a scan, so it allocates only what it
   * keeps: the name, and a folder's path when the folder is new.
   */
  add(bytes: Buffer): boolean {
    const text = keyText(bytes);
    const binary = text === null;
    const display = binary ? displayBytes(bytes).display : text;
    const d = this.delimiter;
    let folder = this.root;
    let from = 0;
    for (let at = display.indexOf(d); at >= 0; at = display.indexOf(d, from)) {
      const name = display.slice(from, at);
      let next = folder.folders.get(name);
      if (!next) {
        next = newFolder(name, folder.path + name + d, folder);
        folder.folders.set(name, next);
        folder.sortedFolders = null;
      }
      folder = next;
      from = at + d.length;
    }
    const index = this.names.length;
    // Binary keys are told apart from text keys that merely look like their escape.
    const equal = (other: number): boolean => this.names[other] === display && this.raw.has(other) === binary;
    if (!this.seen.add(hashBytes(bytes), index, equal)) return false;
    for (let f: Folder | null = folder; f; f = f.parent) f.keys++;
    this.names.push(display);
    if (binary) this.raw.set(index, Buffer.from(bytes));
    folder.leaves.push(index);
    return true;
  }

  bytesOf(index: number): Buffer {
    return this.raw.get(index) ?? Buffer.from(this.names[index]!, 'utf8');
  }

  /** The flat list in scan order. */
  listRows(offset: number, limit: number, type: string | null): { total: number; rows: TreeRow[] } {
    const rows: TreeRow[] = [];
    for (let i = offset; i < Math.min(this.names.length, offset + limit); i++) {
      rows.push({ kind: 'key', key: keyName(this.bytesOf(i)), name: this.names[i]!, depth: 0, type });
    }
    return { total: this.names.length, rows };
  }

  /** One page of the tree's visible rows: folders first, then keys, each sorted; open folders inline. */
  treeRows(
    expanded: ReadonlySet<string>,
    offset: number,
    limit: number,
    type: string | null,
  ): { total: number; rows: TreeRow[] } {
    const counts = new Map<Folder, number>();
    const visible = (f: Folder): number => {
      let n = counts.get(f);
      if (n !== undefined) return n;
      n = f.folders.size + f.leaves.length;
      for (const child of f.folders.values()) if (expanded.has(child.path)) n += visible(child);
      counts.set(f, n);
      return n;
    };
    const total = visible(this.root);
    const rows: TreeRow[] = [];
    let skip = offset;
    const walk = (f: Folder, depth: number): void => {
      for (const child of this.foldersOf(f)) {
        if (rows.length >= limit) return;
        const open = expanded.has(child.path);
        if (skip > 0) skip--;
        else
          rows.push({
            kind: 'folder',
            path: child.path,
            name: child.name,
            depth,
            keys: child.keys,
            expanded: open,
          });
        if (open) {
          const inside = visible(child);
          if (skip >= inside) skip -= inside;
          else walk(child, depth + 1);
        }
      }
      if (rows.length >= limit) return;
      const leaves = this.leavesOf(f);
      if (skip >= leaves.length) {
        skip -= leaves.length;
        return;
      }
      for (let i = skip; i < leaves.length && rows.length < limit; i++) {
        const index = leaves[i]!;
        const display = this.names[index]!;
        rows.push({
          kind: 'key',
          key: keyName(this.bytesOf(index)),
          name: display.slice(f.path.length),
          depth,
          type,
        });
      }
      skip = 0;
    };
    if (limit > 0) walk(this.root, 0);
    return { total, rows };
  }

  private foldersOf(f: Folder): Folder[] {
    if (!f.sortedFolders) f.sortedFolders = [...f.folders.values()].sort((a, b) => cmp(a.name, b.name));
    return f.sortedFolders;
  }

  /** Sorts only the keys that arrived since the last page and merges them in (linear, not a full re-sort). */
  private leavesOf(f: Folder): number[] {
    if (f.sortedUpTo === f.leaves.length) return f.leaves;
    const byName = (a: number, b: number): number => cmp(this.names[a]!, this.names[b]!);
    const head = f.leaves.slice(0, f.sortedUpTo);
    const tail = f.leaves.slice(f.sortedUpTo).sort(byName);
    const merged: number[] = new Array<number>(head.length + tail.length);
    let i = 0;
    let j = 0;
    let k = 0;
    while (i < head.length && j < tail.length) merged[k++] = byName(head[i]!, tail[j]!) <= 0 ? head[i++]! : tail[j++]!;
    while (i < head.length) merged[k++] = head[i++]!;
    while (j < tail.length) merged[k++] = tail[j++]!;
    f.leaves = merged;
    f.sortedUpTo = merged.length;
    return merged;
  }
}
