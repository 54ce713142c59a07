// Geometry of the timeline charts, computed from a Timeline without any DOM: the webview turns
// it into SVG elements (timeline.ts) and unit tests read it directly. Coordinates are in the
// SVG's viewBox units; the SVG scales to the panel's width.
import type { Timeline, TimelinePhase } from '../../../server/src/core/timeline/engine';
import { formatDuration } from '../../../server/src/cli/timeline-format';

/** Default width; the webview passes the panel's own width so text never scales or overlaps. */
export const CHART_WIDTH = 720;
export const TRAFFIC_HEIGHT = 230;
export const INSTANCES_HEIGHT = 150;
export const MARGIN = { left: 52, right: 20, top: 22, bottom: 34 };
/** Narrowest chart drawn (a 360 px panel leaves about 320 px). */
export const MIN_CHART_WIDTH = 260;
/** Marker labels sit in lanes above the plot, never over the lines: one lane per label that would overlap. */
export const LABEL_LANE_HEIGHT = 14;
/** Rough width of a character of the 11 px label font, to keep labels apart. */
export const CHAR_WIDTH = 7.2;
/** Share of the rollout's length drawn after its end. */
export const END_TAIL = 0.08;

export interface Tick {
  at: number;
  label: string;
}

export type MarkerKind = 'terminated' | 'timeout' | 'alarm' | 'full-traffic';

export interface Marker {
  kind: MarkerKind;
  x: number;
  /** 0-based lane above the plot its label is written in; labelX where it starts or ends (anchor). */
  lane: number;
  labelX: number;
  anchor: 'start' | 'end';
  seconds: number;
  label: string;
  /** Past the right edge: drawn at the edge with an arrow. */
  offChart: boolean;
  /** timeout only: whether the rollout fits in it. */
  fits?: boolean;
}

export interface BakeBand {
  bake: number;
  step: number;
  x: number;
  width: number;
  /** The bake lasts 0 s: drawn as a thin band. */
  instant: boolean;
  greenTrafficPercent: number;
  /** With a rollback drawn: the bake would not run (it comes after the alarm). */
  afterAlarm: boolean;
}

export interface InstancesModel {
  height: number;
  maxInstances: number;
  yTicks: Tick[];
  /** Old fleet instances: a step area from 0 up to the old count. */
  oldArea: string;
  /** New fleet instances, stacked on the old ones: the area between old and old + new. */
  newArea: string;
  /** Top edge of the old area (old fleet count). */
  oldPath: string;
  /** Top edge of the stack: all billed instances. */
  totalPath: string;
  /** Old + new instances taking traffic: below totalPath while new instances are provisioned but not serving. */
  servingPath: string;
}

/** A stage drawn as a band that is not a bake: the termination wait. */
export interface StageBand {
  kind: 'termination-wait';
  x: number;
  width: number;
  label: string;
}

export interface ChartModel {
  width: number;
  height: number;
  /** Top of the plot area (below the label lanes). */
  plotTop: number;
  stages: StageBand[];
  /** Steps not drawn (huge fleets): a hatched span. */
  omitted?: { x: number; width: number; label: string };
  /** Seconds at the right edge of the plot. */
  domainSeconds: number;
  /** Every phase takes 0 s: the chart shows states, not durations. */
  instant: boolean;
  xTicks: Tick[];
  yTicks: Tick[];
  /** The whole rollout's traffic line (dimmed after the alarm when a rollback is drawn). */
  trafficPath: string;
  /** With a rollback: the rollout's traffic line up to the alarm. */
  activeTrafficPath?: string;
  rollbackTrafficPath?: string;
  rollbackBake?: number;
  bakes: BakeBand[];
  markers: Marker[];
  instances: InstancesModel;
}

const TIME_STEPS = [1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 10800, 21600, 43200, 86400, 172800, 432000, 864000];

/** About `target` round tick values from 0 to `domain` seconds. */
export function timeTicks(domain: number, target = 6): number[] {
  if (!(domain > 0)) return [0];
  const step = TIME_STEPS.find((s) => domain / s <= target) ?? Math.ceil(domain / target / 864000) * 864000;
  const ticks: number[] = [];
  for (let t = 0; t <= domain + 1e-9; t += step) ticks.push(t);
  return ticks;
}

