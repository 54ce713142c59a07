// Writes each protocol message, header and body, with one write of the stream, and the messages of
// one turn of the event loop together. The library's writer makes two writes per message (header,
// then body, a promise turn apart): over a pipe each write is a system call that wakes the client,
// and an edit's check sends two messages (the diagnostics and the document's status).
import { AbstractMessageWriter, type Message, type MessageWriter } from 'vscode-languageserver/node';

export class OneWriteMessageWriter extends AbstractMessageWriter implements MessageWriter {
  private errorCount = 0;
  private corked = false;

  constructor(private readonly stream: NodeJS.WritableStream & { cork(): void; uncork(): void }) {
    super();
    stream.on('error', (error: Error) => this.fireError(error));
    stream.on('close', () => this.fireClose());
  }

  write(message: Message): Promise<void> {
    const body = Buffer.from(JSON.stringify(message), 'utf8');
    const frame = Buffer.concat([Buffer.from(`Content-Length: ${body.byteLength}\r\n\r\n`, 'ascii'), body]);
    if (!this.corked) {
      this.corked = true;
      this.stream.cork();
      process.nextTick(() => {
        this.corked = false;
        this.stream.uncork();
      });
    }
    return new Promise((resolve, reject) => {
      this.stream.write(frame, (error?: Error | null) => {
        if (!error) return resolve();
        this.errorCount++;
        this.fireError(error, message, this.errorCount);
        reject(error);
      });
    });
  }

  end(): void {}
}
