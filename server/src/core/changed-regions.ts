// Where a text changed since it was last checked, so the trigger-word test after an edit reads only
// the changed regions instead of the whole text: a 5 MB document without a trigger word then costs
// an edit what a tiny one does. Pure: the server feeds it the editor's change events.
import { mayHoldConfig, type DocumentKind } from './check';

/**
 * Read on each side of a changed region: more than the longest trigger word (27 characters), so a
 * word that an edit completes from either side is seen.
 */
const MARGIN = 64;
/** More regions than this are merged into one span from the first to the last. */
const MAX_REGIONS = 32;

/** Half-open [start, end) regions of the current text, sorted and disjoint. */
export class ChangedRegions {
  private regions: [number, number][] = [];

  /** The text's [start, end) was replaced by `insertedLength` characters (offsets in the text before this change). */
  replace(start: number, end: number, insertedLength: number): void {
    const delta = insertedLength - (end - start);
    let mergedStart = start;
    let mergedEnd = start + insertedLength;
    const kept: [number, number][] = [];
    for (const [a, b] of this.regions) {
      if (b < start) kept.push([a, b]);
      else if (a > end) kept.push([a + delta, b + delta]);
      else {
        // Overlaps or touches the replaced range: what lay before it stays, what lay after it moves.
        mergedStart = Math.min(mergedStart, a);
        if (b > end) mergedEnd = Math.max(mergedEnd, b + delta);
      }
    }
    kept.push([mergedStart, mergedEnd]);
    kept.sort((x, y) => x[0] - y[0]);
    this.regions = kept.length > MAX_REGIONS ? [[kept[0]![0], kept[kept.length - 1]![1]]] : kept;
  }

  /**
   * Whether the current text may hold a config, given that the text these regions started from held
   * no trigger word: a new word must overlap a changed region. Only those regions are read.
   */
  mayHoldConfigNow(text: TextSource, kind: DocumentKind): boolean {
    let read = 0;
    for (const [a, b] of this.regions) read += b - a + 2 * MARGIN;
    if (read * 2 > text.length) return mayHoldConfig(text.slice(0, text.length), kind);
    return this.regions.some(([a, b]) => mayHoldConfig(text.slice(Math.max(0, a - MARGIN), Math.min(text.length, b + MARGIN)), kind));
  }
}

/** A text read in parts: a string, or a document that holds its text in pieces. */
export interface TextSource {
  readonly length: number;
  slice(start: number, end: number): string;
}
