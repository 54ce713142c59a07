// The server gives memory back: after large documents are closed, it replaces its tree-sitter
// runtime (whose WebAssembly memory only grows) with a fresh one. What a user sees must not change:
// the documents and notebook still open, edited after the replacement, get the same diagnostics at
// the same places; code actions (fix all re-analyses with the parsers) and the workspace check
// answer as before. Over real stdio with the built server (dist/server.js).
import { strict as assert } from 'node:assert';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { startServer, stopServer, type Diagnostic, type LspClient, type Range } from './helpers/lsp-client';

const root = join(__dirname, '..', '..', '..');
const uriOf = (name: string): string => pathToFileURL(join(root, 'test', 'fixtures', 'process', 'lsp-recycle', name)).href;

/** The 0-based LSP range of `token` where it occurs in the first `context` in `text`, computed independently of the server. */
function rangeOf(text: string, context: string, token = context): Range {
  const at = text.indexOf(context);
  if (at === -1 || !context.includes(token)) throw new Error(`test bug: ${JSON.stringify(context)} is not in the text`);
  const offset = at + context.indexOf(token);
  const position = (at: number) => {
    const before = text.slice(0, at);
    const line = before.split('\n').length - 1;
    return { line, character: at - (before.lastIndexOf('\n') + 1) };
  };
  return { start: position(offset), end: position(offset + token.length) };
}

const summary = (diagnostics: readonly Diagnostic[]) => diagnostics.map((d) => ({ code: d.code, range: d.range }));

/** `lines` lines of ordinary Python (no config word) around `config`, placed in the middle. */
function largePython(lines: number, config: string, seed: number): string {
  const filler = (n: number): string[] => [
    `class FeatureStore${n}:`,
    `    def __init__(self, table: str, ttl: int = ${60 + (n % 600)}) -> None:`,
    `        self.table = table`,
    `        self.cache: dict[str, list[float]] = {}`,
    ``,
    `    def get(self, key: str) -> list[float]:`,
    `        if key not in self.cache:`,
    `            self.cache[key] = [float(x) * ${n % 13 + 1} for x in range(${n % 50 + 3}) if x % 2 == 0]`,
    `        return self.cache[key]`,
    ``,
  ];
  const half: string[] = [];
  for (let n = 0; half.length < lines / 2; n++) half.push(...filler(seed * 100_000 + n));
  const rest: string[] = [];
  for (let n = 50_000; rest.length < lines / 2; n++) rest.push(...filler(seed * 100_000 + n));
  return ['import boto3', 'sm = boto3.client("sagemaker")', ...half, config, ...rest].join('\n') + '\n';
}

const CONFIG = `sm.update_endpoint(EndpointName="orders", EndpointConfigName="v2", DeploymentConfig={"RollingUpdatePolicy": {"MaximumBatchSize": {"Type": "CAPACITY_PERCENT", "Value": 80}, "WaitIntervalInSeconds": 60}, "AutoRollbackConfiguration": {"Alarms": [{"AlarmName": "orders-5xx"}]}})`;
const NOTEBOOK_CELL = `cfg = {"RollingUpdatePolicy": {"MaximumBatchSize": {"Type": "CAPACITY_PERCENT", "Value": 90}, "WaitIntervalInSeconds": 60}, "AutoRollbackConfiguration": {"Alarms": [{"AlarmName": "a"}]}}\nsm.update_endpoint(EndpointName="e", EndpointConfigName="c", DeploymentConfig=cfg)\n`;

/** Resident memory of a process, from /proc (Linux); undefined elsewhere. */
function rssMiB(pid: number): number | undefined {
  const status = `/proc/${pid}/status`;
  if (!existsSync(status)) return undefined;
  const kb = /VmRSS:\s*(\d+)/.exec(readFileSync(status, 'utf8'))?.[1];
  return kb ? Number(kb) / 1024 : undefined;
}

