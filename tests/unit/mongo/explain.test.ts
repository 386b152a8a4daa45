import { describe, expect, it } from 'vitest';
import { describeExplain, sqlPlanNodes } from '../../../src/core/mongo/explain';

describe('explain to a plan tree', () => {
  it('reads a MongoDB executionStats tree: stages, index, counts, rejected plans', () => {
    const raw = {
      queryPlanner: {
        winningPlan: { stage: 'FETCH', inputStage: { stage: 'IXSCAN', indexName: 'a_1', keyPattern: { a: 1 } } },
        rejectedPlans: [{ stage: 'COLLSCAN', filter: { a: { $gt: 5 } } }],
      },
      executionStats: {
        nReturned: 3,
        executionTimeMillis: 1,
        totalKeysExamined: 3,
        totalDocsExamined: 3,
        executionStages: {
          stage: 'FETCH',
          nReturned: 3,
          docsExamined: 3,
          executionTimeMillisEstimate: 0,
          inputStage: { stage: 'IXSCAN', indexName: 'a_1', keyPattern: { a: 1 }, keysExamined: 3, nReturned: 3 },
        },
      },
    };
    const r = describeExplain(raw);
    expect(r.plan?.stage).toBe('FETCH');
    expect(r.plan?.children[0]).toMatchObject({ stage: 'IXSCAN', indexName: 'a_1', keysExamined: 3 });
    expect(r.indexesUsed).toEqual(['a_1']);
    expect(r.collectionScan).toBe(false);
    expect(r.totals).toEqual({ nReturned: 3, keysExamined: 3, docsExamined: 3, timeMs: 1 });
    expect(r.rejected[0]?.stage).toBe('COLLSCAN');
  });

  it('calls out a collection scan, also under an aggregate $cursor', () => {
    const r = describeExplain({
      stages: [{ $cursor: { queryPlanner: { winningPlan: { stage: 'COLLSCAN' } } } }, { $group: {} }],
    });
    expect(r.collectionScan).toBe(true);
    expect(r.notes.join(' ')).toContain('$group');
  });

  it("turns FerretDB's SQL plan lines into a tree; SCAN without an index is a collection scan", () => {
    const tree = sqlPlanNodes([
      'id=2 parent=0 notused=0 detail=SEARCH t USING INDEX t_a (a>?)',
      'id=5 parent=2 notused=0 detail=USE TEMP B-TREE FOR ORDER BY',
    ]);
    expect(tree).toMatchObject({ stage: 'SEARCH', indexName: 't_a', children: [{ stage: 'USE' }] });
    const r = describeExplain({
      queryPlanner: { Plan: ['id=2 parent=0 notused=0 detail=SCAN p_f50c'] },
      filterPushdown: false,
    });
    expect(r.collectionScan).toBe(true);
    expect(r.notes[0]).toContain('FerretDB');
  });
});
