// Edits on one config block, in its host's text: set a value, rename a key, remove, replace and
// insert entries of an object, keeping the layout (one line or one entry per line, commas,
// trailing commas, comments on their lines) and writing text the way its place needs it (shell
// quoting for CLI values). Fixes and conversions are both made of these.
import type { ConfigBlock, ObjectNode, PropertyNode, Span, ValueNode } from '../model';
import {
  commentMarkerOf,
  detectStyle,
  endOfSpan,
  hasSeparators,
  isBlockObject,
  isMultilineObject,
  lineEndOf,
  indentAt,
  lineStartOf,
  printEntry,
  printKey,
  printString,
  printValue,
  Verbatim,
  type PlainObject,
  type PlainValue,
  type PrintStyle,
} from './printer';
import { encodeForShell, isWrittenInOneQuoting, quotingAt, unquotedText, wordAround, type ShellWord } from './shell-word';
import type { TextEdit } from './text-edit';

export type Entry = [key: string, value: PlainValue];

export interface ObjectPlan {
  remove?: readonly PropertyNode[];
  /** A property replaced, where it stands, by one or more entries. */
  replace?: ReadonlyMap<PropertyNode, readonly Entry[]>;
  /** New entries after a property (null: before the first one). */
  insert?: readonly { after: PropertyNode | null; entries: readonly Entry[] }[];
}

const within = (inner: Span, outer: Span): boolean => inner.offset >= outer.offset && endOfSpan(inner) <= endOfSpan(outer);

type Item = { kind: 'property'; property: PropertyNode; replacement?: readonly Entry[] } | { kind: 'new'; entry: Entry };

/** Each block's style and shell word, learned once per text: fix all builds one editor per finding. */
const learned = new WeakMap<ConfigBlock, { text: string; word: ShellWord | undefined; style: PrintStyle }>();

export class ConfigEditor {
  readonly edits: TextEdit[] = [];
  readonly style: PrintStyle;
  private readonly word: ShellWord | undefined;

  constructor(
    readonly text: string,
    readonly block: ConfigBlock,
  ) {
    const known = learned.get(block);
    if (known && known.text === text) {
      this.word = known.word;
      this.style = known.style;
      return;
    }
    this.word = block.host === 'cli' ? wordAround(text, block.root.offset) : undefined;
    this.style = detectStyle(text, block, (from, to) => this.sourceOf(from, to));
    learned.set(block, { text, word: this.word, style: this.style });
  }

  /** The config text of a range: as written, or unquoted for a CLI value. */
  sourceOf(from: number, to: number): string {
    return this.word ? unquotedText(this.word, from, to) : this.text.slice(from, to);
  }

  /** Adds an edit, the config text written for where it lands. */
  push(offset: number, length: number, configText: string): void {
    if (this.word && length > 0 && !isWrittenInOneQuoting(this.word, offset, offset + length)) {
      throw new Error('the edit would replace text written in several quotings');
    }
    const newText = this.word ? encodeForShell(configText, quotingAt(this.word, offset)) : configText;
    this.edits.push({ offset, length, newText });
  }

  private get commentMarker(): string | undefined {
    return commentMarkerOf(this.block.syntax);
  }

  isMultiline(object: ObjectNode): boolean {
    if (isBlockObject(this.text, object, this.block.syntax)) return true;
    return this.block.syntax !== 'shorthand' && isMultilineObject(this.text, object, this.commentMarker);
  }

  /** Whether an object stands alone on one line in a multi-line layout (its entries share one line). */
  private isInlineObject(object: ObjectNode): boolean {
    return !this.isMultiline(object);
  }

  /**
   * The plain value of a node: literals as values, names and other non-literals as their source
   * text. A member resolved through a name (`"LinearStepSize": step_size`) is that name.
   */
  plainOf(node: ValueNode, holder?: PropertyNode): PlainValue {
    if (holder && !within(node, holder)) return new Verbatim(this.valueSourceOf(holder));
    switch (node.kind) {
      case 'unknown':
        return new Verbatim(this.sourceOf(node.offset, endOfSpan(node)));
      case 'string':
      case 'number':
      case 'boolean':
        return node.value;
      case 'null':
        return null;
      case 'array':
        return node.items.map((item) => this.plainOf(item));
      case 'object': {
        const result: PlainObject = {};
        for (const property of node.properties) if (property.value) result[property.key] = this.plainOf(property.value, property);
        return result;
      }
    }
  }

  /** A property's value as written where the property is (`step_size` in `"LinearStepSize": step_size`). */
  valueSourceOf(property: PropertyNode): string {
    if (property.value && within(property.value, property)) return this.sourceOf(property.value.offset, endOfSpan(property.value));
    return this.sourceOf(endOfSpan(property.keySpan), endOfSpan(property))
      .replace(/^\s*[:=]\s*/, '')
      .trim();
  }

