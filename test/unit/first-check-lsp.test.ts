// The language server's first check of a Python document parses only the statements the host
// reads; the whole tree follows a moment later, or in the check of an edit made before that. Over
// real stdio, every check must publish exactly what a check in process of the same text finds.
import { strict as assert } from 'node:assert';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { startServer, stopServer, type LspClient, type PublishDiagnosticsParams } from './helpers/lsp-client';
import { findings, parsersReady } from './helpers/findings';
import { random } from './helpers/random';

const root = join(__dirname, '..', '..', '..');

/** A file whose canary is read through a name bound in a statement without any config word. */
function documentText(canary: number): string {
  const filler = Array.from({ length: 30 }, (_, i) => `def step_${i}(rows):\n    return [r for r in rows if r > ${i}]\n`).join('\n');
  return [
    'import boto3',
    filler,
    `traffic = {"Type": "CANARY", "CanarySize": {"Type": "CAPACITY_PERCENT", "Value": ${canary}}, "WaitIntervalInSeconds": 600}`,
    `cfg = {"BlueGreenUpdatePolicy": {"TrafficRoutingConfiguration": traffic, "MaximumExecutionTimeoutInSeconds": 3600}}`,
    'boto3.client("sagemaker").update_endpoint(EndpointName="e", DeploymentConfig=cfg)',
    '',
  ].join('\n');
}

const published = (p: PublishDiagnosticsParams): string[] =>
  p.diagnostics.map((d) => `${d.range.start.line + 1}:${d.range.start.character + 1}-${d.range.end.line + 1}:${d.range.end.character + 1} ${String(d.code)}`).sort();

