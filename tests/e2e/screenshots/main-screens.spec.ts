import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Locator, Page } from '@playwright/test';
import { expect, test } from '../fixtures';

/**
 * `npm run screenshots`: PNGs of the main screens in artifacts/ (git-ignored),
 * so anyone can look at the UI without running it. Uses the real local stack.
 */

const out = join(process.cwd(), 'artifacts');
mkdirSync(out, { recursive: true });

test.use({ colorScheme: 'light' });

async function shot(page: Page, name: string): Promise<void> {
  // Let transitions and toasts settle; hide the caret so shots are stable.
  await page.addStyleTag({ content: '*, *::before, *::after { caret-color: transparent !important; }' });
  await page.waitForTimeout(250);
  await page.screenshot({ path: join(out, `${name}.png`) });
}

/** Calls a contract method over the page's own WebSocket (setup only). */
async function rpc(page: Page, name: string, input: unknown): Promise<{ value?: unknown }> {
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

const row = (page: Page, name: string): Locator =>
  page.locator(`[data-testid="sidebar-connection"][data-name="${name}"]`);

test('main screens', async ({ page, app }) => {
  test.setTimeout(120_000);
  await app.open();
  // Start from a first run, whatever ran before on this server.
  const list = (await rpc(page, 'connections.profiles.list', {})).value as { profiles: Array<{ id: string }> };
  for (const p of list.profiles) await rpc(page, 'connections.profiles.delete', { id: p.id });
  await page.reload();

  // 1. First run.
  await expect(page.getByTestId('first-run')).toBeVisible();
  await shot(page, '01-first-run');

  // 2. Five local connections, connected, plus a production one.
  await page.getByRole('button', { name: 'Add all five' }).click();
  await expect(page.getByTestId('sidebar-connection')).toHaveCount(5);
  await page.getByTestId('sidebar').getByRole('button', { name: 'New connection' }).first().click();
  const dialog = page.getByTestId('connection-dialog');
  await dialog.getByRole('radiogroup', { name: 'Connection type' }).getByText('Redis', { exact: true }).click();
  await dialog.getByLabel('Name', { exact: true }).fill('Payments cache');
  await dialog.getByLabel('Group').fill('Production');
  await dialog.getByText('Production', { exact: true }).click();
  await dialog.getByTitle('red', { exact: true }).click();
  await dialog.getByRole('checkbox', { name: /Read-only/ }).check();
  await dialog.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(dialog).toBeHidden();
  for (const name of ['Local Kafka', 'Local MongoDB', 'Local Cassandra', 'Local Neo4j', 'Local Redis']) {
    await row(page, name).hover();
    await row(page, name)
      .getByRole('button', { name: `Connect ${name}` })
      .click();
  }
  for (const name of ['Local Kafka', 'Local MongoDB', 'Local Cassandra', 'Local Neo4j', 'Local Redis']) {
    await expect(row(page, name)).toHaveAttribute('data-status', 'connected', { timeout: 30_000 });
  }
  await row(page, 'Local Kafka').locator('.tree-chevron').click();
  await page.getByRole('tab', { name: /Overview/ }).click();
  await page.mouse.move(900, 860);
  await expect(page.getByTestId('toast')).toHaveCount(0, { timeout: 10_000 });
  await shot(page, '02-connections');

  // 3. The connection dialog with a passing probe, then a failing one.
  await row(page, 'Local Cassandra').click();
  await page.getByTestId('connection-page').getByRole('button', { name: 'Edit' }).click();
  await dialog.getByRole('button', { name: 'Test connection' }).click();
  await expect(dialog.getByTestId('probe-summary')).toContainText('Connection OK', { timeout: 30_000 });
  await shot(page, '03-dialog-probe-ok');
  await dialog.getByLabel('Contact points').fill('127.0.0.1:1');
  await dialog.getByRole('button', { name: 'Test connection' }).click();
  await expect(dialog.getByTestId('probe-summary')).toContainText('connection refused');
  await shot(page, '04-dialog-probe-failed');
  await page.keyboard.press('Escape');
  await page.getByTestId('confirm-dialog').getByRole('button', { name: 'Discard' }).click();
  await expect(dialog).toBeHidden();

  // 4. The command palette.
  await page.keyboard.press('Control+K');
  const palette = page.getByTestId('command-palette');
  await expect(palette).toBeVisible();
  await page.keyboard.type('con red');
  await shot(page, '05-command-palette');
  await page.keyboard.press('Escape');
  await expect(palette).toBeHidden();

  // 5. Dark theme, on a production connection (its colour runs along the top).
  await page.getByTestId('theme-toggle').click();
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  await row(page, 'Payments cache').click();
  await page.getByTestId('connection-page').getByRole('button', { name: 'Test' }).click();
  await expect(page.getByTestId('connection-page').getByTestId('probe-summary')).toContainText('Connection OK');
  await shot(page, '06-dark-prod-connection');
  await page.getByRole('tab', { name: /Overview/ }).click();
  await shot(page, '07-dark-overview');

  // 6. The delete confirmation for a production profile (type the name).
  await row(page, 'Payments cache').click();
  await page.getByTestId('connection-page').getByRole('button', { name: 'Delete' }).click();
  await expect(page.getByTestId('confirm-dialog')).toBeVisible();
  await shot(page, '08-dark-confirm-delete-prod');
  await page.keyboard.press('Escape');
  // Back to light for whoever runs next (the choice persists in localStorage).
  await page.getByTestId('theme-toggle').click();
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'light');

  // 7. Inline validation, SASL and the warned "skip verification" choice.
  await page.getByTestId('sidebar').getByRole('button', { name: 'New connection' }).first().click();
  await dialog.getByLabel('SASL mechanism').selectOption('scram-sha-512');
  await dialog.getByLabel('SASL username').fill('orders-svc');
  await dialog.getByText('Use TLS').click();
  await dialog.getByText('Skip certificate verification (insecure)').click();
  await dialog.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(dialog.getByText('Required.')).toBeVisible();
  await dialog.locator('.connection-form').evaluate((el) => el.scrollTo(0, el.scrollHeight));
  await shot(page, '09-dialog-sasl-tls-warning');
});
