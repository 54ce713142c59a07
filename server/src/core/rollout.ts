// A config tree reduced to the numbers that decide how the rollout runs (RolloutConfig), with the
// culprit when it cannot be: the value the rollout needs that is missing, invalid or not a literal.
// A bad value only the rollback needs (RollbackMaximumBatchSize) leaves the forward rollout
// computable and is reported as a rollback problem.
import type { CapacitySize, CapacityType, ConfigFamily, RolloutConfig, Span, Strategy, ValueNode } from './model';
import { integerValue, propertyOf, stringValue, valueOf } from './tree';

/** Each family's size enum, mapped to the normalized count/percent types the engine works in. */
const SIZE_TYPES: Record<ConfigFamily, Record<string, CapacityType>> = {
  endpoint: { INSTANCE_COUNT: 'INSTANCE_COUNT', CAPACITY_PERCENT: 'CAPACITY_PERCENT' },
  'inference-component': { COPY_COUNT: 'INSTANCE_COUNT', CAPACITY_PERCENT: 'CAPACITY_PERCENT' },
  'hyperpod-cluster': { INSTANCE_COUNT: 'INSTANCE_COUNT', CAPACITY_PERCENTAGE: 'CAPACITY_PERCENT' },
};

export function capacitySizeOf(node: ValueNode | undefined, family: ConfigFamily = 'endpoint'): CapacitySize | undefined {
  const written = stringValue(valueOf(node, 'Type'));
  const type = written === undefined ? undefined : SIZE_TYPES[family][written];
  const value = integerValue(valueOf(node, 'Value'));
  if (!type || value === undefined || value < 1) return undefined;
  return { type, value };
}

/** Why a rollout (or only its rollback) cannot be computed: one value, named and located. */
export interface RolloutProblem {
  /** 'rollout': nothing can be computed; 'rollback': the forward rollout can, the rollback batches cannot. */
  affects: 'rollout' | 'rollback';
  /** The key path in the API's names, e.g. "RollingUpdatePolicy.MaximumBatchSize.Value". */
  path: string;
  /** The value, or (for a missing key) the key of the object that lacks it. */
  span: Span;
  /** Completes "<path> ...": `is missing`, `is "abc", not a whole number`, `is batch, not a literal`. */
  reason: string;
}

export interface RolloutAnalysis {
  config?: RolloutConfig;
  problems: RolloutProblem[];
}

/** "RollingUpdatePolicy.MaximumBatchSize.Value is "abc", not a whole number". */
export function describeProblem(problem: RolloutProblem): string {
  return `${problem.path} ${problem.reason}`;
}

function written(node: ValueNode): string {
  switch (node.kind) {
    case 'string':
      return JSON.stringify(node.value);
    case 'number':
      return node.written ?? String(node.value);
    case 'unknown':
      return node.text;
    case 'boolean':
      return String(node.value);
    case 'null':
      return 'null';
    default:
      return node.kind === 'object' ? 'an object' : 'a list';
  }
}

class Reader {
  readonly problems: RolloutProblem[] = [];
  constructor(readonly family: ConfigFamily) {}

  private report(affects: RolloutProblem['affects'], path: string, span: Span, reason: string): undefined {
    this.problems.push({ affects, path, span, reason });
    return undefined;
  }

  private anchor(parent: ValueNode, parentSpan: Span | undefined): Span {
    return parentSpan ?? { offset: parent.offset, length: Math.min(1, parent.length) };
  }

  private valueProblem(node: ValueNode, what: string): string {
    return node.kind === 'unknown' ? `is ${node.text}, not a literal` : `is ${written(node)}, ${what}`;
  }

  /** A whole number >= 0 (waits); `fallback` when absent, or undefined (with a problem) when required. */
  integer(parent: ValueNode, key: string, path: string, affects: RolloutProblem['affects'], options: { fallback?: number; parentSpan?: Span } = {}): number | undefined {
    const property = propertyOf(parent, key);
    if (!property?.value) {
      if (options.fallback !== undefined) return options.fallback;
      return this.report(affects, path, property?.keySpan ?? this.anchor(parent, options.parentSpan), 'is missing');
    }
    const value = integerValue(property.value);
    if (value === undefined || value < 0) return this.report(affects, path, property.value, this.valueProblem(property.value, value === undefined ? 'not a whole number' : 'below 0'));
    return value;
  }

