// `check` over many files: every file is read and given the trigger-word test first (most files
// of a real tree hold no config and are never parsed, and the grammars are not even loaded when
// none does); the files left are checked by the main thread and, for big runs, worker threads
// that take the next file from a shared counter. Outcomes come back in walk order.
import { availableParallelism } from 'node:os';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import type { SyntaxParsers } from '../core/check';
import { extname } from 'node:path';
import { documentKindOf } from '../core/check';
import { adoptCompiledModules, compiledModules, loadParsers, type GrammarName } from '../node/grammars';
import { checkReadFile, readCandidate, readForCheck, type CheckOptions, type FileOutcome } from './check-files';

/**
 * Worker threads are started only when this much text is left to parse. A worker costs 0.1-0.2 s of
 * CPU to start (the bundle, the tree-sitter runtime and its grammars, cold JIT) and the parse runs
 * at ~1 MB/s: below 1 MiB a worker would add 20-25% CPU (measured on the 2,000-file bench tree,
 * 0.5 MB of candidates) for a small gain in wall time.
 */
const WORKER_MIN_BYTES = 1024 * 1024;
const WORKER_MIN_FILES = 8;
const MAX_WORKERS = 7;
/** Progress goes to stderr (a terminal only) once a run has taken this long (SM_GUARDRAILS_PROGRESS_AFTER_MS: tests). */
const PROGRESS_AFTER_MS = /^\d+$/.test(process.env.SM_GUARDRAILS_PROGRESS_AFTER_MS ?? '') ? Number(process.env.SM_GUARDRAILS_PROGRESS_AFTER_MS) : 1000;

interface Candidate {
  index: number;
  path: string;
}

interface WorkerInput {
  smGuardrailsCheckWorker: true;
  paths: string[];
  options: CheckOptions;
  next: SharedArrayBuffer;
  /** The main thread's compiled WebAssembly: a worker compiles none of it again. */
  modules: ReturnType<typeof compiledModules>;
}

/**
 * The script worker threads run: this file (tests, out/), or the CLI's loader (dist/cli.js), which
 * compiles the bundle with its code cache (a worker loading the bundle bare compiled all of it).
 */
let workerScript = __filename;
export function useWorkerScript(path: string | undefined): void {
  if (path) workerScript = path;
}

/**
 * The grammars the candidates' checks will parse with, as far as their names and words tell: compiled
 * before workers start so they share them (one missed is compiled where it is needed).
 */
function grammarsFor(path: string, raw: string): GrammarName[] {
  const kind = documentKindOf(path) ?? (extname(path).toLowerCase() === '.ipynb' ? 'python' : undefined);
  if (kind === 'python') return raw.includes('--deployment-config') ? ['python', 'bash'] : ['python'];
  if (kind === 'shell') return ['bash'];
  if (kind === 'terraform') return ['hcl'];
  if (kind === 'typescript') return ['typescript'];
  return [];
}

interface WorkerMessage {
  at: number;
  outcome: FileOutcome;
}

/**
 * Workers for this run: none for small runs, else one per spare core. SM_GUARDRAILS_WORKERS=N
 * sets the number whatever the run's size (0: the main thread only), for benchmarks and tests.
 */
function chooseWorkerCount(files: number, bytes: number): number {
  const forced = process.env.SM_GUARDRAILS_WORKERS;
  if (forced !== undefined && /^\d+$/.test(forced)) return Math.min(Number(forced), files);
  if (files < WORKER_MIN_FILES || bytes < WORKER_MIN_BYTES) return 0;
  return Math.max(0, Math.min(MAX_WORKERS, availableParallelism() - 1, Math.floor(files / 4)));
}

