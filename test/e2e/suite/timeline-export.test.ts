// The timeline panel's export buttons in a real editor: "Copy as Markdown" must put the config's
// summary and phase table on the clipboard, "Save chart as SVG" must write the drawn chart to a
// file. The buttons are clicked inside the webview (the internal _timelineSimulateInput command
// posts the click; the webview's own click handler builds the export and posts it back), and the
// command resolves once the extension has written the clipboard or the file. The save dialog is
// the one part skipped: the test names the file.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { TimelineSnapshot } from '../../../client/src/webview/messages';
import { activateExtension, openFixture, withTimeout, workspaceUri } from './helpers';

const SHOW = 'smGuardrails.showTimeline';
const SNAPSHOT = 'smGuardrails._timelineSnapshot';
const SIMULATE = 'smGuardrails._timelineSimulateInput';
/** The first render waits for the language server too. */
const RENDER_TIMEOUT_MS = 45_000;
const EXPORT_TIMEOUT_MS = 15_000;

interface TimelineExport {
  kind: string;
  uri?: string;
}

/** Waits, render by render, for a render that `done` accepts (each snapshot call resolves on the next render). */
async function waitForRender(done: (s: TimelineSnapshot) => boolean, description: string): Promise<TimelineSnapshot> {
  let last: TimelineSnapshot | undefined;
  const deadline = Date.now() + RENDER_TIMEOUT_MS;
  const wait = async (): Promise<TimelineSnapshot> => {
    for (;;) {
      const remaining = deadline - Date.now();
      if (remaining <= 0) throw new Error('deadline');
      const next = await vscode.commands.executeCommand<TimelineSnapshot | undefined>(SNAPSHOT, { afterRenderCount: last?.renderCount ?? 0, timeoutMs: remaining });
      assert.ok(next, 'the timeline panel is not open');
      last = next;
      if (done(next)) return next;
    }
  };
  return withTimeout(wait(), RENDER_TIMEOUT_MS + 1000, () => `${description}; last render: ${JSON.stringify(last && { status: last.status, label: last.configLabel, location: last.configLocation })}`);
}

/** Shows the canary fixture's timeline (cursor in its config) and returns the rendered content. */
async function showCanary(): Promise<TimelineSnapshot> {
  const doc = await openFixture('timeline_canary.py');
  const editor = await vscode.window.showTextDocument(doc, { viewColumn: vscode.ViewColumn.One, preview: false });
  const at = doc.positionAt(doc.getText().indexOf('"CANARY"'));
  editor.selection = new vscode.Selection(at, at);
  await vscode.commands.executeCommand(SHOW);
  return waitForRender((s) => s.status === 'ok' && s.configLabel === 'Canary 25% then 100%' && s.configLocation.startsWith('timeline_canary.py'), 'the canary timeline');
}

describe('rollout timeline panel exports in a real editor', () => {
  const svgFile = workspaceUri('timeline-export-out/canary-rollout-timeline.svg');

  before(async () => {
    await activateExtension();
  });

  after(async () => {
    await vscode.workspace.fs.delete(vscode.Uri.joinPath(svgFile, '..'), { recursive: true, useTrash: false }).then(undefined, () => undefined);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('"Copy as Markdown" puts the summary and phase table of the config under the cursor on the clipboard', async () => {
    await showCanary();
    await vscode.env.clipboard.writeText('(clipboard before the export)');
    const done = await vscode.commands.executeCommand<TimelineExport>(SIMULATE, 'copy-markdown', '', { timeoutMs: EXPORT_TIMEOUT_MS });
    assert.equal(done?.kind, 'copy-markdown');
    const markdown = await vscode.env.clipboard.readText();
    // timeline_canary.py: 4 instances, CANARY 25%, 300 s bakes, 120 s termination wait, 3600 s timeout, two alarms.
    assert.equal(
      markdown,
      [
        '### Rollout: Canary 25% then 100%',
        '',
        'timeline_canary.py, line 14; fleet: 4 instances.',
        '',
        '| | |',
        '|---|---|',
        '| Total duration | 12 min |',
        '| 100% on the new fleet at | 5 min |',
        '| Old fleet terminated at | 12 min |',
        '| Total waiting | 12 min |',
        '| Execution timeout | 1 h (fits) |',
        '| Peak | 8 instances |',
        '| Rollback alarms | `fraud-prod-5xx`, `fraud-prod-p99-latency` |',
        '',
        '| Start | Step | What happens |',
        '|---|---|---|',
        '| 0 s | 1 | 1 of 4 new instances takes 25% of the traffic. |',
        '| 0 s | 1 | Alarms watched for 5 min, with 25% of the traffic on the new version. |',
        '| 5 min | 2 | 4 of 4 new instances take 100% of the traffic. |',
        '| 5 min | 2 | Alarms watched for 5 min, with 100% of the traffic on the new version. |',
        '| 10 min | 2 | Termination wait: the old fleet (4 instances) stays up 2 min without traffic, ready for a rollback. |',
        '| 12 min | 2 | Old fleet terminated (4 instances). |',
        '',
      ].join('\n'),
    );
  });

  it('"Save chart as SVG" writes the drawn chart to the file', async () => {
    const s = await showCanary();
    const done = await vscode.commands.executeCommand<TimelineExport>(SIMULATE, 'save-svg', svgFile.toString(), { timeoutMs: EXPORT_TIMEOUT_MS });
    assert.deepEqual(done, { kind: 'save-svg', uri: svgFile.toString() });
    const svg = new TextDecoder().decode(await vscode.workspace.fs.readFile(svgFile));
    assert.match(svg, /^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg" width="\d+" height="\d+" viewBox="0 0 \d+ \d+">/);
    assert.ok(svg.endsWith('</svg>\n'), svg.slice(-200));
    assert.equal((svg.match(/<svg\b/g) ?? []).length, (svg.match(/<\/svg>/g) ?? []).length, 'every <svg> closed');
    // The chart on screen: its title, its bake labels, its traffic line, with colours resolved for use outside VS Code.
    assert.match(s.chart.title, /Canary 25% then 100%, 4 instances/);
    const titles = [...svg.matchAll(/<title\b[^>]*>([^<]*)<\/title>/g)].map((m) => m[1]);
    assert.ok(titles.includes(s.chart.title), `chart title "${s.chart.title}" not among ${JSON.stringify(titles)}`);
    assert.ok(titles.includes('Instances of the old and the new fleet over time'), 'the instances chart too');
    assert.ok(svg.includes('>bake 1</text>') && svg.includes('>bake 2</text>'), 'the two bake labels');
    assert.ok(svg.includes(`d="${s.chart.trafficPath}"`), 'the traffic line as drawn');
    assert.doesNotMatch(svg, /var\(--/, 'no theme variables left in the file');
  });
});
