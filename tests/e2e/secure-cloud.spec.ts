import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Locator, Page } from '@playwright/test';
import cassandraDriver from 'cassandra-driver';
import { startAstraEmulator } from '../support/astra-emulator';
import { writeZip } from '../support/zip-writer';
import { expect, test } from './fixtures';
import { rpc } from './rpc';

/**
 * Secure connections beyond Kafka, as a person sets them up: a Neo4j Bolt+TLS
 * profile with the CA pasted passes every stage against the secure twin
 * (`neo4j-secure`, started by `npm test` / `stack:up -- --secure`); a profile
 * saved with "skip verification" carries the insecure marker in the sidebar
 * and in its connection header; a cloud preset fills in its options and says
 * which secrets it needs.
 */

// The e2e project does not compile tests/stack; these mirror tests/stack/servers/neo4j-secure.ts.
const SECURE_CASSANDRA = { port: 9142, username: 'sd_admin', password: 'sd-cassandra-Pw-3b8f05' } as const;
const SECURE_NEO4J = { tls: 7771, expired: 7773, username: 'neo4j', password: 'sd-neo4j-Pw-7c2e91' } as const;
const PREFIX = 'e2e secure-cloud';
const pki = fileURLToPath(new URL('../../.stack/pki', import.meta.url));
const pem = (name: string): string => readFileSync(join(pki, name), 'utf8');
const stage = (scope: Locator, name: string): Locator => scope.getByTestId(`probe-stage-${name}`);

async function newDialog(page: Page, card: string, name: string): Promise<Locator> {
  await page.getByTestId('sidebar').getByRole('button', { name: 'New connection' }).first().click();
  const dialog = page.getByTestId('connection-dialog');
  await expect(dialog).toBeVisible();
  await dialog.getByRole('radiogroup', { name: 'Connection type' }).getByText(card, { exact: true }).click();
  await dialog.getByLabel('Name', { exact: true }).fill(name);
  return dialog;
}

async function neo4jTlsDialog(page: Page, name: string, port: number): Promise<Locator> {
  const dialog = await newDialog(page, 'Neo4j', name);
  await dialog.getByLabel('URI', { exact: true }).fill(`bolt://127.0.0.1:${port}`);
  await dialog.getByLabel('Username').fill(SECURE_NEO4J.username);
  await dialog.getByLabel('Password').fill(SECURE_NEO4J.password);
  await dialog.getByRole('checkbox', { name: 'Use TLS' }).check();
  return dialog;
}

test.afterAll(async ({ browser }) => {
  const page = await browser.newPage();
  try {
    await page.goto(
      `${process.env.STACKDECK_E2E_BASE_URL}/?token=${encodeURIComponent(process.env.STACKDECK_E2E_TOKEN ?? '')}`,
    );
    const reply = (await rpc(page, 'connections.profiles.list', {})) as {
      value?: { profiles: Array<{ id: string; name: string }> };
    };
    for (const p of reply.value?.profiles ?? []) {
      if (p.name.startsWith(PREFIX)) await rpc(page, 'connections.profiles.delete', { id: p.id });
    }
  } finally {
    await page.close();
  }
});

test('Neo4j over Bolt+TLS with the CA pasted: every stage passes', async ({ page, app }) => {
  await app.open();
  const dialog = await neo4jTlsDialog(page, `${PREFIX} Neo4j TLS ${Date.now().toString(36)}`, SECURE_NEO4J.tls);
  await dialog.getByLabel('CA certificate (PEM)').fill(pem('ca.crt'));
  await dialog.getByRole('button', { name: 'Test connection' }).click();
  const probe = dialog.getByTestId('probe-panel');
  await expect(probe.getByTestId('probe-summary')).toContainText('Connection OK', { timeout: 30_000 });
  await expect(stage(probe, 'tls')).toHaveAttribute('data-status', 'ok');
  await expect(stage(probe, 'tls')).toContainText('issued by CN=Stackdeck Test CA');
  await expect(stage(probe, 'auth')).toHaveAttribute('data-status', 'ok');
  await expect(stage(probe, 'ping')).toHaveAttribute('data-status', 'ok');
  await expect(page.locator('body')).not.toContainText(SECURE_NEO4J.password);
});

