// Completion: keys valid at the cursor (not those already present), enum values, and whole-config
// snippets, each inserted with the host's quoting (Python quote style, JSON, shell-escaped JSON,
// shorthand). Works inside strings: the string's content is replaced, its quotes are kept.
import type { DocumentKind } from '../check';
import { fromApiKey } from '../keys';
import type { ConfigBlock, ConfigSyntax, KeyDialect, ObjectNode, Span } from '../model';
import { resolveSchema, schemaAtPath, type SchemaNode } from '../schema';
import { propertyOf, stringValue, valueOf } from '../tree';
import { blockAt, locate } from './locate';

export interface CompletionEntry {
  label: string;
  kind: 'property' | 'value' | 'snippet';
  detail: string;
  documentation: string;
  /** Snippet syntax ($1, ${1:x}, ${1|a,b|}). */
  insertText: string;
  /** What the insertion replaces. */
  replace: Span;
  /**
   * What the editor matches the typed text against: the label, with the opening quote in front when
   * the replaced text starts with one (`"Wa|"` replaced by a whole entry), or the typed `"` would
   * filter every item out.
   */
  filterText: string;
  sortText?: string;
}

/** An entry before its filter text is known. */
type Entry = Omit<CompletionEntry, 'filterText'>;

/** Example values for integers without a default: what a first config would use. */
const EXAMPLE_INTEGERS: Record<string, number> = {
  WaitIntervalInSeconds: 600,
  MaximumExecutionTimeoutInSeconds: 3600,
  TerminationWaitInSeconds: 0,
  Value: 10,
};

interface Style {
  syntax: ConfigSyntax;
  quote: string;
  /** Inside a double-quoted shell string, JSON quotes are written \". */
  escapeQuotes: boolean;
  keyDialect?: KeyDialect;
}

function styleOf(text: string, block: ConfigBlock | undefined, kind: DocumentKind): Style {
  if (block) {
    const escaped = block.host === 'cli' && block.syntax === 'json' && text.slice(block.root.offset + 1, block.root.offset + 3) === '\\"';
    return { syntax: block.syntax, quote: block.syntax === 'python' || block.syntax === 'python-call' || block.syntax === 'js' ? (block.quote ?? '"') : '"', escapeQuotes: escaped, ...(block.keyDialect ? { keyDialect: block.keyDialect } : {}) };
  }
  return { syntax: kind === 'python' ? 'python' : 'json', quote: '"', escapeQuotes: false };
}

/** Keys written bare: shorthand, YAML, HCL and JavaScript object literals. */
const bareKeys = (style: Style): boolean => style.syntax === 'shorthand' || style.syntax === 'yaml' || style.syntax === 'hcl' || style.syntax === 'js' || style.syntax === 'python-call';

function quotedKey(key: string, style: Style): string {
  const written = fromApiKey(key, style.keyDialect);
  return bareKeys(style) ? written : quoted(written, style);
}

function quoted(value: string, style: Style): string {
  if (style.syntax === 'shorthand' || style.syntax === 'yaml') return value;
  const quote = style.escapeQuotes ? '\\"' : style.quote;
  return `${quote}${value}${quote}`;
}

/** The snippet for a value of this schema, e.g. `"${1|ALL_AT_ONCE,CANARY,LINEAR|}"` or `${1:600}`. */
function valueSnippet(schema: SchemaNode, key: string, style: Style): string {
  const resolved = resolveSchema(schema);
  if (resolved.enum) return quoted(`\${1|${resolved.enum.join(',')}|}`, style);
  if (resolved.type === 'integer') return `\${1:${resolved.default ?? EXAMPLE_INTEGERS[key] ?? resolved.minimum ?? 0}}`;
  if (resolved.type === 'object') return style.syntax === 'python-call' ? 'dict($1)' : '{$1}';
  if (resolved.type === 'array') return '[$1]';
  if (resolved.type === 'string') return quoted('$1', style);
  return '$1';
}

