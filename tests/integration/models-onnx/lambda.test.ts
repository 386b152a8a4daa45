import { execFileSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Core } from '../../../src/core/app';
import type { GeneratedFile, LambdaSizeCheck, OnnxConversion } from '../../../src/shared/contract/models';
import { startEmulator, type Emulator } from '../../support/lambda-rie';
import { modelsPython } from '../../support/models-venv';
import { churnSchema, inspectedChurnCore } from '../models/fixtures';

/**
 * The Lambda bundle of the churn model's ONNX variant: built by core (pip
 * vendors the dependencies), unzipped and run locally by the AWS Runtime
 * Interface Emulator with awslambdaric on 127.0.0.1, invoked with a plain
 * event and with an API Gateway HTTP API v2 event; its predictions are the
 * scikit-learn model's. The size check is read back from the zip itself.
 */
let dir: string;
let core: Core;
let model: string;
let python: string;
let onnxDir: string;
let skDir: string;
let conversion: OnnxConversion;
const id = Date.now().toString(36);

type Bundle = { path: string; entries: string[]; commands: string[]; sizeCheck: LambdaSizeCheck | null };
type Generated = { dir: string; files: GeneratedFile[]; conversion: OnnxConversion | null };
const call = <T>(name: string, input: unknown) => core.router.call(name as never, input as never) as Promise<T>;
const bundle = (out: string, over: Record<string, unknown> = {}) =>
  call<Bundle>('models.export.bundle', { dir: onnxDir, target: 'lambda', format: 'zip', out, python, ...over });
const py = (script: string, ...args: string[]) => execFileSync(python, ['-c', script, ...args], { encoding: 'utf8' });

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'sd-lambda-'));
  python = modelsPython();
  ({ core, model } = await inspectedChurnCore(dir, 1000));
  const g = await call<Generated>('models.service.generate', {
    path: model,
    schema: churnSchema(`churn-lambda-${id}`),
    variant: 'onnx',
    interpreter: python,
  });
  onnxDir = g.dir;
  conversion = g.conversion!;
  skDir = (await call<Generated>('models.service.generate', { path: model, schema: churnSchema(`churn-lsk-${id}`) }))
    .dir;
}, 600_000);

afterAll(async () => {
  await core?.dispose();
  await rm(dir, { recursive: true, force: true });
});

