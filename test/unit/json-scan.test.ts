// The JSON host finds configs with one scan and parses only them; any text the scan does not
// vouch for goes to the whole-document tree. Both must give the same blocks (same spans, values,
// fleet size, dialect) on real files and on every broken variant of them.
import { strict as assert } from 'node:assert';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { extractJsonBlocks, extractJsonBlocksFromTree } from '../../server/src/core/hosts/json';

const root = join(__dirname, '..', '..', '..');

function jsonFiles(dir: string): string[] {
  const found: string[] = [];
  for (const name of readdirSync(dir)) {
    const full = join(dir, name);
    if (statSync(full).isDirectory()) found.push(...jsonFiles(full));
    else if (/\.jsonc?$/.test(name)) found.push(full);
  }
  return found;
}

const SAMPLES: Record<string, string> = {
  'request with fleet size after the config': `{"EndpointName": "e", "DeploymentConfig": {"RollingUpdatePolicy": {"MaximumBatchSize": {"Type": "INSTANCE_COUNT", "Value": 3}, "WaitIntervalInSeconds": 60}}, "ProductionVariants": [{"InitialInstanceCount": 4}]}`,
  'jsonc with comments and trailing commas': `// deploy\n{\n  /* the config */ "DeploymentConfig": { // inline\n    "BlueGreenUpdatePolicy": {"TrafficRoutingConfiguration": {"Type": "ALL_AT_ONCE", "WaitIntervalInSeconds": 60,},},\n  },\n  "x": [1, 2.5e3, -0, true, false, null, "s\\"q\\u0041"],\n}\n`,
  'root config': `{"BlueGreenUpdatePolicy": {"TrafficRoutingConfiguration": {"Type": "CANARY"}}, "DeploymentConfig": {"RollingUpdatePolicy": {}}}`,
  'cloudformation': `{"AWSTemplateFormatVersion": "2010-09-09", "Resources": {"E": {"Properties": {"DeploymentConfig": {"BlueGreenUpdatePolicy": {"TrafficRoutingConfiguration": {"Type": {"Ref": "Mode"}}}}}}}}`,
  'nested and duplicate DeploymentConfig keys': `[{"DeploymentConfig": {"DeploymentConfig": {"RollingUpdatePolicy": {}}, "RollingUpdatePolicy": {}}}, {"DeploymentConfig": "not an object"}, {"DeploymentConfig": {"AutoRollbackConfiguration": {"Alarms": []}}, "DeploymentConfig": {}}]`,
  'escaped key': `{"Deployment\\u0043onfig": {"RollingUpdatePolicy": {"WaitIntervalInSeconds": 60.0}}, "InitialInstanceCount": 2.0}`,
  'deep nesting': `{"DeploymentConfig": {"RollingUpdatePolicy": ${'['.repeat(80)}${']'.repeat(80)}}, "a": 1}`,
  'inference component skeleton (family from the sibling key, copy count)': `{"InferenceComponentName": "ic", "RuntimeConfig": {"CopyCount": 4}, "DeploymentConfig": {"RollingUpdatePolicy": {"MaximumBatchSize": {"Type": "COPY_COUNT", "Value": 3}, "WaitIntervalInSeconds": 60}}}`,
  'HyperPod instance groups (family and group size from the ScheduledUpdateConfig)': `{"ClusterName": "c", "InstanceGroups": [{"InstanceGroupName": "g", "InstanceCount": 8, "ScheduledUpdateConfig": {"ScheduleExpression": "cron(0 3 ? * SUN *)", "DeploymentConfig": {"RollingUpdatePolicy": {"MaximumBatchSize": {"Type": "CAPACITY_PERCENTAGE", "Value": 25}}, "WaitIntervalInSeconds": 300}}}]}`,
  'edge deployment plan stages (not ours)': `{"EdgeDeploymentPlanName": "p", "Stages": [{"StageName": "s", "DeviceSelectionConfig": {}, "DeploymentConfig": {"FailureHandlingPolicy": "ROLLBACK_ON_FAILURE"}}]}`,
  'empty containers': `{"a": {}, "b": [], "c": [{}], "DeploymentConfig": {"RollingUpdatePolicy": {"MaximumBatchSize": {}}}}`,
  'resource type two objects out (not a template)': `[{"Type": "AWS::SageMaker::InferenceComponent", "Properties": {"EndpointName": "e", "DeploymentConfig": {"RollingUpdatePolicy": {"MaximumBatchSize": {"Type": "COPY_COUNT", "Value": 1}}}}}]`,
  'the holder read member by member (comments, escapes, nested values, a second RuntimeConfig)': `{\n  "Tags": [{"Key": "a", "Value": {"x": [1, {"y": "}"}]}}], // a comment with } and ]\n  "RuntimeConfig": 3, "RuntimeConfig": {"CopyCount": 2},\n  "Type": "AWS::SageMaker::\\u0045ndpoint" /* } */ ,\n  "Inference\\u0043omponentName": "ic",\n  "DeploymentConfig": {"RollingUpdatePolicy": {"MaximumBatchSize": {"Type": "COPY_COUNT", "Value": 1}}},\n  "After": [[], {}, "s", -1.5e3, true, null],\n}`,
  'copy count from the first RuntimeConfig, an InstanceCount that is no count': `[{"InferenceComponentName": "a", "RuntimeConfig": {"CopyCount": 2.5, "CopyCount": 3}, "DeploymentConfig": {"RollingUpdatePolicy": {}}}, {"ClusterName": "c", "InstanceGroups": [{"InstanceCount": "8", "ScheduledUpdateConfig": {"DeploymentConfig": {"RollingUpdatePolicy": {}}}}, {"InstanceCount": 1e1, "ScheduledUpdateConfig": {"DeploymentConfig": {"AutoRollbackConfiguration": []}}}]}]`,
};

