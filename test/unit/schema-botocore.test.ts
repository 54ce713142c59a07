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

function runDump(rootShape = 'DeploymentConfig'): DumpResult {
  const result = spawnSync('python3', [dumpScript, rootShape], { cwd: repoRoot, encoding: 'utf8', timeout: 60_000 });
  if (result.error !== undefined) {
    if ((result.error as NodeJS.ErrnoException).code === 'ENOENT') return { skip: 'python3 is not on PATH' };
    throw result.error;
  }
  const stderr = result.stderr.trim();
  if (result.status === EXIT_NO_BOTOCORE) return { skip: stderr || 'botocore is not importable by python3' };
  assert.equal(result.status, 0, `python3 ${path.relative(repoRoot, dumpScript)} exited with ${result.status}${result.signal ? ` (${result.signal})` : ''}: ${stderr}`);
  return { dump: JSON.parse(result.stdout) as ModelDump };
}

function loadSchema(file = schemaPath): unknown {
  return JSON.parse(readFileSync(file, 'utf8'));
}

/** The other families' schemas and the botocore shape each one describes. */
const FAMILY_SCHEMAS = [
  { family: 'inference-component', file: 'inference-component-deployment-config.schema.json', shape: 'InferenceComponentDeploymentConfig' },
  { family: 'hyperpod-cluster', file: 'hyperpod-cluster-deployment-config.schema.json', shape: 'DeploymentConfiguration' },
] as const;

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

  for (const { family, file, shape } of FAMILY_SCHEMAS) {
    it(`matches ${shape} (${family}): members, required, types, enums, limits, patterns`, function () {
      this.timeout(60_000);
      const result = runDump(shape);
      if ('skip' in result) this.skip();
      const { root } = (result as { dump: ModelDump }).dump;
      assert.equal(root.name, shape);
      const differences = compareSchemaWithModel(loadSchema(path.join(repoRoot, 'schemas', file)), root);
      assert.deepEqual(differences, [], `schemas/${file} differs from botocore's ${shape}:\n  ${differences.join('\n  ')}`);
    });
  }

  it("reports a family schema that took another family's spelling or shape", function () {
    this.timeout(60_000);
    const ic = runDump('InferenceComponentDeploymentConfig');
    const hp = runDump('DeploymentConfiguration');
    if ('skip' in ic || 'skip' in hp) this.skip();
    const icSchema = loadSchema(path.join(repoRoot, 'schemas', FAMILY_SCHEMAS[0].file));
    definition(icSchema, 'InferenceComponentCapacitySize').properties.Type.enum = ['INSTANCE_COUNT', 'CAPACITY_PERCENT'];
    assert.deepEqual(compareSchemaWithModel(icSchema, ic.dump.root).sort(), [
      'RollingUpdatePolicy.MaximumBatchSize.Type enum: schema has INSTANCE_COUNT, botocore does not',
      'RollingUpdatePolicy.MaximumBatchSize.Type enum: schema lacks COPY_COUNT',
      'RollingUpdatePolicy.RollbackMaximumBatchSize.Type enum: schema has INSTANCE_COUNT, botocore does not',
      'RollingUpdatePolicy.RollbackMaximumBatchSize.Type enum: schema lacks COPY_COUNT',
    ]);
    const hpSchema = loadSchema(path.join(repoRoot, 'schemas', FAMILY_SCHEMAS[1].file)) as { properties: Record<string, unknown> };
    hpSchema.properties.AutoRollbackConfiguration = { type: 'object', additionalProperties: false, properties: { Alarms: { type: 'array' } } };
    assert.deepEqual(compareSchemaWithModel(hpSchema, hp.dump.root), [
      'AutoRollbackConfiguration type: schema has "object", botocore AutoRollbackAlarms is list (expected "array")',
    ]);
  });
});
