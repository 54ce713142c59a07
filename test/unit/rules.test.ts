// Every rule, firing and not firing, on JSON documents (the host with the plainest positions).
// Expectations are "line:col-line:col code" (1-based, end exclusive) of the smallest wrong token.
import { strict as assert } from 'node:assert';
import { check, findings, parsersReady, tokenOf } from './helpers/findings';

const alarms = `"AutoRollbackConfiguration": {"Alarms": [{"AlarmName": "p99-latency"}]}`;

/** A blue/green config, one key per line, so columns are easy to read. */
function blueGreen(routing: string, extra = '"MaximumExecutionTimeoutInSeconds": 7200'): string {
  return `{
  "BlueGreenUpdatePolicy": {
    "TrafficRoutingConfiguration": ${routing},
    ${extra}
  },
  ${alarms}
}`;
}

describe('rules', () => {
  before(async () => {
    await parsersReady();
  });

  it('finds nothing in a correct canary config', () => {
    const text = blueGreen('{"Type": "CANARY", "CanarySize": {"Type": "CAPACITY_PERCENT", "Value": 25}, "WaitIntervalInSeconds": 600}');
    assert.deepEqual(findings(text, 'json'), []);
  });

  describe('canary-size', () => {
    it('fires on the Value token above 50%', () => {
      const text = blueGreen('{"Type": "CANARY", "CanarySize": {"Type": "CAPACITY_PERCENT", "Value": 75}, "WaitIntervalInSeconds": 600}');
      assert.deepEqual(findings(text, 'json'), ['3:107-3:109 canary-size']);
      const [finding] = check(text, 'json');
      assert.equal(tokenOf(text, finding!), '75');
      assert.match(finding!.message, /75%/);
      assert.equal(finding!.data?.suggestion, 50);
    });
    it('does not fire at exactly 50%', () => {
      const text = blueGreen('{"Type": "CANARY", "CanarySize": {"Type": "CAPACITY_PERCENT", "Value": 50}, "WaitIntervalInSeconds": 600}');
      assert.deepEqual(findings(text, 'json'), []);
    });
    it('holds INSTANCE_COUNT to the limit only when the fleet size is known', () => {
      const text = blueGreen('{"Type": "CANARY", "CanarySize": {"Type": "INSTANCE_COUNT", "Value": 3}, "WaitIntervalInSeconds": 600}');
      assert.deepEqual(findings(text, 'json'), []);
      assert.deepEqual(findings(text, 'json', { defaultFleetSize: 4 }), ['3:105-3:106 canary-size']);
      assert.deepEqual(findings(text, 'json', { defaultFleetSize: 6 }), []);
    });
    it('uses InitialInstanceCount from the same file before the setting', () => {
      const text = `{"InitialInstanceCount": 4, "DeploymentConfig": ${blueGreen('{"Type": "CANARY", "CanarySize": {"Type": "INSTANCE_COUNT", "Value": 3}, "WaitIntervalInSeconds": 600}')}}`;
      const codes = check(text, 'json', { defaultFleetSize: 100 }).map((f) => f.code);
      assert.deepEqual(codes, ['canary-size']);
    });
  });

  describe('linear-step-size', () => {
    for (const [value, fires] of [
      [5, true],
      [10, false],
      [50, false],
      [60, true],
    ] as const) {
      it(`${fires ? 'fires' : 'does not fire'} for ${value}%`, () => {
        const text = blueGreen(`{"Type": "LINEAR", "LinearStepSize": {"Type": "CAPACITY_PERCENT", "Value": ${value}}, "WaitIntervalInSeconds": 60}`);
        const found = check(text, 'json').filter((f) => f.code === 'linear-step-size');
        assert.equal(found.length, fires ? 1 : 0);
        if (fires) assert.equal(tokenOf(text, found[0]!), String(value));
      });
    }
  });

  describe('rolling-batch-size', () => {
    const rolling = (type: string, value: number): string => `{
  "RollingUpdatePolicy": {
    "MaximumBatchSize": {"Type": "${type}", "Value": ${value}},
    "WaitIntervalInSeconds": 300
  },
  ${alarms}
}`;
    it('fires outside 5-50% on the Value token', () => {
      assert.deepEqual(findings(rolling('CAPACITY_PERCENT', 4), 'json'), ['3:63-3:64 rolling-batch-size']);
      assert.deepEqual(findings(rolling('CAPACITY_PERCENT', 51), 'json'), ['3:63-3:65 rolling-batch-size']);
      assert.deepEqual(findings(rolling('CAPACITY_PERCENT', 5), 'json'), []);
    });
    it('converts an instance count with the fleet size (1 of 30 = 3.3%)', () => {
      assert.deepEqual(findings(rolling('INSTANCE_COUNT', 1), 'json', { defaultFleetSize: 30 }), ['3:61-3:62 rolling-batch-size']);
      assert.deepEqual(findings(rolling('INSTANCE_COUNT', 1), 'json', { defaultFleetSize: 3 }), []);
    });
  });

  describe('API limits', () => {
    it('unknown-key on the key token, with did-you-mean', () => {
      const text = blueGreen('{"Type": "ALL_AT_ONCE", "WaitIntervalSeconds": 600, "WaitIntervalInSeconds": 600}');
      const [finding] = check(text, 'json');
      assert.equal(finding?.code, 'unknown-key');
      assert.equal(tokenOf(text, finding!), '"WaitIntervalSeconds"');
      assert.match(finding!.message, /Did you mean "WaitIntervalInSeconds"\?/);
      assert.equal(finding!.data?.suggestion, 'WaitIntervalInSeconds');
    });
    it('missing-key on the key of the object that lacks it', () => {
      const text = blueGreen('{"Type": "ALL_AT_ONCE"}');
      assert.deepEqual(findings(text, 'json'), ['3:5-3:34 missing-key']);
      assert.equal(check(text, 'json')[0]!.data?.missingKey, 'WaitIntervalInSeconds');
    });
    it('wrong-type for "600" as a string, suggesting the number', () => {
      const text = blueGreen('{"Type": "ALL_AT_ONCE", "WaitIntervalInSeconds": "600"}');
      assert.deepEqual(findings(text, 'json'), ['3:85-3:90 wrong-type']);
      assert.equal(check(text, 'json')[0]!.data?.suggestion, 600);
    });
    it('wrong-type for a decimal number', () => {
      const text = blueGreen('{"Type": "ALL_AT_ONCE", "WaitIntervalInSeconds": 60.5}');
      assert.deepEqual(check(text, 'json').map((f) => f.code), ['wrong-type']);
    });
    it('invalid-enum with the likely value', () => {
      const canary = blueGreen('{"Type": "Canary", "CanarySize": {"Type": "CAPACITY_PERCENTAGE", "Value": 10}, "WaitIntervalInSeconds": 60}');
      const found = check(canary, 'json');
      assert.deepEqual(
        found.map((f) => [f.code, tokenOf(canary, f), f.data?.suggestion]),
        [
          ['invalid-enum', '"Canary"', 'CANARY'],
          ['invalid-enum', '"CAPACITY_PERCENTAGE"', 'CAPACITY_PERCENT'],
        ],
      );
    });
    it('out-of-range for waits, timeouts, capacity values and alarms', () => {
      const text = `{
  "BlueGreenUpdatePolicy": {
    "TrafficRoutingConfiguration": {"Type": "LINEAR", "LinearStepSize": {"Type": "CAPACITY_PERCENT", "Value": 0}, "WaitIntervalInSeconds": 3601},
    "TerminationWaitInSeconds": -1,
    "MaximumExecutionTimeoutInSeconds": 599
  },
  "AutoRollbackConfiguration": {"Alarms": [{"AlarmName": "  "}]}
}`;
      assert.deepEqual(findings(text, 'json'), [
        '3:111-3:112 out-of-range',
        '3:140-3:144 out-of-range',
        '4:33-4:35 out-of-range',
        '5:41-5:44 out-of-range',
        '7:58-7:62 out-of-range',
      ]);
    });
    it('out-of-range for more than 10 alarms, on the first extra alarm', () => {
      const list = Array.from({ length: 11 }, (_, i) => `{"AlarmName": "a${i}"}`).join(', ');
      const text = `{"BlueGreenUpdatePolicy": {"TrafficRoutingConfiguration": {"Type": "ALL_AT_ONCE", "WaitIntervalInSeconds": 0}}, "AutoRollbackConfiguration": {"Alarms": [${list}]}}`;
      const [finding] = check(text, 'json');
      assert.equal(finding?.code, 'out-of-range');
      assert.equal(tokenOf(text, finding!), '{"AlarmName": "a10"}');
    });
  });

  describe('structure', () => {
    it('conflicting-policies on the second policy key', () => {
      const text = `{
  "BlueGreenUpdatePolicy": {"TrafficRoutingConfiguration": {"Type": "ALL_AT_ONCE", "WaitIntervalInSeconds": 0}},
  "RollingUpdatePolicy": {"MaximumBatchSize": {"Type": "CAPACITY_PERCENT", "Value": 10}, "WaitIntervalInSeconds": 0},
  ${alarms}
}`;
      assert.deepEqual(findings(text, 'json'), ['3:3-3:24 conflicting-policies']);
    });
    it('size-mode-mismatch: a size that does not apply, and a mode without its size', () => {
      const wrongSize = blueGreen('{"Type": "ALL_AT_ONCE", "CanarySize": {"Type": "CAPACITY_PERCENT", "Value": 10}, "WaitIntervalInSeconds": 60}');
      assert.deepEqual(findings(wrongSize, 'json'), ['3:60-3:72 size-mode-mismatch']);
      const noSize = blueGreen('{"Type": "LINEAR", "WaitIntervalInSeconds": 60}');
      assert.deepEqual(findings(noSize, 'json'), ['3:45-3:53 size-mode-mismatch']);
    });
  });

  describe('timeout-too-short', () => {
    it('warns when the timeout is not larger than the bakes plus the termination wait, with both numbers', () => {
      // The guide's canary: 2 bakes of 600 s + 600 s termination wait = 1800 s, timeout 1800 s.
      const text = blueGreen(
        '{"Type": "CANARY", "CanarySize": {"Type": "CAPACITY_PERCENT", "Value": 30}, "WaitIntervalInSeconds": 600}',
        '"TerminationWaitInSeconds": 600, "MaximumExecutionTimeoutInSeconds": 1800',
      );
      const [finding] = check(text, 'json');
      assert.equal(finding?.code, 'timeout-too-short');
      assert.equal(finding?.severity, 'warning');
      assert.equal(tokenOf(text, finding!), '1800');
      assert.match(finding!.message, /1800/);
      assert.match(finding!.message, /total waiting time of 1800 s/);
      // A warning says what is likely, not what is certain.
      assert.match(finding!.message, /likely to time out/);
      assert.doesNotMatch(finding!.message, /\bwould\b|\bwill\b/);
      assert.equal(finding!.data?.totalWaitSeconds, 1800);
    });
    it('counts one bake per linear step (20% = 5 steps)', () => {
      const linear = (timeout: number): string =>
        blueGreen('{"Type": "LINEAR", "LinearStepSize": {"Type": "CAPACITY_PERCENT", "Value": 20}, "WaitIntervalInSeconds": 300}', `"MaximumExecutionTimeoutInSeconds": ${timeout}`);
      assert.deepEqual(check(linear(1500), 'json').map((f) => f.code), ['timeout-too-short']);
      assert.deepEqual(check(linear(1501), 'json').map((f) => f.code), []);
    });
    it('is skipped when the step count cannot be known (instance count, no fleet size)', () => {
      const text = blueGreen('{"Type": "LINEAR", "LinearStepSize": {"Type": "INSTANCE_COUNT", "Value": 1}, "WaitIntervalInSeconds": 3600}', '"MaximumExecutionTimeoutInSeconds": 600');
      assert.deepEqual(check(text, 'json').map((f) => f.code), []);
      assert.deepEqual(check(text, 'json', { defaultFleetSize: 5 }).map((f) => f.code), ['timeout-too-short']);
    });
  });

  describe('no-rollback-alarms', () => {
    it('warns on the policy key when there are no alarms', () => {
      const text = `{"RollingUpdatePolicy": {"MaximumBatchSize": {"Type": "CAPACITY_PERCENT", "Value": 10}, "WaitIntervalInSeconds": 60}}`;
      assert.deepEqual(findings(text, 'json'), ['1:2-1:23 no-rollback-alarms']);
    });
    it('is quiet with alarms', () => {
      const text = `{"RollingUpdatePolicy": {"MaximumBatchSize": {"Type": "CAPACITY_PERCENT", "Value": 10}, "WaitIntervalInSeconds": 60}, ${alarms}}`;
      assert.deepEqual(findings(text, 'json'), []);
    });
  });

  describe('placeholder-alarm-name', () => {
    it('warns on an alarm name still in angle brackets, the placeholder our fix and snippets write', () => {
      const text = `{"RollingUpdatePolicy": {"MaximumBatchSize": {"Type": "CAPACITY_PERCENT", "Value": 10}, "WaitIntervalInSeconds": 60}, "AutoRollbackConfiguration": {"Alarms": [{"AlarmName": "p99"}, {"AlarmName": "<your-alarm-name>"}]}}`;
      assert.deepEqual(findings(text, 'json'), ['1:196-1:215 placeholder-alarm-name']);
      assert.match(check(text, 'json')[0]!.message, /^Alarm name <your-alarm-name> is a placeholder/);
    });
    it('is quiet on real names, names with brackets inside, and non-literal names', () => {
      for (const name of ['"orders-5xx"', '"alarm <prod>"', '"<>x"']) {
        assert.deepEqual(findings(`{"RollingUpdatePolicy": {"MaximumBatchSize": {"Type": "CAPACITY_PERCENT", "Value": 10}, "WaitIntervalInSeconds": 60}, "AutoRollbackConfiguration": {"Alarms": [{"AlarmName": ${name}}]}}`, 'json'), [], name);
      }
    });
  });

  it('disabled rules are not reported', () => {
    const text = blueGreen('{"Type": "CANARY", "CanarySize": {"Type": "CAPACITY_PERCENT", "Value": 75}, "WaitIntervalInSeconds": 600}');
    assert.deepEqual(findings(text, 'json', { disabledRules: new Set(['canary-size']) }), []);
  });
});
