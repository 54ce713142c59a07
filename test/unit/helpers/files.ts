// The repository's sample files for tests that run over all of them.
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** Every file under a folder (not in node_modules or .git), or only those whose name matches `name`. */
export function filesUnder(folder: string, name?: RegExp): string[] {
  return readdirSync(folder).flatMap((entry) => {
    if (entry === 'node_modules' || entry === '.git') return [];
    const full = join(folder, entry);
    if (statSync(full).isDirectory()) return filesUnder(full, name);
    return !name || name.test(entry) ? [full] : [];
  });
}
