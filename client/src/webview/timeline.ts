// The timeline panel's webview script (bundled for the browser as dist/webview/timeline.js).
// Renders the server's TimelineResponse into the skeleton that timeline-panel.ts writes: totals,
// SVG charts, phase table, rollback, alarms, strategy comparison, assumptions. Every string from
// the document goes in as text (dom.ts); state survives reloads through vscode.setState.
import type { TimelinePhase } from '../../../server/src/core/timeline/engine';
import { formatDuration, formatPercent } from '../../../server/src/cli/timeline-format';
import type { TimelineOkResponse, TimelineResponse } from '../../../server/src/lsp/protocol';
import { TIMELINE_MAX_FLEET_SIZE } from '../../../server/src/lsp/protocol';
import { buildChartModel, CHART_WIDTH, MARGIN, type BakeBand, type ChartModel, type Marker } from './chart';
import { html, replaceChildren, setText, svg, type Child } from './dom';
import type { FromWebviewMessage, TimelineControl, TimelineSnapshot, TimelineUiState, TimelineWebviewState, ToWebviewMessage } from './messages';

interface VsCodeApi {
  postMessage(message: FromWebviewMessage): void;
  getState(): TimelineWebviewState | undefined;
  setState(state: TimelineWebviewState): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

const vscode = acquireVsCodeApi();
const doc = document;
/** Phase table rows rendered at most (fleets of hundreds of one-instance steps). */
const MAX_TABLE_ROWS = 400;

let state: TimelineWebviewState = normalizeState(vscode.getState());
let renderCount = state.renderCount ?? 0;
let busy = false;
let transientMessage: string | undefined;

function normalizeState(saved: TimelineWebviewState | undefined): TimelineWebviewState {
  if (!saved || typeof saved !== 'object') return { ui: {} };
  return { ...saved, ui: saved.ui && typeof saved.ui === 'object' ? saved.ui : {} };
}

function byId<T extends HTMLElement = HTMLElement>(id: string): T {
  const element = doc.getElementById(id);
  if (!element) throw new Error(`timeline webview: #${id} is missing from the page`);
  return element as T;
}

const root = byId('timeline-root');
const fleetInput = byId<HTMLInputElement>('fleet-size');
const fleetApply = byId<HTMLButtonElement>('fleet-size-apply');
const fleetReset = byId<HTMLButtonElement>('fleet-size-reset');
const fleetError = byId('fleet-size-error');
const provisioningInput = byId<HTMLInputElement>('provisioning');
const rollbackSelect = byId<HTMLSelectElement>('rollback-bake');

function save(): void {
  vscode.setState(state);
}

function post(message: FromWebviewMessage): void {
  vscode.postMessage(message);
}

function sendUi(refresh: boolean): void {
  save();
  if (refresh) {
    busy = true;
    root.setAttribute('aria-busy', 'true');
    root.classList.add('busy');
  }
  post({ type: 'ui', ui: { ...state.ui }, refresh });
}

function setUi(change: Partial<TimelineUiState>): void {
  const ui: TimelineUiState = { ...state.ui, ...change };
  for (const key of Object.keys(ui) as (keyof TimelineUiState)[]) if (ui[key] === undefined) delete ui[key];
  state = { ...state, ui };
}

// ---- controls -------------------------------------------------------------------------------

function applyFleetSize(): void {
  const raw = fleetInput.value.trim();
  const value = Number(raw);
  if (raw === '' || !Number.isInteger(value) || value < 1 || value > TIMELINE_MAX_FLEET_SIZE) {
    fleetInput.setAttribute('aria-invalid', 'true');
    setText(fleetError, `Enter a whole number of instances from 1 to ${TIMELINE_MAX_FLEET_SIZE}.`);
    return;
  }
  fleetInput.removeAttribute('aria-invalid');
  setText(fleetError, '');
  if (state.ui.fleetSizeOverride === value && state.ui.fleetSizeDocument === state.documentUri && state.response?.status === 'ok') return;
  setUi({ fleetSizeOverride: value, fleetSizeDocument: state.documentUri });
  sendUi(true);
}

function applyProvisioning(): void {
  const raw = provisioningInput.value.trim();
  const value = Number(raw);
  if (raw !== '' && (!Number.isFinite(value) || value < 0)) {
    provisioningInput.setAttribute('aria-invalid', 'true');
    return;
  }
  provisioningInput.removeAttribute('aria-invalid');
  const next = raw === '' ? undefined : value;
  if (next === state.ui.provisioningSeconds) return;
  setUi({ provisioningSeconds: next });
  sendUi(true);
}

function applyRollbackBake(): void {
  const raw = rollbackSelect.value;
  const bake = raw === '' ? undefined : Number(raw);
  setUi({ rollbackBake: bake });
  const response = state.response;
  // Large fleets: the server leaves most rollback phases out; ask for this bake's.
  const missing = bake !== undefined && response?.status === 'ok' && response.rollbackPhasesOmitted.includes(bake);
  sendUi(missing);
  render();
}

fleetInput.addEventListener('change', applyFleetSize);
fleetInput.addEventListener('keydown', (event) => {
  if (event.key === 'Enter') applyFleetSize();
});
fleetApply.addEventListener('click', applyFleetSize);
fleetReset.addEventListener('click', () => {
  fleetInput.removeAttribute('aria-invalid');
  setText(fleetError, '');
  setUi({ fleetSizeOverride: undefined, fleetSizeDocument: undefined });
  sendUi(true);
});
provisioningInput.addEventListener('change', applyProvisioning);
provisioningInput.addEventListener('keydown', (event) => {
  if (event.key === 'Enter') applyProvisioning();
});
rollbackSelect.addEventListener('change', applyRollbackBake);

byId('config-list').addEventListener('click', (event) => {
  const button = (event.target as Element | null)?.closest('button[data-line]');
  if (!button) return;
  post({ type: 'reveal', line: Number(button.getAttribute('data-line')), character: Number(button.getAttribute('data-character')) });
});

// ---- rendering ------------------------------------------------------------------------------

function percent(value: number): string {
  return formatPercent(value);
}

function hours(value: number): string {
  return (Math.round(value * 100) / 100).toFixed(2);
}

const PHASE_NAMES: Readonly<Record<TimelinePhase['kind'], string>> = {
  provision: 'Provision',
  shift: 'Shift traffic',
  bake: 'Baking period',
  'termination-wait': 'Termination wait',
  terminate: 'Terminate',
};

function show(id: string, visible: boolean): void {
  const element = byId(id);
  element.hidden = !visible;
  // A hidden table's scroll wrapper must not stay behind as an empty tab stop.
  if (element.parentElement?.classList.contains('table-scroll')) element.parentElement.hidden = !visible;
}

function renderHeader(response: TimelineResponse | undefined): void {
  const current = response?.currentIndex !== undefined ? response.configs[response.currentIndex] : undefined;
  setText(byId('config-label'), current ? current.label : 'Rollout timeline');
  const location: string[] = [];
  if (state.documentName) location.push(state.documentName);
  if (current) {
    location.push(`line ${current.line + 1}`);
    if (response!.configs.length > 1) location.push(`config ${current.index + 1} of ${response!.configs.length}`);
    if (!response!.cursorInConfig) location.push('nearest to the cursor');
    if (current.fileReference) location.push(`loaded from file://${current.fileReference}`);
  }
  setText(byId('config-location'), location.join(' · '));
  const message = transientMessage ?? response?.message ?? '';
  setText(byId('status-message'), message);
  byId('status-message').classList.toggle('warning', response !== undefined && response.status !== 'ok' && response.status !== 'needs-fleet-size');
}

function renderControls(response: TimelineResponse | undefined): void {
  const typedHere = state.ui.fleetSizeDocument === undefined || state.ui.fleetSizeDocument === state.documentUri ? state.ui.fleetSizeOverride : undefined;
  const effective = response?.status === 'ok' ? response.fleetSize : response?.status === 'needs-fleet-size' ? (typedHere ?? response.suggestedFleetSize) : undefined;
  // Never overwrite what the user is typing.
  if (doc.activeElement !== fleetInput && effective !== undefined) fleetInput.value = String(effective);
  if (doc.activeElement !== provisioningInput) provisioningInput.value = state.ui.provisioningSeconds === undefined ? '' : String(state.ui.provisioningSeconds);
  const source =
    response?.status === 'ok'
      ? response.fleetSizeSource === 'panel'
        ? 'typed here'
        : response.fleetSizeSource === 'document'
          ? 'from InitialInstanceCount in this file'
          : 'from the smGuardrails.defaultFleetSize setting'
      : response?.status === 'needs-fleet-size'
        ? 'not in the file: enter the number of instances and press Apply'
        : '';
  setText(byId('fleet-size-source'), source);
  // Only offer to go back when there is something to go back to (the file's or the setting's size).
  const fallback = response?.status === 'ok' ? response.fallbackFleetSize : undefined;
  fleetReset.hidden = response?.status !== 'ok' || response.fleetSizeSource !== 'panel' || fallback === undefined;
  if (fallback) setText(fleetReset, `Use the ${fallback.source === 'document' ? "file's" : "setting's"} fleet size (${fallback.fleetSize})`);
  show('controls', response?.status === 'ok' || response?.status === 'needs-fleet-size');

  const options: Child[] = [html(doc, 'option', { value: '' }, ['no alarm (the rollout completes)'])];
  if (response?.status === 'ok') {
    for (const bake of response.timeline.bakes) {
      options.push(html(doc, 'option', { value: String(bake.bake) }, [`bake ${bake.bake}: ${percent(bake.greenTrafficPercent)} on new, ends at ${formatDuration(bake.endSeconds)}`]));
    }
  }
  replaceChildren(doc, rollbackSelect, options);
  const bakes = response?.status === 'ok' ? response.timeline.bakes.map((b) => b.bake) : [];
  if (state.ui.rollbackBake !== undefined && !bakes.includes(state.ui.rollbackBake)) setUi({ rollbackBake: undefined });
  rollbackSelect.value = state.ui.rollbackBake === undefined ? '' : String(state.ui.rollbackBake);
  rollbackSelect.disabled = response?.status !== 'ok';
}

function renderTotals(response: TimelineOkResponse): void {
  const t = response.timeline;
  setText(byId('total-duration'), formatDuration(t.totalSeconds));
  setText(byId('time-to-full'), formatDuration(t.timeToFullTrafficSeconds));
  setText(byId('terminated-at'), formatDuration(t.blueTerminatedAtSeconds));
  setText(byId('total-wait'), formatDuration(t.totalWaitSeconds));
  const timeout = byId('timeout-status');
  if (t.maximumExecutionTimeoutSeconds === undefined) setText(timeout, 'not set');
  else if (t.fitsTimeout) setText(timeout, `${formatDuration(t.maximumExecutionTimeoutSeconds)}: fits (${formatDuration(t.timeoutMarginSeconds ?? 0)} to spare)`);
  else setText(timeout, `${formatDuration(t.maximumExecutionTimeoutSeconds)}: too short, it must be larger than the rollout (${formatDuration(t.totalSeconds)})`);
  timeout.classList.toggle('error-text', t.fitsTimeout === false);
  setText(byId('peak-instances'), `${t.peakInstances} (fleet of ${t.fleetSize})`);
  setText(byId('extra-hours'), hours(t.extraInstanceHours));
  setText(byId('provisioning-total'), t.provisioningSeconds === undefined ? 'not counted (0 s)' : `${formatDuration(t.provisioningSeconds)} per provisioning`);
}

function markerLine(marker: Marker, index: number, top: number, bottom: number): SVGGElement {
  const anchorEnd = marker.x > CHART_WIDTH * 0.6;
  const labelX = marker.x + (anchorEnd ? -4 : 4);
  const labelY = top + 12 + 13 * index;
  const classes = ['marker', `marker-${marker.kind}`];
  if (marker.fits === false) classes.push('too-short');
  if (marker.offChart) classes.push('off-chart');
  return svg(doc, 'g', { class: classes.join(' '), 'data-marker': marker.kind, 'data-seconds': marker.seconds }, [
    svg(doc, 'title', {}, [marker.label + (marker.offChart ? ' (beyond the right edge)' : '')]),
    svg(doc, 'line', { x1: marker.x, x2: marker.x, y1: top, y2: bottom }),
    svg(doc, 'text', { x: labelX, y: labelY, 'text-anchor': anchorEnd ? 'end' : 'start' }, [marker.offChart ? `${marker.label} →` : marker.label]),
  ]);
}

function axes(model: ChartModel, height: number, yTicks: readonly { at: number; label: string }[], yLabel: string): SVGGElement {
  const bottom = height - MARGIN.bottom;
  const left = MARGIN.left;
  const right = CHART_WIDTH - MARGIN.right;
  return svg(doc, 'g', { class: 'axes', 'aria-hidden': 'true' }, [
    ...yTicks.map((tick) =>
      svg(doc, 'g', { class: 'tick y-tick' }, [
        svg(doc, 'line', { class: 'grid', x1: left, x2: right, y1: tick.at, y2: tick.at }),
        svg(doc, 'text', { x: left - 6, y: tick.at + 4, 'text-anchor': 'end' }, [tick.label]),
      ]),
    ),
    ...model.xTicks.map((tick) =>
      svg(doc, 'g', { class: 'tick x-tick', 'data-label': tick.label }, [
        svg(doc, 'line', { x1: tick.at, x2: tick.at, y1: bottom, y2: bottom + 4 }),
        svg(doc, 'text', { x: tick.at, y: bottom + 17, 'text-anchor': 'middle' }, [tick.label]),
      ]),
    ),
    svg(doc, 'line', { class: 'axis', x1: left, x2: right, y1: bottom, y2: bottom }),
    svg(doc, 'line', { class: 'axis', x1: left, x2: left, y1: MARGIN.top - 8, y2: bottom }),
    // Above the plot, right of the tick labels: never on top of the highest tick.
    svg(doc, 'text', { class: 'axis-label', x: left, y: MARGIN.top - 12 }, [yLabel]),
  ]);
}

function chartDescription(response: TimelineOkResponse, model: ChartModel): string {
  const t = response.timeline;
  const steps = t.steps.map((s) => `${percent(s.greenTrafficPercent)} at ${formatDuration(t.phases.find((p) => p.kind === 'shift' && p.step === s.step)?.startSeconds ?? 0)}`);
  const parts = [
    `Traffic on the new fleet of ${t.fleetSize} instances rises in ${t.stepCount} step${t.stepCount === 1 ? '' : 's'}: ${steps.join(', ')}${t.omittedSteps ? ` (steps ${t.omittedSteps.first} to ${t.omittedSteps.last} are not drawn)` : ''}.`,
    `${t.stepCount} baking period${t.stepCount === 1 ? '' : 's'} of ${formatDuration(t.waitIntervalSeconds)}.`,
    `The old fleet is terminated at ${formatDuration(t.blueTerminatedAtSeconds)}; the rollout takes ${formatDuration(t.totalSeconds)}.`,
  ];
  if (t.maximumExecutionTimeoutSeconds !== undefined) parts.push(`Execution timeout ${formatDuration(t.maximumExecutionTimeoutSeconds)}: ${t.fitsTimeout ? 'fits' : 'too short'}.`);
  if (model.rollbackBake !== undefined) {
    const rollback = t.bakes[model.rollbackBake - 1]?.rollback;
    if (rollback) parts.push(`Rollback drawn for an alarm at the end of bake ${rollback.bake}: traffic goes from ${percent(rollback.greenTrafficPercentAtTrip)} back to 0%.`);
  }
  if (model.instant) parts.push('Every phase takes 0 s, so the chart shows the states only.');
  parts.push('The phase table below lists the same data.');
  return parts.join(' ');
}

function renderCharts(response: TimelineOkResponse): ChartModel {
  const t = response.timeline;
  const omitted = state.ui.rollbackBake !== undefined && response.rollbackPhasesOmitted.includes(state.ui.rollbackBake);
  const model = buildChartModel(t, omitted ? undefined : state.ui.rollbackBake);
  const top = MARGIN.top;
  const bottom = model.height - MARGIN.bottom;
  const title = `Traffic on the new fleet over time: ${response.configs[response.currentIndex]?.label ?? t.strategy}, ${t.fleetSize} instances`;
  const traffic = svg(
    doc,
    'svg',
    {
      id: 'timeline-chart',
      'data-testid': 'timeline-chart',
      class: 'chart',
      viewBox: `0 0 ${model.width} ${model.height}`,
      role: 'img',
      'aria-labelledby': 'chart-title chart-desc',
      'data-strategy': t.strategy,
      'data-total-seconds': t.totalSeconds,
      'data-domain-seconds': model.domainSeconds,
      'data-rollback-bake': model.rollbackBake ?? '',
    },
    [
      svg(doc, 'title', { id: 'chart-title' }, [title]),
      svg(doc, 'desc', { id: 'chart-desc' }, [chartDescription(response, model)]),
      svg(
        doc,
        'g',
        { class: 'bakes' },
        model.bakes.map((band) =>
          svg(doc, 'rect', { class: bakeClass(band), 'data-bake': band.bake, x: band.x, y: top, width: band.width, height: bottom - top }, [
            svg(doc, 'title', {}, [`Baking period ${band.bake}: ${percent(band.greenTrafficPercent)} on the new fleet`]),
          ]),
        ),
      ),
      // "bake N" under each band wide enough for it: ties the bands to the "Alarm trips in" choices.
      svg(
        doc,
        'g',
        { class: 'bake-labels', 'aria-hidden': 'true' },
        model.bakes
          .filter((band) => band.width >= 40 && !band.afterAlarm)
          .map((band) => svg(doc, 'text', { x: round1(band.x + band.width / 2), y: bottom - 6, 'text-anchor': 'middle' }, [`bake ${band.bake}`])),
      ),
      axes(model, model.height, model.yTicks, 'traffic on new'),
      svg(doc, 'path', { class: model.rollbackTrafficPath ? 'traffic superseded' : 'traffic', 'data-series': 'traffic', d: model.trafficPath }),
      model.activeTrafficPath ? svg(doc, 'path', { class: 'traffic', 'data-series': 'traffic-until-alarm', d: model.activeTrafficPath }) : null,
      model.rollbackTrafficPath ? svg(doc, 'path', { class: 'rollback', 'data-series': 'rollback-traffic', d: model.rollbackTrafficPath }) : null,
      svg(doc, 'g', { class: 'markers' }, model.markers.map((m, i) => markerLine(m, i, top, bottom))),
    ],
  );

  const inst = model.instances;
  const iBottom = inst.height - MARGIN.bottom;
  const instances = svg(
    doc,
    'svg',
    {
      id: 'instances-chart',
      'data-testid': 'instances-chart',
      class: 'chart instances',
      viewBox: `0 0 ${model.width} ${inst.height}`,
      role: 'img',
      'aria-labelledby': 'instances-title instances-desc',
    },
    [
      svg(doc, 'title', { id: 'instances-title' }, ['Instances of the old and the new fleet over time']),
      svg(doc, 'desc', { id: 'instances-desc' }, [
        `Old fleet instances below, new fleet instances stacked on top: the top edge is every billed instance. Peak ${t.peakInstances} instances for a fleet of ${t.fleetSize}; ${hours(t.extraInstanceHours)} extra instance-hours.${model.rollbackBake !== undefined ? ` After the alarm in bake ${model.rollbackBake} the rollback's counts are drawn.` : ''} The phase table lists the counts per phase.`,
      ]),
      svg(
        doc,
        'g',
        { class: 'bakes' },
        model.bakes.map((band) => svg(doc, 'rect', { class: bakeClass(band), x: band.x, y: MARGIN.top - 8, width: band.width, height: iBottom - MARGIN.top + 8 })),
      ),
      axes(model, inst.height, inst.yTicks, 'instances'),
      svg(doc, 'path', { class: 'fleet-area old', 'data-series': 'old-instances-area', d: inst.oldArea }),
      svg(doc, 'path', { class: 'fleet-area new', 'data-series': 'new-instances-area', d: inst.newArea }),
      svg(doc, 'path', { class: 'fleet old', 'data-series': 'old-instances', d: inst.oldPath }),
      svg(doc, 'path', { class: 'fleet total', 'data-series': 'total-instances', d: inst.totalPath }),
      svg(doc, 'g', { class: 'markers' }, model.markers.filter((m) => m.kind === 'alarm' || m.kind === 'terminated').map((m) => svg(doc, 'line', { class: `marker-line marker-${m.kind}`, x1: m.x, x2: m.x, y1: MARGIN.top - 8, y2: iBottom }))),
    ],
  );
  replaceChildren(doc, byId('chart-container'), [traffic, instances]);

  const legend: Child[] = [
    legendItem('swatch-traffic', 'traffic on the new fleet'),
    legendItem('swatch-bake', 'baking period'),
    legendItem('swatch-old', 'old fleet instances'),
    legendItem('swatch-new', 'new fleet instances (stacked)'),
    model.rollbackBake === undefined ? legendItem('swatch-terminated', 'old fleet terminated') : null,
    t.maximumExecutionTimeoutSeconds !== undefined ? legendItem(t.fitsTimeout ? 'swatch-timeout' : 'swatch-timeout too-short', 'execution timeout') : null,
    model.rollbackBake !== undefined ? legendItem('swatch-rollback', 'rollback after the alarm') : null,
  ];
  replaceChildren(doc, byId('chart-legend'), legend);
  return model;
}

function bakeClass(band: BakeBand): string {
  const tripped = state.ui.rollbackBake === band.bake;
  return ['bake', band.instant ? 'instant' : '', band.afterAlarm ? 'after-alarm' : '', tripped ? 'tripped' : ''].filter(Boolean).join(' ');
}

function round1(value: number): number {
  return Math.round(value * 10) / 10;
}

function legendItem(swatch: string, label: string): HTMLLIElement {
  return html(doc, 'li', {}, [html(doc, 'span', { class: `swatch ${swatch}`, 'aria-hidden': 'true' }), label]);
}

function phaseRow(phase: TimelinePhase, rollback: boolean): HTMLTableRowElement {
  return html(doc, 'tr', { 'data-phase-kind': phase.kind, 'data-step': phase.step, class: phase.kind === 'bake' ? 'bake-row' : undefined, 'data-rollback': rollback || undefined }, [
    // Rollback rows: the batch of the rollback (their step is the bake's, the same on every row).
    html(doc, 'td', { class: 'num' }, [String(rollback ? (phase.rollbackBatch ?? 1) : phase.step)]),
    html(doc, 'th', { scope: 'row' }, [PHASE_NAMES[phase.kind]]),
    html(doc, 'td', { class: 'num' }, [formatDuration(phase.startSeconds)]),
    html(doc, 'td', { class: 'num' }, [formatDuration(phase.endSeconds)]),
    html(doc, 'td', { class: 'num' }, [formatDuration(phase.endSeconds - phase.startSeconds)]),
    html(doc, 'td', { class: 'num' }, [percent(phase.greenTrafficPercent)]),
    html(doc, 'td', { class: 'num' }, [String(phase.blueInstances)]),
    html(doc, 'td', { class: 'num' }, [String(phase.greenInstances)]),
  ]);
}

function phaseRows(phases: readonly TimelinePhase[], rollback: boolean): Child[] {
  const rows: Child[] = phases.slice(0, MAX_TABLE_ROWS).map((phase) => phaseRow(phase, rollback));
  if (phases.length > MAX_TABLE_ROWS) {
    rows.push(html(doc, 'tr', { class: 'more' }, [html(doc, 'td', { colspan: 8 }, [`… and ${phases.length - MAX_TABLE_ROWS} more phases`])]));
  }
  return rows;
}

function renderRollback(response: TimelineOkResponse): void {
  const t = response.timeline;
  const bake = state.ui.rollbackBake;
  const rollback = bake !== undefined ? t.bakes.find((b) => b.bake === bake)?.rollback : undefined;
  const summary = byId('rollback-summary');
  const notes: string[] = [];
  if (!t.autoRollbackEnabled) notes.push('This config has no CloudWatch alarms, so no rollback can trigger; the paths show what would happen with one.');
  if (!rollback) {
    notes.unshift('Choose a baking period under "Alarm trips in" to draw what happens when an alarm trips at its end.');
    setText(summary, notes.join(' '));
    replaceChildren(doc, byId('rollback-rows'), []);
    show('rollback-table', false);
    return;
  }
  const how =
    rollback.mode === 'all-at-once'
      ? 'all traffic goes back to the old fleet at once'
      : `traffic goes back in ${rollback.batchCount} batch${rollback.batchCount === 1 ? '' : 'es'} of up to ${rollback.batchInstances} instance${rollback.batchInstances === 1 ? '' : 's'}`;
  const reprovisioned = rollback.reprovisionedInstances ? `, ${rollback.reprovisionedInstances} old instance${rollback.reprovisionedInstances === 1 ? ' is' : 's are'} provisioned again` : '';
  notes.unshift(
    `An alarm at the end of bake ${rollback.bake} (${formatDuration(rollback.tripAtSeconds)}, ${percent(rollback.greenTrafficPercentAtTrip)} on the new fleet): ${how}${reprovisioned}; the rollback takes ${formatDuration(rollback.durationSeconds)} and peaks at ${rollback.peakInstances} instances.`,
  );
  setText(summary, notes.join(' '));
  const omitted = response.rollbackPhasesOmitted.includes(rollback.bake);
  replaceChildren(doc, byId('rollback-rows'), omitted ? [] : phaseRows(rollback.phases, true));
  show('rollback-table', !omitted);
}

function renderAlarms(response: { alarmNames: readonly string[] }): void {
  const list = byId('alarm-names');
  replaceChildren(doc, list, response.alarmNames.map((name) => html(doc, 'li', { class: 'alarm-name' }, [name])));
  list.hidden = response.alarmNames.length === 0;
  setText(byId('alarm-note'), response.alarmNames.length === 0 ? 'No CloudWatch alarms: automatic rollback is off.' : `${response.alarmNames.length} alarm${response.alarmNames.length === 1 ? '' : 's'} can trigger a rollback during the baking periods.`);
}

function renderComparison(response: TimelineOkResponse): void {
  const rows = response.comparison.map((row) =>
    html(doc, 'tr', { 'data-strategy': row.strategy, 'data-current': row.isCurrent ? 'true' : 'false', class: row.isCurrent ? 'current' : undefined, 'aria-current': row.isCurrent ? 'true' : undefined }, [
      html(doc, 'th', { scope: 'row' }, [row.label, row.isCurrent ? html(doc, 'span', { class: 'badge' }, [' (this config)']) : null]),
      html(doc, 'td', { class: 'num', 'data-column': 'duration' }, [formatDuration(row.durationSeconds)]),
      html(doc, 'td', { class: 'num', 'data-column': 'time-to-full' }, [formatDuration(row.timeToFullTrafficSeconds)]),
      html(doc, 'td', { class: 'num', 'data-column': 'peak' }, [String(row.peakInstances)]),
      html(doc, 'td', { class: 'num', 'data-column': 'extra-hours' }, [hours(row.extraInstanceHours)]),
      html(doc, 'td', { class: 'num', 'data-column': 'exposed' }, [percent(row.trafficExposedBeforeFirstBakeEndsPercent)]),
      html(doc, 'td', { 'data-column': 'fits', class: row.fitsTimeout === false ? 'error-text' : undefined }, [row.fitsTimeout === undefined ? 'no timeout' : row.fitsTimeout ? 'yes' : 'no']),
    ]),
  );
  replaceChildren(doc, byId('comparison-rows'), rows);
  setText(byId('comparison-caption'), `The four strategies for the same fleet of ${response.fleetSize} instances, bake length, termination wait, timeout and alarms.`);
}

function renderConfigs(response: TimelineResponse | undefined): void {
  const configs = response?.configs ?? [];
  replaceChildren(
    doc,
    byId('config-list'),
    configs.map((config) =>
      html(doc, 'li', { 'data-config-index': config.index, class: config.index === response?.currentIndex ? 'current' : undefined }, [
        html(
          doc,
          'button',
          {
            type: 'button',
            class: 'link',
            'data-line': config.range.start.line,
            'data-character': config.range.start.character,
            'aria-current': config.index === response?.currentIndex ? 'true' : undefined,
            'aria-label': `Go to line ${config.line + 1}: ${config.label}`,
          },
          [`Line ${config.line + 1}: ${config.label}`],
        ),
        config.computable ? null : html(doc, 'span', { class: 'muted' }, [' (cannot be computed)']),
      ]),
    ),
  );
  show('configs-section', configs.length > 0);
}

function renderAssumptions(response: TimelineResponse | undefined): void {
  const list = byId('assumptions');
  replaceChildren(doc, list, (response?.assumptions ?? []).map((text) => html(doc, 'li', {}, [text])));
  show('assumptions-section', (response?.assumptions.length ?? 0) > 0);
}

function render(): void {
  const response = state.response;
  const status = response?.status ?? (state.documentUri ? 'loading' : 'idle');
  root.setAttribute('data-status', status);
  root.setAttribute('aria-busy', busy ? 'true' : 'false');
  root.classList.toggle('busy', busy);
  renderHeader(response);
  renderControls(response);
  renderConfigs(response);
  renderAssumptions(response);
  const ok = response?.status === 'ok' ? response : undefined;
  show('results', ok !== undefined);
  show('alarms-section', response?.status === 'ok' || response?.status === 'needs-fleet-size');
  if (response?.status === 'ok' || response?.status === 'needs-fleet-size') renderAlarms(response);
  if (ok) {
    root.setAttribute('data-fleet-size', String(ok.fleetSize));
    root.setAttribute('data-strategy', ok.timeline.strategy);
    renderTotals(ok);
    renderCharts(ok);
    replaceChildren(doc, byId('phase-rows'), phaseRows(ok.timeline.phases, false));
    renderRollback(ok);
    renderComparison(ok);
  } else {
    root.removeAttribute('data-fleet-size');
    root.removeAttribute('data-strategy');
    replaceChildren(doc, byId('chart-container'), []);
    replaceChildren(doc, byId('phase-rows'), []);
    setText(byId('total-duration'), '');
  }
  renderCount++;
  state.renderCount = renderCount;
  root.setAttribute('data-render-count', String(renderCount));
  save();
  post({ type: 'rendered', snapshot: snapshot() });
}

// ---- snapshot for tests ---------------------------------------------------------------------

function texts(selector: string, attribute?: string): string[] {
  return Array.from(doc.querySelectorAll(selector)).map((element) => (attribute ? (element.getAttribute(attribute) ?? '') : (element.textContent ?? '')));
}

function tableCells(rowSelector: string): string[][] {
  return Array.from(doc.querySelectorAll(rowSelector)).map((row) => Array.from(row.children).map((cell) => cell.textContent ?? ''));
}

function snapshot(): TimelineSnapshot {
  const chart = doc.querySelector('[data-testid="timeline-chart"]');
  const rollbackBake = chart?.getAttribute('data-rollback-bake');
  return {
    renderCount,
    status: root.getAttribute('data-status') ?? '',
    configLabel: byId('config-label').textContent ?? '',
    configLocation: byId('config-location').textContent ?? '',
    message: byId('status-message').textContent ?? '',
    totalDuration: byId('total-duration').textContent ?? '',
    fleetSize: fleetInput.value,
    fleetSizeSource: byId('fleet-size-source').textContent ?? '',
    fleetSizeReset: fleetReset.hidden ? null : (fleetReset.textContent ?? ''),
    phaseKinds: texts('#phase-rows tr[data-phase-kind]', 'data-phase-kind'),
    phaseTable: tableCells('#phase-rows tr[data-phase-kind]'),
    rollbackTable: byId('rollback-table').hidden ? [] : tableCells('#rollback-rows tr[data-phase-kind]'),
    rollbackSummary: byId('rollback-summary').textContent ?? '',
    peakInstances: byId('peak-instances').textContent ?? '',
    timeoutStatus: byId('timeout-status').textContent ?? '',
    alarmNames: texts('#alarm-names li'),
    alarmListHtml: byId('alarm-names').innerHTML,
    imgCount: doc.querySelectorAll('img').length,
    chart: {
      title: chart?.querySelector('title')?.textContent ?? '',
      desc: chart?.querySelector('desc')?.textContent ?? '',
      trafficPath: chart?.querySelector('path[data-series="traffic"]')?.getAttribute('d') ?? '',
      bakes: texts('#timeline-chart rect.bake', 'data-bake').map(Number),
      markers: texts('#timeline-chart [data-marker]', 'data-marker'),
      rollbackBake: rollbackBake ? Number(rollbackBake) : null,
      xTicks: texts('#timeline-chart .x-tick', 'data-label'),
    },
    rollbackOptions: texts('#rollback-bake option'),
    rollbackSelected: rollbackSelect.value,
    comparison: Array.from(doc.querySelectorAll('#comparison-rows tr')).map((row) => ({
      strategy: row.getAttribute('data-strategy') ?? '',
      current: row.getAttribute('data-current') === 'true',
      duration: row.querySelector('[data-column="duration"]')?.textContent ?? '',
      peak: row.querySelector('[data-column="peak"]')?.textContent ?? '',
      extraHours: row.querySelector('[data-column="extra-hours"]')?.textContent ?? '',
      exposed: row.querySelector('[data-column="exposed"]')?.textContent ?? '',
    })),
    assumptionCount: doc.querySelectorAll('#assumptions li').length,
  };
}

function simulate(control: TimelineControl, value: string): void {
  if (control === 'fleet-size-reset') {
    fleetReset.click();
    return;
  }
  const element = control === 'fleet-size' ? fleetInput : control === 'provisioning' ? provisioningInput : rollbackSelect;
  element.value = value;
  element.dispatchEvent(new Event('change', { bubbles: true }));
}

// ---- messages -------------------------------------------------------------------------------

window.addEventListener('message', (event: MessageEvent<ToWebviewMessage>) => {
  const message = event.data;
  if (!message || typeof message !== 'object') return;
  switch (message.type) {
    case 'update':
      busy = false;
      transientMessage = undefined;
      state = { ...state, response: message.response, documentName: message.documentName, documentUri: message.documentUri, position: message.position, ui: { ...message.ui } };
      render();
      break;
    case 'busy':
      busy = true;
      root.setAttribute('aria-busy', 'true');
      root.classList.add('busy');
      break;
    case 'failed':
      busy = false;
      transientMessage = message.message;
      render();
      break;
    case 'idle':
      busy = false;
      transientMessage = message.message;
      render();
      break;
    case 'snapshot':
      post({ type: 'rendered', snapshot: snapshot() });
      break;
    case 'simulate':
      simulate(message.control, message.value);
      break;
  }
});

render();
post({ type: 'ready', ui: { ...state.ui } });
