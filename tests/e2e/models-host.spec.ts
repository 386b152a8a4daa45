import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, test } from './fixtures';
import { rpc } from './helpers/redis';
import { CHURN_DIR, modelsPython } from '../support/models-venv';

/**
 * The remote host target in Chromium: the churn model through the wizard to
 * "Remote host over SSH" on the stack's bastion (127.0.0.1:2222; its user's
 * shell runs on this machine), with the key of a saved connection (vault).
 * First contact shows the host key to trust (nothing uploaded), then the
 * steps run, the deployment shows in Deployments with its charts (read from
 * /metrics through SSH), a second version, a rollback, the log, the nginx
 * site, stop. Then the same host through the stack's jump host (2223): each
 * hop's key asked for on its own, deployed, running, stopped. Last, the
 * service generated with an API key: refused without it, Reveal on the card.
 *
 * The host's venvs are shared by deployments with the same requirements
 * (stackdeck/.venvs), so the one the integration tests made is reused here.
 */

test.describe.configure({ mode: 'serial' });

// The e2e project does not compile tests/stack; these mirror tests/stack/servers/sshd.ts.
const sshd = fileURLToPath(new URL('../../.stack/sshd', import.meta.url));
const SSH_USER = 'sdtunnel';
const keyFile = `${sshd}/user_ed25519`;
const hostFingerprint = (role: 'bastion' | 'jump' = 'bastion'): string => {
  const out = execFileSync('ssh-keygen', ['-l', '-E', 'sha256', '-f', `${sshd}/host_ed25519_${role}.pub`], {
    encoding: 'utf8',
  });
  return /(SHA256:\S+)/.exec(out)?.[1] ?? '';
};
/** A command on the "host" with OpenSSH itself (the oracle, not the code under test). */
const onHost = (command: string): string =>
  execFileSync(
    'ssh',
    [
      ...['-i', keyFile, '-p', '2222', '-o', 'BatchMode=yes', '-o', 'IdentitiesOnly=yes'],
      ...['-o', `UserKnownHostsFile=/dev/null`, '-o', 'StrictHostKeyChecking=no', '-o', 'LogLevel=ERROR'],
      `${SSH_USER}@127.0.0.1`,
      command,
    ],
    { encoding: 'utf8', timeout: 30_000 },
  );

const stamp = Date.now().toString(36);
const deployment = 'e2e-churn-host';
const jumpDeployment = 'e2e-churn-jump';
const keyDeployment = 'e2e-churn-key';
const keyName = `e2e bastion key ${stamp}`;
let dir: string;
let python: string;
let remotePort: number;

