// Custom messages between the client and the server (one file, like rust-analyzer's lsp_ext.ts).
// Only plain types here: the client imports this file too.
import type { ConfigFamily, Strategy } from '../core/model';
import type { Timeline } from '../core/timeline/engine';

/** Server -> client after each check: what the document holds, for the status bar. */
export const documentStatusNotification = 'smGuardrails/documentStatus';

export interface DocumentStatusParams {
  uri: string;
  /** The document (or notebook cell) version counted: the client shows counts only for the version on screen. */
  version: number;
  configCount: number;
  errorCount: number;
  warningCount: number;
}

/** The settings the server reads from the `smGuardrails` section. */
export interface ServerSettings {
  disabledRules: string[];
  defaultFleetSize: number | null;
  /** Inference components' copy count when the file has no RuntimeConfig.CopyCount. */
  defaultCopyCount: number | null;
  debounceMilliseconds: number;
  /** `file://` references may read files outside the workspace folders. */
  fileReferences?: { allowOutsideWorkspace?: boolean };
  /**
   * While a document is being edited, structural findings (a key missing, a size the mode lacks, no
   * rollback alarms) that were not shown yet wait until the typing has paused this long: a config
   * typed key by key is incomplete at every keystroke. 0 shows them at once.
   */
  structuralDelayMilliseconds: number;
}

/**
 * initializationOptions flag: the client validates and completes `*.deployment-config.json` files
 * from the schema itself (VS Code does, through the extension's jsonValidation), so the server
 * leaves keys, enum values and the schema-level findings (unknown-key, missing-key, wrong-type,
 * invalid-enum, out-of-range) there to it: one report per mistake. Other LSP clients get all of
 * the server's completion and findings everywhere.
 */
export const SCHEMA_FILES_COMPLETED_BY_CLIENT = 'schemaFilesCompletedByClient';

export const defaultSettings: ServerSettings = { disabledRules: [], defaultFleetSize: null, defaultCopyCount: null, debounceMilliseconds: 150, structuralDelayMilliseconds: 1000 };

// ---------------------------------------------------------------------------------------------
// smGuardrails/checkFiles: check files that are not open (the workspace check). Client -> server.

export interface CheckFilesParams {
  /** file: URIs; open documents among them are skipped (their live diagnostics stand). */
  uris: string[];
}

export interface CheckFilesResult {
  checked: number;
  skippedOpen: number;
  unreadable: number;
  errors: number;
  warnings: number;
  filesWithFindings: number;
}

export const checkFilesRequest: TypedRequest<CheckFilesParams, CheckFilesResult> = { method: 'smGuardrails/checkFiles' };

// ---------------------------------------------------------------------------------------------
// smGuardrails/timeline: the rollout timeline of the config under the cursor, for the preview
// panel. Client -> server request; the server answers from the blocks it already extracted.
//
// The request type is a plain descriptor, not a vscode-jsonrpc RequestType: the client and the
// server bundle different copies of vscode-jsonrpc (10.x and 9.x), whose RequestType classes are
// nominally typed and compared by identity, so one shared instance would fit neither side.
//   client: client.sendRequest<TimelineResponse>(timelineRequestType.method, params)
//   server: connection.onRequest(timelineRequestType.method, (params: TimelineParams) => ...)
// (registerTimelineRequest in timeline-request.ts and sendTimelineRequest in the client wrap both.)

/** A typed request descriptor that both sides can use whatever their vscode-jsonrpc copy. */
export interface TypedRequest<P, R> {
  readonly method: string;
  /** Never set: carries the parameter and result types. */
  readonly _types?: [P, R];
}

/** 0-based line and UTF-16 character, as in LSP. */
export interface TimelinePosition {
  line: number;
  character: number;
}

export interface TimelineRange {
  start: TimelinePosition;
  end: TimelinePosition;
}

export interface TimelineParams {
  /** The document (or notebook cell) the cursor is in. */
  uri: string;
  /** The cursor: the config containing it is shown, else the nearest one. */
  position: TimelinePosition;
  /** Fleet size typed in the panel: wins over InitialInstanceCount and the setting. Whole number 1..TIMELINE_MAX_FLEET_SIZE. */
  fleetSize?: number;
  /** Provisioning estimate in seconds (per green fleet, or per rolling batch); absent = not counted (0 s). */
  provisioningSeconds?: number;
  /** The baking period the panel draws a rollback for: its rollback phases are always sent. */
  rollbackBake?: number;
  /** Fleet sizes typed in the panel for configs of this document, by config index: win over `fleetSize`. */
  fleetSizeByConfig?: Record<string, number>;
}

/**
 * Where the fleet size came from, strongest first. 'percent': none is known and every size is a
 * percentage, so the timeline is in percent of the fleet (fleetSize 100, counts are percents).
 */
export type FleetSizeSource = 'panel' | 'document' | 'setting' | 'percent';

