// The rollout timeline panel: one webview (singleton) beside the editor that follows the config
// under the cursor. It asks the server for the timeline (smGuardrails/timeline) after every
// cursor move or edit, debounced, and hands the answer to the webview script, which renders it.
// A serializer brings the panel back after a reload with the webview's saved state.
import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import type { BaseLanguageClient } from 'vscode-languageclient';
import { timelineRequestType, type TimelineParams, type TimelineResponse } from '../../server/src/lsp/protocol';
import { makeNonce, timelineHtml } from './webview/html';
import { configKey, fleetSizesFor, type FromWebviewMessage, type TimelineControl, type TimelineSnapshot, type TimelineUiState, type TimelineWebviewState, type ToWebviewMessage } from './webview/messages';

export const SHOW_TIMELINE_COMMAND = 'smGuardrails.showTimeline';
export const TIMELINE_VIEW_TYPE = 'smGuardrails.timeline';
/** Internal (not in the palette): the webview's rendered content, for tests. */
export const TIMELINE_SNAPSHOT_COMMAND = 'smGuardrails._timelineSnapshot';
/**
 * Internal: sets a panel control as a user would, for tests. For the export buttons it resolves
 * once the export is done (clipboard or file written); save-svg takes the file's URI as the value
 * and writes there instead of asking with the save dialog.
 */
export const TIMELINE_SIMULATE_COMMAND = 'smGuardrails._timelineSimulateInput';

const FOLLOW_DEBOUNCE_MS = 150;
/** Answers computed from an older text than the editor's (the server checks debounced) are asked again. */
const MAX_RETRIES = 6;
const LANGUAGES = new Set(['python', 'json', 'jsonc', 'shellscript', 'markdown', 'yaml', 'terraform', 'typescript', 'javascript']);
const SCHEMES = new Set(['file', 'untitled', 'vscode-remote', 'vscode-notebook-cell']);

interface Target {
  uri: vscode.Uri;
  position: vscode.Position;
}

/** An export the webview asked for, once the extension has written it. */
export interface TimelineExport {
  kind: 'copy-markdown' | 'save-svg';
  /** The saved file (save-svg). */
  uri?: string;
}

interface SnapshotWaiter {
  after: number;
  resolve: (snapshot: TimelineSnapshot) => void;
}

function followable(document: vscode.TextDocument): boolean {
  return LANGUAGES.has(document.languageId) && SCHEMES.has(document.uri.scheme);
}

