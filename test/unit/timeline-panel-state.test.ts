// The panel's numbers and words that do not need a DOM: totals of a run with an alarm (the one
// runTotals function), the state kept per config, the percentage view, the phase sentences, the
// Markdown export, and chart labels that never overlap at a 360 px panel.
import { strict as assert } from 'node:assert';
import { buildChartModel, CHAR_WIDTH, MIN_CHART_WIDTH } from '../../client/src/webview/chart';
import { configKey, fleetSizesFor } from '../../client/src/webview/messages';
import { phaseSentence, timelineMarkdown } from '../../client/src/webview/words';
import type { CapacitySize, RolloutConfig, Strategy } from '../../server/src/core/model';
import { expandRollout, runTotals } from '../../server/src/core/timeline/engine';
import { timelineView } from '../../server/src/core/timeline/view';

const percent = (value: number): CapacitySize => ({ type: 'CAPACITY_PERCENT', value });
const count = (value: number): CapacitySize => ({ type: 'INSTANCE_COUNT', value });
function rollout(strategy: Strategy, fields: Partial<RolloutConfig> = {}): RolloutConfig {
  return { family: 'endpoint', unit: 'instance', strategy, waitIntervalSeconds: 600, terminationWaitSeconds: 0, alarmNames: ['errors'], ...fields };
}

