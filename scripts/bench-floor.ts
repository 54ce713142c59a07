// The floor of any Node program that does what `rg -l` does over the bench's tree (figure (h)):
// walk it, read every file as text and test the trigger words, with nothing loaded but Node's
// own modules and no file checked. The CLI's first run cannot be faster than this, so the bench
// prints it beside `rg -l` to show how much of the 8x budget is left for checking.
import { readdirSync, readFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { TRIGGER_PATTERN } from './bench-tree';

const trigger = new RegExp(TRIGGER_PATTERN);
const matched: string[] = [];

function walk(folder: string): void {
  for (const entry of readdirSync(folder, { withFileTypes: true })) {
    const path = join(folder, entry.name);
    if (entry.isDirectory()) walk(path);
    else if (entry.isFile() && trigger.test(readFileSync(path, 'utf8'))) matched.push(path);
  }
}

for (const folder of process.argv.slice(2)) walk(folder);
writeSync(1, matched.map((path) => `${path}\n`).join(''));
