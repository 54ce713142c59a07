// Terraform host (tree-sitter-hcl): `deployment_config` blocks of aws_sagemaker_endpoint and
// aws_sagemaker_inference_component resources, in snake_case. Keys are translated to the API's
// names once (the written key is kept); a nested block is an object, repeated blocks of a list
// member (`alarms`) are an array. Variables, locals, references, function calls, templates with
// interpolations and `dynamic` blocks are unknown.
import type { Node as SyntaxNode, Tree } from 'web-tree-sitter';
import { hasSyntaxError } from './syntax-errors';
import { toApiKey } from '../keys';
import type { ConfigBlock, ConfigFamily, EndpointConfigFacts, ObjectNode, PropertyNode, ValueNode } from '../model';
import { schemaAtPath } from '../schema';

export const TERRAFORM_RESOURCES: Readonly<Record<string, ConfigFamily>> = {
  aws_sagemaker_endpoint: 'endpoint',
  aws_sagemaker_inference_component: 'inference-component',
};

export function mayHoldTerraformConfig(text: string): boolean {
  return text.includes('deployment_config');
}

/** Deeper than any real DeploymentConfig (5 levels); beyond it values are left unknown. */
const MAX_CONFIG_DEPTH = 32;

const named = (node: SyntaxNode): SyntaxNode[] => node.namedChildren.filter((child): child is SyntaxNode => child !== null);
const bodyOf = (block: SyntaxNode): SyntaxNode | undefined => named(block).find((child) => child.type === 'body');
const blockName = (block: SyntaxNode): string | undefined => named(block).find((child) => child.type === 'identifier')?.text;

/** The labels of a block (`resource "aws_sagemaker_endpoint" "this"` -> the type and the name), unquoted. */
function labelsOf(block: SyntaxNode): string[] {
  return named(block)
    .filter((child) => child.type === 'string_lit' || (child.type === 'identifier' && child !== named(block)[0]))
    .map((label) => label.text.replace(/^"|"$/g, ''));
}

function attributesOf(body: SyntaxNode | undefined): Map<string, SyntaxNode> {
  const found = new Map<string, SyntaxNode>();
  for (const child of body ? named(body) : []) {
    if (child.type !== 'attribute') continue;
    const [name, expression] = named(child).filter((c) => c.type !== 'comment');
    if (name && expression) found.set(name.text, expression);
  }
  return found;
}

function blocksNamed(body: SyntaxNode | undefined, name: string): SyntaxNode[] {
  return (body ? named(body) : []).filter((child) => child.type === 'block' && blockName(child) === name);
}

/** A literal value of an expression, or unknown. */
function convertExpression(expression: SyntaxNode): ValueNode {
  const span = { offset: expression.startIndex, length: expression.endIndex - expression.startIndex };
  const unknown: ValueNode = { kind: 'unknown', ...span, text: expression.text };
  const literal = expression.namedChildCount === 1 ? expression.namedChild(0) : null;
  if (literal?.type !== 'literal_value') return unknown;
  const inner = literal.namedChild(0);
  switch (inner?.type) {
    case 'numeric_lit': {
      const written = inner.text;
      const isInteger = /^\d+$/.test(written);
      return { kind: 'number', ...span, value: Number(written), isInteger, ...(isInteger ? {} : { written }) };
    }
    case 'bool_lit':
      return { kind: 'boolean', ...span, value: inner.text === 'true' };
    case 'null_lit':
      return { kind: 'null', ...span };
    case 'string_lit': {
      const parts = named(inner).filter((part) => part.type !== 'quoted_template_start' && part.type !== 'quoted_template_end');
      if (parts.some((part) => part.type !== 'template_literal')) return unknown;
      // Terraform converts "600" to the number an attribute needs.
      return { kind: 'string', ...span, value: parts.map((part) => part.text).join(''), coercible: true };
    }
    default:
      return unknown;
  }
}

/** A block body as an object; `path` is the API path of the object, to know which members are lists. */
function convertBody(block: SyntaxNode, path: string[], depth: number): ObjectNode {
  const start = named(block).find((child) => child.type === 'block_start');
  const end = named(block).find((child) => child.type === 'block_end');
  const offset = start?.startIndex ?? block.startIndex;
  const object: ObjectNode = { kind: 'object', offset, length: (end?.endIndex ?? block.endIndex) - offset, properties: [] };
  const body = bodyOf(block);
  if (!body || depth > MAX_CONFIG_DEPTH) return object;
  const lists = new Map<string, PropertyNode>();
  for (const child of named(body)) {
    if (child.type === 'attribute') {
      const [name, expression] = named(child).filter((c) => c.type !== 'comment');
      if (!name) continue;
      object.properties.push({
        key: toApiKey(name.text, 'snake'),
        writtenKey: name.text,
        keySpan: { offset: name.startIndex, length: name.endIndex - name.startIndex },
        offset: child.startIndex,
        length: child.endIndex - child.startIndex,
        ...(expression ? { value: convertExpression(expression) } : {}),
      });
    } else if (child.type === 'block') {
      const name = named(child)[0];
      const written = blockName(child);
      if (!name || !written || written === 'dynamic' || labelsOf(child).length > 0) {
        // `dynamic "alarms" { ... }`: members known only when Terraform expands it.
        object.open = true;
        continue;
      }
      const key = toApiKey(written, 'snake');
      const value = convertBody(child, [...path, key], depth + 1);
      const isList = schemaAtPath([...path, key])?.type === 'array';
      const listed = isList ? lists.get(key) : undefined;
      if (listed && listed.value?.kind === 'array') {
        // Another `alarms { ... }` block: one more item of the same list.
        listed.value.items.push(value);
        listed.length = child.endIndex - listed.offset;
        listed.value.length = value.offset + value.length - listed.value.offset;
        continue;
      }
      const keySpan = { offset: name.startIndex, length: name.endIndex - name.startIndex };
      const property: PropertyNode = {
        key,
        writtenKey: written,
        keySpan,
        offset: child.startIndex,
        length: child.endIndex - child.startIndex,
        value: isList ? { kind: 'array', offset: value.offset, length: value.length, items: [value] } : value,
      };
      if (isList) lists.set(key, property);
      object.properties.push(property);
    }
  }
  return object;
}

