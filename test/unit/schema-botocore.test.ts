// The schema (schemas/deployment-config.schema.json) is the single source of truth for fields,
// types, enums and limits in this repo; this test keeps it equal to the SageMaker service model of
// the botocore installed for python3. It skips only when python3 or botocore is missing.
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { compareSchemaWithModel, ModelDump } from './helpers/schema-botocore-compare';

// At run time this file is out/test/unit/schema-botocore.test.js: the repo root is three levels up.
const repoRoot = path.resolve(__dirname, '..', '..', '..');
const schemaPath = path.join(repoRoot, 'schemas', 'deployment-config.schema.json');
const dumpScript = path.join(repoRoot, 'scripts', 'dump-botocore-shapes.py');
const EXIT_NO_BOTOCORE = 3; // scripts/dump-botocore-shapes.py: botocore not importable

type DumpResult = { skip: string } | { dump: ModelDump };

function runDump(): DumpResult {
  const result = spawnSync('python3', [dumpScript], { cwd: repoRoot, encoding: 'utf8', timeout: 60_000 });
  if (result.error !== undefined) {
    if ((result.error as NodeJS.ErrnoException).code === 'ENOENT') return { skip: 'python3 is not on PATH' };
    throw result.error;
  }
  const stderr = result.stderr.trim();
  if (result.status === EXIT_NO_BOTOCORE) return { skip: stderr || 'botocore is not importable by python3' };
  assert.equal(result.status, 0, `python3 ${path.relative(repoRoot, dumpScript)} exited with ${result.status}${result.signal ? ` (${result.signal})` : ''}: ${stderr}`);
  return { dump: JSON.parse(result.stdout) as ModelDump };
}

function loadSchema(): unknown {
  return JSON.parse(readFileSync(schemaPath, 'utf8'));
}

function definition(schema: unknown, name: string): Record<string, any> {
  const found = (schema as { definitions?: Record<string, Record<string, any>> }).definitions?.[name];
  assert.ok(found, `schema definitions.${name} exists`);
  return found;
}

describe('schema vs botocore SageMaker model', function () {
  let dump: ModelDump;

  before(function () {
    this.timeout(60_000); // python3 + loading the gzipped sagemaker model takes a second or two
    const result = runDump();
    if ('skip' in result) {
      // The oracle is optional on a developer's machine, never in CI (python3 with botocore and awscli is installed there).
      if (process.env.CI === 'true') throw new Error(`CI=true and the Python oracle is unavailable: ${result.skip.split('\n')[0]}`);
      console.log(`    skipped: ${result.skip.split('\n')[0]}`);
      this.skip();
    } else {
      dump = result.dump;
    }
  });

  it('matches DeploymentConfig: members, required, types, enums, limits, patterns', function () {
    assert.equal(dump.root.name, 'DeploymentConfig', 'DeploymentConfig: dumped root shape name');
    assert.equal(dump.root.type, 'structure', 'DeploymentConfig: dumped root shape type');
    const differences = compareSchemaWithModel(loadSchema(), dump.root);
    assert.deepEqual(
      differences,
      [],
      `schemas/deployment-config.schema.json differs from botocore ${dump.botocoreVersion} ` +
        `(${dump.service} ${dump.apiVersion}):\n  ${differences.join('\n  ')}`,
    );
  });

  it('reports a deliberately altered schema, path by path', function () {
    const altered = loadSchema();
    const traffic = definition(altered, 'TrafficRoutingConfig');
    traffic.properties.Type.enum = ['ALL_AT_ONCE', 'CANARY']; // LINEAR removed
    definition(altered, 'RollingUpdatePolicy').properties.MaximumExecutionTimeoutInSeconds.maximum = 14400;
    definition(altered, 'Alarm').properties.AlarmName.pattern = '^.+'; // blank names would pass
    definition(altered, 'CapacitySize').required = ['Value']; // shared: reported at each of its 4 uses

    const expected = [
      'BlueGreenUpdatePolicy.TrafficRoutingConfiguration.Type enum: schema lacks LINEAR',
      'RollingUpdatePolicy.MaximumExecutionTimeoutInSeconds maximum: schema has 14400, botocore has 28800',
      'AutoRollbackConfiguration.Alarms[].AlarmName pattern: schema has "^.+", botocore has "(?!\\\\s*$).+"',
      'BlueGreenUpdatePolicy.TrafficRoutingConfiguration.CanarySize required: schema does not require Type',
      'BlueGreenUpdatePolicy.TrafficRoutingConfiguration.LinearStepSize required: schema does not require Type',
      'RollingUpdatePolicy.MaximumBatchSize required: schema does not require Type',
      'RollingUpdatePolicy.RollbackMaximumBatchSize required: schema does not require Type',
    ];
    const differences = compareSchemaWithModel(altered, dump.root);
    assert.deepEqual(
      [...differences].sort(),
      [...expected].sort(),
      `altered schema: expected exactly the injected differences, got:\n  ${differences.join('\n  ')}`,
    );
  });
});
