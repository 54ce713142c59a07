// One-line descriptions of a rollout, for the code lens and hover:
// "Canary 30% then 100% · 2 bakes of 10 min · blue fleet ends after 30 min · timeout 30 min".
import type { CapacitySize, RolloutConfig } from '../model';
import { bakeCount, instancesPerStep, totalWaitSeconds } from '../timeline/steps';

/** "0 s", "45 s", "10 min", "1 h", "1 h 59 min 30 s": exact, and the same wording as the timeline panel. */
export function humanDuration(seconds: number): string {
  const total = Math.round(seconds);
  if (total <= 0) return '0 s';
  const parts: string[] = [];
  const hours = Math.floor(total / 3600);
  const minutes = Math.floor((total % 3600) / 60);
  const rest = total % 60;
  if (hours) parts.push(`${hours} h`);
  if (minutes) parts.push(`${minutes} min`);
  if (rest) parts.push(`${rest} s`);
  return parts.join(' ');
}

export function describeSize(size: CapacitySize, fleetSize: number | undefined): string {
  if (size.type === 'INSTANCE_COUNT') {
    const count = `${size.value} instance${size.value === 1 ? '' : 's'}`;
    return fleetSize ? `${count} of ${fleetSize}` : count;
  }
  const instances = instancesPerStep(size, fleetSize);
  return instances === undefined ? `${size.value}%` : `${size.value}% (${instances} of ${fleetSize} instance${fleetSize === 1 ? '' : 's'})`;
}

/**
 * The traffic steps in words: "Canary 30% then 100%", "Linear, 5 steps of 20%",
 * "Rolling, 4 batches of 20% (1 of 4 instances)", "All at once".
 */
export function describeSteps(config: RolloutConfig, fleetSize: number | undefined): string {
  const bakes = bakeCount(config, fleetSize);
  switch (config.strategy) {
    case 'ALL_AT_ONCE':
      return 'All at once';
    case 'CANARY':
      return config.stepSize ? `Canary ${describeSize(config.stepSize, fleetSize)} then 100%` : 'Canary';
    case 'LINEAR':
      if (!config.stepSize) return 'Linear';
      return bakes ? `Linear, ${bakes} step${bakes === 1 ? '' : 's'} of ${describeSize(config.stepSize, fleetSize)}` : `Linear, steps of ${describeSize(config.stepSize, fleetSize)}`;
    case 'ROLLING':
      if (!config.stepSize) return 'Rolling';
      return bakes ? `Rolling, ${bakes} batch${bakes === 1 ? '' : 'es'} of ${describeSize(config.stepSize, fleetSize)}` : `Rolling, batches of ${describeSize(config.stepSize, fleetSize)}`;
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
