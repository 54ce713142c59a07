// The JSON host finds configs with one scan and parses only them; any text the scan does not
// vouch for goes to the whole-document tree. Both must give the same blocks (same spans, values,
// fleet size, dialect) on real files and on every broken variant of them.
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { filesUnder } from './helpers/files';
import { join } from 'node:path';
import { extractJsonBlocks, extractJsonBlocksFromTree } from '../../server/src/core/hosts/json';

const root = join(__dirname, '..', '..', '..');

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
  'runs of plain members and items (nested two and three levels, trailing commas, the keys the scan reads inside)': `{"Requests": [{"EndpointName": "e", "Tags": [{"Key": "a", "Value": "b", "Extra": {"w": 0.5, "on": true, "n": null, "l": [1, -2e-3, "x"],}}, {"Key": "c", "Deep": {"a": {"b": {"c": [[[]]]}}}}], "Inner": {"x": {"CopyCount": 2}}, "RuntimeConfig": {"CopyCount": 3, "Nested": {"k": [1, 2]}}, "DeploymentConfig": {"RollingUpdatePolicy": {"MaximumBatchSize": {"Type": "CAPACITY_PERCENT", "Value": 50}}}, "After": [{"InitialInstanceCount": 4}, {"a": [1]}]}]}`,
  'runs ending at what the loop must read (array trailing comma, comment, escape, bad number)': `[{"a": [1, 2,], "DeploymentConfig": {}}, {"b": {"c": 1, /* c */ "d": 2}, "DeploymentConfig": {}}, {"e": ["\\u0041", 01], "DeploymentConfig": {}}]`,
  'intrinsic functions as a config and inside one (not a template)': `[{"EndpointName": "e", "DeploymentConfig": {"Fn::If": ["c", {"RollingUpdatePolicy": {}}, {"Ref": "AWS::NoValue"}]}}, {"EndpointName": "f", "DeploymentConfig": {"RollingUpdatePolicy": {"MaximumBatchSize": {"Fn::Sub": "x"}, "WaitIntervalInSeconds": {"Ref": "W"}}}}]`,
  'values nested deeper than a config is read (40 levels)': `{"EndpointName": "e", "DeploymentConfig": {"RollingUpdatePolicy": {"x": ${'['.repeat(40)}1, "s\\u0041", {"a": 2.50, "b": -0, "c": 1E+2}${']'.repeat(40)}}, "AutoRollbackConfiguration": {"Alarms": [{"AlarmName": "a\\"b"}]}}}`,
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
    const files = [...filesUnder(join(root, 'test', 'fixtures'), /\.jsonc?$/), ...filesUnder(join(root, 'examples'), /\.jsonc?$/)];
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

  it('gives the whole-document answer on random documents and random edits of them (fixed seed)', () => {
    let seed = 20261130;
    const random = (): number => {
      // mulberry32
      seed = (seed + 0x6d2b79f5) | 0;
      let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
      t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
    const pick = <T,>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
    const KEYS = ['DeploymentConfig', 'EndpointName', 'InferenceComponentName', 'ClusterName', 'ScheduledUpdateConfig', 'InstanceCount', 'InitialInstanceCount', 'RuntimeConfig', 'CopyCount', 'Type', 'Properties', 'Tags', 'Key', 'StageName', 'Deployment\\u0043onfig', 'RollingUpdatePolicy', 'BlueGreenUpdatePolicy', 'x'];
    const SCALARS = ['1', '4', '0', '-1', '2.5', '1e2', '"s"', '"AWS::SageMaker::InferenceComponent"', '"AWS::SageMaker::Endpoint"', '"COPY_COUNT"', 'true', 'false', 'null', '"a\\"b"', '"\\u00e9"'];
    const blank = (): string => pick(['', '', ' ', '\n  ', ' /* c */ ', '\n// c\n']);
    const value = (depth: number): string => {
      const r = random();
      if (depth > 4 || r < 0.35) return pick(SCALARS);
      if (r < 0.55) return `[${Array.from({ length: Math.floor(random() * 4) }, () => blank() + value(depth + 1)).join(',')}${blank()}]`;
      const members = Array.from({ length: Math.floor(random() * 5) }, () => `${blank()}"${pick(KEYS)}"${blank()}:${blank()}${value(depth + 1)}`);
      return `{${members.join(',')}${random() < 0.1 ? ',' : ''}${blank()}}`;
    };
    for (let n = 0; n < 400; n++) {
      const text = value(0);
      assertSame(text, `random document ${n}: ${text}`);
      for (let edit = 0; edit < 6; edit++) {
        const at = Math.floor(random() * (text.length + 1));
        const edited = random() < 0.5 ? text.slice(0, at) + pick(['"', ',', '}', ']', '{', '[', ':', '/', '\\', ' ', '0', 'x']) + text.slice(at) : text.slice(0, at) + text.slice(at + 1);
        assertSame(edited, `random document ${n}, edit ${edit}: ${edited}`);
      }
    }
  });

  it('finds the config after an array of three million items (native matches are bounded, they never overflow)', () => {
    const config = '{"RollingUpdatePolicy": {"MaximumBatchSize": {"Type": "INSTANCE_COUNT", "Value": 1}}}';
    for (const filler of [`[${'1,'.repeat(3_000_000)}1]`, `[[${'"a",'.repeat(1_500_000)}"a"]]`]) {
      const text = `{"Data": ${filler}, "EndpointName": "e", "DeploymentConfig": ${config}}`;
      const blocks = extractJsonBlocks(text);
      assert.deepEqual(blocks.map((b) => [b.root.offset, b.root.length, b.family]), [[text.indexOf(config), config.length, 'endpoint']]);
    }
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
