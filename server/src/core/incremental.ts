// Keeps the last syntax tree of a document and re-parses incrementally after an edit. The edit
// is found by comparing old and new text (common prefix and suffix), so no LSP change events
// are needed: any caller that has the previous and the new text can use it. A caller that knows
// the edit (the server, from the editor's change events) tells it (text.ts, rememberEdit).
import type { Edit, Parser, Point, Tree } from 'web-tree-sitter';
import { topLevelStatementStarts } from './hosts/python-statements';
import { changeSince, charIn, keepText, readText, type EditSide, type KeptText, type TextSpan } from './text';

const POINT_PIECE = 16 * 1024;

/** The point of `offset` in `side`'s text of the last edit, counting lines from `from` (a point known before it). */
function pointAt(text: string, side: EditSide, offset: number, from: { offset: number; point: Point } = { offset: 0, point: { row: 0, column: 0 } }): Point {
  let row = from.point.row;
  let lineStart = from.offset - from.point.column;
  // Read in pieces of the range only (the server's text is a rope: reading the string whole copies it).
  for (let at = from.offset; at < offset; at += POINT_PIECE) {
    const piece = readText(text, at, Math.min(offset, at + POINT_PIECE), side);
    for (let i = piece.indexOf('\n'); i !== -1; i = piece.indexOf('\n', i + 1)) {
      row++;
      lineStart = at + i + 1;
    }
  }
  return { row, column: offset - lineStart };
}

const INPUT_PIECE = 1024;

/**
 * Leaf tokens whose text an edit may change without changing the tree: the new token text must
 * read as the same kind of token on its own, and the characters around it must not join it.
 * Python's grammar only (the server keeps trees of Python text): a number, the text of a string
 * without quotes, backslashes, braces (f-strings) or line ends, and a comment on one line.
 */
