// A pass-through stream between stdin and the JSON-RPC reader that bounds the size of a message
// header. vscode-jsonrpc buffers input until it sees a header's `\r\n\r\n`; input that never holds
// one (garbage, a wrong protocol) would be buffered forever while the server answers nothing.
import { Transform, type TransformCallback } from 'node:stream';

/** A header (`Content-Length: N\r\n` and maybe a Content-Type) is under 100 bytes; this is far above. */
export const MAX_HEADER_BYTES = 64 * 1024;

const CR = 13;
const LF = 10;

/**
 * Follows the framing the way vscode-jsonrpc's reader does (the same CR LF CR LF state machine and
 * the same `content-length` parse), only to know which bytes are a header, and passes every byte
 * through unchanged. A header over `maxHeaderBytes` without its terminator ends the stream with an
 * error, which the reader reports through its onError. Bodies are not bounded here.
 */
export class HeaderSizeGuard extends Transform {
  /** Bytes of the body still to come; -1 while reading a header. */
  private bodyRemaining = -1;
  /** Position in CR LF CR LF (0..3), as in vscode-jsonrpc's MessageBuffer.tryReadHeaders. */
  private terminatorState = 0;
  private headerParts: Buffer[] = [];
  private headerLength = 0;
  /** Set when a header had no usable Content-Length: the reader fails on it, there is nothing left to follow. */
  private lost = false;

  constructor(private readonly maxHeaderBytes = MAX_HEADER_BYTES) {
    super();
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    let position = 0;
    while (!this.lost && position < chunk.length) {
      if (this.bodyRemaining > 0) {
        const taken = Math.min(this.bodyRemaining, chunk.length - position);
        this.bodyRemaining -= taken;
        position += taken;
        continue;
      }
      const headerStart = position;
      let complete = false;
      while (position < chunk.length && !complete) {
        const byte = chunk[position++];
        if (byte === CR) this.terminatorState = this.terminatorState === 0 ? 1 : this.terminatorState === 2 ? 3 : 0;
        else if (byte === LF) {
          if (this.terminatorState === 1) this.terminatorState = 2;
          else if (this.terminatorState === 3) complete = true;
          else this.terminatorState = 0;
        } else this.terminatorState = 0;
      }
      this.headerParts.push(chunk.subarray(headerStart, position));
      this.headerLength += position - headerStart;
      if (!complete) {
        // Up to 3 bytes of the terminator may be in; the header itself is what must fit.
        if (this.headerLength - this.terminatorState > this.maxHeaderBytes) {
          callback(new Error(`a message header longer than ${this.maxHeaderBytes} bytes without its terminating blank line`));
          return;
        }
        break;
      }
      const length = contentLengthOf(Buffer.concat(this.headerParts).toString('ascii'));
      this.headerParts = [];
      this.headerLength = 0;
      this.terminatorState = 0;
      if (length === undefined) this.lost = true;
      else this.bodyRemaining = length;
    }
    callback(null, chunk);
  }
}

/** The Content-Length as vscode-jsonrpc reads it (key before the first ':', lowercased; parseInt of the value). */
function contentLengthOf(header: string): number | undefined {
  let value: string | undefined;
  for (const line of header.split('\r\n').slice(0, -2)) {
    const colon = line.indexOf(':');
    if (colon === -1) return undefined;
    if (line.slice(0, colon).toLowerCase() === 'content-length') value = line.slice(colon + 1).trim();
  }
  // No radix, as the reader does ("0x10" is 16 there too).
  const length = value ? parseInt(value) : NaN;
  return Number.isNaN(length) || length < 0 ? undefined : length;
}
