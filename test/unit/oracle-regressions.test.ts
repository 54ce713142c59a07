// Regressions for the discrepancies the botocore differential test (oracle-botocore.test.ts) and
// hand probes found, each as a user sees it: code, line:col and the token under the range.
import { strict as assert } from 'node:assert';
import { at, check, findings, parsersReady, tokenOf } from './helpers/findings';

const CLI = (json: string): string => `aws sagemaker update-endpoint --endpoint-name ep --endpoint-config-name cfg --deployment-config '${json}'\n`;

describe('oracle regressions', () => {
  before(async () => {
    await parsersReady();
  });

  describe('a float with a whole value is not an integer (botocore: invalid type)', () => {
    it('Python 60.0 and 1e2', () => {
      const text = `sm.update_endpoint(EndpointName="e", EndpointConfigName="c", DeploymentConfig={
    "BlueGreenUpdatePolicy": {
        "TrafficRoutingConfiguration": {"Type": "ALL_AT_ONCE", "WaitIntervalInSeconds": 60.0},
        "MaximumExecutionTimeoutInSeconds": 1e2,
    },
    "AutoRollbackConfiguration": {"Alarms": [{"AlarmName": "a"}]},
})
`;
      // 1e2 is a wrong type, not "below the minimum of 600" and not a too-short timeout.
      assert.deepEqual(findings(text, 'python'), [at(text, '60.0', 'wrong-type'), at(text, '1e2', 'wrong-type')]);
    });

    it('JSON file and CLI JSON 60.0, 1E3, 10.00', () => {
      const config = `{"BlueGreenUpdatePolicy": {"TrafficRoutingConfiguration": {"Type": "CANARY", "WaitIntervalInSeconds": 60.0, "CanarySize": {"Type": "CAPACITY_PERCENT", "Value": 10.00}}, "MaximumExecutionTimeoutInSeconds": 1E3}, "AutoRollbackConfiguration": {"Alarms": [{"AlarmName": "a"}]}}`;
      for (const [text, kind] of [[`${config}\n`, 'json'], [CLI(config), 'shell']] as const) {
        const found = check(text, kind);
        assert.deepEqual(
          found.map((f) => `${f.code} ${tokenOf(text, f)}`),
          ['wrong-type 60.0', 'wrong-type 10.00', 'wrong-type 1E3'],
          kind,
        );
        assert.match(found[0]!.message, /must be an integer, not a decimal number \(60\.0\)/, "the number as written");
        assert.equal(found[0]!.data?.suggestion, 60, 'the quick fix writes 60');
      }
    });

    it('a whole number is still an integer in every host', () => {
      const config = `{"RollingUpdatePolicy": {"MaximumBatchSize": {"Type": "CAPACITY_PERCENT", "Value": 10}, "WaitIntervalInSeconds": 60, "MaximumExecutionTimeoutInSeconds": 1800}, "AutoRollbackConfiguration": {"Alarms": [{"AlarmName": "a"}]}}`;
      assert.deepEqual(findings(`${config}\n`, 'json'), []);
      assert.deepEqual(findings(CLI(config), 'shell'), []);
      assert.deepEqual(findings(`DeploymentConfig = ${config}\n`, 'python'), []);
    });
  });

  describe('a policy key misplaced inside a config is one unknown key, not a second config', () => {
    it('Python: a dict inside AutoRollbackConfiguration with a policy key', () => {
      const text = `cfg = {
    "BlueGreenUpdatePolicy": {"TrafficRoutingConfiguration": {"Type": "ALL_AT_ONCE", "WaitIntervalInSeconds": 60}},
    "AutoRollbackConfiguration": {"Alarms": [{"AlarmName": "a", "RollingUpdatePolicy": "x"}]},
}
`;
      // Before: the alarm dict was checked as a config of its own (unknown-key AlarmName,
      // wrong-type "x", no-rollback-alarms).
      assert.deepEqual(findings(text, 'python'), [at(text, '"RollingUpdatePolicy"', 'unknown-key')]);
    });

    it('Python: a policy list-wrapped by mistake is one wrong type', () => {
      const text = `cfg = {"BlueGreenUpdatePolicy": [{"TrafficRoutingConfiguration": {"Type": "ALL_AT_ONCE", "WaitIntervalInSeconds": 0}, "AutoRollbackConfiguration": "x"}]}\n`;
      const list = text.slice(text.indexOf('['), text.lastIndexOf(']') + 1);
      // Before: the dict inside the list was also a config (unknown-key, wrong-type "x").
      assert.deepEqual(
        check(text, 'python').map((f) => `${f.code} ${tokenOf(text, f)}`),
        ['no-rollback-alarms "BlueGreenUpdatePolicy"', `wrong-type ${list}`],
      );
    });

    it('JSON: a "DeploymentConfig" key inside a config', () => {
      const text = `{"DeploymentConfig": {"BlueGreenUpdatePolicy": {"TrafficRoutingConfiguration": {"Type": "ALL_AT_ONCE", "WaitIntervalInSeconds": 60}, "DeploymentConfig": {"Foo": 1}}, "AutoRollbackConfiguration": {"Alarms": [{"AlarmName": "a"}]}}}\n`;
      assert.deepEqual(findings(text, 'json'), [at(text, '"DeploymentConfig"', 'unknown-key', 2)]);
    });
  });

  describe('Python dicts and lists changed in place after their literal', () => {
    it('subscript stores, update() and append() leave no false missing keys, empty lists or missing alarms', () => {
      const text = `size = {"Type": "CAPACITY_PERCENT"}
size["Value"] = 10
traffic = {"Type": "CANARY", "CanarySize": size}
traffic["WaitIntervalInSeconds"] = 300
cfg = {"BlueGreenUpdatePolicy": {"TrafficRoutingConfiguration": traffic}}
cfg["AutoRollbackConfiguration"] = {"Alarms": [{"AlarmName": "a"}]}
sm.update_endpoint(EndpointName="e", EndpointConfigName="c", DeploymentConfig=cfg)
rolling = {"MaximumBatchSize": {"Type": "CAPACITY_PERCENT", "Value": 10}}
rolling.update(WaitIntervalInSeconds=60)
alarms = []
alarms.append({"AlarmName": "b"})
cfg2 = {"RollingUpdatePolicy": rolling, "AutoRollbackConfiguration": {"Alarms": alarms}}
sm.update_endpoint(EndpointName="e", EndpointConfigName="c", DeploymentConfig=cfg2)
cfg3 = {"BlueGreenUpdatePolicy": {"TrafficRoutingConfiguration": {"Type": "ALL_AT_ONCE", "WaitIntervalInSeconds": 60}}, "AutoRollbackConfiguration": {"Alarms": []}}
cfg3["AutoRollbackConfiguration"]["Alarms"].append({"AlarmName": "c"})
`;
      assert.deepEqual(findings(text, 'python'), []);
    });

    it('still reports a wrong literal in a changed dict, and an unchanged dict as before', () => {
      const text = `traffic = {"Type": "Canary", "WaitIntervalInSeconds": 300}
traffic["CanarySize"] = size
cfg = {"BlueGreenUpdatePolicy": {"TrafficRoutingConfiguration": traffic}, "AutoRollbackConfiguration": {"Alarms": [{"AlarmName": "a"}]}}
other = {"BlueGreenUpdatePolicy": {"TrafficRoutingConfiguration": {"Type": "ALL_AT_ONCE"}}, "AutoRollbackConfiguration": {"Alarms": []}}
if other == cfg: pass
`;
      assert.deepEqual(findings(text, 'python'), [
        at(text, '"Canary"', 'invalid-enum'),
        at(text, '"TrafficRoutingConfiguration"', 'missing-key', 2),
        at(text, '[]', 'out-of-range'),
      ]);
    });
  });

  describe('CLI shorthand reads values as awscli does (BackCompatVisitor)', () => {
    const shorthand = (value: string): string => `aws sagemaker update-endpoint --endpoint-name e --endpoint-config-name c --deployment-config '${value}'\n`;

    it('a quoted scalar is coerced by the model like a bare one: Value="10"', () => {
      const text = shorthand('RollingUpdatePolicy={MaximumBatchSize={Type=CAPACITY_PERCENT,Value="10"},WaitIntervalInSeconds="60"},AutoRollbackConfiguration={Alarms=[{AlarmName=a}]}');
      assert.deepEqual(findings(text, 'shell'), []);
    });

    it("integers as Python's int() reads them: +10, 1_0", () => {
      const text = shorthand('RollingUpdatePolicy={MaximumBatchSize={Type=CAPACITY_PERCENT,Value=+10},WaitIntervalInSeconds=1_0},AutoRollbackConfiguration={Alarms=[{AlarmName=a}]}');
      assert.deepEqual(findings(text, 'shell'), []);
    });

    it('a single value where a list belongs is a one-item list: Alarms={AlarmName=a}', () => {
      const text = shorthand('RollingUpdatePolicy={MaximumBatchSize={Type=CAPACITY_PERCENT,Value=10},WaitIntervalInSeconds=60},AutoRollbackConfiguration={Alarms={AlarmName=a}}');
      assert.deepEqual(findings(text, 'shell'), []);
    });

    it('still rejects what int() rejects and what the wrapped item cannot be', () => {
      const text = shorthand('RollingUpdatePolicy={MaximumBatchSize={Type=CAPACITY_PERCENT,Value=10.0},WaitIntervalInSeconds=60},AutoRollbackConfiguration={Alarms=abc}');
      assert.deepEqual(findings(text, 'shell'), [at(text, '10.0', 'wrong-type'), at(text, 'abc', 'wrong-type')]);
      // awscli makes `abc` a one-item list: the message names that item, not the list.
      assert.match(check(text, 'shell')[1]!.message, /^Alarms\[0\] must be an object, not a string \("abc"\)/);
    });
  });

  describe('values that are not literals are unknown: no error, no crash', () => {
    const errorsOf = (text: string, kind: 'python' | 'shell' | 'json'): string[] =>
      check(text, kind)
        .filter((f) => f.severity === 'error' || f.code === 'internal-error')
        .map((f) => `${f.code} ${tokenOf(text, f)}`);

    it('Python: dict(), **spread, names, f-strings, os.environ, comprehensions, conditionals, arithmetic', () => {
      const text = `import os
base = {"Type": "CAPACITY_PERCENT", "Value": 10}
wait = int(os.environ["WAIT"])
sm.update_endpoint(EndpointName="e", EndpointConfigName="c", DeploymentConfig=dict(
    BlueGreenUpdatePolicy=dict(TrafficRoutingConfiguration=dict(Type="CANARY", WaitIntervalInSeconds=600)),
))
sm.update_endpoint(EndpointName="e", EndpointConfigName="c", DeploymentConfig={
    "BlueGreenUpdatePolicy": {
        "TrafficRoutingConfiguration": {
            "Type": "CANARY" if os.environ.get("X") else "LINEAR",
            "WaitIntervalInSeconds": wait,
            "CanarySize": {**base},
        },
        "MaximumExecutionTimeoutInSeconds": os.environ["T"],
        "TerminationWaitInSeconds": 60 * 5,
    },
    "AutoRollbackConfiguration": {"Alarms": [{"AlarmName": n} for n in names]},
})
cfg = {
    "RollingUpdatePolicy": {
        "MaximumBatchSize": {"Type": f"{os.environ['T']}", "Value": os.environ.get("V", 10)},
        "WaitIntervalInSeconds": wait or 60,
        **extra,
    },
    "AutoRollbackConfiguration": {"Alarms": [{"AlarmName": f"{ep}-p99"}, *more]},
}
cfg6 = {"RollingUpdatePolicy": {k: v for k, v in x.items()}, "AutoRollbackConfiguration": {"Alarms": list(map(f, y))}}
cfg7 = {"BlueGreenUpdatePolicy": {"TrafficRoutingConfiguration": {"Type": T, "WaitIntervalInSeconds": -W, "LinearStepSize": size}, "MaximumExecutionTimeoutInSeconds": settings.timeout}, "AutoRollbackConfiguration": {"Alarms": alarms[:2]}}
cfg8 = {"BlueGreenUpdatePolicy": {"TrafficRoutingConfiguration": {"Type": "ALL_AT_ONCE", "WaitIntervalInSeconds": await get(), **({"X": 1} if a else {})}}, "AutoRollbackConfiguration": {"Alarms": [*alarms]}}
`;
      assert.deepEqual(errorsOf(text, 'python'), []);
    });

    it('shell: $VAR, $(cmd), \${X:-1}, quoted concatenations, backticks, file://$DIR', () => {
      const lines = [
        `--deployment-config "{\\"BlueGreenUpdatePolicy\\":{\\"TrafficRoutingConfiguration\\":{\\"Type\\":\\"CANARY\\",\\"WaitIntervalInSeconds\\":$WAIT,\\"CanarySize\\":{\\"Type\\":\\"CAPACITY_PERCENT\\",\\"Value\\":10}}}}"`,
        `--deployment-config "{\\"BlueGreenUpdatePolicy\\":{\\"TrafficRoutingConfiguration\\":{\\"Type\\":\\"CANARY\\",\\"WaitIntervalInSeconds\\":\${X:-1},\\"CanarySize\\":{\\"Type\\":\\"CAPACITY_PERCENT\\",\\"Value\\":$(cat v)}}}}"`,
        `--deployment-config '{"BlueGreenUpdatePolicy":{"TrafficRoutingConfiguration":{"Type":"CANARY","WaitIntervalInSeconds":'"$WAIT"',"CanarySize":{"Type":"CAPACITY_PERCENT","Value":10}}}}'`,
        `--deployment-config "$CONFIG"`,
        `--deployment-config $(cat cfg.json)`,
        `--deployment-config "RollingUpdatePolicy={MaximumBatchSize={Type=CAPACITY_PERCENT,Value=$PCT},WaitIntervalInSeconds=\${W:-60}}"`,
        `--deployment-config "\${DC:-{}}"`,
        '--deployment-config `cat x`',
        `--deployment-config file://$DIR/cfg.json`,
      ];
      const text = lines.map((l) => `aws sagemaker update-endpoint --endpoint-name e --endpoint-config-name c ${l}\n`).join('');
      assert.deepEqual(errorsOf(text, 'shell'), []);
    });

    it('CloudFormation: Ref, Fn::If, Fn::Sub anywhere in the config', () => {
      const text = `{"Resources": {
  "Ep": {"Type": "AWS::SageMaker::Endpoint", "Properties": {"DeploymentConfig": {
    "BlueGreenUpdatePolicy": {"TrafficRoutingConfiguration": {"Type": {"Ref": "Mode"}, "WaitIntervalInSeconds": {"Fn::If": ["c", 1, 2]}, "CanarySize": {"Type": "CAPACITY_PERCENT", "Value": {"Ref": "P"}}}, "MaximumExecutionTimeoutInSeconds": {"Ref": "T"}},
    "AutoRollbackConfiguration": {"Alarms": {"Ref": "Alarms"}}}}},
  "Ep2": {"Type": "AWS::SageMaker::Endpoint", "Properties": {"DeploymentConfig": {"Fn::If": ["UseCanary", {"BlueGreenUpdatePolicy": {"TrafficRoutingConfiguration": {"Type": "ALL_AT_ONCE"}}}, {"Ref": "AWS::NoValue"}]}}},
  "Ep3": {"Type": "AWS::SageMaker::Endpoint", "Properties": {"DeploymentConfig": {
    "BlueGreenUpdatePolicy": {"Fn::If": ["c", {"TrafficRoutingConfiguration": {"Type": "ALL_AT_ONCE"}}, {"Ref": "AWS::NoValue"}]},
    "AutoRollbackConfiguration": {"Alarms": [{"AlarmName": {"Fn::Sub": "\${AWS::StackName}-p99"}}, {"Fn::If": ["c", {"AlarmName": "x"}, {"Ref": "AWS::NoValue"}]}]}}}}
}}
`;
      assert.deepEqual(errorsOf(text, 'json'), []);
    });
  });
});
