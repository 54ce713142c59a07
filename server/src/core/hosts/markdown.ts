// Markdown host: fenced code blocks (CommonMark fences: up to 3 spaces of indent, ``` or ~~~)
// whose info string names Python, JSON, a shell, YAML, Terraform/HCL or TypeScript/JavaScript;
// each is checked by that language's host. Untagged fences (the AWS guide's own pages use them)
// are read when their content is clearly Python, JSON, a shell command or YAML.

export type EmbeddedLanguage = 'python' | 'json' | 'shell' | 'yaml' | 'terraform' | 'typescript';

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
  yaml: 'yaml',
  yml: 'yaml',
  hcl: 'terraform',
  terraform: 'terraform',
  tf: 'terraform',
  typescript: 'typescript',
  ts: 'typescript',
  javascript: 'typescript',
  js: 'typescript',
};

/**
 * The language of an untagged fence, when its content says so clearly: JSON (an object or list),
 * an `aws` command (with or without a `$ ` prompt), Python (imports, calls with keyword arguments,
 * assignments of dicts), or YAML (`Key:` lines and nothing that looks like code). Else undefined.
 */
export function guessFenceLanguage(content: string): { language: EmbeddedLanguage; session: boolean } | undefined {
  const trimmed = content.trim();
  if (trimmed === '') return undefined;
  if (/^[{[]/.test(trimmed) && /[}\]]$/.test(trimmed)) return { language: 'json', session: false };
  if (/^\s*\$\s+aws\s/m.test(content)) return { language: 'shell', session: true };
  if (/^\s*aws\s+[a-z]/m.test(content)) return { language: 'shell', session: false };
  if (/^\s*(?:import \w|from [\w.]+ import |def \w|[A-Za-z_]\w*\s*=\s*[\w.]*[({[]|print\()/m.test(content)) return { language: 'python', session: false };
  const lines = trimmed.split('\n').filter((line) => line.trim() !== '' && !line.trim().startsWith('#'));
  if (lines.length > 0 && lines.every((line) => /^\s*(?:- )?[A-Za-z_][\w.:-]*:(?:\s|$)/.test(line) || /^\s*- \S/.test(line))) return { language: 'yaml', session: false };
  return undefined;
}

export function findFencedRegions(text: string): EmbeddedRegion[] {
  const regions: EmbeddedRegion[] = [];
  const fence = /^( {0,3})(`{3,}|~{3,})([^\n]*)$/gm;
  let open: { marker: string; language: EmbeddedLanguage | undefined; contentStart: number; session: boolean; untagged: boolean } | undefined;
  for (let match = fence.exec(text); match; match = fence.exec(text)) {
    const marker = match[2]!;
    const info = match[3]!.trim();
    if (!open) {
      if (marker[0] === '`' && info.includes('`')) continue;
      const word = info.split(/[\s{]/)[0]!.toLowerCase();
      const lineEnd = match.index + match[0].length;
      open = { marker, language: LANGUAGES[word], contentStart: Math.min(text.length, lineEnd + 1), session: word === 'console' || word === 'shell-session', untagged: word === '' };
    } else if (marker[0] === open.marker[0] && marker.length >= open.marker.length && info === '') {
      const content = text.slice(open.contentStart, Math.max(open.contentStart, match.index));
      const guessed = open.untagged ? guessFenceLanguage(content) : undefined;
      const language = open.language ?? guessed?.language;
      const session = open.session || Boolean(guessed?.session);
      if (language) regions.push({ language, offset: open.contentStart, text: session ? blankPrompts(content) : content });
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
