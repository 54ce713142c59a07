// JSON host (jsonc-parser): config objects in JSON/JSONC files, and the JSON text of CLI values.
import { parseTree, printParseErrorCode, type Node as JsonNode, type ParseError } from 'jsonc-parser';
import type { ConfigBlock, ConfigFamily, EndpointConfigFacts, ObjectNode, PropertyNode, Span, ValueNode } from '../model';
import { decideFamily, familyOfResourceType, familyOfSiblingKeys } from '../family';
import { POLICY_KEYS } from './python';
import { matchEnd } from '../text';

/**
 * Maps an offset in the parsed text to an offset in the host document. `isEnd`: the offset ends a
 * range, so it maps to just after the character before it (in a CLI value, quotes between two
 * characters belong to neither: `"600"` glued inside a double-quoted value ends at its last 0).
 */
export type OffsetMap = (offset: number, isEnd?: boolean) => number;
const identity: OffsetMap = (offset) => offset;

/** CloudFormation's `{"Ref": ...}` and `{"Fn::Sub": ...}`: values known only at deploy time. */
function isIntrinsicFunction(node: JsonNode): boolean {
  if (node.type !== 'object' || node.children?.length !== 1) return false;
  const key = node.children[0]?.children?.[0]?.value;
  return typeof key === 'string' && (key === 'Ref' || key.startsWith('Fn::'));
}

/** Deeper than any real DeploymentConfig (5 levels); beyond it values are left unknown. */
export const MAX_CONFIG_DEPTH = 32;

/**
 * `source` is the parsed text: a number is an integer only when written as one (`60`, not `60.0`
 * or `1e2`), as Python's json module reads it and botocore then checks it.
 */
export function convertJsonNode(node: JsonNode, map: OffsetMap = identity, depth = 0, source?: string): ValueNode {
  const offset = map(node.offset);
  const length = map(node.offset + node.length, true) - offset;
  if (depth > MAX_CONFIG_DEPTH || isIntrinsicFunction(node)) return { kind: 'unknown', offset, length, text: '' };
  switch (node.type) {
    case 'object': {
      const properties = [];
      for (const child of node.children ?? []) {
        const [keyNode, valueNode] = child.children ?? [];
        if (!keyNode) continue;
        const keyOffset = map(keyNode.offset);
        const propertyOffset = map(child.offset);
        properties.push({
          key: String(keyNode.value),
          keySpan: { offset: keyOffset, length: map(keyNode.offset + keyNode.length, true) - keyOffset },
          offset: propertyOffset,
          length: map(child.offset + child.length, true) - propertyOffset,
          ...(valueNode ? { value: convertJsonNode(valueNode, map, depth + 1, source) } : {}),
        });
      }
      return { kind: 'object', offset, length, properties };
    }
    case 'array':
      return { kind: 'array', offset, length, items: (node.children ?? []).map((c) => convertJsonNode(c, map, depth + 1, source)) };
    case 'string':
      return { kind: 'string', offset, length, value: String(node.value) };
    case 'number': {
      const written = source?.slice(node.offset, node.offset + node.length);
      const isInteger = written === undefined ? Number.isInteger(node.value) : /^-?\d+$/.test(written);
      return { kind: 'number', offset, length, value: Number(node.value), isInteger, ...(written !== undefined && !isInteger ? { written } : {}) };
    }
    case 'boolean':
      return { kind: 'boolean', offset, length, value: Boolean(node.value) };
    case 'null':
      return { kind: 'null', offset, length };
    default:
      return { kind: 'unknown', offset, length, text: '' };
  }
}

/** No real config nests more than a few levels; jsonc-parser's recursion overflows near 10,000. */
const MAX_PARSE_DEPTH = 64;

/**
 * Empties every container nested MAX_PARSE_DEPTH deep (its brackets stay, its content becomes
 * spaces), in one linear scan, so parsing cannot overflow. Offsets and line breaks are kept.
 */
export function flattenDeepNesting(text: string): string {
  let depth = 0;
  let inString = false;
  let blankFrom = -1;
  let chars: string[] | undefined;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"') inString = false;
      continue;
    }
    if (c === '"') inString = true;
    else if (c === '{' || c === '[') {
      depth++;
      if (depth === MAX_PARSE_DEPTH) blankFrom = i + 1;
    } else if (c === '}' || c === ']') {
      if (depth === MAX_PARSE_DEPTH && blankFrom >= 0) {
        chars ??= text.split('');
        for (let j = blankFrom; j < i; j++) if (chars[j] !== '\n' && chars[j] !== '\r') chars[j] = ' ';
        blankFrom = -1;
      }
      depth = Math.max(0, depth - 1);
    }
  }
  if (blankFrom >= 0) {
    // Never closed: blank to the end.
    chars ??= text.split('');
    for (let j = blankFrom; j < chars.length; j++) if (chars[j] !== '\n' && chars[j] !== '\r') chars[j] = ' ';
  }
  return chars ? chars.join('') : text;
}

export interface StrictJsonResult {
  node?: JsonNode;
  error?: { message: string; offset: number; length: number };
}

/** Parses JSON as the AWS CLI would (no comments, no trailing commas); the first error if any. */
/** The object a JSON text being typed most likely is (trailing commas, a key without its value yet), or undefined. */
export function parseDraftJson(text: string): JsonNode | undefined {
  const node = parseTree(flattenDeepNesting(text), [], { allowTrailingComma: true, disallowComments: true });
  return node?.type === 'object' ? node : undefined;
}

