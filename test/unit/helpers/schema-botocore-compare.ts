// Compares schemas/deployment-config.schema.json (JSON Schema draft-07) with the botocore
// SageMaker shape tree printed by scripts/dump-botocore-shapes.py. Pure: no I/O.
//
// Every difference is one line that starts with the path of the value it concerns, relative to
// DeploymentConfig (the root itself is "DeploymentConfig"; list items add "[]"), e.g.
//   "BlueGreenUpdatePolicy.TrafficRoutingConfiguration.Type enum: schema lacks LINEAR".

/** One node of the tree printed by scripts/dump-botocore-shapes.py. */
export interface ModelShape {
  name: string;
  type: string;
  min?: number;
  max?: number;
  pattern?: string;
  enum?: string[];
  required?: string[];
  members?: Record<string, ModelShape>;
  member?: ModelShape;
  key?: ModelShape;
  value?: ModelShape;
  cycle?: boolean;
}

/** Everything scripts/dump-botocore-shapes.py prints. */
export interface ModelDump {
  botocoreVersion: string;
  service: string;
  apiVersion: string;
  root: ModelShape;
}

type SchemaNode = Record<string, unknown>;

/** botocore type -> JSON Schema "type". Types not listed here are reported, not guessed. */
const TYPE_MAP: Readonly<Record<string, string>> = {
  structure: 'object',
  list: 'array',
  string: 'string',
  integer: 'integer',
  long: 'integer',
  boolean: 'boolean',
  float: 'number',
  double: 'number',
};

/** Keywords that never change what the schema accepts; allowed anywhere, also next to $ref. */
const ANNOTATIONS = new Set(['$schema', '$id', '$comment', 'title', 'description', 'default', 'examples', 'definitions']);

/** Validation keywords this comparator checks, per JSON Schema type. Any other one is reported. */
const CHECKED: Readonly<Record<string, ReadonlySet<string>>> = {
  object: new Set(['type', 'additionalProperties', 'properties', 'required']),
  array: new Set(['type', 'items', 'minItems', 'maxItems']),
  string: new Set(['type', 'enum', 'minLength', 'maxLength', 'pattern']),
  integer: new Set(['type', 'minimum', 'maximum']),
  number: new Set(['type', 'minimum', 'maximum']),
  boolean: new Set(['type']),
};

