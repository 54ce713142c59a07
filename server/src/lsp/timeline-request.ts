// smGuardrails/timeline: answers the preview panel with the rollout of the config under the cursor.
// timelineForPosition is pure (blocks in, response out); registerTimelineRequest is the LSP glue.
import type { Connection } from 'vscode-languageserver/node';
import type { CapacitySize, ConfigBlock, RolloutConfig, Span } from '../core/model';
import { analyzeRollout, describeProblem, type RolloutAnalysis, type RolloutProblem } from '../core/rollout';
import { LineIndex, type Position } from '../core/text';
import { compareStrategies, TIMELINE_ASSUMPTIONS, type ExpandOptions, type Timeline } from '../core/timeline/engine';
import { timelineView } from '../core/timeline/view';
import { stringValue, valueOf } from '../core/tree';
import {
  TIMELINE_MAX_FLEET_SIZE,
  TIMELINE_SUGGESTED_FLEET_SIZE,
  timelineRequestType,
  type FleetSizeSource,
  type TimelineComparisonRow,
  type TimelineConfigInfo,
  type TimelineParams,
  type TimelineResponse,
} from './protocol';

/** What the panel adds to the engine's assumptions. */
export const PANEL_ASSUMPTIONS: readonly string[] = [
  'Fleet size: the number typed in the panel, else InitialInstanceCount of an endpoint config in the same file, else the smGuardrails.defaultFleetSize setting.',
  'Provisioning is counted only when an estimate is typed in the panel.',
];

/**
 * Rollback phases sent for all bakes together at most; beyond it only the requested bake's are
 * sent. Rolling with one-instance batches makes them grow with the square of the fleet.
 */
export const MAX_ROLLBACK_PHASES = 2000;

export interface TimelineOptions {
  provisioningSeconds?: number;
  rollbackBake?: number;
  /** Offset -> position in the document (default: lines of `text`); for notebooks, where spans are in a virtual text. */
  positionAt?: (offset: number) => Position;
  /** Offset -> where a reader finds it: "line 12" (default), "cell 3, line 2" in notebooks. */
  describeLocation?: (offset: number) => string;
  /** Fleet sizes typed in the panel per config index: win over the one `fleetSizeOverride`. */
  fleetSizeByConfig?: Readonly<Record<string, number>>;
}

/** What the server knows about one document: the text its blocks were extracted from. */
export interface TimelineDocumentState {
  text: string;
  blocks: readonly ConfigBlock[];
  /** The smGuardrails.defaultFleetSize setting (null when unset). */
  defaultFleetSize?: number | null;
  /** The document version `text` is; the client asks again when it has a newer one. */
  version?: number;
  /** Request position -> offset in `text` (default: lines of `text`). */
  offsetAt?: (position: Position) => number;
  positionAt?: (offset: number) => Position;
  describeLocation?: (offset: number) => string;
}

/** The span a block occupies in the host document: its `file://` token when loaded from a file. */
function blockSpan(block: ConfigBlock): Span {
  return block.fileReference ? block.fileReference.span : { offset: block.root.offset, length: block.root.length };
}

/**
 * The config under the cursor: the innermost one containing `offset` (ends inclusive, so the
 * cursor right after the closing brace still counts), else the nearest one, the earlier on a tie.
 */
export function pickConfig(blocks: readonly ConfigBlock[], offset: number): { index: number; inside: boolean } | undefined {
  let inside: { index: number; length: number } | undefined;
  let nearest: { index: number; distance: number } | undefined;
  blocks.forEach((block, index) => {
    const { offset: start, length } = blockSpan(block);
    const end = start + length;
    if (offset >= start && offset <= end) {
      if (!inside || length < inside.length) inside = { index, length };
      return;
    }
    const distance = offset < start ? start - offset : offset - end;
    if (!nearest || distance < nearest.distance) nearest = { index, distance };
  });
  if (inside) return { index: inside.index, inside: true };
  return nearest ? { index: nearest.index, inside: false } : undefined;
}

