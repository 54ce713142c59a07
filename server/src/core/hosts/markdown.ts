// Markdown host: fenced code blocks (CommonMark fences: up to 3 spaces of indent, ``` or ~~~)
// whose info string names Python, JSON or a shell; each is checked by that language's host.

export type EmbeddedLanguage = 'python' | 'json' | 'shell';

export interface EmbeddedRegion {
  language: EmbeddedLanguage;
  /** Offset of the first content character in the host document. */
  offset: number;
  /** The content, prompts of console sessions blanked out (same length, so offsets hold). */
  text: string;
}

const LANGUAGES: Record<string, EmbeddedLanguage> = {
  python: 'python',
  py: 'python',
  python3: 'python',
  ipython: 'python',
  json: 'json',
  jsonc: 'json',
  bash: 'shell',
  sh: 'shell',
  shell: 'shell',
  zsh: 'shell',
  console: 'shell',
  'shell-session': 'shell',
};

export function findFencedRegions(text: string): EmbeddedRegion[] {
  const regions: EmbeddedRegion[] = [];
  const fence = /^( {0,3})(`{3,}|~{3,})([^\n]*)$/gm;
  let open: { marker: string; language: EmbeddedLanguage | undefined; contentStart: number; session: boolean } | undefined;
  for (let match = fence.exec(text); match; match = fence.exec(text)) {
    const marker = match[2]!;
    const info = match[3]!.trim();
    if (!open) {
      if (marker[0] === '`' && info.includes('`')) continue;
      const word = info.split(/[\s{]/)[0]!.toLowerCase();
      const lineEnd = match.index + match[0].length;
      open = { marker, language: LANGUAGES[word], contentStart: Math.min(text.length, lineEnd + 1), session: word === 'console' || word === 'shell-session' };
    } else if (marker[0] === open.marker[0] && marker.length >= open.marker.length && info === '') {
      if (open.language) {
        const content = text.slice(open.contentStart, Math.max(open.contentStart, match.index));
        regions.push({ language: open.language, offset: open.contentStart, text: open.session ? blankPrompts(content) : content });
      }
      open = undefined;
    }
  }
  // An unclosed fence runs to the end of the document (CommonMark).
  if (open?.language) {
    const content = text.slice(open.contentStart);
    regions.push({ language: open.language, offset: open.contentStart, text: open.session ? blankPrompts(content) : content });
  }
  return regions;
}

/** `$ aws ...` lines of a console session: the prompt becomes spaces; output lines become blank. */
function blankPrompts(content: string): string {
  let continuing = false;
  return content
    .split('\n')
    .map((line) => {
      const prompt = /^(\s*[$#%]\s)/.exec(line);
      if (prompt) {
        continuing = /\\\s*$/.test(line);
        return ' '.repeat(prompt[1]!.length) + line.slice(prompt[1]!.length);
      }
      if (continuing) {
        continuing = /\\\s*$/.test(line);
        return line;
      }
      return ' '.repeat(line.length);
    })
    .join('\n');
}
