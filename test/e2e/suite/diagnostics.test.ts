// What a user sees: our findings, with rule code and the exact range of the smallest wrong token,
// in every kind of file the extension reads. Ranges are 0-based (API), [line, char, line, char].
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import {
  Expected,
  activateExtension,
  assertFindings,
  codeOf,
  hasCode,
  openFixture,
  ourDiagnostics,
  replaceText,
  revert,
  waitForDiagnostics,
  workspaceUri,
} from './helpers';

async function expectFindings(file: string, expected: Expected[]): Promise<vscode.TextDocument> {
  const doc = await openFixture(file);
  const diags = await waitForDiagnostics(
    doc.uri,
    (ds) => expected.every((e) => hasCode(e.code)(ds)),
    `findings ${expected.map((e) => e.code).join(', ')}`,
  );
  assertFindings(doc, diags, expected);
  return doc;
}

describe('diagnostics in a real editor', () => {
  before(async () => {
    await activateExtension(); // fail every test at once, with the reason, if the extension cannot start
  });

  afterEach(async () => {
    for (const doc of vscode.workspace.textDocuments) await revert(doc);
  });

  describe('Python', () => {
    it('flags a canary above 50% on the number, and clears when the value is fixed', async () => {
      const canary: Expected = { code: 'canary-size', severity: 'error', range: [12, 68, 12, 70], text: '75' };
      const doc = await expectFindings('deploy_canary.py', [canary]);
      assert.ok(
        ourDiagnostics(doc.uri).every((d) => d.source === 'sm-guardrails'),
        'source is sm-guardrails',
      );

      await replaceText(doc, canary.range, '25');
      const after = await waitForDiagnostics(doc.uri, (ds) => !hasCode('canary-size')(ds), 'canary-size to clear after editing 75 -> 25');
      assertFindings(doc, after, []); // the rest of the fixture is clean

      // Putting the mistake back brings the finding back (the server follows edits both ways).
      await replaceText(doc, canary.range, '75');
      const back = await waitForDiagnostics(doc.uri, hasCode('canary-size'), 'canary-size to return after editing 25 -> 75');
      assertFindings(doc, back, [canary]);
    });

    it('finds configs in plain dicts: out-of-range interval and a timeout shorter than the bake time', async () => {
      await expectFindings('endpoint_policies.py', [
        { code: 'out-of-range', severity: 'error', range: [5, 33, 5, 37], text: '7200' },
        { code: 'timeout-too-short', severity: 'warning', range: [19, 44, 19, 47], text: '900' },
      ]);
    });
  });

  describe('JSON', () => {
    it('flags a wrong enum and a key from the other policy, each on its string token with quotes', async () => {
      // A --cli-input-json skeleton with the same mistakes: no schema of VS Code applies, so they are ours.
      const doc = await openFixture('fraud-rolling.deployment-config.json');
      const text = doc.getText().replace('{\n', '{\n  "EndpointName": "fraud",\n  "DeploymentConfig": {\n').replace(/\n}\n?$/, '\n  }\n}\n');
      const untitled = await vscode.workspace.openTextDocument({ language: 'json', content: text });
      await vscode.window.showTextDocument(untitled, { preview: false });
      const diags = await waitForDiagnostics(untitled.uri, (ds) => hasCode('invalid-enum')(ds) && hasCode('unknown-key')(ds), 'invalid-enum and unknown-key');
      assertFindings(untitled, diags, [
        { code: 'invalid-enum', severity: 'error', range: [4, 34, 4, 55], text: '"CAPACITY_PERCENTAGE"' },
        { code: 'unknown-key', severity: 'error', range: [6, 4, 6, 30], text: '"TerminationWaitInSeconds"' },
      ]);
      await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
    });
  });

  describe('shell', () => {
    it('reads the JSON of aws sagemaker update-endpoint --deployment-config', async () => {
      await expectFindings('deploy_linear.sh', [{ code: 'linear-step-size', severity: 'error', range: [11, 64, 11, 65], text: '5' }]);
    });
  });

  describe('Markdown', () => {
    it('checks fenced python and bash blocks, and not the prose', async () => {
      await expectFindings('RUNBOOK.md', [
        { code: 'no-rollback-alarms', severity: 'warning', range: [11, 8, 11, 31], text: '"BlueGreenUpdatePolicy"' },
        { code: 'canary-size', severity: 'error', range: [27, 152, 27, 154], text: '60' },
      ]);
    });
  });

  describe('Jupyter notebook', () => {
    it('flags the canary in a code cell, on the cell document', async () => {
      const notebook = await vscode.workspace.openNotebookDocument(workspaceUri('rollout.ipynb'));
      await vscode.window.showNotebookDocument(notebook);
      const cell = notebook.getCells().find((c) => c.kind === vscode.NotebookCellKind.Code);
      assert.ok(cell, 'fixture has a code cell');
      assert.equal(cell.document.languageId, 'python');
      const expected: Expected = { code: 'canary-size', severity: 'error', range: [6, 64, 6, 66], text: '80' };
      const diags = await waitForDiagnostics(cell.document.uri, hasCode('canary-size'), 'canary-size in the notebook code cell');
      assertFindings(cell.document, diags, [expected]);
      const markdownCell = notebook.getCells().find((c) => c.kind === vscode.NotebookCellKind.Markup);
      assert.deepEqual(markdownCell ? ourDiagnostics(markdownCell.document.uri).map(codeOf) : [], []);
      await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
    });
  });

  // TODO(issue 3): hover text, completion items, quick fixes and the timeline panel, as those features land.
});
