import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { z } from 'zod';
import {
  contract,
  type EventOf,
  type InputOf,
  type MethodName,
  type OutputOf,
  type StreamName,
} from '../../../../src/shared/contract';
import {
  createConnectionsArea,
  FileKeyCipher,
  type ConnectionsArea,
  type SecretCipher,
} from '../../../../src/core/connections/index';

/**
 * Drives the connections area the way the router does: input parsed with the
 * contract's schema, output checked against it. Every output and event is also
 * kept (serialised) so tests can scan all of them for secret values.
 */
export interface Harness {
  dir: string;
  area: ConnectionsArea;
  /** JSON of every output and event so far. */
  seen: string[];
  call<N extends MethodName & `connections.${string}`>(name: N, input: InputOf<N>): Promise<OutputOf<N>>;
  stream<N extends StreamName & `connections.${string}`>(
    name: N,
    input: InputOf<N>,
    signal?: AbortSignal,
  ): Promise<EventOf<N>[]>;
  reopen(cipher?: SecretCipher): Promise<void>;
  close(): Promise<void>;
}

export async function harness(cipher?: (dir: string) => SecretCipher): Promise<Harness> {
  const dir = await mkdtemp(join(tmpdir(), 'stackdeck-conn-'));
  const makeCipher = cipher ?? ((d: string) => new FileKeyCipher(d));
  const h: Harness = {
    dir,
    area: await createConnectionsArea({ userDataDir: dir, cipher: makeCipher(dir) }),
    seen: [],
    async call(name, input) {
      const def = contract[name];
      const parsed = (def.input as z.ZodType).parse(input);
      const handler = h.area.handlers[name] as unknown as (i: unknown, ctx: unknown) => Promise<unknown>;
      const ctrl = new AbortController();
      const out = await handler(parsed, { signal: ctrl.signal, deadline: Date.now() + def.timeoutMs });
      if (def.kind === 'method') (def.output as z.ZodType).parse(out);
      h.seen.push(JSON.stringify(out));
      return out as never;
    },
    async stream(name, input, signal) {
      const def = contract[name];
      const parsed = (def.input as z.ZodType).parse(input);
      const events: unknown[] = [];
      const handler = h.area.handlers[name] as unknown as (i: unknown, ctx: unknown) => Promise<void>;
      await handler(parsed, {
        signal: signal ?? new AbortController().signal,
        deadline: Infinity,
        emit: (e: unknown) => {
          if (def.kind === 'stream') (def.event as z.ZodType).parse(e);
          h.seen.push(JSON.stringify(e));
          events.push(e);
        },
      });
      return events as never;
    },
    async reopen(next) {
      await h.area.dispose();
      h.area = await createConnectionsArea({ userDataDir: dir, cipher: next ?? makeCipher(dir) });
    },
    async close() {
      await h.area.dispose();
      await rm(dir, { recursive: true, force: true });
    },
  };
  return h;
}

/** A cipher standing in for Electron safeStorage's basic_text backend (Electron is not available in tests). */
export function basicTextCipher(): SecretCipher {
  return {
    backend: 'basic_text',
    needsConsent: true,
    encrypt: async (plain) => Buffer.concat([Buffer.from('v10'), Buffer.from(plain).reverse()]),
    decrypt: async (sealed) => Buffer.from(sealed.subarray(3)).reverse(),
  };
}
