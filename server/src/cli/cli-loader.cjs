// dist/cli.js: starts the CLI from the bundle it shares with the language server
// (dist/sm-guardrails.js), compiled with the V8 code cache the build wrote beside it when that
// cache fits (same bundle, same Node): ~25 ms less of each run's start. Copied by scripts/build.mjs.
'use strict';
const { readFileSync, statSync, writeFileSync } = require('node:fs');
const { createRequire, wrap } = require('node:module');
const { join } = require('node:path');
const { setFlagsFromString } = require('node:v8');
const { Script } = require('node:vm');

// Before anything is compiled: a code cache is used only under the V8 flags it was made with,
// and server/src/node/v8-flags.ts sets this one.
setFlagsFromString('--liftoff-only');
// A run is short: with V8's default budget TurboFan optimized functions a run then barely used
// (~14% of the CPU of a check of the 2,000-file bench tree, most of it on other threads). 16x the
// default: that run takes ~23% less CPU (~10% less on the main thread); a 3.5 MB file up to ~10% more.
setFlagsFromString('--interrupt-budget=1081344');

const bundle = join(__dirname, 'sm-guardrails.js');
const cacheFile = `${bundle}.cache`;
// V8 checks a cache against the source's length only: it is also stamped with the bundle's size and time.
const bundleStats = statSync(bundle);
const stamp = Buffer.from(`${bundleStats.size}:${bundleStats.mtimeMs}\n`);
let cachedData;
try {
  const cache = readFileSync(cacheFile);
  if (cache.subarray(0, stamp.length).equals(stamp)) cachedData = cache.subarray(stamp.length);
} catch {
  // No cache: compiled as without one.
}
const script = new Script(wrap(readFileSync(bundle, 'utf8')), { filename: bundle, cachedData });
const bundleModule = { exports: {}, id: bundle, filename: bundle };
script.runInThisContext().call(bundleModule.exports, bundleModule.exports, createRequire(bundle), bundleModule, bundle, __dirname);
if (process.env.SM_GUARDRAILS_WRITE_CODE_CACHE === '1') {
  // After the run, so the functions it compiled are in the cache too.
  process.once('exit', () => writeFileSync(cacheFile, Buffer.concat([stamp, script.createCachedData()])));
}
if (process.env.SM_GUARDRAILS_DEBUG_CODE_CACHE === '1') process.stderr.write(`sm-guardrails: code cache of sm-guardrails.js ${cachedData ? (script.cachedDataRejected ? 'rejected' : 'used') : 'absent'}\n`);
bundleModule.exports.startCli(__filename);
