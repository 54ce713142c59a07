// A seeded fuzzer of the core: documents of every host (Python, JSON, shell, Markdown, notebooks),
// cut from the examples and fixtures and mutated (bytes deleted, tokens inserted, text truncated
// mid-token, emoji, comments, quotes), checked with the invariants a user relies on:
//   - checking never throws and never reports internal-error;
//   - every finding's range is inside the text and on code-point boundaries;
//   - every offered fix edits inside the text (never an inverted range), applies, and leaves the
//     document no worse: no config stops parsing, no new syntax or internal error;
//   - fix all (as `check --fix` and the editor's fix-all run it) settles in one run: running it
//     again on its result changes nothing.
// The same seed gives the same documents, so a failure is reproduced by its seed and index.
import { readdirSync, readFileSync } from 'node:fs';
import { extname, join } from 'node:path';
import { analyzeNotebook, checkBlocks, checkDocument, finalizeFindings, type CheckSettings, type DocumentAnalysis, type DocumentKind, type FileReadResult, type HostEnvironment, type SyntaxParsers } from '../../server/src/core/check';
import { conversionTargets, convertBlock } from '../../server/src/core/edits/convert';
import { fixAll, fixAllRounds, keepsDocumentWhole, safeQuickFixes } from '../../server/src/core/edits/fixes';
import { notebookCodeText } from '../../server/src/core/edits/suppress';
import { applyEdits, type TextEdit } from '../../server/src/core/edits/text-edit';
import { readIpynbCells, type NotebookCell } from '../../server/src/core/hosts/notebook';
import type { Span } from '../../server/src/core/model';
import { splitsSurrogatePair } from '../../server/src/core/text';

const root = join(__dirname, '..', '..', '..');

/** mulberry32: a small seeded generator, the same sequence on every machine. */
export class Random {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  below(n: number): number {
    return Math.floor(this.next() * n);
  }

  pick<T>(items: readonly T[]): T {
    return items[this.below(items.length)]!;
  }
}

export interface Seed {
  name: string;
  kind: DocumentKind | 'notebook';
  text: string;
  /** Notebooks: their cells. */
  cells?: NotebookCell[];
}

const KIND_BY_EXTENSION: Record<string, DocumentKind> = { '.py': 'python', '.json': 'json', '.sh': 'shell', '.md': 'markdown', '.yaml': 'yaml', '.tf': 'terraform', '.ts': 'typescript' };

/** The seed documents: every example and host fixture, and a few written here for what they lack. */
export function loadSeeds(): Seed[] {
  const seeds: Seed[] = [];
  for (const folder of ['examples', 'test/fixtures/hosts']) {
    for (const name of readdirSync(join(root, folder)).sort()) {
      const path = join(root, folder, name);
      const extension = extname(name);
      if (extension === '.ipynb') {
        const cells = readIpynbCells(readFileSync(path, 'utf8')).map((cell) => ({ kind: cell.kind, text: cell.text }));
        seeds.push({ name: `${folder}/${name}`, kind: 'notebook', text: '', cells });
      } else if (KIND_BY_EXTENSION[extension] && name !== 'expected.json') {
        seeds.push({ name: `${folder}/${name}`, kind: KIND_BY_EXTENSION[extension]!, text: readFileSync(path, 'utf8') });
      }
    }
  }
  const cli = (value: string): string => `aws sagemaker update-endpoint --endpoint-name e --endpoint-config-name c --deployment-config ${value}\n`;
  seeds.push(
    { name: 'shorthand', kind: 'shell', text: cli("'BlueGreenUpdatePolicy={TrafficRoutingConfiguration={Type=LINEAR,LinearStepSize={Type=CAPACITY_PERCENT,Value=5},WaitIntervalInSeconds=300},MaximumExecutionTimeoutInSeconds=600}'") },
    { name: 'double-quoted json', kind: 'shell', text: cli('"{\\"RollingUpdatePolicy\\": {\\"MaximumBatchSize\\": {\\"Type\\": \\"CAPACITY_PERCENT\\", \\"Value\\": 60}, \\"WaitIntervalInSeconds\\": 60}}"') },
    { name: 'file reference', kind: 'shell', text: cli('file://config.json') + cli('file://secret.env') + cli('file://outside.json') },
    { name: 'emoji', kind: 'shell', text: cli('😀') + cli("'{\"RollingUpdatePolicy\": {\"😀\": 1}}'") },
    { name: 'json half typed', kind: 'json', text: '{"RollingUpdatePolicy":{"MaximumBatchSize":{"Type":"CAPACITY_PERCENT","Value":10},' },
    { name: 'python inline', kind: 'python', text: "cfg = {'RollingUpdatePolicy': {'MaximumBatchSize': {'Type': 'CAPACITY_PERCENT', 'Value': 60}, 'WaitIntervalInSeconds': 60}}\nsm.update_endpoint(DeploymentConfig=cfg)\n" },
  );
  return seeds;
}

