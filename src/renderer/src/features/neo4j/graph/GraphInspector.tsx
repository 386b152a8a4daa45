import type { ReactNode } from 'react';
import type { GraphNode, GraphRel } from '../../../../../shared/contract/neo4j/values';
import { DocumentView } from '../../../ui/DocumentView';
import { toDocValue } from '../format';

/** The selected node or relationship: labels or type, its properties in the DocumentView, and node actions. */
export function GraphInspector(props: {
  selected: GraphNode | GraphRel;
  pinned: boolean;
  onExpand(id: string): void;
  onPin(id: string, pinned: boolean): void;
  onHide(id: string): void;
}): ReactNode {
  const { selected, pinned } = props;
  return (
    <aside className="n4-detail n4-inspector" aria-label="Selected element" data-testid="n4-inspector">
      <div className="n4-inspector-head">
        {selected.t === 'node' ? (
          <>
            {selected.labels.map((l) => (
              <span key={l} className="n4-chip">
                :{l}
              </span>
            ))}
            <span className="n4-spacer" />
            <button type="button" className="btn btn-sm" onClick={() => props.onExpand(selected.id)}>
              Expand
            </button>
            <button type="button" className="btn btn-sm" onClick={() => props.onPin(selected.id, !pinned)}>
              {pinned ? 'Unpin' : 'Pin'}
            </button>
            <button type="button" className="btn btn-sm" onClick={() => props.onHide(selected.id)}>
              Hide
            </button>
          </>
        ) : (
          <span className="n4-chip">[:{selected.type}]</span>
        )}
      </div>
      <DocumentView value={toDocValue(selected)} rootLabel={selected.t === 'node' ? 'node' : 'relationship'} />
    </aside>
  );
}
