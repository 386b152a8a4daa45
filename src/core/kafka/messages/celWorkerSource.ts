/**
 * The code of the CEL worker thread (see celSandbox.ts), run with
 * `new Worker(source, { eval: true })`. It is a string, not a module file,
 * so the same code runs under tsx (web mode), vitest and the bundled desktop
 * core without a separate build entry or loader: it reaches only Node
 * builtins and the two packages whose absolute paths the main thread
 * resolved (`workerData.celPath`, `workerData.re2Path`).
 *
 * Variables are built as filter.ts builds them (JSON objects and arrays
 * parsed, other values as text, binary as hex, values over 1 MiB as text).
 * Before each evaluation the worker bumps a shared counter, which is what
 * lets the main thread see one evaluation running too long and terminate
 * the thread, whatever the expression is doing.
 */
export const CEL_WORKER_SOURCE = String.raw`
const { parentPort, workerData } = require('node:worker_threads');
const { isUtf8 } = require('node:buffer');
const { pathToFileURL } = require('node:url');
const MAX_JSON_PARSE_BYTES = 1024 * 1024;
const progress = new Int32Array(workerData.progress);
const decoder = new TextDecoder('utf-8');

function text(bytes) {
  if (bytes === null) return null;
  return isUtf8(bytes) ? decoder.decode(bytes) : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('hex');
}
function jsonOrText(bytes) {
  if (bytes === null) return null;
  const s = text(bytes);
  if (s === null || bytes.byteLength > MAX_JSON_PARSE_BYTES) return s;
  const first = s.trimStart()[0];
  if (first !== '{' && first !== '[') return s;
  try { return JSON.parse(s); } catch { return s; }
}

(async () => {
  const { Environment } = await import(pathToFileURL(workerData.celPath).href);
  const { RE2JS } = await import(pathToFileURL(workerData.re2Path).href);
  const cache = new Map();
  const re2 = (s, pattern) => {
    let re = cache.get(pattern);
    if (re === undefined) {
      re = RE2JS.compile(pattern);
      if (cache.size >= 256) cache.delete(cache.keys().next().value);
      cache.set(pattern, re);
    }
    return re.matcher(s).find();
  };
  const env = new Environment({
    limits: { maxAstNodes: 2000, maxDepth: 64, maxListElements: 1000, maxMapEntries: 1000, maxCallArguments: 32 },
  })
    .registerVariable('key', 'dyn')
    .registerVariable('value', 'dyn')
    .registerVariable('headers', 'map')
    .registerVariable('partition', 'int')
    .registerVariable('offset', 'int')
    .registerVariable('timestamp', 'int')
    .registerFunction('string.' + workerData.re2Name + '(string): bool', re2);
  const evaluate = env.parse(workerData.expression);
  evaluate.check();
  const uses = (name) => new RegExp('\\b' + name + '\\b').test(workerData.expression);
  const useKey = uses('key'), useValue = uses('value'), useHeaders = uses('headers');
  let counter = 0;
  // A batch: all bytes in one buffer; per record p, o, t, key length, value length (-1: null), header count;
  // header names in order, and each header value's length.
  parentPort.on('message', (batch) => {
    const n = batch.n;
    const data = new Uint8Array(batch.data);
    const meta = batch.meta;
    const flags = new Uint8Array(n);
    let evalErrors = 0;
    let pos = 0;
    let hi = 0;
    const take = (len) => {
      if (len < 0) return null;
      const b = data.subarray(pos, pos + len);
      pos += len;
      return b;
    };
    for (let i = 0; i < n; i++) {
      const m = i * 6;
      const k = take(meta[m + 3]);
      const v = take(meta[m + 4]);
      const hcount = meta[m + 5];
      let headers = {};
      if (hcount > 0) {
        const pairs = [];
        for (let j = 0; j < hcount; j++, hi++) pairs.push([batch.hkeys[hi], take(batch.hlens[hi])]);
        if (useHeaders) headers = Object.fromEntries(pairs.map((h) => [h[0], text(h[1]) ?? '']));
      }
      Atomics.store(progress, 1, i);
      Atomics.store(progress, 0, ++counter);
      const ctx = {
        key: useKey ? jsonOrText(k) : null,
        value: useValue ? jsonOrText(v) : null,
        headers,
        partition: BigInt(meta[m]),
        offset: BigInt(meta[m + 1]),
        timestamp: BigInt(Math.trunc(meta[m + 2])),
      };
      try {
        if (evaluate(ctx) === true) flags[i] = 1;
      } catch {
        evalErrors++;
      }
    }
    Atomics.store(progress, 0, ++counter);
    parentPort.postMessage({ id: batch.id, flags, evalErrors }, [flags.buffer]);
  });
  parentPort.postMessage({ ready: true });
})().catch((error) => {
  parentPort.postMessage({ failed: String(error && error.message ? error.message : error) });
});
`;
