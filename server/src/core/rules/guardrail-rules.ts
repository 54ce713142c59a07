// Guardrail rules beyond the API's own checks: percentage limits of steps and batches,
// structure (one policy, sizes that match the mode), the execution timeout against the
// rollout's waiting time, and the presence of rollback alarms.
import type { ConfigFamily, Finding, ObjectNode, PropertyNode, RelatedSpan, Span, ValueNode } from '../model';
import { capacitySizeOf, rolloutConfigOf } from '../rollout';
import { schemaAtPath } from '../schema';
import { bakeCount, totalWaitSeconds } from '../timeline/steps';
import { integerValue, propertyOf, stringValue, valueOf } from '../tree';

export interface GuardrailContext {
  /** Fleet size (copy count for inference components) from the document, else the user's default; undefined when unknown. */
  fleetSize: number | undefined;
  /** The API the config is checked as. */
  family: ConfigFamily;
  /** Where the document says the fleet size (its InitialInstanceCount), when it does. */
  fleetSizeSpan?: Span;
}

const SIZE_PATHS: (string | number)[][] = [
  ['BlueGreenUpdatePolicy', 'TrafficRoutingConfiguration', 'CanarySize'],
  ['BlueGreenUpdatePolicy', 'TrafficRoutingConfiguration', 'LinearStepSize'],
  ['RollingUpdatePolicy', 'MaximumBatchSize'],
];

const SIZE_NAMES: Record<string, string> = {
  CanarySize: 'Canary size',
  LinearStepSize: 'Linear step size',
  MaximumBatchSize: 'Rolling batch size',
};

function at(root: ValueNode, path: (string | number)[]): ValueNode | undefined {
  let node: ValueNode | undefined = root;
  for (const key of path) node = typeof key === 'string' ? valueOf(node, key) : undefined;
  return node;
}

function checkSizes(root: ValueNode, context: GuardrailContext): Finding[] {
  const findings: Finding[] = [];
  const copies = context.family === 'inference-component';
  for (const path of SIZE_PATHS) {
    const limits = schemaAtPath(path, context.family)?.['x-guardrail'];
    const size = at(root, path);
    if (!limits || !size) continue;
    // The family's own spelling, normalized (COPY_COUNT counts copies like INSTANCE_COUNT counts instances).
    const type = capacitySizeOf(size, context.family)?.type;
    const valueNode = valueOf(size, 'Value');
    const value = integerValue(valueNode);
    if (!valueNode || value === undefined || value < 1) continue;
    const name = SIZE_NAMES[path[path.length - 1] as string]!;
    let percent: number;
    let described: string;
    if (type === 'CAPACITY_PERCENT') {
      percent = value;
      described = `${value}%`;
    } else if (type === 'INSTANCE_COUNT' && context.fleetSize !== undefined) {
      percent = (100 * value) / context.fleetSize;
      described = `${value} of ${context.fleetSize} ${copies ? 'copies' : 'instances'} (${Math.round(percent * 10) / 10}%)`;
    } else continue;
    if (percent >= limits.minPercent && percent <= limits.maxPercent) continue;
    const allowed = limits.minPercent > 1 ? `outside the allowed ${limits.minPercent}-${limits.maxPercent}%` : `more than the allowed ${limits.maxPercent}%`;
    const clampedPercent = Math.min(limits.maxPercent, Math.max(limits.minPercent, percent));
    const suggestion =
      type === 'CAPACITY_PERCENT'
        ? clampedPercent
        : Math.max(1, percent > limits.maxPercent
            ? Math.floor((limits.maxPercent * context.fleetSize!) / 100)
            : Math.ceil((limits.minPercent * context.fleetSize!) / 100));
    const related: RelatedSpan[] =
      type === 'INSTANCE_COUNT' && context.fleetSizeSpan ? [{ span: context.fleetSizeSpan, message: `The fleet size: InitialInstanceCount ${context.fleetSize}.` }] : [];
    findings.push({
      code: limits.rule,
      severity: 'error',
      span: valueNode,
      message: `${name} ${described} is ${allowed} of the ${copies ? "inference component's copy count" : 'fleet'}.`,
      data: { path: [...path, 'Value'], suggestion },
      ...(related.length ? { related } : {}),
    });
  }
  return findings;
}

