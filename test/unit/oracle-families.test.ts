// Differential test against botocore for the other two DeploymentConfig families: inference
// components (shape InferenceComponentDeploymentConfig) and HyperPod clusters (DeploymentConfiguration).
// A seeded generator makes valid configs and ones with one or two mutations (misspelled, extra and
// missing keys, the other family's keys and enum spellings, alarm lists wrapped or bare, wrong
// values), renders each as the family's boto3 call, --cli-input-json skeleton and `aws sagemaker`
// command, and compares our API-level findings with botocore's ParamValidator plus the model's
// enums and maximums (test/fixtures/oracle/validate.py), code, path and token, in every host.
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { checkDocument, type DocumentKind, type SyntaxParsers } from '../../server/src/core/check';
import type { ConfigFamily, Finding } from '../../server/src/core/model';
import { parsersReady } from './helpers/findings';

const repoRoot = path.resolve(__dirname, '..', '..', '..');
const oracleScript = path.join(repoRoot, 'test', 'fixtures', 'oracle', 'validate.py');

type Gen = { k: 'obj'; props: [string, Gen][] } | { k: 'list'; items: Gen[] } | { k: 'str'; v: string } | { k: 'int'; v: number } | { k: 'float'; text: string } | { k: 'bool'; v: boolean } | { k: 'null' };
const obj = (...props: [string, Gen][]): Gen => ({ k: 'obj', props });
const str = (v: string): Gen => ({ k: 'str', v });
const int = (v: number): Gen => ({ k: 'int', v });
const list = (...items: Gen[]): Gen => ({ k: 'list', items });
const size = (type: string, value: number): Gen => obj(['Type', str(type)], ['Value', int(value)]);
const alarmItems = (...names: string[]): Gen[] => names.map((n) => obj(['AlarmName', str(n)]));

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

function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const clone = (g: Gen): Gen => JSON.parse(JSON.stringify(g)) as Gen;

interface Place {
  path: (string | number)[];
  node: Gen;
  parent?: Gen;
  at?: string | number;
}

function places(node: Gen, pathSoFar: (string | number)[] = [], parent?: Gen, at?: string | number): Place[] {
  const found: Place[] = [{ path: pathSoFar, node, ...(parent ? { parent } : {}), ...(at !== undefined ? { at } : {}) }];
  if (node.k === 'obj') for (const [key, value] of node.props) found.push(...places(value, [...pathSoFar, key], node, key));
  if (node.k === 'list') node.items.forEach((item, i) => found.push(...places(item, [...pathSoFar, i], node, i)));
  return found;
}

function replaceIn(place: Place, value: Gen): void {
  const parent = place.parent;
  if (parent?.k === 'obj') {
    const entry = parent.props.find(([key]) => key === place.at);
    if (entry) entry[1] = value;
  } else if (parent?.k === 'list') parent.items[place.at as number] = value;
}

/** Keys of every family, so the other family's keys (a blue/green policy, a timeout, a wait) turn up where they do not belong. */
const KEYS = ['BlueGreenUpdatePolicy', 'RollingUpdatePolicy', 'AutoRollbackConfiguration', 'WaitIntervalInSeconds', 'MaximumExecutionTimeoutInSeconds', 'MaximumBatchSize', 'RollbackMaximumBatchSize', 'Type', 'Value', 'Alarms', 'AlarmName', 'Foo'];
const WRONG_VALUES: Gen[] = [
  str('COPY_COUNT'), str('INSTANCE_COUNT'), str('CAPACITY_PERCENT'), str('CAPACITY_PERCENTAGE'), str('copy_count'), str('600'), str(''), str('   '), str('a'.repeat(256)),
  { k: 'float', text: '60.5' }, { k: 'float', text: '60.0' }, { k: 'bool', v: true }, { k: 'null' },
  int(-1), int(0), int(1), int(3601), int(599), int(28801), list(), obj(), obj(['AlarmName', str('x')]),
];

