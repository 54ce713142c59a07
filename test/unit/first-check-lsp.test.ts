// The language server's first check of a Python document parses only the statements the host
// reads; the whole tree follows a moment later, or in the check of an edit made before that. Over
// real stdio, every check must publish exactly what a check in process of the same text finds.
import { strict as assert } from 'node:assert';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { startServer, stopServer, type LspClient, type PublishDiagnosticsParams } from './helpers/lsp-client';
import { findings, parsersReady } from './helpers/findings';

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
});
