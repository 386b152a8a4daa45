import { addKafkaConnection } from './helpers/connections';
import { expect, test } from './fixtures';

/**
 * The shell's parts that the desktop app relies on, driven in web mode:
 * the open tabs come back after a reload (the next start, on the desktop),
 * tabs of a profile deleted meanwhile do not, and the "core restarted"
 * banner (the preload's event on the desktop) shows and can be dismissed.
 */

const stamp = `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 6)}`;

test('open tabs are restored on the next start, without tabs of deleted profiles', async ({ page, app }) => {
  await app.open();
  const name = `e2e restore ${stamp}`;
  const row = await addKafkaConnection(page, name);
  await row.dblclick();
  const tabs = page.getByTestId('work-tabs');
  await expect(tabs.getByRole('tab', { name: /Overview/ })).toBeVisible();
  await expect(tabs.getByRole('tab', { name: new RegExp(name) })).toHaveAttribute('aria-selected', 'true');

  await page.reload();
  await expect(page.getByTestId('app-shell')).toBeVisible();
  await expect(tabs.getByRole('tab', { name: new RegExp(name) })).toHaveAttribute('aria-selected', 'true');
  await expect(page.getByTestId('connection-page').getByRole('heading', { name })).toBeVisible();

  // Deleted (here through the UI) while the tab is open: after the next start it is gone.
  await page.getByTestId('connection-page').getByRole('button', { name: 'Delete' }).click();
  await page.getByTestId('confirm-dialog').getByRole('button', { name: 'Delete connection' }).click();
  await expect(tabs.getByRole('tab', { name: new RegExp(name) })).toHaveCount(0);
  await page.reload();
  await expect(page.getByTestId('app-shell')).toBeVisible();
  await expect(tabs.getByRole('tab')).toHaveCount(1);
  await expect(tabs.getByRole('tab', { name: /Overview/ })).toBeVisible();
});

test('a core restart shows a banner that says what happened, until dismissed', async ({ page, app }) => {
  await app.open();
  await expect(page.getByTestId('core-restarted')).toHaveCount(0);
  // What the desktop preload dispatches when main reports that core's process was restarted.
  await page.evaluate(() => window.dispatchEvent(new Event('stackdeck:core-restarted')));
  const banner = page.getByTestId('core-restarted');
  await expect(banner).toContainText("Stackdeck's core stopped unexpectedly and was restarted.");
  await expect(banner).toContainText('connections reopen when you use them');
  await banner.getByRole('button', { name: 'Dismiss' }).click();
  await expect(banner).toHaveCount(0);
});
