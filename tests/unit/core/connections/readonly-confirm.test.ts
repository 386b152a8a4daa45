import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createConnectionsArea, FileKeyCipher, type NativeConfirm } from '../../../../src/core/connections/index';
import { createRouter } from '../../../../src/core/router';
import { contract } from '../../../../src/shared/contract';
import type { ProfileDraftInput } from '../../../../src/shared/contract/connections';

/** Turning a read-only profile writable is a deliberate act, enforced in core (issue #8). */

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const fn of cleanups.splice(0)) await fn();
});

async function start(confirm?: NativeConfirm) {
  const dir = await mkdtemp(join(tmpdir(), 'stackdeck-ro-'));
  const area = await createConnectionsArea({
    userDataDir: dir,
    cipher: new FileKeyCipher(dir),
    ...(confirm ? { confirm } : {}),
  });
  cleanups.push(async () => {
    await area.dispose();
    await rm(dir, { recursive: true, force: true });
  });
  const router = createRouter({ contract, handlers: area.handlers, readOnly: area.readOnly, validateOutputs: true });
  const draft: ProfileDraftInput = { kind: 'redis', name: 'Prod cache', host: '127.0.0.1', readOnly: true };
  const p = await router.call('connections.profiles.create', { draft });
  return { router, id: p.id, draft };
}

describe('read-only to writable (web mode: typed name)', () => {
  it('is refused without the confirmation, and with a wrong one; nothing changes', async () => {
    const { router, id, draft } = await start();
    const writable = { ...draft, readOnly: false } as ProfileDraftInput;
    await expect(router.call('connections.profiles.update', { id, draft: writable })).rejects.toMatchObject({
      code: 'READ_ONLY',
      detail: { reason: 'confirm-writable' },
    });
    await expect(
      router.call('connections.profiles.update', { id, draft: writable, confirmWritable: 'prod cache' }),
    ).rejects.toMatchObject({ code: 'READ_ONLY' });
    expect((await router.call('connections.profiles.get', { id })).readOnly).toBe(true);
    expect(await area(router, id)).toBe(true);
  });

  it('goes through with the typed name; other edits of a read-only profile need nothing', async () => {
    const { router, id, draft } = await start();
    const renamed = await router.call('connections.profiles.update', { id, draft: { ...draft, group: 'ops' } });
    expect(renamed).toMatchObject({ readOnly: true, group: 'ops' });
    const writable = await router.call('connections.profiles.update', {
      id,
      draft: { ...draft, readOnly: false } as ProfileDraftInput,
      confirmWritable: 'Prod cache',
    });
    expect(writable.readOnly).toBe(false);
    // Writable back to read-only is always allowed.
    const back = await router.call('connections.profiles.update', { id, draft });
    expect(back.readOnly).toBe(true);
  });
});

describe('read-only to writable (desktop: native confirmation from core)', () => {
  it('asks natively; Cancel leaves it read-only even when the renderer sent the typed name', async () => {
    const asked: string[] = [];
    const { router, id, draft } = await start(async (q) => {
      asked.push(q.message);
      return false;
    });
    await expect(
      router.call('connections.profiles.update', {
        id,
        draft: { ...draft, readOnly: false } as ProfileDraftInput,
        confirmWritable: 'Prod cache',
      }),
    ).rejects.toMatchObject({ code: 'CANCELLED' });
    expect(asked).toEqual(['Make "Prod cache" writable?']);
    expect((await router.call('connections.profiles.get', { id })).readOnly).toBe(true);
  });

  it('OK in the native dialog makes it writable', async () => {
    const { router, id, draft } = await start(async () => true);
    const out = await router.call('connections.profiles.update', {
      id,
      draft: { ...draft, readOnly: false } as ProfileDraftInput,
    });
    expect(out.readOnly).toBe(false);
  });
});

async function area(router: Awaited<ReturnType<typeof start>>['router'], id: string): Promise<boolean> {
  return (await router.call('connections.profiles.list', {})).profiles.find((p) => p.id === id)?.readOnly ?? false;
}
