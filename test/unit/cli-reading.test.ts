// The CLI's reading shortcuts give what the plain paths give: readRegularFile the text
// readFileSync gives (invalid UTF-8, a BOM, empty and large files) and the named-pipe error for a
// FIFO without hanging; the one-pattern trigger test lets through every text mayHoldConfig lets
// through, for every kind of document.
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { extname, join } from 'node:path';
import { ANY_TRIGGER_WORD, fileMayHoldConfig } from '../../server/src/cli/check-files';
import { readRegularFile } from '../../server/src/cli/walk';
import { documentKindOf, mayHoldConfig, type DocumentKind } from '../../server/src/core/check';
import { random } from './helpers/random';

const repoRoot = join(__dirname, '..', '..', '..');
const KINDS: DocumentKind[] = ['python', 'shell', 'json', 'markdown', 'yaml', 'terraform', 'typescript'];
const EXTENSIONS = ['.py', '.ipynb', '.json', '.jsonc', '.sh', '.bash', '.md', '.markdown', '.yaml', '.yml', '.template', '.tf', '.ts', '.mts', '.cts', '.js', '.mjs', '.cjs'];

/** Every file under a folder (no node_modules). */
function filesUnder(folder: string): string[] {
  return readdirSync(folder).flatMap((name) => {
    if (name === 'node_modules' || name === '.git') return [];
    const full = join(folder, name);
    return statSync(full).isDirectory() ? filesUnder(full) : [full];
  });
}

/** The prefilter as it was, mayHoldConfig alone: the reference for the one-pattern shortcut. */
function plainFileMayHoldConfig(path: string, raw: string): boolean {
  if (extname(path).toLowerCase() === '.ipynb') {
    if (mayHoldConfig(raw, 'python')) return true;
    return raw.includes('\\u') && mayHoldConfig(raw.replace(/\\u([0-9a-fA-F]{4})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16))), 'python');
  }
  return mayHoldConfig(raw, documentKindOf(path) ?? 'python');
}

describe('CLI reading: the shortcuts give what the plain paths give', function () {
  this.timeout(60_000);
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'sm-cli-reading-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('readRegularFile gives the text readFileSync gives: invalid UTF-8, a BOM, lone continuation bytes, empty and large files', () => {
    const next = random(91);
    const pieces = [Buffer.from('DeploymentConfig = {"a": 1}\n'), Buffer.from('é😀'), Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from([0xc3]), Buffer.from([0x80, 0x41]), Buffer.from([0xf0, 0x9f, 0x98]), Buffer.from([0xff, 0xfe]), Buffer.from('\r\n'), Buffer.alloc(0)];
    for (let round = 0; round < 120; round++) {
      const parts: Buffer[] = [];
      const count = round === 0 ? 0 : round % 20 === 0 ? 30_000 : Math.floor(next() * 60);
      for (let i = 0; i < count; i++) parts.push(pieces[Math.floor(next() * pieces.length)]!);
      const path = join(dir, `f${round}.py`);
      writeFileSync(path, Buffer.concat(parts));
      assert.equal(readRegularFile(path), readFileSync(path, 'utf8'), `round ${round}`);
    }
  });

  it('readRegularFile on a FIFO (one put where the walk saw a file) names it and does not hang', function () {
    const path = join(dir, 'pipe.py');
    if (spawnSync('mkfifo', [path]).status !== 0) this.skip();
    assert.throws(() => readRegularFile(path), /it is a named pipe \(FIFO\)/);
  });

  it('every example and fixture that mayHoldConfig lets through, for every kind, has a word of ANY_TRIGGER_WORD', () => {
    const files = [join(repoRoot, 'examples'), join(repoRoot, 'test', 'fixtures'), join(repoRoot, 'test', 'e2e', 'workspace')].flatMap(filesUnder);
    let passed = 0;
    for (const file of files) {
      const text = readFileSync(file, 'utf8');
      for (const kind of KINDS) {
        if (!mayHoldConfig(text, kind)) continue;
        passed++;
        assert.ok(ANY_TRIGGER_WORD.test(text), `${file} as ${kind}`);
      }
    }
    assert.ok(passed > 100, `only ${passed} texts held a trigger word`);
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
      }
    }
    assert.ok(held > 1000, `only ${held} texts held a trigger word`);
  });
});
