// The one flow: document text -> host extractors -> config blocks -> rules -> findings.
// Every host and every rule runs in isolation: a failure becomes one internal-error finding
// and everything else is still checked.
import type { Parser, Tree } from 'web-tree-sitter';
import type { ConfigBlock, ConfigFamily, Finding, Span, ValueNode } from './model';
import { forgetMovedRoots, movedRoot, rootMovedFrom, shiftedValue } from './tree';
import { familiesToCheck } from './family';
import { extractCliBlocks, mayHoldCliConfig, relocate } from './hosts/cli';
import { extractJsonBlocks } from './hosts/json';
import { findFencedRegions } from './hosts/markdown';
import { buildVirtualNotebook, clearNotebookCellMemo, withoutNotebookCellMemo, type NotebookCell } from './hosts/notebook';
import { clearPythonCaches, rootStructureOf, withoutPythonCaches, extractPython as extractPythonHost, mayHoldPythonConfig } from './hosts/python';
import { INDEXED_WORDS, pythonTextIndex } from './hosts/python-index';
import { StaleStatements, StatementSelection, statementsSeparatedAt, topLevelStatementStarts, type TreeCoverage } from './hosts/python-statements';
import type { DeferredEdits } from './incremental';
import { extractYamlBlocks } from './hosts/yaml';
import { extractPythonShapeBlocks, mayHoldPythonShapeConfig } from './hosts/python-shapes';
import { extractTerraformBlocks, mayHoldTerraformConfig } from './hosts/terraform';
import { extractTypeScriptBlocks, mayHoldTypeScriptConfig } from './hosts/typescript';
import { checkHostOverlays, relaxForHost } from './rules/host-overlays';
import { messageInDialect } from './keys';
import { checkGuardrails } from './rules/guardrail-rules';
import { checkSchema } from './rules/schema-rules';
import { applySuppressions, notebookCodeText } from './edits/suppress';
import { ANY_TRIGGER_WORD } from './trigger-words';
import { alignToCodePoints, findEdit, lastAtOrBefore, textHolds } from './text';

export type DocumentKind = 'python' | 'json' | 'shell' | 'markdown' | 'yaml' | 'terraform' | 'typescript';

export interface SyntaxParsers {
  python: Parser;
  bash: Parser;
  /** Terraform (.tf); absent: Terraform documents are not read. */
  hcl?: Parser;
  /** CDK and CDK for Terraform in TypeScript and JavaScript; absent: not read. */
  typescript?: Parser;
}

export interface HostEnvironment {
  parsers: SyntaxParsers;
  /** Reads `file://` references of CLI values, relative to the document; absent: not followed. */
  readFile?: (path: string) => FileReadResult | undefined;
  /**
   * A tree for exactly this document's Python text, kept by the caller for incremental parsing.
   * The core does not delete it; trees it parses itself it deletes.
   */
  pythonTree?: Tree;
  /**
   * When edits to some of pythonTree's statements were deferred (IncrementalParser): where, and how
   * to reparse them. The extraction reads the tree elsewhere, and reparses if it needs them.
   */
  pythonTreeDeferred?: DeferredEdits;
}

/**
 * What reading a `file://` reference gave: its text, or why it was not read (outside the allowed
 * folders, not a regular file, too large). Undefined from the reader: no such file.
 */
export type FileReadResult = string | { refused: 'outside' | 'not-a-file' | 'too-large'; limitBytes?: number };

export interface CheckSettings {
  disabledRules?: ReadonlySet<string>;
  /** Fleet size used when the document has no endpoint config with InitialInstanceCount. */
  defaultFleetSize?: number;
  /** Inference components' copy count used when the document has no RuntimeConfig.CopyCount. */
  defaultCopyCount?: number;
}

export interface DocumentAnalysis {
  blocks: ConfigBlock[];
  findings: Finding[];
  /**
   * Configs being typed that their host rejects as a whole (CLI JSON with a trailing comma or a key
   * without its value): no rule runs on them (the cli-syntax finding says what is wrong); completion
   * and hover read them.
   */
  drafts?: ConfigBlock[];
  /**
   * Python: the syntax tree the configs were read from has errors, so tree-sitter's error recovery
   * read them, and an edit anywhere may change what it reads (fixes are then checked before they
   * are offered: edits/fixes.ts, keepsDocumentWhole).
   */
  readThroughRecovery?: boolean;
}

export { ALL_RULES } from './model';

export function documentKindOf(languageIdOrPath: string): DocumentKind | undefined {
  const id = languageIdOrPath.toLowerCase();
  if (id === 'python' || id.endsWith('.py')) return 'python';
  if (id === 'json' || id === 'jsonc' || id.endsWith('.json') || id.endsWith('.jsonc')) return 'json';
  // 'sh' and 'zsh' are the language ids Neovim and other LSP clients send for shell buffers.
  if (['shellscript', 'shell', 'bash', 'sh', 'zsh'].includes(id) || id.endsWith('.sh') || id.endsWith('.bash')) return 'shell';
  if (id === 'markdown' || id.endsWith('.md') || id.endsWith('.markdown')) return 'markdown';
  // CloudFormation templates (`.template`, and the language ids of the CloudFormation extensions) are YAML or JSON; the YAML host reads both.
  if (id === 'terraform' || id === 'hcl' || id.endsWith('.tf')) return 'terraform';
  if (['typescript', 'javascript'].includes(id) || /\.(ts|mts|cts|js|mjs|cjs)$/.test(id)) return 'typescript';
  if (id === 'yaml' || id === 'cloudformation' || id.endsWith('.yaml') || id.endsWith('.yml') || id.endsWith('.template')) return 'yaml';
  return undefined;
}

