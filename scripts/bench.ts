// `npm run bench`: prints how fast diagnostics come, never asserts. Run after the build as
// `node out/scripts/bench.js` (add `--no-lsp` to skip the language-server figures, `--runs=N`
// to change the sample count, `--write=DIR` to keep the generated files, `--server-cpu-prof=DIR`
// to profile the language server, `--only-cli` for figure (h) alone). Figures:
//   (a) first check of a 5,000-line Python file with 50 DeploymentConfig blocks
//       (fresh IncrementalParser + checkDocument, as the server does on open)    goal < 100 ms
//   (b) re-check after a one-character edit in the middle of that file
//       (same IncrementalParser: incremental reparse + checkDocument)            goal < 10 ms
//   (c) checkDocument on a 5 MB Python file with no config (prefilter only)      goal < 5 ms
//       (c') the same on a string fresh from an edit, which the first read flattens (for scale: no goal)
//   (d) the same 5,000-line file through the real language server over stdio
//       (dist/server.js, debounce 0): didOpen -> publishDiagnostics and
//       didChange -> publishDiagnostics; reported against the same goals as (a) and (b); and a
//       fresh server given the file at once: didOpen -> first diagnostics, and spawn -> first diagnostics.
//   (e) a notebook of 250 cells (markdown, code, `!aws` lines) holding the same 50 configs:
//       first check (analyzeNotebook + rules, as the server does on open), re-check after a
//       one-character edit in one cell (the server keeps an incremental tree per notebook), and
//       typing: each keystroke of 20 digits typed into one number of a config, then deleted.
//   (f) the real server: didOpen -> publishDiagnostics for a 5 MB document without a trigger word
//       against a tiny document with a config, and for an edit that adds a trigger word to a
//       20,000-line document without one (checked at once).
//   (g) the real server's memory (RSS): after start, with ten 20,000-line Python files open, and
//       after closing them all; the share of what they took that is given back.
//   (h) the CLI on a generated 2,000-file tree (5% with configs), against `rg -l` of the trigger
//       words (ripgrep: scripts/setup-e2e.sh installs it; the figure is skipped without it): a first
//       run, a repeat run, one with a config file changed, and CI's run on a fresh clone with the
//       results cache restored; for scale, Node's start and a Node script that only walks, reads
//       and tests the files (bench-floor.ts: what no first run can go below).
//   (j) `check` on 40 CloudFormation templates against cfn-lint on the same files (--no-cfn skips it);
//   (i) a 1 MB JSON file with 100 configs: our JSON host and rules against
//       vscode-json-languageservice validating the same objects with our schema, warm and cold.
//   (k) how an edit's cost grows with the file: an edit of plain code far from any config in Python
//       files of 5,000, 20,000 and 80,000 lines with the same 50 configs, held as the server holds
//       them (a ChunkedDocument edited by change events; tree-sitter's incremental reparse and our
//       check timed apart too), each after 120 warm-up edits, the 5,000-line file again right after
//       the 80,000 (the comparison), and (e)'s edit and typing in a notebook 4x as large.
// The in-process figures run tree-sitter as the server and the CLI do (V8's baseline wasm compiler only).
import '../server/src/node/v8-flags';
import { spawn, spawnSync, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { analyzeNotebook, checkBlocks, checkDocument, clearCheckCaches, type SyntaxParsers } from '../server/src/core/check';
import type { NotebookCell } from '../server/src/core/hosts/notebook';
import { IncrementalParser } from '../server/src/core/incremental';
import { composeEdit, rememberEdit, type ChangedRange } from '../server/src/core/text';
import { ChunkedDocument } from '../server/src/lsp/chunked-document';
import { loadParsers } from '../server/src/node/grammars';
import { anchorChecker, jsonWithConfigs, oursChecker } from './bench-json';
import { TRIGGER_PATTERN, writeTree } from './bench-tree';

const args = process.argv.slice(2);
const runsArg = args.find((a) => a.startsWith('--runs='));
const RUNS = runsArg ? Math.max(1, Number(runsArg.slice(7))) : 20;
const writeArg = args.find((a) => a.startsWith('--write='));
const serverProfileArg = args.find((a) => a.startsWith('--server-cpu-prof='));
const WARMUPS = 3;
const EDITS = 50;
/**
 * Warm-up edits before an edit series whose sizes are compared ((k)): an edit settles only after
 * ~100 (V8's tiers; measured for the notebooks, below).
 */
const STEADY_STATE_EDITS = 120;
const CONFIGS = 50;
const LINES = 5000;

// ---------------------------------------------------------------------------------------------
// The generated documents

/** One DeploymentConfig dict literal, indented by `pad`; kind and mistakes vary with `i`. */
function configDict(i: number, pad: string, rollbackName?: string): string[] {
  const p = (n: number) => pad + '    '.repeat(n);
  const alarms = i % 7 === 3
    ? [] // no alarms: no-rollback-alarms
    : rollbackName
    ? [`${p(1)}"AutoRollbackConfiguration": ${rollbackName},`]
    : [
        `${p(1)}"AutoRollbackConfiguration": {`,
        `${p(2)}"Alarms": [`,
        `${p(3)}{"AlarmName": "endpoint-${i}-invocation-5xx"},`,
        `${p(3)}{"AlarmName": "endpoint-${i}-model-latency-p99"},`,
        `${p(2)}]`,
        `${p(1)}},`,
      ];
  switch (i % 3) {
    case 0: {
      // canary; every 5th: a canary above 50%
      const value = i % 5 === 0 ? 60 : 10 + (i % 4) * 5;
      return [
        `{`,
        `${p(1)}"BlueGreenUpdatePolicy": {`,
        `${p(2)}"TrafficRoutingConfiguration": {`,
        `${p(3)}"Type": "CANARY",`,
        `${p(3)}"CanarySize": {"Type": "CAPACITY_PERCENT", "Value": ${value}},`,
        `${p(3)}"WaitIntervalInSeconds": ${300 + i},`,
        `${p(2)}},`,
        `${p(2)}"TerminationWaitInSeconds": 600,`,
        `${p(2)}"MaximumExecutionTimeoutInSeconds": 3600,`,
        `${p(1)}},`,
        ...alarms,
        `${pad}}`,
      ];
    }
    case 1: {
      // linear; every 4th: a wait given as a string (wrong-type)
      const wait = i % 4 === 1 ? `"${120 + i}"` : String(120 + i);
      return [
        `{`,
        `${p(1)}'BlueGreenUpdatePolicy': {`,
        `${p(2)}'TrafficRoutingConfiguration': {`,
        `${p(3)}'Type': 'LINEAR',`,
        `${p(3)}'LinearStepSize': {'Type': 'CAPACITY_PERCENT', 'Value': 20},`,
        `${p(3)}'WaitIntervalInSeconds': ${wait},`,
        `${p(2)}},`,
        `${p(2)}'MaximumExecutionTimeoutInSeconds': 7200,  # five steps`,
        `${p(1)}},`,
        ...alarms.map((l) => l.replace(/"/g, "'")),
        `${pad}}`,
      ];
    }
    default: {
      // rolling; every 4th: CAPACITY_PERCENTAGE (invalid-enum)
      const type = i % 4 === 2 ? 'CAPACITY_PERCENTAGE' : 'CAPACITY_PERCENT';
      return [
        `{`,
        `${p(1)}"RollingUpdatePolicy": {`,
        `${p(2)}"MaximumBatchSize": {"Type": "${type}", "Value": 25},`,
        `${p(2)}"WaitIntervalInSeconds": ${200 + i},`,
        `${p(2)}"MaximumExecutionTimeoutInSeconds": 3600,`,
        `${p(2)}"RollbackMaximumBatchSize": {"Type": "CAPACITY_PERCENT", "Value": 100},`,
        `${p(1)}},`,
        ...alarms,
        `${pad}}`,
      ];
    }
  }
}

/** The code that uses config `i`: inline in update_endpoint, a module variable, or nested variables. */
function deployment(i: number): string[] {
  switch (i % 4) {
    case 0:
      return [
        `def deploy_${i}(config_name: str) -> None:`,
        `    sm.update_endpoint(`,
        `        EndpointName="endpoint-${i}",`,
        `        EndpointConfigName=config_name,`,
        `        DeploymentConfig=${configDict(i, '        ').join('\n')},`,
        `    )`,
      ];
    case 1:
    case 2:
      return [
        `DEPLOYMENT_CONFIG_${i} = ${configDict(i, '').join('\n')}`,
        ``,
        ``,
        `def deploy_${i}(config_name: str) -> None:`,
        `    sm.update_endpoint(EndpointName="endpoint-${i}", EndpointConfigName=config_name, DeploymentConfig=DEPLOYMENT_CONFIG_${i})`,
      ];
    default:
      // nested variables: the rollback dict in one name, the config in another
      return [
        `def deploy_${i}(config_name: str) -> None:`,
        `    rollback_${i} = {"Alarms": [{"AlarmName": "endpoint-${i}-invocation-5xx"}]}`,
        `    config_${i} = ${configDict(i, '    ', `rollback_${i}`).join('\n')}`,
        `    sm.update_endpoint(`,
        `        EndpointName="endpoint-${i}",`,
        `        EndpointConfigName=config_name,`,
        `        DeploymentConfig=config_${i},`,
        `    )`,
      ];
  }
}

/** Ordinary Python with no config words: classes, functions, comments, strings. */
function filler(n: number): string[] {
  return [
    `class FeatureStore${n}:`,
    `    """Caches features for batch ${n}; nothing to do with deployments."""`,
    ``,
    `    def __init__(self, table: str, ttl: int = ${60 + (n % 600)}) -> None:`,
    `        self.table = table`,
    `        self.ttl = ttl`,
    `        self.cache: dict[str, list[float]] = {}`,
    ``,
    `    def get(self, key: str) -> list[float]:`,
    `        # look the key up, fall back to the table`,
    `        if key not in self.cache:`,
    `            rows = [float(x) * ${n % 13 + 1} for x in range(${n % 50 + 3}) if x % 2 == 0]`,
    `            self.cache[key] = rows`,
    `        return self.cache[key]`,
    ``,
    `    def describe(self) -> str:`,
    `        return f"FeatureStore(table={self.table!r}, ttl={self.ttl}, size={len(self.cache)})"`,
    ``,
    ``,
  ];
}

/** Exactly `lines` lines of Python with `configs` DeploymentConfig blocks spread evenly through it. */
function pythonWithConfigs(lines: number, configs: number): string {
  const out = ['"""Generated for the benchmark: deployments of many endpoints."""', 'import boto3', '', 'sm = boto3.client("sagemaker")', '', ''];
  const blocks = Array.from({ length: configs }, (_, i) => [...deployment(i).join('\n').split('\n'), '', '']);
  const configLines = blocks.reduce((sum, b) => sum + b.length, 0);
  const gap = Math.max(0, Math.floor((lines - out.length - configLines) / Math.max(1, configs)));
  let f = 0;
  const fill = (count: number) => {
    const blockSize = filler(0).length;
    for (let k = 0; k + blockSize <= count; k += blockSize) out.push(...filler(f++));
    for (let k = 0; k < count % blockSize; k++) out.push(`SETTING_${f}_${k} = ${k * 7 + 1}`);
  };
  for (const block of blocks) {
    fill(gap);
    out.push(...block);
  }
  fill(Math.max(0, lines - out.length));
  return out.join('\n') + '\n';
}

/** About `bytes` bytes of Python with no config word in it. */
function pythonWithoutConfigs(bytes: number): string {
  const chunks: string[] = [];
  let size = 0;
  for (let n = 0; size < bytes; n++) {
    const chunk = filler(n).join('\n') + '\n';
    chunks.push(chunk);
    size += chunk.length;
  }
  return chunks.join('');
}

/** A notebook: the 5,000-line file cut into code cells, with a markdown cell and a `!aws` line every few cells. */
function notebookCells(python: string): NotebookCell[] {
  const lines = python.split('\n');
  const cells: NotebookCell[] = [];
  let current: string[] = [];
  // Cut only between top-level statements (a line starting a def/class/assignment after a blank line).
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (current.length >= 20 && lines[i - 1] === '' && /^[A-Za-z_]/.test(line)) {
      cells.push({ kind: 'code', text: current.join('\n') });
      if (cells.length % 4 === 0) cells.push({ kind: 'markdown', text: `## Step ${cells.length}\nShift traffic, then watch the alarms for 10 minutes.` });
      if (cells.length % 9 === 0) {
        cells.push({
          kind: 'code',
          text: `!aws sagemaker update-endpoint --endpoint-name nb-${cells.length} --endpoint-config-name nb-${cells.length}-v2 --deployment-config '{"RollingUpdatePolicy": {"MaximumBatchSize": {"Type": "CAPACITY_PERCENT", "Value": 20}, "WaitIntervalInSeconds": 300}}'`,
        });
      }
      current = [];
    }
    current.push(line);
  }
  if (current.length) cells.push({ kind: 'code', text: current.join('\n') });
  return cells;
}

/** The server's notebook check: the incremental tree kept per notebook, all cells analysed together. */
function checkNotebookOnce(parsers: SyntaxParsers, cells: NotebookCell[], incremental?: IncrementalParser): { blocks: number; findings: number } {
  const analysis = analyzeNotebook(cells, { parsers }, incremental);
  const findings = [...analysis.findings, ...checkBlocks(analysis.blocks)];
  return { blocks: analysis.blocks.length, findings: findings.length };
}

/** A full collection, between parts of the bench whose heaps should not weigh on each other. */
function collectGarbage(): void {
  setFlagsFromString('--expose-gc');
  (runInNewContext('gc') as () => void)();
}

/** Keystrokes typed at one place before as many are deleted there again (the notebooks' typing). */
const TYPED_RUN = 20;

function benchNotebook(parsers: SyntaxParsers, cells: NotebookCell[], firstRuns = RUNS): { first: Stats; edit: Stats; typing: Stats; blocks: number; findings: number; edited: number } {
  let result = { blocks: 0, findings: 0 };
  const firstOnce = () => {
    // A first check: nothing remembered from the runs before (the same cells every run).
    clearCheckCaches();
    // As the server's first check: no kept tree yet (it is parsed after the diagnostics are out).
    result = checkNotebookOnce(parsers, cells);
  };
  for (let i = 0; i < Math.min(WARMUPS, firstRuns); i++) firstOnce();
  const firstSamples: number[] = [];
  for (let i = 0; i < firstRuns; i++) firstSamples.push(time(firstOnce));

  // The edit: a digit of WaitIntervalInSeconds in a code cell near the middle.
  const edited = cells.findIndex((c, i) => i >= cells.length / 2 && c.kind === 'code' && /"WaitIntervalInSeconds": \d/.test(c.text));
  const cell = cells[edited]!;
  const at = editPoint(cell.text);
  const original = cell.text[at]!;
  const other = original === '7' ? '8' : '7';
  const incremental = new IncrementalParser(parsers.python);
  try {
    const initial = checkNotebookOnce(parsers, cells, incremental);
    if (firstSamples.length === 0) result = initial;
    let current = cells;
    const edit = () => {
      const text = current[edited]!.text;
      current = current.map((c, i) => (i === edited ? { kind: c.kind, text: replaceAt(text, at, text[at] === original ? other : original) } : c));
      checkNotebookOnce(parsers, current, incremental);
    };
    // Steady state: a notebook's edit settles only after ~100 edits (V8's tiers; measured in edits
    // 0-400 in steps of 25: 8.3, 5.1, 3.2, 2.8, 2.5 ms for (k)'s notebook, 2.6, 1.5, 0.8, 1.2, 0.9 ms
    // for (e)'s), as it does in a server while someone types; fewer left the 4x notebook's median
    // anywhere between 2.4 and 5.7 ms from run to run.
    for (let i = 0; i < STEADY_STATE_EDITS; i++) edit();
    const editSamples: number[] = [];
    for (let i = 0; i < EDITS; i++) editSamples.push(time(edit));
    // Typing: digits typed one after another into the same number (each moves every config after
    // it), then deleted one by one, and again; each keystroke is a check.
    let keystrokes = 0;
    const type = () => {
      const text = current[edited]!.text;
      const typing = keystrokes++ % (2 * TYPED_RUN) < TYPED_RUN;
      const next = typing ? text.slice(0, at) + '7' + text.slice(at) : text.slice(0, at) + text.slice(at + 1);
      current = current.map((c, i) => (i === edited ? { kind: c.kind, text: next } : c));
      checkNotebookOnce(parsers, current, incremental);
    };
    for (let i = 0; i < STEADY_STATE_EDITS; i++) type();
    const typingSamples: number[] = [];
    for (let i = 0; i < EDITS * 2; i++) typingSamples.push(time(type));
    return { first: stats(firstSamples.length ? firstSamples : [NaN]), edit: stats(editSamples), typing: stats(typingSamples), ...result, edited };
  } finally {
    incremental.dispose();
  }
}

// ---------------------------------------------------------------------------------------------
// Measuring

interface Stats {
  median: number;
  p95: number;
  min: number;
  max: number;
  n: number;
}

function stats(samples: number[]): Stats {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]!;
  return { median: at(0.5), p95: at(0.95), min: sorted[0]!, max: sorted[sorted.length - 1]!, n: sorted.length };
}

function time(run: () => void): number {
  const start = performance.now();
  run();
  return performance.now() - start;
}

interface Row {
  label: string;
  stats: Stats | undefined;
  /** undefined: a figure shown for context, with no goal of its own. */
  goal: number | undefined;
  note?: string;
}

/**
 * (a) as the server does on open: checkDocument with no tree, so the core parses only the
 * statements it reads; the server parses the whole tree for later edits after publishing (not
 * counted here: (a') times that parse).
 */
function benchFirstCheck(parsers: SyntaxParsers, text: string): { stats: Stats; findings: number; blocks: number } {
  let findings = 0;
  let blocks = 0;
  const once = () => {
    // A first check: nothing remembered from the runs before (the same text every run).
    clearCheckCaches();
    const result = checkDocument(text, 'python', { parsers });
    findings = result.findings.length;
    blocks = result.blocks.length;
  };
  for (let i = 0; i < WARMUPS; i++) once();
  const samples: number[] = [];
  for (let i = 0; i < RUNS; i++) samples.push(time(once));
  return { stats: stats(samples), findings, blocks };
}

/** (a') what the server does after publishing (a)'s diagnostics: the whole text's tree, which edits then reparse incrementally. */
function benchWholeParse(parsers: SyntaxParsers, text: string): Stats {
  const once = () => {
    const incremental = new IncrementalParser(parsers.python);
    incremental.parse(text);
    incremental.dispose();
  };
  for (let i = 0; i < WARMUPS; i++) once();
  const samples: number[] = [];
  for (let i = 0; i < RUNS; i++) samples.push(time(once));
  return stats(samples);
}

/** Where the one-character edit goes: a digit of a number inside a config near the middle. */
function editPoint(text: string): number {
  const middle = Math.floor(text.length / 2);
  const anchor = text.indexOf('"WaitIntervalInSeconds": ', middle);
  const found = anchor !== -1 ? anchor : text.indexOf('WaitIntervalInSeconds', 0);
  const digit = text.slice(found).search(/\d/);
  if (found === -1 || digit === -1) throw new Error('the generated file has no number to edit');
  return found + digit + (text.slice(found + digit).match(/^\d+/)![0].length - 1);
}

/**
 * (k) an edit far from any config: a letter of a name in plain code near the middle (`rows`, which
 * becomes `ro7s` and back), so tree-sitter reparses (an edit inside a number, string or comment
 * would not need it).
 */
function farEditPoint(text: string): number {
  const found = text.indexOf('            rows = [float(x)', Math.floor(text.length / 2));
  if (found === -1) throw new Error('the generated file has no plain code to edit');
  return found + '            ro'.length;
}

function replaceAt(text: string, offset: number, char: string): string {
  return text.slice(0, offset) + char + text.slice(offset + 1);
}

/**
 * Re-checks after a one-character edit with the same IncrementalParser, edits alternating, timing
 * the text, the parse and our check apart as well. (b): as written, on strings: each edit's text a
 * new string (`copy`: the first read flattens the rope the edit makes, copying the text).
 * (k): `asServer`, as the server checks: the text held in a ChunkedDocument and edited by change
 * events, the check given its snapshot (a rope of the chunks, `copy` times making it) with the edit
 * and the readers told (rememberEdit), and edits inside one statement of plain code applied to the
 * tree without a reparse (`deferStatementEdits`).
 */
function benchEdit(parsers: SyntaxParsers, text: string, at: number, asServer = false, warmupEdits = WARMUPS * 2): { total: Stats; copy: Stats; work: Stats; reparse: Stats; check: Stats } {
  const original = text[at]!;
  const other = original === '7' ? '8' : '7';
  const incremental = new IncrementalParser(parsers.python);
  const document = ChunkedDocument.create('file:///bench.py', 'python', 1, text);
  const position = positionAt(text, at);
  const range = { start: position, end: { line: position.line, character: position.character + 1 } };
  try {
    let current = text;
    let read = document.snapshot().read;
    if (asServer) rememberEdit(text, text, { start: 0, oldEnd: 0, newEnd: 0 }, { old: read, text: read });
    checkDocument(text, 'python', { parsers, pythonTree: incremental.parse(text) });
    const total: number[] = [];
    const copy: number[] = [];
    const work: number[] = [];
    const reparse: number[] = [];
    const check: number[] = [];
    for (let i = 0; i < warmupEdits + EDITS; i++) {
      const previous = current;
      const previousRead = read;
      // Edits alternate (read from the count: reading the server's text itself would copy it whole).
      const char = i % 2 === 0 ? other : original;
      let started: number;
      let edit: ChangedRange | undefined;
      if (asServer) {
        ChunkedDocument.update(document, [{ range, text: char }], i + 2, (start, end, inserted) => (edit = composeEdit(edit, start, end, inserted)));
        started = performance.now();
        ({ text: current, read } = document.snapshot());
      } else {
        current = replaceAt(previous, at, char);
        started = performance.now();
        current.charCodeAt(0);
      }
      const copied = performance.now();
      if (asServer) rememberEdit(previous, current, edit!, { old: previousRead, text: read });
      const pythonTree = incremental.parse(current, { deferStatementEdits: asServer });
      const pythonTreeDeferred = incremental.deferred();
      const parsed = performance.now();
      checkDocument(current, 'python', { parsers, pythonTree, ...(pythonTreeDeferred ? { pythonTreeDeferred } : {}) });
      const checked = performance.now();
      if (i < warmupEdits) continue;
      total.push(checked - started);
      copy.push(copied - started);
      work.push(checked - copied);
      reparse.push(parsed - copied);
      check.push(checked - parsed);
    }
    return { total: stats(total), copy: stats(copy), work: stats(work), reparse: stats(reparse), check: stats(check) };
  } finally {
    incremental.dispose();
  }
}

/** (c) the prefilter: a large file without any config word is not parsed. */
function benchNoConfig(parsers: SyntaxParsers, text: string): Stats {
  const once = () => {
    checkDocument(text, 'python', { parsers });
  };
  for (let i = 0; i < WARMUPS; i++) once();
  const samples: number[] = [];
  for (let i = 0; i < RUNS; i++) samples.push(time(once));
  return stats(samples);
}

/**
 * (c) again, on a string fresh from an edit (a rope until read): the first read flattens it, copying
 * 5 MB. For scale only: the server does not take this path after an edit of a document without a
 * trigger word (it tests only the changed regions, in their chunks: the (f) edit rows measure it).
 */
function benchNoConfigAfterEdit(parsers: SyntaxParsers, text: string): Stats {
  let n = 0;
  const once = () => {
    const at = 1000 + (n++ % 1000);
    const edited = text.slice(0, at) + (text[at] === 'x' ? 'y' : 'x') + text.slice(at + 1);
    return time(() => {
      checkDocument(edited, 'python', { parsers });
    });
  };
  for (let i = 0; i < WARMUPS; i++) once();
  const samples: number[] = [];
  for (let i = 0; i < RUNS; i++) samples.push(once());
  return stats(samples);
}

// ---------------------------------------------------------------------------------------------
// (d) the real language server over stdio

class LspClient {
  private buffer = Buffer.alloc(0);
  private nextId = 1;
  private readonly waiting = new Map<number, (result: unknown) => void>();
  private readonly listeners: ((method: string, params: any) => void)[] = [];
  readonly stderr: string[] = [];

  constructor(private readonly child: ChildProcessWithoutNullStreams) {
    child.stdout.on('data', (chunk: Buffer) => this.receive(chunk));
    child.stderr.on('data', (chunk: Buffer) => this.stderr.push(chunk.toString()));
  }

  private receive(chunk: Buffer): void {
    this.buffer = Buffer.concat([this.buffer, chunk]);
    for (;;) {
      const headerEnd = this.buffer.indexOf('\r\n\r\n');
      if (headerEnd === -1) return;
      const length = Number(/Content-Length: *(\d+)/i.exec(this.buffer.subarray(0, headerEnd).toString())?.[1]);
      if (this.buffer.length < headerEnd + 4 + length) return;
      const message = JSON.parse(this.buffer.subarray(headerEnd + 4, headerEnd + 4 + length).toString('utf8'));
      this.buffer = this.buffer.subarray(headerEnd + 4 + length);
      if (message.id !== undefined && message.method) {
        // a request from the server (workspace/configuration, registerCapability...): answer null
        this.write({ jsonrpc: '2.0', id: message.id, result: message.method === 'workspace/configuration' ? [null] : null });
      } else if (message.id !== undefined) {
        this.waiting.get(message.id)?.(message.result);
        this.waiting.delete(message.id);
      } else {
        for (const listener of [...this.listeners]) listener(message.method, message.params);
      }
    }
  }

  private write(message: object): void {
    const body = Buffer.from(JSON.stringify(message), 'utf8');
    this.child.stdin.write(`Content-Length: ${body.length}\r\n\r\n`);
    this.child.stdin.write(body);
  }

  request(method: string, params: unknown): Promise<unknown> {
    const id = this.nextId++;
    return new Promise((resolve) => {
      this.waiting.set(id, resolve);
      this.write({ jsonrpc: '2.0', id, method, params });
    });
  }

  notify(method: string, params: unknown): void {
    this.write({ jsonrpc: '2.0', method, params });
  }

  /** Resolves with the time of the first `method` notification whose params match, rejects after `ms`. */
  notification(method: string, matches: (params: any) => boolean, ms = 30_000): Promise<number> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.listeners.splice(this.listeners.indexOf(listener), 1);
        reject(new Error(`no ${method} within ${ms} ms; server stderr: ${this.stderr.join('').slice(-500)}`));
      }, ms);
      const listener = (received: string, params: any) => {
        if (received !== method || !matches(params)) return;
        const at = performance.now();
        clearTimeout(timer);
        this.listeners.splice(this.listeners.indexOf(listener), 1);
        resolve(at);
      };
      this.listeners.push(listener);
    });
  }

  /** Resolves with the first publishDiagnostics for `uri` at `version` (or later), rejects after `ms`. */
  diagnostics(uri: string, version: number, ms = 30_000): Promise<{ at: number; count: number }> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.listeners.splice(this.listeners.indexOf(listener), 1);
        reject(new Error(`no diagnostics for ${uri} v${version} within ${ms} ms; server stderr: ${this.stderr.join('').slice(-500)}`));
      }, ms);
      const listener = (method: string, params: any) => {
        if (method !== 'textDocument/publishDiagnostics' || params.uri !== uri) return;
        if (params.version !== undefined && params.version < version) return;
        const at = performance.now();
        clearTimeout(timer);
        this.listeners.splice(this.listeners.indexOf(listener), 1);
        resolve({ at, count: params.diagnostics.length });
      };
      this.listeners.push(listener);
    });
  }
}