function documentName(uri: vscode.Uri): string {
  const path = uri.path;
  return path.slice(path.lastIndexOf('/') + 1) || uri.toString();
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

class TimelinePanel {
  static current: TimelinePanel | undefined;

  private target: Target | undefined;
  private ui: TimelineUiState = {};
  private sequence = 0;
  private retries = 0;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private lastMessage: ToWebviewMessage | undefined;
  private lastSnapshot: TimelineSnapshot | undefined;
  private waiters: SnapshotWaiter[] = [];
  /** Tests: where the next save-svg goes without the save dialog. */
  private nextSvgTarget: vscode.Uri | undefined;
  private readonly exported = new vscode.EventEmitter<TimelineExport>();
  private disposed = false;
  private readonly disposables: vscode.Disposable[] = [];

  private constructor(
    private readonly panel: vscode.WebviewPanel,
    private readonly extensionUri: vscode.Uri,
    private readonly client: BaseLanguageClient,
    saved: TimelineWebviewState | undefined,
  ) {
    if (saved?.ui) this.ui = { ...saved.ui };
    if (saved?.documentUri) {
      try {
        const position = saved.position ?? { line: 0, character: 0 };
        this.target = { uri: vscode.Uri.parse(saved.documentUri, true), position: new vscode.Position(position.line, position.character) };
      } catch {
        this.target = undefined;
      }
    }
    this.followEditor(vscode.window.activeTextEditor);

    // The tab's icon: a step chart, drawn for light and dark themes.
    panel.iconPath = {
      light: vscode.Uri.joinPath(extensionUri, 'client', 'media', 'timeline-light.svg'),
      dark: vscode.Uri.joinPath(extensionUri, 'client', 'media', 'timeline-dark.svg'),
    };
    panel.webview.options = {
      enableScripts: true,
      localResourceRoots: [vscode.Uri.joinPath(extensionUri, 'dist', 'webview'), vscode.Uri.joinPath(extensionUri, 'client', 'media')],
    };
    panel.webview.html = this.html();
    this.disposables.push(
      panel.onDidDispose(() => this.dispose()),
      panel.webview.onDidReceiveMessage((message: FromWebviewMessage) => this.onMessage(message)),
      vscode.window.onDidChangeActiveTextEditor((editor) => {
        if (this.followEditor(editor)) this.schedule(0);
      }),
      vscode.window.onDidChangeTextEditorSelection((event) => {
        if (!followable(event.textEditor.document)) return;
        const position = event.selections[0]?.active;
        if (!position) return;
        this.target = { uri: event.textEditor.document.uri, position };
        this.schedule();
      }),
      vscode.workspace.onDidChangeTextDocument((event) => {
        if (this.target && event.contentChanges.length > 0 && event.document.uri.toString() === this.target.uri.toString()) this.schedule();
      }),
    );
  }

  /** Opens the panel (or brings it forward) for `target`, else the active editor. */
  static show(context: vscode.ExtensionContext, client: BaseLanguageClient, target: Target | undefined): TimelinePanel {
    const existing = TimelinePanel.current;
    if (existing) {
      existing.panel.reveal(undefined, true);
      if (target) existing.target = target;
      else existing.followEditor(vscode.window.activeTextEditor);
      existing.schedule(0);
      return existing;
    }
    const panel = vscode.window.createWebviewPanel(
      TIMELINE_VIEW_TYPE,
      'Rollout timeline',
      { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true },
      { enableScripts: true, localResourceRoots: [vscode.Uri.joinPath(context.extensionUri, 'dist', 'webview'), vscode.Uri.joinPath(context.extensionUri, 'client', 'media')] },
    );
    const created = new TimelinePanel(panel, context.extensionUri, client, undefined);
    if (target) created.target = target;
    TimelinePanel.current = created;
    return created;
  }

  /** After a reload: the serializer hands back the panel and the webview's saved state. */
  static revive(panel: vscode.WebviewPanel, context: vscode.ExtensionContext, client: BaseLanguageClient, saved: TimelineWebviewState | undefined): void {
    TimelinePanel.current?.panel.dispose();
    TimelinePanel.current = new TimelinePanel(panel, context.extensionUri, client, saved);
  }

  /** Follows `editor` when it shows a file the server checks; true when the target changed. */
  private followEditor(editor: vscode.TextEditor | undefined): boolean {
    if (!editor || !followable(editor.document)) return false;
    this.target = { uri: editor.document.uri, position: editor.selection.active };
    return true;
  }

  private html(): string {
    const webview = this.panel.webview;
    return timelineHtml({
      cspSource: webview.cspSource,
      nonce: makeNonce((size) => randomBytes(size)),
      scriptUri: webview.asWebviewUri(vscode.Uri.joinPath(this.extensionUri, 'dist', 'webview', 'timeline.js')).toString(),
      styleUri: webview.asWebviewUri(vscode.Uri.joinPath(this.extensionUri, 'client', 'media', 'timeline.css')).toString(),
    });
  }

  private post(message: ToWebviewMessage): void {
    if (!this.disposed) void this.panel.webview.postMessage(message);
  }

  schedule(delay = FOLLOW_DEBOUNCE_MS, keepRetries = false): void {
    if (this.disposed) return;
    if (!keepRetries) this.retries = 0;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.refresh();
    }, delay);
  }

  private async refresh(): Promise<void> {
    const target = this.target;
    if (!target) {
      this.post({ type: 'idle', message: 'Open a Python, JSON, shell or Markdown file with a SageMaker DeploymentConfig and put the cursor in it.' });
      return;
    }
    const id = ++this.sequence;
    const params: TimelineParams = { uri: target.uri.toString(), position: { line: target.position.line, character: target.position.character } };
    // A typed fleet size and the alarm choice belong to the config they were chosen for.
    const fleetSizes = fleetSizesFor(this.ui, params.uri);
    if (Object.keys(fleetSizes).length > 0) params.fleetSizeByConfig = fleetSizes;
    if (this.ui.provisioningSeconds !== undefined) params.provisioningSeconds = this.ui.provisioningSeconds;
    const last = this.lastMessage?.type === 'update' && this.lastMessage.documentUri === params.uri ? this.lastMessage.response.currentIndex : undefined;
    const rollbackBake = last !== undefined ? this.ui.configs?.[configKey(params.uri, last)]?.rollbackBake : undefined;
    if (rollbackBake !== undefined) params.rollbackBake = rollbackBake;
    this.post({ type: 'busy' });
    let response: TimelineResponse;
    try {
      response = await this.client.sendRequest<TimelineResponse>(timelineRequestType.method, params);
    } catch (error) {
      if (id === this.sequence) this.post({ type: 'failed', message: `The language server did not answer: ${errorText(error)}` });
      return;
    }
    if (id !== this.sequence || this.disposed) return;
    const document = vscode.workspace.textDocuments.find((d) => d.uri.toString() === params.uri);
    const stale = document !== undefined && response.documentVersion !== undefined && response.documentVersion < document.version;
    if ((stale || response.status === 'not-ready') && this.retries < MAX_RETRIES) {
      this.retries++;
      this.schedule(stale ? FOLLOW_DEBOUNCE_MS : 500, true);
    }
    this.lastMessage = { type: 'update', response, documentName: documentName(target.uri), documentUri: params.uri, position: params.position, ui: { ...this.ui } };
    this.post(this.lastMessage);
  }

  private onMessage(message: FromWebviewMessage): void {
    switch (message.type) {
      case 'ready':
        // A new page (first open, shown again, or revived): it restored itself; bring it up to date.
        if (message.ui) this.ui = { ...message.ui };
        this.schedule(0);
        break;
      case 'ui':
        this.ui = { ...message.ui };
        if (message.refresh) this.schedule(0);
        break;
      case 'reveal':
        void this.reveal(new vscode.Position(message.line, message.character));
        break;
      case 'copy-markdown':
        void this.copyMarkdown(message.markdown);
        break;
      case 'save-svg':
        void this.saveSvg(message.svg, message.suggestedName);
        break;
      case 'rendered':
        this.lastSnapshot = message.snapshot;
        this.waiters = this.waiters.filter((waiter) => {
          if (message.snapshot.renderCount <= waiter.after) return true;
          waiter.resolve(message.snapshot);
          return false;
        });
        break;
    }
  }

  private async copyMarkdown(markdown: string): Promise<void> {
    await vscode.env.clipboard.writeText(markdown);
    this.exported.fire({ kind: 'copy-markdown' });
    void vscode.window.showInformationMessage('Rollout timeline copied as Markdown.');
  }

  private async saveSvg(svg: string, suggestedName: string): Promise<void> {
    const folder = this.target ? vscode.Uri.joinPath(this.target.uri, '..') : vscode.workspace.workspaceFolders?.[0]?.uri;
    const chosen = this.nextSvgTarget;
    this.nextSvgTarget = undefined;
    const target =
      chosen ??
      (await vscode.window.showSaveDialog({
        ...(folder ? { defaultUri: vscode.Uri.joinPath(folder, suggestedName) } : {}),
        filters: { 'SVG image': ['svg'] },
        title: 'Save the rollout chart',
      }));
    if (!target) return;
    await vscode.workspace.fs.writeFile(target, new TextEncoder().encode(svg));
    this.exported.fire({ kind: 'save-svg', uri: target.toString() });
    void vscode.window.showInformationMessage(`Chart saved to ${vscode.workspace.asRelativePath(target)}.`);
  }

  private async reveal(position: vscode.Position): Promise<void> {
    if (!this.target) return;
    const uri = this.target.uri;
    const visible = vscode.window.visibleTextEditors.find((editor) => editor.document.uri.toString() === uri.toString());
    const document = visible?.document ?? (await vscode.workspace.openTextDocument(uri));
    const editor = await vscode.window.showTextDocument(document, { viewColumn: visible?.viewColumn ?? vscode.ViewColumn.One, preserveFocus: false });
    editor.selection = new vscode.Selection(position, position);
    editor.revealRange(new vscode.Range(position, position), vscode.TextEditorRevealType.InCenterIfOutsideViewport);
  }

  /**
   * The webview's rendered content: the first render with renderCount > after, or (after
   * undefined) the current page's content, read from its DOM now.
   */
  snapshot(after: number | undefined, timeoutMs: number): Promise<TimelineSnapshot> {
    if (after !== undefined && this.lastSnapshot && this.lastSnapshot.renderCount > after) return Promise.resolve(this.lastSnapshot);
    return new Promise<TimelineSnapshot>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((w) => w !== waiter);
        reject(new Error(`the timeline webview did not render${after !== undefined ? ` past render ${after}` : ''} within ${timeoutMs} ms (last render: ${this.lastSnapshot?.renderCount ?? 'none'}, status ${this.lastSnapshot?.status ?? 'none'})`));
      }, timeoutMs);
      const waiter: SnapshotWaiter = {
        after: after ?? -1,
        resolve: (snapshot) => {
          clearTimeout(timer);
          resolve(snapshot);
        },
      };
      this.waiters.push(waiter);
      if (after === undefined) this.post({ type: 'snapshot' });
    });
  }

  simulate(control: TimelineControl, value: string): void {
    this.post({ type: 'simulate', control, value });
  }

  /** Clicks an export button in the webview; resolves with the export once it is written. */
  simulateExport(control: 'copy-markdown' | 'save-svg', value: string, timeoutMs: number): Promise<TimelineExport> {
    if (control === 'save-svg') this.nextSvgTarget = vscode.Uri.parse(value, true);
    return new Promise<TimelineExport>((resolve, reject) => {
      const timer = setTimeout(() => {
        subscription.dispose();
        // No click arrived: a later click by the user must get the save dialog.
        this.nextSvgTarget = undefined;
        reject(new Error(`the ${control} export was not written within ${timeoutMs} ms (the button does nothing until a timeline is shown)`));
      }, timeoutMs);
      const subscription = this.exported.event((done) => {
        if (done.kind !== control) return;
        clearTimeout(timer);
        subscription.dispose();
        resolve(done);
      });
      this.simulate(control, value);
    });
  }

  private dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    if (this.timer) clearTimeout(this.timer);
    if (TimelinePanel.current === this) TimelinePanel.current = undefined;
    for (const disposable of this.disposables.splice(0)) disposable.dispose();
    this.exported.dispose();
    this.panel.dispose();
  }
}

