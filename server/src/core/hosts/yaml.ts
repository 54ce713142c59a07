// YAML host (the `yaml` package's AST, which keeps source ranges): CloudFormation templates
// (AWS::SageMaker::Endpoint, ::InferenceComponent, ::Cluster resources) and plain YAML files whose
// root, or a DeploymentConfig key, holds a config. Intrinsic functions (!Ref, !GetAtt, Fn::Sub...)
// are unknown values; both branches of an If (`!If [cond, a, b]`, `Fn::If`) are checked as configs.
import type * as Yaml from 'yaml';
import type { Document, Node as YamlNode, Pair, YAMLMap } from 'yaml';
import type { ConfigBlock, ConfigFamily, EndpointConfigFacts, ObjectNode, PropertyNode, ValueNode } from '../model';
import { POLICY_KEYS } from './python';

let yamlPackage: typeof Yaml | undefined;
/**
 * The yaml package, loaded by the first YAML document or node test: evaluating it cost every CLI
 * run and server start ~10 ms, and most never read YAML. (A bundled require: no file is read.)
 */
const yaml = (): typeof Yaml => (yamlPackage ??= require('yaml') as typeof Yaml);
const isAlias = (node: unknown): node is Yaml.Alias => yaml().isAlias(node);
const isMap = (node: unknown): node is YAMLMap => yaml().isMap(node);
const isPair = (node: unknown): node is Pair => yaml().isPair(node);
const isScalar = (node: unknown): node is Yaml.Scalar => yaml().isScalar(node);
const isSeq = (node: unknown): node is Yaml.YAMLSeq => yaml().isSeq(node);
const parseAllDocuments: typeof Yaml.parseAllDocuments = (source, options) => yaml().parseAllDocuments(source, options);

/** Deeper than any real DeploymentConfig (5 levels); beyond it values are left unknown. */
const MAX_CONFIG_DEPTH = 32;
/** Variants of one config built for its nested If branches (each If's second branch once). */
const MAX_VARIANTS = 8;

type Ranged = YamlNode & { range?: [number, number, number] | null; tag?: string; flow?: boolean };

function rangeOf(node: Ranged): { start: number; end: number } {
  const range = node.range ?? [0, 0, 0];
  return { start: range[0], end: range[1] };
}

/** The node's written extent: a tag in front (`!Ref x`) is part of it; a block collection ends with its last entry. */
function extentOf(node: Ranged, text: string): { start: number; end: number } {
  let { start, end } = rangeOf(node);
  if (node.tag && isLocalTag(node.tag)) {
    const tagAt = text.lastIndexOf('!', start);
    if (tagAt >= 0 && /^\s*$/.test(text.slice(tagAt + node.tag.length, start)) && text.startsWith(node.tag, tagAt)) start = tagAt;
  }
  if ((isMap(node) || isSeq(node)) && !node.flow) {
    const items = node.items as (Pair | YamlNode)[];
    const last = items[items.length - 1];
    if (last) {
      if (isPair(last)) {
        const lastNode = (last.value ?? last.key) as Ranged | null;
        if (lastNode && typeof lastNode === 'object') end = extentOf(lastNode, text).end;
      } else end = extentOf(last as Ranged, text).end;
    }
  }
  return { start, end };
}

/** `!Ref`, `!If`...: CloudFormation's short forms; `!!str` and friends are YAML's own. */
const isLocalTag = (tag: string): boolean => tag.startsWith('!') && !tag.startsWith('!!');

function keyText(pair: Pair): string | undefined {
  return isScalar(pair.key) && (typeof pair.key.value === 'string' || typeof pair.key.value === 'number') ? String(pair.key.value) : undefined;
}

function memberOf(map: unknown, key: string): Ranged | undefined {
  if (!isMap(map)) return undefined;
  let found: Ranged | undefined;
  for (const pair of map.items) if (keyText(pair) === key) found = (pair.value ?? undefined) as Ranged | undefined;
  return found;
}

/** `Fn::If` long form: a map whose only key is the function. */
function longFormFunction(node: unknown): { name: string; argument: unknown } | undefined {
  if (!isMap(node) || node.items.length !== 1) return undefined;
  const name = keyText(node.items[0]!);
  if (name === 'Ref' || name === 'Condition' || name?.startsWith('Fn::')) return { name, argument: node.items[0]!.value };
  return undefined;
}

