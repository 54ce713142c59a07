// `sm-guardrails check`: its arguments, the walk, the results cache and the output formats. The
// checking itself (`CheckEngine.checkFiles`) is the core's, loaded only when a file must be read
// again: a repeat run whose files the cache vouches for loads no checker (dist/cli-front.js).
import { existsSync } from 'node:fs';
import { ALL_RULES } from '../core/model';
import type { FileCheckSettings } from '../node/check-file';
import { fileReferenceRoots, readFileReference } from '../node/file-reference';
import type { CheckOptions, FileOutcome, Located } from './check-files';
import { writeErr, writeOut } from './output';
import { rawTextMayHoldTriggerWord } from '../core/trigger-words';
import { contentHash, readResultDigest } from './content-hash';
import { Progress } from './progress';
import { cacheFolder, ResultsCache } from './results-cache';
import { readForCheck, walkPaths } from './walk';

/** What `check` needs of the checker. */
export interface CheckEngine {
  /** Checks the files (read, prefiltered, parsed), one outcome per file in the same order. */
  checkFiles(files: readonly string[], options: CheckOptions): Promise<FileOutcome[]>;
  /** Names the checker's build, for the results cache: a new build finds none of the old results. */
  build: string;
}

export const USAGE = `Usage:
  sm-guardrails check [--fix] [--no-cache] [--format text|json|sarif] [--fleet-size N] [--copy-count N] [--disable RULE[,RULE...]] [--allow-file-outside] PATH...
  sm-guardrails convert --to canary|linear|all-at-once|rolling [--write] [--fleet-size N] FILE[:LINE]
  sm-guardrails timeline FILE [--instances N] [--format text|json]

Checks SageMaker DeploymentConfig blocks in .py .ipynb .json .sh .bash .md .yaml .yml .template .tf .ts .js .mjs .cjs files (folders are searched).
check --fix rewrites files in place with every clear fix, then reports what remains.
check keeps its results between runs and reads again only the files changed since (--no-cache: not).
file:// references are read only inside the current folder and the checked folders (regular files
up to 1 MiB); --allow-file-outside reads them anywhere.
convert prints the file with the config at LINE (every config without it) converted; --write rewrites it.
Exit status: check: 1 when errors were found (remain), 0 otherwise, 2 when a file could not be read,
checked or (--fix) written; convert: 0 converted, 1 nothing
converted; 2 on usage errors.
Rules: ${ALL_RULES.join(', ')}`;

export class UsageError extends Error {}

/**
 * Runs a CLI command to its exit status. `sm-guardrails check . | head` closes the pipe early:
 * writes to the closed pipe are dropped (output.ts), with no stack trace, and the command's own
 * status stands. A usage error prints the usage, any other failure its stack (status 2 for both).
 */
