// Differential test against botocore: a seeded generator makes a few hundred DeploymentConfig
// variants (valid ones and ones with one or two mutations), renders each as a boto3 call in
// Python, a --cli-input-json style JSON file and a one-line `aws sagemaker update-endpoint
// --deployment-config '...'`, and runs botocore's ParamValidator over all of them in one python3
// process. Every error botocore raises (unknown key, missing key, wrong type, below minimum) must
// be ours too, on the right token; a config botocore accepts must get none of them from us, except
// what the service model says beyond ParamValidator (enums, maximums, the alarm name pattern),
// which the oracle script reports separately. The three hosts must agree finding for finding.
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { checkDocument, type DocumentKind } from '../../server/src/core/check';
import type { Finding } from '../../server/src/core/model';
import { completionsAt } from '../../server/src/core/services/completion';
import { hoverAt } from '../../server/src/core/services/hover';
import { parsersReady } from './helpers/findings';
import type { SyntaxParsers } from '../../server/src/core/check';

// At run time this file is out/test/unit/oracle-botocore.test.js: the repo root is three levels up.
const repoRoot = path.resolve(__dirname, '..', '..', '..');
const oracleScript = path.join(repoRoot, 'test', 'fixtures', 'oracle', 'validate.py');
const EXIT_NO_BOTOCORE = 3;

// ---------------------------------------------------------------------------------------------
// Generated values: a small typed tree, so a float keeps its text (60.0 is not 60 to botocore) and
// objects keep their key order.

export type Gen =
  | { k: 'obj'; props: [string, Gen][] }
  | { k: 'list'; items: Gen[]; tuple?: boolean }
  | { k: 'str'; v: string }
  | { k: 'int'; v: number }
  | { k: 'float'; text: string }
  | { k: 'bool'; v: boolean }
  | { k: 'null' };

const obj = (...props: [string, Gen][]): Gen => ({ k: 'obj', props });
const str = (v: string): Gen => ({ k: 'str', v });
const int = (v: number): Gen => ({ k: 'int', v });
const list = (...items: Gen[]): Gen => ({ k: 'list', items });
const size = (type: string, value: number): Gen => obj(['Type', str(type)], ['Value', int(value)]);
const alarms = (...names: string[]): Gen => obj(['Alarms', list(...names.map((n) => obj(['AlarmName', str(n)])))]);

/** mulberry32: small, fast, deterministic. */
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

function clone(g: Gen): Gen {
  return JSON.parse(JSON.stringify(g)) as Gen;
}

/** Every container in a tree with its path, for picking a place to mutate. */
interface Place {
  path: (string | number)[];
  node: Gen;
  parent?: Gen;
  /** Key or index in the parent. */
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
  if (!parent) return;
  if (parent.k === 'obj') {
    const entry = parent.props.find(([key]) => key === place.at);
    if (entry) entry[1] = value;
  } else if (parent.k === 'list') parent.items[place.at as number] = value;
}

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
  const all = places(root);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  const kind = Math.floor(random() * 9);
  const objects = all.filter((p) => p.node.k === 'obj');
  const members = all.filter((p) => p.parent?.k === 'obj');
  if (kind <= 1 && members.length > 0) {
    const place = pick(members);
    const parent = place.parent as Extract<Gen, { k: 'obj' }>;
    const entry = parent.props.find(([key]) => key === place.at)!;
    entry[0] = misspell(entry[0], random);
    return `misspell ${place.path.join('.')} -> ${entry[0]}`;
  }
  if (kind === 2 && objects.length > 0) {
    const place = pick(objects);
    const key = random() < 0.5 ? pick(KNOWN_KEYS) : pick(['Foo', 'WaitIntervalSeconds', 'Alarm', 'Size', 'type']);
    if (place.node.k === 'obj' && !place.node.props.some(([k]) => k === key)) place.node.props.push([key, random() < 0.5 ? int(5) : str('x')]);
    return `extra key ${key} in ${place.path.join('.')}`;
  }
  if (kind === 3 && members.length > 0) {
    const place = pick(members);
    const parent = place.parent as Extract<Gen, { k: 'obj' }>;
    parent.props = parent.props.filter(([key]) => key !== place.at);
    return `delete ${place.path.join('.')}`;
  }
  if (kind === 4) {
    const holder = all.find((p) => p.path.join('.') === 'AutoRollbackConfiguration.Alarms');
    if (holder) {
      if (random() < 0.5) replaceIn(holder, list());
      else replaceIn(holder, list(...Array.from({ length: 11 }, (_, i) => obj(['AlarmName', str(`alarm-${i}`)]))));
      return 'alarm count';
    }
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
  const scalars = all.filter((p) => p.parent && p.node.k !== 'obj' && p.node.k !== 'list');
  if (scalars.length === 0) return 'none';
  const place = pick(kind === 6 ? all.filter((p) => p.parent) : scalars);
  const value = clone(pick(WRONG_VALUES));
  replaceIn(place, value);
  return `set ${place.path.join('.')} = ${JSON.stringify(value)}`;
}