/** Tokens inserted by mutations: the syntax of every host, the keys and values the rules know, and trouble. */
const TOKENS = [
  '{', '}', '[', ']', '(', ')', '"', "'", '`', ',', ':', '=', ' ', '\n', '\r\n', '\t', '\\', '\\\n', '#', '/*', '*/', '//', '$', '$X', '${X}', '$(x)', '!',
  '"""', "'''", '```', '```json\n', '```bash\n', '%%bash\n', '!aws ', '# sm-guardrails: ignore', '# sm-guardrails: ignore[canary-size]',
  '😀', '\ud83d', '\u00e9', '\u0000', '\uffff',
  '"Type"', '"Value"', '"CANARY"', '"LINEAR"', '"ALL_AT_ONCE"', '"CAPACITY_PERCENT"', '"INSTANCE_COUNT"', '"BlueGreenUpdatePolicy"', '"RollingUpdatePolicy"',
  '"AutoRollbackConfiguration"', '"TrafficRoutingConfiguration"', '"CanarySize"', '"LinearStepSize"', '"MaximumBatchSize"', '"WaitIntervalInSeconds"',
  '"WaitIntervalSeconds"', '"MaximumExecutionTimeoutInSeconds"', '"TerminationWaitInSeconds"', '"RollbackMaximumBatchSize"', '"Alarms"', '"AlarmName"', '"DeploymentConfig"',
  'Type=CANARY', 'Value=', 'CanarySize={', 'DeploymentConfig=', '--deployment-config ', '--deployment-config=', 'file://config.json', 'file://../x',
  '0', '1', '5', '-1', '50', '75', '600', '3601', '60.5', '1e3', '99999999999999999999', 'None', 'null', 'true', 'x',
];

function mutate(text: string, random: Random): string {
  const at = (): number => random.below(text.length + 1);
  switch (random.below(7)) {
    case 0: {
      const start = at();
      return text.slice(0, start) + text.slice(start + 1 + random.below(20));
    }
    case 1:
    case 2: {
      const start = at();
      return text.slice(0, start) + random.pick(TOKENS) + text.slice(start);
    }
    case 3:
      // Half typed: the document ends anywhere.
      return text.slice(0, at());
    case 4: {
      const start = at();
      const end = Math.min(text.length, start + 1 + random.below(40));
      return text.slice(0, end) + text.slice(start, end) + text.slice(end);
    }
    case 5: {
      const numbers = [...text.matchAll(/\d+/g)];
      if (numbers.length === 0) return text;
      const number = random.pick(numbers);
      return text.slice(0, number.index) + random.pick(['0', '1', '5', '10', '51', '75', '3601', '28801', '-5', '60.5', '"600"']) + text.slice(number.index + number[0].length);
    }
    default: {
      const start = random.below(Math.max(1, text.length));
      return text.slice(0, start) + random.pick(['"', "'", '{', '}', ',', ' ', ':']) + text.slice(start + 1);
    }
  }
}

/** A piece of a seed: the whole text, or some lines around a config (keeps documents small and varied). */
function cut(text: string, random: Random): string {
  if (text.length < 1500 || random.below(4) === 0) return text;
  const lines = text.split('\n');
  const triggers = lines.map((line, i) => (/Policy|DeploymentConfig|deployment-config|AutoRollback/.test(line) ? i : -1)).filter((i) => i >= 0);
  const center = triggers.length ? random.pick(triggers) : random.below(lines.length);
  const start = Math.max(0, center - random.below(12));
  return lines.slice(start, center + 1 + random.below(30)).join('\n');
}

export interface FuzzFailure {
  index: number;
  seed: string;
  kind: string;
  problem: string;
  text: string;
}

export interface FuzzOptions {
  seed: number;
  count: number;
  parsers: SyntaxParsers;
  /** Stop after this many failures. */
  maxFailures?: number;
}

/** `file://` as the reader gives it: one config inside the folder, a refusal, a non-config file, nothing else. */
const readFile = (path: string): FileReadResult | undefined => {
  if (path === 'config.json') return '{"RollingUpdatePolicy": {"MaximumBatchSize": {"Type": "CAPACITY_PERCENT", "Value": 70}, "WaitIntervalInSeconds": 60}}';
  if (path === 'secret.env') return 'AWS_SECRET_ACCESS_KEY=abc\n';
  if (path.startsWith('..') || path.startsWith('/')) return { refused: 'outside' };
  return undefined;
};