function positionAt(text: string, offset: number): { line: number; character: number } {
  const before = text.slice(0, offset);
  const line = before.split('\n').length - 1;
  return { line, character: offset - (before.lastIndexOf('\n') + 1) };
}

async function benchLsp(serverPath: string, text: string, at: number): Promise<{ open: Stats; change: Stats; debounce: number; diagnostics: number }> {
  const debounce = 0;
  const nodeArgs = serverProfileArg ? ['--cpu-prof', `--cpu-prof-dir=${serverProfileArg.slice(18)}`] : [];
  const child = spawn(process.execPath, [...nodeArgs, serverPath, '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'] });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const client = new LspClient(child);
  try {
    await client.request('initialize', {
      processId: process.pid,
      rootUri: null,
      capabilities: {},
      initializationOptions: { debounceMilliseconds: debounce },
    });
    client.notify('initialized', {});
    // A small document first: its diagnostics mean the grammars are loaded.
    const warmUri = 'file:///bench/warm-up.py';
    const warm = client.diagnostics(warmUri, 1, 60_000);
    client.notify('textDocument/didOpen', {
      textDocument: { uri: warmUri, languageId: 'python', version: 1, text: 'sm.update_endpoint(DeploymentConfig={"RollingUpdatePolicy": {}})\n' },
    });
    await warm;

    let diagnostics = 0;
    const opens: number[] = [];
    for (let i = 0; i < WARMUPS + RUNS; i++) {
      const uri = `file:///bench/open-${i}.py`;
      const published = client.diagnostics(uri, 1);
      const start = performance.now();
      client.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'python', version: 1, text } });
      const result = await published;
      diagnostics = result.count;
      if (i >= WARMUPS) opens.push(result.at - start - debounce);
      client.notify('textDocument/didClose', { textDocument: { uri } });
    }

    const uri = 'file:///bench/edited.py';
    let version = 1;
    const opened = client.diagnostics(uri, version);
    client.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'python', version, text } });
    await opened;
    const position = positionAt(text, at);
    const original = text[at]!;
    const other = original === '7' ? '8' : '7';
    let current = text;
    const changes: number[] = [];
    for (let i = 0; i < WARMUPS * 2 + EDITS; i++) {
      const char = current[at] === original ? other : original;
      current = replaceAt(current, at, char);
      version++;
      const published = client.diagnostics(uri, version);
      const start = performance.now();
      client.notify('textDocument/didChange', {
        textDocument: { uri, version },
        contentChanges: [{ range: { start: position, end: { line: position.line, character: position.character + 1 } }, text: char }],
      });
      const result = await published;
      if (i >= WARMUPS * 2) changes.push(result.at - start - debounce);
    }
    await client.request('shutdown', null);
    client.notify('exit', null);
    await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 5000).unref())]);
    return { open: stats(opens), change: stats(changes), debounce, diagnostics };
  } finally {
    if (child.exitCode === null) child.kill();
  }
}

