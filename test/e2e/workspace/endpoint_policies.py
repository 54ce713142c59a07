"""Deployment policies shared by the search endpoints."""

ROLLING = {
    "RollingUpdatePolicy": {
        "MaximumBatchSize": {"Type": "CAPACITY_PERCENT", "Value": 50},
        "WaitIntervalInSeconds": 7200,
        "MaximumExecutionTimeoutInSeconds": 28800,
    },
    "AutoRollbackConfiguration": {"Alarms": [{"AlarmName": "search-prod-latency"}]},
}

CANARY = {
    "BlueGreenUpdatePolicy": {
        "TrafficRoutingConfiguration": {
            "Type": "CANARY",
            "CanarySize": {"Type": "INSTANCE_COUNT", "Value": 1},
            "WaitIntervalInSeconds": 1800,
        },
        "TerminationWaitInSeconds": 600,
        "MaximumExecutionTimeoutInSeconds": 900,
    },
    "AutoRollbackConfiguration": {"Alarms": [{"AlarmName": "search-prod-latency"}]},
}
