// The language server's own V8 code caches (server-code-cache.ts), through dist/server.js over
// stdio: the first start writes them into the folder it is given, the next start uses them, a
// corrupt cache is ignored and replaced, and the diagnostics are the same every time.
import { strict as assert } from 'node:assert';
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startServer, stopServer, type LspClient, type PublishDiagnosticsParams } from './helpers/lsp-client';
import { tempFolder } from './helpers/temp-folder';

const uri = 'file:///code-cache/deploy.py';
const text = `sm.update_endpoint(
    EndpointName="orders",
    DeploymentConfig={
        "BlueGreenUpdatePolicy": {
            "TrafficRoutingConfiguration": {
                "Type": "CANARY",
                "CanarySize": {"Type": "CAPACITY_PERCENT", "Value": 75},
                "WaitIntervalInSeconds": 600,
            },
        },
        "AutoRollbackConfiguration": {"Alarms": [{"AlarmName": "orders-5xx"}]},
    },
)
`;
const bundleCache = `sm-guardrails.js-${process.version}-${process.arch}.cache`;
const runtimeCache = `web-tree-sitter.cjs-${process.version}-${process.arch}.cache`;

/** A server with `folder` as its cache folder: the first diagnostics of `text`, and the server (still running). */
async function firstDiagnostics(folder: string): Promise<{ client: LspClient; published: PublishDiagnosticsParams }> {
  const { client } = await startServer({ env: { SM_GUARDRAILS_CODE_CACHE_DIR: folder, SM_GUARDRAILS_DEBUG_CODE_CACHE: '1' }, timeoutMs: 20_000 });
  const published = client.waitForDiagnostics(uri, () => true, { timeoutMs: 20_000 });
  client.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'python', version: 1, text } });
  return { client, published: await published };
}

/** The debug lines the server printed about its two caches. */
function cacheLines(client: LspClient): string[] {
  return client.stderr.split('\n').filter((line) => line.startsWith('sm-guardrails: code cache of '));
}
const lines = (bundle: string, runtime: string): string[] => [`sm-guardrails: code cache of sm-guardrails.js ${bundle}`, `sm-guardrails: code cache of web-tree-sitter.cjs ${runtime}`];

/** Starts a server, checks `text`, stops it: its cache lines and diagnostics. */
async function startCheckStop(folder: string): Promise<{ lines: string[]; published: PublishDiagnosticsParams }> {
  const { client, published } = await firstDiagnostics(folder);
  try {
    assert.equal(await stopServer(client, 20_000), 0);
    return { lines: cacheLines(client), published };
  } finally {
    client.kill();
  }
}

describe('the language server\'s own code cache', function () {
  this.timeout(120_000);
  const folder = tempFolder('sm-server-cache-');

  it('a second start uses the caches the first wrote (given no cache, at shutdown), with the same diagnostics', async () => {
    const first = await startCheckStop(folder.path);
    assert.deepEqual(first.lines, lines('absent', 'absent'));
    // The canary's 75 is the value at fault: line 7 (0-based 6), after `                "CanarySize": {"Type": "CAPACITY_PERCENT", "Value": `.
    const canary = first.published.diagnostics.find((d) => d.code === 'canary-size');
    assert.deepEqual(canary?.range, { start: { line: 6, character: 68 }, end: { line: 6, character: 70 } }, JSON.stringify(first.published.diagnostics));
    assert.deepEqual(readdirSync(folder.path).sort(), [bundleCache, runtimeCache]);

    const second = await startCheckStop(folder.path);
    assert.deepEqual(second.lines, lines('used', 'used'));
    assert.deepEqual(second.published.diagnostics, first.published.diagnostics);
  });

  it('a corrupt cache is ignored and replaced: not stamped for this bundle, or stamped but not a V8 cache', async () => {
    const first = await startCheckStop(folder.path);
    // The bundle's: bytes without a stamp. The runtime's: its stamp line kept, the data after it replaced.
    writeFileSync(join(folder.path, bundleCache), 'not a code cache\n'.repeat(100));
    const valid = readFileSync(join(folder.path, runtimeCache));
    const corrupt = Buffer.concat([valid.subarray(0, valid.indexOf(10) + 1), Buffer.from('not a code cache\n'.repeat(100))]);
    writeFileSync(join(folder.path, runtimeCache), corrupt);

    const withCorrupt = await startCheckStop(folder.path);
    assert.deepEqual(withCorrupt.lines, lines('absent', 'rejected'));
    assert.deepEqual(withCorrupt.published.diagnostics, first.published.diagnostics);
    assert.notEqual(readFileSync(join(folder.path, bundleCache), 'utf8'), 'not a code cache\n'.repeat(100));
    assert.ok(!readFileSync(join(folder.path, runtimeCache)).equals(corrupt));

    const replaced = await startCheckStop(folder.path);
    assert.deepEqual(replaced.lines, lines('used', 'used'));
    assert.deepEqual(replaced.published.diagnostics, first.published.diagnostics);
    assert.deepEqual(readdirSync(folder.path).sort(), [bundleCache, runtimeCache]);
  });

  it('without a shutdown, the caches are written a moment after the first check', async () => {
    const { client } = await firstDiagnostics(folder.path);
    try {
      const written = () => existsSync(join(folder.path, bundleCache)) && existsSync(join(folder.path, runtimeCache));
      for (let waited = 0; !written() && waited < 20_000; waited += 50) await new Promise((resolve) => setTimeout(resolve, 50));
      assert.ok(written(), `no caches in ${folder.path}: ${readdirSync(folder.path).join(', ')}`);
      assert.equal(await stopServer(client, 20_000), 0);
    } finally {
      client.kill();
    }
    assert.deepEqual((await startCheckStop(folder.path)).lines, lines('used', 'used'));
  });

  it('a cache folder that cannot be made: no cache, the same diagnostics, a normal exit', async () => {
    const reference = await startCheckStop(folder.path);
    const blocked = join(folder.path, 'a-file');
    writeFileSync(blocked, '');
    const inFile = await startCheckStop(join(blocked, 'cache'));
    assert.deepEqual(inFile.lines, lines('absent', 'absent'));
    assert.deepEqual(inFile.published.diagnostics, reference.published.diagnostics);
    assert.equal(readFileSync(blocked, 'utf8'), '');
  });
});
