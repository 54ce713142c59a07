// Limits and safety (issue 10): inputs a file can hold that once hung, flooded or leaked. The CLI
// runs as a process and the language server over stdio, on files made in a temporary folder.
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { PROJECT_ROOT, runCli, type CliRun } from './helpers/cli';
import { LspClient, type PublishDiagnosticsParams } from './helpers/lsp-client';
import { tempFolder } from './helpers/temp-folder';

const root = PROJECT_ROOT;
const serverPath = join(root, 'dist', 'server.js');

interface JsonFinding {
  file: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  severity: string;
  code: string;
  message: string;
}

function cli(cwd: string, ...args: string[]): CliRun {
  return runCli(cwd, args, { timeout: 60000 });
}

/** `check --format json ARGS...` */
function cliJson(cwd: string, ...args: string[]): JsonFinding[] {
  const result = cli(cwd, 'check', '--format', 'json', ...args);
  try {
    return JSON.parse(result.stdout) as JsonFinding[];
  } catch {
    throw new Error(`stdout is not JSON (exit ${result.status}):\n${result.stdout}\nstderr:\n${result.stderr}`);
  }
}

const CANARY_75 = '{"BlueGreenUpdatePolicy": {"TrafficRoutingConfiguration": {"Type": "CANARY", "CanarySize": {"Type": "CAPACITY_PERCENT", "Value": 75}, "WaitIntervalInSeconds": 600}, "MaximumExecutionTimeoutInSeconds": 7200}, "AutoRollbackConfiguration": {"Alarms": [{"AlarmName": "a"}]}}\n';
const COMMAND = 'aws sagemaker update-endpoint --endpoint-name e --endpoint-config-name c --deployment-config ';
/** 1-based column of the 75 in CANARY_75. */
const CANARY_COLUMN = CANARY_75.indexOf('75') + 1;
/** 1-based column of the file:// token on each line of the script. */
const TOKEN_COLUMN = COMMAND.length + 1;

