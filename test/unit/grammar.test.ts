// The injection grammar (syntaxes/deployment-config-cli.injection.tmLanguage.json), run by the
// real TextMate engine VS Code uses (vscode-textmate + vscode-oniguruma) on top of VS Code's own
// shell, Markdown and JSON grammars (from tm-grammars): the value of --deployment-config '...'
// must come out as embedded JSON, and nothing else may.
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';

// At run time this file is out/test/unit/grammar.test.js: the repo root is three levels up.
const repoRoot = path.resolve(__dirname, '..', '..', '..');
const INJECTION = 'sm-guardrails.deployment-config.injection';
const EMBEDDED = 'meta.embedded.deployment-config.json';

interface GrammarContribution {
  scopeName: string;
  path: string;
  injectTo?: string[];
  embeddedLanguages?: Record<string, string>;
}

interface Token {
  text: string;
  scopes: string[];
}

// The engine is loaded with require() so that this file also type-checks where the dev packages are missing.
interface TextMateGrammar {
  tokenizeLine(line: string, stack: unknown): { tokens: { startIndex: number; endIndex: number; scopes: string[] }[]; ruleStack: unknown };
}

const contribution = (
  JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as { contributes: { grammars: GrammarContribution[] } }
).contributes.grammars.find((g) => g.scopeName === INJECTION);