export function parseStrictJson(text: string): StrictJsonResult {
  const errors: ParseError[] = [];
  const node = parseTree(flattenDeepNesting(text), errors, { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false });
  const first = errors[0];
  if (first) {
    return { error: { message: describeJsonError(printParseErrorCode(first.error)), offset: first.offset, length: first.length } };
  }
  return node ? { node } : { error: { message: 'Empty JSON value.', offset: 0, length: 0 } };
}

function describeJsonError(code: string): string {
  const words = code.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();
  return `Invalid JSON: ${words}.`;
}

/**
 * The configs a CloudFormation value stands for: both branches of `{"Fn::If": [cond, a, b]}`
 * (nested Ifs too) without `{"Ref": "AWS::NoValue"}`, or the object itself.
 */
function ifBranchesOf(node: JsonNode, depth = 0): JsonNode[] {
  if (depth > 8) return [];
  const only = node.type === 'object' && node.children?.length === 1 ? node.children[0]?.children : undefined;
  if (only?.[0]?.value === 'Ref' && only[1]?.value === 'AWS::NoValue') return [];
  if (only?.[0]?.value !== 'Fn::If') return node.type === 'object' ? [node] : [];
  const args = only[1];
  if (args?.type !== 'array' || args.children?.length !== 3) return [];
  return [...ifBranchesOf(args.children[1]!, depth + 1), ...ifBranchesOf(args.children[2]!, depth + 1)];
}

interface CountValue {
  /** A literal count (a whole number, 1 or more), or undefined for any other value. */
  count: number | undefined;
  node: JsonNode;
}

/** Every value under this key, in document order. */
function findCounts(node: JsonNode | undefined, key: string, into: CountValue[] = []): CountValue[] {
  if (!node) return into;
  if (node.type === 'property') {
    const [keyNode, value] = node.children ?? [];
    if (keyNode?.value === key && value) into.push({ count: value.type === 'number' && Number.isInteger(value.value) && value.value >= 1 ? (value.value as number) : undefined, node: value });
  }
  for (const child of node.children ?? []) findCounts(child, key, into);
  return into;
}

const keysOf = (object: JsonNode | undefined): string[] =>
  object?.type === 'object' ? (object.children ?? []).map((p) => String(p.children?.[0]?.value)) : [];

/** The property node named `key` of an object, if any. */
const memberOf = (object: JsonNode | undefined, key: string): JsonNode | undefined =>
  object?.type === 'object' ? object.children?.find((p) => p.children?.[0]?.value === key)?.children?.[1] : undefined;

interface JsonContext {
  family?: ConfigFamily;
  /** RuntimeConfig.CopyCount next to the DeploymentConfig (a request, a CloudFormation resource's Properties). */
  copyCount?: number;
  /** A HyperPod instance group's InstanceCount. */
  groupSize?: number;
  /** Edge deployment plans' Stages[].DeploymentConfig: not a SageMaker update config. */
  edge?: boolean;
}

/** What decides a config's context, read from the whole tree or from the objects the scan found around it. */
interface Surroundings {
  /** The keys of the object holding the "DeploymentConfig" key, and of the config itself. */
  siblingKeys: string[];
  configKeys: string[];
  /** The holder is the value of a "ScheduledUpdateConfig" key; groupSize: its instance group's literal InstanceCount. */
  scheduled: boolean;
  groupSize: number | undefined;
  /** The holder's literal RuntimeConfig.CopyCount. */
  copyCount: number | undefined;
  /** The string "Type" of the holder and of each object around it, innermost first (undefined: none). */
  resourceTypes: (string | undefined)[];
}

/** A whole number, 1 or more, written as a number. */
const countOf = (node: JsonNode | undefined): number | undefined =>
  node?.type === 'number' && Number.isInteger(node.value) && (node.value as number) >= 1 ? (node.value as number) : undefined;

function treeSurroundings(value: JsonNode): Surroundings {
  const holder = value.parent?.parent;
  const scheduled = holder?.parent;
  const isScheduled = scheduled?.type === 'property' && scheduled.children?.[0]?.value === 'ScheduledUpdateConfig';
  const resourceTypes: (string | undefined)[] = [];
  for (let node: JsonNode | undefined = holder; node; node = node.parent) {
    const type = memberOf(node, 'Type');
    resourceTypes.push(type?.type === 'string' ? String(type.value) : undefined);
  }
  return {
    siblingKeys: keysOf(holder),
    configKeys: keysOf(value),
    scheduled: isScheduled,
    groupSize: isScheduled ? countOf(memberOf(scheduled!.parent, 'InstanceCount')) : undefined,
    copyCount: countOf(memberOf(memberOf(holder, 'RuntimeConfig'), 'CopyCount')),
    resourceTypes,
  };
}

/**
 * What surrounds a `"DeploymentConfig": {...}` value: the request's other keys (a --cli-input-json
 * skeleton), an instance group's ScheduledUpdateConfig, or the CloudFormation resource's Type.
 */
