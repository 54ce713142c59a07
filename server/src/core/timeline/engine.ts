// The rollout timeline engine: expands a RolloutConfig and a fleet size into the phases SageMaker
// runs (provision, traffic shift, baking period, termination wait, terminate), with the totals
// the panel, the CLI and the timeout rule show, and the rollback path of every baking period.
// Pure: no I/O, no clock, no imports beyond the model and the shared step rounding.
//
// Semantics taken from the AWS guide pages (shared/reference/seeds):
// - Blue/green provisions the whole green fleet, then shifts traffic in steps: ALL_AT_ONCE one
//   step of 100%; CANARY the canary, then the rest; LINEAR equal steps. Each step is followed by
//   one baking period of WaitIntervalInSeconds. After the last bake SageMaker waits
//   TerminationWaitInSeconds, then terminates the blue fleet. An alarm in any bake sends 100% of
//   the traffic back to the blue fleet.
// - Rolling, per batch: provision a batch of new instances, shift that batch's share of traffic,
//   bake, terminate one batch of old instances. There is no termination wait. An alarm rolls back
//   in RollbackMaximumBatchSize batches, or all at once when it is absent or 100%.
//
// Assumptions (the docs are silent on these; README repeats them, and TIMELINE_ASSUMPTIONS below
// carries the same list for the panel):
//  1. A percentage of the fleet rounds UP to whole instances, never below one (30% of 4 = 2);
//     an instance count is capped at the fleet. Steps are that many instances, the last step
//     takes the remainder (20% of 7 = 2, 2, 2, 1).
//  2. Traffic on the green fleet is proportional to its serving instances: serving / fleet size.
//  3. Traffic shifts and terminations take 0 s. Provisioning takes 0 s and is shown as a phase
//     only when the caller gives an estimate (provisioningSeconds): for blue/green once for the
//     whole green fleet, for rolling once per batch (and per re-provisioned rollback batch).
//  4. CANARY always has two steps and two bakes, even when the canary covers the whole fleet (the
//     second step then moves no instances), matching bakeCount in steps.ts.
//  5. Blue/green keeps every blue instance until the blue fleet is terminated, and provisions every
//     green instance up front, so both fleets are billed through the whole rollout (the guide's
//     billing note) and the peak is twice the fleet. Instances count from the start of their
//     provisioning.
//  6. Rolling keeps the old batch until its bake passes, so the peak is fleet + one batch.
//  7. Every phase exists even when it lasts 0 s (a 0 s bake, a 0 s termination wait), so bake
//     counts and step numbers stay the same for any wait values.
//  8. The execution timeout covers the whole rollout, termination wait and provisioning included,
//     and must be strictly larger than it (the API docs: "larger than the total waiting time");
//     since real provisioning is never 0 s, a timeout equal to the total cannot fit.
//  9. Rollback paths assume the alarm trips at the end of the bake (the worst case: the longest
//     exposure and the latest finish). Their phases use the same absolute clock; subtract
//     tripAtSeconds for times relative to the alarm.
// 10. A blue/green rollback moves all traffic back at once (0 s), then terminates the green fleet.
// 11. A rolling rollback works in batches of RollbackMaximumBatchSize instances (rounded like
//     assumption 1; absent, >= 100% or >= the fleet means all at once): per batch, provision old
//     instances if the old fleet lacks capacity for the traffic it takes back, shift that batch's
//     traffic back, terminate that many new instances. No bake between rollback batches. Rolling
//     all at once first re-provisions the old instances terminated by earlier batches so the old
//     fleet can take 100% of the traffic; its peak can exceed the rollout's peak.
// 12. Without CloudWatch alarms the rollback paths are still computed but can never trigger
//     (autoRollbackEnabled is false).
// 13. compareStrategies uses the base config's step size for CANARY, LINEAR and ROLLING (the step
//     granularity the user chose); without one it uses the guide's examples: canary 30%, linear
//     and rolling 20%. Bake length, termination wait (blue/green only), timeout, rollback batch
//     size and alarms come from the base config.
import type { CapacitySize, ConfigFamily, RolloutConfig, Strategy } from '../model';
import { instancesPerStep } from './steps';

