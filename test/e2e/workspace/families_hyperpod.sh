#!/bin/bash
# HyperPod cluster software update with the endpoint's {"Alarms": [...]} wrapper (line 9): HyperPod
# takes a bare list. Expected: wrong-type on the wrapper object; nothing else.
aws sagemaker update-cluster-software \
  --cluster-name ml-training-cluster \
  --deployment-config '{
    "RollingUpdatePolicy": {"MaximumBatchSize": {"Type": "CAPACITY_PERCENTAGE", "Value": 25}},
    "WaitIntervalInSeconds": 120,
    "AutoRollbackConfiguration": {"Alarms": [{"AlarmName": "hyperpod-node-health"}]}
  }'
