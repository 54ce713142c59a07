// CLI host: the value of `--deployment-config` in shell commands parsed by tree-sitter-bash.
// The shell word is unquoted (keeping a map from each character back to the document), then
// read the way the AWS CLI reads it: JSON when it starts with `{` or `[`, shorthand otherwise,
// `file://path` replaced by the file's text. `$VAR` and `$(...)` make the value unknown.
import type { Node, Tree } from 'web-tree-sitter';
import type { FileReadResult } from '../check';
import type { ConfigBlock, ConfigFamily, Finding, Span } from '../model';
import { decideFamily, familyOfSubcommand } from '../family';
import { convertJsonNode, parseDraftJson, parseStrictJson } from './json';
import { ShorthandParser, ShorthandSyntaxError } from './shorthand';
import { textHolds } from '../text';

const OPTION = '--deployment-config';

export function mayHoldCliConfig(text: string): boolean {
  return textHolds(text, OPTION);
}

/**
 * A shell word with its quoting removed. Character i came from the document range
 * [sourceOffsets[i], sourceEnds[i]): two characters for an escape like `\"`, one otherwise.
 */
export interface UnquotedWord {
  value: string;
  sourceOffsets: number[];
  sourceEnds: number[];
  /** The shell's view of the word: unquoted characters as written, quoted ones as '_'. */
  unquotedShape: string;
}

/** Whether bash brace-expands the word (an unquoted `{` with an unquoted `,` inside its matching `}`). */
export function isBraceExpanded(unquotedShape: string): boolean {
  const hasComma: boolean[] = [];
  for (let i = 0; i < unquotedShape.length; i++) {
    const char = unquotedShape[i];
    if (char === '{' && unquotedShape[i - 1] !== '$') hasComma.push(false);
    else if (char === ',' && hasComma.length > 0) hasComma[hasComma.length - 1] = true;
    else if (char === '}' && hasComma.length > 0 && hasComma.pop()) return true;
  }
  return false;
}

const UNKNOWN_PARTS = new Set(['simple_expansion', 'expansion', 'command_substitution', 'process_substitution', 'arithmetic_expansion', 'ansi_c_string', 'translated_string']);

/** Removes shell quoting from an argument node, or returns undefined when its value is not literal. */
export function unquoteWord(node: Node, text: string): UnquotedWord | undefined {
  const word: UnquotedWord = { value: '', sourceOffsets: [], sourceEnds: [], unquotedShape: '' };
  const push = (char: string, offset: number, sourceLength = 1, quoted = true): void => {
    word.value += char;
    word.sourceOffsets.push(offset);
    word.sourceEnds.push(offset + sourceLength);
    word.unquotedShape += quoted ? '_' : char;
  };
  const copyUnquoted = (start: number, end: number): void => {
    for (let i = start; i < end; i++) {
      if (text[i] === '\\' && i + 1 < end) {
        if (text[i + 1] === '\n') {
          i++;
          continue;
        }
        push(text[i + 1]!, i, 2);
        i++;
      } else push(text[i]!, i, 1, false);
    }
  };
  const visit = (part: Node): boolean => {
    if (UNKNOWN_PARTS.has(part.type)) return false;
    if (part.type === 'raw_string') {
      for (let i = part.startIndex + 1; i < part.endIndex - 1; i++) push(text[i]!, i);
      return true;
    }
    if (part.type === 'string') {
      for (const child of part.namedChildren) if (child && UNKNOWN_PARTS.has(child.type)) return false;
      // Inside double quotes a backslash escapes only $ ` " \ and newline.
      for (let i = part.startIndex + 1; i < part.endIndex - 1; i++) {
        const next = text[i + 1];
        if (text[i] === '\\' && next !== undefined && '$`"\\\n'.includes(next) && i + 1 < part.endIndex - 1) {
          if (next !== '\n') push(next, i, 2);
          i++;
        } else push(text[i]!, i);
      }
      return true;
    }
    if (part.type === 'concatenation') {
      let cursor = part.startIndex;
      for (const child of part.children) {
        if (!child) continue;
        copyUnquoted(cursor, child.startIndex);
        if (!visit(child)) return false;
        cursor = child.endIndex;
      }
      copyUnquoted(cursor, part.endIndex);
      return true;
    }
    // word, number and anything plain: unescape backslashes.
    copyUnquoted(part.startIndex, part.endIndex);
    return true;
  };
  return visit(node) ? word : undefined;
}

