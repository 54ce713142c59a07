// CDK and CDK for Terraform in TypeScript/JavaScript: camelCase props of CfnEndpoint,
// CfnInferenceComponent and SagemakerEndpoint, the addPropertyOverride escape hatch in
// PascalCase, names bound to object literals, and fixes written back in the file's style.
import { strict as assert } from 'node:assert';
import { analyzeDocument, checkDocument, type SyntaxParsers } from '../../server/src/core/check';
import { quickFixes } from '../../server/src/core/edits/fixes';
import { applyEdits } from '../../server/src/core/edits/text-edit';
import { completionsAt } from '../../server/src/core/services/completion';
import { hoverAt } from '../../server/src/core/services/hover';
import { at, atIn, check, findings, parsersReady } from './helpers/findings';

let parsers: SyntaxParsers;

const stack = `import * as cdk from 'aws-cdk-lib';
import * as sagemaker from 'aws-cdk-lib/aws-sagemaker';

export class InferenceStack extends cdk.Stack {
  constructor(scope: cdk.App, id: string, props: cdk.StackProps) {
    super(scope, id, props);
    const config = new sagemaker.CfnEndpointConfig(this, 'Config', {
      productionVariants: [{ variantName: 'AllTraffic', modelName: model.attrModelName, initialInstanceCount: 4, instanceType: 'ml.g5.xlarge' }],
    });
    const canary = { type: 'CAPACITY_PERCENT', value: 75 };
    new sagemaker.CfnEndpoint(this, 'Endpoint', {
      endpointConfigName: config.attrEndpointConfigName,
      deploymentConfig: {
        blueGreenUpdatePolicy: {
          trafficRoutingConfiguration: {
            type: 'CANARY',
            canarySize: canary,
            waitIntervalInSeconds: props.bakeSeconds,
          },
          maximumExecutionTimeoutInSeconds: 1800,
        },
        autoRollbackConfiguration: { alarms: [{ alarmName: errors.alarmName }] },
      },
    });
  }
}
`;