function sizeText(size: CapacitySize): string {
  return size.type === 'CAPACITY_PERCENT' ? `${size.value}%` : `${size.value} instance${size.value === 1 ? '' : 's'}`;
}

/** "Canary 30% then 100%", "Linear, steps of 20%", "Rolling, batches of 2 instances", "All at once". */
export function rolloutLabel(config: RolloutConfig, hasPolicy = true): string {
  switch (config.strategy) {
    case 'ALL_AT_ONCE':
      return hasPolicy ? 'All at once' : 'All at once (API default: no update policy)';
    case 'CANARY':
      return config.stepSize ? `Canary ${sizeText(config.stepSize)} then 100%` : 'Canary';
    case 'LINEAR':
      return config.stepSize ? `Linear, steps of ${sizeText(config.stepSize)}` : 'Linear';
    case 'ROLLING': {
      const batches = config.stepSize ? `Rolling, batches of ${sizeText(config.stepSize)}` : 'Rolling';
      return config.rollbackMaximumBatchSize ? `${batches}, rollback batches of ${sizeText(config.rollbackMaximumBatchSize)}` : batches;
    }
  }
}

/** A label for a config the rollout cannot be computed for, from whatever literals it has. */
function incompleteLabel(block: ConfigBlock): string {
  const blueGreen = valueOf(block.root, 'BlueGreenUpdatePolicy');
  const rolling = valueOf(block.root, 'RollingUpdatePolicy');
  if (blueGreen && rolling) return 'Conflicting update policies';
  if (rolling) return 'Rolling (incomplete)';
  const type = stringValue(valueOf(valueOf(blueGreen, 'TrafficRoutingConfiguration'), 'Type'));
  if (type === 'CANARY') return 'Canary (incomplete)';
  if (type === 'LINEAR') return 'Linear (incomplete)';
  if (type === 'ALL_AT_ONCE') return 'All at once (incomplete)';
  return 'DeploymentConfig (incomplete)';
}

function hasPolicy(block: ConfigBlock): boolean {
  return valueOf(block.root, 'BlueGreenUpdatePolicy') !== undefined || valueOf(block.root, 'RollingUpdatePolicy') !== undefined;
}

function configInfo(
  block: ConfigBlock,
  index: number,
  config: RolloutConfig | undefined,
  positionAt: (offset: number) => Position,
  describeLocation: (offset: number) => string,
): TimelineConfigInfo {
  const span = blockSpan(block);
  const start = positionAt(span.offset);
  const info: TimelineConfigInfo = {
    index,
    label: config ? rolloutLabel(config, hasPolicy(block)) : incompleteLabel(block),
    line: start.line,
    location: describeLocation(span.offset),
    family: block.family ?? 'endpoint',
    range: { start, end: positionAt(span.offset + span.length) },
    computable: config !== undefined,
  };
  if (config) info.strategy = config.strategy;
  if (block.fleetSize !== undefined) info.documentFleetSize = block.fleetSize;
  if (block.fileReference) info.fileReference = block.fileReference.path;
  return info;
}

function isFleetSize(value: unknown, max = Number.MAX_SAFE_INTEGER): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= 1 && value <= max;
}

/** Panel override > InitialInstanceCount in the document > setting; invalid values are skipped. */
export function resolveFleetSize(
  override: number | undefined,
  documentFleetSize: number | undefined,
  defaultFleetSize: number | null | undefined,
): { fleetSize: number; source: Exclude<FleetSizeSource, 'percent'> } | undefined {
  if (isFleetSize(override, TIMELINE_MAX_FLEET_SIZE)) return { fleetSize: override, source: 'panel' };
  if (isFleetSize(documentFleetSize, TIMELINE_MAX_FLEET_SIZE)) return { fleetSize: documentFleetSize, source: 'document' };
  if (isFleetSize(defaultFleetSize, TIMELINE_MAX_FLEET_SIZE)) return { fleetSize: defaultFleetSize, source: 'setting' };
  return undefined;
}

