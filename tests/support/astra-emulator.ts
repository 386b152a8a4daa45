/**
 * The two parts of DataStax Astra's routing that a driver talks to, run
 * locally in front of a real Cassandra node (the stack's cassandra-secure):
 * a metadata service (HTTPS with client certificates, GET /metadata -> the
 * SNI proxy's address, the nodes' host ids, the data centre) and an SNI proxy
 * (TLS passes through untouched; the ClientHello's server name, which Astra
 * uses to pick the node, is read and recorded, then the bytes go to the node).
 * Only the routing is emulated; TLS, authentication and CQL are the node's own.
 */
import { createServer as createHttpsServer } from 'node:https';
import { connect, createServer, type AddressInfo, type Server, type Socket } from 'node:net';

export interface AstraEmulator {
  /** host:port of the metadata service, as a bundle's config.json names it. */
  readonly metadata: string;
  /** host:port of the SNI proxy. */
  readonly proxy: string;
  /** Server names seen in ClientHellos, in order. */
  readonly serverNames: string[];
  /** Subjects of the client certificates the metadata service was called with. */
  readonly clientCerts: string[];
  close(): Promise<void>;
}

export interface AstraEmulatorOptions {
  readonly node: { host: string; port: number };
  readonly hostIds: readonly string[];
  readonly localDc: string;
  /** PEM: the CA clients are checked against, and the service's certificate (valid for localhost). */
  readonly ca: string;
  readonly cert: string;
  readonly key: string;
}

/** The server_name of a TLS ClientHello record, or null (not TLS, no SNI, or not complete yet). */
export function serverNameOf(hello: Buffer): string | null {
  if (hello.length < 5 || hello[0] !== 0x16) return null;
  const end = 5 + hello.readUInt16BE(3);
  if (hello.length < end || hello[5] !== 0x01) return null;
  let at = 5 + 4 + 2 + 32;
  at += 1 + hello[at]!; // session id
  at += 2 + hello.readUInt16BE(at); // cipher suites
  at += 1 + hello[at]!; // compression methods
  const extensionsEnd = at + 2 + hello.readUInt16BE(at);
  at += 2;
  while (at + 4 <= extensionsEnd) {
    const type = hello.readUInt16BE(at);
    const length = hello.readUInt16BE(at + 2);
    if (type === 0) {
      const nameLength = hello.readUInt16BE(at + 4 + 3);
      return hello.subarray(at + 4 + 5, at + 4 + 5 + nameLength).toString('latin1');
    }
    at += 4 + length;
  }
  return null;
}

const listen = (server: Server | ReturnType<typeof createHttpsServer>): Promise<number> =>
  new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port));
  });

export async function startAstraEmulator(o: AstraEmulatorOptions): Promise<AstraEmulator> {
  const serverNames: string[] = [];
  const clientCerts: string[] = [];
  const sockets = new Set<Socket>();

  const proxy = createServer((client) => {
    sockets.add(client);
    client.on('close', () => sockets.delete(client));
    let buffered = Buffer.alloc(0);
    const onData = (chunk: Buffer): void => {
      buffered = Buffer.concat([buffered, chunk]);
      const complete = buffered.length >= 5 && buffered.length >= 5 + buffered.readUInt16BE(3);
      if (!complete && buffered.length < 16_384) return;
      client.off('data', onData);
      client.pause();
      serverNames.push(serverNameOf(buffered) ?? '');
      const upstream = connect(o.node.port, o.node.host, () => {
        upstream.write(buffered);
        client.pipe(upstream).pipe(client);
        client.resume();
      });
      sockets.add(upstream);
      upstream.on('close', () => sockets.delete(upstream));
      upstream.on('error', () => client.destroy());
      client.on('error', () => upstream.destroy());
    };
    client.on('data', onData);
  });
  const proxyPort = await listen(proxy);

  const metadata = createHttpsServer(
    { ca: o.ca, cert: o.cert, key: o.key, requestCert: true, rejectUnauthorized: true },
    (req, res) => {
      const peer = (
        req.socket as unknown as { getPeerCertificate(): { subject?: { CN?: string } } }
      ).getPeerCertificate();
      clientCerts.push(peer.subject?.CN ?? '');
      if (req.url !== '/metadata') {
        res.writeHead(404).end();
        return;
      }
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify({
          version: 1,
          region: 'local',
          contact_info: {
            type: 'sni_proxy',
            local_dc: o.localDc,
            contact_points: o.hostIds,
            sni_proxy_address: `127.0.0.1:${proxyPort}`,
          },
        }),
      );
    },
  );
  const metadataPort = await listen(metadata);

  return {
    metadata: `127.0.0.1:${metadataPort}`,
    proxy: `127.0.0.1:${proxyPort}`,
    serverNames,
    clientCerts,
    async close() {
      for (const s of sockets) s.destroy();
      metadata.closeAllConnections();
      await Promise.all([
        new Promise<void>((r) => proxy.close(() => r())),
        new Promise<void>((r) => metadata.close(() => r())),
      ]);
    },
  };
}
