// The rules' findings are remembered by a block's root object: a block given out again must be
// told apart from one that differs in any other field (tests the comparison field by field).
import { strict as assert } from 'node:assert';
import { BLOCK_FIELDS_COMPARED, sameBlockBesidesRoot } from '../../server/src/core/check';
import type { ConfigBlock } from '../../server/src/core/model';

describe('remembered findings by root', () => {
  const block: ConfigBlock = {
    host: 'python',
    syntax: 'python',
    root: { kind: 'object', offset: 10, length: 2, properties: [] },
    quote: '"',
    family: 'endpoint',
    fleetSize: 4,
    fleetSizeSpan: { offset: 100, length: 1 },
    incomplete: false,
    dialect: 'cloudformation',
    keyDialect: 'camel',
    fileReference: { span: { offset: 0, length: 4 }, path: 'a.json', text: '{}' },
    endpointConfig: { name: 'c', variantCount: 1, serverless: false, instanceTypes: [] },
  };

  /** Another value of the field: another string, number or truth value, another object of the same content. */
  const otherValue = (value: unknown): unknown => {
    if (typeof value === 'string') return `${value}!`;
    if (typeof value === 'number') return value + 1;
    if (typeof value === 'boolean') return !value;
    return { ...(value as object), offset: 101 };
  };

  it('is the same block with the same fields, or with its fleet span moved as far as the root', () => {
    assert.ok(sameBlockBesidesRoot(block, { ...block, root: { ...block.root } }, 0));
    assert.ok(sameBlockBesidesRoot(block, { ...block, fleetSizeSpan: { offset: 103, length: 1 } }, 3));
    assert.ok(!sameBlockBesidesRoot(block, block, 3));
  });

  for (const field of BLOCK_FIELDS_COMPARED) {
    it(`is another block when ${field} differs or is absent`, () => {
      assert.ok(!sameBlockBesidesRoot(block, { ...block, [field]: otherValue(block[field]) }, 0));
      const without = { ...block };
      delete without[field];
      assert.ok(!sameBlockBesidesRoot(block, without, 0));
      assert.ok(!sameBlockBesidesRoot(without, block, 0));
    });
  }
});