function keyEntry(key: string, schema: SchemaNode, parentSchema: SchemaNode, style: Style, replace: Span, insideString: boolean): Entry {
  const resolved = resolveSchema(schema);
  const required = parentSchema.required?.includes(key) ?? false;
  const separator = style.syntax === 'shorthand' || style.syntax === 'python-call' ? '=' : style.syntax === 'hcl' ? ' = ' : ': ';
  const written = fromApiKey(key, style.keyDialect);
  // HCL nested objects are blocks: `canary_size {` ... `}`.
  const hclBlock = style.syntax === 'hcl' && (resolved.type === 'object' || (resolved.type === 'array' && resolveSchema(resolved.items ?? {}).type === 'object'));
  return {
    label: written,
    kind: 'property',
    detail: `${resolved.type ?? ''}${required ? ' · required' : ''}`,
    documentation: schema.description ?? resolved.description ?? '',
    insertText: insideString ? written : hclBlock ? `${written} {\n\t$1\n}` : `${quotedKey(key, style)}${separator}${valueSnippet(schema, key, style)}`,
    replace,
    sortText: `${required ? '0' : '1'}${written}`,
  };
}

/** If the cursor is inside a quoted word, the span of the word between the quotes. */
function stringContentAround(text: string, offset: number): Span | undefined {
  let start = offset;
  while (start > 0 && /[A-Za-z0-9_]/.test(text[start - 1]!)) start--;
  const opening = text[start - 1];
  if (opening !== '"' && opening !== "'") return undefined;
  let end = offset;
  while (end < text.length && /[A-Za-z0-9_]/.test(text[end]!)) end++;
  return { offset: start, length: end - start };
}

/**
 * A key being typed as a lone string (`"Wai|"` with no `:` after it yet): the span of the whole
 * quoted string, so accepting a key writes the complete entry (`"Key": value`) over it, as VS Code's
 * JSON completion does. Undefined when the key already has its value.
 */
function loneKeyString(text: string, content: Span, style: Style): Span | undefined {
  if (style.syntax === 'shorthand') return undefined;
  const quote = text[content.offset - 1];
  const escaped = style.escapeQuotes && text[content.offset - 2] === '\\';
  const close = content.offset + content.length;
  if (text[close] !== quote && !(escaped && text[close] === '\\' && text[close + 1] === quote)) return undefined;
  const afterClose = close + (escaped ? 2 : 1);
  if (/^\s*[:=]/.test(text.slice(afterClose, afterClose + 40))) return undefined;
  const start = content.offset - (escaped ? 2 : 1);
  return { offset: start, length: afterClose - start };
}

function wordAround(text: string, offset: number): Span {
  let start = offset;
  while (start > 0 && /[A-Za-z0-9_]/.test(text[start - 1]!)) start--;
  let end = offset;
  while (end < text.length && /[A-Za-z0-9_]/.test(text[end]!)) end++;
  return { offset: start, length: end - start };
}

/**
 * Keys that would contradict what the object already says: the size of another traffic-routing
 * mode (LinearStepSize in a CANARY config: size-mode-mismatch), or the other update policy
 * (conflicting-policies). Offering them would invite an error.
 */
function contradictedKeys(path: readonly (string | number)[], object: ObjectNode | undefined): Set<string> {
  const contradicted = new Set<string>();
  if (path.length === 0) {
    if (propertyOf(object, 'BlueGreenUpdatePolicy')) contradicted.add('RollingUpdatePolicy');
    if (propertyOf(object, 'RollingUpdatePolicy')) contradicted.add('BlueGreenUpdatePolicy');
  }
  if (path[path.length - 1] === 'TrafficRoutingConfiguration') {
    const mode = stringValue(valueOf(object, 'Type'));
    if (mode === 'CANARY' || mode === 'ALL_AT_ONCE') contradicted.add('LinearStepSize');
    if (mode === 'LINEAR' || mode === 'ALL_AT_ONCE') contradicted.add('CanarySize');
  }
  return contradicted;
}

function keyCompletions(path: (string | number)[], object: ObjectNode | undefined, style: Style, replace: Span, insideString: boolean, currentKey?: string): Entry[] {
  const schema = schemaAtPath(path);
  if (!schema?.properties) return [];
  const contradicted = contradictedKeys(path, object);
  // A key being typed is in the tree as a property (YAML reads `Wai` as a key): it does not count as present.
  return Object.entries(schema.properties)
    .filter(([key]) => key === currentKey || (!propertyOf(object, key) && !contradicted.has(key)))
    .map(([key, member]) => keyEntry(key, member, schema, style, replace, insideString));
}

function enumCompletions(path: (string | number)[], replace: Span, style: Style, insideString: boolean): Entry[] {
  const schema = schemaAtPath(path);
  const values = schema?.enum;
  if (!schema || !values) return [];
  return values.map((value, i) => ({
    label: value,
    kind: 'value' as const,
    detail: path.filter((p) => typeof p === 'string').slice(-2).join('.'),
    documentation: schema['x-enumDescriptions']?.[value] ?? '',
    insertText: insideString ? value : quoted(value, style),
    replace,
    sortText: String(i),
  }));
}

