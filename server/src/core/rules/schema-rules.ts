// API-level rules from the schema, checked by ajv: unknown-key, missing-key, wrong-type,
// invalid-enum, out-of-range. ajv's errors are mapped back to the smallest token in the tree;
// errors at or below a non-literal value are dropped (unknown is never an error).
import type { ErrorObject, ValidateFunction } from 'ajv';
import type { ConfigFamily, Finding, FindingData, ObjectNode, PropertyNode, ValueNode } from '../model';
import { closestMatch, FAMILY_NAMES, schemaAtPath } from '../schema';
import { objectAnchor, propertyOf, stepsAlong } from '../tree';
import { validateEndpoint, validateHyperPodCluster, validateInferenceComponent } from './schema-validator.generated';

/** Stands for a value we cannot know; fails every type check, and those failures are dropped. */
const UNKNOWN = Symbol('unknown');
/** A decimal number with a whole value (60.0): fails every type check, as no member is a float. */
const DECIMAL = Symbol('decimal');

/** The family schemas compiled at build time (scripts/generate-validator.mjs), not at each process start. */
const VALIDATORS: Readonly<Record<ConfigFamily, unknown>> = {
  endpoint: validateEndpoint,
  'inference-component': validateInferenceComponent,
  'hyperpod-cluster': validateHyperPodCluster,
};
const validator = (family: ConfigFamily): ValidateFunction => VALIDATORS[family] as ValidateFunction;

/**
 * The same size enum is spelled differently by the three APIs (api-families.md's dialect traps):
 * the value another family uses, mapped to this family's, for the message and the quick fix.
 */
const OTHER_SPELLINGS: Readonly<Record<ConfigFamily, Readonly<Record<string, { value: string; from: ConfigFamily }>>>> = {
  endpoint: {
    COPY_COUNT: { value: 'INSTANCE_COUNT', from: 'inference-component' },
    CAPACITY_PERCENTAGE: { value: 'CAPACITY_PERCENT', from: 'hyperpod-cluster' },
  },
  'inference-component': {
    INSTANCE_COUNT: { value: 'COPY_COUNT', from: 'endpoint' },
    CAPACITY_PERCENTAGE: { value: 'CAPACITY_PERCENT', from: 'hyperpod-cluster' },
  },
  'hyperpod-cluster': {
    CAPACITY_PERCENT: { value: 'CAPACITY_PERCENTAGE', from: 'endpoint' },
    COPY_COUNT: { value: 'INSTANCE_COUNT', from: 'inference-component' },
  },
};

/** Why a key is unknown in this family when another family has it there, and where it belongs instead. */
function misplacedKey(family: ConfigFamily, path: readonly (string | number)[], key: string, root: ValueNode): { reason: string; moveTo?: (string | number)[] } | undefined {
  const atRoot = path.length === 0;
  const inRolling = path.length === 1 && path[0] === 'RollingUpdatePolicy';
  if (family === 'hyperpod-cluster') {
    if (inRolling && key === 'WaitIntervalInSeconds') return { reason: 'A HyperPod DeploymentConfig takes WaitIntervalInSeconds at its top level, not inside RollingUpdatePolicy.', ...(propertyOf(root, 'WaitIntervalInSeconds') ? {} : { moveTo: [] }) };
    if (inRolling && key === 'MaximumExecutionTimeoutInSeconds') return { reason: 'A HyperPod DeploymentConfig has no execution timeout.' };
    if (atRoot && key === 'BlueGreenUpdatePolicy') return { reason: 'A HyperPod cluster updates only in rolling batches (RollingUpdatePolicy).' };
  } else {
    if (atRoot && key === 'WaitIntervalInSeconds') {
      const into = family === 'endpoint' && propertyOf(root, 'BlueGreenUpdatePolicy') && !propertyOf(root, 'RollingUpdatePolicy') ? ['BlueGreenUpdatePolicy', 'TrafficRoutingConfiguration'] : ['RollingUpdatePolicy'];
      const holder = stepsAlong(root, into);
      const target = holder.length === into.length + 1 ? holder[holder.length - 1]!.node : undefined;
      const canMove = target?.kind === 'object' && !propertyOf(target, 'WaitIntervalInSeconds');
      return { reason: `WaitIntervalInSeconds belongs inside ${into[into.length - 1]} (only HyperPod clusters take it at the top level).`, ...(canMove ? { moveTo: into } : {}) };
    }
    if (family === 'inference-component' && atRoot && key === 'BlueGreenUpdatePolicy') return { reason: 'An inference component updates only in rolling batches of copies: use RollingUpdatePolicy (without a DeploymentConfig the update is blue/green).' };
  }
  return undefined;
}

