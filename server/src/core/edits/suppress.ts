// Suppression comments: `# sm-guardrails: ignore[code, ...]` (or `ignore` alone for every rule)
// in Python and shell, and in Markdown fences of those languages.
//
// - At the end of a line of code, it silences those rules on that line.
// - On a line of its own, it silences them on the next line of code, and when that line starts
//   a statement or command (a Python statement with its brackets, a shell command with its `\`
//   continuations and quoted lines), on the whole statement.
//
// JSON has no comments: rules are switched off there with the smGuardrails.disabledRules setting.
// A cheap lexer finds comments, strings and statements; nothing is parsed twice.
import type { DocumentKind } from '../check';
import { findFencedRegions } from '../hosts/markdown';
import type { Finding, RuleCode } from '../model';
import { LineIndex } from '../text';
import type { TextEdit } from './text-edit';

export const SUPPRESSION_PREFIX = 'sm-guardrails: ignore';
const DIRECTIVE = /sm-guardrails:\s*ignore(?:\[([^\]]*)\])?/;
/** The code every rule matches in a bare `ignore`. */
export const ALL_CODES = '*';

export interface LineInfo {
  /** The comment on the line, from its `#`, and where it starts. */
  comment?: { text: string; offset: number };
  /** Code stands on the line before any comment. */
  hasCode: boolean;
  /** The line ends inside a string or is continued by `\`: a comment cannot be added at its end. */
  openAtEnd: boolean;
}

export interface Lexed {
  lines: LineInfo[];
  /** Statements (Python) or commands (shell) as [first line, last line], in order. */
  statements: [number, number][];
}

type Language = 'python' | 'shell' | 'yaml' | 'hcl' | 'js';

/** The comment language of each Markdown fence language. */
const FENCE_COMMENTS = { python: 'python', shell: 'shell', yaml: 'yaml', terraform: 'hcl', typescript: 'js' } as const;

/** The line comment each language writes suppressions in. */
const COMMENT_MARKER: Record<Language, string> = { python: '#', shell: '#', yaml: '#', hcl: '#', js: '//' };

function newLine(): LineInfo {
  return { hasCode: false, openAtEnd: false };
}

/** Python: strings (single, triple), brackets, comments and `\` continuations. */
function lexPython(text: string): Lexed {
  const lines: LineInfo[] = [newLine()];
  const statements: [number, number][] = [];
  let line = 0;
  let depth = 0;
  let quote: string | undefined;
  let continued = false;
  let start: number | undefined;
  const endLine = (): void => {
    if (quote && quote.length === 3) lines[line]!.openAtEnd = true;
    else if (quote) quote = undefined;
    if (continued) lines[line]!.openAtEnd = true;
    if (start !== undefined && depth === 0 && !quote && !continued) {
      statements.push([start, line]);
      start = undefined;
    }
    continued = false;
    line++;
    lines.push(newLine());
  };
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === '\n') {
      endLine();
      continue;
    }
    if (quote) {
      if (c === '\\') {
        if (text[i + 1] === '\n') {
          i++;
          lines[line]!.openAtEnd = true;
          line++;
          lines.push(newLine());
        } else i++;
      } else if (text.startsWith(quote, i)) {
        i += quote.length - 1;
        quote = undefined;
      }
      continue;
    }
    if (c === '#') {
      let end = text.indexOf('\n', i);
      if (end === -1) end = text.length;
      lines[line]!.comment = { text: text.slice(i, end).replace(/\r$/, ''), offset: i };
      i = end - 1;
      continue;
    }
    if (c === '\\' && (text[i + 1] === '\n' || (text[i + 1] === '\r' && text[i + 2] === '\n'))) {
      continued = true;
      if (text[i + 1] === '\r') i++;
      continue;
    }
    if (c === ' ' || c === '\t' || c === '\r' || c === '\f') continue;
    lines[line]!.hasCode = true;
    start ??= line;
    if (c === '"' || c === "'") quote = text.startsWith(c.repeat(3), i) ? c.repeat(3) : c;
    if (quote && quote.length === 3) i += 2;
    else if (c === '(' || c === '[' || c === '{') depth++;
    else if (c === ')' || c === ']' || c === '}') depth = Math.max(0, depth - 1);
  }
  if (start !== undefined) statements.push([start, line]);
  return { lines, statements };
}

