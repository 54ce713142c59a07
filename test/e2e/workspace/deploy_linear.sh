#!/usr/bin/env bash
# Shift fraud-prod to the v7 endpoint config in linear steps.
set -euo pipefail

aws sagemaker update-endpoint \
  --endpoint-name fraud-prod \
  --endpoint-config-name fraud-prod-v7 \
  --deployment-config '{
    "BlueGreenUpdatePolicy": {
      "TrafficRoutingConfiguration": {
        "Type": "LINEAR",
        "LinearStepSize": {"Type": "CAPACITY_PERCENT", "Value": 5},
        "WaitIntervalInSeconds": 120
      },
      "MaximumExecutionTimeoutInSeconds": 7200
    },
    "AutoRollbackConfiguration": {"Alarms": [{"AlarmName": "fraud-prod-errors"}]}
  }'
