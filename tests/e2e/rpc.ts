import type { Page } from '@playwright/test';

export interface RpcReply {
  value?: unknown;
  error?: { code: string };
}

/** Calls a contract method over the page's own WebSocket: for set-up, checks and cleanup; the steps use the UI. */
export async function rpc(page: Page, name: string, input: unknown): Promise<RpcReply> {
  return page.evaluate(
    ([n, i]) =>
      new Promise<RpcReply>((resolve, reject) => {
        // Runs in the page; the e2e files are type-checked without relying on its globals.
        const { host } = (globalThis as unknown as { location: { host: string } }).location;
        const ws = new WebSocket(`ws://${host}/api/ws`);
        ws.onopen = () => ws.send(JSON.stringify({ id: 1, type: 'call', name: n, input: i }));
        ws.onmessage = (event) => {
          resolve(JSON.parse(String(event.data)) as RpcReply);
          ws.close();
        };
        ws.onerror = () => reject(new Error('WebSocket refused'));
      }),
    [name, input] as const,
  );
}
