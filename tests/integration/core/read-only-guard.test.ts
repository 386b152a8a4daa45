import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCore, type Core } from '../../../src/core/app';
import { FileKeyCipher } from '../../../src/core/connections';
import { contract } from '../../../src/shared/contract';
import { StackdeckError } from '../../../src/shared/errors';

/**
 * Every method marked `writes` in the real contract is refused on a read-only
 * profile (issue 3, "Done when"), through the real core: the connections area
 * stores the profile, the router consults it.
 *
 * How the inputs are made: each writing method is called with just
 * `{ connectionId }`. The router runs the guard on the raw input before the
 * schema parse (src/core/router.ts, `guard`), so the refusal cannot depend on
 * crafting a valid input per method, and a method added tomorrow is covered
 * without touching this file. The router also refuses to start if a writing
 * method's input lacks a required `connectionId` (tests/unit/core/router.test.ts),
 * so no writing method can sit outside this enumeration.
 */

const writing = Object.entries(contract)
  .filter(([, def]) => def.writes)
  .map(([name, def]) => ({ name, kind: def.kind }));

let dir: string;
let core: Core;
let readOnlyId: string;
let writableId: string;

async function attempt(
  name: string,
  kind: 'method' | 'stream',
  connectionId: string,
): Promise<StackdeckError | undefined> {
  const controller = new AbortController();
  try {
    if (kind === 'method') await core.router.call(name, { connectionId }, { signal: controller.signal });
    else {
      // A stream that got past the guard is stopped at its first event.
      await core.router.subscribe(
        name,
        { connectionId },
        { signal: controller.signal, emit: () => controller.abort() },
      );
    }
    return undefined;
  } catch (error) {
    return error as StackdeckError;
  }
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'stackdeck-ro-'));
  core = await createCore({ userDataDir: dir, cipher: new FileKeyCipher(dir), validateOutputs: true });
  const create = (name: string, readOnly: boolean) =>
    core.router.call('connections.profiles.create', {
      draft: { kind: 'redis', name, host: '127.0.0.1', port: 1, readOnly },
    });
  readOnlyId = (await create('Read-only Redis', true)).id;
  writableId = (await create('Writable Redis', false)).id;
});

afterAll(async () => {
  await core?.dispose();
  await rm(dir, { recursive: true, force: true });
});

describe('read-only guard over the real contract', () => {
  it('knows which methods write', () => {
    // Printed so a reviewer sees what was enumerated (the list grows as areas land).
    console.info(`writing methods: ${writing.map((w) => w.name).join(', ') || '(none yet)'}`);
    for (const w of writing) expect(Object.hasOwn(contract, w.name)).toBe(true);
  });

  it.each(writing.length > 0 ? writing : [{ name: '(no writing methods yet)', kind: 'method' as const }])(
    'refuses $name on a read-only profile',
    async ({ name, kind }) => {
      if (!Object.hasOwn(contract, name)) return;
      const error = await attempt(name, kind, readOnlyId);
      expect(error).toBeInstanceOf(StackdeckError);
      expect(error?.code).toBe('READ_ONLY');
      expect(error?.message).toMatch(/is a read-only connection/);
    },
  );

  it.each(writing.length > 0 ? writing : [{ name: '(no writing methods yet)', kind: 'method' as const }])(
    'does not refuse $name as read-only on a writable profile',
    async ({ name, kind }) => {
      if (!Object.hasOwn(contract, name)) return;
      const error = await attempt(name, kind, writableId);
      expect(error?.code).not.toBe('READ_ONLY');
    },
  );

  it('lets a read-only profile be edited (profile methods are not server writes)', async () => {
    const profile = await core.router.call('connections.profiles.get', { id: readOnlyId });
    expect(profile.readOnly).toBe(true);
  });
});
