// Robustness of the real core, host by host: huge (5 MB), unterminated and 10,000-deep inputs
// finish without throwing and still report the other, valid config of the same document; a
// failure inside one host or rule becomes one internal-error finding and everything else is
// still checked. No timed assertions: bounded time is shown by finishing within mocha's timeout.
import { strict as assert } from 'node:assert';
import type { Parser } from 'web-tree-sitter';
import { analyzeDocument, analyzeNotebook, checkBlocks, checkDocument, finalizeFindings, type DocumentKind, type SyntaxParsers } from '../../server/src/core/check';
import type { NotebookCell } from '../../server/src/core/hosts/notebook';
import type { ConfigBlock, Finding } from '../../server/src/core/model';
import { loadParsers } from '../../server/src/node/grammars';

/** A valid config, both a Python dict literal and JSON, with exactly one problem: a canary of 75% (canary-size). */
const GOOD =
  '{"BlueGreenUpdatePolicy": {"TrafficRoutingConfiguration": {"Type": "CANARY", "CanarySize": {"Type": "CAPACITY_PERCENT", "Value": 75}, ' +
  '"WaitIntervalInSeconds": 600}, "MaximumExecutionTimeoutInSeconds": 7200}, "AutoRollbackConfiguration": {"Alarms": [{"AlarmName": "a"}]}}';

/** A config whose BlueGreenUpdatePolicy holds an unknown key "x" with `depth` nested lists. */
const deepConfig = (depth: number): string => `{"BlueGreenUpdatePolicy": {"x": ${'['.repeat(depth)}${']'.repeat(depth)}}}`;
const DEPTH = 10_000;
const FIVE_MB = 5 * 1024 * 1024;

/** `unit` repeated to at least `size` characters. */
const repeatTo = (unit: string, size: number): string => unit.repeat(Math.ceil(size / unit.length));

const cli = (value: string): string => `aws sagemaker update-endpoint --endpoint-name orders --endpoint-config-name orders-v2 --deployment-config '${value}'\n`;

/** "code@offset+length", the way the tests compare findings. */
const describe1 = (f: Finding): string => `${f.code}@${f.span.offset}+${f.span.length}`;
const summary = (findings: readonly Finding[]): string[] => findings.map(describe1);

/** The canary-size finding of the GOOD config that starts at `configOffset` in the document. */
const canaryOf = (configOffset: number): string => `canary-size@${configOffset + GOOD.indexOf('75')}+2`;

/** The canary-size finding of the last GOOD config in `text`. */
const lastCanary = (text: string): string => {
  const at = text.lastIndexOf(GOOD);
  if (at === -1) throw new Error('test bug: GOOD is not in the text');
  return canaryOf(at);
};

const internalErrors = (findings: readonly Finding[]): Finding[] => findings.filter((f) => f.code === 'internal-error');

