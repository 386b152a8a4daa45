import type { ProbeEvent, ProbeStageName } from '../../../shared/contract/connections';
import { nodeTlsOptions, probeTimeouts, within } from '../clients/common';
import { classifyError, type Classified, type ConnErrorCode } from '../errors';
import { secretValues, type ResolvedProfile } from '../model';
import { scrubSecrets as scrub } from '../../errors';
import { driverProbe } from './drivers';
import { sshStage } from './ssh';
import { StageFailure, type StageExtra } from './stage-failure';
import type { Tunnel } from '../../ssh/tunnel';
import {
  endpointsOf,
  isIpLiteral,
  lookupHost,
  tcpConnect,
  tlsHandshake,
  type Endpoint,
  type ResolvedEndpoint,
} from './network';
import { resolveMongoSeedlist, systemSrvResolver, type SrvResolver } from './srv';

/**
 * The staged connection test: dns, tcp, tls, auth, ping. Each stage has its own
 * deadline (5 s by default) and reports ok / failed / skipped with the elapsed
 * time, the underlying code and a message. After a failure the remaining stages
 * are reported as skipped. The probe cannot hang: every stage is bounded, and the
 * driver is closed at the end whatever happened.
 */

export interface ProbeOptions {
  stageTimeoutMs: number;
  signal: AbortSignal;
  emit(event: ProbeEvent): void;
  /** DNS for mongodb+srv (SRV and TXT); the system resolver when absent. Tests pass a stub. */
  srvResolver?: SrvResolver;
}

type Outcome = { status: 'ok' | 'skipped'; message: string; extra?: StageExtra };

export async function runProbe(
  input: ResolvedProfile,
  opts: ProbeOptions,
): Promise<Extract<ProbeEvent, { type: 'done' }>> {
  let tunnel: Tunnel | undefined;
  try {
    return await probeStages(input, opts, (t) => (tunnel = t));
  } finally {
    await tunnel?.close();
  }
}

