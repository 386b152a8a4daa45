import type { Locator, Page } from '@playwright/test';
import Redis from 'ioredis';
import { expect, test } from './fixtures';
import { rpc } from './rpc';
import { KAFKA_BOOTSTRAP } from '../support/kafka-brokers';

/**
 * Connections, driven as a person would: open the dialog, pick a kind, type
 * where the server is, test it and read each stage, save, connect, delete.
 * Runs against the real local stack (`npm run stack:up`).
 */

test.describe.configure({ mode: 'serial' });

const PREFIX = 'e2e ';

interface KindCase {
  card: string;
  name: string;
  fill(dialog: Locator): Promise<void>;
}

const KINDS: KindCase[] = [
  {
    card: 'Kafka',
    name: `${PREFIX}Kafka`,
    fill: (d) => d.getByLabel('Bootstrap brokers').fill(KAFKA_BOOTSTRAP),
  },
  {
    card: 'MongoDB',
    name: `${PREFIX}MongoDB`,
    fill: (d) => d.getByRole('textbox', { name: 'Hosts', exact: true }).fill('127.0.0.1:27017'),
  },
  {
    card: 'Cassandra',
    name: `${PREFIX}Cassandra`,
    async fill(d) {
      await d.getByLabel('Contact points').fill('127.0.0.1:9042');
      await d.getByLabel('Local data center').fill('datacenter1');
    },
  },
  {
    card: 'Neo4j',
    name: `${PREFIX}Neo4j`,
    fill: (d) => d.getByLabel('URI', { exact: true }).fill('bolt://127.0.0.1:7687'),
  },
  {
    card: 'Redis',
    name: `${PREFIX}Redis`,
    async fill(d) {
      await d.getByLabel('Host', { exact: true }).fill('127.0.0.1');
      await d.getByLabel('Port').fill('6379');
    },
  },
];

/** Opens "New connection" from the sidebar and picks a kind. */
async function newConnection(page: Page, card: string, name: string): Promise<Locator> {
  await page.getByTestId('sidebar').getByRole('button', { name: 'New connection' }).first().click();
  const dialog = page.getByTestId('connection-dialog');
  await expect(dialog).toBeVisible();
  await dialog.getByRole('radiogroup', { name: 'Connection type' }).getByText(card, { exact: true }).click();
  await dialog.getByLabel('Name', { exact: true }).fill(name);
  return dialog;
}

const stage = (scope: Locator, name: string): Locator => scope.getByTestId(`probe-stage-${name}`);

function sidebarRow(page: Page, name: string): Locator {
  return page.locator(`[data-testid="sidebar-connection"][data-name="${name}"]`);
}

