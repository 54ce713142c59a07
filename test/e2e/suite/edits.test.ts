// Quick fixes and conversions in a real editor: code actions asked through VS Code's own command,
// applied with workspace.applyEdit, the document text and diagnostics asserted.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { activateExtension, codeOf, hasCode, openFixture, waitForDiagnostics } from './helpers';

async function actionsAt(uri: vscode.Uri, range: vscode.Range, kind?: vscode.CodeActionKind): Promise<vscode.CodeAction[]> {
  const actions = await vscode.commands.executeCommand<(vscode.CodeAction | vscode.Command)[]>('vscode.executeCodeActionProvider', uri, range, kind?.value);
  return (actions ?? []).filter((a): a is vscode.CodeAction => 'title' in a && !('command' in a && typeof a.command === 'string'));
}

async function revert(document: vscode.TextDocument): Promise<void> {
  await vscode.window.showTextDocument(document);
  await vscode.commands.executeCommand('workbench.action.files.revert');
}

describe('edits: quick fixes and conversions', () => {
  before(async () => {
    await activateExtension();
  });

  it('the canary-size quick fix clamps 75 to 50 and the diagnostic clears', async () => {
    const document = await openFixture('edits_quickfix.py');
    try {
      const diagnostics = await waitForDiagnostics(document.uri, hasCode('canary-size'), 'canary-size');
      const diagnostic = diagnostics.find((d) => codeOf(d) === 'canary-size')!;
      assert.equal(document.getText(diagnostic.range), '75');
      const actions = await actionsAt(document.uri, diagnostic.range, vscode.CodeActionKind.QuickFix);
      const clamp = actions.find((a) => a.title === 'Change CanarySize.Value to 50');
      assert.ok(clamp?.edit, `offered: ${actions.map((a) => a.title).join(' | ')}`);
      assert.equal(clamp.isPreferred, true);
      const before = document.getText();
      assert.ok(await vscode.workspace.applyEdit(clamp.edit));
      assert.equal(document.getText(), before.replace('"Value": 75', '"Value": 50'));
      await waitForDiagnostics(document.uri, (d) => !d.some((x) => codeOf(x) === 'canary-size'), 'canary-size to clear');
    } finally {
      await revert(document);
    }
  });

  it('converting rolling CLI JSON to canary keeps one line in single quotes', async () => {
    const document = await openFixture('edits_convert.sh');
    try {
      await waitForDiagnostics(document.uri, () => true, 'the first check');
      const at = document.positionAt(document.getText().indexOf('RollingUpdatePolicy'));
      const actions = await actionsAt(document.uri, new vscode.Range(at, at), vscode.CodeActionKind.RefactorRewrite);
      assert.deepEqual(
        // The titles say what the new rollout costs ("Convert to canary: 20 min, peak 200% of the fleet"); compared without those figures here.
        actions.map((a) => a.title.replace(/: \d[^(]*?(?= \(drops|$)/, '')),
        ['Convert to all at once (drops MaximumBatchSize)', 'Convert to canary', 'Convert to linear'],
      );
      const canary = actions.find((a) => a.title.startsWith('Convert to canary'))!;
      const before = document.getText();
      assert.ok(await vscode.workspace.applyEdit(canary.edit!));
      assert.equal(
        document.getText(),
        before.replace(
          `{"RollingUpdatePolicy":{"MaximumBatchSize":{"Type":"CAPACITY_PERCENT","Value":20},"WaitIntervalInSeconds":300}`,
          `{"BlueGreenUpdatePolicy":{"TrafficRoutingConfiguration":{"Type":"CANARY","CanarySize":{"Type":"CAPACITY_PERCENT","Value":20},"WaitIntervalInSeconds":300}}`,
        ),
      );
      // The converted command checks clean (a diagnostics event for the new version arrives).
      await waitForDiagnostics(document.uri, (d) => d.length === 0, 'no diagnostics after the conversion');
    } finally {
      await revert(document);
    }
  });
});
