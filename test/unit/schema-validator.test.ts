// The schema validator is compiled at build time (scripts/generate-validator.mjs): the committed
// server/src/core/rules/schema-validator.generated.ts must be what the schema compiles to now.
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

const root = join(__dirname, '..', '..', '..');

describe('generated schema validator', function () {
  this.timeout(60000);
  it('is up to date with schemas/deployment-config.schema.json and ajv', () => {
    const result = spawnSync(process.execPath, [join(root, 'scripts', 'generate-validator.mjs'), '--check'], { encoding: 'utf8' });
    assert.equal(result.status, 0, result.stderr);
  });
});
