// A config tree reduced to the numbers that decide how the rollout runs (RolloutConfig).
// Anything non-literal or invalid that the rollout depends on makes it unknown.
import type { CapacitySize, CapacityType, ConfigFamily, RolloutConfig, Strategy, ValueNode } from './model';
import { integerValue, stringValue, valueOf } from './tree';

/** Each family's size enum, mapped to the normalized count/percent types the engine works in. */
const SIZE_TYPES: Record<ConfigFamily, Record<string, CapacityType>> = {
  endpoint: { INSTANCE_COUNT: 'INSTANCE_COUNT', CAPACITY_PERCENT: 'CAPACITY_PERCENT' },
  'inference-component': { COPY_COUNT: 'INSTANCE_COUNT', CAPACITY_PERCENT: 'CAPACITY_PERCENT' },
  'hyperpod-cluster': { INSTANCE_COUNT: 'INSTANCE_COUNT', CAPACITY_PERCENTAGE: 'CAPACITY_PERCENT' },
};

export function capacitySizeOf(node: ValueNode | undefined, family: ConfigFamily = 'endpoint'): CapacitySize | undefined {
  const written = stringValue(valueOf(node, 'Type'));
  const type = written === undefined ? undefined : SIZE_TYPES[family][written];
  const value = integerValue(valueOf(node, 'Value'));
  if (!type || value === undefined || value < 1) return undefined;
  return { type, value };
}

/** Optional integer member: its default when absent, undefined when present but not a literal integer. */
function optionalInteger(node: ValueNode | undefined, key: string, fallback: number): number | undefined {
  const member = valueOf(node, key);
  return member === undefined ? fallback : integerValue(member);
}

function alarmNamesOf(root: ValueNode, family: ConfigFamily): string[] {
  const rollback = valueOf(root, 'AutoRollbackConfiguration');
  // HyperPod takes a bare list of alarms; the other families wrap it in {Alarms: [...]}.
  const alarms = family === 'hyperpod-cluster' ? rollback : valueOf(rollback, 'Alarms');
  if (alarms?.kind !== 'array') return [];
  return alarms.items.map((alarm) => {
    const name = valueOf(alarm, 'AlarmName');
    return name?.kind === 'string' ? name.value : name?.kind === 'unknown' ? name.text : '?';
  });
}

/**
 * The rollout numbers of a config of the given family (endpoint when not known). Inference
 * components roll in copies; HyperPod clusters roll in instances with the wait at the top level
 * and no execution timeout.
 */
export function rolloutConfigOf(root: ValueNode, family: ConfigFamily = 'endpoint'): RolloutConfig | undefined {
  if (root.kind !== 'object') return undefined;
  const alarmNames = alarmNamesOf(root, family);
  const rolling = valueOf(root, 'RollingUpdatePolicy');
  const blueGreen = valueOf(root, 'BlueGreenUpdatePolicy');
  const unit = family === 'inference-component' ? 'copy' : 'instance';
  if (family !== 'endpoint') {
    // Only rolling updates are configurable there (a BlueGreenUpdatePolicy is an unknown key).
    if (!rolling || blueGreen) return undefined;
    const waitNode = family === 'hyperpod-cluster' ? valueOf(root, 'WaitIntervalInSeconds') : valueOf(rolling, 'WaitIntervalInSeconds');
    const waitIntervalSeconds = family === 'hyperpod-cluster' && !waitNode ? 0 : integerValue(waitNode);
    const stepSize = capacitySizeOf(valueOf(rolling, 'MaximumBatchSize'), family);
    if (waitIntervalSeconds === undefined || !stepSize) return undefined;
    const timeout = family === 'hyperpod-cluster' ? undefined : integerValue(valueOf(rolling, 'MaximumExecutionTimeoutInSeconds'));
    const rollbackNode = valueOf(rolling, 'RollbackMaximumBatchSize');
    const rollback = capacitySizeOf(rollbackNode, family);
    if (rollbackNode && !rollback) return undefined;
    return {
      family,
      unit,
      strategy: 'ROLLING',
      waitIntervalSeconds,
      terminationWaitSeconds: 0,
      ...(timeout !== undefined ? { maximumExecutionTimeoutSeconds: timeout } : {}),
      stepSize,
      ...(rollback ? { rollbackMaximumBatchSize: rollback } : {}),
      alarmNames,
    };
  }
  if (rolling && !blueGreen) {
    const waitIntervalSeconds = integerValue(valueOf(rolling, 'WaitIntervalInSeconds'));
    const stepSize = capacitySizeOf(valueOf(rolling, 'MaximumBatchSize'));
    if (waitIntervalSeconds === undefined || !stepSize) return undefined;
    const timeout = integerValue(valueOf(rolling, 'MaximumExecutionTimeoutInSeconds'));
    const rollbackNode = valueOf(rolling, 'RollbackMaximumBatchSize');
    const rollback = capacitySizeOf(rollbackNode);
    if (rollbackNode && !rollback) return undefined;
    return {
      family,
      unit,
      strategy: 'ROLLING',
      waitIntervalSeconds,
      terminationWaitSeconds: 0,
      ...(timeout !== undefined ? { maximumExecutionTimeoutSeconds: timeout } : {}),
      stepSize,
      ...(rollback ? { rollbackMaximumBatchSize: rollback } : {}),
      alarmNames,
    };
  }
  if (rolling && blueGreen) return undefined;
  if (!blueGreen) {
    // No policy: the API's default, blue/green all at once with no baking period.
    return { family, unit, strategy: 'ALL_AT_ONCE', waitIntervalSeconds: 0, terminationWaitSeconds: 0, alarmNames };
  }
  const routing = valueOf(blueGreen, 'TrafficRoutingConfiguration');
  const type = stringValue(valueOf(routing, 'Type'));
  if (type !== 'ALL_AT_ONCE' && type !== 'CANARY' && type !== 'LINEAR') return undefined;
  const strategy: Strategy = type;
  const waitIntervalSeconds = integerValue(valueOf(routing, 'WaitIntervalInSeconds'));
  const terminationWaitSeconds = optionalInteger(blueGreen, 'TerminationWaitInSeconds', 0);
  if (waitIntervalSeconds === undefined || terminationWaitSeconds === undefined) return undefined;
  const timeout = integerValue(valueOf(blueGreen, 'MaximumExecutionTimeoutInSeconds'));
  let stepSize: CapacitySize | undefined;
  if (strategy !== 'ALL_AT_ONCE') {
    stepSize = capacitySizeOf(valueOf(routing, strategy === 'CANARY' ? 'CanarySize' : 'LinearStepSize'));
    if (!stepSize) return undefined;
  }
  return {
    family,
    unit,
    strategy,
    waitIntervalSeconds,
    terminationWaitSeconds,
    ...(timeout !== undefined ? { maximumExecutionTimeoutSeconds: timeout } : {}),
    ...(stepSize ? { stepSize } : {}),
    alarmNames,
  };
}
