import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { crc32, deflateSync } from 'node:zlib';

/**
 * A virtual X display to photograph a real window: Debian's Xvfb with
 * `-fbdir`, which keeps its screen as an XWD file, read back here and written
 * as PNG (no ImageMagick or xwd needed). Used by window.spec.ts for the
 * window-style screenshot (`chromium --app=<web mode URL>`).
 */

export interface VirtualDisplay {
  /** ":N", for DISPLAY. */
  readonly display: string;
  /** True when a window manager (openbox) runs on it. */
  readonly windowManager: boolean;
  /** The screen now (or a part of it), as a PNG (RGB). */
  capturePng(crop?: Crop): Buffer;
  stop(): Promise<void>;
}

export interface Crop {
  x: number;
  y: number;
  width: number;
  height: number;
}

export const XVFB = '/usr/bin/Xvfb';
/** A window manager draws the window's frame and title bar; without one the shot is the bare client area. */
export const OPENBOX = '/usr/bin/openbox';

export async function startXvfb(dir: string, width: number, height: number): Promise<VirtualDisplay> {
  if (!existsSync(XVFB)) throw new Error(`${XVFB} is missing: apt-get install xvfb (.ci/run installs it)`);
  // -displayfd: Xvfb picks a free display number and writes it to fd 3 once it accepts clients.
  const child: ChildProcess = spawn(
    XVFB,
    ['-displayfd', '3', '-screen', '0', `${width}x${height}x24`, '-fbdir', dir, '-nolisten', 'tcp', '-nocursor'],
    { stdio: ['ignore', 'ignore', 'pipe', 'pipe'] },
  );
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-4_000)));
  const started = new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`Xvfb did not start in 10 s: ${stderr}`)), 10_000);
    let text = '';
    (child.stdio[3] as NodeJS.ReadableStream | null)?.on('data', (chunk: Buffer) => {
      text += chunk.toString();
      const match = /^(\d+)\n/.exec(text);
      if (match?.[1] !== undefined) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`Xvfb exited (${String(code)}): ${stderr}`));
    });
  });
  let number: string;
  try {
    number = await started;
  } catch (error) {
    // Not started in time: do not leave it behind.
    if (child.exitCode === null) child.kill('SIGKILL');
    throw error;
  }
  const display = `:${number}`;
  let wm: ChildProcess | undefined;
  if (existsSync(OPENBOX)) {
    wm = spawn(OPENBOX, ['--sm-disable'], { env: { ...process.env, DISPLAY: display }, stdio: 'ignore' });
    await waitForWindowManager(display);
  }
  return {
    display,
    windowManager: wm !== undefined,
    capturePng: (crop) => xwdToPng(readFileSync(join(dir, 'Xvfb_screen0')), crop),
    async stop() {
      if (wm !== undefined && wm.exitCode === null) {
        const gone = new Promise<void>((resolve) => wm?.once('exit', () => resolve()));
        wm.kill('SIGTERM');
        await gone;
      }
      if (child.exitCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}

function x11Tool(display: string, tool: string, args: string[]): Promise<string> {
  return new Promise<string>((resolve) => {
    const probe = spawn(tool, args, { env: { ...process.env, DISPLAY: display }, stdio: ['ignore', 'pipe', 'ignore'] });
    let output = '';
    probe.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    probe.once('error', () => resolve(''));
    probe.once('exit', () => resolve(output));
  });
}

/**
 * The outer bounds of the top-level window with this title, the window manager's
 * frame included: the client's geometry (xwininfo) grown by _NET_FRAME_EXTENTS (xprop).
 */
export async function windowFrame(display: string, title: string): Promise<Crop | undefined> {
  const info = await x11Tool(display, 'xwininfo', ['-name', title]);
  const number = (label: string): number | undefined => {
    const match = new RegExp(`${label}:\\s+(-?\\d+)`).exec(info);
    return match?.[1] === undefined ? undefined : Number(match[1]);
  };
  const x = number('Absolute upper-left X');
  const y = number('Absolute upper-left Y');
  const width = number('Width');
  const height = number('Height');
  const id = /Window id: (0x[0-9a-f]+)/i.exec(info)?.[1];
  if (x === undefined || y === undefined || width === undefined || height === undefined || id === undefined)
    return undefined;
  // By id: `xprop -name` matches WM_NAME only, and Chromium names its windows with _NET_WM_NAME.
  const extents = /=\s*(\d+),\s*(\d+),\s*(\d+),\s*(\d+)/.exec(
    await x11Tool(display, 'xprop', ['-id', id, '_NET_FRAME_EXTENTS']),
  );
  const [left, right, top, bottom] = (extents?.slice(1) ?? ['0', '0', '0', '0']).map(Number) as [
    number,
    number,
    number,
    number,
  ];
  return { x: x - left, y: y - top, width: width + left + right, height: height + top + bottom };
}

/** Until the window manager has taken the screen (it sets _NET_SUPPORTING_WM_CHECK on the root window). */
async function waitForWindowManager(display: string): Promise<void> {
  for (let i = 0; i < 50; i++) {
    const found = await new Promise<boolean>((resolve) => {
      const probe = spawn('xprop', ['-root', '_NET_SUPPORTING_WM_CHECK'], {
        env: { ...process.env, DISPLAY: display },
        stdio: ['ignore', 'pipe', 'ignore'],
      });
      let text = '';
      probe.stdout?.on('data', (chunk: Buffer) => (text += chunk.toString()));
      probe.once('error', () => resolve(false));
      probe.once('exit', () => resolve(/window id/.test(text)));
    });
    if (found) return;
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** A 24/32-bit ZPixmap XWD image (what Xvfb keeps) as an RGB PNG, optionally cropped. */
export function xwdToPng(xwd: Buffer, crop?: Crop): Buffer {
  const field = (i: number): number => xwd.readUInt32BE(i * 4);
  const headerSize = field(0);
  if (field(1) !== 7 || field(2) !== 2) throw new Error('not an XWD version 7 ZPixmap');
  const screenWidth = field(4);
  const screenHeight = field(5);
  const left = Math.max(0, Math.min(crop?.x ?? 0, screenWidth - 1));
  const top = Math.max(0, Math.min(crop?.y ?? 0, screenHeight - 1));
  const width = Math.min(crop?.width ?? screenWidth, screenWidth - left);
  const height = Math.min(crop?.height ?? screenHeight, screenHeight - top);
  const littleEndian = field(7) === 0;
  const bitsPerPixel = field(11);
  const bytesPerLine = field(12);
  const masks = [field(14), field(15), field(16)];
  const colours = field(19);
  if (bitsPerPixel !== 32) throw new Error(`XWD with ${bitsPerPixel} bits per pixel is not supported`);
  const shifts = masks.map((m) => Math.log2(m & -m));
  const start = headerSize + colours * 12;
  const raw = Buffer.alloc((width * 3 + 1) * height);
  for (let y = 0; y < height; y++) {
    const row = y * (width * 3 + 1);
    raw[row] = 0; // filter: none
    for (let x = 0; x < width; x++) {
      const at = start + (y + top) * bytesPerLine + (x + left) * 4;
      const pixel = littleEndian ? xwd.readUInt32LE(at) : xwd.readUInt32BE(at);
      for (let c = 0; c < 3; c++) raw[row + 1 + x * 3 + c] = ((pixel & (masks[c] ?? 0)) >>> (shifts[c] ?? 0)) & 0xff;
    }
  }
  const chunk = (type: string, data: Buffer): Buffer => {
    const head = Buffer.alloc(8);
    head.writeUInt32BE(data.length, 0);
    head.write(type, 4, 'latin1');
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])), 0);
    return Buffer.concat([head, data, crc]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr.writeUInt8(8, 8); // bit depth
  ihdr.writeUInt8(2, 9); // RGB
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(raw)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}
