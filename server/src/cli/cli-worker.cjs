// dist/cli-worker.js: the script of the CLI's worker threads (server/src/cli/workers.ts): the
// checker's bundle, compiled with its code cache as dist/cli.js compiles it; the bundle starts the
// worker's loop when it finds itself in a check worker. Copied by scripts/build.mjs.
'use strict';
const { join } = require('node:path');
const { describeCodeCache, requireWithCodeCache } = require('./code-cache.js');

// The V8 flags are the process's, set by dist/cli.js before the first compile.
const bundle = join(__dirname, 'sm-guardrails.js');
const loaded = requireWithCodeCache(bundle, `${bundle}.cache`);
if (process.env.SM_GUARDRAILS_DEBUG_CODE_CACHE === '1') process.stderr.write(describeCodeCache('sm-guardrails.js', loaded.cache));
