// `npm start` as a user runs it: the packaged .vsix (not the development folder) installed into
// code-server by scripts/start-demo.mjs, examples/ open. Catches what only packaging can break
// (a file left out of the .vsix, a bundle that needs node_modules) and proves the demo's URL works.
// Runs in plain Node after `npm run build`:  mocha --timeout 300000 out/test/e2e/demo.test.js
import * as assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { REPO_ROOT, launchChromium, makeTempDir, screenshot } from './code-server';

const UI_TIMEOUT_MS = 60_000;

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      probe.close(() => resolve(port));
    });
  });
}

describe('npm start: the packaged extension in code-server', function () {
  this.timeout(300_000);
  let tmp: ReturnType<typeof makeTempDir>;
  let demo: ChildProcess | undefined;
  let browser: Browser | undefined;
  let page: Page | undefined;
  let url = '';
  let output = '';

  before(async () => {
    tmp = makeTempDir('sm-e2e-demo-');
    const vsix = join(tmp.dir, 'guardrails.vsix');
    const vsce = require.resolve('@vscode/vsce/vsce');
    const packed = spawnSync(process.execPath, [vsce, 'package', '--no-dependencies', '--allow-missing-repository', '--no-rewrite-relative-links', '-o', vsix], { cwd: REPO_ROOT, encoding: 'utf8' });
    assert.equal(packed.status, 0, `vsce package failed: ${packed.stdout}${packed.stderr}`);
    const port = await freePort();
    demo = spawn(process.execPath, [join(REPO_ROOT, 'scripts/start-demo.mjs')], {
      cwd: REPO_ROOT,
      env: { ...process.env, SM_DEMO_PORT: String(port), SM_DEMO_VSIX: vsix, SM_DEMO_PROFILE: join(tmp.dir, 'profile') },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    url = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`start-demo printed no URL within ${UI_TIMEOUT_MS} ms:\n${output}`)), UI_TIMEOUT_MS);
      const onData = (chunk: Buffer): void => {
        output += chunk.toString();
        const found = /(http:\/\/127\.0\.0\.1:\d+\/\?folder=\S+)/.exec(output);
        if (found) {
          clearTimeout(timer);
          resolve(found[1]!);
        }
      };
      demo!.stdout!.on('data', onData);
      demo!.stderr!.on('data', onData);
      demo!.on('exit', (code) => reject(new Error(`start-demo exited (${code}) before printing its URL:\n${output}`)));
    });
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    await page.goto(url);
  });

  after(async () => {
    if (page) console.log(`      screenshot: ${await screenshot(page, 'demo-npm-start')}`);
    await browser?.close().catch(() => undefined);
    demo?.kill('SIGTERM'); // start-demo stops code-server's process group on SIGTERM
    await new Promise((resolve) => (demo && demo.exitCode === null ? demo.once('exit', resolve) : resolve(undefined)));
    tmp?.remove();
  });

  it('prints a URL on 127.0.0.1 that opens examples/ with the installed extension checking it', async () => {
    assert.match(url, /^http:\/\/127\.0\.0\.1:\d+\/\?folder=.*examples$/);
    const p = page!;
    await p.locator('.explorer-folders-view .monaco-list-row', { hasText: 'deploy_canary.py' }).waitFor({ timeout: UI_TIMEOUT_MS });
    await p.keyboard.press('Control+P');
    await p.locator('.quick-input-widget input').waitFor({ state: 'visible', timeout: UI_TIMEOUT_MS });
    await p.keyboard.type('deploy_canary.py');
    await p.locator('.quick-input-widget .monaco-list-row', { hasText: 'deploy_canary.py' }).first().waitFor({ timeout: UI_TIMEOUT_MS });
    await p.keyboard.press('Enter');
    const status = p.locator('.statusbar-item', { hasText: /SageMaker: \d+ config/ }).first();
    await status.waitFor({ state: 'visible', timeout: UI_TIMEOUT_MS });
    const statusText = (await status.innerText()).trim();
    console.log(`      status bar: ${statusText}`);
    assert.match(statusText, /SageMaker: 2 configs, 1 problem/);
    // The planted mistake (line 75, below the fold, so read from the Problems panel).
    await p.keyboard.press('Control+Shift+M');
    const row = p.locator('.markers-panel .monaco-list-row', { hasText: 'canary-size' }).first();
    await row.waitFor({ state: 'visible', timeout: UI_TIMEOUT_MS });
    assert.match((await row.innerText()).replace(/\s+/g, ' '), /Canary size 75% .*\[Ln 75, Col 73\]/);
  });
});
