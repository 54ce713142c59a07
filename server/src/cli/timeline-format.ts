// Renders a rollout timeline for `sm-guardrails timeline`: a small ASCII chart of traffic on the
// new fleet plus the phase table (text), or a plain object for --format json. Pure: no I/O.
import type { OmittedRange, RollbackPath, Timeline, TimelinePhase } from '../core/timeline/engine';

const CHART_COLUMNS = 60;
/** Each chart row is a 10% band of traffic. */
const CHART_ROWS = 10;
const AXIS_INDENT = '     ';

/** "0 s", "45 s", "10 min", "1 h 5 min", "1 min 30 s". */
export function formatDuration(seconds: number): string {
  const total = Math.round(seconds);
  if (total <= 0) return '0 s';
  const hours = Math.floor(total / 3600);
  const minutes = Math.floor((total % 3600) / 60);
  const rest = total % 60;
  const parts: string[] = [];
  if (hours) parts.push(`${hours} h`);
  if (minutes) parts.push(`${minutes} min`);
  if (rest) parts.push(`${rest} s`);
  return parts.join(' ');
}

/** "30%", "33.3%": one decimal at most, since percents of small fleets are rarely whole. */
export function formatPercent(percent: number): string {
  return `${Math.round(percent * 10) / 10}%`;
}

function round(value: number, decimals: number): number {
  const factor = 10 ** decimals;
  return Math.round(value * factor) / factor;
}

function plural(count: number, noun: string, nouns = `${noun}s`): string {
  return `${count} ${count === 1 ? noun : nouns}`;
}

/** The phase in progress at time t, skipping 0 s phases (they are instants, not spans). */
function phaseAt(phases: readonly TimelinePhase[], seconds: number): TimelinePhase | undefined {
  return phases.find((p) => p.endSeconds > p.startSeconds && p.startSeconds <= seconds && seconds < p.endSeconds);
}

function columnOf(seconds: number, totalSeconds: number): number {
  return Math.min(CHART_COLUMNS - 1, Math.max(0, Math.floor((seconds / totalSeconds) * CHART_COLUMNS)));
}

function chartLines(timeline: Timeline): string[] {
  const { phases, totalSeconds } = timeline;
  const lastPhase = phases[phases.length - 1];
  const traffic: number[] = [];
  const lane: string[] = [];
  for (let column = 0; column < CHART_COLUMNS; column++) {
    const at = ((column + 0.5) * totalSeconds) / CHART_COLUMNS;
    const omitted = timeline.omittedSteps;
    if (omitted && at >= omitted.startSeconds && at < omitted.endSeconds) {
      // Steps not listed: traffic rises evenly through them.
      const share = (at - omitted.startSeconds) / (omitted.endSeconds - omitted.startSeconds);
      traffic.push(omitted.greenTrafficPercentBefore + share * (omitted.greenTrafficPercentAfter - omitted.greenTrafficPercentBefore));
      lane.push('.');
      continue;
    }
    const phase = totalSeconds > 0 ? phaseAt(phases, at) : undefined;
    traffic.push((phase ?? lastPhase)?.greenTrafficPercent ?? 0);
    // Every step has one bake; alternating B/b keeps back-to-back bakes (linear, rolling) countable.
    if (phase?.kind === 'bake') lane.push(phase.step % 2 === 1 ? 'B' : 'b');
    else if (phase?.kind === 'termination-wait') lane.push('T');
    else if (phase?.kind === 'provision') lane.push('P');
    else lane.push(' ');
  }

  const lines: string[] = [];
  for (let row = CHART_ROWS; row >= 1; row--) {
    const bandFloor = ((row - 1) * 100) / CHART_ROWS;
    const label = String((row * 100) / CHART_ROWS).padStart(3);
    lines.push(`${label} |${traffic.map((percent) => (percent > bandFloor ? '#' : ' ')).join('')}`);
  }
  lines.push(`  0 +${'-'.repeat(CHART_COLUMNS)}`);
  if (totalSeconds === 0) {
    lines.push(`${AXIS_INDENT}(every phase takes 0 s: the chart shows the end state)`);
  } else {
    lines.push(`${AXIS_INDENT}${lane.join('').trimEnd()}`);
    // One spare column so a timeout on the old fleet's termination column still shows beside the X.
    const markers = Array.from({ length: CHART_COLUMNS + 1 }, () => ' ');
    const terminatedColumn = columnOf(timeline.blueTerminatedAtSeconds, totalSeconds);
    markers[terminatedColumn] = 'X';
    const timeout = timeline.maximumExecutionTimeoutSeconds;
    if (timeout !== undefined && timeout <= totalSeconds) {
      const timeoutColumn = columnOf(timeout, totalSeconds);
      markers[timeoutColumn === terminatedColumn ? timeoutColumn + 1 : timeoutColumn] = '!';
    }
    lines.push(`${AXIS_INDENT}${markers.join('').trimEnd()}`);
  }

  const start = '0 s';
  const end = formatDuration(totalSeconds);
  lines.push(`${AXIS_INDENT}${start}${end.padStart(CHART_COLUMNS - start.length)}`);
  return lines;
}

