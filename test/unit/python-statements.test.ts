// A first check of a Python text parses only the top-level statements the hosts read (tree-sitter's
// included ranges), found by a lexical scan. Its findings must be exactly those of a check on a tree
// of the whole text, for every sample and after random edits that break the syntax around configs.
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { filesUnder } from './helpers/files';
import { join } from 'node:path';
import type { Parser, ParseOptions, Tree } from 'web-tree-sitter';
import { analyzeNotebook, checkBlocks, checkDocument, finalizeFindings, withoutCheckCaches, type SyntaxParsers } from '../../server/src/core/check';
import { readIpynbCells, type NotebookCell } from '../../server/src/core/hosts/notebook';
import { statementsSeparatedAt, topLevelStatementStarts } from '../../server/src/core/hosts/python-statements';
import { IncrementalParser } from '../../server/src/core/incremental';
import { describeFinding, firstCheckOnWholeTree, parsersReady } from './helpers/findings';
import { configDict, deployments, edit } from './helpers/python-samples';
import { random } from './helpers/random';

const ROOT = join(__dirname, '..', '..', '..');

/** The lines (1-based) where the scan says statements start. */
function startLines(text: string): number[] | undefined {
  return topLevelStatementStarts(text)?.map((offset) => text.slice(0, offset).split('\n').length);
}

/** Ordinary code no config reads: what most of a real file is. */
function ordinaryCode(functions: number): string {
  const parts: string[] = [];
  for (let i = 0; i < functions; i++) parts.push(`def step_${i}(rows, limit=${i}):\n    """Filters rows.\n\nx = {1: 2}\n"""\n    kept = [r for r in rows if r > limit]\n    return {"count": len(kept), "rows": kept}\n`);
  return parts.join('\n');
}

/** A parser that records the ranges each parse was given, around the real one. */
function recordingParser(real: Parser): { parser: Parser; parses: { included: number; whole: number }[] } {
  const parses: { included: number; whole: number }[] = [];
  const parser = Object.create(real) as Parser;
  parser.parse = (input: string | ((index: number) => string), old?: Tree | null, options?: ParseOptions): Tree | null => {
    const whole = typeof input === 'string' ? input.length : 0;
    const included = options?.includedRanges ? options.includedRanges.reduce((sum, r) => sum + r.endIndex - r.startIndex, 0) : whole;
    parses.push({ included, whole });
    return real.parse(input, old, options);
  };
  return { parser, parses };
}

