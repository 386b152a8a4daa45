/**
 * Exports a generated service (models/services/<name>/) as a build context:
 * a folder or a zip holding the service, the model, requirements.txt, a
 * Dockerfile taking `ARG BASE` and a .dockerignore. The container target uses
 * the generated Dockerfile; the SageMaker target its own (port 8080, model in
 * /opt/ml/model, shipped beside it in model/ for model.tar.gz).
 * Nothing existing is overwritten: a non-empty folder or an existing zip is
 * refused.
 */
import { copyFile, mkdir, readdir, readFile, stat, writeFile, chmod } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { StackdeckError } from '../../../../shared/errors';
import { bundleCommands, DOCKERIGNORE, sagemakerApp, sagemakerDockerfile, SERVE, type BundleTarget } from './files';
import { writeZipFile, type ZipSource } from './zip';

export interface ExportRequest {
  /** The generated service's folder. */
  serviceDir: string;
  target: BundleTarget;
  format: 'folder' | 'zip';
  /** The folder to create (or an empty one) / the .zip file to write. */
  out: string;
}

export interface ExportResult {
  path: string;
  entries: string[];
  commands: string[];
}

const MODEL_FILES = ['model.pkl', 'model.joblib', 'model.skops', 'model.onnx'];
const SERVICE_FILES = ['app.py', 'gunicorn.conf.py', 'requirements.txt', 'example.json', 'schema.json', 'README.md'];

async function exists(path: string): Promise<boolean> {
  return stat(path).then(
    () => true,
    () => false,
  );
}

async function findModel(serviceDir: string): Promise<string> {
  for (const f of MODEL_FILES) if (await exists(join(serviceDir, f))) return f;
  throw new StackdeckError(
    'NOT_FOUND',
    `The model file (${MODEL_FILES.join(', ')}) is missing from ${serviceDir}: generate the service again.`,
    { field: 'serviceDir' },
  );
}

interface Entry {
  name: string;
  from?: string;
  text?: string;
  mode?: number;
}

async function plan(serviceDir: string, target: BundleTarget): Promise<{ entries: Entry[]; modelFile: string }> {
  if (!(await exists(join(serviceDir, 'app.py'))))
    throw new StackdeckError('NOT_FOUND', `No generated service in ${serviceDir} (app.py is missing).`, {
      field: 'serviceDir',
    });
  const modelFile = await findModel(serviceDir);
  const entries: Entry[] = [];
  for (const f of SERVICE_FILES) {
    if (!(await exists(join(serviceDir, f))))
      throw new StackdeckError('NOT_FOUND', `${f} is missing from ${serviceDir}: generate the service again.`);
    entries.push({ name: f, from: join(serviceDir, f) });
  }
  entries.push({ name: '.dockerignore', text: DOCKERIGNORE });
  if (target === 'container') {
    entries.push({ name: 'Dockerfile', from: join(serviceDir, 'Dockerfile') });
    entries.push({ name: modelFile, from: join(serviceDir, modelFile) });
  } else {
    const name = basename(serviceDir);
    entries.push({ name: 'Dockerfile', text: sagemakerDockerfile(name, modelFile) });
    entries.push({ name: 'sagemaker_app.py', text: sagemakerApp(modelFile) });
    entries.push({ name: 'serve', text: SERVE, mode: 0o755 });
    entries.push({ name: `model/${modelFile}`, from: join(serviceDir, modelFile) });
  }
  return { entries, modelFile };
}

export async function exportBundle(req: ExportRequest): Promise<ExportResult> {
  const { entries, modelFile } = await plan(req.serviceDir, req.target);
  const commands = bundleCommands(req.target, basename(req.serviceDir), modelFile);
  if (req.format === 'zip') {
    if (!req.out.endsWith('.zip'))
      throw new StackdeckError('INVALID_INPUT', 'The bundle file name must end in .zip.', { field: 'out' });
    if (await exists(req.out))
      throw new StackdeckError('CONFLICT', `${req.out} already exists; choose another name.`, { field: 'out' });
    await mkdir(dirname(req.out), { recursive: true });
    const sources: ZipSource[] = entries.map((e) => ({
      name: e.name,
      mode: e.mode,
      read: async () => (e.from !== undefined ? readFile(e.from) : Buffer.from(e.text ?? '', 'utf8')),
    }));
    await writeZipFile(req.out, sources);
  } else {
    const present = await readdir(req.out).catch((e: NodeJS.ErrnoException) => {
      if (e.code === 'ENOENT') return [];
      throw e;
    });
    if (present.length > 0)
      throw new StackdeckError(
        'CONFLICT',
        `${req.out} is not empty (${present.length} entries); choose an empty or new folder.`,
        { field: 'out' },
      );
    for (const e of entries) {
      const to = join(req.out, e.name);
      await mkdir(dirname(to), { recursive: true });
      if (e.from !== undefined) await copyFile(e.from, to);
      else await writeFile(to, e.text ?? '');
      if (e.mode !== undefined) await chmod(to, e.mode);
    }
  }
  return { path: req.out, entries: entries.map((e) => e.name), commands };
}
