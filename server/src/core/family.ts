// Which SageMaker API a config belongs to (its family). Hosts decide it from what surrounds the
// config (the boto3 method, the `aws sagemaker` subcommand, sibling keys, a CloudFormation type);
// only where nothing tells do they read the content, and then only signs that hold in one family.
import type { ConfigFamily, ValueNode } from './model';
import { propertyOf, stringValue, valueOf } from './tree';

const ALL: readonly ConfigFamily[] = ['endpoint', 'inference-component', 'hyperpod-cluster'];

/** boto3 methods (snake_case) and API operations whose `DeploymentConfig` argument is a config. */
const CALL_FAMILIES: Readonly<Record<string, ConfigFamily>> = {
  create_endpoint: 'endpoint',
  update_endpoint: 'endpoint',
  update_inference_component: 'inference-component',
  update_cluster_software: 'hyperpod-cluster',
};

/** The family of a call's `DeploymentConfig=` argument, from the method name (`sm.update_endpoint`). */
export function familyOfCall(method: string): ConfigFamily | undefined {
  return CALL_FAMILIES[method];
}

/** `aws sagemaker` subcommands that take `--deployment-config`. */
const SUBCOMMAND_FAMILIES: Readonly<Record<string, ConfigFamily>> = {
  'create-endpoint': 'endpoint',
  'update-endpoint': 'endpoint',
  'update-inference-component': 'inference-component',
  'update-cluster-software': 'hyperpod-cluster',
};

export function familyOfSubcommand(subcommand: string): ConfigFamily | undefined {
  return SUBCOMMAND_FAMILIES[subcommand];
}

/** CloudFormation resource types whose DeploymentConfig is a config (a cluster's sits in InstanceGroups[].ScheduledUpdateConfig). */
const RESOURCE_FAMILIES: Readonly<Record<string, ConfigFamily>> = {
  'AWS::SageMaker::Endpoint': 'endpoint',
  'AWS::SageMaker::InferenceComponent': 'inference-component',
  'AWS::SageMaker::Cluster': 'hyperpod-cluster',
};

export function familyOfResourceType(type: string): ConfigFamily | undefined {
  return RESOURCE_FAMILIES[type];
}

/**
 * The family told by the keys next to a `DeploymentConfig` key (a request's other parameters, a
 * --cli-input-json skeleton, a ScheduledUpdateConfig): EndpointName, InferenceComponentName,
 * ClusterName, ScheduleExpression.
 */
export function familyOfSiblingKeys(keys: readonly string[]): ConfigFamily | undefined {
  if (keys.includes('InferenceComponentName')) return 'inference-component';
  if (keys.includes('ClusterName') || keys.includes('ScheduleExpression')) return 'hyperpod-cluster';
  if (keys.includes('EndpointName') || keys.includes('EndpointConfigName')) return 'endpoint';
  return undefined;
}

/**
 * Edge deployment plans' `Stages[].DeploymentConfig` is {FailureHandlingPolicy}: same key name, not
 * a SageMaker update config. Known by that key, or by the stage keys next to it.
 */
export function isEdgeDeploymentConfig(root: ValueNode | undefined, siblingKeys: readonly string[] = []): boolean {
  if (siblingKeys.includes('DeviceSelectionConfig') || siblingKeys.includes('StageName')) return true;
  return propertyOf(root, 'FailureHandlingPolicy') !== undefined;
}

const SIZE_TYPE_FAMILIES: Readonly<Record<string, readonly ConfigFamily[]>> = {
  COPY_COUNT: ['inference-component'],
  INSTANCE_COUNT: ['endpoint', 'hyperpod-cluster'],
  CAPACITY_PERCENT: ['endpoint', 'inference-component'],
  // CAPACITY_PERCENTAGE tells nothing: the endpoint guide itself writes it, by mistake.
};

/**
 * The families a config's content can belong to, from signs that hold in only some of them: a
 * BlueGreenUpdatePolicy (endpoints), COPY_COUNT (inference components), a top-level wait or a bare
 * alarm list (HyperPod), a wait or timeout inside the rolling policy (not HyperPod). Each sign is an
 * error in the families it leaves out, so signs that contradict each other make the config wrong
 * in every family; it is then read as the family most of them tell (the others are the slips the
 * families' traps are made of: a bare alarm list in an endpoint's config), a BlueGreenUpdatePolicy
 * always as an endpoint's (a whole policy only endpoints have). A tie leaves every family possible.
 */
export function plausibleFamilies(root: ValueNode): ConfigFamily[] {
  if (root.kind !== 'object') return [...ALL];
  const signs: (readonly ConfigFamily[])[] = [];
  const blueGreen = propertyOf(root, 'BlueGreenUpdatePolicy') !== undefined;
  if (blueGreen) signs.push(['endpoint']);
  if (propertyOf(root, 'WaitIntervalInSeconds')) signs.push(['hyperpod-cluster']);
  const rollback = valueOf(root, 'AutoRollbackConfiguration');
  if (rollback?.kind === 'array') signs.push(['hyperpod-cluster']);
  if (rollback?.kind === 'object' && propertyOf(rollback, 'Alarms')) signs.push(['endpoint', 'inference-component']);
  const rolling = valueOf(root, 'RollingUpdatePolicy');
  if (propertyOf(rolling, 'WaitIntervalInSeconds') || propertyOf(rolling, 'MaximumExecutionTimeoutInSeconds')) signs.push(['endpoint', 'inference-component']);
  for (const key of ['MaximumBatchSize', 'RollbackMaximumBatchSize']) {
    const type = stringValue(valueOf(valueOf(rolling, key), 'Type'));
    const families = type === undefined ? undefined : SIZE_TYPE_FAMILIES[type];
    if (families) signs.push(families);
  }
  const agreed = ALL.filter((family) => signs.every((sign) => sign.includes(family)));
  if (agreed.length) return agreed;
  if (blueGreen) return ['endpoint'];
  const votes = ALL.map((family) => signs.filter((sign) => sign.includes(family)).length);
  const most = Math.max(...votes);
  const leaders = ALL.filter((_, i) => votes[i] === most);
  return leaders.length === 1 ? leaders : [...ALL];
}

/** The one family the content allows, if only one does. */
export function inferFamily(root: ValueNode): ConfigFamily | undefined {
  const families = plausibleFamilies(root);
  return families.length === 1 ? families[0] : undefined;
}

/** The family a host gives a block: what the context says, else what the content alone says. */
export function decideFamily(fromContext: ConfigFamily | undefined, root: ValueNode): ConfigFamily | undefined {
  return fromContext ?? inferFamily(root);
}

/** The families a block is checked for: its own, or every one its content allows. */
export function familiesToCheck(family: ConfigFamily | undefined, root: ValueNode): ConfigFamily[] {
  return family ? [family] : plausibleFamilies(root);
}

/** The family hover and completion read a block as: its own, else the first its content allows. */
export function serviceFamily(family: ConfigFamily | undefined, root: ValueNode): ConfigFamily {
  return family ?? plausibleFamilies(root)[0] ?? 'endpoint';
}
