/**
 * `tsx tests/stack/cli.ts up|down|status [options]` — the local real-server stack.
 *
 * Exit codes: 0 success (for `status`: every selected server is up),
 * 1 a server failed to start / stop or (status) is down, 2 usage error.
 */
import {
  StackError,
  UnknownServerError,
  ensureStackUp,
  stackDown,
  stackStatus,
  type ServerOutcome,
  type StatusLine,
} from './stack.js';

const USAGE = `usage: npm run stack:up|stack:down|stack:status -- [options]
       tsx tests/stack/cli.ts up|down|status [options]

  up       start every server that is not answering yet (idempotent)
  down     stop what 'up' started (servers started otherwise are left alone)
  status   one line per server: name, up/down, version reported by the server, ports

options:
  --kafka-brokers 1|3   3 also starts 'kafka-3' (Kafka 4.x brokers on 19092/29092/39092; 'kafka' on 9092 is 4.x too)
  --cassandra-nodes 1|3 3 also starts 'cassandra-3' (nodes on 127.0.0.2-4:9042, one after another)
  --secure              also starts the secure twins (redis-, kafka-, mongodb-, cassandra-, neo4j-secure: TLS, auth;
                        test PKI in .stack/pki)
  --redis-cluster       also start 'redis-cluster' (3 masters on 127.0.0.1:7001-7003)
  --kafka-3.9           also start 'kafka-3.9' (the one Kafka 3.9 broker, on 9192, controller 9193)
  --kafka-connect       also start 'kafka-connect' (a Connect worker on 'kafka', REST on 8083)
  --only a,b            only these servers (redis, redis-secure, redis-cluster, valkey, mongodb, mongodb-secure, kafka,
                        kafka-3, kafka-3.9, kafka-connect, kafka-secure, cassandra, cassandra-3,
                        cassandra-secure, cassandra-secure-mtls, cassandra-secure-expired, neo4j, neo4j-secure, sshd)
  --clean               (down) also delete the servers' data; downloads stay cached
  --timeout-scale N     (up) multiply start timeouts, for slow machines
  --parallel N          (up) how many servers may boot at once (default: cores)
`;

class UsageError extends Error {}

interface Args {
  command: 'up' | 'down' | 'status';
  kafkaBrokers?: 1 | 3;
  cassandraNodes?: 1 | 3;
  secure?: boolean;
  redisCluster?: boolean;
  kafka39?: boolean;
  kafkaConnect?: boolean;
  only?: string[];
  clean: boolean;
  timeoutScale?: number;
  parallel?: number;
}

function parseArgs(argv: string[]): Args | 'help' {
  const rest = [...argv];
  let command: Args['command'] | undefined;
  const args: Omit<Args, 'command'> = { clean: false };
  while (rest.length > 0) {
    const raw = rest.shift() ?? '';
    if (raw === '-h' || raw === '--help' || raw === 'help') return 'help';
    if (!raw.startsWith('--')) {
      if (command !== undefined) throw new UsageError(`unexpected argument '${raw}'`);
      if (raw !== 'up' && raw !== 'down' && raw !== 'status') throw new UsageError(`unknown command '${raw}'`);
      command = raw;
      continue;
    }
    const eq = raw.indexOf('=');
    const flag = eq >= 0 ? raw.slice(0, eq) : raw;
    const value = (): string => {
      const v = eq >= 0 ? raw.slice(eq + 1) : rest.shift();
      if (v === undefined || v === '') throw new UsageError(`${flag} needs a value`);
      return v;
    };
    const positive = (v: string): number => {
      const n = Number(v);
      if (!Number.isFinite(n) || n <= 0) throw new UsageError(`${flag} needs a positive number, got '${v}'`);
      return n;
    };
    switch (flag) {
      case '--kafka-brokers': {
        const v = value();
        if (v !== '1' && v !== '3') throw new UsageError(`--kafka-brokers must be 1 or 3, got '${v}'`);
        args.kafkaBrokers = v === '3' ? 3 : 1;
        break;
      }
      case '--cassandra-nodes': {
        const v = value();
        if (v !== '1' && v !== '3') throw new UsageError(`--cassandra-nodes must be 1 or 3, got '${v}'`);
        args.cassandraNodes = v === '3' ? 3 : 1;
        break;
      }
      case '--redis-cluster':
        args.redisCluster = true;
        break;
      case '--kafka-3.9':
        if (eq >= 0) throw new UsageError(`${flag} takes no value`);
        args.kafka39 = true;
        break;
      case '--kafka-connect':
        if (eq >= 0) throw new UsageError(`${flag} takes no value`);
        args.kafkaConnect = true;
        break;
      case '--kafka-4':
        // Gone since 'kafka' itself runs 4.x; say so rather than "unknown option".
        throw new UsageError(
          "--kafka-4 is gone: 'kafka' (9092) and 'kafka-3' run Kafka 4.x now; --kafka-3.9 starts the 3.9 broker (9192), --kafka-connect the Connect worker",
        );
      case '--only':
        args.only = value()
          .split(',')
          .map((s) => s.trim())
          .filter((s) => s.length > 0);
        break;
      case '--secure':
        args.secure = true;
        break;
      case '--clean':
        args.clean = true;
        break;
      case '--timeout-scale':
        args.timeoutScale = positive(value());
        break;
      case '--parallel':
        args.parallel = Math.floor(positive(value()));
        break;
      default:
        throw new UsageError(`unknown option '${flag}'`);
    }
  }
  if (command === undefined) throw new UsageError('missing command: up, down or status');
  if (args.clean && command !== 'down') throw new UsageError('--clean only applies to down');
  return { command, ...args };
}

