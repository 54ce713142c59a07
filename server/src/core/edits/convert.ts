// Converting a config between ALL_AT_ONCE, CANARY, LINEAR (blue/green) and ROLLING, as edits in
// its host: keys renamed, entries moved, replaced and removed where they are written, so the
// host's syntax and style stay (quotes, indentation, one line or several, shell quoting) and
// everything not converted (AutoRollbackConfiguration, names, f-strings) stays as written.
//
// Mapping:
// - the baking period (WaitIntervalInSeconds) and MaximumExecutionTimeoutInSeconds carry over;
// - the step size (CanarySize, LinearStepSize, MaximumBatchSize) carries over, clamped to the
//   target's limits (canary 1-50%, linear 10-50%, rolling 5-50%; INSTANCE_COUNT kept while valid
//   for the known fleet); a mode without one gets a default (canary 10%, linear 20%, rolling 20%);
// - TerminationWaitInSeconds (blue/green only) is dropped going to rolling; RollbackMaximumBatchSize
//   (rolling only) is dropped leaving it; a size is dropped going to ALL_AT_ONCE. Drops are named
//   in the title;
// - a timeout too short for the new rollout is raised like the timeout-too-short fix.
import type { CapacitySize, ConfigBlock, ObjectNode, PropertyNode, RolloutConfig, Strategy, ValueNode } from '../model';
import { schemaAtPath } from '../schema';
import { totalWaitSeconds } from '../timeline/steps';
import { timelineView } from '../timeline/view';
import { humanDuration } from '../services/summary';
import { integerValue, propertyOf, stringValue, valueOf } from '../tree';
import { ConfigEditor, type Entry } from './editor';
import { DEFAULT_WAIT_SECONDS, defaultSize, insertionPoint, raisedTimeout } from './fixes';
import { endOfSpan, type PlainObject, type PlainValue } from './printer';
import type { TextEdit } from './text-edit';

export const STRATEGIES: readonly Strategy[] = ['ALL_AT_ONCE', 'CANARY', 'LINEAR', 'ROLLING'];

export const STRATEGY_LABELS: Readonly<Record<Strategy, string>> = {
  ALL_AT_ONCE: 'all at once',
  CANARY: 'canary',
  LINEAR: 'linear',
  ROLLING: 'rolling',
};

export interface Conversion {
  target: Strategy;
  /** "Convert to rolling (drops TerminationWaitInSeconds)". */
  title: string;
  edits: TextEdit[];
  /** Keys removed because the target has no equivalent. */
  dropped: string[];
  /** What else changed: sizes clamped, timeout raised, defaults added. */
  notes: string[];
}

export interface ConvertOptions {
  /** Fleet size when the document has none (the defaultFleetSize setting). */
  fleetSize?: number;
}

/** The mode a config has now: 'NONE' for no policy (SageMaker's default), undefined when it cannot be told. */
export function currentStrategy(block: ConfigBlock): Strategy | 'NONE' | undefined {
  const root = block.root;
  if (root.kind !== 'object') return undefined;
  const blueGreen = propertyOf(root, 'BlueGreenUpdatePolicy');
  const rolling = propertyOf(root, 'RollingUpdatePolicy');
  if (blueGreen && rolling) return undefined;
  if (rolling) return 'ROLLING';
  if (!blueGreen) return 'NONE';
  const type = stringValue(valueOf(valueOf(blueGreen.value, 'TrafficRoutingConfiguration'), 'Type'));
  return type === 'ALL_AT_ONCE' || type === 'CANARY' || type === 'LINEAR' ? type : undefined;
}

/** Why a config cannot be converted to a mode, or undefined when it can. */
export function whyNotConvertible(block: ConfigBlock, target: Strategy): string | undefined {
  if (block.fileReference) return `the config is in file://${block.fileReference.path}; convert that file`;
  if (block.incomplete) return 'the config does not parse yet (an open bracket or string)';
  // Inference components and HyperPod clusters have rolling updates only: nothing to convert to.
  if (block.family === 'inference-component' || block.family === 'hyperpod-cluster') return `an ${block.family === 'inference-component' ? 'inference component' : 'HyperPod cluster'} takes only a rolling update`;
  const root = block.root;
  if (root.kind !== 'object') return 'the config is not a literal object';
  const blueGreen = propertyOf(root, 'BlueGreenUpdatePolicy');
  const rolling = propertyOf(root, 'RollingUpdatePolicy');
  if (blueGreen && rolling) return 'the config has both BlueGreenUpdatePolicy and RollingUpdatePolicy';
  const policy = blueGreen ?? rolling;
  if (policy && policy.value?.kind !== 'object') return `${policy.key} is not a literal object`;
  if (blueGreen) {
    const routing = valueOf(blueGreen.value, 'TrafficRoutingConfiguration');
    if (routing && routing.kind !== 'object') return 'TrafficRoutingConfiguration is not a literal object';
  }
  if (currentStrategy(block) === target) return `the config is already ${STRATEGY_LABELS[target]}`;
  return undefined;
}