/** Integer ticks from 0 to max, at most about 5. */
export function countTicks(max: number): number[] {
  const step = Math.max(1, Math.ceil(max / 4));
  const ticks: number[] = [];
  for (let n = 0; n <= max; n += step) ticks.push(n);
  // The top tick is the maximum; a regular tick just below it would print on top of it.
  if (ticks[ticks.length - 1] !== max) {
    if (max - ticks[ticks.length - 1]! < step * 0.6 && ticks.length > 1) ticks.pop();
    ticks.push(max);
  }
  return ticks;
}

function round(value: number): number {
  return Math.round(value * 100) / 100;
}

type Point = [number, number];

/**
 * Corner points of a step function: starts at (start, initial), then for each phase jumps to its
 * value at its start and holds it to its end; finally holds the last value to `end`.
 */
export function stepPoints(
  phases: readonly TimelinePhase[],
  value: (phase: TimelinePhase) => number,
  x: (seconds: number) => number,
  y: (value: number) => number,
  initial: number,
  start: number,
  end: number,
): Point[] {
  const points: Point[] = [[round(x(start)), round(y(initial))]];
  const to = (px: number, py: number): void => {
    const [lx, ly] = points[points.length - 1]!;
    if (px === lx && py === ly) return;
    // Drop a middle point on a straight run.
    const before = points[points.length - 2];
    if (before && ((before[0] === lx && lx === px) || (before[1] === ly && ly === py))) points.pop();
    points.push([px, py]);
  };
  let current = round(y(initial));
  for (const phase of phases) {
    to(round(x(phase.startSeconds)), current);
    current = round(y(value(phase)));
    to(round(x(phase.startSeconds)), current);
    to(round(x(phase.endSeconds)), current);
  }
  const [lastX] = points[points.length - 1]!;
  to(Math.max(lastX, round(x(end))), current);
  return points;
}

/** A polyline of axis-aligned segments as M/H/V commands (L for anything else). */
export function pointsToPath(points: readonly Point[]): string {
  const parts: string[] = [];
  points.forEach(([px, py], i) => {
    if (i === 0) return parts.push(`M${px} ${py}`);
    const [lx, ly] = points[i - 1]!;
    parts.push(py === ly ? `H${px}` : px === lx ? `V${py}` : `L${px} ${py}`);
  });
  return parts.join(' ');
}

/** SVG path of a step line (see stepPoints). */
export function stepPath(
  phases: readonly TimelinePhase[],
  value: (phase: TimelinePhase) => number,
  x: (seconds: number) => number,
  y: (value: number) => number,
  initial: number,
  start: number,
  end: number,
): string {
  return pointsToPath(stepPoints(phases, value, x, y, initial, start, end));
}

/** Closed area between an upper and a lower polyline over the same x range. */
export function areaPath(upper: readonly Point[], lower: readonly Point[]): string {
  const reversed = [...lower].reverse();
  return `${pointsToPath(upper)} ${reversed.map(([px, py]) => `L${px} ${py}`).join(' ')} Z`;
}

/** Index in timeline.phases of the baking period of bake (= step) `bake`. */
function bakePhaseIndex(timeline: Timeline, bake: number): number {
  return timeline.phases.findIndex((phase) => phase.kind === 'bake' && phase.step === bake);
}

/** Puts each label in the first lane where it does not overlap another one. */
function assignLanes(markers: Marker[], left: number, right: number): number {
  const lanes: { from: number; to: number }[][] = [];
  for (const marker of markers) {
    const text = marker.label.length * CHAR_WIDTH + (marker.offChart ? 12 : 0);
    // Labels start at their line, or end at it near the right edge; never past the plot.
    const anchor: 'start' | 'end' = marker.x + 4 + text > right ? 'end' : 'start';
    let from = anchor === 'start' ? marker.x + 4 : marker.x - 4 - text;
    if (from < left - MARGIN.left + 2) from = left - MARGIN.left + 2;
    const to = from + text;
    let lane = lanes.findIndex((used) => used.every((span) => to + 10 < span.from || from > span.to + 10));
    if (lane === -1) {
      lane = lanes.length;
      lanes.push([]);
    }
    lanes[lane]!.push({ from, to });
    marker.lane = lane;
    marker.anchor = anchor;
    marker.labelX = round(anchor === 'start' ? from : to);
  }
  return lanes.length;
}

