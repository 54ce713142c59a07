// Where a Python text's top-level statements start, found by a lexical scan (strings, comments,
// brackets, line continuations), so the Python hosts can hand tree-sitter only the statements that
// hold their words (tree-sitter's included ranges): a config file of a few hundred lines is mostly
// code no config reads, and a full parse is most of the cost of checking it.
//
// The scan only decides where statements start; tree-sitter still parses every statement it is
// given. When the scan cannot vouch for the text (it ends inside a string or bracket, a bracket is
// closed that was never opened, a lone \r ends a line), it gives up and the caller parses the whole
// text.

import { lastAtOrBefore, type TextSpan } from '../text';

/** Lines at column 0 that continue the compound statement before them. */
const CLAUSE_CONTINUATION = /(?:else|elif|except|finally)(?![\w])/y;
const SCAN_STOP = /["'#\\\n()[\]{}]/g;

/** Offsets where top-level statements start, ascending; the first is always 0. */
export function topLevelStatementStarts(text: string): number[] | undefined {
  return scanStatements(text, [])?.starts;
}

/**
 * The statement starts, when each of `boundaries` (line starts, ascending: a notebook's cells)
 * also separates statements: nothing before it (a bracket, a string, a line continuation, a
 * compound statement whose body follows indented) runs past it. Otherwise undefined.
 */
export function statementsSeparatedAt(text: string, boundaries: readonly number[]): number[] | undefined {
  const starts = scanStatements(text, boundaries)?.starts;
  if (!starts) return undefined;
  let k = 0;
  for (let b = 0; b < boundaries.length; b++) {
    const boundary = boundaries[b]!;
    while (k < starts.length && starts[k]! < boundary) k++;
    const next = Math.min(starts[k] ?? text.length, boundaries[b + 1] ?? text.length);
    // Only blank and comment lines may come before the boundary's first statement.
    if (!/^(?:[ \t\f\r]*(?:#[^\n]*)?\n)*[ \t\f\r]*(?:#[^\n]*)?$/.test(text.slice(boundary, next))) return undefined;
  }
  return starts;
}

function scanStatements(text: string, boundaries: readonly number[]): { starts: number[] } | undefined {
  if (text.includes('\r') && /\r(?!\n)/.test(text)) return undefined;
  const starts = [0];
  let depth = 0;
  let i = 0;
  // The boundaries not yet passed: each must be reached as a line start outside any bracket.
  let boundary = 0;
  while (boundaries[boundary] === 0) boundary++;
  for (;;) {
    SCAN_STOP.lastIndex = i;
    // test, not exec: no match object per stop (tens of thousands in a large file; most of a cold scan's time).
    if (!SCAN_STOP.test(text)) break;
    const at = SCAN_STOP.lastIndex - 1;
    switch (text.charCodeAt(at)) {
      case 10 /* \n */: {
        i = at + 1;
        if (boundary < boundaries.length && boundaries[boundary]! <= i) {
          if (boundaries[boundary] !== i || depth !== 0) return undefined;
          boundary++;
        }
        if (depth === 0 && i < text.length && startsStatement(text, i)) starts.push(i);
        break;
      }
      case 35 /* # */: {
        const end = text.indexOf('\n', at);
        i = end === -1 ? text.length : end;
        break;
      }
      case 92 /* \ */: {
        // A line continuation (or a stray backslash): the next character is never a line end.
        i = at + 2;
        if (text.charCodeAt(at + 1) === 13) i++;
        if (boundary < boundaries.length && boundaries[boundary]! <= i) return undefined;
        break;
      }
      case 34 /* " */:
      case 39 /* ' */: {
        const end = stringEnd(text, at);
        if (end === undefined) return undefined;
        i = end;
        if (boundary < boundaries.length && boundaries[boundary]! < i) return undefined;
        break;
      }
      case 40 /* ( */:
      case 91 /* [ */:
      case 123 /* { */:
        depth++;
        i = at + 1;
        break;
      default:
        if (--depth < 0) return undefined;
        i = at + 1;
    }
  }
  return depth === 0 && boundary === boundaries.length ? { starts } : undefined;
}

function startsStatement(text: string, lineStart: number): boolean {
  const c = text.charCodeAt(lineStart);
  // Blank lines, indented lines and comments belong to the statement before them.
  if (c === 32 || c === 9 || c === 12 || c === 10 || c === 13 || c === 35) return false;
  CLAUSE_CONTINUATION.lastIndex = lineStart;
  return !CLAUSE_CONTINUATION.test(text);
}

// What ends or escapes inside each kind of string: found natively, one stop at a time.
const STRING_STOPS: Record<string, RegExp> = {
  '"': /["\\\n]/g,
  "'": /['\\\n]/g,
  '"""': /["\\]/g,
  "'''": /['\\]/g,
};

/** The offset after the string literal whose opening quote is at `open`; undefined when it never ends. */
function stringEnd(text: string, open: number): number | undefined {
  const quote = text[open]!;
  const triple = text.startsWith(quote.repeat(3), open);
  const stops = STRING_STOPS[triple ? quote.repeat(3) : quote]!;
  stops.lastIndex = open + (triple ? 3 : 1);
  for (;;) {
    // Each stop is one character: where it is, without a match object.
    if (!stops.test(text)) return undefined;
    const at = stops.lastIndex - 1;
    const stop = text.charCodeAt(at);
    // A one-line string that reaches the line's end is broken: the caller parses the whole text.
    if (stop === 10 /* \n */) return undefined;
    if (stop === 92 /* \ */) {
      // Even in a raw string a backslash keeps the next character (a quote, a line end) in the string.
      stops.lastIndex = at + (text.startsWith('\r\n', at + 1) ? 3 : 2);
      continue;
    }
    if (!triple) return at + 1;
    if (text.startsWith(quote.repeat(3), at)) return at + 3;
  }
}

export interface IncludedRange {
  startIndex: number;
  endIndex: number;
  startPosition: { row: number; column: number };
  endPosition: { row: number; column: number };
}

/**
 * What part of the text a tree the Python extractors are given holds as the text says: they ask
 * `covers` before reading the tree at an offset; a question about any other part is recorded (a
 * miss), and the caller parses again with it and discards what was extracted.
 */
export interface TreeCoverage {
  covers(start: number, end: number): boolean;
  readonly hasMisses: boolean;
  /** Whether the tree is of the whole text (only parts of it stale), not of some statements alone. */
  readonly holdsWholeText: boolean;
}

/**
 * A kept tree whose edits in some top-level statements were deferred (incremental.ts): it holds
 * the whole text but those statements.
 */
export class StaleStatements implements TreeCoverage {
  private missed = false;
  readonly holdsWholeText = true;

  constructor(private readonly spans: readonly TextSpan[]) {}

  covers(start: number, end: number): boolean {
    const end1 = Math.max(start + 1, end);
    for (const span of this.spans) {
      if (start < span.end && span.start < end1) {
        this.missed = true;
        return false;
      }
    }
    return true;
  }

  get hasMisses(): boolean {
    return this.missed;
  }
}

/**
 * The statements a check reads: those holding its words at first, then every statement the
 * extraction asked about (a name's assignment, say). The Python extractors ask through `covers`;
 * a question outside the included statements is recorded, and the caller parses again with them.
 */
export class StatementSelection implements TreeCoverage {
  readonly holdsWholeText = false;
  /** Indexes into `starts` of the statements included. */
  private readonly included = new Set<number>();
  private missed: number[] = [];

  constructor(
    private readonly text: string,
    private readonly starts: readonly number[],
  ) {}

  /** The index of the statement holding `offset`. */
  private statementAt(offset: number): number {
    return lastAtOrBefore(this.starts, offset);
  }

  include(offset: number): void {
    const statement = this.statementAt(offset);
    this.included.add(statement);
    // A decorator is parsed with what it decorates, and that with its decorators.
    for (let k = statement; k + 1 < this.starts.length && this.text.charCodeAt(this.starts[k]!) === 64 /* @ */; ) this.included.add(++k);
    for (let k = statement; k > 0 && this.text.charCodeAt(this.starts[k - 1]!) === 64; ) this.included.add(--k);
  }

  /** Whether [start, end) lies in the included statements; when not, the statement is asked for. */
  covers(start: number, end: number): boolean {
    const first = this.statementAt(start);
    const last = this.statementAt(Math.max(start, end - 1));
    let covered = true;
    for (let k = first; k <= last; k++) if (!this.included.has(k)) covered = false;
    if (!covered) this.missed.push(start, Math.max(start, end - 1));
    return covered;
  }

  get hasMisses(): boolean {
    return this.missed.length > 0;
  }

  /** Includes what was asked for since the last call; whether anything was. */
  includeMisses(): boolean {
    const missed = this.missed;
    this.missed = [];
    for (const offset of missed) this.include(offset);
    return missed.length > 0;
  }

  get isEmpty(): boolean {
    return this.included.size === 0;
  }

  /** The included statements as tree-sitter ranges, adjacent ones joined. */
  ranges(): IncludedRange[] {
    const sorted = [...this.included].sort((a, b) => a - b);
    const spans: [number, number][] = [];
    for (const k of sorted) {
      const start = this.starts[k]!;
      const end = k + 1 < this.starts.length ? this.starts[k + 1]! : this.text.length;
      const last = spans[spans.length - 1];
      if (last && last[1] === start) last[1] = end;
      else spans.push([start, end]);
    }
    // Rows by counting line ends once, from range to range.
    let row = 0;
    let lineStart = 0;
    let scanned = 0;
    const pointAt = (offset: number) => {
      for (let i = this.text.indexOf('\n', scanned); i !== -1 && i < offset; i = this.text.indexOf('\n', i + 1)) {
        row++;
        lineStart = i + 1;
      }
      scanned = Math.max(scanned, Math.min(offset, this.text.length));
      return { row, column: offset - lineStart };
    };
    return spans.map(([startIndex, endIndex]) => ({ startIndex, endIndex, startPosition: pointAt(startIndex), endPosition: pointAt(endIndex) }));
  }
}
