// The JSON figure of `npm run bench`: a 1 MB JSON file holding 100 UpdateEndpoint requests (each
// with a DeploymentConfig among other data), checked by our JSON host and rules, against
// vscode-json-languageservice (the engine of VS Code's JSON support) validating the same document
// with our schema placed at every DeploymentConfig. Warm: repeated in one process; cold: the first
// check in a fresh process (modules already loaded, schema compiled on first use as in a real start).
// `node out/scripts/bench-json.js cold ours|anchor FILE` prints one cold time in ms.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { getLanguageService, TextDocument } from 'vscode-json-languageservice';
import { checkDocument } from '../server/src/core/check';
import { loadParsers } from '../server/src/node/grammars';

const SCHEMA_PATH = join(__dirname, '..', '..', 'schemas', 'deployment-config.schema.json');

/** About `bytes` of JSON: an array of requests, `configs` of them with a DeploymentConfig (some with mistakes). */
export function jsonWithConfigs(configs: number, bytes: number): string {
  const requests: unknown[] = [];
  const fillerRows = Math.max(1, Math.floor(bytes / configs / 185));
  for (let i = 0; i < configs; i++) {
    requests.push({
      EndpointName: `endpoint-${i}`,
      EndpointConfigName: `endpoint-${i}-v2`,
      Tags: Array.from({ length: fillerRows }, (_, k) => ({ Key: `team-${k}`, Value: `owner ${i}.${k} of the inference fleet`, Extra: { weight: k / 10, enabled: k % 2 === 0 } })),
      DeploymentConfig:
        i % 2 === 0
          ? {
              BlueGreenUpdatePolicy: {
                TrafficRoutingConfiguration: { Type: 'CANARY', CanarySize: { Type: 'CAPACITY_PERCENT', Value: i % 10 === 0 ? 75 : 10 }, WaitIntervalInSeconds: 600 },
                TerminationWaitInSeconds: 600,
                MaximumExecutionTimeoutInSeconds: 7200,
              },
              AutoRollbackConfiguration: { Alarms: [{ AlarmName: `endpoint-${i}-5xx` }] },
            }
          : {
              RollingUpdatePolicy: { MaximumBatchSize: { Type: i % 3 === 0 ? 'CAPACITY_PERCENTAGE' : 'CAPACITY_PERCENT', Value: 20 }, WaitIntervalInSeconds: 300 },
              AutoRollbackConfiguration: { Alarms: [{ AlarmName: `endpoint-${i}-latency` }] },
            },
    });
  }
  return JSON.stringify(requests, null, 2) + '\n';
}

type Check = (text: string) => Promise<number>;

/** Ours, as the server and CLI check a JSON document: host extraction, schema and guardrail rules. */
export async function oursChecker(): Promise<Check> {
  const parsers = await loadParsers();
  return async (text) => checkDocument(text, 'json', { parsers }).findings.length;
}

/** vscode-json-languageservice with our schema at every request's DeploymentConfig. */
export function anchorChecker(): Check {
  const schema = JSON.parse(readFileSync(SCHEMA_PATH, 'utf8'));
  const service = getLanguageService({ schemaRequestService: async () => JSON.stringify(schema) });
  service.configure({
    validate: true,
    schemas: [
      { uri: 'bench://deployment-config.schema.json', schema },
      { uri: 'bench://requests.schema.json', fileMatch: ['*.json'], schema: { type: 'array', items: { type: 'object', properties: { DeploymentConfig: { $ref: 'bench://deployment-config.schema.json' } } } } },
    ],
  });
  let version = 0;
  return async (text) => {
    const document = TextDocument.create('file:///bench/requests.json', 'json', ++version, text);
    const parsed = service.parseJSONDocument(document);
    return (await service.doValidation(document, parsed)).length;
  };
}

async function coldOnce(which: string, file: string): Promise<void> {
  const text = readFileSync(file, 'utf8');
  const check = which === 'ours' ? await oursChecker() : anchorChecker();
  const start = performance.now();
  const found = await check(text);
  process.stdout.write(JSON.stringify({ ms: performance.now() - start, found }) + '\n');
}

if (require.main === module && process.argv[2] === 'cold') {
  coldOnce(process.argv[3]!, process.argv[4]!).then(
    () => process.exit(0),
    (error) => {
      console.error(error);
      process.exit(1);
    },
  );
}
