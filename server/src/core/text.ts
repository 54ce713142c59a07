// Offsets <-> line/character positions (0-based, UTF-16), computed once per text; the one changed
// range between two texts (found, or told by the server); and reads of a told text from its parts
// (the server's text is a rope of its chunks, which any read of the string itself copies whole).

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
  if (offset <= 0 || offset >= text.length) return false;
  const pair = readText(text, offset - 1, offset + 1);
  return isHighSurrogate(pair.charCodeAt(0)) && isLowSurrogate(pair.charCodeAt(1));
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
  const known = knownEdit(old, text);
  if (known) return known;
  const edit = compareTexts(old, text);
  setLastEdit(old, text, edit);
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
let lastEdit: { old: string; text: string; edit: ChangedRange; readOld?: RangeReader; readText?: RangeReader; generation: number; oldGeneration: number | undefined } | undefined;
/** Counts the texts told or compared (firstMatchAt remembers a text's matches by it: strings have no identity). */
let generations = 0;

function setLastEdit(old: string, text: string, edit: ChangedRange, readers: { old?: RangeReader; text?: RangeReader } = {}): void {
  // The old text is the previous one's new text when it is the same string (the same object compares at once).
  const previous = lastEdit;
  const oldGeneration = readers.text && previous?.readText && previous.text.length === old.length && previous.text === old ? previous.generation : undefined;
  lastEdit = { old, text, edit, ...(readers.old ? { readOld: readers.old } : {}), ...(readers.text ? { readText: readers.text } : {}), generation: ++generations, oldGeneration };
}

/**
 * Reads [start, end) of a text held in parts. The server's text is a rope of its chunks (a V8
 * cons string): any read of the string itself flattens it, copying the whole text (about 1 ms per
 * MB) on every keystroke; this reads only the parts that hold the range.
 */
export type RangeReader = (start: number, end: number) => string;

/**
 * A text made of parts that follow one another (part i starts at starts[i]; a part may be empty),
 * as one string without copying them, and a reader of its ranges that reads only the parts that
 * hold each. V8 joins strings of 13 characters or more into a rope (a cons string), copied into
 * one flat string only when first read; the rope is balanced, so it is shallow. The server's
 * document chunks and a notebook's cells are held so: an edit then copies neither.
 */
export function textInParts(parts: readonly string[], starts: readonly number[]): { text: string; read: RangeReader } {
  return { text: ropeOf(parts), read: partsReader(parts, starts) };
}

/** The parts joined as a balanced rope (see textInParts). */
export function ropeOf(parts: readonly string[]): string {
  let level = parts.slice();
  while (level.length > 1) {
    const next: string[] = [];
    for (let i = 0; i < level.length; i += 2) next.push(i + 1 < level.length ? level[i]! + level[i + 1]! : level[i]!);
    level = next;
  }
  return level[0] ?? '';
}

/** A reader of the text made of `parts` (see textInParts) that reads only the parts that hold each range. */
export function partsReader(parts: readonly string[], starts: readonly number[]): RangeReader {
  // Reads come in runs near each other: the part of the last one first.
  let near = 0;
  return (start, end) => {
    if (parts.length === 0) return '';
    let i = start >= starts[near]! && start < starts[near]! + parts[near]!.length ? near : lastAtOrBefore(starts, start);
    near = i;
    // One part holds most ranges: a slice of it (V8 slices without copying).
    if (end <= starts[i]! + parts[i]!.length) return parts[i]!.slice(start - starts[i]!, end - starts[i]!);
    let text = '';
    for (; i < parts.length && starts[i]! < end; i++) text += parts[i]!.slice(Math.max(0, start - starts[i]!), end - starts[i]!);
    return text;
  };
}

/**
 * Which text of the last edit a read is of. Strings have no identity in JavaScript: `===` on two
 * different strings of one length compares them, reading (and flattening) both, and an edit that
 * keeps the length makes two such texts. So a read names the text it expects, and only that one is
 * compared (the same string object compares at once).
 */
export type EditSide = 'new' | 'old';

/** The reader told with the last edit for `text`, if it is that edit's `side` text. */
function readerOf(text: string, side: EditSide): RangeReader | undefined {
  const edit = lastEdit;
  if (!edit) return undefined;
  const [known, read] = side === 'new' ? [edit.text, edit.readText] : [edit.old, edit.readOld];
  return read && known.length === text.length && known === text ? read : undefined;
}

