// The CLI as a process: `node bin/sm-guardrails ...` on the fixtures in test/fixtures/process/
// (run from that folder, so reported paths are short). Output formats, exit codes, the folder
// walk, options, notebooks, file:// references and the timeline command.
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CLI_BIN, PROCESS_FIXTURES, PROJECT_ROOT, runCli, type CliRun } from './helpers/cli';
import { withTempFolder } from './helpers/temp-folder';

const root = PROJECT_ROOT;
const bin = CLI_BIN;
const fixtures = PROCESS_FIXTURES;

function run(...args: string[]): CliRun {
  return runIn(fixtures, ...args);
}

function runIn(cwd: string, ...args: string[]): CliRun {
  return runCli(cwd, args);
}

/** Parses --format json output, failing with the process's stderr when it is not JSON. */
function json<T>(result: CliRun): T {
  try {
    return JSON.parse(result.stdout) as T;
  } catch {
    throw new Error(`stdout is not JSON (exit ${result.status}):\n${result.stdout}\nstderr:\n${result.stderr}`);
  }
}

interface JsonFinding {
  file: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  severity: string;
  code: string;
  message: string;
  family: string | null;
}

interface Location {
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
}

/** 1-based location of the `occurrence`-th `token` in a fixture's text, computed independently of the CLI. */
function locate(file: string, token: string, occurrence = 0): Location {
  const text = readFileSync(join(fixtures, file), 'utf8');
  let offset = -1;
  for (let i = 0; i <= occurrence; i++) {
    offset = text.indexOf(token, offset + 1);
    if (offset === -1) throw new Error(`test bug: ${JSON.stringify(token)} (#${occurrence}) is not in ${file}`);
  }
  const position = (at: number) => {
    const before = text.slice(0, at);
    return { line: before.split('\n').length, column: at - before.lastIndexOf('\n') };
  };
  const start = position(offset);
  const end = position(offset + token.length);
  return { line: start.line, column: start.column, endLine: end.line, endColumn: end.column };
}

/** 1-based location of `token` where it directly follows the first `prefix + token` in the fixture. */
function locateAfter(file: string, prefix: string, token: string): Location {
  const whole = locate(file, prefix + token);
  if (whole.line !== whole.endLine) throw new Error('test bug: locateAfter needs a one-line match');
  return { line: whole.line, column: whole.column + prefix.length, endLine: whole.line, endColumn: whole.column + prefix.length + token.length };
}

/** The location of a finding, for comparing with locate(). */
const where = (f: JsonFinding): Location => ({ line: f.line, column: f.column, endLine: f.endLine, endColumn: f.endColumn });
const codes = (findings: readonly JsonFinding[]): string[] => findings.map((f) => f.code);

/**
 * The text lines for small.py: exact `file:line:col: severity code ` prefixes (checked by hand: line 9
 * `        "BlueGreenUpdatePolicy"` after 8 spaces; line 12 the 75 after 16 spaces and
 * `"CanarySize": {"Type": "CAPACITY_PERCENT", "Value": ` (52); line 15 the 300 after 12 spaces and
 * `"MaximumExecutionTimeoutInSeconds": ` (36)), then the facts each message must state.
 */
const SMALL_TEXT: [string, RegExp][] = [
  ['small.py:9:9: warning no-rollback-alarms ', /^No rollback alarms\b.*AutoRollbackConfiguration\.Alarms/],
  ['small.py:12:69: error canary-size ', /^Canary size 75% .*50% of the fleet\.$/],
  ['small.py:15:49: error out-of-range ', /^MaximumExecutionTimeoutInSeconds 300 .*minimum of 600 seconds\.$/],
  ['small.py:15:49: warning timeout-too-short ', /^MaximumExecutionTimeoutInSeconds 300 .*\b1200 s\b/],
];

