// The fuzz test (test/fuzz/fuzz.ts): a fixed seed and a few thousand mutated documents of every
// host, with the invariants listed there. `npm run fuzz` runs longer, with any seed and count.
import { strict as assert } from 'node:assert';
import { describeFailure, runFuzz, runLineEndSearch } from '../fuzz/fuzz';
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

  it('the two samples where fixes and conversions once damaged a text that does not parse: a break appended to each line in turn', async () => {
    const parsers = await loadParsers();
    // (`npm run fuzz -- --line-ends` runs every sample with every break.)
    const { documents, failures } = runLineEndSearch({ parsers, samples: ['examples/deploy_canary.py', 'examples/deploy_linear.py'], breaks: ['(', ':', '"'], maxFailures: 5 });
    assert.ok(documents > 500, `${documents} documents`);
    assert.equal(failures.length, 0, failures.map((f) => describeFailure(f, 0)).join('\n\n'));
  });
});
