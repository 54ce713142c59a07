// The CLI host: --deployment-config values in shell, quoted any way, JSON or shorthand, file://.
import { strict as assert } from 'node:assert';
import { at, atIn, check, findings, parsersReady, tokenOf } from './helpers/findings';

const ALARMS_JSON = '"AutoRollbackConfiguration": {"Alarms": [{"AlarmName": "a"}]}';

describe('CLI host', () => {
  before(async () => {
    await parsersReady();
  });

  it('reads single-quoted JSON across lines and backslash continuations', () => {
    const text = `#!/bin/bash
aws sagemaker update-endpoint \\
  --endpoint-name "$ENDPOINT" \\
  --endpoint-config-name my-config \\
  --deployment-config '{
    "BlueGreenUpdatePolicy": {
      "TrafficRoutingConfiguration": {"Type": "LINEAR", "LinearStepSize": {"Type": "CAPACITY_PERCENT", "Value": 60}, "WaitIntervalInSeconds": 300}
    },
    ${ALARMS_JSON}
  }'
`;
    assert.deepEqual(findings(text, 'shell'), [at(text, '60', 'linear-step-size')]);
  });

  it('says so when the quote around a value is never closed, on the opening quote', () => {
    const json = '{"BlueGreenUpdatePolicy": {"TrafficRoutingConfiguration": {"Type": "CANARY"';
    for (const quote of ["'", '"']) {
      const value = quote === '"' ? json.replace(/"/g, '\\"') : json;
      const text = `aws sagemaker update-endpoint --endpoint-name e \\\n  --deployment-config ${quote}${value}\n`;
      const found = check(text, 'shell');
      assert.deepEqual(found.map((f) => `${f.code} ${tokenOf(text, f)}`), [`cli-syntax ${quote}`], quote);
      assert.match(found[0]!.message, /never closed/);
    }
    // A quote closed lines later (a multi-line value), or an escaped quote inside double quotes, is fine.
    const closed = `aws sagemaker update-endpoint --deployment-config "{\\"RollingUpdatePolicy\\": {\\"MaximumBatchSize\\": {\\"Type\\": \\"CAPACITY_PERCENT\\", \\"Value\\": 10},\n \\"WaitIntervalInSeconds\\": 60}, \\"AutoRollbackConfiguration\\": {\\"Alarms\\": [{\\"AlarmName\\": \\"a\\"}]}}"\n`;
    assert.deepEqual(check(closed, 'shell').map((f) => f.code), []);
  });

  it('reads double-quoted JSON with escaped quotes, mapping positions through the escapes', () => {
    const text = `aws sagemaker update-endpoint --endpoint-name e --endpoint-config-name c --deployment-config "{\\"RollingUpdatePolicy\\": {\\"MaximumBatchSize\\": {\\"Type\\": \\"CAPACITY_PERCENTAGE\\", \\"Value\\": 10}, \\"WaitIntervalInSeconds\\": 60}, \\"AutoRollbackConfiguration\\": {\\"Alarms\\": [{\\"AlarmName\\": \\"a\\"}]}}"`;
    const [finding] = check(text, 'shell');
    assert.equal(finding?.code, 'invalid-enum');
    assert.equal(tokenOf(text, finding!), '\\"CAPACITY_PERCENTAGE\\"');
  });

  it('reads --deployment-config=VALUE', () => {
    const text = `aws sagemaker update-endpoint --deployment-config='{"RollingUpdatePolicy": {"MaximumBatchSize": {"Type": "CAPACITY_PERCENT", "Value": 1}, "WaitIntervalInSeconds": 60}, ${ALARMS_JSON}}'`;
    assert.deepEqual(findings(text, 'shell'), [atIn(text, '"Value": 1}', '1', 'rolling-batch-size')]);
  });

  it('says exactly that JSON lost its outer braces (the guide examples)', () => {
    const value = `'"BlueGreenUpdatePolicy": {"TrafficRoutingConfiguration": {"Type": "ALL_AT_ONCE", "WaitIntervalInSeconds": 0}}, ${ALARMS_JSON}'`;
    const text = `aws sagemaker update-endpoint --endpoint-name e --endpoint-config-name c --deployment-config ${value}`;
    const [finding] = check(text, 'shell');
    assert.equal(finding?.code, 'cli-syntax');
    assert.equal(tokenOf(text, finding!), value);
    assert.match(finding!.message, /without its outer braces/);
    assert.equal(finding!.data?.missingBraces, true);
  });

  it('reads shorthand syntax, coercing numbers as the CLI does', () => {
    const ok = "aws sagemaker update-endpoint --deployment-config 'RollingUpdatePolicy={MaximumBatchSize={Type=CAPACITY_PERCENT,Value=10},WaitIntervalInSeconds=300},AutoRollbackConfiguration={Alarms=[{AlarmName=a}]}'";
    assert.deepEqual(findings(ok, 'shell'), []);
    const bad = "aws sagemaker update-endpoint --deployment-config 'RollingUpdatePolicy={MaximumBatchSize={Type=CAPACITY_PERCENT,Value=75},WaitIntervalInSeconds=soon},AutoRollbackConfiguration={Alarms=[{AlarmName=a}]}'";
    assert.deepEqual(findings(bad, 'shell'), [at(bad, '75', 'rolling-batch-size'), at(bad, 'soon', 'wrong-type')]);
  });

  it('reports invalid shorthand at the offending character', () => {
    const text = "aws sagemaker update-endpoint --deployment-config 'RollingUpdatePolicy={MaximumBatchSize={Type=CAPACITY_PERCENT,Value=10}'";
    const [finding] = check(text, 'shell');
    assert.equal(finding?.code, 'cli-syntax');
    assert.match(finding!.message, /shorthand/);
  });

  it('reports unquoted shorthand that the shell would brace-expand, and accepts it quoted', () => {
    const value = 'RollingUpdatePolicy={MaximumBatchSize={Type=CAPACITY_PERCENT,Value=10},WaitIntervalInSeconds=300}';
    const text = `aws sagemaker update-endpoint --deployment-config ${value}`;
    const [finding] = check(text, 'shell');
    assert.equal(finding?.code, 'cli-syntax');
    assert.equal(tokenOf(text, finding!), value);
    assert.match(finding!.message, /brace-expands/);
    const withoutCommaInBraces = 'aws sagemaker update-endpoint --deployment-config RollingUpdatePolicy={WaitIntervalInSeconds=300}';
    assert.deepEqual(check(withoutCommaInBraces, 'shell').map((f) => f.code), ['missing-key', 'no-rollback-alarms']);
  });

  it('reads an unquoted value with \\, escapes after a } as one word, as bash does (tree-sitter-bash splits it there)', () => {
    // bash passes RollingUpdatePolicy={MaximumBatchSize={Type=CAPACITY_PERCENT,Value=60},WaitIntervalInSeconds=60},... on as one argument.
    const text = 'aws sagemaker update-endpoint --deployment-config RollingUpdatePolicy={MaximumBatchSize={Type=CAPACITY_PERCENT\\,Value=60}\\,WaitIntervalInSeconds=60}\\,AutoRollbackConfiguration={Alarms=\\[{AlarmName=a}\\]}\n';
    assert.deepEqual(findings(text, 'shell'), [at(text, '60', 'rolling-batch-size')]);
    // A redirect glued to the value is not part of it.
    const redirected = 'aws sagemaker update-endpoint --deployment-config RollingUpdatePolicy={MaximumBatchSize={Type=CAPACITY_PERCENT\\,Value=60}\\,WaitIntervalInSeconds=60}>out.json\n';
    assert.deepEqual(findings(redirected, 'shell'), [at(redirected, 'RollingUpdatePolicy', 'no-rollback-alarms'), at(redirected, '60', 'rolling-batch-size')]);
  });

  it('reports invalid JSON', () => {
    const text = `aws sagemaker update-endpoint --deployment-config '{"RollingUpdatePolicy": {"WaitIntervalInSeconds": 60,}}'`;
    const [finding] = check(text, 'shell');
    assert.equal(finding?.code, 'cli-syntax');
    assert.match(finding!.message, /Invalid JSON/);
  });

  it('treats $VAR and $(...) as unknown', () => {
    const text = `aws sagemaker update-endpoint --deployment-config "$DEPLOYMENT_CONFIG"
aws sagemaker update-endpoint --deployment-config "$(cat config.json)"
aws sagemaker update-endpoint --deployment-config=$CFG
aws sagemaker update-endpoint --deployment-config '{"RollingUpdatePolicy": '"$POLICY"'}'
`;
    assert.deepEqual(check(text, 'shell'), []);
  });

  it('follows file:// relative to the script and reports on the reference', () => {
    const text = 'aws sagemaker update-endpoint --endpoint-name e --deployment-config file://configs/canary.json --endpoint-config-name c\n';
    const files: Record<string, string> = {
      'configs/canary.json': `{
  "BlueGreenUpdatePolicy": {"TrafficRoutingConfiguration": {"Type": "CANARY", "CanarySize": {"Type": "CAPACITY_PERCENT", "Value": 80}, "WaitIntervalInSeconds": 60}},
  ${ALARMS_JSON}
}`,
    };
    const found = check(text, 'shell', { readFile: (p) => files[p] });
    assert.deepEqual(found.map((f) => [f.code, tokenOf(text, f)]), [['canary-size', 'file://configs/canary.json']]);
    assert.match(found[0]!.message, /^configs\/canary\.json:2:\d+: Canary size 80%/);
    const missing = check(text, 'shell', { readFile: () => undefined });
    assert.deepEqual(missing.map((f) => f.code), ['file-reference']);
  });

  it('ignores other options and commands', () => {
    const text = `aws ecs create-service --deployment-configuration maximumPercent=200
echo "--deployment-config is documented in the runbook"
`;
    assert.deepEqual(check(text, 'shell'), []);
  });
});
