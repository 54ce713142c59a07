// The language server as a process: `node dist/server.js --stdio`, spoken to over JSON-RPC with
// Content-Length framing. Diagnostics are read from publishDiagnostics notifications; every wait
// is event driven with a timeout (no sleeps).
import { strict as assert } from 'node:assert';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { LspClient, type Diagnostic, type PublishDiagnosticsParams, type Range } from './helpers/lsp-client';

const root = join(__dirname, '..', '..', '..');
const serverPath = join(root, 'dist', 'server.js');
/** Documents live (virtually) beside the process fixtures; they need not exist on disk. */
const documentUri = (name: string): string => pathToFileURL(join(root, 'test', 'fixtures', 'process', 'lsp', name)).href;

/** The 0-based LSP range of the `occurrence`-th `token` in `text`, computed independently of the server. */
function rangeOf(text: string, token: string, occurrence = 0): Range {
  let offset = -1;
  for (let i = 0; i <= occurrence; i++) {
    offset = text.indexOf(token, offset + 1);
    if (offset === -1) throw new Error(`test bug: ${JSON.stringify(token)} (#${occurrence}) is not in the text`);
  }
  const position = (at: number) => {
    const before = text.slice(0, at);
    const line = before.split('\n').length - 1;
    return { line, character: at - (before.lastIndexOf('\n') + 1) };
  };
  return { start: position(offset), end: position(offset + token.length) };
}

/** Diagnostics reduced to what a test compares: code, severity, source and range. */
function summary(diagnostics: readonly Diagnostic[]): { code: string | number | undefined; severity: number | undefined; source: string | undefined; range: Range }[] {
  return diagnostics.map((d) => ({ code: d.code, severity: d.severity, source: d.source, range: d.range }));
}

const error = (code: string, range: Range) => ({ code, severity: 1, source: 'sm-guardrails', range });
const warning = (code: string, range: Range) => ({ code, severity: 2, source: 'sm-guardrails', range });

const pythonText = `import boto3

sm = boto3.client("sagemaker")
sm.update_endpoint(
    EndpointName="orders",
    EndpointConfigName="orders-v2",
    DeploymentConfig={
        "BlueGreenUpdatePolicy": {
            "TrafficRoutingConfiguration": {
                "Type": "CANARY",
                "CanarySize": {"Type": "CAPACITY_PERCENT", "Value": 75},
                "WaitIntervalInSeconds": 600,
            },
            "MaximumExecutionTimeoutInSeconds": 7200,
        },
        "AutoRollbackConfiguration": {"Alarms": [{"AlarmName": "orders-5xx"}]},
    },
)
`;

/** The Value of the CanarySize: line 10, after 16 spaces, `"CanarySize": {"Type": "CAPACITY_PERCENT", "Value": ` (52 characters). */
const VALUE_LINE = 10;
const VALUE_CHARACTER = 68;

const jsonText = `{
  "BlueGreenUpdatePolicy": {
    "TrafficRoutingConfiguration": {"Type": "CANARY", "CanarySize": {"Type": "CAPACITY_PERCENTAGE", "Value": 10}, "WaitIntervalInSeconds": 600},
    "MaximumExecutionTimeoutInSeconds": 7200
  },
  "AutoRollbackConfiguration": {"Alarms": [{"AlarmName": "orders-5xx"}]}
}
`;

// The guide's mistake: JSON that lost its outer braces.
const shellText = `#!/bin/sh
aws sagemaker update-endpoint --endpoint-name orders --endpoint-config-name orders-v2 \\
  --deployment-config '"RollingUpdatePolicy": {"MaximumBatchSize": {"Type": "CAPACITY_PERCENT", "Value": 10}, "WaitIntervalInSeconds": 300}, "AutoRollbackConfiguration": {"Alarms": [{"AlarmName": "orders-5xx"}]}'
`;
const shellValue = `'"RollingUpdatePolicy": {"MaximumBatchSize": {"Type": "CAPACITY_PERCENT", "Value": 10}, "WaitIntervalInSeconds": 300}, "AutoRollbackConfiguration": {"Alarms": [{"AlarmName": "orders-5xx"}]}'`;

const markdownText = `# Runbook

Roll out the new config:

\`\`\`bash
aws sagemaker update-endpoint --endpoint-name orders --endpoint-config-name orders-v2 \\
  --deployment-config 'RollingUpdatePolicy={MaximumBatchSize={Type=CAPACITY_PERCENT,Value=10},WaitIntervalInSeconds=5000},AutoRollbackConfiguration={Alarms=[{AlarmName=orders-5xx}]}'
\`\`\`
`;

