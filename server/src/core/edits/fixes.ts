// Quick fixes: for each finding, the edits that make it go away where the fix is clear, in the
// host's own syntax and style. Built from the finding's data (path, suggestion, missing key,
// total wait) and the blocks the check already made; nothing is parsed again.
import { messageInDialect } from '../keys';
import type { DocumentAnalysis, DocumentKind } from '../check';
import { PLACEHOLDER_ALARM_NAME, type ConfigBlock, type ConfigFamily, type Finding, type ObjectNode, type PropertyNode, type RuleCode, type Span, type ValueNode } from '../model';
import { serviceFamily } from '../family';
import { schemaAtPath } from '../schema';
import { objectAnchor, propertyOf, stepsAlong, stringValue, valueOf, type PathStep } from '../tree';
import { ConfigEditor, type Entry } from './editor';
import { Verbatim, type PlainObject, type PlainValue } from './printer';
import { encodeForShell, quotingAt, wordAround } from './shell-word';
import { suppressionEdit } from './suppress';
import { splitsSurrogatePair } from '../text';
import { topLevelStatementStarts } from '../hosts/python-statements';
import { applyEdits, editsConflict, endOf, type TextEdit } from './text-edit';

export interface FixCommand {
  title: string;
  command: string;
  arguments: unknown[];
}

export interface Fix {
  title: string;
  kind: 'quickfix';
  edits: TextEdit[];
  /** The one fix `fix all` applies for its finding. */
  isPreferred?: boolean;
  /** A client command instead of (or after) the edits. */
  command?: FixCommand;
}

/** The client command that adds a rule to smGuardrails.disabledRules. */
export const DISABLE_RULE_COMMAND = 'smGuardrails.disableRule';

/** Values new keys get when the schema has no default (documented in the README). */
export const DEFAULT_WAIT_SECONDS = 600;
export const DEFAULT_PERCENT: Readonly<Record<'CanarySize' | 'LinearStepSize' | 'MaximumBatchSize' | 'RollbackMaximumBatchSize', number>> = {
  CanarySize: 10,
  LinearStepSize: 20,
  MaximumBatchSize: 20,
  RollbackMaximumBatchSize: 100,
};
export const PLACEHOLDER_ALARM = PLACEHOLDER_ALARM_NAME;
const MAX_TIMEOUT = 28800;

/** The order keys are written in (the AWS guide's): new keys go after the nearest key before them. */
export const KEY_ORDER: readonly string[] = [
  'BlueGreenUpdatePolicy',
  'RollingUpdatePolicy',
  'AutoRollbackConfiguration',
  'TrafficRoutingConfiguration',
  'Type',
  'CanarySize',
  'LinearStepSize',
  'MaximumBatchSize',
  'WaitIntervalInSeconds',
  'TerminationWaitInSeconds',
  'MaximumExecutionTimeoutInSeconds',
  'RollbackMaximumBatchSize',
  'Value',
  'Alarms',
  'AlarmName',
];

/** Where a new key goes in an object: after the last key that comes before it in KEY_ORDER. */
export function insertionPoint(object: ObjectNode, key: string): PropertyNode | null {
  const rank = KEY_ORDER.indexOf(key);
  let after: PropertyNode | null = null;
  for (const property of object.properties) {
    const other = KEY_ORDER.indexOf(property.key);
    if (other !== -1 && other < rank) after = property;
  }
  return after;
}

/**
 * A timeout that covers the rollout with a margin: the total waiting time plus 20% (at least
 * 10 minutes), rounded up to a minute, at most the API's 28800 s. Undefined when no timeout can.
 */
export function raisedTimeout(totalWaitSeconds: number): number | undefined {
  const margin = Math.max(600, Math.ceil(totalWaitSeconds * 0.2));
  const raised = Math.min(MAX_TIMEOUT, Math.ceil((totalWaitSeconds + margin) / 60) * 60);
  return raised > totalWaitSeconds ? raised : undefined;
}

/** The percentage type in a family's spelling: HyperPod writes CAPACITY_PERCENTAGE. */
const percentType = (family: ConfigFamily): string => (family === 'hyperpod-cluster' ? 'CAPACITY_PERCENTAGE' : 'CAPACITY_PERCENT');

