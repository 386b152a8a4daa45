import { useCallback, useEffect, useMemo, useRef, useState, useSyncExternalStore, type ReactNode } from 'react';
import type { GraphNode, GraphRel, Neo4jValue } from '../../../../../shared/contract/neo4j/values';
import { client } from '../../../api/client';
import type { CypherRun } from '../useCypherRuns';
import { GraphInspector } from './GraphInspector';
import { GraphController, type LayoutState, type Selection } from './controller';
import { GraphExportBar } from './GraphExportBar';
import { EXPAND_DEFAULT_LIMIT, EXPAND_MAX_LIMIT, EXPAND_QUERY, GRAPH_HARD_CAP, collectGraph } from './model';
import { loadPositions, type Positions } from './positions';
import type { GraphSession } from './session';
import { StyleLegend } from './StyleLegend';
import { loadStyles, saveStyles, type LabelStyle, type StyleMap } from './style';

/**
 * The graph view of a result: sigma (WebGL) with ForceAtlas2 in a worker, so
 * the page keeps answering while a dense picture settles. At most 300 nodes
 * at first, up to the user's limit on "show more" (hard cap 5,000); what was
 * left out is counted. Click selects (properties in the DocumentView),
 * double-click expands neighbours (bounded per expansion), drag pins.
 */
