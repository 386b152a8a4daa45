/**
 * Writes the generated service into its folder under the user data directory
 * (`models/services/<name>/`): app.py, gunicorn.conf.py, requirements.txt,
 * Dockerfile, README.md, example.json, schema.json and a copy of the model.
 * The previous generation's text is read first, so the wizard can show what
 * changed. The ONNX variant converts the model first (a separate Python, see
 * onnx.ts) and ships model.onnx with onnxruntime requirements instead of the
 * model copy; schema.json then records both hashes and the parity check.
 */
import { copyFile, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type {
  Artifact,
  GeneratedFile,
  InspectReport,
  OnnxConversion,
  ParsedServiceSchema,
  ServiceVariant,
} from '../../shared/contract/models';
import { StackdeckError } from '../../shared/errors';
import { unifiedDiff } from './diff';
import type { InspectLimits } from './inspect';
import { convertToOnnx } from './onnx';
import { dockerfile, GUNICORN_CONF, onnxRequirementsTxt, readme, requirementsTxt } from './serviceFiles';
import { appPy, type TemplateInput } from './templates';

/** How the ONNX variant is converted: by which Python, within which limits. */
export interface VariantOptions {
  readonly variant: ServiceVariant;
  readonly python: string;
  readonly limits: InspectLimits;
  readonly signal?: AbortSignal | undefined;
  /** Write here instead of models/services/<name>/ (a Lambda bundle's conversion of a scikit-learn service). */
  readonly dir?: string | undefined;
}

export function servicesDir(userDataDir: string): string {
  return join(userDataDir, 'models', 'services');
}

const MODEL_FILE = { pickle: 'model.pkl', joblib: 'model.joblib', skops: 'model.skops', onnx: 'model.onnx' } as const;

export async function generateService(
  userDataDir: string,
  artifact: Artifact,
  report: InspectReport,
  schema: ParsedServiceSchema,
  variant?: VariantOptions,
): Promise<{ dir: string; files: GeneratedFile[]; conversion: OnnxConversion | null }> {
  if (artifact.format === 'onnx')
    throw new StackdeckError(
      'INVALID_INPUT',
      'Serving an ONNX file directly is not supported yet; use the scikit-learn file.',
    );
  const n = report.nFeaturesIn;
  if (n !== null && schema.features.length !== n)
    throw new StackdeckError(
      'INVALID_INPUT',
      `The model takes ${n} features and the schema has ${schema.features.length}.`,
    );
  const sklearnVersion = report.savedSklearn ?? report.installedSklearn;
  if (sklearnVersion === null)
    throw new StackdeckError('INVALID_INPUT', 'The scikit-learn version of the model is unknown.');
  const dir = variant?.dir ?? join(servicesDir(userDataDir), schema.name);
  await mkdir(dir, { recursive: true });
  const onnx = variant?.variant === 'onnx';
  const conversion = onnx
    ? await convertToOnnx(artifact, schema, variant.python, join(dir, MODEL_FILE.onnx), variant.limits, variant.signal)
    : null;
  const t: TemplateInput = {
    schema,
    modelFile: onnx ? MODEL_FILE.onnx : MODEL_FILE[artifact.format],
    format: artifact.format,
    sha256: artifact.sha256,
    namedColumns: report.featureNamesIn !== null,
    sklearnVersion,
    onnx: conversion ?? undefined,
    modelSha256: conversion?.onnxSha256,
  };
  // One served model per folder: a previous generation's other variant must not be picked up.
  for (const f of Object.values(MODEL_FILE)) if (f !== t.modelFile) await rm(join(dir, f), { force: true });
  const provenance = conversion === null ? {} : { variant: 'onnx', onnxSha256: conversion.onnxSha256, conversion };
  const example = Object.fromEntries(schema.features.map((f) => [f.name, f.example]));
  const texts: [string, string][] = [
    ['app.py', appPy(t)],
    ['gunicorn.conf.py', GUNICORN_CONF],
    ['requirements.txt', onnx ? onnxRequirementsTxt() : requirementsTxt(sklearnVersion, artifact.format)],
    ['Dockerfile', dockerfile(schema.name)],
    ['README.md', readme(t)],
    ['example.json', `${JSON.stringify(example, null, 2)}\n`],
    [
      'schema.json',
      `${JSON.stringify({ ...schema, sha256: artifact.sha256, sklearnVersion, ...provenance }, null, 2)}\n`,
    ],
  ];
  const files: GeneratedFile[] = [];
  for (const [name, content] of texts) {
    const path = join(dir, name);
    const before = await readFile(path, 'utf8').catch(() => null);
    await writeFile(path, content);
    const diff = before === null ? null : unifiedDiff(before, content, name);
    files.push({ path: name, content, diff, changed: before !== null && before !== content });
  }
  if (!onnx) await copyFile(artifact.path, join(dir, t.modelFile));
  return { dir, files, conversion };
}
