import { Redis } from 'ioredis';
import { expect, test } from './fixtures';
import { cleanup, deleteProfile } from './helpers/redis';

/**
 * A Redis Cluster connection in the key browser, against the local stack's
 * three masters (127.0.0.1:7001-7003): added through the dialog with only
 * 7001 as seed and "Redis Cluster" ticked, the keys of all three masters are
 * found by one scan, counted against the sum of their DBSIZE, with no
 * database selector; a key living on another master opens and saves there.
 */

test.describe.configure({ mode: 'serial' });

const PORTS = [7001, 7002, 7003];
const stamp = `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 6)}`;
const p = `e2e-rdc-${stamp}`;
const connectionName = `e2e redis cluster ${stamp}`;
const nodes = new Map<number, Redis>();
/** A key on each master: the node that accepts the SET owns its slot (the others answer MOVED). */
const onNode = new Map<number, string>();

test.beforeAll(async () => {
  for (const port of PORTS) {
    const r = new Redis({
      host: '127.0.0.1',
      port,
      lazyConnect: true,
      maxRetriesPerRequest: 0,
      retryStrategy: () => null,
    });
    await r.connect();
    nodes.set(port, r);
  }
  for (let i = 0; onNode.size < PORTS.length && i < 1000; i++) {
    const key = `${p}:k:${i}`;
    for (const port of PORTS) {
      const ok = await nodes
        .get(port)!
        .set(key, `on ${port}`)
        .then(() => true)
        .catch(() => false);
      if (!ok) continue;
      if (onNode.has(port)) await nodes.get(port)!.del(key);
      else onNode.set(port, key);
    }
  }
  expect([...onNode.keys()].sort()).toEqual(PORTS);
});

test.afterAll(async ({ browser }) => {
  const page = await browser.newPage();
  try {
    await page.goto(
      `${process.env.STACKDECK_E2E_BASE_URL}/?token=${encodeURIComponent(process.env.STACKDECK_E2E_TOKEN ?? '')}`,
    );
    await deleteProfile(page, connectionName);
  } finally {
    await page.close();
    for (const r of nodes.values()) await cleanup(r, p);
  }
});

test('browse the keys of every master of a cluster', async ({ page, app }) => {
  test.setTimeout(90_000);
  await app.open();
  await page.getByTestId('sidebar').getByRole('button', { name: 'New connection' }).first().click();
  const dialog = page.getByTestId('connection-dialog');
  await dialog.getByRole('radiogroup', { name: 'Connection type' }).getByText('Redis', { exact: true }).click();
  await dialog.getByLabel('Name', { exact: true }).fill(connectionName);
  await dialog.getByLabel('Host', { exact: true }).fill('127.0.0.1');
  await dialog.getByLabel('Port', { exact: true }).fill('7001');
  await dialog.getByLabel(/Redis Cluster/).check();
  await expect(dialog.getByLabel('Database', { exact: true })).toBeHidden();
  await dialog.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(dialog).toBeHidden();
  const row = page.locator(`[data-testid="sidebar-connection"][data-name="${connectionName}"]`);
  await row.dblclick();
  await page.getByTestId('sidebar-tree').getByRole('treeitem', { name: 'Keys', exact: true }).click();

  const keys = page.getByTestId('redis-keys');
  await expect(keys.getByTestId('redis-cluster-badge')).toBeVisible();
  await expect(keys.getByLabel('Database')).toHaveCount(0);
  await keys.getByLabel('Key pattern').fill(`${p}:*`);
  await keys.getByRole('button', { name: 'Scan', exact: true }).click();
  const status = keys.getByTestId('redis-scan-status');
  await expect(status).toContainText('scan complete');
  await expect(status).toContainText('3 keys found');
  await expect(status).toContainText('on all masters');

  const tree = keys.getByTestId('redis-key-tree');
  await tree.locator(`[data-testid="redis-folder"][data-path="${p}:"]`).click();
  await tree.locator(`[data-testid="redis-folder"][data-path="${p}:k:"]`).click();
  const editor = keys.getByTestId('redis-key-editor');
  for (const [port, key] of onNode) {
    await tree.locator(`[data-key="${key}"]`).click();
    await expect(editor.getByLabel('Value')).toHaveValue(`on ${port}`);
  }
  // Saved through the cluster client, to the master that owns the key.
  const [port, key] = [...onNode].at(-1)!;
  await editor.getByLabel('Value').fill(`edited on ${port}`);
  await editor.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(editor.getByRole('button', { name: 'Save', exact: true })).toBeHidden();
  expect(await nodes.get(port)!.get(key)).toBe(`edited on ${port}`);
  await page.screenshot({ path: 'artifacts/redis-cluster-keys.png' });
});