/**
 * A fresh server per run, as when an editor starts with the file already open: the process is
 * spawned, initialized, and given the document at once. Timed from the spawn and from the didOpen
 * (sent right after `initialized`) to the first diagnostics. The server keeps a V8 code cache
 * (server-code-cache.ts) in a folder of its own here: the first, uncounted run writes it, as a
 * user's first start does; the rows are with it. Runs without it (the first start after an install
 * or update) alternate with them and are printed on a line of their own.
 */
async function benchFreshServer(serverPath: string, text: string): Promise<{ fromSpawn: Stats; fromOpen: Stats }> {
  const fromSpawn: number[] = [];
  const fromOpen: number[] = [];
  const uncached = { fromSpawn: [] as number[], fromOpen: [] as number[] };
  // 20 runs: a fresh process's timings spread by +-10% on this project's shared machines.
  const runs = Math.max(3, Math.min(RUNS, 20));
  const cacheFolder = mkdtempSync(join(tmpdir(), 'sm-bench-code-cache-'));
  const run = async (cache: string, into: { fromSpawn: number[]; fromOpen: number[] } | undefined): Promise<void> => {
    const spawned = performance.now();
    const child = spawn(process.execPath, [serverPath, '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'], env: { ...process.env, SM_GUARDRAILS_CODE_CACHE_DIR: cache } });
    const client = new LspClient(child);
    try {
      await client.request('initialize', { processId: process.pid, rootUri: null, capabilities: {}, initializationOptions: { debounceMilliseconds: 0 } });
      client.notify('initialized', {});
      const uri = 'file:///bench/fresh.py';
      const published = client.diagnostics(uri, 1, 60_000);
      const opened = performance.now();
      client.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'python', version: 1, text } });
      const result = await published;
      into?.fromSpawn.push(result.at - spawned);
      into?.fromOpen.push(result.at - opened);
      await client.request('shutdown', null);
      client.notify('exit', null);
    } finally {
      child.kill();
    }
  };
  try {
    // The first run warms the file cache (node, the bundle, the grammars) and writes the code cache.
    await run(cacheFolder, undefined);
    for (let i = 0; i < runs; i++) {
      await run(cacheFolder, { fromSpawn, fromOpen });
      await run('off', uncached);
    }
  } finally {
    rmSync(cacheFolder, { recursive: true, force: true });
  }
  const open = stats(uncached.fromOpen);
  const spawned = stats(uncached.fromSpawn);
  console.log(`(d) fresh server without its code cache (a first start): didOpen -> first diagnostics median ${open.median.toFixed(1)} ms, spawn -> first diagnostics median ${spawned.median.toFixed(1)} ms (${runs} runs)`);
  return { fromSpawn: stats(fromSpawn), fromOpen: stats(fromOpen) };
}

