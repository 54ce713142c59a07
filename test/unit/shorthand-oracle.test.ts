// Our AWS CLI shorthand parser (server/src/core/hosts/shorthand.ts) is a port of awscli's
// ShorthandParser; this test runs the real one (python3 + awscli, once, all inputs over stdin)
// and requires the same accept/reject and, for accepted inputs, the same plain value.
// It skips only when python3 or awscli is missing.
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { ShorthandParser, ShorthandSyntaxError } from '../../server/src/core/hosts/shorthand';
import type { ValueNode } from '../../server/src/core/model';

type Plain = string | Plain[] | { [key: string]: Plain };
type Outcome = { ok: true; value: Plain } | { ok: false; error: string };

/** [what it shows, the shorthand value exactly as the CLI receives it (after the shell)]. */
const CORPUS: [string, string][] = [
  // Deployment configs, valid
  ['rolling', 'RollingUpdatePolicy={MaximumBatchSize={Type=CAPACITY_PERCENT,Value=10},WaitIntervalInSeconds=300}'],
  ['canary with alarms', 'BlueGreenUpdatePolicy={TrafficRoutingConfiguration={Type=CANARY,CanarySize={Type=INSTANCE_COUNT,Value=1},WaitIntervalInSeconds=600}},AutoRollbackConfiguration={Alarms=[{AlarmName=a},{AlarmName=b}]}'],
  ['linear with timeouts', 'BlueGreenUpdatePolicy={TrafficRoutingConfiguration={Type=LINEAR,LinearStepSize={Type=CAPACITY_PERCENT,Value=20},WaitIntervalInSeconds=300},TerminationWaitInSeconds=600,MaximumExecutionTimeoutInSeconds=7200}'],
  ['all at once', 'BlueGreenUpdatePolicy={TrafficRoutingConfiguration={Type=ALL_AT_ONCE,WaitIntervalInSeconds=0}}'],
  ['rolling with rollback batch and one alarm', 'RollingUpdatePolicy={MaximumBatchSize={Type=INSTANCE_COUNT,Value=2},WaitIntervalInSeconds=120,MaximumExecutionTimeoutInSeconds=3600,RollbackMaximumBatchSize={Type=CAPACITY_PERCENT,Value=100}},AutoRollbackConfiguration={Alarms=[{AlarmName=latency-p99}]}'],
  ['across lines, indented', 'BlueGreenUpdatePolicy={\n  TrafficRoutingConfiguration={\n    Type=CANARY,\n    CanarySize={Type=CAPACITY_PERCENT, Value=10},\n    WaitIntervalInSeconds=600\n  }\n}'],
  ['spaces around = , { }', 'RollingUpdatePolicy = { MaximumBatchSize = { Type = CAPACITY_PERCENT , Value = 10 } , WaitIntervalInSeconds = 300 }'],
  ['alarm names quoted, with commas and spaces', `AutoRollbackConfiguration={Alarms=[{AlarmName='p99 latency, prod'},{AlarmName="5xx errors"}]}`],
  ['lowercase enum value (parser does not judge)', 'RollingUpdatePolicy={MaximumBatchSize={Type=capacity_percent,Value=10}}'],
  // Lists and scalars
  ['a=b,c is a list', 'a=b,c'],
  ['a=b,c,d', 'a=b,c,d'],
  ['two keys', 'a=b,c=d'],
  ['list then key', 'a=b,c,d=e'],
  ['value with spaces', 'a=hello world'],
  ['value with spaces then key', 'a=b c,d=e'],
  ['leading and trailing spaces', 'a=  b  '],
  ['empty value', 'a='],
  ['= inside a value', 'a=x=y'],
  ['@= (paramfile marker, plain value)', 'a@=b'],
  ['non-ASCII letters', 'AlarmName=alarme-été'],
  // Quotes and escapes
  ['single-quoted with escaped quote', "a='it\\'s'"],
  ['double-quoted with escaped quotes', 'a="say \\"hi\\""'],
  ['double-quoted with escaped backslash', 'a="c:\\\\temp"'],
  ['quoted items in a list', `a='x,y',"z"`],
  ['escaped comma', 'a=b\\,c'],
  ['escaped comma in a list', 'a=b\\,c,d'],
  ['escaped comma before the next key', 'a=b,c\\,d=e'],
  // Explicit lists and hashes
  ['nested lists', 'a=[[1,2],[3,[4,5]]]'],
  ['empty list and empty hash', 'a=[],b={}'],
  ['list of hashes', 'Alarms=[{AlarmName=a},{AlarmName=b}]'],
  ['trailing comma in a list', 'a=[b,]'],
  ['trailing comma in a hash', 'a={b=c,}'],
  ['duplicate key inside a hash (last wins)', 'a={b=1,b=2}'],
  ['empty key inside a hash', 'a={=b}'],
  ['double comma between keys', 'a=b,,c=d'],
  ['no-break space after a comma', 'a=b,\u00a0c=d'],
  ['emoji (outside the BMP) in a value', 'AlarmName=\u{1F6A8}-alarm'],
  // Invalid
  ['JSON without outer braces (guide example)', '"BlueGreenUpdatePolicy": {"TrafficRoutingConfiguration": {"Type": "ALL_AT_ONCE", "WaitIntervalInSeconds": 0}}'],
  ['JSON without outer braces, rolling', '"RollingUpdatePolicy": {"MaximumBatchSize": {"Type": "CAPACITY_PERCENT", "Value": 10}, "WaitIntervalInSeconds": 300}'],
  ['JSON object (the CLI would read it as JSON)', '{"RollingUpdatePolicy": {}}'],
  ['unbalanced: missing }', 'RollingUpdatePolicy={MaximumBatchSize={Type=CAPACITY_PERCENT,Value=10}'],
  ['unbalanced: extra }', 'RollingUpdatePolicy={MaximumBatchSize={Type=CAPACITY_PERCENT,Value=10}}}'],
  ['unbalanced: missing ]', 'AutoRollbackConfiguration={Alarms=[{AlarmName=a}}'],
  ['duplicate top-level key', 'RollingUpdatePolicy={WaitIntervalInSeconds=300},RollingUpdatePolicy={WaitIntervalInSeconds=600}'],
  ['duplicate key after a comma meant as a space', 'AutoRollbackConfiguration={Alarms=[{AlarmName=a}]},AutoRollbackConfiguration={Alarms=[]}'],
  ['missing = before {', 'RollingUpdatePolicy{WaitIntervalInSeconds=300}'],
  ['missing = inside a hash', 'RollingUpdatePolicy={WaitIntervalInSeconds 300}'],
  ['missing , between hash members', 'RollingUpdatePolicy={WaitIntervalInSeconds=300 MaximumExecutionTimeoutInSeconds=600}'],
  ['unterminated quote', "AlarmName='unterminated"],
  ['trailing comma at top level', 'a=b,'],
  ['empty input', ''],
];

