// Shared by the differential tests against botocore (oracle-botocore.test.ts for the endpoint's
// DeploymentConfig, oracle-families.test.ts for the inference component's and HyperPod cluster's):
// generated config trees, the mutations both make, JSON rendering, the Python oracle
// (test/fixtures/oracle/validate.py) and the comparison of our findings with its verdict.
// What each test generates (bases, which mutations, how Python is spelled) stays in the test.
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import type { DocumentKind } from '../../../server/src/core/check';
import type { Finding } from '../../../server/src/core/model';

// At run time this file is out/test/unit/helpers/oracle-configs.js: the repo root is four levels up.
const repoRoot = path.resolve(__dirname, '..', '..', '..', '..');
const oracleScript = path.join(repoRoot, 'test', 'fixtures', 'oracle', 'validate.py');
const EXIT_NO_BOTOCORE = 3;

// ---------------------------------------------------------------------------------------------
// Generated values: a small typed tree, so a float keeps its text (60.0 is not 60 to botocore) and
// objects keep their key order.

export type Gen =
  | { k: 'obj'; props: [string, Gen][] }
  | { k: 'list'; items: Gen[] }
  | { k: 'str'; v: string }
  | { k: 'int'; v: number }
  | { k: 'float'; text: string }
  | { k: 'bool'; v: boolean }
  | { k: 'null' };

export const obj = (...props: [string, Gen][]): Gen => ({ k: 'obj', props });
export const str = (v: string): Gen => ({ k: 'str', v });
export const int = (v: number): Gen => ({ k: 'int', v });
export const list = (...items: Gen[]): Gen => ({ k: 'list', items });
export const size = (type: string, value: number): Gen => obj(['Type', str(type)], ['Value', int(value)]);
export const alarmItems = (...names: string[]): Gen[] => names.map((n) => obj(['AlarmName', str(n)]));

export function clone(g: Gen): Gen {
  return JSON.parse(JSON.stringify(g)) as Gen;
}

/** What both tests generate: a config and how it came about. */
export interface ConfigCase {
  id: string;
  config: Gen;
  /** The mutations applied, or "valid", for failure messages. */
  label: string;
}

/**
 * Case `index` of a seeded run: the bases as they are first, then copies of them with no, one or
 * two mutations (none with probability `unmutatedShare`). Draws only from `random`, so a caller
 * may draw more for the same case right after.
 */
export function mutatedVariant(
  bases: readonly Gen[],
  index: number,
  random: () => number,
  unmutatedShare: number,
  mutate: (root: Gen, random: () => number) => string,
): Pick<ConfigCase, 'config' | 'label'> {
  const config = clone(bases[index % bases.length]!);
  const mutations = index < bases.length ? 0 : random() < unmutatedShare ? 0 : random() < 0.6 ? 1 : 2;
  const labels: string[] = [];
  for (let m = 0; m < mutations; m++) labels.push(mutate(config, random));
  return { config, label: labels.join('; ') || 'valid' };
}

// ---------------------------------------------------------------------------------------------
// Mutations.