const SIZE_KEY: Partial<Record<Strategy, string>> = { CANARY: 'CanarySize', LINEAR: 'LinearStepSize', ROLLING: 'MaximumBatchSize' };
const SIZE_PATH: Record<string, string[]> = {
  CanarySize: ['BlueGreenUpdatePolicy', 'TrafficRoutingConfiguration', 'CanarySize'],
  LinearStepSize: ['BlueGreenUpdatePolicy', 'TrafficRoutingConfiguration', 'LinearStepSize'],
  MaximumBatchSize: ['RollingUpdatePolicy', 'MaximumBatchSize'],
};

/** A size held to a target's limits: the changes to make, or undefined when it fits (or cannot be known). */
function clampSize(size: CapacitySize, targetKey: string, fleetSize: number | undefined): CapacitySize | undefined {
  const limits = schemaAtPath(SIZE_PATH[targetKey]!)?.['x-guardrail'];
  if (!limits) return undefined;
  const clampPercent = (percent: number): number => Math.min(limits.maxPercent, Math.max(limits.minPercent, Math.round(percent)));
  if (size.type === 'CAPACITY_PERCENT') {
    const clamped = clampPercent(size.value);
    return clamped === size.value ? undefined : { type: 'CAPACITY_PERCENT', value: clamped };
  }
  if (fleetSize === undefined) return undefined;
  const percent = (100 * size.value) / fleetSize;
  if (percent >= limits.minPercent && percent <= limits.maxPercent) return undefined;
  const count = Math.max(1, percent > limits.maxPercent ? Math.floor((limits.maxPercent * fleetSize) / 100) : Math.ceil((limits.minPercent * fleetSize) / 100));
  const countPercent = (100 * count) / fleetSize;
  if (countPercent >= limits.minPercent && countPercent <= limits.maxPercent) return { type: 'INSTANCE_COUNT', value: count };
  return { type: 'CAPACITY_PERCENT', value: clampPercent(percent) };
}

const describeSize = (size: CapacitySize): string => (size.type === 'CAPACITY_PERCENT' ? `${size.value}%` : `${size.value} instance${size.value === 1 ? '' : 's'}`);

function literalSize(node: ValueNode | undefined): CapacitySize | undefined {
  const type = stringValue(valueOf(node, 'Type'));
  const value = integerValue(valueOf(node, 'Value'));
  if ((type !== 'CAPACITY_PERCENT' && type !== 'INSTANCE_COUNT') || value === undefined) return undefined;
  return { type, value };
}

class Converter {
  readonly editor: ConfigEditor;
  readonly dropped: string[] = [];
  readonly notes: string[] = [];
  readonly fleetSize: number | undefined;
  /** The new rollout's numbers, for the timeout; undefined members when not literal. */
  private wait: number | undefined = DEFAULT_WAIT_SECONDS;
  private stepSize: CapacitySize | undefined;
  private terminationWait: number | undefined = 0;

  constructor(
    readonly text: string,
    readonly block: ConfigBlock,
    readonly target: Strategy,
    options: ConvertOptions,
  ) {
    this.editor = new ConfigEditor(text, block);
    this.fleetSize = block.fleetSize ?? options.fleetSize;
  }

