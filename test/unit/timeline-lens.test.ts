// The code lens over stdio: three lenses per config at all times, a summary from the timeline
// engine, and a neutral title naming the value while a config cannot be computed yet.
import { strict as assert } from 'node:assert';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { startServer, stopServer, type LspClient } from './helpers/lsp-client';

const root = join(__dirname, '..', '..', '..');

interface Lens {
  range: { start: { line: number } };
  command?: { title: string; command: string };
}

describe('timeline code lens over stdio', function () {
  this.timeout(60000);
  let client: LspClient;
  before(async () => {
    ({ client } = await startServer({ capabilities: {} }));
  });
  after(() => stopServer(client, 20000));

  const text = (value: string): string => `{
  "BlueGreenUpdatePolicy": {
    "TrafficRoutingConfiguration": {"Type": "LINEAR", "LinearStepSize": {"Type": "CAPACITY_PERCENT", "Value": ${value}}, "WaitIntervalInSeconds": 300}
  },
  "AutoRollbackConfiguration": {"Alarms": [{"AlarmName": "errors"}]}
}
`;

  it('keeps three lenses while a value is half typed, with the summary or the value that blocks it', async () => {
    const uri = pathToFileURL(join(root, 'test', 'fixtures', 'process', 'lens.deployment-config.json')).href;
    client.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'json', version: 1, text: text('20') } });
    await client.waitForDiagnostics(uri, (p) => p.version === 1 || p.version === undefined);
    const lenses = await client.request<Lens[]>('textDocument/codeLens', { textDocument: { uri } });
    assert.deepEqual(
      lenses.map((l) => l.command?.title),
      ['Linear, 5 steps of 20% · 5 bakes of 5 min · old fleet terminated at 25 min', 'Preview timeline', 'Convert...'],
    );

    const since = client.mark();
    client.notify('textDocument/didChange', { textDocument: { uri, version: 2 }, contentChanges: [{ text: text('"2') }] });
    await client.waitForDiagnostics(uri, () => true, { since });
    const typing = await client.request<Lens[]>('textDocument/codeLens', { textDocument: { uri } });
    assert.equal(typing.length, 3, JSON.stringify(typing.map((l) => l.command?.title)));
    assert.deepEqual(typing.map((l) => l.range.start.line), lenses.map((l) => l.range.start.line));
    assert.match(typing[0]!.command!.title, /^Rollout not computable yet/);
  });
});
