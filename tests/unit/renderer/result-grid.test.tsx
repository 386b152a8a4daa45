// @vitest-environment jsdom
import { act } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { fromJson } from '../../../src/shared/docValue';
import { ResultGrid, type ResultGridProps } from '../../../src/renderer/src/ui/ResultGrid';
import {
  compareCells,
  nextSort,
  sortedOrder,
  summary,
  toDoc,
  toJsonRows,
  toTsv,
  type Cell,
} from '../../../src/renderer/src/ui/resultGrid';
import { installDomShims } from './dom-shims';

beforeAll(() => {
  installDomShims();
  // jsdom has no layout: give grids a 800x400 viewport so the virtualizer has a window to fill.
  const size = (el: HTMLElement, w: number, h: number): number => (el.getAttribute('role') === 'grid' ? w : h);
  Object.defineProperty(HTMLElement.prototype, 'clientHeight', {
    configurable: true,
    get(this: HTMLElement) {
      return size(this, 400, 0);
    },
  });
  Object.defineProperty(HTMLElement.prototype, 'clientWidth', {
    configurable: true,
    get(this: HTMLElement) {
      return size(this, 800, 0);
    },
  });
});

describe('result grid logic', () => {
  it('sorts missing, null, numbers by value (longs beyond 2^53 too), then text', () => {
    const col: Cell[][] = [
      ['b'],
      [{ t: 'long', v: '9007199254740993' }],
      [null],
      [10],
      [undefined],
      [2],
      [{ t: 'long', v: '9007199254740992' }],
      ['A'],
    ];
    const order = sortedOrder(col, 0, 'asc').map((i) => col[i]?.[0]);
    expect(order).toEqual([
      undefined,
      null,
      2,
      10,
      { t: 'long', v: '9007199254740992' },
      { t: 'long', v: '9007199254740993' },
      'A',
      'b',
    ]);
    expect(sortedOrder(col, 0, null)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    expect(compareCells(toDoc(2), toDoc(10))).toBeLessThan(0);
    expect(nextSort(null, 'a')).toEqual({ key: 'a', dir: 'asc' });
    expect(nextSort({ key: 'a', dir: 'asc' }, 'a')).toEqual({ key: 'a', dir: 'desc' });
    expect(nextSort({ key: 'a', dir: 'desc' }, 'a')).toBeNull();
  });

  it('copies as TSV (quoted where needed) and JSON (exact numbers, missing left out)', () => {
    const cols = [
      { key: 'id', title: 'id' },
      { key: 'note', title: 'note' },
      { key: 'doc', title: 'doc' },
    ];
    const rows: Cell[][] = [
      [{ t: 'long', v: '9007199254740993' }, 'tab\there', fromJson({ a: [1] })],
      [null, '', undefined],
    ];
    expect(toTsv(cols, rows)).toBe('id\tnote\tdoc\n9007199254740993\t"tab\there"\t"{""a"":[1]}"\n\t\t');
    expect(JSON.parse(toJsonRows(cols, rows))).toEqual([
      { id: Number('9007199254740993'), note: 'tab\there', doc: { a: [1] } },
      { id: null, note: '' },
    ]);
    expect(toJsonRows(cols, rows)).toContain('9007199254740993');
    expect(summary(1234, undefined, 56.2)).toBe('1,234 rows · 56 ms');
    expect(summary(1000, 5000, 2500)).toBe('1,000 of 5,000 rows · 2.50 s');
  });
});

describe('ResultGrid', () => {
  let root: Root | null = null;
  let container: HTMLDivElement | null = null;
  afterEach(() => {
    act(() => root?.unmount());
    container?.remove();
    root = container = null;
  });

  function render(props: ResultGridProps): HTMLDivElement {
    container = document.createElement('div');
    document.body.append(container);
    const r = createRoot(container);
    root = r;
    act(() => r.render(<ResultGrid testId="rg" {...props} />));
    return container;
  }

  it('keeps the number of row elements bounded while scrolling 100,000 rows to the end', async () => {
    const rows: Cell[][] = Array.from({ length: 100_000 }, (_, i) => [
      i,
      `name-${i}`,
      i % 3 === 0 ? null : { t: 'double', v: `${i}.5` },
    ]);
    const el = render({
      columns: [
        { key: 'id', title: 'id' },
        { key: 'name', title: 'name' },
        { key: 'score', title: 'score', type: 'double' },
      ],
      rows,
      tookMs: 12,
      initialHeight: 400,
    });
    const grid = el.querySelector('[role=grid]') as HTMLDivElement;
    const rowCount = () => grid.querySelectorAll('[role=row]').length - 1; // minus the header
    expect(el.textContent).toContain('100,000 rows · 12 ms');
    const initial = rowCount();
    expect(initial).toBeGreaterThan(0);
    expect(initial).toBeLessThan(60);

    let top = 0;
    Object.defineProperty(grid, 'scrollTop', {
      configurable: true,
      get: () => top,
      set: (v: number) => void (top = v),
    });
    const maxSeen: number[] = [];
    for (const fraction of [0.25, 0.5, 0.75, 1]) {
      top = Math.floor(fraction * 100_000 * 26);
      await act(async () => {
        grid.dispatchEvent(new Event('scroll'));
        await new Promise((r) => setTimeout(r, 0));
      });
      maxSeen.push(rowCount());
    }
    expect(Math.max(...maxSeen)).toBeLessThan(60);
    expect(grid.textContent).toContain('name-99999');
    expect(grid.textContent).not.toContain('name-0 '); // the first rows left the DOM
    expect(grid.querySelector('[aria-rowindex="2"]')).toBeNull();
  });

  it('shows null distinct from an empty string, numbers right-aligned, binary as hex with size, nested as a preview that opens', () => {
    const el = render({
      columns: [
        { key: 'n', title: 'n' },
        { key: 's', title: 's' },
        { key: 'b', title: 'b' },
        { key: 'd', title: 'd' },
      ],
      rows: [
        [1, null, { t: 'binary', v: '3q2+7w==', size: 4 }, fromJson({ user: { id: 7 }, tags: ['x'] })],
        [2, '', null, fromJson([1, 2, 3])],
      ],
    });
    const cells = [...el.querySelectorAll('[role=gridcell]')];
    expect(cells[0]?.className).toContain('grid-right');
    expect(cells[1]?.querySelector('.rg-null')?.textContent).toBe('null');
    expect(cells[5]?.querySelector('.rg-empty')).not.toBeNull();
    expect(cells[5]?.textContent).toBe('');
    expect(cells[2]?.textContent).toBe('de ad be ef (4 B)');
    expect(cells[3]?.textContent).toContain('{ user: { id: 7 }, tags: ["x"] }');
    act(() => (cells[3]?.querySelector('.rg-open') as HTMLElement).click());
    const detail = el.querySelector('[data-testid=rg-detail]');
    expect(detail?.textContent).toContain('d · row 1');
    expect(detail?.querySelector('[role=tree]')?.textContent).toContain('tags');
  });

  it('sorts the loaded rows on a header click and copies selections as TSV and JSON', async () => {
    const written: string[] = [];
    Object.defineProperty(navigator, 'clipboard', {
      configurable: true,
      value: { writeText: (t: string) => (written.push(t), Promise.resolve()) },
    });
    const el = render({
      columns: [
        { key: 'id', title: 'id' },
        { key: 'name', title: 'name' },
      ],
      rows: [
        [3, 'c'],
        [1, 'a'],
        [2, 'b'],
      ],
    });
    const header = () => el.querySelector('[data-column=id]') as HTMLElement;
    const names = () => [...el.querySelectorAll('[role=row] [role=gridcell]:nth-child(2)')].map((c) => c.textContent);
    act(() => header().click());
    expect(names()).toEqual(['a', 'b', 'c']);
    act(() => header().click());
    expect(names()).toEqual(['c', 'b', 'a']);
    act(() => header().click());
    expect(names()).toEqual(['c', 'a', 'b']);

    const grid = el.querySelector('[role=grid]') as HTMLElement;
    const rowsEls = () => [...el.querySelectorAll('[role=row]')].slice(1);
    const down = (target: Element, init: MouseEventInit = {}) =>
      act(() => void target.dispatchEvent(new MouseEvent('mousedown', { bubbles: true, ...init })));
    down(rowsEls()[0]?.children[1] as Element);
    const key = (init: KeyboardEventInit) =>
      act(() => void grid.dispatchEvent(new KeyboardEvent('keydown', { bubbles: true, cancelable: true, ...init })));
    key({ key: 'c', ctrlKey: true });
    expect(written.at(-1)).toBe('c'); // one row selected: the active cell
    down(rowsEls()[2] as Element, { shiftKey: true });
    expect(el.textContent).toContain('3 selected');
    key({ key: 'c', ctrlKey: true });
    expect(written.at(-1)).toBe('id\tname\n3\tc\n1\ta\n2\tb');
    key({ key: 'C', ctrlKey: true, shiftKey: true });
    expect(JSON.parse(written.at(-1) ?? '')).toEqual([
      { id: 3, name: 'c' },
      { id: 1, name: 'a' },
      { id: 2, name: 'b' },
    ]);
  });
});
