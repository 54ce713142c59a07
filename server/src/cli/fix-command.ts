// `check --fix`: applies the preferred fix of every finding, in rounds, and rewrites the file.
// Also the shared way the CLI edits a file: plain files directly; notebooks through their code
// cells, with each edit mapped back into the .ipynb JSON strings it lands in.
import { extname } from 'node:path';
import { analyzeNotebook, checkBlocks, checkDocument, documentKindOf, finalizeFindings, type DocumentAnalysis, type DocumentKind, type SyntaxParsers } from '../core/check';
import { fixAll, fixAllRounds } from '../core/edits/fixes';
import { notebookCodeText } from '../core/edits/suppress';
import { applyEdits, endOf, type TextEdit } from '../core/edits/text-edit';
import { readIpynbCells } from '../core/hosts/notebook';
import { fileReader, type FileCheckSettings } from '../node/check-file';

/** A file as the core edits it: the text its offsets are in, and how edits of that text reach the file. */
export interface EditableFile {
  /** The analysed text: the file itself, or a notebook's code cells joined. */
  text: string;
  kind: DocumentKind;
  analysis: DocumentAnalysis;
  /** The file's new raw text after edits of `text`; undefined when an edit cannot be mapped. */
  apply: (edits: readonly TextEdit[]) => string | undefined;
  /** Checks another text of the file (plain files), as keepsDocumentWhole asks. */
  analyze?: (text: string) => DocumentAnalysis;
}

export function editableFile(path: string, raw: string, parsers: SyntaxParsers, settings: FileCheckSettings): EditableFile {
  const readFile = fileReader(path, settings);
  if (extname(path).toLowerCase() !== '.ipynb') {
    const kind = documentKindOf(path) ?? 'python';
    return {
      text: raw,
      kind,
      analysis: checkDocument(raw, kind, { parsers, readFile }, settings),
      apply: (edits) => applyEdits(raw, edits),
      analyze: (text) => checkDocument(text, kind, { parsers, readFile }, settings),
    };
  }
  const cells = readIpynbCells(raw);
  const notebook = analyzeNotebook(cells, { parsers, readFile });
  const findings = finalizeFindings([...notebook.findings, ...checkBlocks(notebook.blocks, settings)], settings);
  const text = notebookCodeText(cells);
  const cellAt = (offset: number): { cell: (typeof cells)[number]; inCell: number } | undefined => {
    let cellIndex = -1;
    notebook.cellStarts.forEach((start, index) => {
      if (start >= 0 && start <= offset) cellIndex = index;
    });
    const cell = cells[cellIndex];
    return cell ? { cell, inCell: offset - notebook.cellStarts[cellIndex]! } : undefined;
  };
  /** Where the character at a code-text offset is written in the .ipynb (at a cell's end: after its last one). */
  const rawStart = (offset: number): number | undefined => {
    const at = cellAt(offset);
    if (!at) return undefined;
    if (at.inCell < at.cell.sourceOffsets.length) return at.cell.sourceOffsets[at.inCell];
    const last = at.cell.sourceOffsets[at.cell.sourceOffsets.length - 1];
    return last === undefined ? undefined : rawEndAfter(raw, last);
  };
  /** Just after the raw text of the character before a code-text offset. */
  const rawEnd = (offset: number): number | undefined => {
    const at = cellAt(offset - 1);
    const previous = at?.cell.sourceOffsets[at.inCell];
    return previous === undefined ? undefined : rawEndAfter(raw, previous);
  };
  return {
    text,
    kind: 'python',
    analysis: { blocks: notebook.blocks, findings },
    apply: (edits) => {
      const rawEdits: TextEdit[] = [];
      for (const edit of edits) {
        const start = rawStart(edit.offset);
        const end = edit.length === 0 ? start : rawEnd(endOf(edit));
        if (start === undefined || end === undefined) return undefined;
        // Inside a JSON string: the new text is written escaped.
        rawEdits.push({ offset: start, length: end - start, newText: JSON.stringify(edit.newText).slice(1, -1) });
      }
      return applyEdits(raw, rawEdits);
    },
  };
}

/** The end (exclusive) of the raw JSON-string character that starts at `offset`. */
function rawEndAfter(raw: string, offset: number): number {
  if (raw[offset] !== '\\') return offset + 1;
  return raw[offset + 1] === 'u' ? offset + 6 : offset + 2;
}

export interface FixResult {
  text: string;
  /** Findings before and after. */
  before: number;
  after: number;
}

/** Fixes a file's text (rounds of fix all); the text is unchanged when nothing could be fixed. */
export function fixFileText(path: string, raw: string, parsers: SyntaxParsers, settings: FileCheckSettings): FixResult {
  const first = editableFile(path, raw, parsers, settings);
  if (extname(path).toLowerCase() !== '.ipynb') {
    const result = fixAllRounds(raw, first.kind, (text) => checkDocument(text, first.kind, { parsers, readFile: fileReader(path, settings) }, settings));
    return { text: result.text, before: result.before, after: result.after.findings.length };
  }
  // Notebooks: one round at a time on the code cells, each mapped into the JSON and re-read.
  let current = raw;
  let file = first;
  for (let round = 0; round < 5; round++) {
    const edits = fixAll(file.text, file.kind, file.analysis);
    if (edits.length === 0) break;
    let next: string | undefined;
    try {
      next = file.apply(edits);
    } catch {
      next = undefined;
    }
    if (next === undefined) break;
    const nextFile = editableFile(path, next, parsers, settings);
    if (nextFile.analysis.blocks.length < file.analysis.blocks.length) break;
    current = next;
    file = nextFile;
  }
  return { text: current, before: first.analysis.findings.length, after: file.analysis.findings.length };
}
