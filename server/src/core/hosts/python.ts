// Python host: finds DeploymentConfig dicts in boto3 code parsed by tree-sitter-python.
// Found from trigger words in the text (policy keys, `DeploymentConfig`) and a lookup of the
// syntax node at each, so a large file costs a few tree lookups, never a walk of the whole tree.
import type { Node, Tree } from 'web-tree-sitter';
import { hasSyntaxError } from './syntax-errors';
import type { ConfigBlock, ConfigFamily, Finding, MisplacedArgument, ObjectNode, PropertyNode, Span, ValueNode } from '../model';
import { decideFamily, familyOfCall, familyOfSiblingKeys, isEdgeDeploymentConfig } from '../family';
import { forgetMovedRoots, movedRoot } from '../tree';
import { ASSIGNMENT_TARGET, clearPythonTextIndexes, pythonTextIndex, withoutKeptIndexes, type IndexedWord, type PythonTextIndex } from './python-index';
import type { TreeCoverage } from './python-statements';
import { changeSince, charIn, keepText, lineBefore, readText, textHolds, type EditSide, type KeptText } from '../text';

export const POLICY_KEYS = ['BlueGreenUpdatePolicy', 'RollingUpdatePolicy', 'AutoRollbackConfiguration'] as const;
const MAX_NAME_DEPTH = 8;
/** Deeper than any real DeploymentConfig (5 levels); beyond it values are left unknown. */
const MAX_CONFIG_DEPTH = 32;

/** Cheap test before parsing: without any of these words a file has no config. */
export function mayHoldPythonConfig(text: string): boolean {
  return textHolds(text, 'DeploymentConfig') || POLICY_KEYS.some((k) => textHolds(text, k));
}

const isWordChar = (c: string | undefined): boolean => c !== undefined && /[A-Za-z0-9_]/.test(c);

interface StringLiteral {
  value: string;
  quote: string;
}

/**
 * A string node's value, or undefined for f-strings with interpolations and bytes. Callers that
 * read the node's type or end already pass them: each read is a trip into wasm.
 */
