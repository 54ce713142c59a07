// Code actions: quick fixes for findings, "fix all" (source.fixAll.smGuardrails) and strategy
// conversions (refactor.rewrite). The core makes text edits in offsets of the analysed text;
// this file only turns them into LSP edits for the document (or notebook cell) asked about.
import { CodeActionKind, type CodeAction, type Diagnostic, type Position, type Range, type SnippetTextEdit, type TextEdit as LspTextEdit } from 'vscode-languageserver/node';
import type { DocumentAnalysis, DocumentKind } from '../core/check';
import { blockContains, conversionTargets, convertBlock } from '../core/edits/convert';
import { fixAll, fixAllRounds, keepsDocumentWhole, safeQuickFixes, type Fix } from '../core/edits/fixes';
import { lineStartOf } from '../core/edits/printer';
import { diffEdit, endOf, type TextEdit } from '../core/edits/text-edit';
import { PLACEHOLDER_ALARM_NAME, type Finding } from '../core/model';

export const FIX_ALL_KIND = `${CodeActionKind.SourceFixAll}.smGuardrails`;
export const CODE_ACTION_KINDS = [CodeActionKind.QuickFix, FIX_ALL_KIND, CodeActionKind.RefactorRewrite];

export interface CodeActionSource {
  uri: string;
  /** The analysed text: the document's, or a notebook's code cells joined as the core lays them out. */
  text: string;
  kind: DocumentKind;
  analysis: DocumentAnalysis;
  /** Where the document asked about starts in `text`, and its length (a cell of a notebook). */
  shift: number;
  ownLength: number;
  /** Offset in `text` -> position in the document asked about. */
  positionAt: (offset: number) => Position;
  fleetSize?: number;
  /** The client applies snippet edits (LSP 3.18 snippetEditSupport): a placeholder the user must fill gets the cursor. */
  snippetEdits?: boolean;
  /** Re-checks a text (plain documents): fix all then repeats until nothing more is fixable. */
  analyze?: (text: string) => DocumentAnalysis;
}

/** Whether a requested kind list asks for actions of `kind` (a request for `source` covers `source.fixAll.x`). */
function wants(only: readonly string[] | undefined, kind: string, askedByDefault: boolean): boolean {
  if (!only || only.length === 0) return askedByDefault;
  return only.some((asked) => kind === asked || kind.startsWith(`${asked}.`));
}

const overlaps = (finding: Finding, start: number, end: number): boolean =>
  finding.span.offset <= end && start <= finding.span.offset + finding.span.length;

function sameRange(a: Range, b: Range): boolean {
  return a.start.line === b.start.line && a.start.character === b.start.character && a.end.line === b.end.line && a.end.character === b.end.character;
}

/** Core edits as LSP edits of the document asked about; undefined when one lands outside it (another cell). */
function toLspEdits(source: CodeActionSource, edits: readonly TextEdit[]): LspTextEdit[] | undefined {
  const result: LspTextEdit[] = [];
  for (const edit of edits) {
    if (edit.offset < source.shift || endOf(edit) > source.shift + source.ownLength) return undefined;
    result.push({ range: { start: source.positionAt(edit.offset), end: source.positionAt(endOf(edit)) }, newText: edit.newText });
  }
  return result;
}

/**
 * The snippet for a one-edit fix as the editor will insert it: VS Code indents each line of an
 * inserted snippet after the first by the white space that leads the line it is inserted in, so
 * that is taken off here; no snippet when a line has less (a YAML key added below a deeper line:
 * the edit then goes as it is, without the placeholder selected).
 */
function editorSnippet(text: string, edit: TextEdit): string | undefined {
  const lead = /^[ \t]*/.exec(text.slice(lineStartOf(text, edit.offset), edit.offset))![0];
  const [first, ...rest] = edit.newText.split('\n');
  if (rest.some((line) => line.replace(/\r$/, '') !== '' && !line.startsWith(lead))) return undefined;
  return withPlaceholderSelected([first, ...rest.map((line) => line.slice(Math.min(lead.length, line.length)))].join('\n'));
}

