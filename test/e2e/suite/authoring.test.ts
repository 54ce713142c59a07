// Hover and completion as VS Code shows them: through the editor's own provider commands, so the
// language client's conversion (markdown, ranges, snippet text edits) is part of what is tested.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { activateExtension, hasCode, openFixture, replaceText, revert, waitForDiagnostics } from './helpers';

function hoverText(hovers: vscode.Hover[]): string {
  return hovers
    .flatMap((h) => h.contents)
    .map((c) => (typeof c === 'string' ? c : 'value' in c ? c.value : ''))
    .join('\n');
}

/** The position of the first `needle` on `line` (0-based), plus `into` characters. */
function positionOf(doc: vscode.TextDocument, line: number, needle: string, into = 1): vscode.Position {
  const character = doc.lineAt(line).text.indexOf(needle);
  assert.ok(character >= 0, `fixture drift: "${needle}" not on line ${line + 1} of ${doc.uri.path}`);
  return new vscode.Position(line, character + into);
}

async function hoverAt(doc: vscode.TextDocument, position: vscode.Position): Promise<{ text: string; range: vscode.Range | undefined }> {
  const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', doc.uri, position);
  const ours = hovers.filter((h) => hoverText([h]).includes('SageMaker') || hoverText([h]).includes('docs.aws.amazon.com'));
  return { text: hoverText(ours), range: ours[0]?.range };
}

async function completionLabels(doc: vscode.TextDocument, position: vscode.Position, trigger?: string): Promise<{ labels: string[]; list: vscode.CompletionList }> {
  const list = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', doc.uri, position, trigger);
  const labels = list.items.map((i) => (typeof i.label === 'string' ? i.label : i.label.label));
  return { labels, list };
}

describe('hover and completion in a real editor', () => {
  before(async () => {
    await activateExtension();
  });

  afterEach(async () => {
    for (const doc of vscode.workspace.textDocuments) await revert(doc);
  });

  it('hovering a key in Python explains it, with its range, default and the guide page', async () => {
    const doc = await openFixture('deploy_canary.py');
    await waitForDiagnostics(doc.uri, hasCode('canary-size'), 'the server to have read the file');
    const { text, range } = await hoverAt(doc, positionOf(doc, 13, '"WaitIntervalInSeconds"', 3));
    assert.match(text, /WaitIntervalInSeconds/);
    assert.match(text, /0.{1,8}3600/, `valid range in: ${text}`);
    assert.match(text, /10 min/, `what the current value does in: ${text}`);
    assert.match(text, /docs\.aws\.amazon\.com\/sagemaker\/latest\/dg\/deployment-guardrails-blue-green-canary\.html/);
    assert.ok(range, 'the hover has a range');
    assert.equal(doc.getText(range), '"WaitIntervalInSeconds"');
  });

  it('hovering an enum value in a shell --deployment-config explains the mode', async () => {
    const doc = await openFixture('deploy_linear.sh');
    await waitForDiagnostics(doc.uri, hasCode('linear-step-size'), 'the server to have read the script');
    const { text, range } = await hoverAt(doc, positionOf(doc, 10, '"LINEAR"', 2));
    assert.match(text, /\*\*LINEAR\*\*/);
    assert.match(text, /deployment-guardrails-blue-green-linear\.html/);
    assert.ok(range);
    assert.equal(doc.getText(range), '"LINEAR"');
  });

  it('completes the keys still missing in a JSON policy, inside the quotes the user typed', async () => {
    // A --cli-input-json skeleton: no JSON schema of VS Code applies, so every key offered is ours.
    const doc = await openFixture('update-endpoint-input.json');
    await vscode.commands.executeCommand('vscode.executeCodeLensProvider', doc.uri); // the server has read it once this answers
    // The user starts a new key after MaximumExecutionTimeoutInSeconds: `,` newline `""`.
    const line = 7;
    const end = doc.lineAt(line).text.length;
    await replaceText(doc, [line, end, line, end], ',\n      ""');
    const { labels, list } = await completionLabels(doc, new vscode.Position(line + 1, 7), '"');
    assert.ok(labels.includes('RollbackMaximumBatchSize'), `RollbackMaximumBatchSize offered: ${labels.join(', ')}`);
    for (const present of ['MaximumBatchSize', 'WaitIntervalInSeconds', 'MaximumExecutionTimeoutInSeconds']) {
      assert.ok(!labels.includes(present), `${present} is already there and must not be offered again`);
    }
    // Accepting it writes the key in JSON's quotes, replacing the empty string the user typed.
    const item = list.items.find((i) => i.label === 'RollbackMaximumBatchSize')!;
    const edit = new vscode.WorkspaceEdit();
    const insert = item.insertText instanceof vscode.SnippetString ? item.insertText.value : String(item.insertText ?? item.label);
    const itemRange = item.range instanceof vscode.Range ? item.range : item.range?.replacing;
    assert.ok(itemRange, 'the item says what it replaces');
    edit.set(doc.uri, [vscode.SnippetTextEdit.replace(itemRange, new vscode.SnippetString(insert))]);
    await vscode.workspace.applyEdit(edit);
    assert.match(doc.lineAt(line + 1).text, /^ {6}"RollbackMaximumBatchSize": \{/);
  });

  it('completes enum values inside a Python string', async () => {
    const doc = await openFixture('deploy_canary.py');
    await waitForDiagnostics(doc.uri, hasCode('canary-size'), 'the server to have read the file');
    const { labels } = await completionLabels(doc, positionOf(doc, 11, '"CANARY"', 1));
    for (const mode of ['ALL_AT_ONCE', 'CANARY', 'LINEAR']) assert.ok(labels.includes(mode), `${mode} offered: ${labels.join(', ')}`);
  });

  it('lists each key once in a *.deployment-config.json file, which VS Code also completes from the schema', async () => {
    const doc = await openFixture('fraud-rolling.deployment-config.json');
    await vscode.commands.executeCommand('vscode.executeCodeLensProvider', doc.uri); // the server has read it once this answers
    const line = 5;
    const end = doc.lineAt(line).text.length;
    await replaceText(doc, [line, end, line, end], ',\n    ""');
    const { labels } = await completionLabels(doc, new vscode.Position(line + 1, 5), '"');
    const offered = labels.filter((l) => l === 'RollbackMaximumBatchSize');
    assert.equal(offered.length, 1, `RollbackMaximumBatchSize offered ${offered.length} times: ${labels.join(', ')}`);
  });
});
