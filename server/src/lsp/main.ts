// The language server: LSP glue over the core. Documents and notebooks in, diagnostics out;
// debounced per document, and a result for an outdated version is never published.
import '../node/v8-flags';
import './precompile-grammars';
import {
  CodeLensRefreshRequest,
  CompletionItemKind,
  CompletionTriggerKind,
  createConnection,
  DiagnosticSeverity,
  InsertTextFormat,
  InsertTextMode,
  MarkupKind,
  NotebookDocuments,
  ProposedFeatures,
  StreamMessageReader,
  TextDocuments,
  TextDocumentSyncKind,
  type CodeLens,
  type CompletionItem,
  type Diagnostic,
  type NotebookDocument,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { registerTimelineRequest } from './timeline-request';
import { HeaderSizeGuard } from './stdio-guard';
import { registerWorkspaceCheck } from './workspace-check';
import { CODE_ACTION_KINDS, codeActionsFor } from './code-actions';
import { notebookCodeText } from '../core/edits/suppress';
import { analyzeNotebook, checkBlocks, checkDocument, documentKindOf, finalizeFindings, MAX_CHECKED_TEXT_LENGTH, mayHoldConfig, type CheckSettings, type DocumentKind, type FileReadResult } from '../core/check';
import type { ConfigBlock } from '../core/model';
import { analyzeRollout, describeProblem } from '../core/rollout';
import { notebookLocation } from '../core/timeline/location';
import { completionsAt } from '../core/services/completion';
import { hoverAt } from '../core/services/hover';
import { describeRollout } from '../core/services/summary';
import { ChangedRegions } from '../core/changed-regions';
import { ChunkedDocument } from './chunked-document';
import type { Finding } from '../core/model';
import { composeEdit, lastAtOrBefore, LineIndex, rememberEdit, type ChangedRange, type RangeReader } from '../core/text';
import { SyntaxTrees } from './syntax-runtime';
import { OneWriteMessageWriter } from './one-write-message-writer';
import { afterCheck, writeServerCodeCaches } from './server-code-cache';
import type { DeferredEdits, IncrementalParser } from '../core/incremental';
import { fileReferenceReader, isInside } from '../node/file-reference';
import { SCHEMA_FILES_COMPLETED_BY_CLIENT, defaultSettings, documentStatusNotification, type DocumentStatusParams, type ServerSettings } from './protocol';

/** Set by the shutdown request: the input closing after it is a normal end. */
let shutdownRequested = false;

/**
 * Over stdio the reader is ours: a corrupt stream (a Content-Length that is missing, negative or
 * too small leaves the rest of the stream unreadable; a header over 64 KiB without its blank line
 * would be buffered forever) ends the server with exit code 1, so the
 * client sees it and restarts it. The library's reader reports such errors to no one and the
 * server would stay alive, answering nothing ever again.
 */
function stdioConnection() {
  // The guard ends the stream with an error on a header that never ends; the reader reports it below.
  const reader = new StreamMessageReader(process.stdin.pipe(new HeaderSizeGuard()));
  reader.onError((error) => {
    process.stderr.write(`sm-guardrails-language-server: unreadable input (${error.message.split('\n')[0]}); exiting so the client restarts the server.\n`);
    process.exit(1);
  });
  reader.onClose(() => process.exit(shutdownRequested ? 0 : 1));
  // stdout carries the protocol: anything logged goes to stderr.
  for (const method of ['log', 'info', 'warn', 'error', 'debug'] as const) {
    console[method] = (...args: unknown[]) => process.stderr.write(`${args.map(String).join(' ')}\n`);
  }
  return createConnection(ProposedFeatures.all, reader, new OneWriteMessageWriter(process.stdout));
}

const connection = process.argv.includes('--stdio') ? stdioConnection() : createConnection(ProposedFeatures.all);
connection.onShutdown(() => {
  shutdownRequested = true;
  writeServerCodeCaches();
});
/**
 * Per document that held no trigger word when last checked: where it changed since, so the next
 * trigger-word test reads those regions only (see checkTextDocument). Absent: read the whole text.
 */
const changedSinceEmpty = new Map<string, ChangedRegions>();
/**
 * Per document checked with a trigger word: the text of that check, and the one range of it the
 * editor's changes since replaced. The check tells the core (rememberEdit), which then compares no
 * texts: that costs about 1 ms per MB, for an edit far from any config too.
 */
const editsSinceCheck = new Map<string, { base: string; readBase: RangeReader; version: number; edit: ChangedRange | undefined }>();
// NotebookDocuments takes over the TextDocuments it is given (cells only), so plain files get their own,
// held in chunks so that an edit in a large document costs what it touches (chunked-document.ts).
const documents = new TextDocuments<ChunkedDocument>({
  create: ChunkedDocument.create,
  update: (document, changes, version) => {
    const regions = changedSinceEmpty.get(document.uri);
    const edits = editsSinceCheck.get(document.uri);
    return ChunkedDocument.update(document, changes, version, (start, end, insertedLength) => {
      regions?.replace(start, end, insertedLength);
      if (edits) edits.edit = composeEdit(edits.edit, start, end, insertedLength);
    });
  },
});
const notebooks = new NotebookDocuments(new TextDocuments(TextDocument));
let settings: ServerSettings = defaultSettings;
let canPullConfiguration = false;
/** The client re-asks for code lenses when told to (workspace/codeLens/refresh). */
let canRefreshCodeLenses = false;
/** The client validates and completes `*.deployment-config.json` from our schema itself (VS Code's jsonValidation). */
let clientCompletesSchemaFiles = false;
/** The client applies LSP 3.18 snippet edits in workspace edits (VS Code does). */
let clientAppliesSnippetEdits = false;

/**
 * The findings of schema-rules.ts: what JSON Schema itself says (additionalProperties, required,
 * type, enum, minimum/maximum/minItems/maxItems/minLength/pattern). A client that validates a file
 * with the same schema reports each of them already; publishing ours too would report each
 * mistake twice. Our quick fixes still apply there (code actions read the kept findings).
 */
const SCHEMA_LEVEL_RULES: ReadonlySet<string> = new Set(['unknown-key', 'missing-key', 'wrong-type', 'invalid-enum', 'out-of-range']);

function validatedByClient(uri: string): boolean {
  return clientCompletesSchemaFiles && /\.deployment-config\.json$/i.test(uri);
}

/** What to publish for a document: all findings, less those the client reports itself. */
function publishable(uri: string, findings: readonly Finding[]): readonly Finding[] {
  return validatedByClient(uri) ? findings.filter((f) => !SCHEMA_LEVEL_RULES.has(f.code)) : findings;
}
/** The tree-sitter runtime and the trees kept per document and notebook (see syntax-runtime.ts). */
const syntax = new SyntaxTrees((message) => connection.console.log(`sm-guardrails: ${message}`));
/**
 * Set once the tree-sitter runtime has started and the client's settings were read: documents
 * opened before are checked then (a check before would apply the default settings).
 */
let startedUp = false;
/** A notebook's key among the kept trees (a space never occurs in a URI). */
const notebookTreeKey = (uri: string): string => `notebook ${uri}`;

/**
 * The last analysis of each document, for hover, completion, code lens and code actions. For a
 * notebook cell, `text` is the notebook's virtual text and `shift` where the cell starts in it.
 */
interface DocumentState {
  version: number;
  kind: DocumentKind;
  text: string;
  shift: number;
  blocks: ConfigBlock[];
  findings: Finding[];
  /** Configs being typed that their host rejects (see DocumentAnalysis.drafts): completion and hover only. */
  drafts: ConfigBlock[];
  /** Notebook cells: where each cell starts in `text` (-1 for markdown), for "cell N, line M" locations. */
  cellStarts?: number[];
  /** See DocumentAnalysis.readThroughRecovery. */
  readThroughRecovery?: boolean;
}
const states = new Map<string, DocumentState>();

/** The state of a document, re-analysed now if the cached one is for an older version. */
function stateOf(uri: string): DocumentState | undefined {
  const document = documents.get(uri);
  const cached = states.get(uri);
  if (document && (!cached || cached.version !== document.version)) checkTextDocument(document);
  if (!document) {
    const cell = notebooks.getNotebookCell(uri);
    const cellDocument = cell ? notebooks.getCellTextDocument(cell) : undefined;
    const notebook = notebooks.findNotebookDocumentForCell(uri);
    if (cellDocument && notebook && (!cached || cached.version !== cellDocument.version)) checkNotebook(notebook);
  }
  return states.get(uri);
}
/** Per document or notebook: cancels its pending check. */
const pendingChecks = new Map<string, () => void>();

function checkSettings(): CheckSettings {
  return {
    disabledRules: new Set(settings.disabledRules),
    ...(settings.defaultFleetSize ? { defaultFleetSize: settings.defaultFleetSize } : {}),
    ...(settings.defaultCopyCount ? { defaultCopyCount: settings.defaultCopyCount } : {}),
  };
}

/** The workspace folders' paths: `file://` references may read inside them only (unless allowed). */
let workspaceFolderPaths: string[] = [];

/** The last document's path: each check of a document asks again (URL parsing is not free). */
let lastPath = { uri: '', path: '' };
function pathOf(uri: string): string {
  if (lastPath.uri !== uri) lastPath = { uri, path: fileURLToPath(uri) };
  return lastPath.path;
}

/** Reads a document's `file://` references; a document outside every workspace folder may read its own folder. */
function readerFor(uri: string): ((path: string) => FileReadResult | undefined) | undefined {
  if (!uri.startsWith('file:')) return undefined;
  const documentPath = pathOf(uri);
  const workspace = workspaceFolderPaths.filter((folder) => isInside(folder, documentPath));
  const roots = workspace.length ? workspace : [dirname(documentPath)];
  return fileReferenceReader(documentPath, { roots, allowOutside: settings.fileReferences?.allowOutsideWorkspace === true });
}

/**
 * Each rule's page (docs/rules/CODE.md beside dist/, in the .vsix and in a checkout): a file URL of
 * the installed copy, so the link works offline and matches the installed version.
 */
const RULE_DOCS_FOLDER = resolve(__dirname, '..', 'docs', 'rules');
const ruleDocsShipped = existsSync(RULE_DOCS_FOLDER);
/** Per rule code: its page's URL (made once; every diagnostic of every check carries one). */
const ruleDocUrls = new Map<string, string>();
function ruleDocUrl(code: string): string | undefined {
  if (!ruleDocsShipped) return undefined;
  let url = ruleDocUrls.get(code);
  if (url === undefined) ruleDocUrls.set(code, (url = pathToFileURL(join(RULE_DOCS_FOLDER, `${code}.md`)).href));
  return url;
}

/** `uri` is the document the finding's related spans are in; without it (notebook cells) they are left out. */
function toDiagnostic(finding: Finding, index: Pick<LineIndex, 'positionAt'>, uri?: string): Diagnostic {
  const rangeAt = (span: { offset: number; length: number }) => ({ start: index.positionAt(span.offset), end: index.positionAt(span.offset + span.length) });
  const href = ruleDocUrl(finding.code);
  return {
    range: rangeAt(finding.span),
    severity: finding.severity === 'error' ? DiagnosticSeverity.Error : finding.severity === 'warning' ? DiagnosticSeverity.Warning : DiagnosticSeverity.Information,
    code: finding.code,
    ...(href ? { codeDescription: { href } } : {}),
    source: 'sm-guardrails',
    message: finding.message,
    ...(uri && finding.related?.length ? { relatedInformation: finding.related.map((r) => ({ location: { uri, range: rangeAt(r.span) }, message: r.message })) } : {}),
    data: { code: finding.code, ...finding.data },
  };
}

function sendStatus(uri: string, version: number, configCount: number, findings: readonly Finding[]): void {
  const params: DocumentStatusParams = {
    uri,
    version,
    configCount,
    errorCount: findings.filter((f) => f.severity === 'error').length,
    warningCount: findings.filter((f) => f.severity === 'warning').length,
  };
  void connection.sendNotification(documentStatusNotification, params);
}

function publishEmpty(document: ChunkedDocument, kind: DocumentKind): void {
  dropTree(document.uri);
  const previous = states.get(document.uri);
  // The text is joined only if hover, completion or an action asks for it (the state is for this version only).
  states.set(document.uri, {
    version: document.version,
    kind,
    get text() {
      return document.getText();
    },
    shift: 0,
    blocks: [],
    findings: [],
    drafts: [],
  });
  // Nothing to clear when the last state had no findings either.
  if (!previous || previous.findings.length > 0) void connection.sendDiagnostics({ uri: document.uri, version: document.version, diagnostics: [] });
  sendStatus(document.uri, document.version, 0, []);
  shownStructural.delete(document.uri);
}

/**
 * Findings about what a config lacks rather than a wrong value: while the user types a config key
 * by key, each of them is true of every half-written state, and showing them at each keystroke
 * buries the one that matters.
 */
const STRUCTURAL_RULES: ReadonlySet<string> = new Set(['missing-key', 'size-mode-mismatch', 'no-rollback-alarms']);
/** Per document being edited: when it was last changed, and the timer that publishes what was held. */
const lastEdits = new Map<string, number>();
const holdTimers = new Map<string, ReturnType<typeof setTimeout>>();
/** Per document: the identities of the structural findings last published. */
const shownStructural = new Map<string, Set<string>>();

function structuralIdentity(finding: Finding): string {
  return `${finding.code}\u0000${finding.message}\u0000${JSON.stringify(finding.data?.path ?? [])}`;
}

/**
 * The findings to show now. Value-level findings always; structural ones when the document is not
 * being edited or has been idle for the pause, else only those already shown (kept stable, with
 * their current ranges; one that is gone is gone at once, so nothing shown is ever stale). When
 * some are held, a timer publishes them once the pause has passed with no further edit.
 */
function visibleFindings(document: TextDocument, findings: readonly Finding[]): readonly Finding[] {
  const uri = document.uri;
  const pending = holdTimers.get(uri);
  if (pending) clearTimeout(pending);
  holdTimers.delete(uri);
  const editedAt = lastEdits.get(uri);
  const idleFor = editedAt === undefined ? Infinity : Date.now() - editedAt;
  const pause = settings.structuralDelayMilliseconds;
  const shown = shownStructural.get(uri) ?? new Set<string>();
  const visible = findings.filter((f) => !STRUCTURAL_RULES.has(f.code) || idleFor >= pause || shown.has(structuralIdentity(f)));
  shownStructural.set(uri, new Set(visible.filter((f) => STRUCTURAL_RULES.has(f.code)).map(structuralIdentity)));
  if (visible.length < findings.length) {
    const version = document.version;
    holdTimers.set(
      uri,
      setTimeout(() => {
        holdTimers.delete(uri);
        const current = documents.get(uri);
        if (current && current.version === version) checkTextDocument(current);
      }, Math.max(0, pause - idleFor)),
    );
  } else {
    lastEdits.delete(uri);
  }
  return visible;
}

/**
 * A document's first check parses only the statements the Python host reads (the core does so when
 * given no tree). The whole tree, which later edits reparse incrementally, is parsed a moment after,
 * so documents opened together (an editor restoring its tabs) all get their diagnostics first; an
 * edit before then parses it in its own check.
 */
const WHOLE_PARSE_DELAY_MS = 150;
const checkedWithoutTree = new Set<string>();

/**
 * Edits inside one top-level statement of plain code are applied to a document's tree without
 * tree-sitter's reparse (incremental.ts, `deferStatementEdits`), whose cost grows with the file;
 * the tree is reparsed once typing pauses this long, so the next edit does not pay for them.
 */
const DEFERRED_REPARSE_DELAY_MS = 1000;

/** Per document: the parse of its kept tree scheduled for later (one of the two above). */
const laterParses = new Map<string, NodeJS.Timeout>();

/** Forgets a document's tree; its next check is a first check again. */
function dropTree(key: string): void {
  syntax.drop(key);
  checkedWithoutTree.delete(key);
  clearTimeout(laterParses.get(key));
  laterParses.delete(key);
}

/**
 * Runs `parse` (of the document's kept tree `kept`) after `delay`, instead of any parse scheduled before
 * (a whole parse still due is made by the check that defers an edit); nothing if the tree was
 * dropped or replaced with the runtime meanwhile.
 */
function parseLater(key: string, kept: IncrementalParser, delay: number, parse: () => void): void {
  clearTimeout(laterParses.get(key));
  const timer = setTimeout(() => {
    laterParses.delete(key);
    if (!syntax.isKept(key, kept)) return;
    try {
      parse();
    } catch {
      // The next check parses again and reports what fails.
    }
  }, delay);
  timer.unref();
  laterParses.set(key, timer);
}

/** Whether this check may go without a tree; if so, the whole tree is parsed later. */
function firstCheckWithoutTree(key: string, currentText: () => string | undefined, kept: IncrementalParser): boolean {
  if (kept.hasTree || checkedWithoutTree.has(key)) return false;
  checkedWithoutTree.add(key);
  parseLater(key, kept, WHOLE_PARSE_DELAY_MS, () => {
    const text = currentText();
    if (text !== undefined && !kept.hasTree) kept.parse(text);
  });
  return true;
}

/**
 * The document's text, with the edit since its last check told to the core (rememberEdit) the first
 * time it is asked for in a check. After an edit the text is a rope of the document's chunks
 * (chunked-document.ts): the core reads what a far edit needs through the reader told with it, and
 * the text is never copied whole for that.
 */
function textTold(document: ChunkedDocument): string {
  const { text, read } = document.snapshot();
  const edits = editsSinceCheck.get(document.uri);
  if (edits?.version === document.version) return text;
  if (edits) {
    // A whole new text (a client that sends no ranges) is compared instead: the edit found is smaller.
    const edit = edits.edit ?? { start: 0, oldEnd: 0, newEnd: 0 };
    if (!(edit.start === 0 && edit.oldEnd === edits.base.length)) rememberEdit(edits.base, text, edit, { old: edits.readBase, text: read });
  } else {
    // A first check: told as an edit of nothing, so that what it finds is remembered for this text
    // (firstMatchAt) and the next edit's check reads only around that edit.
    rememberEdit(text, text, { start: 0, oldEnd: 0, newEnd: 0 }, { old: read, text: read });
  }
  // The base of the edits that come after (the check follows at once).
  editsSinceCheck.set(document.uri, { base: text, readBase: read, version: document.version, edit: undefined });
  return text;
}

function checkTextDocument(document: ChunkedDocument): void {
  const parsers = startedUp ? syntax.parsers : undefined;
  if (!parsers) return;
  const kind = documentKindOf(document.languageId);
  if (!kind) return;
  // After edits to a document that held no trigger word, only the changed regions can hold one
  // (read from the chunks they are in: the whole text is not even joined).
  const changed = changedSinceEmpty.get(document.uri);
  changedSinceEmpty.delete(document.uri);
  const testRegionsOnly = changed !== undefined && states.get(document.uri)?.kind === kind;
  if (!(testRegionsOnly ? changed.mayHoldConfigNow(document, kind) : mayHoldConfig(textTold(document), kind))) {
    // The prefilter before any parse: a document without a trigger word costs what a tiny one does,
    // and keeps no tree (an edit that adds a trigger word is checked at once, on this same path).
    publishEmpty(document, kind);
    changedSinceEmpty.set(document.uri, new ChangedRegions());
    // Its old text is not kept for an edit to be told against: the next check compares.
    editsSinceCheck.delete(document.uri);
    return;
  }
  const text = textTold(document);
  let pythonTree;
  let pythonTreeDeferred: DeferredEdits | undefined;
  // Too large: not parsed at all; the core reports document-too-large.
  if (kind === 'python' && text.length <= MAX_CHECKED_TEXT_LENGTH) {
    const kept = syntax.keptPython(document.uri, parsers);
    // The first check parses only the statements the host reads (the core does, given no tree);
    // the whole tree, which later edits reparse incrementally, is parsed once diagnostics are out.
    if (!firstCheckWithoutTree(document.uri, () => documents.get(document.uri)?.getText(), kept)) {
      pythonTree = kept.parse(text, { deferStatementEdits: true });
      pythonTreeDeferred = kept.deferred();
      if (pythonTreeDeferred) parseLater(document.uri, kept, DEFERRED_REPARSE_DELAY_MS, () => kept.deferred()?.reparse());
    }
  }
  const readFile = readerFor(document.uri);
  const result = checkDocument(text, kind, { parsers, ...(readFile ? { readFile } : {}), ...(pythonTree ? { pythonTree } : {}), ...(pythonTreeDeferred ? { pythonTreeDeferred } : {}) }, checkSettings());
  const state: DocumentState = { version: document.version, kind, text, shift: 0, blocks: result.blocks, findings: result.findings, drafts: result.drafts ?? [], ...(result.readThroughRecovery ? { readThroughRecovery: true } : {}) };
  states.set(document.uri, state);
  // Positions from the document's own line breaks (kept per chunk): no index over the whole text
  // for each check; hover, lenses and actions build one when asked (ownLineIndex).
  const index = { positionAt: (offset: number) => document.lineIndexPositionAt(offset) };
  const visible = visibleFindings(document, publishable(document.uri, result.findings));
  void connection.sendDiagnostics({ uri: document.uri, version: document.version, diagnostics: visible.map((f) => toDiagnostic(f, index, document.uri)) });
  // The status bar counts what the editor shows: ours, and the schema-level ones the client reports itself.
  const reportedByClient = validatedByClient(document.uri) ? result.findings.filter((f) => SCHEMA_LEVEL_RULES.has(f.code)) : [];
  sendStatus(document.uri, document.version, result.blocks.length, [...visible, ...reportedByClient]);
  afterCheck();
}

/** Per notebook: what was last published for each cell, so unchanged cells are not sent again. */
const publishedCells = new Map<string, { cells: Map<string, string>; status: string }>();

function checkNotebook(notebook: NotebookDocument): void {
  const parsers = startedUp ? syntax.parsers : undefined;
  if (!parsers) return;
  const cellDocuments = notebook.cells.map((cell) => notebooks.getCellTextDocument(cell));
  const cells = notebook.cells.map((cell, i) => ({
    kind: cell.kind === 2 && cellDocuments[i]?.languageId !== 'markdown' ? ('code' as const) : ('markdown' as const),
    text: cellDocuments[i]?.getText() ?? '',
  }));
  const readFile = readerFor(notebook.uri);
  // The tree of the notebook's virtual Python text is kept, so that an edit reparses only what
  // changed; as for a file, the first check parses only what it reads and the tree comes after.
  const kept = syntax.keptPython(notebookTreeKey(notebook.uri), parsers);
  let virtualText: string | undefined;
  const withoutTree = firstCheckWithoutTree(notebookTreeKey(notebook.uri), () => (notebooks.getNotebookDocument(notebook.uri) ? virtualText : undefined), kept);
  const analysis = analyzeNotebook(cells, { parsers, ...(readFile ? { readFile } : {}) }, withoutTree ? undefined : kept);
  virtualText = analysis.virtualText;
  const findings = finalizeFindings([...analysis.findings, ...checkBlocks(analysis.blocks, checkSettings())], checkSettings());
  // The cell of each finding: the last code cell starting at or before it.
  const codeCells = analysis.cellStarts.map((start, index) => ({ start, index })).filter((c) => c.start >= 0);
  const codeCellStarts = codeCells.map((c) => c.start);
  const lineIndexes = new Map<number, LineIndex>();
  const perCell = new Map<number, Diagnostic[]>();
  for (const finding of findings) {
    const owner = codeCells[lastAtOrBefore(codeCellStarts, finding.span.offset)];
    const document = owner ? cellDocuments[owner.index] : undefined;
    if (!owner || !document || owner.start > finding.span.offset) continue;
    let index = lineIndexes.get(owner.index);
    if (!index) lineIndexes.set(owner.index, (index = new LineIndex(document.getText())));
    const local = { ...finding, span: { offset: finding.span.offset - owner.start, length: finding.span.length } };
    const list = perCell.get(owner.index) ?? [];
    list.push(toDiagnostic(local, index));
    perCell.set(owner.index, list);
  }
  // A keystroke in one cell of a large notebook must not resend every cell's diagnostics.
  const previous = publishedCells.get(notebook.uri);
  const published = { cells: new Map<string, string>(), status: JSON.stringify([analysis.blocks.length, findings.map((f) => f.severity)]) };
  const statusChanged = previous?.status !== published.status;
  cellDocuments.forEach((document, i) => {
    if (!document) return;
    const shift = analysis.cellStarts[i]!;
    if (shift >= 0) states.set(document.uri, { version: document.version, kind: 'python', text: analysis.virtualText, shift, blocks: analysis.blocks, findings, drafts: analysis.drafts ?? [], cellStarts: analysis.cellStarts });
    const diagnostics = perCell.get(i) ?? [];
    const signature = JSON.stringify(diagnostics);
    published.cells.set(document.uri, signature);
    if (previous?.cells.get(document.uri) !== signature) void connection.sendDiagnostics({ uri: document.uri, version: document.version, diagnostics });
    if (statusChanged || !previous?.cells.has(document.uri)) sendStatus(document.uri, document.version, analysis.blocks.length, findings);
  });
  // Cells deleted since the last check lose their diagnostics.
  for (const uri of previous?.cells.keys() ?? []) {
    if (published.cells.has(uri)) continue;
    states.delete(uri);
    void connection.sendDiagnostics({ uri, diagnostics: [] });
  }
  publishedCells.set(notebook.uri, published);
  afterCheck();
}

/** Debounced check; the version is compared when the timer fires, so stale results are never sent. */
function schedule(key: string, run: () => void): void {
  pendingChecks.get(key)?.();
  const fire = () => {
    pendingChecks.delete(key);
    try {
      run();
    } catch (error) {
      connection.console.error(`sm-guardrails: check failed for ${key}: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    }
  };
  // No debounce: right after the message at hand, not on a timer (a timer of 0 waits for the
  // next turn of the event loop after at least 1 ms).
  if (settings.debounceMilliseconds <= 0) {
    const immediate = setImmediate(fire);
    pendingChecks.set(key, () => clearImmediate(immediate));
  } else {
    const timer = setTimeout(fire, settings.debounceMilliseconds);
    pendingChecks.set(key, () => clearTimeout(timer));
  }
}

function scheduleDocument(document: TextDocument): void {
  const version = document.version;
  schedule(document.uri, () => {
    const current = documents.get(document.uri);
    if (!current || current.version !== version) return;
    const before = states.get(current.uri)?.blocks.length;
    checkTextDocument(current);
    const after = states.get(current.uri)?.blocks.length;
    // The editor asked for lenses before this document was first checked (at start-up, before the
    // grammars were loaded) or the configs came or went: it does not ask again by itself.
    if (canRefreshCodeLenses && after !== undefined && after !== before) void connection.sendRequest(CodeLensRefreshRequest.type).catch(() => undefined);
  });
}

function scheduleNotebook(uri: string): void {
  schedule(uri, () => {
    const notebook = notebooks.getNotebookDocument(uri);
    if (notebook) checkNotebook(notebook);
  });
}

async function refreshSettings(): Promise<void> {
  if (!canPullConfiguration) return;
  const pulled = (await connection.workspace.getConfiguration('smGuardrails')) as Partial<ServerSettings> | null;
  settings = { ...defaultSettings, ...(pulled ?? {}) };
}

function recheckAll(): void {
  for (const document of documents.all()) scheduleDocument(document);
}

connection.onInitialize((params) => {
  canPullConfiguration = Boolean(params.capabilities.workspace?.configuration);
  canRefreshCodeLenses = params.capabilities.workspace?.codeLens?.refreshSupport === true;
  const folderUris = params.workspaceFolders?.map((folder) => folder.uri) ?? (params.rootUri ? [params.rootUri] : []);
  workspaceFolderPaths = folderUris.filter((uri) => uri.startsWith('file:')).map((uri) => fileURLToPath(uri));
  clientAppliesSnippetEdits = params.capabilities.workspace?.workspaceEdit?.snippetEditSupport === true;
  const fromOptions = params.initializationOptions as (Partial<ServerSettings> & { [SCHEMA_FILES_COMPLETED_BY_CLIENT]?: boolean }) | undefined;
  if (fromOptions) {
    const { [SCHEMA_FILES_COMPLETED_BY_CLIENT]: completedByClient, ...given } = fromOptions;
    settings = { ...defaultSettings, ...given };
    clientCompletesSchemaFiles = completedByClient === true;
  }
  // The tree-sitter runtime starts once this answer is on its way, while the client turns round to
  // send `initialized` and open documents (the library writes the answer from an immediate queued
  // after this one: the second turn comes after it). A failure is met again in onInitialized.
  setImmediate(() => setImmediate(() => void syntax.start().catch(() => undefined)));
  return {
    capabilities: {
      textDocumentSync: TextDocumentSyncKind.Incremental,
      hoverProvider: true,
      // Quotes trigger completion so keys and enum values are offered inside strings, where
      // VS Code does not suggest by default (no change to the user's settings needed); `:` and `=`
      // where a value starts. Never `{`, `,` or space: the list would open where the user types
      // structure, and the Enter that follows would accept an item instead of breaking the line.
      completionProvider: { triggerCharacters: ['"', "'", '=', ':'] },
      codeLensProvider: { resolveProvider: false },
      codeActionProvider: { codeActionKinds: CODE_ACTION_KINDS },
      notebookDocumentSync: { notebookSelector: [{ notebook: { notebookType: 'jupyter-notebook' }, cells: [{ language: 'python' }, { language: 'markdown' }] }] },
    },
    serverInfo: { name: 'sm-guardrails-language-server', version: '0.1.0' },
  };
});

connection.onInitialized(async () => {
  // The runtime starts while the client answers the settings request.
  await Promise.all([syntax.start(), refreshSettings().catch(() => undefined)]);
  startedUp = true;
  recheckAll();
  for (const notebook of [...notebookUris]) scheduleNotebook(notebook);
});

const notebookUris = new Set<string>();
notebooks.onDidOpen((notebook) => {
  notebookUris.add(notebook.uri);
  scheduleNotebook(notebook.uri);
});
notebooks.onDidChange((event) => scheduleNotebook(event.notebookDocument.uri));
notebooks.onDidClose((notebook) => {
  notebookUris.delete(notebook.uri);
  dropTree(notebookTreeKey(notebook.uri));
  syntax.closed();
  publishedCells.delete(notebook.uri);
  for (const cell of notebook.cells) {
    states.delete(cell.document);
    void connection.sendDiagnostics({ uri: cell.document, diagnostics: [] });
  }
});

connection.onDidChangeConfiguration(async (change) => {
  const pushed = (change.settings as { smGuardrails?: Partial<ServerSettings> } | undefined)?.smGuardrails;
  if (pushed) settings = { ...defaultSettings, ...pushed };
  else await refreshSettings().catch(() => undefined);
  recheckAll();
  for (const notebook of notebookUris) scheduleNotebook(notebook);
});

/** The version each document was opened with: TextDocuments reports an open as a content change too. */
const openedVersions = new Map<string, number>();
documents.onDidOpen((event) => {
  openedVersions.set(event.document.uri, event.document.version);
  scheduleDocument(event.document);
});
documents.onDidChangeContent((event) => {
  if (openedVersions.get(event.document.uri) === event.document.version) return; // the open, scheduled above
  lastEdits.set(event.document.uri, Date.now());
  scheduleDocument(event.document);
});
documents.onDidClose((event) => {
  pendingChecks.get(event.document.uri)?.();
  pendingChecks.delete(event.document.uri);
  const held = holdTimers.get(event.document.uri);
  if (held) clearTimeout(held);
  holdTimers.delete(event.document.uri);
  lastEdits.delete(event.document.uri);
  shownStructural.delete(event.document.uri);
  openedVersions.delete(event.document.uri);
  changedSinceEmpty.delete(event.document.uri);
  editsSinceCheck.delete(event.document.uri);
  dropTree(event.document.uri);
  syntax.closed();
  states.delete(event.document.uri);
  void connection.sendDiagnostics({ uri: event.document.uri, diagnostics: [] });
});

/** Offsets in a document (or cell) <-> offsets in the analysed text. */
/**
 * The line index of a document's (or cell's) own text, built once per checked state: code lenses and
 * timeline answers ask for a position per config, and each build walks the whole text.
 */
const ownLineIndexes = new WeakMap<DocumentState, LineIndex>();
function ownLineIndex(state: DocumentState, uri: string): LineIndex {
  const own = documents.get(uri)?.getText() ?? state.text.slice(state.shift);
  const cached = ownLineIndexes.get(state);
  if (cached && cached.text === own) return cached;
  const index = new LineIndex(own);
  ownLineIndexes.set(state, index);
  return index;
}

function positionToOffset(state: DocumentState, uri: string, position: { line: number; character: number }): number {
  return ownLineIndex(state, uri).offsetAt(position) + state.shift;
}

function rangeOf(state: DocumentState, uri: string, offset: number, length: number) {
  const index = ownLineIndex(state, uri);
  return { start: index.positionAt(offset - state.shift), end: index.positionAt(offset - state.shift + length) };
}

connection.onHover((params) => {
  const state = stateOf(params.textDocument.uri);
  if (!state) return null;
  const hover = hoverAt([...state.blocks, ...state.drafts], positionToOffset(state, params.textDocument.uri, params.position), settings.defaultFleetSize ?? undefined, settings.defaultCopyCount ?? undefined);
  if (!hover) return null;
  return { contents: { kind: MarkupKind.Markdown, value: hover.markdown }, range: rangeOf(state, params.textDocument.uri, hover.span.offset, hover.span.length) };
});

connection.onCompletion((params): CompletionItem[] => {
  const state = stateOf(params.textDocument.uri);
  if (!state) return [];
  const offset = positionToOffset(state, params.textDocument.uri, params.position);
  const kinds = { property: CompletionItemKind.Property, value: CompletionItemKind.EnumMember, snippet: CompletionItemKind.Snippet };
  // In VS Code, *.deployment-config.json files get keys and enum values from the JSON support (our
  // schema, contributed by jsonValidation): offering them too would list every item twice.
  const schemaValidated = validatedByClient(params.textDocument.uri);
  const trigger = params.context?.triggerKind === CompletionTriggerKind.TriggerCharacter && params.context.triggerCharacter ? { character: params.context.triggerCharacter } : {};
  const entries = completionsAt(state.text, state.kind, [...state.blocks, ...state.drafts], offset, trigger).filter((entry) => !schemaValidated || entry.kind === 'snippet');
  return entries.map((entry) => ({
    label: entry.label,
    kind: kinds[entry.kind],
    detail: entry.detail,
    documentation: { kind: MarkupKind.Markdown, value: entry.documentation },
    insertTextFormat: InsertTextFormat.Snippet,
    // Multi-line snippets are laid out in the document's indentation already: VS Code must not indent them again.
    insertTextMode: InsertTextMode.asIs,
    textEdit: { range: rangeOf(state, params.textDocument.uri, entry.replace.offset, entry.replace.length), newText: entry.insertText },
    filterText: entry.filterText,
    ...(entry.sortText ? { sortText: entry.sortText } : {}),
  }));
});

connection.onCodeLens((params): CodeLens[] => {
  const state = stateOf(params.textDocument.uri);
  if (!state) return [];
  const ownLength = (documents.get(params.textDocument.uri)?.getText() ?? state.text.slice(state.shift)).length;
  const lenses: CodeLens[] = [];
  // Configs being typed (drafts) keep their lenses with a neutral title, so the lines below do not
  // jump while a config is half typed: three lenses per config at all times.
  const configs = [...state.blocks.map((block) => ({ block, draft: false })), ...state.drafts.map((block) => ({ block, draft: true }))]
    .filter(({ block }) => !block.fileReference)
    .sort((a, b) => a.block.root.offset - b.block.root.offset);
  const seen = new Set<number>();
  for (const { block, draft } of configs) {
    const offset = block.root.offset;
    if (offset < state.shift || offset > state.shift + ownLength) continue;
    const range = rangeOf(state, params.textDocument.uri, offset, 0);
    if (seen.has(range.start.line)) continue;
    seen.add(range.start.line);
    const family = block.family ?? 'endpoint';
    const analysis = draft ? undefined : analyzeRollout(block.root, family);
    const fleetSize = block.fleetSize ?? (family === 'inference-component' ? settings.defaultCopyCount : family === 'endpoint' ? settings.defaultFleetSize : undefined) ?? undefined;
    // Endpoints are the default reading; the other families say so.
    const familyLabel = family === 'endpoint' ? '' : `${family === 'inference-component' ? 'Inference component' : 'HyperPod cluster'}: `;
    const first = analysis?.problems.find((problem) => problem.affects === 'rollout');
    const title =
      familyLabel +
      (analysis?.config ? describeRollout(analysis.config, fleetSize) : first ? `Rollout not computable yet: ${describeProblem(first)}` : 'Rollout not computable yet');
    const args = [params.textDocument.uri, range.start];
    lenses.push({ range, command: { title, command: 'smGuardrails.showTimeline', arguments: args } });
    lenses.push({ range, command: { title: 'Preview timeline', command: 'smGuardrails.showTimeline', arguments: args } });
    lenses.push({ range, command: { title: 'Convert...', command: 'smGuardrails.convert', arguments: args } });
  }
  return lenses;
});

connection.onCodeAction((params) => {
  const uri = params.textDocument.uri;
  const state = stateOf(uri);
  const parsers = syntax.parsers;
  if (!state || !parsers) return [];
  const document = documents.get(uri);
  const own = document?.getText() ?? state.text.slice(state.shift);
  let text = state.text;
  let ownLength = own.length;
  if (!document) {
    // A notebook cell: edits are made in the code cells as written (the analysed text blanks `!` lines).
    const notebook = notebooks.findNotebookDocumentForCell(uri);
    if (!notebook) return [];
    const cells = notebook.cells.map((cell) => {
      const cellDocument = notebooks.getCellTextDocument(cell);
      return { kind: cell.kind === 2 && cellDocument?.languageId !== 'markdown' ? ('code' as const) : ('markdown' as const), text: cellDocument?.getText() ?? '' };
    });
    text = notebookCodeText(cells);
    if (text.length !== state.text.length) return [];
    const cell = notebooks.getNotebookCell(uri);
    ownLength = (cell && notebooks.getCellTextDocument(cell)?.getText().length) ?? own.length;
  }
  const index = ownLineIndex(state, uri);
  const readFile = readerFor(uri);
  return codeActionsFor(
    {
      uri,
      text,
      kind: state.kind,
      analysis: { blocks: state.blocks, findings: state.findings, ...(state.readThroughRecovery ? { readThroughRecovery: true } : {}) },
      shift: state.shift,
      ownLength,
      positionAt: (offset) => index.positionAt(offset - state.shift),
      ...(settings.defaultFleetSize ? { fleetSize: settings.defaultFleetSize } : {}),
      snippetEdits: clientAppliesSnippetEdits,
      ...(document
        ? { analyze: (next: string) => checkDocument(next, state.kind, { parsers: syntax.parsers ?? parsers, ...(readFile ? { readFile } : {}) }, checkSettings()) }
        : {}),
    },
    { start: positionToOffset(state, uri, params.range.start), end: positionToOffset(state, uri, params.range.end) },
    params.context.only,
    params.context.diagnostics,
  );
});

registerTimelineRequest(connection, (uri) => {
  const state = stateOf(uri);
  if (!state) return undefined;
  return {
    text: state.text,
    blocks: state.blocks,
    defaultFleetSize: settings.defaultFleetSize,
    version: state.version,
    offsetAt: (position) => positionToOffset(state, uri, position),
    positionAt: (offset) => rangeOf(state, uri, offset, 0).start,
    ...(state.cellStarts ? { describeLocation: (offset: number) => notebookLocation(state.text, state.cellStarts!, offset) } : {}),
  };
});

registerWorkspaceCheck(connection, {
  parsers: () => syntax.parsers,
  settings: checkSettings,
  isOpen: (uri) => documents.get(uri) !== undefined || notebookUris.has(uri),
  toDiagnostic,
});

documents.listen(connection);
notebooks.listen(connection);
connection.listen();
