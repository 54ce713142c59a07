// Timelines of the other two DeploymentConfig families (api-families.md), on hand-built blocks
// with the family set: inference components roll in copies (the headroom is the extra copies a
// batch needs next to the old ones), HyperPod instance groups in instances with the wait at the
// top level and no execution timeout. Plus notebooks: the `!aws` config gets the notebook's fleet
// size, and configs are located by cell and line.
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyzeDocument, analyzeNotebook, type SyntaxParsers } from '../../server/src/core/check';
import type { ConfigBlock, ConfigFamily } from '../../server/src/core/model';
import { rolloutConfigOf } from '../../server/src/core/rollout';
import { describeRollout } from '../../server/src/core/services/summary';
import { notebookLocation } from '../../server/src/core/timeline/location';
import { timelineToJson } from '../../server/src/cli/timeline-format';
import { expandRollout } from '../../server/src/core/timeline/engine';
import { timelineForPosition } from '../../server/src/lsp/timeline-request';
import { parsersReady } from './helpers/findings';
import { withTempFolder } from './helpers/temp-folder';

let parsers: SyntaxParsers;
function block(json: string, family: ConfigFamily, fleetSize?: number): { text: string; blocks: ConfigBlock[] } {
  const blocks = analyzeDocument(json, 'json', { parsers }).blocks.map((b) => ({ ...b, family, ...(fleetSize !== undefined ? { fleetSize } : {}) }));
  assert.equal(blocks.length, 1);
  return { text: json, blocks };
}

const INFERENCE_COMPONENT = `{"RollingUpdatePolicy": {"MaximumBatchSize": {"Type": "COPY_COUNT", "Value": 2}, "WaitIntervalInSeconds": 300,
  "MaximumExecutionTimeoutInSeconds": 900, "RollbackMaximumBatchSize": {"Type": "COPY_COUNT", "Value": 1}},
 "AutoRollbackConfiguration": {"Alarms": [{"AlarmName": "ic-errors"}]}}`;
const HYPERPOD = `{"RollingUpdatePolicy": {"MaximumBatchSize": {"Type": "CAPACITY_PERCENTAGE", "Value": 50}, "RollbackMaximumBatchSize": {"Type": "INSTANCE_COUNT", "Value": 1}},
 "WaitIntervalInSeconds": 120, "AutoRollbackConfiguration": [{"AlarmName": "hp-health"}]}`;