export const TIMELINE_ASSUMPTIONS: readonly string[] = [
  'A percentage of the fleet rounds up to whole instances, never below one (30% of 4 instances = 2); the last step takes the remainder (20% of 7 = 2, 2, 2, 1).',
  'Traffic on the new fleet is proportional to its serving instances (serving / fleet size).',
  'Traffic shifts and terminations take 0 s; provisioning takes 0 s unless an estimate is given.',
  'CANARY always has two steps and two baking periods.',
  'Blue/green keeps the whole old fleet and provisions the whole new fleet until the old one is terminated (peak = 2 x fleet).',
  'Rolling keeps each old batch until its baking period passes (peak = fleet + one batch).',
  'The execution timeout covers the whole rollout and must be larger than it.',
  'Rollback paths assume the alarm trips at the end of the baking period.',
  'Blue/green rollback: all traffic back to the old fleet at once, then the new fleet is terminated.',
  'Rolling rollback: per batch, re-provision old instances if needed, shift back, terminate new instances; no baking between rollback batches. All at once re-provisions the whole old fleet first.',
  'Without CloudWatch alarms no rollback can trigger.',
  'The strategy comparison reuses the config\'s step size (else canary 30%, linear and rolling 20%).',
];

export type PhaseKind = 'provision' | 'shift' | 'bake' | 'termination-wait' | 'terminate';

/**
 * One phase of a rollout or rollback. Phases that last 0 s (shift, terminate) carry the state
 * right after them; the others carry the state during them.
 */
export interface TimelinePhase {
  kind: PhaseKind;
  /**
   * 1-based traffic step (rolling: batch) the phase belongs to. In a rollback path, the step of
   * the bake the alarm tripped in, so every rollback phase says which rollout step it undoes.
   */
  step: number;
  /** Rollback phases only: the 1-based rollback batch (1 for an all-at-once rollback). */
  rollbackBatch?: number;
  startSeconds: number;
  endSeconds: number;
  /** Share of traffic on the green (new) fleet. */
  greenTrafficPercent: number;
  /** Instances of each fleet that exist (billed), including any being provisioned. */
  blueInstances: number;
  greenInstances: number;
  /** Instances of each fleet taking traffic; blue + green serving is always the fleet size. */
  blueServingInstances: number;
  greenServingInstances: number;
}

export interface TrafficStep {
  step: number;
  /** Instances this step moves to the green fleet (0 for a canary that already covers the fleet). */
  instances: number;
  greenServingInstances: number;
  greenTrafficPercent: number;
}

export interface RollbackPath {
  /** 1-based number of the baking period the alarm trips in. */
  bake: number;
  step: number;
  /** 'all-at-once' for blue/green and for rolling without (or with a 100%) RollbackMaximumBatchSize. */
  mode: 'all-at-once' | 'batches';
  /** Instances moved back per rollback batch (the fleet size when all at once). */
  batchInstances: number;
  batchCount: number;
  /** When the alarm is assumed to trip: the end of the bake. */
  tripAtSeconds: number;
  greenTrafficPercentAtTrip: number;
  /** Old instances provisioned again to take the traffic back (rolling only). */
  reprovisionedInstances: number;
  phases: TimelinePhase[];
  /** Rollback batches whose phases are not listed (more than MAX_DRAWN_ROLLBACK_BATCHES batches). */
  omittedBatches?: OmittedRange;
  durationSeconds: number;
  endSeconds: number;
  peakInstances: number;
}

export interface BakingPeriod {
  /** 1-based number of the bake. */
  bake: number;
  step: number;
  startSeconds: number;
  endSeconds: number;
  greenTrafficPercent: number;
  rollback: RollbackPath;
}

/** A run of identical steps (or rollback batches) left out of the phases to keep the work bounded. */
export interface OmittedRange {
  /** First and last step (rollback: batch) left out, 1-based, inclusive. */
  first: number;
  last: number;
  startSeconds: number;
  endSeconds: number;
  /** Share of traffic on the new fleet before and after the range. */
  greenTrafficPercentBefore: number;
  greenTrafficPercentAfter: number;
  /** What the range adds to the totals. */
  extraInstanceSeconds: number;
  waitSeconds: number;
}

