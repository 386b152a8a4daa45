import type { AreaEnv, CoreArea } from '../area';
import type { Handlers } from '../handler';
import { browseHandlers } from './browse';
import { documentHandlers } from './documents';
import { MongoConnections } from './conn';

/**
 * The MongoDB area: server facts cached per driver client (the registry owns
 * the clients and closes them), and the handler groups by concern.
 */
export function createMongoArea(env: AreaEnv): CoreArea {
  const connections = new MongoConnections(env.registry);
  const handlers: Partial<Handlers> = {
    ...browseHandlers(connections),
    ...documentHandlers(connections),
  };
  return { name: 'mongo', handlers };
}
