// The rollout timeline panel in a real editor: opened by its command, it renders what the server
// computed for the config under the cursor, follows edits, keeps alarm names as text, and answers
// its controls. Content is read back through the internal _timelineSnapshot command (the
// webview's own DOM, after each render); every wait is for a render, never a fixed sleep.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { TimelineSnapshot } from '../../../client/src/webview/messages';
import { activateExtension, openFixture, replaceText, revert, withTimeout } from './helpers';

const SHOW = 'smGuardrails.showTimeline';
const SNAPSHOT = 'smGuardrails._timelineSnapshot';
const SIMULATE = 'smGuardrails._timelineSimulateInput';
/** The first render waits for the language server too. */
const RENDER_TIMEOUT_MS = 45_000;

let last: TimelineSnapshot | undefined;

/**
 * Resolves with the first render (from the latest seen on) that `done` accepts. Each call of
 * _timelineSnapshot with afterRenderCount resolves on the webview's next render, so this only
 * ever waits for render events.
 */
async function waitForRender(done: (s: TimelineSnapshot) => boolean, description: string): Promise<TimelineSnapshot> {
  const deadline = Date.now() + RENDER_TIMEOUT_MS;
  const wait = async (): Promise<TimelineSnapshot> => {
    if (last && done(last)) return last;
    for (;;) {
      const remaining = deadline - Date.now();
      if (remaining <= 0) throw new Error('deadline');
      const next = await vscode.commands.executeCommand<TimelineSnapshot | undefined>(SNAPSHOT, { afterRenderCount: last?.renderCount ?? 0, timeoutMs: remaining });
      assert.ok(next, 'the timeline panel is not open');
      last = next;
      if (done(next)) return next;
    }
  };
  return withTimeout(wait(), RENDER_TIMEOUT_MS + 1000, () => `${description}; last render: ${JSON.stringify(last && { status: last.status, label: last.configLabel, message: last.message, phases: last.phaseTable })}`);
}

/** Puts the cursor on `needle` in the document (the panel follows the cursor). */
async function cursorOn(doc: vscode.TextDocument, needle: string): Promise<vscode.TextEditor> {
  const editor = await vscode.window.showTextDocument(doc, { viewColumn: vscode.ViewColumn.One, preview: false });
  const offset = doc.getText().indexOf(needle);
  assert.ok(offset >= 0, `fixture drift: ${needle} not in ${doc.uri.path}`);
  const at = doc.positionAt(offset);
  editor.selection = new vscode.Selection(at, at);
  return editor;
}

/** Range of the first `needle` in the document, as [line, char, line, char]. */
function rangeOf(doc: vscode.TextDocument, needle: string, after = ''): [number, number, number, number] {
  const text = doc.getText();
  const from = after ? text.indexOf(after) : 0;
  assert.ok(from >= 0, `fixture drift: ${after} not in ${doc.uri.path}`);
  const offset = text.indexOf(needle, from);
  assert.ok(offset >= 0, `fixture drift: ${needle} not in ${doc.uri.path}`);
  const start = doc.positionAt(offset);
  const end = doc.positionAt(offset + needle.length);
  return [start.line, start.character, end.line, end.character];
}

const isFile = (name: string) => (s: TimelineSnapshot): boolean => s.configLocation.startsWith(name);
const column = (rows: string[][], index: number): string[] => rows.map((row) => row[index] ?? '');

