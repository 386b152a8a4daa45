// `npm run icons`: the app's icon set in resources/, from one master
// (resources/icon.svg). Each PNG size is rendered from the SVG by Chromium (sharper
// at 16-32 px than scaling a big bitmap down); the .icns and .ico are packed here
// (scripts/icon-containers.mjs), so no ImageMagick, iconutil or png2icons is needed.
//
// Output (committed; electron-builder reads it through directories.buildResources):
//   resources/icons/<N>x<N>.png  N = 16 24 32 48 64 128 256 512 1024   (Linux, and the sources below)
//   resources/icon.png           1024 px (Linux fallback, the About panel)
//   resources/icon.icns          macOS, 16-1024 px incl. @2x
//   resources/icon.ico           Windows and NSIS, 16-256 px
//   resources/icons/SOURCE       the master's SHA-256, so a test notices icons older than the SVG
import { chromium } from '@playwright/test';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { pngSize, writeIco, writeIcns } from './icon-containers.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const resources = join(root, 'resources');
const master = join(resources, 'icon.svg');
const SIZES = [16, 24, 32, 48, 64, 128, 256, 512, 1024];

const svg = readFileSync(master);
const systemChromium = '/usr/bin/chromium';
const browser = await chromium.launch({
  ...(existsSync(systemChromium) ? { executablePath: systemChromium } : {}),
  args: ['--no-sandbox', '--disable-gpu', '--force-color-profile=srgb'],
});
try {
  const page = await browser.newPage({ deviceScaleFactor: 1 });
  const src = `data:image/svg+xml;base64,${svg.toString('base64')}`;
  const pngs = new Map();
  mkdirSync(join(resources, 'icons'), { recursive: true });
  for (const size of SIZES) {
    await page.setViewportSize({ width: size, height: size });
    await page.setContent(
      `<!doctype html><html><body style="margin:0;background:transparent">` +
        `<img id="i" src="${src}" width="${size}" height="${size}" style="display:block"></body></html>`,
    );
    await page.locator('#i').evaluate((img) => img.decode());
    const png = await page.screenshot({ omitBackground: true, clip: { x: 0, y: 0, width: size, height: size } });
    const got = pngSize(png);
    if (got.width !== size || got.height !== size)
      throw new Error(`rendered ${got.width}x${got.height}, wanted ${size}`);
    pngs.set(size, png);
    writeFileSync(join(resources, 'icons', `${size}x${size}.png`), png);
  }
  writeFileSync(join(resources, 'icon.png'), pngs.get(1024));
  writeFileSync(join(resources, 'icon.icns'), writeIcns(pngs));
  writeFileSync(join(resources, 'icon.ico'), writeIco(pngs));
  writeFileSync(join(resources, 'icons', 'SOURCE'), `${createHash('sha256').update(svg).digest('hex')}  icon.svg\n`);
  console.log(`icons: ${SIZES.join(', ')} px PNGs, icon.icns and icon.ico written to resources/`);
} finally {
  await browser.close();
}
