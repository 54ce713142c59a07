// Differential test against botocore: a seeded generator makes a few hundred DeploymentConfig
// variants (valid ones and ones with one or two mutations), renders each as a boto3 call in
// Python, a --cli-input-json style JSON file and a one-line `aws sagemaker update-endpoint
// --deployment-config '...'`, and runs botocore's ParamValidator over all of them in one python3
// process. Every error botocore raises (unknown key, missing key, wrong type, below minimum) must
// be ours too, on the right token; a config botocore accepts must get none of them from us, except
// what the service model says beyond ParamValidator (enums, maximums, the alarm name pattern),
// which the oracle script reports separately. The three hosts must agree finding for finding.
import { strict as assert } from 'node:assert';
import { checkDocument, type SyntaxParsers } from '../../server/src/core/check';
import { completionsAt } from '../../server/src/core/services/completion';
import { hoverAt } from '../../server/src/core/services/hover';
import { parsersReady } from './helpers/findings';
import { alarmItems, botocoreVerdicts, canonicalToken, clone, deleteMember, differencesFromOracle, int, list, mutatedVariant, mutationSites, obj, oracleVerdicts, pythonScalar, renameMember, renderJson, replaceIn, setAlarmCount, setWrongValue, size, str } from './helpers/oracle-configs';
import type { ConfigCase, Gen, OracleResult, Rendered } from './helpers/oracle-configs';
import { random as seededRandom } from './helpers/random';

const alarms = (...names: string[]): Gen => obj(['Alarms', list(...alarmItems(...names))]);

const BASES: Gen[] = [
  obj(
    ['BlueGreenUpdatePolicy', obj(
      ['TrafficRoutingConfiguration', obj(['Type', str('CANARY')], ['WaitIntervalInSeconds', int(600)], ['CanarySize', size('CAPACITY_PERCENT', 10)])],
      ['TerminationWaitInSeconds', int(300)],
      ['MaximumExecutionTimeoutInSeconds', int(3600)],
    )],
    ['AutoRollbackConfiguration', alarms('latency-p99', 'errors-5xx')],
  ),
  obj(
    ['BlueGreenUpdatePolicy', obj(
      ['TrafficRoutingConfiguration', obj(['Type', str('LINEAR')], ['WaitIntervalInSeconds', int(300)], ['LinearStepSize', size('CAPACITY_PERCENT', 20)])],
      ['MaximumExecutionTimeoutInSeconds', int(7200)],
    )],
    ['AutoRollbackConfiguration', alarms('model-errors')],
  ),
  obj(['BlueGreenUpdatePolicy', obj(['TrafficRoutingConfiguration', obj(['Type', str('ALL_AT_ONCE')], ['WaitIntervalInSeconds', int(0)])])]),
  obj(
    ['RollingUpdatePolicy', obj(
      ['MaximumBatchSize', size('CAPACITY_PERCENT', 20)],
      ['WaitIntervalInSeconds', int(120)],
      ['MaximumExecutionTimeoutInSeconds', int(1800)],
      ['RollbackMaximumBatchSize', size('INSTANCE_COUNT', 1)],
    )],
    ['AutoRollbackConfiguration', alarms('p99', 'cpu', 'invocation-errors')],
  ),
  obj(
    ['BlueGreenUpdatePolicy', obj(['TrafficRoutingConfiguration', obj(['Type', str('CANARY')], ['WaitIntervalInSeconds', int(60)], ['CanarySize', size('INSTANCE_COUNT', 1)])])],
    ['AutoRollbackConfiguration', alarms('a')],
  ),
  obj(['AutoRollbackConfiguration', alarms('only-alarms')]),
  obj(),
];

const KNOWN_KEYS = ['BlueGreenUpdatePolicy', 'RollingUpdatePolicy', 'AutoRollbackConfiguration', 'TrafficRoutingConfiguration', 'Type', 'WaitIntervalInSeconds', 'CanarySize', 'LinearStepSize', 'TerminationWaitInSeconds', 'MaximumExecutionTimeoutInSeconds', 'MaximumBatchSize', 'RollbackMaximumBatchSize', 'Value', 'Alarms', 'AlarmName'];

function misspell(key: string, random: () => number): string {
  const i = Math.floor(random() * key.length);
  switch (Math.floor(random() * 5)) {
    case 0:
      return key.slice(0, i) + key.slice(i + 1) || 'X';
    case 1:
      return key.toLowerCase();
    case 2:
      return `${key}s`;
    case 3:
      return key.replace('InSeconds', 'Seconds') === key ? `${key}_` : key.replace('InSeconds', 'Seconds');
    default:
      return key.slice(0, i) + key[i]!.toUpperCase() + key[i]!.toLowerCase() + key.slice(i + 1);
  }
}

