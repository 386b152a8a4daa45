/**
 * Handlers of `kafka.quotas.*` (src/shared/contract/kafka/quotas.ts). The
 * router's read-only guard refuses alter (even a validateOnly preview)
 * before it gets here.
 */
import type { CallContext, MethodHandlers } from '../../handler';
import type { KafkaSliceFactory } from '../area';
import type { CallOptions } from '../protocol/call';
import { alterQuotas, listQuotas } from './service';

type QuotaMethods = 'kafka.quotas.list' | 'kafka.quotas.alter';

const opts = (ctx: CallContext): CallOptions => ({ signal: ctx.signal, deadline: ctx.deadline });

export const quotasSlice: KafkaSliceFactory = ({ connections }) => {
  const handlers: MethodHandlers<QuotaMethods> = {
    async 'kafka.quotas.list'({ connectionId, filter }, ctx) {
      const { wire } = await connections.get(connectionId);
      return { entries: await listQuotas(wire, filter, opts(ctx)) };
    },
    async 'kafka.quotas.alter'({ connectionId, entries, validateOnly }, ctx) {
      const { wire } = await connections.get(connectionId);
      await alterQuotas(wire, entries, validateOnly, opts(ctx));
      return { entries, validateOnly };
    },
  };
  return { handlers };
};