describe('models: Lambda bundle', () => {
  let emulator: Emulator | undefined;
  afterAll(async () => {
    await emulator?.stop();
  });

  it('builds the zip for this Python, runs it in the emulator, and answers plain and HTTP API events', async () => {
    const zip = join(dir, 'local.zip');
    const b = await bundle(zip, { lambda: { pythonVersion: 'local' } });
    for (const f of ['handler.py', 'app.py', 'model.onnx', 'template.yaml', 'requirements-vendored.txt'])
      expect(b.entries).toContain(f);
    expect(b.entries.some((e) => e.startsWith('onnxruntime/'))).toBe(true);
    expect(b.entries.some((e) => e.startsWith('mangum/'))).toBe(true);
    expect(b.entries.some((e) => e.startsWith('sklearn/') || e.startsWith('scipy/'))).toBe(false);
    expect(b.commands).toEqual(expect.arrayContaining(['sam build', 'sam deploy --guided']));

    // The size check is the zip's: unzipped = the sum of its entries, zipped = the file.
    const c = b.sizeCheck!;
    const [entries, unzipped] = py(
      'import sys, zipfile; z = zipfile.ZipFile(sys.argv[1]); print(len(z.infolist()), sum(i.file_size for i in z.infolist()))',
      zip,
    )
      .trim()
      .split(' ')
      .map(Number);
    expect(c.files).toBe(entries);
    expect(c.unzippedBytes).toBe(unzipped);
    expect(c.zippedBytes).toBe(statSync(zip).size);
    expect(c.limitUnzippedBytes).toBe(262_144_000);
    expect(c.limitZippedDirectBytes).toBe(52_428_800);
    expect(c.fitsUnzipped).toBe(c.unzippedBytes <= 262_144_000);
    expect(c.fitsUnzipped).toBe(true);
    expect(c.sklearnStackBytes).toBe(conversion.sizes.sklearn.bytes);
    expect(c.message).toContain('the bundle serves the ONNX variant');
    const version = py('import sys; print("%d.%d" % sys.version_info[:2])').trim();
    expect(c.pythonVersion).toBe(version);
    const template = py('import sys, zipfile; print(zipfile.ZipFile(sys.argv[1]).read("template.yaml").decode())', zip);
    expect(template).toContain(`Runtime: python${version}`);
    expect(template).toContain('Type: HttpApi');
    expect(template).toMatch(/MemorySize: 1024[\s\S]*Timeout: 30/);
    console.log(`lambda bundle (local ${version}): ${c.message}`);

    const run = join(dir, 'run');
    py('import sys, zipfile; zipfile.ZipFile(sys.argv[1]).extractall(sys.argv[2])', zip, run);
    emulator = await startEmulator(run, python);
    const row = { tenure: 2, monthly_charges: 95.5, total_charges: 190 };
    const [label, p0, p1] = JSON.parse(
      py(
        'import json, pickle, sys, pandas as pd; m = pickle.load(open(sys.argv[1], "rb")); x = pd.DataFrame([json.loads(sys.argv[2])]); print(json.dumps([int(m.predict(x)[0])] + m.predict_proba(x)[0].tolist()))',
        model,
        JSON.stringify(row),
      ),
    ) as [number, number, number];
    const want = label === 1 ? 'Yes' : 'No';

    type Out = { 'Churn Prediction': string; probabilities: Record<string, number> };
    const plain = (await emulator.invoke(row)) as Out;
    expect(plain['Churn Prediction']).toBe(want);
    expect(Math.abs(plain.probabilities.No! - p0)).toBeLessThan(1e-4);
    expect(Math.abs(plain.probabilities.Yes! - p1)).toBeLessThan(1e-4);

    const http = (await emulator.invoke({
      version: '2.0',
      routeKey: 'POST /predict',
      rawPath: '/predict',
      rawQueryString: '',
      headers: { 'content-type': 'application/json', 'x-request-id': 'lambda-test-1' },
      requestContext: {
        http: { method: 'POST', path: '/predict', protocol: 'HTTP/1.1', sourceIp: '203.0.113.9', userAgent: 'curl' },
        requestId: 'r1',
        routeKey: 'POST /predict',
        stage: '$default',
      },
      body: JSON.stringify([row, { tenure: 70, monthly_charges: 20, total_charges: 1400 }]),
      isBase64Encoded: false,
    })) as { statusCode: number; headers: Record<string, string>; body: string };
    expect(http.statusCode).toBe(200);
    expect(http.headers['x-request-id']).toBe('lambda-test-1');
    const both = JSON.parse(http.body) as Out[];
    expect(both.map((o) => o['Churn Prediction'])).toEqual([want, 'No']);

    // Bad input: the app's own 422, naming the field; nothing is predicted.
    const bad = (await emulator.invoke({ tenure: 1, monthly: 2, total_charges: 3 })) as {
      statusCode: number;
      error: { detail: { loc: string[] }[] };
    };
    expect(bad.statusCode).toBe(422);
    expect(JSON.stringify(bad.error)).toContain('monthly');
    await emulator.stop();
    emulator = undefined;
  }, 600_000);

  it('vendors manylinux wheels for the SAM runtime (python3.12) and reports the sizes', async () => {
    const zip = join(dir, 'py312.zip');
    const b = await bundle(zip, { lambda: { pythonVersion: '3.12', memoryMb: 512, timeoutS: 15 } });
    const c = b.sizeCheck!;
    expect(c.pythonVersion).toBe('3.12');
    expect(c.platform).toContain('manylinux');
    expect(c.fitsUnzipped).toBe(true);
    const wheel = b.entries.find((e) => /^onnxruntime-[^/]+\.dist-info\/WHEEL$/.test(e))!;
    const tags = py('import sys, zipfile; print(zipfile.ZipFile(sys.argv[1]).read(sys.argv[2]).decode())', zip, wheel);
    expect(tags).toMatch(/Tag: cp312-cp312-manylinux/);
    const template = py('import sys, zipfile; print(zipfile.ZipFile(sys.argv[1]).read("template.yaml").decode())', zip);
    expect(template).toContain('Runtime: python3.12');
    expect(template).toMatch(/MemorySize: 512[\s\S]*Timeout: 15/);
    console.log(`lambda bundle (python3.12): ${c.message}`);
  }, 600_000);

  it('the ONNX service also exports as a container build context', async () => {
    const out = join(dir, 'ctx');
    const b = await call<Bundle>('models.export.bundle', { dir: onnxDir, target: 'container', format: 'folder', out });
    expect(b.entries).toContain('model.onnx');
    expect(b.sizeCheck).toBeNull();
    expect(await readFile(join(out, 'requirements.txt'), 'utf8')).toContain('onnxruntime==');
  });
});