/** Leaves out rollback phases beyond the budget, keeping the requested bake's. */
function trimRollbacks(timeline: Timeline, rollbackBake: number | undefined): { timeline: Timeline; omitted: number[] } {
  const total = timeline.bakes.reduce((sum, bake) => sum + bake.rollback.phases.length, 0);
  if (total <= MAX_ROLLBACK_PHASES) return { timeline, omitted: [] };
  const omitted: number[] = [];
  const bakes = timeline.bakes.map((bake) => {
    if (bake.bake === rollbackBake) return bake;
    omitted.push(bake.bake);
    return { ...bake, rollback: { ...bake.rollback, phases: [] } };
  });
  return { timeline: { ...timeline, bakes }, omitted };
}

function comparisonRows(config: RolloutConfig, fleetSize: number, options: ExpandOptions): TimelineComparisonRow[] {
  return compareStrategies(config, fleetSize, options).map((compared) => {
    const row: TimelineComparisonRow = {
      strategy: compared.strategy,
      label: rolloutLabel(compared.config),
      isCurrent: compared.isBase,
      durationSeconds: compared.durationSeconds,
      timeToFullTrafficSeconds: compared.timeToFullTrafficSeconds,
      peakInstances: compared.peakInstances,
      extraInstanceHours: compared.extraInstanceHours,
      trafficExposedBeforeFirstBakeEndsPercent: compared.trafficExposedBeforeFirstBakeEndsPercent,
      bakeCount: compared.bakeCount,
    };
    if (compared.fitsTimeout !== undefined) row.fitsTimeout = compared.fitsTimeout;
    return row;
  });
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * The panel's answer for a cursor at `offset` in `text`: the config under the cursor (else the
 * nearest), its fleet size (panel override > document > setting), timeline, strategy
 * comparison and assumptions. Strings from the document (alarm names, file paths) are passed
 * through as data: the panel renders them as text.
 */
