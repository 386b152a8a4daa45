/**
 * The secure twin of Kafka (`--secure`): one small combined broker+controller
 * (its own data, heap 384 MB) from the stack's Kafka jars, with one listener
 * per TLS case. Kafka 4.x, the same jars as the default `kafka` (kafka.ts), with
 * its data under .stack/kafka-4/kafka-secure (never the old 3.9 log dir). Kafka
 * reads PEM key stores directly, so the test PKI needs no JKS/PKCS12 conversion.
 *
 * | port | listener   | what                                                     |
 * | 9194 | SASL_SSL   | SCRAM-SHA-256, SCRAM-SHA-512, PLAIN; test CA, 127.0.0.1   |
 * | 9195 | MTLS (SSL) | client certificate required (test CA)                    |
 * | 9196 | EXPIRED    | SSL with the expired certificate                         |
 * | 9197 | WRONGHOST  | SSL with the certificate for wrong.example               |
 * | 9198 | INTERNAL   | plain text, inter-broker only (not for tests)            |
 * | 9199 | CONTROLLER | KRaft controller                                         |
 * | 9200 | OAUTH      | SASL_SSL, OAUTHBEARER only (unsecured JWS validator)     |
 *
 * SCRAM users are created when the storage is formatted (`StorageTool format
 * --add-scram`, the Kafka CLI); changing them needs `down --clean --only kafka-secure`.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import kafkajs from 'kafkajs';
import { ensurePki, type Pki, type PkiName } from '../pki.js';
import { jdkTool } from '../maven.js';
import { runCommand, withDeadline } from '../proc.js';
import type { LaunchSpec, ProbeResult, ServerDef, StackOptions } from '../types.js';
import { KAFKA_STACK_DIR, KAFKA_VERSION } from '../../support/kafka-brokers.js';
import { KAFKA_4_EXTRA, KAFKA_JARS, kafkaCliClasspath, kafkaCliCommand } from './kafka.js';
import { installJars } from './kafka-node.js';

const { Kafka, logLevel, ConfigResourceTypes } = kafkajs;

export const SECURE_KAFKA_PORTS = {
  sasl: 9194,
  mtls: 9195,
  expired: 9196,
  wronghost: 9197,
  internal: 9198,
  controller: 9199,
  /** SASL_SSL with OAUTHBEARER only (Kafka's unsecured JWS validator; tokens from the test's own endpoint). */
  oauth: 9200,
} as const;

/** The scope the OAUTHBEARER listener requires in every token. */
export const SECURE_KAFKA_OAUTH_SCOPE = 'stackdeck.kafka';

/** Test-only users of the secure twin (distinctive, so the secret-leak test can grep for them). */
export const SECURE_KAFKA_USERS = {
  scram256: { username: 'sd-scram256', password: 'sd-kafka-scram256-Pw-91be04', mechanism: 'scram-sha-256' },
  scram512: { username: 'sd-scram512', password: 'sd-kafka-scram512-Pw-c47d22', mechanism: 'scram-sha-512' },
  plain: { username: 'sd-plain', password: 'sd-kafka-plain-Pw-0e6f3a', mechanism: 'plain' },
} as const;

const home = (o: StackOptions): string => join(o.root, KAFKA_STACK_DIR, 'kafka-secure');
const dataDir = (o: StackOptions): string => join(home(o), 'data');
const CLUSTER_ID = 'c3RhY2tkZWNrLXNlY3VyZQ';