export { ANY_TRIGGER_WORD };
/** ANY_TRIGGER_WORD's longest match (`AutoRollbackConfiguration`): its longest alternative, a class counted as one character. */
const ANY_TRIGGER_WORD_LONGEST = Math.max(...ANY_TRIGGER_WORD.source.split('|').map((alternative) => alternative.replace(/\[[^\]]*\]/g, '.').length));

/** The one-pass test: told edits are tested around the edit (firstMatchAt), without reading the rest. */
function holdsAnyTriggerWord(text: string): boolean {
  return textHolds(text, ANY_TRIGGER_WORD, ANY_TRIGGER_WORD_LONGEST);
}

/**
 * The trigger-word test, before any parse: false means the document cannot hold a config (nor a
 * cli-syntax finding) of its kind, so callers skip parsing it altogether. Every host's words are here.
 */
export function mayHoldConfig(text: string, kind: DocumentKind): boolean {
  // One native pass that every trigger word matches: a text without any (most files) is decided at
  // once, instead of one pass per word (5 MB: ~1.5 against ~7 ms).
  if (!holdsAnyTriggerWord(text)) return false;
  switch (kind) {
    case 'python':
      // `!aws` lines and %%bash cells of notebooks go to the CLI host.
      return mayHoldPythonConfig(text) || mayHoldPythonShapeConfig(text) || mayHoldCliConfig(text);
    case 'shell':
      return mayHoldCliConfig(text);
    case 'json':
      return mayHoldPythonConfig(text) || mayHoldCliConfig(text);
    case 'markdown':
      return mayHoldPythonConfig(text) || mayHoldCliConfig(text) || mayHoldPythonShapeConfig(text) || mayHoldTerraformConfig(text) || mayHoldTypeScriptConfig(text);
    case 'yaml':
      return mayHoldPythonConfig(text);
    case 'terraform':
      return mayHoldTerraformConfig(text);
    case 'typescript':
      return mayHoldTypeScriptConfig(text);
  }
}

/**
 * Documents longer than this that hold a trigger word are not parsed: a parse takes about 0.7
 * second of CPU and 60 MB per million characters, and the server answers nothing while it runs.
 */
export const MAX_CHECKED_TEXT_LENGTH = 6_000_000;

function tooLargeFinding(length: number, offset = 0): Finding {
  return {
    code: 'document-too-large',
    severity: 'warning',
    span: { offset, length: 0 },
    message: `This document has ${length.toLocaleString('en-US')} characters; documents over ${MAX_CHECKED_TEXT_LENGTH.toLocaleString('en-US')} are not checked, so its configs are not either. Move them to a smaller file.`,
  };
}

function internalError(host: string, error: unknown, span: Span = { offset: 0, length: 0 }): Finding {
  const reason = error instanceof Error ? error.message : String(error);
  return {
    code: 'internal-error',
    severity: 'warning',
    span,
    message: `sm-guardrails could not check this ${host} (${reason}); other configs are still checked.`,
  };
}

function shiftSpan(span: Span, by: number): Span {
  return { offset: span.offset + by, length: span.length };
}

function parseAndExtract<T>(parser: Parser, text: string, extract: (tree: Tree) => T, given?: Tree): T {
  const tree = given ?? parser.parse(text);
  if (!tree) throw new Error('the parser returned no tree');
  try {
    return extract(tree);
  } finally {
    if (!given) tree.delete();
  }
}

/** Parses of a growing selection of statements before the whole text is parsed instead. */
const MAX_SELECTION_PARSES = 4;
/** A selection longer than this share of the text is not worth a second parse, should one be needed. */
const MAX_SELECTED_SHARE = 0.5;

/**
 * tree-sitter's input for a parse of `ranges` only: a read stops at the end of the range it starts
 * in (tree-sitter reads nothing past it before the next range). web-tree-sitter copies every
 * character it is given into wasm memory one by one, and tree-sitter reads much twice or more:
 * - across each gap between ranges its lexer goes back and forth about four times, between the end
 *   of one range and the start of the next; so a read at a range's start gives that first line only;
 * - reads of 1,024 characters regardless copied ten times the selected text.
 * Together: 39 K characters copied for 34 K selected in the 5,000-line bench file (134 K with only
 * the second rule).
 */
function readUpToRangeEnd(text: string, ranges: readonly { startIndex: number; endIndex: number }[]): (index: number) => string {
  const starts = ranges.map((range) => range.startIndex);
  return (index) => {
    const range = ranges[lastAtOrBefore(starts, index)];
    if (!range || index >= range.endIndex) return text.slice(index, index + 1024);
    let end = Math.min(index + 1024, range.endIndex);
    if (index === range.startIndex) {
      const lineEnd = text.indexOf('\n', index + 1);
      if (lineEnd !== -1 && lineEnd < end) end = lineEnd;
    }
    return text.slice(index, end);
  };
}

/**
 * Parses only the top-level statements that hold the Python hosts' words (and those the extraction
 * then asks about, such as a name's assignment), and extracts from that tree. The statements'
 * nodes are the same as in a tree of the whole text: tree-sitter's included ranges keep offsets.
 * Falls back to the whole text when the statement scan cannot vouch for the text, when the
 * selected statements hold a syntax error (recovery may read them differently in the whole text),
 * or when the extraction keeps asking for more.
 */