function table(rows: string[][]): string[] {
  const widths = rows[0]!.map((_, column) => Math.max(...rows.map((row) => row[column]!.length)));
  return rows.map((row) => row.map((cell, column) => cell.padEnd(widths[column]!)).join('  ').trimEnd());
}

/** "instance"/"instances" or "copy"/"copies", by what the fleet is counted in. */
export function unitNoun(unit: Timeline['unit'], count: number): string {
  if (unit === 'copy') return count === 1 ? 'copy' : 'copies';
  return count === 1 ? 'instance' : 'instances';
}

function units(timeline: Pick<Timeline, 'unit'>, count: number): string {
  return `${count} ${unitNoun(timeline.unit, count)}`;
}

/** "3 steps of 2 instances, then 1 of 1", from the step sizes (the drawn ones and the step count). */
function stepSizes(timeline: Timeline, noun: string, nouns: string): string {
  const first = timeline.steps[0]?.instances ?? 0;
  const last = timeline.steps[timeline.steps.length - 1]?.instances ?? first;
  const n = timeline.stepCount;
  if (n === 1) return `1 ${noun} of ${units(timeline, first)}`;
  if (first === last) return `${n} ${nouns} of ${units(timeline, first)}`;
  return `${n - 1} ${n - 1 === 1 ? noun : nouns} of ${units(timeline, first)}, then 1 of ${units(timeline, last)}`;
}

const FAMILY_NAMES: Readonly<Record<Timeline['family'], string>> = {
  endpoint: 'endpoint',
  'inference-component': 'inference component',
  'hyperpod-cluster': 'HyperPod instance group',
};

function describeStrategy(timeline: Timeline): string {
  const first = timeline.steps[0];
  const family = timeline.family === 'endpoint' ? '' : `${FAMILY_NAMES[timeline.family]}, `;
  switch (timeline.strategy) {
    case 'ALL_AT_ONCE':
      return `${family}blue/green, all at once, ${units(timeline, timeline.fleetSize)}`;
    case 'CANARY':
      return `${family}blue/green, canary of ${units(timeline, first?.instances ?? 0)} (${formatPercent(first?.greenTrafficPercent ?? 0)}), ${units(timeline, timeline.fleetSize)}`;
    case 'LINEAR':
      return `${family}blue/green, linear, ${stepSizes(timeline, 'step', 'steps')}`;
    case 'ROLLING':
      return `${family}rolling, ${stepSizes(timeline, 'batch', 'batches')} (fleet ${units(timeline, timeline.fleetSize)})`;
  }
}

function describeRollback(timeline: Timeline, rollback: RollbackPath): string {
  const how =
    rollback.mode === 'all-at-once'
      ? 'all traffic back at once'
      : `back in ${plural(rollback.batchCount, 'batch', 'batches')} of up to ${units(timeline, rollback.batchInstances)}`;
  const reprovisioned = rollback.reprovisionedInstances ? `, re-provisions ${rollback.reprovisionedInstances} old ${unitNoun(timeline.unit, rollback.reprovisionedInstances)}` : '';
  // 0 s is real for a shift back onto old instances that are still there; with re-provisioning it is only the estimate left out.
  const duration =
    rollback.durationSeconds === 0 && rollback.reprovisionedInstances > 0 && timeline.provisioningSeconds === undefined
      ? '0 s (provisioning not counted)'
      : formatDuration(rollback.durationSeconds);
  return `bake ${rollback.bake} (${formatPercent(rollback.greenTrafficPercentAtTrip)} on new): ${how}${reprovisioned}, ${duration}, peak ${units(timeline, rollback.peakInstances)}`;
}

