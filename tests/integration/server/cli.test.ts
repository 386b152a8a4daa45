import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/**
 * `npm run web` as a user runs it (tsx src/server/cli.ts): the one printed
 * line, the real core behind it, refusal of non-loopback hosts, and a clean
 * exit on SIGTERM.
 */

const TOKEN = 'cli-test-token-0123456789abcdef';
const tsx = join(process.cwd(), 'node_modules', 'tsx', 'dist', 'cli.mjs');
let dir: string;

function startCli(args: string[]): {
  child: ChildProcess;
  stdout: () => string;
  stderr: () => string;
  exited: Promise<number | null>;
} {
  const child = spawn(process.execPath, [tsx, 'src/server/cli.ts', '--user-data-dir', dir, ...args], {
    env: { ...process.env, STACKDECK_TOKEN: TOKEN },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout?.on('data', (c: Buffer) => (out += c.toString()));
  child.stderr?.on('data', (c: Buffer) => (err += c.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, stdout: () => out, stderr: () => err, exited };
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'stackdeck-cli-'));
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('npm run web', () => {
  it('prints one line with the address, serves the real contract, and exits cleanly on SIGTERM', async () => {
    const run = startCli(['--port', '0']);
    try {
      await expect.poll(run.stdout, { timeout: 120_000 }).toMatch(/\n$/);
      const lines = run.stdout().trimEnd().split('\n');
      expect(lines).toHaveLength(1);
      const match = /^Stackdeck web mode: http:\/\/127\.0\.0\.1:(\d+)\/\?token=(\S+)$/.exec(lines[0] ?? '');
      expect(match?.[2]).toBe(TOKEN);
      const port = Number(match?.[1]);
      const res = await fetch(`http://127.0.0.1:${port}/api/contract`, {
        headers: { authorization: `Bearer ${TOKEN}` },
      });
      const body = (await res.json()) as { methods: Record<string, unknown> };
      expect(Object.keys(body.methods)).toContain('connections.profiles.list');
    } finally {
      run.child.kill('SIGTERM');
    }
    expect(await run.exited).toBe(0);
  });

  it('refuses to listen anywhere but 127.0.0.1', async () => {
    const run = startCli(['--host', '0.0.0.0']);
    expect(await run.exited).toBe(2);
    expect(run.stderr()).toMatch(/listens on 127\.0\.0\.1 only/);
    expect(run.stdout()).toBe('');
  });
});
