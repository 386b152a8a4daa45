import { describe, expect, it } from 'vitest';
import type { ProbeEvent } from '../../../../src/shared/contract/connections';
import { ResolvedProfile } from '../../../../src/core/connections/model';
import { runProbe } from '../../../../src/core/connections/probe/index';
import { resolveMongoSeedlist, type SrvResolver } from '../../../../src/core/connections/probe/srv';

/**
 * mongodb+srv:// in the probe's DNS stage, with a stub resolver standing in for
 * DNS (no DNS server is reachable on the test machines). The SRV targets are
 * IP literals on a closed port, so the stages after DNS fail fast and locally.
 */

const srvHost = 'cluster0.abcde.mongodb.net';
const enodata = (): Promise<never> => Promise.reject(Object.assign(new Error('queryTxt ENODATA'), { code: 'ENODATA' }));

function stub(srv: Record<string, { name: string; port: number }[]>, txt: Record<string, string[][]> = {}) {
  const asked: string[] = [];
  const resolver: SrvResolver = {
    resolveSrv: async (name) => {
      asked.push(`SRV ${name}`);
      const r = srv[name];
      if (!r) throw Object.assign(new Error(`querySrv ENOTFOUND ${name}`), { code: 'ENOTFOUND' });
      return r;
    },
    resolveTxt: async (name) => {
      asked.push(`TXT ${name}`);
      return txt[name] ?? enodata();
    },
  };
  return { resolver, asked };
}

async function probe(resolver: SrvResolver) {
  const events: ProbeEvent[] = [];
  const profile = ResolvedProfile.parse({
    kind: 'mongo',
    name: 't',
    endpoint: { mode: 'uri', uri: `mongodb+srv://${srvHost}/` },
  });
  const done = await runProbe(profile, {
    stageTimeoutMs: 1_000,
    signal: new AbortController().signal,
    emit: (e) => events.push(e),
    srvResolver: resolver,
  });
  const dns = events.find((e) => e.type === 'stage' && e.stage === 'dns' && e.status !== 'running') as Extract<
    ProbeEvent,
    { type: 'stage' }
  >;
  return { done, dns };
}

describe('mongodb+srv seedlist', () => {
  it('shows the SRV hosts and the TXT options in the DNS stage, then dials those hosts', async () => {
    const { resolver, asked } = stub(
      { [`_mongodb._tcp.${srvHost}`]: [{ name: 'shard-00-00.abcde.mongodb.net', port: 27017 }] },
      { [srvHost]: [['authSource=admin&replicaSet=atlas-x1-shard-0']] },
    );
    const seeds = await resolveMongoSeedlist(srvHost, resolver, 1_000);
    expect(asked.sort()).toEqual([`SRV _mongodb._tcp.${srvHost}`, `TXT ${srvHost}`]);
    expect(seeds.endpoints).toEqual([
      { host: 'shard-00-00.abcde.mongodb.net', port: 27017, label: 'shard-00-00.abcde.mongodb.net:27017' },
    ]);
    expect(seeds.txtOptions).toEqual({ authSource: 'admin', replicaSet: 'atlas-x1-shard-0' });
    expect(seeds.notes.join('; ')).toMatch(/TXT cluster0\.abcde\.mongodb\.net: authSource=admin&replicaSet=/);
  });

  it('the probe reports the SRV and TXT answers at the DNS stage', async () => {
    // Targets inside the domain, resolved by the OS; a name that cannot resolve fails the lookup after SRV,
    // so the stage shows both: what SRV said, and which host did not resolve.
    const { resolver } = stub(
      { [`_mongodb._tcp.${srvHost}`]: [{ name: 'nowhere.abcde.mongodb.net.invalid.abcde.mongodb.net', port: 1 }] },
      { [srvHost]: [['replicaSet=rs0']] },
    );
    const { dns } = await probe(resolver);
    expect(dns.status).toBe('failed');
    expect(dns.errorCode).toBe('UNREACHABLE');
    expect(dns.message).toContain(
      `SRV _mongodb._tcp.${srvHost} → nowhere.abcde.mongodb.net.invalid.abcde.mongodb.net:1; TXT ${srvHost}: replicaSet=rs0`,
    );
  });

  it('no TXT record is fine; the DNS stage says so', async () => {
    const { resolver } = stub({ [`_mongodb._tcp.${srvHost}`]: [{ name: 'a.abcde.mongodb.net', port: 27017 }] });
    const seeds = await resolveMongoSeedlist(srvHost, resolver, 1_000);
    expect(seeds.txtOptions).toEqual({});
    expect(seeds.notes).toContain(`TXT ${srvHost}: none`);
  });

  it('refuses a SRV target outside the host domain (it would receive the credentials)', async () => {
    const { resolver } = stub({ [`_mongodb._tcp.${srvHost}`]: [{ name: 'evil.example.com', port: 27017 }] });
    await expect(resolveMongoSeedlist(srvHost, resolver, 1_000)).rejects.toMatchObject({ code: 'ESRVDOMAIN' });
    const { done, dns } = await probe(resolver);
    expect(done).toMatchObject({ ok: false, failedStage: 'dns' });
    expect(dns.message).toMatch(/outside abcde\.mongodb\.net; refused/);
  });

  it('refuses TXT options the spec does not allow, and more than one TXT record', async () => {
    const srv = { [`_mongodb._tcp.${srvHost}`]: [{ name: 'a.abcde.mongodb.net', port: 27017 }] };
    const bad = stub(srv, { [srvHost]: [['tls=false']] }).resolver;
    await expect(resolveMongoSeedlist(srvHost, bad, 1_000)).rejects.toThrow(/sets "tls"/);
    const two = stub(srv, { [srvHost]: [['authSource=admin'], ['replicaSet=x']] }).resolver;
    await expect(resolveMongoSeedlist(srvHost, two, 1_000)).rejects.toThrow(/2 TXT records/);
  });

  it('a missing SRV record fails the DNS stage with ENOTFOUND', async () => {
    const { done, dns } = await probe(stub({}).resolver);
    expect(done.failedStage).toBe('dns');
    expect(dns.code).toBe('ENOTFOUND');
  });

  it('a host with fewer than three parts is not a SRV host', async () => {
    await expect(resolveMongoSeedlist('mongodb.net', stub({}).resolver, 1_000)).rejects.toThrow(/three parts/);
  });

  it('a resolver that never answers is bounded by the deadline', async () => {
    const hang: SrvResolver = {
      resolveSrv: () => new Promise(() => undefined),
      resolveTxt: () => new Promise(() => undefined),
    };
    const started = Date.now();
    await expect(resolveMongoSeedlist(srvHost, hang, 200)).rejects.toMatchObject({ code: 'ETIMEDOUT' });
    expect(Date.now() - started).toBeLessThan(1_000);
  });
});