export function defaultSize(sizeKey: string, family: ConfigFamily = 'endpoint'): PlainObject {
  return { Type: percentType(family), Value: DEFAULT_PERCENT[sizeKey as keyof typeof DEFAULT_PERCENT] ?? 20 };
}

/** The value a missing required key gets: the schema's default, else a sensible one. */
export function defaultValueFor(objectPath: readonly (string | number)[], key: string, object: ObjectNode | undefined, family: ConfigFamily = 'endpoint'): PlainValue | undefined {
  const schemaDefault = schemaAtPath([...objectPath, key], family)?.default;
  if (schemaDefault !== undefined) return schemaDefault as PlainValue;
  const parent = [...objectPath].reverse().find((s): s is string => typeof s === 'string');
  switch (key) {
    case 'TrafficRoutingConfiguration':
      return { Type: 'ALL_AT_ONCE', WaitIntervalInSeconds: DEFAULT_WAIT_SECONDS };
    case 'WaitIntervalInSeconds':
      return DEFAULT_WAIT_SECONDS;
    case 'RollingUpdatePolicy':
      // Required only for inference components: a rolling update of 20% of the copies at a time.
      return family === 'hyperpod-cluster' ? { MaximumBatchSize: defaultSize('MaximumBatchSize', family) } : { MaximumBatchSize: defaultSize('MaximumBatchSize', family), WaitIntervalInSeconds: DEFAULT_WAIT_SECONDS };
    case 'MaximumBatchSize':
    case 'CanarySize':
    case 'LinearStepSize':
    case 'RollbackMaximumBatchSize':
      return defaultSize(key, family);
    case 'Type':
      if (parent === 'TrafficRoutingConfiguration') {
        if (propertyOf(object, 'CanarySize')) return 'CANARY';
        if (propertyOf(object, 'LinearStepSize')) return 'LINEAR';
        return 'ALL_AT_ONCE';
      }
      return percentType(family);
    case 'Value':
      if (['INSTANCE_COUNT', 'COPY_COUNT'].includes(stringValue(valueOf(object, 'Type')) ?? '')) return 1;
      return DEFAULT_PERCENT[parent as keyof typeof DEFAULT_PERCENT] ?? 20;
    case 'AlarmName':
      return PLACEHOLDER_ALARM;
    default:
      return undefined;
  }
}

const sameSpan = (a: Span, b: Span): boolean => a.offset === b.offset && a.length === b.length;

interface Target {
  block: ConfigBlock;
  steps: PathStep[];
  /** The node at the end of the finding's path. */
  node: ValueNode;
  property?: PropertyNode;
  /** For unknown-key: the object that holds the key. */
  parent?: ObjectNode;
}

/** Each object's properties by where their key starts: an object with thousands of unknown keys is searched once. */
const propertiesByKeyOffset = new WeakMap<ObjectNode, Map<number, PropertyNode>>();

function propertyWithKeyAt(object: ObjectNode, offset: number): PropertyNode | undefined {
  let byOffset = propertiesByKeyOffset.get(object);
  if (!byOffset) {
    byOffset = new Map(object.properties.map((p) => [p.keySpan.offset, p]));
    propertiesByKeyOffset.set(object, byOffset);
  }
  return byOffset.get(offset);
}

/** The block and node a finding is about: its path followed in each block until the span matches. */
function locate(analysis: DocumentAnalysis, finding: Finding): Target | undefined {
  const path = finding.data?.path;
  if (!path) return undefined;
  for (const block of analysis.blocks) {
    if (block.fileReference || block.incomplete) continue;
    if (finding.code === 'no-rollback-alarms') {
      if (block.root.kind !== 'object') continue;
      const policy = block.root.properties.find((p) => (p.key === 'BlueGreenUpdatePolicy' || p.key === 'RollingUpdatePolicy') && sameSpan(p.keySpan, finding.span));
      if (policy) return { block, steps: [{ node: block.root }], node: block.root, property: policy };
      continue;
    }
    if (finding.code === 'unknown-key') {
      const parentSteps = stepsAlong(block.root, path.slice(0, -1));
      const parent = parentSteps[parentSteps.length - 1]!.node;
      if (parentSteps.length !== path.length || parent.kind !== 'object') continue;
      const property = propertyWithKeyAt(parent, finding.span.offset);
      if (property && property.key === path[path.length - 1] && sameSpan(property.keySpan, finding.span)) return { block, steps: parentSteps, node: property.value ?? parent, property, parent };
      continue;
    }
    const steps = stepsAlong(block.root, path);
    if (steps.length !== path.length + 1) continue;
    const { node, property } = steps[steps.length - 1]!;
    const matches =
      sameSpan(node, finding.span) ||
      (property !== undefined && sameSpan(property.keySpan, finding.span)) ||
      (node.kind === 'object' && sameSpan(objectAnchor(node, property), finding.span));
    if (matches) return { block, steps, node, ...(property ? { property } : {}) };
  }
  return undefined;
}

