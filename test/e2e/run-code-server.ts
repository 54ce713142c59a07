// Offline runner: runs the extension-host mocha suite (out/test/e2e/suite/index.js) inside code-server's
// real Node extension host, with this repo loaded as the extension under development.
// Assumes `npm run build` was done. Exit code = the suite's exit code (1 on any runner failure).
//
//   node out/test/e2e/run-code-server.js            env: SM_E2E_TIMEOUT_MS (default 300000)
import { join } from 'node:path';
import { format } from 'node:util';
import type { Browser, Page } from 'playwright-core';
import {
  REPO_ROOT,
  copyWorkspace,
  extensionHostLogs,
  launchChromium,
  makeTempDir,
  missingPrerequisite,
  screenshot,
  startCodeServer,
  withTimeout,
  workbenchUrl,
  CodeServer,
} from './code-server';

const OVERALL_TIMEOUT_MS = Number(process.env.SM_E2E_TIMEOUT_MS ?? 300_000);

function banner(lines: string[]): void {
  const bar = '!'.repeat(100);
  console.error(`\n${bar}\n${lines.map((l) => `!!! ${l}`).join('\n')}\n${bar}\n`);
}

async function main(): Promise<number> {
  const missing = missingPrerequisite();
  if (missing) {
    banner(['cannot run the code-server suite:', missing]);
    return 2;
  }
  const started = Date.now();
  const tmp = makeTempDir('sm-e2e-');
  let server: CodeServer | undefined;
  let browser: Browser | undefined;
  let page: Page | undefined;
  try {
    const folder = copyWorkspace(tmp.dir);
    server = await startCodeServer({ dir: tmp.dir, folder });
    console.log(`[e2e] code-server ${server.url} (pid group), workspace ${folder}`);
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1400, height: 900 } });

    let resolveExit: (code: number) => void = () => undefined;
    const suiteExit = new Promise<number>((res) => (resolveExit = res));
    // The workbench calls these in test mode: the extension host's console and the suite's exit code.
    await page.exposeFunction('codeAutomationLog', (type: string, args: unknown) => {
      // args are console.log's arguments (mocha passes format strings like '%s%s').
      const text = Array.isArray(args) ? format(...(args as unknown[])) : format(args);
      (type === 'error' ? console.error : console.log)(`[exthost ${type}] ${text}`);
    });
    await page.exposeFunction('codeAutomationExit', (code: number) => resolveExit(code));
    page.on('pageerror', (err) => console.error(`[page error] ${err.message}`));
    page.on('crash', () => resolveExit(1));

    const url = workbenchUrl(server, folder, { extensionTestsPath: join(REPO_ROOT, 'out/test/e2e/suite/index.js') });
    await page.goto(url);
    const code = await withTimeout(suiteExit, OVERALL_TIMEOUT_MS, 'the extension-host suite to call codeAutomationExit');
    console.log(`[e2e] suite exited with ${code} after ${((Date.now() - started) / 1000).toFixed(1)} s`);
    if (code !== 0) await dumpForFailure(page, server, 'code-server-suite-failure');
    return code;
  } catch (e) {
    banner([`code-server suite FAILED: ${(e as Error).message}`]);
    if (page && server) await dumpForFailure(page, server, 'code-server-suite-failure');
    else if (server) console.error(server.output());
    return 1;
  } finally {
    await browser?.close().catch(() => undefined);
    await server?.stop();
    tmp.remove();
  }
}

async function dumpForFailure(page: Page, server: CodeServer, name: string): Promise<void> {
  try {
    console.error(`[e2e] screenshot: ${await screenshot(page, name)}`);
  } catch (e) {
    console.error(`[e2e] no screenshot: ${(e as Error).message}`);
  }
  console.error(`----- code-server output -----\n${server.output()}`);
  for (const log of extensionHostLogs(server.userDataDir)) console.error(`----- ${log.file} -----\n${log.text}`);
}

main().then(
  (code) => process.exit(code),
  (e) => {
    console.error(e);
    process.exit(1);
  },
);
