// Shared plumbing for the offline real-editor runs: a pinned code-server (installed by
// scripts/setup-e2e.sh) driven by Debian's chromium through playwright-core.
import { spawn, ChildProcess } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync, readdirSync, statSync, readFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { chromium, Browser, Page } from 'playwright-core';

export const CODE_SERVER_VERSION = '4.100.3';
/** Repo root: nearest ancestor with package.json and scripts/build.mjs (from out/test/e2e or test/e2e). */
export const REPO_ROOT = findRoot(__dirname);

function findRoot(from: string): string {
  for (let dir = from; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json')) && existsSync(join(dir, 'scripts', 'build.mjs'))) return dir;
    if (dirname(dir) === dir) throw new Error(`no repo root above ${from}`);
  }
}
export const RESULTS_DIR = join(REPO_ROOT, 'test-results');
export const CHROMIUM = process.env.SM_E2E_CHROMIUM ?? '/usr/bin/chromium';

export function codeServerBinary(): string {
  if (process.env.CODE_SERVER) return process.env.CODE_SERVER;
  const cache = process.env.SM_GUARDRAILS_CACHE ?? join(homedir(), '.cache', 'sm-guardrails');
  return join(cache, `code-server-${CODE_SERVER_VERSION}`, 'node_modules', '.bin', 'code-server');
}

/** Says what is missing for an offline real-editor run, or undefined when it can run. */
export function missingPrerequisite(): string | undefined {
  if (!existsSync(codeServerBinary())) return `code-server not found at ${codeServerBinary()} (run: bash scripts/setup-e2e.sh)`;
  if (!existsSync(CHROMIUM)) return `chromium not found at ${CHROMIUM} (run: bash scripts/setup-e2e.sh)`;
  // dist/ is checked by the suite itself (activation fails loudly), so a half-built tree still reports.
  if (!existsSync(join(REPO_ROOT, 'out/test/e2e/suite/index.js'))) return 'out/test/e2e/suite/index.js is missing (run: npm run build)';
  return undefined;
}

/** Rejects with a clear message when `promise` does not settle within `ms`. */
export function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`Timed out after ${ms} ms waiting for ${what}`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** Copies the fixture workspace so tests that edit or save never touch the sources. */
export function copyWorkspace(into: string): string {
  const target = join(into, 'workspace');
  cpSync(join(REPO_ROOT, 'test', 'e2e', 'workspace'), target, { recursive: true });
  return target;
}

export interface CodeServer {
  readonly url: string;
  readonly port: number;
  readonly userDataDir: string;
  readonly output: () => string;
  stop(): Promise<void>;
}

export interface StartOptions {
  /** Temp dir owned by the caller; user-data and extensions dirs are made inside it. */
  dir: string;
  /** Folder code-server opens by default. */
  folder: string;
  startTimeoutMs?: number;
}

export async function startCodeServer(opts: StartOptions): Promise<CodeServer> {
  const userDataDir = join(opts.dir, 'user-data');
  const extensionsDir = join(opts.dir, 'extensions');
  mkdirSync(join(userDataDir, 'User'), { recursive: true });
  mkdirSync(extensionsDir, { recursive: true });
  // No welcome page stealing focus, no telemetry, no trust prompt, no update checks.
  writeFileSync(
    join(userDataDir, 'User', 'settings.json'),
    JSON.stringify(
      {
        'workbench.startupEditor': 'none',
        'telemetry.telemetryLevel': 'off',
        'security.workspace.trust.enabled': false,
        'update.mode': 'none',
        'extensions.autoUpdate': false,
        'extensions.autoCheckUpdates': false,
        'workbench.enableExperiments': false,
        'workbench.tips.enabled': false,
        'extensions.ignoreRecommendations': true, // no gallery queries: there is no network
        'git.enabled': false, // the fixture copy is no repo; keeps the exthost log to what matters
        // SM_E2E_TRACE=1: the LSP traffic lands in the extension's output log, printed on failure.
        ...(process.env.SM_E2E_TRACE ? { 'smGuardrails.trace.server': 'verbose' } : {}),
      },
      null,
      2,
    ),
  );
  const args = [
    '--config', '/dev/null', // otherwise it writes ~/.config/code-server/config.yaml
    '--bind-addr', '127.0.0.1:0', // the OS picks a free port; we read it from the log line
    '--auth', 'none',
    '--disable-telemetry',
    '--disable-update-check',
    '--disable-workspace-trust',
    '--disable-getting-started-override',
    '--ignore-last-opened',
    '--extensions-dir', extensionsDir,
    '--user-data-dir', userDataDir,
    opts.folder,
  ];
  // detached => setsid: code-server and its extension hosts share one process group we can kill.
  // An empty gallery: code-server would otherwise query open-vsx.org, which fails offline and clutters logs.
  const env = { EXTENSIONS_GALLERY: '{}', ...process.env };
  const child = spawn(codeServerBinary(), args, { detached: true, stdio: ['ignore', 'pipe', 'pipe'], env });
  let output = '';
  let onData: (() => void) | undefined;
  const collect = (chunk: Buffer): void => {
    output += chunk.toString();
    onData?.();
  };
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);
  const exited = new Promise<number | null>((res) => child.once('exit', (code) => res(code)));
  const stop = (): Promise<void> => killGroup(child, exited);
  registerCleanup(stop);

  try {
    const port = await withTimeout(
      new Promise<number>((res, reject) => {
        onData = () => {
          const m = /HTTP server listening on https?:\/\/127\.0\.0\.1:(\d+)/.exec(output);
          if (m) res(Number(m[1]));
        };
        onData();
        void exited.then((code) => reject(new Error(`code-server exited with ${code} before listening:\n${output}`)));
      }),
      opts.startTimeoutMs ?? 60_000,
      'code-server to listen',
    );
    const url = `http://127.0.0.1:${port}`;
    await waitForHealthy(url, opts.startTimeoutMs ?? 60_000);
    return { url, port, userDataDir, output: () => output, stop };
  } catch (e) {
    await stop();
    throw e;
  }
}

