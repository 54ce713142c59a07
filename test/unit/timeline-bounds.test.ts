// Timelines of huge fleets: the engine's work is bounded by the number of distinct steps, not the
// fleet; what is not listed is said; the server and the CLI survive documents that used to abort
// them out of memory (InitialInstanceCount 4294967296, 3,000 one-instance batches and rollbacks).
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { CapacitySize, RolloutConfig, Strategy } from '../../server/src/core/model';
import { expandRollout, MAX_DRAWN_ROLLBACK_BATCHES, MAX_DRAWN_STEPS } from '../../server/src/core/timeline/engine';
import type { TimelineResponse } from '../../server/src/lsp/protocol';
import { startServer, stopServer, type LspClient } from './helpers/lsp-client';

const root = join(__dirname, '..', '..', '..');
const fixtures = join(root, 'test', 'fixtures', 'process', 'timeline-bounds');
const count = (value: number): CapacitySize => ({ type: 'INSTANCE_COUNT', value });
function rollout(strategy: Strategy, fields: Partial<RolloutConfig> = {}): RolloutConfig {
  return { family: 'endpoint', unit: 'instance', strategy, waitIntervalSeconds: 60, terminationWaitSeconds: 0, alarmNames: ['errors'], ...fields };
}
const rollbackPhaseCount = (timeline: ReturnType<typeof expandRollout>): number => timeline.bakes.reduce((n, b) => n + b.rollback.phases.length, 0);

