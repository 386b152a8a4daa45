import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import type { Redis } from 'ioredis';
import { fileURLToPath } from 'node:url';
import { expect, test } from './fixtures';
import { openKeys, seedClient, removeProfileAndKeys } from './helpers/redis';

/**
 * Redis through the SSH tunnel, as a person sets it up: a Redis profile with
 * the bastion of the stack (127.0.0.1:2222, started by `npm test` /
 * `stack:up -- --secure`), the private key pasted in, the host key shown on
 * first use and trusted, the test passing with its SSH stage, then the saved
 * connection browsing keys through the tunnel.
 */

test.describe.configure({ mode: 'serial' });

// The e2e project does not compile tests/stack; these mirror tests/stack/servers/sshd.ts.
const sshd = fileURLToPath(new URL('../../.stack/sshd', import.meta.url));
const SSH_USER = 'sdtunnel';
const userKey = (): string => readFileSync(`${sshd}/user_ed25519`, 'utf8');
/** The oracle for the fingerprint the UI shows: OpenSSH's own ssh-keygen. */
const hostFingerprint = (): string => {
  const out = execFileSync('ssh-keygen', ['-l', '-E', 'sha256', '-f', `${sshd}/host_ed25519_bastion.pub`], {
    encoding: 'utf8',
  });
  return /(SHA256:\S+)/.exec(out)?.[1] ?? '';
};

const stamp = `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 6)}`;
const p = `e2e-ssh-${stamp}`;
const connectionName = `e2e redis via ssh ${stamp}`;
let redis: Redis;

test.beforeAll(async () => {
  redis = await seedClient();
  await redis.set(`${p}:greeting`, 'hello through ssh');
  await redis.set(`${p}:other`, 'second');
});

test.afterAll(({ browser }) => removeProfileAndKeys(browser, connectionName, redis, p));

test('Redis through an SSH tunnel: trust the host key, test, save, browse keys', async ({ page, app }) => {
  test.setTimeout(90_000);
  await app.open();
  await page.getByTestId('sidebar').getByRole('button', { name: 'New connection' }).first().click();
  const dialog = page.getByTestId('connection-dialog');
  await dialog.getByRole('radiogroup', { name: 'Connection type' }).getByText('Redis', { exact: true }).click();
  await dialog.getByLabel('Name', { exact: true }).fill(connectionName);
  await dialog.getByLabel('Host', { exact: true }).fill('127.0.0.1');
  await dialog.getByLabel('Port', { exact: true }).fill('6379');

  const ssh = dialog.getByTestId('ssh-section');
  await ssh.getByRole('checkbox', { name: 'Connect through an SSH tunnel' }).check();
  await ssh.getByLabel('SSH host', { exact: true }).fill('127.0.0.1');
  await ssh.getByLabel('SSH port', { exact: true }).fill('2222');
  await ssh.getByLabel('SSH user', { exact: true }).fill(SSH_USER);
  await ssh.getByLabel('SSH private key', { exact: true }).fill(userKey());

  // First use: the host key is not trusted yet; the SSH stage fails and shows its fingerprint.
  await dialog.getByRole('button', { name: 'Test connection' }).click();
  const probe = dialog.getByTestId('probe-panel');
  const sshStage = probe.getByTestId('probe-stage-ssh');
  await expect(sshStage).toHaveAttribute('data-status', 'failed', { timeout: 15_000 });
  await expect(sshStage).toContainText('SSH_HOST_KEY_UNKNOWN');
  await expect(probe.getByTestId('probe-summary')).toContainText('Failed at SSH tunnel: host key not trusted yet');
  const fingerprint = hostFingerprint();
  await expect(probe.getByTestId('ssh-hostkey-fingerprint')).toHaveText(fingerprint);
  await dialog.screenshot({ path: 'artifacts/ssh-tunnel-hostkey.png' });
  for (const later of ['dns', 'tcp', 'auth', 'ping'])
    await expect(probe.getByTestId(`probe-stage-${later}`)).toHaveAttribute('data-status', 'skipped');

  // Trust it: the dialog remembers the key and tests again, now passing every stage.
  await probe.getByRole('button', { name: 'Trust this key and test again' }).click();
  await expect(probe.getByTestId('probe-summary')).toContainText('Connection OK', { timeout: 15_000 });
  await expect(sshStage).toHaveAttribute('data-status', 'ok');
  await expect(probe.getByTestId('probe-tunnelled-ssh')).toContainText('127.0.0.1:6379 → 127.0.0.1:');
  await expect(ssh.getByLabel('Trusted host key')).toHaveValue(fingerprint);
  await dialog.screenshot({ path: 'artifacts/ssh-tunnel-dialog.png' });
  // The key never shows up on the page outside its own field.
  const keyLine = userKey().split('\n')[1] ?? '';
  await expect(probe).not.toContainText(keyLine);

  await dialog.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(dialog).toBeHidden();
  const row = page.locator(`[data-testid="sidebar-connection"][data-name="${connectionName}"]`);
  await expect(row).toBeVisible();

  const keys = await openKeys(page, row, `${p}:*`);
  await expect(keys.getByTestId('redis-scan-status')).toContainText('2 keys found');
  const tree = keys.getByTestId('redis-key-tree');
  await tree.locator(`[data-testid="redis-folder"][data-path="${p}:"]`).click();
  await tree.locator(`[data-key="${p}:greeting"]`).click();
  await expect(keys.getByTestId('redis-key-editor').getByLabel('Value')).toHaveValue('hello through ssh');
  await page.screenshot({ path: 'artifacts/ssh-tunnel-redis.png' });
});
