import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCore, type Core } from '../../../src/core/app';
import { FileKeyCipher } from '../../../src/core/connections';
import { describeContract } from '../../../src/core/router';
import { startWebServer, type WebServer } from '../../../src/server/server';
import { contract } from '../../../src/shared/contract';
import { TOKEN, inbox, openWs } from '../../support/web';

/**
 * The real core (createCore, the connections area) mounted on the real web
 * server: a profile round trip over the WebSocket, with the secret sent in and
 * never seen again in any frame.
 */

const PASSWORD = 'over-the-wire-s3cret';
let dir: string;
let core: Core;
let server: WebServer;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'stackdeck-core-ws-'));
  core = await createCore({ userDataDir: dir, cipher: new FileKeyCipher(dir), validateOutputs: true });
  server = await startWebServer({
    router: core.router,
    description: describeContract(contract),
    rendererDir: join(dir, 'no-renderer'),
    token: TOKEN,
    log: () => undefined,
  });
});

afterAll(async () => {
  await server?.close();
  await core?.dispose();
  await rm(dir, { recursive: true, force: true });
});

describe('real core over the WebSocket', () => {
  it('creates and lists a profile; the password never comes back', async () => {
    const opened = await openWs(server.port);
    if (!('ws' in opened)) throw new Error(`refused ${opened.refused}`);
    const box = inbox(opened.ws);
    const frames: string[] = [];
    opened.ws.on('message', (data) => frames.push(String(data)));

    box.send({
      id: 1,
      type: 'call',
      name: 'connections.profiles.create',
      input: {
        draft: { kind: 'redis', name: 'WS Redis', host: '127.0.0.1', password: { action: 'set', value: PASSWORD } },
      },
    });
    const created = await box.next((m) => m.id === 1);
    expect(created).toMatchObject({ type: 'result', value: { name: 'WS Redis', password: { set: true } } });

    box.send({ id: 2, type: 'call', name: 'connections.profiles.list', input: {} });
    const listed = await box.next((m) => m.id === 2);
    expect((listed.value as { profiles: unknown[] }).profiles).toHaveLength(1);

    box.send({ id: 3, type: 'call', name: 'connections.profiles.get', input: { id: 'no-such-profile' } });
    expect(await box.next((m) => m.id === 3)).toMatchObject({ type: 'error', error: { code: 'NOT_FOUND' } });

    expect(frames.join('\n')).not.toContain(PASSWORD);
    opened.ws.close();
  });
});
