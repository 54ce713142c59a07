// The header-size guard between stdin and the JSON-RPC reader: every byte passes unchanged, bodies
// of any size pass, and a header that grows past the bound without its blank line is an error.
import { strict as assert } from 'node:assert';
import { HeaderSizeGuard } from '../../server/src/lsp/stdio-guard';

/** Writes the chunks to a guard with a bound of `max` bytes; resolves with what came out and the error, if any. */
function run(chunks: readonly (string | Buffer)[], max: number): Promise<{ output: Buffer; error?: Error }> {
  return new Promise((resolve) => {
    const guard = new HeaderSizeGuard(max);
    const out: Buffer[] = [];
    guard.on('data', (chunk: Buffer) => out.push(chunk));
    guard.on('error', (error: Error) => resolve({ output: Buffer.concat(out), error }));
    guard.on('end', () => resolve({ output: Buffer.concat(out) }));
    for (const chunk of chunks) {
      if (guard.destroyed) break;
      guard.write(typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk);
    }
    if (!guard.destroyed) guard.end();
  });
}

const message = (body: string) => `Content-Length: ${Buffer.byteLength(body, 'utf8')}\r\n\r\n${body}`;

/** `text` cut into three chunks at every first cut point, the second a few bytes after it. */
function splits(text: string): string[][] {
  const result: string[][] = [];
  for (let i = 0; i <= text.length; i++) for (const j of [i, i + 1, i + 3, i + 50]) result.push([text.slice(0, i), text.slice(i, j), text.slice(j)]);
  return result;
}

describe('stdio header-size guard', () => {
  it('passes messages through unchanged however the stream is cut, bodies far longer than the header bound included', async () => {
    // A body with CR LF CR LF and a "Content-Length" inside must not be read as a header.
    const stream = message('{"a":"\\r\\n\\r\\nContent-Length: 1"}\r\n\r\n') + message('é'.repeat(300)) + `content-length:  2 \r\nContent-Type: x\r\n\r\n{}`;
    for (const chunks of splits(stream)) {
      const { output, error } = await run(chunks, 40);
      assert.equal(error, undefined, `cut at ${chunks.map((c) => c.length).join('/')}: ${String(error)}`);
      assert.equal(output.toString('utf8'), stream);
    }
  });

  it('a header exactly at the bound passes; one byte more without the blank line is an error, in one chunk or many', async () => {
    const atBound = `Content-Length: 2\r\nX: ${'a'.repeat(40 - 'Content-Length: 2\r\nX: '.length)}\r\n\r\n{}`;
    assert.equal(atBound.indexOf('\r\n\r\n'), 40);
    assert.equal((await run([atBound], 40)).error, undefined);
    assert.equal((await run(atBound.split(''), 40)).error, undefined);
    const garbage = 'x'.repeat(41);
    assert.match(String((await run([garbage], 40)).error), /a message header longer than 40 bytes without its terminating blank line/);
    assert.match(String((await run(garbage.split(''), 40)).error), /longer than 40 bytes/);
    // After a complete message, the next header is bounded again.
    assert.match(String((await run([message('{}'), 'y'.repeat(41)], 40)).error), /longer than 40 bytes/);
    // A lone CR LF (no blank line) does not end a header.
    assert.match(String((await run([`${'z'.repeat(20)}\r\n${'z'.repeat(21)}`], 40)).error), /longer than 40 bytes/);
  });

  it('follows the reader on "\\r\\r\\n\\r\\n": not a terminator there either, so a header with it stays bounded', async () => {
    const tricky = `Content-Length: 2\r\r\n\r\n{}${'q'.repeat(40)}`;
    assert.match(String((await run([tricky], 40)).error), /longer than 40 bytes/);
  });
});