/** Every node in a tree with its path, for picking a place to mutate. */
export interface Place {
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

export function replaceIn(place: Place, value: Gen): void {
  const parent = place.parent;
  if (parent?.k === 'obj') {
    const entry = parent.props.find(([key]) => key === place.at);
    if (entry) entry[1] = value;
  } else if (parent?.k === 'list') parent.items[place.at as number] = value;
}

/** Where in a tree a mutation can act, and a seeded pick among the candidates. */
export interface MutationSites {
  all: Place[];
  /** Objects, to add a key to. */
  objects: Place[];
  /** Members of objects, to rename or delete. */
  members: Place[];
  pick: <T>(items: readonly T[]) => T;
}

export function mutationSites(root: Gen, random: () => number): MutationSites {
  const all = places(root);
  return {
    all,
    objects: all.filter((p) => p.node.k === 'obj'),
    members: all.filter((p) => p.parent?.k === 'obj'),
    pick: <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!,
  };
}

/** Gives an object's member another key: `rename` of the old one. */
export function renameMember(place: Place, rename: (key: string) => string): string {
  const entry = (place.parent as Extract<Gen, { k: 'obj' }>).props.find(([key]) => key === place.at)!;
  entry[0] = rename(entry[0]);
  return `misspell ${place.path.join('.')} -> ${entry[0]}`;
}

export function deleteMember(place: Place): string {
  const parent = place.parent as Extract<Gen, { k: 'obj' }>;
  parent.props = parent.props.filter(([key]) => key !== place.at);
  return `delete ${place.path.join('.')}`;
}

/** No alarms or 11 of them: both sides of the model's 1 to 10. */
export function setAlarmCount(holder: Place, random: () => number): string {
  replaceIn(holder, random() < 0.5 ? list() : list(...alarmItems(...Array.from({ length: 11 }, (_, i) => `alarm-${i}`))));
  return 'alarm count';
}

/** One of `values` in place of a scalar, or of any node but the root when `anywhere`. */
export function setWrongValue(sites: MutationSites, anywhere: boolean, values: readonly Gen[]): string {
  const { all, pick } = sites;
  const scalars = all.filter((p) => p.parent && p.node.k !== 'obj' && p.node.k !== 'list');
  if (scalars.length === 0) return 'none';
  const place = pick(anywhere ? all.filter((p) => p.parent) : scalars);
  const value = clone(pick(values));
  replaceIn(place, value);
  return `set ${place.path.join('.')} = ${JSON.stringify(value)}`;
}

// ---------------------------------------------------------------------------------------------
// Rendering.

/**
 * JSON text: on one line when `indent` is undefined, members joined by `inlineSeparator`; else a
 * member a line, nested from `level`.
 */
export function renderJson(g: Gen, indent: string | undefined, level = 0, inlineSeparator = ', '): string {
  const pad = (n: number): string => (indent === undefined ? '' : `\n${indent.repeat(n)}`);
  const sep = indent === undefined ? inlineSeparator : ',';
  const render = (value: Gen): string => renderJson(value, indent, level + 1, inlineSeparator);
  switch (g.k) {
    case 'obj':
      if (g.props.length === 0) return '{}';
      return `{${g.props.map(([key, value]) => `${pad(level + 1)}${JSON.stringify(key)}: ${render(value)}`).join(sep)}${pad(level)}}`;
    case 'list':
      if (g.items.length === 0) return '[]';
      return `[${g.items.map((item) => `${pad(level + 1)}${render(item)}`).join(sep)}${pad(level)}]`;
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

/** A value that is not a container, in Python: JSON but for True, False and None. */
export function pythonScalar(g: Gen): string {
  switch (g.k) {
    case 'bool':
      return g.v ? 'True' : 'False';
    case 'null':
      return 'None';
    default:
      return renderJson(g, undefined);
  }
}

export type Host = 'python' | 'json' | 'cli';

export interface Rendered {
  kind: DocumentKind;
  host: Host;
  text: string;
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
export interface OracleResult {
  id: string;
  botocore: BotocoreError[];
  model: ModelError[];
}

/** One config for validate.py; `shape` is the botocore shape, DeploymentConfig when absent. */
export interface OracleInput {
  id: string;
  json: string;
  shape?: string;
}

/** Runs validate.py over all cases in one python3 process; a skip reason when python3 or botocore is missing. */
function runOracle(cases: OracleInput[]): { skip: string } | { version: string; results: Map<string, OracleResult> } {
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

/**
 * The oracle's verdict on each input, by id, for a suite's before(). The oracle is optional on a
 * developer's machine, never in CI (python3 with botocore and awscli is installed there): without
 * it the suite is skipped (saying why when `announce`), or fails when CI=true.
 */
export function oracleVerdicts(context: Mocha.Context, inputs: OracleInput[], options: { announce: boolean }): Map<string, OracleResult> {
  const ran = runOracle(inputs);
  if ('skip' in ran) {
    const reason = ran.skip.split('\n')[0];
    if (process.env.CI === 'true') throw new Error(`CI=true and the Python oracle is unavailable: ${reason}`);
    if (options.announce) console.log(`    skipped: ${reason}`);
    context.skip();
  }
  return ran.results;
}

/** How many cases botocore rejects, and every kind of error it raised. */
export function botocoreVerdicts(cases: readonly ConfigCase[], oracle: Map<string, OracleResult>): { rejected: number; errorKinds: Set<string> } {
  return {
    rejected: cases.filter((c) => oracle.get(c.id)!.botocore.length > 0).length,
    errorKinds: new Set(cases.flatMap((c) => oracle.get(c.id)!.botocore.map((e) => e.type))),
  };
}

// ---------------------------------------------------------------------------------------------
// Our findings against the oracle's.

const API_CODES = new Set(['unknown-key', 'missing-key', 'wrong-type', 'out-of-range', 'invalid-enum']);

/** What we must report, as "code path" lines, from botocore's errors and the model's extra limits. */
function expectedFindings(oracle: OracleResult): string[] {
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
export function canonicalToken(token: string, host: Host): string {
  let t = token;
  if (host === 'python') {
    t = t.replace(/'/g, '"').replace(/\bTrue\b/g, 'true').replace(/\bFalse\b/g, 'false').replace(/\bNone\b/g, 'null').replace(/\(/g, '[').replace(/\)/g, ']');
  }
  return t.replace(/\s+/g, '').replace(/,([\]}])/g, '$1');
}

/** The token text a finding must cover, in canonical spelling. */
function expectedToken(config: Gen, f: Finding): string | undefined {
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
      const node = genAt(config, p);
      // More than 10 alarms: the first extra one.
      if (node?.k === 'list' && node.items.length > 10) return render(node.items[10]);
      return render(node);
    }
    default:
      return render(genAt(config, p));
  }
}

/**
 * How our findings for one case in one host differ from the oracle's: internal errors, API-level
 * findings (code and path) other than the oracle's, or one on the wrong token. None is a pass.
 */
export function differencesFromOracle(c: ConfigCase, rendered: Rendered, findings: readonly Finding[], oracle: OracleResult): string[] {
  const failures: string[] = [];
  const bad = findings.filter((f) => f.code === 'internal-error' || f.code === 'cli-syntax');
  if (bad.length > 0) failures.push(`${c.id} (${c.label}): ${bad.map((f) => f.message).join('; ')}`);
  const api = findings.filter((f) => API_CODES.has(f.code));
  const actual = [...new Set(api.map(findingKey))].sort();
  const expected = expectedFindings(oracle);
  if (JSON.stringify(actual) !== JSON.stringify(expected)) {
    failures.push(`${c.id} (${c.label}):\n      expected ${JSON.stringify(expected)}\n      actual   ${JSON.stringify(actual)}\n${rendered.text}`);
    // Tokens are compared only once the findings agree.
    return failures;
  }
  for (const f of api) {
    const token = canonicalToken(rendered.text.slice(f.span.offset, f.span.offset + f.span.length), rendered.host);
    const wanted = expectedToken(c.config, f);
    if (token !== wanted) failures.push(`${c.id} (${c.label}): ${findingKey(f)} covers ${JSON.stringify(token)}, expected ${JSON.stringify(wanted)}`);
  }
  return failures;
}
