/**
 * The `models.host.*` handlers: each call opens its own SSH session, owned by
 * the call's scope (closed when the call settles or is cancelled), except the
 * watches of the Deployments panel, which own theirs (watch.ts).
 */
import type { PointSink } from '../../metricsHistory';
import type { HostState, HostTarget } from '../../../../shared/contract/models';
import type { CallContext, MethodHandlers, StreamHandlers } from '../../../handler';
import { readApiKey } from './apiKey';
import { deployToHost } from './deploy';
import { enableNginx, nginxSite } from './nginx';
import { activateVersion, restartHost, rollbackHost, stopHost, type HostOpResult } from './ops';
import { hostState, logCommand } from './remote';
import type { HostSession } from './session';
import { connectTarget, hostKeyNotice, provenTarget, targetLabel, type TargetDeps } from './target';
import type { SavedHostDeployments } from './saved';
import { HostWatcher } from './watch';
import { StackdeckError } from '../../../../shared/errors';

export type HostMethods =
  | 'models.host.probe'
  | 'models.host.list'
  | 'models.host.deployments'
  | 'models.host.forget'
  | 'models.host.stop'
  | 'models.host.restart'
  | 'models.host.rollback'
  | 'models.host.activate'
  | 'models.host.nginx'
  | 'models.host.apiKey';
export type HostStreams = 'models.host.deploy' | 'models.host.logs';

export interface HostHandlerDeps extends TargetDeps {
  /** Refuses a folder that is not a generated service of a trusted model (the local deploy's check). */
  checkService(dir: string, signal: AbortSignal): Promise<{ name: string; apiKey: boolean }>;
  /** The key a service generated with an API key runs with (its stored key, else a new one). */
  serviceKey(name: string): Promise<string>;
  readyTimeoutMs?: number;
  /** Where the watched deployments are kept across restarts; none: forgotten with core. */
  saved?: SavedHostDeployments;
  /** Each chart point of a watched deployment, as it is made (core stores them). */
  onPoint?: PointSink;
}

export interface HostArea {
  methods: MethodHandlers<HostMethods>;
  streams: StreamHandlers<HostStreams>;
  watcher: HostWatcher;
}

