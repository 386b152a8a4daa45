/**
 * The JSON request to the Schema Registry and the Connect worker after a
 * socket reset with no answer: sent once more where the service says that is
 * safe (a registry register), never where it is not (a Connect create), and a
 * second reset is the service's clear "not reachable". The server is a real
 * TCP listener on 127.0.0.1 that resets the connections it is told to.
 */
import { createServer, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { request as connectRequest } from '../../../../src/core/kafka/connect/rest';
import { request as registryRequest } from '../../../../src/core/kafka/schemaRegistry/http';
import { StackdeckError } from '../../../../src/shared/errors';

const servers: Server[] = [];

/** Resets the first `resets` connections after reading their request, answers the rest with `{"id":7}`. */
async function flakyServer(resets: number): Promise<{ url: string; requests: string[] }> {
  const requests: string[] = [];
  const server = createServer((socket: Socket) => {
    let text = '';
    socket.on('data', (chunk: Buffer) => {
      text += chunk.toString('utf8');
      if (!text.includes('\r\n\r\n')) return;
      requests.push(text.split('\r\n')[0] ?? '');
      if (requests.length <= resets) {
        socket.resetAndDestroy();
        return;
      }
      const body = '{"id":7}';
      socket.end(`HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: ${body.length}\r\n\r\n${body}`);
    });
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, requests };
}

const call = () => ({ signal: new AbortController().signal, deadline: Date.now() + 10_000 });

afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => new Promise((r) => s.close(r))));
});

describe('a reset with no answer', () => {
  it('a schema register is sent once more and its answer returned', async () => {
    const s = await flakyServer(1);
    const endpoint = { url: s.url, authorization: '', tls: undefined };
    const got = await registryRequest(endpoint, 'POST', '/subjects/a/versions', { schema: '"long"' }, call(), 'x');
    expect(got).toEqual({ id: 7 });
    expect(s.requests).toEqual(['POST /subjects/a/versions HTTP/1.1', 'POST /subjects/a/versions HTTP/1.1']);
  });

  it('two resets in a row: the clear "not reachable", after two tries', async () => {
    const s = await flakyServer(2);
    const endpoint = { url: s.url, authorization: '', tls: undefined };
    const err = await registryRequest(endpoint, 'GET', '/subjects', undefined, call(), 'x').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(StackdeckError);
    expect((err as StackdeckError).code).toBe('UNREACHABLE');
    expect((err as Error).message).toMatch(/Schema Registry at .* is not reachable \(ECONNRESET\)/);
    expect(s.requests).toHaveLength(2);
  });

  it('a registry delete and a Connect create are not sent twice', async () => {
    const s = await flakyServer(1);
    const err = await registryRequest(
      { url: s.url, authorization: '', tls: undefined },
      'DELETE',
      '/subjects/a',
      undefined,
      call(),
      'x',
    ).catch((e: unknown) => e);
    expect((err as StackdeckError).code).toBe('UNREACHABLE');
    expect(s.requests).toEqual(['DELETE /subjects/a HTTP/1.1']);

    const c = await flakyServer(1);
    const created = await connectRequest(
      { url: c.url, username: '', password: '', tls: undefined },
      'POST',
      '/connectors',
      { name: 'x', config: {} },
      call(),
      'x',
    ).catch((e: unknown) => e);
    expect((created as Error).message).toMatch(/Kafka Connect worker at .* is not reachable \(ECONNRESET\)/);
    expect(c.requests).toEqual(['POST /connectors HTTP/1.1']);
  });
});
