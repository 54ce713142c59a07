// Python configs that are not boto3 dicts, on the same tree as the Python host:
// - sagemaker-core / SageMaker Python SDK v3 shape classes: `DeploymentConfig(blue_green_update_policy=
//   BlueGreenUpdatePolicy(...))`, `InferenceComponentDeploymentConfig(...)`, HyperPod's
//   `DeploymentConfiguration(...)`, passed as `deployment_config=` or bound to names;
// - CDK Python: `sagemaker.CfnEndpoint.DeploymentConfigProperty(...)` and the other `*Property`
//   classes (snake_case keywords), and camelCase dicts passed as `deployment_config=`;
// - `json.loads('''{...}''')` of a string literal: the JSON inside, with ranges inside the string.
// Keys are translated to the API's names once; the written keys are kept for printing.
import { parseTree } from 'jsonc-parser';
import type { Node, Tree } from 'web-tree-sitter';
import { hasSyntaxError } from './syntax-errors';
import { toApiKey } from '../keys';
import { charIn, readText, textHolds } from '../text';
import type { ConfigBlock, ConfigFamily, KeyDialect, ObjectNode, PropertyNode, ValueNode } from '../model';
import { convertJsonNode } from './json';
import { POLICY_KEYS } from './python';
import { pythonTextIndex, type IndexedWord, type PythonTextIndex } from './python-index';
import type { TreeCoverage } from './python-statements';

const MAX_CONFIG_DEPTH = 32;
const MAX_NAME_DEPTH = 8;

/** Root shape classes and the family each is for. */
const ROOT_CLASSES: Readonly<Record<string, ConfigFamily>> = {
  DeploymentConfig: 'endpoint',
  InferenceComponentDeploymentConfig: 'inference-component',
  DeploymentConfiguration: 'hyperpod-cluster',
  DeploymentConfigProperty: 'endpoint',
  InferenceComponentDeploymentConfigProperty: 'inference-component',
};

/** Member shape classes: their keyword arguments are the object's members. */
const MEMBER_CLASSES = new Set([
  'BlueGreenUpdatePolicy',
  'RollingUpdatePolicy',
  'TrafficRoutingConfig',
  'CapacitySize',
  'AutoRollbackConfig',
  'Alarm',
  'InferenceComponentRollingUpdatePolicy',
  'InferenceComponentCapacitySize',
  'RollingDeploymentPolicy',
  'CapacitySizeConfig',
  'AlarmDetails',
]);

const CAMEL_POLICY_KEYS = POLICY_KEYS.map((key) => key[0]!.toLowerCase() + key.slice(1));

/** Cheap test before parsing. */
export function mayHoldPythonShapeConfig(text: string): boolean {
  // Words that start with a rare letter first: a native search is fastest for those.
  return textHolds(text, 'DeploymentConfig') || textHolds(text, 'deployment_config') || (POLICY_KEYS.some((key) => textHolds(text, key)) && textHolds(text, 'loads'));
}

/** Root class names by what follows `DeploymentConfig` in them, each with `(` after it as in a call. */
const ROOT_CLASS_ENDINGS: readonly { after: string; prefixed: boolean }[] = [
  { after: '(', prefixed: false },
  { after: 'uration(', prefixed: false },
  { after: 'Property(', prefixed: false },
  { after: '(', prefixed: true },
  { after: 'Property(', prefixed: true },
];
const CLASS_PREFIX = 'InferenceComponent';

/**
 * The root class calls' names, `[offset, word]`, found from the kept offsets of `DeploymentConfig`
 * (every root class name holds it). One character is read after most occurrences: a boto3 file has
 * hundreds (`DeploymentConfig=`, `"DeploymentConfig":`), and a notebook's edit reads them all.
 */
