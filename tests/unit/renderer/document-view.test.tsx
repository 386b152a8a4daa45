// @vitest-environment jsdom
import { act } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { fromJson, parseJsonDoc, type DocValue } from '../../../src/shared/docValue';
import { DocumentView, initialOpenPaths } from '../../../src/renderer/src/ui/DocumentView';
import { installDomShims } from './dom-shims';

beforeAll(() => installDomShims());

let root: Root | null = null;
let container: HTMLDivElement | null = null;
afterEach(() => {
  act(() => root?.unmount());
  container?.remove();
  root = container = null;
});

function render(value: DocValue, extra: Record<string, unknown> = {}): HTMLDivElement {
  container = document.createElement('div');
  document.body.append(container);
  const r = createRoot(container);
  root = r;
  act(() => r.render(<DocumentView value={value} rootLabel="value" {...extra} />));
  return container;
}

const rows = (el: Element): string[] =>
  [...el.querySelectorAll('[role=treeitem]')].map((r) =>
    (r.textContent ?? '').replace(/^[▾▸]/, '').replace(/pathcopy$/, ''),
  );
const click = (el: Element | null | undefined): void => {
  if (!el) throw new Error('nothing to click');
  act(() => (el as HTMLElement).click());
};

describe('DocumentView', () => {
  it('opens a small document fully, with type badges and values as text', () => {
    const el = render(
      fromJson({
        id: 12345678901234567890n,
        name: '<b>x</b>',
        at: new Date(0),
        raw: new Uint8Array([255, 1]),
        none: null,
        tags: ['a'],
      }),
    );
    expect(rows(el)).toEqual([
      'value:{6 keysobject',
      'id:12345678901234567890long',
      'name:"<b>x</b>"string',
      'at:1970-01-01T00:00:00.000Zdate',
      'raw:ff 01 (2 bytes)binary',
      'none:nullnull',
      'tags:[1 itemarray',
      '0:"a"string',
    ]);
    expect(el.querySelector('b')).toBeNull(); // server text is never HTML
  });

  it('opens a 5 MB document with a small DOM, children only when opened, long lists in chunks', () => {
    const items = Array.from({ length: 40_000 }, (_, i) => ({
      id: i,
      name: `item-${i}`,
      tags: ['alpha', 'beta', 'gamma'],
      nested: { a: i * 2, b: 'lorem ipsum dolor sit amet', c: [1, 2, 3, 4, 5] },
    }));
    const text = JSON.stringify({ items });
    expect(text.length).toBeGreaterThan(5_000_000);
    const el = render(parseJsonDoc(text));
    const nodes = el.querySelectorAll('*').length;
    expect(nodes).toBeLessThan(3000);
    // items is open with its first chunk; the first few elements fit the open budget (200 rows), later ones are closed.
    expect(el.querySelectorAll('[role=treeitem]').length).toBeLessThanOrEqual(200);
    expect(el.textContent).toContain('100 of 40,000 shown');
    expect(el.querySelector('[data-path="items[0].nested"]')).not.toBeNull();
    expect(el.querySelector('[data-path="items[50]"]')).not.toBeNull();
    expect(el.querySelector('[data-path="items[50].name"]')).toBeNull();
    expect(el.textContent).not.toContain('item-50');

    // Opening one item renders its children, and only then.
    click(el.querySelector('[data-path="items[50]"] .dv-toggle'));
    expect(el.textContent).toContain('item-50');
    expect(el.querySelector('[data-path="items[50].nested"]')).not.toBeNull();
    expect(el.querySelector('[data-path="items[51].nested"]')).toBeNull();

    // "Show more" adds one chunk.
    const more = [...el.querySelectorAll('.dv-more button')].at(-1);
    click(more);
    expect(el.textContent).toContain('200 of 40,000 shown');
    expect(el.querySelectorAll('*').length).toBeLessThan(nodes * 2 + 200);
  });

  it('cuts long strings with a button to show them all', () => {
    const el = render(fromJson({ s: 'x'.repeat(5000) }), { maxStringLength: 100 });
    expect(el.querySelector('.dv-string')?.textContent).toContain('show all 5,000 characters');
    click(el.querySelector('.dv-expand'));
    expect(el.querySelector('.dv-string')?.textContent).toBe(JSON.stringify('x'.repeat(5000)));
  });

  it('copies the path and the value of a row', async () => {
    const written: string[] = [];
    Object.defineProperty(navigator, 'clipboard', {
      configurable: true,
      value: { writeText: (t: string) => (written.push(t), Promise.resolve()) },
    });
    const el = render(parseJsonDoc('{"user": {"content-type": "a", "id": 9007199254740993}}'), { pathRoot: 'value' });
    const row = (path: string) => el.querySelector(`[data-path='${path}']`);
    click(row('user["content-type"]')?.querySelector('[title="Copy path"]'));
    click(row('user.id')?.querySelector('[title="Copy value"]'));
    click(row('user')?.querySelector('[title="Copy value"]'));
    expect(written).toEqual([
      'value.user["content-type"]',
      '9007199254740993',
      '{\n  "content-type": "a",\n  "id": 9007199254740993\n}',
    ]);
  });

  it('spends its initial open budget breadth first', () => {
    const doc = fromJson({ a: { b: { c: { d: 1 } } }, list: Array.from({ length: 500 }, (_, i) => ({ i })) });
    const open = initialOpenPaths(doc, 50, 100);
    expect(open.has('')).toBe(true);
    expect(open.has('a')).toBe(true);
    expect(open.has('list')).toBe(false); // 100 rows would not fit in 50
    expect(initialOpenPaths(doc, 10_000, 100).has('list')).toBe(true);
  });
});