/** A readable name for the field at a path: `CanarySize.Value`, `WaitIntervalInSeconds`. */
function fieldName(path: readonly (string | number)[]): string {
  const keys = path.filter((s): s is string => typeof s === 'string');
  const last = keys[keys.length - 1] ?? 'DeploymentConfig';
  return (last === 'Type' || last === 'Value') && keys.length > 1 ? `${keys[keys.length - 2]}.${last}` : last;
}

function fix(title: string, edits: TextEdit[], isPreferred = false): Fix {
  return { title, kind: 'quickfix', edits, ...(isPreferred ? { isPreferred: true } : {}) };
}

/**
 * Set while fix all asks for preferred fixes only: the alternatives are not built (removing one of
 * 1,000 unknown keys reprints the object; building that for every key made fix all quadratic).
 */
let preferredOnly = false;

function withEditor(text: string, block: ConfigBlock, title: string, preferred: boolean, build: (editor: ConfigEditor) => void): Fix | undefined {
  if (preferredOnly && !preferred) return undefined;
  const editor = new ConfigEditor(text, block);
  build(editor);
  return editor.edits.length ? fix(title, editor.edits, preferred) : undefined;
}

function valueFixes(text: string, finding: Finding, target: Target): Fix[] {
  const suggestion = finding.data?.suggestion;
  const path = finding.data?.path ?? [];
  const node = target.node;
  const fixes: (Fix | undefined)[] = [];
  switch (finding.code) {
    case 'out-of-range':
    case 'canary-size':
    case 'linear-step-size':
    case 'rolling-batch-size':
    case 'wrong-type':
    case 'terraform-limit':
      if (typeof suggestion === 'number' && node.kind !== 'object' && node.kind !== 'array' && node.kind !== 'unknown') {
        fixes.push(withEditor(text, target.block, `Change ${fieldName(path)} to ${suggestion}`, true, (e) => e.setValue(node, suggestion)));
      }
      break;
    case 'invalid-enum': {
      if (node.kind !== 'string') break;
      if (typeof suggestion === 'string') {
        fixes.push(withEditor(text, target.block, `Change to ${suggestion}`, true, (e) => e.setValue(node, suggestion)));
      } else {
        for (const value of schemaAtPath(path, serviceFamily(target.block.family, target.block.root))?.enum ?? []) fixes.push(withEditor(text, target.block, `Change to ${value}`, false, (e) => e.setValue(node, value)));
      }
      break;
    }
    case 'timeout-too-short': {
      const total = finding.data?.totalWaitSeconds;
      const raised = total === undefined ? undefined : raisedTimeout(total);
      if (raised !== undefined && node.kind !== 'unknown') {
        fixes.push(withEditor(text, target.block, `Raise MaximumExecutionTimeoutInSeconds to ${raised} (rollout ${total} s + margin)`, true, (e) => e.setValue(node, raised)));
      }
      break;
    }
    default:
      break;
  }
  return fixes.filter((f): f is Fix => f !== undefined);
}

/** Moves a key to the object where its family wants it (WaitIntervalInSeconds: top level for HyperPod, in the policy elsewhere). */
function moveKeyFix(text: string, target: Target, property: PropertyNode, parent: ObjectNode, into: readonly (string | number)[]): Fix | undefined {
  const steps = stepsAlong(target.block.root, into);
  const destination = steps.length === into.length + 1 ? steps[steps.length - 1]!.node : undefined;
  if (destination?.kind !== 'object' || destination === parent || propertyOf(destination, property.key)) return undefined;
  const where = into.length === 0 ? 'the top level' : String(into[into.length - 1]);
  return withEditor(text, target.block, `Move ${property.key} to ${where}`, true, (e) => {
    const value = new Verbatim(e.valueSourceOf(property));
    e.rewriteObject(parent, { remove: [property] });
    // At the top level it goes after the policy it came from; in a policy, after the nearest key before it.
    const after = into.length === 0 ? (destination.properties.find((p) => p.value === parent) ?? insertionPoint(destination, property.key)) : insertionPoint(destination, property.key);
    e.rewriteObject(destination, { insert: [{ after, entries: [[property.key, value]] }] });
  });
}