function parseSelectionAndExtract<T>(parser: Parser, text: string, extract: (tree: Tree, selection: StatementSelection | undefined) => T): T {
  const starts = topLevelStatementStarts(text);
  if (starts && starts.length > 1) {
    const selection = new StatementSelection(text, starts);
    const index = pythonTextIndex(text);
    for (const word of INDEXED_WORDS) for (const offset of index.occurrences(word)) selection.include(offset);
    for (let round = 0; round < MAX_SELECTION_PARSES && !selection.isEmpty; round++) {
      const includedRanges = selection.ranges();
      if (includedRanges.reduce((sum, r) => sum + r.endIndex - r.startIndex, 0) > text.length * MAX_SELECTED_SHARE) break;
      const tree = parser.parse(readUpToRangeEnd(text, includedRanges), null, { includedRanges });
      if (!tree) break;
      try {
        if (tree.rootNode.hasError) break;
        const result = extract(tree, selection);
        if (!selection.includeMisses()) return result;
      } finally {
        tree.delete();
      }
    }
  }
  return parseAndExtract(parser, text, (tree) => extract(tree, undefined));
}

/**
 * Extracts from the caller's tree. A tree with deferred edits is read everywhere but the stale
 * statements; when the extraction asks about one of them (a config or a name's assignment in it),
 * what it found is discarded, and the tree is reparsed and read again.
 */
function extractFromKeptTree<T>(tree: Tree, deferred: DeferredEdits | undefined, extract: (tree: Tree, coverage: TreeCoverage | undefined) => T): T {
  if (!deferred) return extract(tree, undefined);
  const stale = new StaleStatements(deferred.spans);
  const result = extract(tree, stale);
  return stale.hasMisses ? extract(deferred.reparse(), undefined) : result;
}

function extractPython(text: string, env: HostEnvironment, into: DocumentAnalysis, tree?: Tree): void {
  // Plain text tests (they stop at the first word found): a text without any is not indexed at all.
  // The one-pass test first: the hosts' own tests scan once per word, slowly for words that start
  // with a common letter (5 MB: `deployment_config` ~2 ms, `loads` ~3 ms, all of them ~1.7 ms).
  if (!holdsAnyTriggerWord(text)) return;
  const boto3 = mayHoldPythonConfig(text);
  const shapes = mayHoldPythonShapeConfig(text);
  if (!boto3 && !shapes) return;
  const extract = (t: Tree, selection: TreeCoverage | undefined): DocumentAnalysis => {
    const found = boto3 ? extractPythonHost(t, text, selection) : { blocks: [], findings: [] };
    const blocks = [...found.blocks, ...(shapes ? extractPythonShapeBlocks(t, text, selection) : [])];
    return { blocks, findings: found.findings, ...(blocks.length && t.rootNode.hasError ? { readThroughRecovery: true } : {}) };
  };
  try {
    appendAnalysis(into, tree ? extractFromKeptTree(tree, env.pythonTreeDeferred, extract) : parseSelectionAndExtract(env.parsers.python, text, extract));
  } catch (error) {
    into.findings.push(internalError('Python code', error));
  }
}

function extractShell(text: string, env: HostEnvironment, into: DocumentAnalysis): void {
  if (!mayHoldCliConfig(text)) return;
  try {
    const found = parseAndExtract(env.parsers.bash, text, (t) =>
      extractCliBlocks(t, text, env.readFile ? { readFile: env.readFile } : {}),
    );
    appendAnalysis(into, found);
  } catch (error) {
    into.findings.push(internalError('shell code', error));
  }
}

function extractJson(text: string, into: DocumentAnalysis): void {
  if (!mayHoldConfig(text, 'json')) return;
  try {
    into.blocks.push(...extractJsonBlocks(text));
  } catch (error) {
    into.findings.push(internalError('JSON', error));
  }
}

function extractYaml(text: string, into: DocumentAnalysis): void {
  if (!mayHoldConfig(text, 'yaml')) return;
  try {
    into.blocks.push(...extractYamlBlocks(text));
  } catch (error) {
    into.findings.push(internalError('YAML', error));
  }
}

function extractTerraform(text: string, env: HostEnvironment, into: DocumentAnalysis): void {
  if (!mayHoldTerraformConfig(text) || !env.parsers.hcl) return;
  try {
    into.blocks.push(...parseAndExtract(env.parsers.hcl, text, (tree) => extractTerraformBlocks(tree)));
  } catch (error) {
    into.findings.push(internalError('Terraform', error));
  }
}

function extractTypeScript(text: string, env: HostEnvironment, into: DocumentAnalysis): void {
  if (!mayHoldTypeScriptConfig(text) || !env.parsers.typescript) return;
  try {
    into.blocks.push(...parseAndExtract(env.parsers.typescript, text, (tree) => extractTypeScriptBlocks(tree, text)));
  } catch (error) {
    into.findings.push(internalError('TypeScript/JavaScript code', error));
  }
}

/** Adds what one part of a document yielded (a fence, a notebook cell, a shell text) to the whole. */
function appendAnalysis(into: DocumentAnalysis, part: DocumentAnalysis): void {
  into.blocks.push(...part.blocks);
  into.findings.push(...part.findings);
  if (part.drafts) (into.drafts ??= []).push(...part.drafts);
  if (part.readThroughRecovery) into.readThroughRecovery = true;
}

function shiftAnalysis(analysis: DocumentAnalysis, by: number): DocumentAnalysis {
  return by === 0 ? analysis : copyAnalysis(analysis, by);
}

