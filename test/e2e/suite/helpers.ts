// Helpers for extension-host tests: find fixtures, wait for diagnostics by event, describe findings.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';

export const SOURCE = 'sm-guardrails';
export const EXTENSION_NAME = 'sagemaker-deployment-guardrails';
/** Generous: the first wait also covers extension activation and the language server's start. */
export const DIAGNOSTICS_TIMEOUT_MS = 45_000;

/** Activates the extension under test; rejects with its activation error so a broken build fails fast. */
export async function activateExtension(): Promise<vscode.Extension<unknown>> {
  const ext = vscode.extensions.all.find((e) => e.packageJSON?.name === EXTENSION_NAME);
  assert.ok(ext, `extension ${EXTENSION_NAME} is not loaded (extensionDevelopmentPath wrong, or package.json invalid)`);
  await ext.activate();
  return ext;
}

export function workspaceUri(relative: string): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'the fixture workspace folder is not open');
  return vscode.Uri.joinPath(folder.uri, relative);
}

export async function openFixture(relative: string): Promise<vscode.TextDocument> {
  const doc = await vscode.workspace.openTextDocument(workspaceUri(relative));
  await vscode.window.showTextDocument(doc, { preview: false });
  return doc;
}

/** Rejects with `what` and the last state seen when `promise` does not settle in time. */
export function withTimeout<T>(promise: Promise<T>, ms: number, what: () => string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`Timed out after ${ms} ms waiting for ${what()}`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

export function ourDiagnostics(uri: vscode.Uri): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri).filter((d) => d.source === SOURCE);
}

/**
 * Resolves with our diagnostics for `uri` as soon as `done` accepts them: checks the current state,
 * then re-checks on every onDidChangeDiagnostics event for that uri. No polling, no sleeps.
 */
export function waitForDiagnostics(
  uri: vscode.Uri,
  done: (diags: vscode.Diagnostic[]) => boolean,
  description: string,
  timeoutMs = DIAGNOSTICS_TIMEOUT_MS,
): Promise<vscode.Diagnostic[]> {
  let subscription: vscode.Disposable | undefined;
  const found = new Promise<vscode.Diagnostic[]>((resolve) => {
    const check = (): void => {
      const diags = ourDiagnostics(uri);
      if (done(diags)) resolve(diags);
    };
    // Subscribe before the first check so no event can slip between them.
    subscription = vscode.languages.onDidChangeDiagnostics((e) => {
      if (e.uris.some((u) => u.toString() === uri.toString())) check();
    });
    check();
  });
  return withTimeout(found, timeoutMs, () => `${description} on ${uri.toString()}; last seen: ${describeAll(ourDiagnostics(uri))}`).finally(() =>
    subscription?.dispose(),
  );
}

export function hasCode(code: string): (diags: vscode.Diagnostic[]) => boolean {
  return (diags) => diags.some((d) => codeOf(d) === code);
}

export function codeOf(d: vscode.Diagnostic): string | undefined {
  const c = d.code;
  if (c === undefined) return undefined;
  return typeof c === 'object' ? String(c.value) : String(c);
}

/** What a test expects a user to see: rule code, severity, and the exact range with the text it covers. */
export interface Expected {
  code: string;
  severity: 'error' | 'warning';
  /** 0-based, as in the API: [startLine, startChar, endLine, endChar]. */
  range: [number, number, number, number];
  /** The document text under `range` (a sanity check that the fixture did not drift). */
  text: string;
}

function severityName(s: vscode.DiagnosticSeverity): string {
  return vscode.DiagnosticSeverity[s].toLowerCase();
}

export function describe1(d: vscode.Diagnostic): string {
  const r = d.range;
  return `${codeOf(d)} ${severityName(d.severity)} [${r.start.line},${r.start.character},${r.end.line},${r.end.character}] "${d.message}"`;
}

export function describeAll(diags: readonly vscode.Diagnostic[]): string {
  return diags.length === 0 ? '(none)' : diags.map(describe1).join('; ');
}

/**
 * Asserts that the errors and warnings we publish are exactly `expected` (information and hints are
 * not part of the contract here), each with its exact range, and that every message is non-empty.
 */
export function assertFindings(doc: vscode.TextDocument, diags: readonly vscode.Diagnostic[], expected: readonly Expected[]): void {
  for (const e of expected) {
    const range = new vscode.Range(e.range[0], e.range[1], e.range[2], e.range[3]);
    assert.equal(doc.getText(range), e.text, `fixture drift: ${doc.uri.path} ${JSON.stringify(e.range)} no longer covers ${e.text}`);
  }
  const actual = diags
    .filter((d) => d.severity === vscode.DiagnosticSeverity.Error || d.severity === vscode.DiagnosticSeverity.Warning)
    .map((d) => ({
      code: codeOf(d),
      severity: severityName(d.severity),
      range: [d.range.start.line, d.range.start.character, d.range.end.line, d.range.end.character],
      text: doc.getText(d.range),
    }))
    .sort(byPosition);
  const want = expected.map((e) => ({ ...e })).sort(byPosition);
  assert.deepEqual(actual, want, `findings in ${doc.uri.path}: ${describeAll(diags)}`);
  for (const d of diags) assert.ok(d.message.trim().length > 0, `empty message: ${describe1(d)}`);
}

function byPosition(a: { range: number[]; code?: string }, b: { range: number[]; code?: string }): number {
  for (let i = 0; i < 4; i++) if (a.range[i] !== b.range[i]) return a.range[i]! - b.range[i]!;
  return String(a.code).localeCompare(String(b.code));
}

/** Replaces the text at an exact range (unsaved, like a user typing) and checks the edit applied. */
export async function replaceText(doc: vscode.TextDocument, range: [number, number, number, number], newText: string): Promise<void> {
  const edit = new vscode.WorkspaceEdit();
  edit.replace(doc.uri, new vscode.Range(range[0], range[1], range[2], range[3]), newText);
  assert.ok(await vscode.workspace.applyEdit(edit), `applyEdit failed on ${doc.uri.path}`);
}

/** Undoes unsaved edits so later tests see the fixture as shipped. */
export async function revert(doc: vscode.TextDocument): Promise<void> {
  if (!doc.isDirty) return;
  await vscode.window.showTextDocument(doc);
  await vscode.commands.executeCommand('workbench.action.files.revert');
}
