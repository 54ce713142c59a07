// Test helpers: run the real core on a text and describe findings as "line:col-line:col code"
// (1-based, like the CLI), so expectations read like what a user sees.
import { checkDocument, withoutCheckCaches, type CheckSettings, type DocumentKind, type SyntaxParsers } from '../../../server/src/core/check';
import type { Finding } from '../../../server/src/core/model';
import { LineIndex } from '../../../server/src/core/text';
import { loadParsers } from '../../../server/src/node/grammars';

let parsers: SyntaxParsers | undefined;

export async function parsersReady(): Promise<SyntaxParsers> {
  parsers ??= await loadParsers();
  return parsers;
}

export function describeFinding(text: string, finding: Finding): string {
  const index = new LineIndex(text);
  const start = index.positionAt(finding.span.offset);
  const end = index.positionAt(finding.span.offset + finding.span.length);
  return `${start.line + 1}:${start.character + 1}-${end.line + 1}:${end.character + 1} ${finding.code}`;
}

/** Findings as a user sees them (position, code, message). */
export function asSeen(text: string, findings: readonly Finding[]): string[] {
  return findings.map((f) => `${describeFinding(text, f)} ${f.message}`);
}

export interface CheckOptions extends CheckSettings {
  readFile?: (path: string) => string | undefined;
}

export function check(text: string, kind: DocumentKind, options: CheckOptions = {}): Finding[] {
  if (!parsers) throw new Error('call parsersReady() in before()');
  const { readFile, ...settings } = options;
  return checkDocument(text, kind, { parsers, ...(readFile ? { readFile } : {}) }, settings).findings;
}

/** The findings as "line:col-line:col code" strings. */
export function findings(text: string, kind: DocumentKind, options: CheckOptions = {}): string[] {
  return check(text, kind, options).map((f) => describeFinding(text, f));
}

/** The text that a finding's span covers. */
export function tokenOf(text: string, finding: Finding): string {
  return text.slice(finding.span.offset, finding.span.offset + finding.span.length);
}

/**
 * "line:col-line:col code" of the n-th occurrence (1-based) of `token` in `text`: expectations
 * name the wrong token itself, and the test fails if the finding is anywhere else.
 */
export function at(text: string, token: string, code: string, occurrence = 1): string {
  let offset = -1;
  for (let i = 0; i < occurrence; i++) {
    offset = text.indexOf(token, offset + 1);
    if (offset === -1) throw new Error(`token ${JSON.stringify(token)} (occurrence ${occurrence}) is not in the text`);
  }
  const index = new LineIndex(text);
  const start = index.positionAt(offset);
  const end = index.positionAt(offset + token.length);
  return `${start.line + 1}:${start.character + 1}-${end.line + 1}:${end.character + 1} ${code}`;
}

/** Like `at`, for a token that is only unique inside a larger piece of text (`"Value": 3}` -> `3`). */
export function atIn(text: string, context: string, token: string, code: string): string {
  const contextOffset = text.indexOf(context);
  const inner = context.indexOf(token);
  if (contextOffset === -1 || inner === -1) throw new Error(`${JSON.stringify(token)} in ${JSON.stringify(context)} is not in the text`);
  const index = new LineIndex(text);
  const start = index.positionAt(contextOffset + inner);
  const end = index.positionAt(contextOffset + inner + token.length);
  return `${start.line + 1}:${start.character + 1}-${end.line + 1}:${end.character + 1} ${code}`;
}

/** A check of Python text as on a text never seen, on a tree of the whole text (the reference the faster paths are compared with). */
export function firstCheckOnWholeTree(text: string, parsers: SyntaxParsers): ReturnType<typeof checkDocument> {
  return withoutCheckCaches(() => {
    const tree = parsers.python.parse(text)!;
    try {
      return checkDocument(text, 'python', { parsers, pythonTree: tree });
    } finally {
      tree.delete();
    }
  });
}
