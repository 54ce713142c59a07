// The fuzz test (test/fuzz/fuzz.ts): a fixed seed and a few thousand mutated documents of every
// host, with the invariants listed there. `npm run fuzz` runs longer, with any seed and count.
import { strict as assert } from 'node:assert';
import { describeFailure, runFuzz } from '../fuzz/fuzz';
import { loadParsers } from '../../server/src/node/grammars';

const SEED = 20261130;
const COUNT = 2500;

describe('fuzz: mutated documents of every host', function () {
  this.timeout(120000);

  it(`${COUNT} documents from seed ${SEED}: no exception, no internal-error, ranges in the text, fixes safe and fix all settled`, async () => {
    const parsers = await loadParsers();
    const failures = runFuzz({ seed: SEED, count: COUNT, parsers, maxFailures: 5 });
    assert.equal(failures.length, 0, failures.map((f) => describeFailure(f, SEED)).join('\n\n'));
  });
});