export function timelineForPosition(
  text: string,
  blocks: readonly ConfigBlock[],
  offset: number,
  fleetSizeOverride?: number,
  defaultFleetSize?: number | null,
  options: TimelineOptions = {},
): TimelineResponse {
  const assumptions = [...TIMELINE_ASSUMPTIONS, ...PANEL_ASSUMPTIONS];
  let positionAt = options.positionAt;
  if (!positionAt) {
    const index = new LineIndex(text);
    positionAt = (at) => index.positionAt(at);
  }
  const linesAt = positionAt;
  const describeLocation = options.describeLocation ?? ((at: number) => `line ${linesAt(at).line + 1}`);
  const analyses: RolloutAnalysis[] = blocks.map((block) => analyzeRollout(block.root, block.family ?? 'endpoint'));
  const infos = blocks.map((block, index) => configInfo(block, index, analyses[index]!.config, linesAt, describeLocation));
  const picked = pickConfig(blocks, offset);
  if (!picked) {
    return { status: 'no-config', configs: infos, cursorInConfig: false, assumptions, message: 'This file has no SageMaker DeploymentConfig.' };
  }
  const base = { configs: infos, currentIndex: picked.index, cursorInConfig: picked.inside, assumptions };
  const block = blocks[picked.index]!;
  const { config, problems } = analyses[picked.index]!;
  // A problem's file:// config is located at its reference: offsets in it are in the other file.
  const where = (problem: RolloutProblem): string => (block.fileReference ? `in file://${block.fileReference.path}` : describeLocation(problem.span.offset));
  const named = (list: readonly RolloutProblem[]): string => list.map((problem) => `${describeProblem(problem)} (${where(problem)})`).join('; ');
  if (!config) {
    const blocking = problems.filter((problem) => problem.affects === 'rollout');
    return {
      ...base,
      status: 'unknown-config',
      message: blocking.length
        ? `The rollout cannot be computed: ${named(blocking.slice(0, 3))}${blocking.length > 3 ? ` (and ${blocking.length - 3} more)` : ''}.`
        : 'The rollout of this config cannot be computed.',
    };
  }

  const override = options.fleetSizeByConfig?.[String(picked.index)] ?? fleetSizeOverride;
  const ignored = override !== undefined && !isFleetSize(override, TIMELINE_MAX_FLEET_SIZE) ? override : undefined;
  const ignoredNote = ignored !== undefined ? `The fleet size ${ignored} was ignored: it must be a whole number from 1 to ${TIMELINE_MAX_FLEET_SIZE}.` : undefined;
  const fleet = resolveFleetSize(override, block.fleetSize, defaultFleetSize);
  const unitName = config.unit === 'copy' ? 'copies' : 'instances';
  const tooLarge = !fleet && isFleetSize(block.fleetSize) ? block.fleetSize : undefined;
  const fleetNote =
    tooLarge !== undefined
      ? `InitialInstanceCount ${tooLarge} in this file is above the timeline's limit of ${TIMELINE_MAX_FLEET_SIZE} instances. Enter a smaller number of instances.`
      : config.family === 'inference-component'
        ? 'The copy count is unknown: no RuntimeConfig.CopyCount for this inference component in this file. Enter the number of copies.'
        : config.family === 'hyperpod-cluster'
          ? 'The instance count is unknown: no InstanceCount for this instance group in this file. Enter the number of instances.'
          : 'The fleet size is unknown: no endpoint config with InitialInstanceCount in this file and no smGuardrails.defaultFleetSize setting. Enter the number of instances.';

  const expandOptions: ExpandOptions = {};
  if (typeof options.provisioningSeconds === 'number' && Number.isFinite(options.provisioningSeconds) && options.provisioningSeconds >= 0) {
    expandOptions.provisioningSeconds = options.provisioningSeconds;
  }
  try {
    const view = timelineView(config, fleet?.fleetSize, expandOptions);
    if (view.kind === 'needs-fleet-size') {
      return {
        ...base,
        status: 'needs-fleet-size',
        currentIndex: picked.index,
        suggestedFleetSize: TIMELINE_SUGGESTED_FLEET_SIZE,
        alarmNames: [...config.alarmNames],
        unit: config.unit,
        message: [ignoredNote, tooLarge !== undefined ? fleetNote : `${fleetNote.replace(/ Enter .*$/, '')} The step size is a number of ${unitName}: enter the number of ${unitName}.`]
          .filter(Boolean)
          .join(' '),
        ...(ignored !== undefined ? { ignoredFleetSize: ignored } : {}),
      };
    }
    const { timeline, omitted } = trimRollbacks(view.timeline, options.rollbackBake);
    const rollbackProblems = problems.filter((problem) => problem.affects === 'rollback');
    const rollbackUnavailable = rollbackProblems.length
      ? `The rollback batches cannot be computed: ${named(rollbackProblems)}. The rollout above does not depend on it.`
      : view.kind === 'percent' && view.rollbackNeedsFleetSize
        ? `RollbackMaximumBatchSize is a number of ${unitName}: enter the fleet size to see the rollback batches.`
        : undefined;
    const fallback = resolveFleetSize(undefined, block.fleetSize, defaultFleetSize);
    const notes = [ignoredNote];
    if (view.kind === 'percent') notes.push(`${fleetNote.replace(/ Enter .*$/, '')} Shown in percent of the fleet; enter the number of ${unitName} for counts.`);
    const message = notes.filter(Boolean).join(' ');
    return {
      ...base,
      status: 'ok',
      currentIndex: picked.index,
      fleetSize: timeline.fleetSize,
      fleetSizeSource: fleet ? fleet.source : 'percent',
      ...(fallback && fallback.source !== 'panel' ? { fallbackFleetSize: { fleetSize: fallback.fleetSize, source: fallback.source } } : {}),
      alarmNames: [...config.alarmNames],
      timeline,
      // The four strategies exist for endpoints only; inference components and HyperPod roll.
      comparison: config.family === 'endpoint' || config.family === undefined ? comparisonRows(config, timeline.fleetSize, expandOptions) : [],
      rollbackPhasesOmitted: rollbackUnavailable ? timeline.bakes.map((b) => b.bake) : omitted,
      ...(rollbackUnavailable ? { rollbackUnavailable } : {}),
      ...(ignored !== undefined ? { ignoredFleetSize: ignored } : {}),
      ...(message ? { message } : {}),
    };
  } catch (error) {
    return { ...base, status: 'error', message: `The rollout cannot be computed: ${errorMessage(error)}.` };
  }
}

