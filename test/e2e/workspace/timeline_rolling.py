"""Ranker: rolling update one instance at a time, rolled back one at a time (timeline panel fixture)."""
import boto3

sagemaker = boto3.client("sagemaker")

sagemaker.create_endpoint_config(
    EndpointConfigName="ranker-v2",
    ProductionVariants=[{"VariantName": "main", "ModelName": "ranker-v2", "InstanceType": "ml.g5.xlarge", "InitialInstanceCount": 4}],
)

sagemaker.update_endpoint(
    EndpointName="ranker-prod",
    EndpointConfigName="ranker-v2",
    DeploymentConfig={
        "RollingUpdatePolicy": {
            "MaximumBatchSize": {"Type": "CAPACITY_PERCENT", "Value": 25},
            "WaitIntervalInSeconds": 600,
            "RollbackMaximumBatchSize": {"Type": "INSTANCE_COUNT", "Value": 1},
            "MaximumExecutionTimeoutInSeconds": 3000,
        },
        "AutoRollbackConfiguration": {"Alarms": [{"AlarmName": "ranker-prod-errors"}]},
    },
)
