// How a step size turns into instances and traffic steps. Shared by the timeout rule and the
// timeline engine so both count bakes the same way.
//
// Assumption (the docs are silent): a percentage of the fleet is rounded UP to whole
// instances (30% of 4 = 1.2 -> 2), and never below one instance. An instance count is taken
// as a whole number of at least one (the API's minimum) and at most the fleet.
import type { CapacitySize, RolloutConfig } from '../model';

/** A step never moves fewer than one instance: zero would mean a rollout that never ends. */
function wholeInstances(count: number): number {
  return Math.max(1, Math.ceil(count));
}

/** Instances one step moves, or undefined when it cannot be known (percent size, no fleet size). */
export function instancesPerStep(size: CapacitySize, fleetSize: number | undefined): number | undefined {
  if (size.type === 'INSTANCE_COUNT') {
    const count = wholeInstances(size.value);
    return fleetSize === undefined ? count : Math.min(count, fleetSize);
  }
  if (fleetSize === undefined) return undefined;
  return Math.min(fleetSize, wholeInstances((size.value * fleetSize) / 100));
}

/**
 * Share of traffic (percent) one step moves. Percent sizes are exact without a fleet size;
 * instance counts need it.
 */
export function percentPerStep(size: CapacitySize, fleetSize: number | undefined): number | undefined {
  if (fleetSize === undefined) return size.type === 'CAPACITY_PERCENT' ? Math.min(100, size.value) : undefined;
  const instances = instancesPerStep(size, fleetSize);
  return instances === undefined ? undefined : (100 * instances) / fleetSize;
}

/**
 * Number of baking periods in the rollout: 1 for ALL_AT_ONCE, 2 for CANARY (canary bake and
 * final bake), one per LINEAR step, one per rolling batch. Undefined when unknowable.
 */
export function bakeCount(config: Pick<RolloutConfig, 'strategy' | 'stepSize'>, fleetSize: number | undefined): number | undefined {
  switch (config.strategy) {
    case 'ALL_AT_ONCE':
      return 1;
    case 'CANARY':
      return 2;
    case 'LINEAR':
    case 'ROLLING': {
      if (!config.stepSize) return undefined;
      if (fleetSize === undefined) {
        if (config.stepSize.type === 'INSTANCE_COUNT') return undefined;
        // Without a fleet a percent step is exact, so 30% takes 4 steps (with 4 instances it takes 2).
        return Math.ceil(100 / Math.max(1, Math.min(100, config.stepSize.value)));
      }
      const perStep = instancesPerStep(config.stepSize, fleetSize) ?? 1;
      return Math.ceil(fleetSize / perStep);
    }
  }
}

/** Total time spent waiting (bakes plus termination wait), which the execution timeout must exceed. */
export function totalWaitSeconds(config: RolloutConfig, fleetSize: number | undefined): number | undefined {
  const bakes = bakeCount(config, fleetSize);
  if (bakes === undefined) return undefined;
  const terminationWait = config.strategy === 'ROLLING' ? 0 : config.terminationWaitSeconds;
  return bakes * config.waitIntervalSeconds + terminationWait;
}
