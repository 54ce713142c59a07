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

  it('an edit inside one number, string text or comment moves the tree without a parse, and the tree is the one a fresh parse gives', async function () {
    this.timeout(60_000);
    const { python } = await parsersReady();
    const next = random(424242);
    const lines = Array.from({ length: 60 }, (_, i) => `${LINE(i).trimEnd()}  # note ${i}: "alarm" {x} 'q'\nlabel_${i} = "endpoint-${i} \\n {z}" + f"{x}-${i}"\n`);
    let text = lines.join('');
    const incremental = new IncrementalParser(python);
    /** Every node as type@start-end (row:column), in tree order. */
    const shape = (node: import('web-tree-sitter').Node): string[] => [`${node.type}@${node.startIndex}-${node.endIndex}(${node.startPosition.row}:${node.startPosition.column})`, ...node.children.flatMap((child) => (child ? shape(child) : []))];
    try {
      incremental.parse(text);
      let previousSkipped = 0;
      let kept = 0;
      let clean = text;
      let broken = false;
      for (let round = 0; round < 300; round++) {
        // A place inside a number, a string or a comment, most of the time; an edit that changes the syntax now and then.
        // A text with a syntax error is put back as it was next (a tree with errors is always parsed).
        const where = Math.floor(next() * text.length);
        const choice = next();
        const inserted = choice < 0.35 ? String(Math.floor(next() * 10)) : choice < 0.6 ? 'ab' : choice < 0.7 ? '' : ['"', '{', '\\', '\n', '#', '.', '_', 'é', ' ', '0'][Math.floor(next() * 10)]!;
        const removed = choice < 0.1 ? 0 : Math.floor(next() * 3);
        if (broken) text = clean;
        else text = text.slice(0, where) + inserted + text.slice(Math.min(text.length, where + removed));
        const tree = incremental.parse(text);
        if (incremental.reparsesSkipped > previousSkipped) kept++;
        previousSkipped = incremental.reparsesSkipped;
        const fresh = python.parse(text)!;
        broken = fresh.rootNode.hasError;
        if (!broken) clean = text;
        try {
          const label = `round ${round}: edit at ${where}, -${removed} +${JSON.stringify(inserted)}`;
          assert.deepEqual(shape(tree.rootNode), shape(fresh.rootNode), label);
          // A node's text is read through the tree's own callback: it must be the new text's.
          const last = tree.rootNode.lastChild;
          if (last) assert.equal(last.text, text.slice(last.startIndex, last.endIndex), label);
        } finally {
          fresh.delete();
        }
      }
      assert.ok(kept > 60, `only ${kept} of 300 edits kept the tree without a parse`);
    } finally {
      incremental.dispose();
    }
  });
});
