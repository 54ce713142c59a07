// The VS Code client: starts the language server and shows whether the active file holds
// DeploymentConfig blocks. All checking happens in the server.
import * as vscode from 'vscode';
import { LanguageClient, TransportKind, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';
import {
  SCHEMA_FILES_COMPLETED_BY_CLIENT,
  checkFilesRequest,
  documentStatusNotification,
  type CheckFilesParams,
  type CheckFilesResult,
  type DocumentStatusParams,
} from '../../server/src/lsp/protocol';
import { statusToShow } from './status';
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
  const active = document ? { uri: document.uri.toString(), version: document.version } : undefined;
  const status = statusToShow(active, active ? statusByUri.get(active.uri) : undefined, shownUri);
  if (!status) {
    shownUri = undefined;
    item.hide();
    return;
  }
  shownUri = status.uri;
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

/** The files the checker reads, as the CLI's `check` collects them. */
const CHECKED_FILES = '**/*.{py,ipynb,json,jsonc,sh,bash,md,markdown}';
const SKIPPED_FOLDERS = '{**/node_modules/**,**/.git/**,**/.venv/**,**/venv/**,**/__pycache__/**,**/.tox/**}';
const FILES_PER_REQUEST = 25;

/**
 * SageMaker: Check Workspace. Lists the workspace's files (files.exclude applies) and has the server
 * check the ones that are not open, in batches, with progress and Cancel; their findings go to the
 * Problems panel. Open files keep their live diagnostics.
 */
async function checkWorkspace(languageClient: LanguageClient): Promise<CheckFilesResult | undefined> {
  const total: CheckFilesResult = { checked: 0, skippedOpen: 0, unreadable: 0, errors: 0, warnings: 0, filesWithFindings: 0 };
  const finished = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: 'SageMaker: checking the workspace', cancellable: true },
    async (progress, token) => {
      const files = await vscode.workspace.findFiles(CHECKED_FILES, SKIPPED_FOLDERS, undefined, token);
      for (let start = 0; start < files.length; start += FILES_PER_REQUEST) {
        if (token.isCancellationRequested) return false;
        const batch = files.slice(start, start + FILES_PER_REQUEST);
        progress.report({ message: `${start} of ${files.length} files`, increment: (100 * batch.length) / files.length });
        const params: CheckFilesParams = { uris: batch.map((uri) => uri.toString()) };
        const result = await languageClient.sendRequest<CheckFilesResult>(checkFilesRequest.method, params, token);
        for (const key of Object.keys(total) as (keyof CheckFilesResult)[]) total[key] += result[key];
      }
      return !token.isCancellationRequested;
    },
  );
  const summary =
    `SageMaker: ${finished ? 'checked' : 'cancelled after'} ${plural(total.checked, 'file')} not open in the editor` +
    (total.checked ? `: ${plural(total.errors, 'error')} and ${plural(total.warnings, 'warning')} in ${plural(total.filesWithFindings, 'file')}.` : '.');
  // Not awaited: the message stays until dismissed, and the command's result is ready now.
  void vscode.window.showInformationMessage(summary, ...(total.errors + total.warnings ? ['Open Problems'] : [])).then((choice) => {
    if (choice === 'Open Problems') void vscode.commands.executeCommand('workbench.actions.view.problems');
  });
  return total;
}

/** The `sm-guardrails: check workspace` task: the command-line checker over each folder, read by the $sm-guardrails problem matcher. */
interface CheckTaskDefinition extends vscode.TaskDefinition {
  type: 'sm-guardrails';
  /** Files and folders to check, relative to the workspace folder. */
  paths?: string[];
}

function checkTask(context: vscode.ExtensionContext, folder: vscode.WorkspaceFolder, definition: CheckTaskDefinition, name = 'check workspace'): vscode.Task {
  const cli = context.asAbsolutePath('dist/cli.js');
  const paths = definition.paths?.length ? definition.paths : ['.'];
  // The extension host's own runtime runs the CLI (ELECTRON_RUN_AS_NODE makes VS Code's binary a plain Node).
  const execution = new vscode.ProcessExecution(process.execPath, [cli, 'check', ...paths], { cwd: folder.uri.fsPath, env: { ELECTRON_RUN_AS_NODE: '1' } });
  const task = new vscode.Task(definition, folder, name, 'sm-guardrails', execution, '$sm-guardrails');
  task.group = vscode.TaskGroup.Test;
  task.presentationOptions = { reveal: vscode.TaskRevealKind.Silent };
  return task;
}

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const serverModule = context.asAbsolutePath('dist/server.js');
  const serverOptions: ServerOptions = {
    // The server keeps its V8 code cache (a faster first check in later sessions) in the extension's storage.
    run: { module: serverModule, transport: TransportKind.ipc, options: { env: { SM_GUARDRAILS_CODE_CACHE_DIR: vscode.Uri.joinPath(context.globalStorageUri, 'code-cache').fsPath } } },
    // Not under --nolazy, which V8 would reject the cache for.
    debug: { module: serverModule, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6011'], env: { SM_GUARDRAILS_CODE_CACHE_DIR: 'off' } } },
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
    vscode.commands.registerCommand('smGuardrails.checkWorkspace', () => checkWorkspace(client!)),
    vscode.tasks.registerTaskProvider('sm-guardrails', {
      provideTasks: () => (vscode.workspace.workspaceFolders ?? []).map((folder) => checkTask(context, folder, { type: 'sm-guardrails' })),
      // A task written in tasks.json (`"type": "sm-guardrails", "paths": [...]`).
      resolveTask: (task) =>
        task.scope && typeof task.scope === 'object' ? checkTask(context, task.scope, task.definition as CheckTaskDefinition, task.name) : undefined,
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
