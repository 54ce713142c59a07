// The IaC hosts through the language server as a process (stdio): a CloudFormation YAML template,
// a Terraform file and a CDK TypeScript file opened with the language ids editors send, each with
// its diagnostics on the exact token, and a quick fix that writes the host's own syntax.
import { strict as assert } from 'node:assert';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { startServer, stopServer, type LspClient, type Range } from './helpers/lsp-client';

const root = join(__dirname, '..', '..', '..');
const documentUri = (name: string): string => pathToFileURL(join(root, 'test', 'fixtures', 'process', 'lsp', name)).href;

function rangeOf(text: string, token: string, after = ''): Range {
  const offset = text.indexOf(token, after ? text.indexOf(after) : 0);
  if (offset === -1) throw new Error(`test bug: ${token} is not in the text`);
  const position = (at: number) => {
    const before = text.slice(0, at);
    return { line: before.split('\n').length - 1, character: at - (before.lastIndexOf('\n') + 1) };
  };
  return { start: position(offset), end: position(offset + token.length) };
}

const yamlText = `Resources:
  Endpoint:
    Type: AWS::SageMaker::Endpoint
    Properties:
      EndpointConfigName: !Ref Config
      DeploymentConfig:
        RollingUpdatePolicy:
          MaximumBatchSize: {Type: CAPACITY_PERCENT, Value: 80}
          WaitIntervalInSeconds: !Ref Bake
        AutoRollbackConfiguration:
          Alarms: [{AlarmName: !Sub "\${AWS::StackName}-5xx"}]
`;

const terraformText = `resource "aws_sagemaker_endpoint" "e" {
  name                 = "e"
  endpoint_config_name = var.config
  deployment_config {
    blue_green_update_policy {
      traffic_routing_configuration {
        type                     = "CANARY"
        wait_interval_in_seconds = 600
        canary_size {
          type  = "CAPACITY_PERCENTAGE"
          value = 10
        }
      }
    }
    auto_rollback_configuration {
      alarms {
        alarm_name = "errors"
      }
    }
  }
}
`;

const typescriptText = `new sagemaker.CfnEndpoint(this, 'Endpoint', {
  endpointConfigName: 'c',
  deploymentConfig: {
    blueGreenUpdatePolicy: {
      trafficRoutingConfiguration: { type: 'LINEAR', linearStepSize: { type: 'CAPACITY_PERCENT', value: 5 } },
    },
    autoRollbackConfiguration: { alarms: [{ alarmName: 'errors' }] },
  },
});
`;

describe('IaC hosts over stdio', () => {
  let client: LspClient;

  before(async () => {
    ({ client } = await startServer());
  });

  after(() => stopServer(client));

  async function open(name: string, languageId: string, text: string) {
    const uri = documentUri(name);
    const since = client.mark();
    client.notify('textDocument/didOpen', { textDocument: { uri, languageId, version: 1, text } });
    const published = await client.waitForDiagnostics(uri, () => true, { since, timeoutMs: 20_000 });
    return { uri, diagnostics: published.diagnostics.map((d) => ({ code: d.code, severity: d.severity, range: d.range })) };
  }

  it('yaml: rolling-batch-size on 80 of a CloudFormation template, intrinsics unknown', async () => {
    const { diagnostics } = await open('stack.yaml', 'yaml', yamlText);
    assert.deepEqual(diagnostics, [{ code: 'rolling-batch-size', severity: 1, range: rangeOf(yamlText, '80') }]);
  });

  it('terraform: invalid-enum on the quoted value, with the terraform-replacement information; the fix keeps HCL', async () => {
    const { uri, diagnostics } = await open('main.tf', 'terraform', terraformText);
    assert.deepEqual(diagnostics, [
      { code: 'invalid-enum', severity: 1, range: rangeOf(terraformText, '"CAPACITY_PERCENTAGE"') },
      { code: 'terraform-replacement', severity: 3, range: rangeOf(terraformText, 'auto_rollback_configuration') },
    ]);
    const actions = await client.request<{ title: string; edit?: { changes?: Record<string, { range: Range; newText: string }[]> } }[]>('textDocument/codeAction', {
      textDocument: { uri },
      range: rangeOf(terraformText, '"CAPACITY_PERCENTAGE"'),
      context: { diagnostics: [], only: ['quickfix'] },
    });
    const change = actions.find((a) => a.title === 'Change to CAPACITY_PERCENT');
    assert.ok(change, actions.map((a) => a.title).join(' | '));
    assert.deepEqual(change.edit?.changes?.[uri], [{ range: rangeOf(terraformText, '"CAPACITY_PERCENTAGE"'), newText: '"CAPACITY_PERCENT"' }]);
  });

  it('typescript: linear-step-size on 5 of CfnEndpoint props', async () => {
    const { diagnostics } = await open('stack.ts', 'typescript', typescriptText);
    assert.deepEqual(diagnostics, [{ code: 'linear-step-size', severity: 1, range: rangeOf(typescriptText, '5', 'value: 5') }]);
  });
});