function positiveInteger(expression: SyntaxNode | undefined): number | undefined {
  if (!expression) return undefined;
  const value = convertExpression(expression);
  return value.kind === 'number' && value.isInteger && value.value >= 1 ? value.value : undefined;
}

interface Resource {
  type: string;
  name: string;
  block: SyntaxNode;
}

/** The endpoint configuration an endpoint references by `aws_sagemaker_endpoint_configuration.NAME.name`, if it is in the file. */
function linkedConfiguration(endpoint: SyntaxNode, resources: readonly Resource[]): Resource | undefined {
  const reference = attributesOf(bodyOf(endpoint)).get('endpoint_config_name')?.text;
  const match = reference && /^aws_sagemaker_endpoint_configuration\.([A-Za-z0-9_-]+)\./.exec(reference);
  return match ? resources.find((r) => r.type === 'aws_sagemaker_endpoint_configuration' && r.name === match[1]) : undefined;
}

/** initial_instance_count of the first variant of the linked configuration (else of the first configuration in the file). */
function linkedFleetSize(linked: Resource | undefined, resources: readonly Resource[]): number | undefined {
  const configs = linked ? [linked] : resources.filter((r) => r.type === 'aws_sagemaker_endpoint_configuration');
  for (const config of configs) {
    const variant = blocksNamed(bodyOf(config.block), 'production_variants')[0];
    const count = variant ? positiveInteger(attributesOf(bodyOf(variant)).get('initial_instance_count')) : undefined;
    if (count !== undefined) return count;
  }
  return undefined;
}

/** The variants of a configuration, unless a `dynamic "production_variants"` block makes them unknown. */
function configurationFacts(config: Resource): EndpointConfigFacts | undefined {
  const body = bodyOf(config.block);
  if ((body ? named(body) : []).some((child) => child.type === 'block' && blockName(child) === 'dynamic')) return undefined;
  const variants = blocksNamed(body, 'production_variants');
  const instanceTypes = variants.flatMap((variant) => {
    const type = attributesOf(bodyOf(variant)).get('instance_type');
    const value = type ? convertExpression(type) : undefined;
    return value?.kind === 'string' ? [value.value] : [];
  });
  return {
    name: `aws_sagemaker_endpoint_configuration.${config.name}`,
    variantCount: variants.length,
    serverless: variants.some((variant) => blocksNamed(bodyOf(variant), 'serverless_config').length > 0),
    instanceTypes,
  };
}

export function extractTerraformBlocks(tree: Tree): ConfigBlock[] {
  const root = tree.rootNode;
  const topBody = named(root).find((child) => child.type === 'body');
  if (!topBody) return [];
  const resources: Resource[] = [];
  for (const block of named(topBody)) {
    if (block.type !== 'block' || blockName(block) !== 'resource') continue;
    const [type, name] = labelsOf(block);
    if (type && name) resources.push({ type, name, block });
  }
  const blocks: ConfigBlock[] = [];
  for (const resource of resources) {
    const family = TERRAFORM_RESOURCES[resource.type];
    if (!family) continue;
    const body = bodyOf(resource.block);
    const runtime = blocksNamed(body, 'runtime_config')[0];
    const linked = family === 'endpoint' ? linkedConfiguration(resource.block, resources) : undefined;
    const facts = linked ? configurationFacts(linked) : undefined;
    const fleetSize = family === 'endpoint' ? linkedFleetSize(linked, resources) : runtime ? positiveInteger(attributesOf(bodyOf(runtime)).get('copy_count')) : undefined;
    for (const config of blocksNamed(body, 'deployment_config')) {
      if (labelsOf(config).length > 0) continue;
      blocks.push({
        host: 'terraform',
        syntax: 'hcl',
        root: convertBody(config, [], 0),
        quote: '"',
        dialect: 'terraform',
        family,
        keyDialect: 'snake',
        ...(fleetSize !== undefined ? { fleetSize } : {}),
        ...(facts ? { endpointConfig: facts } : {}),
        // HCL the parser could only recover (being typed): checked, never edited.
        ...(hasSyntaxError(config) ? { incomplete: true } : {}),
      });
    }
  }
  return blocks;
}