describe('limits and safety', function () {
  this.timeout(60000);
  const folder = tempFolder('sm-limits-', 'suite');
  let project: string;

  before(() => {
    project = join(folder.path, 'project');
    mkdirSync(project);
    mkdirSync(join(folder.path, 'outside'));
    writeFileSync(join(folder.path, 'outside', 'canary.json'), CANARY_75);
    writeFileSync(join(project, 'canary.json'), CANARY_75);
    writeFileSync(join(project, '.env'), 'AWS_SECRET_ACCESS_KEY=wJalrXUtnFEMI\n');
    // 1 GB with no blocks on disk: reading it once took 5 s and 1.1 GB of memory.
    writeFileSync(join(project, 'sparse.json'), '');
    truncateSync(join(project, 'sparse.json'), 1024 * 1024 * 1024);
    // A FIFO with no writer: a blocking read of it never returns.
    const fifo = spawnSync('mkfifo', [join(project, 'fifo.json')]);
    assert.equal(fifo.status, 0, `mkfifo failed: ${String(fifo.stderr)}`);
  });

  describe('file:// references (item 2)', () => {
    const references = ['fifo.json', '/dev/zero', 'sparse.json', '../outside/canary.json', '../../../../../../../../etc/passwd', '.env', 'canary.json'];
    const script = references.map((path) => `${COMMAND}file://${path}\n`).join('');

    it('the CLI reads only regular files up to 1 MiB inside the checked folders; every other reference is one warning on its token that echoes nothing of the file', () => {
      writeFileSync(join(project, 'deploy.sh'), script);
      const findings = cliJson(project, 'deploy.sh');
      assert.deepEqual(
        findings.map((f) => [f.line, f.column, f.endColumn, f.code]),
        references.map((path, i) => [i + 1, TOKEN_COLUMN, TOKEN_COLUMN + `file://${path}`.length, path === 'canary.json' ? 'canary-size' : 'file-reference']),
      );
      const messages = findings.map((f) => f.message);
      assert.match(messages[0]!, /^file:\/\/fifo\.json is not a regular file/);
      assert.match(messages[1]!, /^file:\/\/\/dev\/zero is outside the workspace .* --allow-file-outside/);
      assert.match(messages[2]!, /^file:\/\/sparse\.json is larger than 1 MiB/);
      assert.match(messages[3]!, /^file:\/\/\.\.\/outside\/canary\.json is outside the workspace/);
      assert.match(messages[4]!, /^file:\/\/\.\.\/.*\/etc\/passwd is outside the workspace/);
      assert.match(messages[5]!, /^file:\/\/\.env holds no DeploymentConfig/);
      assert.ok(messages[6]!.startsWith(`canary.json:1:${CANARY_COLUMN}: Canary size 75%`), messages[6]);
      assert.ok(!messages.some((m) => /AWS_SECRET|wJalr|root:/.test(m)), messages.join('\n'));
    });

    it('--allow-file-outside reads outside the folder, and still never a device or a file over the cap', () => {
      const findings = cliJson(project, '--allow-file-outside', 'deploy.sh');
      const byLine = new Map(findings.map((f) => [f.line, f]));
      assert.match(byLine.get(2)!.message, /^file:\/\/\/dev\/zero is not a regular file/);
      assert.match(byLine.get(3)!.message, /larger than 1 MiB/);
      assert.deepEqual([byLine.get(4)!.code, byLine.get(4)!.message.split(':').slice(0, 3).join(':')], ['canary-size', `../outside/canary.json:1:${CANARY_COLUMN}`]);
      assert.match(byLine.get(5)!.message, /holds no DeploymentConfig/);
      assert.ok(!findings.some((f) => /root:|AWS_SECRET/.test(f.message)));
    });

    it('the CLI checks a folder: references inside it are read', () => {
      const findings = cliJson(folder.path, 'project/deploy.sh', 'outside');
      const line4 = findings.find((f) => f.file === join('project', 'deploy.sh') && f.line === 4);
      // cwd is `folder`, so `outside/` is inside the allowed folders.
      assert.equal(line4?.code, 'canary-size');
    });

    it('the language server answers with the warnings (a FIFO does not hang it) and keeps answering; the setting allows outside files', async () => {
      const client = new LspClient(process.execPath, [serverPath, '--stdio'], { cwd: root });
      try {
        await client.request('initialize', {
          processId: process.pid,
          rootUri: pathToFileURL(project).href,
          workspaceFolders: [{ uri: pathToFileURL(project).href, name: 'project' }],
          capabilities: { workspace: { configuration: false } },
        });
        client.notify('initialized', {});
        const uri = pathToFileURL(join(project, 'deploy.sh')).href;
        client.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'shellscript', version: 1, text: script } });
        const published = await client.waitForDiagnostics(uri, (p) => p.version === 1, { timeoutMs: 20000 });
        assert.deepEqual(
          published.diagnostics.map((d) => [d.range.start.line, d.range.start.character, d.code]),
          references.map((path, i) => [i, TOKEN_COLUMN - 1, path === 'canary.json' ? 'canary-size' : 'file-reference']),
        );
        // Still answering: a hover on the config inside the workspace file comes back.
        const hover = await client.request<unknown>('textDocument/hover', { textDocument: { uri }, position: { line: 0, character: 2 } });
        assert.equal(hover, null);
        const since = client.mark();
        client.notify('workspace/didChangeConfiguration', { settings: { smGuardrails: { fileReferences: { allowOutsideWorkspace: true } } } });
        const allowed: PublishDiagnosticsParams = await client.waitForDiagnostics(uri, (p) => p.diagnostics.some((d) => d.range.start.line === 3 && d.code === 'canary-size'), { since, timeoutMs: 20000 });
        assert.equal(allowed.diagnostics.find((d) => d.range.start.line === 1)?.message.startsWith('file:///dev/zero is not a regular file'), true);
        await client.request('shutdown', null);
        client.notify('exit', null);
        assert.equal((await client.waitForExit(20000)).code, 0);
      } finally {
        client.kill();
      }
    });
  });

  describe('a corrupt input stream (item 7)', () => {
    const body = JSON.stringify({ jsonrpc: '2.0', id: 2, method: 'textDocument/hover', params: { textDocument: { uri: 'file:///x.py' }, position: { line: 0, character: 0 } } });
    const corruptions: [string, string][] = [
      ['a too-small Content-Length', `Content-Length: 5\r\n\r\n${body}`],
      ['no Content-Length', `Content-Type: application/vscode-jsonrpc; charset=utf-8\r\n\r\n${body}`],
      ['a negative Content-Length', `Content-Length: -5\r\n\r\n${body}`],
    ];
    for (const [what, bytes] of corruptions) {
      it(`${what}: the server, which answered before, exits with code 1 (so the client restarts it) and says why on stderr`, async () => {
        const client = new LspClient(process.execPath, [serverPath, '--stdio'], { cwd: root });
        try {
          await client.request('initialize', { processId: process.pid, rootUri: null, capabilities: {} }, 20000);
          client.notify('initialized', {});
          client.writeRaw(bytes);
          const exit = await client.waitForExit(20000);
          assert.equal(exit.code, 1);
          assert.match(client.stderr, /unreadable input .*exiting so the client restarts the server/);
        } finally {
          client.kill();
        }
      });
    }
  });

  describe('input with no header terminator (item 7)', () => {
    it('1 MB without a blank line: the server exits with code 1 and says why on stderr, instead of buffering it forever', async () => {
      const client = new LspClient(process.execPath, [serverPath, '--stdio'], { cwd: root });
      try {
        await client.request('initialize', { processId: process.pid, rootUri: null, capabilities: {} }, 20000);
        client.notify('initialized', {});
        client.writeRaw('Content-Length: 10\r\n' + 'garbage without a blank line '.repeat(40_000));
        const exit = await client.waitForExit(20000);
        assert.equal(exit.code, 1);
        assert.match(client.stderr, /unreadable input \(a message header longer than 65536 bytes without its terminating blank line\); exiting so the client restarts the server/);
        assert.equal(client.stderr.trim().split('\n').length, 1, `one line on stderr:\n${client.stderr}`);
      } finally {
        client.kill();
      }
    });

    it('a normal session through the guard: a 6 MB document is checked, a request after it answered, shutdown exits with 0', async () => {
      const client = new LspClient(process.execPath, [serverPath, '--stdio'], { cwd: root });
      try {
        await client.request('initialize', { processId: process.pid, rootUri: null, capabilities: {} }, 20000);
        client.notify('initialized', {});
        const config = CANARY_75.trimEnd();
        // Padding inside the JSON keeps the config where it is: 6 MB of spaces after it.
        const text = `${config}${' '.repeat(6_000_000 - config.length - 1)}\n`;
        const uri = 'file:///guard/big.json';
        client.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'json', version: 1, text } });
        const published = await client.waitForDiagnostics(uri, (p) => p.version === 1, { timeoutMs: 30000 });
        assert.deepEqual(published.diagnostics.map((d) => [d.code, d.range.start.line, d.range.start.character]), [['canary-size', 0, CANARY_COLUMN - 1]]);
        const hover = await client.request<{ contents: unknown } | null>('textDocument/hover', { textDocument: { uri }, position: { line: 0, character: CANARY_COLUMN - 1 } }, 20000);
        assert.ok(hover, 'a request after the large message is answered');
        await client.request('shutdown', null);
        client.notify('exit', null);
        assert.equal((await client.waitForExit(20000)).code, 0);
        assert.equal(client.stderr, '');
      } finally {
        client.kill();
      }
    });
  });

  describe('surrogate pairs (item 6)', () => {
    it('a cli-syntax finding on an emoji covers the whole emoji, and its message holds the emoji, not half of it', () => {
      const lines = [`${COMMAND}😀`, `${COMMAND}"RollingUpdatePolicy={😀}"`, `${COMMAND}'{"RollingUpdatePolicy": 😀}'`];
      writeFileSync(join(project, 'emoji.sh'), lines.map((line) => `${line}\n`).join(''));
      const result = cli(project, 'check', '--format', 'json', 'emoji.sh');
      assert.ok(!/\\ud83d/i.test(result.stdout), 'no lone surrogate escaped in the JSON output');
      const findings = JSON.parse(result.stdout) as JsonFinding[];
      // Columns are UTF-16 based, so the emoji is two columns wide.
      assert.deepEqual(
        findings.map((f) => [f.line, f.column, f.endColumn, f.code]),
        lines.map((line, i) => [i + 1, line.indexOf('😀') + 1, line.indexOf('😀') + 3, 'cli-syntax']),
      );
      assert.match(findings[0]!.message, /Expected '=', found '😀'\./u);
      assert.match(findings[1]!.message, /found '😀'/u);
    });
  });

  describe('fixes on text that does not parse (item 3)', () => {
    const halfTyped: [string, string][] = [
      ['an object left open', '{"RollingUpdatePolicy":{'],
      ['a document ending inside a value string', '{"BlueGreenUpdatePolicy":{"TrafficRoutingConfiguration":{"Type":"LINEAR'],
      ['a document ending inside a key string', '{"RollingUpdatePolicy":{"MaximumBatchSize":{"Type":"CAPACITY_PERCENT","Value":10},"WaitIntervalInSeconds":60,"Foo'],
      ['an unclosed /* at the end', '{"BlueGreenUpdatePolicy":{"TrafficRoutingConfiguration":{"Type":"ALL_AT_ONCE", /*'],
      ['an unclosed /* after a closed config', '{"BlueGreenUpdatePolicy":{"TrafficRoutingConfiguration":{"Type":"ALL_AT_ONCE"}}} /*'],
    ];
    for (const [what, text] of halfTyped) {
      it(`JSON with ${what}: check --fix leaves the file as it is (twice), and every finding lies inside the text`, () => {
        const file = join(project, 'half.json');
        writeFileSync(file, text);
        for (let run = 0; run < 2; run++) {
          const result = cli(project, 'check', '--fix', '--format', 'json', 'half.json');
          assert.equal(readFileSync(file, 'utf8'), text, `run ${run + 1} changed the file`);
          const findings = JSON.parse(result.stdout) as JsonFinding[];
          assert.ok(findings.length > 0, 'the problems are still reported');
          // One line: every column is at most one past the last character.
          for (const f of findings) assert.ok(f.endLine === 1 && f.endColumn <= text.length + 1 && f.column <= f.endColumn, JSON.stringify(f));
        }
      });
    }

    it('Python: a dict left open gets no fix from check --fix', () => {
      const text = 'sm.update_endpoint(EndpointName="e", DeploymentConfig={"RollingUpdatePolicy": {"MaximumBatchSize": {"Type": "CAPACITY_PERCENT", "Value": 10},\n';
      const file = join(project, 'half.py');
      writeFileSync(file, text);
      cli(project, 'check', '--fix', 'half.py');
      assert.equal(readFileSync(file, 'utf8'), text);
    });

    it('the language server offers no edit on a half-typed JSON config but the suppressions (no inverted or outside range)', async () => {
      const client = new LspClient(process.execPath, [serverPath, '--stdio'], { cwd: root });
      try {
        await client.request('initialize', { processId: process.pid, rootUri: pathToFileURL(project).href, capabilities: {} }, 20000);
        client.notify('initialized', {});
        const uri = pathToFileURL(join(project, 'typing.json')).href;
        const text = '{"RollingUpdatePolicy":{';
        client.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'json', version: 1, text } });
        const published = await client.waitForDiagnostics(uri, (p) => p.version === 1, { timeoutMs: 20000 });
        assert.deepEqual(published.diagnostics.map((d) => d.code).sort(), ['missing-key', 'missing-key', 'no-rollback-alarms']);
        const end = { line: 0, character: text.length };
        const actions = await client.request<{ title: string; edit?: unknown; command?: unknown }[]>('textDocument/codeAction', {
          textDocument: { uri },
          range: { start: { line: 0, character: 0 }, end },
          context: { diagnostics: published.diagnostics },
        });
        assert.deepEqual(
          actions.filter((a) => a.edit !== undefined).map((a) => a.title),
          [],
          'JSON has no suppression comments, so no action edits the text',
        );
        assert.ok(actions.every((a) => a.title.startsWith('Disable ')), actions.map((a) => a.title).join(', '));
        const fixAll = await client.request<unknown[]>('textDocument/codeAction', { textDocument: { uri }, range: { start: end, end }, context: { diagnostics: [], only: ['source.fixAll.smGuardrails'] } });
        assert.deepEqual(fixAll, []);
        await client.request('shutdown', null);
        client.notify('exit', null);
      } finally {
        client.kill();
      }
    });
  });

  describe('fix all with thousands of findings in one value (item 5)', () => {
    // Bounded time is shown by finishing within mocha's timeout (1,000 keys once took 80 s, growing as the cube).
    const KEYS = 2000;
    const unknownKeys = Array.from({ length: KEYS }, (_, i) => `"Unknown${i}": ${i}`).join(', ');
    const value = `{"RollingUpdatePolicy": {"MaximumBatchSize": {"Type": "CAPACITY_PERCENT", "Value": 10}, ${unknownKeys}, "WaitIntervalInSecond": 5}, "AutoRollbackConfiguration": {"Alarms": [{"AlarmName": "a"}]}}`;
    const script = `${COMMAND}'${value}'\n`;

    it('check --fix renames the one misspelled key and reports the 2,000 unknown keys it cannot fix', () => {
      const file = join(project, 'many.sh');
      writeFileSync(file, script);
      const result = cli(project, 'check', '--fix', '--format', 'json', 'many.sh');
      const findings = JSON.parse(result.stdout) as JsonFinding[];
      assert.equal(findings.filter((f) => f.code === 'unknown-key').length, KEYS);
      assert.equal(readFileSync(file, 'utf8'), script.replace('"WaitIntervalInSecond": 5', '"WaitIntervalInSeconds": 5'));
    });

    it('the language server answers fix all on it, and a quick fix on one key', async () => {
      const client = new LspClient(process.execPath, [serverPath, '--stdio'], { cwd: root });
      try {
        await client.request('initialize', { processId: process.pid, rootUri: pathToFileURL(project).href, capabilities: {} }, 20000);
        client.notify('initialized', {});
        const uri = pathToFileURL(join(project, 'many-open.sh')).href;
        client.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'shellscript', version: 1, text: script } });
        const published = await client.waitForDiagnostics(uri, (p) => p.version === 1, { timeoutMs: 20000 });
        assert.equal(published.diagnostics.length, KEYS + 2, "the unknown keys, the misspelled key and the missing WaitIntervalInSeconds");
        const end = { line: 1, character: 0 };
        const fixAll = await client.request<{ edit: { changes: Record<string, { range: unknown; newText: string }[]> } }[]>(
          'textDocument/codeAction',
          { textDocument: { uri }, range: { start: end, end }, context: { diagnostics: [], only: ['source.fixAll.smGuardrails'] } },
          30000,
        );
        assert.equal(fixAll.length, 1);
        assert.deepEqual(fixAll[0]!.edit.changes[uri]!.map((e) => e.newText), ['s']);
        const at = { line: 0, character: script.indexOf('"Unknown1234"') + 1 };
        const quick = await client.request<{ title: string }[]>('textDocument/codeAction', { textDocument: { uri }, range: { start: at, end: at }, context: { diagnostics: [] } }, 30000);
        assert.ok(quick.some((a) => a.title === 'Remove Unknown1234'), quick.map((a) => a.title).join(', '));
        await client.request('shutdown', null);
        client.notify('exit', null);
      } finally {
        client.kill();
      }
    });
  });

  describe('huge documents (item 8)', () => {
    /** About 20 MB of Python with a config at its start: parsing it once took 10 s and 1.9 GB. */
    const hugePython = (): string => {
      const config = 'sm.update_endpoint(EndpointName="e", DeploymentConfig={"RollingUpdatePolicy": {"MaximumBatchSize": {"Type": "CAPACITY_PERCENT", "Value": 60}, "WaitIntervalInSeconds": 60}})\n';
      const filler = Array.from({ length: 1000 }, (_, i) => `def f${i}(x):\n    return x + ${i}\n\n`).join('');
      return config + filler.repeat(Math.ceil(20_000_000 / filler.length));
    };

    it('the language server answers a 20 MB Python document with one document-too-large warning at its start, and keeps answering', async () => {
      const text = hugePython();
      const client = new LspClient(process.execPath, [serverPath, '--stdio'], { cwd: root });
      try {
        await client.request('initialize', { processId: process.pid, rootUri: pathToFileURL(project).href, capabilities: {} }, 20000);
        client.notify('initialized', {});
        const uri = pathToFileURL(join(project, 'huge.py')).href;
        client.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'python', version: 1, text } });
        const published = await client.waitForDiagnostics(uri, (p) => p.version === 1, { timeoutMs: 30000 });
        assert.deepEqual(
          published.diagnostics.map((d) => [d.code, d.severity, d.range.start.line, d.range.start.character, d.range.end.line, d.range.end.character]),
          [['document-too-large', 2, 0, 0, 0, 0]],
        );
        assert.match(published.diagnostics[0]!.message, new RegExp(`^This document has ${text.length.toLocaleString('en-US')} characters; documents over 6,000,000 are not checked`));
        // A small document opened next is checked as usual.
        const small = pathToFileURL(join(project, 'small.py')).href;
        const smallText = text.slice(0, text.indexOf('\n') + 1);
        client.notify('textDocument/didOpen', { textDocument: { uri: small, languageId: 'python', version: 1, text: smallText } });
        const checked = await client.waitForDiagnostics(small, (p) => p.version === 1, { timeoutMs: 30000 });
        assert.deepEqual(checked.diagnostics.map((d) => d.code).sort(), ['no-rollback-alarms', 'rolling-batch-size']);
        await client.request('shutdown', null);
        client.notify('exit', null);
      } finally {
        client.kill();
      }
    });

    it('the CLI reports it the same way (exit 0: a warning)', () => {
      writeFileSync(join(project, 'huge.py'), hugePython());
      const result = cli(project, 'check', '--format', 'json', 'huge.py');
      const findings = JSON.parse(result.stdout) as JsonFinding[];
      assert.deepEqual(findings.map((f) => [f.code, f.severity, f.line, f.column]), [['document-too-large', 'warning', 1, 1]]);
      assert.equal(result.status, 0);
    });
  });

  describe('check --fix settles in one run (item 8)', () => {
    it('a Python config that needs three rounds of fixes (a mode, then its size, then the size\'s keys) is fixed by one run; a second run changes nothing', () => {
      const text = 'sm.update_endpoint(DeploymentConfig={"BlueGreenUpdatePolicy": {"TrafficRoutingConfiguration": {"Type": "CANARY", "CanarySize": {}, "LinearStepSize": {}}}, "AutoRollbackConfiguration": {"Alarms": [{"AlarmName": "a"}]}})\n';
      const file = join(project, 'rounds.py');
      writeFileSync(file, text);
      cli(project, 'check', '--fix', 'rounds.py');
      const once = readFileSync(file, 'utf8');
      assert.equal(
        once,
        'sm.update_endpoint(DeploymentConfig={"BlueGreenUpdatePolicy": {"TrafficRoutingConfiguration": {"Type": "CANARY", "CanarySize": {"Type": "CAPACITY_PERCENT", "Value": 10}, "WaitIntervalInSeconds": 600}}, "AutoRollbackConfiguration": {"Alarms": [{"AlarmName": "a"}]}})\n',
      );
      const second = cli(project, 'check', '--fix', 'rounds.py');
      assert.equal(readFileSync(file, 'utf8'), once);
      assert.equal(second.stderr, '', 'nothing more to fix');
    });
  });
});
