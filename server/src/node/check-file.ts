// Checks files on disk (CLI, bench): reads them, resolves file:// references relative to each
// file, maps notebook cells back to offsets in the .ipynb text.
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { extname, join } from 'node:path';
import { analyzeNotebook, checkBlocks, checkDocument, documentKindOf, finalizeFindings, type CheckSettings, type DocumentAnalysis, type FileReadResult, type SyntaxParsers } from '../core/check';
import { readIpynbCells } from '../core/hosts/notebook';
import type { Finding } from '../core/model';
import { fileReferenceReader, type FileReferencePolicy } from './file-reference';

import { CHECKED_EXTENSIONS, SKIPPED_FOLDERS } from './checked-files';

export { CHECKED_EXTENSIONS, SKIPPED_FOLDERS };

/** Expands folders into the files we check, sorted; plain file arguments are kept whatever their extension. */
export function collectFiles(paths: readonly string[]): string[] {
  const files: string[] = [];
  const walk = (folder: string): void => {
    for (const name of readdirSync(folder).sort()) {
      if (SKIPPED_FOLDERS.has(name)) continue;
      const full = join(folder, name);
      const stats = statSync(full);
      if (stats.isDirectory()) walk(full);
      else if (CHECKED_EXTENSIONS.includes(extname(name).toLowerCase())) files.push(full);
    }
  };
  for (const path of paths) {
    if (statSync(path).isDirectory()) walk(path);
    else files.push(path);
  }
  return files;
}

/** Settings of a check on disk: the core's, and which files `file://` references may read. */
export interface FileCheckSettings extends CheckSettings {
  /** Absent: the current folder and below. */
  fileReferences?: FileReferencePolicy;
}

/** Which files `file://` references may read under these settings (absent: the current folder and below). */
export function fileReferencePolicyOf(settings: FileCheckSettings): FileReferencePolicy {
  return settings.fileReferences ?? { roots: [process.cwd()], allowOutside: false };
}

export function fileReader(documentPath: string, settings: FileCheckSettings = {}): (path: string) => FileReadResult | undefined {
  return fileReferenceReader(documentPath, fileReferencePolicyOf(settings));
}

export interface FileResult extends DocumentAnalysis {
  path: string;
  text: string;
  /** Notebooks: block offsets are in this virtual text of the code cells, which start at cellStarts (-1: not code). */
  notebook?: { virtualText: string; cellStarts: number[] };
}

export function checkText(path: string, text: string, parsers: SyntaxParsers, settings: FileCheckSettings): FileResult {
  const readFile = fileReader(path, settings);
  if (extname(path).toLowerCase() === '.ipynb') {
    const cells = readIpynbCells(text);
    // No tree is kept between checks: the core parses only the statements it reads, or, when a
    // cell may leak into the next, the whole text once for both the leak test and the extraction.
    const notebook = analyzeNotebook(cells, { parsers, readFile });
    const findings = finalizeFindings([...notebook.findings, ...checkBlocks(notebook.blocks, settings)], settings);
    // Virtual offsets -> the cell -> the character's offset in the .ipynb JSON text.
    const toRaw = (offset: number): number => {
      let cellIndex = -1;
      notebook.cellStarts.forEach((start, index) => {
        if (start >= 0 && start <= offset) cellIndex = index;
      });
      const cell = cells[cellIndex];
      if (!cell) return 0;
      const inCell = offset - notebook.cellStarts[cellIndex]!;
      if (inCell < cell.sourceOffsets.length) return cell.sourceOffsets[inCell]!;
      return (cell.sourceOffsets[cell.sourceOffsets.length - 1] ?? 0) + 1;
    };
    const mapped: Finding[] = findings.map((f) => {
      const start = toRaw(f.span.offset);
      const end = f.span.length > 0 ? toRaw(f.span.offset + f.span.length - 1) + 1 : start;
      return { ...f, span: { offset: start, length: end - start } };
    });
    return { path, text, blocks: notebook.blocks, findings: mapped, notebook: { virtualText: notebook.virtualText, cellStarts: notebook.cellStarts } };
  }
  const kind = documentKindOf(path) ?? 'python';
  return { path, text, ...checkDocument(text, kind, { parsers, readFile }, settings) };
}

export function checkFile(path: string, parsers: SyntaxParsers, settings: FileCheckSettings): FileResult {
  return checkText(path, readFileSync(path, 'utf8'), parsers, settings);
}
