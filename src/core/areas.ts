import type { AreaFactory } from './area';
import { createExportsArea } from './export/area';
import { createHistoryArea } from './history';
import { createKafkaArea } from './kafka/area';
import { kafkaSlices } from './kafka/area/slices';

/**
 * The areas of this build, after the connections area (which createCore builds
 * first: every other area uses its client registry). Adding an area is one line here.
 */
export const defaultAreas: readonly AreaFactory[] = [
  createHistoryArea,
  createExportsArea,
  (env) => createKafkaArea(env, env.registry, kafkaSlices),
  async (env) => (await import('./neo4j')).createNeo4jArea(env),
  async (env) => (await import('./redis')).createRedis(env),
  async (env) => (await import('./mongo/area')).createMongoArea(env),
  async (env) => (await import('./cassandra/area')).createCassandraArea(env),
  async (env) => (await import('./models')).createModelsArea(env),
];
