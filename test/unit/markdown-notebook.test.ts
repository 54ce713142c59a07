// Markdown fences and notebooks: embedded code is checked by its own host, at its place.
import { strict as assert } from 'node:assert';
import { analyzeNotebook, checkBlocks, finalizeFindings } from '../../server/src/core/check';
import { at, atIn, findings, parsersReady } from './helpers/findings';

describe('Markdown host', () => {
  before(async () => {
    await parsersReady();
  });

  it('checks python, json, bash and yaml fences, and skips other languages', () => {
    const text = `# Runbook

\`\`\`python
client.update_endpoint(EndpointName="e", EndpointConfigName="c", DeploymentConfig={"RollingUpdatePolicy": {"MaximumBatchSize": {"Type": "CAPACITY_PERCENT", "Value": 80}, "WaitIntervalInSeconds": 60}, "AutoRollbackConfiguration": {"Alarms": [{"AlarmName": "a"}]}})
\`\`\`

\`\`\`json
{"BlueGreenUpdatePolicy": {"TrafficRoutingConfiguration": {"Type": "ALL_AT_ONCE"}}, "AutoRollbackConfiguration": {"Alarms": [{"AlarmName": "b"}]}}
\`\`\`

~~~sh
aws sagemaker update-endpoint --deployment-config '"BlueGreenUpdatePolicy": {}'
~~~

\`\`\`yaml
BlueGreenUpdatePolicy: {Type: 75}
\`\`\`

\`\`\`ruby
config = {"BlueGreenUpdatePolicy" => {"Type" => 75}}
\`\`\`
`;
    assert.deepEqual(findings(text, 'markdown'), [
      at(text, '80', 'rolling-batch-size'),
      at(text, '"TrafficRoutingConfiguration"', 'missing-key'),
      at(text, `'"BlueGreenUpdatePolicy": {}'`, 'cli-syntax'),
      at(text, 'BlueGreenUpdatePolicy', 'missing-key', 3),
      at(text, 'BlueGreenUpdatePolicy', 'no-rollback-alarms', 3),
      atIn(text, 'Type: 75', 'Type', 'unknown-key'),
    ]);
  });

  it('reads console sessions with $ prompts', () => {
    const text = `\`\`\`console
$ aws sagemaker update-endpoint --endpoint-name e \\
    --deployment-config 'RollingUpdatePolicy={MaximumBatchSize={Type=CAPACITY_PERCENT,Value=3},WaitIntervalInSeconds=60},AutoRollbackConfiguration={Alarms=[{AlarmName=a}]}'
{
    "EndpointArn": "arn:aws:sagemaker:us-east-1:123456789012:endpoint/e"
}
\`\`\`
`;
    assert.deepEqual(findings(text, 'markdown'), [atIn(text, 'Value=3}', '3', 'rolling-batch-size')]);
  });
});

describe('Notebooks', () => {
  let parsers: Awaited<ReturnType<typeof parsersReady>>;
  before(async () => {
    parsers = await parsersReady();
  });

  it('resolves a config defined in one cell and used in another, and reads ! lines as CLI', () => {
    const cells = [
      { kind: 'markdown' as const, text: '# Deploy' },
      { kind: 'code' as const, text: 'cfg = {\n    "BlueGreenUpdatePolicy": {"TrafficRoutingConfiguration": {"Type": "LINEAR", "LinearStepSize": {"Type": "CAPACITY_PERCENT", "Value": 70}, "WaitIntervalInSeconds": 60}},\n    "AutoRollbackConfiguration": {"Alarms": [{"AlarmName": "a"}]},\n}' },
      { kind: 'code' as const, text: 'import boto3\nboto3.client("sagemaker").update_endpoint(EndpointName="e", EndpointConfigName="c", DeploymentConfig=cfg)\n!aws sagemaker update-endpoint --deployment-config \'"RollingUpdatePolicy": {}\'' },
    ];
    const analysis = analyzeNotebook(cells, { parsers });
    const result = finalizeFindings([...analysis.findings, ...checkBlocks(analysis.blocks)]);
    const located = result.map((f) => {
      const cell = analysis.cellStarts.reduce((found, start, i) => (start >= 0 && start <= f.span.offset ? i : found), -1);
      const local = f.span.offset - analysis.cellStarts[cell]!;
      return [cell, f.code, cells[cell]!.text.slice(local, local + f.span.length)];
    });
    assert.deepEqual(located, [
      [1, 'linear-step-size', '70'],
      [2, 'cli-syntax', `'"RollingUpdatePolicy": {}'`],
    ]);
  });

  it('leaves IPython {expr} expansions in ! lines unknown', () => {
    const cells = [{ kind: 'code' as const, text: '!aws sagemaker update-endpoint --deployment-config {json.dumps(cfg)}' }];
    const analysis = analyzeNotebook(cells, { parsers });
    assert.deepEqual([...analysis.findings, ...checkBlocks(analysis.blocks)], []);
  });
});