export function GraphView(props: {
  run: CypherRun;
  version: number;
  connectionId: string;
  database?: string;
  session: GraphSession;
}): ReactNode {
  const { run, version, connectionId, database, session } = props;
  const host = useRef<HTMLDivElement>(null);
  const ctl = useRef<GraphController | null>(null);
  const [selection, setSelection] = useState<Selection>(null);
  const [layout, setLayout] = useState<LayoutState>({
    running: false,
    iterations: 0,
    settledMs: null,
    previewFrames: 0,
  });
  const [styles, setStyles] = useState<StyleMap>(() => loadStyles(connectionId));
  const tick = useSyncExternalStore(session.subscribe, session.getVersion);
  const state = session.state;
  const [pinned, setPinned] = useState(false);
  const [expandLimit, setExpandLimit] = useState(EXPAND_DEFAULT_LIMIT);
  const [note, setNote] = useState<string | null>(null);
  const [find, setFind] = useState('');
  const stylesRef = useRef(styles);
  useEffect(() => {
    stylesRef.current = styles;
  }, [styles]);
  // Expansions in flight end with the view.
  const expansions = useRef(new Set<() => void>());
  /** Positions saved in History for the text of run `runId` (null: none, or not loaded yet). */
  const saved = useRef<{ runId: number; positions: Positions | null } | null>(null);
  /** The run whose first records were taken (and saved positions restored for). */
  const restored = useRef<number | null>(null);

  const expand = useCallback(
    (nodeId: string) => {
      const rows: Neo4jValue[][] = [];
      setNote('Expanding…');
      let stop: () => void = () => undefined;
      const done = () => expansions.current.delete(stop);
      stop = client.subscribe(
        'neo4j.query.run',
        {
          connectionId,
          ...(database ? { database } : {}),
          query: EXPAND_QUERY,
          params: [
            ['id', { t: 'string', v: nodeId }],
            ['limit', { t: 'int', v: String(expandLimit) }],
          ],
          maxRecords: expandLimit,
        },
        {
          onEvent(e) {
            if (e.type === 'records') for (const r of e.rows) rows.push(r);
          },
          onError(err) {
            done();
            setNote(`Expand failed: ${err.message}`);
          },
          onEnd() {
            done();
            if (!ctl.current) return;
            const degreeValue = rows[0]?.[2];
            const degree = degreeValue?.t === 'int' ? Number(degreeValue.v) : rows.length;
            const c = collectGraph(rows.map((r) => r.slice(0, 2)));
            const r = session.addEntities(c);
            ctl.current?.sync(session.state.shown, stylesRef.current, { near: nodeId });
            const more = Math.max(0, degree - rows.length);
            setNote(
              `Expanded: ${r.addedNodes} new node${r.addedNodes === 1 ? '' : 's'}, ${r.addedRels} new relationship${r.addedRels === 1 ? '' : 's'}` +
                (more > 0 ? ` · ${more} more not fetched (limit ${expandLimit} per expansion)` : '') +
                (r.leftOutNodes > 0 ? ` · ${r.leftOutNodes} not drawn (picture limit ${session.state.limit})` : ''),
            );
          },
        },
      );
      expansions.current.add(stop);
    },
    [connectionId, database, expandLimit, session],
  );
  const expandRef = useRef(expand);
  useEffect(() => {
    expandRef.current = expand;
  }, [expand]);

  // The controller lives as long as this view; it owns sigma, the worker and their listeners.
  useEffect(() => {
    const el = host.current;
    if (!el) return;
    const c = new GraphController(el, {
      onSelect: (sel) => {
        setSelection(sel);
        setPinned(sel?.kind === 'node' && c.isPinned(sel.id));
      },
      onExpand: (id) => expandRef.current(id),
      onLayout: setLayout,
    });
    ctl.current = c;
    c.sync(session.state.shown, stylesRef.current, { positions: saved.current?.positions ?? undefined });
    const inFlight = expansions.current;
    return () => {
      ctl.current = null;
      for (const stop of inFlight) stop();
      inFlight.clear();
      c.dispose();
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  // Positions saved with this query's text in History (the newest entry that has some), fetched once per run.
  // They may come before the first records or after: either way the nodes go back where they were saved,
  // even those already drawn by an earlier run (unless this run adds to the picture).
  useEffect(() => {
    let live = true;
    const id = run.id;
    saved.current = { runId: id, positions: null };
    void loadPositions(connectionId, run.query).then((p) => {
      if (!live || !p) return;
      saved.current = { runId: id, positions: p };
      if (restored.current === id && !session.state.accumulate)
        ctl.current?.sync(session.state.shown, stylesRef.current, { positions: p, restore: true });
    });
    return () => {
      live = false;
    };
  }, [run.id, run.query, connectionId, session]);

  // Records stream in: take the new ones into the picture.
  useEffect(() => {
    if (session.takeRun(run.id, run.rows)) {
      const restore = restored.current !== run.id && !session.state.accumulate;
      restored.current = run.id;
      const positions = saved.current?.runId === run.id ? (saved.current.positions ?? undefined) : undefined;
      ctl.current?.sync(session.state.shown, stylesRef.current, { positions, restore });
    }
  }, [session, run, version]);

  const restyle = useCallback(
    (label: string, style: LabelStyle) => {
      setStyles((prev) => {
        const next = { ...prev, [label]: style };
        saveStyles(connectionId, next);
        ctl.current?.sync(session.state.shown, next);
        return next;
      });
    },
    [connectionId, session],
  );

  const selected = useMemo((): GraphNode | GraphRel | null => {
    if (!selection) return null;
    return (
      (selection.kind === 'node'
        ? session.state.shown.nodes.get(selection.id)
        : session.state.shown.rels.get(selection.id)) ?? null
    );
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [selection, tick]);

  const labels = useMemo(() => {
    const m = new Map<string, { count: number; keys: Set<string> }>();
    for (const n of state.shown.nodes.values())
      for (const l of n.labels) {
        const e = m.get(l) ?? { count: 0, keys: new Set<string>() };
        e.count++;
        for (const [k] of n.props) if (e.keys.size < 100) e.keys.add(k);
        m.set(l, e);
      }
    return [...m].sort((a, b) => b[1].count - a[1].count);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [tick]);

  const onFind = () => {
    const q = find.trim().toLowerCase();
    if (!q || !ctl.current) return;
    const g = ctl.current.graph;
    const hit = g.findNode((_, a) => a.label.toLowerCase().includes(q));
    if (!hit) {
      setNote(`No node in the picture has a caption containing “${find.trim()}”.`);
      return;
    }
    ctl.current.focus(hit);
    ctl.current.setSelection({ kind: 'node', id: hit });
    setSelection({ kind: 'node', id: hit });
    setPinned(ctl.current.isPinned(hit));
    setNote(null);
  };

  const shown = state.shown;
  const left = state.left;

  return (
    <div className="n4-graph-split">
      <div className="n4-graph-main">
        <div className="n4-graph-bar" role="toolbar" aria-label="Graph">
          <span data-testid="n4-graph-counts">
            {shown.nodes.size.toLocaleString('en-US')} nodes, {shown.rels.size.toLocaleString('en-US')} relationships
          </span>
          {left.nodes > 0 || left.rels > 0 ? (
            <span className="n4-graph-left" data-testid="n4-graph-left">
              {left.nodes > 0 ? `${left.nodes.toLocaleString('en-US')} nodes` : ''}
              {left.nodes > 0 && left.rels > 0 ? ' and ' : ''}
              {left.rels > 0 ? `${left.rels.toLocaleString('en-US')} relationships` : ''} not shown
              {left.nodes > 0 && shown.nodes.size < state.limit ? (
                <button
                  type="button"
                  className="btn btn-sm"
                  onClick={() => {
                    session.showMore();
                    ctl.current?.sync(state.shown, stylesRef.current);
                  }}
                >
                  Show up to {state.limit.toLocaleString('en-US')}
                </button>
              ) : null}
            </span>
          ) : null}
          <label className="n4-field" title={`At most ${GRAPH_HARD_CAP.toLocaleString('en-US')} nodes`}>
            Node limit
            <input
              className="input n4-num"
              type="number"
              min={1}
              max={GRAPH_HARD_CAP}
              aria-label="Node limit"
              value={state.limit}
              onChange={(e) => session.setLimit(Number(e.target.value))}
            />
          </label>
          <label className="n4-field" title={`Relationships fetched per expansion (at most ${EXPAND_MAX_LIMIT})`}>
            Per expand
            <input
              className="input n4-num"
              type="number"
              min={1}
              max={EXPAND_MAX_LIMIT}
              aria-label="Relationships per expansion"
              value={expandLimit}
              onChange={(e) => setExpandLimit(Math.max(1, Math.min(EXPAND_MAX_LIMIT, Number(e.target.value) || 1)))}
            />
          </label>
          <label className="n4-field" title="Keep this picture and add the next query's results to it">
            <input
              type="checkbox"
              checked={state.accumulate}
              onChange={(e) => session.setAccumulate(e.target.checked)}
            />
            Add next results
          </label>
          <span className="n4-spacer" />
          <span
            className="n4-muted"
            data-testid="n4-layout"
            data-state={layout.running ? 'running' : 'settled'}
            data-preview-frames={layout.previewFrames}
          >
            {layout.running
              ? `Laying out… ${layout.iterations} steps`
              : layout.settledMs !== null
                ? `Layout settled in ${Math.round(layout.settledMs)} ms`
                : 'Layout stopped'}
          </span>
          <button
            type="button"
            className="btn btn-sm"
            onClick={() => (layout.running ? ctl.current?.stopLayout() : ctl.current?.startLayout())}
          >
            {layout.running ? 'Stop layout' : 'Re-run layout'}
          </button>
          <button type="button" className="btn btn-sm" onClick={() => ctl.current?.fit()}>
            Fit
          </button>
        </div>
        <div className="n4-graph-bar">
          <input
            className="input n4-graph-find"
            placeholder="Find a node by caption"
            aria-label="Find a node"
            value={find}
            onChange={(e) => setFind(e.target.value)}
            onKeyDown={(e) => {
              if (e.key === 'Enter') onFind();
            }}
          />
          {state.hidden.size > 0 ? (
            <button
              type="button"
              className="btn btn-sm"
              onClick={() => {
                session.unhideAll();
                ctl.current?.sync(state.shown, stylesRef.current);
              }}
            >
              Show {state.hidden.size} hidden
            </button>
          ) : null}
          <span className="n4-spacer" />
          <GraphExportBar
            controller={() => ctl.current}
            shown={state.shown}
            query={run.query}
            historyId={run.historyId}
            onNote={setNote}
          />
        </div>
        {note ? (
          <div className="n4-graph-note" data-testid="n4-graph-note" role="status">
            {note}
          </div>
        ) : null}
        <div
          ref={host}
          className="n4-graph-canvas"
          data-testid="n4-graph"
          data-nodes={shown.nodes.size}
          data-rels={shown.rels.size}
          aria-label="Graph of the result: click a node to see its properties, double-click to expand it"
        />
        <StyleLegend labels={labels} styles={styles} onChange={restyle} />
      </div>
      {selected ? (
        <GraphInspector
          selected={selected}
          pinned={pinned}
          onExpand={expand}
          onPin={(id, on) => {
            ctl.current?.setPinned(id, on);
            setPinned(on);
          }}
          onHide={(id) => {
            session.hideNode(id);
            ctl.current?.sync(state.shown, stylesRef.current);
            setSelection(null);
          }}
        />
      ) : null}
    </div>
  );
}