/** The two branches of `!If [cond, a, b]` or `Fn::If: [cond, a, b]`, if the node is one. */
function ifBranches(node: unknown): [Ranged, Ranged] | undefined {
  const ranged = node as Ranged | undefined;
  let list: unknown;
  if (ranged?.tag === '!If') list = ranged;
  else if (longFormFunction(node)?.name === 'Fn::If') list = longFormFunction(node)!.argument;
  if (!isSeq(list) || list.items.length !== 3) return undefined;
  return [list.items[1] as Ranged, list.items[2] as Ranged];
}

function isIntrinsic(node: unknown): boolean {
  const tag = (node as Ranged | undefined)?.tag;
  return (tag !== undefined && isLocalTag(tag)) || longFormFunction(node) !== undefined;
}

function isNoValue(node: unknown): boolean {
  const ranged = node as Ranged;
  if (ranged?.tag === '!Ref' && isScalar(ranged)) return ranged.value === 'AWS::NoValue';
  const fn = longFormFunction(node);
  return fn?.name === 'Ref' && isScalar(fn.argument) && fn.argument.value === 'AWS::NoValue';
}

/** The values a node may stand for: both branches of (nested) Ifs, without AWS::NoValue. */
function alternativesOf(node: Ranged | undefined, depth = 0): Ranged[] {
  if (!node || depth > 8) return [];
  const branches = ifBranches(node);
  if (!branches) return isNoValue(node) ? [] : [node];
  return [...alternativesOf(branches[0], depth + 1), ...alternativesOf(branches[1], depth + 1)];
}

class Converter {
  /** Nested If nodes met while converting, in order. */
  readonly ifs: Ranged[] = [];

  constructor(
    private readonly text: string,
    private readonly cloudFormation: boolean,
    /** Which branch each nested If takes (absent: the first). */
    private readonly choices: ReadonlyMap<Ranged, 0 | 1> = new Map(),
  ) {}

  convert(node: Ranged, depth = 0): ValueNode {
    const { start, end } = extentOf(node, this.text);
    const span = { offset: start, length: end - start };
    const unknown = (): ValueNode => ({ kind: 'unknown', ...span, text: this.text.slice(start, end) });
    if (depth > MAX_CONFIG_DEPTH || isAlias(node)) return unknown();
    const branches = ifBranches(node);
    if (branches) {
      if (!this.ifs.includes(node)) this.ifs.push(node);
      const chosen = branches[this.choices.get(node) ?? 0];
      return chosen && !isNoValue(chosen) ? this.convert(chosen, depth + 1) : unknown();
    }
    if (isIntrinsic(node)) return unknown();
    if (isMap(node)) return this.convertMap(node, span, depth);
    if (isSeq(node)) return { kind: 'array', ...span, items: node.items.map((item) => (item ? this.convert(item as Ranged, depth + 1) : unknown())) };
    if (isScalar(node)) {
      const value = node.value;
      const written = this.text.slice(rangeOf(node).start, rangeOf(node).end);
      if (typeof value === 'string') {
        // CloudFormation converts "600" to the integer the property needs (cfn-lint agrees).
        return { kind: 'string', ...span, value, ...(this.cloudFormation ? { coercible: true } : {}) };
      }
      if (typeof value === 'number') {
        const isInteger = Number.isInteger(value) && /^[-+]?\d+$/.test(written);
        return { kind: 'number', ...span, value, isInteger, ...(isInteger ? {} : { written }) };
      }
      if (typeof value === 'boolean') return { kind: 'boolean', ...span, value };
      if (value === null) return { kind: 'null', ...span };
    }
    return unknown();
  }

  private convertMap(map: YAMLMap, span: { offset: number; length: number }, depth: number): ObjectNode {
    const properties: PropertyNode[] = [];
    let open = false;
    for (const pair of map.items) {
      const key = keyText(pair);
      if (key === undefined || key === '<<' || !isScalar(pair.key)) {
        open = true;
        continue;
      }
      const keyRange = extentOf(pair.key as Ranged, this.text);
      const value = pair.value as Ranged | null;
      const valueNode = value && !(isScalar(value) && value.value === null && rangeOf(value).start === rangeOf(value).end) ? this.convert(value, depth + 1) : undefined;
      const end = valueNode ? valueNode.offset + valueNode.length : keyRange.end;
      properties.push({
        key,
        keySpan: { offset: keyRange.start, length: keyRange.end - keyRange.start },
        offset: keyRange.start,
        length: end - keyRange.start,
        ...(valueNode ? { value: valueNode } : {}),
      });
    }
    return { kind: 'object', ...span, properties, ...(open ? { open } : {}) };
  }
}

interface Candidate {
  node: Ranged;
  family?: ConfigFamily;
  fleetSize?: number;
  endpointConfig?: EndpointConfigFacts;
}

