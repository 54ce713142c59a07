// The guide's own examples and the per-host fixtures, with the findings each really has
// (test/fixtures/*/expected.json: 1-based line/column, end exclusive), checked file by file.
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { LineIndex } from '../../server/src/core/text';
import { checkFile, collectFiles } from '../../server/src/node/check-file';
import { parsersReady } from './helpers/findings';

const root = join(__dirname, '..', '..', '..');

interface Expected {
  file: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  severity: string;
  code: string;
}

const describeExpected = (e: Expected): string => `${e.file}:${e.line}:${e.column}-${e.endLine}:${e.endColumn} ${e.severity} ${e.code}`;

for (const folder of ['guide', 'hosts']) {
  describe(`fixtures: ${folder}`, () => {
    const base = join(root, 'test', 'fixtures', folder);
    const expected = JSON.parse(readFileSync(join(base, 'expected.json'), 'utf8')) as Expected[];
    const files = collectFiles([base]).filter((f) => !f.endsWith('expected.json') && !f.endsWith('README.md'));

    it('has fixtures and expectations', () => {
      assert.ok(files.length >= 5, `only ${files.length} fixture files`);
      assert.ok(expected.length >= 5);
    });

    for (const file of files) {
      const name = relative(base, file);
      it(name, async () => {
        const parsers = await parsersReady();
        const result = checkFile(file, parsers, {});
        const index = new LineIndex(result.text);
        const actual = result.findings.map((f) => {
          const start = index.positionAt(f.span.offset);
          const end = index.positionAt(f.span.offset + f.span.length);
          return describeExpected({ file: name, line: start.line + 1, column: start.character + 1, endLine: end.line + 1, endColumn: end.character + 1, severity: f.severity, code: f.code });
        });
        assert.deepEqual(actual, expected.filter((e) => e.file === name).map(describeExpected));
      });
    }
  });
}
