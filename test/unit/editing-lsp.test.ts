// The language server while a config is typed, over real stdio: structural findings (missing-key,
// size-mode-mismatch, no-rollback-alarms) wait for a pause in the typing, value findings do not;
// and in files the client validates with the schema itself, each mistake is reported once.
import { strict as assert } from 'node:assert';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { ALL_RULES } from '../../server/src/core/check';
import { startServer as startInitializedServer, stopServer, type Diagnostic, type LspClient, type PublishDiagnosticsParams, type Range } from './helpers/lsp-client';

const root = join(__dirname, '..', '..', '..');
const uriOf = (name: string): string => pathToFileURL(join(root, 'test', 'fixtures', 'editing', name)).href;

async function startServer(initializationOptions: Record<string, unknown>): Promise<LspClient> {
  return (await startInitializedServer({ initializationOptions })).client;
}

const codes = (published: PublishDiagnosticsParams): string[] => published.diagnostics.map((d) => String(d.code)).sort();

const ROLLING = (batch: string, extra = '') =>
  `cfg = {"RollingUpdatePolicy": {"MaximumBatchSize": {"Type": "CAPACITY_PERCENT", "Value": ${batch}}, "WaitIntervalInSeconds": 600}${extra}}\n`;

describe('findings while a config is typed', function () {
  this.timeout(30000);
  let client: LspClient;

  before(async () => {
    // A pause far longer than the test's own steps: held findings can only come from the timer.
    client = await startServer({ debounceMilliseconds: 0, structuralDelayMilliseconds: 1500 });
  });
  after(() => stopServer(client));

  it('an opened file shows every finding at once', async () => {
    const uri = uriOf('opened.py');
    const since = client.mark();
    client.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'python', version: 1, text: ROLLING('90') } });
    const published = await client.waitForDiagnostics(uri, (p) => p.version === 1, { since });
    assert.deepEqual(codes(published), ['no-rollback-alarms', 'rolling-batch-size']);
  });

  it('an edit shows a new value finding at once and a new structural one only after the pause, then keeps it', async () => {
    const uri = uriOf('typed.py');
    let since = client.mark();
    const opened = `cfg = {"RollingUpdatePolicy": {"MaximumBatchSize": {"Type": "CAPACITY_PERCENT", "Value": 20}, "WaitIntervalInSeconds": 600}, "AutoRollbackConfiguration": {"Alarms": [{"AlarmName": "p99"}]}}\n`;
    client.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'python', version: 1, text: opened } });
    assert.deepEqual(codes(await client.waitForDiagnostics(uri, (p) => p.version === 1, { since })), []);

    // Typed: the batch becomes 90% (a value) and the alarms go (structural).
    since = client.mark();
    client.notify('textDocument/didChange', { textDocument: { uri, version: 2 }, contentChanges: [{ text: ROLLING('90') }] });
    const first = await client.waitForDiagnostics(uri, (p) => p.version === 2, { since });
    assert.deepEqual(codes(first), ['rolling-batch-size']);
    // The same version is published again once the typing has paused, now with the structural finding.
    const later = await client.waitForDiagnostics(uri, (p) => p.version === 2 && p.diagnostics.length === 2, { since, what: 'the held finding after the pause' });
    assert.deepEqual(codes(later), ['no-rollback-alarms', 'rolling-batch-size']);

    // Once shown it stays while typing goes on elsewhere (no flicker), on its current range.
    since = client.mark();
    const shifted = '\n' + ROLLING('30');
    client.notify('textDocument/didChange', { textDocument: { uri, version: 3 }, contentChanges: [{ text: shifted }] });
    const kept = await client.waitForDiagnostics(uri, (p) => p.version === 3, { since });
    assert.deepEqual(codes(kept), ['no-rollback-alarms']);
    assert.equal(kept.diagnostics[0]!.range.start.line, 1);

    // Fixed: it goes at once, never shown stale.
    since = client.mark();
    client.notify('textDocument/didChange', { textDocument: { uri, version: 4 }, contentChanges: [{ text: opened }] });
    assert.deepEqual(codes(await client.waitForDiagnostics(uri, (p) => p.version === 4, { since })), []);
  });
});