/** Removes shell quoting from the argument nodes of one word (see wordNodes), or undefined when its value is not literal. */
function unquoteWords(nodes: readonly Node[], text: string): UnquotedWord | undefined {
  const word: UnquotedWord = { value: '', sourceOffsets: [], sourceEnds: [], unquotedShape: '' };
  for (const node of nodes) {
    const part = unquoteWord(node, text);
    if (!part) return undefined;
    word.value += part.value;
    word.sourceOffsets.push(...part.sourceOffsets);
    word.sourceEnds.push(...part.sourceEnds);
    word.unquotedShape += part.unquotedShape;
  }
  return word;
}

export interface CliExtraction {
  blocks: ConfigBlock[];
  findings: Finding[];
  /** JSON values the AWS CLI would reject but that are configs being typed: for completion and hover only. */
  drafts?: ConfigBlock[];
}

export interface CliOptions {
  /** Reads a `file://` path (relative to the document's folder); undefined when it cannot be read. */
  readFile?: (path: string) => FileReadResult | undefined;
}

/** AWS CLI global options that take a value (`aws --region us-east-1 sagemaker ...`). */
const GLOBAL_OPTIONS_WITH_VALUE = new Set(['--region', '--profile', '--output', '--endpoint-url', '--query', '--cli-read-timeout', '--cli-connect-timeout', '--color', '--ca-bundle', '--cli-binary-format']);

/**
 * The family of the config a command's --deployment-config holds: only `aws sagemaker` subcommands
 * that take one (update-endpoint, update-inference-component, update-cluster-software, ...). Any
 * other command (`aws deploy`, another tool, a name we cannot read) returns undefined: not ours.
 */
export function commandFamily(argument: Node, text: string): ConfigFamily | undefined {
  let command: Node | null = argument;
  while (command && command.type !== 'command') command = command.parent;
  if (!command) return undefined;
  const name = command.childForFieldName('name');
  const program = name ? unquoteWord(name, text)?.value : undefined;
  if (!program || !/(?:^|\/)aws$/.test(program)) return undefined;
  const positional: string[] = [];
  let skipNext = false;
  for (const child of command.namedChildren) {
    if (!child || child.startIndex < (name?.endIndex ?? 0) || child.type === 'comment' || child.type === 'line_continuation') continue;
    if (child.startIndex >= argument.startIndex || positional.length === 2) break;
    const word = unquoteWord(child, text)?.value;
    if (word === undefined) return undefined;
    if (skipNext) {
      skipNext = false;
      continue;
    }
    if (word.startsWith('-')) {
      skipNext = GLOBAL_OPTIONS_WITH_VALUE.has(word);
      continue;
    }
    positional.push(word);
  }
  return positional[0] === 'sagemaker' ? familyOfSubcommand(positional[1] ?? '') : undefined;
}

/** Nodes that are (parts of) a word; a redirect (`>f`) or an operator glued to a word is not. */
const WORD_PARTS = new Set(['word', 'concatenation', 'string', 'raw_string', 'number', 'simple_expansion', 'expansion', 'command_substitution', 'process_substitution', 'arithmetic_expansion', 'ansi_c_string', 'translated_string']);

/**
 * The argument nodes that make up one shell word, from `first`: tree-sitter-bash ends a word at a
 * `}` followed by a backslash (`{A=b}\,C=d` is two arguments to it, one word to bash), so the
 * arguments that follow with nothing between them are the rest of the same word.
 */
