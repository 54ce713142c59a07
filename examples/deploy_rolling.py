#!/usr/bin/env python3
"""Rolling update of the LLM summarizer endpoint (6 x ml.g5.2xlarge).

GPU capacity is scarce, so this endpoint is updated with a rolling deployment instead of
blue/green: at most 2 new instances exist on top of the old fleet at any time.

    default:  batches of 2 instances -> 3 batches x 600 s bake = 1800 s  (timeout 3600 s)
    --slow:   batches of 10%, i.e. 1 instance -> 6 batches x 600 s = 3600 s  (timeout 7200 s)

If an alarm fires, traffic goes back to the old model 3 instances at a time
(RollbackMaximumBatchSize); without it SageMaker would roll back all at once.
"""
import sys

import boto3

ENDPOINT_NAME = "llm-summarizer-prod"
ALARMS = [
    {"AlarmName": "llm-summarizer-prod-invocation-5xx"},
    {"AlarmName": "llm-summarizer-prod-model-latency-p90"},
    {"AlarmName": "llm-summarizer-prod-gpu-memory"},
]

session = boto3.Session(region_name="us-west-2")
sm = session.client("sagemaker")


def create_config(model_name):
    name = model_name + "-rolling"
    sm.create_endpoint_config(
        EndpointConfigName=name,
        ProductionVariants=[
            {
                "VariantName": "AllTraffic",
                "ModelName": model_name,
                "InstanceType": "ml.g5.2xlarge",
                "InitialInstanceCount": 6,
                "ContainerStartupHealthCheckTimeoutInSeconds": 900,
                "ModelDataDownloadTimeoutInSeconds": 1200,
            }
        ],
    )
    return name


def rolling_update(config_name):
    sm.update_endpoint(
        EndpointName=ENDPOINT_NAME,
        EndpointConfigName=config_name,
        DeploymentConfig={
            "RollingUpdatePolicy": {
                "MaximumBatchSize": {"Type": "INSTANCE_COUNT", "Value": 2},
                "WaitIntervalInSeconds": 600,
                "MaximumExecutionTimeoutInSeconds": 3600,
                "RollbackMaximumBatchSize": {"Type": "INSTANCE_COUNT", "Value": 3},
            },
            "AutoRollbackConfiguration": {"Alarms": ALARMS},
        },
    )


def slow_rolling_update(config_name):
    """For risky changes (new base model): one instance at a time."""
    sm.update_endpoint(
        EndpointName=ENDPOINT_NAME,
        EndpointConfigName=config_name,
        DeploymentConfig={
            "RollingUpdatePolicy": {
                "MaximumBatchSize": {"Type": "CAPACITY_PERCENT", "Value": 10},
                "WaitIntervalInSeconds": 600,
                "MaximumExecutionTimeoutInSeconds": 7200,
                "RollbackMaximumBatchSize": {
                    # MISTAKE (invalid-enum, error): copied from the rolling deployments guide page,
                    # which spells it CAPACITY_PERCENTAGE. The API only knows CAPACITY_PERCENT.
                    "Type": "CAPACITY_PERCENTAGE",
                    "Value": 50,
                },
            },
            "AutoRollbackConfiguration": {"Alarms": ALARMS},
        },
    )


if __name__ == "__main__":
    model = sys.argv[1]
    config = create_config(model)
    if "--slow" in sys.argv[2:]:
        slow_rolling_update(config)
    else:
        rolling_update(config)
    sm.get_waiter("endpoint_in_service").wait(EndpointName=ENDPOINT_NAME)