function contextOf(around: Surroundings): JsonContext {
  const siblings = around.siblingKeys;
  if (siblings.includes('StageName') || siblings.includes('DeviceSelectionConfig') || around.configKeys.includes('FailureHandlingPolicy')) return { edge: true };
  if (around.scheduled) return { family: 'hyperpod-cluster', ...(around.groupSize !== undefined ? { groupSize: around.groupSize } : {}) };
  const withCopies = around.copyCount !== undefined ? { copyCount: around.copyCount } : {};
  // CloudFormation first: the nearest object with a "Type" of a SageMaker resource holds it (in its
  // Properties). An inference component's Properties have an EndpointName too, so sibling keys come second.
  for (const type of around.resourceTypes) {
    const family = type !== undefined ? familyOfResourceType(type) : undefined;
    if (family) return { family, ...withCopies };
  }
  const fromSiblings = familyOfSiblingKeys(siblings);
  if (fromSiblings) return { family: fromSiblings, ...withCopies };
  return withCopies;
}

/** One config the scan found: an outermost object under a "DeploymentConfig" key. */
interface ScannedConfig {
  /** [start, end) of the object. */
  start: number;
  end: number;
  /** Where each container around the object starts, outermost first; the last one holds the key. */
  around: number[];
  /** The holder is the value of a "ScheduledUpdateConfig" key (a HyperPod instance group's). */
  scheduled: boolean;
}

/** What one scan of a JSON text tells without building its tree: where the configs are, and the document facts rules need. */
interface JsonScan {
  configs: ScannedConfig[];
  /**
   * Start and end of every container, in the order they open (so starts ascend): the objects around
   * a config are read member by member, stepping over nested values without reading them again.
   */
  opens: number[];
  closes: number[];
  fleetSize?: number;
  copyCount?: number;
  /** Where those counts are written (offset in the text and length). */
  fleetSizeAt?: [number, number];
  copyCountAt?: [number, number];
  /** A CopyCount that is not a literal count, or differs from the first: the document has no one copy count. */
  copyCountsDiffer?: boolean;
  isCloudFormation: boolean;
}

const CHAR = { quote: 34, backslash: 92, slash: 47, star: 42, openBrace: 123, closeBrace: 125, openBracket: 91, closeBracket: 93, colon: 58, comma: 44, newline: 10, minus: 45, zero: 48, nine: 57, dot: 46 };
/** The keys the scan reads: only these are ever cut out of the text. */
const SCANNED_KEYS = ['DeploymentConfig', 'InitialInstanceCount', 'CopyCount', 'ScheduledUpdateConfig', ...POLICY_KEYS, 'AWSTemplateFormatVersion', 'Resources'];
const SCANNED_KEYS_BY_LENGTH: string[][] = [];
for (const key of SCANNED_KEYS) (SCANNED_KEYS_BY_LENGTH[key.length] ??= []).push(key);
const ROOT_KEYS_THAT_MATTER = new Set<string>([...POLICY_KEYS, 'AWSTemplateFormatVersion', 'Resources']);

