// After an edit the server's text is a rope of its chunks (lsp/chunked-document.ts): any read of
// the string itself copies it whole, about 1 ms per MB on every keystroke. The core reads the
// texts of a told edit through the readers told with them (core/text.ts: readText, firstMatchAt,
// knownChange). The check below is given texts made of blanks only, with readers of the real
// texts: a read of the string itself sees no config, and its findings differ from a first check
// of the real text.
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { checkDocument, type SyntaxParsers } from '../../server/src/core/check';
import { IncrementalParser } from '../../server/src/core/incremental';
import { charIn, firstMatchAt, indexIn, lastIndexIn, readText, rememberEdit, type ChangedRange } from '../../server/src/core/text';
import { asSeen, firstCheckOnWholeTree, parsersReady } from './helpers/findings';
import { deployments } from './helpers/python-samples';
import { random } from './helpers/random';

/** The one changed range between two texts, found here (the core's findEdit would be told it too). */
function changedRange(old: string, text: string): ChangedRange {
  let start = 0;
  while (start < old.length && start < text.length && old[start] === text[start]) start++;
  let oldEnd = old.length;
  let newEnd = text.length;
  while (oldEnd > start && newEnd > start && old[oldEnd - 1] === text[newEnd - 1]) {
    oldEnd--;
    newEnd--;
  }
  return { start, oldEnd, newEnd };
}

/** A string of `length` blanks: the same length as the text it stands for, and nothing of it. */
const blanks = (length: number): string => ' '.repeat(length);