/** Moves every span of a block by `by` (code embedded in Markdown, a notebook cell's shell commands), its root by `moveRoot`. */
function shiftBlock(block: ConfigBlock, by: number, moveRoot: (root: ValueNode, by: number) => ValueNode = shiftedValue): ConfigBlock {
  return { ...block, root: moveRoot(block.root, by) };
}

/**
 * Suppression comments (`# sm-guardrails: ignore[code]`) of the document each block came from.
 * Callers run checkBlocks on the blocks of an analysis without passing the text again (the LSP
 * server, the CLI, notebooks), so the blocks remember their document's filter here and every
 * caller honours the comments.
 */
type Suppressor = (findings: Finding[]) => Finding[];
const suppressors = new WeakMap<ConfigBlock, Suppressor>();

function withSuppressions(analysis: DocumentAnalysis, text: string, kind: DocumentKind, mayHoldSuppression?: boolean): DocumentAnalysis {
  // Cheap tests first: most documents have no config (a 5 MB file must not be scanned again) and
  // almost none has a suppression comment.
  if (analysis.blocks.length === 0 && analysis.findings.length === 0) return analysis;
  if (!(mayHoldSuppression ?? text.includes('sm-guardrails'))) return analysis;
  const suppress: Suppressor = (findings) => applySuppressions(text, kind, findings);
  for (const block of analysis.blocks) suppressors.set(block, suppress);
  return { ...analysis, findings: suppress(analysis.findings) };
}

/** Finds the config blocks of a document, with the findings that extraction itself makes (cli-syntax). */
export function analyzeDocument(text: string, kind: DocumentKind, env: HostEnvironment): DocumentAnalysis {
  forgetMovedRoots();
  if (text.length > MAX_CHECKED_TEXT_LENGTH && mayHoldConfig(text, kind)) return { blocks: [], findings: [tooLargeFinding(text.length)] };
  const analysis = extractDocument(text, kind, env);
  // A Python text's kept index knows whether the word is there, without reading the text again.
  const mayHoldSuppression = kind === 'python' && analysis.blocks.length + analysis.findings.length > 0 ? pythonTextIndex(text).occurrences('sm-guardrails').length > 0 : undefined;
  return alignFindings(withSuppressions(analysis, text, kind, mayHoldSuppression), text);
}

/** Host findings point at single characters (the first bad one): widened so none splits a surrogate pair. */
function alignFindings<T extends DocumentAnalysis>(analysis: T, text: string): T {
  return { ...analysis, findings: analysis.findings.map((f) => ({ ...f, span: alignToCodePoints(text, f.span) })) };
}

function extractDocument(text: string, kind: DocumentKind, env: HostEnvironment): DocumentAnalysis {
  const analysis: DocumentAnalysis = { blocks: [], findings: [] };
  switch (kind) {
    case 'python':
      extractPython(text, env, analysis, env.pythonTree);
      break;
    case 'json':
      extractJson(text, analysis);
      break;
    case 'shell':
      extractShell(text, env, analysis);
      break;
    case 'yaml':
      extractYaml(text, analysis);
      break;
    case 'terraform':
      extractTerraform(text, env, analysis);
      break;
    case 'typescript':
      extractTypeScript(text, env, analysis);
      break;
    case 'markdown':
      for (const region of findFencedRegions(text)) {
        const inner: DocumentAnalysis = { blocks: [], findings: [] };
        const regionEnv: HostEnvironment = { ...env };
        delete regionEnv.pythonTree;
        delete regionEnv.pythonTreeDeferred;
        if (region.language === 'python') extractPython(region.text, regionEnv, inner);
        else if (region.language === 'json') extractJson(region.text, inner);
        else if (region.language === 'yaml') extractYaml(region.text, inner);
        else if (region.language === 'terraform') extractTerraform(region.text, regionEnv, inner);
        else if (region.language === 'typescript') extractTypeScript(region.text, regionEnv, inner);
        else extractShell(region.text, regionEnv, inner);
        appendAnalysis(analysis, shiftAnalysis(inner, region.offset));
      }
      break;
  }
  return analysis;
}

/** Kept trees a check found no leaking cell in, with the text and code cells' starts of that check. */
const leakFreeTrees = new WeakMap<Tree, { text: string; starts: readonly number[] }>();

/** Whether `tree` was found leak-free for a text that became `text` by one edit that moved the cells' starts with it. */
function stillLeakFree(tree: Tree, text: string, starts: readonly number[]): boolean {
  const before = leakFreeTrees.get(tree);
  if (!before || before.starts.length !== starts.length) return false;
  // The parser found this edit just before (text.ts remembers it): nothing is compared again.
  const { start, oldEnd, newEnd } = findEdit(before.text, text);
  const moved = before.starts.every((s, i) => (s < start ? starts[i] === s : s >= oldEnd && starts[i] === s + newEnd - oldEnd));
  if (moved) leakFreeTrees.set(tree, { text, starts });
  return moved;
}

/**
 * Jupyter runs each cell on its own, but the cells are parsed as one text: a cell that leaves a
 * string or bracket open would swallow the next cells. Such a cell is blanked (it is broken
 * anyway), so the cells after it are still checked.
 */
