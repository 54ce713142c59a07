// V8 code caches of CommonJS scripts, for the CLI's loader (dist/cli.js), the language server's
// (dist/server.js) and web-tree-sitter's runtime script (grammars.ts). Built on its own as
// dist/code-cache.js (the loaders need it before the bundle is compiled) and bundled into
// sm-guardrails.js for grammars.ts: one source.
//
// A cache file is a stamp line (what the cache was made for) followed by V8's cached data. V8 checks
// the data against its own version and flags but the source's length only, so the stamp names the
// script: its size and time of change. A cache that is absent, stamped for another script or
// rejected by V8 (another V8, other flags, not a cache at all) is ignored: the script compiles as
// without one.
import { mkdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire, wrap } from 'node:module';
import { homedir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { Script } from 'node:vm';

/** How a script's cache went: used, rejected by V8, or absent (no file, or stamped for another script). */
export type CodeCacheState = 'used' | 'rejected' | 'absent';

export interface CachedScript {
  script: Script;
  cache: CodeCacheState;
  /** Writes the cache file anew from the functions compiled so far (atomically: a reader never sees half a file). */
  writeCache(): void;
}

/** A file's size and time: what names a build of it (a code cache's stamp, the CLI's results cache's key). */
export function fileStamp(path: string): string {
  const stats = statSync(path);
  return `${stats.size}:${stats.mtimeMs}`;
}

/** What a cache is made for: the script's size and time of change. */
function stampOf(path: string): Buffer {
  return Buffer.from(`${fileStamp(path)}\n`);
}

/** Writes to a file beside `path` and renames it over `path`, so that `path` is whole or absent; the folder is made if needed. */
export function writeFileAtomically(path: string, data: Uint8Array): void {
  mkdirSync(dirname(path), { recursive: true });
  const temporary = `${path}.${process.pid}.tmp`;
  try {
    writeFileSync(temporary, data);
    renameSync(temporary, path);
  } catch (error) {
    rmSync(temporary, { force: true });
    throw error;
  }
}

/**
 * Compiles `source`, the text of the script at `path` (wrapped as the caller runs it), with the cache
 * in `cacheFile` when it is stamped for that script.
 */
export function compileWithCodeCache(path: string, source: string, cacheFile: string): CachedScript {
  const stamp = stampOf(path);
  let cachedData: Buffer | undefined;
  try {
    const cache = readFileSync(cacheFile);
    if (cache.subarray(0, stamp.length).equals(stamp)) cachedData = cache.subarray(stamp.length);
  } catch {
    // No cache: compiled as without one.
  }
  const script = new Script(source, { filename: path, ...(cachedData ? { cachedData } : {}) });
  return {
    script,
    cache: cachedData ? (script.cachedDataRejected ? 'rejected' : 'used') : 'absent',
    writeCache: () => writeFileAtomically(cacheFile, Buffer.concat([stamp, script.createCachedData()])),
  };
}

/** Runs the CommonJS module at `path` as require() would, compiled with the cache in `cacheFile` when it fits. */
export function requireWithCodeCache(path: string, cacheFile: string): { exports: Record<string, unknown>; cache: CodeCacheState; writeCache(): void } {
  const compiled = compileWithCodeCache(path, wrap(readFileSync(path, 'utf8')), cacheFile);
  const module = { exports: {} as Record<string, unknown>, id: path, filename: path };
  (compiled.script.runInThisContext() as (...args: unknown[]) => void).call(module.exports, module.exports, createRequire(path), module, path, dirname(path));
  return { exports: module.exports, cache: compiled.cache, writeCache: compiled.writeCache };
}

/** The line the loaders print on stderr under SM_GUARDRAILS_DEBUG_CODE_CACHE=1. */
export function describeCodeCache(name: string, cache: CodeCacheState): string {
  return `sm-guardrails: code cache of ${name} ${cache}\n`;
}

/**
 * Where the language server keeps its code caches: the folder the client gives
 * (SM_GUARDRAILS_CODE_CACHE_DIR; VS Code's global storage of the extension), else the user's cache
 * folder. `off` keeps none.
 */
export function serverCodeCacheFolder(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const given = env.SM_GUARDRAILS_CODE_CACHE_DIR;
  if (given === 'off') return undefined;
  if (given) return given;
  const folder = userCacheFolder(env);
  // On Windows the user cache folder is shared with other kinds of data: a folder of its own.
  return folder && process.platform === 'win32' ? join(folder, 'code-cache') : folder;
}

/** This tool's folder in the user's cache folder (XDG, macOS, Windows); undefined without a home folder. */
export function userCacheFolder(env: NodeJS.ProcessEnv = process.env): string | undefined {
  let home: string;
  try {
    home = homedir();
  } catch {
    return undefined;
  }
  if (!home) return undefined;
  if (process.platform === 'win32') return join(env.LOCALAPPDATA || join(home, 'AppData', 'Local'), 'sm-guardrails');
  if (process.platform === 'darwin') return join(home, 'Library', 'Caches', 'sm-guardrails');
  return join(env.XDG_CACHE_HOME || join(home, '.cache'), 'sm-guardrails');
}

/** A script's cache file in `folder`: one per runtime (a cache is only ever used by the Node version and CPU that made it). */
export function codeCacheFileIn(folder: string, script: string): string {
  return join(folder, `${basename(script)}-${process.version}-${process.arch}.cache`);
}
