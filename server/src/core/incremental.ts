// Keeps the last syntax tree of a document and re-parses incrementally after an edit. The edit
// is found by comparing old and new text (common prefix and suffix), so no LSP change events
// are needed: any caller that has the previous and the new text can use it.
import type { Edit, Parser, Point, Tree } from 'web-tree-sitter';
import { findEdit } from './text';

function pointAt(text: string, offset: number): Point {
  let row = 0;
  let lineStart = 0;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) {
    row++;
    lineStart = i + 1;
  }
  return { row, column: offset - lineStart };
}

const INPUT_PIECE = 1024;

export class IncrementalParser {
  private text: string | undefined;
  private tree: Tree | undefined;

  constructor(private readonly parser: Parser) {}

  /** The tree for `text`, reusing the previous tree where the text did not change. Owned by this object. */
  parse(text: string): Tree {
    if (this.tree && this.text === text) return this.tree;
    const previous = this.tree;
    if (previous && this.text !== undefined) {
      const old = this.text;
      const { start, oldEnd, newEnd } = findEdit(old, text);
      const startPosition = pointAt(old, start);
      // A plain object, not web-tree-sitter's Edit class: tree.edit reads only these six fields, and
      // the core stays free of any one runtime instance (the server replaces its runtime; grammars.ts).
      const edit = {
        startIndex: start,
        oldEndIndex: oldEnd,
        newEndIndex: newEnd,
        startPosition,
        oldEndPosition: pointAt(old, oldEnd),
        newEndPosition: pointAt(text, newEnd),
      };
      previous.edit(edit as Edit);
    }
    // Text is handed to tree-sitter in short pieces: a reparse jumps between the edited places and
    // asks for text at each, and web-tree-sitter copies whatever it is given (up to 5,000 characters)
    // into wasm memory on every call. Measured: incremental reparses about a quarter faster.
    const tree = this.parser.parse((index: number) => text.slice(index, index + INPUT_PIECE), previous ?? null);
    if (!tree) throw new Error('the parser returned no tree');
    previous?.delete();
    this.tree = tree;
    this.text = text;
    return tree;
  }

  /** Whether a tree is kept: without one, the next parse reads the whole text. */
  get hasTree(): boolean {
    return this.tree !== undefined;
  }

  /** The length of the text whose tree is kept (0: none): what the tree's memory grows with. */
  get keptLength(): number {
    return this.tree ? (this.text?.length ?? 0) : 0;
  }

  dispose(): void {
    this.tree?.delete();
    this.tree = undefined;
    this.text = undefined;
  }
}
