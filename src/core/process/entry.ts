/**
 * Core's own process: the entry point of the Electron `utilityProcess` that main
 * forks (src/main/core-process.ts), and of the Node child process the
 * integration tests fork (tests/integration/desktop/). It builds the same core
 * as web mode (`createCore` over `defaultAreas`, plus the host area whose
 * dialogs are main's) and serves its router on one port per window, with the
 * web-mode wire protocol: calls, streams and cancel behave as in web mode.
 *
 * The parent link is Electron's `process.parentPort` (windows' ports arrive as
 * transferred `MessagePortMain`s) or, under plain Node, the child-process IPC
 * channel (a window's frames then travel inside `port-data` messages).
 */
import { createCore, defaultAreas, type Core } from '../app';
import { StackdeckError } from '../../shared/errors';
import { RotatingLog } from '../log';
import { HostChannel, createHostArea, hostCipher } from './host';
import { servePort, type PortSession, type RpcPort } from './port-rpc';
import { isToCore, type FromCore, type ToCore } from './protocol';

/** Electron's MessagePortMain, as far as this file uses it. */
interface MainPort extends RpcPort {
  on(event: 'message', listener: (event: { data: unknown }) => void): void;
  on(event: 'close', listener: () => void): void;
  start(): void;
  close(): void;
}

interface ParentPort {
  on(event: 'message', listener: (event: { data: unknown; ports: MainPort[] }) => void): void;
  postMessage(message: unknown): void;
}

interface Client {
  session: PortSession;
  close(): void;
}

let file: RotatingLog | undefined;

function log(line: string): void {
  file?.warn('core', line);
  // stderr is the utility process's log stream (main forwards it); never stdout, which tools may parse.
  process.stderr.write(`[core] ${line}\n`);
}

export function runCoreProcess(): void {
  const parentPort = (process as unknown as { parentPort?: ParentPort }).parentPort;
  const send: (message: FromCore) => void =
    parentPort !== undefined
      ? (message) => parentPort.postMessage(message)
      : (message) => {
          if (process.send === undefined || !process.connected) throw new Error('the parent process is gone');
          process.send(message);
        };

  const host = new HostChannel(send);
  const clients = new Map<string, Client>();
  let core: Promise<Core> | undefined;
  let shuttingDown = false;

  function init(message: Extract<ToCore, { type: 'init' }>): void {
    if (core !== undefined) return;
    if (message.logDir !== undefined) {
      file = new RotatingLog({ dir: message.logDir });
      // Driver warnings (kafkajs, cassandra-driver, mongodb) arrive on the console.
      file.captureConsole('driver');
      file.info('core', `core process ${process.pid} starting (Node ${process.versions.node})`);
    }
    core = createCore({
      userDataDir: message.userDataDir,
      cipher: hostCipher(host, message.cipher),
      areas: [
        ...defaultAreas,
        createHostArea((request, signal) => host.request({ method: 'dialog.save', ...request }, signal)),
      ],
      onUnexpectedError: (name, error) => log(`${name}: ${error.message}`),
      confirm: (question, signal) => host.request({ method: 'dialog.confirm', ...question }, signal),
    });
    core.then(
      () => send({ type: 'ready' }),
      (error: unknown) => {
        send({ type: 'init-failed', message: error instanceof Error ? error.message : String(error) });
        setTimeout(() => process.exit(1), 50);
      },
    );
  }

  function connect(clientId: string, port: RpcPort, onClose?: (fn: () => void) => void): Client | undefined {
    if (core === undefined || shuttingDown) return undefined;
    clients.get(clientId)?.close();
    // Frames that arrive before core is built wait for it, in order.
    const pending: unknown[] = [];
    let session: PortSession | undefined;
    const client: Client = {
      get session(): PortSession {
        return session ?? { receive: (raw: unknown) => void pending.push(raw), abortAll: () => undefined, inFlight: 0 };
      },
      close() {
        session?.abortAll();
        pending.length = 0;
        if (clients.get(clientId) === client) clients.delete(clientId);
      },
    };
    clients.set(clientId, client);
    void core.then((c) => {
      if (clients.get(clientId) !== client) return;
      session = servePort(port, c.router, log);
      for (const raw of pending.splice(0)) session.receive(raw);
    });
    onClose?.(() => client.close());
    return client;
  }

  async function shutdown(code: number): Promise<void> {
    if (shuttingDown) return;
    shuttingDown = true;
    for (const client of [...clients.values()]) client.close();
    host.failAll('Stackdeck is quitting.');
    try {
      await (await core)?.dispose();
    } catch {
      // createCore's dispose never rejects; a failed build has nothing to dispose
    }
    try {
      send({ type: 'disposed' });
    } catch {
      // the parent may already be gone
    }
    // Give the message a moment to leave before the process ends.
    setTimeout(() => process.exit(code), 20);
  }

  function onControl(data: unknown, ports: readonly MainPort[]): void {
    if (!isToCore(data)) return;
    switch (data.type) {
      case 'init':
        return init(data);
      case 'connect': {
        const port = ports[0];
        if (port !== undefined) {
          const client = connect(data.clientId, port, (close) => port.on('close', close));
          if (client === undefined) return port.close();
          port.on('message', (event) => client.session.receive(event.data));
          port.start();
        } else {
          connect(data.clientId, {
            postMessage: (message) => send({ type: 'port-data', clientId: data.clientId, data: message }),
          });
        }
        return;
      }
      case 'port-data':
        return clients.get(data.clientId)?.session.receive(data.data);
      case 'disconnect':
        return clients.get(data.clientId)?.close();
      case 'host-reply':
        return host.reply(data.id, data.ok ? { ok: true, value: data.value } : { ok: false, error: data.error });
      case 'shutdown':
        void shutdown(0);
        return;
    }
  }

  if (parentPort !== undefined) {
    parentPort.on('message', (event) => onControl(event.data, event.ports ?? []));
  } else {
    process.on('message', (message) => onControl(message, []));
    // The parent went away (main crashed, the test ended): dispose the clients rather than linger.
    process.on('disconnect', () => void shutdown(0));
  }
  process.on('uncaughtException', (error) => {
    log(`uncaught: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    process.exit(70);
  });
  process.on('unhandledRejection', (reason) => {
    // Logged, not fatal: the router maps handler errors itself; a stray rejection is a bug to report, not a crash.
    log(`unhandled rejection: ${reason instanceof StackdeckError ? reason.message : String(reason)}`);
  });
}

runCoreProcess();
