import { useMemo, type ReactNode } from 'react';
import type { PlanOperator } from '../../../../shared/contract/neo4j/query';

/**
 * EXPLAIN / PROFILE as an operator tree, root (ProduceResults) on top as in
 * Neo4j Browser. Per operator: estimated rows, and with PROFILE rows, db hits,
 * memory and page cache hits/misses. With PROFILE the three costliest
 * operators by db hits are highlighted.
 */

function cost(p: PlanOperator, profiled: boolean): number {
  return profiled ? (p.dbHits ?? 0) : (p.estimatedRows ?? 0);
}

function costliest(root: PlanOperator, profiled: boolean): Set<PlanOperator> {
  // Estimates accumulate towards the root, so only measured db hits say where the cost is.
  if (!profiled) return new Set();
  const all: PlanOperator[] = [];
  const walk = (p: PlanOperator) => {
    all.push(p);
    p.children.forEach(walk);
  };
  walk(root);
  const ranked = all.filter((p) => cost(p, profiled) > 0).sort((a, b) => cost(b, profiled) - cost(a, profiled));
  return new Set(ranked.slice(0, 3));
}

const fmt = (n: number | null): string =>
  n === null ? '–' : Number.isInteger(n) ? n.toLocaleString('en-US') : n.toFixed(1);

function Operator({ op, hot, profiled }: { op: PlanOperator; hot: Set<PlanOperator>; profiled: boolean }): ReactNode {
  return (
    <li>
      <div className={`n4-op${hot.has(op) ? ' n4-op-hot' : ''}`} data-testid="n4-plan-op" data-operator={op.operator}>
        <div className="n4-op-name">
          {op.operator}
          {hot.has(op) ? <span className="n4-op-badge">expensive</span> : null}
        </div>
        {op.details ? <div className="n4-op-details">{op.details}</div> : null}
        <dl className="n4-op-stats">
          <dt>est. rows</dt>
          <dd>{fmt(op.estimatedRows)}</dd>
          {profiled ? (
            <>
              <dt>rows</dt>
              <dd>{fmt(op.rows)}</dd>
              <dt>db hits</dt>
              <dd>{fmt(op.dbHits)}</dd>
              <dt>page cache hits/misses</dt>
              <dd>
                {fmt(op.pageCacheHits)} / {fmt(op.pageCacheMisses)}
              </dd>
            </>
          ) : null}
          {op.memory !== null ? (
            <>
              <dt>memory (bytes)</dt>
              <dd>{fmt(op.memory)}</dd>
            </>
          ) : null}
        </dl>
        {op.identifiers.length > 0 ? <div className="n4-op-ids">{op.identifiers.join(', ')}</div> : null}
      </div>
      {op.children.length > 0 ? (
        <ul className="n4-plan-children">
          {op.children.map((c, i) => (
            <Operator key={i} op={c} hot={hot} profiled={profiled} />
          ))}
        </ul>
      ) : null}
    </li>
  );
}

export function PlanView({ plan, profiled }: { plan: PlanOperator | null; profiled: boolean }): ReactNode {
  const hot = useMemo(() => (plan ? costliest(plan, profiled) : new Set<PlanOperator>()), [plan, profiled]);
  if (!plan) {
    return (
      <p className="n4-empty">
        No plan for this query. Start it with EXPLAIN (plan only, nothing runs) or PROFILE (runs it and counts rows and
        db hits per operator).
      </p>
    );
  }
  return (
    <div className="n4-plan" data-testid="n4-plan">
      <p className="n4-muted">
        {profiled ? 'PROFILE: measured rows and db hits per operator.' : 'EXPLAIN: estimated rows; nothing was run.'}{' '}
        The root is on top; data flows upwards.
      </p>
      <ul className="n4-plan-root">
        <Operator op={plan} hot={hot} profiled={profiled} />
      </ul>
    </div>
  );
}
