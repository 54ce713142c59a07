import { strict as assert } from 'node:assert';
import type { CapacitySize, RolloutConfig, Strategy } from '../../server/src/core/model';
import { compareStrategies, expandRollout, type Timeline, type TimelinePhase } from '../../server/src/core/timeline/engine';
import { bakeCount, instancesPerStep, percentPerStep, totalWaitSeconds } from '../../server/src/core/timeline/steps';
import { formatDuration, formatTimelineText, timelineToJson } from '../../server/src/cli/timeline-format';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyzeDocument, type DocumentKind, type SyntaxParsers } from '../../server/src/core/check';
import { rolloutConfigOf } from '../../server/src/core/rollout';
import { parsersReady } from './helpers/findings';

const percent = (value: number): CapacitySize => ({ type: 'CAPACITY_PERCENT', value });
const count = (value: number): CapacitySize => ({ type: 'INSTANCE_COUNT', value });

function rollout(strategy: Strategy, fields: Partial<RolloutConfig> = {}): RolloutConfig {
  return { family: 'endpoint', unit: 'instance', strategy, waitIntervalSeconds: 600, terminationWaitSeconds: 0, alarmNames: ['latency-alarm'], ...fields };
}

/** [kind, start, end, green traffic %, blue instances, green instances], compact enough to assert whole rollouts. */
type PhaseRow = [TimelinePhase['kind'], number, number, number, number, number];
const rows = (phases: readonly TimelinePhase[]): PhaseRow[] =>
  phases.map((p) => [p.kind, p.startSeconds, p.endSeconds, p.greenTrafficPercent, p.blueInstances, p.greenInstances]);

const stepInstances = (timeline: Timeline): number[] => timeline.steps.map((s) => s.instances);
const bakeTraffic = (timeline: Timeline): number[] => timeline.bakes.map((b) => b.greenTrafficPercent);

// The three examples in the AWS guide pages, with a fleet size of our choosing.
const guideAllAtOnce = rollout('ALL_AT_ONCE', { waitIntervalSeconds: 0, terminationWaitSeconds: 600, maximumExecutionTimeoutSeconds: 1800 });
const guideCanary = rollout('CANARY', { stepSize: percent(30), waitIntervalSeconds: 600, terminationWaitSeconds: 600, maximumExecutionTimeoutSeconds: 1800 });
const guideLinear = rollout('LINEAR', { stepSize: percent(20), waitIntervalSeconds: 300, terminationWaitSeconds: 300, maximumExecutionTimeoutSeconds: 3600 });