function wordNodes(first: Node): Node[] {
  const nodes = [first];
  for (let next = first.nextSibling; next && next.startIndex === nodes[nodes.length - 1]!.endIndex && WORD_PARTS.has(next.type); next = next.nextSibling) {
    nodes.push(next);
  }
  return nodes;
}

/** The argument nodes that hold a --deployment-config value (one shell word), with whether the value follows `=`. */
function findValueArguments(tree: Tree, text: string): { nodes: Node[]; prefixLength: number }[] {
  const found: { nodes: Node[]; prefixLength: number }[] = [];
  const seen = new Set<number>();
  for (let offset = text.indexOf(OPTION); offset !== -1; offset = text.indexOf(OPTION, offset + OPTION.length)) {
    const after = text[offset + OPTION.length];
    if (after !== undefined && after !== '=' && !/\s/.test(after) && after !== '\\') continue;
    let node: Node | null = tree.rootNode.descendantForIndex(offset, offset + OPTION.length - 1);
    if (!node || node.startIndex !== offset) continue;
    if (node.type !== 'word') continue;
    if (after === '=') {
      // `--deployment-config=VALUE`: the whole argument (a word or a concatenation) minus the prefix.
      const argument = node.parent?.type === 'concatenation' ? node.parent : node;
      if (!seen.has(argument.startIndex)) {
        seen.add(argument.startIndex);
        found.push({ nodes: wordNodes(argument), prefixLength: OPTION.length + 1 });
      }
      continue;
    }
    if (node.parent?.type !== 'command' || node.endIndex !== offset + OPTION.length) continue;
    let next: Node | null = node.nextNamedSibling;
    while (next && (next.type === 'comment' || next.type === 'line_continuation')) next = next.nextNamedSibling;
    node = next;
    if (node && !seen.has(node.startIndex)) {
      seen.add(node.startIndex);
      found.push({ nodes: wordNodes(node), prefixLength: 0 });
    }
  }
  return found;
}

/**
 * Opening quotes of --deployment-config values that are never closed: the shell cannot even split
 * such a command into arguments, so no value is found, and saying nothing would hide the mistake.
 */
function unterminatedValueQuotes(text: string): number[] {
  const found: number[] = [];
  for (let offset = text.indexOf(OPTION); offset !== -1; offset = text.indexOf(OPTION, offset + OPTION.length)) {
    let i = offset + OPTION.length;
    if (text[i] === '=') i++;
    else {
      const gap = /^(?:[ \t]|\\\r?\n)+/.exec(text.slice(i, i + 200));
      if (!gap) continue;
      i += gap[0].length;
    }
    const quote = text[i];
    if (quote === "'") {
      if (text.indexOf("'", i + 1) === -1) found.push(i);
    } else if (quote === '"') {
      let j = i + 1;
      while (j < text.length && !(text[j] === '"' && !isEscaped(text, j))) j++;
      if (j >= text.length) found.push(i);
    }
  }
  return found;
}

function isEscaped(text: string, index: number): boolean {
  let backslashes = 0;
  for (let k = index - 1; k >= 0 && text[k] === '\\'; k--) backslashes++;
  return backslashes % 2 === 1;
}

