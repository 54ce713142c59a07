// The language server's tree-sitter runtime and the syntax trees it keeps per document (for
// incremental parsing). A runtime's WebAssembly memory only grows: parsing ten large files and
// closing them left the server at its peak for good. So after documents close, a runtime whose
// memory is much larger than what the still-kept trees need is replaced by a fresh one, and the
// old one, with every tree in it, is dropped as a whole.
//
// The rule (checked a second after the last close, as closes come in bursts):
//   need = 32 MiB (a fresh runtime's memory) + 64 bytes per character of text whose tree is kept
//   (measured: 25-35 bytes per character of ordinary Python, up to 80 for dense code, growth
//   steps included); replace when memory > 2 x need and memory - need > 32 MiB.
// So once closes settle, the memory is at most about twice what the open documents' trees need.
// The documents still open lose their trees: each reparses from scratch at its next check, on the
// new runtime. Nothing else holds a tree or node between checks (the core deletes what it parses),
// and a check runs synchronously, so no tree or node of the old runtime is ever read again.
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import type { SyntaxParsers } from '../core/check';
import { IncrementalParser } from '../core/incremental';
import { createRuntime, type SyntaxRuntime } from '../node/grammars';

const MiB = 1024 * 1024;
const FRESH_RUNTIME_BYTES = 32 * MiB;
const BYTES_PER_KEPT_CHARACTER = 64;
const RECYCLE_DELAY_MILLISECONDS = 1000;

/**
 * V8 frees a dropped WebAssembly memory only at a full collection, which an idle process may not do
 * for a long time. `gc` is taken from a new context once --expose-gc is set (it only adds that
 * global to contexts made afterwards); where that fails, V8 collects when it decides to.
 */
let collectGarbage: (() => void) | null | undefined;
function fullCollection(): void {
  if (collectGarbage === undefined) {
    try {
      setFlagsFromString('--expose-gc');
      collectGarbage = runInNewContext('gc') as () => void;
    } catch {
      collectGarbage = null;
    }
  }
  collectGarbage?.();
}

export class SyntaxTrees {
  private runtime: SyntaxRuntime | undefined;
  private readonly kept = new Map<string, IncrementalParser>();
  private recycleTimer: ReturnType<typeof setTimeout> | undefined;
  private recycling = false;

  /** `report` is told each replacement (for the server's log). */
  constructor(private readonly report: (message: string) => void) {}

  private starting: Promise<void> | undefined;

  /** Creates the runtime with the Python parser ready (most documents are Python; other languages' on first use); once. */
  start(): Promise<void> {
    this.starting ??= (async () => {
      this.runtime ??= await createRuntime();
      void this.runtime.parsers.python;
    })();
    return this.starting;
  }

  /** The current runtime's parsers (undefined until started). Read them anew for each check: a replacement changes them. */
  get parsers(): SyntaxParsers | undefined {
    return this.runtime?.parsers;
  }

  /** The Python tree kept under `key` (a document's or notebook's), created on first use. */
  keptPython(key: string, parsers: SyntaxParsers): IncrementalParser {
    let incremental = this.kept.get(key);
    if (!incremental) this.kept.set(key, (incremental = new IncrementalParser(parsers.python)));
    return incremental;
  }

  /** Whether `incremental` is still the one kept for `key` (not dropped, not replaced with the runtime). */
  isKept(key: string, incremental: IncrementalParser): boolean {
    return this.kept.get(key) === incremental;
  }

  drop(key: string): void {
    this.kept.get(key)?.dispose();
    this.kept.delete(key);
  }

  /** A document or notebook was closed (its tree dropped): consider a replacement once closes stop coming. */
  closed(): void {
    if (this.recycleTimer) clearTimeout(this.recycleTimer);
    this.recycleTimer = setTimeout(() => {
      this.recycleTimer = undefined;
      void this.recycleIfWasteful();
    }, RECYCLE_DELAY_MILLISECONDS);
  }

  private neededBytes(): number {
    let characters = 0;
    for (const incremental of this.kept.values()) characters += incremental.keptLength;
    return FRESH_RUNTIME_BYTES + BYTES_PER_KEPT_CHARACTER * characters;
  }

  private async recycleIfWasteful(): Promise<void> {
    const had = this.runtime?.memoryBytes() ?? 0;
    const need = this.neededBytes();
    if (this.recycling || had <= 2 * need || had - need <= 32 * MiB) return;
    this.recycling = true;
    let fresh: SyntaxRuntime;
    try {
      fresh = await createRuntime();
    } finally {
      this.recycling = false;
    }
    this.replaceRuntime(fresh);
    // Collected from timer tasks of their own, once this function has returned: while an async
    // function runs or waits, its frame may still point into the old runtime (measured: collections
    // made from inside one freed nothing). The first finds the old runtime's parsers unreachable
    // and queues their finalization clean-up; the second frees the memory.
    setTimeout(() => {
      fullCollection();
      setTimeout(() => {
        fullCollection();
        this.report(`tree-sitter runtime replaced: its memory had grown to ${(had / MiB).toFixed(0)} MiB where the kept trees need about ${(need / MiB).toFixed(0)} MiB`);
      }, 50);
    }, 0);
  }

  /** Synchronous, so that nothing of the old runtime stays on a suspended frame. */
  private replaceRuntime(fresh: SyntaxRuntime): void {
    // Checks that ran while the fresh one was created kept trees in the old runtime: they go too.
    for (const incremental of this.kept.values()) incremental.dispose();
    this.kept.clear();
    this.runtime = fresh;
  }
}
