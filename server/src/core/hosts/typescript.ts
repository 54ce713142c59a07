// CDK and CDK for Terraform in TypeScript and JavaScript (tree-sitter-typescript):
// - `new sagemaker.CfnEndpoint(scope, id, { deploymentConfig: {...} })`, `CfnInferenceComponent`
//   (CloudFormation underneath: camelCase keys of the API's names);
// - `new SagemakerEndpoint(this, id, { deploymentConfig: {...} })` and
//   `SagemakerInferenceComponent` of CDK for Terraform (camelCase; the Terraform provider's limits);
// - the escape hatch `cfn.addPropertyOverride('DeploymentConfig', {...})` in the API's PascalCase;
// - a `const x: ...CfnEndpoint.DeploymentConfigProperty = {...}` object.
// Names bound to object literals in the file are followed; other expressions are unknown.
import type { Node as SyntaxNode, Tree } from 'web-tree-sitter';
import { hasSyntaxError } from './syntax-errors';
import { toApiKey } from '../keys';
import type { ConfigBlock, ConfigFamily, KeyDialect, ObjectNode, PropertyNode, ValueNode } from '../model';

export function mayHoldTypeScriptConfig(text: string): boolean {
  return text.includes('eploymentConfig');
}

const MAX_CONFIG_DEPTH = 32;
const MAX_NAME_DEPTH = 8;

interface Construct {
  family: ConfigFamily;
  dialect: 'cloudformation' | 'terraform';
}

/** Constructor names (the last part of `sagemaker.CfnEndpoint`) that take a deploymentConfig. */
const CONSTRUCTS: Readonly<Record<string, Construct>> = {
  CfnEndpoint: { family: 'endpoint', dialect: 'cloudformation' },
  CfnInferenceComponent: { family: 'inference-component', dialect: 'cloudformation' },
  SagemakerEndpoint: { family: 'endpoint', dialect: 'terraform' },
  SagemakerInferenceComponent: { family: 'inference-component', dialect: 'terraform' },
};

const named = (node: SyntaxNode): SyntaxNode[] => node.namedChildren.filter((child): child is SyntaxNode => child !== null);
const spanOf = (node: SyntaxNode) => ({ offset: node.startIndex, length: node.endIndex - node.startIndex });

/** `a.b.CfnEndpoint` -> `CfnEndpoint`. */
function lastName(node: SyntaxNode | null): string | undefined {
  if (!node) return undefined;
  if (node.type === 'identifier' || node.type === 'property_identifier' || node.type === 'type_identifier') return node.text;
  if (node.type === 'member_expression') return node.childForFieldName('property')?.text;
  return undefined;
}

/** The text of a string literal or a template without substitutions, or undefined. */
const ESCAPES: Readonly<Record<string, string>> = { n: '\n', t: '\t', r: '\r', b: '\b', f: '\f', v: '\v', '0': '\0' };

function safeStringText(node: SyntaxNode): string | undefined {
  if (node.type !== 'string' && node.type !== 'template_string') return undefined;
  let value = '';
  for (const part of named(node)) {
    if (part.type === 'string_fragment') value += part.text;
    else if (part.type === 'escape_sequence') {
      const escaped = part.text.slice(1);
      if (/^(u|x)/.test(escaped)) value += String.fromCodePoint(parseInt(escaped.replace(/^u\{?|^x|\}$/g, ''), 16));
      else value += ESCAPES[escaped] ?? escaped.replace(/^\r?\n/, '');
    } else return undefined;
  }
  return value;
}

/** `x as const`, `x satisfies T`, `(x)`, `x!`: the expression inside. */
function unwrap(node: SyntaxNode): SyntaxNode {
  let current = node;
  for (let i = 0; i < 8; i++) {
    if (['as_expression', 'satisfies_expression', 'non_null_expression', 'parenthesized_expression'].includes(current.type)) {
      const inner = named(current)[0];
      if (!inner) break;
      current = inner;
    } else break;
  }
  return current;
}

class Converter {
  constructor(
    private readonly bindings: ReadonlyMap<string, SyntaxNode>,
    private readonly dialect: KeyDialect,
  ) {}

