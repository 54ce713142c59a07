// Code actions over real stdio: the server process answers textDocument/codeAction with quick
// fixes for a finding, source.fixAll.smGuardrails and refactor.rewrite conversions; the edits are
// applied here and the resulting text asserted.
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { startServer, stopServer, type LspClient, type Range } from './helpers/lsp-client';

const root = join(__dirname, '..', '..', '..');
const uriOf = (name: string): string => pathToFileURL(join(root, 'test', 'fixtures', 'edits', name)).href;

interface LspEdit {
  range: Range;
  newText: string;
}
interface Action {
  title: string;
  kind?: string;
  isPreferred?: boolean;
  edit?: { changes: Record<string, LspEdit[]> };
  command?: { command: string; arguments: unknown[] };
  diagnostics?: { code?: string | number }[];
}

function offsetAt(text: string, position: { line: number; character: number }): number {
  const lines = text.split('\n');
  let offset = 0;
  for (let i = 0; i < position.line; i++) offset += lines[i]!.length + 1;
  return offset + position.character;
}

function applyLspEdits(text: string, edits: readonly LspEdit[]): string {
  const sorted = [...edits].sort((a, b) => offsetAt(text, b.range.start) - offsetAt(text, a.range.start));
  let result = text;
  for (const edit of sorted) result = result.slice(0, offsetAt(text, edit.range.start)) + edit.newText + result.slice(offsetAt(text, edit.range.end));
  return result;
}

function rangeOf(text: string, token: string): Range {
  const offset = text.indexOf(token);
  assert.ok(offset >= 0, `test bug: ${token}`);
  const position = (at: number) => {
    const before = text.slice(0, at);
    return { line: before.split('\n').length - 1, character: at - (before.lastIndexOf('\n') + 1) };
  };
  return { start: position(offset), end: position(offset + token.length) };
}

const python = `import boto3

cfg = {
    "BlueGreenUpdatePolicy": {
        "TrafficRoutingConfiguration": {
            "Type": "CANARY",
            "CanarySize": {"Type": "CAPACITY_PERCENT", "Value": 75},
            "WaitIntervalInSeconds": 600,
        },
        "MaximumExecutionTimeoutInSeconds": 900,
    },
    "AutoRollbackConfiguration": {"Alarms": [{"AlarmName": "orders-5xx"}]},
}
boto3.client("sagemaker").update_endpoint(EndpointName="e", EndpointConfigName="c", DeploymentConfig=cfg)
`;

