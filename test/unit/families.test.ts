// The three SageMaker APIs that take a DeploymentConfig (endpoints, inference components, HyperPod
// clusters): the family is decided from the call, command, sibling keys or resource type around the
// config, and each family is checked by its own API's rules, on the exact wrong token.
import { strict as assert } from 'node:assert';
import { analyzeDocument, analyzeNotebook, checkBlocks, finalizeFindings, type DocumentKind } from '../../server/src/core/check';
import { conversionTargets } from '../../server/src/core/edits/convert';
import type { ConfigFamily } from '../../server/src/core/model';
import { completionsAt } from '../../server/src/core/services/completion';
import { hoverAt } from '../../server/src/core/services/hover';
import { at, atIn, check, findings, parsersReady } from './helpers/findings';

async function familiesOf(text: string, kind: DocumentKind): Promise<(ConfigFamily | undefined)[]> {
  const parsers = await parsersReady();
  return analyzeDocument(text, kind, { parsers }).blocks.map((b) => b.family);
}

/** AWS's own inference-component rolling update (ML blog, 2025), with a literal copy count. */
const IC_SAMPLE = `import boto3
sagemaker_client = boto3.client("sagemaker")
sagemaker_client.update_inference_component(
    InferenceComponentName=inference_component_name,
    RuntimeConfig={"CopyCount": 4},
    Specification={"ModelName": new_model_name},
    DeploymentConfig={
        "RollingUpdatePolicy": {
            "MaximumBatchSize": {"Type": "COPY_COUNT", "Value": 1},
            "WaitIntervalInSeconds": 300,
            "MaximumExecutionTimeoutInSeconds": 3600,
            "RollbackMaximumBatchSize": {"Type": "COPY_COUNT", "Value": 1},
        },
        "AutoRollbackConfiguration": {"Alarms": [{"AlarmName": "ic-rolling-update-alarm"}]},
    },
)
`;

/** HyperPod's update_cluster_software with a rolling deployment (AWS docs). */
const HP_SAMPLE = `import boto3
client = boto3.client("sagemaker")
client.update_cluster_software(
    ClusterName="my-hyperpod-cluster",
    DeploymentConfig={
        "RollingUpdatePolicy": {
            "MaximumBatchSize": {"Type": "INSTANCE_COUNT", "Value": 1},
            "RollbackMaximumBatchSize": {"Type": "CAPACITY_PERCENTAGE", "Value": 100},
        },
        "WaitIntervalInSeconds": 120,
        "AutoRollbackConfiguration": [{"AlarmName": "hyperpod-node-health"}],
    },
)
`;

