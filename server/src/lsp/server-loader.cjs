// dist/server.js: starts the language server from the bundle it shares with the CLI
// (dist/sm-guardrails.js), compiled with the V8 code cache the server wrote itself on an earlier
// start (server-code-cache.ts): a cache made by the build would be rejected by the Node that runs
// the server in VS Code, so the server makes one for the runtime it runs in. Copied by scripts/build.mjs.
'use strict';
const { join } = require('node:path');
const { setFlagsFromString } = require('node:v8');

// Before anything is compiled: a code cache is used only under the V8 flags it was made with,
// and server/src/node/v8-flags.ts sets this one.
setFlagsFromString('--liftoff-only');

// The tree-sitter runtime and the Python grammar (most documents are Python) compile on V8's
// background threads from here on, while the bundle is read and compiled (precompile-grammars.ts).
const { compileEagerly } = require('./wasm-compile.js');
const compiling = compileEagerly([join(__dirname, 'web-tree-sitter.wasm'), join(__dirname, 'tree-sitter-python.wasm')]);
// A failure is met again, and reported, when the runtime is created.
compiling.catch(() => undefined);

const { codeCacheFileIn, describeCodeCache, requireWithCodeCache, serverCodeCacheFolder } = require('./code-cache.js');
const bundle = join(__dirname, 'sm-guardrails.js');
const folder = serverCodeCacheFolder();
if (folder) {
  const loaded = requireWithCodeCache(bundle, codeCacheFileIn(folder, bundle));
  if (process.env.SM_GUARDRAILS_DEBUG_CODE_CACHE === '1') process.stderr.write(describeCodeCache('sm-guardrails.js', loaded.cache));
  loaded.exports.startServer({ codeCache: { folder, bundle: loaded }, compiling });
} else {
  require(bundle).startServer({ compiling });
}