  /** A size property's value for the target key: as written when it fits, else clamped. */
  carriedSize(property: PropertyNode | undefined, targetKey: string): PlainValue {
    const node = property?.value;
    if (!property || !node) {
      const fresh = defaultSize(targetKey);
      this.stepSize = { type: 'CAPACITY_PERCENT', value: fresh.Value as number };
      this.notes.push(`${targetKey} ${describeSize(this.stepSize)} (default)`);
      return fresh;
    }
    const size = literalSize(node);
    const clamped = size && clampSize(size, targetKey, this.fleetSize);
    this.stepSize = clamped ?? size;
    if (!size || !clamped) return this.editor.plainOf(node, property);
    this.notes.push(`${property.key} ${describeSize(size)} becomes ${targetKey} ${describeSize(clamped)}`);
    const plain = this.editor.plainOf(node);
    return { ...(plain as PlainObject), Type: clamped.type, Value: clamped.value };
  }

  /** Clamps a size that stays where it is (renamed or not), editing its Type/Value in place. */
  clampInPlace(property: PropertyNode, targetKey: string): void {
    const node = property.value;
    const size = literalSize(node);
    const clamped = size && clampSize(size, targetKey, this.fleetSize);
    this.stepSize = clamped ?? size;
    if (!size || !clamped || node?.kind !== 'object') return;
    this.notes.push(`${property.key} ${describeSize(size)} becomes ${targetKey} ${describeSize(clamped)}`);
    const typeNode = valueOf(node, 'Type')!;
    const valueNode = valueOf(node, 'Value')!;
    if (clamped.type !== size.type) this.editor.setValue(typeNode, clamped.type);
    this.editor.setValue(valueNode, clamped.value);
  }

  /** The baking period's value as written (a literal, or a name kept verbatim). */
  carriedWait(property: PropertyNode | undefined): PlainValue {
    if (!property?.value) {
      this.wait = DEFAULT_WAIT_SECONDS;
      return DEFAULT_WAIT_SECONDS;
    }
    this.wait = integerValue(property.value);
    return this.editor.plainOf(property.value, property);
  }

  drop(object: ObjectNode, key: string, remove: PropertyNode[], unlessZero = false): void {
    const property = propertyOf(object, key);
    if (!property) return;
    remove.push(property);
    if (!(unlessZero && property.value && integerValue(property.value) === 0)) this.dropped.push(key);
  }

  routingValue(sizeProperty: PropertyNode | undefined, wait: PlainValue): PlainObject {
    const routing: PlainObject = { Type: this.target };
    const sizeKey = SIZE_KEY[this.target];
    if (sizeKey) routing[sizeKey] = this.carriedSize(sizeProperty, sizeKey);
    routing.WaitIntervalInSeconds = wait;
    return routing;
  }

  /** Blue/green mode to another blue/green mode: Type set, the size renamed, added or removed in place. */
  blueGreenToBlueGreen(policy: ObjectNode): void {
    const routingProperty = propertyOf(policy, 'TrafficRoutingConfiguration');
    const routing = routingProperty?.value;
    this.terminationWait = propertyOf(policy, 'TerminationWaitInSeconds') ? integerValue(valueOf(policy, 'TerminationWaitInSeconds')) : 0;
    if (!routing || routing.kind !== 'object') {
      const value = this.routingValue(undefined, this.carriedWait(undefined));
      this.editor.rewriteObject(policy, { insert: [{ after: null, entries: [['TrafficRoutingConfiguration', value]] }] });
      return;
    }
    const waitProperty = propertyOf(routing, 'WaitIntervalInSeconds');
    this.wait = waitProperty?.value ? integerValue(waitProperty.value) : undefined;
    const typeNode = valueOf(routing, 'Type');
    const insert: { after: PropertyNode | null; entries: Entry[] }[] = [];
    const remove: PropertyNode[] = [];
    if (typeNode) this.editor.setValue(typeNode, this.target);
    else insert.push({ after: null, entries: [['Type', this.target]] });
    const canary = propertyOf(routing, 'CanarySize');
    const linear = propertyOf(routing, 'LinearStepSize');
    const sizeKey = SIZE_KEY[this.target];
    if (!sizeKey) {
      for (const property of [canary, linear]) {
        if (!property) continue;
        remove.push(property);
        this.dropped.push(property.key);
      }
    } else {
      const same = propertyOf(routing, sizeKey);
      const other = sizeKey === 'CanarySize' ? linear : canary;
      if (same) {
        this.clampInPlace(same, sizeKey);
        if (other) {
          remove.push(other);
          this.dropped.push(other.key);
        }
      } else if (other) {
        this.editor.renameKey(other, sizeKey);
        this.clampInPlace(other, sizeKey);
      } else {
        const entry: Entry = [sizeKey, this.carriedSize(undefined, sizeKey)];
        // After Type (or where Type goes).
        const after = typeNode ? propertyOf(routing, 'Type')! : insertionPoint(routing, sizeKey);
        insert.push({ after, entries: [entry] });
      }
    }
    // The baking period is required; the result must check clean.
    if (!waitProperty) {
      this.wait = DEFAULT_WAIT_SECONDS;
      this.notes.push(`WaitIntervalInSeconds ${DEFAULT_WAIT_SECONDS} (default)`);
      insert.push({ after: insertionPoint(routing, 'WaitIntervalInSeconds'), entries: [['WaitIntervalInSeconds', DEFAULT_WAIT_SECONDS]] });
    }
    if (remove.length || insert.length) this.editor.rewriteObject(routing, { remove, insert });
  }

