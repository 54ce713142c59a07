// Differential test against botocore for the other two DeploymentConfig families: inference
// components (shape InferenceComponentDeploymentConfig) and HyperPod clusters (DeploymentConfiguration).
// A seeded generator makes valid configs and ones with one or two mutations (misspelled, extra and
// missing keys, the other family's keys and enum spellings, alarm lists wrapped or bare, wrong
// values), renders each as the family's boto3 call, --cli-input-json skeleton and `aws sagemaker`
// command, and compares our API-level findings with botocore's ParamValidator plus the model's
// enums and maximums (test/fixtures/oracle/validate.py), code, path and token, in every host.
import { strict as assert } from 'node:assert';
import { checkDocument, type SyntaxParsers } from '../../server/src/core/check';
import type { ConfigFamily } from '../../server/src/core/model';
import { parsersReady } from './helpers/findings';
import { alarmItems, botocoreVerdicts, clone, deleteMember, differencesFromOracle, int, list, mutatedVariant, mutationSites, obj, oracleVerdicts, pythonScalar, renameMember, renderJson, replaceIn, setAlarmCount, setWrongValue, size, str } from './helpers/oracle-configs';
import type { ConfigCase, Gen, OracleResult, Rendered } from './helpers/oracle-configs';
import { random as seededRandom } from './helpers/random';

interface Family {
  family: ConfigFamily;
  shape: string;
  bases: Gen[];
  python: (config: string) => string;
  json: (config: string) => string;
  cli: (config: string) => string;
}

const FAMILIES: Family[] = [
  {
    family: 'inference-component',
    shape: 'InferenceComponentDeploymentConfig',
    bases: [
      obj(
        ['RollingUpdatePolicy', obj(['MaximumBatchSize', size('COPY_COUNT', 1)], ['WaitIntervalInSeconds', int(300)], ['MaximumExecutionTimeoutInSeconds', int(3600)], ['RollbackMaximumBatchSize', size('COPY_COUNT', 1)])],
        ['AutoRollbackConfiguration', obj(['Alarms', list(...alarmItems('ic-errors', 'ic-latency'))])],
      ),
      obj(['RollingUpdatePolicy', obj(['MaximumBatchSize', size('CAPACITY_PERCENT', 20)], ['WaitIntervalInSeconds', int(120)])], ['AutoRollbackConfiguration', obj(['Alarms', list(...alarmItems('a'))])]),
      obj(['RollingUpdatePolicy', obj(['MaximumBatchSize', size('CAPACITY_PERCENT', 50)], ['WaitIntervalInSeconds', int(0)], ['RollbackMaximumBatchSize', size('CAPACITY_PERCENT', 100)])]),
    ],
    python: (c) => `import boto3\n\nsm = boto3.client("sagemaker")\nsm.update_inference_component(\n    InferenceComponentName="my-ic",\n    DeploymentConfig=${c},\n)\n`,
    json: (c) => `{\n  "InferenceComponentName": "my-ic",\n  "DeploymentConfig": ${c}\n}\n`,
    cli: (c) => `aws sagemaker update-inference-component --inference-component-name my-ic --deployment-config '${c}'\n`,
  },
  {
    family: 'hyperpod-cluster',
    shape: 'DeploymentConfiguration',
    bases: [
      obj(
        ['RollingUpdatePolicy', obj(['MaximumBatchSize', size('INSTANCE_COUNT', 1)], ['RollbackMaximumBatchSize', size('CAPACITY_PERCENTAGE', 100)])],
        ['WaitIntervalInSeconds', int(120)],
        ['AutoRollbackConfiguration', list(...alarmItems('node-health', 'gpu-errors'))],
      ),
      obj(['RollingUpdatePolicy', obj(['MaximumBatchSize', size('CAPACITY_PERCENTAGE', 25)])], ['AutoRollbackConfiguration', list(...alarmItems('a'))]),
      obj(['WaitIntervalInSeconds', int(0)]),
    ],
    python: (c) => `import boto3\n\nclient = boto3.client("sagemaker")\nclient.update_cluster_software(\n    ClusterName="my-cluster",\n    DeploymentConfig=${c},\n)\n`,
    json: (c) => `{\n  "ClusterName": "my-cluster",\n  "DeploymentConfig": ${c}\n}\n`,
    cli: (c) => `aws sagemaker update-cluster-software --cluster-name my-cluster --deployment-config '${c}'\n`,
  },
];

/** Keys of every family, so the other family's keys (a blue/green policy, a timeout, a wait) turn up where they do not belong. */
const KEYS = ['BlueGreenUpdatePolicy', 'RollingUpdatePolicy', 'AutoRollbackConfiguration', 'WaitIntervalInSeconds', 'MaximumExecutionTimeoutInSeconds', 'MaximumBatchSize', 'RollbackMaximumBatchSize', 'Type', 'Value', 'Alarms', 'AlarmName', 'Foo'];
const WRONG_VALUES: Gen[] = [
  str('COPY_COUNT'), str('INSTANCE_COUNT'), str('CAPACITY_PERCENT'), str('CAPACITY_PERCENTAGE'), str('copy_count'), str('600'), str(''), str('   '), str('a'.repeat(256)),
  { k: 'float', text: '60.5' }, { k: 'float', text: '60.0' }, { k: 'bool', v: true }, { k: 'null' },
  int(-1), int(0), int(1), int(3601), int(599), int(28801), list(), obj(), obj(['AlarmName', str('x')]),
];