function isolateLeakingCells(pythonText: string, cellStarts: readonly number[], parser: Parser, firstTree?: Tree): string {
  const starts = cellStarts.filter((s) => s >= 0);
  // The same tree object as a check that found no leak: the kept tree was moved by an edit inside
  // one token (a reparse makes a new tree), so its statements are where they were, and with the
  // cells where they were too (moved by the edit) none leaks still. No walk per cell.
  if (firstTree && stillLeakFree(firstTree, pythonText, starts)) return pythonText;
  let text = pythonText;
  for (let round = 0; round < starts.length; round++) {
    // The caller's tree of the unchanged text is used for the first round and left to the caller.
    const given = round === 0 ? firstTree : undefined;
    const tree = given ?? parser.parse(text);
    if (!tree) return text;
    let leaking: number | undefined;
    try {
      const root = tree.rootNode;
      for (const start of starts.slice(1)) {
        // The first top-level statement ending after the cell's start (one wasm call, not a walk up
        // from the deepest node): only one that starts in an earlier cell and runs into this one leaks.
        const node = root.firstChildForIndex(start);
        if (node && node.startIndex < start) {
          leaking = starts.filter((s) => s <= node.startIndex).pop();
          break;
        }
      }
      if (leaking === undefined && given) leakFreeTrees.set(given, { text, starts });
    } finally {
      if (tree !== given) tree.delete();
    }
    if (leaking === undefined) return text;
    const end = starts.find((s) => s > leaking!) ?? text.length;
    text = text.slice(0, leaking) + text.slice(leaking, end - 1).replace(/[^\n]/g, ' ') + text.slice(end - 1);
  }
  return text;
}

/** The shell commands of recent notebook cells, read: an edit in one cell does not parse the others' again. */
let cellShellMemo = new Map<string, DocumentAnalysis>();
const MAX_SHELL_MEMO = 1000;
const shellMemoIds = new WeakMap<DocumentAnalysis, number>();
let nextShellMemoId = 0;

function cellShellAnalysis(cellShell: string, env: HostEnvironment): DocumentAnalysis {
  // A `file://` value is read from disk, which may change between checks: read every time.
  const memo = !cellShell.includes('file');
  const known = memo ? cellShellMemo.get(cellShell) : undefined;
  if (known) return known;
  const found: DocumentAnalysis = { blocks: [], findings: [] };
  extractShell(cellShell, env, found);
  if (memo) {
    shellMemoIds.set(found, nextShellMemoId++);
    cellShellMemo.set(cellShell, found);
    if (cellShellMemo.size > MAX_SHELL_MEMO) cellShellMemo.delete(cellShellMemo.keys().next().value!);
  }
  return found;
}

/**
 * A remembered cell's shell analysis moved to where the cell starts now. The last move of each is
 * kept: a cell that did not move gives the same roots again (the rules' findings are then found by
 * the root: findingsOfSameRoot), and a keystroke moves only the cells after it, if any. The blocks
 * are fresh copies each time: the notebook sets their fleet.
 */
const lastMoves = new WeakMap<DocumentAnalysis, { start: number; moved: DocumentAnalysis }>();

function movedShellAnalysis(read: DocumentAnalysis, start: number): DocumentAnalysis {
  const copied = (moved: DocumentAnalysis): DocumentAnalysis => ({ ...moved, blocks: moved.blocks.map((block) => ({ ...block })), findings: [...moved.findings] });
  const last = lastMoves.get(read);
  if (last?.start === start) return copied(last.moved);
  // Moved from where it was last (a keystroke in a cell above): the roots are moved from the last ones, whose findings move with them.
  const moved = last ? copyAnalysis(last.moved, start - last.start, movedRoot) : copyAnalysis(read, start);
  // Only a remembered cell's (one read again at every check gives new roots anyway).
  const id = shellMemoIds.get(read);
  if (id === undefined) return moved;
  // The same remembered cell gives blocks of the same structure: their findings are remembered too.
  moved.blocks.forEach((block, i) => structureTokens.set(block.root, `shell:${id}:${i}`));
  lastMoves.set(read, { start, moved });
  return copied(moved);
}

/** A copy moved by `by`, even by 0: the notebook sets each block's fleet, and the remembered ones stay as read. */
function copyAnalysis(analysis: DocumentAnalysis, by: number, moveRoot: (root: ValueNode, by: number) => ValueNode = shiftedValue): DocumentAnalysis {
  return {
    blocks: analysis.blocks.map((block) => (block.fileReference ? { ...block, fileReference: { ...block.fileReference, span: shiftSpan(block.fileReference.span, by) } } : shiftBlock(block, by, moveRoot))),
    findings: analysis.findings.map((f) => ({ ...f, span: shiftSpan(f.span, by) })),
    ...(analysis.drafts ? { drafts: analysis.drafts.map((block) => shiftBlock(block, by)) } : {}),
    ...(analysis.readThroughRecovery ? { readThroughRecovery: true } : {}),
  };
}

