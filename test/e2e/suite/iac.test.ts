// Infrastructure-as-code hosts in a real editor: a CloudFormation YAML template, a Terraform
// module and a CDK TypeScript stack, each with its findings at exact ranges, a quick fix applied
// in the host's own syntax, and hover/completion in its key style.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { activateExtension, assertFindings, codeOf, hasCode, openFixture, revert, waitForDiagnostics } from './helpers';

async function quickFix(uri: vscode.Uri, range: vscode.Range, title: string): Promise<vscode.CodeAction> {
  const actions = await vscode.commands.executeCommand<(vscode.CodeAction | vscode.Command)[]>('vscode.executeCodeActionProvider', uri, range, vscode.CodeActionKind.QuickFix.value);
  const found = (actions ?? []).find((a): a is vscode.CodeAction => 'title' in a && a.title === title);
  assert.ok(found?.edit, `no "${title}"; offered: ${(actions ?? []).map((a) => a.title).join(' | ')}`);
  return found;
}

describe('infrastructure as code: CloudFormation YAML, Terraform, CDK', () => {
  before(async () => {
    await activateExtension();
  });

  it('CloudFormation YAML: a 60% linear step on the value, !Ref and !Sub unknown; the fix writes YAML', async () => {
    const document = await openFixture('iac_stack.yaml');
    try {
      assert.equal(document.languageId, 'yaml');
      const diagnostics = await waitForDiagnostics(document.uri, hasCode('linear-step-size'), 'linear-step-size');
      assertFindings(document, diagnostics, [{ code: 'linear-step-size', severity: 'error', range: [25, 21, 25, 23], text: '60' }]);
      const fix = await quickFix(document.uri, diagnostics[0]!.range, 'Change LinearStepSize.Value to 50');
      const before = document.getText();
      assert.ok(await vscode.workspace.applyEdit(fix.edit!));
      assert.equal(document.getText(), before.replace('              Value: 60\n', '              Value: 50\n'));
      await waitForDiagnostics(document.uri, (d) => d.length === 0, 'no diagnostics after the fix');
    } finally {
      await revert(document);
    }
  });

  it('Terraform: snake_case findings, the provider cap, hover on a block name', async () => {
    const document = await openFixture('iac_main.tf');
    assert.equal(document.languageId, 'terraform');
    const diagnostics = await waitForDiagnostics(document.uri, hasCode('terraform-limit'), 'terraform-limit');
    assertFindings(document, diagnostics, [
      { code: 'no-rollback-alarms', severity: 'warning', range: [15, 4, 15, 25], text: 'rolling_update_policy' },
      { code: 'rolling-batch-size', severity: 'error', range: [18, 16, 18, 18], text: '60' },
      { code: 'terraform-limit', severity: 'error', range: [21, 45, 21, 50], text: '20000' },
    ]);
    const limit = diagnostics.find((d) => codeOf(d) === 'terraform-limit')!;
    assert.match(limit.message, /maximum_execution_timeout_in_seconds above 14400/);
    const position = document.positionAt(document.getText().indexOf('maximum_batch_size') + 3);
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', document.uri, position);
    const text = hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value))).join('\n');
    // Hover names the key as Terraform writes it.
    assert.match(text, /^\*\*rolling_update_policy\.maximum_batch_size\*\* · guardrail: 5-50% of the fleet · required$/m);
  });

  it('CDK TypeScript: camelCase findings and a rename fix in camelCase; completion offers camelCase keys', async () => {
    const document = await openFixture('iac_stack.ts');
    try {
      assert.equal(document.languageId, 'typescript');
      const diagnostics = await waitForDiagnostics(document.uri, hasCode('unknown-key'), 'unknown-key');
      assertFindings(document, diagnostics, [
        { code: 'canary-size', severity: 'error', range: [12, 59, 12, 61], text: '75' },
        { code: 'unknown-key', severity: 'error', range: [13, 12, 13, 31], text: 'waitIntervalSeconds' },
      ]);
      const unknown = diagnostics.find((d) => codeOf(d) === 'unknown-key')!;
      assert.match(unknown.message, /waitIntervalInSeconds/);
      const rename = await quickFix(document.uri, unknown.range, 'Rename to waitIntervalInSeconds');
      assert.ok(await vscode.workspace.applyEdit(rename.edit!));
      assert.equal(document.lineAt(13).text, '            waitIntervalInSeconds: 600,');
      await waitForDiagnostics(document.uri, (d) => !d.some((x) => codeOf(x) === 'unknown-key'), 'unknown-key to clear');
      const inPolicy = document.positionAt(document.getText().indexOf('trafficRoutingConfiguration'));
      const list = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', document.uri, inPolicy);
      const labels = list.items.map((i) => (typeof i.label === 'string' ? i.label : i.label.label));
      assert.ok(labels.includes('maximumExecutionTimeoutInSeconds'), `labels: ${labels.slice(0, 40).join(', ')}`);
    } finally {
      await revert(document);
    }
  });
});
