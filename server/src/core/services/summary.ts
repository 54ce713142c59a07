// One-line descriptions of a rollout, for the code lens and hover:
// "Canary 1 of 4 instances (25%; 10% rounds up) then 100% · 2 bakes of 10 min · old fleet terminated at 25 min · timeout 1 h".
// Every number comes from the timeline engine (timeline/view.ts), the same as the panel and the CLI.
import type { CapacitySize, RolloutConfig } from '../model';
import { instancesPerStep } from '../timeline/steps';
import { timelineView, type TimelineView } from '../timeline/view';
import type { Timeline } from '../timeline/engine';

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

/** "33.3%": one decimal at most. */
function percentText(value: number): string {
  return `${Math.round(value * 10) / 10}%`;
}

function unitWord(unit: RolloutConfig['unit'] | undefined, count: number): string {
  if (unit === 'copy') return count === 1 ? 'copy' : 'copies';
  return count === 1 ? 'instance' : 'instances';
}

/** A size as written, with what it becomes for the fleet: "30% (2 of 4 instances)", "2 instances of 8". */
export function describeSize(size: CapacitySize, fleetSize: number | undefined, unit: RolloutConfig['unit'] = 'instance'): string {
  if (size.type === 'INSTANCE_COUNT') {
    const count = `${size.value} ${unitWord(unit, size.value)}`;
    return fleetSize ? `${count} of ${fleetSize}` : count;
  }
  const instances = instancesPerStep(size, fleetSize);
  return instances === undefined ? `${size.value}%` : `${size.value}% (${instances} of ${fleetSize} ${unitWord(unit, fleetSize ?? 2)})`;
}

/** "(25% of 4; 20% rounds up)" / "(20% of 10)": what one step really is for this fleet. */
function shareNote(config: RolloutConfig, timeline: Timeline, instances: number, each: boolean): string {
  const share = percentText((100 * instances) / timeline.fleetSize);
  const rounded = config.stepSize?.type === 'CAPACITY_PERCENT' && Math.abs((100 * instances) / timeline.fleetSize - config.stepSize.value) > 1e-9;
  return `(${share} of ${timeline.fleetSize}${each ? ' each' : ''}${rounded ? `; ${config.stepSize!.value}% rounds up` : ''})`;
}

/** "5 steps of 2 instances (20% of 10)", "2 steps of 3 instances then 1 of 1 (...)", "4 steps of 25%" (percentage view). */
function stepRun(config: RolloutConfig, view: TimelineView & { timeline: Timeline }, noun: string, nouns: string): string {
  const t = view.timeline;
  const n = t.stepCount;
  const first = t.steps[0]?.instances ?? 0;
  const last = t.steps[t.steps.length - 1]?.instances ?? first;
  const word = (count: number): string => (count === 1 ? noun : nouns);
  if (view.kind === 'percent') {
    return first === last || n === 1 ? `${n} ${word(n)} of ${first}%` : `${n - 1} ${word(n - 1)} of ${first}% then 1 of ${last}%`;
  }
  const unit = (count: number): string => `${count} ${unitWord(config.unit, count)}`;
  if (first === last || n === 1) return `${n} ${word(n)} of ${unit(first)} ${shareNote(config, t, first, false)}`;
  return `${n - 1} ${word(n - 1)} of ${unit(first)} then 1 of ${last} ${shareNote(config, t, first, true)}`;
}

const FAMILY_PREFIX: Readonly<Record<RolloutConfig['family'], string>> = {
  endpoint: '',
  'inference-component': 'Inference component: ',
  'hyperpod-cluster': 'HyperPod: ',
};

function describeStepsOf(config: RolloutConfig, view: TimelineView): string {
  const prefix = FAMILY_PREFIX[config.family ?? 'endpoint'];
  if (config.strategy === 'ALL_AT_ONCE') return `${prefix}All at once`;
  if (view.kind === 'needs-fleet-size' || !config.stepSize) {
    const size = config.stepSize ? describeSize(config.stepSize, undefined, config.unit) : '';
    if (config.strategy === 'CANARY') return `${prefix}Canary ${size} then 100%`;
    return `${prefix}${config.strategy === 'LINEAR' ? 'Linear, steps' : 'Rolling, batches'} of ${size}`;
  }
  if (config.strategy === 'CANARY') {
    const first = view.timeline.steps[0]?.instances ?? 0;
    if (view.kind === 'percent') return `${prefix}Canary ${first}% then 100%`;
    const share = percentText((100 * first) / view.timeline.fleetSize);
    const rounded = config.stepSize.type === 'CAPACITY_PERCENT' && Math.abs((100 * first) / view.timeline.fleetSize - config.stepSize.value) > 1e-9;
    return `${prefix}Canary ${first} of ${view.timeline.fleetSize} ${unitWord(config.unit, view.timeline.fleetSize)} (${share}${rounded ? `; ${config.stepSize.value}% rounds up` : ''}) then 100%`;
  }
  return config.strategy === 'LINEAR' ? `${prefix}Linear, ${stepRun(config, view, 'step', 'steps')}` : `${prefix}Rolling, ${stepRun(config, view, 'batch', 'batches')}`;
}

/**
 * The traffic steps in words: "Canary 30% then 100%", "Linear, 5 steps of 20%",
 * "Rolling, 4 batches of 2 instances (25% of 8)", "All at once".
 */
export function describeSteps(config: RolloutConfig, fleetSize: number | undefined): string {
  return describeStepsOf(config, safeView(config, fleetSize));
}

function safeView(config: RolloutConfig, fleetSize: number | undefined): TimelineView {
  try {
    return timelineView(config, fleetSize, { rollbacks: false });
  } catch {
    // Values no rollout can have (a negative wait): described as far as they go.
    return { kind: 'needs-fleet-size' };
  }
}

const summaries = new WeakMap<RolloutConfig, Map<number | undefined, string>>();

/** The code lens line: steps · bakes · when the old fleet is terminated · timeout · alarms. */
export function describeRollout(config: RolloutConfig, fleetSize: number | undefined): string {
  // Configs are not changed after analysis (analyzeRollout caches them): one expansion per config and fleet.
  let cached = summaries.get(config);
  if (!cached) summaries.set(config, (cached = new Map()));
  let summary = cached.get(fleetSize);
  if (summary === undefined) cached.set(fleetSize, (summary = describeUncached(config, fleetSize)));
  return summary;
}

function describeUncached(config: RolloutConfig, fleetSize: number | undefined): string {
  const view = safeView(config, fleetSize);
  const parts = [describeStepsOf(config, view)];
  const timeline = view.kind === 'needs-fleet-size' ? undefined : view.timeline;
  if (timeline) {
    const bakes = timeline.stepCount;
    parts.push(config.waitIntervalSeconds === 0 ? 'no baking period (wait 0 s)' : `${bakes} bake${bakes === 1 ? '' : 's'} of ${humanDuration(config.waitIntervalSeconds)}`);
    parts.push(`old fleet terminated at ${humanDuration(timeline.blueTerminatedAtSeconds)}`);
  } else {
    parts.push(config.waitIntervalSeconds === 0 ? 'no baking period (wait 0 s)' : `bakes of ${humanDuration(config.waitIntervalSeconds)} (step count needs the fleet size)`);
  }
  if (config.maximumExecutionTimeoutSeconds !== undefined) {
    parts.push(`timeout ${humanDuration(config.maximumExecutionTimeoutSeconds)}${timeline?.fitsTimeout === false ? ' (too short)' : ''}`);
  }
  if (config.alarmNames.length === 0) parts.push('no rollback alarms');
  return parts.join(' · ');
}
