// The smGuardrails.defaultCopyCount setting through the language server over stdio (issue 9): an
// inference component's rolling batch is judged against it when the file has no
// RuntimeConfig.CopyCount, whether it comes with initialize or with a configuration change.
import { strict as assert } from 'node:assert';
import { join } from 'node:path';
import { LspClient, stopServer, type Diagnostic } from './helpers/lsp-client';

const root = join(__dirname, '..', '..', '..');
const serverPath = join(root, 'dist', 'server.js');

/** AWS's inference-component rolling update without RuntimeConfig: the copy count is unknown in the file. */
const TEXT = `import boto3
sagemaker_client = boto3.client("sagemaker")
sagemaker_client.update_inference_component(
    InferenceComponentName="ic",
    Specification={"ModelName": "new-model"},
    DeploymentConfig={
        "RollingUpdatePolicy": {
            "MaximumBatchSize": {"Type": "COPY_COUNT", "Value": 3},
            "WaitIntervalInSeconds": 300,
            "MaximumExecutionTimeoutInSeconds": 3600,
        },
        "AutoRollbackConfiguration": {"Alarms": [{"AlarmName": "ic-rolling-update-alarm"}]},
    },
)
`;
/** The `3` of MaximumBatchSize's Value: line 7 (0-based), one character. */
const VALUE_LINE = 7;
const VALUE_CHARACTER = TEXT.split('\n')[VALUE_LINE]!.indexOf('"Value": 3') + '"Value": '.length;
const BATCH_FINDING = { code: 'rolling-batch-size', severity: 1, range: { start: { line: VALUE_LINE, character: VALUE_CHARACTER }, end: { line: VALUE_LINE, character: VALUE_CHARACTER + 1 } } };

const summary = (diagnostics: Diagnostic[]) => diagnostics.map((d) => ({ code: d.code, severity: d.severity, range: d.range }));

describe('smGuardrails.defaultCopyCount through the language server (issue 9)', function () {
  this.timeout(60000);

  async function started(initializationOptions?: object): Promise<LspClient> {
    const client = new LspClient(process.execPath, [serverPath, '--stdio'], { cwd: root });
    await client.request('initialize', { processId: process.pid, rootUri: null, capabilities: { workspace: { configuration: false } }, ...(initializationOptions ? { initializationOptions } : {}) }, 20000);
    client.notify('initialized', {});
    return client;
  }

  async function stopped(client: LspClient): Promise<void> {
    assert.equal(await stopServer(client, 20000), 0);
  }

  it('a COPY_COUNT batch of 3 is fine with no copy count; with defaultCopyCount 4 (75%) it is an error on the 3; removing the setting clears it', async () => {
    const client = await started();
    try {
      const uri = 'file:///copies/ic.py';
      let since = client.mark();
      client.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'python', version: 1, text: TEXT } });
      const unknown = await client.waitForDiagnostics(uri, (p) => p.version === 1, { since });
      assert.deepEqual(unknown.diagnostics, []);

      // The endpoint fleet size is not a copy count.
      since = client.mark();
      client.notify('workspace/didChangeConfiguration', { settings: { smGuardrails: { defaultFleetSize: 4 } } });
      assert.deepEqual((await client.waitForDiagnostics(uri, () => true, { since })).diagnostics, []);

      since = client.mark();
      client.notify('workspace/didChangeConfiguration', { settings: { smGuardrails: { defaultCopyCount: 4 } } });
      const judged = await client.waitForDiagnostics(uri, () => true, { since, what: 'defaultCopyCount 4' });
      assert.deepEqual(summary(judged.diagnostics), [BATCH_FINDING]);
      assert.match(judged.diagnostics[0]!.message, /3 of 4 copies \(75%\) is outside the allowed 5-50% of the inference component's copy count/);

      since = client.mark();
      client.notify('workspace/didChangeConfiguration', { settings: { smGuardrails: { defaultCopyCount: null } } });
      const cleared = await client.waitForDiagnostics(uri, () => true, { since, what: 'defaultCopyCount removed' });
      assert.deepEqual(cleared.diagnostics, []);
    } finally {
      await stopped(client);
    }
  });

  it('the setting given in initializationOptions is applied to the first check', async () => {
    const client = await started({ defaultCopyCount: 4 });
    try {
      const uri = 'file:///copies/ic.py';
      client.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'python', version: 1, text: TEXT } });
      const first = await client.waitForDiagnostics(uri, (p) => p.version === 1);
      assert.deepEqual(summary(first.diagnostics), [BATCH_FINDING]);
    } finally {
      await stopped(client);
    }
  });
});
