/**
 * The models area: a model file -> trust -> inspection -> generated FastAPI
 * service -> supervised local deployment with metrics. Python always runs in
 * child processes; core never unpickles anything.
 */
import { existsSync } from 'node:fs';
import { z } from 'zod';
import type { AreaEnv, CoreArea } from '../area';
import type { MethodHandlers, StreamHandlers } from '../handler';
import { StackdeckError } from '../../shared/errors';
import { join } from 'node:path';
import { readFile } from 'node:fs/promises';
import type { Deployment, InspectReport, PredictionLogStatus } from '../../shared/contract/models';
import { ServiceSchema } from '../../shared/contract/models';
import { ServiceKeys } from './apiKeys';
import { hashFile, readArtifact, scanArtifact } from './artifact';
import { DeploymentSupervisor, type SupervisorOptions } from './deploy';
import { ServiceVersions } from './versions/versions';
import { generateService } from './generate';
import { DEFAULT_LIMITS, inspectModel, type InspectLimits } from './inspect';
import { readCsvRows } from './csvRows';
import { DriftMonitor } from './drift';
import { runLoadTest } from './loadTest';
import { ensureRuntime } from './runtime';
import { TrustStore } from './trust';
import { MetricsHistory, type PointSink } from './metricsHistory';
import { exportHandlers, exportStreams, type ExportMethods, type ExportStreams } from './targets/container/handlers';
import { PredictionForwarder, type ForwarderOptions } from './predictionLog/forwarder';
import { hostHandlers, type HostMethods, type HostStreams } from './targets/host/handlers';
import { KnownHosts } from './targets/host/knownHosts';
import { SavedHostDeployments } from './targets/host/saved';

export interface ModelsOptions {
  /** The interpreter for the import scan (stdlib only) and for creating venvs. Default python3. */
  readonly interpreter?: string;
  readonly limits?: InspectLimits;
  readonly supervisor?: SupervisorOptions;
  readonly predictionLog?: ForwarderOptions;
  /** Where the SSH agent of the host target listens (default SSH_AUTH_SOCK). */
  readonly agentSocket?: string;
}

const MAX_REPORTS = 100;

type Methods =
  | 'models.artifact.open'
  | 'models.trust.set'
  | 'models.inspect'
  | 'models.runtime.ensure'
  | 'models.service.generate'
  | 'models.deploy.start'
  | 'models.deploy.stop'
  | 'models.deploy.list'
  | 'models.deploy.rollback'
  | 'models.apiKey.reveal'
  | 'models.metrics.series'
  | 'models.predictionLog.status'
  | 'models.drift.reference'
  | 'models.drift.get'
  | ExportMethods
  | HostMethods;

