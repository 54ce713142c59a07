// `check`'s progress line on stderr, for runs that take more than a second on a terminal: the
// front's pass over the results cache (files looked up, read again when their times changed) and
// the checker's (files checked) each count their files up to all of them, then clear the line.

/** Progress goes to stderr (a terminal only) once a pass has taken this long (SM_GUARDRAILS_PROGRESS_AFTER_MS: tests). */
const PROGRESS_AFTER_MS = /^\d+$/.test(process.env.SM_GUARDRAILS_PROGRESS_AFTER_MS ?? '') ? Number(process.env.SM_GUARDRAILS_PROGRESS_AFTER_MS) : 1000;

export class Progress {
  private readonly started = Date.now();
  private shown = false;
  private lastShown = 0;
  /** Whether stderr is a terminal, asked once the run has taken long enough: a short run never builds process.stderr (~4 ms). */
  private terminal: boolean | undefined;
  /** `what`: the end of the line, after "N of M files" ("checked"). */
  constructor(
    private readonly total: number,
    private readonly what: string,
  ) {}
  update(done: number): void {
    if (this.terminal === false) return;
    const now = Date.now();
    if (now - this.started < PROGRESS_AFTER_MS || (now - this.lastShown < 100 && done < this.total)) return;
    this.terminal ??= process.stderr.isTTY === true;
    if (!this.terminal) return;
    this.shown = true;
    this.lastShown = now;
    process.stderr.write(`\rsm-guardrails: ${done} of ${this.total} files ${this.what}`);
  }
  finish(): void {
    if (this.shown) process.stderr.write('\r\x1b[K');
  }
}
