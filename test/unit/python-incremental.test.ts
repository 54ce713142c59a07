// A re-check after an edit reuses what the previous checks found (the kept text index, converted
// config roots, the rules' findings per config, a notebook's unchanged cells). After any sequence
// of edits its findings must be exactly those of a check of the same text seen for the first time.
import { strict as assert } from 'node:assert';
import { analyzeNotebook, checkBlocks, checkDocument, finalizeFindings, withoutCheckCaches, type SyntaxParsers } from '../../server/src/core/check';
import type { NotebookCell } from '../../server/src/core/hosts/notebook';
import { buildPythonTextIndex, INDEXED_WORDS, pythonTextIndex } from '../../server/src/core/hosts/python-index';
import { IncrementalParser } from '../../server/src/core/incremental';
import type { Finding } from '../../server/src/core/model';
import { describeFinding, parsersReady } from './helpers/findings';
import { random } from './helpers/random';


function configDict(i: number, rollback?: string): string {
  const alarms = rollback ?? `{"Alarms": [{"AlarmName": "endpoint-${i}-5xx"}, {"AlarmName": "endpoint-${i}-latency"}]}`;
  switch (i % 3) {
    case 0:
      return `{\n    "BlueGreenUpdatePolicy": {\n        "TrafficRoutingConfiguration": {\n            "Type": "CANARY",\n            "CanarySize": {"Type": "CAPACITY_PERCENT", "Value": ${i % 5 === 0 ? 60 : 10}},\n            "WaitIntervalInSeconds": ${300 + i},\n        },\n        "TerminationWaitInSeconds": 600,\n        "MaximumExecutionTimeoutInSeconds": 3600,\n    },\n    "AutoRollbackConfiguration": ${alarms},\n}`;
    case 1:
      return `{\n    'BlueGreenUpdatePolicy': {\n        'TrafficRoutingConfiguration': {'Type': 'LINEAR', 'LinearStepSize': {'Type': 'CAPACITY_PERCENT', 'Value': 20}, 'WaitIntervalInSeconds': ${i % 4 === 1 ? `"${120 + i}"` : 120 + i}},\n        'MaximumExecutionTimeoutInSeconds': 7200,\n    },\n}`;
    default:
      return `{\n    "RollingUpdatePolicy": {\n        "MaximumBatchSize": {"Type": "${i % 4 === 2 ? 'CAPACITY_PERCENTAGE' : 'CAPACITY_PERCENT'}", "Value": 25},\n        "WaitIntervalInSeconds": ${200 + i},\n    },\n    "AutoRollbackConfiguration": ${alarms},\n}`;
  }
}

/** Configs written the ways the bench file writes them (inline, module names, nested names, changed in place), between ordinary code. */
function deployments(configs: number): string[] {
  const parts = ['import boto3\n\nsm = boto3.client("sagemaker")\n'];
  for (let i = 0; i < configs; i++) {
    parts.push(`class Store${i}:\n    def get(self, key):\n        rows = [x * ${i} for x in range(${i + 3})]\n        self.cache[key] = rows\n        return rows\n`);
    switch (i % 5) {
      case 0:
        parts.push(`def deploy_${i}():\n    sm.update_endpoint(EndpointName="e${i}", EndpointConfigName="c${i}", DeploymentConfig=${configDict(i)})\n`);
        break;
      case 1:
        parts.push(`CONFIG_${i} = ${configDict(i)}\n\ndef deploy_${i}():\n    sm.update_endpoint(EndpointName="e${i}", DeploymentConfig=CONFIG_${i})\n`);
        break;
      case 2:
        parts.push(`def deploy_${i}():\n    rollback_${i} = {"Alarms": [{"AlarmName": "a-${i}"}]}\n    config_${i} = ${configDict(i, `rollback_${i}`)}\n    sm.update_endpoint(EndpointName="e${i}", DeploymentConfig=config_${i})\n`);
        break;
      case 3:
        parts.push(`cfg_${i} = ${configDict(i)}\ncfg_${i}["AutoRollbackConfiguration"] = {"Alarms": []}\nsm.update_endpoint(EndpointName="e${i}", DeploymentConfig=cfg_${i}, AutoRollbackConfiguration={"Alarms": []})\n`);
        break;
      default:
        parts.push(`sm.create_endpoint_config(EndpointConfigName="c${i}", ProductionVariants=[{"InitialInstanceCount": ${i % 7 + 1}}])\nsm.update_inference_component(InferenceComponentName="ic${i}", RuntimeConfig={"CopyCount": 4}, DeploymentConfig=${configDict(i)})\n`);
    }
  }
  return parts;
}

/** Pieces the random edits insert: characters that change the syntax around them, names configs use, whole configs. */
const SNIPPETS = ['7', '', '\n', ' ', '"', "'", '"""', '{', '}', '[', ']', '(', ')', ':', '=', '==', '#', '\\', 'x = 1\n', 'rollback_2', 'config_2 = {}\n', 'rollback_7 = {"Alarms": []}\n', 'CONFIG_1["X"] = 1\n', 'del config_7[0]\n', 'CONFIG_6.update(', ' += ', 'DeploymentConfig', 'DeploymentConfig=', '"RollingUpdatePolicy": {"WaitIntervalInSeconds": 5},', 'InitialInstanceCount=3,', '"CopyCount": 2,', '# sm-guardrails: ignore\n', `NEW = ${configDict(9)}\n`];

