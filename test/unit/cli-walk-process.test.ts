// The CLI as a process on trees with entries it cannot read: every readable file is still
// checked, each unreadable one is an error on stderr naming the path, and the exit status is 2
// (never 0). Tests run as root, which reads anything whatever its mode, so "permission denied"
// is produced by running the CLI as the unprivileged user 65534 (nobody) when we are root.
import { strict as assert } from 'node:assert';
import { spawnSync, type SpawnSyncOptions } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { checkFiles } from '../../server/src/cli/workers';
import { CLI_BIN, PROCESS_FIXTURES, PROJECT_ROOT, runCli, type CliRun } from './helpers/cli';
import { filesUnder } from './helpers/files';
import { tempFolder, withTempFolder } from './helpers/temp-folder';

const root = PROJECT_ROOT;
const clean = readFileSync(join(PROCESS_FIXTURES, 'clean.py'), 'utf8');
/** clean.py with a 75% canary: exactly one finding, canary-size on the `75`. */
const oneError = clean.replace('"Value": 10', '"Value": 75');
const NOBODY = 65534;

/** `file:line:col` of the canary value in oneError, computed from the text. */
function errorLine(file: string): string {
  const offset = oneError.indexOf('"Value": 75') + '"Value": '.length;
  const before = oneError.slice(0, offset);
  return `${file}:${before.split('\n').length}:${offset - before.lastIndexOf('\n')}: error canary-size`;
}

/** The stderr error lines, one per unreadable path: `path: reason`. */
function errors(stderr: string): string[] {
  return stderr.split('\n').filter((l) => l.startsWith('sm-guardrails: error: ')).map((l) => l.slice('sm-guardrails: error: '.length));
}

function deepNotebook(depth: number): string {
  const deep = '{"a":'.repeat(depth) + '1' + '}'.repeat(depth);
  return `{"cells": [{"cell_type": "code", "metadata": {}, "source": ["DeploymentConfig = {}\\n"], "outputs": [], "extra": ${deep}}], "nbformat": 4, "nbformat_minor": 5}`;
}

