// dist/cli.js: starts the CLI. `check` begins in the small dist/cli-front.js (arguments, walk,
// results cache, output), which loads the checker only when a file must be read again; the
// checker is the bundle the CLI shares with the language server (dist/sm-guardrails.js),
// compiled with the V8 code cache the build wrote beside it when that cache fits (same bundle,
// same Node): ~25 ms less of such a run's start. Copied by scripts/build.mjs.
'use strict';
const { join } = require('node:path');
const { setFlagsFromString } = require('node:v8');

// Before anything is compiled: a code cache is used only under the V8 flags it was made with,
// and server/src/node/v8-flags.ts sets this one.
setFlagsFromString('--liftoff-only');
// A run is short: with V8's default budget TurboFan optimized functions a run then barely used
// (~14% of the CPU of a check of the 2,000-file bench tree, most of it on other threads). 16x the
// default: that run takes ~23% less CPU (~10% less on the main thread); a 3.5 MB file up to ~10% more.
setFlagsFromString('--interrupt-budget=1081344');

const bundle = join(__dirname, 'sm-guardrails.js');
let checker;
function loadChecker() {
  if (checker) return checker;
  // The code cache loader the language server's loader uses too (server/src/node/code-cache.ts).
  const { describeCodeCache, requireWithCodeCache } = require('./code-cache.js');
  const loaded = requireWithCodeCache(bundle, `${bundle}.cache`);
  if (process.env.SM_GUARDRAILS_WRITE_CODE_CACHE === '1') {
    // After the run, so the functions it compiled are in the cache too.
    process.once('exit', () => loaded.writeCache());
  }
  if (process.env.SM_GUARDRAILS_DEBUG_CODE_CACHE === '1') process.stderr.write(describeCodeCache('sm-guardrails.js', loaded.cache));
  return (checker = loaded.exports);
}

require('./cli-front.js').runCli(process.argv.slice(2), { loadChecker, checkerPath: bundle, workerEntry: join(__dirname, 'cli-worker.js') });
