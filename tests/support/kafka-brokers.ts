/**
 * Where the local stack's Kafka brokers listen, and which release each runs:
 * the one place tests (integration and e2e) and the stack itself read them
 * from. Pure data, no imports, so the e2e TypeScript project can include it.
 *
 * Kafka 4.x is the default (`kafka`, `kafka-3`, `kafka-secure`, the Connect
 * worker); one Kafka 3.9 broker (`kafka-3.9`) stays so the older line, which
 * most production clusters still run, keeps being tested.
 */

/** The 4.x release of the jars in tests/stack/kafka-4/pom.xml (the newest 4.x on Maven Central). */
export const KAFKA_VERSION = '4.4.0';
/** The 3.9 release of the jars in tests/stack/kafka-3.9/pom.xml. */
export const KAFKA_39_VERSION = '3.9.2';

/** `kafka`: the default single 4.x broker (controller on 9093). */
export const KAFKA_PORT = 9092;
export const KAFKA_BOOTSTRAP = `127.0.0.1:${KAFKA_PORT}`;
/** `kafka-3`: three 4.x brokers (controllers on 19093/29093/39093). */
export const KAFKA_3_BROKERS: readonly string[] = ['127.0.0.1:19092', '127.0.0.1:29092', '127.0.0.1:39092'];
/** `kafka-3.9`: the one Kafka 3.9 broker (controller on 9193). */
export const KAFKA_39_PORT = 9192;
export const KAFKA_39_BOOTSTRAP = `127.0.0.1:${KAFKA_39_PORT}`;

/** Directory names under `.stack/` of the 4.x jars (lib/ and the tools' log4j2 file) and of the 3.9 broker. */
export const KAFKA_STACK_DIR = 'kafka-4';
export const KAFKA_39_STACK_DIR = 'kafka-3.9';

/** One release line of the stack, for the suites that run against both (`describe.each(KAFKA_LINES)`). */
export interface KafkaLine {
  /** `4.x` or `3.9`: what a test title shows. */
  readonly line: '4.x' | '3.9';
  readonly version: string;
  /** The stack server that runs it. */
  readonly server: 'kafka' | 'kafka-3.9';
  readonly bootstrap: string;
}

export const KAFKA_4_LINE: KafkaLine = {
  line: '4.x',
  version: KAFKA_VERSION,
  server: 'kafka',
  bootstrap: KAFKA_BOOTSTRAP,
};
export const KAFKA_39_LINE: KafkaLine = {
  line: '3.9',
  version: KAFKA_39_VERSION,
  server: 'kafka-3.9',
  bootstrap: KAFKA_39_BOOTSTRAP,
};
export const KAFKA_LINES: readonly KafkaLine[] = [KAFKA_4_LINE, KAFKA_39_LINE];
