/**
 * The Lambda bundle: a zip of handler.py, the generated ONNX service (app.py,
 * model.onnx, schema and example), its dependencies vendored by pip for the
 * Lambda runtime's Python (or this interpreter's, to run it here), a SAM
 * template and a README, with a size check against Lambda's limits (250 MB
 * unzipped, 50 MB zipped for a direct upload). Zip bundles always serve the
 * ONNX variant: the scikit-learn stack does not fit. The staging folder pip
 * fills is removed whatever happens; an existing zip is never overwritten.
 */
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { z } from 'zod';
import type { LambdaSettings, LambdaSizeCheck } from '../../../../shared/contract/models';
import { DependencySet } from '../../../../shared/contract/models';
import { StackdeckError } from '../../../../shared/errors';
import { writeZipFile, type ZipSource } from '../container/zip';
import { installDeps, LAMBDA_PLATFORMS, listFiles, pythonVersion } from './deps';
import {
  handlerPy,
  LAMBDA_REQUIREMENTS,
  lambdaCommands,
  lambdaReadme,
  templateYaml,
  VENDORED_REQUIREMENTS,
} from './files';

export const LIMIT_UNZIPPED = 250 * 1024 * 1024;
export const LIMIT_ZIPPED_DIRECT = 50 * 1024 * 1024;

const SERVICE_FILES = ['app.py', 'model.onnx', 'schema.json', 'example.json'] as const;

export interface LambdaRequest {
  readonly serviceDir: string;
  readonly out: string;
  /** The interpreter whose pip downloads the wheels (and, for "local", whose Python they are for). */
  readonly python: string;
  readonly settings: LambdaSettings;
  readonly signal?: AbortSignal | undefined;
}

export interface LambdaResult {
  path: string;
  entries: string[];
  commands: string[];
  sizeCheck: LambdaSizeCheck;
}

const OnnxService = z.object({
  name: z.string(),
  variant: z.literal('onnx'),
  conversion: z.object({ sizes: z.object({ sklearn: DependencySet }) }).optional(),
});

const mb = (n: number): string => `${(n / 1024 / 1024).toFixed(1)} MB`;

async function onnxService(dir: string): Promise<z.infer<typeof OnnxService>> {
  const raw = JSON.parse(await readFile(join(dir, 'schema.json'), 'utf8').catch(() => 'null')) as unknown;
  if (raw === null)
    throw new StackdeckError('NOT_FOUND', `No generated service in ${dir} (schema.json is missing).`, {
      field: 'serviceDir',
    });
  const parsed = OnnxService.safeParse(raw);
  if (!parsed.success)
    throw new StackdeckError(
      'INVALID_INPUT',
      'Lambda zip bundles serve the ONNX variant: the scikit-learn stack (scikit-learn, scipy, numpy, pandas) does not fit Lambda’s 250 MB unzipped limit once vendored. Generate the service with "Variant: ONNX" and export it again, or export a container image.',
      { field: 'serviceDir', kind: 'needs-onnx' },
    );
  for (const f of SERVICE_FILES)
    if (
      !(await stat(join(dir, f)).then(
        () => true,
        () => false,
      ))
    )
      throw new StackdeckError('NOT_FOUND', `${f} is missing from ${dir}: generate the service again.`);
  return parsed.data;
}

