import cassandra from 'cassandra-driver';
import type { Client, ClientOptions } from 'cassandra-driver';
import { createRequire } from 'node:module';
import type { ParamValue } from '../../../shared/contract/cassandra';
import { StackdeckError } from '../../../shared/errors';
import { parseParam, typeName, type TypeInfo } from './values';

const { types } = cassandra;
const require = createRequire(import.meta.url);

/**
 * The driver's prepare step, for the bound-parameter types of a statement. The
 * driver has no public API that returns a prepared statement's metadata, so
 * this uses its own PrepareHandler (the same call `execute(..., { prepare: true })`
 * makes, cached by the driver per query and keyspace).
 */
export interface PreparedMeta {
  columns: { name: string; type: TypeInfo }[];
}
const PrepareHandler = require('cassandra-driver/lib/prepare-handler.js') as {
  getPrepared(client: Client, lbp: unknown, query: string, keyspace: string | null): Promise<{ meta: PreparedMeta }>;
};

export async function prepared(client: Client, text: string): Promise<PreparedMeta> {
  const lbp = (client as unknown as { options: ClientOptions }).options.policies?.loadBalancing;
  const { meta: m } = await PrepareHandler.getPrepared(client, lbp, text, client.keyspace ?? null);
  return m;
}

export async function prepareParams(client: Client, text: string): Promise<{ name: string; type: string }[]> {
  const m = await prepared(client, text);
  return (m.columns ?? []).map((c) => ({ name: c.name, type: typeName(c.type) }));
}

export async function bindParams(client: Client, text: string, params: ParamValue[]): Promise<unknown[]> {
  const m = await prepared(client, text);
  const cols = m.columns ?? [];
  if (cols.length !== params.length)
    throw new StackdeckError(
      'INVALID_INPUT',
      `The statement has ${cols.length} bound parameter${cols.length === 1 ? '' : 's'} but ${params.length} ${params.length === 1 ? 'was' : 'were'} given.`,
      { where: 'params' },
    );
  return params.map((p, i) => {
    const col = cols[i] as { name: string; type: TypeInfo };
    if (p.kind === 'null') return null;
    if (p.kind === 'unset') return types.unset;
    return parseParam(p.text, col.type, `${i + 1} (${col.name})`);
  });
}