test('a profile saved with skip verification is marked insecure in the sidebar and its header', async ({
  page,
  app,
}) => {
  await app.open();
  const name = `${PREFIX} Neo4j insecure ${Date.now().toString(36)}`;
  const dialog = await neo4jTlsDialog(page, name, SECURE_NEO4J.expired);
  await dialog.getByRole('checkbox', { name: 'Skip certificate verification (insecure)' }).check();
  await dialog.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(dialog).toBeHidden();

  const row = page.locator(`[data-testid="sidebar-connection"][data-name="${name}"]`);
  await expect(row).toBeVisible();
  await expect(row.getByTestId('insecure-marker')).toBeVisible();
  await expect(row).toHaveAttribute('aria-label', /insecure: certificate verification off/);
  const header = page.getByTestId('connection-page').locator('.page-head');
  await expect(header.getByTestId('insecure-marker')).toContainText('Insecure: verification off');

  // It still connects (the server's certificate expired in 2020): insecure, not broken.
  await page.getByTestId('connection-page').getByRole('button', { name: 'Connect', exact: true }).click();
  await expect(row).toHaveAttribute('data-status', 'connected', { timeout: 30_000 });
  await expect(row.getByTestId('insecure-marker')).toBeVisible();
});

test('a verified profile carries no insecure marker', async ({ page, app }) => {
  await app.open();
  const name = `${PREFIX} Neo4j verified ${Date.now().toString(36)}`;
  const dialog = await neo4jTlsDialog(page, name, SECURE_NEO4J.tls);
  await dialog.getByLabel('CA certificate (PEM)').fill(pem('ca.crt'));
  await dialog.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(dialog).toBeHidden();
  const row = page.locator(`[data-testid="sidebar-connection"][data-name="${name}"]`);
  await expect(row).toBeVisible();
  await expect(row.getByTestId('insecure-marker')).toHaveCount(0);
  await expect(page.getByTestId('connection-page').getByTestId('insecure-marker')).toHaveCount(0);
});

test('the Confluent Cloud preset fills SASL PLAIN over TLS and names the secret it needs', async ({ page, app }) => {
  await app.open();
  const dialog = await newDialog(page, 'Redis', `${PREFIX} preset`);
  await dialog.getByLabel('Cloud preset').selectOption({ label: 'Confluent Cloud' });
  // The preset switched the kind and filled the options; the name typed before stays.
  await expect(
    dialog.getByRole('radiogroup', { name: 'Connection type' }).getByRole('radio', { name: 'Kafka' }),
  ).toBeChecked();
  await expect(dialog.getByLabel('Name', { exact: true })).toHaveValue(`${PREFIX} preset`);
  await expect(dialog.getByLabel('SASL mechanism')).toHaveValue('plain');
  await expect(dialog.getByRole('checkbox', { name: 'Use TLS' })).toBeChecked();
  await expect(dialog.getByRole('checkbox', { name: 'Skip certificate verification (insecure)' })).not.toBeChecked();
  const notes = dialog.getByTestId('preset-notes');
  await expect(notes).toContainText('Secrets needed: API secret (the password)');
  await expect(notes).toContainText('Bootstrap server');

  // Another preset: Aura is Neo4j with TLS on and the user neo4j.
  await dialog.getByLabel('Cloud preset').selectOption({ label: 'Neo4j Aura' });
  await expect(dialog.getByLabel('Username')).toHaveValue('neo4j');
  await expect(dialog.getByRole('checkbox', { name: 'Use TLS' })).toBeChecked();
  await expect(dialog.getByTestId('preset-notes')).toContainText('The instance password');

  // Amazon MSK (IAM): Kafka with the aws-msk-iam mechanism, a region to type and no secret field.
  await dialog.getByLabel('Cloud preset').selectOption({ label: 'Amazon MSK (IAM)' });
  await expect(dialog.getByLabel('SASL mechanism')).toHaveValue('aws-msk-iam');
  await expect(dialog.getByLabel('AWS region')).toBeVisible();
  await expect(dialog.getByLabel('AWS profile')).toBeVisible();
  await expect(dialog.getByLabel('SASL username')).toHaveCount(0);
  await expect(dialog.getByTestId('preset-notes')).toContainText('AWS credentials from ~/.aws');
  await dialog.getByRole('button', { name: 'Cancel', exact: true }).click();
});

