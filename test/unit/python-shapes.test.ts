// sagemaker-core / SDK v3 shape classes, CDK Python *Property classes and camelCase dicts, and
// json.loads of a literal: findings on the exact token, snake_case names in messages, fixes
// written as keyword arguments.
import { strict as assert } from 'node:assert';
import { analyzeDocument, checkDocument, type SyntaxParsers } from '../../server/src/core/check';
import { convertBlock } from '../../server/src/core/edits/convert';
import { quickFixes } from '../../server/src/core/edits/fixes';
import { applyEdits } from '../../server/src/core/edits/text-edit';
import { completionsAt } from '../../server/src/core/services/completion';
import { hoverAt } from '../../server/src/core/services/hover';
import { at, atIn, findings, parsersReady } from './helpers/findings';

let parsers: SyntaxParsers;

const script = `from sagemaker_core.main.resources import Endpoint
from sagemaker_core.main.shapes import (
    AutoRollbackConfig, Alarm, BlueGreenUpdatePolicy, CapacitySize, DeploymentConfig, TrafficRoutingConfig,
)

canary = CapacitySize(type="CAPACITY_PERCENT", value=75)
config = DeploymentConfig(
    blue_green_update_policy=BlueGreenUpdatePolicy(
        traffic_routing_configuration=TrafficRoutingConfig(
            type="CANARY",
            canary_size=canary,
            wait_interval_in_seconds=600,
        ),
        maximum_execution_timeout_in_seconds=1800,
    ),
    auto_rollback_configuration=AutoRollbackConfig(alarms=[Alarm(alarm_name=ALARM)]),
)
Endpoint.get("prod").update(endpoint_config_name="new", deployment_config=config)
`;

