import boto3

cfg = {
    "BlueGreenUpdatePolicy": {
        "TrafficRoutingConfiguration": {
            "Type": "CANARY",
            "CanarySize": {"Type": "CAPACITY_PERCENT", "Value": 75},
            "WaitIntervalInSeconds": 300,
        },
        "MaximumExecutionTimeoutInSeconds": 3600,
    },
    "AutoRollbackConfiguration": {"Alarms": [{"AlarmName": "orders-5xx"}]},
}
boto3.client("sagemaker").update_endpoint(EndpointName="orders", EndpointConfigName="orders-v2", DeploymentConfig=cfg)
