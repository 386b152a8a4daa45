import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { expect, test } from '../fixtures';
import { CHURN_DIR, modelsPython } from '../../support/models-venv';

/**
 * `npm run screenshots`: the model wizard's steps and the Deployments screen in
 * artifacts/, with the churn example trained into a temp folder and deployed
 * locally with the models venv's Python (stopped at the end).
 */

const out = join(process.cwd(), 'artifacts');
mkdirSync(out, { recursive: true });
test.use({ colorScheme: 'light' });

async function shot(page: Page, name: string): Promise<void> {
  await page.addStyleTag({ content: '*, *::before, *::after { caret-color: transparent !important; }' });
  await page.waitForTimeout(250);
  await page.screenshot({ path: join(out, `${name}.png`) });
}

let dir: string;
let python: string;

test.beforeAll(() => {
  test.setTimeout(900_000);
  python = modelsPython();
  dir = mkdtempSync(join(tmpdir(), 'stackdeck-shots-models-'));
  execFileSync(python, [join(CHURN_DIR, 'train.py'), '--out', join(dir, 'model.pkl')]);
});

test.afterAll(() => rmSync(dir, { recursive: true, force: true }));

test('model wizard and deployments screens', async ({ page, app }) => {
  test.setTimeout(240_000);
  await app.open();
  await page.getByRole('group', { name: 'Tools' }).getByRole('button', { name: 'Models' }).click();
  const screen = page.getByTestId('models-screen');
  await shot(page, '40-models-empty');

  await screen.getByLabel('Model file path').fill(join(dir, 'model.pkl'));
  await screen.getByRole('button', { name: 'Open' }).click();
  await expect(screen.getByTestId('trust-state')).toContainText('0 flagged');
  await shot(page, '41-models-opened');

  await screen.getByRole('button', { name: 'Trust this file' }).click();
  await screen.getByLabel('Python interpreter').fill(python);
  await screen.getByRole('button', { name: 'Inspect' }).click();
  await expect(screen.getByTestId('inspect-report')).toContainText('predict_proba yes', { timeout: 90_000 });
  await shot(page, '42-models-inspected');

  const name = `churn-shots-${Date.now().toString(36)}`;
  await screen.getByLabel('Service name').fill(name);
  await screen.getByLabel('Output field').fill('Churn Prediction');
  await screen.getByLabel('Label for class 1').fill('Yes');
  await screen.getByLabel('Label for class 0').fill('No');
  await screen.getByLabel('Example tenure').fill('1');
  await screen.getByLabel('Example monthly_charges').fill('70.5');
  await screen.getByLabel('Example total_charges').fill('70.5');
  await screen.getByRole('button', { name: 'Generate service' }).click();
  await expect(screen.getByTestId('file-content')).toContainText('@app.post("/predict"');
  await shot(page, '43-models-generated');

  await screen.getByRole('button', { name: 'Deploy locally' }).click();
  const smoke = screen.getByTestId('smoke');
  await expect(smoke).toContainText('Smoke test passed: 200', { timeout: 90_000 });
  const url = (await smoke.locator('code').textContent()) ?? '';
  for (let i = 0; i < 30; i++)
    await fetch(`${url}/predict`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(i % 6 === 0 ? { tenure: 1 } : { tenure: i, monthly_charges: 50, total_charges: 50 * i }),
    });
  const card = screen.getByTestId(`deployment-${name}`);
  await expect(card.getByTestId('deployment-totals')).toContainText('31 requests', { timeout: 30_000 });
  await card.getByText('Load test', { exact: true }).click();
  await card.getByLabel('Load test requests').fill('3000');
  await card.getByRole('button', { name: 'Run load test' }).click();
  await expect(card.getByTestId('loadtest-stats')).toHaveAttribute('data-done', 'true', { timeout: 120_000 });
  await page.waitForTimeout(3000); // two more scrapes, so the charts show the load
  await card.getByTestId('loadtest-stats').scrollIntoViewIfNeeded();
  await shot(page, '44-models-deployed');

  await card.getByRole('button', { name: 'Stop' }).click();
  await expect(card.getByTestId('deployment-status')).toHaveText('stopped', { timeout: 30_000 });
});
