/**
 * What areas get from the registry: a typed live client per kind with its
 * connection's scope, and the error their work ends with when that connection
 * goes away.
 */
import type { Admin, Kafka } from 'kafkajs';
import type { MongoClient } from 'mongodb';
import type { Client as CassandraClient } from 'cassandra-driver';
import type { Driver } from 'neo4j-driver';
import type { Profile } from '../../shared/contract/connections';
import { StackdeckError } from '../../shared/errors';
import type { Scope } from '../rpc/scope';
import type { ConnectTarget, SchemaRegistryTarget } from './clients/kafka';
import type { RedisClient } from './clients/redis';

/** Every handle carries its connection's scope: register per-connection resources there (rpc/scope.ts). */
export interface ScopedHandle {
  readonly scope: Scope;
}

/** Why a connection scope ended; named in the error a bound stream ends with. */
export type ScopeEnd = 'disconnected' | 'edited' | 'deleted' | 'lost' | 'closed';

export interface KafkaHandle extends ScopedHandle {
  profile: Extract<Profile, { kind: 'kafka' }>;
  kafka: Kafka;
  admin: Admin;
  /** The Connect cluster with its resolved secret; only core/kafka/connect reads it, never sent to the renderer. */
  connect: ConnectTarget;
  /** The Schema Registry with its resolved secrets; only core/kafka/schemaRegistry reads it, never sent to the renderer. */
  schemaRegistry: SchemaRegistryTarget;
}
export interface MongoHandle extends ScopedHandle {
  profile: Extract<Profile, { kind: 'mongo' }>;
  client: MongoClient;
}
export interface CassandraHandle extends ScopedHandle {
  profile: Extract<Profile, { kind: 'cassandra' }>;
  client: CassandraClient;
}
export interface Neo4jHandle extends ScopedHandle {
  profile: Extract<Profile, { kind: 'neo4j' }>;
  driver: Driver;
  database: string;
}
export interface RedisHandle extends ScopedHandle {
  profile: Extract<Profile, { kind: 'redis' }>;
  redis: RedisClient;
}

const ENDED: Record<ScopeEnd, string> = {
  disconnected: 'was disconnected',
  edited: 'was changed',
  deleted: 'was deleted',
  lost: 'was lost',
  closed: 'was closed because Stackdeck is shutting down',
};

/** The error a call or stream ends with when its connection goes away. */
export function connectionGone(id: string, name: string, end: ScopeEnd): StackdeckError {
  const next = end === 'deleted' || end === 'closed' ? '' : ' Connect again to start it anew.';
  return new StackdeckError('CANCELLED', `The connection "${name}" ${ENDED[end]}, so this was stopped.${next}`, {
    connectionId: id,
    connectionEnded: end,
  });
}
