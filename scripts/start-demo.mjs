// `npm start`: the extension in a real VS Code on this machine, as a user gets it.
// Builds the .vsix (npm run package did that before this script runs), makes sure the pinned
// code-server is installed (scripts/setup-e2e.sh), installs the .vsix into a demo profile under
// .e2e/demo/, and serves code-server on 127.0.0.1:8080 with examples/ open. Ctrl+C stops it.
//   env: SM_DEMO_PORT (default 8080), SM_DEMO_EXIT_AFTER_READY=1 (stop once it answers),
//        SM_DEMO_VSIX and SM_DEMO_PROFILE (another .vsix and profile folder; the real-editor tests use them)
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname.replace(/\/$/, '');
const port = Number(process.env.SM_DEMO_PORT ?? 8080);
const vsix = process.env.SM_DEMO_VSIX ?? join(root, 'sagemaker-deployment-guardrails.vsix');
const demo = process.env.SM_DEMO_PROFILE ?? join(root, '.e2e', 'demo');
const examples = join(root, 'examples');

function fail(lines) {
  console.error(`\n!!! ${lines.join('\n!!! ')}\n`);
  process.exit(1);
}

if (!existsSync(vsix)) fail([`${vsix} is missing: run \`npm run package\` first (npm start does).`]);

// The port must be free before anything is started: a second demo would otherwise fail late and unclearly.
await new Promise((resolve) => {
  const probe = createServer();
  probe.once('error', () => fail([`127.0.0.1:${port} is in use (another demo?). Stop it, or run with SM_DEMO_PORT=<free port>.`]));
  probe.listen(port, '127.0.0.1', () => probe.close(resolve));
});

console.log('[start] checking code-server (scripts/setup-e2e.sh installs it once, about a minute)');
const setup = spawnSync('bash', [join(root, 'scripts/setup-e2e.sh')], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
const codeServer = /^CODE_SERVER=(.+)$/m.exec(setup.stdout ?? '')?.[1];
if (setup.status !== 0 || !codeServer) fail([`scripts/setup-e2e.sh failed (exit ${setup.status}); see above.`, 'Without code-server, install the .vsix into desktop VS Code instead (README, "Install").']);

// A fresh demo profile each time, so the installed extension is exactly this build.
rmSync(demo, { recursive: true, force: true });
const userData = join(demo, 'user-data');
const extensions = join(demo, 'extensions');
mkdirSync(join(userData, 'User'), { recursive: true });
writeFileSync(
  join(userData, 'User', 'settings.json'),
  JSON.stringify(
    {
      'workbench.startupEditor': 'none',
      'telemetry.telemetryLevel': 'off',
      'security.workspace.trust.enabled': false,
      'update.mode': 'none',
      'extensions.autoCheckUpdates': false,
      'extensions.ignoreRecommendations': true,
      'git.enabled': false,
    },
    null,
    2,
  ),
);
const common = ['--config', '/dev/null', '--extensions-dir', extensions, '--user-data-dir', userData];
const env = { ...process.env, EXTENSIONS_GALLERY: '{}' }; // offline: no marketplace queries
console.log(`[start] installing ${vsix}`);
const install = spawnSync(codeServer, [...common, '--install-extension', vsix], { encoding: 'utf8', env });
if (install.status !== 0) fail([`code-server --install-extension failed (exit ${install.status}):`, install.stdout, install.stderr]);

const args = [
  ...common,
  '--bind-addr', `127.0.0.1:${port}`,
  '--auth', 'none',
  '--disable-telemetry',
  '--disable-update-check',
  '--disable-workspace-trust',
  '--disable-getting-started-override',
  '--ignore-last-opened',
  examples,
];
// detached => its own process group, so Ctrl+C here stops code-server and its extension hosts.
const server = spawn(codeServer, args, { detached: true, stdio: ['ignore', 'pipe', 'pipe'], env });
const stop = () => {
  try {
    process.kill(-server.pid, 'SIGTERM');
  } catch {
    // already gone
  }
};
process.on('SIGINT', () => (stop(), process.exit(0)));
process.on('SIGTERM', () => (stop(), process.exit(0)));
server.stderr.pipe(process.stderr);
server.on('exit', (code) => {
  if (!ready) fail([`code-server exited (${code}) before it was ready; its output is above.`]);
  process.exit(code ?? 0);
});

let ready = false;
let buffered = '';
server.stdout.on('data', async (chunk) => {
  buffered += chunk;
  if (ready || !/HTTP server listening/.test(buffered)) return;
  ready = true;
  const url = `http://127.0.0.1:${port}/?folder=${encodeURIComponent(examples)}`;
  console.log(`
  SageMaker Deployment Guardrails demo: code-server (VS Code 1.100.3) with the extension installed.

      ${url}

  Open a file in examples/: problems are underlined and listed in Problems (Ctrl+Shift+M); hover a key;
  the code lens above each config opens the rollout timeline. Ctrl+C stops the demo.
`);
  if (process.env.SM_DEMO_EXIT_AFTER_READY) {
    const health = await fetch(`http://127.0.0.1:${port}/healthz`).then((r) => r.status, () => 0);
    console.log(`[start] /healthz answered ${health}; stopping (SM_DEMO_EXIT_AFTER_READY)`);
    stop();
    process.exit(health === 200 ? 0 : 1);
  }
});