export interface Timeline {
  strategy: Strategy;
  /** Blue/green (a whole new fleet) or rolling (batch by batch). */
  updateType: 'blue-green' | 'rolling';
  /** The API family the config belongs to, and what its fleet is counted in. */
  family: ConfigFamily;
  unit: 'instance' | 'copy';
  fleetSize: number;
  /** Traffic steps (rolling: batches) of the whole rollout; steps[] and bakes[] hold the drawn ones. */
  stepCount: number;
  /** Steps whose phases are not listed (more than MAX_DRAWN_STEPS steps); totals still count them. */
  omittedSteps?: OmittedRange;
  waitIntervalSeconds: number;
  /** 0 for rolling, which has no termination wait. */
  terminationWaitSeconds: number;
  /** The caller's estimate, or undefined when provisioning is left out (counted as 0 s). */
  provisioningSeconds?: number;
  steps: TrafficStep[];
  phases: TimelinePhase[];
  bakes: BakingPeriod[];
  /** When the last traffic shift puts 100% on the green fleet. */
  timeToFullTrafficSeconds: number;
  /** When the last blue instance is terminated. */
  blueTerminatedAtSeconds: number;
  totalSeconds: number;
  /** Bakes plus termination wait; equals totalWaitSeconds() in steps.ts. */
  totalWaitSeconds: number;
  maximumExecutionTimeoutSeconds?: number;
  /** Whether the timeout is larger than the rollout; undefined without a timeout. */
  fitsTimeout?: boolean;
  /** Timeout minus total duration (negative or 0 = does not fit); undefined without a timeout. */
  timeoutMarginSeconds?: number;
  peakInstances: number;
  /** Instance-seconds above the steady-state fleet, summed over the rollout. */
  extraInstanceSeconds: number;
  extraInstanceHours: number;
  /** False when the config has no alarms: then no rollback path can trigger. */
  autoRollbackEnabled: boolean;
}

export interface ExpandOptions {
  /** Estimated time to provision instances (the whole green fleet, or one rolling batch). */
  provisioningSeconds?: number;
  /**
   * false: leave the rollback paths out (each bake's rollback is an empty all-at-once stub). For
   * one-line summaries (code lens, hover, conversion titles) that read only the rollout's totals.
   */
  rollbacks?: boolean;
}

interface FleetState {
  blueInstances: number;
  greenInstances: number;
  greenServingInstances: number;
}

/** Appends phases on a running clock. */
class PhaseRecorder {
  readonly phases: TimelinePhase[] = [];

  constructor(
    private readonly fleetSize: number,
    public clock: number,
  ) {}

  add(kind: PhaseKind, step: number, durationSeconds: number, state: FleetState, rollbackBatch?: number): TimelinePhase {
    const phase: TimelinePhase = {
      kind,
      step,
      startSeconds: this.clock,
      endSeconds: this.clock + durationSeconds,
      greenTrafficPercent: (100 * state.greenServingInstances) / this.fleetSize,
      blueInstances: state.blueInstances,
      greenInstances: state.greenInstances,
      blueServingInstances: this.fleetSize - state.greenServingInstances,
      greenServingInstances: state.greenServingInstances,
    };
    if (rollbackBatch !== undefined) phase.rollbackBatch = rollbackBatch;
    this.phases.push(phase);
    this.clock = phase.endSeconds;
    return phase;
  }
}

function requireNonNegative(value: number, name: string): void {
  if (!Number.isFinite(value) || value < 0) throw new RangeError(`${name} must be a finite number >= 0, got ${value}`);
}

function requireStepSize(config: RolloutConfig): CapacitySize {
  if (!config.stepSize) throw new RangeError(`${config.strategy} needs a step size (CanarySize, LinearStepSize or MaximumBatchSize)`);
  if (!Number.isFinite(config.stepSize.value)) throw new RangeError(`step size must be a finite number, got ${config.stepSize.value}`);
  return config.stepSize;
}

/**
 * The largest fleet a timeline is drawn for (the panel, the document's InitialInstanceCount, the
 * setting and `timeline --instances`). The engine's work does not depend on it; it keeps instance
 * counts and instance-seconds exact and far beyond any real endpoint.
 */
