import { randomBytes } from 'node:crypto';
import { readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { FileKeyCipher } from '../../../../src/core/connections/cipher';
import type { ProfileDraftInput } from '../../../../src/shared/contract/connections';
import { basicTextCipher, harness, type Harness } from './helpers';

const unix = process.platform !== 'win32';
const mode = async (file: string) => (await stat(file)).mode & 0o777;

/** Long, distinctive values: any appearance in a file or an output is a leak. */
const secret = (label: string) => `S3cr3t-${label}-${randomBytes(6).toString('hex')}`;

function drafts(s: Record<string, string>): ProfileDraftInput[] {
  const tls = {
    enabled: true,
    key: { action: 'set' as const, value: s.tlsKey as string },
    keyPassphrase: { action: 'set' as const, value: s.passphrase as string },
  };
  return [
    {
      kind: 'kafka',
      name: 'k',
      brokers: ['127.0.0.1:1'],
      sasl: { mechanism: 'scram-sha-512', username: 'u', password: { action: 'set', value: s.kafka as string } },
      tls,
    },
    {
      kind: 'mongo',
      name: 'm',
      endpoint: { mode: 'fields', hosts: ['127.0.0.1:1'] },
      username: 'u',
      password: { action: 'set', value: s.mongo as string },
    },
    {
      kind: 'cassandra',
      name: 'c',
      contactPoints: ['127.0.0.1:1'],
      username: 'u',
      password: { action: 'set', value: s.cassandra as string },
    },
    {
      kind: 'neo4j',
      name: 'n',
      uri: 'bolt://127.0.0.1:1',
      username: 'u',
      password: { action: 'set', value: s.neo4j as string },
    },
    {
      kind: 'redis',
      name: 'r',
      host: '127.0.0.1',
      port: 1,
      readOnly: true,
      password: { action: 'set', value: s.redis as string },
    },
  ];
}

/** The plain value stored for a profile's secret field, read the way the vault does. */
async function storedSecret(h: Harness, id: string, path: string): Promise<string | null> {
  const profiles = JSON.parse(await readFile(join(h.dir, 'profiles.json'), 'utf8')) as {
    profiles: Record<string, unknown>[];
  };
  const p = profiles.profiles.find((x) => x.id === id);
  const ref = path.split('.').reduce<unknown>((o, k) => (o as Record<string, unknown> | undefined)?.[k], p) as {
    ref: string;
  } | null;
  if (!ref) return null;
  const vault = JSON.parse(await readFile(join(h.dir, 'vault.json'), 'utf8')) as {
    secrets: Record<string, { sealed: string }>;
  };
  const entry = vault.secrets[ref.ref];
  if (!entry) return null;
  return (await new FileKeyCipher(h.dir).decrypt(Buffer.from(entry.sealed, 'base64'))).toString('utf8');
}

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

describe('FileKeyCipher', () => {
  it('creates a 32-byte key file 0600 and round-trips values', async () => {
    h = await harness();
    const cipher = new FileKeyCipher(h.dir);
    const sealed = await cipher.encrypt(Buffer.from('hello'));
    expect((await readFile(join(h.dir, 'vault.key'))).length).toBe(32);
    if (unix) expect(await mode(join(h.dir, 'vault.key'))).toBe(0o600);
    expect((await cipher.decrypt(sealed)).toString()).toBe('hello');
    expect(sealed.includes(Buffer.from('hello'))).toBe(false);
    // GCM authenticates: a flipped byte is refused, not decrypted to garbage.
    sealed[sealed.length - 1] = (sealed[sealed.length - 1] as number) ^ 1;
    await expect(cipher.decrypt(sealed)).rejects.toThrow();
  });

  it('refuses a damaged key file instead of replacing it', async () => {
    h = await harness();
    await writeFile(join(h.dir, 'vault.key'), 'short');
    await expect(new FileKeyCipher(h.dir).encrypt(Buffer.from('x'))).rejects.toThrow(/damaged/);
    expect(await readFile(join(h.dir, 'vault.key'), 'utf8')).toBe('short');
  });
});

describe('secrets stay in the vault', () => {
  it('never appear in profiles.json, the vault file, or any handler output', async () => {
    h = await harness();
    const s = {
      kafka: secret('kafka'),
      mongo: secret('mongo'),
      cassandra: secret('cass'),
      neo4j: secret('neo'),
      redis: secret('redis'),
      tlsKey: secret('key'),
      passphrase: secret('pass'),
    };
    const created = [];
    for (const draft of drafts(s)) created.push(await h.call('connections.profiles.create', { draft }));
    const [kafka, , , , redis] = created;
    if (!kafka || kafka.kind !== 'kafka' || !redis) throw new Error('setup');
    expect(kafka.sasl.password).toEqual({ set: true });
    expect(kafka.tls.key).toEqual({ set: true });

    // Every method, read-only profile included (profile CRUD writes only Stackdeck's data).
    await h.call('connections.profiles.list', {});
    await h.call('connections.profiles.get', { id: kafka.id });
    await h.call('connections.profiles.update', {
      id: redis.id,
      draft: { kind: 'redis', name: 'r2', host: '127.0.0.1', port: 1, readOnly: true },
    });
    const copy = await h.call('connections.profiles.duplicate', { id: kafka.id });
    const exported = await h.call('connections.profiles.export', {});
    await h.call('connections.profiles.import', { document: exported });
    await h.call('connections.status.list', {});
    await h.call('connections.vault.status', {});
    await h.call('connections.client.disconnect', { connectionId: kafka.id });
    await h.call('connections.profiles.parseUri', { uri: 'redis://127.0.0.1:6379' });
    // The probe of a saved profile resolves its secrets; nothing listens on port 1, so it stops at TCP.
    const events = await h.stream('connections.probe.run', { connectionId: redis.id, stageTimeoutMs: 2_000 });
    expect(events.at(-1)).toMatchObject({ type: 'done', ok: false, failedStage: 'tcp' });
    await expect(h.call('connections.client.connect', { connectionId: redis.id })).rejects.toMatchObject({
      code: 'UNREACHABLE',
    });
    await h.call('connections.status.list', {});
    await h.call('connections.profiles.delete', { id: copy.id });

    const files = [
      await readFile(join(h.dir, 'profiles.json'), 'utf8'),
      await readFile(join(h.dir, 'vault.json'), 'utf8'),
    ];
    expect(h.seen.length).toBeGreaterThan(15);
    for (const value of Object.values(s)) {
      for (const text of [...files, ...h.seen]) expect(text).not.toContain(value);
    }
    if (unix) expect(await mode(join(h.dir, 'vault.json'))).toBe(0o600);
  });

  it('keep, clear and set behave as their names say; delete removes the values', async () => {
    h = await harness();
    const first = secret('first');
    const p = await h.call('connections.profiles.create', {
      draft: { kind: 'redis', name: 'r', host: 'h', password: { action: 'set', value: first } },
    });
    expect(await storedSecret(h, p.id, 'password')).toBe(first);

    await h.call('connections.profiles.update', { id: p.id, draft: { kind: 'redis', name: 'renamed', host: 'h' } });
    expect(await storedSecret(h, p.id, 'password')).toBe(first);

    const second = secret('second');
    await h.call('connections.profiles.update', {
      id: p.id,
      draft: { kind: 'redis', name: 'r', host: 'h', password: { action: 'set', value: second } },
    });
    expect(await storedSecret(h, p.id, 'password')).toBe(second);
    // The replaced value is gone from the vault, not just unreferenced.
    expect(
      Object.keys((JSON.parse(await readFile(join(h.dir, 'vault.json'), 'utf8')) as { secrets: object }).secrets),
    ).toHaveLength(1);

    const dup = await h.call('connections.profiles.duplicate', { id: p.id, name: 'copy' });
    const cleared = await h.call('connections.profiles.update', {
      id: p.id,
      draft: { kind: 'redis', name: 'r', host: 'h', password: { action: 'clear' } },
    });
    expect(cleared).toMatchObject({ password: { set: false } });
    expect(await storedSecret(h, dup.id, 'password')).toBe(second);

    await h.call('connections.profiles.delete', { id: dup.id });
    expect((JSON.parse(await readFile(join(h.dir, 'vault.json'), 'utf8')) as { secrets: object }).secrets).toEqual({});
    expect(await h.call('connections.profiles.delete', { id: dup.id })).toEqual({ deleted: false });
  });

  it('export carries no secrets; import creates new profiles with none set', async () => {
    h = await harness();
    const value = secret('exp');
    const p = await h.call('connections.profiles.create', {
      draft: { kind: 'neo4j', name: 'g', uri: 'bolt://h:7687', username: 'neo', password: { action: 'set', value } },
    });
    const doc = await h.call('connections.profiles.export', { ids: [p.id] });
    expect(JSON.stringify(doc)).not.toContain(value);
    expect(doc.profiles[0]).toMatchObject({ kind: 'neo4j', name: 'g', username: 'neo', password: { set: true } });
    const { imported } = await h.call('connections.profiles.import', { document: doc });
    expect(imported[0]?.id).not.toBe(p.id);
    expect(imported[0]).toMatchObject({ name: 'g', password: { set: false } });
  });

  it('sweeps secrets no profile refers to at start, and reports missing ones', async () => {
    h = await harness();
    const p = await h.call('connections.profiles.create', {
      draft: { kind: 'redis', name: 'r', host: 'h', password: { action: 'set', value: secret('x') } },
    });
    const vaultFile = join(h.dir, 'vault.json');
    const vault = JSON.parse(await readFile(vaultFile, 'utf8')) as { secrets: Record<string, unknown> };
    const [ref] = Object.keys(vault.secrets);
    vault.secrets.orphan = { backend: 'file-key', sealed: 'AAAA' };
    await writeFile(vaultFile, JSON.stringify(vault));
    await h.reopen();
    expect(Object.keys((JSON.parse(await readFile(vaultFile, 'utf8')) as { secrets: object }).secrets)).toEqual([ref]);

    // A vault that lost the entry: the profile says "not set" and the list explains why.
    await writeFile(vaultFile, JSON.stringify({ ...vault, secrets: {} }));
    await h.reopen();
    const list = await h.call('connections.profiles.list', {});
    expect(list.profiles.find((x) => x.id === p.id)).toMatchObject({ password: { set: false } });
    expect(list.issues.map((i) => i.problem)).toContain('missing-secret');
  });

  it('a corrupt vault is set aside and reported, profiles survive', async () => {
    h = await harness();
    await h.call('connections.profiles.create', {
      draft: { kind: 'redis', name: 'r', host: 'h', password: { action: 'set', value: secret('y') } },
    });
    await writeFile(join(h.dir, 'vault.json'), 'not json');
    await h.reopen();
    const list = await h.call('connections.profiles.list', {});
    expect(list.profiles).toHaveLength(1);
    expect(list.issues.find((i) => i.file === 'vault' && i.problem === 'corrupt')?.movedTo).toMatch(
      /vault\.json\.corrupt-/,
    );
  });
});

describe('vault consent (safeStorage basic_text)', () => {
  it('refuses to store secrets until the user agrees, then stores them', async () => {
    h = await harness(() => basicTextCipher());
    expect(await h.call('connections.vault.status', {})).toMatchObject({
      backend: 'basic_text',
      needsConsent: true,
      consent: null,
      canStore: false,
    });
    const draft: ProfileDraftInput = {
      kind: 'redis',
      name: 'r',
      host: 'h',
      password: { action: 'set', value: secret('c') },
    };
    await expect(h.call('connections.profiles.create', { draft })).rejects.toMatchObject({
      code: 'CONFLICT',
      detail: { reason: 'vault-consent-required' },
    });
    // Profiles without secrets can still be saved.
    await h.call('connections.profiles.create', { draft: { kind: 'redis', name: 'open', host: 'h' } });

    expect(await h.call('connections.vault.consent', { accept: false })).toMatchObject({
      consent: false,
      canStore: false,
    });
    await expect(h.call('connections.profiles.create', { draft })).rejects.toMatchObject({ code: 'CONFLICT' });
    expect(await h.call('connections.vault.consent', { accept: true })).toMatchObject({
      consent: true,
      canStore: true,
    });
    const p = await h.call('connections.profiles.create', { draft });
    expect(p).toMatchObject({ password: { set: true } });
    // The answer is remembered.
    await h.reopen(basicTextCipher());
    expect(await h.call('connections.vault.status', {})).toMatchObject({ consent: true, canStore: true });
  });
});

describe('profiles', () => {
  it('refuses a stale update and a MongoDB URI with credentials', async () => {
    h = await harness();
    const p = await h.call('connections.profiles.create', { draft: { kind: 'redis', name: 'r', host: 'h' } });
    await h.call('connections.profiles.update', {
      id: p.id,
      draft: { kind: 'redis', name: 'r1', host: 'h' },
      expectedUpdatedAt: p.updatedAt,
    });
    await expect(
      h.call('connections.profiles.update', {
        id: p.id,
        draft: { kind: 'redis', name: 'r2', host: 'h' },
        expectedUpdatedAt: p.updatedAt,
      }),
    ).rejects.toMatchObject({ code: 'CONFLICT' });
    await expect(
      h.call('connections.profiles.create', {
        draft: { kind: 'mongo', name: 'm', endpoint: { mode: 'uri', uri: 'mongodb://u:pw@h/' } },
      }),
    ).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    await expect(h.call('connections.profiles.get', { id: 'missing' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('answers the read-only lookup from the profile', async () => {
    h = await harness();
    const ro = await h.call('connections.profiles.create', {
      draft: { kind: 'redis', name: 'ro', host: 'h', readOnly: true, environment: 'prod' },
    });
    const rw = await h.call('connections.profiles.create', { draft: { kind: 'redis', name: 'rw', host: 'h' } });
    expect(await h.area.readOnly.isReadOnly(ro.id)).toBe(true);
    expect(await h.area.readOnly.isReadOnly(rw.id)).toBe(false);
    expect(await h.area.readOnly.isReadOnly('unknown')).toBe(false);
  });
});