test('a Cassandra secure connect bundle fills mutual TLS, and the probe passes against the secure node', async ({
  page,
  app,
}) => {
  await app.open();
  const dialog = await newDialog(page, 'Cassandra', `${PREFIX} bundle ${Date.now().toString(36)}`);
  const zip = writeZip(
    [
      ['config.json', JSON.stringify({ host: '127.0.0.1', cql_port: SECURE_CASSANDRA.port, localDC: 'datacenter1' })],
      ['ca.crt', pem('ca.crt')],
      ['cert', pem('client.crt')],
      ['key', pem('client.key')],
    ].map(([name = '', data = '']) => ({ name, data, deflate: true })),
  );
  // Typed before the import: a bundle carries no credentials, so the import keeps it.
  await dialog.getByLabel('Username').fill(SECURE_CASSANDRA.username);
  await dialog
    .getByLabel('Secure connect bundle')
    .setInputFiles({ name: 'secure-connect-e2e.zip', mimeType: 'application/zip', buffer: zip });
  await expect(dialog.getByTestId('bundle-filled')).toBeVisible();
  await expect(dialog.getByLabel('Contact points')).toHaveValue(`127.0.0.1:${SECURE_CASSANDRA.port}`);
  await expect(dialog.getByRole('checkbox', { name: 'Use TLS' })).toBeChecked();
  await expect(dialog.getByLabel('CA certificate (PEM)')).toHaveValue(pem('ca.crt'));
  await expect(dialog.getByLabel('Username')).toHaveValue(SECURE_CASSANDRA.username);
  await dialog.getByLabel('Password').fill(SECURE_CASSANDRA.password);
  await dialog.getByRole('button', { name: 'Test connection' }).click();
  const probe = dialog.getByTestId('probe-panel');
  await expect(probe.getByTestId('probe-summary')).toContainText('Connection OK', { timeout: 30_000 });
  await expect(stage(probe, 'tls')).toContainText('issued by CN=Stackdeck Test CA');
  // The key sits in its secret field as if pasted (the user's own file), marked to be stored on save.
  await expect(dialog.getByLabel('Client key (PEM)')).toHaveValue(pem('client.key'));
  await expect(dialog.getByText('Client key (PEM)').locator('..')).toContainText('will be set');

  // A zip that is not a bundle: a clear refusal, the form keeps what it had.
  await dialog
    .getByLabel('Secure connect bundle')
    .setInputFiles({ name: 'x.zip', mimeType: 'application/zip', buffer: writeZip([{ name: 'readme', data: 'hi' }]) });
  await expect(dialog.getByTestId('bundle-import')).toContainText('no config.json');
  await expect(dialog.getByLabel('Contact points')).toHaveValue(`127.0.0.1:${SECURE_CASSANDRA.port}`);
  await dialog.getByRole('button', { name: 'Cancel', exact: true }).click();
});

