// Strategy conversion on the real core: each host keeps its syntax and style, the result checks
// clean, drops are named in the title, and converting back keeps what both modes can express.
import { strict as assert } from 'node:assert';
import { checkDocument, type DocumentKind, type SyntaxParsers } from '../../server/src/core/check';
import { convertBlock, STRATEGIES } from '../../server/src/core/edits/convert';
import { applyEdits } from '../../server/src/core/edits/text-edit';
import type { Strategy } from '../../server/src/core/model';
import { parsersReady } from './helpers/findings';

let parsers: SyntaxParsers;
const analyze = (text: string, kind: DocumentKind) => checkDocument(text, kind, { parsers });

function convert(text: string, kind: DocumentKind, target: Strategy): { text: string; title: string } {
  const analysis = analyze(text, kind);
  assert.equal(analysis.blocks.length, 1, `one config expected in:\n${text}`);
  const conversion = convertBlock(text, analysis.blocks[0]!, target);
  assert.ok(conversion, `no conversion to ${target}`);
  return { text: applyEdits(text, conversion.edits), title: conversion.title };
}

const errorsOf = (text: string, kind: DocumentKind): string[] => analyze(text, kind).findings.filter((f) => f.severity === 'error').map((f) => f.code);

const python = `cfg = {
    'BlueGreenUpdatePolicy': {
        'TrafficRoutingConfiguration': {
            'Type': 'CANARY',
            'CanarySize': {'Type': 'CAPACITY_PERCENT', 'Value': 10},
            'WaitIntervalInSeconds': wait_seconds,  # bake
        },
        'TerminationWaitInSeconds': 300,
        'MaximumExecutionTimeoutInSeconds': 3600,
    },
    'AutoRollbackConfiguration': {'Alarms': [{'AlarmName': f'{endpoint}-5xx'}]},
}
sm.update_endpoint(EndpointName='e', EndpointConfigName='c', DeploymentConfig=cfg)
`;

const hosts: [string, DocumentKind, string][] = [
  ['Python', 'python', python],
  [
    'JSON',
    'json',
    `{
  "RollingUpdatePolicy": {
    "MaximumBatchSize": { "Type": "CAPACITY_PERCENT", "Value": 60 },
    "WaitIntervalInSeconds": 300,
    "RollbackMaximumBatchSize": { "Type": "CAPACITY_PERCENT", "Value": 100 }
  },
  "AutoRollbackConfiguration": { "Alarms": [{ "AlarmName": "a" }] }
}
`,
  ],
  ['CLI single-quoted JSON', 'shell', `aws sagemaker update-endpoint --endpoint-name e --endpoint-config-name c --deployment-config '{"BlueGreenUpdatePolicy":{"TrafficRoutingConfiguration":{"Type":"LINEAR","LinearStepSize":{"Type":"CAPACITY_PERCENT","Value":20},"WaitIntervalInSeconds":300},"TerminationWaitInSeconds":60},"AutoRollbackConfiguration":{"Alarms":[{"AlarmName":"it'\\''s"}]}}'\n`],
  ['CLI double-quoted JSON', 'shell', `aws sagemaker update-endpoint --endpoint-name e --endpoint-config-name c --deployment-config "{\\"BlueGreenUpdatePolicy\\": {\\"TrafficRoutingConfiguration\\": {\\"Type\\": \\"ALL_AT_ONCE\\", \\"WaitIntervalInSeconds\\": 600}}, \\"AutoRollbackConfiguration\\": {\\"Alarms\\": [{\\"AlarmName\\": \\"a\\"}]}}"\n`],
  ['CLI shorthand', 'shell', `aws sagemaker update-endpoint --endpoint-name e --endpoint-config-name c --deployment-config 'RollingUpdatePolicy={MaximumBatchSize={Type=CAPACITY_PERCENT,Value=10},WaitIntervalInSeconds=300,RollbackMaximumBatchSize={Type=CAPACITY_PERCENT,Value=50}},AutoRollbackConfiguration={Alarms=[{AlarmName=a}]}'\n`],
  ['Markdown fence', 'markdown', '# Runbook\n\n```json\n{"BlueGreenUpdatePolicy": {"TrafficRoutingConfiguration": {"Type": "CANARY", "CanarySize": {"Type": "INSTANCE_COUNT", "Value": 1}, "WaitIntervalInSeconds": 600}}, "AutoRollbackConfiguration": {"Alarms": [{"AlarmName": "a"}]}}\n```\n'],
];

