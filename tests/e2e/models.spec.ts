import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from './fixtures';
import { CHURN_DIR, modelsPython } from '../support/models-venv';

/**
 * The model deployment wizard in Chromium with the churn model: open the
 * file (hash, imports), trust it, inspect it with the test venv's Python,
 * name the labels, generate, see app.py, deploy locally (smoke test), then see
 * the deployment's totals move under requests, a load test, drift flagged,
 * feedback marking it "needs retraining", and stop it. A malicious pickle
 * shows its os.system import flagged and cannot be inspected before trust. A
 * skops file of allow-listed types needs no trust decision and deploys.
 */

test.describe.configure({ mode: 'serial' });

const stamp = Date.now().toString(36);
let dir: string;
let python: string;

test.beforeAll(() => {
  test.setTimeout(900_000);
  python = modelsPython();
  dir = mkdtempSync(join(tmpdir(), 'stackdeck-e2e-models-'));
  execFileSync(python, [join(CHURN_DIR, 'train.py'), '--out', join(dir, 'model.pkl')]);
  // The same model written by skops (its own writer, in the test venv).
  execFileSync(python, [
    '-c',
    'import pickle, sys, skops.io as sio\nsio.dump(pickle.load(open(sys.argv[1], "rb")), sys.argv[2])',
    join(dir, 'model.pkl'),
    join(dir, 'churn.skops'),
  ]);
  execFileSync('python3', [
    '-c',
    'import os, pickle, sys\nclass E:\n    def __reduce__(self):\n        return (os.system, ("touch " + sys.argv[2],))\npickle.dump(E(), open(sys.argv[1], "wb"))',
    join(dir, 'evil.pkl'),
    join(dir, 'pwned'),
  ]);
});

test.afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