describe('timeline bounds (huge fleets)', function () {
  // Processes on a shared machine: generous, and no assertion is about time.
  this.timeout(60000);
  describe('engine', () => {
    it('a LINEAR rollout of 4294967296 one-instance steps lists 60 steps and counts the rest exactly', () => {
      const fleet = 4294967296;
      const timeline = expandRollout(rollout('LINEAR', { stepSize: count(1), terminationWaitSeconds: 300 }), fleet);
      assert.equal(timeline.stepCount, fleet);
      assert.equal(timeline.steps.length, MAX_DRAWN_STEPS);
      assert.deepEqual([timeline.omittedSteps?.first, timeline.omittedSteps?.last], [MAX_DRAWN_STEPS, fleet - 1]);
      assert.equal(timeline.totalSeconds, fleet * 60 + 300);
      assert.equal(timeline.totalWaitSeconds, fleet * 60 + 300);
      // Both fleets whole for the whole rollout: fleet extra instances for every second.
      assert.equal(timeline.extraInstanceSeconds, fleet * (fleet * 60 + 300));
      assert.equal(timeline.peakInstances, 2 * fleet);
      assert.deepEqual(timeline.bakes.map((b) => b.bake).slice(-2), [MAX_DRAWN_STEPS - 1, fleet]);
      assert.equal(timeline.phases[timeline.phases.length - 1]!.greenTrafficPercent, 100);
    });

    it('3,000 one-instance rolling batches with one-instance rollback batches: bounded phases, totals as if every batch were listed', () => {
      const fleet = 3000;
      const provisioningSeconds = 30;
      const timeline = expandRollout(rollout('ROLLING', { stepSize: count(1), rollbackMaximumBatchSize: count(1) }), fleet, { provisioningSeconds });
      assert.equal(timeline.totalSeconds, fleet * (60 + provisioningSeconds));
      assert.equal(timeline.extraInstanceSeconds, fleet * (60 + provisioningSeconds), 'one extra instance during each batch');
      assert.equal(timeline.peakInstances, fleet + 1);
      assert.ok(timeline.phases.length <= 4 * MAX_DRAWN_STEPS);
      assert.ok(rollbackPhaseCount(timeline) <= MAX_DRAWN_STEPS * 3 * MAX_DRAWN_ROLLBACK_BATCHES);
      // The alarm in the last bake: 3,000 new instances go back one by one; the old fleet still has
      // the last batch's old instance, so the first batch needs no new old instance and each later one does.
      const last = timeline.bakes[timeline.bakes.length - 1]!.rollback;
      assert.equal(last.bake, fleet);
      assert.equal(last.batchCount, fleet);
      assert.equal(last.reprovisionedInstances, fleet - 1);
      assert.equal(last.durationSeconds, (fleet - 1) * provisioningSeconds);
      assert.equal(last.peakInstances, fleet + 1);
      assert.deepEqual([last.omittedBatches?.first, last.omittedBatches?.last], [MAX_DRAWN_ROLLBACK_BATCHES, fleet - 1]);
    });

    it('gives the same totals with and without the shortcut (fleets around the listing limit)', () => {
      for (const fleet of [MAX_DRAWN_STEPS - 1, MAX_DRAWN_STEPS, MAX_DRAWN_STEPS + 1, 137]) {
        for (const step of [1, 2, 7]) {
          for (const rollbackBatch of [1, 3]) {
            const timeline = expandRollout(rollout('ROLLING', { stepSize: count(step), rollbackMaximumBatchSize: count(rollbackBatch) }), fleet, { provisioningSeconds: 10 });
            const batches = Math.ceil(fleet / step);
            assert.equal(timeline.stepCount, batches);
            assert.equal(timeline.totalSeconds, batches * 70);
            assert.equal(timeline.extraInstanceSeconds, fleet * 70);
            assert.equal(timeline.peakInstances, fleet + Math.min(step, fleet));
            for (const bake of timeline.bakes) {
              // By hand: green after this bake's batch, old instances beyond what the old fleet serves.
              const green = Math.min(fleet, bake.bake * step);
              const slack = Math.min(step, fleet - (bake.bake - 1) * step);
              let blue = fleet - green + slack;
              let left = green;
              let provisioned = 0;
              let provisions = 0;
              while (left > 0) {
                const moved = Math.min(rollbackBatch, left);
                if (blue < fleet - left + moved) {
                  provisioned += fleet - left + moved - blue;
                  blue = fleet - left + moved;
                  provisions++;
                }
                left -= moved;
              }
              assert.equal(bake.rollback.reprovisionedInstances, provisioned, `fleet ${fleet} step ${step} rollback ${rollbackBatch} bake ${bake.bake}`);
              assert.equal(bake.rollback.durationSeconds, provisions * 10);
            }
          }
        }
      }
    });
  });

  describe('CLI as a process', () => {
    const run = (...args: string[]) => spawnSync(process.execPath, [join(root, 'bin', 'sm-guardrails'), ...args], { cwd: fixtures, encoding: 'utf8', timeout: 60000, maxBuffer: 64 * 1024 * 1024 });

    it('InitialInstanceCount 4294967296: says it is above the limit and exits 1 (no V8 crash)', () => {
      const result = run('timeline', 'huge-fleet.json');
      assert.equal(result.status, 1, result.stderr);
      assert.match(result.stdout, /^huge-fleet\.json:3: the fleet size 4294967296 \(InitialInstanceCount\) is above the timeline's limit of 1000000 instances; pass --instances N$/m);
    });

    it('--instances 1000000 on one-instance steps answers with the steps listed and the rest counted', () => {
      const result = run('timeline', 'huge-fleet.json', '--instances', '1000000', '--format', 'json');
      assert.equal(result.status, 0, result.stderr);
      const [entry] = JSON.parse(result.stdout) as { stepCount: number; totalSeconds: number; phases: unknown[]; omittedSteps: { first: number; last: number } }[];
      assert.equal(entry!.stepCount, 1_000_000);
      assert.equal(entry!.totalSeconds, 60_000_000);
      assert.deepEqual(entry!.omittedSteps && [entry!.omittedSteps.first, entry!.omittedSteps.last], [MAX_DRAWN_STEPS, 999_999]);
      assert.ok(entry!.phases.length < 200);
      const text = run('timeline', 'huge-fleet.json', '--instances', '1000000');
      assert.equal(text.status, 0, text.stderr);
      assert.match(text.stdout, /^huge-fleet\.json:3: blue\/green, linear, 1000000 steps of 1 instance$/m);
      assert.match(text.stdout, /steps 60-999999 not listed/);
    });

    it('--instances 10000 on the shipped rolling example, and the 3,000-instance one-by-one rollout, finish', () => {
      const example = run('timeline', join(root, 'examples', 'deploy_rolling.py'), '--instances', '10000', '--format', 'json');
      assert.equal(example.status, 0, example.stderr);
      const entries = JSON.parse(example.stdout) as { fleetSize: number; stepCount: number; rollbackUnavailable: string | null }[];
      // The second config (--slow) has a misspelled RollbackMaximumBatchSize.Type: its rollout is drawn, its rollback is named as not computable.
      assert.deepEqual(entries.map((e) => [e.fleetSize, e.stepCount]), [[10000, 5000], [10000, 10]]);
      assert.equal(entries[1]!.rollbackUnavailable, 'the rollback batches cannot be computed: RollingUpdatePolicy.RollbackMaximumBatchSize.Type is "CAPACITY_PERCENTAGE", not one of INSTANCE_COUNT, CAPACITY_PERCENT (line 75)');
      const oneByOne = run('timeline', 'one-by-one.json');
      assert.equal(oneByOne.status, 0, oneByOne.stderr);
      assert.match(oneByOne.stdout, /rolling, 3000 batches of 1 instance/);
    });

    it('--instances above the limit is a usage error (exit 2)', () => {
      const result = run('timeline', 'huge-fleet.json', '--instances', '1000001');
      assert.equal(result.status, 2);
      assert.match(result.stderr, /--instances needs a whole number of instances from 1 to 1000000/);
    });
  });

  describe('language server over stdio', () => {
    let client: LspClient;
    before(async () => {
      ({ client } = await startServer({ capabilities: {} }));
    });
    after(() => stopServer(client));

    const timelineOf = async (name: string, params: Record<string, unknown> = {}): Promise<TimelineResponse> => {
      const uri = pathToFileURL(join(fixtures, name)).href;
      client.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'json', version: 1, text: readFileSync(join(fixtures, name), 'utf8') } });
      await client.waitForDiagnostics(uri);
      return client.request<TimelineResponse>('smGuardrails/timeline', { uri, position: { line: 4, character: 10 }, ...params });
    };

    it('InitialInstanceCount 4294967296: asks for a smaller fleet size instead of dying; a typed size of 1,000,000 is drawn', async () => {
      const huge = await timelineOf('huge-fleet.json');
      assert.equal(huge.status, 'needs-fleet-size');
      assert.equal(huge.message, "InitialInstanceCount 4294967296 in this file is above the timeline's limit of 1000000 instances. Enter a smaller number of instances.");
      const typed = await client.request<TimelineResponse>('smGuardrails/timeline', { uri: huge.uri, position: { line: 4, character: 10 }, fleetSize: 1_000_000 });
      assert.equal(typed.status, 'ok');
      if (typed.status === 'ok') assert.equal(typed.timeline.stepCount, 1_000_000);
    });

    it('3,000 one-instance batches and rollback batches: answers, and the server keeps answering', async () => {
      const response = await timelineOf('one-by-one.json', { rollbackBake: 3000 });
      assert.equal(response.status, 'ok');
      if (response.status !== 'ok') return;
      assert.equal(response.timeline.totalSeconds, 3000 * 60);
      assert.equal(response.timeline.bakes[response.timeline.bakes.length - 1]!.rollback.batchCount, 3000);
      const again = await timelineOf('one-by-one.json');
      assert.equal(again.status, 'ok');
    });
  });
});