describe('*.deployment-config.json in a client that validates it with the schema (VS Code)', function () {
  this.timeout(30000);
  let client: LspClient;

  before(async () => {
    client = await startServer({ schemaFilesCompletedByClient: true, structuralDelayMilliseconds: 0 });
  });
  after(() => stopServer(client));

  const text = `{
  "BlueGreenUpdatePolicy": {
    "TrafficRoutingConfiguration": {"Type": "CANARY", "CanarySize": {"Type": "CAPACITY_PERCENT", "Value": 75}, "WaitIntervalInSeconds": 7200},
    "MaximumExecutionTimeoutInSeconds": 28800
  },
  "AutoRollbackConfiguration": {"Alarms": [{"AlarmName": "p99"}]}
}
`;

  it('leaves the schema-level findings to the client and reports the guardrails', async () => {
    const uri = uriOf('payments.deployment-config.json');
    const since = client.mark();
    client.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'json', version: 1, text } });
    // The 7200 s wait is out of the schema's range: the client reports it. The 75% canary is ours alone.
    assert.deepEqual(codes(await client.waitForDiagnostics(uri, (p) => p.version === 1, { since })), ['canary-size']);
  });

  it('reports everything in other JSON files', async () => {
    const uri = uriOf('payments.json');
    const since = client.mark();
    client.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'json', version: 1, text } });
    assert.deepEqual(codes(await client.waitForDiagnostics(uri, (p) => p.version === 1, { since })), ['canary-size', 'out-of-range']);
  });
});

describe('rule pages and related information', function () {
  this.timeout(30000);
  let client: LspClient;

  before(async () => {
    client = await startServer({ structuralDelayMilliseconds: 0 });
  });
  after(() => stopServer(client));

  it('every rule has a page with what it checks, why, wrong and right examples and the fix', () => {
    for (const code of ALL_RULES) {
      const page = readFileSync(join(root, 'docs', 'rules', `${code}.md`), 'utf8');
      for (const section of ['**What it checks.**', '**Why.**', '**Wrong:**', '**Right:**', '**Fix.**']) assert.ok(page.includes(section), `${code}.md has ${section}`);
    }
  });

  it("links each diagnostic to its rule's page and points at the values a finding depends on", async () => {
    const uri = uriOf('related.py');
    const text = [
      'client.create_endpoint_config(EndpointConfigName="c", ProductionVariants=[{"VariantName": "v", "InitialInstanceCount": 4}])',
      'cfg = {',
      '    "RollingUpdatePolicy": {',
      '        "MaximumBatchSize": {"Type": "INSTANCE_COUNT", "Value": 3},',
      '        "WaitIntervalInSeconds": 600,',
      '        "MaximumExecutionTimeoutInSeconds": 600,',
      '    },',
      '    "AutoRollbackConfiguration": {"Alarms": [{"AlarmName": "p99"}]},',
      '}',
      '',
    ].join('\n');
    const since = client.mark();
    client.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'python', version: 1, text } });
    const { diagnostics } = await client.waitForDiagnostics(uri, (p) => p.version === 1, { since });
    type Linked = Diagnostic & { codeDescription?: { href: string }; relatedInformation?: { location: { uri: string; range: Range }; message: string }[] };
    const byCode = new Map((diagnostics as Linked[]).map((d) => [String(d.code), d]));
    assert.deepEqual([...byCode.keys()].sort(), ['rolling-batch-size', 'timeout-too-short']);
    for (const [code, diagnostic] of byCode) {
      const href = diagnostic.codeDescription?.href;
      assert.ok(href, `${code} links to its page`);
      assert.ok(existsSync(fileURLToPath(href)) && href.endsWith(`/docs/rules/${code}.md`), href);
    }
    const token = (range: Range) => text.split('\n')[range.start.line]!.slice(range.start.character, range.end.character);
    // 3 of 4 instances = 75%: the fleet size it is measured against is InitialInstanceCount's 4.
    assert.deepEqual(byCode.get('rolling-batch-size')!.relatedInformation?.map((r) => [r.location.uri, token(r.location.range), r.message]), [[uri, '4', 'The fleet size: InitialInstanceCount 4.']]);
    // 2 batches of 600 s: the wait and the fleet size behind the number of batches.
    assert.deepEqual(byCode.get('timeout-too-short')!.relatedInformation?.map((r) => [token(r.location.range), r.message]), [
      ['600', 'The baking period: 2 x 600 s.'],
      ['4', 'The fleet size (4 instances) sets the number of steps.'],
    ]);
  });
});