export const TIMELINE_MAX_FLEET_SIZE = 1_000_000;

/**
 * Steps listed at most: the first MAX_DRAWN_STEPS - 1 and the last. The steps in between are all
 * the same size, so the totals are computed for them in one go and the work does not grow with the
 * fleet (a fleet of 4294967296 one-instance steps costs what 60 steps cost).
 */
export const MAX_DRAWN_STEPS = 60;
/** Rollback batches listed at most per rollback path, the same way (the first ones and the last). */
export const MAX_DRAWN_ROLLBACK_BATCHES = 40;

/** Steps as runs of equal size: [{instances, count}], in order. */
interface StepRun {
  instances: number;
  count: number;
}

/** Instances each traffic step (rolling: batch) moves to the new fleet, as runs. */
function stepRuns(config: RolloutConfig, fleetSize: number): StepRun[] {
  if (config.strategy === 'ALL_AT_ONCE') return [{ instances: fleetSize, count: 1 }];
  const perStep = instancesPerStep(requireStepSize(config), fleetSize) ?? fleetSize;
  if (config.strategy === 'CANARY') return [{ instances: perStep, count: 1 }, { instances: fleetSize - perStep, count: 1 }];
  const full = Math.floor(fleetSize / perStep);
  const rest = fleetSize - full * perStep;
  return rest > 0 ? [{ instances: perStep, count: full }, { instances: rest, count: 1 }] : [{ instances: perStep, count: full }];
}

/** Size of the 1-based step `step` in the runs. */
function stepSizeAt(runs: readonly StepRun[], step: number): number {
  let before = 0;
  for (const run of runs) {
    if (step <= before + run.count) return run.instances;
    before += run.count;
  }
  return 0;
}

/** Instances per rolling rollback batch: the whole fleet when absent or >= 100%. */
function rollbackBatchInstances(config: RolloutConfig, fleetSize: number): number {
  const size = config.rollbackMaximumBatchSize;
  if (!size || !Number.isFinite(size.value)) return fleetSize;
  return instancesPerStep(size, fleetSize) ?? fleetSize;
}

interface RollbackPhases {
  phases: TimelinePhase[];
  reprovisionedInstances: number;
  batchCount: number;
  peakInstances: number;
  endSeconds: number;
  omittedBatches?: OmittedRange;
}

/** The blue fleet is still whole, so all traffic goes back at once and the green fleet goes away. */
function blueGreenRollback(fleetSize: number, bake: TimelinePhase): RollbackPhases {
  const recorder = new PhaseRecorder(fleetSize, bake.endSeconds);
  recorder.add('shift', bake.step, 0, { blueInstances: fleetSize, greenInstances: fleetSize, greenServingInstances: 0 }, 1);
  recorder.add('terminate', bake.step, 0, { blueInstances: fleetSize, greenInstances: 0, greenServingInstances: 0 }, 1);
  return { phases: recorder.phases, reprovisionedInstances: 0, batchCount: 1, peakInstances: 2 * fleetSize, endSeconds: recorder.clock };
}

/**
 * Rolling rollback in batches of `batchInstances`. Old instances beyond what the old fleet serves
 * (`slack`: the batch whose bake tripped is still there) take traffic back first; once they are
 * used up, every batch provisions as many old instances as it moves back. Batches between the
 * first MAX_DRAWN_ROLLBACK_BATCHES - 1 and the last are counted in one go.
 */
