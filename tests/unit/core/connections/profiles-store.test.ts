import { mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { StoredProfile } from '../../../../src/core/connections/model';
import { PROFILES_SCHEMA_VERSION, ProfilesStore } from '../../../../src/core/connections/profiles-store';
import { writeFileAtomic } from '../../../../src/core/connections/atomic-file';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'stackdeck-store-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const now = new Date().toISOString();
function profile(id: string, name = id) {
  return StoredProfile.parse({ id, name, createdAt: now, updatedAt: now, kind: 'redis', host: '127.0.0.1' });
}

async function put(store: ProfilesStore, ...profiles: ReturnType<typeof profile>[]) {
  await store.mutate(async () => ({ put: profiles, result: undefined }));
}

describe('ProfilesStore', () => {
  it('writes a schema-versioned file, 0600, and reads it back', async () => {
    const store = new ProfilesStore(dir);
    await store.load();
    await put(store, profile('a'), profile('b'));
    const body = JSON.parse(await readFile(join(dir, 'profiles.json'), 'utf8')) as {
      format: string;
      schemaVersion: number;
      profiles: unknown[];
    };
    expect(body.format).toBe('stackdeck-profiles-store');
    expect(body.schemaVersion).toBe(PROFILES_SCHEMA_VERSION);
    expect(body.profiles).toHaveLength(2);
    if (process.platform !== 'win32') expect((await stat(join(dir, 'profiles.json'))).mode & 0o777).toBe(0o600);

    const again = new ProfilesStore(dir);
    await again.load();
    expect(again.list().map((p) => p.id)).toEqual(['a', 'b']);
    expect(again.issues()).toEqual([]);
  });

  it('serialises concurrent writers and leaves no temp files behind', async () => {
    const store = new ProfilesStore(dir);
    await store.load();
    await Promise.all(Array.from({ length: 20 }, (_, i) => put(store, profile(`p${i}`))));
    const reread = new ProfilesStore(dir);
    await reread.load();
    expect(reread.list()).toHaveLength(20);
    expect((await readdir(dir)).sort()).toEqual(['profiles.json']);
  });

  it('a failed write changes nothing in memory', async () => {
    const store = new ProfilesStore(dir);
    await store.load();
    await put(store, profile('a'));
    await expect(
      store.mutate(async () => {
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    expect(store.list().map((p) => p.id)).toEqual(['a']);
  });

  it('writeFileAtomic replaces the whole file or nothing (temp file + rename)', async () => {
    const file = join(dir, 'x.json');
    await writeFile(file, 'old');
    await writeFileAtomic(file, 'new content');
    expect(await readFile(file, 'utf8')).toBe('new content');
    // A write into a missing directory creates it; a write that cannot open the temp file leaves the target alone.
    await writeFileAtomic(join(dir, 'sub', 'y.json'), 'y');
    expect(await readFile(join(dir, 'sub', 'y.json'), 'utf8')).toBe('y');
    expect((await readdir(dir)).filter((n) => n.endsWith('.tmp'))).toEqual([]);
  });

  it('sets a corrupt file aside, reports it, and never overwrites it', async () => {
    const garbage = '{"format":"stackdeck-profiles-store","schemaVersion":1,"profiles":[{"id":"a",';
    await writeFile(join(dir, 'profiles.json'), garbage);
    const store = new ProfilesStore(dir);
    await store.load();
    expect(store.list()).toEqual([]);
    const [issue] = store.issues();
    expect(issue).toMatchObject({ file: 'profiles', problem: 'corrupt' });
    expect(issue?.movedTo).toMatch(/profiles\.json\.corrupt-\d{4}-\d\d-\d\dT/);
    expect(await readFile(issue?.movedTo as string, 'utf8')).toBe(garbage);

    await put(store, profile('fresh'));
    expect(await readFile(issue?.movedTo as string, 'utf8')).toBe(garbage);
    const names = await readdir(dir);
    expect(names.filter((n) => n.startsWith('profiles.json.corrupt-'))).toHaveLength(1);
  });

  it('keeps the readable profiles of a partly damaged file, and the original aside', async () => {
    const good = profile('good');
    const original = JSON.stringify({
      format: 'stackdeck-profiles-store',
      schemaVersion: 1,
      profiles: [good, { id: 'bad', kind: 'nope' }],
    });
    await writeFile(join(dir, 'profiles.json'), original);
    const store = new ProfilesStore(dir);
    await store.load();
    expect(store.list().map((p) => p.id)).toEqual(['good']);
    const [issue] = store.issues();
    expect(issue?.message).toMatch(/1 profile\(s\) could not be read/);
    expect(await readFile(issue?.movedTo as string, 'utf8')).toBe(original);
  });

  it('does not write a file from a newer Stackdeck', async () => {
    const newer = JSON.stringify({
      format: 'stackdeck-profiles-store',
      schemaVersion: PROFILES_SCHEMA_VERSION + 1,
      profiles: [profile('a')],
    });
    await writeFile(join(dir, 'profiles.json'), newer);
    const store = new ProfilesStore(dir);
    await store.load();
    expect(store.list().map((p) => p.id)).toEqual(['a']);
    expect(store.issues()[0]?.problem).toBe('newer-version');
    await expect(put(store, profile('b'))).rejects.toMatchObject({ code: 'CONFLICT' });
    expect(await readFile(join(dir, 'profiles.json'), 'utf8')).toBe(newer);
  });
});
