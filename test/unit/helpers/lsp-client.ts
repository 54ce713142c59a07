// A small JSON-RPC-over-stdio client for testing the language server as a process: Content-Length
// framing, requests with ids, server notifications collected in order, server requests answered,
// and event-driven waits (no sleeps) that fail with a clear message when their timeout runs out.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

export interface Position {
  line: number;
  character: number;
}

export interface Range {
  start: Position;
  end: Position;
}

export interface Diagnostic {
  range: Range;
  severity?: number;
  code?: string | number;
  source?: string;
  message: string;
  data?: unknown;
}

export interface PublishDiagnosticsParams {
  uri: string;
  version?: number;
  diagnostics: Diagnostic[];
}

export interface ReceivedNotification {
  /** Position in the order of arrival; `client.mark()` returns the next one. */
  seq: number;
  method: string;
  params: unknown;
}

interface ResponseError {
  code: number;
  message: string;
  data?: unknown;
}

interface Message {
  jsonrpc: '2.0';
  id?: number | string | null;
  method?: string;
  params?: unknown;
  result?: unknown;
  error?: ResponseError;
}

type ServerRequestHandler = (params: unknown) => unknown;

interface Waiter {
  since: number;
  method: string;
  predicate: (params: unknown) => boolean;
  resolve: (notification: ReceivedNotification) => void;
}

const DEFAULT_TIMEOUT_MS = 5000;

export class LspClient {
  readonly notifications: ReceivedNotification[] = [];
  /** Requests the server sent us, in order (method and params). */
  readonly serverRequests: { method: string; params: unknown }[] = [];
  private readonly process: ChildProcessWithoutNullStreams;
  private buffer = Buffer.alloc(0);
  private nextId = 1;
  private readonly pending = new Map<number, { method: string; resolve: (value: unknown) => void; reject: (error: Error) => void }>();
  private readonly waiters = new Set<Waiter>();
  private readonly handlers = new Map<string, ServerRequestHandler>();
  private stderrText = '';
  private exitInfo: { code: number | null; signal: NodeJS.Signals | null } | undefined;
  private readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;

