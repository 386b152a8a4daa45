import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Locator, Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { fileURLToPath } from 'node:url';

/**
 * Secure connections, as a person sets one up: a Kafka SCRAM-over-TLS profile
 * with the CA pasted into the dialog, tested stage by stage against the secure
 * twin (`kafka-secure`, started by `npm test` / `stack:up -- --secure`); then
 * the wrong CA, and "skip verification" with its warning. Nothing is saved.
 */

// The e2e project does not compile tests/stack; these mirror tests/stack/servers/kafka-secure.ts and tests/stack/pki.ts.
const SECURE_KAFKA_PORTS = { sasl: 9194, expired: 9196 } as const;
const SECURE_KAFKA_USERS = { scram512: { username: 'sd-scram512', password: 'sd-kafka-scram512-Pw-c47d22' } } as const;
const pki = fileURLToPath(new URL('../../.stack/pki', import.meta.url));
const pem = (name: string): string => readFileSync(join(pki, name), 'utf8');
const stage = (scope: Locator, name: string): Locator => scope.getByTestId(`probe-stage-${name}`);

async function kafkaScramDialog(page: Page): Promise<Locator> {
  await page.getByTestId('sidebar').getByRole('button', { name: 'New connection' }).first().click();
  const dialog = page.getByTestId('connection-dialog');
  await expect(dialog).toBeVisible();
  await dialog.getByRole('radiogroup', { name: 'Connection type' }).getByText('Kafka', { exact: true }).click();
  await dialog.getByLabel('Name', { exact: true }).fill(`e2e secure Kafka ${Date.now().toString(36)}`);
  await dialog.getByLabel('Bootstrap brokers').fill(`127.0.0.1:${SECURE_KAFKA_PORTS.sasl}`);
  await dialog.getByLabel('SASL mechanism').selectOption('scram-sha-512');
  await dialog.getByLabel('SASL username').fill(SECURE_KAFKA_USERS.scram512.username);
  await dialog.getByLabel('Password').fill(SECURE_KAFKA_USERS.scram512.password);
  await dialog.getByRole('checkbox', { name: 'Use TLS' }).check();
  return dialog;
}

test('Kafka SCRAM-SHA-512 over TLS: the pasted CA passes every stage; the wrong CA fails at TLS with its reason', async ({
  page,
  app,
}) => {
  await app.open();
  const dialog = await kafkaScramDialog(page);
  const ca = dialog.getByLabel('CA certificate (PEM)');
  await ca.fill(pem('ca.crt'));
  await dialog.getByRole('button', { name: 'Test connection' }).click();
  const probe = dialog.getByTestId('probe-panel');
  await expect(probe.getByTestId('probe-summary')).toContainText('Connection OK', { timeout: 30_000 });
  await expect(stage(probe, 'tls')).toHaveAttribute('data-status', 'ok');
  await expect(stage(probe, 'tls')).toContainText('issued by CN=Stackdeck Test CA');
  await expect(stage(probe, 'auth')).toHaveAttribute('data-status', 'ok');
  await expect(stage(probe, 'auth')).toContainText('SASL SCRAM-SHA-512');
  await expect(stage(probe, 'ping')).toHaveAttribute('data-status', 'ok');

  // Break the CA: a certificate authority that did not sign the broker's certificate.
  await ca.fill(pem('other-ca.crt'));
  await dialog.getByRole('button', { name: 'Test connection' }).click();
  await expect(stage(probe, 'tls')).toHaveAttribute('data-status', 'failed', { timeout: 10_000 });
  await expect(probe.getByTestId('probe-summary')).toContainText('Failed at TLS handshake: unknown CA');
  await expect(stage(probe, 'tls')).toContainText("paste the CA that signed the server's certificate");
  await expect(stage(probe, 'tls')).toContainText('What to do');
  for (const later of ['auth', 'ping']) await expect(stage(probe, later)).toHaveAttribute('data-status', 'skipped');
  // The password never shows up on the page.
  await expect(page.locator('body')).not.toContainText(SECURE_KAFKA_USERS.scram512.password);
});

test('skip verification passes against an expired certificate and says it is insecure', async ({ page, app }) => {
  await app.open();
  const dialog = await kafkaScramDialog(page);
  await dialog.getByLabel('Bootstrap brokers').fill(`127.0.0.1:${SECURE_KAFKA_PORTS.expired}`);
  await dialog.getByLabel('SASL mechanism').selectOption('none');
  await dialog.getByRole('checkbox', { name: 'Skip certificate verification (insecure)' }).check();
  await dialog.getByRole('button', { name: 'Test connection' }).click();
  const probe = dialog.getByTestId('probe-panel');
  await expect(probe.getByTestId('probe-summary')).toContainText('Connection OK', { timeout: 30_000 });
  await expect(probe).toContainText('not trusted (CERT_HAS_EXPIRED)');
  await expect(probe).toContainText('Certificate verification is off');
});
