import { describe, expect, it } from 'vitest';
import type { GraphNode, GraphRel, Neo4jValue } from '../../../../src/shared/contract/neo4j/values';
import {
  GRAPH_HARD_CAP,
  GRAPH_INITIAL_NODES,
  collectGraph,
  emptyGraph,
  mergeInto,
  subgraphJson,
} from '../../../../src/renderer/src/features/neo4j/graph/model';
import { GraphSession } from '../../../../src/renderer/src/features/neo4j/graph/session';
import {
  captionOf,
  defaultStyle,
  loadStyles,
  saveStyles,
  styleOf,
} from '../../../../src/renderer/src/features/neo4j/graph/style';
import { HISTORY_ATTACHMENT_MAX } from '../../../../src/shared/contract/history';
import { decodePositions, encodePositions } from '../../../../src/renderer/src/features/neo4j/graph/positionsCodec';

const node = (i: number, labels = ['P'], props: [string, Neo4jValue][] = []): GraphNode => ({
  t: 'node',
  id: `n${i}`,
  labels,
  props,
});
const rel = (i: number, s: number, e: number): GraphRel => ({
  t: 'rel',
  id: `r${i}`,
  type: 'KNOWS',
  start: `n${s}`,
  end: `n${e}`,
  props: [['since', { t: 'int', v: '9007199254740993' }]],
});

function memoryStorage(): Storage & { data: Map<string, string> } {
  const data = new Map<string, string>();
  return {
    data,
    get length() {
      return data.size;
    },
    clear: () => data.clear(),
    getItem: (k) => data.get(k) ?? null,
    key: (i) => [...data.keys()][i] ?? null,
    removeItem: (k) => void data.delete(k),
    setItem: (k, v) => void data.set(k, v),
  };
}

describe('collectGraph', () => {
  it('finds nodes and relationships anywhere in the records, once each', () => {
    const path: Neo4jValue = { t: 'path', nodes: [node(1), node(2)], rels: [rel(1, 1, 2)] };
    const rows: Neo4jValue[][] = [
      [node(1), { t: 'array', v: [node(3), { t: 'object', v: [['x', node(4)]] }] }],
      [path, rel(1, 1, 2), { t: 'int', v: '1' }],
    ];
    const c = collectGraph(rows);
    expect(c.nodes.map((n) => n.id)).toEqual(['n1', 'n3', 'n4', 'n2']);
    expect(c.rels.map((r) => r.id)).toEqual(['r1']);
  });
});

describe('mergeInto', () => {
  it('stops at the node cap and counts what was left out; relationships need both ends', () => {
    const g = emptyGraph();
    const nodes = Array.from({ length: 10 }, (_, i) => node(i));
    const rels = [rel(1, 0, 1), rel(2, 1, 9)];
    const r = mergeInto(g, { nodes, rels }, 5);
    expect(r).toEqual({ addedNodes: 5, addedRels: 1, leftOutNodes: 5, leftOutRels: 1 });
    expect([...g.rels.keys()]).toEqual(['r1']);
  });

  it('never goes past the hard cap whatever the limit asked', () => {
    const g = emptyGraph();
    const nodes = Array.from({ length: GRAPH_HARD_CAP + 10 }, (_, i) => node(i));
    mergeInto(g, { nodes, rels: [] }, 1_000_000);
    expect(g.nodes.size).toBe(GRAPH_HARD_CAP);
  });
});

describe('GraphSession', () => {
  it('draws 300 nodes at first, says how many were left out, and shows more up to the limit', () => {
    const s = new GraphSession();
    const rows = Array.from({ length: 1_500 }, (_, i) => [node(i)]);
    let calls = 0;
    s.subscribe(() => calls++);
    expect(s.takeRun(1, rows)).toBe(true);
    expect(s.state.shown.nodes.size).toBe(GRAPH_INITIAL_NODES);
    expect(s.state.left.nodes).toBe(1_200);
    s.showMore();
    expect(s.state.shown.nodes.size).toBe(1_000);
    expect(s.state.left.nodes).toBe(500);
    s.setLimit(99_999);
    expect(s.state.limit).toBe(GRAPH_HARD_CAP);
    expect(calls).toBe(3);
  });

  it('takes streamed rows incrementally and replaces the picture on a new run unless adding', () => {
    const s = new GraphSession();
    const rows: Neo4jValue[][] = [[node(1)]];
    s.takeRun(1, rows);
    rows.push([node(2), rel(1, 1, 2)]);
    expect(s.takeRun(1, rows)).toBe(true);
    expect(s.takeRun(1, rows)).toBe(false); // nothing new
    expect(s.state.shown.rels.size).toBe(1);
    s.takeRun(2, [[node(7)]]);
    expect([...s.state.shown.nodes.keys()]).toEqual(['n7']);
    s.setAccumulate(true);
    s.takeRun(3, [[node(8)]]);
    expect([...s.state.shown.nodes.keys()]).toEqual(['n7', 'n8']);
  });

  it('hides a node with its relationships, and an expansion brings it back', () => {
    const s = new GraphSession();
    s.takeRun(1, [[node(1), node(2), rel(1, 1, 2)]]);
    s.hideNode('n2');
    expect(s.state.shown.nodes.has('n2')).toBe(false);
    expect(s.state.shown.rels.size).toBe(0);
    s.takeRun(1, [[node(1), node(2), rel(1, 1, 2)], [node(2)]]); // hidden stays hidden on more rows
    expect(s.state.shown.nodes.has('n2')).toBe(false);
    const r = s.addEntities({ nodes: [node(2), node(3)], rels: [rel(1, 1, 2), rel(2, 2, 3)] });
    expect(r.addedNodes).toBe(2);
    expect(s.state.shown.rels.size).toBe(2);
  });
});

