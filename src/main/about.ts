import { app, clipboard, dialog, type BrowserWindow } from 'electron';
import { release } from 'node:os';

/**
 * Help > About: the versions a bug report needs (app, Electron, Chromium,
 * Node, V8, OS), with a button that copies them. Core runs on Electron's
 * Node in its utility process, so "Node" is core's Node too.
 */

export interface AboutVersions {
  app: string;
  electron?: string | undefined;
  chrome?: string | undefined;
  node: string;
  v8: string;
  platform: string;
  arch: string;
  osRelease: string;
}

export function currentVersions(): AboutVersions {
  return {
    app: app.getVersion(),
    electron: process.versions.electron,
    chrome: process.versions.chrome,
    node: process.versions.node,
    v8: process.versions.v8,
    platform: process.platform,
    arch: process.arch,
    osRelease: release(),
  };
}

export function aboutText(v: AboutVersions): string {
  return [
    `Stackdeck ${v.app}`,
    `Electron ${v.electron ?? 'unknown'}`,
    `Chromium ${v.chrome ?? 'unknown'}`,
    `Node ${v.node}`,
    `V8 ${v.v8}`,
    `OS ${v.platform} ${v.arch} ${v.osRelease}`,
  ].join('\n');
}

export async function showAbout(parent: BrowserWindow | undefined): Promise<void> {
  const text = aboutText(currentVersions());
  const options = {
    type: 'info' as const,
    title: 'About Stackdeck',
    message: `Stackdeck ${app.getVersion()}`,
    detail: `${text.split('\n').slice(1).join('\n')}\n\nOperations console for Kafka, MongoDB, Cassandra, Neo4j and Redis.`,
    buttons: ['OK', 'Copy Versions'],
    defaultId: 0,
    cancelId: 0,
    noLink: true,
  };
  const answer =
    parent === undefined ? await dialog.showMessageBox(options) : await dialog.showMessageBox(parent, options);
  if (answer.response === 1) clipboard.writeText(text);
}