function checkStructure(root: ValueNode): Finding[] {
  const findings: Finding[] = [];
  const blueGreen = propertyOf(root, 'BlueGreenUpdatePolicy');
  const rolling = propertyOf(root, 'RollingUpdatePolicy');
  if (blueGreen && rolling) {
    const later = blueGreen.offset > rolling.offset ? blueGreen : rolling;
    findings.push({
      code: 'conflicting-policies',
      severity: 'error',
      span: later.keySpan,
      message: 'Use only one update policy: BlueGreenUpdatePolicy and RollingUpdatePolicy cannot be given together.',
      data: { path: [later.key] },
    });
  }
  const routing = valueOf(blueGreen?.value, 'TrafficRoutingConfiguration');
  if (routing?.kind !== 'object') return findings;
  const typeNode = valueOf(routing, 'Type');
  const type = stringValue(typeNode);
  if (type !== 'ALL_AT_ONCE' && type !== 'CANARY' && type !== 'LINEAR') return findings;
  const base = ['BlueGreenUpdatePolicy', 'TrafficRoutingConfiguration'];
  const sizeFor: Record<string, string> = { CANARY: 'CanarySize', LINEAR: 'LinearStepSize' };
  for (const [mode, key] of Object.entries(sizeFor)) {
    const property = propertyOf(routing, key);
    if (property && type !== mode) {
      findings.push({
        code: 'size-mode-mismatch',
        severity: 'error',
        span: property.keySpan,
        message: `${key} applies only when Type is ${mode}; this traffic routing is ${type}.`,
        data: { path: [...base, key] },
      });
    }
  }
  const needed = sizeFor[type];
  if (needed && !propertyOf(routing, needed) && !routing.open && typeNode) {
    findings.push({
      code: 'size-mode-mismatch',
      severity: 'error',
      span: typeNode,
      message: `Type ${type} needs ${needed}; without it SageMaker cannot size the ${type === 'CANARY' ? 'canary' : 'steps'}.`,
      data: { path: [...base, 'Type'], missingKey: needed },
    });
  }
  return findings;
}

function humanSeconds(seconds: number): string {
  if (seconds % 3600 === 0 && seconds >= 3600) return `${seconds / 3600} h`;
  if (seconds % 60 === 0 && seconds >= 60) return `${seconds / 60} min`;
  return `${seconds} s`;
}

/** The config with only one of its policies, so each is checked on its own when both are given. */
function withOnlyPolicy(root: ObjectNode, keep: string): ObjectNode {
  const other = keep === 'RollingUpdatePolicy' ? 'BlueGreenUpdatePolicy' : 'RollingUpdatePolicy';
  return { ...root, properties: root.properties.filter((p) => p.key !== other) };
}

function checkTimeouts(root: ObjectNode, context: GuardrailContext): Finding[] {
  if (context.family === 'endpoint' && propertyOf(root, 'BlueGreenUpdatePolicy') && propertyOf(root, 'RollingUpdatePolicy')) {
    // Conflicting policies are reported; each one's own timeout still is, as if it were alone.
    return [...checkTimeout(withOnlyPolicy(root, 'BlueGreenUpdatePolicy'), context), ...checkTimeout(withOnlyPolicy(root, 'RollingUpdatePolicy'), context)];
  }
  return checkTimeout(root, context);
}

/**
 * A warning, not an error: the API accepts the value, and which phases the timeout covers is not
 * documented beyond "should be larger than the waiting time"; the message says "likely" to match.
 */
function checkTimeout(root: ValueNode, context: GuardrailContext): Finding[] {
  const config = rolloutConfigOf(root, context.family);
  if (!config || config.maximumExecutionTimeoutSeconds === undefined) return [];
  const policyKey = config.strategy === 'ROLLING' ? 'RollingUpdatePolicy' : 'BlueGreenUpdatePolicy';
  const timeoutNode = valueOf(valueOf(root, policyKey), 'MaximumExecutionTimeoutInSeconds');
  const total = totalWaitSeconds(config, context.fleetSize);
  const bakes = bakeCount(config, context.fleetSize);
  if (!timeoutNode || total === undefined || bakes === undefined) return [];
  if (config.maximumExecutionTimeoutSeconds > total) return [];
  const parts = [`${bakes} baking period${bakes === 1 ? '' : 's'} of ${humanSeconds(config.waitIntervalSeconds)}`];
  const policy = valueOf(root, policyKey);
  const waitNode = valueOf(config.strategy === 'ROLLING' ? policy : valueOf(policy, 'TrafficRoutingConfiguration'), 'WaitIntervalInSeconds');
  const related: RelatedSpan[] = [];
  if (waitNode) related.push({ span: waitNode, message: `The baking period: ${bakes} x ${config.waitIntervalSeconds} s.` });
  if (config.strategy !== 'ROLLING' && config.terminationWaitSeconds > 0) {
    parts.push(`termination wait of ${humanSeconds(config.terminationWaitSeconds)}`);
    const terminationNode = valueOf(policy, 'TerminationWaitInSeconds');
    if (terminationNode) related.push({ span: terminationNode, message: `The termination wait: ${config.terminationWaitSeconds} s.` });
  }
  if (context.fleetSizeSpan && config.strategy !== 'ALL_AT_ONCE' && config.strategy !== 'CANARY') {
    related.push({ span: context.fleetSizeSpan, message: `The fleet size (${context.fleetSize} instances) sets the number of steps.` });
  }
  return [
    {
      code: 'timeout-too-short',
      severity: 'warning',
      span: timeoutNode,
      message:
        `MaximumExecutionTimeoutInSeconds ${config.maximumExecutionTimeoutSeconds} is not larger than the rollout's ` +
        `total waiting time of ${total} s (${parts.join(' + ')}). The AWS guide asks for a larger timeout: ` +
        `with this one the update is likely to time out and roll back before it finishes.`,
      data: { path: [policyKey, 'MaximumExecutionTimeoutInSeconds'], totalWaitSeconds: total },
      ...(related.length ? { related } : {}),
    },
  ];
}