/** Every block as comparable data (the tree of values with their spans). */
const plain = (text: string, extract: typeof extractJsonBlocks, base = 0) => JSON.parse(JSON.stringify(extract(text, base)));

function assertSame(text: string, what: string): void {
  assert.deepEqual(plain(text, extractJsonBlocks, 7), plain(text, extractJsonBlocksFromTree, 7), what);
}

describe('JSON host: one scan, then only the configs parsed', function () {
  this.timeout(120000);
  it('gives the whole-document answer on every JSON file of the fixtures and examples', () => {
    const files = [...jsonFiles(join(root, 'test', 'fixtures')), ...jsonFiles(join(root, 'examples'))];
    assert.ok(files.length >= 5);
    for (const file of files) assertSame(readFileSync(file, 'utf8'), file);
  });

  for (const [name, text] of Object.entries(SAMPLES)) {
    it(`gives the whole-document answer: ${name}`, () => {
      assert.ok(extractJsonBlocksFromTree(text).length > 0 || name === 'empty containers' || name.endsWith('(not ours)'), 'the sample holds a config');
      assertSame(text, name);
      if (name.startsWith('inference component')) assert.deepEqual(extractJsonBlocks(text).map((b) => [b.family, b.fleetSize]), [['inference-component', 4]]);
      if (name.startsWith('HyperPod')) assert.deepEqual(extractJsonBlocks(text).map((b) => [b.family, b.fleetSize]), [['hyperpod-cluster', 8]]);
      if (name.endsWith('(not ours)')) assert.deepEqual(extractJsonBlocks(text), []);
    });
  }

  it('finds the config and the fleet size that follows it', () => {
    const blocks = extractJsonBlocks(SAMPLES['request with fleet size after the config']!);
    assert.equal(blocks.length, 1);
    assert.equal(blocks[0]!.fleetSize, 4);
    assert.equal(blocks[0]!.root.offset, SAMPLES['request with fleet size after the config']!.indexOf('{"RollingUpdatePolicy"'));
  });

  it('gives the whole-document answer on every prefix and on broken variants of each sample', () => {
    for (const [name, text] of Object.entries(SAMPLES)) {
      for (let cut = 0; cut <= text.length; cut += 3) assertSame(text.slice(0, cut), `${name}, first ${cut} characters`);
      for (let at = 0; at < text.length; at += 5) {
        for (const insert of ['"', ',', '}', ']', '/', 'x', '\n', '{']) assertSame(text.slice(0, at) + insert + text.slice(at), `${name}, ${JSON.stringify(insert)} at ${at}`);
        assertSame(text.slice(0, at) + text.slice(at + 1), `${name}, character ${at} removed`);
      }
    }
  });
});
