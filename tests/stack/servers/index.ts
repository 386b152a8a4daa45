/**
 * Every server of the local stack, in start order: the quick ones first so
 * they are up while the JVMs are still booting (redis-cluster on request only); kafka-3, kafka-3.9 and the Connect worker (on request only)
 * before the heavier Cassandra and Neo4j; cassandra-3 (on request only) after
 * the single node, whose jars it reuses. The `*-secure` twins and `sshd` start with `--secure` only.
 */
import type { ServerDef } from '../types.js';
import redis from './redis.js';
import redisSecure from './redis-secure.js';
import redisCluster from './redis-cluster.js';
import valkey from './valkey.js';
import ferretdb from './ferretdb.js';
import ferretdbSecure from './ferretdb-secure.js';
import kafka, { kafka3 } from './kafka.js';
import kafkaSecure from './kafka-secure.js';
import kafka39 from './kafka-3.9.js';
import kafkaConnect from './kafka-connect.js';
import cassandra from './cassandra.js';
import cassandra3 from './cassandra-3.js';
import cassandraSecure from './cassandra-secure.js';
import cassandraSecureMtls from './cassandra-secure-mtls.js';
import cassandraSecureExpired from './cassandra-secure-expired.js';
import neo4j from './neo4j.js';
import sshd from './sshd.js';
import neo4jSecure from './neo4j-secure.js';
// Last: it boots in seconds and needs no other server; started with the Connect worker's flag.
import schemaRegistry from './schema-registry.js';

export const servers: readonly ServerDef[] = [
  redis,
  redisSecure,
  redisCluster,
  valkey,
  ferretdb,
  ferretdbSecure,
  kafka,
  kafka3,
  kafka39,
  kafkaConnect,
  kafkaSecure,
  cassandra,
  cassandra3,
  cassandraSecure,
  cassandraSecureMtls,
  cassandraSecureExpired,
  neo4j,
  sshd,
  neo4jSecure,
  schemaRegistry,
];
