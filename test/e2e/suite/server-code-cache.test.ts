// The language server's own V8 code cache in a real editor: the client gives the server the
// extension's global storage, and the server, run by the editor's own Node, writes its caches there
// for that runtime after its first check.
import * as assert from 'node:assert/strict';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { activateExtension, openFixture, waitForDiagnostics } from './helpers';

describe('the language server\'s code cache', () => {
  it('is written into the extension\'s global storage, for the runtime the editor runs the server in', async () => {
    const ext = await activateExtension();
    const doc = await openFixture('deploy_canary.py');
    await waitForDiagnostics(doc.uri, (diags) => diags.length > 0, 'the first diagnostics');
    // Both runners (code-server, VS Code) keep the user data beside the workspace copy.
    const globalStorage = join(vscode.workspace.workspaceFolders![0]!.uri.fsPath, '..', 'user-data', 'User', 'globalStorage');
    const expected = [`sm-guardrails.js-${process.version}-${process.arch}.cache`, `web-tree-sitter.cjs-${process.version}-${process.arch}.cache`];
    const cacheFiles = (): string[] => {
      const own = existsSync(globalStorage) ? readdirSync(globalStorage).find((name) => name.toLowerCase() === ext.id.toLowerCase()) : undefined;
      const folder = own ? join(globalStorage, own, 'code-cache') : undefined;
      return folder && existsSync(folder) ? readdirSync(folder).sort() : [];
    };
    // Written a second after the first check (which an earlier test may have made): up to 30 s.
    for (let waited = 0; waited < 30_000 && !expected.every((name) => cacheFiles().includes(name)); waited += 100) await new Promise((resolve) => setTimeout(resolve, 100));
    assert.deepEqual(cacheFiles(), expected, `the caches in ${globalStorage}/<extension>/code-cache`);
  });
});
