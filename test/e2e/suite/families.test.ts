// The other two DeploymentConfig families in a real editor: an inference component (Python) and a
// HyperPod cluster (shell), each checked by its own API's rules on the exact token, explained on
// hover with its family, and repaired by the dialect quick fix. Ranges are 0-based.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { activateExtension, assertFindings, codeOf, hasCode, openFixture, revert, waitForDiagnostics, type Expected } from './helpers';

function hoverText(hovers: vscode.Hover[]): string {
  return hovers
    .flatMap((h) => h.contents)
    .map((c) => (typeof c === 'string' ? c : 'value' in c ? c.value : ''))
    .join('\n');
}

async function hoverAt(doc: vscode.TextDocument, needle: string, into = 2): Promise<string> {
  const offset = doc.getText().indexOf(needle);
  assert.ok(offset >= 0, `fixture drift: ${needle} not in ${doc.uri.path}`);
  const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', doc.uri, doc.positionAt(offset + into));
  return hoverText(hovers.filter((h) => hoverText([h]).includes('docs.aws.amazon.com')));
}

async function quickFixes(uri: vscode.Uri, range: vscode.Range): Promise<vscode.CodeAction[]> {
  const actions = await vscode.commands.executeCommand<(vscode.CodeAction | vscode.Command)[]>('vscode.executeCodeActionProvider', uri, range, vscode.CodeActionKind.QuickFix.value);
  return (actions ?? []).filter((a): a is vscode.CodeAction => 'title' in a && !('command' in a && typeof a.command === 'string'));
}

describe('config families in a real editor', () => {
  before(async () => {
    await activateExtension();
  });

  afterEach(async () => {
    for (const doc of vscode.workspace.textDocuments) await revert(doc);
  });

  it('inference component: INSTANCE_COUNT is reported, hover speaks of copies, the fix writes COPY_COUNT', async () => {
    const doc = await openFixture('families_inference_component.py');
    const expected: Expected = { code: 'invalid-enum', severity: 'error', range: [13, 41, 13, 57], text: '"INSTANCE_COUNT"' };
    const diags = await waitForDiagnostics(doc.uri, hasCode('invalid-enum'), 'invalid-enum');
    assertFindings(doc, diags, [expected]);
    assert.match(diags[0]!.message, /endpoint spelling/);

    const hover = await hoverAt(doc, '"MaximumBatchSize"');
    assert.match(hover, /guardrail: 5-50% of the copy count/);
    assert.match(hover, /Inference component DeploymentConfig \(UpdateInferenceComponent\)/);

    const fix = (await quickFixes(doc.uri, diags[0]!.range)).find((a) => a.title === 'Change to COPY_COUNT');
    assert.ok(fix?.edit && fix.isPreferred, 'the preferred fix Change to COPY_COUNT is offered');
    const before = doc.getText();
    assert.ok(await vscode.workspace.applyEdit(fix.edit));
    assert.equal(doc.getText(), before.replace('"Type": "INSTANCE_COUNT"', '"Type": "COPY_COUNT"'));
    const after = await waitForDiagnostics(doc.uri, (ds) => !hasCode('invalid-enum')(ds), 'invalid-enum to clear');
    assertFindings(doc, after, []);
  });

  it('HyperPod cluster: the Alarms wrapper is a wrong type, hover says where the wait goes, the fix unwraps the list', async () => {
    const doc = await openFixture('families_hyperpod.sh');
    const wrapper = '{"Alarms": [{"AlarmName": "hyperpod-node-health"}]}';
    const expected: Expected = { code: 'wrong-type', severity: 'error', range: [8, 33, 8, 33 + wrapper.length], text: wrapper };
    const diags = await waitForDiagnostics(doc.uri, hasCode('wrong-type'), 'wrong-type');
    assertFindings(doc, diags, [expected]);

    const hover = await hoverAt(doc, '"WaitIntervalInSeconds"');
    assert.match(hover, /at the top level of a HyperPod DeploymentConfig/);
    assert.match(hover, /HyperPod cluster DeploymentConfig/);

    const fix = (await quickFixes(doc.uri, diags.find((d) => codeOf(d) === 'wrong-type')!.range)).find((a) => a.title.startsWith('Unwrap the alarm list'));
    assert.ok(fix?.edit, 'the unwrap fix is offered');
    const before = doc.getText();
    assert.ok(await vscode.workspace.applyEdit(fix.edit));
    assert.equal(doc.getText(), before.replace(wrapper, '[{"AlarmName": "hyperpod-node-health"}]'));
    const after = await waitForDiagnostics(doc.uri, (ds) => !hasCode('wrong-type')(ds), 'wrong-type to clear');
    assertFindings(doc, after, []);
  });
});