const isBlank = (c: number): boolean => c === 32 || c === 10 || c === 13 || c === 9;
/** A run of white space, a string without escapes, any well-formed string: matched natively (also before the scan's code is optimized). */
const BLANKS = /[ \t\n\r]+/y;
const PLAIN_STRING = /"[^"\\\x00-\x1f]*"/y;
const ESCAPED_STRING = /"[^"\\\x00-\x1f]*(?:\\(?:["\\/bfnrt]|u[0-9a-fA-F]{4})[^"\\\x00-\x1f]*)*"/y;

/**
 * What the scan would read one token at a time, as one native match: members `"key": value,` of an
 * object and items `value,` of an array, up to a comma or right before the closing bracket, whose
 * values are plain (strings without escapes, numbers, true, false, null) or objects and arrays of
 * them two levels deep, with none of the keys the scan reads. Only what the token loop accepts the
 * same way matches (no comments, no escapes, trailing commas in objects only), so a text matches
 * or falls to the loop, never to a different answer.
 */
const BLANK = String.raw`[ \t\n\r]*`;
const PLAIN = String.raw`(?:"[^"\\\x00-\x1f]*"|(?:-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?|true|false|null)(?![\w.]))`;
const OTHER_KEY = String.raw`"(?!(?:DeploymentConfig|InitialInstanceCount|CopyCount|ScheduledUpdateConfig)")[^"\\\x00-\x1f]*"`;
// Every repetition is bounded: irregexp keeps a backtrack entry per repetition, and an unbounded
// run over a few million items would overflow its stack. Longer containers are read by the loop,
// a run at a time.
const member = (value: string): string => String.raw`${OTHER_KEY}${BLANK}:${BLANK}${value}${BLANK}`;
const objectOf = (value: string): string => String.raw`\{${BLANK}(?:${member(value)}(?:,${BLANK}|(?=\}))){0,64}\}`;
const arrayOf = (value: string): string => String.raw`\[${BLANK}(?:${value}${BLANK}(?:,${BLANK}(?!\])|(?=\]))){0,64}\]`;
const nested = (value: string): string => `(?:${PLAIN}|${objectOf(value)}|${arrayOf(value)})`;
/** How many levels of containers a run can pass without the loop (which keeps the depth limit). */
const RUN_DEPTH = 2;
const RUN_VALUE = nested(nested(PLAIN));
const PLAIN_MEMBERS = new RegExp(String.raw`(?:${BLANK}${member(RUN_VALUE)}(?:,|(?=\}))){1,128}`, 'y');
const PLAIN_ITEMS = new RegExp(String.raw`(?:${BLANK}${RUN_VALUE}${BLANK}(?:,|(?=\]))){1,128}`, 'y');
/** One such value: its end, for a container a run passed (the scan recorded no end for it). */
const RUN_VALUE_AT = new RegExp(RUN_VALUE, 'y');

/** The first character at or after `i` that is not white space or a comment; -1 in an unclosed block comment. */
function skipBlank(text: string, i: number): number {
  const length = text.length;
  while (i < length) {
    const c = text.charCodeAt(i);
    if (isBlank(c)) {
      if (!isBlank(text.charCodeAt(i + 1))) i++;
      else {
        // A line break and its indentation.
        BLANKS.lastIndex = i;
        BLANKS.test(text);
        i = BLANKS.lastIndex;
      }
    } else if (c === CHAR.slash && text.charCodeAt(i + 1) === CHAR.slash) {
      const end = text.indexOf('\n', i);
      i = end === -1 ? length : end + 1;
    } else if (c === CHAR.slash && text.charCodeAt(i + 1) === CHAR.star) {
      const end = text.indexOf('*/', i + 2);
      if (end === -1) return -1;
      i = end + 2;
    } else return i;
  }
  return i;
}

/** Whether the last string stringEnd read has an escape (its text is then not its value). */
let lastStringEscaped = false;

/**
 * The end (after the closing quote) of the string starting at `from`, or -1 when it is not well
 * formed (a control character, an unknown escape, no closing quote).
 */
function stringEnd(text: string, from: number): number {
  const plainEnd = matchEnd(PLAIN_STRING, text, from);
  lastStringEscaped = plainEnd === -1;
  return plainEnd !== -1 ? plainEnd : matchEnd(ESCAPED_STRING, text, from);
}

/** The value of the well-formed string literal [start, end). */
function stringValueAt(text: string, start: number, end: number): string {
  const raw = text.slice(start + 1, end - 1);
  return raw.includes('\\') ? (JSON.parse(text.slice(start, end)) as string) : raw;
}

const isDigit = (c: number): boolean => c >= CHAR.zero && c <= CHAR.nine;

/**
 * The end of the JSON number, `true`, `false` or `null` at `i` (the longest well-formed one), or -1.
 * The caller still checks what follows it: `01`, `1.` and `truex` are not words.
 */
function wordEnd(text: string, i: number): number {
  let c = text.charCodeAt(i);
  if (c === 116) return text.startsWith('true', i) ? i + 4 : -1;
  if (c === 102) return text.startsWith('false', i) ? i + 5 : -1;
  if (c === 110) return text.startsWith('null', i) ? i + 4 : -1;
  let j = i;
  if (c === CHAR.minus) c = text.charCodeAt(++j);
  if (c === CHAR.zero) j++;
  else if (c > CHAR.zero && c <= CHAR.nine) while (isDigit(text.charCodeAt(++j)));
  else return -1;
  if (text.charCodeAt(j) === CHAR.dot && isDigit(text.charCodeAt(j + 1))) {
    j += 2;
    while (isDigit(text.charCodeAt(j))) j++;
  }
  c = text.charCodeAt(j);
  if (c === 101 || c === 69) {
    let k = j + 1;
    const sign = text.charCodeAt(k);
    if (sign === 43 || sign === CHAR.minus) k++;
    if (isDigit(text.charCodeAt(k))) {
      j = k + 1;
      while (isDigit(text.charCodeAt(j))) j++;
    }
  }
  return j;
}

/**
 * One linear pass over the characters (strings, comments, brackets; no tree, no values), finding
 * the objects under "DeploymentConfig" keys, the first InitialInstanceCount and the root's keys.
 * Undefined whenever the text is not plain well-formed JSON(C) of moderate depth, or its root is
 * a config itself: the caller then parses the whole text, so every answer is the tree's answer.
 */
function scanJson(text: string): JsonScan | undefined {
  const scan: JsonScan = { configs: [], opens: [], closes: [], isCloudFormation: false };
  const { opens, closes } = scan;
  const length = text.length;
  /** Per open container: true for an object. */
  const containers: boolean[] = [];
  /** Per open container: its index in opens, and the key it is the value of (only the keys we care about). */
  const ordinals: number[] = [];
  const containerKeys: (string | undefined)[] = [];
  /** In an object: what comes next (a key, or a value after its colon). */
  let expectKey = false;
  let expectValue = true;
  let afterValue = false;
  /** The key whose value comes next (only the keys we care about are kept). */
  let pendingKey: string | undefined;
  let config: ScannedConfig | undefined;
  let configDepth = -1;
  let i = 0;
  while (true) {
    i = skipBlank(text, i);
    if (i === -1) return undefined;
    if (i >= length) break;
    const c = text.charCodeAt(i);
    const inObject = containers[containers.length - 1];
    if (afterValue) {
      // After a value: a comma, or the end of its container.
      if (c === CHAR.comma && containers.length) {
        i++;
        afterValue = false;
        expectKey = inObject === true;
        expectValue = inObject === false;
        continue;
      }
      if ((c === CHAR.closeBrace && inObject === true) || (c === CHAR.closeBracket && inObject === false)) {
        containers.pop();
        containerKeys.pop();
        i++;
        closes[ordinals.pop()!] = i;
        if (configDepth === containers.length) {
          config!.end = i;
          scan.configs.push(config!);
          configDepth = -1;
        }
        continue; // still afterValue: the container was a value
      }
      return undefined; // a second root value, a missing comma, a mismatched bracket
    }
    if (expectKey) {
      // A key, or the end of the object (empty, or after a trailing comma).
      if (c === CHAR.closeBrace) {
        expectKey = false;
        afterValue = true;
        continue;
      }
      if (c !== CHAR.quote) return undefined;
      // Below the root, a run of members with plain values and keys the scan does not read is
      // passed in one native match (the data around configs is mostly that).
      if (containers.length > 1 && containers.length + RUN_DEPTH < MAX_PARSE_DEPTH - 1) {
        const end = matchEnd(PLAIN_MEMBERS, text, i);
        if (end !== -1) {
          i = end;
          // Ended after a comma: the next key; else right before the object's `}`.
          if (text.charCodeAt(i - 1) !== CHAR.comma) {
            expectKey = false;
            afterValue = true;
          }
          continue;
        }
      }
      const end = stringEnd(text, i);
      if (end === -1) return undefined;
      // Only a key the scan reads is cut out of the text (most keys of a big file are none of them).
      let key: string | undefined;
      if (lastStringEscaped) key = stringValueAt(text, i, end);
      else {
        const candidates = SCANNED_KEYS_BY_LENGTH[end - i - 2];
        if (candidates) for (const known of candidates) if (text.startsWith(known, i + 1)) key = known;
      }
      if (key !== undefined && containers.length === 1 && ROOT_KEYS_THAT_MATTER.has(key)) {
        if ((POLICY_KEYS as readonly string[]).includes(key)) return undefined; // the root is a config: the whole text is parsed
        scan.isCloudFormation = true;
      }
      pendingKey = key === 'DeploymentConfig' || key === 'InitialInstanceCount' || key === 'CopyCount' || key === 'ScheduledUpdateConfig' ? key : undefined;
      i = skipBlank(text, end);
      if (i === -1 || text.charCodeAt(i) !== CHAR.colon) return undefined;
      i++;
      expectKey = false;
      expectValue = true;
      continue;
    }
    if (!expectValue) return undefined;
    // A run of plain values in an array, in one native match.
    if (inObject === false && containers.length + RUN_DEPTH < MAX_PARSE_DEPTH - 1) {
      const end = matchEnd(PLAIN_ITEMS, text, i);
      if (end !== -1) {
        i = end;
        // Ended after a comma: the next value; else right before the array's `]`.
        if (text.charCodeAt(i - 1) !== CHAR.comma) {
          expectValue = false;
          afterValue = true;
        }
        continue;
      }
    }
    // A value.
    const key = pendingKey;
    pendingKey = undefined;
    expectValue = false;
    // Any CopyCount that is not a number literal (a word below checks the numbers).
    if (key === 'CopyCount' && (c === CHAR.openBrace || c === CHAR.openBracket || c === CHAR.quote)) scan.copyCountsDiffer = true;
    if (c === CHAR.openBrace || c === CHAR.openBracket) {
      if (containers.length + 1 >= MAX_PARSE_DEPTH) return undefined; // flattenDeepNesting's territory
      if (c === CHAR.openBrace && key === 'DeploymentConfig' && configDepth === -1) {
        configDepth = containers.length;
        // The holder (the request object), its instance group around a ScheduledUpdateConfig, and
        // any CloudFormation-like resource further out tell the family.
        config = { start: i, end: -1, around: ordinals.map((k) => opens[k]!), scheduled: containerKeys[containerKeys.length - 1] === 'ScheduledUpdateConfig' };
      }
      containers.push(c === CHAR.openBrace);
      ordinals.push(opens.length);
      opens.push(i);
      closes.push(-1);
      containerKeys.push(key);
      i++;
      // An empty array closes at once: `]` is read as the end of its container.
      if (c === CHAR.openBrace) expectKey = true;
      else {
        i = skipBlank(text, i);
        if (i === -1) return undefined;
        if (text.charCodeAt(i) === CHAR.closeBracket) afterValue = true;
        else expectValue = true;
      }
      continue;
    }
    if (c === CHAR.quote) {
      const end = stringEnd(text, i);
      if (end === -1) return undefined;
      i = end;
    } else {
      const end = wordEnd(text, i);
      if (end === -1) return undefined;
      const after = text.charCodeAt(end);
      if ((after >= 48 && after <= 57) || (after >= 65 && after <= 90) || (after >= 97 && after <= 122) || after === 46 || after === 95) return undefined;
      const isNumber = c === CHAR.minus || isDigit(c);
      if (key === 'CopyCount' && !isNumber) scan.copyCountsDiffer = true;
      if ((key === 'InitialInstanceCount' || key === 'CopyCount') && isNumber) {
        const value = Number(text.slice(i, end));
        const field = key === 'InitialInstanceCount' ? 'fleetSize' : 'copyCount';
        const literal = Number.isInteger(value) && value >= 1;
        if (field === 'copyCount' && (!literal || (scan.copyCount !== undefined && scan.copyCount !== value))) scan.copyCountsDiffer = true;
        if (scan[field] === undefined && literal) {
          scan[field] = value;
          scan[field === 'fleetSize' ? 'fleetSizeAt' : 'copyCountAt'] = [i, end - i];
        }
      }
      i = end;
    }
    afterValue = true;
  }
  // The root value must be complete, and there must be one.
  if (containers.length || !afterValue) return undefined;
  return scan;
}

/**
 * The value tree of a config the scan vouched for, read straight from its text: what
 * convertJsonNode makes of jsonc-parser's tree, without building that tree first. Undefined when
 * the whole tree must decide: the config is itself an intrinsic function (`Fn::If` branches).
 */
function readScannedConfig(text: string, config: ScannedConfig, baseOffset: number): ObjectNode | undefined {
  let i = config.start;
  const read = (depth: number): ValueNode => {
    const start = i;
    const offset = start + baseOffset;
    const c = text.charCodeAt(i);
    if (c === CHAR.openBrace || c === CHAR.openBracket) {
      i = skipBlank(text, i + 1);
      const properties: PropertyNode[] = [];
      const items: ValueNode[] = [];
      while (text.charCodeAt(i) !== (c === CHAR.openBrace ? CHAR.closeBrace : CHAR.closeBracket)) {
        if (c === CHAR.openBrace) {
          const keyStart = i;
          const keyEnd = stringEnd(text, keyStart);
          const key = stringValueAt(text, keyStart, keyEnd);
          // The key, its colon, the value: the property spans from the key to the value's end.
          i = skipBlank(text, skipBlank(text, keyEnd) + 1);
          const value = read(depth + 1);
          properties.push({ key, keySpan: { offset: keyStart + baseOffset, length: keyEnd - keyStart }, offset: keyStart + baseOffset, length: i - keyStart, value });
        } else items.push(read(depth + 1));
        i = skipBlank(text, i);
        if (text.charCodeAt(i) === CHAR.comma) i = skipBlank(text, i + 1);
      }
      i++;
      const length = i - start;
      const intrinsic = properties.length === 1 && (properties[0]!.key === 'Ref' || properties[0]!.key.startsWith('Fn::'));
      if (depth > MAX_CONFIG_DEPTH || intrinsic) return { kind: 'unknown', offset, length, text: '' };
      return c === CHAR.openBrace ? { kind: 'object', offset, length, properties } : { kind: 'array', offset, length, items };
    }
    if (c === CHAR.quote) {
      i = stringEnd(text, start);
      const value = stringValueAt(text, start, i);
      return depth > MAX_CONFIG_DEPTH ? { kind: 'unknown', offset, length: i - start, text: '' } : { kind: 'string', offset, length: i - start, value };
    }
    i = wordEnd(text, start);
    const length = i - start;
    if (depth > MAX_CONFIG_DEPTH) return { kind: 'unknown', offset, length, text: '' };
    if (c === 116 || c === 102) return { kind: 'boolean', offset, length, value: c === 116 };
    if (c === 110) return { kind: 'null', offset, length };
    const written = text.slice(start, i);
    const isInteger = /^-?\d+$/.test(written);
    return { kind: 'number', offset, length, value: Number(written), isInteger, ...(!isInteger ? { written } : {}) };
  };
  const root = read(0);
  return root.kind === 'object' && i === config.end ? root : undefined;
}

/** A member of an object the scan vouched for: its key, and where its value is written. */
interface ScannedMember {
  key: string;
  start: number;
  end: number;
}

/**
 * Reads the members of objects the scan vouched for (by their start), stepping over nested values
 * by the ends the scan recorded: the keys around a config cost what the object has as members, not
 * what its values hold.
 */
function scannedObjects(text: string, scan: JsonScan): (start: number) => ScannedMember[] {
  const read = new Map<number, ScannedMember[]>();
  const endOf = (start: number): number => {
    let low = 0;
    let high = scan.opens.length - 1;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (scan.opens[middle]! < start) low = middle + 1;
      else high = middle;
    }
    if (scan.opens[low] === start) return scan.closes[low]!;
    return matchEnd(RUN_VALUE_AT, text, start);
  };
  return (start) => {
    const known = read.get(start);
    if (known) return known;
    const members: ScannedMember[] = [];
    let i = skipBlank(text, start + 1);
    while (text.charCodeAt(i) === CHAR.quote) {
      const keyEnd = stringEnd(text, i);
      const key = stringValueAt(text, i, keyEnd);
      const valueStart = skipBlank(text, skipBlank(text, keyEnd) + 1);
      const c = text.charCodeAt(valueStart);
      const valueEnd = c === CHAR.openBrace || c === CHAR.openBracket ? endOf(valueStart) : c === CHAR.quote ? stringEnd(text, valueStart) : wordEnd(text, valueStart);
      if (valueEnd <= valueStart) break; // never: the scan vouched for this object
      members.push({ key, start: valueStart, end: valueEnd });
      i = skipBlank(text, valueEnd);
      if (text.charCodeAt(i) === CHAR.comma) i = skipBlank(text, i + 1);
    }
    read.set(start, members);
    return members;
  };
}

