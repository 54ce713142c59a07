// Read access to schemas/deployment-config.schema.json, the single source of fields, enums,
// limits, defaults, docs and guardrail percentages. Validation, hover and completion all use it.
import rawSchema from '../../../schemas/deployment-config.schema.json';
import type { RuleCode } from './model';

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

export const deploymentConfigSchema = rawSchema as unknown as SchemaNode & { definitions: Record<string, SchemaNode> };

/** Follows a local `$ref`, keeping the referring node's own keywords (description, x-guardrail) on top. */
export function resolveSchema(node: SchemaNode): SchemaNode {
  if (!node.$ref) return node;
  const name = node.$ref.replace('#/definitions/', '');
  const target = deploymentConfigSchema.definitions[name];
  if (!target) return node;
  const { $ref: _ignored, ...own } = node;
  return { ...resolveSchema(target), ...own };
}

/** The schema of the value at a path of keys/indexes from the DeploymentConfig root, if the path is known. */
export function schemaAtPath(path: readonly (string | number)[]): SchemaNode | undefined {
  let current: SchemaNode | undefined = resolveSchema(deploymentConfigSchema);
  for (const segment of path) {
    if (!current) return undefined;
    if (typeof segment === 'number') current = current.items ? resolveSchema(current.items) : undefined;
    else current = current.properties?.[segment] ? resolveSchema(current.properties[segment]!) : undefined;
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
