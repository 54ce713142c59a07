// `sm-guardrails convert --to MODE [--write] [--fleet-size N] FILE[:LINE]`: converts the config at
// LINE (every config of the file without one) to another mode, in the file's own syntax and style.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { relative } from 'node:path';
import type { SyntaxParsers } from '../core/check';
import { blockContains, convertBlock, STRATEGY_LABELS, whyNotConvertible } from '../core/edits/convert';
import { keepsDocumentWhole } from '../core/edits/fixes';
import type { TextEdit } from '../core/edits/text-edit';
import type { Strategy } from '../core/model';
import { LineIndex } from '../core/text';
import { editableFile } from './fix-command';
import { writeErr, writeOut } from './output';

export const CONVERT_TARGETS: Readonly<Record<string, Strategy>> = {
  'all-at-once': 'ALL_AT_ONCE',
  canary: 'CANARY',
  linear: 'LINEAR',
  rolling: 'ROLLING',
};

export interface ConvertCommand {
  target: Strategy;
  write: boolean;
  file: string;
  /** 1-based line of the config to convert; absent: every config in the file. */
  line?: number;
  fleetSize?: number;
}

/** Parses the arguments; throws `usage(message)` on bad ones. */
export function parseConvertArguments(args: readonly string[], usage: (message: string) => Error): ConvertCommand {
  let target: Strategy | undefined;
  let write = false;
  let fleetSize: number | undefined;
  const files: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    const [flag, inline] = arg.startsWith('--') && arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    if (flag === '--to') {
      const value = (inline ?? args[++i] ?? '').toLowerCase();
      target = CONVERT_TARGETS[value];
      if (!target) throw usage(`--to takes ${Object.keys(CONVERT_TARGETS).join(', ')}.`);
    } else if (flag === '--write') write = true;
    else if (flag === '--fleet-size') {
      const size = Number(inline ?? args[++i]);
      if (!Number.isInteger(size) || size < 1) throw usage('--fleet-size needs a whole number of instances, 1 or more.');
      fleetSize = size;
    } else if (flag.startsWith('-')) throw usage(`Unknown option ${flag}.`);
    else files.push(arg);
  }
  if (!target) throw usage('convert needs --to canary|linear|all-at-once|rolling.');
  if (files.length !== 1) throw usage('convert takes exactly one FILE[:LINE].');
  let file = files[0]!;
  let line: number | undefined;
  const match = /^(.*):(\d+)$/.exec(file);
  if (match && !existsSync(file)) {
    file = match[1]!;
    line = Number(match[2]);
  }
  if (!existsSync(file)) throw usage(`No such file: ${file}`);
  return { target, write, file, ...(line !== undefined ? { line } : {}), ...(fleetSize !== undefined ? { fleetSize } : {}) };
}

/** Runs the conversion: the converted file on stdout, or written in place. Exit status 0, or 1 when nothing was converted. */
export function runConvertCommand(command: ConvertCommand, parsers: SyntaxParsers): number {
  const raw = readFileSync(command.file, 'utf8');
  const file = editableFile(command.file, raw, parsers, {});
  const index = new LineIndex(file.text);
  const name = relative(process.cwd(), command.file) || command.file;
  const lineOf = (offset: number): number => index.positionAt(offset).line + 1;
  let blocks = file.analysis.blocks.filter((block) => !block.fileReference);
  if (command.line !== undefined) {
    const lineStart = index.offsetAt({ line: command.line - 1, character: 0 });
    const lineEnd = index.offsetAt({ line: command.line, character: 0 });
    // The config written on that line; the innermost when configs nest (a dict inside a call).
    blocks = blocks.filter((block) => blockContains(block, lineStart) || blockContains(block, Math.max(lineStart, lineEnd - 1)) || (block.root.offset >= lineStart && block.root.offset < lineEnd));
    blocks.sort((a, b) => a.root.length - b.root.length);
    blocks = blocks.slice(0, 1);
  }
  const edits: TextEdit[] = [];
  const messages: string[] = [];
  for (const block of blocks) {
    const at = `${name}:${lineOf(block.root.offset)}`;
    const reason = whyNotConvertible(block, command.target);
    const conversion = reason ? undefined : convertBlock(file.text, block, command.target, command.fleetSize !== undefined ? { fleetSize: command.fleetSize } : {});
    if (!conversion) {
      messages.push(`${at}: not converted: ${reason ?? 'the config cannot be converted'}`);
      continue;
    }
    edits.push(...conversion.edits);
    messages.push(`${at}: ${conversion.title}${conversion.notes.length ? `; ${conversion.notes.join('; ')}` : ''}`);
  }
  for (const message of messages) writeErr(`${message}\n`);
  if (blocks.length === 0) {
    writeErr(`${name}${command.line !== undefined ? `:${command.line}` : ''}: no DeploymentConfig to convert to ${STRATEGY_LABELS[command.target]}.\n`);
    return 1;
  }
  if (edits.length === 0) return 1;
  // The converted text must still read the configs whole: Python is checked where it does not
  // parse as written (read through error recovery, which the conversion may change), other hosts always.
  if (!keepsDocumentWhole(file.text, file.kind, file.analysis, edits, file.analyze)) {
    const why =
      file.kind === 'python'
        ? 'the file does not parse as written (a string or bracket left open), and the converted text would not read the configs whole. Fix the syntax first.'
        : 'the converted text would not read the configs whole (the edit would break the file). Convert it by hand.';
    writeErr(`${name}: not converted: ${why}\n`);
    return 1;
  }
  let converted: string | undefined;
  try {
    converted = file.apply(edits);
  } catch {
    converted = undefined;
  }
  if (converted === undefined) {
    writeErr(`${name}: the conversions overlap (configs sharing a dict); convert one at a time with FILE:LINE.\n`);
    return 1;
  }
  if (command.write) writeFileSync(command.file, converted);
  else writeOut(converted);
  return 0;
}
