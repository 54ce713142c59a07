// Facts of the tool that deploys the config, on top of the API's rules: small named overlays,
// not copies of the schema. CloudFormation fills in TrafficRoutingConfiguration's wait itself and
// wants unique rollback alarms (its resource schema); Terraform's AWS provider caps the endpoint timeout at 14400 s (the
// API allows 28800), replaces the endpoint when auto_rollback_configuration changes, and waits a
// fixed 60 minutes for an update to finish.
import type { ConfigBlock, Finding, ValueNode } from '../model';
import { rolloutConfigOf } from '../rollout';
import { humanDuration } from '../services/summary';
import { totalWaitSeconds } from '../timeline/steps';
import { integerValue, propertyOf, valueOf } from '../tree';

/** aws_sagemaker_endpoint: maximum_execution_timeout_in_seconds is validated as 600-14400 by the provider. */
export const TERRAFORM_MAX_TIMEOUT_SECONDS = 14400;
/** The provider waits this long for the endpoint to be InService again after an update. */
export const TERRAFORM_UPDATE_WAIT_SECONDS = 3600;

function terraformOverlay(block: ConfigBlock, fleetSize: number | undefined): Finding[] {
  const root = block.root;
  if (root.kind !== 'object') return [];
  const findings: Finding[] = [];
  if (block.family === 'endpoint' || block.family === undefined) {
    for (const policyKey of ['BlueGreenUpdatePolicy', 'RollingUpdatePolicy']) {
      const timeout = valueOf(valueOf(root, policyKey), 'MaximumExecutionTimeoutInSeconds');
      const seconds = integerValue(timeout);
      if (timeout && seconds !== undefined && seconds > TERRAFORM_MAX_TIMEOUT_SECONDS && seconds <= 28800) {
        findings.push({
          code: 'terraform-limit',
          severity: 'error',
          span: timeout,
          message: `The Terraform AWS provider rejects MaximumExecutionTimeoutInSeconds above ${TERRAFORM_MAX_TIMEOUT_SECONDS} (the API allows 28800).`,
          data: { path: [policyKey, 'MaximumExecutionTimeoutInSeconds'], suggestion: TERRAFORM_MAX_TIMEOUT_SECONDS },
        });
      }
    }
    const rollback = propertyOf(root, 'AutoRollbackConfiguration');
    if (rollback) {
      findings.push({
        code: 'terraform-replacement',
        severity: 'info',
        span: rollback.keySpan,
        message:
          'Changing AutoRollbackConfiguration makes Terraform replace the endpoint (a new endpoint, not an update): ' +
          'the deployment guardrails do not run for that change. Change the alarms in an apply of their own.',
      });
    }
  }
  const config = rolloutConfigOf(root, block.family ?? 'endpoint');
  const total = config ? totalWaitSeconds(config, fleetSize) : undefined;
  if (config && total !== undefined && total > TERRAFORM_UPDATE_WAIT_SECONDS) {
    const policyKey = config.strategy === 'ROLLING' ? 'RollingUpdatePolicy' : 'BlueGreenUpdatePolicy';
    const policy = propertyOf(root, policyKey);
    const wait: ValueNode | undefined =
      config.strategy === 'ROLLING' ? valueOf(policy?.value, 'WaitIntervalInSeconds') : valueOf(valueOf(policy?.value, 'TrafficRoutingConfiguration'), 'WaitIntervalInSeconds');
    const span = wait ?? policy?.keySpan;
    if (span) {
      findings.push({
        code: 'terraform-wait',
        severity: 'warning',
        span: { offset: span.offset, length: span.length },
        message:
          `The rollout waits ${humanDuration(total)} in its baking periods, longer than the ${TERRAFORM_UPDATE_WAIT_SECONDS / 60} minutes the Terraform provider waits ` +
          'for the update: terraform apply fails while SageMaker goes on with the deployment.',
      });
    }
  }
  return findings;
}

/**
 * CloudFormation's resource schemas: AutoRollbackConfiguration requires Alarms (endpoints and
 * inference components), and AWS::SageMaker::Endpoint's Alarms are `uniqueItems`.
 */
