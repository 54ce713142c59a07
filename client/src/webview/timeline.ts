// The timeline panel's webview script (bundled for the browser as dist/webview/timeline.js).
// Renders the server's TimelineResponse into the skeleton that timeline-panel.ts writes: totals,
// SVG charts, phase table, rollback, alarms, strategy comparison, assumptions. Every string from
// the document goes in as text (dom.ts); state survives reloads through vscode.setState.
import type { TimelinePhase } from '../../../server/src/core/timeline/engine';
import { formatDuration, formatPercent } from '../../../server/src/cli/timeline-format';
import { runTotals } from '../../../server/src/core/timeline/engine';
import type { TimelineOkResponse, TimelineResponse } from '../../../server/src/lsp/protocol';
import { TIMELINE_MAX_FLEET_SIZE } from '../../../server/src/lsp/protocol';
import { buildChartModel, CHART_WIDTH, LABEL_LANE_HEIGHT, MARGIN, type BakeBand, type ChartModel, type Marker } from './chart';
import { html, replaceChildren, setText, svg, type Child } from './dom';
import { phaseSentence, timelineMarkdown } from './words';
import { configKey, type FromWebviewMessage, type TimelineConfigUiState, type TimelineControl, type TimelineSnapshot, type TimelineUiState, type TimelineWebviewState, type ToWebviewMessage } from './messages';

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

/** The key of the config shown: its fleet size and alarm choice are its own. */
function currentKey(): string | undefined {
  const index = state.response?.currentIndex;
  return state.documentUri !== undefined && index !== undefined ? configKey(state.documentUri, index) : undefined;
}

function configUi(): TimelineConfigUiState {
  const key = currentKey();
  return (key !== undefined ? state.ui.configs?.[key] : undefined) ?? {};
}

function setConfigUi(change: Partial<TimelineConfigUiState>): void {
  const key = currentKey();
  if (key === undefined) return;
  const next: TimelineConfigUiState = { ...configUi(), ...change };
  for (const name of Object.keys(next) as (keyof TimelineConfigUiState)[]) if (next[name] === undefined) delete next[name];
  const configs = { ...(state.ui.configs ?? {}) };
  if (Object.keys(next).length > 0) configs[key] = next;
  else delete configs[key];
  setUi({ configs });
}

function selectedBake(): number | undefined {
  return configUi().rollbackBake;
}

/** Whether the timeline is in percent of the fleet (no fleet size known, percentage sizes only). */
function percentView(response: TimelineResponse | undefined): boolean {
  return response?.status === 'ok' && response.fleetSizeSource === 'percent';
}

/** An instance count as shown: a percent of the fleet in the percentage view. */
function countText(response: TimelineOkResponse, count: number): string {
  return percentView(response) ? `${count}%` : String(count);
}

function unitsOf(response: TimelineOkResponse): string {
  return response.timeline.unit === 'copy' ? 'copies' : 'instances';
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
  if (configUi().fleetSizeOverride === value && state.response?.status === 'ok' && state.response.fleetSizeSource === 'panel') return;
  setConfigUi({ fleetSizeOverride: value });
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
  setConfigUi({ rollbackBake: bake });
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
  setConfigUi({ fleetSizeOverride: undefined });
  sendUi(true);
});
provisioningInput.addEventListener('change', applyProvisioning);
provisioningInput.addEventListener('keydown', (event) => {
  if (event.key === 'Enter') applyProvisioning();
});
rollbackSelect.addEventListener('change', applyRollbackBake);