describe('code actions over stdio', function () {
  this.timeout(20000);
  let client: LspClient;
  let kinds: string[] = [];

  before(async () => {
    const started = await startServer();
    client = started.client;
    kinds = (started.initializeResult as { capabilities: { codeActionProvider?: { codeActionKinds?: string[] } } }).capabilities.codeActionProvider?.codeActionKinds ?? [];
  });

  after(() => stopServer(client));

  async function open(name: string, languageId: string, text: string) {
    const uri = uriOf(name);
    const since = client.mark();
    client.notify('textDocument/didOpen', { textDocument: { uri, languageId, version: 1, text } });
    const published = await client.waitForDiagnostics(uri, (p) => p.version === 1, { since });
    return { uri, diagnostics: published.diagnostics };
  }

  const actionsAt = (uri: string, range: Range, diagnostics: unknown[], only?: string[]) =>
    client.request<Action[]>('textDocument/codeAction', { textDocument: { uri }, range, context: { diagnostics, ...(only ? { only } : {}) } });

  it('announces quickfix, source.fixAll.smGuardrails and refactor.rewrite', () => {
    assert.deepEqual(kinds, ['quickfix', 'source.fixAll.smGuardrails', 'refactor.rewrite']);
  });

  it('quick fix for canary-size: clamps exactly the `75` token, preferred, with the diagnostic attached', async () => {
    const { uri, diagnostics } = await open('quick.py', 'python', python);
    const diagnostic = diagnostics.find((d) => d.code === 'canary-size')!;
    assert.deepEqual(diagnostic.range, rangeOf(python, '75'));
    const actions = await actionsAt(uri, diagnostic.range, [diagnostic], ['quickfix']);
    const titles = actions.map((a) => a.title);
    assert.deepEqual(titles, ['Change CanarySize.Value to 50', 'Ignore canary-size on this line', 'Disable canary-size in settings']);
    const clamp = actions[0]!;
    assert.equal(clamp.kind, 'quickfix');
    assert.equal(clamp.isPreferred, true);
    assert.deepEqual(clamp.diagnostics?.map((d) => d.code), ['canary-size']);
    assert.deepEqual(clamp.edit!.changes[uri], [{ range: rangeOf(python, '75'), newText: '50' }]);
    assert.deepEqual(actions[2]!.command, { title: 'Disable canary-size in settings', command: 'smGuardrails.disableRule', arguments: ['canary-size'] });
  });

  it('source.fixAll.smGuardrails fixes the size and the timeout in one edit', async () => {
    const { uri } = await open('fixall.py', 'python', python);
    const actions = await actionsAt(uri, { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, [], ['source.fixAll']);
    assert.deepEqual(actions.map((a) => [a.title, a.kind]), [['Fix all SageMaker deployment config problems', 'source.fixAll.smGuardrails']]);
    assert.equal(applyLspEdits(python, actions[0]!.edit!.changes[uri]!), python.replace('75', '50').replace('900', '1800'));
  });

  it('refactor.rewrite offers the three other modes with their titles, and the rolling one gives rolling Python', async () => {
    const { uri } = await open('convert.py', 'python', python);
    const actions = await actionsAt(uri, rangeOf(python, '"BlueGreenUpdatePolicy"'), [], ['refactor.rewrite']);
    assert.deepEqual(actions.map((a) => [a.title, a.kind]), [
      ['Convert to all at once: 10 min, peak 200% of the fleet (drops CanarySize)', 'refactor.rewrite'],
      ['Convert to linear: 20 min, peak 200% of the fleet', 'refactor.rewrite'],
      ['Convert to rolling: 20 min, peak 150% of the fleet', 'refactor.rewrite'],
    ]);
    const rolling = applyLspEdits(python, actions[2]!.edit!.changes[uri]!);
    assert.equal(
      rolling,
      python.replace(
        `    "BlueGreenUpdatePolicy": {
        "TrafficRoutingConfiguration": {
            "Type": "CANARY",
            "CanarySize": {"Type": "CAPACITY_PERCENT", "Value": 75},
            "WaitIntervalInSeconds": 600,
        },
        "MaximumExecutionTimeoutInSeconds": 900,`,
        `    "RollingUpdatePolicy": {
        "MaximumBatchSize": {"Type": "CAPACITY_PERCENT", "Value": 50},
        "WaitIntervalInSeconds": 600,
        "MaximumExecutionTimeoutInSeconds": 1800,`,
      ),
    );
    // Re-opened, the converted text has no diagnostics.
    const again = await open('converted.py', 'python', rolling);
    assert.deepEqual(again.diagnostics, []);
  });

  it('shell: a CLI value missing its braces gets the wrap fix; converting shorthand stays shorthand', async () => {
    const text = `aws sagemaker update-endpoint --endpoint-name e --endpoint-config-name c --deployment-config '"BlueGreenUpdatePolicy":{"TrafficRoutingConfiguration":{"Type":"ALL_AT_ONCE","WaitIntervalInSeconds":300}},"AutoRollbackConfiguration":{"Alarms":[{"AlarmName":"a"}]}'\n`;
    const { uri, diagnostics } = await open('braces.sh', 'shellscript', text);
    const diagnostic = diagnostics.find((d) => d.code === 'cli-syntax')!;
    const actions = await actionsAt(uri, diagnostic.range, [diagnostic], ['quickfix']);
    assert.equal(actions[0]!.title, 'Wrap the value in { }');
    assert.equal(applyLspEdits(text, actions[0]!.edit!.changes[uri]!), text.replace(`'"Blue`, `'{"Blue`).replace(`}]}'`, `}]}}'`));

    const shorthand = `aws sagemaker update-endpoint --endpoint-name e --endpoint-config-name c --deployment-config 'RollingUpdatePolicy={MaximumBatchSize={Type=CAPACITY_PERCENT,Value=10},WaitIntervalInSeconds=300},AutoRollbackConfiguration={Alarms=[{AlarmName=a}]}'\n`;
    const opened = await open('shorthand.sh', 'shellscript', shorthand);
    const conversions = await actionsAt(opened.uri, rangeOf(shorthand, 'MaximumBatchSize'), [], ['refactor.rewrite']);
    const canary = conversions.find((a) => a.title.startsWith('Convert to canary:'))!;
    assert.equal(applyLspEdits(shorthand, canary.edit!.changes[opened.uri]!), shorthand.replace('RollingUpdatePolicy={MaximumBatchSize={Type=CAPACITY_PERCENT,Value=10},WaitIntervalInSeconds=300}', 'BlueGreenUpdatePolicy={TrafficRoutingConfiguration={Type=CANARY,CanarySize={Type=CAPACITY_PERCENT,Value=10},WaitIntervalInSeconds=300}}'));
  });

  it('a file that does not parse as written (a bracket left open): a conversion that would not read the configs whole is not offered, the others are', async () => {
    const lines = readFileSync(join(root, 'examples', 'deploy_canary.py'), 'utf8').split('\n');
    const whole = lines.join('\n');
    // Line 60 closes the first call's DeploymentConfig: a `(` left open after it.
    lines[59] += '(';
    const broken = lines.join('\n');
    const titlesAt = async (name: string, text: string): Promise<string[]> => {
      const { uri } = await open(name, 'python', text);
      const at = text.indexOf('"BlueGreenUpdatePolicy"', text.indexOf('def deploy_off_hours'));
      const before = text.slice(0, at).split('\n');
      const position = { line: before.length - 1, character: before[before.length - 1]!.length + 1 };
      const actions = await actionsAt(uri, { start: position, end: position }, [], ['refactor.rewrite']);
      return actions.map((a) => a.title.split(':')[0]!);
    };
    assert.deepEqual(await titlesAt('whole.py', whole), ['Convert to all at once', 'Convert to linear', 'Convert to rolling']);
    // There tree-sitter's recovery would read the config converted to rolling as incomplete.
    assert.deepEqual(await titlesAt('open-bracket.py', broken), ['Convert to all at once', 'Convert to linear']);
  });

  it('no actions outside a config, and none for an unparseable one', async () => {
    const { uri } = await open('broken.py', 'python', 'x = 1\ncfg = {"BlueGreenUpdatePolicy": {\n');
    assert.deepEqual(await actionsAt(uri, { start: { line: 0, character: 0 }, end: { line: 0, character: 1 } }, []), []);
  });
});

describe('the no-rollback-alarms fix in a client that applies snippet edits', function () {
  this.timeout(20000);
  let client: LspClient;

  before(async () => {
    ({ client } = await startServer({ capabilities: { workspace: { configuration: false, workspaceEdit: { snippetEditSupport: true } }, textDocument: { publishDiagnostics: { versionSupport: true } } } }));
  });

  after(() => stopServer(client));

  it('selects the placeholder alarm name, and the placeholder is then reported until it is replaced', async () => {
    const text = `cfg = {"RollingUpdatePolicy": {"MaximumBatchSize": {"Type": "CAPACITY_PERCENT", "Value": 20}, "WaitIntervalInSeconds": 600}}\n`;
    const uri = uriOf('alarms-snippet.py');
    let since = client.mark();
    client.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'python', version: 1, text } });
    const { diagnostics } = await client.waitForDiagnostics(uri, (p) => p.version === 1, { since });
    const diagnostic = diagnostics.find((d) => d.code === 'no-rollback-alarms')!;
    type SnippetAction = { title: string; edit?: { documentChanges?: { textDocument: { uri: string }; edits: { range: Range; snippet: { kind: string; value: string } }[] }[] } };
    const actions = await client.request<SnippetAction[]>('textDocument/codeAction', { textDocument: { uri }, range: diagnostic.range, context: { diagnostics: [diagnostic], only: ['quickfix'] } });
    const add = actions.find((a) => a.title.startsWith('Add AutoRollbackConfiguration'))!;
    const [change] = add.edit!.documentChanges!;
    assert.equal(change!.textDocument.uri, uri);
    const [edit] = change!.edits;
    assert.equal(edit!.snippet.kind, 'snippet');
    assert.equal(edit!.snippet.value, ', "AutoRollbackConfiguration": {"Alarms": [{"AlarmName": "${1:<your-alarm-name>}"}]}');
    // Applied (the snippet's text as typed), the missing alarms are gone and the placeholder is reported on its token.
    const fixed = applyLspEdits(text, [{ range: edit!.range, newText: edit!.snippet.value.replace(/\$\{1:([^}]*)\}/, '$1') }]);
    since = client.mark();
    client.notify('textDocument/didChange', { textDocument: { uri, version: 2 }, contentChanges: [{ text: fixed }] });
    const after = await client.waitForDiagnostics(uri, (p) => p.version === 2, { since });
    assert.deepEqual(after.diagnostics.map((d) => [d.code, d.severity, fixed.split('\n')[d.range.start.line]!.slice(d.range.start.character, d.range.end.character)]), [['placeholder-alarm-name', 2, '"<your-alarm-name>"']]);
  });

  it('a multi-line snippet leaves out the indentation the editor adds; where it would add too much (a YAML key below a deeper line), a plain edit', async () => {
    type Action = { title: string; edit?: { changes?: Record<string, LspEdit[]>; documentChanges?: { edits: { range: Range; snippet: { value: string } }[] }[] } };
    const addAction = async (name: string, languageId: string, text: string): Promise<Action> => {
      const uri = uriOf(name);
      const since = client.mark();
      client.notify('textDocument/didOpen', { textDocument: { uri, languageId, version: 1, text } });
      const { diagnostics } = await client.waitForDiagnostics(uri, (p) => p.version === 1, { since });
      const diagnostic = diagnostics.find((d) => d.code === 'no-rollback-alarms')!;
      const actions = await client.request<Action[]>('textDocument/codeAction', { textDocument: { uri }, range: diagnostic.range, context: { diagnostics: [diagnostic], only: ['quickfix'] } });
      return actions.find((a) => a.title.startsWith('Add AutoRollbackConfiguration'))!;
    };
    // Python: inserted after `        },`; each new line is written without those 8 spaces, which the editor adds back.
    const python = 'sm.update_endpoint(\n    DeploymentConfig={\n        "RollingUpdatePolicy": {\n            "MaximumBatchSize": {"Type": "CAPACITY_PERCENT", "Value": 20},\n            "WaitIntervalInSeconds": 300,\n        },\n    },\n)\n';
    const snippet = (await addAction('multiline-snippet.py', 'python', python)).edit!.documentChanges![0]!.edits[0]!.snippet.value;
    assert.equal(snippet, '\n"AutoRollbackConfiguration": {"Alarms": [{"AlarmName": "${1:<your-alarm-name>}"}]},');
    // YAML: the key goes at column 2, below a line at column 4: a plain edit, as the core writes it.
    const yaml = 'DeploymentConfig:\n  RollingUpdatePolicy:\n    MaximumBatchSize:\n      Type: CAPACITY_PERCENT\n      Value: 20\n    WaitIntervalInSeconds: 300\n';
    const plain = (await addAction('multiline-snippet.yaml', 'yaml', yaml)).edit!;
    assert.equal(plain.documentChanges, undefined);
    assert.equal(applyLspEdits(yaml, Object.values(plain.changes!)[0]!), `${yaml}  AutoRollbackConfiguration:\n    Alarms:\n      - AlarmName: "<your-alarm-name>"\n`);
  });
});
