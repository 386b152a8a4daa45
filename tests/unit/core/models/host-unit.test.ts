/**
 * The systemd --user unit of a host deployment (no user manager runs on this
 * machine, so the integration tests use the nohup supervisor): its start line,
 * as systemd hands it to /bin/sh ($$ becomes $), reads run/api-key into
 * API_KEY whatever the key holds, and starts without one when there is none.
 */
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { systemdUnit } from '../../../../src/core/models/targets/host/layout';

let root = '';
afterEach(() => rmSync(root, { recursive: true, force: true }));

function startLine(): string {
  const m = /^ExecStart=\/bin\/sh -c '(.*)'$/m.exec(systemdUnit('churn', 8000, 1));
  if (!m?.[1]) throw new Error('no sh -c start line');
  return m[1].replaceAll('$$', '$');
}

function deploymentDir(): string {
  root = mkdtempSync(join(tmpdir(), 'stackdeck-unit-'));
  mkdirSync(join(root, 'run'));
  mkdirSync(join(root, 'v1', '.venv', 'bin'), { recursive: true });
  // Stands in for the venv's python: prints what gunicorn would see.
  const python = join(root, 'v1', '.venv', 'bin', 'python');
  writeFileSync(python, '#!/bin/sh\nprintf "API_KEY=[%s] args=%s" "${API_KEY-unset}" "$*"\n');
  chmodSync(python, 0o755);
  symlinkSync('v1', join(root, 'current'));
  return root;
}

describe('systemdUnit', () => {
  it('reads run/api-key into API_KEY, quotes and dollars included', () => {
    const d = deploymentDir();
    const key = `k'3"y$HOME\\x`;
    writeFileSync(join(d, 'run', 'api-key'), key, { mode: 0o600 });
    const out = execFileSync('/bin/sh', ['-c', startLine()], { cwd: join(d, 'current'), encoding: 'utf8' });
    expect(out).toBe(`API_KEY=[${key}] args=-m gunicorn -c gunicorn.conf.py app:app`);
  });

  it('starts without API_KEY when the deployment has no key', () => {
    const d = deploymentDir();
    const out = execFileSync('/bin/sh', ['-c', startLine()], {
      cwd: join(d, 'current'),
      encoding: 'utf8',
      env: { PATH: process.env.PATH ?? '' },
    });
    expect(out).toBe('API_KEY=[unset] args=-m gunicorn -c gunicorn.conf.py app:app');
  });
});