const SAME_TOKEN: Readonly<Record<string, RegExp>> = {
  integer: /^(?:0|[1-9][0-9]*)$/,
  string_content: /^[^"'\\{}\r\n]+$/,
  comment: /^#[^\r\n]*$/,
};
/** Characters that may touch a number without becoming part of it. */
const NUMBER_NEIGHBOUR = /^[^\w.]?$/;

/** web-tree-sitter reads a node's `text` through the callback its tree was parsed with. */
interface TreeWithText {
  textCallback: (index: number) => string;
}

/** The kept tree's state when edits were deferred (parse's `deferStatementEdits`). */
export interface DeferredEdits {
  /** Top-level statements of the current text that the tree has not parsed since they were edited. */
  readonly spans: readonly TextSpan[];
  /** Parses them now (an incremental reparse with every deferred edit); the fresh tree. */
  reparse(): Tree;
}

/** Statements with deferred edits at most; one more is parsed with them. */
const MAX_DEFERRED_STATEMENTS = 8;

export class IncrementalParser {
  private kept: KeptText | undefined;
  private tree: Tree | undefined;
  /** Spans of the current text where the kept tree is stale (edits deferred); empty when it is fresh. */
  private staleSpans: TextSpan[] = [];
  /** The point of the last edit's start, in the text before it too (the text before an edit does not change). */
  private lastPoint: { offset: number; point: Point } | undefined;

  constructor(private readonly parser: Parser) {}

  /**
   * The tree for `text`, reusing the previous tree where the text did not change. Owned by this object.
   * `deferStatementEdits`: an edit inside one top-level statement that still reads as one whole
   * statement after it (no string, bracket or line continuation left open, no line at column 0
   * added) is applied to the tree without a reparse: tree-sitter's reparse of a whole file costs
   * about 9 us per top-level statement wherever the edit is (40 ms at 80,000 lines). The statement
   * is then stale in the tree (`deferred()`): a caller that reads it must `reparse()` first.
   */
  parse(text: string, options: { deferStatementEdits?: boolean } = {}): Tree {
    const change = this.tree && this.kept ? changeSince(this.kept, text) : undefined;
    if (this.tree && this.kept && !change) return this.tree;
    const previous = this.tree;
    if (previous && this.kept && change) {
      const old = this.kept.text;
      const { start, oldEnd, newEnd } = change;
      // Lines are counted on from the last edit's start when this one is after it (typing moves on).
      const known = this.lastPoint && this.lastPoint.offset <= start ? this.lastPoint : undefined;
      const startPosition = pointAt(old, 'old', start, known);
      this.lastPoint = { offset: start, point: startPosition };
      // A plain object, not web-tree-sitter's Edit class: tree.edit reads only these six fields, and
      // the core stays free of any one runtime instance (the server replaces its runtime; grammars.ts).
      const edit = {
        startIndex: start,
        oldEndIndex: oldEnd,
        newEndIndex: newEnd,
        startPosition,
        // Counted on from the start: the text before it is the same in both.
        oldEndPosition: pointAt(old, 'old', oldEnd, { offset: start, point: startPosition }),
        newEndPosition: pointAt(text, 'new', newEnd, { offset: start, point: startPosition }),
      };
      // An edit inside one number, string text or comment that leaves it the same kind of token
      // leaves the tree's shape as it was: the tree is moved by the edit, not parsed again (a
      // reparse of a 5,000-line file is 3-5 ms; later edits reparse with this one included).
      // A stale tree's leaves are not read (its edited statements are not what the text says).
      const leaf = this.staleSpans.length === 0 ? this.sameShapeLeaf(previous, old, text, start, oldEnd, newEnd) : undefined;
      const statement = !leaf && options.deferStatementEdits ? this.deferrableStatement(previous, text, start, oldEnd, newEnd) : undefined;
      previous.edit(edit as Edit);
      this.staleSpans = this.staleSpans.map((span) => moveSpan(span, start, oldEnd, newEnd));
      if (statement && this.deferStatement(statement)) {
        (previous as unknown as TreeWithText).textCallback = (index: number) => readText(text, index, index + INPUT_PIECE);
        this.kept = keepText(text);
        this.editsDeferred++;
        return previous;
      }
      // Checked after the edit too: tree-sitter gives inserted text to the first node whose
      // lookahead reached the edit, which must be the leaf itself.
      const moved = leaf && previous.rootNode.descendantForIndex(start, Math.max(start, newEnd - 1));
      if (leaf && moved && moved.type === leaf.type && moved.startIndex === leaf.startIndex && moved.endIndex === leaf.endIndex + newEnd - oldEnd) {
        (previous as unknown as TreeWithText).textCallback = (index: number) => readText(text, index, index + INPUT_PIECE);
        this.kept = keepText(text);
        this.reparsesSkipped++;
        return previous;
      }
    }
    // Text is handed to tree-sitter in short pieces: a reparse jumps between the edited places and
    // asks for text at each, and web-tree-sitter copies whatever it is given (up to 5,000 characters)
    // into wasm memory on every call. Measured: incremental reparses about a quarter faster.
    return this.reparseWith(text, previous);
  }

  private reparseWith(text: string, previous: Tree | undefined): Tree {
    const tree = this.parser.parse((index: number) => readText(text, index, index + INPUT_PIECE), previous ?? null);
    if (!tree) throw new Error('the parser returned no tree');
    previous?.delete();
    this.tree = tree;
    this.kept = keepText(text);
    this.staleSpans = [];
    return tree;
  }

  /** Where the kept tree is stale, and how to make it fresh; undefined when it is fresh. */
  deferred(): DeferredEdits | undefined {
    if (this.staleSpans.length === 0 || !this.tree || !this.kept) return undefined;
    const tree = this.tree;
    const kept = this.kept;
    return {
      spans: this.staleSpans.map((span) => ({ ...span })),
      // The same kept object: the same text (strings compared by value could read a whole rope).
      reparse: () => (this.tree === tree && this.kept === kept && this.staleSpans.length > 0 ? this.reparseWith(kept.text, tree) : this.parse(kept.text)),
    };
  }

  /** How many edits kept the tree's shape and were not parsed (tests check the path is taken). */
  reparsesSkipped = 0;
  /** How many edits were deferred (parse's `deferStatementEdits`). */
  editsDeferred = 0;

  /**
   * The top-level statement holding the edit old[start, oldEnd) -> text[start, newEnd) strictly
   * inside it, as it is in `text`, when it is still one whole statement there; else undefined.
   */
  private deferrableStatement(tree: Tree, text: string, start: number, oldEnd: number, newEnd: number): TextSpan | undefined {
    // Error recovery weighs what it skips over the whole text: a tree with errors is parsed again.
    const root = tree.rootNode;
    if (root.hasError) return undefined;
    const statement = root.firstChildForIndex(start);
    if (!statement || statement.startIndex >= start || statement.endIndex <= oldEnd || statement.type === 'comment') return undefined;
    const span = { start: statement.startIndex, end: statement.endIndex + newEnd - oldEnd };
    const source = readText(text, span.start, span.end);
    // The scan vouches for it (nothing left open) and finds no other statement in it but after
    // decorators (a decorated definition is one statement of the tree).
    const starts = topLevelStatementStarts(source);
    if (!starts || source.endsWith('\\')) return undefined;
    for (let k = 1; k < starts.length; k++) if (source.charCodeAt(starts[k - 1]!) !== 64 /* @ */) return undefined;
    return span;
  }

  /** Records a deferred statement's span; false when there are too many (the caller reparses). */
  private deferStatement(span: TextSpan): boolean {
    const same = this.staleSpans.find((s) => s.start === span.start);
    if (same) {
      same.end = Math.max(same.end, span.end);
      return true;
    }
    if (this.staleSpans.length >= MAX_DEFERRED_STATEMENTS) return false;
    this.staleSpans.push(span);
    return true;
  }

  /**
   * The leaf token whose text alone replacing old[start, oldEnd) by text[start, newEnd) changes,
   * when it stays the same kind of token (so the tree keeps its shape); else undefined.
   */
  private sameShapeLeaf(tree: Tree, old: string, text: string, start: number, oldEnd: number, newEnd: number): { type: string; startIndex: number; endIndex: number } | undefined {
    // At the end of the text the leaf would be the module, or the edit may start a new token.
    if (start === 0 || oldEnd >= old.length) return undefined;
    // Error recovery weighs the sizes of what it skips: a tree with errors is parsed again.
    if (tree.rootNode.hasError) return undefined;
    const leaf = tree.rootNode.descendantForIndex(start, Math.max(start, oldEnd - 1));
    // Strictly after the leaf's start: tree-sitter gives text inserted at a boundary to the node before it.
    if (!leaf || leaf.childCount > 0 || leaf.startIndex >= start || leaf.endIndex < oldEnd) return undefined;
    const pattern = SAME_TOKEN[leaf.type];
    if (!pattern || leaf.isMissing) return undefined;
    const newToken = readText(text, leaf.startIndex, leaf.endIndex + newEnd - oldEnd);
    if (!pattern.test(readText(old, leaf.startIndex, leaf.endIndex, 'old')) || !pattern.test(newToken)) return undefined;
    if (leaf.type === 'integer' && !(NUMBER_NEIGHBOUR.test(charIn(old, leaf.startIndex - 1, 'old')) && NUMBER_NEIGHBOUR.test(charIn(old, leaf.endIndex, 'old')))) return undefined;
    // The text of a plain string, not of an f-string's format spec or the like.
    if (leaf.type === 'string_content' && leaf.parent?.type !== 'string') return undefined;
    return { type: leaf.type, startIndex: leaf.startIndex, endIndex: leaf.endIndex };
  }

  /** Whether a tree is kept: without one, the next parse reads the whole text. */
  get hasTree(): boolean {
    return this.tree !== undefined;
  }

  /** The length of the text whose tree is kept (0: none): what the tree's memory grows with. */
  get keptLength(): number {
    return this.tree ? (this.kept?.text.length ?? 0) : 0;
  }

  dispose(): void {
    this.tree?.delete();
    this.tree = undefined;
    this.kept = undefined;
    this.staleSpans = [];
    this.lastPoint = undefined;
  }
}

/** A span of the old text where it is after the edit old[start, oldEnd) -> new[start, newEnd). */
function moveSpan(span: TextSpan, start: number, oldEnd: number, newEnd: number): TextSpan {
  const delta = newEnd - oldEnd;
  if (span.end <= start) return span;
  if (span.start >= oldEnd) return { start: span.start + delta, end: span.end + delta };
  // Overlapping: it takes in the edit.
  return { start: Math.min(span.start, start), end: Math.max(span.end + delta, newEnd) };
}