  blueGreenToRolling(policyProperty: PropertyNode, policy: ObjectNode): void {
    const routingProperty = propertyOf(policy, 'TrafficRoutingConfiguration');
    const routing = routingProperty?.value;
    const type = stringValue(valueOf(routing, 'Type'));
    const sizeProperty = (type === 'LINEAR' ? propertyOf(routing, 'LinearStepSize') : undefined) ?? propertyOf(routing, 'CanarySize') ?? propertyOf(routing, 'LinearStepSize');
    const entries: Entry[] = [
      ['MaximumBatchSize', this.carriedSize(sizeProperty, 'MaximumBatchSize')],
      ['WaitIntervalInSeconds', this.carriedWait(propertyOf(routing, 'WaitIntervalInSeconds'))],
    ];
    const remove: PropertyNode[] = [];
    this.drop(policy, 'TerminationWaitInSeconds', remove, true);
    this.editor.renameKey(policyProperty, 'RollingUpdatePolicy');
    this.editor.rewriteObject(policy, {
      remove,
      ...(routingProperty ? { replace: new Map([[routingProperty, entries]]) } : { insert: [{ after: null, entries }] }),
    });
  }

  rollingToBlueGreen(policyProperty: PropertyNode, policy: ObjectNode): void {
    const sizeProperty = propertyOf(policy, 'MaximumBatchSize');
    const waitProperty = propertyOf(policy, 'WaitIntervalInSeconds');
    const routing = this.routingValue(sizeProperty, this.carriedWait(waitProperty));
    if (this.target === 'ALL_AT_ONCE' && sizeProperty) this.dropped.push('MaximumBatchSize');
    const anchor = sizeProperty ?? waitProperty;
    const remove: PropertyNode[] = [];
    if (anchor === sizeProperty && waitProperty) remove.push(waitProperty);
    this.drop(policy, 'RollbackMaximumBatchSize', remove);
    this.editor.renameKey(policyProperty, 'BlueGreenUpdatePolicy');
    const entries: Entry[] = [['TrafficRoutingConfiguration', routing]];
    this.editor.rewriteObject(policy, {
      remove,
      ...(anchor ? { replace: new Map([[anchor, entries]]) } : { insert: [{ after: null, entries }] }),
    });
  }

  noneTo(root: ObjectNode): void {
    const wait = this.carriedWait(undefined);
    const entry: Entry =
      this.target === 'ROLLING'
        ? ['RollingUpdatePolicy', { MaximumBatchSize: this.carriedSize(undefined, 'MaximumBatchSize'), WaitIntervalInSeconds: wait }]
        : ['BlueGreenUpdatePolicy', { TrafficRoutingConfiguration: this.routingValue(undefined, wait) }];
    this.editor.rewriteObject(root, { insert: [{ after: insertionPoint(root, entry[0]), entries: [entry] }] });
  }

  /** The converted rollout's numbers (wait, step size, termination wait), when they are literals. */
  rolloutAfter(): RolloutConfig | undefined {
    if (this.wait === undefined || this.terminationWait === undefined) return undefined;
    if (this.target !== 'ALL_AT_ONCE' && !this.stepSize) return undefined;
    return {
      family: 'endpoint',
      unit: 'instance',
      strategy: this.target,
      waitIntervalSeconds: this.wait,
      terminationWaitSeconds: this.target === 'ROLLING' ? 0 : this.terminationWait,
      ...(this.stepSize && this.target !== 'ALL_AT_ONCE' ? { stepSize: this.stepSize } : {}),
      alarmNames: [],
    };
  }