/** One random edit: characters, a snippet, whole lines or a whole config removed. */
function edit(text: string, next: () => number): string {
  const choice = next();
  if (choice < 0.15) {
    const lines = text.split('\n');
    lines.splice(Math.floor(next() * lines.length), 1 + Math.floor(next() * 3));
    return lines.join('\n');
  }
  if (choice < 0.2) {
    // A whole config (from a top-level statement to the next) cut out, or copied elsewhere.
    const start = text.indexOf('\n', Math.floor(next() * text.length));
    const end = start === -1 ? -1 : text.indexOf('\ndef ', start + 1);
    if (start === -1 || end === -1) return text;
    const piece = text.slice(start, end);
    const without = text.slice(0, start) + text.slice(end);
    if (next() < 0.5) return without;
    const at = without.indexOf('\n', Math.floor(next() * without.length));
    return at === -1 ? without : without.slice(0, at) + piece + without.slice(at);
  }
  const where = Math.floor(next() * text.length);
  const removed = Math.floor(next() * (next() < 0.1 ? 400 : 4));
  return text.slice(0, where) + SNIPPETS[Math.floor(next() * SNIPPETS.length)]! + text.slice(Math.min(text.length, where + removed));
}

/** Findings as a user sees them (position, code, message), with each config's place. */
function asSeen(text: string, findings: readonly Finding[]): string[] {
  return findings.map((f) => `${describeFinding(text, f)} ${f.message}`);
}

describe('re-checks after edits give what a first check gives', () => {
  let parsers: SyntaxParsers;
  before(async () => {
    parsers = await parsersReady();
  });

  for (const seed of [12, 2026]) {
    it(`a Python file with 20 configs, after 120 random edits (seed ${seed})`, function () {
      this.timeout(120_000);
      const next = random(seed);
      let text = deployments(20).join('\n');
      const incremental = new IncrementalParser(parsers.python);
      try {
        for (let round = 0; round < 120; round++) {
          text = edit(text, next);
          const tree = incremental.parse(text);
          const again = checkDocument(text, 'python', { parsers, pythonTree: tree });
          const fresh = withoutCheckCaches(() => {
            const freshTree = parsers.python.parse(text)!;
            try {
              return checkDocument(text, 'python', { parsers, pythonTree: freshTree });
            } finally {
              freshTree.delete();
            }
          });
          assert.deepEqual(asSeen(text, again.findings), asSeen(text, fresh.findings), `round ${round}`);
          assert.deepEqual(again, fresh, `round ${round}: blocks and findings`);
          // The kept index is the one a reading of the whole text gives.
          const kept = pythonTextIndex(text);
          const read = buildPythonTextIndex(text);
          for (const word of INDEXED_WORDS) assert.deepEqual(kept.occurrences(word), read.occurrences(word), `round ${round}: ${word}`);
        }
      } finally {
        incremental.dispose();
      }
    });
  }

  it('a notebook of 25 cells, after 80 random edits of its cells', function () {
    this.timeout(120_000);
    const next = random(7);
    let cells: NotebookCell[] = [];
    deployments(8).forEach((code, i) => {
      cells.push({ kind: 'code', text: code });
      if (i % 3 === 0) cells.push({ kind: 'markdown', text: `## Step ${i}` });
      if (i % 4 === 0) cells.push({ kind: 'code', text: `!aws sagemaker update-endpoint --endpoint-name e${i} --deployment-config '{"RollingUpdatePolicy": {"MaximumBatchSize": {"Type": "CAPACITY_PERCENT", "Value": ${i}}, "WaitIntervalInSeconds": 300}}'` });
    });
    const incremental = new IncrementalParser(parsers.python);
    const checked = (analysis: ReturnType<typeof analyzeNotebook>) => ({ ...analysis, findings: finalizeFindings([...analysis.findings, ...checkBlocks(analysis.blocks)]) });
    try {
      for (let round = 0; round < 80; round++) {
        const index = Math.floor(next() * cells.length);
        const choice = next();
        if (choice < 0.05) cells = cells.filter((_, i) => i !== index);
        else if (choice < 0.1) cells = [...cells.slice(0, index), { kind: 'code', text: `x_${round} = ${configDict(round)}` }, ...cells.slice(index)];
        else cells = cells.map((cell, i) => (i === index ? { kind: cell.kind, text: edit(cell.text, next) } : cell));
        const again = checked(analyzeNotebook(cells, { parsers }, incremental));
        const fresh = withoutCheckCaches(() => checked(analyzeNotebook(cells, { parsers })));
        assert.deepEqual(asSeen(again.virtualText, again.findings), asSeen(fresh.virtualText, fresh.findings), `round ${round}`);
        assert.deepEqual(again, fresh, `round ${round}: blocks and findings`);
      }
    } finally {
      incremental.dispose();
    }
  });
});