// ---------------------------------------------------------------------------------------------
// (f), (g): the real server: documents without trigger words, memory before and after closing

/** The resident memory of a process in MiB (Linux /proc), or undefined elsewhere. */
function rssMiB(pid: number): number | undefined {
  try {
    const kb = /VmRSS:\s*(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
    return kb ? Number(kb) / 1024 : undefined;
  } catch {
    return undefined;
  }
}

interface ServerExtras {
  tiny: Stats;
  noTrigger: Stats;
  /** The same two documents opened in a server that does nothing (bench-null-server.ts): the transport's own cost. */
  floorTiny: Stats;
  floorNoTrigger: Stats;
  /** A one-character edit -> the document's status notification: in the 5 MB document without a trigger word, in the tiny one. */
  editNoTrigger: Stats;
  editTiny: Stats;
  triggerAdded: Stats;
  memory?: { start: number; open: number; closed: number; settled: number };
}

async function benchServerExtras(serverPath: string): Promise<ServerExtras> {
  const child = spawn(process.execPath, [serverPath, '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'] });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const client = new LspClient(child);
  const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
  try {
    // No structural hold: the config added by an edit must show its findings on that edit's publish.
    await client.request('initialize', { processId: process.pid, rootUri: null, capabilities: {}, initializationOptions: { debounceMilliseconds: 0, structuralDelayMilliseconds: 0 } });
    client.notify('initialized', {});
    const tinyText = 'sm.update_endpoint(DeploymentConfig={"RollingUpdatePolicy": {"MaximumBatchSize": {"Type": "CAPACITY_PERCENT", "Value": 20}, "WaitIntervalInSeconds": 60}})\n';
    const noTriggerText = pythonWithoutConfigs(5 * 1024 * 1024);
    let n = 0;
    /** didOpen -> publishDiagnostics of a new document in the server `via`, which is then closed. */
    const openIn = async (via: LspClient, text: string): Promise<number> => {
      const uri = `file:///bench/f-${n++}.py`;
      const published = via.diagnostics(uri, 1);
      const start = performance.now();
      via.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'python', version: 1, text } });
      const result = await published;
      via.notify('textDocument/didClose', { textDocument: { uri } });
      return result.at - start;
    };
    const openOnce = (text: string) => openIn(client, text);
    // The anchor: the same opens in a server that does nothing, in turn with ours (A B A B).
    const floorChild = spawn(process.execPath, [join(__dirname, 'bench-null-server.js'), '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'] });
    const floorClient = new LspClient(floorChild);
    await floorClient.request('initialize', { processId: process.pid, rootUri: null, capabilities: {} });
    floorClient.notify('initialized', {});
    const floorOpen = (text: string) => openIn(floorClient, text);
    await openOnce(tinyText); // grammars loaded
    const tiny: number[] = [];
    const noTrigger: number[] = [];
    const floorTiny: number[] = [];
    const floorNoTrigger: number[] = [];
    try {
      for (let i = 0; i < WARMUPS + RUNS; i++) {
        const a = await openOnce(tinyText);
        const b = await openOnce(noTriggerText);
        const c = await floorOpen(tinyText);
        const d = await floorOpen(noTriggerText);
        if (i >= WARMUPS) {
          tiny.push(a);
          noTrigger.push(b);
          floorTiny.push(c);
          floorNoTrigger.push(d);
        }
      }
    } finally {
      floorChild.kill();
    }
    // One-character edits, in turn in the 5 MB document without a trigger word and in the tiny one,
    // each timed to the document's status notification (sent after every check, with or without findings).
    const editNoTrigger: number[] = [];
    const editTiny: number[] = [];
    {
      const bigUri = 'file:///bench/edit-no-trigger.py';
      const tinyUri = 'file:///bench/edit-tiny.py';
      const opened = [client.diagnostics(bigUri, 1), client.diagnostics(tinyUri, 1)];
      client.notify('textDocument/didOpen', { textDocument: { uri: bigUri, languageId: 'python', version: 1, text: noTriggerText } });
      client.notify('textDocument/didOpen', { textDocument: { uri: tinyUri, languageId: 'python', version: 1, text: tinyText } });
      await Promise.all(opened);
      const middle = positionAt(noTriggerText, noTriggerText.indexOf('\n', noTriggerText.length >> 1) + 1);
      const editOnce = async (uri: string, version: number, line: number): Promise<number> => {
        const status = client.notification('smGuardrails/documentStatus', (p) => p.uri === uri && p.version === version);
        const start = performance.now();
        client.notify('textDocument/didChange', { textDocument: { uri, version }, contentChanges: [{ range: { start: { line, character: 0 }, end: { line, character: version % 2 ? 1 : 0 } }, text: version % 2 ? '' : '#' }] });
        return (await status) - start;
      };
      for (let i = 0; i < WARMUPS + RUNS; i++) {
        const a = await editOnce(bigUri, i + 2, middle.line);
        const b = await editOnce(tinyUri, i + 2, 1);
        if (i >= WARMUPS) {
          editNoTrigger.push(a);
          editTiny.push(b);
        }
      }
      client.notify('textDocument/didClose', { textDocument: { uri: bigUri } });
      client.notify('textDocument/didClose', { textDocument: { uri: tinyUri } });
    }
    // An edit that adds a trigger word to a 20,000-line document without one.
    const plain = pythonWithoutConfigs(20_000 * 35);
    const triggerAdded: number[] = [];
    for (let i = 0; i < Math.min(RUNS, 10); i++) {
      const uri = `file:///bench/trigger-${i}.py`;
      const opened = client.diagnostics(uri, 1);
      client.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'python', version: 1, text: plain } });
      await opened;
      const published = client.diagnostics(uri, 2);
      const start = performance.now();
      client.notify('textDocument/didChange', { textDocument: { uri, version: 2 }, contentChanges: [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: tinyText }] });
      const result = await published;
      if (result.count === 0) throw new Error('the edit that added a config got no diagnostics');
      triggerAdded.push(result.at - start);
      client.notify('textDocument/didClose', { textDocument: { uri } });
    }
    let memory: ServerExtras['memory'];
    const start = rssMiB(child.pid!);
    if (start !== undefined) {
      const uris: string[] = [];
      for (let i = 0; i < 10; i++) {
        const uri = `file:///bench/large-${i}.py`;
        uris.push(uri);
        const published = client.diagnostics(uri, 1, 120_000);
        const text = `# file ${i}\n` + pythonWithConfigs(20_000, 50);
        client.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'python', version: 1, text } });
        await published;
        // An edit, whose check parses the whole tree (the first check parses the configs' statements only).
        const edited = client.diagnostics(uri, 2, 120_000);
        client.notify('textDocument/didChange', { textDocument: { uri, version: 2 }, contentChanges: [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: '#' }] });
        await edited;
      }
      const open = rssMiB(child.pid!)!;
      for (const uri of uris) client.notify('textDocument/didClose', { textDocument: { uri } });
      await client.request('shutdown', null).catch(() => undefined); // a round trip: every close is handled
      const closed = rssMiB(child.pid!)!;
      await sleep(3000);
      memory = { start, open, closed, settled: rssMiB(child.pid!)! };
    } else await client.request('shutdown', null);
    client.notify('exit', null);
    await Promise.race([exited, sleep(5000)]);
    return {
      tiny: stats(tiny),
      noTrigger: stats(noTrigger),
      floorTiny: stats(floorTiny),
      floorNoTrigger: stats(floorNoTrigger),
      editNoTrigger: stats(editNoTrigger),
      editTiny: stats(editTiny),
      triggerAdded: stats(triggerAdded),
      ...(memory ? { memory } : {}),
    };
  } finally {
    if (child.exitCode === null) child.kill();
  }
}

