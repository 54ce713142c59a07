// `check --fix` and `convert` as a real process on copies of files in a temp folder.
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tempFolder } from './helpers/temp-folder';

const root = join(__dirname, '..', '..', '..');
const cli = join(root, 'dist', 'cli.js');

function run(cwd: string, ...args: string[]) {
  const result = spawnSync(process.execPath, [cli, ...args], { cwd, encoding: 'utf8', timeout: 30000 });
  if (result.error) throw result.error;
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

const python = `cfg = {
    'BlueGreenUpdatePolicy': {
        'TrafficRoutingConfiguration': {
            'Type': 'Canary',
            'CanarySize': {'Type': 'CAPACITY_PERCENT', 'Value': 75},
            'WaitIntervalInSeconds': 600,
        },
        'MaximumExecutionTimeoutInSeconds': 900,
    },
}
sm.update_endpoint(EndpointName='e', EndpointConfigName='c', DeploymentConfig=cfg)
`;

describe('CLI check --fix and convert (process)', function () {
  this.timeout(30000);
  const dir = tempFolder('sm-edits-');

  it('check --fix rewrites the file in place and reports only what remains (a warning: exit 0)', () => {
    writeFileSync(join(dir.path, 'deploy.py'), python);
    const result = run(dir.path, 'check', '--fix', 'deploy.py');
    assert.equal(readFileSync(join(dir.path, 'deploy.py'), 'utf8'), python.replace("'Canary'", "'CANARY'").replace('75', '50').replace('900', '1800'));
    assert.equal(result.stdout, 'deploy.py:2:5: warning no-rollback-alarms No rollback alarms: without AutoRollbackConfiguration.Alarms no baking period can trigger a rollback.\n');
    assert.match(result.stderr, /fixed deploy\.py \(2 problems fewer, 1 left\)/);
    assert.equal(result.status, 0);
  });

  it('check --fix on a notebook edits the cell inside the .ipynb JSON', () => {
    const notebook = {
      cells: [
        { cell_type: 'code', metadata: {}, source: ['cfg = {"RollingUpdatePolicy": {"MaximumBatchSize": {"Type": "CAPACITY_PERCENT", "Value": 90}, "WaitIntervalInSeconds": 300},\n', '       "AutoRollbackConfiguration": {"Alarms": [{"AlarmName": "a"}]}}'], outputs: [], execution_count: null },
        { cell_type: 'code', metadata: {}, source: ['sm.update_endpoint(EndpointName="e", EndpointConfigName="c", DeploymentConfig=cfg)'], outputs: [], execution_count: null },
      ],
      metadata: {},
      nbformat: 4,
      nbformat_minor: 5,
    };
    const raw = JSON.stringify(notebook, null, 1);
    writeFileSync(join(dir.path, 'rollout.ipynb'), raw);
    const result = run(dir.path, 'check', '--fix', 'rollout.ipynb');
    assert.equal(result.status, 0, result.stdout + result.stderr);
    assert.equal(result.stdout, '');
    assert.equal(readFileSync(join(dir.path, 'rollout.ipynb'), 'utf8'), raw.replace('\\"Value\\": 90', '\\"Value\\": 50'));
  });

  it('check --fix leaves a clean file untouched', () => {
    const clean = `aws sagemaker update-endpoint --endpoint-name e --endpoint-config-name c --deployment-config '{"RollingUpdatePolicy":{"MaximumBatchSize":{"Type":"CAPACITY_PERCENT","Value":20},"WaitIntervalInSeconds":300},"AutoRollbackConfiguration":{"Alarms":[{"AlarmName":"a"}]}}'\n`;
    writeFileSync(join(dir.path, 'deploy.sh'), clean);
    const result = run(dir.path, 'check', '--fix', 'deploy.sh');
    assert.deepEqual([result.status, result.stdout, result.stderr], [0, '', '']);
    assert.equal(readFileSync(join(dir.path, 'deploy.sh'), 'utf8'), clean);
  });

  it('convert --to rolling FILE:LINE prints the converted file and leaves the file alone', () => {
    const fixed = python.replace("'Canary'", "'CANARY'").replace('75', '10');
    writeFileSync(join(dir.path, 'deploy.py'), fixed);
    const result = run(dir.path, 'convert', '--to', 'rolling', 'deploy.py:3');
    assert.equal(result.status, 0, result.stderr);
    assert.equal(
      result.stdout,
      `cfg = {
    'RollingUpdatePolicy': {
        'MaximumBatchSize': {'Type': 'CAPACITY_PERCENT', 'Value': 10},
        'WaitIntervalInSeconds': 600,
        'MaximumExecutionTimeoutInSeconds': 7200,
    },
}
sm.update_endpoint(EndpointName='e', EndpointConfigName='c', DeploymentConfig=cfg)
`,
    );
    assert.match(result.stderr, /deploy\.py:1: Convert to rolling: 1 h 40 min, peak 110% of the fleet; MaximumExecutionTimeoutInSeconds 900 raised to 7200 \(the rollout waits 6000 s\)/);
    assert.equal(readFileSync(join(dir.path, 'deploy.py'), 'utf8'), fixed);
  });

  it('convert --write rewrites shorthand in place; converting to the mode it has is exit 1; bad usage is exit 2', () => {
    const shorthand = `aws sagemaker update-endpoint --endpoint-name e --endpoint-config-name c --deployment-config 'RollingUpdatePolicy={MaximumBatchSize={Type=CAPACITY_PERCENT,Value=10},WaitIntervalInSeconds=300},AutoRollbackConfiguration={Alarms=[{AlarmName=a}]}'\n`;
    writeFileSync(join(dir.path, 'deploy.sh'), shorthand);
    const written = run(dir.path, 'convert', '--to', 'all-at-once', '--write', 'deploy.sh');
    assert.deepEqual([written.status, written.stdout], [0, '']);
    const converted = shorthand.replace('RollingUpdatePolicy={MaximumBatchSize={Type=CAPACITY_PERCENT,Value=10},WaitIntervalInSeconds=300}', 'BlueGreenUpdatePolicy={TrafficRoutingConfiguration={Type=ALL_AT_ONCE,WaitIntervalInSeconds=300}}');
    assert.equal(readFileSync(join(dir.path, 'deploy.sh'), 'utf8'), converted);
    const again = run(dir.path, 'convert', '--to', 'all-at-once', 'deploy.sh');
    assert.equal(again.status, 1);
    assert.match(again.stderr, /already all at once/);
    assert.equal(run(dir.path, 'convert', '--to', 'blue', 'deploy.sh').status, 2);
    assert.equal(run(dir.path, 'convert', 'deploy.sh').status, 2);
    writeFileSync(join(dir.path, 'empty.py'), 'x = 1\n');
    assert.equal(run(dir.path, 'convert', '--to', 'canary', 'empty.py').status, 1);
  });

  it('convert in a file that does not parse as written: refused (exit 1, the file untouched) when the converted text would not read the configs whole', () => {
    const lines = readFileSync(join(root, 'examples', 'deploy_canary.py'), 'utf8').split('\n');
    // A `(` left open after the first call's DeploymentConfig.
    lines[59] += '(';
    const broken = lines.join('\n');
    writeFileSync(join(dir.path, 'open_bracket.py'), broken);
    const refused = run(dir.path, 'convert', '--to', 'rolling', '--write', 'open_bracket.py');
    assert.equal(refused.status, 1, refused.stderr);
    assert.match(refused.stderr, /open_bracket\.py: not converted: the file does not parse as written \(a string or bracket left open\), and the converted text would not read the configs whole\. Fix the syntax first\./);
    assert.equal(readFileSync(join(dir.path, 'open_bracket.py'), 'utf8'), broken);
    // The first config alone converts and stays whole.
    const first = run(dir.path, 'convert', '--to', 'rolling', 'open_bracket.py:44');
    assert.equal(first.status, 0, first.stderr);
    assert.match(first.stdout, /"RollingUpdatePolicy"/);
  });
});
