// Hover text for every key and enum value: what the field means, its type, range and default
// (all from the schema), and what the current value does in this config.
import type { ConfigBlock, ConfigFamily, RolloutConfig, Span } from '../model';
import { plausibleFamilies, serviceFamily } from '../family';
import { rolloutConfigOf, capacitySizeOf } from '../rollout';
import { FAMILY_NAMES, resolveSchema, schemaAtPath, schemaOf, type SchemaNode } from '../schema';
import { bakeCount, totalWaitSeconds } from '../timeline/steps';
import { messageInDialect } from '../keys';
import { nodeAtPath, stringValue, valueOf } from '../tree';
import { locate } from './locate';
import { describeRollout, describeSize, humanDuration } from './summary';

export interface HoverResult {
  markdown: string;
  span: Span;
}

const MODE_PAGES: Record<string, string> = {
  ROLLING: 'https://docs.aws.amazon.com/sagemaker/latest/dg/deployment-guardrails-rolling.html',
};

/**
 * Keys the API lists as optional that a traffic-routing mode needs (the size-mode-mismatch rule):
 * "optional" would tell a CANARY author that CanarySize may be left out.
 */
const REQUIRED_FOR_MODE: Record<string, string> = { CanarySize: 'CANARY', LinearStepSize: 'LINEAR' };

function typeLine(schema: SchemaNode, requirement: string, guardrail = schema['x-guardrail'], family: ConfigFamily = 'endpoint'): string {
  const parts: string[] = [];
  if (schema.type === 'integer') {
    if (schema.minimum !== undefined && schema.maximum !== undefined) parts.push(`integer, ${schema.minimum}-${schema.maximum}`);
    else if (schema.minimum !== undefined) parts.push(`integer, at least ${schema.minimum}`);
    else parts.push('integer');
  } else if (schema.type === 'array') {
    parts.push(schema.maxItems !== undefined ? `list of ${schema.minItems ?? 0}-${schema.maxItems} items` : `list of at least ${schema.minItems ?? 0} items`);
  } else if (schema.type === 'string' && schema.enum) {
    parts.push(`one of ${schema.enum.map((v) => `\`${v}\``).join(', ')}`);
  } else if (schema.type === 'string') {
    parts.push(`string${schema.maxLength ? `, ${schema.minLength ?? 0}-${schema.maxLength} characters` : ''}`);
  } else if (schema.type && schema.type !== 'object') parts.push(schema.type); // "object" says nothing a reader needs
  const whole = family === 'inference-component' ? 'the copy count' : 'the fleet';
  if (guardrail) parts.push(guardrail.minPercent > 1 ? `guardrail: ${guardrail.minPercent}-${guardrail.maxPercent}% of ${whole}` : `guardrail: at most ${guardrail.maxPercent}% of ${whole}`);
  parts.push(requirement);
  if (schema.default !== undefined) parts.push(typeof schema.default === 'string' ? `default \`${schema.default}\`` : `default ${String(schema.default)}`);
  return parts.join(' · ');
}

/** The guide page for the part of the config the path is in. */
function docUrl(block: ConfigBlock, path: readonly (string | number)[], family: ConfigFamily): string | undefined {
  if (family === 'endpoint') {
    const config = rolloutConfigOf(block.root, family);
    const mode = stringValue(valueOf(valueOf(valueOf(block.root, 'BlueGreenUpdatePolicy'), 'TrafficRoutingConfiguration'), 'Type'));
    if (path[0] === 'BlueGreenUpdatePolicy' && mode) {
      const url = schemaAtPath(['BlueGreenUpdatePolicy', 'TrafficRoutingConfiguration', 'Type'])?.['x-enumDocUrls']?.[mode];
      if (url) return url;
    }
    if (path[0] === 'RollingUpdatePolicy' || config?.strategy === 'ROLLING') return MODE_PAGES.ROLLING;
  }
  for (let i = path.length; i >= 0; i--) {
    const url = schemaAtPath(path.slice(0, i), family)?.['x-docUrl'];
    if (url) return url;
  }
  return schemaOf(family)['x-docUrl'];
}

