// `check` over many files: every file is read and given the trigger-word test first (most files
// of a real tree hold no config and are never parsed, and the grammars are not even loaded when
// none does), and checked at once when it may hold a config. The main thread and, once there is
// much to parse, worker threads take the next file from a shared counter, each reading and
// checking it; outcomes come back in walk order.
import { availableParallelism } from 'node:os';
import type { SyntaxParsers } from '../core/check';
import { adoptCompiledModules, compiledModules, loadParsers } from '../node/grammars';
import { checkReadFile, fileMayHoldConfig, type CheckOptions, type FileOutcome } from './check-files';
import { readForCheck } from './walk';
import { contentHash } from './content-hash';
import { rawTextMayHoldTriggerWord } from '../core/trigger-words';
import { Progress } from './progress';
import { CHECK_WORKER_ARGUMENT, isCheckWorkerThread, workerThreads } from '../node/worker-argument';

/**
 * Worker threads start once the text left to parse, projected from the files read so far (their
 * candidates' bytes per file read, times the files left), is at least this much. A worker costs
 * 0.3-0.45 s of CPU to start (Node's worker bootstrap, the bundle, the tree-sitter runtime, cold
 * JIT) and the main thread parses ~15 MB/s once warm. Measured on 2 cores, one worker from the
 * start against none: 5.5 MB of configs to parse, 1.14x slower; 11 MB, 0.94x; 22 MB, 0.81x. On the
 * 2,000-file bench tree (20 MB read, 1.1 MB to parse) a worker made the run ~10% slower.
 */
const WORKER_MIN_BYTES_LEFT = 8 * 1024 * 1024;
/** ...and the projection rests on at least this much text found to parse. */
const WORKER_MIN_BYTES_SEEN = 256 * 1024;
/** ...in at least this many files, counting those left to read, and one file at least is left. */
const WORKER_MIN_FILES = 8;
const MAX_WORKERS = 7;
/** Slots of the shared counters. */
const NEXT = 0;
const DONE = 1;

interface WorkerInput {
  smGuardrailsCheckWorker: true;
  paths: readonly string[];
  options: CheckOptions;
  /** Int32 counters: the next file to take (NEXT) and how many are done (DONE). */
  counters: SharedArrayBuffer;
  /** One byte per file, set once its outcome is sent (or it had none): a crashed worker's other files are redone. */
  finished: SharedArrayBuffer;
  /** The main thread's compiled WebAssembly, when it had any: a worker compiles none of it again. */
  modules?: ReturnType<typeof compiledModules>;
}

/**
 * The script worker threads run: this file (tests, out/), or the CLI's loader (dist/cli.js), which
 * compiles the bundle with its code cache (a worker loading the bundle bare compiled all of it).
 */
let workerScript = __filename;
export function useWorkerScript(path: string | undefined): void {
  if (path) workerScript = path;
}

/** A file's outcome, or that the worker has started (before it takes any file). */
type WorkerMessage = { at: number; outcome: FileOutcome } | { ready: true };

/**
 * SM_GUARDRAILS_WORKERS=N: that many workers whatever the run (0: the main thread only), for
 * benchmarks and tests; the main thread then waits for them to start before it takes a file, so
 * they share the work of even a small run.
 */
function forcedWorkerCount(): number | undefined {
  const forced = process.env.SM_GUARDRAILS_WORKERS;
  return forced !== undefined && /^\d+$/.test(forced) ? Number(forced) : undefined;
}

const hasContent = (outcome: FileOutcome): boolean =>
  outcome.located.length > 0 || outcome.messages.length > 0 || outcome.problem !== undefined || outcome.references !== undefined || outcome.contentHash !== undefined;

/**
 * Reads, prefilters and checks files taken from the shared counter until none is left; `settle`
 * gets each file's outcome (undefined: nothing to report). The same loop on every thread.
 */
async function takeFiles(
  paths: readonly string[],
  options: CheckOptions,
  counters: Int32Array,
  finished: Uint8Array,
  settle: (at: number, outcome: FileOutcome | undefined) => void,
  candidateFound?: (bytes: number) => void,
): Promise<void> {
  let parsers: SyntaxParsers | undefined;
  for (let at = Atomics.add(counters, NEXT, 1); at < paths.length; at = Atomics.add(counters, NEXT, 1)) {
    const path = paths[at]!;
    const read = readForCheck(path);
    let outcome: FileOutcome | undefined;
    if ('problem' in read) outcome = { located: [], messages: [], problem: read.problem };
    else {
      // One pass for most files (those without any trigger word), which need no hash either: the
      // front tells them by that test alone.
      const mayHoldWord = rawTextMayHoldTriggerWord(path, read.raw);
      const hash = options.hashContent && mayHoldWord ? contentHash(read.raw) : undefined;
      if (mayHoldWord && fileMayHoldConfig(path, read.raw)) {
        candidateFound?.(read.raw.length);
        parsers ??= await loadParsers();
        outcome = checkReadFile(path, read.raw, parsers, options);
      }
      if (hash !== undefined) outcome = { ...(outcome ?? { located: [], messages: [] }), contentHash: hash };
    }
    settle(at, outcome);
    finished[at] = 1;
    Atomics.add(counters, DONE, 1);
  }
}

