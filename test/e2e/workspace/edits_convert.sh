#!/bin/sh
aws sagemaker update-endpoint --endpoint-name orders --endpoint-config-name orders-v2 \
  --deployment-config '{"RollingUpdatePolicy":{"MaximumBatchSize":{"Type":"CAPACITY_PERCENT","Value":20},"WaitIntervalInSeconds":300},"AutoRollbackConfiguration":{"Alarms":[{"AlarmName":"orders-5xx"}]}}'