/** The chart as a standalone SVG file: the two charts stacked, with the theme's colours written in. */
function chartSvg(): string | undefined {
  const charts = Array.from(doc.querySelectorAll<SVGSVGElement>('#chart-container svg'));
  if (charts.length === 0) return undefined;
  const width = Math.max(...charts.map((c) => Number(c.getAttribute('width') ?? c.viewBox.baseVal.width) || 720));
  let y = 0;
  const parts: string[] = [];
  const serializer = new XMLSerializer();
  for (const chart of charts) {
    const height = Number(chart.getAttribute('height') ?? chart.viewBox.baseVal.height) || 200;
    const copy = chart.cloneNode(true) as SVGSVGElement;
    copy.setAttribute('y', String(y));
    copy.setAttribute('width', String(width));
    copy.setAttribute('height', String(height));
    // Computed colours: the file must look the same outside VS Code.
    const originals = chart.querySelectorAll('*');
    copy.querySelectorAll('*').forEach((element, i) => {
      const computed = getComputedStyle(originals[i]!);
      for (const property of ['fill', 'stroke', 'stroke-width', 'stroke-dasharray', 'opacity', 'font-size', 'font-family', 'font-weight']) {
        element.setAttribute(property, computed.getPropertyValue(property));
      }
    });
    parts.push(serializer.serializeToString(copy));
    y += height;
  }
  const background = getComputedStyle(doc.body).backgroundColor;
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${y}" viewBox="0 0 ${width} ${y}"><rect width="100%" height="100%" fill="${background}"/>${parts.join('')}</svg>\n`;
}

byId('copy-markdown').addEventListener('click', () => {
  const response = state.response;
  if (response?.status !== 'ok') return;
  const bake = drawnBake(response);
  const current = response.configs[response.currentIndex];
  post({
    type: 'copy-markdown',
    markdown: timelineMarkdown({
      title: current?.label ?? response.timeline.strategy,
      location: [state.documentName, current?.location].filter(Boolean).join(', '),
      timeline: response.timeline,
      totals: runTotals(response.timeline, bake) ?? runTotals(response.timeline)!,
      percent: percentView(response),
      alarmNames: response.alarmNames,
      ...(bake !== undefined ? { rollbackPhases: response.timeline.bakes.find((b) => b.bake === bake)?.rollback.phases ?? [] } : {}),
    }),
  });
});

byId('save-svg').addEventListener('click', () => {
  const svgText = chartSvg();
  if (!svgText) return;
  const base = (state.documentName ?? 'rollout').replace(/\.[^.]*$/, '');
  post({ type: 'save-svg', svg: svgText, suggestedName: `${base}-rollout-timeline.svg` });
});

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
    location.push(current.location);
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
  const typedHere = configUi().fleetSizeOverride;
  const effective =
    response?.status === 'ok' ? (percentView(response) ? undefined : response.fleetSize) : response?.status === 'needs-fleet-size' ? (typedHere ?? response.suggestedFleetSize) : undefined;
  // Never overwrite what the user is typing.
  if (doc.activeElement !== fleetInput) fleetInput.value = effective === undefined ? '' : String(effective);
  fleetInput.placeholder = percentView(response) ? 'unknown' : '';
  if (doc.activeElement !== provisioningInput) provisioningInput.value = state.ui.provisioningSeconds === undefined ? '' : String(state.ui.provisioningSeconds);
  const source =
    response?.status === 'ok'
      ? response.fleetSizeSource === 'panel'
        ? 'typed here, for this config'
        : response.fleetSizeSource === 'document'
          ? response.timeline.unit === 'copy'
            ? 'from CopyCount in this file'
            : 'from InitialInstanceCount in this file'
          : response.fleetSizeSource === 'setting'
            ? 'from the smGuardrails.defaultFleetSize setting'
            : 'unknown: the timeline is in percent of the fleet; enter a number for counts'
      : response?.status === 'needs-fleet-size'
        ? 'not in the file: enter the number and press Apply'
        : '';
  setText(byId('fleet-size-source'), source);
  setText(byId('fleet-size-label'), response?.status === 'ok' && response.timeline.unit === 'copy' ? 'Copy count' : response?.status === 'needs-fleet-size' && response.unit === 'copy' ? 'Copy count' : 'Fleet size (instances)');
  // Only offer to go back when there is something to go back to (the file's or the setting's size).
  const fallback = response?.status === 'ok' ? response.fallbackFleetSize : undefined;
  fleetReset.hidden = response?.status !== 'ok' || response.fleetSizeSource !== 'panel' || fallback === undefined;
  if (fallback) setText(fleetReset, `Use the ${fallback.source === 'document' ? "file's" : "setting's"} fleet size (${fallback.fleetSize})`);
  show('controls', response?.status === 'ok' || response?.status === 'needs-fleet-size');

  const options: Child[] = [html(doc, 'option', { value: '' }, ['no alarm (the rollout completes)'])];
  const rollbackAvailable = response?.status === 'ok' && response.rollbackUnavailable === undefined;
  if (response?.status === 'ok' && rollbackAvailable) {
    for (const bake of response.timeline.bakes) {
      options.push(html(doc, 'option', { value: String(bake.bake) }, [`bake ${bake.bake}: ${percent(bake.greenTrafficPercent)} on new, ends at ${formatDuration(bake.endSeconds)}`]));
    }
  }
  replaceChildren(doc, rollbackSelect, options);
  const bakes = response?.status === 'ok' && rollbackAvailable ? response.timeline.bakes.map((b) => b.bake) : [];
  const selected = selectedBake();
  const shown = selected !== undefined && bakes.includes(selected) ? selected : undefined;
  rollbackSelect.value = shown === undefined ? '' : String(shown);
  rollbackSelect.disabled = !rollbackAvailable;
}

