/**
 * Schema actions (create and drop indexes and constraints), the system screen
 * (version, edition, settings) and transactions (list, terminate). The
 * statements are built from validated names, each backtick-quoted (schema
 * commands take no parameters for names), so a name cannot change the
 * statement. These are writes in the contract: the router refuses them on a
 * read-only connection before they get here.
 */
import neo4j, { type Driver } from 'neo4j-driver';
import type { ParsedInputOf } from '../../shared/contract';
import type { SettingInfo, TransactionInfo } from '../../shared/contract/neo4j/schema';
import { StackdeckError } from '../../shared/errors';
import { neo4jError } from './errors';
import { readRows } from './schema';
import { toValue } from './values';

export const quoteName = (s: string): string => `\`${s.replace(/`/g, '``')}\``;

const pattern = (entity: 'node' | 'relationship', labelOrType: string): string =>
  entity === 'node' ? `(e:${quoteName(labelOrType)})` : `()-[e:${quoteName(labelOrType)}]-()`;

export function indexStatement(i: ParsedInputOf<'neo4j.schema.index.create'>): string {
  const name = i.name ? `${quoteName(i.name)} ` : '';
  if (i.kind === 'FULLTEXT') {
    const on =
      i.entity === 'node'
        ? `(e:${i.labelsOrTypes.map(quoteName).join('|')})`
        : `()-[e:${i.labelsOrTypes.map(quoteName).join('|')}]-()`;
    return `CREATE FULLTEXT INDEX ${name}IF NOT EXISTS FOR ${on} ON EACH [${i.properties.map((p) => `e.${quoteName(p)}`).join(', ')}]`;
  }
  if (i.labelsOrTypes.length !== 1)
    throw new StackdeckError(
      'INVALID_INPUT',
      `A ${i.kind} index is on one label or relationship type; only full-text indexes take several.`,
    );
  if (i.kind !== 'RANGE' && i.properties.length !== 1)
    throw new StackdeckError('INVALID_INPUT', `A ${i.kind} index is on one property.`);
  const [lt] = i.labelsOrTypes as [string];
  return `CREATE ${i.kind} INDEX ${name}IF NOT EXISTS FOR ${pattern(i.entity, lt)} ON (${i.properties.map((p) => `e.${quoteName(p)}`).join(', ')})`;
}

export function constraintStatement(c: ParsedInputOf<'neo4j.schema.constraint.create'>): string {
  const name = c.name ? `${quoteName(c.name)} ` : '';
  const props = c.properties.map((p) => `e.${quoteName(p)}`);
  const subject = props.length === 1 ? (props[0] ?? '') : `(${props.join(', ')})`;
  if (c.kind === 'NOT NULL' && props.length !== 1)
    throw new StackdeckError('INVALID_INPUT', 'A NOT NULL constraint is on one property.');
  const rule =
    c.kind === 'UNIQUE'
      ? 'IS UNIQUE'
      : c.kind === 'KEY'
        ? `IS ${c.entity === 'node' ? 'NODE' : 'RELATIONSHIP'} KEY`
        : 'IS NOT NULL';
  return `CREATE CONSTRAINT ${name}IF NOT EXISTS FOR ${pattern(c.entity, c.labelOrType)} REQUIRE ${subject} ${rule}`;
}

export function dropStatement(kind: 'index' | 'constraint', name: string): string {
  return `DROP ${kind === 'index' ? 'INDEX' : 'CONSTRAINT'} ${quoteName(name)}`;
}

/** Runs a schema command in a WRITE session. */
export async function runSchemaCommand(
  driver: Driver,
  database: string | undefined,
  statement: string,
  signal: AbortSignal,
): Promise<{ statement: string }> {
  const session = driver.session({ ...(database ? { database } : {}), defaultAccessMode: neo4j.session.WRITE });
  const close = () => void session.close().catch(() => undefined);
  signal.addEventListener('abort', close, { once: true });
  try {
    await session.run(statement, {}, { timeout: 55_000 });
    return { statement };
  } catch (err) {
    throw neo4jError(err, 'Changing the schema');
  } finally {
    signal.removeEventListener('abort', close);
    await session.close().catch(() => undefined);
  }
}