describe('config families', () => {
  before(async () => {
    await parsersReady();
  });

  describe('inference components', () => {
    it("AWS's rolling-update sample gets no finding and is an inference component", async () => {
      assert.deepEqual(findings(IC_SAMPLE, 'python'), []);
      assert.deepEqual(await familiesOf(IC_SAMPLE, 'python'), ['inference-component']);
    });

    it('reports the endpoint spelling INSTANCE_COUNT and suggests COPY_COUNT', () => {
      const text = IC_SAMPLE.replace('"Type": "COPY_COUNT", "Value": 1},\n            "WaitIntervalInSeconds"', '"Type": "INSTANCE_COUNT", "Value": 1},\n            "WaitIntervalInSeconds"');
      const found = check(text, 'python');
      assert.deepEqual(found.map((f) => f.code), ['invalid-enum']);
      assert.deepEqual(findings(text, 'python'), [at(text, '"INSTANCE_COUNT"', 'invalid-enum')]);
      assert.equal(found[0]!.data?.suggestion, 'COPY_COUNT');
      assert.match(found[0]!.message, /endpoint spelling/);
      assert.equal(found[0]!.family, 'inference-component');
    });

    it('reports a blue/green policy as unknown, and the missing RollingUpdatePolicy', () => {
      const text = `sm.update_inference_component(
    InferenceComponentName="ic",
    DeploymentConfig={
        "BlueGreenUpdatePolicy": {"TrafficRoutingConfiguration": {"Type": "ALL_AT_ONCE", "WaitIntervalInSeconds": 60}},
        "AutoRollbackConfiguration": {"Alarms": [{"AlarmName": "a"}]},
    },
)
`;
      // The required key is missing from the object itself: reported on its opening brace.
      assert.deepEqual(findings(text, 'python'), [atIn(text, 'DeploymentConfig={', '{', 'missing-key'), at(text, '"BlueGreenUpdatePolicy"', 'unknown-key')]);
      const unknown = check(text, 'python').find((f) => f.code === 'unknown-key')!;
      assert.match(unknown.message, /only in rolling batches of copies/);
    });

    it('holds the batch to 5-50% of the copy count: RuntimeConfig.CopyCount, else the setting', () => {
      const text = IC_SAMPLE.replace('"CopyCount": 4', '"CopyCount": 2').replace('"Type": "COPY_COUNT", "Value": 1},\n            "WaitIntervalInSeconds"', '"Type": "COPY_COUNT", "Value": 2},\n            "WaitIntervalInSeconds"');
      const found = check(text, 'python');
      assert.deepEqual(findings(text, 'python'), [atIn(text, '"Value": 2},\n            "Wait', '2', 'rolling-batch-size')]);
      assert.match(found[0]!.message, /2 of 2 copies \(100%\) is outside the allowed 5-50% of the inference component's copy count/);
      assert.equal(found[0]!.data?.suggestion, 1);
      const noCount = text.replace('    RuntimeConfig={"CopyCount": 2},\n', '');
      assert.deepEqual(findings(noCount, 'python'), []);
      assert.deepEqual(findings(noCount, 'python', { defaultCopyCount: 3 }), [atIn(noCount, '"Value": 2},\n            "Wait', '2', 'rolling-batch-size')]);
      // The endpoint fleet size setting is not a copy count.
      assert.deepEqual(findings(noCount, 'python', { defaultFleetSize: 3 }), []);
      // Outside the call: the file's copy count when every CopyCount agrees; scaled in between, or not a literal, unknown.
      const created = `sm.create_inference_component(InferenceComponentName="ic", RuntimeConfig={"CopyCount": 2})\n${noCount}`;
      assert.deepEqual(findings(created, 'python'), [atIn(created, '"Value": 2},\n            "Wait', '2', 'rolling-batch-size')]);
      const scaled = `${created.split('\n')[0]}\nsm.update_inference_component_runtime_config(InferenceComponentName="ic", DesiredRuntimeConfig={"CopyCount": 8})\n${noCount}`;
      assert.deepEqual(findings(scaled, 'python'), []);
      const variable = text.replace('"CopyCount": 2', '"CopyCount": copies');
      assert.deepEqual(findings(`sm.create_inference_component(RuntimeConfig={"CopyCount": 2})\n${variable}`, 'python'), []);
    });

    it('reports a timeout shorter than one bake per batch of copies', () => {
      const text = IC_SAMPLE.replace('"MaximumExecutionTimeoutInSeconds": 3600', '"MaximumExecutionTimeoutInSeconds": 1200');
      assert.deepEqual(findings(text, 'python'), [at(text, '1200', 'timeout-too-short')]);
    });

    it('warns about missing rollback alarms on the policy key', () => {
      const text = IC_SAMPLE.replace('        "AutoRollbackConfiguration": {"Alarms": [{"AlarmName": "ic-rolling-update-alarm"}]},\n', '');
      assert.deepEqual(findings(text, 'python'), [at(text, '"RollingUpdatePolicy"', 'no-rollback-alarms')]);
    });

    it('is found by the CLI subcommand, with COPY_COUNT valid in shorthand', async () => {
      const text = "aws sagemaker update-inference-component --inference-component-name ic \\\n  --deployment-config 'RollingUpdatePolicy={MaximumBatchSize={Type=COPY_COUNT,Value=1},WaitIntervalInSeconds=120},AutoRollbackConfiguration={Alarms=[{AlarmName=a}]}'\n";
      assert.deepEqual(findings(text, 'shell'), []);
      assert.deepEqual(await familiesOf(text, 'shell'), ['inference-component']);
      const endpoint = text.replace('update-inference-component --inference-component-name ic', 'update-endpoint --endpoint-name e');
      assert.deepEqual(findings(endpoint, 'shell'), [at(endpoint, 'COPY_COUNT', 'invalid-enum')]);
    });

    it('is found by a --cli-input-json skeleton and a CloudFormation resource', async () => {
      const skeleton = `{
  "InferenceComponentName": "ic",
  "DeploymentConfig": {
    "RollingUpdatePolicy": {"MaximumBatchSize": {"Type": "INSTANCE_COUNT", "Value": 1}, "WaitIntervalInSeconds": 60},
    "AutoRollbackConfiguration": {"Alarms": [{"AlarmName": "a"}]}
  }
}`;
      assert.deepEqual(findings(skeleton, 'json'), [at(skeleton, '"INSTANCE_COUNT"', 'invalid-enum')]);
      const template = `{
  "Resources": {
    "Ic": {
      "Type": "AWS::SageMaker::InferenceComponent",
      "Properties": {
        "RuntimeConfig": {"CopyCount": 10},
        "DeploymentConfig": {
          "RollingUpdatePolicy": {"MaximumBatchSize": {"Type": "COPY_COUNT", "Value": 6}, "WaitIntervalInSeconds": 60},
          "AutoRollbackConfiguration": {"Alarms": [{"AlarmName": "a"}]}
        }
      }
    }
  }
}`;
      assert.deepEqual(await familiesOf(template, 'json'), ['inference-component']);
      assert.deepEqual(findings(template, 'json'), [atIn(template, '"Value": 6', '6', 'rolling-batch-size')]);
    });
  });

  describe('HyperPod clusters', () => {
    it("AWS's update_cluster_software sample gets no finding", async () => {
      assert.deepEqual(findings(HP_SAMPLE, 'python'), []);
      assert.deepEqual(await familiesOf(HP_SAMPLE, 'python'), ['hyperpod-cluster']);
    });

    it('reports the endpoint spelling CAPACITY_PERCENT, the Alarms wrapper, a wait inside the policy and a timeout', () => {
      const text = `client.update_cluster_software(
    ClusterName="c",
    DeploymentConfig={
        "RollingUpdatePolicy": {
            "MaximumBatchSize": {"Type": "CAPACITY_PERCENT", "Value": 25},
            "WaitIntervalInSeconds": 120,
            "MaximumExecutionTimeoutInSeconds": 3600,
        },
        "AutoRollbackConfiguration": {"Alarms": [{"AlarmName": "a"}]},
    },
)
`;
      const found = check(text, 'python');
      assert.deepEqual(findings(text, 'python'), [
        at(text, '"CAPACITY_PERCENT"', 'invalid-enum'),
        at(text, '"WaitIntervalInSeconds"', 'unknown-key'),
        at(text, '"MaximumExecutionTimeoutInSeconds"', 'unknown-key'),
        at(text, '{"Alarms": [{"AlarmName": "a"}]}', 'wrong-type'),
      ]);
      assert.equal(found[0]!.data?.suggestion, 'CAPACITY_PERCENTAGE');
      assert.match(found[1]!.message, /at its top level/);
      assert.deepEqual(found[1]!.data?.moveTo, []);
      assert.match(found[2]!.message, /no execution timeout/);
      assert.equal(found[3]!.data?.alarmList, 'unwrap');
    });

    it('requires AlarmName in each alarm of the bare list, and warns when there is no list', () => {
      const text = HP_SAMPLE.replace('[{"AlarmName": "hyperpod-node-health"}]', '[{}]');
      assert.deepEqual(findings(text, 'python'), [atIn(text, '[{}]', '{', 'missing-key')]);
      const none = HP_SAMPLE.replace('        "AutoRollbackConfiguration": [{"AlarmName": "hyperpod-node-health"}],\n', '');
      assert.deepEqual(findings(none, 'python'), [at(none, '"RollingUpdatePolicy"', 'no-rollback-alarms')]);
    });

    it('has no percentage rule for its batches', () => {
      const text = HP_SAMPLE.replace('"Type": "INSTANCE_COUNT", "Value": 1}', '"Type": "CAPACITY_PERCENTAGE", "Value": 80}');
      assert.deepEqual(findings(text, 'python'), []);
    });

    it('is found in InstanceGroups[].ScheduledUpdateConfig of create_cluster', async () => {
      const text = `sm.create_cluster(
    ClusterName="c",
    InstanceGroups=[{
        "InstanceGroupName": "workers",
        "InstanceType": "ml.p5.48xlarge",
        "InstanceCount": 8,
        "ScheduledUpdateConfig": {
            "ScheduleExpression": "cron(0 3 ? * SUN *)",
            "DeploymentConfig": {
                "RollingUpdatePolicy": {"MaximumBatchSize": {"Type": "CAPACITY_PERCENTAGE", "Value": 25}},
                "WaitIntervalInSeconds": 300,
                "AutoRollbackConfiguration": [{"AlarmName": "gpu-health"}],
            },
        },
    }],
)
`;
      assert.deepEqual(findings(text, 'python'), []);
      const parsers = await parsersReady();
      const [block] = analyzeDocument(text, 'python', { parsers }).blocks;
      assert.equal(block?.family, 'hyperpod-cluster');
      assert.equal(block?.fleetSize, 8);
    });

    it('is found by `aws sagemaker update-cluster-software`, a skeleton with ClusterName, and shorthand alarm lists', async () => {
      const cli = `aws sagemaker update-cluster-software --cluster-name c --deployment-config 'RollingUpdatePolicy={MaximumBatchSize={Type=INSTANCE_COUNT,Value=1}},WaitIntervalInSeconds=60,AutoRollbackConfiguration=[{AlarmName=a}]'\n`;
      assert.deepEqual(findings(cli, 'shell'), []);
      assert.deepEqual(await familiesOf(cli, 'shell'), ['hyperpod-cluster']);
      const skeleton = `{"ClusterName": "c", "DeploymentConfig": {"RollingUpdatePolicy": {"MaximumBatchSize": {"Type": "CAPACITY_PERCENT", "Value": 10}}, "AutoRollbackConfiguration": [{"AlarmName": "a"}]}}`;
      assert.deepEqual(findings(skeleton, 'json'), [at(skeleton, '"CAPACITY_PERCENT"', 'invalid-enum')]);
    });
  });

  describe('a bare config: the family from its content only when unambiguous', () => {
    it('COPY_COUNT makes it an inference component, a top-level wait or bare alarm list HyperPod, a blue/green policy an endpoint', async () => {
      assert.deepEqual(await familiesOf('{"RollingUpdatePolicy": {"MaximumBatchSize": {"Type": "COPY_COUNT", "Value": 1}, "WaitIntervalInSeconds": 60}}', 'json'), ['inference-component']);
      assert.deepEqual(await familiesOf('{"RollingUpdatePolicy": {"MaximumBatchSize": {"Type": "INSTANCE_COUNT", "Value": 1}}, "WaitIntervalInSeconds": 60}', 'json'), ['hyperpod-cluster']);
      assert.deepEqual(await familiesOf('{"RollingUpdatePolicy": {"MaximumBatchSize": {"Type": "INSTANCE_COUNT", "Value": 1}}, "AutoRollbackConfiguration": [{"AlarmName": "a"}]}', 'json'), ['hyperpod-cluster']);
      assert.deepEqual(await familiesOf('{"BlueGreenUpdatePolicy": {"TrafficRoutingConfiguration": {"Type": "ALL_AT_ONCE", "WaitIntervalInSeconds": 60}}}', 'json'), ['endpoint']);
      assert.deepEqual(await familiesOf('{"RollingUpdatePolicy": {"MaximumBatchSize": {"Type": "CAPACITY_PERCENT", "Value": 10}, "WaitIntervalInSeconds": 60}}', 'json'), [undefined]);
    });

    it('reports only what is wrong in every family the content allows', () => {
      // Endpoint or HyperPod: the missing wait is an error only for endpoints; the unknown key and the missing alarms everywhere.
      const text = '{"RollingUpdatePolicy": {"MaximumBatchSize": {"Type": "INSTANCE_COUNT", "Value": 1}, "Bogus": 1}}';
      assert.deepEqual(findings(text, 'json'), [at(text, '"RollingUpdatePolicy"', 'no-rollback-alarms'), at(text, '"Bogus"', 'unknown-key')]);
      assert.equal(check(text, 'json')[0]!.family, undefined);
      // HyperPod's spelling in a bare config: valid there, so not reported (the missing alarms are, in every family).
      const hyperPod = '{"RollingUpdatePolicy": {"MaximumBatchSize": {"Type": "CAPACITY_PERCENTAGE", "Value": 10}}}';
      assert.deepEqual(findings(hyperPod, 'json'), [at(hyperPod, '"RollingUpdatePolicy"', 'no-rollback-alarms')]);
      // 60% is too much for endpoints and inference components alike.
      const both = '{"RollingUpdatePolicy": {"MaximumBatchSize": {"Type": "CAPACITY_PERCENT", "Value": 60}, "WaitIntervalInSeconds": 60}, "AutoRollbackConfiguration": {"Alarms": [{"AlarmName": "a"}]}}';
      assert.deepEqual(findings(both, 'json'), [at(both, '60', 'rolling-batch-size')]);
    });
  });

  describe('a bare config whose signs contradict (wrong in every family)', () => {
    it('a blue/green policy with a bare alarm list is an endpoint config: the list and a misspelled key are reported (botocore: 4 of 1,500 generated cases were silent before)', async () => {
      const text = '{"BlueGreenUpdatePolicy": {"TrafficRoutingConfiguration": {"Type": "CANARY", "WaitIntervalInSeconds": 600, "CanarySizes": {"Type": "CAPACITY_PERCENT", "Value": 10}}, "MaximumExecutionTimeoutInSeconds": 3600}, "AutoRollbackConfiguration": [{"Alarms": [{"AlarmName": "a"}]}]}';
      assert.deepEqual(await familiesOf(text, 'json'), ['endpoint']);
      assert.deepEqual(findings(text, 'json'), [at(text, '"CANARY"', 'size-mode-mismatch'), at(text, '"CanarySizes"', 'unknown-key'), at(text, '[{"Alarms": [{"AlarmName": "a"}]}]', 'wrong-type')]);
      // A top-level wait too (two HyperPod signs): the blue/green policy still decides.
      const twoSlips = text.replace('{"BlueGreenUpdatePolicy"', '{"WaitIntervalInSeconds": 60, "BlueGreenUpdatePolicy"');
      assert.deepEqual(await familiesOf(twoSlips, 'json'), ['endpoint']);
      assert.ok(findings(twoSlips, 'json').includes(at(twoSlips, '"WaitIntervalInSeconds"', 'unknown-key')));
    });

    it('otherwise the family most signs tell; a tie checks every family and reports what is wrong in all', async () => {
      // HyperPod's top-level wait and bare list, with an inference component's COPY_COUNT: HyperPod, whose sizes have no COPY_COUNT.
      const hyperPod = '{"RollingUpdatePolicy": {"MaximumBatchSize": {"Type": "COPY_COUNT", "Value": 1}}, "WaitIntervalInSeconds": 60, "AutoRollbackConfiguration": [{"AlarmName": "a"}]}';
      assert.deepEqual(await familiesOf(hyperPod, 'json'), ['hyperpod-cluster']);
      assert.deepEqual(findings(hyperPod, 'json'), [at(hyperPod, '"COPY_COUNT"', 'invalid-enum')]);
      // COPY_COUNT against a bare list, one sign each: undecided, as before.
      const tie = '{"RollingUpdatePolicy": {"MaximumBatchSize": {"Type": "COPY_COUNT", "Value": 1}, "Bogus": 1}, "AutoRollbackConfiguration": [{"AlarmName": "a"}]}';
      assert.deepEqual(await familiesOf(tie, 'json'), [undefined]);
      assert.deepEqual(findings(tie, 'json'), [at(tie, '"Bogus"', 'unknown-key')]);
    });
  });

  describe('both policies', () => {
    it('keeps conflicting-policies and still checks the blue/green timeout on its own', () => {
      const text = `{
  "BlueGreenUpdatePolicy": {"TrafficRoutingConfiguration": {"Type": "ALL_AT_ONCE", "WaitIntervalInSeconds": 900}, "MaximumExecutionTimeoutInSeconds": 600},
  "RollingUpdatePolicy": {"MaximumBatchSize": {"Type": "CAPACITY_PERCENT", "Value": 50}, "WaitIntervalInSeconds": 600, "MaximumExecutionTimeoutInSeconds": 900},
  "AutoRollbackConfiguration": {"Alarms": [{"AlarmName": "a"}]}
}`;
      assert.deepEqual(findings(text, 'json'), [
        atIn(text, '"MaximumExecutionTimeoutInSeconds": 600}', '600', 'timeout-too-short'),
        at(text, '"RollingUpdatePolicy"', 'conflicting-policies'),
        atIn(text, '"MaximumExecutionTimeoutInSeconds": 900}', '900', 'timeout-too-short'),
      ]);
    });
  });
});

describe('hover and completion per family', () => {
  async function atCursor(marked: string, kind: DocumentKind) {
    const offset = marked.indexOf('|');
    const text = marked.slice(0, offset) + marked.slice(offset + 1);
    const analysis = analyzeDocument(text, kind, { parsers: await parsersReady() });
    return { text, offset, blocks: analysis.blocks };
  }

  it("hover reads the family's schema and says the family", async () => {
    const { offset, blocks } = await atCursor(IC_SAMPLE.replace('"MaximumBatchSize": {"Type"', '"MaximumBatch|Size": {"Type"'), 'python');
    const hover = hoverAt(blocks, offset)!;
    assert.match(hover.markdown, /guardrail: 5-50% of the copy count/);
    assert.match(hover.markdown, /How many model copies each batch replaces/);
    assert.match(hover.markdown, /\*\*In this config:\*\* 1 copy of 4 per batch; 4 baking periods of 5 min\./);
    assert.match(hover.markdown, /_Inference component DeploymentConfig \(UpdateInferenceComponent\)\._/);
    const typeHover = hoverAt((await atCursor(IC_SAMPLE.replace('"COPY_COUNT"', '"COPY|_COUNT"'), 'python')).blocks, (await atCursor(IC_SAMPLE.replace('"COPY_COUNT"', '"COPY|_COUNT"'), 'python')).offset)!;
    assert.match(typeHover.markdown, /\*\*COPY_COUNT\*\*/);
    assert.match(typeHover.markdown, /number of model copies/);
    const hyperPod = await atCursor(HP_SAMPLE.replace('"WaitIntervalInSeconds": 120', '"WaitInterval|InSeconds": 120'), 'python');
    const waitHover = hoverAt(hyperPod.blocks, hyperPod.offset)!;
    assert.match(waitHover.markdown, /at the top level of a HyperPod DeploymentConfig/);
    assert.match(waitHover.markdown, /_HyperPod cluster DeploymentConfig/);
  });

  it('hover on an undecided config says nothing told the family', async () => {
    const { offset, blocks } = await atCursor('{"RollingUpdatePolicy": {"MaximumBatchSize": {"Type": "CAPACITY_PERCENT", "Value": 10}, "WaitInterval|InSeconds": 60}}', 'json');
    assert.match(hoverAt(blocks, offset)!.markdown, /nothing around it says which API it is for \(endpoint, inference component\)/);
  });

  it("completes the family's enum values: no INSTANCE_COUNT for an inference component, CAPACITY_PERCENTAGE for HyperPod", async () => {
    const ic = await atCursor(IC_SAMPLE.replace('"COPY_COUNT"', '"|COPY_COUNT"'), 'python');
    assert.deepEqual(completionsAt(ic.text, 'python', ic.blocks, ic.offset).map((c) => c.label), ['COPY_COUNT', 'CAPACITY_PERCENT']);
    const hp = await atCursor(HP_SAMPLE.replace('"INSTANCE_COUNT"', '"|INSTANCE_COUNT"'), 'python');
    assert.deepEqual(completionsAt(hp.text, 'python', hp.blocks, hp.offset).map((c) => c.label), ['INSTANCE_COUNT', 'CAPACITY_PERCENTAGE']);
  });

  it('completes the keys of the family: no BlueGreenUpdatePolicy for an inference component, the top-level wait for HyperPod', async () => {
    const ic = await atCursor('sm.update_inference_component(InferenceComponentName="ic", DeploymentConfig={"|"})\n', 'python');
    const icLabels = completionsAt(ic.text, 'python', ic.blocks, ic.offset).map((c) => c.label);
    assert.ok(icLabels.includes('RollingUpdatePolicy'), icLabels.join());
    assert.ok(!icLabels.includes('BlueGreenUpdatePolicy'), icLabels.join());
    const hp = await atCursor('sm.update_cluster_software(ClusterName="c", DeploymentConfig={"RollingUpdatePolicy": {"MaximumBatchSize": {"Type": "INSTANCE_COUNT", "Value": 1}}, |})\n', 'python');
    const hpLabels = completionsAt(hp.text, 'python', hp.blocks, hp.offset).map((c) => c.label);
    assert.deepEqual(hpLabels.filter((l) => !l.startsWith('DeploymentConfig:')).sort(), ['AutoRollbackConfiguration', 'WaitIntervalInSeconds']);
  });

  it("offers the family's whole-config snippet after DeploymentConfig=", async () => {
    const ic = await atCursor('sm.update_inference_component(InferenceComponentName="ic", DeploymentConfig=|)\n', 'python');
    const entries = completionsAt(ic.text, 'python', ic.blocks, ic.offset);
    assert.deepEqual(entries.map((e) => e.label), ['DeploymentConfig: rolling']);
    assert.match(entries[0]!.insertText, /"COPY_COUNT"/);
    const hp = await atCursor("aws sagemaker update-cluster-software --cluster-name c --deployment-config |\n", 'shell');
    const hpEntries = completionsAt(hp.text, 'shell', hp.blocks, hp.offset);
    assert.match(hpEntries[0]!.insertText, /"AutoRollbackConfiguration": \[\{"AlarmName"/);
    assert.match(hpEntries[0]!.insertText, /"WaitIntervalInSeconds": \$\{3:300\}/);
  });
});

describe('look-alikes stay silent', () => {
  before(async () => {
    await parsersReady();
  });

  it('edge deployment plans: Stages[].DeploymentConfig with FailureHandlingPolicy (Python, JSON)', () => {
    const python = `sm.create_edge_deployment_plan(
    EdgeDeploymentPlanName="plan",
    ModelConfigs=[{"ModelHandle": "m", "EdgePackagingJobName": "job"}],
    DeviceFleetName="fleet",
    Stages=[{
        "StageName": "canary",
        "DeviceSelectionConfig": {"DeviceSubsetType": "PERCENTAGE", "Percentage": 10},
        "DeploymentConfig": {"FailureHandlingPolicy": "ROLLBACK_ON_FAILURE"},
    }],
)
`;
    assert.deepEqual(findings(python, 'python'), []);
    const json = `{"EdgeDeploymentPlanName": "plan", "Stages": [{"StageName": "s", "DeploymentConfig": {"FailureHandlingPolicy": "DO_NOTHING"}}]}`;
    assert.deepEqual(findings(json, 'json'), []);
    const stageOnly = `stage = {"DeploymentConfig": {"FailureHandlingPolicy": "DO_NOTHING"}}\n`;
    assert.deepEqual(findings(stageOnly, 'python'), []);
  });

  it("JumpStart's set_deployment_config(name, instance_type)", () => {
    const text = `from sagemaker.jumpstart.model import JumpStartModel
model = JumpStartModel(model_id="meta-textgeneration-llama-3-8b")
model.set_deployment_config(config_name="lmi-optimized", instance_type="ml.g5.12xlarge")
configs = model.list_deployment_configs()
`;
    assert.deepEqual(findings(text, 'python'), []);
  });

  it('other commands with a --deployment-config flag, and aws commands that take none', () => {
    const text = `aws deploy create-deployment --application-name app --deployment-config-name CodeDeployDefault.OneAtATime
aws deploy create-deployment-config --deployment-config-name half --minimum-healthy-hosts type=FLEET_PERCENT,value=50
mytool rollout --deployment-config '{"RollingUpdatePolicy": {"Strategy": "surge"}}'
aws sagemaker create-edge-deployment-plan --edge-deployment-plan-name p --deployment-config '{"FailureHandlingPolicy": "DO_NOTHING"}'
aws ecs update-service --deployment-configuration 'maximumPercent=200'
`;
    assert.deepEqual(findings(text, 'shell'), []);
    // The same value under aws sagemaker update-endpoint is checked (with global options before the service).
    const ours = `aws --region us-east-1 --output json sagemaker update-endpoint --endpoint-name e --deployment-config '{"RollingUpdatePolicy": {"Strategy": "surge"}}'\n`;
    assert.deepEqual(findings(ours, 'shell').map((f) => f.split(' ')[1]), ['missing-key', 'missing-key', 'no-rollback-alarms', 'unknown-key']);
  });

  it('CloudFormation: a HyperPod cluster resource and an edge plan in one JSON template', async () => {
    const template = `{
  "AWSTemplateFormatVersion": "2010-09-09",
  "Resources": {
    "Cluster": {
      "Type": "AWS::SageMaker::Cluster",
      "Properties": {
        "ClusterName": "c",
        "InstanceGroups": [{
          "InstanceGroupName": "g",
          "InstanceCount": 4,
          "ScheduledUpdateConfig": {
            "ScheduleExpression": "cron(0 3 ? * SUN *)",
            "DeploymentConfig": {
              "RollingUpdatePolicy": {"MaximumBatchSize": {"Type": "CAPACITY_PERCENTAGE", "Value": 50}},
              "WaitIntervalInSeconds": 300,
              "AutoRollbackConfiguration": [{"AlarmName": "node-health"}]
            }
          }
        }]
      }
    }
  }
}`;
    assert.deepEqual(findings(template, 'json'), []);
    assert.deepEqual(await familiesOf(template, 'json'), ['hyperpod-cluster']);
  });
});

describe('conversions per family', () => {
  it('offers no strategy conversion for inference components and HyperPod clusters (rolling only)', async () => {
    const parsers = await parsersReady();
    for (const sample of [IC_SAMPLE, HP_SAMPLE]) {
      const [block] = analyzeDocument(sample, 'python', { parsers }).blocks;
      assert.deepEqual(conversionTargets(block!), []);
    }
    const endpoint = IC_SAMPLE.replace('update_inference_component', 'update_endpoint').replace(/"COPY_COUNT"/g, '"INSTANCE_COUNT"');
    const [block] = analyzeDocument(endpoint, 'python', { parsers }).blocks;
    assert.deepEqual(conversionTargets(block!), ['ALL_AT_ONCE', 'CANARY', 'LINEAR']);
  });
});

describe('notebooks: families in cells and in `!aws` commands continued over lines', () => {
  it('checks an inference component update and its `!aws` twin written over several lines', async () => {
    const parsers = await parsersReady();
    const cells = [
      { kind: 'code' as const, text: 'copies = 4\nsm.update_inference_component(InferenceComponentName="ic", RuntimeConfig={"CopyCount": 4}, DeploymentConfig={\n    "RollingUpdatePolicy": {"MaximumBatchSize": {"Type": "COPY_COUNT", "Value": 3}, "WaitIntervalInSeconds": 60},\n    "AutoRollbackConfiguration": {"Alarms": [{"AlarmName": "a"}]},\n})' },
      { kind: 'code' as const, text: "!aws sagemaker update-inference-component \\\n    --inference-component-name ic \\\n    --deployment-config 'RollingUpdatePolicy={MaximumBatchSize={Type=INSTANCE_COUNT,Value=1},WaitIntervalInSeconds=60},AutoRollbackConfiguration={Alarms=[{AlarmName=a}]}'\nprint('done')" },
    ];
    const analysis = analyzeNotebook(cells, { parsers });
    assert.deepEqual(analysis.blocks.map((b) => b.family), ['inference-component', 'inference-component']);
    const result = finalizeFindings([...analysis.findings, ...checkBlocks(analysis.blocks)]);
    const located = result.map((f) => {
      const cell = analysis.cellStarts.reduce((found, start, i) => (start >= 0 && start <= f.span.offset ? i : found), -1);
      const local = f.span.offset - analysis.cellStarts[cell]!;
      return [cell, f.code, cells[cell]!.text.slice(local, local + f.span.length)];
    });
    assert.deepEqual(located, [
      [0, 'rolling-batch-size', '3'],
      [1, 'invalid-enum', 'INSTANCE_COUNT'],
    ]);
  });
});
