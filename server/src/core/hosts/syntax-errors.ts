// Whether a syntax node was read by tree-sitter's error recovery: it holds an error, or sits inside
// an ERROR node (after a string or bracket left open above it). A config read that way is checked
// but never edited: the next parse may read it differently, and any edit could make it worse.
import type { Node } from 'web-tree-sitter';

export function hasSyntaxError(node: Node): boolean {
  if (node.hasError) return true;
  for (let parent = node.parent; parent; parent = parent.parent) if (parent.type === 'ERROR' || parent.isMissing) return true;
  return false;
}
