# Inference component rolling update with the endpoint spelling INSTANCE_COUNT (line 14): an
# inference component counts copies, COPY_COUNT. Expected: invalid-enum on "INSTANCE_COUNT"; nothing else.
import boto3

sm = boto3.client("sagemaker")
sm.update_inference_component(
    InferenceComponentName="llama-ic",
    RuntimeConfig={"CopyCount": 4},
    Specification={"ModelName": "llama-3-8b-v2"},
    DeploymentConfig={
        "RollingUpdatePolicy": {
            "WaitIntervalInSeconds": 300,
            "MaximumExecutionTimeoutInSeconds": 3600,
            "MaximumBatchSize": {"Type": "INSTANCE_COUNT", "Value": 1},
        },
        "AutoRollbackConfiguration": {"Alarms": [{"AlarmName": "llama-ic-errors"}]},
    },
)
