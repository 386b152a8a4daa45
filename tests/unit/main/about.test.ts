import { describe, expect, it, vi } from 'vitest';

vi.mock('electron', () => ({ app: { getVersion: () => '0.1.0' }, clipboard: {}, dialog: {} }));
const { aboutText, currentVersions } = await import('../../../src/main/about');

describe('About', () => {
  it('lists the versions a bug report needs', () => {
    expect(
      aboutText({
        app: '0.1.0',
        electron: '42.11.18',
        chrome: '142.0.7444.52',
        node: '24.11.0',
        v8: '14.2.231',
        platform: 'linux',
        arch: 'x64',
        osRelease: '6.8.0',
      }),
    ).toBe('Stackdeck 0.1.0\nElectron 42.11.18\nChromium 142.0.7444.52\nNode 24.11.0\nV8 14.2.231\nOS linux x64 6.8.0');
  });

  it('reads them from the running process (Electron and Chromium are unknown under plain Node)', () => {
    const v = currentVersions();
    expect(v.app).toBe('0.1.0');
    expect(v.node).toBe(process.versions.node);
    expect(aboutText(v)).toContain('Electron unknown');
  });
});
