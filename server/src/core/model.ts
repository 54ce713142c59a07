// The core's data model: config blocks found in a host document, as JSON-like trees whose
// nodes keep their offset and length in that host document. Pure types, no imports.

/** A span of the host document, in UTF-16 code units (what editors and LSP use). */
export interface Span {
  offset: number;
  length: number;
}

interface NodeBase extends Span {}

export interface ObjectNode extends NodeBase {
  kind: 'object';
  properties: PropertyNode[];
  /** Has members we cannot see (`**spread`, non-literal keys): a key may be there after all. */
  open?: boolean;
}

export interface ArrayNode extends NodeBase {
  kind: 'array';
  items: ValueNode[];
}

export interface StringNode extends NodeBase {
  kind: 'string';
  value: string;
  /**
   * A CLI shorthand scalar, bare or quoted (`Value=10`, `Value="10"`): the AWS CLI coerces it to
   * the member's type (integer, boolean) using the service model, so it is not a wrong type.
   */
  coercible?: boolean;
}

export interface NumberNode extends NodeBase {
  kind: 'number';
  value: number;
  isInteger: boolean;
  /** The literal as written when it is not a plain integer (`60.0`, `1e2`), for messages. */
  written?: string;
}

export interface BooleanNode extends NodeBase {
  kind: 'boolean';
  value: boolean;
}

export interface NullNode extends NodeBase {
  kind: 'null';
}

/** A value that is not a literal (a name, an f-string, a call, `$VAR`): never an error. */
export interface UnknownNode extends NodeBase {
  kind: 'unknown';
  text: string;
}

export type ValueNode = ObjectNode | ArrayNode | StringNode | NumberNode | BooleanNode | NullNode | UnknownNode;

export interface PropertyNode extends Span {
  /** The key, unquoted: the API's name (hosts with another key style translate it, see writtenKey). */
  key: string;
  /** The key as written when the host's key style differs from the API's (`canary_size`, `canarySize`). */
  writtenKey?: string;
  keySpan: Span;
  /** Absent when the source has a key and no value yet (while typing). */
  value?: ValueNode;
}

export type HostKind = 'python' | 'json' | 'cli' | 'yaml' | 'terraform' | 'typescript';

/**
 * Which SageMaker API the config is for (see shared api-families.md): the same key names mean
 * different shapes. Decided by the host from the call, command or resource around the config.
 */
export type ConfigFamily = 'endpoint' | 'inference-component' | 'hyperpod-cluster';

/**
 * How the host writes keys. Hosts translate keys to the API's PascalCase names once (keeping
 * every span), so rules and services see one canonical tree; printers translate back.
 */
export type KeyDialect = 'pascal' | 'camel' | 'snake';
/** How the config text itself is written: decides quoting and printing for fixes and conversions. */
/** `python-call`: objects are keyword arguments of calls (`CapacitySize(type="...", value=10)`, sagemaker-core and CDK Python). */
export type ConfigSyntax = 'python' | 'python-call' | 'json' | 'shorthand' | 'yaml' | 'hcl' | 'js';

export interface ConfigBlock {
  host: HostKind;
  syntax: ConfigSyntax;
  /** The DeploymentConfig object. */
  root: ValueNode;
  /** Where a `file://` reference points from, when the config was loaded from another file. */
  fileReference?: FileReference;
  /**
   * The text of the config does not parse (a document being typed, `{"A": {` or an open string):
   * its findings are reported, but no fix or conversion edits it, as any edit could make it worse.
   */
  incomplete?: boolean;
  /**
   * The fleet in the family's unit, found in the same document: InitialInstanceCount of an endpoint
   * config (endpoints and undecided blocks), RuntimeConfig.CopyCount (inference components), the
   * instance group's InstanceCount (HyperPod ScheduledUpdateConfig).
   */
  fleetSize?: number;
  /** Where that InitialInstanceCount value is written, for findings that depend on it. */
  fleetSizeSpan?: Span;
  /** Python: the quote character the dict uses; JSON/CLI: '"'. */
  quote?: string;
  /**
   * CloudFormation templates describe the same shapes, but CloudFormation fills in
   * TrafficRoutingConfig.WaitIntervalInSeconds itself, so it is not required there.
   */
  dialect?: 'cloudformation' | 'terraform';
  /**
   * The API the config belongs to. Undefined when nothing around the config tells (a bare dict or
   * file) and its content is ambiguous: only what is wrong in every family is then reported.
   */
  family?: ConfigFamily;
  /** Key style of the host; absent means the API's own names (pascal). */
  keyDialect?: KeyDialect;
  /** What the host knows of the endpoint config the endpoint uses (a linked resource in the same file). */
  endpointConfig?: EndpointConfigFacts;
}

/** The production variants of an endpoint config, as far as they are literals. */
export interface EndpointConfigFacts {
  /** Where the endpoint config is written (its resource's name or type), for messages. */
  name: string;
  variantCount: number;
  /** A variant has a ServerlessConfig. */
  serverless: boolean;
  /** Literal instance types of the variants. */
  instanceTypes: string[];
}

export interface FileReference {
  /** The `file://...` token in the host document. */
  span: Span;
  /** The path as written after `file://`. */
  path: string;
  /** The referenced file's text: the block's spans are offsets in it, not in the host document. */
  text: string;
}

export type Severity = 'error' | 'warning' | 'info';

