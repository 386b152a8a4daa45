import { expect, type Browser, type Locator, type Page } from '@playwright/test';
import { Redis } from 'ioredis';

/** Redis e2e helpers: a profile added through the dialog, the key browser opened, and a seed client of the spec's own. */

export async function addRedisConnection(page: Page, name: string, port = 6379): Promise<Locator> {
  await page.getByTestId('sidebar').getByRole('button', { name: 'New connection' }).first().click();
  const dialog = page.getByTestId('connection-dialog');
  await dialog.getByRole('radiogroup', { name: 'Connection type' }).getByText('Redis', { exact: true }).click();
  await dialog.getByLabel('Name', { exact: true }).fill(name);
  await dialog.getByLabel('Host', { exact: true }).fill('127.0.0.1');
  await dialog.getByLabel('Port', { exact: true }).fill(String(port));
  await dialog.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(dialog).toBeHidden();
  const row = page.locator(`[data-testid="sidebar-connection"][data-name="${name}"]`);
  await expect(row).toBeVisible();
  return row;
}

/** Opens the "Keys" screen of a connection row and scans `pattern`. */
export async function openKeys(page: Page, row: Locator, pattern: string): Promise<Locator> {
  await row.dblclick();
  await page.getByTestId('sidebar-tree').getByRole('treeitem', { name: 'Keys', exact: true }).click();
  const keys = page.getByTestId('redis-keys');
  await expect(keys).toBeVisible();
  await keys.getByLabel('Key pattern').fill(pattern);
  await keys.getByRole('button', { name: 'Scan', exact: true }).click();
  await expect(keys.getByTestId('redis-scan-status')).toContainText('scan complete');
  return keys;
}

/** The spec's own client on the local Redis (127.0.0.1 only). */
export async function seedClient(): Promise<Redis> {
  const r = new Redis({
    host: '127.0.0.1',
    port: 6379,
    lazyConnect: true,
    connectTimeout: 5_000,
    commandTimeout: 5_000,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
  });
  await r.connect();
  return r;
}

/** Deletes every key under `prefix` (text or binary names) and closes the client. */
export async function cleanup(r: Redis, prefix: string): Promise<void> {
  let cursor = '0';
  do {
    const [next, keys] = (await r.callBuffer('SCAN', cursor, 'MATCH', `${prefix}*`, 'COUNT', 1000)) as [
      Buffer,
      Buffer[],
    ];
    cursor = next.toString();
    if (keys.length > 0) await r.callBuffer('UNLINK', ...keys);
  } while (cursor !== '0');
  r.disconnect();
}

/** Calls a contract method over the page's own WebSocket (cleanup only; the steps use the UI). */
export async function rpc(page: Page, name: string, input: unknown): Promise<{ value?: unknown }> {
  return page.evaluate(
    ([n, i]) =>
      new Promise<{ value?: unknown }>((resolve, reject) => {
        const { host } = (globalThis as unknown as { location: { host: string } }).location;
        const ws = new WebSocket(`ws://${host}/api/ws`);
        ws.onopen = () => ws.send(JSON.stringify({ id: 1, type: 'call', name: n, input: i }));
        ws.onmessage = (event) => {
          resolve(JSON.parse(String(event.data)) as { value?: unknown });
          ws.close();
        };
        ws.onerror = () => reject(new Error('WebSocket refused'));
      }),
    [name, input] as const,
  );
}

export async function deleteProfile(page: Page, name: string): Promise<void> {
  const list = (await rpc(page, 'connections.profiles.list', {})).value as
    { profiles: Array<{ id: string; name: string }> } | undefined;
  for (const p of list?.profiles ?? [])
    if (p.name === name) await rpc(page, 'connections.profiles.delete', { id: p.id });
}

/** A spec's afterAll: deletes its profile (through a page of its own) and its keys, whatever the tests left. */
export async function removeProfileAndKeys(browser: Browser, name: string, r: Redis, prefix: string): Promise<void> {
  const page = await browser.newPage();
  try {
    await page.goto(
      `${process.env.STACKDECK_E2E_BASE_URL}/?token=${encodeURIComponent(process.env.STACKDECK_E2E_TOKEN ?? '')}`,
    );
    await deleteProfile(page, name);
  } finally {
    await page.close();
    await cleanup(r, prefix);
  }
}