// ---------------------------------------------------------------------------------------------
// (h) the CLI on a 2,000-file tree against rg; (i) JSON against vscode-json-languageservice

interface Comparison {
  label: string;
  ours: Stats | undefined;
  other: Stats | undefined;
  otherName: string;
  goal?: number;
  note?: string;
}

/**
 * Wall and CPU (user + sys) time of whole commands, run in turn (A B A B ...) so a drift of the
 * machine hits both; the CPU time comes from the shell's `times` (the children's line).
 */
function timeCommands(commands: { command: string; args: string[]; env?: NodeJS.ProcessEnv; before?: () => void }[], runs: number): { wall: Stats; cpu: Stats }[] {
  const wall: number[][] = commands.map(() => []);
  const cpu: number[][] = commands.map(() => []);
  const seconds = (m: string, s: string) => (Number(m) * 60 + Number(s)) * 1000;
  for (let i = 0; i < runs + 1; i++) {
    commands.forEach((c, k) => {
      // Not timed: what the run needs set up first (a fresh clone of the tree).
      c.before?.();
      const start = performance.now();
      const result = spawnSync('sh', ['-c', '"$0" "$@" >/dev/null 2>&1; times', c.command, ...c.args], { env: c.env ?? process.env, encoding: 'utf8', timeout: 300_000 });
      const elapsed = performance.now() - start;
      if (result.error) throw result.error;
      const children = result.stdout.trim().split('\n').pop() ?? '';
      const m = /(\d+)m([\d.]+)s\s+(\d+)m([\d.]+)s/.exec(children);
      if (i === 0) return; // the first round warms the file cache
      wall[k]!.push(elapsed);
      if (m) cpu[k]!.push(seconds(m[1]!, m[2]!) + seconds(m[3]!, m[4]!));
    });
  }
  return commands.map((_, k) => ({ wall: stats(wall[k]!), cpu: stats(cpu[k]!.length ? cpu[k]! : [NaN]) }));
}

