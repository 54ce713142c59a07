// The server's text document: the text held in chunks of whole lines, so an edit costs the size of
// the chunk it touches, not of the document. vscode-languageserver-textdocument keeps one string and
// rebuilds it on every edit (about 5 ms per keystroke in a 5 MB document, before any check runs).
// Positions, offsets and line breaks (\n, \r\n, \r) behave exactly as in that library's TextDocument.
import type { Position, Range, TextDocumentContentChangeEvent } from 'vscode-languageserver-textdocument';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { lastAtOrBefore, textInParts, type RangeReader } from '../core/text';

/** Chunks are cut after a line break near this size (a chunk without one grows as needed). */
const CHUNK_SIZE = 16 * 1024;

interface Chunk {
  text: string;
  /** Offsets in `text` where a line starts after a break (the chunk itself starts a line); computed when first needed. */
  breaks?: number[];
}

const isLineBreak = (code: number): boolean => code === 13 || code === 10;

function lineBreaksOf(text: string): number[] {
  const starts: number[] = [];
  // Without \r, breaks are found by native search (the edited chunk is scanned again at each keystroke).
  if (!text.includes('\r')) {
    for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
    return starts;
  }
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (!isLineBreak(code)) continue;
    if (code === 13 && text.charCodeAt(i + 1) === 10) i++;
    starts.push(i + 1);
  }
  return starts;
}

/** Cuts text into chunks, each ending with \n except maybe the last (so no line break spans two chunks). */
function chunksOf(text: string): Chunk[] {
  const chunks: Chunk[] = [];
  let from = 0;
  while (from < text.length) {
    let to = text.length;
    if (text.length - from > CHUNK_SIZE * 1.5) {
      const before = text.lastIndexOf('\n', from + CHUNK_SIZE - 1);
      const cut = before >= from ? before : text.indexOf('\n', from + CHUNK_SIZE);
      if (cut !== -1) to = cut + 1;
    }
    const piece = text.slice(from, to);
    chunks.push({ text: piece });
    from = to;
  }
  if (chunks.length === 0) chunks.push({ text: '' });
  return chunks;
}

/** [start, end) of the text became `insertedLength` characters. */
export type ReplacementListener = (start: number, end: number, insertedLength: number) => void;

export class ChunkedDocument implements TextDocument {
  private chunks: Chunk[];
  /** Per chunk: its offset in the text, and the number of line breaks before it. */
  private starts: number[] = [];
  private linesBefore: number[] = [];
  private textLength = 0;
  private breakCount = 0;
  /** linesBefore and breakCount hold for the chunks before this index. */
  private linesValidUpTo = 0;
  /** The text as one flat string: the document's first text or a whole replacement, until an edit. */
  private flat: string | undefined;
  /** The text of this version and its reader (snapshot), made when first asked for. */
  private current: { text: string; read: RangeReader } | undefined;

  static create(uri: string, languageId: string, version: number, content: string): ChunkedDocument {
    return new ChunkedDocument(uri, languageId, version, content);
  }

  /**
   * Applies the changes in order (each range is in the text the changes before it left), telling
   * `onReplace` each one in the offsets of the text before it (a whole new text replaces [0, length)).
   */
  static update(document: ChunkedDocument, changes: readonly TextDocumentContentChangeEvent[], version: number, onReplace?: ReplacementListener): ChunkedDocument {
    for (const change of changes) {
      if ('range' in change) {
        const range = wellFormed(change.range);
        const [start, end] = [document.offsetAt(range.start), document.offsetAt(range.end)];
        onReplace?.(start, end, change.text.length);
        document.replace(start, end, change.text);
      } else {
        onReplace?.(0, document.textLength, change.text.length);
        document.chunks = chunksOf(change.text);
        document.index(0);
        document.flat = change.text;
      }
    }
    document._version = version;
    return document;
  }

