// `check`'s results kept between runs, as ruff and `eslint --cache` keep theirs: a file whose size,
// modification and change times and inode are those it had when it was last checked, and whose
// file:// references are unchanged too, is neither read nor parsed again; its findings are the
// ones kept. The change time (ctime) is set by the kernel at every write, rename or chmod and no
// tool can set it back, so a file restored with its old mtime (rsync -a, tar, touch -r) is
// checked again all the same. A file whose times changed is read (by the front, without the
// checker): when its text is the one its findings were kept for (its SHA-256), as in a fresh clone
// in CI with the cache folder restored, it is not checked again either.
//
// One cache file per current folder, settings and build of the checker (findings carry paths
// relative to the current folder), in the user's cache folder, never in the project. A cache
// that cannot be read is ignored and one that cannot be written is skipped: the run's own
// results never depend on it.
import { mkdirSync, readdirSync, readFileSync, renameSync, statSync, unlinkSync, utimesSync, writeFileSync, type Stats } from 'node:fs';
import { join } from 'node:path';
import { userCacheFolder } from '../node/code-cache';
import type { Located } from './check-files';

/** What identifies a file's contents without reading them: [size, mtimeMs, ctimeMs, inode]. */
export type FileSignature = readonly [number, number, number, number];

/**
 * A file:// reference a check read (or looked for): its absolute path, its signature (null: it did
 * not exist; NEVER_SAME: changed too recently for its times to vouch) and, in runs that hash, the
 * digest of what the read gave (content-hash.ts, readResultDigest).
 */
export type ReferenceSignature = readonly [string, FileSignature | null, string?];

/** The signature of a reference whose times cannot vouch for it: no file has it, so only its digest can. */
const NEVER_SAME: FileSignature = [-1, -1, -1, -1];

interface Entry {
  /** The file's signature, taken before it was read; omitted when its times cannot vouch for it (changed too recently). */
  s?: FileSignature;
  /** The SHA-256 of the text a check read (omitted: no check read it, as for a file without a trigger word). */
  h?: string;
  /** Its findings (omitted: none). */
  f?: Located[];
  /** The file:// references its check read (omitted: none). */
  r?: ReferenceSignature[];
}

// The cache file: its key (as JSON) on the first line, then a line per file, the file's path as a
// JSON string, a tab and its entry as JSON (a JSON string holds no raw tab or line break). Entries
// are parsed when looked up, and a run that changed a few writes the others' lines as it read
// them: serializing 2,000 entries anew took ~15 ms (their times are fractional numbers), most of a
// run that checked one file.

/** Bumped when the cache file's layout changes. */
const FORMAT = 3;
/**
 * A file changed less than this long before the run is not kept: file times are coarse (a kernel
 * tick on Linux, 1-2 s on some file systems), so a write in the same tick as our stat could leave
 * every time as it was (Git's "racily clean" entries). SM_GUARDRAILS_CACHE_SETTLE_MS: tests.
 */
const SETTLE_MS = /^\d+$/.test(process.env.SM_GUARDRAILS_CACHE_SETTLE_MS ?? '') ? Number(process.env.SM_GUARDRAILS_CACHE_SETTLE_MS) : 2000;
/** More entries than this (a cache shared by many runs over different trees): only the last run's are kept. */
const MAX_ENTRIES = 200_000;
/** Cache files of other settings or builds not used for this long are deleted when a cache is written. */
const STALE_CACHE_MS = 30 * 24 * 3600 * 1000;
/** A cache file used without changes has its time renewed when it is older than this. */
const RENEW_AFTER_MS = 24 * 3600 * 1000;

export const signatureOf = (stats: Stats): FileSignature => [stats.size, stats.mtimeMs, stats.ctimeMs, stats.ino];

const sameSignature = (a: FileSignature | null | undefined, b: FileSignature | null | undefined): boolean =>
  a === b || (!!a && !!b && a[0] === b[0] && a[1] === b[1] && a[2] === b[2] && a[3] === b[3]);

