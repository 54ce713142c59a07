// Completion: keys valid at the cursor (not those already present), enum values, and whole-config
// snippets, each inserted with the host's quoting (Python quote style, JSON, shell-escaped JSON,
// shorthand). Works inside strings: the string's content is replaced, its quotes are kept.
import type { DocumentKind } from '../check';
import { fromApiKey } from '../keys';
import { PLACEHOLDER_ALARM_NAME, type ConfigBlock, type ConfigFamily, type ConfigSyntax, type KeyDialect, type ObjectNode, type Span } from '../model';
import { serviceFamily } from '../family';
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

/** A Python config without strings yet (`{}`) is written in the quotes of the code just before it. */
function nearestQuote(text: string, offset: number): string {
  const before = text.slice(Math.max(0, offset - 300), offset);
  return before.lastIndexOf("'") > before.lastIndexOf('"') ? "'" : '"';
}

function isEmptyObject(node: ConfigBlock['root']): boolean {
  return node.kind === 'object' && node.properties.length === 0;
}

function styleOf(text: string, block: ConfigBlock | undefined, kind: DocumentKind): Style {
  if (block) {
    const escaped = block.host === 'cli' && block.syntax === 'json' && text.slice(block.root.offset + 1, block.root.offset + 3) === '\\"';
    return { syntax: block.syntax, quote: block.syntax === 'python' ? (isEmptyObject(block.root) ? nearestQuote(text, block.root.offset) : (block.quote ?? '"')) : block.syntax === 'python-call' || block.syntax === 'js' ? (block.quote ?? '"') : '"', escapeQuotes: escaped, ...(block.keyDialect ? { keyDialect: block.keyDialect } : {}) };
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
function valueSnippet(schema: SchemaNode, key: string, style: Style, family: ConfigFamily): string {
  const resolved = resolveSchema(schema, family);
  if (resolved.enum) return quoted(`\${1|${resolved.enum.join(',')}|}`, style);
  if (resolved.type === 'integer') return `\${1:${resolved.default ?? EXAMPLE_INTEGERS[key] ?? resolved.minimum ?? 0}}`;
  if (resolved.type === 'object') return style.syntax === 'python-call' ? 'dict($1)' : '{$1}';
  if (resolved.type === 'array') return '[$1]';
  if (resolved.type === 'string') return quoted('$1', style);
  return '$1';
}

function keyEntry(key: string, schema: SchemaNode, parentSchema: SchemaNode, style: Style, replace: Span, insideString: boolean, family: ConfigFamily): Entry {
  const resolved = resolveSchema(schema, family);
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
    insertText: insideString ? written : hclBlock ? `${written} {\n\t$1\n}` : `${quotedKey(key, style)}${separator}${valueSnippet(schema, key, style, family)}`,
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

function keyCompletions(path: (string | number)[], object: ObjectNode | undefined, style: Style, replace: Span, insideString: boolean, currentKey?: string, family: ConfigFamily = 'endpoint'): Entry[] {
  const schema = schemaAtPath(path, family);
  if (!schema?.properties) return [];
  const contradicted = contradictedKeys(path, object);
  // A key being typed is in the tree as a property (YAML reads `Wai` as a key): it does not count as present.
  return Object.entries(schema.properties)
    .filter(([key]) => key === currentKey || (!propertyOf(object, key) && !contradicted.has(key)))
    .map(([key, member]) => keyEntry(key, member, schema, style, replace, insideString, family));
}

function enumCompletions(path: (string | number)[], replace: Span, style: Style, insideString: boolean, family: ConfigFamily = 'endpoint'): Entry[] {
  const schema = schemaAtPath(path, family);
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
const ALARMS_TEMPLATE = { AutoRollbackConfiguration: { Alarms: [{ AlarmName: `@9:${PLACEHOLDER_ALARM_NAME}@` }] } };

/** The other families have one update mode each: rolling batches, in their own spelling and layout. */
const FAMILY_TEMPLATES: Partial<Record<ConfigFamily, Record<string, { title: string; value: unknown }>>> = {
  'inference-component': {
    ROLLING: {
      title: 'inference component, rolling batches of copies',
      value: {
        RollingUpdatePolicy: { MaximumBatchSize: { Type: 'COPY_COUNT', Value: '@1:1@' }, WaitIntervalInSeconds: '@2:300@', MaximumExecutionTimeoutInSeconds: '@3:3600@', RollbackMaximumBatchSize: { Type: 'CAPACITY_PERCENT', Value: '@4:100@' } },
        AutoRollbackConfiguration: { Alarms: [{ AlarmName: `@9:${PLACEHOLDER_ALARM_NAME}@` }] },
      },
    },
  },
  'hyperpod-cluster': {
    ROLLING: {
      title: 'HyperPod cluster, rolling batches of instances',
      value: {
        RollingUpdatePolicy: { MaximumBatchSize: { Type: 'CAPACITY_PERCENTAGE', Value: '@1:25@' }, RollbackMaximumBatchSize: { Type: 'CAPACITY_PERCENTAGE', Value: '@2:100@' } },
        WaitIntervalInSeconds: '@3:300@',
        AutoRollbackConfiguration: [{ AlarmName: `@9:${PLACEHOLDER_ALARM_NAME}@` }],
      },
    },
  },
};

/** The family of a config about to be written, from the nearest call or `aws sagemaker` subcommand before the cursor. */
function familyBefore(text: string, offset: number): ConfigFamily {
  const before = text.slice(Math.max(0, offset - 3000), offset);
  const calls = [...before.matchAll(/\b(update_inference_component|update_cluster_software|update_endpoint|create_endpoint|update-inference-component|update-cluster-software|update-endpoint|create-endpoint)\b/g)];
  const last = calls[calls.length - 1]?.[1]?.replace(/-/g, '_');
  return last === 'update_inference_component' ? 'inference-component' : last === 'update_cluster_software' ? 'hyperpod-cluster' : 'endpoint';
}

/** A template value in the host's syntax, one key per line: `indent` is the indentation of the line it starts on. */
function printTemplate(value: unknown, style: Style, layout: Layout, indent: string): string {
  if (typeof value === 'string') {
    const placeholder = /^@(\d+):(.*)@$/.exec(value);
    if (placeholder) {
      const body = `\${${placeholder[1]}:${placeholder[2]}}`;
      return /^\d+$/.test(placeholder[2]!) ? body : quoted(body, style);
    }
    return quoted(value, style);
  }
  const inner = indent + layout.unit;
  if (Array.isArray(value)) {
    const items = value.map((v) => printTemplate(v, style, layout, inner));
    if (style.syntax === 'shorthand') return `[${items.join(',')}]`;
    if (!layout.multiline) return `[${items.join(', ')}]`;
    return `[\n${items.map((item) => inner + item).join(',\n')}\n${indent}]`;
  }
  if (value && typeof value === 'object') {
    if (style.syntax === 'shorthand') return `{${printMembers(value, style, layout, inner).join(',')}}`;
    const members = printMembers(value, style, layout, inner);
    if (!layout.multiline) return `{${members.join(', ')}}`;
    return `{\n${members.map((member) => inner + member).join(',\n')}\n${indent}}`;
  }
  return String(value);
}

/** The members of a template object, each as `key: value` (values laid out from `indent`). */
function printMembers(value: object, style: Style, layout: Layout, indent: string): string[] {
  return Object.entries(value as Record<string, unknown>).map(([k, v]) =>
    style.syntax === 'shorthand' ? `${k}=${printTemplate(v, style, layout, indent)}` : `${quoted(k, style)}: ${printTemplate(v, style, layout, indent)}`,
  );
}

/** How snippets are laid out: one key per line in the document's own indentation, or one line (CLI values). */
interface Layout {
  multiline: boolean;
  unit: string;
}

/** The document's indentation step: a tab, or the smallest indentation of any line (4 when nothing is indented). */
function indentUnit(text: string): string {
  let smallest = Infinity;
  for (const match of text.slice(0, 20_000).matchAll(/^([ \t]+)\S/gm)) {
    if (match[1]!.startsWith('\t')) return '\t';
    smallest = Math.min(smallest, match[1]!.length);
  }
  return ' '.repeat(Number.isFinite(smallest) ? Math.min(smallest, 8) : 4);
}

/**
 * Where a whole config goes: `value` writes it with its braces (after `DeploymentConfig=`);
 * `members` writes its keys into an empty object the user already opened (`{|}`, or a blank line
 * inside one), where everyone starts typing.
 */
type SnippetPlace = { at: 'value'; replace: Span } | { at: 'members'; replace: Span; before: string; after: string };

function snippetEntries(text: string, style: Style, indent: string, place: SnippetPlace, oneLine: boolean, family: ConfigFamily = 'endpoint'): Entry[] {
  const layout: Layout = { multiline: !oneLine, unit: indentUnit(text) };
  const familyTemplates = FAMILY_TEMPLATES[family];
  return Object.entries(familyTemplates ?? TEMPLATES).map(([mode, template], i) => {
    const value = familyTemplates ? (template.value as object) : { ...(template.value as object), ...ALARMS_TEMPLATE };
    let body: string;
    if (place.at === 'value') body = printTemplate(value, style, layout, indent);
    else if (!layout.multiline) body = printMembers(value, style, layout, indent).join(style.syntax === 'shorthand' ? ',' : ', ');
    else body = place.before + printMembers(value, style, layout, indent + layout.unit).join(',\n' + indent + layout.unit) + place.after;
    return {
      label: `DeploymentConfig: ${mode.toLowerCase().replace(/_/g, '-')}`,
      kind: 'snippet' as const,
      detail: template.title,
      documentation: `A ${template.title} DeploymentConfig with sensible values and a rollback alarm placeholder.`,
      insertText: body,
      replace: place.replace,
      sortText: `~${i}`,
    };
  });
}

/**
 * The place for the members of the empty object `object` at `offset`: on the blank line the
 * cursor is on (its indentation replaced), or between `{` and `}` on one line (new lines around).
 * Undefined when the cursor is elsewhere. `indent` is the indentation of the line of the `{`.
 */
function membersPlace(text: string, object: Span, offset: number, indent: string, unit: string): SnippetPlace | undefined {
  const inside = text.slice(object.offset + 1, object.offset + object.length - 1);
  if (inside.trim() !== '' || offset <= object.offset || offset >= object.offset + object.length) return undefined;
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  if (lineStart > object.offset) {
    // A blank line of its own inside `{ }`: the keys replace its indentation, one per line.
    if (text.slice(lineStart, offset).trim() !== '') return undefined;
    return { at: 'members', replace: { offset: lineStart, length: offset - lineStart }, before: indent + unit, after: '' };
  }
  const closeOnSameLine = !text.slice(object.offset, object.offset + object.length).includes('\n');
  return { at: 'members', replace: { offset, length: 0 }, before: '\n' + indent + unit, after: closeOnSameLine ? '\n' + indent : '' };
}

function lineIndent(text: string, offset: number): string {
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  return /^[ \t]*/.exec(text.slice(lineStart))![0];
}

/**
 * What opened the completion: a typed trigger character, or none (Ctrl+Space, or a word being typed).
 * A trigger character offers only what starts at that character, as VS Code's own JSON support
 * does: a quote opens a key or value string, `:`/`=` start a value. Anything else would put a
 * suggestion under the cursor where the user types structure, and Enter would accept it.
 */
export interface CompletionTrigger {
  character?: string;
}

/** The quote just typed before `offset` opens a string (`{"|`, `: '|`), rather than closing one (`"x"|`). */
function opensString(text: string, offset: number): boolean {
  let quote = offset - 1;
  if (text[quote] !== '"' && text[quote] !== "'") return false;
  if (text[quote - 1] === '\\') quote--;
  const before = text[quote - 1];
  return before === undefined || /[\s{\[,:=(]/.test(before);
}

/** Right after a `:` or `=` that separates a key from the value being started. */
function startsValue(text: string, offset: number): boolean {
  return /(?:["'\w]\s*[:=])$/.test(text.slice(Math.max(0, offset - 100), offset));
}

export function completionsAt(text: string, kind: DocumentKind, blocks: readonly ConfigBlock[], offset: number, trigger: CompletionTrigger = {}): CompletionEntry[] {
  let entries = entriesAt(text, kind, blocks, offset);
  const character = trigger.character;
  if (character === '"' || character === "'") {
    if (!opensString(text, offset)) return [];
  } else if (character === ':' || character === '=') {
    if (!startsValue(text, offset)) return [];
    // A value is written after a space, as the user would (`"Type": "CANARY"`), except in shorthand.
    entries = entries
      .filter((entry) => entry.kind !== 'property')
      .map((entry) => (character === ':' && entry.replace.length === 0 ? { ...entry, insertText: ' ' + entry.insertText } : entry));
  } else if (character !== undefined) {
    return [];
  }
  return entries.map((entry) => {
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
    const family = familyBefore(text, offset);
    const value: SnippetPlace = { at: 'value', replace: empty };
    if (/DeploymentConfig\s*=\s*$/.test(before)) return snippetEntries(text, styleOf(text, undefined, 'python'), lineIndent(text, offset), value, false, family);
    if (/"DeploymentConfig"\s*:\s*$/.test(before)) return snippetEntries(text, styleOf(text, undefined, kind === 'python' ? 'python' : 'json'), lineIndent(text, offset), value, false, family);
    if (/--deployment-config(=|\s+)$/.test(before)) {
      return snippetEntries(text, { syntax: 'json', quote: '"', escapeQuotes: false }, '', value, true, family).map((entry) => ({ ...entry, insertText: `'${entry.insertText}'` }));
    }
    // `DeploymentConfig={"Blu|"}` is not a dict yet (a set): offer the root keys.
    const rootStart = /DeploymentConfig["']?\s*[=:]\s*\{\s*["']?[A-Za-z]*$/.test(before);
    const inString = stringContentAround(text, offset);
    if (rootStart) return keyCompletions([], undefined, styleOf(text, undefined, kind === 'python' ? 'python' : 'json'), inString ?? wordAround(text, offset), Boolean(inString), undefined, family);
    if (kind === 'json' && /^\s*\{\s*\}\s*$/.test(text)) {
      const object = { offset: text.indexOf('{'), length: text.lastIndexOf('}') + 1 - text.indexOf('{') };
      const place = membersPlace(text, object, offset, lineIndent(text, object.offset), indentUnit(text));
      return place ? snippetEntries(text, styleOf(text, undefined, 'json'), lineIndent(text, object.offset), place, false) : [];
    }
    return [];
  }
  const location = locate(blocks, offset);
  if (!location) return [];
  const style = styleOf(text, block, kind);
  // The block's family decides the keys and values (no INSTANCE_COUNT for an inference component).
  const family = serviceFamily(block.family, block.root);
  const inString = stringContentAround(text, offset);

  // On a key: the keys of the object that holds it.
  if (location.keyOf) {
    const lone = inString && loneKeyString(text, inString, style);
    if (lone) return keyCompletions(location.path.slice(0, -1), location.parent, style, lone, false, location.keyOf.key, family);
    const replace = inString ?? location.keyOf.keySpan;
    return keyCompletions(location.path.slice(0, -1), location.parent, style, replace, Boolean(inString), location.keyOf.key, family);
  }
  const node = location.node;
  // In a value: its enum values.
  if (node.kind === 'string' || (node.kind === 'unknown' && !node.text.startsWith('{'))) {
    if (style.syntax === 'shorthand') return enumCompletions(location.path, wordAround(text, offset), style, true, family);
    return enumCompletions(location.path, inString ?? node, style, Boolean(inString), family);
  }
  if (node.kind === 'object' || (node.kind === 'unknown' && node.text.startsWith('{'))) {
    // `"Key": |` with the value not written yet: the key's values.
    const valueOf = /["']?([A-Za-z]+)["']?\s*(?::|=)\s*["']?([A-Za-z_]*)$/.exec(before);
    if (valueOf && !/[,{]\s*["']?[A-Za-z]*$/.test(before.slice(before.lastIndexOf(valueOf[0])))) {
      const path = [...location.path, valueOf[1]!];
      const replace = inString ?? (style.syntax === 'shorthand' ? wordAround(text, offset) : { offset: offset - valueOf[2]!.length, length: valueOf[2]!.length });
      const values = enumCompletions(path, replace, style, Boolean(inString) || style.syntax === 'shorthand', family);
      if (values.length) return values;
    }
    const object = node.kind === 'object' ? node : undefined;
    const lone = inString && loneKeyString(text, inString, style);
    const replace = lone || inString || wordAround(text, offset);
    const keys = keyCompletions(location.path, object, style, replace, Boolean(inString) && !lone, undefined, family);
    const isEmptyRoot = location.path.length === 0 && object?.properties.length === 0;
    if (isEmptyRoot && !inString) {
      const indent = lineIndent(text, node.offset);
      const place = membersPlace(text, node, offset, indent, indentUnit(text));
      // A CLI value stays on one line: the shell command around it is.
      if (place) return [...keys, ...snippetEntries(text, style, indent, place, block.host === 'cli', family)];
    }
    return keys;
  }
  return [];
}
