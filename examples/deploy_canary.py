"""Roll a new model version out to the fraud-scoring endpoint with a blue/green canary.

Usage:
    python deploy_canary.py --model-name fraud-scoring-xgb-2024-06-01
    python deploy_canary.py --model-name fraud-scoring-xgb-2024-06-01 --off-hours

The endpoint serves 4 x ml.m5.xlarge. A 25% canary turns on 1 of the 4 new instances,
bakes for 10 minutes, shifts the rest of the traffic, bakes again, and keeps the old
fleet for another 10 minutes before terminating it:
    2 bakes x 600 s + 600 s termination wait = 1800 s, well under the 3600 s timeout.
"""
import argparse

import boto3

ENDPOINT_NAME = "fraud-scoring-prod"
INSTANCE_TYPE = "ml.m5.xlarge"

sm = boto3.client("sagemaker", region_name="us-east-1")


def create_config(model_name: str) -> str:
    config_name = f"{model_name}-config"
    sm.create_endpoint_config(
        EndpointConfigName=config_name,
        ProductionVariants=[
            {
                "VariantName": "AllTraffic",
                "ModelName": model_name,
                "InstanceType": INSTANCE_TYPE,
                "InitialInstanceCount": 4,
                "InitialVariantWeight": 1.0,
            }
        ],
        Tags=[{"Key": "team", "Value": "risk-ml"}],
    )
    return config_name


def deploy(config_name: str) -> None:
    sm.update_endpoint(
        EndpointName=ENDPOINT_NAME,
        EndpointConfigName=config_name,
        DeploymentConfig={
            "BlueGreenUpdatePolicy": {
                "TrafficRoutingConfiguration": {
                    "Type": "CANARY",
                    "CanarySize": {"Type": "CAPACITY_PERCENT", "Value": 25},
                    "WaitIntervalInSeconds": 600,
                },
                "TerminationWaitInSeconds": 600,
                "MaximumExecutionTimeoutInSeconds": 3600,
            },
            "AutoRollbackConfiguration": {
                "Alarms": [
                    {"AlarmName": "fraud-scoring-prod-invocation-5xx"},
                    {"AlarmName": "fraud-scoring-prod-model-latency-p99"},
                ]
            },
        },
    )


def deploy_off_hours(config_name: str) -> None:
    """Nightly re-training push: traffic is low at night, so the canary is made bigger and shorter."""
    sm.update_endpoint(
        EndpointName=ENDPOINT_NAME,
        EndpointConfigName=config_name,
        DeploymentConfig={
            "BlueGreenUpdatePolicy": {
                "TrafficRoutingConfiguration": {
                    "Type": "CANARY",
                    # MISTAKE (canary-size, error): a canary may take at most 50% of the new fleet;
                    # 75 here is 3 of the 4 instances. The checker flags the value 75.
                    "CanarySize": {"Type": "CAPACITY_PERCENT", "Value": 75},
                    "WaitIntervalInSeconds": 300,
                },
                "TerminationWaitInSeconds": 300,
                "MaximumExecutionTimeoutInSeconds": 1800,
            },
            "AutoRollbackConfiguration": {
                "Alarms": [
                    {"AlarmName": "fraud-scoring-prod-invocation-5xx"},
                    {"AlarmName": "fraud-scoring-prod-model-latency-p99"},
                ]
            },
        },
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model-name", required=True)
    parser.add_argument("--off-hours", action="store_true")
    args = parser.parse_args()

    config_name = create_config(args.model_name)
    if args.off_hours:
        deploy_off_hours(config_name)
    else:
        deploy(config_name)
    sm.get_waiter("endpoint_in_service").wait(
        EndpointName=ENDPOINT_NAME,
        WaiterConfig={"Delay": 60, "MaxAttempts": 120},
    )
    print(f"{ENDPOINT_NAME} is InService on {config_name}")


if __name__ == "__main__":
    main()
