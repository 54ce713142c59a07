// Prints plain values (and verbatim source pieces) as config text in a block's own syntax and
// style: Python dicts with the file's quotes, indentation and trailing commas; JSON on one line
// or indented like the original; AWS CLI shorthand (`Key={A=b,C=[{D=e}]}`). The result is config
// text; the editor writes it for its host (shell quoting) where it lands.
import { fromApiKey } from '../keys';
import type { ConfigBlock, ConfigSyntax, KeyDialect, ObjectNode, ValueNode } from '../model';

/** Source text kept as written (a name, an f-string, a subtree moved elsewhere). */
export class Verbatim {
  constructor(readonly text: string) {}
}

export type PlainValue = null | boolean | number | string | Verbatim | PlainValue[] | PlainObject;
export interface PlainObject {
  [key: string]: PlainValue;
}

/** What an object is, to print it the way the original prints objects of its kind. */
export type ObjectKind = 'root' | 'policy' | 'routing' | 'size' | 'rollback' | 'alarm' | 'other';

export function objectKindOf(key: string | undefined): ObjectKind {
  switch (key) {
    case undefined:
      return 'root';
    case 'BlueGreenUpdatePolicy':
    case 'RollingUpdatePolicy':
      return 'policy';
    case 'TrafficRoutingConfiguration':
      return 'routing';
    case 'CanarySize':
    case 'LinearStepSize':
    case 'MaximumBatchSize':
    case 'RollbackMaximumBatchSize':
      return 'size';
    case 'AutoRollbackConfiguration':
      return 'rollback';
    case 'Alarms':
      return 'alarm';
    default:
      return 'other';
  }
}

export interface PrintStyle {
  syntax: ConfigSyntax;
  /** Python: the quote new strings get. JSON and shorthand: '"'. */
  quote: '"' | "'";
  indentUnit: string;
  eol: string;
  /** Python: the last entry of a multi-line dict has a comma. */
  trailingComma: boolean;
  /** Between a key and its value: ': ' (Python/JSON as written) or '=' (shorthand). */
  colon: string;
  /** Between the entries of a one-line object: ', ' or ','. */
  comma: string;
  /** Inside the braces of a one-line object: ' ' in `{ "a": 1 }`, '' in `{"a": 1}`. */
  padding: string;
  /** The config spans several lines: new objects may too. */
  multiline: boolean;
  /** Whether objects of a kind are printed on one line (learned from the original). */
  inline: Partial<Record<ObjectKind, boolean>>;
  /** The host's key style: keys are given as API names and printed in it. */
  keyDialect?: KeyDialect;
}

/** Whitespace at the start of the line that holds `offset`. */
export function lineIndentAt(text: string, offset: number): string {
  const start = lineStartOf(text, offset);
  return /^[ \t]*/.exec(text.slice(start, start + 200))![0];
}

/**
 * The indentation of a line as a block's syntax counts it. YAML: the column its keys stand at, past
 * the `- ` of the sequence items the line opens (`- Key: v` holds a mapping whose other keys line
 * up under `Key`, not under the dash); elsewhere the line's own leading white space.
 */
export function indentAt(text: string, offset: number, syntax: ConfigSyntax): string {
  if (syntax !== 'yaml') return lineIndentAt(text, offset);
  const start = lineStartOf(text, offset);
  const lead = /^[ \t]*(?:-[ \t]+)*/.exec(text.slice(start, start + 200))![0];
  return lead.includes('-') ? ' '.repeat(lead.length) : lead;
}

export function lineStartOf(text: string, offset: number): number {
  return Math.max(text.lastIndexOf('\n', offset - 1), text.lastIndexOf('\r', offset - 1)) + 1;
}

/** Offset of the line break ending the line that holds `offset` (or the text's end). */
export function lineEndOf(text: string, offset: number): number {
  for (let i = offset; i < text.length; i++) if (text[i] === '\n' || text[i] === '\r') return i;
  return text.length;
}

export const endOfSpan = (span: { offset: number; length: number }): number => span.offset + span.length;

