// YAML host: CloudFormation templates and plain YAML files, with the findings a user sees at
// exact lines and columns, intrinsic functions as unknown values and both If branches checked.
import { strict as assert } from 'node:assert';
import { analyzeDocument, checkDocument, type SyntaxParsers } from '../../server/src/core/check';
import { fixAllRounds, quickFixes, safeQuickFixes } from '../../server/src/core/edits/fixes';
import { applyEdits } from '../../server/src/core/edits/text-edit';
import { completionsAt } from '../../server/src/core/services/completion';
import { at, atIn, findings, parsersReady } from './helpers/findings';

let parsers: SyntaxParsers;

const template = `AWSTemplateFormatVersion: "2010-09-09"
Conditions:
  UseCanary: !Equals [!Ref Stage, prod]
Resources:
  Config:
    Type: AWS::SageMaker::EndpointConfig
    Properties:
      ProductionVariants:
        - VariantName: AllTraffic
          InitialInstanceCount: 4
          InstanceType: ml.m5.xlarge
  Endpoint:
    Type: AWS::SageMaker::Endpoint
    Properties:
      EndpointConfigName: !GetAtt Config.EndpointConfigName
      DeploymentConfig:
        BlueGreenUpdatePolicy:
          TrafficRoutingConfiguration:
            Type: LINEAR
            LinearStepSize:
              Type: CAPACITY_PERCENT
              Value: 60
            WaitIntervalInSeconds: !Ref BakeSeconds
          MaximumExecutionTimeoutInSeconds: 3600  # one hour
        AutoRollbackConfiguration:
          Alarms:
            - AlarmName: !Sub "\${AWS::StackName}-5xx"
`;