export function extractCliBlocks(tree: Tree, text: string, options: CliOptions = {}): CliExtraction {
  const result: CliExtraction = { blocks: [], findings: [] };
  for (const quoteAt of unterminatedValueQuotes(text)) {
    result.findings.push(syntaxFinding({ offset: quoteAt, length: 1 }, `This --deployment-config value opens a ${text[quoteAt]} quote that is never closed, so the shell cannot run this command. Close the quote after the value.`));
  }
  for (const { nodes, prefixLength } of findValueArguments(tree, text)) {
    const node = nodes[0]!;
    const end = nodes[nodes.length - 1]!.endIndex;
    // Other tools' flags of the same name, and `aws` commands that take none, are not ours.
    const family = commandFamily(node, text);
    if (!family) continue;
    const word = unquoteWords(nodes, text);
    if (!word) continue;
    const value = word.value.slice(prefixLength);
    const offsets = word.sourceOffsets.slice(prefixLength);
    const ends = word.sourceEnds.slice(prefixLength);
    const valueSpan: Span = prefixLength ? { offset: offsets[0] ?? end, length: end - (offsets[0] ?? end) } : { offset: node.startIndex, length: end - node.startIndex };
    if (isBraceExpanded(word.unquotedShape)) {
      result.findings.push({
        ...syntaxFinding(valueSpan, 'This unquoted value contains {a,b}, which the shell brace-expands into several arguments, so the AWS CLI never receives it as written. Put the value in single quotes.'),
        data: { needsQuotes: true },
      });
      continue;
    }
    // An index maps to where its character starts; an end index (and the index just past the end)
    // to where the character before it ends, so a range never takes in the quotes after it.
    const toOffset = (index: number, isEnd = false): number => {
      if ((isEnd || index >= offsets.length) && index > 0 && index <= ends.length) return ends[index - 1]!;
      return index < offsets.length ? offsets[index]! : ends.length ? ends[ends.length - 1]! : valueSpan.offset;
    };
    const blocksBefore = result.blocks.length;
    readCliValue(value, toOffset, valueSpan, options, result, family);
    // A command the shell cannot parse (a quote left open after the value): checked, never edited.
    if (isInBrokenCommand(node)) for (const block of result.blocks.slice(blocksBefore)) block.incomplete = true;
  }
  return result;
}

/** Whether the command holding an argument has a syntax error in it or right after it (tree-sitter puts `'{Max` there). */
function isInBrokenCommand(argument: Node): boolean {
  let command: Node | null = argument;
  while (command && command.type !== 'command') command = command.parent;
  if (!command) return argument.hasError;
  return command.hasError || command.nextSibling?.type === 'ERROR';
}

/** Reads a CLI value as the AWS CLI would, adding a block or a cli-syntax finding. */
export function readCliValue(value: string, toOffset: (index: number, isEnd?: boolean) => number, valueSpan: Span, options: CliOptions, into: CliExtraction, family?: ConfigFamily): void {
  const fileMatch = /^\s*fileb?:\/\/(.+)$/s.exec(value);
  if (fileMatch) {
    readFileReference(fileMatch[1]!.trim(), valueSpan, options, into, family);
    return;
  }
  const withFamily = (block: ConfigBlock): ConfigBlock => {
    const decided = decideFamily(family, block.root);
    return decided ? { ...block, family: decided } : block;
  };
  const trimmed = value.trimStart();
  if (trimmed === '') {
    into.findings.push(syntaxFinding(valueSpan, 'The --deployment-config value is empty.'));
    return;
  }
  if (trimmed.startsWith('{') || trimmed.startsWith('[')) {
    const parsed = parseStrictJson(value);
    if (parsed.error || !parsed.node) {
      const at = parsed.error?.offset ?? 0;
      const offset = toOffset(Math.min(at, Math.max(0, value.length - 1)));
      into.findings.push(syntaxFinding({ offset, length: Math.max(1, toOffset(Math.min(at + (parsed.error?.length ?? 1), value.length)) - offset) }, `${parsed.error?.message ?? 'Invalid JSON.'} The AWS CLI rejects this --deployment-config value.`));
      // While a key is being typed (`{"A": 1, "|"}`) the value is not valid JSON; completion still needs its tree.
      const draft = parseDraftJson(value);
      if (draft) (into.drafts ??= []).push(withFamily({ host: 'cli', syntax: 'json', root: convertJsonNode(draft, toOffset, 0, value), quote: '"' }));
      return;
    }
    if (parsed.node.type !== 'object') {
      into.findings.push(syntaxFinding(valueSpan, 'The --deployment-config value must be a JSON object ({...}).'));
      return;
    }
    into.blocks.push(withFamily({ host: 'cli', syntax: 'json', root: convertJsonNode(parsed.node, toOffset, 0, value), quote: '"' }));
    return;
  }
  // Not JSON by the CLI's rule. JSON that lost its outer braces is the common way to get here.
  if (/^\s*"/.test(value) && !parseStrictJson(`{${value}}`).error) {
    into.findings.push({
      ...syntaxFinding(valueSpan, 'This --deployment-config value is JSON without its outer braces: the AWS CLI reads it as shorthand syntax and fails. Wrap it in { }.'),
      data: { missingBraces: true },
    });
    return;
  }
  try {
    const root = new ShorthandParser(value, toOffset, family).parse();
    into.blocks.push(withFamily({ host: 'cli', syntax: 'shorthand', root }));
  } catch (error) {
    if (!(error instanceof ShorthandSyntaxError)) throw error;
    const offset = toOffset(Math.min(error.index, Math.max(0, value.length - 1)));
    into.findings.push(syntaxFinding({ offset, length: value.length === 0 ? 0 : 1 }, `Invalid shorthand syntax: ${error.message} The AWS CLI rejects this --deployment-config value (it is neither JSON starting with { nor valid shorthand).`));
  }
}