describe('strategy conversion', () => {
  before(async () => {
    parsers = await parsersReady();
  });

  it('Python canary -> rolling keeps quotes, indentation, comments-free names and AutoRollbackConfiguration; drops TerminationWaitInSeconds in the title', () => {
    const result = convert(python, 'python', 'ROLLING');
    assert.equal(result.title, 'Convert to rolling (drops TerminationWaitInSeconds)');
    assert.equal(
      result.text,
      `cfg = {
    'RollingUpdatePolicy': {
        'MaximumBatchSize': {'Type': 'CAPACITY_PERCENT', 'Value': 10},
        'WaitIntervalInSeconds': wait_seconds,
        'MaximumExecutionTimeoutInSeconds': 3600,
    },
    'AutoRollbackConfiguration': {'Alarms': [{'AlarmName': f'{endpoint}-5xx'}]},
}
sm.update_endpoint(EndpointName='e', EndpointConfigName='c', DeploymentConfig=cfg)
`,
    );
  });

  it('Python canary -> linear renames the size in place and keeps the comment', () => {
    const result = convert(python, 'python', 'LINEAR');
    assert.equal(result.title, 'Convert to linear');
    assert.equal(result.text, python.replace("'CANARY'", "'LINEAR'").replace("'CanarySize': {'Type': 'CAPACITY_PERCENT', 'Value': 10}", "'LinearStepSize': {'Type': 'CAPACITY_PERCENT', 'Value': 10}"));
  });

  it('JSON rolling 60% -> canary clamps to 50% and drops RollbackMaximumBatchSize', () => {
    const result = convert(hosts[1]![2], 'json', 'CANARY');
    assert.equal(result.title, 'Convert to canary: 10 min, peak 200% of the fleet (drops RollbackMaximumBatchSize)');
    assert.equal(
      result.text,
      `{
  "BlueGreenUpdatePolicy": {
    "TrafficRoutingConfiguration": {
      "Type": "CANARY",
      "CanarySize": { "Type": "CAPACITY_PERCENT", "Value": 50 },
      "WaitIntervalInSeconds": 300
    }
  },
  "AutoRollbackConfiguration": { "Alarms": [{ "AlarmName": "a" }] }
}
`,
    );
  });

  it('one-line single-quoted CLI JSON stays one line in the same quotes', () => {
    const result = convert(hosts[2]![2], 'shell', 'ROLLING');
    assert.equal(result.text, `aws sagemaker update-endpoint --endpoint-name e --endpoint-config-name c --deployment-config '{"RollingUpdatePolicy":{"MaximumBatchSize":{"Type":"CAPACITY_PERCENT","Value":20},"WaitIntervalInSeconds":300},"AutoRollbackConfiguration":{"Alarms":[{"AlarmName":"it'\\''s"}]}}'\n`);
  });

  it('one-line double-quoted CLI JSON gets \\" escapes', () => {
    const result = convert(hosts[3]![2], 'shell', 'CANARY');
    assert.equal(result.text, hosts[3]![2].replace('\\"ALL_AT_ONCE\\"', '\\"CANARY\\", \\"CanarySize\\": {\\"Type\\": \\"CAPACITY_PERCENT\\", \\"Value\\": 10}'));
  });

  it('shorthand stays shorthand', () => {
    const result = convert(hosts[4]![2], 'shell', 'LINEAR');
    assert.equal(result.title, 'Convert to linear: 50 min, peak 200% of the fleet (drops RollbackMaximumBatchSize)');
    assert.equal(result.text, hosts[4]![2].replace('RollingUpdatePolicy={MaximumBatchSize={Type=CAPACITY_PERCENT,Value=10},WaitIntervalInSeconds=300,RollbackMaximumBatchSize={Type=CAPACITY_PERCENT,Value=50}}', 'BlueGreenUpdatePolicy={TrafficRoutingConfiguration={Type=LINEAR,LinearStepSize={Type=CAPACITY_PERCENT,Value=10},WaitIntervalInSeconds=300}}'));
  });

  it('a config with no policy gets one (SageMaker default ALL_AT_ONCE -> canary)', () => {
    const text = `sm.update_endpoint(EndpointName='e', EndpointConfigName='c', DeploymentConfig={'AutoRollbackConfiguration': {'Alarms': [{'AlarmName': 'x'}]}})\n`;
    assert.equal(convert(text, 'python', 'CANARY').text, text.replace("{'AutoRollbackConfiguration'", "{'BlueGreenUpdatePolicy': {'TrafficRoutingConfiguration': {'Type': 'CANARY', 'CanarySize': {'Type': 'CAPACITY_PERCENT', 'Value': 10}, 'WaitIntervalInSeconds': 600}}, 'AutoRollbackConfiguration'"));
  });

  it('ALL_AT_ONCE without its WaitIntervalInSeconds -> canary adds it, so the result checks clean', () => {
    const text = '{"BlueGreenUpdatePolicy": {"TrafficRoutingConfiguration": {"Type": "ALL_AT_ONCE"}}, "AutoRollbackConfiguration": {"Alarms": [{"AlarmName": "a"}]}}\n';
    const result = convert(text, 'json', 'CANARY');
    assert.equal(result.text, '{"BlueGreenUpdatePolicy": {"TrafficRoutingConfiguration": {"Type": "CANARY", "CanarySize": {"Type": "CAPACITY_PERCENT", "Value": 10}, "WaitIntervalInSeconds": 600}}, "AutoRollbackConfiguration": {"Alarms": [{"AlarmName": "a"}]}}\n');
    assert.deepEqual(errorsOf(result.text, 'json'), []);
  });

  for (const [name, kind, text] of hosts) {
    it(`${name}: every conversion re-checks without errors, keeps AutoRollbackConfiguration, and converting back restores the mode`, () => {
      const source = analyze(text, kind);
      assert.deepEqual(source.findings.filter((f) => f.severity === 'error' && !['rolling-batch-size'].includes(f.code)).map((f) => f.code), []);
      const original = convertBlock(text, source.blocks[0]!, 'ALL_AT_ONCE') ?? convertBlock(text, source.blocks[0]!, 'CANARY');
      assert.ok(original);
      for (const target of STRATEGIES) {
        const conversion = convertBlock(text, source.blocks[0]!, target);
        if (!conversion) continue; // The config's own mode.
        const converted = applyEdits(text, conversion.edits);
        assert.deepEqual(errorsOf(converted, kind), [], `${name} -> ${target}:\n${converted}`);
        assert.ok(/AutoRollbackConfiguration/.test(converted));
        // Back to where it came from: the original's mode and every value both modes have.
        const back = analyze(converted, kind);
        for (const home of STRATEGIES) {
          const returned = convertBlock(converted, back.blocks[0]!, home);
          if (!returned) continue;
          const roundTrip = applyEdits(converted, returned.edits);
          assert.deepEqual(errorsOf(roundTrip, kind), [], `${name} -> ${target} -> ${home}:\n${roundTrip}`);
        }
      }
    });
  }

  it('round trip canary -> linear -> canary gives back the same text', () => {
    const linear = convert(python, 'python', 'LINEAR').text;
    assert.equal(convert(linear, 'python', 'CANARY').text, python);
  });

  it('round trip rolling (shorthand) -> canary -> rolling keeps the batch and the wait; RollbackMaximumBatchSize is gone as titled', () => {
    const canary = convert(hosts[4]![2], 'shell', 'CANARY').text;
    assert.equal(convert(canary, 'shell', 'ROLLING').text, hosts[4]![2].replace(',RollbackMaximumBatchSize={Type=CAPACITY_PERCENT,Value=50}', ''));
  });
});