describe('rollout timeline engine', () => {
  describe("the guide's own example files (test/fixtures/guide), read as the server reads them", () => {
    let parsers: SyntaxParsers;
    before(async () => {
      parsers = await parsersReady();
    });
    const guideDir = join(__dirname, '../../../test/fixtures/guide');
    /** The rollout configs of a file: undefined for a config whose rollout cannot be computed. */
    const configsOf = (file: string, edit: (text: string) => string = (t) => t): (RolloutConfig | undefined)[] => {
      const kind: DocumentKind = file.endsWith('.py') ? 'python' : 'shell';
      const text = edit(readFileSync(join(guideDir, file), 'utf8'));
      return analyzeDocument(text, kind, { parsers }).blocks.map((b) => rolloutConfigOf(b.root));
    };

    it('canary_api.py on 10 instances: 3 then 7, two 10 min bakes, 10 min wait: 30 min, not inside its 30 min timeout', () => {
      const [config] = configsOf('canary_api.py');
      assert.ok(config);
      const timeline = expandRollout(config, 10);
      assert.deepEqual(stepInstances(timeline), [3, 7]);
      assert.deepEqual(bakeTraffic(timeline), [30, 100]);
      assert.equal(timeline.totalSeconds, 1800);
      assert.equal(timeline.fitsTimeout, false);
      assert.deepEqual(timeline.bakes.map((b) => [b.rollback.mode, b.rollback.tripAtSeconds]), [['all-at-once', 600], ['all-at-once', 1200]]);
    });

    it('linear_api.py and linear_cli.sh give the same rollout: 5 steps of 2 on 10 instances, 30 min in a 1 h timeout', () => {
      const [fromPython] = configsOf('linear_api.py');
      const [fromShell] = configsOf('linear_cli.sh');
      assert.ok(fromPython && fromShell);
      const python = expandRollout(fromPython, 10);
      assert.deepEqual(stepInstances(python), [2, 2, 2, 2, 2]);
      assert.equal(python.totalSeconds, 1800);
      assert.equal(python.timeToFullTrafficSeconds, 1200);
      assert.equal(python.fitsTimeout, true);
      assert.deepEqual(rows(expandRollout(fromShell, 10).phases), rows(python.phases));
    });

    it('allatonce_api.py (no WaitIntervalInSeconds) and rolling_api.py (CAPACITY_PERCENTAGE) cannot be expanded as printed', () => {
      assert.deepEqual(configsOf('allatonce_api.py'), [undefined]);
      assert.deepEqual(configsOf('rolling_api.py'), [undefined]);
    });

    it('rolling_api.py with the real enum CAPACITY_PERCENT: 25% batches of 4, rollback in batches of 2', () => {
      const [config] = configsOf('rolling_api.py', (t) => t.replace(/CAPACITY_PERCENTAGE/g, 'CAPACITY_PERCENT'));
      assert.ok(config);
      const timeline = expandRollout(config, 4);
      assert.equal(timeline.updateType, 'rolling');
      assert.deepEqual(stepInstances(timeline), [1, 1, 1, 1]);
      assert.equal(timeline.totalSeconds, 2400);
      assert.equal(timeline.peakInstances, 5);
      assert.equal(timeline.fitsTimeout, true);
      assert.deepEqual(
        timeline.bakes.map((b) => [b.rollback.mode, b.rollback.batchInstances, b.rollback.batchCount]),
        [['batches', 2, 1], ['batches', 2, 1], ['batches', 2, 2], ['batches', 2, 2]],
      );
    });
  });

  describe('the guide examples', () => {
    it('all at once: one 100% shift, a 0 s bake, 10 min termination wait, fits a 30 min timeout', () => {
      const timeline = expandRollout(guideAllAtOnce, 4);
      assert.deepEqual(rows(timeline.phases), [
        ['shift', 0, 0, 100, 4, 4],
        ['bake', 0, 0, 100, 4, 4],
        ['termination-wait', 0, 600, 100, 4, 4],
        ['terminate', 600, 600, 100, 0, 4],
      ]);
      assert.equal(timeline.updateType, 'blue-green');
      assert.equal(timeline.timeToFullTrafficSeconds, 0);
      assert.equal(timeline.blueTerminatedAtSeconds, 600);
      assert.equal(timeline.totalSeconds, 600);
      assert.equal(timeline.totalWaitSeconds, 600);
      assert.equal(timeline.maximumExecutionTimeoutSeconds, 1800);
      assert.equal(timeline.fitsTimeout, true);
      assert.equal(timeline.timeoutMarginSeconds, 1200);
      assert.equal(timeline.peakInstances, 8);
      assert.equal(timeline.extraInstanceSeconds, 2400);
      assert.equal(timeline.bakes.length, 1);
    });

    it('canary 30% of 10: 3 instances, 10 min bake, the rest, 10 min bake, 10 min wait: exactly the 30 min timeout, so it does not fit', () => {
      const timeline = expandRollout(guideCanary, 10);
      assert.deepEqual(stepInstances(timeline), [3, 7]);
      assert.deepEqual(rows(timeline.phases), [
        ['shift', 0, 0, 30, 10, 10],
        ['bake', 0, 600, 30, 10, 10],
        ['shift', 600, 600, 100, 10, 10],
        ['bake', 600, 1200, 100, 10, 10],
        ['termination-wait', 1200, 1800, 100, 10, 10],
        ['terminate', 1800, 1800, 100, 0, 10],
      ]);
      assert.equal(timeline.timeToFullTrafficSeconds, 600);
      assert.equal(timeline.blueTerminatedAtSeconds, 1800);
      assert.equal(timeline.totalSeconds, 1800);
      assert.equal(timeline.totalWaitSeconds, 1800);
      assert.equal(timeline.fitsTimeout, false);
      assert.equal(timeline.timeoutMarginSeconds, 0);
      assert.equal(timeline.peakInstances, 20);
      assert.equal(timeline.extraInstanceSeconds, 18000);
      assert.equal(timeline.extraInstanceHours, 5);
    });

    it('canary 30% of 4 rounds up to 2 instances (50%)', () => {
      const timeline = expandRollout(guideCanary, 4);
      assert.deepEqual(stepInstances(timeline), [2, 2]);
      assert.deepEqual(bakeTraffic(timeline), [50, 100]);
    });

    it('linear 20% of 10: five 2-instance steps of 5 min, 5 min wait: 30 min, fits the 1 h timeout', () => {
      const timeline = expandRollout(guideLinear, 10);
      assert.deepEqual(stepInstances(timeline), [2, 2, 2, 2, 2]);
      assert.deepEqual(bakeTraffic(timeline), [20, 40, 60, 80, 100]);
      assert.deepEqual(
        timeline.bakes.map((b) => [b.startSeconds, b.endSeconds]),
        [[0, 300], [300, 600], [600, 900], [900, 1200], [1200, 1500]],
      );
      assert.deepEqual(rows(timeline.phases.slice(-2)), [
        ['termination-wait', 1500, 1800, 100, 10, 10],
        ['terminate', 1800, 1800, 100, 0, 10],
      ]);
      assert.equal(timeline.timeToFullTrafficSeconds, 1200);
      assert.equal(timeline.totalSeconds, 1800);
      assert.equal(timeline.totalWaitSeconds, 1800);
      assert.equal(timeline.fitsTimeout, true);
      assert.equal(timeline.timeoutMarginSeconds, 1800);
      assert.equal(timeline.extraInstanceSeconds, 18000);
    });

    it('linear 20% of 3 instances: 1 instance per step, 3 steps, 20 min', () => {
      const timeline = expandRollout(guideLinear, 3);
      assert.deepEqual(stepInstances(timeline), [1, 1, 1]);
      assert.equal(timeline.totalSeconds, 1200);
    });
  });

  describe('uneven steps', () => {
    it('33% of 3 instances: 1 per step, 3 steps', () => {
      const timeline = expandRollout(rollout('LINEAR', { stepSize: percent(33) }), 3);
      assert.deepEqual(stepInstances(timeline), [1, 1, 1]);
      assert.deepEqual(bakeTraffic(timeline), [100 / 3, 200 / 3, 100]);
      assert.equal(timeline.totalSeconds, 1800);
    });

    it('30% of 4 instances: rounds up to 2 per step, 2 steps', () => {
      const timeline = expandRollout(rollout('LINEAR', { stepSize: percent(30) }), 4);
      assert.deepEqual(stepInstances(timeline), [2, 2]);
      assert.deepEqual(bakeTraffic(timeline), [50, 100]);
      assert.equal(timeline.totalSeconds, 1200);
    });

    it('20% of 7 instances: 2, 2, 2 and a final step of 1', () => {
      const timeline = expandRollout(rollout('LINEAR', { stepSize: percent(20) }), 7);
      assert.deepEqual(stepInstances(timeline), [2, 2, 2, 1]);
      assert.deepEqual(bakeTraffic(timeline), [200 / 7, 400 / 7, 600 / 7, 100]);
      assert.equal(timeline.totalSeconds, 2400);
    });

    it('rolling 20% of 7: batches of 2, 2, 2, 1, peak fleet + 2', () => {
      const timeline = expandRollout(rollout('ROLLING', { stepSize: percent(20) }), 7);
      assert.deepEqual(stepInstances(timeline), [2, 2, 2, 1]);
      assert.equal(timeline.peakInstances, 9);
      assert.equal(timeline.extraInstanceSeconds, (2 + 2 + 2 + 1) * 600);
    });
  });

  describe('instance-count sizes', () => {
    it('canary of 1 instance in 4: 25%, then 100%', () => {
      const timeline = expandRollout(rollout('CANARY', { stepSize: count(1) }), 4);
      assert.deepEqual(stepInstances(timeline), [1, 3]);
      assert.deepEqual(bakeTraffic(timeline), [25, 100]);
    });

    it('canary covering the whole fleet still has two bakes, the second step moves nothing', () => {
      const timeline = expandRollout(rollout('CANARY', { stepSize: count(5) }), 4);
      assert.deepEqual(stepInstances(timeline), [4, 0]);
      assert.deepEqual(bakeTraffic(timeline), [100, 100]);
      assert.equal(timeline.timeToFullTrafficSeconds, 0);
      assert.equal(timeline.totalWaitSeconds, 1200);
    });

    it('linear 3 instances of 8: 3, 3, 2', () => {
      const timeline = expandRollout(rollout('LINEAR', { stepSize: count(3) }), 8);
      assert.deepEqual(stepInstances(timeline), [3, 3, 2]);
      assert.deepEqual(bakeTraffic(timeline), [37.5, 75, 100]);
    });

    it('linear step larger than the fleet is one step of the whole fleet', () => {
      const timeline = expandRollout(rollout('LINEAR', { stepSize: count(10) }), 4);
      assert.deepEqual(stepInstances(timeline), [4]);
    });

    it('rolling 2 instances of 5: batches 2, 2, 1, peak 7', () => {
      const timeline = expandRollout(rollout('ROLLING', { stepSize: count(2) }), 5);
      assert.deepEqual(stepInstances(timeline), [2, 2, 1]);
      assert.deepEqual(bakeTraffic(timeline), [40, 80, 100]);
      assert.equal(timeline.peakInstances, 7);
    });
  });

  describe('rolling', () => {
    it('1-instance batches of 4: provision, shift, bake, terminate per batch, no termination wait', () => {
      const timeline = expandRollout(rollout('ROLLING', { stepSize: count(1), terminationWaitSeconds: 900 }), 4);
      assert.deepEqual(rows(timeline.phases), [
        ['provision', 0, 0, 0, 4, 1],
        ['shift', 0, 0, 25, 4, 1],
        ['bake', 0, 600, 25, 4, 1],
        ['terminate', 600, 600, 25, 3, 1],
        ['provision', 600, 600, 25, 3, 2],
        ['shift', 600, 600, 50, 3, 2],
        ['bake', 600, 1200, 50, 3, 2],
        ['terminate', 1200, 1200, 50, 2, 2],
        ['provision', 1200, 1200, 50, 2, 3],
        ['shift', 1200, 1200, 75, 2, 3],
        ['bake', 1200, 1800, 75, 2, 3],
        ['terminate', 1800, 1800, 75, 1, 3],
        ['provision', 1800, 1800, 75, 1, 4],
        ['shift', 1800, 1800, 100, 1, 4],
        ['bake', 1800, 2400, 100, 1, 4],
        ['terminate', 2400, 2400, 100, 0, 4],
      ]);
      assert.equal(timeline.updateType, 'rolling');
      assert.equal(timeline.terminationWaitSeconds, 0);
      assert.equal(timeline.timeToFullTrafficSeconds, 1800);
      assert.equal(timeline.blueTerminatedAtSeconds, 2400);
      assert.equal(timeline.totalSeconds, 2400);
      assert.equal(timeline.totalWaitSeconds, 2400);
      assert.equal(timeline.peakInstances, 5);
      assert.equal(timeline.extraInstanceSeconds, 2400);
    });

    it('counts a provisioning estimate per batch', () => {
      const timeline = expandRollout(rollout('ROLLING', { stepSize: percent(50), waitIntervalSeconds: 300 }), 4, { provisioningSeconds: 120 });
      assert.deepEqual(rows(timeline.phases), [
        ['provision', 0, 120, 0, 4, 2],
        ['shift', 120, 120, 50, 4, 2],
        ['bake', 120, 420, 50, 4, 2],
        ['terminate', 420, 420, 50, 2, 2],
        ['provision', 420, 540, 50, 2, 4],
        ['shift', 540, 540, 100, 2, 4],
        ['bake', 540, 840, 100, 2, 4],
        ['terminate', 840, 840, 100, 0, 4],
      ]);
      assert.equal(timeline.provisioningSeconds, 120);
      assert.equal(timeline.timeToFullTrafficSeconds, 540);
      assert.equal(timeline.totalSeconds, 840);
      assert.equal(timeline.totalWaitSeconds, 600);
      assert.equal(timeline.peakInstances, 6);
      assert.equal(timeline.extraInstanceSeconds, 2 * 120 + 2 * 300 + 2 * 120 + 2 * 300);
    });
  });

  describe('blue/green provisioning estimate', () => {
    it('provisions the whole green fleet first and bills it as extra', () => {
      const timeline = expandRollout(guideCanary, 10, { provisioningSeconds: 300 });
      assert.deepEqual(rows(timeline.phases.slice(0, 2)), [
        ['provision', 0, 300, 0, 10, 10],
        ['shift', 300, 300, 30, 10, 10],
      ]);
      assert.equal(timeline.timeToFullTrafficSeconds, 900);
      assert.equal(timeline.totalSeconds, 2100);
      assert.equal(timeline.totalWaitSeconds, 1800);
      assert.equal(timeline.fitsTimeout, false);
      assert.equal(timeline.timeoutMarginSeconds, -300);
      assert.equal(timeline.extraInstanceSeconds, 21000);
    });

    it('without an estimate there is no provision phase', () => {
      assert.equal(expandRollout(guideCanary, 10).phases.some((p) => p.kind === 'provision'), false);
    });
  });

  describe('rollback paths', () => {
    it('blue/green: every bake rolls all traffic back at once, then the green fleet goes', () => {
      const timeline = expandRollout(guideLinear, 10);
      assert.equal(timeline.bakes.length, 5);
      for (const bake of timeline.bakes) {
        assert.equal(bake.rollback.mode, 'all-at-once');
        assert.equal(bake.rollback.tripAtSeconds, bake.endSeconds);
        assert.equal(bake.rollback.durationSeconds, 0);
        assert.equal(bake.rollback.peakInstances, 20);
        assert.equal(bake.rollback.reprovisionedInstances, 0);
        assert.deepEqual(rows(bake.rollback.phases), [
          ['shift', bake.endSeconds, bake.endSeconds, 0, 10, 10],
          ['terminate', bake.endSeconds, bake.endSeconds, 0, 10, 0],
        ]);
      }
      assert.deepEqual(timeline.bakes.map((b) => b.rollback.greenTrafficPercentAtTrip), [20, 40, 60, 80, 100]);
    });

    const rollingFleetOf4 = (rollbackMaximumBatchSize?: CapacitySize): Timeline =>
      expandRollout(rollout('ROLLING', { stepSize: count(1), ...(rollbackMaximumBatchSize ? { rollbackMaximumBatchSize } : {}) }), 4);

    it('rolling without RollbackMaximumBatchSize: re-provisions the old fleet, then all traffic back at once', () => {
      const timeline = rollingFleetOf4();
      const third = timeline.bakes[2]!.rollback;
      assert.equal(third.mode, 'all-at-once');
      assert.equal(third.batchInstances, 4);
      assert.equal(third.batchCount, 1);
      assert.equal(third.reprovisionedInstances, 2);
      assert.deepEqual(rows(third.phases), [
        ['provision', 1800, 1800, 75, 4, 3],
        ['shift', 1800, 1800, 0, 4, 3],
        ['terminate', 1800, 1800, 0, 4, 0],
      ]);
      assert.equal(third.peakInstances, 7);
      // In the first bake the old fleet is still whole: nothing to re-provision.
      assert.deepEqual(rows(timeline.bakes[0]!.rollback.phases), [
        ['shift', 600, 600, 0, 4, 1],
        ['terminate', 600, 600, 0, 4, 0],
      ]);
      assert.equal(timeline.bakes[0]!.rollback.peakInstances, 5);
    });

    it('rolling with RollbackMaximumBatchSize 100% is the same as without', () => {
      assert.deepEqual(rollingFleetOf4(percent(100)).bakes, rollingFleetOf4().bakes);
      assert.deepEqual(rollingFleetOf4(count(4)).bakes, rollingFleetOf4().bakes);
    });

    it('rolling with 1-instance rollback batches', () => {
      const third = rollingFleetOf4(count(1)).bakes[2]!.rollback;
      assert.equal(third.mode, 'batches');
      assert.equal(third.batchInstances, 1);
      assert.equal(third.batchCount, 3);
      assert.equal(third.reprovisionedInstances, 2);
      assert.deepEqual(rows(third.phases), [
        ['shift', 1800, 1800, 50, 2, 3],
        ['terminate', 1800, 1800, 50, 2, 2],
        ['provision', 1800, 1800, 50, 3, 2],
        ['shift', 1800, 1800, 25, 3, 2],
        ['terminate', 1800, 1800, 25, 3, 1],
        ['provision', 1800, 1800, 25, 4, 1],
        ['shift', 1800, 1800, 0, 4, 1],
        ['terminate', 1800, 1800, 0, 4, 0],
      ]);
      // step: the rollout step the alarm tripped in (3); rollbackBatch: the batch of the rollback.
      assert.deepEqual(third.phases.map((p) => p.step), [3, 3, 3, 3, 3, 3, 3, 3]);
      assert.deepEqual(third.phases.map((p) => p.rollbackBatch), [1, 1, 2, 2, 2, 3, 3, 3]);
      assert.equal(third.peakInstances, 5);
    });

    it('rolling with 50% rollback batches (2 of 4)', () => {
      const third = rollingFleetOf4(percent(50)).bakes[2]!.rollback;
      assert.equal(third.mode, 'batches');
      assert.equal(third.batchInstances, 2);
      assert.equal(third.batchCount, 2);
      assert.deepEqual(rows(third.phases), [
        ['provision', 1800, 1800, 75, 3, 3],
        ['shift', 1800, 1800, 25, 3, 3],
        ['terminate', 1800, 1800, 25, 3, 1],
        ['provision', 1800, 1800, 25, 4, 1],
        ['shift', 1800, 1800, 0, 4, 1],
        ['terminate', 1800, 1800, 0, 4, 0],
      ]);
      assert.equal(third.peakInstances, 6);
    });

    it('rolling rollback takes the provisioning estimate per re-provisioned batch', () => {
      const timeline = expandRollout(rollout('ROLLING', { stepSize: count(1), rollbackMaximumBatchSize: count(1) }), 4, { provisioningSeconds: 120 });
      const third = timeline.bakes[2]!.rollback;
      assert.equal(third.tripAtSeconds, 3 * (120 + 600));
      assert.equal(third.durationSeconds, 240);
      assert.equal(third.endSeconds, 2400);
    });

    it('every rollback ends with all traffic and instances back on the old fleet', () => {
      for (const rollbackMaximumBatchSize of [undefined, percent(100), count(1), percent(50), percent(30)]) {
        for (const bake of rollingFleetOf4(rollbackMaximumBatchSize).bakes) {
          const last = bake.rollback.phases[bake.rollback.phases.length - 1]!;
          assert.deepEqual([last.greenTrafficPercent, last.blueInstances, last.greenInstances], [0, 4, 0]);
        }
      }
    });

    it('labels the rollback phases of every bake with that bake\'s step, in every mode (not step 1 for bake 2)', () => {
      const timelines = [
        expandRollout(guideAllAtOnce, 4),
        expandRollout(guideCanary, 10),
        expandRollout(guideLinear, 10),
        expandRollout(rollout('ROLLING', { stepSize: percent(25) }), 4),
        expandRollout(rollout('ROLLING', { stepSize: percent(25), rollbackMaximumBatchSize: count(1) }), 4),
      ];
      for (const timeline of timelines) {
        assert.deepEqual(
          timeline.bakes.map((b) => b.step),
          timeline.bakes.map((b) => b.bake),
          `${timeline.strategy}: one bake per step`,
        );
        for (const bake of timeline.bakes) {
          const { phases, batchCount } = bake.rollback;
          assert.ok(phases.length > 0);
          assert.ok(phases.every((p) => p.step === bake.step), `${timeline.strategy} bake ${bake.bake}: rollback steps ${phases.map((p) => p.step)}`);
          // Rollback batches count 1, 2, ... in order and end at batchCount.
          const batches = phases.map((p) => p.rollbackBatch!);
          assert.deepEqual([...batches].sort((a, b) => a - b), batches);
          assert.equal(batches[0], 1);
          assert.equal(batches[batches.length - 1], batchCount);
          // Starting from the state at the trip: the bake's traffic is what goes back.
          assert.equal(phases[0]!.startSeconds, bake.endSeconds);
        }
        // The rollout's own phases carry no rollback batch.
        assert.ok(timeline.phases.every((p) => p.rollbackBatch === undefined));
      }
      // CLI JSON: bake 2 of the guide's linear rollout is step 2, in one rollback batch.
      const json = timelineToJson(expandRollout(guideLinear, 10));
      assert.deepEqual(
        json.rollback[1]!.phases.map((p) => [p.kind, p.step, p.rollbackBatch]),
        [
          ['shift', 2, 1],
          ['terminate', 2, 1],
        ],
      );
    });

    it('marks the rollback as unable to trigger without alarms', () => {
      assert.equal(expandRollout(rollout('ALL_AT_ONCE', { alarmNames: [] }), 2).autoRollbackEnabled, false);
      assert.equal(expandRollout(rollout('ALL_AT_ONCE'), 2).autoRollbackEnabled, true);
    });
  });

  describe('invariants across modes, fleets and sizes', () => {
    const sizes = [percent(5), percent(10), percent(20), percent(30), percent(33), percent(50), percent(100), count(1), count(2), count(3), count(5)];
    const cases: { config: RolloutConfig; fleetSize: number }[] = [];
    for (const fleetSize of [1, 2, 3, 4, 5, 7, 10, 12]) {
      for (const waitIntervalSeconds of [0, 300]) {
        cases.push({ config: rollout('ALL_AT_ONCE', { waitIntervalSeconds, terminationWaitSeconds: 120 }), fleetSize });
        for (const strategy of ['CANARY', 'LINEAR', 'ROLLING'] as const) {
          for (const stepSize of sizes) cases.push({ config: rollout(strategy, { stepSize, waitIntervalSeconds, terminationWaitSeconds: 120 }), fleetSize });
        }
      }
    }

    it('totalWaitSeconds and the bake count equal steps.ts', () => {
      for (const { config, fleetSize } of cases) {
        const timeline = expandRollout(config, fleetSize);
        assert.equal(timeline.totalWaitSeconds, totalWaitSeconds(config, fleetSize), JSON.stringify(config) + ` fleet ${fleetSize}`);
        assert.equal(timeline.bakes.length, bakeCount(config, fleetSize));
      }
    });

    it('phases are contiguous, serving instances add up to the fleet, traffic ends at 100%, peaks match the family', () => {
      for (const { config, fleetSize } of cases) {
        const timeline = expandRollout(config, fleetSize);
        let clock = 0;
        for (const phase of timeline.phases) {
          assert.equal(phase.startSeconds, clock);
          assert.equal(phase.blueServingInstances + phase.greenServingInstances, fleetSize);
          assert.ok(phase.greenServingInstances <= phase.greenInstances);
          clock = phase.endSeconds;
        }
        assert.equal(timeline.totalSeconds, clock);
        assert.equal(timeline.phases[timeline.phases.length - 1]!.greenTrafficPercent, 100);
        assert.equal(timeline.steps.reduce((sum, s) => sum + s.instances, 0), fleetSize);
        const expectedPeak = config.strategy === 'ROLLING' ? fleetSize + timeline.steps[0]!.instances : 2 * fleetSize;
        assert.equal(timeline.peakInstances, expectedPeak);
      }
    });
  });

  describe('steps.ts', () => {
    it('never moves fewer than one instance, even for sizes the API rejects', () => {
      assert.equal(instancesPerStep(count(0), 4), 1);
      assert.equal(instancesPerStep(percent(0), 4), 1);
      assert.equal(instancesPerStep(count(0), undefined), 1);
      assert.equal(bakeCount({ strategy: 'LINEAR', stepSize: count(0) }, 4), 4);
    });

    it('percentPerStep follows the instance rounding with a fleet, is exact without one', () => {
      assert.equal(percentPerStep(percent(30), 4), 50);
      assert.equal(percentPerStep(percent(30), undefined), 30);
      assert.equal(percentPerStep(count(1), 4), 25);
      assert.equal(percentPerStep(count(1), undefined), undefined);
    });
  });

  describe('invalid input', () => {
    it('rejects fleets that are not whole numbers >= 1, missing step sizes and negative waits', () => {
      assert.throws(() => expandRollout(guideLinear, 0), RangeError);
      assert.throws(() => expandRollout(guideLinear, 2.5), RangeError);
      assert.throws(() => expandRollout(rollout('LINEAR'), 4), RangeError);
      assert.throws(() => expandRollout(rollout('CANARY'), 4), RangeError);
      assert.throws(() => expandRollout(rollout('ALL_AT_ONCE', { waitIntervalSeconds: -1 }), 4), RangeError);
      assert.throws(() => expandRollout(guideLinear, 4, { provisioningSeconds: Number.NaN }), RangeError);
    });
  });

  describe('compareStrategies', () => {
    it('compares the four strategies for the guide canary on 10 instances', () => {
      const comparison = compareStrategies(guideCanary, 10);
      assert.deepEqual(
        comparison.map((c) => [c.strategy, c.isBase, c.durationSeconds, c.peakInstances, c.extraInstanceHours, c.trafficExposedBeforeFirstBakeEndsPercent, c.bakeCount, c.fitsTimeout]),
        [
          ['ALL_AT_ONCE', false, 1200, 20, (10 * 1200) / 3600, 100, 1, true],
          ['CANARY', true, 1800, 20, 5, 30, 2, false],
          // 30% of 10 = 3: steps 3, 3, 3, 1.
          ['LINEAR', false, 3000, 20, (10 * 3000) / 3600, 30, 4, false],
          // No termination wait for rolling; one extra batch of 3 (then 1) per bake.
          ['ROLLING', false, 2400, 13, ((3 + 3 + 3 + 1) * 600) / 3600, 30, 4, false],
        ],
      );
      assert.equal(comparison[0]!.config.stepSize, undefined);
      assert.deepEqual(comparison[3]!.config.stepSize, percent(30));
    });

    it('uses the guide example sizes when the base has no step size', () => {
      const comparison = compareStrategies(guideAllAtOnce, 10);
      assert.deepEqual(
        comparison.map((c) => [c.strategy, c.isBase, c.trafficExposedBeforeFirstBakeEndsPercent]),
        [['ALL_AT_ONCE', true, 100], ['CANARY', false, 30], ['LINEAR', false, 20], ['ROLLING', false, 20]],
      );
    });
  });
});