function isObject(value: unknown): value is SchemaNode {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isAnnotation(keyword: string): boolean {
  return ANNOTATIONS.has(keyword) || keyword.startsWith('x-');
}

function show(value: unknown): string {
  return value === undefined ? 'none' : JSON.stringify(value);
}

function child(path: string, name: string): string {
  return path === '' ? name : `${path}.${name}`;
}

/** Resolves a local JSON pointer ("#/definitions/Name"). */
function resolvePointer(root: SchemaNode, ref: string): unknown {
  if (ref === '#') return root;
  if (!ref.startsWith('#/')) return undefined;
  let current: unknown = root;
  for (const raw of ref.slice(2).split('/')) {
    const token = decodeURIComponent(raw).replace(/~1/g, '/').replace(/~0/g, '~');
    if (!isObject(current) || !(token in current)) return undefined;
    current = current[token];
  }
  return current;
}

/**
 * Follows $ref chains. A validation keyword beside $ref is reported rather than compared: draft-07
 * says to ignore it, Ajv 8 applies it anyway, and other tools differ, so its meaning is unclear.
 */
function deref(root: SchemaNode, node: unknown, label: string, out: string[]): SchemaNode | undefined {
  let current = node;
  const seen = new Set<string>();
  while (isObject(current) && typeof current.$ref === 'string') {
    const ref = current.$ref;
    for (const keyword of Object.keys(current)) {
      if (keyword !== '$ref' && !isAnnotation(keyword)) {
        out.push(`${label} ${keyword}: schema puts it beside $ref ${ref}, which draft-07 ignores (Ajv 8 does not)`);
      }
    }
    if (seen.has(ref)) {
      out.push(`${label} $ref: ${ref} is circular`);
      return undefined;
    }
    seen.add(ref);
    current = resolvePointer(root, ref);
    if (current === undefined) {
      out.push(`${label} $ref: ${ref} does not resolve`);
      return undefined;
    }
  }
  if (!isObject(current)) {
    out.push(`${label}: schema node is ${show(current)}, not an object`);
    return undefined;
  }
  return current;
}

function compareLimit(label: string, keyword: string, schemaValue: unknown, modelValue: number | undefined, out: string[]): void {
  if (schemaValue !== modelValue) {
    out.push(`${label} ${keyword}: schema has ${show(schemaValue)}, botocore has ${show(modelValue)}`);
  }
}

/**
 * botocore's "(?!\s*$).+" and the schema's "^(?!\s*$).+" count as equal; nothing else is rewritten.
 *
 * Why the leading ^ is needed and harmless: JSON Schema's pattern is not implicitly anchored (the
 * value is valid when the regex matches anywhere in it, like Python's re.search), whereas the
 * model's pattern describes the value from its start, the way re.match reads it (botocore 1.43.11
 * itself never evaluates it: validate.py checks required/types/unknown keys/min only, the service
 * enforces the pattern). Unanchored, "(?!\s*$).+" also accepts "\nname" (it matches after the
 * newline); with ^ the lookahead and ".+" are applied at position 0, which is what the model means.
 * So the ^ only pins JSON Schema's search to where the model's match starts.
 */
export function samePattern(schemaPattern: unknown, modelPattern: string | undefined): boolean {
  if (schemaPattern === undefined || modelPattern === undefined) return schemaPattern === modelPattern;
  if (typeof schemaPattern !== 'string') return false;
  return schemaPattern === modelPattern || (!modelPattern.startsWith('^') && schemaPattern === `^${modelPattern}`);
}

function compareNode(root: SchemaNode, rawSchema: unknown, model: ModelShape, path: string, out: string[]): void {
  const label = path === '' ? model.name : path;
  const schema = deref(root, rawSchema, label, out);
  if (schema === undefined) return;

  const expectedType = TYPE_MAP[model.type];
  if (expectedType === undefined) {
    out.push(`${label} type: botocore type ${model.type} (shape ${model.name}) is not supported by this comparator`);
    return;
  }
  if (schema.type !== expectedType) {
    out.push(`${label} type: schema has ${show(schema.type)}, botocore ${model.name} is ${model.type} (expected "${expectedType}")`);
    return;
  }

  const checked = CHECKED[expectedType] ?? new Set<string>();
  for (const keyword of Object.keys(schema)) {
    if (!checked.has(keyword) && !isAnnotation(keyword)) {
      out.push(`${label} ${keyword}: schema has ${show(schema[keyword])}, which botocore ${model.name} has no counterpart for`);
    }
  }
  if (model.cycle) return; // the dump stops at a shape that repeats on its own path

  switch (expectedType) {
    case 'object': {
      if (schema.additionalProperties !== false) {
        out.push(`${label} additionalProperties: schema has ${show(schema.additionalProperties)}, expected false (botocore rejects unknown members)`);
      }
      const properties = isObject(schema.properties) ? schema.properties : {};
      if (schema.properties !== undefined && !isObject(schema.properties)) {
        out.push(`${label} properties: schema has ${show(schema.properties)}, not an object`);
      }
      const members = model.members ?? {};
      for (const name of Object.keys(members)) {
        if (!(name in properties)) out.push(`${label} members: schema lacks ${name}`);
      }
      for (const name of Object.keys(properties)) {
        if (!(name in members)) out.push(`${label} members: schema has ${name}, botocore ${model.name} does not`);
      }
      const schemaRequired = new Set(Array.isArray(schema.required) ? schema.required.map(String) : []);
      if (schema.required !== undefined && !Array.isArray(schema.required)) {
        out.push(`${label} required: schema has ${show(schema.required)}, not an array`);
      }
      const modelRequired = new Set(model.required ?? []);
      for (const name of modelRequired) {
        if (!schemaRequired.has(name)) out.push(`${label} required: schema does not require ${name}`);
      }
      for (const name of schemaRequired) {
        if (!modelRequired.has(name)) out.push(`${label} required: schema requires ${name}, botocore ${model.name} does not`);
      }
      for (const [name, memberShape] of Object.entries(members)) {
        if (name in properties) compareNode(root, properties[name], memberShape, child(path, name), out);
      }
      break;
    }
    case 'array': {
      compareLimit(label, 'minItems', schema.minItems, model.min, out);
      compareLimit(label, 'maxItems', schema.maxItems, model.max, out);
      if (model.member === undefined) {
        out.push(`${label} items: botocore ${model.name} has no member shape`);
      } else if (!isObject(schema.items)) {
        out.push(`${label} items: schema has ${show(schema.items)}, expected one schema for every item`);
      } else {
        compareNode(root, schema.items, model.member, `${label}[]`, out);
      }
      break;
    }
    case 'string': {
      const schemaEnum = Array.isArray(schema.enum) ? schema.enum.map(String) : undefined;
      if (schema.enum !== undefined && schemaEnum === undefined) {
        out.push(`${label} enum: schema has ${show(schema.enum)}, not an array`);
      } else if (schemaEnum === undefined && model.enum !== undefined) {
        out.push(`${label} enum: schema has none, botocore has ${show(model.enum)}`);
      } else if (schemaEnum !== undefined && model.enum === undefined) {
        out.push(`${label} enum: schema has ${show(schemaEnum)}, botocore has none`);
      } else if (schemaEnum !== undefined && model.enum !== undefined) {
        const modelEnum = new Set(model.enum);
        for (const value of model.enum) {
          if (!schemaEnum.includes(value)) out.push(`${label} enum: schema lacks ${value}`);
        }
        for (const value of schemaEnum) {
          if (!modelEnum.has(value)) out.push(`${label} enum: schema has ${value}, botocore does not`);
        }
      }
      compareLimit(label, 'minLength', schema.minLength, model.min, out);
      compareLimit(label, 'maxLength', schema.maxLength, model.max, out);
      if (!samePattern(schema.pattern, model.pattern)) {
        out.push(`${label} pattern: schema has ${show(schema.pattern)}, botocore has ${show(model.pattern)}`);
      }
      break;
    }
    case 'integer':
    case 'number': {
      compareLimit(label, 'minimum', schema.minimum, model.min, out);
      compareLimit(label, 'maximum', schema.maximum, model.max, out);
      break;
    }
    default:
      break; // boolean: the type is all there is
  }
}

/**
 * Lists every difference between the JSON Schema (root = DeploymentConfig) and the botocore shape
 * tree (root = DeploymentConfig); an empty list means they agree on members, required members,
 * types, enums, limits and patterns.
 */
export function compareSchemaWithModel(schema: unknown, model: ModelShape): string[] {
  const out: string[] = [];
  if (!isObject(schema)) return [`${model.name}: schema is ${show(schema)}, not an object`];
  compareNode(schema, schema, model, '', out);
  return out;
}
