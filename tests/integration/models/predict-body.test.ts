import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Core } from '../../../src/core/app';
import type { Deployment, SmokeResult } from '../../../src/shared/contract/models';
import { modelsPython } from '../../support/models-venv';
import { churnSchema, inspectedChurnCore } from './fixtures';

/**
 * The generated service reads the body of POST /predict itself (parsed and
 * validated from its bytes in one pass): what a client sends that is not one
 * row or a batch of 1 to 1,000 rows is FastAPI's 422 located from "body",
 * nothing is predicted, and /docs still describes the body. The oracle for
 * "nothing predicted" is the service's own predictions counter.
 */
let dir: string;
let core: Core;
let url: string;

const call = <T>(name: string, input: unknown) => core.router.call(name as never, input as never) as Promise<T>;
const ROW = { tenure: 1, monthly_charges: 70.5, total_charges: 70.5 };

interface Detail {
  type: string;
  loc: (string | number)[];
  msg: string;
  input?: unknown;
}

async function post(body: string, contentType = 'application/json'): Promise<{ status: number; json: unknown }> {
  const res = await fetch(`${url}/predict`, { method: 'POST', headers: { 'content-type': contentType }, body });
  return { status: res.status, json: await res.json() };
}

async function refused(body: string, contentType?: string): Promise<Detail[]> {
  const { status, json } = await post(body, contentType);
  expect(status).toBe(422);
  return (json as { detail: Detail[] }).detail;
}

async function predictions(): Promise<number> {
  const text = await (await fetch(`${url}/metrics`)).text();
  return [...text.matchAll(/^model_predictions_total\{label="[^"]*"\} (\S+)$/gm)].reduce((n, m) => n + Number(m[1]), 0);
}

async function status422(): Promise<number> {
  const text = await (await fetch(`${url}/metrics`)).text();
  return Number(/^model_requests_total\{path="\/predict",status="422"\} (\S+)$/m.exec(text)?.[1] ?? 0);
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'stackdeck-it-body-'));
  let model: string;
  ({ core, model } = await inspectedChurnCore(dir, 60_000));
  const gen = await call<{ dir: string }>('models.service.generate', {
    path: model,
    schema: churnSchema(`churn-body-${Date.now().toString(36)}`),
  });
  const out = await call<{ deployment: Deployment; smoke: SmokeResult }>('models.deploy.start', {
    dir: gen.dir,
    python: modelsPython(),
  });
  expect(out.smoke.error).toBeNull();
  url = out.deployment.url;
}, 300_000);

afterAll(async () => {
  await core?.dispose();
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('models: the /predict body', () => {
  it('takes one row as an object and a batch as an array (leading whitespace allowed)', async () => {
    const one = await post(JSON.stringify(ROW));
    expect(one.status).toBe(200);
    expect(one.json).toMatchObject({ 'Churn Prediction': expect.stringMatching(/^(Yes|No)$/) });
    const batch = await post(`  \n[${JSON.stringify(ROW)}, ${JSON.stringify({ ...ROW, tenure: 70 })}]`);
    expect(batch.status).toBe(200);
    expect(batch.json).toHaveLength(2);
  });

  it('refuses bad bodies with a 422 naming the place, and predicts nothing for them', async () => {
    const before = await predictions();
    const bad422 = await status422();

    const missing = await refused(JSON.stringify({ tenure: 1, monthly_charges: 2 }));
    expect(missing).toEqual([expect.objectContaining({ type: 'missing', loc: ['body', 'total_charges'] })]);
    const extra = await refused(JSON.stringify({ ...ROW, monthly: 2 }));
    expect(extra).toEqual([expect.objectContaining({ type: 'extra_forbidden', loc: ['body', 'monthly'] })]);
    const mistyped = await refused(JSON.stringify({ ...ROW, tenure: 'long' }));
    expect(mistyped[0]).toMatchObject({ loc: ['body', 'tenure'], input: 'long' });
    // The second row of a batch is the one at fault; the first is not predicted either.
    const inBatch = await refused(JSON.stringify([ROW, { tenure: 1 }]));
    expect(inBatch.map((d) => d.loc)).toEqual([
      ['body', 1, 'monthly_charges'],
      ['body', 1, 'total_charges'],
    ]);
    // NaN and Infinity parse as JSON numbers in Python; the model would answer nonsense or fail on them.
    const nan = await refused('{"tenure": NaN, "monthly_charges": 2, "total_charges": 3}');
    expect(nan).toEqual([expect.objectContaining({ type: 'finite_number', loc: ['body', 'tenure'], input: 'nan' })]);
    const inf = await refused('{"tenure": 1, "monthly_charges": 1e400, "total_charges": 3}');
    expect(inf[0]).toMatchObject({ type: 'finite_number', loc: ['body', 'monthly_charges'] });
    expect((await refused('[]'))[0]).toMatchObject({ type: 'too_short', loc: ['body'] });
    const tooMany = await refused(JSON.stringify(Array.from({ length: 1001 }, () => ROW)));
    expect(tooMany[0]).toMatchObject({ type: 'too_long', loc: ['body'] });
    expect((await refused('5'))[0]).toMatchObject({ type: 'model_type', loc: ['body'] });
    expect((await refused(''))[0]).toMatchObject({ type: 'missing', loc: ['body'] });
    const broken = await refused('{"tenure": 1, ');
    expect(broken[0]).toMatchObject({ type: 'json_invalid', loc: ['body'] });
    expect(broken[0]!.msg).toMatch(/line 1 column \d+/);
    const notJson = await refused(JSON.stringify(ROW), 'text/plain');
    expect(notJson[0]).toMatchObject({ type: 'content_type', loc: ['body'] });

    expect(await predictions()).toBe(before);
    expect(await status422()).toBe(bad422 + 12);
  });

  it('describes the body in the OpenAPI document: one row or a list of 1 to 1,000 rows, and the 422', async () => {
    const doc = (await (await fetch(`${url}/openapi.json`)).json()) as {
      paths: Record<string, Record<string, Record<string, unknown>>>;
    };
    const post = doc.paths['/predict']!.post!;
    const body = post.requestBody as {
      required: boolean;
      content: Record<string, { schema: { anyOf: Record<string, unknown>[] } }>;
    };
    expect(body.required).toBe(true);
    const [row, list] = body.content['application/json']!.schema.anyOf;
    expect(row).toMatchObject({
      type: 'object',
      additionalProperties: false,
      required: ['tenure', 'monthly_charges', 'total_charges'],
      properties: {
        tenure: { type: 'number' },
        monthly_charges: { type: 'number' },
        total_charges: { type: 'number' },
      },
    });
    expect(list).toMatchObject({ type: 'array', minItems: 1, maxItems: 1000, items: row });
    expect(Object.keys(post.responses as object)).toEqual(expect.arrayContaining(['200', '422']));
  });
});