describe('TextMate injection grammar for --deployment-config', function () {
  let tokenize: (scopeName: string, text: string) => Promise<Token[][]>;

  before(async function () {
    this.timeout(30_000);
    let vsctm: any;
    let oniguruma: any;
    try {
      vsctm = require('vscode-textmate');
      oniguruma = require('vscode-oniguruma');
      require.resolve('tm-grammars/grammars/shellscript.json');
    } catch (error) {
      // They are pinned devDependencies: missing means a broken install, not a reason to pass.
      throw new Error(`the TextMate engine is not installed (run npm ci): ${(error as Error).message.split('\n')[0]}`);
    }
    const wasm = readFileSync(require.resolve('vscode-oniguruma/release/onig.wasm'));
    await oniguruma.loadWASM(wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength));
    const files: Record<string, string> = {
      'source.shell': require.resolve('tm-grammars/grammars/shellscript.json'),
      'source.json': require.resolve('tm-grammars/grammars/json.json'),
      'text.html.markdown': require.resolve('tm-grammars/grammars/markdown.json'),
      [INJECTION]: path.join(repoRoot, contribution!.path),
    };
    const registry = new vsctm.Registry({
      onigLib: Promise.resolve({
        createOnigScanner: (patterns: string[]) => new oniguruma.OnigScanner(patterns),
        createOnigString: (text: string) => new oniguruma.OnigString(text),
      }),
      loadGrammar: async (scopeName: string) => {
        const file = files[scopeName];
        return file ? vsctm.parseRawGrammar(readFileSync(file, 'utf8'), file) : null;
      },
      // As VS Code does from the contribution's injectTo.
      getInjections: (scopeName: string) => (contribution?.injectTo?.includes(scopeName) ? [INJECTION] : undefined),
    });
    tokenize = async (scopeName, text) => {
      const grammar = (await registry.loadGrammar(scopeName)) as TextMateGrammar;
      let stack: unknown = vsctm.INITIAL;
      return text.split('\n').map((line) => {
        const result = grammar.tokenizeLine(line, stack);
        stack = result.ruleStack;
        return result.tokens.map((t) => ({ text: line.slice(t.startIndex, t.endIndex), scopes: t.scopes }));
      });
    };
  });

  /** The scopes of the first token of `text` that is exactly `token` (after the token `after`, if given). */
  async function scopesOf(scopeName: string, text: string, token: string, after?: string): Promise<string[]> {
    const tokens = (await tokenize(scopeName, text)).flat();
    const start = after === undefined ? 0 : tokens.findIndex((t) => t.text === after) + 1;
    assert.ok(start > 0 || after === undefined, `a token ${JSON.stringify(after)} in ${JSON.stringify(tokens.map((t) => t.text))}`);
    const found = tokens.slice(start).find((t) => t.text === token);
    assert.ok(found, `a token ${JSON.stringify(token)} in ${JSON.stringify(tokens.map((t) => t.text))}`);
    return found.scopes;
  }

  it('is contributed for shell and Markdown, with its JSON content mapped to the json language', () => {
    assert.ok(contribution, `package.json contributes.grammars has ${INJECTION}`);
    assert.deepEqual([...(contribution.injectTo ?? [])].sort(), ['source.shell', 'text.html.markdown']);
    assert.deepEqual(contribution.embeddedLanguages, { [EMBEDDED]: 'json' });
    const grammar = JSON.parse(readFileSync(path.join(repoRoot, contribution.path), 'utf8')) as { scopeName: string; injectionSelector: string };
    assert.equal(grammar.scopeName, INJECTION);
    assert.equal(grammar.injectionSelector, 'L:source.shell -comment -string, L:text.html.markdown');
  });

  it("embeds the JSON of --deployment-config '...' and gives the shell back after the quote", async () => {
    const line = `aws sagemaker update-endpoint --endpoint-name e --deployment-config '{"RollingUpdatePolicy": {"WaitIntervalInSeconds": 300}}' --region us-east-1`;
    const key = await scopesOf('source.shell', line, 'RollingUpdatePolicy');
    assert.ok(key.includes(EMBEDDED) && key.includes('support.type.property-name.json'), key.join(' '));
    const number = await scopesOf('source.shell', line, '300');
    assert.ok(number.includes(EMBEDDED) && number.includes('constant.numeric.json'), number.join(' '));
    const quote = await scopesOf('source.shell', line, "'", '300');
    assert.ok(quote.includes('punctuation.definition.string.end.shell') && !quote.includes(EMBEDDED), quote.join(' '));
    const region = await scopesOf('source.shell', line, 'us-east-1');
    assert.ok(!region.some((s) => s.startsWith('meta.embedded') || s.startsWith('meta.deployment-config')), region.join(' '));
  });

  it("embeds the JSON of --deployment-config='...'", async () => {
    const key = await scopesOf('source.shell', `aws sagemaker update-endpoint --deployment-config='{"BlueGreenUpdatePolicy": {}}'`, 'BlueGreenUpdatePolicy');
    assert.ok(key.includes(EMBEDDED) && key.includes('support.type.property-name.json'), key.join(' '));
  });

  it('follows the value across lines and backslash continuations', async () => {
    const script = [
      'aws sagemaker update-endpoint \\',
      '  --endpoint-name "$ENDPOINT" \\',
      "  --deployment-config '{",
      '    "AutoRollbackConfiguration": {"Alarms": [{"AlarmName": "p99-latency"}]}',
      "  }' \\",
      '  --region us-east-1',
      'echo done',
    ].join('\n');
    const key = await scopesOf('source.shell', script, 'AutoRollbackConfiguration');
    assert.ok(key.includes(EMBEDDED), key.join(' '));
    const value = await scopesOf('source.shell', script, 'p99-latency');
    assert.ok(value.includes(EMBEDDED) && value.includes('string.quoted.double.json'), value.join(' '));
    for (const after of ['us-east-1', 'done']) {
      const scopes = await scopesOf('source.shell', script, after);
      assert.ok(!scopes.includes(EMBEDDED), `${after}: ${scopes.join(' ')}`);
    }
  });

  it('gives AWS CLI shorthand its own scopes instead of painting it as invalid JSON', async () => {
    const line = `aws sagemaker update-endpoint --deployment-config 'RollingUpdatePolicy={MaximumBatchSize={Type=CAPACITY_PERCENT,Value=10},WaitIntervalInSeconds=300}' --region us-east-1`;
    const tokens = (await tokenize('source.shell', line)).flat();
    const value = tokens.filter((t) => t.scopes.includes('meta.deployment-config.shorthand'));
    assert.equal(value.map((t) => t.text).join(''), 'RollingUpdatePolicy={MaximumBatchSize={Type=CAPACITY_PERCENT,Value=10},WaitIntervalInSeconds=300}');
    for (const token of value) {
      assert.ok(!token.scopes.includes(EMBEDDED) && !token.scopes.some((s) => s.startsWith('invalid')), `${token.text}: ${token.scopes.join(' ')}`);
    }
    const expected: [string, string][] = [
      ['RollingUpdatePolicy', 'support.type.property-name.shorthand.deployment-config'],
      ['=', 'keyword.operator.assignment.shorthand.deployment-config'],
      ['{', 'punctuation.section.braces.begin.shorthand.deployment-config'],
      ['CAPACITY_PERCENT', 'string.unquoted.shorthand.deployment-config'],
      [',', 'punctuation.separator.shorthand.deployment-config'],
      ['10', 'constant.numeric.shorthand.deployment-config'],
      ['}', 'punctuation.section.braces.end.shorthand.deployment-config'],
    ];
    for (const [text, scope] of expected) {
      const scopes = value.find((t) => t.text === text)?.scopes ?? [];
      assert.ok(scopes.includes(scope), `${text}: ${scopes.join(' ')}`);
    }
    const region = await scopesOf('source.shell', line, 'us-east-1');
    assert.ok(!region.some((s) => s.startsWith('meta.deployment-config')), region.join(' '));
  });

  it('reads a value as JSON only when it starts with { or [, as the AWS CLI does', async () => {
    const list = await scopesOf('source.shell', `aws sagemaker x --deployment-config '[{"A": 1}]'`, 'A');
    assert.ok(list.includes(EMBEDDED), list.join(' '));
    const spaced = await scopesOf('source.shell', `aws sagemaker x --deployment-config='  {"B": 1}'`, 'B');
    assert.ok(spaced.includes(EMBEDDED), spaced.join(' '));
    const shorthand = await scopesOf('source.shell', `aws sagemaker x --deployment-config='AutoRollbackConfiguration={Alarms=[{AlarmName=p99}]}'`, 'AlarmName');
    assert.ok(shorthand.includes('meta.deployment-config.shorthand') && !shorthand.includes(EMBEDDED), shorthand.join(' '));
  });

  it('leaves comments and double-quoted strings alone', async () => {
    for (const line of [`# aws sagemaker update-endpoint --deployment-config '{"Commented": 1}'`, `echo "--deployment-config '{\\"Quoted\\": 1}'"`]) {
      const tokens = (await tokenize('source.shell', line)).flat();
      assert.ok(!tokens.some((t) => t.scopes.includes(EMBEDDED)), `${line}: ${JSON.stringify(tokens)}`);
    }
  });

  it('embeds the JSON in a Markdown ```bash fence', async () => {
    const markdown = ['# Deploy', '', '```bash', `aws sagemaker update-endpoint --deployment-config '{"RollingUpdatePolicy": {}}'`, '```', '', 'Done.'].join('\n');
    const key = await scopesOf('text.html.markdown', markdown, 'RollingUpdatePolicy');
    assert.ok(key.includes(EMBEDDED) && key.includes('meta.embedded.block.shellscript'), key.join(' '));
    const after = await scopesOf('text.html.markdown', markdown, 'Done.');
    assert.ok(!after.includes(EMBEDDED), after.join(' '));
  });
});