test('walks the wizard with the churn model to a deployed, monitored service', async ({ page, app }) => {
  test.setTimeout(240_000);
  await app.open();
  await page.getByRole('group', { name: 'Tools' }).getByRole('button', { name: 'Models' }).click();
  const screen = page.getByTestId('models-screen');
  await screen.getByLabel('Model file path').fill(join(dir, 'model.pkl'));
  await screen.getByRole('button', { name: 'Open' }).click();
  await expect(screen.getByTestId('artifact-facts')).toContainText('pickle');
  await expect(screen.getByTestId('artifact-facts')).toContainText('scikit-learn 1.9.1');
  await expect(screen.getByTestId('imports')).toContainText('sklearn.linear_model._logistic.LogisticRegression');
  await expect(screen.getByTestId('trust-state')).toContainText('0 flagged');
  await screen.getByRole('button', { name: 'Trust this file' }).click();
  await expect(screen.getByTestId('trust-state')).toHaveText('Trusted (this SHA-256 only).');
  // Nothing has failed so far: no step shows an error banner.
  await expect(screen.getByTestId('error-banner')).toHaveCount(0);

  await screen.getByLabel('Python interpreter').fill(python);
  await screen.getByRole('button', { name: 'Inspect' }).click();
  const report = screen.getByTestId('inspect-report');
  await expect(report).toContainText('sklearn.linear_model._logistic.LogisticRegression', { timeout: 90_000 });
  await expect(report).toContainText('tenure, monthly_charges, total_charges');
  await expect(report).toContainText('predict_proba yes');

  await screen.getByLabel('Service name').fill(`churn-e2e-${stamp}`);
  await screen.getByLabel('Output field').fill('Churn Prediction');
  await screen.getByLabel('Label for class 1').fill('Yes');
  await screen.getByLabel('Label for class 0').fill('No');
  await screen.getByLabel('Example tenure').fill('1');
  await screen.getByLabel('Example monthly_charges').fill('70.5');
  await screen.getByLabel('Example total_charges').fill('70.5');
  await screen.getByRole('button', { name: 'Generate service' }).click();
  await expect(screen.getByTestId('file-content')).toContainText('@app.post("/predict"');
  await screen.getByRole('tab', { name: 'Dockerfile' }).click();
  await expect(screen.getByTestId('file-content')).toContainText('HEALTHCHECK');

  await screen.getByRole('button', { name: 'Deploy locally' }).click();
  const smoke = screen.getByTestId('smoke');
  await expect(smoke).toContainText('Smoke test passed: 200', { timeout: 90_000 });
  await expect(smoke).toContainText('"Churn Prediction": "Yes"');
  const url = (await smoke.locator('code').textContent()) ?? '';
  expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);

  const card = screen.getByTestId(`deployment-churn-e2e-${stamp}`);
  await expect(card.getByTestId('deployment-status')).toHaveText('running');
  await expect(screen.getByTestId('error-banner')).toHaveCount(0);
  await expect(card.getByTestId('deployment-totals')).toContainText('1 requests, 0 errors', { timeout: 30_000 });
  for (let i = 0; i < 20; i++)
    await fetch(`${url}/predict`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(i % 5 === 0 ? { tenure: 1 } : { tenure: i, monthly_charges: 50, total_charges: 50 * i }),
    });
  await expect(card.getByTestId('deployment-totals')).toContainText('21 requests, 4 errors', { timeout: 30_000 });
  await expect(card.getByRole('figure', { name: 'Latency (ms)' })).toBeVisible();
  // The service's JSON log, streamed by core.
  await card.getByText(/^Log \(/).click();
  await expect(card.getByTestId('deployment-log')).toContainText('"status": 422');

  // A load test from the UI: its figures, and the live charts' totals moving by exactly that many requests.
  await card.getByText('Load test', { exact: true }).click();
  await card.getByLabel('Load test requests').fill('300');
  await card.getByLabel('Load test concurrency').fill('4');
  await card.getByRole('button', { name: 'Run load test' }).click();
  const stats = card.getByTestId('loadtest-stats');
  await expect(stats).toHaveAttribute('data-done', 'true', { timeout: 60_000 });
  await expect(stats).toContainText('Done: 300 of 300 requests');
  await expect(stats).toContainText('0 errors');
  await expect(stats).toContainText('status 200×300');
  await expect(card.getByTestId('deployment-totals')).toContainText('321 requests, 4 errors', { timeout: 30_000 });
  // The stored hour: the same totals, and the time before the deployment existed shown as a gap.
  await screen.getByLabel('Chart range').selectOption('1h');
  await expect(card.getByTestId('chart-gaps')).toContainText(/\d+ periods? without scrapes/);
  await expect(card.getByTestId('deployment-totals')).toContainText('321 requests, 4 errors');
  await expect(card.getByRole('figure', { name: 'Latency (ms)' })).toBeVisible();
  await screen.getByLabel('Chart range').selectOption('live');
  await expect(card.getByTestId('chart-gaps')).toHaveCount(0);
  // A long one, cancelled: it stops, and says so.
  await card.getByLabel('Load test requests').fill('1000000');
  await card.getByRole('button', { name: 'Run load test' }).click();
  await expect(stats).toContainText('Running', { timeout: 10_000 });
  await card.getByRole('button', { name: 'Cancel' }).click();
  await expect(stats).toHaveAttribute('data-cancelled', 'true');
  await expect(card.getByRole('button', { name: 'Run load test' })).toBeVisible();

  // Drift: a reference of the training population, then shifted inputs (new, expensive customers) flagged.
  const reference = ['tenure,monthly_charges,total_charges'];
  const shifted = ['tenure,monthly_charges,total_charges'];
  for (let i = 0; i < 400; i++) {
    const t = 1 + ((i * 37) % 72);
    const m = 20 + ((i * 53) % 100);
    reference.push(`${t},${m},${t * m}`);
    shifted.push(`${1 + (i % 2)},${150 + (i % 40)},${(1 + (i % 2)) * (150 + (i % 40))}`);
  }
  writeFileSync(join(dir, 'reference.csv'), `${reference.join('\n')}\n`);
  writeFileSync(join(dir, 'shifted.csv'), `${shifted.join('\n')}\n`);
  const drift = card.getByTestId('drift-panel');
  await drift.locator('summary').click();
  await drift.getByLabel('Drift reference CSV path').fill(join(dir, 'reference.csv'));
  await drift.getByLabel('Drift window seconds').fill('30');
  await drift.getByRole('button', { name: 'Set reference' }).click();
  await expect(drift).toContainText('(400 rows)');
  // The live window starts at core's first scrape after the reference (every 5 s in web mode): inputs sent
  // before it are not in any window, and a 600-row run can finish within those 5 s.
  await page.waitForTimeout(6_000);
  await card.getByLabel('Load test requests').fill('600');
  await card.getByLabel('Load test CSV path').fill(join(dir, 'shifted.csv'));
  await card.getByRole('button', { name: 'Run load test' }).click();
  await expect(drift.locator('tr[data-feature="tenure"]')).toHaveAttribute('data-status', 'significant', {
    timeout: 90_000,
  });
  await expect(drift.locator('summary')).toContainText('drifted');
  await expect(drift.getByRole('figure', { name: 'PSI over time' })).toBeVisible();

  // Feedback: the true labels of 20 predictions, 12 confirmed and 8 contradicted (60%), under the 85% default.
  const accuracy = card.getByTestId('accuracy-panel');
  await expect(accuracy.getByTestId('accuracy-summary')).toContainText('No feedback yet');
  for (let i = 0; i < 20; i++) {
    const res = await fetch(`${url}/predict`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ tenure: 1 + i, monthly_charges: 90, total_charges: 90 * (1 + i) }),
    });
    const predicted = String(((await res.json()) as Record<string, unknown>)['Churn Prediction']);
    const truth = i < 12 ? predicted : predicted === 'Yes' ? 'No' : 'Yes';
    const given = await fetch(`${url}/feedback`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ request_id: res.headers.get('x-request-id'), label: truth }),
    });
    expect(given.status).toBe(200);
  }
  await expect(accuracy.locator('summary')).toContainText('60.0% of 20', { timeout: 30_000 });
  await expect(accuracy.getByTestId('needs-retraining')).toBeVisible();
  await expect(accuracy.getByRole('figure', { name: 'Rolling accuracy' })).toBeVisible();
  await expect(accuracy.getByTestId('accuracy-summary')).toContainText('12 correct and 8 incorrect');
  // A threshold under the accuracy clears the mark.
  await accuracy.getByLabel('Accuracy threshold percent').fill('50');
  await expect(accuracy.getByTestId('needs-retraining')).toHaveCount(0);

  await card.getByRole('button', { name: 'Stop' }).click();
  await expect(card.getByTestId('deployment-status')).toHaveText('stopped', { timeout: 30_000 });
});