  /** `env`: added to this process's environment. */
  constructor(command: string, args: readonly string[], options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}) {
    this.process = spawn(command, [...args], { cwd: options.cwd, stdio: ['pipe', 'pipe', 'pipe'], ...(options.env ? { env: { ...process.env, ...options.env } } : {}) });
    this.process.stdout.on('data', (chunk: Buffer) => this.receive(chunk));
    // A server that exits on bad input closes its stdin while we may still be writing: the exit is what tests check.
    this.process.stdin.on('error', () => undefined);
    this.process.stderr.on('data', (chunk: Buffer) => {
      this.stderrText += chunk.toString('utf8');
    });
    this.exited = new Promise((resolve) => {
      this.process.on('exit', (code, signal) => {
        this.exitInfo = { code, signal };
        for (const [, request] of this.pending) request.reject(new Error(`the server exited (code ${code}, signal ${signal}) before answering ${request.method}${this.stderrSuffix()}`));
        this.pending.clear();
        resolve({ code, signal });
      });
    });
    // Requests the server may send; answered so the server never waits on us.
    this.onRequest('workspace/configuration', (params) => ((params as { items?: unknown[] }).items ?? []).map(() => ({})));
    this.onRequest('client/registerCapability', () => null);
    this.onRequest('client/unregisterCapability', () => null);
    this.onRequest('window/workDoneProgress/create', () => null);
    this.onRequest('workspace/diagnostic/refresh', () => null);
  }

  get stderr(): string {
    return this.stderrText;
  }

  get pid(): number | undefined {
    return this.process.pid;
  }

  /** Answers server -> client requests for `method` with handler's result (or what its promise resolves to). */
  onRequest(method: string, handler: ServerRequestHandler): void {
    this.handlers.set(method, handler);
  }

  /** Sequence number of the next notification to arrive: pass it as `since` to wait for later ones only. */
  mark(): number {
    return this.notifications.length;
  }

  request<T = unknown>(method: string, params: unknown, timeoutMs = DEFAULT_TIMEOUT_MS): Promise<T> {
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      if (this.exitInfo) {
        reject(new Error(`cannot send ${method}: the server already exited${this.stderrSuffix()}`));
        return;
      }
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(new Error(`no response to ${method} (id ${id}) within ${timeoutMs} ms${this.stderrSuffix()}`));
      }, timeoutMs);
      this.pending.set(id, {
        method,
        resolve: (value) => {
          clearTimeout(timer);
          resolve(value as T);
        },
        reject: (error) => {
          clearTimeout(timer);
          reject(error);
        },
      });
      this.send({ jsonrpc: '2.0', id, method, params });
    });
  }

  notify(method: string, params: unknown): void {
    this.send({ jsonrpc: '2.0', method, params });
  }

  /** Resolves with the first notification `method` at or after `since` whose params satisfy the predicate. */
  waitForNotification<T>(method: string, predicate: (params: T) => boolean, options: { since?: number; timeoutMs?: number; what?: string } = {}): Promise<T> {
    const since = options.since ?? this.mark();
    const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    const test = (params: unknown): boolean => predicate(params as T);
    const already = this.notifications.find((n) => n.seq >= since && n.method === method && test(n.params));
    if (already) return Promise.resolve(already.params as T);
    return new Promise<T>((resolve, reject) => {
      const waiter: Waiter = {
        since,
        method,
        predicate: test,
        resolve: (notification) => {
          clearTimeout(timer);
          this.waiters.delete(waiter);
          resolve(notification.params as T);
        },
      };
      const timer = setTimeout(() => {
        this.waiters.delete(waiter);
        const seen = this.notifications
          .filter((n) => n.seq >= since && n.method === method)
          .map((n) => JSON.stringify(n.params))
          .join('\n  ');
        reject(new Error(`timed out after ${timeoutMs} ms waiting for ${options.what ?? method}; ${method} received since then:\n  ${seen || '(none)'}${this.stderrSuffix()}`));
      }, timeoutMs);
      this.waiters.add(waiter);
    });
  }

  /** Waits for a publishDiagnostics for `uri` (at or after `since`) that satisfies the predicate. */
  waitForDiagnostics(uri: string, predicate: (params: PublishDiagnosticsParams) => boolean = () => true, options: { since?: number; timeoutMs?: number; what?: string } = {}): Promise<PublishDiagnosticsParams> {
    return this.waitForNotification<PublishDiagnosticsParams>('textDocument/publishDiagnostics', (p) => p.uri === uri && predicate(p), {
      ...options,
      what: `publishDiagnostics for ${uri}${options.what ? ` (${options.what})` : ''}`,
    });
  }

  /** Every publishDiagnostics received for `uri` (at or after `since`). */
  diagnosticsFor(uri: string, since = 0): PublishDiagnosticsParams[] {
    return this.notifications
      .filter((n) => n.seq >= since && n.method === 'textDocument/publishDiagnostics' && (n.params as PublishDiagnosticsParams).uri === uri)
      .map((n) => n.params as PublishDiagnosticsParams);
  }

  /** Resolves when the process exits; rejects after the timeout. */
  waitForExit(timeoutMs = DEFAULT_TIMEOUT_MS): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
    if (this.exitInfo) return Promise.resolve(this.exitInfo);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`the server did not exit within ${timeoutMs} ms${this.stderrSuffix()}`)), timeoutMs);
      void this.exited.then((info) => {
        clearTimeout(timer);
        resolve(info);
      });
    });
  }

  /** Writes bytes to the server's stdin as they are (to test corrupt framing). */
  writeRaw(bytes: string): void {
    this.process.stdin.write(bytes);
  }

  /** Ends the process if it is still running (for cleanup after a failed test). */
  kill(): void {
    if (!this.exitInfo) this.process.kill();
  }

  private stderrSuffix(): string {
    const text = this.stderrText.trim();
    return text ? `\nserver stderr:\n${text.slice(-2000)}` : '';
  }

  private send(message: Message): void {
    const body = Buffer.from(JSON.stringify(message), 'utf8');
    this.process.stdin.write(Buffer.concat([Buffer.from(`Content-Length: ${body.length}\r\n\r\n`, 'ascii'), body]));
  }

  private receive(chunk: Buffer): void {
    this.buffer = Buffer.concat([this.buffer, chunk]);
    for (;;) {
      const headerEnd = this.buffer.indexOf('\r\n\r\n');
      if (headerEnd === -1) return;
      const header = this.buffer.subarray(0, headerEnd).toString('ascii');
      const match = /Content-Length:\s*(\d+)/i.exec(header);
      if (!match) throw new Error(`a message from the server has no Content-Length header: ${JSON.stringify(header)}`);
      const length = Number(match[1]);
      const start = headerEnd + 4;
      if (this.buffer.length < start + length) return;
      const body = this.buffer.subarray(start, start + length).toString('utf8');
      this.buffer = this.buffer.subarray(start + length);
      this.dispatch(JSON.parse(body) as Message);
    }
  }

  private dispatch(message: Message): void {
    if (message.method !== undefined && message.id !== undefined && message.id !== null) {
      this.serverRequests.push({ method: message.method, params: message.params });
      const handler = this.handlers.get(message.method);
      if (handler) {
        const id = message.id;
        const result = handler(message.params);
        // A handler may answer later (a promise): the server waits for the client meanwhile.
        if (result instanceof Promise) void result.then((value: unknown) => this.send({ jsonrpc: '2.0', id, result: value ?? null }));
        else this.send({ jsonrpc: '2.0', id, result: result ?? null });
      } else this.send({ jsonrpc: '2.0', id: message.id, error: { code: -32601, message: `the test client does not handle ${message.method}` } });
      return;
    }
    if (message.method !== undefined) {
      const notification: ReceivedNotification = { seq: this.notifications.length, method: message.method, params: message.params };
      this.notifications.push(notification);
      for (const waiter of [...this.waiters]) {
        if (notification.seq >= waiter.since && waiter.method === notification.method && waiter.predicate(notification.params)) waiter.resolve(notification);
      }
      return;
    }
    if (typeof message.id === 'number') {
      const request = this.pending.get(message.id);
      if (!request) return;
      this.pending.delete(message.id);
      if (message.error) request.reject(new Error(`${request.method} failed: ${message.error.code} ${message.error.message}`));
      else request.resolve(message.result);
    }
  }
}

