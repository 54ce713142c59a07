// What a reader sees in the hover popup and the code lens line: wording, no raw JSON, no noise.
// The cursor is marked with `|`.
import { strict as assert } from 'node:assert';
import { analyzeDocument, type DocumentKind } from '../../server/src/core/check';
import { rolloutConfigOf } from '../../server/src/core/rollout';
import { hoverAt } from '../../server/src/core/services/hover';
import { describeRollout, humanDuration } from '../../server/src/core/services/summary';
import { parsersReady } from './helpers/findings';

async function hover(marked: string, kind: DocumentKind, defaultFleetSize?: number): Promise<string> {
  const offset = marked.indexOf('|');
  const text = marked.slice(0, offset) + marked.slice(offset + 1);
  const { blocks } = analyzeDocument(text, kind, { parsers: await parsersReady() });
  const result = hoverAt(blocks, offset, defaultFleetSize);
  assert.ok(result, 'a hover');
  return result.markdown;
}

async function summary(text: string, kind: DocumentKind, fleetSize?: number): Promise<string> {
  const { blocks } = analyzeDocument(text, kind, { parsers: await parsersReady() });
  const block = blocks[0]!;
  return describeRollout(rolloutConfigOf(block.root)!, block.fleetSize ?? fleetSize);
}

const FLEET_NOTE = /Fleet size unknown/;

/** A canary without InitialInstanceCount in the file (the fleet size is unknown). */
const CANARY_JSON = `{
  "BlueGreenUpdatePolicy": {
    "TrafficRoutingConfiguration": {"Type": "CANARY", "CanarySize": {"Type": "CAPACITY_PERCENT", "Value": 25}, "WaitIntervalInSeconds": 300},
    "TerminationWaitInSeconds": 120,
    "MaximumExecutionTimeoutInSeconds": 3600
  },
  "AutoRollbackConfiguration": {"Alarms": [{"AlarmName": "fraud-5xx"}]}
}`;

const ROLLING_JSON = (batch: string) => `{
  "RollingUpdatePolicy": {"MaximumBatchSize": ${batch}, "WaitIntervalInSeconds": 300, "MaximumExecutionTimeoutInSeconds": 3600},
  "AutoRollbackConfiguration": {"Alarms": [{"AlarmName": "a"}]}
}`;

const LINEAR_JSON = `{"BlueGreenUpdatePolicy": {"TrafficRoutingConfiguration": {"Type": "LINEAR", "LinearStepSize": {"Type": "CAPACITY_PERCENT", "Value": 20}, "WaitIntervalInSeconds": 120}},
 "AutoRollbackConfiguration": {"Alarms": [{"AlarmName": "a"}]}}`;