function benchCli(cliPath: string): Comparison[] {
  const dir = writeArg ? join(writeArg.slice(8), 'tree') : mkdtempSync(join(tmpdir(), 'sm-bench-tree-'));
  rmSync(dir, { recursive: true, force: true });
  const cacheDir = mkdtempSync(join(tmpdir(), 'sm-bench-cache-'));
  try {
    const tree = writeTree(dir);
    const changingDir = `${dir}-one-changed`;
    rmSync(changingDir, { recursive: true, force: true });
    writeTree(changingDir);
    // CI on a fresh clone with the results cache folder restored (as actions/cache does): the same
    // texts in the same place, every file's times and inode new. Written anew before each run.
    const cloneDir = `${dir}-fresh-clone`;
    const freshClone = (): void => {
      rmSync(cloneDir, { recursive: true, force: true });
      writeTree(cloneDir);
    };
    freshClone();
    console.log(`(h) tree: ${tree.files} files, ${tree.withConfigs} with configs, in ${dir} (and a copy for the runs with a file changed)`);
    const hasRg = spawnSync('rg', ['--version'], { stdio: 'ignore' }).status === 0;
    const runs = Math.max(3, Math.min(RUNS, 7));
    // The results cache keeps no file changed in the last 2 s (its times could still change
    // unseen): wait that long, then one run fills it, as a first run in a project does.
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 2100);
    const cached = { ...process.env, SM_GUARDRAILS_CACHE_DIR: cacheDir };
    spawnSync(process.execPath, [cliPath, 'check', dir], { env: cached, stdio: 'ignore' });
    spawnSync(process.execPath, [cliPath, 'check', changingDir], { env: cached, stdio: 'ignore' });
    spawnSync(process.execPath, [cliPath, 'check', cloneDir], { env: cached, stdio: 'ignore' });
    // One config file changed before every run (a line added: its text is new, not only its times):
    // it is checked, the others are kept. In a copy of the tree: touched in the tree of the repeat runs, that file
    // would be checked again in them too (changed less than 2 s before), and the checker loaded.
    const edited = join(changingDir, 'pkg0', 'mod0', 'm0.py');
    // Node 20 reads the file NODE_EXTRA_CA_CERTS names at every start, before any script (this
    // project's machines set it to a 220 KB CA bundle: ~40-90 ms). The CLI makes no TLS connection,
    // so the same runs without it are measured too, as on a machine that does not set it.
    const extraCerts = process.env.NODE_EXTRA_CA_CERTS;
    const withoutCerts = { ...process.env };
    delete withoutCerts.NODE_EXTRA_CA_CERTS;
    const commands = {
      cli: { command: process.execPath, args: [cliPath, 'check', '--no-cache', dir] },
      cliOneThread: { command: process.execPath, args: [cliPath, 'check', '--no-cache', dir], env: { ...process.env, SM_GUARDRAILS_WORKERS: '0' } },
      cliCached: { command: process.execPath, args: [cliPath, 'check', dir], env: cached },
      cliOneChanged: { command: 'sh', args: ['-c', 'echo "# run $$" >> "$0" && exec "$@"', edited, process.execPath, cliPath, 'check', changingDir], env: cached },
      cliFreshClone: { command: process.execPath, args: [cliPath, 'check', cloneDir], env: cached, before: freshClone },
      // The floor of any Node CLI on this machine: Node starting and doing nothing.
      nodeAlone: { command: process.execPath, args: ['-e', '0'] },
      // The floor of a first run: a Node script that walks, reads and tests every file, checks none.
      floor: { command: process.execPath, args: [join(__dirname, 'bench-floor.js'), dir] },
      ...(hasRg ? { rg: { command: 'rg', args: ['-l', TRIGGER_PATTERN, dir] } } : {}),
      ...(extraCerts
        ? {
            cliWithoutCerts: { command: process.execPath, args: [cliPath, 'check', '--no-cache', dir], env: withoutCerts },
            cliCachedWithoutCerts: { command: process.execPath, args: [cliPath, 'check', dir], env: { ...withoutCerts, SM_GUARDRAILS_CACHE_DIR: cacheDir } },
            nodeWithoutCerts: { command: process.execPath, args: ['-e', '0'], env: withoutCerts },
            floorWithoutCerts: { command: process.execPath, args: [join(__dirname, 'bench-floor.js'), dir], env: withoutCerts },
          }
        : {}),
    };
    const names = Object.keys(commands);
    const timed = timeCommands(Object.values(commands), runs);
    // What the cached rows measured: every file kept in a repeat run, all but the touched one with a file changed.
    const keptBy = (command: { command: string; args: string[]; before?: () => void }): string => {
      command.before?.();
      const result = spawnSync(command.command, command.args, { env: { ...cached, SM_GUARDRAILS_DEBUG_CACHE: '1' }, encoding: 'utf8' });
      return /results cache: (.*)/.exec(result.stderr)?.[1] ?? 'unknown';
    };
    console.log('(h) results cache after the timed runs:');
    console.log(`    a repeat run: ${keptBy(commands.cliCached)}`);
    console.log(`    a run with one file changed: ${keptBy(commands.cliOneChanged)}`);
    console.log(`    a fresh clone with the cache restored: ${keptBy(commands.cliFreshClone)}`);
    const measured = (name: string) => (names.includes(name) ? timed[names.indexOf(name)] : undefined);
    const rg = measured('rg');
    const note = hasRg ? undefined : 'rg not installed (scripts/setup-e2e.sh installs ripgrep)';
    const row = (label: string, name: string, measure: 'wall' | 'cpu', goal: number | null = 8): Comparison => ({
      label: `${label} (${measure === 'wall' ? 'wall' : 'CPU user+sys'})`,
      ours: measured(name)?.[measure],
      other: rg?.[measure],
      otherName: 'rg -l',
      ...(goal !== null ? { goal } : {}),
      ...(note ? { note } : {}),
    });
    return [
      row('(h) CLI check, 2,000 files, first run (--no-cache)', 'cli', 'wall'),
      row('(h) same, first run', 'cli', 'cpu'),
      row('(h) same, first run, main thread only', 'cliOneThread', 'wall'),
      row('(h) CLI check, 2,000 files, repeat run (results cache)', 'cliCached', 'wall'),
      row('(h) same, repeat run', 'cliCached', 'cpu'),
      row('(h) repeat run, one config file changed', 'cliOneChanged', 'wall'),
      row('(h) CI: a fresh clone (new file times), results cache restored', 'cliFreshClone', 'wall'),
      row("(h) for scale: Node's own start, node -e 0", 'nodeAlone', 'wall', null),
      row('(h) for scale: walk, read and trigger test only, in Node (no check)', 'floor', 'wall', null),
      ...(extraCerts
        ? [
            row('(h) first run, NODE_EXTRA_CA_CERTS unset', 'cliWithoutCerts', 'wall'),
            row('(h) repeat run, NODE_EXTRA_CA_CERTS unset', 'cliCachedWithoutCerts', 'wall'),
            row('(h) for scale: node -e 0, NODE_EXTRA_CA_CERTS unset', 'nodeWithoutCerts', 'wall', null),
            row('(h) for scale: walk, read and test only, NODE_EXTRA_CA_CERTS unset', 'floorWithoutCerts', 'wall', null),
          ]
        : []),
    ];
  } finally {
    if (!writeArg) rmSync(dir, { recursive: true, force: true });
    rmSync(`${dir}-one-changed`, { recursive: true, force: true });
    rmSync(`${dir}-fresh-clone`, { recursive: true, force: true });
    rmSync(cacheDir, { recursive: true, force: true });
  }
}

/**
 * (j) A CloudFormation repository: 40 templates (the shipped stack with endpoint config, alarms and a
 * conditional deployment config), `check` against `cfn-lint` on the same files, the issue's anchor.
 */
