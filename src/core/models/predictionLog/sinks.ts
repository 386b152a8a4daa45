/**
 * Where forwarded predictions go, through the console's own live client of a
 * saved connection (the registry's pooled kafkajs / MongoDB client: its
 * credentials stay in core). A sink owns only what it creates on that client
 * (the kafkajs producer) and closes it in close(); the client itself belongs
 * to the registry, which reopens it after an edit or a lost connection.
 */
import type { Kafka, Producer } from 'kafkajs';
import type { ClientRegistry } from '../../connections';
import type { PredictionLogSink } from '../../../shared/contract/models/predictionLog';
import { StackdeckError } from '../../../shared/errors';

export interface Record {
  /** The record's id from the service (unique per prediction). */
  readonly id: string;
  readonly line: string;
}

export interface Sink {
  /** Sends the batch; resolves once the server confirmed all of it, rejects otherwise (the caller keeps it). */
  send(batch: readonly Record[]): Promise<void>;
  /** The saved connection's name, for the status. */
  connectionName(): string;
  close(): Promise<void>;
}

export function openSink(registry: ClientRegistry, sink: PredictionLogSink): Sink {
  return sink.kind === 'kafka' ? new KafkaSink(registry, sink) : new MongoSink(registry, sink);
}

class KafkaSink implements Sink {
  private producer: { kafka: Kafka; producer: Producer } | null = null;
  private name: string;
  private topicChecked = false;

  constructor(
    private readonly registry: ClientRegistry,
    private readonly sink: Extract<PredictionLogSink, { kind: 'kafka' }>,
  ) {
    this.name = sink.connectionId;
  }

  connectionName(): string {
    return this.name;
  }

  async send(batch: readonly Record[]): Promise<void> {
    const handle = await this.registry.kafka(this.sink.connectionId);
    this.name = handle.profile.name;
    if (handle.profile.readOnly)
      throw new StackdeckError('READ_ONLY', `The connection "${handle.profile.name}" is read-only.`);
    if (this.producer === null || this.producer.kafka !== handle.kafka) {
      // The registry replaced the client (edited or reconnected): a producer of the new one.
      await this.closeProducer();
      const producer = handle.kafka.producer({ allowAutoTopicCreation: false, idempotent: false });
      await producer.connect();
      this.producer = { kafka: handle.kafka, producer };
      this.topicChecked = false;
    }
    if (!this.topicChecked) {
      // The topic was typed in the wizard: create it (cluster defaults) when it does not exist yet.
      const topics = await handle.admin.listTopics();
      if (!topics.includes(this.sink.topic))
        await handle.admin
          .createTopics({ topics: [{ topic: this.sink.topic }], waitForLeaders: true })
          .catch((e: unknown) => {
            if (!String(e).includes('already exists')) throw e;
          });
      this.topicChecked = true;
    }
    await this.producer.producer.send({
      topic: this.sink.topic,
      acks: -1,
      timeout: 15_000,
      messages: batch.map((r) => ({ key: r.id, value: r.line })),
    });
  }

  private async closeProducer(): Promise<void> {
    const p = this.producer;
    this.producer = null;
    await p?.producer.disconnect().catch(() => undefined);
  }

  async close(): Promise<void> {
    await this.closeProducer();
  }
}

/** A duplicate-key error only: the batch was partly inserted before (a retry after a lost reply). */
function onlyDuplicates(err: unknown): boolean {
  const e = err as { code?: number; writeErrors?: { code?: number }[] };
  if (Array.isArray(e.writeErrors) && e.writeErrors.length > 0) return e.writeErrors.every((w) => w.code === 11000);
  return e.code === 11000;
}

class MongoSink implements Sink {
  private name: string;

  constructor(
    private readonly registry: ClientRegistry,
    private readonly sink: Extract<PredictionLogSink, { kind: 'mongo' }>,
  ) {
    this.name = sink.connectionId;
  }

  connectionName(): string {
    return this.name;
  }

  async send(batch: readonly Record[]): Promise<void> {
    const handle = await this.registry.mongo(this.sink.connectionId);
    this.name = handle.profile.name;
    if (handle.profile.readOnly)
      throw new StackdeckError('READ_ONLY', `The connection "${handle.profile.name}" is read-only.`);
    // _id is the service's record id, so a batch sent again after a lost reply inserts nothing twice.
    const docs = batch.map((r) => ({ ...(JSON.parse(r.line) as object), _id: r.id }));
    try {
      await handle.client
        .db(this.sink.database)
        .collection<{ _id: string }>(this.sink.collection)
        .insertMany(docs, { ordered: false });
    } catch (err) {
      if (!onlyDuplicates(err)) throw err;
    }
  }

  async close(): Promise<void> {
    // Nothing of its own: the client is the registry's.
  }
}