export function createModelsArea(env: AreaEnv, options: ModelsOptions = {}): CoreArea {
  const trust = new TrustStore(env.userDataDir);
  const keys = new ServiceKeys(env.userDataDir, env.cipher);
  const defaultPython = options.interpreter ?? 'python3';
  const limits = options.limits ?? DEFAULT_LIMITS;
  const metrics = new MetricsHistory(env.userDataDir);
  // Local and host-watched deployments' chart points, into the same store.
  const storePoint: PointSink = (id, point, stepMs) => metrics.record(id, point, stepMs);
  const supervisor = new DeploymentSupervisor({
    keptDir: join(env.userDataDir, 'models', 'kept'),
    onPoint: storePoint,
    ...options.supervisor,
  });
  const versions: ServiceVersions = new ServiceVersions(
    supervisor,
    join(env.userDataDir, 'models', 'deployments'),
    async (id) => {
      await stopDeployment(id);
    },
  );
  /** The last inspection per SHA-256 (bounded): generation needs it and must not re-load the model. */
  const reports = new Map<string, InspectReport>();
  /** Drift per deployment id; fed by the supervisor's scrapes. */
  const drift = new Map<string, DriftMonitor>();
  const offScrape = supervisor.onScrape((id, scrape) => drift.get(id)?.observe(scrape));
  /** Prediction log per deployment id; ended after its service (so the last lines are forwarded). */
  const forwarders = new Map<string, PredictionForwarder>();
  /** The final status of stopped deployments' logs (what was flushed, what was lost); bounded. */
  const lastLogStatus = new Map<string, PredictionLogStatus>();
  /** Stops a version and its prediction log forwarder; the service's stable URL stops pointing at it. */
  const stopDeployment = async (id: string): Promise<Deployment> => {
    const stopped: Deployment = versions.view(await supervisor.stop(id));
    await versions.stopped(id);
    const forwarder = forwarders.get(id);
    if (forwarder !== undefined) {
      forwarders.delete(id);
      lastLogStatus.set(id, await forwarder.stop());
      if (lastLogStatus.size > MAX_REPORTS) lastLogStatus.delete(lastLogStatus.keys().next().value!);
    }
    return stopped;
  };

  /** Re-hashes the file and refuses it unless that exact hash was trusted (or it runs no code). */
  const trusted = async (path: string, interpreter: string, signal: AbortSignal) => {
    const artifact = await readArtifact(path, signal);
    const scan = await scanArtifact(artifact, interpreter, signal);
    if (scan.runsCode && !trust.get(artifact.sha256).trusted)
      throw new StackdeckError(
        'CONFLICT',
        `This ${artifact.format} file (SHA-256 ${artifact.sha256.slice(0, 12)}…) is not trusted: loading it can run code. Review its imports and trust it first.`,
        { kind: 'untrusted', sha256: artifact.sha256, flagged: scan.flagged },
      );
    return { artifact, scan };
  };

  /** A folder generated by Stackdeck whose model copy is still the trusted file (local and host deploys). */
  const trustedService = async (dir: string, signal: AbortSignal) => {
    const raw = JSON.parse(await readFile(join(dir, 'schema.json'), 'utf8').catch(() => 'null')) as unknown;
    const parsed = ServiceSchema.extend({ sha256: z.string(), onnxSha256: z.string().optional() }).safeParse(raw);
    if (!parsed.success)
      throw new StackdeckError('INVALID_INPUT', `${dir} does not hold a service generated by Stackdeck.`);
    const onnx = parsed.data.onnxSha256;
    const modelFile =
      onnx === undefined
        ? ['model.pkl', 'model.joblib', 'model.skops'].find((f) => existsSync(join(dir, f)))
        : existsSync(join(dir, 'model.onnx'))
          ? 'model.onnx'
          : undefined;
    if (modelFile === undefined) throw new StackdeckError('NOT_FOUND', `No model file in ${dir}.`);
    // The copy the service will load must still be the trusted file (or the ONNX file converted from it).
    const served = await hashFile(join(dir, modelFile), signal);
    const sha256 = onnx === undefined ? served : parsed.data.sha256;
    const untrusted = () =>
      new StackdeckError('CONFLICT', `The model in ${dir} is not the trusted file it was generated from.`, {
        kind: 'untrusted',
        sha256,
      });
    if (served !== (onnx ?? parsed.data.sha256)) throw untrusted();
    // A file that runs no code when loaded (a skops file of allow-listed types) needs no trust decision.
    if (!trust.get(sha256).trusted) {
      const runsCode =
        onnx !== undefined ||
        (await scanArtifact(await readArtifact(join(dir, modelFile), signal, served), defaultPython, signal)).runsCode;
      if (runsCode) throw untrusted();
    }
    return { sha256, name: parsed.data.name, apiKey: Boolean(parsed.data.apiKey) };
  };
  const host = hostHandlers({
    registry: env.registry,
    known: new KnownHosts(env.userDataDir),
    saved: new SavedHostDeployments(env.userDataDir),
    ...(options.agentSocket ? { agentSocket: options.agentSocket } : {}),
    checkService: trustedService,
    serviceKey: (name) => keys.ensure(name, undefined),
    onPoint: storePoint,
  });

  /** Kept services an earlier run left running, taken over before any deployment call is answered. */
  const adoption = (async () => {
    for (const rec of (await supervisor.kept?.list()) ?? []) {
      const url = `http://127.0.0.1:${rec.port}`;
      const key = rec.apiKey ? await keys.release(rec.name, url).catch(() => undefined) : undefined;
      const d = await supervisor.adopt(rec, key).catch(() => null);
      if (d !== null) await versions.adopt(d, rec).catch(() => undefined);
    }
  })();

  const methods: MethodHandlers<Methods> = {
    ...exportHandlers(async (dir, into, python, signal) => {
      // The folder's model copy must still be the trusted file; its schema is the service's.
      await trustedService(dir, signal);
      const modelFile = ['model.pkl', 'model.joblib', 'model.skops'].find((f) => existsSync(join(dir, f)))!;
      const { artifact, scan } = await trusted(join(dir, modelFile), defaultPython, signal);
      const report =
        reports.get(artifact.sha256) ?? (await inspectModel(artifact, scan.savedSklearn, python, limits, signal));
      const schema = ServiceSchema.parse(JSON.parse(await readFile(join(dir, 'schema.json'), 'utf8')));
      const out = await generateService(env.userDataDir, artifact, report, schema, {
        variant: 'onnx',
        python,
        limits,
        signal,
        dir: into,
      });
      return out.conversion!;
    }),
    ...host.methods,
    async 'models.artifact.open'({ path }, ctx) {
      const artifact = await readArtifact(path, ctx.signal);
      const scan = await scanArtifact(artifact, defaultPython, ctx.signal);
      return { artifact, scan, trust: trust.get(artifact.sha256) };
    },
    async 'models.trust.set'({ path, sha256, trusted: decision }, ctx) {
      const artifact = await readArtifact(path, ctx.signal);
      if (artifact.sha256 !== sha256)
        throw new StackdeckError(
          'CONFLICT',
          'The file changed since it was scanned (its SHA-256 is different): open it again and review its imports.',
          { expected: sha256, actual: artifact.sha256 },
        );
      return trust.set(sha256, decision, path);
    },
    async 'models.inspect'({ path, interpreter }, ctx) {
      const { artifact, scan } = await trusted(path, defaultPython, ctx.signal);
      const report = await inspectModel(artifact, scan.savedSklearn, interpreter ?? defaultPython, limits, ctx.signal);
      reports.delete(artifact.sha256);
      reports.set(artifact.sha256, report);
      if (reports.size > MAX_REPORTS) reports.delete(reports.keys().next().value!);
      return report;
    },
    async 'models.runtime.ensure'({ sklearnVersion, interpreter }, ctx) {
      return ensureRuntime(env.userDataDir, interpreter ?? defaultPython, sklearnVersion, ctx.signal);
    },
    async 'models.service.generate'({ path, schema, variant, interpreter }, ctx) {
      const { artifact } = await trusted(path, defaultPython, ctx.signal);
      const report = reports.get(artifact.sha256);
      if (report === undefined)
        throw new StackdeckError('INVALID_INPUT', 'Inspect the model before generating its service.');
      return generateService(env.userDataDir, artifact, report, schema, {
        variant,
        python: interpreter ?? defaultPython,
        limits,
        signal: ctx.signal,
      });
    },
    async 'models.deploy.start'({ dir, python, workers, apiKey, keep, predictionLog }, ctx) {
      await adoption;
      const service = await trustedService(dir, ctx.signal);
      if (keep && predictionLog !== undefined)
        throw new StackdeckError(
          'INVALID_INPUT',
          'A service kept running after quit cannot have a prediction log: core forwards the log, and it stops with Stackdeck.',
          { field: 'keep' },
        );
      if (!service.apiKey && apiKey !== undefined)
        throw new StackdeckError(
          'INVALID_INPUT',
          'This service was generated without an API key: generate it again with "Require an API key" to use one.',
          { field: 'apiKey' },
        );
      // One key per service: its running versions (and the stable URL) must keep answering to the same one.
      if (apiKey !== undefined && service.apiKey) {
        const running = supervisor
          .list()
          .some((d) => d.name === service.name && d.status !== 'stopped' && d.status !== 'failed');
        const stored = running ? await keys.stored(service.name) : undefined;
        if (stored !== undefined && stored !== apiKey)
          throw new StackdeckError(
            'CONFLICT',
            `Versions of ${service.name} are running with its current API key: stop them to change the key, or leave the key empty to keep it.`,
            { field: 'apiKey' },
          );
      }
      // The key goes to the service by environment only, never into its folder.
      const key = service.apiKey ? await keys.ensure(service.name, apiKey) : undefined;
      // The service gets a file path only; the connection's credentials stay in core.
      const forwarder =
        predictionLog === undefined
          ? null
          : await PredictionForwarder.create(env.registry, predictionLog, options.predictionLog);
      const extraEnv: Record<string, string> = forwarder === null ? {} : { PREDICTION_LOG: forwarder.path };
      // The version runs from its own copy of the folder: the copy's model must be the trusted file too.
      const verify = async (copy: string): Promise<void> => {
        if ((await trustedService(copy, ctx.signal)).sha256 !== service.sha256)
          throw new StackdeckError('CONFLICT', `The model in ${dir} changed while it was being deployed.`);
      };
      const out = await versions
        .deploy(
          { dir, python, sha256: service.sha256, name: service.name, workers, apiKey: key, env: extraEnv, keep },
          verify,
          ctx.signal,
        )
        .catch(async (e: unknown) => {
          await forwarder?.stop();
          throw e;
        });
      if (key !== undefined && out.smoke.ok)
        await keys.bind(service.name, [
          out.deployment.url,
          ...(out.deployment.stableUrl ? [out.deployment.stableUrl] : []),
        ]);
      if (forwarder !== null) {
        if (out.smoke.ok) {
          forwarders.set(out.deployment.id, forwarder);
          forwarder.start();
        } else await forwarder.stop();
      }
      return out;
    },
    async 'models.deploy.stop'({ id }) {
      await adoption;
      return stopDeployment(id);
    },
    async 'models.predictionLog.status'({ id }) {
      return { status: forwarders.get(id)?.status() ?? lastLogStatus.get(id) ?? null };
    },
    async 'models.deploy.list'() {
      await adoption;
      return { deployments: supervisor.list().map((d) => versions.view(d)) };
    },
    async 'models.apiKey.reveal'({ name }) {
      return keys.reveal(name);
    },
    async 'models.deploy.rollback'({ name }) {
      await adoption;
      return versions.rollback(name);
    },
    async 'models.drift.reference'({ id, csvPath, windowMs }) {
      const { dir } = supervisor.target(id);
      const schema = ServiceSchema.parse(JSON.parse(await readFile(join(dir, 'schema.json'), 'utf8')));
      const rows = await readCsvRows(csvPath, schema.features);
      // Baselined now: the window is the inputs since the reference, not since the next poll.
      const baseline = await supervisor.scrapeNow(id);
      const monitor = new DriftMonitor(schema.features, rows, csvPath, windowMs, baseline);
      drift.set(id, monitor);
      return monitor.view();
    },
    async 'models.drift.get'({ id }) {
      return { drift: drift.get(id)?.view() ?? null };
    },
    async 'models.metrics.series'({ id, sinceMs, range }) {
      if (range !== undefined) {
        const { points, gaps, bucketMs } = metrics.series(id, range);
        return { points, gaps, bucketMs };
      }
      if (host.watcher.has(id)) return { points: host.watcher.series(id, sinceMs) };
      return { points: supervisor.series(id, sinceMs) };
    },
  };
  const streams: StreamHandlers<'models.deploy.logs' | 'models.loadtest.run' | HostStreams | ExportStreams> = {
    ...exportStreams(trustedService),
    ...host.streams,
    async 'models.loadtest.run'({ id, requests, concurrency, csvPath }, ctx) {
      const target = supervisor.target(id);
      let bodies: string[];
      if (csvPath === undefined) {
        bodies = [await readFile(join(target.dir, 'example.json'), 'utf8')];
      } else {
        const schema = ServiceSchema.parse(JSON.parse(await readFile(join(target.dir, 'schema.json'), 'utf8')));
        bodies = (await readCsvRows(csvPath, schema.features)).map((r) => JSON.stringify(r));
      }
      const stats = await runLoadTest(target, {
        requests,
        concurrency,
        bodies,
        signal: ctx.signal,
        onProgress: (s) => ctx.emit(s),
      });
      if (!ctx.signal.aborted) ctx.emit(stats);
    },
    async 'models.deploy.logs'({ id }, ctx) {
      const off = supervisor.follow(id, (lines) => ctx.emit({ lines }));
      ctx.scope.add(off);
      await new Promise<void>((resolve) => {
        if (ctx.signal.aborted) resolve();
        else ctx.signal.addEventListener('abort', () => resolve(), { once: true });
      });
      off();
    },
  };
  return {
    name: 'models',
    handlers: { ...methods, ...streams },
    async dispose() {
      await adoption;
      offScrape();
      await host.watcher.dispose();
      drift.clear();
      await supervisor.dispose();
      await versions.dispose();
      await Promise.all([...forwarders.values()].map((f) => f.stop().catch(() => undefined)));
      forwarders.clear();
      trust.close();
      metrics.close();
    },
  };
}
