/**
 * Process plumbing for the local stack: detached spawning with log and pid
 * files, recognising our own processes again in a later CLI run, stopping
 * them, and running short helper commands (mvn, format tools) to completion.
 * Server definitions may use `runCommand`, `withDeadline` and `portInUse`.
 */
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { open, readFile } from 'node:fs/promises';
import { createConnection } from 'node:net';
import { join } from 'node:path';
import type { LaunchSpec } from './types.js';

/**
 * Every process we launch carries this variable, so `ps e` shows which stack
 * process is which. It is not used for identity: redis-server overwrites its
 * environ block when it sets its process title.
 */
export const MARKER_ENV = 'STACKDECK_STACK_PROC';

export interface Launched {
  spec: LaunchSpec;
  pid: number;
  /** From /proc/<pid>/stat; tells our process from a later one with a recycled pid. */
  startTime?: string;
  /** Present only when this CLI run spawned it; lets us see the exit at once. */
  child?: ChildProcess;
  /** Set when the child exited while we were watching. */
  exit?: { code: number | null; signal: NodeJS.Signals | null; error?: string };
}

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

export function pidFile(pidsDir: string, proc: string): string {
  return join(pidsDir, `${proc}.pid`);
}

export function logFile(logsDir: string, proc: string): string {
  return join(logsDir, `${proc}.log`);
}

/** Spawn detached (own process group, survives this CLI), output to the log, pid to the pid file. */
export function spawnDetached(spec: LaunchSpec, logsDir: string, pidsDir: string): Launched {
  mkdirSync(logsDir, { recursive: true });
  mkdirSync(pidsDir, { recursive: true });
  const log = logFile(logsDir, spec.name);
  // A fresh log per start: the tail printed on failure then belongs to this start.
  const fd = openSync(log, 'w');
  writeFileSync(fd, `# ${new Date().toISOString()} ${spec.command} ${spec.args.join(' ')}\n`);
  let child: ChildProcess;
  try {
    child = spawn(spec.command, spec.args, {
      cwd: spec.cwd,
      env: { ...process.env, ...spec.env, [MARKER_ENV]: spec.name },
      detached: true,
      stdio: ['ignore', fd, fd],
    });
  } finally {
    closeSync(fd);
  }
  if (child.pid === undefined) {
    throw new Error(`could not start ${spec.command} for ${spec.name} (is it installed and on PATH?)`);
  }
  const launched: Launched = { spec, pid: child.pid, startTime: procStartTime(child.pid), child };
  child.on('exit', (code, signal) => {
    launched.exit = { code, signal };
  });
  // Spawn failures (ENOENT) arrive as 'error' events, not exceptions.
  child.on('error', (err) => {
    launched.exit ??= { code: null, signal: null, error: `cannot run ${spec.command}: ${err.message}` };
  });
  child.unref();
  // Line 1: the pid. Line 2: the process start time (see isOurProcess).
  writeFileSync(pidFile(pidsDir, spec.name), `${child.pid}\n${procStartTime(child.pid) ?? ''}\n`);
  return launched;
}

function procStat(pid: number): string[] | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the parenthesised command name (which may contain spaces):
    // [0] is field 3 (state), [19] is field 22 (start time in clock ticks since boot).
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  } catch {
    return undefined;
  }
}

function procStartTime(pid: number): string | undefined {
  return procStat(pid)?.[19];
}

/**
 * True when `pid` is alive and, where /proc exists, is the very process we
 * launched: pids are recycled, and `down` must never signal a stranger that
 * inherited the pid. The start time recorded in the pid file decides.
 */
export function isOurProcess(pid: number, startTime: string | undefined): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    // ESRCH: gone. EPERM: alive but not ours to signal, so not one we launched.
    return false;
  }
  if (!existsSync('/proc/self/stat')) return true; // no /proc (macOS): trust kill(0)
  const stat = procStat(pid);
  if (stat === undefined || stat[0] === 'Z') return false; // gone, or exited and not yet reaped
  return startTime === undefined || startTime === '' || stat[19] === startTime;
}

export interface PidRecord {
  pid: number;
  startTime?: string;
}

/** The recorded process of `proc` if it is still ours and running; drops stale pid files. */
export function runningProc(pidsDir: string, proc: string): PidRecord | undefined {
  const file = pidFile(pidsDir, proc);
  let lines: string[];
  try {
    lines = readFileSync(file, 'utf8').split('\n');
  } catch {
    return undefined;
  }
  const pid = Number.parseInt(lines[0] ?? '', 10);
  const startTime = lines[1]?.trim() || undefined;
  if (Number.isInteger(pid) && pid > 0 && isOurProcess(pid, startTime)) return { pid, startTime };
  rmSync(file, { force: true });
  return undefined;
}

/** Just the pid of `runningProc`. */
export function runningPid(pidsDir: string, proc: string): number | undefined {
  return runningProc(pidsDir, proc)?.pid;
}

function signalGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    // Detached children lead their own process group; signalling the group
    // also reaches anything they forked (wrapper scripts, helpers).
    process.kill(-pid, signal);
  } catch {
    try {
      process.kill(pid, signal);
    } catch {
      /* already gone */
    }
  }
}

/**
 * SIGTERM, wait up to `graceMs`, then SIGKILL and wait a little more.
 * Returns how it ended; 'survived' means even SIGKILL did not end it in time.
 */