describe('Python: parsing only the statements the hosts read', () => {
  let parsers: SyntaxParsers;
  before(async () => {
    parsers = await parsersReady();
  });

  /** The check of a text on a tree of the whole text (the reference) and the check as the CLI makes it. */
  function bothChecks(text: string): { selected: ReturnType<typeof checkDocument>; whole: ReturnType<typeof checkDocument> } {
    const selected = withoutCheckCaches(() => checkDocument(text, 'python', { parsers }));
    const whole = firstCheckOnWholeTree(text, parsers);
    return { selected, whole };
  }

  describe('where statements start', () => {
    it('a column-0 line inside a triple-quoted string, brackets or after a backslash starts nothing', () => {
      const text = ['import boto3', 'DOC = """', 'x = {"DeploymentConfig": 1}', '"""', 'cfg = dict(', 'a=1,', ')', 'y = 1 + \\', '2', "s = 'it''s'", 'done = True', ''].join('\n');
      assert.deepEqual(startLines(text), [1, 2, 5, 8, 10, 11]);
    });

    it('indented lines, comments, blank lines and else/elif/except/finally belong to the statement before', () => {
      const text = ['if a:', '    x = 1', '# note', '', '    y = 2', 'elif b:', '    pass', 'else:', '    pass', 'try:', '    pass', 'except* E:', '    pass', 'finally:', '    pass', 'elsewhere = 1', ''].join('\n');
      assert.deepEqual(startLines(text), [1, 10, 16]);
    });

    it('escaped quotes and backslash-newlines keep a string open; raw strings too', () => {
      const text = ['a = "say \\"hi\\""', "b = r'\\''", 'c = "one \\', 'two"', "d = '''x''' + \"\"\"y \\\"\"\" z\"\"\"", 'e = 1', ''].join('\n');
      assert.deepEqual(startLines(text), [1, 2, 3, 5, 6]);
    });

    it('gives up on text it cannot vouch for: an open bracket or string, a stray closer, a lone \\r', () => {
      assert.equal(topLevelStatementStarts('x = (1,\ny = 2\n'), undefined);
      assert.equal(topLevelStatementStarts('x = """never closed\ny = 2\n'), undefined);
      assert.equal(topLevelStatementStarts('x = "no end\ny = 2\n'), undefined);
      assert.equal(topLevelStatementStarts('x = 1)\ny = 2\n'), undefined);
      assert.equal(topLevelStatementStarts('x = 1\ry = 2\n'), undefined);
      assert.deepEqual(topLevelStatementStarts('x = 1\r\ny = 2\r\n'), [0, 7]);
    });

    it("a notebook's cells separate statements unless one runs into the next", () => {
      const cells = (...texts: string[]) => ({ text: texts.join('\n'), starts: texts.slice(0, -1).map((_, i) => texts.slice(0, i + 1).join('\n').length + 1) });
      const clean = cells('import boto3', '# setup\n\ncfg = {"a": 1}', 'print(cfg)');
      assert.notEqual(statementsSeparatedAt(clean.text, clean.starts), undefined);
      for (const leaking of [cells('x = (1,', 'y = 2'), cells('s = """', 'y = 2 """'), cells('x = 1 + \\', 'y'), cells('def f():', '    return 1'), cells('if a:\n    pass', 'else:\n    pass'), cells('def f():\n    pass', '# c\n    x = 1')]) {
        assert.equal(statementsSeparatedAt(leaking.text, leaking.starts), undefined, leaking.text);
      }
    });
  });

  it('a file with configs among ordinary code: only their statements are parsed, with the same findings', () => {
    const text = deployments(20).map((piece, i) => `${piece}\n${ordinaryCode(i % 4)}`).join('\n');
    const { parser, parses } = recordingParser(parsers.python);
    const selected = withoutCheckCaches(() => checkDocument(text, 'python', { parsers: { ...parsers, python: parser } }));
    assert.equal(parses.length, 1, 'one parse: every name the configs read is in a statement that holds a config word');
    assert.ok(parses[0]!.included < text.length * 0.5, `parsed ${parses[0]!.included} of ${text.length} characters`);
    const { whole } = bothChecks(text);
    assert.ok(whole.findings.length >= 10);
    assert.deepEqual(selected, whole);
  });

  it('a name bound in a statement without any config word is parsed in a second round', () => {
    const text = ['import boto3', ordinaryCode(8), 'def helper():', '    return 1', `traffic = {"Type": "CANARY", "CanarySize": {"Type": "CAPACITY_PERCENT", "Value": 75}, "WaitIntervalInSeconds": 600}`, `cfg = {"BlueGreenUpdatePolicy": {"TrafficRoutingConfiguration": traffic, "MaximumExecutionTimeoutInSeconds": 3600}}`, 'sm.update_endpoint(EndpointName="e", DeploymentConfig=cfg)', 'print(helper())', ''].join('\n');
    const { parser, parses } = recordingParser(parsers.python);
    const selected = withoutCheckCaches(() => checkDocument(text, 'python', { parsers: { ...parsers, python: parser } }));
    assert.ok(parses.length >= 2 && parses.every((p) => p.included < text.length), JSON.stringify(parses));
    const { whole } = bothChecks(text);
    assert.deepEqual(selected, whole);
    assert.ok(selected.findings.some((f) => f.code === 'canary-size'), 'the canary read through `traffic`, bound in a statement of its own');
  });

  it('every Python sample of the repository gives the same findings', () => {
    const files = [...filesUnder(join(ROOT, 'examples'), /\.py$/), ...filesUnder(join(ROOT, 'test', 'fixtures'), /\.py$/), ...filesUnder(join(ROOT, 'test', 'e2e', 'workspace'), /\.py$/)];
    assert.ok(files.length > 30);
    for (const file of files) {
      const text = readFileSync(file, 'utf8');
      const { selected, whole } = bothChecks(text);
      assert.deepEqual(selected, whole, file);
    }
  });

  for (const seed of [3, 41, 2027]) {
    it(`after 150 random edits that break strings, brackets and blocks (seed ${seed})`, function () {
      this.timeout(120_000);
      const next = random(seed);
      let text = deployments(12).join('\n');
      for (let round = 0; round < 150; round++) {
        text = edit(text, next);
        const { selected, whole } = bothChecks(text);
        assert.deepEqual(
          selected.findings.map((f) => `${describeFinding(text, f)} ${f.message}`),
          whole.findings.map((f) => `${describeFinding(text, f)} ${f.message}`),
          `round ${round}`,
        );
        assert.deepEqual(selected, whole, `round ${round}: blocks and findings`);
      }
    });
  }

  it('notebooks: the samples and cells after random edits, against a tree of the whole notebook', function () {
    this.timeout(120_000);
    const checked = (analysis: ReturnType<typeof analyzeNotebook>) => ({ ...analysis, findings: finalizeFindings([...analysis.findings, ...checkBlocks(analysis.blocks)]) });
    const compare = (cells: readonly NotebookCell[], label: string) => {
      const incremental = new IncrementalParser(parsers.python);
      try {
        const whole = withoutCheckCaches(() => checked(analyzeNotebook(cells, { parsers }, incremental)));
        const selected = withoutCheckCaches(() => checked(analyzeNotebook(cells, { parsers })));
        assert.deepEqual(selected, whole, label);
      } finally {
        incremental.dispose();
      }
    };
    for (const file of [...filesUnder(join(ROOT, 'examples'), /\.ipynb$/), ...filesUnder(join(ROOT, 'test'), /\.ipynb$/)]) compare(readIpynbCells(readFileSync(file, 'utf8')), file);
    const next = random(99);
    let cells: NotebookCell[] = deployments(6).map((text) => ({ kind: 'code', text }));
    for (let round = 0; round < 60; round++) {
      const index = Math.floor(next() * cells.length);
      if (next() < 0.1) cells = [...cells.slice(0, index), { kind: 'code', text: `x_${round} = ${configDict(round)}` }, ...cells.slice(index)];
      else cells = cells.map((cell, i) => (i === index ? { kind: cell.kind, text: edit(cell.text, next) } : cell));
      compare(cells, `round ${round}`);
    }
  });
});