  /** Raises a literal timeout the new rollout would not fit in. */
  fitTimeout(policy: ObjectNode): void {
    const timeoutNode = valueOf(policy, 'MaximumExecutionTimeoutInSeconds');
    const timeout = integerValue(timeoutNode);
    if (!timeoutNode || timeout === undefined || this.wait === undefined) return;
    if (this.target !== 'ALL_AT_ONCE' && !this.stepSize) return;
    const config: RolloutConfig = {
      family: 'endpoint',
      unit: 'instance',
      strategy: this.target,
      waitIntervalSeconds: this.wait,
      terminationWaitSeconds: this.target === 'ROLLING' ? 0 : (this.terminationWait ?? 0),
      ...(this.stepSize && this.target !== 'ALL_AT_ONCE' ? { stepSize: this.stepSize } : {}),
      alarmNames: [],
    };
    if (this.target !== 'ROLLING' && this.terminationWait === undefined) return;
    const total = totalWaitSeconds(config, this.fleetSize);
    if (total === undefined || timeout > total) return;
    const raised = raisedTimeout(total);
    if (raised === undefined) return;
    this.editor.setValue(timeoutNode, raised);
    this.notes.push(`MaximumExecutionTimeoutInSeconds ${timeout} raised to ${raised} (the rollout waits ${total} s)`);
  }

  run(): void {
    const root = this.block.root as ObjectNode;
    const blueGreen = propertyOf(root, 'BlueGreenUpdatePolicy');
    const rolling = propertyOf(root, 'RollingUpdatePolicy');
    const policyProperty = blueGreen ?? rolling;
    if (!policyProperty) {
      this.noneTo(root);
      return;
    }
    const policy = policyProperty.value as ObjectNode;
    if (blueGreen && this.target !== 'ROLLING') this.blueGreenToBlueGreen(policy);
    else if (blueGreen) {
      this.terminationWait = 0;
      this.blueGreenToRolling(policyProperty, policy);
    } else {
      this.terminationWait = 0;
      this.rollingToBlueGreen(policyProperty, policy);
    }
    this.fitTimeout(policy);
  }
}

/**
 * What the converted rollout costs, from the timeline engine (the numbers the code lens and the
 * panel show): "50 min, peak 8", or "50 min, peak 200% of the fleet" without a fleet size.
 */
function conversionFigures(config: RolloutConfig | undefined, fleetSize: number | undefined): string | undefined {
  if (!config) return undefined;
  try {
    const view = timelineView(config, fleetSize, { rollbacks: false });
    if (view.kind === 'needs-fleet-size') return undefined;
    const peak = view.kind === 'percent' ? `${view.timeline.peakInstances}% of the fleet` : String(view.timeline.peakInstances);
    return `${humanDuration(view.timeline.totalSeconds)}, peak ${peak}`;
  } catch {
    return undefined;
  }
}

/** Converts one config to another mode; undefined when it cannot be (see whyNotConvertible). */
export function convertBlock(text: string, block: ConfigBlock, target: Strategy, options: ConvertOptions = {}): Conversion | undefined {
  if (whyNotConvertible(block, target)) return undefined;
  const converter = new Converter(text, block, target, options);
  converter.run();
  const dropped = [...new Set(converter.dropped)];
  const figures = conversionFigures(converter.rolloutAfter(), converter.fleetSize);
  const title = `Convert to ${STRATEGY_LABELS[target]}${figures ? `: ${figures}` : ''}${dropped.length ? ` (drops ${dropped.join(', ')})` : ''}`;
  return { target, title, edits: converter.editor.edits, dropped, notes: converter.notes };
}

/** The modes a config can be converted to (all but its own), for code actions. */
export function conversionTargets(block: ConfigBlock): Strategy[] {
  return STRATEGIES.filter((target) => !whyNotConvertible(block, target));
}

/** Where a block is written: its root's span, and every node's span (configs built from several variables). */
export function blockContains(block: ConfigBlock, offset: number): boolean {
  if (block.fileReference) return offset >= block.fileReference.span.offset && offset <= endOfSpan(block.fileReference.span);
  const root = block.root;
  return offset >= root.offset && offset <= endOfSpan(root);
}