/** A notebook's configs, with spans in its virtual text (see buildVirtualNotebook). */
export function analyzeNotebook(
  cells: readonly NotebookCell[],
  env: HostEnvironment,
  /** Keeps the virtual text's tree between checks (the server passes one per notebook), so an edit in one cell reparses only what changed. */
  incremental?: { parse(text: string): Tree },
): DocumentAnalysis & { virtualText: string; cellStarts: number[] } {
  forgetMovedRoots();
  const notebook = buildVirtualNotebook(cells);
  if (notebook.pythonText.length > MAX_CHECKED_TEXT_LENGTH && mayHoldConfig(notebook.pythonText, 'python')) {
    const firstCode = notebook.cellStarts.find((start) => start >= 0) ?? 0;
    return { blocks: [], findings: [tooLargeFinding(notebook.pythonText.length, firstCode)], virtualText: notebook.pythonText, cellStarts: notebook.cellStarts };
  }
  const analysis: DocumentAnalysis = { blocks: [], findings: [] };
  const pythonEnv: HostEnvironment = { ...env };
  delete pythonEnv.pythonTree;
  delete pythonEnv.pythonTreeDeferred;
  let pythonText = notebook.pythonText;
  let tree: Tree | undefined;
  // Without a kept tree, cells that a scan shows to be separate statements cannot leak into each
  // other: the Python host then parses only the statements it reads, not the whole notebook.
  const mayHoldPython = mayHoldPythonConfig(pythonText);
  const separate = mayHoldPython && !incremental && statementsSeparatedAt(pythonText, notebook.cellStarts.filter((s) => s > 0)) !== undefined;
  let ownTree: Tree | undefined;
  try {
    if (mayHoldPython && !separate) {
      try {
        // One parse for the leak test and, when no cell is blanked, the extraction.
        tree = incremental ? incremental.parse(pythonText) : (ownTree = env.parsers.python.parse(pythonText) ?? undefined);
        pythonText = isolateLeakingCells(pythonText, notebook.cellStarts, env.parsers.python, tree);
      } catch {
        // The Python host below meets the same failure and reports it once.
      }
    }
    extractPython(pythonText, pythonEnv, analysis, pythonText === notebook.pythonText ? tree : undefined);
  } finally {
    ownTree?.delete();
  }
  // Shell commands are parsed cell by cell, in the cells that have any (a shell text of the whole
  // notebook is mostly blanks: tree-sitter-bash would spend tens of milliseconds on them per keystroke).
  notebook.cellStarts.forEach((start, cellIndex) => {
    const cellShell = notebook.cellShells[cellIndex];
    if (start < 0 || cellShell === undefined) return;
    const read = cellShellAnalysis(cellShell, pythonEnv);
    appendAnalysis(analysis, movedShellAnalysis(read, start));
  });
  // One fleet for the notebook: an `!aws` config gets the InitialInstanceCount a Python cell defines.
  const notebookFleetSize = analysis.blocks.find((block) => block.fleetSize !== undefined)?.fleetSize;
  if (notebookFleetSize !== undefined) {
    for (const block of analysis.blocks) if (block.fleetSize === undefined && (block.family ?? 'endpoint') === 'endpoint') block.fleetSize = notebookFleetSize;
  }
  // The code cells as written, laid out like the virtual text, so comments on `!aws` lines count too
  // (built only when a cell has the word: it is a copy of the whole notebook).
  const suppressed = withSuppressions(analysis, notebook.mayHoldSuppression ? notebookCodeText(cells) : '', 'python', notebook.mayHoldSuppression);
  return alignFindings({ ...suppressed, virtualText: notebook.pythonText, cellStarts: notebook.cellStarts }, notebook.pythonText);
}

/**
 * The fleet a block's rules count in, for a family: the block's own (InitialInstanceCount, or the
 * copy count of an inference component), else the setting of that family's unit.
 */
export function fleetSizeFor(block: ConfigBlock, family: ConfigFamily | undefined, settings: CheckSettings = {}): number | undefined {
  if (family === 'inference-component') return (block.family === family ? block.fleetSize : undefined) ?? settings.defaultCopyCount;
  if (family === 'hyperpod-cluster') return block.family === family ? block.fleetSize : undefined;
  return (block.family === 'inference-component' || block.family === 'hyperpod-cluster' ? undefined : block.fleetSize) ?? settings.defaultFleetSize;
}

/** The rules of one family on a block. */
function checkAsFamily(block: ConfigBlock, family: ConfigFamily, settings: CheckSettings): Finding[] {
  const fleetSize = fleetSizeFor(block, family, settings);
  // The span of the document's own count, when that is the size the rules use (not a setting's).
  const fleetSizeSpan = block.fleetSizeSpan && fleetSize === block.fleetSize && block.family === (family === 'endpoint' ? block.family : family) ? block.fleetSizeSpan : undefined;
  return [...checkSchema(block.root, family), ...checkGuardrails(block.root, { fleetSize, family, ...(fleetSizeSpan ? { fleetSizeSpan } : {}) })];
}

/**
 * A block whose family nothing told is checked as every family its content allows, and only what
 * is wrong in all of them is reported (with the first family's wording).
 */
function checkBlock(block: ConfigBlock, settings: CheckSettings): Finding[] {
  const families = familiesToCheck(block.family, block.root);
  if (families.length === 1) return checkAsFamily(block, families[0]!, settings).map((f) => ({ ...f, family: families[0]! }));
  const [first, ...others] = families.map((family) => checkAsFamily(block, family, settings));
  const keyOf = (f: Finding): string => `${f.code}:${f.span.offset}:${f.span.length}`;
  const everywhere = others.map((found) => new Set(found.map(keyOf)));
  return first!.filter((f) => everywhere.every((keys) => keys.has(keyOf(f))));
}

/**
 * The rules' findings by block, so a re-check after an edit runs the rules only on the configs the
 * edit changed. The key is the whole block with its offsets taken from its root's, so a config
 * moved by an edit above it is found again; its findings are moved by as much.
 */
let findingsMemo = new Map<string, { offset: number; findings: Finding[] }>();
/** Roots of blocks copied from a remembered reading (a notebook cell's shell commands), by the same kind of token as the Python host's. */
const structureTokens = new WeakMap<ValueNode, string>();
const MAX_MEMO_ENTRIES = 2000;

