import { SSH_SECRET_LABEL, type ProfileDraft, type ProfileKind } from '../../shared/contract/connections';
import { StackdeckError } from '../../shared/errors';
import type { StoredProfile } from './model';
import { mongoUriHosts, splitHostPort } from './uri';

/**
 * A stored secret is bound to the endpoint it was saved for (issue #8). A draft
 * may say `keep` for a secret only while it would send that secret to the same
 * place, by the same means: otherwise anyone who can call core (a web-mode token
 * holder, a compromised renderer) could point a saved profile at a server they
 * run and have core hand it the password.
 *
 * "The same place" is: the same kind; every host:port among those saved (a
 * subset is fine, the secret still only goes where it went before); for a
 * MongoDB URI, the same SRV-or-not; TLS on/off, server name, CA, and
 * certificate verification unchanged; the same SASL / auth mechanism (PLAIN
 * sends the password in clear where SCRAM does not).
 */

/** The fields of a profile that decide where, and how, its secrets are sent. Drafts and stored profiles both have them. */
interface TlsFields {
  enabled: boolean;
  ca: string;
  insecureSkipVerify: boolean;
  serverName: string;
}
interface SshHopFields {
  host: string;
  port: number;
  username: string;
  auth: string;
  hostKey: string;
}
/** The SSH tunnel decides where the SSH secrets go, and which network the server's address means. */
interface SshFields extends SshHopFields {
  enabled: boolean;
  jump: SshHopFields & { enabled: boolean };
}
export type EndpointFields = { tls: TlsFields; ssh?: SshFields } & (
  | {
      kind: 'kafka';
      brokers: readonly string[];
      sasl: { mechanism: string; tokenEndpoint?: string };
      connect: { url: string };
      /** Optional so a stored profile written before the registry settings still compares. */
      schemaRegistry?: { url: string; auth: string };
    }
  | {
      kind: 'mongo';
      endpoint: { mode: 'fields'; hosts: readonly string[] } | { mode: 'uri'; uri: string };
      authMechanism: string;
    }
  | { kind: 'cassandra'; contactPoints: readonly string[]; cloudMetadata?: string }
  | { kind: 'neo4j'; uri: string }
  | { kind: 'redis'; host: string; port: number; cluster?: boolean; seeds?: readonly string[] }
);

export interface Endpoint {
  kind: ProfileKind;
  /** Lowercased host:port pairs (default port applied), sorted. */
  hosts: string[];
  /** Everything else that must match exactly. */
  rest: string;
}

const norm = (hostPort: string, kind: ProfileKind): string => {
  const { host, port } = splitHostPort(hostPort, kind);
  return `${host.toLowerCase()}:${port}`;
};