const WRONG_VALUES: Gen[] = [
  str('600'), str('10'), str(''), str('   '), str('a'.repeat(256)), str('Canary'), str('canary'), str('CAPACITY_PERCENTAGE'), str(' LINEAR'), str('ALL-AT-ONCE'),
  { k: 'float', text: '60.5' }, { k: 'float', text: '60.0' }, { k: 'float', text: '1e2' },
  { k: 'bool', v: true }, { k: 'bool', v: false }, { k: 'null' },
  int(-1), int(0), int(3601), int(28801), int(599), int(100000), int(51), int(1),
  list(), list(int(1)), obj(), obj(['Type', str('CANARY')]),
];

/** Applies one random mutation; returns a short label for failure messages. */
function mutate(root: Gen, random: () => number): string {
  const sites = mutationSites(root, random);
  const { all, objects, members, pick } = sites;
  const kind = Math.floor(random() * 9);
  if (kind <= 1 && members.length > 0) return renameMember(pick(members), (key) => misspell(key, random));
  if (kind === 2 && objects.length > 0) {
    const place = pick(objects);
    const key = random() < 0.5 ? pick(KNOWN_KEYS) : pick(['Foo', 'WaitIntervalSeconds', 'Alarm', 'Size', 'type']);
    if (place.node.k === 'obj' && !place.node.props.some(([k]) => k === key)) place.node.props.push([key, random() < 0.5 ? int(5) : str('x')]);
    return `extra key ${key} in ${place.path.join('.')}`;
  }
  if (kind === 3 && members.length > 0) return deleteMember(pick(members));
  if (kind === 4) {
    const holder = all.find((p) => p.path.join('.') === 'AutoRollbackConfiguration.Alarms');
    if (holder) return setAlarmCount(holder, random);
  }
  if (kind === 5) {
    // A list where an object belongs, or an object where a list belongs.
    const containers = all.filter((p) => p.parent && (p.node.k === 'obj' || p.node.k === 'list'));
    if (containers.length > 0) {
      const place = pick(containers);
      replaceIn(place, place.node.k === 'obj' ? list(clone(place.node)) : obj(['AlarmName', str('x')]));
      return `wrap ${place.path.join('.')}`;
    }
  }
  return setWrongValue(sites, kind === 6, WRONG_VALUES);
}

export interface Case extends ConfigCase {
  /** Python rendering choices. */
  quote: "'" | '"';
  trailingComma: boolean;
  tuples: boolean;
}

export function generateCases(count: number, seed = 20261123): Case[] {
  const random = seededRandom(seed);
  return Array.from({ length: count }, (_, i) => ({
    id: `case-${i}`,
    ...mutatedVariant(BASES, i, random, 0.25, mutate),
    // Drawn after the case's mutations.
    quote: random() < 0.5 ? "'" : '"',
    trailingComma: random() < 0.3,
    tuples: random() < 0.15,
  }));
}

// ---------------------------------------------------------------------------------------------
// Renderers.

export function renderPython(g: Gen, c: Pick<Case, 'quote' | 'trailingComma' | 'tuples'>, level = 1): string {
  const pad = (n: number): string => `\n${'    '.repeat(n)}`;
  const tail = c.trailingComma ? ',' : '';
  const quoted = (s: string): string => (c.quote === '"' ? JSON.stringify(s) : `'${s.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`);
  switch (g.k) {
    case 'obj':
      if (g.props.length === 0) return '{}';
      return `{${g.props.map(([key, value]) => `${pad(level + 1)}${quoted(key)}: ${renderPython(value, c, level + 1)}`).join(',')}${tail}${pad(level)}}`;
    case 'list': {
      if (g.items.length === 0) return c.tuples ? '()' : '[]';
      const [open, close] = c.tuples ? ['(', ')'] : ['[', ']'];
      // A one-item tuple needs its comma.
      const itemTail = c.tuples && g.items.length === 1 ? ',' : tail;
      return `${open}${g.items.map((item) => `${pad(level + 1)}${renderPython(item, c, level + 1)}`).join(',')}${itemTail}${pad(level)}${close}`;
    }
    case 'str':
      return quoted(g.v);
    default:
      return pythonScalar(g);
  }
}

function hasPolicyKey(g: Gen): boolean {
  return g.k === 'obj' && g.props.some(([key]) => ['BlueGreenUpdatePolicy', 'RollingUpdatePolicy', 'AutoRollbackConfiguration'].includes(key));
}

