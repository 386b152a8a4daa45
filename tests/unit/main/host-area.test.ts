import { randomBytes, randomUUID } from 'node:crypto';
import { mkdir, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createCore, type Core } from '../../../src/core/app';
import { FileKeyCipher } from '../../../src/core/connections';
import { StackdeckError } from '../../../src/shared/errors';

/**
 * The desktop's host area (`host.exports.save`) with Electron faked: there is no
 * Electron binary here, and a native save dialog cannot be driven by a test
 * anyway. The fake dialog answers with a path or a cancel; everything after it
 * (lookup, copy, errors) is the real code, through the real router.
 */

interface SaveDialogAnswer {
  canceled: boolean;
  filePath?: string;
}
const electron = vi.hoisted(() => ({
  answer: async (): Promise<SaveDialogAnswer> => ({ canceled: true }),
  calls: [] as Array<{ parent: unknown; options: { defaultPath?: string; filters?: unknown[] } }>,
  downloads: '/home/user/Downloads',
  focused: null as unknown,
}));

vi.mock('electron', () => ({
  app: { getPath: (name: string) => (name === 'downloads' ? electron.downloads : '/nowhere') },
  BrowserWindow: { getFocusedWindow: () => electron.focused, getAllWindows: () => [] },
  dialog: {
    showSaveDialog: (...args: unknown[]) => {
      const [parent, options] = args.length === 2 ? args : [undefined, args[0]];
      electron.calls.push({ parent, options: options as { defaultPath?: string } });
      return electron.answer();
    },
  },
}));

const { hostArea } = await import('../../../src/main/host-area');

let dir: string;
let userDataDir: string;
let out: string;
let core: Core;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'stackdeck-host-'));
  userDataDir = join(dir, 'userData');
  out = join(dir, 'chosen');
  await mkdir(join(userDataDir, 'exports'), { recursive: true });
  await mkdir(out);
  electron.calls = [];
  electron.focused = null;
  electron.answer = async () => ({ canceled: true });
  // The host area needs no secrets; the file-key cipher only satisfies createCore.
  core = await createCore({
    userDataDir,
    cipher: new FileKeyCipher(userDataDir),
    areas: [hostArea],
    validateOutputs: true,
  });
});

afterEach(async () => {
  await core.dispose();
  await rm(dir, { recursive: true, force: true });
});

/** Writes a stored export the way kafka.messages.export names it. */
async function storeExport(fileName: string, bytes: Buffer): Promise<string> {
  const id = randomUUID();
  await writeFile(join(userDataDir, 'exports', `${id}--${fileName}`), bytes);
  return id;
}

async function failure(promise: Promise<unknown>): Promise<StackdeckError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(StackdeckError);
  return error as StackdeckError;
}

describe('host.exports.save', () => {
  it('copies the export byte for byte to the path chosen in the save dialog', async () => {
    // Not valid UTF-8 on purpose: the copy must not go through text.
    const bytes = Buffer.concat([Buffer.from('{"key":"k"}\n'), randomBytes(256 * 1024), Buffer.from([0xff, 0xfe, 0])]);
    const id = await storeExport('orders-2026-11-26T13-00-00-000Z.jsonl', bytes);
    const target = join(out, 'mine.jsonl');
    electron.focused = { window: 1 };
    electron.answer = async () => ({ canceled: false, filePath: target });

    const result = await core.router.call('host.exports.save', { exportId: id });

    expect(result).toEqual({ saved: true, path: target });
    expect((await readFile(target)).equals(bytes)).toBe(true);
    // The dialog was modal to the focused window and suggested the export's own name in Downloads.
    expect(electron.calls).toHaveLength(1);
    expect(electron.calls[0]?.parent).toEqual({ window: 1 });
    expect(electron.calls[0]?.options.defaultPath).toBe(
      join('/home/user/Downloads', 'orders-2026-11-26T13-00-00-000Z.jsonl'),
    );
    expect(electron.calls[0]?.options.filters?.[0]).toEqual({ name: 'JSON Lines', extensions: ['jsonl'] });
    // The stored export stays (it can be saved again) and no temporary file is left next to the target.
    expect(await readdir(join(userDataDir, 'exports'))).toHaveLength(1);
    expect(await readdir(out)).toEqual(['mine.jsonl']);
  });

  it('replaces an existing file the user agreed to overwrite', async () => {
    const id = await storeExport('t.csv', Buffer.from('topic,partition\nt,0\n'));
    const target = join(out, 't.csv');
    await writeFile(target, 'old and much longer content than the export itself');
    electron.answer = async () => ({ canceled: false, filePath: target });

    expect(await core.router.call('host.exports.save', { exportId: id })).toEqual({ saved: true, path: target });
    expect(await readFile(target, 'utf8')).toBe('topic,partition\nt,0\n');
    expect(electron.calls[0]?.parent).toBeUndefined();
  });

  it('answers saved:false when the dialog is cancelled, and writes nothing', async () => {
    const id = await storeExport('t.jsonl', Buffer.from('{}\n'));
    electron.answer = async () => ({ canceled: true, filePath: '' });

    expect(await core.router.call('host.exports.save', { exportId: id })).toEqual({ saved: false, path: null });
    expect(await readdir(out)).toEqual([]);
  });

  it('refuses a malformed id with INVALID_INPUT before any dialog', async () => {
    await storeExport('t.jsonl', Buffer.from('{}\n'));
    for (const exportId of ['../../etc/passwd', 't.jsonl', randomUUID().toUpperCase(), '']) {
      const error = await failure(core.router.call('host.exports.save', { exportId }));
      expect(error.code).toBe('INVALID_INPUT');
    }
    expect(electron.calls).toEqual([]);
  });

  it('answers NOT_FOUND with what to do when the file is gone, before any dialog', async () => {
    const error = await failure(core.router.call('host.exports.save', { exportId: randomUUID() }));
    expect(error.code).toBe('NOT_FOUND');
    expect(error.message).toMatch(/no longer there.*Run the export again/);
    expect(electron.calls).toEqual([]);
  });

  it('answers NOT_FOUND when the file is removed while the dialog is open', async () => {
    const id = await storeExport('t.jsonl', Buffer.from('{}\n'));
    electron.answer = async () => {
      await rm(join(userDataDir, 'exports'), { recursive: true });
      return { canceled: false, filePath: join(out, 't.jsonl') };
    };
    const error = await failure(core.router.call('host.exports.save', { exportId: id }));
    expect(error.code).toBe('NOT_FOUND');
    expect(await readdir(out)).toEqual([]);
  });

  it('writes nothing when the call is cancelled while the dialog is open', async () => {
    const id = await storeExport('t.jsonl', Buffer.from('{}\n'));
    const controller = new AbortController();
    electron.answer = async () => {
      controller.abort();
      return { canceled: false, filePath: join(out, 't.jsonl') };
    };
    const error = await failure(core.router.call('host.exports.save', { exportId: id }, { signal: controller.signal }));
    expect(error.code).toBe('CANCELLED');
    expect(await readdir(out)).toEqual([]);
  });

  it('says to choose another location when the chosen folder does not exist', async () => {
    const id = await storeExport('t.jsonl', Buffer.from('{}\n'));
    const target = join(out, 'missing-folder', 't.jsonl');
    electron.answer = async () => ({ canceled: false, filePath: target });
    const error = await failure(core.router.call('host.exports.save', { exportId: id }));
    expect(error.code).toBe('INVALID_INPUT');
    expect(error.message).toContain(target);
    expect(error.message).toMatch(/folder does not exist; choose another location/);
  });
});
