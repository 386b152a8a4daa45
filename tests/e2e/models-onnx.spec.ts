import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from './fixtures';
import { CHURN_DIR, modelsPython } from '../support/models-venv';

/**
 * The ONNX variant in the wizard (its parity check and the sizes of both
 * dependency sets shown, app.py serving model.onnx), then the Lambda zip from
 * the export panel: the size check against Lambda's limits, the SAM commands,
 * and the zip itself read back with Python's zipfile.
 */

const stamp = Date.now().toString(36);
let dir: string;
let python: string;

test.beforeAll(() => {
  test.setTimeout(900_000);
  python = modelsPython();
  dir = mkdtempSync(join(tmpdir(), 'stackdeck-e2e-onnx-'));
  // A seed of its own: trust is per SHA-256 in the worker's shared app.
  execFileSync(python, [
    join(CHURN_DIR, 'train.py'),
    '--out',
    join(dir, 'model.pkl'),
    '--seed',
    String(5000 + (Date.now() % 100_000)),
  ]);
});

test.afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

const zipNames = (zip: string): string[] =>
  execFileSync(python, ['-c', 'import sys, zipfile; print("\\n".join(zipfile.ZipFile(sys.argv[1]).namelist()))', zip], {
    encoding: 'utf8',
  })
    .trim()
    .split('\n');

test('generates the ONNX variant with its parity check and exports it as a Lambda zip', async ({ page, app }) => {
  test.setTimeout(420_000);
  const name = `churn-onnx-${stamp}`;
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
  await screen.getByRole('group', { name: 'Variant' }).getByLabel('ONNX').check();
  await screen.getByRole('button', { name: 'Generate service' }).click();

  const parity = screen.getByTestId('onnx-parity');
  await expect(parity).toContainText('Parity on 25 rows', { timeout: 120_000 });
  await expect(parity).toContainText('labels agree');
  await expect(parity).toContainText('max probability difference');
  await expect(parity.getByTestId('size-sklearn')).toContainText(/\d+\.\d MB \(\d+ packages\)/);
  await expect(parity.getByTestId('size-onnx')).toContainText(/\d+\.\d MB \(\d+ packages\)/);
  const sizeOf = async (id: string) => Number((await parity.getByTestId(id).textContent())!.split(' ')[0]);
  expect(await sizeOf('size-onnx')).toBeLessThan(await sizeOf('size-sklearn'));
  await expect(screen.getByTestId('file-content')).toContainText('ort.InferenceSession');
  await screen.getByRole('tab', { name: /requirements\.txt/ }).click();
  await expect(screen.getByTestId('file-content')).toContainText('onnxruntime==1.31.1');
  await expect(screen.getByTestId('file-content')).not.toContainText('scikit-learn');

  const panel = screen.getByRole('group', { name: 'Export build context' });
  await panel.getByLabel('Target').selectOption('lambda');
  await expect(panel.getByLabel('As')).toBeDisabled();
  await panel.getByLabel('Dependencies for').selectOption('3.12');
  const zip = join(dir, 'lambda.zip');
  await panel.getByLabel('Export to').fill(zip);
  await panel.getByRole('button', { name: 'Export build context' }).click();
  const check = panel.getByTestId('lambda-size-check');
  await expect(check).toContainText('Unzipped', { timeout: 300_000 });
  await expect(check.getByRole('row', { name: /^Unzipped/ })).toContainText('250.0 MB');
  await expect(check.getByRole('row', { name: /^Unzipped/ })).toContainText('fits');
  await expect(check.getByRole('row', { name: /^Zipped/ })).toContainText('50.0 MB');
  await expect(check.getByRole('row', { name: /scikit-learn stack/ })).toBeVisible();
  await expect(check).toContainText("Dependencies for Lambda's python3.12");
  await expect(panel.getByTestId('export-commands')).toContainText('sam build');
  await expect(panel.getByTestId('export-commands')).toContainText('sam deploy --guided');
  await expect(panel.getByTestId('error-banner')).toHaveCount(0);
  const names = zipNames(zip);
  for (const f of ['handler.py', 'app.py', 'model.onnx', 'template.yaml', 'schema.json']) expect(names).toContain(f);
  expect(names.some((n) => n.startsWith('onnxruntime/'))).toBe(true);
  expect(names.some((n) => n.startsWith('sklearn/'))).toBe(false);
});