function classCallNames(index: PythonTextIndex, text: string): [number, string][] {
  const found: [number, string][] = [];
  const length = 'DeploymentConfig'.length;
  for (const offset of index.occurrences('DeploymentConfig')) {
    const next = charIn(text, offset + length);
    if (next !== '(' && next !== 'u' && next !== 'P') continue;
    const tail = readText(text, offset + length, offset + length + 'Property('.length);
    const prefixed = offset >= CLASS_PREFIX.length && readText(text, offset - CLASS_PREFIX.length, offset) === CLASS_PREFIX;
    for (const ending of ROOT_CLASS_ENDINGS) {
      if (!tail.startsWith(ending.after)) continue;
      const word = `${ending.prefixed ? CLASS_PREFIX : ''}DeploymentConfig${ending.after.slice(0, -1)}`;
      found.push([offset - (ending.prefixed ? CLASS_PREFIX.length : 0), word]);
      if (!prefixed) break;
    }
  }
  return found;
}

/** `sagemaker.CfnEndpoint.DeploymentConfigProperty` -> `DeploymentConfigProperty`. */
function calleeName(call: Node): string | undefined {
  const callee = call.childForFieldName('function');
  if (callee?.type === 'identifier') return callee.text;
  if (callee?.type === 'attribute') return callee.childForFieldName('attribute')?.text;
  return undefined;
}

const isMemberClass = (name: string | undefined): boolean => name !== undefined && (MEMBER_CLASSES.has(name) || /Property$/.test(name) || ROOT_CLASSES[name] !== undefined);

