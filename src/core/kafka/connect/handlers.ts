/**
 * Handlers of `kafka.connect.*` (src/shared/contract/kafka/connect.ts): the
 * Kafka Connect cluster named by the connection's profile. Each call resolves
 * the endpoint from the live connection (its secret never leaves core) and
 * hands the call's signal and deadline to the REST request.
 */
import { StackdeckError } from '../../../shared/errors';
import type { CallContext, MethodHandlers } from '../../handler';
import type { KafkaSliceFactory } from '../area';
import type { RestCall } from './rest';
import {
  alterOffsets,
  createConnector,
  deleteConnector,
  describeConnector,
  endpointOf,
  getOffsets,
  listConnectors,
  listPlugins,
  resetOffsets,
  restartConnector,
  transition,
  updateConnector,
  validateConfig,
  workerInfo,
} from './service';

type ConnectMethods =
  | 'kafka.connect.info'
  | 'kafka.connect.plugins'
  | 'kafka.connect.connectors.list'
  | 'kafka.connect.connectors.describe'
  | 'kafka.connect.connectors.validate'
  | 'kafka.connect.connectors.create'
  | 'kafka.connect.connectors.update'
  | 'kafka.connect.connectors.pause'
  | 'kafka.connect.connectors.resume'
  | 'kafka.connect.connectors.stop'
  | 'kafka.connect.connectors.restart'
  | 'kafka.connect.connectors.delete'
  | 'kafka.connect.offsets.get'
  | 'kafka.connect.offsets.alter'
  | 'kafka.connect.offsets.reset';

const call = (ctx: CallContext): RestCall => ({ signal: ctx.signal, deadline: ctx.deadline });

export const connectSlice: KafkaSliceFactory = ({ connections }) => {
  const ep = async (connectionId: string) => endpointOf(await connections.get(connectionId));
  const handlers: MethodHandlers<ConnectMethods> = {
    async 'kafka.connect.info'({ connectionId }, ctx) {
      return workerInfo(await ep(connectionId), call(ctx));
    },
    async 'kafka.connect.plugins'({ connectionId }, ctx) {
      return listPlugins(await ep(connectionId), call(ctx));
    },
    async 'kafka.connect.connectors.list'({ connectionId }, ctx) {
      return listConnectors(await ep(connectionId), call(ctx));
    },
    async 'kafka.connect.connectors.describe'({ connectionId, name }, ctx) {
      return describeConnector(await ep(connectionId), name, call(ctx));
    },
    async 'kafka.connect.connectors.validate'({ connectionId, config }, ctx) {
      return validateConfig(await ep(connectionId), config, call(ctx));
    },
    async 'kafka.connect.connectors.create'({ connectionId, name, config }, ctx) {
      return createConnector(await ep(connectionId), name, config, call(ctx));
    },
    async 'kafka.connect.connectors.update'({ connectionId, name, config }, ctx) {
      return updateConnector(await ep(connectionId), name, config, call(ctx));
    },
    async 'kafka.connect.connectors.pause'({ connectionId, name }, ctx) {
      await transition(await ep(connectionId), name, 'pause', call(ctx));
      return { name };
    },
    async 'kafka.connect.connectors.resume'({ connectionId, name }, ctx) {
      await transition(await ep(connectionId), name, 'resume', call(ctx));
      return { name };
    },
    async 'kafka.connect.connectors.stop'({ connectionId, name }, ctx) {
      await transition(await ep(connectionId), name, 'stop', call(ctx));
      return { name };
    },
    async 'kafka.connect.connectors.restart'({ connectionId, name, includeTasks, onlyFailed }, ctx) {
      await restartConnector(await ep(connectionId), name, includeTasks, onlyFailed, call(ctx));
      return { name };
    },
    async 'kafka.connect.connectors.delete'({ connectionId, name, confirmName }, ctx) {
      if (confirmName !== name) {
        throw new StackdeckError(
          'INVALID_INPUT',
          `Type the connector name "${name}" to confirm the delete; nothing was deleted.`,
          { field: 'confirmName' },
        );
      }
      await deleteConnector(await ep(connectionId), name, call(ctx));
      return { name, deleted: true };
    },
    async 'kafka.connect.offsets.get'({ connectionId, name }, ctx) {
      return { name, offsets: await getOffsets(await ep(connectionId), name, call(ctx)) };
    },
    async 'kafka.connect.offsets.alter'({ connectionId, name, offsets }, ctx) {
      return { name, message: await alterOffsets(await ep(connectionId), name, offsets, call(ctx)) };
    },
    async 'kafka.connect.offsets.reset'({ connectionId, name }, ctx) {
      return { name, message: await resetOffsets(await ep(connectionId), name, call(ctx)) };
    },
  };
  return { handlers };
};
