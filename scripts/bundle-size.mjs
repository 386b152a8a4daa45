#!/usr/bin/env node
/**
 * Prints the JavaScript the first screen loads and the JavaScript of the
 * whole renderer, from `out/renderer` after `npm run build` (run both with
 * `npm run build:size`).
 *
 * First screen = the module scripts of index.html and everything they import
 * statically (followed through the chunks, as the browser does; `import()`
 * calls, i.e. lazily loaded area screens, are not followed). Total = every .js
 * file under out/renderer (chunks and workers). Exits 1 when the first screen
 * is not below the budget (40% of the total, issue #9), so a change that pulls
 * an area back into the first chunk fails loudly.
 */
import { readFileSync, readdirSync, statSync, existsSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';

const root = resolve(process.argv[2] ?? 'out/renderer');
const BUDGET = 0.4;
if (!existsSync(join(root, 'index.html'))) {
  console.error(`No ${join(root, 'index.html')}: run "npm run build" first.`);
  process.exit(2);
}

function walk(dir) {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? walk(p) : [p];
  });
}

const html = readFileSync(join(root, 'index.html'), 'utf8');
const entries = [
  ...html.matchAll(/<script[^>]*type="module"[^>]*src="([^"]+)"/g),
  ...html.matchAll(/<link[^>]*rel="modulepreload"[^>]*href="([^"]+)"/g),
].map((m) => resolve(root, m[1].replace(/^\//, '')));

// Static imports in minified ES modules: `import"./a.js"`, `import{x}from"./a.js"`, `export*from"./a.js"`.
const STATIC = /(?:^|[;\s}])(?:import|export)\s*(?:[\w*{}\s,$]+?\s*from\s*)?["']([^"']+\.js)["']/g;
const first = new Set();
const queue = [...entries];
while (queue.length) {
  const file = queue.pop();
  if (first.has(file) || !existsSync(file)) continue;
  first.add(file);
  const text = readFileSync(file, 'utf8');
  for (const m of text.matchAll(STATIC)) queue.push(resolve(dirname(file), m[1]));
}

const all = walk(root).filter((f) => f.endsWith('.js'));
const size = (files) =>
  files.reduce(
    (acc, f) => {
      const buf = readFileSync(f);
      return { raw: acc.raw + buf.length, gz: acc.gz + gzipSync(buf).length };
    },
    { raw: 0, gz: 0 },
  );
const kib = (n) => `${(n / 1024).toFixed(1)} KiB`;
const firstSize = size([...first]);
const totalSize = size(all);
const share = firstSize.raw / totalSize.raw;

console.log(`renderer JavaScript (${relative(process.cwd(), root) || '.'})`);
console.log(`  first screen: ${kib(firstSize.raw)} (${kib(firstSize.gz)} gzip) in ${first.size} file(s)`);
for (const f of [...first].sort()) console.log(`    ${relative(root, f)}  ${kib(statSync(f).size)}`);
console.log(`  all areas:    ${kib(totalSize.raw)} (${kib(totalSize.gz)} gzip) in ${all.length} file(s)`);
console.log(`  first screen is ${(share * 100).toFixed(1)}% of the total (budget < ${BUDGET * 100}%)`);
if (share >= BUDGET) {
  console.error('The first screen is over budget: an area screen is probably imported statically from the shell.');
  process.exit(1);
}
