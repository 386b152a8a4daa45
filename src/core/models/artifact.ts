/**
 * A model file: its SHA-256, size and format, and the import scan (run in a
 * separate Python, opcodes only) classified against the allow-list.
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { open, stat } from 'node:fs/promises';
import { extname } from 'node:path';
import type { Artifact, ModelFormat, ScanReport, ScannedImport } from '../../shared/contract/models';
import { StackdeckError } from '../../shared/errors';
import { parseJsonOut, runPython } from './python/run';
import { SCAN_PY } from './python/scan';

export async function hashFile(path: string, signal?: AbortSignal): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path, { signal })) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/** The format from the bytes first (zip = skops, pickle protocol byte), then the extension. */
export async function detectFormat(path: string): Promise<ModelFormat> {
  const fh = await open(path, 'r');
  let head: Buffer;
  try {
    head = Buffer.alloc(4);
    await fh.read(head, 0, 4, 0);
  } finally {
    await fh.close();
  }
  const ext = extname(path).toLowerCase();
  if (head[0] === 0x50 && head[1] === 0x4b) return 'skops';
  if (ext === '.onnx') return 'onnx';
  if (ext === '.skops') return 'skops';
  if (ext === '.joblib') return 'joblib';
  return 'pickle';
}

/** `sha256`: the hash the caller has just computed for this path (it is not read twice). */
export async function readArtifact(path: string, signal?: AbortSignal, sha256?: string): Promise<Artifact> {
  let size: number;
  try {
    const st = await stat(path);
    if (!st.isFile()) throw new StackdeckError('INVALID_INPUT', `${path} is not a file.`);
    size = st.size;
  } catch (err) {
    if (err instanceof StackdeckError) throw err;
    throw new StackdeckError('NOT_FOUND', `Model file not found: ${path}`);
  }
  return { path, size, sha256: sha256 ?? (await hashFile(path, signal)), format: await detectFormat(path) };
}

const ALLOWED_ROOTS = new Set(['sklearn', 'numpy', 'scipy', 'pandas', 'joblib']);
/** Standard-library names that scikit-learn / numpy pickles use and that run no code of the file's choosing. */
const ALLOWED_EXACT = new Set([
  'copyreg._reconstructor',
  '_codecs.encode',
  'builtins.object',
  'builtins.slice',
  'builtins.set',
  'builtins.frozenset',
  'builtins.complex',
  'builtins.bytearray',
  'collections.OrderedDict',
  'collections.defaultdict',
  'datetime.datetime',
  'datetime.timedelta',
  // The containers and scalars a skops schema names for every estimator's state (built from JSON, no code).
  'builtins.dict',
  'builtins.list',
  'builtins.tuple',
  'builtins.str',
  'builtins.int',
  'builtins.float',
  'builtins.bool',
  'builtins.bytes',
]);
/** Modules and names known to run commands or code when called by REDUCE. */
const FLAGGED_ROOTS = new Set([
  'os',
  'posix',
  'nt',
  'subprocess',
  'sys',
  'socket',
  'shutil',
  'importlib',
  'runpy',
  'pty',
  'ctypes',
  'marshal',
  'pickle',
  '_pickle',
  'code',
  'codeop',
  'webbrowser',
  'multiprocessing',
  'asyncio',
  'urllib',
  'http',
  'requests',
  'types',
  'operator',
  'functools',
  'commands',
  'platform',
  'signal',
]);
const FLAGGED_BUILTINS = new Set([
  'eval',
  'exec',
  'compile',
  'open',
  '__import__',
  'getattr',
  'setattr',
  'delattr',
  'globals',
  'locals',
  'vars',
  'input',
  'breakpoint',
  'memoryview',
]);
/** Inside allowed packages, helpers that evaluate strings (picklescan flags these too). */
const FLAGGED_EXACT = new Set([
  'numpy.testing._private.utils.runstring',
  'numpy.f2py.crackfortran.eval',
  'pandas.eval',
]);

export function classify(module: string, name: string, unresolved = false): ScannedImport {
  const full = `${module}.${name}`;
  const root = module.split('.')[0] ?? module;
  if (unresolved)
    return {
      module,
      name,
      verdict: 'flagged',
      reason: 'an import whose name is computed at load time (not a plain string)',
    };
  if (FLAGGED_EXACT.has(full)) return { module, name, verdict: 'flagged', reason: 'evaluates a string as code' };
  if ((root === 'builtins' || root === '__builtin__') && FLAGGED_BUILTINS.has(name))
    return { module, name, verdict: 'flagged', reason: 'runs code or opens files' };
  if (FLAGGED_ROOTS.has(root)) return { module, name, verdict: 'flagged', reason: `${root} can run commands or code` };
  if (ALLOWED_ROOTS.has(root) || ALLOWED_EXACT.has(full)) return { module, name, verdict: 'allowed', reason: null };
  return { module, name, verdict: 'unknown', reason: 'not on the scikit-learn / numpy / scipy / pandas allow-list' };
}

interface RawGlobal {
  module: string;
  name: string;
  unresolved?: boolean;
}

export async function scanArtifact(artifact: Artifact, interpreter: string, signal?: AbortSignal): Promise<ScanReport> {
  if (artifact.format === 'onnx')
    return {
      readable: true,
      error: null,
      runsCode: false,
      compression: null,
      imports: [],
      flagged: 0,
      unknown: 0,
      savedSklearn: null,
    };
  const result = await runPython({
    interpreter,
    script: SCAN_PY,
    args: [artifact.path, artifact.format],
    timeoutMs: 60_000,
    signal,
  });
  const out = parseJsonOut(result, 'The import scan') as {
    ok: boolean;
    error?: string;
    compression?: string | null;
    globals: RawGlobal[];
    sklearnVersion?: string | null;
  };
  // One row per distinct import; the same class appears many times in a big pipeline.
  const seen = new Map<string, ScannedImport>();
  for (const g of out.globals) {
    const key = g.unresolved === true ? `?${seen.size}` : `${g.module}.${g.name}`;
    if (!seen.has(key)) seen.set(key, classify(g.module, g.name, g.unresolved === true));
  }
  const imports = [...seen.values()].sort((a, b) => order(a) - order(b));
  return {
    readable: out.ok,
    error: out.ok ? null : (out.error ?? 'unreadable'),
    // skops builds only the types it is told to trust: one outside the allow-list needs the user's trust first.
    runsCode: artifact.format !== 'skops' || imports.some((i) => i.verdict !== 'allowed'),
    compression: out.compression ?? null,
    imports,
    flagged: imports.filter((i) => i.verdict === 'flagged').length,
    unknown: imports.filter((i) => i.verdict === 'unknown').length,
    savedSklearn: out.sklearnVersion ?? null,
  };
}

const order = (i: ScannedImport): number => (i.verdict === 'flagged' ? 0 : i.verdict === 'unknown' ? 1 : 2);
