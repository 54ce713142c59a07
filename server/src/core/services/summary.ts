// One-line descriptions of a rollout, for the code lens and hover:
// "Canary 30% then 100% - 2 bakes of 10 min - blue fleet ends after 30 min - timeout 30 min".
import type { CapacitySize, RolloutConfig } from '../model';
import { bakeCount, instancesPerStep, totalWaitSeconds } from '../timeline/steps';

export function humanDuration(seconds: number): string {
  if (seconds === 0) return '0 s';
  if (seconds % 3600 === 0) return `${seconds / 3600} h`;
  if (seconds >= 3600) return `${Math.floor(seconds / 3600)} h ${Math.round((seconds % 3600) / 60)} min`;
  if (seconds % 60 === 0) return `${seconds / 60} min`;
  if (seconds > 60) return `${Math.floor(seconds / 60)} min ${seconds % 60} s`;
  return `${seconds} s`;
}

export function describeSize(size: CapacitySize, fleetSize: number | undefined): string {
  if (size.type === 'INSTANCE_COUNT') {
    const count = `${size.value} instance${size.value === 1 ? '' : 's'}`;
    return fleetSize ? `${count} of ${fleetSize}` : count;
  }
  const instances = instancesPerStep(size, fleetSize);
  return instances === undefined ? `${size.value}%` : `${size.value}% (${instances} of ${fleetSize} instance${fleetSize === 1 ? '' : 's'})`;
}

/** The traffic steps in words: "Canary 30% then 100%", "Linear 20% steps (5 steps)", "All at once". */
export function describeSteps(config: RolloutConfig, fleetSize: number | undefined): string {
  const bakes = bakeCount(config, fleetSize);
  switch (config.strategy) {
    case 'ALL_AT_ONCE':
      return 'All at once';
    case 'CANARY':
      return config.stepSize ? `Canary ${describeSize(config.stepSize, fleetSize)} then 100%` : 'Canary';
    case 'LINEAR':
      return config.stepSize ? `Linear ${describeSize(config.stepSize, fleetSize)} steps${bakes ? ` (${bakes} steps)` : ''}` : 'Linear';
    case 'ROLLING':
      return config.stepSize ? `Rolling batches of ${describeSize(config.stepSize, fleetSize)}${bakes ? ` (${bakes} batches)` : ''}` : 'Rolling';
  }
}

export function describeRollout(config: RolloutConfig, fleetSize: number | undefined): string {
  const parts = [describeSteps(config, fleetSize)];
  const bakes = bakeCount(config, fleetSize);
  if (bakes !== undefined) parts.push(`${bakes} bake${bakes === 1 ? '' : 's'} of ${humanDuration(config.waitIntervalSeconds)}`);
  else parts.push(`bakes of ${humanDuration(config.waitIntervalSeconds)} (step count needs the fleet size)`);
  const total = totalWaitSeconds(config, fleetSize);
  if (total !== undefined) parts.push(`${config.strategy === 'ROLLING' ? 'old fleet gone' : 'blue fleet ends'} after ${humanDuration(total)}`);
  if (config.maximumExecutionTimeoutSeconds !== undefined) {
    const tooShort = total !== undefined && config.maximumExecutionTimeoutSeconds <= total;
    parts.push(`timeout ${humanDuration(config.maximumExecutionTimeoutSeconds)}${tooShort ? ' (too short)' : ''}`);
  }
  if (config.alarmNames.length === 0) parts.push('no rollback alarms');
  return parts.join(' · ');
}
