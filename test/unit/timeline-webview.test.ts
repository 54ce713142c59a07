// The timeline webview's pure parts: the page skeleton and its CSP, the DOM builders that keep
// document strings as text, and the chart geometry.
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildChartModel, countTicks, stepPath, timeTicks } from '../../client/src/webview/chart';
import { html, replaceChildren, setAttributes, svg, SVG_NS, type DocumentLike } from '../../client/src/webview/dom';
import { contentSecurityPolicy, makeNonce, timelineHtml } from '../../client/src/webview/html';
import type { CapacitySize, RolloutConfig, Strategy } from '../../server/src/core/model';
import { expandRollout } from '../../server/src/core/timeline/engine';

const REPO = join(__dirname, '../../..');

// A document that records what is built and refuses innerHTML, so a test fails if anything would parse markup.
class FakeNode {
  childNodes: FakeNode[] = [];
  parentNode: FakeNode | null = null;
  get firstChild(): FakeNode | null {
    return this.childNodes[0] ?? null;
  }
  appendChild(child: FakeNode): FakeNode {
    child.parentNode = this;
    this.childNodes.push(child);
    return child;
  }
  removeChild(child: FakeNode): FakeNode {
    this.childNodes = this.childNodes.filter((c) => c !== child);
    child.parentNode = null;
    return child;
  }
  get textContent(): string {
    return this.childNodes.map((c) => c.textContent).join('');
  }
}
class FakeText extends FakeNode {
  constructor(readonly data: string) {
    super();
  }
  override get textContent(): string {
    return this.data;
  }
}
class FakeElement extends FakeNode {
  readonly attributes = new Map<string, string>();
  constructor(
    readonly tagName: string,
    readonly namespaceURI: string | null,
  ) {
    super();
  }
  setAttribute(name: string, value: string): void {
    this.attributes.set(name, value);
  }
  removeAttribute(name: string): void {
    this.attributes.delete(name);
  }
  set innerHTML(_: string) {
    throw new Error('innerHTML must not be used');
  }
}
const created: FakeElement[] = [];
const fakeDocument = {
  createElement: (tag: string) => {
    const element = new FakeElement(tag, null);
    created.push(element);
    return element;
  },
  createElementNS: (ns: string, tag: string) => {
    const element = new FakeElement(tag, ns);
    created.push(element);
    return element;
  },
  createTextNode: (data: string) => new FakeText(data),
} as unknown as DocumentLike;

const percent = (value: number): CapacitySize => ({ type: 'CAPACITY_PERCENT', value });
function rollout(strategy: Strategy, fields: Partial<RolloutConfig> = {}): RolloutConfig {
  return { family: 'endpoint', unit: 'instance', strategy, waitIntervalSeconds: 600, terminationWaitSeconds: 0, alarmNames: ['a'], ...fields };
}
const guideCanary = rollout('CANARY', { stepSize: percent(30), terminationWaitSeconds: 600, maximumExecutionTimeoutSeconds: 1800 });

