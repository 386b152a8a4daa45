/**
 * Handlers of `kafka.schemas.*` (src/shared/contract/kafka/schemas.ts): the
 * Schema Registry named by the connection's profile. Each call builds the
 * client from the live connection (its secrets never leave core) and hands it
 * the call's signal and what is left of the call's deadline.
 */
import { StackdeckError } from '../../../shared/errors';
import type { CallContext, MethodHandlers } from '../../handler';
import type { KafkaSliceFactory } from '../area';
import { schemaRegistryFor, type CallOptions } from './client';
import {
  checkSchema,
  compatibilityOf,
  deleteSchema,
  diffVersions,
  listSubjects,
  listVersions,
  registerSchema,
  setCompatibility,
} from './service';

type SchemaMethods =
  | 'kafka.schemas.subjects.list'
  | 'kafka.schemas.versions.list'
  | 'kafka.schemas.versions.get'
  | 'kafka.schemas.versions.diff'
  | 'kafka.schemas.byId'
  | 'kafka.schemas.compatibility.get'
  | 'kafka.schemas.compatibility.set'
  | 'kafka.schemas.check'
  | 'kafka.schemas.register'
  | 'kafka.schemas.delete';

const opts = (ctx: CallContext): CallOptions => ({
  signal: ctx.signal,
  timeoutMs: Math.max(1, ctx.deadline - Date.now()),
});

export const schemasSlice: KafkaSliceFactory = ({ connections }) => {
  const client = async (connectionId: string) => schemaRegistryFor(await connections.get(connectionId));
  const handlers: MethodHandlers<SchemaMethods> = {
    async 'kafka.schemas.subjects.list'({ connectionId, limit }, ctx) {
      return listSubjects(await client(connectionId), limit, opts(ctx));
    },
    async 'kafka.schemas.versions.list'({ connectionId, subject, deleted }, ctx) {
      return listVersions(await client(connectionId), subject, deleted, opts(ctx));
    },
    async 'kafka.schemas.versions.get'({ connectionId, subject, version }, ctx) {
      return (await client(connectionId)).schemaByVersion(subject, version, opts(ctx));
    },
    async 'kafka.schemas.versions.diff'({ connectionId, subject, from, to }, ctx) {
      return diffVersions(await client(connectionId), subject, from, to, opts(ctx));
    },
    async 'kafka.schemas.byId'({ connectionId, id }, ctx) {
      const c = await client(connectionId);
      const [schema, usedBy] = await Promise.all([c.schemaById(id, opts(ctx)), c.subjectVersionsForId(id, opts(ctx))]);
      return { ...schema, references: [...schema.references], usedBy };
    },
    async 'kafka.schemas.compatibility.get'({ connectionId, subject }, ctx) {
      return compatibilityOf(await client(connectionId), subject, opts(ctx));
    },
    async 'kafka.schemas.compatibility.set'({ connectionId, subject, level }, ctx) {
      return setCompatibility(await client(connectionId), subject, level, opts(ctx));
    },
    async 'kafka.schemas.check'({ connectionId, subject, version, schema }, ctx) {
      return checkSchema(await client(connectionId), subject, version, schema, opts(ctx));
    },
    async 'kafka.schemas.register'({ connectionId, subject, schema }, ctx) {
      return registerSchema(await client(connectionId), subject, schema, opts(ctx));
    },
    async 'kafka.schemas.delete'({ connectionId, subject, version, permanent, confirmName }, ctx) {
      if (permanent && confirmName !== subject) {
        throw new StackdeckError(
          'INVALID_INPUT',
          `Type the subject name "${subject}" to confirm the permanent delete; nothing was deleted.`,
          { field: 'confirmName' },
        );
      }
      return deleteSchema(await client(connectionId), subject, version, permanent, opts(ctx));
    },
  };
  return { handlers };
};