  /** `names` is the chain of names followed to get here (against cycles). */
  convert(expression: SyntaxNode, depth = 0, names: readonly string[] = []): ValueNode {
    const node = unwrap(expression);
    const span = spanOf(node);
    const unknown: ValueNode = { kind: 'unknown', ...span, text: node.text };
    if (depth > MAX_CONFIG_DEPTH) return unknown;
    switch (node.type) {
      case 'object':
        return this.convertObject(node, depth, names);
      case 'array':
        return { kind: 'array', ...span, items: named(node).filter((c) => c.type !== 'comment').map((item) => (item.type === 'spread_element' ? { kind: 'unknown' as const, ...spanOf(item), text: item.text } : this.convert(item, depth + 1, names))) };
      case 'string':
      case 'template_string': {
        const value = safeStringText(node);
        return value === undefined ? unknown : { kind: 'string', ...span, value };
      }
      case 'number':
        return this.number(node.text, span) ?? unknown;
      case 'unary_expression': {
        const operand = named(node)[0];
        if (node.text.startsWith('-') && operand?.type === 'number') return this.number(`-${operand.text}`, span) ?? unknown;
        return unknown;
      }
      case 'true':
      case 'false':
        return { kind: 'boolean', ...span, value: node.type === 'true' };
      case 'null':
        return { kind: 'null', ...span };
      case 'identifier': {
        const bound = this.bindings.get(node.text);
        if (!bound || names.includes(node.text) || names.length >= MAX_NAME_DEPTH) return unknown;
        return this.convert(bound, depth + 1, [...names, node.text]);
      }
      default:
        return unknown;
    }
  }

  private number(written: string, span: { offset: number; length: number }): ValueNode | undefined {
    const clean = written.replace(/_/g, '');
    const value = Number(clean);
    if (!Number.isFinite(value)) return undefined;
    const isInteger = /^-?\d+$/.test(clean);
    return { kind: 'number', ...span, value, isInteger, ...(isInteger ? {} : { written }) };
  }

  private convertObject(node: SyntaxNode, depth: number, names: readonly string[]): ObjectNode {
    const object: ObjectNode = { kind: 'object', ...spanOf(node), properties: [] };
    for (const member of named(node)) {
      if (member.type === 'comment') continue;
      if (member.type === 'pair') {
        const keyNode = member.childForFieldName('key');
        const valueNode = member.childForFieldName('value');
        const written = keyNode ? (keyNode.type === 'property_identifier' ? keyNode.text : keyNode.type === 'string' ? safeStringText(keyNode) : undefined) : undefined;
        if (!keyNode || written === undefined) {
          object.open = true;
          continue;
        }
        object.properties.push(this.property(written, keyNode, member, valueNode ? this.convert(valueNode, depth + 1, names) : undefined));
      } else if (member.type === 'shorthand_property_identifier') {
        // `{ alarms }`: the value of a name (followed when bound to a literal).
        const bound = this.bindings.get(member.text);
        const value: ValueNode = bound && !names.includes(member.text) ? this.convert(bound, depth + 1, [...names, member.text]) : { kind: 'unknown', ...spanOf(member), text: member.text };
        object.properties.push(this.property(member.text, member, member, value));
      } else {
        // `...spread`, methods, computed keys: a key may be there after all.
        object.open = true;
      }
    }
    return object;
  }

  private property(written: string, keyNode: SyntaxNode, member: SyntaxNode, value: ValueNode | undefined): PropertyNode {
    const key = toApiKey(written, this.dialect);
    return {
      key,
      ...(key !== written ? { writtenKey: written } : {}),
      keySpan: spanOf(keyNode),
      ...spanOf(member),
      ...(value ? { value } : {}),
    };
  }
}

/** Names bound to an expression anywhere in the file (`const x = {...}`; the last binding wins). */
function collectBindings(root: SyntaxNode): Map<string, SyntaxNode> {
  const bindings = new Map<string, SyntaxNode>();
  for (const declarator of root.descendantsOfType('variable_declarator')) {
    const name = declarator?.childForFieldName('name');
    const value = declarator?.childForFieldName('value');
    if (name?.type === 'identifier' && value) bindings.set(name.text, value);
  }
  return bindings;
}

interface Found {
  value: SyntaxNode;
  family: ConfigFamily;
  dialect: 'cloudformation' | 'terraform';
  keyDialect: KeyDialect;
}