function stringLiteral(node: Node, text: string, type = node.type, endIndex?: number): StringLiteral | undefined {
  if (type === 'concatenated_string') {
    let value = '';
    let quote = '"';
    for (const part of node.namedChildren) {
      if (!part || part.type === 'comment') continue;
      const literal = stringLiteral(part, text);
      if (!literal) return undefined;
      value += literal.value;
      quote = literal.quote;
    }
    return { value, quote };
  }
  if (type !== 'string') return undefined;
  // Read from the source text: each child node read would be a trip into wasm, and keys are many.
  const source = readText(text, node.startIndex, endIndex ?? node.endIndex);
  const opening = /^([A-Za-z]{0,2})('''|"""|'|")/.exec(source);
  if (!opening) return undefined;
  const prefix = opening[1]!.toLowerCase();
  const quote = opening[2]!;
  // Unterminated (the parser closed it with a missing token): not a literal we can trust.
  if (source.length < opening[0].length + quote.length || !source.endsWith(quote)) return undefined;
  if (prefix.includes('b')) return undefined;
  // Only f-strings hold interpolations.
  if (prefix.includes('f')) for (const child of node.namedChildren) if (child?.type === 'interpolation') return undefined;
  const raw = source.slice(opening[0].length, source.length - quote.length);
  return { value: prefix.includes('r') ? raw : decodeEscapes(raw), quote: quote.length === 3 ? quote : quote[0]! };
}

function decodeEscapes(raw: string): string {
  return raw.replace(/\\(?:\n|x([0-9a-fA-F]{2})|u([0-9a-fA-F]{4})|U([0-9a-fA-F]{8})|([0-7]{1,3})|(.))/g, (whole, hex, u4, u8, octal, single) => {
    if (whole === '\\\n') return '';
    const code = hex ?? u4 ?? u8;
    if (code) return String.fromCodePoint(parseInt(code, 16));
    if (octal) return String.fromCharCode(parseInt(octal, 8));
    const simple: Record<string, string> = { n: '\n', t: '\t', r: '\r', '\\': '\\', "'": "'", '"': '"', a: '\x07', b: '\b', f: '\f', v: '\v' };
    return simple[single as string] ?? whole;
  });
}

function integerLiteral(source: string): number | undefined {
  const cleaned = source.replace(/_/g, '');
  if (/^0[xX][0-9a-fA-F]+$/.test(cleaned)) return parseInt(cleaned.slice(2), 16);
  if (/^0[oO][0-7]+$/.test(cleaned)) return parseInt(cleaned.slice(2), 8);
  if (/^0[bB][01]+$/.test(cleaned)) return parseInt(cleaned.slice(2), 2);
  if (/^\d+$/.test(cleaned)) return Number(cleaned);
  return undefined;
}

/** A line that is only an assignment's start (`    cfg =`). */
const LINE_ASSIGNMENT = new RegExp(String.raw`^[ \t]*${ASSIGNMENT_TARGET}$`);

class PythonExtractor {
  /** Names currently being resolved, so `a = {"x": a}` cannot loop. */
  private readonly resolving = new Set<string>();
  /** What the root being converted read outside its own text, for the conversion cache. */
  private recording: Recording | undefined;
  /** Where the trigger words and assignments are, kept from check to check. */
  readonly index: PythonTextIndex;
  quote = '"';
  /**
   * The spans of the text the last `convertRoot` read (the root's and those of the values its names
   * resolved to), when known: a later edit outside them cannot change that conversion.
   */
  lastDependencies: readonly { start: number; end: number }[] | undefined;
  /** A dict read for the current block holds a syntax error (tree-sitter's ERROR or MISSING nodes). */
  sawSyntaxError = false;

  constructor(
    private readonly tree: Tree,
    private readonly text: string,
    /** When the tree holds only some statements: which, and what else the extraction asked for. */
    private readonly selection?: TreeCoverage,
  ) {
    this.index = pythonTextIndex(text);
  }

  private occurrences(word: IndexedWord): readonly number[] {
    return this.index.occurrences(word);
  }

  nodeAt(offset: number, length: number): Node | null {
    if (this.selection && !this.selection.covers(offset, offset + length)) return null;
    return this.tree.rootNode.descendantForIndex(offset, offset + length - 1);
  }

  private slice(node: Node): string {
    return readText(this.text, node.startIndex, node.endIndex);
  }

  private unknown(node: Node): ValueNode {
    return { kind: 'unknown', offset: node.startIndex, length: node.endIndex - node.startIndex, text: this.slice(node) };
  }

  /** The dict or list literal a name is bound to by a plain assignment (the last one before `before`). */
  private assignmentsOf(name: string): readonly number[] {
    return this.index.assignmentsOf(name);
  }

  /**
   * What `name` before `before` resolves to, as a span; kept from check to check while the roots
   * are (see rootsFoundBefore), as each resolution costs a few wasm trips per assignment.
   */
  resolvedSpans = new Map<string, ResolvedSpan | undefined>();

  resolvedSpan(name: string, before: number): ResolvedSpan | undefined {
    const key = `${name}\0${before}`;
    if (this.resolvedSpans.has(key)) return this.resolvedSpans.get(key);
    const node = this.resolveName(name, before);
    const span = node && { start: node.startIndex, end: node.endIndex, type: node.type, hasError: node.hasError };
    // Under a statement selection a name may be unresolved only for now (a miss): not kept.
    if (!this.selection?.hasMisses) this.resolvedSpans.set(key, span);
    return span;
  }

  resolveName(name: string, before: number): Node | undefined {
    let chosen: Node | undefined;
    let firstAfter: Node | undefined;
    for (const offset of this.assignmentsOf(name)) {
      const identifier = this.nodeAt(offset, name.length);
      const assignment = identifier?.parent;
      if (!identifier || identifier.type !== 'identifier' || assignment?.type !== 'assignment') continue;
      if (assignment.childForFieldName('left')?.startIndex !== identifier.startIndex) continue;
      const right = assignment.childForFieldName('right');
      if (!right || (right.type !== 'dictionary' && right.type !== 'list')) continue;
      if (offset < before) chosen = right;
      else if (!firstAfter) firstAfter = right;
    }
    return chosen ?? firstAfter;
  }

  /**
   * A config root's value. A root whose text was converted before is taken from the cache when
   * everything the conversion read outside that text is still the same: each name resolves to the
   * same text, and each value's in-place changes are the same.
   */
  convertRoot(found: FoundRoot): ValueNode {
    const { start, end } = found;
    const source = readText(this.text, start, end);
    this.lastDependencies = undefined;
    const dependenciesOf = (regions: readonly Region[]) => regions.map((r) => ({ start: r.start + r.delta, end: r.end + r.delta }));
    // A root read by error recovery may be read differently in another text: converted afresh.
    if (!this.sawSyntaxError) {
      let moved: { cached: CachedRoot; regions: Region[] } | undefined;
      for (const cached of rootCache.get(source) ?? []) {
        const regions = this.regionsIfStillValid(cached, start);
        if (!regions) continue;
        // Unmoved (the edit is after it): the cached value itself, which nothing changes after conversion.
        if (regions.every((r) => r.delta === 0)) {
          this.quote = cached.quote;
          rootStructures.set(cached.value, structureOf(cached, regions));
          this.lastDependencies = dependenciesOf(regions);
          return cached.value;
        }
        moved ??= { cached, regions };
      }
      if (moved) {
        // Moved (an edit before it, or the same text elsewhere): relocated, and kept where it is
        // now too, so that the next check takes it unmoved.
        const { cached, regions } = moved;
        this.quote = cached.quote;
        const entry = relocateEntry(cached, regions);
        rememberRoot(source, entry);
        rootStructures.set(entry.value, structureOf(cached, regions));
        this.lastDependencies = dependenciesOf(regions);
        return entry.value;
      }
    }
    const recording: Recording = { resolutions: [], mutations: [], sawError: false };
    this.recording = recording;
    let value: ValueNode;
    try {
      value = this.convert(found.node());
    } finally {
      this.recording = undefined;
    }
    // A conversion that asked about statements the tree does not hold is done again with them.
    if (!recording.sawError && !this.sawSyntaxError && !this.selection?.hasMisses) {
      const regions: Region[] = [{ start, end, delta: 0 }];
      for (const r of recording.resolutions) if (r.bound) regions.push({ start: r.bound.start, end: r.bound.end, delta: 0 });
      this.lastDependencies = dependenciesOf(regions);
      // Spans of names bound inside the root (or of overlapping bindings) cannot be moved one by one.
      const disjoint = regions.every((a, i) => regions.every((b, j) => i === j || a.end <= b.start || b.end <= a.start));
      if (disjoint) {
        // A copy: the caller owns the value it is given.
        const entry: CachedRoot = { id: nextRootId++, start, value: relocateValue(value, regions), quote: this.quote, resolutions: recording.resolutions.map((r) => (r.bound ? { ...r, boundText: readText(this.text, r.bound.start, r.bound.end) } : r)), mutations: recording.mutations };
        rememberRoot(source, entry);
        rootStructures.set(value, structureOf(entry, regions));
      }
    }
    return value;
  }

  /** Where each region of a cached conversion is now, or undefined when the conversion no longer holds. */
  private regionsIfStillValid(cached: CachedRoot, start: number): Region[] | undefined {
    const regions: Region[] = [{ start: cached.start, end: cached.start + (rootLengthOf(cached)), delta: start - cached.start }];
    for (const r of cached.resolutions) {
      const at = mapOffset(r.at, regions);
      if (at === undefined) return undefined;
      const bound = this.resolvedSpan(r.name, at);
      if (!r.bound || !bound) {
        if (r.bound || bound) return undefined;
        continue;
      }
      if (bound.type !== r.bound.type || bound.hasError || bound.end - bound.start !== r.bound.end - r.bound.start) return undefined;
      if (readText(this.text, bound.start, bound.end) !== r.boundText) return undefined;
      regions.push({ start: r.bound.start, end: r.bound.end, delta: bound.start - r.bound.start });
    }
    for (const m of cached.mutations) {
      const at = mapOffset(m.at, regions);
      if (at === undefined || this.isMutatedAt(at) !== m.mutated) return undefined;
    }
    return regions;
  }

  convert(node: Node, depth = 0): ValueNode {
    const offset = node.startIndex;
    const endIndex = node.endIndex;
    const length = endIndex - offset;
    if (depth > MAX_CONFIG_DEPTH) return this.unknown(node);
    const type = node.type;
    switch (type) {
      case 'dictionary': {
        const converted = this.convertDictionary(node, depth, length);
        // `cfg = {...}` then `cfg["Key"] = ...` / `cfg.update(...)`: members may be added later.
        if (this.isMutatedLater(node)) markOpen(converted);
        return converted;
      }
      case 'list':
      case 'tuple': {
        // `alarms = []` then `alarms.append(...)`: the items are known only at run time.
        if (type === 'list' && this.isMutatedLater(node)) return this.unknown(node);
        const items: ValueNode[] = [];
        for (const child of node.namedChildren) {
          if (!child || child.type === 'comment') continue;
          if (child.type === 'list_splat') return this.unknown(node);
          items.push(this.convert(child, depth + 1));
        }
        return { kind: 'array', offset, length, items };
      }
      case 'string':
      case 'concatenated_string': {
        const literal = stringLiteral(node, this.text, type, endIndex);
        return literal ? { kind: 'string', offset, length, value: literal.value } : this.unknown(node);
      }
      case 'integer': {
        const value = integerLiteral(this.slice(node));
        return value === undefined ? this.unknown(node) : { kind: 'number', offset, length, value, isInteger: true };
      }
      case 'float':
        return { kind: 'number', offset, length, value: Number(this.slice(node).replace(/_/g, '')), isInteger: false, written: this.slice(node) };
      case 'unary_operator': {
        const operand = node.childForFieldName('argument');
        const operator = node.childForFieldName('operator');
        if (operand && operator && (operand.type === 'integer' || operand.type === 'float')) {
          const inner = this.convert(operand, depth + 1);
          if (inner.kind === 'number') {
            const sign = this.slice(operator) === '-' ? -1 : 1;
            return { kind: 'number', offset, length, value: sign * inner.value, isInteger: inner.isInteger, ...(inner.written ? { written: this.slice(node) } : {}) };
          }
        }
        return this.unknown(node);
      }
      case 'true':
      case 'false':
        return { kind: 'boolean', offset, length, value: type === 'true' };
      case 'none':
        return { kind: 'null', offset, length };
      case 'parenthesized_expression': {
        const inner = node.namedChildren.find((c) => c && c.type !== 'comment');
        return inner ? this.convert(inner, depth) : this.unknown(node);
      }
      case 'identifier': {
        const name = this.slice(node);
        if (depth > MAX_NAME_DEPTH || this.resolving.has(name)) return this.unknown(node);
        const bound = this.resolveName(name, node.startIndex);
        this.recording?.resolutions.push({ name, at: node.startIndex, ...(bound ? { bound: { start: bound.startIndex, end: bound.endIndex, type: bound.type } } : {}) });
        if (!bound) return this.unknown(node);
        this.resolving.add(name);
        try {
          return this.convert(bound, depth + 1);
        } finally {
          this.resolving.delete(name);
        }
      }
      default:
        return this.unknown(node);
    }
  }

  /** Whether the value at `offset` is the value of `name = ...` and that name is changed in place (`n[k] = v`, `n.update(...)`, `del n[k]`...). */
  private isMutatedAt(offset: number): boolean {
    // Read from the text: walking up the value's nodes would cost wasm trips.
    const name = assignedNameBefore(this.text, offset);
    return name !== undefined && this.index.isChangedInPlace(name);
  }

  private isMutatedLater(node: Node): boolean {
    const mutated = this.isMutatedAt(node.startIndex);
    this.recording?.mutations.push({ at: node.startIndex, mutated });
    return mutated;
  }

  private convertDictionary(node: Node, depth: number, length: number): ObjectNode {
    // A missing node is an error too: in a dict without any, no value is missing.
    const hasError = node.hasError;
    if (hasError) {
      this.sawSyntaxError = true;
      if (this.recording) this.recording.sawError = true;
    }
    const result: ObjectNode = { kind: 'object', offset: node.startIndex, length, properties: [] };
    for (const child of node.namedChildren) {
      const type = child?.type;
      if (!child || type === 'comment') continue;
      if (type !== 'pair') {
        // `**spread` or broken syntax while typing: keys we cannot see may be there.
        result.open = true;
        continue;
      }
      const keyNode = child.childForFieldName('key');
      const valueNode = child.childForFieldName('value');
      const keyEnd = keyNode?.endIndex;
      const literal = keyNode ? stringLiteral(keyNode, this.text, keyNode.type, keyEnd) : undefined;
      if (!keyNode || !literal) {
        result.open = true;
        continue;
      }
      this.quote = literal.quote.length === 1 ? literal.quote : this.quote;
      const property: PropertyNode = {
        key: literal.value,
        keySpan: { offset: keyNode.startIndex, length: keyEnd! - keyNode.startIndex },
        offset: child.startIndex,
        length: child.endIndex - child.startIndex,
        ...(valueNode && !(hasError && valueNode.isMissing) ? { value: this.convert(valueNode, depth + 1) } : {}),
      };
      result.properties.push(property);
    }
    return result;
  }

  /** The method name of a call (`update_endpoint` in `sm.update_endpoint(...)`). */
  private methodOf(call: Node | null | undefined): string | undefined {
    if (call?.type !== 'call') return undefined;
    const callee = call.childForFieldName('function');
    if (callee?.type === 'attribute') {
      const attribute = callee.childForFieldName('attribute');
      return attribute ? this.slice(attribute) : undefined;
    }
    return callee?.type === 'identifier' ? this.slice(callee) : undefined;
  }

  /** Whether a dict has the key; its text is read first, as reading its pairs costs wasm trips (an escape in a key may spell any word). */
  private mayHoldKey(dict: Node, key: string): boolean {
    const source = readText(this.text, dict.startIndex, dict.endIndex);
    if (!source.includes(key) && !source.includes('\\')) return false;
    return this.keysOf(dict).includes(key);
  }

  /** The string keys of a dict's pairs. */
  private keysOf(dict: Node | null | undefined): string[] {
    if (dict?.type !== 'dictionary') return [];
    const keys: string[] = [];
    for (const child of dict.namedChildren) {
      if (child?.type !== 'pair') continue;
      const key = child.childForFieldName('key');
      const literal = key ? stringLiteral(key, this.text) : undefined;
      if (literal) keys.push(literal.value);
    }
    return keys;
  }

  /** The literal integer value of a dict's key, if any (`"InstanceCount": 4`). */
  private integerMember(dict: Node | null | undefined, key: string): number | undefined {
    if (dict?.type !== 'dictionary') return undefined;
    for (const child of dict.namedChildren) {
      if (child?.type !== 'pair') continue;
      const keyNode = child.childForFieldName('key');
      if (!keyNode || stringLiteral(keyNode, this.text)?.value !== key) continue;
      const value = child.childForFieldName('value');
      return value?.type === 'integer' ? integerLiteral(this.slice(value)) : undefined;
    }
    return undefined;
  }

  /** What the code around each config root says about it, by the root's start offset. */
  readonly contexts = new Map<number, RootContext>();
  /** `AutoRollbackConfiguration=` passed as its own argument of a call that takes DeploymentConfig. */
  readonly misplaced: Finding[] = [];

  /** Config roots: dicts with a policy key at top level, and values of DeploymentConfig= / "DeploymentConfig": . */
  findConfigRoots(): Node[] {
    const roots = new Map<number, Node>();
    const skipped = new Set<number>();
    const add = (node: Node | null | undefined): void => {
      if (node && !roots.has(node.startIndex) && !skipped.has(node.startIndex)) roots.set(node.startIndex, node);
    };
    // DeploymentConfig first: its call or its sibling keys tell the family, and edge plans' stages are skipped.
    this.findDeploymentConfigValues(add, skipped);
    // A policy key inside a root already found gives that root or a dict inside it, which the
    // outermost filter below drops: not looked up (most configs are found from DeploymentConfig).
    const found = [...roots.values()].map((node) => ({ start: node.startIndex, end: node.endIndex })).sort((a, b) => a.start - b.start);
    const furthestEnds: number[] = [];
    found.forEach((span, i) => furthestEnds.push(Math.max(span.end, i > 0 ? furthestEnds[i - 1]! : -1)));
    const insideFound = (offset: number, length: number): boolean => {
      let low = 0;
      let high = found.length;
      while (low < high) {
        const middle = (low + high) >> 1;
        if (found[middle]!.start < offset) low = middle + 1;
        else high = middle;
      }
      return low > 0 && furthestEnds[low - 1]! >= offset + length;
    };
    for (const key of POLICY_KEYS) {
      for (const offset of this.occurrences(key)) {
        if (insideFound(offset, key.length)) continue;
        const node = this.nodeAt(offset, key.length);
        const stringNode = node?.type === 'string_content' ? node.parent : node;
        const pair = stringNode?.parent;
        if (stringNode?.type !== 'string' || pair?.type !== 'pair') continue;
        if (pair.childForFieldName('key')?.startIndex !== stringNode.startIndex) continue;
        if (stringLiteral(stringNode, this.text)?.value !== key) continue;
        add(pair.parent?.type === 'dictionary' ? pair.parent : undefined);
      }
    }
    this.findMisplacedArguments();
    // A dict inside another config (a policy key misplaced one level down) is part of that
    // config, reported there as an unknown key; checked on its own it would give false errors.
    // Node positions are read once (each read crosses into wasm); sorted by start, a root is inside
    // another exactly when it ends before the furthest end seen so far.
    const spans = [...roots.values()].map((node) => ({ node, start: node.startIndex, end: node.endIndex })).sort((a, b) => a.start - b.start || b.end - a.end);
    const outermost: Node[] = [];
    let furthestEnd = -1;
    for (const span of spans) {
      if (span.end <= furthestEnd) continue;
      outermost.push(span.node);
      furthestEnd = span.end;
    }
    return outermost;
  }

  private findDeploymentConfigValues(add: (node: Node | null | undefined) => void, skipped: Set<number>): void {
    for (const offset of this.occurrences('DeploymentConfig')) {
      if (isWordChar(charIn(this.text, offset - 1)) || isWordChar(charIn(this.text, offset + 'DeploymentConfig'.length))) continue;
      const node = this.nodeAt(offset, 'DeploymentConfig'.length);
      if (!node) continue;
      let value: Node | null | undefined;
      const context: RootContext = {};
      let siblings: string[] = [];
      if (node.type === 'identifier' && node.parent?.type === 'keyword_argument') {
        value = node.parent.childForFieldName('value');
        const call = node.parent.parent?.parent;
        const family = familyOfCall(this.methodOf(call) ?? '');
        if (family) context.family = family;
        if (call) context.call = { offset: call.startIndex, end: call.endIndex };
      } else {
        const stringNode = node.type === 'string_content' ? node.parent : node;
        const pair = stringNode?.parent;
        if (stringNode?.type === 'string' && pair?.type === 'pair' && pair.childForFieldName('key')?.startIndex === stringNode.startIndex) {
          value = pair.childForFieldName('value');
          const holder = pair.parent;
          siblings = this.keysOf(holder);
          const family = familyOfSiblingKeys(siblings);
          if (family) context.family = family;
          // InstanceGroups[].ScheduledUpdateConfig.DeploymentConfig: the group's InstanceCount is the fleet.
          const scheduled = holder?.parent;
          const scheduledKey = scheduled?.type === 'pair' ? scheduled.childForFieldName('key') : undefined;
          if (scheduledKey && stringLiteral(scheduledKey, this.text)?.value === 'ScheduledUpdateConfig') {
            context.family = 'hyperpod-cluster';
            const groupSize = this.integerMember(scheduled!.parent, 'InstanceCount');
            if (groupSize !== undefined && groupSize >= 1) context.fleetSize = groupSize;
          }
          if (holder) context.call = { offset: holder.startIndex, end: holder.endIndex };
        }
      }
      if (value?.type === 'identifier') value = this.resolveName(this.slice(value), value.startIndex);
      if (value?.type !== 'dictionary') continue;
      if (isEdgeDeploymentConfig(undefined, siblings) || this.mayHoldKey(value, 'FailureHandlingPolicy')) {
        skipped.add(value.startIndex);
        continue;
      }
      if (!this.contexts.has(value.startIndex)) this.contexts.set(value.startIndex, context);
      add(value);
    }
  }

  /**
   * `update_endpoint(..., AutoRollbackConfiguration={...})`: botocore rejects the unknown parameter,
   * and the alarms are not configured. Reported on the argument's name.
   */
  private findMisplacedArguments(): void {
    const key = 'AutoRollbackConfiguration';
    for (const offset of this.occurrences(key)) {
      if (isWordChar(charIn(this.text, offset - 1)) || isWordChar(charIn(this.text, offset + key.length))) continue;
      const name = this.nodeAt(offset, key.length);
      // The type first: a key in a dict (most occurrences) needs no parent, which tree-sitter finds
      // by walking down from the root.
      if (name?.type !== 'identifier') continue;
      const argument = name.parent;
      if (argument?.type !== 'keyword_argument') continue;
      if (argument.childForFieldName('name')?.startIndex !== name.startIndex) continue;
      const argumentList = argument.parent;
      const method = this.methodOf(argumentList?.parent);
      const family = familyOfCall(method ?? '');
      const value = argument.childForFieldName('value');
      if (!family || !value || !argumentList) continue;
      let configArgument: Node | undefined;
      for (const child of argumentList.namedChildren) {
        if (child?.type === 'keyword_argument' && this.slice(child.childForFieldName('name') ?? child) === 'DeploymentConfig') configArgument = child;
      }
      let configValue = configArgument?.childForFieldName('value');
      if (configValue?.type === 'identifier') configValue = this.resolveName(this.slice(configValue), configValue.startIndex) ?? configValue;
      // The comma after the argument goes with it (or the one before, for the last argument).
      let end = argument.endIndex;
      let start = argument.startIndex;
      // Up to two non-blank characters after it: all the pattern can read.
      const after = /^\s*,[ \t]*(\r?\n)?/.exec(readUpToNonBlanks(this.text, end, 2));
      if (after) {
        end += after[0].length;
        // An argument on lines of its own goes with its lines.
        const indentation = after[1] ? lineBefore(this.text, start) : undefined;
        if (indentation !== undefined && /^[ \t]*$/.test(indentation)) start -= indentation.length;
      } else {
        const before = /,\s*$/.exec(readText(this.text, Math.max(0, start - 200), start));
        if (before) start -= before[0].length;
      }
      const misplaced: MisplacedArgument = {
        key,
        argument: { offset: start, length: end - start },
        value: { offset: value.startIndex, length: value.endIndex - value.startIndex },
        ...(configValue?.type === 'dictionary' ? { configOffset: configValue.startIndex } : {}),
        ...(configArgument && configValue?.type !== 'dictionary' ? { hasConfigArgument: true } : {}),
      };
      this.misplaced.push({
        code: 'misplaced-argument',
        severity: 'error',
        span: { offset: name.startIndex, length: key.length },
        message: `${method}() has no ${key} parameter: botocore rejects it ("Unknown parameter in input") and the rollback alarms are not configured. Put it inside DeploymentConfig.`,
        family,
        data: { misplaced },
      });
    }
  }

  /** RuntimeConfig.CopyCount literals (`"CopyCount": 4`), in file order. */
  findCopyCounts(): { offset: number; count: number | undefined }[] {
    const found: { offset: number; count: number | undefined }[] = [];
    for (const offset of this.occurrences('CopyCount')) {
      if (isWordChar(charIn(this.text, offset - 1)) || isWordChar(charIn(this.text, offset + 'CopyCount'.length))) continue;
      const node = this.nodeAt(offset, 'CopyCount'.length);
      const stringNode = node?.type === 'string_content' ? node.parent : node;
      if (stringNode?.type !== 'string' || stringNode.parent?.type !== 'pair') continue;
      const value = stringNode.parent.childForFieldName('value');
      const count = value?.type === 'integer' ? integerLiteral(this.slice(value)) : undefined;
      // A non-literal count (`copies`) is kept as unknown: it may be any number.
      found.push({ offset, count: count !== undefined && count >= 1 ? count : undefined });
    }
    return found;
  }

  /** InitialInstanceCount of an endpoint config in the same file (keyword or dict key), if a literal. */
  findFleetSize(): { count: number; span: Span } | undefined {
    for (const offset of this.occurrences('InitialInstanceCount')) {
      const node = this.nodeAt(offset, 'InitialInstanceCount'.length);
      if (!node) continue;
      let value: Node | null | undefined;
      if (node.type === 'identifier' && node.parent?.type === 'keyword_argument') value = node.parent.childForFieldName('value');
      else {
        const stringNode = node.type === 'string_content' ? node.parent : node;
        if (stringNode?.parent?.type === 'pair') value = stringNode.parent.childForFieldName('value');
      }
      const count = value?.type === 'integer' ? integerLiteral(this.slice(value)) : undefined;
      if (value && count !== undefined && count >= 1) return { count, span: { offset: value.startIndex, length: value.endIndex - value.startIndex } };
    }
    return undefined;
  }
}

/** text from `from` on, up to and with its `count`-th non-blank character (or to its end), read as readText does. */
function readUpToNonBlanks(text: string, from: number, count: number): string {
  for (let size = 256; ; size *= 4) {
    const piece = readText(text, from, from + size);
    if (from + size >= text.length || (piece.match(/\S/g)?.length ?? 0) >= count) return piece;
  }
}

/**
 * The name in `name = <value at offset>` or `name: Type = <value>`, read from the text before the
 * value (the syntax tree says a literal starts there; walking up its nodes would cost wasm trips).
 */
function assignedNameBefore(text: string, offset: number): string | undefined {
  // Most values follow no `=`: the few characters before the value decide that first.
  const near = readText(text, Math.max(0, offset - 8), offset);
  const lastNonBlank = near.trimEnd();
  if (lastNonBlank.length > 0 && !lastNonBlank.endsWith('=')) return undefined;
  // The line up to the value, read at once (a told text is read from its parts).
  const line = lineBefore(text, offset);
  let i = line.length;
  while (i > 0 && (line[i - 1] === ' ' || line[i - 1] === '\t')) i--;
  if (line[i - 1] !== '=' || /[=!<>:+\-*/%&|^@]/.test(line[i - 2] ?? '')) return undefined;
  return LINE_ASSIGNMENT.exec(line.slice(0, i))?.[1];
}

/**
 * A dict changed in place after its literal: every object in it may get members we cannot see,
 * and an empty list in it is most likely filled later.
 */
function markOpen(node: ValueNode): void {
  if (node.kind === 'object') {
    node.open = true;
    for (const property of node.properties) {
      const value = property.value;
      if (value?.kind === 'array' && value.items.length === 0) {
        property.value = { kind: 'unknown', offset: value.offset, length: value.length, text: '[]' };
      } else if (value) markOpen(value);
    }
  } else if (node.kind === 'array') node.items.forEach(markOpen);
}

interface ResolvedSpan {
  start: number;
  end: number;
  type: string;
  hasError: boolean;
}

interface Resolution {
  name: string;
  /** The identifier's offset. */
  at: number;
  /** The dict or list it resolved to, if any. */
  bound?: { start: number; end: number; type: string };
  boundText?: string;
}

interface Recording {
  resolutions: Resolution[];
  mutations: { at: number; mutated: boolean }[];
  sawError: boolean;
}

interface CachedRoot {
  id: number;
  /** Where the root was, in the text it was converted from; every offset below is in that text. */
  start: number;
  value: ValueNode;
  quote: string;
  resolutions: Resolution[];
  mutations: { at: number; mutated: boolean }[];
}

/** A stretch of the old text that is unchanged in the new one, moved by `delta`. */
interface Region {
  start: number;
  end: number;
  delta: number;
}

const rootLengthOf = (cached: CachedRoot): number => cached.value.length;

function mapOffset(offset: number, regions: readonly Region[]): number | undefined {
  for (const region of regions) if (offset >= region.start && offset <= region.end) return offset + region.delta;
  return undefined;
}

/**
 * A cached conversion moved to where its regions are now, under a new id: the same structure token
 * may not stand for two layouts (the root and a name it reads may have moved apart).
 */
function relocateEntry(cached: CachedRoot, regions: readonly Region[]): CachedRoot {
  const at = (offset: number): number => mapOffset(offset, regions)!;
  return {
    id: nextRootId++,
    start: at(cached.start),
    value: relocateValue(cached.value, regions),
    quote: cached.quote,
    resolutions: cached.resolutions.map((r) => ({ ...r, at: at(r.at), ...(r.bound ? { bound: { ...r.bound, start: at(r.bound.start), end: at(r.bound.end) } } : {}) })),
    mutations: cached.mutations.map((m) => ({ ...m, at: at(m.at) })),
  };
}

/** A copy of a cached value with every span moved to where its region is now. */
function relocateValue(node: ValueNode, regions: readonly Region[]): ValueNode {
  const at = (offset: number): number => mapOffset(offset, regions)!;
  const moved: ValueNode = { ...node, offset: at(node.offset) };
  if (moved.kind === 'object') {
    moved.properties = moved.properties.map((p) => ({
      ...p,
      offset: at(p.offset),
      keySpan: { offset: at(p.keySpan.offset), length: p.keySpan.length },
      ...(p.value ? { value: relocateValue(p.value, regions) } : {}),
    }));
  }
  if (moved.kind === 'array') moved.items = moved.items.map((item) => relocateValue(item, regions));
  return moved;
}

let nextRootId = 0;

/**
 * Values converted from a cached root's text, by a token that is the same exactly when two values
 * have the same content with the same offsets relative to their root's (the rules' findings then
 * differ only by where the root is).
 */
const rootStructures = new WeakMap<ValueNode, string>();

function structureOf(cached: CachedRoot, regions: readonly Region[]): string {
  return `${cached.id}:${regions.map((r) => r.delta - regions[0]!.delta).join(',')}`;
}

/** The structure token of a config root the Python host converted, if it keeps one. */
export function rootStructureOf(root: ValueNode): string | undefined {
  return rootStructures.get(root);
}

/** Converted config roots by their text; a few per text (the same dict may be written twice). */
let rootCache = new Map<string, CachedRoot[]>();
const MAX_CACHED_ROOTS = 2000;

function rememberRoot(source: string, entry: CachedRoot): void {
  const list = rootCache.get(source) ?? [];
  rootCache.delete(source);
  rootCache.set(source, [entry, ...list].slice(0, 4));
  if (rootCache.size > MAX_CACHED_ROOTS) rootCache.delete(rootCache.keys().next().value!);
}

/** Forgets every cached conversion and text index (the benchmark's first-check figures start from none). */
export function clearPythonCaches(): void {
  rootCache.clear();
  rootsFoundByTree = new WeakMap();
  clearPythonTextIndexes();
}

/** Runs `check` as on a text never seen, and keeps the caches again after (tests compare both). */
export function withoutPythonCaches<T>(check: () => T): T {
  const kept = rootCache;
  const keptRoots = rootsFoundByTree;
  rootCache = new Map();
  rootsFoundByTree = new WeakMap();
  try {
    return withoutKeptIndexes(check);
  } finally {
    rootCache = kept;
    rootsFoundByTree = keptRoots;
  }
}

interface RootContext {
  family?: ConfigFamily;
  /** The call (or request dict) the config is an argument of: a copy count inside it is this config's. */
  call?: { offset: number; end: number };
  /** A HyperPod instance group's InstanceCount. */
  fleetSize?: number;
}

/**
 * The copy count of an inference component's config: the RuntimeConfig.CopyCount of the same call;
 * else the file's, when every CopyCount in it is the same literal (a copy count scaled between
 * create and update, or not a literal, is unknown: a guess could make a false error).
 */
function copyCountFor(counts: readonly { offset: number; count: number | undefined }[], call: RootContext['call']): number | undefined {
  const inCall = call && counts.find((c) => c.offset >= call.offset && c.offset < call.end);
  if (inCall) return inCall.count;
  const values = new Set(counts.map((c) => c.count));
  return values.size === 1 ? counts[0]!.count : undefined;
}

export interface PythonExtraction {
  blocks: ConfigBlock[];
  /** misplaced-argument findings: arguments that belong inside DeploymentConfig. */
  findings: Finding[];
}

export function extractPythonBlocks(tree: Tree, text: string): ConfigBlock[] {
  return extractPython(tree, text).blocks;
}

/** `selection`: the tree holds only these statements, or all but some stale ones (see python-statements.ts). */
export function extractPython(tree: Tree, text: string, selection?: TreeCoverage): PythonExtraction {
  forgetMovedRoots();
  const extractor = new PythonExtractor(tree, text, selection);
  const fleetSize = extractor.findFleetSize();
  let copyCounts: { offset: number; count: number | undefined }[] | undefined;
  // A tree without any ERROR or MISSING node: no root needs its ancestors read (a wasm trip each).
  const treeHasError = tree.rootNode.hasError;
  const foundBefore = !selection || selection.holdsWholeText ? rootsFoundBefore(tree, text, extractor, selection, fleetSize) : undefined;
  const roots = foundBefore?.roots ?? findRoots(tree, text, extractor, selection);
  const reusable = treeHasError ? undefined : foundBefore?.reusable;
  // Whether the blocks can be kept for the next check to reuse: made from the whole tree, and each one's spans known.
  const keepable = !treeHasError && (!selection || (selection.holdsWholeText && !selection.hasMisses));
  const entries: KeptBlocks['entries'] = [];
  const blocks = roots.map((found): ConfigBlock => {
    const reused = reusable?.get(found.start);
    if (reused) {
      blocksReused++;
      // The fleet's literal may lie after the edit: its span is now's (its count is the same).
      const span = reused.block.fleetSizeSpan;
      const moved = span && fleetSize && (span.offset !== fleetSize.span.offset || span.length !== fleetSize.span.length);
      const entry = moved ? { block: { ...reused.block, fleetSizeSpan: fleetSize.span }, dependencies: reused.dependencies } : reused;
      entries.push(entry);
      return { ...entry.block };
    }
    const block = convertBlock(found);
    const dependencies = extractor.lastDependencies;
    entries.push(keepable && dependencies ? { block: { ...block }, dependencies } : undefined);
    return block;
  });
  if (keepable) {
    const record = rootsFoundByTree.get(tree);
    if (record) record.blocks = { entries, index: extractor.index, inPlaceNamesVersion: extractor.index.inPlaceNamesVersion, fleetSize };
  }
  return { blocks, findings: extractor.misplaced };

  function convertBlock(found: FoundRoot): ConfigBlock {
    extractor.quote = '"';
    // A config the parser could only place by error recovery (inside an ERROR node, e.g. after a
    // string left open above it) may be read differently once any edit is made: never edited.
    extractor.sawSyntaxError = treeHasError && hasSyntaxError(found.node());
    const root = extractor.convertRoot(found);
    const context = extractor.contexts.get(found.start) ?? {};
    const family = decideFamily(context.family, root);
    let size = fleetSize?.count;
    let sizeSpan = fleetSize?.span;
    if (family === 'inference-component' || family === 'hyperpod-cluster') sizeSpan = undefined;
    if (family === 'inference-component') size = copyCountFor((copyCounts ??= extractor.findCopyCounts()), context.call);
    else if (family === 'hyperpod-cluster') size = context.fleetSize;
    return { host: 'python', syntax: 'python', root, quote: extractor.quote, ...(size !== undefined ? { fleetSize: size } : {}), ...(size !== undefined && sizeSpan ? { fleetSizeSpan: sizeSpan } : {}), ...(family ? { family } : {}), ...(extractor.sawSyntaxError ? { incomplete: true } : {}) };
  }
}

/** A config root: its dict's span, and the dict's node, looked up only when needed (a wasm trip). */
interface FoundRoot {
  start: number;
  end: number;
  node: () => Node;
}

function foundRoot(node: Node): FoundRoot {
  return { start: node.startIndex, end: node.endIndex, node: () => node };
}

/** The dict at [start, end) of a tree, looked up when first asked for. */
function rootAt(tree: Tree, start: number, end: number): FoundRoot {
  let node: Node | undefined;
  return {
    start,
    end,
    node: () => {
      node ??= tree.rootNode.descendantForIndex(start, end - 1) ?? undefined;
      if (node?.type !== 'dictionary' || node.startIndex !== start || node.endIndex !== end) throw new Error(`no dict at ${start}-${end}`);
      return node;
    },
  };
}

/**
 * What finding the roots found in a tree, and in which text. A tree that is edited without a
 * reparse keeps its shape (incremental.ts): then an edit inside one root's text finds the same
 * roots, moved, unless it touches what finding them reads in the text (see rootsFoundBefore).
 */
interface RootsFound {
  kept: KeptText;
  roots: { start: number; end: number }[];
  contexts: [number, RootContext][];
  misplaced: Finding[];
  /** The extractor's resolved names (by `name\0before`), filled during the conversions after the roots were found. */
  resolvedSpans: Map<string, ResolvedSpan | undefined>;
  /** The blocks made of these roots in this text, for an edit inside one of them to reuse the others (reusedBlocks). */
  blocks?: KeptBlocks;
}

/**
 * The blocks of the last extraction from a tree, with what else they read: an edit inside one of
 * them, in a tree whose shape it kept, leaves the others as they were when it is outside what they
 * read and changes none of the text-wide facts they took (reusedBlocks).
 */
interface KeptBlock {
  /** A copy of the block given out (callers may change theirs); copies of it are given out again. */
  block: ConfigBlock;
  /** The spans its conversion read. */
  dependencies: readonly { start: number; end: number }[];
}

interface KeptBlocks {
  /** Per root, in the roots' order; undefined when not known. */
  entries: (KeptBlock | undefined)[];
  /** The text index and its in-place names' version then: a name changed in place anywhere makes values open. */
  index: PythonTextIndex;
  inPlaceNamesVersion: number;
  /** The file's fleet size then (every endpoint block's). */
  fleetSize: { count: number; span: Span } | undefined;
}

let rootsFoundByTree = new WeakMap<Tree, RootsFound>();
let rootsReused = 0;
let blocksReused = 0;

/** How many blocks were taken from a check before without converting their roots again (tests check the path is taken). */
export function pythonBlocksReusedCount(): number {
  return blocksReused;
}

/** How many checks took their roots from a check before (tests check the path is taken). */
export function pythonRootsReusedCount(): number {
  return rootsReused;
}

function findRoots(tree: Tree, text: string, extractor: PythonExtractor, selection: TreeCoverage | undefined): FoundRoot[] {
  const roots = extractor.findConfigRoots().map(foundRoot);
  if (!selection || (selection.holdsWholeText && !selection.hasMisses)) rootsFoundByTree.set(tree, { kept: keepText(text), roots: roots.map(({ start, end }) => ({ start, end })), contexts: [...extractor.contexts], misplaced: extractor.misplaced, resolvedSpans: extractor.resolvedSpans });
  return roots;
}

/** Words whose occurrences finding the roots reads in the text (a root's own FailureHandlingPolicy makes it an edge plan's). */
const ROOT_FINDING_WORD_LIST = ['DeploymentConfig', ...POLICY_KEYS, 'FailureHandlingPolicy'];
const ROOT_FINDING_WORDS = new RegExp(ROOT_FINDING_WORD_LIST.join('|'), 'g');
const LONGEST_ROOT_FINDING_WORD = Math.max(...ROOT_FINDING_WORD_LIST.map((word) => word.length));

/** Whether a root-finding word overlaps [from - 1, to + 1) of text (a word character next to one changes it too). */
function touchesRootFindingWord(text: string, side: EditSide, from: number, to: number): boolean {
  const windowStart = Math.max(0, from - 1 - LONGEST_ROOT_FINDING_WORD);
  const window = readText(text, windowStart, to + 1 + LONGEST_ROOT_FINDING_WORD, side);
  for (const match of window.matchAll(ROOT_FINDING_WORDS)) {
    const start = windowStart + match.index;
    if (start < to + 1 && start + match[0].length > from - 1) return true;
  }
  return false;
}

/**
 * The roots found before in the same tree, moved by the edits since, when they are still the
 * roots. The tree is the same object only while every edit kept its shape, each inside one
 * number, string text or comment. Finding the roots reads the tree's shape, which is unchanged,
 * and from the text: the trigger words' occurrences, string keys (escapes may spell any word),
 * a root's own text for FailureHandlingPolicy, and the `name =` of assignments. So the roots
 * stay when all the edits lie inside one root, or clear of every root and of the calls and
 * arguments read with them, and neither the old nor the new text there touches a trigger word, a
 * backslash or an `=`. A tree with statements stale since the caller deferred their reparse
 * (incremental.ts) is the same object too: `coverage` then says which roots it may not be read at.
 */
function rootsFoundBefore(
  tree: Tree,
  text: string,
  extractor: PythonExtractor,
  coverage: TreeCoverage | undefined,
  fleetSize: { count: number; span: Span } | undefined,
): { roots: FoundRoot[]; reusable: Map<number, KeptBlock> } | undefined {
  const before = rootsFoundByTree.get(tree);
  if (!before) return undefined;
  let moved = before;
  const reusable = new Map<number, KeptBlock>();
  const change = changeSince(before.kept, text);
  if (change) {
    const { start, oldEnd, newEnd } = change;
    const inside = before.roots.some((root) => root.start < start && oldEnd < root.end - 1);
    // Or clear of every root, every call a root is an argument of and every misplaced argument
    // (an edit of plain code, whose statement's reparse the caller may have deferred).
    const clear = (from: number, to: number): boolean => oldEnd < from - 1 || start > to;
    const outside =
      before.roots.every((root) => clear(root.start, root.end)) &&
      before.contexts.every(([, context]) => !context.call || clear(context.call.offset, context.call.end)) &&
      before.misplaced.every((finding) => clear(finding.span.offset, finding.span.offset + finding.span.length));
    const oldPart = readText(before.kept.text, start, oldEnd, 'old');
    const newPart = readText(text, start, newEnd);
    if (!(inside || outside) || /[=\\]/.test(oldPart) || /[=\\]/.test(newPart)) return undefined;
    if (touchesRootFindingWord(before.kept.text, 'old', start, oldEnd) || touchesRootFindingWord(text, 'new', start, newEnd)) return undefined;
    const inEdit = (offset: number): boolean => offset >= start && offset <= oldEnd;
    const shift = (offset: number): number => (offset > oldEnd ? offset + newEnd - oldEnd : offset);
    let valid = true;
    // Every place kept is outside the edit (a span may hold it: its end moves).
    const move = (offset: number): number => {
      if (inEdit(offset)) valid = false;
      return shift(offset);
    };
    const moveSpan = (span: Span): Span => {
      const moved = move(span.offset);
      return { offset: moved, length: move(span.offset + span.length) - moved };
    };
    const moveMisplaced = (finding: Finding): Finding => {
      const misplaced = finding.data!.misplaced!;
      return {
        ...finding,
        span: moveSpan(finding.span),
        data: { ...finding.data, misplaced: { ...misplaced, argument: moveSpan(misplaced.argument), value: moveSpan(misplaced.value), ...(misplaced.configOffset !== undefined ? { configOffset: move(misplaced.configOffset) } : {}) } },
      };
    };
    // What ends before the edit is kept as it is (the same objects): a notebook's edit moves only what follows it.
    const isBefore = (offset: number): boolean => offset < start;
    moved = {
      kept: keepText(text),
      roots: before.roots.map((root) => (isBefore(root.end) ? root : { start: move(root.start), end: move(root.end) })),
      contexts: before.contexts.map((entry) => {
        const [offset, context] = entry;
        if (isBefore(offset) && (!context.call || isBefore(context.call.end))) return entry;
        return [move(offset), context.call ? { ...context, call: { offset: move(context.call.offset), end: move(context.call.end) } } : context];
      }),
      misplaced: before.misplaced.map(moveMisplaced),
      resolvedSpans: new Map(),
    };
    if (!valid) return undefined;
    if (inside && !coverage) for (const [root, block] of reusedBlocks(before, start, oldEnd, newEnd, extractor, fleetSize)) reusable.set(root, block);
    // A resolution asked for from inside the edit, or of a span that starts or ends there, is asked again.
    for (const [key, span] of before.resolvedSpans) {
      const split = key.lastIndexOf('\0');
      const at = Number(key.slice(split + 1));
      if (inEdit(at) || (span && (inEdit(span.start) || inEdit(span.end)))) continue;
      if (isBefore(at) && (!span || isBefore(span.end))) {
        moved.resolvedSpans.set(key, span);
        continue;
      }
      moved.resolvedSpans.set(`${key.slice(0, split)}\0${shift(at)}`, span && { ...span, start: shift(span.start), end: shift(span.end) });
    }
    rootsFoundByTree.set(tree, moved);
  }
  // A tree with stale statements (the caller's deferred edits): roots and calls in them are not read from it.
  if (coverage && !moved.roots.every((root) => coverage.covers(root.start, root.end))) return undefined;
  for (const [offset, context] of moved.contexts) extractor.contexts.set(offset, context);
  // The same map: the conversions after add to it what they resolve anew.
  extractor.resolvedSpans = moved.resolvedSpans;
  // Copies: the caller owns the findings it is given.
  extractor.misplaced.push(...moved.misplaced.map((finding) => ({ ...finding })));
  rootsReused++;
  return { roots: moved.roots.map(({ start, end }) => rootAt(tree, start, end)), reusable };
}

/**
 * The blocks of `before` that an edit inside one root (old [start, oldEnd) -> new [start, newEnd),
 * the tree's shape kept, no `=` or backslash in either text) leaves as they were, by their root's
 * offset now. Such an edit adds or removes no statement, so every name resolves where it did; a
 * block is the same when the edit is outside every span its conversion read (not its root, not a
 * value its names resolved to), the names changed in place are the same (the text index reads them
 * from the raw text, strings too) and so is the file's fleet size; it is given out as it was when
 * none of those spans moves (all before the edit, or an edit that keeps the length), and moved as a
 * whole when all of them lie after the edit (a copy of its tree; its findings follow: check.ts).
 * Inference-component and HyperPod blocks are not reused: their fleet is read elsewhere in the file
 * (copy counts, instance groups).
 */
function reusedBlocks(before: RootsFound, start: number, oldEnd: number, newEnd: number, extractor: PythonExtractor, fleetNow: { count: number; span: Span } | undefined): [number, KeptBlock][] {
  const kept = before.blocks;
  if (!kept || kept.index !== extractor.index || kept.inPlaceNamesVersion !== extractor.index.inPlaceNamesVersion) return [];
  const delta = newEnd - oldEnd;
  const moveSpan = (span: Span): Span => (span.offset > oldEnd ? { offset: span.offset + delta, length: span.length } : span);
  const fleetBefore = kept.fleetSize && { count: kept.fleetSize.count, span: moveSpan(kept.fleetSize.span) };
  if (fleetBefore?.count !== fleetNow?.count || fleetBefore?.span.offset !== fleetNow?.span.offset || fleetBefore?.span.length !== fleetNow?.span.length) return [];
  const reused: [number, KeptBlock][] = [];
  before.roots.forEach((root, i) => {
    const entry = kept.entries[i];
    if (!entry || entry.block.family === 'inference-component' || entry.block.family === 'hyperpod-cluster') return;
    // Apart from the edit by a character at least (a word character next to one changes it too).
    const clear = entry.dependencies.every((span) => span.end < start - 1 || span.start > oldEnd + 1);
    if (!clear) return;
    // By where its root is now.
    if (delta === 0 || entry.dependencies.every((span) => span.end < start)) reused.push([root.start, entry]);
    // All after the edit (a keystroke above it): the same text, moved as one.
    else if (entry.dependencies.every((span) => span.start > oldEnd)) reused.push([root.start + delta, movedKeptBlock(entry, delta)]);
  });
  return reused;
}

function movedKeptBlock(entry: KeptBlock, by: number): KeptBlock {
  const from = entry.block.root;
  // Values its names resolved to are in it too, outside its own span: they moved as much.
  const root = movedRoot(from, by);
  return { block: { ...entry.block, root }, dependencies: entry.dependencies.map((span) => ({ start: span.start + by, end: span.end + by })) };
}
