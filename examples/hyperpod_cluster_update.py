"""Patch a SageMaker HyperPod cluster (EKS-orchestrated) in rolling batches, as in AWS's HyperPod docs.

Two ways HyperPod takes a DeploymentConfig, both checked as the HyperPod shape: UpdateClusterSoftware
right now, and an instance group's ScheduledUpdateConfig for the weekly maintenance window. Note the
HyperPod dialect: CAPACITY_PERCENTAGE (not CAPACITY_PERCENT), WaitIntervalInSeconds at the top level,
the alarms as a bare list, and no execution timeout.
"""
import boto3

sagemaker = boto3.client("sagemaker")
cluster_name = "ml-training-cluster"

# The cluster's execution role needs cloudwatch:DescribeAlarms for the auto-rollback alarms.
rollback_alarms = [{"AlarmName": "hyperpod-node-health"}, {"AlarmName": "hyperpod-gpu-xid-errors"}]

# Apply the latest AMI now: one instance at a time, 2 minutes between batches.
sagemaker.update_cluster_software(
    ClusterName=cluster_name,
    DeploymentConfig={
        "RollingUpdatePolicy": {
            "MaximumBatchSize": {"Type": "INSTANCE_COUNT", "Value": 1},
            "RollbackMaximumBatchSize": {"Type": "CAPACITY_PERCENTAGE", "Value": 100},
        },
        "WaitIntervalInSeconds": 120,
        "AutoRollbackConfiguration": rollback_alarms,
    },
)

# Weekly patching of the GPU workers: a quarter of the group per batch, Sundays at 03:00 UTC.
sagemaker.update_cluster(
    ClusterName=cluster_name,
    InstanceGroups=[
        {
            "InstanceGroupName": "gpu-workers",
            "InstanceType": "ml.p5.48xlarge",
            "InstanceCount": 8,
            "LifeCycleConfig": {"SourceS3Uri": "s3://my-bucket/lifecycle/", "OnCreate": "on_create.sh"},
            "ExecutionRole": "arn:aws:iam::111122223333:role/HyperPodExecutionRole",
            "ScheduledUpdateConfig": {
                "ScheduleExpression": "cron(0 3 ? * SUN *)",
                "DeploymentConfig": {
                    "RollingUpdatePolicy": {
                        "MaximumBatchSize": {"Type": "CAPACITY_PERCENTAGE", "Value": 25},
                    },
                    "WaitIntervalInSeconds": 300,
                    "AutoRollbackConfiguration": [{"AlarmName": "hyperpod-node-health"}],
                },
            },
        }
    ],
)