/** Which API the config is read as, and why when nothing around it told. */
function familyLine(block: ConfigBlock, family: ConfigFamily): string {
  const { name, api } = FAMILY_NAMES[family];
  const described = `${name[0]!.toUpperCase()}${name.slice(1)} DeploymentConfig (${api})`;
  if (block.family) return `_${described}._`;
  const possible = plausibleFamilies(block.root).map((f) => FAMILY_NAMES[f].name);
  return `_Shown as ${article(name)} ${name}'s DeploymentConfig: nothing around it says which API it is for (${possible.join(', ')}), so only what is wrong for all of them is reported._`;
}

const article = (word: string): string => (/^[aeiou]/i.test(word) ? 'an' : 'a');

/** What the field's current value does in this config, in one or two sentences. */
function effectOf(block: ConfigBlock, path: readonly (string | number)[], config: RolloutConfig | undefined, fleetSize: number | undefined, family: ConfigFamily): string | undefined {
  const keys = path.filter((p): p is string => typeof p === 'string');
  const last = keys[keys.length - 1];
  if (!config) return undefined;
  const bakes = bakeCount(config, fleetSize);
  const bakesText = bakes !== undefined ? `${bakes} baking period${bakes === 1 ? '' : 's'} of ${humanDuration(config.waitIntervalSeconds)}` : undefined;
  const total = totalWaitSeconds(config, fleetSize);
  const sizeKey = keys.find((k) => k === 'CanarySize' || k === 'LinearStepSize' || k === 'MaximumBatchSize' || k === 'RollbackMaximumBatchSize');
  if (sizeKey) {
    const size = capacitySizeOf(nodeAtPath(block.root, path.slice(0, path.indexOf(sizeKey) + 1)), family);
    if (!size) return undefined;
    if (sizeKey === 'RollbackMaximumBatchSize') {
      const allAtOnce = size.type === 'CAPACITY_PERCENT' ? size.value >= 100 : fleetSize !== undefined && size.value >= fleetSize;
      return allAtOnce ? 'On an alarm, all traffic goes back to the old fleet at once.' : `On an alarm, traffic goes back ${describeSize(size, fleetSize)} at a time.`;
    }
    // A canary is one step of this size and then the rest; linear and rolling repeat it.
    const shape = sizeKey === 'CanarySize' ? ' first, then the rest' : sizeKey === 'MaximumBatchSize' ? ' per batch' : ' per step';
    return `${describeSize(size, fleetSize)}${shape}${bakesText ? `; ${bakesText}` : ''}.`;
  }
  switch (last) {
    case 'WaitIntervalInSeconds':
      return bakesText ? `${bakesText}${total !== undefined ? `; ${humanDuration(total)} of waiting in total` : ''}.` : undefined;
    case 'TerminationWaitInSeconds':
      return `The blue fleet stays up ${humanDuration(config.terminationWaitSeconds)} after the last bake${total !== undefined ? `, and is terminated ${humanDuration(total)} after the first traffic shift` : ''}.`;
    case 'MaximumExecutionTimeoutInSeconds':
      if (config.maximumExecutionTimeoutSeconds === undefined || total === undefined) return undefined;
      return config.maximumExecutionTimeoutSeconds > total
        ? `${humanDuration(config.maximumExecutionTimeoutSeconds)} for ${humanDuration(total)} of waiting: ${humanDuration(config.maximumExecutionTimeoutSeconds - total)} to spare.`
        : `Too short: the rollout waits ${humanDuration(total)} in total, the timeout is ${humanDuration(config.maximumExecutionTimeoutSeconds)}.`;
    case 'Alarms':
    case 'AlarmName':
    case 'AutoRollbackConfiguration':
      return config.alarmNames.length ? `${config.alarmNames.length} alarm${config.alarmNames.length === 1 ? '' : 's'} watch${config.alarmNames.length === 1 ? 'es' : ''} every baking period.` : 'No alarms: no bake can trigger a rollback.';
    default:
      return describeRollout(config, fleetSize) + '.';
  }
}

/** "CanarySize.Value", "Alarms[].AlarmName": the last two keys, "[]" marking a list item. */
function displayName(path: readonly (string | number)[]): string {
  const names: string[] = [];
  for (const part of path) {
    if (typeof part === 'string') names.push(part);
    else if (names.length && !names[names.length - 1]!.endsWith('[]')) names[names.length - 1] += '[]';
  }
  return names.length ? names.slice(-2).join('.') : 'DeploymentConfig';
}