function rollingRollback(fleetSize: number, batchInstances: number, bake: TimelinePhase, provisioningSeconds: number): RollbackPhases {
  const recorder = new PhaseRecorder(fleetSize, bake.endSeconds);
  const green0 = bake.greenInstances;
  const slack = bake.blueInstances + green0 - fleetSize;
  const batchCount = Math.ceil(green0 / batchInstances);
  let blue = bake.blueInstances;
  let green = green0;
  let reprovisionedInstances = 0;
  let peak = bake.blueInstances + bake.greenInstances;
  let omittedBatches: OmittedRange | undefined;
  for (let batch = 1; green > 0; batch++) {
    if (batch >= MAX_DRAWN_ROLLBACK_BATCHES && batch < batchCount) {
      // Batches batch..batchCount-1 each move batchInstances back: count them without listing them.
      const movedBefore = green0 - green;
      const movedAfter = (batchCount - 1) * batchInstances;
      const firstProvisioning = Math.max(batch, Math.floor(slack / batchInstances) + 1);
      const provisioningBatches = Math.max(0, batchCount - firstProvisioning);
      const added = Math.max(slack, movedAfter) - Math.max(slack, movedBefore);
      const start = recorder.clock;
      const before = (100 * green) / fleetSize;
      // After its provisioning a batch has exactly the old instances it needs: fleet + one batch exist.
      if (provisioningBatches > 0) peak = Math.max(peak, fleetSize + batchInstances);
      reprovisionedInstances += added;
      blue += added;
      green = green0 - movedAfter;
      recorder.clock += provisioningBatches * provisioningSeconds;
      omittedBatches = {
        first: batch,
        last: batchCount - 1,
        startSeconds: start,
        endSeconds: recorder.clock,
        greenTrafficPercentBefore: before,
        greenTrafficPercentAfter: (100 * green) / fleetSize,
        extraInstanceSeconds: provisioningBatches * batchInstances * provisioningSeconds,
        waitSeconds: 0,
      };
      batch = batchCount - 1;
      continue;
    }
    const moved = Math.min(batchInstances, green);
    // Earlier batches terminated old instances: the old fleet needs capacity for its share after this batch.
    const blueNeeded = fleetSize - green + moved;
    if (blue < blueNeeded) {
      reprovisionedInstances += blueNeeded - blue;
      blue = blueNeeded;
      peak = Math.max(peak, blue + green);
      recorder.add('provision', bake.step, provisioningSeconds, { blueInstances: blue, greenInstances: green, greenServingInstances: green }, batch);
    }
    recorder.add('shift', bake.step, 0, { blueInstances: blue, greenInstances: green, greenServingInstances: green - moved }, batch);
    green -= moved;
    recorder.add('terminate', bake.step, 0, { blueInstances: blue, greenInstances: green, greenServingInstances: green }, batch);
  }
  const result: RollbackPhases = { phases: recorder.phases, reprovisionedInstances, batchCount, peakInstances: peak, endSeconds: recorder.clock };
  if (omittedBatches) result.omittedBatches = omittedBatches;
  return result;
}

function peakOf(phases: readonly TimelinePhase[]): number {
  return phases.reduce((peak, phase) => Math.max(peak, phase.blueInstances + phase.greenInstances), 0);
}

/**
 * Expands a config into the rollout SageMaker runs for a fleet of `fleetSize` instances (copies
 * for inference components). The work is bounded: at most MAX_DRAWN_STEPS steps are listed, and
 * the totals count the rest. Throws RangeError for inputs no rollout can have: a fleet that is
 * not a whole number from 1 to Number.MAX_SAFE_INTEGER, negative or non-finite waits,
 * CANARY/LINEAR/ROLLING without a step size.
 */