/** The bake whose rollback is drawn: the config's choice, when this response has it. */
function drawnBake(response: TimelineOkResponse): number | undefined {
  const bake = selectedBake();
  if (bake === undefined || response.rollbackUnavailable !== undefined) return undefined;
  return response.timeline.bakes.some((b) => b.bake === bake) ? bake : undefined;
}

function renderTotals(response: TimelineOkResponse): void {
  const t = response.timeline;
  const bake = drawnBake(response);
  // One function for every number: the engine's runTotals, for the rollout or the run with the alarm.
  const totals = runTotals(t, bake) ?? runTotals(t)!;
  const alarm = totals.alarmBake !== undefined;
  setText(byId('totals-heading'), alarm ? `Totals with an alarm in bake ${totals.alarmBake} (rollback included)` : 'Totals');
  setText(byId('total-duration'), formatDuration(totals.totalSeconds));
  setText(byId('time-to-full'), totals.timeToFullTrafficSeconds === null ? 'never: the alarm comes first' : formatDuration(totals.timeToFullTrafficSeconds));
  setText(byId('terminated-at'), totals.oldFleetTerminatedAtSeconds === null ? 'never: it takes the traffic back' : formatDuration(totals.oldFleetTerminatedAtSeconds));
  setText(byId('total-wait'), formatDuration(totals.totalWaitSeconds));
  const timeout = byId('timeout-status');
  const timeoutSeconds = t.maximumExecutionTimeoutSeconds;
  if (timeoutSeconds === undefined) setText(timeout, t.family === 'hyperpod-cluster' ? 'none (HyperPod has no execution timeout)' : 'not set');
  else if (totals.fitsTimeout) setText(timeout, `${formatDuration(timeoutSeconds)}: fits (${formatDuration(totals.timeoutMarginSeconds ?? 0)} to spare)`);
  else setText(timeout, `${formatDuration(timeoutSeconds)}: too short, it must be larger than the ${alarm ? 'run' : 'rollout'} (${formatDuration(totals.totalSeconds)})`);
  timeout.classList.toggle('error-text', totals.fitsTimeout === false);
  const units = unitsOf(response);
  setText(byId('peak-label'), `Peak ${units}`);
  setText(byId('extra-label'), `Extra ${t.unit === 'copy' ? 'copy' : 'instance'}-hours`);
  if (percentView(response)) {
    setText(byId('peak-instances'), `${totals.peakInstances}% of the fleet`);
    setText(byId('extra-hours'), `${hours(totals.extraInstanceHours)} fleet-percent-hours (x fleet / 100 for ${t.unit === 'copy' ? 'copy' : 'instance'}-hours)`);
  } else {
    setText(byId('peak-instances'), `${totals.peakInstances} (fleet of ${t.fleetSize})${t.family === 'inference-component' ? `: the endpoint needs room for ${totals.peakInstances - t.fleetSize} extra copies` : ''}`);
    setText(byId('extra-hours'), hours(totals.extraInstanceHours));
  }
  setText(byId('provisioning-total'), t.provisioningSeconds === undefined ? 'not counted (0 s)' : `${formatDuration(t.provisioningSeconds)} per provisioning`);
}