function serverProperties(o: StackOptions, pki: Pki): string {
  const P = SECURE_KAFKA_PORTS;
  const { scram256, scram512, plain } = SECURE_KAFKA_USERS;
  const store = (listener: string, cert: PkiName, clientAuth: 'required' | 'none'): string[] => [
    `listener.name.${listener}.ssl.keystore.type=PEM`,
    `listener.name.${listener}.ssl.keystore.location=${join(home(o), `${cert}.pem`)}`,
    `listener.name.${listener}.ssl.truststore.type=PEM`,
    `listener.name.${listener}.ssl.truststore.location=${pki.caCert}`,
    `listener.name.${listener}.ssl.client.auth=${clientAuth}`,
  ];
  const lines = [
    '# Written by tests/stack/servers/kafka-secure.ts on every start; edits are lost.',
    'process.roles=broker,controller',
    'node.id=1',
    `controller.quorum.voters=1@127.0.0.1:${P.controller}`,
    `listeners=SASL_SSL://127.0.0.1:${P.sasl},MTLS://127.0.0.1:${P.mtls},EXPIRED://127.0.0.1:${P.expired},` +
      `WRONGHOST://127.0.0.1:${P.wronghost},INTERNAL://127.0.0.1:${P.internal},CONTROLLER://127.0.0.1:${P.controller},` +
      `OAUTH://127.0.0.1:${P.oauth}`,
    `advertised.listeners=SASL_SSL://127.0.0.1:${P.sasl},MTLS://127.0.0.1:${P.mtls},EXPIRED://127.0.0.1:${P.expired},` +
      `WRONGHOST://127.0.0.1:${P.wronghost},INTERNAL://127.0.0.1:${P.internal},OAUTH://127.0.0.1:${P.oauth}`,
    'listener.security.protocol.map=SASL_SSL:SASL_SSL,MTLS:SSL,EXPIRED:SSL,WRONGHOST:SSL,INTERNAL:PLAINTEXT,CONTROLLER:PLAINTEXT,OAUTH:SASL_SSL',
    'inter.broker.listener.name=INTERNAL',
    'controller.listener.names=CONTROLLER',
    'sasl.enabled.mechanisms=PLAIN,SCRAM-SHA-256,SCRAM-SHA-512',
    ...store('sasl_ssl', 'server', 'none'),
    ...store('oauth', 'server', 'none'),
    // OAUTHBEARER with no server callback handler: Kafka's unsecured JWS validator (alg "none" tokens,
    // sub = principal, exp checked, scope required). Test-only; a real cluster validates signed JWTs.
    'listener.name.oauth.sasl.enabled.mechanisms=OAUTHBEARER',
    `listener.name.oauth.oauthbearer.sasl.jaas.config=org.apache.kafka.common.security.oauthbearer.OAuthBearerLoginModule required unsecuredLoginStringClaim_sub="broker" unsecuredValidatorRequiredScope="${SECURE_KAFKA_OAUTH_SCOPE}";`,
    ...store('mtls', 'server', 'required'),
    ...store('expired', 'expired', 'none'),
    ...store('wronghost', 'wronghost', 'none'),
    `listener.name.sasl_ssl.plain.sasl.jaas.config=org.apache.kafka.common.security.plain.PlainLoginModule required user_${plain.username}="${plain.password}";`,
    'listener.name.sasl_ssl.scram-sha-256.sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required;',
    'listener.name.sasl_ssl.scram-sha-512.sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required;',
    `# SCRAM users (${scram256.username}, ${scram512.username}) are in the metadata log, added at format time.`,
    // The authorizer for the ACL tests (core/kafka/acls). Super users: the SCRAM admins the secure tests use, and
    // ANONYMOUS, the principal of the plain-text INTERNAL/CONTROLLER listeners (inter-broker and controller traffic).
    // sd-plain stays an ordinary user, so a test can see it refused by an ACL. Resources without ACLs stay open
    // (allow.everyone.if.no.acl.found), so tests that set no ACL behave as before.
    'authorizer.class.name=org.apache.kafka.metadata.authorizer.StandardAuthorizer',
    `super.users=User:${scram512.username};User:${scram256.username};User:ANONYMOUS`,
    'allow.everyone.if.no.acl.found=true',
    `log.dirs=${dataDir(o)}`,
    'auto.create.topics.enable=false',
    'num.partitions=1',
    'default.replication.factor=1',
    'min.insync.replicas=1',
    'offsets.topic.replication.factor=1',
    'transaction.state.log.replication.factor=1',
    'transaction.state.log.min.isr=1',
    'group.initial.rebalance.delay.ms=0',
    'num.network.threads=2',
    'num.io.threads=2',
    'log.retention.hours=24',
    'log.segment.bytes=16777216',
    // As on `kafka`: one broker's share-state topic, short KIP-848 sessions.
    ...KAFKA_4_EXTRA,
  ];
  return `${lines.join('\n')}\n`;
}

/** A PEM key store as Kafka reads it: the private key (PKCS#8, unencrypted) followed by the certificate. */
function writeKeyStores(o: StackOptions, pki: Pki): void {
  for (const name of ['server', 'expired', 'wronghost'] as const) {
    const { cert, key } = pki.files[name];
    const text = `${readFile(key)}${readFile(cert)}`;
    writeFileSync(join(home(o), `${name}.pem`), text, { mode: 0o600 });
  }
}

