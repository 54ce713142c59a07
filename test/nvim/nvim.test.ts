// A second real LSP client: headless Neovim (Debian's 0.7) runs test/nvim/client.lua against the
// standalone server (bin/sm-guardrails-language-server --stdio) and we check what it received.
//   mocha out/test/nvim/nvim.test.js   (after npm run build)
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

interface LspDiagnostic {
  range: { start: { line: number; character: number }; end: { line: number; character: number } };
  severity?: number;
  code?: string | number;
  source?: string;
  message: string;
}
interface ClientResult {
  uri?: string;
  filetype?: string;
  diagnostics?: LspDiagnostic[];
  error?: string;
  seen?: unknown;
}

function repoRoot(from: string): string {
  for (let dir = from; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json')) && existsSync(join(dir, 'test', 'nvim', 'client.lua'))) return dir;
    if (dirname(dir) === dir) throw new Error(`no repo root above ${from}`);
  }
}

const ROOT = repoRoot(__dirname);
const NVIM = process.env.SM_NVIM ?? 'nvim';
const SERVER_CMD = ['node', join(ROOT, 'bin', 'sm-guardrails-language-server'), '--stdio'];
const CLIENT_TIMEOUT_MS = 20_000;

/** Opens `file` in headless Neovim and returns the first publishDiagnostics with >= `want` items. */
function runNeovim(file: string, want: number): ClientResult {
  const dir = mkdtempSync(join(tmpdir(), 'sm-nvim-'));
  const out = join(dir, 'result.json');
  try {
    const run = spawnSync(NVIM, ['--headless', '-u', 'NONE', '-i', 'NONE', '-n', '-c', `luafile ${join(ROOT, 'test/nvim/client.lua')}`, file], {
      cwd: ROOT,
      env: {
        ...process.env,
        SM_NVIM_OUT: out,
        SM_SERVER_CMD: JSON.stringify(SERVER_CMD),
        SM_NVIM_TIMEOUT_MS: String(CLIENT_TIMEOUT_MS),
        SM_NVIM_WANT: String(want),
      },
      encoding: 'utf8',
      timeout: CLIENT_TIMEOUT_MS + 15_000, // backstop if nvim itself hangs; the Lua deadline fires first
      killSignal: 'SIGKILL',
    });
    if (run.error) throw new Error(`could not run ${NVIM}: ${run.error.message}`);
    if (!existsSync(out)) throw new Error(`nvim exited ${run.status} without a result\nstdout: ${run.stdout}\nstderr: ${run.stderr}`);
    const result = JSON.parse(readFileSync(out, 'utf8')) as ClientResult;
    if (result.error) throw new Error(`Neovim client: ${result.error}; seen: ${JSON.stringify(result.seen)}`);
    assert.equal(run.status, 0, `nvim exit status\nstderr: ${run.stderr}`);
    return result;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

type Expected = [code: string, severity: 'error' | 'warning', range: [number, number, number, number]];

function check(file: string, expected: Expected[]): void {
  const result = runNeovim(join(ROOT, 'test/e2e/workspace', file), expected.length);
  const actual = (result.diagnostics ?? [])
    .filter((d) => d.source === 'sm-guardrails')
    .map((d): Expected => [String(d.code), d.severity === 1 ? 'error' : 'warning', [d.range.start.line, d.range.start.character, d.range.end.line, d.range.end.character]])
    .sort((a, b) => a[2][0] - b[2][0] || a[2][1] - b[2][1]);
  assert.deepEqual(actual, expected, `diagnostics Neovim received for ${file} (filetype ${result.filetype}): ${JSON.stringify(result.diagnostics)}`);
}

describe('Neovim as an LSP client of the standalone server', function () {
  this.timeout(CLIENT_TIMEOUT_MS + 20_000);

  before(function () {
    const v = spawnSync(NVIM, ['--version'], { encoding: 'utf8' });
    if (v.error) throw new Error(`${NVIM} not found: install Debian's neovim (bash scripts/setup-e2e.sh)`);
    const m = /NVIM v(\d+)\.(\d+)/.exec(v.stdout);
    assert.ok(m && (Number(m[1]) > 0 || Number(m[2]) >= 7), `needs Neovim >= 0.7, found: ${v.stdout.split('\n')[0]}`);
    assert.ok(existsSync(join(ROOT, 'dist/server.js')), 'dist/server.js is missing: run npm run build');
  });

  it('receives the canary-size error on the number in a Python file', () => {
    check('deploy_canary.py', [['canary-size', 'error', [12, 68, 12, 70]]]);
  });

  it('receives the JSON findings on the string tokens, quotes included', () => {
    check('fraud-rolling.deployment-config.json', [
      ['invalid-enum', 'error', [2, 34, 2, 55]],
      ['unknown-key', 'error', [4, 4, 4, 30]],
    ]);
  });

  it('receives findings from fenced blocks in Markdown', () => {
    check('RUNBOOK.md', [
      ['no-rollback-alarms', 'warning', [11, 8, 11, 31]],
      ['canary-size', 'error', [27, 152, 27, 154]],
    ]);
  });

  // Neovim's filetype (= LSP languageId) for .sh files is "sh", not VS Code's "shellscript".
  it('receives the linear-step-size error in a shell script (languageId "sh")', () => {
    check('deploy_linear.sh', [['linear-step-size', 'error', [11, 64, 11, 65]]]);
  });
});
