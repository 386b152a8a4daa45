/**
 * Handlers of `kafka.scram.*` (src/shared/contract/kafka/scram.ts). The
 * router's read-only guard refuses upsert and delete before they get here.
 */
import type { CallContext, MethodHandlers } from '../../handler';
import type { KafkaSliceFactory } from '../area';
import type { CallOptions } from '../protocol/call';
import { deleteScramUser, listScramUsers, upsertScramUser } from './service';

type ScramMethods = 'kafka.scram.users.list' | 'kafka.scram.users.upsert' | 'kafka.scram.users.delete';

const opts = (ctx: CallContext): CallOptions => ({ signal: ctx.signal, deadline: ctx.deadline });

export const scramSlice: KafkaSliceFactory = ({ connections }) => {
  const handlers: MethodHandlers<ScramMethods> = {
    async 'kafka.scram.users.list'({ connectionId }, ctx) {
      const { wire } = await connections.get(connectionId);
      return { users: await listScramUsers(wire, opts(ctx)) };
    },
    async 'kafka.scram.users.upsert'({ connectionId, name, mechanism, iterations, password }, ctx) {
      const { wire } = await connections.get(connectionId);
      await upsertScramUser(wire, { name, mechanism, iterations, password }, opts(ctx));
      return { name, mechanism, iterations };
    },
    async 'kafka.scram.users.delete'({ connectionId, name, mechanism }, ctx) {
      const { wire } = await connections.get(connectionId);
      await deleteScramUser(wire, name, mechanism, opts(ctx));
      return { name, mechanism, deleted: true };
    },
  };
  return { handlers };
};