/** text[start, end), read from its parts when the caller told them (rememberEdit): the text is not flattened. */
export function readText(text: string, start: number, end: number, side: EditSide = 'new'): string {
  const read = readerOf(text, side);
  if (!read) return text.slice(start, end);
  start = Math.max(0, Math.min(start, text.length));
  end = Math.max(start, Math.min(end, text.length));
  return read(start, end);
}

/** text[offset] ('' outside the text), read as readText does. */
export function charIn(text: string, offset: number, side: EditSide = 'new'): string {
  return offset < 0 || offset >= text.length ? '' : readText(text, offset, offset + 1, side);
}

/** text from the start of the line holding `offset` up to it, read as readText does (in one piece, mostly). */
export function lineBefore(text: string, offset: number, side: EditSide = 'new'): string {
  for (let size = 256; ; size *= 4) {
    const from = Math.max(0, offset - size);
    const piece = readText(text, from, offset, side);
    const lineBreak = piece.lastIndexOf('\n');
    if (lineBreak !== -1) return piece.slice(lineBreak + 1);
    if (from === 0) return piece;
  }
}

/** Where the line holding `offset` starts, read as readText does. */
export function lineStartAt(text: string, offset: number, side: EditSide = 'new'): number {
  // lastIndexOf from -1 would look at the first character: the first line starts at 0.
  return offset <= 0 ? 0 : lastIndexIn(text, '\n', offset - 1, side) + 1;
}

/** Characters read at a time when searching a text in parts. */
const SEARCH_PIECE = 4096;

/** text.indexOf(search, from) for a non-empty `search`, reading as readText does: piece by piece from `from`. */
export function indexIn(text: string, search: string, from = 0, side: EditSide = 'new'): number {
  if (!readerOf(text, side)) return text.indexOf(search, from);
  for (let start = Math.max(0, from); start < text.length; start += SEARCH_PIECE) {
    const found = readText(text, start, start + SEARCH_PIECE + search.length - 1, side).indexOf(search);
    if (found !== -1) return start + found;
  }
  return -1;
}

/** text.lastIndexOf(search, from) for a non-empty `search`, reading as readText does: piece by piece back from `from`. */
export function lastIndexIn(text: string, search: string, from = Infinity, side: EditSide = 'new'): number {
  if (!readerOf(text, side)) return text.lastIndexOf(search, from);
  let end = Math.min(text.length, Math.max(0, from) + search.length);
  while (end > 0) {
    const start = Math.max(0, end - SEARCH_PIECE - search.length + 1);
    const found = readText(text, start, end, side).lastIndexOf(search);
    if (found !== -1) return start + found;
    if (start === 0) break;
    end = start + search.length - 1;
  }
  return -1;
}

/**
 * Tells `findEdit` (and `knownChange`) the edit between two texts, which the caller knows (the
 * language server, from the editor's change events): they then compare nothing. Comparing two
 * texts costs time that grows with them (about 1 ms per MB), for an edit far from any config
 * that should not. `edit` may cover more than what changed, never less. `readers` read the texts
 * from their parts (readText), when the caller holds them so.
 */
export function rememberEdit(old: string, text: string, edit: ChangedRange, readers: { old?: RangeReader; text?: RangeReader } = {}): void {
  setLastEdit(old, text, edit, readers);
}

/**
 * The edit told or found last between `old` and `text`, without comparing them; undefined when
 * there is none. (The same string objects compare at once; others compare their text.)
 */
function knownEdit(old: string, text: string): ChangedRange | undefined {
  return lastEdit && lastEdit.old.length === old.length && lastEdit.text.length === text.length && lastEdit.old === old && lastEdit.text === text ? lastEdit.edit : undefined;
}

/** The generation of `text` when it is the last told text (the same string object compares at once). */
function generationOf(text: string): number | undefined {
  const edit = lastEdit;
  // Only for texts told with their readers (the server's): others are compared as before.
  return edit?.readText !== undefined && edit.text.length === text.length && edit.text === text ? edit.generation : undefined;
}

/**
 * A text kept to be compared with a later one (the parser's, the text index's, the roots found),
 * with its generation when it was the last edit's text. A later text is then known to be the same,
 * or the told edit's new text, without comparing: comparing the two texts of an edit that keeps
 * the length reads (and, for the server's ropes, copies) both.
 */
export interface KeptText {
  readonly text: string;
  readonly generation: number | undefined;
}

