/**
 * A service's stable address: one HTTP listener on 127.0.0.1 that forwards each
 * request to the active version's port. Routing is per request, not per TCP
 * connection, so a keep-alive client follows a switch on its next request, and
 * a request already in flight finishes on the version that took it. The old
 * version stays up (as the standby) so nothing in flight is cut.
 */
import { Agent, createServer, request, type IncomingMessage, type Server, type ServerResponse } from 'node:http';

export class StablePort {
  private target: number | null = null;
  private readonly agent = new Agent({ keepAlive: true, maxSockets: 256 });

  private constructor(
    private readonly server: Server,
    readonly port: number,
  ) {}

  /** On `preferred` (the port a kept service's clients know) when it is free, else on a new port. */
  static async open(preferred?: number): Promise<StablePort> {
    let stable: StablePort | null = null;
    const server = createServer((req, res) => stable?.forward(req, res));
    const listen = (port: number) =>
      new Promise<number>((resolve, reject) => {
        server.once('error', reject);
        server.listen(port, '127.0.0.1', () => {
          server.removeListener('error', reject);
          const addr = server.address();
          resolve(typeof addr === 'object' && addr !== null ? addr.port : 0);
        });
      });
    const port = preferred === undefined ? await listen(0) : await listen(preferred).catch(() => listen(0));
    stable = new StablePort(server, port);
    return stable;
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** The version port new requests go to; null answers 503 until a version is active again. */
  switchTo(port: number | null): void {
    this.target = port;
  }

  private forward(req: IncomingMessage, res: ServerResponse): void {
    const port = this.target;
    if (port === null) {
      res.writeHead(503, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ detail: 'no version of this service is active: deploy one or roll back' }));
      return;
    }
    const upstream = request(
      { host: '127.0.0.1', port, method: req.method, path: req.url, headers: req.headers, agent: this.agent },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    upstream.on('error', (e) => {
      if (res.headersSent) res.destroy();
      else {
        res.writeHead(502, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ detail: `the active version did not answer: ${e.message}` }));
      }
    });
    // A client that goes away ends the upstream request too.
    res.on('close', () => {
      if (!res.writableFinished) upstream.destroy();
    });
    req.pipe(upstream);
  }

  async close(): Promise<void> {
    this.target = null;
    await new Promise<void>((resolve) => {
      this.server.close(() => resolve());
      this.server.closeAllConnections();
    });
    this.agent.destroy();
  }
}