/** Only this code writes the cache, under a key naming its build; a file edited by hand is still never trusted blindly. */
const wellFormed = (entry: Entry): boolean =>
  (entry.s === undefined || Array.isArray(entry.s)) &&
  (entry.h === undefined || typeof entry.h === 'string') &&
  (entry.f === undefined || (Array.isArray(entry.f) && entry.f.every((f) => typeof f === 'object' && f !== null && typeof f.file === 'string'))) &&
  (entry.r === undefined ||
    (Array.isArray(entry.r) && entry.r.every((r) => Array.isArray(r) && typeof r[0] === 'string' && (r[1] === null || Array.isArray(r[1])) && (r[2] === undefined || typeof r[2] === 'string'))));

function statSignature(path: string): FileSignature | null {
  try {
    const stats = statSync(path, { throwIfNoEntry: false });
    return stats ? signatureOf(stats) : null;
  } catch {
    return null;
  }
}

/**
 * The folder the cache files go in: SM_GUARDRAILS_CACHE_DIR, else `check-results` in the user cache
 * folder the language server keeps its code cache in; undefined when there is no home folder.
 */
export function cacheFolder(env: NodeJS.ProcessEnv = process.env): string | undefined {
  if (env.SM_GUARDRAILS_CACHE_DIR) return env.SM_GUARDRAILS_CACHE_DIR;
  const folder = userCacheFolder(env);
  return folder ? join(folder, 'check-results') : undefined;
}

/** A line's path: a JSON string (parsed only when it holds an escape); undefined when the line is not ours. */
function pathOfLine(json: string): string | undefined {
  if (json.length >= 2 && json.startsWith('"') && json.endsWith('"') && !json.includes('\\')) return json.slice(1, -1);
  try {
    const path: unknown = JSON.parse(json);
    return typeof path === 'string' ? path : undefined;
  } catch {
    return undefined;
  }
}

/** A line's entry, or null when it is not one (not JSON, or not an object). */
function parseEntry(json: string): Entry | null {
  try {
    const entry: unknown = JSON.parse(json);
    return typeof entry === 'object' && entry !== null && !Array.isArray(entry) ? (entry as Entry) : null;
  } catch {
    return null;
  }
}

/** FNV-1a, 32 bits: names the cache file (the whole key is kept inside it and compared). */
function fnv1a(text: string, seed: number): string {
  let hash = seed >>> 0;
  for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193) >>> 0;
  return hash.toString(16).padStart(8, '0');
}

export interface KeptResult {
  located: Located[];
}

export class ResultsCache {
  /** What this run stored (an entry) or dropped (null), over the entries read from the file. */
  private readonly changes = new Map<string, Entry | null>();
  /** Entries of the file parsed so far (null: not an entry). */
  private readonly parsed = new Map<string, Entry | null>();
  private readonly signatures = new Map<string, FileSignature | null>();
  private changed = false;
  private readonly usedThisRun = new Set<string>();

  private constructor(
    private readonly file: string,
    private readonly key: string,
    /** Each file's line, as read from the cache file, by path. */
    private readonly lines: Map<string, string>,
    private readonly settledBefore: number,
    /** When the cache file was last written (undefined: there was none). */
    private readonly writtenAt: number | undefined,
    /** The digest of what a file:// reference reads now (undefined: references are compared by their times only). */
    private readonly digestReference: ((absolute: string) => string) | undefined,
  ) {}

  private entryOf(path: string): Entry | undefined {
    const changed = this.changes.get(path);
    if (changed !== undefined) return changed ?? undefined;
    let entry = this.parsed.get(path);
    if (entry === undefined) {
      const line = this.lines.get(path);
      if (line === undefined) return undefined;
      entry = parseEntry(line.slice(line.indexOf('\t') + 1));
      this.parsed.set(path, entry);
    }
    return entry ?? undefined;
  }