describe('robustness of the core', function () {
  this.timeout(60000);
  let parsers: SyntaxParsers;

  const check = (text: string, kind: DocumentKind): Finding[] => checkDocument(text, kind, { parsers }, {}).findings;

  /** A notebook checked as the language server does; offsets are in the virtual text, returned too. */
  const checkNotebook = (cells: readonly NotebookCell[]): { findings: Finding[]; virtualText: string } => {
    const analysis = analyzeNotebook(cells, { parsers });
    return { findings: finalizeFindings([...analysis.findings, ...checkBlocks(analysis.blocks, {})], {}), virtualText: analysis.virtualText };
  };

  before(async () => {
    parsers = await loadParsers();
  });

  describe('Python host', () => {
    it('a 5 MB file with the config at its end', function () {
      this.timeout(30000);
      const text = repeatTo('value_0001 = {"a": 1, "b": [1, 2, 3], "c": "text"}  # filler line\n', FIVE_MB) + `good = ${GOOD}\n`;
      assert.ok(text.length >= FIVE_MB);
      assert.deepEqual(summary(check(text, 'python')), [lastCanary(text)]);
    });

    it('a 5 MB string literal inside a config (an alarm name): out-of-range on the whole string, the canary still found', function () {
      this.timeout(30000);
      const name = 'x'.repeat(FIVE_MB);
      const text = `cfg = ${GOOD.replace('"AlarmName": "a"', `"AlarmName": "${name}"`)}\n`;
      const nameOffset = text.indexOf(`"${name}"`);
      assert.deepEqual(summary(check(text, 'python')), [canaryOf(text.indexOf('{')), `out-of-range@${nameOffset}+${name.length + 2}`]);
    });

    it('a dict never closed after the valid config', () => {
      const text = `good = ${GOOD}\nbroken = {"BlueGreenUpdatePolicy": {"TrafficRoutingConfiguration": {"Type": "LINEAR", `;
      const findings = check(text, 'python');
      assert.ok(summary(findings).includes(canaryOf(7)), summary(findings).join(', '));
      assert.deepEqual(internalErrors(findings), []);
    });

    it('a dict never closed before the valid config', () => {
      const text = `broken = {"BlueGreenUpdatePolicy": {"TrafficRoutingConfiguration": {"Type": "LINEAR",\ngood = ${GOOD}\n`;
      const findings = check(text, 'python');
      assert.ok(summary(findings).includes(lastCanary(text)), summary(findings).join(', '));
      assert.deepEqual(internalErrors(findings), []);
    });

    it('a string never closed after the valid config', () => {
      const text = `good = ${GOOD}\nnote = "never closed\nmore = """also never closed\n`;
      assert.deepEqual(summary(check(text, 'python')), [canaryOf(7)]);
    });

    it('10,000-deep nesting inside a config: the deep config is checked to a bounded depth, the other one too', () => {
      const deep = deepConfig(DEPTH);
      const text = `good = ${GOOD}\ndeep = ${deep}\n`;
      const findings = check(text, 'python');
      const deepAt = text.indexOf(deep);
      assert.deepEqual(internalErrors(findings), []);
      assert.ok(summary(findings).includes(canaryOf(7)));
      // "x" is not a BlueGreenUpdatePolicy member.
      assert.ok(summary(findings).includes(`unknown-key@${deepAt + deep.indexOf('"x"')}+3`), summary(findings).join(', '));
    });
  });

  describe('JSON host', () => {
    it('a 5 MB document (a big array) with a DeploymentConfig after it', function () {
      this.timeout(30000);
      const filler = repeatTo('{"k": "vvvvvvvvvvvvvvvvvvvvvvvvvvvvvv", "n": 12345},', FIVE_MB);
      const text = `{"Filler": [${filler}{}], "DeploymentConfig": ${GOOD}}`;
      assert.deepEqual(summary(check(text, 'json')), [lastCanary(text)]);
    });

    it('a document never closed (object and string) after a valid DeploymentConfig', () => {
      const text = `{"A": {"DeploymentConfig": ${GOOD}}, "B": {"DeploymentConfig": {"BlueGreenUpdatePolicy": {"TrafficRoutingConfiguration": {"Type": "LIN`;
      const findings = check(text, 'json');
      assert.ok(summary(findings).includes(lastCanary(text)), summary(findings).join(', '));
      assert.deepEqual(internalErrors(findings), []);
    });

    // Regression (fixed): jsonc-parser's parseTree recurses once per nesting level and overflows the
    // stack at 10,000 levels; extractJsonBlocks turns that into one internal-error for the whole
    // document, so the valid DeploymentConfig under "A" is no longer checked.
    it('10,000-deep nesting in one DeploymentConfig: the other DeploymentConfig is still checked', () => {
      const deep = deepConfig(DEPTH);
      const text = `{"A": {"DeploymentConfig": ${GOOD}}, "B": {"DeploymentConfig": ${deep}}}`;
      const findings = check(text, 'json');
      assert.ok(summary(findings).includes(lastCanary(text)), `the valid config's canary-size is still reported; got: ${summary(findings).join(', ')}`);
      assert.deepEqual(summary(internalErrors(findings)), [], 'a deep but well-formed document is checked (to a bounded depth), not given up');
      const deepAt = text.indexOf(deep);
      assert.ok(summary(findings).includes(`unknown-key@${deepAt + deep.indexOf('"x"')}+3`), summary(findings).join(', '));
    });
  });

  describe('CLI host (shell)', () => {
    it('a 5 MB script with the command at its end', function () {
      this.timeout(30000);
      const text = repeatTo('echo "filler line for a big script" >> /tmp/log\n', FIVE_MB) + cli(GOOD);
      assert.deepEqual(summary(check(text, 'shell')), [lastCanary(text)]);
    });

    it('a quote never closed after the valid command', () => {
      const text = cli(GOOD) + `aws sagemaker update-endpoint --endpoint-name orders --deployment-config '{"BlueGreenUpdatePolicy": {`;
      const findings = check(text, 'shell');
      assert.ok(summary(findings).includes(lastCanary(text)), summary(findings).join(', '));
      assert.deepEqual(internalErrors(findings), []);
    });

    it('a JSON value never closed inside a closed quote: cli-syntax at its end, the valid command still checked', () => {
      const broken = `{"BlueGreenUpdatePolicy": {"TrafficRoutingConfiguration": {"Type": "CANARY"`;
      const text = cli(broken) + cli(GOOD);
      const findings = check(text, 'shell');
      assert.deepEqual(
        findings.map((f) => f.code),
        ['cli-syntax', 'canary-size'],
      );
      assert.equal(summary(findings)[1], lastCanary(text));
      const brokenAt = text.indexOf(broken);
      const syntax = findings[0]!;
      assert.ok(syntax.span.offset >= brokenAt && syntax.span.offset + syntax.span.length <= brokenAt + broken.length + 1, `cli-syntax ${describe1(syntax)} lies in the broken value`);
    });

    // Regression (fixed): the CLI host parses JSON values with jsonc-parser (parseStrictJson), which
    // overflows the stack at 10,000 levels; the whole script becomes one internal-error and the valid
    // command before it is no longer checked.
    it('10,000-deep nesting in one --deployment-config value: the other command is still checked', () => {
      const text = cli(GOOD) + cli(deepConfig(DEPTH));
      const findings = check(text, 'shell');
      assert.ok(summary(findings).includes(canaryOf(text.indexOf(GOOD))), `the valid command's canary-size is still reported; got: ${summary(findings).join(', ')}`);
      assert.deepEqual(summary(internalErrors(findings)), [], 'a deep but well-formed value is checked (to a bounded depth), not given up');
    });
  });

  describe('Markdown host', () => {
    it('5 MB of prose with a ```json fence at its end', function () {
      this.timeout(30000);
      const text = repeatTo('Some prose about deployments and guardrails. ', FIVE_MB) + '\n\n```json\n' + GOOD + '\n```\n';
      assert.deepEqual(summary(check(text, 'markdown')), [lastCanary(text)]);
    });

    it('a fence never closed runs to the end of the document and is checked', () => {
      const text = '# Runbook\n\n```json\n' + GOOD + '\n';
      assert.deepEqual(summary(check(text, 'markdown')), [lastCanary(text)]);
    });

    it('a python fence never closed, holding a dict never closed, after a valid ```bash fence', () => {
      const text = '```bash\n' + cli(GOOD) + '```\n\n```python\nbroken = {"BlueGreenUpdatePolicy": {"TrafficRoutingConfiguration": {\n';
      const findings = check(text, 'markdown');
      assert.ok(summary(findings).includes(lastCanary(text)), summary(findings).join(', '));
      assert.deepEqual(internalErrors(findings), []);
    });

    it('10,000-deep nesting in a ```python fence: both fences checked', () => {
      const deep = deepConfig(DEPTH);
      const text = '```python\ndeep = ' + deep + '\n```\n\n```json\n' + GOOD + '\n```\n';
      const findings = check(text, 'markdown');
      assert.deepEqual(internalErrors(findings), []);
      assert.ok(summary(findings).includes(lastCanary(text)));
      assert.ok(summary(findings).includes(`unknown-key@${text.indexOf(deep) + deep.indexOf('"x"')}+3`), summary(findings).join(', '));
    });

    it('10,000-deep nesting in a ```json fence: the other fence is still checked', () => {
      const text = '```json\n' + deepConfig(DEPTH) + '\n```\n\n```python\ngood = ' + GOOD + '\n```\n';
      const findings = check(text, 'markdown');
      assert.ok(summary(findings).includes(lastCanary(text)), summary(findings).join(', '));
    });

    // Regression (fixed): same jsonc-parser stack overflow as the JSON host, limited here to its fence.
    it('10,000-deep nesting in a ```json fence is checked, not an internal-error', () => {
      const deep = deepConfig(DEPTH);
      const text = '```json\n' + deep + '\n```\n';
      const findings = check(text, 'markdown');
      assert.deepEqual(summary(internalErrors(findings)), []);
      assert.ok(summary(findings).includes(`unknown-key@${text.indexOf(deep) + deep.indexOf('"x"')}+3`), summary(findings).join(', '));
    });
  });

  describe('notebook host', () => {
    it('5 MB of code cells, then the cell with the config', function () {
      this.timeout(30000);
      const fillerCell: NotebookCell = { kind: 'code', text: repeatTo('value_0001 = {"a": 1, "b": [1, 2, 3], "c": "text"}  # filler\n', 100 * 1024) };
      const cells: NotebookCell[] = [...Array.from({ length: 52 }, () => fillerCell), { kind: 'markdown', text: '# Config' }, { kind: 'code', text: `good = ${GOOD}` }];
      const { findings, virtualText } = checkNotebook(cells);
      assert.ok(virtualText.length >= FIVE_MB);
      assert.deepEqual(summary(findings), [lastCanary(virtualText)]);
    });

    it('a dict never closed in the cell after the config', () => {
      const { findings, virtualText } = checkNotebook([
        { kind: 'code', text: `good = ${GOOD}` },
        { kind: 'code', text: 'broken = {"BlueGreenUpdatePolicy": {' },
      ]);
      assert.ok(summary(findings).includes(lastCanary(virtualText)), summary(findings).join(', '));
      assert.deepEqual(internalErrors(findings), []);
    });

    it('a dict never closed in the cell before the config', () => {
      const { findings, virtualText } = checkNotebook([
        { kind: 'code', text: 'broken = {"BlueGreenUpdatePolicy": {' },
        { kind: 'code', text: `good = ${GOOD}` },
      ]);
      assert.ok(summary(findings).includes(lastCanary(virtualText)), summary(findings).join(', '));
      assert.deepEqual(internalErrors(findings), []);
    });

    // Regression (fixed): Jupyter runs each cell on its own, so a string left open in one cell
    // cannot reach into the next. The notebook host joins the cells into one Python text, and the
    // open `"""` swallows the next cell: its config is not found at all (no finding).
    it('a triple-quoted string never closed in the cell before the config does not hide it', () => {
      const { findings, virtualText } = checkNotebook([
        { kind: 'code', text: 'doc = """never closed' },
        { kind: 'code', text: `good = ${GOOD}` },
      ]);
      assert.deepEqual(summary(findings), [lastCanary(virtualText)]);
    });

    it('10,000-deep nesting in one cell: both cells checked', () => {
      const deep = deepConfig(DEPTH);
      const { findings, virtualText } = checkNotebook([
        { kind: 'code', text: `deep = ${deep}` },
        { kind: 'code', text: `good = ${GOOD}` },
      ]);
      assert.deepEqual(internalErrors(findings), []);
      assert.ok(summary(findings).includes(lastCanary(virtualText)));
      assert.ok(summary(findings).includes(`unknown-key@${virtualText.indexOf(deep) + deep.indexOf('"x"')}+3`), summary(findings).join(', '));
    });
  });

  describe('a failure inside one host or rule', () => {
    const throwingPython = (): Parser =>
      ({
        parse: () => {
          throw new Error('simulated python parser failure');
        },
      }) as unknown as Parser;

    // A Markdown page with three fences; the Python one holds a config too, so its parser is really called.
    const pythonFence = `cfg = ${GOOD}\n`;
    const jsonFence = GOOD.replace('"Value": 75', '"Value": 80') + '\n';
    const bashFence = cli(GOOD.replace('"Value": 75', '"Value": 90'));
    const page = '# Runbook\n\n```python\n' + pythonFence + '```\n\n```json\n' + jsonFence + '```\n\n```bash\n' + bashFence + '```\n';
    const valueIn = (fence: string, value: string): number => page.indexOf(fence) + fence.indexOf(`"Value": ${value}`) + 9;

    it('analyzeDocument: one internal-error for the Python fence; the JSON and bash fences still give their blocks', () => {
      const analysis = analyzeDocument(page, 'markdown', { parsers: { python: throwingPython(), bash: parsers.bash } });
      const errors = internalErrors(analysis.findings);
      assert.equal(errors.length, 1, summary(analysis.findings).join(', '));
      assert.match(errors[0]!.message, /simulated python parser failure/);
      assert.equal(errors[0]!.span.offset, page.indexOf(pythonFence), 'reported at the start of the Python fence');
      assert.deepEqual(
        analysis.blocks.map((b) => b.host),
        ['json', 'cli'],
      );
      assert.deepEqual(summary(checkBlocks(analysis.blocks, {})), [`canary-size@${valueIn(jsonFence, '80')}+2`, `canary-size@${valueIn(bashFence, '90')}+2`]);
    });

    it('checkDocument: the internal-error and the other fences\' findings, in document order', () => {
      const findings = checkDocument(page, 'markdown', { parsers: { python: throwingPython(), bash: parsers.bash } }).findings;
      assert.deepEqual(summary(findings), [`internal-error@${page.indexOf(pythonFence)}+0`, `canary-size@${valueIn(jsonFence, '80')}+2`, `canary-size@${valueIn(bashFence, '90')}+2`]);
    });

    it('with the real parsers the same page has all three findings', () => {
      assert.deepEqual(summary(check(page, 'markdown')), [
        `canary-size@${valueIn(pythonFence, '75')}+2`,
        `canary-size@${valueIn(jsonFence, '80')}+2`,
        `canary-size@${valueIn(bashFence, '90')}+2`,
      ]);
    });

    it('a parser that returns no tree is an internal-error too', () => {
      const noTree = { parse: () => null } as unknown as Parser;
      const findings = checkDocument(`cfg = ${GOOD}\n`, 'python', { parsers: { python: noTree, bash: parsers.bash } }).findings;
      assert.deepEqual(findings.map((f) => f.code), ['internal-error']);
      assert.match(findings[0]!.message, /no tree/);
    });

    it('a notebook whose Python parser fails still checks its `!aws` shell lines', () => {
      const cells: NotebookCell[] = [
        { kind: 'code', text: `cfg = ${GOOD}` },
        { kind: 'code', text: `!${cli(GOOD.replace('"Value": 75', '"Value": 90')).trimEnd()}` },
      ];
      const analysis = analyzeNotebook(cells, { parsers: { python: throwingPython(), bash: parsers.bash } });
      const findings = finalizeFindings([...analysis.findings, ...checkBlocks(analysis.blocks, {})]);
      const shellValue = analysis.cellStarts[1]! + cells[1]!.text.indexOf('"Value": 90') + 9;
      assert.deepEqual(summary(findings), [`internal-error@0+0`, `canary-size@${shellValue}+2`]);
    });

    it('a rule that throws on one block: an internal-error at that block, the other blocks still checked', () => {
      const text = `good = ${GOOD}\n`;
      const good = analyzeDocument(text, 'python', { parsers }).blocks;
      assert.equal(good.length, 1);
      const failing: ConfigBlock = {
        host: 'python',
        syntax: 'python',
        root: {
          kind: 'object',
          offset: 100,
          length: 50,
          get properties(): never {
            throw new Error('simulated rule failure');
          },
        },
      };
      const findings = checkBlocks([failing, ...good], {});
      assert.deepEqual(summary(findings), ['internal-error@100+1', canaryOf(7)]);
      assert.match(findings[0]!.message, /simulated rule failure/);
    });
  });
});