function mutate(root: Gen, random: () => number): string {
  const all = places(root);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  const kind = Math.floor(random() * 8);
  const objects = all.filter((p) => p.node.k === 'obj');
  const members = all.filter((p) => p.parent?.k === 'obj');
  if (kind === 0 && members.length > 0) {
    const place = pick(members);
    const entry = (place.parent as Extract<Gen, { k: 'obj' }>).props.find(([key]) => key === place.at)!;
    entry[0] = random() < 0.5 ? entry[0].toLowerCase() : `${entry[0]}s`;
    return `misspell ${place.path.join('.')} -> ${entry[0]}`;
  }
  if (kind <= 2 && objects.length > 0) {
    const place = pick(objects);
    const key = pick(KEYS);
    if (place.node.k === 'obj' && !place.node.props.some(([k]) => k === key)) place.node.props.push([key, random() < 0.5 ? int(60) : obj()]);
    return `extra key ${key} in ${place.path.join('.') || 'root'}`;
  }
  if (kind === 3 && members.length > 0) {
    const place = pick(members);
    const parent = place.parent as Extract<Gen, { k: 'obj' }>;
    parent.props = parent.props.filter(([key]) => key !== place.at);
    return `delete ${place.path.join('.')}`;
  }
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
    if (holder) {
      replaceIn(holder, random() < 0.5 ? list() : list(...alarmItems(...Array.from({ length: 11 }, (_, i) => `alarm-${i}`))));
      return 'alarm count';
    }
  }
  const scalars = all.filter((p) => p.parent && p.node.k !== 'obj' && p.node.k !== 'list');
  if (scalars.length === 0) return 'none';
  const place = pick(kind === 6 ? all.filter((p) => p.parent) : scalars);
  const value = clone(pick(WRONG_VALUES));
  replaceIn(place, value);
  return `set ${place.path.join('.')} = ${JSON.stringify(value)}`;
}

interface Case {
  id: string;
  config: Gen;
  label: string;
}

function generateCases(family: Family, count: number, seed: number): Case[] {
  const random = prng(seed);
  return Array.from({ length: count }, (_, i) => {
    const config = clone(family.bases[i % family.bases.length]!);
    const mutations = i < family.bases.length ? 0 : random() < 0.2 ? 0 : random() < 0.6 ? 1 : 2;
    const labels: string[] = [];
    for (let m = 0; m < mutations; m++) labels.push(mutate(config, random));
    return { id: `${family.family}-${i}`, config, label: labels.join('; ') || 'valid' };
  });
}

function renderJson(g: Gen, indent: string | undefined, level = 0): string {
  const pad = (n: number): string => (indent === undefined ? '' : `\n${indent.repeat(n)}`);
  switch (g.k) {
    case 'obj':
      return g.props.length ? `{${g.props.map(([k, v]) => `${pad(level + 1)}${JSON.stringify(k)}: ${renderJson(v, indent, level + 1)}`).join(',')}${pad(level)}}` : '{}';
    case 'list':
      return g.items.length ? `[${g.items.map((v) => `${pad(level + 1)}${renderJson(v, indent, level + 1)}`).join(',')}${pad(level)}]` : '[]';
    case 'str':
      return JSON.stringify(g.v);
    case 'int':
      return String(g.v);
    case 'float':
      return g.text;
    case 'bool':
      return String(g.v);
    case 'null':
      return 'null';
  }
}

/** Python literals are JSON but for True/False/None. */
function renderPython(g: Gen, level = 1): string {
  const pad = (n: number): string => `\n${'    '.repeat(n)}`;
  switch (g.k) {
    case 'obj':
      return g.props.length ? `{${g.props.map(([k, v]) => `${pad(level + 1)}${JSON.stringify(k)}: ${renderPython(v, level + 1)}`).join(',')},${pad(level)}}` : '{}';
    case 'list':
      return g.items.length ? `[${g.items.map((v) => renderPython(v, level + 1)).join(', ')}]` : '[]';
    case 'bool':
      return g.v ? 'True' : 'False';
    case 'null':
      return 'None';
    default:
      return renderJson(g, undefined);
  }
}