describe('language server: the tree-sitter runtime is replaced after large documents close', function () {
  this.timeout(240_000);
  let client: LspClient;

  before(async () => {
    ({ client } = await startServer({
      capabilities: { textDocument: { publishDiagnostics: { versionSupport: true } }, notebookDocument: { synchronization: {} } },
      initializationOptions: { debounceMilliseconds: 0, structuralDelayMilliseconds: 0 },
    }));
  });

  after(() => stopServer(client));

  it('gives the memory back, and the documents still open get the same diagnostics, fixes and workspace check', async () => {
    // Kept open throughout: a medium Python file and a notebook, each with a mistake.
    const keptUri = uriOf('kept.py');
    const keptText = largePython(2_000, CONFIG, 1);
    const expected = [{ code: 'rolling-batch-size', range: rangeOf(keptText, '"Value": 80', '80') }];
    assert.deepEqual(expected[0]!.range, { start: { line: 1002, character: 167 }, end: { line: 1002, character: 169 } });
    let since = client.mark();
    client.notify('textDocument/didOpen', { textDocument: { uri: keptUri, languageId: 'python', version: 1, text: keptText } });
    const first = await client.waitForDiagnostics(keptUri, () => true, { since, timeoutMs: 60_000 });
    assert.deepEqual(summary(first.diagnostics), expected);

    const notebookUri = uriOf('kept.ipynb');
    const cellUri = `vscode-notebook-cell:${uriOf('kept.ipynb').slice('file:'.length)}#c1`;
    client.notify('notebookDocument/didOpen', {
      notebookDocument: { uri: notebookUri, notebookType: 'jupyter-notebook', version: 1, cells: [{ kind: 2, document: cellUri }] },
      cellTextDocuments: [{ uri: cellUri, languageId: 'python', version: 1, text: NOTEBOOK_CELL }],
    });
    const cellExpected = [{ code: 'rolling-batch-size', range: rangeOf(NOTEBOOK_CELL, '"Value": 90', '90') }];
    assert.deepEqual(cellExpected[0]!.range, { start: { line: 0, character: 89 }, end: { line: 0, character: 91 } });
    assert.deepEqual(summary((await client.waitForDiagnostics(cellUri, () => true, { since, timeoutMs: 60_000 })).diagnostics), cellExpected);

    const fixAll = () =>
      client.request<unknown[]>('textDocument/codeAction', { textDocument: { uri: keptUri }, range: first.diagnostics[0]!.range, context: { diagnostics: first.diagnostics, only: ['source.fixAll.smGuardrails'] } }, 60_000);
    const fixesBefore = await fixAll();
    assert.equal(fixesBefore.length, 1, 'fix all is offered');
    const workspaceFile = pathToFileURL(join(root, 'test', 'fixtures', 'process', 'bad-config.json')).href;
    const checkFiles = () => client.request('smGuardrails/checkFiles', { uris: [workspaceFile] }, 60_000);
    const workspaceBefore = await checkFiles();

    // Four large files opened and closed.
    const start = rssMiB(client.pid!);
    const large = [0, 1, 2, 3].map((i) => ({ uri: uriOf(`large-${i}.py`), text: largePython(20_000, CONFIG, 10 + i) }));
    const largeFirst: Diagnostic[][] = [];
    for (const { uri, text } of large) {
      since = client.mark();
      client.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'python', version: 1, text } });
      largeFirst.push((await client.waitForDiagnostics(uri, () => true, { since, timeoutMs: 60_000 })).diagnostics);
      // An edit: its check parses the whole tree (the first check parsed only the configs' statements).
      since = client.mark();
      client.notify('textDocument/didChange', { textDocument: { uri, version: 2 }, contentChanges: [{ text: `${text}\n` }] });
      await client.waitForDiagnostics(uri, (p) => p.version === 2, { since, timeoutMs: 60_000 });
    }
    const open = rssMiB(client.pid!);
    since = client.mark();
    for (const { uri } of large) client.notify('textDocument/didClose', { textDocument: { uri } });
    const log = await client.waitForNotification<{ message: string }>('window/logMessage', (p) => p.message.includes('tree-sitter runtime replaced'), { since, timeoutMs: 60_000 });
    assert.match(log.message, /memory had grown to \d+ MiB where the kept trees need about \d+ MiB/);
    const settled = rssMiB(client.pid!);
    if (start !== undefined && open !== undefined && settled !== undefined) {
      // Measured: all of it comes back (the four files take some 100 MiB); half is a wide margin.
      assert.ok(open - start > 40, `the large files took memory (${start.toFixed(0)} -> ${open.toFixed(0)} MiB)`);
      assert.ok(open - settled >= 0.5 * (open - start), `memory given back: ${start.toFixed(0)} MiB at start, ${open.toFixed(0)} MiB open, ${settled.toFixed(0)} MiB after the replacement`);
    }

    // The kept document, edited (its tree was dropped with the old runtime: reparsed from scratch, then incrementally).
    since = client.mark();
    const comment = '# edited after the replacement\n';
    client.notify('textDocument/didChange', { textDocument: { uri: keptUri, version: 2 }, contentChanges: [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: comment }] });
    const afterEdit = await client.waitForDiagnostics(keptUri, (p) => p.version === 2, { since, timeoutMs: 60_000 });
    const shifted = (range: Range): Range => ({ start: { ...range.start, line: range.start.line + 1 }, end: { ...range.end, line: range.end.line + 1 } });
    assert.deepEqual(summary(afterEdit.diagnostics), [{ code: 'rolling-batch-size', range: shifted(expected[0]!.range) }]);
    since = client.mark();
    client.notify('textDocument/didChange', { textDocument: { uri: keptUri, version: 3 }, contentChanges: [{ range: { start: { line: 0, character: 0 }, end: { line: 1, character: 0 } }, text: '' }] });
    const restored = await client.waitForDiagnostics(keptUri, (p) => p.version === 3, { since, timeoutMs: 60_000 });
    assert.deepEqual(summary(restored.diagnostics), expected);

    // The notebook, edited: the value changes, its diagnostic moves with it.
    since = client.mark();
    client.notify('notebookDocument/didChange', {
      notebookDocument: { uri: notebookUri, version: 2 },
      change: { cells: { textContent: [{ document: { uri: cellUri, version: 2 }, changes: [{ range: rangeOf(NOTEBOOK_CELL, '"Value": 90', '90'), text: '95' }] }] } },
    });
    const cellAfter = await client.waitForDiagnostics(cellUri, (p) => p.version === 2, { since, timeoutMs: 60_000 });
    assert.deepEqual(summary(cellAfter.diagnostics), cellExpected);

    // A large file opened again: the same diagnostics as the first time.
    since = client.mark();
    client.notify('textDocument/didOpen', { textDocument: { uri: large[0]!.uri, languageId: 'python', version: 1, text: large[0]!.text } });
    const reopened = await client.waitForDiagnostics(large[0]!.uri, () => true, { since, timeoutMs: 60_000 });
    assert.deepEqual(summary(reopened.diagnostics), summary(largeFirst[0]!));
    assert.equal(reopened.diagnostics.length, 1);

    assert.deepEqual(await fixAll(), fixesBefore);
    assert.deepEqual(await checkFiles(), workspaceBefore);
  });
});