test.afterAll(async ({ browser }) => {
  // Leave the shared web-mode server as we found it: remove every profile this file created.
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

/** What the sidebar shows under a connected profile, for the kinds whose screens are built. */
const AREA_RESOURCES: Record<string, string[] | undefined> = {
  Kafka: [
    'Cluster',
    'Topics',
    'Consumer groups',
    'Messages',
    'Kafka Connect',
    'ACLs',
    'SCRAM users',
    'Quotas',
    'Schemas',
  ],
  MongoDB: ['Databases', 'Server'],
  Neo4j: ['Cypher', 'Schema', 'Server'],
  Redis: ['Keys', 'CLI', 'Pub/Sub', 'Memory', 'Server', 'Search'],
  Cassandra: ['Schema', 'CQL', 'Cluster', 'Ops views'],
};

for (const kind of KINDS) {
  test(`${kind.card}: create a profile, test every stage, save, connect`, async ({ page, app }) => {
    test.setTimeout(60_000);
    await app.open();
    const dialog = await newConnection(page, kind.card, kind.name);
    await kind.fill(dialog);

    await dialog.getByRole('button', { name: 'Test connection' }).click();
    const probe = dialog.getByTestId('probe-panel');
    await expect(probe.getByTestId('probe-summary')).toContainText('Connection OK', { timeout: 30_000 });
    // Every stage succeeded or was not needed (no DNS for an IP address, no TLS, no credentials on the local stack).
    for (const name of ['dns', 'tcp', 'tls', 'auth', 'ping']) {
      await expect(stage(probe, name)).toHaveAttribute('data-status', /^(ok|skipped)$/);
    }
    await expect(stage(probe, 'tcp')).toHaveAttribute('data-status', 'ok');
    await expect(stage(probe, 'ping')).toHaveAttribute('data-status', 'ok');
    await expect(stage(probe, 'tcp')).toContainText(/\d+ ms/);

    await dialog.getByRole('button', { name: 'Save', exact: true }).click();
    await expect(dialog).toBeHidden();
    const row = sidebarRow(page, kind.name);
    await expect(row).toBeVisible();
    await expect(row.getByRole('img', { name: 'Disconnected' })).toBeVisible();

    // The saved connection's page is open; connect from it.
    const connectionPage = page.getByTestId('connection-page');
    await expect(connectionPage.getByRole('heading', { name: kind.name })).toBeVisible();
    await connectionPage.getByRole('button', { name: 'Connect', exact: true }).click();
    await expect(row).toHaveAttribute('data-status', 'connected', { timeout: 30_000 });
    await expect(row.getByRole('img', { name: 'Connected' })).toBeVisible();
    await expect(connectionPage.getByTestId('connection-state')).toHaveText('Connected');

    if (kind.card === 'Redis') {
      // The sidebar's own connect/disconnect button (shown on hover or focus).
      await row.hover();
      await row.getByRole('button', { name: `Disconnect ${kind.name}` }).click();
      await expect(row).toHaveAttribute('data-status', 'disconnected');
      await row.getByRole('button', { name: `Connect ${kind.name}` }).click();
      await expect(row).toHaveAttribute('data-status', 'connected');
    }

    // The tree under the connection: Kafka's resources, or an explicit "nothing to browse yet"
    // for the kinds whose screens are not built.
    await row.locator('.tree-chevron').click();
    const resources = AREA_RESOURCES[kind.card];
    if (resources) {
      await expect(page.getByTestId('sidebar-resource')).toHaveText(resources);
    } else {
      await expect(page.getByTestId('nothing-to-browse').first()).toHaveText('Nothing to browse yet');
    }
  });
}

test('a closed port fails at the TCP stage with "connection refused" within 5 s', async ({ page, app }) => {
  await app.open();
  const dialog = await newConnection(page, 'Redis', `${PREFIX}closed port`);
  await dialog.getByLabel('Host', { exact: true }).fill('127.0.0.1');
  await dialog.getByLabel('Port').fill('1');

  const started = Date.now();
  await dialog.getByRole('button', { name: 'Test connection' }).click();
  const probe = dialog.getByTestId('probe-panel');
  await expect(stage(probe, 'tcp')).toHaveAttribute('data-status', 'failed', { timeout: 5_000 });
  expect(Date.now() - started).toBeLessThan(5_000);
  await expect(probe.getByTestId('probe-summary')).toContainText('Failed at Open TCP connection: connection refused');
  await expect(stage(probe, 'tcp')).toContainText('ECONNREFUSED');
  await expect(stage(probe, 'tcp')).toContainText('What to do');
  for (const later of ['tls', 'auth', 'ping'])
    await expect(stage(probe, later)).toHaveAttribute('data-status', 'skipped');

  // Saved anyway, connecting fails: the dot goes red and the error is shown as text with its code.
  await dialog.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(dialog).toBeHidden();
  const row = sidebarRow(page, `${PREFIX}closed port`);
  const connectionPage = page.getByTestId('connection-page');
  await connectionPage.getByRole('button', { name: 'Connect', exact: true }).click();
  await expect(row).toHaveAttribute('data-status', 'error', { timeout: 10_000 });
  await expect(row.getByRole('img', { name: 'Connection failed' })).toBeVisible();
  await expect(connectionPage.getByTestId('error-banner')).toHaveAttribute('data-code', 'UNREACHABLE');
  await expect(
    page.getByTestId('toast').filter({ hasText: `Could not connect to ${PREFIX}closed port` }),
  ).toBeVisible();
});

test.describe('Redis with an ACL user', () => {
  const user = 'stackdeck-e2e';
  let redis: Redis;

  test.beforeAll(async () => {
    redis = new Redis({
      host: '127.0.0.1',
      port: 6379,
      lazyConnect: true,
      maxRetriesPerRequest: 1,
      connectTimeout: 5_000,
    });
    await redis.connect();
    await redis.call('ACL', 'SETUSER', user, 'on', '>right', '~*', '+@all');
  });

  test.afterAll(async () => {
    await redis.call('ACL', 'DELUSER', user);
    redis.disconnect();
  });

  test('a wrong password shows an authentication error; the right one passes and is stored write-only', async ({
    page,
    app,
  }) => {
    await app.open();
    const name = `${PREFIX}Redis ACL`;
    const dialog = await newConnection(page, 'Redis', name);
    await dialog.getByLabel('Host', { exact: true }).fill('127.0.0.1');
    await dialog.getByLabel('Port').fill('6379');
    await dialog.getByLabel('Username').fill(user);
    await dialog.getByLabel('Password').fill('wrong');

    await dialog.getByRole('button', { name: 'Test connection' }).click();
    const probe = dialog.getByTestId('probe-panel');
    await expect(stage(probe, 'auth')).toHaveAttribute('data-status', 'failed');
    await expect(probe.getByTestId('probe-summary')).toContainText('Failed at Authenticate: authentication failed');
    await expect(stage(probe, 'tcp')).toHaveAttribute('data-status', 'ok');
    await expect(stage(probe, 'auth')).toContainText('What to do');
    await expect(stage(probe, 'ping')).toHaveAttribute('data-status', 'skipped');

    await dialog.getByLabel('Password').fill('right');
    await dialog.getByRole('button', { name: 'Test connection' }).click();
    await expect(probe.getByTestId('probe-summary')).toContainText('Connection OK');
    await expect(stage(probe, 'auth')).toHaveAttribute('data-status', 'ok');
    await dialog.getByRole('button', { name: 'Save', exact: true }).click();
    await expect(dialog).toBeHidden();

    // Editing shows the password only as "set", with keep / replace / clear.
    await page.getByTestId('connection-page').getByRole('button', { name: 'Edit' }).click();
    await expect(dialog).toBeVisible();
    await expect(dialog.getByRole('radiogroup', { name: /Password: keep, replace or clear/ })).toBeVisible();
    await expect(dialog.getByTestId('secret-state').first()).toHaveText('set');
    await expect(dialog.getByRole('radio', { name: 'Keep' })).toBeChecked();
    await dialog.getByRole('button', { name: 'Test connection' }).click();
    await expect(probe.getByTestId('probe-summary')).toContainText('Connection OK');
    await page.keyboard.press('Escape');
    await expect(dialog).toBeHidden();
  });
});

test('Import from URI fills the form and names a refused option', async ({ page, app }) => {
  await app.open();
  await page.getByTestId('sidebar').getByRole('button', { name: 'New connection' }).first().click();
  const dialog = page.getByTestId('connection-dialog');
  await dialog.getByRole('button', { name: 'Import from URI…' }).click();
  const uri = dialog.getByLabel('Connection URI');

  await uri.fill('mongodb://db1.example.com:27017/?tlsInsecure=true');
  await dialog.getByRole('button', { name: 'Import', exact: true }).click();
  await expect(dialog.getByTestId('error-banner')).toContainText('INVALID_INPUT');
  await expect(dialog.getByTestId('uri-refused')).toContainText('Refused option: tlsInsecure');

  // The scheme picks the kind; the password becomes a secret to set, never shown.
  await uri.fill('redis://app:s3cret@127.0.0.1:6380/2');
  await uri.press('Enter');
  await expect(dialog.getByTestId('uri-filled')).toBeVisible();
  await expect(dialog.getByRole('radio', { name: 'Redis' })).toBeChecked();
  await expect(dialog.getByLabel('Port')).toHaveValue('6380');
  await expect(dialog.getByLabel('Database', { exact: true })).toHaveValue('2');
  await expect(dialog.getByLabel('Username')).toHaveValue('app');
  await expect(dialog.getByLabel('Password')).toHaveAttribute('type', 'password');
  await expect(dialog.getByTestId('secret-state').first()).toHaveText('will be set');

  // Closing a filled-in form asks first; Escape there goes back to the form.
  await page.keyboard.press('Escape');
  const confirm = page.getByTestId('confirm-dialog');
  await expect(confirm).toContainText('Discard your changes?');
  await page.keyboard.press('Escape');
  await expect(confirm).toBeHidden();
  await expect(dialog.getByLabel('Port')).toHaveValue('6380');
  await dialog.getByRole('button', { name: 'Cancel', exact: true }).click();
  await confirm.getByRole('button', { name: 'Discard' }).click();
  await expect(dialog).toBeHidden();
});

test('keyboard: command palette, sidebar tree, tabs and a persisted theme', async ({ page, app }) => {
  await app.open();
  const html = page.locator('html');
  const startTheme = await html.getAttribute('data-theme');

  // Ctrl+K, type, arrows, Enter.
  await page.keyboard.press('Control+K');
  const palette = page.getByTestId('command-palette');
  await expect(palette).toBeVisible();
  await page.keyboard.type('open e2e kaf');
  await expect(palette.getByRole('option').first()).toHaveText(/Open e2e Kafka/);
  await page.keyboard.press('Enter');
  await expect(palette).toBeHidden();
  await expect(page.getByTestId('connection-page').getByRole('heading', { name: `${PREFIX}Kafka` })).toBeVisible();

  // Escape closes the palette without running anything.
  await page.keyboard.press('Control+K');
  await expect(palette).toBeVisible();
  await page.keyboard.type('new conn');
  await page.keyboard.press('Escape');
  await expect(palette).toBeHidden();
  await expect(page.getByTestId('connection-dialog')).toHaveCount(0);

  // The sidebar tree: Alt+S focuses it, arrows move, Right expands, Enter opens.
  await page.keyboard.press('Alt+S');
  const tree = page.getByTestId('sidebar-tree');
  await expect(tree.locator('[role="treeitem"]:focus')).toHaveCount(1);
  await page.keyboard.press('Home');
  await expect(tree.locator('[role="treeitem"]').first()).toBeFocused();
  await page.keyboard.press('ArrowDown');
  const focused = tree.locator('[role="treeitem"]:focus');
  const name = await focused.getAttribute('data-name');
  expect(name).toBeTruthy();
  await page.keyboard.press('ArrowRight');
  await expect(focused).toHaveAttribute('aria-expanded', 'true');
  await page.keyboard.press('ArrowRight');
  // Into the connection's children: its first resource, or the placeholder of a kind with none yet.
  await expect(tree.locator('[role="treeitem"]:focus')).toHaveAttribute(
    'data-testid',
    /^(sidebar-resource|nothing-to-browse)$/,
  );
  await page.keyboard.press('ArrowLeft');
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('connection-page').getByRole('heading', { name: name ?? '' })).toBeVisible();

  // Tabs: Alt+W closes the active one.
  const tabs = page.getByTestId('work-tabs').getByRole('tab');
  const before = await tabs.count();
  await page.keyboard.press('Alt+W');
  await expect(tabs).toHaveCount(before - 1);

  // The theme toggle persists across a reload.
  await page.getByTestId('theme-toggle').click();
  const toggled = startTheme === 'dark' ? 'light' : 'dark';
  await expect(html).toHaveAttribute('data-theme', toggled);
  await page.reload();
  await expect(html).toHaveAttribute('data-theme', toggled);
  await page.getByTestId('theme-toggle').click();
  await expect(html).toHaveAttribute('data-theme', startTheme ?? 'light');
});

test('duplicate, then export and import profiles as JSON without secrets', async ({ page, app }) => {
  await app.open();
  await sidebarRow(page, `${PREFIX}Redis ACL`).click();
  const connectionPage = page.getByTestId('connection-page');
  await connectionPage.getByRole('button', { name: 'Duplicate' }).click();
  await expect(page.getByTestId('toast').filter({ hasText: 'Duplicated as' })).toBeVisible();
  await expect(page.locator('[data-testid="sidebar-connection"][data-name^="e2e Redis ACL"]')).toHaveCount(2);

  await page.getByRole('tab', { name: /Overview/ }).click();
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByTestId('overview').getByRole('button', { name: 'Export' }).click(),
  ]);
  expect(download.suggestedFilename()).toMatch(/^stackdeck-profiles-.*\.json$/);
  const text = await (
    await download.createReadStream()
  )
    .toArray()
    .then((chunks) => Buffer.concat(chunks as Buffer[]).toString('utf8'));
  const doc = JSON.parse(text) as { format: string; profiles: Array<{ name: string }> };
  expect(doc.format).toBe('stackdeck-profiles');
  expect(doc.profiles.some((p) => p.name === `${PREFIX}Redis ACL`)).toBe(true);
  expect(text).not.toContain('"right"');
  await expect(page.getByTestId('toast').filter({ hasText: /Exported \d+ profiles/ })).toBeVisible();

  const only = {
    ...doc,
    profiles: doc.profiles.filter((p) => p.name === `${PREFIX}Kafka`).map((p) => ({ ...p, name: `${PREFIX}imported` })),
  };
  const [chooser] = await Promise.all([
    page.waitForEvent('filechooser'),
    page.getByTestId('overview').getByRole('button', { name: 'Import…' }).click(),
  ]);
  await chooser.setFiles({
    name: 'profiles.json',
    mimeType: 'application/json',
    buffer: Buffer.from(JSON.stringify(only)),
  });
  await expect(page.getByTestId('toast').filter({ hasText: 'Imported 1 profile' })).toBeVisible();
  await expect(sidebarRow(page, `${PREFIX}imported`)).toBeVisible();

  // A file that is not an export is explained, not imported.
  const [chooser2] = await Promise.all([
    page.waitForEvent('filechooser'),
    page.getByTestId('overview').getByRole('button', { name: 'Import…' }).click(),
  ]);
  await chooser2.setFiles({ name: 'nope.json', mimeType: 'application/json', buffer: Buffer.from('{"hello": 1}') });
  await expect(page.getByTestId('toast').filter({ hasText: 'not a Stackdeck profiles export' })).toBeVisible();
});