/** What a fix must never add: syntax errors, internal errors, configs that no longer parse. */
const damage = (analysis: DocumentAnalysis): number =>
  analysis.findings.filter((f) => f.code === 'cli-syntax' || f.code === 'internal-error').length + analysis.blocks.filter((b) => b.incomplete).length;

function spanProblem(text: string, span: Span, what: string): string | undefined {
  if (span.offset < 0 || span.length < 0 || span.offset + span.length > text.length) return `${what} [${span.offset}, +${span.length}] is outside the text (length ${text.length})`;
  if (splitsSurrogatePair(text, span.offset) || splitsSurrogatePair(text, span.offset + span.length)) return `${what} [${span.offset}, +${span.length}] splits a surrogate pair`;
  return undefined;
}

function editProblem(text: string, edits: readonly TextEdit[], what: string): string | undefined {
  for (const edit of edits) {
    if (edit.length < 0) return `${what}: an inverted edit ${JSON.stringify(edit)}`;
    const problem = spanProblem(text, edit, `${what}: edit`);
    if (problem) return problem;
  }
  return undefined;
}

/** What applying an offered edit (a fix, a conversion) broke: an internal error, the syntax, a config; or undefined. */
function appliedProblem(text: string, edits: readonly TextEdit[], what: string, analysis: DocumentAnalysis, analyze: (next: string) => DocumentAnalysis): string | undefined {
  const after = analyze(applyEdits(text, edits));
  if (after.findings.some((f) => f.code === 'internal-error')) return `${what} leads to an internal-error`;
  if (damage(after) > damage(analysis)) return `${what} breaks the syntax (damage ${damage(analysis)} -> ${damage(after)})`;
  if (after.blocks.length < analysis.blocks.length) return `${what} loses a config (${analysis.blocks.length} -> ${after.blocks.length})`;
  return undefined;
}

/** Checks one document of a text host; the first broken invariant, or undefined. */
export function checkInvariants(text: string, kind: DocumentKind, parsers: SyntaxParsers, settings: CheckSettings, random: Random): string | undefined {
  const env: HostEnvironment = { parsers, readFile };
  const analyze = (next: string): DocumentAnalysis => checkDocument(next, kind, env, settings);
  const analysis = analyze(text);
  for (const finding of analysis.findings) {
    if (finding.code === 'internal-error') return `internal-error: ${finding.message}`;
    const problem = spanProblem(text, finding.span, `${finding.code} finding`);
    if (problem) return problem;
  }
  // Every fix of a few findings (all of them would make the run slow), applied one by one.
  const findings = [...analysis.findings];
  for (let n = 0; n < 3 && findings.length > 0; n++) {
    const finding = findings.splice(random.below(findings.length), 1)[0]!;
    // As the server offers them: re-checked where the document's reading is a guess.
    for (const fix of safeQuickFixes(text, kind, analysis, finding, analyze)) {
      if (fix.edits.length === 0) continue;
      const what = `fix "${fix.title}" of ${finding.code}`;
      const problem = editProblem(text, fix.edits, what) ?? appliedProblem(text, fix.edits, what, analysis, analyze);
      if (problem) return problem;
    }
  }
  // Every strategy conversion of a config or two, as the editor offers them under Rewrite.
  for (const block of analysis.blocks.slice(0, 2)) {
    for (const target of conversionTargets(block)) {
      let conversion;
      try {
        conversion = convertBlock(text, block, target);
      } catch {
        continue; // Not offered (code-actions.ts).
      }
      if (!conversion || conversion.edits.length === 0) continue;
      const what = `conversion "${conversion.title}"`;
      const problem = editProblem(text, conversion.edits, what);
      if (problem) return problem;
      if (!keepsDocumentWhole(text, kind, analysis, conversion.edits, analyze)) continue; // Not offered either.
      const applied = appliedProblem(text, conversion.edits, what, analysis, analyze);
      if (applied) return applied;
    }
  }
  const problem = editProblem(text, fixAll(text, kind, analysis), 'fix all');
  if (problem) return problem;
  const once = fixAllRounds(text, kind, analyze);
  if (damage(once.after) > damage(analysis)) return `fix all breaks the syntax (damage ${damage(analysis)} -> ${damage(once.after)})`;
  const twice = fixAllRounds(once.text, kind, analyze);
  if (twice.text !== once.text) return `fix all does not settle in one run: a second run changes ${JSON.stringify(once.text.slice(0, 2000))}\n  into ${JSON.stringify(twice.text.slice(0, 2000))}`;
  return undefined;
}