/** Snippet text for `text` with the first placeholder alarm name selected (`${1:<your-alarm-name>}`). */
function withPlaceholderSelected(text: string): string | undefined {
  const at = text.indexOf(PLACEHOLDER_ALARM_NAME);
  if (at < 0) return undefined;
  const escape = (part: string): string => part.replace(/[$\\]/g, (c) => `\\${c}`);
  return `${escape(text.slice(0, at))}\${1:${escape(PLACEHOLDER_ALARM_NAME).replace(/\}/g, '\\}')}}${escape(text.slice(at + PLACEHOLDER_ALARM_NAME.length))}`;
}

function fixAction(source: CodeActionSource, fix: Fix, diagnostics: Diagnostic[]): CodeAction | undefined {
  const action: CodeAction = { title: fix.title, kind: CodeActionKind.QuickFix, diagnostics };
  if (fix.edits.length > 0) {
    const edits = toLspEdits(source, fix.edits);
    if (!edits) return undefined;
    action.edit = { changes: { [source.uri]: edits } };
    const snippet = source.snippetEdits && fix.edits.length === 1 ? editorSnippet(source.text, fix.edits[0]!) : undefined;
    if (snippet !== undefined) {
      // The name is the user's to write: the editor selects the placeholder once the fix is applied.
      const edit: SnippetTextEdit = { range: edits[0]!.range, snippet: { kind: 'snippet', value: snippet } };
      action.edit = { documentChanges: [{ textDocument: { uri: source.uri, version: null }, edits: [edit] }] };
    }
  }
  if (fix.command) action.command = fix.command;
  if (fix.isPreferred) action.isPreferred = true;
  return action.edit || action.command ? action : undefined;
}

/** The code actions for a range of a document (offsets in the analysed text). */
export function codeActionsFor(
  source: CodeActionSource,
  range: { start: number; end: number },
  only: readonly string[] | undefined,
  contextDiagnostics: readonly Diagnostic[] = [],
): CodeAction[] {
  const actions: CodeAction[] = [];
  const { text, kind, analysis } = source;
  if (wants(only, CodeActionKind.QuickFix, true)) {
    for (const finding of analysis.findings) {
      if (!overlaps(finding, range.start, range.end)) continue;
      if (finding.span.offset < source.shift || finding.span.offset > source.shift + source.ownLength) continue;
      const findingRange = { start: source.positionAt(finding.span.offset), end: source.positionAt(finding.span.offset + finding.span.length) };
      const diagnostics = contextDiagnostics.filter((d) => d.code === finding.code && sameRange(d.range, findingRange));
      for (const fix of safeQuickFixes(text, kind, analysis, finding, source.analyze)) {
        const action = fixAction(source, fix, diagnostics);
        if (action) actions.push(action);
      }
    }
  }
  // Fix all is offered only when asked for (on save, or the Source Action menu), like ESLint's.
  if (wants(only, FIX_ALL_KIND, false)) {
    const fixed = source.analyze ? fixAllRounds(text, kind, source.analyze).text : undefined;
    const edit = fixed !== undefined ? diffEdit(text, fixed) : undefined;
    const edits = source.analyze ? (edit ? [edit] : []) : fixAll(text, kind, analysis).filter((e) => e.offset >= source.shift && endOf(e) <= source.shift + source.ownLength);
    const lspEdits = edits.length ? toLspEdits(source, edits) : undefined;
    if (lspEdits) actions.push({ title: 'Fix all SageMaker deployment config problems', kind: FIX_ALL_KIND, edit: { changes: { [source.uri]: lspEdits } } });
  }
  if (wants(only, CodeActionKind.RefactorRewrite, true)) {
    for (const block of analysis.blocks) {
      if (block.fileReference || !blockContains(block, range.start)) continue;
      for (const target of conversionTargets(block)) {
        let conversion;
        try {
          conversion = convertBlock(text, block, target, source.fleetSize !== undefined ? { fleetSize: source.fleetSize } : {});
        } catch {
          continue; // A conversion that cannot be built is not offered.
        }
        if (!conversion || conversion.edits.length === 0 || !keepsDocumentWhole(text, kind, analysis, conversion.edits, source.analyze)) continue;
        const edits = toLspEdits(source, conversion.edits);
        if (edits) actions.push({ title: conversion.title, kind: CodeActionKind.RefactorRewrite, edit: { changes: { [source.uri]: edits } } });
      }
    }
  }
  return actions;
}
