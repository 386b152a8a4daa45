/**
 * What a Lambda bundle is made from: the ONNX variant of a generated service.
 * A scikit-learn service is converted at export (its model copy must still be
 * the trusted file), into a throwaway folder next to nothing the user owns:
 * the folder the wizard generated is left as it was.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { OnnxConversion } from '../../../../shared/contract/models';

export interface StagedService {
  readonly dir: string;
  /** Set when the service was converted for this bundle. */
  readonly converted: OnnxConversion | null;
  readonly dispose: () => Promise<void>;
}

/** Converts the scikit-learn service in `dir` into `into` (the ONNX variant); supplied by the models area. */
export type ConvertService = (
  dir: string,
  into: string,
  python: string,
  signal: AbortSignal,
) => Promise<OnnxConversion>;

export async function onnxServiceFor(
  dir: string,
  python: string,
  convert: ConvertService,
  signal: AbortSignal,
): Promise<StagedService> {
  const raw = JSON.parse(await readFile(join(dir, 'schema.json'), 'utf8').catch(() => 'null')) as {
    variant?: unknown;
  } | null;
  if (raw === null || raw.variant === 'onnx' || !existsSync(join(dir, 'app.py')))
    return { dir, converted: null, dispose: async () => undefined };
  const staging = await mkdtemp(join(tmpdir(), 'stackdeck-lambda-onnx-'));
  try {
    const converted = await convert(dir, staging, python, signal);
    return { dir: staging, converted, dispose: () => rm(staging, { recursive: true, force: true }) };
  } catch (e) {
    await rm(staging, { recursive: true, force: true });
    throw e;
  }
}
