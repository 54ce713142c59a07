"""Two rollouts of one 2-instance endpoint (timeline panel fixture): the panel shows the one under the cursor."""
import boto3

sagemaker = boto3.client("sagemaker")
sagemaker.create_endpoint_config(
    EndpointConfigName="tagger-v4",
    ProductionVariants=[{"VariantName": "main", "ModelName": "tagger-v4", "InstanceType": "ml.c5.large", "InitialInstanceCount": 2}],
)

QUICK = {
    "BlueGreenUpdatePolicy": {
        "TrafficRoutingConfiguration": {"Type": "ALL_AT_ONCE", "WaitIntervalInSeconds": 60},
        "TerminationWaitInSeconds": 0,
    },
}

CAREFUL = {
    "BlueGreenUpdatePolicy": {
        "TrafficRoutingConfiguration": {
            "Type": "LINEAR",
            "LinearStepSize": {"Type": "INSTANCE_COUNT", "Value": 1},
            "WaitIntervalInSeconds": 900,
        },
        "TerminationWaitInSeconds": 300,
        "MaximumExecutionTimeoutInSeconds": 3600,
    },
    "AutoRollbackConfiguration": {"Alarms": [{"AlarmName": "tagger-errors"}]},
}

sagemaker.update_endpoint(EndpointName="tagger", EndpointConfigName="tagger-v4", DeploymentConfig=QUICK)
sagemaker.update_endpoint(EndpointName="tagger", EndpointConfigName="tagger-v4", DeploymentConfig=CAREFUL)
