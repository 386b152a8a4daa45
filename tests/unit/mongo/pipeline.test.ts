import { BSON } from 'mongodb';
import { describe, expect, it } from 'vitest';
import { guardPipelineWrites } from '../../../src/core/mongo/aggregate';
import { describeServer } from '../../../src/core/mongo/conn';
import { parsePipeline, parseStage, unsupportedStage } from '../../../src/core/mongo/pipeline';
import { StackdeckError } from '../../../src/shared/errors';

function thrown(fn: () => unknown): StackdeckError {
  try {
    fn();
  } catch (e) {
    if (e instanceof StackdeckError) return e;
    throw e;
  }
  throw new Error('expected an error');
}

const ferret = describeServer(
  {
    version: '7.0.42',
    ferretdbVersion: 'v1.24.2',
    ferretdbFeatures: { aggregationStages: ['$match', '$sort', '$limit', '$project'] },
  },
  { isWritablePrimary: true },
);

describe('pipeline parsing', () => {
  it('parses a stage in shell syntax with BSON calls and regex literals, evaluating nothing', () => {
    const { operator, stage } = parseStage(
      '{ $match: { _id: ObjectId("64b7f0c2a1b2c3d4e5f60718"), name: /^ad/i } }',
      0,
    );
    expect(operator).toBe('$match');
    const m = stage.$match as Record<string, unknown>;
    expect(m._id).toBeInstanceOf(BSON.ObjectId);
    expect(m.name).toBeInstanceOf(BSON.BSONRegExp);
    const e = thrown(() => parseStage('{ $match: { a: process.exit(1) } }', 0));
    expect(e.code).toBe('INVALID_INPUT');
  });

  it('reports a syntax error with the stage and its line and column', () => {
    const e = thrown(() => parseStage('{ $match: {\n  a: 1,,\n} }', 2));
    expect(e.code).toBe('INVALID_INPUT');
    expect(e.message).toMatch(/^Stage 3: .* at line 2, column \d+\. Nothing was sent\.$/);
    expect(e.detail).toMatchObject({ stage: 2, line: 2 });
  });

  it('refuses empty stages, two operators, unknown stages and non-arrays', () => {
    expect(thrown(() => parseStage('  ', 0)).message).toContain('empty');
    expect(thrown(() => parseStage('{ $match: {}, $limit: 1 }', 0)).message).toContain('exactly one operator');
    expect(thrown(() => parseStage('{ $matchh: {} }', 0)).message).toContain('$matchh is not an aggregation stage');
    expect(thrown(() => parsePipeline('{ $match: {} }')).message).toContain('array of stages');
    expect(parsePipeline('')).toEqual({ operators: [], stages: [] });
    expect(parsePipeline('[{ $match: {} }, { $limit: 5 }]').operators).toEqual(['$match', '$limit']);
  });

  it('names the first stage the server lacks, and MongoDB lacks none', () => {
    expect(unsupportedStage(ferret, ['$match', '$lookup', '$facet'])).toMatchObject({ index: 1 });
    expect(unsupportedStage(ferret, ['$match', '$lookup'])?.message).toContain(
      'not supported by this server (FerretDB v1.24.2)',
    );
    const mongo = describeServer({ version: '8.0.1' }, { isWritablePrimary: true });
    expect(unsupportedStage(mongo, ['$lookup', '$facet'])).toBeNull();
  });

  it('refuses $out and $merge on a read-only connection only', () => {
    expect(thrown(() => guardPipelineWrites(true, ['$match', '$merge'])).code).toBe('READ_ONLY');
    expect(() => guardPipelineWrites(false, ['$match', '$out'])).not.toThrow();
    expect(() => guardPipelineWrites(true, ['$match'])).not.toThrow();
  });
});