class Progress {
  private readonly started = Date.now();
  private shown = false;
  private lastShown = 0;
  private readonly active = process.stderr.isTTY === true;
  constructor(private readonly total: number) {}
  update(done: number): void {
    const now = Date.now();
    if (!this.active || now - this.started < PROGRESS_AFTER_MS || (now - this.lastShown < 100 && done < this.total)) return;
    this.shown = true;
    this.lastShown = now;
    process.stderr.write(`\rsm-guardrails: ${done} of ${this.total} files checked`);
  }
  finish(): void {
    if (this.shown) process.stderr.write('\r\x1b[K');
  }
}

/** Checks the files (paths from the walk) and returns one outcome per file, in the same order. */
export async function checkFiles(files: readonly string[], options: CheckOptions): Promise<FileOutcome[]> {
  const outcomes: FileOutcome[] = files.map(() => ({ located: [], messages: [] }));
  const progress = new Progress(files.length);
  const candidates: Candidate[] = [];
  const raws = new Map<number, string>();
  let candidateBytes = 0;
  files.forEach((path, index) => {
    const read = readCandidate(path);
    if ('problem' in read) outcomes[index]!.problem = read.problem;
    else if (read.raw !== undefined) {
      candidates.push({ index, path });
      raws.set(index, read.raw);
      candidateBytes += read.raw.length;
    }
    if (index % 64 === 0) progress.update(0);
  });
  if (candidates.length === 0) {
    progress.finish();
    return outcomes;
  }
  const workerCount = chooseWorkerCount(candidates.length, candidateBytes);
  const next = new SharedArrayBuffer(4);
  const counter = new Int32Array(next);
  let done = files.length - candidates.length;
  const workers: Promise<void>[] = [];
  const modules = workerCount > 0 ? compiledModules([...new Set(candidates.flatMap((c) => grammarsFor(c.path, raws.get(c.index)!)))]) : undefined;
  for (let w = 0; w < workerCount; w++) {
    workers.push(
      new Promise<void>((resolve) => {
        const input: WorkerInput = { smGuardrailsCheckWorker: true, paths: candidates.map((c) => c.path), options, next, modules: modules! };
        const worker = new Worker(workerScript, { workerData: input });
        worker.on('message', (message: WorkerMessage) => {
          outcomes[candidates[message.at]!.index] = message.outcome;
          raws.delete(candidates[message.at]!.index);
          progress.update(++done);
        });
        // A worker that fails leaves its current file unchecked: reported below, never lost.
        worker.on('error', () => resolve());
        worker.on('exit', () => resolve());
      }),
    );
  }
  const parsers: SyntaxParsers = await loadParsers();
  for (let at = Atomics.add(counter, 0, 1); at < candidates.length; at = Atomics.add(counter, 0, 1)) {
    const candidate = candidates[at]!;
    outcomes[candidate.index] = checkReadFile(candidate.path, raws.get(candidate.index)!, parsers, options);
    raws.delete(candidate.index);
    progress.update(++done);
  }
  await Promise.all(workers);
  // Files a crashed worker had taken but not finished.
  for (const candidate of candidates) {
    if (raws.has(candidate.index)) {
      outcomes[candidate.index] = checkReadFile(candidate.path, raws.get(candidate.index)!, parsers, options);
    }
  }
  progress.finish();
  return outcomes;
}

/** The worker side: takes files from the shared counter until none is left. */
async function runWorker(input: WorkerInput): Promise<void> {
  adoptCompiledModules(input.modules);
  const parsers = await loadParsers();
  const counter = new Int32Array(input.next);
  for (let at = Atomics.add(counter, 0, 1); at < input.paths.length; at = Atomics.add(counter, 0, 1)) {
    const path = input.paths[at]!;
    const read = readForCheck(path);
    const outcome: FileOutcome = 'problem' in read ? { located: [], messages: [], problem: read.problem } : checkReadFile(path, read.raw, parsers, input.options);
    parentPort!.postMessage({ at, outcome } satisfies WorkerMessage);
  }
}

export const isCheckWorker = !isMainThread && (workerData as Partial<WorkerInput> | undefined)?.smGuardrailsCheckWorker === true;
if (isCheckWorker) void runWorker(workerData as WorkerInput);
