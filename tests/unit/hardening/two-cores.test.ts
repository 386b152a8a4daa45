import { spawn } from 'node:child_process';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { createConnectionsArea, FileKeyCipher, type ConnectionsArea } from '../../../src/core/connections/index';
import { resolveStored } from '../../../src/core/connections/model';
import { ProfilesStore } from '../../../src/core/connections/profiles-store';
import { Vault } from '../../../src/core/connections/vault';
import { createRouter } from '../../../src/core/router';
import { contract } from '../../../src/shared/contract';

/**
 * Two cores on one user data directory (desktop and web mode share it, issue
 * #8): both save profiles with passwords at the same time; afterwards each
 * sees every profile and every password, and nothing was lost to the other's
 * write. The second core is a separate Node process.
 */

const dirs: string[] = [];
const areas: ConnectionsArea[] = [];
afterEach(async () => {
  for (const a of areas.splice(0)) await a.dispose();
  for (const d of dirs.splice(0)) await rm(d, { recursive: true, force: true });
});

function runWriter(dir: string, prefix: string, count: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', join(import.meta.dirname, 'fixtures', 'core-writer.ts'), dir, prefix, String(count)],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('exit', (code) =>
      code === 0 && out.includes('done') ? resolve() : reject(new Error(`writer: ${code} ${err}`)),
    );
  });
}

it('two processes saving profiles at once lose nothing; each sees all of them with their passwords', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'stackdeck-two-cores-'));
  dirs.push(dir);
  const cipher = new FileKeyCipher(dir);
  const area = await createConnectionsArea({ userDataDir: dir, cipher });
  areas.push(area);
  const router = createRouter({ contract, handlers: area.handlers, readOnly: area.readOnly });
  const COUNT = 25;
  const other = runWriter(dir, 'child', COUNT);
  await Promise.all(
    Array.from({ length: COUNT }, async (_, i) => {
      // Spread over the child's start-up so the writes interleave.
      await new Promise((r) => setTimeout(r, i * 40));
      await router.call('connections.profiles.create', {
        draft: {
          kind: 'redis',
          name: `parent-${i}`,
          host: '127.0.0.1',
          password: { action: 'set', value: `secret-parent-${i}` },
        },
      });
    }),
  );
  await other;

  const names = (await router.call('connections.profiles.list', {})).profiles.map((p) => p.name).sort();
  expect(names).toHaveLength(2 * COUNT);
  expect(names.filter((n) => n.startsWith('child-'))).toHaveLength(COUNT);

  // A fresh core on the directory reads every password back.
  const fresh = await createConnectionsArea({ userDataDir: dir, cipher: new FileKeyCipher(dir) });
  areas.push(fresh);
  const freshRouter = createRouter({ contract, handlers: fresh.handlers, readOnly: fresh.readOnly });
  const listed = (await freshRouter.call('connections.profiles.list', {})).profiles;
  expect(listed).toHaveLength(2 * COUNT);
  expect(listed.every((p) => p.kind === 'redis' && p.password.set)).toBe(true);
  // And every password decrypts to what was saved for that profile.
  const store = new ProfilesStore(dir);
  const vault = new Vault(dir, new FileKeyCipher(dir));
  await store.load();
  await vault.load();
  for (const p of store.list()) {
    const resolved = await resolveStored(p, vault);
    expect(resolved.kind === 'redis' && resolved.password).toBe(`secret-${p.name}`);
  }
  // No lock file left behind.
  expect((await readdir(dir)).filter((f) => f.endsWith('.lock'))).toEqual([]);
}, 60_000);
