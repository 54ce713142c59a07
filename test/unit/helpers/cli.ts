// The CLI run as a process, as a user runs it (bin/sm-guardrails under this Node): one runner for
// the suites that spawn it.
import { spawnSync, type SpawnSyncOptions } from 'node:child_process';
import { join } from 'node:path';

/** The project's root (tests run from out/test/unit). */
export const PROJECT_ROOT = join(__dirname, '..', '..', '..', '..');
export const CLI_BIN = join(PROJECT_ROOT, 'bin', 'sm-guardrails');
/** Files the CLI's process tests check. */
export const PROCESS_FIXTURES = join(PROJECT_ROOT, 'test', 'fixtures', 'process');

export interface CliRun {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `sm-guardrails ARGS...` in `cwd` to its end (30 s at most unless `options` say otherwise); a failure to start throws. */
export function runCli(cwd: string, args: readonly string[], options: SpawnSyncOptions = {}): CliRun {
  const result = spawnSync(process.execPath, [CLI_BIN, ...args], { cwd, encoding: 'utf8', timeout: 30000, ...options });
  if (result.error) throw result.error;
  return { status: result.status, stdout: String(result.stdout), stderr: String(result.stderr) };
}