/** The quote the file's strings mostly use, for new strings. */
function quoteOf(text: string): string {
  const single = (text.match(/'/g) ?? []).length;
  const double = (text.match(/"/g) ?? []).length;
  return single > double ? "'" : '"';
}

/** The first literal `initialInstanceCount` of an endpoint config in the file (CfnEndpointConfig, SagemakerEndpointConfiguration). */
function firstInstanceCount(root: SyntaxNode): number | undefined {
  for (const pair of root.descendantsOfType('pair')) {
    const key = pair?.childForFieldName('key')?.text;
    const value = pair?.childForFieldName('value');
    if ((key === 'initialInstanceCount' || key === 'InitialInstanceCount') && value?.type === 'number' && /^\d+$/.test(value.text) && Number(value.text) >= 1) return Number(value.text);
  }
  return undefined;
}

export function extractTypeScriptBlocks(tree: Tree, text: string): ConfigBlock[] {
  const root = tree.rootNode;
  const bindings = collectBindings(root);
  const fleetSize = firstInstanceCount(root);
  const found: Found[] = [];
  // Which construct each name holds (`const ep = new CfnInferenceComponent(...)`), for overrides.
  const constructOfName = new Map<string, Construct>();
  for (const creation of root.descendantsOfType('new_expression')) {
    if (!creation) continue;
    const construct = CONSTRUCTS[lastName(creation.childForFieldName('constructor')) ?? ''];
    if (!construct) continue;
    const declarator = creation.parent?.type === 'variable_declarator' ? creation.parent : undefined;
    const name = declarator?.childForFieldName('name');
    if (name) constructOfName.set(name.text, construct);
    const props = named(creation.childForFieldName('arguments') ?? creation)[2];
    const propsObject = props ? unwrapName(props, bindings) : undefined;
    if (propsObject?.type !== 'object') continue;
    for (const pair of named(propsObject)) {
      if (pair.type === 'pair' && pair.childForFieldName('key')?.text === 'deploymentConfig' && pair.childForFieldName('value')) {
        found.push({ value: pair.childForFieldName('value')!, ...construct, keyDialect: 'camel' });
      }
    }
  }
  for (const call of root.descendantsOfType('call_expression')) {
    const callee = call?.childForFieldName('function');
    if (!call || callee?.type !== 'member_expression' || callee.childForFieldName('property')?.text !== 'addPropertyOverride') continue;
    const [path, value] = named(call.childForFieldName('arguments') ?? call);
    if (!path || !value || safeStringText(path) !== 'DeploymentConfig') continue;
    const receiver = lastName(callee.childForFieldName('object'));
    const construct = (receiver && constructOfName.get(receiver)) || CONSTRUCTS.CfnEndpoint!;
    found.push({ value, family: construct.family, dialect: 'cloudformation', keyDialect: 'pascal' });
  }
  // `const cfg: sagemaker.CfnEndpoint.DeploymentConfigProperty = {...}` (used or not).
  for (const declarator of root.descendantsOfType('variable_declarator')) {
    const type = declarator?.childForFieldName('type')?.text ?? '';
    const value = declarator?.childForFieldName('value');
    if (!declarator || !value || !/\bDeploymentConfigProperty\b/.test(type)) continue;
    const family: ConfigFamily = /CfnInferenceComponent\./.test(type) ? 'inference-component' : 'endpoint';
    found.push({ value, family, dialect: 'cloudformation', keyDialect: 'camel' });
  }
  const blocks: ConfigBlock[] = [];
  const seen = new Set<number>();
  const quote = quoteOf(text);
  for (const item of found) {
    const object = unwrapName(item.value, bindings);
    if (object?.type !== 'object' || seen.has(object.id)) continue;
    seen.add(object.id);
    blocks.push({
      host: 'typescript',
      syntax: 'js',
      root: new Converter(bindings, item.keyDialect).convert(object),
      quote,
      dialect: item.dialect,
      family: item.family,
      ...(item.keyDialect !== 'pascal' ? { keyDialect: item.keyDialect } : {}),
      ...(fleetSize !== undefined && item.family === 'endpoint' ? { fleetSize } : {}),
      // Code the parser could only recover (being typed): checked, never edited.
      ...(hasSyntaxError(object) ? { incomplete: true } : {}),
    });
  }
  return blocks;
}

/** The object literal an expression is, directly or through names bound to it. */
function unwrapName(expression: SyntaxNode, bindings: ReadonlyMap<string, SyntaxNode>): SyntaxNode | undefined {
  let node = unwrap(expression);
  for (let i = 0; i < MAX_NAME_DEPTH && node.type === 'identifier'; i++) {
    const bound = bindings.get(node.text);
    if (!bound) return undefined;
    node = unwrap(bound);
  }
  return node.type === 'object' ? node : undefined;
}