function markerLine(marker: Marker, top: number, bottom: number): SVGGElement {
  // Labels sit in lanes above the plot (chart.ts assigns them), so they never cross a line.
  const labelY = top - 6 - LABEL_LANE_HEIGHT * marker.lane;
  const classes = ['marker', `marker-${marker.kind}`];
  if (marker.fits === false) classes.push('too-short');
  if (marker.offChart) classes.push('off-chart');
  return svg(doc, 'g', { class: classes.join(' '), 'data-marker': marker.kind, 'data-seconds': marker.seconds }, [
    svg(doc, 'title', {}, [marker.label + (marker.offChart ? ' (beyond the right edge)' : '')]),
    svg(doc, 'line', { x1: marker.x, x2: marker.x, y1: labelY + 3, y2: bottom }),
    svg(doc, 'text', { x: marker.labelX, y: labelY, 'text-anchor': marker.anchor }, [marker.offChart ? `${marker.label} →` : marker.label]),
  ]);
}

function axes(model: ChartModel, height: number, yTicks: readonly { at: number; label: string }[], top: number): SVGGElement {
  const bottom = height - MARGIN.bottom;
  const left = MARGIN.left;
  const right = model.width - MARGIN.right;
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
    svg(doc, 'line', { class: 'axis', x1: left, x2: left, y1: top, y2: bottom }),
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

/** The width the charts are drawn at: the panel's, so text keeps its size and nothing scrolls. */
function chartWidth(): number {
  const width = byId('chart-container').clientWidth;
  return width > 0 ? Math.min(width, 1100) : CHART_WIDTH;
}

let drawnWidth = 0;
// Redraw the charts (only) when the panel's width changes.
new ResizeObserver(() => {
  const width = chartWidth();
  if (Math.abs(width - drawnWidth) < 8 || state.response?.status !== 'ok') return;
  renderCharts(state.response);
}).observe(byId('chart-container'));

function renderCharts(response: TimelineOkResponse): ChartModel {
  drawnWidth = chartWidth();
  const t = response.timeline;
  const bake = drawnBake(response);
  const omitted = bake !== undefined && response.rollbackPhasesOmitted.includes(bake);
  const model = buildChartModel(t, omitted ? undefined : bake, chartWidth());
  const top = model.plotTop;
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
      width: model.width,
      height: model.height,
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
      svg(
        doc,
        'g',
        { class: 'stages', 'aria-hidden': 'true' },
        [
          ...model.stages.map((stage) =>
            svg(doc, 'g', { class: `stage stage-${stage.kind}` }, [
              svg(doc, 'rect', { x: stage.x, y: top, width: stage.width, height: bottom - top }),
              stage.width >= 70 ? svg(doc, 'text', { x: round1(stage.x + stage.width / 2), y: bottom - 6, 'text-anchor': 'middle' }, [stage.label]) : null,
            ]),
          ),
          model.omitted
            ? svg(doc, 'g', { class: 'stage stage-omitted' }, [
                svg(doc, 'rect', { x: model.omitted.x, y: top, width: model.omitted.width, height: bottom - top }),
                model.omitted.width >= 90 ? svg(doc, 'text', { x: round1(model.omitted.x + model.omitted.width / 2), y: round1((top + bottom) / 2), 'text-anchor': 'middle' }, [model.omitted.label]) : null,
              ])
            : null,
        ],
      ),
      axes(model, model.height, model.yTicks, top),
      svg(doc, 'path', { class: model.rollbackTrafficPath ? 'traffic superseded' : 'traffic', 'data-series': 'traffic', d: model.trafficPath }),
      model.activeTrafficPath ? svg(doc, 'path', { class: 'traffic', 'data-series': 'traffic-until-alarm', d: model.activeTrafficPath }) : null,
      model.rollbackTrafficPath ? svg(doc, 'path', { class: 'rollback', 'data-series': 'rollback-traffic', d: model.rollbackTrafficPath }) : null,
      svg(doc, 'g', { class: 'markers' }, model.markers.map((m) => markerLine(m, top, bottom))),
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
      width: model.width,
      height: inst.height,
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
      axes(model, inst.height, inst.yTicks, MARGIN.top - 8),
      svg(doc, 'path', { class: 'fleet-area old', 'data-series': 'old-instances-area', d: inst.oldArea }),
      svg(doc, 'path', { class: 'fleet-area new', 'data-series': 'new-instances-area', d: inst.newArea }),
      svg(doc, 'path', { class: 'fleet old', 'data-series': 'old-instances', d: inst.oldPath }),
      svg(doc, 'path', { class: 'fleet total', 'data-series': 'total-instances', d: inst.totalPath }),
      svg(doc, 'path', { class: 'fleet serving', 'data-series': 'serving-instances', d: inst.servingPath }),
      svg(doc, 'g', { class: 'markers' }, model.markers.filter((m) => m.kind === 'alarm' || m.kind === 'terminated').map((m) => svg(doc, 'line', { class: `marker-line marker-${m.kind}`, x1: m.x, x2: m.x, y1: MARGIN.top - 8, y2: iBottom }))),
    ],
  );
  const unit = t.unit === 'copy' ? 'copies' : 'instances';
  replaceChildren(doc, byId('chart-container'), [
    html(doc, 'p', { class: 'chart-caption' }, ['Traffic on the new fleet (%)']),
    traffic,
    html(doc, 'p', { class: 'chart-caption' }, [percentView(response) ? 'Old and new fleet, in percent of the fleet (stacked)' : `Old and new ${unit} (stacked; the line is new ${unit} serving)`]),
    instances,
  ]);

  const legend: Child[] = [
    legendItem('swatch-traffic', 'traffic on the new fleet'),
    legendItem('swatch-bake', 'baking period'),
    legendItem('swatch-old', 'old fleet instances'),
    legendItem('swatch-new', 'new fleet instances (stacked)'),
    legendItem('swatch-serving', 'instances taking traffic (dashed)'),
    model.rollbackBake === undefined ? legendItem('swatch-terminated', 'old fleet terminated') : null,
    t.maximumExecutionTimeoutSeconds !== undefined ? legendItem(t.fitsTimeout ? 'swatch-timeout' : 'swatch-timeout too-short', 'execution timeout') : null,
    model.rollbackBake !== undefined ? legendItem('swatch-rollback', 'rollback after the alarm') : null,
  ];
  replaceChildren(doc, byId('chart-legend'), legend);
  return model;
}

