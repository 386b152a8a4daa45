import type { AreaEnv, CoreArea } from '../area';
import type { Handlers } from '../handler';
import { aggregateHandlers } from './aggregate';
import { browseHandlers } from './browse';
import { MongoConnections } from './conn';
import { documentHandlers } from './documents';
import { explainHandlers } from './explain';
import { exportHandlers } from './export';
import { ImportSessions } from './import';
import { indexHandlers } from './indexes';
import { schemaHandlers } from './schema';
import { serverHandlers } from './serverView';
import { sizeHandlers } from './sizes';

/**
 * The MongoDB area: server facts cached per driver client (the registry owns
 * the clients and closes them), and the handler groups by concern. Open
 * imports are the area's own state and end with it.
 */
export function createMongoArea(env: AreaEnv): CoreArea {
  const connections = new MongoConnections(env.registry);
  const imports = new ImportSessions(connections);
  const handlers: Partial<Handlers> = {
    ...browseHandlers(connections),
    ...sizeHandlers(connections),
    ...documentHandlers(connections),
    ...aggregateHandlers(connections),
    ...explainHandlers(connections),
    ...indexHandlers(connections),
    ...schemaHandlers(connections),
    ...serverHandlers(connections),
    ...exportHandlers(connections, env),
    ...imports.handlers(),
  };
  return { name: 'mongo', handlers, dispose: () => imports.dispose() };
}