describe('subgraphJson', () => {
  it('keeps ids, labels, types and exact property values', () => {
    const g = emptyGraph();
    mergeInto(g, { nodes: [node(1, ['A'], [['age', { t: 'int', v: '42' }]]), node(2)], rels: [rel(1, 1, 2)] }, 10);
    const j = subgraphJson(g);
    expect(j.nodes[0]).toEqual({ id: 'n1', labels: ['A'], properties: { age: 42 } });
    expect(j.relationships[0]).toEqual({
      id: 'r1',
      type: 'KNOWS',
      startNode: 'n1',
      endNode: 'n2',
      properties: { since: '9007199254740993' }, // beyond 2^53: exact, as text
    });
  });
});

describe('styles', () => {
  it('gives a label the same colour every time, and remembers a chosen style per connection', () => {
    expect(defaultStyle('Person')).toEqual(defaultStyle('Person'));
    const st = memoryStorage();
    saveStyles('c1', { Person: { color: '#112233', size: 12, caption: 'email' } }, st);
    const loaded = loadStyles('c1', st);
    expect(loaded.Person).toEqual({ color: '#112233', size: 12, caption: 'email' });
    expect(loadStyles('c2', st)).toEqual({});
    st.setItem('stackdeck.neo4j.styles.c3', '{"X":{"color":"red"},"Y":"junk"}');
    expect(loadStyles('c3', st)).toEqual({}); // invalid entries are dropped, not trusted
  });

  it('captions by the chosen property, else a name-like one, else the label', () => {
    const n = node(
      1,
      ['Person'],
      [
        ['email', { t: 'string', v: 'a@b.c' }],
        ['name', { t: 'string', v: 'Ann' }],
      ],
    );
    expect(captionOf(n, styleOf(n, {}))).toBe('Ann');
    expect(captionOf(n, { ...defaultStyle('Person'), caption: 'email' })).toBe('a@b.c');
    expect(captionOf(node(2, ['Thing']), defaultStyle('Thing'))).toBe('Thing');
  });
});

describe('saved positions (the text kept in a History entry)', () => {
  it('round-trips positions to 0.01 and keeps at most 5,000 nodes within the attachment limit', () => {
    const back = decodePositions(encodePositions(new Map([['n1', { x: 1.234, y: -5 }]])));
    expect(back?.get('n1')).toEqual({ x: 1.23, y: -5 });
    const big = new Map(Array.from({ length: 6_000 }, (_, i) => [`4:${'f'.repeat(36)}:${i}`, { x: i / 3, y: -i / 7 }]));
    const text = encodePositions(big);
    expect(text.length).toBeLessThanOrEqual(HISTORY_ATTACHMENT_MAX);
    const decoded = decodePositions(text);
    expect(decoded?.size).toBe(5_000);
    expect(decoded?.get('4:' + 'f'.repeat(36) + ':3')).toEqual({ x: 1, y: -0.43 });
  });

  it('reads junk, another kind of attachment, and bad rows as nothing saved', () => {
    expect(decodePositions(null)).toBeNull();
    expect(decodePositions('{"not":"closed"')).toBeNull();
    expect(decodePositions('{"kind":"something.else","p":[]}')).toBeNull();
    expect(decodePositions('[1,2]')).toBeNull();
    const some = decodePositions(
      '{"kind":"neo4j.positions","v":1,"p":[["a",1,2],["b","x",3],[4,5,6],"junk",["c",1e999,0]]}',
    );
    expect([...(some?.keys() ?? [])]).toEqual(['a']);
  });
});

describe('interactive HTML export', () => {
  it('is self-contained and a property cannot close its script', async () => {
    const { interactiveHtml } = await import('../../../../src/renderer/src/features/neo4j/graph/exportGraph');
    const g = emptyGraph();
    mergeInto(
      g,
      { nodes: [node(1, ['A'], [['bio', { t: 'string', v: '</script><script>alert(1)</script>' }]])], rels: [] },
      10,
    );
    const html = interactiveHtml('<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg"></svg>', 'q <b>', g);
    expect(html).not.toMatch(/(src|href)=["']https?:/);
    expect(html).toContain('q &lt;b&gt;');
    expect(html.match(/<\/script>/g)).toHaveLength(2); // the two script elements' own ends only
    expect(html).toContain('1 nodes, 0 relationships');
  });
});