/** What Python's int() accepts, which awscli applies to shorthand integers: ` +1_000 `. */
const PYTHON_INT = /^\s*[+-]?\d+(?:_\d+)*\s*$/;

/**
 * The plain value a tree stands for; CLI shorthand scalars are coerced as the AWS CLI does. `path`
 * is where `node` sits (one array, extended and restored on the way down: most configs have no
 * shorthand scalar to look up).
 */
function toPlain(node: ValueNode | undefined, path: (string | number)[], family: ConfigFamily): unknown {
  if (!node) return UNKNOWN;
  switch (node.kind) {
    case 'object': {
      const result: Record<string, unknown> = {};
      for (const p of node.properties) {
        path.push(p.key);
        result[p.key] = toPlain(p.value, path, family);
        path.pop();
      }
      return result;
    }
    case 'array':
      return node.items.map((item, i) => {
        path.push(i);
        const plain = toPlain(item, path, family);
        path.pop();
        return plain;
      });
    case 'string': {
      if (!node.coercible) return node.value;
      const expected = schemaAtPath(path, family)?.type;
      if (expected === 'integer' && PYTHON_INT.test(node.value)) return Number(node.value.replace(/_/g, ''));
      if (expected === 'boolean' && (node.value === 'true' || node.value === 'false')) return node.value === 'true';
      return node.value;
    }
    case 'number':
      // 60.0 and 1e2 are floats to Python and botocore, not integers, though JS numbers cannot tell.
      return node.isInteger ? node.value : Number.isInteger(node.value) ? DECIMAL : node.value;
    case 'boolean':
      return node.value;
    case 'null':
      return null;
    case 'unknown':
      return UNKNOWN;
  }
}

function pathOf(instancePath: string): (string | number)[] {
  if (!instancePath) return [];
  return instancePath
    .slice(1)
    .split('/')
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((s) => (/^\d+$/.test(s) ? Number(s) : s));
}

/** A field's name for messages; `Type` and `Value` are named with their parent (CanarySize.Type). */
function nameOf(path: readonly (string | number)[]): string {
  const keys = path.filter((segment): segment is string => typeof segment === 'string');
  const last = keys[keys.length - 1];
  if (!last) return 'DeploymentConfig';
  // An item of a list is named with its index (`Alarms[0]`), not as the list itself.
  const final = path[path.length - 1];
  if (typeof final === 'number') return `${last}[${final}]`;
  if ((last === 'Type' || last === 'Value') && keys.length > 1) return `${keys[keys.length - 2]}.${last}`;
  return last;
}

function describeValue(node: ValueNode): string {
  switch (node.kind) {
    case 'string':
      return `a string ("${node.value}")`;
    case 'number':
      return node.isInteger ? `the number ${node.value}` : `a decimal number (${node.written ?? node.value})`;
    case 'boolean':
      return `a boolean (${node.value})`;
    case 'null':
      return 'null';
    case 'array':
      return 'a list';
    case 'object':
      return 'an object';
    case 'unknown':
      return 'unknown';
  }
}

const typeWords: Record<string, string> = {
  integer: 'an integer',
  string: 'a string',
  object: 'an object',
  array: 'a list',
  boolean: 'a boolean',
  number: 'a number',
};