test('a malicious pickle shows os.system flagged and is not inspected before trust', async ({ page, app }) => {
  await app.open();
  await page.getByRole('group', { name: 'Tools' }).getByRole('button', { name: 'Models' }).click();
  const screen = page.getByTestId('models-screen');
  await screen.getByLabel('Model file path').fill(join(dir, 'evil.pkl'));
  await screen.getByRole('button', { name: 'Open' }).click();
  const flagged = screen.getByTestId('imports').locator('tr[data-verdict="flagged"]');
  await expect(flagged).toHaveCount(1);
  await expect(flagged).toContainText('posix.system');
  await expect(screen.getByTestId('trust-state')).toContainText('1 flagged');
  await expect(screen.getByRole('button', { name: 'Inspect' })).toHaveCount(0);
});

test('a skops file of allow-listed types needs no trust decision: inspected, generated, deployed', async ({
  page,
  app,
}) => {
  test.setTimeout(240_000);
  await app.open();
  await page.getByRole('group', { name: 'Tools' }).getByRole('button', { name: 'Models' }).click();
  const screen = page.getByTestId('models-screen');
  await screen.getByLabel('Model file path').fill(join(dir, 'churn.skops'));
  await screen.getByRole('button', { name: 'Open' }).click();
  await expect(screen.getByTestId('artifact-facts')).toContainText('skops');
  await expect(screen.getByTestId('artifact-facts')).toContainText('scikit-learn 1.9.1');
  await expect(screen.getByTestId('imports')).toContainText('sklearn.linear_model._logistic.LogisticRegression');
  await expect(screen.getByTestId('trust-state')).toContainText('no trust decision is needed');
  await expect(screen.getByRole('button', { name: 'Trust this file' })).toHaveCount(0);

  await screen.getByLabel('Python interpreter').fill(python);
  await screen.getByRole('button', { name: 'Inspect' }).click();
  await expect(screen.getByTestId('inspect-report')).toContainText('predict_proba yes', { timeout: 90_000 });
  await screen.getByLabel('Service name').fill(`churn-skops-${stamp}`);
  await screen.getByLabel('Output field').fill('Churn Prediction');
  await screen.getByLabel('Label for class 1').fill('Yes');
  await screen.getByLabel('Label for class 0').fill('No');
  await screen.getByRole('button', { name: 'Generate service' }).click();
  await screen.getByRole('tab', { name: 'requirements.txt' }).click();
  await expect(screen.getByTestId('file-content')).toContainText('skops==0.16.0');

  await screen.getByRole('button', { name: 'Deploy locally' }).click();
  await expect(screen.getByTestId('smoke')).toContainText('Smoke test passed: 200', { timeout: 90_000 });
  const card = screen.getByTestId(`deployment-churn-skops-${stamp}`);
  await expect(card.getByTestId('deployment-status')).toHaveText('running');
  await expect(screen.getByTestId('error-banner')).toHaveCount(0);
  await card.getByRole('button', { name: 'Stop' }).click();
  await expect(card.getByTestId('deployment-status')).toHaveText('stopped', { timeout: 30_000 });
});