export function expandRollout(config: RolloutConfig, fleetSize: number, options: ExpandOptions = {}): Timeline {
  if (!Number.isSafeInteger(fleetSize) || fleetSize < 1) throw new RangeError(`fleet size must be a whole number >= 1, got ${fleetSize}`);
  requireNonNegative(config.waitIntervalSeconds, 'WaitIntervalInSeconds');
  const rolling = config.strategy === 'ROLLING';
  const terminationWaitSeconds = rolling ? 0 : config.terminationWaitSeconds;
  requireNonNegative(terminationWaitSeconds, 'TerminationWaitInSeconds');
  if (options.provisioningSeconds !== undefined) requireNonNegative(options.provisioningSeconds, 'provisioningSeconds');
  const provisioningSeconds = options.provisioningSeconds ?? 0;
  const wait = config.waitIntervalSeconds;

  const runs = stepRuns(config, fleetSize);
  const stepCount = runs.reduce((sum, run) => sum + run.count, 0);
  const steps: TrafficStep[] = [];
  const recorder = new PhaseRecorder(fleetSize, 0);
  const bakePhases: TimelinePhase[] = [];
  // Contributions of the steps that are not listed.
  let omittedSteps: OmittedRange | undefined;
  const both = { blueInstances: fleetSize, greenInstances: fleetSize };
  if (!rolling && options.provisioningSeconds !== undefined) recorder.add('provision', 1, provisioningSeconds, { ...both, greenServingInstances: 0 });
  let blue = fleetSize;
  let green = 0;
  for (let step = 1; step <= stepCount; step++) {
    if (step >= MAX_DRAWN_STEPS && step < stepCount) {
      // Steps step..stepCount-1 are all of the first run's size.
      const skipped = stepCount - step;
      const size = runs[0]!.instances;
      const start = recorder.clock;
      const before = (100 * green) / fleetSize;
      const perStepSeconds = rolling ? provisioningSeconds + wait : wait;
      recorder.clock += skipped * perStepSeconds;
      green += skipped * size;
      if (rolling) blue -= skipped * size;
      omittedSteps = {
        first: step,
        last: stepCount - 1,
        startSeconds: start,
        endSeconds: recorder.clock,
        greenTrafficPercentBefore: before,
        greenTrafficPercentAfter: (100 * green) / fleetSize,
        extraInstanceSeconds: skipped * (rolling ? size * perStepSeconds : fleetSize * wait),
        waitSeconds: skipped * wait,
      };
      step = stepCount - 1;
      continue;
    }
    const instances = stepSizeAt(runs, step);
    if (rolling) {
      recorder.add('provision', step, provisioningSeconds, { blueInstances: blue, greenInstances: green + instances, greenServingInstances: green });
      green += instances;
      recorder.add('shift', step, 0, { blueInstances: blue, greenInstances: green, greenServingInstances: green });
      bakePhases.push(recorder.add('bake', step, wait, { blueInstances: blue, greenInstances: green, greenServingInstances: green }));
      blue -= instances;
      recorder.add('terminate', step, 0, { blueInstances: blue, greenInstances: green, greenServingInstances: green });
    } else {
      green += instances;
      recorder.add('shift', step, 0, { ...both, greenServingInstances: green });
      bakePhases.push(recorder.add('bake', step, wait, { ...both, greenServingInstances: green }));
    }
    steps.push({ step, instances, greenServingInstances: green, greenTrafficPercent: (100 * green) / fleetSize });
  }
  if (!rolling) {
    recorder.add('termination-wait', stepCount, terminationWaitSeconds, { ...both, greenServingInstances: fleetSize });
    recorder.add('terminate', stepCount, 0, { blueInstances: 0, greenInstances: fleetSize, greenServingInstances: fleetSize });
  }
  const phases = recorder.phases;

  const rollbackBatch = rolling ? rollbackBatchInstances(config, fleetSize) : fleetSize;
  const bakes: BakingPeriod[] = bakePhases.map((bake) => {
    const path =
      options.rollbacks === false
        ? { phases: [], reprovisionedInstances: 0, batchCount: 0, peakInstances: 0, endSeconds: bake.endSeconds }
        : rolling
          ? rollingRollback(fleetSize, rollbackBatch, bake, provisioningSeconds)
          : blueGreenRollback(fleetSize, bake);
    const rollback: RollbackPath = {
      bake: bake.step,
      step: bake.step,
      mode: rollbackBatch >= fleetSize ? 'all-at-once' : 'batches',
      batchInstances: rollbackBatch,
      batchCount: path.batchCount,
      tripAtSeconds: bake.endSeconds,
      greenTrafficPercentAtTrip: bake.greenTrafficPercent,
      reprovisionedInstances: path.reprovisionedInstances,
      phases: path.phases,
      durationSeconds: path.endSeconds - bake.endSeconds,
      endSeconds: path.endSeconds,
      peakInstances: Math.max(bake.blueInstances + bake.greenInstances, path.peakInstances, peakOf(path.phases)),
    };
    if (path.omittedBatches) rollback.omittedBatches = path.omittedBatches;
    return { bake: bake.step, step: bake.step, startSeconds: bake.startSeconds, endSeconds: bake.endSeconds, greenTrafficPercent: bake.greenTrafficPercent, rollback };
  });

  const totalSeconds = recorder.clock;
  const extraInstanceSeconds =
    (omittedSteps?.extraInstanceSeconds ?? 0) + phases.reduce((sum, p) => sum + (p.blueInstances + p.greenInstances - fleetSize) * (p.endSeconds - p.startSeconds), 0);
  const timeout = config.maximumExecutionTimeoutSeconds;
  const timeline: Timeline = {
    strategy: config.strategy,
    updateType: rolling ? 'rolling' : 'blue-green',
    family: config.family ?? 'endpoint',
    unit: config.unit ?? 'instance',
    fleetSize,
    stepCount,
    waitIntervalSeconds: wait,
    terminationWaitSeconds,
    steps,
    phases,
    bakes,
    timeToFullTrafficSeconds: phases.find((p) => p.kind === 'shift' && p.greenServingInstances === fleetSize)?.startSeconds ?? totalSeconds,
    blueTerminatedAtSeconds: phases.find((p) => p.blueInstances === 0)?.startSeconds ?? totalSeconds,
    totalSeconds,
    totalWaitSeconds: (omittedSteps?.waitSeconds ?? 0) + phases.filter((p) => p.kind === 'bake' || p.kind === 'termination-wait').reduce((sum, p) => sum + p.endSeconds - p.startSeconds, 0),
    peakInstances: peakOf(phases),
    extraInstanceSeconds,
    extraInstanceHours: extraInstanceSeconds / 3600,
    autoRollbackEnabled: config.alarmNames.length > 0,
  };
  if (omittedSteps) timeline.omittedSteps = omittedSteps;
  if (options.provisioningSeconds !== undefined) timeline.provisioningSeconds = options.provisioningSeconds;
  if (timeout !== undefined) {
    timeline.maximumExecutionTimeoutSeconds = timeout;
    timeline.fitsTimeout = timeout > totalSeconds;
    timeline.timeoutMarginSeconds = timeout - totalSeconds;
  }
  return timeline;
}


