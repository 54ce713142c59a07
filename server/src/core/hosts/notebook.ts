// Jupyter notebooks: code cells are joined into one virtual Python document, so a config dict
// defined in one cell and passed to update_endpoint in another is found. IPython `!` shell lines
// and %%bash/%%sh cells are blanked out of the Python text and go to the CLI host instead.
import { parseTree, type Node as JsonNode } from 'jsonc-parser';
import { compareTexts, matchEnd, partsReader, rememberEdit, ropeOf, type RangeReader } from '../text';

export interface NotebookCell {
  kind: 'code' | 'markdown';
  text: string;
}

export interface VirtualNotebook {
  /** Code cells joined by newlines; shell lines replaced by spaces. */
  pythonText: string;
  /** Whether a code cell holds the word of a suppression comment (`sm-guardrails`). */
  mayHoldSuppression: boolean;
  /**
   * Per cell (by index in the cells given): its shell commands, with the same length and line layout
   * as the cell and everything else blank; undefined for a cell without any (and markdown cells).
   * Kept per cell: most cells have none, and a joined text would be copied at every keystroke.
   */
  cellShells: (string | undefined)[];
  /** Start offset of each cell (by index in the cells given) in the virtual text; -1 for markdown cells. */
  cellStarts: number[];
}

const SHELL_CELL = /^%%(bash|sh|script\s+(ba)?sh)\b/;
/** IPython expands `{expr}` (without `=` inside) in `!` lines: such values are not literals. */
const IPYTHON_EXPANSION = /\{[A-Za-z_][\w.()[\]'" ]*\}/;

/** A code cell's Python text and shell commands (each the same length and line layout as the cell, the rest blank). */
interface CellTexts {
  python: string;
  /** undefined when the cell has no shell command. */
  shell: string | undefined;
  /** The cell holds `sm-guardrails` (a suppression comment may). */
  suppression: boolean;
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
  lastBuilt = undefined;
}

/** Runs `check` as on cells never seen, and keeps the remembered ones again after (tests compare both). */
export function withoutNotebookCellMemo<T>(check: () => T): T {
  const [kept, keptBuilt] = [cellTextsMemo, lastBuilt];
  cellTextsMemo = new Map();
  lastBuilt = undefined;
  try {
    return check();
  } finally {
    cellTextsMemo = kept;
    lastBuilt = keptBuilt;
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
  const suppression = text.includes('sm-guardrails');
  // Plain Python, the common case.
  if (!wholeCellIsShell && !/^\s*[!%]/m.test(text)) return { python: text, shell: undefined, suppression };
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
  const shellText = shell.join('');
  // Magics alone leave only blanks: no shell command.
  return { python: python.join(''), shell: /\S/.test(shellText) ? shellText : undefined, suppression };
}

/** The last notebook built, with its cells as given: the next one, typically one cell edited, is spliced from it. */
interface BuiltNotebook {
  notebook: VirtualNotebook;
  kinds: NotebookCell['kind'][];
  texts: string[];
  /** Per cell, its part of the Python text (undefined: markdown). */
  pythons: (string | undefined)[];
  /** How many code cells hold `sm-guardrails`. */
  suppressionCells: number;
  /** Reads the Python text from the cells' parts (spliced notebooks only: a joined text is flat). */
  read?: RangeReader;
  /** The cell the last splice replaced, with the text around it then (spliced notebooks only). */
  around?: AroundCell;
}

/**
 * The Python text around one code cell, as of a notebook built from all the cells' parts: the
 * next keystrokes in the same cell join only the two sides and the cell, not every cell's part.
 */
interface AroundCell {
  index: number;
  /** The text before the cell (its start's length) and after it, ropes of their parts. */
  before: string;
  after: string;
  /** Reads the text the sides were taken from (the cell's text then between them). */
  read: RangeReader;
  /** The cell's part's length in that text. */
  cellLength: number;
}

/** A reader of before + cell + after, reading the sides through the reader of the text they were taken from. */
function readAround(around: AroundCell, cell: string): RangeReader {
  const start = around.before.length;
  const end = start + cell.length;
  const delta = cell.length - around.cellLength;
  return (from, to) => {
    if (to <= start) return around.read(from, to);
    if (from >= start && to <= end) return cell.slice(from - start, to - start);
    if (from >= end) return around.read(from - delta, to - delta);
    let text = '';
    if (from < start) text += around.read(from, start);
    text += cell.slice(Math.max(0, from - start), Math.min(cell.length, to - start));
    if (to > end) text += around.read(Math.max(from, end) - delta, to - delta);
    return text;
  };
}
let lastBuilt: BuiltNotebook | undefined;

/**
 * The virtual Python text as a rope of the code cells' parts and the line breaks between them, with
 * a reader of those parts (core/text.ts, textInParts): any read of the string itself would flatten
 * it, copying the whole notebook at each keystroke; the check reads what it needs through the reader.
 * The text is joined from the text before code cell `index` and the text after it, each a balanced
 * rope of its parts, which the next keystrokes in that cell join again (AroundCell).
 */
function cellsText(cellStarts: readonly number[], pythons: readonly (string | undefined)[], index: number): { text: string; read: RangeReader; before: string; after: string } {
  const parts: string[] = [];
  const starts: number[] = [];
  let end = 0;
  let cellPart = -1;
  cellStarts.forEach((start, i) => {
    if (start < 0) return;
    // The line break joining it to the cell before (none after an empty text: see joinCells).
    if (start > end) {
      parts.push('\n');
      starts.push(end);
    }
    if (i === index) cellPart = parts.length;
    parts.push(pythons[i]!);
    starts.push(start);
    end = start + pythons[i]!.length;
  });
  const before = ropeOf(parts.slice(0, cellPart));
  const after = ropeOf(parts.slice(cellPart + 1));
  return { text: before + parts[cellPart]! + after, read: partsReader(parts, starts), before, after };
}

/** A copy for the caller: the kept notebook's arrays are never handed out. */
const copyOf = (notebook: VirtualNotebook): VirtualNotebook => ({ ...notebook, cellShells: [...notebook.cellShells], cellStarts: [...notebook.cellStarts] });

export function buildVirtualNotebook(cells: readonly NotebookCell[]): VirtualNotebook {
  const last = lastBuilt;
  if (last && last.texts.length === cells.length) {
    // A keystroke changes one cell; the others are the same strings (compared at once).
    let changed = -1;
    for (let i = 0; i < cells.length; i++) {
      const cell = cells[i]!;
      if (cell.kind !== last.kinds[i]) {
        changed = -2;
        break;
      }
      if (cell.text === last.texts[i]) continue;
      if (changed !== -1) {
        changed = -2;
        break;
      }
      changed = i;
    }
    if (changed === -1) return copyOf(last.notebook);
    // An empty cell adds no line break before the next (see joinCells): one that becomes empty, or
    // stops being empty, may change the layout after it, so the cells are joined again.
    if (changed >= 0 && cells[changed]!.kind === 'code' && cells[changed]!.text !== '' && last.texts[changed] !== '') {
      return copyOf((lastBuilt = spliceCell(last, changed, cells[changed]!.text)).notebook);
    }
  }
  lastBuilt = joinCells(cells);
  return copyOf(lastBuilt.notebook);
}

function joinCells(cells: readonly NotebookCell[]): BuiltNotebook {
  // Pieces are collected and joined once.
  const python: string[] = [];
  let length = 0;
  let suppressionCells = 0;
  const cellStarts: number[] = [];
  const cellShells: (string | undefined)[] = [];
  const pythons: (string | undefined)[] = [];
  for (const cell of cells) {
    if (cell.kind !== 'code') {
      cellStarts.push(-1);
      cellShells.push(undefined);
      pythons.push(undefined);
      continue;
    }
    if (length > 0) {
      python.push('\n');
      length += 1;
    }
    cellStarts.push(length);
    length += cell.text.length;
    const texts = cellTextsOf(cell.text);
    python.push(texts.python);
    pythons.push(texts.python);
    cellShells.push(texts.shell);
    if (texts.suppression) suppressionCells++;
  }
  const notebook = { pythonText: python.join(''), mayHoldSuppression: suppressionCells > 0, cellShells, cellStarts };
  return { notebook, kinds: cells.map((c) => c.kind), texts: cells.map((c) => c.text), pythons, suppressionCells };
}

/**
 * The last notebook with one code cell's text replaced: its Python text is the last one's with that
 * cell's part spliced in (not all cells joined again at each keystroke), and the edit is told
 * (rememberEdit), so the parser and the index compare nothing.
 */
function spliceCell(last: BuiltNotebook, index: number, text: string): BuiltNotebook {
  const before = last.notebook;
  const start = before.cellStarts[index]!;
  const oldPython = last.pythons[index]!;
  const oldRead = cellTextsOf(last.texts[index]!);
  const read = cellTextsOf(text);
  const python = read.python;
  const delta = python.length - oldPython.length;
  const cellStarts = before.cellStarts.map((cellStart, i) => (i > index && cellStart >= 0 ? cellStart + delta : cellStart));
  const pythons = [...last.pythons];
  pythons[index] = python;
  // A rope of the cells' parts, not slices of the last text: slicing a rope flattens it, which is
  // the copy of the whole notebook this avoids. The same cell as the last splice: its sides are
  // kept, and only they and the cell are joined.
  let around = last.around?.index === index ? last.around : undefined;
  let pythonText: string;
  let readPython: RangeReader;
  if (around) {
    pythonText = around.before + python + around.after;
    readPython = readAround(around, python);
  } else {
    const built = cellsText(cellStarts, pythons, index);
    ({ text: pythonText, read: readPython } = built);
    around = { index, before: built.before, after: built.after, read: readPython, cellLength: python.length };
  }
  const cellShells = [...before.cellShells];
  cellShells[index] = read.shell;
  // The edit inside the cell (compared, not found: findEdit would tell it as the last edit).
  const inCell = compareTexts(oldPython, python);
  rememberEdit(before.pythonText, pythonText, { start: start + inCell.start, oldEnd: start + inCell.oldEnd, newEnd: start + inCell.newEnd }, { ...(last.read ? { old: last.read } : {}), text: readPython });
  const suppressionCells = last.suppressionCells - (oldRead.suppression ? 1 : 0) + (read.suppression ? 1 : 0);
  const cellTexts = [...last.texts];
  cellTexts[index] = text;
  return { notebook: { pythonText, mayHoldSuppression: suppressionCells > 0, cellShells, cellStarts }, kinds: last.kinds, texts: cellTexts, pythons, suppressionCells, read: readPython, around };
}

/** A notebook cell read from .ipynb JSON, with the map from its characters to the file's offsets. */
export interface IpynbCell extends NotebookCell {
  /** sourceOffsets[i] is the offset in the .ipynb text of the cell's character i. */
  sourceOffsets: number[];
}

const SIMPLE_ESCAPES: Record<string, string> = { n: '\n', t: '\t', r: '\r', b: '\b', f: '\f', '"': '"', '\\': '\\', '/': '/' };

/**
 * Decodes a JSON string literal at `start` (its opening quote), mapping each character to its raw
 * offset. The text between escapes is added a run at a time (adding it a character at a time was
 * most of the time of reading a notebook).
 */
function decodeJsonString(raw: string, start: number, end: number, into: { text: string; offsets: number[] }): void {
  const last = end - 1;
  let run = start + 1;
  let i = run;
  while (i < last) {
    if (raw.charCodeAt(i) !== 0x5c) {
      into.offsets.push(i);
      i++;
      continue;
    }
    if (i > run) into.text += raw.slice(run, i);
    into.offsets.push(i);
    const next = raw[i + 1];
    if (next === 'u') {
      into.text += String.fromCharCode(parseInt(raw.slice(i + 2, i + 6), 16));
      i += 6;
    } else {
      into.text += SIMPLE_ESCAPES[next ?? ''] ?? next ?? '';
      i += 2;
    }
    run = i;
  }
  if (last > run) into.text += raw.slice(run, last);
}

/**
 * The cells of a notebook file. A file of plain JSON (every saved notebook) is read by a scanner
 * that keeps only the cells' types and sources (jsonc-parser built a node for every value of every
 * output: ~4x the time); anything else (comments, trailing commas, broken JSON) goes to
 * jsonc-parser's lenient parse, as before.
 */
export function readIpynbCells(raw: string): IpynbCell[] {
  return readPlainIpynbCells(raw) ?? readIpynbCellsLeniently(raw);
}

/** Whitespace as JSON has it (jsonc-parser takes more: such a text goes to it). */
function skipSpace(raw: string, i: number): number {
  for (;;) {
    const c = raw.charCodeAt(i);
    if (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) i++;
    else return i;
  }
}

const JSON_STRING = /"[^"\\\u0000-\u001f]*(?:\\(?:["\\/bfnrt]|u[0-9a-fA-F]{4})[^"\\\u0000-\u001f]*)*"/y;
const JSON_SCALAR = /-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?|true|false|null/y;

/** A key at i (after whitespace) and its colon: [decoded key, the offset after the colon], or undefined. */
function memberKey(raw: string, i: number): [string, number] | undefined {
  const end = matchEnd(JSON_STRING, raw, i);
  if (end < 0) return undefined;
  const colon = skipSpace(raw, end);
  if (raw.charCodeAt(colon) !== 0x3a) return undefined;
  const literal = raw.slice(i, end);
  return [literal.includes('\\') ? (JSON.parse(literal) as string) : literal.slice(1, -1), colon + 1];
}

const MAX_PLAIN_DEPTH = 64;

/** The end of the plain JSON value at i (after whitespace), or -1; nested containers without recursion. */
function skipValue(raw: string, start: number): number {
  const closers: number[] = [];
  let i = start;
  for (;;) {
    i = skipSpace(raw, i);
    const c = raw.charCodeAt(i);
    if (c === 0x7b || c === 0x5b) {
      const closer = c === 0x7b ? 0x7d : 0x5d;
      i = skipSpace(raw, i + 1);
      if (raw.charCodeAt(i) !== closer) {
        // Deeper than any notebook: the lenient parser's answer (it may find it too deep to read).
        if (closers.length === MAX_PLAIN_DEPTH) return -1;
        closers.push(closer);
        if (closer === 0x7d) {
          const key = memberKey(raw, i);
          if (!key) return -1;
          i = key[1];
        }
        continue;
      }
      i++;
    } else {
      i = matchEnd(c === 0x22 ? JSON_STRING : JSON_SCALAR, raw, i);
      if (i < 0) return -1;
    }
    // After a value: close what ends here, or go on after a comma.
    for (;;) {
      if (closers.length === 0) return i;
      i = skipSpace(raw, i);
      const c = raw.charCodeAt(i);
      const closer = closers[closers.length - 1]!;
      if (c === 0x2c) {
        i = skipSpace(raw, i + 1);
        if (closer === 0x7d) {
          const key = memberKey(raw, i);
          if (!key) return -1;
          i = key[1];
        }
        break;
      }
      if (c !== closer) return -1;
      closers.pop();
      i++;
    }
  }
}

/**
 * Calls `member` for each member of the plain JSON object at i (after whitespace) with the offset of
 * its value; `member` returns the end of the value or -1. The end of the object, or -1.
 */
function scanObject(raw: string, i: number, member: (key: string, at: number) => number): number {
  i = skipSpace(raw, i);
  if (raw.charCodeAt(i) !== 0x7b) return -1;
  i = skipSpace(raw, i + 1);
  if (raw.charCodeAt(i) === 0x7d) return i + 1;
  for (;;) {
    const key = memberKey(raw, i);
    if (!key) return -1;
    i = member(key[0], skipSpace(raw, key[1]));
    if (i < 0) return -1;
    i = skipSpace(raw, i);
    const c = raw.charCodeAt(i);
    if (c === 0x7d) return i + 1;
    if (c !== 0x2c) return -1;
    i = skipSpace(raw, i + 1);
  }
}

/** Calls `element` for each element of the plain JSON array at i (after whitespace), as scanObject does. */
function scanArray(raw: string, i: number, element: (at: number) => number): number {
  i = skipSpace(raw, i);
  if (raw.charCodeAt(i) !== 0x5b) return -1;
  i = skipSpace(raw, i + 1);
  if (raw.charCodeAt(i) === 0x5d) return i + 1;
  for (;;) {
    i = element(skipSpace(raw, i));
    if (i < 0) return -1;
    i = skipSpace(raw, i);
    const c = raw.charCodeAt(i);
    if (c === 0x5d) return i + 1;
    if (c !== 0x2c) return -1;
    i = skipSpace(raw, i + 1);
  }
}

/**
 * readIpynbCellsLeniently's cells for a text of plain JSON whose root is an object and whose cells
 * are objects; undefined for any other text. As there, the first member of a name counts.
 */
export function readPlainIpynbCells(raw: string): IpynbCell[] | undefined {
  let cells: IpynbCell[] | undefined;
  let cellsSeen = false;
  const readCell = (at: number): number => {
    let type: string | undefined;
    let typeSeen = false;
    let sourceSeen = false;
    const parts: [start: number, end: number][] = [];
    const end = scanObject(raw, at, (key, valueAt) => {
      if (key === 'cell_type' && !typeSeen) {
        typeSeen = true;
        if (raw.charCodeAt(valueAt) === 0x22) {
          const stringEnd = matchEnd(JSON_STRING, raw, valueAt);
          if (stringEnd >= 0) type = JSON.parse(raw.slice(valueAt, stringEnd)) as string;
          return stringEnd;
        }
      } else if (key === 'source' && !sourceSeen) {
        sourceSeen = true;
        const c = raw.charCodeAt(valueAt);
        if (c === 0x22) {
          const stringEnd = matchEnd(JSON_STRING, raw, valueAt);
          if (stringEnd >= 0) parts.push([valueAt, stringEnd]);
          return stringEnd;
        }
        if (c === 0x5b) {
          return scanArray(raw, valueAt, (partAt) => {
            if (raw.charCodeAt(partAt) !== 0x22) return skipValue(raw, partAt);
            const stringEnd = matchEnd(JSON_STRING, raw, partAt);
            if (stringEnd >= 0) parts.push([partAt, stringEnd]);
            return stringEnd;
          });
        }
      }
      return skipValue(raw, valueAt);
    });
    if (end >= 0) {
      const decoded = { text: '', offsets: [] as number[] };
      for (const [start, stringEnd] of parts) decodeJsonString(raw, start, stringEnd, decoded);
      cells!.push({ kind: type === 'code' ? 'code' : 'markdown', text: decoded.text, sourceOffsets: decoded.offsets });
    }
    return end;
  };
  const end = scanObject(raw, 0, (key, valueAt) => {
    if (key !== 'cells' || cellsSeen) return skipValue(raw, valueAt);
    cellsSeen = true;
    if (raw.charCodeAt(valueAt) !== 0x5b) return skipValue(raw, valueAt);
    cells = [];
    // A cell that is not an object: the lenient reader's answer, whatever it is.
    return scanArray(raw, valueAt, (cellAt) => (raw.charCodeAt(cellAt) === 0x7b ? readCell(cellAt) : -1));
  });
  if (end < 0 || skipSpace(raw, end) !== raw.length) return undefined;
  return cells ?? [];
}

/** The cells as jsonc-parser's lenient parse gives them (comments, trailing commas, broken JSON). */
export function readIpynbCellsLeniently(raw: string): IpynbCell[] {
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
