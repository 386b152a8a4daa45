import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import neo4j from 'neo4j-driver';
import type { AuthToken, Config, Driver } from 'neo4j-driver';
import type { ResolvedOf } from '../model';
import { closeQuietly, type PingResult, type Timeouts } from './common';

export type Neo4jProfileResolved = ResolvedOf<'neo4j'>;

export interface Neo4jLive {
  readonly driver: Driver;
  /** Database to use; empty means the server's default. */
  readonly database: string;
  ping(): Promise<PingResult>;
  close(): Promise<void>;
}

export function neo4jAuth(p: Neo4jProfileResolved): AuthToken {
  // No user name: the 'none' scheme, for servers with auth disabled (the driver has no helper for it).
  return p.username ? neo4j.auth.basic(p.username, p.password) : { scheme: 'none', credentials: '' };
}

/**
 * neo4j-driver only reads trusted CAs and client certificates from files. They
 * are written to a private temp directory (0700, files 0600) for the driver's
 * lifetime and removed on close.
 */
export async function neo4jConfig(
  p: Neo4jProfileResolved,
  t: Timeouts,
): Promise<{ config: Config; cleanup: () => Promise<void> }> {
  const config: Config = {
    connectionTimeout: t.connectMs,
    connectionAcquisitionTimeout: t.requestMs,
    // The default retries a failed managed transaction for 30 s.
    maxTransactionRetryTime: t.retries === 0 ? 0 : 5_000,
    maxConnectionPoolSize: 20,
    userAgent: 'Stackdeck',
    telemetryDisabled: true,
    disableAutoCommitRetries: t.retries === 0,
    encrypted: p.tls.enabled ? 'ENCRYPTION_ON' : 'ENCRYPTION_OFF',
  };
  let dir: string | undefined;
  const cleanup = async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  };
  if (p.tls.enabled) {
    const needFiles = Boolean(p.tls.ca || (p.tls.cert && p.tls.key));
    if (needFiles) dir = await mkdtemp(join(tmpdir(), 'stackdeck-neo4j-'));
    const file = async (name: string, content: string) => {
      const path = join(dir as string, name);
      await writeFile(path, content, { mode: 0o600 });
      return path;
    };
    if (p.tls.insecureSkipVerify) config.trust = 'TRUST_ALL_CERTIFICATES';
    else if (p.tls.ca) {
      config.trust = 'TRUST_CUSTOM_CA_SIGNED_CERTIFICATES';
      config.trustedCertificates = [await file('ca.pem', p.tls.ca)];
    } else config.trust = 'TRUST_SYSTEM_CA_SIGNED_CERTIFICATES';
    if (p.tls.cert && p.tls.key) {
      const certificate = {
        certfile: await file('cert.pem', p.tls.cert),
        keyfile: await file('key.pem', p.tls.key),
        ...(p.tls.keyPassphrase ? { password: p.tls.keyPassphrase } : {}),
      };
      // A provider, not the plain certificate: neo4j-driver 6 wraps a plain one into a
      // provider only when encryption comes from a +s URI scheme; set through `encrypted`
      // (as here) it would fail at connect with "getClientCertificate is not a function".
      config.clientCertificate = { getClientCertificate: () => certificate, hasUpdate: () => false };
    }
  }
  return { config, cleanup };
}

export function neo4jUri(p: Neo4jProfileResolved): string {
  return p.uri.replace(/\/$/, '');
}

/** Creates the driver and checks the credentials (the driver itself connects lazily). */
export async function openNeo4j(p: Neo4jProfileResolved, t: Timeouts): Promise<Neo4jLive> {
  const { config, cleanup } = await neo4jConfig(p, t);
  const driver = neo4j.driver(neo4jUri(p), neo4jAuth(p), config);
  const close = async () => {
    await closeQuietly(() => driver.close());
    await cleanup();
  };
  try {
    await verifyNeo4jAuth(driver, p.database);
  } catch (err) {
    await close();
    throw err;
  }
  return { driver, database: p.database, ping: () => pingNeo4j(driver, p.database), close };
}

/** verifyAuthentication resolves false on refused credentials; turn that into a proper error. */
export async function verifyNeo4jAuth(driver: Driver, database: string): Promise<void> {
  const ok = await driver.verifyAuthentication(database ? { database } : {});
  if (!ok)
    throw Object.assign(new Error('The server refused the user name or password.'), {
      code: 'Neo.ClientError.Security.Unauthorized',
    });
}

export async function pingNeo4j(driver: Driver, database: string): Promise<PingResult> {
  const info = await driver.getServerInfo(database ? { database } : {});
  // agent looks like "Neo4j/5.26.0".
  const serverVersion = info.agent ? info.agent.replace('/', ' ') : null;
  return { serverVersion, message: `Bolt ${info.protocolVersion ?? '?'} at ${info.address ?? 'server'}` };
}
