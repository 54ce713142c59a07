// A config tree reduced to the numbers that decide how the rollout runs (RolloutConfig).
// Anything non-literal or invalid that the rollout depends on makes it unknown.
import type { CapacitySize, RolloutConfig, Strategy, ValueNode } from './model';
import { integerValue, stringValue, valueOf } from './tree';

export function capacitySizeOf(node: ValueNode | undefined): CapacitySize | undefined {
  const type = stringValue(valueOf(node, 'Type'));
  const value = integerValue(valueOf(node, 'Value'));
  if ((type !== 'INSTANCE_COUNT' && type !== 'CAPACITY_PERCENT') || value === undefined || value < 1) return undefined;
  return { type, value };
}

/** Optional integer member: its default when absent, undefined when present but not a literal integer. */
function optionalInteger(node: ValueNode | undefined, key: string, fallback: number): number | undefined {
  const member = valueOf(node, key);
  return member === undefined ? fallback : integerValue(member);
}

function alarmNamesOf(root: ValueNode): string[] {
  const alarms = valueOf(valueOf(root, 'AutoRollbackConfiguration'), 'Alarms');
  if (alarms?.kind !== 'array') return [];
  return alarms.items.map((alarm) => {
    const name = valueOf(alarm, 'AlarmName');
    return name?.kind === 'string' ? name.value : name?.kind === 'unknown' ? name.text : '?';
  });
}

export function rolloutConfigOf(root: ValueNode): RolloutConfig | undefined {
  if (root.kind !== 'object') return undefined;
  const alarmNames = alarmNamesOf(root);
  const rolling = valueOf(root, 'RollingUpdatePolicy');
  const blueGreen = valueOf(root, 'BlueGreenUpdatePolicy');
  if (rolling && !blueGreen) {
    const waitIntervalSeconds = integerValue(valueOf(rolling, 'WaitIntervalInSeconds'));
    const stepSize = capacitySizeOf(valueOf(rolling, 'MaximumBatchSize'));
    if (waitIntervalSeconds === undefined || !stepSize) return undefined;
    const timeout = integerValue(valueOf(rolling, 'MaximumExecutionTimeoutInSeconds'));
    const rollbackNode = valueOf(rolling, 'RollbackMaximumBatchSize');
    const rollback = capacitySizeOf(rollbackNode);
    if (rollbackNode && !rollback) return undefined;
    return {
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
    return { strategy: 'ALL_AT_ONCE', waitIntervalSeconds: 0, terminationWaitSeconds: 0, alarmNames };
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
    strategy,
    waitIntervalSeconds,
    terminationWaitSeconds,
    ...(timeout !== undefined ? { maximumExecutionTimeoutSeconds: timeout } : {}),
    ...(stepSize ? { stepSize } : {}),
    alarmNames,
  };
}