describe('models: Lambda bundle of a scikit-learn service', () => {
  it('converts it to ONNX for the bundle and says so; the service folder is left as it was', async () => {
    const zip = join(dir, 'from-sklearn.zip');
    const b = await call<Bundle>('models.export.bundle', {
      dir: skDir,
      target: 'lambda',
      format: 'zip',
      out: zip,
      python,
      lambda: { pythonVersion: 'local' },
    });
    expect(b.entries).toContain('model.onnx');
    expect(b.entries).not.toContain('model.pkl');
    expect(b.sizeCheck!.convertedAtExport).toBe(true);
    expect(b.sizeCheck!.message).toContain('converted to ONNX for this bundle (parity on 25 rows: labels agree');
    expect(b.sizeCheck!.sklearnStackBytes).toBeGreaterThan(b.sizeCheck!.unzippedBytes);
    const app = py('import sys, zipfile; print(zipfile.ZipFile(sys.argv[1]).read("app.py").decode())', zip);
    expect(app).toContain('ort.InferenceSession');
    expect(existsSync(join(skDir, 'model.pkl'))).toBe(true);
    expect(existsSync(join(skDir, 'model.onnx'))).toBe(false);
    expect(await readFile(join(skDir, 'app.py'), 'utf8')).toContain('pickle.load');
  }, 300_000);
});

describe('models: Lambda bundle, bad input', () => {
  it('refuses a swapped model copy, a folder and an existing zip, and writes nothing', async () => {
    const swapped = (
      await call<Generated>('models.service.generate', { path: model, schema: churnSchema(`churn-lsw-${id}`) })
    ).dir;
    await writeFile(
      join(swapped, 'model.pkl'),
      Buffer.concat([await readFile(join(swapped, 'model.pkl')), Buffer.from([0])]),
    );
    const sk = join(dir, 'swapped.zip');
    await expect(
      call('models.export.bundle', { dir: swapped, target: 'lambda', format: 'zip', out: sk, python }),
    ).rejects.toMatchObject({ code: 'CONFLICT' });
    expect(existsSync(sk)).toBe(false);
    await expect(bundle(join(dir, 'folder'), { format: 'folder' })).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    expect(existsSync(join(dir, 'folder'))).toBe(false);
    const taken = join(dir, 'taken.zip');
    await writeFile(taken, 'mine');
    await expect(bundle(taken)).rejects.toMatchObject({ code: 'CONFLICT' });
    expect(await readFile(taken, 'utf8')).toBe('mine');
  });

  it('a pip failure is a clear error with pip’s output, and leaves no zip', async () => {
    const out = join(dir, 'nopip.zip');
    const err = await bundle(out, { python: '/usr/bin/false' }).then(
      () => null,
      (e: unknown) => e as { code: string; message: string },
    );
    expect(err?.code).toBe('SERVER_ERROR');
    expect(err?.message).toContain('pip could not install the Lambda dependencies');
    expect(existsSync(out)).toBe(false);
  });
});