const freePort = () =>
  new Promise<number>((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
const cleanHost = () => {
  for (const d of [deployment, jumpDeployment, keyDeployment])
    onHost(
      `cd && if [ -f stackdeck/${d}/run/service.pid ]; then kill -TERM "$(cat stackdeck/${d}/run/service.pid)" 2>/dev/null; sleep 1; fi; ` +
        `rm -rf stackdeck/${d}`,
    );
};

test.beforeAll(async () => {
  test.setTimeout(900_000);
  python = modelsPython();
  dir = mkdtempSync(join(tmpdir(), 'stackdeck-e2e-models-host-'));
  // A seed of its own: trust is per SHA-256 in the worker's shared app, and models.spec.ts expects its model untrusted.
  execFileSync(python, [
    join(CHURN_DIR, 'train.py'),
    '--out',
    join(dir, 'model.pkl'),
    '--seed',
    String(4000 + (Date.now() % 100_000)),
  ]);
  remotePort = await freePort();
  cleanHost();
});

test.afterAll(async ({ browser }) => {
  try {
    cleanHost();
  } catch {
    // the host may be gone; nothing to clean then
  }
  const page = await browser.newPage();
  try {
    await page.goto(
      `${process.env.STACKDECK_E2E_BASE_URL}/?token=${encodeURIComponent(process.env.STACKDECK_E2E_TOKEN ?? '')}`,
    );
    const list = (await rpc(page, 'connections.profiles.list', {})).value as
      { profiles: Array<{ id: string; name: string }> } | undefined;
    for (const p of list?.profiles ?? [])
      if (p.name === keyName) await rpc(page, 'connections.profiles.delete', { id: p.id });
  } finally {
    await page.close();
  }
  rmSync(dir, { recursive: true, force: true });
});

test('deploys the churn model to a remote host over SSH, watches it, rolls back', async ({ page, app }) => {
  test.setTimeout(720_000);
  await app.open();
  // Setup, not under test here (the SSH section of the connection dialog has its own spec): a saved
  // connection holding the bastion key in the vault, which the host form offers as its key.
  const created = await rpc(page, 'connections.profiles.create', {
    draft: {
      kind: 'redis',
      name: keyName,
      host: '127.0.0.1',
      port: 6379,
      ssh: {
        enabled: true,
        host: '127.0.0.1',
        port: 2222,
        username: SSH_USER,
        auth: 'key',
        privateKey: { action: 'set', value: readFileSync(keyFile, 'utf8') },
        hostKey: hostFingerprint(),
      },
    },
  });
  expect(created.value).toBeTruthy();

  await page.getByRole('group', { name: 'Tools' }).getByRole('button', { name: 'Models' }).click();
  const screen = page.getByTestId('models-screen');
  await screen.getByLabel('Model file path').fill(join(dir, 'model.pkl'));
  await screen.getByRole('button', { name: 'Open' }).click();
  await screen.getByRole('button', { name: 'Trust this file' }).click();
  await expect(screen.getByTestId('trust-state')).toHaveText('Trusted (this SHA-256 only).');
  await screen.getByLabel('Python interpreter').fill(python);
  await screen.getByRole('button', { name: 'Inspect' }).click();
  await expect(screen.getByTestId('inspect-report')).toContainText('tenure, monthly_charges, total_charges', {
    timeout: 90_000,
  });
  await screen.getByLabel('Service name').fill(`churn-host-${stamp}`);
  await screen.getByLabel('Output field').fill('Churn Prediction');
  await screen.getByLabel('Label for class 1').fill('Yes');
  await screen.getByLabel('Label for class 0').fill('No');
  await screen.getByLabel('Example tenure').fill('1');
  await screen.getByLabel('Example monthly_charges').fill('70.5');
  await screen.getByLabel('Example total_charges').fill('70.5');
  await screen.getByRole('button', { name: 'Generate service' }).click();
  await expect(screen.getByTestId('file-content')).toContainText('@app.post("/predict"');

  // The target: a remote host over SSH.
  await screen.getByRole('radio', { name: 'Remote host over SSH' }).check();
  const form = screen.getByTestId('host-deploy');
  await form.getByLabel('Host address').fill('127.0.0.1');
  await form.getByLabel('SSH port').fill('2222');
  await form.getByLabel('SSH user').fill(SSH_USER);
  await form.getByLabel('SSH key').selectOption({ label: `SSH key of “${keyName}” (vault)` });
  await form.getByLabel('Remote port').fill(String(remotePort));
  await form.getByLabel('Deployment name').fill(deployment);
  await form.getByLabel('Version').fill('v1');
  await form.getByRole('button', { name: 'Deploy to host' }).click();

  // First contact: the fingerprint to trust (OpenSSH's own), and nothing on the host yet.
  const prompt = form.getByTestId('host-key-prompt');
  await expect(prompt.getByTestId('host-key-fingerprint')).toHaveText(hostFingerprint(), { timeout: 30_000 });
  expect(onHost(`cd && ls stackdeck/${deployment} 2>/dev/null || true`).trim()).toBe('');
  await prompt.getByRole('button', { name: 'Trust and deploy' }).click();

  const steps = form.getByTestId('host-steps');
  await expect(steps.locator('li[data-step="smoke"]')).toHaveAttribute('data-status', 'ok', { timeout: 240_000 });
  for (const id of ['python', 'disk', 'upload', 'venv', 'port', 'start', 'health'])
    await expect(steps.locator(`li[data-step="${id}"]`)).toHaveAttribute('data-status', 'ok');
  await expect(form.getByTestId('host-smoke')).toContainText('smoke test 200');
  await expect(form.getByTestId('host-smoke')).toContainText('"Churn Prediction": "Yes"');
  await expect(screen.getByTestId('error-banner')).toHaveCount(0);

  // In Deployments, with live charts from the host's /metrics.
  const card = screen.getByTestId(`host-deployment-${deployment}`);
  await expect(card.getByTestId('host-status')).toHaveText('running', { timeout: 30_000 });
  await expect(card.getByTestId('host-current')).toHaveText('v1');
  await expect(card.getByTestId('deployment-totals')).toContainText('1 requests, 0 errors', { timeout: 30_000 });
  for (let i = 0; i < 10; i++)
    await fetch(`http://127.0.0.1:${remotePort}/predict`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ tenure: i, monthly_charges: 50, total_charges: 50 * i }),
    });
  await expect(card.getByTestId('deployment-totals')).toContainText('11 requests, 0 errors', { timeout: 30_000 });
  await expect(card.getByRole('figure', { name: 'Latency (ms)' })).toBeVisible();
  await expect(card.getByRole('figure', { name: 'Requests/s' })).toBeVisible();

  // A second version: the host key is remembered now, the venv reused.
  await form.getByLabel('Version').fill('v2');
  await form.getByRole('button', { name: 'Deploy to host' }).click();
  // The step list shows v1's steps until v2's start: wait for v2's venv step, then its smoke test.
  await expect(steps.locator('li[data-step="venv"]')).toContainText('reused', { timeout: 120_000 });
  await expect(steps.locator('li[data-step="smoke"]')).toHaveAttribute('data-status', 'ok', { timeout: 120_000 });
  await expect(form.getByTestId('host-key-prompt')).toHaveCount(0);
  await expect(card.getByTestId('host-current')).toHaveText('v2', { timeout: 30_000 });
  await expect(card.getByTestId('host-versions')).toContainText('v1 (previous), v2 (current)');

  // Roll back.
  await card.getByRole('button', { name: 'Roll back to v1' }).click();
  await expect(card.getByTestId('host-op-note')).toHaveText('Running v1; smoke test passed.', { timeout: 120_000 });
  await expect(card.getByTestId('host-current')).toHaveText('v1', { timeout: 30_000 });
  expect(onHost(`cd && readlink stackdeck/${deployment}/current`).trim()).toBe('v1');

  // The log and the nginx site.
  await card.getByText(/^Logs on the host/).click();
  await expect(card.getByTestId('host-log')).toContainText('starting v1', { timeout: 30_000 });
  await card.getByText('nginx site', { exact: true }).click();
  await card.getByRole('button', { name: 'Show site file' }).click();
  await expect(card.getByTestId('nginx-site')).toContainText(`proxy_pass http://127.0.0.1:${remotePort};`);
  await expect(card.getByTestId('nginx-commands')).toContainText('sudo nginx -t');
  await page.screenshot({ path: 'artifacts/models-host.png', fullPage: true });

  await card.getByRole('button', { name: 'Stop' }).click();
  await expect(card.getByTestId('host-status')).toHaveText('stopped', { timeout: 30_000 });

  // Through a jump host: the same sshd as the host, now reached from the stack's jump host (2223).
  await form.getByLabel('Through a jump host').check();
  await form.getByLabel('Jump host address').fill('127.0.0.1');
  await form.getByLabel('Jump host SSH port').fill('2223');
  await form.getByLabel('Jump host SSH user').fill(SSH_USER);
  await form.getByLabel('Jump host SSH key').selectOption({ label: `SSH key of “${keyName}” (vault)` });
  await form.getByLabel('Deployment name').fill(jumpDeployment);
  await form.getByLabel('Version').fill('v1');
  await form.getByRole('button', { name: 'Deploy to host' }).click();
  // Each hop's key is trusted on its own: the jump host's first, then the host's as seen from it.
  await expect(prompt).toContainText('The jump host is not trusted yet', { timeout: 30_000 });
  await expect(prompt.getByTestId('host-key-fingerprint')).toHaveText(hostFingerprint('jump'));
  await prompt.getByRole('button', { name: 'Trust and deploy' }).click();
  await expect(prompt).toContainText('This host is not trusted yet', { timeout: 30_000 });
  await expect(prompt.getByTestId('host-key-fingerprint')).toHaveText(hostFingerprint());
  await prompt.getByRole('button', { name: 'Trust and deploy' }).click();
  await expect(steps.locator('li[data-step="smoke"]')).toHaveAttribute('data-status', 'ok', { timeout: 240_000 });
  const viaJump = screen.getByTestId(`host-deployment-${jumpDeployment}`);
  await expect(viaJump.getByTestId('host-status')).toHaveText('running', { timeout: 30_000 });
  await expect(viaJump).toContainText(`on ${SSH_USER}@127.0.0.1:2222 via ${SSH_USER}@127.0.0.1:2223`);
  await page.screenshot({ path: 'artifacts/models-host-jump.png', fullPage: true });
  await viaJump.getByRole('button', { name: 'Stop' }).click();
  await expect(viaJump.getByTestId('host-status')).toHaveText('stopped', { timeout: 30_000 });

  // A service generated with "Require an API key": the host runs with the service's key, revealed on its card.
  await form.getByLabel('Through a jump host').uncheck();
  await screen.getByLabel(/Require an API key/).check();
  await screen.getByRole('button', { name: 'Generate service' }).click();
  await expect(screen.getByTestId('file-content')).toContainText('REQUIRE_API_KEY = True');
  // One host form after a regeneration (the host and export panels once shared a React key and piled up).
  await expect(screen.getByTestId('host-deploy')).toHaveCount(1);
  await form.getByLabel('Deployment name').fill(keyDeployment);
  await form.getByLabel('Version').fill('v1');
  await form.getByRole('button', { name: 'Deploy to host' }).click();
  await expect(steps.locator('li[data-step="smoke"]')).toHaveAttribute('data-status', 'ok', { timeout: 240_000 });
  await expect(steps.locator('li[data-step="start"]')).toContainText('API key in run/api-key (0600)');
  const keyed = screen.getByTestId(`host-deployment-${keyDeployment}`);
  await expect(keyed.getByTestId('host-status')).toHaveText('running', { timeout: 30_000 });
  const predict = (headers: Record<string, string> = {}) =>
    fetch(`http://127.0.0.1:${remotePort}/predict`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify({ tenure: 1, monthly_charges: 70, total_charges: 70 }),
    });
  expect((await predict()).status).toBe(401);
  await expect(keyed.getByTestId('api-key-value')).toHaveCount(0);
  await keyed.getByTestId('api-key').getByRole('button', { name: 'Reveal' }).click();
  const key = (await keyed.getByTestId('api-key-value').textContent()) ?? '';
  expect(key.length).toBeGreaterThanOrEqual(8);
  expect(onHost(`cd && cat stackdeck/${keyDeployment}/run/api-key`)).toBe(key);
  expect((await predict({ 'x-api-key': key })).status).toBe(200);
  // The charts read /metrics with the key: the smoke test, the refused call and this one.
  await expect(keyed.getByTestId('deployment-totals')).toContainText('3 requests, 1 errors', { timeout: 30_000 });
  await keyed.screenshot({ path: 'artifacts/models-host-key.png' });
  await keyed.getByRole('button', { name: 'Stop' }).click();
  await expect(keyed.getByTestId('host-status')).toHaveText('stopped', { timeout: 30_000 });
});