/** Asserts text-format output line by line against SMALL_TEXT. */
function assertSmallText(stdout: string): void {
  assert.ok(stdout.endsWith('\n'), 'output ends with a newline');
  const lines = stdout.slice(0, -1).split('\n');
  assert.equal(lines.length, SMALL_TEXT.length, `one line per finding:\n${stdout}`);
  SMALL_TEXT.forEach(([prefix, message], i) => {
    const line = lines[i]!;
    assert.equal(line.slice(0, prefix.length), prefix, `line ${i + 1}`);
    assert.match(line.slice(prefix.length), message, `line ${i + 1}`);
  });
}

describe('sm-guardrails CLI as a process', function () {
  this.timeout(60000);

  describe('check: output formats', () => {
    it('text: `file:line:col: severity code message`, one line per finding, in document order', () => {
      const result = run('check', 'small.py');
      assertSmallText(result.stdout);
      assert.equal(result.stderr, '');
      assert.equal(result.status, 1);
      assert.deepEqual(locate('small.py', '75'), { line: 12, column: 69, endLine: 12, endColumn: 71 });
    });

    it('a reader that closes the pipe early (`| head`) ends the run quietly, with the check\'s exit status', () => {
      // `true` exits before Node has started, so every write meets a closed pipe (EPIPE).
      const result = spawnSync('bash', ['-c', `"${process.execPath}" "${bin}" check small.py | true; echo "status \${PIPESTATUS[0]}" >&2`], { cwd: fixtures, encoding: 'utf8', timeout: 30000 });
      assert.equal(result.stderr, 'status 1\n');
    });

    it('a full non-blocking pipe on stdout: the output waits for its reader and arrives whole', () => withTempFolder('sm-guardrails-pipe-', (work) => {
      // 600 findings of JSON (~180 KB) against a 64 KB pipe whose write end is non-blocking (as a
      // parent's own non-blocking pipe is when handed on) and whose reader starts 1 s late: the
      // writes meet EAGAIN until it reads.
      const config = '{"BlueGreenUpdatePolicy": {"TrafficRoutingConfiguration": {"Type": "CANARY", "CanarySize": {"Type": "CAPACITY_PERCENT", "Value": 75}, "WaitIntervalInSeconds": 60}}}';
      for (let i = 0; i < 300; i++) writeFileSync(join(work, `f${i}.py`), `c = ${config}\n`);
      const reader = [
        'import fcntl, os, subprocess, sys, time',
        'r, w = os.pipe()',
        'fcntl.fcntl(w, fcntl.F_SETFL, fcntl.fcntl(w, fcntl.F_GETFL) | os.O_NONBLOCK)',
        'p = subprocess.Popen(sys.argv[1:], stdout=w)',
        'os.close(w)',
        'time.sleep(1)',
        'data = b""',
        'while True:',
        '    chunk = os.read(r, 65536)',
        '    if not chunk: break',
        '    data += chunk',
        'sys.stdout.buffer.write(data)',
        'sys.exit(p.wait())',
      ].join('\n');
      const result = spawnSync('python3', ['-c', reader, process.execPath, bin, 'check', '--no-cache', '--format', 'json', '.'], { cwd: work, encoding: 'utf8', timeout: 30000, maxBuffer: 16 * 1024 * 1024 });
      assert.equal(result.stderr, '');
      assert.equal(result.status, 1);
      // Two findings a file: the canary size, and no rollback alarms.
      const findings = json<JsonFinding[]>({ status: result.status, stdout: result.stdout, stderr: result.stderr });
      assert.deepEqual(new Set(codes(findings)), new Set(['canary-size', 'no-rollback-alarms']));
      assert.equal(findings.length, 600);
      assert.ok(result.stdout.length > 2 * 65536, `${result.stdout.length} bytes do not fill the pipe`);
      assert.equal(result.stdout, runIn(work, 'check', '--no-cache', '--format', 'json', '.').stdout);
    }));

    it('text is the default format and --format text gives the same output', () => {
      assert.equal(run('check', '--format', 'text', 'small.py').stdout, run('check', 'small.py').stdout);
      assert.equal(run('check', '--format=text', 'small.py').stdout, run('check', 'small.py').stdout);
    });

    it('json: an array of {file, line, column, endLine, endColumn, severity, code, message}, 1-based, end exclusive', () => {
      const result = run('check', '--format', 'json', 'small.py');
      assert.equal(result.status, 1);
      const findings = json<JsonFinding[]>(result);
      for (const f of findings) assert.deepEqual(Object.keys(f).sort(), ['code', 'column', 'endColumn', 'endLine', 'family', 'file', 'line', 'message', 'severity']);
      assert.deepEqual(
        findings.map(({ message: _message, ...rest }) => rest),
        [
          { file: 'small.py', ...locate('small.py', '"BlueGreenUpdatePolicy"'), severity: 'warning', code: 'no-rollback-alarms', family: 'endpoint' },
          { file: 'small.py', ...locate('small.py', '75'), severity: 'error', code: 'canary-size', family: 'endpoint' },
          { file: 'small.py', ...locate('small.py', '300'), severity: 'error', code: 'out-of-range', family: 'endpoint' },
          { file: 'small.py', ...locate('small.py', '300'), severity: 'warning', code: 'timeout-too-short', family: 'endpoint' },
        ],
      );
      assert.deepEqual(where(findings[1]!), { line: 12, column: 69, endLine: 12, endColumn: 71 });
      assert.deepEqual(where(findings[2]!), { line: 15, column: 49, endLine: 15, endColumn: 52 });
      // The same findings and messages as the text format.
      assertSmallText(findings.map((f) => `${f.file}:${f.line}:${f.column}: ${f.severity} ${f.code} ${f.message}\n`).join(''));
      assert.equal(findings.map((f) => `${f.file}:${f.line}:${f.column}: ${f.severity} ${f.code} ${f.message}\n`).join(''), run('check', 'small.py').stdout);
    });

    it('json for a clean file is an empty array', () => {
      const result = run('check', '--format', 'json', 'clean.py');
      assert.deepEqual(json(result), []);
      assert.equal(result.status, 0);
    });

    it('sarif: version 2.1.0, one result per finding with ruleId, level and a 1-based region', () => {
      const result = run('check', '--format', 'sarif', 'small.py');
      assert.equal(result.status, 1);
      interface SarifResult {
        ruleId: string;
        level: string;
        message: { text: string };
        locations: { physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number; startColumn: number; endLine: number; endColumn: number } } }[];
      }
      const sarif = json<{ version: string; $schema: string; runs: { tool: { driver: { name: string; rules: { id: string }[] } }; results: SarifResult[] }[] }>(result);
      assert.equal(sarif.version, '2.1.0');
      assert.match(sarif.$schema, /sarif-2\.1\.0/);
      assert.equal(sarif.runs.length, 1);
      const run0 = sarif.runs[0]!;
      assert.equal(run0.tool.driver.name, 'sm-guardrails');
      for (const id of ['canary-size', 'out-of-range', 'timeout-too-short', 'no-rollback-alarms']) assert.ok(run0.tool.driver.rules.some((r) => r.id === id), `rule ${id} is listed`);
      assert.deepEqual(
        run0.results.map((r) => r.ruleId),
        ['no-rollback-alarms', 'canary-size', 'out-of-range', 'timeout-too-short'],
      );
      assert.deepEqual(
        run0.results.map((r) => r.level),
        ['warning', 'error', 'error', 'warning'],
      );
      const canary = run0.results[1]!;
      assert.equal(canary.locations[0]!.physicalLocation.artifactLocation.uri, 'small.py');
      const region = canary.locations[0]!.physicalLocation.region;
      assert.deepEqual(region, { startLine: 12, startColumn: 69, endLine: 12, endColumn: 71 });
      assert.deepEqual(
        run0.results.map((r) => r.locations[0]!.physicalLocation.region.startLine),
        [9, 12, 15, 15],
      );
      assert.match(canary.message.text, /Canary size 75%/);
    });
  });

  describe('check: exit codes', () => {
    it('0 for a clean file, with no output', () => {
      const result = run('check', 'clean.py');
      assert.equal(result.stdout, '');
      assert.equal(result.status, 0);
    });

    it('0 when there are only warnings', () => {
      const result = run('check', 'warnings-only.py');
      assert.match(result.stdout, /^warnings-only\.py:9:9: warning no-rollback-alarms [^\n]+\n$/);
      assert.equal(result.status, 0);
    });

    it('1 when any file has an error', () => {
      assert.equal(run('check', 'clean.py', 'small.py').status, 1);
    });

    const usage: [string, string[], RegExp][] = [
      ['an unknown option', ['check', '--bogus', 'small.py'], /Unknown option --bogus/],
      ['a missing path', ['check', 'no-such-file.py'], /No such file or folder: no-such-file\.py/],
      ['no arguments at all', [], /No command given/],
      ['check without paths', ['check'], /No files or folders/],
      ['an unknown format', ['check', '--format', 'xml', 'small.py'], /Unknown format "xml"/],
      ['an option without its value', ['check', 'small.py', '--format'], /--format needs a value/],
      ['an unknown rule in --disable', ['check', '--disable', 'no-such-rule', 'small.py'], /Unknown rule "no-such-rule"/],
      ['a fleet size of 0', ['check', '--fleet-size', '0', 'fleet.py'], /--fleet-size/],
      ['an unknown command', ['lint', 'small.py'], /Unknown command "lint"/],
    ];
    for (const [what, args, message] of usage) {
      it(`2 for ${what}, with the reason and the usage on stderr and nothing on stdout`, () => {
        const result = run(...args);
        assert.equal(result.status, 2);
        assert.equal(result.stdout, '');
        assert.match(result.stderr, message);
        assert.match(result.stderr, /Usage:/);
      });
    }
  });

  describe('check: folders, options, notebooks, file:// references', () => {
    it('walks a folder: only .py .ipynb .json .sh .bash .md .yaml (and IaC) files, sorted, node_modules, .terraform and cdk.out skipped', () => withTempFolder('sm-guardrails-walk-', (work) => {
      // A copy of tree/ (which also holds ignored.txt and ignored.py.bak with the same bad config),
      // plus node_modules/pkg/skipped.py, .terraform/skipped.tf and cdk.out/skipped.js made here:
      // .gitignore keeps node_modules folders out of the repository.
      cpSync(join(fixtures, 'tree'), join(work, 'tree'), { recursive: true });
      mkdirSync(join(work, 'tree', 'node_modules', 'pkg'), { recursive: true });
      writeFileSync(join(work, 'tree', 'node_modules', 'pkg', 'skipped.py'), readFileSync(join(fixtures, 'tree', 'a.py')));
      mkdirSync(join(work, 'tree', '.terraform'));
      writeFileSync(join(work, 'tree', '.terraform', 'skipped.tf'), 'resource "aws_sagemaker_endpoint" "e" {\n  deployment_config {\n    rolling_update_policy {\n      maximum_batch_size {\n        type  = "CAPACITY_PERCENT"\n        value = 80\n      }\n      wait_interval_in_seconds = 300\n    }\n  }\n}\n');
      mkdirSync(join(work, 'tree', 'cdk.out'));
      writeFileSync(join(work, 'tree', 'cdk.out', 'skipped.js'), "new CfnEndpoint(this, 'E', { deploymentConfig: { rollingUpdatePolicy: { maximumBatchSize: { type: 'CAPACITY_PERCENT', value: 80 }, waitIntervalInSeconds: 300 } } });\n");
      const result = runIn(work, 'check', '--format', 'json', 'tree');
      assert.equal(result.status, 1);
      const findings = json<JsonFinding[]>(result);
      assert.deepEqual(
        findings.map((f) => f.file),
        ['tree/a.py', 'tree/b.json', 'tree/c.sh', 'tree/g.yaml', 'tree/sub/d.bash', 'tree/sub/e.md', 'tree/sub/f.ipynb'],
      );
      assert.ok(findings.every((f) => f.code === 'rolling-batch-size' && f.severity === 'error'));
      for (const f of findings.slice(0, 6)) assert.deepEqual(where(f), locateAfter(f.file, '"Value": ', '80'), f.file);
      // In the .ipynb JSON text the number follows `\"Value\": ` (quotes escaped).
      assert.deepEqual(where(findings[6]!), locateAfter('tree/sub/f.ipynb', '\\"Value\\": ', '80'));
      // The skipped file is checked when named directly: plain file arguments are always checked.
      assert.deepEqual(codes(json<JsonFinding[]>(runIn(work, 'check', '--format', 'json', 'tree/node_modules/pkg/skipped.py'))), ['rolling-batch-size']);
    }));

    it('a file argument and a folder argument together', () => {
      const findings = json<JsonFinding[]>(run('check', '--format', 'json', 'small.py', 'tree/sub'));
      assert.deepEqual(
        [...new Set(findings.map((f) => f.file))],
        ['small.py', 'tree/sub/d.bash', 'tree/sub/e.md', 'tree/sub/f.ipynb'],
      );
    });

    it('--disable drops those rules; the exit status follows what is left', () => {
      const someDisabled = json<JsonFinding[]>(run('check', '--format', 'json', '--disable', 'canary-size,no-rollback-alarms', 'small.py'));
      assert.deepEqual(codes(someDisabled), ['out-of-range', 'timeout-too-short']);
      const errorsDisabled = run('check', '--disable=canary-size,out-of-range', 'small.py');
      assert.deepEqual(
        errorsDisabled.stdout.trimEnd().split('\n').map((line) => line.split(' ')[2]),
        ['no-rollback-alarms', 'timeout-too-short'],
      );
      assert.equal(errorsDisabled.status, 0, 'only warnings are left');
    });

    it('--fleet-size holds an INSTANCE_COUNT canary to the percentage limit (3 of 4 > 50%); without it, nothing', () => {
      const without = run('check', '--format', 'json', 'fleet.py');
      assert.deepEqual(json(without), []);
      assert.equal(without.status, 0);

      const withFleet = run('check', '--format', 'json', '--fleet-size', '4', 'fleet.py');
      assert.equal(withFleet.status, 1);
      const findings = json<JsonFinding[]>(withFleet);
      assert.deepEqual(codes(findings), ['canary-size']);
      assert.deepEqual(where(findings[0]!), locateAfter('fleet.py', '"Value": ', '3'));
      assert.deepEqual(where(findings[0]!), { line: 13, column: 67, endLine: 13, endColumn: 68 });
      assert.match(findings[0]!.message, /3 of 4 instances \(75%\)/);

      assert.deepEqual(json(run('check', '--format', 'json', '--fleet-size=10', 'fleet.py')), [], '3 of 10 is 30%: fine');
    });

    it('a .ipynb file: the finding points at the token inside the notebook JSON text', () => {
      // By hand: line 19 of notebook.ipynb holds the LinearStepSize; `\"Value\": 5` starts at column 123,
      // and the 5 is 11 characters later (the escaped quotes count): column 134.
      const result = run('check', '--format', 'json', 'notebook.ipynb');
      assert.equal(result.status, 1);
      const findings = json<JsonFinding[]>(result);
      assert.deepEqual(codes(findings), ['linear-step-size']);
      assert.deepEqual(where(findings[0]!), { line: 19, column: 134, endLine: 19, endColumn: 135 });
      assert.deepEqual(locateAfter('notebook.ipynb', '\\"Value\\": ', '5'), { line: 19, column: 134, endLine: 19, endColumn: 135 });
      assert.match(run('check', 'notebook.ipynb').stdout, /^notebook\.ipynb:19:134: error linear-step-size Linear step size 5%[^\n]*\n$/);
    });

    it('a file:// reference in a shell script: the finding is on the file:// token and names the line:col in the referenced file', () => {
      const result = run('check', '--format', 'json', 'file-ref.sh');
      assert.equal(result.status, 1);
      const findings = json<JsonFinding[]>(result);
      assert.deepEqual(codes(findings), ['linear-step-size']);
      assert.deepEqual(where(findings[0]!), locate('file-ref.sh', 'file://bad-config.json'));
      assert.deepEqual(where(findings[0]!), { line: 7, column: 23, endLine: 7, endColumn: 45 });
      // In bad-config.json the 60 is on line 5 after 6 spaces and `"LinearStepSize": {"Type": "CAPACITY_PERCENT", "Value": ` (56).
      const inReferenced = locate('bad-config.json', '60');
      assert.deepEqual([inReferenced.line, inReferenced.column], [5, 63]);
      assert.match(findings[0]!.message, /^bad-config\.json:5:63: Linear step size 60%/);
      // The referenced file checked on its own reports the same problem at that place.
      const direct = json<JsonFinding[]>(run('check', '--format', 'json', 'bad-config.json'));
      assert.deepEqual(direct.map((f) => [f.code, f.line, f.column]), [['linear-step-size', 5, 63]]);
    });

    it('a file:// reference to a missing file is a file-reference warning on the token (exit 0)', () => {
      const result = run('check', '--format', 'json', 'file-ref-missing.sh');
      const findings = json<JsonFinding[]>(result);
      assert.deepEqual(findings.map((f) => [f.code, f.severity]), [['file-reference', 'warning']]);
      assert.deepEqual(where(findings[0]!), locate('file-ref-missing.sh', 'file://no-such-config.json'));
      assert.equal(result.status, 0);
    });
  });

  describe('timeline', () => {
    // timeline.py: a fleet of 4 (InitialInstanceCount), canary of 1 instance (25%), 10 min bakes, 5 min termination wait.
    it('text: the strategy line, the phase table and the totals', () => {
      const result = run('timeline', 'timeline.py');
      assert.equal(result.status, 0, result.stderr);
      const lines = result.stdout.split('\n');
      assert.equal(lines[0], 'timeline.py:12: blue/green, canary of 1 instance (25%), 4 instances');
      assert.ok(lines.includes('traffic on the new fleet (%)'));
      const table = lines.filter((line) => /^\d\s{4}/.test(line)).map((line) => line.split(/\s{2,}/));
      assert.deepEqual(table, [
        ['1', 'shift traffic', '0 s', '0 s', '0 s', '25%', '4', '4'],
        ['1', 'baking period', '0 s', '10 min', '10 min', '25%', '4', '4'],
        ['2', 'shift traffic', '10 min', '10 min', '0 s', '100%', '4', '4'],
        ['2', 'baking period', '10 min', '20 min', '10 min', '100%', '4', '4'],
        ['2', 'termination wait', '20 min', '25 min', '5 min', '100%', '4', '4'],
        ['2', 'terminate old', '25 min', '25 min', '0 s', '100%', '0', '4'],
      ]);
      assert.match(result.stdout, /^total\s+25 min$/m);
      assert.match(result.stdout, /^peak instances\s+8 \(fleet 4\)$/m);
      assert.match(result.stdout, /^execution timeout\s+1 h: fits \(35 min to spare\)$/m);
    });

    it('json: strategy, fleetSize, phases, totalSeconds, peakInstances, extraInstanceSeconds, rollback', () => {
      const result = run('timeline', 'timeline.py', '--format', 'json');
      assert.equal(result.status, 0, result.stderr);
      interface Phase {
        kind: string;
        startSeconds: number;
        endSeconds: number;
        greenTrafficPercent: number;
        blueInstances: number;
        greenInstances: number;
      }
      const entries = json<{ location: string; strategy: string; fleetSize: number; phases: Phase[]; totalSeconds: number; peakInstances: number; extraInstanceSeconds: number; rollback: { bake: number; greenTrafficPercentAtTrip: number; tripAtSeconds: number }[] }[]>(result);
      assert.equal(entries.length, 1);
      const entry = entries[0]!;
      assert.equal(entry.location, 'timeline.py:12');
      assert.equal(entry.strategy, 'CANARY');
      assert.equal(entry.fleetSize, 4);
      assert.deepEqual(
        entry.phases.map((p) => [p.kind, p.startSeconds, p.endSeconds, p.greenTrafficPercent, p.blueInstances, p.greenInstances]),
        [
          ['shift', 0, 0, 25, 4, 4],
          ['bake', 0, 600, 25, 4, 4],
          ['shift', 600, 600, 100, 4, 4],
          ['bake', 600, 1200, 100, 4, 4],
          ['termination-wait', 1200, 1500, 100, 4, 4],
          ['terminate', 1500, 1500, 100, 0, 4],
        ],
      );
      assert.equal(entry.totalSeconds, 1500);
      assert.equal(entry.peakInstances, 8, 'blue and green fleets of 4 side by side');
      assert.equal(entry.extraInstanceSeconds, 6000, '4 extra instances for 1500 s');
      assert.deepEqual(
        entry.rollback.map((r) => [r.bake, r.tripAtSeconds, r.greenTrafficPercentAtTrip]),
        [
          [1, 600, 25],
          [2, 1200, 100],
        ],
      );
    });

    it('without a known fleet size it says so and exits 1; --instances supplies it', () => {
      const unknown = run('timeline', 'fleet.py');
      assert.equal(unknown.status, 1);
      assert.match(unknown.stdout, /^fleet\.py:9: the fleet size is unknown/);
      const given = run('timeline', 'fleet.py', '--instances', '10', '--format', 'json');
      assert.equal(given.status, 0, given.stderr);
      const [entry] = json<{ fleetSize: number; strategy: string; phases: { kind: string; greenTrafficPercent: number }[] }[]>(given);
      assert.equal(entry!.fleetSize, 10);
      assert.equal(entry!.phases.find((p) => p.kind === 'bake')!.greenTrafficPercent, 30);
    });

    it('usage errors exit 2', () => {
      assert.equal(run('timeline').status, 2);
      assert.equal(run('timeline', 'no-such-file.py').status, 2);
      assert.equal(run('timeline', 'timeline.py', '--format', 'sarif').status, 2);
    });
  });

  describe('config families', () => {
    it('json and sarif say each finding\'s family; --copy-count holds COPY_COUNT batches to the copy count', () => {
      const found = json<JsonFinding[]>(run('check', '--format', 'json', 'families.py'));
      assert.deepEqual(
        found.map((f) => [f.code, f.family, f.line, f.column]),
        [
          ['invalid-enum', 'hyperpod-cluster', locate('families.py', '"CAPACITY_PERCENT"').line, locate('families.py', '"CAPACITY_PERCENT"').column],
          ['misplaced-argument', 'endpoint', locate('families.py', 'AutoRollbackConfiguration=').line, locate('families.py', 'AutoRollbackConfiguration=').column],
        ],
      );
      const withCopies = json<JsonFinding[]>(run('check', '--format', 'json', '--copy-count', '4', 'families.py'));
      const batch = withCopies.find((f) => f.code === 'rolling-batch-size');
      assert.equal(batch?.family, 'inference-component');
      assert.deepEqual([batch?.line, batch?.column], [locate('families.py', '3}').line, locate('families.py', '3}').column]);
      assert.match(batch!.message, /3 of 4 copies \(75%\)/);
      const sarif = JSON.parse(run('check', '--format', 'sarif', 'families.py').stdout) as { runs: { results: { ruleId: string; properties?: { family: string } }[] }[] };
      assert.deepEqual(sarif.runs[0]!.results.map((r) => [r.ruleId, r.properties?.family]), [['invalid-enum', 'hyperpod-cluster'], ['misplaced-argument', 'endpoint']]);
      // AWS-sample-like correct code of both families in examples/: no finding at all.
      const examples = runIn(root, 'check', '--format', 'json', 'examples/inference_component_rolling_update.ipynb', 'examples/hyperpod_cluster_update.py');
      assert.deepEqual(json(examples), []);
      assert.equal(examples.status, 0);
      const usage = run('check', '--copy-count', '0', 'families.py');
      assert.equal(usage.status, 2);
      assert.match(usage.stderr, /--copy-count needs a whole number/);
    });
  });
});
