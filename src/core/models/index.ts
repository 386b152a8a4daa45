/**
 * The models area: a model file -> trust -> inspection -> generated FastAPI
 * service -> supervised local deployment with metrics. Python always runs in
 * child processes; core never unpickles anything.
 */
import type { AreaEnv, CoreArea } from '../area';
import type { MethodHandlers, StreamHandlers } from '../handler';
import { StackdeckError } from '../../shared/errors';
import { readArtifact, scanArtifact } from './artifact';
import { DEFAULT_LIMITS, inspectModel, type InspectLimits } from './inspect';
import { TrustStore } from './trust';

export interface ModelsOptions {
  /** The interpreter for the import scan (stdlib only) and for creating venvs. Default python3. */
  readonly interpreter?: string;
  readonly limits?: InspectLimits;
}

type Methods = 'models.artifact.open' | 'models.trust.set' | 'models.inspect';

export function createModelsArea(env: AreaEnv, options: ModelsOptions = {}): CoreArea {
  const trust = new TrustStore(env.userDataDir);
  const defaultPython = options.interpreter ?? 'python3';
  const limits = options.limits ?? DEFAULT_LIMITS;

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

  const methods: MethodHandlers<Methods> = {
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
      return inspectModel(artifact, scan.savedSklearn, interpreter ?? defaultPython, limits, ctx.signal);
    },
  };
  const streams: Partial<StreamHandlers> = {};
  return {
    name: 'models',
    handlers: { ...methods, ...streams },
    dispose() {
      trust.close();
    },
  };
}