  /** The quote a string node is written with: '"', "'" or '' (a bare shorthand word). */
  quoteOf(node: ValueNode): string {
    const source = this.sourceOf(node.offset, endOfSpan(node));
    const match = /^[rRuUfFbB]*(['"`])/.exec(source);
    return match ? match[1]! : '';
  }

  /** Replaces a value; a string keeps the quotes it had. */
  setValue(node: ValueNode, value: PlainValue, options: { inline?: boolean } = {}): void {
    const indent = indentAt(this.text, node.offset, this.block.syntax);
    const printed =
      typeof value === 'string' && node.kind === 'string'
        ? printString(value, this.style, this.quoteOf(node))
        : printValue(value, this.style, { indent, ...(options.inline ? { inline: true } : {}) });
    this.push(node.offset, node.length, printed);
  }

  /** Renames a key (given by its API name), written in the host's key style; a quoted key keeps its quotes. */
  renameKey(property: PropertyNode, key: string): void {
    const keySource = this.sourceOf(property.keySpan.offset, endOfSpan(property.keySpan));
    const quote = /^['"]/.exec(keySource)?.[0] ?? '';
    this.push(property.keySpan.offset, property.keySpan.length, printKey(key, this.style, quote || undefined));
    this.renameShapeClass(property, key);
  }

  /**
   * Keyword arguments of shape classes: the class of the value follows its key
   * (`blue_green_update_policy=BlueGreenUpdatePolicy(` -> `rolling_update_policy=RollingUpdatePolicy(`,
   * CDK's `...BlueGreenUpdatePolicyProperty(` -> `...RollingUpdatePolicyProperty(`).
   */
  private renameShapeClass(property: PropertyNode, key: string): void {
    const value = property.value;
    if (this.block.syntax !== 'python-call' || value?.kind !== 'object' || this.text[value.offset] !== '(') return;
    const between = this.text.slice(endOfSpan(property.keySpan), value.offset);
    const match = /(\w+?)(Property)?\s*$/.exec(between);
    if (!match || match[1] !== property.key) return;
    const classOffset = endOfSpan(property.keySpan) + match.index;
    this.push(classOffset, match[1].length, key);
  }

  /** The comma right after a property on its line, if any. */
  private commaAfter(property: PropertyNode): number | undefined {
    if (!hasSeparators(this.block.syntax)) return undefined;
    const end = endOfSpan(property);
    const match = /^[ \t]*,/.exec(this.text.slice(end, lineEndOf(this.text, end)));
    if (match) return end + match[0].length - 1;
    // CLI values: the comma may be written behind quoting-neutral characters only.
    return undefined;
  }

  /** Removes, replaces and inserts entries of an object, in one consistent set of edits. */
  rewriteObject(object: ObjectNode, plan: ObjectPlan): void {
    const removed = new Set(plan.remove ?? []);
    const replaced = plan.replace ?? new Map<PropertyNode, readonly Entry[]>();
    const insertsAfter = new Map<PropertyNode | null, Entry[]>();
    const properties = object.properties;
    for (const insert of plan.insert ?? []) {
      // Entries after a removed property go after the nearest one kept before it.
      let after = insert.after;
      while (after && removed.has(after)) {
        const index = properties.indexOf(after);
        after = index > 0 ? properties[index - 1]! : null;
      }
      insertsAfter.set(after, [...(insertsAfter.get(after) ?? []), ...insert.entries]);
    }
    const items: Item[] = (insertsAfter.get(null) ?? []).map((entry) => ({ kind: 'new', entry }));
    for (const property of properties) {
      if (!removed.has(property)) {
        const replacement = replaced.get(property);
        items.push(replacement ? { kind: 'property', property, replacement } : { kind: 'property', property });
        for (const entry of insertsAfter.get(property) ?? []) items.push({ kind: 'new', entry });
      }
    }
    if (this.isInlineObject(object)) this.rewriteInline(object, items, removed);
    else this.rewriteMultiline(object, items, removed);
  }

  private separatorOf(object: ObjectNode): string {
    if (this.block.syntax === 'shorthand') return ',';
    const [first, second] = object.properties;
    if (first && second) {
      const between = this.sourceOf(endOfSpan(first), second.offset);
      if (/^[ \t]*,[ \t]*$/.test(between)) return between.replace(/^[ \t]+/, '');
    }
    return this.style.comma;
  }

  private rewriteInline(object: ObjectNode, items: Item[], removed: ReadonlySet<PropertyNode>): void {
    const properties = object.properties;
    const separator = this.separatorOf(object);
    const indent = indentAt(this.text, object.offset, this.block.syntax);
    const print = (entry: Entry): string => printEntry(entry[0], entry[1], this.style, { indent, inline: true });
    // Runs of removed properties go with one separator.
    for (let i = 0; i < properties.length; i++) {
      if (!removed.has(properties[i]!)) continue;
      let j = i;
      while (j + 1 < properties.length && removed.has(properties[j + 1]!)) j++;
      const from = properties[i]!;
      const to = properties[j]!;
      if (j + 1 < properties.length) this.push(from.offset, properties[j + 1]!.offset - from.offset, '');
      else if (i > 0) this.push(endOfSpan(properties[i - 1]!), endOfSpan(to) - endOfSpan(properties[i - 1]!), '');
      else {
        // No property kept: the comma after them goes too, or `{"A": 1,}` leaves `{,}` (and `{**BASE, "A": 1,}` `{**BASE, ,}`).
        const comma = this.commaAfter(to);
        this.push(from.offset, (comma !== undefined ? comma + 1 : endOfSpan(to)) - from.offset, '');
      }
      i = j;
    }
    // New entries: before the first property kept, or after the one they follow.
    const firstKept = items.find((item) => item.kind === 'property');
    let pendingBefore: Entry[] = [];
    let previous: PropertyNode | undefined;
    let pendingAfter: Entry[] = [];
    const flushAfter = (): void => {
      if (previous && pendingAfter.length) this.push(endOfSpan(previous), 0, separator + pendingAfter.map(print).join(separator));
      pendingAfter = [];
    };
    for (const item of items) {
      if (item.kind === 'new') {
        if (previous) pendingAfter.push(item.entry);
        else pendingBefore.push(item.entry);
        continue;
      }
      flushAfter();
      previous = item.property;
      if (item.replacement) this.push(item.property.offset, item.property.length, item.replacement.map(print).join(separator));
    }
    flushAfter();
    if (pendingBefore.length) {
      const printed = pendingBefore.map(print).join(separator);
      if (firstKept && firstKept.kind === 'property') this.push(firstKept.property.offset, 0, printed + separator);
      else if (properties.length > 0) this.push(properties[0]!.offset, 0, printed);
      else {
        const padding = this.block.syntax === 'shorthand' ? '' : this.style.padding;
        const inside = this.sourceOf(object.offset + 1, endOfSpan(object) - 1);
        this.push(object.offset + 1, endOfSpan(object) - 1 - (object.offset + 1), inside.trim() === '' ? `${padding}${printed}${padding}` : inside + printed);
      }
      pendingBefore = [];
    }
  }

  private rewriteMultiline(object: ObjectNode, items: Item[], removed: ReadonlySet<PropertyNode>): void {
    const properties = object.properties;
    const eol = this.style.eol;
    const indent = indentAt(this.text, properties[0]!.offset, this.block.syntax);
    const last = properties[properties.length - 1]!;
    const separated = hasSeparators(this.block.syntax);
    const trailing = this.commaAfter(last) !== undefined || (properties.length === 1 && this.style.trailingComma);
    const print = (entry: Entry): string => printEntry(entry[0], entry[1], this.style, { indent });
    const nextLineStart = (offset: number): number => {
      const end = lineEndOf(this.text, offset);
      return this.text[end] === '\r' && this.text[end + 1] === '\n' ? end + 2 : Math.min(this.text.length, end + 1);
    };
    const commaEdits: TextEdit[] = [];
    const otherEdits: (() => void)[] = [];
    for (const property of properties) {
      if (removed.has(property)) {
        const start = lineStartOf(this.text, property.offset);
        otherEdits.push(() => this.push(start, nextLineStart(endOfSpan(property)) - start, ''));
      }
    }
    let before: string[] = [];
    let previous: PropertyNode | undefined;
    let after: string[] = [];
    const flushAfter = (): void => {
      if (previous && after.length) {
        const at = lineEndOf(this.text, endOfSpan(previous));
        const lines = after.map((line) => eol + indent + line).join('');
        otherEdits.push(() => this.push(at, 0, lines));
      }
      after = [];
    };
    items.forEach((item, index) => {
      const needsComma = separated && (index < items.length - 1 || trailing);
      if (item.kind === 'new') {
        const line = print(item.entry) + (needsComma ? ',' : '');
        if (previous) after.push(line);
        else before.push(line);
        return;
      }
      flushAfter();
      previous = item.property;
      const comma = this.commaAfter(item.property);
      if (separated && needsComma && comma === undefined) commaEdits.push({ offset: endOfSpan(item.property), length: 0, newText: ',' });
      if (!needsComma && comma !== undefined) commaEdits.push({ offset: comma, length: 1, newText: '' });
      if (item.replacement) {
        const printed = item.replacement.map(print).join(`${separated ? ',' : ''}${eol}${indent}`);
        const property = item.property;
        otherEdits.push(() => this.push(property.offset, property.length, printed));
      }
    });
    flushAfter();
    if (before.length) {
      const firstKept = items.find((item): item is Extract<Item, { kind: 'property' }> => item.kind === 'property');
      const at = firstKept ? lineStartOf(this.text, firstKept.property.offset) : lineStartOf(this.text, properties[0]!.offset);
      const lines = before.map((line) => indent + line + eol).join('');
      otherEdits.push(() => this.push(at, 0, lines));
    }
    // Commas first: an insertion after a property's comma must come after the comma.
    for (const edit of commaEdits) this.push(edit.offset, edit.length, edit.newText);
    for (const edit of otherEdits) edit();
  }

  /** The object a property path leads to, when every step is a literal object. */
  static objectAt(root: ValueNode, path: readonly string[]): ObjectNode | undefined {
    let node: ValueNode | undefined = root;
    for (const key of path) {
      if (node?.kind !== 'object') return undefined;
      node = [...node.properties].reverse().find((p) => p.key === key)?.value;
    }
    return node?.kind === 'object' ? node : undefined;
  }
}
