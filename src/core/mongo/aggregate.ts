/**
 * Handlers of the pipeline builder and the whole-pipeline run
 * (src/shared/contract/mongo/aggregate.ts). Every stage is parsed first;
 * unsupported stages are reported before anything is sent; a preview never
 * runs $out or $merge; a read-only connection refuses a pipeline that writes.
 */
import type { Document } from 'mongodb';
import type { StagePreview } from '../../shared/contract/mongo/aggregate';
import { StackdeckError, isStackdeckError } from '../../shared/errors';
import type { MethodHandlers } from '../handler';
import { bsonSize, toDocValue, TYPED_READ } from './bson';
import { PAGE_BYTE_BUDGET } from './documents';
import type { MongoConnections } from './conn';
import { mongoCall, mongoError, timeLeft } from './errors';
import { OUTPUT_STAGES, parsePipeline, parseStage, unsupportedStage } from './pipeline';

type AggregateMethods = 'mongo.aggregate.preview' | 'mongo.aggregate.run';

/** BSON bytes of one stage's preview documents (10 documents of 16 MB each would be 160 MB). */
const PREVIEW_STAGE_BYTES = 2 * 1024 * 1024;

/** A pipeline that writes ($out/$merge) is refused on a read-only connection, here in core. */
export function guardPipelineWrites(readOnly: boolean, operators: readonly string[]): void {
  const out = operators.find((op) => OUTPUT_STAGES.has(op));
  if (readOnly && out)
    throw new StackdeckError(
      'READ_ONLY',
      `This connection is read-only, and the pipeline writes with ${out}. Remove the ${out} stage to run it.`,
      { operator: out },
    );
}

const blank = (index: number, operator: string | null): StagePreview => ({
  index,
  operator,
  status: 'ok',
  documents: [],
  message: null,
  line: null,
  column: null,
  tookMs: 0,
});

