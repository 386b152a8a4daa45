import { existsSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * electron-builder.yml, read as electron-builder reads it (YAML; js-yaml is
 * electron-builder's own parser). These machines cannot run electron-builder to
 * the end (it downloads Electron), so the config's promises are checked here:
 * the targets, the icons it points at, the sandbox helper in deb/rpm, no file
 * associations, no publishing and no native rebuild.
 */

const require = createRequire(import.meta.url);
const yaml = require('js-yaml') as { load(text: string): unknown };

interface Target {
  target: string;
  arch?: string | string[];
}
interface BuilderConfig {
  appId: string;
  productName: string;
  directories: { buildResources: string; output: string };
  files: string[];
  fileAssociations: unknown[];
  protocols: unknown[];
  publish: unknown;
  npmRebuild: boolean;
  linux: { target: string[]; icon: string; executableName: string };
  deb: { afterInstall: string };
  rpm: { afterInstall: string };
  mac: { target: Target[]; icon: string };
  win: { target: Target[]; icon: string };
}

const root = process.cwd();
const config = yaml.load(readFileSync(join(root, 'electron-builder.yml'), 'utf8')) as BuilderConfig;
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
  main: string;
  scripts: Record<string, string>;
};

describe('electron-builder.yml', () => {
  it('names the app and ships only the build', () => {
    expect(config.appId).toBe('dev.stackdeck.desktop');
    expect(config.productName).toBe('Stackdeck');
    expect(config.directories).toEqual({ buildResources: 'resources', output: 'dist' });
    expect(config.files).toContain('out/**/*');
    expect(pkg.main.startsWith('./out/')).toBe(true);
    expect(config.fileAssociations).toEqual([]);
    expect(config.protocols).toEqual([]);
    expect(config.publish).toBeNull();
    expect(config.npmRebuild).toBe(false);
  });

  it('builds AppImage, deb and rpm; universal dmg and zip; nsis', () => {
    expect(config.linux.target).toEqual(['AppImage', 'deb', 'rpm']);
    expect(config.mac.target).toEqual([
      { target: 'dmg', arch: 'universal' },
      { target: 'zip', arch: 'universal' },
    ]);
    expect(config.win.target.map((t) => t.target)).toEqual(['nsis']);
  });

  it('points at icons that exist', () => {
    expect(statSync(join(root, config.linux.icon)).isDirectory()).toBe(true);
    expect(existsSync(join(root, config.linux.icon, '512x512.png'))).toBe(true);
    expect(existsSync(join(root, config.mac.icon))).toBe(true);
    expect(existsSync(join(root, config.win.icon))).toBe(true);
  });

  it('deb and rpm set the chrome-sandbox permissions after install', () => {
    expect(config.deb.afterInstall).toBe(config.rpm.afterInstall);
    const script = readFileSync(join(root, config.deb.afterInstall), 'utf8');
    expect(script.startsWith('#!/bin/bash')).toBe(true);
    expect(script).toContain('/opt/${sanitizedProductName}');
    expect(script).toMatch(/chown root:root "\$SANDBOX"/);
    expect(script).toMatch(/chmod 4755 "\$SANDBOX"/);
    expect(statSync(join(root, config.deb.afterInstall)).mode & 0o111).not.toBe(0);
  });

  it('has the scripts that build, run and test the desktop app', () => {
    expect(pkg.scripts.dist).toBe('node scripts/dist.mjs');
    expect(pkg.scripts.dev).toBe('node scripts/dev.mjs');
    expect(pkg.scripts['test:desktop']).toBe('node scripts/test-desktop.mjs');
  });

  it('the release workflow builds on ubuntu, macOS and Windows from a tag, unit tests first', () => {
    const workflow = yaml.load(readFileSync(join(root, '.github', 'workflows', 'release.yml'), 'utf8')) as {
      on: { push: { tags: string[] } };
      jobs: Record<string, { strategy?: { matrix: { os: string[] } }; steps?: Array<{ run?: string }> }>;
    };
    expect(workflow.on.push.tags).toEqual(['v*']);
    const job = workflow.jobs.installers;
    expect(job?.strategy?.matrix.os).toEqual(['ubuntu-latest', 'macos-latest', 'windows-latest']);
    const runs = (job?.steps ?? []).map((s) => s.run ?? '');
    const unit = runs.indexOf('npm run test:unit');
    const dist = runs.indexOf('npm run dist');
    expect(unit).toBeGreaterThan(runs.indexOf('npm run build'));
    expect(dist).toBeGreaterThan(unit);
  });
});