  /**
   * Opens the cache of this current folder and `settingsKey` (every setting that changes a
   * file's findings) in `folder`; `build` names the checker's build. No cache file yet, or one
   * that cannot be read or is not ours: an empty cache.
   */
  static open(folder: string, settingsKey: string, build: string, digestReference?: (absolute: string) => string, now = Date.now()): ResultsCache {
    const key = JSON.stringify([FORMAT, build, process.cwd(), settingsKey]);
    const file = join(folder, `check-${fnv1a(key, 0x811c9dc5)}${fnv1a(key, 0x050c5d1f)}.tsv`);
    const lines = new Map<string, string>();
    let writtenAt: number | undefined;
    try {
      writtenAt = statSync(file).mtimeMs;
      const text = readFileSync(file, 'utf8');
      const keyEnd = text.indexOf('\n');
      if (keyEnd >= 0 && text.slice(0, keyEnd) === JSON.stringify(key)) {
        for (let start = keyEnd + 1; start < text.length; ) {
          const newline = text.indexOf('\n', start);
          const end = newline < 0 ? text.length : newline;
          const tab = text.indexOf('\t', start);
          const path = tab > start && tab < end ? pathOfLine(text.slice(start, tab)) : undefined;
          // A line that is not ours is left out (and so dropped by the next write).
          if (path !== undefined) lines.set(path, text.slice(start, end));
          start = end + 1;
        }
      }
    } catch {
      // No cache yet, or one that cannot be read: every file is checked.
    }
    return new ResultsCache(file, key, lines, now - SETTLE_MS, writtenAt, digestReference);
  }

  /**
   * The findings kept for `path` when it and its references are as they were; otherwise
   * undefined, and the file's signature now is remembered for `store`. With `needsFindingsOnly`
   * (--fix), a file kept with findings is checked again (its fixes must be made).
   */
  lookUp(path: string, needsFindingsOnly = false): KeptResult | undefined {
    const signature = statSignature(path);
    this.signatures.set(path, signature);
    const entry = this.entryOf(path);
    if (!entry || !signature || !wellFormed(entry) || !entry.s || !sameSignature(entry.s, signature)) return undefined;
    const kept = this.keptFindings(path, entry, needsFindingsOnly);
    // A reference vouched for by its digest: kept anew under its times now, for the next run.
    if (kept?.references) this.store(path, kept.located, kept.references, entry.h);
    return kept;
  }

  /** Whether anything is kept for `path` (a file checked, or read and found without a trigger word, by an earlier run). */
  holds(path: string): boolean {
    const entry = this.entryOf(path);
    return entry !== undefined && wellFormed(entry);
  }

  /**
   * After `lookUp` found the file's times changed: the findings kept for `path` when `hash` (its
   * text read since) is the text they were found in and its references are as they were. The
   * entry is then kept anew under the file's times now, so the next run needs no read.
   */
  lookUpByContent(path: string, hash: string, needsFindingsOnly = false): KeptResult | undefined {
    const entry = this.entryOf(path);
    if (!entry || !wellFormed(entry) || entry.h !== hash) return undefined;
    const kept = this.keptFindings(path, entry, needsFindingsOnly);
    if (kept) this.store(path, kept.located, kept.references ?? entry.r ?? [], hash);
    return kept;
  }

  /**
   * The entry's findings when each of its references is as it was: by its times, or (in a fresh
   * clone, where every time is new) by the digest of what it reads now. `references`: the
   * references with their times now, when a digest vouched for any.
   */
  private keptFindings(path: string, entry: Entry, needsFindingsOnly: boolean): (KeptResult & { references?: ReferenceSignature[] }) | undefined {
    if (needsFindingsOnly && entry.f?.length) return undefined;
    let now: ReferenceSignature[] | undefined;
    for (const [k, [reference, kept, digest]] of (entry.r ?? []).entries()) {
      // The times first, so a change after the read below is seen by the next run.
      const signature = statSignature(reference);
      if (sameSignature(kept, signature)) continue;
      if (digest === undefined || !this.digestReference || this.digestReference(reference) !== digest) return undefined;
      now ??= [...entry.r!];
      now[k] = [reference, signature, digest];
    }
    this.usedThisRun.add(path);
    return { located: entry.f ?? [], ...(now ? { references: now } : {}) };
  }

