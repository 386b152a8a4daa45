import neo4j, { type Driver } from 'neo4j-driver';
import type { DatabaseInfo } from '../../shared/contract/neo4j/query';
import { neo4jError } from './errors';

const str = (v: unknown): string | null => (typeof v === 'string' ? v : null);

/** SHOW DATABASES (run against the system database), one row per database (cluster members folded). */
export async function listDatabases(
  driver: Driver,
  signal: AbortSignal,
): Promise<{ databases: DatabaseInfo[]; defaultDatabase: string | null }> {
  const session = driver.session({ database: 'system', defaultAccessMode: neo4j.session.READ });
  const close = () => void session.close().catch(() => undefined);
  signal.addEventListener('abort', close, { once: true });
  try {
    const res = await session.run('SHOW DATABASES YIELD *', {}, { timeout: 25_000 });
    const byName = new Map<string, DatabaseInfo>();
    for (const r of res.records) {
      const o = r.toObject() as Record<string, unknown>;
      const name = str(o.name);
      if (name === null || byName.has(name)) continue;
      byName.set(name, {
        name,
        type: str(o.type),
        currentStatus: str(o.currentStatus) ?? 'unknown',
        requestedStatus: str(o.requestedStatus),
        access: str(o.access),
        role: str(o.role),
        isDefault: o.default === true,
        isHome: o.home === true,
        statusMessage: str(o.statusMessage) || null,
      });
    }
    const databases = [...byName.values()];
    return { databases, defaultDatabase: databases.find((d) => d.isDefault)?.name ?? null };
  } catch (err) {
    throw neo4jError(err, 'Listing databases');
  } finally {
    signal.removeEventListener('abort', close);
    await session.close().catch(() => undefined);
  }
}
