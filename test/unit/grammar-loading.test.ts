// Grammars load per language, on first use: a check of JSON files compiles no grammar, a Python
// file compiles Python's only, and a second tree-sitter runtime (the server's fresh one after a
// recycle) reuses the compiled grammar and finds the same. Each case runs in a fresh Node process,
// since what a process has compiled is process-wide.
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

const outRoot = join(__dirname, '..', '..');

/** Runs `body` in a new process with `grammars`, `checkText` and `report(label, result)` in scope; returns the reports. */
function inFreshProcess(body: string): Record<string, { compiled: string[]; findings: string[] }> {
  const script = `
    const { loadParsers, createRuntime, precompile, compiledGrammarNames } = require(${JSON.stringify(join(outRoot, 'server/src/node/grammars.js'))});
    const { checkText } = require(${JSON.stringify(join(outRoot, 'server/src/node/check-file.js'))});
    const { LineIndex } = require(${JSON.stringify(join(outRoot, 'server/src/core/text.js'))});
    const reports = {};
    const report = (label, result) => {
      const index = new LineIndex(result.text);
      reports[label] = {
        compiled: [...compiledGrammarNames],
        findings: result.findings.map((f) => { const p = index.positionAt(f.span.offset); return f.code + ' ' + p.line + ':' + p.character; }),
      };
    };
    (async () => { ${body} })().then(() => process.stdout.write(JSON.stringify(reports)), (e) => { console.error(e); process.exit(1); });
  `;
  const result = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8', timeout: 60_000 });
  assert.equal(result.status, 0, result.stderr);
  return JSON.parse(result.stdout) as Record<string, { compiled: string[]; findings: string[] }>;
}

const JSON_CONFIG = '{\n  "DeploymentConfig": {\n    "RollingUpdatePolicy": {"MaximumBatchSize": {"Type": "CAPACITY_PERCENT", "Value": 200}, "WaitIntervalInSeconds": 60}\n  }\n}\n';
const PYTHON_CONFIG =
  'import boto3\n\nsm = boto3.client("sagemaker")\nsm.update_endpoint(\n    EndpointName="e",\n    DeploymentConfig={"RollingUpdatePolicy": {"MaximumBatchSize": {"Type": "CAPACITY_PERCENT", "Value": 200}, "WaitIntervalInSeconds": 60}},\n)\n';

describe('grammar loading (per language, on first use)', function () {
  this.timeout(60_000);

  it('compiles no grammar for JSON files, then only Python for a Python file', () => {
    const reports = inFreshProcess(`
      const parsers = await loadParsers();
      report('json', checkText('/tmp/a.json', ${JSON.stringify(JSON_CONFIG)}, parsers, {}));
      report('python', checkText('/tmp/a.py', ${JSON.stringify(PYTHON_CONFIG)}, parsers, {}));
    `);
    assert.deepEqual(reports.json, { compiled: [], findings: ['no-rollback-alarms 2:4', 'rolling-batch-size 2:86'] });
    assert.deepEqual(reports.python, { compiled: ['python'], findings: ['no-rollback-alarms 5:22', 'rolling-batch-size 5:104'] });
  });

  it('a fresh runtime reuses the compiled grammar and finds the same as the first', () => {
    const reports = inFreshProcess(`
      const first = await createRuntime();
      report('first', checkText('/tmp/a.py', ${JSON.stringify(PYTHON_CONFIG)}, first.parsers, {}));
      const second = await createRuntime();
      report('second', checkText('/tmp/a.py', ${JSON.stringify(PYTHON_CONFIG)}, second.parsers, {}));
      // The first runtime still works after the second was made: they share no state.
      report('first again', checkText('/tmp/a.py', ${JSON.stringify(PYTHON_CONFIG)}, first.parsers, {}));
    `);
    const expected = { compiled: ['python'], findings: ['no-rollback-alarms 5:22', 'rolling-batch-size 5:104'] };
    assert.deepEqual(reports.first, expected);
    assert.deepEqual(reports.second, expected);
    assert.deepEqual(reports['first again'], expected);
  });

  it('grammars compiled ahead in the background (as the server does for Python) find what grammars compiled on first use find', () => {
    const shell = 'aws sagemaker update-endpoint --endpoint-name e --endpoint-config-name c \\\n  --deployment-config \'{"RollingUpdatePolicy": {"MaximumBatchSize": {"Type": "CAPACITY_PERCENT", "Value": 200}, "WaitIntervalInSeconds": 60}}\'\n';
    const checks = `
      const parsers = (await createRuntime()).parsers;
      report('python', checkText('/tmp/a.py', ${JSON.stringify(PYTHON_CONFIG)}, parsers, {}));
      report('shell', checkText('/tmp/a.sh', ${JSON.stringify(shell)}, parsers, {}));
    `;
    const ahead = inFreshProcess(`await precompile(['python']); ${checks}`);
    const onFirstUse = inFreshProcess(checks);
    assert.deepEqual(ahead.python, { compiled: ['python'], findings: ['no-rollback-alarms 5:22', 'rolling-batch-size 5:104'] });
    // Bash was not compiled ahead: it is compiled when the shell file needs it, and finds the same.
    assert.deepEqual(ahead.shell, { compiled: ['python', 'bash'], findings: onFirstUse.shell!.findings });
    assert.ok(ahead.shell!.findings.some((f) => f.startsWith('rolling-batch-size ')), `the shell check finds the batch size: ${ahead.shell!.findings.join(', ')}`);
  });
});
