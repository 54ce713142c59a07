import * as cdk from 'aws-cdk-lib';
import * as sagemaker from 'aws-cdk-lib/aws-sagemaker';

export class FraudStack extends cdk.Stack {
  constructor(scope: cdk.App, id: string) {
    super(scope, id);
    new sagemaker.CfnEndpoint(this, 'Endpoint', {
      endpointConfigName: 'fraud',
      deploymentConfig: {
        blueGreenUpdatePolicy: {
          trafficRoutingConfiguration: {
            type: 'CANARY',
            canarySize: { type: 'CAPACITY_PERCENT', value: 75 },
            waitIntervalSeconds: 600,
          },
        },
        autoRollbackConfiguration: { alarms: [{ alarmName: 'fraud-5xx' }] },
      },
    });
  }
}
