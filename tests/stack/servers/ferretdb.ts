/**
 * MongoDB-wire server of the local stack: FerretDB 1.24.x with its SQLite
 * backend, on 127.0.0.1:27017. Real `mongod` binaries are not available from
 * the package registries we may use, so we build FerretDB from the Go module
 * proxy through the tiny wrapper module in tests/stack/ferretdb (main.go there
 * explains why a plain `go install` of FerretDB does not work).
 *
 * FerretDB is not MongoDB. Checked against this build (1.24.2, SQLite):
 * - aggregation: only $match $group $sort $limit $skip $project $addFields
 *   $set $unset $unwind $count $collStats (buildInfo lists them under
 *   `ferretdbFeatures.aggregationStages`); $group accumulators only $sum and
 *   $count; expression operators only $sum and $type. No $lookup, $facet, $out...
 * - no change streams, no transactions (standalone, no replica set).
 * - indexes: single/compound/unique/sparse only; no TTL, partial, text,
 *   2dsphere, hashed or collation indexes. Decimal128 values drop the connection.
 * - explain returns SQLite's query plan, not winningPlan/executionStats.
 * Code and tests must check what the server supports rather than assume.
 */
import { mkdirSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { MongoClient } from 'mongodb';
import type { MongoClientOptions } from 'mongodb';
import { portInUse, runCommand, withDeadline } from '../proc.js';
import type { LaunchSpec, ProbeResult, ServerDef, StackOptions } from '../types.js';

export const MONGODB_HOST = '127.0.0.1';
export const MONGODB_PORT = 27017;
/** directConnection: a standalone server; never try replica-set discovery. */
export const MONGODB_URI = `mongodb://${MONGODB_HOST}:${MONGODB_PORT}/?directConnection=true`;

/** Keep in sync with the FerretDB requirement in tests/stack/ferretdb/go.mod. */
export const FERRETDB_VERSION = '1.24.2';

const NAME = 'mongodb';
const BINARY = 'stackdeck-ferretdb';
/** FerretDB 1.24.2's go.mod says `go 1.24`; older toolchains cannot build it. */
const MIN_GO_MINOR = 24;

/** The Go wrapper module, resolved from this file so the CLI's cwd does not matter. */
const WRAPPER_DIR = fileURLToPath(new URL('../ferretdb/', import.meta.url));

const home = (o: StackOptions): string => join(o.root, NAME);
const binPath = (o: StackOptions): string => join(home(o), 'bin', BINARY);
const dataDir = (o: StackOptions): string => join(home(o), 'data');

/**
 * Driver options that make a connection attempt fail fast instead of the
 * driver's 30 s server selection. Exported so tests build clients the same way.
 */
export function mongoClientOptions(timeoutMs: number): MongoClientOptions {
  return {
    serverSelectionTimeoutMS: timeoutMs,
    connectTimeoutMS: timeoutMs,
    socketTimeoutMS: timeoutMs,
    appName: 'stackdeck-tests',
  };
}

/** Newest mtime of the files that define the binary (go.mod, go.sum, *.go). */
function newestSourceMtimeMs(): number {
  let newest = 0;
  for (const e of readdirSync(WRAPPER_DIR, { withFileTypes: true })) {
    if (e.isFile() && (e.name.endsWith('.go') || e.name === 'go.mod' || e.name === 'go.sum')) {
      newest = Math.max(newest, statSync(join(WRAPPER_DIR, e.name)).mtimeMs);
    }
  }
  return newest;
}

/** Fail with a useful message when `go` is missing or too old (Debian bookworm's is 1.19). */
async function checkGo(): Promise<void> {
  const hint =
    `Building FerretDB needs Go >= 1.${MIN_GO_MINOR} on PATH ` +
    `(or Go >= 1.21 with GOTOOLCHAIN=auto, which fetches a newer toolchain from the Go module proxy)`;
  const { output } = await runCommand('go', ['env', 'GOVERSION', 'GOTOOLCHAIN'], {
    timeoutMs: 30_000,
    what: hint,
  });
  const [goVersion = '', toolchain = ''] = output.trim().split('\n');
  const m = /^go1\.(\d+)/.exec(goVersion.trim());
  const minor = m?.[1] === undefined ? 0 : Number(m[1]);
  // Go 1.21+ switches toolchains itself unless GOTOOLCHAIN=local; let it try.
  const canSwitch = minor >= 21 && toolchain.trim() !== 'local';
  if (minor < MIN_GO_MINOR && !canSwitch) {
    throw new Error(`${hint}; found ${goVersion.trim() || 'an unknown version'} (GOTOOLCHAIN=${toolchain.trim()})`);
  }
}

async function install(o: StackOptions): Promise<void> {
  await buildFerretDB(binPath(o));
}

/**
 * Builds the wrapper into `bin` unless it was built after the last source
 * change. Also used by ferretdb-secure, which builds its own copy so a new
 * wrapper flag never swaps the binary of the shared plain server.
 */
export async function buildFerretDB(bin: string): Promise<void> {
  try {
    if (statSync(bin).mtimeMs > newestSourceMtimeMs()) return; // built after the last source change
  } catch {
    /* not built yet */
  }
  await checkGo();
  mkdirSync(dirname(bin), { recursive: true });
  // Build to a temporary name and rename, so an interrupted build never leaves
  // a binary that the mtime check above would take for a good cached one.
  const tmp = `${bin}.tmp-${process.pid}`;
  process.stderr.write(`${NAME}: building FerretDB ${FERRETDB_VERSION} (first build: about 1-2 minutes)\n`);
  try {
    await runCommand(
      'go',
      // -mod=readonly: the committed go.sum must already be complete; a build
      //   never rewrites it. -trimpath, -buildvcs=false and CGO_ENABLED=0 make
      //   the binary independent of the checkout path, git state and C toolchain.
      ['build', '-mod=readonly', '-trimpath', '-buildvcs=false', '-o', tmp, './'],
      {
        cwd: WRAPPER_DIR,
        // modernc.org/sqlite is pure Go, so no C compiler is needed.
        env: { CGO_ENABLED: '0' },
        timeoutMs: 20 * 60_000,
        what: `go build of ${WRAPPER_DIR} (FerretDB ${FERRETDB_VERSION})`,
      },
    );
    renameSync(tmp, bin);
  } finally {
    rmSync(tmp, { force: true });
  }
}

async function prepare(o: StackOptions): Promise<void> {
  // The SQLite backend refuses a missing directory (the wrapper creates it
  // too, but a failure here reads better than a crashed process).
  mkdirSync(dataDir(o), { recursive: true });
}

function launch(o: StackOptions): LaunchSpec[] {
  return [
    {
      name: NAME,
      command: binPath(o),
      args: ['--listen-addr', `${MONGODB_HOST}:${MONGODB_PORT}`, '--state-dir', dataDir(o), '--log-level', 'info'],
      cwd: home(o),
    },
  ];
}

async function probe(_o: StackOptions, timeoutMs: number): Promise<ProbeResult> {
  // The driver keeps retrying a refused connection until serverSelectionTimeoutMS;
  // a plain TCP check first makes "not running" fail at once (status, tests).
  if (!(await portInUse(MONGODB_PORT, Math.min(timeoutMs, 1_000)))) {
    throw new Error(`nothing accepts connections on ${MONGODB_HOST}:${MONGODB_PORT}`);
  }
  const client = new MongoClient(MONGODB_URI, {
    ...mongoClientOptions(timeoutMs),
    appName: 'stackdeck-stack-probe',
    maxPoolSize: 1,
    retryReads: false,
  });
  const work = async (): Promise<ProbeResult> => {
    const info = await client.db('admin').command({ buildInfo: 1 });
    const version: unknown = info['version'];
    if (typeof version !== 'string') {
      throw new Error(`buildInfo on ${MONGODB_HOST}:${MONGODB_PORT} returned no version`);
    }
    const ferretdbVersion: unknown = info['ferretdbVersion'];
    if (typeof ferretdbVersion !== 'string') {
      // Some other MongoDB-wire server: report what it says, not what we expect.
      return { version };
    }
    const features: unknown = info['ferretdbFeatures'];
    const stages =
      typeof features === 'object' && features !== null && 'aggregationStages' in features
        ? features.aggregationStages
        : undefined;
    return {
      version: `${version} (FerretDB ${ferretdbVersion.replace(/^v/, '')})`,
      ...(Array.isArray(stages) ? { detail: `SQLite backend, ${stages.length} aggregation stages` } : {}),
    };
  };
  try {
    // The driver's own timeouts cover connecting; the deadline covers the rest.
    return await withDeadline(work(), timeoutMs, `${NAME} at ${MONGODB_HOST}:${MONGODB_PORT}`);
  } finally {
    await client.close().catch(() => undefined);
  }
}

const ferretdb: ServerDef = {
  name: NAME,
  ports: [MONGODB_PORT],
  install,
  prepare,
  launch,
  probe,
  // Answers within a second of being spawned; the margin is for a loaded CI box.
  startTimeoutMs: 30_000,
  // SIGTERM closes connections and checkpoints the SQLite WAL in milliseconds.
  stopGraceMs: 10_000,
};

export default ferretdb;