/** The surroundings of a config found by the scan, read member by member from the objects around it. */
function scannedSurroundings(text: string, config: ScannedConfig, configKeys: string[], membersOf: (start: number) => ScannedMember[]): Surroundings {
  const objectAt = (at: number) => (text.charCodeAt(at) === CHAR.openBrace ? membersOf(at) : []);
  const member = (members: ScannedMember[], key: string) => members.find((m) => m.key === key);
  const count = (value: ScannedMember | undefined): number | undefined => {
    const c = value ? text.charCodeAt(value.start) : 0;
    if (!value || !(c === CHAR.minus || isDigit(c))) return undefined;
    const number = Number(text.slice(value.start, value.end));
    return Number.isInteger(number) && number >= 1 ? number : undefined;
  };
  const { around } = config;
  const holder = objectAt(around[around.length - 1]!);
  const runtime = member(holder, 'RuntimeConfig');
  const types: (string | undefined)[] = [];
  for (let k = around.length - 1; k >= 0; k--) {
    const type = member(objectAt(around[k]!), 'Type');
    types.push(type && text.charCodeAt(type.start) === CHAR.quote ? stringValueAt(text, type.start, type.end) : undefined);
  }
  return {
    siblingKeys: holder.map((m) => m.key),
    configKeys,
    scheduled: config.scheduled,
    groupSize: config.scheduled && around.length > 1 ? count(member(objectAt(around[around.length - 2]!), 'InstanceCount')) : undefined,
    copyCount: runtime ? count(member(objectAt(runtime.start), 'CopyCount')) : undefined,
    resourceTypes: types,
  };
}