describe('timeline panel: totals, state, words', () => {
  describe('totals with a rollback selected (runTotals)', () => {
    it('the guide canary with an alarm in bake 1: the run ends at the alarm, 100% is never reached, the old fleet is never terminated', () => {
      const timeline = expandRollout(rollout('CANARY', { stepSize: percent(30), terminationWaitSeconds: 600, maximumExecutionTimeoutSeconds: 1800 }), 10);
      const planned = runTotals(timeline)!;
      assert.deepEqual([planned.totalSeconds, planned.timeToFullTrafficSeconds, planned.oldFleetTerminatedAtSeconds, planned.peakInstances, planned.fitsTimeout], [1800, 600, 1800, 20, false]);
      const alarm = runTotals(timeline, 1)!;
      assert.equal(alarm.alarmBake, 1);
      assert.equal(alarm.totalSeconds, 600, 'all traffic back at once at the end of bake 1');
      assert.equal(alarm.timeToFullTrafficSeconds, null);
      assert.equal(alarm.oldFleetTerminatedAtSeconds, null);
      assert.equal(alarm.totalWaitSeconds, 600);
      assert.equal(alarm.extraInstanceSeconds, 10 * 600, 'both fleets for the 600 s up to the alarm');
      assert.equal(alarm.fitsTimeout, true);
      assert.equal(runTotals(timeline, 7), undefined, 'no such bake');
    });

    it('a rolling run rolled back in batches counts the re-provisioned old instances and the provisioning time', () => {
      const timeline = expandRollout(rollout('ROLLING', { stepSize: count(1), rollbackMaximumBatchSize: count(1), waitIntervalSeconds: 60 }), 4, { provisioningSeconds: 30 });
      const alarm = runTotals(timeline, 3)!;
      // Up to the alarm: 3 batches of (30 s provisioning + 60 s bake); then 3 new instances go back one by one, the 2nd and 3rd need an old one provisioned (30 s each).
      assert.equal(timeline.bakes[2]!.rollback.tripAtSeconds, 270);
      assert.equal(alarm.totalSeconds, 270 + 60);
      assert.equal(alarm.peakInstances, 5);
      assert.equal(alarm.timeToFullTrafficSeconds, null);
      // One extra instance while each batch provisions and bakes (3 x 90 s), and while each rollback provisioning runs (2 x 30 s).
      assert.equal(alarm.extraInstanceSeconds, 3 * 90 + 2 * 30);
    });
  });

  describe('state per config', () => {
    it('fleet sizes typed for configs of one document go to that document only, by config index', () => {
      const ui = {
        configs: {
          [configKey('file:///a.py', 0)]: { fleetSizeOverride: 6 },
          [configKey('file:///a.py', 1)]: { rollbackBake: 2 },
          [configKey('file:///a.py', 2)]: { fleetSizeOverride: 9, rollbackBake: 1 },
          [configKey('file:///b.py', 0)]: { fleetSizeOverride: 3 },
          [configKey('file:///a.py#x', 0)]: { fleetSizeOverride: 4 },
        },
      };
      assert.deepEqual(fleetSizesFor(ui, 'file:///a.py'), { 0: 6, 2: 9 });
      assert.deepEqual(fleetSizesFor(ui, 'file:///b.py'), { 0: 3 });
      assert.deepEqual(fleetSizesFor(ui, 'file:///c.py'), {});
    });
  });

  describe('percentage view', () => {
    it('draws percentage sizes without a fleet size; asks for it only for instance counts', () => {
      const linear = timelineView(rollout('LINEAR', { stepSize: percent(30), waitIntervalSeconds: 300 }), undefined);
      assert.equal(linear.kind, 'percent');
      if (linear.kind !== 'percent') return;
      assert.deepEqual(linear.timeline.steps.map((s) => s.greenTrafficPercent), [30, 60, 90, 100]);
      assert.equal(linear.timeline.totalSeconds, 1200);
      assert.equal(linear.timeline.peakInstances, 200, 'two whole fleets: 200% of the fleet');
      assert.equal(timelineView(rollout('LINEAR', { stepSize: count(2) }), undefined).kind, 'needs-fleet-size');
      const rolling = timelineView(rollout('ROLLING', { stepSize: percent(25), rollbackMaximumBatchSize: count(1) }), undefined);
      assert.ok(rolling.kind === 'percent' && rolling.rollbackNeedsFleetSize);
    });
  });

  describe('phase sentences and the Markdown export', () => {
    it('says what each phase does, with serving and provisioned instances apart', () => {
      const timeline = expandRollout(rollout('ROLLING', { stepSize: count(1), waitIntervalSeconds: 600 }), 4);
      const sentences = timeline.phases.slice(0, 4).map((phase, i) => phaseSentence(timeline, phase, timeline.phases[i - 1], { percent: false }));
      assert.deepEqual(sentences, [
        'Provision 1 instance of the new version next to the 4 old; no traffic on it yet.',
        '1 of 4 new instances takes 25% of the traffic.',
        'Alarms watched for 10 min, with 25% of the traffic on the new version.',
        '1 instance of the old version terminated; 3 old still serve 75%.',
      ]);
      const zero = expandRollout(rollout('ALL_AT_ONCE', { waitIntervalSeconds: 0 }), 2);
      assert.equal(phaseSentence(zero, zero.phases[1]!, zero.phases[0], { percent: false }), 'No baking period (the wait is 0 s): alarms have no time to trip before the next step.');
    });

    it('exports the totals and the phases as Markdown, with alarm names escaped', () => {
      const timeline = expandRollout(rollout('CANARY', { stepSize: percent(25), terminationWaitSeconds: 300, alarmNames: ['a|b'] }), 4);
      const markdown = timelineMarkdown({ title: 'Canary 25% then 100%', location: 'deploy.py, line 12', timeline, totals: runTotals(timeline)!, percent: false, alarmNames: ['a|b'] });
      const lines = markdown.split('\n');
      assert.equal(lines[0], '### Rollout: Canary 25% then 100%');
      assert.ok(lines.includes('| Total duration | 25 min |'));
      assert.ok(lines.includes('| Old fleet terminated at | 25 min |'));
      assert.ok(lines.includes('| Rollback alarms | `a\\|b` |'));
      assert.ok(lines.includes('| 0 s | 1 | 1 of 4 new instances takes 25% of the traffic. |'));
      assert.ok(lines.includes('| 20 min | 2 | Termination wait: the old fleet (4 instances) stays up 5 min without traffic, ready for a rollback. |'));
    });
  });

  describe('chart at any width', () => {
    it('at a 360 px panel, marker labels sit in lanes that never overlap, inside the chart', () => {
      const timeline = expandRollout(rollout('LINEAR', { stepSize: percent(50), terminationWaitSeconds: 0, maximumExecutionTimeoutSeconds: 1300 }), 4);
      for (const width of [320, 360, 720]) {
        const model = buildChartModel(timeline, undefined, width);
        assert.equal(model.width, Math.max(MIN_CHART_WIDTH, width));
        const spans = model.markers.map((m) => {
          const length = m.label.length * CHAR_WIDTH;
          const from = m.anchor === 'start' ? m.labelX : m.labelX - length;
          return { lane: m.lane, from, to: from + length };
        });
        for (const a of spans) {
          assert.ok(a.from >= 0 && a.to <= model.width + 1, `label inside the chart at ${width}`);
          for (const b of spans) if (a !== b && a.lane === b.lane) assert.ok(a.to < b.from || b.to < a.from, `labels apart at ${width}`);
        }
        // Time labels about 90 px apart at least.
        const ticks = model.xTicks.map((t) => t.at);
        for (let i = 1; i < ticks.length; i++) assert.ok(ticks[i]! - ticks[i - 1]! >= 45, `ticks apart at ${width}: ${ticks.join(',')}`);
      }
    });
  });
});