  /** A CapacitySize: Type of the family's enum and a whole Value >= 1. */
  size(parent: ValueNode, key: string, path: string, affects: RolloutProblem['affects'], parentSpan?: Span): CapacitySize | undefined {
    const property = propertyOf(parent, key);
    if (!property?.value) return this.report(affects, path, property?.keySpan ?? this.anchor(parent, parentSpan), 'is missing');
    const node = property.value;
    if (node.kind !== 'object') return this.report(affects, path, node, this.valueProblem(node, 'not an object with Type and Value'));
    const typeProperty = propertyOf(node, 'Type');
    const types = SIZE_TYPES[this.family];
    let type: CapacityType | undefined;
    if (!typeProperty?.value) this.report(affects, `${path}.Type`, property.keySpan, 'is missing');
    else {
      const name = stringValue(typeProperty.value);
      type = name === undefined ? undefined : types[name];
      if (!type) this.report(affects, `${path}.Type`, typeProperty.value, this.valueProblem(typeProperty.value, `not one of ${Object.keys(types).join(', ')}`));
    }
    const valueProperty = propertyOf(node, 'Value');
    let value: number | undefined;
    if (!valueProperty?.value) this.report(affects, `${path}.Value`, property.keySpan, 'is missing');
    else {
      value = integerValue(valueProperty.value);
      if (value === undefined || value < 1) {
        this.report(affects, `${path}.Value`, valueProperty.value, this.valueProblem(valueProperty.value, value === undefined ? 'not a whole number' : 'below 1'));
        value = undefined;
      }
    }
    return type && value !== undefined ? { type, value } : undefined;
  }
}

function alarmNamesOf(root: ValueNode, family: ConfigFamily): string[] {
  const rollback = valueOf(root, 'AutoRollbackConfiguration');
  // HyperPod takes a bare list of alarms; the other families wrap it in {Alarms: [...]}.
  const alarms = family === 'hyperpod-cluster' ? rollback : valueOf(rollback, 'Alarms');
  if (alarms?.kind !== 'array') return [];
  return alarms.items.map((alarm) => {
    const name = valueOf(alarm, 'AlarmName');
    return name?.kind === 'string' ? name.value : name?.kind === 'unknown' ? name.text : '?';
  });
}

/**
 * The rollout numbers of a config of the given family (endpoint when not known), and the culprits
 * when they cannot all be read. Inference components roll in copies; HyperPod clusters roll in
 * instances with the wait at the top level and no execution timeout.
 */
export function analyzeRollout(root: ValueNode, family: ConfigFamily = 'endpoint'): RolloutAnalysis {
  // Trees are not changed after extraction, and hover, lenses and rules ask about the same root often.
  let cached = analyses.get(root);
  if (!cached) analyses.set(root, (cached = new Map()));
  let analysis = cached.get(family);
  if (!analysis) cached.set(family, (analysis = analyzeUncached(root, family)));
  return analysis;
}

const analyses = new WeakMap<ValueNode, Map<ConfigFamily, RolloutAnalysis>>();

