// Loads the tree-sitter grammars (.wasm) from beside the bundle (dist/) or from node_modules
// (tests run from out/). The only place that knows where the files are.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Language, Parser } from 'web-tree-sitter';
import type { SyntaxParsers } from '../core/check';

function locate(file: string, packageName: string): string {
  const beside = join(__dirname, file);
  if (existsSync(beside)) return beside;
  return require.resolve(`${packageName}/${file}`);
}

let loading: Promise<SyntaxParsers> | undefined;

export function loadParsers(): Promise<SyntaxParsers> {
  loading ??= (async () => {
    const runtime = locate('web-tree-sitter.wasm', 'web-tree-sitter');
    await Parser.init({ locateFile: () => runtime });
    const [python, bash, hcl, typescript] = await Promise.all([
      Language.load(locate('tree-sitter-python.wasm', 'tree-sitter-python')),
      Language.load(locate('tree-sitter-bash.wasm', 'tree-sitter-bash')),
      Language.load(locate('tree-sitter-hcl.wasm', '@tree-sitter-grammars/tree-sitter-hcl')),
      Language.load(locate('tree-sitter-typescript.wasm', 'tree-sitter-typescript')),
    ]);
    const parserFor = (language: Language): Parser => {
      const parser = new Parser();
      parser.setLanguage(language);
      return parser;
    };
    return { python: parserFor(python), bash: parserFor(bash), hcl: parserFor(hcl), typescript: parserFor(typescript) };
  })();
  return loading;
}
