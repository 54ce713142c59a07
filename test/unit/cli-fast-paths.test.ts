// The CLI's shortcuts give what the plain paths give: line/column from the indexOf scan equal
// LineIndex's for every offset, a notebook parsed once (the tree shared by the leaking-cell test
// and the Python host) has the findings of the core's own two-parse path, and the yaml package,
// loaded on the first YAML document, is not loaded before one and gives the same blocks then; the
// walk's paths are the ones path.join gives, whatever form the folder was given in.
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { extname, join } from 'node:path';
import { isCheckedName, walkPaths } from '../../server/src/cli/walk';
import { analyzeNotebook, checkBlocks, finalizeFindings, type SyntaxParsers } from '../../server/src/core/check';
import { readIpynbCells } from '../../server/src/core/hosts/notebook';
import { LineIndex } from '../../server/src/core/text';
import { extractYamlBlocks } from '../../server/src/core/hosts/yaml';
import { CHECKED_EXTENSIONS, checkText, SKIPPED_FOLDERS } from '../../server/src/node/check-file';
import { loadParsers } from '../../server/src/node/grammars';
import { withTempFolder } from './helpers/temp-folder';

/** A small deterministic generator, so a failure can be replayed. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1103515245 + 12345) % 2 ** 31;
    return state / 2 ** 31;
  };
}

function notebook(sources: string[]): string {
  return JSON.stringify({ cells: sources.map((source) => ({ cell_type: 'code', metadata: {}, source: [source], outputs: [] })), metadata: {}, nbformat: 4, nbformat_minor: 5 }, null, 1);
}

const CANARY_75 = 'sm.update_endpoint(EndpointName="e", EndpointConfigName="c", DeploymentConfig={"BlueGreenUpdatePolicy": {"TrafficRoutingConfiguration": {"Type": "CANARY", "CanarySize": {"Type": "CAPACITY_PERCENT", "Value": 75}, "WaitIntervalInSeconds": 600}}})\n';

describe('CLI fast paths give the plain paths\' results', function () {
  this.timeout(30000);
  let parsers: SyntaxParsers;
  before(async () => {
    parsers = await loadParsers();
  });

  it('LineIndex (the CLI\'s line and character): every offset (and past the end) is placed as a reading character by character places it, with \\n, \\r\\n, lone \\r and surrogate pairs', () => {
    // Line breaks are \n, \r\n and a lone \r; an offset between \r and \n is on the \r's line.
    const reference = (text: string, offset: number) => {
      const clamped = Math.max(0, Math.min(offset, text.length));
      let line = 0;
      let lineStart = 0;
      for (let i = 0; i < clamped; i++) {
        const c = text[i];
        if (c === '\n' || (c === '\r' && text[i + 1] !== '\n')) {
          line++;
          lineStart = i + 1;
        } else if (c === '\r' && i + 1 < clamped) {
          line++;
          lineStart = i + 2;
          i++;
        }
      }
      return { line, character: clamped - lineStart };
    };
    const next = random(12);
    const pieces = ['a', 'bc', '\n', '\r\n', '\r', '😀', ' ', '\n\n', 'é'];
    for (let round = 0; round < 300; round++) {
      let text = '';
      const length = Math.floor(next() * 40);
      for (let i = 0; i < length; i++) text += pieces[Math.floor(next() * pieces.length)]!;
      // Half the texts without \r, so the indexOf path is the one compared.
      if (round % 2 === 0) text = text.replace(/\r/g, '');
      const actual = new LineIndex(text);
      for (let offset = -1; offset <= text.length + 1; offset++) {
        assert.deepEqual(actual.positionAt(offset), reference(text, offset), `offset ${offset} of ${JSON.stringify(text)}`);
      }
    }
  });

  it('a notebook whose first cell leaves a bracket open: its config in the next cell is still found, at the same place as the two-parse path finds it', () => {
    const cases = [
      notebook(['import boto3\nsm = boto3.client("sagemaker")\n', CANARY_75]),
      notebook(['values = [1, 2,\n', CANARY_75]),
      notebook(['text = """never closed\n', 'x = 1\n', CANARY_75]),
      notebook([CANARY_75, 'print("a"\n', CANARY_75.replace('75', '80')]),
    ];
    for (const text of cases) {
      const fast = checkText('/tmp/nb.ipynb', text, parsers, {});
      // The core's path without the caller's tree: it parses the cells' text itself, twice.
      const cells = readIpynbCells(text);
      const plain = analyzeNotebook(cells, { parsers });
      const plainFindings = finalizeFindings([...plain.findings, ...checkBlocks(plain.blocks, {})], {});
      assert.equal(fast.notebook?.virtualText, plain.virtualText);
      assert.ok(fast.findings.some((f) => f.code === 'canary-size'), 'the canary in the cell after the broken one is found');
      assert.deepEqual(
        fast.findings.map((f) => [f.code, f.message]),
        plainFindings.map((f) => [f.code, f.message]),
      );
      // Both in notebook terms: the fast path's raw offsets point at the same source text.
      const rawValue = fast.findings.filter((f) => f.code === 'canary-size').map((f) => text.slice(f.span.offset, f.span.offset + f.span.length));
      const virtualValue = plainFindings.filter((f) => f.code === 'canary-size').map((f) => plain.virtualText.slice(f.span.offset, f.span.offset + f.span.length));
      assert.deepEqual(rawValue, virtualValue);
    }
  });

  it('the yaml package is loaded by the first YAML document only, and that first extraction gives the blocks a warm one gives', () => {
    const template = join(__dirname, '..', '..', '..', 'examples', 'cloudformation-endpoint-stack.yaml');
    const warm = extractYamlBlocks(readFileSync(template, 'utf8'));
    assert.ok(warm.length > 0, 'the example template holds configs');
    // A fresh process: the core (every host) loaded, no YAML read yet.
    const script = `
      const check = require(${JSON.stringify(join(__dirname, '..', '..', 'server', 'src', 'core', 'check.js'))});
      const yamlHost = require(${JSON.stringify(join(__dirname, '..', '..', 'server', 'src', 'core', 'hosts', 'yaml.js'))});
      const loaded = () => Object.keys(require.cache).some((path) => /[\\/]node_modules[\\/]yaml[\\/]/.test(path));
      const before = loaded();
      const notTemplate = yamlHost.isCloudFormationTemplate({});
      const blocks = yamlHost.extractYamlBlocks(require('fs').readFileSync(${JSON.stringify(template)}, 'utf8'));
      process.stdout.write(JSON.stringify({ before, notTemplate, after: loaded(), blocks, kind: check.documentKindOf('a.yaml') }));
    `;
    const run = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8' });
    assert.equal(run.status, 0, run.stderr);
    const fresh = JSON.parse(run.stdout) as { before: boolean; notTemplate: boolean; after: boolean; blocks: unknown; kind: string };
    assert.equal(fresh.before, false, 'yaml is not loaded with the core');
    assert.equal(fresh.notTemplate, false);
    assert.equal(fresh.after, true, 'the first YAML document loads it');
    assert.equal(fresh.kind, 'yaml');
    assert.deepEqual(fresh.blocks, JSON.parse(JSON.stringify(warm)));
  });

  it('the walk names every file as path.join names it, for folders given as ".", "./", "dir/", "dir/../dir" and absolute', () => withTempFolder('sm-walk-join-', (base) => {
    const previous = process.cwd();
    try {
      for (const file of ['a.py', 'b.txt', 'sub/c.json', 'sub/deeper/d.sh', 'sub/node_modules/e.py', 'z/f.md', 'z/.hidden/g.py']) {
        mkdirSync(join(base, 'tree', file, '..'), { recursive: true });
        writeFileSync(join(base, 'tree', file), 'x = 1\n');
      }
      // The walk as it was: path.join at every level.
      const reference = (folder: string): string[] =>
        readdirSync(folder)
          .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))
          .filter((name) => !SKIPPED_FOLDERS.has(name))
          .flatMap((name) => {
            const full = join(folder, name);
            if (statSync(full).isDirectory()) return reference(full);
            return CHECKED_EXTENSIONS.includes(extname(name).toLowerCase()) ? [full] : [];
          });
      process.chdir(join(base, 'tree'));
      for (const given of ['.', './', 'sub', 'sub/', './sub/../sub', join(base, 'tree'), join(base, 'tree') + '/']) {
        const walked = walkPaths([given]).files;
        assert.deepEqual(walked, reference(given), given);
        assert.ok(walked.length > 0, given);
      }
    } finally {
      process.chdir(previous);
    }
  }));

  it('isCheckedName says what extname, lower-cased, in CHECKED_EXTENSIONS says, on random names of dots, extensions and letters in any case', () => {
    const next = random(31);
    const parts = ['.', '..', 'a', 'X', 'py', 'PY', 'Py', 'ipynb', 'IPYNB', 'json', 'jsonc', 'sh', 'bash', 'md', 'markdown', 'yaml', 'YML', 'template', 'tf', 'ts', 'mts', 'cts', 'js', 'MJS', 'cjs', 'txt', ' ', '-', 'é'];
    let checked = 0;
    for (let round = 0; round < 20000; round++) {
      let name = '';
      const length = 1 + Math.floor(next() * 5);
      for (let i = 0; i < length; i++) name += parts[Math.floor(next() * parts.length)]!;
      const expected = CHECKED_EXTENSIONS.includes(extname(name).toLowerCase());
      checked += expected ? 1 : 0;
      assert.equal(isCheckedName(name), expected, JSON.stringify(name));
    }
    assert.ok(checked > 500, `only ${checked} names had a checked extension`);
  });
});