const readFile = (path: string): string => readFileSync(path, 'utf8');

/** SASL_SSL, as the SCRAM-SHA-512 user, with the test CA: proves TLS, SASL and the broker all work. */
async function probe(o: StackOptions, timeoutMs: number): Promise<ProbeResult> {
  const pki = ensurePki(o.root);
  const { username, password } = SECURE_KAFKA_USERS.scram512;
  const kafka = new Kafka({
    clientId: 'stackdeck-stack-probe',
    brokers: [`127.0.0.1:${SECURE_KAFKA_PORTS.sasl}`],
    ssl: { ca: readFile(pki.caCert) },
    sasl: { mechanism: 'scram-sha-512', username, password },
    connectionTimeout: Math.min(timeoutMs, 3_000),
    requestTimeout: timeoutMs,
    retry: { retries: 0 },
    logLevel: logLevel.NOTHING,
  });
  const admin = kafka.admin({ retry: { retries: 0 } });
  try {
    return await withDeadline(
      (async () => {
        await admin.connect();
        const cluster = await admin.describeCluster();
        // Kafka 4 reports no release over the wire (no inter.broker.protocol.version): the jars' version is what
        // runs. A broker that reports one is an older line left on the port (a 3.9 twin from before the switch).
        const configs = await admin.describeConfigs({
          includeSynonyms: false,
          resources: [{ type: ConfigResourceTypes.BROKER, name: '1', configNames: ['inter.broker.protocol.version'] }],
        });
        const ibp = configs.resources[0]?.configEntries[0]?.configValue;
        return {
          version: ibp
            ? `broker protocol ${ibp}, not the ${KAFKA_VERSION} this stack starts here`
            : `${KAFKA_VERSION} (jars)`,
          detail: `SASL_SSL, cluster ${cluster.clusterId}, ports ${Object.values(SECURE_KAFKA_PORTS).join(',')}`,
        };
      })(),
      timeoutMs,
      `kafka-secure at 127.0.0.1:${SECURE_KAFKA_PORTS.sasl}`,
    );
  } finally {
    await admin.disconnect().catch(() => undefined);
  }
}

const kafkaSecure: ServerDef = {
  name: 'kafka-secure',
  ports: Object.values(SECURE_KAFKA_PORTS),
  startTimeoutMs: 120_000,
  stopGraceMs: 30_000,
  enabled: (o) => o.secure === true,

  async install(o) {
    await installJars(KAFKA_JARS, o.root);
    ensurePki(o.root);
  },

  async prepare(o) {
    const pki = ensurePki(o.root);
    mkdirSync(home(o), { recursive: true });
    // The same log4j2 files as the plain Kafka (in .stack/kafka-4).
    KAFKA_JARS.writeLogConfig(o.root);
    writeKeyStores(o, pki);
    const props = join(home(o), 'server.properties');
    writeFileSync(props, serverProperties(o, pki), { mode: 0o600 });
    if (existsSync(join(dataDir(o), 'meta.properties'))) return;
    const { scram256, scram512 } = SECURE_KAFKA_USERS;
    const { command, args } = kafkaCliCommand(
      'kafka.tools.StorageTool',
      [
        'format',
        '-t',
        CLUSTER_ID,
        '-c',
        props,
        '--add-scram',
        `SCRAM-SHA-256=[name=${scram256.username},password=${scram256.password}]`,
        '--add-scram',
        `SCRAM-SHA-512=[name=${scram512.username},password=${scram512.password}]`,
      ],
      o.root,
    );
    await runCommand(command, args, { timeoutMs: 120_000, what: 'kafka-secure StorageTool format' });
  },

  launch(o): LaunchSpec[] {
    return [
      {
        name: 'kafka-secure',
        command: jdkTool('java'),
        args: [
          '-Xms128m',
          '-Xmx384m',
          '-XX:+UseG1GC',
          '-XX:MaxGCPauseMillis=20',
          '-Djava.awt.headless=true',
          KAFKA_JARS.logArg(o.root, 'server'),
          `-Dkafka.logs.dir=${join(home(o), 'logs')}`,
          '-cp',
          kafkaCliClasspath(o.root),
          'kafka.Kafka',
          join(home(o), 'server.properties'),
        ],
        cwd: home(o),
      },
    ];
  },

  probe,
  // Not the PKI: the other secure twins use it too (it is regenerated only when missing).
  dataDirs: (o) => [dataDir(o)],
};

export default kafkaSecure;
