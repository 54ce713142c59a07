// The timeline webview's page: a static skeleton with stable ids that timeline.ts fills in. Pure
// (no vscode import) so it can be rendered outside VS Code. Nothing from the document is put in
// here: only the nonce and the webview's own resource URIs.

export interface TimelineHtmlOptions {
  /** webview.cspSource */
  cspSource: string;
  /** Fresh for every page. */
  nonce: string;
  /** webview.asWebviewUri of dist/webview/timeline.js */
  scriptUri: string;
  /** webview.asWebviewUri of client/media/timeline.css */
  styleUri: string;
}

/** A nonce for script-src: 128 random bits, base64. */
export function makeNonce(randomBytes: (size: number) => Uint8Array): string {
  let binary = '';
  for (const byte of randomBytes(16)) binary += String.fromCharCode(byte);
  return btoa(binary);
}

function attribute(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

export function contentSecurityPolicy(cspSource: string, nonce: string): string {
  return `default-src 'none'; style-src ${cspSource}; script-src 'nonce-${nonce}'; img-src ${cspSource} data:;`;
}

export function timelineHtml(options: TimelineHtmlOptions): string {
  const csp = attribute(contentSecurityPolicy(options.cspSource, options.nonce));
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${attribute(options.styleUri)}">
<title>Rollout timeline</title>
</head>
<body>
<main id="timeline-root" data-testid="timeline-root" data-status="loading" aria-busy="true">
  <header class="header">
    <h1 id="config-label" data-testid="config-label">Rollout timeline</h1>
    <p id="config-location" class="muted" data-testid="config-location"></p>
    <p id="status-message" data-testid="status-message" role="status" aria-live="polite"></p>
  </header>

  <section id="controls" class="controls" aria-label="Timeline settings" hidden>
    <div class="control">
      <label id="fleet-size-label" for="fleet-size">Fleet size (instances)</label>
      <input id="fleet-size" data-testid="fleet-size" type="number" min="1" max="1000000" step="1" inputmode="numeric" aria-describedby="fleet-size-source fleet-size-error">
      <button id="fleet-size-apply" data-testid="fleet-size-apply" type="button">Apply</button>
      <button id="fleet-size-reset" data-testid="fleet-size-reset" type="button" class="secondary" hidden>Use the file's fleet size</button>
      <span id="fleet-size-source" class="muted" data-testid="fleet-size-source"></span>
      <span id="fleet-size-error" class="error-text" role="alert"></span>
    </div>
    <div class="control">
      <label for="provisioning">Provisioning estimate (seconds)</label>
      <input id="provisioning" data-testid="provisioning" type="number" min="0" step="1" placeholder="not counted" aria-describedby="provisioning-help">
      <span id="provisioning-help" class="muted">per new fleet (blue/green) or per batch (rolling)</span>
    </div>
    <div class="control">
      <label for="rollback-bake">Alarm trips in</label>
      <select id="rollback-bake" data-testid="rollback-bake"></select>
    </div>
  </section>

  <div id="results" hidden>
    <div class="export" role="group" aria-label="Export">
      <button id="copy-markdown" data-testid="copy-markdown" type="button" class="secondary">Copy as Markdown</button>
      <button id="save-svg" data-testid="save-svg" type="button" class="secondary">Save chart as SVG</button>
    </div>
    <section aria-labelledby="totals-heading">
      <h2 id="totals-heading">Totals</h2>
      <dl id="totals" class="totals" data-testid="totals">
        <div><dt>Total duration</dt><dd id="total-duration" data-testid="total-duration"></dd></div>
        <div><dt>100% on the new fleet at</dt><dd id="time-to-full"></dd></div>
        <div><dt>Old fleet terminated at</dt><dd id="terminated-at"></dd></div>
        <div><dt>Total waiting</dt><dd id="total-wait"></dd></div>
        <div><dt>Execution timeout</dt><dd id="timeout-status" data-testid="timeout-status"></dd></div>
        <div><dt id="peak-label">Peak instances</dt><dd id="peak-instances" data-testid="peak-instances"></dd></div>
        <div><dt id="extra-label">Extra instance-hours</dt><dd id="extra-hours" data-testid="extra-hours"></dd></div>
        <div><dt>Provisioning</dt><dd id="provisioning-total"></dd></div>
      </dl>
    </section>

    <section aria-labelledby="chart-heading">
      <h2 id="chart-heading">Traffic and instances over time</h2>
      <div class="chart-scroll" tabindex="0" role="region" aria-label="Charts (scroll sideways when narrow)"><div id="chart-container" class="chart-container"></div></div>
      <ul id="chart-legend" class="legend" aria-label="Chart legend"></ul>
    </section>

    <section aria-labelledby="rollback-heading">
      <h2 id="rollback-heading">Rollback</h2>
      <p id="rollback-summary" data-testid="rollback-summary"></p>
      <div class="table-scroll" tabindex="0" role="region" aria-label="Rollback phases (scrolls sideways when narrow)"><table id="rollback-table" data-testid="rollback-phases" hidden>
        <caption>Rollback phases (times from the start of the rollout)</caption>
        <thead><tr><th scope="col" class="num">Batch</th><th scope="col">Phase</th><th scope="col" class="num">Start</th><th scope="col" class="num">End</th><th scope="col" class="num">Duration</th><th scope="col" class="num">Traffic on new</th><th scope="col" class="num">Old</th><th scope="col" class="num">New</th><th scope="col">What happens</th></tr></thead>
        <tbody id="rollback-rows"></tbody>
      </table></div>
    </section>

    <section aria-labelledby="phases-heading">
      <h2 id="phases-heading">Phases</h2>
      <div class="table-scroll" tabindex="0" role="region" aria-label="Phases (scrolls sideways when narrow)"><table id="phase-table" data-testid="phase-table">
        <caption>Every phase of the rollout: the chart's data as text</caption>
        <thead><tr><th scope="col" class="num">Step</th><th scope="col">Phase</th><th scope="col" class="num">Start</th><th scope="col" class="num">End</th><th scope="col" class="num">Duration</th><th scope="col" class="num">Traffic on new</th><th scope="col" class="num">Old</th><th scope="col" class="num">New</th><th scope="col">What happens</th></tr></thead>
        <tbody id="phase-rows"></tbody>
      </table></div>
    </section>

    <section id="comparison-section" aria-labelledby="comparison-heading">
      <h2 id="comparison-heading">Compare strategies</h2>
      <div class="table-scroll" tabindex="0" role="region" aria-label="Strategy comparison (scrolls sideways when narrow)"><table id="strategy-comparison" data-testid="strategy-comparison">
        <caption id="comparison-caption"></caption>
        <thead><tr><th scope="col">Strategy</th><th scope="col" class="num">Duration</th><th scope="col" class="num">100% at</th><th scope="col" class="num">Peak instances</th><th scope="col" class="num">Extra instance-hours</th><th scope="col" class="num" title="Share of traffic on the new version before the first baking period has passed">Exposed before bake 1 ends</th><th scope="col">Fits timeout</th></tr></thead>
        <tbody id="comparison-rows"></tbody>
      </table></div>
    </section>
  </div>

  <section id="alarms-section" aria-labelledby="alarms-heading" hidden>
    <h2 id="alarms-heading">Rollback alarms</h2>
    <ul id="alarm-names" data-testid="alarm-names" class="alarm-names"></ul>
    <p id="alarm-note" class="muted"></p>
  </section>

  <section id="configs-section" aria-labelledby="configs-heading" hidden>
    <h2 id="configs-heading">Configs in this file</h2>
    <ul id="config-list" data-testid="config-list" class="config-list"></ul>
  </section>

  <section id="assumptions-section" aria-labelledby="assumptions-heading" hidden>
    <h2 id="assumptions-heading">Assumptions</h2>
    <ol id="assumptions" data-testid="assumptions" class="assumptions"></ol>
  </section>
</main>
<script nonce="${attribute(options.nonce)}" src="${attribute(options.scriptUri)}"></script>
</body>
</html>
`;
}
