import { Resolver } from 'node:dns/promises';
import { within } from '../clients/common';
import type { Endpoint } from './network';

/**
 * mongodb+srv:// resolution for the probe's DNS stage, per the MongoDB "Initial
 * DNS Seedlist Discovery" spec: the SRV record `_mongodb._tcp.<host>` names the
 * hosts, an optional TXT record on `<host>` carries `authSource` / `replicaSet`
 * / `loadBalanced`. The resolver is injected so unit tests can stand in for DNS
 * (no DNS server is reachable on the test machines); the real one is bounded
 * and cancelled with the stage.
 */

export interface SrvRecord {
  name: string;
  port: number;
}

/** The two lookups a mongodb+srv URI needs; `node:dns/promises` Resolver has this shape. */
export interface SrvResolver {
  resolveSrv(name: string): Promise<SrvRecord[]>;
  resolveTxt(name: string): Promise<string[][]>;
}

export interface MongoSeedlist {
  endpoints: Endpoint[];
  /** Options from the TXT record, e.g. `{ authSource: 'admin', replicaSet: 'atlas-x' }`. */
  txtOptions: Record<string, string>;
  /** What the DNS stage shows. */
  notes: string[];
}

/** The only options the spec allows in the TXT record. */
const TXT_OPTIONS = new Set(['authSource', 'replicaSet', 'loadBalanced']);

/** A real resolver with the stage's deadline, cancelled when the stage is. */
export function systemSrvResolver(ms: number, signal: AbortSignal): SrvResolver & { dispose(): void } {
  const resolver = new Resolver({ timeout: ms, tries: 1 });
  const cancel = (): void => resolver.cancel();
  signal.addEventListener('abort', cancel, { once: true });
  return {
    resolveSrv: (name) => resolver.resolveSrv(name),
    resolveTxt: (name) => resolver.resolveTxt(name),
    dispose: () => signal.removeEventListener('abort', cancel),
  };
}

/** The parent domain a SRV target must belong to: the host without its first label. */
function parentDomain(host: string): string {
  return host.toLowerCase().replace(/\.$/, '').split('.').slice(1).join('.');
}

function dnsError(message: string, code: string): Error & { code: string } {
  return Object.assign(new Error(message), { code });
}

export async function resolveMongoSeedlist(host: string, resolver: SrvResolver, ms: number): Promise<MongoSeedlist> {
  const h = host.toLowerCase();
  if (h.split('.').length < 3)
    throw dnsError(
      `"${host}" is not a mongodb+srv host name: it needs at least three parts (cluster0.abcde.mongodb.net).`,
      'EINVAL',
    );
  const [records, txt] = await Promise.all([
    within(resolver.resolveSrv(`_mongodb._tcp.${h}`), ms, 'The SRV lookup'),
    // No TXT record is normal (ENODATA / ENOTFOUND); other failures are reported.
    within(resolver.resolveTxt(h), ms, 'The TXT lookup').catch((err: unknown) => {
      const code = (err as { code?: unknown }).code;
      if (code === 'ENODATA' || code === 'ENOTFOUND') return [] as string[][];
      throw err;
    }),
  ]);
  if (records.length === 0) throw dnsError(`The SRV record _mongodb._tcp.${h} names no hosts.`, 'ENODATA');
  // A target outside the host's domain would let whoever controls that DNS answer send the
  // credentials anywhere; the spec requires refusing it.
  const domain = parentDomain(h);
  const foreign = records.find((r) => !`.${r.name.toLowerCase().replace(/\.$/, '')}`.endsWith(`.${domain}`));
  if (foreign)
    throw dnsError(
      `The SRV record of ${h} points to ${foreign.name}, outside ${domain}; refused (a mongodb+srv host must be in the same domain).`,
      'ESRVDOMAIN',
    );
  if (txt.length > 1) throw dnsError(`${h} has ${txt.length} TXT records; a mongodb+srv host may have one.`, 'ETXT');
  const txtOptions: Record<string, string> = {};
  const text = (txt[0] ?? []).join('');
  for (const pair of text === '' ? [] : text.split('&')) {
    const [key = '', value = ''] = pair.split('=');
    if (!TXT_OPTIONS.has(key))
      throw dnsError(
        `The TXT record of ${h} sets "${key}", which only authSource, replicaSet and loadBalanced may.`,
        'ETXT',
      );
    txtOptions[key] = decodeURIComponent(value);
  }
  const endpoints = records.map((r) => {
    const name = r.name.replace(/\.$/, '');
    return { host: name, port: r.port, label: `${name}:${r.port}` };
  });
  const notes = [`SRV _mongodb._tcp.${h} → ${endpoints.map((e) => e.label).join(', ')}`];
  notes.push(text === '' ? `TXT ${h}: none` : `TXT ${h}: ${text}`);
  return { endpoints, txtOptions, notes };
}