const repoRoot = join(__dirname, '..', '..', '..', '..');

export interface StartOptions {
  initializationOptions?: Record<string, unknown>;
  /** The client's capabilities (default: no workspace configuration, versioned diagnostics). */
  capabilities?: Record<string, unknown>;
  /** Registers handlers before `initialize` (a server may ask at once). */
  beforeInitialize?: (client: LspClient) => void;
  timeoutMs?: number;
  /** Added to the server's environment. */
  env?: NodeJS.ProcessEnv;
}

/** The bundled server (dist/server.js) over stdio, initialized with the repository as its root. */
export async function startServer(options: StartOptions = {}): Promise<{ client: LspClient; initializeResult: unknown }> {
  const client = new LspClient(process.execPath, [join(repoRoot, 'dist', 'server.js'), '--stdio'], { cwd: repoRoot, ...(options.env ? { env: options.env } : {}) });
  options.beforeInitialize?.(client);
  const initializeResult = await client.request(
    'initialize',
    {
      processId: process.pid,
      rootUri: pathToFileURL(repoRoot).href,
      capabilities: options.capabilities ?? { workspace: { configuration: false }, textDocument: { publishDiagnostics: { versionSupport: true } } },
      ...(options.initializationOptions ? { initializationOptions: options.initializationOptions } : {}),
      workspaceFolders: null,
    },
    options.timeoutMs,
  );
  client.notify('initialized', {});
  return { client, initializeResult };
}

/** shutdown, exit and the process's end (killed if it does not end); its exit code. */
export async function stopServer(client: LspClient | undefined, timeoutMs?: number): Promise<number | null | undefined> {
  if (!client) return undefined;
  try {
    await client.request('shutdown', null, timeoutMs);
    client.notify('exit', null);
    return (await client.waitForExit(timeoutMs)).code;
  } finally {
    client.kill();
  }
}
