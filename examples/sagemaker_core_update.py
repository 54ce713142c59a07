"""Roll the orders endpoint and its inference component to a new model with sagemaker-core
(the SageMaker Python SDK v3 resource classes)."""
from sagemaker_core.main.resources import Endpoint, InferenceComponent
from sagemaker_core.main.shapes import (
    Alarm,
    AutoRollbackConfig,
    BlueGreenUpdatePolicy,
    CapacitySize,
    DeploymentConfig,
    InferenceComponentCapacitySize,
    InferenceComponentDeploymentConfig,
    InferenceComponentRollingUpdatePolicy,
    TrafficRoutingConfig,
)

ALARMS = AutoRollbackConfig(alarms=[Alarm(alarm_name="orders-5xx"), Alarm(alarm_name="orders-p99")])

linear = DeploymentConfig(
    blue_green_update_policy=BlueGreenUpdatePolicy(
        traffic_routing_configuration=TrafficRoutingConfig(
            type="LINEAR",
            # MISTAKE: 5% steps are below the 10% minimum of a linear step.
            linear_step_size=CapacitySize(type="CAPACITY_PERCENT", value=5),
            wait_interval_in_seconds=300,
        ),
        maximum_execution_timeout_in_seconds=7200,
    ),
    auto_rollback_configuration=ALARMS,
)

endpoint = Endpoint.get("orders")
endpoint.update(endpoint_config_name="orders-v2", deployment_config=linear)

component = InferenceComponent.get("orders-llm")
component.update(
    specification=component.specification,
    deployment_config=InferenceComponentDeploymentConfig(
        rolling_update_policy=InferenceComponentRollingUpdatePolicy(
            maximum_batch_size=InferenceComponentCapacitySize(type="COPY_COUNT", value=1),
            wait_interval_in_seconds=120,
        ),
        auto_rollback_configuration=ALARMS,
    ),
)