function syntaxFinding(span: Span, message: string): Finding {
  return { code: 'cli-syntax', severity: 'error', span, message, data: {} };
}

/** A file that names none of these holds no DeploymentConfig, so nothing of it is reported. */
const POLICY_KEY_PATTERN = /\b(?:BlueGreenUpdatePolicy|RollingUpdatePolicy|AutoRollbackConfiguration)\b/;

const sizeLimit = (bytes: number): string => (bytes % 1048576 === 0 ? `${bytes / 1048576} MiB` : `${Math.ceil(bytes / 1024)} KiB`);

function refusalMessage(path: string, refusal: Exclude<FileReadResult, string>): string {
  switch (refusal.refused) {
    case 'outside':
      return `file://${path} is outside the workspace (for the command line: outside the checked folders), so it is not read and its config is not checked. Allow it with the smGuardrails.fileReferences.allowOutsideWorkspace setting or the --allow-file-outside flag.`;
    case 'not-a-file':
      return `file://${path} is not a regular file (a folder, pipe or device), so it is not read and its config is not checked.`;
    case 'too-large':
      return `file://${path} is larger than ${sizeLimit(refusal.limitBytes ?? 0)}, too large for a DeploymentConfig, so it is not read.`;
  }
}

function readFileReference(path: string, span: Span, options: CliOptions, into: CliExtraction, family?: ConfigFamily): void {
  const content = options.readFile?.(path);
  if (content === undefined) {
    if (options.readFile) {
      into.findings.push({ code: 'file-reference', severity: 'warning', span, message: `Cannot read file://${path} (resolved relative to this file), so its config is not checked.` });
    }
    return;
  }
  if (typeof content !== 'string') {
    into.findings.push({ code: 'file-reference', severity: 'warning', span, message: refusalMessage(path, content) });
    return;
  }
  // Any other file (a .env, /etc/passwd) would be read as shorthand and its names echoed in findings.
  if (!POLICY_KEY_PATTERN.test(content)) {
    into.findings.push({ code: 'file-reference', severity: 'warning', span, message: `file://${path} holds no DeploymentConfig (no BlueGreenUpdatePolicy, RollingUpdatePolicy or AutoRollbackConfiguration), so nothing in it is checked.` });
    return;
  }
  // Findings inside the referenced file are reported at the file:// token, naming the place in the file.
  const nested: CliExtraction = { blocks: [], findings: [] };
  readCliValue(content, (index) => index, { offset: 0, length: content.length }, {}, nested, family);
  for (const block of nested.blocks) {
    into.blocks.push({ ...block, fileReference: { span, path, text: content } });
  }
  for (const finding of nested.findings) into.findings.push(relocate(finding, content, path, span));
}

/** Moves a finding from a referenced file onto the `file://` token, naming its line and column there. */
export function relocate(finding: Finding, content: string, path: string, span: Span): Finding {
  const before = content.slice(0, finding.span.offset);
  const line = before.split('\n').length;
  const column = finding.span.offset - before.lastIndexOf('\n');
  return { ...finding, span, message: `${path}:${line}:${column}: ${finding.message}`, data: {} };
}