describe('CLI walk: unreadable entries are reported, everything else is checked', function () {
  this.timeout(60000);
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'sm-walk-'));
    chmodSync(dir, 0o755);
  });
  afterEach(() => {
    spawnSync('chattr', ['-i', join(dir, 'tree', 'immutable.py')], { stdio: 'ignore' });
    rmSync(dir, { recursive: true, force: true });
  });

  it('a dangling symlink, a symlink loop, a FIFO and a too-deep notebook: each an error with its path, the good file still checked, exit 2', () => {
    const tree = join(dir, 'tree');
    mkdirSync(join(tree, 'sub'), { recursive: true });
    writeFileSync(join(tree, 'a-good.py'), oneError);
    writeFileSync(join(tree, 'sub', 'z-good.py'), oneError);
    symlinkSync('missing.py', join(tree, 'dangling.py'));
    symlinkSync('loop.py', join(tree, 'loop.py'));
    symlinkSync('..', join(tree, 'sub', 'up')); // a folder cycle: walked once, not an error
    const fifo = spawnSync('mkfifo', [join(tree, 'pipe.py')]);
    const haveFifo = fifo.status === 0;
    writeFileSync(join(tree, 'deep.ipynb'), deepNotebook(100000));
    const result = runCli(dir, ['check', 'tree']);
    assert.equal(result.status, 2, result.stderr);
    assert.deepEqual(
      result.stdout.trimEnd().split('\n').map((l) => l.split(' ').slice(0, 3).join(' ')),
      [errorLine('tree/a-good.py'), errorLine('tree/sub/z-good.py')],
    );
    const expected = [
      'tree/dangling.py: cannot read it: it does not exist (a dangling symbolic link, or it was removed during the run) [ENOENT]',
      'tree/loop.py: cannot read it: too many levels of symbolic links (a symbolic link loop) [ELOOP]',
      ...(haveFifo ? ['tree/pipe.py: not checked: it is a named pipe (FIFO)'] : []),
      'tree/deep.ipynb: cannot check it: it is nested too deeply to check',
    ];
    assert.deepEqual(errors(result.stderr), expected);
    assert.match(result.stderr, new RegExp(`${expected.length} paths could not be checked completely \\(exit status 2\\)`));
  });

  it('a too-deep notebook alone fails the run (exit 2), it does not pass', () => {
    writeFileSync(join(dir, 'deep.ipynb'), deepNotebook(100000));
    const result = runCli(dir, ['check', 'deep.ipynb', '--format', 'json']);
    assert.equal(result.status, 2);
    assert.deepEqual(JSON.parse(result.stdout), []);
    assert.deepEqual(errors(result.stderr), ['deep.ipynb: cannot check it: it is nested too deeply to check']);
  });

  it('a FIFO named on the command line is refused without being opened (no hang)', function () {
    if (spawnSync('mkfifo', [join(dir, 'pipe.py')]).status !== 0) this.skip();
    const result = runCli(dir, ['check', 'pipe.py']);
    assert.equal(result.status, 2);
    assert.deepEqual(errors(result.stderr), ['pipe.py: not checked: it is a named pipe (FIFO)']);
  });

  it('a dangling symlink without a checked extension (maybe a folder) is a note, not an error', () => {
    mkdirSync(join(dir, 'tree'));
    writeFileSync(join(dir, 'tree', 'clean.py'), clean);
    symlinkSync('gone', join(dir, 'tree', 'build'));
    const result = runCli(dir, ['check', 'tree']);
    assert.equal(result.status, 0);
    assert.equal(result.stdout, '');
    assert.match(result.stderr, /^sm-guardrails: note: skipped tree\/build: it does not exist/m);
  });

  it('a folder and a file the user cannot read: each an error (EACCES), the rest checked, exit 2', function () {
    const asUser = process.getuid?.() === 0 ? { uid: NOBODY, gid: NOBODY } : {};
    const tree = join(dir, 'tree');
    mkdirSync(join(tree, 'locked'), { recursive: true });
    writeFileSync(join(tree, 'good.py'), oneError);
    writeFileSync(join(tree, 'locked', 'hidden.py'), oneError);
    writeFileSync(join(tree, 'secret.py'), oneError);
    chmodSync(join(tree, 'locked'), 0o000);
    chmodSync(join(tree, 'secret.py'), 0o000);
    // The unprivileged user must be able to run the CLI itself (a checkout readable by others).
    if (runCli(dir, ['--help'], asUser).status !== 0) this.skip();
    const result = runCli(dir, ['check', 'tree'], asUser);
    assert.equal(result.status, 2, result.stderr);
    assert.deepEqual(result.stdout.trimEnd().split('\n').map((l) => l.split(' ').slice(0, 3).join(' ')), [errorLine('tree/good.py')]);
    assert.deepEqual(errors(result.stderr), ['tree/locked: cannot read this folder: permission denied [EACCES]', 'tree/secret.py: cannot read it: permission denied [EACCES]']);
  });

  it('--fix on a file that cannot be written: an error naming it, its findings still reported, the file unchanged, exit 2', function () {
    const tree = join(dir, 'tree');
    mkdirSync(tree);
    const target = join(tree, 'immutable.py');
    writeFileSync(target, oneError);
    writeFileSync(join(tree, 'writable.py'), oneError);
    // Root writes through any mode: an immutable file (chattr +i) when possible, else a read-only file written by nobody.
    let options: SpawnSyncOptions = {};
    if (spawnSync('chattr', ['+i', target]).status !== 0) {
      if (process.getuid?.() === 0) options = { uid: NOBODY, gid: NOBODY };
      chmodSync(target, 0o444);
      chmodSync(tree, 0o777);
      chmodSync(join(tree, 'writable.py'), 0o666);
    }
    const result = runCli(dir, ['check', '--fix', 'tree'], options);
    assert.equal(result.status, 2, result.stderr);
    assert.equal(readFileSync(target, 'utf8'), oneError);
    assert.notEqual(readFileSync(join(tree, 'writable.py'), 'utf8'), oneError, 'the writable file is fixed');
    assert.deepEqual(result.stdout.trimEnd().split('\n').map((l) => l.split(' ').slice(0, 3).join(' ')), [errorLine('tree/immutable.py')]);
    const [error] = errors(result.stderr);
    assert.match(error ?? '', /^tree\/immutable\.py: cannot write the fixes to it: (operation not permitted \[EPERM\]|permission denied \[EACCES\]); its findings are reported as they are on disk$/);
  });

  it('a notebook whose trigger words are JSON-escaped is still checked (the prefilter decodes escapes)', () => {
    const source = "update_endpoint(EndpointName='e', \\u0044eploymentConfig={'\\u0052ollingUpdatePolicy': {'MaximumBatchSize': {'Type': 'CAPACITY_PERCENT', 'Value': 60}, 'WaitIntervalInSeconds': 60}, 'AutoRollbackConfiguration': {'Alarms': [{'AlarmName': 'a'}]}})\\n";
    const raw = `{"cells": [{"cell_type": "code", "metadata": {}, "source": ["${source}"], "outputs": []}], "nbformat": 4, "nbformat_minor": 5}`;
    writeFileSync(join(dir, 'escaped.ipynb'), raw);
    const result = runCli(dir, ['check', 'escaped.ipynb']);
    const offset = raw.indexOf("'Value': 60") + "'Value': ".length;
    assert.equal(result.status, 1, result.stderr);
    assert.equal(result.stdout.split(' ').slice(0, 3).join(' '), `escaped.ipynb:1:${offset + 1}: error rolling-batch-size`);
  });

  it('worker threads give the same output, in walk order, as the main thread alone', () => {
    const tree = join(dir, 'tree');
    mkdirSync(tree);
    for (let i = 0; i < 24; i++) writeFileSync(join(tree, `f${String(i).padStart(2, '0')}.py`), i % 3 === 0 ? oneError : clean);
    for (let i = 0; i < 10; i++) writeFileSync(join(tree, `plain${i}.py`), 'print("no config here")\n');
    const alone = runCli(dir, ['check', 'tree'], { env: { ...process.env, SM_GUARDRAILS_WORKERS: '0' } });
    const threaded = runCli(dir, ['check', 'tree'], { env: { ...process.env, SM_GUARDRAILS_WORKERS: '3' } });
    assert.equal(alone.status, 1);
    assert.equal(alone.stdout.trimEnd().split('\n').length, 8);
    assert.deepEqual(alone.stdout.trimEnd().split('\n').map((l) => l.split(' ').slice(0, 3).join(' ')), [0, 3, 6, 9, 12, 15, 18, 21].map((i) => errorLine(`tree/f${String(i).padStart(2, '0')}.py`)));
    assert.equal(threaded.stdout, alone.stdout);
    assert.equal(threaded.status, 1);
    assert.equal(threaded.stderr, '');
  });
});