function unknownKeyFixes(text: string, finding: Finding, target: Target): Fix[] {
  const { parent, property } = target;
  if (!parent || !property) return [];
  const fixes: (Fix | undefined)[] = [];
  const moveTo = finding.data?.moveTo;
  if (moveTo) fixes.push(moveKeyFix(text, target, property, parent, moveTo));
  const suggestion = finding.data?.suggestion;
  if (typeof suggestion === 'string' && !propertyOf(parent, suggestion)) {
    fixes.push(withEditor(text, target.block, `Rename to ${suggestion}`, true, (e) => e.renameKey(property, suggestion)));
  }
  // The only key of a config written without braces (shorthand, a YAML block map, HCL): removing it
  // leaves `--deployment-config` without a value, or `DeploymentConfig:` with none.
  const bracelessSyntax = target.block.syntax === 'shorthand' || target.block.syntax === 'yaml' || target.block.syntax === 'hcl';
  const onlyShorthandKey = bracelessSyntax && parent === target.block.root && parent.properties.length === 1;
  if (!onlyShorthandKey) fixes.push(withEditor(text, target.block, `Remove ${property.key}`, false, (e) => e.rewriteObject(parent, { remove: [property] })));
  return fixes.filter((f): f is Fix => f !== undefined);
}

function addEntryFix(text: string, block: ConfigBlock, object: ObjectNode, entry: Entry, title: string, preferred: boolean): Fix | undefined {
  return withEditor(text, block, title, preferred, (e) => e.rewriteObject(object, { insert: [{ after: insertionPoint(object, entry[0]), entries: [entry] }] }));
}

function describePlain(value: PlainValue): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean' || value === null) return String(value);
  if (value && typeof value === 'object' && !Array.isArray(value) && 'Type' in value && 'Value' in value) {
    return value.Type === 'CAPACITY_PERCENT' ? `${String(value.Value)}%` : `${String(value.Value)} instances`;
  }
  return '{...}';
}

function missingKeyFixes(text: string, analysis: DocumentAnalysis, finding: Finding, target: Target): Fix[] {
  const key = finding.data?.missingKey;
  const object = target.node;
  if (!key || object.kind !== 'object') return [];
  // A misspelled key is there (`WaitIntervalSeconds`): rename it, or fix all would add a second entry.
  const misspelled = object.properties.find((p) =>
    analysis.findings.some((f) => f.code === 'unknown-key' && f.data?.suggestion === key && sameSpan(f.span, p.keySpan)),
  );
  if (misspelled) {
    const renamed = withEditor(text, target.block, `Rename ${misspelled.key} to ${key}`, true, (e) => e.renameKey(misspelled, key));
    return renamed ? [renamed] : [];
  }
  const value = defaultValueFor(finding.data?.path ?? [], key, object, serviceFamily(target.block.family, target.block.root));
  if (value === undefined) return [];
  const fixed = addEntryFix(text, target.block, object, [key, value], `Add ${key} (${describePlain(value)})`, true);
  return fixed ? [fixed] : [];
}

const SIZE_MODES: Record<string, 'CANARY' | 'LINEAR'> = { CanarySize: 'CANARY', LinearStepSize: 'LINEAR' };
const SIZE_KEYS: Record<string, string> = { CANARY: 'CanarySize', LINEAR: 'LinearStepSize' };

