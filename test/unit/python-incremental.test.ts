// A re-check after an edit reuses what the previous checks found (the kept text index, converted
// config roots, the rules' findings per config, a notebook's unchanged cells). After any sequence
// of edits its findings must be exactly those of a check of the same text seen for the first time.
import { strict as assert } from 'node:assert';
import { analyzeNotebook, checkBlocks, checkDocument, finalizeFindings, withoutCheckCaches, type SyntaxParsers } from '../../server/src/core/check';
import type { NotebookCell } from '../../server/src/core/hosts/notebook';
import { pythonBlocksReusedCount, pythonRootsReusedCount } from '../../server/src/core/hosts/python';
import { assignmentsByName, buildPythonTextIndex, INDEXED_WORDS, pythonTextIndex } from '../../server/src/core/hosts/python-index';
import { IncrementalParser } from '../../server/src/core/incremental';
import { asSeen, firstCheckOnWholeTree, parsersReady } from './helpers/findings';
import { configDict, deployments, edit } from './helpers/python-samples';
import { random } from './helpers/random';



/** The lines, then plain code that takes the text over 8 KB: below that the text index is built afresh at every check, and blocks are not reused. */
function withPlainCodeAfter(lines: readonly string[]): string {
  return [...lines, ...Array.from({ length: 300 }, (_, i) => `def step_${i}(x):\n    return x + ${i}\n`)].join('\n');
}

/**
 * Checks texts with one kept tree, each compared with a first check of the same text, and lists
 * the checks that reused blocks, with how many (`label: count`).
 */
function keptTreeChecker(parsers: SyntaxParsers): { check(text: string, label: string): ReturnType<typeof checkDocument>; reusedAt: string[]; dispose(): void } {
  const incremental = new IncrementalParser(parsers.python);
  const reusedAt: string[] = [];
  return {
    reusedAt,
    check(text, label) {
      const reusedSoFar = pythonBlocksReusedCount();
      const again = checkDocument(text, 'python', { parsers, pythonTree: incremental.parse(text) });
      if (pythonBlocksReusedCount() > reusedSoFar) reusedAt.push(`${label}: ${pythonBlocksReusedCount() - reusedSoFar}`);
      assert.deepEqual(again, firstCheckOnWholeTree(text, parsers), label);
      return again;
    },
    dispose: () => incremental.dispose(),
  };
}