describe('Python shape classes, CDK Python and json.loads', () => {
  before(async () => {
    parsers = await parsersReady();
  });

  it('reads a sagemaker-core DeploymentConfig with names followed and reports the 75% canary', () => {
    const blocks = analyzeDocument(script, 'python', { parsers }).blocks;
    assert.deepEqual(blocks.map((b) => [b.family, b.keyDialect, b.syntax]), [['endpoint', 'snake', 'python-call']]);
    assert.deepEqual(findings(script, 'python'), [atIn(script, 'value=75', '75', 'canary-size')]);
  });

  it('hovers with snake_case key names, in the title and in the fleet-size hint', () => {
    const hover = hoverAt(analyzeDocument(script, 'python', { parsers }).blocks, script.indexOf('canary_size') + 1)!;
    assert.equal(script.slice(hover.span.offset, hover.span.offset + hover.span.length), 'canary_size');
    assert.deepEqual(hover.markdown.split('\n').slice(0, 7), [
      '**traffic_routing_configuration.canary_size** · guardrail: at most 50% of the fleet · required for CANARY, not allowed otherwise',
      '',
      'CANARY only: how much of the green fleet takes traffic in the first step. At most 50% of the fleet.',
      '',
      '**In this config:** 75% first, then the rest; 2 baking periods of 10 min.',
      '',
      '_Fleet size unknown: instance counts need `initial_instance_count` in this file or the `smGuardrails.defaultFleetSize` setting._',
    ]);
  });

  it('names snake_case keys in messages and fixes, and writes keyword arguments', () => {
    const text = script.replace('wait_interval_in_seconds=600,\n', '').replace('value=75', 'value=20');
    const analysis = checkDocument(text, 'python', { parsers });
    const missing = analysis.findings.find((f) => f.code === 'missing-key')!;
    assert.equal(text.slice(missing.span.offset, missing.span.offset + missing.span.length), 'traffic_routing_configuration');
    assert.match(missing.message, /"wait_interval_in_seconds"/);
    const fixed = applyEdits(text, quickFixes(text, 'python', analysis, missing).find((f) => f.isPreferred)!.edits);
    assert.match(fixed, /canary_size=canary,\n {12}wait_interval_in_seconds=600,\n/);
    assert.deepEqual(findings(fixed, 'python'), []);
  });

  it('converts blue/green to rolling with the shape class renamed with its keyword (the 75% canary clamped to a 50% batch)', () => {
    const [block] = analyzeDocument(script, 'python', { parsers }).blocks;
    const conversion = convertBlock(script, block!, 'ROLLING')!;
    const converted = applyEdits(script, conversion.edits);
    assert.match(converted, /config = DeploymentConfig\(\n {4}rolling_update_policy=RollingUpdatePolicy\(\n {8}maximum_batch_size=dict\(type="CAPACITY_PERCENT", value=50\),\n {8}wait_interval_in_seconds=600,\n {8}maximum_execution_timeout_in_seconds=1800,\n {4}\),\n/);
  });

  it('adds a rollback alarm as keyword arguments with dict()', () => {
    const text = `update = InferenceComponentDeploymentConfig(
    rolling_update_policy=InferenceComponentRollingUpdatePolicy(
        maximum_batch_size=InferenceComponentCapacitySize(type="COPY_COUNT", value=1),
        wait_interval_in_seconds=120,
    ),
)
`;
    const analysis = checkDocument(text, 'python', { parsers });
    assert.equal(analysis.blocks[0]?.family, 'inference-component');
    const alarm = analysis.findings.find((f) => f.code === 'no-rollback-alarms')!;
    assert.ok(alarm, analysis.findings.map((f) => f.code).join());
    const fix = quickFixes(text, 'python', analysis, alarm).find((f) => /auto_rollback_configuration/.test(f.title))!;
    assert.ok(fix, quickFixes(text, 'python', analysis, alarm).map((f) => f.title).join(' | '));
    const fixed = applyEdits(text, fix.edits);
    assert.match(fixed, /\n {4}\),\n {4}auto_rollback_configuration=dict\(alarms=\[dict\(alarm_name="<your-alarm-name>"\)\]\),\n\)/);
  });

  it('reads HyperPod DeploymentConfiguration and CDK Python Property classes', () => {
    const text = `import aws_cdk.aws_sagemaker as sagemaker
sagemaker.CfnEndpoint(self, "Endpoint",
    endpoint_config_name=config.attr_endpoint_config_name,
    deployment_config=sagemaker.CfnEndpoint.DeploymentConfigProperty(
        rolling_update_policy=sagemaker.CfnEndpoint.RollingUpdatePolicyProperty(
            maximum_batch_size=sagemaker.CfnEndpoint.CapacitySizeProperty(type="CAPACITY_PERCENT", value=60),
            wait_interval_in_seconds=300,
        ),
        auto_rollback_configuration=sagemaker.CfnEndpoint.AutoRollbackConfigProperty(
            alarms=[sagemaker.CfnEndpoint.AlarmProperty(alarm_name="errors")],
        ),
    ),
)
cluster_update = DeploymentConfiguration(
    rolling_update_policy=RollingDeploymentPolicy(maximum_batch_size=CapacitySizeConfig(type="INSTANCE_COUNT", value=2)),
    wait_interval_in_seconds=300,
)
`;
    const blocks = analyzeDocument(text, 'python', { parsers }).blocks;
    assert.deepEqual(blocks.map((b) => [b.family, b.dialect]), [['endpoint', 'cloudformation'], ['hyperpod-cluster', undefined]]);
    assert.ok(findings(text, 'python').includes(atIn(text, 'value=60', '60', 'rolling-batch-size')));
  });

  it('finds each root class by its call, with or without a module in front, and not the same words elsewhere', () => {
    const text = `import aws_cdk.aws_sagemaker as sagemaker
a = DeploymentConfig(rolling_update_policy=RollingUpdatePolicy(maximum_batch_size=CapacitySize(type="CAPACITY_PERCENT", value=60), wait_interval_in_seconds=300))
b = InferenceComponentDeploymentConfig(rolling_update_policy=InferenceComponentRollingUpdatePolicy(maximum_batch_size=InferenceComponentCapacitySize(type="COPY_COUNT", value=1), wait_interval_in_seconds=120))
c = DeploymentConfiguration(rolling_update_policy=RollingDeploymentPolicy(maximum_batch_size=CapacitySizeConfig(type="INSTANCE_COUNT", value=2)), wait_interval_in_seconds=300)
d = sagemaker.CfnEndpoint.DeploymentConfigProperty(rolling_update_policy=sagemaker.CfnEndpoint.RollingUpdatePolicyProperty(maximum_batch_size=sagemaker.CfnEndpoint.CapacitySizeProperty(type="CAPACITY_PERCENT", value=70), wait_interval_in_seconds=300))
e = sagemaker.CfnInferenceComponent.InferenceComponentDeploymentConfigProperty(rolling_update_policy=sagemaker.CfnInferenceComponent.InferenceComponentRollingUpdatePolicyProperty(maximum_batch_size=sagemaker.CfnInferenceComponent.InferenceComponentCapacitySizeProperty(type="COPY_COUNT", value=1), wait_interval_in_seconds=120))
MyDeploymentConfig(x=1)
f = DeploymentConfig
DeploymentConfigs(y=2)
`;
    const blocks = analyzeDocument(text, 'python', { parsers }).blocks;
    const lineOf = (offset: number): number => text.slice(0, offset).split('\n').length - 1;
    assert.deepEqual(
      blocks.map((b) => [lineOf(b.root.offset), b.family, b.dialect]),
      [[1, 'endpoint', undefined], [2, 'inference-component', undefined], [3, 'hyperpod-cluster', undefined], [4, 'endpoint', 'cloudformation'], [5, 'inference-component', 'cloudformation']],
    );
    assert.deepEqual(findings(text, 'python').filter((f) => f.endsWith(' rolling-batch-size')), [atIn(text, 'value=60', '60', 'rolling-batch-size'), atIn(text, 'value=70', '70', 'rolling-batch-size')]);
  });

  it('reads CDK Python camelCase dicts passed as deployment_config=', () => {
    const text = `sagemaker.CfnEndpoint(self, "E", endpoint_config_name="c", deployment_config={
    "blueGreenUpdatePolicy": {
        "trafficRoutingConfiguration": {"type": "LINEAR", "linearStepSize": {"type": "CAPACITY_PERCENT", "value": 5}},
    },
    "autoRollbackConfiguration": {"alarms": [{"alarmName": "errors"}]},
})
`;
    const [block] = analyzeDocument(text, 'python', { parsers }).blocks;
    assert.deepEqual([block?.keyDialect, block?.syntax], ['camel', 'python']);
    assert.deepEqual(findings(text, 'python'), [atIn(text, '"value": 5', '5', 'linear-step-size')]);
  });

  it('reads json.loads of a literal with ranges inside the string, in any quotes', () => {
    const text = `import json
cfg = json.loads('{"RollingUpdatePolicy": {"MaximumBatchSize": {"Type": "CAPACITY_PERCENT", "Value": 60}, "WaitIntervalInSeconds": 300}}')
other = json.loads("""
{"DeploymentConfig": {"BlueGreenUpdatePolicy": {"TrafficRoutingConfiguration": {"Type": "CANARY", "CanarySize": {"Type": "CAPACITY_PERCENTAGE", "Value": 10}, "WaitIntervalInSeconds": 600}}}}
""")
escaped = json.loads("{\\"RollingUpdatePolicy\\": {\\"MaximumBatchSize\\": {\\"Type\\": \\"CAPACITY_PERCENT\\", \\"Value\\": 70}, \\"WaitIntervalInSeconds\\": 300}}")
`;
    const found = findings(text, 'python');
    assert.ok(found.includes(atIn(text, '"Value": 60', '60', 'rolling-batch-size')), found.join('\n'));
    assert.ok(found.includes(at(text, '"CAPACITY_PERCENTAGE"', 'invalid-enum')), found.join('\n'));
    assert.ok(found.includes(atIn(text, '\\"Value\\": 70', '70', 'rolling-batch-size')), found.join('\n'));
  });

  it('is silent on other libraries’ deployment_config and on unknown values', () => {
    const text = `plan = EdgeDeploymentPlan.create(stages=[DeploymentStage(stage_name="s", deployment_config=EdgeDeploymentConfig(failure_handling_policy="ROLLBACK_ON_FAILURE"))])
model.set_deployment_config(config_name="x", instance_type="ml.g5.xlarge")
Endpoint.get("e").update(deployment_config=make_config())
cfg = DeploymentConfig(blue_green_update_policy=policy, **extra)
`;
    assert.deepEqual(findings(text, 'python'), []);
  });

  it('completes snake_case keyword arguments', () => {
    const text = `cfg = DeploymentConfig(
    rolling_update_policy=RollingUpdatePolicy(
        maximum_batch_size=CapacitySize(type="CAPACITY_PERCENT", value=20),
        wai
    ),
)
`;
    const analysis = analyzeDocument(text, 'python', { parsers });
    const entries = completionsAt(text, 'python', analysis.blocks, text.indexOf('wai\n') + 3);
    const wait = entries.find((e) => e.label === 'wait_interval_in_seconds');
    assert.ok(wait, entries.map((e) => e.label).join(', '));
    assert.equal(wait.insertText, 'wait_interval_in_seconds=${1:600}');
  });
});