  /**
   * Keeps what a check of `path` found: under the signature `lookUp` took before it was read, unless
   * the file changed too recently to tell a later change by its times, and under `hash`, the text's
   * SHA-256, when given. A reference changed too recently is kept by the digest of what it read
   * (nothing is kept without one). An entry that neither vouches for (a file without a trigger
   * word, changed too recently) still tells the next run that the file is known: it is read by the
   * front, and checked only if a trigger word came into it (a fresh clone's files are all new).
   */
  store(path: string, located: Located[], references: readonly ReferenceSignature[] = [], hash?: string): void {
    const signature = this.signatures.get(path);
    const settled = (s: FileSignature | null): boolean => s === null || (s[1] < this.settledBefore && s[2] < this.settledBefore);
    const timesVouch = !!signature && settled(signature);
    // A reference changed too recently is kept by its digest only; without one, nothing is kept.
    if (!references.every(([, s, digest]) => settled(s) || digest !== undefined)) {
      this.forget(path);
      return;
    }
    const vouched = references.map((reference): ReferenceSignature => (settled(reference[1]) ? reference : [reference[0], NEVER_SAME, reference[2]]));
    this.changes.set(path, {
      ...(timesVouch ? { s: signature } : {}),
      ...(hash !== undefined ? { h: hash } : {}),
      ...(located.length ? { f: located } : {}),
      ...(vouched.length ? { r: vouched } : {}),
    });
    this.usedThisRun.add(path);
    this.changed = true;
  }

  /** Drops what was kept for `path` (its check failed, or it was fixed). */
  forget(path: string): void {
    if (this.entryOf(path) === undefined) return;
    this.changes.set(path, null);
    this.changed = true;
  }

  /** Writes the cache when this run changed it; any failure leaves the old cache (or none). */
  save(now = Date.now()): void {
    if (!this.changed) {
      // Runs that find every file unchanged write nothing: the file's time is renewed now and then,
      // so that another cache's tidying (deleteStaleCaches) never takes a cache in daily use.
      if (this.writtenAt !== undefined && now - this.writtenAt > RENEW_AFTER_MS) {
        try {
          utimesSync(this.file, now / 1000, now / 1000);
        } catch {
          // Removed meanwhile: the next run writes a new one.
        }
      }
      return;
    }
    // The lines read are written as they were, unless this run changed their entries.
    let lines: [string, string][] = [
      ...[...this.lines].filter(([path]) => !this.changes.has(path)),
      ...[...this.changes].flatMap(([path, entry]): [string, string][] => (entry ? [[path, `${JSON.stringify(path)}\t${JSON.stringify(entry)}`]] : [])),
    ];
    if (lines.length > MAX_ENTRIES) lines = lines.filter(([path]) => this.usedThisRun.has(path));
    const folder = join(this.file, '..');
    const temporary = `${this.file}.${process.pid}.tmp`;
    try {
      mkdirSync(folder, { recursive: true });
      writeFileSync(temporary, `${JSON.stringify(this.key)}\n${lines.map(([, line]) => `${line}\n`).join('')}`);
      renameSync(temporary, this.file);
    } catch {
      try {
        unlinkSync(temporary);
      } catch {
        // Nothing was written.
      }
      return;
    }
    deleteStaleCaches(folder, now);
  }
}

function deleteStaleCaches(folder: string, now: number): void {
  try {
    for (const name of readdirSync(folder)) {
      // .json: the layout before the third (one JSON object), never read now.
      if (!/^check-[0-9a-f]{16}\.(tsv|json)$/.test(name)) continue;
      const path = join(folder, name);
      try {
        if (now - statSync(path).mtimeMs > STALE_CACHE_MS) unlinkSync(path);
      } catch {
        // Removed by another run meanwhile.
      }
    }
  } catch {
    // The folder cannot be listed: nothing to tidy.
  }
}