describe('a told edit is read from its parts (the server does not copy its text per keystroke)', () => {
  let parsers: SyntaxParsers;
  before(async () => {
    parsers = await parsersReady();
  });

  it("reads, searches and first matches of a told text are the string's own", () => {
    const next = random(77);
    const words = ['DeploymentConfig', 'loads', '\n', 'Policy', 'x'];
    let old = Array.from({ length: 3000 }, (_, i) => (i % 97 === 0 ? `cfg_${i} = {"DeploymentConfig": ${i}}` : i % 89 === 0 ? `data = json.loads(s${i})` : `row_${i} = ${i} * 2`)).join('\n');
    // Told once as an edit of nothing, as the server tells a first check.
    rememberEdit(old, old, { start: 0, oldEnd: 0, newEnd: 0 }, { old: (a, b) => old.slice(a, b), text: (a, b) => old.slice(a, b) });
    const pattern = /eploymentConfig|loads/;
    for (const word of words) firstMatchAt(old, word);
    firstMatchAt(old, pattern, 15);
    let oldStandIn = old;
    for (let round = 0; round < 300; round++) {
      const at = Math.floor(next() * old.length);
      const removed = Math.floor(next() * 30);
      const inserted = next() < 0.3 ? words[Math.floor(next() * words.length)]! : next() < 0.5 ? '' : 'ab\ncd';
      const text = old.slice(0, at) + inserted + old.slice(at + removed);
      const standIn = blanks(text.length);
      const previous = old;
      rememberEdit(oldStandIn, standIn, changedRange(old, text), { old: (a, b) => previous.slice(a, b), text: (a, b) => text.slice(a, b) });
      const label = `round ${round}`;
      for (let probe = 0; probe < 10; probe++) {
        const from = Math.floor(next() * (text.length + 10)) - 5;
        const to = from + Math.floor(next() * 9000);
        assert.equal(readText(standIn, Math.max(0, from), to), text.slice(Math.max(0, from), to), `${label}: readText`);
        assert.equal(readText(oldStandIn, Math.max(0, from), to, 'old'), old.slice(Math.max(0, from), to), `${label}: readText of the old text`);
        assert.equal(charIn(standIn, from), text[from] ?? '', `${label}: charIn(${from})`);
        const word = words[Math.floor(next() * words.length)]!;
        assert.equal(indexIn(standIn, word, from), text.indexOf(word, from), `${label}: indexIn(${JSON.stringify(word)}, ${from})`);
        assert.equal(lastIndexIn(standIn, word, from), text.lastIndexOf(word, from), `${label}: lastIndexIn(${JSON.stringify(word)}, ${from})`);
        assert.equal(lastIndexIn(oldStandIn, word, from, 'old'), old.lastIndexOf(word, from), `${label}: lastIndexIn of the old text`);
      }
      // Every word's first match, found from the one before the edit and the edit's neighbourhood.
      for (const word of words) assert.equal(firstMatchAt(standIn, word), text.indexOf(word), `${label}: firstMatchAt(${JSON.stringify(word)})`);
      assert.equal(firstMatchAt(standIn, pattern, 15), text.search(pattern), `${label}: firstMatchAt of a pattern`);
      old = text;
      oldStandIn = standIn;
    }
  });

  it('a check after edits far from configs and inside them reads the text only through the readers told with it', function () {
    this.timeout(120_000);
    const next = random(2027);
    // boto3 dicts, sagemaker-core shapes and a json.loads literal (the Python hosts' three readers).
    const shapes = readFileSync(join(__dirname, '..', '..', '..', 'examples', 'sagemaker_core_update.py'), 'utf8');
    const loads = `import json\nloaded = json.loads('{"RollingUpdatePolicy": {"MaximumBatchSize": {"Type": "CAPACITY_PERCENT", "Value": 60}, "WaitIntervalInSeconds": 300}}')\n`;
    let real = [shapes, ...deployments(30), loads].join('\n');
    // Typing in method bodies (the deferred reparse and the roots found before), in the configs'
    // numbers, and pieces that make the check parse and find the roots again.
    const typed = ['ab', '7', ' ', '', 'rows_2', '# note', '\n        x = 1', '\n        rollback_2 = {"Alarms": []}', ' DeploymentConfig', '\n        sm.update_endpoint(DeploymentConfig={"RollingUpdatePolicy": {}})', '"', '('];
    const incremental = new IncrementalParser(parsers.python);
    try {
      rememberEdit(real, real, { start: 0, oldEnd: 0, newEnd: 0 }, { old: (a, b) => real.slice(a, b), text: (a, b) => real.slice(a, b) });
      checkDocument(real, 'python', { parsers, pythonTree: incremental.parse(real) });
      let standIn = real;
      for (let round = 0; round < 150; round++) {
        const inConfig = next() < 0.3;
        const anchor = inConfig ? real.indexOf('"WaitIntervalInSeconds": ', Math.floor(next() * real.length)) : real.indexOf('        rows = [', Math.floor(next() * real.length));
        const where = anchor === -1 ? Math.floor(next() * real.length) : inConfig ? anchor + '"WaitIntervalInSeconds": '.length + 1 : anchor + 8 + Math.floor(next() * 30);
        const inserted = inConfig ? String(Math.floor(next() * 10)) : typed[Math.floor(next() * typed.length)]!;
        const removed = next() < 0.8 ? 0 : 1;
        const edited = real.slice(0, where) + inserted + real.slice(where + removed);
        const editedStandIn = blanks(edited.length);
        const before = real;
        rememberEdit(standIn, editedStandIn, changedRange(real, edited), { old: (a, b) => before.slice(a, b), text: (a, b) => edited.slice(a, b) });
        const tree = incremental.parse(editedStandIn, { deferStatementEdits: true });
        const deferred = incremental.deferred();
        const again = checkDocument(editedStandIn, 'python', { parsers, pythonTree: tree, ...(deferred ? { pythonTreeDeferred: deferred } : {}) });
        const fresh = firstCheckOnWholeTree(edited, parsers);
        const label = `round ${round}: at ${where}, -${removed} +${JSON.stringify(inserted)}${deferred ? ' (deferred)' : ''}`;
        assert.ok(fresh.blocks.length >= 20, `${label}: the sample holds its configs`);
        assert.deepEqual(asSeen(edited, again.findings), asSeen(edited, fresh.findings), label);
        const { readThroughRecovery: _again, ...againRead } = again;
        const { readThroughRecovery: _fresh, ...freshRead } = fresh;
        assert.deepEqual(againRead, freshRead, `${label}: blocks and findings`);
        real = edited;
        standIn = editedStandIn;
      }
    } finally {
      incremental.dispose();
    }
  });
});