describe('rollout timeline panel in a real editor', () => {
  before(async () => {
    await activateExtension();
  });

  afterEach(async () => {
    for (const doc of vscode.workspace.textDocuments) await revert(doc);
  });

  after(async () => {
    // Leave no panel behind for suites that run after this one.
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('opens from its command and shows the canary: chart, phase table, totals and the strategy comparison', async () => {
    const doc = await openFixture('timeline_canary.py');
    await cursorOn(doc, '"CANARY"');
    await vscode.commands.executeCommand(SHOW);
    const s = await waitForRender((x) => x.status === 'ok' && isFile('timeline_canary.py')(x), 'the canary timeline');

    assert.equal(s.configLabel, 'Canary 25% then 100%');
    assert.equal(s.fleetSize, '4');
    assert.equal(s.fleetSizeSource, 'from InitialInstanceCount in this file');
    assert.equal(s.fleetSizeReset, null, 'nothing typed: no button to go back to the file');
    // Phase table: 1 of 4 instances (25%) bakes 5 min, the rest bakes 5 min, 2 min wait, old fleet goes.
    assert.deepEqual(s.phaseTable, [
      ['1', 'Shift traffic', '0 s', '0 s', '0 s', '25%', '4', '4'],
      ['1', 'Baking period', '0 s', '5 min', '5 min', '25%', '4', '4'],
      ['2', 'Shift traffic', '5 min', '5 min', '0 s', '100%', '4', '4'],
      ['2', 'Baking period', '5 min', '10 min', '5 min', '100%', '4', '4'],
      ['2', 'Termination wait', '10 min', '12 min', '2 min', '100%', '4', '4'],
      ['2', 'Terminate', '12 min', '12 min', '0 s', '100%', '0', '4'],
    ]);
    assert.equal(s.totalDuration, '12 min');
    assert.equal(s.peakInstances, '8 (fleet of 4)');
    assert.equal(s.timeoutStatus, '1 h: fits (48 min to spare)');
    // Chart: both bakes shaded, the termination, full-traffic and timeout markers, a drawn traffic line.
    assert.deepEqual(s.chart.bakes, [1, 2]);
    assert.deepEqual([...s.chart.markers].sort(), ['full-traffic', 'terminated', 'timeout']);
    assert.match(s.chart.trafficPath, /^M\d/);
    assert.match(s.chart.title, /Canary 25% then 100%, 4 instances/);
    assert.match(s.chart.desc, /25% at 0 s, 100% at 5 min/);
    assert.equal(s.chart.rollbackBake, null);
    assert.deepEqual(s.alarmNames, ['fraud-prod-5xx', 'fraud-prod-p99-latency']);
    // Comparison: the four strategies, this one marked.
    assert.deepEqual(
      s.comparison.map((row) => [row.strategy, row.current, row.duration, row.peak, row.exposed]),
      [
        ['ALL_AT_ONCE', false, '7 min', '8', '100%'],
        ['CANARY', true, '12 min', '8', '25%'],
        ['LINEAR', false, '22 min', '8', '25%'],
        ['ROLLING', false, '20 min', '5', '25%'],
      ],
    );
    assert.ok(s.assumptionCount >= 10, 'the documented assumptions are listed');
  });

  it('opens from the code lens above a config, for that config, wherever the cursor is', async () => {
    const doc = await openFixture('timeline_two_configs.py');
    await cursorOn(doc, '"ALL_AT_ONCE"');
    await vscode.commands.executeCommand(SHOW);
    // Once the panel shows the first config, the server has read the file: its lenses are there.
    await waitForRender((x) => x.status === 'ok' && x.configLabel === 'All at once' && isFile('timeline_two_configs.py')(x), 'the first config');
    const lenses = (await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', doc.uri)) ?? [];
    const previews = lenses.filter((l) => l.command?.command === SHOW && l.command.title === 'Preview timeline');
    assert.deepEqual(
      previews.map((l) => l.range.start.line),
      [rangeOf(doc, 'QUICK = {')[0], rangeOf(doc, 'CAREFUL = {')[0]],
      'one "Preview timeline" lens on each config',
    );
    // The second config's lens, with the cursor still in the first config.
    const command = previews[1]!.command!;
    await vscode.commands.executeCommand(command.command, ...(command.arguments ?? []));
    const s = await waitForRender((x) => x.configLabel === 'Linear, steps of 1 instance', 'the second config from its code lens');
    assert.equal(s.status, 'ok');
    assert.equal(s.totalDuration, '35 min');
  });

  it('follows the cursor from one config to the other in the same file', async () => {
    const doc = await openFixture('timeline_two_configs.py');
    await cursorOn(doc, '"ALL_AT_ONCE"');
    await vscode.commands.executeCommand(SHOW);
    const quick = await waitForRender((x) => x.status === 'ok' && x.configLabel === 'All at once' && isFile('timeline_two_configs.py')(x), 'the first config');
    assert.match(quick.configLocation, /config 1 of 2/);
    assert.equal(quick.totalDuration, '1 min');
    assert.deepEqual(column(quick.phaseTable, 1), ['Shift traffic', 'Baking period', 'Termination wait', 'Terminate']);

    await cursorOn(doc, '"LINEAR"');
    const careful = await waitForRender((x) => x.configLabel === 'Linear, steps of 1 instance', 'the panel to follow the cursor to the second config');
    assert.match(careful.configLocation, /config 2 of 2/);
    assert.equal(careful.totalDuration, '35 min');
    assert.deepEqual(column(careful.phaseTable, 5), ['50%', '50%', '100%', '100%', '100%', '100%']);
    assert.deepEqual(careful.alarmNames, ['tagger-errors']);
  });

  it('updates as the document is edited: CanarySize 25 -> 50', async () => {
    const doc = await openFixture('timeline_canary.py');
    await cursorOn(doc, '"CANARY"');
    await vscode.commands.executeCommand(SHOW);
    await waitForRender((x) => x.status === 'ok' && x.configLabel === 'Canary 25% then 100%', 'the canary timeline before the edit');

    await replaceText(doc, rangeOf(doc, '25', '"CanarySize"'), '50');
    const s = await waitForRender((x) => x.configLabel === 'Canary 50% then 100%', 'the panel to follow the edit to 50%');
    assert.equal(s.status, 'ok');
    assert.deepEqual(column(s.phaseTable, 5), ['50%', '50%', '100%', '100%', '100%', '100%']);
    assert.equal(s.comparison.find((row) => row.current)?.exposed, '50%');
  });

  it('renders an alarm name holding HTML as text; with no fleet size in the file it draws the percentage view, and offers no "file\'s fleet size"', async () => {
    const doc = await openFixture('timeline_alarm_markup.py');
    await cursorOn(doc, '"LINEAR"');
    await vscode.commands.executeCommand(SHOW);
    // LINEAR 50% needs no fleet size to be drawn: in percent of the fleet, with a note.
    const asks = await waitForRender((x) => x.status === 'ok' && x.fleetSize === '' && isFile('timeline_alarm_markup.py')(x), 'the percentage view');
    assert.match(asks.fleetSizeSource, /^unknown: the timeline is in percent of the fleet/);
    assert.match(asks.message, /Shown in percent of the fleet; enter the number of instances for counts\.$/);
    assert.equal(asks.peakInstances, '200% of the fleet');
    assert.deepEqual(column(asks.phaseTable, 6), ['100%', '100%', '100%', '100%', '100%', '0%']);
    assert.equal(asks.totalDuration, asks.totals.find((t) => t.startsWith('Total duration'))?.replace('Total duration: ', ''));

    assert.deepEqual(asks.alarmNames, ['<img src=x onerror=alert(1)>', 'search & <b>rank</b>']);
    assert.equal(asks.imgCount, 0, 'no <img> element was made from the alarm name');
    assert.ok(asks.alarmListHtml.includes('&lt;img src=x onerror=alert(1)&gt;'), asks.alarmListHtml);
    assert.ok(asks.alarmListHtml.includes('search &amp; &lt;b&gt;rank&lt;/b&gt;'), asks.alarmListHtml);
    assert.equal(asks.fleetSizeReset, null);

    await vscode.commands.executeCommand(SIMULATE, 'fleet-size', '4');
    const s = await waitForRender((x) => x.status === 'ok' && x.fleetSize === '4' && isFile('timeline_alarm_markup.py')(x), 'the timeline for 4 typed instances');
    assert.equal(s.fleetSizeSource, 'typed here, for this config');
    assert.equal(s.fleetSizeReset, null, 'the file has no InitialInstanceCount: nothing to go back to');
    assert.equal(s.peakInstances, '8 (fleet of 4)');
    assert.deepEqual(column(s.phaseTable, 1), ['Shift traffic', 'Baking period', 'Shift traffic', 'Baking period', 'Termination wait', 'Terminate']);
    assert.equal(s.imgCount, 0);
    assert.match(s.chart.title, /Linear, steps of 50%, 4 instances/);
  });

  it('fleet-size control over the file\'s InitialInstanceCount, and the button back to it', async () => {
    const doc = await openFixture('timeline_canary.py');
    await cursorOn(doc, '"CANARY"');
    await vscode.commands.executeCommand(SHOW);
    await waitForRender((x) => x.status === 'ok' && isFile('timeline_canary.py')(x), 'the canary timeline');

    await vscode.commands.executeCommand(SIMULATE, 'fleet-size', '10');
    const typed = await waitForRender((x) => x.status === 'ok' && x.fleetSize === '10', 'the timeline for 10 typed instances');
    assert.equal(typed.peakInstances, '20 (fleet of 10)');
    // 25% of 10 rounds up to 3 instances: 30% on the new fleet in bake 1.
    assert.equal(typed.phaseTable[0]?.[5], '30%');
    assert.equal(typed.fleetSizeReset, "Use the file's fleet size (4)");

    // The typed size belongs to this file: another file keeps its own InitialInstanceCount...
    const rolling = await openFixture('timeline_rolling.py');
    await cursorOn(rolling, '"RollingUpdatePolicy"');
    const other = await waitForRender((x) => x.status === 'ok' && isFile('timeline_rolling.py')(x), 'the rolling file with its own fleet size');
    assert.equal(other.fleetSize, '4');
    assert.equal(other.fleetSizeSource, 'from InitialInstanceCount in this file');
    assert.equal(other.fleetSizeReset, null);
    // ... and coming back shows the typed size again.
    await cursorOn(doc, '"CANARY"');
    await waitForRender((x) => x.status === 'ok' && isFile('timeline_canary.py')(x) && x.fleetSize === '10', 'the typed size back on the canary file');

    await vscode.commands.executeCommand(SIMULATE, 'fleet-size-reset', '');
    const back = await waitForRender((x) => x.status === 'ok' && x.fleetSize === '4', 'the file\'s fleet size again');
    assert.equal(back.fleetSizeSource, 'from InitialInstanceCount in this file');
    assert.equal(back.fleetSizeReset, null);
  });

  it('"alarm trips in bake N" draws the rollback: rolling, rolled back one instance at a time', async () => {
    const doc = await openFixture('timeline_rolling.py');
    await cursorOn(doc, '"RollingUpdatePolicy"');
    await vscode.commands.executeCommand(SHOW);
    const s = await waitForRender((x) => x.status === 'ok' && isFile('timeline_rolling.py')(x), 'the rolling timeline');
    assert.equal(s.configLabel, 'Rolling, batches of 25%, rollback batches of 1 instance');
    assert.equal(s.peakInstances, '5 (fleet of 4)');
    assert.deepEqual(s.rollbackOptions, [
      'no alarm (the rollout completes)',
      'bake 1: 25% on new, ends at 10 min',
      'bake 2: 50% on new, ends at 20 min',
      'bake 3: 75% on new, ends at 30 min',
      'bake 4: 100% on new, ends at 40 min',
    ]);
    assert.deepEqual(s.rollbackTable, []);
    assert.equal(s.timeoutStatus, '50 min: fits (10 min to spare)');

    await vscode.commands.executeCommand(SIMULATE, 'rollback-bake', '3');
    const r = await waitForRender((x) => x.chart.rollbackBake === 3, 'the rollback of bake 3 to be drawn');
    assert.equal(r.rollbackSelected, '3');
    assert.ok(r.chart.markers.includes('alarm'));
    assert.ok(!r.chart.markers.includes('terminated'), 'after a rollback the old fleet is never terminated');
    assert.match(r.rollbackSummary, /end of bake 3 \(30 min, 75% on the new fleet\): traffic goes back in 3 batches of up to 1 instance, 2 instances of the old version are provisioned again; the rollback takes 0 s because provisioning is not counted/);
    // The totals are the run with the alarm, not the rollout without it.
    assert.equal(r.totalsHeading, 'Totals with an alarm in bake 3 (rollback included)');
    assert.ok(r.totals.includes('Total duration: 30 min'), r.totals.join(' | '));
    assert.ok(r.totals.includes('100% on the new fleet at: never: the alarm comes first'), r.totals.join(' | '));
    assert.ok(r.totals.includes('Old fleet terminated at: never: it takes the traffic back'), r.totals.join(' | '));
    // Batch column, phase, traffic on new, old and new instances.
    assert.deepEqual(
      r.rollbackTable.map((row) => [row[0], row[1], row[5], row[6], row[7]]),
      [
        ['1', 'Shift traffic', '50%', '2', '3'],
        ['1', 'Terminate', '50%', '2', '2'],
        ['2', 'Provision', '50%', '3', '2'],
        ['2', 'Shift traffic', '25%', '3', '2'],
        ['2', 'Terminate', '25%', '3', '1'],
        ['3', 'Provision', '25%', '4', '1'],
        ['3', 'Shift traffic', '0%', '4', '1'],
        ['3', 'Terminate', '0%', '4', '0'],
      ],
    );

    // The alarm choice belongs to this config: another file shows its own (none), and coming back shows bake 3 again.
    const canary = await openFixture('timeline_canary.py');
    await cursorOn(canary, '"CANARY"');
    const other = await waitForRender((x) => x.status === 'ok' && isFile('timeline_canary.py')(x), 'the canary file');
    assert.equal(other.rollbackSelected, '');
    assert.equal(other.totalsHeading, 'Totals');
    await cursorOn(doc, '"RollingUpdatePolicy"');
    await waitForRender((x) => x.status === 'ok' && isFile('timeline_rolling.py')(x) && x.rollbackSelected === '3', 'bake 3 chosen again on the rolling file');

    await vscode.commands.executeCommand(SIMULATE, 'rollback-bake', '');
    const cleared = await waitForRender((x) => x.chart.rollbackBake === null && x.rollbackSelected === '', 'the rollback to be cleared');
    assert.ok(cleared.chart.markers.includes('terminated'));
    assert.equal(cleared.totalsHeading, 'Totals');
    assert.ok(cleared.totals.includes('Total duration: 40 min'), cleared.totals.join(' | '));
  });
});
