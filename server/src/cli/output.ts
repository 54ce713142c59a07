// The CLI's output, written straight to its file descriptors. `process.stdout` and
// `process.stderr` are streams Node builds on first use (their stream modules: ~3-5 ms of a
// ~150 ms repeat `check`); plain synchronous writes need none of it, and keep stdout and stderr
// in the order they were written.
import { writeSync } from 'node:fs';

const STDOUT = 1;
const STDERR = 2;
/** Descriptors whose reader has gone (`check . | head`): what is left for them is dropped. */
const closed = new Set<number>();

function writeAll(fd: number, text: string): void {
  if (closed.has(fd) || text.length === 0) return;
  const bytes = Buffer.from(text, 'utf8');
  let written = 0;
  while (written < bytes.length) {
    try {
      written += writeSync(fd, bytes, written, bytes.length - written);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'EAGAIN') {
        // A non-blocking pipe that is full (its other end may have set it so): wait for the reader.
        Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 1);
        continue;
      }
      if (code === 'EPIPE') {
        closed.add(fd);
        return;
      }
      throw error;
    }
  }
}

export const writeOut = (text: string): void => writeAll(STDOUT, text);
export const writeErr = (text: string): void => writeAll(STDERR, text);