interface Rendered {
  kind: DocumentKind;
  host: 'python' | 'json' | 'cli';
  text: string;
}

function renderAll(family: Family, c: Case): Rendered[] {
  return [
    { kind: 'python', host: 'python', text: family.python(renderPython(c.config)) },
    { kind: 'json', host: 'json', text: family.json(renderJson(c.config, '  ', 1)) },
    { kind: 'shell', host: 'cli', text: family.cli(renderJson(c.config, undefined)) },
  ];
}

type PathSeg = string | number;
interface OracleResult {
  id: string;
  botocore: { type: string; path: PathSeg[]; key?: string }[];
  model: { kind: string; path: PathSeg[] }[];
}

function runOracle(cases: { id: string; json: string; shape: string }[]): { skip: string } | Map<string, OracleResult> {
  const result = spawnSync('python3', [oracleScript], { input: JSON.stringify(cases), encoding: 'utf8', timeout: 60_000, maxBuffer: 64 * 1024 * 1024 });
  if (result.error !== undefined) {
    if ((result.error as NodeJS.ErrnoException).code === 'ENOENT') return { skip: 'python3 is not on PATH' };
    throw result.error;
  }
  if (result.status === 3) return { skip: result.stderr.trim() || 'botocore is not importable by python3' };
  assert.equal(result.status, 0, `python3 validate.py exited with ${result.status}: ${result.stderr}`);
  const parsed = JSON.parse(result.stdout) as { results: OracleResult[] };
  return new Map(parsed.results.map((r) => [r.id, r]));
}

const API_CODES = new Set(['unknown-key', 'missing-key', 'wrong-type', 'out-of-range', 'invalid-enum']);

function expectedFindings(oracle: OracleResult): string[] {
  const boolPaths = new Set(oracle.model.filter((m) => m.kind === 'bool-as-int').map((m) => JSON.stringify(m.path)));
  const expected = new Set<string>();
  for (const error of oracle.botocore) {
    const p = JSON.stringify(error.path);
    if (error.type === 'missing required field') expected.add(`missing-key ${p} ${error.key}`);
    else if (error.type === 'unknown field') expected.add(`unknown-key ${JSON.stringify([...error.path, error.key!])}`);
    else if (error.type === 'invalid type') expected.add(`wrong-type ${p}`);
    else if ((error.type === 'invalid range' || error.type === 'invalid length') && !boolPaths.has(p)) expected.add(`out-of-range ${p}`);
    else if (error.type !== 'invalid range' && error.type !== 'invalid length') expected.add(`unexpected botocore error ${error.type} ${p}`);
  }
  for (const extra of oracle.model) {
    const p = JSON.stringify(extra.path);
    expected.add(extra.kind === 'enum' ? `invalid-enum ${p}` : extra.kind === 'bool-as-int' ? `wrong-type ${p}` : `out-of-range ${p}`);
  }
  return [...expected].sort();
}

function findingKey(f: Finding): string {
  const p = JSON.stringify(f.data?.path ?? null);
  return f.code === 'missing-key' ? `missing-key ${p} ${f.data?.missingKey}` : `${f.code} ${p}`;
}

function canonicalToken(token: string, host: Rendered['host']): string {
  let t = token;
  if (host === 'python') t = t.replace(/\bTrue\b/g, 'true').replace(/\bFalse\b/g, 'false').replace(/\bNone\b/g, 'null');
  return t.replace(/\s+/g, '').replace(/,([\]}])/g, '$1');
}

function genAt(root: Gen, p: readonly PathSeg[]): Gen | undefined {
  let node: Gen | undefined = root;
  for (const seg of p) {
    if (!node) return undefined;
    if (typeof seg === 'number') node = node.k === 'list' ? node.items[seg] : undefined;
    else node = node.k === 'obj' ? [...node.props].reverse().find(([key]) => key === seg)?.[1] : undefined;
  }
  return node;
}

