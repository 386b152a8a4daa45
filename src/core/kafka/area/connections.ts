import type { Admin, Kafka } from 'kafkajs';
import type { ClientRegistry, KafkaHandle } from '../../connections';
import { KafkaWire } from '../protocol';

/** Everything a Kafka handler needs for one connection; built once per live client. */
export interface KafkaConnection {
  readonly connectionId: string;
  readonly profile: KafkaHandle['profile'];
  readonly kafka: Kafka;
  readonly admin: Admin;
  /** Our protocol layer over kafkajs's cluster: shared by topics, browse, search, groups and lag. */
  readonly wire: KafkaWire;
}

/**
 * Per-connection Kafka resources on top of the client registry. The registry
 * owns the kafkajs client; this owns the KafkaWire (its own broker connections)
 * and anything an area hangs on a connection (samplers, tails), and closes them
 * when the registry disposes the client (disconnect, edit, delete, quit).
 */
export class KafkaConnections {
  private readonly wires = new Map<string, { kafka: Kafka; wire: KafkaWire }>();
  private readonly cleanups = new Map<string, Set<() => Promise<void> | void>>();
  private readonly offDispose: () => void;

  constructor(private readonly registry: ClientRegistry) {
    this.offDispose = registry.onDispose((id) => void this.release(id));
  }

  async get(connectionId: string): Promise<KafkaConnection> {
    const handle = await this.registry.kafka(connectionId);
    let entry = this.wires.get(connectionId);
    // A new kafkajs client (after an edit or reconnect) needs a new wire on its cluster.
    if (!entry || entry.kafka !== handle.kafka) {
      if (entry) void entry.wire.disconnect().catch(() => undefined);
      entry = { kafka: handle.kafka, wire: KafkaWire.fromKafka(handle.kafka) };
      this.wires.set(connectionId, entry);
    }
    return { connectionId, profile: handle.profile, kafka: handle.kafka, admin: handle.admin, wire: entry.wire };
  }

  /** Registers work to stop when the connection's client goes away (returns an unregister function). */
  onRelease(connectionId: string, cleanup: () => Promise<void> | void): () => void {
    let set = this.cleanups.get(connectionId);
    if (!set) {
      set = new Set();
      this.cleanups.set(connectionId, set);
    }
    set.add(cleanup);
    return () => set.delete(cleanup);
  }

  private async release(connectionId: string): Promise<void> {
    const cleanups = this.cleanups.get(connectionId);
    this.cleanups.delete(connectionId);
    for (const cleanup of cleanups ?? []) {
      try {
        await cleanup();
      } catch {
        // One failing cleanup must not keep the others' sockets open.
      }
    }
    const entry = this.wires.get(connectionId);
    this.wires.delete(connectionId);
    await entry?.wire.disconnect().catch(() => undefined);
  }

  async dispose(): Promise<void> {
    this.offDispose();
    await Promise.all([...new Set([...this.wires.keys(), ...this.cleanups.keys()])].map((id) => this.release(id)));
  }
}
