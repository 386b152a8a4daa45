import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from './fixtures';
import { CHURN_DIR, modelsPython } from '../support/models-venv';

/**
 * "Require an API key" in Chromium: generate the churn service with the box
 * ticked, deploy it with no key typed (core generates one) and "keep running
 * after quit" ticked, reveal the key on the deployment card; the oracle is the service itself: 401 without the key,
 * 200 with the revealed one.
 */

const stamp = Date.now().toString(36);
const name = `churn-key-${stamp}`;
let dir: string;
let python: string;

test.beforeAll(() => {
  test.setTimeout(300_000);
  python = modelsPython();
  dir = mkdtempSync(join(tmpdir(), 'stackdeck-e2e-apikey-'));
  // A seed of its own: trust is per SHA-256 in the worker's shared app, and models.spec.ts expects its model untrusted.
  execFileSync(python, [
    join(CHURN_DIR, 'train.py'),
    '--out',
    join(dir, 'model.pkl'),
    '--seed',
    String(3000 + (Date.now() % 100_000)),
  ]);
});

test.afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

const predict = (url: string, headers: Record<string, string>) =>
  fetch(`${url}/predict`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ tenure: 1, monthly_charges: 70, total_charges: 70 }),
  });

test('a service that requires an API key: generated key, revealed on the card, 401 without it', async ({
  page,
  app,
}) => {
  test.setTimeout(240_000);
  await app.open();
  await page.getByRole('group', { name: 'Tools' }).getByRole('button', { name: 'Models' }).click();
  const screen = page.getByTestId('models-screen');
  await screen.getByLabel('Model file path').fill(join(dir, 'model.pkl'));
  await screen.getByRole('button', { name: 'Open' }).click();
  await screen.getByRole('button', { name: 'Trust this file' }).click();
  await screen.getByLabel('Python interpreter').fill(python);
  await screen.getByRole('button', { name: 'Inspect' }).click();
  await expect(screen.getByTestId('inspect-report')).toContainText('predict_proba yes', { timeout: 90_000 });
  await screen.getByLabel('Service name').fill(name);
  await screen.getByLabel('Output field').fill('Churn Prediction');
  await screen.getByLabel(/Require an API key/).check();
  await screen.getByRole('button', { name: 'Generate service' }).click();
  await expect(screen.getByTestId('file-content')).toContainText('REQUIRE_API_KEY = True');

  await expect(screen.getByLabel('API key', { exact: true })).toHaveValue('');
  await screen.getByLabel('Keep running after Stackdeck quits').check();
  await screen.getByRole('button', { name: 'Deploy locally' }).click();
  const smoke = screen.getByTestId('smoke');
  await expect(smoke).toContainText('Smoke test passed: 200', { timeout: 90_000 });
  const url = (await smoke.locator('code').textContent()) ?? '';

  const card = screen.getByTestId(`deployment-${name}`);
  await expect(card.getByTestId('deployment-status')).toHaveText('running');
  await expect(card.getByTestId('deployment-kept')).toHaveText('keeps running after quit');
  await expect(card.getByTestId('api-key-value')).toHaveCount(0);
  await card.getByTestId('api-key').getByRole('button', { name: 'Reveal' }).click();
  const key = (await card.getByTestId('api-key-value').textContent()) ?? '';
  expect(key).toMatch(/^[A-Za-z0-9_-]{32}$/);
  expect((await predict(url, {})).status).toBe(401);
  expect((await predict(url, { 'x-api-key': key })).status).toBe(200);
  // The generated files shown in the wizard never hold the key.
  await expect(screen.getByTestId('file-content')).not.toContainText(key);
  await card.getByRole('button', { name: 'Hide' }).click();
  await expect(card.getByTestId('api-key-value')).toHaveCount(0);

  await card.getByRole('button', { name: 'Stop' }).click();
  await expect(card.getByTestId('deployment-status')).toHaveText('stopped', { timeout: 30_000 });
});
