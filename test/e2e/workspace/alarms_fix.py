import boto3

boto3.client("sagemaker").update_endpoint(
    EndpointName="search",
    EndpointConfigName="search-v3",
    DeploymentConfig={
        "RollingUpdatePolicy": {
            "MaximumBatchSize": {"Type": "CAPACITY_PERCENT", "Value": 20},
            "WaitIntervalInSeconds": 300,
            "MaximumExecutionTimeoutInSeconds": 3600,
        },
    },
)
