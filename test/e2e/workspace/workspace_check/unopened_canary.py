# Never opened by a test: its finding reaches the Problems panel only through SageMaker: Check Workspace.
import boto3

boto3.client("sagemaker").update_endpoint(
    EndpointName="reports",
    EndpointConfigName="reports-v2",
    DeploymentConfig={
        "BlueGreenUpdatePolicy": {
            "TrafficRoutingConfiguration": {
                "Type": "CANARY",
                "CanarySize": {"Type": "CAPACITY_PERCENT", "Value": 80},
                "WaitIntervalInSeconds": 300,
            },
            "MaximumExecutionTimeoutInSeconds": 3600,
        },
        "AutoRollbackConfiguration": {"Alarms": [{"AlarmName": "reports-5xx"}]},
    },
)