/** A Python string literal's value when it has no interpolation, with each value character's offset in the source. */
function stringWithOffsets(node: Node, text: string): { value: string; offsets: number[] } | undefined {
  if (node.type !== 'string') return undefined;
  const source = readText(text, node.startIndex, node.endIndex);
  const opening = /^([A-Za-z]{0,2})('''|"""|'|")/.exec(source);
  if (!opening || !source.endsWith(opening[2]!) || source.length < opening[0].length + opening[2]!.length) return undefined;
  const prefix = opening[1]!.toLowerCase();
  if (prefix.includes('b') || prefix.includes('f')) return undefined;
  const start = node.startIndex + opening[0].length;
  const end = node.endIndex - opening[2]!.length;
  let value = '';
  const offsets: number[] = [];
  const simple: Record<string, string> = { n: '\n', t: '\t', r: '\r', '\\': '\\', "'": "'", '"': '"' };
  for (let i = start; i < end; i++) {
    const c = source[i - node.startIndex]!;
    if (c === '\\' && !prefix.includes('r')) {
      const next = source[i + 1 - node.startIndex];
      if (next === '\n') {
        i++;
        continue;
      }
      if (next !== undefined && simple[next] !== undefined) {
        offsets.push(i);
        value += simple[next];
        i++;
        continue;
      }
      // Other escapes (\x, \u...): not in JSON configs; the literal is not read.
      return undefined;
    }
    offsets.push(i);
    value += c;
  }
  offsets.push(end);
  return { value, offsets };
}

class ShapeConverter {
  readonly resolving = new Set<string>();
  quote = '"';

  readonly index: PythonTextIndex;

  constructor(
    private readonly tree: Tree,
    private readonly text: string,
    /** When the tree holds only some statements: which, and what else the extraction asked for. */
    private readonly selection?: TreeCoverage,
  ) {
    this.index = pythonTextIndex(text);
  }

  occurrences(word: IndexedWord): readonly number[] {
    return this.index.occurrences(word);
  }

  nodeAt(offset: number, length: number): Node | null {
    if (this.selection && !this.selection.covers(offset, offset + length)) return null;
    return this.tree.rootNode.descendantForIndex(offset, offset + length - 1);
  }

  private unknown(node: Node): ValueNode {
    return { kind: 'unknown', offset: node.startIndex, length: node.endIndex - node.startIndex, text: readText(this.text, node.startIndex, node.endIndex) };
  }

  /** The value a name is bound to by `name = value` (the last before `before`, else the first after). */
  resolveName(name: string, before: number): Node | undefined {
    let chosen: Node | undefined;
    let firstAfter: Node | undefined;
    // The kept index's `name =` offsets (python-index.ts): no scan of the whole text per name.
    for (const offset of this.index.assignmentsOf(name)) {
      const identifier = this.nodeAt(offset, name.length);
      const assignment = identifier?.parent;
      if (identifier?.type !== 'identifier' || assignment?.type !== 'assignment' || assignment.childForFieldName('left')?.startIndex !== identifier.startIndex) continue;
      const right = assignment.childForFieldName('right');
      if (!right) continue;
      if (offset < before) chosen = right;
      else firstAfter ??= right;
    }
    return chosen ?? firstAfter;
  }

  /** Follows names to the expression they are bound to. */
  follow(node: Node): Node {
    let current = node;
    for (let i = 0; i < MAX_NAME_DEPTH && current.type === 'identifier'; i++) {
      const bound = this.resolveName(current.text, current.startIndex);
      if (!bound) break;
      current = bound;
    }
    return current;
  }

  convert(node: Node, dialect: KeyDialect, depth = 0): ValueNode {
    if (depth > MAX_CONFIG_DEPTH) return this.unknown(node);
    const span = { offset: node.startIndex, length: node.endIndex - node.startIndex };
    switch (node.type) {
      case 'call': {
        const name = calleeName(node);
        const args = node.childForFieldName('arguments');
        if (!isMemberClass(name) || args?.type !== 'argument_list') return this.unknown(node);
        return this.convertArguments(args, depth);
      }
      case 'dictionary':
        return this.convertDictionary(node, dialect, depth);
      case 'list':
      case 'tuple': {
        const items: ValueNode[] = [];
        for (const child of node.namedChildren) {
          if (!child || child.type === 'comment') continue;
          if (child.type === 'list_splat') return this.unknown(node);
          items.push(this.convert(child, dialect, depth + 1));
        }
        return { kind: 'array', ...span, items };
      }
      case 'string': {
        const literal = stringWithOffsets(node, this.text);
        if (literal) this.quote = /^[A-Za-z]*"/.test(node.text) ? '"' : "'";
        return literal ? { kind: 'string', ...span, value: literal.value } : this.unknown(node);
      }
      case 'integer': {
        const written = node.text.replace(/_/g, '');
        return /^\d+$/.test(written) ? { kind: 'number', ...span, value: Number(written), isInteger: true } : this.unknown(node);
      }
      case 'float':
        return { kind: 'number', ...span, value: Number(node.text.replace(/_/g, '')), isInteger: false, written: node.text };
      case 'true':
      case 'false':
        return { kind: 'boolean', ...span, value: node.type === 'true' };
      case 'none':
        return { kind: 'null', ...span };
      case 'identifier': {
        const name = node.text;
        if (this.resolving.has(name) || this.resolving.size >= MAX_NAME_DEPTH) return this.unknown(node);
        const bound = this.resolveName(name, node.startIndex);
        if (!bound) return this.unknown(node);
        this.resolving.add(name);
        try {
          return this.convert(bound, dialect, depth + 1);
        } finally {
          this.resolving.delete(name);
        }
      }
      default:
        return this.unknown(node);
    }
  }

  /** Keyword arguments as members; the object spans the parentheses. */
  private convertArguments(args: Node, depth: number): ObjectNode {
    const object: ObjectNode = { kind: 'object', offset: args.startIndex, length: args.endIndex - args.startIndex, properties: [] };
    for (const argument of args.namedChildren) {
      if (!argument || argument.type === 'comment') continue;
      if (argument.type !== 'keyword_argument') {
        object.open = true;
        continue;
      }
      const name = argument.childForFieldName('name');
      const value = argument.childForFieldName('value');
      if (!name) continue;
      object.properties.push(this.property(name.text, 'snake', name, argument, value ? this.convert(value, 'snake', depth + 1) : undefined));
    }
    return object;
  }

  private convertDictionary(node: Node, dialect: KeyDialect, depth: number): ObjectNode {
    const object: ObjectNode = { kind: 'object', offset: node.startIndex, length: node.endIndex - node.startIndex, properties: [] };
    for (const pair of node.namedChildren) {
      if (!pair || pair.type === 'comment') continue;
      const key = pair.type === 'pair' ? pair.childForFieldName('key') : undefined;
      const literal = key ? stringWithOffsets(key, this.text) : undefined;
      if (!key || !literal) {
        object.open = true;
        continue;
      }
      this.quote = /^[A-Za-z]*"/.test(key.text) ? '"' : "'";
      const value = pair.childForFieldName('value');
      object.properties.push(this.property(literal.value, dialect, key, pair, value ? this.convert(value, dialect, depth + 1) : undefined));
    }
    return object;
  }

  private property(written: string, dialect: KeyDialect, keyNode: Node, member: Node, value: ValueNode | undefined): PropertyNode {
    const key = toApiKey(written, dialect);
    return {
      key,
      ...(key !== written ? { writtenKey: written } : {}),
      keySpan: { offset: keyNode.startIndex, length: keyNode.endIndex - keyNode.startIndex },
      offset: member.startIndex,
      length: member.endIndex - member.startIndex,
      ...(value ? { value } : {}),
    };
  }
}

interface Root {
  node: Node;
  family: ConfigFamily;
  cdk: boolean;
}

/** The family a `deployment_config=` argument is for, from the call it is passed to. */
function familyOfCall(call: Node | null | undefined): ConfigFamily | undefined {
  const text = call?.childForFieldName('function')?.text ?? '';
  if (/InferenceComponent/.test(text) || /inference_component/.test(text)) return 'inference-component';
  if (/Cluster|cluster|ScheduledUpdateConfig/.test(text)) return 'hyperpod-cluster';
  if (/Endpoint|endpoint/.test(text)) return 'endpoint';
  return undefined;
}

function findRoots(converter: ShapeConverter, text: string): Root[] {
  const roots: Root[] = [];
  const add = (node: Node | undefined, family: ConfigFamily, cdk: boolean): void => {
    if (node && !roots.some((root) => root.node.startIndex === node.startIndex)) roots.push({ node, family, cdk });
  };
  // Shape class calls: `DeploymentConfig(`, `...DeploymentConfigProperty(`, `DeploymentConfiguration(`.
  for (const [offset, word] of classCallNames(converter.index, text)) {
    if (/\w/.test(charIn(text, offset - 1))) continue;
    const identifier = converter.nodeAt(offset, word.length);
    const callee = identifier?.parent?.type === 'attribute' ? identifier.parent : identifier;
    const call = callee?.parent;
    if (call?.type !== 'call' || call.childForFieldName('function')?.startIndex !== callee?.startIndex) continue;
    const cdk = word.endsWith('Property');
    const family = /CfnInferenceComponent/.test(callee?.text ?? '') ? 'inference-component' : ROOT_CLASSES[word]!;
    add(call, family, cdk);
  }
  // `deployment_config=` with a dict (CDK Python, camelCase keys) or a name bound to one.
  for (const offset of converter.occurrences('deployment_config')) {
    const identifier = converter.nodeAt(offset, 'deployment_config'.length);
    const argument = identifier?.parent;
    if (identifier?.type !== 'identifier' || argument?.type !== 'keyword_argument') continue;
    const value = argument.childForFieldName('value');
    if (!value) continue;
    const target = converter.follow(value);
    if (target.type !== 'dictionary') continue;
    const keys = target.namedChildren.map((pair) => (pair?.type === 'pair' ? pair.childForFieldName('key')?.text.replace(/^['"]|['"]$/g, '') : undefined));
    if (!keys.some((key) => key !== undefined && CAMEL_POLICY_KEYS.includes(key))) continue;
    add(target, familyOfCall(argument.parent?.parent) ?? 'endpoint', true);
  }
  return roots;
}

/** `json.loads("...")` / `loads('''...''')` of a literal holding a config: the JSON inside, spans in the string. */
function jsonLoadsBlocks(converter: ShapeConverter, text: string): ConfigBlock[] {
  const blocks: ConfigBlock[] = [];
  for (const offset of converter.occurrences('loads')) {
    if (/\w/.test(charIn(text, offset - 1)) || !/^loads\s*\(/.test(readText(text, offset, offset + 20))) continue;
    const identifier = converter.nodeAt(offset, 'loads'.length);
    const callee = identifier?.parent?.type === 'attribute' ? identifier.parent : identifier;
    const call = callee?.parent;
    if (call?.type !== 'call') continue;
    const argument = call.childForFieldName('arguments')?.namedChildren.find((child) => child && child.type !== 'comment');
    if (!argument) continue;
    const literal = stringWithOffsets(argument, text);
    if (!literal || !POLICY_KEYS.some((key) => literal.value.includes(key))) continue;
    const root = parseTree(literal.value, [], { allowTrailingComma: false, disallowComments: true });
    if (root?.type !== 'object') continue;
    const map = (index: number): number => literal.offsets[Math.min(index, literal.offsets.length - 1)]!;
    const configs: typeof root[] = [];
    const hasPolicyKey = (node: typeof root): boolean => (node.children ?? []).some((p) => POLICY_KEYS.includes(p.children?.[0]?.value as (typeof POLICY_KEYS)[number]));
    if (hasPolicyKey(root)) configs.push(root);
    else {
      for (const property of root.children ?? []) {
        const [key, value] = property.children ?? [];
        if (key?.value === 'DeploymentConfig' && value?.type === 'object') configs.push(value);
      }
    }
    for (const config of configs) blocks.push({ host: 'python', syntax: 'json', root: convertJsonNode(config, map, 0, literal.value), quote: '"' });
  }
  return blocks;
}

/** The first literal `initial_instance_count=` (sagemaker-core ProductionVariant, CDK Python) in the file. */
function firstInstanceCount(converter: ShapeConverter): number | undefined {
  for (const offset of converter.occurrences('initial_instance_count')) {
    const identifier = converter.nodeAt(offset, 'initial_instance_count'.length);
    const value = identifier?.parent?.type === 'keyword_argument' ? identifier.parent.childForFieldName('value') : undefined;
    if (value?.type === 'integer' && /^\d+$/.test(value.text) && Number(value.text) >= 1) return Number(value.text);
  }
  return undefined;
}

/** `selection`: the tree holds only these statements, or all but some stale ones (see python-statements.ts). */
export function extractPythonShapeBlocks(tree: Tree, text: string, selection?: TreeCoverage): ConfigBlock[] {
  const converter = new ShapeConverter(tree, text, selection);
  const fleetSize = converter.occurrences('initial_instance_count').length > 0 ? firstInstanceCount(converter) : undefined;
  const blocks: ConfigBlock[] = [];
  const roots = findRoots(converter, text).sort((a, b) => a.node.startIndex - b.node.startIndex);
  // A root inside another (a DeploymentConfig(...) passed inside a bigger shape) is part of it.
  const outermost = roots.filter((root) => !roots.some((other) => other !== root && other.node.startIndex <= root.node.startIndex && root.node.endIndex <= other.node.endIndex));
  for (const root of outermost) {
    const dialect: KeyDialect = root.node.type === 'dictionary' ? 'camel' : 'snake';
    converter.quote = '"';
    const value = converter.convert(root.node, dialect);
    if (value.kind !== 'object') continue;
    blocks.push({
      host: 'python',
      syntax: root.node.type === 'dictionary' ? 'python' : 'python-call',
      root: value,
      quote: converter.quote,
      family: root.family,
      keyDialect: dialect,
      ...(root.cdk ? { dialect: 'cloudformation' as const } : {}),
      ...(fleetSize !== undefined && root.family === 'endpoint' ? { fleetSize } : {}),
      // Code the parser could only recover (being typed): checked, never edited.
      ...(hasSyntaxError(root.node) ? { incomplete: true } : {}),
    });
  }
  if (converter.occurrences('loads').length > 0) blocks.push(...jsonLoadsBlocks(converter, text));
  return blocks;
}