function analyzeUncached(root: ValueNode, family: ConfigFamily): RolloutAnalysis {
  const reader = new Reader(family);
  const fail = (): RolloutAnalysis => ({ problems: reader.problems });
  if (root.kind !== 'object') return { problems: [{ affects: 'rollout', path: 'DeploymentConfig', span: root, reason: `is ${written(root)}, not an object` }] };
  const alarmNames = alarmNamesOf(root, family);
  const rollingProperty = propertyOf(root, 'RollingUpdatePolicy');
  const blueGreenProperty = propertyOf(root, 'BlueGreenUpdatePolicy');
  const rolling = rollingProperty?.value;
  const blueGreen = blueGreenProperty?.value;
  const unit = family === 'inference-component' ? 'copy' : 'instance';
  if (rollingProperty && blueGreenProperty) {
    return { problems: [{ affects: 'rollout', path: 'BlueGreenUpdatePolicy', span: blueGreenProperty.keySpan, reason: 'and RollingUpdatePolicy are both set' }] };
  }
  if (rollingProperty || family !== 'endpoint') {
    // Inference components and HyperPod take rolling updates only (a BlueGreenUpdatePolicy is an unknown key there).
    if (!rolling) {
      const span = rollingProperty?.keySpan ?? blueGreenProperty?.keySpan ?? { offset: root.offset, length: Math.min(1, root.length) };
      return { problems: [{ affects: 'rollout', path: 'RollingUpdatePolicy', span, reason: blueGreenProperty ? 'is missing (this API has no BlueGreenUpdatePolicy)' : 'is missing' }] };
    }
    const policySpan = rollingProperty?.keySpan;
    const waitIntervalSeconds =
      family === 'hyperpod-cluster'
        ? reader.integer(root, 'WaitIntervalInSeconds', 'WaitIntervalInSeconds', 'rollout', { fallback: 0 })
        : reader.integer(rolling, 'WaitIntervalInSeconds', 'RollingUpdatePolicy.WaitIntervalInSeconds', 'rollout', policySpan ? { parentSpan: policySpan } : {});
    const stepSize = reader.size(rolling, 'MaximumBatchSize', 'RollingUpdatePolicy.MaximumBatchSize', 'rollout', policySpan);
    const timeout = family === 'hyperpod-cluster' ? undefined : integerValue(valueOf(rolling, 'MaximumExecutionTimeoutInSeconds'));
    const rollback = propertyOf(rolling, 'RollbackMaximumBatchSize') ? reader.size(rolling, 'RollbackMaximumBatchSize', 'RollingUpdatePolicy.RollbackMaximumBatchSize', 'rollback') : undefined;
    if (waitIntervalSeconds === undefined || !stepSize) return fail();
    return {
      problems: reader.problems,
      config: {
        family,
        unit,
        strategy: 'ROLLING',
        waitIntervalSeconds,
        terminationWaitSeconds: 0,
        ...(timeout !== undefined ? { maximumExecutionTimeoutSeconds: timeout } : {}),
        stepSize,
        ...(rollback ? { rollbackMaximumBatchSize: rollback } : {}),
        alarmNames,
      },
    };
  }
  if (!blueGreenProperty) {
    // No policy: the API's default, blue/green all at once with no baking period.
    return { problems: [], config: { family, unit, strategy: 'ALL_AT_ONCE', waitIntervalSeconds: 0, terminationWaitSeconds: 0, alarmNames } };
  }
  if (!blueGreen) return { problems: [{ affects: 'rollout', path: 'BlueGreenUpdatePolicy', span: blueGreenProperty.keySpan, reason: 'has no value' }] };
  const routingProperty = propertyOf(blueGreen, 'TrafficRoutingConfiguration');
  const routing = routingProperty?.value;
  if (!routing) {
    return { problems: [{ affects: 'rollout', path: 'BlueGreenUpdatePolicy.TrafficRoutingConfiguration', span: routingProperty?.keySpan ?? blueGreenProperty.keySpan, reason: 'is missing' }] };
  }
  const typeProperty = propertyOf(routing, 'Type');
  const type = stringValue(typeProperty?.value);
  if (type !== 'ALL_AT_ONCE' && type !== 'CANARY' && type !== 'LINEAR') {
    const reason = typeProperty?.value
      ? typeProperty.value.kind === 'unknown'
        ? `is ${typeProperty.value.text}, not a literal`
        : `is ${written(typeProperty.value)}, not one of ALL_AT_ONCE, CANARY, LINEAR`
      : 'is missing';
    return { problems: [{ affects: 'rollout', path: 'TrafficRoutingConfiguration.Type', span: typeProperty?.value ?? typeProperty?.keySpan ?? routingProperty!.keySpan, reason }] };
  }
  const strategy: Strategy = type;
  const routingSpan = routingProperty!.keySpan;
  const waitIntervalSeconds = reader.integer(routing, 'WaitIntervalInSeconds', 'TrafficRoutingConfiguration.WaitIntervalInSeconds', 'rollout', { parentSpan: routingSpan });
  const terminationWaitSeconds = reader.integer(blueGreen, 'TerminationWaitInSeconds', 'BlueGreenUpdatePolicy.TerminationWaitInSeconds', 'rollout', { fallback: 0 });
  const timeout = integerValue(valueOf(blueGreen, 'MaximumExecutionTimeoutInSeconds'));
  let stepSize: CapacitySize | undefined;
  if (strategy !== 'ALL_AT_ONCE') {
    const key = strategy === 'CANARY' ? 'CanarySize' : 'LinearStepSize';
    stepSize = reader.size(routing, key, `TrafficRoutingConfiguration.${key}`, 'rollout', routingSpan);
    if (!stepSize) return fail();
  }
  if (waitIntervalSeconds === undefined || terminationWaitSeconds === undefined) return fail();
  return {
    problems: reader.problems,
    config: {
      family,
      unit,
      strategy,
      waitIntervalSeconds,
      terminationWaitSeconds,
      ...(timeout !== undefined ? { maximumExecutionTimeoutSeconds: timeout } : {}),
      ...(stepSize ? { stepSize } : {}),
      alarmNames,
    },
  };
}

/** The rollout numbers, or undefined when the forward rollout cannot be computed (see analyzeRollout for why). */
export function rolloutConfigOf(root: ValueNode, family: ConfigFamily = 'endpoint'): RolloutConfig | undefined {
  return analyzeRollout(root, family).config;
}

