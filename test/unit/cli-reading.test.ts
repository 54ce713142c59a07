// The CLI's reading shortcuts give what the plain paths give: readRegularFile the text
// readFileSync gives (invalid UTF-8, a BOM, empty and large files) and the named-pipe error for a
// FIFO without hanging; the one-pattern trigger test lets through every text mayHoldConfig lets
// through, for every kind of document; the plain-JSON notebook reader gives jsonc-parser's cells
// (text and each character's offset) on every notebook of the repository and on random ones.
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { filesUnder } from './helpers/files';
import { extname, join } from 'node:path';
import { fileMayHoldConfig } from '../../server/src/cli/check-files';
import { rawTextMayHoldTriggerWord } from '../../server/src/core/trigger-words';
import { readRegularFile } from '../../server/src/cli/walk';
import { ANY_TRIGGER_WORD, documentKindOf, mayHoldConfig } from '../../server/src/core/check';
import { readIpynbCells, readIpynbCellsLeniently, readPlainIpynbCells } from '../../server/src/core/hosts/notebook';
import { parseTree, type Node as JsonNode } from 'jsonc-parser';
import { mayHoldCliConfig } from '../../server/src/core/hosts/cli';
import { mayHoldPythonConfig } from '../../server/src/core/hosts/python';
import { mayHoldPythonShapeConfig } from '../../server/src/core/hosts/python-shapes';
import { mayHoldTerraformConfig } from '../../server/src/core/hosts/terraform';
import { mayHoldTypeScriptConfig } from '../../server/src/core/hosts/typescript';
import { random } from './helpers/random';
import { tempFolder } from './helpers/temp-folder';

const repoRoot = join(__dirname, '..', '..', '..');
const EXTENSIONS = ['.py', '.ipynb', '.json', '.jsonc', '.sh', '.bash', '.md', '.markdown', '.yaml', '.yml', '.template', '.tf', '.ts', '.mts', '.cts', '.js', '.mjs', '.cjs'];

/** The prefilter as it was, mayHoldConfig alone: the reference for the one-pattern shortcut. */
function plainFileMayHoldConfig(path: string, raw: string): boolean {
  if (extname(path).toLowerCase() === '.ipynb') {
    if (mayHoldConfig(raw, 'python')) return true;
    return raw.includes('\\u') && mayHoldConfig(raw.replace(/\\u([0-9a-fA-F]{4})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16))), 'python');
  }
  return mayHoldConfig(raw, documentKindOf(path) ?? 'python');
}

/** readIpynbCells as it was before the plain-JSON reader: jsonc-parser's tree, one character at a time. */
function referenceCells(raw: string): { kind: 'code' | 'markdown'; text: string; sourceOffsets: number[] }[] {
  const memberOf = (object: JsonNode, key: string): JsonNode | undefined => {
    for (const property of object.children ?? []) if (property.children?.[0]?.value === key) return property.children[1];
    return undefined;
  };
  const decode = (start: number, end: number, into: { text: string; offsets: number[] }): void => {
    for (let i = start + 1; i < end - 1; i++) {
      if (raw[i] !== '\\') {
        into.text += raw[i];
        into.offsets.push(i);
        continue;
      }
      const next = raw[i + 1];
      const simple: Record<string, string> = { n: '\n', t: '\t', r: '\r', b: '\b', f: '\f', '"': '"', '\\': '\\', '/': '/' };
      if (next === 'u') {
        into.text += String.fromCharCode(parseInt(raw.slice(i + 2, i + 6), 16));
        into.offsets.push(i);
        i += 5;
      } else {
        into.text += simple[next ?? ''] ?? next ?? '';
        into.offsets.push(i);
        i += 1;
      }
    }
  };
  const root = parseTree(raw, [], { allowTrailingComma: true });
  const cellsNode = root?.type === 'object' ? memberOf(root, 'cells') : undefined;
  if (cellsNode?.type !== 'array') return [];
  return (cellsNode.children ?? []).map((cellNode) => {
    const source = memberOf(cellNode, 'source');
    const decoded = { text: '', offsets: [] as number[] };
    for (const part of source?.type === 'array' ? (source.children ?? []) : source ? [source] : []) if (part.type === 'string') decode(part.offset, part.offset + part.length, decoded);
    return { kind: memberOf(cellNode, 'cell_type')?.value === 'code' ? 'code' : 'markdown', text: decoded.text, sourceOffsets: decoded.offsets };
  });
}

