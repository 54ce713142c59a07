// Which timeline a config gets: for its fleet size, else (percentage sizes only) in percent of the
// fleet, else none until the fleet size is known. The code lens, hover, panel and CLI all go
// through here, so a duration or a peak is computed once, by the engine.
import type { RolloutConfig } from '../model';
import { expandRollout, type ExpandOptions, type Timeline } from './engine';

/** In the percentage view the fleet is 100 units: an instance count there is a percent of the fleet. */
export const PERCENT_VIEW_FLEET = 100;

export type TimelineView =
  | { kind: 'fleet'; fleetSize: number; timeline: Timeline }
  /**
   * No fleet size, and every size the rollout needs is a percentage: counts are percents of the
   * fleet. `rollbackNeedsFleetSize`: RollbackMaximumBatchSize is an instance count, so the
   * rollback batches are left out (all at once is drawn only when it is absent).
   */
  | { kind: 'percent'; timeline: Timeline; rollbackNeedsFleetSize: boolean }
  | { kind: 'needs-fleet-size' };

export function timelineView(config: RolloutConfig, fleetSize: number | undefined, options: ExpandOptions = {}): TimelineView {
  if (fleetSize !== undefined) return { kind: 'fleet', fleetSize, timeline: expandRollout(config, fleetSize, options) };
  if (config.stepSize?.type === 'INSTANCE_COUNT') return { kind: 'needs-fleet-size' };
  const rollbackNeedsFleetSize = config.rollbackMaximumBatchSize?.type === 'INSTANCE_COUNT';
  const percentConfig: RolloutConfig = { ...config };
  if (rollbackNeedsFleetSize) delete percentConfig.rollbackMaximumBatchSize;
  return { kind: 'percent', timeline: expandRollout(percentConfig, PERCENT_VIEW_FLEET, options), rollbackNeedsFleetSize };
}