/**
 * Whether an object is laid out one entry per line: every entry starts its own line and is
 * followed on that line only by a comma and a comment.
 */
export function isMultilineObject(text: string, object: ObjectNode, commentMarker: string | undefined): boolean {
  if (object.properties.length === 0) return false;
  if (!text.slice(object.offset, endOfSpan(object)).includes('\n')) return false;
  for (const property of object.properties) {
    if (text.slice(lineStartOf(text, property.offset), property.offset).trim() !== '') return false;
    const rest = text.slice(endOfSpan(property), lineEndOf(text, endOfSpan(property)));
    const withoutComma = rest.replace(/^[ \t]*,?[ \t]*/, '');
    if (withoutComma !== '' && !(commentMarker && withoutComma.startsWith(commentMarker))) return false;
  }
  return true;
}

export function commentMarkerOf(syntax: ConfigSyntax): string | undefined {
  return syntax === 'python' || syntax === 'python-call' || syntax === 'yaml' || syntax === 'hcl' ? '#' : syntax === 'json' || syntax === 'js' ? '//' : undefined;
}

export const isPythonSyntax = (syntax: ConfigSyntax): boolean => syntax === 'python' || syntax === 'python-call';

/** Entries of a multi-line object end with commas (not in YAML block mappings and HCL blocks). */
export const hasSeparators = (syntax: ConfigSyntax): boolean => syntax !== 'yaml' && syntax !== 'hcl';

/** A YAML block mapping (no braces) or an HCL block: always one entry per line. */
export function isBlockObject(text: string, object: ObjectNode, syntax: ConfigSyntax): boolean {
  if (syntax === 'hcl') return object.properties.length > 0;
  return syntax === 'yaml' && object.properties.length > 0 && text[object.offset] !== '{';
}

function mostCommon(values: string[]): string | undefined {
  const counts = new Map<string, number>();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  let best: string | undefined;
  let bestCount = 0;
  for (const [value, count] of counts) {
    if (count > bestCount || (count === bestCount && best !== undefined && value.length < best.length)) {
      best = value;
      bestCount = count;
    }
  }
  return best;
}