function memoKeyOf(block: ConfigBlock, settings: CheckSettings): string | undefined {
  // Findings of these point outside the block (another file, a linked resource): not moved by one offset.
  if (block.fileReference || block.endpointConfig) return undefined;
  // Only roots whose relative structure the Python host vouches for (converted from the same text).
  const structure = rootStructureOf(block.root) ?? structureTokens.get(block.root);
  if (structure === undefined) return undefined;
  const { root, fleetSizeSpan, ...rest } = block;
  const size = fleetSizeSpan ? `${fleetSizeSpan.offset - root.offset}+${fleetSizeSpan.length}` : '';
  return `${structure}\u0000${size}\u0000${JSON.stringify(rest)}\u0000${settings.defaultFleetSize}/${settings.defaultCopyCount}`;
}

function moveFinding(finding: Finding, by: number): Finding {
  return {
    ...finding,
    // Only the span's offset and length: a rule may give a value node itself as the span.
    span: { offset: finding.span.offset + by, length: finding.span.length },
    ...(finding.related ? { related: finding.related.map((r) => ({ ...r, span: { offset: r.span.offset + by, length: r.span.length } })) } : {}),
  };
}

function rememberedFindings(key: string, offset: number): Finding[] | undefined {
  const entry = findingsMemo.get(key);
  if (!entry) return undefined;
  findingsMemo.delete(key);
  findingsMemo.set(key, entry);
  return entry.findings.map((f) => moveFinding(f, offset - entry.offset));
}

function rememberFindings(key: string, offset: number, findings: readonly Finding[]): void {
  findingsMemo.set(key, { offset, findings: findings.map((f) => moveFinding(f, 0)) });
  if (findingsMemo.size > MAX_MEMO_ENTRIES) findingsMemo.delete(findingsMemo.keys().next().value!);
}

/**
 * The rules' findings by the root object itself, for a block given out again with the same root
 * (the Python host's reused blocks, a notebook's unmoved shell cells) or with a root moved as a
 * whole from one (tree.ts, movedRoot): found without building the memo's key, which cost as much as
 * the rest of a notebook edit per config. The block's other fields (all plain values but the spans
 * compared below) and the settings must be the same too.
 */
interface RootFindings {
  block: ConfigBlock;
  settings: CheckSettings;
  findings: Finding[];
}

/**
 * One map per checkBlocks call, of the last two calls (the document edited and one other; the
 * server makes one call per check); a root found in the older one is carried into the newer.
 * Strong maps dropped whole, not a weak map: V8's young-generation collections keep a weak map's
 * values while its keys are young, and a keystroke in a large notebook gives every config after it
 * a new root (5-8 MB kept per collection while typing, measured; 0.6 MB with four maps, 0.1 MB with
 * two, and a collection then takes half as long).
 */
let findingsByRoot: Map<ValueNode, RootFindings>[] = [new Map()];
const ROOT_FINDINGS_CALLS = 2;

function rootFindingsOf(root: ValueNode): RootFindings | undefined {
  for (const calls of findingsByRoot) {
    const known = calls.get(root);
    if (known) return known;
  }
  return undefined;
}

function rememberByRoot(block: ConfigBlock, settings: CheckSettings, findings: Finding[]): void {
  findingsByRoot[0]!.set(block.root, { block: { ...block }, settings, findings });
}

/**
 * Whether `b` is `a` with its spans moved by `by`, its root aside. Field by field, as written (a
 * loop over the names reads them slowly, and this runs for every config at every keystroke);
 * `BLOCK_FIELDS_COMPARED` makes a new field of ConfigBlock a compile error until it is listed, and
 * findings-memo.test (which this is exported for) then fails until it is compared.
 */
export function sameBlockBesidesRoot(a: ConfigBlock, b: ConfigBlock, by: number): boolean {
  if (a.host !== b.host || a.syntax !== b.syntax || a.family !== b.family || a.fleetSize !== b.fleetSize || a.quote !== b.quote) return false;
  if (a.incomplete !== b.incomplete || a.dialect !== b.dialect || a.keyDialect !== b.keyDialect || a.fileReference !== b.fileReference || a.endpointConfig !== b.endpointConfig) return false;
  if (!a.fleetSizeSpan || !b.fleetSizeSpan) return !a.fleetSizeSpan && !b.fleetSizeSpan;
  return a.fleetSizeSpan.offset + by === b.fleetSizeSpan.offset && a.fleetSizeSpan.length === b.fleetSizeSpan.length;
}

/** The fields sameBlockBesidesRoot compares (tests change each one and expect a difference). */
export const BLOCK_FIELDS_COMPARED = Object.keys({
  host: true,
  syntax: true,
  family: true,
  fleetSize: true,
  quote: true,
  incomplete: true,
  dialect: true,
  keyDialect: true,
  fileReference: true,
  endpointConfig: true,
  fleetSizeSpan: true,
} satisfies Record<Exclude<keyof ConfigBlock, 'root'>, true>) as Exclude<keyof ConfigBlock, 'root'>[];

/**
 * The findings of the same root, or of the root the Python host moved this one from as a whole
 * (moved by as much; kept for this root too).
 */
