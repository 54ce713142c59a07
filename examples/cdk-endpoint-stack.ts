// Orders model endpoint as an AWS CDK stack (TypeScript). The L1 CfnEndpoint takes the
// deployment config in camelCase; the alpha L2 Endpoint has none.
import * as cdk from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as sagemaker from 'aws-cdk-lib/aws-sagemaker';

export interface OrdersStackProps extends cdk.StackProps {
  modelName: string;
}

export class OrdersEndpointStack extends cdk.Stack {
  constructor(scope: cdk.App, id: string, props: OrdersStackProps) {
    super(scope, id, props);

    const config = new sagemaker.CfnEndpointConfig(this, 'OrdersConfig', {
      productionVariants: [{ variantName: 'AllTraffic', modelName: props.modelName, initialInstanceCount: 4, instanceType: 'ml.g5.xlarge' }],
    });

    const errors = new cloudwatch.Alarm(this, 'Orders5xx', {
      metric: new cloudwatch.Metric({ namespace: 'AWS/SageMaker', metricName: 'Invocation5XXErrors', statistic: 'Sum', dimensionsMap: { EndpointName: 'orders', VariantName: 'AllTraffic' } }),
      threshold: 5,
      evaluationPeriods: 2,
    });

    const canary: sagemaker.CfnEndpoint.CapacitySizeProperty = { type: 'INSTANCE_COUNT', value: 1 };

    new sagemaker.CfnEndpoint(this, 'OrdersEndpoint', {
      endpointName: 'orders',
      endpointConfigName: config.attrEndpointConfigName,
      deploymentConfig: {
        blueGreenUpdatePolicy: {
          trafficRoutingConfiguration: {
            type: 'CANARY',
            canarySize: canary,
            waitIntervalInSeconds: 600,
          },
          terminationWaitInSeconds: 300,
          // MISTAKE: two bakes of 10 minutes and the termination wait take 25 minutes; 20 minutes times out.
          maximumExecutionTimeoutInSeconds: 1200,
        },
        autoRollbackConfiguration: { alarms: [{ alarmName: errors.alarmName }] },
      },
    });
  }
}