describe('CLI reading: the shortcuts give what the plain paths give', function () {
  this.timeout(60_000);
  const dir = tempFolder('sm-cli-reading-');

  it('readRegularFile gives the text readFileSync gives: invalid UTF-8, a BOM, lone continuation bytes, empty and large files', () => {
    const next = random(91);
    const pieces = [Buffer.from('DeploymentConfig = {"a": 1}\n'), Buffer.from('é😀'), Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from([0xc3]), Buffer.from([0x80, 0x41]), Buffer.from([0xf0, 0x9f, 0x98]), Buffer.from([0xff, 0xfe]), Buffer.from('\r\n'), Buffer.alloc(0)];
    for (let round = 0; round < 120; round++) {
      const parts: Buffer[] = [];
      const count = round === 0 ? 0 : round % 20 === 0 ? 30_000 : Math.floor(next() * 60);
      for (let i = 0; i < count; i++) parts.push(pieces[Math.floor(next() * pieces.length)]!);
      const path = join(dir.path, `f${round}.py`);
      writeFileSync(path, Buffer.concat(parts));
      assert.equal(readRegularFile(path), readFileSync(path, 'utf8'), `round ${round}`);
    }
  });

  it('readRegularFile on a FIFO (one put where the walk saw a file) names it and does not hang', function () {
    const path = join(dir.path, 'pipe.py');
    if (spawnSync('mkfifo', [path]).status !== 0) this.skip();
    assert.throws(() => readRegularFile(path), /it is a named pipe \(FIFO\)/);
  });

  it("every example and fixture that any host's own word test lets through has a word of ANY_TRIGGER_WORD (the one pass mayHoldConfig makes first)", () => {
    const files = [join(repoRoot, 'examples'), join(repoRoot, 'test', 'fixtures'), join(repoRoot, 'test', 'e2e', 'workspace')].flatMap((folder) => filesUnder(folder));
    const hostWordTests = [mayHoldPythonConfig, mayHoldPythonShapeConfig, mayHoldCliConfig, mayHoldTerraformConfig, mayHoldTypeScriptConfig];
    let passed = 0;
    for (const file of files) {
      const text = readFileSync(file, 'utf8');
      if (!hostWordTests.some((test) => test(text))) continue;
      passed++;
      assert.ok(ANY_TRIGGER_WORD.test(text), file);
    }
    assert.ok(passed > 50, `only ${passed} texts held a trigger word`);
  });

  it('fileMayHoldConfig agrees with mayHoldConfig alone on random texts of words, near misses and escapes, for every extension', () => {
    const next = random(7);
    const words = ['DeploymentConfig', 'deploymentConfig', 'DeploymentConfigProperty', 'deployment_config', '--deployment-config', 'BlueGreenUpdatePolicy', 'RollingUpdatePolicy', 'AutoRollbackConfiguration', 'loads', 'json.loads(', 'eploymentConfig'];
    const noise = ['Deployment', 'Config', 'deployment-config', '--deployment', 'Rolling', 'UpdatePolicy', 'AutoRollback', '\\u0044', '\\u0065ploymentConfig', ' ', '\n', 'x = 1', 'é', '😀', '"', '\\'];
    let held = 0;
    for (let round = 0; round < 3000; round++) {
      let text = '';
      const length = Math.floor(next() * 8);
      for (let i = 0; i < length; i++) {
        const pool = next() < 0.15 ? words : noise;
        text += pool[Math.floor(next() * pool.length)]!;
      }
      for (const extension of EXTENSIONS) {
        const path = `/t/file${extension}`;
        const expected = plainFileMayHoldConfig(path, text);
        held += expected ? 1 : 0;
        assert.equal(fileMayHoldConfig(path, text), expected, `${extension}: ${JSON.stringify(text)}`);
        // The CLI's front leaves unchecked what its one test rules out: never a file that could hold a config.
        if (expected) assert.ok(rawTextMayHoldTriggerWord(path, text), `front: ${extension}: ${JSON.stringify(text)}`);
      }
    }
    assert.ok(held > 1000, `only ${held} texts held a trigger word`);
  });

  it('notebooks: the plain-JSON reader and the lenient one give the cells and offsets the reader gave before on every notebook of the repository', () => {
    const notebooks = [join(repoRoot, 'examples'), join(repoRoot, 'test')].flatMap((folder) => filesUnder(folder)).filter((f) => f.endsWith('.ipynb'));
    assert.ok(notebooks.length >= 5, `${notebooks.length} notebooks`);
    for (const file of notebooks) {
      const raw = readFileSync(file, 'utf8');
      const plain = readPlainIpynbCells(raw);
      assert.ok(plain, `${file} is read by the plain-JSON reader`);
      assert.deepEqual(plain, referenceCells(raw), file);
      assert.deepEqual(readIpynbCellsLeniently(raw), plain, file);
      assert.deepEqual(readIpynbCells(raw), plain, file);
    }
  });

  it('notebooks: a notebook nested deeper than any real one goes to the lenient reader (which may find it too deep), with the same cells', () => {
    const cells = '"cells": [{"cell_type": "code", "source": ["DeploymentConfig = 1\\n"]}]';
    for (const depth of [10, 60, 70, 200]) {
      const raw = `{"metadata": ${'['.repeat(depth)}${']'.repeat(depth)}, ${cells}}`;
      assert.equal(readPlainIpynbCells(raw) === undefined, depth > 64, `depth ${depth}`);
      assert.deepEqual(readIpynbCells(raw), referenceCells(raw), `depth ${depth}`);
      assert.equal(readIpynbCells(raw)[0]?.text, 'DeploymentConfig = 1\n');
    }
  });

  it('notebooks: a string of millions of escapes (the regexp engine gives up on it) goes to the lenient reader, and the CLI checks the notebook', () => {
    // ~3.4 million escapes in one string overflow irregexp's backtrack stack: a RangeError, which made
    // the CLI say the notebook was "nested too deeply to check".
    const code = 'cfg = {"RollingUpdatePolicy": {"MaximumBatchSize": {"Type": "CAPACITY_PERCENT", "Value": 90}, "WaitIntervalInSeconds": 300}, "AutoRollbackConfiguration": {"Alarms": [{"AlarmName": "a"}]}}';
    const output = '\\n'.repeat(4_000_000);
    const raw = `{"cells": [{"cell_type": "code", "metadata": {}, "source": [${JSON.stringify(code)}], "outputs": [{"output_type": "stream", "name": "stdout", "text": "${output}"}], "execution_count": null}], "metadata": {}, "nbformat": 4, "nbformat_minor": 5}`;
    const cells = readIpynbCells(raw);
    assert.deepEqual(cells, readIpynbCellsLeniently(raw));
    assert.equal(cells[0]?.text, code);
    writeFileSync(join(dir.path, 'long-output.ipynb'), raw);
    const result = spawnSync(process.execPath, [join(repoRoot, 'dist', 'cli.js'), 'check', 'long-output.ipynb'], { cwd: dir.path, encoding: 'utf8', timeout: 60_000 });
    assert.equal(result.stdout, `long-output.ipynb:1:${raw.indexOf('90') + 1}: error rolling-batch-size Rolling batch size 90% is outside the allowed 5-50% of the fleet.\n`);
    assert.equal(result.status, 1, result.stderr);
  });

  it('notebooks: the same cells as before on random notebooks (escapes, odd members, duplicates, spacing) and on broken or commented ones', () => {
    const next = random(2026);
    const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)]!;
    const spaces = ['', ' ', '\n', '\r\n', '\t', '  \n  '];
    const oddSpaces = ['\u000b', '\u00a0', '\ufeff', '\f'];
    const strings = ['', 'x = 1\n', 'DeploymentConfig={"A": 1}\n', 'é😀', 'tab\there', 'q"uote', 'back\\slash', '\u2028', 'ctl\u0001', '!aws sagemaker update-endpoint --deployment-config x\n'];
    const stringLiteral = (value: string): string => {
      const json = JSON.stringify(value);
      // Now and then spell characters as \u escapes or \/, as other writers do.
      return next() < 0.2 ? json.replace(/[a-z\/]/g, (c) => (next() < 0.3 ? (c === '/' ? '\\/' : `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`) : c)) : json;
    };
    let depth = 0;
    const value = (): string => {
      const r = next();
      if (depth > 4 || r < 0.35) return pick(['1', '-0.5e+3', 'true', 'false', 'null', stringLiteral(pick(strings))]);
      depth++;
      try {
        const n = Math.floor(next() * 4);
        const sp = () => pick(spaces);
        if (r < 0.65) return `[${sp()}${Array.from({ length: n }, () => value()).join(`${sp()},${sp()}`)}${sp()}]`;
        return `{${sp()}${Array.from({ length: n }, () => `${stringLiteral(pick(['a', 'source', 'cells', 'cell_type', 'outputs']))}${sp()}:${sp()}${value()}`).join(`${sp()},${sp()}`)}${sp()}}`;
      } finally {
        depth--;
      }
    };
    const member = (key: string, val: string): string => `${stringLiteral(key)}${pick(spaces)}:${pick(spaces)}${val}`;
    const cell = (): string => {
      const members: string[] = [];
      const count = 1 + Math.floor(next() * 5);
      for (let i = 0; i < count; i++) {
        const r = next();
        if (r < 0.3) members.push(member('cell_type', next() < 0.85 ? stringLiteral(pick(['code', 'markdown', 'raw', 'Code'])) : value()));
        else if (r < 0.65) {
          const source = next() < 0.7 ? `[${Array.from({ length: Math.floor(next() * 4) }, () => (next() < 0.9 ? stringLiteral(pick(strings)) : value())).join(', ')}]` : next() < 0.7 ? stringLiteral(pick(strings)) : value();
          members.push(member('source', source));
        } else members.push(member(pick(['metadata', 'outputs', 'execution_count', 'id']), value()));
      }
      return `{${pick(spaces)}${members.join(`,${pick(spaces)}`)}${pick(spaces)}}`;
    };
    let plainRead = 0;
    for (let round = 0; round < 2500; round++) {
      const cells = Array.from({ length: Math.floor(next() * 5) }, () => (next() < 0.97 ? cell() : value()));
      const rootMembers = [member('cells', next() < 0.95 ? `[${pick(spaces)}${cells.join(`,${pick(spaces)}`)}${pick(spaces)}]` : value()), member('metadata', value()), member('nbformat', '4')];
      if (next() < 0.1) rootMembers.push(member('cells', `[${cell()}]`));
      for (let i = rootMembers.length - 1; i > 0; i--) {
        const j = Math.floor(next() * (i + 1));
        [rootMembers[i], rootMembers[j]] = [rootMembers[j]!, rootMembers[i]!];
      }
      let raw = `${pick(spaces)}{${pick(spaces)}${rootMembers.join(`,${pick(spaces)}`)}${pick(spaces)}}${pick(spaces)}`;
      // Some texts are not plain JSON: cut short, a comment, a trailing comma, odd whitespace, text after the end.
      const damage = next();
      if (damage < 0.05) raw = raw.slice(0, Math.floor(next() * raw.length));
      else if (damage < 0.08) raw = raw.replace(',', ', // note\n');
      else if (damage < 0.11) raw = raw.replace(/\]\s*\}\s*$/, ',]}');
      else if (damage < 0.14) raw = raw.replace(' ', pick(oddSpaces));
      else if (damage < 0.16) raw += pick(['x', '{}', ',']);
      else if (damage < 0.3) {
        // One character put in place of another, or inserted: a separator, a bracket, a quote, a letter.
        const at = Math.floor(next() * raw.length);
        raw = raw.slice(0, at) + pick([',', ':', ';', '[', ']', '{', '}', '"', 'x', '\\', '0', '-']) + raw.slice(at + (next() < 0.5 ? 1 : 0));
      }
      const expected = referenceCells(raw);
      assert.deepEqual(readIpynbCellsLeniently(raw), expected, raw);
      const plain = readPlainIpynbCells(raw);
      if (plain) {
        plainRead++;
        assert.deepEqual(plain, expected, raw);
      }
      assert.deepEqual(readIpynbCells(raw), expected, raw);
    }
    assert.ok(plainRead > 1500, `only ${plainRead} random notebooks were plain JSON`);
  });
});
