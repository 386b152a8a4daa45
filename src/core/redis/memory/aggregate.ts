import type { MemoryBucket, MemoryReport } from '../../../shared/contract/redis/memory';
import { keyName } from '../bytes';

/** Namespaces kept at most; beyond, their keys are summed as "(other)" so memory stays bounded. */
export const MAX_NAMESPACES = 10_000;

const TTL_BUCKETS = ['no expiry', '< 1 hour', '< 1 day', '< 1 week', '> 1 week'] as const;

function ttlBucket(ms: number): (typeof TTL_BUCKETS)[number] {
  if (ms < 0) return 'no expiry';
  if (ms < 3_600_000) return '< 1 hour';
  if (ms < 86_400_000) return '< 1 day';
  if (ms < 604_800_000) return '< 1 week';
  return '> 1 week';
}

interface Acc {
  keys: number;
  bytes: number;
}

/** Aggregates measured keys: bounded top-N, namespaces (capped), types, TTL buckets. Pure; unit tested. */
export class MemoryAggregate {
  private readonly top: { key: Buffer; type: string; bytes: number; ttlMs: number }[] = [];
  private readonly ns = new Map<string, Acc>();
  private readonly types = new Map<string, Acc>();
  private readonly ttl = new Map<string, Acc>();
  private capped = false;
  analyzed = 0;
  totalBytes = 0;

  constructor(
    private readonly delimiter: Buffer,
    private readonly topN: number,
  ) {}

  add(key: Buffer, type: string, bytes: number, ttlMs: number): void {
    this.analyzed++;
    this.totalBytes += bytes;
    const at = key.indexOf(this.delimiter);
    let name = at === -1 ? '(no namespace)' : keyName(key.subarray(0, at + this.delimiter.length)).display;
    if (!this.ns.has(name) && this.ns.size >= MAX_NAMESPACES) {
      name = '(other)';
      this.capped = true;
    }
    bump(this.ns, name, bytes);
    bump(this.types, type, bytes);
    bump(this.ttl, ttlBucket(ttlMs), bytes);
    if (this.top.length < this.topN || bytes > this.top[this.top.length - 1]!.bytes) {
      // Sorted insert into a short array: N is at most 1,000.
      let i = this.top.length;
      while (i > 0 && this.top[i - 1]!.bytes < bytes) i--;
      this.top.splice(i, 0, { key: Buffer.from(key), type, bytes, ttlMs });
      if (this.top.length > this.topN) this.top.pop();
    }
  }

  report(maxNamespaces = 200): MemoryReport {
    const list = (m: Map<string, Acc>, limit = Infinity): MemoryBucket[] =>
      [...m]
        .map(([name, a]) => ({ name, keys: a.keys, bytes: a.bytes }))
        .sort((a, b) => b.bytes - a.bytes)
        .slice(0, limit);
    return {
      analyzed: this.analyzed,
      totalBytes: this.totalBytes,
      topKeys: this.top.map((t) => ({ key: keyName(t.key), type: t.type, bytes: t.bytes, ttlMs: t.ttlMs })),
      namespaces: list(this.ns, maxNamespaces),
      types: list(this.types),
      ttl: TTL_BUCKETS.map((name) => ({
        name,
        keys: this.ttl.get(name)?.keys ?? 0,
        bytes: this.ttl.get(name)?.bytes ?? 0,
      })),
      namespacesCapped: this.capped || this.ns.size > maxNamespaces,
    };
  }
}

function bump(m: Map<string, Acc>, name: string, bytes: number): void {
  const a = m.get(name);
  if (a) {
    a.keys++;
    a.bytes += bytes;
  } else m.set(name, { keys: 1, bytes });
}
