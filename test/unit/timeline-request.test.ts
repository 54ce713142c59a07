// The server side of the timeline panel: which config the cursor picks, where the fleet size
// comes from, and what the panel receives. Texts carry a `|` cursor marker.
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyzeDocument, type DocumentKind, type SyntaxParsers } from '../../server/src/core/check';
import type { ConfigBlock } from '../../server/src/core/model';
import { rolloutConfigOf } from '../../server/src/core/rollout';
import { expandRollout, TIMELINE_ASSUMPTIONS } from '../../server/src/core/timeline/engine';
import { timelineRequestType, type TimelineParams, type TimelineResponse } from '../../server/src/lsp/protocol';
import {
  answerTimelineRequest,
  MAX_ROLLBACK_PHASES,
  PANEL_ASSUMPTIONS,
  pickConfig,
  registerTimelineRequest,
  resolveFleetSize,
  rolloutLabel,
  timelineForPosition,
  type TimelineDocumentState,
} from '../../server/src/lsp/timeline-request';
import { parsersReady } from './helpers/findings';

/** Removes the `|` cursor marker: the text and the cursor's offset. */
function cursor(marked: string): { text: string; offset: number } {
  const offset = marked.indexOf('|');
  assert.ok(offset >= 0 && marked.indexOf('|', offset + 1) === -1, 'exactly one | cursor marker');
  return { text: marked.slice(0, offset) + marked.slice(offset + 1), offset };
}

let parsers: SyntaxParsers | undefined;

/** The blocks the server would have for this text. */
function blocksOf(text: string, kind: DocumentKind = 'json'): ConfigBlock[] {
  if (!parsers) throw new Error('parsers are loaded in before()');
  return analyzeDocument(text, kind, { parsers }).blocks;
}

function ok(response: TimelineResponse): Extract<TimelineResponse, { status: 'ok' }> {
  assert.equal(response.status, 'ok', `expected ok, got ${response.status}: ${response.message ?? ''}`);
  return response as Extract<TimelineResponse, { status: 'ok' }>;
}

const canaryJson = (alarm = 'ep-5xx', extra = ''): string => `{
  "BlueGreenUpdatePolicy": {
    "TrafficRoutingConfiguration": {
      "Type": "CANARY",
      "CanarySize": {"Type": "CAPACITY_PERCENT", "Value": 30},
      "WaitIntervalInSeconds": 600
    },
    "TerminationWaitInSeconds": 600,
    "MaximumExecutionTimeoutInSeconds": 1800
  },
  "AutoRollbackConfiguration": {"Alarms": [{"AlarmName": ${JSON.stringify(alarm)}}]}${extra}
}
`;

// Two configs in one Python file, and an endpoint config giving InitialInstanceCount 4.
const twoConfigs = `import boto3
sm = boto3.client("sagemaker")
sm.create_endpoint_config(EndpointConfigName="c", ProductionVariants=[{"VariantName": "v", "InitialInstanceCount": 4}])
sm.update_endpoint(
    EndpointName="ep",
    EndpointConfigName="c",
    DeploymentConfig={
        "BlueGreenUpdatePolicy": {
            "TrafficRoutingConfiguration": {
                "Type": "LINEAR",
                "LinearStepSize": {"Type": "INSTANCE_COUNT", "Value": 1},
                "WaitIntervalInSeconds": 300,
            },
            "MaximumExecutionTimeoutInSeconds": 7200,
        },
    },
)

# between the two configs

sm.update_endpoint(
    EndpointName="ep",
    EndpointConfigName="c",
    DeploymentConfig={
        "RollingUpdatePolicy": {
            "MaximumBatchSize": {"Type": "CAPACITY_PERCENT", "Value": 50},
            "WaitIntervalInSeconds": 120,
        },
    },
)
`;

