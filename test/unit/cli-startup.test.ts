// The CLI as a process: dist/cli.js (and each worker thread) uses the V8 code caches the build
// wrote, and prints the same output when a cache is absent, stale (the script changed) or not V8's; progress goes to stderr
// on a terminal only, counts every file and is cleared at the end.
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tempFolder } from './helpers/temp-folder';

const repoRoot = join(__dirname, '..', '..', '..');
const examples = join(repoRoot, 'examples');

// --no-cache: each run parses, so it loads web-tree-sitter (a repeat run's results cache would not).
function runCli(cli: string, env: NodeJS.ProcessEnv = {}): { status: number | null; stdout: string; stderr: string } {
  return spawnSync(process.execPath, [cli, 'check', '--no-cache', examples], { cwd: repoRoot, encoding: 'utf8', env: { ...process.env, SM_GUARDRAILS_DEBUG_CODE_CACHE: '1', ...env } });
}

describe('CLI start: the code cache and progress', function () {
  this.timeout(120_000);
  const dir = tempFolder('sm-cli-start-', 'suite');

  /** What the debug lines say of the bundle's and web-tree-sitter's caches. */
  const cacheLines = (bundle: string, runtime: string): string => `sm-guardrails: code cache of sm-guardrails.js ${bundle}\nsm-guardrails: code cache of web-tree-sitter.cjs ${runtime}\n`;

  it('uses the code caches the build wrote (the bundle\'s, web-tree-sitter\'s); without them, with stale ones and with corrupt ones the output is the same', () => {
    const built = runCli(join(repoRoot, 'dist', 'cli.js'));
    assert.equal(built.stderr, cacheLines('used', 'used'));
    assert.equal(built.status, 1);
    assert.ok(built.stdout.split('\n').length > 5, built.stdout);

    const copy = join(dir.path, 'dist');
    cpSync(join(repoRoot, 'dist'), copy, { recursive: true });
    const bundle = join(copy, 'sm-guardrails.js');
    const cache = join(copy, 'sm-guardrails.js.cache');
    const runtime = join(copy, 'web-tree-sitter.cjs');
    const copied = runCli(join(copy, 'cli.js'));
    // cpSync gives the copies a new time of change: the stamps no longer fit, the caches are not used.
    assert.deepEqual([copied.status, copied.stdout, copied.stderr], [1, built.stdout, cacheLines('absent', 'absent')]);

    // The bundle changed, same length (V8 alone would take the old cache for it): the cache is not
    // used, the new code runs.
    const source = readFileSync(bundle, 'utf8');
    assert.ok(source.includes('is missing the required key'));
    writeFileSync(bundle, source.split('is missing the required key').join('is MISSING the required key'));
    const buildCache = readFileSync(join(repoRoot, 'dist', 'sm-guardrails.js.cache'));
    writeFileSync(cache, buildCache);
    const stale = runCli(join(copy, 'cli.js'));
    assert.deepEqual([stale.status, stale.stdout, stale.stderr], [1, built.stdout.split('is missing the required key').join('is MISSING the required key'), cacheLines('absent', 'absent')]);
    assert.notEqual(stale.stdout, built.stdout);

    // Stamps that fit over bytes that are not a V8 cache: rejected by V8, compiled afresh.
    writeFileSync(bundle, source);
    const stampOf = (path: string): Buffer => {
      const stats = statSync(path);
      return Buffer.from(`${stats.size}:${stats.mtimeMs}\n`);
    };
    writeFileSync(cache, Buffer.concat([stampOf(bundle), Buffer.from('not a code cache '.repeat(100))]));
    writeFileSync(`${runtime}.cache`, Buffer.concat([stampOf(runtime), Buffer.from('not a code cache '.repeat(100))]));
    const corrupt = runCli(join(copy, 'cli.js'));
    assert.deepEqual([corrupt.status, corrupt.stdout, corrupt.stderr], [1, built.stdout, cacheLines('rejected', 'rejected')]);

    // The build's caches stamped for the copies: used, the same output.
    const runtimeCache = readFileSync(join(repoRoot, 'dist', 'web-tree-sitter.cjs.cache'));
    writeFileSync(cache, Buffer.concat([stampOf(bundle), buildCache.subarray(buildCache.indexOf(10) + 1)]));
    writeFileSync(`${runtime}.cache`, Buffer.concat([stampOf(runtime), runtimeCache.subarray(runtimeCache.indexOf(10) + 1)]));
    const restamped = runCli(join(copy, 'cli.js'));
    assert.deepEqual([restamped.status, restamped.stdout, restamped.stderr], [1, built.stdout, built.stderr]);
  });

  it('worker threads start through dist/cli-worker.js, with the code caches too, and give the main thread\'s output', () => {
    const alone = runCli(join(repoRoot, 'dist', 'cli.js'), { SM_GUARDRAILS_WORKERS: '0' });
    const withWorker = runCli(join(repoRoot, 'dist', 'cli.js'), { SM_GUARDRAILS_WORKERS: '1' });
    assert.equal(alone.stderr, cacheLines('used', 'used'));
    // Two threads' lines, in whatever order they came; the worker loads web-tree-sitter only if it
    // took a file with a config before the main thread did them all.
    const lines = withWorker.stderr.trimEnd().split('\n');
    const [bundleLine, runtimeLine] = cacheLines('used', 'used').trimEnd().split('\n');
    assert.deepEqual(lines.filter((l) => l !== runtimeLine), [bundleLine, bundleLine]);
    assert.ok([1, 2].includes(lines.filter((l) => l === runtimeLine).length), withWorker.stderr);
    assert.deepEqual([withWorker.status, withWorker.stdout], [alone.status, alone.stdout]);
  });

  /** Five files without a config and one with (a warning only): the progress tests' tree. */
  function writeSixFiles(name: string): string {
    const tree = join(dir.path, name);
    mkdirSync(tree, { recursive: true });
    for (let i = 0; i < 5; i++) writeFileSync(join(tree, `f${i}.py`), 'x = 1\n');
    writeFileSync(join(tree, 'g.py'), 'sm.update_endpoint(EndpointName="e", EndpointConfigName="c", DeploymentConfig={"BlueGreenUpdatePolicy": {"TrafficRoutingConfiguration": {"Type": "ALL_AT_ONCE", "WaitIntervalInSeconds": 600}}})\n');
    return tree;
  }

  it('progress: on a terminal (a pseudo-terminal by `script`) stderr counts the files up to all of them, then the line is cleared; through a pipe there is none', function () {
    if (spawnSync('script', ['--version'], { encoding: 'utf8' }).status !== 0) this.skip();
    const tree = writeSixFiles('tree');
    // Shown after 0 ms instead of 1 s: the same code path without waiting.
    const env = { ...process.env, SM_GUARDRAILS_PROGRESS_AFTER_MS: '0' };
    const command = `${JSON.stringify(process.execPath)} ${JSON.stringify(join(repoRoot, 'dist', 'cli.js'))} check ${JSON.stringify(tree)}`;
    const terminal = spawnSync('script', ['-qec', command, '/dev/null'], { encoding: 'utf8', env, cwd: repoRoot });
    assert.equal(terminal.status, 0, terminal.stdout);
    const counts = [...terminal.stdout.matchAll(/\rsm-guardrails: (\d+) of (\d+) files checked/g)].map((m) => [Number(m[1]), Number(m[2])]);
    assert.ok(counts.length >= 2, JSON.stringify(terminal.stdout));
    assert.ok(counts.every(([, total]) => total === 6));
    assert.deepEqual(counts[counts.length - 1], [6, 6]);
    // Cleared before the findings are printed.
    const cleared = terminal.stdout.indexOf('\r\x1b[K');
    assert.ok(cleared > 0 && cleared < terminal.stdout.indexOf('g.py:1:'), JSON.stringify(terminal.stdout));

    const piped = spawnSync(process.execPath, [join(repoRoot, 'dist', 'cli.js'), 'check', tree], { encoding: 'utf8', env, cwd: repoRoot });
    assert.equal(piped.status, 0);
    assert.equal(piped.stderr, '');
    assert.ok(piped.stdout.includes('g.py:1:'), piped.stdout);
  });

  it('progress: a run that reads the files again for the results cache (their times changed) counts them up to all of them too, then clears the line', function () {
    if (spawnSync('script', ['--version'], { encoding: 'utf8' }).status !== 0) this.skip();
    const tree = writeSixFiles('reread');
    const env = { ...process.env, SM_GUARDRAILS_PROGRESS_AFTER_MS: '0', SM_GUARDRAILS_CACHE_DIR: join(dir.path, 'reread-cache') };
    const command = `${JSON.stringify(process.execPath)} ${JSON.stringify(join(repoRoot, 'dist', 'cli.js'))} check ${JSON.stringify(tree)}`;
    spawnSync('script', ['-qec', command, '/dev/null'], { encoding: 'utf8', env, cwd: repoRoot });
    // Written less than 2 s ago: the next run reads every file again (kept by text, or without a trigger word).
    const again = spawnSync('script', ['-qec', command, '/dev/null'], { encoding: 'utf8', env, cwd: repoRoot });
    assert.equal(again.status, 0, again.stdout);
    const counts = [...again.stdout.matchAll(/\rsm-guardrails: (\d+) of (\d+) files looked up in the results cache/g)].map((m) => [Number(m[1]), Number(m[2])]);
    assert.ok(counts.length >= 2, JSON.stringify(again.stdout));
    assert.deepEqual(counts[counts.length - 1], [6, 6]);
    assert.ok(counts.every(([done], k) => k === 0 || done! >= counts[k - 1]![0]!), JSON.stringify(counts));
    // Nothing was checked, so the checker's line never shows.
    assert.doesNotMatch(again.stdout, /files checked/);
    const cleared = again.stdout.indexOf('\r\x1b[K');
    assert.ok(cleared > 0 && cleared < again.stdout.indexOf('g.py:1:'), JSON.stringify(again.stdout));
  });
});
