// Browser-level test: what a person sees in code-server with the extension loaded. Runs in plain Node
// (not the extension host):  mocha --timeout 180000 out/test/e2e/ui.test.js   (after npm run build)
// Screenshots go to test-results/ on success and on failure.
import * as assert from 'node:assert/strict';
import type { Browser, Page } from 'playwright-core';
import {
  CodeServer,
  copyWorkspace,
  extensionHostLogs,
  launchChromium,
  makeTempDir,
  missingPrerequisite,
  screenshot,
  startCodeServer,
  workbenchUrl,
} from './code-server';

const UI_TIMEOUT_MS = 60_000;

describe('code-server UI (chromium)', function () {
  this.timeout(180_000);
  let tmp: ReturnType<typeof makeTempDir>;
  let server: CodeServer;
  let browser: Browser;
  let page: Page;

  before(async function () {
    const missing = missingPrerequisite();
    if (missing) throw new Error(`cannot run the UI test: ${missing}`);
    tmp = makeTempDir('sm-e2e-ui-');
    const folder = copyWorkspace(tmp.dir);
    server = await startCodeServer({ dir: tmp.dir, folder });
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    await page.goto(workbenchUrl(server, folder));
    // The workbench is ready for keyboard input once the explorer shows the fixture files.
    await page.locator('.explorer-folders-view .monaco-list-row', { hasText: 'deploy_canary.py' }).waitFor({ timeout: UI_TIMEOUT_MS });
  });

  afterEach(async function () {
    const test = this.currentTest;
    if (!page || !test) return;
    const name = `ui-${test.title.replace(/[^a-z0-9]+/gi, '-').toLowerCase()}-${test.state === 'passed' ? 'passed' : 'failed'}`;
    console.log(`      screenshot: ${await screenshot(page, name)}`);
    if (test.state !== 'passed' && server) {
      for (const log of extensionHostLogs(server.userDataDir)) console.error(`----- ${log.file} -----\n${log.text}`);
    }
  });

  after(async () => {
    await browser?.close().catch(() => undefined);
    await server?.stop();
    tmp?.remove();
  });

  it('shows the canary finding as a squiggle and in the Problems panel', async () => {
    // Quick Open the Python fixture, as a user would.
    await page.keyboard.press('Control+P');
    const quickInput = page.locator('.quick-input-widget');
    await quickInput.locator('input').waitFor({ state: 'visible', timeout: UI_TIMEOUT_MS });
    await page.keyboard.type('deploy_canary.py');
    await quickInput.locator('.monaco-list-row', { hasText: 'deploy_canary.py' }).first().waitFor({ timeout: UI_TIMEOUT_MS });
    await page.keyboard.press('Enter');
    await page.locator('.tab.active', { hasText: 'deploy_canary.py' }).waitFor({ timeout: UI_TIMEOUT_MS });

    // The error squiggle under the wrong value.
    const squiggle = page.locator('.monaco-editor .squiggly-error').first();
    await squiggle.waitFor({ state: 'visible', timeout: UI_TIMEOUT_MS });

    // Problems panel lists the finding with our source and rule code.
    await page.keyboard.press('Control+Shift+M');
    const row = page.locator('.markers-panel .monaco-list-row', { hasText: 'canary-size' }).first();
    await row.waitFor({ state: 'visible', timeout: UI_TIMEOUT_MS });
    const text = (await row.innerText()).replace(/\s+/g, ' ');
    console.log(`      Problems row: ${text}`);
    assert.match(text, /sm-guardrails/);
    assert.match(text, /canary-size/);
    assert.match(text, /75/);
    assert.match(text, /Ln 13, Col 69/); // 1-based in the UI: the number 75 on line 13
  });

  it('shows the rollout timeline webview for the config under the cursor', async () => {
    // The previous test left deploy_canary.py open; put the cursor inside its config (line 11).
    await page.locator('.monaco-editor .view-lines').first().click();
    await page.keyboard.press('Control+G');
    await page.keyboard.type('11');
    await page.keyboard.press('Enter');
    // Open the panel from the command palette, as a user would.
    await page.keyboard.press('F1');
    await page.locator('.quick-input-widget input').waitFor({ state: 'visible', timeout: UI_TIMEOUT_MS });
    await page.keyboard.type('SageMaker: Preview Deployment Timeline');
    await page.locator('.quick-input-widget .monaco-list-row', { hasText: 'Preview Deployment Timeline' }).first().waitFor({ timeout: UI_TIMEOUT_MS });
    await page.keyboard.press('Enter');

    const frame = page.frameLocator('iframe.webview.ready').frameLocator('iframe#active-frame');
    const label = frame.locator('[data-testid=config-label]');
    await label.filter({ hasText: /Canary/ }).waitFor({ timeout: UI_TIMEOUT_MS });
    // The file has no InitialInstanceCount: the panel asks for the fleet size. Give it 4 instances.
    const fleet = frame.locator('[data-testid=fleet-size]');
    await fleet.waitFor({ state: 'visible', timeout: UI_TIMEOUT_MS });
    await fleet.fill('4');
    await frame.locator('[data-testid=fleet-size-apply]').click();
    const peak = frame.locator('[data-testid=peak-instances]');
    await peak.filter({ hasText: /\d/ }).waitFor({ timeout: UI_TIMEOUT_MS });
    const peakText = (await peak.innerText()).trim();
    console.log(`      timeline: ${(await label.innerText()).trim()}; peak instances ${peakText}`);
    // Blue/green keeps the 4 old instances until the end and adds 4 new ones: 8 at peak.
    assert.match(peakText, /^8\b/);
    assert.ok(await frame.locator('svg').first().isVisible(), 'the chart is drawn');
  });

  it('suggests the missing keys as soon as a quote is typed inside a config', async () => {
    // VS Code does not suggest inside strings by default; our trigger characters make the quote open it.
    await page.locator('.tab', { hasText: 'deploy_canary.py' }).first().click();
    await page.locator('.monaco-editor .view-lines').first().click();
    await page.keyboard.press('Control+G');
    await page.keyboard.type('14');
    await page.keyboard.press('Enter');
    await page.keyboard.press('End');
    await page.keyboard.press('Enter');
    await page.keyboard.type('"');
    const suggestion = page.locator('.suggest-widget .monaco-list-row', { hasText: 'LinearStepSize' }).first();
    await suggestion.waitFor({ state: 'visible', timeout: UI_TIMEOUT_MS });
    const rows = await page.locator('.suggest-widget .monaco-list-row').allInnerTexts();
    console.log(`      suggestions: ${rows.map((r) => r.split('\n')[0]).join(', ')}`);
    assert.ok(!rows.some((r) => r.startsWith('WaitIntervalInSeconds')), 'keys already in the object are not suggested');
    await page.keyboard.press('Escape');
  });
});
