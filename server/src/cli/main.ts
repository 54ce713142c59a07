// sm-guardrails: the command-line checker. Argument parsing and output formats only; the
// checking is the same core the language server uses.
import '../node/v8-flags';
import { existsSync, statSync } from 'node:fs';
import { relative } from 'node:path';
import { ALL_RULES } from '../core/check';
import { analyzeRollout, describeProblem } from '../core/rollout';
import { notebookLocation } from '../core/timeline/location';
import { LineIndex } from '../core/text';
import { expandRollout, TIMELINE_MAX_FLEET_SIZE } from '../core/timeline/engine';
import { formatTimelineText, timelineToJson } from './timeline-format';
import { checkFile, type FileCheckSettings } from '../node/check-file';
import { fileReferenceRoots } from '../node/file-reference';
import { loadParsers } from '../node/grammars';
import { parseConvertArguments, runConvertCommand } from './convert-command';
import type { FileOutcome, Located } from './check-files';
import { cacheFolder, ResultsCache } from './results-cache';
import { walkPaths } from './walk';
import { checkFiles, isCheckWorker } from './workers';

const USAGE = `Usage:
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

class UsageError extends Error {}

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

/** The checker's build, for the results cache: the bundle this code runs from (its size and time). */
function buildStamp(): string {
  try {
    const stats = statSync(__filename);
    return `${stats.size}:${stats.mtimeMs}`;
  } catch {
    return 'unknown';
  }
}

/**
 * Checks the walked files: those the results cache vouches for are not read again, the others are
 * read and checked (in worker threads too), and what they found is kept for the next run.
 */
async function checkWalkedFiles(files: readonly string[], command: CheckCommand): Promise<FileOutcome[]> {
  const folder = command.cache ? cacheFolder() : undefined;
  const cache = folder ? ResultsCache.open(folder, settingsKey(command.settings), buildStamp()) : undefined;
  if (!cache) return checkFiles(files, { fix: command.fix, settings: command.settings });
  const outcomes: FileOutcome[] = files.map(() => ({ located: [], messages: [] }));
  const toCheck: number[] = [];
  files.forEach((file, i) => {
    const kept = cache.lookUp(file, command.fix);
    if (kept) outcomes[i] = { located: kept.located, messages: [] };
    else toCheck.push(i);
  });
  const checked = await checkFiles(toCheck.map((i) => files[i]!), { fix: command.fix, settings: command.settings });
  checked.forEach((outcome, k) => {
    const file = files[toCheck[k]!]!;
    outcomes[toCheck[k]!] = outcome;
    // A file that failed or was rewritten by --fix is checked again next time.
    if (outcome.problem !== undefined || outcome.messages.length > 0) cache.forget(file);
    else cache.store(file, outcome.located, outcome.references);
  });
  if (process.env.SM_GUARDRAILS_DEBUG_CACHE === '1') process.stderr.write(`sm-guardrails: results cache: ${files.length - toCheck.length} of ${files.length} files kept\n`);
  cache.save();
  return outcomes;
}

async function runCheck(args: string[]): Promise<number> {
  const command = parseCheckArguments(args);
  const walk = walkPaths(command.paths);
  const outcomes = await checkWalkedFiles(walk.files, command);
  const located: Located[] = [];
  const unchecked = [...walk.problems];
  outcomes.forEach((outcome, i) => {
    for (const message of outcome.messages) process.stderr.write(message + '\n');
    if (outcome.problem) unchecked.push({ path: walk.files[i]!, reason: outcome.problem });
    located.push(...outcome.located);
  });
  if (command.format === 'json') process.stdout.write(JSON.stringify(located, null, 2) + '\n');
  else if (command.format === 'sarif') process.stdout.write(JSON.stringify(toSarif(located), null, 2) + '\n');
  else for (const f of located) process.stdout.write(`${f.file}:${f.line}:${f.column}: ${f.severity} ${f.code} ${f.message}\n`);
  for (const note of walk.notes) process.stderr.write(`sm-guardrails: note: ${note}\n`);
  // A file that could not be read, checked or fixed fails the run: CI must never pass on it.
  for (const problem of unchecked) process.stderr.write(`sm-guardrails: error: ${problem.path}: ${problem.reason}\n`);
  if (unchecked.length) {
    process.stderr.write(`sm-guardrails: ${unchecked.length} path${unchecked.length === 1 ? '' : 's'} could not be checked completely (exit status 2).\n`);
    return 2;
  }
  return located.some((f) => f.severity === 'error') ? 1 : 0;
}

async function runTimeline(args: string[]): Promise<number> {
  let format: 'text' | 'json' = 'text';
  let instances: number | undefined;
  const files: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    const [flag, inline] = arg.startsWith('--') && arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    if (flag === '--format') {
      const value = inline ?? args[++i];
      if (value !== 'text' && value !== 'json') throw new UsageError('--format for timeline is text or json.');
      format = value;
    } else if (flag === '--instances') {
      const value = Number(inline ?? args[++i]);
      if (!Number.isInteger(value) || value < 1 || value > TIMELINE_MAX_FLEET_SIZE) {
        throw new UsageError(`--instances needs a whole number of instances from 1 to ${TIMELINE_MAX_FLEET_SIZE}.`);
      }
      instances = value;
    } else if (flag.startsWith('-')) throw new UsageError(`Unknown option ${flag}.`);
    else files.push(arg);
  }
  if (files.length !== 1) throw new UsageError('timeline takes exactly one FILE.');
  const file = files[0]!;
  if (!existsSync(file)) throw new UsageError(`No such file: ${file}`);
  const result = checkFile(file, await loadParsers(), {});
  const notebook = result.notebook;
  const index = new LineIndex(notebook ? notebook.virtualText : result.text);
  const name = relative(process.cwd(), file) || file;
  const entries: unknown[] = [];
  const texts: string[] = [];
  let failed = false;
  for (const block of result.blocks) {
    const at = block.fileReference ? block.fileReference.span.offset : block.root.offset;
    // Notebooks: "file.ipynb (cell 3, line 2)"; files: "file.py:12", as in the check output.
    const where = (offset: number): string => (notebook ? notebookLocation(notebook.virtualText, notebook.cellStarts, offset) : `line ${index.positionAt(offset).line + 1}`);
    const label = notebook ? `${name} (${where(at)})` : `${name}:${index.positionAt(at).line + 1}`;
    const { config, problems } = analyzeRollout(block.root, block.family ?? 'endpoint');
    const named = (affects: 'rollout' | 'rollback'): string =>
      problems
        .filter((p) => p.affects === affects)
        .map((p) => `${describeProblem(p)} (${block.fileReference ? `in file://${block.fileReference.path}` : where(p.span.offset)})`)
        .join('; ');
    const fleetSize = instances ?? block.fleetSize;
    const unitName = config?.unit === 'copy' ? 'copies' : 'instances';
    const problem = !config
      ? `the rollout cannot be computed: ${named('rollout') || 'a value it depends on is missing, invalid or not a literal'}`
      : fleetSize === undefined
        ? config.family === 'inference-component'
          ? 'the copy count is unknown: no RuntimeConfig.CopyCount in the file; pass --instances N (copies)'
          : 'the fleet size is unknown: no InitialInstanceCount in the file; pass --instances N'
        : fleetSize > TIMELINE_MAX_FLEET_SIZE
          ? `the fleet size ${fleetSize} (InitialInstanceCount) is above the timeline's limit of ${TIMELINE_MAX_FLEET_SIZE} ${unitName}; pass --instances N`
          : undefined;
    if (problem || !config || fleetSize === undefined) {
      failed = true;
      entries.push({ location: label, error: problem });
      texts.push(`${label}: ${problem}`);
      continue;
    }
    const rollbackProblem = named('rollback');
    const rollbackUnavailable = rollbackProblem ? `the rollback batches cannot be computed: ${rollbackProblem}` : undefined;
    const timeline = expandRollout(config, fleetSize);
    entries.push({ location: label, ...timelineToJson(timeline), rollbackUnavailable: rollbackUnavailable ?? null });
    texts.push(formatTimelineText(timeline, label, rollbackUnavailable));
  }
  if (result.blocks.length === 0) texts.push(`${file}: no DeploymentConfig found.`);
  process.stdout.write(format === 'json' ? JSON.stringify(entries, null, 2) + '\n' : texts.join('\n\n') + '\n');
  return failed ? 1 : 0;
}

export async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  try {
    if (command === 'check') return await runCheck(rest);
    if (command === 'timeline') return await runTimeline(rest);
    if (command === 'convert') {
      const parsed = parseConvertArguments(rest, (message) => new UsageError(message));
      return runConvertCommand(parsed, await loadParsers());
    }
    if (command === '--help' || command === '-h' || command === 'help') {
      process.stdout.write(USAGE + '\n');
      return 0;
    }
    throw new UsageError(command ? `Unknown command "${command}".` : 'No command given.');
  } catch (error) {
    if (error instanceof UsageError) {
      process.stderr.write(`sm-guardrails: ${error.message}\n\n${USAGE}\n`);
      return 2;
    }
    throw error;
  }
}

// `sm-guardrails check . | head` closes the pipe early: stop writing, with no stack trace, and
// end with the check's own exit status (the writes to a closed pipe are dropped).
if (!isCheckWorker) {
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') throw error;
  });
}

if (!isCheckWorker) main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`sm-guardrails: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exitCode = 2;
  },
);
