// Hover, completion and the code-lens summary on real documents; the cursor is marked with `|`.
import { strict as assert } from 'node:assert';
import { analyzeDocument, checkDocument, type DocumentKind } from '../../server/src/core/check';
import { rolloutConfigOf } from '../../server/src/core/rollout';
import { completionsAt } from '../../server/src/core/services/completion';
import { hoverAt } from '../../server/src/core/services/hover';
import { describeRollout } from '../../server/src/core/services/summary';
import { parsersReady } from './helpers/findings';

async function atCursor(marked: string, kind: DocumentKind) {
  const offset = marked.indexOf('|');
  const text = marked.slice(0, offset) + marked.slice(offset + 1);
  const analysis = analyzeDocument(text, kind, { parsers: await parsersReady() });
  // As the server does: configs being typed (drafts) are read by completion and hover too.
  return { text, offset, blocks: [...analysis.blocks, ...(analysis.drafts ?? [])] };
}

const CANARY_PY = `client.create_endpoint_config(EndpointConfigName="c", ProductionVariants=[{"VariantName": "v", "InitialInstanceCount": 4}])
client.update_endpoint(EndpointName="e", EndpointConfigName="c", DeploymentConfig={
    "BlueGreenUpdatePolicy": {
        "TrafficRoutingConfiguration": {
            "Type": "CAN|ARY",
            "CanarySize": {"Type": "CAPACITY_PERCENT", "Value": 30},
            "WaitIntervalInSeconds": 600,
        },
        "TerminationWaitInSeconds": 600,
        "MaximumExecutionTimeoutInSeconds": 3600,
    },
    "AutoRollbackConfiguration": {"Alarms": [{"AlarmName": "e-5xx"}]},
})
`;

describe('hover', () => {
  it('explains an enum value, with the guide page for the mode', async () => {
    const { offset, blocks, text } = await atCursor(CANARY_PY, 'python');
    const hover = hoverAt(blocks, offset)!;
    assert.match(hover.markdown, /\*\*CANARY\*\*/);
    assert.match(hover.markdown, /canary/i);
    assert.match(hover.markdown, /deployment-guardrails-blue-green-canary\.html/);
    assert.equal(text.slice(hover.span.offset, hover.span.offset + hover.span.length), '"CANARY"');
  });

  it('explains a key: meaning, range, and what the value does here ("30% of 4 instances = 2")', async () => {
    const { offset, blocks, text } = await atCursor(CANARY_PY.replace('"CAN|ARY"', '"CANARY"').replace('"Value": 30', '"Val|ue": 30'), 'python');
    const hover = hoverAt(blocks, offset)!;
    assert.equal(text.slice(hover.span.offset, hover.span.offset + hover.span.length), '"Value"');
    assert.match(hover.markdown, /\*\*CanarySize\.Value\*\* · integer, at least 1/);
    assert.match(hover.markdown, /guardrail: at most 50% of the fleet/);
    assert.match(hover.markdown, /30% \(2 of 4 instances\) first, then the rest; 2 baking periods of 10 min/);
  });

  it('shows the waiting total against the timeout', async () => {
    const { offset, blocks } = await atCursor(CANARY_PY.replace('"CAN|ARY"', '"CANARY"').replace('"MaximumExecutionTimeoutInSeconds"', '"MaximumExecution|TimeoutInSeconds"'), 'python');
    const hover = hoverAt(blocks, offset)!;
    assert.match(hover.markdown, /600-28800/);
    assert.match(hover.markdown, /1 h for 30 min of waiting: 30 min to spare/);
  });

  it('works in JSON and shorthand too', async () => {
    const json = await atCursor('{"RollingUpdatePolicy": {"MaximumBatchSize": {"Type": "INSTANCE_COUNT", "Value": 1}, "WaitInterval|InSeconds": 300}}', 'json');
    assert.match(hoverAt(json.blocks, json.offset)!.markdown, /baking period after each batch/);
    const shorthand = await atCursor("aws sagemaker update-endpoint --deployment-config 'RollingUpdatePolicy={MaximumBatchSize={Type=CAPACITY_PERCENT,Value=10},WaitIntervalInSeconds=3|00}'", 'shell');
    assert.match(hoverAt(shorthand.blocks, shorthand.offset)!.markdown, /10 baking periods of 5 min; 50 min of waiting in total/);
  });

  it('is silent outside configs', async () => {
    const { offset, blocks } = await atCursor('x = {"Type": "CAN|ARY"}', 'python');
    assert.equal(hoverAt(blocks, offset), undefined);
  });
});