export function renderAll(c: Case, index: number): Rendered[] {
  const python =
    'import boto3\n\nsm = boto3.client("sagemaker")\nsm.update_endpoint(\n    EndpointName="my-endpoint",\n    EndpointConfigName="my-endpoint-v2",\n' +
    `    DeploymentConfig=${renderPython(c.config, c)},\n)\n`;
  // Alternate the skeleton form and the bare-config form (the latter is found only with a policy key,
  // and is read as an endpoint config only when its content says so: a BlueGreenUpdatePolicy).
  const json =
    index % 2 === 0 && hasPolicyKey(c.config) && c.config.k === 'obj' && c.config.props.some(([key]) => key === 'BlueGreenUpdatePolicy')
      ? `${renderJson(c.config, '  ')}\n`
      : `{\n  "EndpointName": "my-endpoint",\n  "EndpointConfigName": "my-endpoint-v2",\n  "DeploymentConfig": ${renderJson(c.config, '  ', 1)}\n}\n`;
  const cli = `aws sagemaker update-endpoint --endpoint-name my-endpoint --endpoint-config-name my-endpoint-v2 --deployment-config '${renderJson(c.config, undefined)}'\n`;
  return [
    { kind: 'python', host: 'python', text: python },
    { kind: 'json', host: 'json', text: json },
    { kind: 'shell', host: 'cli', text: cli },
  ];
}

// ---------------------------------------------------------------------------------------------

const CASE_COUNT = Number(process.env.ORACLE_CASES ?? 400);

describe('differential test against botocore ParamValidator', function () {
  let parsers: SyntaxParsers;
  let cases: Case[];
  let oracle: Map<string, OracleResult>;

  before(async function () {
    this.timeout(60_000);
    parsers = await parsersReady();
    cases = generateCases(CASE_COUNT);
    oracle = oracleVerdicts(this, cases.map((c) => ({ id: c.id, json: renderJson(c.config, undefined) })), { announce: true });
  });

  it('generates a deterministic mix of accepted and rejected configs', function () {
    assert.deepEqual(generateCases(CASE_COUNT).map((c) => c.label), cases.map((c) => c.label), 'same seed, same cases');
    const { rejected, errorKinds } = botocoreVerdicts(cases, oracle);
    const accepted = cases.length - rejected;
    // Both sides must be well represented, or the comparison proves little.
    assert.ok(rejected >= 100, `${rejected} configs rejected by botocore`);
    assert.ok(accepted >= 100, `${accepted} configs accepted by botocore`);
    assert.deepEqual([...errorKinds].sort(), ['invalid length', 'invalid range', 'invalid type', 'missing required field', 'unknown field']);
  });

  for (const host of ['python', 'json', 'cli'] as const) {
    it(`${host}: same API errors as botocore and the model, on the right token`, function () {
      this.timeout(30_000);
      const failures: string[] = [];
      cases.forEach((c, index) => {
        const rendered = renderAll(c, index).find((r) => r.host === host)!;
        const { findings } = checkDocument(rendered.text, rendered.kind, { parsers });
        failures.push(...differencesFromOracle(c, rendered, findings, oracle.get(c.id)!));
      });
      assert.deepEqual(failures.slice(0, 8), [], `${failures.length} of ${cases.length} cases differ`);
    });
  }

  it('gives the same findings (code, path, token) in Python, JSON and the CLI', function () {
    this.timeout(30_000);
    const failures: string[] = [];
    cases.forEach((c, index) => {
      const perHost = renderAll(c, index).map((r) => {
        const { findings } = checkDocument(r.text, r.kind, { parsers });
        return findings
          .map((f) => `${f.code} ${JSON.stringify(f.data?.path ?? null)} ${canonicalToken(r.text.slice(f.span.offset, f.span.offset + f.span.length), r.host)}`)
          .sort()
          .join('\n');
      });
      if (perHost[0] !== perHost[1] || perHost[1] !== perHost[2]) failures.push(`${c.id} (${c.label}):\n  python: ${perHost[0]}\n  json: ${perHost[1]}\n  cli: ${perHost[2]}`);
    });
    assert.deepEqual(failures.slice(0, 5), [], `${failures.length} cases differ between hosts`);
  });
});

describe('hover and completion on generated configs', function () {
  it('never throw at any offset of 36 generated configs in every host', async function () {
    this.timeout(20_000);
    const parsers = await parsersReady();
    let calls = 0;
    generateCases(36, 7).forEach((c, index) => {
      for (const r of renderAll(c, index)) {
        const { blocks } = checkDocument(r.text, r.kind, { parsers });
        assert.ok(blocks.length >= 1, `${c.id} ${r.host}: the config is found`);
        for (let offset = 0; offset <= r.text.length; offset++) {
          try {
            hoverAt(blocks, offset, 4);
            completionsAt(r.text, r.kind, blocks, offset);
            calls++;
          } catch (error) {
            assert.fail(`${c.id} (${c.label}) ${r.host} at offset ${offset}: ${(error as Error).stack}\n${r.text}`);
          }
        }
      }
    });
    assert.ok(calls > 10_000, `${calls} offsets visited`);
  });
});