export function buildChartModel(timeline: Timeline, rollbackBake?: number, width = CHART_WIDTH): ChartModel {
  width = Math.max(MIN_CHART_WIDTH, Math.round(width));
  const rollback = rollbackBake !== undefined ? timeline.bakes.find((b) => b.bake === rollbackBake)?.rollback : undefined;
  const contentEnd = Math.max(timeline.totalSeconds, rollback?.endSeconds ?? 0);
  const timeout = timeline.maximumExecutionTimeoutSeconds;
  // A timeout far beyond the rollout would squeeze it into a corner: then it is marked at the edge.
  const timeoutOnChart = timeout !== undefined && (contentEnd === 0 ? timeout === 0 : timeout <= contentEnd * 1.5);
  const instant = contentEnd === 0 && !(timeoutOnChart && timeout! > 0);
  // A short tail past the last phase shows the end state (old fleet gone, or traffic back on it)
  // instead of leaving it as a vertical line on the right edge.
  const endWithTail = Math.round(contentEnd * (1 + END_TAIL) * 100) / 100;
  const domainSeconds = instant ? 1 : Math.max(endWithTail, timeoutOnChart ? timeout! : 0);

  const left = MARGIN.left;
  const right = width - MARGIN.right;
  const x = (seconds: number): number => left + ((right - left) * Math.min(seconds, domainSeconds)) / domainSeconds;
  // Markers first: their label lanes decide where the plot starts.
  const markers: Marker[] = [];
  const marker = (kind: MarkerKind, seconds: number, label: string, fits?: boolean): Marker => {
    const offChart = seconds > domainSeconds;
    const m: Marker = { kind, seconds, x: round(offChart ? right : x(seconds)), label, offChart, lane: 0, labelX: 0, anchor: 'start' };
    if (fits !== undefined) m.fits = fits;
    return m;
  };
  const planned: Marker[] = [
    marker('full-traffic', timeline.timeToFullTrafficSeconds, `100% at ${formatDuration(timeline.timeToFullTrafficSeconds)}`),
    marker('terminated', timeline.blueTerminatedAtSeconds, `old fleet terminated at ${formatDuration(timeline.blueTerminatedAtSeconds)}`),
  ];
  if (timeout !== undefined) {
    const fits = timeline.fitsTimeout ?? true;
    planned.push(marker('timeout', timeout, `timeout ${formatDuration(timeout)}${fits ? '' : ' (too short)'}`, fits));
  }
  if (rollback && rollbackBake !== undefined) {
    // After a rollback the old fleet is never terminated, and full traffic is reached only if it was before the alarm.
    markers.push(...planned.filter((m) => m.kind === 'timeout' || (m.kind === 'full-traffic' && rollback.greenTrafficPercentAtTrip >= 100)));
    markers.push(marker('alarm', rollback.tripAtSeconds, `alarm in bake ${rollbackBake} at ${formatDuration(rollback.tripAtSeconds)}`));
  } else markers.push(...planned);
  const laneCount = assignLanes(markers, left, right);
  const top = MARGIN.top + Math.max(0, laneCount - 1) * LABEL_LANE_HEIGHT;
  const height = TRAFFIC_HEIGHT + (top - MARGIN.top);
  const bottom = height - MARGIN.bottom;
  const yTraffic = (percent: number): number => bottom - ((bottom - top) * percent) / 100;
  const traffic = (phase: TimelinePhase): number => phase.greenTrafficPercent;

  // About one time label per 90 px, so they never touch.
  const tickTarget = Math.max(2, Math.floor((right - left) / 90));
  const model: ChartModel = {
    width,
    height,
    plotTop: top,
    stages: [],
    domainSeconds,
    instant,
    xTicks: (instant ? [0] : timeTicks(domainSeconds, tickTarget)).map((t) => ({ at: round(x(t)), label: formatDuration(t) })),
    yTicks: [0, 25, 50, 75, 100].map((p) => ({ at: round(yTraffic(p)), label: `${p}%` })),
    trafficPath: stepPath(timeline.phases, traffic, x, yTraffic, 0, 0, domainSeconds),
    bakes: timeline.bakes.map((bake) => {
      const x0 = x(bake.startSeconds);
      const width = x(bake.endSeconds) - x0;
      return { bake: bake.bake, step: bake.step, x: round(x0), width: round(Math.max(width, 2)), instant: width < 2, greenTrafficPercent: bake.greenTrafficPercent, afterAlarm: false };
    }),
    markers: [],
    instances: { height: INSTANCES_HEIGHT, maxInstances: 0, yTicks: [], oldArea: '', newArea: '', oldPath: '', totalPath: '', servingPath: '' },
  };

  model.markers = markers;
  for (const phase of timeline.phases) {
    if (phase.kind !== 'termination-wait' || phase.endSeconds <= phase.startSeconds) continue;
    if (rollback && phase.startSeconds >= rollback.tripAtSeconds) continue;
    model.stages.push({ kind: 'termination-wait', x: round(x(phase.startSeconds)), width: round(Math.max(2, x(phase.endSeconds) - x(phase.startSeconds))), label: 'termination wait' });
  }
  if (timeline.omittedSteps) {
    const o = timeline.omittedSteps;
    model.omitted = { x: round(x(o.startSeconds)), width: round(Math.max(2, x(o.endSeconds) - x(o.startSeconds))), label: `steps ${o.first}-${o.last} not drawn` };
  }

  // Instance counts of both fleets, stacked (old below, new above): the stack's top is every billed
  // instance. With a rollback, the phases after the alarm are the rollback's.
  const upTo = rollback && rollbackBake !== undefined ? timeline.phases.slice(0, bakePhaseIndex(timeline, rollbackBake) + 1) : timeline.phases;
  const fleetPhases = rollback ? [...upTo, ...rollback.phases] : timeline.phases;
  const iTop = MARGIN.top - 8;
  const iBottom = INSTANCES_HEIGHT - MARGIN.bottom;
  const maxInstances = Math.max(1, ...fleetPhases.map((p) => p.blueInstances + p.greenInstances), timeline.fleetSize);
  const yCount = (count: number): number => iBottom - ((iBottom - iTop) * count) / maxInstances;
  const oldTop = stepPoints(fleetPhases, (p) => p.blueInstances, x, yCount, timeline.fleetSize, 0, domainSeconds);
  const totalTop = stepPoints(fleetPhases, (p) => p.blueInstances + p.greenInstances, x, yCount, timeline.fleetSize, 0, domainSeconds);
  const baseline: Point[] = [
    [round(x(0)), round(yCount(0))],
    [round(x(domainSeconds)), round(yCount(0))],
  ];
  model.instances = {
    height: INSTANCES_HEIGHT,
    maxInstances,
    yTicks: countTicks(maxInstances).map((n) => ({ at: round(yCount(n)), label: String(n) })),
    oldArea: areaPath(oldTop, baseline),
    newArea: areaPath(totalTop, oldTop),
    oldPath: pointsToPath(oldTop),
    totalPath: pointsToPath(totalTop),
    servingPath: stepPath(fleetPhases, (p) => p.blueInstances + p.greenServingInstances, x, yCount, timeline.fleetSize, 0, domainSeconds),
  };

  if (rollback && rollbackBake !== undefined) {
    const trip = rollback.tripAtSeconds;
    model.rollbackBake = rollbackBake;
    model.activeTrafficPath = stepPath(upTo, traffic, x, yTraffic, 0, 0, trip);
    model.rollbackTrafficPath = stepPath(rollback.phases, traffic, x, yTraffic, rollback.greenTrafficPercentAtTrip, trip, domainSeconds);
    for (const band of model.bakes) band.afterAlarm = band.bake > rollbackBake;
  }
  return model;
}
