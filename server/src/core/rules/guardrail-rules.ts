// Guardrail rules beyond the API's own checks: percentage limits of steps and batches,
// structure (one policy, sizes that match the mode), the execution timeout against the
// rollout's waiting time, and the presence of rollback alarms.
import type { ConfigBlock, Finding, PropertyNode, RelatedSpan, Span, ValueNode } from '../model';
import { rolloutConfigOf } from '../rollout';
import { schemaAtPath } from '../schema';
import { bakeCount, totalWaitSeconds } from '../timeline/steps';
import { integerValue, propertyOf, stringValue, valueOf } from '../tree';

export interface GuardrailContext {
  /** Fleet size from the document, else the user's default; undefined when unknown. */
  fleetSize: number | undefined;
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
  for (const path of SIZE_PATHS) {
    const limits = schemaAtPath(path)?.['x-guardrail'];
    const size = at(root, path);
    if (!limits || !size) continue;
    const type = stringValue(valueOf(size, 'Type'));
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
      described = `${value} of ${context.fleetSize} instances (${Math.round(percent * 10) / 10}%)`;
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
      message: `${name} ${described} is ${allowed} of the fleet.`,
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

/**
 * A warning, not an error: the API accepts the value, and which phases the timeout covers is not
 * documented beyond "should be larger than the waiting time"; the message says "likely" to match.
 */
function checkTimeout(root: ValueNode, context: GuardrailContext): Finding[] {
  const config = rolloutConfigOf(root);
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

function checkAlarms(root: ValueNode): Finding[] {
  if (root.kind !== 'object') return [];
  const policy: PropertyNode | undefined = propertyOf(root, 'BlueGreenUpdatePolicy') ?? propertyOf(root, 'RollingUpdatePolicy');
  if (!policy) return [];
  const rollback = propertyOf(root, 'AutoRollbackConfiguration');
  if (!rollback) {
    if (root.open) return [];
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
      message: 'No rollback alarms: without AutoRollbackConfiguration.Alarms no baking period can trigger a rollback.',
      data: { path: ['AutoRollbackConfiguration'] },
    },
  ];
}

/** An alarm name still in angle brackets (`<your-alarm-name>`): a placeholder no CloudWatch alarm has. */
function checkPlaceholderAlarms(root: ValueNode): Finding[] {
  const alarms = valueOf(valueOf(root, 'AutoRollbackConfiguration'), 'Alarms');
  if (alarms?.kind !== 'array') return [];
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
      data: { path: ['AutoRollbackConfiguration', 'Alarms', index, 'AlarmName'] },
    });
  });
  return findings;
}

export function checkGuardrails(block: ConfigBlock, context: GuardrailContext): Finding[] {
  const root = block.root;
  if (root.kind !== 'object') return [];
  return [...checkStructure(root), ...checkSizes(root, context), ...checkTimeout(root, context), ...checkAlarms(root), ...checkPlaceholderAlarms(root)];
}
