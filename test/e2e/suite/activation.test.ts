// The runner's own sanity: a real VS Code, the fixture workspace, and this repo as the extension under test.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { EXTENSION_NAME, activateExtension, openFixture } from './helpers';

describe('extension host', () => {
  it('runs in a real VS Code with the fixture workspace open', () => {
    assert.match(vscode.version, /^\d+\.\d+\.\d+/);
    const folders = vscode.workspace.workspaceFolders ?? [];
    assert.equal(folders.length, 1, 'exactly one workspace folder');
    assert.equal(folders[0]!.uri.path.split('/').pop(), 'workspace');
  });

  it('loads the extension under development and activates it on a Python file', async () => {
    const ext = vscode.extensions.all.find((e) => e.packageJSON?.name === EXTENSION_NAME);
    const loaded = vscode.extensions.all.filter((e) => !e.id.startsWith('vscode.')).map((e) => e.id);
    assert.ok(ext, `extension ${EXTENSION_NAME} not loaded; non-builtin extensions: ${loaded.join(', ') || '(none)'}`);
    assert.equal(ext.extensionUri.scheme === 'file' || ext.extensionUri.scheme === 'vscode-remote', true);
    await openFixture('deploy_canary.py');
    // Opening a Python file fires onLanguage:python; activate() then resolves, or rejects with the error.
    await activateExtension();
    assert.ok(ext.isActive, 'extension did not activate');
  });
});
