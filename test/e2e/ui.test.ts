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

/** Quick Open (Ctrl+P) a file as a user does, and wait until its editor tab is the active one. */
async function quickOpen(page: Page, file: string): Promise<void> {
  await page.keyboard.press('Control+P');
  await page.locator('.quick-input-widget input').waitFor({ state: 'visible', timeout: UI_TIMEOUT_MS });
  await page.keyboard.type(file);
  await page.locator('.quick-input-widget .monaco-list-row', { hasText: file }).first().waitFor({ timeout: UI_TIMEOUT_MS });
  await page.keyboard.press('Enter');
  await page.locator('.tab.active', { hasText: file }).waitFor({ timeout: UI_TIMEOUT_MS });
}

/**
 * Go to Line (Ctrl+G) as a user does it, waiting for the box to take the line before Enter and to
 * close after it: keys typed while it is still opening or closing would land in the wrong place.
 */
async function goToLine(page: Page, target: string): Promise<void> {
  await page.keyboard.press('Control+G');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor({ state: 'visible', timeout: UI_TIMEOUT_MS });
  await page.keyboard.type(target);
  await page.locator('.quick-input-widget .monaco-list-row', { hasText: /Go to line/ }).first().waitFor({ timeout: UI_TIMEOUT_MS });
  await page.keyboard.press('Enter');
  await page.locator('.quick-input-widget').waitFor({ state: 'hidden', timeout: UI_TIMEOUT_MS });
}

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
    await quickOpen(page, 'deploy_canary.py');

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
    await goToLine(page, '11');
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
    // endpoint_policies.py's rolling policy lacks RollbackMaximumBatchSize (line 7 ends the policy's keys).
    await quickOpen(page, 'endpoint_policies.py');
    // Quick Open leaves the focus in the opened editor (in the group beside the timeline panel).
    await goToLine(page, '7');
    await page.keyboard.press('End');
    await page.keyboard.press('Enter');
    await page.keyboard.type('"');
    const suggestion = page.locator('.suggest-widget .monaco-list-row', { hasText: 'RollbackMaximumBatchSize' }).first();
    await suggestion.waitFor({ state: 'visible', timeout: UI_TIMEOUT_MS });
    const rows = await page.locator('.suggest-widget .monaco-list-row').allInnerTexts();
    console.log(`      suggestions: ${rows.map((r) => r.split('\n')[0]).join(', ')}`);
    for (const present of ['MaximumBatchSize', 'WaitIntervalInSeconds']) {
      assert.ok(!rows.some((r) => r.startsWith(present)), `${present} is already in the object and is not suggested`);
    }
    await page.keyboard.press('Escape');
    // Leave the file as it was (delete the typed line, save) and close it: the timeline panel is
    // in front again for the tests after this one.
    await page.keyboard.press('Control+Shift+K');
    await page.locator('.monaco-editor .view-line', { hasText: /^\s*"+\s*$/ }).first().waitFor({ state: 'detached', timeout: UI_TIMEOUT_MS });
    await page.keyboard.press('Control+S');
    await page.keyboard.press('Control+W');
    await page.locator('.tab', { hasText: 'endpoint_policies.py' }).waitFor({ state: 'detached', timeout: UI_TIMEOUT_MS });
    await page.locator('.tab', { hasText: 'deploy_canary.py' }).first().click();
    await page.locator('.tab.active', { hasText: 'deploy_canary.py' }).waitFor({ timeout: UI_TIMEOUT_MS });
  });

  it('shows our docs in the hover popup over a key', async () => {
    await page.locator('.monaco-editor .view-lines').first().click();
    const canaryKey = page.locator('.monaco-editor .view-lines .view-line span span', { hasText: /^"CanarySize"$/ }).first();
    await canaryKey.waitFor({ state: 'visible', timeout: UI_TIMEOUT_MS });
    await page.locator('.monaco-editor .squiggly-error').first().waitFor({ state: 'visible', timeout: UI_TIMEOUT_MS });
    await canaryKey.hover();
    const popup = page.locator('.monaco-hover', { hasText: 'how much of the green fleet takes traffic in the first step' });
    await popup.waitFor({ state: 'visible', timeout: UI_TIMEOUT_MS });
    const text = (await popup.innerText()).replace(/\s+/g, ' ');
    console.log(`      hover: ${text}`);
    assert.match(text, /TrafficRoutingConfiguration\.CanarySize · guardrail: at most 50% of the fleet · required for CANARY/);
    assert.match(text, /In this config: 75%/);
    assert.match(text, /AWS guide/);
    // Rendered as Markdown, not shown as source.
    assert.doesNotMatch(text, /\*\*|\]\(https?:/);
    // The popup stays up for the screenshot; the next test dismisses it.
  });

  it('offers "Change CanarySize.Value to 50" on the canary error with Ctrl+. and applies it', async () => {
    await page.mouse.move(0, 0);
    await page.locator('.monaco-hover').first().waitFor({ state: 'hidden', timeout: UI_TIMEOUT_MS });
    await page.locator('.monaco-editor .view-lines').first().click();
    await goToLine(page, '13:69'); // the 75
    await page.keyboard.press('Control+.');
    const fix = page.locator('.action-widget .monaco-list-row', { hasText: 'Change CanarySize.Value to 50' });
    await fix.waitFor({ state: 'visible', timeout: UI_TIMEOUT_MS });
    const titles = (await page.locator('.action-widget .monaco-list-row').allInnerTexts()).map((t) => t.trim());
    console.log(`      quick fixes: ${titles.join(' | ')}`);
    // The preferred fix comes first and is selected: Enter applies it, as from the keyboard.
    await page.locator('.action-widget .monaco-list-row.focused', { hasText: 'Change CanarySize.Value to 50' }).waitFor({ timeout: UI_TIMEOUT_MS });
    await page.keyboard.press('Enter');
    await page.locator('.action-widget').waitFor({ state: 'hidden', timeout: UI_TIMEOUT_MS });
    await page.locator('.monaco-editor .view-line', { hasText: /"CanarySize":\s*\{"Type":\s*"CAPACITY_PERCENT",\s*"Value":\s*50\}/ }).waitFor({ timeout: UI_TIMEOUT_MS });
    // The finding is gone: no squiggle, and the status bar says so.
    await page.locator('.monaco-editor .squiggly-error').first().waitFor({ state: 'detached', timeout: UI_TIMEOUT_MS });
    await page.locator('.statusbar-item', { hasText: /^\s*SageMaker: 1 config\s*$/ }).first().waitFor({ timeout: UI_TIMEOUT_MS });
    await page.keyboard.press('Control+S'); // nothing unsaved across the reload in the next test
  });

  it('restores the timeline panel, with its fleet size, after a page reload', async () => {
    const frame = page.frameLocator('iframe.webview.ready').frameLocator('iframe#active-frame');
    const label = frame.locator('[data-testid=config-label]');
    // The panel follows the edit of the previous test.
    await label.filter({ hasText: /^Canary 50%/ }).waitFor({ timeout: UI_TIMEOUT_MS });
    const before = (await label.innerText()).trim();
    await page.reload();
    await page.locator('.explorer-folders-view .monaco-list-row', { hasText: 'deploy_canary.py' }).waitFor({ timeout: UI_TIMEOUT_MS });
    // The serializer brings the panel back (its tab, then its page) without any command.
    const tab = page.locator('.tab', { hasText: 'Rollout timeline' }).first();
    await tab.waitFor({ timeout: UI_TIMEOUT_MS });
    // The restored layout may come from a state saved before the last editor changes (the workbench
    // saves it now and then): bring the panel's tab to the front as a user would.
    await tab.click();
    await label.filter({ hasText: before }).waitFor({ timeout: UI_TIMEOUT_MS });
    assert.equal((await label.innerText()).trim(), before);
    // The 4 instances typed in the panel before the reload are still used.
    const peak = frame.locator('[data-testid=peak-instances]');
    await peak.filter({ hasText: /\d/ }).waitFor({ timeout: UI_TIMEOUT_MS });
    assert.equal(await frame.locator('[data-testid=fleet-size]').inputValue(), '4');
    assert.match((await peak.innerText()).trim(), /^8 \(fleet of 4\)$/);
    console.log(`      after reload: ${before}; peak ${(await peak.innerText()).trim()}`);
  });
  /** A person's typing speed: keystrokes a few tens of milliseconds apart, not all in one burst. */
  const TYPING_DELAY_MS = 40;

  /** No suggestion list is open; when one is, the message names its items (and so its provider). */
  async function assertNoSuggestions(what: string): Promise<void> {
    const widget = page.locator('.suggest-widget.visible');
    if ((await widget.count()) === 0) return;
    const items = await widget.locator('.monaco-list-row').allInnerTexts();
    assert.fail(`${what}: a suggestion list is open with ${JSON.stringify(items.map((i) => i.replace(/\s+/g, ' ').trim()))}`);
  }

  /** The active editor's lines as shown (Monaco renders spaces as no-break spaces), top to bottom. */
  async function editorLines(): Promise<string[]> {
    const lines = await page.locator('.editor-group-container.active .monaco-editor .view-lines .view-line').evaluateAll((nodes) =>
      nodes.map((n) => ({ top: parseFloat((n as HTMLElement).style.top || '0'), text: (n.textContent ?? '').replace(/\u00a0/g, ' ') })),
    );
    return lines.sort((a, b) => a.top - b.top).map((l) => l.text);
  }

  /**
   * Waits until the status bar says `text`: the server has answered everything sent before (it
   * answers in order), so a suggestion list opened by what was typed would be on screen by now.
   */
  async function waitForStatus(text: RegExp): Promise<void> {
    await page.locator('.statusbar-item', { hasText: text }).first().waitFor({ timeout: UI_TIMEOUT_MS });
  }

  for (const [file, language] of [
    ['typing_enter.py', 'Python'],
    ['typing_enter.json', 'JSON'],
  ] as const) {
    it(`types { then Enter in ${language} and gets a new line, not a suggestion`, async () => {
      await quickOpen(page, file);
      await waitForStatus(/SageMaker: 1 config\s*$/);
      // After the AutoRollbackConfiguration line (line 7 in Python, line 4 in JSON), start a policy.
      await goToLine(page, language === 'Python' ? '7' : '4');
      await page.keyboard.press('End');
      if (language === 'JSON') await page.keyboard.type(',');
      await page.keyboard.press('Enter');
      // Quotes and braces are auto-closed as a user sees them: type only what a user types.
      await page.keyboard.type('"BlueGreenUpdatePolicy": {', { delay: TYPING_DELAY_MS });
      // The server has seen the `{` (the policy lacks TrafficRoutingConfiguration: 1 problem).
      await waitForStatus(/SageMaker: 1 config, 1 problem/);
      // Checked before Enter, where a list would take it (as the old `{`, `,` and space triggers did).
      await assertNoSuggestions('no suggestion list after `{`');
      await page.keyboard.press('Enter');
      await page.keyboard.type('"TrafficRoutingConfiguration": {', { delay: TYPING_DELAY_MS });
      await waitForStatus(/SageMaker: 1 config, 2 problems/);
      await assertNoSuggestions('no suggestion list after the second `{`');
      await page.keyboard.press('Enter');
      await page.keyboard.type('"WaitIntervalInSeconds": 600,', { delay: TYPING_DELAY_MS });
      await waitForStatus(/SageMaker: 1 config, 1 problem\b/);
      await assertNoSuggestions('no suggestion list after `,`');
      await page.keyboard.press('Enter');
      await page.keyboard.type('"Type": "LINEAR"', { delay: TYPING_DELAY_MS });
      await page.keyboard.press('Escape');
      const lines = await editorLines();
      console.log(`      ${language} after typing:\n${lines.map((l) => `        |${l}`).join('\n')}`);
      // Each Enter broke the line: every key stands on its own line, nothing was inserted.
      for (const key of ['"BlueGreenUpdatePolicy": {', '"TrafficRoutingConfiguration": {', '"WaitIntervalInSeconds": 600,', '"Type": "LINEAR"']) {
        assert.ok(lines.some((l) => l.trim() === key || l.trim() === `${key}}` || l.trim() === `${key}"`), `a line of its own: ${key}`);
      }
      assert.ok(!lines.some((l) => /"TrafficRoutingConfiguration": \{\}/.test(l)), 'no key inserted by Enter');
      // The file is left edited: it is used by this test only, in a copy of the workspace.
    });
  }
});
