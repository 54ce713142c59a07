// How the bundle starts the language server (its startServer entry): with what dist/server.js
// (server-loader.cjs) prepared before the bundle was compiled, when it was.
import { precompile } from '../node/grammars';
import { useServerCodeCache, type ServerCodeCache } from './server-code-cache';

export interface ServerStart {
  /** The code cache folder and how the bundle's cache went (server-code-cache.ts). */
  codeCache?: ServerCodeCache;
  /** The compile of the tree-sitter runtime and the Python grammar, started before the bundle loaded (precompile-grammars.ts). */
  compiling?: Promise<WebAssembly.Module[]>;
}

export function startServer(options: ServerStart = {}): void {
  useServerCodeCache(options.codeCache);
  if (options.compiling) void precompile(['python'], options.compiling).catch(() => undefined);
  require('./main');
}