describe('timeline request (server side of the panel)', () => {
  before(async () => {
    parsers = await parsersReady();
  });

  describe('choosing the config under the cursor', () => {
    it('takes the config the cursor is in, and says so', () => {
      const { text, offset } = cursor(twoConfigs.replace('"Value": 50', '"Value": |50'));
      const blocks = blocksOf(text, 'python');
      assert.equal(blocks.length, 2);
      const response = ok(timelineForPosition(text, blocks, offset));
      assert.equal(response.currentIndex, 1);
      assert.equal(response.cursorInConfig, true);
      assert.equal(response.configs[1]!.label, 'Rolling, batches of 50%');
      assert.equal(response.timeline.strategy, 'ROLLING');
    });

    it('takes the nearest config when the cursor is outside every config, and the first one above them all', () => {
      // On the update_endpoint call of the second config, outside its dict: the second config.
      const between = cursor(twoConfigs.replace('EndpointConfigName="c",\n    DeploymentConfig={\n        "RollingUpdatePolicy"', 'EndpointConfigName="c|",\n    DeploymentConfig={\n        "RollingUpdatePolicy"'));
      const blocks = blocksOf(between.text, 'python');
      const fromBetween = timelineForPosition(between.text, blocks, between.offset, 4);
      assert.equal(fromBetween.currentIndex, 1);
      assert.equal(fromBetween.cursorInConfig, false);
      // On the comment between the two calls, nearer the end of the first dict: the first config.
      const comment = cursor(twoConfigs.replace('# between the two configs', '# between| the two configs'));
      assert.equal(timelineForPosition(comment.text, blocksOf(comment.text, 'python'), comment.offset, 4).currentIndex, 0);

      const top = cursor(`|${twoConfigs}`);
      const fromTop = timelineForPosition(top.text, blocksOf(top.text, 'python'), top.offset);
      assert.equal(fromTop.currentIndex, 0);
      assert.equal(fromTop.cursorInConfig, false);
      assert.equal(fromTop.configs[0]!.label, 'Linear, steps of 1 instance');

      const bottom = cursor(`${twoConfigs}|`);
      assert.equal(timelineForPosition(bottom.text, blocksOf(bottom.text, 'python'), bottom.offset).currentIndex, 1);
    });

    it('counts the cursor right after the closing brace as inside, and prefers the innermost config', () => {
      const block = (offset: number, length: number): ConfigBlock => ({ host: 'json', syntax: 'json', root: { kind: 'object', offset, length, properties: [] } });
      assert.deepEqual(pickConfig([block(10, 20)], 30), { index: 0, inside: true });
      assert.deepEqual(pickConfig([block(10, 20)], 31), { index: 0, inside: false });
      assert.deepEqual(pickConfig([block(0, 100), block(40, 10)], 45), { index: 1, inside: true });
      // Equal distance: the earlier config.
      assert.deepEqual(pickConfig([block(0, 10), block(20, 10)], 15), { index: 0, inside: false });
      assert.equal(pickConfig([], 3), undefined);
    });

    it('locates a config loaded with file:// by its reference in the host document, not by offsets in the other file', () => {
      const host = 'aws sagemaker update-endpoint --deployment-config file://dc.json';
      const referenced = canaryJson();
      const reference = { offset: host.indexOf('file://'), length: 'file://dc.json'.length };
      const block: ConfigBlock = {
        host: 'cli',
        syntax: 'json',
        root: { kind: 'object', offset: 0, length: referenced.length, properties: [] },
        fileReference: { span: reference, path: 'dc.json', text: referenced },
      };
      assert.deepEqual(pickConfig([block], host.length), { index: 0, inside: true });
      assert.deepEqual(pickConfig([block], 0), { index: 0, inside: false });
      const response = timelineForPosition(host, [block], host.length);
      assert.equal(response.configs[0]!.fileReference, 'dc.json');
      assert.deepEqual(response.configs[0]!.range, { start: { line: 0, character: reference.offset }, end: { line: 0, character: host.length } });
    });
  });

  describe('fleet size', () => {
    it('panel override > InitialInstanceCount in the document > setting > none', () => {
      assert.deepEqual(resolveFleetSize(6, 4, 8), { fleetSize: 6, source: 'panel' });
      assert.deepEqual(resolveFleetSize(undefined, 4, 8), { fleetSize: 4, source: 'document' });
      assert.deepEqual(resolveFleetSize(undefined, undefined, 8), { fleetSize: 8, source: 'setting' });
      assert.deepEqual(resolveFleetSize(undefined, undefined, null), undefined);
      // Sizes that are not whole numbers from 1 to 1,000,000 are skipped, wherever they come from.
      assert.deepEqual(resolveFleetSize(0, 4, 8), { fleetSize: 4, source: 'document' });
      assert.deepEqual(resolveFleetSize(2.5, undefined, 8), { fleetSize: 8, source: 'setting' });
      assert.deepEqual(resolveFleetSize(1_000_001, undefined, undefined), undefined);
      assert.deepEqual(resolveFleetSize(undefined, 4294967296, 8), { fleetSize: 8, source: 'setting' });
      assert.deepEqual(resolveFleetSize(undefined, 4294967296, undefined), undefined);
    });

    it('uses InitialInstanceCount from the same Python file, and the panel override over it', () => {
      const { text, offset } = cursor(twoConfigs.replace('"Type": "LINEAR"', '"Type": "LIN|EAR"'));
      const blocks = blocksOf(text, 'python');
      const fromDocument = ok(timelineForPosition(text, blocks, offset, undefined, 10));
      assert.equal(fromDocument.fleetSize, 4);
      assert.equal(fromDocument.fleetSizeSource, 'document');
      assert.equal(fromDocument.configs[0]!.documentFleetSize, 4);
      assert.deepEqual(fromDocument.timeline.steps.map((s) => s.instances), [1, 1, 1, 1]);

      const fromPanel = ok(timelineForPosition(text, blocks, offset, 2, 10));
      assert.equal(fromPanel.fleetSize, 2);
      assert.equal(fromPanel.fleetSizeSource, 'panel');
      assert.equal(fromPanel.timeline.steps.length, 2);
    });

    it('without any fleet size draws percentage sizes in percent of the fleet; the setting fills in when set', () => {
      const { text, offset } = cursor(canaryJson().replace('"Type": "CANARY"', '"Type": "CAN|ARY"'));
      const percent = ok(timelineForPosition(text, blocksOf(text), offset));
      assert.equal(percent.fleetSizeSource, 'percent');
      assert.equal(percent.fleetSize, 100);
      assert.deepEqual(percent.timeline.steps.map((s) => s.greenTrafficPercent), [30, 100]);
      assert.equal(percent.timeline.totalSeconds, 1800);
      assert.equal(percent.message, 'The fleet size is unknown: no endpoint config with InitialInstanceCount in this file and no smGuardrails.defaultFleetSize setting. Shown in percent of the fleet; enter the number of instances for counts.');
      assert.equal(percent.configs[0]!.label, 'Canary 30% then 100%');

      const fromSetting = ok(timelineForPosition(text, blocksOf(text), offset, undefined, 10));
      assert.equal(fromSetting.fleetSize, 10);
      assert.equal(fromSetting.fleetSizeSource, 'setting');
    });

    it('asks for the fleet size only when a step size is an instance count, and offers 4', () => {
      const { text, offset } = cursor(canaryJson().replace('"Type": "CANARY"', '"Type": "CAN|ARY"').replace('"CAPACITY_PERCENT", "Value": 30', '"INSTANCE_COUNT", "Value": 2'));
      const needs = timelineForPosition(text, blocksOf(text), offset);
      assert.ok(needs.status === 'needs-fleet-size', needs.status);
      assert.equal(needs.suggestedFleetSize, 4);
      assert.deepEqual(needs.alarmNames, ['ep-5xx']);
      assert.equal(needs.message, 'The fleet size is unknown: no endpoint config with InitialInstanceCount in this file and no smGuardrails.defaultFleetSize setting. The step size is a number of instances: enter the number of instances.');
    });

    it('keeps the rollout of a rolling config whose RollbackMaximumBatchSize is wrong, and names the value with its line', () => {
      const text = `{"RollingUpdatePolicy": {"MaximumBatchSize": {"Type": "CAPACITY_PERCENT", "Value": 25}, "WaitIntervalInSeconds": 60,
  "RollbackMaximumBatchSize": {"Type": "CAPACITY_PERCENT", "Value": "half"}}}`;
      const response = ok(timelineForPosition(text, blocksOf(text), 0, 4));
      assert.equal(response.timeline.totalSeconds, 240);
      assert.equal(response.rollbackUnavailable, 'The rollback batches cannot be computed: RollingUpdatePolicy.RollbackMaximumBatchSize.Value is "half", not a whole number (line 2). The rollout above does not depend on it.');
      assert.deepEqual(response.rollbackPhasesOmitted, [1, 2, 3, 4]);
    });

    it('names the value that blocks the rollout, with its line', () => {
      const text = canaryJson().replace('"Value": 30', '"Value": "30"');
      const response = timelineForPosition(text, blocksOf(text), 0, 4);
      assert.equal(response.status, 'unknown-config');
      assert.equal(response.message, 'The rollout cannot be computed: TrafficRoutingConfiguration.CanarySize.Value is "30", not a whole number (line 5).');
    });

    it('says what the panel falls back to without its own number: the file, else the setting, else nothing', () => {
      const python = cursor(twoConfigs.replace('"Type": "LINEAR"', '"Type": "LIN|EAR"'));
      const typedOverFile = ok(timelineForPosition(python.text, blocksOf(python.text, 'python'), python.offset, 7, 10));
      assert.deepEqual(typedOverFile.fallbackFleetSize, { fleetSize: 4, source: 'document' });

      // No InitialInstanceCount in the file: the panel must not offer "the file's fleet size".
      const json = cursor(`|${canaryJson()}`);
      const typedNoFile = ok(timelineForPosition(json.text, blocksOf(json.text), json.offset, 7));
      assert.equal(typedNoFile.fleetSizeSource, 'panel');
      assert.equal(typedNoFile.fallbackFleetSize, undefined);
      const typedOverSetting = ok(timelineForPosition(json.text, blocksOf(json.text), json.offset, 7, 3));
      assert.deepEqual(typedOverSetting.fallbackFleetSize, { fleetSize: 3, source: 'setting' });
    });

    it('reports an override it ignored', () => {
      const { text, offset } = cursor(`|${canaryJson()}`);
      const blocks = blocksOf(text);
      const response = ok(timelineForPosition(text, blocks, offset, 0, 5));
      assert.equal(response.fleetSize, 5);
      assert.equal(response.ignoredFleetSize, 0);
      assert.match(response.message ?? '', /fleet size 0 was ignored/);
    });
  });

  describe('the response', () => {
    it('for the guide canary (30% of 10, 10 min bakes, 10 min wait, 30 min timeout): phases, totals, comparison, assumptions', () => {
      const { text, offset } = cursor(`|${canaryJson()}`);
      const blocks = blocksOf(text);
      const response = ok(timelineForPosition(text, blocks, offset, 10));
      assert.deepEqual(response.configs, [
        {
          index: 0,
          label: 'Canary 30% then 100%',
          strategy: 'CANARY',
          line: 0,
          location: 'line 1',
          family: 'endpoint',
          range: { start: { line: 0, character: 0 }, end: { line: 11, character: 1 } },
          computable: true,
        },
      ]);
      assert.equal(response.currentIndex, 0);
      assert.equal(response.fleetSize, 10);
      assert.equal(response.fleetSizeSource, 'panel');
      const t = response.timeline;
      assert.deepEqual(
        t.phases.map((p) => [p.kind, p.startSeconds, p.endSeconds, p.greenTrafficPercent, p.blueInstances, p.greenInstances]),
        [
          ['shift', 0, 0, 30, 10, 10],
          ['bake', 0, 600, 30, 10, 10],
          ['shift', 600, 600, 100, 10, 10],
          ['bake', 600, 1200, 100, 10, 10],
          ['termination-wait', 1200, 1800, 100, 10, 10],
          ['terminate', 1800, 1800, 100, 0, 10],
        ],
      );
      assert.equal(t.totalSeconds, 1800);
      assert.equal(t.fitsTimeout, false);
      assert.equal(t.peakInstances, 20);
      assert.deepEqual(
        t.bakes.map((b) => [b.bake, b.rollback.mode, b.rollback.tripAtSeconds, b.rollback.phases.length]),
        [
          [1, 'all-at-once', 600, 2],
          [2, 'all-at-once', 1200, 2],
        ],
      );
      assert.deepEqual(response.rollbackPhasesOmitted, []);
      assert.deepEqual(
        response.comparison.map((row) => [row.strategy, row.label, row.isCurrent, row.durationSeconds, row.peakInstances, row.trafficExposedBeforeFirstBakeEndsPercent, row.fitsTimeout]),
        [
          ['ALL_AT_ONCE', 'All at once', false, 1200, 20, 100, true],
          ['CANARY', 'Canary 30% then 100%', true, 1800, 20, 30, false],
          ['LINEAR', 'Linear, steps of 30%', false, 3000, 20, 30, false],
          ['ROLLING', 'Rolling, batches of 30%', false, 2400, 13, 30, false],
        ],
      );
      assert.ok(response.comparison.every((row) => Number.isFinite(row.extraInstanceHours)));
      assert.deepEqual(response.assumptions, [...TIMELINE_ASSUMPTIONS, ...PANEL_ASSUMPTIONS]);
      // The whole answer crosses JSON-RPC: nothing in it may be lost by JSON.
      assert.deepEqual(JSON.parse(JSON.stringify(response)), response);
    });

    it('passes an alarm name holding HTML through as data, unchanged (the webview renders it as text)', () => {
      const alarm = '<img src=x onerror=alert(1)>';
      const { text, offset } = cursor(`|${canaryJson(alarm)}`);
      const blocks = blocksOf(text);
      const response = ok(timelineForPosition(text, blocks, offset, 4));
      assert.deepEqual(response.alarmNames, [alarm]);
      assert.equal(response.timeline.autoRollbackEnabled, true);
    });

    it('a config with no update policy is the API default: blue/green all at once, 2 x fleet, all traffic back on an alarm', () => {
      const { text, offset } = cursor('{"AutoRollbackConfiguration": {"Alarms": [{"AlarmName": "ep-5xx"}]}|}');
      const response = ok(timelineForPosition(text, blocksOf(text), offset, 3));
      assert.equal(response.configs[0]!.label, 'All at once (API default: no update policy)');
      assert.equal(response.timeline.strategy, 'ALL_AT_ONCE');
      assert.deepEqual(response.timeline.phases.map((p) => [p.kind, p.greenTrafficPercent, p.blueInstances, p.greenInstances]), [
        ['shift', 100, 3, 3],
        ['bake', 100, 3, 3],
        ['termination-wait', 100, 3, 3],
        ['terminate', 100, 0, 3],
      ]);
      assert.equal(response.timeline.peakInstances, 6);
      assert.equal(response.timeline.bakes[0]!.rollback.mode, 'all-at-once');
    });

    it('labels every strategy, the API default and incomplete configs', () => {
      assert.equal(rolloutLabel({ family: 'endpoint', unit: 'instance', strategy: 'ALL_AT_ONCE', waitIntervalSeconds: 0, terminationWaitSeconds: 0, alarmNames: [] }, false), 'All at once (API default: no update policy)');
      assert.equal(
        rolloutLabel({ family: 'endpoint', unit: 'instance', strategy: 'ROLLING', waitIntervalSeconds: 0, terminationWaitSeconds: 0, alarmNames: [], stepSize: { type: 'INSTANCE_COUNT', value: 2 }, rollbackMaximumBatchSize: { type: 'CAPACITY_PERCENT', value: 100 } }),
        'Rolling, batches of 2 instances, rollback batches of 100%',
      );
      const { text, offset } = cursor(`wait = 600
sm.update_endpoint(EndpointName="e", EndpointConfigName="c", DeploymentConfig={
    "BlueGreenUpdatePolicy": {"TrafficRoutingConfiguration": {"Type": "CANARY", "CanarySize": {"Type": "CAPACITY_PERCENT", "Value": 10}, "WaitIntervalInSeconds": wa|it}},
})
`);
      const response = timelineForPosition(text, blocksOf(text, 'python'), offset, 4);
      assert.equal(response.status, 'unknown-config');
      assert.equal(response.configs[0]!.label, 'Canary (incomplete)');
      assert.equal(response.configs[0]!.computable, false);
      assert.equal(response.configs[0]!.line, 1);
      assert.match(response.message ?? '', /cannot be computed/);
    });

    it('says when the file has no config, and when the engine rejects the values', () => {
      const none = timelineForPosition('{"a": 1}', [], 0, 4);
      assert.equal(none.status, 'no-config');
      assert.deepEqual(none.configs, []);

      const negative = canaryJson().replace('"WaitIntervalInSeconds": 600', '"WaitIntervalInSeconds": -5');
      const blocks = blocksOf(negative);
      const response = timelineForPosition(negative, blocks, 0, 4);
      assert.equal(response.status, 'unknown-config');
      assert.equal(response.message, 'The rollout cannot be computed: TrafficRoutingConfiguration.WaitIntervalInSeconds is -5, below 0 (line 6).');
    });

    it('leaves out rollback phases beyond the budget for huge fleets, except those of the requested bake', () => {
      const text = `{"RollingUpdatePolicy": {"MaximumBatchSize": {"Type": "INSTANCE_COUNT", "Value": 1}, "WaitIntervalInSeconds": 60,
        "RollbackMaximumBatchSize": {"Type": "INSTANCE_COUNT", "Value": 1}}}`;
      const blocks = blocksOf(text);
      const response = ok(timelineForPosition(text, blocks, 0, 200, undefined, { rollbackBake: 50 }));
      // 200 one-instance batches: the first 59 and the last are listed, 60-199 counted in the totals.
      assert.equal(response.timeline.stepCount, 200);
      assert.deepEqual(response.timeline.bakes.map((b) => b.bake), [...Array.from({ length: 59 }, (_, i) => i + 1), 200]);
      assert.equal(response.timeline.totalSeconds, 200 * 60);
      assert.ok(response.rollbackPhasesOmitted.length > 0);
      assert.ok(!response.rollbackPhasesOmitted.includes(50));
      // The requested bake keeps its rollback: 40 listed batches (1-39 and the last), re-provisioning old instances from the second on.
      assert.deepEqual(response.timeline.bakes[49]!.rollback.phases, expandRollout(rolloutConfigOf(blocks[0]!.root)!, 200).bakes[49]!.rollback.phases);
      assert.equal(response.timeline.bakes[49]!.rollback.batchCount, 50);
      assert.deepEqual(response.timeline.bakes[49]!.rollback.omittedBatches && [response.timeline.bakes[49]!.rollback.omittedBatches.first, response.timeline.bakes[49]!.rollback.omittedBatches.last], [40, 49]);
      assert.equal(response.timeline.bakes[49]!.rollback.reprovisionedInstances, 49);
      const small = ok(timelineForPosition(text, blocks, 0, 10));
      assert.deepEqual(small.rollbackPhasesOmitted, []);
      assert.ok(small.timeline.bakes.reduce((n, b) => n + b.rollback.phases.length, 0) <= MAX_ROLLBACK_PHASES);
    });

    it('counts provisioning when the panel gives an estimate', () => {
      const { text } = cursor(`|${canaryJson()}`);
      const blocks = blocksOf(text);
      const response = ok(timelineForPosition(text, blocks, 0, 4, undefined, { provisioningSeconds: 300 }));
      assert.equal(response.timeline.phases[0]!.kind, 'provision');
      assert.equal(response.timeline.totalSeconds, 2100);
      assert.equal(response.comparison[0]!.durationSeconds, 1500);
    });
  });

  describe('the request handler', () => {
    const example = readFileSync(join(__dirname, '../../../examples/deploy_canary.py'), 'utf8');

    it('turns the LSP position into an offset, and echoes the uri and the document version', async () => {
      const blocks = blocksOf(example, 'python');
      const lines = example.split('\n');
      const line = lines.findIndex((l) => l.includes('"Value": 75'));
      const state: TimelineDocumentState = { text: example, blocks, version: 7, defaultFleetSize: null };
      const params: TimelineParams = { uri: 'file:///w/deploy_canary.py', position: { line, character: 10 } };
      const response = ok(await answerTimelineRequest(params, () => state));
      assert.equal(response.uri, 'file:///w/deploy_canary.py');
      assert.equal(response.documentVersion, 7);
      assert.equal(response.currentIndex, 1);
      assert.equal(response.configs.length, 2);
      assert.equal(response.configs[1]!.label, 'Canary 75% then 100%');
      assert.equal(response.configs[1]!.line, lines.findIndex((l, i) => i > lines.findIndex((x) => x.includes('def deploy_off_hours')) && l.includes('DeploymentConfig={')));
      assert.equal(response.fleetSize, 4);
      assert.equal(response.fleetSizeSource, 'document');
      assert.deepEqual(response.alarmNames, ['fraud-scoring-prod-invocation-5xx', 'fraud-scoring-prod-model-latency-p99']);
      assert.deepEqual(response.timeline.steps.map((s) => s.instances), [3, 1]);
    });

    it('answers not-ready for a document the server does not know, and error for bad params', async () => {
      const unknown = await answerTimelineRequest({ uri: 'file:///nope.py', position: { line: 0, character: 0 } }, () => undefined);
      assert.equal(unknown.status, 'not-ready');
      assert.equal(unknown.uri, 'file:///nope.py');
      const bad = await answerTimelineRequest({ uri: 'file:///x.py' } as TimelineParams, () => undefined);
      assert.equal(bad.status, 'error');
    });

    it('registers smGuardrails/timeline on the connection and answers through it (async document state too)', async () => {
      let registered: { method: string; handler: (params: TimelineParams) => Promise<TimelineResponse> } | undefined;
      const connection = {
        onRequest: (method: string, handler: (params: TimelineParams) => Promise<TimelineResponse>) => {
          registered = { method, handler };
          return { dispose: () => undefined };
        },
      };
      const text = canaryJson();
      const blocks = blocksOf(text);
      registerTimelineRequest(connection as never, async (uri) => (uri === 'file:///c.json' ? { text, blocks, defaultFleetSize: 6 } : undefined));
      assert.equal(registered?.method, 'smGuardrails/timeline');
      assert.equal(registered?.method, timelineRequestType.method);
      const response = ok(await registered!.handler({ uri: 'file:///c.json', position: { line: 3, character: 4 } }));
      assert.equal(response.fleetSize, 6);
      assert.equal(response.fleetSizeSource, 'setting');
      assert.equal(response.documentVersion, undefined);
    });
  });
});