const PHASE_NAMES: Readonly<Record<TimelinePhase['kind'], string>> = {
  provision: 'provision',
  shift: 'shift traffic',
  bake: 'baking period',
  'termination-wait': 'termination wait',
  terminate: 'terminate old',
};

/** A chart of new-fleet traffic over time, the phase table, totals and rollback paths. */
export function formatTimelineText(timeline: Timeline, label: string, rollbackUnavailable?: string): string {
  const lines: string[] = [`${label}: ${describeStrategy(timeline)}`, '', 'traffic on the new fleet (%)'];
  lines.push(...chartLines(timeline));
  lines.push(`${AXIS_INDENT}B/b baking period, T termination wait, P provisioning, . steps not listed, X old fleet terminated, ! execution timeout`);
  lines.push('');

  const noun = unitNoun(timeline.unit, 2);
  const rows = [['step', 'phase', 'start', 'end', 'duration', 'traffic on new', `old ${noun}`, `new ${noun}`]];
  const omitted = timeline.omittedSteps;
  let listedOmitted = false;
  for (const phase of timeline.phases) {
    if (omitted && phase.step === omitted.last + 1 && !listedOmitted) {
      listedOmitted = true;
      rows.push(['...', `steps ${omitted.first}-${omitted.last} not listed`, formatDuration(omitted.startSeconds), formatDuration(omitted.endSeconds), formatDuration(omitted.endSeconds - omitted.startSeconds), `${formatPercent(omitted.greenTrafficPercentBefore)}-${formatPercent(omitted.greenTrafficPercentAfter)}`, '', '']);
    }
    rows.push([
      String(phase.step),
      PHASE_NAMES[phase.kind],
      formatDuration(phase.startSeconds),
      formatDuration(phase.endSeconds),
      formatDuration(phase.endSeconds - phase.startSeconds),
      formatPercent(phase.greenTrafficPercent),
      String(phase.blueInstances),
      String(phase.greenInstances),
    ]);
  }
  lines.push(...table(rows), '');

  const timeout = timeline.maximumExecutionTimeoutSeconds;
  const totals = [
    ['time to full traffic', formatDuration(timeline.timeToFullTrafficSeconds)],
    ['old fleet terminated at', formatDuration(timeline.blueTerminatedAtSeconds)],
    ['total', formatDuration(timeline.totalSeconds)],
    ['total waiting', formatDuration(timeline.totalWaitSeconds)],
    [
      'execution timeout',
      timeout === undefined
        ? 'not set'
        : `${formatDuration(timeout)}: ${timeline.fitsTimeout ? `fits (${formatDuration(timeline.timeoutMarginSeconds ?? 0)} to spare)` : 'too short, must be larger than the total'}`,
    ],
    [`peak ${unitNoun(timeline.unit, 2)}`, `${timeline.peakInstances} (fleet ${timeline.fleetSize})`],
    [`extra ${timeline.unit === 'copy' ? 'copy' : 'instance'}-hours`, String(round(timeline.extraInstanceHours, 2))],
    ['provisioning', timeline.provisioningSeconds === undefined ? 'not counted (0 s)' : formatDuration(timeline.provisioningSeconds)],
  ];
  lines.push(...table(totals), '');

  if (rollbackUnavailable) {
    lines.push(`rollback: ${rollbackUnavailable}`);
    return lines.join('\n') + '\n';
  }
  lines.push(`rollback if an alarm trips (at the end of the bake)${timeline.autoRollbackEnabled ? '' : ': no CloudWatch alarms, so none can trigger'}`);
  for (const bake of timeline.bakes) lines.push(`  ${describeRollback(timeline, bake.rollback)}`);
  if (timeline.omittedSteps) lines.push(`  (bakes ${timeline.omittedSteps.first}-${timeline.omittedSteps.last} not listed)`);
  return lines.join('\n') + '\n';
}

export interface PhaseJson {
  kind: TimelinePhase['kind'];
  step: number;
  startSeconds: number;
  endSeconds: number;
  greenTrafficPercent: number;
  blueInstances: number;
  greenInstances: number;
  /** Rollback phases only: the rollback batch (their `step` is the step of the bake the alarm tripped in). */
  rollbackBatch?: number;
}