  private constructor(
    readonly uri: string,
    readonly languageId: string,
    private _version: number,
    content: string,
  ) {
    this.chunks = chunksOf(content);
    this.index(0);
    this.flat = content;
  }

  get version(): number {
    return this._version;
  }

  /** The text's length in UTF-16 code units. */
  get length(): number {
    return this.textLength;
  }

  get lineCount(): number {
    this.lines();
    return this.breakCount + 1;
  }

  getText(range?: Range): string {
    if (range) {
      // As the library's substring: a range given end first reads the same text.
      const [start, end] = [this.offsetAt(range.start), this.offsetAt(range.end)];
      return this.slice(Math.min(start, end), Math.max(start, end));
    }
    return this.snapshot().text;
  }

  /**
   * The text, and a reader of its ranges that reads this version's chunks (the text is a rope after
   * an edit: reading it whole copies it; see textInParts). The reader stays valid after later edits:
   * a chunk's text never changes (an edit makes new chunks).
   */
  snapshot(): { text: string; read: RangeReader } {
    if (this.current) return this.current;
    const flat = this.flat ?? (this.chunks.length === 1 ? this.chunks[0]!.text : undefined);
    if (flat !== undefined) {
      this.current = { text: flat, read: (start, end) => flat.slice(start, end) };
    } else {
      this.current = textInParts(
        this.chunks.map((chunk) => chunk.text),
        this.starts.slice(),
      );
    }
    return this.current;
  }

  /** The text from `start` to `end` (offsets), read from the chunks that hold it only. */
  slice(start: number, end: number): string {
    start = Math.max(0, Math.min(start, this.textLength));
    end = Math.max(start, Math.min(end, this.textLength));
    if (this.flat !== undefined || (start === 0 && end === this.textLength)) return this.getText().slice(start, end);
    return this.snapshot().read(start, end);
  }

  positionAt(offset: number): Position {
    const { line, lineStart, offset: clamped } = this.lineOf(offset);
    return { line, character: this.beforeLineBreak(clamped, lineStart) - lineStart };
  }

  /**
   * The position of an offset as core/text.ts's LineIndex gives it for this text (the diagnostics'
   * positions): as positionAt, except that an offset between the \r and the \n of a line break
   * stays after the \r. Reads the line breaks kept per chunk: no pass over the whole text.
   */
  lineIndexPositionAt(offset: number): Position {
    const { line, lineStart, offset: clamped } = this.lineOf(offset);
    return { line, character: clamped - lineStart };
  }

  /** The line of an offset (clamped to the text) and where that line starts. */
  private lineOf(offset: number): { line: number; lineStart: number; offset: number } {
    this.lines();
    offset = Math.max(Math.min(offset, this.textLength), 0);
    const i = this.chunkAt(offset);
    const chunk = this.chunks[i]!;
    const within = offset - this.starts[i]!;
    // The breaks at or before `within`: the line is that many lines below the chunk's first.
    let low = 0;
    const breaks = chunk.breaks!;
    let high = breaks.length;
    while (low < high) {
      const middle = (low + high) >> 1;
      if (breaks[middle]! > within) high = middle;
      else low = middle + 1;
    }
    return { line: this.linesBefore[i]! + low, lineStart: this.starts[i]! + (low === 0 ? 0 : breaks[low - 1]!), offset };
  }

  offsetAt(position: Position): number {
    this.lines();
    if (position.line > this.breakCount) return this.textLength;
    if (position.line < 0) return 0;
    const lineStart = this.lineStart(position.line);
    if (position.character <= 0) return lineStart;
    return this.beforeLineBreak(Math.min(lineStart + position.character, this.nextLineStart(position.line)), lineStart);
  }