function findingsOfSameRoot(block: ConfigBlock, settings: CheckSettings): Finding[] | undefined {
  const same = rootFindingsOf(block.root);
  const moved = same ? undefined : rootMovedFrom(block.root);
  const known = same ?? (moved && rootFindingsOf(moved.from));
  if (!known || known.settings.defaultFleetSize !== settings.defaultFleetSize || known.settings.defaultCopyCount !== settings.defaultCopyCount) return undefined;
  if (!sameBlockBesidesRoot(known.block, block, moved?.by ?? 0)) return undefined;
  const findings = moved ? known.findings.map((f) => moveFinding(f, moved.by)) : known.findings;
  // Kept in this call's map (the root it came from is in an older one).
  if (moved || !findingsByRoot[0]!.has(block.root)) findingsByRoot[0]!.set(block.root, moved ? { block: { ...block }, settings, findings } : known);
  return findings;
}

/** Forgets the remembered findings (the benchmark's first-check figures start from none; tests compare with a fresh check). */
export function clearCheckCaches(): void {
  clearNotebookCellMemo();
  findingsMemo.clear();
  findingsByRoot = [new Map()];
  cellShellMemo.clear();
  clearPythonCaches();
}

/** Runs `check` as on texts never seen, and keeps the caches again after (tests compare both). */
export function withoutCheckCaches<T>(check: () => T): T {
  const [keptFindings, keptByRoot, keptShells] = [findingsMemo, findingsByRoot, cellShellMemo];
  findingsMemo = new Map();
  findingsByRoot = [new Map()];
  cellShellMemo = new Map();
  try {
    return withoutNotebookCellMemo(() => withoutPythonCaches(check));
  } finally {
    findingsMemo = keptFindings;
    findingsByRoot = keptByRoot;
    cellShellMemo = keptShells;
  }
}

/** Runs every rule on every block. Findings in `file://` blocks are moved onto the reference. */
export function checkBlocks(blocks: readonly ConfigBlock[], settings: CheckSettings = {}): Finding[] {
  const findings: Finding[] = [];
  if (blocks.length > 0) {
    findingsByRoot.unshift(new Map());
    if (findingsByRoot.length > ROOT_FINDINGS_CALLS) findingsByRoot.pop();
  }
  for (const block of blocks) {
    // By the root object (the same one, or one it was moved from as a whole): no key built. The same
    // root's findings are given out as they are (no caller changes a finding).
    const sameRoot = findingsOfSameRoot(block, settings);
    const key = sameRoot ? undefined : memoKeyOf(block, settings);
    const remembered = sameRoot ?? (key === undefined ? undefined : rememberedFindings(key, block.root.offset));
    let blockFindings: Finding[];
    if (remembered) {
      blockFindings = remembered;
      if (!sameRoot) rememberByRoot(block, settings, remembered);
    } else {
      let failed = false;
      try {
        blockFindings = [...checkBlock(block, settings), ...checkHostOverlays(block, block.fleetSize ?? settings.defaultFleetSize)];
      } catch (error) {
        failed = true;
        blockFindings = [internalError('config', error, block.fileReference ? { offset: 0, length: 0 } : { offset: block.root.offset, length: Math.min(1, block.root.length) })];
      }
      blockFindings = relaxForHost(block, blockFindings);
      if (block.keyDialect && block.keyDialect !== 'pascal') {
        const written = writtenKeysOf(block.root);
        blockFindings = blockFindings.map((f) => ({ ...f, message: messageInDialect(f.message, block.keyDialect, written) }));
      }
      // Spans reduced to offset and length, as the remembered ones are, so both paths give the same findings.
      blockFindings = blockFindings.map((f) => moveFinding(f, 0));
      if (key !== undefined && !failed) {
        rememberFindings(key, block.root.offset, blockFindings);
        rememberByRoot(block, settings, blockFindings);
      }
    }
    if (block.fileReference) {
      const reference = block.fileReference;
      // Related spans are offsets in the referenced file, not in this document: they go.
      blockFindings = blockFindings.map(({ related: _inOtherFile, ...f }) => relocate(f, reference.text, reference.path, reference.span));
    }
    const suppress = suppressors.get(block);
    findings.push(...(suppress ? suppress(blockFindings) : blockFindings));
  }
  return findings;
}

/** The API names of the keys a block's host wrote in its own style (misspelled ones included), for messages. */
function writtenKeysOf(root: ValueNode): string[] {
  const keys: string[] = [];
  const visit = (node: ValueNode): void => {
    if (node.kind === 'object') for (const p of node.properties) {
      if (p.writtenKey !== undefined) keys.push(p.key);
      if (p.value) visit(p.value);
    }
    if (node.kind === 'array') node.items.forEach(visit);
  };
  visit(root);
  return keys;
}

/** Drops disabled rules and exact duplicates (a dict shared by two configs is reported once). */
export function finalizeFindings(findings: readonly Finding[], settings: CheckSettings = {}): Finding[] {
  const seen = new Set<string>();
  const kept: Finding[] = [];
  for (const finding of findings) {
    if (settings.disabledRules?.has(finding.code)) continue;
    const key = `${finding.code}:${finding.span.offset}:${finding.span.length}:${finding.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    kept.push(finding);
  }
  return kept.sort((a, b) => a.span.offset - b.span.offset || a.code.localeCompare(b.code));
}

export function checkDocument(text: string, kind: DocumentKind, env: HostEnvironment, settings: CheckSettings = {}): DocumentAnalysis {
  const analysis = analyzeDocument(text, kind, env);
  return { ...analysis, findings: finalizeFindings([...analysis.findings, ...checkBlocks(analysis.blocks, settings)], settings) };
}
