import type { ReactNode } from 'react';
import type { GraphController } from './controller';
import { download, fileStamp, interactiveHtml, subgraphBlob } from './exportGraph';
import type { GraphData } from './model';
import { savePositions } from './positions';

/**
 * The export half of the graph toolbar: the picture as PNG, SVG or a
 * self-contained HTML page, the subgraph as JSON, and the node positions
 * saved into the run's History entry.
 */
export function GraphExportBar(props: {
  controller(): GraphController | null;
  shown: GraphData;
  query: string;
  historyId: number | null;
  onNote(note: string): void;
}): ReactNode {
  const { controller: ctl, shown, query, historyId, onNote } = props;
  const name = `graph-${fileStamp()}`;
  return (
    <>
      <span className="n4-muted">Export</span>
      <button
        type="button"
        className="btn btn-sm"
        data-testid="n4-export-png"
        onClick={() => {
          void ctl()
            ?.png()
            .then((b) => download(b, `${name}.png`))
            .catch((e: unknown) => onNote(`PNG export failed: ${e instanceof Error ? e.message : String(e)}`));
        }}
      >
        PNG
      </button>
      <button
        type="button"
        className="btn btn-sm"
        data-testid="n4-export-svg"
        onClick={() => {
          const svg = ctl()?.svg();
          if (svg) download(new Blob([svg], { type: 'image/svg+xml' }), `${name}.svg`);
        }}
      >
        SVG
      </button>
      <button
        type="button"
        className="btn btn-sm"
        data-testid="n4-export-json"
        onClick={() => download(subgraphBlob(shown), `${name}.json`)}
      >
        JSON
      </button>
      <button
        type="button"
        className="btn btn-sm"
        data-testid="n4-export-html"
        onClick={() => {
          const svg = ctl()?.svg();
          if (svg)
            download(
              new Blob([interactiveHtml(svg, query.slice(0, 120), shown)], { type: 'text/html' }),
              `${name}.html`,
            );
        }}
      >
        HTML
      </button>
      <button
        type="button"
        className="btn btn-sm"
        title="Remember where the nodes are, for the next run of this query"
        onClick={() => {
          const p = ctl()?.positions();
          if (!p) return;
          if (historyId === null) {
            onNote('This run is not in History (yet, or History is unavailable): positions are saved in it.');
            return;
          }
          void savePositions(historyId, p).then((ok) =>
            onNote(
              ok
                ? 'Positions saved in History with this run: running this query again restores them.'
                : 'Could not save positions: the History entry is gone, or History is unavailable.',
            ),
          );
        }}
      >
        Save positions
      </button>
    </>
  );
}
