import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Locator } from '@playwright/test';
import { expect, test } from './fixtures';
import { CHURN_DIR, modelsPython } from '../support/models-venv';

/**
 * Versions in Chromium: deploy the churn service, regenerate it with other
 * labels and deploy again (v2 takes the stable URL, v1 waits as the standby),
 * then roll back from the v2 card: the stable URL answers with v1's labels
 * again. The oracle is the stable URL's own answers.
 */

const stamp = Date.now().toString(36);
const name = `churn-ver-${stamp}`;
let dir: string;
let python: string;

test.beforeAll(() => {
  test.setTimeout(300_000);
  python = modelsPython();
  dir = mkdtempSync(join(tmpdir(), 'stackdeck-e2e-versions-'));
  // A seed of its own: trust is per SHA-256 in the worker's shared app, and models.spec.ts expects its model untrusted.
  execFileSync(python, [
    join(CHURN_DIR, 'train.py'),
    '--out',
    join(dir, 'model.pkl'),
    '--seed',
    String(2000 + (Date.now() % 100_000)),
  ]);
});

test.afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

async function answer(url: string): Promise<string> {
  const res = await fetch(`${url}/predict`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ tenure: 1, monthly_charges: 110, total_charges: 110 }),
  });
  return String(((await res.json()) as Record<string, unknown>)['Churn Prediction']);
}

async function generateAndDeploy(screen: Locator, yes: string, no: string): Promise<void> {
  await screen.getByLabel('Label for class 1').fill(yes);
  await screen.getByLabel('Label for class 0').fill(no);
  await screen.getByRole('button', { name: 'Generate service' }).click();
  await expect(screen.getByTestId('file-content')).toContainText(`"${yes}"`);
  await screen.getByRole('button', { name: 'Deploy locally' }).click();
  await expect(screen.getByTestId('smoke')).toContainText(`"Churn Prediction": "${yes}"`, { timeout: 90_000 });
}

test('deploy v2 beside v1, see the stable URL follow it, roll back to v1', async ({ page, app }) => {
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
  await screen.getByLabel('Example tenure').fill('1');
  await screen.getByLabel('Example monthly_charges').fill('110');
  await screen.getByLabel('Example total_charges').fill('110');

  await generateAndDeploy(screen, 'Yes', 'No');
  const cards = screen.getByTestId(`deployment-${name}`);
  await expect(cards).toHaveCount(1);
  await expect(cards.first().getByTestId('deployment-version')).toHaveText('v1 · active');
  const stable = (await cards.first().getByTestId('deployment-stable-url').textContent()) ?? '';
  expect(stable).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  expect(await answer(stable)).toBe('Yes');

  await generateAndDeploy(screen, 'Churn', 'Stay');
  await expect(cards).toHaveCount(2);
  const v1 = cards.nth(0);
  const v2 = cards.nth(1);
  await expect(v2.getByTestId('deployment-version')).toHaveText('v2 · active');
  await expect(v1.getByTestId('deployment-version')).toHaveText('v1 · standby');
  await expect(v2.getByTestId('deployment-stable-url')).toHaveText(stable);
  expect(await answer(stable)).toBe('Churn');

  await v2.getByRole('button', { name: 'Roll back to v1' }).click();
  await expect(v1.getByTestId('deployment-version')).toHaveText('v1 · active');
  await expect(v2.getByTestId('deployment-version')).toHaveText('v2 · standby');
  expect(await answer(stable)).toBe('Yes');
  // The standby has no rollback of its own; the active v1 can roll forward to v2.
  await expect(v2.getByRole('button', { name: /Roll back/ })).toHaveCount(0);
  await expect(v1.getByRole('button', { name: 'Roll back to v2' })).toBeVisible();

  for (const card of [v1, v2]) await card.getByRole('button', { name: 'Stop' }).click();
  await expect(v1.getByTestId('deployment-status')).toHaveText('stopped', { timeout: 30_000 });
  await expect(v2.getByTestId('deployment-status')).toHaveText('stopped', { timeout: 30_000 });
});
