// The language server's own V8 code caches (code-cache.ts): of the bundle (read by dist/server.js,
// server-loader.cjs) and of web-tree-sitter's script (read by grammars.ts). VS Code runs the server in
// its own Node, which rejects a cache made by the build, so the server writes caches for the runtime
// it runs in, in a folder the client gives (or the user's cache folder). They are written once, a
// moment after the first check or at shutdown if that comes first, so they hold the functions a
// first check compiles (which a fresh server would otherwise compile on the way to its first
// diagnostics); and only when the start did not use them (absent, stale or rejected caches are
// replaced).
import { setFlagsFromString } from 'node:v8';
import { codeCacheFileIn, type CodeCacheState } from '../node/code-cache';
import { keepRuntimeCodeCacheIn, runtimeScriptPath, writeRuntimeCodeCache } from '../node/grammars';

/** What dist/server.js hands over: the cache folder, and how the bundle's cache went. */
export interface ServerCodeCache {
  folder: string;
  bundle: { cache: CodeCacheState; writeCache(): void };
}

/** After the first check, idle this long before the caches are written (the write takes some milliseconds). */
const WRITE_DELAY_MS = 1000;

let given: ServerCodeCache | undefined;
let checked = false;
let timer: ReturnType<typeof setTimeout> | undefined;

/** Called before the server starts, with what the loader found (nothing: no cache folder, or not started by dist/server.js). */
export function useServerCodeCache(codeCache: ServerCodeCache | undefined): void {
  given = codeCache;
  if (codeCache) keepRuntimeCodeCacheIn(codeCacheFileIn(codeCache.folder, runtimeScriptPath()));
}

/** A document was checked: the caches are written a moment later. */
export function afterCheck(): void {
  if (!given || checked) return;
  checked = true;
  timer = setTimeout(writeServerCodeCaches, WRITE_DELAY_MS);
  timer.unref();
}

/**
 * Runs `write` under the V8 flags the bundle is compiled under: dist/server.js compiles it while
 * the grammars compile (wasm-compile.ts), and a V8 may reject a cache made under other flags.
 */
function underLoaderFlags(write: () => void): void {
  setFlagsFromString('--no-wasm-lazy-compilation');
  try {
    write();
  } finally {
    setFlagsFromString('--wasm-lazy-compilation');
  }
}

/** Writes the caches now if a check ran and they were not written yet (at shutdown). */
export function writeServerCodeCaches(): void {
  if (timer) clearTimeout(timer);
  timer = undefined;
  const codeCache = given;
  if (!codeCache || !checked) return;
  given = undefined;
  // A folder that cannot be written to leaves the server as it is, without caches.
  try {
    if (codeCache.bundle.cache !== 'used') underLoaderFlags(() => codeCache.bundle.writeCache());
  } catch {}
  try {
    writeRuntimeCodeCache();
  } catch {}
}
