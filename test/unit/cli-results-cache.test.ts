// The CLI's results cache, as a process: a repeat run prints exactly what a run without the cache
// prints, and any change a file's or a file:// reference's times can show (a write that keeps the
// size and the mtime too) or a changed setting makes it check again. Each test has its own project
// and cache folder. SM_GUARDRAILS_CACHE_SETTLE_MS=0 lets files written by the test be kept at once
// (the default keeps nothing changed in the last 2 s); SM_GUARDRAILS_DEBUG_CACHE=1 says on stderr
// how many files the cache vouched for, and how many by their times or by their text.
import { strict as assert } from 'node:assert';
import { cpSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { PROCESS_FIXTURES, PROJECT_ROOT, runCli, type CliRun } from './helpers/cli';
import { tempFolder } from './helpers/temp-folder';

const fixtures = PROCESS_FIXTURES;

interface Run extends CliRun {
  /** From the debug line: how many files the cache vouched for, of how many. */
  kept?: [number, number];
  /** Of those: how many by their times, how many by their text (read again, its SHA-256 the one kept). */
  keptBy?: { times: number; text: number };
  /** Of the others: how many were read and held no trigger word, how many were checked. */
  notKept?: { withoutTriggerWord: number; checked: number };
}

describe('sm-guardrails check: the results cache between runs', function () {
  this.timeout(60000);
  const folder = tempFolder('sm-cache-test-');
  const project = (): string => join(folder.path, 'project');
  const cache = (): string => join(folder.path, 'cache');

  function run(args: string[], env: NodeJS.ProcessEnv = {}): Run {
    const result = runCli(project(), ['check', ...args], {
      env: { ...process.env, SM_GUARDRAILS_CACHE_DIR: cache(), SM_GUARDRAILS_CACHE_SETTLE_MS: '0', SM_GUARDRAILS_DEBUG_CACHE: '1', ...env },
    });
    const debug = /^sm-guardrails: results cache: (\d+) of (\d+) files kept \((\d+) by their times, (\d+) by their text\); of the others, (\d+) read and without a trigger word, (\d+) checked\n/m.exec(result.stderr);
    return {
      status: result.status,
      stdout: result.stdout,
      stderr: result.stderr.replace(/^sm-guardrails: results cache: .*\n/m, ''),
      ...(debug
        ? {
            kept: [Number(debug[1]), Number(debug[2])] as [number, number],
            keptBy: { times: Number(debug[3]), text: Number(debug[4]) },
            notKept: { withoutTriggerWord: Number(debug[5]), checked: Number(debug[6]) },
          }
        : {}),
    };
  }

  /** A run without the cache: what every cached run must print. */
  const truth = (args: string[]): Run => run(['--no-cache', ...args]);

  function assertSameAsWithoutCache(actual: Run, args: string[]): void {
    const expected = truth(args);
    assert.equal(actual.stdout, expected.stdout);
    assert.equal(actual.stderr, expected.stderr);
    assert.equal(actual.status, expected.status);
  }

  beforeEach(() => {
    mkdirSync(project());
    for (const name of ['small.py', 'clean.py', 'file-ref.sh', 'bad-config.json', 'file-ref-missing.sh', 'notebook.ipynb', 'tree']) {
      cpSync(join(fixtures, name), join(project(), name), { recursive: true });
    }
    // Paths named like members of Object.prototype are entries like any other.
    cpSync(join(fixtures, 'small.py'), join(project(), '__proto__.py'));
    cpSync(join(fixtures, 'clean.py'), join(project(), 'constructor.py'));
  });

  it('a repeat run reads no file again and prints exactly what a run without the cache prints (text, json, sarif)', () => {
    for (const format of ['text', 'json', 'sarif']) {
      const args = ['--format', format, '.'];
      const first = run(args);
      assert.equal(first.kept?.[0], 0, `${format}: nothing is kept before the first run`);
      const second = run(args);
      assert.ok(second.kept && second.kept[0] === second.kept[1] && second.kept[1] > 5, `${format}: every file kept (${second.kept?.join(' of ')})`);
      assertSameAsWithoutCache(second, args);
      assert.match(second.stdout, /canary-size/);
      rmSync(cache(), { recursive: true, force: true });
    }
  });

  it('a repeat run whose files are all kept does not load the checker; one with a file to read again does', () => {
    const loads = (result: Run): number => (result.stderr.match(/code cache of sm-guardrails\.js/g) ?? []).length;
    const debug = { SM_GUARDRAILS_DEBUG_CODE_CACHE: '1' };
    const first = run(['.'], debug);
    assert.equal(loads(first), 1, first.stderr);
    const again = run(['.'], debug);
    assert.equal(again.kept?.[0], again.kept?.[1]);
    assert.equal(loads(again), 0, again.stderr);
    writeFileSync(join(project(), 'clean.py'), readFileSync(join(project(), 'clean.py'), 'utf8') + '\n');
    const changed = run(['.'], debug);
    assert.equal(changed.kept?.[0], (changed.kept?.[1] ?? 0) - 1);
    assert.equal(loads(changed), 1, changed.stderr);
    assert.equal(changed.stdout, again.stdout);
    // That run wrote the other files' lines as it read them, and the changed file's anew: all kept.
    const after = run(['.'], debug);
    assert.deepEqual(after.keptBy, { times: after.kept![1], text: 0 });
    assert.equal(after.stdout, again.stdout);
  });

  it('a file written again with its old size and mtime is checked again (its change time moved)', () => {
    const file = join(project(), 'small.py');
    utimesSync(file, 1_000_000_000, 1_000_000_000);
    run(['small.py']);
    assert.deepEqual(run(['small.py']).kept, [1, 1]);
    const before = statSync(file);
    // 75 -> 25: the same size; then its mtime is set back to what it was (rsync -a, tar and touch -r do that).
    writeFileSync(file, readFileSync(file, 'utf8').replace('"Value": 75', '"Value": 25'));
    utimesSync(file, 1_000_000_000, 1_000_000_000);
    assert.equal(statSync(file).size, before.size);
    assert.equal(statSync(file).mtimeMs, before.mtimeMs);
    const after = run(['small.py']);
    assert.deepEqual(after.kept, [0, 1]);
    assert.doesNotMatch(after.stdout, /canary-size/);
    assertSameAsWithoutCache(after, ['small.py']);
  });

  it('a changed file:// reference, or one that appears where none was, is read again', () => {
    const first = run(['file-ref.sh', 'file-ref-missing.sh']);
    assert.match(first.stdout, /file-ref\.sh:\d+:\d+: /);
    assert.deepEqual(run(['file-ref.sh', 'file-ref-missing.sh']).kept, [2, 2]);
    // The referenced file becomes a valid config: file-ref.sh's findings go.
    writeFileSync(join(project(), 'bad-config.json'), JSON.stringify({ BlueGreenUpdatePolicy: { TrafficRoutingConfiguration: { Type: 'ALL_AT_ONCE', WaitIntervalInSeconds: 0 }, MaximumExecutionTimeoutInSeconds: 600 }, AutoRollbackConfiguration: { Alarms: [{ AlarmName: 'orders-5xx' }] } }));
    // The missing file appears, with a 75% canary.
    writeFileSync(join(project(), 'no-such-config.json'), JSON.stringify({ BlueGreenUpdatePolicy: { TrafficRoutingConfiguration: { Type: 'CANARY', CanarySize: { Type: 'CAPACITY_PERCENT', Value: 75 }, WaitIntervalInSeconds: 600 }, MaximumExecutionTimeoutInSeconds: 7200 } }));
    const after = run(['file-ref.sh', 'file-ref-missing.sh']);
    assert.deepEqual(after.kept, [0, 2]);
    assertSameAsWithoutCache(after, ['file-ref.sh', 'file-ref-missing.sh']);
    assert.notEqual(after.stdout, first.stdout);
    assert.match(after.stdout, /canary-size/);
  });

  it('each setting that changes findings (--fleet-size, --copy-count, --disable, --allow-file-outside) has its own cache', () => {
    run(['small.py']);
    for (const args of [['--disable', 'canary-size', 'small.py'], ['--fleet-size', '3', 'small.py'], ['--copy-count', '2', 'small.py'], ['--allow-file-outside', 'small.py']]) {
      const other = run(args);
      assert.deepEqual(other.kept, [0, 1], args.join(' '));
      assertSameAsWithoutCache(other, args);
    }
    assert.equal(readdirSync(cache()).length, 5);
  });

  it('--fix fixes a file the cache holds findings for, and skips the clean ones', () => {
    run(['small.py', 'clean.py']);
    const fixed = run(['--fix', 'small.py', 'clean.py']);
    assert.deepEqual(fixed.kept, [1, 2]);
    assert.match(fixed.stderr, /fixed small\.py/);
    assert.notEqual(readFileSync(join(project(), 'small.py'), 'utf8'), readFileSync(join(fixtures, 'small.py'), 'utf8'));
    assertSameAsWithoutCache(run(['small.py', 'clean.py']), ['small.py', 'clean.py']);
  });

  it('keeps nothing changed in the last 2 seconds by its times by default (a later write in the same time tick could go unseen), only by its text', () => {
    const settle = { SM_GUARDRAILS_CACHE_SETTLE_MS: '' };
    // A file without a trigger word is read again too (CI's fresh clone: every file is new), not checked.
    writeFileSync(join(project(), 'plain.py'), 'print("no config here")\n');
    // So is a file whose file:// reference changed in the last 2 s: by what the reference reads.
    const files = ['small.py', 'plain.py', 'file-ref.sh'];
    run(files, settle);
    const again = run(files, settle);
    assert.deepEqual(again.keptBy, { times: 0, text: 2 });
    assert.deepEqual(again.notKept, { withoutTriggerWord: 1, checked: 0 });
    assertSameAsWithoutCache(again, files);
    // Written again in the same second with another text: checked again, whatever its times say.
    const file = join(project(), 'small.py');
    const { mtime } = statSync(file);
    writeFileSync(file, readFileSync(file, 'utf8').replace('"Value": 75', '"Value": 25'));
    utimesSync(file, mtime, mtime);
    const changed = run(['small.py'], settle);
    assert.deepEqual(changed.kept, [0, 1]);
    assertSameAsWithoutCache(changed, ['small.py']);
  });

  it('a fresh clone in the same place with the cache kept (new times and inodes, the same texts): kept by text without loading the checker, then by times', () => {
    const loads = (result: Run): number => (result.stderr.match(/code cache of sm-guardrails\.js/g) ?? []).length;
    const debug = { SM_GUARDRAILS_DEBUG_CODE_CACHE: '1' };
    // file-ref.sh reads bad-config.json, file-ref-missing.sh looks for a file that is not there.
    writeFileSync(join(project(), 'plain.py'), 'print("no config here")\n');
    // Checked in worker threads too: their outcomes carry the texts' hashes (none has findings in clean.py).
    const first = run(['.'], { ...debug, SM_GUARDRAILS_WORKERS: '2' });
    const saved = join(folder.path, 'saved');
    cpSync(project(), saved, { recursive: true });
    const clone = (): void => {
      rmSync(project(), { recursive: true });
      cpSync(saved, project(), { recursive: true });
    };
    clone();
    const cloned = run(['.'], debug);
    assert.ok(cloned.keptBy && cloned.keptBy.times === 0 && cloned.keptBy.text >= 5, JSON.stringify(cloned.keptBy));
    // Every file is kept or, without a trigger word, read and left: none is checked.
    assert.equal(cloned.notKept?.checked, 0);
    assert.ok(cloned.notKept!.withoutTriggerWord > 0);
    assert.equal(cloned.keptBy.text + cloned.notKept!.withoutTriggerWord, cloned.kept![1]);
    assert.equal(loads(cloned), 0, cloned.stderr);
    assert.equal(cloned.stdout, first.stdout);
    assertSameAsWithoutCache(cloned, ['.']);
    const then = run(['.'], debug);
    assert.deepEqual(then.keptBy, { times: then.kept![1], text: 0 });
    // --fix in a fresh clone: the files with findings are checked and fixed, the clean ones kept by text.
    clone();
    const fixed = run(['--fix', 'small.py', 'clean.py']);
    assert.deepEqual(fixed.keptBy, { times: 0, text: 1 });
    assert.match(fixed.stderr, /fixed small\.py/);
    // A file:// reference written anew with the same text (new times): the file is kept by what the
    // reference reads; with another text, or once it reads nothing, the file is checked again.
    clone();
    run(['file-ref.sh']);
    const referenced = join(project(), 'bad-config.json');
    const text = readFileSync(referenced, 'utf8');
    rmSync(referenced);
    writeFileSync(referenced, text);
    const sameReference = run(['file-ref.sh']);
    assert.deepEqual(sameReference.keptBy, { times: 1, text: 0 });
    assertSameAsWithoutCache(sameReference, ['file-ref.sh']);
    writeFileSync(referenced, text.replace('"Value": 60', '"Value": 20'));
    const changedReference = run(['file-ref.sh']);
    assert.deepEqual(changedReference.kept, [0, 1]);
    assertSameAsWithoutCache(changedReference, ['file-ref.sh']);
    assert.notEqual(changedReference.stdout, sameReference.stdout);
    rmSync(referenced);
    const goneReference = run(['file-ref.sh']);
    assert.deepEqual(goneReference.kept, [0, 1]);
    assertSameAsWithoutCache(goneReference, ['file-ref.sh']);
  });

  it('a file written again with the same text (a branch switched and back between two runs, a formatter that changed nothing) is kept by its text', () => {
    const file = join(project(), 'small.py');
    const original = readFileSync(file, 'utf8');
    run(['small.py']);
    writeFileSync(file, original.replace('"Value": 75', '"Value": 25'));
    writeFileSync(file, original);
    const back = run(['small.py']);
    assert.deepEqual(back.keptBy, { times: 0, text: 1 });
    assert.match(back.stdout, /canary-size/);
    assertSameAsWithoutCache(back, ['small.py']);
  });

  it('a cache file that is not ours, or a cache folder that cannot be written, changes nothing in the run', () => {
    run(['.']);
    const [name] = readdirSync(cache());
    writeFileSync(join(cache(), name!), '{"key": [1, 2], "files": {"small.py": {"s": [0, 0, 0, 0]}}');
    const corrupt = run(['.']);
    assert.equal(corrupt.kept?.[0], 0);
    assertSameAsWithoutCache(corrupt, ['.']);
    assert.equal(run(['.']).kept?.[0], corrupt.kept?.[1], 'the cache was written anew');
    // Our key, entries that are not what we write: not trusted, the files checked again. The cache
    // file is its key's line, then a line per file: its path (JSON), a tab, its entry (JSON).
    const [keyLine, ...lines] = readFileSync(join(cache(), name!), 'utf8').trimEnd().split('\n');
    const malformedLine = (line: string, k: number): string => {
      const [path, entry] = line.split('\t') as [string, string];
      const { s, h } = JSON.parse(entry) as { s: unknown; h: unknown };
      // Entries of other shapes, a line that is no JSON, and one without a tab.
      return [`${path}\t${JSON.stringify({ s, h, r: 'not a list', f: 7 })}`, `${path}\t{"s": [1, 2`, `${path}\t[1, 2]`, path][k % 4]!;
    };
    writeFileSync(join(cache(), name!), [keyLine, ...lines.map(malformedLine)].join('\n') + '\n');
    const malformed = run(['.']);
    assert.equal(malformed.kept?.[0], 0);
    assertSameAsWithoutCache(malformed, ['.']);
    assert.equal(run(['.']).kept?.[0], malformed.kept?.[1], 'the cache was written anew');
    rmSync(cache(), { recursive: true });
    writeFileSync(cache(), 'a file where the cache folder should be');
    const unwritable = run(['.']);
    assertSameAsWithoutCache(unwritable, ['.']);
    assert.equal(readFileSync(cache(), 'utf8'), 'a file where the cache folder should be');
  });

  it('files named like members of Object.prototype (given by name: `__proto__`, `constructor`) are kept as any other', () => {
    cpSync(join(fixtures, 'small.py'), join(project(), '__proto__'));
    cpSync(join(fixtures, 'small.py'), join(project(), 'constructor'));
    const args = ['__proto__', 'constructor', 'hasOwnProperty.py'];
    cpSync(join(fixtures, 'clean.py'), join(project(), 'hasOwnProperty.py'));
    assert.deepEqual(run(args).kept, [0, 3]);
    const again = run(args);
    assert.deepEqual(again.kept, [3, 3]);
    assert.match(again.stdout, /^__proto__:\d+:\d+: error canary-size/m);
    assertSameAsWithoutCache(again, args);
  });

  it('cache files unused for 30 days are deleted; one in use is kept, its time renewed by runs that change nothing', () => {
    run(['small.py']);
    const [inUse] = readdirSync(cache());
    const days = (n: number): number => Date.now() / 1000 - n * 24 * 3600;
    // Used every day but never changed since it was written, 40 days ago.
    utimesSync(join(cache(), inUse!), days(40), days(40));
    assert.deepEqual(run(['small.py']).kept, [1, 1]);
    assert.ok(statSync(join(cache(), inUse!)).mtimeMs > Date.now() - 60_000, 'renewed');
    // Another settings' cache, unused for 40 days: deleted when a cache is written.
    run(['--fleet-size', '4', 'small.py']);
    const other = readdirSync(cache()).find((name) => name !== inUse)!;
    utimesSync(join(cache(), other), days(40), days(40));
    run(['--fleet-size', '5', 'small.py']);
    const left = readdirSync(cache());
    assert.ok(!left.includes(other), `the stale one is gone: ${left.join(', ')}`);
    assert.ok(left.includes(inUse!));
    assert.equal(left.length, 2);
  });

  it('a rebuild of the same sources (dist/ written anew, new file times) keeps the cache: it is named by dist/build-id, a hash of the bundles and grammars', () => {
    const dist = join(folder.path, 'dist');
    cpSync(join(PROJECT_ROOT, 'dist'), dist, { recursive: true });
    const runCopy = (): Run => {
      const result = spawnSync(process.execPath, [join(dist, 'cli.js'), 'check', 'small.py'], {
        cwd: project(),
        encoding: 'utf8',
        env: { ...process.env, SM_GUARDRAILS_CACHE_DIR: cache(), SM_GUARDRAILS_CACHE_SETTLE_MS: '0', SM_GUARDRAILS_DEBUG_CACHE: '1' },
      });
      const debug = /results cache: (\d+) of (\d+) files kept/.exec(result.stderr);
      return { status: result.status, stdout: result.stdout, stderr: result.stderr, ...(debug ? { kept: [Number(debug[1]), Number(debug[2])] as [number, number] } : {}) };
    };
    assert.deepEqual(runCopy().kept, [0, 1]);
    const later = Date.now() / 1000 + 60;
    for (const name of readdirSync(dist)) utimesSync(join(dist, name), later, later);
    assert.deepEqual(runCopy().kept, [1, 1]);
    // The id is a hash of what decides the findings: the checker, the front, the grammars.
    const ids = readFileSync(join(dist, 'build-id'), 'utf8');
    assert.match(ids, /^[0-9a-f]{64}\n$/);
    writeFileSync(join(dist, 'build-id'), 'another build\n');
    assert.deepEqual(runCopy().kept, [0, 1]);
  });

  it('--no-cache neither reads nor writes the cache', () => {
    truth(['.']);
    assert.throws(() => readdirSync(cache()), /ENOENT/);
  });
});