function sizeModeFixes(text: string, finding: Finding, target: Target): Fix[] {
  const routing = target.steps[target.steps.length - 2]?.node;
  if (routing?.kind !== 'object') return [];
  const typeNode = valueOf(routing, 'Type');
  const type = stringValue(typeNode);
  const fixes: (Fix | undefined)[] = [];
  const block = target.block;
  const missing = finding.data?.missingKey;
  if (missing) {
    // CANARY/LINEAR without its size: the other mode's size renamed, else a default size.
    const other = routing.properties.find((p) => p.key in SIZE_MODES && p.key !== missing);
    if (other) fixes.push(withEditor(text, block, `Rename ${other.key} to ${missing}`, true, (e) => e.renameKey(other, missing)));
    fixes.push(addEntryFix(text, block, routing, [missing, defaultSize(missing)], `Add ${missing} (${DEFAULT_PERCENT[missing as keyof typeof DEFAULT_PERCENT]}%)`, !other));
    if (typeNode?.kind === 'string') fixes.push(withEditor(text, block, 'Change Type to ALL_AT_ONCE', false, (e) => e.setValue(typeNode, 'ALL_AT_ONCE')));
    return fixes.filter((f): f is Fix => f !== undefined);
  }
  const property = target.property;
  if (!property) return [];
  const needed = type ? SIZE_KEYS[type] : undefined;
  if (needed && !propertyOf(routing, needed)) {
    fixes.push(withEditor(text, block, `Rename ${property.key} to ${needed}`, true, (e) => e.renameKey(property, needed)));
  }
  fixes.push(withEditor(text, block, `Remove ${property.key}`, !(needed && !propertyOf(routing, needed)), (e) => e.rewriteObject(routing, { remove: [property] })));
  const mode = SIZE_MODES[property.key];
  if (mode && typeNode?.kind === 'string') fixes.push(withEditor(text, block, `Change Type to ${mode}`, false, (e) => e.setValue(typeNode, mode)));
  return fixes.filter((f): f is Fix => f !== undefined);
}

function alarmFixes(text: string, target: Target): Fix[] {
  const root = target.block.root;
  if (root.kind !== 'object') return [];
  const rollback = propertyOf(root, 'AutoRollbackConfiguration');
  const alarms: PlainValue = [{ AlarmName: PLACEHOLDER_ALARM }];
  const title = `Add AutoRollbackConfiguration with a placeholder alarm (${PLACEHOLDER_ALARM})`;
  let result: Fix | undefined;
  if (!rollback) {
    result = addEntryFix(text, target.block, root, ['AutoRollbackConfiguration', { Alarms: alarms }], title, false);
  } else if (rollback.value?.kind === 'object' && !propertyOf(rollback.value, 'Alarms')) {
    result = addEntryFix(text, target.block, rollback.value, ['Alarms', alarms], `Add Alarms with a placeholder alarm (${PLACEHOLDER_ALARM})`, false);
  }
  return result ? [result] : [];
}

function conflictFixes(text: string, target: Target): Fix[] {
  const root = target.block.root;
  if (root.kind !== 'object') return [];
  return ['BlueGreenUpdatePolicy', 'RollingUpdatePolicy']
    .map((key) => propertyOf(root, key))
    .filter((p): p is PropertyNode => p !== undefined)
    .map((p) => withEditor(text, target.block, `Remove ${p.key}`, false, (e) => e.rewriteObject(root, { remove: [p] })))
    .filter((f): f is Fix => f !== undefined);
}

/** The alarm list written the other family's way: unwrap {Alarms: [...]} for HyperPod, wrap a bare list elsewhere. */
function alarmListFixes(text: string, finding: Finding, target: Target): Fix[] {
  const node = target.node;
  if (finding.data?.alarmList === 'unwrap' && node.kind === 'object') {
    const alarms = propertyOf(node, 'Alarms');
    if (!alarms?.value) return [];
    const fixed = withEditor(text, target.block, 'Unwrap the alarm list (HyperPod takes a bare list)', true, (e) => e.setValue(node, new Verbatim(e.valueSourceOf(alarms))));
    return fixed ? [fixed] : [];
  }
  if (finding.data?.alarmList === 'wrap' && node.kind === 'array') {
    const fixed = withEditor(text, target.block, 'Wrap the alarm list in {"Alarms": [...]}', true, (e) =>
      e.setValue(node, { Alarms: new Verbatim(e.sourceOf(node.offset, node.offset + node.length)) }, { inline: true }),
    );
    return fixed ? [fixed] : [];
  }
  return [];
}

/**
 * misplaced-argument: `AutoRollbackConfiguration=` of the call moved into its DeploymentConfig (a
 * dict in this file), or the argument turned into `DeploymentConfig={"AutoRollbackConfiguration": ...}`.
 */