describe('UX: hover text', () => {
  it('says nothing about an unknown fleet size where it changes nothing (alarms, a canary bake, the timeout)', async () => {
    for (const key of ['AlarmName', 'TerminationWaitInSeconds', 'MaximumExecutionTimeoutInSeconds', 'WaitIntervalInSeconds']) {
      const markdown = await hover(CANARY_JSON.replace(`"${key}"`, `"${key.slice(0, 3)}|${key.slice(3)}"`), 'json');
      assert.doesNotMatch(markdown, FLEET_NOTE, key);
      assert.match(markdown, /\*\*In this config:\*\*/, key);
    }
  });

  it('mentions the unknown fleet size on a size (its instance count) and for linear step counts', async () => {
    assert.match(await hover(CANARY_JSON.replace('"CanarySize"', '"Canary|Size"'), 'json'), FLEET_NOTE);
    assert.match(await hover(LINEAR_JSON.replace('"WaitIntervalInSeconds"', '"Wait|IntervalInSeconds"'), 'json'), FLEET_NOTE);
    // The note names the setting and the key as code, not as loose words.
    assert.match(await hover(CANARY_JSON.replace('"CanarySize"', '"Canary|Size"'), 'json'), /`InitialInstanceCount`.*`smGuardrails\.defaultFleetSize`/);
    // Known from the setting: no note.
    assert.doesNotMatch(await hover(CANARY_JSON.replace('"CanarySize"', '"Canary|Size"'), 'json', 4), FLEET_NOTE);
  });

  it('does not print "object" as a type, and names list items with []', async () => {
    const size = await hover(CANARY_JSON.replace('"CanarySize"', '"Canary|Size"'), 'json');
    assert.match(size.split('\n')[0]!, /^\*\*TrafficRoutingConfiguration\.CanarySize\*\* · guardrail: at most 50% of the fleet · required for CANARY, not allowed otherwise$/);
    // The API lists the sizes as optional; the mode needs its own (size-mode-mismatch).
    const step = await hover(LINEAR_JSON.replace('"LinearStepSize"', '"Linear|StepSize"'), 'json');
    assert.match(step.split('\n')[0]!, / · required for LINEAR, not allowed otherwise$/);
    const termination = await hover(CANARY_JSON.replace('"TerminationWaitInSeconds"', '"Termination|WaitInSeconds"'), 'json');
    assert.match(termination.split('\n')[0]!, / · optional · default 0$/);
    const alarm = await hover(CANARY_JSON.replace('"AlarmName"', '"Alarm|Name"'), 'json');
    assert.match(alarm.split('\n')[0]!, /^\*\*Alarms\[\]\.AlarmName\*\* · string, 1-255 characters/);
    const alarms = await hover(CANARY_JSON.replace('"Alarms"', '"Ala|rms"'), 'json');
    assert.match(alarms.split('\n')[0]!, /list of 1-10 items/);
  });

  it('a rolling batch size is "per batch", not "per step"', async () => {
    const markdown = await hover(ROLLING_JSON('{"Type": "CAPACITY_PERCENT", "Value": 25}').replace('"MaximumBatchSize"', '"Maximum|BatchSize"'), 'json', 8);
    assert.match(markdown, /\*\*In this config:\*\* 25% \(2 of 8 instances\) per batch; 4 baking periods of 5 min\./);
  });

  it('has no empty paragraphs (no blank line runs, no trailing blank line)', async () => {
    for (const marked of [CANARY_JSON.replace('"CANARY"', '"CAN|ARY"'), CANARY_JSON.replace('"CanarySize"', '"Canary|Size"'), ROLLING_JSON('{"Type": "INSTANCE_COUNT", "Value": 1}').replace('"INSTANCE_COUNT"', '"INSTANCE|_COUNT"')]) {
      const markdown = await hover(marked, 'json');
      assert.doesNotMatch(markdown, /\n\n\n/);
      assert.doesNotMatch(markdown, /\n$/);
    }
  });
});

describe('UX: code lens summary', () => {
  it('reads linear as "Linear, N steps of X", saying what a percentage becomes for the fleet', async () => {
    assert.equal(await summary(LINEAR_JSON, 'json'), 'Linear, 5 steps of 20% · 5 bakes of 2 min · old fleet terminated at 10 min');
    // 20% of 4 instances rounds up to 1 instance: 4 steps of 25%, not "4 steps of 20%".
    assert.equal(await summary(LINEAR_JSON, 'json', 4), 'Linear, 4 steps of 1 instance (25% of 4; 20% rounds up) · 4 bakes of 2 min · old fleet terminated at 8 min');
    assert.equal(await summary(LINEAR_JSON, 'json', 3), 'Linear, 3 steps of 1 instance (33.3% of 3; 20% rounds up) · 3 bakes of 2 min · old fleet terminated at 6 min');
    assert.equal(await summary(LINEAR_JSON.replace('"WaitIntervalInSeconds": 120', '"WaitIntervalInSeconds": 0'), 'json', 10), 'Linear, 5 steps of 2 instances (20% of 10) · no baking period (wait 0 s) · old fleet terminated at 0 s');
  });

  it('reads rolling as "Rolling, N batches of X", with one pair of parentheses', async () => {
    assert.equal(
      await summary(ROLLING_JSON('{"Type": "CAPACITY_PERCENT", "Value": 25}'), 'json', 8),
      'Rolling, 4 batches of 2 instances (25% of 8) · 4 bakes of 5 min · old fleet terminated at 20 min · timeout 1 h',
    );
    assert.equal(
      await summary(ROLLING_JSON('{"Type": "INSTANCE_COUNT", "Value": 2}'), 'json'),
      'Rolling, batches of 2 instances · bakes of 5 min (step count needs the fleet size) · timeout 1 h',
    );
  });

  it('gives durations exactly, never "1 h 60 min"', () => {
    assert.equal(humanDuration(0), '0 s');
    assert.equal(humanDuration(45), '45 s');
    assert.equal(humanDuration(600), '10 min');
    assert.equal(humanDuration(90), '1 min 30 s');
    assert.equal(humanDuration(3600), '1 h');
    assert.equal(humanDuration(7170), '1 h 59 min 30 s');
    assert.equal(humanDuration(3660), '1 h 1 min');
    assert.equal(humanDuration(28800), '8 h');
  });
});