describe('completion', () => {
  it('offers the keys not yet present inside a lone Python string, writing the whole entry over it', async () => {
    const { text, offset, blocks } = await atCursor(`cfg = {"BlueGreenUpdatePolicy": {"TrafficRoutingConfiguration": {"Type": "LINEAR", "Wa|"}}}`, 'python');
    const items = completionsAt(text, 'python', blocks, offset);
    // CanarySize would contradict LINEAR (size-mode-mismatch): not offered.
    assert.deepEqual(items.map((i) => i.label).sort(), ['LinearStepSize', 'WaitIntervalInSeconds']);
    const wait = items.find((i) => i.label === 'WaitIntervalInSeconds')!;
    assert.equal(wait.insertText, '"WaitIntervalInSeconds": ${1:600}');
    assert.equal(text.slice(wait.replace.offset, wait.replace.offset + wait.replace.length), '"Wa"');
    // The editor filters on the text typed from the range start, quote included: `"Wa` must match.
    assert.equal(wait.filterText, '"WaitIntervalInSeconds');
  });

  it('offers only the size of the config\'s mode, and not the other update policy', async () => {
    const canary = await atCursor(`cfg = {"BlueGreenUpdatePolicy": {"TrafficRoutingConfiguration": {"Type": "CANARY", |}}}`, 'python');
    assert.deepEqual(completionsAt(canary.text, 'python', canary.blocks, canary.offset).map((i) => i.label).sort(), ['CanarySize', 'WaitIntervalInSeconds']);
    const allAtOnce = await atCursor(`cfg = {"BlueGreenUpdatePolicy": {"TrafficRoutingConfiguration": {"Type": "ALL_AT_ONCE", |}}}`, 'python');
    assert.deepEqual(completionsAt(allAtOnce.text, 'python', allAtOnce.blocks, allAtOnce.offset).map((i) => i.label), ['WaitIntervalInSeconds']);
    const root = await atCursor(`{"RollingUpdatePolicy": {"MaximumBatchSize": {"Type": "CAPACITY_PERCENT", "Value": 20}, "WaitIntervalInSeconds": 60}, |}`, 'json');
    assert.deepEqual(completionsAt(root.text, 'json', root.blocks, root.offset).map((i) => i.label), ['AutoRollbackConfiguration']);
  });

  it('completes a key being typed in CLI JSON, which is invalid JSON until its value is written', async () => {
    const single = `aws sagemaker update-endpoint --endpoint-name e --endpoint-config-name c --deployment-config '{"RollingUpdatePolicy": {"MaximumBatchSize": {"Type": "CAPACITY_PERCENT", "Value": 20}, "WaitIntervalInSeconds": 60, "|"}}'\n`;
    const typed = await atCursor(single, 'shell');
    const items = completionsAt(typed.text, 'shell', typed.blocks, typed.offset);
    assert.deepEqual(items.map((i) => i.label).sort(), ['MaximumExecutionTimeoutInSeconds', 'RollbackMaximumBatchSize']);
    const timeout = items.find((i) => i.label === 'MaximumExecutionTimeoutInSeconds')!;
    assert.equal(typed.text.slice(timeout.replace.offset, timeout.replace.offset + timeout.replace.length), '""');
    assert.equal(timeout.insertText, '"MaximumExecutionTimeoutInSeconds": ${1:3600}');
    // Inside double quotes the inserted JSON is escaped for the shell.
    const double = `aws sagemaker update-endpoint --endpoint-name e --endpoint-config-name c --deployment-config "{\\"RollingUpdatePolicy\\": {\\"WaitIntervalInSeconds\\": 60, |}}"\n`;
    const escaped = await atCursor(double, 'shell');
    const batch = completionsAt(escaped.text, 'shell', escaped.blocks, escaped.offset).find((i) => i.label === 'MaximumBatchSize');
    assert.equal(batch?.insertText, '\\"MaximumBatchSize\\": {$1}');
    // The half-typed value is reported once, as the CLI would reject it, and nothing else.
    assert.deepEqual(checkDocument(typed.text, 'shell', { parsers: await parsersReady() }).findings.map((f) => f.code), ['cli-syntax']);
  });

  it('inserts the bare name inside a key string that already has its value', async () => {
    const { text, offset, blocks } = await atCursor(`cfg = {'RollingUpdatePolicy': {'Wa|': 60}}`, 'python');
    const items = completionsAt(text, 'python', blocks, offset);
    const wait = items.find((i) => i.label === 'WaitIntervalInSeconds')!;
    assert.equal(wait.insertText, 'WaitIntervalInSeconds');
    assert.equal(text.slice(wait.replace.offset, wait.replace.offset + wait.replace.length), 'Wa');
    assert.equal(wait.filterText, 'WaitIntervalInSeconds');
  });

  it('offers enum values inside a string value', async () => {
    const { text, offset, blocks } = await atCursor(`{"BlueGreenUpdatePolicy": {"TrafficRoutingConfiguration": {"Type": "|", "WaitIntervalInSeconds": 0}}}`, 'json');
    const items = completionsAt(text, 'json', blocks, offset);
    assert.deepEqual(items.map((i) => i.label), ['ALL_AT_ONCE', 'CANARY', 'LINEAR']);
    assert.equal(items[0]!.insertText, 'ALL_AT_ONCE');
  });

  it('inserts a whole key and value with the dict\'s quote style', async () => {
    const { text, offset, blocks } = await atCursor(`cfg = {'RollingUpdatePolicy': {'WaitIntervalInSeconds': 60, |}}`, 'python');
    const items = completionsAt(text, 'python', blocks, offset);
    const batch = items.find((i) => i.label === 'MaximumBatchSize')!;
    assert.equal(batch.insertText, "'MaximumBatchSize': {$1}");
    assert.ok(!items.some((i) => i.label === 'WaitIntervalInSeconds'), 'present keys are not offered');
  });

  it('offers whole-config snippets after DeploymentConfig= and --deployment-config', async () => {
    const python = await atCursor('client.update_endpoint(EndpointName="e", DeploymentConfig=|)', 'python');
    const snippets = completionsAt(python.text, 'python', python.blocks, python.offset);
    assert.deepEqual(snippets.map((s) => s.label), ['DeploymentConfig: all-at-once', 'DeploymentConfig: canary', 'DeploymentConfig: linear', 'DeploymentConfig: rolling']);
    assert.match(snippets[1]!.insertText, /"Type": "CANARY"/);
    assert.match(snippets[1]!.insertText, /"AlarmName": "\$\{9:<your-alarm-name>\}"/);
    const shell = await atCursor('aws sagemaker update-endpoint --endpoint-name e --deployment-config |', 'shell');
    const [first] = completionsAt(shell.text, 'shell', shell.blocks, shell.offset);
    assert.match(first!.insertText, /^'\{"BlueGreenUpdatePolicy": \{.*\}'$/);
    assert.ok(!first!.insertText.includes('\n'), 'a CLI snippet stays on one line');
  });

  it('every snippet, filled with its defaults, is a config without errors (the alarm placeholder is a warning to fill in)', async () => {
    const python = await atCursor('client.update_endpoint(EndpointName="e", DeploymentConfig=|)', 'python');
    for (const snippet of completionsAt(python.text, 'python', python.blocks, python.offset)) {
      const filled = snippet.insertText.replace(/\$\{\d+:([^}]*)\}/g, '$1');
      const text = python.text.slice(0, python.offset) + filled + python.text.slice(python.offset);
      const findings = checkDocument(text, 'python', { parsers: await parsersReady() }).findings;
      assert.deepEqual(findings.map((f) => f.code), ['placeholder-alarm-name'], snippet.label);
    }
  });

  /** The document after accepting `label` at the cursor, with each placeholder's default. */
  function accept(typed: { text: string; offset: number; blocks: Parameters<typeof completionsAt>[2] }, kind: DocumentKind, label: string): string {
    const item = completionsAt(typed.text, kind, typed.blocks, typed.offset).find((i) => i.label === label);
    assert.ok(item, `${label} is offered`);
    const filled = item.insertText.replace(/\$\{\d+:([^}]*)\}/g, '$1');
    return typed.text.slice(0, item.replace.offset) + filled + typed.text.slice(item.replace.offset + item.replace.length);
  }

  it('offers whole configs inside an empty config too, one key per line in the file\'s indentation', async () => {
    // A blank line inside `DeploymentConfig={ }`, 4-space Python.
    const python = await atCursor('client.update_endpoint(\n    EndpointName="e",\n    DeploymentConfig={\n        |\n    },\n)\n', 'python');
    assert.equal(
      accept(python, 'python', 'DeploymentConfig: canary'),
      [
        'client.update_endpoint(',
        '    EndpointName="e",',
        '    DeploymentConfig={',
        '        "BlueGreenUpdatePolicy": {',
        '            "TrafficRoutingConfiguration": {',
        '                "Type": "CANARY",',
        '                "CanarySize": {',
        '                    "Type": "CAPACITY_PERCENT",',
        '                    "Value": 20',
        '                },',
        '                "WaitIntervalInSeconds": 600',
        '            },',
        '            "TerminationWaitInSeconds": 600,',
        '            "MaximumExecutionTimeoutInSeconds": 3600',
        '        },',
        '        "AutoRollbackConfiguration": {',
        '            "Alarms": [',
        '                {',
        '                    "AlarmName": "<your-alarm-name>"',
        '                }',
        '            ]',
        '        }',
        '    },',
        ')',
        '',
      ].join('\n'),
    );
    // `{|}` on one line in a 2-space JSON file, under "DeploymentConfig".
    const json = await atCursor('{\n  "EndpointName": "e",\n  "DeploymentConfig": {|}\n}\n', 'json');
    assert.equal(
      accept(json, 'json', 'DeploymentConfig: all-at-once'),
      [
        '{',
        '  "EndpointName": "e",',
        '  "DeploymentConfig": {',
        '    "BlueGreenUpdatePolicy": {',
        '      "TrafficRoutingConfiguration": {',
        '        "Type": "ALL_AT_ONCE",',
        '        "WaitIntervalInSeconds": 600',
        '      },',
        '      "TerminationWaitInSeconds": 0,',
        '      "MaximumExecutionTimeoutInSeconds": 1800',
        '    },',
        '    "AutoRollbackConfiguration": {',
        '      "Alarms": [',
        '        {',
        '          "AlarmName": "<your-alarm-name>"',
        '        }',
        '      ]',
        '    }',
        '  }',
        '}',
        '',
      ].join('\n'),
    );
    // A new file holding only `{}`; single quotes and tabs are kept in Python.
    const file = await atCursor('{|}', 'json');
    assert.match(accept(file, 'json', 'DeploymentConfig: rolling'), /^\{\n {4}"RollingUpdatePolicy": \{\n {8}"MaximumBatchSize": \{\n/);
    const tabs = await atCursor("def deploy():\n\tclient.update_endpoint(EndpointName='e', DeploymentConfig={|})\n", 'python');
    assert.match(accept(tabs, 'python', 'DeploymentConfig: linear'), /DeploymentConfig=\{\n\t\t'BlueGreenUpdatePolicy': \{\n\t\t\t'TrafficRoutingConfiguration': \{\n/);
  });

  it('lays out a config after DeploymentConfig= from the line it starts on', async () => {
    const python = await atCursor('def deploy():\n  client.update_endpoint(EndpointName="e", DeploymentConfig=|)\n', 'python');
    const text = accept(python, 'python', 'DeploymentConfig: all-at-once');
    assert.ok(text.startsWith('def deploy():\n  client.update_endpoint(EndpointName="e", DeploymentConfig={\n    "BlueGreenUpdatePolicy": {\n      "TrafficRoutingConfiguration": {\n'), text);
    assert.ok(text.endsWith('\n    }\n  })\n'), text);
    assert.ok(text.split('\n').every((line) => line.length <= 80), 'no long lines');
  });
});

describe('completion opened by a typed character', () => {
  // VS Code's own JSON support opens the list only where a key or value is being typed; an item
  // under the cursor after `{` or `,` would take the Enter that follows and break typing.
  const POLICY = `cfg = {"BlueGreenUpdatePolicy": {|}}`;

  it('offers nothing after `{`, `,` or a space, and everything when asked (Ctrl+Space)', async () => {
    const brace = await atCursor(POLICY, 'python');
    assert.deepEqual(completionsAt(brace.text, 'python', brace.blocks, brace.offset, { character: '{' }), []);
    assert.ok(completionsAt(brace.text, 'python', brace.blocks, brace.offset).some((i) => i.label === 'TrafficRoutingConfiguration'), 'Ctrl+Space still offers the keys');
    const comma = await atCursor(`cfg = {"BlueGreenUpdatePolicy": {"TrafficRoutingConfiguration": {"Type": "LINEAR",|}}}`, 'python');
    assert.deepEqual(completionsAt(comma.text, 'python', comma.blocks, comma.offset, { character: ',' }), []);
    assert.deepEqual(completionsAt(comma.text, 'python', comma.blocks, comma.offset, { character: ' ' }), []);
  });

  it('a quote offers keys when it opens a string, nothing when it closes one', async () => {
    const opening = await atCursor(`cfg = {"BlueGreenUpdatePolicy": {"TrafficRoutingConfiguration": {"Type": "LINEAR", "|"}}}`, 'python');
    assert.deepEqual(completionsAt(opening.text, 'python', opening.blocks, opening.offset, { character: '"' }).map((i) => i.label).sort(), ['LinearStepSize', 'WaitIntervalInSeconds']);
    const closing = await atCursor(`{"RollingUpdatePolicy": {"MaximumBatchSize": {"Type": "INSTANCE_COUNT"|, "Value": 1}}}`, 'json');
    assert.deepEqual(completionsAt(closing.text, 'json', closing.blocks, closing.offset, { character: '"' }), []);
  });

  it('`:` and `=` offer values only where a value starts, written after a space in JSON and Python', async () => {
    const type = await atCursor(`{"BlueGreenUpdatePolicy": {"TrafficRoutingConfiguration": {"Type":|}}}`, 'json');
    const values = completionsAt(type.text, 'json', type.blocks, type.offset, { character: ':' });
    assert.deepEqual(values.map((i) => i.label), ['ALL_AT_ONCE', 'CANARY', 'LINEAR']);
    assert.equal(values[1]!.insertText, ' "CANARY"');
    // An integer has no values to offer, and keys are never offered after `:`.
    const wait = await atCursor(`{"BlueGreenUpdatePolicy": {"TrafficRoutingConfiguration": {"Type": "LINEAR", "WaitIntervalInSeconds":|}}}`, 'json');
    assert.deepEqual(completionsAt(wait.text, 'json', wait.blocks, wait.offset, { character: ':' }), []);
    const shorthand = await atCursor(`aws sagemaker update-endpoint --deployment-config 'RollingUpdatePolicy={MaximumBatchSize={Type=|,Value=10}}'`, 'shell');
    assert.deepEqual(completionsAt(shorthand.text, 'shell', shorthand.blocks, shorthand.offset, { character: '=' }).map((i) => i.insertText).sort(), ['CAPACITY_PERCENT', 'INSTANCE_COUNT']);
    const python = await atCursor('client.update_endpoint(EndpointName="e", DeploymentConfig=|)', 'python');
    assert.equal(completionsAt(python.text, 'python', python.blocks, python.offset, { character: '=' }).length, 4);
    // `=` in Python code that is not a config offers nothing.
    const assignment = await atCursor('x =|', 'python');
    assert.deepEqual(completionsAt(assignment.text, 'python', assignment.blocks, assignment.offset, { character: '=' }), []);
  });
});

describe('code lens summary', () => {
  it('describes the guide canary in one line', async () => {
    const { blocks } = await atCursor(CANARY_PY.replace('|', ''), 'python');
    const config = rolloutConfigOf(blocks[0]!.root)!;
    assert.equal(describeRollout(config, blocks[0]!.fleetSize), 'Canary 2 of 4 instances (50%; 30% rounds up) then 100% · 2 bakes of 10 min · old fleet terminated at 30 min · timeout 1 h');
  });
});