/** Checks the files (paths from the walk) and returns one outcome per file, in the same order. */
export async function checkFiles(files: readonly string[], options: CheckOptions): Promise<FileOutcome[]> {
  const outcomes: FileOutcome[] = files.map(() => ({ located: [], messages: [] }));
  const progress = new Progress(files.length, 'checked');
  const counters = new Int32Array(new SharedArrayBuffer(8));
  const finished = new Uint8Array(new SharedArrayBuffer(Math.max(1, files.length)));
  const workers: Promise<void>[] = [];
  const started: Promise<void>[] = [];
  const startWorkers = (count: number, modules: ReturnType<typeof compiledModules> | undefined): void => {
    for (let w = 0; w < count; w++) {
      const input: WorkerInput = { smGuardrailsCheckWorker: true, paths: files, options, counters: counters.buffer as SharedArrayBuffer, finished: finished.buffer as SharedArrayBuffer, ...(modules ? { modules } : {}) };
      const worker = new (workerThreads().Worker)(workerScript, { workerData: input, argv: [CHECK_WORKER_ARGUMENT] });
      let ready = (): void => undefined;
      started.push(new Promise<void>((resolve) => (ready = resolve)));
      workers.push(
        new Promise<void>((resolve) => {
          worker.on('message', (message: WorkerMessage) => {
            if ('ready' in message) ready();
            else outcomes[message.at] = message.outcome;
          });
          // A worker that fails leaves its current file unfinished: checked again below, never lost.
          const end = (): void => {
            ready();
            resolve();
          };
          worker.on('error', end);
          worker.on('exit', end);
        }),
      );
    }
  };
  const forced = forcedWorkerCount();
  if (forced !== undefined) {
    startWorkers(Math.min(forced, files.length), undefined);
    await Promise.all(started);
  }
  // Otherwise once the files read so far hold enough to parse and enough are left to share.
  let candidateBytes = 0;
  let candidates = 0;
  const candidateFound = (bytes: number): void => {
    candidateBytes += bytes;
    candidates++;
    if (forced !== undefined || workers.length > 0 || candidateBytes < WORKER_MIN_BYTES_SEEN) return;
    const taken = Atomics.load(counters, NEXT);
    const left = files.length - taken;
    if (left === 0 || candidates + left < WORKER_MIN_FILES || (candidateBytes / taken) * left < WORKER_MIN_BYTES_LEFT) return;
    startWorkers(Math.max(0, Math.min(MAX_WORKERS, availableParallelism() - 1, Math.max(1, Math.floor(left / 4)))), compiledModules([]));
  };
  await takeFiles(files, options, counters, finished, (at, outcome) => {
    if (outcome) outcomes[at] = outcome;
    progress.update(Atomics.load(counters, DONE) + 1);
  }, candidateFound);
  if (workers.length > 0) {
    const ticking = setInterval(() => progress.update(Atomics.load(counters, DONE)), 100);
    await Promise.all(workers);
    clearInterval(ticking);
    // Files a crashed worker had taken but not finished.
    const left = files.flatMap((_, at) => (finished[at] ? [] : [at]));
    if (left.length > 0) {
      const again = new Int32Array(new SharedArrayBuffer(8));
      await takeFiles(left.map((at) => files[at]!), options, again, new Uint8Array(left.length), (k, outcome) => {
        if (outcome) outcomes[left[k]!] = outcome;
      });
    }
  }
  progress.update(files.length);
  progress.finish();
  return outcomes;
}

/** The worker side: takes files from the shared counter until none is left; sends the outcomes that say anything. */
async function runWorker(input: WorkerInput): Promise<void> {
  if (input.modules) adoptCompiledModules(input.modules);
  const { parentPort } = workerThreads();
  parentPort!.postMessage({ ready: true } satisfies WorkerMessage);
  await takeFiles(input.paths, input.options, new Int32Array(input.counters), new Uint8Array(input.finished), (at, outcome) => {
    if (outcome && hasContent(outcome)) parentPort!.postMessage({ at, outcome } satisfies WorkerMessage);
  });
}

export const isCheckWorker = isCheckWorkerThread() && (workerThreads().workerData as Partial<WorkerInput> | undefined)?.smGuardrailsCheckWorker === true;
if (isCheckWorker) void runWorker(workerThreads().workerData as WorkerInput);
