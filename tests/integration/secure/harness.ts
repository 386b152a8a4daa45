/**
 * The secure suite's harness: the connections area on the real router, with
 * everything that could leak a secret recorded (every response and stream event
 * the renderer would receive, every error message, every driver log line), and
 * helpers for the kind × case matrix (matrix.ts).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { contract } from '../../../src/shared/contract';
import type { ProbeEvent, ProfileDraftInput } from '../../../src/shared/contract/connections';
import { createConnectionsArea, FileKeyCipher, type ConnectionsArea } from '../../../src/core/connections/index';
import { createRouter } from '../../../src/core/router';
import { ensurePki, pem, type Pki } from '../../stack/pki.js';
import { stackPaths } from '../../stack/paths.js';
import type { MatrixRow } from './matrix';

export interface SecureHarness {
  dir: string;
  area: ConnectionsArea;
  pki: Pki;
  /** A method call through the router; its output (or error message) is recorded. */
  call(name: string, input: unknown): Promise<unknown>;
  probe(draft: ProfileDraftInput, connectionId?: string): Promise<ProbeEvent[]>;
  /** Everything recorded so far, as one text to grep. */
  seen(): string;
  close(): Promise<void>;
}

export async function secureHarness(): Promise<SecureHarness> {
  const dir = await mkdtemp(join(tmpdir(), 'stackdeck-it-secure-'));
  const records: string[] = [];
  const area = await createConnectionsArea({
    userDataDir: dir,
    cipher: new FileKeyCipher(dir),
    log: (level, message) => records.push(`log ${level}: ${message}`),
  });
  const router = createRouter({ contract, handlers: area.handlers, readOnly: area.readOnly, validateOutputs: true });
  const pki = ensurePki(stackPaths().root);
  const call = async (name: string, input: unknown): Promise<unknown> => {
    try {
      const out = await router.call(name, input);
      records.push(`${name} -> ${JSON.stringify(out)}`);
      return out;
    } catch (err) {
      records.push(`${name} !! ${err instanceof Error ? `${err.message} ${JSON.stringify(err)}` : String(err)}`);
      throw err;
    }
  };
  return {
    dir,
    area,
    pki,
    call,
    async probe(draft, connectionId) {
      const events: ProbeEvent[] = [];
      const input = connectionId ? { connectionId } : { draft };
      await router.subscribe('connections.probe.run', input, {
        emit: (e) => {
          records.push(`probe event ${JSON.stringify(e)}`);
          events.push(e as ProbeEvent);
        },
      });
      return events;
    },
    seen: () => records.join('\n'),
    async close() {
      await area.dispose();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** TLS sections a user would fill in, from the test PKI. */
export function tlsOf(pki: Pki) {
  const ca = pem(pki.caCert);
  return {
    withCa: { enabled: true, ca },
    systemStore: { enabled: true },
    otherCa: { enabled: true, ca: pem(pki.otherCaCert) },
    mtls: {
      enabled: true,
      ca,
      cert: pem(pki.files.client.cert),
      key: { action: 'set' as const, value: pem(pki.files.client.key) },
    },
    untrustedClient: {
      enabled: true,
      ca,
      cert: pem(pki.files['other-client'].cert),
      key: { action: 'set' as const, value: pem(pki.files['other-client'].key) },
    },
    skipVerify: { enabled: true, insecureSkipVerify: true },
  };
}

/** The final event of each stage, by name, and the `done` event. */
export function outcome(events: readonly ProbeEvent[]): {
  stages: Record<string, Extract<ProbeEvent, { type: 'stage' }>>;
  done: Extract<ProbeEvent, { type: 'done' }>;
} {
  const stages: Record<string, Extract<ProbeEvent, { type: 'stage' }>> = {};
  for (const e of events) if (e.type === 'stage' && e.status !== 'running') stages[e.stage] = e;
  const done = events.at(-1);
  if (done?.type !== 'done') throw new Error('the probe ended without a done event');
  return { stages, done };
}

/** Records one probe's result under `kind × case`. */
export function matrixRow(kind: string, name: string, events: readonly ProbeEvent[]): MatrixRow {
  const { stages, done } = outcome(events);
  const failed = done.failedStage ? stages[done.failedStage] : undefined;
  return {
    kind,
    case: name,
    stage: done.ok ? 'ok' : (done.failedStage ?? '?'),
    code: failed ? `${failed.errorCode ?? '-'} ${failed.code ?? ''}`.trim() : done.warnings.length ? 'insecure' : '-',
    ms: done.elapsedMs,
  };
}

/**
 * Probes one matrix case, records its row, and checks it ended within the
 * probe's deadline (every stage has 5 s; a failure must come from its cause).
 */
export async function probeCase(
  h: SecureHarness,
  rows: MatrixRow[],
  kind: string,
  name: string,
  draft: ProfileDraftInput,
  deadlineMs = 5_000,
): Promise<ReturnType<typeof outcome>> {
  const started = Date.now();
  const events = await h.probe(draft);
  const took = Date.now() - started;
  rows.push(matrixRow(kind, name, events));
  if (took >= deadlineMs) throw new Error(`${kind} "${name}": the probe took ${took} ms (limit ${deadlineMs} ms)`);
  return outcome(events);
}