  getLineRange(line: number): Range {
    this.lines();
    if (line > this.breakCount) {
      const last = this.breakCount;
      return { start: { line: last, character: 0 }, end: { line: last, character: this.textLength - this.lineStart(last) } };
    }
    if (line < 0) return { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
    const start = this.lineStart(line);
    return { start: { line, character: 0 }, end: { line, character: this.beforeLineBreak(this.nextLineStart(line), start) - start } };
  }

  getEOLCharacters(line: number): string {
    this.lines();
    if (line > this.breakCount || line < 0) return '';
    const start = this.lineStart(line);
    const next = this.nextLineStart(line);
    return this.slice(this.beforeLineBreak(next, start), next);
  }

  /** Steps back over line-break characters, not before the line's start (the library's ensureBeforeEOL). */
  private beforeLineBreak(offset: number, lineStart: number): number {
    while (offset > lineStart && isLineBreak(this.charCodeAt(offset - 1))) offset--;
    return offset;
  }

  private charCodeAt(offset: number): number {
    const i = this.chunkAt(offset);
    return this.chunks[i]!.text.charCodeAt(offset - this.starts[i]!);
  }

  /** The offset where line `line` (0 to breakCount) starts. */
  private lineStart(line: number): number {
    if (line === 0) return 0;
    // The last chunk with fewer breaks before it than `line`: the line's break is inside it.
    let low = 0;
    let high = this.chunks.length - 1;
    while (low < high) {
      const middle = (low + high + 1) >> 1;
      if (this.linesBefore[middle]! < line) low = middle;
      else high = middle - 1;
    }
    return this.starts[low]! + this.chunks[low]!.breaks![line - this.linesBefore[low]! - 1]!;
  }

  /** Where the line after `line` starts, or the text's end after the last line. */
  private nextLineStart(line: number): number {
    return line < this.breakCount ? this.lineStart(line + 1) : this.textLength;
  }

  /** The last chunk starting at or before `offset`. */
  private chunkAt(offset: number): number {
    return lastAtOrBefore(this.starts, offset);
  }

  private replace(start: number, end: number, inserted: string): void {
    const first = this.chunkAt(start);
    const last = this.chunkAt(end);
    const base = this.starts[first]!;
    let text = '';
    for (let i = first; i <= last; i++) text += this.chunks[i]!.text;
    text = text.slice(0, start - base) + inserted + text.slice(end - base);
    // Every chunk but the last ends with \n: the rebuilt text ends as the last chunk it replaces did,
    // except when that was the document's last chunk.
    this.chunks.splice(first, last - first + 1, ...(text.length || this.chunks.length === last - first + 1 ? chunksOf(text) : []));
    this.index(first);
  }

  /** Recomputes offsets from chunk `from` on, and drops the whole text; line counts are redone when next needed. */
  private index(from: number): void {
    this.flat = undefined;
    this.current = undefined;
    this.starts.length = this.chunks.length;
    let offset = from === 0 ? 0 : this.starts[from - 1]! + this.chunks[from - 1]!.text.length;
    for (let i = from; i < this.chunks.length; i++) {
      this.starts[i] = offset;
      offset += this.chunks[i]!.text.length;
    }
    this.textLength = offset;
    this.linesValidUpTo = Math.min(this.linesValidUpTo, from);
  }

  /** Line breaks of every chunk and the lines before each: a document never asked for a position never scans its text. */
  private lines(): void {
    if (this.linesValidUpTo >= this.chunks.length) return;
    this.linesBefore.length = this.chunks.length;
    const from = this.linesValidUpTo;
    let lines = from === 0 ? 0 : this.linesBefore[from - 1]! + this.chunks[from - 1]!.breaks!.length;
    for (let i = from; i < this.chunks.length; i++) {
      const chunk = this.chunks[i]!;
      chunk.breaks ??= lineBreaksOf(chunk.text);
      this.linesBefore[i] = lines;
      lines += chunk.breaks.length;
    }
    this.breakCount = lines;
    this.linesValidUpTo = this.chunks.length;
  }
}

function wellFormed(range: Range): Range {
  const { start, end } = range;
  return start.line > end.line || (start.line === end.line && start.character > end.character) ? { start: end, end: start } : range;
}