const out = (line: string): void => {
  process.stdout.write(`${line}\n`);
};

function table(rows: string[][]): string[] {
  const widths = rows[0]?.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length))) ?? [];
  return rows.map((r) =>
    r
      .map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i] ?? 0)))
      .join('  ')
      .trimEnd(),
  );
}

function statusRows(lines: StatusLine[]): string[][] {
  return lines.map((l) => {
    const owner = l.pids.length > 0 ? `pid ${l.pids.join(',')}` : l.up ? 'not started by stack' : '';
    const note = l.up
      ? (l.detail ?? '')
      : l.selected
        ? firstLine(l.error ?? '')
        : 'not selected' +
          (l.name === 'kafka-3'
            ? ' (start with --kafka-brokers 3)'
            : l.name === 'kafka-3.9' || l.name === 'kafka-connect'
              ? ` (start with --${l.name})`
              : l.name === 'cassandra-3'
                ? ' (start with --cassandra-nodes 3)'
                : l.name.endsWith('-secure')
                  ? ' (start with --secure)'
                  : l.name === 'redis-cluster'
                    ? ' (start with --redis-cluster)'
                    : '');
    return [l.name, l.up ? 'up' : 'down', l.version ?? '-', l.ports.join(','), owner, note];
  });
}

function firstLine(text: string): string {
  const line = text.split('\n')[0] ?? '';
  return line.length > 100 ? `${line.slice(0, 97)}...` : line;
}

function summaryRows(outcomes: ServerOutcome[]): string[][] {
  return outcomes.map((o) => [
    o.name,
    o.state,
    o.version ?? '-',
    `${(o.ms / 1000).toFixed(1)} s`,
    o.state === 'failed' ? firstLine(o.error ?? '') : (o.detail ?? ''),
  ]);
}

async function main(argv: string[]): Promise<number> {
  let args: Args | 'help';
  try {
    args = parseArgs(argv);
  } catch (err) {
    if (err instanceof UsageError) {
      process.stderr.write(`stack: ${err.message}\n\n${USAGE}`);
      return 2;
    }
    throw err;
  }
  if (args === 'help') {
    out(USAGE);
    return 0;
  }
  const log = (line: string): void => {
    process.stderr.write(`stack: ${line}\n`);
  };

  try {
    switch (args.command) {
      case 'up': {
        const t0 = Date.now();
        const outcomes = await ensureStackUp({ ...args, log });
        table(summaryRows(outcomes)).forEach(out);
        out(`stack is up (${((Date.now() - t0) / 1000).toFixed(1)} s). Logs: .stack/logs/`);
        return 0;
      }
      case 'down': {
        await stackDown({ only: args.only, clean: args.clean, log });
        return 0;
      }
      case 'status': {
        const lines = await stackStatus(args);
        table(statusRows(lines)).forEach(out);
        const down = lines.filter((l) => l.selected && !l.up);
        if (down.length > 0) {
          process.stderr.write(`stack: down: ${down.map((l) => l.name).join(', ')} (start with npm run stack:up)\n`);
          return 1;
        }
        return 0;
      }
    }
  } catch (err) {
    if (err instanceof UnknownServerError) {
      process.stderr.write(`stack: ${err.message}\n`);
      return 2;
    }
    if (err instanceof StackError) {
      if (err.outcomes.length > 0) table(summaryRows(err.outcomes)).forEach(out);
      process.stderr.write(`\nstack: ${err.message}\n`);
      return 1;
    }
    throw err;
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    // Clients (kafkajs, ioredis) may leave sockets closing; do not wait for them.
    process.exit(code);
  },
  (err: unknown) => {
    process.stderr.write(
      `stack: unexpected error: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`,
    );
    process.exit(1);
  },
);
