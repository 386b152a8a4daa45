/**
 * Validation rules and the server view (src/shared/contract/mongo/admin.ts).
 * serverStatus is reduced to what the UI charts; FerretDB has no opcounters,
 * so its per-command totals stand in (and the answer says which it is).
 */
import { BSON, type Document } from 'mongodb';
import type { CurrentOp } from '../../shared/contract/mongo/admin';
import { StackdeckError } from '../../shared/errors';
import type { MethodHandlers } from '../handler';
import type { MongoConnections } from './conn';
import { mongoCall, UNSUPPORTED } from './errors';
import { parseFilterText } from './query';
import { COUNT_TIME_MS, type CountResult } from '../../shared/contract/mongo/documents';

type ServerMethods =
  | 'mongo.validation.get'
  | 'mongo.validation.preview'
  | 'mongo.validation.set'
  | 'mongo.server.status'
  | 'mongo.server.ops'
  | 'mongo.server.killOp';

const n = (v: unknown): number | null => {
  const x = typeof v === 'number' ? v : typeof v === 'object' && v !== null ? Number(String(v)) : NaN;
  return Number.isFinite(x) ? x : null;
};

export function serverHandlers(connections: MongoConnections): MethodHandlers<ServerMethods> {
  async function count(
    c: ReturnType<ReturnType<import('mongodb').MongoClient['db']>['collection']>,
    filter: Document,
    signal: AbortSignal,
  ): Promise<CountResult> {
    try {
      return { kind: 'exact', value: await c.countDocuments(filter, { maxTimeMS: COUNT_TIME_MS, signal }) };
    } catch (err) {
      if ((err as { code?: unknown }).code === 50) return { kind: 'atLeast', value: 0 };
      throw err;
    }
  }

  return {
    async 'mongo.validation.get'({ connectionId, db, collection }, ctx) {
      const conn = await connections.get(connectionId);
      const info = await conn.info(ctx);
      const list = await mongoCall('Reading the validation rules', ctx, () =>
        conn.client.db(db).listCollections({ name: collection }, { signal: ctx.signal }).toArray(),
      );
      const options = ((list[0] as { options?: Document } | undefined)?.options ?? {}) as Document;
      const validator = options.validator
        ? BSON.EJSON.stringify(options.validator, undefined, 2, { relaxed: true })
        : null;
      const editable = info.ferretdbVersion === null;
      return {
        validator,
        level: typeof options.validationLevel === 'string' ? options.validationLevel : null,
        action: typeof options.validationAction === 'string' ? options.validationAction : null,
        editable,
        note: editable
          ? null
          : `Validation rules are ${UNSUPPORTED} (FerretDB ${info.ferretdbVersion} has no collMod or validator).`,
      };
    },

    async 'mongo.validation.preview'({ connectionId, db, collection, validator }, ctx) {
      const v = parseFilterText(validator);
      const conn = await connections.get(connectionId);
      const c = conn.client.db(db).collection(collection);
      return mongoCall('Counting documents that fail the rules', ctx, async () => ({
        failing: await count(c, { $nor: [v] }, ctx.signal),
        total: await count(c, {}, ctx.signal),
      }));
    },

    async 'mongo.validation.set'({ connectionId, db, collection, validator, level, action }, ctx) {
      const v = validator.trim() === '' ? {} : parseFilterText(validator);
      const conn = await connections.get(connectionId);
      await mongoCall('Saving the validation rules', ctx, () =>
        conn.client
          .db(db)
          .command(
            { collMod: collection, validator: v, validationLevel: level, validationAction: action },
            { signal: ctx.signal },
          ),
      );
      return { ok: true };
    },

    async 'mongo.server.status'({ connectionId }, ctx) {
      const conn = await connections.get(connectionId);
      const s = await mongoCall('Reading serverStatus', ctx, () =>
        conn.client.db('admin').command({ serverStatus: 1 }, { signal: ctx.signal }),
      );
      const opcounters: Record<string, number> = {};
      let source: 'opcounters' | 'commands' = 'opcounters';
      if (s.opcounters && typeof s.opcounters === 'object') {
        for (const [k, v] of Object.entries(s.opcounters as Document)) {
          const x = n(v);
          if (x !== null) opcounters[k] = x;
        }
      } else {
        source = 'commands';
        const commands = ((s.metrics as Document | undefined)?.commands ?? {}) as Record<string, { total?: unknown }>;
        for (const k of ['find', 'insert', 'update', 'delete', 'aggregate', 'count', 'getMore']) {
          const x = n(commands[k]?.total);
          if (x !== null) opcounters[k] = x;
        }
      }
      const info = await conn.info(ctx);
      let members: { name: string; state: string; health: number | null; self: boolean }[] | null = null;
      if (info.topology === 'replicaSet') {
        const rs = await conn.client
          .db('admin')
          .command({ replSetGetStatus: 1 }, { signal: ctx.signal })
          .catch(() => null);
        members = Array.isArray(rs?.members)
          ? (rs.members as Document[]).map((m) => ({
              name: String(m.name ?? ''),
              state: String(m.stateStr ?? m.state ?? ''),
              health: n(m.health),
              self: m.self === true,
            }))
          : null;
      }
      const conns = s.connections as Document | undefined;
      const mem = s.mem as Document | undefined;
      return {
        host: typeof s.host === 'string' ? s.host : null,
        version: String(s.version ?? 'unknown'),
        process: typeof s.process === 'string' ? s.process : null,
        uptimeSeconds: n(s.uptime),
        connections: conns ? { current: n(conns.current) ?? 0, available: n(conns.available) ?? 0 } : null,
        opcounters,
        opcountersSource: source,
        memory: mem ? { residentMb: n(mem.resident), virtualMb: n(mem.virtual) } : null,
        members,
        sampledAt: Date.now(),
      };
    },

    async 'mongo.server.ops'({ connectionId }, ctx) {
      const conn = await connections.get(connectionId);
      const res = await mongoCall('Reading current operations', ctx, () =>
        conn.client.db('admin').command({ currentOp: 1, active: true }, { signal: ctx.signal }),
      );
      const ops: CurrentOp[] = ((res.inprog ?? []) as Document[]).slice(0, 500).map((o) => ({
        opid: String(o.opid ?? ''),
        op: String(o.op ?? ''),
        ns: String(o.ns ?? ''),
        secsRunning: n(o.secs_running),
        client: typeof o.client === 'string' ? o.client : null,
        desc: typeof o.desc === 'string' ? o.desc : null,
        command: BSON.EJSON.stringify(o.command ?? {}).slice(0, 2000),
      }));
      return { ops };
    },

    async 'mongo.server.killOp'({ connectionId, opid }, ctx) {
      const conn = await connections.get(connectionId);
      const op: number | string = /^\d+$/.test(opid) ? Number(opid) : opid;
      const res = await mongoCall('Killing the operation', ctx, () =>
        conn.client.db('admin').command({ killOp: 1, op }, { signal: ctx.signal }),
      );
      if (res.ok !== 1) throw new StackdeckError('SERVER_ERROR', 'The server did not kill the operation.');
      return { ok: true };
    },
  };
}