export interface Case {
  id: string;
  config: Gen;
  label: string;
  /** Python rendering choices. */
  quote: "'" | '"';
  trailingComma: boolean;
  tuples: boolean;
}

export function generateCases(count: number, seed = 20261123): Case[] {
  const random = prng(seed);
  const cases: Case[] = [];
  for (let i = 0; i < count; i++) {
    const config = clone(BASES[i % BASES.length]!);
    const mutations = i < BASES.length ? 0 : random() < 0.25 ? 0 : random() < 0.6 ? 1 : 2;
    const labels: string[] = [];
    for (let m = 0; m < mutations; m++) labels.push(mutate(config, random));
    cases.push({
      id: `case-${i}`,
      config,
      label: labels.join('; ') || 'valid',
      quote: random() < 0.5 ? "'" : '"',
      trailingComma: random() < 0.3,
      tuples: random() < 0.15,
    });
  }
  return cases;
}

// ---------------------------------------------------------------------------------------------
// Renderers.

export function renderJson(g: Gen, indent: string | undefined, level = 0): string {
  const pad = (n: number): string => (indent === undefined ? '' : `\n${indent.repeat(n)}`);
  const sep = indent === undefined ? ', ' : ',';
  switch (g.k) {
    case 'obj':
      if (g.props.length === 0) return '{}';
      return `{${g.props.map(([key, value]) => `${pad(level + 1)}${JSON.stringify(key)}: ${renderJson(value, indent, level + 1)}`).join(sep)}${pad(level)}}`;
    case 'list':
      if (g.items.length === 0) return '[]';
      return `[${g.items.map((item) => `${pad(level + 1)}${renderJson(item, indent, level + 1)}`).join(sep)}${pad(level)}]`;
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
    case 'int':
      return String(g.v);
    case 'float':
      return g.text;
    case 'bool':
      return g.v ? 'True' : 'False';
    case 'null':
      return 'None';
  }
}

