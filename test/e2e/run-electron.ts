// The same extension-host suite through @vscode/test-electron, for machines that can download VS Code
// (it cannot here: no network to Microsoft; use run-code-server.js). Assumes `npm run build` was done.
//   node out/test/e2e/run-electron.js        env: SM_VSCODE_VERSION (default 1.100.3, or "stable"),
//                                              SM_E2E_GREP (mocha grep). On Linux without a display: xvfb-run -a
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { TestRunFailedError, runTests } from '@vscode/test-electron';
import { REPO_ROOT, copyWorkspace, makeTempDir } from './code-server';

// Same VS Code as the pinned code-server, so both runners test one editor version.
const VERSION = process.env.SM_VSCODE_VERSION ?? '1.100.3';

async function main(): Promise<number> {
  const tmp = makeTempDir('sm-e2e-electron-');
  try {
    const folder = copyWorkspace(tmp.dir);
    const userDataDir = join(tmp.dir, 'user-data');
    mkdirSync(join(userDataDir, 'User'), { recursive: true });
    writeFileSync(
      join(userDataDir, 'User', 'settings.json'),
      JSON.stringify({ 'workbench.startupEditor': 'none', 'telemetry.telemetryLevel': 'off', 'security.workspace.trust.enabled': false }),
    );
    return await runTests({
      version: VERSION,
      extensionDevelopmentPath: REPO_ROOT,
      extensionTestsPath: join(REPO_ROOT, 'out/test/e2e/suite/index.js'),
      extensionTestsEnv: { SM_E2E_GREP: process.env.SM_E2E_GREP },
      launchArgs: [
        folder,
        '--disable-extensions', // only built-ins (ipynb, python grammar) and ours
        '--disable-workspace-trust',
        '--skip-welcome',
        '--skip-release-notes',
        '--user-data-dir',
        userDataDir,
        '--extensions-dir',
        join(tmp.dir, 'extensions'),
      ],
    });
  } finally {
    tmp.remove();
  }
}

main().then(
  (code) => process.exit(code),
  (e: unknown) => {
    if (e instanceof TestRunFailedError) process.exit(e.code ?? 1); // the suite failed; mocha said why
    const message = e instanceof Error ? e.message : String(e);
    console.error(`\n!!! @vscode/test-electron run failed: ${message}`);
    if (/ENOTFOUND|ECONNREFUSED|EAI_AGAIN|getaddrinfo|download/i.test(message)) {
      console.error('!!! This machine cannot download VS Code. Use the offline runner: node out/test/e2e/run-code-server.js\n');
    }
    process.exit(1);
  },
);
