// CloudFormation JSON templates: an AWS::SageMaker::Endpoint's DeploymentConfig is read against the
// AWS::SageMaker::EndpointConfig it references in the same template (Ref or Fn::GetAtt), as the
// YAML host does: that config's InitialInstanceCount is the fleet, and its variants decide the exclusions.
import { strict as assert } from 'node:assert';
import { analyzeDocument, type SyntaxParsers } from '../../server/src/core/check';
import { at, atIn, check, describeFinding, findings, parsersReady } from './helpers/findings';

let parsers: SyntaxParsers;

const twoConfigs = (reference: string) => `{
  "AWSTemplateFormatVersion": "2010-09-09",
  "Resources": {
    "Small": {
      "Type": "AWS::SageMaker::EndpointConfig",
      "Properties": { "ProductionVariants": [{ "VariantName": "a", "ModelName": "m", "InitialInstanceCount": 1, "InstanceType": "ml.m5.large" }] }
    },
    "Big": {
      "Type": "AWS::SageMaker::EndpointConfig",
      "Properties": { "ProductionVariants": [{ "VariantName": "a", "ModelName": "m", "InitialInstanceCount": 10, "InstanceType": "ml.m5.large" }] }
    },
    "Endpoint": {
      "Type": "AWS::SageMaker::Endpoint",
      "Properties": {
        "EndpointConfigName": ${reference},
        "DeploymentConfig": {
          "BlueGreenUpdatePolicy": {
            "TrafficRoutingConfiguration": { "Type": "CANARY", "WaitIntervalInSeconds": 300, "CanarySize": { "Type": "INSTANCE_COUNT", "Value": 6 } }
          },
          "AutoRollbackConfiguration": { "Alarms": [{ "AlarmName": "errors" }] }
        }
      }
    }
  }
}
`;

const rollingOn = (variants: string) => `{
  "Resources": {
    "Config": {
      "Type": "AWS::SageMaker::EndpointConfig",
      "Properties": { "ProductionVariants": [${variants}] }
    },
    "Endpoint": {
      "Type": "AWS::SageMaker::Endpoint",
      "Properties": {
        "EndpointConfigName": { "Fn::GetAtt": ["Config", "EndpointConfigName"] },
        "DeploymentConfig": {
          "RollingUpdatePolicy": { "MaximumBatchSize": { "Type": "CAPACITY_PERCENT", "Value": 20 }, "WaitIntervalInSeconds": 300 },
          "AutoRollbackConfiguration": { "Alarms": [{ "AlarmName": "errors" }] }
        }
      }
    }
  }
}
`;

describe('CloudFormation JSON: the linked EndpointConfig', () => {
  before(async () => {
    parsers = await parsersReady();
  });

  it('takes the fleet from the referenced config, not the first one in the template', () => {
    const big = twoConfigs('{ "Ref": "Big" }');
    const [block] = analyzeDocument(big, 'json', { parsers }).blocks;
    assert.equal(block?.fleetSize, 10);
    // 6 of 10 instances is 60%: over the canary's 50%.
    const [size] = check(big, 'json');
    assert.equal(describeFinding(big, size!), atIn(big, '"Value": 6 }', '6', 'canary-size'));
    assert.deepEqual(size!.related?.map((r) => describeFinding(big, { ...size!, span: r.span })), [atIn(big, '"InitialInstanceCount": 10', '10', 'canary-size')]);
    assert.equal(check(big, 'json').length, 1);
    // Fn::GetAtt "X.Name" links the same way; 6 of 1 instance would be the whole fleet and more.
    const getAtt = twoConfigs('{ "Fn::GetAtt": "Big.EndpointConfigName" }');
    assert.equal(analyzeDocument(getAtt, 'json', { parsers }).blocks[0]?.fleetSize, 10);
    const small = twoConfigs('{ "Ref": "Small" }');
    assert.equal(analyzeDocument(small, 'json', { parsers }).blocks[0]?.fleetSize, 1);
    // A name the template does not define: the template's first count, as before.
    assert.equal(analyzeDocument(twoConfigs('{ "Ref": "ConfigName" }'), 'json', { parsers }).blocks[0]?.fleetSize, 1);
  });

  it('reports the exclusions of the linked config: rolling on serverless or several variants, Inf1', () => {
    const serverless = rollingOn('{ "VariantName": "a", "ModelName": "m", "ServerlessConfig": { "MaxConcurrency": 5, "MemorySizeInMB": 2048 } }');
    assert.deepEqual(findings(serverless, 'json'), [at(serverless, '"RollingUpdatePolicy"', 'rolling-unsupported')]);
    assert.match(check(serverless, 'json')[0]!.message, /^Rolling deployments are not available for serverless endpoints: EndpointConfig Config has a ServerlessConfig\./);
    const two = rollingOn('{ "VariantName": "a", "ModelName": "m", "InitialInstanceCount": 2, "InstanceType": "ml.m5.large" }, { "VariantName": "b", "ModelName": "m", "InitialInstanceCount": 2, "InstanceType": "ml.m5.large" }');
    assert.deepEqual(findings(two, 'json'), [at(two, '"RollingUpdatePolicy"', 'rolling-unsupported')]);
    const inf1 = rollingOn('{ "VariantName": "a", "ModelName": "m", "InitialInstanceCount": 4, "InstanceType": "ml.inf1.xlarge" }');
    assert.deepEqual(findings(inf1, 'json'), [at(inf1, '"RollingUpdatePolicy"', 'guardrails-ignored')]);
    assert.match(check(inf1, 'json')[0]!.message, /\(ml\.inf1\.xlarge in EndpointConfig Config\)/);
    // An instance type from a parameter, or variants built by Fn::If: nothing known, nothing reported.
    const parameter = rollingOn('{ "VariantName": "a", "ModelName": "m", "InitialInstanceCount": 4, "InstanceType": { "Ref": "InstanceType" } }');
    assert.deepEqual(findings(parameter, 'json'), []);
    const conditional = rollingOn('{ "Fn::If": ["Serverless", { "VariantName": "a", "ServerlessConfig": { "MaxConcurrency": 5, "MemorySizeInMB": 2048 } }, { "Ref": "AWS::NoValue" }] }');
    assert.deepEqual(findings(conditional, 'json'), []);
  });
});