describe('timeline CLI format', () => {
  it('formats durations for people', () => {
    assert.deepEqual([0, 45, 90, 600, 3600, 3900].map(formatDuration), ['0 s', '45 s', '1 min 30 s', '10 min', '1 h', '1 h 5 min']);
  });

  it('draws the guide canary: 60 columns, 30% for the first third, bakes and termination wait in the lane', () => {
    const text = formatTimelineText(expandRollout(guideCanary, 10), 'deploy.py:12');
    const lines = text.split('\n');
    assert.equal(lines[0], 'deploy.py:12: blue/green, canary of 3 instances (30%), 10 instances');
    const chartRow = (label: string): string => lines.find((line) => line.startsWith(`${label.padStart(3)} |`))!.slice(5);
    assert.equal(chartRow('100'), ' '.repeat(20) + '#'.repeat(40));
    assert.equal(chartRow('30'), '#'.repeat(60));
    assert.equal(chartRow('40'), ' '.repeat(20) + '#'.repeat(40));
    assert.ok(lines.includes(`     ${'B'.repeat(20)}${'b'.repeat(20)}${'T'.repeat(20)}`));
    // The timeout equals the total: its marker sits beside the old fleet's termination.
    assert.ok(lines.includes(`     ${' '.repeat(59)}X!`));
    assert.match(text, /^2\s+termination wait\s+20 min\s+30 min\s+10 min\s+100%\s+10\s+10$/m);
    assert.match(text, /^execution timeout\s+30 min: too short/m);
    assert.match(text, /^extra instance-hours\s+5$/m);
    assert.match(text, /bake 1 \(30% on new\): all traffic back at once/);
  });

  it('says so when every phase takes 0 s and when no alarm can trigger a rollback', () => {
    const text = formatTimelineText(expandRollout(rollout('ALL_AT_ONCE', { waitIntervalSeconds: 0, alarmNames: [] }), 3), 'x');
    assert.match(text, /every phase takes 0 s/);
    assert.match(text, /no CloudWatch alarms, so none can trigger/);
  });

  it('gives the JSON shape the CLI promises', () => {
    const timeline = expandRollout(rollout('ROLLING', { stepSize: percent(20), rollbackMaximumBatchSize: count(1), maximumExecutionTimeoutSeconds: 3600 }), 7);
    const json = timelineToJson(timeline);
    assert.equal(json.strategy, 'ROLLING');
    assert.equal(json.fleetSize, 7);
    assert.equal(json.totalSeconds, 2400);
    assert.equal(json.peakInstances, 9);
    assert.equal(json.extraInstanceSeconds, 4200);
    assert.equal(json.provisioningSeconds, null);
    assert.equal(json.fitsTimeout, true);
    assert.deepEqual(Object.keys(json.phases[0]!), ['kind', 'step', 'startSeconds', 'endSeconds', 'greenTrafficPercent', 'blueInstances', 'greenInstances']);
    assert.deepEqual(json.phases.filter((p) => p.kind === 'bake').map((p) => p.greenTrafficPercent), [28.57, 57.14, 85.71, 100]);
    assert.equal(json.rollback.length, 4);
    assert.deepEqual(json.rollback.map((r) => [r.mode, r.batchCount, r.reprovisionedInstances]), [['batches', 2, 0], ['batches', 4, 2], ['batches', 6, 4], ['batches', 7, 6]]);
    assert.deepEqual(JSON.parse(JSON.stringify(json)), json);
  });
});