const hasPolicyKey = (node: unknown): boolean => isMap(node) && node.items.some((pair) => POLICY_KEYS.includes(keyText(pair) as (typeof POLICY_KEYS)[number]));

function positiveInteger(node: unknown): number | undefined {
  return isScalar(node) && typeof node.value === 'number' && Number.isInteger(node.value) && node.value >= 1 ? node.value : undefined;
}

/** The first InitialInstanceCount anywhere in the document, as the other hosts read it. */
function firstInstanceCount(node: unknown, depth = 0): number | undefined {
  if (depth > 40) return undefined;
  if (isMap(node)) {
    for (const pair of node.items) {
      if (keyText(pair) === 'InitialInstanceCount' && positiveInteger(pair.value) !== undefined) return positiveInteger(pair.value);
      const inner = firstInstanceCount(pair.value, depth + 1);
      if (inner !== undefined) return inner;
    }
  } else if (isSeq(node)) {
    for (const item of node.items) {
      const inner = firstInstanceCount(item, depth + 1);
      if (inner !== undefined) return inner;
    }
  }
  return undefined;
}

/** The logical id a `!Ref X`, `!GetAtt X.Name`, `{Ref: X}` or `{"Fn::GetAtt": [X, Name]}` points to. */
export function referencedResource(node: unknown): string | undefined {
  const ranged = node as Ranged | undefined;
  if (ranged?.tag === '!Ref' && isScalar(ranged)) return String(ranged.value);
  if (ranged?.tag === '!GetAtt') {
    if (isScalar(ranged)) return String(ranged.value).split('.')[0];
    if (isSeq(ranged) && isScalar(ranged.items[0])) return String(ranged.items[0].value);
  }
  const fn = longFormFunction(node);
  if (fn?.name === 'Ref' && isScalar(fn.argument)) return String(fn.argument.value);
  if (fn?.name === 'Fn::GetAtt') {
    if (isScalar(fn.argument)) return String(fn.argument.value).split('.')[0];
    if (isSeq(fn.argument) && isScalar(fn.argument.items[0])) return String(fn.argument.items[0].value);
  }
  return undefined;
}

interface LinkedConfig {
  fleetSize?: number;
  facts?: EndpointConfigFacts;
}

/** The EndpointConfig an endpoint references in the same template: its first variant's InitialInstanceCount and its variants. */
function linkedEndpointConfig(resources: YAMLMap, properties: unknown): LinkedConfig {
  const id = referencedResource(memberOf(properties, 'EndpointConfigName'));
  if (!id) return {};
  const config = memberOf(resources, id);
  if ((memberOf(config, 'Type') as { value?: unknown } | undefined)?.value !== 'AWS::SageMaker::EndpointConfig') return {};
  const variants = memberOf(memberOf(config, 'Properties'), 'ProductionVariants');
  // A list built by an intrinsic (!If, !FindInMap) says nothing sure about the variants.
  if (!isSeq(variants) || isIntrinsic(variants) || variants.items.some((item) => !isMap(item) || ifBranches(item))) return {};
  const fleetSize = positiveInteger(memberOf(variants.items[0], 'InitialInstanceCount'));
  const instanceTypes = variants.items.map((item) => memberOf(item, 'InstanceType')).flatMap((type) => (isScalar(type) && typeof type.value === 'string' && !isIntrinsic(type) ? [type.value] : []));
  const facts: EndpointConfigFacts = {
    name: `EndpointConfig ${id}`,
    variantCount: variants.items.length,
    serverless: variants.items.some((item) => memberOf(item, 'ServerlessConfig') !== undefined),
    instanceTypes,
  };
  return { ...(fleetSize !== undefined ? { fleetSize } : {}), facts };
}

/** Whether a document is a CloudFormation template: the format version, or Resources of AWS:: types. */
export function isCloudFormationTemplate(root: unknown): boolean {
  if (!isMap(root)) return false;
  if (memberOf(root, 'AWSTemplateFormatVersion') !== undefined) return true;
  const resources = memberOf(root, 'Resources');
  return isMap(resources) && resources.items.some((pair) => String((memberOf(pair.value, 'Type') as { value?: unknown } | undefined)?.value ?? '').startsWith('AWS::'));
}