function checkAlarms(root: ValueNode, family: ConfigFamily): Finding[] {
  if (root.kind !== 'object') return [];
  const policy: PropertyNode | undefined = family === 'endpoint' ? (propertyOf(root, 'BlueGreenUpdatePolicy') ?? propertyOf(root, 'RollingUpdatePolicy')) : propertyOf(root, 'RollingUpdatePolicy');
  if (!policy) return [];
  const rollback = propertyOf(root, 'AutoRollbackConfiguration');
  if (!rollback) {
    if (root.open) return [];
  } else if (family === 'hyperpod-cluster') {
    // A bare list there; anything else is a wrong type, already reported.
    return [];
  } else {
    const config = rollback.value;
    if (!config || config.kind !== 'object' || config.open) return [];
    const alarms = valueOf(config, 'Alarms');
    // An empty list is already out-of-range; a non-literal list may hold alarms.
    if (alarms) return [];
  }
  return [
    {
      code: 'no-rollback-alarms',
      severity: 'warning',
      span: policy.keySpan,
      message:
        family === 'hyperpod-cluster'
          ? 'No rollback alarms: without an AutoRollbackConfiguration list of alarms no batch can trigger a rollback.'
          : 'No rollback alarms: without AutoRollbackConfiguration.Alarms no baking period can trigger a rollback.',
      data: { path: ['AutoRollbackConfiguration'] },
    },
  ];
}

/** An alarm name still in angle brackets (`<your-alarm-name>`): a placeholder no CloudWatch alarm has. */
function checkPlaceholderAlarms(root: ValueNode, family: ConfigFamily): Finding[] {
  const rollback = valueOf(root, 'AutoRollbackConfiguration');
  // HyperPod takes the alarms as a bare list; the other families wrap them in {Alarms: [...]}.
  const alarms = family === 'hyperpod-cluster' ? rollback : valueOf(rollback, 'Alarms');
  if (alarms?.kind !== 'array') return [];
  const listPath = family === 'hyperpod-cluster' ? ['AutoRollbackConfiguration'] : ['AutoRollbackConfiguration', 'Alarms'];
  const findings: Finding[] = [];
  alarms.items.forEach((alarm, index) => {
    const name = valueOf(alarm, 'AlarmName');
    const value = stringValue(name);
    if (!name || value === undefined || !/^<[^<>]*>$/.test(value.trim())) return;
    findings.push({
      code: 'placeholder-alarm-name',
      severity: 'warning',
      span: name,
      message: `Alarm name ${value} is a placeholder: put the name of the CloudWatch alarm that should roll this update back.`,
      data: { path: [...listPath, index, 'AlarmName'] },
    });
  });
  return findings;
}

/** The guardrail findings of a config read as the context's family. */
export function checkGuardrails(root: ValueNode, context: GuardrailContext): Finding[] {
  if (root.kind !== 'object') return [];
  // Only endpoints have blue/green traffic routing; elsewhere a BlueGreenUpdatePolicy is an unknown key.
  const structure = context.family === 'endpoint' ? checkStructure(root) : [];
  return [...structure, ...checkSizes(root, context), ...checkTimeouts(root, context), ...checkAlarms(root, context.family), ...checkPlaceholderAlarms(root, context.family)];
}
