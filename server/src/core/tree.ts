// Navigating config trees: lookups by key and path, and the plain value a tree stands for.
import type { NumberNode, ObjectNode, PropertyNode, Span, StringNode, ValueNode } from './model';

/** The property with this key (the last one wins, as in Python dicts and JSON.parse). */
export function propertyOf(node: ValueNode | undefined, key: string): PropertyNode | undefined {
  if (!node || node.kind !== 'object') return undefined;
  for (let i = node.properties.length - 1; i >= 0; i--) {
    if (node.properties[i]!.key === key) return node.properties[i];
  }
  return undefined;
}

export function valueOf(node: ValueNode | undefined, key: string): ValueNode | undefined {
  return propertyOf(node, key)?.value;
}

export interface PathStep {
  node: ValueNode;
  /** The property that holds `node`, when it is an object member. */
  property?: PropertyNode;
}

/** Every node along a path, from the root; stops early where the path leaves the tree. */
export function stepsAlong(root: ValueNode, path: readonly (string | number)[]): PathStep[] {
  const steps: PathStep[] = [{ node: root }];
  let current: ValueNode = root;
  for (const segment of path) {
    if (typeof segment === 'number') {
      if (current.kind !== 'array' || !current.items[segment]) break;
      current = current.items[segment]!;
      steps.push({ node: current });
    } else {
      const property = propertyOf(current, segment);
      if (!property?.value) break;
      current = property.value;
      steps.push({ node: current, property });
    }
  }
  return steps;
}

export function nodeAtPath(root: ValueNode, path: readonly (string | number)[]): ValueNode | undefined {
  const steps = stepsAlong(root, path);
  return steps.length === path.length + 1 ? steps[steps.length - 1]!.node : undefined;
}

/** Where to point at an object as a whole: its key if it has one, else its opening brace. */
export function objectAnchor(object: ObjectNode, property: PropertyNode | undefined): Span {
  return property ? property.keySpan : { offset: object.offset, length: Math.min(1, object.length) };
}

/** Literal integer value of a node, or undefined when it is not a literal integer. */
export function integerValue(node: ValueNode | undefined): number | undefined {
  if (!node) return undefined;
  if (node.kind === 'number' && node.isInteger) return node.value;
  // Shorthand integers go through Python's int(): surrounding spaces, a sign and _ separators are fine.
  if (node.kind === 'string' && node.coercible && /^\s*[+-]?\d+(?:_\d+)*\s*$/.test(node.value)) return Number(node.value.replace(/_/g, ''));
  return undefined;
}

export function stringValue(node: ValueNode | undefined): string | undefined {
  return node?.kind === 'string' ? node.value : undefined;
}

/** Visits every node of a tree, depth first. */
export function forEachNode(node: ValueNode, visit: (node: ValueNode) => void): void {
  visit(node);
  if (node.kind === 'object') for (const p of node.properties) if (p.value) forEachNode(p.value, visit);
  if (node.kind === 'array') for (const item of node.items) forEachNode(item, visit);
}

/**
 * A copy of a tree with every offset moved by `by`: a config whose text moved as a whole. Built
 * field by field (a notebook's keystroke moves every config after it; a spread of nodes of many
 * shapes costs ten times as much); tree.test checks that it copies every field the hosts write.
 */
export function shiftedValue(node: ValueNode, by: number): ValueNode {
  const offset = node.offset + by;
  const length = node.length;
  switch (node.kind) {
    case 'object': {
      const properties = new Array<PropertyNode>(node.properties.length);
      for (let i = 0; i < properties.length; i++) properties[i] = shiftedProperty(node.properties[i]!, by);
      const moved: ObjectNode = { kind: 'object', offset, length, properties };
      if (node.open !== undefined) moved.open = node.open;
      return moved;
    }
    case 'array': {
      const items = new Array<ValueNode>(node.items.length);
      for (let i = 0; i < items.length; i++) items[i] = shiftedValue(node.items[i]!, by);
      return { kind: 'array', offset, length, items };
    }
    case 'string': {
      const moved: StringNode = { kind: 'string', offset, length, value: node.value };
      if (node.coercible !== undefined) moved.coercible = node.coercible;
      return moved;
    }
    case 'number': {
      const moved: NumberNode = { kind: 'number', offset, length, value: node.value, isInteger: node.isInteger };
      if (node.written !== undefined) moved.written = node.written;
      return moved;
    }
    case 'boolean':
      return { kind: 'boolean', offset, length, value: node.value };
    case 'null':
      return { kind: 'null', offset, length };
    case 'unknown':
      return { kind: 'unknown', offset, length, text: node.text };
  }
}

function shiftedProperty(property: PropertyNode, by: number): PropertyNode {
  const moved: PropertyNode = { key: property.key, offset: property.offset + by, length: property.length, keySpan: { offset: property.keySpan.offset + by, length: property.keySpan.length } };
  if (property.writtenKey !== undefined) moved.writtenKey = property.writtenKey;
  if (property.value) moved.value = shiftedValue(property.value, by);
  return moved;
}

/**
 * Roots the latest analysis copied from another root by shiftedValue (a config whose text moved as
 * a whole: a keystroke above it), and by how much: the rules' findings of the root it came from are
 * moved by as much (core/check.ts) instead of looked up by a key. Only the latest analysis's (its
 * check asks right after it): a map per keystroke, not a weak entry per moved root, whose values
 * V8's young-generation collections keep.
 */
let movedRoots = new Map<ValueNode, { from: ValueNode; by: number }>();

/** A copy of `from` moved by `by`, remembered as moved from it. */
export function movedRoot(from: ValueNode, by: number): ValueNode {
  const root = shiftedValue(from, by);
  movedRoots.set(root, { from, by });
  return root;
}

/** Where a root of the latest analysis that was moved as a whole came from, and by how much it moved. */
export function rootMovedFrom(root: ValueNode): { from: ValueNode; by: number } | undefined {
  return movedRoots.get(root);
}

/** Called as an analysis starts: the roots moved by the one before are no longer asked about. */
export function forgetMovedRoots(): void {
  if (movedRoots.size > 0) movedRoots = new Map();
}