export async function stopProcess(
  pid: number,
  startTime: string | undefined,
  graceMs: number,
): Promise<'terminated' | 'killed' | 'survived'> {
  const waitGone = async (ms: number): Promise<boolean> => {
    const until = Date.now() + ms;
    while (Date.now() < until) {
      if (!isOurProcess(pid, startTime)) return true;
      await sleep(200);
    }
    return !isOurProcess(pid, startTime);
  };
  signalGroup(pid, 'SIGTERM');
  if (await waitGone(graceMs)) return 'terminated';
  signalGroup(pid, 'SIGKILL');
  return (await waitGone(10_000)) ? 'killed' : 'survived';
}

/** The last `lines` lines of a log file, or a note that there is none. */
export async function tailFile(path: string, lines = 30): Promise<string> {
  try {
    // Read at most the last 64 KiB: Java stack traces make long lines, but not that long.
    const fh = await open(path, 'r');
    try {
      const { size } = await fh.stat();
      const len = Math.min(size, 65_536);
      const buf = Buffer.alloc(len);
      await fh.read(buf, 0, len, size - len);
      return buf
        .toString('utf8')
        .split('\n')
        .slice(-lines - 1)
        .join('\n')
        .trimEnd();
    } finally {
      await fh.close();
    }
  } catch {
    return `(no log at ${path})`;
  }
}

/**
 * The first few distinct ERROR/FATAL lines of a log: a JVM that fails tends to
 * print the cause early and then pages of orderly shutdown, so the tail alone
 * often misses it.
 */
export async function errorLines(path: string, max = 5): Promise<string[]> {
  const text = await readText(path);
  if (text === undefined) return [];
  const seen = new Set<string>();
  const found: string[] = [];
  for (const line of text.split('\n')) {
    if (!/\b(ERROR|FATAL|SEVERE)\b|^\S*(Exception|Error)\b/.test(line)) continue;
    // Same message with another timestamp or correlation id: show it once.
    const key = line
      .replace(/^\[[^\]]*\]\s*/, '')
      .replace(/\d+/g, '#')
      .slice(0, 160);
    if (seen.has(key)) continue;
    seen.add(key);
    found.push(line.length > 400 ? `${line.slice(0, 400)}...` : line);
    if (found.length >= max) break;
  }
  return found;
}

export interface RunResult {
  code: number | null;
  output: string;
}

/**
 * Run a short command to completion, capturing stdout+stderr. Rejects with the
 * tail of the output when it fails or exceeds `timeoutMs`, so an install or
 * format step that goes wrong explains itself.
 */
export async function runCommand(
  command: string,
  args: string[],
  options: { cwd?: string; env?: Record<string, string>; timeoutMs: number; what: string },
): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      cwd: options.cwd,
      env: { ...process.env, ...options.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    const collect = (chunk: Buffer): void => {
      output += chunk.toString('utf8');
      if (output.length > 200_000) output = output.slice(-100_000);
    };
    child.stdout.on('data', collect);
    child.stderr.on('data', collect);
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${options.what} timed out after ${options.timeoutMs} ms\n${lastLines(output)}`));
    }, options.timeoutMs);
    child.on('error', (err) => {
      clearTimeout(timer);
      reject(new Error(`${options.what}: cannot run ${command}: ${err.message}`));
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      if (code === 0) resolve({ code, output });
      else reject(new Error(`${options.what} failed (exit ${code})\n${lastLines(output)}`));
    });
  });
}

function lastLines(text: string, n = 30): string {
  return text.trimEnd().split('\n').slice(-n).join('\n');
}

/** Reject with a clear message when `promise` takes longer than `ms`; `onTimeout` may clean up. */
export async function withDeadline<T>(
  promise: Promise<T>,
  ms: number,
  what: string,
  onTimeout?: () => void,
): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      onTimeout?.();
      reject(new Error(`${what}: no answer within ${ms} ms`));
    }, ms);
  });
  try {
    return await Promise.race([promise, deadline]);
  } finally {
    clearTimeout(timer);
  }
}

/** True when something accepts TCP connections on `host`:`port`. */
export function portInUse(port: number, timeoutMs = 1000, host = '127.0.0.1'): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ host, port });
    const done = (used: boolean): void => {
      socket.destroy();
      resolve(used);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

/** Read a small text file, or undefined when it does not exist. */
export async function readText(path: string): Promise<string | undefined> {
  try {
    return await readFile(path, 'utf8');
  } catch {
    return undefined;
  }
}

/**
 * Run `fn` holding an exclusive lock file, so two `up`/`down` runs (say
 * `npm test` while `stack:up` is still busy) never format or spawn the same
 * server twice. A lock whose owner died is taken over.
 */
export async function withLock<T>(
  path: string,
  what: string,
  waitMs: number,
  log: (line: string) => void,
  fn: () => Promise<T>,
): Promise<T> {
  mkdirSync(dirname(path), { recursive: true });
  const until = Date.now() + waitMs;
  let told = false;
  for (;;) {
    try {
      const fd = openSync(path, 'wx');
      writeFileSync(fd, `${process.pid}\n`);
      closeSync(fd);
      break;
    } catch {
      const owner = Number.parseInt((await readText(path))?.trim() ?? '', 10);
      let alive = false;
      try {
        process.kill(owner, 0);
        alive = Number.isInteger(owner) && owner > 0 && owner !== process.pid;
      } catch {
        /* owner gone */
      }
      if (!alive) {
        rmSync(path, { force: true });
        continue;
      }
      if (Date.now() > until)
        throw new Error(`another stack command (pid ${owner}) is still running ${what}; gave up waiting`);
      if (!told) log(`waiting for another stack command (pid ${owner}) to finish`);
      told = true;
      await sleep(500);
    }
  }
  try {
    return await fn();
  } finally {
    rmSync(path, { force: true });
  }
}
