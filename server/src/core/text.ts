// Offsets <-> line/character positions (0-based, UTF-16), computed once per text.

export interface Position {
  line: number;
  character: number;
}

/** The index of the last element of `sorted` (ascending) that is at or before `value`; 0 when none is. */
export function lastAtOrBefore(sorted: readonly number[], value: number): number {
  let low = 0;
  let high = sorted.length - 1;
  while (low < high) {
    const middle = (low + high + 1) >> 1;
    if (sorted[middle]! <= value) low = middle;
    else high = middle - 1;
  }
  return low;
}

export class LineIndex {
  private readonly lineStarts: number[];

  constructor(readonly text: string) {
    const starts = [0];
    // Without \r, lines are found by native search (a re-check builds one index per document).
    if (!text.includes('\r')) {
      for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
      this.lineStarts = starts;
      return;
    }
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === 10) starts.push(i + 1);
      else if (c === 13) {
        if (text.charCodeAt(i + 1) === 10) i++;
        starts.push(i + 1);
      }
    }
    this.lineStarts = starts;
  }

  positionAt(offset: number): Position {
    const clamped = Math.max(0, Math.min(offset, this.text.length));
    const line = lastAtOrBefore(this.lineStarts, clamped);
    return { line, character: clamped - this.lineStarts[line]! };
  }

  offsetAt(position: Position): number {
    if (position.line >= this.lineStarts.length) return this.text.length;
    const start = this.lineStarts[Math.max(0, position.line)]!;
    return Math.min(start + position.character, this.text.length);
  }

  get lineCount(): number {
    return this.lineStarts.length;
  }
}

/**
 * Where a match of a sticky pattern at `from` ends, or -1: no match, or the engine gave up (a
 * repetition over millions of characters overflows irregexp's backtrack stack: a RangeError).
 */
export function matchEnd(pattern: RegExp, text: string, from: number): number {
  pattern.lastIndex = from;
  try {
    return pattern.test(text) ? pattern.lastIndex : -1;
  } catch {
    return -1;
  }
}

const isHighSurrogate = (code: number): boolean => code >= 0xd800 && code <= 0xdbff;
const isLowSurrogate = (code: number): boolean => code >= 0xdc00 && code <= 0xdfff;

/** Whether an offset falls between the two halves of a surrogate pair (inside one code point). */
export function splitsSurrogatePair(text: string, offset: number): boolean {
  return offset > 0 && offset < text.length && isHighSurrogate(text.charCodeAt(offset - 1)) && isLowSurrogate(text.charCodeAt(offset));
}

/** The span widened to whole code points: a range never holds half of an emoji. */
export function alignToCodePoints<T extends { offset: number; length: number }>(text: string, span: T): T {
  let start = span.offset;
  let end = span.offset + span.length;
  if (splitsSurrogatePair(text, start)) start--;
  if (splitsSurrogatePair(text, end)) end++;
  return start === span.offset && end === span.offset + span.length ? span : { ...span, offset: start, length: end - start };
}

const CHUNK = 512;
const LARGE_CHUNK = 32 * 1024;

/**
 * The one changed range between two texts: the common prefix and suffix, compared natively in
 * 32 K then 512-character chunks (a keystroke in a large file would otherwise cost a JavaScript loop
 * over every character, or thousands of small comparisons), then character by character at the edge.
 */
export function findEdit(old: string, text: string): ChangedRange {
  // One check asks for the same edit several times (the parser, the text index, the roots found).
  const known = rememberedEdit(old, text);
  if (known) return known;
  const edit = compareTexts(old, text);
  lastEdit = { old, text, edit };
  return edit;
}

/** old[start, oldEnd) became text[start, newEnd). (Not edits/text-edit.ts's TextEdit, a replacement to apply.) */
export interface ChangedRange {
  start: number;
  oldEnd: number;
  newEnd: number;
}

/** A span of text, end exclusive. */
export interface TextSpan {
  start: number;
  end: number;
}

/** The last edit found or told, with its texts (kept until the next: two texts of one document). */
let lastEdit: { old: string; text: string; edit: ChangedRange } | undefined;

/**
 * Tells `findEdit` (and `sameText`) the edit between two texts, which the caller knows (the
 * language server, from the editor's change events): they then compare nothing. Comparing two
 * texts costs time that grows with them (about 1 ms per MB), for an edit far from any config
 * that should not. `edit` may cover more than what changed, never less.
 */
export function rememberEdit(old: string, text: string, edit: ChangedRange): void {
  lastEdit = { old, text, edit };
}

/**
 * The edit told or found last between `old` and `text`, without comparing them; undefined when
 * there is none. (The same string objects compare at once; others compare their text.)
 */
function rememberedEdit(old: string, text: string): ChangedRange | undefined {
  return lastEdit && lastEdit.old.length === old.length && lastEdit.text.length === text.length && lastEdit.old === old && lastEdit.text === text ? lastEdit.edit : undefined;
}

/** Whether two texts are the same, from the edit told or found between them when there is one. */
export function sameText(a: string, b: string): boolean {
  const edit = rememberedEdit(a, b);
  return edit ? edit.start === edit.oldEnd && edit.start === edit.newEnd && a.length === b.length : a === b;
}

/**
 * `edit` (old -> current text, or none yet) followed by the replacement of current[start, end) by
 * `insertedLength` characters: one range of the old text that became one range of the newest.
 */
export function composeEdit(edit: ChangedRange | undefined, start: number, end: number, insertedLength: number): ChangedRange {
  if (!edit) return { start, oldEnd: end, newEnd: start + insertedLength };
  // Both ranges, in the current text; what lies between them is kept in the union (unchanged).
  const from = Math.min(edit.start, start);
  const to = Math.max(edit.newEnd, end);
  return { start: from, oldEnd: edit.oldEnd + (to - edit.newEnd), newEnd: to + insertedLength - (end - start) };
}

function compareTexts(old: string, text: string): ChangedRange {
  const shorter = Math.min(old.length, text.length);
  let start = 0;
  // Large chunks first: each comparison has a fixed cost, and a large file has thousands of small ones.
  for (const size of [LARGE_CHUNK, CHUNK]) {
    while (start + size <= shorter && old.slice(start, start + size) === text.slice(start, start + size)) start += size;
  }
  while (start < shorter && old.charCodeAt(start) === text.charCodeAt(start)) start++;
  let oldEnd = old.length;
  let newEnd = text.length;
  for (const size of [LARGE_CHUNK, CHUNK]) {
    while (oldEnd - size >= start && newEnd - size >= start && old.slice(oldEnd - size, oldEnd) === text.slice(newEnd - size, newEnd)) {
      oldEnd -= size;
      newEnd -= size;
    }
  }
  while (oldEnd > start && newEnd > start && old.charCodeAt(oldEnd - 1) === text.charCodeAt(newEnd - 1)) {
    oldEnd--;
    newEnd--;
  }
  return { start, oldEnd, newEnd };
}