describe('YAML host', () => {
  before(async () => {
    parsers = await parsersReady();
  });

  describe('CloudFormation templates', () => {
    it('reports a 60% linear step on the value, intrinsics are unknown, the family comes from the resource type', () => {
      assert.deepEqual(findings(template, 'yaml'), [atIn(template, 'Value: 60', '60', 'linear-step-size')]);
      const [block] = analyzeDocument(template, 'yaml', { parsers }).blocks;
      assert.equal(block?.family, 'endpoint');
      assert.equal(block?.dialect, 'cloudformation');
      assert.equal(block?.fleetSize, 4, 'the fleet of the EndpointConfig the endpoint references');
    });

    it('reads the fleet size of the referenced EndpointConfig, not of another one', () => {
      const text = `Resources:
  Small:
    Type: AWS::SageMaker::EndpointConfig
    Properties:
      ProductionVariants: [{VariantName: a, InitialInstanceCount: 1, InstanceType: ml.m5.large}]
  Big:
    Type: AWS::SageMaker::EndpointConfig
    Properties:
      ProductionVariants: [{VariantName: a, InitialInstanceCount: 10, InstanceType: ml.m5.large}]
  Endpoint:
    Type: AWS::SageMaker::Endpoint
    Properties:
      EndpointConfigName: {Ref: Big}
      DeploymentConfig:
        RollingUpdatePolicy:
          MaximumBatchSize: {Type: INSTANCE_COUNT, Value: 6}
          WaitIntervalInSeconds: 300
`;
      assert.equal(analyzeDocument(text, 'yaml', { parsers }).blocks[0]?.fleetSize, 10);
      assert.deepEqual(findings(text, 'yaml'), [at(text, 'RollingUpdatePolicy', 'no-rollback-alarms'), atIn(text, 'Value: 6}', '6', 'rolling-batch-size')]);
    });

    it('reports the exclusions of the linked EndpointConfig: rolling on serverless or several variants, Inf1', () => {
      const template = (variants: string) => `Resources:
  Config:
    Type: AWS::SageMaker::EndpointConfig
    Properties:
      ProductionVariants:
${variants}
  Endpoint:
    Type: AWS::SageMaker::Endpoint
    Properties:
      EndpointConfigName: !GetAtt Config.EndpointConfigName
      DeploymentConfig:
        RollingUpdatePolicy:
          MaximumBatchSize: {Type: CAPACITY_PERCENT, Value: 20}
          WaitIntervalInSeconds: 300
        AutoRollbackConfiguration: {Alarms: [{AlarmName: errors}]}
`;
      const serverless = template('        - {VariantName: a, ModelName: m, ServerlessConfig: {MaxConcurrency: 5, MemorySizeInMB: 2048}}');
      assert.deepEqual(findings(serverless, 'yaml'), [at(serverless, 'RollingUpdatePolicy', 'rolling-unsupported')]);
      const two = template('        - {VariantName: a, ModelName: m, InitialInstanceCount: 2, InstanceType: ml.m5.large}\n        - {VariantName: b, ModelName: m, InitialInstanceCount: 2, InstanceType: ml.m5.large}');
      assert.deepEqual(findings(two, 'yaml'), [at(two, 'RollingUpdatePolicy', 'rolling-unsupported')]);
      const inf1 = template('        - {VariantName: a, ModelName: m, InitialInstanceCount: 4, InstanceType: ml.inf1.xlarge}');
      assert.deepEqual(findings(inf1, 'yaml'), [at(inf1, 'RollingUpdatePolicy', 'guardrails-ignored')]);
      const fine = template('        - {VariantName: a, ModelName: m, InitialInstanceCount: 4, InstanceType: !Ref InstanceType}');
      assert.deepEqual(findings(fine, 'yaml'), []);
    });

    it('checks both branches of !If and of Fn::If, and skips AWS::NoValue', () => {
      const text = `Resources:
  Endpoint:
    Type: AWS::SageMaker::Endpoint
    Properties:
      EndpointConfigName: cfg
      DeploymentConfig: !If
        - UseCanary
        - BlueGreenUpdatePolicy:
            TrafficRoutingConfiguration: {Type: CANARY, CanarySize: {Type: CAPACITY_PERCENT, Value: 75}}
          AutoRollbackConfiguration: {Alarms: [{AlarmName: a}]}
        - Fn::If:
            - Other
            - RollingUpdatePolicy:
                MaximumBatchSize: {Type: CAPACITY_PERCENTAGE, Value: 10}
                WaitIntervalInSeconds: 300
              AutoRollbackConfiguration: {Alarms: [{AlarmName: a}]}
            - !Ref AWS::NoValue
`;
      const blocks = analyzeDocument(text, 'yaml', { parsers }).blocks;
      assert.equal(blocks.length, 2);
      assert.deepEqual(findings(text, 'yaml'), [atIn(text, 'Value: 75', '75', 'canary-size'), at(text, 'CAPACITY_PERCENTAGE', 'invalid-enum')]);
    });

    it('checks both branches of a nested If value', () => {
      const text = `Resources:
  Endpoint:
    Type: AWS::SageMaker::Endpoint
    Properties:
      EndpointConfigName: cfg
      DeploymentConfig:
        BlueGreenUpdatePolicy:
          TrafficRoutingConfiguration:
            Type: ALL_AT_ONCE
            WaitIntervalInSeconds: !If [Long, 4000, 600]
        AutoRollbackConfiguration: {Alarms: [{AlarmName: a}]}
`;
      assert.deepEqual(findings(text, 'yaml'), [at(text, '4000', 'out-of-range')]);
    });

    it('leaves the wait to CloudFormation, reads quoted numbers as CloudFormation does, and keeps other resources out', () => {
      const text = `AWSTemplateFormatVersion: "2010-09-09"
Resources:
  Endpoint:
    Type: AWS::SageMaker::Endpoint
    Properties:
      EndpointConfigName: cfg
      DeploymentConfig:
        BlueGreenUpdatePolicy:
          TrafficRoutingConfiguration:
            Type: CANARY
            CanarySize:
              Type: CAPACITY_PERCENT
              Value: "20"
          MaximumExecutionTimeoutInSeconds: "3600"
        AutoRollbackConfiguration:
          Alarms:
            - AlarmName: errors
  Plan:
    Type: Custom::EdgePlan
    Properties:
      DeploymentConfig: {FailureHandlingPolicy: ROLLBACK_ON_FAILURE}
`;
      assert.deepEqual(findings(text, 'yaml'), []);
    });

    it('sets the family of inference components (copy count) and HyperPod instance groups', () => {
      const text = `Resources:
  Component:
    Type: AWS::SageMaker::InferenceComponent
    Properties:
      RuntimeConfig: {CopyCount: 8}
      DeploymentConfig:
        RollingUpdatePolicy:
          MaximumBatchSize: {Type: COPY_COUNT, Value: 2}
          WaitIntervalInSeconds: 120
  Cluster:
    Type: AWS::SageMaker::Cluster
    Properties:
      InstanceGroups:
        - InstanceGroupName: workers
          InstanceCount: 16
          ScheduledUpdateConfig:
            ScheduleExpression: cron(0 3 ? * SUN *)
            DeploymentConfig:
              RollingUpdatePolicy:
                MaximumBatchSize: {Type: CAPACITY_PERCENTAGE, Value: 25}
              WaitIntervalInSeconds: 600
`;
      const blocks = analyzeDocument(text, 'yaml', { parsers }).blocks;
      assert.deepEqual(blocks.map((b) => [b.family, b.fleetSize]), [['inference-component', 8], ['hyperpod-cluster', 16]]);
    });
  });

  describe('CloudFormation JSON', () => {
    it('checks both branches of an Fn::If that holds the DeploymentConfig', () => {
      const text = `{
  "Resources": {
    "Endpoint": {
      "Type": "AWS::SageMaker::Endpoint",
      "Properties": {
        "EndpointConfigName": {"Ref": "Config"},
        "DeploymentConfig": {"Fn::If": ["UseCanary",
          {"BlueGreenUpdatePolicy": {"TrafficRoutingConfiguration": {"Type": "CANARY", "CanarySize": {"Type": "CAPACITY_PERCENT", "Value": 75}}},
           "AutoRollbackConfiguration": {"Alarms": [{"AlarmName": "a"}]}},
          {"Fn::If": ["Rolling",
            {"RollingUpdatePolicy": {"MaximumBatchSize": {"Type": "CAPACITY_PERCENT", "Value": 80}, "WaitIntervalInSeconds": 60},
             "AutoRollbackConfiguration": {"Alarms": [{"AlarmName": "a"}]}},
            {"Ref": "AWS::NoValue"}]}
        ]}
      }
    }
  }
}
`;
      assert.equal(analyzeDocument(text, 'json', { parsers }).blocks.length, 2);
      assert.deepEqual(findings(text, 'json'), [atIn(text, '"Value": 75', '75', 'canary-size'), atIn(text, '"Value": 80', '80', 'rolling-batch-size')]);
    });
  });

  describe('plain YAML files', () => {
    it('reads a config at the root and under a DeploymentConfig key, with exact ranges', () => {
      const text = `# loaded by deploy.py
endpoint: my-endpoint
DeploymentConfig:
  BlueGreenUpdatePolicy:
    TrafficRoutingConfiguration:
      Type: CANARY
      CanarySize: {Type: CAPACITY_PERCENT, Value: 75}
      WaitIntervalSeconds: 300
`;
      assert.deepEqual(findings(text, 'yaml'), [
        atIn(text, 'Value: 75', '75', 'canary-size'),
        at(text, 'WaitIntervalSeconds', 'unknown-key'),
        at(text, 'BlueGreenUpdatePolicy', 'no-rollback-alarms'),
        at(text, 'TrafficRoutingConfiguration', 'missing-key'),
      ].sort());
      const root = `RollingUpdatePolicy:\n  MaximumBatchSize:\n    Type: CAPACITY_PERCENT\n    Value: 60\n  WaitIntervalInSeconds: 60\nAutoRollbackConfiguration:\n  Alarms: [{AlarmName: x}]\n`;
      assert.deepEqual(findings(root, 'yaml'), [at(root, '60', 'rolling-batch-size')]);
    });

    it('says nothing about YAML without a config or with a broken one', () => {
      assert.deepEqual(findings('a: [1, 2\nb: {', 'yaml'), []);
      assert.deepEqual(findings('DeploymentConfig: *anchor\n', 'yaml'), []);
      assert.deepEqual(findings('---\nDeploymentConfig:\n---\nx: 1\n', 'yaml'), []);
      const edgePlan = 'Stages:\n  - StageName: s\n    DeploymentConfig:\n      FailureHandlingPolicy: ROLLBACK_ON_FAILURE\n';
      assert.deepEqual(findings(edgePlan, 'yaml'), []);
    });

    it('honours suppression comments on the line and above the entry', () => {
      const text = `RollingUpdatePolicy:  # sm-guardrails: ignore[no-rollback-alarms]
  MaximumBatchSize:
    Type: CAPACITY_PERCENT
    # sm-guardrails: ignore[rolling-batch-size]
    Value: 60
  WaitIntervalInSeconds: 60
`;
      assert.deepEqual(findings(text, 'yaml'), []);
    });
  });

  describe('fixes, completion and suppression edits write YAML', () => {
    const text = `DeploymentConfig:
  BlueGreenUpdatePolicy:
    TrafficRoutingConfiguration:
      Type: Canary
      CanarySize:
        Type: CAPACITY_PERCENT
        Value: 75
      WaitIntervalInSeconds: 600
    MaximumExecutionTimeoutInSeconds: 900
`;
    it('fix all changes values in place, in rounds', () => {
      const fixed = fixAllRounds(text, 'yaml', (next) => checkDocument(next, 'yaml', { parsers })).text;
      assert.equal(
        fixed,
        `DeploymentConfig:
  BlueGreenUpdatePolicy:
    TrafficRoutingConfiguration:
      Type: CANARY
      CanarySize:
        Type: CAPACITY_PERCENT
        Value: 50
      WaitIntervalInSeconds: 600
    MaximumExecutionTimeoutInSeconds: 1800
`,
      );
    });

    /** A CloudFormation endpoint whose DeploymentConfig is an `!If`: each config starts a sequence item. */
    const IF_HEADER = `Resources:
  Endpoint:
    Type: AWS::SageMaker::Endpoint
    Properties:
      EndpointConfigName: c
      DeploymentConfig: !If
        - IsProd
`;

    it('a config that starts a sequence item (`- Key:` under `!If`): keys added line up under its first key, nested values under them (fuzz seed 1)', () => {
      const template = `${IF_HEADER}        - BlueGreenUpdatePolicy:
            TrafficRoutingConfiguration:
              Type: ALL_AT_ONCE
              WaitIntervalInSeconds: 600
            MaximumExecutionTimeoutInSeconds: 3600
          AutoRollbackConfiguration:
            Alarms:
              - AlarmName: prod-5xx
        - BlueGreenUpdatePolicy:
            TrafficRoutingConfiguration:
              Type: ALL_AT_ONCE
              WaitIntervalInSeconds: 300
            MaximumExecutionTimeoutInSeconds: 1800
`;
      const analysis = checkDocument(template, 'yaml', { parsers });
      const finding = analysis.findings.find((f) => f.code === 'no-rollback-alarms')!;
      const fix = quickFixes(template, 'yaml', analysis, finding).find((f) => f.title.includes('AutoRollbackConfiguration'))!;
      const fixed = applyEdits(template, fix.edits);
      assert.equal(fixed, `${template}          AutoRollbackConfiguration:\n            Alarms:\n              - AlarmName: "<your-alarm-name>"\n`);
      // Both configs read whole, the second now with its placeholder alarm.
      const again = checkDocument(fixed, 'yaml', { parsers });
      assert.equal(again.blocks.length, 2);
      assert.ok(again.blocks.every((block) => !block.incomplete));
      assert.deepEqual(again.findings.map((f) => f.code), ['placeholder-alarm-name']);
    });

    it('every fix is checked before it is offered: removing the key that starts a sequence item would break the structure, renaming it does not', () => {
      const template = `${IF_HEADER}        - BlueGreenUpdatePolicyy:
            TrafficRoutingConfiguration:
              Type: ALL_AT_ONCE
              WaitIntervalInSeconds: 600
          AutoRollbackConfiguration:
            Alarms:
              - AlarmName: prod-5xx
        - BlueGreenUpdatePolicy:
            TrafficRoutingConfiguration:
              Type: ALL_AT_ONCE
              WaitIntervalInSeconds: 300
          AutoRollbackConfiguration:
            Alarms:
              - AlarmName: staging-5xx
`;
      const analysis = checkDocument(template, 'yaml', { parsers });
      const finding = analysis.findings.find((f) => f.code === 'unknown-key')!;
      const built = quickFixes(template, 'yaml', analysis, finding);
      const removal = built.find((f) => f.title.startsWith('Remove'))!;
      assert.ok(checkDocument(applyEdits(template, removal.edits), 'yaml', { parsers }).blocks.length < analysis.blocks.length, 'the removal, built, loses configs');
      const offered = safeQuickFixes(template, 'yaml', analysis, finding, (next) => checkDocument(next, 'yaml', { parsers })).map((f) => f.title);
      assert.deepEqual(offered, built.filter((f) => f !== removal).map((f) => f.title));
      assert.ok(offered.includes('Rename to BlueGreenUpdatePolicy'), offered.join(' | '));
    });

    it('adds a rollback alarm as a YAML block', () => {
      const clean = text.replace('Canary', 'CANARY').replace('75', '20').replace('900', '1800');
      const analysis = checkDocument(clean, 'yaml', { parsers });
      const finding = analysis.findings.find((f) => f.code === 'no-rollback-alarms')!;
      const fix = quickFixes(clean, 'yaml', analysis, finding).find((f) => f.title.includes('AutoRollbackConfiguration'))!;
      const fixed = applyEdits(clean, fix.edits);
      assert.ok(fixed.endsWith(`    MaximumExecutionTimeoutInSeconds: 1800\n  AutoRollbackConfiguration:\n    Alarms:\n      - AlarmName: "<your-alarm-name>"\n`), fixed);
      // Only the placeholder is left to fill in, and it is reported until it is.
      assert.deepEqual(findings(fixed, 'yaml'), ['12:20-12:39 placeholder-alarm-name']);
    });

    it('ignores a finding with a # comment at the end of its line', () => {
      const analysis = checkDocument(text, 'yaml', { parsers });
      const finding = analysis.findings.find((f) => f.code === 'canary-size')!;
      const fix = quickFixes(text, 'yaml', analysis, finding).find((f) => f.title.startsWith('Ignore'))!;
      assert.match(applyEdits(text, fix.edits), /Value: 75  # sm-guardrails: ignore\[canary-size\]\n/);
    });

    it('completes missing keys as `Key: value`', () => {
      const typing = `DeploymentConfig:\n  RollingUpdatePolicy:\n    MaximumBatchSize: {Type: CAPACITY_PERCENT, Value: 10}\n    Wai\n`;
      const analysis = analyzeDocument(typing, 'yaml', { parsers });
      const offset = typing.indexOf('Wai') + 3;
      const entries = completionsAt(typing, 'yaml', analysis.blocks, offset);
      const wait = entries.find((e) => e.label === 'WaitIntervalInSeconds');
      assert.ok(wait, entries.map((e) => e.label).join(', '));
      assert.equal(wait.insertText, 'WaitIntervalInSeconds: ${1:600}');
    });
  });
});