/** Keys outside DeploymentConfig that the size hints name. */
const HINT_KEYS = ['InitialInstanceCount', 'RuntimeConfig', 'CopyCount', 'InstanceCount'];

const SIZE_KEYS = new Set(['CanarySize', 'LinearStepSize', 'MaximumBatchSize', 'RollbackMaximumBatchSize']);
const ALARM_KEYS = new Set(['AutoRollbackConfiguration', 'Alarms', 'AlarmName']);

/**
 * Whether the unknown fleet size changes what this hover says: instance counts of a size, and the
 * step count of LINEAR and ROLLING. Alarms, ALL_AT_ONCE and a canary's bakes do not depend on it.
 */
function fleetSizeMatters(path: readonly (string | number)[], config: RolloutConfig): boolean {
  const keys = path.filter((p): p is string => typeof p === 'string');
  if (keys.some((k) => ALARM_KEYS.has(k))) return false;
  if (keys.some((k) => SIZE_KEYS.has(k))) return true;
  return config.strategy === 'LINEAR' || config.strategy === 'ROLLING';
}

export function hoverAt(blocks: readonly ConfigBlock[], offset: number, defaultFleetSize?: number, defaultCopyCount?: number): HoverResult | undefined {
  const location = locate(blocks, offset);
  if (!location) return undefined;
  const { block, node, keyOf } = location;
  const fieldPath = location.path;
  const family = serviceFamily(block.family, block.root);
  const schema = schemaAtPath(fieldPath, family);
  if (!schema) return undefined;
  const fleetSize = block.fleetSize ?? (family === 'inference-component' ? defaultCopyCount : family === 'endpoint' ? defaultFleetSize : undefined);
  const config = rolloutConfigOf(block.root, family);
  const lines: string[] = [];
  const name = displayName(fieldPath);
  const enumValue = !keyOf && node.kind === 'string' && schema.enum?.includes(node.value) ? node.value : undefined;
  if (enumValue) {
    lines.push(`**${enumValue}** (${name})`);
    const description = schema['x-enumDescriptions']?.[enumValue];
    if (description) lines.push('', description);
  } else {
    const parentSchema = schemaAtPath(fieldPath.slice(0, -1), family);
    const last = fieldPath[fieldPath.length - 1];
    const required = typeof last === 'string' && Boolean(parentSchema?.required?.includes(last));
    // A size's guardrail also applies to its Value.
    const guardrail = schema['x-guardrail'] ?? (last === 'Value' ? parentSchema?.['x-guardrail'] : undefined);
    const mode = typeof last === 'string' && fieldPath[fieldPath.length - 2] === 'TrafficRoutingConfiguration' ? REQUIRED_FOR_MODE[last] : undefined;
    const requirement = required ? 'required' : mode ? `required for ${mode}, not allowed otherwise` : 'optional';
    lines.push(`**${name}** · ${typeLine(resolveSchema(schema, family), requirement, guardrail, family)}`);
    if (schema.description) lines.push('', schema.description);
  }
  const described = effectOf(block, fieldPath, config, fleetSize, family);
  // An inference component rolls model copies, not instances.
  const effect = family === 'inference-component' ? described?.replace(/\binstance(s?)\b/g, (_, plural: string) => (plural ? 'copies' : 'copy')) : described;
  if (effect) lines.push('', `**In this config:** ${effect}`);
  if (fleetSize === undefined && config && config.strategy !== 'ALL_AT_ONCE' && fleetSizeMatters(fieldPath, config)) {
    lines.push(
      '',
      family === 'inference-component'
        ? '_Copy count unknown: copy counts need `RuntimeConfig.CopyCount` in this file or the `smGuardrails.defaultCopyCount` setting._'
        : family === 'hyperpod-cluster'
          ? "_Instance group size unknown: it is the group's `InstanceCount`._"
          : '_Fleet size unknown: instance counts need `InitialInstanceCount` in this file or the `smGuardrails.defaultFleetSize` setting._',
    );
  }
  // Key names read as the user wrote them (`linear_step_size` in Terraform); the API line and the link stay as they are.
  const written = lines.map((line) => messageInDialect(line, block.keyDialect, HINT_KEYS));
  written.push('', familyLine(block, family));
  const url = docUrl(block, fieldPath, family);
  if (url) written.push('', `[AWS guide](${url})`);
  return { markdown: written.join('\n'), span: keyOf ? keyOf.keySpan : node };
}