// Regression guard: plain documents need documents.listen(connection) beside notebooks.listen(connection);
// without it (as before commit 7749a61) textDocument/* notifications are ignored and nothing is published.
describe('language server over stdio', function () {
  this.timeout(20000);
  let client: LspClient;
  const pythonUri = documentUri('deploy.py');
  let pythonVersion = 1;
  /** Versions sent to the server that were replaced before the debounce ran out: never to be published. */
  const skippedPythonVersions: number[] = [];

  const changePython = (range: Range, text: string): number => {
    pythonVersion += 1;
    client.notify('textDocument/didChange', { textDocument: { uri: pythonUri, version: pythonVersion }, contentChanges: [{ range, text }] });
    return pythonVersion;
  };
  const valueRange = (length: number): Range => ({ start: { line: VALUE_LINE, character: VALUE_CHARACTER }, end: { line: VALUE_LINE, character: VALUE_CHARACTER + length } });

  const open = (uri: string, languageId: string, text: string): void => {
    client.notify('textDocument/didOpen', { textDocument: { uri, languageId, version: 1, text } });
  };

  before(async () => {
    client = new LspClient(process.execPath, [serverPath, '--stdio'], { cwd: root });
    const result = await client.request<{ capabilities: { textDocumentSync?: unknown; notebookDocumentSync?: unknown } }>('initialize', {
      processId: process.pid,
      rootUri: pathToFileURL(root).href,
      capabilities: {
        workspace: { configuration: false, didChangeConfiguration: { dynamicRegistration: false } },
        textDocument: { synchronization: { didSave: false }, publishDiagnostics: { versionSupport: true } },
        notebookDocument: { synchronization: {} },
      },
      workspaceFolders: null,
    });
    // Incremental sync: the range edits below depend on it.
    assert.equal(result.capabilities.textDocumentSync, 2);
    assert.ok(result.capabilities.notebookDocumentSync, 'the server announces notebook sync');
    client.notify('initialized', {});
  });

  after(async () => {
    if (!client) return;
    try {
      await client.request('shutdown', null);
      client.notify('exit', null);
      const exit = await client.waitForExit();
      assert.equal(exit.code, 0, `the server exits with 0 after shutdown + exit${client.stderr ? `; stderr:\n${client.stderr}` : ''}`);
    } finally {
      client.kill();
    }
  });

  it('publishes canary-size on the exact `75` token of a Python document', async () => {
    assert.equal(pythonText.split('\n')[VALUE_LINE]!.slice(VALUE_CHARACTER, VALUE_CHARACTER + 2), '75', 'test bug: hand-computed position');
    const since = client.mark();
    open(pythonUri, 'python', pythonText);
    const published = await client.waitForDiagnostics(pythonUri, (p) => p.version === 1, { since, what: 'version 1 after didOpen' });
    assert.deepEqual(rangeOf(pythonText, '75'), valueRange(2));
    assert.deepEqual(summary(published.diagnostics), [error('canary-size', { start: { line: 10, character: 68 }, end: { line: 10, character: 70 } })]);
    assert.match(published.diagnostics[0]!.message, /75%/);
  });

  it('clears the finding after an incremental edit replaces 75 with 25', async () => {
    const since = client.mark();
    const version = changePython(valueRange(2), '25');
    const published = await client.waitForDiagnostics(pythonUri, (p) => p.version === version, { since });
    assert.deepEqual(published.diagnostics, []);
  });

  it('publishes only the latest of two quick edits (debounced; never an outdated version)', async () => {
    const since = client.mark();
    // 25 -> 60 (a canary-size error) and at once 60 -> 0 (out-of-range instead): only the second may be published.
    skippedPythonVersions.push(changePython(valueRange(2), '60'));
    const latest = changePython(valueRange(2), '0');
    const published = await client.waitForDiagnostics(pythonUri, (p) => p.version === latest, { since });
    assert.deepEqual(summary(published.diagnostics), [error('out-of-range', valueRange(1))]);
    const versions = client.diagnosticsFor(pythonUri, since).map((p) => p.version);
    assert.deepEqual(versions, [latest], 'one publish, for the latest version only');
  });

  it('checks a JSON document: invalid-enum on the exact string token', async () => {
    const uri = documentUri('canary.json');
    const since = client.mark();
    open(uri, 'json', jsonText);
    const published = await client.waitForDiagnostics(uri, (p) => p.version === 1, { since });
    const expected = rangeOf(jsonText, '"CAPACITY_PERCENTAGE"');
    assert.deepEqual(expected, { start: { line: 2, character: 77 }, end: { line: 2, character: 98 } });
    assert.deepEqual(summary(published.diagnostics), [error('invalid-enum', expected)]);
    assert.match(published.diagnostics[0]!.message, /CAPACITY_PERCENT\b/);
  });

  it('checks a shell script: cli-syntax for a JSON value without its outer braces, on the whole quoted value', async () => {
    const uri = documentUri('deploy.sh');
    const since = client.mark();
    open(uri, 'shellscript', shellText);
    const published = await client.waitForDiagnostics(uri, (p) => p.version === 1, { since });
    const expected = rangeOf(shellText, shellValue);
    assert.deepEqual(expected, { start: { line: 2, character: 22 }, end: { line: 2, character: 212 } });
    assert.deepEqual(summary(published.diagnostics), [error('cli-syntax', expected)]);
    assert.match(published.diagnostics[0]!.message, /outer braces/);
    assert.equal((published.diagnostics[0]!.data as { missingBraces?: boolean }).missingBraces, true);
  });

  it('checks a ```bash fence in Markdown: shorthand out-of-range on the exact number', async () => {
    const uri = documentUri('RUNBOOK.md');
    const since = client.mark();
    open(uri, 'markdown', markdownText);
    const published = await client.waitForDiagnostics(uri, (p) => p.version === 1, { since });
    const expected = rangeOf(markdownText, '5000');
    assert.deepEqual(expected, { start: { line: 6, character: 116 }, end: { line: 6, character: 120 } });
    assert.deepEqual(summary(published.diagnostics), [error('out-of-range', expected)]);
  });

  it('clears diagnostics when a document is closed (empty array)', async () => {
    const uri = documentUri('canary.json');
    assert.equal(client.diagnosticsFor(uri).at(-1)?.diagnostics.length, 1, 'the JSON document has a finding before it is closed');
    const since = client.mark();
    client.notify('textDocument/didClose', { textDocument: { uri } });
    const published = await client.waitForDiagnostics(uri, () => true, { since });
    assert.deepEqual(published.diagnostics, []);
  });

  it('prefilter: a document without a trigger word is not parsed; an edit that adds one is checked at once', async () => {
    const uri = documentUri('plain.py');
    const plain = 'import math\n\nprint(math.pi)\n';
    let since = client.mark();
    open(uri, 'python', plain);
    const first = await client.waitForDiagnostics(uri, (p) => p.version === 1, { since });
    assert.deepEqual(first.diagnostics, []);
    const status = await client.waitForNotification<{ uri: string; configCount: number }>('smGuardrails/documentStatus', (p) => p.uri === uri, { since });
    assert.equal(status.configCount, 0);
    since = client.mark();
    const added = 'cfg = {"RollingUpdatePolicy": {"MaximumBatchSize": {"Type": "CAPACITY_PERCENT", "Value": 90}, "WaitIntervalInSeconds": 60}}\n';
    client.notify('textDocument/didChange', {
      textDocument: { uri, version: 2 },
      contentChanges: [{ range: { start: { line: 3, character: 0 }, end: { line: 3, character: 0 } }, text: added }],
    });
    const checked = await client.waitForDiagnostics(uri, (p) => p.version === 2, { since });
    const text = plain + added;
    assert.deepEqual(
      summary(checked.diagnostics).filter((d) => d.code === 'rolling-batch-size'),
      [error('rolling-batch-size', rangeOf(text, '90'))],
    );
  });

  it('prefilter after edits: a trigger word completed by a later edit, or by the second change of one event, is seen at once', async () => {
    const uri = documentUri('plain-edits.py');
    const lines = Array.from({ length: 400 }, () => `x = "plain"  # plain code`);
    let text = lines.join('\n') + '\n';
    let since = client.mark();
    open(uri, 'python', text);
    await client.waitForDiagnostics(uri, (p) => p.version === 1, { since });
    // Line 200 gets `cfg = {"RollingUpdate`: no trigger word yet.
    const head = 'cfg = {"RollingUpdate';
    since = client.mark();
    client.notify('textDocument/didChange', { textDocument: { uri, version: 2 }, contentChanges: [{ range: { start: { line: 200, character: 0 }, end: { line: 200, character: 0 } }, text: head }] });
    let status = await client.waitForNotification<{ uri: string; version: number; configCount: number }>('smGuardrails/documentStatus', (p) => p.uri === uri && p.version === 2, { since });
    assert.equal(status.configCount, 0);
    // One event, two changes: an edit far above (which moves every offset below it), then the
    // rest of the word, written where the first change left the line.
    const tail = 'Policy": {"MaximumBatchSize": {"Type": "CAPACITY_PERCENT", "Value": 90}, "WaitIntervalInSeconds": 60}}';
    since = client.mark();
    client.notify('textDocument/didChange', {
      textDocument: { uri, version: 3 },
      contentChanges: [
        { range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: '# header\n' },
        { range: { start: { line: 201, character: head.length }, end: { line: 201, character: head.length } }, text: tail },
      ],
    });
    const checked = await client.waitForDiagnostics(uri, (p) => p.version === 3, { since });
    lines[200] = head + tail + lines[200];
    text = '# header\n' + lines.join('\n') + '\n';
    assert.deepEqual(
      summary(checked.diagnostics).filter((d) => d.code === 'rolling-batch-size'),
      [error('rolling-batch-size', rangeOf(text, '90'))],
    );
    status = await client.waitForNotification<{ uri: string; version: number; configCount: number }>('smGuardrails/documentStatus', (p) => p.uri === uri && p.version === 3, { since });
    assert.equal(status.configCount, 1);
  });

  describe('notebooks', () => {
    const notebookUri = documentUri('rollout.ipynb');
    const cell1 = 'vscode-notebook-cell:' + join(root, 'test', 'fixtures', 'process', 'lsp', 'rollout.ipynb') + '#W0sZmlsZQ%3D%3D';
    const cell2 = 'vscode-notebook-cell:' + join(root, 'test', 'fixtures', 'process', 'lsp', 'rollout.ipynb') + '#W1sZmlsZQ%3D%3D';
    const cell1Text = `cfg = {
    "RollingUpdatePolicy": {"MaximumBatchSize": {"Type": "CAPACITY_PERCENT", "Value": 90}, "WaitIntervalInSeconds": 300},
    "AutoRollbackConfiguration": {"Alarms": [{"AlarmName": "orders-5xx"}]},
}`;
    const cell2Text = `import boto3
boto3.client("sagemaker").update_endpoint(EndpointName="orders", EndpointConfigName="orders-v2", DeploymentConfig=cfg)`;

    it('publishes on the defining cell (cell 1) at the bad token when cell 2 passes the dict to update_endpoint', async () => {
      const since = client.mark();
      client.notify('notebookDocument/didOpen', {
        notebookDocument: {
          uri: notebookUri,
          notebookType: 'jupyter-notebook',
          version: 1,
          cells: [
            { kind: 2, document: cell1 },
            { kind: 2, document: cell2 },
          ],
        },
        cellTextDocuments: [
          { uri: cell1, languageId: 'python', version: 1, text: cell1Text },
          { uri: cell2, languageId: 'python', version: 1, text: cell2Text },
        ],
      });
      const published = await client.waitForDiagnostics(cell1, (p) => p.diagnostics.length > 0, { since });
      const expected = rangeOf(cell1Text, '90');
      assert.deepEqual(expected, { start: { line: 1, character: 86 }, end: { line: 1, character: 88 } });
      assert.deepEqual(summary(published.diagnostics), [error('rolling-batch-size', expected)]);
      const cell2Published = await client.waitForDiagnostics(cell2, () => true, { since });
      assert.deepEqual(cell2Published.diagnostics, [], 'nothing on the calling cell');
      assert.deepEqual(client.diagnosticsFor(notebookUri, since), [], 'nothing is published on the notebook uri itself');
    });

    it('re-checks after a cell edit, and clears every cell on notebookDocument/didClose', async () => {
      let since = client.mark();
      client.notify('notebookDocument/didChange', {
        notebookDocument: { uri: notebookUri, version: 2 },
        change: { cells: { textContent: [{ document: { uri: cell1, version: 2 }, changes: [{ range: rangeOf(cell1Text, '90'), text: '20' }] }] } },
      });
      const fixed = await client.waitForDiagnostics(cell1, (p) => p.version === 2, { since });
      assert.deepEqual(fixed.diagnostics, []);

      since = client.mark();
      client.notify('notebookDocument/didClose', { notebookDocument: { uri: notebookUri }, cellTextDocuments: [{ uri: cell1 }, { uri: cell2 }] });
      await client.waitForDiagnostics(cell1, (p) => p.diagnostics.length === 0, { since });
      await client.waitForDiagnostics(cell2, (p) => p.diagnostics.length === 0, { since });
    });
  });

  describe('large notebooks', () => {
    const notebookUri = documentUri('cells.ipynb');
    const cellUri = (n: number) => 'vscode-notebook-cell:' + join(root, 'test', 'fixtures', 'process', 'lsp', 'cells.ipynb') + `#cell${n}`;
    const configCell = `cfg = {"RollingUpdatePolicy": {"MaximumBatchSize": {"Type": "CAPACITY_PERCENT", "Value": 90}, "WaitIntervalInSeconds": 300}, "AutoRollbackConfiguration": {"Alarms": [{"AlarmName": "a"}]}}`;
    const lastCell = 'y = 2';

    it('republishes only the cells whose diagnostics changed, and clears a deleted cell', async () => {
      let since = client.mark();
      client.notify('notebookDocument/didOpen', {
        notebookDocument: { uri: notebookUri, notebookType: 'jupyter-notebook', version: 1, cells: [1, 2, 3].map((n) => ({ kind: 2, document: cellUri(n) })) },
        cellTextDocuments: [
          { uri: cellUri(1), languageId: 'python', version: 1, text: configCell },
          { uri: cellUri(2), languageId: 'python', version: 1, text: 'x = 1' },
          { uri: cellUri(3), languageId: 'python', version: 1, text: lastCell },
        ],
      });
      await client.waitForDiagnostics(cellUri(1), (p) => p.diagnostics.length === 1, { since });
      await client.waitForDiagnostics(cellUri(3), () => true, { since });

      // A mistake typed into cell 3: only cell 3 is published again.
      since = client.mark();
      const badCell = configCell.replace('cfg', 'other').replace('90', '80');
      client.notify('notebookDocument/didChange', {
        notebookDocument: { uri: notebookUri, version: 2 },
        change: { cells: { textContent: [{ document: { uri: cellUri(3), version: 2 }, changes: [{ range: rangeOf(lastCell, lastCell), text: badCell }] }] } },
      });
      const third = await client.waitForDiagnostics(cellUri(3), (p) => p.version === 2, { since });
      assert.deepEqual(summary(third.diagnostics), [error('rolling-batch-size', rangeOf(badCell, '80'))]);
      assert.deepEqual(client.diagnosticsFor(cellUri(1), since), [], 'cell 1 is unchanged: not sent again');
      assert.deepEqual(client.diagnosticsFor(cellUri(2), since), [], 'cell 2 is unchanged: not sent again');

      // Deleting cell 3 clears its diagnostics (VS Code would otherwise keep them in Problems).
      since = client.mark();
      client.notify('notebookDocument/didChange', {
        notebookDocument: { uri: notebookUri, version: 3 },
        change: { cells: { structure: { array: { start: 2, deleteCount: 1 }, didClose: [{ uri: cellUri(3) }] } } },
      });
      const cleared = await client.waitForDiagnostics(cellUri(3), () => true, { since });
      assert.deepEqual(cleared.diagnostics, []);
      client.notify('notebookDocument/didClose', { notebookDocument: { uri: notebookUri }, cellTextDocuments: [{ uri: cellUri(1) }, { uri: cellUri(2) }] });
    });
  });

  it('applies workspace/didChangeConfiguration: a disabled rule disappears, other findings stay', async () => {
    const uri = documentUri('settings.py');
    // Same canary of 75%, without AutoRollbackConfiguration: canary-size and no-rollback-alarms.
    const text = pythonText.replace('        "AutoRollbackConfiguration": {"Alarms": [{"AlarmName": "orders-5xx"}]},\n', '');
    let since = client.mark();
    open(uri, 'python', text);
    const before = await client.waitForDiagnostics(uri, (p) => p.version === 1, { since });
    const alarmsWarning = warning('no-rollback-alarms', rangeOf(text, '"BlueGreenUpdatePolicy"'));
    assert.deepEqual(summary(before.diagnostics), [alarmsWarning, error('canary-size', rangeOf(text, '75'))]);

    since = client.mark();
    client.notify('workspace/didChangeConfiguration', { settings: { smGuardrails: { disabledRules: ['canary-size'], defaultFleetSize: null, debounceMilliseconds: 50 } } });
    const after: PublishDiagnosticsParams = await client.waitForDiagnostics(uri, (p) => !p.diagnostics.some((d) => d.code === 'canary-size'), { since, what: 'canary-size disabled' });
    assert.equal(after.version, 1);
    assert.deepEqual(summary(after.diagnostics), [alarmsWarning]);
  });

  it('never published a result for an outdated version of a document', () => {
    const versions = client.diagnosticsFor(pythonUri).map((p) => p.version);
    for (const skipped of skippedPythonVersions) assert.ok(!versions.includes(skipped), `version ${skipped} was replaced before its check and must not be published (published: ${versions.join(', ')})`);
    const withVersion = versions.filter((v): v is number => v !== undefined);
    assert.deepEqual(withVersion, [...withVersion].sort((a, b) => a - b), 'versions published for a document never go back');
  });
});
