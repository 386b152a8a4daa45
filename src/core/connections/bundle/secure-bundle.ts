import { X509Certificate, createPrivateKey } from 'node:crypto';
import { ProfileDraft } from '../../../shared/contract/connections';
import { invalid } from '../uri';
import { readZip, ZipError } from './zip';

/**
 * A Cassandra secure connect bundle (the zip DataStax Astra hands out:
 * config.json with the endpoint, ca.crt, cert and key for mutual TLS) turned
 * into a Cassandra draft: the endpoint becomes the contact point, the CA and
 * client certificate go into the TLS section, and the private key becomes a
 * secret (`set`), so saving the draft puts it in the vault and nowhere else.
 * The zip itself is not kept: after import its parts live where every other
 * profile's do.
 *
 * What this does not do: Astra's cloud routing (the driver asks the bundle's
 * metadata service for an SNI proxy and connects through it by host id). The
 * draft connects straight to `host:cql_port` over mutual TLS, which is what a
 * self-managed cluster's bundle means; against Astra itself it is untested.
 */

export const MAX_BUNDLE_BYTES = 1024 * 1024;

interface BundleConfig {
  host: string;
  cqlPort: number;
  /** Astra's metadata service port (config.json "port" beside "cql_port"); null for a self-managed bundle. */
  metadataPort: number | null;
  keyspace: string;
  localDc: string;
}

function text(files: Map<string, Buffer>, wanted: string): string | undefined {
  // Entries may sit in a top-level folder; match on the base name.
  for (const [name, data] of files) if (name === wanted || name.endsWith(`/${wanted}`)) return data.toString('utf8');
  return undefined;
}

function readConfig(raw: string | undefined): BundleConfig {
  if (raw === undefined) throw invalid('The bundle has no config.json; it is not a secure connect bundle.');
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    throw invalid("The bundle's config.json is not valid JSON.");
  }
  const o = (typeof json === 'object' && json !== null ? json : {}) as Record<string, unknown>;
  const host = typeof o.host === 'string' ? o.host.trim() : '';
  const cqlPort = Number(o.cql_port ?? o.port);
  if (host === '') throw invalid("The bundle's config.json names no host.");
  if (!Number.isInteger(cqlPort) || cqlPort < 1 || cqlPort > 65535)
    throw invalid("The bundle's config.json has no valid cql_port.");
  const port = Number(o.port);
  const metadataPort =
    o.cql_port !== undefined &&
    o.port !== undefined &&
    Number.isInteger(port) &&
    port >= 1 &&
    port <= 65535 &&
    port !== cqlPort
      ? port
      : null;
  return {
    host,
    cqlPort,
    metadataPort,
    keyspace: typeof o.keyspace === 'string' ? o.keyspace : '',
    localDc: typeof o.localDC === 'string' ? o.localDC : '',
  };
}

/** Parses the PEM files and checks they are what they claim, so a bad bundle fails here, not at connect. */
function checkPem(ca: string, cert: string, key: string): void {
  try {
    new X509Certificate(ca);
  } catch {
    throw invalid("The bundle's ca.crt is not a PEM certificate.");
  }
  let clientCert: X509Certificate;
  try {
    clientCert = new X509Certificate(cert);
  } catch {
    throw invalid("The bundle's cert is not a PEM certificate.");
  }
  let privateKey;
  try {
    privateKey = createPrivateKey(key);
  } catch {
    throw invalid("The bundle's key is not a PEM private key (an encrypted key is not supported here).");
  }
  if (!clientCert.checkPrivateKey(privateKey)) throw invalid("The bundle's key does not belong to its cert.");
}

export function draftFromSecureBundle(bytes: Buffer, name?: string): { draft: ProfileDraft; warnings: string[] } {
  if (bytes.length > MAX_BUNDLE_BYTES)
    throw invalid(
      `The bundle is ${bytes.length} bytes; a secure connect bundle is a few KB (limit ${MAX_BUNDLE_BYTES}).`,
    );
  let files: Map<string, Buffer>;
  try {
    files = readZip(bytes);
  } catch (err) {
    if (err instanceof ZipError) throw invalid(err.message);
    throw err;
  }
  const config = readConfig(text(files, 'config.json'));
  const ca = text(files, 'ca.crt');
  const cert = text(files, 'cert');
  const key = text(files, 'key');
  if (ca === undefined || cert === undefined || key === undefined)
    throw invalid('The bundle lacks ca.crt, cert or key (the PEM files of its mutual TLS).');
  checkPem(ca, cert, key);
  const warnings: string[] = [];
  if (config.localDc === '')
    warnings.push('The bundle names no data centre; datacenter1 was assumed. Check "Local data center".');
  const keyspaceOk = /^[A-Za-z0-9_]{0,48}$/.test(config.keyspace);
  if (!keyspaceOk)
    warnings.push(`The bundle's keyspace "${config.keyspace}" is not a valid keyspace name; left empty.`);
  const host = config.host.includes(':') ? `[${config.host}]` : config.host;
  const draft = ProfileDraft.parse({
    kind: 'cassandra',
    name: name ?? `Cassandra ${config.host}`,
    contactPoints: [`${host}:${config.cqlPort}`],
    cloudMetadata: config.metadataPort === null ? '' : `${host}:${config.metadataPort}`,
    localDataCenter: config.localDc || 'datacenter1',
    keyspace: keyspaceOk ? config.keyspace : '',
    tls: {
      enabled: true,
      ca,
      cert,
      key: { action: 'set', value: key },
    },
  });
  return { draft, warnings };
}