/**
 * Shell: quotes, `\` continuations, comments at word starts, here-documents, `|`/`&&` line ends,
 * and `$(...)` inside double quotes, whose text is commands again (`"$(cat <<'EOF'` has a
 * here-document, whose quotes are data).
 */
function lexShell(text: string): Lexed {
  const lines: LineInfo[] = [newLine()];
  const statements: [number, number][] = [];
  let line = 0;
  let quote: '"' | "'" | '$' | undefined;
  let continued = false;
  let start: number | undefined;
  let lastCode = '';
  const pendingHeredocs: { delimiter: string; stripTabs: boolean }[] = [];
  // The `$(` opened inside double quotes, innermost last: the `(` open in each. Its lines are
  // still inside the quoted word: open at their end, never the end of a command.
  const substitutions: number[] = [];
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === '\n') {
      if (quote || substitutions.length > 0) lines[line]!.openAtEnd = true;
      if (continued) lines[line]!.openAtEnd = true;
      const joins = /(\|\||&&|\|)$/.test(lastCode.trimEnd());
      let heredocBody = false;
      // Here-document bodies: whole lines up to the delimiter, part of the command.
      while (pendingHeredocs.length > 0) {
        heredocBody = true;
        const { delimiter, stripTabs } = pendingHeredocs.shift()!;
        lines[line]!.openAtEnd = true;
        for (;;) {
          line++;
          lines.push({ hasCode: true, openAtEnd: true });
          const from = i + 1;
          let to = text.indexOf('\n', from);
          if (to === -1) to = text.length;
          const body = text.slice(from, to).replace(/\r$/, '');
          i = to;
          if ((stripTabs ? body.replace(/^\t+/, '') : body) === delimiter || to >= text.length) break;
        }
        lines[line]!.openAtEnd = substitutions.length > 0;
      }
      if (start !== undefined && !quote && substitutions.length === 0 && !continued && !joins) {
        statements.push([start, line]);
        start = undefined;
      }
      if (heredocBody && i >= text.length) break;
      continued = false;
      lastCode = '';
      line++;
      lines.push(newLine());
      continue;
    }
    if (quote === "'") {
      if (c === "'") quote = undefined;
      continue;
    }
    if (quote === '"' || quote === '$') {
      // `\` before a line break inside quotes: the break still ends this line (the quote stays open).
      if (c === '\\' && text[i + 1] !== '\n' && !(text[i + 1] === '\r' && text[i + 2] === '\n')) i++;
      else if (quote === '"' && c === '$' && text[i + 1] === '(') {
        substitutions.push(0);
        quote = undefined;
        i++;
      } else if ((quote === '"' && c === '"') || (quote === '$' && c === "'")) quote = undefined;
      continue;
    }
    if (c === '#' && (i === 0 || /[\s;|&(]/.test(text[i - 1]!))) {
      let end = text.indexOf('\n', i);
      if (end === -1) end = text.length;
      lines[line]!.comment = { text: text.slice(i, end).replace(/\r$/, ''), offset: i };
      i = end - 1;
      continue;
    }
    if (c === '\\') {
      if (text[i + 1] === '\n' || (text[i + 1] === '\r' && text[i + 2] === '\n')) {
        continued = true;
        if (text[i + 1] === '\r') i++;
        continue;
      }
      i++;
      lines[line]!.hasCode = true;
      start ??= line;
      continue;
    }
    if (c === ' ' || c === '\t' || c === '\r') continue;
    lines[line]!.hasCode = true;
    start ??= line;
    lastCode += c;
    if (c === "'") quote = "'";
    else if (c === '"') quote = '"';
    else if (c === '$' && text[i + 1] === "'") {
      quote = '$';
      i++;
    } else if (substitutions.length > 0 && c === '(') substitutions[substitutions.length - 1]!++;
    else if (substitutions.length > 0 && c === ')') {
      if (substitutions[substitutions.length - 1] === 0) {
        substitutions.pop();
        quote = '"';
      } else substitutions[substitutions.length - 1]!--;
    } else if (c === '<' && text[i + 1] === '<' && text[i + 2] !== '<') {
      const match = /^<<(-?)[ \t]*(['"]?)([A-Za-z0-9_.-]+)\2/.exec(text.slice(i, i + 200));
      if (match) {
        pendingHeredocs.push({ delimiter: match[3]!, stripTabs: match[1] === '-' });
        i += match[0].length - 1;
      }
    }
  }
  // The text ends inside a quote or after a `\`: its last line cannot take a comment either.
  if (quote || substitutions.length > 0 || continued) lines[line]!.openAtEnd = true;
  if (start !== undefined) statements.push([start, line]);
  return { lines, statements };
}

/**
 * YAML, HCL and JavaScript/TypeScript: line comments outside quotes (`#`, or `//` in HCL and JS;
 * a YAML `#` only after a space). A statement is a line with what is nested under it: the more
 * indented lines that follow (YAML), or the lines up to its closing bracket (HCL, JS).
 */
function lexLines(text: string, language: 'yaml' | 'hcl' | 'js'): Lexed {
  const rawLines = text.split('\n');
  const lines: LineInfo[] = [];
  const indents: number[] = [];
  const depths: number[] = [];
  let depth = 0;
  let offset = 0;
  let quote: string | undefined;
  for (const raw of rawLines) {
    const info = newLine();
    for (let i = 0; i < raw.length; i++) {
      const c = raw[i]!;
      if (quote) {
        if (c === '\\' && language !== 'yaml') i++;
        else if (c === quote) quote = undefined;
        continue;
      }
      const slashComment = language !== 'yaml' && c === '/' && raw[i + 1] === '/';
      const hashComment = c === '#' && (language !== 'yaml' || i === 0 || /\s/.test(raw[i - 1]!)) && language !== 'js';
      if (slashComment || hashComment) {
        info.comment = { text: raw.slice(i).replace(/\r$/, ''), offset: offset + i };
        break;
      }
      if (/\s/.test(c)) continue;
      info.hasCode = true;
      // A YAML quote opens a string only where a scalar starts (`it's` is plain text).
      if (c === '"' || c === '`' || (c === "'" && (language !== 'yaml' || i === 0 || /[\s:\[{,-]/.test(raw[i - 1]!)))) quote = c;
      else if (c === '{' || c === '[' || c === '(') depth++;
      else if (c === '}' || c === ']' || c === ')') depth = Math.max(0, depth - 1);
    }
    if (language === 'yaml') quote = undefined;
    if (quote) info.openAtEnd = true;
    lines.push(info);
    indents.push(/^[ \t]*/.exec(raw)![0].length);
    depths.push(depth);
    offset += raw.length + 1;
  }
  const statements: [number, number][] = [];
  for (let line = 0; line < lines.length; line++) {
    if (!lines[line]!.hasCode) continue;
    let last = line;
    if (language === 'yaml') {
      const opensBlock = /:\s*(#.*)?\r?$/.test(rawLines[line]!);
      for (let next = line + 1; next < lines.length; next++) {
        if (!lines[next]!.hasCode) continue;
        const deeper = indents[next]! > indents[line]! || (opensBlock && indents[next] === indents[line] && /^\s*- /.test(rawLines[next]!));
        if (!deeper) break;
        last = next;
      }
    } else {
      const before = line > 0 ? depths[line - 1]! : 0;
      while (last < lines.length - 1 && depths[last]! > before) last++;
    }
    statements.push([line, last]);
  }
  return { lines, statements };
}

export function lex(text: string, language: Language): Lexed {
  if (language === 'python') return lexPython(text);
  if (language === 'shell') return lexShell(text);
  return lexLines(text, language);
}

function parseDirective(comment: string): Set<string> | undefined {
  const match = DIRECTIVE.exec(comment);
  if (!match) return undefined;
  const codes = (match[1] ?? '')
    .split(',')
    .map((code) => code.trim())
    .filter(Boolean);
  return new Set(codes.length ? codes : [ALL_CODES]);
}

function addCodes(into: Map<number, Set<string>>, line: number, codes: Set<string>): void {
  const set = into.get(line) ?? new Set<string>();
  for (const code of codes) set.add(code);
  into.set(line, set);
}

/** Suppressed codes per line (0-based) of a Python or shell text. */
function suppressedIn(text: string, language: Language): Map<number, Set<string>> {
  const result = new Map<number, Set<string>>();
  if (!text.includes('sm-guardrails')) return result;
  const { lines, statements } = lex(text, language);
  lines.forEach((info, line) => {
    const codes = info.comment && parseDirective(info.comment.text);
    if (!codes) return;
    if (info.hasCode) {
      addCodes(result, line, codes);
      return;
    }
    let next = line + 1;
    while (next < lines.length && !lines[next]!.hasCode) next++;
    if (next >= lines.length) return;
    const statement = statements.find(([first]) => first === next);
    const last = statement ? statement[1] : next;
    for (let l = next; l <= last; l++) addCodes(result, l, codes);
  });
  return result;
}

interface Region {
  language: Language;
  /** Offset of the region's text in the document. */
  offset: number;
  text: string;
}

/** The parts of a document that take `#` comments, with their language. */
function commentRegions(text: string, kind: DocumentKind): Region[] {
  switch (kind) {
    case 'python':
      return [{ language: 'python', offset: 0, text }];
    case 'shell':
      return [{ language: 'shell', offset: 0, text }];
    case 'json':
      return [];
    case 'yaml':
      return [{ language: 'yaml', offset: 0, text }];
    case 'terraform':
      return [{ language: 'hcl', offset: 0, text }];
    case 'typescript':
      return [{ language: 'js', offset: 0, text }];
    case 'markdown':
      return findFencedRegions(text)
        .filter((region) => region.language !== 'json')
        .map((region) => ({ language: FENCE_COMMENTS[region.language as Exclude<typeof region.language, 'json'>], offset: region.offset, text: region.text }));
  }
}

/**
 * Rule codes silenced per line (0-based) of a document. Notebooks: pass the code cells joined
 * with '\n' (see notebookCodeText) as 'python'.
 */
export function suppressedLines(text: string, kind: DocumentKind): Map<number, Set<string>> {
  const result = new Map<number, Set<string>>();
  if (!text.includes('sm-guardrails')) return result;
  const index = new LineIndex(text);
  for (const region of commentRegions(text, kind)) {
    const firstLine = index.positionAt(region.offset).line;
    for (const [line, codes] of suppressedIn(region.text, region.language)) addCodes(result, firstLine + line, codes);
  }
  return result;
}

/** Drops the findings a suppression comment silences (by the line the finding starts on). */
export function applySuppressions<T extends Pick<Finding, 'code' | 'span'>>(text: string, kind: DocumentKind, findings: readonly T[]): T[] {
  if (findings.length === 0 || !text.includes('sm-guardrails')) return [...findings];
  const suppressed = suppressedLines(text, kind);
  if (suppressed.size === 0) return [...findings];
  const index = new LineIndex(text);
  return findings.filter((finding) => {
    const codes = suppressed.get(index.positionAt(finding.span.offset).line);
    return !codes || !(codes.has(ALL_CODES) || codes.has(finding.code));
  });
}

/** A notebook's code cells as one text, laid out like the core's virtual notebook (cells joined by '\n'). */
export function notebookCodeText(cells: readonly { kind: 'code' | 'markdown'; text: string }[]): string {
  let joined = '';
  for (const cell of cells) {
    if (cell.kind !== 'code') continue;
    if (joined.length > 0) joined += '\n';
    joined += cell.text;
  }
  return joined;
}

export interface SuppressionEdit {
  title: string;
  edits: TextEdit[];
}

/** The comment that silences one finding: at the end of its line, or above its statement when the line cannot take one. */
export function suppressionEdit(text: string, kind: DocumentKind, finding: Pick<Finding, 'code' | 'span'>, code: RuleCode | string = finding.code): SuppressionEdit | undefined {
  const region = commentRegions(text, kind).find((r) => finding.span.offset >= r.offset && finding.span.offset <= r.offset + r.text.length);
  if (!region) return undefined;
  const { lines, statements } = lex(region.text, region.language);
  const regionIndex = new LineIndex(region.text);
  const line = regionIndex.positionAt(finding.span.offset - region.offset).line;
  const info = lines[line];
  if (!info) return undefined;
  const lineStart = region.offset + regionIndex.offsetAt({ line, character: 0 });
  const lineEnd = line + 1 < regionIndex.lineCount ? region.offset + regionIndex.offsetAt({ line: line + 1, character: 0 }) : region.offset + region.text.length;
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const extend = (comment: { text: string; offset: number }): TextEdit[] | undefined => {
    const match = DIRECTIVE.exec(comment.text);
    if (!match) return undefined;
    if (match[1] === undefined || (match[1] ?? '').split(',').some((c) => c.trim() === code)) return [];
    const close = region.offset + comment.offset + match.index + match[0].length - 1;
    return [{ offset: close, length: 0, newText: match[1].trim() === '' ? code : `, ${code}` }];
  };
  if (info.comment && info.hasCode) {
    const edits = extend(info.comment);
    if (edits) return edits.length ? { title: `Ignore ${code} on this line`, edits } : undefined;
  }
  if (!info.openAtEnd) {
    let end = lineEnd;
    while (end > lineStart && (text[end - 1] === '\n' || text[end - 1] === '\r')) end--;
    const trailingSpace = /[ \t]*$/.exec(text.slice(lineStart, end))![0].length;
    return { title: `Ignore ${code} on this line`, edits: [{ offset: end - trailingSpace, length: trailingSpace, newText: `  ${COMMENT_MARKER[region.language]} ${SUPPRESSION_PREFIX}[${code}]` }] };
  }
  // The line cannot end in a comment (inside a quoted value, before a `\`): a comment line above the command.
  const statement = statements.find(([first, last]) => first <= line && line <= last);
  const first = statement ? statement[0] : line;
  const above = first > 0 ? lines[first - 1] : undefined;
  if (above?.comment && !above.hasCode) {
    const edits = extend(above.comment);
    if (edits) return edits.length ? { title: `Ignore ${code} in this ${region.language === 'shell' ? 'command' : 'statement'}`, edits } : undefined;
  }
  // The line above ends inside a quote or with a `\` (a line of only `\` before the command): a
  // comment line there would be joined to it.
  if (first > 0 && lines[first - 1]!.openAtEnd) return undefined;
  const firstStart = region.offset + regionIndex.offsetAt({ line: first, character: 0 });
  const firstLineText = text.slice(firstStart, lineEndAt(text, firstStart));
  // Console sessions in Markdown: the comment gets the command's prompt, or it would be read as output.
  const prompt = kind === 'markdown' && region.language === 'shell' ? /^\s*[$%]\s/.exec(firstLineText)?.[0] : undefined;
  const indent = prompt ?? /^[ \t]*/.exec(firstLineText)![0];
  return {
    title: `Ignore ${code} in this ${region.language === 'shell' ? 'command' : 'statement'}`,
    edits: [{ offset: firstStart, length: 0, newText: `${indent}${COMMENT_MARKER[region.language]} ${SUPPRESSION_PREFIX}[${code}]${eol}` }],
  };
}

function lineEndAt(text: string, offset: number): number {
  const end = text.indexOf('\n', offset);
  return end === -1 ? text.length : end;
}
