// Read access to the schemas, one per config family (schemas/*.schema.json), the single source of
// fields, enums, limits, defaults, docs and guardrail percentages. Validation, hover and completion
// all read the schema of the block's family.
import endpointSchema from '../../../schemas/deployment-config.schema.json';
import hyperPodSchema from '../../../schemas/hyperpod-cluster-deployment-config.schema.json';
import inferenceComponentSchema from '../../../schemas/inference-component-deployment-config.schema.json';
import type { ConfigFamily, RuleCode } from './model';

export interface GuardrailLimits {
  rule: RuleCode;
  minPercent: number;
  maxPercent: number;
}

export interface SchemaNode {
  $ref?: string;
  type?: 'object' | 'array' | 'string' | 'integer' | 'number' | 'boolean';
  description?: string;
  properties?: Record<string, SchemaNode>;
  required?: string[];
  additionalProperties?: boolean;
  items?: SchemaNode;
  enum?: string[];
  minimum?: number;
  maximum?: number;
  minItems?: number;
  maxItems?: number;
  minLength?: number;
  maxLength?: number;
  pattern?: string;
  default?: unknown;
  'x-docUrl'?: string;
  'x-enumDescriptions'?: Record<string, string>;
  'x-enumDocUrls'?: Record<string, string>;
  'x-guardrail'?: GuardrailLimits;
}

export type RootSchema = SchemaNode & { definitions: Record<string, SchemaNode>; title?: string };

/** The endpoint schema (schemas/deployment-config.schema.json, also VS Code's jsonValidation schema). */
export const deploymentConfigSchema = endpointSchema as unknown as RootSchema;

const FAMILY_SCHEMAS: Readonly<Record<ConfigFamily, RootSchema>> = {
  endpoint: deploymentConfigSchema,
  'inference-component': inferenceComponentSchema as unknown as RootSchema,
  'hyperpod-cluster': hyperPodSchema as unknown as RootSchema,
};

/** Every family, in the order undecided blocks try them (messages come from the first). */
export const CONFIG_FAMILIES: readonly ConfigFamily[] = ['endpoint', 'inference-component', 'hyperpod-cluster'];

/** The schema of a family's DeploymentConfig. */
export function schemaOf(family: ConfigFamily = 'endpoint'): RootSchema {
  return FAMILY_SCHEMAS[family];
}

/** What users call each family, and the API call that takes its DeploymentConfig. */
export const FAMILY_NAMES: Readonly<Record<ConfigFamily, { name: string; api: string }>> = {
  endpoint: { name: 'endpoint', api: 'CreateEndpoint / UpdateEndpoint' },
  'inference-component': { name: 'inference component', api: 'UpdateInferenceComponent' },
  'hyperpod-cluster': { name: 'HyperPod cluster', api: 'UpdateClusterSoftware / ScheduledUpdateConfig' },
};

/** Resolved `$ref` nodes per family: the rules ask for the same few nodes for every config. */
const resolved: Readonly<Record<ConfigFamily, WeakMap<SchemaNode, SchemaNode>>> = {
  endpoint: new WeakMap(),
  'inference-component': new WeakMap(),
  'hyperpod-cluster': new WeakMap(),
};

/**
 * Follows a local `$ref` in the family's schema, keeping the referring node's own keywords
 * (description, x-guardrail) on top. The result is shared: callers read it, never change it.
 */
export function resolveSchema(node: SchemaNode, family: ConfigFamily = 'endpoint'): SchemaNode {
  if (!node.$ref) return node;
  const known = resolved[family].get(node);
  if (known) return known;
  const name = node.$ref.replace('#/definitions/', '');
  const target = schemaOf(family).definitions[name];
  if (!target) return node;
  const { $ref: _ignored, ...own } = node;
  const result = { ...resolveSchema(target, family), ...own };
  resolved[family].set(node, result);
  return result;
}

/** The schema of the value at a path of keys/indexes from the DeploymentConfig root of a family, if the path is known. */
export function schemaAtPath(path: readonly (string | number)[], family: ConfigFamily = 'endpoint'): SchemaNode | undefined {
  let current: SchemaNode | undefined = resolveSchema(schemaOf(family), family);
  for (const segment of path) {
    if (!current) return undefined;
    if (typeof segment === 'number') current = current.items ? resolveSchema(current.items, family) : undefined;
    else current = current.properties?.[segment] ? resolveSchema(current.properties[segment]!, family) : undefined;
  }
  return current;
}

/** Levenshtein distance, for did-you-mean suggestions on keys and enum values. */
function editDistance(a: string, b: string): number {
  const previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let diagonal = previous[0]!;
    previous[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const above = previous[j]!;
      previous[j] = Math.min(above + 1, previous[j - 1]! + 1, diagonal + (a[i - 1] === b[j - 1] ? 0 : 1));
      diagonal = above;
    }
  }
  return previous[b.length]!;
}

const normalized = (s: string): string => s.toLowerCase().replace(/[^a-z0-9]/g, '');

/**
 * The candidate a user most likely meant: same letters ignoring case and separators, a prefix
 * of one another (CAPACITY_PERCENTAGE -> CAPACITY_PERCENT), or a close spelling.
 */
export function closestMatch(written: string, candidates: readonly string[]): string | undefined {
  const target = normalized(written);
  if (!target) return undefined;
  const exact = candidates.find((c) => normalized(c) === target);
  if (exact) return exact;
  const prefixed = candidates.filter((c) => {
    const n = normalized(c);
    return n.length >= 4 && (target.startsWith(n) || n.startsWith(target)) && Math.abs(n.length - target.length) <= 6;
  });
  if (prefixed.length === 1) return prefixed[0];
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of candidates) {
    const distance = editDistance(target, normalized(candidate));
    if (distance < bestDistance) {
      bestDistance = distance;
      best = candidate;
    }
  }
  return best !== undefined && bestDistance <= Math.max(2, Math.floor(normalized(best).length / 4)) ? best : undefined;
}