export type RuleCode =
  | 'unknown-key'
  | 'missing-key'
  | 'wrong-type'
  | 'invalid-enum'
  | 'out-of-range'
  | 'canary-size'
  | 'linear-step-size'
  | 'rolling-batch-size'
  | 'conflicting-policies'
  | 'size-mode-mismatch'
  | 'cli-syntax'
  | 'timeout-too-short'
  | 'no-rollback-alarms'
  | 'placeholder-alarm-name'
  | 'file-reference'
  | 'misplaced-argument'
  | 'rolling-unsupported'
  | 'guardrails-ignored'
  | 'cloudformation-limit'
  | 'terraform-limit'
  | 'terraform-replacement'
  | 'terraform-wait'
  | 'document-too-large'
  | 'internal-error';

/** Every rule, in the order the docs list them (the CLI's --disable and usage read it). */
export const ALL_RULES: readonly RuleCode[] = [
  'unknown-key',
  'missing-key',
  'wrong-type',
  'invalid-enum',
  'out-of-range',
  'canary-size',
  'linear-step-size',
  'rolling-batch-size',
  'conflicting-policies',
  'size-mode-mismatch',
  'cli-syntax',
  'timeout-too-short',
  'no-rollback-alarms',
  'placeholder-alarm-name',
  'file-reference',
  'misplaced-argument',
  'rolling-unsupported',
  'guardrails-ignored',
  'cloudformation-limit',
  'terraform-limit',
  'terraform-replacement',
  'terraform-wait',
  'document-too-large',
  'internal-error',
];

/**
 * The alarm name written where the user must put theirs (the no-rollback-alarms fix, the config
 * snippets); the placeholder-alarm-name rule reports it until it is replaced.
 */
export const PLACEHOLDER_ALARM_NAME = '<your-alarm-name>';

/** Machine-readable details for quick fixes: what to put where, without re-parsing. */
export interface FindingData {
  /** The JSON path of the node the finding is about, e.g. ["BlueGreenUpdatePolicy","TrafficRoutingConfiguration","Type"]. */
  path?: (string | number)[];
  /** A suggested replacement value (enum, clamped number, key name). */
  suggestion?: string | number;
  /** For missing-key: the key to add and its default value. */
  missingKey?: string;
  defaultValue?: unknown;
  /** For timeout-too-short: the rollout's total waiting time in seconds. */
  totalWaitSeconds?: number;
  /** For cli-syntax: the value was JSON without its outer braces. */
  missingBraces?: boolean;
  /** For cli-syntax: an unquoted value the shell would brace-expand. */
  needsQuotes?: boolean;
  /** For unknown-key: the key belongs in the object at this path (WaitIntervalInSeconds of the other family's level). */
  moveTo?: (string | number)[];
  /** For wrong-type of AutoRollbackConfiguration: the other family's alarm list, to wrap in {Alarms} or unwrap. */
  alarmList?: 'wrap' | 'unwrap';
  /** For misplaced-argument: the call argument to move into DeploymentConfig. */
  misplaced?: MisplacedArgument;
}

/** `AutoRollbackConfiguration=` passed as its own argument of a call instead of inside DeploymentConfig. */
export interface MisplacedArgument {
  /** The key it must have inside DeploymentConfig. */
  key: string;
  /** The whole argument (`AutoRollbackConfiguration={...}`), with the comma after it when there is one. */
  argument: Span;
  /** The argument's value. */
  value: Span;
  /** The `DeploymentConfig=` value of the same call when it is a dict literal (its start offset), to move the argument into. */
  configOffset?: number;
  /** The `DeploymentConfig` keyword argument's name, when the call has one whose value is not a dict literal in this call. */
  hasConfigArgument?: boolean;
}

export interface Finding {
  code: RuleCode;
  severity: Severity;
  message: string;
  span: Span;
  data?: FindingData;
  /** The family of the config the finding is about; absent when it holds in every family the config may be. */
  family?: ConfigFamily;
  /** The values the finding depends on (the bakes behind a timeout, the fleet size behind a percentage). */
  related?: RelatedSpan[];
}

export interface RelatedSpan {
  span: Span;
  message: string;
}

/** One traffic-shifting strategy, as the timeline engine and converter see it. */
export type Strategy = 'ALL_AT_ONCE' | 'CANARY' | 'LINEAR' | 'ROLLING';

export type CapacityType = 'INSTANCE_COUNT' | 'CAPACITY_PERCENT';

export interface CapacitySize {
  type: CapacityType;
  value: number;
}

/**
 * A config reduced to the numbers that decide how the rollout runs. Built from a ConfigBlock
 * only when the values it needs are literals; otherwise unknown (undefined).
 */
export interface RolloutConfig {
  /**
   * The family the numbers were read for. Sizes are normalized: COPY_COUNT (inference components)
   * becomes INSTANCE_COUNT of copies, CAPACITY_PERCENTAGE (HyperPod) becomes CAPACITY_PERCENT.
   */
  family: ConfigFamily;
  /** What the fleet is counted in: instances (endpoints, HyperPod instance groups) or model copies. */
  unit: 'instance' | 'copy';
  strategy: Strategy;
  /** Baking period after each traffic step (blue/green) or batch (rolling). */
  waitIntervalSeconds: number;
  /** Blue/green only: wait after the last bake before the blue fleet is terminated. */
  terminationWaitSeconds: number;
  maximumExecutionTimeoutSeconds?: number;
  /** CanarySize, LinearStepSize or MaximumBatchSize; absent for ALL_AT_ONCE. */
  stepSize?: CapacitySize;
  /** Rolling only. */
  rollbackMaximumBatchSize?: CapacitySize;
  alarmNames: string[];
}
