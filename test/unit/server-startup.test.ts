// A fresh server over real stdio: it starts its tree-sitter runtime while the client answers the
// settings request, and checks no document before it has both (a document opened at once, as an
// editor restores its files, is checked with the user's settings, never first with the defaults).
// With no debounce, each edit is checked right after it is received, and a burst of edits ends on
// the diagnostics of the last version, the same as a fresh open of that text.
import { strict as assert } from 'node:assert';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { LspClient, type Diagnostic } from './helpers/lsp-client';

const root = join(__dirname, '..', '..', '..');
const serverPath = join(root, 'dist', 'server.js');
const uriOf = (name: string): string => pathToFileURL(join(root, 'test', 'fixtures', 'process', 'lsp', name)).href;

const text =
  'import boto3\n\nsm = boto3.client("sagemaker")\nsm.update_endpoint(\n    EndpointName="e",\n    DeploymentConfig={"RollingUpdatePolicy": {"MaximumBatchSize": {"Type": "CAPACITY_PERCENT", "Value": 200}, "WaitIntervalInSeconds": 60}},\n)\n';
const line5 = text.split('\n')[5]!;

const summary = (diagnostics: readonly Diagnostic[]) => diagnostics.map((d) => `${d.code} ${d.range.start.line}:${d.range.start.character}-${d.range.end.line}:${d.range.end.character}`).sort();

async function stop(client: LspClient): Promise<void> {
  try {
    await client.request('shutdown', null);
    client.notify('exit', null);
    await client.waitForExit();
  } finally {
    client.kill();
  }
}

describe('server start-up and checks with no debounce', function () {
  this.timeout(30000);

  it('checks a document opened at once only with the settings the client gives, then as a later open', async () => {
    const client = new LspClient(process.execPath, [serverPath, '--stdio'], { cwd: root });
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    let asked!: () => void;
    const askedForSettings = new Promise<void>((resolve) => (asked = resolve));
    client.onRequest('workspace/configuration', async () => {
      asked();
      await released;
      return [{ disabledRules: ['no-rollback-alarms'], debounceMilliseconds: 0 }];
    });
    try {
      await client.request('initialize', { processId: process.pid, rootUri: null, capabilities: { workspace: { configuration: true } }, workspaceFolders: null });
      client.notify('initialized', {});
      await askedForSettings;
      const uri = uriOf('startup_settings.py');
      client.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'python', version: 1, text } });
      // A request after the open: the server has read the open when it answers.
      const hover = await client.request('textDocument/hover', { textDocument: { uri }, position: { line: 5, character: line5.indexOf('MaximumBatchSize') + 2 } });
      assert.equal(hover, null, 'no analysis before the settings are known');
      assert.deepEqual(client.diagnosticsFor(uri), [], 'nothing published before the settings are known');
      release();
      const published = await client.waitForDiagnostics(uri);
      const valueAt = line5.indexOf('200');
      assert.deepEqual(summary(published.diagnostics), [`rolling-batch-size 5:${valueAt}-5:${valueAt + 3}`]);
      // The same text opened once the server is warm: the same diagnostics.
      const later = uriOf('startup_settings_later.py');
      client.notify('textDocument/didOpen', { textDocument: { uri: later, languageId: 'python', version: 1, text } });
      const again = await client.waitForDiagnostics(later);
      assert.deepEqual(again.diagnostics, published.diagnostics);
      assert.deepEqual(
        client.diagnosticsFor(uri).map((p) => summary(p.diagnostics)),
        [[`rolling-batch-size 5:${valueAt}-5:${valueAt + 3}`]],
        'one publish, with the user settings',
      );
    } finally {
      await stop(client);
    }
  });

  it('with no debounce, a burst of edits publishes no outdated version and ends on what a fresh open of the last text gives', async () => {
    const client = new LspClient(process.execPath, [serverPath, '--stdio'], { cwd: root });
    try {
      await client.request('initialize', {
        processId: process.pid,
        rootUri: null,
        capabilities: { textDocument: { publishDiagnostics: { versionSupport: true } } },
        initializationOptions: { debounceMilliseconds: 0, structuralDelayMilliseconds: 0 },
      });
      client.notify('initialized', {});
      const uri = uriOf('burst.py');
      client.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'python', version: 1, text } });
      await client.waitForDiagnostics(uri, (p) => p.version === 1);
      const since = client.mark();
      const at = line5.indexOf('200');
      // 200 -> 20 -> 2 -> 25 -> 250 -> 25 -> 35: each edit against the text the one before left.
      const edits: [number, number, string][] = [
        [at + 2, at + 3, ''],
        [at + 1, at + 2, ''],
        [at + 1, at + 1, '5'],
        [at + 2, at + 2, '0'],
        [at + 2, at + 3, ''],
        [at, at + 1, '3'],
      ];
      let current = text;
      const lines = () => current.split('\n');
      edits.forEach(([start, end, insert], i) => {
        const row = lines()[5]!;
        current = lines().map((l, n) => (n === 5 ? row.slice(0, start) + insert + row.slice(end) : l)).join('\n');
        client.notify('textDocument/didChange', { textDocument: { uri, version: i + 2 }, contentChanges: [{ range: { start: { line: 5, character: start }, end: { line: 5, character: end } }, text: insert }] });
      });
      assert.ok(current.includes('"Value": 35}'), 'test bug: the edits do not give the intended text');
      const last = await client.waitForDiagnostics(uri, (p) => p.version === 7, { since });
      const versions = client.diagnosticsFor(uri, since).map((p) => p.version ?? 0);
      assert.deepEqual(versions, [...versions].sort((a, b) => a - b), 'published versions never go back');
      const fresh = uriOf('burst_fresh.py');
      client.notify('textDocument/didOpen', { textDocument: { uri: fresh, languageId: 'python', version: 1, text: current } });
      const expected = await client.waitForDiagnostics(fresh);
      assert.deepEqual(last.diagnostics, expected.diagnostics);
      const key = line5.indexOf('"RollingUpdatePolicy"');
      assert.deepEqual(summary(last.diagnostics), [`no-rollback-alarms 5:${key}-5:${key + '"RollingUpdatePolicy"'.length}`]);
    } finally {
      await stop(client);
    }
  });
});
