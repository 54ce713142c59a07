// shiftedValue copies a config tree field by field (for speed): it must copy every field that any
// host writes, which a generic copy of the trees of every fixture checks.
import { strict as assert } from 'node:assert';
import { join } from 'node:path';
import { checkDocument } from '../../server/src/core/check';
import type { ValueNode } from '../../server/src/core/model';
import { forEachNode, shiftedValue } from '../../server/src/core/tree';
import { checkFile, collectFiles } from '../../server/src/node/check-file';
import { parsersReady } from './helpers/findings';

const root = join(__dirname, '..', '..', '..');

/** Every field copied, every `offset` moved (keySpan's too): what shiftedValue must give. */
function movedByCopy(value: unknown, by: number): unknown {
  if (Array.isArray(value)) return value.map((item) => movedByCopy(item, by));
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(Object.entries(value).map(([key, field]) => [key, key === 'offset' && typeof field === 'number' ? field + by : movedByCopy(field, by)]));
}

describe('shiftedValue', () => {
  it("copies every field of every fixture's config trees, in every host, and moves every offset", async () => {
    const parsers = await parsersReady();
    const folders = ['test/fixtures/guide', 'test/fixtures/hosts', 'test/e2e/workspace', 'examples'].map((folder) => join(root, folder));
    const roots: ValueNode[] = [];
    const hosts = new Set<string>();
    for (const file of collectFiles(folders)) {
      for (const block of checkFile(file, parsers, {}).blocks) {
        roots.push(block.root);
        hosts.add(block.host);
      }
    }
    // Values no fixture writes: a float, booleans and None.
    const extra = 'sm.update_endpoint(EndpointName="e", EndpointConfigName="c", DeploymentConfig={"BlueGreenUpdatePolicy": {"TrafficRoutingConfiguration": {"Type": "ALL_AT_ONCE", "WaitIntervalInSeconds": 60.0}, "X": True, "Y": None}})\n';
    roots.push(...checkDocument(extra, 'python', { parsers }).blocks.map((block) => block.root));
    assert.deepEqual([...hosts].sort(), ['cli', 'json', 'python', 'terraform', 'typescript', 'yaml']);
    const fieldsSeen = new Set<string>();
    for (const value of roots) {
      forEachNode(value, (node) => {
        Object.keys(node).forEach((key) => fieldsSeen.add(`${node.kind}.${key}`));
        if (node.kind === 'object') node.properties.forEach((property) => Object.keys(property).forEach((key) => fieldsSeen.add(`property.${key}`)));
      });
      assert.deepStrictEqual(shiftedValue(value, 0), value);
      assert.deepStrictEqual(shiftedValue(value, 7), movedByCopy(value, 7));
    }
    // The optional fields are among those seen, so their copies are checked too.
    for (const field of ['object.open', 'string.coercible', 'number.written', 'boolean.value', 'null.kind', 'unknown.text', 'property.writtenKey', 'property.value']) assert.ok(fieldsSeen.has(field), `${field} not in any fixture: ${[...fieldsSeen].sort().join(' ')}`);
  });
});
