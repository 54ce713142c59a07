// Renders client/media/icon.svg to the 256x256 PNG the Extensions page shows (package.json "icon"),
// with Debian's chromium through playwright-core (no image tool needed):  node scripts/render-icon.mjs
import { readFileSync } from 'node:fs';
import { chromium } from 'playwright-core';

const svg = readFileSync(new URL('../client/media/icon.svg', import.meta.url), 'utf8');
const browser = await chromium.launch({ executablePath: process.env.SM_E2E_CHROMIUM ?? '/usr/bin/chromium', args: ['--no-sandbox'] });
try {
  const page = await browser.newPage({ viewport: { width: 256, height: 256 } });
  await page.setContent(`<html><body style="margin:0;background:transparent">${svg}</body></html>`);
  await page.screenshot({ path: new URL('../client/media/icon.png', import.meta.url).pathname, omitBackground: true, clip: { x: 0, y: 0, width: 256, height: 256 } });
} finally {
  await browser.close();
}