/** The figures of one run: the rollout as planned, or the rollout stopped by an alarm and rolled back. */
export interface RunTotals {
  /** The bake whose alarm stops the rollout; undefined for the rollout as planned. */
  alarmBake?: number;
  totalSeconds: number;
  /** When 100% of the traffic is on the new fleet; null when the run never gets there. */
  timeToFullTrafficSeconds: number | null;
  /** When the last old instance is terminated; null when it never is (a rollback keeps the old fleet). */
  oldFleetTerminatedAtSeconds: number | null;
  totalWaitSeconds: number;
  peakInstances: number;
  extraInstanceSeconds: number;
  extraInstanceHours: number;
  /** Whether the timeout is larger than the run; undefined without a timeout. */
  fitsTimeout?: boolean;
  timeoutMarginSeconds?: number;
}

function extraOf(phases: readonly TimelinePhase[], fleetSize: number): number {
  return phases.reduce((sum, p) => sum + (p.blueInstances + p.greenInstances - fleetSize) * (p.endSeconds - p.startSeconds), 0);
}

/**
 * The totals of the rollout, or (with `alarmBake`) of the run an alarm at the end of that bake
 * makes: the rollout up to the alarm, then the rollback. The one source of the numbers the panel,
 * the CLI and the code lens show. Undefined for a bake that is not listed.
 */