/** The logical id a `{"Ref": X}`, `{"Fn::GetAtt": [X, Name]}` or `{"Fn::GetAtt": "X.Name"}` points to. */
function referencedResource(node: JsonNode | undefined): string | undefined {
  if (!node || !isIntrinsicFunction(node)) return undefined;
  const [key, argument] = node.children![0]!.children ?? [];
  if (key?.value === 'Ref' && argument?.type === 'string') return String(argument.value);
  if (key?.value !== 'Fn::GetAtt') return undefined;
  if (argument?.type === 'string') return String(argument.value).split('.')[0];
  const first = argument?.type === 'array' ? argument.children?.[0] : undefined;
  return first?.type === 'string' ? String(first.value) : undefined;
}

const positiveCount = (node: JsonNode | undefined): JsonNode | undefined => (countOf(node) !== undefined ? node : undefined);

interface LinkedConfig {
  /** The linked config's first variant's InitialInstanceCount. */
  fleet?: { count: number; node: JsonNode };
  facts?: EndpointConfigFacts;
}

/**
 * The AWS::SageMaker::EndpointConfig that the AWS::SageMaker::Endpoint holding this config references
 * in the same template (by Ref or Fn::GetAtt), as far as its variants are literals.
 */
function linkedEndpointConfig(config: JsonNode, template: JsonNode): LinkedConfig {
  let endpoint: JsonNode | undefined = config.parent;
  while (endpoint && !(endpoint.type === 'object' && memberOf(endpoint, 'Type')?.value !== undefined && memberOf(endpoint, 'Properties'))) endpoint = endpoint.parent;
  if (!endpoint || memberOf(endpoint, 'Type')?.value !== 'AWS::SageMaker::Endpoint') return {};
  const id = referencedResource(memberOf(memberOf(endpoint, 'Properties'), 'EndpointConfigName'));
  const linked = id !== undefined ? memberOf(memberOf(template, 'Resources'), id) : undefined;
  if (id === undefined || memberOf(linked, 'Type')?.value !== 'AWS::SageMaker::EndpointConfig') return {};
  const variants = memberOf(memberOf(linked, 'Properties'), 'ProductionVariants');
  // A list built by an intrinsic (Fn::If, Fn::FindInMap) says nothing sure about the variants.
  const items = variants?.type === 'array' ? (variants.children ?? []) : undefined;
  if (!items || items.some((item) => item.type !== 'object' || isIntrinsicFunction(item))) return {};
  const count = positiveCount(memberOf(items[0], 'InitialInstanceCount'));
  const facts: EndpointConfigFacts = {
    name: `EndpointConfig ${id}`,
    variantCount: items.length,
    serverless: items.some((item) => memberOf(item, 'ServerlessConfig') !== undefined),
    instanceTypes: items.map((item) => memberOf(item, 'InstanceType')).flatMap((type) => (type?.type === 'string' ? [String(type.value)] : [])),
  };
  return { ...(count ? { fleet: { count: count.value as number, node: count } } : {}), facts };
}

