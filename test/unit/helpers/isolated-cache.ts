// Loaded by mocha before the unit tests (.mocharc.json): the CLI processes the tests start keep
// their results cache in a temporary folder of this run, not in the user's cache folder, and
// share it, so repeat runs over the fixtures are served from it as a user's would be.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

if (!process.env.SM_GUARDRAILS_CACHE_DIR) {
  const folder = mkdtempSync(join(tmpdir(), 'sm-test-results-cache-'));
  process.env.SM_GUARDRAILS_CACHE_DIR = folder;
  process.on('exit', () => rmSync(folder, { recursive: true, force: true }));
}