export function aggregateHandlers(connections: MongoConnections): MethodHandlers<AggregateMethods> {
  return {
    async 'mongo.aggregate.preview'({ connectionId, db, collection, stages, limit, maxTimeMS }, ctx) {
      // Parse every stage first: a stage with a syntax error stops the previews from there on.
      const parsed = stages.map((s, i) => {
        if (!s.enabled) return { ok: true as const, operator: null, stage: null, enabled: false };
        try {
          const p = parseStage(s.text, i);
          return { ok: true as const, operator: p.operator, stage: p.stage, enabled: true };
        } catch (err) {
          if (!isStackdeckError(err)) throw err;
          return { ok: false as const, error: err };
        }
      });
      const conn = await connections.get(connectionId);
      const info = await conn.info(ctx);
      const c = conn.client.db(db).collection(collection);
      const out: StagePreview[] = [];
      const pipeline: Document[] = [];
      let broken: string | null = null;
      for (const [i, p] of parsed.entries()) {
        if (broken !== null) {
          out.push({ ...blank(i, p.ok ? p.operator : null), status: 'skipped', message: broken });
          continue;
        }
        if (!p.ok) {
          // A stage the server cannot run is worth saying before its syntax (e.g. a template not yet filled in).
          const written = /^\s*\{\s*["']?(\$[A-Za-z]+)/.exec(stages[i]?.text ?? '')?.[1];
          const lacks = written ? unsupportedStage(info, [written]) : null;
          if (written && lacks) {
            out.push({
              ...blank(i, written),
              status: 'unsupported',
              message: lacks.message.replace('Stage 1', `Stage ${i + 1}`),
            });
            broken = `Stage ${i + 1} cannot run on this server.`;
            continue;
          }
          const d = p.error.detail ?? {};
          out.push({
            ...blank(i, null),
            status: 'error',
            message: p.error.message,
            line: typeof d.line === 'number' ? d.line : null,
            column: typeof d.column === 'number' ? d.column : null,
          });
          broken = `Fix stage ${i + 1} first.`;
          continue;
        }
        if (!p.enabled || !p.stage) {
          out.push({ ...blank(i, null), status: 'disabled', message: 'This stage is disabled.' });
          continue;
        }
        const op = p.operator ?? '';
        if (OUTPUT_STAGES.has(op)) {
          out.push({
            ...blank(i, op),
            status: 'skipped',
            message: `${op} writes to a collection, so it is not run in a preview. Run the pipeline to write.`,
          });
          continue;
        }
        const lacking = unsupportedStage(info, [op]);
        if (lacking) {
          out.push({
            ...blank(i, op),
            status: 'unsupported',
            message: lacking.message.replace('Stage 1', `Stage ${i + 1}`),
          });
          broken = `Stage ${i + 1} cannot run on this server.`;
          continue;
        }
        pipeline.push(p.stage);
        const started = performance.now();
        try {
          const docs = await c
            .aggregate([...pipeline, { $limit: limit }], {
              ...TYPED_READ,
              maxTimeMS: timeLeft(ctx, maxTimeMS),
              signal: ctx.signal,
              batchSize: limit,
            })
            .toArray();
          // A preview is for looking: large documents are cut off after PREVIEW_STAGE_BYTES (at least one is shown).
          let bytes = 0;
          const shown = docs.filter((d, k) => (bytes += bsonSize(d)) <= PREVIEW_STAGE_BYTES || k === 0);
          out.push({
            ...blank(i, op),
            documents: shown.map(toDocValue),
            message:
              shown.length < docs.length
                ? `Showing ${shown.length} of ${docs.length} documents: they are larger than ${PREVIEW_STAGE_BYTES / 2 ** 20} MB together.`
                : null,
            tookMs: performance.now() - started,
          });
        } catch (err) {
          const mapped = mongoError(err, `Stage ${i + 1} (${op})`, ctx);
          if (mapped.code === 'CANCELLED' || mapped.code === 'TIMEOUT' || mapped.code === 'UNREACHABLE') throw mapped;
          out.push({
            ...blank(i, op),
            status: mapped.detail?.unsupported === true ? 'unsupported' : 'error',
            message: mapped.message,
            tookMs: performance.now() - started,
          });
          broken = `Stage ${i + 1} failed on the server.`;
        }
      }
      return { stages: out };
    },

    async 'mongo.aggregate.run'({ connectionId, db, collection, pipeline, page, pageSize, maxTimeMS }, ctx) {
      const { operators, stages } = parsePipeline(pipeline);
      const conn = await connections.get(connectionId);
      guardPipelineWrites(conn.profile.readOnly === true, operators);
      const info = await conn.info(ctx);
      const lacking = unsupportedStage(info, operators);
      if (lacking)
        throw new StackdeckError('SERVER_ERROR', `${lacking.message} Nothing was sent.`, {
          unsupported: true,
          stage: lacking.index,
        });
      const writes = operators.some((op) => OUTPUT_STAGES.has(op));
      const started = performance.now();
      const paged = writes
        ? stages
        : [...stages, ...(page > 0 ? [{ $skip: page * pageSize }] : []), { $limit: pageSize + 1 }];
      const docs: Document[] = [];
      let bytes = 0;
      let cut = false;
      await mongoCall('Running the pipeline', ctx, async () => {
        const cursor = conn.client
          .db(db)
          .collection(collection)
          .aggregate(paged, {
            ...TYPED_READ,
            maxTimeMS: timeLeft(ctx, maxTimeMS),
            signal: ctx.signal,
            batchSize: pageSize + 1,
          });
        try {
          for await (const d of cursor) {
            bytes += bsonSize(d);
            // Like a find page: past the byte budget the page ends early (one document is always shown).
            if (bytes > PAGE_BYTE_BUDGET && docs.length > 0) {
              cut = true;
              break;
            }
            docs.push(d);
          }
        } finally {
          await cursor.close().catch(() => undefined);
        }
      });
      const hasMore = !writes && (cut || docs.length > pageSize);
      return {
        documents: docs.slice(0, pageSize).map(toDocValue),
        hasMore,
        note: cut
          ? `Only the first ${docs.length} documents of this page are shown: they are larger than ${PAGE_BYTE_BUDGET / 2 ** 20} MB together. Add a $project stage to see fewer fields.`
          : null,
        tookMs: performance.now() - started,
      };
    },
  };
}