describe('re-checks after edits give what a first check gives', () => {
  let parsers: SyntaxParsers;
  before(async () => {
    parsers = await parsersReady();
  });

  for (const seed of [12, 2026]) {
    it(`a Python file with 20 configs, after 120 random edits (seed ${seed})`, function () {
      this.timeout(120_000);
      const next = random(seed);
      let text = deployments(20).join('\n');
      const incremental = new IncrementalParser(parsers.python);
      try {
        for (let round = 0; round < 120; round++) {
          text = edit(text, next);
          const tree = incremental.parse(text);
          const again = checkDocument(text, 'python', { parsers, pythonTree: tree });
          const fresh = firstCheckOnWholeTree(text, parsers);
          assert.deepEqual(asSeen(text, again.findings), asSeen(text, fresh.findings), `round ${round}`);
          assert.deepEqual(again, fresh, `round ${round}: blocks and findings`);
          // The kept index is the one a reading of the whole text gives.
          const kept = pythonTextIndex(text);
          const read = buildPythonTextIndex(text);
          for (const word of INDEXED_WORDS) assert.deepEqual(kept.occurrences(word), read.occurrences(word), `round ${round}: ${word}`);
        }
      } finally {
        incremental.dispose();
      }
    });
  }

  it('the kept text index of a large file, updated edit by edit, is the one a fresh reading gives (words and every name\'s assignments)', function () {
    this.timeout(60_000);
    const next = random(77);
    // Over 8 KB, so the index is kept and updated, not built afresh; many names assigned throughout.
    let text = [...deployments(30), ...Array.from({ length: 200 }, (_, i) => `SETTING_${i % 40} = ${i}\nstep_${i} = {"x": ${i}}`)].join('\n');
    assert.ok(text.length > 8192);
    let updated = 0;
    let last = pythonTextIndex(text);
    for (let round = 0; round < 300; round++) {
      text = edit(text, next);
      const kept = pythonTextIndex(text);
      // The same object: moved to the new text by the edit, not read afresh.
      if (kept === last) updated++;
      last = kept;
      const read = buildPythonTextIndex(text);
      for (const word of INDEXED_WORDS) assert.deepEqual(kept.occurrences(word), read.occurrences(word), `round ${round}: ${word}`);
      assert.deepEqual(assignmentsByName(kept), assignmentsByName(read), `round ${round}: assignments`);
    }
    assert.ok(updated > 250, `${updated}`);
  });

  it('edits inside numbers, strings and comments reuse the config roots found before, and find what a first check finds', function () {
    this.timeout(120_000);
    const next = random(3141);
    let text = deployments(20).join('\n');
    // What such an edit may type: digits and letters, and what finding the roots reads in the text.
    const typed = ['7', '0', 'ab', '', ' ', '=', '\\', 'Config', 'DeploymentConfig', 'RollingUpdatePolicy', 'FailureHandlingPolicy', 'AutoRollbackConfiguration', 'x = {'];
    const incremental = new IncrementalParser(parsers.python);
    const reusedBefore = pythonRootsReusedCount();
    const blocksReusedBefore = pythonBlocksReusedCount();
    let clean = text;
    try {
      for (let round = 0; round < 400; round++) {
        // Most edits inside a config's number or string; a text with a syntax error is put back next.
        const configStart = text.indexOf('Policy', Math.floor(next() * text.length));
        const where = configStart === -1 ? Math.floor(next() * text.length) : configStart + Math.floor(next() * 400);
        // Typing: a digit after a digit, letters after a letter; else any of the pieces above.
        const typing = next() < 0.6;
        const removed = typing ? 0 : Math.floor(next() * 3);
        const inserted = typing && /[0-9]/.test(text[where - 1] ?? '') ? String(Math.floor(next() * 10)) : typing && /[A-Za-z]/.test(text[where - 1] ?? '') ? 'ab' : typed[Math.floor(next() * typed.length)]!;
        const edited = text.slice(0, where) + inserted + text.slice(Math.min(text.length, where + removed));
        const tree = incremental.parse(edited);
        const again = checkDocument(edited, 'python', { parsers, pythonTree: tree });
        const fresh = firstCheckOnWholeTree(edited, parsers);
        const label = `round ${round}: at ${where}, -${removed} +${JSON.stringify(inserted)}`;
        assert.deepEqual(asSeen(edited, again.findings), asSeen(edited, fresh.findings), label);
        assert.deepEqual(again, fresh, `${label}: blocks and findings`);
        text = tree.rootNode.hasError ? clean : edited;
        if (!tree.rootNode.hasError) clean = edited;
      }
    } finally {
      incremental.dispose();
    }
    const reused = pythonRootsReusedCount() - reusedBefore;
    assert.ok(reused > 50, `only ${reused} of 400 checks reused the roots found before`);
    // And the blocks of the configs the edit was not in (those before it; all of them when it kept the length).
    const blocksReused = pythonBlocksReusedCount() - blocksReusedBefore;
    assert.ok(blocksReused > 20 * 10, `only ${blocksReused} blocks reused`);
  });

  it('an edit inside one config reuses the other configs unless it changes what they read elsewhere: a name changed in place, the fleet size', () => {
    const lines = [
      'import boto3',
      'sm = boto3.client("sagemaker")',
      // b (before a: its spans do not move with edits in a) misses a required key and has no alarms; once `b.update(` is anywhere in the text (a's string too), it may get them.
      'b = {"BlueGreenUpdatePolicy": {"TrafficRoutingConfiguration": {"Type": "CANARY", "CanarySize": {"Type": "INSTANCE_COUNT", "Value": 6}}}}',
      // The file's fleet size (its first literal InitialInstanceCount) is written inside a, so an edit inside a can change it.
      'a = {"BlueGreenUpdatePolicy": {"TrafficRoutingConfiguration": {"Type": "CANARY", "CanarySize": {"Type": "INSTANCE_COUNT", "Value": 1}, "WaitIntervalInSeconds": 600}, "TerminationWaitInSeconds": 300}, "AutoRollbackConfiguration": {"Alarms": [{"AlarmName": "note x"}]}, "Fleet": {"InitialInstanceCount": 14}}',
      // c, after a: its spans move with an edit in a that changes the length, so it is reused moved as a whole (its root copied, its findings moved).
      'c = {"BlueGreenUpdatePolicy": {"TrafficRoutingConfiguration": {"Type": "LINEAR", "LinearStepSize": {"Type": "CAPACITY_PERCENT", "Value": 5}, "WaitIntervalInSeconds": 300}}}',
      'sm.update_endpoint(EndpointName="e", EndpointConfigName="c", DeploymentConfig=a)',
      'sm.update_endpoint(EndpointName="e", EndpointConfigName="c", DeploymentConfig=b)',
      'sm.update_endpoint(EndpointName="e", EndpointConfigName="c", DeploymentConfig=c)',
    ];
    let text = withPlainCodeAfter(lines);
    const checker = keptTreeChecker(parsers);
    const codesSeen = new Set<string>();
    const check = (label: string): void => {
      codesSeen.add(checker.check(text, label).findings.map((f) => f.code).sort().join(','));
    };
    // Edits strictly inside a number or a string's text: the tree keeps its shape (incremental.ts), the roots found before are taken again.
    const replaceAt = (at: number, removed: number, inserted: string): void => {
      text = text.slice(0, at) + inserted + text.slice(at + removed);
    };
    try {
      check('first');
      // Typed into a's alarm name one character at a time (b is reused until `b.update(` is whole), then taken out.
      const typedAt = text.indexOf('"note x"') + '"note '.length;
      const typed = 'b.update(x)';
      for (let i = 0; i < typed.length; i++) {
        replaceAt(typedAt + i, 0, typed[i]!);
        check(`typed ${typed.slice(0, i + 1)}`);
      }
      for (let i = typed.length - 1; i >= 0; i--) {
        replaceAt(typedAt + i, 1, '');
        check(`removed to ${typed.slice(0, i)}`);
      }
      // a's wait (b reused), then the fleet size inside a, 14 -> 10, which b's canary of 6 is measured against, and back.
      const wait = text.indexOf('"WaitIntervalInSeconds": 600') + '"WaitIntervalInSeconds": 6'.length;
      replaceAt(wait, 1, '5');
      check('wait 650');
      replaceAt(wait, 1, '0');
      check('wait 600');
      const fleet = text.indexOf('"InitialInstanceCount": 14') + '"InitialInstanceCount": 1'.length;
      replaceAt(fleet, 1, '0');
      check('fleet 10');
      // A character typed into a's alarm name and taken out: b (reused) keeps its root, and the fleet's literal, which b's finding points to, moves.
      replaceAt(typedAt, 0, 'y');
      check('fleet 10, typed y');
      replaceAt(typedAt, 1, '');
      check('fleet 10, removed y');
      replaceAt(wait, 1, '5');
      check('wait 650, fleet 10');
      replaceAt(fleet, 1, '4');
      check('fleet 14');
    } finally {
      checker.dispose();
    }
    // The edits above changed b's findings (open, or measured against another fleet) as well as a's.
    assert.ok(codesSeen.size >= 3, [...codesSeen].join(' | '));
    // b and c were reused by every edit but those that made b open or closed again (typing or removing
    // the `(` of `b.update(`), those the tree was parsed again for (`x` after `(`) and those of the
    // fleet size; c moved with the edits that changed the length.
    assert.deepEqual(checker.reusedAt, ['typed b: 2', 'typed b.: 2', 'typed b.u: 2', 'typed b.up: 2', 'typed b.upd: 2', 'typed b.upda: 2', 'typed b.updat: 2', 'typed b.update: 2', 'typed b.update(x): 2', 'removed to b.update(x: 2', 'removed to b.updat: 2', 'removed to b.upda: 2', 'removed to b.upd: 2', 'removed to b.up: 2', 'removed to b.u: 2', 'removed to b.: 2', 'removed to b: 2', 'removed to : 2', 'wait 650: 2', 'wait 600: 2', 'fleet 10, typed y: 2', 'fleet 10, removed y: 2', 'wait 650, fleet 10: 2']);
    // b's finding with fleet 10 points to the fleet's literal (which the two edits in a move).
    assert.ok([...codesSeen].some((codes) => codes.includes('canary-size')), [...codesSeen].join(' | '));
  });

  it('a config after the edited one is moved as a whole only when everything it read lies after the edit', () => {
    const lines = [
      'import boto3',
      'sm = boto3.client("sagemaker")',
      // Read by c, defined before a: an edit in a moves c but not this value.
      'early = {"Type": "CAPACITY_PERCENT", "Value": 75}',
      'a = {"BlueGreenUpdatePolicy": {"TrafficRoutingConfiguration": {"Type": "ALL_AT_ONCE", "WaitIntervalInSeconds": 600}}, "AutoRollbackConfiguration": {"Alarms": [{"AlarmName": "note"}]}}',
      // Read by d, defined after a: it moves with d.
      'late = {"Type": "CAPACITY_PERCENT", "Value": 80}',
      'c = {"BlueGreenUpdatePolicy": {"TrafficRoutingConfiguration": {"Type": "CANARY", "CanarySize": early, "WaitIntervalInSeconds": 300}}}',
      'd = {"BlueGreenUpdatePolicy": {"TrafficRoutingConfiguration": {"Type": "CANARY", "CanarySize": late, "WaitIntervalInSeconds": 300}}}',
      'sm.update_endpoint(EndpointName="e", EndpointConfigName="c", DeploymentConfig=a)',
      'sm.update_endpoint(EndpointName="e", EndpointConfigName="c", DeploymentConfig=c)',
      'sm.update_endpoint(EndpointName="e", EndpointConfigName="c", DeploymentConfig=d)',
    ];
    const text = withPlainCodeAfter(lines);
    const checker = keptTreeChecker(parsers);
    try {
      const typedAt = text.indexOf('"note"') + '"no'.length;
      for (const [label, edited] of [['first', text], ['typed x', text.slice(0, typedAt) + 'x' + text.slice(typedAt)], ['typed xy', text.slice(0, typedAt) + 'xy' + text.slice(typedAt)], ['removed', text]] as const) {
        const again = checker.check(edited, label);
        // Both canaries are too large, each reported on its own value.
        assert.deepEqual(again.findings.filter((f) => f.code === 'canary-size').map((f) => edited.slice(f.span.offset, f.span.offset + f.span.length)), ['75', '80'], label);
      }
    } finally {
      checker.dispose();
    }
    // Only d (all it read is after a) is reused, moved by each edit.
    assert.deepEqual(checker.reusedAt, ['typed x: 1', 'typed xy: 1', 'removed: 1']);
  });

  it('edits of plain code whose tree-sitter reparse is deferred find what a first check finds, most with the roots found before; edits that break a statement out, or that the extraction reads, are parsed', function () {
    this.timeout(180_000);
    const next = random(4242);
    let text = deployments(20).join('\n');
    // Typing inside the Store classes' methods (plain code), and pieces that open strings and
    // brackets, start a line at column 0, or bind and change names the configs read.
    const typed = ['ab', '7', ' ', '', 'rows_2', '\n        x = 1', '"', "'", '"""', '(', '[', '{', ')', '\\', '\nx = 1', '\n', ':', '=', '\n        CONFIG_1 = {"A": 1}', '\n        rollback_2 = {"Alarms": []}', '\n        CONFIG_6.update({})', ' DeploymentConfig', '\n        sm.update_endpoint(DeploymentConfig={"RollingUpdatePolicy": {}})', '# note', '\n@decorated\ndef late():\n    pass'];
    const incremental = new IncrementalParser(parsers.python);
    const deferredBefore = incremental.editsDeferred;
    const reusedBefore = pythonRootsReusedCount();
    let clean = text;
    let freshTreesAsked = 0;
    try {
      for (let round = 0; round < 300; round++) {
        const body = text.indexOf('        rows = [', Math.floor(next() * text.length));
        const where = body === -1 ? Math.floor(next() * text.length) : body + 8 + Math.floor(next() * 40);
        // Typing (letters after a letter, digits after a digit) most of the time.
        const typing = next() < 0.6;
        const removed = typing || next() < 0.7 ? 0 : Math.floor(next() * 3);
        const inserted = typing && /[0-9]/.test(text[where - 1] ?? '') ? String(Math.floor(next() * 10)) : typing && /[A-Za-z_]/.test(text[where - 1] ?? '') ? 'ab' : typed[Math.floor(next() * typed.length)]!;
        const edited = text.slice(0, where) + inserted + text.slice(Math.min(text.length, where + removed));
        const tree = incremental.parse(edited, { deferStatementEdits: true });
        const deferred = incremental.deferred();
        const asked = { reparse: () => (freshTreesAsked++, deferred!.reparse()), spans: deferred?.spans ?? [] };
        const again = checkDocument(edited, 'python', { parsers, pythonTree: tree, ...(deferred ? { pythonTreeDeferred: asked } : {}) });
        const fresh = firstCheckOnWholeTree(edited, parsers);
        const label = `round ${round}: at ${where}, -${removed} +${JSON.stringify(inserted)}${deferred ? ' (deferred)' : ''}`;
        assert.deepEqual(asSeen(edited, again.findings), asSeen(edited, fresh.findings), label);
        // Whether the tree had errors is known only of what it parsed: not of a stale statement
        // (the statement scan vouched for it, and quick fixes heed the scan too).
        const { readThroughRecovery: againHadErrors, ...againRead } = again;
        const { readThroughRecovery: freshHadErrors, ...freshRead } = fresh;
        assert.deepEqual(againRead, freshRead, `${label}: blocks and findings`);
        if (!deferred) assert.equal(againHadErrors, freshHadErrors, `${label}: the tree had errors`);
        // A text with a syntax error is put back (the tree of a text with errors is always parsed).
        const probe = parsers.python.parse(edited)!;
        const broken = probe.rootNode.hasError;
        probe.delete();
        text = broken ? clean : edited;
        if (!broken) clean = edited;
      }
    } finally {
      incremental.dispose();
    }
    const deferredEdits = incremental.editsDeferred - deferredBefore;
    assert.ok(deferredEdits > 100, `only ${deferredEdits} of 300 edits were deferred`);
    assert.ok(freshTreesAsked > 0, 'no check asked for a deferred statement');
    // Edits clear of every config take the roots found before again, moved (rootsFoundBefore).
    const reused = pythonRootsReusedCount() - reusedBefore;
    assert.ok(reused > 50, `only ${reused} of 300 checks reused the roots found before`);
  });

  it('a deferred edit is not taken for one that leaves a string or bracket open, adds a line at column 0 or lies outside one statement', async () => {
    const text = deployments(3).join('\n');
    const body = text.indexOf('        rows = [');
    const cases: [string, boolean][] = [
      ['rows_2', true],
      ['"', false],
      ['(', false],
      ['\nx = 1', false],
      // A backslash inside a line is a syntax error of that line only.
      ['\\', true],
      ['\\\n', true],
      ['"""', false],
      ['# a comment (', true],
    ];
    for (const [inserted, deferred] of cases) {
      const incremental = new IncrementalParser(parsers.python);
      try {
        incremental.parse(text);
        const at = body + 12;
        const edited = text.slice(0, at) + inserted + text.slice(at);
        incremental.parse(edited, { deferStatementEdits: true });
        assert.equal(incremental.deferred() !== undefined, deferred, JSON.stringify(inserted));
        if (deferred) {
          const span = incremental.deferred()!.spans[0]!;
          assert.equal(edited.slice(span.start, span.start + 'class Store'.length), 'class Store', JSON.stringify(inserted));
          // Reparsed on demand: the tree is then that of a fresh parse.
          const tree = incremental.deferred()!.reparse();
          const fresh = parsers.python.parse(edited)!;
          assert.equal(tree.rootNode.toString(), fresh.rootNode.toString());
          fresh.delete();
          assert.equal(incremental.deferred(), undefined);
        }
      } finally {
        incremental.dispose();
      }
    }
    // An edit at the very start of a statement, or across two, is parsed at once.
    const incremental = new IncrementalParser(parsers.python);
    try {
      incremental.parse(text);
      const classStart = text.indexOf('class Store1');
      incremental.parse(text.slice(0, classStart) + 'x' + text.slice(classStart), { deferStatementEdits: true });
      assert.equal(incremental.deferred(), undefined);
    } finally {
      incremental.dispose();
    }
  });

  it('the same config text in two places, each a name reads, finds what a first check finds as edits move them apart (a cached conversion is moved, then kept where it is)', () => {
    const config = configDict(0, 'ALARMS');
    let text = `import boto3\nsm = boto3.client("sagemaker")\nALARMS = {"Alarms": [{"AlarmName": "a"}]}\nA = ${config}\nx = 1\nB = ${config}\nsm.update_endpoint(EndpointName="a", DeploymentConfig=A)\nsm.update_endpoint(EndpointName="b", DeploymentConfig=B)\n`;
    // Lines added before both, between them, between a config and the name it reads, and taken out again.
    const edits: [string, string][] = [['import boto3\n', '# top\nimport boto3\n'], ['x = 1\n', 'x = 1\ny = 2\nz = 3\n'], ['ALARMS = {', '\nALARMS = {'], ['# top\n', ''], ['y = 2\n', ''], ['\nALARMS = {', 'ALARMS = {'], ['"a"}]}', '"a"}, {"AlarmName": "b"}]}'], ['x = 1\n', '']];
    const incremental = new IncrementalParser(parsers.python);
    try {
      for (const [round, [from, to]] of [['', ''] as [string, string], ...edits].entries()) {
        assert.ok(text.includes(from), `round ${round}: ${JSON.stringify(from)}`);
        text = text.replace(from, to);
        // Twice each: the second check takes the conversion kept where the first moved it.
        for (const pass of [1, 2]) {
          const again = checkDocument(text, 'python', { parsers, pythonTree: incremental.parse(text) });
          const fresh = firstCheckOnWholeTree(text, parsers);
          assert.equal(fresh.blocks.length, 2);
          assert.deepEqual(asSeen(text, again.findings), asSeen(text, fresh.findings), `round ${round}, check ${pass}`);
          assert.deepEqual(again, fresh, `round ${round}, check ${pass}: blocks and findings`);
        }
      }
    } finally {
      incremental.dispose();
    }
  });

  it('a notebook of 25 cells, after 80 random edits of its cells', function () {
    this.timeout(120_000);
    const next = random(7);
    let cells: NotebookCell[] = [];
    deployments(8).forEach((code, i) => {
      cells.push({ kind: 'code', text: code });
      if (i % 3 === 0) cells.push({ kind: 'markdown', text: `## Step ${i}` });
      if (i % 4 === 0) cells.push({ kind: 'code', text: `!aws sagemaker update-endpoint --endpoint-name e${i} --deployment-config '{"RollingUpdatePolicy": {"MaximumBatchSize": {"Type": "CAPACITY_PERCENT", "Value": ${i}}, "WaitIntervalInSeconds": 300}}'` });
    });
    const incremental = new IncrementalParser(parsers.python);
    const checked = (analysis: ReturnType<typeof analyzeNotebook>) => ({ ...analysis, findings: finalizeFindings([...analysis.findings, ...checkBlocks(analysis.blocks)]) });
    try {
      for (let round = 0; round < 80; round++) {
        const index = Math.floor(next() * cells.length);
        const choice = next();
        if (choice < 0.05) cells = cells.filter((_, i) => i !== index);
        else if (choice < 0.1) cells = [...cells.slice(0, index), { kind: 'code', text: `x_${round} = ${configDict(round)}` }, ...cells.slice(index)];
        else cells = cells.map((cell, i) => (i === index ? { kind: cell.kind, text: edit(cell.text, next) } : cell));
        const again = checked(analyzeNotebook(cells, { parsers }, incremental));
        const fresh = withoutCheckCaches(() => checked(analyzeNotebook(cells, { parsers })));
        assert.deepEqual(asSeen(again.virtualText, again.findings), asSeen(fresh.virtualText, fresh.findings), `round ${round}`);
        assert.deepEqual(again, fresh, `round ${round}: blocks and findings`);
      }
    } finally {
      incremental.dispose();
    }
  });

  for (const seed of [11, 4096]) {
    it(`a notebook edited one cell at a time, its text spliced from the last one and read through its cells (seed ${seed})`, function () {
      // Each check after one cell's edit splices the virtual text and tells the edit with a reader
      // of the cells' parts; cells emptied and filled again (the joined text has no line break
      // after an empty first cell), suppression comments typed and removed, shell cells.
      this.timeout(120_000);
      const next = random(seed);
      let cells: NotebookCell[] = [{ kind: 'code', text: '' }, { kind: 'markdown', text: '# Deploy' }];
      deployments(10).forEach((code, i) => {
        cells.push({ kind: 'code', text: code });
        if (i % 4 === 1) cells.push({ kind: 'code', text: `!aws sagemaker update-endpoint --endpoint-name e${i} --deployment-config '{"RollingUpdatePolicy": {"MaximumBatchSize": {"Type": "CAPACITY_PERCENT", "Value": ${i * 7}}, "WaitIntervalInSeconds": 300}}'` });
        if (i % 5 === 2) cells.push({ kind: 'code', text: '' });
      });
      const pieces = ['', '\n', '# sm-guardrails: ignore\n', '# sm-guardrails: ignore[canary-size]\n', `cfg = ${configDict(3)}\n`, '!echo hi\n', 'x = (\n', '"""\n'];
      const incremental = new IncrementalParser(parsers.python);
      const checked = (analysis: ReturnType<typeof analyzeNotebook>) => ({ ...analysis, findings: finalizeFindings([...analysis.findings, ...checkBlocks(analysis.blocks)]) });
      let suppressed = 0;
      try {
        for (let round = 0; round < 150; round++) {
          const index = Math.floor(next() * cells.length);
          const cell = cells[index]!;
          const choice = next();
          let text: string;
          if (choice < 0.1) text = '';
          else if (choice < 0.5) text = edit(cell.text, next);
          else {
            // A line typed or removed at a line start.
            const at = cell.text.lastIndexOf('\n', Math.floor(next() * (cell.text.length + 1))) + 1;
            const piece = pieces[Math.floor(next() * pieces.length)]!;
            const lineEnd = cell.text.indexOf('\n', at);
            const removed = next() < 0.3 && lineEnd !== -1 ? lineEnd + 1 - at : 0;
            text = cell.text.slice(0, at) + piece + cell.text.slice(at + removed);
          }
          cells = cells.map((c, i) => (i === index ? { kind: c.kind, text } : c));
          const again = checked(analyzeNotebook(cells, { parsers }, incremental));
          const fresh = withoutCheckCaches(() => checked(analyzeNotebook(cells, { parsers })));
          assert.equal(again.virtualText, fresh.virtualText, `round ${round}: the virtual text`);
          assert.deepEqual(asSeen(again.virtualText, again.findings), asSeen(fresh.virtualText, fresh.findings), `round ${round}`);
          assert.deepEqual(again, fresh, `round ${round}: blocks and findings`);
          if (cells.some((c) => c.text.includes('sm-guardrails: ignore'))) suppressed++;
        }
      } finally {
        incremental.dispose();
      }
      assert.ok(suppressed > 10, `only ${suppressed} rounds had a suppression comment`);
    });
  }

  it('a suppression comment typed into, then taken out of, a cell of a notebook silences and then reports its config again', () => {
    const config = `cfg = {\n    "BlueGreenUpdatePolicy": {"TrafficRoutingConfiguration": {"Type": "CANARY", "CanarySize": {"Type": "CAPACITY_PERCENT", "Value": 75}, "WaitIntervalInSeconds": 300}, "MaximumExecutionTimeoutInSeconds": 7200},\n    "AutoRollbackConfiguration": {"Alarms": [{"AlarmName": "a"}]},\n}`;
    const cellsWith = (configCell: string): NotebookCell[] => [{ kind: 'code', text: 'import boto3' }, { kind: 'markdown', text: '# Deploy' }, { kind: 'code', text: configCell }, { kind: 'code', text: 'boto3.client("sagemaker").update_endpoint(EndpointName="e", DeploymentConfig=cfg)' }];
    const incremental = new IncrementalParser(parsers.python);
    const checked = (analysis: ReturnType<typeof analyzeNotebook>) => ({ ...analysis, findings: finalizeFindings([...analysis.findings, ...checkBlocks(analysis.blocks)]) });
    try {
      const codes = [config, `# sm-guardrails: ignore[canary-size]\n${config}`, config].map((configCell, step) => {
        const cells = cellsWith(configCell);
        const again = checked(analyzeNotebook(cells, { parsers }, incremental));
        const fresh = withoutCheckCaches(() => checked(analyzeNotebook(cells, { parsers })));
        assert.deepEqual(again, fresh, `step ${step}`);
        return again.findings.map((f) => f.code).includes('canary-size');
      });
      assert.deepEqual(codes, [true, false, true]);
    } finally {
      incremental.dispose();
    }
  });

  it('a notebook whose cell boundary moves (the same text, other cells) or whose numbers are edited is tested for leaking cells as a first check is', () => {
    const config = `cfg = {\n    "RollingUpdatePolicy": {"MaximumBatchSize": {"Type": "CAPACITY_PERCENT", "Value": 25}, "WaitIntervalInSeconds": 300},\n    "AutoRollbackConfiguration": {"Alarms": [{"AlarmName": "a"}]},\n}`;
    const call = 'sm.update_endpoint(EndpointName="e", DeploymentConfig=cfg)';
    const [head, tail] = [config.slice(0, config.indexOf('    "AutoRollback')), config.slice(config.indexOf('    "AutoRollback'))];
    const steps: NotebookCell[][] = [
      // The config whole in one cell: no cell leaks.
      [{ kind: 'code', text: 'import boto3\nsm = boto3.client("sagemaker")' }, { kind: 'code', text: config }, { kind: 'code', text: call }],
      // A number in it edited: the kept tree is moved, not parsed again.
      [{ kind: 'code', text: 'import boto3\nsm = boto3.client("sagemaker")' }, { kind: 'code', text: config.replace('300', '350') }, { kind: 'code', text: call }],
      // The boundary moved into the dict: the same virtual text, but the config's cell now leaks.
      [{ kind: 'code', text: 'import boto3\nsm = boto3.client("sagemaker")' }, { kind: 'code', text: head.replace('300', '350').trimEnd() }, { kind: 'code', text: `${tail}\n${call}` }],
    ];
    const incremental = new IncrementalParser(parsers.python);
    const checked = (analysis: ReturnType<typeof analyzeNotebook>) => ({ ...analysis, findings: finalizeFindings([...analysis.findings, ...checkBlocks(analysis.blocks)]) });
    try {
      const blocks = steps.map((cells, step) => {
        const again = checked(analyzeNotebook(cells, { parsers }, incremental));
        const fresh = withoutCheckCaches(() => checked(analyzeNotebook(cells, { parsers })));
        assert.deepEqual(asSeen(again.virtualText, again.findings), asSeen(fresh.virtualText, fresh.findings), `step ${step}`);
        assert.deepEqual(again, fresh, `step ${step}: blocks and findings`);
        return again.blocks.length;
      });
      // The leaking cell is blanked: its config is gone in the last step only.
      assert.deepEqual(blocks, [1, 1, 0]);
      assert.equal(incremental.reparsesSkipped > 0, true, 'the number edit moved the kept tree');
    } finally {
      incremental.dispose();
    }
  });
});
