// The hands-on round in a real editor: one report per mistake where VS Code validates with our
// schema, the no-rollback-alarms fix leaving the cursor on the alarm name, rule pages linked from
// every diagnostic, and SageMaker: Check Workspace filling the Problems panel for unopened files.
import * as assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import * as vscode from 'vscode';
import { SOURCE, activateExtension, codeOf, describeAll, hasCode, openFixture, revert, waitForDiagnostics, withTimeout, workspaceUri } from './helpers';

/** Every diagnostic of `uri`, whoever reports it, once `done` accepts them (event-driven, no polling). */
function waitForAllDiagnostics(uri: vscode.Uri, done: (diags: vscode.Diagnostic[]) => boolean, what: string): Promise<vscode.Diagnostic[]> {
  let subscription: vscode.Disposable | undefined;
  const found = new Promise<vscode.Diagnostic[]>((resolve) => {
    const check = (): void => {
      const diags = vscode.languages.getDiagnostics(uri);
      if (done(diags)) resolve(diags);
    };
    subscription = vscode.languages.onDidChangeDiagnostics((e) => {
      if (e.uris.some((u) => u.toString() === uri.toString())) check();
    });
    check();
  });
  return withTimeout(found, 45_000, () => `${what}; last seen: ${describeAll(vscode.languages.getDiagnostics(uri))}`).finally(() => subscription?.dispose());
}

describe('typing, fixing and checking the workspace in a real editor', () => {
  before(async () => {
    await activateExtension();
  });

  afterEach(async () => {
    for (const doc of vscode.workspace.textDocuments) await revert(doc);
  });

  it('reports each mistake of a *.deployment-config.json once: the schema warning is VS Code\'s, the guardrail ours', async () => {
    const doc = await openFixture('payments.deployment-config.json');
    // VS Code's JSON support validates with our schema (jsonValidation): the 7200 s wait is above 3600.
    const diags = await waitForAllDiagnostics(
      doc.uri,
      (ds) => ds.some((d) => d.source !== SOURCE && doc.getText(d.range) === '7200') && ds.some((d) => codeOf(d) === 'canary-size'),
      "VS Code's schema finding on 7200 and our canary-size on 75",
    );
    const tokens = diags.map((d) => doc.getText(d.range)).sort();
    assert.deepEqual(tokens, ['7200', '75'], `one report per mistake: ${describeAll(diags)}`);
    assert.ok(!diags.some((d) => d.source === SOURCE && codeOf(d) === 'out-of-range'), 'our out-of-range is not published beside the schema warning');
    // Our quick fix still applies to the schema finding.
    const wait = diags.find((d) => doc.getText(d.range) === '7200')!;
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', doc.uri, wait.range, vscode.CodeActionKind.QuickFix.value);
    assert.ok(actions.some((a) => /^Change \S*WaitIntervalInSeconds to 3600$/.test(a.title)), actions.map((a) => a.title).join(' | '));
  });

  it('links each diagnostic to its rule page in the installed extension', async () => {
    const doc = await openFixture('payments.deployment-config.json');
    const [canary] = await waitForDiagnostics(doc.uri, hasCode('canary-size'), 'canary-size');
    const code = canary!.code as { value: string; target: vscode.Uri };
    assert.equal(code.value, 'canary-size');
    assert.equal(code.target.scheme, 'file');
    assert.match(code.target.path, /\/docs\/rules\/canary-size\.md$/);
    assert.ok(existsSync(code.target.fsPath), `${code.target.fsPath} exists`);
  });

  it('the no-rollback-alarms fix adds the alarm and leaves the placeholder name selected, then warns about it', async () => {
    const doc = await openFixture('alarms_fix.py');
    const [missing] = await waitForDiagnostics(doc.uri, hasCode('no-rollback-alarms'), 'no-rollback-alarms');
    const editor = vscode.window.activeTextEditor!;
    assert.equal(editor.document.uri.toString(), doc.uri.toString());
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', doc.uri, missing!.range, vscode.CodeActionKind.QuickFix.value);
    const add = actions.find((a) => a.title.startsWith('Add AutoRollbackConfiguration'));
    assert.ok(add?.edit, actions.map((a) => a.title).join(' | '));
    assert.ok(await vscode.workspace.applyEdit(add.edit), 'the edit applies');
    // A snippet edit in the active editor: the placeholder is selected, ready to be typed over.
    assert.equal(editor.document.getText(editor.selection), '<your-alarm-name>');
    // At the indentation of the keys around it (the editor indents a snippet's lines by the line it is inserted in).
    assert.equal(doc.lineAt(11).text, '        "AutoRollbackConfiguration": {"Alarms": [{"AlarmName": "<your-alarm-name>"}]},');
    const [placeholder] = await waitForDiagnostics(doc.uri, hasCode('placeholder-alarm-name'), 'placeholder-alarm-name');
    assert.equal(doc.getText(placeholder!.range), '"<your-alarm-name>"');
    assert.equal(placeholder!.severity, vscode.DiagnosticSeverity.Warning);
  });

  it('SageMaker: Check Workspace reports files that are not open, with exact ranges', async () => {
    const uri = workspaceUri('workspace_check/unopened_canary.py');
    assert.ok(!vscode.workspace.textDocuments.some((d) => d.uri.toString() === uri.toString()), 'the fixture is not open');
    assert.deepEqual(vscode.languages.getDiagnostics(uri), [], 'nothing is known about it before the check');
    const result = await vscode.commands.executeCommand<{ checked: number; errors: number }>('smGuardrails.checkWorkspace');
    assert.ok(result && result.checked >= 1, `files checked: ${JSON.stringify(result)}`);
    const diags = vscode.languages.getDiagnostics(uri).filter((d) => d.source === SOURCE);
    assert.deepEqual(
      diags.map((d) => [codeOf(d), d.range.start.line, d.range.start.character, d.range.end.line, d.range.end.character]),
      [['canary-size', 10, 68, 10, 70]],
    );
    // Not opened by the check either.
    assert.ok(!vscode.workspace.textDocuments.some((d) => d.uri.toString() === uri.toString()));
  });
});
