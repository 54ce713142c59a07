// JSON host (jsonc-parser): config objects in JSON/JSONC files, and the JSON text of CLI values.
import { findNodeAtOffset, parseTree, printParseErrorCode, type Node as JsonNode, type ParseError } from 'jsonc-parser';
import type { ConfigBlock, ConfigFamily, EndpointConfigFacts, Span, ValueNode } from '../model';
import { decideFamily, familyOfResourceType, familyOfSiblingKeys } from '../family';
import { POLICY_KEYS } from './python';

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

/**
 * What surrounds a `"DeploymentConfig": {...}` value: the request's other keys (a --cli-input-json
 * skeleton), an instance group's ScheduledUpdateConfig, or the CloudFormation resource's Type.
 */
function contextOf(value: JsonNode): JsonContext {
  const holder = value.parent?.parent;
  const siblings = keysOf(holder);
  if (siblings.includes('StageName') || siblings.includes('DeviceSelectionConfig') || keysOf(value).includes('FailureHandlingPolicy')) return { edge: true };
  const scheduled = holder?.parent;
  if (scheduled?.type === 'property' && scheduled.children?.[0]?.value === 'ScheduledUpdateConfig') {
    const count = memberOf(scheduled.parent, 'InstanceCount');
    return { family: 'hyperpod-cluster', ...(count?.type === 'number' && Number.isInteger(count.value) && count.value >= 1 ? { groupSize: count.value as number } : {}) };
  }
  const copies = memberOf(memberOf(holder, 'RuntimeConfig'), 'CopyCount');
  const copyCount = copies?.type === 'number' && Number.isInteger(copies.value) && copies.value >= 1 ? (copies.value as number) : undefined;
  const withCopies = copyCount !== undefined ? { copyCount } : {};
  // CloudFormation first: the nearest object with a "Type" of a SageMaker resource holds it (in its
  // Properties). An inference component's Properties have an EndpointName too, so sibling keys come second.
  for (let node: JsonNode | undefined = holder; node; node = node.parent) {
    const type = memberOf(node, 'Type');
    const family = type?.type === 'string' ? familyOfResourceType(String(type.value)) : undefined;
    if (family) return { family, ...withCopies };
  }
  const fromSiblings = familyOfSiblingKeys(siblings);
  if (fromSiblings) return { family: fromSiblings, ...withCopies };
  return withCopies;
}

/** What one scan of a JSON text tells without building its tree: where the configs are, and the document facts rules need. */
interface JsonScan {
  /**
   * [start, end) of each outermost object under a "DeploymentConfig" key, with the start of the
   * container around the object that holds the key (the request, or the instance group of a
   * ScheduledUpdateConfig): what the config's family is read from.
   */
  configs: { start: number; end: number; contextStart: number }[];
  fleetSize?: number;
  copyCount?: number;
  /** Where those counts are written (offset in the text and length). */
  fleetSizeAt?: [number, number];
  copyCountAt?: [number, number];
  /** A CopyCount that is not a literal count, or differs from the first: the document has no one copy count. */
  copyCountsDiffer?: boolean;
  isCloudFormation: boolean;
}

const CHAR = { quote: 34, backslash: 92, slash: 47, star: 42, openBrace: 123, closeBrace: 125, openBracket: 91, closeBracket: 93, colon: 58, comma: 44, newline: 10 };
const ROOT_KEYS_THAT_MATTER = new Set<string>([...POLICY_KEYS, 'AWSTemplateFormatVersion', 'Resources']);

/**
 * One linear pass over the characters (strings, comments, brackets; no tree, no values), finding
 * the objects under "DeploymentConfig" keys, the first InitialInstanceCount and the root's keys.
 * Undefined whenever the text is not plain well-formed JSON(C) of moderate depth, or its root is
 * a config itself: the caller then parses the whole text, so every answer is the tree's answer.
 */
