// dist/cli-front.js: the CLI's first code. `check` runs here (its arguments, the walk, the results
// cache and the output) and loads the checker, the bundle it shares with the language server, only
// when a file must be read again: a repeat run whose files are all unchanged loads no checker
// (~25 ms of the run). Every other command is the checker's own (its main).
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileStamp } from '../node/code-cache';
import { runCheck, runCommand } from './check-command';
import type { CheckOptions, FileOutcome } from './check-files';

/** What dist/sm-guardrails.js gives the CLI (scripts/build.mjs). */
export interface CheckerBundle {
  startCli(entry?: string): void;
  checkFilesForCli(files: readonly string[], options: CheckOptions, workerEntry: string): Promise<FileOutcome[]>;
}

export interface CliLoader {
  /** Compiles the checker's bundle (with its code cache) on the first call. */
  loadChecker(): CheckerBundle;
  /** The bundle's path: the build id beside it (or its stamp) names the build for the results cache. */
  checkerPath: string;
  /** The script worker threads run (dist/cli-worker.js). */
  workerEntry: string;
}

/**
 * Names the checker's build for the results cache: the build id scripts/build.mjs writes beside it
 * (a hash of what decides the findings, the same for a rebuild of the same sources, as in CI),
 * else the bundle's size and time.
 */
function buildOf(checkerPath: string): string {
  try {
    return `id:${readFileSync(join(dirname(checkerPath), 'build-id'), 'utf8').trim()}`;
  } catch {
    // A dist/ without its id: named by the bundle's stamp.
  }
  try {
    return fileStamp(checkerPath);
  } catch {
    // No stamp: the results cache is keyed as 'unknown' (the checker then fails to load anyway).
    return 'unknown';
  }
}

export function runCli(argv: readonly string[], loader: CliLoader): void {
  if (argv[0] !== 'check') {
    loader.loadChecker().startCli(loader.workerEntry);
    return;
  }
  const build = buildOf(loader.checkerPath);
  const engine = {
    build,
    checkFiles: (files: readonly string[], options: CheckOptions) => loader.loadChecker().checkFilesForCli(files, options, loader.workerEntry),
  };
  runCommand(() => runCheck(argv.slice(1), engine));
}