function isPosition(value: unknown): value is Position {
  const position = value as Position | undefined;
  return typeof position?.line === 'number' && typeof position.character === 'number' && position.line >= 0 && position.character >= 0;
}

/** The handler behind registerTimelineRequest, exported for tests: checks params, finds the document, answers. */
export async function answerTimelineRequest(
  params: TimelineParams,
  getDocumentState: (uri: string) => TimelineDocumentState | undefined | Promise<TimelineDocumentState | undefined>,
): Promise<TimelineResponse> {
  const assumptions = [...TIMELINE_ASSUMPTIONS, ...PANEL_ASSUMPTIONS];
  const empty = { configs: [], cursorInConfig: false, assumptions };
  if (typeof params?.uri !== 'string' || !isPosition(params.position)) {
    return { ...empty, status: 'error', message: 'Bad smGuardrails/timeline request: it needs a uri and a position {line, character}.' };
  }
  let state: TimelineDocumentState | undefined;
  try {
    state = await getDocumentState(params.uri);
  } catch (error) {
    return { ...empty, uri: params.uri, status: 'error', message: `The server could not read this document: ${errorMessage(error)}.` };
  }
  if (!state) {
    return { ...empty, uri: params.uri, status: 'not-ready', message: 'The SageMaker Deployment Guardrails server has not read this document (yet): open a Python, JSON, shell or Markdown file or a notebook.' };
  }
  const offset = state.offsetAt ? state.offsetAt(params.position) : new LineIndex(state.text).offsetAt(params.position);
  const options: TimelineOptions = {};
  if (typeof params.provisioningSeconds === 'number') options.provisioningSeconds = params.provisioningSeconds;
  if (typeof params.rollbackBake === 'number') options.rollbackBake = params.rollbackBake;
  if (state.positionAt) options.positionAt = state.positionAt;
  if (state.describeLocation) options.describeLocation = state.describeLocation;
  if (params.fleetSizeByConfig && typeof params.fleetSizeByConfig === 'object') options.fleetSizeByConfig = params.fleetSizeByConfig;
  const fleetSize = typeof params.fleetSize === 'number' ? params.fleetSize : undefined;
  let response: TimelineResponse;
  try {
    response = timelineForPosition(state.text, state.blocks, offset, fleetSize, state.defaultFleetSize, options);
  } catch (error) {
    response = { ...empty, status: 'error', message: `The timeline failed: ${errorMessage(error)}.` };
  }
  response.uri = params.uri;
  if (state.version !== undefined) response.documentVersion = state.version;
  return response;
}

/**
 * Answers smGuardrails/timeline requests. `getDocumentState` returns the text the blocks were
 * extracted from (undefined when the document is unknown); it may be async.
 */
export function registerTimelineRequest(
  connection: Pick<Connection, 'onRequest'>,
  getDocumentState: (uri: string) => TimelineDocumentState | undefined | Promise<TimelineDocumentState | undefined>,
): void {
  connection.onRequest(timelineRequestType.method, (params: TimelineParams) => answerTimelineRequest(params, getDocumentState));
}
