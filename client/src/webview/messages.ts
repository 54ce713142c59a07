// Messages between the timeline panel (extension side, timeline-panel.ts) and its webview
// (timeline.ts), and the state the webview keeps with setState. Plain types only: both the
// extension bundle and the browser bundle import this file.
import type { TimelineResponse } from '../../../server/src/lsp/protocol';

/** What the panel keeps for one config: another config or file has its own. */
export interface TimelineConfigUiState {
  /** Fleet size typed in the panel (wins over the file and the setting); undefined = the file's. */
  fleetSizeOverride?: number;
  /** The bake the "alarm trips in" selector points at; undefined = no alarm. */
  rollbackBake?: number;
}

/** The panel's own choices, kept across reloads. */
export interface TimelineUiState {
  /** Provisioning estimate in seconds; undefined = not counted. */
  provisioningSeconds?: number;
  /** Per config, keyed by configKey(document uri, config index). */
  configs?: Record<string, TimelineConfigUiState>;
}

/** The key of a config's own panel state. */
export function configKey(documentUri: string, index: number): string {
  return `${documentUri}#${index}`;
}

/** Fleet sizes typed for the configs of one document, by config index (what the request sends). */
export function fleetSizesFor(ui: TimelineUiState, documentUri: string): Record<string, number> {
  const sizes: Record<string, number> = {};
  for (const [key, config] of Object.entries(ui.configs ?? {})) {
    const hash = key.lastIndexOf('#');
    if (key.slice(0, hash) === documentUri && config.fleetSizeOverride !== undefined) sizes[key.slice(hash + 1)] = config.fleetSizeOverride;
  }
  return sizes;
}

/** Everything the webview keeps with vscode.setState (and the serializer hands back after a reload). */
export interface TimelineWebviewState {
  ui: TimelineUiState;
  response?: TimelineResponse;
  /** File name shown in the header. */
  documentName?: string;
  /** The document followed, so a revived panel can follow it again. */
  documentUri?: string;
  position?: { line: number; character: number };
  /** Renders so far, kept across reloads so TimelineSnapshot.renderCount only grows. */
  renderCount?: number;
}

export type ToWebviewMessage =
  | {
      type: 'update';
      response: TimelineResponse;
      documentName: string;
      documentUri: string;
      position: { line: number; character: number };
      ui: TimelineUiState;
    }
  /** A request is under way (the panel marks itself busy, keeping the last content). */
  | { type: 'busy' }
  /** The request failed (server stopped, ...); the last content stays. */
  | { type: 'failed'; message: string }
  /** Nothing to follow: no text editor open. */
  | { type: 'idle'; message: string }
  /** Tests: report the rendered content now. */
  | { type: 'snapshot' }
  /** Tests: set a control's value and fire its change event, as a user would. */
  | { type: 'simulate'; control: TimelineControl; value: string };

/**
 * fleet-size-reset clicks the "Use the file's fleet size" button, copy-markdown and save-svg click
 * the export buttons (for these the webview ignores the value).
 */
export type TimelineControl = 'fleet-size' | 'fleet-size-reset' | 'provisioning' | 'rollback-bake' | 'copy-markdown' | 'save-svg';

export type FromWebviewMessage =
  | { type: 'ready'; ui: TimelineUiState }
  | { type: 'ui'; ui: TimelineUiState; refresh: boolean }
  /** Move the editor's cursor into a config (the panel then follows it). */
  | { type: 'reveal'; line: number; character: number }
  | { type: 'rendered'; snapshot: TimelineSnapshot }
  /** Export for a change request: the extension copies the Markdown or saves the SVG. */
  | { type: 'copy-markdown'; markdown: string }
  | { type: 'save-svg'; svg: string; suggestedName: string };

/**
 * What the webview shows, read back from its DOM after every render: lets extension-host tests
 * check the panel without reaching into the webview's iframe.
 */
export interface TimelineSnapshot {
  /** Increases with every render. */
  renderCount: number;
  /** data-status of the root: ok | needs-fleet-size | no-config | unknown-config | not-ready | error | idle. */
  status: string;
  configLabel: string;
  configLocation: string;
  message: string;
  /** #total-duration text, e.g. "30 min". */
  totalDuration: string;
  /** The totals' heading: the rollout as planned, or the run with the alarm chosen. */
  totalsHeading: string;
  /** Text of every totals row: "Total duration: 30 min". */
  totals: string[];
  /** The rollback controls' note (why no rollback can be drawn, or what the chosen one does). */
  rollbackNote: string;
  /** Value of the fleet-size input. */
  fleetSize: string;
  fleetSizeSource: string;
  /** Text of the "Use the file's fleet size" button, null while it is hidden. */
  fleetSizeReset: string | null;
  /** data-phase-kind of every row of the phase table, in order. */
  phaseKinds: string[];
  /** Cell texts of every phase row: step, phase, start, end, duration, traffic on new, old, new instances. */
  phaseTable: string[][];
  /** The "What happens" sentence of every phase row. */
  phaseSentences: string[];
  /** Cell texts of the rollback table's rows (batch first), [] while it is hidden. */
  rollbackTable: string[][];
  rollbackSummary: string;
  /** #peak-instances text, e.g. "8 (fleet of 4)". */
  peakInstances: string;
  /** #timeout-status text. */
  timeoutStatus: string;
  /** Text of every alarm name item, as rendered. */
  alarmNames: string[];
  /** innerHTML of the alarm list: markup typed in an alarm name appears escaped here. */
  alarmListHtml: string;
  /** <img> elements in the whole webview (there are none unless a string was parsed as HTML). */
  imgCount: number;
  chart: {
    title: string;
    desc: string;
    /** d attribute of the traffic line. */
    trafficPath: string;
    /** data-bake of every shaded baking period. */
    bakes: number[];
    /** data-marker of every marker: terminated, timeout, alarm, ... */
    markers: string[];
    /** Whether a rollback path is drawn, and for which bake. */
    rollbackBake: number | null;
    /** x-axis tick labels. */
    xTicks: string[];
  };
  rollbackOptions: string[];
  rollbackSelected: string;
  comparison: { strategy: string; current: boolean; duration: string; peak: string; extraHours: string; exposed: string }[];
  assumptionCount: number;
}