/** Applies one random mutation; returns a short label for failure messages. */
function mutate(root: Gen, random: () => number): string {
  const sites = mutationSites(root, random);
  const { all, objects, members, pick } = sites;
  const kind = Math.floor(random() * 8);
  if (kind === 0 && members.length > 0) return renameMember(pick(members), (key) => (random() < 0.5 ? key.toLowerCase() : `${key}s`));
  if (kind <= 2 && objects.length > 0) {
    const place = pick(objects);
    const key = pick(KEYS);
    if (place.node.k === 'obj' && !place.node.props.some(([k]) => k === key)) place.node.props.push([key, random() < 0.5 ? int(60) : obj()]);
    return `extra key ${key} in ${place.path.join('.') || 'root'}`;
  }
  if (kind === 3 && members.length > 0) return deleteMember(pick(members));
  if (kind === 4) {
    // The other family's alarm list: {Alarms: [...]} <-> a bare list.
    const holder = all.find((p) => p.path.join('.') === 'AutoRollbackConfiguration');
    if (holder) {
      const node = holder.node;
      const alarms = node.k === 'obj' ? node.props.find(([k]) => k === 'Alarms')?.[1] : undefined;
      if (node.k === 'list') replaceIn(holder, obj(['Alarms', clone(node)]));
      else if (alarms) replaceIn(holder, clone(alarms));
      return 'alarm list in the other shape';
    }
  }
  if (kind === 5) {
    const holder = all.find((p) => p.node.k === 'list');
    if (holder) return setAlarmCount(holder, random);
  }
  return setWrongValue(sites, kind === 6, WRONG_VALUES);
}

function generateCases(family: Family, count: number, seed: number): ConfigCase[] {
  const random = seededRandom(seed);
  return Array.from({ length: count }, (_, i) => ({ id: `${family.family}-${i}`, ...mutatedVariant(family.bases, i, random, 0.2, mutate) }));
}

/** Python literals: strings in double quotes as in JSON, a trailing comma after object members, lists on one line. */
function renderPython(g: Gen, level = 1): string {
  const pad = (n: number): string => `\n${'    '.repeat(n)}`;
  switch (g.k) {
    case 'obj':
      return g.props.length ? `{${g.props.map(([k, v]) => `${pad(level + 1)}${JSON.stringify(k)}: ${renderPython(v, level + 1)}`).join(',')},${pad(level)}}` : '{}';
    case 'list':
      return g.items.length ? `[${g.items.map((v) => renderPython(v, level + 1)).join(', ')}]` : '[]';
    default:
      return pythonScalar(g);
  }
}

/** One-line JSON for the CLI and the oracle, members joined by a bare comma. */
const oneLineJson = (g: Gen): string => renderJson(g, undefined, 0, ',');

function renderAll(family: Family, c: ConfigCase): Rendered[] {
  return [
    { kind: 'python', host: 'python', text: family.python(renderPython(c.config)) },
    { kind: 'json', host: 'json', text: family.json(renderJson(c.config, '  ', 1)) },
    { kind: 'shell', host: 'cli', text: family.cli(oneLineJson(c.config)) },
  ];
}

const CASE_COUNT = Number(process.env.ORACLE_CASES ?? 200);

for (const family of FAMILIES) {
  describe(`differential test against botocore: ${family.family} (${family.shape})`, function () {
    let parsers: SyntaxParsers;
    let cases: ConfigCase[];
    let oracle: Map<string, OracleResult>;

    before(async function () {
      this.timeout(60_000);
      parsers = await parsersReady();
      cases = generateCases(family, CASE_COUNT, 20261130);
      oracle = oracleVerdicts(this, cases.map((c) => ({ id: c.id, json: oneLineJson(c.config), shape: family.shape })), { announce: false });
    });

    it('generates both accepted and rejected configs, with every kind of botocore error', function () {
      const { rejected, errorKinds } = botocoreVerdicts(cases, oracle);
      assert.ok(rejected >= 50, `${rejected} configs rejected by botocore`);
      assert.ok(cases.length - rejected >= 40, `${cases.length - rejected} configs accepted by botocore`);
      for (const kind of ['invalid range', 'invalid type', 'missing required field', 'unknown field']) assert.ok(errorKinds.has(kind), `no ${kind} case`);
    });

    for (const host of ['python', 'json', 'cli'] as const) {
      it(`${host}: the same API errors as botocore and the model, on the right token, read as ${family.family}`, function () {
        this.timeout(30_000);
        const failures: string[] = [];
        for (const c of cases) {
          const rendered = renderAll(family, c).find((r) => r.host === host)!;
          const { blocks, findings } = checkDocument(rendered.text, rendered.kind, { parsers });
          if (blocks.length !== 1 || blocks[0]!.family !== family.family) failures.push(`${c.id}: blocks ${blocks.map((b) => b.family).join()}`);
          failures.push(...differencesFromOracle(c, rendered, findings, oracle.get(c.id)!));
        }
        assert.deepEqual(failures.slice(0, 6), [], `${failures.length} of ${cases.length} cases differ`);
      });
    }
  });
}
