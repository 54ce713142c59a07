// Text edits in host-document offsets (UTF-16), the currency of fixes and conversions. Ranges
// are made into LSP positions only at the edge (code-actions.ts).

export interface TextEdit {
  offset: number;
  length: number;
  newText: string;
}

export const endOf = (edit: { offset: number; length: number }): number => edit.offset + edit.length;

/**
 * Applies edits that do not overlap (touching is fine). Edits at the same offset keep their
 * order, and an insertion there comes before a replacement that starts there.
 */
export function applyEdits(text: string, edits: readonly TextEdit[]): string {
  const ordered = edits
    .map((edit, index) => ({ edit, index }))
    .sort((a, b) => a.edit.offset - b.edit.offset || (a.edit.length === 0 ? 0 : 1) - (b.edit.length === 0 ? 0 : 1) || a.index - b.index)
    .map((entry) => entry.edit);
  let result = '';
  let cursor = 0;
  for (const edit of ordered) {
    if (edit.offset < cursor || edit.offset < 0 || endOf(edit) > text.length) {
      throw new Error(`overlapping or out-of-range edit at ${edit.offset}`);
    }
    result += text.slice(cursor, edit.offset) + edit.newText;
    cursor = endOf(edit);
  }
  return result + text.slice(cursor);
}

/** Whether two groups of edits may not be applied together: they overlap or touch. */
export function editsConflict(a: readonly TextEdit[], b: readonly TextEdit[]): boolean {
  for (const x of a) {
    for (const y of b) {
      if (x.offset <= endOf(y) && y.offset <= endOf(x)) return true;
    }
  }
  return false;
}

/** One edit that turns `before` into `after`: the changed middle, between the common prefix and suffix. */
export function diffEdit(before: string, after: string): TextEdit | undefined {
  if (before === after) return undefined;
  let start = 0;
  const shorter = Math.min(before.length, after.length);
  while (start < shorter && before.charCodeAt(start) === after.charCodeAt(start)) start++;
  let end = 0;
  while (end < shorter - start && before.charCodeAt(before.length - 1 - end) === after.charCodeAt(after.length - 1 - end)) end++;
  return { offset: start, length: before.length - end - start, newText: after.slice(start, after.length - end) };
}

/** Removes exact duplicates (two findings offering the very same edit). */
export function uniqueEdits(edits: readonly TextEdit[]): TextEdit[] {
  const seen = new Set<string>();
  return edits.filter((edit) => {
    const key = `${edit.offset}:${edit.length}:${edit.newText}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
