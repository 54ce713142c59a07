// Loads the tree-sitter runtime and grammars (.wasm) from beside the bundle (dist/) or from
// node_modules (tests run from out/). The only place that knows where the files are.
//
// Each grammar is compiled once per process (a WebAssembly.Module, reusable by any runtime) and
// instantiated, with its Parser, only when a document first needs that language: a run over JSON
// files loads no grammar, a Python file does not load the TypeScript one.
//
// A runtime is a fresh evaluation of web-tree-sitter (dist/web-tree-sitter.cjs) with its own
// WebAssembly memory. That memory only grows; the language server drops a runtime once the trees it
// held are gone, and with it every byte of that memory.
import { existsSync, readFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { Script } from 'node:vm';
import type { Language, Parser } from 'web-tree-sitter';
import type { SyntaxParsers } from '../core/check';
import { compileWithCodeCache, describeCodeCache, type CachedScript } from './code-cache';
import { compileEagerly } from './wasm-compile';
import { workerThreads } from './worker-argument';

type WebTreeSitter = typeof import('web-tree-sitter');

function locate(file: string, packageName: string): string {
  const beside = join(__dirname, file);
  if (existsSync(beside)) return beside;
  return require.resolve(`${packageName}/${file}`);
}

/** web-tree-sitter's CommonJS build: beside the bundle, or the package's own (its `require` export). */
export function runtimeScriptPath(): string {
  const beside = join(__dirname, 'web-tree-sitter.cjs');
  return existsSync(beside) ? beside : require.resolve('web-tree-sitter');
}

export type GrammarName = 'python' | 'bash' | 'hcl' | 'typescript';

const GRAMMAR_FILES: Record<GrammarName, [file: string, packageName: string]> = {
  python: ['tree-sitter-python.wasm', 'tree-sitter-python'],
  bash: ['tree-sitter-bash.wasm', 'tree-sitter-bash'],
  hcl: ['tree-sitter-hcl.wasm', '@tree-sitter-grammars/tree-sitter-hcl'],
  typescript: ['tree-sitter-typescript.wasm', 'tree-sitter-typescript'],
};

/** Compiled once per process: compiling is the costly part, instantiating in a runtime is cheap. */
const compiledGrammars = new Map<GrammarName, WebAssembly.Module>();
/** Which grammars this process compiled, in order (tests assert what a run loaded). */
export const compiledGrammarNames: GrammarName[] = [];

const runtimeWasmPath = (): string => locate('web-tree-sitter.wasm', 'web-tree-sitter');
/** Compiled modules handed over by another thread (adoptCompiledModules): used instead of compiling again. */
let adoptedRuntime: WebAssembly.Module | undefined;

/**
 * The runtime's and the grammars' compiled modules, compiling those named first: for worker threads
 * (a WebAssembly.Module is shared between threads, with the code V8 compiled for it so far).
 */
export function compiledModules(names: readonly GrammarName[]): { runtime: WebAssembly.Module; grammars: Partial<Record<GrammarName, WebAssembly.Module>> } {
  for (const name of names) compiledGrammar(name);
  return { runtime: runtimeWasm(), grammars: Object.fromEntries(compiledGrammars) };
}

/** Takes another thread's compiled modules (compiledModules), before this thread compiles any. */
export function adoptCompiledModules(modules: ReturnType<typeof compiledModules>): void {
  adoptedRuntime ??= modules.runtime;
  for (const [name, compiled] of Object.entries(modules.grammars) as [GrammarName, WebAssembly.Module][]) {
    if (!compiledGrammars.has(name)) compiledGrammars.set(name, compiled);
  }
}

let compiledRuntime: WebAssembly.Module | undefined;
function runtimeWasm(): WebAssembly.Module {
  compiledRuntime ??= adoptedRuntime ?? new WebAssembly.Module(readFileSync(runtimeWasmPath()));
  return compiledRuntime;
}

function compiledGrammar(name: GrammarName): WebAssembly.Module {
  let compiled = compiledGrammars.get(name);
  if (!compiled) {
    const [file, packageName] = GRAMMAR_FILES[name];
    compiled = new WebAssembly.Module(readFileSync(locate(file, packageName)));
    compiledGrammars.set(name, compiled);
    compiledGrammarNames.push(name);
  }
  return compiled;
}

let precompiling: Promise<void> | undefined;

/**
 * Compiles the runtime's and these grammars' machine code in the background, on V8's compiler
 * threads, while the caller goes on (the language server loads its modules meanwhile; see
 * wasm-compile.ts). `started`: that compile of the runtime and these grammars, in that order,
 * already started (dist/server.js starts it before the bundle loads). Later compiles (other
 * grammars, on first use) stay lazy. Resolves when done; createRuntime waits for it.
 */
export function precompile(names: readonly GrammarName[], started?: Promise<WebAssembly.Module[]>): Promise<void> {
  precompiling ??= (async () => {
    const [runtime, ...grammars] = await (started ?? compileEagerly([runtimeWasmPath(), ...names.map((name) => locate(...GRAMMAR_FILES[name]))]));
    compiledRuntime ??= runtime;
    names.forEach((name, i) => {
      if (compiledGrammars.has(name)) return;
      compiledGrammars.set(name, grammars[i]!);
      compiledGrammarNames.push(name);
    });
  })();
  return precompiling;
}

type ModuleWrapper = (exports: object, require: NodeRequire, module: { exports: object }, filename: string, dirname: string) => void;

let runtimeSource: { evaluate: ModuleWrapper; path: string } | undefined;

/**
 * The language server's cache of web-tree-sitter's script, in its code cache folder: a cache made by
 * the build would be rejected by the Node that runs the server in VS Code (server-code-cache.ts).
 */
let serverRuntimeCache: { file: string; compiled?: CachedScript } | undefined;

/** Reads (and, by writeRuntimeCodeCache, writes) web-tree-sitter's code cache in `file` instead of the build's. */
export function keepRuntimeCodeCacheIn(file: string): void {
  serverRuntimeCache = { file };
}

/** Writes web-tree-sitter's code cache to keepRuntimeCodeCacheIn's file unless it came from there; whether it wrote. */
export function writeRuntimeCodeCache(): boolean {
  const compiled = serverRuntimeCache?.compiled;
  if (!compiled || compiled.cache === 'used') return false;
  compiled.writeCache();
  return true;
}

/**
 * The module wrapper of a CommonJS script, compiled with a V8 code cache that fits (code-cache.ts):
 * the language server's (above), or the one beside dist/web-tree-sitter.cjs that the build writes
 * after a CLI run (SM_GUARDRAILS_WRITE_CODE_CACHE=1), so it holds the functions a check compiles
 * (~10 ms of each process's start). Another Node rejects it and compiles as without it.
 */
function compileRuntimeScript(path: string, beside: boolean): (...args: unknown[]) => unknown {
  const source = `(function (exports, require, module, __filename, __dirname) {${readFileSync(path, 'utf8')}\n})`;
  const cacheFile = serverRuntimeCache?.file ?? (beside ? `${path}.cache` : undefined);
  if (!cacheFile) return new Script(source, { filename: path }).runInThisContext() as (...args: unknown[]) => unknown;
  const compiled = compileWithCodeCache(path, source, cacheFile);
  if (serverRuntimeCache) serverRuntimeCache.compiled = compiled;
  // node:worker_threads only here (the build's run): loading it costs every other run ~4 ms.
  else if (process.env.SM_GUARDRAILS_WRITE_CODE_CACHE === '1' && workerThreads().isMainThread) process.once('exit', () => compiled.writeCache());
  if (process.env.SM_GUARDRAILS_DEBUG_CODE_CACHE === '1') process.stderr.write(describeCodeCache(basename(path), compiled.cache));
  return compiled.script.runInThisContext() as (...args: unknown[]) => unknown;
}

/** A new, independent instance of web-tree-sitter: its module-level state and memory are its own. */
function evaluateWebTreeSitter(): { exports: WebTreeSitter; wasm: WebAssembly.Module } {
  if (!runtimeSource) {
    const path = runtimeScriptPath();
    // Compiled once: each call of the wrapper runs the module's body afresh, with its own state.
    // The cache is the build's, beside the bundle (dist/); tests run the package's script without one.
    const evaluate = compileRuntimeScript(path, path === join(__dirname, 'web-tree-sitter.cjs')) as ModuleWrapper;
    runtimeSource = { path, evaluate };
  }
  // Not require(): the module cache and the parent module's `children` would keep every instance alive.
  const module = { exports: {} as WebTreeSitter };
  runtimeSource.evaluate(module.exports, require, module, runtimeSource.path, dirname(runtimeSource.path));
  return { exports: module.exports, wasm: runtimeWasm() };
}

export interface SyntaxRuntime {
  /** Each language's parser is created on first access. */
  readonly parsers: SyntaxParsers;
  /** The size of this runtime's WebAssembly memory (it never shrinks). */
  memoryBytes(): number;
}

export async function createRuntime(): Promise<SyntaxRuntime> {
  // A compile started in the background is finished, not repeated (a failed one: compiled here).
  await precompiling?.catch(() => undefined);
  const { exports: treeSitter, wasm } = evaluateWebTreeSitter();
  // The options object becomes the emscripten module: HEAPU8 on it is the current memory view.
  const emscripten: { HEAPU8?: Uint8Array; instantiateWasm: (imports: WebAssembly.Imports, receive: (instance: WebAssembly.Instance, module: WebAssembly.Module) => void) => object } = {
    instantiateWasm: (imports, receive) => {
      receive(new WebAssembly.Instance(wasm, imports), wasm);
      return {};
    },
  };
  await treeSitter.Parser.init(emscripten);
  const created = new Map<GrammarName, Parser>();
  const parserFor = (name: GrammarName): Parser => {
    let parser = created.get(name);
    if (!parser) {
      const language: Language = treeSitter.Language.loadSync(compiledGrammar(name));
      parser = new treeSitter.Parser();
      parser.setLanguage(language);
      created.set(name, parser);
    }
    return parser;
  };
  const parsers: SyntaxParsers = {
    get python() {
      return parserFor('python');
    },
    get bash() {
      return parserFor('bash');
    },
    get hcl() {
      return parserFor('hcl');
    },
    get typescript() {
      return parserFor('typescript');
    },
  };
  return { parsers, memoryBytes: () => emscripten.HEAPU8?.buffer.byteLength ?? 0 };
}

let shared: Promise<SyntaxRuntime> | undefined;

/** The process's one runtime (the CLI and its worker threads keep theirs for the whole run). */
export function loadParsers(): Promise<SyntaxParsers> {
  shared ??= createRuntime();
  return shared.then((runtime) => runtime.parsers);
}
