// The VS Code client: starts the language server and shows whether the active file holds
// DeploymentConfig blocks. All checking happens in the server.
import * as vscode from 'vscode';
import { LanguageClient, TransportKind, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';
import { SCHEMA_FILES_COMPLETED_BY_CLIENT, documentStatusNotification, type DocumentStatusParams } from '../../server/src/lsp/protocol';
import { registerTimelinePanel } from './timeline-panel';

let client: LanguageClient | undefined;
const statusByUri = new Map<string, DocumentStatusParams>();

const LANGUAGES = ['python', 'json', 'jsonc', 'shellscript', 'markdown', 'yaml', 'terraform', 'typescript', 'javascript'];

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}

/** The document whose counts the status bar shows. */
let shownUri: string | undefined;

function updateStatusBar(item: vscode.StatusBarItem): void {
  const document = vscode.window.activeTextEditor?.document;
  const uri = document?.uri.toString();
  const status = uri ? statusByUri.get(uri) : undefined;
  // After a switch, counts of an older text of the new file (it was open before) are not shown until
  // the server has checked the text on screen; while typing in the same file, the last counts stay.
  const current = status !== undefined && document !== undefined && (status.version === document.version || shownUri === uri);
  if (!status || !current || status.configCount === 0) {
    shownUri = undefined;
    item.hide();
    return;
  }
  shownUri = uri;
  const problems = status.errorCount + status.warningCount;
  // Built-in codicons only (error, warning, pass): an unknown name renders as nothing.
  const icon = status.errorCount ? 'error' : status.warningCount ? 'warning' : 'pass';
  const configs = plural(status.configCount, 'config');
  item.text = `$(${icon}) SageMaker: ${configs}` + (problems ? `, ${plural(problems, 'problem')}` : '');
  const findings = problems ? `${plural(status.errorCount, 'error')} and ${plural(status.warningCount, 'warning')}` : 'no problems';
  item.tooltip = `SageMaker Deployment Guardrails: ${plural(status.configCount, 'DeploymentConfig block')} in this file, ${findings}. Click to open the Problems panel.`;
  item.accessibilityInformation = { label: `SageMaker Deployment Guardrails: ${configs}, ${findings}`, role: 'button' };
  item.command = 'workbench.actions.view.problems';
  item.show();
}

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const serverModule = context.asAbsolutePath('dist/server.js');
  const serverOptions: ServerOptions = {
    run: { module: serverModule, transport: TransportKind.ipc },
    debug: { module: serverModule, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6011'] } },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: [
      ...LANGUAGES.flatMap((language) => [
        { scheme: 'file', language },
        { scheme: 'untitled', language },
        { scheme: 'vscode-remote', language },
      ]),
      { notebook: 'jupyter-notebook', language: 'python' },
    ],
    synchronize: { configurationSection: 'smGuardrails' },
    initializationOptions: { [SCHEMA_FILES_COMPLETED_BY_CLIENT]: true },
  };
  client = new LanguageClient('smGuardrails', 'SageMaker Deployment Guardrails', serverOptions, clientOptions);

  const statusItem = vscode.window.createStatusBarItem('smGuardrails.status', vscode.StatusBarAlignment.Left, 50);
  statusItem.name = 'SageMaker Deployment Guardrails';
  context.subscriptions.push(
    statusItem,
    vscode.window.onDidChangeActiveTextEditor(() => updateStatusBar(statusItem)),
    vscode.workspace.onDidCloseTextDocument((document) => statusByUri.delete(document.uri.toString())),
  );

  context.subscriptions.push(
    // From the code lens: put the cursor on the config and open the refactor menu with the conversions.
    vscode.commands.registerCommand('smGuardrails.convert', async (uri?: string, position?: { line: number; character: number }) => {
      const editor = vscode.window.activeTextEditor;
      if (uri && position && editor?.document.uri.toString() === uri) {
        const at = new vscode.Position(position.line, position.character);
        editor.selection = new vscode.Selection(at, at);
      }
      await vscode.commands.executeCommand('editor.action.codeAction', { kind: 'refactor.rewrite', apply: 'never' });
    }),
    // From a quick fix where no comment can suppress (JSON): add the rule to the disabled rules.
    vscode.commands.registerCommand('smGuardrails.disableRule', async (code: string) => {
      const configuration = vscode.workspace.getConfiguration('smGuardrails');
      const disabled = new Set(configuration.get<string[]>('disabledRules') ?? []);
      disabled.add(code);
      const target = vscode.workspace.workspaceFolders?.length ? vscode.ConfigurationTarget.Workspace : vscode.ConfigurationTarget.Global;
      await configuration.update('disabledRules', [...disabled], target);
    }),
  );

  // Registered before the server starts so the code lens, palette and editor title commands always exist.
  registerTimelinePanel(context, client);

  await client.start();
  context.subscriptions.push(
    client.onNotification(documentStatusNotification, (params: DocumentStatusParams) => {
      statusByUri.set(params.uri, params);
      updateStatusBar(statusItem);
    }),
  );
}

export async function deactivate(): Promise<void> {
  await client?.stop();
  client = undefined;
}
