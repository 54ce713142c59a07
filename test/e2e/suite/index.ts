// Entry point the extension host loads (extensionTestsPath), for both code-server and @vscode/test-electron:
// runs every *.test.js beside this file with mocha and rejects when any test fails.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import type MochaType from 'mocha';

type MochaCtor = new (options?: MochaType.MochaOptions) => MochaType;

// mocha 12 is ESM with a CJS build; require(esm) yields a namespace whose default is the class.
function loadMocha(): MochaCtor {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const mod = require('mocha') as { default?: MochaCtor; Mocha?: MochaCtor } & MochaCtor;
  return mod.default ?? mod.Mocha ?? mod;
}

export function run(): Promise<void> {
  const Mocha = loadMocha();
  const grep = process.env.SM_E2E_GREP;
  const mocha = new Mocha({
    ui: 'bdd',
    color: false, // output goes through the extension host's console to the runner
    timeout: 90_000, // first test pays for language-server start; waits inside tests have their own limits
    ...(grep ? { grep } : {}),
  });
  const files = readdirSync(__dirname)
    .filter((f) => f.endsWith('.test.js'))
    .sort();
  for (const f of files) mocha.addFile(join(__dirname, f));
  return new Promise((resolve, reject) => {
    try {
      mocha.run((failures) => (failures > 0 ? reject(new Error(`${failures} extension-host test(s) failed`)) : resolve()));
    } catch (e) {
      reject(e);
    }
  });
}
