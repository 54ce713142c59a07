// The .vsix holds exactly what the extension needs at run time (the allow-list .vscodeignore):
// the bundles and grammar .wasm files of dist/, the schema, the TextMate grammar, package.json,
// README and the bin shims; no sources, maps, tests or node_modules. Asks `vsce ls`, which
// applies .vscodeignore and vsce's package.json checks the same way `vsce package` does (offline).
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';

// At run time this file is out/test/unit/packaging.test.js: the repo root is three levels up.
const repoRoot = path.resolve(__dirname, '..', '..', '..');

const REQUIRED = [
  'package.json',
  'README.md',
  'dist/extension.js',
  'dist/server.js',
  'dist/cli.js',
  // Names the build for the CLI's results cache (a hash of the bundles and grammars).
  'dist/build-id',
  // What dist/server.js and dist/cli.js require before the bundle.
  'dist/code-cache.js',
  'dist/wasm-compile.js',
  'dist/web-tree-sitter.wasm',
  'dist/web-tree-sitter.cjs',
  'dist/tree-sitter-python.wasm',
  'dist/tree-sitter-bash.wasm',
  'dist/tree-sitter-hcl.wasm',
  'dist/tree-sitter-typescript.wasm',
  'schemas/deployment-config.schema.json',
  'syntaxes/deployment-config-cli.injection.tmLanguage.json',
  'bin/sm-guardrails',
  'bin/sm-guardrails-language-server',
  'dist/webview/timeline.js',
  'client/media/timeline.css',
  'client/media/timeline-light.svg',
  'client/media/timeline-dark.svg',
  // Each diagnostic links to its rule's page in the installed extension.
  'docs/rules/README.md',
  'docs/rules/timeout-too-short.md',
  // The Extensions page: the icon, and the screenshots the README shows.
  'client/media/icon.png',
  ...[...readFileSync(path.join(repoRoot, 'README.md'), 'utf8').matchAll(/!\[[^\]]*\]\(([^)\s]+)\)/g)].map((m) => m[1]!).filter((src) => !/^https?:/.test(src)),
];
const ALLOWED = [/^package\.json$/, /^README\.md$/, /^LICENSE(\.md|\.txt)?$/, /^CHANGELOG\.md$/, /^dist\/[^/]+\.(js|mjs|cjs|wasm)$/, /^dist\/build-id$/, /^schemas\/[^/]+\.json$/, /^syntaxes\/[^/]+\.json$/, /^bin\/[^/]+$/, /^dist\/webview\/timeline\.js$/, /^client\/media\/[^/]+\.(css|svg|png)$/, /^docs\/images\/[^/]+\.png$/, /^docs\/rules\/[a-zA-Z-]+\.md$/];

describe('packaging (.vscodeignore)', function () {
  let files: string[] = [];

  before(function () {
    this.timeout(60_000);
    // npm test builds first; without dist/ there is nothing to package, which is a failure, not a pass.
    assert.ok(existsSync(path.join(repoRoot, 'dist', 'extension.js')), 'dist/ is not built: run npm run build first');
    const vsce = require.resolve('@vscode/vsce/vsce');
    const result = spawnSync(process.execPath, [vsce, 'ls', '--no-dependencies'], { cwd: repoRoot, encoding: 'utf8', timeout: 60_000 });
    assert.equal(result.status, 0, `vsce ls failed (${result.status}): ${result.stdout}${result.stderr}`);
    files = result.stdout.split('\n').map((l) => l.trim()).filter(Boolean).sort();
  });

  it('packages every file the extension needs', () => {
    for (const file of REQUIRED) assert.ok(files.includes(file), `${file} is in the .vsix (have: ${files.join(', ')})`);
  });

  it('packages nothing else: no sources, source maps, tests, examples or node_modules', () => {
    assert.deepEqual(files.filter((f) => !ALLOWED.some((pattern) => pattern.test(f))), []);
  });

  it("packages the files package.json points at (main, grammars, JSON schema)", () => {
    const manifest = JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as {
      main: string;
      icon?: string;
      contributes: { grammars?: { path: string }[]; jsonValidation?: { url: string }[] };
    };
    const referenced = [
      manifest.main,
      ...(manifest.icon ? [manifest.icon] : []),
      ...(manifest.contributes.grammars ?? []).map((g) => g.path),
      ...(manifest.contributes.jsonValidation ?? []).map((j) => j.url).filter((u) => u.startsWith('./')),
    ].map((p) => path.posix.normalize(p.replace(/^\.\//, '')));
    for (const file of referenced) assert.ok(files.includes(file), `${file} (referenced by package.json) is in the .vsix`);
  });
});
