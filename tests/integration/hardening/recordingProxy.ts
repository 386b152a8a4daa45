import { connect, createServer, type AddressInfo, type Server, type Socket } from 'node:net';

/**
 * A TCP proxy in front of a real server that records every byte a client sends
 * through it: the "server an attacker runs" of the secret-binding tests. It
 * forwards to the real server so a driver gets far enough in its protocol to
 * send its credentials, which the positive controls rely on.
 */
export interface RecordingProxy {
  readonly port: number;
  /** host:port of the proxy. */
  readonly address: string;
  /** Connections accepted so far. */
  connections(): number;
  /** Whether `text` appears in anything a client sent (as UTF-8 bytes). */
  received(text: string): boolean;
  close(): Promise<void>;
}

const CAP = 4 * 1024 * 1024;

export async function startRecordingProxy(upstreamPort: number, upstreamHost = '127.0.0.1'): Promise<RecordingProxy> {
  const chunks: Buffer[] = [];
  let size = 0;
  let accepted = 0;
  const sockets = new Set<Socket>();
  const server: Server = createServer((client) => {
    accepted++;
    sockets.add(client);
    const upstream = connect({ host: upstreamHost, port: upstreamPort });
    sockets.add(upstream);
    client.on('data', (chunk: Buffer) => {
      if (size < CAP) {
        chunks.push(chunk);
        size += chunk.length;
      }
      upstream.write(chunk);
    });
    upstream.on('data', (chunk: Buffer) => client.write(chunk));
    const end = () => {
      client.destroy();
      upstream.destroy();
      sockets.delete(client);
      sockets.delete(upstream);
    };
    client.on('close', end).on('error', end);
    upstream.on('close', end).on('error', end);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    port,
    address: `127.0.0.1:${port}`,
    connections: () => accepted,
    received: (text) => Buffer.concat(chunks).includes(Buffer.from(text, 'utf8')),
    close: async () => {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
