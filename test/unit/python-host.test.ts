// The Python host: boto3 calls, names bound to dicts, quotes, comments, non-literal values.
import { strict as assert } from 'node:assert';
import { at, atIn, check, findings, parsersReady } from './helpers/findings';

describe('Python host', () => {
  before(async () => {
    await parsersReady();
  });

  it('checks DeploymentConfig= dict literals in update_endpoint calls', () => {
    const text = `import boto3
client = boto3.client("sagemaker")
client.update_endpoint(
    EndpointName="ep",
    EndpointConfigName="cfg",
    DeploymentConfig={
        "BlueGreenUpdatePolicy": {
            "TrafficRoutingConfiguration": {
                "Type": "CANARY",
                "CanarySize": {"Type": "CAPACITY_PERCENT", "Value": 75},
                "WaitIntervalInSeconds": 600,
            },
            "MaximumExecutionTimeoutInSeconds": 3600,
        },
        "AutoRollbackConfiguration": {"Alarms": [{"AlarmName": "ep-5xx"}]},
    },
)
`;
    assert.deepEqual(findings(text, 'python'), [at(text, '75', 'canary-size')]);
  });

  it('reads every string prefix: raw, unicode, implicit concatenation; f-strings with fields and bytes are unknown', () => {
    const config = (routingType: string, alarm: string) =>
      `cfg = {"BlueGreenUpdatePolicy": {"TrafficRoutingConfiguration": {"Type": ${routingType}, "WaitIntervalInSeconds": 60}}, "AutoRollbackConfiguration": {"Alarms": [{"AlarmName": ${alarm}}]}}\n`;
    // Literal values: a wrong enum is reported on the whole token, prefix and quotes included.
    for (const literal of [`r"Canary"`, `u'Canary'`, `R'''Canary'''`, `f"Canary"`, `"Can" "ary"`]) {
      const text = config(literal, '"a"');
      assert.deepEqual(findings(text, 'python'), [at(text, literal, 'invalid-enum')], literal);
    }
    // A value with a field or bytes is not a literal we can read: no finding because of it.
    for (const value of ['f"{kind}"', 'b"CANARY"', 'rb"CANARY"']) {
      assert.deepEqual(findings(config(value, '"a"'), 'python'), [], value);
    }
    // Escapes are decoded before checking: "\x41LL_AT_ONCE" is ALL_AT_ONCE.
    assert.deepEqual(findings(config('"\\x41LL_AT_ONCE"', '"a"'), 'python'), []);
    assert.deepEqual(findings(config('"ALL_AT_ONCE"', "f'{name}-5xx'"), 'python'), []);
  });

  it('follows a name bound to a dict, and nested dicts built in several variables', () => {
    const text = `size = {'Type': 'CAPACITY_PERCENT', 'Value': 5}
routing = {
    'Type': 'LINEAR',
    'LinearStepSize': size,   # 5% steps are too small
    'WaitIntervalInSeconds': 300,
}
config = {'BlueGreenUpdatePolicy': {'TrafficRoutingConfiguration': routing}, 'AutoRollbackConfiguration': {'Alarms': [{'AlarmName': 'a'}]}}
sm.update_endpoint(EndpointName=name, EndpointConfigName=cfg_name, DeploymentConfig=config)
`;
    assert.deepEqual(findings(text, 'python'), [at(text, '5', 'linear-step-size')]);
  });

  it('uses the last assignment before the call', () => {
    const text = `cfg = {"RollingUpdatePolicy": {"MaximumBatchSize": {"Type": "CAPACITY_PERCENT", "Value": 90}, "WaitIntervalInSeconds": 1}}
cfg = {"RollingUpdatePolicy": {"MaximumBatchSize": {"Type": "CAPACITY_PERCENT", "Value": 10}, "WaitIntervalInSeconds": 1}, "AutoRollbackConfiguration": {"Alarms": [{"AlarmName": "a"}]}}
client.update_endpoint(EndpointName="e", EndpointConfigName="c", DeploymentConfig=cfg)
`;
    // Both dicts have a policy key, so both are configs; only the first is wrong (and has no alarms).
    assert.deepEqual(findings(text, 'python'), [at(text, '"RollingUpdatePolicy"', 'no-rollback-alarms'), at(text, '90', 'rolling-batch-size')]);
  });

  it('accepts single, double and triple quotes, comments and trailing commas', () => {
    const text = `deployment = {
    '''BlueGreenUpdatePolicy''': {  # triple-quoted key
        "TrafficRoutingConfiguration": {'Type': """ALL_AT_ONCE""", "WaitIntervalInSeconds": 0,},
        'TerminationWaitInSeconds': 4000,
    },
    "AutoRollbackConfiguration": {"Alarms": [{"AlarmName": r'raw\\name'},]},
}
`;
    assert.deepEqual(findings(text, 'python'), [at(text, '4000', 'out-of-range')]);
  });

  it('treats names, f-strings, calls and expressions as unknown, never as errors', () => {
    const text = `client.update_endpoint(EndpointName=n, EndpointConfigName=c, DeploymentConfig={
    "BlueGreenUpdatePolicy": {
        "TrafficRoutingConfiguration": {
            "Type": MODE,
            "CanarySize": {"Type": "CAPACITY_PERCENT", "Value": CANARY_PERCENT},
            "WaitIntervalInSeconds": 10 * 60,
        },
        "TerminationWaitInSeconds": int(os.environ["WAIT"]),
        "MaximumExecutionTimeoutInSeconds": timeout,
    },
    "AutoRollbackConfiguration": {"Alarms": [{"AlarmName": f"{endpoint_name}-5xx"}, {"AlarmName": alarm}]},
})
`;
    assert.deepEqual(findings(text, 'python'), []);
  });

  it('does not report missing keys of a dict with **spread', () => {
    const text = `cfg = {"BlueGreenUpdatePolicy": {"TrafficRoutingConfiguration": {**defaults, "Type": "ALL_AT_ONCE"}}, "AutoRollbackConfiguration": alarms}`;
    assert.deepEqual(findings(text, 'python'), []);
  });

  it('reports a string where an integer belongs ("600")', () => {
    const text = `cfg = {"RollingUpdatePolicy": {"MaximumBatchSize": {"Type": "INSTANCE_COUNT", "Value": 1}, "WaitIntervalInSeconds": "600"}, "AutoRollbackConfiguration": {"Alarms": [{"AlarmName": "a"}]}}`;
    assert.deepEqual(findings(text, 'python'), [at(text, '"600"', 'wrong-type')]);
  });

  it('takes the fleet size from InitialInstanceCount in the same file', () => {
    const text = `client.create_endpoint_config(EndpointConfigName="c", ProductionVariants=[{"VariantName": "v", "InitialInstanceCount": 4, "InstanceType": "ml.m5.xlarge"}])
cfg = {"BlueGreenUpdatePolicy": {"TrafficRoutingConfiguration": {"Type": "CANARY", "CanarySize": {"Type": "INSTANCE_COUNT", "Value": 3}, "WaitIntervalInSeconds": 60}}, "AutoRollbackConfiguration": {"Alarms": [{"AlarmName": "a"}]}}
`;
    assert.deepEqual(findings(text, 'python'), [atIn(text, '"Value": 3}', '3', 'canary-size')]);
  });

  it('ignores RetainDeploymentConfig and dicts without policy keys', () => {
    const text = `client.update_endpoint(EndpointName="e", EndpointConfigName="c", RetainDeploymentConfig=True)
other = {"Type": "CANARY", "Value": 99}
`;
    assert.deepEqual(check(text, 'python'), []);
  });

  it('keeps checking while a value is being typed (editor auto-closed the braces)', () => {
    const text = `cfg = {"RollingUpdatePolicy": {"MaximumBatchSize": {"Type": "CAPACITY_PERCENT", "Value": 70}, "WaitIntervalInSeconds": }, "AutoRollbackConfiguration": {"Alarms": [{"AlarmName": "a"}]}}\nx = 1\n`;
    // The half-typed value is unknown: no wrong-type or missing-key for it.
    assert.deepEqual(findings(text, 'python'), [at(text, '70', 'rolling-batch-size')]);
  });

  it('reports nothing (and does not fail) for a dict that is never closed', () => {
    const text = `cfg = {"RollingUpdatePolicy": {"MaximumBatchSize": {"Type": "CAPACITY_PERCENT", "Value": 70}, "WaitIntervalInSeconds": `;
    assert.deepEqual(check(text, 'python').filter((f) => f.code === 'internal-error'), []);
  });
});