function expectedToken(c: Case, f: Finding): string | undefined {
  const p = f.data?.path ?? [];
  const render = (g: Gen | undefined): string | undefined => (g ? canonicalToken(renderJson(g, undefined), 'json') : undefined);
  switch (f.code) {
    case 'unknown-key':
      return JSON.stringify(p[p.length - 1]);
    case 'missing-key': {
      const last = p[p.length - 1];
      return typeof last === 'string' ? JSON.stringify(last) : '{';
    }
    case 'out-of-range': {
      const node = genAt(c.config, p);
      if (node?.k === 'list' && node.items.length > 10) return render(node.items[10]);
      return render(node);
    }
    default:
      return render(genAt(c.config, p));
  }
}

const CASE_COUNT = Number(process.env.ORACLE_CASES ?? 200);

for (const family of FAMILIES) {
  describe(`differential test against botocore: ${family.family} (${family.shape})`, function () {
    let parsers: SyntaxParsers;
    let cases: Case[];
    let oracle: Map<string, OracleResult>;

    before(async function () {
      this.timeout(60_000);
      parsers = await parsersReady();
      cases = generateCases(family, CASE_COUNT, 20261130);
      const ran = runOracle(cases.map((c) => ({ id: c.id, json: renderJson(c.config, undefined), shape: family.shape })));
      if ('skip' in ran) {
        if (process.env.CI === 'true') throw new Error(`CI=true and the Python oracle is unavailable: ${String(ran.skip).split('\n')[0]}`);
        this.skip();
      } else oracle = ran;
    });

    it('generates both accepted and rejected configs, with every kind of botocore error', function () {
      const rejected = cases.filter((c) => oracle.get(c.id)!.botocore.length > 0).length;
      assert.ok(rejected >= 50, `${rejected} configs rejected by botocore`);
      assert.ok(cases.length - rejected >= 40, `${cases.length - rejected} configs accepted by botocore`);
      const kinds = new Set(cases.flatMap((c) => oracle.get(c.id)!.botocore.map((e) => e.type)));
      for (const kind of ['invalid range', 'invalid type', 'missing required field', 'unknown field']) assert.ok(kinds.has(kind), `no ${kind} case`);
    });

    for (const host of ['python', 'json', 'cli'] as const) {
      it(`${host}: the same API errors as botocore and the model, on the right token, read as ${family.family}`, function () {
        this.timeout(30_000);
        const failures: string[] = [];
        for (const c of cases) {
          const rendered = renderAll(family, c).find((r) => r.host === host)!;
          const { blocks, findings } = checkDocument(rendered.text, rendered.kind, { parsers });
          if (blocks.length !== 1 || blocks[0]!.family !== family.family) failures.push(`${c.id}: blocks ${blocks.map((b) => b.family).join()}`);
          const bad = findings.filter((f) => f.code === 'internal-error' || f.code === 'cli-syntax');
          if (bad.length) failures.push(`${c.id} (${c.label}): ${bad.map((f) => f.message).join('; ')}`);
          const api = findings.filter((f) => API_CODES.has(f.code));
          const actual = [...new Set(api.map(findingKey))].sort();
          const expected = expectedFindings(oracle.get(c.id)!);
          if (JSON.stringify(actual) !== JSON.stringify(expected)) {
            failures.push(`${c.id} (${c.label}):\n      expected ${JSON.stringify(expected)}\n      actual   ${JSON.stringify(actual)}\n${rendered.text}`);
            continue;
          }
          for (const f of api) {
            const token = canonicalToken(rendered.text.slice(f.span.offset, f.span.offset + f.span.length), host);
            const wanted = expectedToken(c, f);
            if (token !== wanted) failures.push(`${c.id} (${c.label}): ${findingKey(f)} covers ${JSON.stringify(token)}, expected ${JSON.stringify(wanted)}`);
          }
        }
        assert.deepEqual(failures.slice(0, 6), [], `${failures.length} of ${cases.length} cases differ`);
      });
    }
  });
}
