// `check` on one file, the same in the main thread and in worker threads: read it (regular files
// only), skip it before any parse when no trigger word is in it, fix it in place if asked, check
// it, and return serialisable lines. Every failure is a reported problem, never a silent pass.
import { extname, relative } from 'node:path';
import { documentKindOf, mayHoldConfig, type FileReadResult, type SyntaxParsers } from '../core/check';
import { rawTextMayHoldTriggerWord } from '../core/trigger-words';
import type { ConfigFamily, Finding } from '../core/model';
import { LineIndex } from '../core/text';
import { checkText, fileReferencePolicyOf, type FileCheckSettings, type FileResult } from '../node/check-file';
import { fixFileText } from './fix-command';
import { describeFsError } from './walk';
import { writeFileSync, type Stats } from 'node:fs';
import { signatureOf, type ReferenceSignature } from './results-cache';
import { readResultDigest } from './content-hash';

/** A finding with 1-based line and column (end exclusive) in its file, as every output format prints it. */
export interface Located {
  file: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  severity: Finding['severity'];
  code: Finding['code'];
  message: string;
  /** The config's family (endpoint, inference-component, hyperpod-cluster); null when nothing told it and the finding holds in every family. */
  family: ConfigFamily | null;
}

export interface CheckOptions {
  fix: boolean;
  settings: FileCheckSettings;
  /** Give each outcome the SHA-256 of the text read (the results cache keeps findings by it). */
  hashContent?: boolean;
}

export interface FileOutcome {
  located: Located[];
  /** Lines for stderr (what --fix did), in order. */
  messages: string[];
  /** Why the file, or part of its job (writing fixes), could not be done: an error of the run. */
  problem?: string;
  /** The file:// references the check read or looked for, with their signatures then (the results cache). */
  references?: ReferenceSignature[];
  /** The SHA-256 of the text the check read, before any fix (with CheckOptions.hashContent). */
  contentHash?: string;
}

export function locate(result: FileResult): Located[] {
  if (result.findings.length === 0) return [];
  const index = new LineIndex(result.text);
  const file = relative(process.cwd(), result.path) || result.path;
  return result.findings.map((f) => {
    const start = index.positionAt(f.span.offset);
    const end = index.positionAt(f.span.offset + f.span.length);
    return { file, line: start.line + 1, column: start.character + 1, endLine: end.line + 1, endColumn: end.character + 1, severity: f.severity, code: f.code, message: f.message, family: f.family ?? null };
  });
}

const decodeJsonEscapes = (raw: string): string => raw.replace(/\\u([0-9a-fA-F]{4})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));

/**
 * The trigger-word test on a file's raw text, before any parse or grammar load. A notebook's
 * words may be JSON-escaped (`\u0044eploymentConfig`), so its escapes are decoded first when it has any.
 */
export function fileMayHoldConfig(path: string, raw: string): boolean {
  // Most files: no word as written, and no notebook escape that could hide one (the CLI front's test).
  if (!rawTextMayHoldTriggerWord(path, raw)) return false;
  if (extname(path).toLowerCase() === '.ipynb') return mayHoldConfig(raw, 'python') || (raw.includes('\\u') && mayHoldConfig(decodeJsonEscapes(raw), 'python'));
  return mayHoldConfig(raw, documentKindOf(path) ?? 'python');
}

/** Checks (and with --fix first fixes) a file whose text is already read and passed the prefilter. */
export function checkReadFile(path: string, raw: string, parsers: SyntaxParsers, options: CheckOptions): FileOutcome {
  const outcome: FileOutcome = { located: [], messages: [] };
  let text = raw;
  // The references' signatures are taken as they are read, so a change after the read is seen by the next run.
  const references: ReferenceSignature[] = [];
  const policy = fileReferencePolicyOf(options.settings);
  // With hashContent, what each read gave too: a fresh clone's references (new times) are then compared by it.
  const observe = (absolute: string, stats: Stats | undefined, result: FileReadResult | undefined): void => {
    const signature = stats ? signatureOf(stats) : null;
    references.push(options.hashContent ? [absolute, signature, readResultDigest(result)] : [absolute, signature]);
  };
  const settings = { ...options.settings, fileReferences: { ...policy, observe } };
  try {
    if (options.fix) {
      const result = fixFileText(path, raw, parsers, settings);
      if (result.text !== raw) {
        try {
          writeFileSync(path, result.text);
          text = result.text;
          const fixed = Math.max(0, result.before - result.after);
          outcome.messages.push(`sm-guardrails: fixed ${path} (${fixed} problem${fixed === 1 ? '' : 's'} fewer, ${result.after} left)`);
        } catch (error) {
          outcome.problem = `cannot write the fixes to it: ${describeFsError(error)}; its findings are reported as they are on disk`;
        }
      }
    }
    outcome.located = locate(checkText(path, text, parsers, settings));
  } catch (error) {
    outcome.problem = `cannot check it: ${describeFsError(error)}`;
  }
  if (references.length) outcome.references = references;
  return outcome;
}
