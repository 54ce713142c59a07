// Builds the extension: bundles client, server and CLI into dist/ (with the grammar .wasm files
// beside them), and transpiles sources and tests into out/ for mocha.
import * as esbuild from 'esbuild';
import { cpSync, mkdirSync, readdirSync, readFileSync, statSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';

import { GENERATED, validatorSource } from './generate-validator.mjs';

const root = new URL('..', import.meta.url).pathname;
const watch = process.argv.includes('--watch');
const only = process.argv.find((a) => a.startsWith('--only='))?.slice(7);

function tsFiles(dir) {
  const found = [];
  for (const name of readdirSync(dir)) {
    const full = join(dir, name);
    if (statSync(full).isDirectory()) found.push(...tsFiles(full));
    else if (name.endsWith('.ts') && !name.endsWith('.d.ts')) found.push(full);
  }
  return found;
}

// jsonc-parser's UMD build hides its requires from bundlers; its ESM build (module field) bundles cleanly.
// web-tree-sitter reads import.meta.url to create a require(); in a CommonJS bundle it is
// given the bundle's own file URL.
const common = {
  bundle: true,
  platform: 'node',
  target: 'node18',
  format: 'cjs',
  sourcemap: true,
  logLevel: 'warning',
  alias: { 'jsonc-parser': 'jsonc-parser/lib/esm/main.js' },
  define: { 'import.meta.url': '__bundleFileUrl' },
  banner: { js: "const __bundleFileUrl = require('url').pathToFileURL(__filename).href;" },
};

// Two modules of vscode-languageserver require Node built-ins at load that the server never uses
// (crypto: random names for named pipes; child_process: finding global npm and yarn modules).
// Loading them took about 5 ms of a fresh server's start over stdio (crypto ~4 ms, child_process
// ~1.5 ms once net is loaded, at load 3.5): they are required on first use.
const LAZY_BUILTINS = [
  { file: /vscode-jsonrpc[\\/]lib[\\/]node[\\/]main\.js$/, builtin: 'crypto', members: ['randomBytes'] },
  { file: /vscode-languageserver[\\/]lib[\\/]node[\\/]files\.js$/, builtin: 'child_process', members: ['fork', 'spawnSync'] },
];
const lazyBuiltins = {
  name: 'lazy-builtins',
  setup(build) {
    build.onLoad({ filter: /[\\/]vscode-(jsonrpc|languageserver)[\\/]lib[\\/]node[\\/](main|files)\.js$/ }, (args) => {
      let contents = readFileSync(args.path, 'utf8');
      for (const { builtin, members } of LAZY_BUILTINS.filter((lazy) => lazy.file.test(args.path))) {
        const eager = `const ${builtin}_1 = require("${builtin}");`;
        const used = new Set([...contents.matchAll(new RegExp(`${builtin}_1\\.(\\w+)`, 'g'))].map((m) => m[1]));
        // A new version of the library: look again at what it uses before building.
        if (!contents.includes(eager) || [...used].some((member) => !members.includes(member))) throw new Error(`lazy-builtins: ${args.path} no longer matches (${builtin}: ${[...used].join(', ')})`);
        contents = contents.replace(eager, `const ${builtin}_1 = { ${members.map((m) => `get ${m}() { return require("${builtin}").${m}; }`).join(', ')} };`);
      }
      return { contents, loader: 'js' };
    });
  },
};

/**
 * What names this build for the CLI's results cache (server/src/cli/front.ts): the SHA-256 of the
 * files that decide what a check finds (the checker, the CLI's front, the grammars and their
 * runtime). esbuild's output is the same for the same sources, so a rebuild in CI keeps a cache
 * restored from an earlier pipeline, where the bundle's file times would not.
 */
function buildId() {
  const dist = join(root, 'dist');
  const hash = createHash('sha256');
  const named = readdirSync(dist).filter((name) => name === 'sm-guardrails.js' || name === 'cli-front.js' || name === 'web-tree-sitter.cjs' || name.endsWith('.wasm')).sort();
  for (const name of named) hash.update(`${name}\n`).update(readFileSync(join(dist, name)));
  return hash.digest('hex');
}

async function bundles() {
  rmSync(join(root, 'dist'), { recursive: true, force: true });
  mkdirSync(join(root, 'dist'), { recursive: true });
  for (const file of [
    'node_modules/web-tree-sitter/web-tree-sitter.wasm',
    // Evaluated afresh for each tree-sitter runtime (server/src/node/grammars.ts), so not bundled.
    'node_modules/web-tree-sitter/web-tree-sitter.cjs',
    'node_modules/tree-sitter-python/tree-sitter-python.wasm',
    'node_modules/tree-sitter-bash/tree-sitter-bash.wasm',
    'node_modules/@tree-sitter-grammars/tree-sitter-hcl/tree-sitter-hcl.wasm',
    'node_modules/tree-sitter-typescript/tree-sitter-typescript.wasm',
  ]) cpSync(join(root, file), join(root, 'dist', file.split('/').pop()));
  await Promise.all([
    esbuild.build({ ...common, entryPoints: [join(root, 'client/src/extension.ts')], outfile: join(root, 'dist/extension.js'), external: ['vscode'] }),
    // The language server and the CLI share one CommonJS bundle (dist/sm-guardrails.js): each entry
    // is evaluated only when started, so the CLI runs none of the server's code and the reverse.
    // CommonJS rather than ES modules: Node's ES module loader cost the CLI ~20 ms a run, and only
    // a script can be given a V8 code cache (below).
    esbuild.build({
      ...common,
      stdin: {
        contents: [
          "import { isCheckWorkerThread } from './server/src/node/worker-argument';",
          '// entry: the script that started the CLI (dist/cli.js), which its worker threads run too.',
          "export function startCli(entry?: string): void { require('./server/src/cli/workers').useWorkerScript(entry); require('./server/src/cli/main'); }",
          "// dist/cli-front.js's check: the files it must read again, checked here (and in worker threads that run workerEntry).",
          "export function checkFilesForCli(files: readonly string[], options: import('./server/src/cli/check-files').CheckOptions, workerEntry: string) { const workers = require('./server/src/cli/workers'); workers.useWorkerScript(workerEntry); return workers.checkFiles(files, options); }",
          "// options: from dist/server.js (server-loader.cjs), what it prepared before compiling this bundle.",
          "export function startServer(options?: import('./server/src/lsp/start').ServerStart): void { require('./server/src/lsp/start').startServer(options); }",
          '// Worker threads started with this bundle as their script (no entry given to startCli).',
          'if (isCheckWorkerThread()) startCli();',
        ].join('\n'),
        resolveDir: root,
        sourcefile: 'sm-guardrails-entry.ts',
        loader: 'ts',
      },
      outfile: join(root, 'dist/sm-guardrails.js'),
      plugins: [lazyBuiltins],
      // Only its types are imported; the runtime is read from dist/web-tree-sitter.cjs (grammars.ts).
      external: ['web-tree-sitter'],
    }),
    // The CLI's front: check's arguments, walk, results cache and output, without the checker.
    esbuild.build({ ...common, entryPoints: [join(root, 'server/src/cli/front.ts')], outfile: join(root, 'dist/cli-front.js') }),
    // The code cache loader of dist/cli.js and dist/server.js, which need it before the bundle is compiled;
    esbuild.build({ ...common, entryPoints: [join(root, 'server/src/node/code-cache.ts')], outfile: join(root, 'dist/code-cache.js'), sourcemap: false, banner: {} }),
    // dist/server.js starts the grammars' compile with it before the bundle is compiled.
    esbuild.build({ ...common, entryPoints: [join(root, 'server/src/node/wasm-compile.ts')], outfile: join(root, 'dist/wasm-compile.js'), sourcemap: false, banner: {} }),
    // The timeline panel's script runs in the webview (a browser page), not in Node.
    esbuild.build({ entryPoints: [join(root, 'client/src/webview/timeline.ts')], outfile: join(root, 'dist/webview/timeline.js'), bundle: true, platform: 'browser', format: 'iife', target: 'es2020', sourcemap: false, logLevel: 'warning' }),
  ]);
  // dist/server.js and dist/cli.js stay the entry points (VS Code forks dist/server.js, bin/ requires them).
  cpSync(join(root, 'server/src/lsp/server-loader.cjs'), join(root, 'dist', 'server.js'));
  cpSync(join(root, 'server/src/cli/cli-loader.cjs'), join(root, 'dist', 'cli.js'));
  cpSync(join(root, 'server/src/cli/cli-worker.cjs'), join(root, 'dist', 'cli-worker.js'));
  writeFileSync(join(root, 'dist', 'build-id'), buildId() + '\n');
  // The CLI's V8 code cache: written by a run over examples/ with this build's Node; a run with
  // another Node (or V8 flags) finds it rejected and compiles as without it.
  // The same run writes web-tree-sitter's (server/src/node/grammars.ts).
  rmSync(join(root, 'dist', 'sm-guardrails.js.cache'), { force: true });
  // --no-cache: every file is checked (and no user's results cache is touched).
  const warm = spawnSync(process.execPath, [join(root, 'dist', 'cli.js'), 'check', '--no-cache', join(root, 'examples')], {
    cwd: root,
    env: { ...process.env, SM_GUARDRAILS_WRITE_CODE_CACHE: '1', SM_GUARDRAILS_WORKERS: '0' },
    encoding: 'utf8',
  });
  if (warm.status !== 0 && warm.status !== 1) throw new Error(`the CLI failed on examples/ (status ${warm.status}): ${warm.stderr}`);
}

async function tests() {
  rmSync(join(root, 'out'), { recursive: true, force: true });
  const entryPoints = [...tsFiles(join(root, 'server/src')), ...tsFiles(join(root, 'client/src')), ...tsFiles(join(root, 'test')), ...tsFiles(join(root, 'scripts'))]
    .filter((f) => !relative(root, f).startsWith('test/fixtures') && !relative(root, f).startsWith('test/e2e/workspace'));
  // Transpiled sources import the schema by relative path: keep it at the same place under out/.
  cpSync(join(root, 'schemas'), join(root, 'out/schemas'), { recursive: true });
  await esbuild.build({ entryPoints, outdir: join(root, 'out'), outbase: root, platform: 'node', target: 'node18', format: 'cjs', sourcemap: true, logLevel: 'warning' });
}

// The schema validator is compiled here, before anything is bundled or transpiled.
{
  const source = validatorSource();
  let current = '';
  try {
    current = readFileSync(GENERATED, 'utf8');
  } catch {}
  if (current !== source) writeFileSync(GENERATED, source);
}
if (!only || only === 'dist') await bundles();
if (!only || only === 'out') await tests();
if (watch) console.log('watch mode is not supported; rerun npm run build');