/** Checks one notebook: ranges in its virtual text, fix-all edits inside its code text. */
export function checkNotebookInvariants(cells: readonly NotebookCell[], parsers: SyntaxParsers, settings: CheckSettings): string | undefined {
  const analysis = analyzeNotebook(cells, { parsers, readFile });
  const findings = finalizeFindings([...analysis.findings, ...checkBlocks(analysis.blocks, settings)], settings);
  for (const finding of findings) {
    if (finding.code === 'internal-error') return `internal-error: ${finding.message}`;
    const problem = spanProblem(analysis.virtualText, finding.span, `${finding.code} finding`);
    if (problem) return problem;
  }
  const text = notebookCodeText(cells);
  return editProblem(text, fixAll(text, 'python', { blocks: analysis.blocks, findings }), 'fix all');
}

/** Runs `count` mutated documents from `seed`; the failures found (none: every invariant held). */
export function runFuzz(options: FuzzOptions): FuzzFailure[] {
  const random = new Random(options.seed);
  const seeds = loadSeeds();
  const failures: FuzzFailure[] = [];
  for (let index = 0; index < options.count; index++) {
    const seed = random.pick(seeds);
    const settings: CheckSettings = random.below(3) === 0 ? { defaultFleetSize: 1 + random.below(20) } : {};
    const mutations = 1 + random.below(3);
    let problem: string | undefined;
    let shown = '';
    try {
      if (seed.kind === 'notebook') {
        const cells = seed.cells!.map((cell) => ({ ...cell }));
        for (let m = 0; m < mutations; m++) {
          const cell = random.pick(cells);
          cell.text = mutate(cell.text, random);
        }
        shown = JSON.stringify(cells);
        problem = checkNotebookInvariants(cells, options.parsers, settings);
      } else {
        let text = cut(seed.text, random);
        for (let m = 0; m < mutations; m++) text = mutate(text, random);
        shown = text;
        problem = checkInvariants(text, seed.kind, options.parsers, settings, random);
      }
    } catch (error) {
      problem = `threw: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`;
    }
    if (problem) {
      failures.push({ index, seed: seed.name, kind: seed.kind, problem, text: shown });
      if (failures.length >= (options.maxFailures ?? 20)) break;
    }
  }
  return failures;
}

/** What the line-end search appends: openers, closers and tokens that break a line's syntax. */
export const LINE_END_BREAKS = ['"', "'", '(', '[', '{', ')', ']', '}', ':', ' = =', '\\', ',', '"""', "'''", '@', 'lambda', 'def', ' if', '\t x'];

/**
 * Every Python sample (or those named) with one of `breaks` appended to one line at a time: texts
 * that do not parse as written, which the random mutations rarely make near a config. Each is
 * checked as runFuzz checks a document (the fixes and conversions offered must keep it whole).
 */
export function runLineEndSearch(options: { parsers: SyntaxParsers; breaks?: readonly string[]; samples?: readonly string[]; maxFailures?: number }): { documents: number; failures: FuzzFailure[] } {
  const random = new Random(1);
  const failures: FuzzFailure[] = [];
  let documents = 0;
  const samples = loadSeeds().filter((seed) => seed.kind === 'python' && (!options.samples || options.samples.includes(seed.name)));
  for (const sample of samples) {
    const lines = sample.text.split('\n');
    for (let line = 0; line < lines.length; line++) {
      for (const appended of options.breaks ?? LINE_END_BREAKS) {
        const text = [...lines.slice(0, line), lines[line] + appended, ...lines.slice(line + 1)].join('\n');
        documents++;
        let problem: string | undefined;
        try {
          problem = checkInvariants(text, 'python', options.parsers, {}, random);
        } catch (error) {
          problem = `threw: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`;
        }
        if (problem) {
          failures.push({ index: documents, seed: `${sample.name}, ${JSON.stringify(appended)} after line ${line + 1}`, kind: 'python', problem, text });
          if (failures.length >= (options.maxFailures ?? 20)) return { documents, failures };
        }
      }
    }
  }
  return { documents, failures };
}

export function describeFailure(failure: FuzzFailure, seed: number): string {
  return `#${failure.index} (seed ${seed}) from ${failure.seed} (${failure.kind}): ${failure.problem}\n  text: ${JSON.stringify(failure.text)}`;
}
