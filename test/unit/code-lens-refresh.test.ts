// Code lenses of a file opened while the server starts: the editor asks for them at once, before
// the grammars are loaded, gets none, and does not ask again by itself. The server tells it to
// (workspace/codeLens/refresh) once the document's configs are known; after that, the lenses are there.
import { strict as assert } from 'node:assert';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { startServer, stopServer, type LspClient } from './helpers/lsp-client';

const root = join(__dirname, '..', '..', '..');
const uri = pathToFileURL(join(root, 'test', 'fixtures', 'process', 'lsp', 'lens_at_start.py')).href;

const text = `cfg = {
    "RollingUpdatePolicy": {
        "MaximumBatchSize": {"Type": "CAPACITY_PERCENT", "Value": 25},
        "WaitIntervalInSeconds": 300,
    },
    "AutoRollbackConfiguration": {"Alarms": [{"AlarmName": "orders-5xx"}]},
}
`;

interface Lens {
  range: { start: { line: number } };
  command?: { title: string };
}

describe('code lenses of a file opened at start-up', function () {
  this.timeout(30000);
  let client: LspClient;
  let refreshes = 0;
  let refreshed: () => void;
  const firstRefresh = new Promise<void>((resolve) => (refreshed = resolve));

  before(async () => {
    ({ client } = await startServer({
      capabilities: { workspace: { configuration: false, codeLens: { refreshSupport: true } }, textDocument: { publishDiagnostics: { versionSupport: true } } },
      beforeInitialize: (c) =>
        c.onRequest('workspace/codeLens/refresh', () => {
          refreshes += 1;
          refreshed();
          return null;
        }),
    }));
    // Opened at once, as an editor restores its open files.
    client.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'python', version: 1, text } });
  });

  after(() => stopServer(client));

  it('asks the editor to refresh its lenses once the configs are known, and then serves them', async () => {
    await firstRefresh;
    assert.equal(refreshes, 1);
    const lenses = await client.request<Lens[]>('textDocument/codeLens', { textDocument: { uri } });
    assert.deepEqual(
      lenses.map((l) => [l.range.start.line, l.command?.title.split(' ·')[0]]),
      [
        [0, 'Rolling, 4 batches of 25%'],
        [0, 'Preview timeline'],
        [0, 'Convert...'],
      ],
    );
  });

  it('does not ask again when an edit keeps the same configs', async () => {
    const since = client.mark();
    client.notify('textDocument/didChange', { textDocument: { uri, version: 2 }, contentChanges: [{ range: { start: { line: 3, character: 33 }, end: { line: 3, character: 36 } }, text: '600' }] });
    await client.waitForDiagnostics(uri, (p) => p.version === 2, { since });
    assert.equal(refreshes, 1);
  });
});
