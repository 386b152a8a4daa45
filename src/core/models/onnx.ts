/**
 * The ONNX variant's conversion: the trusted scikit-learn model is converted
 * and checked by the runtime's Python in a child process (python/convert.ts)
 * with the inspection's memory, CPU and wall-clock limits; core only reads the
 * JSON it prints and hashes the model.onnx it wrote. A model skl2onnx cannot
 * convert is an INVALID_INPUT carrying the converter's own error.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Artifact, OnnxConversion, ParsedServiceSchema } from '../../shared/contract/models';
import { StackdeckError } from '../../shared/errors';
import { hashFile } from './artifact';
import type { InspectLimits } from './inspect';
import { CONVERT_PY } from './python/convert';
import { parseJsonOut, runPython } from './python/run';

/** Rows generated around the example for the parity check (the example row is checked too). */
const GENERATED_ROWS = 24;

type Raw = { ok: false; kind: string; error: string } | ({ ok: true } & Omit<OnnxConversion, 'onnxSha256'>);

export async function convertToOnnx(
  artifact: Artifact,
  schema: ParsedServiceSchema,
  python: string,
  out: string,
  limits: InspectLimits,
  signal?: AbortSignal,
): Promise<OnnxConversion> {
  const specDir = await mkdtemp(join(tmpdir(), 'stackdeck-onnx-'));
  try {
    const spec = join(specDir, 'spec.json');
    await writeFile(spec, JSON.stringify({ features: schema.features, generated: GENERATED_ROWS }));
    const result = await runPython({
      interpreter: python,
      script: CONVERT_PY,
      args: [artifact.path, artifact.format, out, spec, String(limits.memoryMb), String(limits.cpuSeconds)],
      timeoutMs: limits.timeoutMs,
      signal,
    });
    if (result.stdout.trim() === '' && result.code !== 0)
      throw new StackdeckError(
        'SERVER_ERROR',
        `The ONNX conversion ended without a report (exit ${String(result.code)}); it may have hit the CPU or memory limit. ${result.stderr.trim().split('\n').slice(-5).join('\n')}`,
        { stderr: result.stderr.slice(-4000) },
      );
    const raw = parseJsonOut(result, 'The ONNX conversion') as Raw;
    if (!raw.ok) {
      const code = raw.kind === 'unsupported' || raw.kind === 'missing-package' ? 'INVALID_INPUT' : 'SERVER_ERROR';
      throw new StackdeckError(code, raw.error, { kind: raw.kind });
    }
    const { ok: _ok, ...conversion } = raw;
    return { ...conversion, onnxSha256: await hashFile(out, signal) };
  } finally {
    await rm(specDir, { recursive: true, force: true });
  }
}