function misplacedArgumentFixes(text: string, analysis: DocumentAnalysis, finding: Finding): Fix[] {
  const misplaced = finding.data?.misplaced;
  if (!misplaced) return [];
  const valueText = text.slice(misplaced.value.offset, misplaced.value.offset + misplaced.value.length);
  const removal: TextEdit = { offset: misplaced.argument.offset, length: misplaced.argument.length, newText: '' };
  if (misplaced.configOffset !== undefined) {
    const block = analysis.blocks.find((b) => !b.fileReference && b.root.offset === misplaced.configOffset);
    if (block?.root.kind !== 'object' || propertyOf(block.root, misplaced.key)) return [];
    const root = block.root;
    const editor = new ConfigEditor(text, block);
    editor.rewriteObject(root, { insert: [{ after: insertionPoint(root, misplaced.key), entries: [[misplaced.key, new Verbatim(valueText)]] }] });
    const edits = [...editor.edits, removal];
    if (editsConflict(editor.edits, [removal])) return [];
    return [fix(`Move ${misplaced.key} into DeploymentConfig`, edits, true)];
  }
  if (misplaced.hasConfigArgument) return [];
  const quote = /^[^'"]*(['"])/.exec(text.slice(misplaced.value.offset, misplaced.value.offset + misplaced.value.length))?.[1] ?? '"';
  const end = misplaced.value.offset + misplaced.value.length;
  return [
    fix(`Pass ${misplaced.key} inside DeploymentConfig`, [{ offset: finding.span.offset, length: end - finding.span.offset, newText: `DeploymentConfig={${quote}${misplaced.key}${quote}: ${valueText}}` }], true),
  ];
}

/** cli-syntax: JSON that lost its braces gets them back inside its quotes; a brace-expanded word gets single quotes. */
function cliSyntaxFixes(text: string, finding: Finding): Fix[] {
  const word = wordAround(text, finding.span.offset);
  if (!word || word.chars.length === 0) return [];
  // The word must end where the host's value ends: a quote left open after the value (`a={b,c}'`)
  // makes this reading run on past it, into the next lines or the next Markdown fence.
  if (word.end !== finding.span.offset + finding.span.length) return [];
  if (finding.data?.missingBraces) {
    const first = word.chars[0]!;
    const last = word.chars[word.chars.length - 1]!;
    return [
      fix(
        'Wrap the value in { }',
        [
          { offset: first.start, length: 0, newText: encodeForShell('{', quotingAt(word, first.start)) },
          { offset: last.end, length: 0, newText: encodeForShell('}', quotingAt(word, last.end)) },
        ],
        true,
      ),
    ];
  }
  if (finding.data?.needsQuotes) {
    const value = word.chars.map((c) => c.char).join('');
    return [fix('Put the value in single quotes', [{ offset: word.start, length: word.end - word.start, newText: `'${encodeForShell(value, 'single')}'` }], true)];
  }
  return [];
}

/**
 * Whether an offset is inside a config the CLI host read from a shell word (`'{...}'`): a comment
 * there would be config text. The suppression lexer reads quotes on its own; where the document is
 * broken in a way it reads differently from tree-sitter-bash, this is what keeps the comment out.
 */
function isInShellValue(analysis: DocumentAnalysis, offset: number): boolean {
  return analysis.blocks.some((b) => b.host === 'cli' && !b.fileReference && offset > b.root.offset && offset < b.root.offset + b.root.length);
}

function suppressionFixes(text: string, kind: DocumentKind, analysis: DocumentAnalysis, finding: Finding): Fix[] {
  const fixes: Fix[] = [];
  if (preferredOnly) return fixes;
  // A comment added to a config that does not parse could end up inside its open quote or bracket.
  const inIncompleteConfig = analysis.blocks.some((b) => b.incomplete && finding.span.offset >= b.root.offset && finding.span.offset <= b.root.offset + b.root.length);
  const comment = inIncompleteConfig ? undefined : suppressionEdit(text, kind, finding);
  if (comment && !comment.edits.some((edit) => isInShellValue(analysis, edit.offset))) fixes.push(fix(comment.title, comment.edits));
  const title = `Disable ${finding.code} in settings`;
  fixes.push({ title, kind: 'quickfix', edits: [], command: { title, command: DISABLE_RULE_COMMAND, arguments: [finding.code] } });
  return fixes;
}

/** Every fix for one finding: the clear fix first (isPreferred), alternatives, then suppressions. */
export function quickFixes(text: string, kind: DocumentKind, analysis: DocumentAnalysis, finding: Finding): Fix[] {
  const fixes: Fix[] = [];
  try {
    if (finding.code === 'cli-syntax') fixes.push(...cliSyntaxFixes(text, finding));
    else if (finding.code === 'misplaced-argument') fixes.push(...misplacedArgumentFixes(text, analysis, finding));
    else {
      const target = locate(analysis, finding);
      if (target) {
        switch (finding.code as RuleCode) {
          case 'unknown-key':
            fixes.push(...unknownKeyFixes(text, finding, target));
            break;
          case 'missing-key':
            fixes.push(...missingKeyFixes(text, analysis, finding, target));
            break;
          case 'size-mode-mismatch':
            fixes.push(...sizeModeFixes(text, finding, target));
            break;
          case 'no-rollback-alarms':
            fixes.push(...alarmFixes(text, target));
            break;
          case 'conflicting-policies':
            fixes.push(...conflictFixes(text, target));
            break;
          case 'wrong-type':
            fixes.push(...(finding.data?.alarmList ? alarmListFixes(text, finding, target) : valueFixes(text, finding, target)));
            break;
          default:
            fixes.push(...valueFixes(text, finding, target));
        }
      }
    }
  } catch {
    // A fix that cannot be built is not offered; the suppressions still are.
  }
  // Titles name keys as the host writes them (`Rename to wait_interval_in_seconds`).
  const dialect = fixes.length ? locate(analysis, finding)?.block.keyDialect : undefined;
  const titled = dialect ? fixes.map((f) => ({ ...f, title: messageInDialect(f.title, dialect) })) : fixes;
  return [...titled, ...suppressionFixes(text, kind, analysis, finding)].filter((f) => editsAreWithin(text, f.edits));
}

/**
 * quickFixes without those that would damage the document (keepsDocumentWhole); the editor offers these.
 */
export function safeQuickFixes(text: string, kind: DocumentKind, analysis: DocumentAnalysis, finding: Finding, analyze: ((text: string) => DocumentAnalysis) | undefined): Fix[] {
  return quickFixes(text, kind, analysis, finding).filter((fix) => fix.edits.length === 0 || keepsDocumentWhole(text, kind, analysis, fix.edits, analyze));
}

/**
 * Whether `edits` (a fix, a conversion) keep the document whole: the text is checked with them
 * applied, and they are kept only if no config is lost and no damage added (`worsens`, as
 * fixAllRounds judges a round). Python is checked only where its reading is a guess: configs read from a tree with errors
 * (`readThroughRecovery`), or a string or bracket left open (the statement scan cannot vouch for
 * the text; a statement whose reparse the server deferred may hold one). tree-sitter's error
 * recovery may then read the rest differently after any edit, even one well inside a config.
 * Elsewhere in Python nothing is checked: a code action request costs no check.
 */
export function keepsDocumentWhole(text: string, kind: DocumentKind, analysis: DocumentAnalysis, edits: readonly TextEdit[], analyze: ((text: string) => DocumentAnalysis) | undefined): boolean {
  // Other hosts' edits are always checked: their files are small, and the fuzz found edits that
  // broke them (YAML: a removal, a wrap and a conversion of a config that starts a sequence item
  // under CloudFormation's `!If`; shell: shorthand written into an unquoted word the shell
  // brace-expands). Python files are the large ones, and their edits are checked where the
  // reading is a guess only.
  if (!analyze || (kind === 'python' && !analysis.readThroughRecovery && !leavesSomethingOpen(text))) return true;
  let next: DocumentAnalysis;
  try {
    next = analyze(applyEdits(text, edits));
  } catch {
    return false;
  }
  return !worsens(analysis, next);
}

/** The last Python text asked about, and whether it leaves something open (a code action request per cursor move). */
let lastScanned: { text: string; open: boolean } | undefined;

/** Whether a Python text leaves a string or bracket open: the statement scan cannot vouch for it. */
function leavesSomethingOpen(text: string): boolean {
  if (lastScanned?.text !== text) lastScanned = { text, open: topLevelStatementStarts(text) === undefined };
  return lastScanned.open;
}

/** Every edit inside the text and not inverted: anything else is a bug of ours, never offered. */
function editsAreWithin(text: string, edits: readonly TextEdit[]): boolean {
  return edits.every((edit) => edit.length >= 0 && edit.offset >= 0 && endOf(edit) <= text.length && !splitsSurrogatePair(text, edit.offset) && !splitsSurrogatePair(text, endOf(edit)));
}

/** The preferred fix of every finding, without two fixes that touch the same text. Linear in the findings. */
export function fixAll(text: string, kind: DocumentKind, analysis: DocumentAnalysis): TextEdit[] {
  const accepted = new AcceptedEdits();
  const seen = new Set<string>();
  for (const finding of analysis.findings) {
    let preferred: Fix | undefined;
    preferredOnly = true;
    try {
      preferred = quickFixes(text, kind, analysis, finding).find((f) => f.isPreferred && f.edits.length > 0);
    } finally {
      preferredOnly = false;
    }
    if (!preferred) continue;
    const key = JSON.stringify(preferred.edits);
    if (seen.has(key) || accepted.conflicts(preferred.edits)) continue;
    seen.add(key);
    accepted.add(preferred.edits);
  }
  return accepted.edits();
}

/** Accepted groups of edits, their ranges kept sorted so a new group is checked against its neighbours only. */
class AcceptedEdits {
  /** [start, end] of every accepted edit, by start; accepted edits never overlap or touch. */
  private readonly ranges: { start: number; end: number }[] = [];
  private readonly groups: TextEdit[][] = [];

  conflicts(edits: readonly TextEdit[]): boolean {
    return edits.some((edit) => {
      const index = this.firstEndingAtOrAfter(edit.offset);
      const next = this.ranges[index];
      // Overlapping or touching (as editsConflict): the first range that ends at or after the start, if it starts before the end.
      return next !== undefined && next.start <= endOf(edit);
    });
  }

  add(edits: readonly TextEdit[]): void {
    this.groups.push([...edits]);
    for (const edit of edits) {
      const range = { start: edit.offset, end: endOf(edit) };
      this.ranges.splice(this.firstEndingAtOrAfter(range.start), 0, range);
    }
  }

  edits(): TextEdit[] {
    return this.groups.flat();
  }

  private firstEndingAtOrAfter(offset: number): number {
    let low = 0;
    let high = this.ranges.length;
    while (low < high) {
      const mid = (low + high) >> 1;
      if (this.ranges[mid]!.end < offset) low = mid + 1;
      else high = mid;
    }
    return low;
  }
}

export interface FixAllResult {
  text: string;
  /** Rounds that changed the text. */
  rounds: number;
  /** Findings before and after. */
  before: number;
  after: DocumentAnalysis;
}

/** What a round of fixes must never add: syntax errors, internal errors, configs that no longer parse. */
const damage = (analysis: DocumentAnalysis): number =>
  analysis.findings.filter((f) => f.code === 'cli-syntax' || f.code === 'internal-error').length + analysis.blocks.filter((b) => b.incomplete).length;

/** Whether an edit took `before` to `after` losing a config or adding damage. */
function worsens(before: DocumentAnalysis, after: DocumentAnalysis): boolean {
  return after.blocks.length < before.blocks.length || damage(after) > damage(before);
}

/**
 * Fix all, repeated: a fix can make the next one possible (a size added, then a timeout raised).
 * A round that loses a config or breaks syntax is undone and ends the repair.
 */
export function fixAllRounds(text: string, kind: DocumentKind, analyze: (text: string) => DocumentAnalysis, maxRounds = 5): FixAllResult {
  let analysis = analyze(text);
  const before = analysis.findings.length;
  let rounds = 0;
  for (; rounds < maxRounds; rounds++) {
    const edits = fixAll(text, kind, analysis);
    if (edits.length === 0) break;
    let next: string;
    try {
      next = applyEdits(text, edits);
    } catch {
      break;
    }
    const nextAnalysis = analyze(next);
    if (worsens(analysis, nextAnalysis)) break;
    text = next;
    analysis = nextAnalysis;
  }
  return { text, rounds, before, after: analysis };
}