function bakeClass(band: BakeBand): string {
  const tripped = selectedBake() === band.bake;
  return ['bake', band.instant ? 'instant' : '', band.afterAlarm ? 'after-alarm' : '', tripped ? 'tripped' : ''].filter(Boolean).join(' ');
}

function round1(value: number): number {
  return Math.round(value * 10) / 10;
}

function legendItem(swatch: string, label: string): HTMLLIElement {
  return html(doc, 'li', {}, [html(doc, 'span', { class: `swatch ${swatch}`, 'aria-hidden': 'true' }), label]);
}

function phaseRow(response: TimelineOkResponse, phase: TimelinePhase, previous: TimelinePhase | undefined, rollback: boolean): HTMLTableRowElement {
  const count = (n: number): string => countText(response, n);
  return html(doc, 'tr', { 'data-phase-kind': phase.kind, 'data-step': phase.step, class: phase.kind === 'bake' ? 'bake-row' : undefined, 'data-rollback': rollback || undefined }, [
    // Rollback rows: the batch of the rollback (their step is the bake's, the same on every row).
    html(doc, 'td', { class: 'num', 'data-label': rollback ? 'Batch' : 'Step' }, [String(rollback ? (phase.rollbackBatch ?? 1) : phase.step)]),
    html(doc, 'th', { scope: 'row', 'data-label': 'Phase' }, [PHASE_NAMES[phase.kind]]),
    html(doc, 'td', { class: 'num', 'data-label': 'Start' }, [formatDuration(phase.startSeconds)]),
    html(doc, 'td', { class: 'num', 'data-label': 'End' }, [formatDuration(phase.endSeconds)]),
    html(doc, 'td', { class: 'num', 'data-label': 'Duration' }, [formatDuration(phase.endSeconds - phase.startSeconds)]),
    html(doc, 'td', { class: 'num', 'data-label': 'Traffic on new' }, [percent(phase.greenTrafficPercent)]),
    html(doc, 'td', { class: 'num', 'data-label': 'Old' }, [count(phase.blueInstances)]),
    html(doc, 'td', { class: 'num', 'data-label': 'New' }, [count(phase.greenInstances)]),
    html(doc, 'td', { class: 'sentence', 'data-label': 'What happens' }, [phaseSentence(response.timeline, phase, previous, { percent: percentView(response), rollback })]),
  ]);
}