/** What a JSON document says around its configs, found by the scan or by the whole tree. */
interface DocumentFacts {
  /** The document's first InitialInstanceCount, with where it is written. */
  fleet: { count: number; span: Span } | undefined;
  /** The document's copy count, when every CopyCount in it is the same literal. */
  copyCount: number | undefined;
  isCloudFormation: boolean;
  incomplete: boolean;
  /** The endpoint config a CloudFormation endpoint references: its variants, for the exclusion rules. */
  endpointConfig?: EndpointConfigFacts;
}

/** A config block, its family and the fleet in the family's unit: the same for both ways of reading JSON. */
function jsonBlock(root: ValueNode, context: JsonContext, facts: DocumentFacts): ConfigBlock {
  const family = decideFamily(context.family, root);
  const size = family === 'inference-component' ? (context.copyCount ?? facts.copyCount) : family === 'hyperpod-cluster' ? context.groupSize : facts.fleet?.count;
  const sizeSpan = family === 'inference-component' || family === 'hyperpod-cluster' ? undefined : facts.fleet?.span;
  return {
    host: 'json',
    syntax: 'json',
    root,
    quote: '"',
    ...(size !== undefined ? { fleetSize: size } : {}),
    ...(sizeSpan ? { fleetSizeSpan: sizeSpan } : {}),
    ...(facts.isCloudFormation ? { dialect: 'cloudformation' as const } : {}),
    ...(family ? { family } : {}),
    ...(facts.endpointConfig && family === 'endpoint' ? { endpointConfig: facts.endpointConfig } : {}),
    ...(facts.incomplete ? { incomplete: true } : {}),
  };
}

