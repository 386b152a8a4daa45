import { _electron as electron, expect, test, type ElectronApplication } from '@playwright/test';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { electronBinary } from '../../scripts/electron-binary.mjs';
import { addKafkaConnection } from '../e2e/helpers/connections';
import { startSlowLoad, type SlowLoad } from '../e2e/helpers/kafkaLoad';

/**
 * The desktop app as a user starts it: the built app under Electron, core in
 * its utility process, a throwaway user data directory. It opens a Kafka
 * connection to the local broker and a live consumer group with its lag
 * chart, checks the native menu, then quits and checks that core's process
 * is gone. (Never run on the machines this was written on: no Electron binary
 * can be downloaded there.)
 */

const stamp = `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 6)}`;
const topic = `desktop-lag-${stamp}`;
const groupId = `desktop-slow-${stamp}`;
const connectionName = `desktop kafka ${stamp}`;
const userData = mkdtempSync(join(tmpdir(), 'sd-desktop-'));

let load: SlowLoad | undefined;
let app: ElectronApplication | undefined;

test.beforeAll(async () => {
  load = await startSlowLoad(topic, groupId);
});

test.afterAll(async () => {
  await app?.close().catch(() => undefined);
  await load?.cleanup();
  rmSync(userData, { recursive: true, force: true });
});

/** Core's pid, from the line it writes first in today's log file. */
function corePid(): number | undefined {
  const dir = join(userData, 'logs');
  for (const name of readdirSync(dir)) {
    const match = /core process (\d+) starting/.exec(readFileSync(join(dir, name), 'utf8'));
    if (match) return Number(match[1]);
  }
  return undefined;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

test('opens a Kafka connection and a consumer group with its lag chart, then quits cleanly', async () => {
  const executablePath = electronBinary();
  if (executablePath === undefined) throw new Error('no Electron binary (the global setup should have said so)');
  // The app's environment: ours, minus what would turn Electron into Node or point it at a dev server.
  const env: Record<string, string> = { STACKDECK_USER_DATA_DIR: userData, STACKDECK_LAG_INTERVAL_MS: '2000' };
  for (const [key, value] of Object.entries(process.env)) {
    if (value !== undefined && key !== 'ELECTRON_RENDERER_URL' && key !== 'ELECTRON_RUN_AS_NODE') env[key] ??= value;
  }
  app = await electron.launch({ executablePath, args: [join(process.cwd(), 'out', 'main', 'index.js')], env });
  const window = await app.firstWindow();
  await expect(window.getByTestId('app-shell')).toBeVisible();
  expect(await window.title()).toBe('Stackdeck');

  // The native menu.
  const menus = await app.evaluate(({ Menu }) => Menu.getApplicationMenu()?.items.map((i) => i.label) ?? []);
  expect(menus.slice(-6)).toEqual(['File', 'Edit', 'View', 'Connection', 'Window', 'Help']);

  // Kafka connection, consumer groups, the slow consumer's group and its live lag chart.
  const row = await addKafkaConnection(window, connectionName);
  await row.dblclick();
  await window.getByTestId('sidebar-tree').getByRole('treeitem', { name: 'Consumer groups' }).click();
  const list = window.getByTestId('kafka-groups');
  await list.getByLabel('Filter groups').fill(groupId);
  const groupRow = list.getByTestId('groups-grid').getByRole('row').filter({ hasText: groupId });
  await expect(async () => {
    await list.getByRole('button', { name: 'Refresh' }).click();
    await expect(groupRow).toContainText('Stable', { timeout: 2_000 });
  }).toPass({ timeout: 30_000 });
  await groupRow.dblclick();
  const detail = window.getByTestId('kafka-group');
  await expect(detail.getByTestId('live-lag')).toHaveText(/\d/, { timeout: 30_000 });
  const chart = detail.getByTestId('chart-total-lag');
  await expect
    .poll(async () => Number(await chart.getAttribute('data-points')), { timeout: 30_000 })
    .toBeGreaterThanOrEqual(2);

  // Quit: main asks core to dispose every client, core exits, then the app does.
  const pid = corePid();
  expect(pid, 'core wrote its start line to the log file').toBeDefined();
  expect(alive(pid ?? -1)).toBe(true);
  const exited = new Promise<number | null>((resolve) => app?.process().once('exit', (code) => resolve(code)));
  // The app may be gone before evaluate's answer arrives: the exit code is what counts.
  await app.evaluate(({ app: electronApp }) => electronApp.quit()).catch(() => undefined);
  expect(await exited).toBe(0);
  app = undefined;
  await expect.poll(() => alive(pid ?? -1), { timeout: 10_000 }).toBe(false);
});