/** Command arguments: (uri?, position?) from a code lens; the resource Uri from the editor title. */
function targetFromArguments(uriArgument: unknown, positionArgument: unknown): Target | undefined {
  let uri: vscode.Uri | undefined;
  if (uriArgument instanceof vscode.Uri) uri = uriArgument;
  else if (typeof uriArgument === 'string') {
    try {
      uri = vscode.Uri.parse(uriArgument, true);
    } catch {
      uri = undefined;
    }
  }
  if (!uri) return undefined;
  const given = positionArgument as { line?: unknown; character?: unknown } | undefined;
  if (typeof given?.line === 'number') return { uri, position: new vscode.Position(given.line, typeof given.character === 'number' ? given.character : 0) };
  const editor = vscode.window.visibleTextEditors.find((e) => e.document.uri.toString() === uri!.toString());
  return { uri, position: editor?.selection.active ?? new vscode.Position(0, 0) };
}

/**
 * Registers the timeline command (smGuardrails.showTimeline), the panel serializer, and the
 * internal test commands. Call once from activate(); everything is disposed with the context.
 */
export function registerTimelinePanel(context: vscode.ExtensionContext, client: BaseLanguageClient): vscode.Disposable {
  const disposables = [
    vscode.commands.registerCommand(SHOW_TIMELINE_COMMAND, (uri?: unknown, position?: unknown) => {
      TimelinePanel.show(context, client, targetFromArguments(uri, position));
    }),
    vscode.window.registerWebviewPanelSerializer(TIMELINE_VIEW_TYPE, {
      async deserializeWebviewPanel(panel: vscode.WebviewPanel, state: unknown): Promise<void> {
        TimelinePanel.revive(panel, context, client, state && typeof state === 'object' ? (state as TimelineWebviewState) : undefined);
      },
    }),
    vscode.commands.registerCommand(TIMELINE_SNAPSHOT_COMMAND, (options?: { afterRenderCount?: number; timeoutMs?: number }) => {
      const panel = TimelinePanel.current;
      if (!panel) return Promise.resolve(undefined);
      return panel.snapshot(options?.afterRenderCount, options?.timeoutMs ?? 10_000);
    }),
    vscode.commands.registerCommand(TIMELINE_SIMULATE_COMMAND, (control: TimelineControl, value: string, options?: { timeoutMs?: number }) => {
      const panel = TimelinePanel.current;
      if (!panel) return undefined;
      if (control === 'copy-markdown' || control === 'save-svg') return panel.simulateExport(control, String(value ?? ''), options?.timeoutMs ?? 10_000);
      panel.simulate(control, String(value));
      return undefined;
    }),
  ];
  const disposable = vscode.Disposable.from(...disposables);
  context.subscriptions.push(disposable);
  return disposable;
}
