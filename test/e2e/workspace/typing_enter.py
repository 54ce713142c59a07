import boto3

boto3.client("sagemaker").update_endpoint(
    EndpointName="typing",
    EndpointConfigName="typing-v2",
    DeploymentConfig={
        "AutoRollbackConfiguration": {"Alarms": [{"AlarmName": "typing-5xx"}]},
    },
)
