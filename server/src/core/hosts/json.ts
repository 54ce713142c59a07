// JSON host (jsonc-parser): config objects in JSON/JSONC files, and the JSON text of CLI values.
import { parseTree, printParseErrorCode, type Node as JsonNode, type ParseError } from 'jsonc-parser';
import type { ConfigBlock, ConfigFamily, ValueNode } from '../model';
import { decideFamily, familyOfResourceType, familyOfSiblingKeys } from '../family';
import { POLICY_KEYS } from './python';

/** Maps an offset in the parsed text to an offset in the host document. */
export type OffsetMap = (offset: number) => number;
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
  const length = map(node.offset + node.length) - offset;
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
          keySpan: { offset: keyOffset, length: map(keyNode.offset + keyNode.length) - keyOffset },
          offset: propertyOffset,
          length: map(child.offset + child.length) - propertyOffset,
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

/** The first literal count under this key (InitialInstanceCount) in the document. */
function findCount(node: JsonNode | undefined, key: string): number | undefined {
  return findCounts(node, key).find((count) => count !== undefined);
}

/** Every value under this key, in document order: a literal count, or undefined for anything else. */
function findCounts(node: JsonNode | undefined, key: string, into: (number | undefined)[] = []): (number | undefined)[] {
  if (!node) return into;
  if (node.type === 'property') {
    const [keyNode, value] = node.children ?? [];
    if (keyNode?.value === key) into.push(value?.type === 'number' && Number.isInteger(value.value) && value.value >= 1 ? (value.value as number) : undefined);
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
  const fromSiblings = familyOfSiblingKeys(siblings);
  if (fromSiblings) return { family: fromSiblings, ...withCopies };
  // CloudFormation: the nearest object with a "Type" of a SageMaker resource holds it (in its Properties).
  for (let node: JsonNode | undefined = holder; node; node = node.parent) {
    const type = memberOf(node, 'Type');
    const family = type?.type === 'string' ? familyOfResourceType(String(type.value)) : undefined;
    if (family) return { family, ...withCopies };
  }
  return withCopies;
}

/** Config objects in a JSON document: the root when it has a policy key, and any object under "DeploymentConfig". */
export function extractJsonBlocks(text: string, baseOffset = 0): ConfigBlock[] {
  const source = flattenDeepNesting(text);
  const root = parseTree(source, [], { disallowComments: false, allowTrailingComma: true });
  if (!root) return [];
  const map: OffsetMap = (offset) => offset + baseOffset;
  const fleetSize = findCount(root, 'InitialInstanceCount');
  // The document's copy count only when every CopyCount in it is the same literal.
  const copyCounts = new Set(findCounts(root, 'CopyCount'));
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
      if (key?.value === 'DeploymentConfig' && value?.type === 'object' && !found.includes(value)) found.push(value);
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
    const family = decideFamily(context.family, converted);
    const size = family === 'inference-component' ? (context.copyCount ?? copyCount) : family === 'hyperpod-cluster' ? context.groupSize : fleetSize;
    blocks.push({
      host: 'json',
      syntax: 'json',
      root: converted,
      quote: '"',
      ...(size !== undefined ? { fleetSize: size } : {}),
      ...(isCloudFormation ? { dialect: 'cloudformation' as const } : {}),
      ...(family ? { family } : {}),
    });
  }
  return blocks;
}