// Whole-config templates; `@n:x@` marks snippet placeholders.
const TEMPLATES: Record<string, { title: string; value: unknown }> = {
  ALL_AT_ONCE: {
    title: 'blue/green, all at once',
    value: { BlueGreenUpdatePolicy: { TrafficRoutingConfiguration: { Type: 'ALL_AT_ONCE', WaitIntervalInSeconds: '@1:600@' }, TerminationWaitInSeconds: '@2:0@', MaximumExecutionTimeoutInSeconds: '@3:1800@' } },
  },
  CANARY: {
    title: 'blue/green, canary then the rest',
    value: { BlueGreenUpdatePolicy: { TrafficRoutingConfiguration: { Type: 'CANARY', CanarySize: { Type: 'CAPACITY_PERCENT', Value: '@1:20@' }, WaitIntervalInSeconds: '@2:600@' }, TerminationWaitInSeconds: '@3:600@', MaximumExecutionTimeoutInSeconds: '@4:3600@' } },
  },
  LINEAR: {
    title: 'blue/green, linear steps',
    value: { BlueGreenUpdatePolicy: { TrafficRoutingConfiguration: { Type: 'LINEAR', LinearStepSize: { Type: 'CAPACITY_PERCENT', Value: '@1:25@' }, WaitIntervalInSeconds: '@2:300@' }, TerminationWaitInSeconds: '@3:300@', MaximumExecutionTimeoutInSeconds: '@4:3600@' } },
  },
  ROLLING: {
    title: 'rolling batches',
    value: { RollingUpdatePolicy: { MaximumBatchSize: { Type: 'CAPACITY_PERCENT', Value: '@1:25@' }, WaitIntervalInSeconds: '@2:300@', MaximumExecutionTimeoutInSeconds: '@3:3600@', RollbackMaximumBatchSize: { Type: 'CAPACITY_PERCENT', Value: '@4:100@' } } },
  },
};
const ALARMS_TEMPLATE = { AutoRollbackConfiguration: { Alarms: [{ AlarmName: '@9:my-endpoint-5xx-alarm@' }] } };

/** Prints a template in the host's syntax; `indent` is the indentation of the line the value starts on. */
function printTemplate(value: unknown, style: Style, indent: string, multiline: boolean, depth = 0): string {
  const pad = (d: number): string => (multiline ? '\n' + indent + '    '.repeat(d) : '');
  if (typeof value === 'string') {
    const placeholder = /^@(\d+):(.*)@$/.exec(value);
    if (placeholder) {
      const body = `\${${placeholder[1]}:${placeholder[2]}}`;
      return /^\d+$/.test(placeholder[2]!) ? body : quoted(body, style);
    }
    return quoted(value, style);
  }
  if (Array.isArray(value)) {
    const items = value.map((v) => printTemplate(v, style, indent, multiline, depth + 1));
    return style.syntax === 'shorthand' ? `[${items.join(',')}]` : `[${items.join(', ')}]`;
  }
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).map(([k, v]) =>
      style.syntax === 'shorthand' ? `${k}=${printTemplate(v, style, indent, false, depth + 1)}` : `${quoted(k, style)}: ${printTemplate(v, style, indent, multiline && depth < 1, depth + 1)}`,
    );
    if (style.syntax === 'shorthand') return depth === 0 ? entries.join(',') : `{${entries.join(',')}}`;
    if (!multiline || depth >= 1) return `{${entries.join(', ')}}`;
    return `{${entries.map((e) => pad(depth + 1) + e).join(',')}${pad(depth)}}`;
  }
  return String(value);
}

function snippetEntries(style: Style, indent: string, replace: Span, wrapInShellQuotes: boolean): Entry[] {
  return Object.entries(TEMPLATES).map(([mode, template], i) => {
    const value = { ...(template.value as object), ...ALARMS_TEMPLATE };
    let body = printTemplate(value, style, indent, !wrapInShellQuotes);
    if (wrapInShellQuotes) body = `'${body}'`;
    return {
      label: `DeploymentConfig: ${mode.toLowerCase().replace(/_/g, '-')}`,
      kind: 'snippet' as const,
      detail: template.title,
      documentation: `A ${template.title} DeploymentConfig with sensible values and a rollback alarm placeholder.`,
      insertText: body,
      replace,
      sortText: `~${i}`,
    };
  });
}

function lineIndent(text: string, offset: number): string {
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  return /^[ \t]*/.exec(text.slice(lineStart))![0];
}

