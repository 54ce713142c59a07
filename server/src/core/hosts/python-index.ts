// What the Python host reads from the whole text at every check: where its trigger words are, where
// each name is assigned (`name =`), which names are changed in place (`name[k] = v`, `.update(`).
// Kept for the last few texts and updated from the previous text's by the edit between them, so a
// keystroke rescans the edited lines, not the file. Every list is exactly what a scan of the whole
// text gives (the unit tests compare both after random edits).

import { findEdit, indexIn, keepText, knownChange, lineStartAt, readText, type KeptText } from '../text';

/** Words the Python hosts look up; none overlaps itself, so their occurrences are all non-overlapping. */
export const INDEXED_WORDS = [
  'DeploymentConfig',
  'BlueGreenUpdatePolicy',
  'RollingUpdatePolicy',
  'AutoRollbackConfiguration',
  'CopyCount',
  'InitialInstanceCount',
  'deployment_config',
  'initial_instance_count',
  'loads',
  'sm-guardrails',
] as const;
export type IndexedWord = (typeof INDEXED_WORDS)[number];

/** `name =` or `name: Type =`, the name captured: what a plain assignment starts with. */
export const ASSIGNMENT_TARGET = String.raw`([A-Za-z_]\w*)[ \t]*(?::[^=\n]*)?=`;
// Never spans a line: the index rescans only the edited lines for it.
const ASSIGNMENT = new RegExp(String.raw`(?<![\w.])${ASSIGNMENT_TARGET}(?!=)`, 'g');