describe('CDK TypeScript/JavaScript host', () => {
  before(async () => {
    parsers = await parsersReady();
  });

  it('reads CfnEndpoint props in camelCase, follows names, and reports on the token', () => {
    const [block] = analyzeDocument(stack, 'typescript', { parsers }).blocks;
    assert.deepEqual([block?.family, block?.dialect, block?.keyDialect, block?.fleetSize], ['endpoint', 'cloudformation', 'camel', 4]);
    assert.deepEqual(findings(stack, 'typescript'), [atIn(stack, 'value: 75', '75', 'canary-size')]);
  });

  it('names keys in camelCase in messages and fix titles', () => {
    const text = stack.replace('waitIntervalInSeconds: props.bakeSeconds', 'waitIntervalSeconds: 600');
    const found = check(text, 'typescript');
    const unknown = found.find((f) => f.code === 'unknown-key')!;
    assert.equal(text.slice(unknown.span.offset, unknown.span.offset + unknown.span.length), 'waitIntervalSeconds');
    assert.match(unknown.message, /"waitIntervalInSeconds"/);
    const analysis = checkDocument(text, 'typescript', { parsers });
    const rename = quickFixes(text, 'typescript', analysis, unknown).find((f) => f.isPreferred)!;
    assert.equal(rename.title, 'Rename to waitIntervalInSeconds');
    assert.match(applyEdits(text, rename.edits), /\n {12}waitIntervalInSeconds: 600,\n/);
  });

  it('hovers with camelCase key names, in the title and in the text', () => {
    const text = stack.replace('waitIntervalInSeconds: props.bakeSeconds', 'waitIntervalInSeconds: 600');
    const blocks = analyzeDocument(text, 'typescript', { parsers }).blocks;
    const size = hoverAt(blocks, text.indexOf('canarySize') + 1)!;
    assert.equal(text.slice(size.span.offset, size.span.offset + size.span.length), 'canarySize');
    assert.deepEqual(size.markdown.split('\n').slice(0, 5), [
      '**trafficRoutingConfiguration.canarySize** · guardrail: at most 50% of the fleet · required for CANARY, not allowed otherwise',
      '',
      'CANARY only: how much of the green fleet takes traffic in the first step. At most 50% of the fleet.',
      '',
      '**In this config:** 75% (3 of 4 instances) first, then the rest; 2 baking periods of 10 min.',
    ]);
    const mode = hoverAt(blocks, text.indexOf("'CANARY'") + 1)!;
    assert.deepEqual(mode.markdown.split('\n').slice(0, 3), [
      '**CANARY** (trafficRoutingConfiguration.type)',
      '',
      'A small share (canarySize, at most half the fleet) moves first and bakes; then the rest moves and bakes once more. Limits the blast radius to the canary.',
    ]);
  });

  it('reads the addPropertyOverride escape hatch in PascalCase and CfnInferenceComponent', () => {
    const text = `const ic = new sagemaker.CfnInferenceComponent(this, 'IC', { endpointName: 'e', specification: spec, runtimeConfig: { copyCount: 4 } });
ic.addPropertyOverride('DeploymentConfig', {
  RollingUpdatePolicy: {
    MaximumBatchSize: { Type: 'COPY_COUNT', Value: 1 },
    WaitIntervalInSeconds: 7200,
  },
});
`;
    const [block] = analyzeDocument(text, 'typescript', { parsers }).blocks;
    assert.deepEqual([block?.family, block?.keyDialect], ['inference-component', undefined]);
    assert.ok(findings(text, 'typescript').includes(at(text, '7200', 'out-of-range')));
  });

  it('reads CDK for Terraform SagemakerEndpoint with the provider limits, in JavaScript too', () => {
    const text = `const { SagemakerEndpoint } = require('@cdktf/provider-aws/lib/sagemaker-endpoint');
new SagemakerEndpoint(this, "endpoint", {
  name: "prod",
  endpointConfigName: config.name,
  deploymentConfig: {
    rollingUpdatePolicy: {
      maximumBatchSize: { type: "CAPACITY_PERCENT", value: 20 },
      waitIntervalInSeconds: 300,
      maximumExecutionTimeoutInSeconds: 20000,
    },
    autoRollbackConfiguration: { alarms: [{ alarmName: "errors" }] },
  },
});
`;
    const found = check(text, 'typescript');
    assert.deepEqual(findings(text, 'typescript'), [at(text, '20000', 'terraform-limit'), at(text, 'autoRollbackConfiguration', 'terraform-replacement')]);
    assert.match(found.find((f) => f.code === 'terraform-limit')!.message, /maximumExecutionTimeoutInSeconds above 14400/);
  });

  it('is silent on unknown values, spreads and unrelated deploymentConfig keys', () => {
    const text = `new sagemaker.CfnEndpoint(this, 'E', { endpointConfigName: 'c', deploymentConfig: props.deploymentConfig });
new sagemaker.CfnEndpoint(this, 'F', { endpointConfigName: 'c', deploymentConfig: { ...base, blueGreenUpdatePolicy: makePolicy() } });
const other = { deploymentConfig: { type: 'ROLLING' } };
new ecs.FargateService(this, 'S', { deploymentConfig: { minimumHealthyPercent: 50 } });
`;
    assert.deepEqual(findings(text, 'typescript'), []);
  });

  it('adds a missing key in camelCase with the file’s quotes and a // suppression comment', () => {
    const text = `new sagemaker.CfnEndpoint(this, 'E', {
  endpointConfigName: 'c',
  deploymentConfig: {
    rollingUpdatePolicy: {
      maximumBatchSize: { type: 'CAPACITY_PERCENT', value: 60 },
    },
  },
});
`;
    const analysis = checkDocument(text, 'typescript', { parsers });
    const missing = analysis.findings.find((f) => f.code === 'missing-key')!;
    const added = applyEdits(text, quickFixes(text, 'typescript', analysis, missing).find((f) => f.isPreferred)!.edits);
    assert.match(added, /maximumBatchSize: \{ type: 'CAPACITY_PERCENT', value: 60 \},\n {6}waitIntervalInSeconds: 600,\n/);
    const batch = analysis.findings.find((f) => f.code === 'rolling-batch-size')!;
    const ignore = quickFixes(text, 'typescript', analysis, batch).find((f) => f.title.startsWith('Ignore'))!;
    const ignored = applyEdits(text, ignore.edits);
    assert.match(ignored, /value: 60 \},  \/\/ sm-guardrails: ignore\[rolling-batch-size\]\n/);
    assert.deepEqual(check(ignored, 'typescript').filter((f) => f.code === 'rolling-batch-size'), []);
  });

  it('completes camelCase keys', () => {
    const text = `new sagemaker.CfnEndpoint(this, 'E', {
  endpointConfigName: 'c',
  deploymentConfig: {
    rollingUpdatePolicy: {
      maximumBatchSize: { type: 'CAPACITY_PERCENT', value: 20 },
      wai
    },
  },
});
`;
    const analysis = analyzeDocument(text, 'typescript', { parsers });
    const entries = completionsAt(text, 'typescript', analysis.blocks, text.indexOf('wai\n') + 3);
    const wait = entries.find((e) => e.label === 'waitIntervalInSeconds');
    assert.ok(wait, entries.map((e) => e.label).join(', '));
    assert.equal(wait.insertText, 'waitIntervalInSeconds: ${1:600}');
  });
});
