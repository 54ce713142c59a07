"""Fraud model: canary rollout on the 4-instance endpoint (timeline panel fixture)."""
import boto3

sagemaker = boto3.client("sagemaker")

sagemaker.create_endpoint_config(
    EndpointConfigName="fraud-v7",
    ProductionVariants=[{"VariantName": "main", "ModelName": "fraud-v7", "InstanceType": "ml.m5.xlarge", "InitialInstanceCount": 4}],
)

sagemaker.update_endpoint(
    EndpointName="fraud-prod",
    EndpointConfigName="fraud-v7",
    DeploymentConfig={
        "BlueGreenUpdatePolicy": {
            "TrafficRoutingConfiguration": {
                "Type": "CANARY",
                "CanarySize": {"Type": "CAPACITY_PERCENT", "Value": 25},
                "WaitIntervalInSeconds": 300,
            },
            "TerminationWaitInSeconds": 120,
            "MaximumExecutionTimeoutInSeconds": 3600,
        },
        "AutoRollbackConfiguration": {
            "Alarms": [{"AlarmName": "fraud-prod-5xx"}, {"AlarmName": "fraud-prod-p99-latency"}],
        },
    },
)
