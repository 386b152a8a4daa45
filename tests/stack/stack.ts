/**
 * Programmatic API of the local stack; `cli.ts` wraps it and `tests/run.ts`
 * calls `ensureStackUp` before the tests.
 *
 * `up` installs each selected server (cached; one at a time, since several
 * `mvn` processes sharing ~/.m2 must not race), leaves a server alone when it
 * already answers its probe (whoever started it), and otherwise starts it, with
 * at most `parallel` servers booting at once: JVMs starting side by side on a
 * 2-core machine slow each other down, so the default is the core count.
 */
import { availableParallelism } from 'node:os';
import { readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import {
  errorLines,
  logFile,
  pidFile,
  portInUse,
  runningPid,
  runningProc,
  sleep,
  spawnDetached,
  stopProcess,
  tailFile,
  withLock,
  isOurProcess,
} from './proc.js';
import type { Launched } from './proc.js';
import { stackOptions, stackPaths } from './paths.js';
import { servers } from './servers/index.js';
import type { ServerDef, StackOptions } from './types.js';

export { stackOptions, stackPaths } from './paths.js';
export type { StackPaths } from './paths.js';

const DEFAULT_STOP_GRACE_MS = 30_000;
const STATUS_PROBE_MS = 3_000;

export interface SelectOptions {
  /** 3 also starts `kafka-3` (brokers on 19092/29092/39092) beside everything else. */
  kafkaBrokers?: 1 | 3;
  /** 3 also starts `cassandra-3` (nodes on 127.0.0.2-4) beside the single node. */
  cassandraNodes?: 1 | 3;
  /** True also starts the secure twins (`redis-secure`, ...). */
  secure?: boolean;
  /** true also starts `redis-cluster` (masters on 7001-7003). */
  redisCluster?: boolean;
  /** True also starts `kafka-3.9` (the one Kafka 3.9 broker, on 9192). */
  kafka39?: boolean;
  /** True also starts `kafka-connect` (a Connect worker on `kafka`, REST on 8083). */
  kafkaConnect?: boolean;
  /** Server names; default: every server whose `enabled()` is true. */
  only?: string[];
}

export class StackError extends Error {
  constructor(
    message: string,
    readonly outcomes: ServerOutcome[] = [],
  ) {
    super(message);
    this.name = 'StackError';
  }
}

/** A server name that is not registered (a usage error for the CLI). */
export class UnknownServerError extends StackError {}

/** The registered servers, in start order. */
export function allServers(): readonly ServerDef[] {
  return servers;
}

function select(opts: SelectOptions): { defs: ServerDef[]; stackOpts: StackOptions } {
  const only = opts.only?.filter((n) => n.length > 0);
  let defs: ServerDef[];
  if (only !== undefined && only.length > 0) {
    const unknown = only.filter((n) => !servers.some((s) => s.name === n));
    if (unknown.length > 0) {
      throw new UnknownServerError(
        `unknown server ${unknown.join(', ')}; known: ${servers.map((s) => s.name).join(', ')}`,
      );
    }
    defs = servers.filter((s) => only.includes(s.name));
  } else {
    const o = stackOptions(opts.kafkaBrokers ?? 1, opts.cassandraNodes ?? 1, {
      secure: opts.secure ?? false,
      redisCluster: opts.redisCluster ?? false,
      kafka39: opts.kafka39 ?? false,
      kafkaConnect: opts.kafkaConnect ?? false,
    });
    defs = servers.filter((s) => s.enabled?.(o) ?? true);
  }
  // Naming kafka-3 (cassandra-3) explicitly implies the 3-broker (3-node) options.
  const brokers = opts.kafkaBrokers ?? (defs.some((d) => d.name === 'kafka-3') ? 3 : 1);
  const nodes = opts.cassandraNodes ?? (defs.some((d) => d.name === 'cassandra-3') ? 3 : 1);
  const secure = opts.secure ?? defs.some((d) => d.name.endsWith('-secure'));
  const redisCluster = opts.redisCluster ?? defs.some((d) => d.name === 'redis-cluster');
  const kafka39 = opts.kafka39 ?? defs.some((d) => d.name === 'kafka-3.9');
  const kafkaConnect = opts.kafkaConnect ?? defs.some((d) => d.name === 'kafka-connect');
  return { defs, stackOpts: stackOptions(brokers, nodes, { secure, redisCluster, kafka39, kafkaConnect }) };
}

export interface UpOptions extends SelectOptions {
  /** Multiply every server's startTimeoutMs (slow machines). Default 1. */
  timeoutScale?: number;
  /** How many servers may be booting at once. Default: number of cores, at least 2. */
  parallel?: number;
  /** Progress lines; default: stderr. */
  log?: (line: string) => void;
}

export interface ServerOutcome {
  name: string;
  state: 'already-up' | 'started' | 'failed';
  version?: string;
  detail?: string;
  /** Why it failed, including the tail of its log(s). */
  error?: string;
  ms: number;
}

const defaultLog = (line: string): void => {
  process.stderr.write(`${line}\n`);
};

/** A tiny counting semaphore. */
function limiter(n: number): <T>(fn: () => Promise<T>) => Promise<T> {
  let active = 0;
  const waiting: (() => void)[] = [];
  return async <T>(fn: () => Promise<T>): Promise<T> => {
    if (active >= n) await new Promise<void>((r) => waiting.push(r));
    active++;
    try {
      return await fn();
    } finally {
      active--;
      waiting.shift()?.();
    }
  };
}

/** Start whatever of the selected servers is not answering; throws StackError if any fails. */
export async function ensureStackUp(opts: UpOptions = {}): Promise<ServerOutcome[]> {
  const log = opts.log ?? defaultLog;
  return withLock(lockPath(), 'up/down', LOCK_WAIT_MS, log, () => up(opts, log));
}

const LOCK_WAIT_MS = 15 * 60_000;
const lockPath = (): string => join(stackPaths().root, 'stack.lock');

async function up(opts: UpOptions, log: (line: string) => void): Promise<ServerOutcome[]> {
  const { defs, stackOpts } = select(opts);
  const { pidsDir } = stackPaths();
  const scale = opts.timeoutScale ?? 1;
  const installOne = limiter(1);
  const startSlot = limiter(Math.max(2, opts.parallel ?? availableParallelism()));

  const bringUp = async (def: ServerDef): Promise<ServerOutcome> => {
    const t0 = Date.now();
    const done = (o: Omit<ServerOutcome, 'name' | 'ms'>): ServerOutcome => ({
      name: def.name,
      ms: Date.now() - t0,
      ...o,
    });
    // Install even when a server already answers: tests also use the installed
    // tools (the Kafka CLI classes from the same jars), and installs are cached.
    try {
      await installOne(async () => {
        const ti = Date.now();
        await def.install(stackOpts);
        const s = (Date.now() - ti) / 1000;
        if (s > 1) log(`${def.name}: installed in ${s.toFixed(1)} s`);
      });
    } catch (err) {
      return done({ state: 'failed', error: `install failed: ${message(err)}` });
    }
    try {
      const already = await def.probe(stackOpts, STATUS_PROBE_MS);
      log(`${def.name}: already up (${already.version}), left alone`);
      return done({ state: 'already-up', ...already });
    } catch {
      /* not answering: start it */
    }
    return startSlot(async () => {
      try {
        await def.prepare(stackOpts);
      } catch (err) {
        return done({ state: 'failed', error: `prepare failed: ${message(err)}` });
      }
      const result = await launchAndWait(def, stackOpts, pidsDir, scale, log);
      return done(result);
    });
  };

  const outcomes = await Promise.all(defs.map(bringUp));
  const failed = outcomes.filter((o) => o.state === 'failed');
  if (failed.length > 0) {
    const text = failed.map((o) => `${o.name}: ${o.error ?? 'failed'}`).join('\n\n');
    throw new StackError(`${failed.length} server(s) failed to start:\n\n${text}`, outcomes);
  }
  return outcomes;
}

async function launchAndWait(
  def: ServerDef,
  o: StackOptions,
  pidsDir: string,
  scale: number,
  log: (line: string) => void,
): Promise<Omit<ServerOutcome, 'name' | 'ms'>> {
  const specs = def.launch(o);
  const ours = specs.map((s) => runningProc(pidsDir, s.name));
  if (ours.every((p) => p === undefined)) {
    // Nothing of ours runs, so a listener on our ports is someone else's:
    // launching would only die on "address in use" with a less clear message.
    for (const host of def.portHosts ?? ['127.0.0.1']) {
      for (const port of def.ports) {
        if (await portInUse(port, 1000, host)) {
          return {
            state: 'failed',
            error: `port ${host}:${port} is already taken by a process that does not answer as ${def.name}; stop it or free the port`,
          };
        }
      }
    }
  }
  const timeoutMs = Math.round(def.startTimeoutMs * scale);
  const deadline = Date.now() + timeoutMs;
  const launched: Launched[] = [];
  const spawnOne = (i: number): void => {
    const spec = specs[i] as (typeof specs)[number];
    const rec = ours[i];
    if (rec !== undefined) {
      log(`${def.name}: ${spec.name} already running (pid ${rec.pid}), waiting for it`);
      launched.push({ spec, ...rec });
    } else {
      launched.push(spawnDetached(spec, o.logsDir, pidsDir));
    }
  };
  const fail = async (err: unknown): Promise<Omit<ServerOutcome, 'name' | 'ms'>> => {
    await stopAll(def, launched, pidsDir);
    return { state: 'failed', error: message(err) };
  };

  const probeStarted = def.probeStarted?.bind(def);
  if (probeStarted !== undefined) {
    // One at a time: each process must be ready before the next is launched.
    for (let i = 0; i < specs.length; i++) {
      try {
        spawnOne(i);
      } catch (err) {
        return fail(err);
      }
      const spec = specs[i] as (typeof specs)[number];
      const t0 = Date.now();
      const ready = await pollUntil(def, o, launched, pidsDir, deadline, timeoutMs, (ms) =>
        probeStarted(o, spec.name, ms).then(() => undefined),
      );
      if ('state' in ready) return ready;
      if (ours[i] === undefined) log(`${def.name}: ${spec.name} ready (${((Date.now() - t0) / 1000).toFixed(1)} s)`);
    }
  } else {
    try {
      specs.forEach((_, i) => spawnOne(i));
    } catch (err) {
      return fail(err);
    }
  }
  log(`${def.name}: starting (${launched.map((l) => `${l.spec.name} pid ${l.pid}`).join(', ')})`);

  const r = await pollUntil(def, o, launched, pidsDir, deadline, timeoutMs, (ms) => def.probe(o, ms));
  if ('state' in r) return r;
  log(`${def.name}: up (${r.value.version})`);
  return { state: 'started', ...r.value };
}

/**
 * Probe until `check` succeeds or the deadline passes; fails early when one of
 * `launched` exits. On failure everything launched is stopped and the outcome
 * carries the log tails.
 */
async function pollUntil<T>(
  def: ServerDef,
  o: StackOptions,
  launched: Launched[],
  pidsDir: string,
  deadline: number,
  timeoutMs: number,
  check: (ms: number) => Promise<T>,
): Promise<{ value: T } | Omit<ServerOutcome, 'name' | 'ms'>> {
  const started = Date.now();
  let lastError = 'no probe yet';
  for (;;) {
    const dead = launched.find((l) => l.exit !== undefined || (!l.child && !isOurProcess(l.pid, l.startTime)));
    if (dead) {
      await stopAll(def, launched, pidsDir);
      const how = dead.exit?.error
        ? dead.exit.error
        : dead.exit
          ? `exit code ${dead.exit.code ?? 'none'}${dead.exit.signal ? `, ${dead.exit.signal}` : ''}`
          : 'gone';
      return { state: 'failed', error: `${dead.spec.name} exited during start (${how})\n${await tails(o, [dead])}` };
    }
    const remaining = deadline - Date.now();
    if (remaining <= 0) break;
    try {
      return { value: await check(Math.min(5_000, Math.max(remaining, 500))) };
    } catch (err) {
      lastError = message(err);
    }
    // Poll briskly at first (Redis is up in milliseconds), then once a second.
    const pause = Date.now() - started < 5_000 ? 250 : 1_000;
    await sleep(Math.min(pause, Math.max(0, deadline - Date.now())));
  }
  // Stop what we started so the next `up` begins from a clean slate instead
  // of finding a half-started process.
  await stopAll(def, launched, pidsDir);
  return {
    state: 'failed',
    error:
      `no answer within ${timeoutMs / 1000} s (last probe: ${lastError}); stopped it. ` +
      `Slow machine? Retry with --timeout-scale 2.\n${await tails(o, launched)}`,
  };
}

async function stopAll(def: ServerDef, launched: Launched[], pidsDir: string): Promise<void> {
  await Promise.all(
    launched.map(async (l) => {
      const result = await stopProcess(l.pid, l.startTime, def.stopGraceMs ?? DEFAULT_STOP_GRACE_MS);
      if (result !== 'survived') rmSync(pidFile(pidsDir, l.spec.name), { force: true });
    }),
  );
}

async function tails(o: StackOptions, launched: Launched[]): Promise<string> {
  const parts = await Promise.all(
    launched.map(async (l) => {
      const path = logFile(o.logsDir, l.spec.name);
      const errors = await errorLines(path);
      const first = errors.length > 0 ? `--- first errors in ${path} ---\n${errors.join('\n')}\n` : '';
      return `${first}--- last lines of ${path} ---\n${await tailFile(path, 30)}`;
    }),
  );
  return parts.join('\n');
}

function message(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

export interface DownOptions {
  only?: string[];
  /** Also delete the servers' data directories (never the cached installs). */
  clean?: boolean;
  log?: (line: string) => void;
}

export interface StopOutcome {
  proc: string;
  pid: number;
  result: 'terminated' | 'killed' | 'survived';
}

/** Which server definition launches the process `proc` (pid files are named by process). */
function ownerOf(proc: string): ServerDef | undefined {
  const o = stackOptions(3, 3, { secure: true, redisCluster: true, kafka39: true, kafkaConnect: true });
  return servers.find((s) => {
    try {
      return s.launch(o).some((l) => l.name === proc);
    } catch {
      return s.name === proc;
    }
  });
}

/** Stop the processes `up` started (found by pid file). Throws StackError if one survives SIGKILL. */
export async function stackDown(opts: DownOptions = {}): Promise<StopOutcome[]> {
  const log = opts.log ?? defaultLog;
  return withLock(lockPath(), 'up/down', LOCK_WAIT_MS, log, () => down(opts, log));
}

async function down(opts: DownOptions, log: (line: string) => void): Promise<StopOutcome[]> {
  const { pidsDir } = stackPaths();
  const hasOnly = (opts.only?.length ?? 0) > 0;
  const defs = hasOnly ? select({ only: opts.only }).defs : [...servers];
  const names = new Set(defs.map((d) => d.name));
  let files: string[] = [];
  try {
    files = readdirSync(pidsDir).filter((f) => f.endsWith('.pid'));
  } catch {
    /* no pids dir: nothing was started */
  }
  const targets = files
    .map((f) => f.slice(0, -'.pid'.length))
    .map((proc) => ({ proc, owner: ownerOf(proc), rec: runningProc(pidsDir, proc) }))
    .filter((t) => (t.owner ? names.has(t.owner.name) : !hasOnly));
  const running = targets.flatMap((t) => (t.rec ? [{ ...t, pid: t.rec.pid, startTime: t.rec.startTime }] : []));
  if (running.length === 0) log('nothing to stop (no running process started by stack:up)');

  const results = await Promise.all(
    running.map(async (t) => {
      log(`stopping ${t.proc} (pid ${t.pid})`);
      const result = await stopProcess(t.pid, t.startTime, t.owner?.stopGraceMs ?? DEFAULT_STOP_GRACE_MS);
      if (result !== 'survived') rmSync(pidFile(pidsDir, t.proc), { force: true });
      log(
        `${t.proc}: ${result === 'terminated' ? 'stopped' : result === 'killed' ? 'killed after grace period' : 'STILL RUNNING after SIGKILL'}`,
      );
      return { proc: t.proc, pid: t.pid, result };
    }),
  );
  const survivors = results.filter((r) => r.result === 'survived');

  if (opts.clean) {
    const o = stackOptions(3, 3, { secure: true, redisCluster: true, kafka39: true, kafkaConnect: true });
    for (const def of defs) {
      const stuck = survivors.some((r) => ownerOf(r.proc) === def);
      if (stuck) {
        log(`${def.name}: data kept, its process is still running`);
        continue;
      }
      for (const dir of def.dataDirs?.(o) ?? [join(o.root, def.name, 'data')]) {
        rmSync(dir, { recursive: true, force: true });
        log(`${def.name}: deleted ${dir}`);
      }
    }
  }
  if (survivors.length > 0) {
    throw new StackError(`could not stop: ${survivors.map((s) => `${s.proc} (pid ${s.pid})`).join(', ')}`);
  }
  return results;
}

export interface StatusLine {
  name: string;
  up: boolean;
  /** Part of the selection (`up` would start it). */
  selected: boolean;
  version?: string;
  detail?: string;
  ports: number[];
  /** Pids of our processes for this server, if running. */
  pids: number[];
  error?: string;
}

/** Probe every registered server (in parallel, short deadline). */
export async function stackStatus(opts: SelectOptions = {}): Promise<StatusLine[]> {
  const { defs: selected, stackOpts } = select(opts);
  const { pidsDir } = stackPaths();
  const all = stackOptions(3, 3, { secure: true, redisCluster: true, kafka39: true, kafkaConnect: true });
  return Promise.all(
    servers.map(async (def): Promise<StatusLine> => {
      const o = def.name === 'kafka-3' || def.name === 'cassandra-3' ? all : stackOpts;
      let pids: number[] = [];
      try {
        pids = def
          .launch(o)
          .map((l) => runningPid(pidsDir, l.name))
          .filter((p): p is number => p !== undefined);
      } catch {
        /* not installed yet: cannot have running processes either */
      }
      const base = { name: def.name, selected: selected.includes(def), ports: def.ports, pids };
      try {
        const r = await def.probe(o, STATUS_PROBE_MS);
        return { ...base, up: true, version: r.version, detail: r.detail };
      } catch (err) {
        return { ...base, up: false, error: message(err) };
      }
    }),
  );
}
