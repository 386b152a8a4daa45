import { EventEmitter } from 'node:events';
import type { MessageBoxOptions, RenderProcessGoneDetails } from 'electron';
import { describe, expect, it } from 'vitest';
import { crashPageHtml, crashPageUrl, describeGone, watchRendererCrash } from '../../../src/main/crash';

/** A renderer that dies shows a page and a reload offer, not a blank window (Electron faked). */

class FakeWindow extends EventEmitter {
  readonly webContents = new EventEmitter();
  readonly loaded: string[] = [];
  destroyed = false;
  isDestroyed(): boolean {
    return this.destroyed;
  }
  loadURL(url: string): Promise<void> {
    this.loaded.push(url);
    return Promise.resolve();
  }
}

function setup(answer: number) {
  const window = new FakeWindow();
  const boxes: MessageBoxOptions[] = [];
  const did: string[] = [];
  watchRendererCrash(window, {
    platform: 'linux',
    reload: () => did.push('reload'),
    close: () => did.push('close'),
    showMessageBox: async (options) => {
      boxes.push(options);
      return { response: answer, checkboxChecked: false };
    },
    log: (line) => did.push(`log: ${line}`),
  });
  const gone = (details: Partial<RenderProcessGoneDetails>): void =>
    void window.webContents.emit('render-process-gone', {}, { reason: 'crashed', exitCode: 139, ...details });
  return { window, boxes, did, gone };
}

const settle = (): Promise<void> => new Promise((r) => setTimeout(r, 0));

describe('renderer crash', () => {
  it('shows the crash page and offers a reload, which loads the app page again', async () => {
    const { window, boxes, did, gone } = setup(0);
    gone({ reason: 'oom', exitCode: 9 });
    await settle();
    expect(window.loaded).toHaveLength(1);
    const html = decodeURIComponent(window.loaded[0]?.replace(/^data:text\/html;charset=utf-8,/, '') ?? '');
    expect(html).toContain('This window stopped');
    expect(html).toContain('ran out of memory');
    expect(html).toContain('Reload Window (Ctrl+R)');
    expect(boxes[0]).toMatchObject({ buttons: ['Reload Window', 'Close Window'], defaultId: 0 });
    expect(did).toEqual(['log: The Stackdeck window ran out of memory (reason: oom, exit code 9).', 'reload']);
  });

  it('closes the window if the user says so, and ignores a clean exit', async () => {
    const { window, did, gone } = setup(1);
    gone({ reason: 'clean-exit', exitCode: 0 });
    await settle();
    expect(window.loaded).toEqual([]);
    gone({ reason: 'killed' });
    await settle();
    expect(did.at(-1)).toBe('close');
  });

  it('offers Wait or Reload when the page hangs', async () => {
    const { window, boxes, did } = setup(1);
    window.emit('unresponsive');
    window.emit('unresponsive');
    await settle();
    expect(boxes).toHaveLength(1);
    expect(boxes[0]?.buttons).toEqual(['Wait', 'Reload Window']);
    expect(did).toEqual(['reload']);
  });

  it('the crash page runs no script and shows text as text', () => {
    const html = crashPageHtml('<img src=x onerror=alert(1)>', 'hint & more');
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(html).toContain('hint &amp; more');
    expect(html).not.toMatch(/<script/i);
    expect(html).toContain(`content="default-src 'none'; style-src 'unsafe-inline'"`);
    expect(crashPageUrl('x', 'darwin')).toContain(encodeURIComponent('⌘R'));
    expect(describeGone({ reason: 'launch-failed', exitCode: 1 })).toBe(
      'The Stackdeck window could not start (reason: launch-failed, exit code 1).',
    );
  });
});
