"""Roll the churn model's new endpoint config out behind a canary."""
import boto3

sagemaker = boto3.client("sagemaker")

sagemaker.update_endpoint(
    EndpointName="churn-prod",
    EndpointConfigName="churn-prod-v2",
    DeploymentConfig={
        "BlueGreenUpdatePolicy": {
            "TrafficRoutingConfiguration": {
                "Type": "CANARY",
                "CanarySize": {"Type": "CAPACITY_PERCENT", "Value": 75},
                "WaitIntervalInSeconds": 600,
            },
            "TerminationWaitInSeconds": 120,
            "MaximumExecutionTimeoutInSeconds": 3600,
        },
        "AutoRollbackConfiguration": {
            "Alarms": [{"AlarmName": "churn-prod-5xx"}],
        },
    },
)
