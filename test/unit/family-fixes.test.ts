// Quick fixes for the dialect traps between the three DeploymentConfig families: the other
// family's enum spelling, the alarm list wrapped or bare, WaitIntervalInSeconds at the other level,
// and AutoRollbackConfiguration= passed as its own argument. Each fix is applied and the result checked again.
import { strict as assert } from 'node:assert';
import { checkDocument, type DocumentKind, type SyntaxParsers } from '../../server/src/core/check';
import { fixAllRounds, quickFixes, type Fix } from '../../server/src/core/edits/fixes';
import { applyEdits } from '../../server/src/core/edits/text-edit';
import type { RuleCode } from '../../server/src/core/model';
import { parsersReady } from './helpers/findings';

let parsers: SyntaxParsers;
const analyze = (text: string, kind: DocumentKind) => checkDocument(text, kind, { parsers });
const codes = (text: string, kind: DocumentKind): string[] => analyze(text, kind).findings.map((f) => f.code);

function fixesFor(text: string, kind: DocumentKind, code: RuleCode): Fix[] {
  const analysis = analyze(text, kind);
  const finding = analysis.findings.find((f) => f.code === code);
  assert.ok(finding, `no ${code} finding in:\n${text}\nfindings: ${analysis.findings.map((f) => f.code).join(', ')}`);
  return quickFixes(text, kind, analysis, finding);
}

function applyPreferred(text: string, kind: DocumentKind, code: RuleCode): { title: string; text: string } {
  const chosen = fixesFor(text, kind, code).find((f) => f.isPreferred);
  assert.ok(chosen, `no preferred fix for ${code}`);
  return { title: chosen.title, text: applyEdits(text, chosen.edits) };
}