/** Learns a block's style from its text: quotes, indentation, separators, which objects sit on one line. */
export function detectStyle(text: string, block: ConfigBlock, sourceOf: (from: number, to: number) => string = (a, b) => text.slice(a, b)): PrintStyle {
  const syntax = block.syntax;
  const marker = commentMarkerOf(syntax);
  const style: PrintStyle = {
    syntax,
    quote: (isPythonSyntax(syntax) || syntax === 'js') && block.quote === "'" ? "'" : '"',
    indentUnit: isPythonSyntax(syntax) ? '    ' : '  ',
    eol: text.includes('\r\n') ? '\r\n' : '\n',
    trailingComma: false,
    colon: syntax === 'shorthand' ? '=' : ': ',
    comma: syntax === 'shorthand' ? ',' : ', ',
    padding: '',
    multiline: syntax !== 'shorthand' && (isBlockObject(text, block.root as ObjectNode, syntax) || text.slice(block.root.offset, endOfSpan(block.root)).includes('\n')),
    inline: {},
    ...(block.keyDialect ? { keyDialect: block.keyDialect } : {}),
  };
  if (syntax === 'hcl') style.colon = ' = ';
  if (syntax === 'python-call') style.colon = '=';
  if (syntax === 'shorthand') return style;
  const units: string[] = [];
  const commas: string[] = [];
  const colons: string[] = [];
  const paddings: string[] = [];
  let anyTrailing = false;
  let anyMultiline = false;
  let anyInlineInMultiline = false;
  const learned: Partial<Record<ObjectKind, boolean[]>> = {};
  const visit = (node: ValueNode, key: string | undefined, depth: number): void => {
    if (depth > 40) return;
    if (node.kind === 'array') {
      for (const item of node.items) visit(item, key, depth + 1);
      return;
    }
    if (node.kind !== 'object') return;
    const kind = objectKindOf(key);
    const multiline = isBlockObject(text, node, syntax) || isMultilineObject(text, node, marker);
    if (node.properties.length > 0) (learned[kind] ??= []).push(!multiline);
    if (multiline && isBlockObject(text, node, syntax)) {
      anyMultiline = true;
      // A YAML mapping starts at its first key: its unit is the step from the key that holds it.
      for (const property of node.properties) {
        const value = property.value;
        if (value?.kind === 'object' && isBlockObject(text, value, syntax) && value.properties[0]) {
          const own = indentAt(text, property.offset, syntax);
          const inner = indentAt(text, value.properties[0].offset, syntax);
          if (inner.length > own.length && inner.startsWith(own)) units.push(inner.slice(own.length));
        }
      }
    } else if (multiline) {
      anyMultiline = true;
      const own = lineIndentAt(text, node.offset);
      const inner = lineIndentAt(text, node.properties[0]!.offset);
      if (inner.length > own.length && inner.startsWith(own)) units.push(inner.slice(own.length));
      const last = node.properties[node.properties.length - 1]!;
      if (/^[ \t]*,/.test(text.slice(endOfSpan(last)))) anyTrailing = true;
    } else if (node.properties.length > 0) {
      if (style.multiline) anyInlineInMultiline = true;
      const first = node.properties[0]!;
      if (syntax !== 'hcl') {
        const opening = text.slice(node.offset + 1, first.offset);
        if (/^[ \t]*$/.test(opening)) paddings.push(opening.length > 0 ? ' ' : '');
      }
      for (let i = 1; i < node.properties.length; i++) {
        const between = sourceOf(endOfSpan(node.properties[i - 1]!), node.properties[i]!.offset);
        if (/^[ \t]*,[ \t]*$/.test(between)) commas.push(between.trim() === ',' ? between.replace(/^[ \t]+/, '') : between);
      }
    }
    for (const property of node.properties) {
      if (property.value && property.value.offset >= endOfSpan(property.keySpan) && endOfSpan(property.value) <= endOfSpan(property)) {
        const between = sourceOf(endOfSpan(property.keySpan), property.value.offset);
        if (/^[ \t]*:[ \t]*$/.test(between) && syntax !== 'python-call') colons.push(between.replace(/^[ \t]+/, ''));
      }
      if (property.value) visit(property.value, property.key, depth + 1);
    }
  };
  visit(block.root, undefined, 0);
  style.indentUnit = mostCommon(units) ?? style.indentUnit;
  style.comma = mostCommon(commas) ?? style.comma;
  style.colon = mostCommon(colons) ?? style.colon;
  style.padding = mostCommon(paddings) ?? style.padding;
  style.trailingComma = (isPythonSyntax(syntax) || syntax === 'js') && anyTrailing;
  // Kinds never seen: everything expanded if the original expands everything; else small objects on one line.
  const expandAll = anyMultiline && !anyInlineInMultiline;
  const defaults: Record<ObjectKind, boolean> = expandAll
    ? { root: false, policy: false, routing: false, size: false, rollback: false, alarm: false, other: false }
    : { root: false, policy: false, routing: false, size: true, rollback: true, alarm: true, other: true };
  for (const kind of Object.keys(defaults) as ObjectKind[]) {
    const seen = learned[kind];
    style.inline[kind] = seen && seen.length > 0 ? seen.filter(Boolean).length * 2 >= seen.length : defaults[kind];
  }
  return style;
}

const SHORTHAND_BARE = /^[A-Za-z0-9_.:/@+<>*-]+$/;

function escapePython(value: string, quote: string): string {
  return value.replace(/[\\\n\r\t]/g, (c) => ({ '\\': '\\\\', '\n': '\\n', '\r': '\\r', '\t': '\\t' })[c]!).split(quote).join(`\\${quote}`);
}

/** YAML plain scalars that read as something else (a number, a boolean, null) or hold YAML's indicators. */
const YAML_PLAIN = /^[A-Za-z_/][A-Za-z0-9_ ./:-]*$/;
const YAML_RESERVED = /^(?:true|false|yes|no|on|off|null|y|n|~)$/i;

