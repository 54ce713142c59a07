// Reads the file a `--deployment-config file://PATH` value names, for the CLI and the server.
// A path in a script is input like any other: it may name a FIFO (which would block a blocking
// read forever), a device (/dev/zero never ends), a huge sparse file, or a secret far outside the
// project. So: stat first and read regular files only, at most MAX_REFERENCED_FILE_BYTES, opened
// non-blocking, and only inside the allowed folders unless the user allows more.
import { closeSync, constants, fstatSync, openSync, readSync, realpathSync, statSync, type Stats } from 'node:fs';
import { dirname, isAbsolute, relative, resolve, sep } from 'node:path';
import type { FileReadResult } from '../core/check';

/** A DeploymentConfig is a few hundred bytes; 1 MiB leaves room for any real one. */
export const MAX_REFERENCED_FILE_BYTES = 1024 * 1024;

export interface FileReferencePolicy {
  /** Folders a reference may point into: the workspace folders, or the folders the CLI checks. */
  roots: readonly string[];
  /** Any path on the machine may be read (still regular files under the size cap only). */
  allowOutside: boolean;
  maxBytes?: number;
  /**
   * Told every path a reference led to, with what stat found there (undefined: nothing) before it
   * was read, and what the read gave: the CLI's results cache keeps them.
   */
  observe?: (absolute: string, stats: Stats | undefined, result: FileReadResult | undefined) => void;
}

/** Whether `path` is `folder` or inside it (both absolute, symlinks already resolved). */
export function isInside(folder: string, path: string): boolean {
  const rel = relative(folder, path);
  return rel === '' || (!rel.startsWith(`..${sep}`) && rel !== '..' && !isAbsolute(rel));
}

/** The CLI's allowed folders: the current folder, each checked folder, and the folder of each checked file. */
export function fileReferenceRoots(checkedPaths: readonly string[]): string[] {
  const roots = new Set([process.cwd()]);
  for (const path of checkedPaths) {
    let isFolder = false;
    try {
      isFolder = statSync(path).isDirectory();
    } catch {
      // Reported as a usage error by the caller.
    }
    roots.add(resolve(isFolder ? path : dirname(path)));
  }
  return [...roots];
}

function realpathOr(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    return resolve(path);
  }
}

/**
 * A reader of `file://` paths relative to the document at `documentPath`: the text, a refusal
 * saying why it is not read, or undefined when there is no such file.
 */
export function fileReferenceReader(documentPath: string, policy: FileReferencePolicy): (path: string) => FileReadResult | undefined {
  const folder = dirname(documentPath);
  const maxBytes = policy.maxBytes ?? MAX_REFERENCED_FILE_BYTES;
  return (path) => readReferencedFile(resolve(folder, path), policy, maxBytes);
}

/** What a reference to the absolute path `absolute` reads (the CLI's results cache reads it again to compare). */
export function readFileReference(absolute: string, policy: FileReferencePolicy): FileReadResult | undefined {
  return readReferencedFile(absolute, policy, policy.maxBytes ?? MAX_REFERENCED_FILE_BYTES);
}

function readReferencedFile(absolute: string, policy: FileReferencePolicy, maxBytes: number): FileReadResult | undefined {
  let stats: Stats | undefined;
  try {
    stats = statSync(absolute);
  } catch {
    stats = undefined;
  }
  const result = stats ? readStatted(absolute, stats, policy, maxBytes) : undefined;
  policy.observe?.(absolute, stats, result);
  return result;
}

function readStatted(absolute: string, stats: Stats, policy: FileReferencePolicy, maxBytes: number): FileReadResult | undefined {
  if (!policy.allowOutside) {
    // Symlinks are resolved, so a link inside the workspace cannot lead out of it.
    const real = realpathOr(absolute);
    if (!policy.roots.some((root) => isInside(realpathOr(root), real))) return { refused: 'outside' };
  }
  if (!stats.isFile()) return { refused: 'not-a-file' };
  if (stats.size > maxBytes) return { refused: 'too-large', limitBytes: maxBytes };
  let fd: number | undefined;
  try {
    // Non-blocking: if a FIFO was put there since the stat, opening and reading it still return at once.
    fd = openSync(absolute, constants.O_RDONLY | constants.O_NONBLOCK);
    const opened = fstatSync(fd);
    if (!opened.isFile()) return { refused: 'not-a-file' };
    if (opened.size > maxBytes) return { refused: 'too-large', limitBytes: maxBytes };
    const buffer = Buffer.allocUnsafe(maxBytes + 1);
    let length = 0;
    for (;;) {
      const read = readSync(fd, buffer, length, buffer.length - length, null);
      if (read === 0) break;
      length += read;
      if (length > maxBytes) return { refused: 'too-large', limitBytes: maxBytes };
    }
    return buffer.subarray(0, length).toString('utf8');
  } catch {
    return undefined;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}