async function waitForHealthy(url: string, ms: number): Promise<void> {
  const deadline = Date.now() + ms;
  let delay = 50;
  for (;;) {
    try {
      const res = await fetch(`${url}/healthz`);
      if (res.ok) return;
    } catch {
      // not accepting yet
    }
    if (Date.now() > deadline) throw new Error(`code-server at ${url} did not become healthy within ${ms} ms`);
    // Back-off between health probes, not a wait for an assumed state.
    await new Promise((r) => setTimeout(r, delay));
    delay = Math.min(delay * 2, 500);
  }
}

async function killGroup(child: ChildProcess, exited: Promise<number | null>): Promise<void> {
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
  const signalGroup = (sig: NodeJS.Signals): void => {
    try {
      process.kill(-child.pid!, sig);
    } catch {
      // group already gone
    }
  };
  signalGroup('SIGTERM');
  try {
    await withTimeout(exited, 5_000, 'code-server to stop');
  } catch {
    signalGroup('SIGKILL');
    await exited;
  }
  // Extension hosts may outlive the main process briefly; make sure the group is gone.
  signalGroup('SIGKILL');
}

const cleanups = new Set<() => Promise<void>>();
let handlersInstalled = false;
/** Kills code-server even when the runner is interrupted. */
function registerCleanup(fn: () => Promise<void>): void {
  cleanups.add(fn);
  if (handlersInstalled) return;
  handlersInstalled = true;
  for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.once(sig, () => {
      void Promise.allSettled([...cleanups].map((f) => f())).then(() => process.exit(130));
    });
  }
}

export async function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--disable-quic',
      '--disable-dev-shm-usage',
    ],
  });
}

/** The workbench URL that loads this repo as the extension under development. */
export function workbenchUrl(server: CodeServer, folder: string, tests?: { extensionTestsPath: string }): string {
  const remote = (p: string): string => `vscode-remote://127.0.0.1:${server.port}${p}`;
  const payload: [string, string][] = [['extensionDevelopmentPath', remote(REPO_ROOT)]];
  if (tests) payload.push(['extensionTestsPath', remote(tests.extensionTestsPath)]);
  const params = new URLSearchParams({ folder, payload: JSON.stringify(payload) });
  return `${server.url}/?${params.toString()}`;
}

export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(RESULTS_DIR, { recursive: true });
  const file = join(RESULTS_DIR, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}

/** The extension host's log and our extension's output channels, for failure reports. */
export function extensionHostLogs(userDataDir: string): { file: string; text: string }[] {
  const found: { file: string; text: string }[] = [];
  const logs = join(userDataDir, 'logs');
  const walk = (dir: string): void => {
    if (!existsSync(dir)) return;
    for (const name of readdirSync(dir)) {
      const full = join(dir, name);
      if (statSync(full).isDirectory()) walk(full);
      else if (/remoteexthost\.log$|guardrails/i.test(relative(logs, full))) found.push({ file: full, text: readFileSync(full, 'utf8') });
    }
  };
  walk(logs);
  return found;
}

export function makeTempDir(prefix: string): { dir: string; remove: () => void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}
