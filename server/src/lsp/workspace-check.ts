// smGuardrails/checkFiles: the client lists the workspace's files and sends them in batches (so it
// can show progress and cancel); the server checks each file that is not open in the editor from
// disk, as the CLI does, and publishes its diagnostics, so the Problems panel covers the workspace.
// Open documents are left alone: their live diagnostics are already published.
import type { Connection, Diagnostic } from 'vscode-languageserver/node';
import { extname } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { CheckSettings, SyntaxParsers } from '../core/check';
import type { Finding } from '../core/model';
import { LineIndex } from '../core/text';
import { checkFile } from '../node/check-file';
import { checkFilesRequest, type CheckFilesParams, type CheckFilesResult } from './protocol';

export interface WorkspaceCheckHost {
  parsers: () => SyntaxParsers | undefined;
  settings: () => CheckSettings;
  /** Whether the editor has the document (or notebook) open: then its live diagnostics stand. */
  isOpen: (uri: string) => boolean;
  /** A finding as an LSP diagnostic; `uri` is given when related spans are in the same text. */
  toDiagnostic: (finding: Finding, index: LineIndex, uri?: string) => Diagnostic;
}

export function registerWorkspaceCheck(connection: Connection, host: WorkspaceCheckHost): void {
  connection.onRequest(checkFilesRequest.method, (params: CheckFilesParams): CheckFilesResult => {
    const parsers = host.parsers();
    const result: CheckFilesResult = { checked: 0, skippedOpen: 0, unreadable: 0, errors: 0, warnings: 0, filesWithFindings: 0 };
    if (!parsers) return result;
    const settings = host.settings();
    for (const uri of params.uris) {
      if (!uri.startsWith('file:')) continue;
      if (host.isOpen(uri)) {
        result.skippedOpen++;
        continue;
      }
      let checked;
      try {
        checked = checkFile(fileURLToPath(uri), parsers, settings);
      } catch {
        result.unreadable++; // deleted or unreadable since it was listed: nothing to report
        continue;
      }
      result.checked++;
      const index = new LineIndex(checked.text);
      // Notebook positions are mapped into the .ipynb text; related spans are not: left out there.
      const sameText = extname(uri).toLowerCase() !== '.ipynb';
      const diagnostics = checked.findings.map((f) => host.toDiagnostic(f, index, sameText ? uri : undefined));
      result.errors += checked.findings.filter((f) => f.severity === 'error').length;
      result.warnings += checked.findings.filter((f) => f.severity === 'warning').length;
      if (diagnostics.length) result.filesWithFindings++;
      void connection.sendDiagnostics({ uri, diagnostics });
    }
    return result;
  });
}