interface Rendered {
  kind: DocumentKind;
  host: 'python' | 'json' | 'cli';
  text: string;
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
// The oracle.

type PathSeg = string | number;
interface BotocoreError {
  type: 'missing required field' | 'unknown field' | 'invalid type' | 'invalid range' | 'invalid length' | string;
  path: PathSeg[];
  key?: string;
}
interface ModelError {
  kind: 'max-items' | 'bool-as-int' | 'max' | 'enum' | 'pattern';
  path: PathSeg[];
  limit?: number;
}
interface OracleResult {
  id: string;
  botocore: BotocoreError[];
  model: ModelError[];
}

export function runOracle(cases: { id: string; json: string }[]): { skip: string } | { version: string; results: Map<string, OracleResult> } {
  const result = spawnSync('python3', [oracleScript], { input: JSON.stringify(cases), encoding: 'utf8', timeout: 60_000, maxBuffer: 64 * 1024 * 1024 });
  if (result.error !== undefined) {
    if ((result.error as NodeJS.ErrnoException).code === 'ENOENT') return { skip: 'python3 is not on PATH' };
    throw result.error;
  }
  if (result.status === EXIT_NO_BOTOCORE) return { skip: result.stderr.trim() || 'botocore is not importable by python3' };
  assert.equal(result.status, 0, `python3 validate.py exited with ${result.status}: ${result.stderr}`);
  const parsed = JSON.parse(result.stdout) as { botocoreVersion: string; results: OracleResult[] };
  return { version: parsed.botocoreVersion, results: new Map(parsed.results.map((r) => [r.id, r])) };
}

const API_CODES = new Set(['unknown-key', 'missing-key', 'wrong-type', 'out-of-range', 'invalid-enum']);

/** What we must report, as "code path" lines, from botocore's errors and the model's extra limits. */
export function expectedFindings(oracle: OracleResult): string[] {
  const boolPaths = new Set(oracle.model.filter((m) => m.kind === 'bool-as-int').map((m) => JSON.stringify(m.path)));
  const expected = new Set<string>();
  for (const error of oracle.botocore) {
    const p = JSON.stringify(error.path);
    if (error.type === 'missing required field') expected.add(`missing-key ${p} ${error.key}`);
    else if (error.type === 'unknown field') expected.add(`unknown-key ${JSON.stringify([...error.path, error.key!])}`);
    else if (error.type === 'invalid type') expected.add(`wrong-type ${p}`);
    // False < 1 is a range error to botocore; to us it is a boolean, reported as wrong-type below.
    else if ((error.type === 'invalid range' || error.type === 'invalid length') && !boolPaths.has(p)) expected.add(`out-of-range ${p}`);
    else if (error.type !== 'invalid range' && error.type !== 'invalid length') expected.add(`unexpected botocore error ${error.type} ${p}`);
  }
  for (const extra of oracle.model) {
    const p = JSON.stringify(extra.path);
    if (extra.kind === 'enum') expected.add(`invalid-enum ${p}`);
    else if (extra.kind === 'bool-as-int') expected.add(`wrong-type ${p}`);
    else expected.add(`out-of-range ${p}`);
  }
  return [...expected].sort();
}

function findingKey(f: Finding): string {
  const p = JSON.stringify(f.data?.path ?? null);
  return f.code === 'missing-key' ? `missing-key ${p} ${f.data?.missingKey}` : `${f.code} ${p}`;
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

/** A host's token text in one spelling for all hosts: JSON literals, no whitespace, no trailing commas. */
export function canonicalToken(token: string, host: Rendered['host']): string {
  let t = token;
  if (host === 'python') {
    t = t.replace(/'/g, '"').replace(/\bTrue\b/g, 'true').replace(/\bFalse\b/g, 'false').replace(/\bNone\b/g, 'null').replace(/\(/g, '[').replace(/\)/g, ']');
  }
  return t.replace(/\s+/g, '').replace(/,([\]}])/g, '$1');
}

/** The token text a finding must cover, in canonical spelling. */
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
      // More than 10 alarms: the first extra one.
      if (node?.k === 'list' && node.items.length > 10) return render(node.items[10]);
      return render(node);
    }
    default:
      return render(genAt(c.config, p));
  }
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
    const ran = runOracle(cases.map((c) => ({ id: c.id, json: renderJson(c.config, undefined) })));
    if ('skip' in ran) {
      // The oracle is optional on a developer's machine, never in CI (python3 with botocore and awscli is installed there).
      if (process.env.CI === 'true') throw new Error(`CI=true and the Python oracle is unavailable: ${ran.skip.split('\n')[0]}`);
      console.log(`    skipped: ${ran.skip.split('\n')[0]}`);
      this.skip();
    } else {
      oracle = ran.results;
    }
  });

  it('generates a deterministic mix of accepted and rejected configs', function () {
    assert.deepEqual(generateCases(CASE_COUNT).map((c) => c.label), cases.map((c) => c.label), 'same seed, same cases');
    const rejected = cases.filter((c) => oracle.get(c.id)!.botocore.length > 0).length;
    const accepted = cases.length - rejected;
    // Both sides must be well represented, or the comparison proves little.
    assert.ok(rejected >= 100, `${rejected} configs rejected by botocore`);
    assert.ok(accepted >= 100, `${accepted} configs accepted by botocore`);
    const kinds = new Set(cases.flatMap((c) => oracle.get(c.id)!.botocore.map((e) => e.type)));
    assert.deepEqual([...kinds].sort(), ['invalid length', 'invalid range', 'invalid type', 'missing required field', 'unknown field']);
  });

  for (const host of ['python', 'json', 'cli'] as const) {
    it(`${host}: same API errors as botocore and the model, on the right token`, function () {
      this.timeout(30_000);
      const failures: string[] = [];
      cases.forEach((c, index) => {
        const rendered = renderAll(c, index).find((r) => r.host === host)!;
        const { findings } = checkDocument(rendered.text, rendered.kind, { parsers });
        const bad = findings.filter((f) => f.code === 'internal-error' || f.code === 'cli-syntax');
        if (bad.length > 0) failures.push(`${c.id} (${c.label}): ${bad.map((f) => f.message).join('; ')}`);
        const api = findings.filter((f) => API_CODES.has(f.code));
        const actual = [...new Set(api.map(findingKey))].sort();
        const expected = expectedFindings(oracle.get(c.id)!);
        if (JSON.stringify(actual) !== JSON.stringify(expected)) {
          failures.push(`${c.id} (${c.label}):\n      expected ${JSON.stringify(expected)}\n      actual   ${JSON.stringify(actual)}\n${rendered.text}`);
          return;
        }
        for (const f of api) {
          const token = canonicalToken(rendered.text.slice(f.span.offset, f.span.offset + f.span.length), host);
          const wanted = expectedToken(c, f);
          if (token !== wanted) failures.push(`${c.id} (${c.label}): ${findingKey(f)} covers ${JSON.stringify(token)}, expected ${JSON.stringify(wanted)}`);
        }
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
