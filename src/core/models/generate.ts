/**
 * Writes the generated service into its folder under the user data directory
 * (`models/services/<name>/`): app.py, gunicorn.conf.py, requirements.txt,
 * Dockerfile, README.md, example.json, schema.json and a copy of the model.
 * The previous generation's text is read first, so the wizard can show what
 * changed.
 */
import { copyFile, mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Artifact, GeneratedFile, InspectReport, ParsedServiceSchema } from '../../shared/contract/models';
import { StackdeckError } from '../../shared/errors';
import { unifiedDiff } from './diff';
import { appPy, dockerfile, GUNICORN_CONF, readme, requirementsTxt, type TemplateInput } from './templates';

export function servicesDir(userDataDir: string): string {
  return join(userDataDir, 'models', 'services');
}

const MODEL_FILE = { pickle: 'model.pkl', joblib: 'model.joblib', skops: 'model.skops', onnx: 'model.onnx' } as const;

export async function generateService(
  userDataDir: string,
  artifact: Artifact,
  report: InspectReport,
  schema: ParsedServiceSchema,
): Promise<{ dir: string; files: GeneratedFile[] }> {
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
  const t: TemplateInput = {
    schema,
    modelFile: MODEL_FILE[artifact.format],
    format: artifact.format,
    sha256: artifact.sha256,
    namedColumns: report.featureNamesIn !== null,
    sklearnVersion,
  };
  const dir = join(servicesDir(userDataDir), schema.name);
  await mkdir(dir, { recursive: true });
  const example = Object.fromEntries(schema.features.map((f) => [f.name, f.example]));
  const texts: [string, string][] = [
    ['app.py', appPy(t)],
    ['gunicorn.conf.py', GUNICORN_CONF],
    ['requirements.txt', requirementsTxt(sklearnVersion, artifact.format)],
    ['Dockerfile', dockerfile(schema.name)],
    ['README.md', readme(t)],
    ['example.json', `${JSON.stringify(example, null, 2)}\n`],
    ['schema.json', `${JSON.stringify({ ...schema, sha256: artifact.sha256, sklearnVersion }, null, 2)}\n`],
  ];
  const files: GeneratedFile[] = [];
  for (const [name, content] of texts) {
    const path = join(dir, name);
    const before = await readFile(path, 'utf8').catch(() => null);
    await writeFile(path, content);
    const diff = before === null ? null : unifiedDiff(before, content, name);
    files.push({ path: name, content, diff, changed: before !== null && before !== content });
  }
  await copyFile(artifact.path, join(dir, t.modelFile));
  return { dir, files };
}
