// How a check worker thread knows itself: an argument given to its process.argv when it is started
// (cli/workers.ts). Tested without loading node:worker_threads, which costs ~4 ms and which the
// main thread needs only when it starts workers (most runs start none); kept in its own module so
// the bundle's entry can test it without initializing the checker.
export const CHECK_WORKER_ARGUMENT = '--sm-guardrails-check-worker';

/** node:worker_threads, required on first use: only to start or run a worker (and the build's cache-writing run). */
export const workerThreads = (): typeof import('node:worker_threads') => require('node:worker_threads') as typeof import('node:worker_threads');

/** Whether this thread is a check worker (the argument alone could be a path a user gave the main thread). */
export function isCheckWorkerThread(): boolean {
  return process.argv.includes(CHECK_WORKER_ARGUMENT) && !workerThreads().isMainThread;
}