export interface RollbackJson {
  bake: number;
  step: number;
  mode: RollbackPath['mode'];
  batchInstances: number;
  batchCount: number;
  tripAtSeconds: number;
  greenTrafficPercentAtTrip: number;
  reprovisionedInstances: number;
  durationSeconds: number;
  peakInstances: number;
  phases: PhaseJson[];
  omittedBatches: OmittedJson | null;
}

export interface OmittedJson {
  first: number;
  last: number;
  startSeconds: number;
  endSeconds: number;
}

export interface TimelineJson {
  strategy: Timeline['strategy'];
  /** endpoint | inference-component | hyperpod-cluster */
  family: Timeline['family'];
  /** What fleetSize and the instance counts count: instance or copy. */
  unit: Timeline['unit'];
  updateType: Timeline['updateType'];
  fleetSize: number;
  stepCount: number;
  /** Steps whose phases are not listed (huge fleets); the totals count them. */
  omittedSteps: OmittedJson | null;
  waitIntervalSeconds: number;
  terminationWaitSeconds: number;
  provisioningSeconds: number | null;
  phases: PhaseJson[];
  timeToFullTrafficSeconds: number;
  blueTerminatedAtSeconds: number;
  totalSeconds: number;
  totalWaitSeconds: number;
  maximumExecutionTimeoutSeconds: number | null;
  fitsTimeout: boolean | null;
  peakInstances: number;
  extraInstanceSeconds: number;
  extraInstanceHours: number;
  autoRollbackEnabled: boolean;
  rollback: RollbackJson[];
}

function phaseToJson(phase: TimelinePhase): PhaseJson {
  const json: PhaseJson = {
    kind: phase.kind,
    step: phase.step,
    startSeconds: phase.startSeconds,
    endSeconds: phase.endSeconds,
    // Two decimals: 100/3 is noise in JSON output; the exact value is fleet-derivable.
    greenTrafficPercent: round(phase.greenTrafficPercent, 2),
    blueInstances: phase.blueInstances,
    greenInstances: phase.greenInstances,
  };
  if (phase.rollbackBatch !== undefined) json.rollbackBatch = phase.rollbackBatch;
  return json;
}

function omittedJson(range: OmittedRange | undefined): OmittedJson | null {
  return range ? { first: range.first, last: range.last, startSeconds: range.startSeconds, endSeconds: range.endSeconds } : null;
}

/** The --format json object for one config; absent optional values are null so the keys are stable. */
export function timelineToJson(timeline: Timeline): TimelineJson {
  return {
    strategy: timeline.strategy,
    family: timeline.family,
    unit: timeline.unit,
    updateType: timeline.updateType,
    fleetSize: timeline.fleetSize,
    stepCount: timeline.stepCount,
    omittedSteps: omittedJson(timeline.omittedSteps),
    waitIntervalSeconds: timeline.waitIntervalSeconds,
    terminationWaitSeconds: timeline.terminationWaitSeconds,
    provisioningSeconds: timeline.provisioningSeconds ?? null,
    phases: timeline.phases.map(phaseToJson),
    timeToFullTrafficSeconds: timeline.timeToFullTrafficSeconds,
    blueTerminatedAtSeconds: timeline.blueTerminatedAtSeconds,
    totalSeconds: timeline.totalSeconds,
    totalWaitSeconds: timeline.totalWaitSeconds,
    maximumExecutionTimeoutSeconds: timeline.maximumExecutionTimeoutSeconds ?? null,
    fitsTimeout: timeline.fitsTimeout ?? null,
    peakInstances: timeline.peakInstances,
    extraInstanceSeconds: timeline.extraInstanceSeconds,
    extraInstanceHours: round(timeline.extraInstanceHours, 3),
    autoRollbackEnabled: timeline.autoRollbackEnabled,
    rollback: timeline.bakes.map(({ rollback }) => ({
      bake: rollback.bake,
      step: rollback.step,
      mode: rollback.mode,
      batchInstances: rollback.batchInstances,
      batchCount: rollback.batchCount,
      tripAtSeconds: rollback.tripAtSeconds,
      greenTrafficPercentAtTrip: round(rollback.greenTrafficPercentAtTrip, 2),
      reprovisionedInstances: rollback.reprovisionedInstances,
      durationSeconds: rollback.durationSeconds,
      peakInstances: rollback.peakInstances,
      phases: rollback.phases.map(phaseToJson),
      omittedBatches: omittedJson(rollback.omittedBatches),
    })),
  };
}
