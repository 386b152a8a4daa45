import { useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import type { SchemaOverview } from '../../../../shared/contract/neo4j/schema';
import { GraphController, type LayoutState, type Selection } from './graph/controller';
import type { GraphData } from './graph/model';
import { loadStyles } from './graph/style';

/** Labels drawn at most: db.schema.visualization() is bounded by the token store, but a generated schema can be huge. */
const MAX_SCHEMA_NODES = 2_000;
const MAX_SCHEMA_RELS = 6_000;

/**
 * The schema graph as a picture (db.schema.visualization()): one node per
 * label, one arrow per relationship type between two labels, drawn by the
 * same sigma view and ForceAtlas2 worker as query results, in the label
 * colours the user chose for this connection. Click a node or arrow to name
 * it with its count; `focus` (a label clicked in the table) selects and centres it.
 */
export function SchemaGraph(props: {
  connectionId: string;
  overview: SchemaOverview;
  /** A label to select and centre; a new object each time it is asked (the same label may be asked twice). */
  focus: { label: string } | null;
}): ReactNode {
  const { connectionId, overview, focus } = props;
  const host = useRef<HTMLDivElement>(null);
  const ctl = useRef<GraphController | null>(null);
  const [selection, setSelection] = useState<Selection>(null);
  const [layout, setLayout] = useState<LayoutState>({
    running: false,
    iterations: 0,
    settledMs: null,
    previewFrames: 0,
  });

  const data = useMemo((): GraphData => {
    const nodes: GraphData['nodes'] = new Map();
    for (const n of overview.graph.nodes.slice(0, MAX_SCHEMA_NODES))
      nodes.set(n.id, {
        t: 'node',
        id: n.id,
        labels: n.labels,
        // The caption is the label itself (captionOf picks `name`).
        props: [['name', { t: 'string', v: n.labels.join(':') }]],
      });
    const rels: GraphData['rels'] = new Map();
    for (const r of overview.graph.rels.slice(0, MAX_SCHEMA_RELS))
      if (nodes.has(r.start) && nodes.has(r.end)) rels.set(r.id, { t: 'rel', ...r, props: [] });
    return { nodes, rels };
  }, [overview]);

  // The controller lives as long as this view; it owns sigma, the worker and their listeners.
  useEffect(() => {
    const el = host.current;
    if (!el) return;
    const c = new GraphController(el, { onSelect: setSelection, onExpand: () => undefined, onLayout: setLayout });
    ctl.current = c;
    return () => {
      ctl.current = null;
      c.dispose();
    };
  }, []);

  useEffect(() => {
    ctl.current?.sync(data, loadStyles(connectionId));
  }, [data, connectionId]);

  useEffect(() => {
    const c = ctl.current;
    if (!c || focus === null) return;
    const node = [...data.nodes.values()].find((n) => n.labels.includes(focus.label));
    if (!node) return;
    // Through the controller, which reports the selection back like a click would.
    c.select({ kind: 'node', id: node.id });
    c.focus(node.id);
  }, [focus, data]);

  const counts = useMemo(() => {
    const labels = new Map(overview.labels.map((l) => [l.name, l.count]));
    const types = new Map(overview.relationshipTypes.map((t) => [t.name, t.count]));
    return { labels, types };
  }, [overview]);

  const caption = (id: string) => data.nodes.get(id)?.labels.join(':') ?? '?';
  let selected: string | null = null;
  if (selection?.kind === 'node') {
    const n = data.nodes.get(selection.id);
    const label = n?.labels[0];
    if (n && label !== undefined)
      selected = `:${n.labels.join(':')} · ${(counts.labels.get(label) ?? 0).toLocaleString('en-US')} nodes`;
  } else if (selection?.kind === 'rel') {
    const r = data.rels.get(selection.id);
    if (r)
      selected = `(:${caption(r.start)})-[:${r.type}]->(:${caption(r.end)}) · ${(counts.types.get(r.type) ?? 0).toLocaleString('en-US')} relationships of this type`;
  }
  const cut = overview.graph.nodes.length - data.nodes.size;

  return (
    <div className="n4-schema-graph">
      <div className="n4-graph-bar">
        <span data-testid="n4-schema-graph-counts">
          {data.nodes.size.toLocaleString('en-US')} labels, {data.rels.size.toLocaleString('en-US')} relationship
          patterns
          {cut > 0 ? ` (${cut.toLocaleString('en-US')} labels not drawn)` : ''}
        </span>
        <span className="n4-spacer" />
        <span
          className="n4-muted"
          data-testid="n4-schema-graph-layout"
          data-state={layout.running ? 'running' : 'settled'}
        >
          {layout.running ? 'Laying out…' : ''}
        </span>
        <button type="button" className="btn btn-sm" onClick={() => ctl.current?.fit()}>
          Fit
        </button>
      </div>
      <div
        ref={host}
        className="n4-graph-canvas n4-schema-canvas"
        data-testid="n4-schema-graph"
        data-nodes={data.nodes.size}
        data-rels={data.rels.size}
        aria-label="Schema graph: labels as nodes, relationship types as arrows; click one to name it"
      />
      <div className="n4-muted" data-testid="n4-schema-graph-selected" role="status">
        {selected ?? 'Click a label or an arrow in the picture, or a label in the table.'}
      </div>
    </div>
  );
}
