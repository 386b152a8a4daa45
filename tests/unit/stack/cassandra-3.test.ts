/**
 * The per-node configs of the 3-node cluster, derived from the single node's
 * cassandra.yaml: a node on the wrong address, with the single node's seed or
 * cluster name, would join (or break) the cluster other helpers use.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CASSANDRA_YAML } from '../../stack/servers/cassandra.js';
import { CLUSTER_NAME, clusterToken, nodeConfig } from '../../stack/servers/cassandra-3.js';

const base = readFileSync(CASSANDRA_YAML, 'utf8');
const key = (yaml: string, k: string): string[] =>
  [...yaml.matchAll(new RegExp(`^${k}:\\s*(.*)$`, 'gm'))].map((m) => (m[1] ?? '').trim());

describe('cassandra-3 node configs', () => {
  it('move each node to its own address, with the first node as seed and one evenly spaced token', () => {
    [1, 2, 3].forEach((i) => {
      const y = nodeConfig(base, i);
      const addr = `127.0.0.${i + 1}`;
      expect(key(y, 'listen_address')).toEqual([addr]);
      expect(key(y, 'rpc_address')).toEqual([addr]);
      expect(key(y, 'cluster_name')).toEqual([CLUSTER_NAME]);
      expect(key(y, 'num_tokens')).toEqual(['1']);
      expect(key(y, 'initial_token')).toEqual([clusterToken(i)]);
      expect(key(y, 'auto_bootstrap')).toEqual(['false']);
      expect(key(y, 'allocate_tokens_for_local_replication_factor')).toEqual([]);
      expect(y).toContain("- seeds: '127.0.0.2:7000'");
      const settings = y.split('\n').filter((l) => !l.trimStart().startsWith('#'));
      expect(settings.join('\n')).not.toContain('127.0.0.1');
    });
  });

  it('spaces the tokens a third of the Murmur3 ring apart', () => {
    const tokens = [1, 2, 3].map((i) => BigInt(clusterToken(i)));
    expect(tokens[0]).toBe(-(2n ** 63n));
    const ring = 2n ** 64n;
    const gaps = [tokens[1]! - tokens[0]!, tokens[2]! - tokens[1]!, tokens[0]! + ring - tokens[2]!];
    for (const g of gaps) expect(Number(g) / Number(ring)).toBeCloseTo(1 / 3, 9);
  });

  it('refuses a base config without the keys it must override', () => {
    expect(() => nodeConfig(base.replace(/^listen_address:.*$/m, ''), 1)).toThrow(/listen_address/);
    expect(() => nodeConfig(base.replace(/- seeds:.*$/m, ''), 1)).toThrow(/seeds/);
    expect(() => nodeConfig(base, 4)).toThrow(/no cluster node 4/);
  });
});