describe('quick fixes for the dialect traps', () => {
  before(async () => {
    parsers = await parsersReady();
  });

  it("INSTANCE_COUNT in an inference component becomes COPY_COUNT, keeping the quotes", () => {
    const text = `sm.update_inference_component(InferenceComponentName="ic", DeploymentConfig={
    'RollingUpdatePolicy': {'MaximumBatchSize': {'Type': 'INSTANCE_COUNT', 'Value': 1}, 'WaitIntervalInSeconds': 60},
    'AutoRollbackConfiguration': {'Alarms': [{'AlarmName': 'a'}]},
})
`;
    const fixed = applyPreferred(text, 'python', 'invalid-enum');
    assert.equal(fixed.title, 'Change to COPY_COUNT');
    assert.equal(fixed.text, text.replace("'INSTANCE_COUNT'", "'COPY_COUNT'"));
    assert.deepEqual(codes(fixed.text, 'python'), []);
  });

  it('CAPACITY_PERCENT in a HyperPod config becomes CAPACITY_PERCENTAGE, and back for an endpoint', () => {
    const hyperPod = `aws sagemaker update-cluster-software --cluster-name c --deployment-config '{"RollingUpdatePolicy": {"MaximumBatchSize": {"Type": "CAPACITY_PERCENT", "Value": 25}}, "AutoRollbackConfiguration": [{"AlarmName": "a"}]}'\n`;
    const fixed = applyPreferred(hyperPod, 'shell', 'invalid-enum');
    assert.equal(fixed.text, hyperPod.replace('"CAPACITY_PERCENT"', '"CAPACITY_PERCENTAGE"'));
    assert.deepEqual(codes(fixed.text, 'shell'), []);
    const endpoint = `aws sagemaker update-endpoint --endpoint-name e --deployment-config '{"RollingUpdatePolicy": {"MaximumBatchSize": {"Type": "COPY_COUNT", "Value": 1}, "WaitIntervalInSeconds": 60}, "AutoRollbackConfiguration": {"Alarms": [{"AlarmName": "a"}]}}'\n`;
    assert.equal(applyPreferred(endpoint, 'shell', 'invalid-enum').text, endpoint.replace('"COPY_COUNT"', '"INSTANCE_COUNT"'));
  });

  it('unwraps {"Alarms": [...]} for HyperPod and wraps a bare list for an endpoint', () => {
    const hyperPod = `{"ClusterName": "c", "DeploymentConfig": {"RollingUpdatePolicy": {"MaximumBatchSize": {"Type": "INSTANCE_COUNT", "Value": 1}}, "AutoRollbackConfiguration": {"Alarms": [{"AlarmName": "a"}]}}}`;
    const unwrapped = applyPreferred(hyperPod, 'json', 'wrong-type');
    assert.equal(unwrapped.title, 'Unwrap the alarm list (HyperPod takes a bare list)');
    assert.equal(unwrapped.text, hyperPod.replace('{"Alarms": [{"AlarmName": "a"}]}', '[{"AlarmName": "a"}]'));
    assert.deepEqual(codes(unwrapped.text, 'json'), []);
    const endpoint = `sm.update_endpoint(EndpointName="e", EndpointConfigName="c", DeploymentConfig={
    "RollingUpdatePolicy": {"MaximumBatchSize": {"Type": "CAPACITY_PERCENT", "Value": 20}, "WaitIntervalInSeconds": 60},
    "AutoRollbackConfiguration": [{"AlarmName": "a"}],
})
`;
    const wrapped = applyPreferred(endpoint, 'python', 'wrong-type');
    assert.equal(wrapped.text, endpoint.replace('[{"AlarmName": "a"}]', '{"Alarms": [{"AlarmName": "a"}]}'));
    assert.deepEqual(codes(wrapped.text, 'python'), []);
  });

  it('moves WaitIntervalInSeconds to the top level for HyperPod, into the policy for an inference component', () => {
    const hyperPod = `client.update_cluster_software(
    ClusterName="c",
    DeploymentConfig={
        "RollingUpdatePolicy": {
            "MaximumBatchSize": {"Type": "INSTANCE_COUNT", "Value": 1},
            "WaitIntervalInSeconds": 120,
        },
        "AutoRollbackConfiguration": [{"AlarmName": "a"}],
    },
)
`;
    const moved = applyPreferred(hyperPod, 'python', 'unknown-key');
    assert.equal(moved.title, 'Move WaitIntervalInSeconds to the top level');
    assert.equal(
      moved.text,
      hyperPod.replace('            "WaitIntervalInSeconds": 120,\n', '').replace('        },\n        "AutoRollbackConfiguration"', '        },\n        "WaitIntervalInSeconds": 120,\n        "AutoRollbackConfiguration"'),
    );
    assert.deepEqual(codes(moved.text, 'python'), []);
    const ic = `{"InferenceComponentName": "ic", "DeploymentConfig": {"RollingUpdatePolicy": {"MaximumBatchSize": {"Type": "COPY_COUNT", "Value": 1}}, "WaitIntervalInSeconds": 300, "AutoRollbackConfiguration": {"Alarms": [{"AlarmName": "a"}]}}}`;
    const into = applyPreferred(ic, 'json', 'unknown-key');
    assert.equal(into.title, 'Move WaitIntervalInSeconds to RollingUpdatePolicy');
    assert.equal(into.text, `{"InferenceComponentName": "ic", "DeploymentConfig": {"RollingUpdatePolicy": {"MaximumBatchSize": {"Type": "COPY_COUNT", "Value": 1}, "WaitIntervalInSeconds": 300}, "AutoRollbackConfiguration": {"Alarms": [{"AlarmName": "a"}]}}}`);
    assert.deepEqual(codes(into.text, 'json'), []);
  });

  describe('misplaced-argument', () => {
    it('moves AutoRollbackConfiguration= into the DeploymentConfig dict of the same call', () => {
      const text = `sm.update_endpoint(
    EndpointName="e",
    EndpointConfigName="c",
    DeploymentConfig={
        "RollingUpdatePolicy": {"MaximumBatchSize": {"Type": "CAPACITY_PERCENT", "Value": 20}, "WaitIntervalInSeconds": 60},
    },
    AutoRollbackConfiguration={"Alarms": [{"AlarmName": "a"}]},
)
`;
      const found = analyze(text, 'python').findings;
      assert.deepEqual(found.map((f) => f.code), ['no-rollback-alarms', 'misplaced-argument']);
      const misplaced = found[1]!;
      assert.equal(text.slice(misplaced.span.offset, misplaced.span.offset + misplaced.span.length), 'AutoRollbackConfiguration');
      assert.match(misplaced.message, /update_endpoint\(\) has no AutoRollbackConfiguration parameter: botocore rejects it/);
      const fixed = applyPreferred(text, 'python', 'misplaced-argument');
      assert.equal(fixed.title, 'Move AutoRollbackConfiguration into DeploymentConfig');
      assert.equal(
        fixed.text,
        `sm.update_endpoint(
    EndpointName="e",
    EndpointConfigName="c",
    DeploymentConfig={
        "RollingUpdatePolicy": {"MaximumBatchSize": {"Type": "CAPACITY_PERCENT", "Value": 20}, "WaitIntervalInSeconds": 60},
        "AutoRollbackConfiguration": {"Alarms": [{"AlarmName": "a"}]},
    },
)
`,
      );
      assert.deepEqual(codes(fixed.text, 'python'), []);
    });

    it('moves it into a dict bound to a name, and wraps it when the call has no DeploymentConfig', () => {
      const named = `cfg = {"RollingUpdatePolicy": {"MaximumBatchSize": {"Type": "COPY_COUNT", "Value": 1}, "WaitIntervalInSeconds": 60}}
sm.update_inference_component(InferenceComponentName="ic", DeploymentConfig=cfg, AutoRollbackConfiguration={"Alarms": [{"AlarmName": "a"}]})
`;
      const fixed = applyPreferred(named, 'python', 'misplaced-argument');
      assert.equal(
        fixed.text,
        `cfg = {"RollingUpdatePolicy": {"MaximumBatchSize": {"Type": "COPY_COUNT", "Value": 1}, "WaitIntervalInSeconds": 60}, "AutoRollbackConfiguration": {"Alarms": [{"AlarmName": "a"}]}}
sm.update_inference_component(InferenceComponentName="ic", DeploymentConfig=cfg)
`,
      );
      assert.deepEqual(codes(fixed.text, 'python'), []);
      const alone = `sm.update_endpoint(EndpointName="e", EndpointConfigName="c", AutoRollbackConfiguration={'Alarms': [{'AlarmName': 'a'}]})\n`;
      const wrapped = applyPreferred(alone, 'python', 'misplaced-argument');
      assert.equal(wrapped.text, `sm.update_endpoint(EndpointName="e", EndpointConfigName="c", DeploymentConfig={'AutoRollbackConfiguration': {'Alarms': [{'AlarmName': 'a'}]}})\n`);
      assert.deepEqual(codes(wrapped.text, 'python'), []);
    });

    it('is not reported for calls that are not SageMaker updates', () => {
      assert.deepEqual(codes('configure(AutoRollbackConfiguration={"Alarms": []})\n', 'python'), []);
    });
  });

  it('fix all repairs a HyperPod config written the endpoint way', () => {
    const text = `client.update_cluster_software(
    ClusterName="c",
    DeploymentConfig={
        "RollingUpdatePolicy": {
            "MaximumBatchSize": {"Type": "CAPACITY_PERCENT", "Value": 25},
            "WaitIntervalInSeconds": 120,
        },
        "AutoRollbackConfiguration": {"Alarms": [{"AlarmName": "a"}]},
    },
)
`;
    const result = fixAllRounds(text, 'python', (t) => analyze(t, 'python'));
    assert.deepEqual(result.after.findings.map((f) => f.code), []);
    assert.equal(
      result.text,
      `client.update_cluster_software(
    ClusterName="c",
    DeploymentConfig={
        "RollingUpdatePolicy": {
            "MaximumBatchSize": {"Type": "CAPACITY_PERCENTAGE", "Value": 25},
        },
        "WaitIntervalInSeconds": 120,
        "AutoRollbackConfiguration": [{"AlarmName": "a"}],
    },
)
`,
    );
  });

  it("adds missing keys in the family's own terms: a rolling policy for an inference component, CAPACITY_PERCENTAGE for HyperPod", () => {
    const ic = `{"InferenceComponentName": "ic", "DeploymentConfig": {"AutoRollbackConfiguration": {"Alarms": [{"AlarmName": "a"}]}}}`;
    const added = applyPreferred(ic, 'json', 'missing-key');
    assert.equal(added.title, 'Add RollingUpdatePolicy ({...})');
    assert.equal(
      added.text,
      `{"InferenceComponentName": "ic", "DeploymentConfig": {"RollingUpdatePolicy": {"MaximumBatchSize": {"Type": "CAPACITY_PERCENT", "Value": 20}, "WaitIntervalInSeconds": 600}, "AutoRollbackConfiguration": {"Alarms": [{"AlarmName": "a"}]}}}`,
    );
    assert.deepEqual(codes(added.text, 'json'), []);
    const hyperPod = `{"ClusterName": "c", "DeploymentConfig": {"RollingUpdatePolicy": {"MaximumBatchSize": {"Value": 25}}, "AutoRollbackConfiguration": [{"AlarmName": "a"}]}}`;
    const typed = applyPreferred(hyperPod, 'json', 'missing-key');
    assert.equal(typed.text, hyperPod.replace('{"Value": 25}', '{"Type": "CAPACITY_PERCENTAGE", "Value": 25}'));
    assert.deepEqual(codes(typed.text, 'json'), []);
  });
});