describe('the server: a first check without the whole tree, then edits', function () {
  this.timeout(30000);
  let client: LspClient;

  before(async () => {
    await parsersReady();
    ({ client } = await startServer({ initializationOptions: { debounceMilliseconds: 0, structuralDelayMilliseconds: 0 } }));
  });
  after(() => stopServer(client));

  it('the diagnostics on open, after an edit at once and after one a moment later are those of a check in process', async () => {
    const uri = pathToFileURL(join(root, 'test', 'fixtures', 'editing', 'first-check.py')).href;
    const change = async (version: number, canary: number, open: boolean): Promise<void> => {
      const text = documentText(canary);
      const since = client.mark();
      if (open) client.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'python', version, text } });
      else client.notify('textDocument/didChange', { textDocument: { uri, version }, contentChanges: [{ text }] });
      const result = await client.waitForDiagnostics(uri, (p) => p.version === version, { since });
      const expected = findings(text, 'python').sort();
      assert.deepEqual(published(result), expected, `version ${version}`);
      assert.equal(expected.some((f) => f.endsWith('canary-size')), canary > 50, `version ${version}: the canary is read through its name`);
    };
    await change(1, 75, true);
    // Before the whole tree is parsed: this check parses it.
    await change(2, 20, false);
    await change(3, 60, false);
    await new Promise((resolve) => setTimeout(resolve, 400));
    await change(4, 10, false);
    await change(5, 90, false);
  });

  it('typing in plain code (the tree\'s reparse deferred), then a config typed there and a pause: each publish is what a check in process finds', async () => {
    const uri = pathToFileURL(join(root, 'test', 'fixtures', 'editing', 'deferred.py')).href;
    let text = documentText(20);
    let version = 1;
    const check = async (label: string, send: () => void): Promise<PublishDiagnosticsParams> => {
      const since = client.mark();
      send();
      const result = await client.waitForDiagnostics(uri, (p) => p.version === version, { since });
      assert.deepEqual(published(result), findings(text, 'python').sort(), label);
      return result;
    };
    await check('open', () => client.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'python', version, text } }));
    // The whole tree is parsed a moment after the first check.
    await new Promise((resolve) => setTimeout(resolve, 400));
    const type = async (label: string, at: number, inserted: string): Promise<PublishDiagnosticsParams> => {
      const before = text.slice(0, at).split('\n');
      const position = { line: before.length - 1, character: before[before.length - 1]!.length };
      text = text.slice(0, at) + inserted + text.slice(at);
      version++;
      return check(label, () => client.notify('textDocument/didChange', { textDocument: { uri, version }, contentChanges: [{ range: { start: position, end: position }, text: inserted }] }));
    };
    // Letters typed into a function body far from the config.
    const body = text.indexOf('    return [r for r in rows if r > 5]') + '    return [r for r in rows'.length;
    for (const [k, letter] of [...'_sorted'].entries()) await type(`letter ${k}`, body + k, letter);
    // A config typed into that body, before its return: its canary is 80%, an error where it is written.
    const line = 'boto3.client("sagemaker").update_endpoint(EndpointName="x", DeploymentConfig={"BlueGreenUpdatePolicy": {"TrafficRoutingConfiguration": {"Type": "CANARY", "CanarySize": {"Type": "CAPACITY_PERCENT", "Value": 80}, "WaitIntervalInSeconds": 600}, "MaximumExecutionTimeoutInSeconds": 3600}})\n    ';
    const returnAt = text.indexOf('return [r for r in rows_sorted if r > 5]');
    const withConfig = await type('a config typed in', returnAt, line);
    const row = text.slice(0, returnAt).split('\n').length - 1;
    assert.ok(withConfig.diagnostics.some((d) => d.code === 'canary-size' && d.range.start.line === row), JSON.stringify(withConfig.diagnostics));
    // After the pause the server reparses; the next edits are checked on that tree.
    await new Promise((resolve) => setTimeout(resolve, 1300));
    await type('after the pause', body, 'x');
    await type('in another function', text.indexOf('    return [r for r in rows if r > 9]') + 5, 'y');
  });

  it('several changes per event, anywhere (the server tells the core the edit they make, from their ranges): each publish is what a check in process finds', async () => {
    const uri = pathToFileURL(join(root, 'test', 'fixtures', 'editing', 'told-edits.py')).href;
    let text = documentText(20);
    let version = 1;
    const since = client.mark();
    client.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'python', version, text } });
    await client.waitForDiagnostics(uri, (p) => p.version === version, { since });
    await new Promise((resolve) => setTimeout(resolve, 400));
    const next = random(7);
    // Letters, digits, line breaks, a deletion's nothing, and pieces that open a string or a bracket or bind a name.
    const pieces = ['x', '7', '5', '\n', '', '"', '(', 'traffic = None\n', '  ', 'Value'];
    const positionOf = (offset: number) => {
      const before = text.slice(0, offset).split('\n');
      return { line: before.length - 1, character: before[before.length - 1]!.length };
    };
    for (let event = 0; event < 60; event++) {
      const changes = [];
      for (let k = 1 + Math.floor(next() * 3); k > 0; k--) {
        // Near the config half the time (its canary's digits), else anywhere.
        const near = text.indexOf('"Value": ');
        const start = next() < 0.5 && near !== -1 ? near + Math.floor(next() * 14) : Math.floor(next() * text.length);
        const end = Math.min(text.length, start + (next() < 0.5 ? 0 : Math.floor(next() * 3)));
        const inserted = pieces[Math.floor(next() * pieces.length)]!;
        changes.push({ range: { start: positionOf(start), end: positionOf(end) }, text: inserted });
        text = text.slice(0, start) + inserted + text.slice(end);
      }
      version++;
      const mark = client.mark();
      client.notify('textDocument/didChange', { textDocument: { uri, version }, contentChanges: changes });
      const result = await client.waitForDiagnostics(uri, (p) => p.version === version, { since: mark });
      assert.deepEqual(published(result), findings(text, 'python').sort(), `event ${event}: ${JSON.stringify(changes)}`);
    }
    // Every trigger word taken out (the document checked as empty), then put back: edits since the
    // last check with a config are no longer told, the texts are compared.
    version++;
    text = documentText(75);
    const reset = client.mark();
    client.notify('textDocument/didChange', { textDocument: { uri, version }, contentChanges: [{ text }] });
    await client.waitForDiagnostics(uri, (p) => p.version === version, { since: reset });
    const words = ['DeploymentConfig', 'UpdatePolicy', 'AutoRollbackConfiguration'];
    const renamed = (from: string, to: string): Promise<void> => {
      const changes = [];
      for (let at = text.indexOf(from); at !== -1; at = text.indexOf(from, at + to.length)) {
        changes.push({ range: { start: positionOf(at), end: positionOf(at + from.length) }, text: to });
        text = text.slice(0, at) + to + text.slice(at + from.length);
      }
      if (changes.length === 0) return Promise.resolve();
      version++;
      const mark = client.mark();
      client.notify('textDocument/didChange', { textDocument: { uri, version }, contentChanges: changes });
      // The status comes after the diagnostics, every time (an empty document's are not sent again).
      return client.waitForNotification<{ uri: string; version: number }>('smGuardrails/documentStatus', (p) => p.uri === uri && p.version === version, { since: mark }).then(() => {
        const latest = client.diagnosticsFor(uri).at(-1)!;
        assert.deepEqual(published(latest), findings(text, 'python').sort(), `${from} -> ${to}`);
      });
    };
    for (const word of words) await renamed(word, word.toLowerCase().replace(/[a-z]/, 'q'));
    assert.equal(findings(text, 'python').length, 0);
    for (const word of words) await renamed(word.toLowerCase().replace(/[a-z]/, 'q'), word);
    assert.ok(findings(text, 'python').length > 0);
  });
});