function scanJson(text: string): JsonScan | undefined {
  const scan: JsonScan = { configs: [], isCloudFormation: false };
  const length = text.length;
  /** Per open container: true for an object. */
  const containers: boolean[] = [];
  /** Per open container: where it starts, and the key it is the value of (only the keys we care about). */
  const starts: number[] = [];
  const containerKeys: (string | undefined)[] = [];
  let contextStart = -1;
  /** In an object: what comes next (a key, or a value after its colon). */
  let expectKey = false;
  let expectValue = true;
  let afterValue = false;
  /** The key whose value comes next (only the keys we care about are kept). */
  let pendingKey: string | undefined;
  let configStart = -1;
  let configDepth = -1;
  let i = 0;
  const skipSpaceAndComments = (): boolean => {
    while (i < length) {
      const c = text.charCodeAt(i);
      if (c === 32 || c === 10 || c === 13 || c === 9) i++;
      else if (c === CHAR.slash && text.charCodeAt(i + 1) === CHAR.slash) {
        const end = text.indexOf('\n', i);
        i = end === -1 ? length : end + 1;
      } else if (c === CHAR.slash && text.charCodeAt(i + 1) === CHAR.star) {
        const end = text.indexOf('*/', i + 2);
        if (end === -1) return false;
        i = end + 2;
      } else return true;
    }
    return true;
  };
  /** The end (after the closing quote) of the string starting at i, or -1 when it is not well formed. */
  const stringEnd = (from: number): number => {
    let j = from + 1;
    while (j < length) {
      const c = text.charCodeAt(j);
      if (c === CHAR.quote) return j + 1;
      if (c < 32) return -1;
      if (c === CHAR.backslash) {
        const e = text[j + 1];
        if (e === 'u') {
          if (!/^[0-9a-fA-F]{4}$/.test(text.slice(j + 2, j + 6))) return -1;
          j += 6;
        } else if (e !== undefined && '"\\/bfnrt'.includes(e)) j += 2;
        else return -1;
      } else j++;
    }
    return -1;
  };
  while (true) {
    if (!skipSpaceAndComments()) return undefined;
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
        starts.pop();
        containerKeys.pop();
        i++;
        if (configDepth === containers.length) {
          scan.configs.push({ start: configStart, end: i, contextStart });
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
      const end = stringEnd(i);
      if (end === -1) return undefined;
      const raw = text.slice(i + 1, end - 1);
      const key = raw.includes('\\') ? (JSON.parse(text.slice(i, end)) as string) : raw;
      if (containers.length === 1 && ROOT_KEYS_THAT_MATTER.has(key)) {
        if ((POLICY_KEYS as readonly string[]).includes(key)) return undefined; // the root is a config: the whole text is parsed
        scan.isCloudFormation = true;
      }
      pendingKey = key === 'DeploymentConfig' || key === 'InitialInstanceCount' || key === 'CopyCount' || key === 'ScheduledUpdateConfig' ? key : undefined;
      i = end;
      if (!skipSpaceAndComments() || text.charCodeAt(i) !== CHAR.colon) return undefined;
      i++;
      expectKey = false;
      expectValue = true;
      continue;
    }
    if (!expectValue) return undefined;
    // A value.
    const key = pendingKey;
    pendingKey = undefined;
    expectValue = false;
    // Any CopyCount that is not a number literal (a word below checks the numbers).
    if (key === 'CopyCount' && (c === CHAR.openBrace || c === CHAR.openBracket || c === CHAR.quote)) scan.copyCountsDiffer = true;
    if (c === CHAR.openBrace || c === CHAR.openBracket) {
      if (containers.length + 1 >= MAX_PARSE_DEPTH) return undefined; // flattenDeepNesting's territory
      if (c === CHAR.openBrace && key === 'DeploymentConfig' && configDepth === -1) {
        configStart = i;
        configDepth = containers.length;
        // The holder (the request object) tells the family; a ScheduledUpdateConfig needs its instance group around it.
        const holder = starts.length - 1;
        contextStart = starts[containerKeys[holder] === 'ScheduledUpdateConfig' && holder > 0 ? holder - 1 : holder]!;
      }
      containers.push(c === CHAR.openBrace);
      starts.push(i);
      containerKeys.push(key);
      i++;
      // An empty array closes at once: `]` is read as the end of its container.
      if (c === CHAR.openBrace) expectKey = true;
      else if (skipSpaceAndComments() && text.charCodeAt(i) === CHAR.closeBracket) afterValue = true;
      else expectValue = true;
      continue;
    }
    if (c === CHAR.quote) {
      const end = stringEnd(i);
      if (end === -1) return undefined;
      i = end;
    } else {
      const word = /^(?:-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?|true|false|null)/.exec(text.slice(i, i + 64));
      if (!word) return undefined;
      const after = text.charCodeAt(i + word[0].length);
      if ((after >= 48 && after <= 57) || (after >= 65 && after <= 90) || (after >= 97 && after <= 122) || after === 46 || after === 95) return undefined;
      if (key === 'CopyCount' && !/^[-\d]/.test(word[0])) scan.copyCountsDiffer = true;
      if ((key === 'InitialInstanceCount' || key === 'CopyCount') && /^[-\d]/.test(word[0])) {
        const value = Number(word[0]);
        const field = key === 'InitialInstanceCount' ? 'fleetSize' : 'copyCount';
        const literal = Number.isInteger(value) && value >= 1;
        if (field === 'copyCount' && (!literal || (scan.copyCount !== undefined && scan.copyCount !== value))) scan.copyCountsDiffer = true;
        if (scan[field] === undefined && literal) {
          scan[field] = value;
          scan[field === 'fleetSize' ? 'fleetSizeAt' : 'copyCountAt'] = [i, word[0].length];
        }
      }
      i += word[0].length;
    }
    afterValue = true;
  }
  // The root value must be complete, and there must be one.
  if (containers.length || !afterValue) return undefined;
  return scan;
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

const positiveCount = (node: JsonNode | undefined): JsonNode | undefined =>
  node?.type === 'number' && Number.isInteger(node.value) && (node.value as number) >= 1 ? node : undefined;

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
    const contexts = new Map<number, { tree: JsonNode | undefined; errors: ParseError[] }>();
    for (const { start, end, contextStart } of scan.configs) {
      // The container around the config's holder tells its family (sibling keys, ScheduledUpdateConfig);
      // parseTree reads only its first value, so this costs what the container holds, not the document.
      if (!contexts.has(contextStart)) {
        const errors: ParseError[] = [];
        contexts.set(contextStart, { tree: parseTree(text.slice(contextStart), errors, { disallowComments: false, allowTrailingComma: true }), errors });
      }
      const { tree: container, errors: containerErrors } = contexts.get(contextStart)!;
      const node = container && findNodeAtOffset(container, start - contextStart);
      if (!node || node.type !== 'object' || node.offset !== start - contextStart || node.length !== end - start) return extractJsonBlocksFromTree(text, baseOffset);
      // An error inside the config (the container's parse goes on past its end: later errors are not this config's).
      const inConfig = containerErrors.some((e) => e.offset >= node.offset && e.offset < node.offset + node.length);
      if (inConfig || ifBranchesOf(node).length !== 1) return extractJsonBlocksFromTree(text, baseOffset);
      const context = contextOf(node);
      if (context.edge) continue;
      const converted = convertJsonNode(node, (offset) => offset + contextStart + baseOffset, 0, text.slice(contextStart));
      const fleet = scan.fleetSize !== undefined && scan.fleetSizeAt ? { count: scan.fleetSize, span: { offset: scan.fleetSizeAt[0] + baseOffset, length: scan.fleetSizeAt[1] } } : undefined;
      blocks.push(jsonBlock(converted, context, { fleet, copyCount: scan.copyCountsDiffer ? undefined : scan.copyCount, isCloudFormation: false, incomplete: false }));
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
    const context = node === root ? {} : contextOf(node);
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