describe('timeline webview', () => {
  describe('DOM builders', () => {
    beforeEach(() => {
      created.length = 0;
    });

    it('keeps an alarm name holding HTML as one text node: no element is created from it', () => {
      const alarm = '<img src=x onerror=alert(1)>';
      const item = html(fakeDocument, 'li', { class: 'alarm-name' }, [alarm]) as unknown as FakeElement;
      assert.deepEqual(
        created.map((e) => e.tagName),
        ['li'],
      );
      assert.equal(item.childNodes.length, 1);
      assert.ok(item.childNodes[0] instanceof FakeText);
      assert.equal((item.childNodes[0] as FakeText).data, alarm);
      assert.equal(item.textContent, alarm);
    });

    it('puts attribute values in with setAttribute, verbatim, and refuses inline handlers and styles', () => {
      const element = html(fakeDocument, 'button', { 'aria-label': '"><script>x</script>', hidden: true, disabled: false, 'data-n': 3 }) as unknown as FakeElement;
      assert.deepEqual([...element.attributes], [
        ['aria-label', '"><script>x</script>'],
        ['hidden', ''],
        ['data-n', '3'],
      ]);
      assert.throws(() => html(fakeDocument, 'div', { onclick: 'alert(1)' }), /inline handlers and styles are not allowed/);
      assert.throws(() => setAttributes(element as unknown as Element, { OnMouseOver: 'x' }), /not allowed/);
      assert.throws(() => svg(fakeDocument, 'rect', { style: 'fill:red' }), /not allowed/);
    });

    it('builds SVG in the SVG namespace and replaces children', () => {
      const group = svg(fakeDocument, 'g', {}, [svg(fakeDocument, 'title', {}, ['a <b> title']), null, false, 'x']) as unknown as FakeElement;
      assert.equal(group.namespaceURI, SVG_NS);
      assert.equal((group.childNodes[0] as FakeElement).namespaceURI, SVG_NS);
      assert.equal(group.textContent, 'a <b> titlex');
      replaceChildren(fakeDocument, group as unknown as Element, ['only']);
      assert.equal(group.textContent, 'only');
      assert.equal(group.childNodes.length, 1);
    });
  });

  describe('page skeleton', () => {
    const page = timelineHtml({ cspSource: 'https://res.example', nonce: 'bm9uY2U=', scriptUri: 'https://res.example/t.js', styleUri: 'https://res.example/t.css' });

    it('has the strict CSP with the nonce, and the script only by nonce', () => {
      assert.equal(contentSecurityPolicy('https://res.example', 'bm9uY2U='), "default-src 'none'; style-src https://res.example; script-src 'nonce-bm9uY2U='; img-src https://res.example data:;");
      assert.ok(page.includes(`<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src https://res.example; script-src 'nonce-bm9uY2U='; img-src https://res.example data:;">`));
      assert.ok(page.includes('<script nonce="bm9uY2U=" src="https://res.example/t.js"></script>'));
      assert.equal((page.match(/<script/g) ?? []).length, 1);
    });

    it('has no inline handlers, inline styles or style elements', () => {
      assert.doesNotMatch(page, /\son[a-z]+=/i);
      assert.doesNotMatch(page, /\sstyle=/i);
      assert.doesNotMatch(page, /<style/i);
    });

    it('has every element the webview script looks up by id', () => {
      const script = readFileSync(join(REPO, 'client/src/webview/timeline.ts'), 'utf8');
      const ids = [...script.matchAll(/byId(?:<[^>]+>)?\('([a-z-]+)'\)/g)].map((m) => m[1]!);
      assert.ok(ids.length > 20, `found ${ids.length} ids`);
      for (const id of new Set(ids)) assert.ok(page.includes(` id="${id}"`), `#${id} is missing from the skeleton`);
    });

    it('makes a fresh 128-bit nonce each time', () => {
      let counter = 0;
      const bytes = (size: number): Uint8Array => Uint8Array.from({ length: size }, () => counter++);
      const first = makeNonce(bytes);
      const second = makeNonce(bytes);
      assert.notEqual(first, second);
      assert.equal(Buffer.from(first, 'base64').length, 16);
    });
  });

  describe('chart geometry', () => {
    it('draws the guide canary as a step line: 30% during bake 1, 100% from 10 min, to the 30 min end and a tail showing the end state', () => {
      const model = buildChartModel(expandRollout(guideCanary, 10));
      // 30 min plus an 8% tail (1944 s): x = 52 + 648 * t / 1944 = 52 + t / 3; y = 196 - 174 * percent / 100.
      assert.equal(model.domainSeconds, 1944);
      // Two lanes of marker labels above the plot push it down by one lane (14).
      assert.equal(model.trafficPath, 'M52 210 V157.8 H252 V36 H700');
      assert.deepEqual(
        model.bakes.map((b) => [b.bake, b.x, b.width, b.instant]),
        [
          [1, 52, 200, false],
          [2, 252, 200, false],
        ],
      );
      assert.deepEqual(
        model.markers.map((m) => [m.kind, m.x, m.label, m.fits]),
        [
          ['full-traffic', 252, '100% at 10 min', undefined],
          ['terminated', 652, 'old fleet terminated at 30 min', undefined],
          ['timeout', 652, 'timeout 30 min (too short)', false],
        ],
      );
      assert.deepEqual(
        model.xTicks.map((t) => t.label),
        ['0 s', '5 min', '10 min', '15 min', '20 min', '25 min', '30 min'],
      );
      assert.equal(model.yTicks[0]!.at, 210);
      assert.equal(model.yTicks[4]!.at, model.plotTop);
      // Instances: old fleet 10 until terminated at 30 min, new fleet 10 from the start; peak 20.
      assert.equal(model.instances.maxInstances, 20);
      // y: 116 - 102 * count / 20. The old fleet below, the new one stacked on it: the top is every billed instance.
      // The tail after 30 min shows the end state: no old instances, the new fleet of 10.
      assert.equal(model.instances.oldPath, 'M52 65 H652 V116 H700');
      assert.equal(model.instances.totalPath, 'M52 65 V14 H652 V65 H700');
      assert.equal(model.instances.oldArea, 'M52 65 H652 V116 H700 L700 116 L52 116 Z');
      assert.equal(model.instances.newArea, 'M52 65 V14 H652 V65 H700 L700 116 L652 116 L652 65 L52 65 Z');
      assert.deepEqual(
        model.instances.yTicks.map((t) => t.label),
        ['0', '5', '10', '15', '20'],
      );
    });

    it('draws the rollback of bake 1: the rollout line up to the alarm, then back to 0% at once', () => {
      const model = buildChartModel(expandRollout(guideCanary, 10), 1);
      assert.equal(model.rollbackBake, 1);
      // The same time axis as without the rollback (x = 52 + t / 3), so the two can be compared.
      assert.equal(model.domainSeconds, 1944);
      assert.equal(model.activeTrafficPath, 'M52 196 V143.8 H252');
      assert.equal(model.rollbackTrafficPath, 'M252 143.8 V196 H700');
      // The alarm ends bake 1 before the shift to 100%: no full-traffic marker, no termination of the old fleet.
      assert.deepEqual(
        model.markers.map((m) => m.kind),
        ['timeout', 'alarm'],
      );
      assert.deepEqual(
        buildChartModel(expandRollout(guideCanary, 10), 2).markers.map((m) => m.kind),
        ['full-traffic', 'timeout', 'alarm'],
      );
      assert.equal(model.markers[1]!.label, 'alarm in bake 1 at 10 min');
      // The new fleet is terminated at the alarm; the old one stays; bake 2 never runs.
      assert.equal(model.instances.oldPath, 'M52 65 H700');
      assert.equal(model.instances.totalPath, 'M52 65 V14 H252 V65 H700');
      assert.deepEqual(
        model.bakes.map((b) => b.afterAlarm),
        [false, true],
      );
    });

    it('marks a timeout far beyond the rollout at the right edge instead of squeezing the rollout', () => {
      const model = buildChartModel(expandRollout({ ...guideCanary, maximumExecutionTimeoutSeconds: 28800 }, 10));
      assert.equal(model.domainSeconds, 1944);
      const timeout = model.markers.find((m) => m.kind === 'timeout')!;
      assert.equal(timeout.offChart, true);
      assert.equal(timeout.x, 700);
      assert.equal(timeout.fits, true);
    });

    it('shows a rollout whose phases all take 0 s as states, with thin bake bands', () => {
      const model = buildChartModel(expandRollout(rollout('ALL_AT_ONCE', { waitIntervalSeconds: 0 }), 4));
      assert.equal(model.instant, true);
      assert.deepEqual(model.xTicks.map((t) => t.label), ['0 s']);
      assert.equal(model.trafficPath, 'M52 210 V36 H700');
      assert.deepEqual(model.bakes.map((b) => [b.width, b.instant]), [[2, true]]);
    });

    it('picks round tick steps and integer instance ticks', () => {
      assert.deepEqual(timeTicks(1800), [0, 300, 600, 900, 1200, 1500, 1800]);
      assert.deepEqual(timeTicks(100), [0, 30, 60, 90]);
      assert.deepEqual(timeTicks(0), [0]);
      assert.deepEqual(countTicks(8), [0, 2, 4, 6, 8]);
      assert.deepEqual(countTicks(3), [0, 1, 2, 3]);
      // 12 would print on top of 13: the maximum replaces it.
      assert.deepEqual(countTicks(13), [0, 4, 8, 13]);
      assert.equal(stepPath([], () => 0, (t) => t, (v) => v, 5, 0, 10), 'M0 5 H10');
    });
  });
});