export function keepText(text: string): KeptText {
  return { text, generation: generationOf(text) };
}

/** 'same', or the edit from the kept text to `text`, when known without comparing them; else undefined. */
export function knownChange(kept: KeptText, text: string): ChangedRange | 'same' | undefined {
  const edit = lastEdit;
  if (edit && kept.generation !== undefined) {
    const generation = generationOf(text);
    if (generation === kept.generation) return 'same';
    if (generation !== undefined && kept.generation === edit.oldGeneration) return isNoEdit(edit.edit) && kept.text.length === text.length ? 'same' : edit.edit;
  }
  const known = knownEdit(kept.text, text);
  if (known) return isNoEdit(known) && kept.text.length === text.length ? 'same' : known;
  return undefined;
}

/** The edit from the kept text to `text` (compared when not known); undefined when they are the same text. */
export function changeSince(kept: KeptText, text: string): ChangedRange | undefined {
  const known = knownChange(kept, text) ?? findEdit(kept.text, text);
  return known === 'same' || (isNoEdit(known) && kept.text.length === text.length) ? undefined : known;
}

function isNoEdit(edit: ChangedRange): boolean {
  return edit.start === edit.oldEnd && edit.start === edit.newEnd;
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

/** The one changed range between two texts, compared (findEdit's comparison, without telling anyone the edit). */
export function compareTexts(old: string, text: string): ChangedRange {
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

/** Per search: the told text it last ran on (its generation), and where its first match was there (-1: none). */
const firstMatches = new Map<RegExp | string, { generation: number; at: number }>();

/**
 * Where the first match of `search` is in `text` (-1: none). `search` is a word, or a pattern
 * without flags whose matches are at most `longest` characters long and read nothing around them.
 * On the text of a told edit (rememberEdit) it is found from where it was in the text before it and
 * the edit's neighbourhood, without reading the rest (a server's rope stays unread), and is
 * remembered for that text.
 */
export function firstMatchAt(text: string, search: RegExp | string, longest = typeof search === 'string' ? search.length : Infinity): number {
  const edit = lastEdit;
  // Only a text told with its reader (the server's rope): others are searched as they are, without
  // comparing them with the last edit's (another string of one length would be compared whole).
  const told = edit?.readText !== undefined && edit.text.length === text.length && edit.text === text;
  if (!told) return searchFirst(text, search);
  const before = firstMatches.get(search);
  let at: number | undefined;
  if (before?.generation === edit.generation) at = before.at;
  else if (before !== undefined && before.generation === edit.oldGeneration && Number.isFinite(longest)) at = firstMatchAfterEdit(text, search, longest, before.at, edit.edit);
  at ??= searchFirst(text, search);
  firstMatches.set(search, { generation: edit.generation, at });
  return at;
}

function searchFirst(text: string, search: RegExp | string): number {
  return typeof search === 'string' ? text.indexOf(search) : (search.exec(text)?.index ?? -1);
}

/** The first match in the new text from the first one before the edit; undefined when it must be searched. */
function firstMatchAfterEdit(text: string, search: RegExp | string, longest: number, before: number, { start, oldEnd, newEnd }: ChangedRange): number | undefined {
  // Ahead of the edit and clear of it: no match could start before it in either text.
  if (before !== -1 && before + longest <= start) return before;
  // Any other first match starts in the edit's neighbourhood or after it.
  const from = Math.max(0, start - longest + 1);
  // Over the edit: searched again from there, piece by piece.
  if (before !== -1 && before < oldEnd) return searchInPieces(text, search, longest, from);
  // None before, or one after it: a match in the edit's neighbourhood comes first.
  const found = searchFirst(readText(text, from, newEnd + longest - 1), search);
  if (found !== -1) return from + found;
  return before === -1 ? -1 : before + newEnd - oldEnd;
}

/** The first match at or after `from`, read in pieces as readText does (they overlap by a match's length). */
function searchInPieces(text: string, search: RegExp | string, longest: number, from: number): number {
  for (let start = from; start < text.length; start += SEARCH_PIECE) {
    const found = searchFirst(readText(text, start, start + SEARCH_PIECE + longest - 1), search);
    if (found !== -1) return start + found;
  }
  return -1;
}

/** Whether `text` holds `search` (firstMatchAt's terms). */
export function textHolds(text: string, search: RegExp | string, longest?: number): boolean {
  return firstMatchAt(text, search, longest) !== -1;
}