// Reads a JSON array of strings on stdin, prints one outcome per input. Exit 3: awscli missing.
const ORACLE = `
import json, sys
try:
    from awscli.shorthand import ShorthandParser, ShorthandParseError
except Exception as error:
    print('awscli is not importable by python3: %s' % error, file=sys.stderr)
    sys.exit(3)
out = []
for value in json.load(sys.stdin):
    try:
        out.append({'ok': True, 'value': ShorthandParser().parse(value)})
    except ShorthandParseError as error:
        out.append({'ok': False, 'error': str(error).split('\\n')[0]})
json.dump(out, sys.stdout)
`;

function runAwscli(inputs: string[]): { skip: string } | { outcomes: Outcome[] } {
  const result = spawnSync('python3', ['-c', ORACLE], { input: JSON.stringify(inputs), encoding: 'utf8', timeout: 60_000 });
  if (result.error !== undefined) {
    if ((result.error as NodeJS.ErrnoException).code === 'ENOENT') return { skip: 'python3 is not on PATH' };
    throw result.error;
  }
  if (result.status === 3) return { skip: result.stderr.trim() || 'awscli is not importable by python3' };
  assert.equal(result.status, 0, `python3 (awscli oracle) exited with ${result.status}: ${result.stderr}`);
  return { outcomes: JSON.parse(result.stdout) as Outcome[] };
}

/** Our tree as awscli's plain value: object -> dict (a repeated key: the last one wins, as in a Python dict), array -> list, string -> value. */
function toPlain(node: ValueNode): Plain {
  switch (node.kind) {
    case 'object': {
      const object: { [key: string]: Plain } = {};
      for (const property of node.properties) object[property.key] = property.value ? toPlain(property.value) : '';
      return object;
    }
    case 'array':
      return node.items.map(toPlain);
    case 'string':
      return node.value;
    default:
      throw new Error(`the shorthand parser made a ${node.kind} node`);
  }
}

function ours(value: string): Outcome {
  try {
    return { ok: true, value: toPlain(new ShorthandParser(value, (i) => i).parse()) };
  } catch (error) {
    if (error instanceof ShorthandSyntaxError) return { ok: false, error: error.message };
    throw error;
  }
}

describe('shorthand parser vs awscli ShorthandParser', function () {
  let theirs: Outcome[] = [];

  before(function () {
    this.timeout(60_000);
    const result = runAwscli(CORPUS.map(([, value]) => value));
    if ('skip' in result) {
      // The oracle is optional on a developer's machine, never in CI (python3 with botocore and awscli is installed there).
      if (process.env.CI === 'true') throw new Error(`CI=true and the Python oracle is unavailable: ${result.skip.split('\n')[0]}`);
      console.log(`    skipped: ${result.skip.split('\n')[0]}`);
      this.skip();
    }
    theirs = result.outcomes;
    assert.equal(theirs.length, CORPUS.length, 'one awscli outcome per input');
  });

  it('covers valid and invalid inputs', () => {
    assert.ok(theirs.filter((o) => o.ok).length >= 20, 'at least 20 inputs awscli accepts');
    assert.ok(theirs.filter((o) => !o.ok).length >= 10, 'at least 10 inputs awscli rejects');
  });

  CORPUS.forEach(([label, value], i) => {
    it(`${label}: ${JSON.stringify(value)}`, () => {
      const expected = theirs[i]!;
      const actual = ours(value);
      const show = (o: Outcome) => (o.ok ? `accepts ${JSON.stringify(o.value)}` : `rejects (${o.error})`);
      assert.equal(actual.ok, expected.ok, `awscli ${show(expected)}; ours ${show(actual)}`);
      if (actual.ok && expected.ok) assert.deepStrictEqual(actual.value, expected.value, `awscli ${show(expected)}; ours ${show(actual)}`);
    });
  });
});
