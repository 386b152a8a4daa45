/**
 * `npm run bench:desktop`: what running core in its own process costs a call.
 *
 *   npm run bench:desktop [-- --calls 2000 --kafka-calls 300 --concurrency 32]
 *
 * The same core (createCore over the default areas) is called two ways in one run:
 *  - reference: in this process, straight through its router (what web mode's
 *    server does, and what main did before core moved out);
 *  - core process: the real entry (src/core/process/entry.ts) in a Node child
 *    process under main's supervisor, driven with the preload's PortClient on the
 *    web-mode wire protocol, as the integration tests do.
 * Calls: `connections.profiles.list` (no I/O: the hop is all there is) and
 * `kafka.topics.list` against the local broker (one Metadata request), one at a
 * time and `--concurrency` at once. Prints p50/p99 per call, throughput, and the
 * ratio to the reference.
 *
 * The Node stand-in relays each frame through the parent's IPC channel (two
 * hops: page -> main -> core); in Electron the window's MessagePort goes to core
 * directly (one hop), so these figures are an upper bound for the app.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createCore } from '../src/core/app';
import { FileKeyCipher } from '../src/core/connections';
import { CoreSupervisor, type CoreChild } from '../src/core/process/supervisor';
import { PortClient } from '../src/preload/port-client';
import type { BridgeReply } from '../src/shared/bridge';
import { isContractName } from '../src/shared/contract';

const arg = (name: string, fallback: number): number => {
  const i = process.argv.indexOf(name);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
};
const CALLS = arg('--calls', 2000);
const KAFKA_CALLS = arg('--kafka-calls', 300);
const CONCURRENCY = arg('--concurrency', 32);
const BROKER = '127.0.0.1:9092';

type Call = (name: string, input: unknown) => Promise<unknown>;

const unwrap = (reply: BridgeReply): unknown => {
  if (!reply.ok) throw new Error(`${reply.error.code}: ${reply.error.message}`);
  return reply.value;
};

function childFactory(): () => CoreChild {
  return () => {
    const child: ChildProcess = fork(resolve('src/core/process/entry.ts'), [], {
      execArgv: ['--import', 'tsx'],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
      serialization: 'advanced',
    });
    return {
      post: (message) => void child.send(message),
      onMessage: (listener) => void child.on('message', listener),
      onExit: (listener) => void child.on('exit', (code) => listener(code)),
      kill: () => void child.kill('SIGKILL'),
      get pid() {
        return child.pid;
      },
    };
  };
}

interface Stats {
  p50: number;
  p99: number;
  perSecond: number;
}

async function sequential(call: Call, name: string, input: unknown, n: number): Promise<Stats> {
  for (let i = 0; i < Math.min(50, n); i++) await call(name, input); // warm-up
  const times: number[] = [];
  const started = performance.now();
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    await call(name, input);
    times.push(performance.now() - t);
  }
  const total = performance.now() - started;
  times.sort((a, b) => a - b);
  const at = (q: number): number => times[Math.min(times.length - 1, Math.floor(q * times.length))] ?? 0;
  return { p50: at(0.5), p99: at(0.99), perSecond: (n / total) * 1000 };
}

async function concurrent(call: Call, name: string, input: unknown, n: number, width: number): Promise<number> {
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: width }, async () => {
      while (next++ < n) await call(name, input);
    }),
  );
  return (n / (performance.now() - started)) * 1000;
}

const us = (ms: number): string => `${(ms * 1000).toFixed(0).padStart(6)} µs`;

async function main(): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'sd-bench-desktop-'));
  await mkdir(join(dir, 'keys'));
  const cipher = new FileKeyCipher(join(dir, 'keys'));
  const local = await createCore({ userDataDir: join(dir, 'in-process'), cipher });
  const client = new PortClient(isContractName);
  const supervisor = new CoreSupervisor({
    spawn: childFactory(),
    userDataDir: join(dir, 'core-process'),
    cipher: { backend: 'bench-file-key', needsConsent: false },
    host: {
      'cipher.encrypt': async (r) => (await cipher.encrypt(Buffer.from(r.data, 'base64'))).toString('base64'),
      'cipher.decrypt': async (r) => (await cipher.decrypt(Buffer.from(r.data, 'base64'))).toString('base64'),
      'dialog.save': async () => null,
      'dialog.confirm': async () => false,
    },
    onPortData: (_id, data) => client.receive(data),
  });
  try {
    supervisor.connect('bench');
    client.attach({ postMessage: (message) => supervisor.portData('bench', message) });
    await supervisor.start();

    const paths: Record<'in-process' | 'core process', Call> = {
      'in-process': (name, input) => local.router.call(name, input),
      'core process': async (name, input) => unwrap(await client.invoke(name, input)),
    };
    const draft = { kind: 'kafka', name: 'bench kafka', brokers: [BROKER] };
    const ids: Record<string, string> = {};
    for (const [label, call] of Object.entries(paths)) {
      ids[label] = ((await call('connections.profiles.create', { draft })) as { id: string }).id;
    }

    console.log(`Stackdeck desktop bench: core in-process (reference) vs core in its own process`);
    console.log(
      `Node ${process.version}; ${CALLS} / ${KAFKA_CALLS} calls one at a time, then ${CONCURRENCY} at once\n`,
    );
    const cases: Array<{ label: string; name: string; input: (path: string) => unknown; n: number }> = [
      { label: 'connections.profiles.list', name: 'connections.profiles.list', input: () => ({}), n: CALLS },
      {
        label: 'kafka.topics.list (local broker)',
        name: 'kafka.topics.list',
        input: (path) => ({ connectionId: ids[path] }),
        n: KAFKA_CALLS,
      },
    ];
    for (const c of cases) {
      const results: Record<string, Stats & { wide: number }> = {};
      for (const [path, call] of Object.entries(paths)) {
        const stats = await sequential(call, c.name, c.input(path), c.n);
        const wide = await concurrent(call, c.name, c.input(path), c.n, CONCURRENCY);
        results[path] = { ...stats, wide };
      }
      const ref = results['in-process'];
      const out = results['core process'];
      if (ref === undefined || out === undefined) continue;
      console.log(c.label);
      for (const [path, r] of Object.entries(results)) {
        console.log(
          `  ${path.padEnd(13)} p50 ${us(r.p50)}  p99 ${us(r.p99)}  ${r.perSecond.toFixed(0).padStart(6)} calls/s sequential  ${r.wide.toFixed(0).padStart(6)} calls/s x${CONCURRENCY}`,
        );
      }
      console.log(
        `  ratio (core process / in-process): p50 ${(out.p50 / ref.p50).toFixed(2)}x, ` +
          `added ${us(out.p50 - ref.p50).trim()} per call; throughput x${CONCURRENCY} ${(out.wide / ref.wide).toFixed(2)}x\n`,
      );
    }
  } finally {
    await supervisor.shutdown();
    await local.dispose();
    await rm(dir, { recursive: true, force: true });
  }
}

await main();