/** One DeploymentConfig block of the document, for the panel's header. */
export interface TimelineConfigInfo {
  /** 0-based, in document order. */
  index: number;
  /** Short description of the rollout, e.g. "Canary 30% then 100%", "Rolling, batches of 2 instances". */
  label: string;
  /** Strategy when the rollout can be computed. */
  strategy?: Strategy;
  /** 0-based line where the config starts (of the `file://` reference when it is loaded from a file). */
  line: number;
  /** Where it starts, for people: "line 12", or "cell 3, line 2" in a notebook. */
  location: string;
  /** The API the config is for. */
  family: ConfigFamily;
  /** The config (or its `file://` reference) in the document. */
  range: TimelineRange;
  /** False when a value the rollout depends on is missing, invalid or not a literal. */
  computable: boolean;
  /** InitialInstanceCount found in the same document, if any. */
  documentFleetSize?: number;
  /** The `file://` path when the config is loaded from another file. */
  fileReference?: string;
}

/** One row of the strategy comparison (the same fleet, bake length, timeout and alarms). */
export interface TimelineComparisonRow {
  strategy: Strategy;
  label: string;
  /** The strategy the config uses. */
  isCurrent: boolean;
  durationSeconds: number;
  timeToFullTrafficSeconds: number;
  peakInstances: number;
  extraInstanceHours: number;
  /** Share of traffic on the new version during the first baking period. */
  trafficExposedBeforeFirstBakeEndsPercent: number;
  bakeCount: number;
  /** Undefined without MaximumExecutionTimeoutInSeconds. */
  fitsTimeout?: boolean;
}

interface TimelineResponseBase {
  /** Filled in by the server's request handler. */
  uri?: string;
  /** Version of the document the answer was computed from (when the server knows it). */
  documentVersion?: number;
  /** Every config of the document, in order. */
  configs: TimelineConfigInfo[];
  /** Index into configs of the config shown; undefined when there is none. */
  currentIndex?: number;
  /** Whether the cursor is inside that config (false: the nearest config was taken). */
  cursorInConfig: boolean;
  /** Human-readable explanation for every status but 'ok' (and for an ignored fleet size). */
  message?: string;
  /** The engine's documented assumptions, plus the panel's own. */
  assumptions: string[];
}

export interface TimelineOkResponse extends TimelineResponseBase {
  status: 'ok';
  currentIndex: number;
  fleetSize: number;
  fleetSizeSource: FleetSizeSource;
  /**
   * The fleet size the panel goes back to without its own number: InitialInstanceCount in the
   * document, else the setting. Absent when neither gives one (then there is nothing to go back to).
   */
  fallbackFleetSize?: { fleetSize: number; source: Exclude<FleetSizeSource, 'panel' | 'percent'> };
  /** Why no rollback can be drawn (a bad RollbackMaximumBatchSize, named with its line), when so. */
  rollbackUnavailable?: string;
  /** A fleet size from the panel that was not used (not a whole number in range). */
  ignoredFleetSize?: number;
  /** AlarmName values as written (user text: the panel must render them as text). */
  alarmNames: string[];
  timeline: Timeline;
  comparison: TimelineComparisonRow[];
  /**
   * Bakes whose rollback phases were left out of timeline.bakes[].rollback.phases to keep the
   * answer small (very large fleets); ask again with rollbackBake to get one of them.
   */
  rollbackPhasesOmitted: number[];
}

export interface TimelineNeedsFleetSizeResponse extends TimelineResponseBase {
  status: 'needs-fleet-size';
  currentIndex: number;
  /** What the panel pre-fills in its fleet-size control. */
  suggestedFleetSize: number;
  alarmNames: string[];
  /** What the fleet size counts. */
  unit: 'instance' | 'copy';
  ignoredFleetSize?: number;
}

export interface TimelineOtherResponse extends TimelineResponseBase {
  /**
   * no-config: the document holds no DeploymentConfig;
   * unknown-config: the config under the cursor cannot be expanded (missing/invalid/non-literal values);
   * not-ready: the server has not read this document (not open, unsupported language, still starting);
   * error: the engine rejected the input (e.g. a negative wait) or failed.
   */
  status: 'no-config' | 'unknown-config' | 'not-ready' | 'error';
  message: string;
}

export type TimelineResponse = TimelineOkResponse | TimelineNeedsFleetSizeResponse | TimelineOtherResponse;

export type TimelineStatus = TimelineResponse['status'];

export const timelineRequestType: TypedRequest<TimelineParams, TimelineResponse> = { method: 'smGuardrails/timeline' };

/** Fleet sizes a timeline is drawn for, whatever gives them (panel, document, setting, CLI). */
export { TIMELINE_MAX_FLEET_SIZE } from '../core/timeline/engine';
/** Pre-filled in the panel when neither the document nor the setting gives a fleet size. */
export const TIMELINE_SUGGESTED_FLEET_SIZE = 4;