test('Kafka OAUTHBEARER: a token from a client-credentials endpoint passes every stage; a wrong secret fails at auth', async ({
  page,
  app,
}) => {
  // The token endpoint is this test's own (unsigned JWTs, what kafka-secure's OAUTH listener on 9200 validates).
  const client = { id: 'sd-oauth-e2e', secret: 'sd-oauth-e2e-Pw-77b1c3' };
  const b64url = (o: unknown): string => Buffer.from(JSON.stringify(o)).toString('base64url');
  const server = createServer((req, res) => {
    let text = '';
    req.on('data', (c: Buffer) => (text += c.toString('utf8')));
    req.on('end', () => {
      res.setHeader('content-type', 'application/json');
      const basic = `Basic ${Buffer.from(`${client.id}:${client.secret}`).toString('base64')}`;
      if (req.headers.authorization !== basic) {
        res.statusCode = 401;
        res.end(JSON.stringify({ error: 'invalid_client' }));
        return;
      }
      const now = Math.floor(Date.now() / 1000);
      const scope = new URLSearchParams(text).get('scope') ?? '';
      res.end(
        JSON.stringify({
          access_token: `${b64url({ alg: 'none' })}.${b64url({ sub: client.id, iat: now, exp: now + 600, scope })}.`,
          expires_in: 600,
        }),
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  try {
    const endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}/token`;
    await app.open();
    const dialog = await newDialog(page, 'Kafka', `${PREFIX} oauth ${Date.now().toString(36)}`);
    await dialog.getByLabel('Bootstrap brokers').fill('127.0.0.1:9200');
    await dialog.getByLabel('SASL mechanism').selectOption('oauthbearer');
    await dialog.getByLabel('Token endpoint').fill(endpoint);
    await dialog.getByLabel('OAuth client ID').fill(client.id);
    await dialog.getByLabel('OAuth client secret').fill(client.secret);
    await dialog.getByLabel('Scope').fill('stackdeck.kafka');
    await dialog.getByRole('checkbox', { name: 'Use TLS' }).check();
    await dialog.getByLabel('CA certificate (PEM)').fill(pem('ca.crt'));
    await dialog.getByRole('button', { name: 'Test connection' }).click();
    const probe = dialog.getByTestId('probe-panel');
    await expect(probe.getByTestId('probe-summary')).toContainText('Connection OK', { timeout: 30_000 });
    await expect(stage(probe, 'auth')).toContainText('SASL OAUTHBEARER');

    await dialog.getByLabel('OAuth client secret').fill('not-the-oauth-secret');
    await dialog.getByRole('button', { name: 'Test connection' }).click();
    await expect(stage(probe, 'auth')).toHaveAttribute('data-status', 'failed', { timeout: 15_000 });
    await expect(stage(probe, 'auth')).toContainText('refused the client id or secret');
    await dialog.getByRole('button', { name: 'Cancel', exact: true }).click();
  } finally {
    await new Promise((resolve) => server.close(resolve));
  }
});

test('DataStax Astra: the preset, an Astra bundle, and the probe passes through the metadata service and SNI proxy', async ({
  page,
  app,
}) => {
  // Astra's routing emulated in front of the real secure node (tests/support/astra-emulator.ts).
  const direct = new cassandraDriver.Client({
    contactPoints: [`127.0.0.1:${SECURE_CASSANDRA.port}`],
    localDataCenter: 'datacenter1',
    credentials: { username: SECURE_CASSANDRA.username, password: SECURE_CASSANDRA.password },
    sslOptions: { ca: pem('ca.crt'), servername: 'localhost' },
  });
  const hostId = String((await direct.execute('SELECT host_id FROM system.local')).first()?.get('host_id'));
  await direct.shutdown();
  const astra = await startAstraEmulator({
    node: { host: '127.0.0.1', port: SECURE_CASSANDRA.port },
    hostIds: [hostId],
    localDc: 'datacenter1',
    ca: pem('ca.crt'),
    cert: pem('server.crt'),
    key: pem('server.key'),
  });
  try {
    await app.open();
    const dialog = await newDialog(page, 'Cassandra', `${PREFIX} astra ${Date.now().toString(36)}`);
    await dialog.getByLabel('Cloud preset').selectOption({ label: 'DataStax Astra DB' });
    await expect(dialog.getByTestId('preset-notes')).toContainText('application token');
    await expect(dialog.getByLabel('Username')).toHaveValue('token');
    const [host, port] = astra.metadata.split(':');
    const config = { host, port: Number(port), cql_port: Number(astra.proxy.split(':')[1]), localDC: 'datacenter1' };
    const zip = writeZip(
      [
        ['config.json', JSON.stringify(config)],
        ['ca.crt', pem('ca.crt')],
        ['cert', pem('client.crt')],
        ['key', pem('client.key')],
      ].map(([name = '', data = '']) => ({ name, data, deflate: true })),
    );
    await dialog
      .getByLabel('Secure connect bundle')
      .setInputFiles({ name: 'secure-connect-astra.zip', mimeType: 'application/zip', buffer: zip });
    await expect(dialog.getByTestId('bundle-filled')).toBeVisible();
    await expect(dialog.getByLabel('Astra metadata service')).toHaveValue(astra.metadata);
    await expect(dialog.getByLabel('Username')).toHaveValue('token');
    // The local node has a password user where Astra would take the token.
    await dialog.getByLabel('Username').fill(SECURE_CASSANDRA.username);
    await dialog.getByLabel('Password').fill(SECURE_CASSANDRA.password);
    await dialog.getByRole('button', { name: 'Test connection' }).click();
    const probe = dialog.getByTestId('probe-panel');
    await expect(probe.getByTestId('probe-summary')).toContainText('Connection OK', { timeout: 30_000 });
    // The driver went the Astra way: the metadata service with the bundle's certificate, the node by host id.
    expect(astra.clientCerts).toContain('stackdeck-client');
    expect(astra.serverNames).toContain(hostId);
    await dialog.getByRole('button', { name: 'Cancel', exact: true }).click();
  } finally {
    await astra.close();
  }
});
