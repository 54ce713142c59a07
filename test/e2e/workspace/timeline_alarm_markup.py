"""An alarm name holding markup, and no InitialInstanceCount in the file (timeline panel fixture)."""
import boto3

boto3.client("sagemaker").update_endpoint(
    EndpointName="search-prod",
    EndpointConfigName="search-v3",
    DeploymentConfig={
        "BlueGreenUpdatePolicy": {
            "TrafficRoutingConfiguration": {
                "Type": "LINEAR",
                "LinearStepSize": {"Type": "CAPACITY_PERCENT", "Value": 50},
                "WaitIntervalInSeconds": 600,
            },
            "MaximumExecutionTimeoutInSeconds": 1800,
        },
        "AutoRollbackConfiguration": {
            "Alarms": [{"AlarmName": "<img src=x onerror=alert(1)>"}, {"AlarmName": "search & <b>rank</b>"}],
        },
    },
)
