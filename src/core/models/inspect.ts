/**
 * Inspection: the model is loaded by the runtime's Python in a child process
 * (see python/inspect.ts) with a memory and CPU limit and a wall-clock kill;
 * the JSON it prints becomes the report. Failures it recognises (corrupt
 * file, not a model, missing package) become clear errors with its output.
 */
import type { Artifact, InspectReport } from '../../shared/contract/models';
import { StackdeckError } from '../../shared/errors';
import { INSPECT_PY } from './python/inspect';
import { parseJsonOut, runPython } from './python/run';

export interface InspectLimits {
  readonly memoryMb: number;
  readonly cpuSeconds: number;
  readonly timeoutMs: number;
}

export const DEFAULT_LIMITS: InspectLimits = { memoryMb: 2048, cpuSeconds: 60, timeoutMs: 90_000 };

type Raw =
  { ok: false; kind: string; error: string } | ({ ok: true } & Omit<InspectReport, 'savedSklearn' | 'versionWarning'>);

export function versionWarning(saved: string | null, installed: string | null): string | null {
  if (saved === null || installed === null || saved === installed) return null;
  return `The model was saved with scikit-learn ${saved} and the runtime has ${installed}: predictions may differ or loading may fail. Serve it with scikit-learn ${saved}.`;
}

export async function inspectModel(
  artifact: Artifact,
  savedSklearn: string | null,
  python: string,
  limits: InspectLimits,
  signal?: AbortSignal,
): Promise<InspectReport> {
  const result = await runPython({
    interpreter: python,
    script: INSPECT_PY,
    args: [artifact.path, artifact.format, String(limits.memoryMb), String(limits.cpuSeconds)],
    timeoutMs: limits.timeoutMs,
    signal,
  });
  if (result.stdout.trim() === '' && result.code !== 0) {
    // Killed by RLIMIT_CPU (SIGXCPU) or the OOM killer: no JSON was printed.
    throw new StackdeckError(
      'SERVER_ERROR',
      `The inspection process ended without a report (exit ${String(result.code)}); it may have hit the CPU or memory limit. ${result.stderr.trim().split('\n').slice(-5).join('\n')}`,
      { stderr: result.stderr.slice(-4000) },
    );
  }
  const raw = parseJsonOut(result, 'Inspection') as Raw;
  if (!raw.ok) {
    const code =
      raw.kind === 'missing-package' || raw.kind === 'not-a-model' || raw.kind === 'corrupt'
        ? 'INVALID_INPUT'
        : 'SERVER_ERROR';
    throw new StackdeckError(code, raw.error, { kind: raw.kind, stderr: result.stderr.slice(-4000) });
  }
  const { ok: _ok, ...report } = raw;
  return { ...report, savedSklearn, versionWarning: versionWarning(savedSklearn, report.installedSklearn) };
}
