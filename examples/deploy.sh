#!/usr/bin/env bash
# Promote a new endpoint config of the recsys-ranker endpoints with deployment guardrails.
#
#   ./deploy.sh canary   recsys-ranker-2024-06-01     # blue/green canary, config in a JSON file
#   ./deploy.sh linear   recsys-ranker-2024-06-01     # blue/green linear, JSON inline
#   ./deploy.sh rolling  recsys-ranker-2024-06-01     # rolling batches, CLI shorthand syntax
#   ./deploy.sh fast     recsys-ranker-2024-06-01     # blue/green all at once
#   DEPLOYMENT_CONFIG='{...}' ./deploy.sh custom recsys-ranker-2024-06-01
#
# Lines marked "MISTAKE" are deliberate: they show what sm-guardrails check reports.
set -euo pipefail

# file:// paths below are relative to this script's folder.
cd "$(dirname "$0")"

STRATEGY="${1:?usage: deploy.sh canary|linear|rolling|fast|custom|staging CONFIG_NAME}"
NEW_CONFIG="${2:?usage: deploy.sh STRATEGY CONFIG_NAME}"
ENDPOINT_NAME="${ENDPOINT_NAME:-recsys-ranker-prod}"
export AWS_DEFAULT_REGION="${AWS_DEFAULT_REGION:-us-east-1}"

case "$STRATEGY" in
  canary)
    # 20% canary, 15 min bakes: 2 x 900 s + 300 s = 2100 s < 3600 s timeout.
    aws sagemaker update-endpoint \
      --endpoint-name "$ENDPOINT_NAME" \
      --endpoint-config-name "$NEW_CONFIG" \
      --deployment-config file://canary.deployment-config.json
    ;;

  linear)
    # 25% steps, 5 min bakes: 4 x 300 s + 300 s = 1500 s < 3600 s timeout.
    aws sagemaker update-endpoint \
      --endpoint-name "$ENDPOINT_NAME" \
      --endpoint-config-name "$NEW_CONFIG" \
      --deployment-config '{
        "BlueGreenUpdatePolicy": {
          "TrafficRoutingConfiguration": {
            "Type": "LINEAR",
            "LinearStepSize": {"Type": "CAPACITY_PERCENT", "Value": 25},
            "WaitIntervalInSeconds": 300
          },
          "TerminationWaitInSeconds": 300,
          "MaximumExecutionTimeoutInSeconds": 3600
        },
        "AutoRollbackConfiguration": {
          "Alarms": [
            {"AlarmName": "recsys-ranker-prod-invocation-5xx"},
            {"AlarmName": "recsys-ranker-prod-model-latency-p99"}
          ]
        }
      }'
    ;;

  rolling)
    # CLI shorthand syntax. Quoted on purpose: unquoted, bash would brace-expand
    # {Type=CAPACITY_PERCENT,Value=10} into separate words before the CLI sees them.
    # 10% batches, 5 min bakes: 10 x 300 s = 3000 s < 3600 s timeout.
    aws sagemaker update-endpoint \
      --endpoint-name "$ENDPOINT_NAME" \
      --endpoint-config-name "$NEW_CONFIG" \
      --deployment-config 'RollingUpdatePolicy={MaximumBatchSize={Type=CAPACITY_PERCENT,Value=10},WaitIntervalInSeconds=300,MaximumExecutionTimeoutInSeconds=3600},AutoRollbackConfiguration={Alarms=[{AlarmName=recsys-ranker-prod-invocation-5xx},{AlarmName=recsys-ranker-prod-model-latency-p99}]}'
    ;;

  rolling-file)
    aws sagemaker update-endpoint --endpoint-name "$ENDPOINT_NAME" --endpoint-config-name "$NEW_CONFIG" \
      --deployment-config file://rolling.deployment-config.json
    ;;

  fast)
    # All at once with the --option=value form: 1 x 600 s + 300 s = 900 s < 1800 s timeout.
    aws sagemaker update-endpoint --endpoint-name "$ENDPOINT_NAME" --endpoint-config-name "$NEW_CONFIG" \
      --deployment-config='{"BlueGreenUpdatePolicy":{"TrafficRoutingConfiguration":{"Type":"ALL_AT_ONCE","WaitIntervalInSeconds":600},"TerminationWaitInSeconds":300,"MaximumExecutionTimeoutInSeconds":1800},"AutoRollbackConfiguration":{"Alarms":[{"AlarmName":"recsys-ranker-prod-invocation-5xx"}]}}'
    ;;

  custom)
    # Whatever the caller passes: not known when the script is checked, so never reported.
    aws sagemaker update-endpoint \
      --endpoint-name "$ENDPOINT_NAME" \
      --endpoint-config-name "$NEW_CONFIG" \
      --deployment-config "$DEPLOYMENT_CONFIG"
    ;;

  guide)
    # MISTAKE (cli-syntax, error): pasted from the canary guide page, which drops the outer
    # { } of the JSON object. The CLI then reads it as shorthand and fails with
    # "Expected: '=', received: '"'". The whole quoted value is reported.
    aws sagemaker update-endpoint \
      --endpoint-name "$ENDPOINT_NAME" \
      --endpoint-config-name "$NEW_CONFIG" \
      --deployment-config '"BlueGreenUpdatePolicy": {"TrafficRoutingConfiguration": {"Type": "CANARY", "CanarySize": {"Type": "CAPACITY_PERCENT", "Value": 30}, "WaitIntervalInSeconds": 600}, "TerminationWaitInSeconds": 600, "MaximumExecutionTimeoutInSeconds": 3600}, "AutoRollbackConfiguration": {"Alarms": [{"AlarmName": "recsys-ranker-prod-invocation-5xx"}]}'
    ;;

  slow)
    # MISTAKE (linear-step-size, error): linear steps must be 10-50% of the new fleet;
    # Value=5 is reported. (20 steps x 120 s = 2400 s would still fit the 3600 s timeout.)
    aws sagemaker update-endpoint \
      --endpoint-name "$ENDPOINT_NAME" \
      --endpoint-config-name "$NEW_CONFIG" \
      --deployment-config 'BlueGreenUpdatePolicy={TrafficRoutingConfiguration={Type=LINEAR,LinearStepSize={Type=CAPACITY_PERCENT,Value=5},WaitIntervalInSeconds=120},MaximumExecutionTimeoutInSeconds=3600},AutoRollbackConfiguration={Alarms=[{AlarmName=recsys-ranker-prod-invocation-5xx}]}'
    ;;

  staging)
    # MISTAKE (no-rollback-alarms, warning): no AutoRollbackConfiguration, so the baking
    # periods watch nothing and can never trigger a rollback.
    aws sagemaker update-endpoint \
      --endpoint-name recsys-ranker-staging \
      --endpoint-config-name "$NEW_CONFIG" \
      --deployment-config '{"BlueGreenUpdatePolicy": {"TrafficRoutingConfiguration": {"Type": "ALL_AT_ONCE", "WaitIntervalInSeconds": 0}, "MaximumExecutionTimeoutInSeconds": 900}}'
    ;;

  *)
    echo "unknown strategy: $STRATEGY" >&2
    exit 2
    ;;
esac

aws sagemaker wait endpoint-in-service --endpoint-name "$ENDPOINT_NAME"
aws sagemaker describe-endpoint --endpoint-name "$ENDPOINT_NAME" \
  --query '{Status: EndpointStatus, Config: EndpointConfigName}' --output table