function cloudFormationOverlay(block: ConfigBlock): Finding[] {
  if (block.family === 'hyperpod-cluster') return [];
  const findings: Finding[] = [];
  const rollback = propertyOf(block.root, 'AutoRollbackConfiguration');
  if (rollback?.value?.kind === 'object' && !rollback.value.open && !propertyOf(rollback.value, 'Alarms')) {
    findings.push({
      code: 'cloudformation-limit',
      severity: 'error',
      span: rollback.keySpan,
      message: 'CloudFormation requires Alarms in AutoRollbackConfiguration (its resource schema makes it required).',
      data: { path: ['AutoRollbackConfiguration'] },
    });
  }
  if (block.family === 'inference-component') return findings;
  const alarms = valueOf(rollback?.value, 'Alarms');
  if (alarms?.kind !== 'array') return findings;
  const seen = new Set<string>();
  alarms.items.forEach((item, index) => {
    const name = valueOf(item, 'AlarmName');
    if (item.kind !== 'object' || item.open || item.properties.length !== 1 || name?.kind !== 'string') return;
    if (seen.has(name.value)) {
      findings.push({
        code: 'cloudformation-limit',
        severity: 'error',
        span: { offset: item.offset, length: item.length },
        message: `CloudFormation requires unique alarms: Alarms[${index}] repeats "${name.value}".`,
        data: { path: ['AutoRollbackConfiguration', 'Alarms', index] },
      });
    }
    seen.add(name.value);
  });
  return findings;
}

/**
 * The deployment-guardrails exclusions, for an endpoint whose endpoint config is known: rolling
 * deployments are not available for serverless and multi-variant endpoints, and Inf1 instances
 * ignore the guardrails (the update falls back to blue/green all at once with no baking).
 */
function exclusionFindings(block: ConfigBlock): Finding[] {
  const facts = block.endpointConfig;
  const root = block.root;
  if (!facts || root.kind !== 'object' || (block.family !== undefined && block.family !== 'endpoint')) return [];
  const findings: Finding[] = [];
  const rolling = propertyOf(root, 'RollingUpdatePolicy');
  if (rolling && (facts.serverless || facts.variantCount > 1)) {
    findings.push({
      code: 'rolling-unsupported',
      severity: 'error',
      span: rolling.keySpan,
      message: facts.serverless
        ? `Rolling deployments are not available for serverless endpoints: ${facts.name} has a ServerlessConfig. Use a BlueGreenUpdatePolicy.`
        : `Rolling deployments are not available for endpoints with more than one production variant: ${facts.name} has ${facts.variantCount}. Use a BlueGreenUpdatePolicy.`,
    });
  }
  const policy = rolling ?? propertyOf(root, 'BlueGreenUpdatePolicy');
  const inf1 = facts.instanceTypes.find((type) => type.startsWith('ml.inf1.'));
  if (policy && inf1) {
    findings.push({
      code: 'guardrails-ignored',
      severity: 'warning',
      span: policy.keySpan,
      message: `SageMaker ignores deployment guardrails on Inf1 instances (${inf1} in ${facts.name}): the update is blue/green all at once, with no baking period and no rollback alarms.`,
    });
  }
  return findings;
}

/** Findings of the block's deploying tool (CloudFormation, Terraform) and of its linked endpoint config. */
export function checkHostOverlays(block: ConfigBlock, fleetSize: number | undefined): Finding[] {
  const exclusions = exclusionFindings(block);
  if (block.dialect === 'terraform') return [...exclusions, ...terraformOverlay(block, fleetSize)];
  if (block.dialect === 'cloudformation') return [...exclusions, ...cloudFormationOverlay(block)];
  return exclusions;
}

/**
 * What the deploying tool relaxes: CloudFormation's schema requires only TrafficRoutingConfiguration's
 * Type (it fills in the wait), so that missing key is not reported there. RollingUpdatePolicy's
 * wait stays required.
 */
export function relaxForHost(block: ConfigBlock, findings: readonly Finding[]): Finding[] {
  if (block.dialect !== 'cloudformation') return [...findings];
  return findings.filter(
    (f) => !(f.code === 'missing-key' && f.data?.missingKey === 'WaitIntervalInSeconds' && f.data.path?.[f.data.path.length - 1] === 'TrafficRoutingConfiguration'),
  );
}
