// sm-guardrails: the command-line checker's commands but `check` (timeline, convert, help), which
// the CLI's front runs (front.ts, check-command.ts). The checking is the core the language server uses.
import '../node/v8-flags';
import { existsSync } from 'node:fs';
import { relative } from 'node:path';
import { analyzeRollout, describeProblem } from '../core/rollout';
import { notebookLocation } from '../core/timeline/location';
import { LineIndex } from '../core/text';
import { expandRollout, TIMELINE_MAX_FLEET_SIZE } from '../core/timeline/engine';
import { formatTimelineText, timelineToJson } from './timeline-format';
import { checkFile } from '../node/check-file';
import { loadParsers } from '../node/grammars';
import { parseConvertArguments, runConvertCommand } from './convert-command';
import { runCommand, USAGE, UsageError } from './check-command';
import { writeOut } from './output';
import { isCheckWorker } from './workers';

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
  writeOut(format === 'json' ? JSON.stringify(entries, null, 2) + '\n' : texts.join('\n\n') + '\n');
  return failed ? 1 : 0;
}

/** Every command but `check`, which dist/cli-front.js runs (front.ts) without loading this bundle when it can. */
async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (command === 'timeline') return runTimeline(rest);
  if (command === 'convert') {
    const parsed = parseConvertArguments(rest, (message) => new UsageError(message));
    return runConvertCommand(parsed, await loadParsers());
  }
  if (command === '--help' || command === '-h' || command === 'help') {
    writeOut(USAGE + '\n');
    return 0;
  }
  throw new UsageError(command ? `Unknown command "${command}".` : 'No command given.');
}

if (!isCheckWorker) runCommand(() => main(process.argv.slice(2)));