export async function exportLambda(req: LambdaRequest): Promise<LambdaResult> {
  if (!req.out.endsWith('.zip'))
    throw new StackdeckError('INVALID_INPUT', 'A Lambda bundle is a .zip file: the name must end in .zip.', {
      field: 'out',
    });
  if (
    await stat(req.out).then(
      () => true,
      () => false,
    )
  )
    throw new StackdeckError('CONFLICT', `${req.out} already exists; choose another name.`, { field: 'out' });
  const service = await onnxService(req.serviceDir);
  const local = req.settings.pythonVersion === 'local';
  const version = local ? await pythonVersion(req.python, req.signal) : req.settings.pythonVersion;
  const platform = local
    ? `this machine's Python ${version}`
    : `Lambda's python${version} (${LAMBDA_PLATFORMS.join(', ')})`;
  const sam = {
    name: service.name,
    pythonVersion: version,
    memoryMb: req.settings.memoryMb,
    timeoutS: req.settings.timeoutS,
  };
  const staging = await mkdtemp(join(tmpdir(), 'stackdeck-lambda-'));
  let started = false;
  try {
    const deps = join(staging, 'deps');
    const requirements = `${LAMBDA_REQUIREMENTS.join('\n')}\n`;
    await writeFile(join(staging, VENDORED_REQUIREMENTS), requirements);
    await installDeps(req.python, join(staging, VENDORED_REQUIREMENTS), deps, local ? 'local' : version, req.signal);
    const vendored = await listFiles(deps);
    const texts: [string, string][] = [
      ['handler.py', handlerPy(service.name)],
      ['template.yaml', templateYaml(sam)],
      ['README.md', lambdaReadme(sam, platform)],
      [VENDORED_REQUIREMENTS, requirements],
    ];
    const ours = new Set<string>([...SERVICE_FILES, ...texts.map(([n]) => n)]);
    const clash = vendored.find((f) => ours.has(f.name));
    if (clash !== undefined)
      throw new StackdeckError('CONFLICT', `A dependency ships ${clash.name}, which the bundle's own file would hide.`);
    const sources: (ZipSource & { size: number })[] = [
      ...texts.map(([name, text]) => {
        const body = Buffer.from(text, 'utf8');
        return { name, size: body.length, read: async () => body };
      }),
      ...(await Promise.all(
        SERVICE_FILES.map(async (name) => {
          const path = join(req.serviceDir, name);
          return { name, size: (await stat(path)).size, read: () => readFile(path) };
        }),
      )),
      ...vendored.map((f) => ({ name: f.name, size: f.size, mode: f.mode, read: () => readFile(f.path) })),
    ];
    req.signal?.throwIfAborted();
    started = true;
    await writeZipFile(req.out, sources);
    const unzippedBytes = sources.reduce((n, s) => n + s.size, 0);
    const zippedBytes = (await stat(req.out)).size;
    const sklearnStackBytes = service.conversion?.sizes.sklearn.bytes ?? null;
    const fitsUnzipped = unzippedBytes <= LIMIT_UNZIPPED;
    const fitsDirectUpload = zippedBytes <= LIMIT_ZIPPED_DIRECT;
    const lines = [
      `${mb(unzippedBytes)} unzipped (limit 250 MB): ${fitsUnzipped ? 'fits' : 'too large for Lambda; use a container image'}.`,
      `${mb(zippedBytes)} zipped: ${fitsDirectUpload ? 'fits a direct upload (50 MB)' : 'over the 50 MB direct upload, so upload it through S3 (sam deploy does)'}.`,
      sklearnStackBytes === null
        ? 'The bundle serves the ONNX variant with onnxruntime, without scikit-learn.'
        : `The scikit-learn stack measures ${mb(sklearnStackBytes)} installed in the runtime${sklearnStackBytes > LIMIT_UNZIPPED ? ', over the 250 MB limit' : ''}: the bundle serves the ONNX variant with onnxruntime instead.`,
      `Dependencies for ${platform}.`,
    ];
    return {
      path: req.out,
      entries: sources.map((s) => s.name),
      commands: lambdaCommands(basename(req.serviceDir)),
      sizeCheck: {
        unzippedBytes,
        zippedBytes,
        limitUnzippedBytes: LIMIT_UNZIPPED,
        limitZippedDirectBytes: LIMIT_ZIPPED_DIRECT,
        fitsUnzipped,
        fitsDirectUpload,
        sklearnStackBytes,
        pythonVersion: version,
        platform,
        files: sources.length,
        message: lines.join(' '),
      },
    };
  } catch (e) {
    // A half-written zip is not a bundle; a file someone else created meanwhile (EEXIST) is theirs.
    if (started && (e as NodeJS.ErrnoException).code !== 'EEXIST') await rm(req.out, { force: true });
    throw e;
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
}