export function completionsAt(text: string, kind: DocumentKind, blocks: readonly ConfigBlock[], offset: number): CompletionEntry[] {
  return entriesAt(text, kind, blocks, offset).map((entry) => {
    const quote = /^\\?["']/.exec(text.slice(entry.replace.offset, entry.replace.offset + 2))?.[0] ?? '';
    return { ...entry, filterText: quote + entry.label };
  });
}

function entriesAt(text: string, kind: DocumentKind, blocks: readonly ConfigBlock[], offset: number): Entry[] {
  const before = text.slice(Math.max(0, offset - 200), offset);
  const block = blockAt(blocks, offset);
  // Where a whole DeploymentConfig value is expected and none is written yet.
  if (!block) {
    const empty = { offset, length: 0 };
    if (/DeploymentConfig\s*=\s*$/.test(before)) return snippetEntries(styleOf(text, undefined, 'python'), lineIndent(text, offset), empty, false);
    if (/"DeploymentConfig"\s*:\s*$/.test(before)) return snippetEntries(styleOf(text, undefined, kind === 'python' ? 'python' : 'json'), lineIndent(text, offset), empty, false);
    if (/--deployment-config(=|\s+)$/.test(before)) return snippetEntries({ syntax: 'json', quote: '"', escapeQuotes: false }, '', empty, true);
    // `DeploymentConfig={"Blu|"}` is not a dict yet (a set): offer the root keys.
    const rootStart = /DeploymentConfig["']?\s*[=:]\s*\{\s*["']?[A-Za-z]*$/.test(before);
    const inString = stringContentAround(text, offset);
    if (rootStart) return keyCompletions([], undefined, styleOf(text, undefined, kind === 'python' ? 'python' : 'json'), inString ?? wordAround(text, offset), Boolean(inString));
    if (kind === 'json' && /^\s*\{\s*\}\s*$/.test(text)) {
      return snippetEntries(styleOf(text, undefined, 'json'), '', { offset: text.indexOf('{'), length: text.lastIndexOf('}') + 1 - text.indexOf('{') }, false);
    }
    return [];
  }
  const location = locate(blocks, offset);
  if (!location) return [];
  const style = styleOf(text, block, kind);
  const inString = stringContentAround(text, offset);

  // On a key: the keys of the object that holds it.
  if (location.keyOf) {
    const lone = inString && loneKeyString(text, inString, style);
    if (lone) return keyCompletions(location.path.slice(0, -1), location.parent, style, lone, false, location.keyOf.key);
    const replace = inString ?? location.keyOf.keySpan;
    return keyCompletions(location.path.slice(0, -1), location.parent, style, replace, Boolean(inString), location.keyOf.key);
  }
  const node = location.node;
  // In a value: its enum values.
  if (node.kind === 'string' || (node.kind === 'unknown' && !node.text.startsWith('{'))) {
    if (style.syntax === 'shorthand') return enumCompletions(location.path, wordAround(text, offset), style, true);
    return enumCompletions(location.path, inString ?? node, style, Boolean(inString));
  }
  if (node.kind === 'object' || (node.kind === 'unknown' && node.text.startsWith('{'))) {
    // `"Key": |` with the value not written yet: the key's values.
    const valueOf = /["']?([A-Za-z]+)["']?\s*(?::|=)\s*["']?([A-Za-z_]*)$/.exec(before);
    if (valueOf && !/[,{]\s*["']?[A-Za-z]*$/.test(before.slice(before.lastIndexOf(valueOf[0])))) {
      const path = [...location.path, valueOf[1]!];
      const replace = inString ?? (style.syntax === 'shorthand' ? wordAround(text, offset) : { offset: offset - valueOf[2]!.length, length: valueOf[2]!.length });
      const values = enumCompletions(path, replace, style, Boolean(inString) || style.syntax === 'shorthand');
      if (values.length) return values;
    }
    const object = node.kind === 'object' ? node : undefined;
    const lone = inString && loneKeyString(text, inString, style);
    const replace = lone || inString || wordAround(text, offset);
    const keys = keyCompletions(location.path, object, style, replace, Boolean(inString) && !lone);
    const isEmptyRoot = location.path.length === 0 && object?.properties.length === 0;
    if (isEmptyRoot && !inString) {
      const wholeObject = { offset: node.offset, length: node.length };
      return [...keys, ...snippetEntries(style, lineIndent(text, node.offset), wholeObject, false)];
    }
    return keys;
  }
  return [];
}
