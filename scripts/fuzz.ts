// `npm run fuzz`: the fuzz test's longer run. `npm run fuzz -- --seed=7 --count=100000` runs
// another seed and count (defaults: a seed from the clock, 20,000 documents); failures are
// printed with their seed and index, and the exit status is 1 when there are any.
// `npm run fuzz -- --line-ends` runs the line-end search instead: every Python sample with a
// bracket, quote or other break appended to each line in turn.
import { describeFailure, runFuzz, runLineEndSearch } from '../test/fuzz/fuzz';
import { loadParsers } from '../server/src/node/grammars';

const option = (name: string): number | undefined => {
  const arg = process.argv.slice(2).find((a) => a.startsWith(`--${name}=`));
  const value = arg ? Number(arg.slice(name.length + 3)) : undefined;
  if (value !== undefined && !Number.isInteger(value)) throw new Error(`--${name} needs a whole number`);
  return value;
};

async function main(): Promise<void> {
  if (process.argv.includes('--line-ends')) {
    const parsers = await loadParsers();
    const started = Date.now();
    const { documents, failures } = runLineEndSearch({ parsers, maxFailures: 50 });
    for (const failure of failures) process.stdout.write(`${describeFailure(failure, 0)}\n\n`);
    process.stdout.write(`${failures.length} failure(s) in ${documents} documents, ${((Date.now() - started) / 1000).toFixed(1)} s (line-end search)\n`);
    process.exitCode = failures.length ? 1 : 0;
    return;
  }
  const seed = option('seed') ?? Date.now() % 1_000_000;
  const count = option('count') ?? 20_000;
  const parsers = await loadParsers();
  process.stdout.write(`fuzzing ${count} documents with seed ${seed}\n`);
  const started = Date.now();
  const failures = runFuzz({ seed, count, parsers, maxFailures: 50 });
  for (const failure of failures) process.stdout.write(`${describeFailure(failure, seed)}\n\n`);
  process.stdout.write(`${failures.length} failure(s) in ${((Date.now() - started) / 1000).toFixed(1)} s (seed ${seed}, count ${count})\n`);
  process.exitCode = failures.length ? 1 : 0;
}

void main();
