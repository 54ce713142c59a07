// The incremental parser finds the edit by comparing texts: after any edit (at the start, the end,
// inside or across the 512-character chunks it compares natively), its tree must be the tree a
// fresh parse gives, or checks after a keystroke would see stale syntax.
import { strict as assert } from 'node:assert';
import { IncrementalParser } from '../../server/src/core/incremental';
import { parsersReady } from './helpers/findings';
import { random } from './helpers/random';


const LINE = (i: number) => `cfg_${i} = {"RollingUpdatePolicy": {"MaximumBatchSize": {"Type": "CAPACITY_PERCENT", "Value": ${i % 50}}, "WaitIntervalInSeconds": ${i}}}\n`;
const SNIPPETS = ['7', '', '\n', '"', '{', '}', 'x = 1\n', '# comment\n', 'é', '\u{1F680}', LINE(999)];

describe('incremental parsing', () => {
  it('gives the same tree as a fresh parse after 120 random edits of a 20 KB file', async function () {
    this.timeout(30_000);
    const { python } = await parsersReady();
    const next = random(20261123);
    let text = Array.from({ length: 150 }, (_, i) => LINE(i)).join('');
    const incremental = new IncrementalParser(python);
    try {
      incremental.parse(text);
      for (let round = 0; round < 120; round++) {
        // Edits near both ends too, where the chunked comparison has its edge cases.
        const where = round % 10 === 0 ? 0 : round % 10 === 1 ? text.length : Math.floor(next() * text.length);
        const removed = Math.floor(next() * (round % 7 === 0 ? 1500 : 4));
        const inserted = SNIPPETS[Math.floor(next() * SNIPPETS.length)]!;
        text = text.slice(0, where) + inserted + text.slice(Math.min(text.length, where + removed));
        const fresh = python.parse(text)!;
        try {
          assert.equal(incremental.parse(text).rootNode.toString(), fresh.rootNode.toString(), `round ${round}: edit at ${where}, -${removed} +${JSON.stringify(inserted)}`);
        } finally {
          fresh.delete();
        }
      }
    } finally {
      incremental.dispose();
    }
  });
});
