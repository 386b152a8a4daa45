/** The smoke test of a new deployment (the example payload, with its API key), and a free local port for it. */
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { join } from 'node:path';
import type { SmokeResult } from '../../shared/contract/models';

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr !== null ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

export async function smokeTest(
  url: string,
  dir: string,
  apiKey: string | undefined,
  tail: (lines: number) => string,
): Promise<SmokeResult> {
  const example = await readFile(join(dir, 'example.json'), 'utf8');
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (apiKey !== undefined) headers['x-api-key'] = apiKey;
  const t0 = performance.now();
  try {
    const res = await fetch(`${url}/predict`, {
      method: 'POST',
      headers,
      body: example,
      signal: AbortSignal.timeout(15_000),
    });
    const latencyMs = performance.now() - t0;
    const text = await res.text();
    let response: unknown = text;
    try {
      response = JSON.parse(text) as unknown;
    } catch {
      // keep the text
    }
    if (!res.ok)
      return {
        ok: false,
        status: res.status,
        latencyMs,
        response,
        error: `POST /predict answered ${res.status}: ${text.slice(0, 2000)}\n${tail(10)}`,
      };
    return { ok: true, status: res.status, latencyMs, response, error: null };
  } catch (err) {
    return {
      ok: false,
      status: null,
      latencyMs: performance.now() - t0,
      response: null,
      error: `${String(err)}\n${tail(10)}`,
    };
  }
}