export function runCommand(run: () => Promise<number>): void {
  run().then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      if (error instanceof UsageError) writeErr(`sm-guardrails: ${error.message}\n\n${USAGE}\n`);
      else writeErr(`sm-guardrails: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
      process.exitCode = 2;
    },
  );
}

interface CheckCommand {
  fix: boolean;
  /** Keep results between runs (--no-cache: off). */
  cache: boolean;
  format: 'text' | 'json' | 'sarif';
  paths: string[];
  settings: FileCheckSettings;
}

function parseCheckArguments(args: string[]): CheckCommand {
  const command: CheckCommand = { fix: false, cache: true, format: 'text', paths: [], settings: {} };
  const disabled = new Set<string>();
  let allowFileOutside = false;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    const [flag, inlineValue] = arg.startsWith('--') && arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    const takeValue = (): string => {
      const value = inlineValue ?? args[++i];
      if (value === undefined) throw new UsageError(`${flag} needs a value.`);
      return value;
    };
    if (flag === '--fix') command.fix = true;
    else if (flag === '--no-cache') command.cache = false;
    else if (flag === '--allow-file-outside') allowFileOutside = true;
    else if (flag === '--format') {
      const format = takeValue();
      if (format !== 'text' && format !== 'json' && format !== 'sarif') throw new UsageError(`Unknown format "${format}" (use text, json or sarif).`);
      command.format = format;
    } else if (flag === '--fleet-size') {
      const size = Number(takeValue());
      if (!Number.isInteger(size) || size < 1) throw new UsageError('--fleet-size needs a whole number of instances, 1 or more.');
      command.settings.defaultFleetSize = size;
    } else if (flag === '--copy-count') {
      const count = Number(takeValue());
      if (!Number.isInteger(count) || count < 1) throw new UsageError('--copy-count needs a whole number of inference component copies, 1 or more.');
      command.settings.defaultCopyCount = count;
    } else if (flag === '--disable') {
      for (const rule of takeValue().split(',').map((r) => r.trim()).filter(Boolean)) {
        if (!(ALL_RULES as readonly string[]).includes(rule)) throw new UsageError(`Unknown rule "${rule}".`);
        disabled.add(rule);
      }
    } else if (flag.startsWith('-') && flag !== '-') {
      throw new UsageError(`Unknown option ${flag}.`);
    } else command.paths.push(arg);
  }
  if (command.paths.length === 0) throw new UsageError('No files or folders to check.');
  for (const path of command.paths) if (!existsSync(path)) throw new UsageError(`No such file or folder: ${path}`);
  if (disabled.size) command.settings.disabledRules = disabled;
  command.settings.fileReferences = { roots: fileReferenceRoots(command.paths), allowOutside: allowFileOutside };
  return command;
}

function toSarif(findings: Located[]): unknown {
  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: { driver: { name: 'sm-guardrails', informationUri: 'https://docs.aws.amazon.com/sagemaker/latest/dg/deployment-guardrails.html', rules: ALL_RULES.map((id) => ({ id })) } },
        results: findings.map((f) => ({
          ruleId: f.code,
          level: f.severity === 'info' ? 'note' : f.severity,
          message: { text: f.message },
          ...(f.family ? { properties: { family: f.family } } : {}),
          locations: [
            {
              physicalLocation: {
                artifactLocation: { uri: f.file.split('\\').join('/') },
                region: { startLine: f.line, startColumn: f.column, endLine: f.endLine, endColumn: f.endColumn },
              },
            },
          ],
        })),
      },
    ],
  };
}

/** Every setting that changes what a file's check finds, as one string: the results cache's key. */
function settingsKey(settings: FileCheckSettings): string {
  return JSON.stringify([
    [...(settings.disabledRules ?? [])].sort(),
    settings.defaultFleetSize ?? null,
    settings.defaultCopyCount ?? null,
    settings.fileReferences ? [settings.fileReferences.roots, settings.fileReferences.allowOutside] : null,
  ]);
}

/**
 * Checks the walked files: those the results cache vouches for by their times are not read again;
 * those it holds whose times changed are read here, and those without a trigger word, or whose text
 * is the one their kept findings were found in, are not checked; the rest, and files it does not
 * hold (a first run's), are checked (in worker threads too), and what they found is kept for the
 * next run. A run that checks no file does not load the checker.
 */
async function checkWalkedFiles(files: readonly string[], command: CheckCommand, engine: CheckEngine): Promise<FileOutcome[]> {
  const folder = command.cache ? cacheFolder() : undefined;
  const policy = command.settings.fileReferences;
  const digestReference = policy ? (absolute: string): string => readResultDigest(readFileReference(absolute, policy)) : undefined;
  const cache = folder ? ResultsCache.open(folder, settingsKey(command.settings), engine.build, digestReference) : undefined;
  if (!cache) return engine.checkFiles(files, { fix: command.fix, settings: command.settings });
  const outcomes: FileOutcome[] = files.map(() => ({ located: [], messages: [] }));
  const toCheck: number[] = [];
  let keptByTimes = 0;
  let keptByText = 0;
  let withoutTriggerWord = 0;
  // Reading again the files whose times changed (a fresh clone: all of them) can take a while too.
  const progress = new Progress(files.length, 'looked up in the results cache');
  files.forEach((file, i) => {
    progress.update(i);
    const kept = cache.lookUp(file, command.fix);
    if (kept) {
      outcomes[i] = { located: kept.located, messages: [] };
      keptByTimes++;
      return;
    }
    // A file new to the cache goes to the checker, which reads it once: a first run reads every file once.
    // A file that cannot be read goes to the checker too, which reports why.
    const read = cache.holds(file) ? readForCheck(file) : undefined;
    const text = read && 'raw' in read ? read.raw : undefined;
    if (text === undefined) toCheck.push(i);
    // No trigger word: nothing to find (the checker's own test would say the same, after loading it).
    else if (!rawTextMayHoldTriggerWord(file, text)) {
      cache.store(file, []);
      withoutTriggerWord++;
    } else {
      const keptForText = cache.lookUpByContent(file, contentHash(text), command.fix);
      if (keptForText) {
        outcomes[i] = { located: keptForText.located, messages: [] };
        keptByText++;
      } else toCheck.push(i);
    }
  });
  progress.update(files.length);
  progress.finish();
  // Nothing to check: the checker is not even loaded.
  const checked = toCheck.length ? await engine.checkFiles(toCheck.map((i) => files[i]!), { fix: command.fix, settings: command.settings, hashContent: true }) : [];
  checked.forEach((outcome, k) => {
    const file = files[toCheck[k]!]!;
    outcomes[toCheck[k]!] = outcome;
    // A file that failed or was rewritten by --fix is checked again next time.
    if (outcome.problem !== undefined || outcome.messages.length > 0) cache.forget(file);
    // The hash is of the text the check read (it may differ from the one read above, if the file changed meanwhile).
    else cache.store(file, outcome.located, outcome.references, outcome.contentHash);
  });
  if (process.env.SM_GUARDRAILS_DEBUG_CACHE === '1') {
    writeErr(`sm-guardrails: results cache: ${keptByTimes + keptByText} of ${files.length} files kept (${keptByTimes} by their times, ${keptByText} by their text); of the others, ${withoutTriggerWord} read and without a trigger word, ${toCheck.length} checked\n`);
  }
  cache.save();
  return outcomes;
}

export async function runCheck(args: string[], engine: CheckEngine): Promise<number> {
  const command = parseCheckArguments(args);
  const walk = walkPaths(command.paths);
  const outcomes = await checkWalkedFiles(walk.files, command, engine);
  const located: Located[] = [];
  const unchecked = [...walk.problems];
  outcomes.forEach((outcome, i) => {
    for (const message of outcome.messages) writeErr(message + '\n');
    if (outcome.problem) unchecked.push({ path: walk.files[i]!, reason: outcome.problem });
    located.push(...outcome.located);
  });
  if (command.format === 'json') writeOut(JSON.stringify(located, null, 2) + '\n');
  else if (command.format === 'sarif') writeOut(JSON.stringify(toSarif(located), null, 2) + '\n');
  // One write for all the lines: each write is a system call.
  else writeOut(located.map((f) => `${f.file}:${f.line}:${f.column}: ${f.severity} ${f.code} ${f.message}\n`).join(''));
  for (const note of walk.notes) writeErr(`sm-guardrails: note: ${note}\n`);
  // A file that could not be read, checked or fixed fails the run: CI must never pass on it.
  for (const problem of unchecked) writeErr(`sm-guardrails: error: ${problem.path}: ${problem.reason}\n`);
  if (unchecked.length) {
    writeErr(`sm-guardrails: ${unchecked.length} path${unchecked.length === 1 ? '' : 's'} could not be checked completely (exit status 2).\n`);
    return 2;
  }
  return located.some((f) => f.severity === 'error') ? 1 : 0;
}