test('delete a profile after confirming', async ({ page, app }) => {
  await app.open();
  const name = `${PREFIX}Redis`;
  const row = sidebarRow(page, name);
  await row.click();
  const connectionPage = page.getByTestId('connection-page');
  await expect(connectionPage.getByRole('heading', { name })).toBeVisible();

  // Cancel first: nothing happens.
  await connectionPage.getByRole('button', { name: 'Delete' }).click();
  const confirm = page.getByTestId('confirm-dialog');
  await expect(confirm).toContainText(`Delete “${name}”?`);
  await confirm.getByRole('button', { name: 'Cancel' }).click();
  await expect(confirm).toBeHidden();
  await expect(row).toBeVisible();

  await connectionPage.getByRole('button', { name: 'Delete' }).click();
  await confirm.getByRole('button', { name: 'Delete connection' }).click();
  await expect(confirm).toBeHidden();
  await expect(row).toHaveCount(0);
  await expect(connectionPage).toBeHidden();
  await expect(page.getByTestId('toast').filter({ hasText: `Deleted “${name}”` })).toBeVisible();

  // Still gone after a reload: deleted on the server, not just in the page.
  await page.reload();
  await expect(page.getByTestId('app-shell')).toBeVisible();
  await expect(sidebarRow(page, `${PREFIX}Kafka`)).toBeVisible();
  await expect(row).toHaveCount(0);
});
