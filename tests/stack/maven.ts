/**
 * The Java servers of the stack (Kafka, Cassandra, Neo4j) come from Maven
 * Central: each has a small pom whose dependencies `mvn dependency:copy-dependencies`
 * copies into a lib/ directory, cached by a marker holding the version.
 */
import { renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { readText, runCommand } from './proc.js';

/** A JDK tool, from JAVA_HOME when set. */
export function jdkTool(tool: 'java' | 'javac'): string {
  return process.env.JAVA_HOME ? join(process.env.JAVA_HOME, 'bin', tool) : tool;
}

export interface MavenJars {
  /** Server name for messages, e.g. `Cassandra`. */
  name: string;
  version: string;
  pom: string;
  /** Where the jars go; replaced whole on a version change. */
  lib: string;
  /** `-D` properties passed to mvn (e.g. the version the pom reads). */
  properties?: Record<string, string>;
  /** `-DincludeScope`; unset copies every scope. */
  includeScope?: 'runtime';
  /** Checks the resolved directory before it replaces lib/ (throw to refuse it). */
  verify?(dir: string): void;
}

/** Resolves the jars unless lib/ already holds this version. */
export async function installMavenJars(jars: MavenJars): Promise<void> {
  const marker = join(jars.lib, '.installed');
  if ((await readText(marker))?.trim() === jars.version) return;
  await runCommand(jdkTool('java'), ['-version'], {
    timeoutMs: 30_000,
    what: `java (${jars.name} needs a JDK 17: apt-get install -y openjdk-17-jdk-headless)`,
  });
  // Resolve into a temporary directory and rename, so an interrupted download
  // never leaves a half-filled lib/ that looks installed, and an old version's
  // jars never mix with the new ones.
  const tmp = `${jars.lib}.tmp-${process.pid}`;
  rmSync(tmp, { recursive: true, force: true });
  const args = ['-q', '-B', '-f', jars.pom, 'dependency:copy-dependencies'];
  if (jars.includeScope) args.push(`-DincludeScope=${jars.includeScope}`);
  for (const [key, value] of Object.entries(jars.properties ?? {})) args.push(`-D${key}=${value}`);
  args.push(`-DoutputDirectory=${tmp}`);
  await runCommand('mvn', args, {
    timeoutMs: 15 * 60_000,
    what: `mvn dependency:copy-dependencies for ${jars.name} ${jars.version} (needs Maven: apt-get install -y maven)`,
  });
  jars.verify?.(tmp);
  rmSync(jars.lib, { recursive: true, force: true });
  renameSync(tmp, jars.lib);
  writeFileSync(marker, `${jars.version}\n`);
}
