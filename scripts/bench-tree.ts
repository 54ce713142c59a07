// A generated project tree for the CLI benchmark: 2,000 files of the kinds `check` reads (Python,
// JSON, Markdown, notebooks, shell), 5% of them holding DeploymentConfig blocks, the rest ordinary
// code and data without any trigger word. Deterministic (no randomness), so runs compare.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** The trigger words, as `rg -l` is given them for the comparison. */
export const TRIGGER_PATTERN = 'DeploymentConfig|BlueGreenUpdatePolicy|RollingUpdatePolicy|AutoRollbackConfiguration|--deployment-config';

function plainPython(n: number, lines: number): string {
  const out = [`"""Module ${n}: feature engineering helpers."""`, 'import math', 'from dataclasses import dataclass', ''];
  for (let k = 0; out.length < lines; k++) {
    out.push(
      '@dataclass',
      `class Feature${n}_${k}:`,
      '    name: str',
      `    weight: float = ${(k % 9) / 10}`,
      '',
      `    def score(self, values: list[float]) -> float:`,
      `        # weighted mean of the values, clipped to [0, ${k + 1}]`,
      '        total = sum(v * self.weight for v in values)',
      `        return max(0.0, min(${k + 1}.0, total / max(1, len(values))))`,
      '',
      '',
    );
  }
  return out.join('\n') + '\n';
}

function configPython(n: number): string {
  const value = n % 4 === 0 ? 75 : 20;
  return (
    plainPython(n, 120) +
    `
import boto3

sm = boto3.client("sagemaker")
DEPLOYMENT_CONFIG = {
    "BlueGreenUpdatePolicy": {
        "TrafficRoutingConfiguration": {
            "Type": "CANARY",
            "CanarySize": {"Type": "CAPACITY_PERCENT", "Value": ${value}},
            "WaitIntervalInSeconds": 600,
        },
        "TerminationWaitInSeconds": 600,
        "MaximumExecutionTimeoutInSeconds": 7200,
    },
    "AutoRollbackConfiguration": {"Alarms": [{"AlarmName": "endpoint-${n}-5xx"}]},
}
sm.update_endpoint(EndpointName="e${n}", EndpointConfigName="e${n}-v2", DeploymentConfig=DEPLOYMENT_CONFIG)
` +
    plainPython(n + 1, 120)
  );
}

function plainJson(n: number): string {
  const rows = Array.from({ length: 40 + (n % 60) }, (_, k) => ({ id: `${n}-${k}`, label: `item ${k}`, score: (k * 37) % 100, tags: ['a', 'b', String(k % 7)], nested: { enabled: k % 2 === 0, ratio: k / 10 } }));
  return JSON.stringify({ version: 3, dataset: `ds-${n}`, rows }, null, 2) + '\n';
}

function configJson(n: number): string {
  return (
    JSON.stringify(
      {
        EndpointName: `e${n}`,
        EndpointConfigName: `e${n}-v2`,
        DeploymentConfig: {
          RollingUpdatePolicy: { MaximumBatchSize: { Type: n % 3 === 0 ? 'CAPACITY_PERCENTAGE' : 'CAPACITY_PERCENT', Value: 20 }, WaitIntervalInSeconds: 300 },
          AutoRollbackConfiguration: { Alarms: [{ AlarmName: `e${n}-latency` }] },
        },
      },
      null,
      2,
    ) + '\n'
  );
}

function plainMarkdown(n: number): string {
  return `# Notes ${n}\n\nHow the batch job reads its features.\n\n\`\`\`python\nprint(${n})\n\`\`\`\n\n` + 'Some prose about the pipeline and its stages.\n'.repeat(30);
}

function configShell(n: number): string {
  return `#!/bin/sh\nset -e\naws sagemaker update-endpoint --endpoint-name e${n} --endpoint-config-name e${n}-v2 \\\n  --deployment-config '{"BlueGreenUpdatePolicy": {"TrafficRoutingConfiguration": {"Type": "LINEAR", "LinearStepSize": {"Type": "CAPACITY_PERCENT", "Value": ${n % 2 ? 5 : 20}}, "WaitIntervalInSeconds": 300}, "MaximumExecutionTimeoutInSeconds": 7200}, "AutoRollbackConfiguration": {"Alarms": [{"AlarmName": "a"}]}}'\n`;
}

function plainShell(n: number): string {
  return `#!/bin/sh\nset -e\n` + Array.from({ length: 30 }, (_, k) => `echo "step ${n}.${k}"\npython train.py --epochs ${k + 1} --out out/${n}-${k}\n`).join('');
}

function notebook(cells: string[]): string {
  return (
    JSON.stringify(
      {
        cells: cells.map((source) => ({ cell_type: 'code', execution_count: 1, metadata: {}, outputs: [{ name: 'stdout', output_type: 'stream', text: ['ok\n'] }], source: source.split(/(?<=\n)/) })),
        metadata: { kernelspec: { name: 'python3', display_name: 'Python 3' } },
        nbformat: 4,
        nbformat_minor: 5,
      },
      null,
      1,
    ) + '\n'
  );
}

/** Writes the tree under `dir`; returns how many files and how many hold configs. */
export function writeTree(dir: string, files = 2000): { files: number; withConfigs: number } {
  let withConfigs = 0;
  for (let i = 0; i < files; i++) {
    const folder = join(dir, `pkg${i % 20}`, `mod${i % 7}`);
    mkdirSync(folder, { recursive: true });
    const config = i % 20 === Math.floor(i / 20) % 20; // 5%, spread over every kind of file
    if (config) withConfigs++;
    const kind = i % 10;
    let name: string;
    let text: string;
    if (kind < 6) [name, text] = [`m${i}.py`, config ? configPython(i) : plainPython(i, 150 + (i % 200))];
    else if (kind < 8) [name, text] = [`d${i}.json`, config ? configJson(i) : plainJson(i)];
    else if (kind === 8) [name, text] = i % 20 === 18 ? [`n${i}.ipynb`, notebook([plainPython(i, 40), config ? configPython(i) : plainPython(i + 1, 60)])] : [`r${i}.md`, plainMarkdown(i)];
    else [name, text] = [`s${i}.sh`, config ? configShell(i) : plainShell(i)];
    writeFileSync(join(folder, name), text);
  }
  return { files, withConfigs };
}