// Where a name may be changed in place: `]=`, `] +=`..., `.update(`/`.append(`..., `|=`/`+=`, `del`.
// The scan looks for these rare operators first and reads the name backwards from each, so a large
// file costs one quick pass instead of a regex attempt at every identifier.
const IN_PLACE_CHANGE = /\]\s*(?:[-+*|&^]|\/\/|<<|>>)?=(?!=)|\.\s*(?:update|setdefault|append|extend|insert|pop|popitem|clear|remove|__setitem__|__delitem__)\s*\(|\|=|\+=|\bdel\s+/g;
/**
 * An attempt of IN_PLACE_CHANGE reads fewer non-blank characters than this (`.__delitem__(` and
 * the character before): an attempt that starts before that many non-blank characters ahead of an
 * edit cannot reach it.
 */
const CHANGE_READ_LIMIT = 17;
/** `del` reads its target this far. */
const DEL_TARGET_READ = 200;

interface InPlaceChange {
  index: number;
  end: number;
  name: string | undefined;
}

export interface PythonTextIndex {
  readonly text: string;
  /** Offsets of each word, in text order. */
  occurrences(word: IndexedWord): readonly number[];
  /** Offsets where `name` is followed by `=` (a possible assignment), in text order. */
  assignmentsOf(name: string): readonly number[];
  /** Whether `name` is changed in place somewhere in the text. */
  isChangedInPlace(name: string): boolean;
  /** Grows whenever the set of names changed in place changes (a name gains its first change or loses its last). */
  readonly inPlaceNamesVersion: number;
}

/** A name's assignment offsets, as of the first `applied` shifts of its index. */
interface AssignmentList {
  offsets: number[];
  applied: number;
}

/** An edit's move of the offsets after `after` by `delta`. */
interface Shift {
  after: number;
  delta: number;
}

/** Shifts kept before every list is brought up to date at once. */
const MAX_PENDING_SHIFTS = 128;

class TextIndex implements PythonTextIndex {
  /** The text with its generation (text.ts), to be compared with the next without reading it. */
  kept: KeptText;
  inPlaceNamesVersion = 0;
  /**
   * The edits' moves not yet applied to every name's assignments: a keystroke moves the offsets of
   * every name assigned after it (a notebook has thousands), and only a few are read per check.
   */
  shifts: Shift[] = [];
  readonly assignments = new Map<string, AssignmentList>();

  constructor(
    text: string,
    readonly words: Map<string, number[]>,
    assignments: Map<string, number[]>,
    public changes: InPlaceChange[],
    readonly changedNames: Map<string, number>,
  ) {
    this.kept = keepText(text);
    for (const [name, offsets] of assignments) this.assignments.set(name, { offsets, applied: 0 });
  }

  /** A name's list with every shift applied. */
  upToDate(list: AssignmentList): number[] {
    for (; list.applied < this.shifts.length; list.applied++) {
      const { after, delta } = this.shifts[list.applied]!;
      const offsets = list.offsets;
      for (let i = firstAtOrAfter(offsets, after + 1, (n) => n); i < offsets.length; i++) offsets[i]! += delta;
    }
    return list.offsets;
  }

  /** Records an edit's move for the lists not brought up to date; now and then applies them all. */
  addShift(shift: Shift): void {
    this.shifts.push(shift);
    if (this.shifts.length <= MAX_PENDING_SHIFTS) return;
    for (const list of this.assignments.values()) {
      this.upToDate(list);
      list.applied = 0;
    }
    this.shifts = [];
  }

  get text(): string {
    return this.kept.text;
  }

  occurrences(word: IndexedWord): readonly number[] {
    return this.words.get(word) ?? [];
  }

  assignmentsOf(name: string): readonly number[] {
    const list = this.assignments.get(name);
    return list ? this.upToDate(list) : [];
  }

  isChangedInPlace(name: string): boolean {
    return (this.changedNames.get(name) ?? 0) > 0;
  }
}

function wordOffsets(text: string, word: string, base: number, into: number[]): void {
  for (let i = text.indexOf(word); i !== -1; i = text.indexOf(word, i + word.length)) into.push(base + i);
}

function scanAssignments(text: string, base: number, into: Map<string, number[]>): void {
  ASSIGNMENT.lastIndex = 0;
  for (let match = ASSIGNMENT.exec(text); match; match = ASSIGNMENT.exec(text)) {
    const name = match[1]!;
    let list = into.get(name);
    if (!list) into.set(name, (list = []));
    list.push(base + match.index);
  }
}

/** The name a subscript/attribute chain ending at `end` starts with (`cfg` in `cfg["a"][0]`), if any. */
function nameBefore(text: string, end: number): string | undefined {
  let i = end;
  for (;;) {
    while (i > 0 && (text[i - 1] === ' ' || text[i - 1] === '\t')) i--;
    if (text[i - 1] !== ']') break;
    // Back over one `[...]` on this line (nested brackets counted).
    let depth = 0;
    let j = i - 1;
    for (; j >= 0 && text[j] !== '\n'; j--) {
      if (text[j] === ']') depth++;
      else if (text[j] === '[' && --depth === 0) break;
    }
    if (j < 0 || text[j] !== '[') return undefined;
    i = j;
  }
  let start = i;
  while (start > 0 && /\w/.test(text[start - 1]!)) start--;
  if (start === i || /\d/.test(text[start]!) || text[start - 1] === '.') return undefined;
  return text.slice(start, i);
}

/** The name an in-place change match changes. */
function changedName(text: string, index: number, end: number): string | undefined {
  if (text.startsWith('del', index)) return /^([A-Za-z_]\w*)\s*\[/.exec(text.slice(end, end + DEL_TARGET_READ))?.[1];
  return nameBefore(text, text[index] === ']' ? index + 1 : index);
}

/** Scans `text` (a piece of the whole that starts at `base`) from `from` until `until` says stop; offsets in the whole. */
function scanChanges(text: string, from: number, until: (index: number, end: number) => boolean, into: InPlaceChange[], base = 0): void {
  const pattern = new RegExp(IN_PLACE_CHANGE.source, 'g');
  pattern.lastIndex = from;
  for (let m = pattern.exec(text); m; m = pattern.exec(text)) {
    const end = m.index + m[0].length;
    if (until(base + m.index, base + end)) return;
    into.push({ index: base + m.index, end: base + end, name: changedName(text, m.index, end) });
  }
}

/** changedName of a change of the whole text, read from its line and what `del` reads after it only. */
function changedNameIn(text: string, index: number, end: number): string | undefined {
  const lineStart = lineStartAt(text, index);
  return changedName(readText(text, lineStart, end + DEL_TARGET_READ), index - lineStart, end - lineStart);
}

/** Whether `text` holds at least `count` non-blank characters from `from` on. */
function nonBlanksFrom(text: string, from: number, count: number): boolean {
  for (let i = from; i < text.length; i++) if (!/\s/.test(text[i]!) && --count === 0) return true;
  return false;
}

/** The first characters the scan of in-place changes after an edit reads; doubled until it can stop. */
const CHANGE_SCAN_PIECE = 16 * 1024;

function count(names: Map<string, number>, name: string | undefined, by: number): void {
  if (name !== undefined) names.set(name, (names.get(name) ?? 0) + by);
}

function buildIndex(text: string): TextIndex {
  const words = new Map<string, number[]>();
  for (const word of INDEXED_WORDS) {
    const list: number[] = [];
    wordOffsets(text, word, 0, list);
    words.set(word, list);
  }
  const assignments = new Map<string, number[]>();
  scanAssignments(text, 0, assignments);
  const changes: InPlaceChange[] = [];
  scanChanges(text, 0, () => false, changes);
  const changedNames = new Map<string, number>();
  for (const change of changes) count(changedNames, change.name, 1);
  return new TextIndex(text, words, assignments, changes, changedNames);
}

/** Where the `count`-th non-blank character of the old text before `offset` is (0 when there are fewer). */
function backOverNonBlanks(old: string, offset: number, count: number): number {
  for (let size = 512; ; size *= 4) {
    const from = Math.max(0, offset - size);
    const piece = readText(old, from, offset, 'old');
    let i = piece.length;
    for (let seen = 0; i > 0 && seen < count; ) if (!/\s/.test(piece[--i]!)) seen++;
    if (i > 0 || from === 0) return from + i;
  }
}

/** The names assigned in `lines`, and those of `also`. */
function assignedNames(lines: string, also: ReadonlyMap<string, unknown>): Set<string> {
  const found = new Map<string, number[]>();
  scanAssignments(lines, 0, found);
  return new Set([...found.keys(), ...also.keys()]);
}

/** Entries of a sorted list in [from, to] replaced by `added`, later ones shifted by `delta`. */
function spliceSorted(list: number[], from: number, to: number, added: readonly number[], delta: number): void {
  const first = firstAtOrAfter(list, from, (n) => n);
  let last = first;
  while (last < list.length && list[last]! <= to) last++;
  if (delta !== 0) for (let i = last; i < list.length; i++) list[i]! += delta;
  list.splice(first, last - first, ...added);
}

/** Moves `index` from its text to `text`, which differs from it by one edit. */
function updateIndex(index: TextIndex, text: string, { start, oldEnd, newEnd }: { start: number; oldEnd: number; newEnd: number }): void {
  const old = index.text;
  const delta = newEnd - oldEnd;
  // Words and assignments never span a line: the edited lines are scanned again.
  // Read from the edited lines only (the server's text is a rope: reading the string whole copies it).
  const lineStart = lineStartAt(old, start, 'old');
  const oldLineBreak = indexIn(old, '\n', oldEnd, 'old');
  const oldLineEnd = oldLineBreak === -1 ? old.length : oldLineBreak;
  const newLineEnd = oldLineEnd - oldEnd + newEnd;
  const lines = readText(text, lineStart, newLineEnd);
  for (const word of INDEXED_WORDS) {
    const added: number[] = [];
    wordOffsets(lines, word, lineStart, added);
    spliceSorted(index.words.get(word)!, lineStart, oldLineEnd, added, delta);
  }
  const assigned = new Map<string, number[]>();
  scanAssignments(lines, lineStart, assigned);
  // Only the names assigned on the edited lines, before or after the edit, are changed now (a file
  // has thousands of names: not each looked at per keystroke); the others' offsets after the edit
  // move when they are read (TextIndex.shifts).
  const shiftsBefore = index.shifts.length;
  const applied = shiftsBefore + (delta === 0 ? 0 : 1);
  for (const name of assignedNames(readText(old, lineStart, oldLineEnd, 'old'), assigned)) {
    const list = index.assignments.get(name);
    if (!list) continue;
    spliceSorted(index.upToDate(list), lineStart, oldLineEnd, assigned.get(name) ?? [], delta);
    list.applied = applied;
    assigned.delete(name);
    if (list.offsets.length === 0) index.assignments.delete(name);
  }
  for (const [name, offsets] of assigned) index.assignments.set(name, { offsets, applied });
  if (delta !== 0) index.addShift({ after: oldLineEnd, delta });
  updateChanges(index, old, text, start, oldEnd, newEnd);
  index.kept = keepText(text);
}

/**
 * In-place changes: the regex scan restarts at a position the old scan also tried, far enough
 * before the edit that no attempt before it reads into the edit, and stops at the first match past
 * the edit that the old scan also found; from there on both scans are the same.
 */
function updateChanges(index: TextIndex, old: string, text: string, start: number, oldEnd: number, newEnd: number): void {
  const delta = newEnd - oldEnd;
  const changes = index.changes;
  let from = backOverNonBlanks(old, start, CHANGE_READ_LIMIT);
  from = lineStartAt(old, from, 'old');
  // The first match ending after `from`; one running over it (its blanks span lines) restarts the scan at its start.
  const first = firstAtOrAfter(changes, from + 1, (c) => c.end);
  if (first < changes.length && changes[first]!.index < from) from = changes[first]!.index;
  let added: InPlaceChange[] = [];
  let resume = changes.length;
  // Scanned in a piece of the text from the line of `from` (names are read back to their line's
  // start), doubled until the scan stops where no attempt before the stop can read past the piece
  // (CHANGE_READ_LIMIT non-blanks after it) and `del`'s targets are inside it.
  const pieceStart = lineStartAt(text, from);
  for (let size = CHANGE_SCAN_PIECE; ; size *= 2) {
    const pieceEnd = Math.min(text.length, from + size);
    const piece = readText(text, pieceStart, pieceEnd);
    let stoppedAt: number | undefined;
    added = [];
    resume = changes.length;
    scanChanges(
      piece,
      from - pieceStart,
      (index, end) => {
        if (index <= newEnd) return false;
        const i = firstAtOrAfter(changes, index - delta, (c) => c.index);
        if (i >= changes.length || changes[i]!.index !== index - delta) return false;
        resume = i;
        stoppedAt = end;
        return true;
      },
      added,
      pieceStart,
    );
    if (pieceEnd === text.length) break;
    const lastAdded = added[added.length - 1];
    if (stoppedAt !== undefined && nonBlanksFrom(piece, stoppedAt - pieceStart, CHANGE_READ_LIMIT) && (!lastAdded || lastAdded.end + DEL_TARGET_READ <= pieceEnd)) break;
  }
  const names = index.changedNames;
  // Whether each name counted below was changed in place before this edit: the set's version grows if any differs after.
  const hadChanges = new Map<string, boolean>();
  const recount = (name: string | undefined, by: number): void => {
    if (name !== undefined && !hadChanges.has(name)) hadChanges.set(name, (names.get(name) ?? 0) > 0);
    count(names, name, by);
  };
  for (let i = first; i < resume; i++) recount(changes[i]!.name, -1);
  for (const c of added) recount(c.name, 1);
  if (delta !== 0) {
    for (let i = resume; i < changes.length; i++) {
      changes[i]!.index += delta;
      changes[i]!.end += delta;
    }
  }
  changes.splice(first, resume - first, ...added);
  const reread = (c: InPlaceChange): void => {
    const name = changedNameIn(text, c.index, c.end);
    if (name === c.name) return;
    recount(c.name, -1);
    recount(name, 1);
    c.name = name;
  };
  // Names are read on the match's line, and `del` reads ahead: names near the edit are read again.
  for (let i = first - 1; i >= 0 && changes[i]!.end + DEL_TARGET_READ >= start; i--) reread(changes[i]!);
  const lineBreak = indexIn(text, '\n', newEnd);
  const lineEnd = lineBreak === -1 ? text.length : lineBreak;
  for (let i = first + added.length; i < changes.length && changes[i]!.index <= lineEnd; i++) reread(changes[i]!);
  for (const [name, had] of hadChanges) {
    if ((names.get(name) ?? 0) > 0 !== had) {
      index.inPlaceNamesVersion++;
      break;
    }
  }
}

/** The first item whose key is >= value, in a list sorted by that key. */
function firstAtOrAfter<T>(list: readonly T[], value: number, key: (item: T) => number): number {
  let low = 0;
  let high = list.length;
  while (low < high) {
    const middle = (low + high) >> 1;
    if (key(list[middle]!) < value) low = middle + 1;
    else high = middle;
  }
  return low;
}

/** The last few indexes; an index follows its document from edit to edit. */
const recent: TextIndex[] = [];
const MAX_RECENT = 8;
/** An edit larger than this is read from scratch. */
const MAX_EDIT = 64 * 1024;

/** Below this length an index is built afresh and not kept: cheaper than looking for one. */
const MIN_KEPT_LENGTH = 8192;
/** The last short text's index: one check asks for it several times (each host, the suppressions). */
let lastShort: TextIndex | undefined;

/** The index of `text`, updated from a recent text that differs from it by one small edit, else built. */
export function pythonTextIndex(text: string): PythonTextIndex {
  if (text.length < MIN_KEPT_LENGTH) {
    if (lastShort?.text !== text) lastShort = buildIndex(text);
    return lastShort;
  }
  for (let i = 0; i < recent.length; i++) {
    const index = recent[i]!;
    const old = index.text;
    const known = knownChange(index.kept, text);
    if (known === 'same' || (known === undefined && old === text)) return index;
    // Another document's text (or a rewrite) differs at both ends or in length: read afresh rather than from it.
    if (Math.abs(old.length - text.length) > MAX_EDIT) continue;
    if (!known && !old.startsWith(text.slice(0, 64)) && !old.endsWith(text.slice(-64))) continue;
    const edit = known ?? findEdit(old, text);
    const changed = Math.max(edit.oldEnd, edit.newEnd) - edit.start;
    if (changed > MAX_EDIT || changed * 2 > text.length) continue;
    updateIndex(index, text, edit);
    recent.splice(i, 1);
    recent.unshift(index);
    return index;
  }
  const index = buildIndex(text);
  recent.unshift(index);
  if (recent.length > MAX_RECENT) recent.pop();
  return index;
}

/** Every name's assignment offsets (tests compare an updated index with a fresh one). */
export function assignmentsByName(index: PythonTextIndex): Map<string, readonly number[]> {
  const all = (index as TextIndex).assignments;
  return new Map([...all.keys()].sort().map((name) => [name, index.assignmentsOf(name)]));
}

/** A fresh index (tests compare it with an updated one). */
export function buildPythonTextIndex(text: string): PythonTextIndex & { changes: readonly InPlaceChange[] } {
  return buildIndex(text);
}

/** Forgets every kept index (the benchmark's first-check figure starts from none). */
export function clearPythonTextIndexes(): void {
  recent.length = 0;
  lastShort = undefined;
}

/** Runs `read` with no kept index, and keeps them again after (tests compare with a fresh read). */
export function withoutKeptIndexes<T>(read: () => T): T {
  const kept = recent.splice(0, recent.length);
  const keptShort = lastShort;
  lastShort = undefined;
  try {
    return read();
  } finally {
    recent.splice(0, recent.length, ...kept);
    lastShort = keptShort;
  }
}
