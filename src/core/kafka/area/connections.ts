import type { Admin, Kafka } from 'kafkajs';
import type { ClientRegistry, KafkaHandle, Scope } from '../../connections';
import { KafkaWire } from '../protocol';

/** Everything a Kafka handler needs for one connection; built once per live client. */
export interface KafkaConnection {
  readonly connectionId: string;
  readonly profile: KafkaHandle['profile'];
  readonly kafka: Kafka;
  readonly admin: Admin;
  /** Our protocol layer over kafkajs's cluster: shared by topics, browse, search, groups and lag. */
  readonly wire: KafkaWire;
  /** The Kafka Connect cluster (url '' when the profile names none), secret resolved: core/kafka/connect only. */
  readonly connect: KafkaHandle['connect'];
  /** The Schema Registry (url '' when the profile names none), secrets resolved: core/kafka/schemaRegistry only. */
  readonly schemaRegistry: KafkaHandle['schemaRegistry'];
  /** The connection scope (rpc/scope.ts): ends on disconnect, edit, delete, loss or quit. */
  readonly scope: Scope;
}

interface WireEntry {
  readonly kafka: Kafka;
  readonly wire: KafkaWire;
}

/**
 * Per-connection Kafka resources on top of the client registry. The registry
 * owns the kafkajs client and the connection scope; this owns the KafkaWire
 * (its own broker connections), registered in that scope, so it closes with
 * the client (disconnect, edit, delete, quit). A wire is forgotten only by its
 * own scope: a new wire opened for a newer client is never touched by the
 * release of an older one.
 */
export class KafkaConnections {
  private readonly wires = new Map<string, WireEntry>();

  constructor(private readonly registry: ClientRegistry) {}

  async get(connectionId: string): Promise<KafkaConnection> {
    const handle = await this.registry.kafka(connectionId);
    let entry = this.wires.get(connectionId);
    // A new kafkajs client (after an edit or reconnect) needs a new wire on its cluster.
    if (!entry || entry.kafka !== handle.kafka) {
      const mine: WireEntry = { kafka: handle.kafka, wire: KafkaWire.fromKafka(handle.kafka) };
      entry = mine;
      this.wires.set(connectionId, mine);
      handle.scope.add(async () => {
        if (this.wires.get(connectionId) === mine) this.wires.delete(connectionId);
        await mine.wire.disconnect().catch(() => undefined);
      });
    }
    return {
      connectionId,
      profile: handle.profile,
      kafka: handle.kafka,
      admin: handle.admin,
      wire: entry.wire,
      connect: handle.connect,
      schemaRegistry: handle.schemaRegistry,
      scope: handle.scope,
    };
  }

  /** Registers work to stop when the connection goes away (returns an unregister function). */
  onRelease(connectionId: string, cleanup: () => Promise<void> | void): () => void {
    return this.registry.scopeOf(connectionId).add(cleanup);
  }

  async dispose(): Promise<void> {
    const all = [...this.wires.values()];
    this.wires.clear();
    await Promise.all(all.map((e) => e.wire.disconnect().catch(() => undefined)));
  }
}