/**
 * A string in the block's syntax. `quote` keeps a string's own quote style: '"' or "'" (Python,
 * shorthand), '' for a bare shorthand word (when the value allows it).
 */
export function printString(value: string, style: PrintStyle, quote?: string): string {
  switch (style.syntax) {
    case 'python':
    case 'python-call': {
      const q = quote === "'" || quote === '"' ? quote : style.quote;
      return `${q}${escapePython(value, q)}${q}`;
    }
    case 'json':
    case 'hcl':
      return JSON.stringify(value);
    case 'js': {
      const q = quote === "'" || quote === '"' || quote === '`' ? quote : style.quote;
      return `${q}${escapePython(value, q)}${q}`;
    }
    case 'yaml':
      if (quote === "'") return `'${value.split("'").join("''")}'`;
      if (quote !== '"' && YAML_PLAIN.test(value) && !YAML_RESERVED.test(value) && !/[ :]$|: | #/.test(value)) return value;
      return JSON.stringify(value);
    case 'shorthand': {
      if ((quote === undefined || quote === '') && SHORTHAND_BARE.test(value)) return value;
      const q = quote === "'" ? "'" : '"';
      return `${q}${value.replace(/\\/g, '\\\\').split(q).join(`\\${q}`)}${q}`;
    }
  }
}

/** A key (given by its API name) in the host's key style and syntax; `quote` keeps a Python key's quotes. */
export function printKey(key: string, style: PrintStyle, quote?: string): string {
  const written = fromApiKey(key, style.keyDialect);
  switch (style.syntax) {
    case 'shorthand':
    case 'yaml':
    case 'hcl':
    case 'python-call':
      return written;
    case 'js':
      return /^[A-Za-z_$][\w$]*$/.test(written) && !quote ? written : printString(written, style, quote);
    default:
      return printString(written, style, quote);
  }
}

export function printScalar(value: null | boolean | number, style: PrintStyle): string {
  if (value === null) return isPythonSyntax(style.syntax) ? 'None' : 'null';
  if (style.syntax === 'hcl' && typeof value === 'boolean') return String(value);
  if (typeof value === 'boolean') return isPythonSyntax(style.syntax) ? (value ? 'True' : 'False') : String(value);
  return String(value);
}

export interface PrintContext {
  /** Indentation of the line the value starts on. */
  indent: string;
  /** Force one line (the value goes into a one-line object). */
  inline?: boolean;
  /** The key that holds the value: decides its kind and so its layout. */
  key?: string;
}

function isInline(value: PlainValue, style: PrintStyle, context: PrintContext): boolean {
  if (style.syntax === 'hcl') return false;
  if (context.inline || !style.multiline || style.syntax === 'shorthand') return true;
  if (Array.isArray(value)) return value.every((item) => typeof item !== 'object' || item === null || item instanceof Verbatim || isInline(item, style, { ...context, key: context.key }));
  return style.inline[objectKindOf(context.key)] ?? true;
}

export function printValue(value: PlainValue, style: PrintStyle, context: PrintContext): string {
  if (value instanceof Verbatim) return value.text;
  if (value === null || typeof value === 'boolean' || typeof value === 'number') return printScalar(value, style);
  if (typeof value === 'string') return printString(value, style);
  const inline = isInline(value, style, context);
  if (style.syntax === 'yaml' && !inline) return printYamlBlock(value, style, context.indent);
  if (style.syntax === 'hcl') return printHclValue(value, style, context.indent);
  const inner = context.indent + style.indentUnit;
  if (Array.isArray(value)) {
    const items = value.map((item) => printValue(item, style, { indent: inline ? context.indent : inner, inline, ...(context.key !== undefined ? { key: context.key } : {}) }));
    if (inline || items.length === 0) return `[${items.join(style.comma)}]`;
    return `[${style.eol}${items.map((item) => inner + item).join(`,${style.eol}`)}${style.trailingComma ? ',' : ''}${style.eol}${context.indent}]`;
  }
  const entries = Object.entries(value).map(([key, member]) => printEntry(key, member, style, { indent: inline ? context.indent : inner, inline }));
  if (style.syntax === 'python-call') {
    // A new object among keyword arguments: `dict(type="CAPACITY_PERCENT", value=10)`, which the shape classes accept.
    if (inline || entries.length === 0) return `dict(${entries.join(style.comma)})`;
    return `dict(${style.eol}${entries.map((entry) => inner + entry).join(`,${style.eol}`)}${style.trailingComma ? ',' : ''}${style.eol}${context.indent})`;
  }
  if (entries.length === 0) return '{}';
  if (inline) {
    const padding = style.syntax === 'shorthand' ? '' : style.padding;
    return `{${padding}${entries.join(style.comma)}${padding}}`;
  }
  return `{${style.eol}${entries.map((entry) => inner + entry).join(`,${style.eol}`)}${style.trailingComma ? ',' : ''}${style.eol}${context.indent}}`;
}

/**
 * A YAML block collection under a key whose line is indented by `indent`: each entry on its own
 * line one unit deeper (the text starts with the line break, after the key's colon).
 */
function printYamlBlock(value: PlainValue[] | PlainObject, style: PrintStyle, indent: string): string {
  const inner = indent + style.indentUnit;
  if (Array.isArray(value)) {
    if (value.length === 0) return '[]';
    return value
      .map((item) => {
        if (item && typeof item === 'object' && !(item instanceof Verbatim) && !Array.isArray(item)) {
          // `- Key: v` with the item's other keys under the first one.
          const entries = Object.entries(item).map(([key, member]) => printEntry(key, member, style, { indent: inner + '  ' }));
          return `${style.eol}${inner}- ${entries.join(`${style.eol}${inner}  `)}`;
        }
        return `${style.eol}${inner}- ${printValue(item, style, { indent: inner, inline: true })}`;
      })
      .join('');
  }
  const entries = Object.entries(value);
  if (entries.length === 0) return '{}';
  return entries.map(([key, member]) => `${style.eol}${inner}${printEntry(key, member, style, { indent: inner })}`).join('');
}

/**
 * An HCL value: a list of plain values as `[a, b]`; objects are nested blocks, written by
 * printEntry (`key {` ... `}`), so here only their body is printed.
 */
function printHclValue(value: PlainValue[] | PlainObject, style: PrintStyle, indent: string): string {
  if (Array.isArray(value)) return `[${value.map((item) => printValue(item, style, { indent, inline: true })).join(', ')}]`;
  const inner = indent + style.indentUnit;
  const entries = Object.entries(value).map(([key, member]) => `${inner}${printEntry(key, member, style, { indent: inner })}`);
  return `{${style.eol}${entries.join(style.eol)}${style.eol}${indent}}`;
}

const isPlainObject = (value: PlainValue): value is PlainObject => value !== null && typeof value === 'object' && !(value instanceof Verbatim) && !Array.isArray(value);

/** `"Key": value` (or `Key=value`), the value laid out from the entry's own line indentation. */
export function printEntry(key: string, value: PlainValue, style: PrintStyle, context: Omit<PrintContext, 'key'>): string {
  if (style.syntax === 'hcl') {
    // Nested objects are blocks (`key { ... }`), a list of objects is one block per item.
    if (isPlainObject(value)) return `${printKey(key, style)} ${printValue(value, style, { ...context, key })}`;
    // A block moved as written (`{ type = ... }`) stays a block.
    if (value instanceof Verbatim && value.text.startsWith('{')) return `${printKey(key, style)} ${value.text}`;
    if (Array.isArray(value) && value.length > 0 && value.every(isPlainObject)) {
      return value.map((item) => `${printKey(key, style)} ${printValue(item, style, { ...context, key })}`).join(`${style.eol}${context.indent}`);
    }
  }
  const printed = printValue(value, style, { ...context, key });
  // A YAML block collection starts on the next line: no space after the colon.
  if (style.syntax === 'yaml' && printed.startsWith(style.eol)) return `${printKey(key, style)}:${printed}`;
  return `${printKey(key, style)}${style.colon}${printed}`;
}