function phaseRows(response: TimelineOkResponse, phases: readonly TimelinePhase[], rollback: boolean, before?: TimelinePhase): Child[] {
  const omitted = rollback ? undefined : response.timeline.omittedSteps;
  const rows: Child[] = [];
  phases.slice(0, MAX_TABLE_ROWS).forEach((phase, i) => {
    const previous = i === 0 ? before : phases[i - 1];
    if (omitted && phase.step === omitted.last + 1 && previous?.step !== phase.step) {
      rows.push(html(doc, 'tr', { class: 'more' }, [html(doc, 'td', { colspan: 9 }, [`Steps ${omitted.first} to ${omitted.last} (${formatDuration(omitted.startSeconds)} to ${formatDuration(omitted.endSeconds)}) repeat the step above and are not listed; the totals count them.`])]));
    }
    rows.push(phaseRow(response, phase, previous, rollback));
  });
  if (phases.length > MAX_TABLE_ROWS) {
    rows.push(html(doc, 'tr', { class: 'more' }, [html(doc, 'td', { colspan: 9 }, [`… and ${phases.length - MAX_TABLE_ROWS} more phases`])]));
  }
  return rows;
}

function renderRollback(response: TimelineOkResponse): void {
  const t = response.timeline;
  const bake = drawnBake(response);
  const rollback = bake !== undefined ? t.bakes.find((b) => b.bake === bake)?.rollback : undefined;
  const summary = byId('rollback-summary');
  const notes: string[] = [];
  const units = unitsOf(response);
  const one = units === 'copies' ? 'copy' : 'instance';
  if (response.rollbackUnavailable) {
    setText(summary, response.rollbackUnavailable);
    summary.classList.add('warning');
    replaceChildren(doc, byId('rollback-rows'), []);
    show('rollback-table', false);
    return;
  }
  summary.classList.remove('warning');
  if (!t.autoRollbackEnabled) notes.push('This config has no CloudWatch alarms, so no rollback can trigger; the paths show what would happen with one.');
  if (!rollback) {
    notes.unshift('Choose a baking period under "Alarm trips in" to draw what happens when an alarm trips at its end.');
    setText(summary, notes.join(' '));
    replaceChildren(doc, byId('rollback-rows'), []);
    show('rollback-table', false);
    return;
  }
  const count = (n: number): string => (percentView(response) ? `${n}% of the fleet` : `${n} ${n === 1 ? one : units}`);
  const how =
    rollback.mode === 'all-at-once'
      ? 'all traffic goes back to the old fleet at once'
      : `traffic goes back in ${rollback.batchCount} batch${rollback.batchCount === 1 ? '' : 'es'} of up to ${count(rollback.batchInstances)}`;
  const reprovisioned = rollback.reprovisionedInstances ? `, ${count(rollback.reprovisionedInstances)} of the old version ${rollback.reprovisionedInstances === 1 && !percentView(response) ? 'is' : 'are'} provisioned again` : '';
  const takes =
    rollback.durationSeconds === 0 && rollback.reprovisionedInstances > 0 && t.provisioningSeconds === undefined
      ? 'the rollback takes 0 s because provisioning is not counted (enter an estimate above)'
      : `the rollback takes ${formatDuration(rollback.durationSeconds)}`;
  notes.unshift(
    `An alarm at the end of bake ${rollback.bake} (${formatDuration(rollback.tripAtSeconds)}, ${percent(rollback.greenTrafficPercentAtTrip)} on the new fleet): ${how}${reprovisioned}; ${takes}, and peaks at ${count(rollback.peakInstances)}.`,
  );
  if (rollback.omittedBatches) notes.push(`Rollback batches ${rollback.omittedBatches.first} to ${rollback.omittedBatches.last} are not listed; the totals count them.`);
  setText(summary, notes.join(' '));
  const omitted = response.rollbackPhasesOmitted.includes(rollback.bake);
  const bakePhase = t.phases.find((p) => p.kind === 'bake' && p.step === rollback.step);
  replaceChildren(doc, byId('rollback-rows'), omitted ? [] : phaseRows(response, rollback.phases, true, bakePhase));
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
      html(doc, 'td', { class: 'num', 'data-column': 'peak' }, [countText(response, row.peakInstances)]),
      html(doc, 'td', { class: 'num', 'data-column': 'extra-hours' }, [hours(row.extraInstanceHours)]),
      html(doc, 'td', { class: 'num', 'data-column': 'exposed' }, [percent(row.trafficExposedBeforeFirstBakeEndsPercent)]),
      html(doc, 'td', { 'data-column': 'fits', class: row.fitsTimeout === false ? 'error-text' : undefined }, [row.fitsTimeout === undefined ? 'no timeout' : row.fitsTimeout ? 'yes' : 'no']),
    ]),
  );
  replaceChildren(doc, byId('comparison-rows'), rows);
  // Inference components and HyperPod clusters have rolling updates only: nothing to compare.
  byId('comparison-section').hidden = response.comparison.length === 0;
  setText(byId('comparison-caption'), `The four strategies for the same fleet${percentView(response) ? ' (in percent of it)' : ` of ${response.fleetSize} instances`}, bake length, termination wait, timeout and alarms.`);
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
            'aria-label': `Go to ${config.location}: ${config.label}`,
          },
          [`${config.location[0]!.toUpperCase()}${config.location.slice(1)}: ${config.label}`],
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
    replaceChildren(doc, byId('phase-rows'), phaseRows(ok, ok.timeline.phases, false));
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

/** Table cells as text, without the sentence column (phaseSentences has those). */
function tableCells(rowSelector: string): string[][] {
  return Array.from(doc.querySelectorAll(rowSelector)).map((row) =>
    Array.from(row.children)
      .filter((cell) => !cell.classList.contains('sentence'))
      .map((cell) => cell.textContent ?? ''),
  );
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
    totalsHeading: byId('totals-heading').textContent ?? '',
    totals: Array.from(doc.querySelectorAll('#totals > div')).map((row) => `${row.querySelector('dt')?.textContent ?? ''}: ${row.querySelector('dd')?.textContent ?? ''}`),
    rollbackNote: byId('rollback-summary').textContent ?? '',
    fleetSize: fleetInput.value,
    fleetSizeSource: byId('fleet-size-source').textContent ?? '',
    fleetSizeReset: fleetReset.hidden ? null : (fleetReset.textContent ?? ''),
    phaseKinds: texts('#phase-rows tr[data-phase-kind]', 'data-phase-kind'),
    phaseTable: tableCells('#phase-rows tr[data-phase-kind]'),
    phaseSentences: texts('#phase-rows td.sentence'),
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
  if (control === 'copy-markdown' || control === 'save-svg') {
    byId(control).click();
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
