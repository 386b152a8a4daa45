// @vitest-environment jsdom
import { act, useState } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { TabBoundary } from '../../../src/renderer/src/app/TabBoundary';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

let root: Root | undefined;
let host: HTMLElement | undefined;
afterEach(() => {
  act(() => root?.unmount());
  host?.remove();
  vi.restoreAllMocks();
});

const state = { broken: true };
function Flaky(): string {
  if (state.broken) throw new Error('screen exploded: value.id is undefined');
  return 'screen works';
}

function Shell(): React.ReactNode {
  const [count, setCount] = useState(0);
  return (
    <div>
      <button type="button" data-testid="other" onClick={() => setCount((c) => c + 1)}>
        other {count}
      </button>
      <TabBoundary label="Topics">
        <Flaky />
      </TabBoundary>
    </div>
  );
}

describe('TabBoundary', () => {
  it('an exception in one screen shows the error panel there; the rest keeps working; Reload this tab re-renders it', () => {
    vi.spyOn(console, 'error').mockImplementation(() => undefined);
    host = document.createElement('div');
    document.body.append(host);
    root = createRoot(host);
    act(() => root!.render(<Shell />));
    const panel = host.querySelector('[data-testid="tab-error"]');
    expect(panel?.textContent).toContain('The Topics tab stopped working');
    expect(panel?.textContent).toContain('screen exploded: value.id is undefined');
    const other = host.querySelector<HTMLButtonElement>('[data-testid="other"]')!;
    act(() => other.click());
    expect(other.textContent).toBe('other 1');
    // Still broken: reload shows the panel again rather than blanking the app.
    state.broken = true;
    act(() => host!.querySelector<HTMLButtonElement>('[data-testid="tab-reload"]')!.click());
    expect(host.querySelector('[data-testid="tab-error"]')).not.toBeNull();
    state.broken = false;
    act(() => host!.querySelector<HTMLButtonElement>('[data-testid="tab-reload"]')!.click());
    expect(host.querySelector('[data-testid="tab-error"]')).toBeNull();
    expect(host.textContent).toContain('screen works');
  });
});