/** Config objects in a JSON document: the root when it has a policy key, and any object under "DeploymentConfig". */
export function extractJsonBlocks(text: string, baseOffset = 0): ConfigBlock[] {
  // Parse only the configs when one scan can find them (a 1 MB file of other data builds no tree).
  const scan = scanJson(text);
  // CloudFormation needs the resource around each config (Type, Fn::If branches): the whole tree.
  if (scan && !scan.isCloudFormation) {
    const blocks: ConfigBlock[] = [];
    const membersOf = scannedObjects(text, scan);
    const fleet = scan.fleetSize !== undefined && scan.fleetSizeAt ? { count: scan.fleetSize, span: { offset: scan.fleetSizeAt[0] + baseOffset, length: scan.fleetSizeAt[1] } } : undefined;
    const facts: DocumentFacts = { fleet, copyCount: scan.copyCountsDiffer ? undefined : scan.copyCount, isCloudFormation: false, incomplete: false };
    for (const config of scan.configs) {
      // Only the config's own text is parsed; what decides its family is read from the scan.
      const root = readScannedConfig(text, config, baseOffset);
      if (!root) return extractJsonBlocksFromTree(text, baseOffset);
      const context = contextOf(scannedSurroundings(text, config, root.properties.map((p) => p.key), membersOf));
      if (context.edge) continue;
      blocks.push(jsonBlock(root, context, facts));
    }
    return blocks;
  }
  return extractJsonBlocksFromTree(text, baseOffset);
}

/** The same answer from the whole document's tree: for any text the scan does not vouch for. */
export function extractJsonBlocksFromTree(text: string, baseOffset = 0): ConfigBlock[] {
  const source = flattenDeepNesting(text);
  const errors: ParseError[] = [];
  const root = parseTree(source, errors, { disallowComments: false, allowTrailingComma: true });
  if (!root) return [];
  // jsonc-parser can end a node past the text (an unclosed /* at the end): clamped.
  const map: OffsetMap = (offset) => Math.min(offset, text.length) + baseOffset;
  const fleetSize = findCounts(root, 'InitialInstanceCount').find((value): value is { count: number; node: JsonNode } => value.count !== undefined);
  // The document's copy count only when every CopyCount in it is the same literal.
  const copyCounts = new Set(findCounts(root, 'CopyCount').map((value) => value.count));
  const copyCount = copyCounts.size === 1 ? [...copyCounts][0] : undefined;
  const isCloudFormation = root.type === 'object' && (root.children ?? []).some((p) => p.children?.[0]?.value === 'AWSTemplateFormatVersion' || p.children?.[0]?.value === 'Resources');
  const found: JsonNode[] = [];
  const hasPolicyKey = (object: JsonNode): boolean =>
    (object.children ?? []).some((p) => POLICY_KEYS.includes(p.children?.[0]?.value as (typeof POLICY_KEYS)[number]));
  if (root.type === 'object' && hasPolicyKey(root)) found.push(root);
  const visit = (node: JsonNode, depth: number): void => {
    if (depth > 200) return;
    if (node.type === 'property') {
      const [key, value] = node.children ?? [];
      if (key?.value === 'DeploymentConfig' && value?.type === 'object') {
        for (const branch of ifBranchesOf(value)) if (!found.includes(branch)) found.push(branch);
      }
    }
    for (const child of node.children ?? []) visit(child, depth + 1);
  };
  visit(root, 0);
  // A "DeploymentConfig" key inside a config is that config's unknown key, not a second config.
  const outermost = found.filter((node) => !found.some((other) => other !== node && other.offset <= node.offset && node.offset + node.length <= other.offset + other.length));
  const blocks: ConfigBlock[] = [];
  for (const node of outermost) {
    const context = node === root ? {} : contextOf(treeSurroundings(node));
    if (context.edge) continue;
    const converted = convertJsonNode(node, map, 0, source);
    // An endpoint's own EndpointConfig decides its fleet; otherwise the template's first InitialInstanceCount.
    const linked = isCloudFormation && context.family === 'endpoint' ? linkedEndpointConfig(node, root) : {};
    const count = linked.fleet ?? fleetSize;
    const fleet = count ? { count: count.count, span: { offset: map(count.node.offset), length: count.node.length } } : undefined;
    // Text that does not parse: findings are reported, but no fix may edit it (it could make it worse).
    blocks.push(jsonBlock(converted, context, { fleet, copyCount, isCloudFormation, incomplete: errors.length > 0, ...(linked.facts ? { endpointConfig: linked.facts } : {}) }));
  }
  return blocks;
}