export function hostHandlers(deps: HostHandlerDeps): HostArea {
  const watcher = new HostWatcher(deps, deps.saved ?? null, undefined, deps.onPoint);
  // Read once at start; a list call waits for it so a restarted core shows what it watched.
  const restored = watcher.restore().catch(() => undefined);
  const readyTimeoutMs = deps.readyTimeoutMs ?? 120_000;

  /** The session of this call: closed with the call's scope. */
  const open = async (target: HostTarget, ctx: CallContext): Promise<{ session: HostSession; target: HostTarget }> => {
    const session = await connectTarget(target, deps, ctx.signal);
    ctx.scope.add(() => session.close());
    // What the session proved is what later calls (and the watch) expect.
    return { session, target: provenTarget(target, session) };
  };

  const op = async (
    target: HostTarget,
    ctx: CallContext,
    run: (s: HostSession) => Promise<HostOpResult>,
  ): Promise<{ id: string; state: HostState; smoke: HostOpResult['smoke'] }> => {
    const { session, target: t } = await open(target, ctx);
    const r = await run(session);
    const id = r.state.pid === null ? watcher.stopped(t, r.state) : watcher.watch(t, r.state);
    return { id, state: r.state, smoke: r.smoke };
  };

  const methods: MethodHandlers<HostMethods> = {
    async 'models.host.probe'({ target }, ctx) {
      try {
        await open(target, ctx);
        return { trusted: true, notice: null, label: targetLabel(target) };
      } catch (err) {
        const notice = hostKeyNotice(err);
        if (notice === null) throw err;
        return { trusted: false, notice, label: targetLabel(target) };
      }
    },
    async 'models.host.list'({ target }, ctx) {
      const { session, target: t } = await open(target, ctx);
      const deployments = await hostState(session);
      // What runs there shows in the Deployments panel too (a read: nothing changes on the host).
      for (const d of deployments) if (d.pid !== null) watcher.watch(t, d);
      return { label: session.label, deployments };
    },
    async 'models.host.deployments'() {
      await restored;
      return { deployments: watcher.list() };
    },
    async 'models.host.forget'({ id }) {
      await restored;
      const w = watcher.get(id);
      if (w === undefined) return { forgotten: false };
      if (w.status !== 'stopped' && w.status !== 'unreachable')
        throw new StackdeckError(
          'CONFLICT',
          `${w.deployment} on ${w.label} is ${w.status}: stop it first, so nothing runs on the host unwatched.`,
        );
      await watcher.forget(id);
      return { forgotten: true };
    },
    async 'models.host.stop'({ target, deployment }, ctx) {
      return op(target, ctx, async (s) => ({ state: await stopHost(s, deployment), smoke: null }));
    },
    async 'models.host.restart'({ target, deployment, workers }, ctx) {
      return op(target, ctx, (s) => restartHost(s, deployment, { workers, readyTimeoutMs }, ctx.signal));
    },
    async 'models.host.rollback'({ target, deployment, workers }, ctx) {
      return op(target, ctx, (s) => rollbackHost(s, deployment, { workers, readyTimeoutMs }, ctx.signal));
    },
    async 'models.host.activate'({ target, deployment, version, workers }, ctx) {
      return op(target, ctx, (s) => activateVersion(s, deployment, version, { workers, readyTimeoutMs }, ctx.signal));
    },
    async 'models.host.apiKey'({ target, deployment }, ctx) {
      const { session } = await open(target, ctx);
      const key = await readApiKey(session, deployment);
      if (key === undefined)
        throw new StackdeckError(
          'NOT_FOUND',
          `Deployment ${deployment} on ${session.label} runs without an API key (its service was generated without one).`,
        );
      return { key };
    },
    async 'models.host.nginx'({ target, deployment, serverName, enable }, ctx) {
      const { session } = await open(target, ctx);
      const state = (await hostState(session, deployment))[0];
      if (state?.port === null || state?.port === undefined)
        throw new StackdeckError(
          'NOT_FOUND',
          `Deployment ${deployment} has not been started on ${session.label}: deploy it first (the site needs its port).`,
        );
      const site = nginxSite(deployment, state.port, serverName);
      const ran = enable ? await enableNginx(session, site, deployment, true) : { ran: false, output: '' };
      return { ...site, ...ran };
    },
  };

  const streams: StreamHandlers<HostStreams> = {
    async 'models.host.deploy'(input, ctx) {
      const service = await deps.checkService(input.dir, ctx.signal);
      // The service's one key, as its local versions use: Reveal on either card shows the same.
      const apiKey = service.apiKey ? await deps.serviceKey(service.name) : undefined;
      let opened: { session: HostSession; target: HostTarget };
      try {
        opened = await open(input.target, ctx);
      } catch (err) {
        const notice = hostKeyNotice(err);
        // First contact: report the fingerprint for the user to trust; nothing was sent to the host.
        if (notice?.status === 'unknown') return ctx.emit({ type: 'hostKey', notice });
        throw err;
      }
      const { session, target } = opened;
      const r = await deployToHost(
        session,
        {
          deployment: input.deployment,
          version: input.version,
          serviceDir: input.dir,
          python: target.python,
          port: input.remotePort,
          workers: input.workers,
          minFreeMb: input.minFreeMb,
          readyTimeoutMs,
          ...(apiKey === undefined ? {} : { apiKey }),
        },
        (step) => ctx.emit({ type: 'step', step }),
        ctx.signal,
      );
      const id = r.state.pid === null ? watcher.stopped(target, r.state) : watcher.watch(target, r.state);
      ctx.emit({ type: 'done', id, smoke: r.smoke, state: r.state, steps: r.steps });
    },
    async 'models.host.logs'({ target, deployment, lines }, ctx) {
      const { session } = await open(target, ctx);
      await session.follow(logCommand(deployment, lines), (l) => ctx.emit({ lines: l }), ctx.signal);
    },
  };

  return { methods, streams, watcher };
}
