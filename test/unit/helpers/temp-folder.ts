// Temporary folders for tests that write files: each made new under the system's temporary folder
// (`<tmpdir>/<prefix>XXXXXX`) and removed with all it holds, whether the test passed or not.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** The folder of the running test (or suite): read `path` inside tests and hooks only. */
export interface TempFolder {
  readonly path: string;
}

/**
 * Registers hooks in the calling describe that make a folder before each test ('test', the
 * default) or once before the suite's tests ('suite'), and remove it after them. Hooks run in the
 * order they are registered: call this before hooks that use the folder.
 */
export function tempFolder(prefix: string, lifetime: 'test' | 'suite' = 'test'): TempFolder {
  let current: string | undefined;
  const make = (): void => {
    current = mkdtempSync(join(tmpdir(), prefix));
  };
  const remove = (): void => {
    if (current !== undefined) rmSync(current, { recursive: true, force: true });
    current = undefined;
  };
  if (lifetime === 'test') {
    beforeEach(make);
    afterEach(remove);
  } else {
    before(make);
    after(remove);
  }
  return {
    get path(): string {
      if (current === undefined) throw new Error(`the temporary folder ${prefix}… exists only in the tests and hooks of its describe`);
      return current;
    },
  };
}

/** Runs `use` with a new folder, then removes the folder, also when `use` throws or rejects. */
export async function withTempFolder<T>(prefix: string, use: (folder: string) => T | Promise<T>): Promise<T> {
  const folder = mkdtempSync(join(tmpdir(), prefix));
  try {
    return await use(folder);
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}