function benchCloudFormation(cliPath: string): Comparison[] {
  const hasCfnLint = spawnSync('cfn-lint', ['--version'], { stdio: 'ignore' }).status === 0;
  if (!hasCfnLint) return [{ label: '(j) check on 40 CloudFormation templates', ours: undefined, other: undefined, otherName: 'cfn-lint', note: 'cfn-lint not installed (pip install cfn-lint==1.51.0)' }];
  const dir = mkdtempSync(join(tmpdir(), 'sm-bench-cfn-'));
  try {
    const stack = readFileSync(join(__dirname, '..', '..', 'examples', 'cloudformation-endpoint-stack.yaml'), 'utf8');
    const files: string[] = [];
    for (let i = 0; i < 40; i++) {
      const file = join(dir, `stack-${i}.yaml`);
      writeFileSync(file, stack.replace(/Orders/g, `Orders${i}`));
      files.push(file);
    }
    const runs = Math.max(3, Math.min(RUNS, 5));
    const [ours, cfnLint] = timeCommands([{ command: process.execPath, args: [cliPath, 'check', '--no-cache', dir] }, { command: 'cfn-lint', args: files }], runs);
    return [
      { label: '(j) check on 40 CloudFormation templates (wall)', ours: ours!.wall, other: cfnLint!.wall, otherName: 'cfn-lint' },
      { label: '(j) the same (CPU user+sys)', ours: ours!.cpu, other: cfnLint!.cpu, otherName: 'cfn-lint' },
    ];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function benchJson(): Promise<Comparison[]> {
  const text = jsonWithConfigs(100, 1024 * 1024);
  const ours = await oursChecker();
  const anchor = anchorChecker();
  const oursFound = await ours(text);
  const anchorFound = await anchor(text);
  console.log(`(i) JSON: ${(text.length / 2 ** 20).toFixed(2)} MiB, 100 configs; ${oursFound} findings (ours), ${anchorFound} diagnostics (vscode-json-languageservice, schema only)`);
  const warmOurs: number[] = [];
  const warmAnchor: number[] = [];
  for (let i = 0; i < WARMUPS + RUNS; i++) {
    let start = performance.now();
    await ours(text);
    const a = performance.now() - start;
    start = performance.now();
    await anchor(text);
    const b = performance.now() - start;
    if (i >= WARMUPS) {
      warmOurs.push(a);
      warmAnchor.push(b);
    }
  }
  const file = join(mkdtempSync(join(tmpdir(), 'sm-bench-json-')), 'requests.json');
  writeFileSync(file, text);
  const cold = (which: string): number => {
    const result = spawnSync(process.execPath, [join(__dirname, 'bench-json.js'), 'cold', which, file], { encoding: 'utf8' });
    const ms = (JSON.parse(result.stdout) as { ms: number }).ms;
    return ms;
  };
  const coldOurs: number[] = [];
  const coldAnchor: number[] = [];
  for (let i = 0; i < Math.max(3, Math.min(RUNS, 7)); i++) {
    coldOurs.push(cold('ours'));
    coldAnchor.push(cold('anchor'));
  }
  rmSync(join(file, '..'), { recursive: true, force: true });
  return [
    { label: '(i) JSON 1 MB / 100 configs, warm', ours: stats(warmOurs), other: stats(warmAnchor), otherName: 'vscode-json-languageservice', goal: 0.5 },
    { label: '(i) same, cold (first check in a process)', ours: stats(coldOurs), other: stats(coldAnchor), otherName: 'vscode-json-languageservice', goal: 0.5 },
  ];
}

function printComparisons(rows: Comparison[]): void {
  const header = ['figure', 'ours ms', 'other ms', 'other', 'ratio', 'goal'];
  const lines = rows.map((r) => [
    r.label,
    fmt(r.ours?.median),
    fmt(r.other?.median),
    r.otherName,
    r.ours && r.other ? `${(r.ours.median / r.other.median).toFixed(2)}x` : `SKIPPED${r.note ? ` (${r.note})` : ''}`,
    r.goal === undefined ? '' : `<= ${r.goal}x`,
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === 0 || i === 3 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  console.log(line(header));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const l of lines) console.log(line(l));
}

// ---------------------------------------------------------------------------------------------

const fmt = (ms: number | undefined) => (ms === undefined ? '-' : ms < 10 ? ms.toFixed(2) : ms.toFixed(1));

function printTable(rows: Row[]): void {
  const header = ['figure', 'median ms', 'p95 ms', 'min ms', 'runs', 'goal', 'result'];
  const lines = rows.map((r) => [
    r.label,
    fmt(r.stats?.median),
    fmt(r.stats?.p95),
    fmt(r.stats?.min),
    r.stats ? String(r.stats.n) : '-',
    r.goal === undefined ? '' : `< ${r.goal} ms`,
    !r.stats ? `SKIPPED${r.note ? ` (${r.note})` : ''}` : r.goal === undefined ? '' : r.stats.median < r.goal && r.stats.p95 < r.goal ? 'PASS' : r.stats.median < r.goal ? 'PASS (p95 MISS)' : 'MISS',
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  console.log(line(header));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const l of lines) console.log(line(l));
}

async function main(): Promise<void> {
  const cpu = cpus();
  console.log('sm-guardrails benchmark');
  console.log(`machine: node ${process.version}, ${cpu[0]?.model.trim() ?? 'unknown cpu'}, ${cpu.length} cores, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, ${process.platform}/${process.arch}, load average ${loadavg()[0]!.toFixed(1)} (figures grow with it)`);

  if (args.includes('--only-cli')) {
    // (h) alone: the CLI against rg, for working on the CLI.
    printComparisons(benchCli(join(__dirname, '..', '..', 'dist', 'cli.js')));
    return;
  }
  const loadStart = performance.now();
  const parsers = await loadParsers();
  console.log(`grammars loaded in ${(performance.now() - loadStart).toFixed(1)} ms (not counted below)`);

  const big = pythonWithConfigs(LINES, CONFIGS);
  const bigLines = big.split('\n').length - 1;
  const at = editPoint(big);
  const huge = pythonWithoutConfigs(5 * 1024 * 1024);
  if (writeArg) {
    // --write=DIR: keep the generated files, to look at or to profile with
    mkdirSync(writeArg.slice(8), { recursive: true });
    writeFileSync(join(writeArg.slice(8), 'bench-5000-lines.py'), big);
    writeFileSync(join(writeArg.slice(8), 'bench-5mb-no-config.py'), huge);
  }

  const first = benchFirstCheck(parsers, big);
  console.log(`(a)/(b) file: ${bigLines} lines, ${(big.length / 1024).toFixed(0)} KiB, ${first.blocks} configs found, ${first.findings} findings; edit at line ${positionAt(big, at).line + 1}`);
  console.log(`(c) file: ${(huge.length / 2 ** 20).toFixed(1)} MiB, ${huge.split('\n').length - 1} lines, no config`);
  const rows: Row[] = [
    { label: '(a) first check, 5,000 lines / 50 configs', stats: first.stats, goal: 100 },
    { label: "(a') then the whole tree, for later edits", stats: benchWholeParse(parsers, big), goal: undefined },
    { label: '(b) re-check after 1-char edit', stats: benchEdit(parsers, big, at).total, goal: 10 },
    { label: '(c) 5 MB Python, no config', stats: benchNoConfig(parsers, huge), goal: 5 },
    // No goal: the whole-text copy is the string's, and the server's path after an edit is (f)'s.
    { label: "(c') same, on a text fresh from an edit (for scale)", stats: benchNoConfigAfterEdit(parsers, huge), goal: undefined },
  ];

  const cells = notebookCells(big);
  const notebook = benchNotebook(parsers, cells);
  console.log(`(e) notebook: ${cells.length} cells (${cells.filter((c) => c.kind === 'markdown').length} markdown), ${notebook.blocks} configs found, ${notebook.findings} findings; edit in cell ${notebook.edited + 1}`);
  rows.push({ label: '(e) notebook, first check', stats: notebook.first, goal: 100 });
  rows.push({ label: '(e) notebook, re-check after 1-char edit', stats: notebook.edit, goal: 10 });
  rows.push({ label: `(e) notebook, typing: ${TYPED_RUN} digits typed into a config, then deleted`, stats: notebook.typing, goal: 10 });

  // (k) how an edit's cost grows with the file: Python files of 5,000 / 20,000 / 80,000 lines with the
  // same 50 configs, edited in plain code far from them; notebooks of the 5,000- and 20,000-line files
  // (4x the cells and configs), edited as in (e).
  const growth: { lines: number; edit: ReturnType<typeof benchEdit> }[] = [];
  for (const lines of [LINES, LINES * 4, LINES * 16]) {
    const text = lines === LINES ? big : pythonWithConfigs(lines, CONFIGS);
    const edit = benchEdit(parsers, text, farEditPoint(text), true, STEADY_STATE_EDITS);
    growth.push({ lines, edit });
    const size = lines.toLocaleString('en-US');
    // The issue's 10 ms is for the 5,000-line file; the larger ones are compared with it below.
    rows.push({ label: `(k) re-check after an edit far from configs, ${size} lines`, stats: edit.total, goal: lines === LINES ? 10 : undefined });
    rows.push({ label: `(k)   of which the text (the document's snapshot: a rope of its chunks), ${size}`, stats: edit.copy, goal: undefined });
    rows.push({ label: `(k)   of which the parse (tree-sitter's, or the deferral), ${size}`, stats: edit.reparse, goal: undefined });
  }
  // The 5,000-line file again, at once: compared with the 80,000-line one on the same heap (as the
  // notebooks below); measured first, on a smaller heap, it made the ratio swing from 0.5x to 1.7x
  // between runs in slow spells of the machine.
  const smallAgain = benchEdit(parsers, big, farEditPoint(big), true, STEADY_STATE_EDITS);
  rows.push({ label: '(k) the 5,000-line file again, right after the 80,000', stats: smallAgain.total, goal: undefined });
  const bigCells = notebookCells(pythonWithConfigs(LINES * 4, CONFIGS * 4));
  // The notebooks are compared on a heap without what the Python files above left in the caches
  // (their converted configs, indexes and findings) and collected: an edit of the larger notebook
  // allocates 4x as much, so every collection on a larger heap made it slower out of proportion
  // (alone, each in a fresh process after 2,000 edits: 0.84 and 2.63 ms, 3.1x; after the Python
  // series here 5.5-5.8x).
  clearCheckCaches();
  collectGarbage();
  const bigNotebook = benchNotebook(parsers, bigCells, 0);
  // (e)'s notebook again, at once: the two edits then run on the same heap (the 80,000-line files
  // above leave a larger one than (e) ran on, and every collection costs more on it).
  const notebookAgain = benchNotebook(parsers, cells, 0);
  console.log(`(k) notebook: ${bigCells.length} cells, ${bigNotebook.blocks} configs found; edit in cell ${bigNotebook.edited + 1}`);
  rows.push({ label: '(k) notebook 4x as large, re-check after 1-char edit', stats: bigNotebook.edit, goal: undefined });
  rows.push({ label: "(k) (e)'s notebook again, right after it", stats: notebookAgain.edit, goal: undefined });
  rows.push({ label: '(k) notebook 4x as large, typing (as in (e))', stats: bigNotebook.typing, goal: undefined });
  rows.push({ label: "(k) (e)'s notebook again, typing", stats: notebookAgain.typing, goal: undefined });
  const comparisonsOfGrowth: Comparison[] = [
    { label: '(k) edit far from configs: 80,000 / 5,000 lines, measured next to it', ours: growth[2]!.edit.total, other: smallAgain.total, otherName: '5,000 lines', goal: 1.5 },
    { label: "(k) the same, without the snapshot", ours: growth[2]!.edit.work, other: smallAgain.work, otherName: '5,000 lines', goal: 1.5 },
    { label: '(k) the same, our check only (no parse)', ours: growth[2]!.edit.check, other: smallAgain.check, otherName: '5,000 lines', goal: 1.5 },
    { label: '(k) the same / 5,000 lines at the start of the series', ours: growth[2]!.edit.total, other: growth[0]!.edit.total, otherName: '5,000 lines' },
    { label: "(k) notebook edit: 4x the cells / (e)'s, measured next to it", ours: bigNotebook.edit, other: notebookAgain.edit, otherName: 'notebook of (e)', goal: 4 },
    { label: '(k) the same / (e) at the start of the run', ours: bigNotebook.edit, other: notebook.edit, otherName: 'notebook of (e)' },
    { label: "(k) notebook typing: 4x the cells / (e)'s, measured next to it", ours: bigNotebook.typing, other: notebookAgain.typing, otherName: 'notebook of (e)', goal: 4 },
  ];

  if (!args.includes('--no-lsp')) {
    const serverPath = join(__dirname, '..', '..', 'dist', 'server.js');
    if (!existsSync(serverPath)) {
      rows.push({ label: '(d) LSP didOpen -> diagnostics', stats: undefined, goal: 100, note: 'dist/server.js missing: run node scripts/build.mjs' });
    } else {
      try {
        const lsp = await benchLsp(serverPath, big, at);
        console.log(`(d) server: ${serverPath}, debounce ${lsp.debounce} ms (subtracted), ${lsp.diagnostics} diagnostics published`);
        rows.push({ label: '(d) LSP didOpen -> publishDiagnostics', stats: lsp.open, goal: 100 });
        rows.push({ label: '(d) LSP didChange -> publishDiagnostics', stats: lsp.change, goal: 10 });
        const fresh = await benchFreshServer(serverPath, big);
        rows.push({ label: '(d) fresh server: didOpen -> first diagnostics', stats: fresh.fromOpen, goal: 100 });
        // For scale: Node's own start (node -e 0) takes 135 ms on this project's machines, so the goal is
        // read from the didOpen (the row above), as the server can meet it.
        rows.push({ label: '(d) fresh server: spawn -> first diagnostics (for scale)', stats: fresh.fromSpawn, goal: undefined });
      } catch (error) {
        rows.push({ label: '(d) LSP over stdio', stats: undefined, goal: 100, note: error instanceof Error ? error.message : String(error) });
      }
    }
  }
  const comparisons: Comparison[] = [...comparisonsOfGrowth];
  let memory: ServerExtras['memory'];
  const distServer = join(__dirname, '..', '..', 'dist', 'server.js');
  if (!args.includes('--no-lsp') && existsSync(distServer)) {
    const extras = await benchServerExtras(distServer);
    rows.push({ label: '(f) LSP didOpen, tiny doc with a config', stats: extras.tiny, goal: 100 });
    rows.push({ label: '(f) LSP didOpen, 5 MB doc, no trigger word', stats: extras.noTrigger, goal: 100 });
    rows.push({ label: '(f) LSP edit adding a config to 20,000 lines', stats: extras.triggerAdded, goal: 100 });
    comparisons.push({ label: '(f) open: 5 MB doc without trigger vs tiny doc', ours: extras.noTrigger, other: extras.tiny, otherName: 'tiny doc' });
    comparisons.push({ label: '(f) open: 5 MB doc without trigger, ours', ours: extras.noTrigger, other: extras.floorNoTrigger, otherName: 'do-nothing server', goal: 1.1 });
    comparisons.push({ label: '(f) open: tiny doc with a config, ours', ours: extras.tiny, other: extras.floorTiny, otherName: 'do-nothing server' });
    comparisons.push({ label: '(f) edit: 5 MB doc without trigger vs tiny doc', ours: extras.editNoTrigger, other: extras.editTiny, otherName: 'tiny doc', goal: 1.5 });
    memory = extras.memory;
  }
  const distCli = join(__dirname, '..', '..', 'dist', 'cli.js');
  if (!args.includes('--no-cli')) {
    if (existsSync(distCli)) comparisons.push(...benchCli(distCli));
    else comparisons.push({ label: '(h) CLI check', ours: undefined, other: undefined, otherName: 'rg -l', note: 'dist/cli.js missing: run node scripts/build.mjs' });
  }
  if (!args.includes('--no-json')) comparisons.push(...(await benchJson()));
  if (!args.includes('--no-cfn') && existsSync(distCli)) comparisons.push(...benchCloudFormation(distCli));

  console.log('');
  printTable(rows);
  console.log('\nPASS: median and p95 under the goal; "PASS (p95 MISS)": only the median is. Figures only, no assertion.');
  console.log('');
  printComparisons(comparisons);
  if (memory) {
    const taken = memory.open - memory.start;
    const givenBack = memory.open - memory.settled;
    console.log(
      `\n(g) server memory (RSS): ${memory.start.toFixed(0)} MiB after start, ${memory.open.toFixed(0)} MiB with ten 20,000-line files open (+${taken.toFixed(0)} MiB), ` +
        `${memory.closed.toFixed(0)} MiB right after closing them, ${memory.settled.toFixed(0)} MiB 3 s later: ${taken > 0 ? ((100 * givenBack) / taken).toFixed(0) : '-'}% given back (goal >= 67%).`,
    );
  }
}

main().then(
  () => process.exit(0),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
