import { useState, type ReactNode } from 'react';
import { PALETTE, SIZES, defaultStyle, type LabelStyle, type StyleMap } from './style';

/**
 * The labels in the picture with their counts; choosing one opens its style:
 * colour, size and the caption property (remembered per connection).
 */
export function StyleLegend(props: {
  labels: [string, { count: number; keys: Set<string> }][];
  styles: StyleMap;
  onChange(label: string, style: LabelStyle): void;
}): ReactNode {
  const { labels, styles, onChange } = props;
  const [open, setOpen] = useState<string | null>(null);
  if (labels.length === 0) return null;
  const current = open === null ? null : (styles[open] ?? defaultStyle(open));
  const keys = open === null ? [] : [...(labels.find(([l]) => l === open)?.[1].keys ?? [])].sort();
  return (
    <div className="n4-legend" data-testid="n4-legend">
      {labels.slice(0, 40).map(([label, { count }]) => {
        const s = styles[label] ?? defaultStyle(label);
        return (
          <button
            key={label}
            type="button"
            className="n4-legend-chip"
            aria-pressed={open === label}
            title={`Style of :${label}`}
            onClick={() => setOpen(open === label ? null : label)}
          >
            <span className="n4-swatch" style={{ background: s.color }} />:{label} ({count})
          </button>
        );
      })}
      {labels.length > 40 ? <span className="n4-muted">+{labels.length - 40} more labels</span> : null}
      {open !== null && current ? (
        <div className="n4-style-editor" role="group" aria-label={`Style of :${open}`}>
          <span className="n4-muted">Colour</span>
          {PALETTE.map((c) => (
            <button
              key={c}
              type="button"
              className="n4-swatch n4-swatch-btn"
              style={{ background: c }}
              aria-label={`Colour ${c}`}
              aria-pressed={current.color === c}
              onClick={() => onChange(open, { ...current, color: c })}
            />
          ))}
          <span className="n4-muted">Size</span>
          {SIZES.map((z) => (
            <button
              key={z}
              type="button"
              className="btn btn-sm"
              aria-pressed={current.size === z}
              onClick={() => onChange(open, { ...current, size: z })}
            >
              {z}
            </button>
          ))}
          <label className="n4-field">
            Caption
            <select
              className="select"
              aria-label={`Caption of :${open}`}
              value={current.caption}
              onChange={(e) => onChange(open, { ...current, caption: e.target.value })}
            >
              <option value="">automatic</option>
              {keys.map((k) => (
                <option key={k} value={k}>
                  {k}
                </option>
              ))}
            </select>
          </label>
        </div>
      ) : null}
    </div>
  );
}