/** The API-level findings of a config read as the given family's DeploymentConfig. */
export function checkSchema(root: ValueNode, family: ConfigFamily = 'endpoint'): Finding[] {
  const validate = validator(family);
  validate(toPlain(root, [], family));
  const errors = validate.errors ?? [];
  const findings: Finding[] = [];
  const reportedNodes = new Set<ValueNode>();
  // Type errors first, so an enum or range error on the same wrong-typed value is not reported twice.
  const ordered = [...errors].sort((a, b) => (a.keyword === 'type' ? -1 : 0) - (b.keyword === 'type' ? -1 : 0));
  for (const error of ordered) {
    const finding = mapError(root, error, reportedNodes, family);
    if (finding) findings.push(finding);
  }
  return findings;
}

function mapError(root: ValueNode, error: ErrorObject, reportedNodes: Set<ValueNode>, family: ConfigFamily): Finding | undefined {
  const path = pathOf(error.instancePath);
  const steps = stepsAlong(root, path);
  if (steps.length !== path.length + 1) return undefined;
  if (steps.some((s) => s.node.kind === 'unknown')) return undefined;
  const { node, property } = steps[steps.length - 1]!;
  const name = nameOf(path);

  switch (error.keyword) {
    case 'additionalProperties': {
      if (node.kind !== 'object') return undefined;
      const key = (error.params as { additionalProperty: string }).additionalProperty;
      const keyProperty = lastProperty(node, key);
      if (!keyProperty) return undefined;
      const known = Object.keys(schemaAtPath(path, family)?.properties ?? {});
      const misplaced = misplacedKey(family, path, key, root);
      const suggestion = misplaced ? undefined : closestMatch(key, known);
      return {
        code: 'unknown-key',
        severity: 'error',
        span: keyProperty.keySpan,
        message:
          `Unknown key "${key}" in ${name}${family === 'endpoint' ? '' : ` of ${article(FAMILY_NAMES[family].name)} ${FAMILY_NAMES[family].name}`}.` +
          (misplaced ? ` ${misplaced.reason}` : suggestion ? ` Did you mean "${suggestion}"?` : ` Allowed keys: ${known.join(', ')}.`),
        data: { path: [...path, key], ...(suggestion ? { suggestion } : {}), ...(misplaced?.moveTo ? { moveTo: misplaced.moveTo } : {}) },
      };
    }
    case 'required': {
      if (node.kind !== 'object' || node.open) return undefined;
      const missing = (error.params as { missingProperty: string }).missingProperty;
      const memberSchema = schemaAtPath([...path, missing], family);
      return {
        code: 'missing-key',
        severity: 'error',
        span: objectAnchor(node as ObjectNode, property),
        message: `${name} is missing the required key "${missing}".`,
        data: {
          path,
          missingKey: missing,
          ...(memberSchema?.default !== undefined ? { defaultValue: memberSchema.default } : {}),
        },
      };
    }
    case 'type': {
      if (node.kind === 'unknown' || reportedNodes.has(node)) return undefined;
      reportedNodes.add(node);
      const expected = String((error.params as { type: string }).type);
      const asNumber = node.kind === 'string' ? Number(node.value) : NaN;
      const suggestion =
        expected === 'integer' && node.kind === 'string' && Number.isInteger(asNumber) && node.value.trim() !== ''
          ? asNumber
          : expected === 'integer' && node.kind === 'number'
            ? Math.round(node.value)
            : undefined;
      const alarms = alarmListDialect(family, path, node, expected);
      return {
        code: 'wrong-type',
        severity: 'error',
        span: node,
        message: `${name} must be ${typeWords[expected] ?? expected}, not ${describeValue(node)}.${alarms ? ` ${alarms.reason}` : ''}`,
        data: { path, ...(suggestion !== undefined ? { suggestion } : {}), ...(alarms ? { alarmList: alarms.fix } : {}) },
      };
    }
    case 'enum': {
      if (node.kind !== 'string' || reportedNodes.has(node)) return undefined;
      reportedNodes.add(node);
      const allowed = (error.params as { allowedValues: string[] }).allowedValues;
      const other = OTHER_SPELLINGS[family][node.value];
      const dialect = other && allowed.includes(other.value) ? other : undefined;
      const suggestion = dialect?.value ?? closestMatch(node.value, allowed);
      return {
        code: 'invalid-enum',
        severity: 'error',
        span: node,
        message: dialect
          ? `"${node.value}" is the ${FAMILY_NAMES[dialect.from].name} spelling; ${article(FAMILY_NAMES[family].name)} ${FAMILY_NAMES[family].name}'s ${name} is ${dialect.value}. Allowed: ${allowed.join(', ')}.`
          : `"${node.value}" is not a valid ${name}` + (suggestion ? `: did you mean ${suggestion}? ` : '. ') + `Allowed: ${allowed.join(', ')}.`,
        data: { path, ...(suggestion ? { suggestion } : {}) },
      };
    }
    case 'minimum':
    case 'maximum': {
      if (reportedNodes.has(node)) return undefined;
      reportedNodes.add(node);
      const limit = (error.params as { limit: number }).limit;
      const unit = /Seconds$/.test(name) ? ' seconds' : '';
      const value = node.kind === 'number' ? node.value : node.kind === 'string' ? node.value : '';
      return {
        code: 'out-of-range',
        severity: 'error',
        span: node,
        message:
          error.keyword === 'minimum'
            ? `${name} ${value} is below the minimum of ${limit}${unit}.`
            : `${name} ${value} is above the maximum of ${limit}${unit}.`,
        data: { path, suggestion: limit },
      };
    }
    case 'minItems':
    case 'maxItems': {
      if (node.kind !== 'array') return undefined;
      const limit = (error.params as { limit: number }).limit;
      const extra = error.keyword === 'maxItems' ? node.items[limit] : undefined;
      return {
        code: 'out-of-range',
        severity: 'error',
        span: extra ?? node,
        message:
          error.keyword === 'minItems'
            ? `${name} needs at least ${limit} item; it is empty.`
            : `${name} allows at most ${limit} items; this list has ${node.items.length}.`,
        data: { path },
      };
    }
    case 'minLength':
    case 'maxLength':
    case 'pattern': {
      if (node.kind !== 'string' || reportedNodes.has(node)) return undefined;
      reportedNodes.add(node);
      const schema = schemaAtPath(path, family);
      return {
        code: 'out-of-range',
        severity: 'error',
        span: node,
        message:
          error.keyword === 'maxLength'
            ? `${name} is ${node.value.length} characters long; the maximum is ${schema?.maxLength}.`
            : `${name} must not be empty or blank.`,
        data: { path },
      };
    }
    default:
      return undefined;
  }
}

const article = (word: string): string => (/^[aeiou]/i.test(word) ? 'an' : 'a');

/** The alarm list written the other family's way: HyperPod's bare list vs {Alarms: [...]}. */
function alarmListDialect(family: ConfigFamily, path: readonly (string | number)[], node: ValueNode, expected: string): { reason: string; fix: NonNullable<FindingData['alarmList']> } | undefined {
  if (path.length !== 1 || path[0] !== 'AutoRollbackConfiguration') return undefined;
  if (family === 'hyperpod-cluster' && expected === 'array' && node.kind === 'object' && propertyOf(node, 'Alarms')) {
    return { reason: 'A HyperPod cluster takes the alarm list itself, without the {"Alarms": ...} wrapper of endpoints.', fix: 'unwrap' };
  }
  if (family !== 'hyperpod-cluster' && expected === 'object' && node.kind === 'array') {
    return { reason: 'Wrap the list as {"Alarms": [...]} (only HyperPod clusters take a bare list).', fix: 'wrap' };
  }
  return undefined;
}

function lastProperty(node: ObjectNode, key: string): PropertyNode | undefined {
  for (let i = node.properties.length - 1; i >= 0; i--) if (node.properties[i]!.key === key) return node.properties[i];
  return undefined;
}