function cloudFormationCandidates(root: YAMLMap): Candidate[] {
  const resources = memberOf(root, 'Resources');
  if (!isMap(resources)) return [];
  const candidates: Candidate[] = [];
  const fallbackFleet = firstInstanceCount(resources);
  for (const pair of resources.items) {
    const resource = pair.value;
    const type = (memberOf(resource, 'Type') as { value?: unknown } | undefined)?.value;
    const properties = memberOf(resource, 'Properties');
    const add = (node: Ranged | undefined, family: ConfigFamily, fleetSize: number | undefined, endpointConfig?: EndpointConfigFacts): void => {
      for (const alternative of alternativesOf(node)) {
        if (isMap(alternative)) candidates.push({ node: alternative, family, ...(fleetSize !== undefined ? { fleetSize } : {}), ...(endpointConfig ? { endpointConfig } : {}) });
      }
    };
    if (type === 'AWS::SageMaker::Endpoint') {
      const linked = linkedEndpointConfig(resources, properties);
      add(memberOf(properties, 'DeploymentConfig'), 'endpoint', linked.fleetSize ?? fallbackFleet, linked.facts);
    } else if (type === 'AWS::SageMaker::InferenceComponent') {
      add(memberOf(properties, 'DeploymentConfig'), 'inference-component', positiveInteger(memberOf(memberOf(properties, 'RuntimeConfig'), 'CopyCount')));
    } else if (type === 'AWS::SageMaker::Cluster') {
      const groups = memberOf(properties, 'InstanceGroups');
      if (!isSeq(groups)) continue;
      for (const group of groups.items) {
        add(memberOf(memberOf(group, 'ScheduledUpdateConfig'), 'DeploymentConfig'), 'hyperpod-cluster', positiveInteger(memberOf(group, 'InstanceCount')));
      }
    }
  }
  return candidates;
}

/** A plain YAML file: the root when it has a policy key, and every (outermost) map under a DeploymentConfig key. */
function plainCandidates(root: unknown): Candidate[] {
  const found: Ranged[] = [];
  if (hasPolicyKey(root)) found.push(root as Ranged);
  const visit = (node: unknown, depth: number): void => {
    if (depth > 100) return;
    if (isMap(node)) {
      for (const pair of node.items) {
        if (keyText(pair) === 'DeploymentConfig') {
          // An edge deployment plan's stage config ({FailureHandlingPolicy}) is another API's shape.
          for (const alternative of alternativesOf(pair.value as Ranged)) {
            if (isMap(alternative) && memberOf(alternative, 'FailureHandlingPolicy') === undefined && !found.includes(alternative)) found.push(alternative);
          }
          continue;
        }
        visit(pair.value, depth + 1);
      }
    } else if (isSeq(node)) for (const item of node.items) visit(item, depth + 1);
  };
  if (!found.includes(root as Ranged)) visit(root, 0);
  const fleetSize = firstInstanceCount(root);
  return found.map((node) => ({ node, ...(fleetSize !== undefined ? { fleetSize } : {}) }));
}

function blocksOf(candidate: Candidate, text: string, cloudFormation: boolean, incomplete: boolean): ConfigBlock[] {
  const make = (root: ValueNode): ConfigBlock => ({
    host: 'yaml',
    syntax: 'yaml',
    root,
    quote: '"',
    ...(candidate.fleetSize !== undefined ? { fleetSize: candidate.fleetSize } : {}),
    ...(cloudFormation ? { dialect: 'cloudformation' as const } : {}),
    ...(candidate.family ? { family: candidate.family } : {}),
    ...(candidate.endpointConfig ? { endpointConfig: candidate.endpointConfig } : {}),
    // A document with YAML errors (being typed) is checked but never edited: an edit could make it worse.
    ...(incomplete ? { incomplete: true } : {}),
  });
  const first = new Converter(text, cloudFormation);
  const blocks = [make(first.convert(candidate.node))];
  // One more tree per nested If, with its second branch, so both branches are checked.
  for (const nested of first.ifs.slice(0, MAX_VARIANTS)) {
    const branches = ifBranches(nested);
    if (!branches || isNoValue(branches[1])) continue;
    blocks.push(make(new Converter(text, cloudFormation, new Map([[nested, 1]])).convert(candidate.node)));
  }
  return blocks;
}

export function extractYamlBlocks(text: string): ConfigBlock[] {
  const blocks: ConfigBlock[] = [];
  const documents = parseAllDocuments(text, { uniqueKeys: false, prettyErrors: false }) as Document.Parsed[] | { empty: true };
  if (!Array.isArray(documents)) return blocks;
  for (const document of documents) {
    const root = document.contents;
    if (!root) continue;
    const cloudFormation = isCloudFormationTemplate(root);
    const candidates = cloudFormation ? cloudFormationCandidates(root as YAMLMap) : plainCandidates(root);
    for (const candidate of candidates) blocks.push(...blocksOf(candidate, text, cloudFormation, document.errors.length > 0));
  }
  return blocks;
}
