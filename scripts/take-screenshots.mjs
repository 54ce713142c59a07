#!/usr/bin/env node
// Retakes the README's screenshots (docs/images/*.png) in the real editor: code-server with this
// checkout as the extension under development, driven by Debian's chromium through playwright-core.
// Needs `npm run build` and `bash scripts/setup-e2e.sh` first. Not part of `npm test`.
//   node scripts/take-screenshots.mjs
import { createRequire } from 'node:module';
import { join } from 'node:path';

const require = createRequire(import.meta.url);
const cs = require('../out/test/e2e/code-server.js');
const OUT = join(cs.REPO_ROOT, 'docs', 'images');
const T = 60_000;

const missing = cs.missingPrerequisite();
if (missing) throw new Error(missing);
const tmp = cs.makeTempDir('sm-shots-');
const folder = cs.copyWorkspace(tmp.dir);
const server = await cs.startCodeServer({ dir: tmp.dir, folder });
const browser = await cs.launchChromium();
try {
  const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  await page.goto(cs.workbenchUrl(server, folder));
  await page.locator('.explorer-folders-view .monaco-list-row', { hasText: 'deploy_canary.py' }).waitFor({ timeout: T });
  const shot = async (name) => {
    await page.mouse.move(0, 0);
    await page.screenshot({ path: join(OUT, name) });
    console.log(`wrote docs/images/${name}`);
  };

  // 1. The 75% canary underlined, and listed in the Problems panel.
  const quickOpen = async (file) => {
    await page.keyboard.press('Control+P');
    await page.locator('.quick-input-widget input').waitFor({ state: 'visible', timeout: T });
    await page.keyboard.type(file);
    await page.locator('.quick-input-widget .monaco-list-row', { hasText: file }).first().waitFor({ timeout: T });
    await page.keyboard.press('Enter');
    await page.locator('.tab.active', { hasText: file }).waitFor({ timeout: T });
  };
  await quickOpen('deploy_canary.py');
  await page.locator('.monaco-editor .squiggly-error').first().waitFor({ state: 'visible', timeout: T });
  // The editor asked for code lenses before the server had read the file, and the server does not
  // ask it to refresh them: reopen the file so the lens is there, as it is after any edit.
  await page.keyboard.press('Control+W');
  await page.locator('.tab', { hasText: 'deploy_canary.py' }).waitFor({ state: 'detached', timeout: T });
  await quickOpen('deploy_canary.py');
  await page.keyboard.press('Control+Shift+M');
  await page.locator('.markers-panel .monaco-list-row', { hasText: 'canary-size' }).first().waitFor({ state: 'visible', timeout: T });
  const lens = page.locator('.monaco-editor .codelens-decoration a', { hasText: /Canary/ }).first();
  await lens.waitFor({ state: 'visible', timeout: T }).catch(async (e) => {
    await page.screenshot({ path: join(tmp.dir, '..', 'sm-shots-debug.png') });
    throw e;
  });
  await shot('squiggle-and-problems.png');

  // 2. The timeline panel beside the editor, opened from the code lens, with a fleet of 4.
  console.log(`code lens: ${(await lens.innerText()).trim()}`);
  await lens.click();
  const frame = page.frameLocator('iframe.webview.ready').frameLocator('iframe#active-frame');
  await frame.locator('[data-testid=config-label]').filter({ hasText: /Canary/ }).waitFor({ timeout: T });
  await frame.locator('[data-testid=fleet-size]').fill('4');
  await frame.locator('[data-testid=fleet-size-apply]').click();
  await frame.locator('[data-testid=peak-instances]').filter({ hasText: /^8\b/ }).waitFor({ timeout: T });
  await page.locator('.monaco-editor .codelens-decoration a', { hasText: /of 4 instances/ }).first().waitFor({ timeout: T }).catch(() => undefined);
  console.log(`code lens after fleet size: ${(await page.locator('.monaco-editor .codelens-decoration a').first().innerText()).trim()}`);
  // The panel's chart needs the height the Problems panel takes: hide it for this picture only.
  const togglePanel = async (state) => {
    await page.locator('.tab', { hasText: 'deploy_canary.py' }).first().click();
    await page.keyboard.press('Control+J');
    await page.locator('.part.panel.bottom').waitFor({ state, timeout: T });
  };
  await togglePanel('hidden');
  await shot('timeline.png');
  await togglePanel('visible');

  // 3. The hover over CanarySize.
  const key = page.locator('.monaco-editor .view-lines .view-line span span', { hasText: /^"CanarySize"$/ }).first();
  await key.waitFor({ state: 'visible', timeout: T });
  await key.hover();
  const popup = page.locator('.monaco-hover', { hasText: 'required for CANARY' });
  await popup.waitFor({ state: 'visible', timeout: T });
  // The popup fades in: take it once its animations are over, not half transparent.
  await popup.evaluate((el) => Promise.all(el.getAnimations({ subtree: true }).map((a) => a.finished)));
  await page.waitForFunction(() => [...document.querySelectorAll('.monaco-hover')].every((el) => getComputedStyle(el).opacity === '1'));
  await page.screenshot({ path: join(OUT, 'hover.png') });
  console.log('wrote docs/images/hover.png');
} finally {
  await browser.close().catch(() => undefined);
  await server.stop();
  tmp.remove();
}