async function probeStages(
  input: ResolvedProfile,
  opts: ProbeOptions,
  ownTunnel: (tunnel: Tunnel) => void,
): Promise<Extract<ProbeEvent, { type: 'done' }>> {
  // Through an SSH tunnel, the stages after `ssh` see the profile pointed at the local forwards.
  let profile = input;
  let tunnel: Tunnel | undefined;
  const ms = opts.stageTimeoutMs;
  const secrets = secretValues(input);
  const ctx = { kind: profile.kind, secrets };
  const started = performance.now();
  const warnings: string[] = [];
  let failedStage: ProbeStageName | null = null;
  let serverVersion: string | null = null;

  const emitStage = (
    stage: ProbeStageName,
    status: 'running' | 'ok' | 'failed' | 'skipped',
    t0: number,
    message: string,
    code: string | null = null,
    errorCode: ConnErrorCode | null = null,
    extra: StageExtra = {},
  ) => {
    opts.emit({
      type: 'stage',
      stage,
      status,
      elapsedMs: Math.round(performance.now() - t0),
      code,
      errorCode,
      message: scrub(message, secrets),
      ...extra,
    });
  };

  const stage = async (name: ProbeStageName, work: () => Promise<Outcome>): Promise<void> => {
    const t0 = performance.now();
    if (failedStage || opts.signal.aborted) {
      emitStage(
        name,
        'skipped',
        t0,
        opts.signal.aborted ? 'Not run: the test was cancelled.' : `Not run: the ${failedStage} stage failed.`,
      );
      return;
    }
    emitStage(name, 'running', t0, '');
    try {
      // A backstop over the stage's own per-endpoint deadlines; the small grace lets those report first.
      const outcome = await abortable(within(work(), ms + 250, `The ${name} stage`), opts.signal);
      emitStage(name, outcome.status, t0, outcome.message, null, null, outcome.extra);
    } catch (err) {
      const c = err instanceof StageFailure ? err.classified : classifyError(err, ctx);
      failedStage = name;
      emitStage(name, 'failed', t0, c.message, c.code, c.errorCode, err instanceof StageFailure ? err.extra : {});
    }
  };

  if (input.ssh.enabled) {
    await stage('ssh', async () => {
      const r = await sshStage(input, { ms, signal: opts.signal, ctx, onTunnel: (t) => ownTunnel((tunnel = t)) });
      profile = r.routed;
      return { status: 'ok', message: r.message, extra: r.extra };
    });
  }

  const { endpoints: declared, srvHost } = endpointsOf(profile);
  // The addresses as the user wrote them: through a tunnel, the bastion connects to these.
  const remote = endpointsOf(input).endpoints;
  let resolved: ResolvedEndpoint[] = [];
  let reachable: ResolvedEndpoint[] = [];

  await stage('dns', async () => {
    if (tunnel) {
      // Names are looked up by the SSH server, where they may only resolve inside its network.
      resolved = declared.map((e) => ({ ...e, address: e.host }));
      return { status: 'skipped', message: `Names are resolved by the SSH server ${tunnel.label}.` };
    }
    let endpoints: Endpoint[] = declared;
    const notes: string[] = [];
    if (srvHost !== null) {
      const system = opts.srvResolver ? undefined : systemSrvResolver(ms, opts.signal);
      try {
        const seeds = await resolveMongoSeedlist(srvHost, opts.srvResolver ?? (system as SrvResolver), ms);
        endpoints = seeds.endpoints;
        notes.push(...seeds.notes);
      } catch (err) {
        throw new StageFailure(classifyError(err, { ...ctx, target: `_mongodb._tcp.${srvHost}` }));
      } finally {
        system?.dispose();
      }
    }
    const results = await Promise.allSettled(
      endpoints.map(async (e) => ({ ...e, address: await lookupHost(e.host, ms) })),
    );
    resolved = results.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
    const failures = results.flatMap((r, i) =>
      r.status === 'rejected' ? [{ endpoint: endpoints[i] as Endpoint, err: r.reason as unknown }] : [],
    );
    if (resolved.length === 0) {
      const first = failures[0];
      const c = classifyError(first?.err ?? new Error('no hosts'), { ...ctx, target: first?.endpoint.host });
      // Keep what SRV/TXT answered: it says which hosts were looked up and why.
      throw new StageFailure(notes.length > 0 ? { ...c, message: `${notes.join('; ')}. ${c.message}` } : c);
    }
    if (srvHost === null && endpoints.every((e) => isIpLiteral(e.host))) {
      return { status: 'skipped', message: 'No lookup needed: the address is an IP address.' };
    }
    notes.push(...resolved.filter((e) => !isIpLiteral(e.host)).map((e) => `${e.host} → ${e.address}`));
    notes.push(...failures.map((f) => `${f.endpoint.host}: ${classifyError(f.err, ctx).code ?? 'failed'}`));
    return { status: 'ok', message: notes.join('; ') };
  });

  await stage('tcp', async () => {
    const results = await Promise.allSettled(
      resolved.map((e, i) => {
        // Through SSH the local forward always accepts; what counts is whether the bastion reaches the server.
        const far = profile.kind === 'kafka' ? e : remote[i];
        if (tunnel && far) return timed(tunnel.check(far.host, far.port, ms));
        return tcpConnect(e.address, e.port, ms, opts.signal);
      }),
    );
    reachable = resolved.filter((_, i) => results[i]?.status === 'fulfilled');
    const failures = resolved.flatMap((e, i) => {
      const r = results[i];
      return r?.status === 'rejected' ? [{ e, c: classifyError(r.reason, { ...ctx, target: e.label }) }] : [];
    });
    if (reachable.length === 0) throw new StageFailure((failures[0] as { c: Classified }).c);
    const ok = reachable.map(
      (e, i) => `${e.label} (${Math.round((results[i] as PromiseFulfilledResult<number>).value)} ms)`,
    );
    const bad = failures.map((f) => `${f.e.label}: ${f.c.code ?? 'failed'}`);
    return {
      status: 'ok',
      message: `Connected to ${ok.join(', ')}${bad.length ? `; not reachable: ${bad.join(', ')}` : ''}.`,
    };
  });

  await stage('tls', async () => {
    if (!profile.tls.enabled) return { status: 'skipped', message: 'TLS is off for this connection.' };
    const options = nodeTlsOptions(profile.tls) ?? {};
    let target = reachable[0] as ResolvedEndpoint;
    if (tunnel && profile.kind === 'kafka') {
      // Kafka keeps the brokers' own addresses (the socket factory maps them); the handshake goes through the forward.
      const f = await tunnel.forward(target.host, target.port);
      target = { ...target, address: f.host, port: f.port };
    }
    const r = await tlsHandshake(target, options, ms, opts.signal).catch((err: unknown) => {
      const c = classifyError(err, { ...ctx, target: target.label });
      // A plain-text server usually just waits for more bytes instead of failing the handshake.
      if (c.code === 'ETIMEDOUT')
        c.message = `No TLS handshake from ${target.label} within ${ms} ms. The port may not speak TLS: turn TLS off, or use the server's TLS port.`;
      // A server refusing the client's certificate when none is configured is asking for one
      // (OpenSSL says "certificate required", Java "bad certificate").
      if (
        c.errorCode === 'TLS' &&
        !profile.tls.cert &&
        /_ALERT_(BAD_CERTIFICATE|CERTIFICATE_REQUIRED)$/.test(c.code ?? '')
      )
        c.message = `The TLS connection to ${target.label} failed: the server requires a client certificate; add the client certificate and its key to the connection.`;
      throw new StageFailure(c);
    });
    const about = `${r.protocol ?? 'TLS'}, certificate ${r.subject ?? '(no subject)'} issued by ${r.issuer ?? '(unknown)'}, valid until ${r.validTo ?? '?'}`;
    if (!r.authorized) {
      const code = r.authorizationError ?? 'CERT_UNTRUSTED';
      if (!profile.tls.insecureSkipVerify) {
        const c = classifyError(Object.assign(new Error(code), { code }), { ...ctx, target: target.label });
        throw new StageFailure({ ...c, message: `${c.message} (${about})` });
      }
      warnings.push(
        `The server certificate is not trusted (${code}), but certificate verification is turned off for this connection.`,
      );
    }
    return { status: 'ok', message: about };
  });

  if (profile.tls.enabled && profile.tls.insecureSkipVerify) {
    warnings.push(
      'Certificate verification is off: anyone between you and the server could read and change this traffic.',
    );
  }

  const driver = driverProbe(profile, probeTimeouts(ms), tunnel);
  try {
    await stage('auth', async () => {
      if (!driver.hasCredentials) return { status: 'skipped', message: 'No credentials configured.' };
      return { status: 'ok', message: await driver.connect() };
    });
    await stage('ping', async () => {
      if (!driver.hasCredentials) await driver.connect();
      const r = await driver.ping();
      serverVersion = r.serverVersion;
      const message = r.serverVersion ? `${r.serverVersion}. ${r.message}` : r.message;
      // Through SSH: every address the driver met (Kafka: each broker of the metadata) and its forward.
      const tunnelled = tunnel?.forwards().map((f) => ({ target: f.target, local: f.local }));
      return { status: 'ok', message, ...(tunnelled ? { extra: { tunnelled } } : {}) };
    });
  } finally {
    await driver.close().catch(() => undefined);
  }

  const done: Extract<ProbeEvent, { type: 'done' }> = {
    type: 'done',
    ok: failedStage === null && !opts.signal.aborted,
    failedStage,
    elapsedMs: Math.round(performance.now() - started),
    serverVersion,
    warnings,
  };
  opts.emit(done);
  return done;
}

async function timed(work: Promise<void>): Promise<number> {
  const t0 = performance.now();
  await work;
  return performance.now() - t0;
}

/** Rejects as soon as the signal aborts (the work itself is closed by the caller's finally). */
function abortable<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(Object.assign(new Error('Cancelled.'), { name: 'AbortError' }));
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(Object.assign(new Error('Cancelled.'), { name: 'AbortError' }));
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (v) => {
        signal.removeEventListener('abort', onAbort);
        resolve(v);
      },
      (e: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(e instanceof Error ? e : new Error(String(e)));
      },
    );
  });
}
