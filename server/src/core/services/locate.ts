// What is under the cursor: the config block, the path of keys to the node, and whether the
// cursor is on a key or a value. Hover, completion and the code lens start from here.
import type { ConfigBlock, ObjectNode, PropertyNode, Span, ValueNode } from '../model';

export interface Location {
  block: ConfigBlock;
  /** Keys and indexes from the DeploymentConfig root to the node. */
  path: (string | number)[];
  node: ValueNode;
  /** Set when the cursor is on a property's key (path then ends with that key). */
  keyOf?: PropertyNode;
  /** The object the node is a member of, when it is one. */
  parent?: ObjectNode;
}

const contains = (span: Span, offset: number): boolean => offset >= span.offset && offset <= span.offset + span.length;

/** The block whose root contains the offset (the innermost when a config nests another), skipping file:// blocks. */
export function blockAt(blocks: readonly ConfigBlock[], offset: number): ConfigBlock | undefined {
  let found: ConfigBlock | undefined;
  for (const block of blocks) {
    if (block.fileReference || !contains(block.root, offset)) continue;
    if (!found || block.root.length < found.root.length) found = block;
  }
  return found;
}

export function locate(blocks: readonly ConfigBlock[], offset: number): Location | undefined {
  const block = blockAt(blocks, offset);
  if (!block) return undefined;
  let location: Location = { block, path: [], node: block.root };
  for (;;) {
    const node = location.node;
    let next: Location | undefined;
    if (node.kind === 'object') {
      for (const property of node.properties) {
        if (contains(property.keySpan, offset)) {
          const keyNode: ValueNode = { kind: 'string', value: property.key, ...property.keySpan };
          return { block, path: [...location.path, property.key], node: property.value ?? keyNode, keyOf: property, parent: node };
        }
        if (property.value && contains(property.value, offset)) {
          next = { block, path: [...location.path, property.key], node: property.value, parent: node };
          break;
        }
      }
    } else if (node.kind === 'array') {
      const index = node.items.findIndex((item) => contains(item, offset));
      if (index !== -1) next = { block, path: [...location.path, index], node: node.items[index]! };
    }
    if (!next) return location;
    location = next;
  }
}