export function runTotals(timeline: Timeline, alarmBake?: number): RunTotals | undefined {
  const timeout = timeline.maximumExecutionTimeoutSeconds;
  const withTimeout = (totals: RunTotals): RunTotals => {
    if (timeout !== undefined) {
      totals.fitsTimeout = timeout > totals.totalSeconds;
      totals.timeoutMarginSeconds = timeout - totals.totalSeconds;
    }
    return totals;
  };
  if (alarmBake === undefined) {
    return withTimeout({
      totalSeconds: timeline.totalSeconds,
      timeToFullTrafficSeconds: timeline.timeToFullTrafficSeconds,
      oldFleetTerminatedAtSeconds: timeline.blueTerminatedAtSeconds,
      totalWaitSeconds: timeline.totalWaitSeconds,
      peakInstances: timeline.peakInstances,
      extraInstanceSeconds: timeline.extraInstanceSeconds,
      extraInstanceHours: timeline.extraInstanceHours,
    });
  }
  const bake = timeline.bakes.find((b) => b.bake === alarmBake);
  if (!bake) return undefined;
  const rollback = bake.rollback;
  const trip = rollback.tripAtSeconds;
  const before = timeline.phases.filter((p) => p.endSeconds <= trip && (p.step < bake.step || (p.step === bake.step && (p.kind !== 'terminate' && p.kind !== 'termination-wait'))));
  const omitted = timeline.omittedSteps && timeline.omittedSteps.endSeconds <= trip ? timeline.omittedSteps : undefined;
  const extraInstanceSeconds = extraOf(before, timeline.fleetSize) + (omitted?.extraInstanceSeconds ?? 0) + extraOf(rollback.phases, timeline.fleetSize) + (rollback.omittedBatches?.extraInstanceSeconds ?? 0);
  const fullAt = timeline.timeToFullTrafficSeconds <= trip && bake.greenTrafficPercent >= 100 ? timeline.timeToFullTrafficSeconds : null;
  return withTimeout({
    alarmBake,
    totalSeconds: rollback.endSeconds,
    timeToFullTrafficSeconds: fullAt,
    oldFleetTerminatedAtSeconds: null,
    totalWaitSeconds: before.filter((p) => p.kind === 'bake').reduce((sum, p) => sum + p.endSeconds - p.startSeconds, 0) + (omitted?.waitSeconds ?? 0),
    peakInstances: Math.max(peakOf(before), rollback.peakInstances),
    extraInstanceSeconds,
    extraInstanceHours: extraInstanceSeconds / 3600,
  });
}

export interface StrategyComparison {
  strategy: Strategy;
  /** The config this strategy was expanded from (the base with strategy and step size swapped). */
  config: RolloutConfig;
  /** True for the strategy the base config uses. */
  isBase: boolean;
  durationSeconds: number;
  timeToFullTrafficSeconds: number;
  peakInstances: number;
  extraInstanceHours: number;
  /** Share of traffic on the new version while the first baking period runs, before any alarm has had its full window. */
  trafficExposedBeforeFirstBakeEndsPercent: number;
  bakeCount: number;
  fitsTimeout?: boolean;
  timeline: Timeline;
}

/** Step sizes the comparison uses when the base config has none: the AWS guide's examples. */
export const DEFAULT_COMPARISON_STEP_SIZES: Readonly<Record<'CANARY' | 'LINEAR' | 'ROLLING', CapacitySize>> = {
  CANARY: { type: 'CAPACITY_PERCENT', value: 30 },
  LINEAR: { type: 'CAPACITY_PERCENT', value: 20 },
  ROLLING: { type: 'CAPACITY_PERCENT', value: 20 },
};

const COMPARED_STRATEGIES: readonly Strategy[] = ['ALL_AT_ONCE', 'CANARY', 'LINEAR', 'ROLLING'];

/** The four strategies for the same fleet, bake length, timeout and alarms, in a fixed order. */
export function compareStrategies(base: RolloutConfig, fleetSize: number, options: ExpandOptions = {}): StrategyComparison[] {
  return COMPARED_STRATEGIES.map((strategy) => {
    const config: RolloutConfig = { ...base, strategy };
    if (strategy === 'ALL_AT_ONCE') delete config.stepSize;
    else config.stepSize = base.stepSize ?? DEFAULT_COMPARISON_STEP_SIZES[strategy];
    const timeline = expandRollout(config, fleetSize, options);
    const comparison: StrategyComparison = {
      strategy,
      config,
      isBase: strategy === base.strategy,
      durationSeconds: timeline.totalSeconds,
      timeToFullTrafficSeconds: timeline.timeToFullTrafficSeconds,
      peakInstances: timeline.peakInstances,
      extraInstanceHours: timeline.extraInstanceHours,
      trafficExposedBeforeFirstBakeEndsPercent: timeline.bakes[0]?.greenTrafficPercent ?? 100,
      bakeCount: timeline.stepCount,
      timeline,
    };
    if (timeline.fitsTimeout !== undefined) comparison.fitsTimeout = timeline.fitsTimeout;
    return comparison;
  });
}