export function endpointOf(p: EndpointFields): Endpoint {
  const kind = p.kind;
  let hosts: string[];
  let extra: Record<string, unknown> = {};
  switch (p.kind) {
    case 'kafka':
      hosts = p.brokers.map((b) => norm(b, kind));
      // The OAUTHBEARER client secret goes to the token endpoint: it is part of where the secret goes.
      extra = { mechanism: p.sasl.mechanism, tokenEndpoint: p.sasl.tokenEndpoint ?? '' };
      break;
    case 'mongo':
      if (p.endpoint.mode === 'fields') {
        hosts = p.endpoint.hosts.map((h) => norm(h, kind));
        extra = { srv: false };
      } else {
        const parsed = mongoUriHosts(p.endpoint.uri);
        hosts = parsed.hosts.map((h) => norm(h, kind));
        extra = { srv: parsed.srv };
      }
      extra.mechanism = p.authMechanism;
      break;
    case 'cassandra':
      hosts = p.contactPoints.map((h) => norm(h, kind));
      // Astra: the metadata service names the proxy the password goes through.
      extra = { cloudMetadata: p.cloudMetadata ? norm(p.cloudMetadata, kind) : '' };
      break;
    case 'neo4j': {
      const m = /^(?:bolt|neo4j):\/\/([^/?#\s@]+)\/?$/.exec(p.uri);
      hosts = m ? [norm(m[1] as string, kind)] : [p.uri];
      break;
    }
    case 'redis':
      hosts = [
        `${p.host.replace(/^\[(.*)\]$/, '$1').toLowerCase()}:${p.port}`,
        // A cluster's other seed nodes receive the same credentials.
        ...(p.cluster ? (p.seeds ?? []).map((h) => norm(h, kind)) : []),
      ];
      break;
  }
  const tls = p.tls;
  const rest = JSON.stringify({
    ...extra,
    tls: tls.enabled,
    serverName: tls.serverName.toLowerCase(),
    ca: tls.ca.trim(),
    insecure: tls.insecureSkipVerify,
    ...(p.ssh?.enabled ? { ssh: sshKey(p.ssh) } : {}),
  });
  return { kind, hosts: [...new Set(hosts)].sort(), rest };
}

function sshKey(s: SshFields): string {
  const hop = (h: SshHopFields) => `${h.auth}:${h.username}@${h.host.toLowerCase()}:${h.port}#${h.hostKey}`;
  return s.jump.enabled ? `${hop(s.jump)} -> ${hop(s)}` : hop(s);
}

/** Why a draft's endpoint differs from the saved one, in words; null when a kept secret may follow it. */
export function endpointChange(draft: EndpointFields, saved: EndpointFields): string | null {
  const a = endpointOf(draft);
  const b = endpointOf(saved);
  if (a.kind !== b.kind) return 'the kind of server changed';
  const savedHosts = new Set(b.hosts);
  const added = a.hosts.filter((h) => !savedHosts.has(h));
  if (added.length > 0) return `${added.join(', ')} ${added.length === 1 ? 'is' : 'are'} not where it was saved for`;
  if (a.rest !== b.rest) {
    const x = JSON.parse(a.rest) as Record<string, unknown>;
    const y = JSON.parse(b.rest) as Record<string, unknown>;
    const what = Object.keys({ ...x, ...y }).filter((k) => JSON.stringify(x[k]) !== JSON.stringify(y[k]));
    return `the ${what.map((k) => CHANGE_LABEL[k] ?? k).join(', ')} changed`;
  }
  return null;
}

const CHANGE_LABEL: Record<string, string> = {
  mechanism: 'authentication mechanism',
  tokenEndpoint: 'OAuth token endpoint',
  srv: 'SRV lookup',
  tls: 'TLS setting',
  serverName: 'TLS server name',
  ca: 'trusted CA',
  insecure: 'certificate verification',
  ssh: 'SSH tunnel',
  cloudMetadata: 'Astra metadata service',
};

/**
 * Refuses a draft that keeps a stored secret of `saved` while pointing somewhere
 * else. `kept` are the secret paths the draft keeps that actually hold a value.
 */
export function assertSecretsMayFollow(draft: ProfileDraft, saved: StoredProfile, kept: readonly string[]): void {
  // The Connect password goes to the Connect worker, and the registry's password or token to the
  // Schema Registry, not to the brokers: each is bound to its own URL.
  const connectKept = kept.filter((path) => path.startsWith('connect.'));
  const registryKept = kept.filter((path) => path.startsWith('schemaRegistry.'));
  const clusterKept = kept.filter((path) => !path.startsWith('connect.') && !path.startsWith('schemaRegistry.'));
  if (connectKept.length > 0 && draft.kind === 'kafka' && saved.kind === 'kafka') {
    refuse(connectKept, connectEndpointChange(draft, saved));
  }
  if (registryKept.length > 0 && draft.kind === 'kafka' && saved.kind === 'kafka') {
    refuse(registryKept, registryEndpointChange(draft, saved));
  }
  if (clusterKept.length > 0) refuse(clusterKept, endpointChange(draft, saved));
}

/** A Connect URL as the secret is bound to it: scheme, host, port and path (lowercased host, default port applied). */
export function connectUrlKey(url: string): string {
  if (url.trim() === '') return '';
  try {
    const u = new URL(url);
    const port = u.port || (u.protocol === 'https:' ? '443' : '80');
    return `${u.protocol}//${u.hostname.toLowerCase()}:${port}${u.pathname.replace(/\/+$/, '')}`;
  } catch {
    return url;
  }
}

type KafkaFields = Extract<EndpointFields, { kind: 'kafka' }>;

const tlsOf = (p: KafkaFields): string =>
  JSON.stringify([p.tls.enabled, p.tls.ca.trim(), p.tls.serverName.toLowerCase(), p.tls.insecureSkipVerify]);

function connectEndpointChange(draft: KafkaFields, saved: KafkaFields): string | null {
  if (connectUrlKey(draft.connect.url) !== connectUrlKey(saved.connect.url)) return 'the Kafka Connect URL changed';
  // An https worker gets the cluster's TLS settings.
  if (draft.connect.url.startsWith('https:') && tlsOf(draft) !== tlsOf(saved)) return 'the TLS settings changed';
  return null;
}

/** The same rule for the Schema Registry: its URL, its auth scheme, and for https the cluster's TLS it uses. */
function registryEndpointChange(draft: KafkaFields, saved: KafkaFields): string | null {
  const a = draft.schemaRegistry ?? { url: '', auth: 'none' };
  const b = saved.schemaRegistry ?? { url: '', auth: 'none' };
  if (connectUrlKey(a.url) !== connectUrlKey(b.url)) return 'the Schema Registry URL changed';
  // A password saved for basic auth must not become a bearer token (or the reverse) without being typed again.
  if (a.auth !== b.auth) return 'the Schema Registry authentication changed';
  if (a.url.startsWith('https:') && tlsOf(draft) !== tlsOf(saved)) return 'the TLS settings changed';
  return null;
}

function refuse(kept: readonly string[], why: string | null): void {
  if (why === null) return;
  const labels = kept.map((path) => SECRET_LABEL[path] ?? path);
  throw new StackdeckError(
    'INVALID_INPUT',
    `The saved ${labels.join(' and ')} ${labels.length === 1 ? 'was' : 'were'} stored for another server: ${why}. ` +
      `Enter the ${labels.join(' and ')} again to use ${labels.length === 1 ? 'it' : 'them'} with this one.`,
    { reason: 'secret-endpoint-changed', fields: kept.join(',') },
  );
}

const SECRET_LABEL: Record<string, string> = {
  password: 'password',
  'sasl.password': 'password',
  'tls.key': 'client key',
  'tls.keyPassphrase': 'key passphrase',
  ...SSH_SECRET_LABEL,
  'connect.password': 'Kafka Connect password',
  'schemaRegistry.password': 'Schema Registry password',
  'schemaRegistry.token': 'Schema Registry token',
};