describe('checkFiles: a file removed between the walk and its read', () => {
  it('is reported as a problem with its path; the other files are checked', () => withTempFolder('sm-walk-', async (dir) => {
    writeFileSync(join(dir, 'kept.py'), oneError);
    const outcomes = await checkFiles([join(dir, 'gone.py'), join(dir, 'kept.py')], { fix: false, settings: {} });
    assert.equal(outcomes[0]!.problem, 'cannot read it: it does not exist (a dangling symbolic link, or it was removed during the run) [ENOENT]');
    assert.deepEqual(outcomes[1]!.located.map((f) => f.code), ['canary-size']);
    assert.equal(outcomes[1]!.problem, undefined);
  }));
});

describe('CLI worker threads read and check files too', function () {
  this.timeout(60000);
  const dir = tempFolder('sm-workers-');

  /** A tree of files with errors, clean configs, plain code, a notebook too deep to check and a JSON config, in two folders. */
  function writeMixedTree(tree: string): void {
    mkdirSync(join(tree, 'sub'), { recursive: true });
    for (let i = 0; i < 30; i++) {
      const folder = i % 2 ? join(tree, 'sub') : tree;
      const text = i % 5 === 0 ? oneError : i % 5 === 1 ? clean : `print(${i})\n`;
      writeFileSync(join(folder, `f${String(i).padStart(2, '0')}.py`), text);
    }
    writeFileSync(join(tree, 'deep.ipynb'), deepNotebook(100000));
    writeFileSync(join(tree, 'sub', 'config.json'), '{"DeploymentConfig": {"RollingUpdatePolicy": {"MaximumBatchSize": {"Type": "CAPACITY_PERCENT", "Value": 60}, "WaitIntervalInSeconds": 60}}}\n');
  }

  it('check and --fix with three workers: the same output (findings, problems, fix lines in walk order), exit status and fixed files as the main thread alone', () => {
    for (const copy of ['alone', 'threaded']) writeMixedTree(join(dir.path, copy, 'tree'));
    const run = (copy: string, workers: string, args: string[]): CliRun => runCli(join(dir.path, copy), [...args, 'tree'], { env: { ...process.env, SM_GUARDRAILS_WORKERS: workers } });
    const alone = run('alone', '0', ['check', '--format', 'json']);
    const threaded = run('threaded', '3', ['check', '--format', 'json']);
    assert.equal(alone.status, 2, alone.stderr);
    assert.ok(JSON.parse(alone.stdout).length >= 7, alone.stdout);
    assert.deepEqual(errors(alone.stderr), ['tree/deep.ipynb: cannot check it: it is nested too deeply to check']);
    assert.deepEqual([threaded.status, threaded.stdout, threaded.stderr], [alone.status, alone.stdout, alone.stderr]);

    const fixedAlone = run('alone', '0', ['check', '--fix']);
    const fixedThreaded = run('threaded', '3', ['check', '--fix']);
    assert.equal((fixedAlone.stderr.match(/^sm-guardrails: fixed /gm) ?? []).length, 7, fixedAlone.stderr);
    assert.deepEqual([fixedThreaded.status, fixedThreaded.stdout, fixedThreaded.stderr], [fixedAlone.status, fixedAlone.stdout, fixedAlone.stderr]);
    for (const file of filesUnder(join(dir.path, 'alone', 'tree'))) {
      assert.equal(readFileSync(file.replace(join(dir.path, 'alone'), join(dir.path, 'threaded')), 'utf8'), readFileSync(file, 'utf8'), file);
    }
  });

  it('a run whose text left to parse projects to 8 MiB or more starts a worker (through dist/cli.js) for the files left; a smaller one does not; the output is the main thread\'s alone', () => {
    const cli = join(root, 'dist', 'cli.js');
    const run = (tree: string, env: NodeJS.ProcessEnv): CliRun => {
      // --no-cache: every run a first run (the second would take the first's results).
      const result = spawnSync(process.execPath, [cli, 'check', '--no-cache', tree], { cwd: dir.path, encoding: 'utf8', timeout: 60000, env: { ...process.env, SM_GUARDRAILS_DEBUG_CODE_CACHE: '1', ...env } });
      return { status: result.status, stdout: String(result.stdout), stderr: String(result.stderr) };
    };
    const bundleLines = (stderr: string): number => stderr.split('\n').filter((l) => l.startsWith('sm-guardrails: code cache of sm-guardrails.js')).length;
    // Each file a config with one error after plain lines: 16 of ~750 KB (the first one read
    // projects 11 MB left), and 12 of ~130 KB (1.5 MB in all, which a worker would only slow down).
    const writeFiles = (tree: string, count: number, lines: number): void => {
      mkdirSync(join(dir.path, tree));
      const padding = 'value = 1\n'.repeat(lines);
      for (let i = 0; i < count; i++) writeFileSync(join(dir.path, tree, `big${String(i).padStart(2, '0')}.py`), padding + oneError);
    };
    writeFiles('large', 16, 75000);
    writeFiles('small', 12, 13000);
    for (const [tree, count, workerBundles] of [['large', 16, 1], ['small', 12, 0]] as const) {
      const alone = run(tree, { SM_GUARDRAILS_WORKERS: '0' });
      const shared = run(tree, {});
      assert.equal(alone.status, 1);
      assert.equal(alone.stdout.trimEnd().split('\n').length, count);
      assert.deepEqual([shared.status, shared.stdout], [alone.status, alone.stdout]);
      assert.equal(bundleLines(alone.stderr), 1);
      assert.equal(bundleLines(shared.stderr), 1 + workerBundles, `${tree}: ${shared.stderr}`);
    }
  });

  it('progress through a terminal counts every file up to all of them with a worker too', function () {
    if (spawnSync('script', ['--version'], { encoding: 'utf8' }).status !== 0) this.skip();
    const tree = join(dir.path, 'tree');
    writeMixedTree(tree);
    const env = { ...process.env, SM_GUARDRAILS_PROGRESS_AFTER_MS: '0', SM_GUARDRAILS_WORKERS: '1' };
    const command = `${JSON.stringify(process.execPath)} ${JSON.stringify(CLI_BIN)} check ${JSON.stringify(tree)}`;
    const terminal = spawnSync('script', ['-qec', command, '/dev/null'], { encoding: 'utf8', env, cwd: dir.path });
    const counts = [...terminal.stdout.matchAll(/\rsm-guardrails: (\d+) of (\d+) files checked/g)].map((m) => [Number(m[1]), Number(m[2])]);
    assert.deepEqual(counts[counts.length - 1], [32, 32], JSON.stringify(terminal.stdout));
    assert.ok(counts.every(([done], k) => k === 0 || done! >= counts[k - 1]![0]!), JSON.stringify(counts));
  });
});