const str = (v: unknown): string => (typeof v === 'string' ? v : v === null || v === undefined ? '' : String(v));

export async function systemInfo(
  driver: Driver,
  signal: AbortSignal,
): Promise<{
  version: string | null;
  edition: string | null;
  agent: string | null;
  settings: SettingInfo[] | null;
  settingsError: string | null;
}> {
  try {
    const comps = await readRows(driver, undefined, 'CALL dbms.components() YIELD name, versions, edition', {}, signal);
    const kernel = comps.find((c) => str(c.name) === 'Neo4j Kernel') ?? comps[0];
    const versions = Array.isArray(kernel?.versions) ? (kernel.versions as unknown[]).map(str) : [];
    const info = await driver.getServerInfo().catch(() => null);
    let settings: SettingInfo[] | null = null;
    let settingsError: string | null = null;
    try {
      const rows = await readRows(
        driver,
        undefined,
        'SHOW SETTINGS YIELD name, value, isDynamic, defaultValue, description, isExplicitlySet RETURN * ORDER BY name LIMIT 2000',
        {},
        signal,
      );
      settings = rows.map((r) => ({
        name: str(r.name),
        value: str(r.value),
        isDynamic: r.isDynamic === true,
        defaultValue: typeof r.defaultValue === 'string' ? r.defaultValue : null,
        description: str(r.description),
        isExplicitlySet: typeof r.isExplicitlySet === 'boolean' ? r.isExplicitlySet : null,
      }));
    } catch (err) {
      settingsError = neo4jError(err, 'Listing settings').message;
    }
    return {
      version: versions[0] ?? null,
      edition: kernel ? str(kernel.edition) || null : null,
      agent: info?.agent ?? null,
      settings,
      settingsError,
    };
  } catch (err) {
    throw neo4jError(err, 'Reading the server information');
  }
}

function durationMs(v: unknown): number | null {
  if (typeof v !== 'object' || v === null) return null;
  const d = v as { months?: unknown; days?: unknown; seconds?: unknown; nanoseconds?: unknown };
  const n = (x: unknown) => (neo4j.isInt(x) ? (x as { toNumber(): number }).toNumber() : typeof x === 'number' ? x : 0);
  return ((n(d.months) * 30 + n(d.days)) * 86_400 + n(d.seconds)) * 1_000 + n(d.nanoseconds) / 1e6;
}

export async function listTransactions(
  driver: Driver,
  signal: AbortSignal,
): Promise<{ transactions: TransactionInfo[] }> {
  try {
    const rows = await readRows(
      driver,
      undefined,
      'SHOW TRANSACTIONS YIELD database, transactionId, currentQuery, username, clientAddress, status, elapsedTime, metaData ' +
        'RETURN * ORDER BY elapsedTime DESC LIMIT 1000',
      {},
      signal,
    );
    return {
      transactions: rows.map((r) => {
        const meta = toValue(r.metaData ?? {});
        return {
          database: str(r.database),
          transactionId: str(r.transactionId),
          currentQuery: str(r.currentQuery).slice(0, 10_000),
          username: str(r.username),
          clientAddress: str(r.clientAddress),
          status: str(r.status),
          elapsedMs: durationMs(r.elapsedTime),
          metaData: meta.t === 'object' ? meta.v : [],
        };
      }),
    };
  } catch (err) {
    throw neo4jError(err, 'Listing transactions');
  }
}

export async function terminateTransactions(
  driver: Driver,
  ids: string[],
  signal: AbortSignal,
): Promise<{ terminated: { transactionId: string; message: string }[] }> {
  const session = driver.session({ defaultAccessMode: neo4j.session.WRITE });
  const close = () => void session.close().catch(() => undefined);
  signal.addEventListener('abort', close, { once: true });
  try {
    const res = await session.run(
      'TERMINATE TRANSACTIONS $ids YIELD transactionId, message RETURN transactionId, message',
      {
        ids,
      },
    );
    return {
      terminated: res.records.map((r) => ({
        transactionId: str(r.get('transactionId')),
        message: str(r.get('message')),
      })),
    };
  } catch (err) {
    throw neo4jError(err, 'Terminating transactions');
  } finally {
    signal.removeEventListener('abort', close);
    await session.close().catch(() => undefined);
  }
}
