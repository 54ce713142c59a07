// The server's chunked text document must behave exactly like vscode-languageserver-textdocument's
// (every position, offset, range and line count), whatever the edits and line breaks.
import { strict as assert } from 'node:assert';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { ChunkedDocument } from '../../server/src/lsp/chunked-document';
import { changeSince, composeEdit, findEdit, keepText, LineIndex, rememberEdit, type ChangedRange } from '../../server/src/core/text';
import { random } from './helpers/random';


describe('chunked document (the server keeps edited text in chunks)', () => {
  it('agrees with the library document after thousands of random edits, with \\n, \\r\\n and \\r breaks', function () {
    this.timeout(60_000);
    const next = random(12);
    const pieces = ['a', 'xyz', '\n', '\r\n', '\r', '\r\r\n\n', 'line\n'.repeat(50), 'DeploymentConfig = {}\r\n', '', 'é😀'];
    for (let round = 0; round < 8; round++) {
      // Big enough for many chunks (16 KiB each); some rounds start empty.
      const initial = round % 4 === 0 ? '' : Array.from({ length: 4000 + round * 1000 }, (_, i) => `row ${i}${['\n', '\r\n', '\r'][i % 7 === 0 ? 1 : i % 11 === 0 ? 2 : 0]}`).join('');
      let expected = TextDocument.create('file:///x.py', 'python', 1, initial);
      const actual = ChunkedDocument.create('file:///x.py', 'python', 1, initial);
      // The text of the version before and its reader, which must still read that text after the edit.
      let before = { text: initial, snapshot: actual.snapshot() };
      for (let edit = 0; edit < 200; edit++) {
        const lines = expected.lineCount;
        const position = () => ({ line: Math.floor(next() * (lines + 2)) - 1, character: Math.floor(next() * 40) - 2 });
        const start = position();
        const end = next() < 0.3 ? position() : next() < 0.5 ? start : { line: start.line, character: start.character + Math.floor(next() * 5) };
        const change = next() < 0.02 ? { text: pieces[Math.floor(next() * pieces.length)]!.repeat(3) } : { range: { start, end }, text: pieces[Math.floor(next() * pieces.length)]! };
        // Sometimes two changes in one event, the second in the text the first left.
        const changes = next() < 0.2 ? [change, { range: { start: position(), end: position() }, text: '\n' }] : [change];
        // Each change applied to a document made afresh from the text: the library's own incremental
        // line bookkeeping drifts after some edits that join \r and \n, and then it misplaces ranges
        // (a fresh one agrees with VS Code, which computes the ranges it sends from the text).
        for (const single of changes) {
          const fresh = TextDocument.create('file:///x.py', 'python', 1, expected.getText());
          TextDocument.update(fresh, [single], edit + 2);
          expected = fresh;
        }
        ChunkedDocument.update(actual, changes, edit + 2);
        const text = expected.getText();
        assert.equal(actual.getText(), text, `round ${round}, edit ${edit}`);
        // The text (a rope of the chunks after an edit) and its reader (core/text.ts's readText).
        const snapshot = actual.snapshot();
        assert.equal(snapshot.text, text);
        for (let probe = 0; probe < 10; probe++) {
          const from = Math.floor(next() * (text.length + 1));
          const to = Math.min(text.length, from + Math.floor(next() * (next() < 0.5 ? 100 : 40000)));
          assert.equal(snapshot.read(from, to), text.slice(from, to), `read(${from}, ${to}), round ${round}, edit ${edit}`);
          const old = Math.floor(next() * (before.text.length + 1));
          const oldTo = Math.min(before.text.length, old + Math.floor(next() * 20000));
          assert.equal(before.snapshot.read(old, oldTo), before.text.slice(old, oldTo), `the version before: read(${old}, ${oldTo}), round ${round}, edit ${edit}`);
        }
        before = { text, snapshot };
        assert.equal(actual.version, expected.version);
        const reference = TextDocument.create('file:///x.py', 'python', 1, text);
        assert.equal(actual.lineCount, reference.lineCount, `lineCount, round ${round}, edit ${edit}`);
        const lineIndex = new LineIndex(text);
        // Offsets inside a \r\n break, where the two ways of placing an offset differ.
        for (let i = text.indexOf('\r\n'), n = 0; i !== -1 && n < 5; i = text.indexOf('\r\n', i + 1), n++) {
          assert.deepEqual(actual.lineIndexPositionAt(i + 1), lineIndex.positionAt(i + 1), `lineIndexPositionAt(${i + 1}) inside \\r\\n, round ${round}, edit ${edit}`);
        }
        for (let probe = 0; probe < 20; probe++) {
          const offset = Math.floor(next() * (text.length + 4)) - 2;
          assert.deepEqual(actual.positionAt(offset), reference.positionAt(offset), `positionAt(${offset}), round ${round}, edit ${edit}`);
          // The diagnostics' positions: those of a line index over the whole text.
          assert.deepEqual(actual.lineIndexPositionAt(offset), lineIndex.positionAt(offset), `lineIndexPositionAt(${offset}), round ${round}, edit ${edit}`);
          const at = position();
          assert.equal(actual.offsetAt(at), reference.offsetAt(at), `offsetAt(${JSON.stringify(at)}), round ${round}, edit ${edit}`);
          const range = { start: position(), end: position() };
          assert.equal(actual.getText(range), reference.getText(range));
          const line = Math.floor(next() * (lines + 2)) - 1;
          assert.deepEqual(actual.getLineRange(line), reference.getLineRange(line));
          assert.equal(actual.getEOLCharacters(line), reference.getEOLCharacters(line));
          const from = Math.floor(next() * (text.length + 1));
          const to = from + Math.floor(next() * 40000);
          assert.equal(actual.slice(from, to), text.slice(from, to));
        }
      }
    }
  });

  it('the replacements it reports, composed (composeEdit), cover what changed over several events, and the core then takes the told edit without comparing', () => {
    const next = random(31);
    const pieces = ['a', 'xy', '\n', '\r\n', '', 'é😀', 'DeploymentConfig', 'line\n'.repeat(30)];
    const initial = Array.from({ length: 6000 }, (_, i) => `row ${i}\n`).join('');
    const document = ChunkedDocument.create('file:///x.py', 'python', 1, initial);
    let base = document.getText();
    let edit: ChangedRange | undefined;
    let told = 0;
    let larger = 0;
    for (let event = 0; event < 600; event++) {
      const lines = document.lineCount;
      const position = () => ({ line: Math.floor(next() * lines), character: Math.floor(next() * 12) });
      const change = () => {
        const start = position();
        const end = next() < 0.5 ? start : { line: start.line + (next() < 0.2 ? 1 : 0), character: start.character + Math.floor(next() * 6) };
        return { range: { start, end }, text: pieces[Math.floor(next() * pieces.length)]! };
      };
      const changes = Array.from({ length: 1 + Math.floor(next() * 3) }, change);
      ChunkedDocument.update(document, changes, event + 2, (start, end, insertedLength) => {
        edit = composeEdit(edit, start, end, insertedLength);
      });
      // Checks come every few events, as the server's debounce lets them.
      if (next() < 0.6) continue;
      const text = document.getText();
      const composed = edit ?? { start: 0, oldEnd: 0, newEnd: 0 };
      const label = `event ${event}: ${JSON.stringify(composed)}`;
      assert.ok(composed.start <= composed.oldEnd && composed.oldEnd <= base.length && composed.start <= composed.newEnd && composed.newEnd <= text.length, label);
      assert.equal(base.length - composed.oldEnd, text.length - composed.newEnd, label);
      assert.equal(text.slice(0, composed.start), base.slice(0, composed.start), label);
      assert.equal(text.slice(composed.newEnd), base.slice(composed.oldEnd), label);
      // Told, the core compares nothing: findEdit gives the told range even where it is larger than the one a comparison finds.
      const minimal = findEdit(base, text);
      if (JSON.stringify(minimal) !== JSON.stringify(composed)) larger++;
      rememberEdit(base, text, composed);
      assert.deepEqual(findEdit(base, text), composed, label);
      // The same text exactly when the told edit is empty (changeSince: undefined for the same text).
      const same = changeSince(keepText(base), text) === undefined;
      assert.equal(same, base === text || (composed.start === composed.oldEnd && composed.start === composed.newEnd), label);
      if (base === text) assert.equal(same, true, label);
      told++;
      base = text;
      edit = undefined;
    }
    assert.ok(told > 150, `${told} checks`);
    // Typing over what was typed before, or back: the told edit then differs from the one found.
    assert.ok(larger > 20, `${larger} told edits other than the one found`);
  });
});