describe('timeline for inference components, HyperPod and notebooks', function () {
  this.timeout(60000);
  before(async () => {
    parsers = await parsersReady();
  });

  it('inference component: batches of copies, the extra copies the endpoint must hold, rollback in copies, total vs timeout', () => {
    const { text, blocks } = block(INFERENCE_COMPONENT, 'inference-component', 8);
    const response = timelineForPosition(text, blocks, 0);
    assert.equal(response.status, 'ok');
    if (response.status !== 'ok') return;
    const t = response.timeline;
    assert.deepEqual([t.family, t.unit, t.updateType, t.fleetSize, t.stepCount], ['inference-component', 'copy', 'rolling', 8, 4]);
    assert.equal(t.peakInstances, 10, 'each batch of 2 new copies runs next to the 8 old ones');
    assert.equal(t.totalSeconds, 1200);
    assert.equal(t.fitsTimeout, false);
    assert.deepEqual(t.bakes.map((b) => [b.rollback.batchInstances, b.rollback.batchCount]), [[1, 2], [1, 4], [1, 6], [1, 8]]);
    assert.deepEqual(response.comparison, [], 'no blue/green strategies to compare for an inference component');
    assert.equal(response.configs[0]!.family, 'inference-component');
    assert.equal(
      describeRollout(rolloutConfigOf(blocks[0]!.root, 'inference-component')!, 8),
      'Inference component: Rolling, 4 batches of 2 copies (25% of 8) · 4 bakes of 5 min · old fleet terminated at 20 min · timeout 15 min (too short)',
    );
    const json = timelineToJson(t);
    assert.deepEqual([json.family, json.unit, json.updateType], ['inference-component', 'copy', 'rolling']);
  });

  it('inference component without a copy count: asks for the number of copies when the batch is in copies', () => {
    const { text, blocks } = block(INFERENCE_COMPONENT, 'inference-component');
    const response = timelineForPosition(text, blocks, 0);
    assert.equal(response.status, 'needs-fleet-size');
    assert.equal(response.message, 'The copy count is unknown: no RuntimeConfig.CopyCount for this inference component in this file. The step size is a number of copies: enter the number of copies.');
  });

  it('HyperPod instance group: the top-level wait, CAPACITY_PERCENTAGE batches, no execution timeout, the bare alarm list', () => {
    const { text, blocks } = block(HYPERPOD, 'hyperpod-cluster', 4);
    const response = timelineForPosition(text, blocks, 0);
    assert.equal(response.status, 'ok');
    if (response.status !== 'ok') return;
    const t = response.timeline;
    assert.deepEqual([t.family, t.unit, t.stepCount, t.totalSeconds, t.peakInstances], ['hyperpod-cluster', 'instance', 2, 240, 6]);
    assert.equal(t.maximumExecutionTimeoutSeconds, undefined);
    assert.deepEqual(response.alarmNames, ['hp-health']);
    assert.deepEqual(t.bakes.map((b) => b.rollback.batchCount), [2, 4]);
    assert.equal(describeRollout(rolloutConfigOf(blocks[0]!.root, 'hyperpod-cluster')!, 4), 'HyperPod: Rolling, 2 batches of 2 instances (50% of 4) · 2 bakes of 2 min · old fleet terminated at 4 min');
    // The same text read as an endpoint config is not the same rollout: the wait is misplaced there.
    assert.equal(expandRollout(rolloutConfigOf(blocks[0]!.root, 'hyperpod-cluster')!, 4).waitIntervalSeconds, 120);
  });

  describe('notebooks', () => {
    const cells = [
      { kind: 'markdown' as const, text: '# Deploy' },
      { kind: 'code' as const, text: 'import boto3\nsm = boto3.client("sagemaker")\nsm.create_endpoint_config(EndpointConfigName="c", ProductionVariants=[{"VariantName": "v", "InitialInstanceCount": 3}])' },
      {
        kind: 'code' as const,
        text: `!aws sagemaker update-endpoint --endpoint-name ep --endpoint-config-name c --deployment-config '{"RollingUpdatePolicy": {"MaximumBatchSize": {"Type": "INSTANCE_COUNT", "Value": 1}, "WaitIntervalInSeconds": 60}}'`,
      },
      {
        kind: 'code' as const,
        text: 'x = 1\ncfg = {"BlueGreenUpdatePolicy": {"TrafficRoutingConfiguration": {"Type": "CANARY", "CanarySize": {"Type": "INSTANCE_COUNT", "Value": 1}, "WaitIntervalInSeconds": 60}}}',
      },
    ];

    it('the `!aws` config gets the InitialInstanceCount of another cell, and both are located as "cell N, line M"', () => {
      const notebook = analyzeNotebook(cells, { parsers });
      assert.equal(notebook.blocks.length, 2);
      const located = notebook.blocks
        .map((b) => ({ host: b.host, fleet: b.fleetSize, where: notebookLocation(notebook.virtualText, notebook.cellStarts, b.root.offset) }))
        .sort((a, b) => a.where.localeCompare(b.where));
      assert.deepEqual(located, [
        { host: 'cli', fleet: 3, where: 'cell 3, line 1' },
        { host: 'python', fleet: 3, where: 'cell 4, line 2' },
      ]);
      const cli = notebook.blocks.find((b) => b.host === 'cli')!;
      assert.equal(describeRollout(rolloutConfigOf(cli.root)!, cli.fleetSize), 'Rolling, 3 batches of 1 instance (33.3% of 3) · 3 bakes of 1 min · old fleet terminated at 3 min · no rollback alarms');
    });

    it('the CLI prints notebook locations as "file.ipynb (cell N, line M)" with the fleet size of the notebook', () => withTempFolder('sm-timeline-nb-', (dir) => {
      const ipynb = {
        cells: cells.map((cell) => ({ cell_type: cell.kind, metadata: {}, source: cell.text.split(/(?<=\n)/), ...(cell.kind === 'code' ? { outputs: [], execution_count: null } : {}) })),
        metadata: {},
        nbformat: 4,
        nbformat_minor: 5,
      };
      writeFileSync(join(dir, 'deploy.ipynb'), JSON.stringify(ipynb, null, 1));
      const result = spawnSync(process.execPath, [join(__dirname, '..', '..', '..', 'bin', 'sm-guardrails'), 'timeline', 'deploy.ipynb'], { cwd: dir, encoding: 'utf8' });
      assert.equal(result.status, 0, result.stdout + result.stderr);
      const headers = result.stdout.split('\n').filter((line) => line.startsWith('deploy.ipynb'));
      assert.deepEqual(headers.sort(), ['deploy.ipynb (cell 3, line 1): rolling, 3 batches of 1 instance (fleet 3 instances)', 'deploy.ipynb (cell 4, line 2): blue/green, canary of 1 instance (33.3%), 3 instances']);
    }));
  });
});
