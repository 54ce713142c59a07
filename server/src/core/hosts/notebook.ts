// Jupyter notebooks: code cells are joined into one virtual Python document, so a config dict
// defined in one cell and passed to update_endpoint in another is found. IPython `!` shell lines
// and %%bash/%%sh cells are blanked out of the Python text and go to the CLI host instead.
import { parseTree, type Node as JsonNode } from 'jsonc-parser';

export interface NotebookCell {
  kind: 'code' | 'markdown';
  text: string;
}

export interface VirtualNotebook {
  /** Code cells joined by newlines; shell lines replaced by spaces. */
  pythonText: string;
  /** Same length and line layout as pythonText; only the shell commands are kept. */
  shellText: string;
  /** Start offset of each cell (by index in the cells given) in the virtual texts; -1 for markdown cells. */
  cellStarts: number[];
}

const SHELL_CELL = /^%%(bash|sh|script\s+(ba)?sh)\b/;
/** IPython expands `{expr}` (without `=` inside) in `!` lines: such values are not literals. */
const IPYTHON_EXPANSION = /\{[A-Za-z_][\w.()[\]'" ]*\}/;

/** The text with every character but newlines made a space: same length and line layout. */
function blankOut(text: string): string {
  // Line by line: a regex replacing each character costs a call per character.
  return text
    .split('\n')
    .map((line) => ' '.repeat(line.length))
    .join('\n');
}

/** A code cell's share of the two virtual texts (same length and line layout as the cell). */
interface CellTexts {
  python: string;
  shell: string;
}

/**
 * The texts of recent cells: an edit changes one cell, and the others are not read again.
 * Bounded; a notebook of thousands of cells only reads them all again.
 */
let cellTextsMemo = new Map<string, CellTexts>();
const MAX_MEMO_CELLS = 2000;

/** Forgets the remembered cells (the benchmark's first-check figure starts from none). */
export function clearNotebookCellMemo(): void {
  cellTextsMemo.clear();
}

/** Runs `check` as on cells never seen, and keeps the remembered ones again after (tests compare both). */
export function withoutNotebookCellMemo<T>(check: () => T): T {
  const kept = cellTextsMemo;
  cellTextsMemo = new Map();
  try {
    return check();
  } finally {
    cellTextsMemo = kept;
  }
}

function cellTextsOf(text: string): CellTexts {
  const known = cellTextsMemo.get(text);
  if (known) return known;
  const found = readCell(text);
  cellTextsMemo.set(text, found);
  if (cellTextsMemo.size > MAX_MEMO_CELLS) cellTextsMemo.delete(cellTextsMemo.keys().next().value!);
  return found;
}

function readCell(text: string): CellTexts {
  const wholeCellIsShell = SHELL_CELL.test(text);
  // Plain Python, the common case.
  if (!wholeCellIsShell && !/^\s*[!%]/m.test(text)) return { python: text, shell: blankOut(text) };
  const python: string[] = [];
  const shell: string[] = [];
  // IPython joins the lines of a `!` command that end with `\` (assemble_continued_line).
  let continued: 'shell' | 'magic' | undefined;
  text.split('\n').forEach((line, index) => {
    if (index > 0) {
      python.push('\n');
      shell.push('\n');
    }
    const blank = ' '.repeat(line.length);
    if (wholeCellIsShell) {
      python.push(blank);
      shell.push(index === 0 ? blank : line);
      return;
    }
    const magic = /^(\s*)([!%])/.exec(line);
    if (continued) {
      python.push(blank);
      shell.push(continued === 'shell' && !IPYTHON_EXPANSION.test(line) ? line : blank);
      if (!/\\\r?$/.test(line)) continued = undefined;
    } else if (magic) {
      python.push(blank);
      const isShell = magic[2] === '!' && !IPYTHON_EXPANSION.test(line);
      shell.push(isShell ? ' '.repeat(magic[0].length) + line.slice(magic[0].length) : blank);
      if (/\\\r?$/.test(line)) continued = isShell ? 'shell' : 'magic';
    } else {
      python.push(line);
      shell.push(blank);
    }
  });
  return { python: python.join(''), shell: shell.join('') };
}

export function buildVirtualNotebook(cells: readonly NotebookCell[]): VirtualNotebook {
  // Pieces are collected and joined once: a notebook of thousands of lines is rebuilt at every keystroke.
  const python: string[] = [];
  const shell: string[] = [];
  let length = 0;
  const cellStarts: number[] = [];
  for (const cell of cells) {
    if (cell.kind !== 'code') {
      cellStarts.push(-1);
      continue;
    }
    if (length > 0) {
      python.push('\n');
      shell.push('\n');
      length += 1;
    }
    cellStarts.push(length);
    length += cell.text.length;
    const texts = cellTextsOf(cell.text);
    python.push(texts.python);
    shell.push(texts.shell);
  }
  return { pythonText: python.join(''), shellText: shell.join(''), cellStarts };
}

/** A notebook cell read from .ipynb JSON, with the map from its characters to the file's offsets. */
export interface IpynbCell extends NotebookCell {
  /** sourceOffsets[i] is the offset in the .ipynb text of the cell's character i. */
  sourceOffsets: number[];
}

/** Decodes a JSON string literal at `start` (its opening quote), mapping each character to its raw offset. */
function decodeJsonString(raw: string, start: number, end: number, into: { text: string; offsets: number[] }): void {
  for (let i = start + 1; i < end - 1; i++) {
    if (raw[i] !== '\\') {
      into.text += raw[i];
      into.offsets.push(i);
      continue;
    }
    const next = raw[i + 1];
    const simple: Record<string, string> = { n: '\n', t: '\t', r: '\r', b: '\b', f: '\f', '"': '"', '\\': '\\', '/': '/' };
    if (next === 'u') {
      into.text += String.fromCharCode(parseInt(raw.slice(i + 2, i + 6), 16));
      into.offsets.push(i);
      i += 5;
    } else {
      into.text += simple[next ?? ''] ?? next ?? '';
      into.offsets.push(i);
      i += 1;
    }
  }
}

export function readIpynbCells(raw: string): IpynbCell[] {
  const root = parseTree(raw, [], { allowTrailingComma: true });
  const cellsNode = root?.type === 'object' ? memberOf(root, 'cells') : undefined;
  if (cellsNode?.type !== 'array') return [];
  const cells: IpynbCell[] = [];
  for (const cellNode of cellsNode.children ?? []) {
    const type = memberOf(cellNode, 'cell_type')?.value;
    const source = memberOf(cellNode, 'source');
    const decoded = { text: '', offsets: [] as number[] };
    const parts = source?.type === 'array' ? (source.children ?? []) : source ? [source] : [];
    for (const part of parts) {
      if (part.type === 'string') decodeJsonString(raw, part.offset, part.offset + part.length, decoded);
    }
    cells.push({ kind: type === 'code' ? 'code' : 'markdown', text: decoded.text, sourceOffsets: decoded.offsets });
  }
  return cells;
}

function memberOf(object: JsonNode, key: string): JsonNode | undefined {
  for (const property of object.children ?? []) {
    if (property.children?.[0]?.value === key) return property.children[1];
  }
  return undefined;
}
