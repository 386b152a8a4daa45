import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from './fixtures';
import { CHURN_DIR, modelsPython } from '../support/models-venv';

/**
 * "Export build context" in the wizard: the churn service exported as a zip
 * (its entries read back with Python's zipfile), the docker commands shown,
 * the "no container engine answers here" message, a second export to the same
 * file refused, and a SageMaker folder with its aws commands.
 */

const stamp = Date.now().toString(36);
let dir: string;
let python: string;

test.beforeAll(() => {
  test.setTimeout(900_000);
  python = modelsPython();
  dir = mkdtempSync(join(tmpdir(), 'stackdeck-e2e-export-'));
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

test('exports the churn service as a container build context and a SageMaker bundle', async ({ page, app }) => {
  test.setTimeout(240_000);
  const name = `churn-exp-${stamp}`;
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
  await screen.getByLabel('Label for class 1').fill('Yes');
  await screen.getByLabel('Label for class 0').fill('No');
  await screen.getByRole('button', { name: 'Generate service' }).click();
  await expect(screen.getByTestId('file-content')).toContainText('@app.post("/predict"');

  const panel = screen.getByRole('group', { name: 'Export build context' });
  await expect(panel.getByTestId('engine-status')).toContainText('No container engine answers here');
  // Nothing to build with: Build & run is not offered.
  await expect(panel.getByRole('button', { name: 'Build & run' })).toHaveCount(0);
  const zip = join(dir, 'ctx.zip');
  await panel.getByLabel('Export to').fill(zip);
  await panel.getByRole('button', { name: 'Export build context' }).click();
  await expect(panel.getByTestId('export-commands')).toContainText(`docker build -t ${name} .`);
  await expect(panel.getByTestId('export-commands')).toContainText(`docker run --rm -p 8000:8000 ${name}`);
  const names = execFileSync(
    python,
    ['-c', 'import sys, zipfile; print("\\n".join(zipfile.ZipFile(sys.argv[1]).namelist()))', zip],
    {
      encoding: 'utf8',
    },
  )
    .trim()
    .split('\n')
    .sort();
  expect(names).toEqual(
    [
      '.dockerignore',
      'Dockerfile',
      'README.md',
      'app.py',
      'example.json',
      'gunicorn.conf.py',
      'model.pkl',
      'requirements.txt',
      'schema.json',
    ].sort(),
  );
  const dockerfile = execFileSync(
    python,
    ['-c', 'import sys, zipfile; print(zipfile.ZipFile(sys.argv[1]).read("Dockerfile").decode())', zip],
    {
      encoding: 'utf8',
    },
  );
  expect(dockerfile).toContain('ARG BASE=python:3.11-slim');

  // The same file again: refused, nothing overwritten.
  await panel.getByRole('button', { name: 'Export build context' }).click();
  await expect(panel.getByTestId('error-banner')).toContainText('already exists');

  await panel.getByLabel('Target').selectOption('sagemaker');
  await panel.getByLabel('As').selectOption('folder');
  await panel.getByLabel('Export to').fill(join(dir, 'sagemaker'));
  await panel.getByRole('button', { name: 'Export build context' }).click();
  await expect(panel.getByTestId('export-result')).toContainText('model/model.pkl');
  await expect(panel.getByTestId('export-commands')).toContainText(`aws sagemaker create-model --model-name ${name}`);
  await expect(panel.getByTestId('error-banner')).toHaveCount(0);
});
