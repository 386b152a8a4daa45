// `npm run dist`: the installers for the current platform (electron-builder.yml):
// Linux AppImage/deb/rpm, macOS dmg/zip (universal), Windows nsis, into dist/.
// electron-builder downloads the Electron zip and its packaging tools (fpm,
// nsis, dmg helpers) from GitHub on first use. Where that cannot happen this
// fails with a message saying so and a non-zero exit: it never reports an
// installer that was not made.
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const platformFlag = { linux: '--linux', darwin: '--mac', win32: '--win' }[process.platform];
if (platformFlag === undefined) {
  console.error(`npm run dist: no installer targets for ${process.platform} (Linux, macOS and Windows only).`);
  process.exit(1);
}

/** Runs a Node CLI, showing its output as it comes and keeping it to read the failure from. */
function run(label, cli, args) {
  console.log(`\n== ${label}`);
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [cli, ...args], { cwd: root, stdio: ['inherit', 'pipe', 'pipe'] });
    let output = '';
    const keep = (chunk, stream) => {
      stream.write(chunk);
      if (output.length < 1_000_000) output += chunk.toString();
    };
    child.stdout.on('data', (chunk) => keep(chunk, process.stdout));
    child.stderr.on('data', (chunk) => keep(chunk, process.stderr));
    child.on('close', (code) => resolve({ status: code ?? 1, output }));
  });
}

const electronVite = join(dirname(require.resolve('electron-vite/package.json')), 'bin', 'electron-vite.js');
if ((await run('electron-vite build', electronVite, ['build'])).status !== 0) {
  console.error('\nnpm run dist: the build failed; no installer was made.');
  process.exit(1);
}

const started = Date.now();
const builder = join(dirname(require.resolve('electron-builder/package.json')), 'cli.js');
const built = await run(`electron-builder ${platformFlag}`, builder, [
  platformFlag,
  '--publish',
  'never',
  ...process.argv.slice(2),
]);

// What this run wrote into dist/ (top level: the installers, not the unpacked app).
const outDir = join(root, 'dist');
const made = existsSync(outDir)
  ? readdirSync(outDir)
      .map((name) => ({ name, stat: statSync(join(outDir, name)) }))
      .filter(
        ({ name, stat }) => stat.isFile() && stat.mtimeMs >= started && /\.(AppImage|deb|rpm|dmg|zip|exe)$/.test(name),
      )
  : [];

if (built.status !== 0 || made.length === 0) {
  const offline = /ENOTFOUND|EAI_AGAIN|ECONNREFUSED|ETIMEDOUT|getaddrinfo|unable to get|network/i.test(built.output);
  console.error(
    '\nnpm run dist: FAILED, no installer was made.' +
      (offline
        ? '\nelectron-builder could not download Electron or its packaging tools (github.com is not reachable from here).' +
          '\nBuild the installers on a machine with network access, or push a tag to run .github/workflows/release.yml.'
        : built.status === 0
          ? '\nelectron-builder exited without writing an installer into dist/.'
          : `\nelectron-builder exited with status ${built.status}; its output is above.`),
  );
  process.exit(1);
}
console.log('\nnpm run dist: built');
for (const { name, stat } of made) console.log(`  dist/${name}  ${(stat.size / 1024 / 1024).toFixed(1)} MiB`);
