// The `--deployment-config` value as the shell word it is written in, character by character
// with the quoting each character has, so an edit inside the value can be written the way the
// surrounding text needs it (`\"` inside a double-quoted string, `'\''` inside single quotes).
// The CLI host unquotes the same word with tree-sitter-bash; this reads only the one word an
// edit touches, from the option before it.

export const DEPLOYMENT_CONFIG_OPTION = '--deployment-config';

export type ShellQuoting = 'single' | 'double' | 'bare';

export interface ShellChar {
  char: string;
  /** Where the character is written: [start, end) (two characters for `\"`). */
  start: number;
  end: number;
  quoting: ShellQuoting;
}

export interface ShellWord {
  chars: ShellChar[];
  /** The whole word as written: [start, end). */
  start: number;
  end: number;
}

const WORD_END = /[\s;|&<>()]/;

/** Reads the value of the `--deployment-config` option that starts at `optionOffset`. */
export function scanOptionValue(text: string, optionOffset: number): ShellWord | undefined {
  let i = optionOffset + DEPLOYMENT_CONFIG_OPTION.length;
  if (text[i] === '=') i++;
  else {
    for (;;) {
      if (text[i] === ' ' || text[i] === '\t') i++;
      else if (text[i] === '\\' && text[i + 1] === '\n') i += 2;
      else if (text[i] === '\\' && text[i + 1] === '\r' && text[i + 2] === '\n') i += 3;
      else break;
    }
  }
  const start = i;
  const chars: ShellChar[] = [];
  const push = (char: string, at: number, length: number, quoting: ShellQuoting): void => {
    chars.push({ char, start: at, end: at + length, quoting });
  };
  while (i < text.length) {
    const c = text[i]!;
    if (WORD_END.test(c)) break;
    if (c === '\\') {
      if (text[i + 1] === '\n') i += 2;
      else if (i + 1 < text.length) {
        push(text[i + 1]!, i, 2, 'bare');
        i += 2;
      } else i++;
    } else if (c === "'" || (c === '$' && text[i + 1] === "'")) {
      i += c === '$' ? 2 : 1;
      while (i < text.length && text[i] !== "'") {
        push(text[i]!, i, 1, 'single');
        i++;
      }
      i++;
    } else if (c === '"') {
      i++;
      while (i < text.length && text[i] !== '"') {
        const next = text[i + 1];
        if (text[i] === '\\' && next !== undefined && '$`"\\\n'.includes(next)) {
          if (next !== '\n') push(next, i, 2, 'double');
          i += 2;
        } else {
          push(text[i]!, i, 1, 'double');
          i++;
        }
      }
      i++;
    } else {
      push(c, i, 1, 'bare');
      i++;
    }
  }
  if (i === start) return undefined;
  return { chars, start, end: Math.min(i, text.length) };
}

/** The `--deployment-config` value whose word holds `offset` (from the last option before it). */
export function wordAround(text: string, offset: number): ShellWord | undefined {
  const option = text.lastIndexOf(DEPLOYMENT_CONFIG_OPTION, offset);
  if (option === -1) return undefined;
  const word = scanOptionValue(text, option);
  return word && word.start <= offset && offset <= word.end ? word : undefined;
}

/** The index of the first character written at or after `offset` (characters are in text order, without overlap). */
function firstCharFrom(word: ShellWord, offset: number): number {
  let low = 0;
  let high = word.chars.length;
  while (low < high) {
    const mid = (low + high) >> 1;
    if (word.chars[mid]!.start < offset) low = mid + 1;
    else high = mid;
  }
  return low;
}

/** The quoting an edit at `offset` lands in: the character starting there, else the one ending there. */
export function quotingAt(word: ShellWord, offset: number): ShellQuoting {
  const index = firstCharFrom(word, offset);
  const starting = word.chars[index];
  if (starting && starting.start === offset) return starting.quoting;
  // The character before: it ends at the offset, or the offset is inside it (`\"`).
  const before = word.chars[index - 1];
  if (before && before.end >= offset) return before.quoting;
  return 'bare';
}

/**
 * Whether [start, end) is written as characters of one quoting, with nothing between them: a
 * replacement of it can be written in that quoting. `"CanarySize"CANARY` inside a double-quoted
 * value cannot: its middle quote would be lost.
 */
export function isWrittenInOneQuoting(word: ShellWord, start: number, end: number): boolean {
  let cursor = start;
  let quoting: ShellQuoting | undefined;
  for (let i = firstCharFrom(word, start); i < word.chars.length && word.chars[i]!.end <= end; i++) {
    const char = word.chars[i]!;
    if (char.start !== cursor || (quoting !== undefined && char.quoting !== quoting)) return false;
    quoting = char.quoting;
    cursor = char.end;
  }
  return cursor === end;
}

/** The characters written in [start, end), unquoted: the config text the shell passes on. */
export function unquotedText(word: ShellWord, start: number, end: number): string {
  let result = '';
  for (let i = firstCharFrom(word, start); i < word.chars.length && word.chars[i]!.end <= end; i++) result += word.chars[i]!.char;
  return result;
}

const BARE_SPECIAL = /[\s'"\\$`,;&|<>()*?[\]!#~]/g;

/** Writes config text so the shell passes it on unchanged in the given quoting. */
export function encodeForShell(text: string, quoting: ShellQuoting): string {
  switch (quoting) {
    case 'single':
      return text.replace(/'/g, "'\\''");
    case 'double':
      return text.replace(/[\\"$`]/g, (c) => `\\${c}`);
    case 'bare':
      return text.replace(BARE_SPECIAL, (c) => (c === '\n' ? "'\n'" : `\\${c}`));
  }
}
